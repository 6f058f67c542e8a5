/* session_table.c — painting the session screen: the status block, whole words only, and
 * the readings table, newest first, with the flags in words. */
#include "scr_session.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"
#include "kc_wording.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_lines.h"

/* ---------- drawing ---------- */

/* The longest prefix of s that fits in width columns and ends where a part ends (" | ",
 * "; "), else at a blank: a number is never shown cut short or without its unit. */
static size_t fit(const struct ui *ui, const char *s, int width)
{
	size_t len = strlen(s), part = 0, word = 0;
	char buf[LINE_MAX];

	if (ui_width(ui, s) <= width)
		return len;
	len = len < sizeof buf ? len : sizeof buf - 1;
	for (size_t i = 1; i < len; i++) {
		if (s[i] != ' ' && s[i] != ';')
			continue;
		memcpy(buf, s, i);
		buf[i] = '\0';
		if (ui_width(ui, buf) > width)
			break;
		word = s[i] == ' ' ? i : word;
		if (s[i] == ';' || (i + 2 < len && s[i + 1] == '|' && s[i + 2] == ' '))
			part = i;
	}
	return part ? part : word;
}

static void put_whole(const struct ui *ui, WINDOW *w, int y, int x, int width, attr_t a, const char *s)
{
	char buf[LINE_MAX];
	size_t n = fit(ui, s, width);

	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	ui_put(ui, w, y, x, ui_width(ui, buf), a, buf);
}

/* The columns, their order and headers are the report's and the chart view's
 * (kc_vitals_cols); the time is HH:MM here. */
enum { C_TIME = KC_VCOL_TIME, C_FLAGS = KC_VCOL_FLAGS, C_COUNT = KC_VCOL_COUNT };

/* Fixed columns for the numbers; the flags take the rest of the width. */
static void table_cols(int w, int c[C_COUNT])
{
	c[C_FLAGS] = w - MARGIN;
	for (int i = 0; i < C_FLAGS; i++) {
		c[i] = i == C_TIME ? 6 : kc_vitals_cols[i].width;
		c[C_FLAGS] -= c[i];
	}
}

static void append(char *out, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void append(char *out, size_t n, const char *fmt, ...)
{
	size_t len = strlen(out);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out + len, n - len, fmt, ap);
	va_end(ap);
}

/* "CRIT LATE SBP DBP ack": the words first, then which measures raised the alert. */
static void flags_of(const struct kc_vitals_row *r, char *out, size_t n)
{
	static const char *const level[] = { "", "WARN ", "CRIT " };
	const char *p = r->alerts;

	out[0] = '\0';
	if (r->eie.code != KC_EIE_NONE) {
		append(out, n, "ENTERED IN ERROR (%s)", kc_eie_name(r->eie.code));
		return;
	}
	append(out, n, "%s%s%s", level[r->level <= KC_LEVEL_CRITICAL ? r->level : 0], r->late ? "LATE " : "",
	       r->eie.corrects ? "correction " : "");
	while (r->level > KC_LEVEL_OK && *(p += strspn(p, "; "))) {
		append(out, n, "%.*s ", (int)strcspn(p, " ;"), p);
		p += strcspn(p, ";");
	}
	if (r->acked)
		append(out, n, "ack ");
	if (r->carried)
		append(out, n, "carried ");
	if (r->baseline)
		append(out, n, "baseline ");
	if (r->status != KC_VITALS_TAKEN)
		append(out, n, "%s: %.100s", r->status == KC_VITALS_REFUSED ? "REFUSED" : "UNAVAIL", r->reason);
}

static attr_t row_attr(const struct kc_vitals_row *r, int sel)
{
	return (r->eie.code != KC_EIE_NONE ? A_DIM : A_NORMAL) | (sel ? A_REVERSE : A_NORMAL);
}

static attr_t flags_attr(const struct ui *ui, const struct kc_vitals_row *r)
{
	return r->level == KC_LEVEL_CRITICAL ? ui_tone(ui, UI_CRIT) :
	       r->level == KC_LEVEL_WARN || r->late ? ui_tone(ui, UI_WARN) : A_NORMAL;
}

/* The cells of a reading's first line (the flags go through the line model). */
static void draw_cells(struct ui *ui, WINDOW *w, int y, const struct kc_vitals_row *r, const int c[C_COUNT], int sel)
{
	char t[C_COUNT][160];
	attr_t a = row_attr(r, sel);

	for (int i = 0; i < C_FLAGS; i++)
		kc_word_vitals_cell(&r->v, (enum kc_vcol)i, t[i], sizeof t[i]);
	kc_time_local_hm(r->taken_at, t[C_TIME], sizeof t[C_TIME]);
	if (sel)
		ui_put(ui, w, y, 0, MARGIN, A_REVERSE, ui->g.sel);
	for (int i = 0, x = MARGIN; i < C_FLAGS; x += c[i], i++)
		ui_put(ui, w, y, x, c[i], a, t[i]);
}

