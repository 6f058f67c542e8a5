/* demo_chart.c — the charting calls both demo makers use (demo_impl.h): through
 * kc_chart_* exactly as a clinician's entries go. */
#include "demo_impl.h"

#include <string.h>

#include "kc_error.h"

int demo_observe(struct demo_to to, time_t t, enum kc_obs_kind kind, enum kc_scale scale, int score,
		 const int *items, const char *intervention, const char *note)
{
	struct kc_obs_entry e;

	memset(&e, 0, sizeof e);
	e.kind = kind;
	e.scale = scale;
	e.score = score;
	e.items = items;
	e.intervention = intervention;
	e.note = note;
	e.detail = "";
	e.observed = t;
	return kc_chart_observation(to.st, to.cfg, to.session, &e, t + KC_DEMO_ENTER, NULL, NULL, to.err);
}

int demo_dose(struct demo_to to, time_t t, enum kc_dose_kind kind, double mg, double rate, const char *lot,
	      const char *note)
{
	struct kc_dose_row r;

	memset(&r, 0, sizeof r);
	r.at = t;
	r.kind = kind;
	r.mg = mg;
	r.rate_ml_h = rate;
	kc_strlcpy(r.lot, lot, sizeof r.lot);
	kc_strlcpy(r.note, note, sizeof r.note);
	return kc_chart_dose(to.st, to.cfg, to.session, &r, t + KC_DEMO_ENTER, to.err);
}

int demo_assess(struct demo_to to, time_t t)
{
	struct kc_discharge_row r;

	memset(&r, 0, sizeof r);
	r.at = t;
	r.aldrete = (struct kc_aldrete){ 2, 2, 2, 2, 2 };
	r.gait_steady = 1;
	r.escort_confirmed = 1;
	r.instructions_given = 1;
	return kc_chart_discharge(to.st, to.cfg, to.session, &r, t + KC_DEMO_ENTER, NULL, to.err);
}
