/* test_discharge_truth.c — issue 8 item 6: discharge says only what happened. The rule
 * (a reading no older than [discharge] last_reading_max_min, nothing overdue, every item
 * confirmed in the assessment, or a physician's reason) in src/rules, and its gate in
 * kc_chart_end, on a temp database: the boundaries to the second, the overdue reading,
 * the escort named at screening but never confirmed, a physician's reason against a
 * nurse's, and one assessment stored (and reported) once however the session ends. */
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
#include "kc_report.h"

#define MIN 60
#define T0 ((time_t)1700000000) /* session created */
#define DOSE (T0 + 60 * MIN)   /* infusion starts */
#define STOP (DOSE + 40 * MIN) /* infusion stops: observation runs from here */
#define OBS_MET (STOP + 30 * MIN)

/* ---------- the rule ---------- */

static struct kc_discharge_input ready_input(time_t now)
{
	struct kc_discharge_input in = {
		.route = KC_ROUTE_IV, .obs_anchor = STOP, .has_aldrete = 1, .aldrete = { 2, 2, 2, 2, 2 },
		.moaas = 5, .systolic = 124, .diastolic = 80, .baseline_systolic = 120,
		.baseline_diastolic = 80, .cadss = 0, .cadss_baseline = KC_NONE, .nausea = KC_NONE,
		.gait_steady = 1, .assessed = 1, .escort_present = 1, .instructions_given = 1,
		.last_reading = now, .vitals_due = now + 15 * MIN,
	};

	return in;
}

static struct kc_discharge_result judge(const struct kc_discharge_input *in, time_t now)
{
	struct kc_discharge_result r;

	kc_discharge_check(in, ref_config(), now, &r);
	return r;
}

static void test_reading_exactly_max_old_is_current(void **state)
{
	time_t now = OBS_MET + 20 * MIN;
	struct kc_discharge_input in = ready_input(now);
	struct kc_discharge_result r;

	(void)state;
	assert_int_equal(ref_config()->discharge.last_reading_max_min, 15);
	in.last_reading = now - 15 * MIN;
	r = judge(&in, now);
	assert_true(r.c[KC_DC_VITALS].met);
	assert_string_equal(r.c[KC_DC_VITALS].why, "reading 15 min old (max 15 min)");
	assert_true(r.ready);
}

static void test_reading_one_second_older_is_not(void **state)
{
	time_t now = OBS_MET + 20 * MIN;
	struct kc_discharge_input in = ready_input(now);
	struct kc_discharge_result r;

	(void)state;
	in.last_reading = now - 15 * MIN - 1;
	r = judge(&in, now);
	assert_false(r.c[KC_DC_VITALS].met);
	assert_string_equal(r.c[KC_DC_VITALS].why, "reading 15 min old, max 15 min");
	assert_false(r.ready);
	in.last_reading = 0;
	r = judge(&in, now);
	assert_string_equal(r.c[KC_DC_VITALS].why, "no reading yet, max 15 min");
	assert_false(r.ready);
}

/* The case: OVERDUE 29m and a last reading 45 minutes old. */
static void test_overdue_vitals_are_not_met(void **state)
{
	time_t now = OBS_MET + 60 * MIN;
	struct kc_discharge_input in = ready_input(now);
	struct kc_discharge_result r;
	char unmet[512];

	(void)state;
	in.last_reading = now - 45 * MIN;
	in.vitals_due = now - 29 * MIN;
	in.vitals_overdue = 1;
	r = judge(&in, now);
	assert_false(r.ready);
	assert_string_equal(r.c[KC_DC_VITALS].why, "OVERDUE 29 min; reading 45 min old");
	kc_discharge_unmet(&r, unmet, sizeof unmet);
	assert_string_equal(unmet, "Vitals up to date (OVERDUE 29 min; reading 45 min old)");
	/* overdue counts even when the clinic allows an older reading */
	in.last_reading = now - 10 * MIN;
	r = judge(&in, now);
	assert_false(r.c[KC_DC_VITALS].met);
}

static void test_the_bound_is_the_config_key(void **state)
{
	struct kc_config cfg = *ref_config();
	time_t now = OBS_MET + 60 * MIN;
	struct kc_discharge_input in = ready_input(now);
	struct kc_discharge_result r;

	(void)state;
	cfg.discharge.last_reading_max_min = 30;
	in.last_reading = now - 30 * MIN;
	kc_discharge_check(&in, &cfg, now, &r);
	assert_true(r.c[KC_DC_VITALS].met);
	in.last_reading--;
	kc_discharge_check(&in, &cfg, now, &r);
	assert_false(r.c[KC_DC_VITALS].met);
}

