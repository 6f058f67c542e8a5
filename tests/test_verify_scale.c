/* test_verify_scale.c — the paths verify takes to stay linear on a big history (issue 10),
 * each with the tampering it must still name exactly:
 *   - a row updated since its insert (every session row is) is compared in C, each column
 *     against its latest update or else the insert (store_verify.c latest_updates /
 *     row_is_insert): an updated real changed, an updated column put back to its insert,
 *     updated columns emptied, a column never updated changed, a real made text;
 *   - a row with only its insert is compared as the insert's bytes, or else read as JSON:
 *     a text json_object escaped, a whole number in a real column;
 *   - around it: a deleted session row, a session row inserted without an audit, an update
 *     audit row changed, a schema object changed;
 *   - the replay's session states kept in an array by session id (verify.c ses_get), and
 *     a session numbered far beyond the others kept apart: a change after its signature is
 *     still named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "kc_chart.h"
#include "kc_verify.h"

#define MIN 60
#define NOW ((time_t)1763726400) /* 2025-11-21 12:00 UTC */
#define FAR_ID 1000000LL         /* a session id far beyond the array of session states */

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	kc_id patient, session, open_session;
	int k; /* minutes after NOW of the latest entry */
	struct kc_verify_result r;
};

static time_t tick(struct fx *f)
{
	return NOW + (++f->k) * MIN;
}

static void vitals(struct fx *f, kc_id session, int sys)
{
	struct kc_vitals_row r;
	time_t at = tick(f);

	memset(&r, 0, sizeof r);
	r.session_id = session;
	r.taken_at = at;
	r.status = KC_VITALS_TAKEN;
	r.v = (struct kc_vitals){ sys, 80, 72, 98, 14, KC_NONE, 5 };
	assert_int_equal(kc_vitals_add(f->db.st, &r, at, &f->db.err), KC_OK);
}

/* A session planned (weight, mg/kg and mg: reals in updates), re-planned, ended and
 * signed: its row is named by its insert and many updates. */
static kc_id signed_session(struct fx *f)
{
	kc_id s = tdb_session(&f->db, f->patient, KC_ROUTE_IV, tick(f));

	assert_int_equal(kc_session_plan_dose(f->db.st, s, 72.35, 0.5, 36.175, tick(f), &f->db.err), KC_OK);
	assert_int_equal(kc_session_plan_dose(f->db.st, s, 72.35, 0.6, 43.41, tick(f), &f->db.err), KC_OK);
	vitals(f, s, 142);
	assert_int_equal(kc_session_end(f->db.st, s, "aborted", "patient declined", tick(f), &f->db.err), KC_OK);
	assert_int_equal(kc_chart_sign(f->db.st, &f->db.cfg, s, tick(f), &f->db.err), KC_OK);
	return s;
}

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_folder(&f->db, "vscale", "ketchart.db");
	tdb_open(&f->db, "nina");
	f->patient = tdb_patient(&f->db, "C-3", "Grace Hopper", "1976-12-09", tick(f));
	f->session = signed_session(f);
	f->open_session = tdb_session(&f->db, f->patient, KC_ROUTE_IV, tick(f));
	vitals(f, f->open_session, 130);
	*state = f;
	return 0;
}

/* ---------- a plain connection behind ketchart's back ---------- */

/* The audit triggers' own functions, as a forger would write them. */
static void fn_now(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_int64(ctx, (sqlite3_int64)NOW);
}

static void fn_actor(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_text(ctx, "nina", -1, SQLITE_STATIC);
}

/* The real hash: the algorithm is public, so a forger can have it too. */
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

