/* test_dose_truth.c — the dosing phase says only what happened (issue 8 items 3, 7, 8, 9):
 * the mg given is what the pump ran (rates, pauses, the bag's concentration) and a stop
 * that says otherwise needs a reason; an infusion past its planned end is flagged until
 * stopped or explained; an acknowledgement that says "infusion paused" pauses it; after a
 * critical reading the next one is due sooner; no dose starts while a critical alert
 * waits; volumes to 0.01 mL. Pure rules first, then the chart on a temp database. */
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
#include "kc_schedule.h"

#define MIN 60
#define T0 ((time_t)1700000000) /* session created */
#define DOSE (T0 + 60 * MIN)   /* the infusion starts */

static void has_text(const char *s, const char *want)
{
	if (!strstr(s, want))
		fail_msg("\"%s\" lacks \"%s\"", s, want);
}

/* ---------- rules: given so far ---------- */

static struct kc_inf_event ev(time_t at, enum kc_inf_kind kind, double rate)
{
	return (struct kc_inf_event){ .at = at, .kind = kind, .rate_ml_h = rate };
}

static void three_minutes_give_the_three_minutes_not_the_plan(void **state)
{
	struct kc_protocol_iv p = ref_config()->iv;
	struct kc_inf_event e[] = { ev(DOSE, KC_INF_START, 120) };
	struct kc_given g;
	struct kc_err err;

	(void)state;
	/* The example: 100 mg in a 100 mL bag is 1 mg/mL; 3 min at 120 mL/h = 6 mL. */
	assert_int_equal(kc_infusion_given(e, 1, DOSE + 3 * MIN, 100.0, &p, &g, &err), KC_OK);
	assert_tenths(g.mg, 6.0);
	assert_tenths(g.ml, 6.0);
	has_text(g.working, "3 min at 120.0 mL/h = 6.00 mL of 1 mg/mL = 6.0 mg");
	/* The session: 35 mg planned, 150 mL/h, stopped 3 min in: 7.5 mL of 0.35 mg/mL. */
	e[0].rate_ml_h = 150;
	assert_int_equal(kc_infusion_given(e, 1, DOSE + 3 * MIN, 35.0, &p, &g, &err), KC_OK);
	assert_tenths(g.mg, 2.6); /* 2.625 */
	assert_true(g.mg < 35.0);
	has_text(g.working, "3 min at 150.0 mL/h = 7.50 mL of 0.35 mg/mL = 2.6 mg");
	assert_int_equal(g.run_s, 3 * MIN);
	assert_int_equal(g.started, DOSE);
	assert_int_equal(g.stopped, 0);
}

static void pauses_do_not_count_and_move_the_planned_end(void **state)
{
	struct kc_protocol_iv p = ref_config()->iv;
	struct kc_inf_event e[] = {
		ev(DOSE, KC_INF_START, 150), ev(DOSE + 10 * MIN, KC_INF_PAUSE, 0),
		ev(DOSE + 15 * MIN, KC_INF_RESUME, 150), ev(DOSE + 25 * MIN, KC_INF_STOP, 0),
	};
	struct kc_given g;

	(void)state;
	/* In the pause: 10 min ran (25 mL), the pause so far counts toward the planned end. */
	assert_int_equal(kc_infusion_given(e, 4, DOSE + 12 * MIN, 35.0, &p, &g, NULL), KC_OK);
	assert_tenths(g.ml, 25.0);
	assert_int_equal(g.paused, 1);
	assert_int_equal(g.paused_s, 2 * MIN);
	assert_int_equal(g.planned_end, DOSE + 42 * MIN);
	/* After the stop: 20 min ran = 50 mL = 17.5 mg; the 5-min pause moved the end to 45 min. */
	assert_int_equal(kc_infusion_given(e, 4, DOSE + 90 * MIN, 35.0, &p, &g, NULL), KC_OK);
	assert_tenths(g.ml, 50.0);
	assert_tenths(g.mg, 17.5);
	assert_int_equal(g.run_s, 20 * MIN);
	assert_int_equal(g.paused_s, 5 * MIN);
	assert_int_equal(g.stopped, DOSE + 25 * MIN);
	assert_int_equal(g.planned_end, DOSE + 45 * MIN);
	has_text(g.working, "20 min at 150.0 mL/h = 50.00 mL of 0.35 mg/mL = 17.5 mg (paused 5 min)");
}

