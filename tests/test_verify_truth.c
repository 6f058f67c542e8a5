/* test_verify_truth.c — what verify proves beyond "rows match their audit": the tamper
 * cases of issue 9, each judged twice (verify without an anchor, verify with the anchor
 * the signature wrote), the replay of roles and signatures, the clock, and a BLOB that is
 * a finding rather than a stop. The forger here has a plain sqlite3 connection with
 * look-alike kc_* functions and the real hash: everything a group member with write access
 * to the file has. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "kc_chart.h"
#include "kc_verify.h"

#define MIN 60

/* ---------- fixture: admin 'adm', nurse 'nina', physician 'phil'; a signed session ---- */

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	time_t t0, t;     /* the first entry's time; the latest */
	kc_id patient, session, open_session, vit1, vit2;
	kc_id anchor_row; /* the signature's anchor */
	struct kc_verify_result r;
};

static time_t tick(struct fx *f)
{
	return f->t += MIN;
}

static kc_id vitals(struct fx *f, kc_id session, int sys)
{
	struct kc_vitals_row r;
	time_t at = tick(f);

	memset(&r, 0, sizeof r);
	r.session_id = session;
	r.taken_at = at;
	r.status = KC_VITALS_TAKEN;
	r.v = (struct kc_vitals){ sys, 80, 72, 98, 14, KC_NONE, 5 };
	assert_int_equal(kc_vitals_add(f->db.st, &r, at, &f->db.err), KC_OK);
	return r.id;
}

static void as(struct fx *f, const char *login)
{
	kc_store_close(f->db.st);
	f->db.st = NULL;
	tdb_open(&f->db, login);
}

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct kc_anchor a;

	assert_non_null(f);
	f->t0 = f->t = time(NULL) + 5;
	tdb_folder(&f->db, "truth", "clinic/ketchart.db");
	tdb_open(&f->db, "adm");
	assert_int_equal(kc_clinician_add(f->db.st, "nina", "Nina N", KC_ROLE_NURSE, tick(f), &f->db.err), KC_OK);
	assert_int_equal(kc_clinician_add(f->db.st, "phil", "Phil P", KC_ROLE_PHYSICIAN, tick(f), &f->db.err), KC_OK);
	as(f, "nina");
	f->patient = tdb_patient(&f->db, "C-1", "Ada Lovelace", "1980-05-17", tick(f));
	f->session = tdb_session(&f->db, f->patient, KC_ROUTE_IV, tick(f));
	f->vit1 = vitals(f, f->session, 142);
	f->vit2 = vitals(f, f->session, 150);
	assert_int_equal(kc_session_end(f->db.st, f->session, "aborted", "patient declined", tick(f),
					 &f->db.err), KC_OK);
	assert_int_equal(kc_chart_sign(f->db.st, &f->db.cfg, f->session, tick(f), &f->db.err), KC_OK);
	assert_int_equal(kc_store_anchor_latest(f->db.st, &a, &f->db.err), KC_OK);
	f->anchor_row = a.row;
	assert_int_equal(kc_addendum_add(f->db.st, f->session, "called back: well", tick(f), &f->db.err), KC_OK);
	f->open_session = tdb_session(&f->db, f->patient, KC_ROUTE_IV, tick(f));
	vitals(f, f->open_session, 130);
	*state = f;
	return 0;
}

static struct kc_verify_result *run(struct fx *f, int anchor, time_t now)
{
	struct kc_verify_opts o = { .now = now, .no_anchor = !anchor };

	assert_int_equal(kc_verify_with(f->db.st, &o, &f->r, &f->db.err), KC_OK);
	return &f->r;
}

static void dump(const struct kc_verify_result *r)
{
	for (size_t i = 0; i < r->shown; i++)
		print_message("  problem: %s\n", r->problem[i]);
}

static int has(const struct kc_verify_result *r, const char *needle)
{
	for (size_t i = 0; i < r->shown; i++)
		if (strstr(r->problem[i], needle))
			return 1;
	return 0;
}

static void assert_has(const struct kc_verify_result *r, const char *needle)
{
	if (!has(r, needle)) {
		dump(r);
		fail_msg("no problem says '%s'", needle);
	}
}

static void assert_clean(const struct kc_verify_result *r)
{
	if (r->problems) {
		dump(r);
		fail_msg("%zu problems on an untouched database", r->problems);
	}
}

