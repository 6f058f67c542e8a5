/* test_start_lists.c — the start screen's lists read the day's work, not the history
 * (issue 10, migration 18): the REMS forms owed come from rems_owed, which triggers keep in
 * the same transaction as the dose start and the submission, and which must always equal
 * "every esketamine session dosed without a submission"; the patient list comes in name
 * order from the patient_name index, as the sorted query gave it, and the screen's pages
 * of it, its count and a patient's place in it agree with it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fixture.h"
#include "kc_chart.h"
#include "kc_report.h"
#include "kc_store.h"
#include "kc_verify.h"

#define T0 1767258000 /* 2026-01-01 09:00 UTC */
#define DAY 86400
#define NOW (T0 + 400 * DAY)

static int setup(void **state)
{
	struct kc_tdb *t = calloc(1, sizeof *t);

	assert_non_null(t);
	tdb_create(t, "startlists", "nurse1");
	assert_int_equal(kc_demo_fill(t->st, &t->cfg, NOW, &t->err), KC_OK);
	assert_int_equal(kc_demo_courses(t->st, &t->cfg, NOW, &t->err), KC_OK);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	tdb_destroy(*state);
	free(*state);
	return 0;
}

/* The forms owed as kc_rems_form_list gives them equal the forms of the whole list with no
 * submission, in the same order; returns how many. */
static size_t assert_owed_equal_full(struct kc_tdb *t)
{
	struct kc_rems_form_row *owed = NULL, *all = NULL;
	size_t no = 0, na = 0, k = 0;

	assert_int_equal(kc_rems_form_list(t->st, 1, &owed, &no, &t->err), KC_OK);
	assert_int_equal(kc_rems_form_list(t->st, 0, &all, &na, &t->err), KC_OK);
	for (size_t i = 0; i < na; i++) {
		if (all[i].sub.id)
			continue;
		if (k >= no)
			fail_msg("session %lld's form is owed but not listed", all[i].session);
		assert_int_equal(owed[k].session, all[i].session);
		assert_int_equal(owed[k].sub.id, 0);
		k++;
	}
	assert_int_equal(k, no);
	free(owed);
	free(all);
	return no;
}

static kc_id first_signed_owed(struct kc_tdb *t)
{
	struct kc_rems_form_row *owed = NULL;
	size_t n = 0;
	kc_id id = 0;

	assert_int_equal(kc_rems_form_list(t->st, 1, &owed, &n, &t->err), KC_OK);
	for (size_t i = 0; i < n && !id; i++)
		if (owed[i].is_signed)
			id = owed[i].session;
	free(owed);
	if (!id)
		fail_msg("the demo has no signed esketamine session with its form owed");
	return id;
}

static long long raw_count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	long long n = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

static void owed_is_every_dosed_form_not_submitted(void **state)
{
	struct kc_tdb *t = *state;

	assert_true(assert_owed_equal_full(t) > 0);
}

/* A submission takes its form off at once; deleted behind ketchart, the form is owed again. */
static void submission_takes_it_off_deletion_puts_it_back(void **state)
{
	struct kc_tdb *t = *state;
	kc_id s = first_signed_owed(t);
	size_t before = assert_owed_equal_full(t);
	static const char *const guards[] = { "rems_submission_no_delete", NULL };
	char sql[128];
	sqlite3 *db = NULL;

	assert_int_equal(kc_chart_rems_submit(t->st, &t->cfg, s, "2027-02-05", "online", "RS-1", NOW, &t->err),
			 KC_OK);
	assert_int_equal(assert_owed_equal_full(t), before - 1);
	assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
	snprintf(sql, sizeof sql, "DELETE FROM rems_submission WHERE session_id = %lld", s);
	tdb_behind(db, guards, sql);
	sqlite3_close(db);
	assert_int_equal(assert_owed_equal_full(t), before);
}

/* A session dosed by esketamine after the migration is owed from its dose start; an
 * IV infusion never is. */
