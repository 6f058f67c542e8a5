/* scr_screening.c — the pre-session screening: contraindication checklist, PHQ-9, GAD-7,
 * C-SSRS screener, session items (weight, fasting, escort, consent, medication changes)
 * and baseline vitals, with the verdict always visible at the bottom. Every answer is
 * stored the moment it is given (kc_screen_set, append-only) and the screen redraws from
 * what was stored, so a resumed session shows exactly what the chart holds. */
#include "ui.h"
#include "ui_vitals.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"

/* The vitals form lives in another file; until it is linked the key says so. */
#pragma weak ui_vitals_form_open

#define REASON_LINES 5 /* verdict reasons shown at once; r pages through the rest */
#define RELOAD_S 3     /* re-read the database (another clinician may chart) */
#define ROWS_MAX 40
#define TEXT_MAX 320

enum sec { SEC_CHECK = 0, SEC_PHQ, SEC_GAD, SEC_CSSRS, SEC_INFO, SEC_VITALS, SEC_COUNT };

/* The section keys are numbered like enum sec: A_CHECK + sec. */
enum {
	A_CHECK = ACT_SCREEN, A_PHQ, A_GAD, A_CSSRS, A_INFO, A_VITALS,
	A_YES, A_NO, A_NA, A_S0, A_S1, A_S2, A_S3,
	A_CONFIRM, A_OVERRIDE, A_DOSING, A_REASONS, A_CHART
};

static const struct ui_action scr_actions[] = {
	{ A_CONFIRM, 'a', 0, "a", "confirm",
	  "confirm the next item that needs it (relative contraindication, suicide risk, short "
	  "fasting, recent nasal pretreatment, high BP) with a note" },
	{ A_DOSING, 'd', 0, "d", "dosing",
	  "go to dosing (the session screen plans the dose) once the verdict is PASS" },
	{ A_VITALS, 'v', 0, "v", "vitals", "take a baseline (pre-dose) vitals reading" },
	{ A_OVERRIDE, 'o', 0, "o", "override",
	  "physician override of a BLOCKED screening with a written reason (recorded permanently)" },
	{ ACT_ENTER, '\n', 0, "Enter", "edit", "edit, answer or confirm the highlighted item" },
	{ A_YES, 'y', 0, "y", NULL, "answer yes (checklist, C-SSRS); the cursor moves to the next item" },
	{ A_NO, 'n', 0, "n", NULL, "answer no (checklist, C-SSRS); the cursor moves to the next item" },
	{ A_NA, 'x', 0, "x", NULL, "checklist: does not apply (n/a)" },
	{ A_S0, '0', 0, "0-3", NULL,
	  "answer a PHQ-9 / GAD-7 item: 0 not at all .. 3 nearly every day. PHQ-9/GAD-7 © Pfizer, free to use" },
	{ A_S1, '1', 0, "1", NULL, NULL },
	{ A_S2, '2', 0, "2", NULL, NULL },
	{ A_S3, '3', 0, "3", NULL, NULL },
	{ A_CHECK, 'k', 0, "k", NULL, "section: contraindication checklist" },
	{ A_PHQ, 'p', 0, "p", NULL, "section: PHQ-9 (depression)" },
	{ A_GAD, 'g', 0, "g", NULL, "section: GAD-7 (anxiety)" },
	{ A_CSSRS, 's', 0, "s", NULL, "section: suicide screen (C-SSRS screener Q1-Q6, assessment)" },
	{ A_INFO, 'i', 0, "i", NULL, "section: session info (weight, fasting, escort, consent, medication)" },
	{ A_REASONS, 'r', 0, "r", NULL, "show the next verdict reasons when they do not all fit" },
	{ A_CHART, 'c', 0, "c", NULL, "chart view of this session" },
	{ 0 },
};

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

/* C-SSRS rows: 1..6 the questions, then these. */
enum { CS_RECENT = 7, CS_ASSESS = 8 };
/* Session info rows. */
enum { IN_WEIGHT = 0, IN_SOLIDS, IN_LIQUIDS, IN_NASAL, IN_ESCORT, IN_CONSENT, IN_MEDS };

/* Which form is open; the session-info forms are FK_WEIGHT and after. */
enum fkind { FK_CONFIRM = 1, FK_OVERRIDE, FK_WEIGHT, FK_TIME, FK_ESCORT, FK_CONSENT, FK_MEDS };

struct scr {
	struct ui_ref ref;
	struct kc_session sess;
	struct kc_patient pat;
	struct kc_screening scr;
	struct kc_verdict v;
	int order[KC_REASON_MAX];     /* the reasons, most serious first */
	struct kc_answer_row *ans;
	size_t nans;
	struct kc_vitals_row *base;   /* valid baseline readings, oldest first */
	size_t nbase;
	enum sec sec;
	struct ui_list list[SEC_COUNT];
	int list_h;                   /* list rows visible, from the last draw */
	int rtop;                     /* first reason shown */
	int rshown;                   /* reasons shown, from the last draw */
	time_t loaded;                /* real time of the last reload */
	time_t minute;                /* the clock minute the rows were drawn for ("7h 00m ago") */
	/* the one form open at a time */
	enum fkind fkind;
	char fitem[48];               /* the answer key the form stores */
	char ftitle[160];
	char finit[3][KC_NOTE_MAX];
	char fhint[3][96];
	struct uif_field ff[3];
	struct uif_def fdef;
	struct ui_vitals_ctx vctx;
};

/* One row as shown. */
struct rowv {
	char left[TEXT_MAX];
	char right[160];
	enum ui_tone tone;
	char detail[TEXT_MAX];        /* under the list: full wording, notes */
	int open;                     /* unanswered or waiting for the clinician */
};

/* ---------- stored answers ---------- */

static const struct kc_answer_row *stored(const struct scr *s, const char *item)
{
	for (size_t i = 0; i < s->nans; i++)
		if (strcmp(s->ans[i].item, item) == 0)
			return &s->ans[i];
	return NULL;
}

static const char *value_of(const struct scr *s, const char *item)
{
	const struct kc_answer_row *a = stored(s, item);

	return a ? a->value : "";
}

static const char *note_of(const struct scr *s, const char *item)
{
	const struct kc_answer_row *a = stored(s, item);

	return a ? a->note : "";
}

static int reason_rank(enum kc_gate g)
{
	static const int rank[] = { [KC_GATE_BLOCK] = 0, [KC_GATE_CONFIRM] = 1,
				    [KC_GATE_INCOMPLETE] = 2, [KC_GATE_PASS] = 3 };

	return (unsigned)g <= KC_GATE_BLOCK ? rank[g] : 3;
}

