/* ui_lines.c — widths, the ellipsis, line breaking, column sizing and the line model
 * (ui_lines.h). Pure: no curses. */
#include "ui_lines.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "kc_text.h"

/* ---------- text ---------- */

/* The width of the character at s and its bytes. */
static size_t step(const char *s, int utf8, int *cols)
{
	if (!utf8 || (unsigned char)*s < 0x80) {
		*cols = 1;
		return 1;
	}
	return kc_text_char(s, strlen(s), cols);
}

int uil_width(const char *s, int utf8)
{
	if (!s)
		return 0;
	return utf8 ? kc_text_width(s, strlen(s)) : (int)strlen(s);
}

size_t uil_cut(const char *s, int width, int utf8)
{
	size_t k = 0;
	int used = 0, cols;

	while (s[k]) {
		size_t len = step(s + k, utf8, &cols);

		if (used + cols > width)
			break;
		used += cols;
		k += len;
	}
	/* combining marks that follow belong to the last character kept */
	while (s[k] && utf8 && k > 0) {
		size_t len = step(s + k, utf8, &cols);

		if (cols)
			break;
		k += len;
	}
	return k;
}

char *uil_ellipsis(const char *s, int width, int utf8, char *out, size_t n)
{
	const char *dots = utf8 ? "\u2026" : "...";
	int dw = utf8 ? 1 : 3;
	size_t k;

	if (!n)
		return out;
	if (width <= 0) {
		out[0] = '\0';
		return out;
	}
	if (uil_width(s, utf8) <= width) {
		snprintf(out, n, "%s", s);
		return out;
	}
	if (width < dw) {
		snprintf(out, n, "%.*s", width, "...");
		return out;
	}
	k = uil_cut(s, width - dw, utf8);
	while (k > 0 && s[k - 1] == ' ')
		k--;
	snprintf(out, n, "%.*s%s", (int)k, s, dots);
	return out;
}

/* Whether s[i] is the blank between a number and its unit ("185 mmHg", "20 %"). */
static int unit_after(const char *s, size_t i)
{
	static const char *const units[] = { "%", "mmHg", "/min", "kg", "mg", "mL", "mL/h", "min", "C", "s" };
	size_t n = strcspn(s + i + 1, " ;,.)");

	if (s[i - 1] < '0' || s[i - 1] > '9')
		return 0;
	for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
		if (strlen(units[k]) == n && strncmp(s + i + 1, units[k], n) == 0)
			return 1;
	return 0;
}

/* Whether a line may end before s[i] (a blank): after a part of a message ("; ", ", ")
 * or before " | " when part, else at any blank. */
static int break_at(const char *s, size_t i, int part)
{
	if (s[i] != ' ' || i == 0 || unit_after(s, i))
		return 0;
	return !part || s[i - 1] == ';' || s[i - 1] == ',' || (s[i + 1] == '|' && s[i + 2] == ' ');
}

size_t uil_fit(const char *s, int width, int utf8, int part)
{
	size_t len = strlen(s), best = 0, k = 0;
	int used = 0, cols;

	if (uil_width(s, utf8) <= width)
		return len;
	while (k < len) {
		if (k > 0 && break_at(s, k, part))
			best = k;
		k += step(s + k, utf8, &cols);
		used += cols;
		if (used > width)
			break;
	}
	if (k >= len && used <= width)
		best = len;
	return best;
}

size_t uil_line(const char *s, int width, int utf8)
{
	size_t k;

	if (!*s)
		return 0;
	k = uil_fit(s, width, utf8, 0);
	if (!k)
		k = uil_cut(s, width > 0 ? width : 1, utf8);
	if (!k) /* a character wider than the line */
		k = step(s, utf8, &(int){ 0 });
	return k;
}

int uil_wrap_count(const char *s, int width, int utf8)
{
	int lines = 0;

	do {
		s += uil_line(s, width, utf8);
		s += strspn(s, " ");
		lines++;
	} while (*s);
	return lines;
}

/* ---------- columns ---------- */

void uil_col_measure(struct uil_col *c, const char *value, int utf8)
{
	int w = uil_width(value ? value : "", utf8);

	if (w > c->want)
		c->want = w;
}

