/* screening_rows.c — what each section of the screening shows, row by row, from the stored
 * answers, and which confirmations the verdict still waits for. */
#include "scr_screening.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"
#include "kc_wording.h"
#include "ui_app.h"
#include "ui_draw.h"

/* PHQ-9 and GAD-7 (Kroenke 2001, Spitzer 2006): free to use, shown with attribution. */
static const char *const phq9_text[9] = {
	"Little interest or pleasure in doing things",
	"Feeling down, depressed, or hopeless",
	"Trouble falling or staying asleep, or sleeping too much",
	"Feeling tired or having little energy",
	"Poor appetite or overeating",
	"Feeling bad about yourself - or that you are a failure or have let yourself or your "
	"family down",
	"Trouble concentrating on things, such as reading the newspaper or watching television",
	"Moving or speaking so slowly that other people could have noticed? Or the opposite - "
	"being so fidgety or restless that you have been moving around a lot more than usual",
	"Thoughts that you would be better off dead or of hurting yourself in some way",
};
static const char *const gad7_text[7] = {
	"Feeling nervous, anxious or on edge",
	"Not being able to stop or control worrying",
	"Worrying too much about different things",
	"Trouble relaxing",
	"Being so restless that it is hard to sit still",
	"Becoming easily annoyed or irritable",
	"Feeling afraid as if something awful might happen",
};
static const char *const freq_short[4] = {
	"0 not at all", "1 several days", "2 over half the days", "3 nearly every day",
};
/* C-SSRS wording is licensed: numbers and a neutral topic word only. */
static const char *const cssrs_topic[7] = {
	"", "wish to be dead", "thoughts of killing self", "thought of method", "intent", "plan",
	"behaviour",
};

/* ---------- what still needs the clinician ---------- */

static int confirm_count(const struct kc_verdict *v)
{
	int n = 0;

	for (int i = 0; i < v->n; i++)
		n += v->r[i].level == KC_GATE_CONFIRM;
	return n;
}

/* Would setting this confirmation flag clear a CONFIRM reason? Asks the rules rather than
 * repeating them: the verdict with the flag set has fewer reasons to confirm. */
int scr_flag_needed(const struct scr *s, const struct kc_config *cfg, time_t now, size_t off)
{
	struct kc_screening *t = malloc(sizeof *t);
	struct kc_verdict *v = malloc(sizeof *v);
	int need = 0;

	if (t && v && !*(const int *)((const char *)&s->scr + off)) {
		*t = s->scr;
		*(int *)((char *)t + off) = 1;
		kc_screening_verdict(t, cfg, now, v);
		need = confirm_count(v) < confirm_count(&s->v);
	}
	free(t);
	free(v);
	return need;
}

const struct need scr_needs[] = {
	{ "suicide_confirm", "Suicide-risk assessment", "your assessment and plan (recorded in the chart)",
	  offsetof(struct kc_screening, suicide_risk_confirmed) },
	{ "fasting_confirm", "Proceed although fasting is short", "why it is safe (recorded in the chart)",
	  offsetof(struct kc_screening, fasting_confirmed) },
	{ "pretreat_confirm", "Proceed although the nasal pretreatment was recent",
	  "why it is safe (recorded in the chart)", offsetof(struct kc_screening, pretreat_confirmed) },
	{ "bp_confirm", "Proceed with baseline BP above the confirm limit",
	  "why it is safe (recorded in the chart)", offsetof(struct kc_screening, bp_confirmed) },
};
_Static_assert(sizeof scr_needs / sizeof scr_needs[0] == SCR_NNEEDS, "SCR_NNEEDS counts scr_needs");

int scr_applies(const struct scr *s, const struct kc_check_item *it)
{
	return (it->routes & (1u << s->scr.route)) != 0;
}

/* The first relative "yes" not yet confirmed, -1 if none. */
int scr_unconfirmed_relative(const struct scr *s)
{
	size_t n;
	const struct kc_check_item *items = kc_check_items(&n);

	for (size_t i = 0; i < n; i++)
		if (scr_applies(s, &items[i]) && items[i].cls == KC_ITEM_RELATIVE &&
		    s->scr.answers[i] == KC_ANS_YES && !s->scr.confirmed[i])
			return (int)i;
	return -1;
}

/* ---------- rows of each section ---------- */

