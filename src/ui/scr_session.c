/* scr_session.c — dosing and recovery at the chair: the dose plan, the infusion (start,
 * pause, resume, rate, stop) or the esketamine devices with their spacing, the vitals
 * timer (next due, DUE, OVERDUE with one bell), critical alerts that stay until
 * acknowledged with an action, and the readings table. Everything shown is reloaded
 * from the store; the clock alone only moves the timers. */
#include "scr_session.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"
#include "ui_app.h"
#include "ui_inv.h"
#include "ui_screen.h"


enum {
	A_VITALS = ACT_SCREEN, A_ACK, A_PLAN, A_START, A_PAUSE, A_RATE, A_STOP, A_DEVICE,
	A_DISCHARGE, A_EFFECTS, A_CHART, A_ABORT, A_NOT_TAKEN, A_CORRECT, A_OVERRUN, A_DRAWUP, A_WASTE,
	A_FIND, A_FNEXT, A_FPREV
};

/* Which of them can be taken now is sess_enabled()'s answer, so the bar shows the keys
 * that work; sess_label() names pause and stop as they act now. */
static const struct ui_action sess_actions[] = {
	{ A_VITALS, 'v', 0, "v", "vitals", "enter a vitals reading (BP as 142/91, HR, SpO2, RR, MOAA/S, temp, time)" },
	{ A_ACK, 'a', 0, "a", "ack alert", "acknowledge the critical alert with the action taken and a note" },
	{ A_PLAN, 'd', 0, "d", "dose", "set the dose before dosing: IV mg/kg, esketamine 56 or 84 mg" },
	{ A_START, 's', 0, "s", "start", "IV: start the infusion with the dose shown (time, lot, note)" },
	{ A_PAUSE, 'p', 0, "p", "pause", "IV: pause the infusion, or resume it when paused" },
	{ A_RATE, 'r', 0, "r", "rate", "IV: change the pump rate (mL/h) with a reason" },
	{ A_STOP, 'x', 0, "x", "stop", "IV: stop the infusion (recovery begins); esketamine: end dosing" },
	{ A_DEVICE, 'g', 0, "g", "device", "esketamine: record a device given (time, lot number)" },
	{ A_DISCHARGE, 'o', 0, "o", "discharge", "open the discharge assessment (in recovery)" },
	{ A_EFFECTS, 'e', 0, "e", "effect", "record a side effect (dissociation, nausea, ...)" },
	{ A_CORRECT, 'w', 0, "w", "correct",
	  "correct the reading under the cursor (Up/Down move it)" },
	{ A_CHART, 'c', 0, "c", "chart", "the whole chart of this session, read-only" },
	{ A_ABORT, 'b', 0, "b", "abort", "abort the session with a reason (asks first)" },
	{ A_NOT_TAKEN, 'n', 0, "n", "not taken",
	  "record vitals the patient refused or that could not be taken, with the reason" },
	{ A_OVERRUN, 'l', 0, "l", "why long",
	  "IV: say why the infusion runs past its planned end (OVERRUN)" },
	{ A_DRAWUP, 'u', 0, "u", NULL,
	  "IV/IM: ketamine drawn up for this session (lot, mg, time): the controlled-substance record" },
	{ A_WASTE, 'W', 0, "W", NULL,
	  "drug wasted (lot, mg, how, time); a second clinician witnesses it from their own login" },
	UI_SEARCH_ACTIONS(A_FIND, "in the readings"), /* n is "not taken" here: > and < */
	{ 0 },
};

/* ---------- what is stored ---------- */

int sess_ended(const struct sess *s)
{
	return s->cs.s.phase >= KC_PHASE_DISCHARGED;
}

int sess_is_esk(const struct sess *s)
{
	return s->cs.s.route == KC_ROUTE_ESKETAMINE;
}

static void infusion_from(const struct kc_dose_row *rows, size_t n, struct infusion *inf)
{
	memset(inf, 0, sizeof *inf);
	for (size_t i = 0; i < n; i++) {
		const struct kc_dose_row *r = &rows[i];

		if (r->eie.code != KC_EIE_NONE)
			continue;
		switch (r->kind) {
		case KC_DOSE_START: inf->started = r->at; inf->rate = r->rate_ml_h; break;
		case KC_DOSE_PAUSE: inf->paused_at = r->at; break;
		case KC_DOSE_RESUME: inf->paused_at = 0; break;
		case KC_DOSE_RATE: inf->rate = r->rate_ml_h; break;
		case KC_DOSE_STOP: inf->stopped = r->at; inf->paused_at = 0; break;
		case KC_DOSE_DEVICE: inf->last_device = r->at; break;
		default: break;
		}
		if (r->lot[0])
			kc_strlcpy(inf->lot, r->lot, sizeof inf->lot);
	}
}

