/* cmd.c — the sub-commands: load and validate the configuration, open the database as
 * the Unix user running the program, do one thing, and say clearly what went wrong. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kc_chart.h"
#include "kc_config.h"
#include "kc_fhir.h"
#include "kc_paper.h"
#include "kc_report.h"
#include "kc_store.h"
#include "kc_time.h"
#include "kc_text.h"
#include "kc_verify.h"
#include "shared.h"
#include "start.h"

#define EXIT_RUNTIME 1
#define EXIT_USAGE 2

/* First and last line of whatever a training database prints. */
#define TRAINING_LINE "TRAINING DATABASE - not a clinical record"

/* A clock a user can set is a way to backdate the record: the test clock runs on a
 * training database only (demo, init --training), and is refused before anything is
 * dated on a real one. */
static int clock_allowed(const struct kc_run *c, const char *path, struct kc_store *st)
{
	if (kc_clock_allowed(&c->clock, st && kc_store_training(st)))
		return 0;
	fprintf(stderr, "ketchart: KETCHART_NOW, KETCHART_CLOCK_SCALE or KETCHART_CLOCK_STEP is set, but "
		"%s is %s: the test clock runs only on a training database (made by 'ketchart demo' or "
		"'ketchart init --training'); unset them to use this one; nothing was done\n", path,
		st ? "a real database" : "not a training database");
	return EXIT_USAGE;
}

/* The shared database is opened with the group and nothing else is: the group is taken
 * just before and given up for good right after, whatever happened (shared.h). */
static int store_open_as(struct kc_run *c, const char *path, int flags, struct kc_store **st,
			 struct kc_err *err)
{
	struct kc_err drop;
	int rc;

	if (!c->sh->on || strcmp(path, c->db) != 0)
		return kc_store_open(st, path, flags, c->actor, err);
	rc = kc_shared_raise(c->sh, err);
	if (rc == KC_OK)
		rc = kc_shared_check(err);
	if (rc == KC_OK)
		rc = kc_store_open(st, path, (flags & ~KC_OPEN_CREATE) | KC_OPEN_SHARED, c->actor, err);
	if (kc_shared_drop(c->sh, &drop) != KC_OK) {
		kc_store_close(*st);
		*st = NULL;
		*err = drop;
		return drop.status;
	}
	return rc;
}

static int open_store(struct kc_run *c, int flags, struct kc_store **st)
{
	struct kc_err err;
	int rc;

	if (store_open_as(c, c->db, flags, st, &err) != KC_OK) {
		fprintf(stderr, "ketchart: %s\n", err.msg);
		return err.status == KC_ERR_INVALID && (flags & KC_OPEN_TRAINING) ? EXIT_USAGE : EXIT_RUNTIME;
	}
	if ((rc = clock_allowed(c, c->db, *st)) != 0) {
		kc_store_close(*st);
		*st = NULL;
	}
	if (rc == 0) /* a stepped clock where its file says, now that it is allowed */
		kc_clock_poll(&c->clock);
	return rc;
}

static time_t now_of(const struct kc_run *c)
{
	return kc_clock_now(&c->clock, time(NULL));
}

/* Nothing clinical is shown to, or written by, a login no admin has added. */
static int need_clinician(struct kc_store *st)
{
	enum kc_role role;
	struct kc_err err;

	if (kc_store_actor_role(st, &role, &err) == KC_OK)
		return 0;
	fprintf(stderr, "ketchart: %s\n", err.msg);
	return EXIT_RUNTIME;
}

/* Open as the clinician running the program; closed again when it is not one. */
static int open_clinician(struct kc_run *c, int flags, struct kc_store **st)
{
	int rc = open_store(c, flags, st);

	if (rc == 0 && (rc = need_clinician(*st)) != 0) {
		kc_store_close(*st);
		*st = NULL;
	}
	return rc;
}

/* demo and init --training make a database of one's own; the clinic's is never one. */
static int refuse_training_shared(const struct kc_run *c, const char *what)
{
	if (!c->sh->on)
		return 0;
	fprintf(stderr, "ketchart: %s makes a training database, and the clinic's shared database %s "
		"is never one: practise with a copy of ketchart that is not setgid (cp \"$(command -v "
		"ketchart)\" ~/ketchart-practice), which keeps its databases in your own folders; "
		"nothing was done\n", what, c->db);
	return EXIT_USAGE;
}

/* Who the running login is in this database, after init. */
static void print_standing(struct kc_run *c, struct kc_store *st)
{
	enum kc_role role;
	struct kc_err err;

	if (c->sh->on)
		printf("%s: the clinic's shared database (group %s; clinicians write it only through "
		       "ketchart)\n", c->db, kc_shared_group());
	if (kc_store_training(st))
		printf("%s: a TRAINING database, not a clinical record (the test clock may run on it)\n",
		       c->db);
	if (kc_store_actor_role(st, &role, &err) != KC_OK)
		printf("note: %s\n", err.msg);
	else if (role == KC_ROLE_ADMIN)
		printf("%s is an admin here (an admin may do all a physician may); add the other "
		       "clinicians with 'ketchart user add LOGIN --role nurse|physician'\n", c->actor);
	else
		printf("%s is a %s here\n", c->actor, kc_role_name(role));
}

