/* test_clock.c — the stepped test clock (kc_time.h, issue 11): it stands still and moves
 * only when its file says so, never back; like every test clock it is refused on a
 * production database and allowed on a training one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "kc_time.h"

#define START "2026-11-21T09:00:00Z"
#define START_T 1795251600 /* START in Unix seconds */
#define REAL 1000          /* the real time the clocks are made at */

/* A stepped clock at START whose file is PATH. */
static struct kc_clock stepped(const char *path)
{
	struct kc_clock c;
	struct kc_err err;

	assert_int_equal(kc_clock_init(&c, START, NULL, REAL, &err), KC_OK);
	assert_int_equal(kc_clock_stepped(&c, path, NULL, &err), KC_OK);
	return c;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void test_unset_is_not_stepped(void **state)
{
	struct kc_clock c;
	struct kc_err err;

	(void)state;
	assert_int_equal(kc_clock_init(&c, NULL, NULL, REAL, &err), KC_OK);
	assert_int_equal(kc_clock_stepped(&c, NULL, NULL, &err), KC_OK);
	assert_int_equal(kc_clock_stepped(&c, "", NULL, &err), KC_OK);
	assert_int_equal(c.test, 0);
	assert_null(c.step_file);
	assert_int_equal(kc_clock_now(&c, REAL + 90), REAL + 90);
	assert_int_equal(kc_clock_step_to(&c, "60"), -1); /* a real clock is not stepped */
	assert_int_equal(kc_clock_poll(&c), 0);
	assert_int_equal(kc_clock_now(&c, REAL + 90), REAL + 90);
}

static void test_stands_still_until_stepped(void **state)
{
	struct kc_clock c = stepped("/nonexistent/kc-clock");

	(void)state;
	assert_int_equal(c.test, 1); /* the screens say TEST CLOCK */
	assert_int_equal(kc_clock_now(&c, REAL), START_T);
	/* an hour, a day of real time: the clock has not moved */
	assert_int_equal(kc_clock_now(&c, REAL + 3600), START_T);
	assert_int_equal(kc_clock_now(&c, REAL + 86400), START_T);
	assert_int_equal(kc_clock_step_to(&c, "300"), 1);
	assert_int_equal(kc_clock_now(&c, REAL), START_T + 300);
	assert_int_equal(kc_clock_now(&c, REAL + 86400), START_T + 300);
	assert_int_equal(kc_clock_step_to(&c, " 300 "), 0); /* where it is: not moved */
	assert_int_equal(kc_clock_step_to(&c, "7200"), 1);
	assert_int_equal(kc_clock_now(&c, REAL + 1), START_T + 7200);
}

static void test_never_goes_back_nor_takes_nonsense(void **state)
{
	struct kc_clock c = stepped("/nonexistent/kc-clock");
	static const char *const bad[] = {
		"", " ", "-60", "+60", "60s", "1.5", "5m", "0x10", "9999999999999999999", "400000000",
	};

	(void)state;
	assert_int_equal(kc_clock_step_to(&c, "600"), 1);
	assert_int_equal(kc_clock_step_to(&c, "599"), -1);
	assert_int_equal(kc_clock_step_to(&c, "0"), -1);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (kc_clock_step_to(&c, bad[i]) != -1)
			fail_msg("\"%s\" moved the stepped clock", bad[i]);
	}
	assert_int_equal(kc_clock_now(&c, REAL), START_T + 600);
}

static void test_refused_with_a_scale(void **state)
{
	struct kc_clock c;
	struct kc_err err;

	(void)state;
	assert_int_equal(kc_clock_init(&c, START, "60", REAL, &err), KC_OK);
	assert_refused(kc_clock_stepped(&c, "/tmp/x", "60", &err), err, "a stepped clock moves only");
	assert_null(c.step_file); /* untouched: still the scaled clock */
	assert_int_equal(kc_clock_now(&c, REAL + 1), START_T + 60);
}

/* The file: absent (the clock stands), then what a test writes, with its newline. */
static void test_poll_reads_the_file(void **state)
{
	struct kc_tdb t = { 0 };
	struct kc_clock c;

	(void)state;
	tdb_folder(&t, "clock", "step");
	c = stepped(t.path);
	assert_int_equal(kc_clock_poll(&c), 0);
	assert_int_equal(kc_clock_now(&c, REAL + 50), START_T);
	write_file(t.path, "300\n");
	assert_int_equal(kc_clock_poll(&c), 1);
	assert_int_equal(kc_clock_now(&c, REAL + 50), START_T + 300);
	assert_int_equal(kc_clock_poll(&c), 0); /* read again: no further */
	write_file(t.path, "120\n");             /* back: refused, the clock stays */
	assert_int_equal(kc_clock_poll(&c), 0);
	assert_int_equal(kc_clock_now(&c, REAL), START_T + 300);
	write_file(t.path, "");
	assert_int_equal(kc_clock_poll(&c), 0);
	write_file(t.path, "2700\r\n");
	assert_int_equal(kc_clock_poll(&c), 1);
	assert_int_equal(kc_clock_now(&c, REAL), START_T + 2700);
	tdb_destroy(&t);
}

/* Refused on a production database, allowed on a training one; the real clock anywhere. */
static void test_only_on_a_training_database(void **state)
{
	struct kc_tdb prod = { 0 }, train = { 0 };
	struct kc_clock step = stepped("/nonexistent/kc-clock"), real;
	struct kc_err err;

	(void)state;
	assert_int_equal(kc_clock_init(&real, NULL, NULL, REAL, &err), KC_OK);
	tdb_create(&prod, "clockprod", "nina");
	assert_int_equal(kc_store_training(prod.st), 0);
	assert_int_equal(kc_clock_allowed(&step, kc_store_training(prod.st)), 0);
	assert_int_equal(kc_clock_allowed(&real, kc_store_training(prod.st)), 1);
	tdb_folder(&train, "clocktrain", "t.db");
	assert_int_equal(kc_store_open(&train.st, train.path, KC_OPEN_CREATE | KC_OPEN_TRAINING, "nina",
				       &err), KC_OK);
	assert_int_equal(kc_store_training(train.st), 1);
	assert_int_equal(kc_clock_allowed(&step, kc_store_training(train.st)), 1);
	assert_int_equal(kc_clock_allowed(&real, kc_store_training(train.st)), 1);
	tdb_destroy(&prod);
	tdb_destroy(&train);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unset_is_not_stepped),
		cmocka_unit_test(test_stands_still_until_stepped),
		cmocka_unit_test(test_never_goes_back_nor_takes_nonsense),
		cmocka_unit_test(test_refused_with_a_scale),
		cmocka_unit_test(test_poll_reads_the_file),
		cmocka_unit_test(test_only_on_a_training_database),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
