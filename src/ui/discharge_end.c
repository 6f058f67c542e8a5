/* discharge_end.c — how the session ends: discharged (with the reason when criteria are not
 * met), left against advice or aborted, then signed, after which the chart is read-only. */
#include "scr_discharge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_form.h"
#include "ui_screen.h"

static const char *const outcome_names[] = { "discharged", "against_advice", "aborted" };

/* ---------- the outcome ---------- */

/* The session ends as discharged: kc_chart_end judges every criterion again at this
 * moment (a recent reading, nothing overdue) and refuses, naming what is missing, unless
 * all are met or a physician gave the reason. The assessment stays as it was recorded:
 * discharging does not record it a second time. */
static int discharge_now(struct ui *ui, struct dc *s, const char *reason, struct kc_err *err)
{
	return kc_chart_end(ui->app->store, ui->app->cfg, s->ref.session, "discharged", reason, ui->now, err);
}

static void ended_msg(struct ui *ui, struct dc *s)
{
	char hm[8];

	kc_time_local_hm(s->cs.s.ended_at, hm, sizeof hm);
	ui_msg(ui, UI_OK, "Session ended at %s (%s). s signs the chart as %s.", hm, dc_outcome_word(s->cs.s.outcome),
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
		rc = kc_chart_end(ui->app->store, ui->app->cfg, s->ref.session, outcome_names[s->outcome], reason, ui->now, err);
	if (rc != KC_OK)
		return rc;
	dc_reload(ui, s);
	dc_title(ui, s);
	ended_msg(ui, s);
	return KC_OK;
}

void dc_open_reason(struct ui *ui, struct dc *s, enum outcome o)
{
	static const char *const titles[] = { "Discharge with criteria NOT met",
					      "Left against medical advice", "End the session as aborted" };
	char unmet[KC_NOTE_MAX - 16];

	s->outcome = o;
	kc_strlcpy(s->rtitle, titles[o], sizeof s->rtitle);
	dc_unmet_names(&s->cs.dc, unmet, sizeof unmet);
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

/* Not every criterion is met: a physician gives the reason; anyone else is told what is
 * missing and why d does not discharge. */
void dc_refuse_unmet(struct ui *ui, struct dc *s)
{
	char why[KC_MSG_MAX];

	if (ui_physician(ui)) {
		dc_open_reason(ui, s, OUT_DISCHARGED);
		return;
	}
	dc_nurse_why(s, why, sizeof why);
	ui_msg(ui, UI_WARN, "%s", why);
}

static void discharge_yes(struct ui *ui, void *priv)
{
	struct dc *s = priv;
	struct kc_err err;

	kc_err_clear(&err);
	dc_reload(ui, s);
	if (!s->cs.dc.ready) { /* a criterion lapsed while the question was up */
		dc_refuse_unmet(ui, s);
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

void dc_discharge(struct ui *ui, struct dc *s)
{
	char q[160];

	dc_reload(ui, s);
	if (dc_refuse_ended(ui, s))
		return;
	if (!s->cs.s.dose_start) {
		ui_msg(ui, UI_WARN, "No dose was given: b ends the session as aborted.");
	} else if (dc_infusion_running(s)) {
		ui_msg(ui, UI_WARN, "The infusion is still running: stop it on the session screen first.");
	} else if (!s->has_last) {
		ui_msg(ui, UI_WARN, "Record the discharge assessment first: a.");
	} else if (!s->cs.dc.ready) {
		dc_refuse_unmet(ui, s);
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
	if (kc_chart_sign(ui->app->store, ui->app->cfg, s->ref.session, s->sign_at, &err) != KC_OK) {
		ui_error(ui, &err);
		return;
	}
	dc_reload(ui, s);
	kc_time_local_hm(s->cs.s.signed_at, hm, sizeof hm);
	ui_msg(ui, UI_OK, "Signed by %s at %s: the session is now read-only.", s->cs.s.signed_by, hm);
	/* The chart view is the place for a signed session; if it cannot open, the start screen. */
	if (ui_push(ui, &ui_scr_chart, &s->ref) == KC_OK)
		s->leave = 1;
	else
		dc_leave_to_start(ui);
}

void dc_sign(struct ui *ui, struct dc *s)
{
	char q[160], hm[8];

	dc_reload(ui, s);
	if (dc_signed(s)) {
		dc_refuse_ended(ui, s);
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