int scr_section_rows(const struct scr *s, enum sec sec, int *ids)
{
	size_t n;
	const struct kc_check_item *items = kc_check_items(&n);
	int k = 0;

	switch (sec) {
	case SEC_CHECK:
		for (size_t i = 0; i < n; i++)
			if (scr_applies(s, &items[i]))
				ids[k++] = (int)i;
		break;
	case SEC_PHQ:
	case SEC_GAD:
		for (int i = 0; i < (sec == SEC_PHQ ? 9 : 7); i++)
			ids[k++] = i;
		break;
	case SEC_CSSRS:
		for (int q = 1; q <= 6; q++)
			if (q < 3 || q > 5 || s->scr.cssrs.q[2] == 1)
				ids[k++] = q;
		if (s->scr.cssrs.q[6] == 1)
			ids[k++] = CS_RECENT;
		ids[k++] = CS_ASSESS;
		break;
	case SEC_INFO:
		for (int r = IN_WEIGHT; r <= IN_MEDS; r++)
			if (r != IN_NASAL || s->scr.route == KC_ROUTE_ESKETAMINE)
				ids[k++] = r;
		break;
	default: /* the latest readings, if ever there were more than fit */
		for (size_t i = s->nbase > ROWS_MAX ? s->nbase - ROWS_MAX : 0; i < s->nbase; i++)
			ids[k++] = (int)i;
		if (!k)
			ids[k++] = -1; /* "no reading yet" */
		break;
	}
	return k;
}

/* An absolute "yes": overridden only by the override that names this very answer. */
static void check_override(const struct scr *s, int i, struct rowv *r)
{
	const struct kc_check_item *it = &kc_check_items(NULL)[i];
	const struct kc_answer_row *o;
	char key[48], hm[16];
	int covered = kc_override_covers(&s->scr, i);

	snprintf(key, sizeof key, "override.%s", it->key);
	o = scr_stored(s, key);
	snprintf(r->right, sizeof r->right, "YES %s", covered ? "overridden" : "BLOCKS");
	r->tone = covered ? UI_WARN : UI_CRIT;
	if (!o)
		return;
	kc_time_local_hm(o->at, hm, sizeof hm);
	if (covered)
		snprintf(r->detail, sizeof r->detail, "Overridden by %s %s: %.200s", o->by, hm, o->note);
	else
		snprintf(r->detail, sizeof r->detail, "The override by %s %s no longer applies: the answer "
			 "changed after it. Only a new override (o) allows dosing.", o->by, hm);
}

static void check_row(const struct scr *s, int i, struct rowv *r)
{
	const struct kc_check_item *it = &kc_check_items(NULL)[i];
	int abs = it->cls == KC_ITEM_ABSOLUTE;
	char key[48];

	snprintf(key, sizeof key, "confirm.%s", it->key);
	snprintf(r->left, sizeof r->left, "%s  %s", abs ? "abs" : "rel", it->label);
	snprintf(r->detail, sizeof r->detail, "%s. %s", it->label,
		 abs ? "Absolute: a yes blocks dosing (only a physician override lets it proceed)."
		     : "Relative: a yes needs a confirming note (a).");
	r->open = s->scr.answers[i] == KC_ANS_UNSET;
	if (s->scr.answers[i] != KC_ANS_YES) {
		snprintf(r->right, sizeof r->right, "%s", r->open ? "--" : kc_answer_name(s->scr.answers[i]));
	} else if (abs) {
		check_override(s, i, r);
	} else if (s->scr.confirmed[i]) {
		snprintf(r->right, sizeof r->right, "yes, noted");
		r->tone = UI_OK;
		snprintf(r->detail, sizeof r->detail, "Confirmed: %s", scr_note(s, key));
	} else {
		snprintf(r->right, sizeof r->right, "YES needs note (a)");
		r->tone = UI_WARN;
		r->open = 1;
	}
}

/* The clinic's wording of the item ([phq9] / [gad7] in labels_file) when it supplied some,
 * else the published English text. */
static void scale_row(const struct scr *s, const struct kc_labels *labels, enum sec sec, int i, struct rowv *r)
{
	const char *text = sec == SEC_PHQ ? kc_label(labels, KC_LABELS_PHQ9, i + 1, phq9_text[i])
					  : kc_label(labels, KC_LABELS_GAD7, i + 1, gad7_text[i]);
	int v = sec == SEC_PHQ ? s->scr.phq9[i] : s->scr.gad7[i];

	snprintf(r->left, sizeof r->left, "%d  %s", i + 1, text);
	snprintf(r->detail, sizeof r->detail, "%d. %s", i + 1, text);
	r->open = v < 0 || v > 3;
	snprintf(r->right, sizeof r->right, "%s", r->open ? "--" : freq_short[v]);
	if (sec == SEC_PHQ && i == 8 && v > 0)
		r->tone = UI_WARN;
}

