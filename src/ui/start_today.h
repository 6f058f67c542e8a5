/* start_today.h — today's list on the start screen: every booking of the day with its time,
 * patient, chair and state (expected, LATE, MISSED, in progress, finished), each state a
 * word and a symbol (kc_booking.h). */
#ifndef KC_START_TODAY_H
#define KC_START_TODAY_H

#include "ui_draw.h"
#include "ui_screen.h"

#include "kc_booking.h"

struct today_list {
	struct kc_booking *rows;
	size_t n;
	struct ui_list l;  /* the row cursor (Tab brings it here on the start screen) */
	int rows_h;        /* booking rows visible, from the last draw */
};

/* Load today's bookings at ui->now, the cursor kept on the same booking; 1 when what is
 * shown changed. */
int today_load(struct ui *ui, struct today_list *t, struct kc_err *err);
/* The states again at ui->now from what was loaded (a booking turns LATE as the clock
 * passes, with nothing written); 1 when one changed. */
int today_tick(struct ui *ui, struct today_list *t);
/* Draw at y with at most h rows (title included); returns the next free line. With cursor,
 * the cursor's row is marked (the cursor glyph and reverse video) and kept in view. */
int today_draw(struct ui *ui, struct today_list *t, WINDOW *w, int y, int h, int cursor);
/* The booking under the cursor, NULL when the list is empty. */
const struct kc_booking *today_selected(const struct today_list *t);
/* Whether a session may be started from b: booked, not started, not cancelled. */
int today_startable(const struct kc_booking *b);
void today_free(struct today_list *t);

#endif