static void behind(struct fx *f, const char *const *triggers, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void behind(struct fx *f, const char *const *triggers, const char *fmt, ...)
{
	char sql[1024];
	va_list ap;
	sqlite3 *db = NULL;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	assert_int_equal(sqlite3_open_v2(f->db.path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	sqlite3_create_function(db, "kc_now", 0, SQLITE_UTF8, NULL, fn_now, NULL, NULL);
	sqlite3_create_function(db, "kc_actor", 0, SQLITE_UTF8, NULL, fn_actor, NULL, NULL);
	sqlite3_create_function(db, "kc_chain", KC_CHAIN_FIELDS, SQLITE_UTF8, NULL, fn_chain, NULL, NULL);
	tdb_chain_functions(db, fn_chain, NULL);
	tdb_behind(db, triggers, sql);
	sqlite3_close(db);
}

/* ---------- verdicts ---------- */

static struct kc_verify_result *verify(struct fx *f)
{
	struct kc_verify_opts o = { .no_anchor = 1 };

	assert_int_equal(kc_verify_with(f->db.st, &o, &f->r, &f->db.err), KC_OK);
	return &f->r;
}

static void dump(const struct kc_verify_result *r)
{
	for (size_t i = 0; i < r->shown; i++)
		print_message("  problem: %s\n", r->problem[i]);
}

static void assert_problem(const struct kc_verify_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void assert_problem(const struct kc_verify_result *r, const char *fmt, ...)
{
	char want[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(want, sizeof want, fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < r->shown; i++)
		if (strstr(r->problem[i], want))
			return;
	dump(r);
	fail_msg("no problem says '%s'", want);
}

static void assert_counts(const struct kc_verify_result *r, long long rows, size_t all)
{
	if (r->row_problems != rows || r->problems != all) {
		dump(r);
		fail_msg("%lld row problems of %zu (expected %lld of %zu)", r->row_problems, r->problems,
			 rows, all);
	}
}

/* ---------- updated rows compared in C ---------- */

static void test_updated_rows_verify_clean(void **state)
{
	struct fx *f = *state;

	assert_counts(verify(f), 0, 0);
}

/* planned_mg was updated twice: the row is judged against the latest (43.41). */
static void test_an_updated_real_changed_is_named(void **state)
{
	struct fx *f = *state;

	behind(f, (const char *[]){ "session_audit_update", "session_signed", NULL },
	       "UPDATE session SET planned_mg = 43.42 WHERE id = %lld", f->session);
	verify(f);
	assert_problem(&f->r, "session row %lld: planned_mg is 43.42 but the audit says 43.41 (changed "
		       "outside ketchart)", f->session);
	assert_counts(&f->r, 1, 1);
}

/* Put back to what the insert said (the default 0): still a change against the latest
 * update. */
static void test_an_updated_column_put_back_to_the_insert_is_named(void **state)
{
	struct fx *f = *state;

	behind(f, (const char *[]){ "session_audit_update", "session_signed", NULL },
	       "UPDATE session SET planned_mg_per_kg = 0 WHERE id = %lld", f->session);
	verify(f);
	assert_problem(&f->r, "session row %lld: planned_mg_per_kg is 0.0 but the audit says 0.6", f->session);
	assert_counts(&f->r, 1, 1);
}

/* Updated columns emptied (the signature taken off the row): each is named. */
static void test_updated_columns_emptied_are_named(void **state)
{
	struct fx *f = *state;

	behind(f, (const char *[]){ "session_audit_update", "session_signed", NULL },
	       "UPDATE session SET signed_by = NULL, signed_at = NULL WHERE id = %lld", f->session);
	verify(f);
	assert_problem(&f->r, "session row %lld: signed_by is empty but the audit says nina", f->session);
	assert_problem(&f->r, "session row %lld: signed_at is empty but the audit says", f->session);
	assert_counts(&f->r, 2, 2);
}

/* A column no update names, in a row that has updates: judged against the insert. */
static void test_a_column_never_updated_in_an_updated_row_is_named(void **state)
{
	struct fx *f = *state;

	behind(f, (const char *[]){ "session_audit_update", "session_signed", NULL },
	       "UPDATE session SET route = 'esketamine' WHERE id = %lld", f->session);
	verify(f);
	assert_problem(&f->r, "session row %lld: route is esketamine but the audit says iv", f->session);
	assert_counts(&f->r, 1, 1);
}

/* Text where the update wrote a number of the same digits is not a finding (compared as
 * text, as the full check does), but a number's type is named. */
static void test_an_updated_real_stored_as_text_is_a_type_finding(void **state)
{
	struct fx *f = *state;

	behind(f, (const char *[]){ "session_audit_update", "session_signed", NULL },
	       "UPDATE session SET weight_kg = CAST(weight_kg AS TEXT) || 'x' WHERE id = %lld", f->session);
	verify(f);
	assert_problem(&f->r, "session row %lld: weight_kg is 72.35x but the audit says 72.35", f->session);
	assert_problem(&f->r, "session row %lld: weight_kg holds a text", f->session);
	assert_int_equal(f->r.type_problems, 1);
	assert_counts(&f->r, 1, 2);
}

/* ---------- rows compared as the bytes of their insert ---------- */

/* A name json_object wrote with escapes (a quote, a backslash) is not the same bytes as
 * the text: the reading of the JSON agrees with it, and a change to it is named. */
static void test_a_text_written_with_escapes_verifies_and_its_change_is_named(void **state)
{
	struct fx *f = *state;
	kc_id p = tdb_patient(&f->db, "C-4", "Anne \"Nan\" O\\Brien", "1950-01-02", tick(f));

	assert_counts(verify(f), 0, 0);
	behind(f, (const char *[]){ "patient_audit_update", NULL },
	       "UPDATE patient SET name = 'Anne \"Nan\" O\\Brian' WHERE id = %lld", p);
	verify(f);
	assert_problem(&f->r, "patient row %lld: name is Anne \"Nan\" O\\Brian but the audit says Anne \"Nan\" O\\Brien", p);
	assert_counts(&f->r, 1, 1);
}

/* A whole number in a real column (stored by SQLite as an integer, read as 70.0), then
 * changed in a column after it. */
static void test_a_whole_real_verifies_and_a_later_column_change_is_named(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc_weight_add(f->db.st, f->patient, f->open_session, 70.0, tick(f), tick(f), &f->db.err),
			 KC_OK);
	assert_counts(verify(f), 0, 0);
	behind(f, (const char *[]){ "weight_audit_update", NULL },
	       "UPDATE weight SET entered_at = entered_at + 1 WHERE kg = 70.0");
	verify(f);
	assert_problem(&f->r, "entered_at is");
	assert_counts(&f->r, 1, 1);
}

/* ---------- around the updated rows ---------- */

static void test_a_deleted_updated_row_is_named(void **state)
{
	struct fx *f = *state;

	behind(f, (const char *[]){ "session_no_delete", "session_signed", NULL },
	       "PRAGMA foreign_keys = OFF; DELETE FROM session WHERE id = %lld", f->open_session);
	verify(f);
	assert_problem(&f->r, "session row %lld is gone: it was deleted outside ketchart", f->open_session);
	assert_counts(&f->r, 1, 1);
}

static void test_a_session_inserted_without_audit_is_named(void **state)
{
	struct fx *f = *state;

	behind(f, (const char *[]){ "session_audit_insert", NULL },
	       "INSERT INTO session (patient_id, clinician, route, created_at) VALUES (%lld, 'nina', 'iv',"
	       " %lld)", f->patient, (long long)NOW);
	verify(f);
	assert_problem(&f->r, "session row %lld has no insert in the audit: it was inserted outside ketchart",
		       f->open_session + 1);
	assert_counts(&f->r, 1, 1);
}

/* An update audit row of the session changed: the chain breaks there, and the row no
 * longer agrees with what the audit now says. */
static void test_a_changed_update_audit_row_is_named(void **state)
{
	struct fx *f = *state;
	long long id;
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;

	assert_int_equal(sqlite3_open_v2(f->db.path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT max(id) FROM audit WHERE tbl = 'session' AND"
					    " field = 'planned_mg'", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	behind(f, (const char *[]){ "audit_no_update", "audit_no_relink", NULL },
	       "UPDATE audit SET new_value = '40' WHERE id = %lld", id);
	verify(f);
	assert_problem(&f->r, "audit row %lld was changed outside ketchart", id);
	assert_problem(&f->r, "session row %lld: planned_mg is 43.41 but the audit says 40", f->session);
	assert_counts(&f->r, 1, 2);
}

static void test_a_changed_schema_object_is_named(void **state)
{
	struct fx *f = *state;

	behind(f, (const char *[]){ NULL }, "DROP TRIGGER session_signed; CREATE TRIGGER session_signed BEFORE UPDATE ON session"
	       " WHEN 0 BEGIN SELECT 1; END");
	verify(f);
	assert_problem(&f->r, "the trigger session_signed was changed outside ketchart");
	assert_int_equal(f->r.schema_problems, 1);
}

/* ---------- session states by id ---------- */

/* A reading added to the signed session behind ketchart (the audit trigger still writes
 * its insert): named as a change after the signature. */
static void append_after_signature(struct fx *f, kc_id session)
{
	behind(f, (const char *[]){ "vitals_signed_insert", NULL },
	       "INSERT INTO vitals (session_id, taken_at, entered_at, entered_by, systolic, diastolic,"
	       " heart_rate, spo2, resp_rate) VALUES (%lld, %lld, %lld, 'nina', 120, 80, 70, 99, 12)",
	       session, (long long)tick(f), (long long)tick(f));
}

static void test_a_change_after_a_signature_is_named(void **state)
{
	struct fx *f = *state;

	append_after_signature(f, f->session);
	verify(f);
	assert_problem(&f->r, "adds vitals row");
	assert_problem(&f->r, "of session %lld after its signature", f->session);
	assert_int_equal(f->r.act_problems, 1);
}

/* A session numbered a million (a row put in behind ketchart pushes the numbering on):
 * its state is kept apart from the array, and a change after its signature is named. */
static void test_a_session_numbered_far_on_keeps_its_signature(void **state)
{
	struct fx *f = *state;
	kc_id far;

	behind(f, (const char *[]){ "session_audit_insert", NULL },
	       "INSERT INTO session (id, patient_id, clinician, route, created_at) VALUES (%lld, %lld,"
	       " 'nina', 'iv', %lld)", FAR_ID, f->patient, (long long)NOW);
	far = signed_session(f);
	assert_true(far > FAR_ID);
	assert_counts(verify(f), 1, 1); /* the row put in behind */
	append_after_signature(f, far);
	verify(f);
	assert_problem(&f->r, "session row %lld has no insert in the audit", FAR_ID);
	assert_problem(&f->r, "of session %lld after its signature", far);
	assert_int_equal(f->r.act_problems, 1);
	assert_counts(&f->r, 1, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, tdb_teardown)
		T(test_updated_rows_verify_clean),
		T(test_an_updated_real_changed_is_named),
		T(test_an_updated_column_put_back_to_the_insert_is_named),
		T(test_updated_columns_emptied_are_named),
		T(test_a_column_never_updated_in_an_updated_row_is_named),
		T(test_an_updated_real_stored_as_text_is_a_type_finding),
		T(test_a_text_written_with_escapes_verifies_and_its_change_is_named),
		T(test_a_whole_real_verifies_and_a_later_column_change_is_named),
		T(test_a_deleted_updated_row_is_named),
		T(test_a_session_inserted_without_audit_is_named),
		T(test_a_changed_update_audit_row_is_named),
		T(test_a_changed_schema_object_is_named),
		T(test_a_change_after_a_signature_is_named),
		T(test_a_session_numbered_far_on_keeps_its_signature),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
