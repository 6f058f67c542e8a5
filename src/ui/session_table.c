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
	if (r->baseline)
		append(out, n, "baseline ");
	if (r->status != KC_VITALS_TAKEN)
		append(out, n, "%s: %.100s", r->status == KC_VITALS_REFUSED ? "REFUSED" : "UNAVAIL", r->reason);
}

static void draw_row(struct ui *ui, WINDOW *w, int y, const struct kc_vitals_row *r, const int c[C_COUNT], int sel)
{
	char t[C_COUNT][160];
	attr_t a = (r->eie.code != KC_EIE_NONE ? A_DIM : A_NORMAL) | (sel ? A_REVERSE : A_NORMAL);
	attr_t fa = r->level == KC_LEVEL_CRITICAL ? ui_tone(ui, UI_CRIT) :
		    r->level == KC_LEVEL_WARN || r->late ? ui_tone(ui, UI_WARN) : A_NORMAL;

	for (int i = 0; i < C_COUNT; i++)
		kc_word_vitals_cell(&r->v, (enum kc_vcol)i, t[i], sizeof t[i]);
	kc_time_local_hm(r->taken_at, t[C_TIME], sizeof t[C_TIME]);
	flags_of(r, t[C_FLAGS], sizeof t[C_FLAGS]);
	if (sel)
		ui_put(ui, w, y, 0, MARGIN, A_REVERSE, ui->g.sel);
	for (int i = 0, x = MARGIN; i < C_FLAGS; x += c[i], i++)
		ui_put(ui, w, y, x, c[i], a, t[i]);
	put_whole(ui, w, y, getmaxx(w) - c[C_FLAGS], c[C_FLAGS], a | fa, t[C_FLAGS]);
}

static void draw_table(struct ui *ui, struct sess *s, WINDOW *w, int y)
{
	int c[C_COUNT];
	char title[48];

	table_cols(getmaxx(w), c);
	snprintf(title, sizeof title, "Vitals, newest first (%zu)", s->nvit);
	ui_rule(ui, w, y++, title);
	for (int i = 0, x = MARGIN; i < C_COUNT; x += c[i], i++)
		ui_put(ui, w, y, x, c[i], A_BOLD, kc_vitals_cols[i].head);
	s->rows = getmaxy(w) - ++y;
	if (!s->nvit)
		ui_put(ui, w, y, MARGIN, getmaxx(w) - MARGIN, A_NORMAL, "No readings yet: v enters one.");
	if (s->sel >= (int)s->nvit)
		s->sel = s->nvit ? (int)s->nvit - 1 : 0;
	if (s->top > (int)s->nvit - s->rows)
		s->top = (int)s->nvit - s->rows > 0 ? (int)s->nvit - s->rows : 0;
	if (s->rows > 0 && s->sel >= s->top + s->rows)
		s->top = s->sel - s->rows + 1;
	for (int i = 0; i < s->rows && s->top + i < (int)s->nvit; i++)
		draw_row(ui, w, y + i, &s->vit[s->nvit - 1 - (size_t)(s->top + i)], c,
			 s->cursor && s->top + i == s->sel);
}

void sess_draw(struct ui *ui, void *priv, WINDOW *w)
{
	struct sess *s = priv;
	int cols = getmaxx(w);

	werase(w);
	for (int i = 0; i < V_LINES; i++) {
		const struct vline *v = &s->view[i];
		attr_t a = ui_tone(ui, v->tone) | (i == V_PHASE ? A_BOLD : A_NORMAL);

		if (v->tone == UI_CRIT)
			ui_put(ui, w, i, 0, cols, a, "");
		put_whole(ui, w, i, MARGIN, cols - MARGIN, a, v->text);
	}
	draw_table(ui, s, w, V_LINES);
}
