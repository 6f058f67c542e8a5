/* test_drafts.c — drafts (kc_draft.h): what was typed when the program was ended under a
 * clinician is kept for that clinician, session and form only, read back once, and is no
 * clinical record: no audit row, and verify finds nothing wrong with a database holding
 * drafts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "kc_chart.h"
#include "kc_draft.h"
#include "kc_verify.h"

#define T0 ((time_t)1763726400)
#define VITALS "0\tBP (e.g. 142/91)\t142/91\n1\tHeart rate /min\t88\n"

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees it */
	kc_id session;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "drafts", "nurse1");
	f->session = tdb_session(&f->db, tdb_patient(&f->db, "KC-1", "Doe, Jane", "1980-01-02", T0),
				 KC_ROUTE_IV, T0);
	*state = f;
	return 0;
}

static long long rows(struct kc_store *st, const char *table)
{
	struct kc_err err;
	long long n = -1;

	assert_int_equal(kc_store_count(st, table, &n, &err), KC_OK);
	return n;
}

static void kept_and_taken_back_once(void **state)
{
	struct fx *f = *state;
	char fields[KC_DRAFT_MAX];
	struct kc_err err;
	long long audit = rows(f->db.st, "audit");
	time_t at;

	assert_int_equal(kc_chart_draft_keep(f->db.st, f->session, "Vitals reading", VITALS, T0 + 60, &err), KC_OK);
	assert_int_equal(rows(f->db.st, "drafts"), 1);
	assert_int_equal(rows(f->db.st, "audit"), audit); /* not a clinical record: no audit */
	/* another form, another session: not that draft */
	assert_int_equal(kc_chart_draft_take(f->db.st, f->session, "New patient", fields, sizeof fields, &at, &err),
			 KC_ERR_NOTFOUND);
	assert_int_equal(kc_chart_draft_take(f->db.st, f->session + 1, "Vitals reading", fields, sizeof fields,
					     &at, &err), KC_ERR_NOTFOUND);
	assert_int_equal(kc_chart_draft_take(f->db.st, f->session, "Vitals reading", fields, sizeof fields, &at, &err),
			 KC_OK);
	assert_string_equal(fields, VITALS);
	assert_int_equal(at, T0 + 60);
	/* read back once: the form holds it again */
	assert_int_equal(rows(f->db.st, "drafts"), 0);
	assert_int_equal(kc_chart_draft_take(f->db.st, f->session, "Vitals reading", fields, sizeof fields, &at, &err),
			 KC_ERR_NOTFOUND);
	assert_string_equal(fields, "");
}

static void a_newer_draft_replaces_the_older(void **state)
{
	struct fx *f = *state;
	char fields[KC_DRAFT_MAX];
	struct kc_err err;
	time_t at;

	assert_int_equal(kc_chart_draft_keep(f->db.st, 0, "New patient", "0\tChart number\tKC-9\n", T0, &err), KC_OK);
	assert_int_equal(kc_chart_draft_keep(f->db.st, 0, "New patient", "0\tChart number\tKC-10\n", T0 + 5, &err),
			 KC_OK);
	assert_int_equal(rows(f->db.st, "drafts"), 1);
	assert_int_equal(kc_chart_draft_take(f->db.st, 0, "New patient", fields, sizeof fields, &at, &err), KC_OK);
	assert_string_equal(fields, "0\tChart number\tKC-10\n");
	assert_int_equal(at, T0 + 5);
}

static void only_the_clinician_who_typed_it_gets_it(void **state)
{
	struct fx *f = *state;
	struct kc_store *other = NULL;
	char fields[KC_DRAFT_MAX];
	struct kc_err err;
	time_t at;

	assert_int_equal(kc_clinician_upsert(f->db.st, "nurse2", "Nurse Two", KC_ROLE_NURSE, T0, &err), KC_OK);
	assert_int_equal(kc_chart_draft_keep(f->db.st, f->session, "Vitals reading", VITALS, T0, &err), KC_OK);
	assert_int_equal(kc_store_open(&other, f->db.path, KC_OPEN_EXISTING, "nurse2", &err), KC_OK);
	assert_int_equal(kc_chart_draft_take(other, f->session, "Vitals reading", fields, sizeof fields, &at, &err),
			 KC_ERR_NOTFOUND);
	assert_int_equal(kc_chart_draft_keep(other, f->session, "Vitals reading", "1\tHeart rate /min\t90\n", T0,
					     &err), KC_OK);
	assert_int_equal(rows(f->db.st, "drafts"), 2);
	assert_int_equal(kc_chart_draft_take(other, f->session, "Vitals reading", fields, sizeof fields, &at, &err),
			 KC_OK);
	assert_string_equal(fields, "1\tHeart rate /min\t90\n");
	kc_store_close(other);
	assert_int_equal(kc_chart_draft_take(f->db.st, f->session, "Vitals reading", fields, sizeof fields, &at,
					     &err), KC_OK);
	assert_string_equal(fields, VITALS);
}

static void refused_when_empty_too_long_or_not_a_clinician(void **state)
{
	struct fx *f = *state;
	struct kc_store *stranger = NULL;
	static char big[KC_DRAFT_MAX + 8];
	struct kc_err err;

	assert_int_equal(kc_chart_draft_keep(f->db.st, f->session, "Vitals reading", "", T0, &err), KC_ERR_INVALID);
	memset(big, 'x', sizeof big - 1);
	assert_int_equal(kc_chart_draft_keep(f->db.st, f->session, "Vitals reading", big, T0, &err), KC_ERR_INVALID);
	assert_int_equal(kc_store_open(&stranger, f->db.path, KC_OPEN_EXISTING, "mallory", &err), KC_OK);
	assert_int_equal(kc_chart_draft_keep(stranger, f->session, "Vitals reading", VITALS, T0, &err), KC_ERR_DENIED);
	kc_store_close(stranger);
	assert_int_equal(rows(f->db.st, "drafts"), 0);
}

static void verify_passes_with_drafts_kept(void **state)
{
	struct fx *f = *state;
	struct kc_verify_result r;
	struct kc_err err;

	assert_int_equal(kc_chart_draft_keep(f->db.st, f->session, "Vitals reading", VITALS, T0, &err), KC_OK);
	assert_int_equal(kc_chart_draft_keep(f->db.st, 0, "New patient", "0\tName\tDoe\n", T0, &err), KC_OK);
	memset(&r, 0, sizeof r);
	assert_int_equal(kc_verify(f->db.st, NULL, &r, &err), KC_OK);
	assert_int_equal(r.breaks, 0);
	assert_int_equal(r.row_problems, 0);
	assert_int_equal(r.schema_problems, 0);
	assert_int_equal(r.act_problems, 0);
	assert_int_equal(r.type_problems, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(kept_and_taken_back_once, setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(a_newer_draft_replaces_the_older, setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(only_the_clinician_who_typed_it_gets_it, setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(refused_when_empty_too_long_or_not_a_clinician, setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(verify_passes_with_drafts_kept, setup, tdb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