/* The verdict for dosing now, reasons ordered most serious first (stable). */
static void judge(struct scr *s, const struct kc_config *cfg, time_t now)
{
	int k = 0;

	kc_screening_verdict(&s->scr, cfg, now, &s->v);
	for (int rank = 0; rank <= 3; rank++)
		for (int i = 0; i < s->v.n; i++)
			if (reason_rank(s->v.r[i].level) == rank)
				s->order[k++] = i;
	if (s->rtop >= s->v.n)
		s->rtop = 0;
}

static int load_baseline(struct ui *ui, struct scr *s, struct kc_err *err)
{
	struct kc_vitals_row *rows = NULL;
	size_t n = 0, k = 0;
	int rc = kc_vitals_list(ui->app->store, s->ref.session, &rows, &n, err);

	if (rc != KC_OK)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (rows[i].baseline && rows[i].eie.code == KC_EIE_NONE)
			rows[k++] = rows[i];
	free(s->base);
	s->base = rows;
	s->nbase = k;
	return KC_OK;
}

static int load(struct ui *ui, struct scr *s, struct kc_err *err)
{
	struct kc_store *st = ui->app->store;
	int rc = kc_session_get(st, s->ref.session, &s->sess, err);

	if (rc == KC_OK)
		rc = kc_screen_load(st, s->ref.session, &s->scr, err);
	if (rc == KC_OK) {
		free(s->ans);
		rc = kc_screen_list(st, s->ref.session, &s->ans, &s->nans, err);
	}
	if (rc == KC_OK)
		rc = load_baseline(ui, s, err);
	if (rc == KC_OK)
		judge(s, ui->app->cfg, ui->now);
	s->loaded = time(NULL);
	return rc;
}

/* After the clinician's own entry: the reasons start again from the most serious. */
static void reload(struct ui *ui, struct scr *s)
{
	struct kc_err err;

	s->rtop = 0;
	kc_err_clear(&err);
	if (load(ui, s, &err) != KC_OK)
		ui_error(ui, &err);
	ui_mark(ui, UI_BODY);
}

/* Store one answer; the screen reloads afterwards. */
static int put(struct ui *ui, struct scr *s, const char *item, const char *value, const char *note)
{
	struct kc_err err;

	kc_err_clear(&err);
	if (kc_screen_set(ui->app->store, s->ref.session, item, value, note, ui->now, &err) != KC_OK) {
		ui_error(ui, &err);
		return err.status;
	}
	return KC_OK;
}

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
static int flag_needed(const struct scr *s, const struct kc_config *cfg, time_t now, size_t off)
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

struct need {
	const char *item;  /* the answer key */
	const char *title; /* the form's title */
	const char *hint;
	size_t off;        /* its flag in struct kc_screening */
};

static const struct need needs[] = {
	{ "suicide_confirm", "Suicide-risk assessment", "your assessment and plan (recorded in the chart)",
	  offsetof(struct kc_screening, suicide_risk_confirmed) },
	{ "fasting_confirm", "Proceed although fasting is short", "why it is safe (recorded in the chart)",
	  offsetof(struct kc_screening, fasting_confirmed) },
	{ "pretreat_confirm", "Proceed although the nasal pretreatment was recent",
	  "why it is safe (recorded in the chart)", offsetof(struct kc_screening, pretreat_confirmed) },
	{ "bp_confirm", "Proceed with baseline BP above the confirm limit",
	  "why it is safe (recorded in the chart)", offsetof(struct kc_screening, bp_confirmed) },
};
#define NNEEDS (sizeof needs / sizeof needs[0])

static int applies(const struct scr *s, const struct kc_check_item *it)
{
	return (it->routes & (1u << s->scr.route)) != 0;
}

/* The first relative "yes" not yet confirmed, -1 if none. */
static int unconfirmed_relative(const struct scr *s)
{
	size_t n;
	const struct kc_check_item *items = kc_check_items(&n);

	for (size_t i = 0; i < n; i++)
		if (applies(s, &items[i]) && items[i].cls == KC_ITEM_RELATIVE &&
		    s->scr.answers[i] == KC_ANS_YES && !s->scr.confirmed[i])
			return (int)i;
	return -1;
}

/* ---------- rows of each section ---------- */

static int section_rows(const struct scr *s, enum sec sec, int *ids)
{
	size_t n;
	const struct kc_check_item *items = kc_check_items(&n);
	int k = 0;

	switch (sec) {
	case SEC_CHECK:
		for (size_t i = 0; i < n; i++)
			if (applies(s, &items[i]))
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
		snprintf(r->right, sizeof r->right, "YES %s", s->scr.override_block ? "overridden" : "BLOCKS");
		r->tone = s->scr.override_block ? UI_WARN : UI_CRIT;
	} else if (s->scr.confirmed[i]) {
		snprintf(r->right, sizeof r->right, "yes, noted");
		r->tone = UI_OK;
		snprintf(r->detail, sizeof r->detail, "Confirmed: %s", note_of(s, key));
	} else {
		snprintf(r->right, sizeof r->right, "YES needs note (a)");
		r->tone = UI_WARN;
		r->open = 1;
	}
}

static void scale_row(const struct scr *s, enum sec sec, int i, struct rowv *r)
{
	const char *text = sec == SEC_PHQ ? phq9_text[i] : gad7_text[i];
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

static void cssrs_row(const struct scr *s, const struct kc_config *cfg, time_t now, int id, struct rowv *r)
{
	const struct kc_cssrs *c = &s->scr.cssrs;

	if (id >= 1 && id <= 6) {
		snprintf(r->left, sizeof r->left, "Q%d  %s", id, cssrs_topic[id]);
		snprintf(r->right, sizeof r->right, "%s", yes_no_text(c->q[id]));
		r->open = c->q[id] != 0 && c->q[id] != 1;
		r->tone = c->q[id] == 1 ? UI_WARN : UI_NORMAL;
		snprintf(r->detail, sizeof r->detail, "%s", id == 2 ? "Q3-Q5 are asked only when Q2 is yes."
			 : "Ask the question as worded on your C-SSRS card; the wording is licensed.");
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
			snprintf(r->detail, sizeof r->detail, "Assessment: %s", note_of(s, "suicide_confirm"));
		} else if (flag_needed(s, cfg, now, needs[0].off)) {
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
	char hm[16], ago[16];

	if (!t) {
		snprintf(out, n, "%s", *value_of(s, item) ? "--" : strcmp(item, "nasal_pretreat") ? "--" : "none");
		return;
	}
	kc_time_local_hm(t, hm, sizeof hm);
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
		if (!r->open)
			snprintf(r->right, sizeof r->right, "%.1f kg", c->weight_kg);
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
				 note_of(s, "fasting_confirm"));
		break;
	}
	case IN_ESCORT:
		r->open = !c->escort_named;
		snprintf(r->right, sizeof r->right, "%s%s%s", value_of(s, "escort_name"),
			 *value_of(s, "escort_phone") ? ", " : "", value_of(s, "escort_phone"));
		break;
	case IN_CONSENT:
		snprintf(r->right, sizeof r->right, "%s", *value_of(s, "consent") ? value_of(s, "consent") : "");
		r->open = !c->consent;
		r->tone = strcmp(value_of(s, "consent"), "no") == 0 ? UI_WARN : UI_NORMAL;
		break;
	default:
		r->open = !c->med_changes_reviewed;
		snprintf(r->right, sizeof r->right, "%s", r->open ? "" : "reviewed");
		if (!r->open)
			snprintf(r->detail, sizeof r->detail, "Changes: %s", note_of(s, "med_changes"));
		break;
	}
	if (!r->right[0])
		snprintf(r->right, sizeof r->right, "--");
}