/* ---------- the forger ---------- */

static const char *forged_actor = "nina";
static time_t forged_now;

static void fn_now(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_int64(ctx, (sqlite3_int64)forged_now);
}

static void fn_actor(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_text(ctx, forged_actor, -1, SQLITE_TRANSIENT);
}

static void fn_chain(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct kc_bytes b[KC_CHAIN_FIELDS];
	char hex[KC_HASH_HEX];

	for (int i = 0; i < argc; i++) {
		b[i].p = sqlite3_value_type(argv[i]) == SQLITE_NULL ? NULL : sqlite3_value_text(argv[i]);
		b[i].n = (size_t)sqlite3_value_bytes(argv[i]);
	}
	assert_int_equal(kc_chain_hash(b, hex, NULL), KC_OK);
	sqlite3_result_text(ctx, hex, -1, SQLITE_TRANSIENT);
}

static sqlite3 *forger(struct fx *f, const char *actor)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open_v2(f->db.path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	forged_actor = actor;
	forged_now = tick(f);
	sqlite3_create_function(db, "kc_now", 0, SQLITE_UTF8, NULL, fn_now, NULL, NULL);
	sqlite3_create_function(db, "kc_actor", 0, SQLITE_UTF8, NULL, fn_actor, NULL, NULL);
	sqlite3_create_function(db, "kc_chain", KC_CHAIN_FIELDS, SQLITE_UTF8, NULL, fn_chain, NULL, NULL);
	tdb_chain_functions(db, fn_chain, NULL);
	return db;
}



#define NO_AUDIT_WRITE "audit_no_update", "audit_no_relink", "audit_no_delete"

/* ---------- the tamper cases ---------- */

static void t_edit(struct fx *f)
{
	sqlite3 *db = forger(f, "nina");

	tdb_behind(db, (const char *[]){ "vitals_audit_update", "vitals_signed_update", NULL },
	       "UPDATE vitals SET systolic = 99 WHERE id = 1");
	sqlite3_close(db);
}

static void t_delete_middle(struct fx *f)
{
	sqlite3 *db = forger(f, "nina");

	tdb_behind(db, (const char *[]){ "audit_no_delete", NULL }, "DELETE FROM audit WHERE id = 5");
	sqlite3_close(db);
}

/* The newest entries go with their audit tail, back to before the signature: the session
 * reads unsigned, the addendum and the second session never were. */
static void t_delete_tail(struct fx *f)
{
	sqlite3 *db = forger(f, "nina");
	char sql[1024];

	snprintf(sql, sizeof sql,
		 "DELETE FROM audit WHERE id >= (SELECT min(id) FROM audit WHERE tbl = 'session'"
		 " AND row_id = %lld AND field = 'signed_by');"
		 "DELETE FROM vitals WHERE session_id = %lld; DELETE FROM session_hold;"
		 "DELETE FROM addendum; DELETE FROM session WHERE id = %lld;"
		 "UPDATE session SET signed_by = NULL, signed_at = NULL WHERE id = %lld;",
		 f->session, f->open_session, f->open_session, f->session);
	tdb_behind(db, (const char *[]){ NO_AUDIT_WRITE, "vitals_no_delete", "addendum_no_delete",
				     "session_no_delete", "session_signed", "session_audit_update",
				     "session_hold_no_delete", NULL }, sql);
	sqlite3_close(db);
}

static void t_append_signed(struct fx *f)
{
	sqlite3 *db = forger(f, "nina");
	char sql[512];

	snprintf(sql, sizeof sql, "INSERT INTO vitals (session_id, taken_at, entered_at, entered_by,"
		 " systolic, diastolic, heart_rate, spo2, resp_rate) VALUES (%lld, %lld, %lld,"
		 " 'nina', 120, 80, 70, 99, 12)", f->session, (long long)forged_now,
		 (long long)forged_now);
	tdb_behind(db, (const char *[]){ "vitals_signed_insert", NULL }, sql);
	sqlite3_close(db);
}

static void t_unsign(struct fx *f)
{
	sqlite3 *db = forger(f, "nina");
	char sql[256];

	snprintf(sql, sizeof sql, "UPDATE session SET signed_by = NULL, signed_at = NULL WHERE id = %lld",
		 f->session);
	tdb_behind(db, (const char *[]){ "session_signed", NULL }, sql);
	sqlite3_close(db);
}

