/* ui_draw.h — painting (draw.c): text clipped to a display width, tones, glyphs, rules,
 * and lists. Private to src/ui/.
 *
 * paints itself. The patient list is not an ncurses menu because the menu library only
 * matches item names by prefix (the clinician searches a chart number or any part of a
 * name), and its items must be rebuilt whenever the rows change (search, a tick), which
 * loses the cursor. The menu library does serve the help screen, whose rows are fixed.
 *
 * COLOUR: only through ui_tone() (title, ok, warn, critical, key). Disabled when NO_COLOR
 * is set (any value) or the terminal has none; attributes (bold/reverse) stand in. Never
 * colour alone: an alert always carries a word (WARN, CRIT, OVERDUE) or a symbol.
 * Text: ui_put()/ui_putf() clip to a display width, UTF-8 aware; non-ASCII text shows as
 * '?' when the locale is not UTF-8. Glyphs in ui->g are ASCII unless the codeset is UTF-8.
 *
 */
#ifndef KC_UI_DRAW_H
#define KC_UI_DRAW_H

#include <curses.h>
#include <stddef.h>

#include "ui_lines.h"

struct ui;

enum ui_tone { UI_NORMAL = 0, UI_TITLE, UI_OK, UI_WARN, UI_CRIT, UI_KEY, UI_TONE_COUNT };
attr_t ui_tone(const struct ui *ui, enum ui_tone t);

/* Put s at y, x in exactly width columns (clipped, padded with blanks), UTF-8 aware. */
void ui_put(const struct ui *ui, WINDOW *w, int y, int x, int width, attr_t a, const char *s);
void ui_putf(const struct ui *ui, WINDOW *w, int y, int x, int width, attr_t a, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* Display columns that s takes (invalid bytes count one each). */
int ui_width(const struct ui *ui, const char *s);
/* Bytes of the longest start of s that fits in width columns and ends where a line may
 * break: before a blank, or with part only after a part of a message ("; ", ", ") or
 * before " | ". All of s when it fits; 0 when no such start fits. A word or a number is
 * never cut short this way. */
size_t ui_fit(const struct ui *ui, const char *s, int width, int part);
/* text from line y at column x, width columns a line, broken where ui_fit allows (a number
 * never cut from its unit; a word wider than the line is broken, never lost); lines below
 * the window are left out. w NULL only
 * counts. Returns the lines the text takes (1 for ""). */
int ui_put_wrapped(const struct ui *ui, WINDOW *w, int y, int x, int width, attr_t a, const char *text);
/* ui_put_wrapped of a formatted text. */
int ui_putf_wrapped(const struct ui *ui, WINDOW *w, int y, int x, int width, attr_t a, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* s in width columns, cut with the ellipsis ("…", "...") when it is wider. */
void ui_put_cut(const struct ui *ui, WINDOW *w, int y, int x, int width, attr_t a, const char *s);
/* One table row from x: cell i in c[i].w columns (uil_cols_size), cut with the ellipsis,
 * gap blanks apart, a (and extra[i] when extra) on each, a to the window's edge. Returns
 * the column after the row. */
int ui_put_row(const struct ui *ui, WINDOW *w, int y, int x, attr_t a, const struct uil_col *c, int n, int gap,
	       const char *const *cells, const attr_t *extra);
/* A line of the line model laid out in columns (uil_lines_cells) at y from x, width columns
 * with a, then column i again with a | extra[i] where extra[i] is set (a tone for a value). */
void ui_put_cols(const struct ui *ui, WINDOW *w, int y, int x, int width, attr_t a, const char *line,
		 const struct uil_col *c, int n, int gap, const attr_t *extra);
/* A horizontal rule across w at y, with an optional title at its left. */
void ui_rule(const struct ui *ui, WINDOW *w, int y, const char *title);

/* ASCII or UTF-8 symbols, chosen from the locale's codeset. */
struct ui_glyphs {
	const char *sel;   /* the cursor row marker: ">" */
	const char *sep;   /* between header parts: "|" */
	const char *dash;  /* "-" */
	const char *warn;  /* "!" alert marker, always next to a word */
};

/* ---------- lists ---------- */

struct ui_list {
	int n;   /* rows */
	int sel; /* cursor row, -1 when n == 0 */
	int top; /* first visible row */
};
void ui_list_set(struct ui_list *l, int n);   /* keep sel in range */
/* Move for ACT_UP/DOWN/PGUP/PGDN/HOME/END with `rows` visible; 1 if the action was a move. */
int ui_list_move(struct ui_list *l, int act, int rows);
void ui_list_scroll(struct ui_list *l, int rows); /* make sel visible */

#endif