static void rate_changes_count_from_their_second(void **state)
{
	struct kc_protocol_iv p = ref_config()->iv;
	struct kc_inf_event e[] = { ev(DOSE, KC_INF_START, 150), ev(DOSE + 10 * MIN, KC_INF_RATE, 100),
				    ev(DOSE + 20 * MIN, KC_INF_RATE, 60) };
	struct kc_given g;

	(void)state;
	/* At the change itself nothing has run at the new rate yet. */
	assert_int_equal(kc_infusion_given(e, 3, DOSE + 10 * MIN, 100.0, &p, &g, NULL), KC_OK);
	assert_tenths(g.ml, 25.0);
	assert_tenths(g.rate_ml_h, 100.0);
	/* One second later: 25 mL + 100/3600 mL = 25.03 mL (to 0.01). */
	assert_int_equal(kc_infusion_given(e, 3, DOSE + 10 * MIN + 1, 100.0, &p, &g, NULL), KC_OK);
	assert_tenths(g.ml, 25.03);
	/* Events after upto do not count: at 15 min the 60 mL/h change has not happened. */
	assert_int_equal(kc_infusion_given(e, 3, DOSE + 15 * MIN, 100.0, &p, &g, NULL), KC_OK);
	assert_tenths(g.ml, 33.33);
	assert_tenths(g.mg, 33.3);
	/* 10 min at 150 + 10 at 100 + 10 at 60 = 25 + 16.67 + 10 = 51.67 mL of 1 mg/mL. */
	assert_int_equal(kc_infusion_given(e, 3, DOSE + 30 * MIN, 100.0, &p, &g, NULL), KC_OK);
	assert_tenths(g.ml, 51.67);
	assert_tenths(g.mg, 51.7);
	has_text(g.working, "10 min at 150.0 mL/h + 10 min at 100.0 mL/h + 10 min at 60.0 mL/h = 51.67 mL");
}

static void never_more_than_the_bag(void **state)
{
	struct kc_protocol_iv p = ref_config()->iv;
	struct kc_inf_event e[] = { ev(DOSE, KC_INF_START, 150) };
	struct kc_given g;

	(void)state;
	/* 40 min at 150 mL/h is exactly the 100 mL bag: the whole dose. */
	assert_int_equal(kc_infusion_given(e, 1, DOSE + 40 * MIN, 36.2, &p, &g, NULL), KC_OK);
	assert_tenths(g.mg, 36.2);
	assert_int_equal(g.bag_empty, 1);
	/* 5 h on: still the whole bag and not a milligram more. */
	assert_int_equal(kc_infusion_given(e, 1, DOSE + 300 * MIN, 36.2, &p, &g, NULL), KC_OK);
	assert_tenths(g.mg, 36.2);
	assert_tenths(g.ml, 100.0);
	has_text(g.working, "more than the 100 mL bag: the whole 36.2 mg");
	/* One second short of the bag is not the whole dose. */
	assert_int_equal(kc_infusion_given(e, 1, DOSE + 40 * MIN - 1, 36.2, &p, &g, NULL), KC_OK);
	assert_int_equal(g.bag_empty, 0);
}

static void unknown_concentration_is_said(void **state)
{
	struct kc_protocol_iv p = ref_config()->iv;
	struct kc_inf_event e[] = { ev(DOSE, KC_INF_START, 150) };
	struct kc_given g;
	struct kc_err err;

	(void)state;
	assert_refused(kc_infusion_given(e, 1, DOSE + 3 * MIN, 0, &p, &g, &err), err, "no dose was planned");
	assert_int_equal(g.started, DOSE); /* the times are known all the same */
	e[0].rate_ml_h = 0;                /* nothing ran: nothing given, plan or not */
	assert_int_equal(kc_infusion_given(e, 1, DOSE + 3 * MIN, 0, &p, &g, &err), KC_OK);
	assert_tenths(g.mg, 0.0);
	assert_int_equal(kc_infusion_given(e, 0, DOSE, 35, &p, &g, &err), KC_OK);
	has_text(g.working, "not started");
}

