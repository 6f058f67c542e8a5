/* test_corrections.c — corrections before signing (issue 8 item 10): each kind of entry can
 * be corrected (readings, observations, dose events and their lots, the weight, the
 * patient's details), a reason is always asked, a signed session refuses them all, a
 * replacement is a correction and never LATE for being entered now, and a corrected
 * reading's critical alert is resolved by the correction, not left waiting. A temp on-disk
 * database per test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "kc_chart.h"
#include "kc_verify.h"

#define MIN 60
#define T0 ((time_t)1700000000) /* session created */
#define DOSE (T0 + 60 * MIN)   /* dosing starts */

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	kc_id patient, session;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "corr", "tester");
	f->patient = tdb_patient(&f->db, "T-1", "Test Patient", "1980-01-01", T0 - 86400);
	*state = f;
	return 0;
}

static int vitals_at(struct fx *f, time_t taken, time_t now, const char *bp, int baseline,
		     struct kc_vitals_result *res)
{
	struct kc_vitals_entry e = { .taken = taken, .baseline = baseline };

	e.text = (struct kc_vitals_text){ bp, "80", "98", "14", "", "5" };
	return kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, now, res, &f->db.err);
}

/* A session whose screening passes (everything "no", fasted, escort, consent, 70 kg,
 * baseline 120/80 ten minutes before DOSE). */
static void session_ok(struct fx *f, enum kc_route route)
{
	time_t at = T0 + 5 * MIN;

	assert_int_equal(kc_session_create(f->db.st, f->patient, route, "depression", T0, &f->session, &f->db.err),
			 KC_OK);
	tdb_screen_clear(&f->db, f->session, route, T0 - 10 * 3600, at);
	assert_int_equal(kc_chart_weight(f->db.st, &f->db.cfg, 0, f->session, "70", at, at, NULL, &f->db.err), KC_OK);
	assert_int_equal(vitals_at(f, DOSE - 10 * MIN, DOSE - 9 * MIN, "120/80", 1, NULL), KC_OK);
}

static struct kc_dose_row dose_row(enum kc_dose_kind kind, time_t at, double rate, double mg, const char *lot)
{
	struct kc_dose_row r = { .kind = kind, .at = at, .rate_ml_h = rate, .mg = mg };

	kc_strlcpy(r.lot, lot, sizeof r.lot);
	return r;
}

static kc_id dose(struct fx *f, enum kc_dose_kind kind, time_t at, double rate, double mg, const char *lot)
{
	struct kc_dose_row r = dose_row(kind, at, rate, mg, lot);

	if (kc_chart_dose(f->db.st, &f->db.cfg, f->session, &r, at, &f->db.err) != KC_OK)
		fail_msg("dose %s: %s", kc_dose_kind_name(kind), f->db.err.msg);
	return r.id;
}

static struct kc_vitals_row reading(struct fx *f, kc_id id)
{
	struct kc_vitals_row r;

	assert_int_equal(kc_vitals_get(f->db.st, id, &r, &f->db.err), KC_OK);
	return r;
}

/* The session's dose events; free() it. */
static struct kc_dose_row *doses(struct fx *f, size_t *n)
{
	struct kc_dose_row *rows = NULL;

	assert_int_equal(kc_dose_list(f->db.st, f->session, &rows, n, &f->db.err), KC_OK);
	return rows;
}

static void end_and_sign(struct fx *f, time_t at)
{
	assert_int_equal(kc_session_end(f->db.st, f->session, "aborted", "test", at, &f->db.err), KC_OK);
	assert_int_equal(kc_session_sign(f->db.st, f->session, at + MIN, &f->db.err), KC_OK);
}

static void verify_clean(struct fx *f)
{
	struct kc_verify_result v;

	assert_int_equal(kc_verify(f->db.st, NULL, &v, &f->db.err), KC_OK);
	if (v.problems)
		fail_msg("verify: %s", v.problem[0]);
}

/* ---------- readings: no LATE on a correction; the alert resolved ---------- */

