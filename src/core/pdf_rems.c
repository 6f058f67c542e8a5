/* pdf_rems.c — the REMS Patient Monitoring Form as a one-page form (clinical-reference.md
 * §8): its sections in the form's order, each field a labelled box, yes/no answers as drawn
 * checkboxes (a cross in the one that applies), the dose as 56 mg / 84 mg / other, a field
 * the form still needs marked MISSING with where it is entered (a word, not colour alone),
 * and the form's completeness and submission at the foot. Every value is text in the PDF. */
#include <stdlib.h>
#include <string.h>

#include "kc_chart.h"
#include "kc_paper.h"
#include "kc_rems.h"
#include "pdf_impl.h"

enum cell_kind { TXT, YN, DOSE };
struct cell {
	enum kc_rems_key key;
	int span; /* of the 6 columns */
	enum cell_kind kind;
};
struct section {
	const char *title;
	struct cell cells[8];
	int n;
};

/* Every field of the form once, in the form's order (KC_REMS_NFIELDS in all). */
static const struct section sections[] = {
	{ "1  Patient", { { KC_REMS_PAT_FIRST, 2, TXT }, { KC_REMS_PAT_LAST, 2, TXT }, { KC_REMS_PAT_DOB, 1, TXT },
			  { KC_REMS_PAT_SEX, 1, TXT }, { KC_REMS_FIRST_TX, 2, YN }, { KC_REMS_ENROLLED, 2, YN },
			  { KC_REMS_PAT_ID, 2, TXT } }, 7 },
	{ "2  Concomitant medication that may cause sedation or a change in BP",
	  { { KC_REMS_MED_BENZO, 3, YN }, { KC_REMS_MED_HYPNOTIC, 3, YN }, { KC_REMS_MED_STIMULANT, 2, YN },
	    { KC_REMS_MED_MAOI, 2, YN }, { KC_REMS_MED_OPIOID, 2, YN } }, 5 },
	{ "3  Monitoring healthcare provider", { { KC_REMS_HCP_FIRST, 2, TXT }, { KC_REMS_HCP_LAST, 2, TXT },
						 { KC_REMS_HCP_PHONE, 2, TXT }, { KC_REMS_HCP_EMAIL, 6, TXT } }, 4 },
	{ "4  Healthcare setting", { { KC_REMS_SET_NAME, 4, TXT }, { KC_REMS_SET_ID, 2, TXT },
				     { KC_REMS_SET_ADDRESS, 4, TXT }, { KC_REMS_SET_PHONE, 2, TXT },
				     { KC_REMS_SET_CITY, 3, TXT }, { KC_REMS_SET_STATE, 1, TXT },
				     { KC_REMS_SET_ZIP, 2, TXT } }, 7 },
	{ "5  Treatment", { { KC_REMS_TX_DATE, 2, TXT }, { KC_REMS_DOSE, 2, DOSE }, { KC_REMS_LOT, 2, TXT },
			    { KC_REMS_TOTAL_MIN, 3, TXT }, { KC_REMS_READY_MIN, 3, TXT } }, 5 },
	{ "6  Vital signs", { { KC_REMS_OK_PRE, 3, YN }, { KC_REMS_OK_END, 3, YN }, { KC_REMS_BP_PRE, 2, TXT },
			      { KC_REMS_BP_40, 2, TXT }, { KC_REMS_BP_END, 2, TXT } }, 5 },
	{ "7  Adverse events", { { KC_REMS_SEDATION, 2, YN }, { KC_REMS_DISSOCIATION, 2, YN },
				 { KC_REMS_RESP_DEP, 2, YN }, { KC_REMS_SAE, 2, YN }, { KC_REMS_SAE_ED, 2, YN },
				 { KC_REMS_SAE_ADMITTED, 2, YN }, { KC_REMS_SAE_TEXT, 6, TXT } }, 7 },
};

#define COL_W ((PAGE_W - 2 * MARGIN) / 6)
#define PAD 3.0
#define BOX 7.0       /* a checkbox's side */
#define TITLE_H 13.0  /* a section's title bar */
#define GAP 5.0       /* between sections */
#define BOTTOM (PAGE_H - MARGIN)