/* ---------- rules: the planned end, the recheck, volumes ---------- */

static void overrun_counts_from_the_planned_end(void **state)
{
	struct kc_protocol_iv p = ref_config()->iv;
	struct kc_inf_event e[] = { ev(DOSE, KC_INF_START, 150), ev(DOSE + 50 * MIN, KC_INF_STOP, 0) };
	struct kc_given g;

	(void)state;
	assert_int_equal(kc_infusion_given(e, 1, DOSE + 40 * MIN, 35, &p, &g, NULL), KC_OK);
	assert_int_equal(g.planned_end, DOSE + 40 * MIN);
	assert_int_equal(kc_infusion_overrun_s(&g, DOSE + 40 * MIN), 0);
	assert_int_equal(kc_infusion_overrun_s(&g, DOSE + 40 * MIN + 1), 1);
	assert_int_equal(kc_infusion_overrun_s(&g, DOSE + 316 * MIN), 276 * MIN);
	/* Stopped: no overrun however late it is. */
	assert_int_equal(kc_infusion_given(e, 2, DOSE + 60 * MIN, 35, &p, &g, NULL), KC_OK);
	assert_int_equal(kc_infusion_overrun_s(&g, DOSE + 60 * MIN), 0);
}

static void recheck_after_a_critical_reading(void **state)
{
	const struct kc_config *cfg = ref_config();
	struct kc_sched_input in = { .route = KC_ROUTE_IV, .phase = KC_PHASE_DOSING, .dose_start = DOSE,
				     .last_reading = DOSE + 20 * MIN, .last_critical = 1 };
	struct kc_sched s;

	(void)state;
	assert_int_equal(cfg->alerts.recheck_after_critical_min, 5);
	kc_schedule_next(&in, cfg, DOSE + 21 * MIN, &s);
	assert_int_equal(s.next_due, DOSE + 25 * MIN);
	assert_string_equal(s.what, "recheck after a critical reading");
	assert_int_equal(s.interval_min, 0);
	kc_schedule_next(&in, cfg, DOSE + 25 * MIN, &s);
	assert_int_equal(s.state, KC_DUE_NOW);
	/* Not critical: the usual 10 minutes. */
	in.last_critical = 0;
	kc_schedule_next(&in, cfg, DOSE + 21 * MIN, &s);
	assert_int_equal(s.next_due, DOSE + 30 * MIN);
	/* In recovery the same. */
	in = (struct kc_sched_input){ .route = KC_ROUTE_IV, .phase = KC_PHASE_RECOVERY, .dose_start = DOSE,
				      .dose_end = DOSE + 40 * MIN, .last_reading = DOSE + 50 * MIN, .last_critical = 1 };
	kc_schedule_next(&in, cfg, DOSE + 51 * MIN, &s);
	assert_int_equal(s.next_due, DOSE + 55 * MIN);
	/* A critical pre-dose reading does not shorten the dosing schedule. */
	in = (struct kc_sched_input){ .route = KC_ROUTE_IV, .phase = KC_PHASE_DOSING, .dose_start = DOSE,
				      .last_reading = DOSE - 5 * MIN, .last_critical = 1 };
	kc_schedule_next(&in, cfg, DOSE + 1, &s);
	assert_int_equal(s.next_due, DOSE + 10 * MIN);
	/* Esketamine: the 40-min check comes first when it is sooner than the recheck. */
	in = (struct kc_sched_input){ .route = KC_ROUTE_ESKETAMINE, .phase = KC_PHASE_DOSING, .dose_start = DOSE,
				      .last_reading = DOSE + 2 * MIN, .last_critical = 1 };
	kc_schedule_next(&in, cfg, DOSE + 3 * MIN, &s);
	assert_int_equal(s.next_due, DOSE + 7 * MIN);
}