static void test_vitals_correction_entered_later_is_not_late(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_entry e = { 0 };
	struct kc_vitals_result orig, fixed;
	struct kc_vitals_row o, r;

	session_ok(f, KC_ROUTE_IV);
	dose(f, KC_DOSE_START, DOSE, 100, 0, "L1");
	/* taken 09:05, entered at once: not late; corrected an hour later */
	assert_int_equal(vitals_at(f, DOSE + 5 * MIN, DOSE + 5 * MIN, "120/80", 0, &orig), KC_OK);
	assert_int_equal(orig.late, 0);
	e.text = (struct kc_vitals_text){ "122/80", "78", "98", "14", "36.9", "5" };
	assert_int_equal(kc_chart_vitals_correct(f->db.st, &f->db.cfg, orig.id, KC_EIE_WRONG_VALUE, "typo", &e,
						 DOSE + 65 * MIN, &fixed, &f->db.err), KC_OK);
	assert_int_equal(fixed.late, 0);
	r = reading(f, fixed.id);
	o = reading(f, orig.id);
	assert_int_equal(r.late, 0);
	assert_int_equal(r.taken_at, DOSE + 5 * MIN);
	assert_int_equal(r.eie.corrects, orig.id);
	assert_int_equal(r.v.temp_dc, 369);
	assert_int_equal(o.late, 0);
	assert_int_equal(o.eie.replaced_by, fixed.id);
}

static void test_vitals_correction_of_late_reading_stays_late_original_unchanged(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_entry e = { 0 };
	struct kc_vitals_result orig, fixed;

	session_ok(f, KC_ROUTE_IV);
	dose(f, KC_DOSE_START, DOSE, 100, 0, "L1");
	/* entered 30 min after it was taken: LATE, and its correction says so too */
	assert_int_equal(vitals_at(f, DOSE + 5 * MIN, DOSE + 35 * MIN, "120/80", 0, &orig), KC_OK);
	assert_int_equal(orig.late, 1);
	e.text = (struct kc_vitals_text){ "121/80", "80", "98", "14", "", "5" };
	assert_int_equal(kc_chart_vitals_correct(f->db.st, &f->db.cfg, orig.id, KC_EIE_WRONG_VALUE, "typo", &e,
						 DOSE + 36 * MIN, &fixed, &f->db.err), KC_OK);
	assert_int_equal(reading(f, fixed.id).late, 1);
	assert_int_equal(reading(f, orig.id).late, 1);
}

static void test_crit_resolved_by_correction_not_counted_unacked(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_entry e = { 0 };
	struct kc_vitals_result crit, fixed;
	struct kc_chart_state cs;
	struct kc_vitals_row o;

	session_ok(f, KC_ROUTE_IV);
	dose(f, KC_DOSE_START, DOSE, 100, 0, "L1");
	assert_int_equal(vitals_at(f, DOSE + 5 * MIN, DOSE + 5 * MIN, "190/110", 0, &crit), KC_OK);
	assert_int_equal(crit.alerts.worst, KC_LEVEL_CRITICAL);
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, DOSE + 6 * MIN, &cs, &f->db.err), KC_OK);
	assert_int_equal(cs.unacked_critical, 1);
	assert_true(kc_chart_crit_waiting(&(struct kc_vitals_row){ .level = KC_LEVEL_CRITICAL }));
	/* typed 190/110 for 130/80 */
	e.text = (struct kc_vitals_text){ "130/80", "80", "98", "14", "", "5" };
	assert_int_equal(kc_chart_vitals_correct(f->db.st, &f->db.cfg, crit.id, KC_EIE_WRONG_VALUE, "typed 190/110",
						 &e, DOSE + 7 * MIN, &fixed, &f->db.err), KC_OK);
	assert_int_equal(fixed.alerts.worst, KC_LEVEL_OK);
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, DOSE + 8 * MIN, &cs, &f->db.err), KC_OK);
	assert_int_equal(cs.unacked_critical, 0);
	assert_int_equal(cs.last_unacked_id, 0);
	o = reading(f, crit.id);
	assert_int_equal(o.level, KC_LEVEL_CRITICAL); /* what was typed stays as it was */
	assert_int_equal(o.acked, 0);
	assert_true(kc_chart_crit_resolved(&o));
	assert_false(kc_chart_crit_waiting(&o));
	o = reading(f, fixed.id);
	assert_false(kc_chart_crit_resolved(&o));
}

