/* test_export_memory.c — the CSV export's memory does not grow with the history (issue 10):
 * it sorts nothing of the whole record (SQLite's sorter held every session's key: the walk
 * of every session is in time order from two reads by id, the sessions out of place
 * merged in), it lists nothing of the whole record (the weights outside any session, the
 * patients of the sessions table, are streamed), and its page cache is small while it
 * reads and as before after. The output itself is the same: the export's own tests
 * (test_export*.c and the export scripts of tests/cli) keep it. */
#define _GNU_SOURCE /* fopencookie */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/store/store_impl.h"
#include "fixture.h"
#include "kc_report.h"

#define T0 ((time_t)1924992000) /* 2031-01-01 00:00 UTC */
#define MIN 60
#define DAY 86400

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	kc_id p[3];
};

/* Three patients; sessions whose ids are not in time order (a workstation's clock behind:
 * made later, stamped earlier), ties of one stamp among them; weights outside any
 * session. */
static int setup(void **state)
{
	static const int at_min[] = { 100, 0, 10, 5, 10, 3, 200, 5, 150, 150, 1, 300 };
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "exportmem", "tester");
	f->p[0] = tdb_patient(&f->db, "M-1", "Zed Late", "1970-01-01", T0 - DAY);
	f->p[1] = tdb_patient(&f->db, "M-2", "Amy Early", "1971-02-02", T0 - DAY);
	f->p[2] = tdb_patient(&f->db, "M-3", "Kim Middle", "1972-03-03", T0 - DAY);
	for (size_t i = 0; i < sizeof at_min / sizeof at_min[0]; i++)
		(void)tdb_session(&f->db, f->p[i % 3], KC_ROUTE_IV, T0 + at_min[i] * MIN);
	for (int i = 0; i < 3; i++)
		assert_int_equal(kc_weight_add(f->db.st, f->p[2 - i], 0, 70 + i, T0 - DAY + i * MIN, T0 - DAY + i * MIN,
					       &f->db.err), KC_OK);
	*state = f;
	return 0;
}