static void volumes_to_hundredths(void **state)
{
	struct kc_protocol_iv p = ref_config()->iv;
	struct kc_limits_cfg lim = ref_config()->limits;
	struct kc_iv_dose d;

	(void)state;
	/* 86.8 kg x 0.5 = 43.4 mg of 50 mg/mL is 0.868 mL: 0.87, not 0.9 (= 45 mg). */
	assert_int_equal(kc_iv_dose_calc(86.8, 0.5, &p, &lim, &d, NULL), KC_OK);
	assert_tenths(d.mg, 43.4);
	assert_tenths(d.ml_stock, 0.87);
	assert_tenths(kc_round2(0.865), 0.87);  /* half away from zero, despite binary */
	assert_tenths(kc_round2(0.8649), 0.86);
	assert_tenths(kc_round2(-0.005), -0.01);
}

/* ---------- the chart on a temp database ---------- */

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	kc_id patient, session;
};

static void set(struct fx *f, const char *item, const char *value, const char *note)
{
	if (kc_screen_set(f->db.st, f->session, item, value, note, T0 + 5 * MIN, &f->db.err) != KC_OK)
		fail_msg("screen_set %s: %s", item, f->db.err.msg);
}

static int vitals_at(struct fx *f, time_t taken, const char *bp, int baseline, kc_id *id)
{
	struct kc_vitals_entry e = { .taken = taken, .baseline = baseline };
	struct kc_vitals_result res;
	int rc;

	e.text = (struct kc_vitals_text){ bp, "72", "98", "14", "", "5" };
	rc = kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, taken + 30, &res, &f->db.err);
	if (id)
		*id = res.id;
	return rc;
}

/* Everything answered and passing except the baseline, which the test gives. */
static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "dose_truth", "tester");
	f->patient = tdb_patient(&f->db, "T-1", "Test Patient", "1980-01-01", T0 - 86400);
	f->session = tdb_session(&f->db, f->patient, KC_ROUTE_IV, T0);
	tdb_screen_clear(&f->db, f->session, KC_ROUTE_IV, T0 - 10 * 3600, T0 + 5 * MIN);
	assert_int_equal(kc_chart_weight(f->db.st, &f->db.cfg, f->patient, f->session, "70", T0 + 5 * MIN,
					 T0 + 5 * MIN, NULL, &f->db.err), KC_OK);
	*state = f;
	return 0;
}

static int dose_at(struct fx *f, enum kc_dose_kind kind, time_t at, double mg, double rate, const char *note)
{
	struct kc_dose_row r = { .kind = kind, .at = at, .mg = mg, .rate_ml_h = rate };

	kc_strlcpy(r.note, note, sizeof r.note);
	return kc_chart_dose(f->db.st, &f->db.cfg, f->session, &r, at, &f->db.err);
}

/* Baseline 120/80, the plan (70 kg x 0.5 = 35 mg in 100 mL, 150 mL/h), started at DOSE. */
static void running(struct fx *f)
{
	struct kc_iv_dose d;

	assert_int_equal(vitals_at(f, DOSE - 10 * MIN, "120/80", 1, NULL), KC_OK);
	assert_int_equal(kc_chart_plan_iv(f->db.st, &f->db.cfg, f->session, 0.5, DOSE - 5 * MIN, &d, &f->db.err),
			 KC_OK);
	assert_tenths(d.mg, 35.0);
	assert_int_equal(dose_at(f, KC_DOSE_START, DOSE, 0, d.rate_ml_h, ""), KC_OK);
}

static double given_mg(struct fx *f)
{
	struct kc_session s;

	assert_int_equal(kc_session_get(f->db.st, f->session, &s, &f->db.err), KC_OK);
	return s.given_mg;
}

static void stop_three_minutes_in_needs_the_pumps_amount_or_a_reason(void **state)
{
	struct fx *f = *state;
	struct kc_given g;

	running(f);
	assert_int_equal(kc_chart_infusion(f->db.st, &f->db.cfg, f->session, DOSE + 3 * MIN, &g, &f->db.err), KC_OK);
	assert_tenths(g.mg, 2.6);
	/* The whole plan after 3 minutes is refused, saying what the pump ran. */
	assert_refused(dose_at(f, KC_DOSE_STOP, DOSE + 3 * MIN, 35.0, 0, ""), f->db.err,
		       "35.0 mg is not what the pump ran (3 min at 150.0 mL/h = 7.50 mL of 0.35 mg/mL = 2.6 mg)");
	assert_tenths(given_mg(f), 0.0); /* nothing stored */
	/* 0.05 off is another amount too; the pump's amount is taken. */
	assert_refused(dose_at(f, KC_DOSE_STOP, DOSE + 3 * MIN, 2.7, 0, ""), f->db.err, "say why in the note");
	assert_int_equal(dose_at(f, KC_DOSE_STOP, DOSE + 3 * MIN, 2.6, 0, ""), KC_OK);
	assert_tenths(given_mg(f), 2.6);
}

