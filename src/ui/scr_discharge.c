/* scr_discharge.c — recovery and discharge: each criterion live from what was stored,
 * the assessment (Modified Aldrete, gait, escort, instructions item by item), the
 * outcome (discharged, left against advice, aborted: the last two and any discharge with
 * unmet criteria need a reason), then the sign-off, after which the chart is read-only. */
#include "scr_discharge.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_form.h"
#include "ui_inv.h"
#include "ui_screen.h"


enum { A_ASSESS = ACT_SCREEN, A_DISCHARGE, A_SIGN, A_VITALS, A_EFFECT, A_CHART, A_AMA, A_ABORT, A_REMS, A_WASTE,
       A_FIND, A_FNEXT, A_FPREV };

/* Which of them can be taken now is dc_enabled()'s answer: the bar shows the keys that
 * work. */
static const struct ui_action dc_actions[] = {
	{ A_ASSESS, 'a', 0, "a", "assess",
	  "record the assessment: Modified Aldrete, gait, escort, discharge instructions, each confirmed" },
	{ A_DISCHARGE, 'd', 0, "d", "discharge",
	  "discharge the patient: every criterion met, a recent reading and none overdue; otherwise it "
	  "asks for the reason (physician only)" },
	{ A_SIGN, 's', 0, "s", "sign", "sign the chart once the session has ended; it is read-only afterwards" },
	{ A_VITALS, 'v', 0, "v", "vitals", "enter a vitals reading (recovery goes on until discharge)" },
	{ A_EFFECT, 'e', 0, "e", "effect", "record a side effect" },
	{ A_CHART, 'c', 0, "c", "chart", "open the chart view of this session" },
	{ A_AMA, 'l', 0, "l", "left AMA", "the patient left against medical advice (asks for the reason)" },
	{ A_ABORT, 'b', 0, "b", "abort", "end the session as aborted (asks for the reason)" },
	{ A_REMS, 'r', 0, "r", "REMS",
	  "esketamine: the REMS form's answers (respiratory depression, serious adverse event, when the "
	  "patient would have been ready); the screen lists what the form still needs before signing" },
	{ A_WASTE, 'W', 0, "W", NULL,
	  "drug drawn up and not given, wasted (lot, mg, how, time) before sign-off; a second clinician "
	  "witnesses it from their own login" },
	UI_SEARCH_ACTIONS(A_FIND, "on this screen"),
	UI_SEARCH_NN(A_FIND),
	{ 0 },
};

/* The stored outcome in words. */
const char *dc_outcome_word(const char *o)
{
	return strcmp(o, "against_advice") == 0 ? "left against advice" : o;
}

/* ---------- loading ---------- */

/* As the session screen says it in the title. */
static const char *route_word(enum kc_route r)
{
	return r == KC_ROUTE_ESKETAMINE ? "esketamine" : r == KC_ROUTE_IV ? "IV" : "IM";
}

static void suggest(struct dc *s)
{
	s->sugg_circ = kc_aldrete_circulation(s->cs.latest.systolic, s->cs.scr.baseline.systolic);
	s->sugg_spo2 = kc_aldrete_spo2(s->cs.latest.spo2, 0);
}

static int dc_load(struct ui *ui, struct dc *s, struct kc_err *err)
{
	struct kc_discharge_row *rows = NULL;
	size_t n = 0;
	int rc;

	ui_reload_mark(ui->app->store, &s->fresh);
	rc = kc_chart_state_load(ui->app->store, ui->app->cfg, s->ref.session, ui->now, &s->cs, err);
	if (rc == KC_OK)
		rc = kc_discharge_list(ui->app->store, s->ref.session, &rows, &n, err);
	if (rc != KC_OK)
		return rc;
	s->has_last = n > 0;
	if (n)
		s->last = rows[n - 1];
	free(rows);
	suggest(s);
	dc_load_rems(ui, s);
	s->loaded = time(NULL);
	return KC_OK;
}

void dc_title(struct ui *ui, struct dc *s)
{
	ui_set_title(ui, "%s #%s - %s %s", s->cs.p.name, s->cs.p.chart_no, route_word(s->cs.s.route),
		     kc_phase_name(s->cs.s.phase));
}