static void vitals_row(const struct scr *s, int i, struct rowv *r)
{
	const struct kc_vitals_row *b;
	char hm[16], t[24] = "";

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
	snprintf(r->left, sizeof r->left, "%s  BP %d/%d mmHg  HR %d /min  SpO2 %d %%  RR %d /min  MOAA/S %d%s%s",
		 hm, b->v.systolic, b->v.diastolic, b->v.heart_rate, b->v.spo2, b->v.resp_rate, b->v.moaas, t,
		 b->late ? "  LATE" : "");
	snprintf(r->detail, sizeof r->detail, "%s", b->alerts[0] ? b->alerts : "No alert on this reading.");
	r->tone = b->level == KC_LEVEL_CRITICAL ? UI_CRIT : b->level == KC_LEVEL_WARN ? UI_WARN : UI_NORMAL;
}

static void row_view(const struct scr *s, const struct ui *ui, enum sec sec, int id, struct rowv *r)
{
	memset(r, 0, sizeof *r);
	switch (sec) {
	case SEC_CHECK: check_row(s, id, r); break;
	case SEC_PHQ: case SEC_GAD: scale_row(s, sec, id, r); break;
	case SEC_CSSRS: cssrs_row(s, ui->app->cfg, ui->now, id, r); break;
	case SEC_INFO: info_row(s, ui->now, id, r); break;
	default: vitals_row(s, id, r); break;
	}
}

/* The id of the highlighted row of the current section (-2 when the section is empty). */
static int current_id(struct scr *s)
{
	int ids[ROWS_MAX], n = section_rows(s, s->sec, ids);
	struct ui_list *l = &s->list[s->sec];

	ui_list_set(l, n);
	return l->sel >= 0 ? ids[l->sel] : -2;
}

/* Put the cursor of sec on the first open row (0 if none). */
static void first_open(struct ui *ui, struct scr *s, enum sec sec)
{
	int ids[ROWS_MAX], n = section_rows(s, sec, ids);
	struct rowv r;

	ui_list_set(&s->list[sec], n);
	for (int i = 0; i < n; i++) {
		row_view(s, ui, sec, ids[i], &r);
		if (r.open) {
			s->list[sec].sel = i;
			return;
		}
	}
	s->list[sec].sel = 0;
}

/* After an answer to row id: the cursor goes to the row after it (rows may have changed). */
static void advance(struct scr *s, int id)
{
	int ids[ROWS_MAX], n = section_rows(s, s->sec, ids);
	struct ui_list *l = &s->list[s->sec];

	ui_list_set(l, n);
	for (int i = 0; i < n; i++)
		if (ids[i] == id)
			l->sel = i + 1 < n ? i + 1 : i;
	ui_list_scroll(l, s->list_h);
}

/* ---------- forms ---------- */

static int form_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err);

static struct uif_field *form_field(struct scr *s, size_t i, const char *label, int width, int max,
				    const char *init, const char *hint)
{
	struct uif_field *fl = &s->ff[i];

	kc_strlcpy(s->finit[i], init ? init : "", sizeof s->finit[i]);
	kc_strlcpy(s->fhint[i], hint ? hint : "", sizeof s->fhint[i]);
	*fl = (struct uif_field){ .label = label, .width = width, .max = max, .init = s->finit[i],
				  .hint = s->fhint[i] };
	return fl;
}

static void form_begin(struct ui *ui, struct scr *s, enum fkind kind, const char *item, const char *title,
		       size_t n)
{
	s->fkind = kind;
	kc_strlcpy(s->fitem, item ? item : "", sizeof s->fitem);
	kc_strlcpy(s->ftitle, title, sizeof s->ftitle);
	s->fdef = (struct uif_def){ .title = s->ftitle, .fields = s->ff, .n = n, .row = 3,
				    .submit = form_submit };
	ui_form_open(ui, &s->fdef, s);
}

static void confirm_open(struct ui *ui, struct scr *s, const char *item, const char *title, const char *hint)
{
	form_field(s, 0, "Note", 50, KC_NOTE_MAX - 1, note_of(s, item), hint);
	form_begin(ui, s, FK_CONFIRM, item, title, 1);
}

static void confirm_check_item(struct ui *ui, struct scr *s, int i)
{
	const struct kc_check_item *it = &kc_check_items(NULL)[i];
	char key[48], title[160];

	snprintf(key, sizeof key, "confirm.%s", it->key);
	snprintf(title, sizeof title, "Confirm: %s", it->label);
	confirm_open(ui, s, key, title, "why it is safe to proceed (recorded in the chart)");
}

static void confirm_next(struct ui *ui, struct scr *s)
{
	int i = unconfirmed_relative(s);

	if (i >= 0) {
		confirm_check_item(ui, s, i);
		return;
	}
	for (size_t k = 0; k < NNEEDS; k++)
		if (flag_needed(s, ui->app->cfg, ui->now, needs[k].off)) {
			confirm_open(ui, s, needs[k].item, needs[k].title, needs[k].hint);
			return;
		}
	if (s->v.gate == KC_GATE_BLOCK)
		ui_msg(ui, UI_WARN, "Nothing to confirm; BLOCKED items need a physician override (o).");
	else
		ui_msg(ui, UI_NORMAL, "Nothing needs confirming.");
}

static int any_block(const struct scr *s, const struct kc_config *cfg, time_t now)
{
	struct kc_screening *t = malloc(sizeof *t);
	struct kc_verdict *v = malloc(sizeof *v);
	int block = 0;

	if (t && v) {
		*t = s->scr;
		t->override_block = 0;
		kc_screening_verdict(t, cfg, now, v);
		block = v->gate == KC_GATE_BLOCK;
	}
	free(t);
	free(v);
	return block;
}

