/* test_lines.c — the UI kit's pure layout module (src/ui/ui_lines.c): widths, the ellipsis,
 * line breaking, the column sizer and the line model, without curses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "../src/ui/ui_lines.h"

/* ---------- text ---------- */

static void widths_count_columns_not_bytes(void **state)
{
	(void)state;
	assert_int_equal(uil_width("abc", 1), 3);
	assert_int_equal(uil_width("Zo\xc3\xab", 1), 3);          /* Zoë */
	assert_int_equal(uil_width("\xe6\x9d\x8e", 1), 2);         /* a wide CJK character */
	assert_int_equal(uil_width("e\xcc\x81", 1), 1);            /* e + combining acute */
	assert_int_equal(uil_width("\xff", 1), 1);                 /* an invalid byte: one '?' */
	assert_int_equal(uil_width("Zo\xc3\xab", 0), 4);           /* not UTF-8: a '?' per byte */
	assert_int_equal(uil_width("", 1), 0);
}

static void the_ellipsis_marks_a_cut(void **state)
{
	char out[64];

	(void)state;
	assert_string_equal(uil_ellipsis("Samuel Okafor", 20, 1, out, sizeof out), "Samuel Okafor");
	assert_string_equal(uil_ellipsis("Samuel Okafor", 8, 1, out, sizeof out), "Samuel\xe2\x80\xa6");
	assert_int_equal(uil_width(out, 1), 7); /* the blank before the cut goes */
	assert_string_equal(uil_ellipsis("Samuel Okafor", 8, 0, out, sizeof out), "Samue...");
	assert_string_equal(uil_ellipsis("Samuel Okafor", 2, 0, out, sizeof out), "..");
	assert_string_equal(uil_ellipsis("Samuel Okafor", 0, 1, out, sizeof out), "");
	/* a wide character is never split */
	assert_string_equal(uil_ellipsis("\xe6\x9d\x8e\xe6\x9d\x8e\xe6\x9d\x8e", 4, 1, out, sizeof out),
			    "\xe6\x9d\x8e\xe2\x80\xa6");
}

static void breaks_keep_a_number_with_its_unit(void **state)
{
	const char *s = "SBP 185 mmHg >= 180; HR 150 /min";

	(void)state;
	/* "SBP 185 mmHg" fits in 12; the break is never between 185 and mmHg */
	assert_int_equal(uil_fit(s, 10, 1, 0), 3);
	assert_int_equal(uil_fit(s, 12, 1, 0), 12);
	/* by parts: only after "; " */
	assert_int_equal(uil_fit(s, 25, 1, 1), 20);
	assert_int_equal(uil_fit(s, 100, 1, 1), strlen(s));
	assert_int_equal(uil_fit("Emesis", 3, 1, 0), 0);
}

static void wrapping_never_loses_text(void **state)
{
	const char *s = "note: Emesis once, settled with ondansetron";
	char got[256] = "";

	(void)state;
	/* a word longer than the line is broken at the width, not clipped */
	assert_int_equal(uil_line("Supercalifragilistic", 8, 1), 8);
	assert_int_equal(uil_wrap_count("Supercalifragilistic", 8, 1), 3);
	assert_int_equal(uil_wrap_count("", 8, 1), 1);
	for (const char *p = s; *p;) {
		size_t k = uil_line(p, 12, 1);

		assert_true(uil_width(p, 1) <= 12 || (int)k <= 12);
		strncat(got, p, k);
		p += k;
		if (*p == ' ')
			strcat(got, " ");
		p += strspn(p, " ");
	}
	assert_string_equal(got, s);
}

/* ---------- columns ---------- */

