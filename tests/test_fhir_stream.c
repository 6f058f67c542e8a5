/* test_fhir_stream.c — the FHIR export's streaming JSON writer (src/core/jw.c, kc_jw.h):
 * its text is what jansson writes for the same values (JSON_COMPACT,
 * JSON_REAL_PRECISION(10)): strings with every control character, quotes, backslashes,
 * UTF-8 of every length and invalid bytes (U+FFFD); integers, reals and FHIR decimals;
 * and an object or array that closes empty is taken back out with its key and comma, at
 * any depth, so no empty value is ever written. The entries' ids (kc_uuid5) are libuuid's
 * uuid_generate_sha1 for names of every length across SHA-1's block edges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <uuid/uuid.h>

#include "kc_fhir.h"
#include "kc_jw.h"
#include "kc_uuid5.h"

#define FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(10) | JSON_ENCODE_ANY)

/* What the writer holds, as a string (the buffer is not NUL-terminated). */
static char *text(struct kc_jw *w)
{
	static char out[8192];

	assert_false(w->nomem);
	assert_true(w->len < sizeof out);
	memcpy(out, w->buf ? w->buf : "", w->len);
	out[w->len] = '\0';
	return out;
}

/* v as jansson writes it; v is freed. */
static char *jansson(json_t *v)
{
	static char out[8192];
	char *s;

	assert_non_null(v);
	s = json_dumps(v, FLAGS);
	assert_non_null(s);
	snprintf(out, sizeof out, "%s", s);
	free(s);
	json_decref(v);
	return out;
}

static void same_string(const char *s)
{
	char fixed[4 * 1024 + 8];
	struct kc_jw w;
	json_t *j = json_string(s);

	if (!j) /* not UTF-8: the export replaces the bad bytes */
		j = json_string(kc_fhir_utf8(s, fixed, sizeof fixed));
	kc_jw_init(&w);
	kc_jw_string(&w, NULL, s);
	assert_string_equal(text(&w), jansson(j));
	kc_jw_free(&w);
}

static void test_strings_escape_as_jansson_does(void **state)
{
	static const char *const cases[] = {
		"plain", "a \"quoted\" word", "back\\slash", "line\nbreak", "tab\there", "cr\rlf\n", "\b\f",
		"\x01\x02\x1f\x7f", "slash / stays", "Zoë Ångström", "日本語", "emoji \xf0\x9f\x98\x80 four bytes",
		"\xef\xbf\xbf max BMP", "mixed \"Zoë\"\t\\ \x1b[0m",
	};
	char all[40];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		same_string(cases[i]);
	for (int c = 1; c < 32; c++) { /* every control character, alone and in text */
		char one[2] = { (char)c, 0 };

		same_string(one);
		snprintf(all, sizeof all, "x%cy", c);
		same_string(all);
	}
}

static void test_invalid_utf8_becomes_fffd(void **state)
{
	static const char *const cases[] = {
		"Ann\xff", "\x80 lone continuation", "\xc0\xaf overlong", "\xe0\x80\xaf overlong 3",
		"\xed\xa0\x80 surrogate", "\xf4\x90\x80\x80 past U+10FFFF", "\xf5\x80\x80\x80", "cut \xe6\x97",
		"cut at the end \xf0\x9f\x98", "\"q\" \xff\n",
	};
	struct kc_jw w;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		same_string(cases[i]);
	kc_jw_init(&w);
	kc_jw_string(&w, NULL, "Ann\xff");
	assert_string_equal(text(&w), "\"Ann\xef\xbf\xbd\"");
	kc_jw_free(&w);
}

static void test_empty_strings_are_left_out(void **state)
{
	struct kc_jw w;

	(void)state;
	kc_jw_init(&w);
	kc_jw_object(&w, NULL);
	kc_jw_string(&w, "a", "");
	kc_jw_string(&w, "b", NULL);
	kc_jw_string(&w, "c", "x");
	kc_jw_string(&w, "d", "");
	kc_jw_close(&w);
	assert_string_equal(text(&w), "{\"c\":\"x\"}");
	kc_jw_free(&w);
}

