/* start_today.c — today's list on the start screen (start_today.h). */
#include "start_today.h"

#include "ui_app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"

static int same(const struct today_list *t, const struct kc_booking *rows, size_t n)
{
	if (n != t->n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (rows[i].id != t->rows[i].id || rows[i].state != t->rows[i].state ||
		    rows[i].session != t->rows[i].session || rows[i].cancelled_at != t->rows[i].cancelled_at || strcmp(rows[i].name, t->rows[i].name))
			return 0;
	return 1;
}

int today_load(struct ui *ui, struct today_list *t, struct kc_err *err)
{
	struct kc_booking *rows = NULL;
	const struct kc_booking *was = today_selected(t);
	kc_id keep = was ? was->id : 0;
	size_t n = 0;
	int changed;

	if (kc_today(ui->app->store, ui->app->cfg, ui->now, &rows, &n, err) != KC_OK)
		return -1;
	changed = !same(t, rows, n);
	free(t->rows);
	t->rows = rows;
	t->n = n;
	for (size_t i = 0; keep && i < n; i++)
		if (rows[i].id == keep)
			t->l.sel = (int)i;
	ui_list_set(&t->l, (int)n);
	return changed;
}

int today_tick(struct ui *ui, struct today_list *t)
{
	int changed = 0;

	for (size_t i = 0; i < t->n; i++) {
		struct kc_booking *b = &t->rows[i];
		enum kc_bk_state st = kc_bk_state_of(b, ui->app->cfg->course.late_after_min, ui->now);

		changed |= st != b->state;
		b->state = st;
	}
	return changed;
}

static enum ui_tone tone_of(const struct kc_booking *b, int late_min)
{
	enum kc_bk_state s = b->state;

	if (s == KC_BK_MISSED)
		return UI_CRIT;
	if (s == KC_BK_LATE || kc_bk_late_start_min(b, late_min))
		return UI_WARN;
	return s == KC_BK_FINISHED ? UI_OK : UI_NORMAL;
}

const struct kc_booking *today_selected(const struct today_list *t)
{
	return t->l.sel >= 0 && (size_t)t->l.sel < t->n ? &t->rows[t->l.sel] : NULL;
}

int today_startable(const struct kc_booking *b)
{
	return b && !b->cancelled_at && !b->session &&
	       (b->state == KC_BK_EXPECTED || b->state == KC_BK_LATE || b->state == KC_BK_MISSED);
}

int today_draw(struct ui *ui, struct today_list *t, WINDOW *w, int y, int h, int cursor)
{
	char title[96], hm[16], state[48], who[sizeof ((struct kc_booking *)0)->name + sizeof ((struct kc_booking *)0)->cancel_reason + 4];
	int late_min = ui->app->cfg->course.late_after_min, statew = 14;
	int cols = getmaxx(w), namew;
	size_t counts[KC_BK_STATES] = { 0 };

	if (h < 1)
		return y;
	for (size_t i = 0; i < t->n; i++) {
		counts[t->rows[i].state]++;
		if (kc_bk_late_start_min(&t->rows[i], late_min))
			statew = 25; /* "> in progress, LATE 120m" */
	}
	namew = cols - 2 - 7 - 10 - 10 - statew;
	if (!t->n)
		snprintf(title, sizeof title, "Today: nothing booked (b on a patient's course books)");
	else if (!counts[KC_BK_CANCELLED])
		snprintf(title, sizeof title, "Today (%zu booked: %zu finished, %zu in progress)", t->n,
			 counts[KC_BK_FINISHED], counts[KC_BK_IN_PROGRESS]);
	else
		snprintf(title, sizeof title, "Today (%zu booked: %zu finished, %zu in progress, %zu cancelled)",
			 t->n - counts[KC_BK_CANCELLED], counts[KC_BK_FINISHED], counts[KC_BK_IN_PROGRESS],
			 counts[KC_BK_CANCELLED]);
	ui_rule(ui, w, y++, title);
	t->rows_h = h - 1;
	ui_list_scroll(&t->l, t->rows_h);
	for (size_t i = (size_t)(t->l.top > 0 ? t->l.top : 0); i < t->n && (int)i < t->l.top + h - 1; i++) {
		const struct kc_booking *b = &t->rows[i];
		int x = 2, sel = cursor && t->l.sel == (int)i;
		attr_t a = sel ? A_REVERSE : A_NORMAL;

		kc_time_local_hm(b->at, hm, sizeof hm);
		/* Each cell keeps a blank before the next and is cut with the ellipsis, never
		 * run into it (a cancelled booking's reason follows the name). */
		ui_put(ui, w, y, 0, 2, a, sel ? ui->g.sel : "");
		ui_put(ui, w, y, x, 7, a, hm);
		if (b->state == KC_BK_CANCELLED)
			snprintf(who, sizeof who, "%s (%s)", b->name, b->cancel_reason);
		else
			kc_strlcpy(who, b->name, sizeof who);
		ui_put_cut(ui, w, y, x += 7, namew - 1, a, who);
		ui_put_cut(ui, w, y, x += namew, 9, a, b->chart_no);
		ui_put_cut(ui, w, y, x += 10, 9, a, b->chair);
		kc_bk_state_text(b, late_min, state, sizeof state);
		ui_put(ui, w, y++, x += 10, statew, a | ui_tone(ui, tone_of(b, late_min)), state);
	}
	return y;
}

void today_free(struct today_list *t)
{
	free(t->rows);
	t->rows = NULL;
	t->n = 0;
}
