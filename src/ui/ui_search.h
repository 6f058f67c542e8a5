/* ui_search.h — search in the line model (ui_search.c), as tig's view layer has it: / asks
 * for the text (a one-field form), > / < go to the next / previous line that holds it
 * (ignoring case, UTF-8 letters too; round past the end with "Search wrapped" on the
 * status line), "Not found: text" when no line holds it, and the match is highlighted where
 * a line is painted (reverse and bold, the line's cursor mark: never colour alone).
 *
 * ONE KEY SCHEME on every screen with a line model (UI_SEARCH_ACTIONS): / finds, > or F3
 * the next match, < or Shift-F3 the previous; where n and N answer nothing else on the
 * screen they are the next / previous match too (UI_SEARCH_NN: chart, discharge). On the
 * dosing, side-effect, screening and start screens n means "not taken" / "nausea" / "no" /
 * "new patient", so > and < are the keys there.
 *
 * A screen keeps one struct ui_search, sets owner, lines (its line model as now shown) and
 * go (put the cursor on a line, keep it in view, mark the body), puts the rows in its
 * action table with three consecutive ids and hands its actions to ui_search_key. Private
 * to src/ui/. */
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

/* The rows of a screen's action table (find, find + 1, find + 2 its own consecutive ids;
 * what: "on this screen", "in the chart"). */
#define UI_SEARCH_ACTIONS(find, what)                                                                      \
	{ (find), '/', 0, "/", "find",                                                                     \
	  "find text " what " (any part of a line, any case): the cursor goes to the next line holding "   \
	  "it, the match highlighted; Not found says so" },                                                \
	{ (find) + 1, '>', KEY_F(3), ">/F3", NULL,                                                         \
	  "the next line holding the text found (round past the end); F3 too" },                           \
	{ (find) + 2, '<', KEY_F(15), "</S-F3", NULL, "the previous line holding the text found; Shift-F3 too" }
/* n / N as well, where the screen gives them no other meaning. */
#define UI_SEARCH_NN(find)                                                        \
	{ (find) + 1, 'n', 0, "n", NULL, "the same as >: the next line holding the text found" }, \
	{ (find) + 2, 'N', 0, "N", NULL, "the same as <: the previous line holding the text found" }

/* act is find (ask), find + 1 (next) or find + 2 (previous): done, 1; else 0. */
int ui_search_key(struct ui *ui, struct ui_search *s, int act, int find);

/* /: ask for the text (the last one offered), then find it from the cursor on. */
void ui_search_open(struct ui *ui, struct ui_search *s);
/* > (dir 1) / < (dir -1): the next / previous line holding the text. */
void ui_search_step(struct ui *ui, struct ui_search *s, int dir);
/* ACT_UP / DOWN / PGUP / PGDN / HOME / END moves l's cursor (rows in view): 1, else 0. */
int ui_lines_act(struct uil_lines *l, int act, int rows);

/* After a line was painted at y, x in width columns: its match again with a | the match's
 * look (nothing when it holds none). */
void ui_search_mark(const struct ui *ui, const struct ui_search *s, WINDOW *w, int y, int x, int width, attr_t a,
		    const char *line);

#endif