/* Load into fresh buffers; what is shown stays as it was when anything fails. */
static int load(struct ui *ui, struct sess *s, struct kc_err *err)
{
	struct kc_chart_state *cs = malloc(sizeof *cs);
	struct kc_vitals_row *vit = NULL;
	struct kc_dose_row *dose = NULL;
	struct kc_obs_row *obs = NULL;
	size_t nv = 0, nd = 0, no = 0;
	int rc;

	ui_reload_mark(ui->app->store, &s->fresh);
	rc = cs ? kc_vitals_list(ui->app->store, s->ref.session, &vit, &nv, err) :
		  kc_fail(err, KC_ERR_NOMEM, "out of memory");

	if (rc == KC_OK)
		rc = kc_dose_list(ui->app->store, s->ref.session, &dose, &nd, err);
	if (rc == KC_OK)
		rc = kc_obs_list(ui->app->store, s->ref.session, &obs, &no, err);
	if (rc == KC_OK)
		rc = kc_chart_state_load(ui->app->store, ui->app->cfg, s->ref.session, ui->now, cs, err);
	if (rc == KC_OK) {
		s->cs = *cs;
		free(s->vit);
		s->vit = vit;
		s->nvit = nv;
		vit = NULL;
		infusion_from(dose, nd, &s->inf);
		free(s->dose);
		s->dose = dose;
		s->ndose = nd;
		dose = NULL;
		free(s->obs);
		s->obs = obs;
		s->nobs = no;
		obs = NULL;
		if (s->cs.s.planned_mg_per_kg > 0)
			s->mgkg = s->cs.s.planned_mg_per_kg;
	}
	free(cs);
	free(vit);
	free(dose);
	free(obs);
	return rc;
}

/* ---------- which actions apply ---------- */

static const char *why_not_iv(const struct sess *s, int id)
{
	if (sess_is_esk(s))
		return "Esketamine is given by spray device: g records a device.";
	if ((id == A_PLAN || id == A_START) && s->inf.started)
		return "The infusion has started already.";
	if (id == A_PLAN && s->cs.s.route != KC_ROUTE_IV)
		return "Only an IV infusion has a mg/kg dose plan.";
	if (id != A_PLAN && id != A_START && !s->inf.started)
		return "The infusion has not started: s starts it.";
	if (id != A_PLAN && id != A_START && s->inf.stopped)
		return "The infusion has stopped.";
	if (id == A_RATE && s->inf.paused_at)
		return "The infusion is paused: p resumes it.";
	return NULL;
}

/* No dose starts while a critical alert waits (the chart refuses it too). */
static const char *why_not_start(const struct sess *s)
{
	static char why[128];
	const struct kc_vitals_row *r = sess_reading(s, s->cs.last_unacked_id);
	char at[16];

	if (s->cs.s.dose_start || !s->cs.unacked_critical)
		return NULL;
	kc_time_local_hm(r ? r->taken_at : 0, at, sizeof at);
	snprintf(why, sizeof why, "No dose may start: the CRIT alert of %s is not acknowledged (a acknowledges it).",
		 r ? at : "a reading");
	return why;
}

static const char *why_not_esk(const struct sess *s, int id)
{
	if (!sess_is_esk(s))
		return "An IV session has no spray devices.";
	if (s->cs.s.phase == KC_PHASE_RECOVERY)
		return "Dosing is over: the session is in recovery.";
	if (id == A_STOP && s->cs.devices_given == 0)
		return "No device has been given yet: g records one.";
	return NULL;
}

/* NULL when the action can be taken now, else why not (shown when its key is pressed). */
static const char *why_not(const struct sess *s, int id)
{
	if (id == A_CHART || id < ACT_SCREEN || id >= A_FIND)
		return NULL;
	if (id == A_CORRECT)
		return s->cs.s.signed_by[0] ? "The session is signed: a physician amends it from the chart (c, then m)." :
		       !s->nvit ? "No reading to correct yet." : NULL;
	if (id == A_WASTE && !s->cs.s.signed_by[0])
		return NULL;
	if (sess_ended(s))
		return "This session has ended: nothing more can be charted (c shows the chart).";
	switch (id) {
	case A_DRAWUP:
		return sess_is_esk(s) ? "An esketamine device is not drawn up: g records each device given, with its lot."
				      : NULL;
	case A_ACK:
		return s->cs.unacked_critical ? NULL : "No critical alert waits for acknowledgement.";
	case A_PLAN:
		if (sess_is_esk(s))
			return s->cs.devices_given ? "The dose is fixed once a device is given." : NULL;
		return why_not_iv(s, id);
	case A_START:
		return why_not_iv(s, id) ? why_not_iv(s, id) : why_not_start(s);
	case A_PAUSE: case A_RATE:
		return why_not_iv(s, id);
	case A_OVERRUN:
		if (why_not_iv(s, id))
			return why_not_iv(s, id);
		return s->cs.overrun_noted ? "The overrun is explained already (the chart shows why)." : NULL;
	case A_STOP:
		return sess_is_esk(s) ? why_not_esk(s, id) : why_not_iv(s, id);
	case A_DEVICE:
		return why_not_esk(s, id) ? why_not_esk(s, id) : why_not_start(s);
	case A_DISCHARGE:
		return s->cs.s.phase == KC_PHASE_RECOVERY ? NULL :
		       "Discharge opens in recovery, after the infusion stops or the last device.";
	default:
		return NULL;
	}
}

