/* test_schedule.c — when vitals are due: rolling intervals, the esketamine check, states. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kc_schedule.h"

#define MIN 60
#define T0 ((time_t)1795269900) /* 2026-11-21T14:05:00Z: the dose start */

/* Only the keys the schedule reads, set by hand so these tests do not depend on the
 * config module's defaults. */
static struct kc_config config(void)
{
	struct kc_config c = { 0 };

	c.general.overdue_after_min = 5;
	c.iv.vitals_interval_min = 10;
	c.iv.recovery_interval_min = 15;
	c.esk.bp_check_min = 40;
	c.esk.bp_check_window_min = 5;
	c.esk.recovery_interval_min = 15;
	return c;
}

static struct kc_sched_input iv(time_t last_reading)
{
	return (struct kc_sched_input){ .route = KC_ROUTE_IV, .phase = KC_PHASE_DOSING,
					.dose_start = T0, .last_reading = last_reading };
}

static struct kc_sched_input esk(time_t last_reading)
{
	return (struct kc_sched_input){ .route = KC_ROUTE_ESKETAMINE, .phase = KC_PHASE_DOSING,
					.dose_start = T0, .last_reading = last_reading };
}

static struct kc_sched next(const struct kc_sched_input *in, time_t now)
{
	struct kc_config c = config();
	struct kc_sched s;

	kc_schedule_next(in, &c, now, &s);
	return s;
}

/* ---------- nothing scheduled ---------- */

static void test_no_schedule_in_screening_discharged_aborted(void **state)
{
	const enum kc_phase phases[] = { KC_PHASE_SCREENING, KC_PHASE_DISCHARGED, KC_PHASE_ABORTED };

	(void)state;
	for (size_t i = 0; i < sizeof phases / sizeof phases[0]; i++) {
		for (int r = 0; r < KC_ROUTE_COUNT; r++) {
			struct kc_sched_input in = iv(T0 + 5 * MIN);
			struct kc_sched s;

			in.route = (enum kc_route)r;
			in.phase = phases[i];
			s = next(&in, T0 + 60 * MIN);
			assert_int_equal(s.state, KC_DUE_NONE);
			assert_int_equal(s.next_due, 0);
			assert_int_equal(s.interval_min, 0);
			assert_non_null(s.what);
		}
	}
}

static void test_no_schedule_before_the_dose_starts(void **state)
{
	struct kc_sched_input in = iv(T0 - 10 * MIN);
	struct kc_sched s;

	(void)state;
	in.dose_start = 0;
	s = next(&in, T0);
	assert_int_equal(s.state, KC_DUE_NONE);
	in.route = KC_ROUTE_ESKETAMINE;
	s = next(&in, T0);
	assert_int_equal(s.state, KC_DUE_NONE);
}

/* ---------- IV ---------- */

static void test_iv_baseline_before_dose_does_not_count(void **state)
{
	struct kc_sched_input in = iv(T0 - 5 * MIN);
	struct kc_sched s = next(&in, T0 + 1 * MIN);

	(void)state;
	assert_int_equal(s.state, KC_DUE_LATER);
	assert_int_equal(s.next_due, T0 + 10 * MIN);
	assert_int_equal(s.seconds_left, 9 * MIN);
	assert_int_equal(s.interval_min, 10);
	assert_string_equal(s.what, "infusion vitals");
}

static void test_iv_reading_exactly_at_due_rolls_a_full_interval(void **state)
{
	struct kc_sched_input in = iv(T0 + 10 * MIN);

	(void)state;
	assert_int_equal(next(&in, T0 + 10 * MIN).next_due, T0 + 20 * MIN);
}

static void test_iv_early_and_late_readings_roll_from_when_taken(void **state)
{
	struct kc_sched_input early = iv(T0 + 7 * MIN);
	struct kc_sched_input late = iv(T0 + 13 * MIN);

	(void)state;
	assert_int_equal(next(&early, T0 + 8 * MIN).next_due, T0 + 17 * MIN);
	assert_int_equal(next(&late, T0 + 14 * MIN).next_due, T0 + 23 * MIN);
}

