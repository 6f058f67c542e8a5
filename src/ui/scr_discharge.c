/* scr_discharge.c — recovery and discharge: each criterion live from what was stored,
 * the assessment (Modified Aldrete, gait, escort, instructions item by item), the
 * outcome (discharged, left against advice, aborted: the last two and any discharge with
 * unmet criteria need a reason), then the sign-off, after which the chart is read-only. */
#include "ui.h"
#include "ui_vitals.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"

/* The shared vitals form is another file; until it is linked the key says so. */
#pragma weak ui_vitals_form_open

#define NAME_W 29
#define STATE_W 10

enum { A_ASSESS = ACT_SCREEN, A_DISCHARGE, A_SIGN, A_VITALS, A_EFFECT, A_CHART, A_AMA, A_ABORT };

/* Labels are switched off (NULL: help screen only) while an action does not apply, so the
 * bar shows the keys that work; bar_update() keeps them in step with the session. */
static struct ui_action dc_actions[] = {
	{ A_ASSESS, 'a', 0, "a", "assess",
	  "record the assessment: Modified Aldrete, gait, escort, discharge instructions" },
	{ A_DISCHARGE, 'd', 0, "d", "discharge",
	  "discharge the patient; with criteria not met it asks for the reason" },
	{ A_SIGN, 's', 0, "s", "sign", "sign the chart once the session has ended; it is read-only afterwards" },
	{ A_VITALS, 'v', 0, "v", "vitals", "enter a vitals reading (recovery goes on until discharge)" },
	{ A_EFFECT, 'e', 0, "e", "effect", "record a side effect" },
	{ A_CHART, 'c', 0, "c", "chart", "open the chart view of this session" },
	{ A_AMA, 'l', 0, "l", "left AMA", "the patient left against medical advice (asks for the reason)" },
	{ A_ABORT, 'b', 0, "b", "abort", "end the session as aborted (asks for the reason)" },
	{ 0 },
};

/* ---------- the assessment form ---------- */

/* Choice i >= 1 scores 3 - i; "-" (index 0) is not scored yet. */
static const char *const activity_choices[] = { "- not scored", "2 moves all 4 limbs", "1 moves 2 limbs",
						"0 moves no limb", NULL };
static const char *const respiration_choices[] = { "- not scored", "2 breathes deeply, coughs",
						   "1 shallow or limited breathing", "0 apnoeic", NULL };
static const char *const circulation_choices[] = { "- not scored", "2 BP within 20% of baseline",
						   "1 BP 20-50% from baseline", "0 BP > 50% from baseline", NULL };
static const char *const consciousness_choices[] = { "- not scored", "2 fully awake", "1 wakes when called",
						     "0 not responding", NULL };
static const char *const spo2_choices[] = { "- not scored", "2 SpO2 > 92% on room air", "1 needs O2 to keep > 90%",
					    "0 SpO2 < 90% even with O2", NULL };
static const char *const gait_choices[] = { "- not assessed", "yes, steady", "no, unsteady", NULL };
static const char *const escort_choices[] = { "- not confirmed", "yes, present", "no escort", NULL };
static const char *const told_choices[] = { "- not yet", "yes, given", NULL };

enum { F_ACTIVITY, F_RESPIRATION, F_CIRCULATION, F_CONSCIOUSNESS, F_SPO2, F_GAIT, F_ESCORT, F_DRIVING,
       F_ALCOHOL, F_CRISIS, F_COUNT };

enum outcome { OUT_DISCHARGED, OUT_AMA, OUT_ABORTED };
static const char *const outcome_names[] = { "discharged", "against_advice", "aborted" };

/* The stored outcome in words. */
static const char *outcome_word(const char *o)
{
	return strcmp(o, "against_advice") == 0 ? "left against advice" : o;
}

/* What the body depends on besides the clock's minute. */
struct view {
	struct kc_discharge_result dc;
	time_t ended_at, signed_at, latest_at, minute;
	kc_id last_id;
};