static void columns_fit_from_their_widest_value(void **state)
{
	struct uil_col c[] = { { "Patient", 0, 8, 0 }, { "Chart", 0, 0, 0 }, { "Route", 0, 0, 0 } };
	const char *row[] = { "Samuel Okafor", "KC-000029", "iv" };
	char out[128];
	int gap, used;

	(void)state;
	for (int i = 0; i < 3; i++)
		uil_col_measure(&c[i], row[i], 1);
	used = uil_cols_size(c, 3, 80, 1, &gap);
	assert_int_equal(gap, 2);
	assert_int_equal(c[0].w, 13);
	assert_int_equal(c[1].w, 9);
	assert_int_equal(c[2].w, 5); /* the header is wider than "iv" */
	assert_int_equal(used, 13 + 9 + 5 + 4);
	uil_row(c, 3, gap, row, 1, out, sizeof out);
	assert_string_equal(out, "Samuel Okafor  KC-000029  iv");
}

static void a_narrow_terminal_shrinks_the_widest_shrinkable_column(void **state)
{
	struct uil_col c[] = { { "Patient", 0, 8, 0 }, { "Chart", 0, 0, 0 }, { "Route", 0, 0, 0 } };
	char name[96];
	const char *row[] = { name, "KC-000029", "iv" };
	char out[160];
	int gap, used;

	(void)state;
	memset(name, 'N', 95);
	name[95] = '\0';
	for (int i = 0; i < 3; i++)
		uil_col_measure(&c[i], row[i], 1);
	used = uil_cols_size(c, 3, 40, 1, &gap);
	assert_int_equal(gap, 1);
	assert_int_equal(used, 40);
	assert_int_equal(c[1].w, 9); /* a chart number is never cut */
	uil_row(c, 3, gap, row, 0, out, sizeof out);
	/* the name ends with the ellipsis and one blank parts every column */
	assert_non_null(strstr(out, "NNN... KC-000029 iv"));
	assert_int_equal((int)strlen(out), 24 + 1 + 9 + 1 + 2);
}

static void columns_that_cannot_shrink_say_so(void **state)
{
	struct uil_col c[] = { { "Chart", 9, 0, 0 }, { "Route", 0, 0, 0 } };

	(void)state;
	assert_int_equal(uil_cols_size(c, 2, 10, 1, NULL), 15); /* more than 10: nothing shrinks */
	assert_int_equal(c[0].w, 9);
}

static void apart_columns_keep_two_blanks_and_shrink_the_wide_ones(void **state)
{
	struct uil_col c[] = { { "", 0, 0, 0 }, { "", 0, 12, 0 }, { "", 0, 16, 0 } };
	const char *row[] = { "x NOT YET", "Discharge instructions given", "BP 144/88 within 20 % of baseline 132/82" };

	(void)state;
	for (int i = 0; i < 3; i++)
		uil_col_measure(&c[i], row[i], 1);
	assert_int_equal(uil_cols_apart(c, 3, 78, 1), 2);
	assert_int_equal(c[0].w + c[1].w + c[2].w + 4, 78); /* the room is used, two blanks apart */
	assert_int_equal(c[0].w, 9);                         /* a column that may not shrink keeps its width */
	assert_int_equal(c[1].w, 28);                        /* the narrower of the two shrinkable ones stays */
	assert_int_equal(uil_cols_apart(c, 3, 120, 1), 2);
	assert_int_equal(c[2].w, 40);                        /* room enough: the widest value */
}

/* ---------- the line model ---------- */

/* The row 09:00 | what | "CADSS-6 7 (marked)" with wrap takes the two lines one and two. */
static void check_two(struct uil_lines *l, const struct uil_col *c, const char *what, unsigned wrap, const char *one,
		      const char *two)
{
	const char *cells[] = { "09:00", what, "CADSS-6 7 (marked)" };

	uil_lines_clear(l);
	uil_lines_cells(l, c, 3, 2, wrap, cells, 1, 0, 0, 1);
	assert_int_equal(l->n, 2);
	assert_string_equal(l->v[0].text, one);
	assert_string_equal(l->v[1].text, two);
}

