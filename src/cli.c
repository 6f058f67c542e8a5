/* cli.c — command-line parsing. Pure: no I/O, so it can be fuzzed. */
#include "cli.h"

#include <string.h>

struct command {
	const char *name;
	int min_args, max_args;
	const char *args_help;
};

static const struct command commands[] = {
	{ "init", 0, 0, "" },
	{ "demo", 0, 0, " besides --sessions N [--seed S]" },
	{ "report", 0, 1, "SESSION, or --course CHART_NO" },
	{ "rems", 0, 1, "SESSION, or --due" },
	{ "inventory", 0, 8, " besides [--since DATE], or receive, count, draw, waste or witness (see --help)" },
	{ "export", 0, 0, "" },
	{ "check-config", 0, 1, "[FILE]" },
	{ "verify", 0, 0, " besides --head HASH" },
	{ "backup", 1, 1, "FILE [--verify]" },
	{ "user", 1, 2, "add LOGIN, list or disable LOGIN" },
	{ "setup", 1, 1, " besides --shared: the first admin's LOGIN" },
	{ "outcomes", 0, 0, " besides --since DATE" },
};

const char *kc_cli_usage(void)
{
	return "usage: ketchart [--db PATH] [--config PATH] [COMMAND]\n"
	       "\n"
	       "  (no command)                  open the charting screens\n"
	       "  init [--training]             create or upgrade the database (--training: a new\n"
	       "                                one for practice, where the test clock may run)\n"
	       "  demo [--sessions N] [--seed S]\n"
	       "                                create a database filled with sample sessions\n"
	       "                                (--sessions: N sessions of a busy clinic's years,\n"
	       "                                the same for the same seed)\n"
	       "  report SESSION [--pdf FILE]   print a session's chart as plain text (or a PDF);\n"
	       "                                SESSION: its number, CHART_NO (the patient's latest)\n"
	       "                                or CHART_NO@YYYY-MM-DD\n"
	       "  rems SESSION [--pdf FILE]     the session's REMS Patient Monitoring Form fields\n"
	       "  rems --due                    REMS forms not yet submitted, with the days left\n"
	       "  rems SESSION --submitted DATE --channel online|fax --confirmation NUMBER\n"
	       "                                record that the session's REMS form was submitted\n"
	       "  report --course CHART_NO      the patient's courses: one line per session, scores,\n"
	       "                                response and remission\n"
	       "  export --format csv|fhir [--since DATE | --after CURSOR] [--raw] [--transaction]\n"
	       "                                export what was entered, corrected or amended since\n"
	       "                                DATE or after CURSOR (the cursor of the last export,\n"
	       "                                on stderr); --raw: CSV cells starting = + - @ are not\n"
	       "                                guarded with a quote; FHIR: the record (patients,\n"
	       "                                sessions, doses, readings, scores), --transaction for\n"
	       "                                a server\n"
	       "  export --format csv [--table vitals|observations|doses|scores|acks|sessions]\n"
	       "         [--tz utc|local] [--bom]  one CSV table (vitals by default; sessions: one\n"
	       "                                row per session with its scores); times in UTC or\n"
	       "                                local with offset; --bom for Windows spreadsheets\n"
	       "  outcomes [--since DATE]       patients, sessions, response and remission rates by\n"
	       "                                course, adverse-event rates\n"
	       "  inventory [--since DATE]      controlled substances: on hand per lot, discrepancies\n"
	       "  inventory receive PRODUCT STRENGTH LOT EXPIRY UNITS MG_PER_UNIT SUPPLIER\n"
	       "                                stock received (physician or admin)\n"
	       "  inventory count LOT MG [REASON]  a physical count (a difference needs a reason)\n"
	       "  inventory draw SESSION LOT MG\n"
	       "                                ketamine drawn up for a session\n"
	       "  inventory waste SESSION LOT MG HOW  drug wasted; a second clinician witnesses it\n"
	       "  inventory witness WASTE        witness a waste another clinician recorded\n"
	       "  check-config [FILE]           validate a configuration file\n"
	       "  verify [--head HASH]          check the audit chain and every row against it;\n"
	       "                                exit 1 if anything was altered outside ketchart\n"
	       "  backup FILE [--verify]        copy the live database consistently to a new FILE\n"
	       "                                (--verify: verify it in full too, as 'verify' does)\n"
	       "  user add LOGIN [--name \"NAME\"] [--role nurse|physician|admin]\n"
	       "                                add a clinician, or change one's role (admin only)\n"
	       "  user list                     list the clinicians (admin only)\n"
	       "  user disable LOGIN            stop a login from charting (admin only)\n"
	       "  setup --shared LOGIN          (root) set up the clinic's shared database, with\n"
	       "                                LOGIN its first admin; see ketchart(1)\n"
	       "\n"
	       "  --db PATH       database (default $XDG_DATA_HOME/ketchart/ketchart.db)\n"
	       "  --config PATH   configuration (default $XDG_CONFIG_HOME/ketchart/config.ini)\n"
	       "  --help, --version\n";
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* "--db PATH" or "--db=PATH": returns 1 and sets *value when argv[*i] is option name. */
static int option_value(int argc, char **argv, int *i, const char *name, const char **value,
			struct kc_err *err)
{
	size_t len = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, len) != 0)
		return 0;
	if (a[len] == '=') {
		*value = a + len + 1;
	} else if (a[len] == '\0') {
		if (*i + 1 >= argc) {
			kc_fail(err, KC_ERR_INVALID, "%s needs a value", name);
			return -1;
		}
		*value = argv[++*i];
	} else {
		return 0;
	}
	if (**value == '\0') {
		kc_fail(err, KC_ERR_INVALID, "%s needs a value", name);
		return -1;
	}
	return 1;
}

