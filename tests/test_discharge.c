/* test_discharge.c — discharge readiness: each criterion met and unmet. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "kc_clinical.h"

#define MIN 60
static const time_t END = 1700000000; /* infusion end / first device */

/* An IV patient who meets every criterion. */
static struct kc_discharge_input ready_input(enum kc_route route)
{
	struct kc_discharge_input in = {
		.route = route,
		.obs_anchor = END,
		.has_aldrete = 1,
		.aldrete = { 2, 2, 2, 2, 2 },
		.moaas = 5,
		.systolic = 132,
		.diastolic = 84,
		.baseline_systolic = 128,
		.baseline_diastolic = 80,
		.cadss = 1,
		.cadss_baseline = 0,
		.nausea = 1,
		.gait_steady = 1,
		.new_high_risk = 0,
		.assessed = 1,
		.escort_present = 1,
		.instructions_given = 1,
	};

	return in;
}

static struct kc_discharge_result check(const struct kc_discharge_input *in, time_t now)
{
	struct kc_config cfg;
	struct kc_discharge_result r;

	struct kc_discharge_input x = *in;

	kc_config_defaults(&cfg); /* clinical-reference.md defaults */
	memset(&r, 0x5a, sizeof r);
	if (!x.last_reading) /* a reading just taken, unless the test says otherwise */
		x.last_reading = now;
	kc_discharge_check(&x, &cfg, now, &r);
	return r;
}

/* Only criterion c is unmet, its why is exactly why, and the patient is not ready. */
static void only_unmet(const struct kc_discharge_input *in, time_t now, enum kc_dc_criterion c,
		       const char *why)
{
	struct kc_discharge_result r = check(in, now);

	assert_false(r.ready);
	for (int i = 0; i < KC_DC_COUNT; i++)
		assert_int_equal(r.c[i].met, i != (int)c);
	assert_string_equal(r.c[c].why, why);
}

static const char *why_met(const struct kc_discharge_input *in, time_t now, enum kc_dc_criterion c)
{
	static struct kc_discharge_result r;

	r = check(in, now);
	assert_true(r.ready);
	assert_true(r.c[c].met);
	return r.c[c].why;
}

static void test_all_criteria_met_is_ready(void **state)
{
	struct kc_discharge_input in = ready_input(KC_ROUTE_IV);
	struct kc_discharge_result r = check(&in, END + 45 * MIN);

	(void)state;
	assert_true(r.ready);
	assert_int_equal(r.earliest, END + 30 * MIN);
	assert_int_equal(r.aldrete_total, 10);
	for (int i = 0; i < KC_DC_COUNT; i++) {
		assert_true(r.c[i].met);
		assert_non_null(r.c[i].name);
		assert_true(strlen(r.c[i].why) > 0);
	}
	assert_string_equal(r.c[KC_DC_OBSERVATION].why, "observed 45 of 30 min");
	assert_string_equal(r.c[KC_DC_MOAAS].why, "MOAA/S 5");
	assert_string_equal(r.c[KC_DC_GAIT].why, "steady");
}

static void test_iv_observation_minimum_boundary(void **state)
{
	struct kc_discharge_input in = ready_input(KC_ROUTE_IV);
	struct kc_discharge_result r;

	(void)state;
	only_unmet(&in, END + 30 * MIN - 1, KC_DC_OBSERVATION,
		   "observed 29 of 30 min, 1 min to go");
	only_unmet(&in, END + 25 * MIN, KC_DC_OBSERVATION, "observed 25 of 30 min, 5 min to go");
	assert_string_equal(why_met(&in, END + 30 * MIN, KC_DC_OBSERVATION),
			    "observed 30 of 30 min");
	r = check(&in, END + 10 * MIN);
	assert_int_equal(r.earliest, END + 30 * MIN);
	in.route = KC_ROUTE_IM; /* IM follows the IV protocol's minimum */
	assert_int_equal(check(&in, END).earliest, END + 30 * MIN);
	assert_true(check(&in, END + 30 * MIN).ready);
}

static void test_esketamine_observes_120_min_from_first_device(void **state)
{
	struct kc_discharge_input in = ready_input(KC_ROUTE_ESKETAMINE);

	(void)state;
	assert_int_equal(check(&in, END).earliest, END + 120 * MIN);
	only_unmet(&in, END + 119 * MIN, KC_DC_OBSERVATION, "observed 119 of 120 min, 1 min to go");
	only_unmet(&in, END + 30 * MIN, KC_DC_OBSERVATION, "observed 30 of 120 min, 90 min to go");
	assert_string_equal(why_met(&in, END + 120 * MIN, KC_DC_OBSERVATION),
			    "observed 120 of 120 min");
}

