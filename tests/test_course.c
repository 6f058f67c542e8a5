/* test_course.c — the course rules (kc_course.h) at their boundaries: response at exactly
 * 50% below the course's first PHQ-9 and one point short of it, remission below 5 and not
 * at 5, the first scored session as the reference, sessions without a PHQ-9, dose
 * escalations, "session N of M" of the planned series, and PCL-5's total. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kc_booking.h"
#include "kc_chart.h"
#include "kc_report.h"

#include "fixture.h"
#include "kc_course.h"

static const struct kc_course_cfg *cc(void)
{
	return &ref_config()->course;
}

static void response_at_exactly_half(void **state)
{
	(void)state;
	assert_true(kc_course_response(cc(), 20, 10));   /* 50 % */
	assert_false(kc_course_response(cc(), 20, 11));  /* 45 % */
	assert_true(kc_course_response(cc(), 21, 10));   /* 52.4 % */
	assert_false(kc_course_response(cc(), 21, 11));  /* 47.6 % */
	assert_true(kc_course_response(cc(), 27, 13));   /* 51.9 % */
	assert_false(kc_course_response(cc(), 27, 14));  /* 48.1 % */
	assert_true(kc_course_response(cc(), 2, 1));
	assert_false(kc_course_response(cc(), 0, 0));    /* nothing to fall from */
	assert_false(kc_course_response(cc(), KC_NONE, 3));
	assert_false(kc_course_response(cc(), 20, KC_NONE));
	assert_false(kc_course_response(cc(), 10, 12));  /* worse */
}

static void response_follows_the_configured_percent(void **state)
{
	struct kc_course_cfg c = *cc();

	(void)state;
	c.response_drop_percent = 40;
	assert_true(kc_course_response(&c, 20, 12));
	assert_false(kc_course_response(&c, 20, 13));
}

static void remission_below_five(void **state)
{
	(void)state;
	assert_true(kc_course_remission(cc(), 4));
	assert_false(kc_course_remission(cc(), 5));
	assert_true(kc_course_remission(cc(), 0));
	assert_false(kc_course_remission(cc(), KC_NONE));
}

static void change_in_percent(void **state)
{
	(void)state;
	assert_int_equal(kc_course_change_pct(20, 10), 50);
	assert_int_equal(kc_course_change_pct(21, 11), 48);
	assert_int_equal(kc_course_change_pct(10, 12), -20);
	assert_int_equal(kc_course_change_pct(0, 0), 0);
}

static struct kc_course_row row(enum kc_route route, int phq9, double mg, double kg)
{
	struct kc_course_row r;

	memset(&r, 0, sizeof r);
	r.route = route;
	r.phq9 = phq9;
	r.gad7 = r.pcl5 = KC_NONE;
	r.mg = mg;
	r.weight_kg = kg;
	r.mg_per_kg = mg > 0 && kg > 0 ? mg / kg : 0;
	return r;
}

static void course_judged_against_its_first_scored_session(void **state)
{
	struct kc_course_row rows[] = {
		row(KC_ROUTE_IV, KC_NONE, 0, 80),  /* aborted before any score */
		row(KC_ROUTE_IV, 20, 40, 80),      /* the reference */
		row(KC_ROUTE_IV, 11, 40, 80),
		row(KC_ROUTE_IV, KC_NONE, 48, 80),
		row(KC_ROUTE_IV, 10, 48, 80),
		row(KC_ROUTE_IV, 4, 48, 80),
		row(KC_ROUTE_IV, 5, 60, 80),
	};
	struct kc_course c = { .rows = rows, .n = 7 };

	(void)state;
	kc_course_judge(cc(), &c);
	assert_int_equal(c.first_phq9, 20);
	assert_int_equal(c.first_at, 1);
	assert_string_equal(kc_course_mark(&rows[1], &c), "first");
	assert_false(rows[1].response);
	assert_string_equal(kc_course_mark(&rows[2], &c), "");
	assert_int_equal(rows[2].change_pct, 45);
	assert_string_equal(kc_course_mark(&rows[3], &c), "");      /* no PHQ-9: not judged */
	assert_int_equal(rows[3].change_pct, KC_NONE);
	assert_string_equal(kc_course_mark(&rows[4], &c), "RESPONSE");
	assert_string_equal(kc_course_mark(&rows[5], &c), "REMISSION");
	assert_true(rows[5].response && rows[5].remission);
	assert_string_equal(kc_course_mark(&rows[6], &c), "RESPONSE"); /* 5 is not below 5 */
	assert_true(c.responded);
	assert_false(c.remitted);
	assert_true(c.ever_remitted);
	/* escalations: 0.50 -> 0.60 mg/kg at row 3, -> 0.75 at row 6; none at the repeats */
	assert_false(rows[1].escalation);
	assert_false(rows[2].escalation);
	assert_true(rows[3].escalation);
	assert_false(rows[4].escalation);
	assert_true(rows[6].escalation);
}

