/* fuzz_cli.c — libFuzzer target for the command line (kc_cli_parse in src/cli.c).
 *
 * Input: the arguments after argv[0], separated by NUL bytes (so "" is an argument too),
 * at most MAX_ARGS of them. Each argument and the argv array are heap blocks of exactly
 * their size, argv[argc] is NULL as from the kernel, so AddressSanitizer catches any
 * read past an argument or past the array.
 *
 * Checked beyond "no crash": the status is KC_OK or KC_ERR_INVALID and matches err, with
 * an empty message on success and a non-empty terminated one on failure; argv and its
 * strings are left unchanged; every string in struct kc_cli points into an argument;
 * on KC_OK nargs <= KC_CLI_ARGS_MAX, option values are non-empty, and unless --help or
 * --version was given: the command and its number of arguments are as kc_cli_usage()
 * documents them (no command: no arguments); --format, --since and --head come only with
 * a command whose usage line names them; export has --format csv or fhir. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_error.h"
#include "src/cli.h"

#define MAX_ARGS 16

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The commands as kc_cli_usage() documents them: "  report SESSION    print ...". The
 * oracle is read from the usage text, so a new command needs no change here, and a parser
 * that accepts what its help text does not document is caught. */
#define DOC_MAX 32
#define SYNOPSIS_MAX 256
struct doc {
	char synopsis[SYNOPSIS_MAX]; /* "export --format csv|fhir [--since DATE]" */
	size_t name_len;
	int min, max; /* positional arguments */
};

static struct doc docs[DOC_MAX];
static int ndocs;

struct args {
	int argc;
	char **argv;      /* argc + 1 entries, the last NULL */
	char **original;  /* the same pointers, to see that argv is not rearranged */
	size_t off[MAX_ARGS + 1]; /* where each argument starts in the input */
	size_t len[MAX_ARGS + 1];
};

static void fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_cli: invariant broken: %s (%s)\n", what, detail ? detail : "NULL");
	abort();
}

static void check(int ok, const char *what, const char *detail)
{
	if (!ok)
		fail(what, detail);
}

