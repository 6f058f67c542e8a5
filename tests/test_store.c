/* test_store.c — the storage module against a real on-disk database per test: file modes,
 * migrations, the audit triggers, signed sessions, corrections, dose bookkeeping, the
 * screening, and storage failures reaching the caller as statuses. sqlite3_step is wrapped
 * by the linker (-Wl,--wrap=sqlite3_step) so a test can make it fail. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <grp.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "kc_store.h"

#define MIN 60
#define NOW ((time_t)1763726400) /* 2025-11-21 12:00 UTC */
#define ACTOR "nurse1"
#define SIGNED_MSG "signed and read-only; add an addendum instead"

/* ---------- the sqlite3_step seam ---------- */

int __real_sqlite3_step(sqlite3_stmt *s);
int __wrap_sqlite3_step(sqlite3_stmt *s);

static int fail_rc;           /* 0: every step is real */
static const char *fail_sql;  /* fail the statements whose SQL starts with this */
static int fail_count;        /* how many steps were failed */

int __wrap_sqlite3_step(sqlite3_stmt *s)
{
	if (fail_rc && strncmp(sqlite3_sql(s), fail_sql, strlen(fail_sql)) == 0) {
		fail_count++;
		return fail_rc;
	}
	return __real_sqlite3_step(s);
}

static void fail_steps(const char *sql_prefix, int rc)
{
	fail_sql = sql_prefix;
	fail_rc = rc;
	fail_count = 0;
}

/* ---------- fixture ---------- */

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	kc_id patient, session;
};

/* A fresh folder per test; the database sits two missing folders below it. */
static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_folder(&f->db, "store", "data/ketchart/ketchart.db");
	fail_steps("", 0);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	fail_steps("", 0);
	return tdb_teardown(state);
}

static void open_store(struct fx *f)
{
	tdb_open(&f->db, ACTOR);
}

static kc_id add_patient(struct fx *f, const char *chart, const char *name, const char *dob)
{
	struct kc_patient p = { 0 };
	kc_id id = 0;

	kc_strlcpy(p.chart_no, chart, sizeof p.chart_no);
	kc_strlcpy(p.name, name, sizeof p.name);
	kc_strlcpy(p.dob, dob, sizeof p.dob);
	assert_int_equal(kc_patient_add(f->db.st, &p, NOW, &id, &f->db.err), KC_OK);
	assert_true(id > 0);
	return id;
}

static kc_id add_session(struct fx *f, kc_id patient, enum kc_route route)
{
	kc_id id = 0;

	assert_int_equal(kc_session_create(f->db.st, patient, route, "depression", NOW, &id, &f->db.err), KC_OK);
	return id;
}

/* Store open with one patient and one IV session. */
static int fx_session_setup(void **state)
{
	struct fx *f;

	fx_setup(state);
	f = *state;
	open_store(f);
	f->patient = add_patient(f, "C-100", "Ada Lovelace", "1980-05-17");
	f->session = add_session(f, f->patient, KC_ROUTE_IV);
	return 0;
}

static struct kc_vitals_row reading(kc_id session, time_t taken, int sys, int dia)
{
	struct kc_vitals_row r;

	memset(&r, 0, sizeof r);
	r.session_id = session;
	r.taken_at = taken;
	r.status = KC_VITALS_TAKEN;
	r.v = (struct kc_vitals){ sys, dia, 72, 98, 14, KC_NONE, 5 };
	return r;
}

static long long count(struct fx *f, const char *table)
{
	long long n = -1;

	assert_int_equal(kc_store_count(f->db.st, table, &n, &f->db.err), KC_OK);
	return n;
}

/* A second, plain connection to the same file: what another program would see. */
static sqlite3 *raw_open(const char *path)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
			 SQLITE_OK);
	chmod(path, 0600); /* a database others can read is refused */
	return db;
}

static long long raw_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	long long v;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static void raw_exec(sqlite3 *db, const char *sql)
{
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
}

/* Run sql with ?1 bound to id; the connection's message lands in msg. */
static int raw_run_id(sqlite3 *db, const char *sql, kc_id id, char *msg, size_t n)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);

	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(s, 1, id);
		rc = sqlite3_step(s);
	}
	kc_strlcpy(msg, sqlite3_errmsg(db), n);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static mode_t mode_of(const char *path)
{
	struct stat sb;

	assert_int_equal(stat(path, &sb), 0);
	return sb.st_mode & 07777;
}

/* ---------- opening and migrations ---------- */

static void test_create_makes_private_file_and_folders_in_wal_at_current_schema(void **state)
{
	struct fx *f = *state;
	char sub[PATH_MAX + 16], wal[PATH_MAX + 8];
	struct kc_clinician c;
	sqlite3_stmt *s = NULL;
	int version = -1;
	sqlite3 *db;

	umask(022); /* a usual umask: the store must still end up owner-only */
	open_store(f);
	assert_int_equal(kc_store_migrations_applied(f->db.st), KC_SCHEMA_VERSION);
	assert_int_equal(kc_store_user_version(f->db.st, &version, &f->db.err), KC_OK);
	assert_int_equal(version, KC_SCHEMA_VERSION);
	assert_int_equal(mode_of(f->db.path), 0600);
	snprintf(sub, sizeof sub, "%s/data", f->db.dir);
	assert_int_equal(mode_of(sub), 0700);
	snprintf(sub, sizeof sub, "%s/data/ketchart", f->db.dir);
	assert_int_equal(mode_of(sub), 0700);
	snprintf(wal, sizeof wal, "%s-wal", f->db.path); /* exist while the store is open */
	assert_int_equal(mode_of(wal), 0600);
	snprintf(wal, sizeof wal, "%s-shm", f->db.path);
	assert_int_equal(mode_of(wal), 0600);
	db = raw_open(f->db.path);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	sqlite3_close(db);
	/* the login that created the database became its first admin */
	assert_int_equal(kc_clinician_get(f->db.st, ACTOR, &c, &f->db.err), KC_OK);
	assert_string_equal(c.login, ACTOR);
	assert_int_equal(c.role, KC_ROLE_ADMIN);
	assert_true(c.active);
	assert_string_equal(kc_store_actor(f->db.st), ACTOR);
}

static void test_reopen_applies_no_migration_and_adds_no_clinician(void **state)
{
	struct fx *f = *state;
	int version = -1;

	open_store(f);
	kc_store_close(f->db.st);
	f->db.st = NULL;
	assert_int_equal(kc_store_open(&f->db.st, f->db.path, KC_OPEN_EXISTING, ACTOR, &f->db.err), KC_OK);
	assert_int_equal(kc_store_migrations_applied(f->db.st), 0);
	assert_int_equal(kc_store_user_version(f->db.st, &version, &f->db.err), KC_OK);
	assert_int_equal(version, KC_SCHEMA_VERSION);
	assert_int_equal(count(f, "clinician"), 1);
	assert_int_equal(count(f, "audit"), 1); /* only the first open's clinician insert */
}

static void test_open_existing_missing_file_says_how_to_create_it(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc_store_open(&f->db.st, f->db.path, KC_OPEN_EXISTING, ACTOR, &f->db.err),
			 KC_ERR_NOTFOUND);
	assert_null(f->db.st);
	assert_non_null(strstr(f->db.err.msg, f->db.path));
	assert_non_null(strstr(f->db.err.msg, "ketchart init"));
	assert_int_equal(access(f->db.path, F_OK), -1); /* and nothing was created */
}

static void test_upgrade_from_version_0_keeps_existing_state(void **state)
{
	struct fx *f = *state;
	sqlite3 *db;

	snprintf(f->db.path, sizeof f->db.path, "%s/old.db", f->db.dir);
	db = raw_open(f->db.path);
	raw_exec(db, "CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('kept')");
	sqlite3_close(db);
	assert_int_equal(kc_store_open(&f->db.st, f->db.path, KC_OPEN_EXISTING, ACTOR, &f->db.err), KC_OK);
	assert_int_equal(kc_store_migrations_applied(f->db.st), KC_SCHEMA_VERSION);
	assert_int_equal(count(f, "patient"), 0);
	db = raw_open(f->db.path);
	assert_int_equal(raw_int(db, "PRAGMA user_version"), KC_SCHEMA_VERSION);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM notes WHERE x = 'kept'"), 1);
	sqlite3_close(db);
}