static void esketamine_escalates_by_mg(void **state)
{
	struct kc_course_row rows[] = {
		row(KC_ROUTE_ESKETAMINE, 18, 56, 0),
		row(KC_ROUTE_ESKETAMINE, 16, 84, 0),
		row(KC_ROUTE_ESKETAMINE, 15, 84, 0),
		row(KC_ROUTE_ESKETAMINE, 15, 56, 0),
	};
	struct kc_course c = { .rows = rows, .n = 4 };

	(void)state;
	kc_course_judge(cc(), &c);
	assert_false(rows[0].escalation);
	assert_true(rows[1].escalation);
	assert_false(rows[2].escalation);
	assert_false(rows[3].escalation); /* a lower dose is no escalation */
}

static void position_in_the_planned_series(void **state)
{
	struct kc_course_pos p;
	char t[64];

	(void)state;
	kc_course_position(cc(), KC_ROUTE_IV, 6, &p);
	kc_course_position_text(&p, t, sizeof t);
	assert_string_equal(t, "session 6 of 6 (induction)");
	kc_course_position(cc(), KC_ROUTE_IV, 7, &p);
	kc_course_position_text(&p, t, sizeof t);
	assert_string_equal(t, "session 7: maintenance 1");
	kc_course_position(cc(), KC_ROUTE_ESKETAMINE, 8, &p);
	kc_course_position_text(&p, t, sizeof t);
	assert_string_equal(t, "session 8 of 8 (induction)");
	kc_course_position(cc(), KC_ROUTE_ESKETAMINE, 9, &p);
	kc_course_position_text(&p, t, sizeof t);
	assert_string_equal(t, "session 9: 1 of 4 weekly (weeks 5-8)");
	kc_course_position(cc(), KC_ROUTE_ESKETAMINE, 12, &p);
	assert_int_equal(p.stage, KC_STAGE_WEEKLY);
	kc_course_position(cc(), KC_ROUTE_ESKETAMINE, 13, &p);
	kc_course_position_text(&p, t, sizeof t);
	assert_string_equal(t, "session 13: maintenance 1");
}

static void pcl5_total_and_items(void **state)
{
	int items[KC_PCL5_ITEMS], total = -9;
	struct kc_err err;

	(void)state;
	for (int i = 0; i < KC_PCL5_ITEMS; i++)
		items[i] = 4;
	assert_int_equal(kc_pcl5_score(items, &total, &err), KC_OK);
	assert_int_equal(total, 80);
	items[19] = KC_NONE;
	assert_int_equal(kc_pcl5_score(items, &total, &err), KC_ERR_INVALID);
	assert_string_equal(err.msg, "PCL-5 item 20 not answered");
	items[19] = 5;
	assert_int_equal(kc_pcl5_score(items, &total, &err), KC_ERR_INVALID);
	assert_int_equal(total, 80);
}

/* The demo's courses through the store: Theo Whitfield's six infusions judged as the rules
 * say, each row what its own session holds. */
