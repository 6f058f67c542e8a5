/* test_chart.c — the charting path: what is refused stores nothing, what is stored carries
 * the derived late flag, due time and alerts, dosing is gated by the screening, and the
 * state a screen shows follows from what was stored. A temp on-disk database per test. */
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
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	kc_id patient, session;
	enum kc_route route;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "chart", "tester");
	f->patient = tdb_patient(&f->db, "T-1", "Test Patient", "1980-01-01", T0 - 86400);
	*state = f;
	return 0;
}

static kc_id new_session(struct fx *f, enum kc_route route)
{
	f->route = route;
	assert_int_equal(kc_session_create(f->db.st, f->patient, route, "depression", T0, &f->session, &f->db.err),
			 KC_OK);
	return f->session;
}

static void set(struct fx *f, const char *item, const char *value, const char *note, time_t at)
{
	if (kc_screen_set(f->db.st, f->session, item, value, note, at, &f->db.err) != KC_OK)
		fail_msg("screen_set %s: %s", item, f->db.err.msg);
}

static int vitals_at(struct fx *f, time_t taken, time_t now, const char *bp, const char *hr, int baseline,
		     struct kc_vitals_result *res)
{
	struct kc_vitals_entry e = { .taken = taken, .baseline = baseline };

	e.text = (struct kc_vitals_text){ bp, hr, "98", "14", "", "5" };
	return kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, now, res, &f->db.err);
}

/* A screening that passes for the route: everything answered "no", zero scores, fasted,
 * escort, consent, weight 70 kg, baseline 120/80 at 10 min before dosing. */
static void screening_ok(struct fx *f)
{
	enum kc_route route = f->route;
	time_t at = T0 + 5 * MIN;

	tdb_screen_clear(&f->db, f->session, route, T0 - 10 * 3600, at);
	assert_int_equal(kc_weight_add(f->db.st, f->patient, f->session, 70.0, at, at, &f->db.err), KC_OK);
	assert_int_equal(vitals_at(f, DOSE - 10 * MIN, DOSE - 9 * MIN, "120/80", "70", 1, NULL), KC_OK);
}

static size_t vitals_count(struct fx *f)
{
	struct kc_vitals_row *rows = NULL;
	size_t n = 0;

	assert_int_equal(kc_vitals_list(f->db.st, f->session, &rows, &n, &f->db.err), KC_OK);
	free(rows);
	return n;
}

static struct kc_vitals_row last_vitals(struct fx *f)
{
	struct kc_vitals_row *rows = NULL, r;
	size_t n = 0;

	assert_int_equal(kc_vitals_list(f->db.st, f->session, &rows, &n, &f->db.err), KC_OK);
	assert_true(n > 0);
	r = rows[n - 1];
	free(rows);
	return r;
}

static int dose_at(struct fx *f, enum kc_dose_kind kind, time_t at, const char *note)
{
	struct kc_dose_row r = { .kind = kind, .at = at };

	kc_strlcpy(r.note, note, sizeof r.note);
	return kc_chart_dose(f->db.st, &f->db.cfg, f->session, &r, at, &f->db.err);
}

static void iv_started(struct fx *f)
{
	new_session(f, KC_ROUTE_IV);
	screening_ok(f);
	assert_int_equal(dose_at(f, KC_DOSE_START, DOSE, ""), KC_OK);
}

/* ---------- refusals store nothing ---------- */

static void test_impossible_heart_rate_refused_and_nothing_stored(void **state)
{
	struct fx *f = *state;

	new_session(f, KC_ROUTE_IV);
	assert_int_equal(vitals_at(f, 0, T0 + MIN, "120/80", "301", 0, NULL), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "301"));
	assert_non_null(strstr(f->db.err.msg, "/min"));
	assert_int_equal(vitals_count(f), 0);
	assert_int_equal(vitals_at(f, 0, T0 + MIN, "120/80", "300", 0, NULL), KC_OK);
	assert_int_equal(vitals_count(f), 1);
}

static void test_bp_300_over_20_refused_280_over_20_stored(void **state)
{
	struct fx *f = *state;

	new_session(f, KC_ROUTE_IV);
	assert_int_equal(vitals_at(f, 0, T0 + MIN, "300/20", "80", 0, NULL), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "300"));
	assert_non_null(strstr(f->db.err.msg, "mmHg"));
	assert_int_equal(vitals_count(f), 0);
	assert_int_equal(vitals_at(f, 0, T0 + MIN, "280/20", "80", 0, NULL), KC_OK);
	assert_int_equal(last_vitals(f).v.systolic, 280);
}

static void test_time_in_future_or_before_session_refused(void **state)
{
	struct fx *f = *state;

	new_session(f, KC_ROUTE_IV);
	assert_int_equal(vitals_at(f, T0 + 11 * MIN, T0 + 10 * MIN, "120/80", "80", 0, NULL), KC_ERR_INVALID);
	assert_int_equal(vitals_at(f, T0 - 1, T0 + 10 * MIN, "120/80", "80", 0, NULL), KC_ERR_INVALID);
	assert_int_equal(vitals_count(f), 0);
	assert_int_equal(vitals_at(f, T0, T0 + 10 * MIN, "120/80", "80", 0, NULL), KC_OK);
}