static void test_numbers_as_jansson_writes_them(void **state)
{
	static const double reals[] = { 72.55, 36.8, 0.01, -0.5, 1e-7, 12345678901.5, 1e21, 123456.78,
					-2.25, 3.0, 100.0, 1.0 / 3, 5e-324, 1.7976931348623157e308 };
	static const long long ints[] = { 0, 1, -1, 42, 1000000, LLONG_MAX, LLONG_MIN };
	struct kc_jw w;

	(void)state;
	for (size_t i = 0; i < sizeof reals / sizeof *reals; i++) {
		kc_jw_init(&w);
		kc_jw_real(&w, NULL, reals[i]);
		assert_string_equal(text(&w), jansson(json_real(reals[i])));
		kc_jw_free(&w);
	}
	for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
		kc_jw_init(&w);
		kc_jw_int(&w, NULL, ints[i]);
		assert_string_equal(text(&w), jansson(json_integer(ints[i])));
		kc_jw_free(&w);
	}
	/* FHIR decimals: to 0.01, an integer when whole */
	kc_jw_init(&w);
	kc_jw_array(&w, NULL);
	kc_jw_number(&w, NULL, 72.0);
	kc_jw_number(&w, NULL, 72.554);
	kc_jw_number(&w, NULL, -3.456);
	kc_jw_number(&w, NULL, 36.8);
	kc_jw_number(&w, NULL, 0.999);
	kc_jw_number(&w, NULL, -0.001);
	kc_jw_bool(&w, NULL, 1);
	kc_jw_bool(&w, NULL, 0);
	kc_jw_close(&w);
	assert_string_equal(text(&w), "[72,72.55,-3.46,36.8,1,0,true,false]");
	kc_jw_free(&w);
}

/* A run of members written whole: a comma only after a member, counted as its members (the
 * object is not empty, a member after them takes a comma). */
static void test_members_as_a_run(void **state)
{
	struct kc_jw w;

	(void)state;
	kc_jw_init(&w);
	kc_jw_array(&w, NULL);
	kc_jw_object(&w, NULL);
	kc_jw_members(&w, "\"a\":1,\"b\":\"x\"", 13, 2);
	kc_jw_int(&w, "c", 3);
	kc_jw_close(&w);
	kc_jw_object(&w, NULL);
	kc_jw_int(&w, "v", 4);
	kc_jw_members(&w, "\"u\":\"kg\"", 8, 1);
	kc_jw_close(&w);
	kc_jw_object(&w, NULL);
	kc_jw_members(&w, "", 0, 1);
	kc_jw_close(&w);
	kc_jw_close(&w);
	assert_string_equal(text(&w), "[{\"a\":1,\"b\":\"x\",\"c\":3},{\"v\":4,\"u\":\"kg\"}]");
	kc_jw_free(&w);
}

/* kc_jw_number's hundredths written digit by digit: what kc_jw_real writes for them, over
 * small and nine-digit values of both signs and the edges where it falls back. */
static void test_hundredths_as_real_writes_them(void **state)
{
	static const long long far[] = { 999999999LL, -999999999LL, 999999901LL, 123456789LL, 1000000001LL,
					 -1000000001LL, 99999999999LL };
	struct kc_jw a, b;
	char want[64];

	(void)state;
	for (long long k = -20000; k <= 20000 + (long long)(sizeof far / sizeof *far); k++) {
		long long h = k <= 20000 ? k : far[k - 20001];

		if (h % 100 == 0)
			continue;
		kc_jw_init(&a);
		kc_jw_init(&b);
		kc_jw_number(&a, NULL, (double)h / 100);
		kc_jw_real(&b, NULL, (double)h / 100);
		snprintf(want, sizeof want, "%s", text(&b));
		assert_string_equal(text(&a), want);
		kc_jw_free(&a);
		kc_jw_free(&b);
	}
}

/* kc_jw_number_text, the text the FHIR export copies into its runs of members (a reading's
 * Quantity): a whole value as "%lld" writes it, any other as kc_jw_real writes it. */
static void test_number_text_for_runs(void **state)
{
	char got[KC_JW_NUMBER_TEXT + 1], want[64];
	struct kc_jw b;
	size_t n;

	(void)state;
	for (long long h = -20000; h <= 20000; h++) {
		double v = (double)h / 100;

		if (h % 100 == 0) {
			snprintf(want, sizeof want, "%lld", h / 100);
		} else {
			kc_jw_init(&b);
			kc_jw_real(&b, NULL, v);
			snprintf(want, sizeof want, "%s", text(&b));
			kc_jw_free(&b);
		}
		n = kc_jw_number_text(v, got);
		got[n] = '\0';
		assert_string_equal(got, want);
	}
	n = kc_jw_number_text(1e7 + 0.25, got); /* past nine digits: kc_jw_real's text */
	got[n] = '\0';
	kc_jw_init(&b);
	kc_jw_real(&b, NULL, 1e7 + 0.25);
	assert_string_equal(got, text(&b));
	kc_jw_free(&b);
}

