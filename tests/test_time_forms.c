/* test_time_forms.c — a time typed into a form (kc_time_parse_entry): today, "yesterday",
 * a date; never after now, never silently moved to the day before; bounds; midnight and
 * both DST changes with TZ set. Then the chart's use of it: kc_chart_time (bounded by the
 * session) and kc_chart_answer_time (fasting, bounded by [general] time_back_max_h).
 * Epoch values were worked out with Python's zoneinfo, independently of the code. */
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
#include "kc_time.h"

#define MIN 60
#define H 3600
/* Europe/Berlin local times. */
#define B_1201_102430 ((time_t)1796117070) /* 2026-12-01 10:24:30 CET: "now" of issue 8 */
#define B_1201_1024 ((time_t)1796117040)
#define B_1201_0938 ((time_t)1796114280)
#define B_1130_1900 ((time_t)1796061600)
#define B_1130_0700 ((time_t)1796018400)
#define B_1201_0005 ((time_t)1796079900)
#define B_1130_2350 ((time_t)1796079000)
#define B_0101_0900 ((time_t)1798790400) /* 2027-01-01 09:00 */
#define B_1231_1900 ((time_t)1798740000) /* 2026-12-31 19:00 */
#define B_0329_1000 ((time_t)1774771200) /* spring forward day, 10:00 CEST */
#define B_0328_0230 ((time_t)1774661400)
#define B_1025_0240_CEST ((time_t)1792888800) /* fall back day: first 02:40 */
#define B_1025_0240_CET ((time_t)1792892400)  /* ... and the second */
#define B_1025_0230_CEST ((time_t)1792888200)
#define B_1025_0230_CET ((time_t)1792891800)
#define B_1026_1000 ((time_t)1793005200)
/* America/New_York, 2026-11-01: 01:30 EDT, 01:30 EST, 01:45 EST. */
#define NY_0130_EDT ((time_t)1793511000)
#define NY_0130_EST ((time_t)1793514600)
#define NY_0145_EST ((time_t)1793515500)

