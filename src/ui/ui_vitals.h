/* ui_vitals.h — the compact vitals form, shared by the screening screen (baseline
 * readings) and the session screen (readings during dosing and recovery). */
#ifndef KC_UI_VITALS_H
#define KC_UI_VITALS_H

#include "kc_chart.h"
#include "ui_form.h"

struct ui;

#define UI_VITALS_FIELDS 7
struct ui_vitals_ctx {
	kc_id session;
	int baseline;                    /* 1 = pre-dose reading in screening */
	struct kc_vitals_result last;    /* filled after a good save */
	void (*saved)(struct ui *ui, struct ui_vitals_ctx *ctx); /* after a good save; may be NULL */
	/* the form of this opening (ui_vitals_form_open fills them) */
	struct uif_field f[UI_VITALS_FIELDS];
	struct uif_def def;
	char title[80];
	char carry_text[UI_VITALS_FIELDS][8]; /* the carried values as shown, "" none */
	time_t carried_at;               /* the reading they come from, 0 none */
};
/* Open the compact vitals form on the top screen: BP "142/91", HR, SpO2, RR, MOAA/S,
 * optional temp, the time taken following the clock until edited. The BP field also takes
 * the whole round as one line ("142/91 88 97 14 5": kc_vitals_line_split, the rest blank),
 * which the save spreads over the fields it charts. HR, SpO2, RR and MOAA/S may start on
 * the session's last valid reading as kc_vitals_carry allows, each marked "carried" until
 * edited (a carried value is stored only when the form is saved showing it). Enter saves
 * from BP when it holds a line or when every measure below holds a value; else it goes to
 * the next field. ctx must live in the screen's priv. */
void ui_vitals_form_open(struct ui *ui, struct ui_vitals_ctx *ctx);

#endif
