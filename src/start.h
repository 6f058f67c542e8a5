/* start.h — start-up (start.c), run by main.c before any command or screen: the
 * configuration and labels, the clock, where the database is and who is running. */
#ifndef KC_START_H
#define KC_START_H

#include "cli.h"
#include "kc_config.h"
#include "kc_store.h"
#include "kc_time.h"
#include "shared.h"

/* What every run needs once the command line is read. */
struct kc_run {
	const struct kc_cli *cli;
	struct kc_shared *sh;
	struct kc_config cfg;
	struct kc_labels *labels;
	struct kc_clock clock;
	char db[4096];
	char actor[KC_LOGIN_MAX];
};

/* Fill run from cli; 0, or the process exit code with the reason on stderr. */
int kc_start(struct kc_run *run, const struct kc_cli *cli, struct kc_shared *sh);
/* Release what kc_start allocated (also after it failed). */
void kc_start_done(struct kc_run *run);

/* A configuration file others can write, or one in a folder others can write: 0 when it is
 * private, else the usage exit code with the reason on stderr. */
int kc_start_config_private(const char *path);
/* Print a configuration's problems on stderr. */
void kc_start_print_diag(const struct kc_diag *d);

#endif
