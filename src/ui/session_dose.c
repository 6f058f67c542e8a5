/* session_dose.c — dosing at the chair: the IV plan, start, pause / resume, pump rate and
 * stop; the esketamine devices with their spacing and the end of dosing. */
#include "scr_session.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_form.h"

/* ---------- IV: plan, start, pause / resume, rate, stop ---------- */

static int plan_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct sess *s = priv;
	struct kc_iv_dose d;
	double mgkg;

	if (sess_form_number(f, 0, "Dose mg/kg", &mgkg, err) != KC_OK)
		return err->status;
	if (kc_chart_plan_iv(ui->app->store, ui->app->cfg, s->ref.session, mgkg, ui->now, &d, err) != KC_OK)
		return err->status;
	s->mgkg = mgkg;
	sess_reload(ui, s);
	ui_msg(ui, UI_OK, "Dose %g mg/kg = %.1f mg, pump %.1f mL/h. s starts the infusion.", mgkg, d.mg,
	       d.rate_ml_h);
	return KC_OK;
}

/* Esketamine: the dose for this session, before the first device (56 or 84 mg are the
 * labelled doses; another needs a reason, which the chart keeps). */
static int esk_plan_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct sess *s = priv;
	double mg;
	int devices = 0;

	if (sess_form_number(f, 0, "Dose mg", &mg, err) != KC_OK)
		return err->status;
	if (mg != (int)mg)
		return kc_fail(err, KC_ERR_INVALID, "the esketamine dose is whole milligrams (56 or 84)");
	if (kc_chart_plan_esk(ui->app->store, ui->app->cfg, s->ref.session, (int)mg, ui_form_text(f, 1), ui->now,
			      &devices, err) != KC_OK)
		return err->status;
	sess_reload(ui, s);
	ui_msg(ui, UI_OK, "Dose %d mg = %d device%s. g records each device.", (int)mg, devices,
	       devices == 1 ? "" : "s");
	return KC_OK;
}

static void esk_plan_open(struct ui *ui, struct sess *s)
{
	static const struct uif_field tpl[] = {
		{ .label = "Dose mg", .type = UIF_NUMBER, .width = 6, .accept = "0123456789",
		  .hint = "56 or 84 mg (28 mg per device)" },
		{ .label = "Reason (another dose only)", .type = UIF_TEXT, .width = 40, .max = 200,
		  .hint = "why this dose is not 56 or 84 mg" },
	};
	char init[16];
	const char *inits[] = { init, "" };
	int mg = s->cs.s.planned_mg > 0 ? (int)(s->cs.s.planned_mg + 0.5) : ui->app->cfg->esk.dose_mg;

	snprintf(init, sizeof init, "%d", mg);
	sess_form_open(ui, s, "Esketamine dose for this session", tpl, 2, inits, esk_plan_submit);
}

/* The plan saved before the start: the start form follows (the plan is the last look
 * before it, so no key is needed to reach it). Esc leaves the start for later. */
static void plan_closed(struct ui *ui, void *priv, int saved)
{
	struct sess *s = priv;

	if (saved && !ui_form_current(ui) && !s->inf.started && !s->cs.unacked_critical && !sess_ended(s))
		sess_start_open(ui, s);
}

void sess_plan_open(struct ui *ui, struct sess *s)
{
	struct uif_field tpl[] = {
		{ .label = "Dose mg/kg", .type = UIF_NUMBER, .width = 22, .hint = s->hint },
	};
	const struct kc_protocol_iv *p = &ui->app->cfg->iv;
	char init[16], title[96];
	const char *inits[] = { init };

	if (sess_is_esk(s)) {
		esk_plan_open(ui, s);
		return;
	}
	snprintf(init, sizeof init, "%g", s->mgkg);
	snprintf(s->hint, sizeof s->hint, "allowed %.1f-%.1f mg/kg", p->dose_min_mg_per_kg, p->dose_max_mg_per_kg);
	snprintf(title, sizeof title, "IV dose for %.1f kg", s->cs.scr.weight_kg);
	sess_form_open(ui, s, title, tpl, 1, inits, plan_submit);
	s->def.closed = plan_closed;
}