static const char *yes_no_text(int v)
{
	return v == 1 ? "yes" : v == 0 ? "no" : "--";
}

static void cssrs_row(const struct scr *s, const struct kc_config *cfg, const struct kc_labels *labels, time_t now,
		      int id, struct rowv *r)
{
	const struct kc_cssrs *c = &s->scr.cssrs;

	if (id >= 1 && id <= 6) {
		/* the clinic's licensed wording (labels_file) when it supplied it, else the
		 * number with a neutral topic word */
		snprintf(r->left, sizeof r->left, "Q%d  %s", id, kc_label(labels, KC_LABELS_CSSRS, id, cssrs_topic[id]));
		snprintf(r->right, sizeof r->right, "%s", yes_no_text(c->q[id]));
		r->open = c->q[id] != 0 && c->q[id] != 1;
		r->tone = c->q[id] == 1 ? UI_WARN : UI_NORMAL;
		snprintf(r->detail, sizeof r->detail, "%s", id == 2 ? "Q3-Q5 are asked only when Q2 is yes."
			 : kc_label(labels, KC_LABELS_CSSRS, id, NULL) ? "Ask the question in the clinic's wording above "
			 "(labels_file)." : "Ask the question as worded on your C-SSRS card; the wording is licensed.");
	} else if (id == CS_RECENT) {
		snprintf(r->left, sizeof r->left, "Q6  within the past 3 months?");
		snprintf(r->right, sizeof r->right, "%s", yes_no_text(c->q6_recent));
		r->open = c->q6_recent != 0 && c->q6_recent != 1;
		r->tone = c->q6_recent == 1 ? UI_WARN : UI_NORMAL;
	} else {
		snprintf(r->left, sizeof r->left, "Clinician's suicide-risk assessment");
		if (s->scr.suicide_risk_confirmed) {
			snprintf(r->right, sizeof r->right, "noted");
			r->tone = UI_OK;
			snprintf(r->detail, sizeof r->detail, "Assessment: %s", scr_note(s, "suicide_confirm"));
		} else if (scr_flag_needed(s, cfg, now, scr_needs[0].off)) {
			snprintf(r->right, sizeof r->right, "NEEDED: Enter or a");
			r->tone = UI_WARN;
			r->open = 1;
		} else {
			snprintf(r->right, sizeof r->right, "not needed");
		}
	}
}

static void time_value(const struct scr *s, time_t now, time_t t, const char *item, char *out, size_t n)
{
	char hm[32], ago[16];

	if (!t) { /* the nasal pretreatment: none given (answered) or not entered, as the report says */
		snprintf(out, n, "%s", strcmp(item, "nasal_pretreat") ? "--" : kc_word_time_state(scr_stored(s, item) != NULL, t));
		return;
	}
	kc_time_entry_text(t, now, hm, sizeof hm); /* "yesterday 19:00": the day is never left out */
	kc_duration((long)(now - t), ago, sizeof ago);
	snprintf(out, n, "%s, %s ago", hm, ago);
}

static void info_row(const struct scr *s, time_t now, int id, struct rowv *r)
{
	static const char *const label[] = {
		"Weight", "Last solids (fasting)", "Last clear liquids (fasting)",
		"Nasal steroid/decongestant", "Escort (name, phone)", "Consent current",
		"Medication/health changes",
	};
	const struct kc_screening *c = &s->scr;

	snprintf(r->left, sizeof r->left, "%s", label[id]);
	snprintf(r->detail, sizeof r->detail, "Enter edits it.");
	switch (id) {
	case IN_WEIGHT:
		r->open = !(c->weight_kg > 0);
		if (!r->open) /* "86.2 kg (190 lb as typed)", as the report says */
			kc_word_weight(c->weight_kg, s->wt.kg == c->weight_kg ? s->wt.typed : "", r->right,
				       sizeof r->right);
		break;
	case IN_SOLIDS:
	case IN_LIQUIDS:
	case IN_NASAL: {
		static const char *const item[] = { "last_solids", "last_liquids", "nasal_pretreat" };
		time_t t = id == IN_SOLIDS ? c->last_solids
			 : id == IN_LIQUIDS ? c->last_liquids : c->nasal_pretreat;

		time_value(s, now, t, item[id - IN_SOLIDS], r->right, sizeof r->right);
		r->open = !t && id != IN_NASAL;
		if (id != IN_NASAL && c->fasting_confirmed)
			snprintf(r->detail, sizeof r->detail, "Short fasting confirmed: %s",
				 scr_note(s, "fasting_confirm"));
		break;
	}
	case IN_ESCORT:
		r->open = !c->escort_named;
		snprintf(r->right, sizeof r->right, "%s%s%s", scr_value(s, "escort_name"),
			 *scr_value(s, "escort_phone") ? ", " : "", scr_value(s, "escort_phone"));
		break;
	case IN_CONSENT:
		snprintf(r->right, sizeof r->right, "%s", *scr_value(s, "consent") ? scr_value(s, "consent") : "");
		r->open = !c->consent;
		r->tone = strcmp(scr_value(s, "consent"), "no") == 0 ? UI_WARN : UI_NORMAL;
		break;
	default:
		r->open = !c->med_changes_reviewed;
		snprintf(r->right, sizeof r->right, "%s", r->open ? "" : "reviewed");
		if (!r->open)
			snprintf(r->detail, sizeof r->detail, "Changes: %s", scr_note(s, "med_changes"));
		break;
	}
	if (!r->right[0])
		snprintf(r->right, sizeof r->right, "--");
}

