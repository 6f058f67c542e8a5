/* test_time.c — formatting, parsing (UTC, offsets, local time across DST), dates of birth,
 * durations and the test clock. Local time is Europe/Berlin throughout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kc_clinical.h"
#include "kc_time.h"

/* Epoch seconds of UTC instants, worked out independently of the code under test. */
#define UTC_2023_11_14_221320 ((time_t)1700000000)
#define UTC_2026_11_21_1405 ((time_t)1795269900)
#define UTC_2026_11_21_1935 ((time_t)1795289700)
#define UTC_2026_07_01_1200 ((time_t)1782907200)
#define UTC_2026_11_20_2300 ((time_t)1795215600) /* Berlin midnight of 21 Nov */
#define UTC_2026_03_29_0059 ((time_t)1774745940) /* Berlin 01:59 CET, before the change */
#define UTC_2026_03_29_0100 ((time_t)1774746000) /* Berlin 03:00 CEST, after it */
#define UTC_2026_11_21_0900 ((time_t)1795251600) /* Berlin 10:00 */
#define UTC_2026_11_30_2250 ((time_t)1796079000) /* Berlin 23:50 on 30 Nov */
#define UTC_2026_11_30_2330 ((time_t)1796081400) /* Berlin 00:30 on 1 Dec */
#define H 3600
#define MIN 60

static int berlin(void **state)
{
	(void)state;
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	return 0;
}

static time_t parse_ok(const char *s)
{
	struct kc_err err;
	time_t t = 0;

	kc_err_clear(&err);
	if (kc_time_parse(s, &t, &err) != KC_OK)
		fail_msg("\"%s\" refused: %s", s, err.msg);
	return t;
}

/* Refused with KC_ERR_INVALID, out untouched, and the message contains want. */
static void parse_bad(const char *s, const char *want)
{
	struct kc_err err;
	time_t t = 42;

	kc_err_clear(&err);
	assert_int_equal(kc_time_parse(s, &t, &err), KC_ERR_INVALID);
	assert_int_equal(err.status, KC_ERR_INVALID);
	assert_int_equal(t, 42);
	if (!strstr(err.msg, want))
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", s ? s : "(null)", err.msg, want);
}

/* ---------- formatting ---------- */

static void test_utc_format_and_small_buffer(void **state)
{
	char buf[32], tiny[5] = "xxxx";

	(void)state;
	kc_time_utc(UTC_2023_11_14_221320, buf, sizeof buf);
	assert_string_equal(buf, "2023-11-14T22:13:20Z");
	kc_time_utc(UTC_2023_11_14_221320, tiny, sizeof tiny);
	assert_string_equal(tiny, "");
}

static void test_local_format_winter_summer_and_zero(void **state)
{
	char buf[32] = "x";

	(void)state;
	kc_time_local(UTC_2023_11_14_221320, buf, sizeof buf);
	assert_string_equal(buf, "2023-11-14 23:13");
	kc_time_local(UTC_2026_07_01_1200, buf, sizeof buf);
	assert_string_equal(buf, "2026-07-01 14:00");
	kc_time_local_hm(UTC_2026_07_01_1200, buf, sizeof buf);
	assert_string_equal(buf, "14:00");
	kc_time_local(0, buf, sizeof buf);
	assert_string_equal(buf, "");
	strcpy(buf, "x");
	kc_time_local_hm(0, buf, sizeof buf);
	assert_string_equal(buf, "");
}

/* The local times are written digit by digit (issue 10); strftime's bytes are the
 * reference: every hour across a year with a clock change, years of three and five
 * digits, and buffers too small for the text (nothing written then). */
