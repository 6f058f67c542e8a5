/* ui_lines.h — the UI kit's pure layout module (ui_lines.c): text widths, cutting with an
 * ellipsis, breaking lines, sizing columns, and the line model the screens list their rows
 * in. No curses, no I/O: tests/test_lines.c tests it on its own; draw.c paints it.
 *
 * WIDTH is in terminal columns, through kc_text_width (utf8proc) when the locale is UTF-8
 * (utf8 = 1); otherwise every byte is one column, as the screens show each byte of a
 * non-ASCII character as '?' then.
 *
 * COLUMNS (struct uil_col): each table measures its values (uil_col_measure), then
 * uil_cols_size gives every column its widest value when the row fits the terminal, and
 * otherwise takes columns from the shrinkable ones (min > 0), the widest first, never below
 * min; two columns always keep at least one blank between them (never "KC-000029iv"). A
 * cell wider than its column ends with the ellipsis: "…" in UTF-8, "..." otherwise.
 *
 * LINES (struct uil_lines): the rows a screen shows, each with a tone, flags (a section
 * rule, bold, dim) and a stop (1 + the entry it belongs to, 0 none), so one model gives
 * every screen its cursor (on the lines, or on the entries' first lines only), its scroll
 * (a whole entry kept in view where it fits), wrapping (uil_lines_wrap: a hanging indent,
 * no word or number cut from its unit) and search (uil_lines_find). As tig's view layer
 * owns its lines, the screen only builds them. */
#ifndef KC_UI_LINES_H
#define KC_UI_LINES_H

#include <stddef.h>

/* ---------- text ---------- */

/* Display columns of s. */
int uil_width(const char *s, int utf8);
/* Bytes of the longest start of s that fits in width columns, cut between characters. */
size_t uil_cut(const char *s, int width, int utf8);
/* s in at most width columns: s itself when it fits, else its start and the ellipsis ("…"
 * in UTF-8, "..." otherwise; only dots when width is smaller than that). Returns out. */
char *uil_ellipsis(const char *s, int width, int utf8, char *out, size_t n);
/* Bytes of the longest start of s that fits in width columns and ends where a line may
 * break: before a blank, never between a number and its unit ("185 mmHg"); with part, only
 * after a part of a message ("; ", ", ") or before " | ". All of s when it fits; 0 when no
 * such start fits. */
size_t uil_fit(const char *s, int width, int utf8, int part);
/* The next line of a text wrapped to width: the bytes of s it takes (uil_fit, or a word
 * wider than the line broken at the width, so nothing is ever lost). 0 only for "". */
size_t uil_line(const char *s, int width, int utf8);
/* How many lines s takes wrapped to width (1 for ""). */
int uil_wrap_count(const char *s, int width, int utf8);

/* ---------- columns ---------- */

struct uil_col {
	const char *head; /* the header's text, also the least the column wants */
	int want;         /* the widest value measured (uil_col_measure) */
	int min;          /* the narrowest the column may become (ellipsis); 0 = never shrinks */
	int w;            /* out: the width given */
};
void uil_col_measure(struct uil_col *c, const char *value, int utf8);
/* Size n columns to width columns; *gap (may be NULL) = the blanks between two columns: 2
 * when everything fits so, else 1. Returns the columns the row takes, which is more than
 * width only when no column can shrink further (the caller clips the last). */
int uil_cols_size(struct uil_col *c, int n, int width, int utf8, int *gap);
/* uil_cols_size keeping two blanks between columns (a table whose cells wrap reads as
 * one text with one blank): the shrinkable columns give the room. Returns the gap, 2. */
int uil_cols_apart(struct uil_col *c, int n, int width, int utf8);
/* One row: cell i cut to c[i].w with the ellipsis and padded, gap blanks between cells, the
 * last cell not padded. Returns out. */
char *uil_row(const struct uil_col *c, int n, int gap, const char *const *cells, int utf8, char *out,
	      size_t size);

/* ---------- the line model ---------- */

/* UIL_WRAP: the line goes on from the one before (uil_lines_wrap cut it there), so a
 * search reads the two as one text. */
enum { UIL_RULE = 1u << 0, UIL_BOLD = 1u << 1, UIL_DIM = 1u << 2, UIL_WRAP = 1u << 3 };

