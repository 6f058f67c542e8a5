/* draw.c — painting helpers: tones, clipped UTF-8 text, the header, status line and key
 * bar, the "too small" notice, and the list cursor. */
#include "ui_app.h"
#include "ui_draw.h"

#include "kc_ascii.h"
#include "ui_form.h"
#include "ui_lines.h"
#include "ui_screen.h"

#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* ---------- tones ---------- */

enum { PAIR_TITLE = 1, PAIR_OK, PAIR_WARN, PAIR_CRIT };

void ui_colours_init(struct ui *ui)
{
	static const struct ui_glyphs ascii = { ">", "|", "-", "!" };
	static const struct ui_glyphs utf8 = { "\u25b6", "\u2502", "\u2014", "\u26a0" };

	ui->utf8 = kc_locale_utf8();
	ui->g = ui->utf8 ? utf8 : ascii;
	ui->colour = 0;
	if (getenv("NO_COLOR") || !has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	init_pair(PAIR_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(PAIR_OK, COLOR_GREEN, -1);
	init_pair(PAIR_WARN, COLOR_YELLOW, -1);
	init_pair(PAIR_CRIT, COLOR_WHITE, COLOR_RED);
	ui->colour = COLOR_PAIRS > PAIR_CRIT;
}

attr_t ui_tone(const struct ui *ui, enum ui_tone t)
{
	/* Without colour, attributes alone keep the levels apart; the words carry the meaning. */
	static const attr_t mono[UI_TONE_COUNT] = {
		[UI_NORMAL] = A_NORMAL, [UI_TITLE] = A_REVERSE, [UI_OK] = A_NORMAL,
		[UI_WARN] = A_BOLD, [UI_CRIT] = A_BOLD | A_REVERSE, [UI_KEY] = A_BOLD,
	};
	static const short pair[UI_TONE_COUNT] = {
		[UI_TITLE] = PAIR_TITLE, [UI_OK] = PAIR_OK, [UI_WARN] = PAIR_WARN, [UI_CRIT] = PAIR_CRIT,
	};

	if ((unsigned)t >= UI_TONE_COUNT)
		return A_NORMAL;
	if (!ui->colour || !pair[t])
		return mono[t];
	return (attr_t)COLOR_PAIR(pair[t]) | (t == UI_WARN || t == UI_CRIT ? A_BOLD : A_NORMAL);
}

/* ---------- text ---------- */

/* Decode one character of s: its width in columns and how many bytes it takes. Invalid
 * bytes become '?'. Outside a UTF-8 locale a non-ASCII character is shown as its ASCII
 * stand-in (kc_ascii_char: "–" as "-", "°" as "deg", a patient's "é" as one '?'): *rep
 * is then that text, and its width its length; else *rep is NULL. */
static size_t next_char(const struct ui *ui, const char *s, mbstate_t *ps, wchar_t *wc, int *cols,
			const char **rep)
{
	size_t len = 1;

	*rep = NULL;
	*wc = (unsigned char)*s;
	if ((unsigned char)*s >= 0x80 && !ui->utf8) {
		*rep = kc_ascii_char(s, &len);
		*cols = (int)strlen(*rep);
		return len;
	}
	if ((unsigned char)*s >= 0x80) {
		len = mbrtowc(wc, s, MB_CUR_MAX, ps);
		if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
			memset(ps, 0, sizeof *ps);
			*wc = L'?';
			len = 1;
		}
	}
	*cols = wcwidth(*wc);
	if (*cols < 0) {
		*wc = L'?';
		*cols = 1;
	}
	return len;
}

int ui_width(const struct ui *ui, const char *s)
{
	mbstate_t st;
	wchar_t wc;
	int cols, total = 0;

	const char *rep;

	memset(&st, 0, sizeof st);
	while (*s) {
		s += next_char(ui, s, &st, &wc, &cols, &rep);
		total += cols;
	}
	return total;
}

void ui_put(const struct ui *ui, WINDOW *w, int y, int x, int width, attr_t a, const char *s)
{
	mbstate_t st;
	wchar_t wc[2] = { 0, 0 };
	int cols, used = 0;

	if (width > getmaxx(w) - x)
		width = getmaxx(w) - x;
	if (width <= 0 || wmove(w, y, x) == ERR)
		return;
	memset(&st, 0, sizeof st);
	wattr_on(w, a, NULL);
	while (s && *s) {
		const char *rep;
		size_t len = next_char(ui, s, &st, &wc[0], &cols, &rep);

		if (used + cols > width)
			break;
		if (rep)
			waddstr(w, rep);
		else
			waddnwstr(w, wc, 1);
		used += cols;
		s += len;
	}
	for (; used < width; used++)
		waddch(w, ' ');
	wattr_off(w, a, NULL);
}

void ui_putf(const struct ui *ui, WINDOW *w, int y, int x, int width, attr_t a, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	ui_put(ui, w, y, x, width, a, buf);
}

int ui_put_wrapped(const struct ui *ui, WINDOW *w, int y, int x, int width, attr_t a, const char *text)
{
	int lines = 0;

	do {
		size_t k = uil_line(text, width, ui->utf8); /* a word wider than the line is broken */
		if (w && y + lines < getmaxy(w))
			ui_putf(ui, w, y + lines, x, width, a, "%.*s", (int)k, text);
		lines++;
		text += k;
		text += strspn(text, " ");
	} while (*text);
	return lines;
}

int ui_putf_wrapped(const struct ui *ui, WINDOW *w, int y, int x, int width, attr_t a, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return ui_put_wrapped(ui, w, y, x, width, a, buf);
}

void ui_put_cut(const struct ui *ui, WINDOW *w, int y, int x, int width, attr_t a, const char *s)
{
	char buf[1024];

	ui_put(ui, w, y, x, width, a, uil_ellipsis(s ? s : "", width, ui->utf8, buf, sizeof buf));
}

int ui_put_row(const struct ui *ui, WINDOW *w, int y, int x, attr_t a, const struct uil_col *c, int n, int gap,
	       const char *const *cells, const attr_t *extra)
{
	for (int i = 0; i < n; i++) {
		int width = c[i].w + (i + 1 < n ? gap : 0);

		if (i + 1 == n && x + width < getmaxx(w))
			width = getmaxx(w) - x; /* the row's attribute to the edge */
		ui_put(ui, w, y, x, width, a, "");
		ui_put_cut(ui, w, y, x, c[i].w, a | (extra ? extra[i] : 0), cells[i]);
		x += c[i].w + gap;
	}
	return x;
}

void ui_put_cols(const struct ui *ui, WINDOW *w, int y, int x, int width, attr_t a, const char *line,
		 const struct uil_col *c, int n, int gap, const attr_t *extra)
{
	ui_put(ui, w, y, x, width, a, line);
	for (int i = 0; extra && i < n; i++) {
		int cx = uil_col_x(c, i, gap);
		size_t at = uil_cut(line, cx, ui->utf8);

		if (!extra[i] || cx >= width || uil_width(line, ui->utf8) <= cx)
			continue;
		ui_put(ui, w, y, x + cx, c[i].w < width - cx ? c[i].w : width - cx, a | extra[i], line + at);
	}
}

void ui_rule(const struct ui *ui, WINDOW *w, int y, const char *title)
{
	int x = 0;

	mvwhline(w, y, 0, ACS_HLINE, getmaxx(w));
	if (title && *title) {
		x = ui_width(ui, title) + 2;
		ui_putf(ui, w, y, 1, x, A_BOLD, " %s ", title);
	}
}

/* ---------- the fixed lines ---------- */

/* ---------- breaking text where it may break ---------- */

size_t ui_fit(const struct ui *ui, const char *s, int width, int part)
{
	return uil_fit(s, width, ui->utf8, part);
}

/* s cut at a break that leaves room for "...", the separator before the cut dropped: a
 * word or a number is never shown cut short. */
static void trim_dots(const struct ui *ui, const char *s, int width, char *out, size_t n)
{
	size_t k = ui_fit(ui, s, width - 3, 1);

	if (!k)
		k = ui_fit(ui, s, width - 3, 0);
	while (k > 0 && strchr(" ;,:|", s[k - 1]))
		k--;
	snprintf(out, n, "%.*s...", (int)(k < n ? k : n - 4), s);
}

/* The rest of a message after a line break: without the blanks and a leading "| ". */
static const char *next_part(const char *s)
{
	s += strspn(s, " ");
	if (s[0] == '|' && s[1] == ' ')
		s += 2;
	return s;
}

/* Lay msg out on up to lines lines of width columns, broken at blanks; what does not fit
 * ends with "...". Returns the lines used. */
static int status_layout(const struct ui *ui, const char *msg, int width, int lines,
			 char out[2][KC_MSG_MAX + 160])
{
	size_t n = sizeof out[0], cut = ui_fit(ui, msg, width, 0);

	if (cut == strlen(msg) || !cut) { /* fits, or one word longer than the line: clipped */
		snprintf(out[0], n, "%s", msg);
		return 1;
	}
	if (lines < 2) {
		trim_dots(ui, msg, width, out[0], n);
		return 1;
	}
	snprintf(out[0], n, "%.*s", (int)cut, msg);
	msg = next_part(msg + cut);
	if (ui_width(ui, msg) <= width)
		snprintf(out[1], n, "%s", msg);
	else
		trim_dots(ui, msg, width, out[1], n);
	return 2;
}

/* ---------- the fixed lines ---------- */

/* The title's first part (the patient's name): before " #" or " ("; NULL when none. */
static const char *title_tail(const char *title)
{
	const char *tail = strstr(title, " #");

	if (!tail)
		tail = strstr(title, " (");
	return tail && tail > title ? tail : NULL;
}

/* The columns the title needs at least with its name cut to head columns: the name's
 * start, the chart number (up to " - ") and room for an ellipsis. */
static int title_need(const struct ui *ui, const char *title, int head)
{
	const char *tail = title_tail(title), *dash;
	char chart[128];
	int need = ui_width(ui, title), w;

	if (!tail)
		return need;
	dash = strstr(tail, " - ");
	snprintf(chart, sizeof chart, "%.*s", (int)(dash ? (size_t)(dash - tail) : strlen(tail)), tail);
	w = (int)(tail - title) < head ? (int)(tail - title) : head;
	w += ui_width(ui, chart) + (dash ? 2 : 0);
	return w < need ? w : need;
}

/* The title in room columns: whole when it fits; else the name cut with the ellipsis to
 * what the rest leaves (never under head columns), then the rest cut at its end (the
 * screen's name goes before the chart number). */
static void title_cut(const struct ui *ui, const char *title, int head, int room, char *out, size_t n)
{
	const char *tail = title_tail(title);
	char cut[256], rest[256];
	int hw, tw;

	if (ui_width(ui, title) <= room || !tail) {
		uil_ellipsis(title, room, ui->utf8, out, n);
		return;
	}
	snprintf(cut, sizeof cut, "%.*s", (int)(tail - title), title);
	tw = ui_width(ui, tail);
	hw = room - tw;
	if (hw < head)
		hw = head;
	if (hw > ui_width(ui, cut))
		hw = ui_width(ui, cut);
	uil_ellipsis(cut, hw, ui->utf8, out, n);
	uil_ellipsis(tail, room - ui_width(ui, out), ui->utf8, rest, sizeof rest);
	snprintf(out + strlen(out), n - strlen(out), "%s", rest);
}

/* The header: the program's name and the clinic go first while the title does not fit,
 * then the blanks between the right's parts get fewer, then the title's first part (the
 * patient's name) is cut with the ellipsis (the chart number, route and phase stay whole
 * while they can), then the date goes (the time stays). Who is charting (login and role), TRAINING
 * and the clock always stay. */
static void header_parts(struct ui *ui, const char *clinic, const char *title, int cols, char *left,
			 size_t ln, char *right, size_t rn)
{
	char date[32], hm[16], who[KC_LOGIN_MAX + 24], t[480];
	const char *test = ui->app->training ? "TRAINING  " : "";
	const char *login = ui->app->store ? kc_store_actor(ui->app->store) : NULL;

	kc_time_local(ui->now, date, sizeof date);
	kc_time_local_hm(ui->now, hm, sizeof hm);
	who[0] = '\0';
	if (login && *login)
		snprintf(who, sizeof who, "%s (%s)  ", login, kc_role_name(ui->role));
	for (int step = 0; step < 5; step++) {
		const char *c = step >= 1 ? "" : clinic;
		int room, need;

		if (step >= 4) /* the date goes */
			snprintf(right, rn, " %s%s%s ", who, test, hm);
		else
			snprintf(right, rn, "  %s%s%s ", who, test, date); /* never touching the title */
		if (step >= 2) /* the blanks between the parts get fewer */
			for (char *p = strstr(right, "  "); p; p = strstr(p, "  "))
				memmove(p, p + 1, strlen(p));
		room = cols - ui_width(ui, right) - 1;
		if (step <= 2) {
			snprintf(left, ln, " %s%s%s%s%s", step ? "" : "ketchart ", step ? "" : ui->g.sep,
				 step || !*c ? "" : " ", c, *c && *title ? "  " : (step ? "" : " "));
			snprintf(left + strlen(left), ln - strlen(left), "%s", title);
			if (ui_width(ui, left) + ui_width(ui, right) <= cols)
				return;
			continue;
		}
		/* With the date: the name gives way (down to 4 columns) when that keeps the rest
		 * (chart number, route, phase) whole, else it keeps 12 and the rest is cut at its
		 * end; then the date goes. */
		int head = 12;
		const char *tail = title_tail(title);

		if (tail && room - ui_width(ui, tail) >= 4)
			head = 4;
		need = title_need(ui, title, step == 3 ? head : 4);
		if (step == 3 && need > room)
			continue;
		title_cut(ui, title, step == 3 ? head : 4, room, t, sizeof t);
		left[0] = ' '; /* the cut title after one blank, cut again if left is smaller */
		kc_strlcpy(left + 1, t, ln - 1);
		return;
	}
}

void ui_paint_header(struct ui *ui)
{
	const struct ui_frame *f = ui_top(ui);
	const char *clinic = ui->app->cfg ? ui->app->cfg->general.clinic_name : "";
	char left[480], right[128], title[256];
	int cols = getmaxx(ui->header), rw;

	/* A lost hold leads the title and is never cut: the rest is fitted beside it. */
	int hold_w = ui->hold_lost[0] ? ui_width(ui, ui->hold_lost) + 1 : 0;

	header_parts(ui, clinic, f ? f->title : "", cols - hold_w, left, sizeof left, right, sizeof right);
	if (hold_w) {
		size_t h;

		title[0] = ' '; /* the hold first, whole; then as much of the rest as fits */
		kc_strlcpy(title + 1, ui->hold_lost, sizeof title - 1);
		h = strlen(title);
		kc_strlcpy(title + h, left, sizeof title - h);
		kc_strlcpy(left, title, sizeof left);
	}
	rw = ui_width(ui, right);
	wbkgdset(ui->header, ' ' | ui_tone(ui, UI_TITLE));
	werase(ui->header);
	ui_put(ui, ui->header, 0, 0, cols - rw, ui_tone(ui, UI_TITLE), left);
	ui_put(ui, ui->header, 0, cols - rw, rw, ui_tone(ui, UI_TITLE) | A_BOLD, right);
	ui->clock_shown = ui->now / 60;
}

/* A message or question on the status line, on the line above it too when it is long
 * (over the body's last line until it goes). Only a tone with a background fills the line. */
void ui_paint_status(struct ui *ui)
{
	char text[KC_MSG_MAX + 160], out[2][KC_MSG_MAX + 160];
	enum ui_tone tone = ui->ask[0] ? UI_WARN : ui->msg_tone;
	int cols = getmaxx(ui->status), lines = 1;

	werase(ui->status);
	werase(ui->status2);
	snprintf(text, sizeof text, ui->ask[0] ? "%s (y/n)" : "%s", ui->ask[0] ? ui->ask : ui->msg);
	if (text[0])
		lines = status_layout(ui, text, cols, ui->status2 ? 2 : 1, out);
	ui->status_h = lines;
	if (!text[0])
		return;
	for (int i = 0; i < lines; i++) {
		WINDOW *w = i + 1 == lines ? ui->status : ui->status2;
		int width = tone == UI_CRIT ? cols : ui_width(ui, out[i]);

		ui_put(ui, w, 0, 0, width, ui_tone(ui, tone), out[i]);
	}
}

/* Whether an action sits at the right end of the bar, where it is never crowded out. */
static int bar_right(int id)
{
	return id == ACT_HELP || id == ACT_BACK || id == ACT_QUIT;
}

/* The label row a shows on the bar now: NULL when it is help-only or cannot be taken now
 * (f: the screen whose table it is, NULL for the global and form tables). */
static const char *bar_label(struct ui *ui, const struct ui_frame *f, const struct ui_action *a)
{
	if (a->id == ACT_BACK && ui->depth <= 1)
		return NULL;
	if (!f)
		return a->label;
	if (!a->label || !ui_action_enabled(ui, f, a->id, NULL, 0))
		return NULL;
	return ui_action_label(ui, f, a);
}

/* The bar's items: the keys of tbl that show now, the right-end ones when right. */
struct bar_item {
	const char *key, *label;
};
#define BAR_MAX 40

static int bar_collect(struct ui *ui, const struct ui_frame *f, const struct ui_action *tbl, int right,
		       struct bar_item *it, int n)
{
	for (; tbl && tbl->id && n < BAR_MAX; tbl++) {
		const char *label = bar_right(tbl->id) == right ? bar_label(ui, f, tbl) : NULL;

		if (label)
			it[n++] = (struct bar_item){ tbl->keyname, label };
	}
	return n;
}

/* Columns the items take with the first `labels` of them labelled, gap blanks apart. */
static int bar_width(struct ui *ui, const struct bar_item *it, int n, int labels, int gap)
{
	int w = 0;

	for (int i = 0; i < n; i++)
		w += ui_width(ui, it[i].key) + (i < labels ? 1 + ui_width(ui, it[i].label) : 0) + (i ? gap : 0);
	return w;
}

/* What the bar would show of the top screen's own actions, to see when it changes. */
static void bar_sig(struct ui *ui, char *out, size_t n)
{
	struct ui_frame *f = ui_top(ui);
	size_t len = 0;

	out[0] = '\0';
	for (const struct ui_action *a = f ? f->ops->actions : NULL; a && a->id && len < n; a++) {
		const char *l = bar_label(ui, f, a);

		if (l)
			len += (size_t)snprintf(out + len, n - len, "%d %s|", a->id, l);
	}
}

int ui_bar_stale(struct ui *ui)
{
	char sig[sizeof ui->bar_sig];
	struct ui_frame *f = ui_top(ui);

	if (!f || f->form || ui->ask[0] || (!f->ops->enabled && !f->ops->label))
		return 0;
	bar_sig(ui, sig, sizeof sig);
	return strcmp(sig, ui->bar_sig) != 0;
}

/* The screen's keys from the left; quit, help and back at the right end. When they do not
 * all fit, the blanks between them get fewer, then labels go before keys: the last ones on
 * the left first, then the right end's; every key stays (help lists them all). */
void ui_paint_bar(struct ui *ui)
{
	struct ui_frame *f = ui_top(ui);
	const struct ui_action *g = ui_global_actions();
	const struct ui_action *own = f ? f->ops->actions : NULL;
	struct bar_item left[BAR_MAX], right[BAR_MAX];
	int cols = getmaxx(ui->bar), nl, nr, ll, rl, gap = 2, x;

	werase(ui->bar);
	bar_sig(ui, ui->bar_sig, sizeof ui->bar_sig);
	if (ui->ask[0]) {
		ui_put(ui, ui->bar, 0, 1, cols - 1, ui_tone(ui, UI_KEY), "y yes   any other key: no");
		return;
	}
	if (f && f->form) {
		own = ui_form_actions();
		g = NULL; /* the form table has its own help key */
		f = NULL; /* and no screen hooks */
	}
	nl = bar_collect(ui, f, own, 0, left, 0);
	nr = bar_collect(ui, NULL, g, 1, right, bar_collect(ui, f, own, 1, right, 0));
	ll = nl;
	rl = nr;
	/* 1 blank at the left edge, at least 3 between the two groups, 1 at the right edge */
	while (1 + bar_width(ui, left, nl, ll, gap) + 3 + bar_width(ui, right, nr, rl, gap) + 1 > cols) {
		if (gap > 1)
			gap = 1;
		else if (ll > 0)
			ll--;
		else if (rl > 0)
			rl--;
		else
			break;
	}
	x = 1;
	for (int i = 0; i < nl; i++) {
		int kw = ui_width(ui, left[i].key), lw = i < ll ? ui_width(ui, left[i].label) : 0;

		ui_put(ui, ui->bar, 0, x, kw, ui_tone(ui, UI_KEY), left[i].key);
		if (lw)
			ui_put(ui, ui->bar, 0, x + kw + 1, lw, A_NORMAL, left[i].label);
		x += kw + (lw ? 1 + lw : 0) + gap;
	}
	x = cols - 1 - bar_width(ui, right, nr, rl, gap);
	for (int i = 0; i < nr; i++) {
		int kw = ui_width(ui, right[i].key), lw = i < rl ? ui_width(ui, right[i].label) : 0;

		ui_put(ui, ui->bar, 0, x, kw, ui_tone(ui, UI_KEY), right[i].key);
		if (lw)
			ui_put(ui, ui->bar, 0, x + kw + 1, lw, A_NORMAL, right[i].label);
		x += kw + (lw ? 1 + lw : 0) + gap;
	}
}

void ui_paint_small(struct ui *ui)
{
	char need[32], now[32];
	int y = LINES / 2 - 1;

	snprintf(need, sizeof need, "need %dx%d", UI_MIN_COLS, UI_MIN_LINES);
	snprintf(now, sizeof now, "now %dx%d", COLS, LINES);
	werase(stdscr);
	ui_put(ui, stdscr, y < 0 ? 0 : y, 0, COLS, A_BOLD, "terminal too small");
	ui_put(ui, stdscr, y + 1, 0, COLS, A_NORMAL, need);
	ui_put(ui, stdscr, y + 2, 0, COLS, A_NORMAL, now);
	wnoutrefresh(stdscr);
}

/* ---------- lists ---------- */

void ui_list_set(struct ui_list *l, int n)
{
	l->n = n;
	if (n <= 0) {
		l->sel = -1;
		l->top = 0;
		return;
	}
	if (l->sel < 0)
		l->sel = 0;
	if (l->sel >= n)
		l->sel = n - 1;
	if (l->top > l->sel)
		l->top = l->sel;
}

int ui_list_move(struct ui_list *l, int act, int rows)
{
	int page = rows > 1 ? rows - 1 : 1;

	if (l->n <= 0)
		return act == ACT_UP || act == ACT_DOWN || act == ACT_PGUP || act == ACT_PGDN ||
		       act == ACT_HOME || act == ACT_END;
	switch (act) {
	case ACT_UP: l->sel--; break;
	case ACT_DOWN: l->sel++; break;
	case ACT_PGUP: l->sel -= page; break;
	case ACT_PGDN: l->sel += page; break;
	case ACT_HOME: l->sel = 0; break;
	case ACT_END: l->sel = l->n - 1; break;
	default: return 0;
	}
	if (l->sel < 0)
		l->sel = 0;
	if (l->sel >= l->n)
		l->sel = l->n - 1;
	ui_list_scroll(l, rows);
	return 1;
}

void ui_list_scroll(struct ui_list *l, int rows)
{
	if (rows < 1)
		rows = 1;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + rows)
		l->top = l->sel - rows + 1;
	if (l->top < 0)
		l->top = 0;
}