int uil_cols_size(struct uil_col *c, int n, int width, int utf8, int *gap)
{
	int total = 0, g = 2;

	if (n <= 0)
		return 0;
	for (int i = 0; i < n; i++) {
		int hw = uil_width(c[i].head, utf8);

		c[i].w = c[i].want > hw ? c[i].want : hw;
		total += c[i].w;
	}
	if (total + g * (n - 1) > width)
		g = 1;
	total += g * (n - 1);
	while (total > width) {
		int wide = -1;

		for (int i = 0; i < n; i++)
			if (c[i].min > 0 && c[i].w > c[i].min && (wide < 0 || c[i].w > c[wide].w))
				wide = i;
		if (wide < 0)
			break;
		c[wide].w--;
		total--;
	}
	if (gap)
		*gap = g;
	return total;
}

int uil_cols_apart(struct uil_col *c, int n, int width, int utf8)
{
	/* sized for one blank less between each two, then given two */
	uil_cols_size(c, n, width - (n > 1 ? n - 1 : 0), utf8, NULL);
	return 2;
}

char *uil_row(const struct uil_col *c, int n, int gap, const char *const *cells, int utf8, char *out,
	      size_t size)
{
	size_t len = 0;
	char cell[1024];

	if (!size)
		return out;
	out[0] = '\0';
	for (int i = 0; i < n && len + 1 < size; i++) {
		int w;

		uil_ellipsis(cells[i] ? cells[i] : "", c[i].w, utf8, cell, sizeof cell);
		w = uil_width(cell, utf8);
		len += (size_t)snprintf(out + len, size - len, "%s", cell);
		if (i + 1 < n)
			for (int k = w; k < c[i].w + gap && len + 1 < size; k++)
				out[len++] = ' ';
		out[len < size ? len : size - 1] = '\0';
	}
	/* no trailing blanks */
	while (len > 0 && len < size && out[len - 1] == ' ')
		out[--len] = '\0';
	return out;
}

/* ---------- the line model ---------- */

void uil_lines_clear(struct uil_lines *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->v[i].text);
	l->n = 0;
	l->failed = 0;
}

void uil_lines_free(struct uil_lines *l)
{
	uil_lines_clear(l);
	free(l->v);
	l->v = NULL;
	l->cap = 0;
	l->sel = -1;
	l->top = 0;
}

int uil_lines_add(struct uil_lines *l, const char *text, int tone, unsigned flags, int stop)
{
	char *t;

	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 32;
		struct uil_line *v = realloc(l->v, (size_t)cap * sizeof *v);

		if (!v) {
			l->failed = 1;
			return -1;
		}
		l->v = v;
		l->cap = cap;
	}
	t = strdup(text ? text : "");
	if (!t) {
		l->failed = 1;
		return -1;
	}
	l->v[l->n++] = (struct uil_line){ t, tone, flags, stop };
	return 0;
}

int uil_lines_wrap(struct uil_lines *l, int width, int utf8, int indent, const char *lead, const char *text,
		   int tone, unsigned flags, int stop)
{
	char buf[1024];
	int added = 0, lw = uil_width(lead ? lead : "", utf8);
	/* a lead as wide as the indent or wider: one blank after it on the first line */
	int first = lw >= indent && lw > 0 ? lw + 1 : indent;

	do {
		int at = added ? indent : first, room = width - at;
		size_t k = uil_line(text, room < 8 ? 8 : room, utf8);

		snprintf(buf, sizeof buf, "%s%*s%.*s", added ? "" : (lead ? lead : ""), added ? indent : at - lw, "",
			 (int)k, text);
		if (uil_lines_add(l, buf, tone, added ? flags | UIL_WRAP : flags, stop) < 0)
			break;
		added++;
		text += k;
		text += strspn(text, " ");
	} while (*text);
	return added;
}

int uil_col_x(const struct uil_col *c, int i, int gap)
{
	int x = 0;

	for (int k = 0; k < i; k++)
		x += c[k].w + gap;
	return x;
}

#define CELLS_MAX 16

