/* test_report_reads.c — the report and the state load read each list once (issue 10):
 * the screening's baseline is one indexed row (store_baseline) instead of the session's
 * every reading, and the report judges discharge from the record it has read
 * (kc_chart_discharge_eval_loaded, and kc_chart_discharge_eval_rows from its observations
 * and assessments too) instead of reading the session again. Each must give what the full
 * reads gave. */
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
#include "kc_record.h"

#define T0 ((time_t)1763726400)
#define MIN 60

struct fx {
	struct kc_tdb db;
	kc_id patient, session;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_folder(&f->db, "reads", "t.db");
	if (kc_store_open(&f->db.st, f->db.path, KC_OPEN_CREATE | KC_OPEN_TRAINING, "nurse1",
			  &f->db.err) != KC_OK)
		fail_msg("open %s: %s", f->db.path, f->db.err.msg);
	f->patient = tdb_patient(&f->db, "C-1", "Ada Lovelace", "1980-05-17", T0);
	f->session = tdb_session(&f->db, f->patient, KC_ROUTE_IV, T0);
	tdb_screen_clear(&f->db, f->session, KC_ROUTE_IV, T0 - 8 * 3600, T0 + MIN);
	*state = f;
	return 0;
}

static kc_id reading(struct fx *f, const char *bp, int baseline, time_t taken)
{
	struct kc_vitals_entry e;
	struct kc_vitals_result res;

	memset(&e, 0, sizeof e);
	e.text = (struct kc_vitals_text){ bp, "72", "98", "14", "36.6", "5" };
	e.taken = taken;
	e.baseline = baseline;
	if (kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, taken + 30, &res, &f->db.err) != KC_OK)
		fail_msg("reading %s: %s", bp, f->db.err.msg);
	return res.id;
}

/* The baseline is the latest baseline reading still valid: one entered in error is
 * passed over, a later plain reading is not a baseline, an earlier baseline is replaced. */
static void test_baseline_latest_valid(void **state)
{
	struct fx *f = *state;
	struct kc_screening scr;
	kc_id first, second, wrong;

	assert_int_equal(kc_screen_load(f->db.st, f->session, &scr, &f->db.err), KC_OK);
	assert_int_equal(scr.baseline_id, 0);
	first = reading(f, "120/80", 1, T0 + 2 * MIN);
	second = reading(f, "124/82", 1, T0 + 4 * MIN);
	assert_int_equal(kc_screen_load(f->db.st, f->session, &scr, &f->db.err), KC_OK);
	assert_int_equal(scr.baseline_id, second);
	assert_int_equal(scr.baseline.systolic, 124);
	wrong = reading(f, "150/95", 1, T0 + 6 * MIN);
	assert_int_equal(kc_chart_vitals_correct(f->db.st, &f->db.cfg, wrong, KC_EIE_WRONG_PATIENT, "other chair",
						 NULL, T0 + 7 * MIN, NULL, &f->db.err), KC_OK);
	reading(f, "130/85", 0, T0 + 8 * MIN);
	assert_int_equal(kc_screen_load(f->db.st, f->session, &scr, &f->db.err), KC_OK);
	assert_int_equal(scr.baseline_id, second);
	assert_int_equal(scr.baseline.systolic, 124);
	assert_int_equal(scr.baseline.diastolic, 82);
	assert_int_not_equal(first, second);
}

static void observe(struct fx *f, int nausea, time_t at)
{
	struct kc_obs_entry o = { .kind = KC_OBS_NAUSEA, .scale = KC_SCALE_NRS, .score = nausea, .detail = "",
				  .intervention = "", .note = "", .observed = at };

	if (kc_chart_observation(f->db.st, &f->db.cfg, f->session, &o, at, NULL, NULL, &f->db.err) != KC_OK)
		fail_msg("nausea %d: %s", nausea, f->db.err.msg);
}

/* An assessment, its Aldrete items all at score (2: ready, as far as they go). */
static void assess(struct fx *f, int score, time_t at)
{
	struct kc_discharge_row d = { .at = at, .aldrete = { score, score, score, score, score },
				      .gait_steady = score > 0, .escort_confirmed = 1, .instructions_given = score > 1 };

	if (kc_chart_discharge(f->db.st, &f->db.cfg, f->session, &d, at, NULL, &f->db.err) != KC_OK)
		fail_msg("assessment %d: %s", score, f->db.err.msg);
}

/* Discharge judged from the record read once equals discharge judged by reading again,
 * at several moments of the session. */
static void test_discharge_from_record(void **state)
{
	struct fx *f = *state;
	struct kc_record rec;
	time_t at[] = { T0 + 3 * MIN,  T0 + 10 * MIN, T0 + 12 * MIN, T0 + 34 * MIN, T0 + 35 * MIN,
			T0 + 36 * MIN, T0 + 38 * MIN, T0 + 39 * MIN, T0 + 40 * MIN };

	reading(f, "120/80", 1, T0 + 2 * MIN);
	reading(f, "182/112", 0, T0 + 9 * MIN);
	reading(f, "126/84", 0, T0 + 30 * MIN);
	observe(f, 6, T0 + 12 * MIN);
	observe(f, 1, T0 + 33 * MIN);
	assess(f, 1, T0 + 34 * MIN);
	assess(f, 2, T0 + 36 * MIN);
	assess(f, 2, T0 + 36 * MIN); /* assessed again in the same minute: the later one counts */
	assess(f, 0, T0 + 39 * MIN);
	assert_int_equal(kc_record_load(f->db.st, f->session, &rec, &f->db.err), KC_OK);
	assert_int_equal(rec.ndc, 4);
	for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
		struct kc_discharge_input in1, in2, in3;
		struct kc_discharge_result r1, r2, r3;

		assert_int_equal(kc_chart_discharge_eval(f->db.st, &f->db.cfg, f->session, at[i], &in1, &r1,
							 &f->db.err), KC_OK);
		assert_int_equal(kc_chart_discharge_eval_loaded(f->db.st, &f->db.cfg, &rec.s, &rec.scr, rec.vr,
								rec.nv, at[i], &in2, &r2, &f->db.err), KC_OK);
		assert_int_equal(r1.ready, r2.ready);
		for (int k = 0; k < KC_DC_COUNT; k++) {
			assert_int_equal(r1.c[k].met, r2.c[k].met);
			assert_string_equal(r1.c[k].why, r2.c[k].why);
		}
		assert_memory_equal(&in1, &in2, sizeof in1);
		/* from the record's rows alone, nothing read (the report's way) */
		kc_chart_discharge_eval_rows(&f->db.cfg, &rec.s, &rec.scr, rec.vr, rec.nv, rec.obs, rec.no, rec.dc,
					     rec.ndc, at[i], &in3, &r3);
		assert_int_equal(r1.ready, r3.ready);
		for (int k = 0; k < KC_DC_COUNT; k++) {
			assert_int_equal(r1.c[k].met, r3.c[k].met);
			assert_string_equal(r1.c[k].why, r3.c[k].why);
		}
		assert_memory_equal(&in1, &in3, sizeof in1);
	}
	kc_record_free(&rec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_baseline_latest_valid, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_discharge_from_record, fx_setup, tdb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