/* Remove a database this run created, with its WAL files: a half-filled demo is useless. */
static void remove_new_db(const char *db)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	char path[4096 + 8];

	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(path, sizeof path, "%s%s", db, suffix[i]);
		unlink(path);
	}
}

static int cmd_init(struct kc_run *c)
{
	struct kc_store *st = NULL;
	int version = 0;
	struct kc_err err;
	struct stat sb;
	int existed = stat(c->db, &sb) == 0;
	int rc = c->cli->training ? refuse_training_shared(c, "init --training") : 0;

	/* Never create a real database only to refuse its clock. */
	if (rc == 0 && !c->cli->training && !existed)
		rc = clock_allowed(c, c->db, NULL);
	if (rc || (rc = open_store(c, KC_OPEN_CREATE | (c->cli->training ? KC_OPEN_TRAINING : 0), &st)) != 0) {
		if (rc && !existed && !c->sh->on) /* a full disk must not leave a 0-byte database behind */
			remove_new_db(c->db);
		return rc;
	}
	/* init is what a clinic runs to check its database: never call a damaged one ready. */
	if (kc_store_integrity(st, 1, &err) != KC_OK || kc_store_user_version(st, &version, &err) != KC_OK) {
		fprintf(stderr, "ketchart: %s\n", err.msg);
		rc = EXIT_RUNTIME;
	} else {
		printf("%s: schema version %d (%d migration%s applied)\n", c->db, version,
		       kc_store_migrations_applied(st), kc_store_migrations_applied(st) == 1 ? "" : "s");
		print_standing(c, st);
	}
	kc_store_close(st);
	return rc;
}

/* demo --sessions N [--seed S] (kc_demo_big); the numbers were checked by demo_numbers. */
static int demo_big(struct kc_run *c, struct kc_store *st, struct kc_err *err)
{
	return kc_demo_big(st, &c->cfg, now_of(c), strtol(c->cli->sessions, NULL, 10),
			   c->cli->seed ? strtoul(c->cli->seed, NULL, 10) : 1, err);
}

/* --sessions 1 to 1000000, --seed a plain decimal number. */
static int demo_numbers(const struct kc_cli *cli)
{
	const char *const v[] = { cli->sessions, cli->seed };

	for (int i = 0; i < 2; i++) {
		char *end = NULL;
		unsigned long long x;

		if (!v[i])
			continue;
		errno = 0;
		x = strtoull(v[i], &end, 10);
		if (errno || end == v[i] || *end || v[i][0] == '-' || (i == 0 && (x < 1 || x > 1000000))) {
			fprintf(stderr, "ketchart: demo: %s takes %s, not '%s'\n", i ? "--seed" : "--sessions",
				i ? "a whole number" : "a number of sessions from 1 to 1000000", v[i]);
			return EXIT_USAGE;
		}
	}
	return 0;
}

static int cmd_demo(struct kc_run *c)
{
	struct kc_store *st = NULL;
	struct kc_err err;
	time_t demo_now;
	struct stat sb;
	int existed = stat(c->db, &sb) == 0;
	int rc = refuse_training_shared(c, "demo");

	if (!rc)
		rc = demo_numbers(c->cli);
	if (rc)
		return rc;
	if (c->cli->sessions)
		kc_store_bulk_memory(); /* thousands of entries, then exit */
	rc = open_clinician(c, KC_OPEN_CREATE | KC_OPEN_TRAINING, &st);
	if (rc) {
		if (!existed)
			remove_new_db(c->db);
		return rc;
	}
	/* One moment for the whole demo, on the minute: read after the database was made (a
	 * second or more on a busy machine), the clock had moved on, and every demo time was
	 * that much past the KETCHART_NOW a training script gave (a reading due 09:06:01). */
	demo_now = now_of(c);
	demo_now -= demo_now % 60;
	if (c->cli->sessions ? demo_big(c, st, &err) != KC_OK
	    : kc_demo_fill(st, &c->cfg, demo_now, &err) != KC_OK || kc_demo_courses(st, &c->cfg, demo_now, &err) != KC_OK) {
		fprintf(stderr, "ketchart: demo: %s\n", err.msg);
		rc = EXIT_RUNTIME;
	} else {
		printf("%s: demo patients and sessions created\n", c->db);
	}
	kc_store_close(st);
	if (rc && !existed)
		remove_new_db(c->db);
	return rc;
}

static int parse_session_id(const char *s, kc_id *id)
{
	char *end = NULL;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end != '\0' || v <= 0)
		return -1;
	*id = v;
	return 0;
}

/* Print what fn wrote to memory, escaped as the report is (kc_text.h). */
/* Printable ASCII and tabs, which kc_text_escape(KC_ESC_KEEP_LINES) passes unchanged. */
static int plain_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((s[i] < 0x20 || s[i] > 0x7E) && s[i] != '\t')
			return 0;
	return 1;
}