int scr_needs_ack(const struct kc_vitals_row *r)
{
	return r->id && r->level == KC_LEVEL_CRITICAL && !r->acked && r->status == KC_VITALS_TAKEN &&
	       r->eie.code == KC_EIE_NONE;
}

/* The level of the reading's alerts other than its BP: the BP of a pre-dose reading is
 * judged by the pre-dose gate, as the verdict judges it. */
static enum kc_level other_level(const struct kc_vitals_row *b, const struct kc_config *cfg)
{
	struct kc_vitals v = b->v;
	struct kc_alert_list l;

	v.systolic = v.diastolic = KC_NONE;
	kc_vitals_alerts(&v, NULL, &cfg->alerts, &l);
	return l.worst;
}

/* The flags right after the time, where the row is never clipped: the pre-dose gate of the
 * BP ("BLOCKED", "CONFIRM"), then "CRIT" (with "ack" once acknowledged) or "WARN" of the
 * other values. The detail says why, and who acknowledged what, first, as it may take two
 * lines. */
static void vitals_flag(const struct kc_vitals_row *b, const struct kc_config *cfg, struct rowv *r, char *flag,
			size_t n)
{
	char hm[16], why[KC_REASON_TEXT] = "";
	enum kc_gate gate = kc_predose_bp_gate(b->v.systolic, b->v.diastolic, &cfg->screening, why, sizeof why);
	enum kc_level other = b->level == KC_LEVEL_CRITICAL ? KC_LEVEL_CRITICAL : other_level(b, cfg);
	const char *gword = gate == KC_GATE_BLOCK ? "BLOCKED" : gate == KC_GATE_CONFIRM ? "CONFIRM" : "";
	const char *word = other == KC_LEVEL_CRITICAL ? "CRIT" : other == KC_LEVEL_WARN ? "WARN" : "";
	char gate_text[KC_REASON_TEXT + 16] = "";
	int w;

	snprintf(flag, n, "%s%s%s%s%s", gword, *gword && *word ? " " : "", word,
		 *word && b->acked && other == KC_LEVEL_CRITICAL ? " ack" : "", *gword || *word ? "  " : "");
	r->tone = (b->level == KC_LEVEL_CRITICAL && !b->acked) || gate == KC_GATE_BLOCK ? UI_CRIT
		: *gword || *word ? UI_WARN : UI_NORMAL;
	r->open = scr_needs_ack(b);
	if (*gword)
		snprintf(gate_text, sizeof gate_text, "Pre-dose %s. ", why);
	if (!b->alerts[0] && !*gword)
		w = snprintf(r->detail, sizeof r->detail, "No alert on this reading.");
	else if (r->open)
		w = snprintf(r->detail, sizeof r->detail, "Enter or a acknowledges it. %s%.200s", gate_text, b->alerts);
	else if (b->acked) {
		kc_time_local_hm(b->ack_at, hm, sizeof hm);
		w = snprintf(r->detail, sizeof r->detail, "Acknowledged by %s %s: %.100s. %s%.80s", b->ack_by, hm,
			 b->ack_action, gate_text, b->alerts);
	} else {
		w = snprintf(r->detail, sizeof r->detail, "%s%.200s", gate_text, b->alerts);
	}
	if (w < 0) /* the detail is display text: a long one is cut, still a string */
		r->detail[0] = '\0';
}

