/* screening_draw.c — the screening screen's body: the section tabs, the banner of a critical
 * alert not yet acknowledged, the rows of the section with the highlighted one's detail, and
 * the verdict with its reasons. */
#include "scr_screening.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"
#include "kc_wording.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_lines.h"

#define REASON_LINES 5 /* verdict reasons shown at once; r pages through the rest */

/* ---------- drawing ---------- */

static void draw_tabs(struct ui *ui, struct scr *s, WINDOW *w)
{
	static const char *const tab[2][SEC_COUNT] = {
		{ "k Checklist", "p PHQ-9", "g GAD-7", "s Suicide screen", "i Session info", "v Vitals" },
		{ "k Check", "p PHQ-9", "g GAD-7", "s Suicide", "i Info", "v Vitals" }, /* below 80 columns */
	};
	const char *const *t = tab[getmaxx(w) < 80];
	int x = 1;

	for (int i = 0; i < SEC_COUNT; i++) {
		int tw = ui_width(ui, t[i]) + 2;

		ui_putf(ui, w, 0, x, tw, i == (int)s->sec ? A_REVERSE | A_BOLD : A_NORMAL, " %s ", t[i]);
		x += tw;
	}
}

static void scale_summary(const int *items, int n, int max, const char *name, char *out, size_t len)
{
	struct kc_score sc;
	int total = 0, answered = 0;

	for (int i = 0; i < n; i++)
		if (items[i] >= 0 && items[i] <= 3) {
			total += items[i];
			answered++;
		}
	if (answered == n && (n == 9 ? kc_phq9_score(items, &sc, NULL) : kc_gad7_score(items, &sc, NULL)) == KC_OK)
		snprintf(out, len, "%s %d/%d %s  (over the last 2 weeks)", name, sc.total, max, sc.band);
	else
		snprintf(out, len, "%s %d/%d so far, %d of %d answered  (over the last 2 weeks)", name, total,
			 max, answered, n);
}

static void heading(const struct scr *s, char *h, size_t hn, const char **help)
{
	static const char *const helps[SEC_COUNT] = {
		"y yes  n no  x n/a (moves down).  abs: a yes blocks.  rel: a yes needs a note.",
		"0 not at all  1 several days  2 more than half the days  3 nearly every day",
		"0 not at all  1 several days  2 more than half the days  3 nearly every day",
		"y yes  n no (moves down). Ask as worded on your C-SSRS card.",
		"Enter edits the highlighted item; each entry is saved at once.",
		"v or Enter: a baseline reading (the last counts for BP). CRIT row: Enter acks it.",
	};
	size_t nitems;
	const struct kc_check_item *items = kc_check_items(&nitems);
	char cs[160];
	int open = 0, n = 0;

	*help = helps[s->sec];
	switch (s->sec) {
	case SEC_PHQ: scale_summary(s->scr.phq9, 9, 27, "PHQ-9", h, hn); break;
	case SEC_GAD: scale_summary(s->scr.gad7, 7, 21, "GAD-7", h, hn); break;
	case SEC_CSSRS:
		kc_word_cssrs(&s->scr.cssrs, s->scr.has_cssrs, cs, sizeof cs); /* the report's words */
		snprintf(h, hn, "Suicide screen (C-SSRS screener): %.80s%s", cs, s->scr.phq9[8] > 0 ? "; PHQ-9 item 9 > 0" : "");
		break;
	case SEC_CHECK:
		for (size_t i = 0; i < nitems; i++)
			if (scr_applies(s, &items[i])) {
				n++;
				open += s->scr.answers[i] == KC_ANS_UNSET;
			}
		snprintf(h, hn, "Contraindication checklist: %d of %d answered", n - open, n);
		break;
	case SEC_INFO: snprintf(h, hn, "Session info: weight, fasting, escort, consent, medication"); break;
	default: snprintf(h, hn, "Baseline vitals (pre-dose): %zu reading%s", s->nbase, s->nbase == 1 ? "" : "s");
	}
}

/* text over at most `lines` lines at y (broken as the line model breaks it: never a number
 * from its unit), the last cut with the ellipsis when more is left; returns the lines used. */
