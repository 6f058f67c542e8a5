/* wording.c — the words a screen and the report share for the same fact (kc_wording.h). */
#include "kc_wording.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "kc_entry.h"
#include "kc_schedule.h"

/* ---------- the vitals table ---------- */

const struct kc_vcol_def kc_vitals_cols[KC_VCOL_COUNT] = {
	[KC_VCOL_TIME] = { "Time", 0 },     [KC_VCOL_BP] = { "BP mmHg", 9 },
	[KC_VCOL_HR] = { "HR /min", 8 },    [KC_VCOL_SPO2] = { "SpO2 %", 7 },
	[KC_VCOL_RR] = { "RR /min", 8 },    [KC_VCOL_TEMP] = { "Temp C", 7 },
	[KC_VCOL_MOAAS] = { "MOAA/S", 7 },  [KC_VCOL_FLAGS] = { "Flags", 0 },
};

static void num(int v, char *out, size_t n)
{
	if (v == KC_NONE)
		snprintf(out, n, "-");
	else
		snprintf(out, n, "%d", v);
}

void kc_word_vitals_cell(const struct kc_vitals *v, enum kc_vcol c, char *out, size_t n)
{
	switch (c) {
	case KC_VCOL_BP:
		if (v->systolic == KC_NONE)
			snprintf(out, n, "-");
		else
			snprintf(out, n, "%d/%d", v->systolic, v->diastolic);
		break;
	case KC_VCOL_HR: num(v->heart_rate, out, n); break;
	case KC_VCOL_SPO2: num(v->spo2, out, n); break;
	case KC_VCOL_RR: num(v->resp_rate, out, n); break;
	case KC_VCOL_MOAAS: num(v->moaas, out, n); break;
	case KC_VCOL_TEMP:
		if (v->temp_dc == KC_NONE)
			snprintf(out, n, "-");
		else
			snprintf(out, n, "%d.%d", v->temp_dc / 10, v->temp_dc % 10);
		break;
	default:
		if (n)
			out[0] = '\0';
		break;
	}
}

static void cut_blanks(char *s)
{
	size_t len = strlen(s);

	while (len > 0 && s[len - 1] == ' ')
		s[--len] = '\0';
}

/* cells[i] each padded to its column; the time column time_w + 1 wide. */
static void line(int time_w, char cells[KC_VCOL_COUNT][64], char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < KC_VCOL_COUNT && len < n; i++) {
		int w = i == KC_VCOL_TIME ? time_w + 1 : kc_vitals_cols[i].width;

		len += (size_t)snprintf(out + len, n - len, "%-*s", w, cells[i]);
		if (len < n && w && (int)strlen(cells[i]) >= w) /* never two cells touching */
			len += (size_t)snprintf(out + len, n - len, " ");
	}
	cut_blanks(out);
}

void kc_word_vitals_head(int time_w, char *out, size_t n)
{
	char cells[KC_VCOL_COUNT][64];

	for (int i = 0; i < KC_VCOL_COUNT; i++)
		snprintf(cells[i], sizeof cells[i], "%s", kc_vitals_cols[i].head);
	line(time_w, cells, out, n);
}

void kc_word_vitals_row(int time_w, const char *time, const struct kc_vitals *v, const char *flags, char *out,
			size_t n)
{
	char cells[KC_VCOL_COUNT][64];

	for (int i = 0; i < KC_VCOL_COUNT; i++)
		kc_word_vitals_cell(v, (enum kc_vcol)i, cells[i], sizeof cells[i]);
	snprintf(cells[KC_VCOL_TIME], sizeof cells[0], "%s", time);
	snprintf(cells[KC_VCOL_FLAGS], sizeof cells[0], "%s", flags ? flags : "");
	line(time_w, cells, out, n);
}

/* ---------- overdue ---------- */

void kc_word_overdue(time_t due, time_t at, const struct kc_config *cfg, char *out, size_t n)
{
	int min = kc_schedule_overdue_min(due, at, cfg);

	if (min > 0)
		snprintf(out, n, "OVERDUE %d min", min);
	else if (n)
		out[0] = '\0';
}