static void override_open(struct ui *ui, struct scr *s)
{
	if (!any_block(s, ui->app->cfg, ui->now)) {
		ui_msg(ui, UI_NORMAL, "Nothing is blocked: an override is only for a BLOCKED screening.");
		return;
	}
	form_field(s, 0, "Physician", 30, 60, "", "the physician who decides to proceed");
	form_field(s, 1, "Reason", 50, 180, "", "why it is safe despite the block (permanent record)");
	form_begin(ui, s, FK_OVERRIDE, "override", "Physician override (recorded permanently)", 2);
	/* CRIT stays on the status line while the reason is typed. */
	ui_msg(ui, UI_CRIT, "WARNING: the override and its reason are recorded permanently in the chart.");
}

static const char *const consent_choices[] = { "choose: y or n", "yes", "no", NULL };

static void time_open(struct ui *ui, struct scr *s, const char *item, const char *label)
{
	char hm[16] = "";
	const char *v = value_of(s, item);
	char title[96];

	if (*v)
		kc_time_local_hm((time_t)strtoll(v, NULL, 10), hm, sizeof hm);
	form_field(s, 0, "Time (HH:MM)", 5, 5, hm, strcmp(item, "nasal_pretreat") == 0
		   ? "clock time, e.g. 07:45; empty = none given" : "clock time, e.g. 23:30 (yesterday) or 06:15");
	s->ff[0].type = UIF_NUMBER;
	s->ff[0].accept = "0123456789:";
	snprintf(title, sizeof title, "%s", label);
	form_begin(ui, s, FK_TIME, item, title, 1);
}

static void info_open(struct ui *ui, struct scr *s, int id)
{
	char kg[16] = "";

	switch (id) {
	case IN_WEIGHT:
		if (s->scr.weight_kg > 0)
			snprintf(kg, sizeof kg, "%.1f", s->scr.weight_kg);
		form_field(s, 0, "Weight", 12, 16, kg, "kg, or lb: e.g. 82.5 or 176 lb");
		form_begin(ui, s, FK_WEIGHT, NULL, "Weight today", 1);
		break;
	case IN_SOLIDS: time_open(ui, s, "last_solids", "Last solid food"); break;
	case IN_LIQUIDS: time_open(ui, s, "last_liquids", "Last clear liquids"); break;
	case IN_NASAL: time_open(ui, s, "nasal_pretreat", "Nasal steroid/decongestant given at"); break;
	case IN_ESCORT:
		form_field(s, 0, "Escort name", 30, 63, value_of(s, "escort_name"), "who takes the patient home");
		form_field(s, 1, "Escort phone", 20, 40, value_of(s, "escort_phone"),
			   "a number that reaches them today");
		form_begin(ui, s, FK_ESCORT, NULL, "Escort", 2);
		break;
	case IN_CONSENT:
		form_field(s, 0, "Consent current", 0, 0, NULL, "y yes, n no (signed and up to date)");
		s->ff[0].type = UIF_CHOICE;
		s->ff[0].choices = consent_choices;
		s->ff[0].init = *value_of(s, "consent") ? value_of(s, "consent") : consent_choices[0];
		form_begin(ui, s, FK_CONSENT, "consent", "Consent", 1);
		break;
	default:
		form_field(s, 0, "Changes", 50, KC_NOTE_MAX - 1, note_of(s, "med_changes"),
			   "medication or health changes since the last session, or: none");
		form_begin(ui, s, FK_MEDS, "med_changes", "Medication and health changes reviewed", 1);
		break;
	}
}

static int need_text(const char *t, const char *what, struct kc_err *err)
{
	return *t ? KC_OK : kc_fail(err, KC_ERR_INVALID, "type %s: it is required", what);
}

/* Store item = value with note unless it is already the current answer. */
static int store_if_changed(struct ui *ui, struct scr *s, const char *item, const char *value, const char *note,
			    struct kc_err *err)
{
	const struct kc_answer_row *a = stored(s, item);

	if (a && strcmp(a->value, value) == 0 && strcmp(a->note, note) == 0)
		return KC_OK;
	return kc_screen_set(ui->app->store, s->ref.session, item, value, note, ui->now, err);
}

static int submit_time(struct ui *ui, struct scr *s, const char *txt, struct kc_err *err)
{
	char buf[24], now[16], hm[16];
	time_t t;

	if (!*txt && strcmp(s->fitem, "nasal_pretreat") == 0)
		return store_if_changed(ui, s, s->fitem, "", "", err);
	if (need_text(txt, "the time as HH:MM, e.g. 06:30", err) != KC_OK ||
	    kc_time_parse_hm(txt, ui->now, &t, err) != KC_OK)
		return err->status;
	if (t > ui->now) {
		kc_time_local_hm(ui->now, now, sizeof now);
		kc_time_local_hm(t, hm, sizeof hm);
		return kc_fail(err, KC_ERR_INVALID, "%s is later than now (%s): type a time that has passed",
			       hm, now);
	}
	snprintf(buf, sizeof buf, "%lld", (long long)t);
	return store_if_changed(ui, s, s->fitem, buf, "", err);
}

static int submit_weight(struct ui *ui, struct scr *s, const char *txt, struct kc_err *err)
{
	double kg;

	if (kc_parse_weight(txt, &ui->app->cfg->limits, &kg, err) != KC_OK ||
	    kc_weight_add(ui->app->store, s->sess.patient_id, s->ref.session, kg, ui->now, ui->now, err) != KC_OK)
		return err->status;
	ui_msg(ui, UI_OK, "Weight %.1f kg saved.", kg);
	return KC_OK;
}

static int submit_override(struct ui *ui, struct scr *s, struct ui_form *f, struct kc_err *err)
{
	char note[KC_NOTE_MAX];
	const char *who = ui_form_text(f, 0);

	if (need_text(who, "the physician's name", err) != KC_OK)
		return err->status;
	snprintf(note, sizeof note, "%s (physician: %s)", ui_form_text(f, 1), who);
	if (need_text(ui_form_text(f, 1), "the reason for the override", err) != KC_OK ||
	    kc_screen_set(ui->app->store, s->ref.session, "override", "yes", note, ui->now, err) != KC_OK)
		return err->status;
	ui_msg(ui, UI_WARN, "Override recorded permanently: %s", note);
	return KC_OK;
}