static void test_crit_marked_in_error_without_replacement_is_resolved(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_result crit;
	struct kc_chart_state cs;

	session_ok(f, KC_ROUTE_IV);
	dose(f, KC_DOSE_START, DOSE, 100, 0, "L1");
	assert_int_equal(vitals_at(f, DOSE + 5 * MIN, DOSE + 5 * MIN, "190/110", 0, &crit), KC_OK);
	assert_int_equal(kc_chart_vitals_correct(f->db.st, &f->db.cfg, crit.id, KC_EIE_WRONG_PATIENT, "other chair",
						 NULL, DOSE + 7 * MIN, NULL, &f->db.err), KC_OK);
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, DOSE + 8 * MIN, &cs, &f->db.err), KC_OK);
	assert_int_equal(cs.unacked_critical, 0);
	assert_true(kc_chart_crit_resolved(&(struct kc_vitals_row){ .level = KC_LEVEL_CRITICAL,
								    .eie.code = KC_EIE_WRONG_PATIENT }));
}

/* A refused reading corrected to a taken one (and the other way round) through the status. */
static void test_vitals_correction_carries_status(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_entry e = { .status = KC_VITALS_REFUSED, .reason = "patient declined" };
	struct kc_vitals_result orig, fixed;

	session_ok(f, KC_ROUTE_IV);
	dose(f, KC_DOSE_START, DOSE, 100, 0, "L1");
	assert_int_equal(vitals_at(f, DOSE + 5 * MIN, DOSE + 5 * MIN, "120/80", 0, &orig), KC_OK);
	e.text = (struct kc_vitals_text){ "", "", "", "", "", "" };
	assert_int_equal(kc_chart_vitals_correct(f->db.st, &f->db.cfg, orig.id, KC_EIE_INVALID, "not taken at all", &e,
						 DOSE + 6 * MIN, &fixed, &f->db.err), KC_OK);
	assert_int_equal(reading(f, fixed.id).status, KC_VITALS_REFUSED);
	assert_string_equal(reading(f, fixed.id).reason, "patient declined");
}

/* ---------- observations ---------- */

static void test_obs_correction_entered_later_is_not_late(void **state)
{
	struct fx *f = *state;
	struct kc_obs_entry e = { .kind = KC_OBS_HEADACHE, .scale = KC_SCALE_NRS, .score = 2, .intervention = "",
				  .note = "", .detail = "", .observed = DOSE + 5 * MIN };
	struct kc_obs_row *rows = NULL;
	size_t n = 0;
	kc_id first = 0, second = 0;

	session_ok(f, KC_ROUTE_IV);
	dose(f, KC_DOSE_START, DOSE, 100, 0, "L1");
	assert_int_equal(kc_chart_observation(f->db.st, &f->db.cfg, f->session, &e, DOSE + 5 * MIN, &first, NULL,
					      &f->db.err), KC_OK);
	e.score = 6;
	e.observed = 0;
	assert_int_equal(kc_chart_obs_correct(f->db.st, &f->db.cfg, f->session, first, KC_EIE_WRONG_VALUE, "typed 2",
					      &e, DOSE + 50 * MIN, &second, NULL, &f->db.err), KC_OK);
	assert_int_equal(kc_obs_list(f->db.st, f->session, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[1].id, second);
	assert_int_equal(rows[1].late, 0);
	assert_int_equal(rows[1].observed_at, DOSE + 5 * MIN);
	free(rows);
}

/* ---------- dose events and lots ---------- */

static void test_dose_correction_lot_and_rate_keeps_time_and_sequence(void **state)
{
	struct fx *f = *state;
	struct kc_dose_row e = dose_row(KC_DOSE_START, 0, 120, 0, "LOT-2"), *rows;
	struct kc_session s;
	size_t n = 0;
	kc_id start, fixed = 0;

	session_ok(f, KC_ROUTE_IV);
	start = dose(f, KC_DOSE_START, DOSE, 100, 0, "LOT-1");
	dose(f, KC_DOSE_PAUSE, DOSE + 10 * MIN, 0, 0, "");
	assert_int_equal(kc_chart_dose_correct(f->db.st, &f->db.cfg, f->session, start, KC_EIE_WRONG_VALUE,
					       "lot misread", &e, DOSE + 70 * MIN, &fixed, &f->db.err), KC_OK);
	rows = doses(f, &n);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].id == start) {
			assert_int_equal(rows[i].eie.code, KC_EIE_WRONG_VALUE);
			assert_int_equal(rows[i].eie.replaced_by, fixed);
			assert_string_equal(rows[i].lot, "LOT-1");
		} else if (rows[i].id == fixed) {
			assert_int_equal(rows[i].kind, KC_DOSE_START);
			assert_int_equal(rows[i].at, DOSE);
			assert_string_equal(rows[i].lot, "LOT-2");
			assert_tenths(rows[i].rate_ml_h, 120);
			assert_int_equal(rows[i].late, 0);
			assert_int_equal(rows[i].eie.corrects, start);
		}
	}
	free(rows);
	assert_int_equal(kc_session_get(f->db.st, f->session, &s, &f->db.err), KC_OK);
	assert_int_equal(s.dose_start, DOSE);
	assert_int_equal(s.phase, KC_PHASE_DOSING);
}

