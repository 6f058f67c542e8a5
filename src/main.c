/* main.c — parse the command line and hand it to the code that runs. */
#include <locale.h>
#include <stdio.h>

#include "cli.h"
#include "kc_ascii.h"

int main(int argc, char **argv)
{
	struct kc_shared sh;
	struct kc_cli cli;
	struct kc_err err;

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
	return kc_cli_run(&cli, &sh);
}
