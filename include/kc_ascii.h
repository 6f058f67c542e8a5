/* kc_ascii.h — text for a terminal whose locale is not UTF-8 (LANG=C, a vt100 console).
 *
 * The program's own messages carry a few non-ASCII characters (– — ° × ≥ → … ✓ and the
 * line-drawing and arrow glyphs): each has an ASCII stand-in ("-", "--", "deg", "x", ">=",
 * "->", "...", "v"), so "allowed 30–280 mmHg" reads "allowed 30-280 mmHg", never
 * "30???280". Any other character (a patient's "é") is one '?' per character, not per
 * byte; a byte that is not UTF-8 is one '?'. Output that is not a terminal (a report
 * written to a file) stays UTF-8: only what a non-UTF-8 terminal shows goes through here. */
#ifndef KC_ASCII_H
#define KC_ASCII_H

#include <stddef.h>

/* The ASCII for the character at s (UTF-8): the character itself when ASCII, its stand-in,
 * or "?"; *len = the bytes it takes (1 for a byte that is not UTF-8). s not at '\0'. */
const char *kc_ascii_char(const char *s, size_t *len);
/* in as ASCII into out (n bytes, always terminated; cut at a whole character). Returns
 * out. */
char *kc_ascii(const char *in, char *out, size_t n);
/* After setlocale: when the locale is not UTF-8, what the program prints to stderr (and,
 * with out_too, stdout; never for the screens, which own stdout) goes through kc_ascii
 * when that stream is a terminal (ascii_out.c). */
void kc_ascii_stdio(int out_too);
/* 1 when the locale's codeset (nl_langinfo(CODESET), after setlocale) is UTF-8. */
int kc_locale_utf8(void);

#endif
