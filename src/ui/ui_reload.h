/* ui_reload.h — the one reload policy of every screen (issue 10).
 *
 * A screen re-reads the database only while it is on top and only when the database
 * changed since its last load: another program committed (PRAGMA data_version) or this
 * one wrote (kc_store_changed). A screen whose loaded state is computed for a moment (the
 * session screens: due and overdue readings, the infusion's mg, discharge timers) may ask
 * for one more load when the clock's minute turns, the precision those are shown to.
 * Clocks and countdowns repaint from what was loaded, without the database. Hidden under
 * another screen, nothing is read: show() reloads when the screen is on top again.
 * Free of curses, so tests/test_reload.c drives it with two connections. */
#ifndef KC_UI_RELOAD_H
#define KC_UI_RELOAD_H

#include <time.h>

#include "kc_store.h"

struct ui_fresh {
	struct kc_store_seen seen; /* the database as the last load saw it */
	long minute;               /* the clock's minute (now / 60) of the last load */
	long loads;                /* loads the policy asked for (tests, diagnostics) */
};

/* 1 when the screen should reload now (and *f then counts that load as made): not hidden,
 * and the database changed since the last load, or per_minute and the minute turned.
 * Called at every tick of a screen: one PRAGMA, no table read. */
int ui_reload_due(struct kc_store *st, int hidden, time_t now, int per_minute, struct ui_fresh *f);
/* A load made for another reason (open, show, the screen's own save) takes what the
 * database is now as seen: call it before the load, so a commit during it means one more. */
void ui_reload_mark(struct kc_store *st, time_t now, struct ui_fresh *f);

#endif