static void test_refused_reading_needs_reason_then_stored_with_it(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_entry e = { .status = KC_VITALS_REFUSED, .reason = "" };

	new_session(f, KC_ROUTE_IV);
	e.text = (struct kc_vitals_text){ "", "", "", "", "", "" };
	assert_int_equal(kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, T0 + MIN, NULL, &f->db.err),
			 KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "needs a reason"));
	assert_int_equal(vitals_count(f), 0);
	e.reason = "patient asleep, declined cuff";
	assert_int_equal(kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, T0 + MIN, NULL, &f->db.err), KC_OK);
	assert_int_equal(last_vitals(f).status, KC_VITALS_REFUSED);
	assert_string_equal(last_vitals(f).reason, "patient asleep, declined cuff");
	assert_int_equal(last_vitals(f).v.systolic, KC_NONE);
}

/* ---------- derived: late, due, alerts ---------- */

static void test_entry_more_than_late_limit_after_taken_marked_late(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_result res;
	time_t now = T0 + 60 * MIN;
	int lim = f->db.cfg.general.late_entry_min;

	new_session(f, KC_ROUTE_IV);
	assert_int_equal(vitals_at(f, now - lim * MIN, now, "120/80", "80", 0, &res), KC_OK);
	assert_int_equal(res.late, 0);
	assert_int_equal(last_vitals(f).late, 0);
	assert_int_equal(vitals_at(f, now - lim * MIN - 1, now, "120/80", "80", 0, &res), KC_OK);
	assert_int_equal(res.late, 1);
	assert_int_equal(vitals_count(f), 2);
}

static void test_due_time_filled_from_schedule(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_result res;
	int iv = f->db.cfg.iv.vitals_interval_min;

	iv_started(f);
	assert_int_equal(vitals_at(f, DOSE + iv * MIN + 30, DOSE + iv * MIN + 60, "120/80", "80", 0, &res), KC_OK);
	assert_int_equal(res.due_at, DOSE + iv * MIN);
	assert_int_equal(last_vitals(f).due_at, DOSE + iv * MIN);
	/* the next one is due an interval after the one just taken */
	assert_int_equal(vitals_at(f, DOSE + 2 * iv * MIN + 60, DOSE + 2 * iv * MIN + 90, "120/80", "80", 0, &res),
			 KC_OK);
	assert_int_equal(res.due_at, DOSE + 2 * iv * MIN + 30);
}

/* Baseline 110/70 keeps every value below the absolute warn limits: only the rise flags. */
static void test_rise_over_baseline_warns_at_limit_not_below(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_result res;
	int rs = f->db.cfg.alerts.systolic_rise_warn, rd = f->db.cfg.alerts.diastolic_rise_warn;
	char bp[32];

	new_session(f, KC_ROUTE_IV);
	assert_int_equal(vitals_at(f, T0 + MIN, T0 + MIN, "110/70", "80", 1, NULL), KC_OK);
	snprintf(bp, sizeof bp, "%d/%d", 110 + rs - 1, 70 + rd - 1);
	assert_int_equal(vitals_at(f, T0 + 5 * MIN, T0 + 5 * MIN, bp, "80", 0, &res), KC_OK);
	assert_int_equal(res.alerts.worst, KC_LEVEL_OK);
	assert_string_equal(last_vitals(f).alerts, "");
	snprintf(bp, sizeof bp, "%d/%d", 110 + rs, 70);
	assert_int_equal(vitals_at(f, T0 + 7 * MIN, T0 + 7 * MIN, bp, "80", 0, &res), KC_OK);
	assert_int_equal(res.alerts.worst, KC_LEVEL_WARN);
	assert_int_equal(last_vitals(f).level, KC_LEVEL_WARN);
	assert_true(last_vitals(f).alerts[0] != '\0');
	snprintf(bp, sizeof bp, "%d/%d", 110, 70 + rd);
	assert_int_equal(vitals_at(f, T0 + 9 * MIN, T0 + 9 * MIN, bp, "80", 0, &res), KC_OK);
	assert_int_equal(res.alerts.worst, KC_LEVEL_WARN);
}

static void test_baseline_reading_gets_predose_gate(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_result res;

	new_session(f, KC_ROUTE_IV);
	assert_int_equal(vitals_at(f, T0 + MIN, T0 + 2 * MIN, "185/95", "80", 1, &res), KC_OK);
	assert_int_equal(res.predose_gate, KC_GATE_BLOCK);
	assert_non_null(strstr(res.gate_why, "185"));
	assert_int_equal(vitals_at(f, T0 + 3 * MIN, T0 + 4 * MIN, "130/85", "80", 1, &res), KC_OK);
	assert_int_equal(res.predose_gate, KC_GATE_PASS);
	assert_int_equal(last_vitals(f).baseline, 1);
}