struct dc {
	struct ui_ref ref;
	struct kc_chart_state cs;
	struct kc_discharge_row last; /* the latest stored assessment */
	int has_last;
	int sugg_circ, sugg_spo2;     /* Aldrete components suggested by the latest reading */
	struct uif_field af[F_COUNT];
	struct uif_def adef;
	char circ_hint[96], spo2_hint[96];
	struct uif_field rf[1];
	struct uif_def rdef;
	char rtitle[96], rhint[KC_NOTE_MAX];
	enum outcome outcome;         /* what the reason form ends the session with */
	time_t sign_at;               /* the time the sign-off question showed */
	int leave;                    /* signed: back to the start screen when shown again */
	struct ui_vitals_ctx vctx;
	time_t loaded;
	struct view shown;            /* what the body shows, to repaint only on a change */
};

/* ---------- loading ---------- */

/* As the session screen says it in the title. */
static const char *route_word(enum kc_route r)
{
	return r == KC_ROUTE_ESKETAMINE ? "esketamine" : r == KC_ROUTE_IV ? "IV" : "IM";
}

static void bar_update(struct ui *ui, const struct dc *s);

static void suggest(struct dc *s)
{
	s->sugg_circ = kc_aldrete_circulation(s->cs.latest.systolic, s->cs.scr.baseline.systolic);
	s->sugg_spo2 = kc_aldrete_spo2(s->cs.latest.spo2, 0);
}

static int dc_load(struct ui *ui, struct dc *s, struct kc_err *err)
{
	struct kc_discharge_row *rows = NULL;
	size_t n = 0;
	int rc = kc_chart_state_load(ui->app->store, ui->app->cfg, s->ref.session, ui->now, &s->cs, err);

	if (rc == KC_OK)
		rc = kc_discharge_list(ui->app->store, s->ref.session, &rows, &n, err);
	if (rc != KC_OK)
		return rc;
	s->has_last = n > 0;
	if (n)
		s->last = rows[n - 1];
	free(rows);
	suggest(s);
	bar_update(ui, s);
	s->loaded = time(NULL);
	return KC_OK;
}

static void dc_title(struct ui *ui, struct dc *s)
{
	ui_set_title(ui, "%s #%s - %s %s", s->cs.p.name, s->cs.p.chart_no, route_word(s->cs.s.route),
		     kc_phase_name(s->cs.s.phase));
}

static void view_of(const struct ui *ui, const struct dc *s, struct view *v)
{
	v->dc = s->cs.dc;
	v->ended_at = s->cs.s.ended_at;
	v->signed_at = s->cs.s.signed_at;
	v->latest_at = s->cs.latest_at;
	v->minute = ui->now / 60;
	v->last_id = s->has_last ? s->last.id : 0;
}

/* Field by field: padding bytes in the copies may differ. */
static int view_same(const struct view *a, const struct view *b)
{
	if (a->dc.ready != b->dc.ready || a->dc.earliest != b->dc.earliest || a->ended_at != b->ended_at ||
	    a->signed_at != b->signed_at || a->latest_at != b->latest_at || a->minute != b->minute ||
	    a->last_id != b->last_id)
		return 0;
	for (int i = 0; i < KC_DC_COUNT; i++)
		if (a->dc.c[i].met != b->dc.c[i].met || strcmp(a->dc.c[i].why, b->dc.c[i].why) != 0)
			return 0;
	return 1;
}

/* Reload and repaint when anything shown changed (the minute included: "in 12m"). */
static void dc_reload(struct ui *ui, struct dc *s)
{
	struct kc_err err;
	struct view v;
	enum kc_phase phase = s->cs.s.phase;

	kc_err_clear(&err);
	if (dc_load(ui, s, &err) != KC_OK) {
		ui_error(ui, &err);
		return;
	}
	if (phase != s->cs.s.phase)
		dc_title(ui, s);
	view_of(ui, s, &v);
	if (!view_same(&v, &s->shown))
		ui_mark(ui, UI_BODY);
}

/* ---------- leaving ---------- */

/* Every screen above the start screen goes: this session has nothing more to chart. */
static void leave_to_start(struct ui *ui)
{
	for (int i = 1; i < ui->depth; i++)
		ui_pop(ui);
}

