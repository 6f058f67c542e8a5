/* test_text.c — text in, text out (kc_text.h): the one rule every stored text passes
 * (valid UTF-8, NFC, no control or direction characters, refused when too long rather than
 * cut) on its own and at the store, and the one escaping of stored text on its way out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "kc_text.h"

#define T0 ((time_t)1763726400)

static void assert_msg(const struct kc_err *err, const char *gist)
{
	if (!strstr(err->msg, gist))
		fail_msg("message \"%s\" lacks \"%s\"", err->msg, gist);
}

static void refused(const char *in, int flags, const char *gist)
{
	char out[64] = "x";
	struct kc_err err;

	assert_int_equal(kc_text_clean("the name", in, flags, out, sizeof out, &err), KC_ERR_INVALID);
	assert_msg(&err, "the name");
	assert_msg(&err, gist);
	assert_string_equal(out, "");
}

static void kept(const char *in, int flags, const char *want)
{
	char out[64];
	struct kc_err err;

	assert_int_equal(kc_text_clean("the name", in, flags, out, sizeof out, &err), KC_OK);
	assert_string_equal(out, want);
}

/* ---------- in ---------- */

static void test_plain_text_is_kept_as_typed(void **state)
{
	(void)state;
	kept("Ada Lovelace", 0, "Ada Lovelace");
	kept("O'Neil-Smith, Ann", 0, "O'Neil-Smith, Ann");
	kept("", 0, "");
	kept("Øyvind Ångström 王秀英", 0, "Øyvind Ångström 王秀英");
}

static void test_invalid_utf8_is_refused(void **state)
{
	(void)state;
	refused("Jos\xe9", 0, "is not valid UTF-8 text (byte 4)"); /* Latin-1 é */
	refused("\xc3", 0, "not valid UTF-8");                      /* cut in the middle */
	refused("\xed\xa0\x80", 0, "not valid UTF-8");              /* a surrogate */
	refused("\xc0\xaf", 0, "not valid UTF-8");                  /* overlong '/' */
}

static void test_control_characters_are_refused(void **state)
{
	(void)state;
	refused("Ann\x1b]0;x\a", 0, "an escape character (U+001B)");
	refused("Ann\x07", 0, "a control character (U+0007)");
	refused("Ann\x7f", 0, "a control character (U+007F)");
	refused("Ann\xc2\x85", 0, "a control character (U+0085)"); /* C1 NEL */
	refused("Ann\xc2\x9b" "2J", 0, "U+009B");                  /* C1 CSI */
	refused("Ann\rBob", 0, "a carriage return");
	refused("Ann\r\nBob", KC_TEXT_LINES, "a carriage return");
}

static void test_newline_and_tab_only_in_notes(void **state)
{
	(void)state;
	refused("line one\nline two", 0, "a line break (U+000A), which is never stored in this field");
	refused("a\tb", 0, "a tab");
	kept("line one\nline two\tend", KC_TEXT_LINES, "line one\nline two\tend");
}

static void test_direction_controls_are_refused(void **state)
{
	static const char *const bidi[] = {
		"\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac", "\xe2\x80\xad", "\xe2\x80\xae", /* 202A-E */
		"\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8", "\xe2\x81\xa9",                 /* 2066-9 */
		"\xe2\x80\x8e", "\xe2\x80\x8f", "\xd8\x9c",                                     /* 200E/F, 061C */
	};
	char in[32];

	(void)state;
	for (size_t i = 0; i < sizeof bidi / sizeof bidi[0]; i++) {
		snprintf(in, sizeof in, "Ann%sBob", bidi[i]);
		refused(in, KC_TEXT_LINES, "invisible direction control");
	}
}

/* NFC composes (e + combining acute is é) and never moves a character: the letters stay
 * in the order typed, a mark stays on the letter it was typed after. */
static void test_nfc_composes_and_keeps_the_typed_order(void **state)
{
	(void)state;
	kept("Zoe\xcc\x88", 0, "Zo\xc3\xab");                       /* Zoë */
	kept("Jose\xcc\x81 q\xcc\x88", 0, "Jos\xc3\xa9 q\xcc\x88"); /* é composed, q̈ has no single form */
	kept("\xef\xac\x81", 0, "\xef\xac\x81");                    /* ﬁ: NFC, not NFKC */
	kept("a\xe2\x80\x8d" "b", 0, "a\xe2\x80\x8d" "b");          /* a joiner stays where typed */
	kept("Hangul \xe1\x84\x80\xe1\x85\xa1", 0, "Hangul \xea\xb0\x80");
}

