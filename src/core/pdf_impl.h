/* pdf_impl.h — what pdf.c (the report) and pdf_rems.c (the REMS form) share: the page, a
 * line of text, the page header. */
#ifndef KC_PDF_IMPL_H
#define KC_PDF_IMPL_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "kc_error.h"
#include "kc_record.h"

#define PAGE_W 595.0 /* A4, points */
#define PAGE_H 842.0
#define MARGIN 40.0

/* s at (x, y), its top-left corner. */
void pdf_text_at(cairo_t *cr, PangoFontDescription *font, double x, double y, const char *s);
/* The page header: clinic and what the page is, the patient, chart number, session,
 * SIGNED / NOT SIGNED, AMENDED, page x of y, and a rule under it (ends at MARGIN + 22). */
void pdf_header(cairo_t *cr, PangoFontDescription *bold, const struct kc_record *r, const char *clinic,
		const char *what, int page, int pages);

/* The REMS form of r's session laid out as the form is (pdf_rems.c); text is what
 * kc_rems_text printed (its title lines and its closing lines are taken from it). */
int pdf_rems_render(cairo_t *cr, struct kc_store *st, const struct kc_config *cfg, const struct kc_record *r,
		    const char *text, int *pages, struct kc_err *err);

#endif