/* Starting records the plan shown (if not stored yet) and the pump rate it gives. */
static int start_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct sess *s = priv;
	struct kc_dose_row row;
	struct kc_iv_dose d;

	memset(&row, 0, sizeof row);
	row.kind = KC_DOSE_START;
	if (sess_form_time(ui, s, f, 0, &row.at, err) != KC_OK)
		return err->status;
	kc_strlcpy(row.lot, ui_form_text(f, 1), sizeof row.lot);
	kc_strlcpy(row.note, ui_form_text(f, 2), sizeof row.note);
	if (s->cs.s.route == KC_ROUTE_IV) {
		if (kc_chart_plan_iv(ui->app->store, ui->app->cfg, s->ref.session, s->mgkg, ui->now, &d, err) != KC_OK)
			return err->status;
		row.rate_ml_h = d.rate_ml_h;
	}
	return sess_dose_event(ui, s, &row, err);
}

void sess_start_open(struct ui *ui, struct sess *s)
{
	static const struct uif_field tpl[] = {
		{ .label = "Start time (HH:MM)", .type = UIF_TIME, .hint = "follows the clock; or HH:MM, yesterday HH:MM" },
		{ .label = "Lot number", .width = 20, .max = 31, .hint = "of the ketamine vial" },
		{ .label = "Note", .width = 30, .max = KC_NOTE_MAX - 1, .hint = "site, cannula (optional)" },
	};
	const char *inits[] = { sess_now, s->inf.lot, NULL };
	const struct kc_config *cfg = ui->app->cfg;
	char title[96] = "Start the infusion";
	struct kc_iv_dose d;

	/* The title repeats what the pump is set to: the last look before it runs. */
	if (s->cs.s.route == KC_ROUTE_IV &&
	    kc_iv_dose_calc(s->cs.scr.weight_kg, s->mgkg, &cfg->iv, &cfg->limits, &d, NULL) == KC_OK)
		snprintf(title, sizeof title, "Start: %.1f mg, pump %.1f mL/h", d.mg, d.rate_ml_h);
	sess_form_open(ui, s, title, tpl, 3, inits, start_submit);
}

static int pause_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct sess *s = priv;
	struct kc_dose_row row;

	memset(&row, 0, sizeof row);
	row.kind = s->inf.paused_at ? KC_DOSE_RESUME : KC_DOSE_PAUSE;
	if (sess_form_time(ui, s, f, 0, &row.at, err) != KC_OK)
		return err->status;
	kc_strlcpy(row.note, ui_form_text(f, 1), sizeof row.note);
	if (row.kind == KC_DOSE_RESUME)
		row.rate_ml_h = s->inf.rate;
	return sess_dose_event(ui, s, &row, err);
}

void sess_pause_open(struct ui *ui, struct sess *s)
{
	struct uif_field tpl[2] = { sess_f_time, sess_f_note };
	const char *inits[] = { sess_now, NULL };

	tpl[1].label = s->inf.paused_at ? "Note" : "Reason";
	tpl[1].hint = s->inf.paused_at ? "optional" : "why it is paused, e.g. BP 185/112";
	sess_form_open(ui, s, s->inf.paused_at ? "Resume the infusion" : "Pause the infusion", tpl, 2, inits,
		  pause_submit);
}

static int rate_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct sess *s = priv;
	struct kc_dose_row row;

	memset(&row, 0, sizeof row);
	row.kind = KC_DOSE_RATE;
	if (sess_form_number(f, 0, "New rate mL/h", &row.rate_ml_h, err) != KC_OK ||
	    sess_form_time(ui, s, f, 1, &row.at, err) != KC_OK)
		return err->status;
	kc_strlcpy(row.note, ui_form_text(f, 2), sizeof row.note);
	if (!row.note[0])
		return kc_fail(err, KC_ERR_INVALID, "Reason: say why the rate changes");
	return sess_dose_event(ui, s, &row, err);
}

void sess_rate_open(struct ui *ui, struct sess *s)
{
	struct uif_field tpl[3] = {
		{ .label = "New rate mL/h", .type = UIF_NUMBER, .width = 6, .hint = "pump rate" },
		sess_f_time, sess_f_note,
	};
	char rate[16];
	const char *inits[] = { rate, sess_now, NULL };

	tpl[2].label = "Reason";
	tpl[2].hint = "e.g. BP 172/104";
	snprintf(rate, sizeof rate, "%.1f", s->inf.rate);
	sess_form_open(ui, s, "Change the pump rate", tpl, 3, inits, rate_submit);
}

