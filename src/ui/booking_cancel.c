/* booking_cancel.c — cancelling a booking (ui_booking.h). */
#include "ui_booking.h"

#include "ui_app.h"

#include <stdio.h>
#include <string.h>

#include "kc_chart.h"
#include "kc_time.h"

static int cancellable(enum kc_bk_state s)
{
	return s == KC_BK_EXPECTED || s == KC_BK_LATE || s == KC_BK_MISSED;
}

static void label(const struct kc_booking *b, int names, char *out, size_t n)
{
	char when[32];

	if (names) {
		kc_time_local_hm(b->at, when, sizeof when);
		snprintf(out, n, "%s %s, %s (%s)", when, b->chair, b->name, b->chart_no);
	} else {
		kc_time_local(b->at, when, sizeof when);
		snprintf(out, n, "%s %s, %s", when, b->chair,
			 b->route == KC_ROUTE_ESKETAMINE ? "esketamine" : "IV ketamine");
	}
}

static size_t chosen(const struct ui_bkcancel *c, kc_id id)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->ids[i] == id)
			return i;
	return 0;
}

static void cancel_yes(struct ui *ui, void *priv)
{
	struct ui_bkcancel *c = priv;
	struct kc_err err;
	char what[UI_BKCANCEL_LABEL];

	kc_err_clear(&err);
	kc_strlcpy(what, c->labels[chosen(c, c->pending)], sizeof what);
	if (kc_chart_booking_cancel(ui->app->store, c->pending, c->reason, ui->now, &err) != KC_OK) {
		ui_error(ui, &err);
		return;
	}
	ui_form_close(ui);
	ui_msg(ui, UI_OK, "Cancelled %s: it stays listed as CANCELLED with the reason.", what);
	if (c->done)
		c->done(ui, c->owner);
}

static int cancel_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct ui_bkcancel *c = priv;
	char q[UI_BKCANCEL_LABEL + 64];
	size_t i = c->fixed ? c->fixed - 1 : (size_t)ui_form_choice(f, 0);

	if (i >= c->n)
		return kc_fail(err, KC_ERR_INVALID, "no booking chosen");
	kc_strlcpy(c->reason, ui_form_text(f, c->fixed ? 0 : 1), sizeof c->reason);
	if (!c->reason[strspn(c->reason, " \t")])
		return kc_fail(err, KC_ERR_INVALID, "Reason: say why the booking is cancelled");
	c->pending = c->ids[i];
	snprintf(q, sizeof q, "Cancel the booking %s?", c->labels[i]);
	ui_confirm(ui, q, cancel_yes, c);
	/* the form stays open with what was typed until the answer */
	return kc_fail(err, KC_ERR_INVALID, "%s", q);
}

void ui_bkcancel_open(struct ui *ui, struct ui_bkcancel *c, const struct kc_booking *rows, size_t n, int names,
		      kc_id pick, void (*done)(struct ui *ui, void *owner), void *owner)
{
	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < n && c->n < UI_BKCANCEL_MAX; i++)
		if (cancellable(rows[i].state)) {
			c->ids[c->n] = rows[i].id;
			label(&rows[i], names, c->labels[c->n], sizeof c->labels[c->n]);
			c->choices[c->n] = c->labels[c->n];
			if (rows[i].id == pick)
				c->fixed = c->n + 1;
			c->n++;
		}
	c->choices[c->n] = NULL;
	if (!c->n) {
		ui_msg(ui, UI_WARN, "No booking to cancel: a started, finished or cancelled one stays as it is.");
		return;
	}
	c->done = done;
	c->owner = owner;
	c->f[0] = (struct uif_field){ .label = "Booking", .type = UIF_CHOICE, .choices = c->choices, .width = 44,
				      .hint = "Left/Right or Space changes it" };
	c->f[1] = (struct uif_field){ .label = "Reason", .width = 44, .max = 255,
				      .hint = "why it is cancelled, e.g. patient unwell, rebooked for Friday" };
	c->def = (struct uif_def){ .title = "Cancel a booking", .fields = c->f, .n = 2, .row = 1,
				   .submit = cancel_submit };
	if (c->fixed) {
		/* the booking is the one under the cursor: named in the title, only the reason asked */
		snprintf(c->title, sizeof c->title, "Cancel a booking - %s", c->labels[c->fixed - 1]);
		c->def.title = c->title;
		c->def.fields = &c->f[1];
		c->def.n = 1;
	}
	ui_form_open(ui, &c->def, c);
}