/* {"x":1,"e":{},"y":[{"z":{}},[]],"s":"","k":{"a":[{"b":{"c":[]}}]},"t":true} */
static void test_empty_containers_roll_back_at_any_depth(void **state)
{
	struct kc_jw w;

	(void)state;
	kc_jw_init(&w);
	kc_jw_object(&w, NULL);
	kc_jw_object(&w, "e"); /* the first member empty: the next has no comma before it */
	assert_int_equal(kc_jw_close(&w), 0);
	kc_jw_int(&w, "x", 1);
	kc_jw_object(&w, "e");
	assert_int_equal(kc_jw_close(&w), 0);
	kc_jw_array(&w, "y");
	kc_jw_object(&w, NULL);
	kc_jw_object(&w, "z");
	kc_jw_close(&w);
	kc_jw_close(&w);
	kc_jw_array(&w, NULL);
	kc_jw_close(&w);
	assert_int_equal(kc_jw_close(&w), 0);
	kc_jw_string(&w, "s", "");
	kc_jw_object(&w, "k");
	kc_jw_array(&w, "a");
	kc_jw_object(&w, NULL);
	kc_jw_object(&w, "b");
	kc_jw_array(&w, "c");
	for (int i = 0; i < 4; i++)
		kc_jw_close(&w);
	assert_int_equal(kc_jw_close(&w), 0);
	kc_jw_bool(&w, "t", 1);
	assert_int_equal(kc_jw_close(&w), 1);
	assert_int_equal(w.depth, 0);
	assert_string_equal(text(&w), "{\"x\":1,\"t\":true}");
	kc_jw_free(&w);

	/* a whole value that is empty leaves nothing, not even its key */
	kc_jw_init(&w);
	kc_jw_text(&w, "<", 1);
	kc_jw_object(&w, NULL);
	kc_jw_object(&w, "a");
	kc_jw_array(&w, "b");
	kc_jw_string(&w, NULL, "");
	kc_jw_close(&w);
	kc_jw_close(&w);
	assert_int_equal(kc_jw_close(&w), 0);
	kc_jw_text(&w, ">", 1);
	assert_string_equal(text(&w), "<>");
	kc_jw_free(&w);

	/* in arrays: the empty elements go, the commas stay right */
	kc_jw_init(&w);
	kc_jw_array(&w, NULL);
	kc_jw_object(&w, NULL);
	kc_jw_close(&w);
	kc_jw_int(&w, NULL, 1);
	kc_jw_array(&w, NULL);
	kc_jw_close(&w);
	kc_jw_object(&w, NULL);
	kc_jw_string(&w, "a", "b");
	kc_jw_close(&w);
	kc_jw_array(&w, NULL);
	kc_jw_object(&w, NULL);
	kc_jw_close(&w);
	kc_jw_close(&w);
	kc_jw_int(&w, NULL, 2);
	kc_jw_close(&w);
	assert_string_equal(text(&w), "[1,{\"a\":\"b\"},2]");
	kc_jw_free(&w);
}

/* A value deep down keeps every level around it; with it gone every level goes. */
static void test_deep_nesting(void **state)
{
	struct kc_jw w;
	char want[512] = "";

	(void)state;
	/* {"a":[{"a":[ ... "v" ... ]}]} ten levels */
	for (int keep = 0; keep < 2; keep++) {
		size_t n = 0;

		kc_jw_init(&w);
		want[0] = '\0';
		for (int d = 0; d < 10; d++) {
			if (d % 2 == 0) {
				kc_jw_object(&w, NULL);
				n += (size_t)snprintf(want + n, sizeof want - n, "{");
			} else {
				kc_jw_array(&w, "a");
				n += (size_t)snprintf(want + n, sizeof want - n, "\"a\":[");
			}
		}
		kc_jw_string(&w, NULL, keep ? "v" : "");
		n += (size_t)snprintf(want + n, sizeof want - n, "\"v\"");
		for (int d = 9; d >= 0; d--) {
			kc_jw_close(&w);
			n += (size_t)snprintf(want + n, sizeof want - n, "%s", d % 2 ? "]" : "}");
		}
		assert_string_equal(text(&w), keep ? want : "");
		assert_int_equal(w.depth, 0);
		kc_jw_free(&w);
	}
	/* too deep is an error, not a crash */
	kc_jw_init(&w);
	for (int d = 0; d <= KC_JW_DEPTH; d++)
		kc_jw_array(&w, NULL);
	assert_true(w.nomem);
	kc_jw_free(&w);
}

/* w->last: where the last value began, for the export's values written once and copied. */
static void test_last_value(void **state)
{
	struct kc_jw w;

	(void)state;
	kc_jw_init(&w);
	kc_jw_object(&w, NULL);
	kc_jw_string(&w, "a", "b");
	kc_jw_object(&w, "code");
	kc_jw_string(&w, "text", "x");
	kc_jw_close(&w);
	assert_int_equal(w.len - w.last, strlen("{\"text\":\"x\"}"));
	assert_memory_equal(w.buf + w.last, "{\"text\":\"x\"}", w.len - w.last);
	kc_jw_object(&w, "none");
	kc_jw_close(&w);
	assert_int_equal(w.last, w.len);
	kc_jw_raw(&w, "copy", "[1]", 3);
	kc_jw_raw(&w, "nothing", "", 0);
	kc_jw_close(&w);
	assert_string_equal(text(&w), "{\"a\":\"b\",\"code\":{\"text\":\"x\"},\"copy\":[1]}");
	kc_jw_free(&w);
}

