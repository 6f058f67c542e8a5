/* test_chain_link.c — the audit chain's link (migration 22): audit_chain takes the hash of
 * the row before from kc_chain_prev, which in a batch gives the row kc_chain_link linked
 * last when it is the row before. The chain must come out exactly as the lookup in SQL
 * makes it: the same hashes with or without a batch, and whole after a rollback the C code
 * never saw (a savepoint undone behind its back), after which SQLite gives the next row
 * the id of a row that is gone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>

#include "../src/store/store_impl.h"
#include "fixture.h"
#include "kc_chart.h"
#include "kc_verify.h"

#define T0 ((time_t)1763726400)

static const char *const items[] = { "consent", "escort_name", "seizures", "aneurysm", "hepatic" };
static const char *const values[] = { "yes", "Tom Ellis", "no", "no", "no" };
#define N_ITEMS (sizeof items / sizeof items[0])

struct fx {
	struct kc_tdb db;
	kc_id patient, session;
};

static void open_training(struct fx *f, const char *tag)
{
	tdb_folder(&f->db, tag, "t.db");
	if (kc_store_open(&f->db.st, f->db.path, KC_OPEN_CREATE | KC_OPEN_TRAINING, "nurse1", &f->db.err) != KC_OK)
		fail_msg("open %s: %s", f->db.path, f->db.err.msg);
	f->patient = tdb_patient(&f->db, "C-1", "Ada Lovelace", "1980-05-17", T0);
	f->session = tdb_session(&f->db, f->patient, KC_ROUTE_IV, T0);
}

static void answer(struct fx *f, size_t i)
{
	if (kc_chart_answer(f->db.st, &f->db.cfg, f->session, items[i], values[i], "", T0 + 60 * (time_t)(i + 1),
			    &f->db.err) != KC_OK)
		fail_msg("%s: %s", items[i], f->db.err.msg);
}

static void raw(struct fx *f, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(f->db.st->db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

/* Every row's prev_hash is the hash of the row before it (zeros for the first), and the
 * whole chain verifies. */