/* The CSV tables (kc_export_csv); the parser stays free of the rest of the program. */
static int export_table(const char *name)
{
	static const char *const names[] = { "vitals", "observations", "doses", "scores", "acks", "sessions" };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

static int parse_option(int argc, char **argv, int *i, struct kc_cli *cli, struct kc_err *err)
{
	static const char *const names[] = { "--db", "--config", "--format", "--since", "--head", "--name",
					     "--role", "--sessions", "--seed", "--course", "--table", "--pdf", "--submitted", "--channel",
					     "--confirmation", "--after", "--tz" };
	const char **slots[] = { &cli->db, &cli->config, &cli->format, &cli->since, &cli->head, &cli->name,
				 &cli->role, &cli->sessions, &cli->seed, &cli->course, &cli->table, &cli->pdf, &cli->submitted,
				 &cli->channel, &cli->confirmation, &cli->after, &cli->tz };
	const char *a = argv[*i];

	if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
		cli->help = 1;
		return KC_OK;
	}
	if (strcmp(a, "--version") == 0) {
		cli->version = 1;
		return KC_OK;
	}
	if (strcmp(a, "--verify") == 0) {
		cli->verify = 1;
		return KC_OK;
	}
	if (strcmp(a, "--raw") == 0) {
		cli->raw = 1;
		return KC_OK;
	}
	if (strcmp(a, "--transaction") == 0) {
		cli->transaction = 1;
		return KC_OK;
	}
	if (strcmp(a, "--bom") == 0) {
		cli->bom = 1;
		return KC_OK;
	}
	if (strcmp(a, "--training") == 0) {
		cli->training = 1;
		return KC_OK;
	}
	if (strcmp(a, "--shared") == 0) {
		cli->shared = 1;
		return KC_OK;
	}
	if (strcmp(a, "--due") == 0) {
		cli->due = 1;
		return KC_OK;
	}
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		const char *before = *slots[k];
		int r = option_value(argc, argv, i, names[k], slots[k], err);

		if (r < 0)
			return KC_ERR_INVALID;
		/* Two --db (or --head) values: refuse rather than guess which one was meant. */
		if (r > 0 && before)
			return kc_fail(err, KC_ERR_INVALID, "%s is given more than once", names[k]);
		if (r > 0)
			return KC_OK;
	}
	return kc_fail(err, KC_ERR_INVALID, "unknown option '%s'", a);
}

/* user add LOGIN | user list | user disable LOGIN; --name and --role go with add. */
static int check_user(const struct kc_cli *cli, struct kc_err *err)
{
	static const char *const roles[] = { "nurse", "physician", "admin" };
	const char *sub = cli->nargs ? cli->args[0] : "";
	int is_add = strcmp(sub, "add") == 0, known_role = 0;
	int wants = is_add || strcmp(sub, "disable") == 0 ? 2 : strcmp(sub, "list") == 0 ? 1 : 0;

	if (!wants)
		return kc_fail(err, KC_ERR_INVALID, "unknown user command '%s' (add, list or disable)", sub);
	if (cli->nargs != wants)
		return kc_fail(err, KC_ERR_INVALID, "'user %s' takes %s", sub, wants == 2 ? "one LOGIN" :
			       "no arguments");
	if (!is_add && (cli->name || cli->role))
		return kc_fail(err, KC_ERR_INVALID, "--name and --role go with 'user add'");
	for (size_t i = 0; cli->role && i < sizeof roles / sizeof roles[0]; i++)
		known_role |= strcmp(cli->role, roles[i]) == 0;
	if (cli->role && !known_role)
		return kc_fail(err, KC_ERR_INVALID, "unknown role '%s' (nurse, physician or admin)", cli->role);
	return KC_OK;
}

