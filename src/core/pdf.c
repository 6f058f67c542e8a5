/* pdf.c — a session's report (or REMS form) printed to PDF through cairo and pango: the
 * text as kc_report_text / kc_rems_text writes it, laid out in pages under a header (clinic,
 * patient, chart number, page x of y) with the SIGNED / NOT SIGNED and AMENDED marks, and
 * the vitals trend (systolic, diastolic, heart rate) drawn as vector graphics. */
#include "kc_paper.h"

#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>

#include "kc_record.h"
#include "kc_report.h"
#include "kc_time.h"
#include "pdf_impl.h"

#define LINE_H 10.5
#define TOP (MARGIN + 34)
#define LINES_PER_PAGE ((int)((PAGE_H - TOP - MARGIN) / LINE_H))

void pdf_text_at(cairo_t *cr, PangoFontDescription *font, double x, double y, const char *s)
{
	PangoLayout *l = pango_cairo_create_layout(cr);

	pango_layout_set_font_description(l, font);
	pango_layout_set_text(l, s, -1);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
	g_object_unref(l);
}

static void text_centred(cairo_t *cr, PangoFontDescription *font, double x, double y, const char *s)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	int w, h;

	pango_layout_set_font_description(l, font);
	pango_layout_set_text(l, s, -1);
	pango_layout_get_size(l, &w, &h);
	cairo_move_to(cr, x - (double)w / PANGO_SCALE / 2, y);
	pango_cairo_show_layout(cr, l);
	g_object_unref(l);
}

void pdf_header(cairo_t *cr, PangoFontDescription *bold, const struct kc_record *r, const char *clinic,
		const char *what, int page, int pages)
{
	char line[512];

	snprintf(line, sizeof line, "%s - %s", clinic[0] ? clinic : "ketchart", what);
	pdf_text_at(cr, bold, MARGIN, MARGIN - 10, line);
	snprintf(line, sizeof line, "%s   chart no %s   session %lld   %s%s   page %d of %d", r->p.name, r->p.chart_no,
		 r->s.id, r->s.signed_by[0] ? "SIGNED" : "NOT SIGNED", r->nam ? "   AMENDED" : "", page, pages);
	pdf_text_at(cr, bold, MARGIN, MARGIN + 4, line);
	cairo_move_to(cr, MARGIN, MARGIN + 22);
	cairo_line_to(cr, PAGE_W - MARGIN, MARGIN + 22);
	cairo_set_line_width(cr, 0.6);
	cairo_stroke(cr);
}

/* The step between two time labels: the smallest of these (minutes) that leaves at most 8. */
static long tick_step(time_t t0, time_t t1)
{
	static const long steps[] = { 5, 10, 15, 20, 30, 60, 120, 180, 360, 720, 1440 };
	size_t i = 0;

	while (i + 1 < sizeof steps / sizeof steps[0] && (t1 - t0) / (steps[i] * 60) > 8)
		i++;
	return steps[i] * 60;
}

/* Local HH:MM under the x axis, on whole steps of local time, each with a faint grid line;
 * the first and last reading's times at the two ends when no step falls near them. */
static void time_axis(cairo_t *cr, PangoFontDescription *font, time_t t0, time_t t1, double x0, double y0,
		      double w, double h)
{
	long step = tick_step(t0, t1);
	struct tm tm;
	time_t t;
	char lab[16];

	localtime_r(&t0, &tm);
	t = t0 - ((t0 + tm.tm_gmtoff) % step + step) % step;
	if (t < t0)
		t += step;
	cairo_save(cr);
	cairo_set_line_width(cr, 0.3);
	cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
	for (time_t u = t; u <= t1; u += step) {
		double x = x0 + (double)(u - t0) * w / (double)(t1 - t0);

		cairo_move_to(cr, x, y0);
		cairo_line_to(cr, x, y0 + h + 3);
		cairo_stroke(cr);
	}
	cairo_restore(cr);
	for (time_t u = t; u <= t1; u += step) {
		kc_time_local_hm(u, lab, sizeof lab);
		text_centred(cr, font, x0 + (double)(u - t0) * w / (double)(t1 - t0), y0 + h + 4, lab);
	}
	text_centred(cr, font, x0 + w / 2, y0 + h + 16, "local time (HH:MM)");
}