static int print_escaped(struct kc_store *st, const char *text)
{
	const char *line = text, *next;

	if (kc_store_training(st))
		printf("%s\n", TRAINING_LINE);
	for (; line && *line; line = next) {
		char in[4096], out[4096];
		size_t len;

		next = strchr(line, '\n');
		len = next ? (size_t)(next - line) : strlen(line);
		next = next ? next + 1 : line + len;
		/* Most lines need no escape: written as they are, byte for byte what the escape
		 * would give (issue 10: the escape's per-character decoding was a tenth of a
		 * report's CPU); a line as long as the buffer still goes the long way. */
		if (len < sizeof in && plain_ascii(line, len)) {
			fwrite(line, 1, len, stdout);
			putchar('\n');
			continue;
		}
		snprintf(in, sizeof in, "%.*s", (int)len, line);
		printf("%s\n", kc_text_escape(in, KC_ESC_KEEP_LINES, out, sizeof out));
	}
	if (kc_store_training(st))
		printf("%s\n", TRAINING_LINE);
	return 0;
}

/* What a text command prints, written to memory by one of the fill_* functions below. */
struct fill {
	struct kc_store *st;
	struct kc_run *c;
	kc_id id;     /* report, rems SESSION */
	time_t since; /* inventory --since */
};

typedef int (*fill_fn)(const struct fill *f, FILE *out, struct kc_err *err);

static int fill_report(const struct fill *f, FILE *out, struct kc_err *err)
{
	return kc_report_text(f->st, &f->c->cfg, f->id, out, err);
}

static int fill_course(const struct fill *f, FILE *out, struct kc_err *err)
{
	return kc_course_report(f->st, &f->c->cfg, f->c->cli->course, out, err);
}

static int fill_rems(const struct fill *f, FILE *out, struct kc_err *err)
{
	return kc_rems_text(f->st, &f->c->cfg, f->id, now_of(f->c), out, NULL, err);
}

static int fill_rems_due(const struct fill *f, FILE *out, struct kc_err *err)
{
	return kc_rems_due_list(f->st, now_of(f->c), out, NULL, err);
}

static int fill_inventory(const struct fill *f, FILE *out, struct kc_err *err)
{
	return kc_inventory_text(f->st, f->since, now_of(f->c), out, NULL, err);
}

/* Stored text reaches the terminal escaped (kc_text.h): fill writes to memory, which is
 * then printed line by line with control and direction characters made visible; nothing
 * is printed when fill failed or wrote nothing. */
static int print_filled(const struct fill *f, const char *what, fill_fn fill)
{
	char *text = NULL;
	size_t len = 0;
	struct kc_err err;
	FILE *mem = open_memstream(&text, &len);
	int rc = EXIT_RUNTIME;

	if (!mem) {
		fprintf(stderr, "ketchart: %s: out of memory\n", what);
		return EXIT_RUNTIME;
	}
	if (fill(f, mem, &err) != KC_OK)
		fprintf(stderr, "ketchart: %s: %s\n", what, err.msg);
	else
		rc = 0;
	if (fclose(mem) != 0 && rc == 0) {
		fprintf(stderr, "ketchart: %s: out of memory\n", what);
		rc = EXIT_RUNTIME;
	}
	if (rc == 0 && len)
		print_escaped(f->st, text);
	free(text);
	return rc;
}

/* --since DATE, when given: 0, or -1 with the reason on stderr. */
static int parse_since(const struct kc_run *c, const char *cmd, time_t *since)
{
	struct kc_err err;

	if (!c->cli->since || kc_time_parse(c->cli->since, since, &err) == KC_OK)
		return 0;
	fprintf(stderr, "ketchart: %s --since: %s\n", cmd, err.msg);
	return -1;
}

static int cmd_outcomes(struct kc_run *c)
{
	struct kc_store *st = NULL;
	struct kc_err err;
	time_t since = 0;
	int rc;

	if (parse_since(c, "outcomes", &since) != 0)
		return EXIT_USAGE;
	rc = open_clinician(c, KC_OPEN_EXISTING | KC_OPEN_READ_OK, &st);
	if (rc)
		return rc;
	if (kc_store_training(st))
		printf("%s\n", TRAINING_LINE);
	if (kc_outcomes(st, &c->cfg, since, stdout, &err) != KC_OK) {
		fprintf(stderr, "ketchart: outcomes: %s\n", err.msg);
		rc = EXIT_RUNTIME;
	}
	kc_store_close(st);
	return rc;
}

/* report / rems --pdf FILE */
static int write_pdf(struct kc_store *st, struct kc_run *c, kc_id id, int rems)
{
	struct kc_err err;

	if (kc_pdf_session(st, &c->cfg, id, rems, now_of(c), c->cli->pdf, &err) != KC_OK) {
		fprintf(stderr, "ketchart: %s --pdf: %s\n", rems ? "rems" : "report", err.msg);
		return EXIT_RUNTIME;
	}
	printf("%s: written\n", c->cli->pdf);
	return 0;
}

/* SESSION as a clinic names it (kc_session_address): a number, CHART_NO, CHART_NO@DATE. */
static int address(struct kc_store *st, const char *cmd, const char *text, kc_id *id)
{
	struct kc_err err;
	char shown[160];

	if (parse_session_id(text, id) == 0)
		return 0;
	if (kc_session_address(st, text, id, &err) == KC_OK)
		return 0;
	fprintf(stderr, "ketchart: %s: %s\n", cmd, kc_text_escape(err.msg, 0, shown, sizeof shown));
	return err.status == KC_ERR_INVALID ? EXIT_USAGE : EXIT_RUNTIME;
}