static char *dup_exact(const uint8_t *p, size_t len)
{
	char *s = malloc(len + 1);

	if (!s)
		abort();
	memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

/* How many arguments data holds: one more than its NUL bytes, at most MAX_ARGS. */
static int count_args(const uint8_t *data, size_t size)
{
	int n = 1;

	for (size_t i = 0; i < size && n < MAX_ARGS; i++)
		n += data[i] == '\0';
	return n;
}

/* Split data on NUL into argv[1..]; argv[0] is the program name. Exactly argc + 1 entries,
 * so a read past argv[argc] is caught. */
static void make_args(const uint8_t *data, size_t size, struct args *a)
{
	size_t start = 0;

	a->argc = 1 + count_args(data, size);
	a->argv = calloc((size_t)a->argc + 1, sizeof *a->argv);
	a->original = calloc((size_t)a->argc + 1, sizeof *a->original);
	if (!a->argv || !a->original)
		abort();
	a->argv[0] = dup_exact((const uint8_t *)"ketchart", 8);
	a->len[0] = 8;
	a->off[0] = 0;
	for (int n = 1; n < a->argc; n++) {
		size_t end = start;

		while (end < size && data[end] != '\0')
			end++;
		a->off[n] = start;
		a->len[n] = end - start;
		a->argv[n] = dup_exact(data + start, end - start);
		start = end + 1;
	}
	memcpy(a->original, a->argv, ((size_t)a->argc + 1) * sizeof *a->argv);
}

static void free_args(struct args *a)
{
	for (int i = 0; i < a->argc; i++)
		free(a->argv[i]);
	free(a->argv);
	free(a->original);
}

/* s is NULL or points inside one of the arguments (its terminator included). */
static int in_args(const struct args *a, const char *s)
{
	if (!s)
		return 1;
	for (int i = 0; i < a->argc; i++)
		if (s >= a->argv[i] && s <= a->argv[i] + a->len[i])
			return 1;
	return 0;
}

static void check_pointers(const struct args *a, const struct kc_cli *cli)
{
	check(in_args(a, cli->db) && in_args(a, cli->config) && in_args(a, cli->format) &&
	      in_args(a, cli->since) && in_args(a, cli->head) && in_args(a, cli->cmd),
	      "a value outside argv", cli->cmd);
	for (int i = 0; i < KC_CLI_ARGS_MAX; i++)
		check(in_args(a, cli->args[i]), "an argument outside argv", cli->args[i]);
}

/* Count the positional arguments of a synopsis after the command name: "SESSION" is
 * required, "[FILE]" optional; "--opt VALUE" and "[--opt VALUE]" are options. */
static void count_positional(const char *p, int *min, int *max)
{
	*min = *max = 0;
	while (*p) {
		if (*p == ' ') {
			p++;
		} else if (*p == '[') {
			const char *close = strchr(p, ']');

			*max += p[1] != '-';
			p = close ? close + 1 : p + strlen(p);
		} else if (p[0] == '-' && p[1] == '-') {
			p += strcspn(p, " ");
			p += strspn(p, " ");
			if (*p && *p != '[' && *p != '-')
				p += strcspn(p, " "); /* the option's value */
		} else {
			(*min)++;
			(*max)++;
			p += strcspn(p, " ");
		}
	}
}

/* One usage line: two blanks, a lower-case command, its synopsis up to the next two blanks. */
static void learn_line(const char *line, size_t len)
{
	struct doc *d = &docs[ndocs];
	size_t n;

	if (len < 3 || strncmp(line, "  ", 2) != 0 || line[2] < 'a' || line[2] > 'z' ||
	    ndocs >= DOC_MAX)
		return;
	line += 2;
	len -= 2;
	for (n = 0; n < len && !(line[n] == ' ' && n + 1 < len && line[n + 1] == ' '); n++)
		;
	if (n >= sizeof d->synopsis)
		fail("usage line too long for the oracle", line);
	memcpy(d->synopsis, line, n);
	d->synopsis[n] = '\0';
	d->name_len = strcspn(d->synopsis, " ");
	count_positional(d->synopsis + d->name_len, &d->min, &d->max);
	/* A command with several usage lines ("user add LOGIN", "user list"): its arguments
	 * fit one of them, so the oracle takes the widest range and every line's options. */
	for (int i = 0; i < ndocs; i++) {
		struct doc *o = &docs[i];
		size_t have = strlen(o->synopsis);

		if (o->name_len != d->name_len || strncmp(o->synopsis, d->synopsis, d->name_len) != 0)
			continue;
		o->min = d->min < o->min ? d->min : o->min;
		o->max = d->max > o->max ? d->max : o->max;
		if (have + 1 + n - d->name_len >= sizeof o->synopsis)
			fail("usage lines too long for the oracle", line);
		memcpy(o->synopsis + have, d->synopsis + d->name_len, n - d->name_len + 1);
		return;
	}
	ndocs++;
}

static const struct doc *find_doc(const char *name)
{
	for (int i = 0; i < ndocs; i++)
		if (strlen(name) == docs[i].name_len && !strncmp(docs[i].synopsis, name, docs[i].name_len))
			return &docs[i];
	return NULL;
}

/* An option value may only come with a command whose synopsis names that option. */
static void check_option(const char *value, const char *option, const struct doc *d)
{
	if (value)
		check(d && strstr(d->synopsis, option) != NULL, "option accepted with a command "
		      "whose usage does not name it", option);
}

/* A parse that succeeded: the command, its arguments and its options agree with the usage. */
static void check_ok(const struct kc_cli *cli)
{
	const struct doc *d = NULL;

	check(cli->nargs >= 0 && cli->nargs <= KC_CLI_ARGS_MAX, "nargs out of range", cli->cmd);
	for (int i = cli->nargs; i < KC_CLI_ARGS_MAX; i++)
		check(cli->args[i] == NULL, "an argument slot past nargs is set", cli->args[i]);
	check((!cli->db || *cli->db) && (!cli->config || *cli->config) &&
	      (!cli->format || *cli->format) && (!cli->since || *cli->since) &&
	      (!cli->head || *cli->head), "an option with an empty value", cli->cmd);
	if (cli->help || cli->version)
		return;
	if (cli->cmd) {
		d = find_doc(cli->cmd);
		check(d != NULL, "a command the usage does not document was accepted", cli->cmd);
		check(cli->nargs >= d->min && cli->nargs <= d->max,
		      "a number of arguments the usage does not allow was accepted", cli->cmd);
	} else {
		check(cli->nargs == 0, "arguments without a command", NULL);
	}
	check_option(cli->format, "--format", d);
	check_option(cli->since, "--since", d);
	check_option(cli->head, "--head", d);
	if (cli->cmd && strcmp(cli->cmd, "export") == 0)
		check(cli->format && (!strcmp(cli->format, "csv") || !strcmp(cli->format, "fhir")),
		      "export with a format other than csv or fhir", cli->format);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *u = kc_cli_usage();

	(void)argc;
	(void)argv;
	check(u && *u, "empty usage text", NULL);
	for (const char *p = u; *p; ) {
		size_t len = strcspn(p, "\n");

		learn_line(p, len);
		p += len + (p[len] == '\n');
	}
	check(ndocs > 0, "no command found in the usage text", u);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct args a;
	struct kc_cli cli;
	struct kc_err err;
	int rc;

	make_args(data, size, &a);
	memset(&err, 0x5a, sizeof err);
	rc = kc_cli_parse(a.argc, a.argv, &cli, &err);
	check(rc == KC_OK || rc == KC_ERR_INVALID, "status neither ok nor invalid", NULL);
	check(memchr(err.msg, '\0', sizeof err.msg) != NULL, "message not terminated", NULL);
	check(err.status == rc, "err.status differs from the returned status", err.msg);
	check((rc == KC_OK) == (err.msg[0] == '\0'), "message and status disagree", err.msg);
	check(memcmp(a.argv, a.original, (size_t)(a.argc + 1) * sizeof *a.argv) == 0,
	      "argv rearranged", NULL);
	for (int i = 1; i < a.argc; i++)
		check(memcmp(a.argv[i], data + a.off[i], a.len[i]) == 0 &&
		      a.argv[i][a.len[i]] == '\0', "an argument was changed", a.argv[i]);
	check_pointers(&a, &cli);
	if (rc == KC_OK)
		check_ok(&cli);
	free_args(&a);
	return 0;
}