static int submit_escort(struct ui *ui, struct scr *s, struct ui_form *f, struct kc_err *err)
{
	char name[KC_NOTE_MAX];

	kc_strlcpy(name, ui_form_text(f, 0), sizeof name);
	if (need_text(name, "the escort's name", err) != KC_OK ||
	    need_text(ui_form_text(f, 1), "the escort's phone", err) != KC_OK ||
	    store_if_changed(ui, s, "escort_name", name, "", err) != KC_OK ||
	    store_if_changed(ui, s, "escort_phone", ui_form_text(f, 1), "", err) != KC_OK)
		return err->status;
	return KC_OK;
}

static int submit_kind(struct ui *ui, struct scr *s, struct ui_form *f, struct kc_err *err)
{
	const char *t0 = ui_form_text(f, 0);

	switch (s->fkind) {
	case FK_CONFIRM:
		if (need_text(t0, "a note", err) != KC_OK)
			return err->status;
		return store_if_changed(ui, s, s->fitem, "yes", t0, err);
	case FK_OVERRIDE: return submit_override(ui, s, f, err);
	case FK_WEIGHT: return submit_weight(ui, s, t0, err);
	case FK_TIME: return submit_time(ui, s, t0, err);
	case FK_ESCORT: return submit_escort(ui, s, f, err);
	case FK_CONSENT:
		if (ui_form_choice(f, 0) == 0)
			return kc_fail(err, KC_ERR_INVALID, "choose yes or no (y / n)");
		return store_if_changed(ui, s, "consent", consent_choices[ui_form_choice(f, 0)], "", err);
	case FK_MEDS:
		if (need_text(t0, "what changed, or none", err) != KC_OK)
			return err->status;
		return store_if_changed(ui, s, "med_changes", "reviewed", t0, err);
	default:
		return KC_OK;
	}
}

static int form_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct scr *s = priv;
	int id = current_id(s);

	if (submit_kind(ui, s, f, err) != KC_OK)
		return err->status;
	reload(ui, s);
	if (s->sec == SEC_INFO && s->fkind >= FK_WEIGHT)
		advance(s, id);
	return KC_OK;
}

/* ---------- baseline vitals ---------- */

static void vitals_saved(struct ui *ui, struct ui_vitals_ctx *ctx)
{
	struct scr *s = (struct scr *)(void *)((char *)ctx - offsetof(struct scr, vctx));

	int ids[ROWS_MAX], n;

	reload(ui, s);
	s->sec = SEC_VITALS;
	n = section_rows(s, SEC_VITALS, ids);
	ui_list_set(&s->list[SEC_VITALS], n);
	s->list[SEC_VITALS].sel = n - 1; /* the reading just taken */
	if (ctx->last.predose_gate == KC_GATE_BLOCK)
		ui_msg(ui, UI_CRIT, "BLOCKED: baseline BP at or above the block limit; only an override (o) "
		       "allows dosing.");
	else if (ctx->last.predose_gate == KC_GATE_CONFIRM)
		ui_msg(ui, UI_WARN, "CONFIRM: baseline BP above the confirm limit; a confirms it with a note.");
}

static void vitals_open(struct ui *ui, struct scr *s)
{
	s->sec = SEC_VITALS;
	ui_mark(ui, UI_BODY);
	if (!ui_vitals_form_open) {
		ui_msg(ui, UI_WARN, "The vitals form is not available yet.");
		return;
	}
	s->vctx = (struct ui_vitals_ctx){ .session = s->ref.session, .baseline = 1, .saved = vitals_saved };
	ui_vitals_form_open(ui, &s->vctx);
}

/* ---------- answers ---------- */

static void check_answer(struct ui *ui, struct scr *s, int i, const char *value)
{
	const struct kc_check_item *it = &kc_check_items(NULL)[i];
	int was_confirmed = s->scr.confirmed[i];
	char key[48];

	snprintf(key, sizeof key, "confirm.%s", it->key);
	if (strcmp(value_of(s, it->key), value) != 0 && put(ui, s, it->key, value, "") != KC_OK)
		return;
	/* A confirmation belongs to the "yes" it confirmed. */
	if (strcmp(value, "yes") != 0 && was_confirmed && put(ui, s, key, "", "") != KC_OK)
		return;
	reload(ui, s);
	advance(s, i);
	if (strcmp(value, "yes") != 0)
		return;
	if (it->cls == KC_ITEM_ABSOLUTE)
		ui_msg(ui, UI_CRIT, "BLOCKED: %s is an absolute contraindication. Only a physician override (o) "
		       "allows dosing.", it->label);
	else if (!s->scr.confirmed[i])
		confirm_check_item(ui, s, i);
}

/* " Next: p PHQ-9." naming the first section with something open ("" if none). */
static const char *next_hint(struct ui *ui, struct scr *s)
{
	static const char *const hint[SEC_COUNT] = {
		" Next: k checklist.", " Next: p PHQ-9.", " Next: g GAD-7.", " Next: s suicide screen.",
		" Next: i session info.", " Next: v baseline vitals.",
	};
	int ids[ROWS_MAX];
	struct rowv r;

	for (int sec = 0; sec < SEC_COUNT; sec++)
		for (int i = 0, n = section_rows(s, (enum sec)sec, ids); i < n; i++) {
			row_view(s, ui, (enum sec)sec, ids[i], &r);
			if (r.open)
				return hint[sec];
		}
	return "";
}

static void scale_answer(struct ui *ui, struct scr *s, int i, int score)
{
	int phq = s->sec == SEC_PHQ;
	char item[24], val[4];
	struct kc_score sc;
	struct kc_err err;

	snprintf(item, sizeof item, "%s.%d", phq ? "phq9" : "gad7", i + 1);
	snprintf(val, sizeof val, "%d", score);
	if (strcmp(value_of(s, item), val) != 0 && put(ui, s, item, val, "") != KC_OK)
		return;
	reload(ui, s);
	advance(s, i);
	if (phq && i == 8 && score > 0) {
		s->sec = SEC_CSSRS;
		first_open(ui, s, SEC_CSSRS);
		ui_msg(ui, UI_WARN, "PHQ-9 item 9 = %d: answer the suicide screen, then a confirms your assessment.",
		       score);
	} else if (phq && i == 8 && kc_phq9_score(s->scr.phq9, &sc, &err) == KC_OK) {
		ui_msg(ui, UI_OK, "PHQ-9 %d/27 %s saved.%s", sc.total, sc.band, next_hint(ui, s));
	} else if (!phq && i == 6 && kc_gad7_score(s->scr.gad7, &sc, &err) == KC_OK) {
		ui_msg(ui, UI_OK, "GAD-7 %d/21 %s saved.%s", sc.total, sc.band, next_hint(ui, s));
	}
}