/* "HR 72 /min", "HR -" when it was not taken (never "-1"). */
static const char *measure(const char *label, int v, const char *unit, char *out, size_t n)
{
	char num[12];

	kc_num_text(v, num, sizeof num);
	snprintf(out, n, "%s %s%s", label, num, v < 0 ? "" : unit);
	return out;
}

static void vitals_row(const struct scr *s, const struct kc_config *cfg, int i, struct rowv *r)
{
	const struct kc_vitals_row *b;
	char hm[16], t[24] = "", flag[32], bp[24] = "BP -", m[4][24];

	if (i < 0) {
		snprintf(r->left, sizeof r->left, "No baseline reading yet: v or Enter takes one.");
		r->open = 1;
		return;
	}
	b = &s->base[i];
	kc_time_local_hm(b->taken_at, hm, sizeof hm);
	if (b->status != KC_VITALS_TAKEN) {
		snprintf(r->left, sizeof r->left, "%s  %s: %s", hm, kc_vstatus_name(b->status), b->reason);
		return;
	}
	if (b->v.temp_dc != KC_NONE)
		snprintf(t, sizeof t, "  %d.%d C", b->v.temp_dc / 10, b->v.temp_dc % 10);
	if (b->v.systolic != KC_NONE)
		snprintf(bp, sizeof bp, "BP %d/%d mmHg", b->v.systolic, b->v.diastolic);
	vitals_flag(b, cfg, r, flag, sizeof flag);
	snprintf(r->left, sizeof r->left, "%s  %s%s  %s  %s  %s  %s%s%s", hm, flag, bp,
		 measure("HR", b->v.heart_rate, " /min", m[0], sizeof m[0]),
		 measure("SpO2", b->v.spo2, " %", m[1], sizeof m[1]),
		 measure("RR", b->v.resp_rate, " /min", m[2], sizeof m[2]),
		 measure("MOAA/S", b->v.moaas, "", m[3], sizeof m[3]), t, b->late ? "  LATE" : "");
}

void scr_row_view(const struct scr *s, const struct ui *ui, enum sec sec, int id, struct rowv *r)
{
	memset(r, 0, sizeof *r);
	switch (sec) {
	case SEC_CHECK: check_row(s, id, r); break;
	case SEC_PHQ: case SEC_GAD: scale_row(s, ui->app->labels, sec, id, r); break;
	case SEC_CSSRS: cssrs_row(s, ui->app->cfg, ui->app->labels, ui->now, id, r); break;
	case SEC_INFO: info_row(s, ui->now, id, r); break;
	default: vitals_row(s, ui->app->cfg, id, r); break;
	}
}

/* The id of the highlighted row of the current section (-2 when the section is empty). */
int scr_current_id(struct scr *s)
{
	int ids[ROWS_MAX], n = scr_section_rows(s, s->sec, ids);
	struct ui_list *l = &s->list[s->sec];

	ui_list_set(l, n);
	return l->sel >= 0 ? ids[l->sel] : -2;
}

/* Put the cursor of sec on the first open row (0 if none). */
void scr_first_open(struct ui *ui, struct scr *s, enum sec sec)
{
	int ids[ROWS_MAX], n = scr_section_rows(s, sec, ids);
	struct rowv r;

	ui_list_set(&s->list[sec], n);
	for (int i = 0; i < n; i++) {
		scr_row_view(s, ui, sec, ids[i], &r);
		if (r.open) {
			s->list[sec].sel = i;
			return;
		}
	}
	s->list[sec].sel = 0;
}

/* The cursor of the current section on row id (where it was if no row has that id). */
void scr_select(struct scr *s, int id)
{
	int ids[ROWS_MAX], n = scr_section_rows(s, s->sec, ids);
	struct ui_list *l = &s->list[s->sec];

	ui_list_set(l, n);
	for (int i = 0; i < n; i++)
		if (ids[i] == id)
			l->sel = i;
	ui_list_scroll(l, s->list_h);
}

/* After an answer to row id: the cursor goes to the row after it (rows may have changed). */
void scr_advance(struct scr *s, int id)
{
	int ids[ROWS_MAX], n = scr_section_rows(s, s->sec, ids);
	struct ui_list *l = &s->list[s->sec];

	ui_list_set(l, n);
	for (int i = 0; i < n; i++)
		if (ids[i] == id)
			l->sel = i + 1 < n ? i + 1 : i;
	ui_list_scroll(l, s->list_h);
}