/* Two audit rows change places (their ids swapped), hashes kept. */
static void t_swap(struct fx *f)
{
	sqlite3 *db = forger(f, "nina");

	tdb_behind(db, (const char *[]){ NO_AUDIT_WRITE, NULL },
	       "UPDATE audit SET id = -1 WHERE id = 6; UPDATE audit SET id = 6 WHERE id = 7;"
	       "UPDATE audit SET id = 7 WHERE id = -1");
	sqlite3_close(db);
}

/* A reading's value changed in the row and in its insert audit, and the chain recomputed
 * from there: every row agrees with its audit and the chain is whole. */
static void t_rewrite(struct fx *f)
{
	sqlite3 *db = forger(f, "nina");
	char sql[1024], from[32];
	sqlite3_stmt *s = NULL;

	snprintf(sql, sizeof sql, "SELECT id FROM audit WHERE tbl = 'vitals' AND row_id = %lld AND field = ''",
		 f->vit1);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	snprintf(from, sizeof from, "%lld", (long long)sqlite3_column_int64(s, 0));
	sqlite3_finalize(s);
	snprintf(sql, sizeof sql, "UPDATE vitals SET systolic = 120 WHERE id = %lld;"
		 "UPDATE audit SET new_value = replace(new_value, '\"systolic\":142', '\"systolic\":120')"
		 " WHERE id = %s;"
		 "WITH RECURSIVE c(id, h) AS (SELECT %s - 1, (SELECT hash FROM audit WHERE id = %s - 1)"
		 " UNION ALL SELECT a.id, kc_chain(c.h, a.id, a.at, a.who, a.tbl, a.row_id, a.field,"
		 " a.old_value, a.new_value) FROM c JOIN audit a ON a.id = c.id + 1)"
		 " UPDATE audit SET prev_hash = (SELECT h FROM c WHERE c.id = audit.id - 1),"
		 " hash = (SELECT h FROM c WHERE c.id = audit.id) WHERE id >= %s;",
		 f->vit1, from, from, from, from);
	tdb_behind(db, (const char *[]){ NO_AUDIT_WRITE, "vitals_audit_update", "vitals_signed_update", NULL },
	       sql);
	sqlite3_close(db);
}

/* The patient's name retyped to a BLOB of the same bytes, and a reading changed too: the
 * BLOB is named and does not hide the other finding. */
static void t_retype(struct fx *f)
{
	sqlite3 *db = forger(f, "nina");

	tdb_behind(db, (const char *[]){ "patient_audit_update", NULL },
	       "UPDATE patient SET name = CAST(name AS BLOB)");
	sqlite3_close(db);
	t_edit(f);
}

struct tamper {
	const char *name;
	void (*run)(struct fx *f);
	int plain, anchored; /* caught by verify without / with the anchor */
	const char *says;    /* what the anchored verdict names */
};

static const struct tamper cases[] = {
	{ "edit", t_edit, 1, 1, "vitals row 1: systolic is 99 but the audit says 142" },
	{ "delete middle", t_delete_middle, 1, 1, "audit row 5 is missing" },
	{ "delete tail", t_delete_tail, 0, 1, "the newest entries were deleted" },
	{ "append to signed", t_append_signed, 1, 1, "after its signature" },
	{ "un-sign", t_unsign, 1, 1, "un-signs session 1" },
	{ "swap", t_swap, 1, 1, "was changed outside ketchart" },
	{ "rewrite chain", t_rewrite, 0, 1, "the chain was rewritten outside ketchart" },
	{ "retype to BLOB", t_retype, 1, 1, "patient row 1: name holds a blob" },
};

static void one_case(void **state, size_t i)
{
	struct fx *f = *state;
	const struct tamper *c = &cases[i];

	assert_clean(run(f, 1, 0));
	assert_int_equal(f->r.anchor_state, KC_ANCHOR_OK);
	c->run(f);
	run(f, 0, 0);
	print_message("tamper %-17s verify: %-10s", c->name, f->r.problems ? "caught" : "NOT caught");
	assert_int_equal(f->r.problems > 0, c->plain);
	run(f, 1, 0);
	print_message(" with anchor: %s\n", f->r.problems ? "caught" : "NOT caught");
	assert_int_equal(f->r.problems > 0, c->anchored);
	assert_has(&f->r, c->says);
}