struct uil_line {
	char *text;      /* owned */
	int tone;        /* the kit's enum ui_tone, as an int (this module knows no curses) */
	unsigned flags;  /* UIL_RULE (text is the rule's title), UIL_BOLD, UIL_DIM */
	int stop;        /* 1 + the entry the line belongs to; 0 none */
};

struct uil_lines {
	struct uil_line *v;
	int n, cap;
	int sel;         /* the cursor's line, -1 when there is none */
	int top;         /* the first line in view */
	int stops_only;  /* the cursor goes from entry to entry (their first lines) */
	int failed;      /* out of memory while adding: the screen says so */
};

enum uil_move { UIL_UP = 1, UIL_DOWN, UIL_PGUP, UIL_PGDN, UIL_HOME, UIL_END, UIL_NEXT_STOP, UIL_PREV_STOP };

/* Empty the lines, keeping the cursor's place (uil_lines_done puts it back in range). */
void uil_lines_clear(struct uil_lines *l);
void uil_lines_free(struct uil_lines *l);
/* Add one line (text copied); 0, or -1 when out of memory (l->failed set). */
int uil_lines_add(struct uil_lines *l, const char *text, int tone, unsigned flags, int stop);
/* lead padded to indent columns (one blank after a lead as wide or wider), then text
 * wrapped to width with that hanging indent; every line gets tone, flags and stop. Returns
 * the lines added. */
int uil_lines_wrap(struct uil_lines *l, int width, int utf8, int indent, const char *lead, const char *text,
		   int tone, unsigned flags, int stop);
/* One table row as an entry: cell i laid in c[i].w columns (uil_cols_size), gap blanks
 * apart, never merged with the next. A cell of a column in wrap (bit i for column i) goes
 * on below in its own column (uil_line: a number kept with its unit); any other is cut with the ellipsis. The
 * row takes as many lines as its tallest cell; every line gets tone, flags and stop, no
 * trailing blanks. Returns the lines added. */
int uil_lines_cells(struct uil_lines *l, const struct uil_col *c, int n, int gap, unsigned wrap,
		    const char *const *cells, int utf8, int tone, unsigned flags, int stop);
/* Where column i of a row laid out by uil_row / uil_lines_cells starts (display columns). */
int uil_col_x(const struct uil_col *c, int i, int gap);
/* After building: the cursor back in range (on a stop when stops_only). */
void uil_lines_done(struct uil_lines *l, int rows);
/* The first line of the entry that line i belongs to (i when none). */
int uil_lines_entry_start(const struct uil_lines *l, int i);
/* Move the cursor; rows = the lines in view. 1 when m is a move (even at an end). */
int uil_lines_move(struct uil_lines *l, enum uil_move m, int rows);
/* Keep the cursor in view, and the whole of its entry where that fits. */
void uil_lines_scroll(struct uil_lines *l, int rows);
/* uil_lines_scroll with the top line an entry's first (no entry shown cut at the top), and
 * the cursor's entry still whole below where it fits: then the top goes down an entry. */
void uil_lines_scroll_whole(struct uil_lines *l, int rows);
/* The next line from `from` (dir 1 down, -1 up, wrapping round) whose text holds needle,
 * ignoring ASCII case; -1 when none. */
int uil_lines_find(const struct uil_lines *l, const char *needle, int from, int dir);
/* Where needle is in text ignoring ASCII case: its byte offset, -1 when it is not. */
int uil_find_in(const char *text, const char *needle);
/* Where needle is in text ignoring case: with utf8 every letter's case (utf8proc's simple
 * lower case: "ÉLODIE" finds "élodie"), else ASCII letters only (LANG=C: each other byte is
 * itself). Its byte offset, and in *len (may be NULL) the bytes of text it takes; -1 when
 * it is not there (or needle is ""). */
int uil_find_span(const char *text, const char *needle, int utf8, int *len);
/* uil_lines_find with uil_find_span's case rules. */
int uil_lines_search(const struct uil_lines *l, const char *needle, int from, int dir, int utf8);
/* The cursor's entry (its stop), 0 when none. */
int uil_lines_stop(const struct uil_lines *l);

#endif