/* inventory [--since DATE] | receive 7 | count 2-3 | draw 3 | waste 4 | witness 1 */
static int check_inventory(const struct kc_cli *cli, struct kc_err *err)
{
	static const struct { const char *sub; int min, max; const char *args; } subs[] = {
		{ "receive", 8, 8, "PRODUCT STRENGTH LOT EXPIRY UNITS MG_PER_UNIT SUPPLIER" },
		{ "count", 3, 4, "LOT MG [REASON]" }, { "draw", 4, 4, "SESSION LOT MG" },
		{ "waste", 5, 5, "SESSION LOT MG HOW" }, { "witness", 2, 2, "WASTE" },
	};

	if (!cli->nargs)
		return KC_OK;
	if (cli->since)
		return kc_fail(err, KC_ERR_INVALID, "--since goes with 'inventory' alone");
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (strcmp(cli->args[0], subs[i].sub) == 0)
			return cli->nargs >= subs[i].min && cli->nargs <= subs[i].max
				       ? KC_OK
				       : kc_fail(err, KC_ERR_INVALID, "'inventory %s' takes %s", subs[i].sub, subs[i].args);
	return kc_fail(err, KC_ERR_INVALID, "unknown inventory command '%s' (receive, count, draw, waste or witness)",
		       cli->args[0]);
}