/* A dot at each reading of measure k (0 systolic, 1 diastolic, 2 heart rate), so a value
 * read once is seen as one reading and not a line's corner. */
static void marks(cairo_t *cr, const struct kc_record *r, int k, int lo, int hi, time_t t0, time_t t1,
		  double x0, double y0, double w, double h)
{
	for (size_t i = 0; i < r->nv; i++) {
		const struct kc_vitals_row *v = &r->vr[i];
		int val = k == 0 ? v->v.systolic : k == 1 ? v->v.diastolic : v->v.heart_rate;

		if (v->eie.code != KC_EIE_NONE || v->status != KC_VITALS_TAKEN || val == KC_NONE)
			continue;
		cairo_new_sub_path(cr);
		cairo_arc(cr, x0 + (double)(v->taken_at - t0) * w / (double)(t1 - t0),
			  y0 + h - (val < lo ? 0 : val > hi ? hi - lo : val - lo) * h / (hi - lo), 1.4, 0, 6.2832);
	}
	cairo_fill(cr);
}

/* Systolic, diastolic and heart rate against time, valid readings only. */
static void trend(cairo_t *cr, PangoFontDescription *font, const struct kc_record *r)
{
	double x0 = MARGIN + 30, y0 = TOP + 20, w = PAGE_W - 2 * MARGIN - 40, h = 260;
	time_t t0 = 0, t1 = 0;
	const int lo = 40, hi = 200;
	char lab[32];

	pdf_text_at(cr, font, MARGIN, TOP - 4, "VITALS TREND (mmHg, beats/min): systolic solid,"
		" diastolic dashed, heart rate dotted");
	for (size_t i = 0; i < r->nv; i++)
		if (r->vr[i].eie.code == KC_EIE_NONE && r->vr[i].status == KC_VITALS_TAKEN) {
			if (!t0 || r->vr[i].taken_at < t0)
				t0 = r->vr[i].taken_at;
			if (r->vr[i].taken_at > t1)
				t1 = r->vr[i].taken_at;
		}
	cairo_set_line_width(cr, 0.5);
	cairo_rectangle(cr, x0, y0, w, h);
	cairo_stroke(cr);
	for (int v = lo; v <= hi; v += 40) {
		snprintf(lab, sizeof lab, "%d", v);
		pdf_text_at(cr, font, MARGIN, y0 + h - (v - lo) * h / (hi - lo) - 5, lab);
	}
	if (t1 <= t0)
		return;
	time_axis(cr, font, t0, t1, x0, y0, w, h);
	for (int k = 0; k < 3; k++) {
		static const double dash[2][2] = { { 4, 2 }, { 1, 2 } };
		int started = 0;

		cairo_set_line_width(cr, 1.2);
		if (k)
			cairo_set_dash(cr, dash[k - 1], 2, 0);
		for (size_t i = 0; i < r->nv; i++) {
			const struct kc_vitals_row *v = &r->vr[i];
			int val = k == 0 ? v->v.systolic : k == 1 ? v->v.diastolic : v->v.heart_rate;
			double x, y;

			if (v->eie.code != KC_EIE_NONE || v->status != KC_VITALS_TAKEN || val == KC_NONE)
				continue;
			x = x0 + (double)(v->taken_at - t0) * w / (double)(t1 - t0);
			y = y0 + h - (val < lo ? 0 : val > hi ? hi - lo : val - lo) * h / (hi - lo);
			if (started++)
				cairo_line_to(cr, x, y);
			else
				cairo_move_to(cr, x, y);
		}
		cairo_stroke(cr);
		marks(cr, r, k, lo, hi, t0, t1, x0, y0, w, h);
		cairo_set_dash(cr, NULL, 0, 0);
	}
}

