/* ui.h — transition only: every module header of the UI kit at once. New code includes the
 * module headers it uses (ui_screen.h, ui_draw.h, ui_form.h, ui_app.h) instead; this file
 * goes once nothing includes it. */
#ifndef KC_UI_PRIV_H
#define KC_UI_PRIV_H

#include "ui_app.h"
#include "ui_draw.h"
#include "ui_form.h"
#include "ui_screen.h"

#endif
