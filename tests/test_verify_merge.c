/* test_verify_merge.c — the row checks verify makes beside the chain pass (store_verify.c):
 * a row whose only audit is its insert is compared as the insert's bytes, rows updated
 * since are expanded column by column, and anything the merge cannot account for sends
 * the whole table to the full check. Each path here with a change it must name: a column
 * that is not the last, a row beside a legitimate update, an update put back, a deleted
 * row in the middle, a row inserted outside before later entries, an insert audit
 * rewritten with its chain recomputed, two wrong types in one row. */
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
#include "kc_verify.h"

#define MIN 60
#define NOW ((time_t)1763726400) /* 2025-11-21 12:00 UTC */
#define ACTOR "nurse1"
#define READINGS 6

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	kc_id patient, session;
	kc_id vit[READINGS + 1]; /* vit[1..READINGS] */
	kc_id replacement;      /* the reading that replaced vit[4] */
	int k;                   /* minutes after NOW of the latest entry */
	struct kc_verify_result r;
};

static kc_id add_vitals(struct fx *f, int sys)
{
	struct kc_vitals_row r;

	memset(&r, 0, sizeof r);
	r.session_id = f->session;
	r.taken_at = NOW + (++f->k) * MIN;
	r.status = KC_VITALS_TAKEN;
	r.v = (struct kc_vitals){ sys, 80, 72, 98, 14, KC_NONE, 5 };
	assert_int_equal(kc_vitals_add(f->db.st, &r, r.taken_at, &f->db.err), KC_OK);
	return r.id;
}

/* Six readings: the second acknowledged (an update of its row), the fourth entered in
 * error and replaced (an update, and an insert after the others). */
static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct kc_vitals_row rep;

	assert_non_null(f);
	tdb_folder(&f->db, "vmerge", "ketchart.db");
	tdb_open(&f->db, ACTOR);
	f->patient = tdb_patient(&f->db, "C-9", "Mary Seacole", "1975-11-23", NOW);
	f->session = tdb_session(&f->db, f->patient, KC_ROUTE_IV, NOW);
	for (int i = 1; i <= READINGS; i++)
		f->vit[i] = add_vitals(f, 120 + i);
	assert_int_equal(kc_vitals_ack(f->db.st, f->vit[2], "repeated the reading", NOW + 20 * MIN,
				       &f->db.err), KC_OK);
	memset(&rep, 0, sizeof rep);
	rep.session_id = f->session;
	rep.taken_at = NOW + 4 * MIN;
	rep.status = KC_VITALS_TAKEN;
	rep.v = (struct kc_vitals){ 131, 81, 70, 97, 15, KC_NONE, 5 };
	assert_int_equal(kc_vitals_correct(f->db.st, f->vit[4], KC_EIE_WRONG_VALUE, "typo", &rep,
					   NOW + 21 * MIN, &f->db.err), KC_OK);
	f->replacement = rep.id;
	*state = f;
	return 0;
}

/* ---------- a plain connection, as in test_verify.c ---------- */

static sqlite3 *raw_open(const char *path)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	return db;
}