static void test_correction_marks_original_and_stores_replacement(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_entry e = { 0 };
	struct kc_vitals_result res, fixed;
	struct kc_vitals_row *rows = NULL;
	size_t n = 0;

	new_session(f, KC_ROUTE_IV);
	assert_int_equal(vitals_at(f, T0 + MIN, T0 + 2 * MIN, "120/80", "118", 0, &res), KC_OK);
	e.text = (struct kc_vitals_text){ "120/80", "78", "98", "14", "", "5" };
	assert_int_equal(kc_chart_vitals_correct(f->db.st, &f->db.cfg, res.id, KC_EIE_WRONG_VALUE, "", &e, T0 + 3 * MIN,
						 &fixed, &f->db.err), KC_ERR_INVALID);
	assert_int_equal(kc_chart_vitals_correct(f->db.st, &f->db.cfg, res.id, KC_EIE_WRONG_VALUE, "typo", &e,
						 T0 + 3 * MIN, &fixed, &f->db.err), KC_OK);
	assert_int_equal(kc_vitals_list(f->db.st, f->session, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].id == res.id) {
			assert_int_equal(rows[i].eie.code, KC_EIE_WRONG_VALUE);
			assert_int_equal(rows[i].eie.replaced_by, fixed.id);
		} else {
			assert_int_equal(rows[i].v.heart_rate, 78);
			assert_int_equal(rows[i].taken_at, T0 + MIN); /* the original's time kept */
		}
	}
	free(rows);
}

/* ---------- observations ---------- */

static void test_cadss6_total_from_items_stored_by_item_number(void **state)
{
	struct fx *f = *state;
	static const int items[KC_CADSS6_ITEMS] = { 2, 1, 1, 0, 1, 0 };
	struct kc_obs_entry e = { .kind = KC_OBS_DISSOCIATION, .scale = KC_SCALE_CADSS6, .score = 99,
				  .items = items, .detail = "", .intervention = "", .note = "" };
	struct kc_alert_list al;
	struct kc_obs_row *rows = NULL;
	size_t n = 0;
	kc_id id = 0;

	new_session(f, KC_ROUTE_IV);
	assert_int_equal(kc_chart_observation(f->db.st, &f->db.cfg, f->session, &e, T0 + MIN, &id, &al, &f->db.err), KC_OK);
	assert_int_equal(al.worst, KC_LEVEL_WARN); /* 5 > 4 */
	assert_int_equal(kc_obs_list(f->db.st, f->session, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, id);
	assert_int_equal(rows[0].score, 5);
	assert_string_equal(rows[0].items, "1:2 2:1 6:1 7:0 15:1 22:0");
	free(rows);
}

static void test_headache_crisis_critical_only_with_bp_rise(void **state)
{
	struct fx *f = *state;
	struct kc_obs_entry e = { .kind = KC_OBS_HEADACHE, .scale = KC_SCALE_NRS, .score = 7, .detail = "",
				  .intervention = "", .note = "" };
	struct kc_alert_list al;
	int rise = f->db.cfg.alerts.systolic_rise_warn;
	char bp[32];

	iv_started(f);
	e.observed = DOSE + 2 * MIN;
	assert_int_equal(kc_chart_observation(f->db.st, &f->db.cfg, f->session, &e, DOSE + 3 * MIN, NULL, &al, &f->db.err),
			 KC_OK);
	assert_int_equal(al.worst, KC_LEVEL_WARN);
	snprintf(bp, sizeof bp, "%d/85", 120 + rise);
	assert_int_equal(vitals_at(f, DOSE + 5 * MIN, DOSE + 5 * MIN, bp, "80", 0, NULL), KC_OK);
	e.observed = DOSE + 6 * MIN;
	assert_int_equal(kc_chart_observation(f->db.st, &f->db.cfg, f->session, &e, DOSE + 6 * MIN, NULL, &al, &f->db.err),
			 KC_OK);
	assert_int_equal(al.worst, KC_LEVEL_CRITICAL);
}

/* A side effect's alerts read the readings up to the time it was observed: the latest
 * blood pressure (a reading without one does not hide it), the latest MOAA/S, never a
 * reading marked in error nor one taken after the effect. */
static int effect(struct fx *f, enum kc_obs_kind kind, int score, int vomiting, time_t observed)
{
	struct kc_obs_entry e = { .kind = kind, .scale = KC_SCALE_NRS, .score = score, .vomiting = vomiting,
				  .detail = "", .intervention = "", .note = "", .observed = observed };
	struct kc_alert_list al;

	assert_int_equal(kc_chart_observation(f->db.st, &f->db.cfg, f->session, &e, DOSE + 30 * MIN, NULL, &al,
					      &f->db.err), KC_OK);
	return al.worst;
}

static void test_effect_alerts_read_the_readings_up_to_the_effect(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_entry e = { .taken = DOSE + 8 * MIN };
	struct kc_vitals_result wrong;
	int rise = f->db.cfg.alerts.systolic_rise_warn;
	char bp[32];

	iv_started(f); /* baseline 120/80 */
	snprintf(bp, sizeof bp, "%d/85", 120 + rise);
	assert_int_equal(vitals_at(f, DOSE + 5 * MIN, DOSE + 5 * MIN, bp, "80", 0, NULL), KC_OK); /* MOAA/S 5 */
	e.text = (struct kc_vitals_text){ "", "84", "97", "14", "", "2" }; /* no pressure, MOAA/S 2 */
	assert_int_equal(kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, DOSE + 8 * MIN, NULL, &f->db.err), KC_OK);
	assert_int_equal(vitals_at(f, DOSE + 10 * MIN, DOSE + 10 * MIN, "118/78", "80", 0, &wrong), KC_OK);
	assert_int_equal(kc_chart_vitals_correct(f->db.st, &f->db.cfg, wrong.id, KC_EIE_WRONG_PATIENT, "another chair",
						 NULL, DOSE + 11 * MIN, NULL, &f->db.err), KC_OK);
	/* before the raised pressure: a warning; after it, through the reading without one
	 * and past the one in error: critical */
	assert_int_equal(effect(f, KC_OBS_HEADACHE, 7, 0, DOSE + 4 * MIN), KC_LEVEL_WARN);
	assert_int_equal(effect(f, KC_OBS_HEADACHE, 7, 0, DOSE + 9 * MIN), KC_LEVEL_CRITICAL);
	assert_int_equal(effect(f, KC_OBS_HEADACHE, 7, 0, DOSE + 12 * MIN), KC_LEVEL_CRITICAL);
	/* repeated vomiting: critical only once the MOAA/S of 2 was taken */
	assert_int_equal(effect(f, KC_OBS_NAUSEA, 5, 2, DOSE + 6 * MIN), KC_LEVEL_WARN);
	assert_int_equal(effect(f, KC_OBS_NAUSEA, 5, 2, DOSE + 9 * MIN), KC_LEVEL_CRITICAL);
}

