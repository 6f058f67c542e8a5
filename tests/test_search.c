/* test_search.c — the UI kit's search in the line model (src/ui/ui_lines.c: uil_find_span,
 * uil_lines_search), without curses: any case, UTF-8 letters in a UTF-8 locale, bytes and
 * ASCII letters in LANG=C, the bytes a match takes on screen, round past either end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../src/ui/ui_lines.h"
#include "../src/ui/ui_screen.h"

static void ascii_case_is_ignored_in_either_locale(void **state)
{
	int len = -1;

	(void)state;
	assert_int_equal(uil_find_span("BP 144/88 mmHg", "MMHG", 1, &len), 10);
	assert_int_equal(len, 4);
	assert_int_equal(uil_find_span("BP 144/88 mmHg", "mmhg", 0, &len), 10);
	assert_int_equal(len, 4);
	assert_int_equal(uil_find_span("baseline", "BASELINE!", 1, NULL), -1);
}

static void utf8_letters_match_in_any_case(void **state)
{
	int len = -1;

	(void)state;
	/* "REFUSED: Zoë asleep" searched as "ZOË" (U+00CB) */
	assert_int_equal(uil_find_span("REFUSED: Zo\xc3\xab asleep", "ZO\xc3\x8b", 1, &len), 9);
	assert_int_equal(len, 4);
	/* "Élodie Šimek" searched as "élodie šIMEK" */
	assert_int_equal(uil_find_span("\xc3\x89lodie \xc5\xa0imek", "\xc3\xa9lodie \xc5\xa1IMEK", 1, &len), 0);
	assert_int_equal(len, 14);
	/* Greek: "ΑΣΘΜΑ" finds "ασθμα" */
	assert_int_equal(uil_find_span("note: \xce\xb1\xcf\x83\xce\xb8\xce\xbc\xce\xb1",
				       "\xce\x91\xce\xa3\xce\x98\xce\x9c\xce\x91", 1, &len), 6);
	assert_int_equal(len, 10);
	/* a wide character is one unit, never matched half way */
	assert_int_equal(uil_find_span("\xe6\x9d\x8e\xe6\x9d\x8e x", "\x8e\xe6", 1, NULL), -1);
}

static void lang_c_matches_bytes_and_ascii_letters_only(void **state)
{
	int len = -1;

	(void)state;
	/* the exact bytes are found ... */
	assert_int_equal(uil_find_span("Zo\xc3\xab asleep", "zO\xc3\xab", 0, &len), 0);
	assert_int_equal(len, 4);
	/* ... another case of a non-ASCII letter is not (LANG=C knows ASCII case only) */
	assert_int_equal(uil_find_span("Zo\xc3\xab asleep", "ZO\xc3\x8b", 0, NULL), -1);
	/* a byte that is not UTF-8 is itself in a UTF-8 locale too, never skipped */
	assert_int_equal(uil_find_span("a\xff" "b", "\xff" "B", 1, &len), 1);
	assert_int_equal(len, 2);
}

static void nothing_to_find_finds_nothing(void **state)
{
	(void)state;
	assert_int_equal(uil_find_span("BP", "", 1, NULL), -1);
	assert_int_equal(uil_find_span("", "BP", 1, NULL), -1);
	assert_int_equal(uil_find_span(NULL, "BP", 1, NULL), -1);
	assert_int_equal(uil_find_span("BP", NULL, 1, NULL), -1);
}

static void the_lines_are_searched_round_past_either_end(void **state)
{
	struct uil_lines l = { .sel = -1 };

	(void)state;
	uil_lines_add(&l, "09:26 121/81 70", 0, 0, 1);
	uil_lines_add(&l, "09:26 REFUSED: Zo\xc3\xab", 0, 0, 2);
	uil_lines_add(&l, "      asleep", 0, 0, 2);
	uil_lines_add(&l, "08:25 132/82 74 baseline", 0, 0, 3);
	assert_int_equal(uil_lines_search(&l, "BASELINE", -1, 1, 1), 3);
	assert_int_equal(uil_lines_search(&l, "zo\xc3\x8b", 3, 1, 1), 1);   /* round past the end */
	assert_int_equal(uil_lines_search(&l, "zo\xc3\x8b", 3, 1, 0), -1);  /* LANG=C: Ë is not ë */
	assert_int_equal(uil_lines_search(&l, "09:26", 0, -1, 1), 1);       /* back past the top */
	assert_int_equal(uil_lines_search(&l, "09:26", 1, 1, 1), 0);
	assert_int_equal(uil_lines_search(&l, "zebra", 0, 1, 1), -1);
	/* the old ASCII entry point answers as the LANG=C one */
	assert_int_equal(uil_lines_find(&l, "BASELINE", 0, 1), 3);
	assert_int_equal(uil_lines_find(&l, "ZO\xc3\x8b", 0, 1), -1);
	uil_lines_free(&l);
}

/* A text wrapped over lines (uil_lines_wrap) is searched as one: a phrase cut by the wrap
 * is found on the line it starts on; lines that merely follow (no UIL_WRAP) are not joined. */