/* The limit counts the bytes stored (after NFC); one more is refused, never cut. */
static void test_too_long_is_refused_not_cut(void **state)
{
	char in[80], out[16];
	struct kc_err err;

	(void)state;
	memset(in, 'a', 15);
	in[15] = '\0';
	assert_int_equal(kc_text_clean("the chart number", in, 0, out, sizeof out, &err), KC_OK);
	assert_string_equal(out, in);
	in[15] = 'b';
	in[16] = '\0';
	assert_int_equal(kc_text_clean("the chart number", in, 0, out, sizeof out, &err), KC_ERR_INVALID);
	assert_msg(&err, "the chart number is too long (16 bytes, at most 15): shorten it; nothing was cut");
	assert_string_equal(out, "");
	/* 14 a's + e + combining acute = 17 bytes typed, 16 stored: still one too many */
	snprintf(in, sizeof in, "aaaaaaaaaaaaaae\xcc\x81");
	assert_int_equal(kc_text_clean("the chart number", in, 0, out, sizeof out, &err), KC_ERR_INVALID);
	/* 13 a's: 15 stored */
	snprintf(in, sizeof in, "aaaaaaaaaaaaae\xcc\x81");
	assert_int_equal(kc_text_clean("the chart number", in, 0, out, sizeof out, &err), KC_OK);
}

/* ---------- out ---------- */

static void test_escape_makes_controls_visible(void **state)
{
	char out[128];

	(void)state;
	assert_string_equal(kc_text_escape("\x1b]0;owned\a\x1b[2J", 0, out, sizeof out),
			    "\\x1b]0;owned\\x07\\x1b[2J");
	assert_string_equal(kc_text_escape("a\nb\tc", 0, out, sizeof out), "a\\x0ab\\x09c");
	assert_string_equal(kc_text_escape("a\nb\tc\r", KC_ESC_KEEP_LINES, out, sizeof out), "a\nb\tc\\x0d");
	assert_string_equal(kc_text_escape("evil\xe2\x80\xae" "fdp.exe", 0, out, sizeof out),
			    "evil\\u202efdp.exe");
	assert_string_equal(kc_text_escape("Jos\xe9 \xc2\x85", 0, out, sizeof out), "Jos\\xe9 \\x85");
	assert_string_equal(kc_text_escape("Øyvind 王", 0, out, sizeof out), "Øyvind 王");
	assert_string_equal(kc_text_escape(NULL, 0, out, sizeof out), "");
	assert_false(kc_text_needs_escape("Øyvind 王", 0));
	assert_true(kc_text_needs_escape("a\nb", 0));
	assert_false(kc_text_needs_escape("a\nb", KC_ESC_KEEP_LINES));
}

static void test_escape_cuts_on_whole_pieces_and_says_so(void **state)
{
	char out[10];

	(void)state;
	assert_string_equal(kc_text_escape("abcdefghijkl", 0, out, sizeof out), "abcdef...");
	assert_string_equal(kc_text_escape("ab\x1b\x1b\x1b", 0, out, sizeof out), "ab\\x1b...");
	assert_string_equal(kc_text_escape("王王王王", 0, out, sizeof out), "王王...");
}

/* ---------- at the store ---------- */

struct fx {
	struct kc_tdb db;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "text", "nurse1");
	*state = f;
	return 0;
}

static int add_patient(struct fx *f, const char *chart, const char *name, kc_id *id)
{
	struct kc_patient p = { 0 };

	kc_strlcpy(p.chart_no, chart, sizeof p.chart_no);
	kc_strlcpy(p.name, name, sizeof p.name);
	kc_strlcpy(p.dob, "1980-05-17", sizeof p.dob);
	return kc_patient_add(f->db.st, &p, T0, id, &f->db.err);
}

static void test_store_refuses_hostile_names_naming_the_field(void **state)
{
	struct fx *f = *state;
	kc_id id = 0;
	long long before = -1, after = -1;

	assert_int_equal(kc_store_count(f->db.st, "patient", &before, &f->db.err), KC_OK);
	assert_int_equal(add_patient(f, "C-1", "Ann\x1b]0;owned\a", &id), KC_ERR_INVALID);
	assert_msg(&f->db.err, "the patient's name contains an escape character");
	assert_int_equal(add_patient(f, "C-1", "Ann\xe2\x80\xae" "nnA", &id), KC_ERR_INVALID);
	assert_msg(&f->db.err, "the patient's name contains an invisible direction control");
	assert_int_equal(add_patient(f, "C-1", "Jos\xe9", &id), KC_ERR_INVALID);
	assert_msg(&f->db.err, "the patient's name is not valid UTF-8");
	assert_int_equal(add_patient(f, "C\n1", "Ann", &id), KC_ERR_INVALID);
	assert_msg(&f->db.err, "the chart number contains a line break");
	assert_int_equal(kc_clinician_add(f->db.st, "bob", "Bob\x1b[2J", KC_ROLE_NURSE, T0, &f->db.err),
			 KC_ERR_INVALID);
	assert_msg(&f->db.err, "the clinician's name contains an escape character");
	assert_int_equal(kc_store_count(f->db.st, "patient", &after, &f->db.err), KC_OK);
	assert_int_equal(after, before);
}