/* Q2 no: Q3-Q5 are not asked; Q6 no: the 3-month question is not asked. */
static int cssrs_skips(struct ui *ui, struct scr *s, int q, int yes)
{
	char item[24];

	if (q == 2 && !yes)
		for (int k = 3; k <= 5; k++) {
			snprintf(item, sizeof item, "cssrs.%d", k);
			if (*value_of(s, item) && put(ui, s, item, "", "") != KC_OK)
				return -1;
		}
	if (q == 6 && !yes && *value_of(s, "cssrs.6_recent"))
		return put(ui, s, "cssrs.6_recent", "", "") == KC_OK ? 0 : -1;
	return 0;
}

static void cssrs_answer(struct ui *ui, struct scr *s, int id, int yes)
{
	char item[24];
	const char *val = yes ? "yes" : "no";
	enum kc_risk risk;
	struct kc_err err;

	if (id == CS_ASSESS) {
		if (yes)
			confirm_open(ui, s, needs[0].item, needs[0].title, needs[0].hint);
		else
			ui_msg(ui, UI_NORMAL, "Enter (or a) records your assessment with a note.");
		return;
	}
	if (id == CS_RECENT)
		snprintf(item, sizeof item, "cssrs.6_recent");
	else
		snprintf(item, sizeof item, "cssrs.%d", id);
	if (strcmp(value_of(s, item), val) != 0 && put(ui, s, item, val, "") != KC_OK)
		return;
	if (id <= 6 && cssrs_skips(ui, s, id, yes) != 0)
		return;
	reload(ui, s);
	advance(s, id);
	if (s->scr.has_cssrs && kc_cssrs_risk(&s->scr.cssrs, &risk, &err) == KC_OK &&
	    (id == 6 || id == CS_RECENT))
		ui_msg(ui, risk >= KC_RISK_MODERATE ? UI_WARN : UI_OK, "C-SSRS risk: %s%s", kc_risk_name(risk),
		       flag_needed(s, ui->app->cfg, ui->now, needs[0].off) ? ". Confirm your assessment (a)."
									     : ".");
}

static void answer_yes_no(struct ui *ui, struct scr *s, int act)
{
	int id = current_id(s);
	static const char *const check_val[] = { "yes", "no", "n/a" };

	if (s->sec == SEC_CHECK && id >= 0)
		check_answer(ui, s, id, check_val[act - A_YES]);
	else if (s->sec == SEC_CSSRS && act != A_NA && id > 0)
		cssrs_answer(ui, s, id, act == A_YES);
	else if (s->sec == SEC_PHQ || s->sec == SEC_GAD)
		ui_msg(ui, UI_WARN, "Here the answers are 0-3: 0 not at all .. 3 nearly every day.");
	else
		ui_msg(ui, UI_WARN, "y / n / x answer the checklist (k) and the suicide screen (s); "
		       "here Enter edits.");
}

static void answer_score(struct ui *ui, struct scr *s, int score)
{
	int id = current_id(s);

	if ((s->sec == SEC_PHQ || s->sec == SEC_GAD) && id >= 0)
		scale_answer(ui, s, id, score);
	else
		ui_msg(ui, UI_WARN, "0-3 answer PHQ-9 (p) and GAD-7 (g); here use y / n%s.",
		       s->sec == SEC_CHECK ? " / x" : "");
}

static void enter_row(struct ui *ui, struct scr *s)
{
	int id = current_id(s);
	const struct kc_check_item *it;

	switch (s->sec) {
	case SEC_CHECK:
		it = id >= 0 ? &kc_check_items(NULL)[id] : NULL;
		if (it && it->cls == KC_ITEM_RELATIVE && s->scr.answers[id] == KC_ANS_YES)
			confirm_check_item(ui, s, id);
		else
			ui_msg(ui, UI_NORMAL, "Answer with y yes, n no, x n/a.");
		break;
	case SEC_CSSRS:
		if (id == CS_ASSESS)
			cssrs_answer(ui, s, id, 1);
		else
			ui_msg(ui, UI_NORMAL, "Answer with y yes or n no.");
		break;
	case SEC_INFO: info_open(ui, s, id); break;
	case SEC_VITALS: vitals_open(ui, s); break;
	default: ui_msg(ui, UI_NORMAL, "Answer with 0-3."); break;
	}
}

/* ---------- moving on ---------- */

static void go_dosing(struct ui *ui, struct scr *s)
{
	reload(ui, s);
	if (!kc_verdict_allows_dosing(&s->v)) {
		ui_msg(ui, UI_WARN, "Dosing is not allowed yet: the verdict is %s (reasons below).",
		       kc_gate_name(s->v.gate));
		return;
	}
	/* Pushed on top: when it is popped with dosing under way, show() pops this one too. */
	ui_open_named(ui, "session", &s->ref);
}

static void set_section(struct ui *ui, struct scr *s, enum sec sec)
{
	s->sec = sec;
	ui_mark(ui, UI_BODY);
}

static int scr_key(struct ui *ui, void *priv, int act, const struct ui_key *k)
{
	struct scr *s = priv;

	(void)k;
	switch (act) {
	case ACT_UP: case ACT_DOWN: case ACT_PGUP: case ACT_PGDN: case ACT_HOME: case ACT_END:
		current_id(s);
		ui_list_move(&s->list[s->sec], act, s->list_h);
		ui_mark(ui, UI_BODY);
		return ACT_NONE;
	case A_CHECK: case A_PHQ: case A_GAD: case A_CSSRS: case A_INFO:
		set_section(ui, s, (enum sec)(act - A_CHECK));
		return ACT_NONE;
	case A_VITALS: vitals_open(ui, s); return ACT_NONE;
	case A_YES: case A_NO: case A_NA: answer_yes_no(ui, s, act); return ACT_NONE;
	case A_S0: case A_S1: case A_S2: case A_S3: answer_score(ui, s, act - A_S0); return ACT_NONE;
	case ACT_ENTER: enter_row(ui, s); return ACT_NONE;
	case A_CONFIRM: confirm_next(ui, s); return ACT_NONE;
	case A_OVERRIDE: override_open(ui, s); return ACT_NONE;
	case A_DOSING: go_dosing(ui, s); return ACT_NONE;
	case A_REASONS:
		s->rtop = s->rtop + s->rshown < s->v.n ? s->rtop + s->rshown : 0;
		ui_mark(ui, UI_BODY);
		return ACT_NONE;
	case A_CHART: ui_open_named(ui, "chart", &s->ref); return ACT_NONE;
	default:
		return act;
	}
}

