/* ui_ack.h — the acknowledgement of a critical (CRIT) vitals alert: the action taken and a
 * note, stored with kc_chart_ack_rate. One form, shared by the session screen (readings
 * during dosing and recovery) and the screening screen (baseline readings). The infusion
 * actions are offered only while an infusion runs, with a field for the new rate; "infusion
 * paused" pauses it and "rate reduced" records the rate typed. */
#ifndef KC_UI_ACK_H
#define KC_UI_ACK_H

#include <time.h>

#include "kc_chart.h"
#include "kc_store.h"
#include "ui_form.h"

#define UI_ACK_PAUSED KC_ACK_PAUSED

struct ui_ack_ctx {
	kc_id vitals_id;              /* the reading acknowledged (set by the opening) */
	int infusion;                 /* an infusion is running: pausing it, a lower rate offered
				       * (the form then has the field New rate mL/h) */
	/* after a good save, for the saved hook */
	const char *choice;           /* the action chosen, one of the form's labels */
	char action[KC_NOTE_MAX];     /* as stored: "physician notified: Dr Lee informed" */
	char more[96];                /* the hook may add a sentence to "Alert acknowledged: ..." */
	void (*saved)(struct ui *ui, struct ui_ack_ctx *ctx); /* reload the screen; may be NULL */
	/* the form keeps pointers to these while it is open */
	char title[96];
	struct uif_field f[3];
	struct uif_def def;
};

/* Open the acknowledgement of reading id, taken at taken (shown in the title), on the top
 * screen at body line row (below what must stay in view); ctx must live in the screen's
 * priv, with infusion and saved set. */
void ui_ack_form_open(struct ui *ui, struct ui_ack_ctx *ctx, kc_id id, time_t taken, int row);

#endif