static void leave_yes(struct ui *ui, void *priv)
{
	(void)priv;
	leave_to_start(ui);
}

/* ---------- state checks ---------- */

static int is_signed(const struct dc *s)
{
	return s->cs.s.signed_by[0] != '\0';
}

/* 1 (and says why) when nothing more can be charted. */
static int refuse_ended(struct ui *ui, const struct dc *s)
{
	char hm[8];

	if (is_signed(s)) {
		kc_time_local_hm(s->cs.s.signed_at, hm, sizeof hm);
		ui_msg(ui, UI_WARN, "Signed by %s at %s: the session is read-only.", s->cs.s.signed_by, hm);
		return 1;
	}
	if (s->cs.s.ended_at) {
		ui_msg(ui, UI_WARN, "The session has ended (%s): nothing more can be charted; s signs it.",
		       outcome_word(s->cs.s.outcome));
		return 1;
	}
	return 0;
}

static int infusion_running(const struct dc *s)
{
	return s->cs.s.route != KC_ROUTE_ESKETAMINE && s->cs.s.dose_start && !s->cs.s.dose_end;
}

/* The bar label of an action while it applies, else NULL. */
static const char *bar_label(const struct dc *s, int id)
{
	static const char *const open_labels[] = {
		[A_ASSESS - A_ASSESS] = "assess", [A_DISCHARGE - A_ASSESS] = "discharge",
		[A_VITALS - A_ASSESS] = "vitals", [A_EFFECT - A_ASSESS] = "effect",
		[A_AMA - A_ASSESS] = "left AMA", [A_ABORT - A_ASSESS] = "abort",
	};

	if (id == A_CHART)
		return "chart";
	if (id == A_SIGN)
		return s->cs.s.ended_at && !is_signed(s) ? "sign" : NULL;
	return s->cs.s.ended_at ? NULL : open_labels[id - A_ASSESS];
}

static void bar_update(struct ui *ui, const struct dc *s)
{
	for (struct ui_action *a = dc_actions; a->id; a++) {
		const char *want = bar_label(s, a->id);

		if (want != a->label) {
			a->label = want;
			ui_mark(ui, UI_BAR);
		}
	}
}

/* ---------- the assessment ---------- */

static const char *choice_for(const char *const *choices, int score)
{
	return score >= 0 && score <= 2 ? choices[3 - score] : choices[0];
}

static int score_of(int choice)
{
	return choice == 0 ? KC_NONE : 3 - choice;
}