static void tamper(struct fx *f, const char *const *triggers, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void tamper(struct fx *f, const char *const *triggers, const char *fmt, ...)
{
	char sql[1024];
	va_list ap;
	sqlite3 *db = raw_open(f->db.path);

	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	tdb_behind(db, triggers, sql);
	sqlite3_close(db);
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

static void assert_rows(const struct kc_verify_result *r, long long rows, size_t all)
{
	if (r->row_problems != rows || r->problems != all) {
		dump(r);
		fail_msg("%lld row problems of %zu (expected %lld of %zu)", r->row_problems,
			 r->problems, rows, all);
	}
}

/* ---------- the tests ---------- */

static void test_updated_and_replaced_rows_verify_clean(void **state)
{
	struct fx *f = *state;

	assert_rows(verify(f), 0, 0);
	assert_true(f->r.audit_rows > 0);
}

/* A row with only its insert: a column in the middle (not the last) changed. */
static void test_a_middle_column_of_an_untouched_row_is_named(void **state)
{
	struct fx *f = *state;

	tamper(f, (const char *[]){ "vitals_audit_update", NULL },
	       "UPDATE vitals SET diastolic = 55 WHERE id = %lld", f->vit[3]);
	verify(f);
	assert_problem(&f->r, "vitals row %lld: diastolic is 55 but the audit says 80 (changed outside "
		       "ketchart)", f->vit[3]);
	assert_rows(&f->r, 1, 1);
}

/* A row updated by ketchart (acknowledged), then another of its columns changed. */
static void test_a_change_beside_a_legitimate_update_is_named(void **state)
{
	struct fx *f = *state;

	tamper(f, (const char *[]){ "vitals_audit_update", NULL },
	       "UPDATE vitals SET heart_rate = 40 WHERE id = %lld", f->vit[2]);
	verify(f);
	assert_problem(&f->r, "vitals row %lld: heart_rate is 40 but the audit says 72", f->vit[2]);
	assert_rows(&f->r, 1, 1);
}

/* The acknowledgement taken back behind ketchart: the updated columns are judged against
 * the update, not against the insert they now agree with again. */
static void test_an_update_put_back_behind_is_named(void **state)
{
	struct fx *f = *state;

	tamper(f, (const char *[]){ "vitals_audit_update", NULL },
	       "UPDATE vitals SET acked = 0, ack_action = '', ack_by = NULL, ack_at = NULL WHERE id = %lld",
	       f->vit[2]);
	verify(f);
	assert_problem(&f->r, "vitals row %lld: acked is 0 but the audit says 1", f->vit[2]);
	assert_problem(&f->r, "vitals row %lld: ack_action is  but the audit says repeated the reading",
		       f->vit[2]);
	assert_problem(&f->r, "vitals row %lld: ack_by is empty but the audit says " ACTOR, f->vit[2]);
	assert_rows(&f->r, 4, 4);
}

/* A row in the middle deleted, nothing else: the merge finds its insert without its row. */
static void test_a_deleted_middle_row_is_named(void **state)
{
	struct fx *f = *state;

	tamper(f, (const char *[]){ "vitals_no_delete", NULL }, "DELETE FROM vitals WHERE id = %lld",
	       f->vit[3]);
	verify(f);
	assert_problem(&f->r, "vitals row %lld is gone: it was deleted outside ketchart", f->vit[3]);
	assert_rows(&f->r, 1, 1);
}

/* A row in the middle deleted: it is named, and the rows after it are still compared. */
static void test_a_deleted_middle_row_does_not_hide_a_later_change(void **state)
{
	struct fx *f = *state;

	tamper(f, (const char *[]){ "vitals_no_delete", "vitals_audit_update", NULL },
	       "DELETE FROM vitals WHERE id = %lld; UPDATE vitals SET spo2 = 88 WHERE id = %lld",
	       f->vit[3], f->vit[5]);
	verify(f);
	assert_problem(&f->r, "vitals row %lld is gone: it was deleted outside ketchart", f->vit[3]);
	assert_problem(&f->r, "vitals row %lld: spo2 is 88 but the audit says 98", f->vit[5]);
	assert_rows(&f->r, 2, 2);
}

/* A row inserted outside, then entries made by ketchart after it: the merge meets the
 * row before the next insert. */
static void test_a_row_inserted_outside_before_later_entries_is_named(void **state)
{
	struct fx *f = *state;
	kc_id later;

	tamper(f, (const char *[]){ "vitals_audit_insert", NULL },
	       "INSERT INTO vitals (session_id, taken_at, entered_at, entered_by, heart_rate)"
	       " VALUES (%lld, %lld, %lld, '" ACTOR "', 70)", f->session, (long long)NOW,
	       (long long)NOW);
	later = add_vitals(f, 128);
	verify(f);
	assert_problem(&f->r, "vitals row %lld has no insert in the audit: it was inserted outside "
		       "ketchart", later - 1);
	assert_rows(&f->r, 1, 1);
}

/* A row inserted outside after the last entry. */
static void test_a_row_inserted_outside_after_the_last_is_named(void **state)
{
	struct fx *f = *state;

	tamper(f, (const char *[]){ "observation_audit_insert", NULL },
	       "INSERT INTO observation (session_id, observed_at, entered_at, entered_by, kind,"
	       " scale, score) VALUES (%lld, %lld, %lld, '" ACTOR "', 'nausea', 'nrs', 0)",
	       f->session, (long long)NOW, (long long)NOW);
	verify(f);
	assert_problem(&f->r, "observation row 1 has no insert in the audit");
	assert_rows(&f->r, 1, 1);
}

/* The insert audit of a reading rewritten to a new value and the chain recomputed from
 * it on: the chain is whole again, but the row no longer agrees with its insert. */
static void test_an_insert_audit_rewritten_with_its_chain_leaves_the_row_named(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = raw_open(f->db.path);
	char sql[1024];
	sqlite3_stmt *s = NULL;
	long long from;

	sqlite3_create_function(db, "kc_chain", KC_CHAIN_FIELDS, SQLITE_UTF8, NULL, fn_chain, NULL, NULL);
	tdb_chain_functions(db, fn_chain, NULL);
	snprintf(sql, sizeof sql, "SELECT id FROM audit WHERE tbl = 'vitals' AND row_id = %lld AND "
		 "field = ''", f->vit[1]);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	from = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	snprintf(sql, sizeof sql,
		 "UPDATE audit SET new_value = replace(new_value, '\"systolic\":121', '\"systolic\":99')"
		 " WHERE id = %lld;"
		 "WITH RECURSIVE c(id, h) AS (SELECT %lld - 1, (SELECT hash FROM audit WHERE id = %lld - 1)"
		 " UNION ALL SELECT a.id, kc_chain(c.h, a.id, a.at, a.who, a.tbl, a.row_id, a.field,"
		 " a.old_value, a.new_value) FROM c JOIN audit a ON a.id = c.id + 1)"
		 " UPDATE audit SET prev_hash = (SELECT h FROM c WHERE c.id = audit.id - 1),"
		 " hash = (SELECT h FROM c WHERE c.id = audit.id) WHERE id >= %lld;",
		 from, from, from, from);
	tdb_behind(db, (const char *[]){ "audit_no_update", "audit_no_relink", NULL }, sql);
	sqlite3_close(db);
	verify(f);
	assert_int_equal(f->r.breaks, 0);
	assert_problem(&f->r, "vitals row %lld: systolic is 121 but the audit says 99", f->vit[1]);
	assert_rows(&f->r, 1, 1);
}

/* One link of the chain tampered: prev_hash changed and the row rehashed to match. */
static void test_a_tampered_chain_link_is_named(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = raw_open(f->db.path);

	sqlite3_create_function(db, "kc_chain", KC_CHAIN_FIELDS, SQLITE_UTF8, NULL, fn_chain, NULL, NULL);
	tdb_chain_functions(db, fn_chain, NULL);
	tdb_behind(db, (const char *[]){ "audit_no_update", "audit_no_relink", NULL },
	       "UPDATE audit SET prev_hash = hash WHERE id = 7;"
	       "UPDATE audit SET hash = kc_chain(prev_hash, id, at, who, tbl, row_id, field,"
	       " old_value, new_value) WHERE id = 7");
	sqlite3_close(db);
	verify(f);
	assert_problem(&f->r, "audit row 7 does not follow audit row 6");
	assert_int_equal(f->r.first_break, 7);
	assert_rows(&f->r, 0, 2); /* and the next row no longer follows it */
}

/* Two columns of one row given types ketchart never stores: both are named. */
static void test_two_wrong_types_in_one_row_are_both_named(void **state)
{
	struct fx *f = *state;

	tamper(f, (const char *[]){ "patient_audit_update", NULL },
	       "UPDATE patient SET name = CAST(name AS BLOB), created_at = 'soon' WHERE id = %lld",
	       f->patient);
	verify(f);
	assert_problem(&f->r, "patient row %lld: name holds a blob", f->patient);
	assert_problem(&f->r, "patient row %lld: created_at holds a text", f->patient);
	assert_int_equal(f->r.type_problems, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, tdb_teardown)
		T(test_updated_and_replaced_rows_verify_clean),
		T(test_a_middle_column_of_an_untouched_row_is_named),
		T(test_a_change_beside_a_legitimate_update_is_named),
		T(test_an_update_put_back_behind_is_named),
		T(test_a_deleted_middle_row_is_named),
		T(test_a_deleted_middle_row_does_not_hide_a_later_change),
		T(test_a_row_inserted_outside_before_later_entries_is_named),
		T(test_a_row_inserted_outside_after_the_last_is_named),
		T(test_an_insert_audit_rewritten_with_its_chain_leaves_the_row_named),
		T(test_a_tampered_chain_link_is_named),
		T(test_two_wrong_types_in_one_row_are_both_named),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