/* A line longer than the page holds (WRAP_AT characters) goes on below, broken at a blank:
 * the blank becomes the line break, so every word stays whole and in order. */
#define WRAP_AT 84
static void wrap_long(char *text)
{
	char *line = text;

	while (*line) {
		char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char *cut = NULL;

		if (len <= WRAP_AT) {
			line = end ? end + 1 : line + len;
			continue;
		}
		for (char *p = line + WRAP_AT; p > line; p--)
			if (*p == ' ') {
				cut = p;
				break;
			}
		if (!cut) {
			line = end ? end + 1 : line + len;
			continue;
		}
		*cut = '\n';
		line = cut + 1;
	}
}

/* The PDF surface at file is finished: KC_ERR_IO when cairo could not write it. */
static int finish(cairo_surface_t *sf, cairo_t *cr, const char *file, int rc, struct kc_err *err)
{
	cairo_destroy(cr);
	cairo_surface_finish(sf);
	if (rc == KC_OK && cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS)
		rc = kc_fail(err, KC_ERR_IO, "could not write %s (%s)", file, cairo_status_to_string(cairo_surface_status(sf)));
	cairo_surface_destroy(sf);
	return rc;
}

/* text: what the text report says, line by line; one page per LINES_PER_PAGE, then the
 * trend on a page of its own when the session has readings. */
static void render(cairo_t *cr, const struct kc_record *r, const char *clinic, char *text, int with_trend)
{
	const char *what = "treatment session chart";
	PangoFontDescription *font = pango_font_description_from_string("Monospace 7.5");
	PangoFontDescription *bold = pango_font_description_from_string("Sans Bold 8");
	int nlines = 1, pages, page = 1, row = 0;
	char *line, *next;

	wrap_long(text);
	for (const char *p = text; *p; p++)
		nlines += *p == '\n';
	pages = (nlines + LINES_PER_PAGE - 1) / LINES_PER_PAGE + (with_trend ? 1 : 0);
	pdf_header(cr, bold, r, clinic, what, page, pages);
	for (line = text; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (row == LINES_PER_PAGE) {
			cairo_show_page(cr);
			pdf_header(cr, bold, r, clinic, what, ++page, pages);
			row = 0;
		}
		pdf_text_at(cr, font, MARGIN, TOP + row++ * LINE_H, line);
	}
	if (with_trend) {
		cairo_show_page(cr);
		pdf_header(cr, bold, r, clinic, what, ++page, pages);
		trend(cr, font, r);
	}
	cairo_show_page(cr);
	pango_font_description_free(font);
	pango_font_description_free(bold);
}

int kc_pdf_session(struct kc_store *st, const struct kc_config *cfg, kc_id session, int rems, time_t now,
		   const char *file, struct kc_err *err)
{
	struct kc_record r;
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	int rc = mem ? kc_record_load(st, session, &r, err) : kc_fail(err, KC_ERR_NOMEM, "out of memory");

	if (rc == KC_OK) {
		rc = rems ? kc_rems_text(st, cfg, session, now, mem, NULL, err) : kc_report_text(st, cfg, session, mem, err);
		fclose(mem);
		mem = NULL;
		if (rc == KC_OK)
			rc = kc_pdf_libs(err); /* loaded now, not with the program (pdf_dl.c) */
		if (rc == KC_OK) {
			cairo_surface_t *sf = cairo_pdf_surface_create(file, PAGE_W, PAGE_H);
			cairo_t *cr = cairo_create(sf);
			int pages = 0;

			if (rems)
				rc = pdf_rems_render(cr, st, cfg, &r, text, &pages, err);
			else
				render(cr, &r, cfg->general.clinic_name, text, r.nv > 0);
			rc = finish(sf, cr, file, rc, err);
		}
		kc_record_free(&r);
	}
	if (mem)
		fclose(mem);
	free(text);
	return rc;
}