static void a_table_row_wraps_in_its_columns_never_merged(void **state)
{
	struct uil_col c[] = { { "", 5, 0, 5 }, { "", 0, 10, 13 }, { "", 0, 8, 10 } };
	const char *cells[] = { "09:00", "Other: itching of both forearms", "CADSS-6 7 (marked)" };
	struct uil_lines l = { .sel = -1 };
	int n;

	(void)state;
	n = uil_lines_cells(&l, c, 3, 2, 1u << 1 | 1u << 2, cells, 1, 3, UIL_DIM, 4);
	assert_int_equal(n, l.n);
	assert_int_equal(n, 3);
	assert_string_equal(l.v[0].text, "09:00  Other:         CADSS-6 7");
	assert_string_equal(l.v[1].text, "       itching of     (marked)");
	assert_string_equal(l.v[2].text, "       both forearms");
	for (int i = 0; i < n; i++) {
		assert_int_equal(l.v[i].stop, 4);
		assert_int_equal(l.v[i].tone, 3);
		assert_int_equal(l.v[i].flags, UIL_DIM);
	}
	assert_int_equal(uil_col_x(c, 2, 2), 5 + 2 + 13 + 2);
	uil_lines_clear(&l);
	/* a column that does not wrap is cut with the ellipsis, on one line */
	n = uil_lines_cells(&l, c, 3, 2, 0, cells, 0, 0, 0, 1);
	assert_int_equal(n, 1);
	assert_string_equal(l.v[0].text, "09:00  Other: itc...  CADSS-6...");
	uil_lines_clear(&l);
	/* an empty cell leaves its column blank; the next stays in its own; a word wider than
	 * its column is broken there, never lost or run into the next */
	check_two(&l, c, "", 6u, "09:00                 CADSS-6 7", "                      (marked)");
	check_two(&l, c, "Hypoesthesia-and-dysgeusia", 2u, "09:00  Hypoesthesia-  CADSS-6 7\xe2\x80\xa6",
		  "       and-dysgeusia");
	uil_lines_free(&l);
}

static void build(struct uil_lines *l)
{
	uil_lines_add(l, "Vitals", 0, UIL_RULE, 0);
	uil_lines_add(l, "09:00 142/91", 0, 0, 1);
	uil_lines_add(l, "09:05 150/95", 0, 0, 2);
	uil_lines_wrap(l, 20, 1, 6, "", "note: Emesis once, settled with ondansetron 4 mg IV", 0, 0, 2);
	uil_lines_add(l, "09:10 138/86", 0, 0, 3);
	uil_lines_add(l, "", 0, 0, 0);
}

static void wrapped_lines_keep_their_hanging_indent_and_entry(void **state)
{
	struct uil_lines l = { .sel = -1 };

	(void)state;
	build(&l);
	assert_true(l.n > 6);
	for (int i = 3; i < l.n - 2; i++) {
		assert_int_equal(l.v[i].stop, 2);
		assert_memory_equal(l.v[i].text, "      ", 6);
		assert_true(uil_width(l.v[i].text, 1) <= 20);
	}
	assert_non_null(strstr(l.v[l.n - 3].text, "4 mg IV")); /* the number stays with its unit */
	uil_lines_free(&l);
}

static void the_cursor_goes_from_entry_to_entry(void **state)
{
	struct uil_lines l = { .sel = -1, .stops_only = 1 };

	(void)state;
	build(&l);
	uil_lines_done(&l, 4);
	assert_int_equal(l.sel, 1); /* the first entry, past the rule */
	uil_lines_move(&l, UIL_DOWN, 4);
	assert_int_equal(uil_lines_stop(&l), 2);
	assert_int_equal(l.sel, 2);
	uil_lines_move(&l, UIL_DOWN, 4);
	assert_int_equal(uil_lines_stop(&l), 3);
	/* the view scrolled so the cursor is in it */
	assert_true(l.sel >= l.top && l.sel < l.top + 4);
	uil_lines_move(&l, UIL_UP, 4);
	assert_int_equal(uil_lines_stop(&l), 2);
	assert_int_equal(l.sel, 2); /* the entry's first line, not its last */
	uil_lines_move(&l, UIL_END, 4);
	assert_int_equal(uil_lines_stop(&l), 3);
	uil_lines_move(&l, UIL_HOME, 4);
	assert_int_equal(uil_lines_stop(&l), 1);
	uil_lines_free(&l);
}