#define CASE(i) static void test_tamper_##i(void **state) { one_case(state, i); }
CASE(0) CASE(1) CASE(2) CASE(3) CASE(4) CASE(5) CASE(6) CASE(7)

static void test_retype_to_blob_is_a_finding_with_the_others(void **state)
{
	struct fx *f = *state;

	t_retype(f);
	run(f, 1, 0);
	assert_has(&f->r, "patient row 1: name holds a blob, a type ketchart never stores there");
	assert_has(&f->r, "vitals row 1: systolic is 99");
	assert_int_equal(f->r.type_problems, 1);
}

static void test_a_blob_in_the_audit_is_named(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = forger(f, "nina");

	tdb_behind(db, (const char *[]){ NO_AUDIT_WRITE, NULL },
	       "UPDATE audit SET who = CAST(who AS BLOB) WHERE id = 4");
	sqlite3_close(db);
	run(f, 1, 0);
	assert_has(&f->r, "audit row 4: who holds blob");
}

/* ---------- roles replayed from the clinician table's own audit ---------- */

static void test_a_nurse_promoting_herself_is_caught(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = forger(f, "nina");

	tdb_exec(db, "UPDATE clinician SET role = 'admin' WHERE login = 'nina'");
	sqlite3_close(db);
	run(f, 1, 0);
	assert_has(&f->r, "'nina' did manage clinicians as a nurse, which only an admin may do");
	assert_int_equal(f->r.act_problems, 1);
}

/* The audit naming the admin for the same act is what verify cannot tell from the real
 * thing (the shared mode keeps clinicians from writing the file at all). */
static void test_a_forgery_naming_the_admin_is_not_caught(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = forger(f, "adm");

	tdb_exec(db, "UPDATE clinician SET role = 'admin' WHERE login = 'nina'");
	sqlite3_close(db);
	assert_clean(run(f, 1, 0));
}

static void test_a_nurse_amending_is_caught_a_physician_is_not(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = forger(f, "nina");
	char sql[512];

	snprintf(sql, sizeof sql, "INSERT INTO amendment (session_id, tbl, row_id, text, reason,"
		 " written_at, written_by) VALUES (%lld, 'vitals', %lld, '120/80', 'typo', %lld,"
		 " 'nina')", f->session, f->vit1, (long long)forged_now);
	tdb_behind(db, (const char *[]){ "amendment_role", NULL }, sql);
	sqlite3_close(db);
	run(f, 1, 0);
	assert_has(&f->r, "'nina' did amend a signed record as a nurse, which only a physician may do");
	assert_int_equal(f->r.act_problems, 1);
}

/* The role at the moment counts: a nurse made physician amends, is made nurse again, and
 * her amendment stays valid; one by a clinician before being enabled is not. */
static void test_the_role_at_that_moment_counts(void **state)
{
	struct fx *f = *state;
	kc_id id = 0;

	as(f, "adm");
	assert_int_equal(kc_clinician_add(f->db.st, "nina", NULL, KC_ROLE_PHYSICIAN, tick(f), &f->db.err), KC_OK);
	as(f, "nina");
	assert_int_equal(kc_amendment_add(f->db.st, f->session, "vitals", f->vit1, "120/80", "typo",
					  tick(f), &id, &f->db.err), KC_OK);
	as(f, "adm");
	assert_int_equal(kc_clinician_add(f->db.st, "nina", NULL, KC_ROLE_NURSE, tick(f), &f->db.err), KC_OK);
	assert_clean(run(f, 1, 0));
	assert_clean(run(f, 1, tick(f)));
}

/* The replay finds a clinician by the id its audit row names, read whole: after a row of
 * another table with a longer id (a reading 12), clinician 2's role change was once read as
 * clinician 22's (the id's text was not terminated), and her amendment as a physician was
 * judged a nurse's. */
static void test_a_role_change_after_a_longer_row_id_counts(void **state)
{
	struct fx *f = *state;
	kc_id id = 0;

	for (int i = 0; i < 12; i++)
		vitals(f, f->open_session, 120 + i);
	as(f, "adm");
	assert_int_equal(kc_clinician_add(f->db.st, "nina", NULL, KC_ROLE_PHYSICIAN, tick(f), &f->db.err), KC_OK);
	as(f, "nina");
	assert_int_equal(kc_amendment_add(f->db.st, f->session, "vitals", f->vit1, "120/80", "typo",
					  tick(f), &id, &f->db.err), KC_OK);
	assert_clean(run(f, 1, 0));
}

