/* test_ascii.c — text for a terminal whose locale is not UTF-8 (kc_ascii.h): the
 * program's own characters become their ASCII stand-ins, anything else one '?' per
 * character (never per byte), invalid bytes one '?' each. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "kc_ascii.h"

static void is(const char *in, const char *want)
{
	char out[256];

	assert_string_equal(kc_ascii(in, out, sizeof out), want);
}

static void the_programs_own_characters(void **state)
{
	(void)state;
	is("systolic 300 mmHg is impossible (allowed 30\u2013280 mmHg)",
	   "systolic 300 mmHg is impossible (allowed 30-280 mmHg)");
	is("temperature 50.0 \u00b0C is impossible (allowed 30\u201345 \u00b0C)",
	   "temperature 50.0 degC is impossible (allowed 30-45 degC)");
	is("restored draft from 09:12 \u2014 not charted", "restored draft from 09:12 -- not charted");
	is("0.5 mg/kg \u00d7 88.5 kg", "0.5 mg/kg x 88.5 kg");
	is("SBP \u2265 180; HR \u2264 40", "SBP >= 180; HR <= 40");
	is("\u2192 \u2190 \u2026 \u00b7 \u2713 \u2717 \u25b2 \u25bc \u25b6 \u26a0 \u00b5g",
	   "-> <- ... . v x ^ v > ! ug");
	is("\u2502\u2500\u250c\u2510\u2514\u2518\u252c", "|-+++++");
	is("\u00a7 3 \u00a9 2026", "S 3 (c) 2026");
}

static void other_text_is_one_question_mark_a_character(void **state)
{
	(void)state;
	is("Zo\u00eb Br\u00f6nte", "Zo? Br?nte");       /* 2-byte characters */
	is("\u6771\u4eac", "??");                      /* 3-byte */
	is("\U0001F600!", "?!");                       /* 4-byte */
	is("plain ASCII stays", "plain ASCII stays");
}

static void bytes_that_are_not_utf8(void **state)
{
	(void)state;
	is("a\xff" "b", "a?b");
	is("a\xc3", "a?");            /* cut short */
	is("a\xc0\xaf" "b", "a??b");  /* overlong '/' */
	is("\xed\xa0\x80", "???");   /* a surrogate */
	is("\xe2\x80" "x", "??x");   /* a 3-byte start with one continuation */
}

static void cut_at_a_whole_character(void **state)
{
	char out[8];
	size_t len;

	(void)state;
	assert_string_equal(kc_ascii("30\u2013280 mmHg", out, sizeof out), "30-280 ");
	assert_string_equal(kc_ascii("ab\u00b0", out, 5), "ab");  /* "deg" does not fit: left out whole */
	assert_string_equal(kc_ascii_char("\u2014x", &len), "--");
	assert_int_equal(len, 3);
	assert_string_equal(kc_ascii_char("x", &len), "x");
	assert_int_equal(len, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_programs_own_characters),
		cmocka_unit_test(other_text_is_one_question_mark_a_character),
		cmocka_unit_test(bytes_that_are_not_utf8),
		cmocka_unit_test(cut_at_a_whole_character),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