/* Nothing counts as confirmed before the clinician confirms it. */
static void test_unassessed_items_are_not_met(void **state)
{
	time_t now = OBS_MET + MIN;
	struct kc_discharge_input in = ready_input(now);
	struct kc_discharge_result r;

	(void)state;
	in.assessed = 0; /* escort_present, gait, instructions say yes: they are not confirmed */
	r = judge(&in, now);
	assert_false(r.ready);
	assert_false(r.c[KC_DC_ESCORT].met);
	assert_string_equal(r.c[KC_DC_ESCORT].why, "not confirmed yet (a)");
	assert_false(r.c[KC_DC_GAIT].met);
	assert_false(r.c[KC_DC_INSTRUCTIONS].met);
	in = ready_input(now);
	in.escort_present = 0; /* assessed, escort left unconfirmed */
	r = judge(&in, now);
	assert_false(r.ready);
	assert_string_equal(r.c[KC_DC_ESCORT].why, "not confirmed present");
	for (int i = 0; i < KC_DC_COUNT; i++)
		assert_int_equal(r.c[i].met, i != KC_DC_ESCORT);
}

/* ---------- the gate in kc_chart_end, on a database ---------- */

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	kc_id patient, session;
};

static void reading(struct fx *f, struct kc_store *st, time_t taken, int baseline)
{
	struct kc_vitals_entry e = { .taken = taken, .baseline = baseline };

	e.text = (struct kc_vitals_text){ "120/80", "72", "98", "14", "", "5" };
	if (kc_chart_vitals(st, &f->db.cfg, f->session, &e, taken, NULL, &f->db.err) != KC_OK)
		fail_msg("vitals: %s", f->db.err.msg);
}

static void dose(struct fx *f, enum kc_dose_kind kind, time_t at)
{
	struct kc_dose_row r = { .kind = kind, .at = at };

	if (kc_chart_dose(f->db.st, &f->db.cfg, f->session, &r, at, &f->db.err) != KC_OK)
		fail_msg("dose: %s", f->db.err.msg);
}

/* An IV session screened (escort NAMED), infused 40 min, stopped, with a calm CADSS-6 and a
 * recovery reading at STOP + 25 min. */
static void screened_and_infused(struct fx *f)
{
	static const int calm[KC_CADSS6_ITEMS] = { 0 };
	struct kc_obs_entry o = { .kind = KC_OBS_DISSOCIATION, .scale = KC_SCALE_CADSS6, .items = calm,
				  .detail = "", .intervention = "", .note = "", .observed = STOP + 5 * MIN };

	f->session = tdb_session(&f->db, f->patient, KC_ROUTE_IV, T0);
	tdb_screen_clear(&f->db, f->session, KC_ROUTE_IV, T0 - 10 * 3600, T0 + 5 * MIN);
	assert_int_equal(kc_chart_weight(f->db.st, &f->db.cfg, f->patient, f->session, "70", T0 + 5 * MIN,
					 T0 + 5 * MIN, NULL, &f->db.err), KC_OK);
	reading(f, f->db.st, DOSE - 10 * MIN, 1);
	dose(f, KC_DOSE_START, DOSE);
	for (int m = 10; m <= 40; m += 10)
		reading(f, f->db.st, DOSE + m * MIN, 0);
	dose(f, KC_DOSE_STOP, STOP);
	assert_int_equal(kc_chart_observation(f->db.st, &f->db.cfg, f->session, &o, o.observed, NULL, NULL,
					      &f->db.err), KC_OK);
	reading(f, f->db.st, STOP + 15 * MIN, 0);
	reading(f, f->db.st, STOP + 25 * MIN, 0);
}

/* Everything confirmed, as the clinician would in the form. */
static void assess(struct fx *f, struct kc_store *st, time_t at, int escort)
{
	struct kc_discharge_row d = { .at = at, .aldrete = { 2, 2, 2, 2, 2 }, .gait_steady = 1,
				      .escort_confirmed = escort, .instructions_given = 1 };

	if (kc_chart_discharge(st, &f->db.cfg, f->session, &d, at, NULL, &f->db.err) != KC_OK)
		fail_msg("assess: %s", f->db.err.msg);
}

static struct kc_session session_now(struct fx *f)
{
	struct kc_session s;

	assert_int_equal(kc_session_get(f->db.st, f->session, &s, &f->db.err), KC_OK);
	return s;
}

static size_t assessments(struct fx *f)
{
	struct kc_discharge_row *rows = NULL;
	size_t n = 0;

	assert_int_equal(kc_discharge_list(f->db.st, f->session, &rows, &n, &f->db.err), KC_OK);
	free(rows);
	return n;
}