/* ---------- dosing ---------- */

static void test_dosing_refused_while_blocked_allowed_after_override(void **state)
{
	struct fx *f = *state;
	struct kc_session s;

	new_session(f, KC_ROUTE_IV);
	screening_ok(f);
	set(f, "aneurysm", "yes", "", T0 + 20 * MIN);
	assert_int_equal(dose_at(f, KC_DOSE_START, DOSE, ""), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "dosing not allowed"));
	assert_non_null(strstr(f->db.err.msg, "neurysm"));
	assert_int_equal(kc_session_get(f->db.st, f->session, &s, &f->db.err), KC_OK);
	assert_int_equal(s.dose_start, 0);
	set(f, "override", "yes", "benefit outweighs risk: small stable aneurysm, neurology agrees", T0 + 30 * MIN);
	assert_int_equal(dose_at(f, KC_DOSE_START, DOSE, ""), KC_OK);
	assert_int_equal(kc_session_get(f->db.st, f->session, &s, &f->db.err), KC_OK);
	assert_int_equal(s.dose_start, DOSE);
}

static void test_esketamine_device_spacing_needs_note(void **state)
{
	struct fx *f = *state;
	int gap = f->db.cfg.esk.device_spacing_min * MIN;
	struct kc_dose_row *rows = NULL;
	size_t n = 0;

	new_session(f, KC_ROUTE_ESKETAMINE);
	screening_ok(f);
	assert_int_equal(dose_at(f, KC_DOSE_DEVICE, DOSE, ""), KC_OK);
	assert_int_equal(dose_at(f, KC_DOSE_DEVICE, DOSE + gap - 1, ""), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "too soon"));
	assert_int_equal(dose_at(f, KC_DOSE_DEVICE, DOSE + gap, ""), KC_OK);
	assert_int_equal(dose_at(f, KC_DOSE_DEVICE, DOSE + gap + 60, "patient sneezed the dose out"), KC_OK);
	assert_int_equal(dose_at(f, KC_DOSE_START, DOSE + gap + 120, ""), KC_ERR_INVALID);
	assert_int_equal(kc_dose_list(f->db.st, f->session, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 3);
	assert_int_equal(rows[2].device_no, 3);
	assert_true(rows[0].mg == f->db.cfg.esk.device_mg);
	free(rows);
}

static void test_plan_iv_arithmetic_stored_and_range_enforced(void **state)
{
	struct fx *f = *state;
	struct kc_iv_dose d;
	struct kc_session s;

	new_session(f, KC_ROUTE_IV);
	assert_int_equal(kc_chart_plan_iv(f->db.st, &f->db.cfg, f->session, 0.5, T0 + 10 * MIN, &d, &f->db.err),
			 KC_ERR_INVALID); /* screening incomplete */
	screening_ok(f);
	assert_int_equal(kc_chart_plan_iv(f->db.st, &f->db.cfg, f->session, 1.1, DOSE - 5 * MIN, &d, &f->db.err),
			 KC_ERR_INVALID);
	assert_int_equal(kc_chart_plan_iv(f->db.st, &f->db.cfg, f->session, 0.5, DOSE - 5 * MIN, &d, &f->db.err), KC_OK);
	assert_true(d.mg == 35.0);
	assert_true(d.ml_stock == 0.7);
	assert_true(d.rate_ml_h == 150.0);
	assert_int_equal(kc_session_get(f->db.st, f->session, &s, &f->db.err), KC_OK);
	assert_true(s.planned_mg == 35.0);
	assert_true(s.weight_kg == 70.0);
	assert_true(s.planned_mg_per_kg == 0.5);
}

/* ---------- state ---------- */