/* w only once the infusion runs past its planned end. */
static const char *why_not_overrun(struct ui *ui, const struct sess *s, char *buf, size_t n)
{
	struct kc_given g;
	char at[16];

	sess_given(ui, s, ui->now, &g); /* the times are known even when the mg is not */
	if (kc_infusion_overrun_s(&g, ui->now) > 0)
		return NULL;
	kc_time_local_hm(g.planned_end, at, sizeof at);
	snprintf(buf, n, "The infusion is within its planned time (until %s).", at);
	return buf;
}

static int sess_enabled(struct ui *ui, void *priv, int act, char *why, size_t n)
{
	const struct sess *s = priv;
	const char *no = why_not(s, act);
	char buf[96];

	if (!no && act == A_OVERRUN)
		no = why_not_overrun(ui, s, buf, sizeof buf);
	if (no)
		kc_strlcpy(why, no, n);
	if (!no && act == A_CORRECT)
		return !ui_held_by_other(ui, s->cs.s.id, why, n);
	return no == NULL;
}

/* Pause resumes while paused; esketamine's x ends dosing. */
static const char *sess_label(struct ui *ui, void *priv, int act)
{
	const struct sess *s = priv;

	(void)ui;
	if (act == A_PAUSE && s->inf.paused_at)
		return "resume";
	if (act == A_STOP && sess_is_esk(s))
		return "end dosing";
	return NULL;
}

static void set_title(struct ui *ui, const struct sess *s)
{
	/* Before the first dose this is the dosing screen all the same. */
	const char *phase = s->cs.s.phase == KC_PHASE_SCREENING ? "dosing" : kc_phase_name(s->cs.s.phase);

	ui_set_title(ui, "%s #%s - %s %s", s->cs.p.name, s->cs.p.chart_no,
		     sess_is_esk(s) ? "esketamine" : s->cs.s.route == KC_ROUTE_IV ? "IV" : "IM", phase);
}

void sess_reload(struct ui *ui, struct sess *s)
{
	struct kc_err err;

	kc_err_clear(&err);
	if (load(ui, s, &err) != KC_OK)
		ui_error(ui, &err);
	s->loaded = time(NULL);
	s->loaded_min = ui->now / 60;
	if (!ui->hidden)
		set_title(ui, s);
	sess_view_update(ui, s, 1);
}

/* ---------- vitals ---------- */

static void vitals_saved(struct ui *ui, struct ui_vitals_ctx *ctx)
{
	struct sess *s = (struct sess *)(void *)((char *)ctx - offsetof(struct sess, vctx));

	sess_reload(ui, s);
	s->top = s->sel = 0; /* the new reading is the first row */
}

/* ---------- correcting the reading under the cursor ---------- */

static void fix_saved(struct ui *ui, struct ui_fix *x, kc_id orig, kc_id repl)
{
	struct sess *s = x->owner;

	(void)orig;
	sess_reload(ui, s);
	/* the cursor follows the correction (or stays on the original, now marked) */
	for (size_t i = 0; i < s->nvit; i++)
		if (s->vit[i].id == (repl ? repl : orig))
			s->sel = (int)(s->nvit - 1 - i);
	ui_mark(ui, UI_BODY);
}

static void correct_open(struct ui *ui, struct sess *s)
{
	if (s->sel < 0 || (size_t)s->sel >= s->nvit)
		return;
	s->cursor = 1;
	ui_mark(ui, UI_BODY);
	s->fix.session = s->ref.session;
	s->fix.owner = s;
	s->fix.saved = fix_saved;
	ui_fix_vitals(ui, &s->fix, &s->vit[s->nvit - 1 - (size_t)s->sel]);
}

/* ---------- keys ---------- */