struct fonts {
	PangoFontDescription *label, *value, *bold, *title, *head, *small;
};

struct page {
	cairo_t *cr;
	struct fonts *f;
	const struct kc_rems_form *form;
	int draw;     /* 0: measure only */
	int page, pages;
	const struct kc_record *r;
	const char *clinic;
	double y;
};

/* A layout of s in font, wrapped at width (0: not wrapped). */
static PangoLayout *layout(cairo_t *cr, PangoFontDescription *font, const char *s, double width)
{
	PangoLayout *l = pango_cairo_create_layout(cr);

	pango_layout_set_font_description(l, font);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_text(l, s, -1);
	return l;
}

/* Draws s (when draw) at x, y within width; returns its height. */
static double text_box(struct page *pg, PangoFontDescription *font, double x, double y, double width,
		       const char *s)
{
	PangoLayout *l = layout(pg->cr, font, s, width);
	int w, h;

	pango_layout_get_pixel_size(l, &w, &h);
	if (pg->draw) {
		cairo_move_to(pg->cr, x, y);
		pango_cairo_show_layout(pg->cr, l);
	}
	g_object_unref(l);
	return h;
}

static double text_width(cairo_t *cr, PangoFontDescription *font, const char *s)
{
	PangoLayout *l = layout(cr, font, s, 0);
	int w, h;

	pango_layout_get_pixel_size(l, &w, &h);
	g_object_unref(l);
	return w;
}

/* A checkbox at x, y (its top) with word after it, crossed when on; returns the x after. */
static double checkbox(struct page *pg, double x, double y, int on, const char *word)
{
	cairo_t *cr = pg->cr;

	if (pg->draw) {
		cairo_set_line_width(cr, 0.6);
		cairo_rectangle(cr, x, y + 1.5, BOX, BOX);
		cairo_stroke(cr);
		if (on) {
			cairo_set_line_width(cr, 1.1);
			cairo_move_to(cr, x + 1.3, y + 2.8);
			cairo_line_to(cr, x + BOX - 1.3, y + 1.5 + BOX - 1.3);
			cairo_move_to(cr, x + BOX - 1.3, y + 2.8);
			cairo_line_to(cr, x + 1.3, y + 1.5 + BOX - 1.3);
			cairo_stroke(cr);
		}
	}
	text_box(pg, on ? pg->f->bold : pg->f->value, x + BOX + 2.5, y, 0, word);
	return x + BOX + 2.5 + text_width(cr, on ? pg->f->bold : pg->f->value, word) + 9;
}

/* "yes", "yes (lowest MOAA/S 4)" or "no ..." : 1 / 0 and the rest after the word; -1 when
 * the value is neither (its whole text is the rest). */
static int yes_no(const char *v, const char **rest)
{
	int n = strncmp(v, "yes", 3) == 0 ? 3 : strncmp(v, "no", 2) == 0 ? 2 : 0;

	if (n && (v[n] == '\0' || v[n] == ' ')) {
		*rest = v + n + (v[n] == ' ');
		return n == 3;
	}
	*rest = v;
	return -1;
}

/* The value part of a cell at x, y (under its label), width w; returns its height. */
static double cell_value(struct page *pg, const struct cell *c, double x, double y, double w)
{
	const struct kc_rems_field *fd = &pg->form->f[c->key];
	const char *v = fd->value[0] ? fd->value : "-", *rest = v;
	char missing[KC_REMS_VALUE + 64];
	double x1 = x;
	int on;

	if (fd->missing) {
		snprintf(missing, sizeof missing, "MISSING (enter at: %s)", fd->where);
		if (pg->draw)
			cairo_set_source_rgb(pg->cr, 0.6, 0, 0);
		w = text_box(pg, pg->f->bold, x, y, w, missing);
		if (pg->draw)
			cairo_set_source_rgb(pg->cr, 0, 0, 0);
		return w;
	}
	if (c->kind == YN) {
		on = yes_no(v, &rest);
		x1 = checkbox(pg, x1, y, on == 1, "yes");
		x1 = checkbox(pg, x1, y, on == 0, "no");
	} else if (c->kind == DOSE) {
		on = strcmp(v, "56 mg") == 0 ? 56 : strcmp(v, "84 mg") == 0 ? 84 : 0;
		x1 = checkbox(pg, x1, y, on == 56, "56 mg");
		x1 = checkbox(pg, x1, y, on == 84, "84 mg");
		x1 = checkbox(pg, x1, y, on == 0, "other:");
		rest = on ? "" : v;
	}
	if (!*rest)
		return 11;
	if (x1 > x && text_width(pg->cr, pg->f->value, rest) > x + w - x1) /* not beside the boxes: below */
		return 11 + text_box(pg, pg->f->value, x, y + 11, w, rest);
	return text_box(pg, pg->f->value, x1, y, x + w - x1, rest);
}

