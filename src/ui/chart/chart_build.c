/* chart_build.c — adding lines to the chart page: text cleaned of control characters and
 * word-wrapped with a hanging indent, section rules, the entries a cursor can stop on, the
 * small formats every section uses, and the marks of corrections (their order is
 * kc_record.h's). */
#include "scr_chart.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"
#include "../ui_draw.h"

/* ---------- building lines ---------- */

void chart_page_free(struct page *pg)
{
	free(pg->lines);
	free(pg->ents);
	memset(pg, 0, sizeof *pg);
}

/* Copy s, control characters as blanks, never cutting a UTF-8 sequence. */
static void clean_copy(char *out, const char *s, size_t n)
{
	size_t i = 0;

	for (; s && s[i] && i + 1 < n; i++)
		out[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? ' ' : s[i];
	if (s && s[i]) /* cut short: drop a partly copied character */
		while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
			i--;
	out[i] = '\0';
}

static struct line *line_new(struct bld *b)
{
	struct page *pg = b->pg;
	struct line *ln;

	if (pg->n == pg->cap) {
		int cap = pg->cap ? pg->cap * 2 : 128;
		struct line *l = realloc(pg->lines, (size_t)cap * sizeof *l);

		if (!l) {
			b->failed = 1;
			return NULL;
		}
		pg->lines = l;
		pg->cap = cap;
	}
	ln = &pg->lines[pg->n++];
	memset(ln, 0, sizeof *ln);
	ln->tone = b->tone;
	ln->dim = b->dim;
	ln->bold = b->bold;
	ln->ent = b->ent;
	return ln;
}

void chart_put(struct bld *b, const char *s)
{
	struct line *ln = line_new(b);

	if (ln)
		clean_copy(ln->text, s, sizeof ln->text);
}

void chart_putf(struct bld *b, const char *fmt, ...)
{
	char buf[LINE_BYTES];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	chart_put(b, buf);
}

void chart_section(struct bld *b, const char *title)
{
	struct line *ln;

	b->tone = UI_NORMAL;
	b->dim = b->bold = b->ent = 0;
	if (b->pg->n > 0)
		chart_put(b, "");
	ln = line_new(b);
	if (ln) {
		ln->rule = 1;
		clean_copy(ln->text, title, sizeof ln->text);
	}
}

/* Bytes of the longest start of s that fits in cols columns (at least one character). */
static size_t fit(const struct ui *ui, const char *s, int cols)
{
	char tmp[LINE_BYTES];
	size_t k = 0, best = 0;

	while (s[k] && k + 8 < sizeof tmp) {
		size_t next = k + 1;

		while (s[next] && ((unsigned char)s[next] & 0xc0) == 0x80)
			next++;
		memcpy(tmp, s, next);
		tmp[next] = '\0';
		if (ui_width(ui, tmp) > cols)
			break;
		best = k = next;
	}
	if (!best && s[0])
		for (best = 1; s[best] && ((unsigned char)s[best] & 0xc0) == 0x80; best++)
			;
	return best;
}

struct wline {
	char buf[LINE_BYTES];
	size_t len;
	int col;
	int words; /* words on the line so far */
};

static void wl_start(struct wline *l, int indent)
{
	l->len = (size_t)(indent < (int)sizeof l->buf - 1 ? indent : 0);
	memset(l->buf, ' ', l->len);
	l->buf[l->len] = '\0';
	l->col = (int)l->len;
	l->words = 0;
}

static void wl_add(const struct ui *ui, struct wline *l, const char *s, size_t n)
{
	size_t room = sizeof l->buf - l->len;

	if (room < 3)
		return;
	n = n > room - 3 ? room - 3 : n;
	if (l->words)
		l->buf[l->len++] = ' ';
	memcpy(l->buf + l->len, s, n);
	l->len += n;
	l->buf[l->len] = '\0';
	l->col = ui_width(ui, l->buf);
	l->words++;
}

/* lead (ASCII) padded to indent, then text word-wrapped to the width with a hanging
 * indent; a word longer than a line is cut. */
void chart_wrap(struct bld *b, int indent, const char *lead, const char *text)
{
	struct wline l;
	char clean[LINE_BYTES * 2];
	const char *p = clean;

	clean_copy(clean, text ? text : "", sizeof clean);
	snprintf(l.buf, sizeof l.buf, "%-*s%s", indent, lead, (int)strlen(lead) >= indent && lead[0] ? " " : "");
	l.len = strlen(l.buf);
	l.col = ui_width(b->ui, l.buf);
	l.words = 0;
	for (;;) {
		size_t n;
		int ww;
		char word[LINE_BYTES];

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		n = strcspn(p, " ");
		n = n < sizeof word ? n : sizeof word - 1;
		memcpy(word, p, n);
		word[n] = '\0';
		ww = ui_width(b->ui, word);
		if (l.words && l.col + 1 + ww > b->w) {
			chart_put(b, l.buf);
			wl_start(&l, indent);
		}
		if (!l.words && l.col + ww > b->w)
			n = fit(b->ui, word, b->w - l.col > 1 ? b->w - l.col : 1);
		wl_add(b->ui, &l, p, n);
		p += n;
		if (*p && *p != ' ') { /* the rest of a cut word goes on the next line */
			chart_put(b, l.buf);
			wl_start(&l, indent);
		}
	}
	chart_put(b, l.buf);
}

void chart_wrapf(struct bld *b, int indent, const char *lead, const char *fmt, ...)
{
	char buf[LINE_BYTES * 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	chart_wrap(b, indent, lead, buf);
}

void chart_entry_begin(struct bld *b, enum etype type, size_t row)
{
	struct page *pg = b->pg;

	if (pg->ne == pg->ecap) {
		int cap = pg->ecap ? pg->ecap * 2 : 32;
		struct entry *e = realloc(pg->ents, (size_t)cap * sizeof *e);

		if (!e) {
			b->failed = 1;
			return;
		}
		pg->ents = e;
		pg->ecap = cap;
	}
	pg->ents[pg->ne] = (struct entry){ .type = type, .row = row, .line = pg->n };
	b->ent = ++pg->ne;
}

void chart_entry_end(struct bld *b)
{
	b->ent = 0;
	b->dim = 0;
	b->tone = UI_NORMAL;
}

/* ---------- small formatting ---------- */

const char *chart_hm(time_t t, char *buf, size_t n)
{
	kc_time_local_hm(t, buf, n);
	if (!buf[0])
		kc_strlcpy(buf, "-", n);
	return buf;
}

const char *chart_when(time_t t, char *buf, size_t n)
{
	kc_time_local(t, buf, n);
	if (!buf[0])
		kc_strlcpy(buf, "-", n);
	return buf;
}

const char *chart_level_word(enum kc_level l)
{
	return l == KC_LEVEL_CRITICAL ? "CRIT" : l == KC_LEVEL_WARN ? "WARN" : "";
}

enum ui_tone chart_level_tone(enum kc_level l)
{
	return l == KC_LEVEL_CRITICAL ? UI_CRIT : l == KC_LEVEL_WARN ? UI_WARN : UI_NORMAL;
}

const char *chart_num(int v, char *buf, size_t n)
{
	if (v == KC_NONE)
		kc_strlcpy(buf, "-", n);
	else
		snprintf(buf, n, "%d", v);
	return buf;
}

void chart_vitals_text(const struct kc_vitals *v, struct vtext *t)
{
	memset(t, 0, sizeof *t);
	if (v->systolic != KC_NONE && v->diastolic != KC_NONE)
		snprintf(t->bp, sizeof t->bp, "%d/%d", v->systolic, v->diastolic);
	if (v->heart_rate != KC_NONE)
		snprintf(t->hr, sizeof t->hr, "%d", v->heart_rate);
	if (v->spo2 != KC_NONE)
		snprintf(t->spo2, sizeof t->spo2, "%d", v->spo2);
	if (v->resp_rate != KC_NONE)
		snprintf(t->rr, sizeof t->rr, "%d", v->resp_rate);
	if (v->temp_dc != KC_NONE)
		snprintf(t->temp, sizeof t->temp, "%d.%d", v->temp_dc / 10, v->temp_dc % 10);
	if (v->moaas != KC_NONE)
		snprintf(t->moaas, sizeof t->moaas, "%d", v->moaas);
}

/* ---------- corrections ---------- */

/* The mark under an entry entered in error, and the note under its replacement. */
void chart_eie_lines(struct bld *b, const struct kc_eie *e, const char *what)
{
	char t[16];

	if (e->code != KC_EIE_NONE)
		chart_wrapf(b, DETAIL_W, "", "[ERR] %s entered in error (%s): %s - %s, %s%s", what, kc_eie_name(e->code),
		      e->reason, e->by, chart_hm(e->at, t, sizeof t),
		      e->replaced_by ? "; the correction follows" : "; not replaced");
	if (e->code == KC_EIE_NONE && e->corrects) {
		b->dim = 0;
		chart_wrapf(b, DETAIL_W, "", "correction of the %s above", what);
	}
}
