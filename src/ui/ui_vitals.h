/* ui_vitals.h — the compact vitals form, shared by the screening screen (baseline
 * readings) and the session screen (readings during dosing and recovery). */
#ifndef KC_UI_VITALS_H
#define KC_UI_VITALS_H

#include "kc_chart.h"

struct ui;

struct ui_vitals_ctx {
	kc_id session;
	int baseline;                    /* 1 = pre-dose reading in screening */
	struct kc_vitals_result last;    /* filled after a good save */
	void (*saved)(struct ui *ui, struct ui_vitals_ctx *ctx); /* after a good save; may be NULL */
};
/* Open the compact vitals form (BP "142/91", HR, SpO2, RR, MOAA/S, optional temp, time
 * taken following the clock until edited) on the top screen; ctx must live in the screen's priv. */
void ui_vitals_form_open(struct ui *ui, struct ui_vitals_ctx *ctx);

#endif