static void build_assess(struct dc *s)
{
	const struct kc_vitals *v = &s->cs.latest;
	int told = s->has_last && s->last.instructions_given;
	int escort = s->has_last && s->last.escort_confirmed;

	if (s->sugg_circ != KC_NONE)
		snprintf(s->circ_hint, sizeof s->circ_hint, "suggested: BP %d vs baseline %d mmHg", v->systolic,
			 s->cs.scr.baseline.systolic);
	else
		snprintf(s->circ_hint, sizeof s->circ_hint, "no BP and baseline to suggest from");
	if (s->sugg_spo2 != KC_NONE)
		snprintf(s->spo2_hint, sizeof s->spo2_hint, "suggested: SpO2 %d %% (on room air?)", v->spo2);
	else
		snprintf(s->spo2_hint, sizeof s->spo2_hint, "no SpO2 reading to suggest from");
	s->af[F_ACTIVITY] = (struct uif_field){ .label = "Activity", .type = UIF_CHOICE,
						.choices = activity_choices, .hint = "2, 1 or 0 picks; limbs moved on request" };
	s->af[F_RESPIRATION] = (struct uif_field){ .label = "Respiration", .type = UIF_CHOICE,
						   .choices = respiration_choices, .hint = "2, 1 or 0 picks" };
	s->af[F_CIRCULATION] = (struct uif_field){ .label = "Circulation", .type = UIF_CHOICE,
						   .choices = circulation_choices, .hint = s->circ_hint,
						   .init = choice_for(circulation_choices, s->sugg_circ) };
	s->af[F_CONSCIOUSNESS] = (struct uif_field){ .label = "Consciousness", .type = UIF_CHOICE,
						     .choices = consciousness_choices, .hint = "2, 1 or 0 picks" };
	s->af[F_SPO2] = (struct uif_field){ .label = "SpO2", .type = UIF_CHOICE, .choices = spo2_choices,
					    .hint = s->spo2_hint, .init = choice_for(spo2_choices, s->sugg_spo2) };
	s->af[F_GAIT] = (struct uif_field){ .label = "Steady gait", .type = UIF_CHOICE, .choices = gait_choices,
					    .hint = "walks steadily without help: y / n" };
	s->af[F_ESCORT] = (struct uif_field){ .label = "Escort present", .type = UIF_CHOICE,
					      .choices = escort_choices, .init = escort_choices[escort],
					      .hint = "an adult takes the patient home: y / n" };
	s->af[F_DRIVING] = (struct uif_field){ .label = "Told: no driving", .type = UIF_CHOICE,
					       .choices = told_choices, .init = told_choices[told],
					       .hint = "no driving until the next day, after restful sleep" };
	s->af[F_ALCOHOL] = (struct uif_field){ .label = "Told: no alcohol", .type = UIF_CHOICE,
					       .choices = told_choices, .init = told_choices[told],
					       .hint = "no alcohol or sedatives for the rest of the day" };
	s->af[F_CRISIS] = (struct uif_field){ .label = "Crisis line given", .type = UIF_CHOICE,
					      .choices = told_choices, .init = told_choices[told],
					      .hint = "crisis line and the clinic's number given" };
}

static void unmet_names(const struct kc_discharge_result *r, char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < KC_DC_COUNT && len < n; i++)
		if (!r->c[i].met)
			len += (size_t)snprintf(out + len, n - len, "%s%s", len ? ", " : "", r->c[i].name);
}

static int assess_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct dc *s = priv;
	struct kc_discharge_row row;
	struct kc_discharge_result res;
	char unmet[KC_MSG_MAX - 64];
	int told = 0;

	memset(&row, 0, sizeof row);
	row.aldrete = (struct kc_aldrete){ score_of(ui_form_choice(f, F_ACTIVITY)),
					   score_of(ui_form_choice(f, F_RESPIRATION)),
					   score_of(ui_form_choice(f, F_CIRCULATION)),
					   score_of(ui_form_choice(f, F_CONSCIOUSNESS)),
					   score_of(ui_form_choice(f, F_SPO2)) };
	row.gait_steady = ui_form_choice(f, F_GAIT) == 0 ? KC_NONE : ui_form_choice(f, F_GAIT) == 1;
	row.escort_confirmed = ui_form_choice(f, F_ESCORT) == 1;
	for (int i = F_DRIVING; i <= F_CRISIS; i++)
		told += ui_form_choice(f, (size_t)i) == 1;
	row.instructions_given = told == 3;
	if (kc_chart_discharge(ui->app->store, ui->app->cfg, s->ref.session, &row, ui->now, &res, err) != KC_OK)
		return err->status;
	dc_reload(ui, s);
	ui_mark(ui, UI_BODY);
	unmet_names(&res, unmet, sizeof unmet);
	if (res.ready)
		ui_msg(ui, UI_OK, "Assessment saved: Aldrete %d, every criterion met. d discharges.", row.aldrete_total);
	else
		ui_msg(ui, UI_WARN, "Assessment saved: Aldrete %d%s. NOT YET: %s", row.aldrete_total,
		       told == 3 ? "" : told ? ", instructions only partly given" : "", unmet);
	return KC_OK;
}

static void open_assess(struct ui *ui, struct dc *s)
{
	if (refuse_ended(ui, s))
		return;
	build_assess(s);
	s->adef = (struct uif_def){ .title = "Discharge assessment",
				    .fields = s->af, .n = F_COUNT, .row = 0, .submit = assess_submit };
	ui_form_open(ui, &s->adef, s);
}

/* ---------- the outcome ---------- */