/* The mg field shows what the pump ran by the clock, as the time field beside it follows
 * the clock, until the clinician types over it (stop_mg: the text last put there). The
 * stop is stored at the time shown with the amount shown; another amount needs a note. */
static int stop_mg_untouched(struct sess *s, struct ui_form *f)
{
	return strcmp(ui_form_text(f, 1), s->stop_mg) == 0;
}

static void stop_mg_show(struct ui *ui, struct sess *s, struct ui_form *f, time_t at)
{
	struct kc_given g;

	if (!sess_given(ui, s, at, &g))
		return;
	snprintf(s->stop_mg, sizeof s->stop_mg, "%.1f", g.mg);
	ui_form_set(f, 1, s->stop_mg);
	ui_msg(ui, UI_NORMAL, "Given by the pump: %s", g.working);
}

void sess_stop_tick(struct ui *ui, struct sess *s)
{
	struct ui_form *f = ui_form_current(ui);
	char was[sizeof s->stop_mg];

	if (!f || !s->stop_open || !stop_mg_untouched(s, f))
		return;
	kc_strlcpy(was, s->stop_mg, sizeof was);
	stop_mg_show(ui, s, f, ui->now);
	if (strcmp(was, s->stop_mg) != 0)
		ui_mark(ui, UI_ALL);
}

static int stop_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct sess *s = priv;
	struct kc_dose_row row;
	struct kc_given g;
	int untouched = stop_mg_untouched(s, f);

	memset(&row, 0, sizeof row);
	row.kind = KC_DOSE_STOP;
	if (sess_form_time(ui, s, f, 0, &row.at, err) != KC_OK ||
	    sess_form_number0(f, 1, "mg given", &row.mg, err) != KC_OK)
		return err->status;
	if (!row.at)
		row.at = ui->now;
	kc_strlcpy(row.note, ui_form_text(f, 2), sizeof row.note);
	/* A time typed with the mg as the pump's: the form shows the amount for that time. */
	if (untouched && sess_given(ui, s, row.at, &g) && fabs(g.mg - row.mg) >= 0.05) {
		if (ui_form_field_changed(f, 0)) {
			stop_mg_show(ui, s, f, row.at);
			s->stop_open = 0; /* the amount is for the time typed now: it stays */
			return kc_fail(err, KC_ERR_INVALID, "mg given: by the time typed the pump ran %s; check it and save again",
				       g.working);
		}
		row.mg = g.mg; /* the clock moved since the last tick */
	}
	if (sess_dose_event(ui, s, &row, err) != KC_OK)
		return err->status;
	s->stop_open = 0;
	if (sess_given(ui, s, row.at, &g) && fabs(g.mg - row.mg) < 0.05)
		ui_msg(ui, UI_OK, "Infusion stopped, %.1f mg given (%s). Recovery: vitals every %d min.", row.mg,
		       g.working, ui->app->cfg->iv.recovery_interval_min);
	else
		ui_msg(ui, UI_OK, "Infusion stopped, %.1f mg given (as typed: %s). Recovery: vitals every %d min.",
		       row.mg, row.note, ui->app->cfg->iv.recovery_interval_min);
	return KC_OK;
}

static void stop_closed(struct ui *ui, void *priv, int saved)
{
	struct sess *s = priv;

	(void)ui;
	(void)saved;
	s->stop_open = 0;
}

static void stop_open(struct ui *ui, struct sess *s)
{
	struct uif_field tpl[3] = {
		sess_f_time, { .label = "mg given", .type = UIF_NUMBER, .width = 6 },
		sess_f_note,
	};
	const char *inits[] = { sess_now, "", NULL };
	struct ui_form *f;

	tpl[1].hint = "what the pump ran (the working is below); another amount needs a note";
	tpl[2].label = "Note";
	tpl[2].hint = "required when mg given is not what the pump ran: why";
	s->stop_mg[0] = '\0';
	sess_form_open(ui, s, "Stop the infusion (recovery begins)", tpl, 3, inits, stop_submit);
	s->def.closed = stop_closed;
	f = ui_form_current(ui);
	if (!f)
		return;
	s->stop_open = 1;
	if (!sess_given(ui, s, ui->now, &(struct kc_given){ 0 }))
		ui_msg(ui, UI_WARN, "No dose plan: the pump's amount cannot be worked out; type the mg and say why");
	else
		stop_mg_show(ui, s, f, ui->now);
}

/* ---------- an infusion past its planned end ---------- */