static void test_failed_migration_leaves_version_and_tables_untouched(void **state)
{
	struct fx *f = *state;
	sqlite3 *db;

	/* An old file already holding a table the migration wants to create: it fails midway,
	 * after clinician, patient and session were created. */
	snprintf(f->db.path, sizeof f->db.path, "%s/clash.db", f->db.dir);
	db = raw_open(f->db.path);
	raw_exec(db, "CREATE TABLE vitals (x); INSERT INTO vitals VALUES (1)");
	sqlite3_close(db);
	assert_int_equal(kc_store_open(&f->db.st, f->db.path, KC_OPEN_EXISTING, ACTOR, &f->db.err),
			 KC_ERR_CORRUPT);
	assert_null(f->db.st);
	assert_non_null(strstr(f->db.err.msg, "schema 1 failed"));
	assert_non_null(strstr(f->db.err.msg, "vitals already exists"));
	assert_non_null(strstr(f->db.err.msg, "nothing was changed"));
	db = raw_open(f->db.path);
	assert_int_equal(raw_int(db, "PRAGMA user_version"), 0);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_master WHERE name <> 'vitals'"), 0);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM vitals"), 1);
	sqlite3_close(db);
}

static void test_newer_schema_is_refused(void **state)
{
	struct fx *f = *state;
	char want[80], sql[40];
	sqlite3 *db;

	open_store(f);
	kc_store_close(f->db.st);
	f->db.st = NULL;
	db = raw_open(f->db.path);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", KC_SCHEMA_VERSION + 1);
	raw_exec(db, sql);
	sqlite3_close(db);
	assert_int_equal(kc_store_open(&f->db.st, f->db.path, KC_OPEN_EXISTING, ACTOR, &f->db.err),
			 KC_ERR_INVALID);
	assert_null(f->db.st);
	snprintf(want, sizeof want, "database schema %d is newer than this program (%d); upgrade ketchart",
		 KC_SCHEMA_VERSION + 1, KC_SCHEMA_VERSION);
	assert_string_equal(f->db.err.msg, want);
}

static void test_not_a_database_is_corrupt(void **state)
{
	struct fx *f = *state;
	FILE *fp;

	snprintf(f->db.path, sizeof f->db.path, "%s/notes.txt", f->db.dir);
	fp = fopen(f->db.path, "w");
	assert_non_null(fp);
	for (int i = 0; i < 200; i++)
		fputs("this is a shopping list, not a chart\n", fp);
	fclose(fp);
	chmod(f->db.path, 0600); /* not refused as readable by others first */
	assert_int_equal(kc_store_open(&f->db.st, f->db.path, KC_OPEN_EXISTING, ACTOR, &f->db.err),
			 KC_ERR_CORRUPT);
	assert_null(f->db.st);
	assert_non_null(strstr(f->db.err.msg, f->db.path));
	assert_non_null(strstr(f->db.err.msg, "not a ketchart database"));
}

/* Root ignores permission bits, so as root the open runs with the effective uid of
 * "nobody" (when that cannot be done the test is skipped). */
static void test_read_only_file_is_refused_as_read_only(void **state)
{
	struct fx *f = *state;
	char data[PATH_MAX], dir[PATH_MAX];
	int as_root = geteuid() == 0;
	int rc;

	open_store(f);
	kc_store_close(f->db.st);
	f->db.st = NULL;
	assert_int_equal(chmod(f->db.path, 0400), 0);
	if (as_root) {
		snprintf(data, sizeof data, "%s/data", f->db.dir);
		snprintf(dir, sizeof dir, "%s/data/ketchart", f->db.dir);
		if (chown(f->db.dir, 65534, 65534) || chown(data, 65534, 65534) ||
		    chown(dir, 65534, 65534) ||
		    chown(f->db.path, 65534, 65534) || seteuid(65534) != 0) {
			skip();
		}
	}
	rc = kc_store_open(&f->db.st, f->db.path, KC_OPEN_EXISTING, ACTOR, &f->db.err);
	if (as_root)
		assert_int_equal(seteuid(0), 0);
	assert_int_equal(rc, KC_ERR_READONLY);
	assert_null(f->db.st);
	assert_non_null(strstr(f->db.err.msg, f->db.path));
	assert_non_null(strstr(f->db.err.msg, "read-only"));
}

/* ---------- who may write the file ---------- */

static void test_a_file_or_folder_every_user_can_write_is_refused_with_the_fix(void **state)
{
	struct fx *f = *state;
	char dir[128], want[400];

	open_store(f);
	kc_store_close(f->db.st);
	f->db.st = NULL;
	snprintf(dir, sizeof dir, "%s/data/ketchart", f->db.dir);
	assert_int_equal(chmod(f->db.path, 0602), 0);
	assert_int_equal(kc_store_open(&f->db.st, f->db.path, KC_OPEN_EXISTING, ACTOR, &f->db.err), KC_ERR_DENIED);
	assert_null(f->db.st);
	snprintf(want, sizeof want, "run 'chmod o-w %.300s'", f->db.path);
	assert_non_null(strstr(f->db.err.msg, want));
	assert_int_equal(chmod(f->db.path, 0660), 0); /* the group may write: that is sharing */
	assert_int_equal(chmod(dir, 0777), 0);
	assert_int_equal(kc_store_open(&f->db.st, f->db.path, KC_OPEN_CREATE, ACTOR, &f->db.err), KC_ERR_DENIED);
	snprintf(want, sizeof want, "the folder %s of the database can be written by every user: run "
		 "'chmod o-w %s'", dir, dir);
	assert_string_equal(f->db.err.msg, want);
	assert_int_equal(chmod(dir, 01777), 0); /* like /tmp */
	assert_int_equal(kc_store_open(&f->db.st, f->db.path, KC_OPEN_EXISTING, ACTOR, &f->db.err), KC_ERR_DENIED);
	assert_non_null(strstr(f->db.err.msg, "a folder every user can write: move it into a folder of its own"));
	assert_int_equal(chmod(dir, 0770), 0);
	assert_int_equal(kc_store_open(&f->db.st, f->db.path, KC_OPEN_EXISTING, ACTOR, &f->db.err), KC_OK);
}

