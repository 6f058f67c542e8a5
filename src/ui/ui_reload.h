/* ui_reload.h — the one reload policy of every screen (issue 10).
 *
 * A screen re-reads the database only while it is on top and only when the database
 * changed since its last load: another program committed (PRAGMA data_version) or this
 * one wrote (kc_store_changed). The clock is never a reason to read: what a load computed
 * for its moment (due and overdue readings, the screening's fasting, the discharge
 * criteria, a REMS form's days left) is judged again from what was loaded when the
 * clock's minute turns (kc_chart_state_at: the dosing and discharge screens; the
 * screening's verdict; the paperwork's days left), and clocks and countdowns repaint
 * from it, without the database. Hidden under another screen, nothing is read: show()
 * reloads when the screen is on top again. Free of curses, so tests/test_reload.c
 * drives it with two connections. */
#ifndef KC_UI_RELOAD_H
#define KC_UI_RELOAD_H

#include "kc_store.h"

struct ui_fresh {
	struct kc_store_seen seen; /* the database as the last load saw it */
	long loads;                /* loads the policy asked for (tests, diagnostics) */
};

/* 1 when the screen should reload now (and *f then counts that load as made): not hidden,
 * and the database changed since the last load. Called at every tick of a screen: one
 * PRAGMA, no table read. */
int ui_reload_due(struct kc_store *st, int hidden, struct ui_fresh *f);
/* A load made for another reason (open, show, the screen's own save) takes what the
 * database is now as seen: call it before the load, so a commit during it means one more. */
void ui_reload_mark(struct kc_store *st, struct ui_fresh *f);
/* How many loads every screen of this process has made (each load marks itself with
 * ui_reload_mark first). A stepped test clock has it written beside its file (app.c), so
 * a screen test can tell that an idle screen does not read the database. */
long ui_reload_loads(void);

#endif