static int end_at(struct fx *f, struct kc_store *st, const char *reason, time_t now)
{
	return kc_chart_end(st, &f->db.cfg, f->session, "discharged", reason, now, &f->db.err);
}

static struct kc_store *clinician(struct fx *f, const char *login, enum kc_role role)
{
	struct kc_store *st = NULL;

	assert_int_equal(kc_clinician_add(f->db.st, login, NULL, role, T0, &f->db.err), KC_OK);
	assert_int_equal(kc_store_open(&st, f->db.path, KC_OPEN_EXISTING, login, &f->db.err), KC_OK);
	return st;
}

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "dctruth", "tester");
	f->patient = tdb_patient(&f->db, "T-1", "Test Patient", "1980-01-01", T0 - 86400);
	screened_and_infused(f);
	*state = f;
	return 0;
}

/* Last reading STOP + 25; assessed ready at STOP + 31. At STOP + 40 the reading is exactly
 * 15 min old: discharged. One second later it would not be. */
static void test_end_at_the_boundary_to_the_second(void **state)
{
	struct fx *f = *state;
	time_t last = STOP + 25 * MIN;

	assess(f, f->db.st, OBS_MET + MIN, 1);
	assert_refused(end_at(f, f->db.st, "", last + 15 * MIN + 1), f->db.err,
		       "discharge refused, not met: Vitals up to date (reading 15 min old, max 15 min)");
	assert_int_equal(session_now(f).ended_at, 0);
	assert_int_equal(end_at(f, f->db.st, "", last + 15 * MIN), KC_OK);
	assert_string_equal(session_now(f).outcome, "discharged");
	assert_string_equal(session_now(f).outcome_reason, "");
}

/* The issue: accepted with OVERDUE and a reading 45 min old. Refused now, naming both;
 * a fresh reading lets the same assessment discharge. */
static void test_end_refuses_overdue_and_old_reading(void **state)
{
	struct fx *f = *state;
	time_t last = STOP + 25 * MIN, now = last + 45 * MIN;
	struct kc_chart_state cs;

	assess(f, f->db.st, OBS_MET + MIN, 1);
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, now, &cs, &f->db.err), KC_OK);
	assert_int_equal(cs.sched.state, KC_DUE_OVERDUE);
	assert_false(cs.dc.ready);
	assert_string_equal(cs.dc.c[KC_DC_VITALS].why, "OVERDUE 30 min; reading 45 min old");
	assert_refused(end_at(f, f->db.st, "", now), f->db.err,
		       "not met: Vitals up to date (OVERDUE 30 min; reading 45 min old)");
	assert_int_equal(session_now(f).ended_at, 0);
	reading(f, f->db.st, now + MIN, 0);
	assert_int_equal(end_at(f, f->db.st, "", now + 2 * MIN), KC_OK);
	assert_int_equal(assessments(f), 1);
}

/* The escort named at screening is not one confirmed present: not met before any
 * assessment, and not met on an assessment that left it unconfirmed. */
static void test_escort_named_at_screening_is_not_confirmed(void **state)
{
	struct fx *f = *state;
	time_t now = OBS_MET + MIN;
	struct kc_chart_state cs;

	reading(f, f->db.st, now, 0);
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, now, &cs, &f->db.err), KC_OK);
	assert_true(cs.scr.escort_named);
	assert_false(cs.dc.c[KC_DC_ESCORT].met);
	assert_string_equal(cs.dc.c[KC_DC_ESCORT].why, "not confirmed yet (a)");
	assert_false(cs.dc.c[KC_DC_GAIT].met);
	assert_false(cs.dc.c[KC_DC_INSTRUCTIONS].met);
	assert_refused(end_at(f, f->db.st, "", now), f->db.err, "Escort present");
	assess(f, f->db.st, now + MIN, 0);
	assert_refused(end_at(f, f->db.st, "", now + 2 * MIN), f->db.err,
		       "discharge refused, not met: Escort present. A physician may discharge with a reason.");
	assess(f, f->db.st, now + 3 * MIN, 1);
	assert_int_equal(end_at(f, f->db.st, "", now + 4 * MIN), KC_OK);
}

/* A physician's reason discharges with criteria not met, and is recorded; a nurse's is
 * refused, and nothing ends. */