static void a_phrase_cut_by_the_wrap_is_found(void **state)
{
	struct uil_lines l = { .sel = -1 };

	(void)state;
	uil_lines_add(&l, "09:26 121/81 70", 0, 0, 1);
	/* "Nausea moderate, ondansetron 4 mg given, settled" in 22 columns, indent 6 */
	uil_lines_wrap(&l, 22, 1, 6, "09:40", "Nausea moderate, ondansetron 4 mg given, settled", 0, 0, 2);
	assert_true(l.n >= 3);
	assert_false(l.v[1].flags & UIL_WRAP);
	assert_true(l.v[2].flags & UIL_WRAP);
	assert_int_equal(uil_find_span(l.v[1].text, "moderate, ondansetron", 1, NULL), -1); /* cut */
	assert_int_equal(uil_lines_search(&l, "MODERATE, ONDANSETRON", -1, 1, 1), 1);
	assert_int_equal(uil_lines_search(&l, "moderate, ondansetron", 0, -1, 1), 1);
	assert_int_equal(uil_lines_search(&l, "4 mg given, settled", -1, 1, 1) > 1, 1);
	/* a line that only follows another (a second entry) is not read on from it */
	uil_lines_add(&l, "      given", 0, 0, 3);
	assert_int_equal(uil_lines_search(&l, "70 given", -1, 1, 1), -1);
	uil_lines_free(&l);
}

/* Scrolling to a match: the top on an entry's first line, and the cursor's entry whole. */
static void a_found_entry_is_scrolled_into_view_whole(void **state)
{
	struct uil_lines l = { .sel = -1 };

	(void)state;
	for (int e = 1; e <= 4; e++) { /* four entries of three lines each */
		uil_lines_add(&l, "09:26 Headache", 0, 0, e);
		uil_lines_add(&l, "NRS 2 (mild)", 0, 0, e);
		uil_lines_add(&l, e == 4 ? "note: Zo\xc3\xab" : "no intervention", 0, 0, e);
	}
	/* the view 5 lines, from line 1 (inside the first entry); the last entry found */
	l.top = 1;
	l.sel = uil_lines_entry_start(&l, uil_lines_search(&l, "ZO\xc3\x8b", -1, 1, 1));
	assert_int_equal(l.sel, 9);
	uil_lines_scroll_whole(&l, 5);
	assert_int_equal(l.top, 9);          /* an entry's start, and all three lines in view */
	/* plain uil_lines_scroll leaves the top inside an entry; snapping it back up alone
	 * would push the found entry's last line out */
	l.top = 1;
	uil_lines_scroll(&l, 5);
	assert_int_equal(l.top, 7);
	assert_int_equal(uil_lines_entry_start(&l, l.top), 6);
	/* the cursor on the first entry: the top goes up to it */
	l.sel = 0;
	l.top = 7;
	uil_lines_scroll_whole(&l, 5);
	assert_int_equal(l.top, 0);
	/* an entry taller than the view: its first line at the top */
	l.sel = 3;
	l.top = 0;
	uil_lines_scroll_whole(&l, 2);
	assert_int_equal(l.top, 3);
	uil_lines_free(&l);
}

/* F3 / Shift-F3 are next / previous match: Shift-F3 read whole by the screens' own parser
 * (a terminfo entry without kf15, as TERM=screen) must not become F3. */
static int parse(const char *seq, struct ui_key *k)
{
	int b[UI_SEQ_MAX];
	size_t n = 0;

	for (; seq[n] && n < UI_SEQ_MAX; n++)
		b[n] = (unsigned char)seq[n];
	return ui_key_parse(b, n, k);
}

static void shift_f3_is_not_f3(void **state)
{
	struct ui_key k;

	(void)state;
	assert_int_equal(parse("[1;2R", &k), UI_SEQ_KEY);
	assert_int_equal(k.ch, KEY_F(15));
	assert_int_equal(parse("[13;2~", &k), UI_SEQ_KEY);
	assert_int_equal(k.ch, KEY_F(15));
	assert_int_equal(parse("O2R", &k), UI_SEQ_KEY);
	assert_int_equal(k.ch, KEY_F(15));
	assert_int_equal(parse("OR", &k), UI_SEQ_KEY);
	assert_int_equal(k.ch, KEY_F(3));
	assert_int_equal(parse("[13~", &k), UI_SEQ_KEY);
	assert_int_equal(k.ch, KEY_F(3));
	/* other modifiers and other keys as before: Ctrl-F3 is F3, Shift-Up is Up */
	assert_int_equal(parse("[1;5R", &k), UI_SEQ_KEY);
	assert_int_equal(k.ch, KEY_F(3));
	assert_int_equal(parse("[1;2A", &k), UI_SEQ_KEY);
	assert_int_equal(k.ch, KEY_UP);
	assert_int_equal(parse("[5;2~", &k), UI_SEQ_KEY);
	assert_int_equal(k.ch, KEY_PPAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ascii_case_is_ignored_in_either_locale),
		cmocka_unit_test(utf8_letters_match_in_any_case),
		cmocka_unit_test(lang_c_matches_bytes_and_ascii_letters_only),
		cmocka_unit_test(nothing_to_find_finds_nothing),
		cmocka_unit_test(the_lines_are_searched_round_past_either_end),
		cmocka_unit_test(a_phrase_cut_by_the_wrap_is_found),
		cmocka_unit_test(a_found_entry_is_scrolled_into_view_whole),
		cmocka_unit_test(shift_f3_is_not_f3),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
