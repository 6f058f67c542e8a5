/* wording.c — the words a screen and the report share for the same fact (kc_wording.h). */
#include "kc_wording.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "kc_entry.h"
#include "kc_error.h"
#include "kc_schedule.h"

/* ---------- the vitals table ---------- */

const struct kc_vcol_def kc_vitals_cols[KC_VCOL_COUNT] = {
	[KC_VCOL_TIME] = { "Time", 0 },     [KC_VCOL_BP] = { "BP mmHg", 9 },
	[KC_VCOL_HR] = { "HR /min", 8 },    [KC_VCOL_SPO2] = { "SpO2 %", 7 },
	[KC_VCOL_RR] = { "RR /min", 8 },    [KC_VCOL_TEMP] = { "Temp C", 7 },
	[KC_VCOL_MOAAS] = { "MOAA/S", 7 },  [KC_VCOL_FLAGS] = { "Flags", 0 },
};

/* The cells and lines below are written without printf, each byte as "%d", "%-*s" and
 * snprintf's truncation would write it: the report writes one line for every reading
 * (issue 10: a chain of sixteen snprintf calls a row was a tenth of the CPU of a report
 * of 300 readings). */


/* The first n - 1 bytes of text (len of them), as snprintf(out, n, "%s", text) keeps. */
static void put_cut(const char *text, size_t len, char *out, size_t n)
{
	if (!n)
		return;
	if (len > n - 1)
		len = n - 1;
	memcpy(out, text, len);
	out[len] = '\0';
}

void kc_word_vitals_cell(const struct kc_vitals *v, enum kc_vcol c, char *out, size_t n)
{
	char buf[32];
	size_t len = 0;
	int one = KC_NONE;

	switch (c) {
	case KC_VCOL_BP:
		if (v->systolic != KC_NONE) {
			len = kc_int_text(v->systolic, buf);
			buf[len++] = '/';
			len += kc_int_text(v->diastolic, buf + len);
		}
		break;
	case KC_VCOL_HR: one = v->heart_rate; break;
	case KC_VCOL_SPO2: one = v->spo2; break;
	case KC_VCOL_RR: one = v->resp_rate; break;
	case KC_VCOL_MOAAS: one = v->moaas; break;
	case KC_VCOL_TEMP:
		if (v->temp_dc != KC_NONE) { /* "%d.%d" of temp_dc / 10 and temp_dc % 10 */
			len = kc_int_text(v->temp_dc / 10, buf);
			buf[len++] = '.';
			len += kc_int_text(v->temp_dc % 10, buf + len);
		}
		break;
	default:
		put_cut("", 0, out, n);
		return;
	}
	if (one != KC_NONE)
		len = kc_int_text(one, buf);
	if (!len) /* the measure not taken */
		buf[len++] = '-';
	put_cut(buf, len, out, n);
}

static void cut_blanks(char *s)
{
	size_t len = strlen(s);

	while (len > 0 && s[len - 1] == ' ')
		s[--len] = '\0';
}

/* cells[i] each padded to its column ("%-*s"); the time column time_w + 1 wide. */
static void line(int time_w, char cells[KC_VCOL_COUNT][64], char *out, size_t n)
{
	char full[KC_VCOL_COUNT * 64 + 512];
	size_t len = 0;

	for (int i = 0; i < KC_VCOL_COUNT; i++) {
		int w = i == KC_VCOL_TIME ? time_w + 1 : kc_vitals_cols[i].width;
		size_t cl = strlen(cells[i]), pad = w < 0 ? (size_t)-(long)w : (size_t)w;

		if (pad > 256) /* wider than any table: the padding is never all shown */
			pad = 256;
		memcpy(full + len, cells[i], cl);
		len += cl;
		if (pad > cl) {
			memset(full + len, ' ', pad - cl);
			len += pad - cl;
		}
		if (w && (int)cl >= w) /* never two cells touching */
			full[len++] = ' ';
	}
	put_cut(full, len, out, n);
	if (n)
		cut_blanks(out);
}

void kc_word_vitals_head(int time_w, char *out, size_t n)
{
	char cells[KC_VCOL_COUNT][64];

	for (int i = 0; i < KC_VCOL_COUNT; i++)
		put_cut(kc_vitals_cols[i].head, strlen(kc_vitals_cols[i].head), cells[i], sizeof cells[i]);
	line(time_w, cells, out, n);
}

void kc_word_vitals_row(int time_w, const char *time, const struct kc_vitals *v, const char *flags, char *out,
			size_t n)
{
	char cells[KC_VCOL_COUNT][64];

	for (int i = 0; i < KC_VCOL_COUNT; i++)
		kc_word_vitals_cell(v, (enum kc_vcol)i, cells[i], sizeof cells[i]);
	put_cut(time, strlen(time), cells[KC_VCOL_TIME], sizeof cells[0]);
	flags = flags ? flags : "";
	put_cut(flags, strlen(flags), cells[KC_VCOL_FLAGS], sizeof cells[0]);
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