/* A discharge stores the assessment as it stands now (ready flag, unmet criteria and the
 * reason for overriding them), then ends the session. */
static int discharge_now(struct ui *ui, struct dc *s, const char *reason, struct kc_err *err)
{
	struct kc_discharge_row row = s->last;
	int rc;

	row.id = 0;
	row.at = 0;
	kc_strlcpy(row.override_reason, reason, sizeof row.override_reason);
	rc = kc_chart_discharge(ui->app->store, ui->app->cfg, s->ref.session, &row, ui->now, NULL, err);
	if (rc == KC_OK && !row.ready && !reason[0])
		return kc_fail(err, KC_ERR_INVALID, "criteria are no longer met: press d again and give the reason");
	if (rc == KC_OK)
		rc = kc_session_end(ui->app->store, s->ref.session, "discharged", reason, ui->now, err);
	return rc;
}

static void ended_msg(struct ui *ui, struct dc *s)
{
	char hm[8];

	kc_time_local_hm(s->cs.s.ended_at, hm, sizeof hm);
	ui_msg(ui, UI_OK, "Session ended at %s (%s). s signs the chart as %s.", hm, outcome_word(s->cs.s.outcome),
	       kc_store_actor(ui->app->store));
}

static int reason_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct dc *s = priv;
	const char *reason = ui_form_text(f, 0);
	int rc;

	if (!reason[0])
		return kc_fail(err, KC_ERR_INVALID, "type the reason: it goes on the chart");
	if (s->outcome == OUT_DISCHARGED)
		rc = discharge_now(ui, s, reason, err);
	else
		rc = kc_session_end(ui->app->store, s->ref.session, outcome_names[s->outcome], reason, ui->now, err);
	if (rc != KC_OK)
		return rc;
	dc_reload(ui, s);
	dc_title(ui, s);
	ended_msg(ui, s);
	return KC_OK;
}

static void open_reason(struct ui *ui, struct dc *s, enum outcome o)
{
	static const char *const titles[] = { "Discharge with criteria NOT met",
					      "Left against medical advice", "End the session as aborted" };
	char unmet[KC_NOTE_MAX - 16];

	s->outcome = o;
	kc_strlcpy(s->rtitle, titles[o], sizeof s->rtitle);
	unmet_names(&s->cs.dc, unmet, sizeof unmet);
	if (o == OUT_DISCHARGED)
		snprintf(s->rhint, sizeof s->rhint, "not met: %s", unmet);
	else
		snprintf(s->rhint, sizeof s->rhint, "%s", o == OUT_AMA ? "what happened and what the patient was told"
								    : "why the session ends here");
	s->rf[0] = (struct uif_field){ .label = "Reason", .width = 50, .max = KC_NOTE_MAX - 1, .hint = s->rhint };
	s->rdef = (struct uif_def){ .title = s->rtitle, .fields = s->rf, .n = 1, .row = 2,
				    .submit = reason_submit };
	ui_form_open(ui, &s->rdef, s);
}

static void discharge_yes(struct ui *ui, void *priv)
{
	struct dc *s = priv;
	struct kc_err err;

	kc_err_clear(&err);
	dc_reload(ui, s);
	if (!s->cs.dc.ready) {
		open_reason(ui, s, OUT_DISCHARGED);
		return;
	}
	if (discharge_now(ui, s, "", &err) != KC_OK) {
		ui_error(ui, &err);
		return;
	}
	dc_reload(ui, s);
	dc_title(ui, s);
	ended_msg(ui, s);
}

static void discharge(struct ui *ui, struct dc *s)
{
	char q[160];

	dc_reload(ui, s);
	if (refuse_ended(ui, s))
		return;
	if (!s->cs.s.dose_start) {
		ui_msg(ui, UI_WARN, "No dose was given: b ends the session as aborted.");
	} else if (infusion_running(s)) {
		ui_msg(ui, UI_WARN, "The infusion is still running: stop it on the session screen first.");
	} else if (!s->has_last) {
		ui_msg(ui, UI_WARN, "Record the discharge assessment first: a.");
	} else if (!s->cs.dc.ready) {
		open_reason(ui, s, OUT_DISCHARGED);
	} else {
		snprintf(q, sizeof q, "Discharge %s now? Every criterion is met.", s->cs.p.name);
		ui_confirm(ui, q, discharge_yes, s);
	}
}