static void stop_with_another_amount_and_a_reason(void **state)
{
	struct fx *f = *state;

	running(f);
	assert_int_equal(dose_at(f, KC_DOSE_STOP, DOSE + 3 * MIN, 4.0, 0, "line flushed by hand: 4 mg by syringe"),
			 KC_OK);
	assert_tenths(given_mg(f), 4.0);
}

static void stop_after_a_pause_and_a_rate_change(void **state)
{
	struct fx *f = *state;
	struct kc_chart_state cs;

	running(f);
	assert_int_equal(dose_at(f, KC_DOSE_PAUSE, DOSE + 10 * MIN, 0, 0, "BP"), KC_OK);
	assert_int_equal(dose_at(f, KC_DOSE_RESUME, DOSE + 15 * MIN, 0, 150, ""), KC_OK);
	assert_int_equal(dose_at(f, KC_DOSE_RATE, DOSE + 25 * MIN, 0, 100, "BP"), KC_OK);
	/* While running the state says what was given so far: 20 min at 150 (50 mL) + 5 at 100. */
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, DOSE + 30 * MIN, &cs, &f->db.err),
			 KC_OK);
	assert_int_equal(cs.given_ok, 1);
	assert_tenths(cs.given.ml, 58.33);
	assert_tenths(cs.given.mg, 20.4); /* 58.333 x 0.35 = 20.42 */
	assert_int_equal(cs.given.planned_end, DOSE + 45 * MIN);
	/* 20 min at 150 + 20 at 100 = 50 + 33.33 mL = 29.2 mg. */
	assert_refused(dose_at(f, KC_DOSE_STOP, DOSE + 45 * MIN, 35.0, 0, ""), f->db.err, "= 29.2 mg");
	assert_int_equal(dose_at(f, KC_DOSE_STOP, DOSE + 45 * MIN, 29.2, 0, ""), KC_OK);
	assert_tenths(given_mg(f), 29.2);
}

static void overrun_banner_until_explained(void **state)
{
	struct fx *f = *state;
	struct kc_chart_state cs;
	time_t warn = DOSE + (40 + f->db.cfg.dose.overrun_warn_min) * MIN;

	running(f);
	assert_int_equal(f->db.cfg.dose.overrun_warn_min, 10);
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, warn - 1, &cs, &f->db.err), KC_OK);
	assert_int_equal(cs.overrun_s, 0);
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, warn, &cs, &f->db.err), KC_OK);
	assert_int_equal(cs.overrun_s, 10 * MIN);
	assert_int_equal(kc_chart_overrun_at(&cs, &f->db.cfg, DOSE + 316 * MIN), 276 * MIN);
	assert_refused(kc_chart_overrun_note(f->db.st, &f->db.cfg, f->session, " ", warn, &f->db.err), f->db.err,
		       "say why");
	assert_int_equal(kc_chart_overrun_note(f->db.st, &f->db.cfg, f->session, "pump slowed for BP", warn,
					       &f->db.err), KC_OK);
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, warn + MIN, &cs, &f->db.err), KC_OK);
	assert_int_equal(cs.overrun_s, 0);
	assert_int_equal(cs.overrun_noted, warn);
}

static void overrun_gone_once_stopped(void **state)
{
	struct fx *f = *state;
	struct kc_chart_state cs;

	running(f);
	assert_int_equal(dose_at(f, KC_DOSE_STOP, DOSE + 60 * MIN, 35.0, 0, ""), KC_OK); /* the whole bag ran */
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, DOSE + 90 * MIN, &cs, &f->db.err),
			 KC_OK);
	assert_int_equal(cs.overrun_s, 0);
	assert_refused(kc_chart_overrun_note(f->db.st, &f->db.cfg, f->session, "late", DOSE + 90 * MIN, &f->db.err),
		       f->db.err, "no infusion is running");
}