static void zone(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static int berlin(void **state)
{
	(void)state;
	zone("Europe/Berlin");
	return 0;
}

static time_t ok_at(const char *s, time_t now, time_t earliest)
{
	struct kc_err err;
	time_t t = 0;

	kc_err_clear(&err);
	if (kc_time_parse_entry(s, now, earliest, "the bound", &t, &err) != KC_OK)
		fail_msg("\"%s\" refused: %s", s, err.msg);
	return t;
}

static time_t ok(const char *s, time_t now)
{
	return ok_at(s, now, 0);
}

/* Refused with KC_ERR_INVALID, *out untouched, the message holds want. */
static void bad_at(const char *s, time_t now, time_t earliest, const char *want)
{
	struct kc_err err;
	time_t t = 42;

	kc_err_clear(&err);
	assert_int_equal(kc_time_parse_entry(s, now, earliest, "the bound", &t, &err), KC_ERR_INVALID);
	assert_int_equal(t, 42);
	if (!strstr(err.msg, want))
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", s ? s : "(null)", err.msg, want);
}

static void bad(const char *s, time_t now, const char *want)
{
	bad_at(s, now, 0, want);
}

/* ---------- the forms ---------- */

static void test_hm_is_today_at_zero_seconds(void **state)
{
	(void)state;
	assert_int_equal(ok("09:38", B_1201_102430), B_1201_0938);
	assert_int_equal(ok("9:38", B_1201_102430), B_1201_0938);
	assert_int_equal(ok(" today 09:38 ", B_1201_102430), B_1201_0938);
	assert_int_equal(ok("TODAY 9:38", B_1201_102430), B_1201_0938);
	/* The minute of now is not after now. */
	assert_int_equal(ok("10:24", B_1201_102430), B_1201_1024);
	assert_int_equal(ok("10:24", B_1201_1024), B_1201_1024);
}

static void test_hm_later_than_now_is_refused_offering_yesterday(void **state)
{
	(void)state;
	/* Issue 8 item 5: at 10:24 last night's meal. Never moved to yesterday silently. */
	bad("19:00", B_1201_102430, "19:00 is later than now (10:24)");
	bad("19:00", B_1201_102430, "yesterday 19:00");
	bad("10:25", B_1201_102430, "later than now");
	bad("23:59", B_1201_102430, "yesterday 23:59");
}

static void test_yesterday(void **state)
{
	(void)state;
	assert_int_equal(ok("yesterday 19:00", B_1201_102430), B_1130_1900);
	assert_int_equal(ok("Yesterday   7:00", B_1201_102430), B_1130_0700);
	assert_int_equal(ok("YESTERDAY 19:00", B_1201_102430), B_1130_1900);
	/* Over a year end. */
	assert_int_equal(ok("yesterday 19:00", B_0101_0900), B_1231_1900);
}

static void test_dates(void **state)
{
	(void)state;
	assert_int_equal(ok("2026-11-30 19:00", B_1201_102430), B_1130_1900);
	assert_int_equal(ok("2026-11-30T19:00", B_1201_102430), B_1130_1900);
	assert_int_equal(ok("2026-11-30  7:00", B_1201_102430), B_1130_0700);
	assert_int_equal(ok("2026-12-01 09:38", B_1201_102430), B_1201_0938);
	bad("2026-12-01 10:25", B_1201_102430, "later than now (2026-12-01 10:24)");
	bad("2026-12-02 08:00", B_1201_102430, "type a time that has passed");
	bad("2026-02-30 10:00", B_1201_102430, "there is no day 30");
	bad("2026-13-01 10:00", B_1201_102430, "there is no month 13");
}

static void test_midnight(void **state)
{
	(void)state;
	/* 00:05 on 1 December. */
	assert_int_equal(ok("00:00", B_1201_0005), B_1201_0005 - 5 * MIN);
	assert_int_equal(ok("00:05", B_1201_0005), B_1201_0005);
	bad("23:50", B_1201_0005, "yesterday 23:50");
	assert_int_equal(ok("yesterday 23:50", B_1201_0005), B_1130_2350);
	assert_int_equal(ok("2026-11-30 23:50", B_1201_0005), B_1130_2350);
}

static void test_spring_forward(void **state)
{
	(void)state;
	/* 02:00-02:59 does not exist on 29 March 2026 in Berlin. */
	bad("02:30", B_0329_1000, "does not exist");
	bad("2026-03-29 02:00", B_0329_1000, "does not exist");
	assert_int_equal(ok("03:00", B_0329_1000), B_0329_1000 - 7 * H);
	assert_int_equal(ok("01:59", B_0329_1000), B_0329_1000 - 7 * H - MIN);
	assert_int_equal(ok("yesterday 02:30", B_0329_1000), B_0328_0230);
}

static void test_fall_back(void **state)
{
	(void)state;
	/* 02:00-02:59 happens twice on 25 October 2026: the later one not after now. */
	assert_int_equal(ok("02:30", B_1025_0240_CEST), B_1025_0230_CEST);
	assert_int_equal(ok("02:30", B_1025_0240_CET), B_1025_0230_CET);
	assert_int_equal(ok("02:40", B_1025_0240_CET), B_1025_0240_CET);
	assert_int_equal(ok("yesterday 02:30", B_1026_1000), B_1025_0230_CET);
	/* Between the two 02:40s, 02:50 exists once in the past (CEST). */
	assert_int_equal(ok("02:50", B_1025_0240_CET), B_1025_0240_CEST + 10 * MIN);
	/* The shown minute of now, during the repeated hour, is the one now is in. */
	assert_int_equal(ok("02:40", B_1025_0240_CEST + 30), B_1025_0240_CEST);
}

static void test_fall_back_new_york(void **state)
{
	(void)state;
	zone("America/New_York");
	assert_int_equal(ok("01:30", NY_0145_EST), NY_0130_EST);
	assert_int_equal(ok("01:30", NY_0130_EDT + 5 * MIN), NY_0130_EDT);
	zone("UTC");
	assert_int_equal(ok("10:00", (time_t)1796119200 + 30), (time_t)1796119200); /* 2026-12-01 */
	assert_int_equal(ok("yesterday 10:00", (time_t)1796119200), (time_t)1796119200 - 24 * H);
	zone("Europe/Berlin");
}

static void test_malformed(void **state)
{
	const char *const junk[] = { "1900", "19", "19:0", "24:00", "12:60", "yesterday",
				     "yesterday19:00", "tomorrow 10:00", "10:00 yesterday", "-1d 10:00",
				     "30/11 19:00", "2026-11-30", "2026-11-30 ", "2026-11-3 19:00",
				     "2026-11-30 19:00x", "now" };

	(void)state;
	for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++)
		bad(junk[i], B_1201_102430, "HH:MM (today), yesterday HH:MM, or YYYY-MM-DD HH:MM");
	bad(NULL, B_1201_102430, "is not a time");
	bad("", B_1201_102430, "no time given: type HH:MM (today)");
	bad("   ", B_1201_102430, "no time given");
}