/* ---------- sign-off ---------- */

static void sign_yes(struct ui *ui, void *priv)
{
	struct dc *s = priv;
	struct kc_err err;
	char hm[8];

	kc_err_clear(&err);
	if (kc_session_sign(ui->app->store, s->ref.session, s->sign_at, &err) != KC_OK) {
		ui_error(ui, &err);
		return;
	}
	dc_reload(ui, s);
	kc_time_local_hm(s->cs.s.signed_at, hm, sizeof hm);
	ui_msg(ui, UI_OK, "Signed by %s at %s: the session is now read-only.", s->cs.s.signed_by, hm);
	/* The chart view is the place for a signed session; without it, the start screen. */
	if (ui_screen_find("chart") && ui_open_named(ui, "chart", &s->ref) == KC_OK)
		s->leave = 1;
	else
		leave_to_start(ui);
}

static void sign(struct ui *ui, struct dc *s)
{
	char q[160], hm[8];

	dc_reload(ui, s);
	if (is_signed(s)) {
		refuse_ended(ui, s);
		return;
	}
	if (!s->cs.s.ended_at) {
		ui_msg(ui, UI_WARN, "Sign after the session has ended: d discharges, l left against advice, b aborts.");
		return;
	}
	s->sign_at = ui->now;
	kc_time_local_hm(s->sign_at, hm, sizeof hm);
	snprintf(q, sizeof q, "Sign as %s at %s? The chart becomes read-only.", kc_store_actor(ui->app->store), hm);
	ui_confirm(ui, q, sign_yes, s);
}

/* ---------- keys ---------- */

/* The context lives in the screen's priv: reload what the body shows from it. */
static void vitals_saved(struct ui *ui, struct ui_vitals_ctx *ctx)
{
	struct dc *s = (struct dc *)(void *)((char *)ctx - offsetof(struct dc, vctx));

	dc_reload(ui, s);
	ui_mark(ui, UI_BODY);
}

static void open_vitals(struct ui *ui, struct dc *s)
{
	if (refuse_ended(ui, s))
		return;
	if (!ui_vitals_form_open) {
		ui_msg(ui, UI_WARN, "The vitals form is not available yet: use v on the session screen.");
		return;
	}
	memset(&s->vctx, 0, sizeof s->vctx);
	s->vctx.session = s->ref.session;
	s->vctx.saved = vitals_saved;
	ui_vitals_form_open(ui, &s->vctx);
}

static int back(struct ui *ui, struct dc *s)
{
	if (!s->cs.s.ended_at)
		return ACT_BACK;
	if (is_signed(s))
		leave_to_start(ui);
	else
		ui_confirm(ui, "Leave without signing? The chart stays NOT SIGNED.", leave_yes, s);
	return ACT_NONE;
}

static int dc_key(struct ui *ui, void *priv, int act, const struct ui_key *k)
{
	struct dc *s = priv;

	(void)k;
	switch (act) {
	case A_ASSESS: open_assess(ui, s); break;
	case A_DISCHARGE: discharge(ui, s); break;
	case A_SIGN: sign(ui, s); break;
	case A_VITALS: open_vitals(ui, s); break;
	case A_EFFECT: ui_open_named(ui, "effects", &s->ref); break;
	case A_CHART: ui_open_named(ui, "chart", &s->ref); break;
	case A_AMA:
	case A_ABORT:
		if (!refuse_ended(ui, s))
			open_reason(ui, s, act == A_AMA ? OUT_AMA : OUT_ABORTED);
		break;
	case ACT_BACK: return back(ui, s);
	default: return act;
	}
	return ACT_NONE;
}

/* ---------- drawing ---------- */

