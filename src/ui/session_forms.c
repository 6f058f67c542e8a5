/* session_forms.c — the session screen's form kit (a template copied per opening, a time that
 * means now unless changed, a dose event through the chart), the acknowledgement of a
 * critical alert, aborting, and vitals not taken. */
#include "scr_session.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_form.h"
#include "ui_screen.h"

/* ---------- the screen's forms ---------- */

/* A starting text that stands for the clock: the time field follows it until edited. */
const char *const sess_now = UIF_NOW;

/* Copy a form template into priv and open it with its starting texts (NULL: the
 * template's; sess_now: a time following the clock). */
void sess_form_open(struct ui *ui, struct sess *s, const char *title, const struct uif_field *tpl, size_t n,
		    const char *const *inits,
		    int (*submit)(struct ui *, void *, struct ui_form *, struct kc_err *))
{
	const char *start[FORM_MAX] = { NULL };

	n = n < FORM_MAX ? n : FORM_MAX;
	for (size_t i = 0; i < n; i++) {
		s->fields[i] = tpl[i];
		start[i] = inits ? inits[i] : NULL;
	}
	kc_strlcpy(s->title, title, sizeof s->title);
	s->def = (struct uif_def){ .title = s->title, .fields = s->fields, .n = n, .row = FORM_ROW,
				   .submit = submit };
	ui_form_open_init(ui, &s->def, s, start);
}

/* The time field i: the clock time it shows while following the clock, else what was
 * typed, read and bounded by the chart (kc_chart_time). */
int sess_form_time(struct ui *ui, struct sess *s, struct ui_form *f, size_t i, time_t *t, struct kc_err *err)
{
	return ui_form_time_for(ui, f, i, s->ref.session, t, err);
}

int sess_form_number(struct ui_form *f, size_t i, const char *label, double *out, struct kc_err *err)
{
	const char *txt = ui_form_text(f, i);
	char *end;

	*out = strtod(txt, &end);
	if (!*txt || *end || !(*out > 0))
		return kc_fail(err, KC_ERR_INVALID, "%s: type a number above 0, e.g. 0.5", label);
	return KC_OK;
}

/* A number that may be 0 (an amount not given). */
int sess_form_number0(struct ui_form *f, size_t i, const char *label, double *out, struct kc_err *err)
{
	const char *txt = ui_form_text(f, i);
	char *end;

	*out = strtod(txt, &end);
	if (!*txt || *end || !(*out >= 0))
		return kc_fail(err, KC_ERR_INVALID, "%s: type a number, 0 or above, e.g. 2.5", label);
	return KC_OK;
}

/* One dose event through the chart, then the screen redraws from what was stored. */
int sess_dose_event(struct ui *ui, struct sess *s, struct kc_dose_row *row, struct kc_err *err)
{
	static const char *const done[KC_DOSE_COUNT] = {
		[KC_DOSE_START] = "Infusion started", [KC_DOSE_PAUSE] = "Infusion paused",
		[KC_DOSE_RESUME] = "Infusion resumed", [KC_DOSE_RATE] = "Pump rate changed",
		[KC_DOSE_STOP] = "Infusion stopped", [KC_DOSE_DEVICE] = "Device given",
	};
	char at[16];

	if (kc_chart_dose(ui->app->store, ui->app->cfg, s->ref.session, row, ui->now, err) != KC_OK)
		return err->status;
	sess_reload(ui, s);
	kc_time_local_hm(row->at, at, sizeof at);
	ui_msg(ui, UI_OK, "%s %s%s.", done[row->kind], at, row->late ? " (LATE entry)" : "");
	return KC_OK;
}

const struct uif_field sess_f_time = { .label = "Time (HH:MM)", .type = UIF_TIME,
					 .hint = "follows the clock; or HH:MM, yesterday HH:MM" };
const struct uif_field sess_f_note = { .label = "Note", .width = 30, .max = KC_NOTE_MAX - 1,
					 .hint = "optional" };

/* ---------- acknowledging a critical alert ---------- */