/* The sessions oldest first as SQLite sorts them (what the walk gave before). */
static size_t sorted_sessions(struct fx *f, kc_id *ids, size_t max)
{
	sqlite3_stmt *s = NULL;
	size_t n = 0;

	assert_int_equal(sqlite3_prepare_v2(f->db.st->db, "SELECT id FROM session ORDER BY created_at, id", -1, &s,
					    NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW && n < max)
		ids[n++] = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* The walk of every session, in time order, twice over (a second walk starts again). */
static void walk_is_oldest_first_with_sessions_out_of_place(void **state)
{
	struct fx *f = *state;
	struct kc_changes *c = NULL;
	kc_id want[32], id;
	size_t n = sorted_sessions(f, want, 32);

	assert_int_equal(n, 12);
	assert_true(want[0] != 1); /* the setup's point: id order is not time order */
	assert_int_equal(kc_store_snapshot_begin(f->db.st, &f->db.err), KC_OK);
	assert_int_equal(kc_changes_open(f->db.st, 0, 0, &c, &f->db.err), KC_OK);
	assert_true(kc_changes_all(c));
	for (int walk = 0; walk < 2; walk++) {
		size_t got = 0;
		int rc;

		while ((rc = kc_changes_next_session(f->db.st, c, &id, &f->db.err)) == KC_OK) {
			assert_true(got < n);
			assert_int_equal(id, want[got]);
			got++;
		}
		assert_int_equal(rc, KC_ERR_NOTFOUND);
		assert_int_equal(got, n);
	}
	kc_changes_close(c);
	assert_int_equal(kc_store_snapshot_end(f->db.st, KC_OK, &f->db.err), KC_OK);
}

/* A database whose first session is its latest: every other one is out of place. */
static void walk_when_the_first_session_is_the_latest(void **state)
{
	struct fx *f = *state;
	struct kc_changes *c = NULL;
	kc_id want[32], id;
	size_t n, got = 0;

	for (int i = 0; i < 5; i++)
		(void)tdb_session(&f->db, f->p[0], KC_ROUTE_IV, T0 - (i + 1) * DAY);
	n = sorted_sessions(f, want, 32);
	assert_int_equal(kc_store_snapshot_begin(f->db.st, &f->db.err), KC_OK);
	assert_int_equal(kc_changes_open(f->db.st, 0, 0, &c, &f->db.err), KC_OK);
	while (kc_changes_next_session(f->db.st, c, &id, &f->db.err) == KC_OK) {
		assert_true(got < n);
		assert_int_equal(id, want[got]);
		got++;
	}
	assert_int_equal(got, n);
	kc_changes_close(c);
	assert_int_equal(kc_store_snapshot_end(f->db.st, KC_OK, &f->db.err), KC_OK);
}

/* The plan lines of one statement after another (kc_store_plans gives a statement's lines
 * together): a statement that reads a whole table (SCAN) and sorts (a temporary B-tree)
 * sorts the history. Sorts of one session's or one patient's rows (SEARCH) are the size
 * of a session or a course, not of the history. */
struct sorts {
	const char *sql;
	int scan, sort;
	int bad, quiet;
};

static void settle(struct sorts *s)
{
	if (s->sql && s->scan && s->sort) {
		if (!s->quiet)
			print_error("sorts a whole table: %s\n", s->sql);
		s->bad++;
	}
	s->scan = s->sort = 0;
}

static void judge(void *ctx, const char *sql, const char *line)
{
	struct sorts *s = ctx;

	if (sql != s->sql) {
		settle(s);
		s->sql = sql;
	}
	s->scan |= strncmp(line, "SCAN ", 5) == 0 && !strstr(line, "CONSTANT ROW");
	s->sort |= strstr(line, "TEMP B-TREE") != NULL;
}

/* Every CSV table exported on a fresh connection: no statement it ran sorts a whole table. */
static void csv_export_sorts_no_whole_table(void **state)
{
	static const char *const tables[] = { "vitals", "observations", "doses", "scores", "acks", "sessions" };
	static const char old_walk[] = "SELECT id FROM session ORDER BY created_at, id";
	struct fx *f = *state;
	struct sorts s = { 0 };
	FILE *out = fopen("/dev/null", "w");

	assert_non_null(out);
	kc_store_close(f->db.st);
	tdb_open(&f->db, "tester");
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		struct kc_export_opts o = { .table = tables[i], .cfg = &f->db.cfg };

		if (kc_export_csv(f->db.st, &o, out, &f->db.err) != KC_OK)
			fail_msg("export %s: %s", tables[i], f->db.err.msg);
	}
	fclose(out);
	assert_int_equal(kc_store_plans(f->db.st, judge, &s, &f->db.err), KC_OK);
	settle(&s);
	assert_int_equal(s.bad, 0);
	/* the judge itself: the walk's old statement is caught, a session's own sort is not */
	s = (struct sorts){ .quiet = 1 };
	judge(&s, old_walk, "SCAN session");
	judge(&s, old_walk, "USE TEMP B-TREE FOR ORDER BY");
	judge(&s, "one session's", "SEARCH addendum USING INDEX addendum_session (session_id=?)");
	judge(&s, "one session's", "USE TEMP B-TREE FOR ORDER BY");
	settle(&s);
	assert_int_equal(s.bad, 1);
}

static int cache_size(struct fx *f)
{
	sqlite3_stmt *s = NULL;
	int v;

	assert_int_equal(sqlite3_prepare_v2(f->db.st->db, "PRAGMA cache_size", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* An output (unbuffered) that notes the page cache's size at its first write: what the
 * export reads through. */
struct seen {
	struct fx *f;
	int cache;
};

static ssize_t note_cache(void *ctx, const char *buf, size_t n)
{
	struct seen *w = ctx;

	(void)buf;
	if (!w->cache)
		w->cache = cache_size(w->f);
	return (ssize_t)n;
}

/* export (kc_export_csv or kc_export_fhir) writes while the cache is the stream's small one,
 * and leaves the connection's as it was. */
static void through_small_cache(struct fx *f, int (*export)(struct kc_store *, struct kc_export_opts *, FILE *,
							     struct kc_err *))
{
	struct kc_export_opts o = { 0 };
	struct seen w = { f, 0 };
	FILE *out = fopencookie(&w, "w", (cookie_io_functions_t){ .write = note_cache });
	int was = cache_size(f);

	assert_non_null(out);
	assert_int_equal(setvbuf(out, NULL, _IONBF, 0), 0);
	assert_true(was != -KC_STREAM_CACHE_KIB);
	assert_int_equal(export(f->db.st, &o, out, &f->db.err), KC_OK);
	assert_int_equal(w.cache, -KC_STREAM_CACHE_KIB);
	assert_int_equal(cache_size(f), was);
	fclose(out);
}

/* The export reads through a small page cache, and leaves the connection's as it was. */
static void csv_export_reads_through_a_small_cache(void **state)
{
	struct fx *f = *state;
	int was = cache_size(f);

	assert_int_equal(kc_store_stream_cache(f->db.st, 1, &f->db.err), KC_OK);
	assert_int_equal(cache_size(f), -KC_STREAM_CACHE_KIB);
	assert_int_equal(kc_store_stream_cache(f->db.st, 0, &f->db.err), KC_OK);
	assert_int_equal(cache_size(f), was);
	through_small_cache(f, kc_export_csv);
}

/* The FHIR export too: the walk patient by patient reads a page again only long after
 * any cache of a few megabytes let it go (issue 10). */
static void fhir_export_reads_through_a_small_cache(void **state)
{
	through_small_cache(*state, kc_export_fhir);
}

struct weights {
	struct kc_weight_row rows[8];
	size_t n, stop_at;
};

static int keep_weight(void *ctx, const struct kc_weight_row *w, struct kc_err *err)
{
	struct weights *k = ctx;

	if (k->n == k->stop_at)
		return kc_fail(err, KC_ERR_INVALID, "stopped");
	assert_true(k->n < 8);
	k->rows[k->n++] = *w;
	return KC_OK;
}

/* kc_weight_each: kc_weight_list's rows in its order, one at a time; fn's refusal stops it. */
static void weight_each_is_the_list_streamed(void **state)
{
	struct fx *f = *state;
	struct kc_weight_row *list = NULL;
	struct weights k = { .stop_at = 99 };
	size_t n = 0;

	assert_int_equal(kc_weight_list(f->db.st, 0, &list, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 3);
	assert_int_equal(kc_weight_each(f->db.st, 0, keep_weight, &k, &f->db.err), KC_OK);
	assert_int_equal(k.n, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(k.rows[i].id, list[i].id);
		assert_int_equal(k.rows[i].patient_id, list[i].patient_id);
		assert_true(k.rows[i].kg == list[i].kg);
	}
	free(list);
	k = (struct weights){ .stop_at = 1 };
	assert_int_equal(kc_weight_each(f->db.st, 0, keep_weight, &k, &f->db.err), KC_ERR_INVALID);
	assert_int_equal(k.n, 1);
	/* the statement was reset: a second walk gives every row again */
	k = (struct weights){ .stop_at = 99 };
	assert_int_equal(kc_weight_each(f->db.st, 0, keep_weight, &k, &f->db.err), KC_OK);
	assert_int_equal(k.n, 3);
}

struct ids {
	kc_id id[8];
	size_t n;
};

static int keep_id(void *ctx, kc_id id, struct kc_err *err)
{
	struct ids *k = ctx;

	(void)err;
	assert_true(k->n < 8);
	k->id[k->n++] = id;
	return KC_OK;
}

/* kc_patient_each: kc_patient_find's patients (by name), their ids only. */
static void patient_each_is_find_streamed(void **state)
{
	struct fx *f = *state;
	struct kc_patient *pts = NULL;
	struct ids k = { .n = 0 };
	size_t n = 0;

	assert_int_equal(kc_patient_find(f->db.st, "", &pts, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 3);
	assert_int_equal(kc_patient_each(f->db.st, keep_id, &k, &f->db.err), KC_OK);
	assert_int_equal(k.n, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(k.id[i], pts[i].id);
	assert_int_equal(k.id[0], f->p[1]); /* Amy first: by name, not by id */
	free(pts);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, tdb_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(walk_is_oldest_first_with_sessions_out_of_place),
		T(walk_when_the_first_session_is_the_latest),
		T(csv_export_sorts_no_whole_table),
		T(csv_export_reads_through_a_small_cache),
		T(fhir_export_reads_through_a_small_cache),
		T(weight_each_is_the_list_streamed),
		T(patient_each_is_find_streamed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
