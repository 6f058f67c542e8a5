/* scr_screening.c — the pre-session screening: contraindication checklist, PHQ-9, GAD-7,
 * C-SSRS screener, session items (weight, fasting, escort, consent, medication changes)
 * and baseline vitals, with the verdict always visible at the bottom. Every answer is
 * stored the moment it is given (kc_chart_answer, append-only) and the screen redraws from
 * what was stored, so a resumed session shows exactly what the chart holds. */
#include "scr_screening.h"

#include "kc_course.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_form.h"
#include "ui_screen.h"


/* The section keys are numbered like enum sec: A_CHECK + sec. */
enum {
	A_CHECK = ACT_SCREEN, A_PHQ, A_GAD, A_CSSRS, A_INFO, A_VITALS,
	A_YES, A_NO, A_NA, A_S0, A_S1, A_S2, A_S3,
	A_CONFIRM, A_OVERRIDE, A_DOSING, A_REASONS, A_CHART, A_PCL5, A_FIND, A_FNEXT, A_FPREV
};

static const struct ui_action scr_actions[] = {
	{ A_CONFIRM, 'a', 0, "a", "confirm",
	  "acknowledge a CRIT vitals alert first (action taken, note); else confirm the next item "
	  "needing a note (relative item, suicide risk, fasting, pretreatment, BP)" },
	{ A_DOSING, 'd', 0, "d", "dosing",
	  "go to dosing (the session screen plans the dose) once the verdict is PASS" },
	{ A_VITALS, 'v', 0, "v", "vitals", "take a baseline (pre-dose) vitals reading" },
	/* before override and edit: the bar drops labels from the left group's end, and this
	 * one carries the recorded total */
	{ A_PCL5, 't', 0, "t", "PCL-5",
	  "the PCL-5 (PTSD checklist, optional): 20 items 0-4, offered when the indication names PTSD" },
	{ A_OVERRIDE, 'o', 0, "o", "override",
	  "physician override of a BLOCKED screening with a written reason (recorded permanently)" },
	{ ACT_ENTER, '\n', 0, "Enter", "edit",
	  "edit, answer or confirm the highlighted item; on a CRIT vitals row, acknowledge its alert" },
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
	UI_SEARCH_ACTIONS(A_FIND, "in the section shown"), /* n answers no here: > and < */
	{ 0 },
};

/* ---------- stored answers ---------- */

const struct kc_answer_row *scr_stored(const struct scr *s, const char *item)
{
	for (size_t i = 0; i < s->nans; i++)
		if (strcmp(s->ans[i].item, item) == 0)
			return &s->ans[i];
	return NULL;
}

const char *scr_value(const struct scr *s, const char *item)
{
	const struct kc_answer_row *a = scr_stored(s, item);

	return a ? a->value : "";
}

const char *scr_note(const struct scr *s, const char *item)
{
	const struct kc_answer_row *a = scr_stored(s, item);

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

/* The baseline readings, and the reading the alert banner names (any reading of the
 * session: one taken on the session screen before dosing counts too). */
static int load_vitals(struct ui *ui, struct scr *s, struct kc_err *err)
{
	struct kc_vitals_row *rows = NULL;
	size_t n = 0, k = 0;
	int rc = kc_vitals_list(ui->app->store, s->ref.session, &rows, &n, err);

	if (rc != KC_OK)
		return rc;
	memset(&s->crit, 0, sizeof s->crit);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].id == s->crit_id)
			s->crit = rows[i];
		if (rows[i].baseline && rows[i].eie.code == KC_EIE_NONE)
			rows[k++] = rows[i];
	}
	free(s->base);
	s->base = rows;
	s->nbase = k;
	return KC_OK;
}

/* Session, patient, screening and the unacknowledged critical alerts as the start screen
 * and the board count them: the chart's state. */
static int load_state(struct ui *ui, struct scr *s, struct kc_err *err)
{
	struct kc_chart_state *cs = malloc(sizeof *cs);
	int rc = cs ? kc_chart_state_load(ui->app->store, ui->app->cfg, s->ref.session, ui->now, cs, err)
		    : kc_fail(err, KC_ERR_NOMEM, "out of memory loading the screening");

	if (rc == KC_OK) {
		s->sess = cs->s;
		s->pat = cs->p;
		s->scr = cs->scr;
		s->crit_n = cs->unacked_critical;
		s->crit_id = cs->last_unacked_id;
	}
	free(cs);
	return rc;
}