static void scrolling_keeps_a_whole_entry_in_view(void **state)
{
	struct uil_lines l = { .sel = -1 };
	int rows = 8, last;

	(void)state;
	build(&l);
	uil_lines_done(&l, rows);
	l.sel = 2;
	uil_lines_scroll(&l, rows);
	last = 2;
	while (last + 1 < l.n && l.v[last + 1].stop == 2)
		last++;
	assert_true(last < l.top + rows);
	assert_true(2 >= l.top);
	/* every line on its own: Down walks each */
	uil_lines_move(&l, UIL_DOWN, rows);
	assert_int_equal(l.sel, 3);
	uil_lines_move(&l, UIL_NEXT_STOP, rows);
	assert_int_equal(uil_lines_stop(&l), 3);
	uil_lines_move(&l, UIL_PREV_STOP, rows);
	assert_int_equal(l.sel, 2);
	uil_lines_free(&l);
}

static void search_finds_text_in_any_case_and_wraps_round(void **state)
{
	struct uil_lines l = { .sel = -1 };
	int i;

	(void)state;
	build(&l);
	i = uil_lines_find(&l, "EMESIS", 0, 1);
	assert_true(i > 0);
	assert_non_null(strstr(l.v[i].text, "Emesis"));
	assert_int_equal(uil_lines_find(&l, "142/91", i, 1), 1); /* round past the end */
	assert_int_equal(uil_lines_find(&l, "138/86", 1, -1), l.n - 2);
	assert_int_equal(uil_lines_find(&l, "no such", 0, 1), -1);
	assert_int_equal(uil_lines_find(&l, "", 0, 1), -1);
	uil_lines_clear(&l);
	assert_int_equal(l.n, 0);
	uil_lines_done(&l, 5);
	assert_int_equal(l.sel, -1);
	assert_int_equal(uil_lines_move(&l, UIL_DOWN, 5), 1);
	uil_lines_free(&l);
}

static void a_match_is_found_where_it_is(void **state)
{
	(void)state;
	assert_int_equal(uil_find_in("08:45 start, ondansetron 4 mg IV", "ONDANSETRON"), 13);
	assert_int_equal(uil_find_in("BP 144/88 mmHg", "mmhg"), 10);
	assert_int_equal(uil_find_in("BP 144/88 mmHg", "mmHg!"), -1);
	assert_int_equal(uil_find_in("BP", ""), -1);
	assert_int_equal(uil_find_in("", "BP"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(widths_count_columns_not_bytes),
		cmocka_unit_test(the_ellipsis_marks_a_cut),
		cmocka_unit_test(breaks_keep_a_number_with_its_unit),
		cmocka_unit_test(wrapping_never_loses_text),
		cmocka_unit_test(columns_fit_from_their_widest_value),
		cmocka_unit_test(a_narrow_terminal_shrinks_the_widest_shrinkable_column),
		cmocka_unit_test(columns_that_cannot_shrink_say_so),
		cmocka_unit_test(apart_columns_keep_two_blanks_and_shrink_the_wide_ones),
		cmocka_unit_test(a_table_row_wraps_in_its_columns_never_merged),
		cmocka_unit_test(wrapped_lines_keep_their_hanging_indent_and_entry),
		cmocka_unit_test(the_cursor_goes_from_entry_to_entry),
		cmocka_unit_test(scrolling_keeps_a_whole_entry_in_view),
		cmocka_unit_test(search_finds_text_in_any_case_and_wraps_round),
		cmocka_unit_test(a_match_is_found_where_it_is),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
