/* pdf_dl.c — the cairo and pango functions pdf.c calls, loaded only when a PDF is made.
 *
 * Linking pango and cairo into the program made every command pay for them: 40 shared
 * libraries (glib, fontconfig, harfbuzz, X11...) loaded, relocated and initialised at each
 * exec, about 25 ms of CPU and 5 MB of memory before main, more than the start screen's
 * whole query (issue 10: the start screen and every command's peak memory against the
 * sqlite3 shell's). So the program is not linked with them (Makefile: PKG_LIBS leaves
 * pangocairo and cairo-pdf out; their headers are still used): each function below has
 * the library's own name and prototype, and calls the library's function, found with
 * dlopen/dlsym the first time pdf.c asks (kc_pdf_libs). A function pdf.c starts calling
 * goes into PDF_FUNCS, or the link says which one is missing. */
#include "kc_paper.h"

#include <dlfcn.h>
#include <stddef.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

/* The library opened: pangocairo, whose dependencies (pango, cairo, gobject) dlsym
 * searches too. */
#define PDF_LIB "libpangocairo-1.0.so.0"

/* X(return type, name, parameters, arguments): the functions returning a value, then
 * V(name, parameters, arguments): those returning nothing. */
#define PDF_FUNCS(X) \
	X(cairo_surface_t *, cairo_pdf_surface_create, (const char *f, double w, double h), (f, w, h)) \
	X(cairo_t *, cairo_create, (cairo_surface_t *s), (s)) \
	X(cairo_status_t, cairo_surface_status, (cairo_surface_t *s), (s)) \
	X(const char *, cairo_status_to_string, (cairo_status_t st), (st)) \
	X(PangoFontDescription *, pango_font_description_from_string, (const char *s), (s)) \
	X(PangoLayout *, pango_cairo_create_layout, (cairo_t *cr), (cr))
#define PDF_VOIDS(V) \
	V(cairo_destroy, (cairo_t *cr), (cr)) \
	V(cairo_stroke, (cairo_t *cr), (cr)) \
	V(cairo_show_page, (cairo_t *cr), (cr)) \
	V(cairo_set_line_width, (cairo_t *cr, double w), (cr, w)) \
	V(cairo_move_to, (cairo_t *cr, double x, double y), (cr, x, y)) \
	V(cairo_line_to, (cairo_t *cr, double x, double y), (cr, x, y)) \
	V(cairo_set_dash, (cairo_t *cr, const double *d, int n, double off), (cr, d, n, off)) \
	V(cairo_rectangle, (cairo_t *cr, double x, double y, double w, double h), (cr, x, y, w, h)) \
	V(cairo_surface_finish, (cairo_surface_t *s), (s)) \
	V(cairo_surface_destroy, (cairo_surface_t *s), (s)) \
	V(pango_font_description_free, (PangoFontDescription *d), (d)) \
	V(pango_layout_set_font_description, (PangoLayout *l, const PangoFontDescription *d), (l, d)) \
	V(pango_layout_set_text, (PangoLayout *l, const char *t, int n), (l, t, n)) \
	V(pango_cairo_show_layout, (cairo_t *cr, PangoLayout *l), (cr, l)) \
	V(cairo_save, (cairo_t *cr), (cr)) \
	V(cairo_restore, (cairo_t *cr), (cr)) \
	V(cairo_fill, (cairo_t *cr), (cr)) \
	V(cairo_new_sub_path, (cairo_t *cr), (cr)) \
	V(cairo_arc, (cairo_t *cr, double x, double y, double r, double a1, double a2), (cr, x, y, r, a1, a2)) \
	V(cairo_set_source_rgb, (cairo_t *cr, double r, double g, double b), (cr, r, g, b)) \
	V(pango_layout_get_size, (PangoLayout *l, int *w, int *h), (l, w, h)) \
	V(pango_layout_get_pixel_size, (PangoLayout *l, int *w, int *h), (l, w, h)) \
	V(pango_layout_set_width, (PangoLayout *l, int w), (l, w)) \
	V(pango_layout_set_wrap, (PangoLayout *l, PangoWrapMode m), (l, m)) \
	V(g_object_unref, (gpointer o), (o))

#define PTR(ret, name, params, args) static ret(*p_##name) params;
#define PTR_V(name, params, args) static void(*p_##name) params;
PDF_FUNCS(PTR)
PDF_VOIDS(PTR_V)

/* Each is the library's own: pdf.c calls none before kc_pdf_libs has found them all. */
#define WRAP(ret, name, params, args) ret name params { return p_##name args; }
#define WRAP_V(name, params, args) void name params { p_##name args; }
PDF_FUNCS(WRAP)
PDF_VOIDS(WRAP_V)

#define FIND(ret, name, params, args) ok = ok && (*(void **)&p_##name = dlsym(lib, #name)) != NULL;
#define FIND_V(name, params, args) FIND(void, name, params, args)

int kc_pdf_libs(struct kc_err *err)
{
	static void *lib;
	int ok = 1;

	if (lib)
		return KC_OK;
	lib = dlopen(PDF_LIB, RTLD_NOW | RTLD_LOCAL);
	if (!lib)
		return kc_fail(err, KC_ERR_IO, "a PDF needs pango and cairo (%s), which cannot be loaded: %s",
			       PDF_LIB, dlerror());
	PDF_FUNCS(FIND)
	PDF_VOIDS(FIND_V)
	if (!ok) {
		const char *why = dlerror();

		dlclose(lib);
		lib = NULL;
		return kc_fail(err, KC_ERR_IO, "the PDF libraries (%s) lack a function: %s", PDF_LIB,
			       why ? why : "?");
	}
	return KC_OK;
}
