/* demo_impl.h — what the demo's two makers (demo.c: the small training database;
 * demo_big.c: `demo --sessions N`) share: the charting calls a session's entries go
 * through, each entered ENTER after its time as at the chair. Internal to src/core. */
#ifndef KC_DEMO_IMPL_H
#define KC_DEMO_IMPL_H

#include <time.h>

#include "kc_chart.h"

#define KC_DEMO_ENTER 60 /* seconds of typing after the time taken */

/* The session being charted and where its errors go. */
struct demo_to {
	struct kc_store *st;
	const struct kc_config *cfg;
	kc_id session;
	struct kc_err *err;
};

/* A side effect observed at t (items: the scale's items, or NULL). */
int demo_observe(struct demo_to to, time_t t, enum kc_obs_kind kind, enum kc_scale scale, int score,
		 const int *items, const char *intervention, const char *note);
/* A dose event at t. */
int demo_dose(struct demo_to to, time_t t, enum kc_dose_kind kind, double mg, double rate, const char *lot,
	      const char *note);
/* A discharge assessment at t with every criterion met. */
int demo_assess(struct demo_to to, time_t t);

#endif