int uil_lines_cells(struct uil_lines *l, const struct uil_col *c, int n, int gap, unsigned wrap,
		    const char *const *cells, int utf8, int tone, unsigned flags, int stop)
{
	const char *rest[CELLS_MAX];
	char buf[2048], cell[1024];
	int added = 0, more;

	if (n > CELLS_MAX)
		n = CELLS_MAX;
	for (int i = 0; i < n; i++)
		rest[i] = cells[i] ? cells[i] : "";
	do {
		size_t len = 0;
		int col = 0; /* display columns in buf */

		more = 0;
		buf[0] = '\0';
		for (int i = 0; i < n && len + 1 < sizeof buf; i++) {
			int x = uil_col_x(c, i, gap), w = c[i].w > 0 ? c[i].w : 1;

			if (wrap & (1u << i)) {
				size_t k = uil_line(rest[i], w, utf8);

				snprintf(cell, sizeof cell, "%.*s", (int)k, rest[i]);
				rest[i] += k;
				rest[i] += strspn(rest[i], " ");
				more |= *rest[i] != '\0';
			} else {
				uil_ellipsis(rest[i], w, utf8, cell, sizeof cell);
				rest[i] = "";
			}
			if (!*cell)
				continue;
			for (; col < x && len + 1 < sizeof buf; col++)
				buf[len++] = ' ';
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s", cell);
			if (len >= sizeof buf)
				len = sizeof buf - 1;
			col += uil_width(cell, utf8);
		}
		buf[len] = '\0';
		while (len > 0 && buf[len - 1] == ' ')
			buf[--len] = '\0';
		if (uil_lines_add(l, buf, tone, flags, stop) < 0)
			break;
		added++;
	} while (more);
	return added;
}

static int is_stop_start(const struct uil_lines *l, int i)
{
	return l->v[i].stop && (i == 0 || l->v[i - 1].stop != l->v[i].stop);
}

int uil_lines_entry_start(const struct uil_lines *l, int i)
{
	if (i < 0 || i >= l->n || !l->v[i].stop)
		return i;
	while (i > 0 && l->v[i - 1].stop == l->v[i].stop)
		i--;
	return i;
}

/* The nearest stop start from i in direction dir (1, -1), i itself if it is one; -1 none. */
static int stop_from(const struct uil_lines *l, int i, int dir)
{
	for (; i >= 0 && i < l->n; i += dir)
		if (is_stop_start(l, i))
			return i;
	return -1;
}

void uil_lines_done(struct uil_lines *l, int rows)
{
	if (l->n <= 0) {
		l->sel = -1;
		l->top = 0;
		return;
	}
	if (l->sel < 0)
		l->sel = 0;
	if (l->sel >= l->n)
		l->sel = l->n - 1;
	if (l->stops_only) {
		int s = stop_from(l, uil_lines_entry_start(l, l->sel), 1);

		if (s < 0)
			s = stop_from(l, l->sel, -1);
		l->sel = s < 0 ? 0 : s;
	}
	if (l->top >= l->n)
		l->top = l->n - 1;
	if (l->top < 0)
		l->top = 0;
	uil_lines_scroll(l, rows);
}

int uil_lines_move(struct uil_lines *l, enum uil_move m, int rows)
{
	int page = rows > 1 ? rows - 1 : 1, to = l->sel, s;

	if (m < UIL_UP || m > UIL_PREV_STOP)
		return 0;
	if (l->n <= 0)
		return 1;
	if (l->stops_only && m == UIL_DOWN)
		m = UIL_NEXT_STOP;
	if (l->stops_only && m == UIL_UP)
		m = UIL_PREV_STOP;
	switch (m) {
	case UIL_UP: to--; break;
	case UIL_DOWN: to++; break;
	case UIL_PGUP: to -= page; break;
	case UIL_PGDN: to += page; break;
	case UIL_HOME: to = 0; break;
	case UIL_END: to = l->n - 1; break;
	case UIL_NEXT_STOP:
		s = stop_from(l, to + 1, 1);
		to = s < 0 ? to : s;
		break;
	case UIL_PREV_STOP:
		s = stop_from(l, uil_lines_entry_start(l, to) - 1, -1);
		to = s < 0 ? to : uil_lines_entry_start(l, s);
		break;
	}
	if (to < 0)
		to = 0;
	if (to >= l->n)
		to = l->n - 1;
	if (l->stops_only && (m == UIL_PGUP || m == UIL_PGDN || m == UIL_HOME || m == UIL_END)) {
		int dir = m == UIL_PGDN || m == UIL_HOME ? 1 : -1;

		s = stop_from(l, m == UIL_PGDN || m == UIL_END ? to : uil_lines_entry_start(l, to), dir);
		if (s < 0)
			s = stop_from(l, to, -dir);
		if (s >= 0)
			to = uil_lines_entry_start(l, s);
	}
	l->sel = to;
	uil_lines_scroll(l, rows);
	return 1;
}