static void demo_courses_load_and_judge(void **state)
{
	struct kc_tdb db;
	struct kc_patient *p = NULL;
	struct kc_course c;
	size_t n = 0;

	(void)state;
	memset(&db, 0, sizeof db);
	tdb_create(&db, "course", "tester");
	assert_int_equal(kc_demo_courses(db.st, &db.cfg, (time_t)1764000000, &db.err), KC_OK);
	assert_int_equal(kc_patient_find(db.st, "KC-1006", &p, &n, &db.err), KC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(kc_course_load(db.st, &db.cfg, p[0].id, -1, &c, &db.err), KC_OK);
	assert_int_equal(c.n, 6);
	assert_int_equal(c.route, KC_ROUTE_IV);
	assert_int_equal(c.first_phq9, 21);
	assert_true(c.remitted);
	assert_int_equal(c.rows[5].phq9, 4);
	assert_int_equal(c.rows[5].gad7, 4);
	assert_true(c.rows[3].escalation);
	assert_true(c.rows[5].mg_per_kg > 0.599 && c.rows[5].mg_per_kg < 0.601);
	assert_int_equal(c.rows[0].cadss6_peak, 6);
	assert_int_equal(c.rows[0].nausea_peak, 4);
	assert_string_equal(c.rows[0].outcome, "discharged");
	assert_int_equal(c.rows[0].is_signed, 1);
	kc_course_free(&c);
	assert_int_equal(kc_course_load(db.st, &db.cfg, p[0].id, KC_ROUTE_ESKETAMINE, &c, &db.err), KC_OK);
	assert_int_equal(c.n, 0);
	kc_course_free(&c);
	free(p);
	tdb_destroy(&db);
}

/* A booking's state at its boundaries: LATE from exactly late_after_min past its time,
 * MISSED from the end of its day, and a session of that day wins over both. */
static void booking_states(void **state)
{
	const time_t at = 1000000, end = at + 6 * 3600;
	const int late = 15;

	(void)state;
	assert_int_equal(kc_bk_state(at, 0, end, late, at - 600), KC_BK_EXPECTED);
	assert_int_equal(kc_bk_state(at, 0, end, late, at + 15 * 60 - 1), KC_BK_EXPECTED);
	assert_int_equal(kc_bk_state(at, 0, end, late, at + 15 * 60), KC_BK_LATE);
	assert_int_equal(kc_bk_state(at, 0, end, late, end - 1), KC_BK_LATE);
	assert_int_equal(kc_bk_state(at, 0, end, late, end), KC_BK_MISSED);
	assert_int_equal(kc_bk_state(at, 1, end, late, end + 60), KC_BK_IN_PROGRESS);
	assert_int_equal(kc_bk_state(at, 2, end, late, at + 3600), KC_BK_FINISHED);
	assert_string_equal(kc_bk_word(KC_BK_LATE), "LATE");
	assert_string_equal(kc_bk_symbol(KC_BK_LATE), "!");
	assert_string_equal(kc_bk_word(KC_BK_MISSED), "MISSED");
	assert_string_equal(kc_bk_symbol(KC_BK_MISSED), "X");
}

/* A session started late_after_min or more after its booked time is marked LATE with its
 * minutes, in progress and finished alike; one started sooner, a booking not started and a
 * cancelled one are not. */
static void booking_late_start(void **state)
{
	struct kc_booking b = { .at = 1000000 };
	char txt[48];

	(void)state;
	b.started = b.at + 15 * 60 - 1;
	assert_int_equal(kc_bk_late_start_min(&b, 15), 0);
	b.started = b.at + 15 * 60;
	assert_int_equal(kc_bk_late_start_min(&b, 15), 15);
	b.started = b.at - 3600;
	assert_int_equal(kc_bk_late_start_min(&b, 15), 0);
	b.started = 0;
	assert_int_equal(kc_bk_late_start_min(&b, 15), 0);
	b.started = b.at + 47 * 60 + 59;
	b.state = KC_BK_IN_PROGRESS;
	kc_bk_state_text(&b, 15, txt, sizeof txt);
	assert_string_equal(txt, "> in progress, LATE 47m");
	b.state = KC_BK_FINISHED;
	kc_bk_state_text(&b, 15, txt, sizeof txt);
	assert_string_equal(txt, "+ finished, LATE 47m");
	kc_bk_state_text(&b, 60, txt, sizeof txt);
	assert_string_equal(txt, "+ finished");
	b.cancelled_at = b.at;
	assert_int_equal(kc_bk_late_start_min(&b, 15), 0);
	b.cancelled_at = 0;
	b.started = 0;
	b.state = KC_BK_LATE;
	kc_bk_state_text(&b, 15, txt, sizeof txt);
	assert_string_equal(txt, "! LATE");
}

static void booking_refusals(void **state)
{
	struct kc_tdb db;
	kc_id p, id = 0;
	const time_t now = 1764000000; /* a Monday, 16:00 UTC */

	(void)state;
	memset(&db, 0, sizeof db);
	tdb_create(&db, "book", "tester");
	p = tdb_patient(&db, "KC-1", "Test Patient", "1980-01-01", now - 86400);
	assert_int_equal(kc_chart_book(db.st, &db.cfg, p, "tomorrow", "09:00", "chair 1", KC_ROUTE_IV, now, &id,
				       &db.err), KC_OK);
	assert_true(id > 0);
	assert_refused(kc_chart_book(db.st, &db.cfg, p, "tomorrow", "09:00", "Chair 1", KC_ROUTE_IV, now, &id,
				     &db.err), db.err, "Chair 1 is booked at 09:00 already");
	assert_refused(kc_chart_book(db.st, &db.cfg, p, "tomorrow", "09:00", "Chair 9", KC_ROUTE_IV, now, &id,
				     &db.err), db.err, "Chair: one of Chair 1, Chair 2");
	assert_refused(kc_chart_book(db.st, &db.cfg, p, "2020-01-01", "09:00", "Chair 2", KC_ROUTE_IV, now, &id,
				     &db.err), db.err, "not a past day");
	assert_refused(kc_chart_book(db.st, &db.cfg, p, "today", "25:00", "Chair 2", KC_ROUTE_IV, now, &id,
				     &db.err), db.err, "Time: type HH:MM");
	assert_refused(kc_chart_book(db.st, &db.cfg, p, "2027-02-30", "09:00", "Chair 2", KC_ROUTE_IV, now, &id,
				     &db.err), db.err, "not a day of the calendar");
	tdb_destroy(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(response_at_exactly_half),
		cmocka_unit_test(response_follows_the_configured_percent),
		cmocka_unit_test(remission_below_five),
		cmocka_unit_test(change_in_percent),
		cmocka_unit_test(course_judged_against_its_first_scored_session),
		cmocka_unit_test(esketamine_escalates_by_mg),
		cmocka_unit_test(position_in_the_planned_series),
		cmocka_unit_test(pcl5_total_and_items),
		cmocka_unit_test(demo_courses_load_and_judge),
		cmocka_unit_test(booking_states),
		cmocka_unit_test(booking_late_start),
		cmocka_unit_test(booking_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
