/* test_patient_dup.c — a second patient with the same name and date of birth is not made
 * without a word: kc_chart_patient_add refuses it (KC_ERR_EXISTS, naming the existing chart
 * number) unless the clinician confirmed; the name is compared trimmed and case-insensitive. */
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

#define T0 ((time_t)1700000000)

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	kc_id first;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "dup", "tester");
	f->first = tdb_patient(&f->db, "KC-1001", "Jordan Ellis", "1984-03-12", T0);
	*state = f;
	return 0;
}

static int add(struct fx *f, const char *chart_no, const char *name, const char *dob, int confirmed, kc_id *id)
{
	struct kc_patient p;

	memset(&p, 0, sizeof p);
	kc_strlcpy(p.chart_no, chart_no, sizeof p.chart_no);
	kc_strlcpy(p.name, name, sizeof p.name);
	kc_strlcpy(p.dob, dob, sizeof p.dob);
	kc_err_clear(&f->db.err);
	return kc_chart_patient_add(f->db.st, &p, confirmed, T0 + 60, id, &f->db.err);
}

static size_t patients(struct fx *f)
{
	struct kc_patient *rows = NULL;
	size_t n = 0;

	assert_int_equal(kc_patient_find(f->db.st, "", &rows, &n, &f->db.err), KC_OK);
	free(rows);
	return n;
}

static void same_name_and_dob_is_refused_naming_the_chart(void **state)
{
	struct fx *f = *state;
	kc_id id = SENTINEL;

	assert_int_equal(add(f, "KC-2001", "Jordan Ellis", "1984-03-12", 0, &id), KC_ERR_EXISTS);
	assert_string_equal(f->db.err.msg, "A patient with this name and date of birth exists (KC-1001)");
	assert_int_equal(id, SENTINEL);
	assert_int_equal(patients(f), 1);
}

static void name_compared_trimmed_and_case_insensitive(void **state)
{
	struct fx *f = *state;
	kc_id id = 0;

	assert_int_equal(add(f, "KC-2001", "  jordan ELLIS ", "1984-03-12", 0, &id), KC_ERR_EXISTS);
	assert_non_null(strstr(f->db.err.msg, "(KC-1001)"));
	assert_int_equal(patients(f), 1);
}

static void confirmed_creates_another(void **state)
{
	struct fx *f = *state;
	kc_id id = 0;
	struct kc_patient p;

	assert_int_equal(add(f, "KC-2001", "Jordan Ellis", "1984-03-12", 1, &id), KC_OK);
	assert_true(id > 0 && id != f->first);
	assert_int_equal(kc_patient_get(f->db.st, id, &p, &f->db.err), KC_OK);
	assert_string_equal(p.chart_no, "KC-2001");
	assert_int_equal(patients(f), 2);
	/* a third asks again, naming the first chart number of the two */
	assert_int_equal(add(f, "KC-3001", "Jordan Ellis", "1984-03-12", 0, &id), KC_ERR_EXISTS);
	assert_non_null(strstr(f->db.err.msg, "(KC-1001)"));
}

static void other_dob_or_name_is_not_a_duplicate(void **state)
{
	struct fx *f = *state;
	kc_id id = 0;

	assert_int_equal(add(f, "KC-2001", "Jordan Ellis", "1984-03-13", 0, &id), KC_OK);
	assert_int_equal(add(f, "KC-2002", "Jordan Ellison", "1984-03-12", 0, &id), KC_OK);
	assert_int_equal(add(f, "KC-2003", "Jordan", "1984-03-12", 0, &id), KC_OK);
	assert_int_equal(patients(f), 4);
}

static void confirmation_does_not_skip_the_other_checks(void **state)
{
	struct fx *f = *state;
	kc_id id = 0;

	/* the chart number stays unique, confirmed or not */
	assert_refused(add(f, "KC-1001", "Jordan Ellis", "1984-03-12", 1, &id), f->db.err, "already used");
	assert_int_equal(patients(f), 1);
}

static void same_compares_trimmed_case_insensitive(void **state)
{
	struct kc_patient p = { .name = " Jordan Ellis", .dob = "1984-03-12" };

	(void)state;
	assert_true(kc_chart_patient_same(&p, "JORDAN ELLIS  ", "1984-03-12"));
	assert_false(kc_chart_patient_same(&p, "Jordan  Ellis", "1984-03-12"));
	assert_false(kc_chart_patient_same(&p, "Jordan Ellis", "1984-12-03"));
	assert_false(kc_chart_patient_same(&p, "   ", "1984-03-12"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, tdb_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(same_name_and_dob_is_refused_naming_the_chart),
		T(name_compared_trimmed_and_case_insensitive),
		T(confirmed_creates_another),
		T(other_dob_or_name_is_not_a_duplicate),
		T(confirmation_does_not_skip_the_other_checks),
		cmocka_unit_test(same_compares_trimmed_case_insensitive),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
