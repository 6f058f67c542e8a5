/* test_booking.c — the day's schedule (kc_booking.h): the short name of a chair for the
 * board's narrow column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "kc_booking.h"

static const char *short_of(const char *chairs, const char *chair)
{
	static char out[32];

	kc_chair_short(chairs, chair, out, sizeof out);
	return out;
}

static void chair_short_leaves_out_the_shared_words(void **state)
{
	(void)state;
	assert_string_equal(short_of("Chair 1, Chair 2, Chair 3, Chair 4", "Chair 2"), "2");
	assert_string_equal(short_of("Chair 1,Chair 2", "Chair 1"), "1");
	assert_string_equal(short_of(" Chair 1 , Chair 12 ", "Chair 12"), "12");
	/* a shared start that is not a whole word stays */
	assert_string_equal(short_of("Chair 1, Chairside", "Chair 1"), "Chair 1");
	assert_string_equal(short_of("Bay A left, Bay A right, Bay B", "Bay A right"), "A right");
	assert_string_equal(short_of("Room 1 left, Room 1 right", "Room 1 left"), "left");
}

static void chair_short_keeps_the_whole_name(void **state)
{
	(void)state;
	/* nothing shared */
	assert_string_equal(short_of("Window, Door", "Window"), "Window");
	/* one chair only */
	assert_string_equal(short_of("Chair 1", "Chair 1"), "Chair 1");
	/* a chair that is all the shared words: nothing would be left of it */
	assert_string_equal(short_of("Chair, Chair 2", "Chair 2"), "Chair 2");
	/* not one of the configured chairs (the configuration changed since the booking) */
	assert_string_equal(short_of("Chair 1, Chair 2", "Recliner 3"), "Recliner 3");
	assert_string_equal(short_of("Chair 1, Chair 2", "-"), "-");
	assert_string_equal(short_of("", "Chair 1"), "Chair 1");
}

static void chair_short_fits_its_buffer(void **state)
{
	char out[3];

	(void)state;
	kc_chair_short("Chair 100, Chair 200", "Chair 100", out, sizeof out);
	assert_string_equal(out, "10");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(chair_short_leaves_out_the_shared_words),
		cmocka_unit_test(chair_short_keeps_the_whole_name),
		cmocka_unit_test(chair_short_fits_its_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