/* One cell: its box, its label ("Sex:"), its value; returns its height. */
static double cell(struct page *pg, const struct cell *c, double x, double y, double h)
{
	const struct kc_rems_field *fd = &pg->form->f[c->key];
	double w = c->span * COL_W;
	char label[80];
	double lh, vh;

	snprintf(label, sizeof label, "%s:", fd->label);
	lh = text_box(pg, pg->f->label, x + PAD, y + 1.5, w - 2 * PAD, label);
	vh = cell_value(pg, c, x + PAD, y + 2 + lh, w - 2 * PAD);
	if (pg->draw) {
		cairo_set_line_width(pg->cr, fd->missing ? 1.6 : 0.5);
		cairo_rectangle(pg->cr, x, y, w, h);
		cairo_stroke(pg->cr);
	}
	return lh + vh + 5;
}

/* The cells of one row (first .. end-1) at y: the row is as high as its highest cell. */
static double row(struct page *pg, const struct section *s, int first, int end, double y)
{
	int draw = pg->draw;
	double h = 0, x = MARGIN;

	pg->draw = 0;
	for (int i = first; i < end; i++) {
		double ch = cell(pg, &s->cells[i], 0, y, 0);

		h = ch > h ? ch : h;
	}
	pg->draw = draw;
	for (int i = first; draw && i < end; i++) {
		cell(pg, &s->cells[i], x, y, h);
		x += s->cells[i].span * COL_W;
	}
	return h;
}

static void page_break(struct page *pg);

/* A section: its title bar and its rows of cells (six columns to a row). */
static void section(struct page *pg, const struct section *s)
{
	int draw = pg->draw;
	double y = pg->y, h = TITLE_H;

	pg->draw = 0; /* measured first: a section is not split across pages */
	for (int i = 0, k; i < s->n; i = k) {
		int cols = 0;

		for (k = i; k < s->n && cols + s->cells[k].span <= 6; k++)
			cols += s->cells[k].span;
		h += row(pg, s, i, k, 0);
	}
	pg->draw = draw;
	if (y + h > BOTTOM)
		page_break(pg);
	y = pg->y;
	if (pg->draw) {
		cairo_set_source_rgb(pg->cr, 0.86, 0.86, 0.86);
		cairo_rectangle(pg->cr, MARGIN, y, PAGE_W - 2 * MARGIN, TITLE_H);
		cairo_fill(pg->cr);
		cairo_set_source_rgb(pg->cr, 0, 0, 0);
	}
	text_box(pg, pg->f->head, MARGIN + PAD, y + 1.5, 0, s->title);
	y += TITLE_H;
	for (int i = 0, k; i < s->n; i = k) {
		int cols = 0;

		for (k = i; k < s->n && cols + s->cells[k].span <= 6; k++)
			cols += s->cells[k].span;
		y += row(pg, s, i, k, y);
	}
	pg->y = y + GAP;
}

static void page_top(struct page *pg)
{
	if (pg->draw)
		pdf_header(pg->cr, pg->f->bold, pg->r, pg->clinic, "REMS Patient Monitoring Form", pg->page, pg->pages);
	pg->y = MARGIN + 28;
}

static void page_break(struct page *pg)
{
	if (pg->draw)
		cairo_show_page(pg->cr);
	pg->page++;
	page_top(pg);
}