static void ack_infusion_paused_pauses_it(void **state)
{
	struct fx *f = *state;
	struct kc_chart_state cs;
	struct kc_dose_row *rows = NULL;
	size_t n = 0;
	kc_id crit;

	running(f);
	assert_int_equal(vitals_at(f, DOSE + 10 * MIN, "185/112", 0, &crit), KC_OK);
	assert_int_equal(kc_chart_ack(f->db.st, &f->db.cfg, crit, "infusion paused: Dr Lee informed", DOSE + 11 * MIN,
				      &f->db.err), KC_OK);
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, DOSE + 12 * MIN, &cs, &f->db.err),
			 KC_OK);
	assert_int_equal(cs.paused, 1);
	assert_int_equal(cs.unacked_critical, 0);
	assert_int_equal(kc_dose_list(f->db.st, f->session, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[1].kind, KC_DOSE_PAUSE);
	assert_int_equal(rows[1].at, DOSE + 11 * MIN);
	has_text(rows[1].note, "SBP 185 mmHg >= 180");
	free(rows);
	/* Acknowledged once: a second time is refused and pauses nothing. */
	assert_refused(kc_chart_ack(f->db.st, &f->db.cfg, crit, "infusion paused", DOSE + 13 * MIN, &f->db.err),
		       f->db.err, "already acknowledged");
}

static void ack_rate_reduced_records_the_rate(void **state)
{
	struct fx *f = *state;
	struct kc_chart_state cs;
	kc_id crit;

	running(f);
	assert_int_equal(vitals_at(f, DOSE + 10 * MIN, "184/104", 0, &crit), KC_OK);
	assert_refused(kc_chart_ack_rate(f->db.st, &f->db.cfg, crit, "rate reduced", 200, DOSE + 11 * MIN, &f->db.err),
		       f->db.err, "not below the 150.0 mL/h in force");
	assert_int_equal(kc_chart_ack_rate(f->db.st, &f->db.cfg, crit, "rate reduced to 100.0 mL/h", 100,
					   DOSE + 11 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, DOSE + 12 * MIN, &cs, &f->db.err),
			 KC_OK);
	assert_tenths(cs.given.rate_ml_h, 100.0);
	/* The critical reading brings the next one forward: due 5 min after it. */
	assert_int_equal(cs.sched.next_due, DOSE + 15 * MIN);
	assert_string_equal(cs.sched.what, "recheck after a critical reading");
}

static void recheck_due_stored_on_the_next_reading(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_entry e = { .taken = DOSE + 16 * MIN };
	struct kc_vitals_result res;

	running(f);
	assert_int_equal(vitals_at(f, DOSE + 10 * MIN, "182/100", 0, NULL), KC_OK);
	e.text = (struct kc_vitals_text){ "150/90", "72", "98", "14", "", "5" };
	assert_int_equal(kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, DOSE + 16 * MIN, &res, &f->db.err),
			 KC_OK);
	assert_int_equal(res.due_at, DOSE + 15 * MIN); /* not DOSE + 20 */
}

static void no_dose_starts_while_a_baseline_crit_waits(void **state)
{
	struct fx *f = *state;
	struct kc_chart_state cs;
	struct kc_iv_dose d;
	kc_id crit;

	/* 180/95 (critical), then 140/90: the verdict reads the last one, the alert stays. */
	assert_int_equal(vitals_at(f, DOSE - 20 * MIN, "180/95", 1, &crit), KC_OK);
	assert_int_equal(vitals_at(f, DOSE - 10 * MIN, "140/90", 1, NULL), KC_OK);
	assert_int_equal(kc_chart_plan_iv(f->db.st, &f->db.cfg, f->session, 0.5, DOSE - 5 * MIN, &d, &f->db.err), KC_OK);
	assert_refused(dose_at(f, KC_DOSE_START, DOSE, 0, 150, ""), f->db.err,
		       "no dose may start while a critical alert is not acknowledged: the pre-dose reading 180/95");
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, DOSE, &cs, &f->db.err), KC_OK);
	assert_int_equal(cs.s.dose_start, 0);
	assert_int_equal(cs.s.phase, KC_PHASE_SCREENING);
	assert_int_equal(kc_chart_ack(f->db.st, &f->db.cfg, crit, "repeat reading: 140/90 ten minutes later",
				      DOSE - MIN, &f->db.err), KC_OK);
	assert_int_equal(dose_at(f, KC_DOSE_START, DOSE, 0, 150, ""), KC_OK);
}