static void test_physician_reason_overrides_a_nurses_does_not(void **state)
{
	struct fx *f = *state;
	struct kc_store *nurse = clinician(f, "nurse1", KC_ROLE_NURSE);
	struct kc_store *doc = clinician(f, "doc1", KC_ROLE_PHYSICIAN);
	time_t now = STOP + 25 * MIN + 45 * MIN;

	assess(f, nurse, OBS_MET + MIN, 1);
	assert_int_equal(end_at(f, nurse, "patient insists", now), KC_ERR_DENIED);
	assert_non_null(strstr(f->db.err.msg, "only a physician may discharge with criteria not met (nurse1 is a "
					     "nurse); not met: Vitals up to date"));
	assert_int_equal(session_now(f).ended_at, 0);
	assert_refused(end_at(f, doc, "", now), f->db.err, "A physician may discharge with a reason.");
	assert_int_equal(end_at(f, doc, "  ", now), KC_ERR_INVALID); /* blanks are no reason */
	assert_int_equal(end_at(f, doc, "BP stable on the monitor, escort waiting", now), KC_OK);
	assert_string_equal(session_now(f).outcome_reason, "BP stable on the monitor, escort waiting");
	assert_int_equal(assessments(f), 1);
	kc_store_close(nurse);
	kc_store_close(doc);
}

/* Left against advice and aborted are not discharges: no gate. */
static void test_other_outcomes_are_not_gated(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc_chart_end(f->db.st, &f->db.cfg, f->session, "against_advice", "left, risks explained",
				      STOP + 90 * MIN, &f->db.err), KC_OK);
	assert_string_equal(session_now(f).outcome, "against_advice");
}

static char *report(struct fx *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	assert_int_equal(kc_report_text(f->db.st, &f->db.cfg, f->session, out, &f->db.err), KC_OK);
	fclose(out);
	return buf;
}

static size_t occurrences(const char *hay, const char *needle)
{
	size_t k = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		k++;
	return k;
}

/* Discharging writes no assessment: the report shows the one made, once; one made again
 * is labelled as such; the state at discharge is said. */
static void test_report_shows_each_assessment_once(void **state)
{
	struct fx *f = *state;
	time_t now = OBS_MET + MIN;
	char *rep;

	reading(f, f->db.st, now, 0);
	assess(f, f->db.st, now + MIN, 1);
	assert_int_equal(end_at(f, f->db.st, "", now + 2 * MIN), KC_OK);
	assert_int_equal(kc_chart_sign(f->db.st, &f->db.cfg, f->session, now + 3 * MIN, &f->db.err), KC_OK);
	assert_int_equal(assessments(f), 1);
	rep = report(f);
	assert_int_equal(occurrences(rep, "\nAssessment "), 1);
	assert_int_equal(occurrences(rep, "Modified Aldrete 10"), 1);
	assert_non_null(strstr(rep, "At discharge every criterion met"));
	assert_non_null(strstr(rep, "Ended        "));
	assert_non_null(strstr(rep, " by tester\n"));
	free(rep);
}

static void test_report_labels_an_assessment_made_again(void **state)
{
	struct fx *f = *state;
	time_t now = OBS_MET + MIN;
	char *rep;

	reading(f, f->db.st, now, 0);
	assess(f, f->db.st, now + MIN, 0);
	assess(f, f->db.st, now + 2 * MIN, 1);
	assert_int_equal(end_at(f, f->db.st, "", now + 3 * MIN), KC_OK);
	rep = report(f);
	assert_int_equal(occurrences(rep, "\nAssessment "), 2);
	assert_non_null(strstr(rep, "\nAssessment 1 of 2 "));
	assert_non_null(strstr(rep, "\nAssessment 2 of 2 (assessed again) "));
	free(rep);
}

static void test_report_says_what_was_not_met_at_an_override(void **state)
{
	struct fx *f = *state;
	time_t now = STOP + 25 * MIN + 45 * MIN;
	char *rep;

	assess(f, f->db.st, OBS_MET + MIN, 1);
	assert_int_equal(end_at(f, f->db.st, "monitor reviewed, stable", now), KC_OK);
	rep = report(f);
	assert_non_null(strstr(rep, "Outcome      discharged: monitor reviewed, stable"));
	assert_non_null(strstr(rep, "At discharge NOT met: Vitals up to date (OVERDUE 30 min; reading 45"));
	free(rep);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, tdb_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reading_exactly_max_old_is_current),
		cmocka_unit_test(test_reading_one_second_older_is_not),
		cmocka_unit_test(test_overdue_vitals_are_not_met),
		cmocka_unit_test(test_the_bound_is_the_config_key),
		cmocka_unit_test(test_unassessed_items_are_not_met),
		T(test_end_at_the_boundary_to_the_second),
		T(test_end_refuses_overdue_and_old_reading),
		T(test_escort_named_at_screening_is_not_confirmed),
		T(test_physician_reason_overrides_a_nurses_does_not),
		T(test_other_outcomes_are_not_gated),
		T(test_report_shows_each_assessment_once),
		T(test_report_labels_an_assessment_made_again),
		T(test_report_says_what_was_not_met_at_an_override),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