static int cmd_report(struct kc_run *c)
{
	struct kc_store *st = NULL;
	kc_id id;
	int rc;

	if (c->cli->course) {
		rc = open_clinician(c, KC_OPEN_EXISTING | KC_OPEN_READ_OK, &st);
		if (rc)
			return rc;
		rc = print_filled(&(struct fill){ .st = st, .c = c }, "report --course", fill_course);
		kc_store_close(st);
		return rc;
	}
	rc = open_clinician(c, KC_OPEN_EXISTING | KC_OPEN_READ_OK, &st);
	if (rc)
		return rc;
	rc = address(st, "report", c->cli->args[0], &id);
	if (rc == 0 && c->cli->pdf)
		rc = write_pdf(st, c, id, 0);
	else if (rc == 0)
		rc = print_filled(&(struct fill){ .st = st, .c = c, .id = id }, "report", fill_report);
	kc_store_close(st);
	return rc;
}

static int cmd_rems(struct kc_run *c)
{
	struct kc_store *st = NULL;
	struct kc_err err;
	kc_id id;
	int rc = open_clinician(c, KC_OPEN_EXISTING | KC_OPEN_READ_OK, &st);

	if (rc)
		return rc;
	if (c->cli->due) {
		rc = print_filled(&(struct fill){ .st = st, .c = c }, "rems --due", fill_rems_due);
		kc_store_close(st);
		return rc;
	}
	rc = address(st, "rems", c->cli->args[0], &id);
	if (rc == 0 && c->cli->submitted) {
		rc = kc_chart_rems_submit(st, &c->cfg, id, c->cli->submitted, c->cli->channel, c->cli->confirmation,
					  now_of(c), &err) == KC_OK ? 0 : EXIT_RUNTIME;
		if (rc)
			fprintf(stderr, "ketchart: rems: %s\n", err.msg);
		else
			printf("session %lld: REMS form recorded as submitted on %s (%s, confirmation %s)\n", id,
			       c->cli->submitted, c->cli->channel, c->cli->confirmation);
		kc_store_close(st);
		return rc;
	}
	if (rc == 0 && c->cli->pdf) {
		rc = write_pdf(st, c, id, 1);
		kc_store_close(st);
		return rc;
	}
	if (rc == 0)
		rc = print_filled(&(struct fill){ .st = st, .c = c, .id = id }, "rems", fill_rems);
	kc_store_close(st);
	return rc;
}

/* --after CURSOR: an audit id as a previous export printed it. */
static int parse_cursor(const char *s, kc_id *out, struct kc_err *err)
{
	char *end;
	long long v;

	errno = 0;
	v = s[0] >= '0' && s[0] <= '9' ? strtoll(s, &end, 10) : -1;
	if (v < 0 || errno || *end)
		return kc_fail(err, KC_ERR_INVALID, "'%s' is not a cursor (the number an export printed as "
			       "\"cursor: N\")", s);
	*out = v;
	return KC_OK;
}

/* The export, then its cursor on stderr (the next export's --after): printed only when
 * the whole export was written. */
static int cmd_export(struct kc_run *c)
{
	struct kc_store *st = NULL;
	struct kc_export_opts o = { .raw = c->cli->raw, .transaction = c->cli->transaction, .bom = c->cli->bom,
				    .table = c->cli->table, .cfg = &c->cfg };
	struct kc_err err;
	int rc;

	if (parse_since(c, "export", &o.since) != 0)
		return EXIT_USAGE;
	if (c->cli->after && parse_cursor(c->cli->after, &o.after, &err) != KC_OK) {
		fprintf(stderr, "ketchart: export --after: %s\n", err.msg);
		return EXIT_USAGE;
	}
	o.local = c->cli->tz && strcmp(c->cli->tz, "local") == 0;
	rc = open_clinician(c, KC_OPEN_EXISTING | KC_OPEN_READ_OK, &st);
	if (rc)
		return rc;
	if (strcmp(c->cli->format, "csv") == 0)
		rc = kc_export_csv(st, &o, stdout, &err);
	else
		rc = kc_fhir_export(st, &c->cfg, &o, stdout, &err);
	if (rc != KC_OK) {
		fprintf(stderr, "ketchart: export: %s\n", err.msg);
		rc = rc == KC_ERR_INVALID ? EXIT_USAGE : EXIT_RUNTIME;
	} else {
		fprintf(stderr, "cursor: %lld\n", o.cursor);
	}
	kc_store_close(st);
	return rc;
}

/* ---------- inventory: the controlled-substance record ---------- */