static int load(struct ui *ui, struct scr *s, struct kc_err *err)
{
	int rc;

	ui_reload_mark(ui->app->store, &s->fresh);
	rc = load_state(ui, s, err);

	if (rc == KC_OK) {
		free(s->ans);
		s->ans = NULL;
		s->nans = 0;
		rc = kc_screen_list(ui->app->store, s->ref.session, &s->ans, &s->nans, err);
	}
	if (rc == KC_OK)
		rc = load_vitals(ui, s, err);
	if (rc == KC_OK)
		rc = kc_weight_of_session(ui->app->store, s->ref.session, &s->wt, err);
	if (rc == KC_OK)
		judge(s, ui->app->cfg, ui->now);
	s->loaded = time(NULL);
	return rc;
}

/* After the clinician's own entry: the reasons start again from the most serious. */
void scr_reload(struct ui *ui, struct scr *s)
{
	struct kc_err err;

	s->rtop = 0;
	kc_err_clear(&err);
	if (load(ui, s, &err) != KC_OK)
		ui_error(ui, &err);
	ui_mark(ui, UI_BODY);
}

void scr_stage(struct scr *s, const char *item, const char *value, const char *note)
{
	const struct kc_answer_row *a = scr_stored(s, item);
	struct pend *p;

	if ((a && strcmp(a->value, value) == 0 && strcmp(a->note, note) == 0) || (!a && !*value && !*note) ||
	    s->npend >= PEND_MAX)
		return;
	p = &s->pend[s->npend++];
	p->typed_time = 0;
	kc_strlcpy(p->item, item, sizeof p->item);
	kc_strlcpy(p->value, value, sizeof p->value);
	kc_strlcpy(p->note, note, sizeof p->note);
}

/* "Aneurysmal vascular disease or AVM: yes (09:12, nurse1)": what a change replaces. */
static void describe_was(struct scr *s, const struct pend *p, const struct kc_answer_row *was)
{
	int i = kc_check_item_index(p->item);
	char hm[16];

	kc_time_local_hm(was->at, hm, sizeof hm);
	snprintf(s->pend_was, sizeof s->pend_was, "%.80s was %.60s%s%.60s (%s, %s)",
		 i >= 0 ? kc_check_items(NULL)[i].label : p->item, was->value[0] ? was->value : "",
		 was->value[0] && was->note[0] ? ": " : "", was->note, hm, was->by);
}

int scr_store_pend(struct ui *ui, struct scr *s, const struct pend *p, const char *reason, struct kc_err *err)
{
	if (p->typed_time)
		return kc_chart_answer_time_why(ui->app->store, ui->app->cfg, s->ref.session, p->item, p->value, reason,
						ui->now, NULL, err);
	return kc_chart_answer_why(ui->app->store, ui->app->cfg, s->ref.session, p->item, p->value, p->note, reason,
				   ui->now, err);
}

int scr_commit(struct ui *ui, struct scr *s, int id, struct kc_err *err)
{
	struct kc_answer_row was;
	int change = 0, rc = KC_OK;

	for (int i = 0; rc == KC_OK && !change && i < s->npend; i++) {
		if (s->pend[i].typed_time && scr_stored(s, s->pend[i].item)) { /* a recorded time retyped */
			was = *scr_stored(s, s->pend[i].item);
			change = *was.value != '\0';
		} else if (!s->pend[i].typed_time)
			rc = kc_chart_answer_changes(ui->app->store, s->ref.session, s->pend[i].item, s->pend[i].value,
						     s->pend[i].note, &was, &change, err);
		if (change)
			describe_was(s, &s->pend[i], &was);
	}
	if (rc == KC_OK && change) {
		s->pend_id = id;
		s->pend_sec = s->sec;
		if (ui_form_current(ui))
			s->pend_ask = 1;
		else
			scr_reason_open(ui, s);
		return SCR_WAIT;
	}
	for (int i = 0; rc == KC_OK && i < s->npend; i++)
		rc = scr_store_pend(ui, s, &s->pend[i], NULL, err);
	s->npend = 0;
	return rc;
}

/* ---------- moving on ---------- */