void dc_view_of(const struct ui *ui, const struct dc *s, struct view *v)
{
	v->dc = s->cs.dc;
	v->ended_at = s->cs.s.ended_at;
	v->signed_at = s->cs.s.signed_at;
	v->latest_at = s->cs.latest_at;
	v->minute = ui->now / 60;
	v->last_id = s->has_last ? s->last.id : 0;
	v->due = s->cs.sched.state;
	v->next_due = s->cs.sched.next_due;
	v->rems_missing = s->has_rems ? s->rems.nmissing : -1;
}

/* Field by field: padding bytes in the copies may differ. */
static int view_same(const struct view *a, const struct view *b)
{
	if (a->dc.ready != b->dc.ready || a->dc.earliest != b->dc.earliest || a->ended_at != b->ended_at ||
	    a->signed_at != b->signed_at || a->latest_at != b->latest_at || a->minute != b->minute ||
	    a->last_id != b->last_id || a->due != b->due || a->next_due != b->next_due ||
	    a->rems_missing != b->rems_missing)
		return 0;
	for (int i = 0; i < KC_DC_COUNT; i++)
		if (a->dc.c[i].met != b->dc.c[i].met || strcmp(a->dc.c[i].why, b->dc.c[i].why) != 0)
			return 0;
	return 1;
}

/* Reload and repaint when anything shown changed (the minute included: "in 12m"). */
void dc_reload(struct ui *ui, struct dc *s)
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
	dc_view_of(ui, s, &v);
	if (!view_same(&v, &s->shown))
		ui_mark(ui, UI_BODY);
}

/* ---------- leaving ---------- */

/* Every screen above the start screen goes: this session has nothing more to chart. */
void dc_leave_to_start(struct ui *ui)
{
	for (int i = 1; i < ui->depth; i++)
		ui_pop(ui);
}

static void leave_yes(struct ui *ui, void *priv)
{
	(void)priv;
	dc_leave_to_start(ui);
}

/* ---------- state checks ---------- */

int dc_signed(const struct dc *s)
{
	return s->cs.s.signed_by[0] != '\0';
}

/* Why nothing more can be charted ("" while the session is open). */
static void ended_why(const struct dc *s, char *why, size_t n)
{
	char hm[8];

	why[0] = '\0';
	if (dc_signed(s)) {
		kc_time_local_hm(s->cs.s.signed_at, hm, sizeof hm);
		snprintf(why, n, "Signed by %s at %s: the session is read-only.", s->cs.s.signed_by, hm);
	} else if (s->cs.s.ended_at) {
		snprintf(why, n, "The session has ended (%s): nothing more can be charted; s signs it.",
			 dc_outcome_word(s->cs.s.outcome));
	}
}

/* 1 (and says why) when nothing more can be charted. */
int dc_refuse_ended(struct ui *ui, const struct dc *s)
{
	char why[KC_MSG_MAX];

	ended_why(s, why, sizeof why);
	if (why[0])
		ui_msg(ui, UI_WARN, "%s", why);
	return why[0] != '\0';
}

int dc_infusion_running(const struct dc *s)
{
	return s->cs.s.route != KC_ROUTE_ESKETAMINE && s->cs.s.dose_start && !s->cs.s.dose_end;
}

/* d would discharge with criteria not met: the reason form, a physician's decision. */
int dc_unmet_path(const struct dc *s)
{
	return s->cs.s.dose_start && !dc_infusion_running(s) && s->has_last && !s->cs.dc.ready;
}

/* Charting while the session is open; signing once it has ended; the chart always. A
 * nurse does not see d while it would discharge with criteria not met (the store refuses
 * it anyway); with every criterion met it is hers to take. */
