/* test_state_at.c — a session screen's state seen at a later minute without reading the
 * database (kc_chart_state_at, issue 10: screens read again only when the database
 * changed; the due and overdue times, the screening's fasting and the discharge criteria
 * still move with the clock). At every moment it must equal a state loaded then. */
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

#define MIN 60
#define T0 ((time_t)1700000000) /* session created */
#define DOSE (T0 + 60 * MIN)   /* dosing starts */

struct fx {
	struct kc_tdb db;
	kc_id patient, session;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "stateat", "tester");
	f->patient = tdb_patient(&f->db, "T-1", "Test Patient", "1980-01-01", T0 - 86400);
	f->session = tdb_session(&f->db, f->patient, KC_ROUTE_IV, T0);
	*state = f;
	return 0;
}

static void vitals(struct fx *f, time_t taken, const char *bp, int baseline)
{
	struct kc_vitals_entry e = { .taken = taken, .baseline = baseline };

	e.text = (struct kc_vitals_text){ bp, "70", "98", "14", "", "5" };
	if (kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, taken, NULL, &f->db.err) != KC_OK)
		fail_msg("vitals %s: %s", bp, f->db.err.msg);
}

static void dose(struct fx *f, enum kc_dose_kind kind, time_t at)
{
	struct kc_dose_row r = { .kind = kind, .at = at };

	if (kc_chart_dose(f->db.st, &f->db.cfg, f->session, &r, at, &f->db.err) != KC_OK)
		fail_msg("dose at %lld: %s", (long long)at, f->db.err.msg);
}

/* The state loaded at from, then seen at each of later[] by kc_chart_state_at, equals the
 * state loaded at that moment: verdict, schedule, discharge input and criteria. */
static void same_as_loaded(struct fx *f, time_t from, const time_t *later, size_t n)
{
	struct kc_chart_state at, loaded;

	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, from, &at, &f->db.err), KC_OK);
	for (size_t i = 0; i < n; i++) {
		kc_chart_state_at(&at, &f->db.cfg, later[i]);
		assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, later[i], &loaded, &f->db.err),
				 KC_OK);
		assert_memory_equal(&at.verdict, &loaded.verdict, sizeof at.verdict);
		assert_int_equal(at.sched.state, loaded.sched.state);
		assert_int_equal(at.sched.next_due, loaded.sched.next_due);
		assert_int_equal(at.sched.seconds_left, loaded.sched.seconds_left);
		assert_int_equal(at.sched.interval_min, loaded.sched.interval_min);
		assert_string_equal(at.sched.what, loaded.sched.what);
		assert_memory_equal(&at.dci, &loaded.dci, sizeof at.dci);
		assert_int_equal(at.dc.ready, loaded.dc.ready);
		assert_int_equal(at.dc.earliest, loaded.dc.earliest);
		assert_int_equal(at.dc.aldrete_total, loaded.dc.aldrete_total);
		for (int k = 0; k < KC_DC_COUNT; k++) {
			assert_int_equal(at.dc.c[k].met, loaded.dc.c[k].met);
			assert_string_equal(at.dc.c[k].why, loaded.dc.c[k].why);
		}
	}
}

/* Before dosing: the last meal 5 h 50 min before, so fasting is short at first and not
 * any more later on; the verdict changes with the clock alone. */
static void test_screening_fasting_moves(void **state)
{
	struct fx *f = *state;
	time_t later[] = { DOSE - 20 * MIN, DOSE - 9 * MIN, DOSE, DOSE + 10 * MIN, DOSE + 3 * 60 * MIN };

	tdb_screen_clear(&f->db, f->session, KC_ROUTE_IV, DOSE - 6 * 60 * MIN + 10 * MIN, T0 + 5 * MIN);
	assert_int_equal(kc_weight_add(f->db.st, f->patient, f->session, 70.0, T0 + 5 * MIN, T0 + 5 * MIN, &f->db.err),
			 KC_OK);
	vitals(f, DOSE - 30 * MIN, "120/80", 1);
	same_as_loaded(f, DOSE - 29 * MIN, later, sizeof later / sizeof later[0]);
}

/* An infusion running, then in recovery: the due reading turns overdue, the observation
 * minimum is met, the latest reading grows too old. */
static void test_dosing_and_recovery_move(void **state)
{
	struct fx *f = *state;
	time_t running[] = { DOSE + 6 * MIN, DOSE + 14 * MIN, DOSE + 15 * MIN, DOSE + 16 * MIN, DOSE + 39 * MIN };
	time_t stop = DOSE + 40 * MIN, ready = stop + f->db.cfg.iv.min_observation_min * MIN;
	time_t recovery[] = { stop + 1 * MIN, ready - 1, ready, ready + 1, ready + 30 * MIN, ready + 4 * 60 * MIN };

	tdb_screen_clear(&f->db, f->session, KC_ROUTE_IV, T0 - 10 * 3600, T0 + 5 * MIN);
	assert_int_equal(kc_weight_add(f->db.st, f->patient, f->session, 70.0, T0 + 5 * MIN, T0 + 5 * MIN, &f->db.err),
			 KC_OK);
	vitals(f, DOSE - 10 * MIN, "120/80", 1);
	dose(f, KC_DOSE_START, DOSE);
	vitals(f, DOSE + 5 * MIN, "124/82", 0);
	same_as_loaded(f, DOSE + 5 * MIN, running, sizeof running / sizeof running[0]);
	dose(f, KC_DOSE_STOP, stop);
	vitals(f, stop + 1 * MIN, "122/80", 0);
	same_as_loaded(f, stop + 1 * MIN, recovery, sizeof recovery / sizeof recovery[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_screening_fasting_moves, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_dosing_and_recovery_move, fx_setup, tdb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