static void test_state_overdue_after_interval_plus_allowance(void **state)
{
	struct fx *f = *state;
	struct kc_chart_state cs;
	time_t due = DOSE + f->db.cfg.iv.vitals_interval_min * MIN;
	int allow = f->db.cfg.general.overdue_after_min * MIN;

	iv_started(f);
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, due - 1, &cs, &f->db.err), KC_OK);
	assert_int_equal(cs.sched.state, KC_DUE_LATER);
	assert_int_equal(cs.sched.next_due, due);
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, due + allow, &cs, &f->db.err), KC_OK);
	assert_int_equal(cs.sched.state, KC_DUE_NOW);
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, due + allow + 1, &cs, &f->db.err), KC_OK);
	assert_int_equal(cs.sched.state, KC_DUE_OVERDUE);
	assert_true(kc_verdict_allows_dosing(&cs.verdict));
	assert_int_equal(cs.readings, 1); /* the baseline */
	assert_string_equal(cs.p.chart_no, "T-1");
}

static void test_state_counts_unacknowledged_critical_until_acked(void **state)
{
	struct fx *f = *state;
	struct kc_chart_state cs;
	struct kc_vitals_result res;

	iv_started(f);
	assert_int_equal(vitals_at(f, DOSE + 5 * MIN, DOSE + 5 * MIN, "182/100", "80", 0, &res), KC_OK);
	assert_int_equal(res.alerts.worst, KC_LEVEL_CRITICAL);
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, DOSE + 6 * MIN, &cs, &f->db.err), KC_OK);
	assert_int_equal(cs.unacked_critical, 1);
	assert_int_equal(cs.last_unacked_id, res.id);
	assert_int_equal(cs.latest.systolic, 182);
	assert_int_equal(kc_vitals_ack(f->db.st, res.id, "rate halved", DOSE + 7 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, DOSE + 8 * MIN, &cs, &f->db.err), KC_OK);
	assert_int_equal(cs.unacked_critical, 0);
	assert_int_equal(cs.last_unacked_id, 0);
}

static void test_state_paused_follows_dose_events(void **state)
{
	struct fx *f = *state;
	struct kc_chart_state cs;

	iv_started(f);
	assert_int_equal(dose_at(f, KC_DOSE_PAUSE, DOSE + 3 * MIN, ""), KC_OK);
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, DOSE + 4 * MIN, &cs, &f->db.err), KC_OK);
	assert_int_equal(cs.paused, 1);
	assert_int_equal(dose_at(f, KC_DOSE_RESUME, DOSE + 5 * MIN, ""), KC_OK);
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, DOSE + 6 * MIN, &cs, &f->db.err), KC_OK);
	assert_int_equal(cs.paused, 0);
}

static void assess_ok(struct fx *f, time_t at)
{
	struct kc_discharge_row d = { .at = at, .aldrete = { 2, 2, 2, 2, 2 }, .gait_steady = 1,
				      .escort_confirmed = 1, .instructions_given = 1 };
	struct kc_discharge_result res;

	assert_int_equal(kc_chart_discharge(f->db.st, &f->db.cfg, f->session, &d, at, &res, &f->db.err), KC_OK);
	assert_int_equal(d.aldrete_total, 10);
}

static void test_state_discharge_ready_only_after_minimum_observation(void **state)
{
	struct fx *f = *state;
	struct kc_chart_state cs;
	static const int calm[KC_CADSS6_ITEMS] = { 0 };
	struct kc_obs_entry e = { .kind = KC_OBS_DISSOCIATION, .scale = KC_SCALE_CADSS6, .items = calm,
				  .detail = "", .intervention = "", .note = "" };
	time_t stop = DOSE + 40 * MIN, ready = stop + f->db.cfg.iv.min_observation_min * MIN;

	iv_started(f);
	assert_int_equal(dose_at(f, KC_DOSE_STOP, stop, ""), KC_OK);
	assert_int_equal(vitals_at(f, ready - 5 * MIN, ready - 5 * MIN, "124/80", "72", 0, NULL), KC_OK);
	e.observed = ready - 4 * MIN;
	assert_int_equal(kc_chart_observation(f->db.st, &f->db.cfg, f->session, &e, ready - 4 * MIN, NULL, NULL, &f->db.err),
			 KC_OK);
	assess_ok(f, ready - 2 * MIN);
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, ready - 1, &cs, &f->db.err), KC_OK);
	assert_int_equal(cs.dc.c[KC_DC_OBSERVATION].met, 0);
	assert_int_equal(cs.dc.ready, 0);
	assert_int_equal(cs.dci.obs_anchor, stop);
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, ready, &cs, &f->db.err), KC_OK);
	assert_int_equal(cs.dc.c[KC_DC_OBSERVATION].met, 1);
	assert_int_equal(cs.dc.c[KC_DC_ALDRETE].met, 1);
	assert_int_equal(cs.dci.cadss, 0);
	assert_int_equal(cs.dc.ready, 1);
}