static int inventory_receive(struct kc_run *c, struct kc_store *st, struct kc_err *err)
{
	const char *const *a = c->cli->args;
	struct kc_stock_receipt r = { 0 };
	char *end = NULL;
	kc_id id = 0;

	kc_strlcpy(r.product, a[1], sizeof r.product);
	kc_strlcpy(r.strength, a[2], sizeof r.strength);
	kc_strlcpy(r.lot, a[3], sizeof r.lot);
	kc_strlcpy(r.expiry, a[4], sizeof r.expiry);
	r.units = (int)strtol(a[5], &end, 10);
	if (end == a[5] || *end)
		return kc_fail(err, KC_ERR_INVALID, "'%s' is not a number of units", a[5]);
	r.mg_per_unit = strtod(a[6], &end);
	if (end == a[6] || *end)
		return kc_fail(err, KC_ERR_INVALID, "'%s' is not mg a unit", a[6]);
	kc_strlcpy(r.supplier, a[7], sizeof r.supplier);
	if (kc_chart_stock_receive(st, &r, now_of(c), &id, err) != KC_OK)
		return err->status;
	printf("received: %s lot %s, %d x %.1f mg = %.1f mg (receipt %lld)\n", r.product, r.lot, r.units,
	       r.mg_per_unit, r.units * r.mg_per_unit, id);
	return KC_OK;
}

static int inventory_act(struct kc_run *c, struct kc_store *st, struct kc_err *err)
{
	const char *const *a = c->cli->args;
	struct kc_stock_count cnt;
	kc_id session = 0, id = 0;

	if (strcmp(a[0], "receive") == 0)
		return inventory_receive(c, st, err);
	if (strcmp(a[0], "count") == 0) {
		if (kc_chart_stock_count(st, a[1], a[2], c->cli->nargs > 3 ? a[3] : "", now_of(c), &cnt, err) != KC_OK)
			return err->status;
		printf("counted: lot %s, %.1f mg; the record says %.1f mg: %s\n", cnt.lot, cnt.counted_mg, cnt.expected_mg,
		       fabs(cnt.difference_mg) < KC_MG_EPS ? "they agree" : "the difference is recorded as a discrepancy");
		return KC_OK;
	}
	if (strcmp(a[0], "witness") == 0) {
		if (parse_session_id(a[1], &id) != 0)
			return kc_fail(err, KC_ERR_INVALID, "'%s' is not a waste number", a[1]);
		if (kc_chart_drug_witness(st, id, now_of(c), err) != KC_OK)
			return err->status;
		printf("waste %lld: witnessed by %s\n", id, c->actor);
		return KC_OK;
	}
	if (kc_session_address(st, a[1], &session, err) != KC_OK)
		return err->status;
	if (strcmp(a[0], "draw") == 0 &&
	    kc_chart_drug_draw(st, &c->cfg, session, a[2], a[3], 0, now_of(c), &id, err) == KC_OK) {
		printf("drawn up: %s mg of lot %s for session %lld\n", a[3], a[2], session);
		return KC_OK;
	}
	if (strcmp(a[0], "waste") == 0 &&
	    kc_chart_drug_waste(st, &c->cfg, session, a[2], a[3], a[4], 0, now_of(c), &id, err) == KC_OK) {
		printf("waste %lld: %s mg of lot %s in session %lld; a second clinician witnesses it: 'ketchart "
		       "inventory witness %lld' from their own login\n", id, a[3], a[2], session, id);
		return KC_OK;
	}
	return err->status;
}

static int cmd_inventory(struct kc_run *c)
{
	struct kc_store *st = NULL;
	struct kc_err err;
	time_t since = 0;
	int rc;

	if (parse_since(c, "inventory", &since) != 0)
		return EXIT_USAGE;
	rc = open_clinician(c, c->cli->nargs ? KC_OPEN_EXISTING : KC_OPEN_EXISTING | KC_OPEN_READ_OK, &st);
	if (rc)
		return rc;
	if (c->cli->nargs) {
		if (inventory_act(c, st, &err) != KC_OK) {
			fprintf(stderr, "ketchart: inventory %s: %s\n", c->cli->args[0], err.msg);
			rc = EXIT_RUNTIME;
		}
		kc_store_close(st);
		return rc;
	}
	rc = print_filled(&(struct fill){ .st = st, .c = c, .since = since }, "inventory", fill_inventory);
	kc_store_close(st);
	return rc;
}

/* ---------- verify, backup ---------- */

/* verify's --head HASH travels in args as the pair ("--head", HASH) (cli.c). */
/* Every problem, then the head to note elsewhere; returns the exit code. */
static void print_anchor(const struct kc_verify_result *r)
{
	char file[512];

	kc_text_escape(r->anchor.file, 0, file, sizeof file);
	if (r->anchor_state == KC_ANCHOR_NONE)
		printf("anchor: none (%s): a deletion of the newest entries cannot be detected\n", file);
	else if (r->anchor_state == KC_ANCHOR_OK)
		printf("anchor: audit row %lld, recorded at a signature, holds (%s)\n", r->anchor.row,
		       file);
	if (r->signed_after)
		printf("note: %lld signature%s after the latest anchor (its anchor could not be "
		       "written)\n", r->signed_after, r->signed_after == 1 ? "" : "s");
}