/* ---------- drawing ---------- */

static void draw_tabs(struct ui *ui, struct scr *s, WINDOW *w)
{
	static const char *const tab[2][SEC_COUNT] = {
		{ "k Checklist", "p PHQ-9", "g GAD-7", "s Suicide screen", "i Session info", "v Vitals" },
		{ "k Check", "p PHQ-9", "g GAD-7", "s Suicide", "i Info", "v Vitals" }, /* below 80 columns */
	};
	const char *const *t = tab[getmaxx(w) < 80];
	int x = 1;

	for (int i = 0; i < SEC_COUNT; i++) {
		int tw = ui_width(ui, t[i]) + 2;

		ui_putf(ui, w, 0, x, tw, i == (int)s->sec ? A_REVERSE | A_BOLD : A_NORMAL, " %s ", t[i]);
		x += tw;
	}
}

static void scale_summary(const int *items, int n, int max, const char *name, char *out, size_t len)
{
	struct kc_score sc;
	int total = 0, answered = 0;

	for (int i = 0; i < n; i++)
		if (items[i] >= 0 && items[i] <= 3) {
			total += items[i];
			answered++;
		}
	if (answered == n && (n == 9 ? kc_phq9_score(items, &sc, NULL) : kc_gad7_score(items, &sc, NULL)) == KC_OK)
		snprintf(out, len, "%s %d/%d %s  (over the last 2 weeks)", name, sc.total, max, sc.band);
	else
		snprintf(out, len, "%s %d/%d so far, %d of %d answered  (over the last 2 weeks)", name, total,
			 max, answered, n);
}

static void heading(const struct scr *s, char *h, size_t hn, const char **help)
{
	static const char *const helps[SEC_COUNT] = {
		"y yes  n no  x n/a (moves down).  abs: a yes blocks.  rel: a yes needs a note.",
		"0 not at all  1 several days  2 more than half the days  3 nearly every day",
		"0 not at all  1 several days  2 more than half the days  3 nearly every day",
		"y yes  n no (moves down). Ask as worded on your C-SSRS card.",
		"Enter edits the highlighted item; each entry is saved at once.",
		"v or Enter takes a baseline reading; the last one counts for the BP check.",
	};
	size_t nitems;
	const struct kc_check_item *items = kc_check_items(&nitems);
	enum kc_risk risk;
	int open = 0, n = 0;

	*help = helps[s->sec];
	switch (s->sec) {
	case SEC_PHQ: scale_summary(s->scr.phq9, 9, 27, "PHQ-9", h, hn); break;
	case SEC_GAD: scale_summary(s->scr.gad7, 7, 21, "GAD-7", h, hn); break;
	case SEC_CSSRS:
		if (s->scr.has_cssrs && kc_cssrs_risk(&s->scr.cssrs, &risk, NULL) == KC_OK)
			snprintf(h, hn, "Suicide screen (C-SSRS screener): risk %s%s", kc_risk_name(risk),
				 s->scr.phq9[8] > 0 ? "; PHQ-9 item 9 > 0" : "");
		else
			snprintf(h, hn, "Suicide screen (C-SSRS screener): not complete%s",
				 s->scr.phq9[8] > 0 ? "; PHQ-9 item 9 > 0" : "");
		break;
	case SEC_CHECK:
		for (size_t i = 0; i < nitems; i++)
			if (applies(s, &items[i])) {
				n++;
				open += s->scr.answers[i] == KC_ANS_UNSET;
			}
		snprintf(h, hn, "Contraindication checklist: %d of %d answered", n - open, n);
		break;
	case SEC_INFO: snprintf(h, hn, "Session info: weight, fasting, escort, consent, medication"); break;
	default: snprintf(h, hn, "Baseline vitals (pre-dose): %zu reading%s", s->nbase, s->nbase == 1 ? "" : "s");
	}
}

/* Where to break text for a line of width columns: at a blank (ASCII texts). */
static int wrap_cut(const char *text, int width)
{
	int len = (int)strlen(text), cut;

	if (len <= width)
		return len;
	for (cut = width; cut > 0 && text[cut] != ' '; cut--)
		;
	return cut > 0 ? cut : width;
}

/* text over at most two lines at y; returns the lines used. */
static int put_wrapped(struct ui *ui, WINDOW *w, int y, int x, int width, int lines, attr_t a, const char *text)
{
	int cut = wrap_cut(text, width);

	ui_putf(ui, w, y, x, width, a, "%.*s", cut, text);
	if (!text[cut] || lines < 2)
		return 1;
	ui_put(ui, w, y + 1, x, width, a, text + cut + (text[cut] == ' '));
	return 2;
}

static void draw_detail(struct ui *ui, WINDOW *w, int y, int width, const char *text)
{
	put_wrapped(ui, w, y, 2, width, 2, A_DIM, text);
}

static void draw_row(struct ui *ui, WINDOW *w, int y, int sel, const struct rowv *r)
{
	int width = getmaxx(w), rw = r->right[0] ? 22 : 0;
	attr_t a = sel ? A_REVERSE : A_NORMAL;

	ui_put(ui, w, y, 0, 2, a, sel ? ui->g.sel : "");
	ui_put(ui, w, y, 2, width - 2 - rw - 1, a, r->left);
	if (!rw)
		return;
	ui_put(ui, w, y, width - rw - 1, 1, a, "");
	ui_put(ui, w, y, width - rw, rw, a | ui_tone(ui, r->tone), r->right);
}

static void draw_section(struct ui *ui, struct scr *s, WINDOW *w, int bottom)
{
	char h[160];
	const char *help;
	int ids[ROWS_MAX], n = section_rows(s, s->sec, ids), width = getmaxx(w);
	struct ui_list *l = &s->list[s->sec];
	struct rowv r;

	heading(s, h, sizeof h, &help);
	s->list_h = bottom - 2 - 3;
	ui_list_set(l, n);
	ui_list_scroll(l, s->list_h);
	ui_put(ui, w, 1, 1, width - 1, A_BOLD, h);
	ui_put(ui, w, 2, 1, width - 1, ui_tone(ui, UI_KEY), help);
	for (int i = 0; i < s->list_h && l->top + i < n; i++) {
		row_view(s, ui, s->sec, ids[l->top + i], &r);
		draw_row(ui, w, 3 + i, l->top + i == l->sel, &r);
		if (l->top + i == l->sel)
			draw_detail(ui, w, bottom - 2, width - 3, r.detail);
	}
	if (l->top > 0 || l->top + s->list_h < n) /* over the end of the heading */
		ui_putf(ui, w, 1, width - 15, 15, A_DIM, "  rows %d-%d/%d", l->top + 1,
			l->top + s->list_h < n ? l->top + s->list_h : n, n);
}