static void test_dose_correction_stop_mg_and_mark_only_moves_session(void **state)
{
	struct fx *f = *state;
	struct kc_dose_row e = dose_row(KC_DOSE_STOP, 0, 0, 30, "");
	struct kc_session s;
	kc_id stop, fixed = 0;

	session_ok(f, KC_ROUTE_IV);
	/* 35 mg planned; 40 min at 150 mL/h runs the whole bag: the stop's 35 mg is what ran. */
	assert_int_equal(kc_chart_plan_iv(f->db.st, &f->db.cfg, f->session, 0.5, DOSE - MIN, NULL, &f->db.err), KC_OK);
	dose(f, KC_DOSE_START, DOSE, 150, 0, "L1");
	stop = dose(f, KC_DOSE_STOP, DOSE + 40 * MIN, 0, 35, "");
	assert_int_equal(kc_session_get(f->db.st, f->session, &s, &f->db.err), KC_OK);
	assert_tenths(s.given_mg, 35);
	assert_int_equal(s.phase, KC_PHASE_RECOVERY);
	assert_int_equal(kc_chart_dose_correct(f->db.st, &f->db.cfg, f->session, stop, KC_EIE_WRONG_VALUE,
					       "30 mg ran in", &e, DOSE + 45 * MIN, &fixed, &f->db.err), KC_OK);
	assert_int_equal(kc_session_get(f->db.st, f->session, &s, &f->db.err), KC_OK);
	assert_tenths(s.given_mg, 30);
	assert_int_equal(s.dose_end, DOSE + 40 * MIN);
	/* the stop itself was a mistake: the infusion is running again, nothing given yet */
	assert_int_equal(kc_chart_dose_correct(f->db.st, &f->db.cfg, f->session, fixed, KC_EIE_INVALID,
					       "pump still running", NULL, DOSE + 46 * MIN, NULL, &f->db.err), KC_OK);
	assert_int_equal(kc_session_get(f->db.st, f->session, &s, &f->db.err), KC_OK);
	assert_int_equal(s.dose_end, 0);
	assert_tenths(s.given_mg, 0);
	assert_int_equal(s.phase, KC_PHASE_DOSING);
	verify_clean(f);
}

