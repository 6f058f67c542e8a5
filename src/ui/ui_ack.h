/* ui_ack.h — the acknowledgement of a critical (CRIT) vitals alert: up to UI_ACK_PICKS
 * actions (Action taken, Action 2, Action 3; the last two start on "- none"), each with
 * its note, stored together with kc_chart_ack_actions (all or none).
 * One form, shared by the session screen (readings during dosing and recovery) and the
 * screening screen (baseline readings). What is offered is kc_ack_offer_vitals: the
 * infusion actions only while an infusion runs, with a field for the new rate; "infusion
 * paused" pauses it and "rate reduced" records the rate typed. */
#ifndef KC_UI_ACK_H
#define KC_UI_ACK_H

#include <time.h>

#include "kc_ack.h"
#include "kc_chart.h"
#include "kc_store.h"
#include "ui_form.h"

#define UI_ACK_PAUSED KC_ACK_PAUSED
#define UI_ACK_PICKS 3 /* actions the form offers room for */

struct ui_ack_ctx {
	kc_id vitals_id;              /* the reading acknowledged (set by the opening) */
	int infusion;                 /* an infusion is running: pausing it, a lower rate offered
				       * (the form then has the field Rate mL/h) */
	/* after a good save, for the saved hook */
	int paused, rated;            /* the actions said the infusion was paused / slowed */
	char action[KC_NOTE_MAX];     /* as stored: "infusion paused; physician notified: Dr Lee" */
	char more[96];                /* the hook may add a sentence to "Alert acknowledged: ..." */
	void (*saved)(struct ui *ui, struct ui_ack_ctx *ctx); /* reload the screen; may be NULL */
	/* the form keeps pointers to these while it is open */
	struct kc_ack_offer offer;
	const char *first[KC_ACK_OFFER_MAX + 2]; /* "- choose", the offer, NULL: nothing is picked for the clinician */
	const char *next[KC_ACK_OFFER_MAX + 2];  /* "- none", the offer, NULL */
	char title[96];
	struct uif_field f[2 * UI_ACK_PICKS + 1];
	struct uif_def def;
};

/* Open the acknowledgement of reading id, taken at taken (shown in the title), on the top
 * screen at body line row (below what must stay in view); ctx must live in the screen's
 * priv, with infusion and saved set. */
void ui_ack_form_open(struct ui *ui, struct ui_ack_ctx *ctx, kc_id id, time_t taken, int row);

#endif