/* The form is ui_ack.c's; the screen reloads and says what the chart changed. */
static void ack_saved(struct ui *ui, struct ui_ack_ctx *ctx)
{
	struct sess *s = (struct sess *)(void *)((char *)ctx - offsetof(struct sess, actx));
	char at[16];

	sess_reload(ui, s);
	if (ctx->paused && s->inf.paused_at) {
		kc_time_local_hm(s->inf.paused_at, at, sizeof at);
		snprintf(ctx->more, sizeof ctx->more, " The infusion is PAUSED since %s (p resumes).", at);
	} else if (ctx->rated) {
		snprintf(ctx->more, sizeof ctx->more, " The pump runs at %.1f mL/h.", s->inf.rate);
	}
}

void sess_ack_open(struct ui *ui, struct sess *s)
{
	const struct kc_vitals_row *r = sess_reading(s, s->cs.last_unacked_id);

	s->actx.infusion = s->inf.started && !s->inf.stopped;
	s->actx.saved = ack_saved;
	ui_ack_form_open(ui, &s->actx, s->cs.last_unacked_id, r ? r->taken_at : 0, FORM_ROW);
}

/* ---------- aborting ---------- */

static int abort_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct sess *s = priv;
	const char *why = ui_form_text(f, 0);

	if (!*why)
		return kc_fail(err, KC_ERR_INVALID, "Reason: say why the session is aborted");
	if (kc_chart_end(ui->app->store, ui->app->cfg, s->ref.session, "aborted", why, ui->now, err) != KC_OK)
		return err->status;
	ui_msg(ui, UI_WARN, "Session of %s aborted: %s", s->cs.p.name, why);
	ui_pop(ui);
	return KC_OK;
}

void sess_abort_yes(struct ui *ui, void *priv)
{
	static const struct uif_field tpl[] = {
		{ .label = "Reason", .width = 40, .max = KC_NOTE_MAX - 1,
		  .hint = "e.g. patient asked to stop; BP not controlled" },
	};

	sess_form_open(ui, priv, "Abort the session: why?", tpl, 1, NULL, abort_submit);
}

/* ---------- vitals not taken ---------- */

static const char *const not_taken_choices[] = { "refused by the patient", "could not be taken", NULL };

static int not_taken_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct sess *s = priv;
	struct kc_vitals_entry e;
	struct kc_vitals_result res;
	char at[16];

	memset(&e, 0, sizeof e);
	e.text = (struct kc_vitals_text){ "", "", "", "", "", "" };
	e.status = ui_form_choice(f, 0) == 0 ? KC_VITALS_REFUSED : KC_VITALS_UNAVAILABLE;
	e.reason = ui_form_text(f, 1);
	if (!*e.reason)
		return kc_fail(err, KC_ERR_INVALID, "Reason: say why the vitals were not taken");
	if (sess_form_time(ui, s, f, 2, &e.taken, err) != KC_OK ||
	    kc_chart_vitals(ui->app->store, ui->app->cfg, s->ref.session, &e, ui->now, &res, err) != KC_OK)
		return err->status;
	sess_reload(ui, s);
	s->top = 0;
	kc_time_local_hm(e.taken, at, sizeof at);
	ui_msg(ui, UI_WARN, "Vitals %s recorded %s%s: %s", e.status == KC_VITALS_REFUSED ? "REFUSED" : "UNAVAIL", at,
	       res.late ? ", LATE entry" : "", ui_form_text(f, 1));
	return KC_OK;
}

void sess_not_taken_open(struct ui *ui, struct sess *s)
{
	struct uif_field tpl[3] = {
		{ .label = "Vitals", .type = UIF_CHOICE, .choices = not_taken_choices,
		  .hint = "r refused by the patient, c could not be taken" },
		{ .label = "Reason (required)", .width = 40, .max = KC_NOTE_MAX - 1,
		  .hint = "e.g. asleep, not woken; cuff too small" },
		sess_f_time,
	};
	const char *inits[] = { NULL, NULL, sess_now };

	sess_form_open(ui, s, "Vitals not taken", tpl, 3, inits, not_taken_submit);
}
