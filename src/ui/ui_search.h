/* ui_search.h — search in the line model (ui_search.c), as tig's view layer has it: / asks
 * for the text (a one-field form), n / N go to the next / previous line that holds it
 * (ignoring case, round past the end with "search wrapped" on the status line), "Not
 * found: text" when no line holds it, and the match is highlighted where a line is painted
 * (reverse and bold: never colour alone).
 *
 * A screen keeps one struct ui_search, sets owner, lines (its line model as now shown) and
 * go (put the cursor on a line, keep it in view, mark the body), and binds / n N to
 * ui_search_open / ui_search_step. Private to src/ui/. */
#ifndef KC_UI_SEARCH_H
#define KC_UI_SEARCH_H

#include <curses.h>

#include "ui_form.h"
#include "ui_lines.h"

struct ui;

#define UI_SEARCH_MAX 64

struct ui_search {
	char text[UI_SEARCH_MAX]; /* what was searched for last, "" none */
	void *owner;
	const struct uil_lines *(*lines)(void *owner);
	int (*cursor)(void *owner);                      /* the cursor's line now */
	void (*go)(struct ui *ui, void *owner, int line); /* the cursor to line */
	struct uif_field field;
	struct uif_def def;
};

/* /: ask for the text (the last one offered), then find it from the cursor on. */
void ui_search_open(struct ui *ui, struct ui_search *s);
/* n (dir 1) / N (dir -1): the next / previous line holding the text. */
void ui_search_step(struct ui *ui, struct ui_search *s, int dir);
/* ACT_UP / DOWN / PGUP / PGDN / HOME / END moves l's cursor (rows in view): 1, else 0. */
int ui_lines_act(struct uil_lines *l, int act, int rows);

/* After a line was painted at y, x in width columns: its match again with a | the match's
 * look (nothing when it holds none). */
void ui_search_mark(const struct ui *ui, const struct ui_search *s, WINDOW *w, int y, int x, int width, attr_t a,
		    const char *line);

#endif
