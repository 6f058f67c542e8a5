/* test_course_dose.c — the dose history across all of a patient's sessions
 * (kc_course_escalations): an escalation is a dose above the last dose by the same route
 * (mg/kg for IV, mg for esketamine), not above a session of the other route; a session
 * without a dose neither escalates nor resets; a rounding step is not an escalation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "kc_course.h"

static struct kc_course_row row(enum kc_route route, double mg, double mg_per_kg)
{
	struct kc_course_row r;

	memset(&r, 0, sizeof r);
	r.route = route;
	r.mg = mg;
	r.mg_per_kg = mg_per_kg;
	r.escalation = -1;
	return r;
}

static void escalations_by_route(void **state)
{
	struct kc_course_row r[] = {
		row(KC_ROUTE_IV, 35.0, 0.50),
		row(KC_ROUTE_ESKETAMINE, 56, 0),   /* the first esketamine: nothing before it */
		row(KC_ROUTE_IV, 42.0, 0.60),      /* above the IV 0.50 */
		row(KC_ROUTE_ESKETAMINE, 84, 0),   /* above the esketamine 56 */
		row(KC_ROUTE_IV, 0, 0),            /* aborted: no dose */
		row(KC_ROUTE_IV, 42.0, 0.60),      /* the same as the last IV dose */
		row(KC_ROUTE_ESKETAMINE, 56, 0),   /* lower */
		row(KC_ROUTE_ESKETAMINE, 84, 0),   /* above the last (56) again */
	};

	(void)state;
	kc_course_escalations(r, sizeof r / sizeof r[0]);
	assert_int_equal(r[0].escalation, 0);
	assert_int_equal(r[1].escalation, 0);
	assert_int_equal(r[2].escalation, 1);
	assert_int_equal(r[3].escalation, 1);
	assert_int_equal(r[4].escalation, 0);
	assert_int_equal(r[5].escalation, 0);
	assert_int_equal(r[6].escalation, 0);
	assert_int_equal(r[7].escalation, 1);
}

static void escalation_boundary(void **state)
{
	struct kc_course_row r[] = {
		row(KC_ROUTE_IV, 35.0, 0.500),
		row(KC_ROUTE_IV, 35.3, 0.504),     /* shown as 0.50 either way */
		row(KC_ROUTE_IV, 36.0, 0.515),     /* 0.011 above 0.504: shown 0.52 */
	};

	(void)state;
	kc_course_escalations(r, 3);
	assert_int_equal(r[1].escalation, 0);
	assert_int_equal(r[2].escalation, 1);
	assert_float_equal(kc_course_dose(&r[2]), 0.515, 1e-9);
	r[0] = row(KC_ROUTE_ESKETAMINE, 56, 0);
	assert_float_equal(kc_course_dose(&r[0]), 56, 1e-9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escalations_by_route),
		cmocka_unit_test(escalation_boundary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