/* The readings as the kit's line model: one entry (stop) per reading, newest first, its
 * flags wrapped in their column (never "ENTERED IN ERROR (wrong" cut), so the cursor and
 * the scroll keep a reading whole. s->top and s->sel stay reading indexes for the keys. */
static void draw_table(struct ui *ui, struct sess *s, WINDOW *w, int y)
{
	int c[C_COUNT], rows;
	char title[48], flags[LINE_MAX];
	struct uil_lines l = { .sel = -1 };

	table_cols(getmaxx(w), c);
	snprintf(title, sizeof title, "Vitals, newest first (%zu)", s->nvit);
	ui_rule(ui, w, y++, title);
	for (int i = 0, x = MARGIN; i < C_COUNT; x += c[i], i++)
		ui_put(ui, w, y, x, c[i], A_BOLD, kc_vitals_cols[i].head);
	rows = getmaxy(w) - ++y;
	if (!s->nvit)
		ui_put(ui, w, y, MARGIN, getmaxx(w) - MARGIN, A_NORMAL, "No readings yet: v enters one.");
	if (s->sel >= (int)s->nvit)
		s->sel = s->nvit ? (int)s->nvit - 1 : 0;
	for (size_t i = 0; i < s->nvit; i++) {
		const struct kc_vitals_row *r = &s->vit[s->nvit - 1 - i];

		flags_of(r, flags, sizeof flags);
		uil_lines_wrap(&l, c[C_FLAGS], ui->utf8, 0, "", flags, 0, 0, (int)i + 1);
	}
	if (l.n > 0 && rows > 0) {
		int first_top = 0, first_sel = 0;

		for (int i = 0; i < l.n; i++) {
			if (l.v[i].stop == s->top + 1 && !first_top)
				first_top = i + 1;
			if (l.v[i].stop == s->sel + 1 && !first_sel)
				first_sel = i + 1;
		}
		l.top = first_top ? first_top - 1 : 0;
		l.sel = first_sel ? first_sel - 1 : 0;
		/* the last readings fill the window rather than leave it half empty */
		if (l.top > l.n - rows)
			l.top = uil_lines_entry_start(&l, l.n - rows > 0 ? l.n - rows : 0);
		uil_lines_scroll(&l, rows);
		l.top = uil_lines_entry_start(&l, l.top);
		s->top = l.v[l.top].stop - 1;
		s->rows = 0;
		for (int i = 0; i < rows && l.top + i < l.n; i++) {
			const struct uil_line *ln = &l.v[l.top + i];
			const struct kc_vitals_row *r = &s->vit[s->nvit - (size_t)ln->stop];
			int sel = s->cursor && ln->stop == s->sel + 1, start = uil_lines_entry_start(&l, l.top + i) == l.top + i;

			if (start) {
				draw_cells(ui, w, y + i, r, c, sel);
				s->rows++;
			} else if (sel) {
				ui_put(ui, w, y + i, 0, getmaxx(w) - c[C_FLAGS], A_REVERSE, "");
			}
			ui_put(ui, w, y + i, getmaxx(w) - c[C_FLAGS], c[C_FLAGS], row_attr(r, sel) | flags_attr(ui, r),
			       ln->text);
		}
	}
	if (s->rows < 1)
		s->rows = rows > 0 ? 1 : 0;
	uil_lines_free(&l);
}

void sess_draw(struct ui *ui, void *priv, WINDOW *w)
{
	struct sess *s = priv;
	int cols = getmaxx(w);

	werase(w);
	for (int i = 0; i < V_LINES; i++) {
		const struct vline *v = &s->view[i];
		attr_t a = ui_tone(ui, v->tone) | (i == V_PHASE ? A_BOLD : A_NORMAL);

		char fx[LINE_MAX];

		if (v->tone == UI_CRIT)
			ui_put(ui, w, i, 0, cols, a, "");
		if (i == V_EFFECTS) /* the latest side effects, those that do not fit counted */
			sess_effects_line(ui, s, cols - MARGIN, fx, sizeof fx);
		put_whole(ui, w, i, MARGIN, cols - MARGIN, a, i == V_EFFECTS ? fx : v->text);
	}
	draw_table(ui, s, w, V_LINES);
}