static void test_local_format_same_bytes_as_strftime(void **state)
{
	static const time_t far[] = { (time_t)-30610224000LL, (time_t)-62135596800LL + 86400 * 400,
				      (time_t)253402300800LL, (time_t)253402300800LL - 60, 1 };
	static const size_t sizes[] = { 1, 5, 6, 16, 17, 32 };

	(void)state;
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		for (long i = -40; i < 366 * 24 + (long)(sizeof far / sizeof far[0]); i++) {
			time_t t = i < 366 * 24 ? UTC_2023_11_14_221320 + (time_t)i * 3599 : far[i - 366 * 24];
			char want[32] = "", got[32] = "x", want_hm[32] = "", got_hm[32] = "x";
			struct tm tm;

			if (!localtime_r(&t, &tm))
				continue;
			if (strftime(want, sizes[k], "%Y-%m-%d %H:%M", &tm) == 0)
				want[0] = '\0';
			if (strftime(want_hm, sizes[k], "%H:%M", &tm) == 0)
				want_hm[0] = '\0';
			kc_time_local(t, got, sizes[k]);
			kc_time_local_hm(t, got_hm, sizes[k]);
			if (strcmp(want, got) != 0 || strcmp(want_hm, got_hm) != 0)
				fail_msg("time %lld, size %zu: '%s' '%s' (strftime) but '%s' '%s'", (long long)t,
					 sizes[k], want, want_hm, got, got_hm);
		}
	}
}

/* ---------- parsing ---------- */

static void test_parse_utc_with_and_without_seconds(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2026-11-21T14:05:00Z"), UTC_2026_11_21_1405);
	assert_int_equal(parse_ok("2026-11-21T14:05Z"), UTC_2026_11_21_1405);
	assert_int_equal(parse_ok("2026-11-21T14:05:59Z"), UTC_2026_11_21_1405 + 59);
}

static void test_parse_offsets_are_subtracted(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2026-11-21T15:05:00+01:00"), UTC_2026_11_21_1405);
	assert_int_equal(parse_ok("2026-11-21T14:05:00-05:30"), UTC_2026_11_21_1935);
	assert_int_equal(parse_ok("2026-11-21T14:05:00+00:00"), UTC_2026_11_21_1405);
}

static void test_parse_local_times_in_winter_and_summer(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2026-11-21 15:05"), UTC_2026_11_21_1405);
	assert_int_equal(parse_ok("2026-11-21T15:05"), UTC_2026_11_21_1405);
	assert_int_equal(parse_ok("2026-11-21 15:05:30"), UTC_2026_11_21_1405 + 30);
	assert_int_equal(parse_ok("2026-07-01 14:00"), UTC_2026_07_01_1200);
}

static void test_parse_bare_date_is_local_midnight(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2026-11-21"), UTC_2026_11_20_2300);
}

static void test_parse_accepts_blank_padding(void **state)
{
	(void)state;
	/* ncurses form fields pad their buffers with blanks. */
	assert_int_equal(parse_ok("  2026-11-21 15:05   "), UTC_2026_11_21_1405);
	assert_int_equal(parse_ok("2026-11-21 "), UTC_2026_11_20_2300);
}

static void test_parse_spring_forward_day(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2026-03-29 01:59"), UTC_2026_03_29_0059);
	assert_int_equal(parse_ok("2026-03-29 03:00"), UTC_2026_03_29_0100);
	parse_bad("2026-03-29 02:30", "does not exist in local time");
	/* The same wall time written in UTC is fine. */
	assert_int_equal(parse_ok("2026-03-29T02:30Z"), UTC_2026_03_29_0059 + 91 * MIN);
}

/* 02:30 happens twice on 25 October 2026; either instant is accepted, never refused. */
static void test_parse_fall_back_hour_is_accepted(void **state)
{
	time_t t = parse_ok("2026-10-25 02:30");
	time_t cest = parse_ok("2026-10-25T00:30Z"), cet = parse_ok("2026-10-25T01:30Z");

	(void)state;
	assert_true(t == cest || t == cet);
	assert_int_equal(parse_ok("2026-10-25 03:00") - parse_ok("2026-10-25 01:59"), 2 * H + MIN);
}