static int put_wrapped(struct ui *ui, WINDOW *w, int y, int x, int width, int lines, attr_t a, const char *text)
{
	int used = 0;

	do {
		size_t cut = uil_line(text, width, ui->utf8);

		if (used + 1 == lines && text[cut]) {
			ui_put_cut(ui, w, y + used, x, width, a, text);
			return used + 1;
		}
		ui_putf(ui, w, y + used, x, width, a, "%.*s", (int)cut, text);
		used++;
		text += cut;
		text += strspn(text, " ");
	} while (*text && used < lines);
	return used;
}

/* The section's rows as the kit's line model, one entry (stop) per row, in three columns
 * sized from their widest values and the window, never merged: the row's lead ("abs", "6",
 * "Q2", the time of a reading), its wording, and the answer. The answer is never cut (it
 * goes on below in its column), the wording neither from 80 columns on (below that it
 * takes the ellipsis: the detail under the list has it whole). */
enum { SC_LEAD, SC_TEXT, SC_ANSWER, SC_NCOLS };

static void split_lead(const char *left, char *lead, size_t n, const char **text)
{
	const char *gap = strstr(left, "  ");

	*text = left;
	lead[0] = '\0';
	if (gap && gap - left < 12) {
		snprintf(lead, n, "%.*s", (int)(gap - left), left);
		*text = gap + strspn(gap, " ");
	}
}

/* Returns the first column used: SC_TEXT when no row has a lead. */
static int section_lines(struct ui *ui, const struct rowv *rv, int n, int width, int wide, struct uil_lines *l,
			 struct uil_col c[SC_NCOLS], int *gap)
{
	unsigned wrap = 1u << SC_ANSWER | (wide ? 1u << SC_TEXT : 0);
	char lead[16];
	const char *text;
	int first;

	c[SC_LEAD] = (struct uil_col){ "", 0, 0, 0 };
	c[SC_TEXT] = (struct uil_col){ "", 0, 12, 0 };
	c[SC_ANSWER] = (struct uil_col){ "", 0, 12, 0 };
	for (int i = 0; i < n; i++) {
		split_lead(rv[i].left, lead, sizeof lead, &text);
		uil_col_measure(&c[SC_LEAD], lead, ui->utf8);
		uil_col_measure(&c[SC_TEXT], text, ui->utf8);
		uil_col_measure(&c[SC_ANSWER], rv[i].right, ui->utf8);
	}
	first = c[SC_LEAD].want ? SC_LEAD : SC_TEXT;
	*gap = uil_cols_apart(c + first, SC_NCOLS - first, width, ui->utf8);
	for (int i = 0; i < n; i++) {
		const char *cells[SC_NCOLS] = { lead, NULL, rv[i].right };

		split_lead(rv[i].left, lead, sizeof lead, &cells[SC_TEXT]);
		uil_lines_cells(l, c + first, SC_NCOLS - first, *gap, wrap >> first, cells + first, ui->utf8,
				rv[i].tone, 0, i + 1);
	}
	return first;
}

/* The section from line top: heading, help, rows, and the highlighted row's detail above
 * bottom. The cursor and the first row shown stay row indexes (s->list) for the keys. */