static int print_verify(const char *path, const struct kc_verify_result *r, const char *head)
{
	char db[512];
	char line[KC_MSG_MAX * 4];

	kc_text_escape(path, 0, db, sizeof db);
	for (size_t i = 0; i < r->shown; i++) /* escaped where they quote stored text, and again */
		printf("%s\n", kc_text_escape(r->problem[i], 0, line, sizeof line));
	if (r->problems > r->shown)
		printf("(%zu more problems not shown)\n", r->problems - r->shown);
	printf("chain head: %s (%lld audit rows)\n", r->head[0] ? r->head : "none", r->audit_rows);
	print_anchor(r);
	if (r->head_ok)
		printf("head %s is audit row %lld: the audit up to it is unchanged\n", head,
		       r->head_row);
	if (r->damaged) {
		fprintf(stderr, "ketchart: %s is damaged: stop charting in it and restore the latest backup "
			"(made with 'ketchart backup')\n", db);
		return EXIT_RUNTIME;
	}
	if (r->problems) {
		printf("%s: %zu problem%s: the database was altered outside ketchart\n", db,
		       r->problems, r->problems == 1 ? "" : "s");
		return EXIT_RUNTIME;
	}
	printf("%s: ok: the audit chain is whole and every row agrees with it\n", db);
	return 0;
}

/* Verify the database at path (opened as the clinician running the program); with
 * counts, also count the rows of copy_tables[]. */
static const char *const copy_tables[] = { "patient", "session", "vitals", "audit" };
#define N_COPY_TABLES (sizeof copy_tables / sizeof copy_tables[0])

/* The clock checks need a record written by the real clock: not a training database
 * (demo writes its sample sessions days back) nor the test clock. */
static time_t verify_clock(const struct kc_run *c, struct kc_store *st)
{
	return c->clock.test || kc_store_training(st) ? 0 : now_of(c);
}

static int verify_db(struct kc_run *c, const char *path, const char *head,
		     struct kc_verify_result *r, long long *counts)
{
	struct kc_store *st = NULL;
	struct kc_err err;
	int rc;

	if (store_open_as(c, path, KC_OPEN_EXISTING | KC_OPEN_READ_OK, &st, &err) != KC_OK) {
		fprintf(stderr, "ketchart: %s\n", err.msg);
		return EXIT_RUNTIME;
	}
	if ((rc = clock_allowed(c, path, st)) != 0 || (rc = need_clinician(st)) != 0) {
		kc_store_close(st);
		return rc;
	}
	if (kc_store_training(st) && !counts)
		printf("%s\n", TRAINING_LINE);
	rc = kc_verify_with(st, &(struct kc_verify_opts){ .head = head, .now = verify_clock(c, st) },
			    r, &err);
	for (size_t i = 0; counts && rc == KC_OK && i < N_COPY_TABLES; i++)
		rc = kc_store_count(st, copy_tables[i], &counts[i], &err);
	if (rc != KC_OK)
		fprintf(stderr, "ketchart: verify %s: %s\n", path, err.msg);
	kc_store_close(st);
	return rc == KC_OK ? 0 : EXIT_RUNTIME;
}

static int cmd_verify(struct kc_run *c)
{
	const char *given = c->cli->head;
	char head[KC_HASH_HEX] = "";
	struct kc_verify_result *r;
	struct kc_err err;
	int rc;

	if (given && kc_chain_parse_head(given, head, &err) != KC_OK) {
		fprintf(stderr, "ketchart: verify --head: %s\n", err.msg);
		return EXIT_USAGE;
	}
	r = malloc(sizeof *r);
	if (!r) {
		fprintf(stderr, "ketchart: out of memory\n");
		return EXIT_RUNTIME;
	}
	rc = verify_db(c, c->db, given ? head : NULL, r, NULL);
	if (rc == 0)
		rc = print_verify(c->db, r, head);
	free(r);
	return rc;
}

/* backup: the live database copied inside one read transaction (sqlite3_backup_step reads
 * every page through that snapshot), then the copy checked against what the snapshot held:
 * its audit chain head (rows, newest row, hash) and the rows of each table, read back from
 * the copy. That is sufficient for a copy: it is the snapshot's pages byte for byte
 * (SQLite's backup API, every write checked, synced when closed), so it cannot differ
 * from the live file except by a write that did not land, which the head and the counts
 * read back (each walks its table's pages in the copy) would show. Whether the live
 * file's history is whole and its pages sound is the same question for the copy, and
 * 'ketchart verify' answers it (it should run daily, say by cron); backup no longer
 * repeats it, which took ten times the copy's own time (issue 10). backup --verify does:
 * the full verify of the snapshot it copies, then SQLite's integrity_check of the copy. */
struct copy_seen {
	struct kc_anchor head;         /* the snapshot's chain head */
	long long n[KC_COPY_TABLES];   /* its rows per table (kc_store_copy_rows) */
};

static int snapshot_copy(struct kc_run *c, struct kc_store *st, const char *file, struct kc_verify_result *r,
			 struct copy_seen *seen, int *pages, struct kc_err *err)
{
	struct kc_verify_opts o = { .now = verify_clock(c, st), .no_integrity = 1 };
	int rc = kc_store_snapshot_begin(st, err);

	if (rc != KC_OK)
		return rc;
	if (c->cli->verify)
		rc = kc_verify_with(st, &o, r, err);
	if (rc == KC_OK)
		rc = kc_store_head(st, &seen->head, err);
	if (rc == KC_OK)
		rc = kc_store_copy_rows(st, 0, seen->n, err);
	if (rc == KC_OK)
		rc = kc_store_backup(st, file, pages, err);
	return kc_store_snapshot_end(st, rc, err);
}