static void test_discharge_assessment_stores_unmet_criteria(void **state)
{
	struct fx *f = *state;
	struct kc_discharge_row d = { .aldrete = { 2, 2, 1, 2, 1 }, .gait_steady = 1, .escort_confirmed = 0,
				      .instructions_given = 1 };
	struct kc_discharge_row *rows = NULL;
	struct kc_discharge_result res;
	size_t n = 0;

	iv_started(f);
	assert_int_equal(dose_at(f, KC_DOSE_STOP, DOSE + 40 * MIN, ""), KC_OK);
	d.aldrete.activity = 3;
	assert_int_equal(kc_chart_discharge(f->db.st, &f->db.cfg, f->session, &d, DOSE + 80 * MIN, &res, &f->db.err),
			 KC_ERR_INVALID); /* Aldrete components are 0-2 */
	d.aldrete.activity = 2;
	assert_int_equal(kc_chart_discharge(f->db.st, &f->db.cfg, f->session, &d, DOSE + 80 * MIN, &res, &f->db.err), KC_OK);
	assert_int_equal(d.aldrete_total, 8);
	assert_int_equal(res.c[KC_DC_ALDRETE].met, 0);
	assert_int_equal(res.c[KC_DC_ESCORT].met, 0); /* named at screening, not confirmed now */
	assert_int_equal(kc_discharge_list(f->db.st, f->session, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].ready, 0);
	assert_non_null(strstr(rows[0].unmet, "Aldrete"));
	assert_non_null(strstr(rows[0].unmet, "Escort"));
	free(rows);
}

/* ---------- who is charting ---------- */

/* A second clinician's connection to the same database, added by the admin ("tester"). */
static struct kc_store *other_clinician(struct fx *f, const char *login, enum kc_role role)
{
	struct kc_store *st = NULL;

	assert_int_equal(kc_clinician_add(f->db.st, login, NULL, role, T0, &f->db.err), KC_OK);
	assert_int_equal(kc_store_open(&st, f->db.path, KC_OPEN_EXISTING, login, &f->db.err), KC_OK);
	return st;
}

/* The hold is said first: a clinician who may not chart the session learns that, not
 * what is wrong with an entry the holder would have to make anyway. */
static void test_held_session_refuses_another_clinicians_entries_before_checking_them(void **state)
{
	struct fx *f = *state;
	struct kc_store *nurse = other_clinician(f, "nurse2", KC_ROLE_NURSE);
	struct kc_vitals_entry e = { .taken = DOSE + MIN };
	struct kc_obs_entry o = { .kind = KC_OBS_NAUSEA, .scale = KC_SCALE_NRS, .score = 99, .note = "" };
	struct kc_dose_row d = { .kind = KC_DOSE_PAUSE, .at = DOSE + MIN };
	struct kc_vitals_row v;

	iv_started(f);
	assert_int_equal(vitals_at(f, DOSE + MIN, DOSE + MIN, "130/85", "80", 0, NULL), KC_OK);
	v = last_vitals(f);
	assert_int_equal(kc_session_hold(nurse, f->session, DOSE + 2 * MIN, NULL, 0, NULL, &f->db.err), KC_OK);
	e.text = (struct kc_vitals_text){ "130/85", "999", "98", "14", "", "5" }; /* impossible HR */
	assert_int_equal(kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, DOSE + 3 * MIN, NULL, &f->db.err),
			 KC_ERR_BUSY);
	assert_non_null(strstr(f->db.err.msg, "is held by nurse2 since"));
	assert_int_equal(kc_chart_observation(f->db.st, &f->db.cfg, f->session, &o, DOSE + 3 * MIN, NULL, NULL, &f->db.err),
			 KC_ERR_BUSY);
	assert_int_equal(kc_chart_dose(f->db.st, &f->db.cfg, f->session, &d, DOSE + 3 * MIN, &f->db.err), KC_ERR_BUSY);
	assert_int_equal(kc_chart_vitals_correct(f->db.st, &f->db.cfg, v.id, KC_EIE_WRONG_VALUE, "typo", NULL,
						 DOSE + 3 * MIN, NULL, &f->db.err), KC_ERR_BUSY);
	assert_int_equal(vitals_count(f), 2);
	/* the holder's own impossible entry is refused for what it is */
	assert_int_equal(kc_chart_vitals(nurse, &f->db.cfg, f->session, &e, DOSE + 3 * MIN, NULL, &f->db.err),
			 KC_ERR_INVALID);
	kc_store_close(nurse);
}

/* An admin is a physician too; a nurse's override reason is refused, her assessment is not. */
static void test_discharge_override_is_a_physicians(void **state)
{
	struct fx *f = *state;
	struct kc_store *nurse = other_clinician(f, "nurse2", KC_ROLE_NURSE);
	struct kc_discharge_row d = { .aldrete = { 2, 2, 1, 2, 1 }, .gait_steady = 1, .escort_confirmed = 1,
				      .instructions_given = 1, .override_reason = "escort waiting; stable" };
	struct kc_discharge_row plain;

	iv_started(f);
	assert_int_equal(dose_at(f, KC_DOSE_STOP, DOSE + 40 * MIN, ""), KC_OK);
	plain = d;
	plain.override_reason[0] = '\0';
	assert_int_equal(kc_chart_discharge(nurse, &f->db.cfg, f->session, &d, DOSE + 80 * MIN, NULL, &f->db.err),
			 KC_ERR_DENIED);
	assert_non_null(strstr(f->db.err.msg, "only a physician may discharge with unmet criteria"));
	assert_int_equal(kc_chart_discharge(nurse, &f->db.cfg, f->session, &plain, DOSE + 80 * MIN, NULL, &f->db.err),
			 KC_OK);
	assert_int_equal(plain.ready, 0);
	d.id = 0;
	assert_int_equal(kc_chart_discharge(f->db.st, &f->db.cfg, f->session, &d, DOSE + 81 * MIN, NULL, &f->db.err), KC_OK);
	assert_int_equal(kc_session_end(nurse, f->session, "discharged", "", DOSE + 82 * MIN, &f->db.err), KC_OK);
	kc_store_close(nurse);
}

