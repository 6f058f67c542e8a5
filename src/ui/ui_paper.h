/* ui_paper.h — the clinic's paperwork on the start screen and the board: REMS forms due or
 * overdue (kc_rems.h, 7 days) and wastes waiting for a second clinician's witness. */
#ifndef KC_UI_PAPER_H
#define KC_UI_PAPER_H

#include <curses.h>

struct ui;

struct ui_paper {
	int due, overdue;     /* REMS forms not submitted: within 7 days, past them */
	int soonest;          /* the fewest days left among those due; -1 none */
	int most_late;        /* the most days overdue; 0 none */
	int witness;          /* wastes waiting for a witness */
	char witness_by[40];  /* who recorded the oldest */
};
void ui_paper_load(struct ui *ui, struct ui_paper *p);
/* One line at y when anything waits ("REMS forms: 2 due (next in 3 days), ! 1 OVERDUE
 * (4 days); witness needed: 1 waste (by nurse1) - ketchart inventory witness N"); returns
 * the next free line (y itself when nothing waits). */
int ui_paper_draw(struct ui *ui, const struct ui_paper *p, WINDOW *w, int y);

#endif