static void assert_chain_whole(struct fx *f)
{
	sqlite3_stmt *s = NULL;
	char prev[KC_HASH_HEX] = ZERO_HASH;
	struct kc_verify_result r;
	long long n = 0;

	assert_int_equal(sqlite3_prepare_v2(f->db.st->db, "SELECT id, prev_hash, hash FROM audit ORDER BY id", -1, &s,
					    NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		assert_int_equal(sqlite3_column_int64(s, 0), ++n); /* no gap */
		assert_string_equal((const char *)sqlite3_column_text(s, 1), prev);
		kc_strlcpy(prev, (const char *)sqlite3_column_text(s, 2), sizeof prev);
	}
	sqlite3_finalize(s);
	assert_true(n > 0);
	assert_int_equal(kc_verify(f->db.st, NULL, &r, &f->db.err), KC_OK);
	assert_int_equal(r.problems, 0);
}

/* The audit as text, every column, to compare two databases. */
static char *audit_text(struct fx *f)
{
	sqlite3_stmt *s = NULL;
	size_t cap = 1 << 16, len = 0;
	char *out = calloc(1, cap);

	assert_non_null(out);
	assert_int_equal(sqlite3_prepare_v2(f->db.st->db, "SELECT id, at, who, tbl, row_id, field, old_value,"
					    " new_value, prev_hash, hash FROM audit ORDER BY id", -1, &s, NULL),
			 SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		for (int i = 0; i < 10; i++) {
			const char *v = (const char *)sqlite3_column_text(s, i);
			int n = snprintf(out + len, cap - len, "%s|", v ? v : "NULL");

			assert_true(n > 0 && (size_t)n < cap - len);
			len += (size_t)n;
		}
	}
	sqlite3_finalize(s);
	return out;
}

/* A copy of f's database, closed first so that the file holds everything, open in g. */
static void copy_of(struct fx *f, struct fx *g, const char *tag)
{
	char cmd[2 * PATH_MAX + 16];

	kc_store_close(f->db.st);
	f->db.st = NULL;
	tdb_folder(&g->db, tag, "t.db");
	snprintf(cmd, sizeof cmd, "cp '%s' '%s'", f->db.path, g->db.path);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(kc_store_open(&f->db.st, f->db.path, 0, "nurse1", &f->db.err), KC_OK);
	assert_int_equal(kc_store_open(&g->db.st, g->db.path, 0, "nurse1", &g->db.err), KC_OK);
	g->patient = f->patient;
	g->session = f->session;
}

/* The same entries on the same database, one transaction each and in a batch: the same
 * audit, hash for hash. */
static void test_a_batch_links_as_single_entries_do(void **state)
{
	struct fx one = { 0 }, batch = { 0 };
	char *a, *b;

	(void)state;
	open_training(&one, "link1");
	copy_of(&one, &batch, "link2");
	for (size_t i = 0; i < N_ITEMS; i++)
		answer(&one, i);
	assert_int_equal(kc_chart_batch_begin(batch.db.st, T0, &batch.db.err), KC_OK);
	for (size_t i = 0; i < N_ITEMS; i++)
		answer(&batch, i);
	assert_int_equal(kc_chart_batch_end(batch.db.st, KC_OK, T0 + 3600, &batch.db.err), KC_OK);
	a = audit_text(&one);
	b = audit_text(&batch);
	assert_non_null(strstr(a, "|screening_answer|5|"));
	assert_string_equal(a, b);
	free(a);
	free(b);
	assert_chain_whole(&one);
	assert_chain_whole(&batch);
	tdb_destroy(&one.db);
	tdb_destroy(&batch.db);
}

/* Rows linked in a batch, then undone by a rollback ketchart's C code did not make: the
 * next rows take the ids of the rows undone, and chain on from the row really before. */
static void test_rows_undone_behind_the_batch_are_not_linked_to(void **state)
{
	struct fx f = { 0 };

	(void)state;
	open_training(&f, "link3");
	assert_int_equal(kc_chart_batch_begin(f.db.st, T0, &f.db.err), KC_OK);
	answer(&f, 0);
	raw(&f, "SAVEPOINT behind");
	answer(&f, 1); /* linked, then gone with the savepoint */
	answer(&f, 2);
	raw(&f, "ROLLBACK TO behind; RELEASE behind");
	answer(&f, 3); /* takes the id the first row undone had */
	answer(&f, 4);
	assert_int_equal(kc_chart_batch_end(f.db.st, KC_OK, T0 + 3600, &f.db.err), KC_OK);
	assert_chain_whole(&f);
	tdb_destroy(&f.db);
}

/* A refused entry of a batch (its savepoint rolled back by the store) is not linked to. */
static void test_a_refused_entry_is_not_linked_to(void **state)
{
	struct fx f = { 0 };

	(void)state;
	open_training(&f, "link4");
	assert_int_equal(kc_chart_batch_begin(f.db.st, T0, &f.db.err), KC_OK);
	answer(&f, 0);
	assert_int_not_equal(kc_chart_sign(f.db.st, &f.db.cfg, f.session, T0 + 90, &f.db.err), KC_OK);
	answer(&f, 1);
	assert_int_equal(kc_chart_batch_end(f.db.st, KC_OK, T0 + 3600, &f.db.err), KC_OK);
	assert_chain_whole(&f);
	tdb_destroy(&f.db);
}

/* Outside a batch nothing is kept: another connection's rows, written between two of
 * this connection's entries, are chained on from. */
static void test_another_writer_between_entries(void **state)
{
	struct fx f = { 0 }, g = { 0 };

	(void)state;
	open_training(&f, "link5");
	answer(&f, 0);
	g.db = f.db;
	g.db.st = NULL;
	assert_int_equal(kc_store_open(&g.db.st, f.db.path, 0, "nurse1", &g.db.err), KC_OK);
	g.session = f.session;
	answer(&g, 1);
	answer(&f, 2);
	kc_store_close(g.db.st);
	assert_chain_whole(&f);
	tdb_destroy(&f.db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_batch_links_as_single_entries_do),
		cmocka_unit_test(test_rows_undone_behind_the_batch_are_not_linked_to),
		cmocka_unit_test(test_a_refused_entry_is_not_linked_to),
		cmocka_unit_test(test_another_writer_between_entries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