static void test_dose_correction_out_of_order_refused_and_nothing_stored(void **state)
{
	struct fx *f = *state;
	struct kc_dose_row e = dose_row(KC_DOSE_PAUSE, DOSE - 5 * MIN, 0, 0, ""), *rows;
	size_t n = 0;
	kc_id pause;

	session_ok(f, KC_ROUTE_IV);
	dose(f, KC_DOSE_START, DOSE, 100, 0, "L1");
	pause = dose(f, KC_DOSE_PAUSE, DOSE + 10 * MIN, 0, 0, "");
	/* a pause before the start cannot be */
	assert_refused(kc_chart_dose_correct(f->db.st, &f->db.cfg, f->session, pause, KC_EIE_WRONG_TIME, "wrong time",
					     &e, DOSE + 20 * MIN, NULL, &f->db.err), f->db.err, "not been started");
	rows = doses(f, &n);
	assert_int_equal(n, 2);
	assert_int_equal(rows[1].eie.code, KC_EIE_NONE);
	free(rows);
}

static void test_esketamine_device_lot_corrected(void **state)
{
	struct fx *f = *state;
	struct kc_dose_row e = dose_row(KC_DOSE_DEVICE, 0, 0, 28, "ESK-9"), *rows;
	size_t n = 0;
	kc_id dev, fixed = 0;

	session_ok(f, KC_ROUTE_ESKETAMINE);
	dev = dose(f, KC_DOSE_DEVICE, DOSE, 0, 28, "ESK-1");
	assert_int_equal(kc_chart_dose_correct(f->db.st, &f->db.cfg, f->session, dev, KC_EIE_WRONG_VALUE,
					       "lot of another box", &e, DOSE + 3 * MIN, &fixed, &f->db.err), KC_OK);
	rows = doses(f, &n);
	assert_int_equal(n, 2);
	assert_int_equal(rows[1].id, fixed);
	assert_int_equal(rows[1].device_no, 1);
	assert_string_equal(rows[1].lot, "ESK-9");
	free(rows);
}

/* ---------- the weight ---------- */

static void test_weight_correction_replaces_session_weight(void **state)
{
	struct fx *f = *state;
	struct kc_weight_row w, old;
	struct kc_screening scr;
	double kg = 0;
	kc_id fixed = 0;

	session_ok(f, KC_ROUTE_IV);
	assert_int_equal(kc_weight_of_session(f->db.st, f->session, &w, &f->db.err), KC_OK);
	assert_tenths(w.kg, 70);
	assert_int_equal(kc_chart_weight_correct(f->db.st, &f->db.cfg, f->session, w.id, KC_EIE_WRONG_VALUE, "",
						 "160 lb", 0, T0 + 20 * MIN, &kg, &fixed, &f->db.err), KC_ERR_INVALID);
	assert_int_equal(kc_chart_weight_correct(f->db.st, &f->db.cfg, f->session, w.id, KC_EIE_WRONG_VALUE,
						 "scale in lb", "160 lb", 0, T0 + 20 * MIN, &kg, &fixed, &f->db.err),
			 KC_OK);
	assert_true(fabs(kg - 72.57) < 0.06);
	assert_int_equal(kc_weight_get(f->db.st, w.id, &old, &f->db.err), KC_OK);
	assert_int_equal(old.eie.code, KC_EIE_WRONG_VALUE);
	assert_int_equal(old.eie.replaced_by, fixed);
	assert_int_equal(kc_weight_of_session(f->db.st, f->session, &w, &f->db.err), KC_OK);
	assert_int_equal(w.id, fixed);
	assert_int_equal(w.eie.corrects, old.id);
	assert_int_equal(w.taken_at, old.taken_at);
	assert_int_equal(kc_screen_load(f->db.st, f->session, &scr, &f->db.err), KC_OK);
	assert_true(fabs(scr.weight_kg - kg) < 1e-9);
	/* marked in error without a replacement: the session has no weight */
	assert_int_equal(kc_chart_weight_correct(f->db.st, &f->db.cfg, f->session, fixed, KC_EIE_WRONG_PATIENT,
						 "other patient", NULL, 0, T0 + 21 * MIN, NULL, NULL, &f->db.err), KC_OK);
	assert_int_equal(kc_weight_of_session(f->db.st, f->session, &w, &f->db.err), KC_OK);
	assert_int_equal(w.id, 0);
	verify_clean(f);
}

/* ---------- the patient's details ---------- */

