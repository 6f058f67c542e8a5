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
#include "../ui_app.h"
#include "../ui_draw.h"

/* ---------- building lines ---------- */

void chart_page_free(struct page *pg)
{
	uil_lines_free(&pg->ls);
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

/* One line in the page's line model, in the style of the lines added now. */
static void line_add(struct bld *b, const char *s, unsigned flags)
{
	char text[LINE_BYTES];

	clean_copy(text, s, sizeof text);
	flags |= (b->dim ? UIL_DIM : 0) | (b->bold ? UIL_BOLD : 0);
	if (uil_lines_add(&b->pg->ls, text, b->tone, flags, b->ent) < 0)
		b->failed = 1;
}

void chart_put(struct bld *b, const char *s)
{
	line_add(b, s, 0);
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
	b->tone = UI_NORMAL;
	b->dim = b->bold = b->ent = 0;
	if (b->pg->ls.n > 0)
		chart_put(b, "");
	line_add(b, title, UIL_RULE);
}

/* lead (ASCII) padded to indent, then text word-wrapped to the width with a hanging
 * indent, through the kit's line model (uil_lines_wrap: a number never parted from its
 * unit, a word longer than a line broken, never lost). */
void chart_wrap(struct bld *b, int indent, const char *lead, const char *text)
{
	char clean[LINE_BYTES * 2];
	unsigned flags = (b->dim ? UIL_DIM : 0) | (b->bold ? UIL_BOLD : 0);

	clean_copy(clean, text ? text : "", sizeof clean);
	if (uil_lines_wrap(&b->pg->ls, b->w, b->ui->utf8, indent, lead, clean, b->tone, flags, b->ent) <= 0 ||
	    b->pg->ls.failed)
		b->failed = 1;
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
	pg->ents[pg->ne] = (struct entry){ .type = type, .row = row, .line = pg->ls.n };
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