static void a_new_dose_start_is_owed(void **state)
{
	struct kc_tdb *t = *state;
	size_t before = assert_owed_equal_full(t);
	kc_id p = tdb_patient(t, "SL-1", "Owed, New", "1980-02-02", NOW);
	kc_id s = tdb_session(t, p, KC_ROUTE_ESKETAMINE, NOW);
	sqlite3 *db = NULL;
	char sql[160];

	assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM rems_owed WHERE session_id = %lld", s);
	assert_int_equal(raw_count(db, sql), 0); /* not dosed yet: no form */
	snprintf(sql, sizeof sql, "UPDATE session SET dose_start = %lld WHERE id = %lld", (long long)NOW, s);
	tdb_behind(db, (const char *const[]){ "session_audit_update", NULL }, sql);
	assert_int_equal(assert_owed_equal_full(t), before + 1);
	snprintf(sql, sizeof sql, "UPDATE session SET route = 'iv' WHERE id = %lld", s);
	tdb_behind(db, (const char *const[]){ "session_audit_update", NULL }, sql);
	sqlite3_close(db);
	assert_int_equal(assert_owed_equal_full(t), before);
}

/* How many of verify's sentences hold text. */
static size_t verify_says(struct kc_tdb *t, const char *text, size_t *problems)
{
	struct kc_verify_result *r = calloc(1, sizeof *r);
	size_t n = 0;

	assert_non_null(r);
	assert_int_equal(kc_verify(t->st, NULL, r, &t->err), KC_OK);
	for (size_t i = 0; i < r->shown; i++)
		n += strstr(r->problem[i], text) != NULL;
	*problems = r->problems;
	free(r);
	return n;
}

/* rems_owed is not audited: a row deleted outside ketchart (an owed form hidden from the
 * start screen and `rems --due`) or added (a form shown owed that is not) is a problem
 * verify names; put back, verify is as before. */
static void verify_judges_the_owed_list(void **state)
{
	struct kc_tdb *t = *state;
	kc_id s = first_signed_owed(t);
	size_t base, now;
	sqlite3 *db = NULL;
	char sql[160], says[96];

	assert_int_equal(verify_says(t, "rems_owed", &base), 0);
	assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
	snprintf(sql, sizeof sql, "DELETE FROM rems_owed WHERE session_id = %lld", s);
	tdb_exec(db, sql);
	snprintf(says, sizeof says, "session %lld's REMS form is owed but missing", s);
	assert_int_equal(verify_says(t, says, &now), 1);
	assert_int_equal(now, base + 1);
	snprintf(sql, sizeof sql, "INSERT INTO rems_owed (session_id) VALUES (%lld)", s);
	tdb_exec(db, sql);
	assert_int_equal(verify_says(t, "rems_owed", &now), 0);
	assert_int_equal(now, base);
	tdb_exec(db, "INSERT INTO rems_owed (session_id) VALUES (999999)");
	assert_int_equal(verify_says(t, "session 999999 is in the list of REMS forms owed", &now), 1);
	tdb_exec(db, "DELETE FROM rems_owed WHERE session_id = 999999");
	sqlite3_close(db);
	assert_int_equal(verify_says(t, "rems_owed", &now), 0);
	assert_int_equal(now, base);
}

/* A database made before migration 18 gets rems_owed filled from what it holds. */
static void the_migration_fills_it_from_the_history(void **state)
{
	struct kc_tdb *t = *state;
	size_t before = assert_owed_equal_full(t);
	sqlite3 *db = NULL;

	kc_store_close(t->st);
	t->st = NULL;
	assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
	tdb_exec(db, "DROP TABLE rems_owed; DROP TRIGGER rems_owed_session_insert;"
		     " DROP TRIGGER rems_owed_session_update; DROP TRIGGER rems_owed_submitted;"
		     " DROP TRIGGER rems_owed_unsubmitted; DROP INDEX patient_name; PRAGMA user_version = 17");
	sqlite3_close(db);
	tdb_open(t, "nurse1");
	assert_int_equal(kc_store_migrations_applied(t->st), KC_SCHEMA_VERSION - 17);
	assert_int_equal(assert_owed_equal_full(t), before);
}