static void test_observation_not_started(void **state)
{
	struct kc_discharge_input in = ready_input(KC_ROUTE_IV);
	struct kc_discharge_result r;

	(void)state;
	in.obs_anchor = 0;
	r = check(&in, END + 500 * MIN);
	assert_false(r.ready);
	assert_false(r.c[KC_DC_OBSERVATION].met);
	assert_int_equal(r.earliest, 0);
	assert_non_null(strstr(r.c[KC_DC_OBSERVATION].why, "infusion has not ended"));
	in.route = KC_ROUTE_ESKETAMINE;
	r = check(&in, END);
	assert_non_null(strstr(r.c[KC_DC_OBSERVATION].why, "no device given"));
}

static void test_aldrete_cut_off_9(void **state)
{
	struct kc_discharge_input in = ready_input(KC_ROUTE_IV);
	time_t now = END + 40 * MIN;
	struct kc_discharge_result r;

	(void)state;
	in.aldrete.activity = 1;
	assert_string_equal(why_met(&in, now, KC_DC_ALDRETE), "Aldrete 9 (needs 9)");
	in.aldrete.spo2 = 1;
	only_unmet(&in, now, KC_DC_ALDRETE, "Aldrete 8 < 9");
	assert_int_equal(check(&in, now).aldrete_total, 8);
	in.has_aldrete = 0;
	only_unmet(&in, now, KC_DC_ALDRETE, "not assessed");
	assert_int_equal(check(&in, now).aldrete_total, KC_NONE);
	in.has_aldrete = 1;
	in.aldrete.spo2 = KC_NONE;
	r = check(&in, now);
	assert_false(r.c[KC_DC_ALDRETE].met);
	assert_string_equal(r.c[KC_DC_ALDRETE].why, "Aldrete SpO2 not scored");
	assert_int_equal(r.aldrete_total, KC_NONE);
}

static void test_moaas_must_be_5(void **state)
{
	struct kc_discharge_input in = ready_input(KC_ROUTE_IV);
	time_t now = END + 40 * MIN;

	(void)state;
	in.moaas = 4;
	only_unmet(&in, now, KC_DC_MOAAS, "MOAA/S 4, needs 5");
	in.moaas = KC_NONE;
	only_unmet(&in, now, KC_DC_MOAAS, "not assessed");
}

static void with_bp(struct kc_discharge_input *in, int s, int d, int bs, int bd)
{
	in->systolic = s;
	in->diastolic = d;
	in->baseline_systolic = bs;
	in->baseline_diastolic = bd;
}

static void test_bp_within_20_percent_or_below_warn(void **state)
{
	struct kc_discharge_input in = ready_input(KC_ROUTE_IV);
	time_t now = END + 40 * MIN;

	(void)state;
	with_bp(&in, 170, 95, 130, 80);
	only_unmet(&in, now, KC_DC_BP, "BP 170/95 vs baseline 130/80: beyond 20 %");
	with_bp(&in, 168, 96, 140, 80); /* exactly 20 % above on both */
	assert_string_equal(why_met(&in, now, KC_DC_BP),
			    "BP 168/96 within 20 % of baseline 140/80");
	with_bp(&in, 169, 96, 140, 80); /* 20.7 % and above the warn limit */
	assert_false(check(&in, now).c[KC_DC_BP].met);
	with_bp(&in, 168, 97, 140, 80); /* diastolic beyond 20 % and not below 160/100 */
	assert_false(check(&in, now).c[KC_DC_BP].met);
	with_bp(&in, 159, 99, 110, 70); /* far above baseline but below the warn limits */
	assert_string_equal(why_met(&in, now, KC_DC_BP), "BP 159/99 below warn limits 160/100");
	with_bp(&in, 160, 99, 110, 70);
	assert_false(check(&in, now).c[KC_DC_BP].met);
	with_bp(&in, 150, 90, KC_NONE, KC_NONE); /* no baseline: the warn limits decide */
	assert_true(check(&in, now).c[KC_DC_BP].met);
	with_bp(&in, 150, 100, KC_NONE, KC_NONE);
	only_unmet(&in, now, KC_DC_BP, "BP 150/100 not below warn limits 160/100, no baseline");
	with_bp(&in, KC_NONE, KC_NONE, 130, 80);
	only_unmet(&in, now, KC_DC_BP, "not assessed");
}