/* The copy reads back and ends where the snapshot did (with --verify: and passes SQLite's
 * integrity_check). */
static int check_copy(struct kc_run *c, const char *file, const struct copy_seen *seen)
{
	struct kc_store *copy = NULL;
	struct copy_seen got;
	struct kc_err err;
	int rc = store_open_as(c, file, KC_OPEN_EXISTING | KC_OPEN_READ_OK, &copy, &err);

	memset(&got, 0, sizeof got);
	if (rc == KC_OK && c->cli->verify && (rc = kc_store_integrity(copy, 0, &err)) == KC_ERR_CORRUPT)
		kc_fail(&err, KC_ERR_CORRUPT, "%s is damaged: its copy fails SQLite's integrity check "
			"(%s); nothing was kept: stop charting in it and restore the latest backup",
			c->db, err.msg);
	if (rc == KC_OK)
		rc = kc_store_head(copy, &got.head, &err);
	if (rc == KC_OK)
		rc = kc_store_copy_rows(copy, 1, got.n, &err);
	if (rc == KC_ERR_CORRUPT && !strstr(err.msg, c->db))
		kc_fail(&err, KC_ERR_CORRUPT, "%s is damaged: its copy does not read back (%s); nothing "
			"was kept: stop charting in it and restore the latest backup", c->db, err.msg);
	if (rc == KC_OK && (got.head.rows != seen->head.rows || got.head.row != seen->head.row ||
			    strcmp(got.head.hash, seen->head.hash) != 0 ||
			    memcmp(got.n, seen->n, sizeof got.n) != 0))
		rc = kc_fail(&err, KC_ERR_IO, "the copy %s does not read back as the database was "
			     "copied (chain head %s, %lld audit rows); nothing was kept", file,
			     seen->head.hash[0] ? seen->head.hash : "none", seen->head.rows);
	kc_store_close(copy);
	if (rc != KC_OK) {
		fprintf(stderr, "ketchart: backup: %s\n", err.msg);
		remove_new_db(file);
	}
	return rc == KC_OK ? 0 : EXIT_RUNTIME;
}

static int cmd_backup(struct kc_run *c)
{
	const char *file = c->cli->args[0];
	struct kc_verify_result *r = malloc(sizeof *r);
	struct copy_seen seen;
	struct kc_store *st = NULL;
	struct kc_err err;
	int pages = 0;
	int rc = r ? open_clinician(c, KC_OPEN_EXISTING | KC_OPEN_READ_OK, &st) : EXIT_RUNTIME;

	if (rc) {
		free(r);
		return rc;
	}
	memset(&seen, 0, sizeof seen);
	if (snapshot_copy(c, st, file, r, &seen, &pages, &err) != KC_OK) {
		fprintf(stderr, "ketchart: backup: %s\n", err.msg);
		rc = EXIT_RUNTIME;
	}
	kc_store_close(st);
	if (rc == 0)
		rc = check_copy(c, file, &seen);
	if (rc == 0) {
		printf("%s: %d pages copied: %lld patients, %lld sessions, %lld vitals readings, "
		       "%lld audit rows\n", file, pages, seen.n[0], seen.n[1], seen.n[2], seen.n[3]);
		printf("the copy reads back with the live database's rows and chain head %s (audit row %lld)\n",
		       seen.head.hash[0] ? seen.head.hash : "none", seen.head.row);
	}
	if (rc == 0 && c->cli->verify) {
		rc = print_verify(file, r, NULL);
		if (rc)
			fprintf(stderr, "ketchart: backup: the copy does not verify: the live database "
				"was altered outside ketchart (run 'ketchart verify')\n");
	} else if (rc == 0) {
		printf("the audit chain was not verified: run 'ketchart verify' (daily), or 'ketchart "
		       "backup --verify'\n");
	}
	free(r);
	return rc;
}

/* ---------- user add | list | disable (admin only, checked by the store) ---------- */

static int user_add(struct kc_run *c, struct kc_store *st, struct kc_err *err)
{
	const char *login = c->cli->args[1];
	enum kc_role role = KC_ROLE_NURSE;
	struct kc_clinician who;

	if (c->cli->role && kc_role_from_name(c->cli->role, &role) != KC_OK)
		return kc_fail(err, KC_ERR_INVALID, "unknown role '%s'", c->cli->role);
	if (kc_chart_clinician_add(st, login, c->cli->name, role, now_of(c), err) != KC_OK ||
	    kc_clinician_get(st, login, &who, err) != KC_OK)
		return err->status;
	printf("%s: %s (%s)\n", who.login, kc_role_name(who.role), who.display_name);
	if (!getpwnam(login))
		printf("note: there is no Unix user '%s' on this machine yet; ketchart knows a clinician "
		       "by the login they run it as\n", login);
	return KC_OK;
}