static void draw_section(struct ui *ui, struct scr *s, WINDOW *w, int top, int bottom)
{
	char h[160];
	const char *help;
	int ids[ROWS_MAX], n = scr_section_rows(s, s->sec, ids), width = getmaxx(w), hl, rows, gap = 1, shown = 0, first;
	struct ui_list *li = &s->list[s->sec];
	struct uil_lines *l = &s->sl;
	struct uil_col c[SC_NCOLS];
	struct rowv *rv = calloc((size_t)(n > 0 ? n : 1), sizeof *rv);

	heading(s, h, sizeof h, &help);
	/* the keys' help is read whole: a second line when the first is not enough */
	hl = put_wrapped(ui, w, top + 1, 1, width - 1, 2, ui_tone(ui, UI_KEY), help);
	rows = bottom - 2 - (top + 1 + hl);
	if (rows < 1)
		rows = 1;
	ui_put(ui, w, top, 1, width - 1, A_BOLD, h);
	ui_list_set(li, n);
	uil_lines_clear(l);
	if (!rv || n <= 0) {
		s->list_h = rows;
		free(rv);
		return;
	}
	for (int i = 0; i < n; i++)
		scr_row_view(s, ui, s->sec, ids[i], &rv[i]);
	first = section_lines(ui, rv, n, width - 2, width >= 80, l, c, &gap);
	/* the cursor's row whole in view, from the row shown first before */
	l->sel = l->top = -1;
	for (int i = l->n - 1; i >= 0; i--) {
		if (l->v[i].stop == li->sel + 1)
			l->sel = i;
		if (l->v[i].stop == li->top + 1)
			l->top = i;
	}
	l->top = l->top < 0 ? 0 : l->top;
	l->sel = uil_lines_entry_start(l, l->sel < 0 ? 0 : l->sel);
	if (l->top > l->n - rows) /* the last rows fill the list rather than leave it half empty */
		l->top = uil_lines_entry_start(l, l->n - rows > 0 ? l->n - rows : 0);
	uil_lines_scroll_whole(l, rows);
	li->top = l->v[l->top].stop - 1;
	for (int i = 0; i < rows && l->top + i < l->n; i++) {
		const struct uil_line *ln = &l->v[l->top + i];
		int sel = ln->stop == li->sel + 1, start = uil_lines_entry_start(l, l->top + i) == l->top + i;
		attr_t a = sel ? A_REVERSE : A_NORMAL, extra[SC_NCOLS] = { [SC_ANSWER] = ui_tone(ui, (enum ui_tone)ln->tone) };

		ui_put(ui, w, top + 1 + hl + i, 0, 2, a, sel && start ? ui->g.sel : "");
		ui_put_cols(ui, w, top + 1 + hl + i, 2, width - 2, a, ln->text, c + first, SC_NCOLS - first, gap,
			    extra + first);
		ui_search_mark(ui, &s->search, w, top + 1 + hl + i, 2, width - 2, sel ? A_NORMAL : a, ln->text);
		shown += start;
	}
	/* PgUp/PgDn page by the rows that fit */
	s->list_h = shown > 1 ? shown : 1;
	put_wrapped(ui, w, bottom - 2, 2, width - 3, 2, A_DIM, rv[li->sel].detail);
	if (li->top > 0 || li->top + shown < n) /* over the end of the heading */
		ui_putf(ui, w, top, width - 15, 15, A_DIM, "  rows %d-%d/%d", li->top + 1,
			li->top + shown < n ? li->top + shown : n, n);
	free(rv);
}

/* ---------- search (ui_search.h): the rows of the section shown ---------- */

static const struct uil_lines *search_lines(void *owner)
{
	return &((struct scr *)owner)->sl;
}

/* The line found last while it is in the cursor's row (> goes on past it), else the row's
 * first line. */
static int search_cursor(void *owner)
{
	const struct scr *s = owner;
	const struct uil_lines *l = &s->sl;
	int sel = s->list[s->sec].sel, at = -1;

	for (int i = 0; i < l->n && at < 0; i++)
		if (l->v[i].stop == sel + 1)
			at = i;
	if (at >= 0 && s->found >= 0 && s->found < l->n && l->v[s->found].stop == sel + 1)
		return s->found;
	return at;
}

static void search_go(struct ui *ui, void *owner, int line)
{
	struct scr *s = owner;

	s->found = line;
	s->list[s->sec].sel = s->sl.v[line].stop - 1;
	ui_mark(ui, UI_BODY);
}

void scr_search_init(struct scr *s)
{
	s->found = -1;
	s->search = (struct ui_search){ .owner = s, .lines = search_lines, .cursor = search_cursor, .go = search_go };
}

static void strip_all(char *s, const char *what)
{
	size_t n = strlen(what);

	for (char *p = strstr(s, what); p; p = strstr(p, what))
		memmove(p, p + n, strlen(p + n) + 1);
}

/* While a critical alert waits for acknowledgement, a banner under the tabs that no
 * scrolling moves, in words and values (never colour alone); the lines it took. */