static void banner(struct ui *ui, const struct dc *s, char *out, size_t n, enum ui_tone *tone)
{
	const struct kc_session *ss = &s->cs.s;
	char hm[8];
	int unmet = 0;

	for (int i = 0; i < KC_DC_COUNT; i++)
		unmet += !s->cs.dc.c[i].met;
	*tone = UI_WARN;
	if (is_signed(s)) {
		kc_time_local_hm(ss->signed_at, hm, sizeof hm);
		snprintf(out, n, "SIGNED by %s at %s: read-only", ss->signed_by, hm);
		*tone = UI_OK;
	} else if (ss->ended_at) {
		kc_time_local_hm(ss->ended_at, hm, sizeof hm);
		snprintf(out, n, "Ended (%s) at %s - NOT SIGNED: s signs as %s", outcome_word(ss->outcome), hm,
			 kc_store_actor(ui->app->store));
	} else if (infusion_running(s)) {
		snprintf(out, n, "Infusion still running: NOT READY (%d of %d criteria not met)", unmet, KC_DC_COUNT);
	} else if (s->cs.dc.ready) {
		snprintf(out, n, "READY for discharge: d discharges");
		*tone = UI_OK;
	} else {
		snprintf(out, n, "NOT READY: %d of %d criteria not met (d asks for a reason)", unmet, KC_DC_COUNT);
	}
}

static int draw_criteria(struct ui *ui, const struct dc *s, WINDOW *w, int y)
{
	int width = getmaxx(w);

	for (int i = 0; i < KC_DC_COUNT; i++, y++) {
		const struct kc_dc_item *c = &s->cs.dc.c[i];
		const char *mark = c->met ? (ui->utf8 ? "\u2713" : "+") : (ui->utf8 ? "\u2717" : "x");

		ui_putf(ui, w, y, 1, STATE_W, ui_tone(ui, c->met ? UI_OK : UI_WARN), "%s %s", mark,
			c->met ? "met" : "NOT YET");
		ui_put(ui, w, y, 1 + STATE_W, NAME_W, A_NORMAL, c->name);
		ui_put(ui, w, y, 1 + STATE_W + NAME_W, width - 1 - STATE_W - NAME_W, A_NORMAL, c->why);
	}
	return y;
}

static void draw_earliest(struct ui *ui, const struct dc *s, WINDOW *w, int y)
{
	time_t e = s->cs.dc.earliest;
	char hm[8], d[16];

	if (!e) {
		ui_putf(ui, w, y, 1, getmaxx(w) - 1, A_NORMAL, "Minimum observation: %s",
			s->cs.dc.c[KC_DC_OBSERVATION].why);
		return;
	}
	kc_time_local_hm(e, hm, sizeof hm);
	if (e > ui->now) {
		/* Whole minutes rounded up, as the criterion says "12 min to go". */
		kc_duration((long)((e - ui->now + 59) / 60 * 60), d, sizeof d);
		ui_putf(ui, w, y, 1, getmaxx(w) - 1, A_BOLD, "Minimum observation met at %s (in %s)", hm, d);
	} else {
		kc_duration((long)(ui->now - e), d, sizeof d);
		ui_putf(ui, w, y, 1, getmaxx(w) - 1, A_NORMAL, "Minimum observation met at %s (%s ago)", hm, d);
	}
}

static int draw_assessment(struct ui *ui, const struct dc *s, WINDOW *w, int y)
{
	const struct kc_discharge_row *d = &s->last;
	const struct kc_aldrete *a = &d->aldrete;
	int width = getmaxx(w) - 2;
	char hm[8];

	ui_rule(ui, w, y++, "Last assessment");
	if (!s->has_last) {
		ui_put(ui, w, y++, 1, width, A_NORMAL, "None yet: a records Aldrete, gait, escort and instructions.");
		return y;
	}
	kc_time_local_hm(d->at, hm, sizeof hm);
	ui_putf(ui, w, y++, 1, width, A_NORMAL, "%s by %s: Aldrete %d (activity %d, resp %d, circ %d, "
		"consc %d, SpO2 %d)", hm, d->by, d->aldrete_total, a->activity,
		a->respiration, a->circulation, a->consciousness, a->spo2);
	ui_putf(ui, w, y++, 1, width, A_NORMAL, "gait %s; escort %s; instructions %s; %s when assessed",
		d->gait_steady == KC_NONE ? "not assessed" : d->gait_steady ? "steady" : "UNSTEADY",
		d->escort_confirmed ? "confirmed" : "NOT confirmed", d->instructions_given ? "given" : "NOT given",
		d->ready ? "ready" : "NOT ready");
	return y;
}

