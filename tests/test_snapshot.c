/* test_snapshot.c — kc_store_snapshot_begin/end: many reads that see one moment while
 * another connection saves (an export, a backup with its verify), and no write inside. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "kc_verify.h"

#define NOW ((time_t)1763726400)
#define ACTOR "nurse1"

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	struct kc_store *other;
	kc_id session;
};

static void add_vitals(struct kc_store *st, kc_id session, int k)
{
	struct kc_vitals_row r;
	struct kc_err err;

	memset(&r, 0, sizeof r);
	r.session_id = session;
	r.taken_at = NOW + k * 60;
	r.status = KC_VITALS_TAKEN;
	r.v = (struct kc_vitals){ 120, 80, 72, 98, 14, KC_NONE, 5 };
	assert_int_equal(kc_vitals_add(st, &r, r.taken_at, &err), KC_OK);
}

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "snap", ACTOR);
	f->session = tdb_session(&f->db, tdb_patient(&f->db, "C-1", "Ada Lovelace", "1980-05-17", NOW),
				 KC_ROUTE_IV, NOW);
	add_vitals(f->db.st, f->session, 1);
	assert_int_equal(kc_store_open(&f->other, f->db.path, KC_OPEN_EXISTING, ACTOR, &f->db.err), KC_OK);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	kc_store_close(f->other);
	return tdb_teardown(state);
}

static long long count(struct kc_store *st, const char *table)
{
	long long n = -1;
	struct kc_err err;

	assert_int_equal(kc_store_count(st, table, &n, &err), KC_OK);
	return n;
}

static void test_reads_in_a_snapshot_see_one_moment(void **state)
{
	struct fx *f = *state;
	struct kc_anchor a, b;

	assert_int_equal(kc_store_snapshot_begin(f->db.st, &f->db.err), KC_OK);
	assert_int_equal(kc_store_head(f->db.st, &a, &f->db.err), KC_OK);
	assert_int_equal(count(f->db.st, "vitals"), 1);
	add_vitals(f->other, f->session, 2); /* another clinician saves meanwhile */
	assert_int_equal(count(f->db.st, "vitals"), 1);
	assert_int_equal(kc_store_head(f->db.st, &b, &f->db.err), KC_OK);
	assert_int_equal(a.rows, b.rows);
	assert_string_equal(a.hash, b.hash);
	assert_int_equal(kc_store_snapshot_end(f->db.st, KC_OK, &f->db.err), KC_OK);
	assert_int_equal(count(f->db.st, "vitals"), 2); /* after it: the save is seen */
}

static void test_a_verify_inside_a_snapshot_nests(void **state)
{
	struct fx *f = *state;
	struct kc_verify_result *r = malloc(sizeof *r);
	struct kc_verify_opts o = { .no_anchor = 1, .no_integrity = 1 };

	assert_non_null(r);
	assert_int_equal(kc_store_snapshot_begin(f->db.st, &f->db.err), KC_OK);
	add_vitals(f->other, f->session, 2);
	assert_int_equal(kc_verify_with(f->db.st, &o, r, &f->db.err), KC_OK);
	assert_int_equal(r->problems, 0);
	assert_int_equal(r->audit_rows, count(f->db.st, "audit")); /* the snapshot's audit */
	assert_int_equal(kc_store_snapshot_end(f->db.st, KC_OK, &f->db.err), KC_OK);
	assert_true(count(f->db.st, "audit") > r->audit_rows);
	free(r);
}

static void test_no_write_and_no_second_snapshot_inside_one(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_row r;

	assert_int_equal(kc_store_snapshot_begin(f->db.st, &f->db.err), KC_OK);
	assert_int_equal(kc_store_snapshot_begin(f->db.st, &f->db.err), KC_ERR_INVALID);
	memset(&r, 0, sizeof r);
	r.session_id = f->session;
	r.taken_at = NOW + 300;
	r.status = KC_VITALS_TAKEN;
	r.v = (struct kc_vitals){ 120, 80, 72, 98, 14, KC_NONE, 5 };
	assert_int_not_equal(kc_vitals_add(f->db.st, &r, r.taken_at, &f->db.err), KC_OK);
	assert_int_equal(kc_store_snapshot_end(f->db.st, KC_OK, &f->db.err), KC_OK);
	assert_int_equal(kc_store_snapshot_end(f->db.st, KC_OK, &f->db.err), KC_ERR_INVALID);
	assert_int_equal(count(f->db.st, "vitals"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reads_in_a_snapshot_see_one_moment, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_a_verify_inside_a_snapshot_nests, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_no_write_and_no_second_snapshot_inside_one, fx_setup,
						fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