/* Up/Down move the cursor over the readings, PgUp/PgDn a page; the table follows it. */
static int table_scroll(struct ui *ui, struct sess *s, int act)
{
	int page = s->rows > 1 ? s->rows - 1 : 1, last = (int)s->nvit - 1;
	int sel = s->sel;

	switch (act) {
	case ACT_UP: sel--; break;
	case ACT_DOWN: sel++; break;
	case ACT_PGUP: sel -= page; break;
	case ACT_PGDN: sel += page; break;
	case ACT_HOME: sel = 0; break;
	case ACT_END: sel = last; break;
	default: return 0;
	}
	sel = sel > last ? last : sel;
	sel = sel < 0 ? 0 : sel;
	s->cursor = 1;
	if (sel != s->sel) {
		s->sel = sel;
		if (sel < s->top)
			s->top = sel;
		else if (s->rows > 0 && sel >= s->top + s->rows)
			s->top = sel - s->rows + 1;
		ui_mark(ui, UI_BODY);
	}
	return 1;
}

static void act_open(struct ui *ui, struct sess *s, int act)
{
	switch (act) {
	case A_VITALS: ui_vitals_form_open(ui, &s->vctx); break;
	case A_NOT_TAKEN: sess_not_taken_open(ui, s); break;
	case A_ACK: sess_ack_open(ui, s); break;
	case A_PLAN: sess_plan_open(ui, s); break;
	case A_START: sess_start_open(ui, s); break;
	case A_PAUSE: sess_pause_open(ui, s); break;
	case A_RATE: sess_rate_open(ui, s); break;
	case A_STOP: sess_stop_key(ui, s); break;
	case A_DEVICE: sess_device_open(ui, s); break;
	case A_OVERRUN: sess_overrun_open(ui, s); break;
	case A_DISCHARGE: ui_push(ui, &ui_scr_discharge, &s->ref); break;
	case A_EFFECTS: ui_push(ui, &ui_scr_effects, &s->ref); break;
	case A_CHART: ui_push(ui, &ui_scr_chart, &s->ref); break;
	case A_CORRECT: correct_open(ui, s); break;
	case A_DRAWUP: ui_inv_draw_open(ui, s->cs.s.id); break;
	case A_WASTE: ui_inv_waste_open(ui, s->cs.s.id); break;
	case A_ABORT:
		ui_confirm(ui, "Abort this session? It ends for good (a reason is asked next).", sess_abort_yes, s);
		break;
	default: break;
	}
}

static int sess_key(struct ui *ui, void *priv, int act, const struct ui_key *k)
{
	struct sess *s = priv;

	(void)k;
	if (table_scroll(ui, s, act) || ui_search_key(ui, &s->search, act, A_FIND))
		return ACT_NONE;
	if (act < ACT_SCREEN)
		return act;
	act_open(ui, s, act); /* the loop asked sess_enabled() first */
	return ACT_NONE;
}

/* ---------- life cycle ---------- */

static int sess_open(struct ui *ui, void *priv, const void *arg, struct kc_err *err)
{
	struct sess *s = priv;

	if (!arg)
		return kc_fail(err, KC_ERR_INVALID, "no session chosen");
	s->ref = *(const struct ui_ref *)arg;
	s->mgkg = ui->app->cfg->iv.dose_mg_per_kg;
	s->vctx.session = s->ref.session;
	s->vctx.saved = vitals_saved;
	sess_search_init(s);
	if (load(ui, s, err) != KC_OK)
		return err->status;
	s->loaded = time(NULL);
	s->loaded_min = ui->now / 60;
	set_title(ui, s);
	sess_view_update(ui, s, 1);
	return KC_OK;
}

static void sess_tick(struct ui *ui, void *priv, time_t now)
{
	struct sess *s = priv;

	/* The database only when it changed (ui_reload.h). What the load computed for its
	 * moment (the screening verdict, due and overdue readings, the discharge criteria)
	 * is judged again from what was loaded when the minute turns; the infusion's mg and
	 * the timers are worked out at each paint from the loaded rows. */
	if (ui_reload_due(ui->app->store, ui->hidden, &s->fresh)) {
		sess_reload(ui, s);
	} else {
		if (now / 60 != s->loaded_min) {
			kc_chart_state_at(&s->cs, ui->app->cfg, now);
			s->loaded_min = now / 60;
		}
		sess_view_update(ui, s, 0);
	}
	sess_stop_tick(ui, s);
}

static void sess_show(struct ui *ui, void *priv)
{
	sess_reload(ui, priv);
}

static void sess_close(struct ui *ui, void *priv)
{
	struct sess *s = priv;

	(void)ui;
	free(s->vit);
	free(s->dose);
	free(s->obs);
	uil_lines_free(&s->tab);
}

const struct screen_ops ui_scr_session = {
	.name = "session",
	.title = "Session",
	.private_size = sizeof(struct sess),
	.actions = sess_actions,
	.open = sess_open,
	.draw = sess_draw,
	.key = sess_key,
	.tick = sess_tick,
	.show = sess_show,
	.close = sess_close,
	.enabled = sess_enabled,
	.label = sess_label,
};