static int draw_banner(struct ui *ui, struct scr *s, WINDOW *w, int y)
{
	char t[TEXT_MAX], at[16], more[32] = "";

	if (!s->crit_n)
		return 0;
	if (s->crit_n > 1)
		snprintf(more, sizeof more, " (%d to acknowledge)", s->crit_n);
	if (s->crit.id) {
		kc_time_local_hm(s->crit.taken_at, at, sizeof at);
		snprintf(t, sizeof t, "%s CRIT %s%s - a acknowledges: %.200s", ui->g.warn, at, more,
			 s->crit.alerts);
		strip_all(t, " (critical)"); /* the line says CRIT already: room for the values */
	} else {
		snprintf(t, sizeof t, "%s CRIT alert not acknowledged%s - a acknowledges", ui->g.warn, more);
	}
	return put_wrapped(ui, w, y, 1, getmaxx(w) - 1, 2, ui_tone(ui, UI_CRIT) | A_BOLD, t);
}

static const char *level_word(enum kc_gate g)
{
	switch (g) {
	case KC_GATE_BLOCK: return "BLOCKED";
	case KC_GATE_CONFIRM: return "CONFIRM";
	case KC_GATE_INCOMPLETE: return "MISSING";
	default: return "ok";
	}
}

static enum ui_tone level_tone(enum kc_gate g)
{
	return g == KC_GATE_BLOCK ? UI_CRIT : g == KC_GATE_PASS ? UI_OK : UI_WARN;
}

static void gate_title(const struct scr *s, char *out, size_t n)
{
	switch (s->v.gate) {
	case KC_GATE_PASS:
		snprintf(out, n, "Verdict: PASS - dosing allowed%s, d goes to dosing",
			 s->v.overridden ? " (blocks OVERRIDDEN)" : "");
		break;
	case KC_GATE_CONFIRM: snprintf(out, n, "Verdict: NEEDS CONFIRMATION - a confirms with a note"); break;
	case KC_GATE_INCOMPLETE: snprintf(out, n, "Verdict: INCOMPLETE - dosing not allowed yet"); break;
	default: snprintf(out, n, "Verdict: BLOCKED - only a physician override (o) allows dosing"); break;
	}
}

static void draw_verdict(struct ui *ui, struct scr *s, WINDOW *w, int y)
{
	char t[160];
	int width = getmaxx(w), line = 0, i;

	mvwhline(w, y, 0, ACS_HLINE, width);
	gate_title(s, t, sizeof t);
	ui_putf(ui, w, y, 1, ui_width(ui, t) + 2, ui_tone(ui, level_tone(s->v.gate)) | A_BOLD, " %s ", t);
	if (s->v.n == 0)
		ui_put(ui, w, y + 1, 1, width - 1, A_NORMAL,
		       "ok       Every item answered; nothing holds dosing back.");
	/* A long reason takes two lines; r shows the ones that did not fit. */
	for (i = s->rtop; i < s->v.n && line < REASON_LINES; i++) {
		const struct kc_reason *r = &s->v.r[s->order[i]];
		int two = uil_wrap_count(r->text, width - 10, ui->utf8) > 1;

		if (two && line + 2 > REASON_LINES && line > 0)
			break;
		ui_put(ui, w, y + 1 + line, 1, 8, ui_tone(ui, level_tone(r->level)), level_word(r->level));
		line += put_wrapped(ui, w, y + 1 + line, 10, width - 10, REASON_LINES - line, A_NORMAL, r->text);
	}
	s->rshown = i - s->rtop;
	if (s->rtop > 0 || i < s->v.n) {
		snprintf(t, sizeof t, " %d-%d of %d, r more ", s->rtop + 1, i, s->v.n);
		ui_put(ui, w, y, width - 1 - ui_width(ui, t), ui_width(ui, t), A_BOLD, t);
	}
}

void screening_draw(struct ui *ui, void *priv, WINDOW *w)
{
	struct scr *s = priv;
	int vy = getmaxy(w) - REASON_LINES - 1;

	s->minute = ui->now / 60;
	werase(w);
	draw_tabs(ui, s, w);
	draw_section(ui, s, w, 1 + draw_banner(ui, s, w, 1), vy);
	draw_verdict(ui, s, w, vy);
}
