/* cli.h — the command line: parsing (pure, fuzzable, cli.c) and the sub-commands (cmd.c). */
#ifndef KC_CLI_H
#define KC_CLI_H

#include "kc_error.h"
#include "shared.h"

#define KC_CLI_ARGS_MAX 8

struct kc_cli {
	const char *db;      /* --db PATH */
	const char *config;  /* --config PATH */
	const char *format;  /* export --format csv|fhir */
	const char *since;   /* export --since DATE */
	const char *after;   /* export --after CURSOR */
	const char *tz;      /* export --format csv --tz utc|local */
	const char *head;    /* verify --head HASH */
	const char *name;    /* user add --name "Display Name" */
	const char *role;    /* user add --role nurse|physician|admin */
	const char *sessions; /* demo --sessions N */
	const char *seed;    /* demo --seed S */
	const char *course;  /* report --course CHART_NO */
	const char *table;   /* export --format csv --table vitals|observations|doses|scores|acks|sessions */
	const char *pdf;     /* report / rems --pdf FILE */
	const char *submitted;    /* rems SESSION --submitted DATE */
	const char *channel;      /* ... --channel online|fax */
	const char *confirmation; /* ... --confirmation NUMBER */
	const char *cmd;     /* NULL: the TUI */
	const char *args[KC_CLI_ARGS_MAX];
	int nargs;
	int help, version;
	int verify;          /* backup --verify: the full verify too */
	int raw;             /* export --format csv --raw: cells as stored, no formula guard */
	int transaction;     /* export --format fhir --transaction: a transaction Bundle */
	int bom;             /* export --format csv --bom: a UTF-8 byte order mark first */
	int training;        /* init --training */
	int shared;          /* setup --shared */
	int due;             /* rems --due */
};

/* Parse argv (global options may stand anywhere). KC_OK, or KC_ERR_INVALID with a
 * message for an unknown option, a missing value, an unknown command or wrong arguments. */
int kc_cli_parse(int argc, char **argv, struct kc_cli *cli, struct kc_err *err);

/* The usage text (for --help and usage errors). */
const char *kc_cli_usage(void);

struct kc_run;   /* start.h */
struct kc_store;

/* --help, --version, check-config and setup, which need no start-up: 1 with the process
 * exit code in *rc when cli is one of them, else 0. */
int kc_cli_plain(const struct kc_cli *cli, const struct kc_shared *sh, int *rc);

/* Run the sub-command run->cli->cmd after start-up (start.h); returns the process exit code
 * (0 ok, 1 runtime error, 2 usage or configuration error). Messages go to stderr, output to
 * stdout. */
int kc_cli_run(struct kc_run *run);

/* Open the database as the clinician running the program (a clinician the database knows;
 * the test clock only on a training database): 0, or the exit code with the reason on
 * stderr. */
int kc_cli_open(struct kc_run *run, int flags, struct kc_store **st);

#endif