void uil_lines_scroll(struct uil_lines *l, int rows)
{
	int first, last;

	if (rows < 1)
		rows = 1;
	if (l->sel < 0) {
		if (l->top > l->n - rows)
			l->top = l->n - rows > 0 ? l->n - rows : 0;
		return;
	}
	first = uil_lines_entry_start(l, l->sel);
	last = l->sel;
	while (l->v[last].stop && last + 1 < l->n && l->v[last + 1].stop == l->v[last].stop)
		last++;
	if (last - first + 1 > rows) { /* the entry is taller than the view: its cursor line */
		first = l->sel;
		last = l->sel;
	}
	if (last >= l->top + rows)
		l->top = last - rows + 1;
	if (first < l->top)
		l->top = first;
	if (l->top < 0)
		l->top = 0;
}

/* The last line of the entry line i belongs to. */
static int entry_end(const struct uil_lines *l, int i)
{
	while (l->v[i].stop && i + 1 < l->n && l->v[i + 1].stop == l->v[i].stop)
		i++;
	return i;
}

void uil_lines_scroll_whole(struct uil_lines *l, int rows)
{
	int end;

	uil_lines_scroll(l, rows);
	if (l->n <= 0)
		return;
	l->top = uil_lines_entry_start(l, l->top < l->n ? l->top : l->n - 1);
	if (l->sel < 0 || l->sel >= l->n)
		return;
	end = entry_end(l, l->sel);
	/* taking the top back to its entry's start must not push the cursor's entry out below */
	while (end >= l->top + (rows < 1 ? 1 : rows) && l->top < uil_lines_entry_start(l, l->sel))
		l->top = entry_end(l, l->top) + 1;
}

/* The character at s in lower case (*c) and its bytes: every letter through utf8proc when
 * utf8, else ASCII letters only (each other byte is itself, as the screens show it). */
static size_t fold(const char *s, int utf8, int32_t *c)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;

	if (!utf8 || (unsigned char)*s < 0x80) {
		*c = tolower((unsigned char)*s);
		return 1;
	}
	k = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);
	if (k < 1) { /* not UTF-8: the byte, apart from every character */
		*c = -(int32_t)(unsigned char)*s;
		return 1;
	}
	*c = utf8proc_tolower(cp);
	return (size_t)k;
}

int uil_find_span(const char *text, const char *needle, int utf8, int *len)
{
	int32_t x, y;

	if (!text || !needle || !*needle)
		return -1;
	for (const char *h = text; *h; h += fold(h, utf8, &x)) {
		const char *a = h, *b = needle;

		while (*a && *b) {
			size_t ka = fold(a, utf8, &x), kb = fold(b, utf8, &y);

			if (x != y)
				break;
			a += ka;
			b += kb;
		}
		if (!*b) {
			if (len)
				*len = (int)(a - h);
			return (int)(h - text);
		}
	}
	return -1;
}

int uil_find_in(const char *text, const char *needle)
{
	return uil_find_span(text, needle, 0, NULL);
}

/* Whether line i holds needle, or a match starts on it and runs on into the lines its text
 * was wrapped onto (UIL_WRAP): those are read as one text, a space where each was cut and
 * the hanging indent left out ("blood pressure" found when "blood" ends a line). */
static int line_holds(const struct uil_lines *l, int i, const char *needle, int utf8)
{
	char joined[2048];
	int n, first, at;

	if (uil_find_span(l->v[i].text, needle, utf8, NULL) >= 0)
		return 1;
	if (i + 1 >= l->n || !(l->v[i + 1].flags & UIL_WRAP))
		return 0;
	n = first = snprintf(joined, sizeof joined, "%s", l->v[i].text);
	/* a cut (a text longer than the buffer) only loses matches starting past line i */
	for (int j = i + 1; j < l->n && (l->v[j].flags & UIL_WRAP) && n < (int)sizeof joined - 1; j++)
		n += snprintf(joined + n, sizeof joined - (size_t)n, " %s", l->v[j].text + strspn(l->v[j].text, " "));
	at = uil_find_span(joined, needle, utf8, NULL);
	return at >= 0 && at < first;
}

int uil_lines_search(const struct uil_lines *l, const char *needle, int from, int dir, int utf8)
{
	if (l->n <= 0 || !needle || !*needle)
		return -1;
	dir = dir < 0 ? -1 : 1;
	for (int k = 1; k <= l->n; k++) {
		int i = ((from + dir * k) % l->n + l->n) % l->n;

		if (line_holds(l, i, needle, utf8))
			return i;
	}
	return -1;
}

int uil_lines_find(const struct uil_lines *l, const char *needle, int from, int dir)
{
	return uil_lines_search(l, needle, from, dir, 0);
}

int uil_lines_stop(const struct uil_lines *l)
{
	return l->sel >= 0 && l->sel < l->n ? l->v[l->sel].stop : 0;
}
