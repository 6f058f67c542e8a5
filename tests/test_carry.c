/* test_carry.c — values carried into a vitals round (kc_vitals_entry.carried): the one
 * charting path accepts a carried measure only when it is the reading before's value and
 * one that may be carried (never BP, temperature or a value that raised an alert), and the
 * record keeps which values were carried, so a carried value is never read as measured. */
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
#include "kc_entry.h"
#include "kc_wording.h"

#define T0 ((time_t)1763726400)

struct fx {
	struct kc_tdb db;
	kc_id patient, session;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "carry", "nurse1");
	f->patient = tdb_patient(&f->db, "C-1", "Ada Lovelace", "1980-05-17", T0);
	f->session = tdb_session(&f->db, f->patient, KC_ROUTE_IV, T0);
	*state = f;
	return 0;
}

static int reading(struct fx *f, time_t at, const char *bp, const char *hr, const char *spo2, unsigned carried,
		   kc_id *id)
{
	struct kc_vitals_entry e = { .taken = at, .baseline = 1, .carried = carried };
	struct kc_vitals_result res = { 0 };
	int rc;

	e.text = (struct kc_vitals_text){ bp, hr, spo2, "14", "", "5" };
	rc = kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, at + 10, &res, &f->db.err);
	if (id)
		*id = res.id;
	return rc;
}

static void test_carried_kept_in_record(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_row r;
	char words[128];
	kc_id id;

	assert_int_equal(reading(f, T0 + 60, "130/80", "84", "97", 0, &id), KC_OK);
	assert_int_equal(kc_vitals_get(f->db.st, id, &r, &f->db.err), KC_OK);
	assert_int_equal(r.carried, 0);
	assert_int_equal(reading(f, T0 + 600, "128/78", "84", "97", KC_CARRY_HR | KC_CARRY_SPO2, &id), KC_OK);
	assert_int_equal(kc_vitals_get(f->db.st, id, &r, &f->db.err), KC_OK);
	assert_int_equal(r.carried, KC_CARRY_HR | KC_CARRY_SPO2);
	kc_word_carried(r.carried, words, sizeof words);
	assert_string_equal(words, "HR SpO2 carried from the reading before, saved unchanged");
}

static void test_carried_must_match(void **state)
{
	struct fx *f = *state;

	assert_int_equal(reading(f, T0 + 60, "130/80", "84", "97", 0, NULL), KC_OK);
	assert_refused(reading(f, T0 + 600, "128/78", "90", "97", KC_CARRY_HR, NULL), f->db.err,
		       "heart rate 90 is marked carried, but the reading before shows 84");
	/* nothing stored by the refused entry */
	struct kc_vitals_row *rows = NULL;
	size_t n = 0;
	assert_int_equal(kc_vitals_list(f->db.st, f->session, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 1);
	free(rows);
}

static void test_nothing_to_carry_from(void **state)
{
	struct fx *f = *state;

	assert_refused(reading(f, T0 + 60, "130/80", "84", "97", KC_CARRY_HR, NULL), f->db.err,
		       "no earlier reading");
	assert_refused(reading(f, T0 + 60, "130/80", "84", "97", 1u << 6, NULL), f->db.err,
		       "only HR, SpO2, RR and MOAA/S");
}

/* A value that raised an alert must be measured again (clinical-reference.md §4). */
static void test_flagged_value_not_carried(void **state)
{
	struct fx *f = *state;

	assert_int_equal(reading(f, T0 + 60, "130/80", "84", "88", 0, NULL), KC_OK);
	assert_refused(reading(f, T0 + 600, "128/78", "84", "88", KC_CARRY_SPO2, NULL), f->db.err,
		       "SpO2 of the reading before cannot be carried");
	assert_int_equal(reading(f, T0 + 600, "128/78", "84", "88", KC_CARRY_HR, NULL), KC_OK);
}

static void test_keys_round_trip(void **state)
{
	char keys[64];
	unsigned m = 0;

	(void)state;
	kc_carry_keys(KC_CARRY_ALL, keys, sizeof keys);
	assert_string_equal(keys, "heart_rate spo2 resp_rate moaas");
	assert_int_equal(kc_carry_from_keys(keys, &m), KC_OK);
	assert_int_equal(m, KC_CARRY_ALL);
	assert_int_equal(kc_carry_from_keys(NULL, &m), KC_OK);
	assert_int_equal(m, 0);
	assert_int_not_equal(kc_carry_from_keys("heart_rate systolic", &m), KC_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_carried_kept_in_record, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_carried_must_match, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_nothing_to_carry_from, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_flagged_value_not_carried, fx_setup, tdb_teardown),
		cmocka_unit_test(test_keys_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
