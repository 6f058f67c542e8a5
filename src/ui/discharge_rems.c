/* discharge_rems.c — the REMS form on the discharge screen (esketamine): the answers only the
 * clinician can give (respiratory depression, a serious adverse event with its description
 * and whether the patient was sent to an emergency department or admitted, the minute the
 * patient would have been ready), stored through kc_chart_rems_answer, and what the form
 * still needs before the session can be signed (kc_chart_rems_form). */
#include "scr_discharge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_rems.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_form.h"

static const char *const yn_choices[] = { "- not answered", "no", "yes", NULL };

enum { R_RESP, R_SAE, R_SAE_TEXT, R_SAE_ED, R_SAE_ADMIT, R_READY, R_REASON, R_COUNT };
_Static_assert(R_COUNT == DC_REMS_FIELDS, "the REMS form has DC_REMS_FIELDS fields");

static const char *const items[R_REASON] = { KC_REMS_ANS_RESP, KC_REMS_ANS_SAE, KC_REMS_ANS_SAE_TEXT,
					      KC_REMS_ANS_SAE_ED, KC_REMS_ANS_SAE_ADMIT, KC_REMS_ANS_READY };

int dc_is_rems(const struct dc *s)
{
	return s->cs.s.route == KC_ROUTE_ESKETAMINE;
}

void dc_load_rems(struct ui *ui, struct dc *s)
{
	struct kc_err err;

	s->has_rems = dc_is_rems(s) &&
		      kc_chart_rems_form(ui->app->store, ui->app->cfg, s->ref.session, &s->rems, &err) == KC_OK;
}

/* The stored answers, as the form starts on them (what is stored is what it shows). */
static void current(struct ui *ui, struct dc *s, char init[R_COUNT][KC_NOTE_MAX])
{
	struct kc_answer_row *a = NULL;
	size_t n = 0;
	struct kc_err err;

	memset(init, 0, sizeof(char[R_COUNT][KC_NOTE_MAX]));
	if (kc_screen_list(ui->app->store, s->ref.session, &a, &n, &err) != KC_OK)
		return;
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < R_REASON; k++) {
			if (strcmp(a[i].item, items[k]) != 0)
				continue;
			if (k == R_SAE_TEXT)
				kc_strlcpy(init[k], a[i].note, KC_NOTE_MAX);
			else if (k == R_READY)
				kc_strlcpy(init[k], a[i].value, KC_NOTE_MAX);
			else
				kc_strlcpy(init[k], strcmp(a[i].value, "yes") == 0 ? yn_choices[2]
						    : strcmp(a[i].value, "no") == 0 ? yn_choices[1] : "", KC_NOTE_MAX);
		}
	free(a);
}

/* Each field that says something new is stored; a field left unanswered clears nothing. */
static int rems_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct dc *s = priv;
	const char *reason = ui_form_text(f, R_REASON);
	int saved = 0;

	for (int k = 0; k < R_REASON; k++) {
		char value[16] = "", note[KC_NOTE_MAX] = "";
		int rc;

		if (!ui_form_field_changed(f, (size_t)k))
			continue;
		if (k == R_SAE_TEXT)
			kc_strlcpy(note, ui_form_text(f, (size_t)k), sizeof note);
		else if (k == R_READY)
			kc_strlcpy(value, ui_form_text(f, (size_t)k), sizeof value);
		else if (ui_form_choice(f, (size_t)k))
			kc_strlcpy(value, ui_form_choice(f, (size_t)k) == 2 ? "yes" : "no", sizeof value);
		if (!value[0] && !note[0])
			continue;
		rc = kc_chart_rems_answer(ui->app->store, ui->app->cfg, s->ref.session, items[k], value, note,
					  reason[0] ? reason : NULL, ui->now, err);
		if (rc != KC_OK)
			return rc;
		saved++;
	}
	dc_reload(ui, s);
	ui_mark(ui, UI_BODY);
	if (s->has_rems && s->rems.nmissing)
		ui_msg(ui, UI_WARN, "REMS answers saved (%d). The form still needs %d field%s (listed below).", saved,
		       s->rems.nmissing, s->rems.nmissing == 1 ? "" : "s");
	else
		ui_msg(ui, UI_OK, "REMS answers saved (%d). The REMS form is complete.", saved);
	return KC_OK;
}

