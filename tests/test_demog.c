/* test_demog.c — a patient's demographics and REMS enrolment (issue 13, issue 12's fields):
 * what each field accepts at its boundaries (kc_pd_parse), the first recording without a
 * reason, a change that needs one and keeps the old value visible (kc_patient_fix_list),
 * the audit (verify stays clean), and the patient search by date of birth. */
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
#include "kc_demog.h"
#include "kc_verify.h"

#define T0 ((time_t)1764000000) /* 2025-11-24 */

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	kc_id patient;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "demog", "tester");
	f->patient = tdb_patient(&f->db, "KC-1001", "Jordan Ellis", "1984-03-12", T0);
	*state = f;
	return 0;
}

static const char *parsed(enum kc_pd_field fl, const char *typed)
{
	static char out[KC_PD_TEXT_MAX + 16];
	struct kc_err err;

	if (kc_pd_parse(fl, typed, "1984-03-12", T0, out, KC_PD_TEXT_MAX, &err) != KC_OK)
		snprintf(out, sizeof out, "REFUSED: %s", err.msg);
	return out;
}

static void sex_words(void **state)
{
	(void)state;
	assert_string_equal(parsed(KC_PD_SEX, " F "), "female");
	assert_string_equal(parsed(KC_PD_SEX, "male"), "male");
	assert_string_equal(parsed(KC_PD_SEX, "o"), "other");
	assert_string_equal(parsed(KC_PD_SEX, ""), "");
	assert_non_null(strstr(parsed(KC_PD_SEX, "q"), "REFUSED: Sex: type female, male or other"));
}

static void height_units_and_range(void **state)
{
	(void)state;
	assert_string_equal(parsed(KC_PD_HEIGHT, "172"), "172");
	assert_string_equal(parsed(KC_PD_HEIGHT, "172 cm"), "172");
	assert_string_equal(parsed(KC_PD_HEIGHT, "68 in"), "173");     /* 172.72 */
	assert_string_equal(parsed(KC_PD_HEIGHT, "5 ft 8 in"), "173");
	assert_string_equal(parsed(KC_PD_HEIGHT, "5'8\""), "173");
	assert_string_equal(parsed(KC_PD_HEIGHT, "50"), "50");         /* the boundaries */
	assert_string_equal(parsed(KC_PD_HEIGHT, "250"), "250");
	assert_non_null(strstr(parsed(KC_PD_HEIGHT, "49"), "49 cm is outside 50-250 cm"));
	assert_non_null(strstr(parsed(KC_PD_HEIGHT, "251"), "251 cm is outside"));
	assert_non_null(strstr(parsed(KC_PD_HEIGHT, "5 ft 13 in"), "REFUSED"));
	assert_non_null(strstr(parsed(KC_PD_HEIGHT, "tall"), "REFUSED: Height: type centimetres"));
}

static void phone_rems_and_dates(void **state)
{
	(void)state;
	assert_string_equal(parsed(KC_PD_PHONE, "+1 (555) 010-2030"), "+1 (555) 010-2030");
	assert_non_null(strstr(parsed(KC_PD_PHONE, "55"), "at least 3 digits"));
	assert_non_null(strstr(parsed(KC_PD_PHONE, "555-CALL"), "not 'C'"));
	assert_string_equal(parsed(KC_PD_REMS_ENROLLED, "Yes"), "1");
	assert_string_equal(parsed(KC_PD_REMS_ENROLLED, "n"), "0");
	assert_non_null(strstr(parsed(KC_PD_REMS_ENROLLED, "maybe"), "type yes or no"));
	assert_string_equal(parsed(KC_PD_REMS_ID, "RP-00123"), "RP-00123");
	assert_non_null(strstr(parsed(KC_PD_REMS_ID, "RP 1"), "not ' '"));
	assert_string_equal(parsed(KC_PD_ESK_FIRST, "2025-11-24"), "2025-11-24"); /* today */
	assert_non_null(strstr(parsed(KC_PD_ESK_FIRST, "2025-11-26"), "REFUSED"));  /* future */
	assert_non_null(strstr(parsed(KC_PD_ESK_FIRST, "1984-03-11"), "before the date of birth"));
	assert_non_null(strstr(parsed(KC_PD_ESK_FIRST, "2025-02-30"), "REFUSED"));
}

static void shown_with_units(void **state)
{
	char out[64];

	(void)state;
	kc_pd_show(KC_PD_HEIGHT, "172", out, sizeof out);
	assert_string_equal(out, "172 cm");
	kc_pd_show(KC_PD_REMS_ENROLLED, "0", out, sizeof out);
	assert_string_equal(out, "no");
	kc_pd_show(KC_PD_ALLERGIES, "", out, sizeof out);
	assert_string_equal(out, "-");
	assert_int_equal(kc_pd_field_of("esk_first_date"), KC_PD_ESK_FIRST);
	assert_int_equal(kc_pd_field_of("name"), -1);
}

static int set(struct fx *f, enum kc_pd_field fl, const char *typed, const char *reason)
{
	kc_err_clear(&f->db.err);
	return kc_chart_patient_detail(f->db.st, f->patient, fl, typed, reason, T0 + 60, &f->db.err);
}

static struct kc_patient get(struct fx *f)
{
	struct kc_patient p;

	assert_int_equal(kc_patient_get(f->db.st, f->patient, &p, &f->db.err), KC_OK);
	return p;
}