static int user_list(struct kc_store *st, struct kc_err *err)
{
	struct kc_clinician *rows = NULL;
	size_t n = 0;

	if (kc_clinician_list(st, &rows, &n, err) != KC_OK)
		return err->status;
	printf("%-16s %-9s %-8s %s\n", "LOGIN", "ROLE", "STATUS", "NAME");
	for (size_t i = 0; i < n; i++) {
		char login[4 * KC_LOGIN_MAX], name[4 * KC_NAME_MAX];

		printf("%-16s %-9s %-8s %s\n", kc_text_escape(rows[i].login, 0, login, sizeof login),
		       kc_role_name(rows[i].role), rows[i].active ? "active" : "disabled",
		       kc_text_escape(rows[i].display_name, 0, name, sizeof name));
	}
	free(rows);
	return KC_OK;
}

static int cmd_user(struct kc_run *c)
{
	const char *sub = c->cli->args[0];
	struct kc_store *st = NULL;
	struct kc_err err;
	int rc = open_store(c, KC_OPEN_EXISTING, &st);

	if (rc)
		return rc;
	if (strcmp(sub, "add") == 0)
		rc = user_add(c, st, &err);
	else if (strcmp(sub, "list") == 0)
		rc = user_list(st, &err);
	else if ((rc = kc_chart_clinician_disable(st, c->cli->args[1], now_of(c), &err)) == KC_OK)
		printf("%s: disabled (their entries stay in the charts)\n", c->cli->args[1]);
	if (rc != KC_OK)
		fprintf(stderr, "ketchart: user %s: %s\n", sub, err.msg);
	kc_store_close(st);
	return rc == KC_OK ? 0 : EXIT_RUNTIME;
}

/* check-config [FILE]: FILE, else --config, else the default location. */
static int cmd_check_config(const struct kc_cli *cli, const struct kc_shared *sh)
{
	char path[4096];
	int required = 1;
	struct kc_config cfg;
	struct kc_diag *diag;
	const char *given = cli->nargs ? cli->args[0] : sh->on ? kc_shared_config() : cli->config;
	struct stat sb;
	int rc;

	if (kc_config_path(given, path, sizeof path, &required) != KC_OK) {
		fprintf(stderr, "ketchart: cannot work out where the configuration is (HOME unset?)\n");
		return EXIT_USAGE;
	}
	if (!required && stat(path, &sb) != 0 && errno == ENOENT) {
		printf("%s: no such file; the built-in defaults are in use\n", path);
		return 0;
	}
	if (kc_start_config_private(path))
		return EXIT_USAGE;
	diag = calloc(1, sizeof *diag);
	if (!diag)
		return EXIT_RUNTIME;
	rc = kc_config_load(path, &cfg, diag);
	if (rc == KC_OK && cfg.general.labels_file[0]) {
		struct kc_labels *labels = malloc(sizeof *labels);

		rc = labels ? kc_labels_load(cfg.general.labels_file, labels, diag) : KC_ERR_NOMEM;
		free(labels);
	}
	if (rc == KC_OK)
		printf("%s: ok\n", path);
	else
		kc_start_print_diag(diag);
	free(diag);
	return rc == KC_OK ? 0 : EXIT_USAGE;
}

/* setup --shared LOGIN (root): shared.h. */
static int cmd_setup(const struct kc_cli *cli)
{
	struct kc_err err;

	if (!cli->shared) {
		fprintf(stderr, "ketchart: setup takes --shared LOGIN\n");
		return EXIT_USAGE;
	}
	if (kc_shared_setup(cli->args[0], &err) != KC_OK) {
		fprintf(stderr, "ketchart: setup --shared: %s\n", err.msg);
		return err.status == KC_ERR_INVALID ? EXIT_USAGE : EXIT_RUNTIME;
	}
	printf("shared mode is set up: clinicians run %s as themselves; '%s' adds them\n", "ketchart",
	       "ketchart user add LOGIN");
	return 0;
}

/* What runs before start-up, or without it: --help, --version, check-config, setup. */
int kc_cli_plain(const struct kc_cli *cli, const struct kc_shared *sh, int *rc)
{
	if (cli->help)
		*rc = fputs(kc_cli_usage(), stdout) < 0;
	else if (cli->version)
		*rc = printf("ketchart %s\n", KC_VERSION) < 0;
	else if (cli->cmd && strcmp(cli->cmd, "check-config") == 0)
		*rc = cmd_check_config(cli, sh);
	else if (cli->cmd && strcmp(cli->cmd, "setup") == 0)
		*rc = cmd_setup(cli);
	else
		return 0;
	return 1;
}

/* The database opened as the clinician running the program (the screens' too, main.c). */
int kc_cli_open(struct kc_run *run, int flags, struct kc_store **st)
{
	return open_clinician(run, flags, st);
}

int kc_cli_run(struct kc_run *run)
{
	static const struct {
		const char *name;
		int (*run)(struct kc_run *);
	} table[] = {
		{ "init", cmd_init },
		{ "demo", cmd_demo },
		{ "report", cmd_report },
		{ "rems", cmd_rems },
		{ "inventory", cmd_inventory },
		{ "export", cmd_export },
		{ "outcomes", cmd_outcomes },
		{ "verify", cmd_verify },
		{ "backup", cmd_backup },
		{ "user", cmd_user },
	};

	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strcmp(table[i].name, run->cli->cmd) == 0)
			return table[i].run(run);
	return EXIT_USAGE;
}