static const char *level_word(enum kc_gate g)
{
	switch (g) {
	case KC_GATE_BLOCK: return "BLOCKED";
	case KC_GATE_CONFIRM: return "CONFIRM";
	case KC_GATE_INCOMPLETE: return "MISSING";
	default: return "ok";
	}
}

static enum ui_tone level_tone(enum kc_gate g)
{
	return g == KC_GATE_BLOCK ? UI_CRIT : g == KC_GATE_PASS ? UI_OK : UI_WARN;
}

static void gate_title(const struct scr *s, char *out, size_t n)
{
	switch (s->v.gate) {
	case KC_GATE_PASS:
		snprintf(out, n, "Verdict: PASS - dosing allowed%s, d goes to dosing",
			 s->v.overridden ? " (blocks OVERRIDDEN)" : "");
		break;
	case KC_GATE_CONFIRM: snprintf(out, n, "Verdict: NEEDS CONFIRMATION - a confirms with a note"); break;
	case KC_GATE_INCOMPLETE: snprintf(out, n, "Verdict: INCOMPLETE - dosing not allowed yet"); break;
	default: snprintf(out, n, "Verdict: BLOCKED - only a physician override (o) allows dosing"); break;
	}
}

static void draw_verdict(struct ui *ui, struct scr *s, WINDOW *w, int y)
{
	char t[160];
	int width = getmaxx(w), line = 0, i;

	mvwhline(w, y, 0, ACS_HLINE, width);
	gate_title(s, t, sizeof t);
	ui_putf(ui, w, y, 1, ui_width(ui, t) + 2, ui_tone(ui, level_tone(s->v.gate)) | A_BOLD, " %s ", t);
	if (s->v.n == 0)
		ui_put(ui, w, y + 1, 1, width - 1, A_NORMAL,
		       "ok       Every item answered; nothing holds dosing back.");
	/* A long reason takes two lines; r shows the ones that did not fit. */
	for (i = s->rtop; i < s->v.n && line < REASON_LINES; i++) {
		const struct kc_reason *r = &s->v.r[s->order[i]];
		int two = wrap_cut(r->text, width - 10) < (int)strlen(r->text);

		if (two && line + 2 > REASON_LINES && line > 0)
			break;
		ui_put(ui, w, y + 1 + line, 1, 8, ui_tone(ui, level_tone(r->level)), level_word(r->level));
		line += put_wrapped(ui, w, y + 1 + line, 10, width - 10, REASON_LINES - line, A_NORMAL, r->text);
	}
	s->rshown = i - s->rtop;
	if (s->rtop > 0 || i < s->v.n) {
		snprintf(t, sizeof t, " %d-%d of %d, r more ", s->rtop + 1, i, s->v.n);
		ui_put(ui, w, y, width - 1 - ui_width(ui, t), ui_width(ui, t), A_BOLD, t);
	}
}

static void scr_draw(struct ui *ui, void *priv, WINDOW *w)
{
	struct scr *s = priv;
	int vy = getmaxy(w) - REASON_LINES - 1;

	s->minute = ui->now / 60;
	werase(w);
	draw_tabs(ui, s, w);
	draw_section(ui, s, w, vy);
	draw_verdict(ui, s, w, vy);
}

/* ---------- life cycle ---------- */

static const char *route_word(enum kc_route r)
{
	return r == KC_ROUTE_IV ? "IV" : r == KC_ROUTE_IM ? "IM" : "esketamine";
}

static int scr_open(struct ui *ui, void *priv, const void *arg, struct kc_err *err)
{
	struct scr *s = priv;
	enum sec first = SEC_COUNT;

	s->ref = *(const struct ui_ref *)arg;
	if (load(ui, s, err) != KC_OK || kc_patient_get(ui->app->store, s->sess.patient_id, &s->pat, err) != KC_OK)
		return err->status;
	s->ref.patient = s->sess.patient_id;
	for (int i = SEC_COUNT - 1; i >= 0; i--) {
		int ids[ROWS_MAX], n = section_rows(s, (enum sec)i, ids);
		struct rowv r;

		first_open(ui, s, (enum sec)i);
		row_view(s, ui, (enum sec)i, ids[s->list[i].sel < n ? s->list[i].sel : 0], &r);
		if (r.open)
			first = (enum sec)i;
	}
	s->sec = first == SEC_COUNT ? SEC_CHECK : first;
	ui_set_title(ui, "%s #%s - %s %s", s->pat.name, s->pat.chart_no, route_word(s->sess.route),
		     kc_phase_name(s->sess.phase));
	return KC_OK;
}

/* The newest stored answer: a change by another clinician moves it. */
static kc_id last_answer(const struct scr *s)
{
	kc_id max = 0;

	for (size_t i = 0; i < s->nans; i++)
		if (s->ans[i].id > max)
			max = s->ans[i].id;
	return max;
}

static void scr_tick(struct ui *ui, void *priv, time_t now)
{
	struct scr *s = priv;
	struct kc_verdict before = s->v;
	kc_id last = last_answer(s);
	size_t nans = s->nans, nbase = s->nbase;
	struct kc_err err;

	(void)now;
	if (ui->hidden) /* under another screen: show() reloads when it is back on top */
		return;
	if (time(NULL) - s->loaded >= RELOAD_S && !ui_form_current(ui)) {
		kc_err_clear(&err);
		if (load(ui, s, &err) != KC_OK)
			ui_error(ui, &err);
	} else {
		judge(s, ui->app->cfg, ui->now); /* fasting intervals move with the clock */
	}
	if (memcmp(&before, &s->v, sizeof before) != 0 || nans != s->nans || nbase != s->nbase ||
	    last_answer(s) != last || ui->now / 60 != s->minute)
		ui_mark(ui, UI_BODY);
}

/* Back from the session screen: once dosing is under way, screening is over. */
static void scr_show(struct ui *ui, void *priv)
{
	struct scr *s = priv;

	reload(ui, s);
	if (s->sess.phase != KC_PHASE_SCREENING)
		ui_pop(ui);
}

static void scr_close(struct ui *ui, void *priv)
{
	struct scr *s = priv;

	(void)ui;
	free(s->ans);
	free(s->base);
}

const struct screen_ops ui_scr_screening = {
	.name = "screening",
	.title = "Screening",
	.private_size = sizeof(struct scr),
	.actions = scr_actions,
	.open = scr_open,
	.draw = scr_draw,
	.key = scr_key,
	.tick = scr_tick,
	.show = scr_show,
	.close = scr_close,
};