static void verify_clean(struct fx *f)
{
	struct kc_verify_result v;

	assert_int_equal(kc_verify(f->db.st, NULL, &v, &f->db.err), KC_OK);
	if (v.problems)
		fail_msg("verify: %s", v.problem[0]);
}

static void new_patient_has_nothing_recorded(void **state)
{
	struct fx *f = *state;
	struct kc_patient p = get(f);

	assert_string_equal(p.sex, "");
	assert_int_equal(p.height_cm, 0);
	assert_int_equal(p.rems_enrolled, -1);
	assert_string_equal(p.esk_first, "");
}

static void first_recording_needs_no_reason(void **state)
{
	struct fx *f = *state;
	struct kc_patient p;
	struct kc_patient_fix *rows = NULL;
	size_t n = 9;

	assert_int_equal(set(f, KC_PD_SEX, "f", NULL), KC_OK);
	assert_int_equal(set(f, KC_PD_HEIGHT, "5 ft 8 in", NULL), KC_OK);
	assert_int_equal(set(f, KC_PD_ALLERGIES, "penicillin (rash)", ""), KC_OK);
	assert_int_equal(set(f, KC_PD_PHONE, "555 0100", NULL), KC_OK);
	assert_int_equal(set(f, KC_PD_EMERGENCY, "Sam Ellis (partner) 555 0101", NULL), KC_OK);
	assert_int_equal(set(f, KC_PD_REMS_ENROLLED, "yes", NULL), KC_OK);
	assert_int_equal(set(f, KC_PD_REMS_ID, "RP-00123", NULL), KC_OK);
	assert_int_equal(set(f, KC_PD_ESK_FIRST, "2025-11-20", NULL), KC_OK);
	p = get(f);
	assert_string_equal(p.sex, "female");
	assert_int_equal(p.height_cm, 173);
	assert_string_equal(p.allergies, "penicillin (rash)");
	assert_string_equal(p.emergency, "Sam Ellis (partner) 555 0101");
	assert_int_equal(p.rems_enrolled, 1);
	assert_string_equal(p.rems_id, "RP-00123");
	assert_string_equal(p.esk_first, "2025-11-20");
	assert_int_equal(kc_patient_fix_list(f->db.st, f->patient, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 0); /* a first recording is no correction */
	free(rows);
	verify_clean(f);
}

static void change_needs_a_reason_and_keeps_the_old(void **state)
{
	struct fx *f = *state;
	struct kc_patient_fix *rows = NULL;
	size_t n = 0;

	assert_int_equal(set(f, KC_PD_HEIGHT, "172", NULL), KC_OK);
	assert_refused(set(f, KC_PD_HEIGHT, "182", ""), f->db.err, "Height was recorded as 172 cm: say why");
	assert_int_equal(get(f).height_cm, 172);
	assert_refused(set(f, KC_PD_HEIGHT, "172 cm", "same"), f->db.err, "nothing to change");
	assert_int_equal(set(f, KC_PD_HEIGHT, "182", "measured again"), KC_OK);
	assert_int_equal(get(f).height_cm, 182);
	assert_int_equal(set(f, KC_PD_ALLERGIES, "latex", NULL), KC_OK);
	assert_refused(set(f, KC_PD_ALLERGIES, "", NULL), f->db.err, "say why");
	assert_int_equal(set(f, KC_PD_ALLERGIES, "", "entered for the wrong patient"), KC_OK);
	assert_string_equal(get(f).allergies, "");
	assert_int_equal(kc_patient_fix_list(f->db.st, f->patient, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].field, "height_cm");
	assert_string_equal(rows[0].old_value, "172");
	assert_string_equal(rows[0].new_value, "182");
	assert_string_equal(rows[0].reason, "measured again");
	assert_string_equal(rows[0].by, "tester");
	assert_string_equal(rows[1].field, "allergies");
	assert_string_equal(rows[1].old_value, "latex");
	assert_string_equal(rows[1].new_value, "");
	free(rows);
	verify_clean(f);
}

static void a_refused_value_stores_nothing(void **state)
{
	struct fx *f = *state;

	assert_refused(set(f, KC_PD_HEIGHT, "300", NULL), f->db.err, "outside 50-250 cm");
	assert_refused(set(f, KC_PD_ESK_FIRST, "1980-01-01", NULL), f->db.err, "before the date of birth");
	assert_int_equal(get(f).height_cm, 0);
	assert_string_equal(get(f).esk_first, "");
}

static void search_by_chart_name_or_birth_date(void **state)
{
	struct fx *f = *state;
	struct kc_patient *rows = NULL;
	size_t n = 0;

	tdb_patient(&f->db, "KC-2002", "Alex Moreno", "1990-07-01", T0);
	assert_int_equal(kc_patient_find(f->db.st, "1984-03", &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].chart_no, "KC-1001");
	free(rows);
	assert_int_equal(kc_patient_find(f->db.st, "1990-07-01", &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].name, "Alex Moreno");
	free(rows);
	assert_int_equal(kc_patient_find(f->db.st, "kc-2", &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 1);
	free(rows);
	assert_int_equal(kc_patient_find(f->db.st, "moreno", &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 1);
	free(rows);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, tdb_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sex_words),
		cmocka_unit_test(height_units_and_range),
		cmocka_unit_test(phone_rems_and_dates),
		cmocka_unit_test(shown_with_units),
		T(new_patient_has_nothing_recorded),
		T(first_recording_needs_no_reason),
		T(change_needs_a_reason_and_keeps_the_old),
		T(a_refused_value_stores_nothing),
		T(search_by_chart_name_or_birth_date),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