static int check_command(struct kc_cli *cli, struct kc_err *err)
{
	const struct command *c;
	int is_export;

	if (cli->training && (!cli->cmd || strcmp(cli->cmd, "init") != 0))
		return kc_fail(err, KC_ERR_INVALID, "--training goes with 'init'");
	if (!cli->shared != !(cli->cmd && strcmp(cli->cmd, "setup") == 0))
		return kc_fail(err, KC_ERR_INVALID, "'setup --shared LOGIN' go together");
	if (cli->verify && (!cli->cmd || strcmp(cli->cmd, "backup") != 0))
		return kc_fail(err, KC_ERR_INVALID, "--verify goes with 'backup'");
	if (cli->head && (!cli->cmd || strcmp(cli->cmd, "verify") != 0))
		return kc_fail(err, KC_ERR_INVALID, "--head goes with 'verify'");
	if ((cli->name || cli->role) && (!cli->cmd || strcmp(cli->cmd, "user") != 0))
		return kc_fail(err, KC_ERR_INVALID, "--name and --role go with 'user add'");
	if ((cli->sessions || cli->seed) && (!cli->cmd || strcmp(cli->cmd, "demo") != 0))
		return kc_fail(err, KC_ERR_INVALID, "--sessions and --seed go with 'demo'");
	if (cli->seed && !cli->sessions)
		return kc_fail(err, KC_ERR_INVALID, "--seed goes with 'demo --sessions N'");
	if (cli->course && (!cli->cmd || strcmp(cli->cmd, "report") != 0))
		return kc_fail(err, KC_ERR_INVALID, "--course goes with 'report'");
	if (cli->table && (!cli->cmd || strcmp(cli->cmd, "export") != 0))
		return kc_fail(err, KC_ERR_INVALID, "--table goes with 'export --format csv'");
	if ((cli->after || cli->tz || cli->bom) && (!cli->cmd || strcmp(cli->cmd, "export") != 0))
		return kc_fail(err, KC_ERR_INVALID, "--after, --tz and --bom go with 'export'");
	if (cli->since && cli->cmd && strcmp(cli->cmd, "outcomes") == 0)
		return cli->nargs ? kc_fail(err, KC_ERR_INVALID, "'outcomes' takes no arguments besides --since DATE")
				  : cli->format ? kc_fail(err, KC_ERR_INVALID, "--format goes with 'export'") : KC_OK;
	if (cli->due && (!cli->cmd || strcmp(cli->cmd, "rems") != 0 || cli->nargs || cli->pdf))
		return kc_fail(err, KC_ERR_INVALID, "--due goes with 'rems' alone");
	if (cli->cmd && strcmp(cli->cmd, "rems") == 0 && !cli->due && cli->nargs != 1)
		return kc_fail(err, KC_ERR_INVALID, "'rems' takes SESSION, or --due");
	if (cli->pdf && (!cli->cmd || (strcmp(cli->cmd, "report") != 0 && strcmp(cli->cmd, "rems") != 0)))
		return kc_fail(err, KC_ERR_INVALID, "--pdf goes with 'report' or 'rems'");
	if ((cli->submitted || cli->channel || cli->confirmation) &&
	    (!cli->cmd || strcmp(cli->cmd, "rems") != 0 || cli->due || cli->pdf || !cli->submitted || !cli->channel ||
	     !cli->confirmation))
		return kc_fail(err, KC_ERR_INVALID, "'rems SESSION --submitted DATE --channel online|fax "
			       "--confirmation NUMBER' go together");
	if (!cli->cmd) {
		if (cli->transaction)
			return kc_fail(err, KC_ERR_INVALID, "--transaction goes with 'export --format fhir'");
		if (cli->raw)
			return kc_fail(err, KC_ERR_INVALID, "--raw goes with 'export --format csv'");
		if (cli->format || cli->since)
			return kc_fail(err, KC_ERR_INVALID, "--format and --since go with 'export'");
		return KC_OK;
	}
	c = find_command(cli->cmd);
	if (!c)
		return kc_fail(err, KC_ERR_INVALID, "unknown command '%s'", cli->cmd);
	if (cli->nargs < c->min_args || cli->nargs > c->max_args)
		return kc_fail(err, KC_ERR_INVALID, "'%s' takes %s%s", c->name,
			       c->max_args ? "" : "no arguments", c->args_help);
	is_export = strcmp(c->name, "export") == 0;
	if (strcmp(c->name, "report") == 0 && !cli->nargs == !cli->course)
		return kc_fail(err, KC_ERR_INVALID, "'report' takes a SESSION, or --course CHART_NO");
	if (cli->table && !export_table(cli->table))
		return kc_fail(err, KC_ERR_INVALID, "unknown export table '%s' (vitals, observations, doses, scores, "
			       "acks or sessions)", cli->table);
	if (cli->tz && strcmp(cli->tz, "utc") != 0 && strcmp(cli->tz, "local") != 0)
		return kc_fail(err, KC_ERR_INVALID, "--tz is utc or local, not '%s'", cli->tz);
	if ((cli->tz || cli->bom) && !(is_export && cli->format && strcmp(cli->format, "csv") == 0))
		return kc_fail(err, KC_ERR_INVALID, "--tz and --bom go with 'export --format csv'");
	if (cli->table && (!cli->format || strcmp(cli->format, "csv") != 0))
		return kc_fail(err, KC_ERR_INVALID, "--table goes with 'export --format csv'");
	if (strcmp(c->name, "inventory") == 0 && !cli->format)
		return check_inventory(cli, err);
	if (!is_export && (cli->format || cli->since))
		return kc_fail(err, KC_ERR_INVALID, "--format and --since go with 'export'");
	if (cli->raw && !(is_export && cli->format && strcmp(cli->format, "csv") == 0))
		return kc_fail(err, KC_ERR_INVALID, "--raw goes with 'export --format csv'");
	if (is_export && !cli->format)
		return kc_fail(err, KC_ERR_INVALID, "export needs --format csv or --format fhir");
	if (cli->transaction && !(is_export && strcmp(cli->format, "fhir") == 0))
		return kc_fail(err, KC_ERR_INVALID, "--transaction goes with 'export --format fhir'");
	if (is_export && strcmp(cli->format, "csv") != 0 && strcmp(cli->format, "fhir") != 0)
		return kc_fail(err, KC_ERR_INVALID, "unknown export format '%s' (csv or fhir)", cli->format);
	return strcmp(c->name, "user") == 0 ? check_user(cli, err) : KC_OK;
}

int kc_cli_parse(int argc, char **argv, struct kc_cli *cli, struct kc_err *err)
{
	int only_args = 0;

	memset(cli, 0, sizeof *cli);
	kc_err_clear(err);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!only_args && strcmp(a, "--") == 0) {
			only_args = 1;
		} else if (!only_args && a[0] == '-' && a[1] != '\0') {
			if (parse_option(argc, argv, &i, cli, err) != KC_OK)
				return KC_ERR_INVALID;
		} else if (!cli->cmd) {
			cli->cmd = a;
		} else if (cli->nargs < KC_CLI_ARGS_MAX) {
			cli->args[cli->nargs++] = a;
		} else {
			return kc_fail(err, KC_ERR_INVALID, "too many arguments");
		}
	}
	if (cli->help || cli->version)
		return KC_OK;
	return check_command(cli, err);
}
