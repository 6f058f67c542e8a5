/* ui_inv.h — the controlled-substance forms of a session (inv_forms.c): ketamine drawn up
 * (lot, amount mg, time) and drug wasted (lot, amount mg, how, time), each through
 * kc_chart_drug_draw / kc_chart_drug_waste; a waste then waits for a second clinician's
 * witness (the paperwork screen, W on the start screen). Private to src/ui/. */
#ifndef KC_UI_INV_H
#define KC_UI_INV_H

#include "kc_store.h"

struct ui;

void ui_inv_draw_open(struct ui *ui, kc_id session);
void ui_inv_waste_open(struct ui *ui, kc_id session);
/* What the session still has drawn up and not given or wasted, for a status line: "" when
 * nothing, else "12.5 mg drawn up is neither given nor wasted". */
void ui_inv_left_text(struct ui *ui, kc_id session, char *out, size_t n);

#endif