/* Every patient, by name without regard to case, then by id: as the sorted query gave. */
static void patients_in_name_order(void **state)
{
	struct kc_tdb *t = *state;
	struct kc_patient *rows = NULL;
	struct kc_patient_line *lines = NULL;
	size_t n = 0, nl = 0;

	tdb_patient(t, "SL-2", "adams, zoe", "1970-01-01", NOW);
	tdb_patient(t, "SL-3", "Adams, Zoe", "1971-01-01", NOW);
	tdb_patient(t, "SL-4", "ADAMS, AL", "1972-01-01", NOW);
	assert_int_equal(kc_patient_find(t->st, "", &rows, &n, &t->err), KC_OK);
	assert_true(n > 3);
	for (size_t i = 1; i < n; i++) {
		int c = strcasecmp(rows[i - 1].name, rows[i].name);

		if (c > 0 || (c == 0 && rows[i - 1].id > rows[i].id))
			fail_msg("%s (%lld) listed before %s (%lld)", rows[i - 1].name, rows[i - 1].id, rows[i].name,
				 rows[i].id);
	}
	/* The start screen's lines: the same patients in the same order. */
	for (int q = 0; q < 2; q++) {
		const char *query = q ? "adams" : "";

		free(rows);
		assert_int_equal(kc_patient_find(t->st, query, &rows, &n, &t->err), KC_OK);
		assert_int_equal(kc_patient_lines(t->st, query, &lines, &nl, &t->err), KC_OK);
		assert_int_equal(nl, n);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(lines[i].id, rows[i].id);
			assert_string_equal(lines[i].name, rows[i].name);
			assert_string_equal(lines[i].chart_no, rows[i].chart_no);
			assert_string_equal(lines[i].dob, rows[i].dob);
		}
		free(lines);
	}
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].name, "ADAMS, AL");
	free(rows);
}

/* The start screen reads a page at a time (issue 10): every page of every size, the count
 * and each patient's place agree with the whole list, with a query and without; names
 * equal but for case are ordered by id, as the list orders them. */
static void pages_are_slices_of_the_list(void **state)
{
	static const char *const queries[] = { "", "a", "page", "PG-1", "zzz" };
	static const char *const names[] = { "page, bob", "Page, Ann", "PAGE, ANN" };
	struct kc_tdb *t = *state;
	char chart[16];

	for (int i = 0; i < 30; i++) {
		snprintf(chart, sizeof chart, "PG-%02d", i);
		tdb_patient(t, chart, names[i % 3], "1980-01-01", NOW);
	}
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
		struct kc_patient_line *all = NULL;
		size_t n = 0, count = 0, at = 0;

		assert_int_equal(kc_patient_lines(t->st, queries[q], &all, &n, &t->err), KC_OK);
		assert_int_equal(kc_patient_count(t->st, queries[q], &count, &t->err), KC_OK);
		assert_int_equal(count, n);
		for (size_t max = 1; max <= 8; max += 7)
			for (size_t off = 0; off <= n + 1; off++) {
				struct kc_patient_line *pg = NULL;
				size_t np = 0, want = off >= n ? 0 : n - off < max ? n - off : max;

				assert_int_equal(kc_patient_page(t->st, queries[q], off, max, &pg, &np, &t->err), KC_OK);
				assert_int_equal(np, want);
				for (size_t i = 0; i < np; i++) {
					assert_int_equal(pg[i].id, all[off + i].id);
					assert_string_equal(pg[i].name, all[off + i].name);
					assert_string_equal(pg[i].chart_no, all[off + i].chart_no);
					assert_string_equal(pg[i].dob, all[off + i].dob);
				}
				free(pg);
			}
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(kc_patient_rank(t->st, queries[q], all[i].id, &at, &t->err), KC_OK);
			assert_int_equal(at, i);
		}
		assert_int_equal(kc_patient_rank(t->st, queries[q], 999999, &at, &t->err), KC_ERR_NOTFOUND);
		free(all);
	}
	/* a patient the query does not list has no place in it */
	{
		struct kc_patient_line *all = NULL;
		size_t n = 0, at = 0;

		assert_int_equal(kc_patient_lines(t->st, "", &all, &n, &t->err), KC_OK);
		assert_true(n > 30);
		assert_int_equal(kc_patient_rank(t->st, "zzz", all[0].id, &at, &t->err), KC_ERR_NOTFOUND);
		free(all);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(owed_is_every_dosed_form_not_submitted),
		cmocka_unit_test(submission_takes_it_off_deletion_puts_it_back),
		cmocka_unit_test(a_new_dose_start_is_owed),
		cmocka_unit_test(verify_judges_the_owed_list),
		cmocka_unit_test(the_migration_fills_it_from_the_history),
		cmocka_unit_test(patients_in_name_order),
		cmocka_unit_test(pages_are_slices_of_the_list),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