static void test_parse_refuses_malformed_input_showing_the_form(void **state)
{
	const char *bad[] = { "", "tomorrow", "2026/11/21", "2026-1-21", "2026-11-21T",
			      "2026-11-21 14:5", "2026-11-21T14:05+0100", "2026-11-21T14:05:00Zx",
			      "2026-11-21Z", "26-11-21", "2026-11-21T14:05:00.5Z",
			      "2026-11-21T14:05:0Z", "2026-11-21  14:05" };

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		parse_bad(bad[i], "expected YYYY-MM-DD HH:MM");
	parse_bad(NULL, "is not a date and time");
}

static void test_parse_refuses_invalid_calendar_dates_and_times(void **state)
{
	(void)state;
	parse_bad("2026-02-30", "no day 30 in 2026-02, it has 28 days");
	parse_bad("2026-02-30", "expected YYYY-MM-DD");
	parse_bad("2100-02-29", "it has 28 days");
	parse_bad("2026-04-31 10:00", "no day 31");
	parse_bad("2026-13-01", "no month 13");
	parse_bad("2026-00-10", "no month 00");
	parse_bad("2026-11-00", "no day 00");
	parse_bad("2026-11-21 24:00", "hours run 00-23");
	parse_bad("2026-11-21T14:60Z", "minutes and seconds 00-59");
	parse_bad("2026-11-21T14:05:60Z", "minutes and seconds 00-59");
	parse_bad("2026-11-21T14:05+24:00", "offset");
	assert_int_equal(parse_ok("2024-02-29"), parse_ok("2024-03-01") - 24 * H);
	assert_int_equal(parse_ok("2000-02-29T00:00Z"), parse_ok("2000-03-01T00:00Z") - 24 * H);
}

/* ---------- HH:MM ---------- */

static time_t hm_ok(const char *s, time_t ref)
{
	struct kc_err err;
	time_t t = 0;

	kc_err_clear(&err);
	if (kc_time_parse_hm(s, ref, &t, &err) != KC_OK)
		fail_msg("\"%s\" refused: %s", s, err.msg);
	return t;
}

static void test_parse_hm_on_the_day_of_ref(void **state)
{
	time_t ref = UTC_2026_11_21_0900; /* 10:00 Berlin */

	(void)state;
	assert_int_equal(hm_ok("09:30", ref), ref - 30 * MIN);
	assert_int_equal(hm_ok("9:30", ref), ref - 30 * MIN);
	assert_int_equal(hm_ok(" 10:00 ", ref), ref);
	assert_int_equal(hm_ok("00:00", ref), ref - 10 * H);
}

static void test_parse_hm_more_than_12h_ahead_means_the_day_before(void **state)
{
	time_t ref = UTC_2026_11_21_0900; /* 10:00 Berlin */

	(void)state;
	assert_int_equal(hm_ok("22:00", ref), ref + 12 * H);
	assert_int_equal(hm_ok("22:01", ref), ref + 12 * H + MIN - 24 * H);
	assert_int_equal(hm_ok("23:59", ref), ref + 14 * H - MIN - 24 * H);
}

static void test_parse_hm_day_before_crosses_the_month(void **state)
{
	(void)state;
	/* 00:30 on 1 December: "23:50" is 30 November. */
	assert_int_equal(hm_ok("23:50", UTC_2026_11_30_2330), UTC_2026_11_30_2250);
}

static void test_parse_hm_on_spring_forward_day(void **state)
{
	time_t ref = UTC_2026_03_29_0100 + 7 * H; /* 10:00 CEST */
	struct kc_err err;
	time_t t = 42;

	(void)state;
	assert_int_equal(hm_ok("01:59", ref), UTC_2026_03_29_0059);
	assert_int_equal(hm_ok("03:00", ref), UTC_2026_03_29_0100);
	assert_int_equal(kc_time_parse_hm("02:30", ref, &t, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "does not exist"));
	assert_int_equal(t, 42);
}