static void test_earliest_bound(void **state)
{
	time_t opened = B_1201_0938 + 20; /* 09:38:20 */

	(void)state;
	bad_at("09:37", B_1201_102430, opened, "2026-12-01 09:37 is before the bound (2026-12-01 09:38)");
	bad_at("yesterday 19:00", B_1201_102430, opened, "before the bound");
	/* Typed in the bound's own minute: that minute is stored as the bound itself. */
	assert_int_equal(ok_at("09:38", B_1201_102430, opened), opened);
	assert_int_equal(ok_at("09:39", B_1201_102430, opened), B_1201_0938 + MIN);
	assert_int_equal(ok_at("09:38", B_1201_102430, B_1201_0938), B_1201_0938);
}

/* What a form shows for a stored time reads back as that time. */
static void test_entry_text_round_trip(void **state)
{
	const time_t ts[] = { B_1201_0938, B_1130_1900, B_1130_0700, B_1201_0938 - 3 * 24 * H, B_1201_1024 };
	char buf[32];

	(void)state;
	kc_time_entry_text(B_1201_0938, B_1201_102430, buf, sizeof buf);
	assert_string_equal(buf, "09:38");
	kc_time_entry_text(B_1130_1900, B_1201_102430, buf, sizeof buf);
	assert_string_equal(buf, "yesterday 19:00");
	kc_time_entry_text(B_1130_1900 - 24 * H, B_1201_102430, buf, sizeof buf);
	assert_string_equal(buf, "2026-11-29 19:00");
	kc_time_entry_text(B_1231_1900, B_0101_0900, buf, sizeof buf);
	assert_string_equal(buf, "yesterday 19:00");
	kc_time_entry_text(0, B_1201_102430, buf, sizeof buf);
	assert_string_equal(buf, "");
	for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
		kc_time_entry_text(ts[i], B_1201_102430, buf, sizeof buf);
		assert_int_equal(ok(buf, B_1201_102430), ts[i]);
	}
}

/* ---------- the chart ---------- */

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees it */
	kc_id patient, session;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	zone("Europe/Berlin");
	tdb_create(&f->db, "timeforms", "tester");
	f->patient = tdb_patient(&f->db, "T-1", "Test Patient", "1980-01-01", B_1201_0938 - 86400);
	f->session = tdb_session(&f->db, f->patient, KC_ROUTE_IV, B_1201_0938 + 20);
	*state = f;
	return 0;
}

static const char *answer(struct fx *f, const char *item, char *buf, size_t n)
{
	struct kc_answer_row *rows = NULL;
	size_t k = 0;

	buf[0] = '\0';
	assert_int_equal(kc_screen_list(f->db.st, f->session, &rows, &k, &f->db.err), KC_OK);
	for (size_t i = 0; i < k; i++)
		if (strcmp(rows[i].item, item) == 0)
			snprintf(buf, n, "%s", rows[i].value);
	free(rows);
	return buf;
}

static void test_chart_time_bounded_by_the_session(void **state)
{
	struct fx *f = *state;
	time_t t = SENTINEL;

	assert_int_equal(kc_chart_time(f->db.st, f->session, "10:00", B_1201_102430, &t, &f->db.err), KC_OK);
	assert_int_equal(t, B_1201_0938 + 22 * MIN);
	assert_int_equal(kc_chart_time(f->db.st, f->session, "09:38", B_1201_102430, &t, &f->db.err), KC_OK);
	assert_int_equal(t, B_1201_0938 + 20);
	t = SENTINEL;
	assert_refused(kc_chart_time(f->db.st, f->session, "09:37", B_1201_102430, &t, &f->db.err), f->db.err,
		       "before the session was opened");
	assert_refused(kc_chart_time(f->db.st, f->session, "10:30", B_1201_102430, &t, &f->db.err), f->db.err,
		       "later than now");
	assert_int_equal(t, SENTINEL);
}