void dc_open_rems(struct ui *ui, struct dc *s)
{
	char init[R_COUNT][KC_NOTE_MAX];
	const char *ptr[R_COUNT];

	if (!dc_is_rems(s)) {
		ui_msg(ui, UI_WARN, "Only an esketamine session has a REMS form.");
		return;
	}
	if (dc_signed(s)) {
		ui_msg(ui, UI_WARN, "Signed: the REMS answers are read-only (add an addendum instead).");
		return;
	}
	current(ui, s, init);
	for (int i = 0; i < R_COUNT; i++)
		ptr[i] = init[i];
	s->remsf[R_RESP] = (struct uif_field){ .label = "Respiratory depression", .type = UIF_CHOICE,
					       .choices = yn_choices, .hint = "y / n: did it occur this session" };
	s->remsf[R_SAE] = (struct uif_field){ .label = "Serious adverse event", .type = UIF_CHOICE,
					      .choices = yn_choices, .hint = "y / n; yes asks what, and ED / admission" };
	s->remsf[R_SAE_TEXT] = (struct uif_field){ .label = "What happened", .width = 40, .max = KC_NOTE_MAX - 1,
						   .hint = "the serious adverse event, in words" };
	s->remsf[R_SAE_ED] = (struct uif_field){ .label = "Sent to an ED", .type = UIF_CHOICE, .choices = yn_choices,
						 .hint = "y / n: transferred to an emergency department" };
	s->remsf[R_SAE_ADMIT] = (struct uif_field){ .label = "Admitted", .type = UIF_CHOICE, .choices = yn_choices,
						    .hint = "y / n: hospitalised" };
	s->remsf[R_READY] = (struct uif_field){ .label = "Ready at min", .type = UIF_NUMBER, .width = 5,
						.accept = "0123456789",
						.hint = "minutes from the first device the patient would have been ready "
							"without the 2-hour minimum" };
	s->remsf[R_REASON] = (struct uif_field){ .label = "Reason if changed", .width = 40, .max = KC_NOTE_MAX - 1,
						 .hint = "needed only to change an answer already recorded" };
	s->remsdef = (struct uif_def){ .title = "REMS form: the clinician's answers", .fields = s->remsf,
				       .n = R_COUNT, .row = 2, .submit = rems_submit };
	ui_form_open_init(ui, &s->remsdef, s, ptr);
}

/* "REMS form complete", or what it still needs, each with where it is entered. */
void dc_rems_lines(struct ui *ui, const struct dc *s, struct uil_lines *l, int width, int *stop)
{
	char text[2048];

	if (!dc_is_rems(s))
		return;
	uil_lines_add(l, "REMS form", 0, UIL_RULE, 0);
	if (!s->has_rems) {
		uil_lines_wrap(l, width, ui->utf8, 0, "", "The REMS form could not be read.", UI_NORMAL, 0, ++*stop);
		return;
	}
	if (!s->rems.nmissing) {
		snprintf(text, sizeof text, "%s complete: every field is filled", ui->utf8 ? "\u2713" : "+");
		uil_lines_wrap(l, width, ui->utf8, 0, "", text, UI_OK, 0, ++*stop);
		return;
	}
	snprintf(text, sizeof text, "%s MISSING %d field%s - sign-off waits (r answers):", ui->g.warn,
		 s->rems.nmissing, s->rems.nmissing == 1 ? "" : "s");
	uil_lines_wrap(l, width, ui->utf8, 0, "", text, UI_WARN, 0, ++*stop);
	kc_rems_missing_text(&s->rems, 1, text, sizeof text);
	uil_lines_wrap(l, width, ui->utf8, 0, "", text, UI_NORMAL, 0, ++*stop);
}