/* A resource-like tree written by both. */
static void test_tree_as_jansson_writes_it(void **state)
{
	json_t *r = json_object(), *notes = json_array(), *n1 = json_object(), *q = json_object();
	struct kc_jw w;

	(void)state;
	json_object_set_new(r, "resourceType", json_string("Observation"));
	json_object_set_new(q, "value", json_real(72.55));
	json_object_set_new(q, "unit", json_string("kg"));
	json_object_set_new(r, "valueQuantity", q);
	json_object_set_new(n1, "time", json_string("2026-01-02T03:04:05Z"));
	json_object_set_new(n1, "text", json_string("As typed: \"72.55 kg\"\n\u00e9"));
	json_array_append_new(notes, n1);
	json_object_set_new(r, "note", notes);
	json_object_set_new(r, "valueBoolean", json_false());
	json_object_set_new(r, "valueInteger", json_integer(-7));

	kc_jw_init(&w);
	kc_jw_object(&w, NULL);
	kc_jw_string(&w, "resourceType", "Observation");
	kc_jw_object(&w, "meta");
	kc_jw_array(&w, "profile");
	kc_jw_close(&w);
	kc_jw_close(&w);
	kc_jw_object(&w, "valueQuantity");
	kc_jw_number(&w, "value", 72.55);
	kc_jw_string(&w, "unit", "kg");
	kc_jw_close(&w);
	kc_jw_array(&w, "note");
	kc_jw_object(&w, NULL);
	kc_jw_string(&w, "time", "2026-01-02T03:04:05Z");
	kc_jw_string(&w, "text", "As typed: \"72.55 kg\"\n\u00e9");
	kc_jw_close(&w);
	kc_jw_close(&w);
	kc_jw_bool(&w, "valueBoolean", 0);
	kc_jw_int(&w, "valueInteger", -7);
	kc_jw_close(&w);
	assert_string_equal(text(&w), jansson(r));
	kc_jw_free(&w);
}

/* Both ways of kc_uuid5 (the CPU's SHA extensions when it has them, the plain rounds
 * always) against libuuid. */
static void test_uuid5_as_libuuid_makes_it(void **state)
{
	char name[220], ours[37], plain[37], theirs[37];
	unsigned char u[16], p[16];
	uuid_t ns, ref;
	int ni = 0;

	(void)state;
	assert_int_equal(uuid_parse("6f1c2a9e-3b7d-4e21-9a55-0c8d7e6f1a2b", ns), 0);
	for (size_t n = 0; n < sizeof name; n++) {
		name[n] = (char)('a' + n % 26);
		if (n % 7 == 3)
			name[n] = '/';
		kc_uuid5(u, ns, name, n);
		kc_uuid_text(u, ours);
		ni = kc_uuid5_portable(p, ns, name, n);
		kc_uuid_text(p, plain);
		uuid_generate_sha1(ref, ns, name, n);
		uuid_unparse_lower(ref, theirs);
		if (strcmp(ours, theirs) != 0 || strcmp(plain, theirs) != 0)
			fail_msg("name of %zu bytes: %s (plain rounds %s), libuuid %s", n, ours, plain, theirs);
	}
	print_message("kc_uuid5 by %s\n", ni ? "the CPU's SHA extensions" : "the plain rounds");
	kc_uuid5(u, ns, "Observation/vitals/12/hr", 24);
	kc_uuid_text(u, ours);
	assert_int_equal(ours[14], '5'); /* version 5 */
	assert_non_null(strchr("89ab", ours[19])); /* RFC 4122 variant */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings_escape_as_jansson_does),
		cmocka_unit_test(test_invalid_utf8_becomes_fffd),
		cmocka_unit_test(test_empty_strings_are_left_out),
		cmocka_unit_test(test_numbers_as_jansson_writes_them),
		cmocka_unit_test(test_hundredths_as_real_writes_them),
		cmocka_unit_test(test_number_text_for_runs),
		cmocka_unit_test(test_members_as_a_run),
		cmocka_unit_test(test_empty_containers_roll_back_at_any_depth),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_last_value),
		cmocka_unit_test(test_tree_as_jansson_writes_it),
		cmocka_unit_test(test_uuid5_as_libuuid_makes_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