static void test_parse_hm_refuses_malformed(void **state)
{
	const char *bad[] = { "24:00", "12:60", "1205", "12:5", "", "ab:cd", "123:00", "12:00x",
			      "-1:00" };
	struct kc_err err;
	time_t t = 42;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		kc_err_clear(&err);
		assert_int_equal(kc_time_parse_hm(bad[i], UTC_2026_11_21_0900, &t, &err),
				 KC_ERR_INVALID);
		if (!strstr(err.msg, "expected HH:MM"))
			fail_msg("\"%s\": message \"%s\"", bad[i], err.msg);
	}
	assert_int_equal(t, 42);
}

/* ---------- dates of birth ---------- */

static void test_date_check_valid_future_and_malformed(void **state)
{
	time_t now = UTC_2026_11_21_0900;
	struct kc_err err;

	(void)state;
	assert_int_equal(kc_date_check("1984-03-07", now, &err), KC_OK);
	assert_int_equal(kc_date_check("2026-11-21", now, &err), KC_OK); /* today */
	assert_int_equal(kc_date_check("2026-11-22", now, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "2026-11-22 is in the future (today is 2026-11-21)"));
	assert_int_equal(kc_date_check("1984-02-30", now, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "no day 30"));
	assert_int_equal(kc_date_check("1984-3-7", now, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "expected YYYY-MM-DD"));
	assert_int_equal(kc_date_check("1984-03-07 10:00", now, &err), KC_ERR_INVALID);
	assert_int_equal(kc_date_check(NULL, now, &err), KC_ERR_INVALID);
}

/* "Today" is the local date: 23:30 UTC on 20 November is already the 21st in Berlin. */
static void test_date_check_uses_the_local_date(void **state)
{
	struct kc_err err;

	(void)state;
	assert_int_equal(kc_date_check("2026-11-21", UTC_2026_11_20_2300 + 30 * MIN, &err), KC_OK);
	assert_int_equal(kc_date_check("2026-11-21", UTC_2026_11_20_2300 - 30 * MIN, &err),
			 KC_ERR_INVALID);
}

static void test_age_turns_18_on_the_birthday(void **state)
{
	(void)state;
	assert_int_equal(kc_age_years("2008-11-21", UTC_2026_11_20_2300 - 1), 17);
	assert_int_equal(kc_age_years("2008-11-21", UTC_2026_11_20_2300), 18);
	assert_int_equal(kc_age_years("2008-11-20", UTC_2026_11_20_2300 - 1), 18);
	assert_int_equal(kc_age_years("2008-12-01", UTC_2026_11_21_0900), 17);
	assert_int_equal(kc_age_years("2026-11-21", UTC_2026_11_21_0900), 0);
}

static void test_age_of_a_leap_day_birthday(void **state)
{
	(void)state;
	assert_int_equal(kc_age_years("2008-02-29", parse_ok("2026-02-28 12:00")), 17);
	assert_int_equal(kc_age_years("2008-02-29", parse_ok("2026-03-01 00:00")), 18);
	assert_int_equal(kc_age_years("2008-02-29", parse_ok("2028-02-29 00:00")), 20);
}

static void test_age_bad_or_future_dob_is_none(void **state)
{
	(void)state;
	assert_int_equal(kc_age_years("soon", UTC_2026_11_21_0900), KC_NONE);
	assert_int_equal(kc_age_years("2026-02-30", UTC_2026_11_21_0900), KC_NONE);
	assert_int_equal(kc_age_years("2026-11-22", UTC_2026_11_21_0900), KC_NONE);
	assert_int_equal(kc_age_years(NULL, UTC_2026_11_21_0900), KC_NONE);
}

/* ---------- durations ---------- */