/* A pause changes neither dose_start nor dose_end: the infusion schedule keeps running. */
static void test_iv_pause_leaves_the_infusion_schedule_running(void **state)
{
	struct kc_sched_input in = iv(T0 + 10 * MIN); /* paused at +15, still paused at +25 */
	struct kc_sched s = next(&in, T0 + 25 * MIN);

	(void)state;
	assert_int_equal(s.next_due, T0 + 20 * MIN);
	assert_int_equal(s.state, KC_DUE_NOW);
	assert_string_equal(s.what, "infusion vitals");
}

static void test_iv_stop_switches_to_recovery_interval(void **state)
{
	struct kc_sched_input in = iv(T0 + 38 * MIN);
	struct kc_sched s;

	(void)state;
	in.dose_end = T0 + 40 * MIN;
	in.phase = KC_PHASE_RECOVERY;
	s = next(&in, T0 + 41 * MIN);
	assert_int_equal(s.next_due, T0 + 55 * MIN); /* from the stop, not the +38 reading */
	assert_int_equal(s.interval_min, 15);
	assert_string_equal(s.what, "recovery vitals");
	in.last_reading = T0 + 45 * MIN;
	assert_int_equal(next(&in, T0 + 46 * MIN).next_due, T0 + 60 * MIN);
}

/* The stop decides, even before the phase is moved on. */
static void test_iv_stop_recorded_while_phase_still_dosing(void **state)
{
	struct kc_sched_input in = iv(T0 + 30 * MIN);
	struct kc_sched s;

	(void)state;
	in.dose_end = T0 + 40 * MIN;
	s = next(&in, T0 + 41 * MIN);
	assert_int_equal(s.next_due, T0 + 55 * MIN);
	assert_string_equal(s.what, "recovery vitals");
}

/* Interpretation: recovery without a recorded end anchors the recovery interval at the
 * dose start rather than keeping the infusion interval. */
static void test_iv_recovery_without_dose_end_uses_recovery_interval(void **state)
{
	struct kc_sched_input in = iv(0);
	struct kc_sched s;

	(void)state;
	in.phase = KC_PHASE_RECOVERY;
	s = next(&in, T0 + MIN);
	assert_int_equal(s.next_due, T0 + 15 * MIN);
	assert_int_equal(s.interval_min, 15);
}

static void test_im_follows_the_iv_rules(void **state)
{
	struct kc_sched_input in = iv(T0 + 4 * MIN);

	(void)state;
	in.route = KC_ROUTE_IM;
	assert_int_equal(next(&in, T0 + 5 * MIN).next_due, T0 + 14 * MIN);
	in.dose_end = T0 + 10 * MIN;
	in.phase = KC_PHASE_RECOVERY;
	assert_int_equal(next(&in, T0 + 11 * MIN).next_due, T0 + 25 * MIN);
	assert_string_equal(next(&in, T0 + 11 * MIN).what, "recovery vitals");
}

/* ---------- states ---------- */

static void test_state_boundaries_around_due_and_overdue(void **state)
{
	struct kc_sched_input in = iv(0);
	time_t due = T0 + 10 * MIN;
	struct kc_sched s;

	(void)state;
	s = next(&in, due - 1);
	assert_int_equal(s.state, KC_DUE_LATER);
	assert_int_equal(s.seconds_left, 1);
	s = next(&in, due);
	assert_int_equal(s.state, KC_DUE_NOW);
	assert_int_equal(s.seconds_left, 0);
	s = next(&in, due + 5 * MIN);
	assert_int_equal(s.state, KC_DUE_NOW);
	s = next(&in, due + 5 * MIN + 1);
	assert_int_equal(s.state, KC_DUE_OVERDUE);
	assert_int_equal(s.seconds_left, -(5 * MIN + 1));
}

static void test_overdue_allowance_comes_from_config(void **state)
{
	struct kc_config c = config();
	struct kc_sched_input in = iv(0);
	struct kc_sched s;

	(void)state;
	c.general.overdue_after_min = 0;
	kc_schedule_next(&in, &c, T0 + 10 * MIN, &s);
	assert_int_equal(s.state, KC_DUE_NOW);
	kc_schedule_next(&in, &c, T0 + 10 * MIN + 1, &s);
	assert_int_equal(s.state, KC_DUE_OVERDUE);
}

/* ---------- esketamine ---------- */