static void test_patient_correction_keeps_old_values(void **state)
{
	struct fx *f = *state;
	struct kc_patient p = { 0 }, got;
	struct kc_patient_fix *rows = NULL;
	size_t n = 0;

	session_ok(f, KC_ROUTE_IV);
	kc_strlcpy(p.name, "Test Patience", sizeof p.name);
	kc_strlcpy(p.dob, "1980-10-01", sizeof p.dob);
	assert_refused(kc_chart_patient_correct(f->db.st, f->session, &p, " ", T0 + MIN, &f->db.err), f->db.err,
		       "say why");
	assert_int_equal(kc_chart_patient_correct(f->db.st, f->session, &p, "misspelt at intake", T0 + MIN, &f->db.err),
			 KC_OK);
	assert_int_equal(kc_patient_get(f->db.st, f->patient, &got, &f->db.err), KC_OK);
	assert_string_equal(got.name, "Test Patience");
	assert_string_equal(got.dob, "1980-10-01");
	assert_string_equal(got.chart_no, "T-1");
	assert_int_equal(kc_patient_fix_list(f->db.st, f->patient, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].field, "name");
	assert_string_equal(rows[0].old_value, "Test Patient");
	assert_string_equal(rows[0].new_value, "Test Patience");
	assert_string_equal(rows[0].reason, "misspelt at intake");
	assert_string_equal(rows[0].by, "tester");
	assert_string_equal(rows[1].field, "dob");
	assert_string_equal(rows[1].old_value, "1980-01-01");
	assert_int_equal(rows[1].session_id, f->session);
	free(rows);
	/* nothing that changes, a bad date, a chart number in use: refused */
	assert_refused(kc_chart_patient_correct(f->db.st, f->session, &p, "again", T0 + 2 * MIN, &f->db.err), f->db.err,
		       "nothing to correct");
	tdb_patient(&f->db, "T-2", "Other Patient", "1970-01-01", T0);
	memset(&p, 0, sizeof p);
	kc_strlcpy(p.chart_no, "T-2", sizeof p.chart_no);
	assert_refused(kc_chart_patient_correct(f->db.st, f->session, &p, "typo", T0 + 2 * MIN, &f->db.err), f->db.err,
		       "already used");
	memset(&p, 0, sizeof p);
	kc_strlcpy(p.dob, "1980-13-01", sizeof p.dob);
	assert_int_equal(kc_chart_patient_correct(f->db.st, f->session, &p, "typo", T0 + 2 * MIN, &f->db.err),
			 KC_ERR_INVALID);
	verify_clean(f);
}

/* ---------- every kind: a reason, and never after signing ---------- */

static void test_every_correction_needs_a_reason(void **state)
{
	struct fx *f = *state;
	struct kc_dose_row e = dose_row(KC_DOSE_START, 0, 100, 0, "L2");
	struct kc_weight_row w;
	struct kc_vitals_result v;
	kc_id start;

	session_ok(f, KC_ROUTE_IV);
	start = dose(f, KC_DOSE_START, DOSE, 100, 0, "L1");
	assert_int_equal(vitals_at(f, DOSE + 5 * MIN, DOSE + 5 * MIN, "120/80", 0, &v), KC_OK);
	assert_int_equal(kc_weight_of_session(f->db.st, f->session, &w, &f->db.err), KC_OK);
	assert_refused(kc_chart_dose_correct(f->db.st, &f->db.cfg, f->session, start, KC_EIE_WRONG_VALUE, "", &e,
					     DOSE + 6 * MIN, NULL, &f->db.err), f->db.err, "say why");
	assert_refused(kc_chart_weight_correct(f->db.st, &f->db.cfg, f->session, w.id, KC_EIE_WRONG_VALUE, "  ", "71",
					       0, DOSE + 6 * MIN, NULL, NULL, &f->db.err), f->db.err, "say why");
	assert_refused(kc_chart_vitals_correct(f->db.st, &f->db.cfg, v.id, KC_EIE_WRONG_VALUE, "", NULL, DOSE + 6 * MIN,
					       NULL, &f->db.err), f->db.err, "say why");
}

