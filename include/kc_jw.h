/* kc_jw.h — a streaming JSON writer (src/core/jw.c) for the FHIR export: each value goes
 * straight into one growing buffer, no tree is built. The writer keeps the commas, and an
 * object or array that closes with nothing in it is taken back out with its key (FHIR has
 * no empty objects, arrays or strings: an empty or NULL string is not written either).
 * The text is what jansson writes with JSON_COMPACT | JSON_REAL_PRECISION(10) for the same
 * values (tests/test_fhir_stream.c checks it against jansson): strings escaped as jansson
 * escapes them, invalid UTF-8 replaced by U+FFFD (kc_fhir_utf8).
 *
 * key is the member's name inside an object (a literal: written as it is) and NULL for an
 * array element or the top-level value. Errors (out of memory, nesting past KC_JW_DEPTH,
 * a close without an open) set nomem and stop nothing: the owner checks it at the end. */
#ifndef KC_JW_H
#define KC_JW_H

#include <stddef.h>

#define KC_JW_DEPTH 24

struct kc_jw {
	char *buf;
	size_t len, cap;
	size_t last;            /* where the last value written began (== len: it was left out) */
	int depth, nomem;
	struct kc_jw_frame {
		size_t mark;    /* len before its comma and key: where a rollback goes back to */
		size_t value;   /* where its '{' or '[' is */
		unsigned n;     /* members written so far */
	} fr[KC_JW_DEPTH];
};

void kc_jw_init(struct kc_jw *w);
void kc_jw_free(struct kc_jw *w);

void kc_jw_object(struct kc_jw *w, const char *key);
void kc_jw_array(struct kc_jw *w, const char *key);
/* Closes the innermost object or array; 0 when it was empty and so taken back out. */
int kc_jw_close(struct kc_jw *w);

void kc_jw_string(struct kc_jw *w, const char *key, const char *s);
/* A string the caller knows is valid UTF-8 with nothing to escape (an id, a time, a
 * literal): copied as it is, n bytes; nothing when n is 0. */
void kc_jw_safe(struct kc_jw *w, const char *key, const char *s, size_t n);
void kc_jw_int(struct kc_jw *w, const char *key, long long v);
/* A real as jansson writes it with JSON_REAL_PRECISION(10) ("%.10g", always with a '.' or
 * an exponent); nothing for NaN or an infinity (jansson has no such real). */
void kc_jw_real(struct kc_jw *w, const char *key, double v);
/* A FHIR decimal to 0.01: an integer when it is one, else a real. */
void kc_jw_number(struct kc_jw *w, const char *key, double v);
/* kc_jw_number's text of v into out, for a caller that copies it into a run of members
 * itself: its length (0: kc_jw_number writes nothing either). */
#define KC_JW_NUMBER_TEXT 48
size_t kc_jw_number_text(double v, char out[KC_JW_NUMBER_TEXT]);
void kc_jw_bool(struct kc_jw *w, const char *key, int v);
/* A value already written as JSON text (n bytes); nothing when n is 0. */
void kc_jw_raw(struct kc_jw *w, const char *key, const char *json, size_t n);
/* count members of the innermost object already written as JSON text ("k":v,"k2":v2, n
 * bytes), a comma before them when it has some already; nothing when n is 0. For the
 * export's constant runs of members, copied whole instead of one by one. */
void kc_jw_members(struct kc_jw *w, const char *json, size_t n, unsigned count);
/* Bytes outside the structure (the Bundle's own text around its entries). */
void kc_jw_text(struct kc_jw *w, const char *s, size_t n);

#endif