static void test_store_keeps_nfc_and_notes_keep_their_lines(void **state)
{
	struct fx *f = *state;
	struct kc_addendum_row *rows = NULL;
	struct kc_patient p;
	kc_id id = 0, ses = 0;
	size_t n = 0;

	assert_int_equal(add_patient(f, "C-2", "Zoe\xcc\x88 Jose\xcc\x81", &id), KC_OK);
	assert_int_equal(kc_patient_get(f->db.st, id, &p, &f->db.err), KC_OK);
	assert_string_equal(p.name, "Zo\xc3\xab Jos\xc3\xa9");
	ses = tdb_session(&f->db, id, KC_ROUTE_IV, T0);
	assert_int_equal(kc_session_end(f->db.st, ses, "aborted", "declined", T0 + 60, &f->db.err), KC_OK);
	assert_int_equal(kc_session_sign(f->db.st, ses, T0 + 120, &f->db.err), KC_OK);
	assert_int_equal(kc_addendum_add(f->db.st, ses, "called back:\n\twell", T0 + 180, &f->db.err), KC_OK);
	assert_int_equal(kc_addendum_list(f->db.st, ses, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].text, "called back:\n\twell");
	free(rows);
	assert_int_equal(kc_addendum_add(f->db.st, ses, "called\x1b[2J", T0 + 240, &f->db.err), KC_ERR_INVALID);
	assert_msg(&f->db.err, "the addendum contains an escape character");
}

/* A name given whole (the command line's --name) is refused when longer than the field. */
static void test_store_refuses_a_name_too_long_rather_than_cut(void **state)
{
	struct fx *f = *state;
	char name[KC_NAME_MAX + 8] = "";
	struct kc_clinician c;

	/* 47 two-byte letters = 94 bytes fit (95 max); 48 do not */
	for (int i = 0; i < 47; i++)
		strcat(name, "\xc3\xa9");
	assert_int_equal(kc_clinician_add(f->db.st, "bob", name, KC_ROLE_NURSE, T0, &f->db.err), KC_OK);
	strcat(name, "\xc3\xa9");
	assert_int_equal(kc_clinician_add(f->db.st, "eve", name, KC_ROLE_NURSE, T0, &f->db.err), KC_ERR_INVALID);
	assert_msg(&f->db.err, "the clinician's name is too long (96 bytes, at most 95): shorten it; nothing was cut");
	assert_int_equal(kc_clinician_get(f->db.st, "eve", &c, &f->db.err), KC_ERR_NOTFOUND);
}

/* The backstop: a text bound to any statement passes the rule, even one no named check
 * saw; the statement does not run. */
static void test_every_bound_text_passes_the_rule(void **state)
{
	struct fx *f = *state;
	long long n = -1;

	assert_int_equal(kc_store_count(f->db.st, "patient\x1b", &n, &f->db.err), KC_ERR_INVALID);
	assert_msg(&f->db.err, "contains an escape character");
	assert_int_equal(kc_store_count(f->db.st, "patient", &n, &f->db.err), KC_OK);
}

#define T(fn) cmocka_unit_test(fn)
#define S(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, tdb_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_plain_text_is_kept_as_typed),
		T(test_invalid_utf8_is_refused),
		T(test_control_characters_are_refused),
		T(test_newline_and_tab_only_in_notes),
		T(test_direction_controls_are_refused),
		T(test_nfc_composes_and_keeps_the_typed_order),
		T(test_too_long_is_refused_not_cut),
		T(test_escape_makes_controls_visible),
		T(test_escape_cuts_on_whole_pieces_and_says_so),
		S(test_store_refuses_hostile_names_naming_the_field),
		S(test_store_keeps_nfc_and_notes_keep_their_lines),
		S(test_store_refuses_a_name_too_long_rather_than_cut),
		S(test_every_bound_text_passes_the_rule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