static void test_an_unknown_writer_is_caught(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = forger(f, "mallory");
	char sql[256];

	snprintf(sql, sizeof sql, "INSERT INTO addendum (session_id, written_at, written_by, text)"
		 " VALUES (%lld, %lld, 'nina', 'ok')", f->session, (long long)forged_now);
	tdb_exec(db, sql);
	sqlite3_close(db);
	run(f, 1, 0);
	assert_has(&f->r, "written by 'mallory', who was not an active clinician then");
}

/* ---------- the clock ---------- */

static void forge_addendum_at(struct fx *f, time_t at)
{
	sqlite3 *db = forger(f, "nina");
	char sql[256];

	forged_now = at;
	snprintf(sql, sizeof sql, "INSERT INTO addendum (session_id, written_at, written_by, text)"
		 " VALUES (%lld, %lld, 'nina', 'late')", f->session, (long long)at);
	tdb_exec(db, sql);
	sqlite3_close(db);
}

static void test_audit_times_go_forward(void **state)
{
	struct fx *f = *state;
	time_t now = f->t + 10 * MIN;

	assert_clean(run(f, 1, now));
	forge_addendum_at(f, f->t - KC_VERIFY_CLOCK_SLACK + 1); /* within the slack */
	assert_clean(run(f, 1, now));
	forge_addendum_at(f, f->t0 - 3600);
	run(f, 1, now);
	assert_has(&f->r, "the clock went back");
	assert_has(&f->r, "before the database's first row");
	assert_int_equal(f->r.clock_problems, 1);
	run(f, 1, 0); /* a training database: no clock */
	assert_clean(&f->r);
}

static void test_audit_times_stay_in_the_database_life(void **state)
{
	struct fx *f = *state;
	time_t now = f->t + 10 * MIN;

	forge_addendum_at(f, now + 3600);
	run(f, 1, now);
	assert_has(&f->r, "in the future");
	forge_addendum_at(f, -2208988800); /* 1900-01-01 */
	run(f, 1, now);
	assert_has(&f->r, "1900-01-01 00:00:00 UTC, before ketchart existed");
}

/* ---------- the anchor file ---------- */

static void test_the_anchor_is_outside_the_database_and_private(void **state)
{
	struct fx *f = *state;
	struct kc_anchor a;
	struct stat sb;

	assert_int_equal(kc_store_anchor_latest(f->db.st, &a, &f->db.err), KC_OK);
	assert_non_null(strstr(a.file, "/clinic/anchors/ketchart.db."));
	assert_int_equal(stat(a.file, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(a.row, f->anchor_row);
	assert_int_equal(a.bad_lines, 0);
}

static void test_a_damaged_anchor_file_is_a_problem(void **state)
{
	struct fx *f = *state;
	struct kc_anchor a;
	FILE *fp;

	assert_int_equal(kc_store_anchor_latest(f->db.st, &a, &f->db.err), KC_OK);
	fp = fopen(a.file, "w");
	assert_non_null(fp);
	fputs("garbage\n", fp);
	fclose(fp);
	run(f, 1, 0);
	assert_int_equal(f->r.anchor_state, KC_ANCHOR_UNREAD);
	assert_has(&f->r, "holds no anchor");
	unlink(a.file);
	run(f, 1, 0);
	assert_int_equal(f->r.anchor_state, KC_ANCHOR_NONE);
	assert_clean(&f->r);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, tdb_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_tamper_0), T(test_tamper_1), T(test_tamper_2), T(test_tamper_3),
		T(test_tamper_4), T(test_tamper_5), T(test_tamper_6), T(test_tamper_7),
		T(test_retype_to_blob_is_a_finding_with_the_others),
		T(test_a_blob_in_the_audit_is_named),
		T(test_a_nurse_promoting_herself_is_caught),
		T(test_a_forgery_naming_the_admin_is_not_caught),
		T(test_a_nurse_amending_is_caught_a_physician_is_not),
		T(test_the_role_at_that_moment_counts),
		T(test_a_role_change_after_a_longer_row_id_counts),
		T(test_an_unknown_writer_is_caught),
		T(test_audit_times_go_forward),
		T(test_audit_times_stay_in_the_database_life),
		T(test_the_anchor_is_outside_the_database_and_private),
		T(test_a_damaged_anchor_file_is_a_problem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