static void draw_vitals(struct ui *ui, const struct dc *s, WINDOW *w, int y)
{
	const struct kc_vitals *v = &s->cs.latest;
	int width = getmaxx(w) - 2;
	char hm[8], bp[16] = "-", circ[64] = "", spo2[48] = "";

	ui_rule(ui, w, y++, "Latest vitals");
	if (!s->cs.readings) {
		ui_put(ui, w, y, 1, width, A_NORMAL, "No reading yet.");
		return;
	}
	kc_time_local_hm(s->cs.latest_at, hm, sizeof hm);
	if (v->systolic != KC_NONE)
		snprintf(bp, sizeof bp, "%d/%d", v->systolic, v->diastolic);
	ui_putf(ui, w, y++, 1, width, A_NORMAL, "%s  BP %s mmHg  HR %d /min  SpO2 %d %%  RR %d /min  MOAA/S %d",
		hm, bp, v->heart_rate, v->spo2, v->resp_rate, v->moaas);
	if (s->sugg_circ != KC_NONE)
		snprintf(circ, sizeof circ, "circulation %d (baseline BP %d mmHg)", s->sugg_circ,
			 s->cs.scr.baseline.systolic);
	if (s->sugg_spo2 != KC_NONE)
		snprintf(spo2, sizeof spo2, "%sSpO2 %d (on room air)", circ[0] ? ", " : "", s->sugg_spo2);
	if (circ[0] || spo2[0])
		ui_putf(ui, w, y, 1, width, A_NORMAL, "Aldrete suggested: %s%s", circ, spo2);
}

static void dc_draw(struct ui *ui, void *priv, WINDOW *w)
{
	struct dc *s = priv;
	char text[160];
	enum ui_tone tone;
	int y;

	werase(w);
	view_of(ui, s, &s->shown);
	banner(ui, s, text, sizeof text, &tone);
	ui_put(ui, w, 0, 1, getmaxx(w) - 2, ui_tone(ui, tone) | A_BOLD, text);
	ui_rule(ui, w, 1, "Discharge criteria");
	y = draw_criteria(ui, s, w, 2);
	draw_earliest(ui, s, w, y++);
	y = draw_assessment(ui, s, w, y);
	draw_vitals(ui, s, w, y);
}

/* ---------- life cycle ---------- */

static int dc_open(struct ui *ui, void *priv, const void *arg, struct kc_err *err)
{
	struct dc *s = priv;

	if (!arg)
		return kc_fail(err, KC_ERR_INVALID, "no session chosen for discharge");
	s->ref = *(const struct ui_ref *)arg;
	if (dc_load(ui, s, err) != KC_OK)
		return err->status;
	s->ref.patient = s->cs.s.patient_id;
	dc_title(ui, s);
	return KC_OK;
}

static void dc_tick(struct ui *ui, void *priv, time_t now)
{
	struct dc *s = priv;

	(void)now;
	/* Beneath another screen nothing is painted; show() reloads. */
	if (!ui->hidden && time(NULL) != s->loaded && !ui_form_current(ui))
		dc_reload(ui, s);
}

static void dc_show(struct ui *ui, void *priv)
{
	struct dc *s = priv;

	if (s->leave) {
		leave_to_start(ui);
		return;
	}
	dc_reload(ui, s);
	dc_title(ui, s);
}

const struct screen_ops ui_scr_discharge = {
	.name = "discharge",
	.title = "Discharge",
	.private_size = sizeof(struct dc),
	.actions = dc_actions,
	.open = dc_open,
	.draw = dc_draw,
	.key = dc_key,
	.tick = dc_tick,
	.show = dc_show,
};