static int dc_enabled(struct ui *ui, void *priv, int act, char *why, size_t n)
{
	const struct dc *s = priv;

	if (act == A_CHART || act < ACT_SCREEN || act >= A_FIND)
		return 1;
	if (act == A_WASTE) {
		kc_strlcpy(why, "Signed: nothing more is recorded for this session.", n);
		return !dc_signed(s);
	}
	if (act == A_REMS) {
		kc_strlcpy(why, dc_signed(s) ? "Signed: the REMS answers are read-only."
					     : "Only an esketamine session has a REMS form.", n);
		return dc_is_rems(s) && !dc_signed(s);
	}
	if (act != A_SIGN) {
		ended_why(s, why, n);
		if (s->cs.s.ended_at)
			return 0;
		if (act == A_DISCHARGE && dc_unmet_path(s) && !ui_physician(ui)) {
			dc_nurse_why(s, why, n);
			return 0;
		}
		return 1;
	}
	if (dc_signed(s))
		ended_why(s, why, n);
	else if (!s->cs.s.ended_at)
		kc_strlcpy(why, "Sign after the session has ended: d discharges, l left against advice, b aborts.", n);
	return s->cs.s.ended_at && !dc_signed(s);
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
	if (dc_refuse_ended(ui, s))
		return;
	memset(&s->vctx, 0, sizeof s->vctx);
	s->vctx.session = s->ref.session;
	s->vctx.saved = vitals_saved;
	ui_vitals_form_open(ui, &s->vctx);
}

static int back(struct ui *ui, struct dc *s)
{
	if (!s->cs.s.ended_at)
		return ACT_BACK;
	if (dc_signed(s))
		dc_leave_to_start(ui);
	else
		ui_confirm(ui, "Leave without signing? The chart stays NOT SIGNED.", leave_yes, s);
	return ACT_NONE;
}

static int dc_key(struct ui *ui, void *priv, int act, const struct ui_key *k)
{
	struct dc *s = priv;

	(void)k;
	switch (act) {
	case A_ASSESS: dc_open_assess(ui, s); break;
	case A_DISCHARGE: dc_discharge(ui, s); break;
	case A_SIGN: dc_sign(ui, s); break;
	case A_REMS: dc_open_rems(ui, s); break;
	case A_WASTE: ui_inv_waste_open(ui, s->cs.s.id); break;
	case A_VITALS: open_vitals(ui, s); break;
	case A_EFFECT: ui_push(ui, &ui_scr_effects, &s->ref); break;
	case A_CHART: ui_push(ui, &ui_scr_chart, &s->ref); break;
	case A_AMA:
	case A_ABORT:
		if (!dc_refuse_ended(ui, s))
			dc_open_reason(ui, s, act == A_AMA ? OUT_AMA : OUT_ABORTED);
		break;
	case A_FIND: case A_FNEXT: case A_FPREV: ui_search_key(ui, &s->search, act, A_FIND); break;
	case ACT_BACK: return back(ui, s);
	default: return dc_move(ui, s, act) ? ACT_NONE : act;
	}
	return ACT_NONE;
}

/* ---------- life cycle ---------- */

static int dc_open(struct ui *ui, void *priv, const void *arg, struct kc_err *err)
{
	struct dc *s = priv;

	if (!arg)
		return kc_fail(err, KC_ERR_INVALID, "no session chosen for discharge");
	s->ref = *(const struct ui_ref *)arg;
	dc_search_init(s);
	if (dc_load(ui, s, err) != KC_OK)
		return err->status;
	s->ref.patient = s->cs.s.patient_id;
	dc_title(ui, s);
	return KC_OK;
}

static void dc_tick(struct ui *ui, void *priv, time_t now)
{
	struct dc *s = priv;

	/* Beneath another screen nothing is painted; show() reloads. The database only when
	 * it changed (ui_reload.h); when the minute turns, the criteria and the schedule are
	 * judged again from what was loaded (kc_chart_state_at). */
	if (ui->hidden || ui_form_current(ui))
		return;
	if (ui_reload_due(ui->app->store, 0, &s->fresh)) {
		dc_reload(ui, s);
	} else if (now / 60 != s->shown.minute) {
		struct view v;

		kc_chart_state_at(&s->cs, ui->app->cfg, now);
		dc_view_of(ui, s, &v);
		if (!view_same(&v, &s->shown))
			ui_mark(ui, UI_BODY);
	}
}

static void dc_close(struct ui *ui, void *priv)
{
	(void)ui;
	uil_lines_free(&((struct dc *)priv)->ls);
}

static void dc_show(struct ui *ui, void *priv)
{
	struct dc *s = priv;

	if (s->leave) {
		dc_leave_to_start(ui);
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
	.enabled = dc_enabled,
	.close = dc_close,
};
