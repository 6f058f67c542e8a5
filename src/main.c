/* main.c — start-up, then the screens or a sub-command. Only main reaches the screens
 * (tests/cli/layout.sh): the sub-commands (cmd.c) print and exit. */
#include <locale.h>
#include <stdio.h>

#include "cli.h"
#include "kc_ascii.h"
#include "kc_ui.h"
#include "start.h"

/* The full-screen program, on the database opened as the clinician running it. */
static int run_screens(struct kc_run *run)
{
	struct kc_app app = { 0 };
	struct kc_err err;
	int rc = kc_cli_open(run, KC_OPEN_EXISTING, &app.store);

	if (rc)
		return rc;
	app.cfg = &run->cfg;
	app.labels = run->labels;
	app.clock = run->clock;
	app.db_path = run->db;
	app.training = kc_store_training(app.store);
	rc = kc_ui_run(&app, &err);
	if (rc != 0)
		fprintf(stderr, "ketchart: %s\n", err.msg);
	kc_store_close(app.store);
	return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct kc_shared sh;
	struct kc_cli cli;
	struct kc_run run;
	struct kc_err err;
	int rc;

	/* Before anything reads the environment: a setgid ketchart cleans it, turns core dumps
	 * off and keeps its group for opening the database only (shared.h). */
	if (kc_shared_start(&sh, &err) != KC_OK) {
		fprintf(stderr, "ketchart: %s\n", err.msg);
		return 1;
	}
	setlocale(LC_ALL, "");
	/* Numbers are typed and stored with a decimal point whatever the locale. */
	setlocale(LC_NUMERIC, "C");
	kc_ascii_stdio(0);
	if (kc_cli_parse(argc, argv, &cli, &err) != KC_OK) {
		fprintf(stderr, "ketchart: %s\n\n%s", err.msg, kc_cli_usage());
		return 2;
	}
	if (cli.cmd) /* a sub-command's output to a non-UTF-8 terminal: ASCII too */
		kc_ascii_stdio(1);
	if (kc_cli_plain(&cli, &sh, &rc))
		return rc;
	rc = kc_start(&run, &cli, &sh);
	if (rc == 0)
		rc = cli.cmd ? kc_cli_run(&run) : run_screens(&run);
	kc_start_done(&run);
	return rc;
}