static void test_chart_fasting_yesterday_evening(void **state)
{
	struct fx *f = *state;
	char buf[64], want[32];
	time_t t = 0;

	/* Issue 8 item 5: at 10:24, last solids at 19:00 the evening before. */
	assert_refused(kc_chart_answer_time(f->db.st, &f->db.cfg, f->session, "last_solids", "19:00",
					    B_1201_102430, &t, &f->db.err),
		       f->db.err, "yesterday 19:00");
	assert_string_equal(answer(f, "last_solids", buf, sizeof buf), "");
	assert_int_equal(kc_chart_answer_time(f->db.st, &f->db.cfg, f->session, "last_solids", "yesterday 19:00",
					      B_1201_102430, &t, &f->db.err),
			 KC_OK);
	assert_int_equal(t, B_1130_1900);
	snprintf(want, sizeof want, "%lld", (long long)B_1130_1900);
	assert_string_equal(answer(f, "last_solids", buf, sizeof buf), want);
	assert_int_equal(kc_chart_answer_time(f->db.st, &f->db.cfg, f->session, "last_liquids", "2026-12-01 07:15",
					      B_1201_102430, &t, &f->db.err),
			 KC_OK);
	assert_int_equal(t, B_1201_0938 - 2 * H - 23 * MIN);
}

static void test_chart_fasting_bounds(void **state)
{
	struct fx *f = *state;
	char buf[64];
	time_t t = SENTINEL;

	/* [general] time_back_max_h, 48 h by default. */
	assert_int_equal(f->db.cfg.general.time_back_max_h, 48);
	assert_refused(kc_chart_answer_time(f->db.st, &f->db.cfg, f->session, "last_solids", "2026-11-29 10:00",
					    B_1201_102430, &t, &f->db.err),
		       f->db.err, "48 h ago");
	assert_int_equal(kc_chart_answer_time(f->db.st, &f->db.cfg, f->session, "last_solids", "2026-11-29 10:25",
					      B_1201_102430, &t, &f->db.err),
			 KC_OK);
	f->db.cfg.general.time_back_max_h = 12;
	assert_refused(kc_chart_answer_time(f->db.st, &f->db.cfg, f->session, "last_solids", "yesterday 19:00",
					    B_1201_102430, &t, &f->db.err),
		       f->db.err, "12 h ago");
	assert_refused(kc_chart_answer_time(f->db.st, &f->db.cfg, f->session, "last_solids", "",
					    B_1201_102430, &t, &f->db.err),
		       f->db.err, "type the time");
	assert_refused(kc_chart_answer_time(f->db.st, &f->db.cfg, f->session, "consent", "10:00",
					    B_1201_102430, &t, &f->db.err),
		       f->db.err, "not a time answer");
	/* Empty nasal pretreatment: none given. */
	assert_int_equal(kc_chart_answer_time(f->db.st, &f->db.cfg, f->session, "nasal_pretreat", "08:00",
					      B_1201_102430, &t, &f->db.err),
			 KC_OK);
	/* clearing a recorded time is a change: it needs its reason (issue 8 item 2) */
	assert_refused(kc_chart_answer_time(f->db.st, &f->db.cfg, f->session, "nasal_pretreat", "",
					    B_1201_102430, &t, &f->db.err),
		       f->db.err, "needs a reason");
	assert_int_equal(kc_chart_answer_time_why(f->db.st, &f->db.cfg, f->session, "nasal_pretreat", "",
						  "entered on the wrong patient", B_1201_102430, &t, &f->db.err),
			 KC_OK);
	assert_int_equal(t, 0);
	assert_string_equal(answer(f, "nasal_pretreat", buf, sizeof buf), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hm_is_today_at_zero_seconds),
		cmocka_unit_test(test_hm_later_than_now_is_refused_offering_yesterday),
		cmocka_unit_test(test_yesterday),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_midnight),
		cmocka_unit_test(test_spring_forward),
		cmocka_unit_test(test_fall_back),
		cmocka_unit_test(test_fall_back_new_york),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_earliest_bound),
		cmocka_unit_test(test_entry_text_round_trip),
		cmocka_unit_test_setup_teardown(test_chart_time_bounded_by_the_session, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_chart_fasting_yesterday_evening, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_chart_fasting_bounds, fx_setup, tdb_teardown),
	};

	return cmocka_run_group_tests(tests, berlin, NULL);
}