static void test_duration_forms(void **state)
{
	char buf[16];

	(void)state;
	kc_duration(3900, buf, sizeof buf);
	assert_string_equal(buf, "1h 05m");
	kc_duration(3600, buf, sizeof buf);
	assert_string_equal(buf, "1h 00m");
	kc_duration(3599, buf, sizeof buf);
	assert_string_equal(buf, "59m");
	kc_duration(720, buf, sizeof buf);
	assert_string_equal(buf, "12m");
	kc_duration(0, buf, sizeof buf);
	assert_string_equal(buf, "0m");
	kc_duration(-59, buf, sizeof buf);
	assert_string_equal(buf, "0m");
	kc_duration(-180, buf, sizeof buf);
	assert_string_equal(buf, "-3m");
	kc_duration(-3900, buf, sizeof buf);
	assert_string_equal(buf, "-1h 05m");
	kc_duration(26 * 3600L, buf, sizeof buf);
	assert_string_equal(buf, "26h 00m");
}

static void test_duration_truncates_to_the_buffer(void **state)
{
	char buf[8] = "zzzzzzz";

	(void)state;
	kc_duration(3900, buf, 3);
	assert_string_equal(buf, "1h");
	assert_int_equal(buf[3], 'z');
}

/* ---------- the clock ---------- */

static void test_clock_real_when_unset_or_empty(void **state)
{
	struct kc_clock c;
	struct kc_err err;

	(void)state;
	assert_int_equal(kc_clock_init(&c, NULL, NULL, 1000, &err), KC_OK);
	assert_int_equal(c.test, 0);
	assert_int_equal(kc_clock_now(&c, 1234), 1234);
	assert_int_equal(kc_clock_init(&c, "", "", 1000, &err), KC_OK);
	assert_int_equal(c.test, 0);
	assert_int_equal(kc_clock_now(&c, 5000), 5000);
}

static void test_clock_now_only_runs_at_real_speed(void **state)
{
	struct kc_clock c;
	struct kc_err err;

	(void)state;
	assert_int_equal(kc_clock_init(&c, "2026-11-21T14:05:00Z", NULL, 1000, &err), KC_OK);
	assert_int_equal(c.test, 1);
	assert_int_equal(kc_clock_now(&c, 1000), UTC_2026_11_21_1405);
	assert_int_equal(kc_clock_now(&c, 1100), UTC_2026_11_21_1405 + 100);
	assert_int_equal(kc_clock_init(&c, "2026-11-21 15:05", "", 1000, &err), KC_OK);
	assert_int_equal(kc_clock_now(&c, 1000), UTC_2026_11_21_1405);
}

static void test_clock_scale_only_starts_at_real_now(void **state)
{
	struct kc_clock c;
	struct kc_err err;

	(void)state;
	assert_int_equal(kc_clock_init(&c, NULL, "60", 1000, &err), KC_OK);
	assert_int_equal(c.test, 1);
	assert_int_equal(kc_clock_now(&c, 1000), 1000);
	assert_int_equal(kc_clock_now(&c, 1010), 1000 + 600);
}

static void test_clock_now_and_fractional_scale(void **state)
{
	struct kc_clock c;
	struct kc_err err;

	(void)state;
	assert_int_equal(kc_clock_init(&c, "2026-11-21T14:05Z", "0.5", 1000, &err), KC_OK);
	assert_int_equal(kc_clock_now(&c, 1003), UTC_2026_11_21_1405 + 1);
	assert_int_equal(kc_clock_now(&c, 1004), UTC_2026_11_21_1405 + 2);
	assert_int_equal(kc_clock_init(&c, "2026-11-21T14:05Z", "10000", 1000, &err), KC_OK);
	assert_int_equal(kc_clock_now(&c, 1001), UTC_2026_11_21_1405 + 10000);
	assert_int_equal(kc_clock_init(&c, NULL, " 2.25 ", 1000, &err), KC_OK);
	assert_int_equal(kc_clock_now(&c, 1004), 1009);
}