static void go_dosing(struct ui *ui, struct scr *s)
{
	scr_reload(ui, s);
	if (!kc_verdict_allows_dosing(&s->v)) {
		ui_msg(ui, UI_WARN, "Dosing is not allowed yet: the verdict is %s (reasons below).",
		       kc_gate_name(s->v.gate));
		return;
	}
	/* Pushed on top: when it is popped with dosing under way, show() pops this one too. */
	ui_push(ui, &ui_scr_session, &s->ref);
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
		scr_current_id(s);
		ui_list_move(&s->list[s->sec], act, s->list_h);
		ui_mark(ui, UI_BODY);
		return ACT_NONE;
	case A_CHECK: case A_PHQ: case A_GAD: case A_CSSRS: case A_INFO:
		set_section(ui, s, (enum sec)(act - A_CHECK));
		return ACT_NONE;
	case A_VITALS: scr_vitals_open(ui, s); return ACT_NONE;
	case A_YES: case A_NO: case A_NA: scr_answer_yes_no(ui, s, act - A_YES); return ACT_NONE;
	case A_S0: case A_S1: case A_S2: case A_S3: scr_answer_score(ui, s, act - A_S0); return ACT_NONE;
	case ACT_ENTER: scr_enter_row(ui, s); return ACT_NONE;
	case A_CONFIRM: scr_confirm_next(ui, s); return ACT_NONE;
	case A_OVERRIDE: scr_override_open(ui, s); return ACT_NONE;
	case A_DOSING: go_dosing(ui, s); return ACT_NONE;
	case A_REASONS:
		s->rtop = s->rtop + s->rshown < s->v.n ? s->rtop + s->rshown : 0;
		ui_mark(ui, UI_BODY);
		return ACT_NONE;
	case A_CHART: ui_push(ui, &ui_scr_chart, &s->ref); return ACT_NONE;
	case A_PCL5: scr_pcl5_open(ui, s); return ACT_NONE;
	case A_FIND: case A_FNEXT: case A_FPREV: ui_search_key(ui, &s->search, act, A_FIND); return ACT_NONE;
	default:
		return act;
	}
}

/* ---------- which actions apply ---------- */

/* Only a physician may override; the store refuses anyone else regardless. */
static int scr_enabled(struct ui *ui, void *priv, int act, char *why, size_t n)
{
	const struct scr *s = priv;

	if (act == A_PCL5 && !kc_pcl5_offered(s->sess.indication)) {
		snprintf(why, n, "The PCL-5 is offered when the indication names PTSD (this session: %.60s).",
			 s->sess.indication);
		return 0;
	}
	if (act != A_OVERRIDE || ui_physician(ui))
		return 1;
	kc_strlcpy(why, "Only a physician may override a blocked screening; ask one to open this session.", n);
	return 0;
}

/* While a critical alert waits, a acknowledges it. */
static const char *scr_label(struct ui *ui, void *priv, int act)
{
	const struct scr *s = priv;

	static char pcl5[24];
	int total;

	(void)ui;
	if (act == A_PCL5 && (total = scr_pcl5_total(s)) != KC_NONE) {
		snprintf(pcl5, sizeof pcl5, "PCL-5 %d", total);
		return pcl5;
	}
	return act == A_CONFIRM && s->crit_n ? "ack alert" : NULL;
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
	scr_search_init(s);
	if (load(ui, s, err) != KC_OK)
		return err->status;
	s->ref.patient = s->sess.patient_id;
	for (int i = SEC_COUNT - 1; i >= 0; i--) {
		int ids[ROWS_MAX], n = scr_section_rows(s, (enum sec)i, ids);
		struct rowv r;

		scr_first_open(ui, s, (enum sec)i);
		scr_row_view(s, ui, (enum sec)i, ids[s->list[i].sel < n ? s->list[i].sel : 0], &r);
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
	int crit_n = s->crit_n;
	kc_id crit_id = s->crit_id;
	struct kc_err err;

	if (ui->hidden) /* under another screen: show() reloads when it is back on top */
		return;
	/* The database only when it changed (ui_reload.h). Nothing loaded depends on the
	 * clock: the verdict's fasting and pretreatment intervals are judged again from the
	 * loaded answers, and the rows' "7h 00m ago" painted from the clock's minute. */
	if (!ui_form_current(ui) && ui_reload_due(ui->app->store, 0, &s->fresh)) {
		kc_err_clear(&err);
		if (load(ui, s, &err) != KC_OK)
			ui_error(ui, &err);
	} else {
		judge(s, ui->app->cfg, now); /* fasting intervals move with the clock */
	}
	if (memcmp(&before, &s->v, sizeof before) != 0 || nans != s->nans || nbase != s->nbase ||
	    last_answer(s) != last || ui->now / 60 != s->minute || crit_n != s->crit_n || crit_id != s->crit_id)
		ui_mark(ui, UI_BODY);
}

/* Back from the session screen: once dosing is under way, screening is over. */
static void scr_show(struct ui *ui, void *priv)
{
	struct scr *s = priv;

	scr_reload(ui, s);
	if (s->sess.phase != KC_PHASE_SCREENING)
		ui_pop(ui);
}

static void scr_close(struct ui *ui, void *priv)
{
	struct scr *s = priv;

	(void)ui;
	free(s->ans);
	free(s->base);
	uil_lines_free(&s->sl);
}

const struct screen_ops ui_scr_screening = {
	.name = "screening",
	.title = "Screening",
	.private_size = sizeof(struct scr),
	.actions = scr_actions,
	.open = scr_open,
	.draw = screening_draw,
	.key = scr_key,
	.tick = scr_tick,
	.show = scr_show,
	.close = scr_close,
	.enabled = scr_enabled,
	.label = scr_label,
};