static int overrun_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct sess *s = priv;

	if (kc_chart_overrun_note(ui->app->store, ui->app->cfg, s->ref.session, ui_form_text(f, 0), ui->now, err) !=
	    KC_OK)
		return err->status;
	sess_reload(ui, s);
	ui_msg(ui, UI_OK, "Noted why the infusion runs on: %s", ui_form_text(f, 0));
	return KC_OK;
}

void sess_overrun_open(struct ui *ui, struct sess *s)
{
	static const struct uif_field tpl[] = {
		{ .label = "Why it runs on", .width = 40, .max = KC_NOTE_MAX - 1,
		  .hint = "e.g. paused 15 min for BP, pump slowed by Dr Lee" },
	};

	sess_form_open(ui, s, "The infusion runs past its planned end: why?", tpl, 1, NULL, overrun_submit);
}

/* ---------- esketamine: devices, end of dosing ---------- */

static void to_recovery(struct ui *ui, struct sess *s)
{
	struct kc_err err;

	if (kc_chart_phase(ui->app->store, s->ref.session, KC_PHASE_RECOVERY, ui->now, &err) != KC_OK) {
		ui_error(ui, &err);
		return;
	}
	sess_reload(ui, s);
	ui_msg(ui, UI_OK, "Dosing over: recovery begins. o opens the discharge assessment when ready.");
}

static void end_dosing_yes(struct ui *ui, void *priv)
{
	to_recovery(ui, priv);
}

/* The first device records the dose shown as the plan, as starting an infusion does. */
static int esk_plan_store(struct ui *ui, struct sess *s, struct kc_err *err)
{
	int mg, n;

	if (s->cs.s.planned_mg > 0 || !kc_verdict_allows_dosing(&s->cs.verdict) ||
	    sess_esk_plan(s, ui->app->cfg, &mg, &n) != KC_OK)
		return KC_OK; /* the device itself is refused with the reason */
	return kc_chart_plan_esk(ui->app->store, ui->app->cfg, s->ref.session, mg, NULL, ui->now, &n, err);
}

static int device_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct sess *s = priv;
	struct kc_dose_row row;
	int mg, n;

	memset(&row, 0, sizeof row);
	row.kind = KC_DOSE_DEVICE;
	if (sess_form_time(ui, s, f, 0, &row.at, err) != KC_OK)
		return err->status;
	kc_strlcpy(row.lot, ui_form_text(f, 1), sizeof row.lot);
	kc_strlcpy(row.note, ui_form_text(f, 2), sizeof row.note);
	if (!row.lot[0])
		return kc_fail(err, KC_ERR_INVALID, "Lot number: type the lot printed on the device");
	if (esk_plan_store(ui, s, err) != KC_OK || sess_dose_event(ui, s, &row, err) != KC_OK)
		return err->status;
	if (sess_esk_plan(s, ui->app->cfg, &mg, &n) == KC_OK && s->cs.devices_given >= n)
		to_recovery(ui, s);
	else
		ui_msg(ui, UI_OK, "Device %d given. The next one may follow in %d min.", row.device_no,
		       ui->app->cfg->esk.device_spacing_min);
	return KC_OK;
}

void sess_device_open(struct ui *ui, struct sess *s)
{
	struct uif_field tpl[3] = {
		sess_f_time, { .label = "Lot number", .width = 20, .max = 31, .hint = "printed on the device" },
		sess_f_note,
	};
	const char *inits[] = { sess_now, s->inf.lot, NULL };
	char title[64];
	int mg, n = 0;

	tpl[2].hint = "required if sooner than the spacing";
	sess_esk_plan(s, ui->app->cfg, &mg, &n);
	snprintf(title, sizeof title, "Device %d of %d (%d mg)", s->cs.devices_given + 1, n,
		 ui->app->cfg->esk.device_mg);
	sess_form_open(ui, s, title, tpl, 3, inits, device_submit);
}

void sess_stop_key(struct ui *ui, struct sess *s)
{
	int mg, n = 0;
	char q[96];

	if (!sess_is_esk(s)) {
		stop_open(ui, s);
		return;
	}
	sess_esk_plan(s, ui->app->cfg, &mg, &n);
	snprintf(q, sizeof q, "End dosing with %d of %d devices given and start recovery?", s->cs.devices_given, n);
	ui_confirm(ui, q, end_dosing_yes, s);
}