static void test_dissociation_back_to_4_or_baseline(void **state)
{
	struct kc_discharge_input in = ready_input(KC_ROUTE_IV);
	time_t now = END + 40 * MIN;

	(void)state;
	in.cadss = 4;
	assert_string_equal(why_met(&in, now, KC_DC_DISSOCIATION), "CADSS 4 (<= 4)");
	in.cadss = 5;
	in.cadss_baseline = KC_NONE;
	only_unmet(&in, now, KC_DC_DISSOCIATION, "CADSS 5 > 4");
	in.cadss_baseline = 4;
	only_unmet(&in, now, KC_DC_DISSOCIATION, "CADSS 5 > 4 and above baseline 4");
	in.cadss_baseline = 5;
	assert_string_equal(why_met(&in, now, KC_DC_DISSOCIATION), "CADSS 5, not above baseline 5");
	in.cadss = KC_NONE;
	only_unmet(&in, now, KC_DC_DISSOCIATION, "not assessed");
}

static void test_nausea_at_most_3_never_recorded_counts_0(void **state)
{
	struct kc_discharge_input in = ready_input(KC_ROUTE_IV);
	time_t now = END + 40 * MIN;

	(void)state;
	in.nausea = 3;
	assert_string_equal(why_met(&in, now, KC_DC_NAUSEA), "nausea NRS 3 (<= 3)");
	in.nausea = 4;
	only_unmet(&in, now, KC_DC_NAUSEA, "nausea NRS 4 > 3");
	in.nausea = KC_NONE;
	assert_string_equal(why_met(&in, now, KC_DC_NAUSEA), "none recorded");
}

static void test_gait_must_be_assessed_steady(void **state)
{
	struct kc_discharge_input in = ready_input(KC_ROUTE_IV);
	time_t now = END + 40 * MIN;

	(void)state;
	in.gait_steady = 0;
	only_unmet(&in, now, KC_DC_GAIT, "unsteady");
	in.gait_steady = KC_NONE;
	only_unmet(&in, now, KC_DC_GAIT, "not assessed");
}

static void test_suicide_escort_and_instructions(void **state)
{
	struct kc_discharge_input in = ready_input(KC_ROUTE_ESKETAMINE);
	time_t now = END + 120 * MIN;

	(void)state;
	in.new_high_risk = 1;
	only_unmet(&in, now, KC_DC_SUICIDE, "new high-risk suicide screen this session");
	in = ready_input(KC_ROUTE_ESKETAMINE);
	in.escort_present = 0;
	only_unmet(&in, now, KC_DC_ESCORT, "not confirmed present");
	in = ready_input(KC_ROUTE_ESKETAMINE);
	in.instructions_given = 0;
	only_unmet(&in, now, KC_DC_INSTRUCTIONS, "not all given");
}

static void test_several_unmet_listed_together(void **state)
{
	struct kc_discharge_input in = ready_input(KC_ROUTE_IV);
	struct kc_discharge_result r;
	int unmet = 0;

	(void)state;
	in.moaas = 3;
	in.nausea = 6;
	in.escort_present = 0;
	r = check(&in, END + 10 * MIN);
	for (int i = 0; i < KC_DC_COUNT; i++)
		unmet += !r.c[i].met;
	assert_int_equal(unmet, 4);
	assert_false(r.ready);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_criteria_met_is_ready),
		cmocka_unit_test(test_iv_observation_minimum_boundary),
		cmocka_unit_test(test_esketamine_observes_120_min_from_first_device),
		cmocka_unit_test(test_observation_not_started),
		cmocka_unit_test(test_aldrete_cut_off_9),
		cmocka_unit_test(test_moaas_must_be_5),
		cmocka_unit_test(test_bp_within_20_percent_or_below_warn),
		cmocka_unit_test(test_dissociation_back_to_4_or_baseline),
		cmocka_unit_test(test_nausea_at_most_3_never_recorded_counts_0),
		cmocka_unit_test(test_gait_must_be_assessed_steady),
		cmocka_unit_test(test_suicide_escort_and_instructions),
		cmocka_unit_test(test_several_unmet_listed_together),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
