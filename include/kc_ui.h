/* kc_ui.h — the full-screen program (src/ui/). The only code that includes curses.h. */
#ifndef KC_UI_H
#define KC_UI_H

#include "kc_config.h"
#include "kc_error.h"
#include "kc_store.h"
#include "kc_time.h"

struct kc_app {
	struct kc_store *store;       /* open, migrated; owned by main */
	const struct kc_config *cfg;  /* validated */
	const struct kc_labels *labels; /* licensed item labels (kc_label() falls back when none) */
	struct kc_clock clock;        /* real, or the test clock (training databases only) */
	int training;                 /* a training database: TRAINING shown on every screen */
	const char *db_path;          /* for messages */
};

/* Run the screens until the clinician quits. Restores the terminal on every exit path,
 * including SIGHUP / SIGTERM (accepted entries are already stored). Returns 0, or 1 with
 * err filled when the terminal could not be used. */
int kc_ui_run(struct kc_app *app, struct kc_err *err);

#endif