static void clock_bad(const char *now, const char *scale, const char *want)
{
	struct kc_clock c = { .test = 7 };
	struct kc_err err;

	kc_err_clear(&err);
	assert_int_equal(kc_clock_init(&c, now, scale, 1000, &err), KC_ERR_INVALID);
	assert_int_equal(c.test, 7); /* untouched */
	if (!strstr(err.msg, want))
		fail_msg("now=%s scale=%s: message \"%s\" lacks \"%s\"", now ? now : "(null)",
			 scale ? scale : "(null)", err.msg, want);
}

static void test_clock_refuses_bad_scale_naming_the_variable(void **state)
{
	(void)state;
	clock_bad(NULL, "0", "KETCHART_CLOCK_SCALE=0 is out of range");
	clock_bad(NULL, "0.0", "above 0 and at most 10000");
	clock_bad(NULL, "10000.5", "KETCHART_CLOCK_SCALE=10000.5 is out of range");
	clock_bad(NULL, "-1", "KETCHART_CLOCK_SCALE=\"-1\" is not a number");
	clock_bad(NULL, "fast", "KETCHART_CLOCK_SCALE=\"fast\" is not a number");
	clock_bad(NULL, "2x", "KETCHART_CLOCK_SCALE");
	clock_bad(NULL, ".", "KETCHART_CLOCK_SCALE");
	clock_bad(NULL, "nan", "KETCHART_CLOCK_SCALE");
	clock_bad("2026-11-21T14:05Z", "1e3", "KETCHART_CLOCK_SCALE");
}

static void test_clock_refuses_bad_now_naming_the_variable(void **state)
{
	(void)state;
	clock_bad("yesterday", NULL, "KETCHART_NOW: \"yesterday\" is not a date and time");
	clock_bad("2026-02-30T10:00Z", "60", "KETCHART_NOW: \"2026-02-30T10:00Z\": there is no day 30");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utc_format_and_small_buffer),
		cmocka_unit_test(test_local_format_winter_summer_and_zero),
		cmocka_unit_test(test_local_format_same_bytes_as_strftime),
		cmocka_unit_test(test_parse_utc_with_and_without_seconds),
		cmocka_unit_test(test_parse_offsets_are_subtracted),
		cmocka_unit_test(test_parse_local_times_in_winter_and_summer),
		cmocka_unit_test(test_parse_bare_date_is_local_midnight),
		cmocka_unit_test(test_parse_accepts_blank_padding),
		cmocka_unit_test(test_parse_spring_forward_day),
		cmocka_unit_test(test_parse_fall_back_hour_is_accepted),
		cmocka_unit_test(test_parse_refuses_malformed_input_showing_the_form),
		cmocka_unit_test(test_parse_refuses_invalid_calendar_dates_and_times),
		cmocka_unit_test(test_parse_hm_on_the_day_of_ref),
		cmocka_unit_test(test_parse_hm_more_than_12h_ahead_means_the_day_before),
		cmocka_unit_test(test_parse_hm_day_before_crosses_the_month),
		cmocka_unit_test(test_parse_hm_on_spring_forward_day),
		cmocka_unit_test(test_parse_hm_refuses_malformed),
		cmocka_unit_test(test_date_check_valid_future_and_malformed),
		cmocka_unit_test(test_date_check_uses_the_local_date),
		cmocka_unit_test(test_age_turns_18_on_the_birthday),
		cmocka_unit_test(test_age_of_a_leap_day_birthday),
		cmocka_unit_test(test_age_bad_or_future_dob_is_none),
		cmocka_unit_test(test_duration_forms),
		cmocka_unit_test(test_duration_truncates_to_the_buffer),
		cmocka_unit_test(test_clock_real_when_unset_or_empty),
		cmocka_unit_test(test_clock_now_only_runs_at_real_speed),
		cmocka_unit_test(test_clock_scale_only_starts_at_real_now),
		cmocka_unit_test(test_clock_now_and_fractional_scale),
		cmocka_unit_test(test_clock_refuses_bad_scale_naming_the_variable),
		cmocka_unit_test(test_clock_refuses_bad_now_naming_the_variable),
	};

	return cmocka_run_group_tests(tests, berlin, NULL);
}