/* The n-th line of text (0-based) into out; "" past the end. */
static void text_line(const char *text, int n, char *out, size_t size)
{
	const char *p = text, *e;

	for (; n > 0 && p; n--)
		p = (p = strchr(p, '\n')) ? p + 1 : NULL;
	e = p ? strchr(p, '\n') : NULL;
	snprintf(out, size, "%.*s", p ? (int)(e ? (size_t)(e - p) : strlen(p)) : 0, p ? p : "");
}

/* Runs of blanks (the text's label padding) become one. */
static void squeeze(char *s)
{
	char *o = s;

	for (const char *p = s; *p; p++)
		if (*p != ' ' || o == s || o[-1] != ' ')
			*o++ = *p;
	*o = '\0';
}

/* The first of kc_rems_text's closing lines: the form complete, or how many fields miss. */
static int foot_line(const char *text)
{
	char line[1024];

	for (int i = 2; text_line(text, i, line, sizeof line), line[0]; i++)
		if (strncmp(line, "Every field of the form", 23) == 0 || strstr(line, " missing: the session cannot"))
			return i;
	return 2 + KC_REMS_NFIELDS;
}

/* The form's title (kc_rems_text's first two lines), its sections, and its last lines
 * (complete or what is missing, the submission) in a box of their own. */
static void form(struct page *pg, const char *text, int training)
{
	char line[1024];
	double y0, w = PAGE_W - 2 * MARGIN;

	page_top(pg);
	text_line(text, 0, line, sizeof line);
	pg->y += text_box(pg, pg->f->title, MARGIN, pg->y, w, line) + 1;
	text_line(text, 1, line, sizeof line);
	pg->y += text_box(pg, pg->f->small, MARGIN, pg->y, w, line) + 5;
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
		section(pg, &sections[i]);
	y0 = pg->y;
	pg->y += 3;
	for (int i = foot_line(text), first = i; text_line(text, i, line, sizeof line), line[0]; i++)
		squeeze(line), pg->y += text_box(pg, i == first ? pg->f->bold : pg->f->value, MARGIN + PAD, pg->y, w - 2 * PAD,
				  line) + 2;
	if (pg->draw) {
		cairo_set_line_width(pg->cr, 0.9);
		cairo_rectangle(pg->cr, MARGIN, y0, w, pg->y + 1 - y0);
		cairo_stroke(pg->cr);
	}
	pg->y += 6;
	if (training)
		pg->y += text_box(pg, pg->f->bold, MARGIN, pg->y, w, "TRAINING DATABASE - not a clinical record");
	text_box(pg, pg->f->small, MARGIN, pg->y + 2, w,
		 "Filled by ketchart from the chart, field by field as the Spravato REMS form asks; "
		 "submit it through the REMS (online or fax) within 7 days of the session.");
}

int pdf_rems_render(cairo_t *cr, struct kc_store *st, const struct kc_config *cfg, const struct kc_record *r,
		    const char *text, int *pages, struct kc_err *err)
{
	struct kc_rems_form *f = malloc(sizeof *f);
	struct fonts fo = {
		.label = pango_font_description_from_string("Sans 6"),
		.value = pango_font_description_from_string("Sans 8"),
		.bold = pango_font_description_from_string("Sans Bold 8"),
		.title = pango_font_description_from_string("Sans Bold 9"),
		.head = pango_font_description_from_string("Sans Bold 7"),
		.small = pango_font_description_from_string("Sans Italic 6.5"),
	};
	struct page pg = { .cr = cr, .f = &fo, .form = f, .page = 1, .r = r, .clinic = cfg->general.clinic_name };
	int rc = f ? kc_chart_rems_form(st, cfg, r->s.id, f, err) : kc_fail(err, KC_ERR_NOMEM, "out of memory");

	if (rc == KC_OK) {
		form(&pg, text, kc_store_training(st)); /* measured: how many pages */
		pg.pages = pg.page;
		pg.page = 1;
		pg.draw = 1;
		form(&pg, text, kc_store_training(st));
		cairo_show_page(cr);
		*pages = pg.pages;
	}
	pango_font_description_free(fo.label);
	pango_font_description_free(fo.value);
	pango_font_description_free(fo.bold);
	pango_font_description_free(fo.title);
	pango_font_description_free(fo.head);
	pango_font_description_free(fo.small);
	free(f);
	return rc;
}