static void test_esk_check_due_40_min_after_first_device(void **state)
{
	struct kc_sched_input in = esk(T0 - 10 * MIN); /* pre-dose gate reading */
	struct kc_sched s = next(&in, T0 + 20 * MIN);

	(void)state;
	assert_int_equal(s.state, KC_DUE_LATER);
	assert_int_equal(s.next_due, T0 + 40 * MIN);
	assert_int_equal(s.interval_min, 0);
	assert_string_equal(s.what, "40-min BP check");
}

static void test_esk_reading_at_34_min_leaves_check_due(void **state)
{
	struct kc_sched_input in = esk(T0 + 34 * MIN);
	struct kc_sched s = next(&in, T0 + 35 * MIN);

	(void)state;
	assert_int_equal(s.next_due, T0 + 40 * MIN);
	assert_string_equal(s.what, "40-min BP check");
}

static void test_esk_reading_at_35_min_answers_check(void **state)
{
	struct kc_sched_input in = esk(T0 + 35 * MIN);
	struct kc_sched s = next(&in, T0 + 36 * MIN);

	(void)state;
	assert_int_equal(s.next_due, T0 + 50 * MIN);
	assert_int_equal(s.interval_min, 15);
	assert_string_equal(s.what, "recovery vitals");
	in.last_reading = T0 + 35 * MIN - 1;
	assert_int_equal(next(&in, T0 + 36 * MIN).next_due, T0 + 40 * MIN);
}

static void test_esk_reading_at_36_min_then_rolling_recovery(void **state)
{
	struct kc_sched_input in = esk(T0 + 36 * MIN);

	(void)state;
	assert_int_equal(next(&in, T0 + 37 * MIN).next_due, T0 + 51 * MIN);
	in.last_reading = T0 + 53 * MIN;
	in.phase = KC_PHASE_RECOVERY;
	assert_int_equal(next(&in, T0 + 54 * MIN).next_due, T0 + 68 * MIN);
	assert_int_equal(next(&in, T0 + 74 * MIN).state, KC_DUE_OVERDUE);
}

static void test_esk_check_minute_and_label_follow_config(void **state)
{
	struct kc_config c = config();
	struct kc_sched_input in = esk(T0 + 24 * MIN);
	struct kc_sched s;

	(void)state;
	c.esk.bp_check_min = 30;
	kc_schedule_next(&in, &c, T0 + 26 * MIN, &s);
	assert_int_equal(s.next_due, T0 + 30 * MIN);
	assert_string_equal(s.what, "post-dose BP check");
	in.last_reading = T0 + 25 * MIN;
	kc_schedule_next(&in, &c, T0 + 26 * MIN, &s);
	assert_int_equal(s.next_due, T0 + 40 * MIN);
}

/* A window wider than the check time must not let the pre-dose reading answer it. */
static void test_esk_wide_window_never_counts_a_predose_reading(void **state)
{
	struct kc_config c = config();
	struct kc_sched_input in = esk(T0 - 1);
	struct kc_sched s;

	(void)state;
	c.esk.bp_check_window_min = 60;
	kc_schedule_next(&in, &c, T0 + MIN, &s);
	assert_int_equal(s.next_due, T0 + 40 * MIN);
	in.last_reading = T0;
	kc_schedule_next(&in, &c, T0 + MIN, &s);
	assert_int_equal(s.next_due, T0 + 15 * MIN);
}

/* ---------- due_for ---------- */

static time_t due_for(const struct kc_sched_input *before, time_t taken)
{
	struct kc_config c = config();

	return kc_schedule_due_for(before, &c, taken);
}

static void test_due_for_baseline_before_dose_is_zero(void **state)
{
	struct kc_sched_input in = iv(T0 - 20 * MIN);

	(void)state;
	assert_int_equal(due_for(&in, T0 - 1), 0);
	assert_int_equal(due_for(&in, T0), T0 + 10 * MIN);
	in.dose_start = 0;
	assert_int_equal(due_for(&in, T0 + 5 * MIN), 0);
	in = iv(0);
	in.phase = KC_PHASE_SCREENING;
	assert_int_equal(due_for(&in, T0 + 5 * MIN), 0);
}

static void test_due_for_early_on_time_and_late_readings(void **state)
{
	struct kc_sched_input in = iv(T0 + 10 * MIN);

	(void)state;
	assert_int_equal(due_for(&in, T0 + 16 * MIN), T0 + 20 * MIN);
	assert_int_equal(due_for(&in, T0 + 20 * MIN), T0 + 20 * MIN);
	assert_int_equal(due_for(&in, T0 + 31 * MIN), T0 + 20 * MIN);
}

