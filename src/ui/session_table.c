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

/* The cells of a reading, each cut to its column and padded, the trailing blanks dropped:
 * the lead of the reading's first line. Returns the columns the cells take. */
static int cells_text(const struct ui *ui, const struct kc_vitals_row *r, const int c[C_COUNT], char *out, size_t n)
{
	char t[160];
	int x = 0;
	size_t len = 0, end = 0;

	out[0] = '\0';
	for (int i = 0; i < C_FLAGS; x += c[i], i++) {
		if (i == C_TIME)
			kc_time_local_hm(r->taken_at, t, sizeof t);
		else
			kc_word_vitals_cell(&r->v, (enum kc_vcol)i, t, sizeof t);
		t[uil_cut(t, c[i], ui->utf8)] = '\0';
		len += (size_t)snprintf(out + len, len < n ? n - len : 0, "%s%*s", t, c[i] - uil_width(t, ui->utf8), "");
		if (len >= n)
			break;
		end = len - (size_t)(c[i] - uil_width(t, ui->utf8));
	}
	out[end < n ? end : n - 1] = '\0';
	return x;
}

/* The readings as the kit's line model (s->tab, kept for search): one entry (stop) per
 * reading, newest first; a line's text is the row as shown, the cells in their columns and
 * the flags wrapped in theirs (never "ENTERED IN ERROR (wrong" cut), so the cursor and the
 * scroll keep a reading whole and search finds what the clinician reads. */
static void build_table(struct ui *ui, struct sess *s, const int c[C_COUNT])
{
	char lead[LINE_MAX], flags[LINE_MAX];

	uil_lines_clear(&s->tab);
	for (size_t i = 0; i < s->nvit; i++) {
		const struct kc_vitals_row *r = &s->vit[s->nvit - 1 - i];
		int cellw = cells_text(ui, r, c, lead, sizeof lead);

		flags_of(r, flags, sizeof flags);
		uil_lines_wrap(&s->tab, cellw + c[C_FLAGS], ui->utf8, cellw, lead, flags, 0, 0, (int)i + 1);
	}
	s->cellw = 0;
	for (int i = 0; i < C_FLAGS; i++)
		s->cellw += c[i];
}

/* The first line of reading k's entry, -1 when it has none. */
static int entry_line(const struct uil_lines *l, int k)
{
	for (int i = 0; i < l->n; i++)
		if (l->v[i].stop == k + 1)
			return i;
	return -1;
}

static void paint_reading(struct ui *ui, struct sess *s, WINDOW *w, int y, int i)
{
	const struct uil_line *ln = &s->tab.v[i];
	const struct kc_vitals_row *r = &s->vit[s->nvit - (size_t)ln->stop];
	int sel = s->cursor && ln->stop == s->sel + 1, start = uil_lines_entry_start(&s->tab, i) == i;
	size_t cut = uil_cut(ln->text, s->cellw, ui->utf8);
	attr_t a = row_attr(r, sel);

	if (sel)
		ui_put(ui, w, y, 0, MARGIN, A_REVERSE, start ? ui->g.sel : "");
	ui_put(ui, w, y, MARGIN, s->cellw, a, ln->text);
	ui_put(ui, w, y, MARGIN + s->cellw, getmaxx(w) - MARGIN - s->cellw, a | flags_attr(ui, r), ln->text + cut);
	ui_search_mark(ui, &s->search, w, y, MARGIN, getmaxx(w) - MARGIN, sel ? A_NORMAL : a, ln->text);
}

/* s->top and s->sel stay reading indexes for the keys; the view follows the cursor's
 * reading, kept whole. */
static void draw_table(struct ui *ui, struct sess *s, WINDOW *w, int y)
{
	int c[C_COUNT], rows;
	char title[48];
	struct uil_lines *l = &s->tab;

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
	build_table(ui, s, c);
	s->rows = 0;
	if (l->n > 0 && rows > 0) {
		int first_top = entry_line(l, s->top), first_sel = entry_line(l, s->sel);

		l->top = first_top >= 0 ? first_top : 0;
		l->sel = first_sel >= 0 ? first_sel : 0;
		/* the last readings fill the window rather than leave it half empty */
		if (l->top > l->n - rows)
			l->top = uil_lines_entry_start(l, l->n - rows > 0 ? l->n - rows : 0);
		uil_lines_scroll_whole(l, rows);
		s->top = l->v[l->top].stop - 1;
		for (int i = 0; i < rows && l->top + i < l->n; i++) {
			paint_reading(ui, s, w, y + i, l->top + i);
			s->rows += uil_lines_entry_start(l, l->top + i) == l->top + i;
		}
	}
	if (s->rows < 1)
		s->rows = rows > 0 ? 1 : 0;
}

/* ---------- search (ui_search.h) ---------- */

static const struct uil_lines *search_lines(void *owner)
{
	return &((struct sess *)owner)->tab;
}

/* The line found last while it is in the cursor's reading (n goes on past it), else the
 * reading's first line; -1 (from the top) while no cursor is shown. */
static int search_cursor(void *owner)
{
	const struct sess *s = owner;
	int at = s->cursor ? entry_line(&s->tab, s->sel) : -1;

	if (at >= 0 && s->found >= 0 && s->found < s->tab.n && s->tab.v[s->found].stop == s->sel + 1)
		return s->found;
	return at;
}

static void search_go(struct ui *ui, void *owner, int line)
{
	struct sess *s = owner;

	s->found = line;
	s->sel = s->tab.v[line].stop - 1;
	s->cursor = 1;
	ui_mark(ui, UI_BODY);
}

void sess_search_init(struct sess *s)
{
	s->found = -1;
	s->search = (struct ui_search){ .owner = s, .lines = search_lines, .cursor = search_cursor, .go = search_go };
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