static void test_create_in_a_folder_every_user_can_write_creates_nothing(void **state)
{
	struct fx *f = *state;
	char dir[128];

	snprintf(dir, sizeof dir, "%s/open", f->db.dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(chmod(dir, 0777), 0);
	snprintf(f->db.path, sizeof f->db.path, "%s/k.db", dir);
	assert_int_equal(kc_store_open(&f->db.st, f->db.path, KC_OPEN_CREATE, ACTOR, &f->db.err), KC_ERR_DENIED);
	assert_int_equal(access(f->db.path, F_OK), -1);
}

/* Before schema 3 every login was a nurse: the upgrade makes the database's first
 * clinician its admin, and says so in the audit. */
static void test_upgrade_to_schema_3_makes_the_first_clinician_admin(void **state)
{
	struct fx *f = *state;
	struct kc_audit_row *a = NULL;
	struct kc_clinician c;
	enum kc_role role;
	size_t n = 0;
	sqlite3 *db;

	open_store(f);
	assert_int_equal(kc_clinician_upsert(f->db.st, ACTOR, ACTOR, KC_ROLE_NURSE, NOW, &f->db.err), KC_OK);
	assert_int_equal(kc_clinician_upsert(f->db.st, "later", "Later", KC_ROLE_NURSE, NOW, &f->db.err), KC_OK);
	kc_store_close(f->db.st);
	f->db.st = NULL;
	db = raw_open(f->db.path);
	raw_exec(db, "DROP TABLE training;" /* schema 6 */
		 "DROP TRIGGER weight_audit_insert; DROP TRIGGER weight_audit_update;" /* schema 5 */
		 "ALTER TABLE weight DROP COLUMN typed;"
		 "DROP TABLE patient_correction; DROP TRIGGER weight_eie;" /* schema 4 */
		 "ALTER TABLE weight DROP COLUMN eie_code; ALTER TABLE weight DROP COLUMN eie_reason;"
		 "ALTER TABLE weight DROP COLUMN eie_by; ALTER TABLE weight DROP COLUMN eie_at;"
		 "ALTER TABLE weight DROP COLUMN replaced_by; ALTER TABLE weight DROP COLUMN corrects;"
		 "DROP TABLE amendment; DROP TABLE session_hold; PRAGMA user_version = 2");
	sqlite3_close(db);
	assert_int_equal(kc_store_open(&f->db.st, f->db.path, KC_OPEN_EXISTING, "later", &f->db.err), KC_OK);
	assert_int_equal(kc_store_migrations_applied(f->db.st), KC_SCHEMA_VERSION - 2);
	assert_int_equal(kc_clinician_get(f->db.st, ACTOR, &c, &f->db.err), KC_OK);
	assert_int_equal(c.role, KC_ROLE_ADMIN);
	assert_int_equal(kc_store_actor_role(f->db.st, &role, &f->db.err), KC_OK);
	assert_int_equal(role, KC_ROLE_NURSE); /* only the first */
	assert_int_equal(kc_audit_list(f->db.st, "clinician", c.id, &a, &n, &f->db.err), KC_OK);
	assert_true(n >= 2);
	assert_string_equal(a[n - 1].field, "role");
	assert_string_equal(a[n - 1].new_value, "admin");
	assert_string_equal(a[n - 1].who, "later");
	assert_true(a[n - 1].at > 0);
	free(a);
}

/* ---------- patients ---------- */

static void test_patient_add_get_find_and_duplicate_chart_number(void **state)
{
	struct fx *f = *state;
	struct kc_patient *rows = NULL, p, dup = { .chart_no = "C-2", .name = "Other", .dob = "1970-01-01" };
	kc_id a, b, id = 0;
	size_t n = 0;

	open_store(f);
	a = add_patient(f, "C-1", "zoe Brown", "1990-01-02");
	b = add_patient(f, "C-2", "Anna Smith", "1985-12-31");
	assert_int_equal(kc_patient_get(f->db.st, a, &p, &f->db.err), KC_OK);
	assert_string_equal(p.chart_no, "C-1");
	assert_string_equal(p.dob, "1990-01-02");
	assert_int_equal(p.created_at, NOW);
	assert_int_equal(kc_patient_add(f->db.st, &dup, NOW, &id, &f->db.err), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "chart number C-2 is already used"));
	assert_int_equal(count(f, "patient"), 2);
	assert_int_equal(kc_patient_find(f->db.st, "", &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, b); /* by name, ignoring case */
	assert_int_equal(rows[1].id, a);
	free(rows);
	assert_int_equal(kc_patient_find(f->db.st, "BROWN", &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, a);
	free(rows);
	assert_int_equal(kc_patient_find(f->db.st, "c-2", &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, b);
	free(rows);
	assert_int_equal(kc_patient_find(f->db.st, "%", &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 0); /* a literal character, not a wildcard */
	assert_null(rows);
	assert_int_equal(kc_patient_get(f->db.st, 999, &p, &f->db.err), KC_ERR_NOTFOUND);
	assert_non_null(strstr(f->db.err.msg, "no patient with id 999"));
}

static void test_patient_add_refuses_bad_input_and_stores_nothing(void **state)
{
	struct fx *f = *state;
	struct kc_patient bad[] = {
		{ .chart_no = "", .name = "No Chart", .dob = "1990-01-01" },
		{ .chart_no = "C-9", .name = "  ", .dob = "1990-01-01" },
		{ .chart_no = "C-9", .name = "Feb Thirty", .dob = "1990-02-30" },
		{ .chart_no = "C-9", .name = "Not Born", .dob = "2030-01-01" },
	};
	const char *why[] = { "chart number is required", "name is required", "1990-02-30",
			      "in the future" };
	kc_id id = 0;

	open_store(f);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(kc_patient_add(f->db.st, &bad[i], NOW, &id, &f->db.err), KC_ERR_INVALID);
		assert_non_null(strstr(f->db.err.msg, why[i]));
	}
	assert_int_equal(count(f, "patient"), 0);
	assert_int_equal(kc_store_count(f->db.st, "patients; DROP TABLE x", &(long long){ 0 }, &f->db.err),
			 KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "no table named"));
}

static void test_weight_history_latest_and_never_weighed(void **state)
{
	struct fx *f = *state;
	double kg = 0;
	time_t taken = 0;

	assert_int_equal(kc_weight_latest(f->db.st, f->patient, &kg, &taken, &f->db.err), KC_ERR_NOTFOUND);
	assert_non_null(strstr(f->db.err.msg, "never been weighed"));
	assert_int_equal(kc_weight_add(f->db.st, f->patient, 0, 80.5, NOW - 86400, NOW, &f->db.err), KC_OK);
	assert_int_equal(kc_weight_add(f->db.st, f->patient, f->session, 79.0, NOW - 60, NOW, &f->db.err),
			 KC_OK);
	assert_int_equal(kc_weight_latest(f->db.st, f->patient, &kg, &taken, &f->db.err), KC_OK);
	assert_true(kg == 79.0);
	assert_int_equal(taken, NOW - 60);
	assert_int_equal(kc_weight_add(f->db.st, f->patient, f->session, 0, NOW, NOW, &f->db.err),
			 KC_ERR_INVALID);
	assert_int_equal(count(f, "weight"), 2);
}

/* ---------- sessions ---------- */

static void test_session_lifecycle_create_phase_end_sign(void **state)
{
	struct fx *f = *state;
	struct kc_session s, *rows = NULL;
	size_t n = 0;

	assert_int_equal(kc_session_get(f->db.st, f->session, &s, &f->db.err), KC_OK);
	assert_int_equal(s.phase, KC_PHASE_SCREENING);
	assert_int_equal(s.route, KC_ROUTE_IV);
	assert_string_equal(s.clinician, ACTOR);
	assert_string_equal(s.indication, "depression");
	assert_int_equal(s.created_at, NOW);
	assert_int_equal(kc_session_list_open(f->db.st, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 1);
	free(rows);
	assert_int_equal(kc_session_sign(f->db.st, f->session, NOW, &f->db.err), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "still open"));
	assert_int_equal(kc_session_set_phase(f->db.st, f->session, KC_PHASE_DOSING, NOW + 60, &f->db.err), KC_OK);
	assert_int_equal(kc_session_set_phase(f->db.st, f->session, KC_PHASE_SCREENING, NOW + 61, &f->db.err),
			 KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "phases only move forward"));
	assert_int_equal(kc_session_set_phase(f->db.st, f->session, KC_PHASE_DISCHARGED, NOW + 61, &f->db.err),
			 KC_ERR_INVALID);
	assert_int_equal(kc_session_end(f->db.st, f->session, "aborted", "  ", NOW + 90, &f->db.err),
			 KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "reason"));
	assert_int_equal(kc_session_end(f->db.st, f->session, "finished", "", NOW + 90, &f->db.err),
			 KC_ERR_INVALID);
	assert_int_equal(kc_session_end(f->db.st, f->session, "discharged", NULL, NOW + 120, &f->db.err), KC_OK);
	assert_int_equal(kc_session_end(f->db.st, f->session, "aborted", "x", NOW + 130, &f->db.err),
			 KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "already ended"));
	assert_int_equal(kc_session_list_open(f->db.st, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(kc_session_sign(f->db.st, f->session, NOW + 200, &f->db.err), KC_OK);
	assert_int_equal(kc_session_get(f->db.st, f->session, &s, &f->db.err), KC_OK);
	assert_int_equal(s.phase, KC_PHASE_DISCHARGED);
	assert_string_equal(s.outcome, "discharged");
	assert_int_equal(s.ended_at, NOW + 120);
	assert_string_equal(s.signed_by, ACTOR);
	assert_int_equal(s.signed_at, NOW + 200);
	assert_int_equal(kc_session_sign(f->db.st, f->session, NOW + 300, &f->db.err), KC_ERR_SIGNED);
}

static void test_session_end_outcomes_set_phase_and_reason(void **state)
{
	struct fx *f = *state;
	kc_id ama = add_session(f, f->patient, KC_ROUTE_ESKETAMINE);
	struct kc_session s, *rows = NULL;
	size_t n = 0;

	assert_int_equal(kc_session_end(f->db.st, ama, "against_advice", "left early", NOW + 60, &f->db.err),
			 KC_OK);
	assert_int_equal(kc_session_get(f->db.st, ama, &s, &f->db.err), KC_OK);
	assert_int_equal(s.phase, KC_PHASE_DISCHARGED);
	assert_string_equal(s.outcome, "against_advice");
	assert_string_equal(s.outcome_reason, "left early");
	assert_int_equal(kc_session_end(f->db.st, f->session, "aborted", "BP 190/110", NOW + 60, &f->db.err),
			 KC_OK);
	assert_int_equal(kc_session_get(f->db.st, f->session, &s, &f->db.err), KC_OK);
	assert_int_equal(s.phase, KC_PHASE_ABORTED);
	assert_int_equal(kc_session_list(f->db.st, f->patient, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, ama); /* newest first */
	free(rows);
	assert_int_equal(kc_session_create(f->db.st, 4242, KC_ROUTE_IV, "", NOW, &(kc_id){ 0 }, &f->db.err),
			 KC_ERR_NOTFOUND);
}

/* ---------- audit ---------- */

static void test_insert_writes_one_audit_row_with_the_whole_row(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_row r = reading(f->session, NOW + 5 * MIN, 142, 91);
	struct kc_audit_row *a = NULL;
	size_t n = 0;

	assert_int_equal(kc_vitals_add(f->db.st, &r, NOW + 6 * MIN, &f->db.err), KC_OK);
	assert_true(r.id > 0);
	assert_string_equal(r.entered_by, ACTOR);
	assert_int_equal(kc_audit_list(f->db.st, "vitals", r.id, &a, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(a[0].who, ACTOR);
	assert_int_equal(a[0].at, NOW + 6 * MIN);
	assert_string_equal(a[0].tbl, "vitals");
	assert_int_equal(a[0].row_id, r.id);
	assert_string_equal(a[0].field, "");
	assert_non_null(strstr(a[0].new_value, "\"systolic\":142"));
	assert_non_null(strstr(a[0].new_value, "\"diastolic\":91"));
	assert_non_null(strstr(a[0].new_value, "\"temp_dc\":null"));
	assert_non_null(strstr(a[0].new_value, "\"entered_by\":\"" ACTOR "\""));
	free(a);
}

static void test_update_writes_one_audit_row_per_changed_field(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_row r = reading(f->session, NOW + 5 * MIN, 182, 95), got;
	struct kc_audit_row *a = NULL;
	size_t n = 0;

	assert_int_equal(kc_vitals_add(f->db.st, &r, NOW + 5 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_vitals_ack(f->db.st, r.id, "  ", NOW + 7 * MIN, &f->db.err), KC_ERR_INVALID);
	assert_int_equal(kc_vitals_ack(f->db.st, r.id, "recheck in 5 min", NOW + 7 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_audit_list(f->db.st, "vitals", r.id, &a, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 5); /* the insert, then acked, ack_action, ack_by, ack_at */
	for (size_t i = 1; i < n; i++) {
		assert_int_equal(a[i].at, NOW + 7 * MIN);
		assert_string_equal(a[i].who, ACTOR);
	}
	assert_string_equal(a[1].field, "acked");
	assert_string_equal(a[1].old_value, "0");
	assert_string_equal(a[1].new_value, "1");
	assert_string_equal(a[2].field, "ack_action");
	assert_string_equal(a[2].old_value, "");
	assert_string_equal(a[2].new_value, "recheck in 5 min");
	assert_string_equal(a[3].field, "ack_by");
	assert_string_equal(a[3].new_value, ACTOR);
	assert_string_equal(a[4].field, "ack_at");
	free(a);
	assert_int_equal(kc_vitals_get(f->db.st, r.id, &got, &f->db.err), KC_OK);
	assert_int_equal(got.acked, 1);
	assert_int_equal(got.ack_at, NOW + 7 * MIN);
	assert_int_equal(kc_vitals_ack(f->db.st, r.id, "again", NOW + 8 * MIN, &f->db.err), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "already acknowledged"));
}

static void test_deleting_or_editing_behind_ketchart_is_refused(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_row r = reading(f->session, NOW + MIN, 120, 80);
	long long audit;
	sqlite3 *db;

	assert_int_equal(kc_vitals_add(f->db.st, &r, NOW + MIN, &f->db.err), KC_OK);
	audit = count(f, "audit");
	db = raw_open(f->db.path);
	assert_int_equal(sqlite3_exec(db, "DELETE FROM vitals", NULL, NULL, NULL), SQLITE_CONSTRAINT);
	assert_string_equal(sqlite3_errmsg(db), "clinical rows are never deleted");
	assert_int_equal(sqlite3_exec(db, "DELETE FROM patient", NULL, NULL, NULL), SQLITE_CONSTRAINT);
	assert_int_equal(sqlite3_exec(db, "DELETE FROM audit", NULL, NULL, NULL), SQLITE_CONSTRAINT);
	assert_int_equal(sqlite3_exec(db, "UPDATE audit SET who = 'x'", NULL, NULL, NULL),
			 SQLITE_CONSTRAINT);
	/* nor can a chain hash, once set, be set again */
	assert_int_equal(sqlite3_exec(db, "UPDATE audit SET hash = 'x'", NULL, NULL, NULL),
			 SQLITE_CONSTRAINT);
	/* nor a row moved, by its id or by any of the rowid's other names */
	assert_int_equal(sqlite3_exec(db, "UPDATE audit SET id = id + 1000", NULL, NULL, NULL), SQLITE_CONSTRAINT);
	assert_int_equal(sqlite3_exec(db, "UPDATE audit SET rowid = rowid + 1000", NULL, NULL, NULL),
			 SQLITE_CONSTRAINT);
	assert_int_equal(sqlite3_exec(db, "UPDATE audit SET oid = 1000 WHERE id = 1", NULL, NULL, NULL),
			 SQLITE_CONSTRAINT);
	assert_int_equal(sqlite3_exec(db, "UPDATE audit SET _rowid_ = 1000 WHERE id = 1", NULL, NULL, NULL),
			 SQLITE_CONSTRAINT);
	assert_int_equal(raw_int(db, "SELECT max(id) FROM audit"), audit);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM audit WHERE length(hash) = 64"), audit);
	/* an edit from the plain shell cannot write its audit row, so it fails as a whole */
	assert_int_equal(sqlite3_exec(db, "UPDATE vitals SET systolic = 100", NULL, NULL, NULL),
			 SQLITE_ERROR);
	assert_non_null(strstr(sqlite3_errmsg(db), "kc_now"));
	sqlite3_close(db);
	assert_int_equal(count(f, "vitals"), 1);
	assert_int_equal(count(f, "patient"), 1);
	assert_int_equal(count(f, "audit"), audit);
	assert_int_equal(kc_vitals_get(f->db.st, r.id, &r, &f->db.err), KC_OK);
	assert_int_equal(r.v.systolic, 120);
}

/* ---------- corrections ---------- */

static int audit_has(struct kc_audit_row *a, size_t n, const char *field, const char *new_value)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(a[i].field, field) == 0 && strcmp(a[i].new_value, new_value) == 0)
			return 1;
	return 0;
}

static void test_correction_keeps_original_linked_both_ways_and_audited(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_row r = reading(f->session, NOW + 10 * MIN, 210, 95);
	struct kc_vitals_row fix = reading(0, NOW + 10 * MIN, 120, 95), *rows = NULL;
	struct kc_audit_row *a = NULL;
	char id[32];
	size_t n = 0;

	assert_int_equal(kc_vitals_add(f->db.st, &r, NOW + 11 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_vitals_correct(f->db.st, r.id, KC_EIE_WRONG_VALUE, "", &fix, NOW + 12 * MIN,
					   &f->db.err), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "reason"));
	assert_int_equal(count(f, "vitals"), 1);
	assert_int_equal(kc_vitals_correct(f->db.st, r.id, KC_EIE_WRONG_VALUE, "typo: 210 for 120", &fix,
					   NOW + 12 * MIN, &f->db.err), KC_OK);
	assert_true(fix.id > r.id);
	assert_int_equal(fix.session_id, f->session);
	assert_int_equal(kc_vitals_list(f->db.st, f->session, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, r.id);
	assert_int_equal(rows[0].v.systolic, 210); /* the original stays as it was entered */
	assert_int_equal(rows[0].eie.code, KC_EIE_WRONG_VALUE);
	assert_string_equal(rows[0].eie.reason, "typo: 210 for 120");
	assert_string_equal(rows[0].eie.by, ACTOR);
	assert_int_equal(rows[0].eie.at, NOW + 12 * MIN);
	assert_int_equal(rows[0].eie.replaced_by, fix.id);
	assert_int_equal(rows[1].id, fix.id);
	assert_int_equal(rows[1].v.systolic, 120);
	assert_int_equal(rows[1].eie.code, KC_EIE_NONE);
	assert_int_equal(rows[1].eie.corrects, r.id);
	free(rows);
	assert_int_equal(kc_audit_list(f->db.st, "vitals", r.id, &a, &n, &f->db.err), KC_OK);
	snprintf(id, sizeof id, "%lld", fix.id);
	assert_true(audit_has(a, n, "eie_code", "wrong value"));
	assert_true(audit_has(a, n, "eie_reason", "typo: 210 for 120"));
	assert_true(audit_has(a, n, "eie_by", ACTOR));
	assert_true(audit_has(a, n, "replaced_by", id));
	free(a);
	assert_int_equal(kc_vitals_correct(f->db.st, r.id, KC_EIE_WRONG_TIME, "again", NULL, NOW + 13 * MIN,
					   &f->db.err), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "already corrected"));
	assert_int_equal(kc_vitals_correct(f->db.st, 999, KC_EIE_WRONG_TIME, "x", NULL, NOW, &f->db.err),
			 KC_ERR_NOTFOUND);
}

static void test_observation_marked_in_error_without_replacement(void **state)
{
	struct fx *f = *state;
	struct kc_obs_row o = { .session_id = f->session, .observed_at = NOW + 20 * MIN,
				.kind = KC_OBS_NAUSEA, .scale = KC_SCALE_NRS, .score = 6,
				.intervention = "ondansetron 4 mg IV" }, *rows = NULL;
	size_t n = 0;

	assert_int_equal(kc_obs_add(f->db.st, &o, NOW + 20 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_obs_correct(f->db.st, o.id, KC_EIE_NONE, "no code", NULL, NOW + 21 * MIN,
					&f->db.err), KC_ERR_INVALID);
	assert_int_equal(kc_obs_correct(f->db.st, o.id, KC_EIE_WRONG_PATIENT, "charted on wrong chair",
					NULL, NOW + 21 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_obs_list(f->db.st, f->session, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].kind, KC_OBS_NAUSEA);
	assert_int_equal(rows[0].scale, KC_SCALE_NRS);
	assert_int_equal(rows[0].score, 6);
	assert_string_equal(rows[0].intervention, "ondansetron 4 mg IV");
	assert_int_equal(rows[0].eie.code, KC_EIE_WRONG_PATIENT);
	assert_int_equal(rows[0].eie.replaced_by, 0);
	free(rows);
}

/* ---------- signed sessions ---------- */

static void sign_session(struct fx *f)
{
	assert_int_equal(kc_session_end(f->db.st, f->session, "discharged", "", NOW + 60 * MIN, &f->db.err),
			 KC_OK);
	assert_int_equal(kc_session_sign(f->db.st, f->session, NOW + 61 * MIN, &f->db.err), KC_OK);
}

static void test_signed_session_refuses_changes_but_takes_addenda(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_row r = reading(f->session, NOW + 5 * MIN, 130, 80);
	struct kc_vitals_row late = reading(f->session, NOW + 50 * MIN, 125, 80);
	struct kc_addendum_row *add = NULL;
	char want[128];
	size_t n = 0;

	assert_int_equal(kc_vitals_add(f->db.st, &r, NOW + 5 * MIN, &f->db.err), KC_OK);
	sign_session(f);
	snprintf(want, sizeof want, "session %lld is " SIGNED_MSG, f->session);
	assert_int_equal(kc_vitals_add(f->db.st, &late, NOW + 70 * MIN, &f->db.err), KC_ERR_SIGNED);
	assert_string_equal(f->db.err.msg, want);
	assert_int_equal(kc_session_set_phase(f->db.st, f->session, KC_PHASE_RECOVERY, NOW + 70 * MIN,
					      &f->db.err), KC_ERR_SIGNED);
	assert_int_equal(kc_screen_set(f->db.st, f->session, "consent", "yes", "", NOW + 70 * MIN, &f->db.err),
			 KC_ERR_SIGNED);
	assert_int_equal(kc_vitals_correct(f->db.st, r.id, KC_EIE_WRONG_VALUE, "x", NULL, NOW + 70 * MIN,
					   &f->db.err), KC_ERR_SIGNED);
	assert_int_equal(kc_vitals_ack(f->db.st, r.id, "noted", NOW + 70 * MIN, &f->db.err), KC_ERR_SIGNED);
	assert_int_equal(count(f, "vitals"), 1);
	assert_int_equal(kc_addendum_add(f->db.st, f->session, "", NOW + 70 * MIN, &f->db.err), KC_ERR_INVALID);
	assert_int_equal(kc_addendum_add(f->db.st, f->session, "Patient called: well.", NOW + 90 * MIN,
					 &f->db.err), KC_OK);
	assert_int_equal(kc_addendum_list(f->db.st, f->session, &add, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(add[0].text, "Patient called: well.");
	assert_string_equal(add[0].by, ACTOR);
	assert_int_equal(add[0].at, NOW + 90 * MIN);
	free(add);
}

static void fn_const(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_int(ctx, 1);
}

/* The database itself refuses, not only the C code: a connection that has the audit
 * functions (so only the signed-session triggers can stop it) is still refused. */
static void test_signed_session_is_read_only_in_the_database_itself(void **state)
{
	struct fx *f = *state;
	char msg[128];
	sqlite3 *db;

	sign_session(f);
	db = raw_open(f->db.path);
	sqlite3_create_function(db, "kc_now", 0, SQLITE_UTF8, NULL, fn_const, NULL, NULL);
	sqlite3_create_function(db, "kc_actor", 0, SQLITE_UTF8, NULL, fn_const, NULL, NULL);
	sqlite3_create_function(db, "kc_chain", -1, SQLITE_UTF8, NULL, fn_const, NULL, NULL);
	tdb_chain_functions(db, fn_const, NULL);
	assert_int_equal(raw_run_id(db, "INSERT INTO vitals (session_id, taken_at, entered_at,"
				    " entered_by, heart_rate) VALUES (?1, 1, 1, '" ACTOR "', 70)",
				    f->session, msg, sizeof msg), SQLITE_CONSTRAINT);
	assert_non_null(strstr(msg, SIGNED_MSG));
	assert_int_equal(raw_run_id(db, "UPDATE session SET indication = 'x' WHERE id = ?1", f->session,
				    msg, sizeof msg), SQLITE_CONSTRAINT);
	assert_non_null(strstr(msg, SIGNED_MSG));
	assert_int_equal(raw_run_id(db, "INSERT INTO addendum (session_id, written_at, written_by, text)"
				    " VALUES (?1, 1, '" ACTOR "', 'late note')", f->session, msg,
				    sizeof msg), SQLITE_OK);
	assert_int_equal(raw_run_id(db, "UPDATE addendum SET text = 'changed' WHERE session_id = ?1",
				    f->session, msg, sizeof msg), SQLITE_CONSTRAINT);
	sqlite3_close(db);
}

/* ---------- storage failures ---------- */

static void test_disk_full_on_insert_reaches_caller_and_saves_nothing(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_row r = reading(f->session, NOW + 5 * MIN, 130, 80);
	long long audit = count(f, "audit");

	fail_steps("INSERT INTO vitals", SQLITE_FULL);
	assert_int_equal(kc_vitals_add(f->db.st, &r, NOW + 5 * MIN, &f->db.err), KC_ERR_FULL);
	assert_int_equal(fail_count, 1);
	fail_steps("", 0);
	assert_non_null(strstr(f->db.err.msg, "the disk is full: the entry was NOT saved"));
	assert_non_null(strstr(f->db.err.msg, f->db.path));
	assert_int_equal(r.id, 0);
	assert_int_equal(count(f, "vitals"), 0);
	assert_int_equal(count(f, "audit"), audit);
	assert_int_equal(kc_vitals_add(f->db.st, &r, NOW + 6 * MIN, &f->db.err), KC_OK); /* still usable */
	assert_int_equal(count(f, "vitals"), 1);
}

static void test_busy_step_reaches_caller_as_busy(void **state)
{
	struct fx *f = *state;
	struct kc_obs_row o = { .session_id = f->session, .observed_at = NOW + MIN,
				.kind = KC_OBS_HEADACHE, .scale = KC_SCALE_NRS, .score = 3 };

	fail_steps("INSERT INTO observation", SQLITE_BUSY);
	assert_int_equal(kc_obs_add(f->db.st, &o, NOW + MIN, &f->db.err), KC_ERR_BUSY);
	fail_steps("", 0);
	assert_non_null(strstr(f->db.err.msg, "the database is busy (another clinician is saving); "
				"nothing was saved"));
	assert_int_equal(count(f, "observation"), 0);
}

static void test_failed_commit_rolls_the_whole_entry_back(void **state)
{
	struct fx *f = *state;
	struct kc_dose_row d = { .session_id = f->session, .at = NOW + 30 * MIN, .kind = KC_DOSE_START,
				 .rate_ml_h = 150 };
	struct kc_session s;

	fail_steps("COMMIT", SQLITE_FULL);
	assert_int_equal(kc_dose_add(f->db.st, &d, NOW + 30 * MIN, &f->db.err), KC_ERR_FULL);
	fail_steps("", 0);
	assert_int_equal(count(f, "dose_event"), 0);
	assert_int_equal(kc_session_get(f->db.st, f->session, &s, &f->db.err), KC_OK);
	assert_int_equal(s.phase, KC_PHASE_SCREENING); /* the session update went too */
	assert_int_equal(s.dose_start, 0);
}

static void test_writer_holding_the_lock_gives_busy_after_the_timeout(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_row r = reading(f->session, NOW + 5 * MIN, 130, 80);
	sqlite3 *other = raw_open(f->db.path);

	raw_exec(other, "BEGIN EXCLUSIVE");
	kc_store_set_busy_timeout(f->db.st, 50);
	assert_int_equal(kc_vitals_add(f->db.st, &r, NOW + 5 * MIN, &f->db.err), KC_ERR_BUSY);
	assert_non_null(strstr(f->db.err.msg, "try again"));
	assert_non_null(strstr(f->db.err.msg, "locked"));
	raw_exec(other, "COMMIT");
	sqlite3_close(other);
	assert_int_equal(count(f, "vitals"), 0);
	assert_int_equal(kc_vitals_add(f->db.st, &r, NOW + 5 * MIN, &f->db.err), KC_OK);
}

/* ---------- dose events ---------- */

static int dose(struct fx *f, kc_id session, enum kc_dose_kind kind, time_t at, double mg)
{
	struct kc_dose_row d = { .session_id = session, .at = at, .kind = kind, .mg = mg,
				 .rate_ml_h = kind == KC_DOSE_START || kind == KC_DOSE_RATE ? 150 : 0 };

	return kc_dose_add(f->db.st, &d, at, &f->db.err);
}

static void test_iv_dose_events_keep_order_and_drive_the_session(void **state)
{
	struct fx *f = *state;
	time_t t = NOW + 30 * MIN;
	struct kc_session s;

	assert_int_equal(dose(f, f->session, KC_DOSE_PAUSE, t, 0), KC_ERR_INVALID);
	assert_string_equal(f->db.err.msg, "pause refused: the infusion has not been started");
	assert_int_equal(dose(f, f->session, KC_DOSE_DEVICE, t, 28), KC_ERR_INVALID);
	assert_int_equal(dose(f, f->session, KC_DOSE_START, t, 0), KC_OK);
	assert_int_equal(kc_session_get(f->db.st, f->session, &s, &f->db.err), KC_OK);
	assert_int_equal(s.phase, KC_PHASE_DOSING);
	assert_int_equal(s.dose_start, t);
	assert_int_equal(dose(f, f->session, KC_DOSE_START, t + MIN, 0), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "already started"));
	assert_int_equal(dose(f, f->session, KC_DOSE_RESUME, t + MIN, 0), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "not paused"));
	assert_int_equal(dose(f, f->session, KC_DOSE_PAUSE, t + 10 * MIN, 0), KC_OK);
	assert_int_equal(dose(f, f->session, KC_DOSE_PAUSE, t + 11 * MIN, 0), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "already paused"));
	assert_int_equal(dose(f, f->session, KC_DOSE_RESUME, t + 12 * MIN, 0), KC_OK);
	assert_int_equal(dose(f, f->session, KC_DOSE_STOP, t + 42 * MIN, 35.5), KC_OK);
	assert_int_equal(kc_session_get(f->db.st, f->session, &s, &f->db.err), KC_OK);
	assert_int_equal(s.phase, KC_PHASE_RECOVERY);
	assert_int_equal(s.dose_end, t + 42 * MIN);
	assert_true(s.given_mg == 35.5);
	assert_int_equal(dose(f, f->session, KC_DOSE_RATE, t + 43 * MIN, 0), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "already stopped"));
	assert_int_equal(count(f, "dose_event"), 4);
}

static void test_late_dose_entry_is_checked_where_its_time_puts_it(void **state)
{
	struct fx *f = *state;
	time_t t = NOW + 30 * MIN;

	assert_int_equal(dose(f, f->session, KC_DOSE_START, t, 0), KC_OK);
	assert_int_equal(dose(f, f->session, KC_DOSE_STOP, t + 40 * MIN, 30), KC_OK);
	/* a pause forgotten at the time, entered after the stop: fits before the stop */
	assert_int_equal(dose(f, f->session, KC_DOSE_PAUSE, t + 20 * MIN, 0), KC_OK);
	/* a second start earlier than the first does not fit */
	assert_int_equal(dose(f, f->session, KC_DOSE_START, t - MIN, 0), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "conflicts with the start recorded after it"));
	assert_int_equal(count(f, "dose_event"), 3);
}

static void test_esketamine_devices_number_themselves_and_sum_the_dose(void **state)
{
	struct fx *f = *state;
	kc_id esk = add_session(f, f->patient, KC_ROUTE_ESKETAMINE);
	struct kc_dose_row d = { .session_id = esk, .at = NOW + 30 * MIN, .kind = KC_DOSE_DEVICE,
				 .mg = 28, .lot = "L123" }, *rows = NULL;
	struct kc_session s;
	size_t n = 0;

	assert_int_equal(dose(f, esk, KC_DOSE_START, NOW + 29 * MIN, 0), KC_ERR_INVALID);
	assert_int_equal(kc_dose_add(f->db.st, &d, NOW + 30 * MIN, &f->db.err), KC_OK);
	assert_int_equal(d.device_no, 1);
	d.device_no = 0;
	d.at = NOW + 35 * MIN;
	assert_int_equal(kc_dose_add(f->db.st, &d, NOW + 35 * MIN, &f->db.err), KC_OK);
	assert_int_equal(d.device_no, 2);
	d.device_no = 2;
	d.at = NOW + 40 * MIN;
	assert_int_equal(kc_dose_add(f->db.st, &d, NOW + 40 * MIN, &f->db.err), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "device 2 was already recorded"));
	assert_int_equal(kc_session_get(f->db.st, esk, &s, &f->db.err), KC_OK);
	assert_int_equal(s.phase, KC_PHASE_DOSING);
	assert_int_equal(s.dose_start, NOW + 30 * MIN);
	assert_int_equal(s.dose_end, NOW + 35 * MIN);
	assert_true(s.given_mg == 56);
	assert_int_equal(kc_dose_list(f->db.st, esk, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[1].kind, KC_DOSE_DEVICE);
	assert_string_equal(rows[1].lot, "L123");
	assert_string_equal(rows[1].entered_by, ACTOR);
	free(rows);
}

/* ---------- screening ---------- */

static void set(struct fx *f, const char *item, const char *value, const char *note)
{
	assert_int_equal(kc_screen_set(f->db.st, f->session, item, value, note, NOW, &f->db.err), KC_OK);
}

static void test_screen_load_builds_the_screening_from_current_answers(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_row b1 = reading(f->session, NOW + MIN, 138, 88);
	struct kc_vitals_row b2 = reading(f->session, NOW + 2 * MIN, 150, 95);
	struct kc_screening scr;
	int a = kc_check_item_index("aneurysm"), benzo = kc_check_item_index("drug_benzo");
	char q[24];

	assert_true(a >= 0 && benzo >= 0);
	set(f, "aneurysm", "yes", "");
	set(f, "aneurysm", "no", ""); /* the latest answer counts */
	set(f, "drug_benzo", "yes", "");
	set(f, "confirm.drug_benzo", "yes", "lorazepam 0.5 mg at night, held today");
	for (int i = 1; i <= 9; i++) {
		snprintf(q, sizeof q, "phq9.%d", i);
		set(f, q, i == 9 ? "0" : "2", "");
	}
	set(f, "cssrs.1", "no", "");
	set(f, "cssrs.2", "no", "");
	set(f, "last_solids", "1763700000", "");
	set(f, "escort_name", "Sam", "");
	set(f, "consent", "yes", "");
	b1.baseline = b2.baseline = 1;
	assert_int_equal(kc_vitals_add(f->db.st, &b1, NOW + MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_vitals_add(f->db.st, &b2, NOW + 2 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_vitals_correct(f->db.st, b2.id, KC_EIE_WRONG_PATIENT, "other chair", NULL,
					   NOW + 3 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_weight_add(f->db.st, f->patient, f->session, 72.4, NOW, NOW, &f->db.err), KC_OK);
	assert_int_equal(kc_screen_load(f->db.st, f->session, &scr, &f->db.err), KC_OK);
	assert_int_equal(scr.route, KC_ROUTE_IV);
	assert_int_equal(scr.age_years, 45); /* born 1980-05-17, session 2025-11-21 */
	assert_int_equal(scr.answers[a], KC_ANS_NO);
	assert_int_equal(scr.answers[benzo], KC_ANS_YES);
	assert_int_equal(scr.confirmed[benzo], 1);
	assert_int_equal(scr.has_phq9, 1);
	assert_int_equal(scr.phq9[0], 2);
	assert_int_equal(scr.phq9[8], 0);
	assert_int_equal(scr.has_gad7, 0);
	assert_int_equal(scr.gad7[0], KC_NONE);
	assert_int_equal(scr.has_cssrs, 1);
	assert_int_equal(scr.cssrs.q[2], 0);
	assert_int_equal(scr.cssrs.q[3], KC_NONE);
	assert_int_equal(scr.last_solids, 1763700000);
	assert_int_equal(scr.last_liquids, 0);
	assert_int_equal(scr.escort_named, 0); /* a name without a phone */
	assert_int_equal(scr.consent, 1);
	assert_int_equal(scr.med_changes_reviewed, 0);
	assert_true(scr.weight_kg == 72.4);
	assert_int_equal(scr.baseline.systolic, 138); /* the later baseline was entered in error */
	assert_int_equal(scr.baseline.diastolic, 88);
	set(f, "escort_phone", "555-0100", "");
	assert_int_equal(kc_screen_load(f->db.st, f->session, &scr, &f->db.err), KC_OK);
	assert_int_equal(scr.escort_named, 1);
}

static void test_screen_load_age_turns_on_the_birthday(void **state)
{
	struct fx *f = *state;
	struct kc_screening scr;
	kc_id today = add_patient(f, "C-18", "Born Today", "2007-11-21");
	kc_id tomorrow = add_patient(f, "C-17", "Born Tomorrow", "2007-11-22");

	f->session = add_session(f, today, KC_ROUTE_ESKETAMINE);
	assert_int_equal(kc_screen_load(f->db.st, f->session, &scr, &f->db.err), KC_OK);
	assert_int_equal(scr.age_years, 18);
	assert_int_equal(scr.route, KC_ROUTE_ESKETAMINE);
	assert_int_equal(scr.baseline.systolic, KC_NONE);
	assert_true(scr.weight_kg == 0);
	f->session = add_session(f, tomorrow, KC_ROUTE_ESKETAMINE);
	assert_int_equal(kc_screen_load(f->db.st, f->session, &scr, &f->db.err), KC_OK);
	assert_int_equal(scr.age_years, 17);
}

static void test_screen_set_refuses_unknown_items_and_bad_values(void **state)
{
	struct fx *f = *state;
	struct kc_answer_row *rows = NULL;
	struct {
		const char *item, *value, *note, *why;
	} bad[] = {
		{ "favourite_colour", "blue", "", "unknown screening item" },
		{ "phq9.10", "1", "", "unknown screening item" },
		{ "phq9.0", "1", "", "unknown screening item" },
		{ "phq9.1", "4", "", "is not an answer to phq9.1" },
		{ "aneurysm", "maybe", "", "is not an answer" },
		{ "confirm.drug_benzo", "yes", "", "needs its note" },
		{ "last_solids", "noon", "", "is not an answer" },
		{ "cssrs.7", "no", "", "unknown screening item" },
	};
	size_t n = 0;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(kc_screen_set(f->db.st, f->session, bad[i].item, bad[i].value, bad[i].note,
					       NOW, &f->db.err), KC_ERR_INVALID);
		assert_non_null(strstr(f->db.err.msg, bad[i].why));
	}
	assert_int_equal(count(f, "screening_answer"), 0);
	set(f, "phq9.9", "3", "");
	set(f, "gad7.7", "0", "");
	set(f, "phq9.9", "1", "");
	assert_int_equal(kc_screen_list(f->db.st, f->session, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].item, "gad7.7");
	assert_string_equal(rows[1].item, "phq9.9");
	assert_string_equal(rows[1].value, "1");
	assert_string_equal(rows[1].by, ACTOR);
	free(rows);
	assert_int_equal(count(f, "screening_answer"), 3); /* the earlier answer is kept */
}

/* The plan of kc_screen_scales' statement: the line it reads screening_answer by. */
static void scales_plan(void *ctx, const char *sql, const char *line)
{
	if (strstr(sql, "FROM screening_answer") && strstr(sql, "'cssrt'") && strstr(line, "screening_answer"))
		snprintf(ctx, 160, "%s", line);
}

/* kc_screen_scales (the FHIR export's read): the current answers of the PHQ-9, the GAD-7
 * and the C-SSRS as kc_screen_list has them, every other item left out, read from
 * migration 21's partial index alone (no table lookup per answer). */
static void test_screen_scales_are_the_lists_scale_answers_only(void **state)
{
	struct fx *f = *state;
	struct kc_answer_row *all = NULL, *sc = NULL;
	size_t nall = 0, nsc = 0, k = 0;
	char plan[160] = "";

	set(f, "aneurysm", "no", "");
	set(f, "cssrs.1", "no", "");
	set(f, "cssrs.6", "yes", "");
	set(f, "cssrs.6_recent", "no", "");
	set(f, "drug_benzo", "no", "");
	set(f, "gad7.1", "2", "");
	set(f, "gad7.7", "0", "");
	set(f, "med_changes", "reviewed", "");
	set(f, "phq9.1", "3", "");
	set(f, "phq9.9", "1", "");
	set(f, "phq9.1", "2", "");
	set(f, "substance_use", "no", "");
	assert_int_equal(kc_screen_list(f->db.st, f->session, &all, &nall, &f->db.err), KC_OK);
	assert_int_equal(kc_screen_scales(f->db.st, f->session, &sc, &nsc, &f->db.err), KC_OK);
	assert_int_equal(nall, 11);
	assert_int_equal(nsc, 7);
	for (size_t i = 0; i < nall; i++) {
		const char *it = all[i].item;

		if (strncmp(it, "phq9", 4) && strncmp(it, "gad7", 4) && strncmp(it, "cssrs", 5))
			continue;
		assert_true(k < nsc);
		assert_string_equal(sc[k].item, it);
		assert_int_equal(sc[k].id, all[i].id);
		assert_string_equal(sc[k].value, all[i].value);
		assert_int_equal(sc[k].at, all[i].at);
		assert_string_equal(sc[k].by, all[i].by);
		k++;
	}
	assert_int_equal(k, nsc);
	assert_int_equal(kc_store_plans(f->db.st, scales_plan, plan, &f->db.err), KC_OK);
	assert_non_null(strstr(plan, "USING COVERING INDEX screening_answer_scales"));
	assert_string_equal(sc[nsc - 2].item, "phq9.1");
	assert_string_equal(sc[nsc - 2].value, "2"); /* the current answer, not the first */
	free(all);
	free(sc);
}

/* ---------- discharge, lists, names ---------- */

static void test_discharge_round_trip_and_empty_lists(void **state)
{
	struct fx *f = *state;
	struct kc_discharge_row d = { .session_id = f->session, .aldrete = { 2, 2, 2, 2, 1 },
				      .aldrete_total = 9, .gait_steady = KC_NONE, .escort_confirmed = 1,
				      .ready = 0, .unmet = "gait not assessed" }, *rows = NULL;
	struct kc_vitals_row *v = NULL;
	size_t n = 7;

	assert_int_equal(kc_vitals_list(f->db.st, f->session, &v, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 0);
	assert_null(v);
	assert_int_equal(kc_discharge_add(f->db.st, &d, NOW + 90 * MIN, &f->db.err), KC_OK);
	assert_int_equal(d.at, NOW + 90 * MIN);
	assert_int_equal(kc_discharge_list(f->db.st, f->session, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].aldrete.spo2, 1);
	assert_int_equal(rows[0].aldrete_total, 9);
	assert_int_equal(rows[0].gait_steady, KC_NONE);
	assert_int_equal(rows[0].escort_confirmed, 1);
	assert_int_equal(rows[0].instructions_given, 0);
	assert_string_equal(rows[0].unmet, "gait not assessed");
	assert_string_equal(rows[0].by, ACTOR);
	free(rows);
	d.aldrete.activity = 3; /* outside 0-2: the schema refuses it */
	assert_int_equal(kc_discharge_add(f->db.st, &d, NOW + 91 * MIN, &f->db.err), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "CHECK constraint failed"));
	assert_int_equal(count(f, "discharge"), 1);
}

static void test_names_round_trip(void **state)
{
	enum kc_dose_kind k;
	enum kc_error_code c;
	enum kc_role r;

	(void)state;
	for (int i = 0; i < KC_DOSE_COUNT; i++) {
		assert_int_equal(kc_dose_kind_from_name(kc_dose_kind_name(i), &k), KC_OK);
		assert_int_equal(k, i);
	}
	assert_string_equal(kc_dose_kind_name(KC_DOSE_DEVICE), "device");
	assert_string_equal(kc_dose_kind_name(KC_DOSE_COUNT), "?");
	assert_int_equal(kc_dose_kind_from_name("bolus", &k), KC_ERR_INVALID);
	for (int i = KC_EIE_NONE; i <= KC_EIE_INVALID; i++) {
		assert_int_equal(kc_eie_from_name(kc_eie_name(i), &c), KC_OK);
		assert_int_equal(c, i);
	}
	assert_string_equal(kc_eie_name(KC_EIE_WRONG_TIME), "wrong time");
	assert_int_equal(kc_eie_from_name("oops", &c), KC_ERR_INVALID);
	assert_int_equal(kc_role_from_name("physician", &r), KC_OK);
	assert_int_equal(r, KC_ROLE_PHYSICIAN);
}

static void test_clinician_upsert_changes_role_with_audit(void **state)
{
	struct fx *f = *state;
	struct kc_clinician c;
	struct kc_audit_row *a = NULL;
	size_t n = 0;

	assert_int_equal(kc_clinician_upsert(f->db.st, "drjones", "Dr Jones", KC_ROLE_NURSE, NOW, &f->db.err),
			 KC_OK);
	assert_int_equal(kc_clinician_upsert(f->db.st, "drjones", "Dr Jones", KC_ROLE_PHYSICIAN, NOW + 1,
					     &f->db.err), KC_OK);
	assert_int_equal(kc_clinician_get(f->db.st, "drjones", &c, &f->db.err), KC_OK);
	assert_int_equal(c.role, KC_ROLE_PHYSICIAN);
	assert_string_equal(c.display_name, "Dr Jones");
	assert_int_equal(kc_audit_list(f->db.st, "clinician", c.id, &a, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 2);
	assert_string_equal(a[1].field, "role");
	assert_string_equal(a[1].old_value, "nurse");
	assert_string_equal(a[1].new_value, "physician");
	assert_int_equal(a[1].at, NOW + 1);
	free(a);
	assert_int_equal(kc_clinician_get(f->db.st, "nobody", &c, &f->db.err), KC_ERR_NOTFOUND);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
#define TS(fn) cmocka_unit_test_setup_teardown(fn, fx_session_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_makes_private_file_and_folders_in_wal_at_current_schema),
		T(test_reopen_applies_no_migration_and_adds_no_clinician),
		T(test_open_existing_missing_file_says_how_to_create_it),
		T(test_upgrade_from_version_0_keeps_existing_state),
		T(test_failed_migration_leaves_version_and_tables_untouched),
		T(test_newer_schema_is_refused),
		T(test_not_a_database_is_corrupt),
		T(test_read_only_file_is_refused_as_read_only),
		T(test_a_file_or_folder_every_user_can_write_is_refused_with_the_fix),
		T(test_create_in_a_folder_every_user_can_write_creates_nothing),
		T(test_upgrade_to_schema_3_makes_the_first_clinician_admin),
		T(test_patient_add_get_find_and_duplicate_chart_number),
		T(test_patient_add_refuses_bad_input_and_stores_nothing),
		TS(test_weight_history_latest_and_never_weighed),
		TS(test_session_lifecycle_create_phase_end_sign),
		TS(test_session_end_outcomes_set_phase_and_reason),
		TS(test_insert_writes_one_audit_row_with_the_whole_row),
		TS(test_update_writes_one_audit_row_per_changed_field),
		TS(test_deleting_or_editing_behind_ketchart_is_refused),
		TS(test_correction_keeps_original_linked_both_ways_and_audited),
		TS(test_observation_marked_in_error_without_replacement),
		TS(test_signed_session_refuses_changes_but_takes_addenda),
		TS(test_signed_session_is_read_only_in_the_database_itself),
		TS(test_disk_full_on_insert_reaches_caller_and_saves_nothing),
		TS(test_busy_step_reaches_caller_as_busy),
		TS(test_failed_commit_rolls_the_whole_entry_back),
		TS(test_writer_holding_the_lock_gives_busy_after_the_timeout),
		TS(test_iv_dose_events_keep_order_and_drive_the_session),
		TS(test_late_dose_entry_is_checked_where_its_time_puts_it),
		TS(test_esketamine_devices_number_themselves_and_sum_the_dose),
		TS(test_screen_load_builds_the_screening_from_current_answers),
		TS(test_screen_load_age_turns_on_the_birthday),
		TS(test_screen_set_refuses_unknown_items_and_bad_values),
		TS(test_screen_scales_are_the_lists_scale_answers_only),
		TS(test_discharge_round_trip_and_empty_lists),
		T(test_names_round_trip),
		TS(test_clinician_upsert_changes_role_with_audit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
