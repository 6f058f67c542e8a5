/* kc_text.h — text in, text out: the one rule every stored text passes, and the one
 * escaping every command-line output of stored text goes through.
 *
 * In (kc_text_clean, applied by the store to every text it binds): valid UTF-8, no C0 or
 * C1 control characters (newline and tab only where the field allows them: notes), no
 * bidirectional controls (U+202A-202E, U+2066-2069, U+200E, U+200F, U+061C), then
 * normalised to NFC (utf8proc) with the characters kept in the order typed; a value longer
 * than its field (in bytes, after NFC) is refused, never cut. Each refusal names the field
 * and says what is wrong.
 *
 * Out (kc_text_escape): control characters, bidirectional controls and bytes that are not
 * UTF-8 become visible escapes (\x1b, \u202e), so a stored name can neither move the
 * cursor, retitle the terminal nor turn text around; with KC_ESC_KEEP_LINES newline and
 * tab pass (multi-line notes in a report or a quoted CSV cell). Pure: no I/O. */
#ifndef KC_TEXT_H
#define KC_TEXT_H

#include <stddef.h>

#include "kc_error.h"

enum {
	KC_TEXT_LINES = 1, /* newline and tab are allowed (notes) */
};

/* Check in and normalise into out (size n, which is also the field's limit: at most n - 1
 * bytes). KC_ERR_INVALID naming what ("the patient's name") otherwise; out is then "". */
int kc_text_clean(const char *what, const char *in, int flags, char *out, size_t n,
		  struct kc_err *err);

enum {
	KC_ESC_KEEP_LINES = 1, /* newline and tab pass unescaped */
};

/* in escaped into out (always terminated; cut with "..." if out is too small). Returns out. */
char *kc_text_escape(const char *in, int flags, char *out, size_t n);

/* Does in need escaping at all (a fast path for the common clean text)? */
int kc_text_needs_escape(const char *in, int flags);

/* The terminal columns the first len bytes of s take (utf8proc's character widths): a
 * wide character 2, a combining mark 0, and an invalid byte or a control character 1 (a
 * screen shows either as one '?'). */
int kc_text_width(const char *s, size_t len);
/* The width of the character at s (at most len bytes) into *cols; returns its length in
 * bytes (1 for an invalid byte). len > 0. */
size_t kc_text_char(const char *s, size_t len, int *cols);

#endif
