/* discharge_assess.c — the discharge assessment form: the five Modified Aldrete components
 * (circulation and SpO2 suggested from the latest reading), gait, escort and each of the
 * discharge instructions, stored through kc_chart_discharge. */
#include "scr_discharge.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
_Static_assert(F_COUNT == DC_FIELDS, "the assessment form has DC_FIELDS fields");

/* ---------- the assessment ---------- */

static int score_of(int choice)
{
	return choice == 0 ? KC_NONE : 3 - choice;
}

/* Every field starts unanswered: the clinician confirms each one now. A reading's
 * suggestion is a hint, never a pre-set answer, and an earlier assessment's escort or
 * instructions are not carried over. */
static void build_assess(struct dc *s)
{
	const struct kc_vitals *v = &s->cs.latest;

	if (s->sugg_circ != KC_NONE)
		snprintf(s->circ_hint, sizeof s->circ_hint, "suggested %d: BP %d vs baseline %d mmHg",
			 s->sugg_circ, v->systolic, s->cs.scr.baseline.systolic);
	else
		snprintf(s->circ_hint, sizeof s->circ_hint, "no BP and baseline to suggest from");
	if (s->sugg_spo2 != KC_NONE)
		snprintf(s->spo2_hint, sizeof s->spo2_hint, "suggested %d: SpO2 %d %% (on room air?)",
			 s->sugg_spo2, v->spo2);
	else
		snprintf(s->spo2_hint, sizeof s->spo2_hint, "no SpO2 reading to suggest from");
	s->af[F_ACTIVITY] = (struct uif_field){ .label = "Activity", .type = UIF_CHOICE,
						.choices = activity_choices, .hint = "2, 1 or 0 picks; limbs moved on request" };
	s->af[F_RESPIRATION] = (struct uif_field){ .label = "Respiration", .type = UIF_CHOICE,
						   .choices = respiration_choices, .hint = "2, 1 or 0 picks" };
	s->af[F_CIRCULATION] = (struct uif_field){ .label = "Circulation", .type = UIF_CHOICE,
						   .choices = circulation_choices, .hint = s->circ_hint };
	s->af[F_CONSCIOUSNESS] = (struct uif_field){ .label = "Consciousness", .type = UIF_CHOICE,
						     .choices = consciousness_choices, .hint = "2, 1 or 0 picks" };
	s->af[F_SPO2] = (struct uif_field){ .label = "SpO2", .type = UIF_CHOICE, .choices = spo2_choices,
					    .hint = s->spo2_hint };
	s->af[F_GAIT] = (struct uif_field){ .label = "Steady gait", .type = UIF_CHOICE, .choices = gait_choices,
					    .hint = "walks steadily without help: y / n" };
	s->af[F_ESCORT] = (struct uif_field){ .label = "Escort present", .type = UIF_CHOICE,
					      .choices = escort_choices,
					      .hint = "an adult takes the patient home: y / n" };
	s->af[F_DRIVING] = (struct uif_field){ .label = "Told: no driving", .type = UIF_CHOICE,
					       .choices = told_choices,
					       .hint = "no driving until the next day, after restful sleep" };
	s->af[F_ALCOHOL] = (struct uif_field){ .label = "Told: no alcohol", .type = UIF_CHOICE,
					       .choices = told_choices,
					       .hint = "no alcohol or sedatives for the rest of the day" };
	s->af[F_CRISIS] = (struct uif_field){ .label = "Crisis line given", .type = UIF_CHOICE,
					      .choices = told_choices,
					      .hint = "crisis line and the clinic's number given" };
}

void dc_unmet_names(const struct kc_discharge_result *r, char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < KC_DC_COUNT && len + 1 < n; i++) {
		int w;

		if (r->c[i].met)
			continue;
		w = snprintf(out + len, n - len, "%s%s", len ? ", " : "", r->c[i].name);
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

void dc_nurse_why(const struct dc *s, char *out, size_t n)
{
	char unmet[KC_MSG_MAX / 2];

	dc_unmet_names(&s->cs.dc, unmet, sizeof unmet);
	snprintf(out, n, "Not met: %s. " DC_NURSE_UNMET, unmet);
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
	dc_unmet_names(&res, unmet, sizeof unmet);
	if (res.ready)
		ui_msg(ui, UI_OK, "Assessment saved: Aldrete %d, every criterion met. d discharges.", row.aldrete_total);
	else
		ui_msg(ui, UI_WARN, "Assessment saved: Aldrete %d%s. NOT YET: %s", row.aldrete_total,
		       told == 3 ? "" : told ? ", instructions only partly given" : "", unmet);
	return KC_OK;
}

void dc_open_assess(struct ui *ui, struct dc *s)
{
	if (dc_refuse_ended(ui, s))
		return;
	build_assess(s);
	s->adef = (struct uif_def){ .title = "Discharge assessment",
				    .fields = s->af, .n = F_COUNT, .row = 0, .advance = 1,
				    .submit = assess_submit };
	ui_form_open(ui, &s->adef, s);
}
