/* ui_booking.h — the form that cancels a booking (booking_cancel.c), shared by today's list
 * on the start screen (x) and a patient's bookings on the course screen (x): the booking
 * from a choice of those not started nor cancelled, the reason typed, then "Cancel ...?
 * (y/n)"; y hands both to kc_chart_booking_cancel. The booking stays listed, CANCELLED
 * with its reason. Private to src/ui/. */
#ifndef KC_UI_BOOKING_H
#define KC_UI_BOOKING_H

#include "ui_form.h"

#include "kc_booking.h"

#define UI_BKCANCEL_MAX 32
#define UI_BKCANCEL_LABEL 96

struct ui_bkcancel {
	kc_id ids[UI_BKCANCEL_MAX];
	char labels[UI_BKCANCEL_MAX][UI_BKCANCEL_LABEL];
	const char *choices[UI_BKCANCEL_MAX + 1];
	size_t n;
	struct uif_field f[2];
	struct uif_def def;
	kc_id pending;          /* the booking the question asks about */
	size_t fixed;           /* 1 + the index of the booking picked when opened, 0: a choice */
	char title[UI_BKCANCEL_LABEL + 32];
	char reason[256];
	void (*done)(struct ui *ui, void *owner); /* after a cancel: reload */
	void *owner;
};

/* Open the form over the bookings in rows that may be cancelled (state expected, LATE or
 * MISSED); with names, each choice names the patient (today's list), else the date
 * (a patient's bookings). When pick (the row under a list's cursor) is one of them, the
 * form is for that booking only, named in its title ("Cancel a booking - 10:30 Chair 3,
 * ..."), and asks the reason alone. A message instead when there is none. */
void ui_bkcancel_open(struct ui *ui, struct ui_bkcancel *c, const struct kc_booking *rows, size_t n, int names,
		      kc_id pick, void (*done)(struct ui *ui, void *owner), void *owner);

#endif