/* ---------- answers ---------- */

const char *kc_word_time_state(int answered, time_t t)
{
	if (t)
		return NULL;
	return answered ? KC_WORD_NONE_GIVEN : KC_WORD_NOT_ENTERED;
}

/* ---------- C-SSRS ---------- */

void kc_word_cssrs(const struct kc_cssrs *c, int has, char *out, size_t n)
{
	static const char *const level[] = { "no risk identified", "low risk", "moderate risk", "high risk" };
	enum kc_risk risk;
	char yes[96] = "";
	size_t len = 0;

	if (!has || kc_cssrs_risk(c, &risk, NULL) != KC_OK) {
		snprintf(out, n, "not complete");
		return;
	}
	for (int q = 1; q <= 6; q++)
		if (c->q[q] == 1)
			len += (size_t)snprintf(yes + len, sizeof yes - len, "%sQ%d%s", len ? ", " : "", q,
						q != 6 ? "" : c->q6_recent == 1 ? " within the past 3 months"
						: " more than 3 months ago");
	if (risk == KC_RISK_NONE)
		snprintf(out, n, "%s (no to every question)", level[risk]);
	else
		snprintf(out, n, "%s (yes to %s%s)", level[risk], yes, risk == KC_RISK_LOW ? " only" : "");
}

/* ---------- confirmations ---------- */

static const struct {
	const char *item, *what;
} confirms[] = {
	{ "bp_confirm", "pre-dose BP above the confirm limit" },
	{ "fasting_confirm", "fasting shorter than the protocol" },
	{ "pretreat_confirm", "nasal pretreatment less than the protocol's time before the dose" },
	{ "suicide_confirm", "suicide-risk assessment (PHQ-9 item 9 or C-SSRS)" },
	{ "override", "OVERRIDE of the blocks" },
};

const char *kc_word_confirm_what(const char *item)
{
	for (size_t i = 0; i < sizeof confirms / sizeof confirms[0]; i++)
		if (strcmp(item, confirms[i].item) == 0)
			return confirms[i].what;
	return NULL;
}

const char *kc_word_confirm_lead(const char *item)
{
	return strcmp(item, "override") == 0 ? "Override" : "Confirmed";
}

void kc_word_confirm(const char *item, const char *value, const char *note, const char *by, const char *when,
		     char *out, size_t n)
{
	const char *what = kc_word_confirm_what(item);

	snprintf(out, n, "%s: %s - %s, %s", what ? what : item, note && note[0] ? note : value, by, when);
}

/* ---------- weight ---------- */

/* The typed text names another unit than kg (any letter other than in "kg"). */
static int typed_other_unit(const char *typed)
{
	int letters = 0, kg = 0;
	const char *p;

	for (p = typed; p && *p; p++)
		if (isalpha((unsigned char)*p))
			letters++;
	for (p = typed; p && *p; p++)
		if (tolower((unsigned char)p[0]) == 'k' && tolower((unsigned char)p[1]) == 'g')
			kg = 1;
	return letters > 0 && !(kg && letters == 2);
}

void kc_word_weight(double kg, const char *typed, char *out, size_t n)
{
	char t[48];
	size_t i = 0;

	for (const char *p = typed; p && *p && i + 1 < sizeof t; p++) /* trimmed, blanks squeezed */
		if (!isspace((unsigned char)*p) || (i && t[i - 1] != ' '))
			t[i++] = isspace((unsigned char)*p) ? ' ' : *p;
	while (i && t[i - 1] == ' ')
		i--;
	t[i] = '\0';
	if (typed_other_unit(t))
		snprintf(out, n, "%.1f kg (%s as typed)", kg, t);
	else
		snprintf(out, n, "%.1f kg", kg);
}

void kc_word_carried(unsigned mask, char *out, size_t n)
{
	char words[64];

	kc_carry_words(mask, words, sizeof words);
	if (!words[0]) {
		if (n)
			out[0] = '\0';
		return;
	}
	snprintf(out, n, "%s carried from the reading before, saved unchanged", words);
}