static void no_device_while_a_crit_waits(void **state)
{
	struct fx *f = *state;
	struct kc_dose_row dev = { .kind = KC_DOSE_DEVICE, .at = DOSE, .lot = "L1" };
	kc_id sess;
	int devices;

	assert_int_equal(kc_session_create(f->db.st, f->patient, KC_ROUTE_ESKETAMINE, "depression", T0, &sess,
					   &f->db.err), KC_OK);
	f->session = sess;
	/* Reuse the IV answers: esketamine items are a superset only in part, so answer all. */
	{
		size_t n;
		const struct kc_check_item *items = kc_check_items(&n);
		char item[32];

		for (size_t i = 0; i < n; i++)
			set(f, items[i].key, "no", "");
		for (int i = 1; i <= 9; i++) {
			snprintf(item, sizeof item, "phq9.%d", i);
			set(f, item, "0", "");
		}
		for (int i = 1; i <= 7; i++) {
			snprintf(item, sizeof item, "gad7.%d", i);
			set(f, item, "0", "");
		}
		set(f, "cssrs.1", "no", "");
		set(f, "cssrs.2", "no", "");
		set(f, "cssrs.6", "no", "");
		snprintf(item, sizeof item, "%lld", (long long)(T0 - 10 * 3600));
		set(f, "last_solids", item, "");
		set(f, "last_liquids", item, "");
		set(f, "escort_name", "Pat Escort", "");
		set(f, "escort_phone", "555-0100", "");
		set(f, "consent", "yes", "");
		set(f, "med_changes", "reviewed", "none");
		assert_int_equal(kc_chart_weight(f->db.st, &f->db.cfg, f->patient, f->session, "70", T0 + 5 * MIN,
						 T0 + 5 * MIN, NULL, &f->db.err), KC_OK);
	}
	assert_int_equal(vitals_at(f, DOSE - 20 * MIN, "120/80", 1, NULL), KC_OK);
	assert_int_equal(kc_chart_plan_esk(f->db.st, &f->db.cfg, f->session, 56, NULL, DOSE - 5 * MIN, &devices,
					   &f->db.err), KC_OK);
	/* SpO2 88 % after the baseline: critical, and no BP in the message's place. */
	{
		struct kc_vitals_entry e = { .taken = DOSE - 3 * MIN };

		e.text = (struct kc_vitals_text){ "", "80", "88", "14", "", "5" };
		assert_int_equal(kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, DOSE - 3 * MIN, NULL, &f->db.err),
				 KC_OK);
	}
	assert_refused(kc_chart_dose(f->db.st, &f->db.cfg, f->session, &dev, DOSE, &f->db.err), f->db.err,
		       "no dose may start while a critical alert is not acknowledged: the reading of");
	has_text(f->db.err.msg, "SpO2 88");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(three_minutes_give_the_three_minutes_not_the_plan),
		cmocka_unit_test(pauses_do_not_count_and_move_the_planned_end),
		cmocka_unit_test(rate_changes_count_from_their_second),
		cmocka_unit_test(never_more_than_the_bag),
		cmocka_unit_test(unknown_concentration_is_said),
		cmocka_unit_test(overrun_counts_from_the_planned_end),
		cmocka_unit_test(recheck_after_a_critical_reading),
		cmocka_unit_test(volumes_to_hundredths),
		cmocka_unit_test_setup_teardown(stop_three_minutes_in_needs_the_pumps_amount_or_a_reason, fx_setup,
						tdb_teardown),
		cmocka_unit_test_setup_teardown(stop_with_another_amount_and_a_reason, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(stop_after_a_pause_and_a_rate_change, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(overrun_banner_until_explained, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(overrun_gone_once_stopped, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(ack_infusion_paused_pauses_it, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(ack_rate_reduced_records_the_rate, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(recheck_due_stored_on_the_next_reading, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(no_dose_starts_while_a_baseline_crit_waits, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(no_device_while_a_crit_waits, fx_setup, tdb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