static void test_due_for_backdated_reading_answers_the_infusion_due(void **state)
{
	struct kc_sched_input in = iv(T0 + 30 * MIN);

	(void)state;
	in.dose_end = T0 + 40 * MIN;
	in.phase = KC_PHASE_RECOVERY;
	assert_int_equal(due_for(&in, T0 + 39 * MIN), T0 + 40 * MIN);
	assert_int_equal(due_for(&in, T0 + 40 * MIN), T0 + 55 * MIN);
}

static void test_due_for_esketamine_check(void **state)
{
	struct kc_sched_input in = esk(T0 - 5 * MIN);

	(void)state;
	assert_int_equal(due_for(&in, T0 + 36 * MIN), T0 + 40 * MIN);
	assert_int_equal(due_for(&in, T0 + 47 * MIN), T0 + 40 * MIN);
	in.last_reading = T0 + 36 * MIN;
	assert_int_equal(due_for(&in, T0 + 52 * MIN), T0 + 51 * MIN);
}

/* ---------- overdue_min ---------- */

static void test_overdue_min_boundaries(void **state)
{
	struct kc_config c = config();
	time_t due = T0 + 10 * MIN;

	(void)state;
	assert_int_equal(kc_schedule_overdue_min(due, due - MIN, &c), 0);
	assert_int_equal(kc_schedule_overdue_min(due, due + 5 * MIN, &c), 0);
	/* counted from the due time, whole minutes, once past the 5-minute allowance */
	assert_int_equal(kc_schedule_overdue_min(due, due + 5 * MIN + 1, &c), 5);
	assert_int_equal(kc_schedule_overdue_min(due, due + 6 * MIN, &c), 6);
	assert_int_equal(kc_schedule_overdue_min(due, due + 6 * MIN + 59, &c), 6);
	assert_int_equal(kc_schedule_overdue_min(due, due + 17 * MIN, &c), 17);
}

static void test_overdue_min_zero_when_nothing_was_due(void **state)
{
	struct kc_config c = config();

	(void)state;
	assert_int_equal(kc_schedule_overdue_min(0, T0, &c), 0);
	c.general.overdue_after_min = 0;
	assert_int_equal(kc_schedule_overdue_min(T0, T0 + 1, &c), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_schedule_in_screening_discharged_aborted),
		cmocka_unit_test(test_no_schedule_before_the_dose_starts),
		cmocka_unit_test(test_iv_baseline_before_dose_does_not_count),
		cmocka_unit_test(test_iv_reading_exactly_at_due_rolls_a_full_interval),
		cmocka_unit_test(test_iv_early_and_late_readings_roll_from_when_taken),
		cmocka_unit_test(test_iv_pause_leaves_the_infusion_schedule_running),
		cmocka_unit_test(test_iv_stop_switches_to_recovery_interval),
		cmocka_unit_test(test_iv_stop_recorded_while_phase_still_dosing),
		cmocka_unit_test(test_iv_recovery_without_dose_end_uses_recovery_interval),
		cmocka_unit_test(test_im_follows_the_iv_rules),
		cmocka_unit_test(test_state_boundaries_around_due_and_overdue),
		cmocka_unit_test(test_overdue_allowance_comes_from_config),
		cmocka_unit_test(test_esk_check_due_40_min_after_first_device),
		cmocka_unit_test(test_esk_reading_at_34_min_leaves_check_due),
		cmocka_unit_test(test_esk_reading_at_35_min_answers_check),
		cmocka_unit_test(test_esk_reading_at_36_min_then_rolling_recovery),
		cmocka_unit_test(test_esk_check_minute_and_label_follow_config),
		cmocka_unit_test(test_esk_wide_window_never_counts_a_predose_reading),
		cmocka_unit_test(test_due_for_baseline_before_dose_is_zero),
		cmocka_unit_test(test_due_for_early_on_time_and_late_readings),
		cmocka_unit_test(test_due_for_backdated_reading_answers_the_infusion_due),
		cmocka_unit_test(test_due_for_esketamine_check),
		cmocka_unit_test(test_overdue_min_boundaries),
		cmocka_unit_test(test_overdue_min_zero_when_nothing_was_due),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