static void test_ended_session_refuses_entries(void **state)
{
	struct fx *f = *state;

	new_session(f, KC_ROUTE_IV);
	assert_int_equal(kc_session_end(f->db.st, f->session, "aborted", "patient changed mind", T0 + MIN, &f->db.err),
			 KC_OK);
	assert_int_equal(vitals_at(f, 0, T0 + 2 * MIN, "120/80", "80", 0, NULL), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "ended"));
}

/* A corrected observation is validated and flagged like a new one; the original stays,
 * marked; corrections are possible after the session ended but not once it is signed. */
static void test_observation_correction_until_signed(void **state)
{
	struct fx *f = *state;
	struct kc_obs_entry e = { .kind = KC_OBS_NAUSEA, .scale = KC_SCALE_NRS, .score = 2,
				  .intervention = "", .note = "mild", .observed = T0 + 10 * MIN };
	struct kc_alert_list al;
	struct kc_obs_row *rows = NULL;
	size_t n = 0;
	kc_id first, second, third;

	new_session(f, KC_ROUTE_IV);
	assert_int_equal(kc_chart_observation(f->db.st, &f->db.cfg, f->session, &e, T0 + 11 * MIN, &first, &al, &f->db.err),
			 KC_OK);
	assert_int_equal(al.worst, KC_LEVEL_OK);
	assert_int_equal(kc_session_end(f->db.st, f->session, "aborted", "pump fault", T0 + 20 * MIN, &f->db.err), KC_OK);
	e.score = 11; /* beyond NRS: refused, nothing changes */
	e.observed = 0;
	assert_int_equal(kc_chart_obs_correct(f->db.st, &f->db.cfg, f->session, first, KC_EIE_WRONG_VALUE, "typo", &e,
					      T0 + 25 * MIN, &second, &al, &f->db.err), KC_ERR_INVALID);
	e.score = 6;
	assert_int_equal(kc_chart_obs_correct(f->db.st, &f->db.cfg, f->session, first, KC_EIE_WRONG_VALUE, " ", &e,
					      T0 + 25 * MIN, &second, &al, &f->db.err), KC_ERR_INVALID);
	assert_int_equal(kc_chart_obs_correct(f->db.st, &f->db.cfg, f->session, first, KC_EIE_WRONG_VALUE, "typed 2 for 6",
					      &e, T0 + 25 * MIN, &second, &al, &f->db.err), KC_OK);
	assert_int_equal(al.worst, KC_LEVEL_WARN); /* nausea 6 >= 4 */
	assert_int_equal(kc_obs_list(f->db.st, f->session, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, first);
	assert_int_equal(rows[0].eie.code, KC_EIE_WRONG_VALUE);
	assert_int_equal(rows[0].eie.replaced_by, second);
	assert_int_equal(rows[1].eie.corrects, first);
	assert_int_equal(rows[1].score, 6);
	assert_int_equal(rows[1].observed_at, T0 + 10 * MIN); /* the original's time is kept */
	assert_int_equal(rows[1].level, KC_LEVEL_WARN);
	free(rows);
	assert_int_equal(kc_chart_obs_correct(f->db.st, &f->db.cfg, f->session, first, KC_EIE_INVALID, "again", NULL,
					      T0 + 26 * MIN, NULL, NULL, &f->db.err), KC_ERR_INVALID);
	assert_int_equal(kc_session_sign(f->db.st, f->session, T0 + 30 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_chart_obs_correct(f->db.st, &f->db.cfg, f->session, second, KC_EIE_INVALID, "late idea", NULL,
					      T0 + 31 * MIN, &third, NULL, &f->db.err), KC_ERR_SIGNED);
}

/* Vomiting is charted on the nausea entry; repeated vomiting with low consciousness is
 * critical there too, and not without the low MOAA/S. */
static void test_nausea_with_vomiting_and_low_moaas_is_critical(void **state)
{
	struct fx *f = *state;
	struct kc_obs_entry e = { .kind = KC_OBS_NAUSEA, .scale = KC_SCALE_NRS, .score = 5, .vomiting = 2,
				  .intervention = "ondansetron 4 mg IV", .note = "" };
	struct kc_vitals_entry v = { .taken = T0 + 10 * MIN };
	struct kc_alert_list al;

	new_session(f, KC_ROUTE_IV);
	e.observed = T0 + 11 * MIN;
	assert_int_equal(kc_chart_observation(f->db.st, &f->db.cfg, f->session, &e, T0 + 12 * MIN, NULL, &al, &f->db.err),
			 KC_OK);
	assert_int_equal(al.worst, KC_LEVEL_WARN); /* nausea 5 only: MOAA/S unknown */
	v.text = (struct kc_vitals_text){ "120/80", "80", "98", "14", "", "2" };
	assert_int_equal(kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &v, T0 + 13 * MIN, NULL, &f->db.err), KC_OK);
	e.observed = T0 + 14 * MIN;
	assert_int_equal(kc_chart_observation(f->db.st, &f->db.cfg, f->session, &e, T0 + 15 * MIN, NULL, &al, &f->db.err),
			 KC_OK);
	assert_int_equal(al.worst, KC_LEVEL_CRITICAL);
	assert_true(al.n >= 2); /* the nausea warning stays listed */
	e.vomiting = 1;
	assert_int_equal(kc_chart_observation(f->db.st, &f->db.cfg, f->session, &e, T0 + 16 * MIN, NULL, &al, &f->db.err),
			 KC_OK);
	assert_int_equal(al.worst, KC_LEVEL_WARN); /* one episode is not repeated vomiting */
}

/* The esketamine dose is chosen per session: 84 mg takes three devices, a dose off the
 * label needs a reason that reaches the chart, and the plan is fixed once a device is given. */
static void test_plan_esketamine_dose_per_session(void **state)
{
	struct fx *f = *state;
	struct kc_dose_row dev = { .kind = KC_DOSE_DEVICE };
	struct kc_answer_row *rows = NULL;
	struct kc_session s;
	size_t n = 0;
	int devices = 0, found = 0;

	new_session(f, KC_ROUTE_ESKETAMINE);
	assert_int_equal(kc_chart_plan_esk(f->db.st, &f->db.cfg, f->session, 84, NULL, T0 + MIN, &devices, &f->db.err),
			 KC_ERR_INVALID); /* screening incomplete */
	screening_ok(f);
	assert_int_equal(kc_chart_plan_esk(f->db.st, &f->db.cfg, f->session, 50, "x", DOSE - 5 * MIN, &devices, &f->db.err),
			 KC_ERR_INVALID); /* not a multiple of 28 */
	assert_int_equal(kc_chart_plan_esk(f->db.st, &f->db.cfg, f->session, 28, "", DOSE - 5 * MIN, &devices, &f->db.err),
			 KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "say why"));
	assert_int_equal(kc_chart_plan_esk(f->db.st, &f->db.cfg, f->session, 84, NULL, DOSE - 5 * MIN, &devices, &f->db.err),
			 KC_OK);
	assert_int_equal(devices, 3);
	assert_int_equal(kc_session_get(f->db.st, f->session, &s, &f->db.err), KC_OK);
	assert_true(s.planned_mg == 84.0);
	assert_int_equal(kc_chart_plan_esk(f->db.st, &f->db.cfg, f->session, 28, "tolerability after last session",
					   DOSE - 4 * MIN, &devices, &f->db.err), KC_OK);
	assert_int_equal(devices, 1);
	assert_int_equal(kc_screen_list(f->db.st, f->session, &rows, &n, &f->db.err), KC_OK);
	for (size_t i = 0; i < n; i++)
		found |= !strcmp(rows[i].item, "dose_reason") && strstr(rows[i].note, "tolerability") != NULL;
	free(rows);
	assert_true(found);
	dev.at = DOSE;
	assert_int_equal(kc_chart_dose(f->db.st, &f->db.cfg, f->session, &dev, DOSE, &f->db.err), KC_OK);
	assert_int_equal(kc_chart_plan_esk(f->db.st, &f->db.cfg, f->session, 84, NULL, DOSE + MIN, &devices, &f->db.err),
			 KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "once a device was given"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, tdb_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_impossible_heart_rate_refused_and_nothing_stored),
		T(test_bp_300_over_20_refused_280_over_20_stored),
		T(test_time_in_future_or_before_session_refused),
		T(test_refused_reading_needs_reason_then_stored_with_it),
		T(test_entry_more_than_late_limit_after_taken_marked_late),
		T(test_due_time_filled_from_schedule),
		T(test_rise_over_baseline_warns_at_limit_not_below),
		T(test_baseline_reading_gets_predose_gate),
		T(test_correction_marks_original_and_stores_replacement),
		T(test_cadss6_total_from_items_stored_by_item_number),
		T(test_headache_crisis_critical_only_with_bp_rise),
		T(test_effect_alerts_read_the_readings_up_to_the_effect),
		T(test_dosing_refused_while_blocked_allowed_after_override),
		T(test_esketamine_device_spacing_needs_note),
		T(test_plan_iv_arithmetic_stored_and_range_enforced),
		T(test_plan_esketamine_dose_per_session),
		T(test_state_overdue_after_interval_plus_allowance),
		T(test_state_counts_unacknowledged_critical_until_acked),
		T(test_state_paused_follows_dose_events),
		T(test_state_discharge_ready_only_after_minimum_observation),
		T(test_discharge_assessment_stores_unmet_criteria),
		T(test_ended_session_refuses_entries),
		T(test_observation_correction_until_signed),
		T(test_nausea_with_vomiting_and_low_moaas_is_critical),
		T(test_held_session_refuses_another_clinicians_entries_before_checking_them),
		T(test_discharge_override_is_a_physicians),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