static void test_every_correction_refused_after_signing(void **state)
{
	struct fx *f = *state;
	struct kc_dose_row e = dose_row(KC_DOSE_START, 0, 100, 0, "L2");
	struct kc_patient p = { 0 };
	struct kc_obs_entry o = { .kind = KC_OBS_HEADACHE, .scale = KC_SCALE_NRS, .score = 2, .intervention = "",
				  .note = "", .detail = "" };
	struct kc_weight_row w;
	struct kc_vitals_result v;
	kc_id start, obs = 0;

	session_ok(f, KC_ROUTE_IV);
	start = dose(f, KC_DOSE_START, DOSE, 100, 0, "L1");
	assert_int_equal(vitals_at(f, DOSE + 5 * MIN, DOSE + 5 * MIN, "120/80", 0, &v), KC_OK);
	assert_int_equal(kc_chart_observation(f->db.st, &f->db.cfg, f->session, &o, DOSE + 5 * MIN, &obs, NULL,
					      &f->db.err), KC_OK);
	assert_int_equal(kc_weight_of_session(f->db.st, f->session, &w, &f->db.err), KC_OK);
	end_and_sign(f, DOSE + 10 * MIN);
	kc_strlcpy(p.name, "New Name", sizeof p.name);
	assert_int_equal(kc_chart_dose_correct(f->db.st, &f->db.cfg, f->session, start, KC_EIE_WRONG_VALUE, "lot", &e,
					       DOSE + 20 * MIN, NULL, &f->db.err), KC_ERR_SIGNED);
	assert_int_equal(kc_chart_weight_correct(f->db.st, &f->db.cfg, f->session, w.id, KC_EIE_WRONG_VALUE, "typo",
						 "71", 0, DOSE + 20 * MIN, NULL, NULL, &f->db.err), KC_ERR_SIGNED);
	assert_int_equal(kc_chart_patient_correct(f->db.st, f->session, &p, "typo", DOSE + 20 * MIN, &f->db.err),
			 KC_ERR_SIGNED);
	assert_int_equal(kc_chart_vitals_correct(f->db.st, &f->db.cfg, v.id, KC_EIE_WRONG_VALUE, "typo", NULL,
						 DOSE + 20 * MIN, NULL, &f->db.err), KC_ERR_SIGNED);
	assert_int_equal(kc_chart_obs_correct(f->db.st, &f->db.cfg, f->session, obs, KC_EIE_WRONG_VALUE, "typo", NULL,
					      DOSE + 20 * MIN, NULL, NULL, &f->db.err), KC_ERR_SIGNED);
	/* the store says so as well, whoever calls it */
	assert_int_equal(kc_dose_correct(f->db.st, start, KC_EIE_WRONG_VALUE, "lot", NULL, DOSE + 20 * MIN, &f->db.err),
			 KC_ERR_SIGNED);
	assert_int_equal(kc_weight_correct(f->db.st, w.id, KC_EIE_WRONG_VALUE, "typo", NULL, DOSE + 20 * MIN,
					   &f->db.err), KC_ERR_SIGNED);
	assert_int_equal(kc_patient_correct(f->db.st, f->patient, f->session, &p, "typo", DOSE + 20 * MIN, &f->db.err),
			 KC_ERR_SIGNED);
	verify_clean(f);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, tdb_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_vitals_correction_entered_later_is_not_late),
		T(test_vitals_correction_of_late_reading_stays_late_original_unchanged),
		T(test_crit_resolved_by_correction_not_counted_unacked),
		T(test_crit_marked_in_error_without_replacement_is_resolved),
		T(test_vitals_correction_carries_status),
		T(test_obs_correction_entered_later_is_not_late),
		T(test_dose_correction_lot_and_rate_keeps_time_and_sequence),
		T(test_dose_correction_stop_mg_and_mark_only_moves_session),
		T(test_dose_correction_out_of_order_refused_and_nothing_stored),
		T(test_esketamine_device_lot_corrected),
		T(test_weight_correction_replaces_session_weight),
		T(test_patient_correction_keeps_old_values),
		T(test_every_correction_needs_a_reason),
		T(test_every_correction_refused_after_signing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
