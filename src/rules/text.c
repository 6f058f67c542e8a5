/* text.c — the one rule for text in and the one escaping for text out (kc_text.h). */
#include "kc_text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static int is_bidi(int32_t c)
{
	return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
	       c == 0x200F || c == 0x061C;
}

static int is_control(int32_t c, int flags)
{
	if ((c == '\n' || c == '\t') && (flags & KC_TEXT_LINES))
		return 0;
	return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

static const char *control_name(int32_t c)
{
	if (c == '\n')
		return "a line break";
	if (c == '\t')
		return "a tab";
	if (c == '\r')
		return "a carriage return";
	if (c == 0x1B)
		return "an escape character";
	return "a control character";
}

/* Every character of in, or KC_ERR_INVALID naming the first that is refused. */
static int check_chars(const char *what, const uint8_t *in, size_t len, int flags, struct kc_err *err)
{
	utf8proc_ssize_t pos = 0, step;
	int32_t c;

	while ((size_t)pos < len) {
		step = utf8proc_iterate(in + pos, (utf8proc_ssize_t)(len - (size_t)pos), &c);
		if (step < 0)
			return kc_fail(err, KC_ERR_INVALID, "%s is not valid UTF-8 text (byte %zd): "
				       "check the terminal's character set (locale)", what, pos + 1);
		if (is_control(c, flags))
			return kc_fail(err, KC_ERR_INVALID, "%s contains %s (U+%04X), which is never "
				       "stored%s", what, control_name(c), (unsigned)c,
				       flags & KC_TEXT_LINES ? "" : " in this field");
		if (is_bidi(c))
			return kc_fail(err, KC_ERR_INVALID, "%s contains an invisible direction "
				       "control (U+%04X), which could make the text read otherwise",
				       what, (unsigned)c);
		pos += step;
	}
	return KC_OK;
}

int kc_text_clean(const char *what, const char *in, int flags, char *out, size_t n,
		  struct kc_err *err)
{
	size_t len = in ? strlen(in) : 0;
	utf8proc_uint8_t *nfc = NULL;
	size_t got;
	int rc;

	if (n)
		out[0] = '\0';
	rc = check_chars(what, (const uint8_t *)(in ? in : ""), len, flags, err);
	if (rc != KC_OK)
		return rc;
	/* NFC composes, and orders combining marks canonically (the order that means the
	 * same); it never moves a base character. */
	nfc = utf8proc_NFC((const utf8proc_uint8_t *)(in ? in : ""));
	if (!nfc)
		return kc_fail(err, KC_ERR_NOMEM, "out of memory checking %s", what);
	got = strlen((const char *)nfc);
	if (got >= n) {
		free(nfc);
		return kc_fail(err, KC_ERR_INVALID, "%s is too long (%zu bytes, at most %zu): "
			       "shorten it; nothing was cut", what, got, n ? n - 1 : 0);
	}
	memcpy(out, nfc, got + 1);
	free(nfc);
	return KC_OK;
}

/* ---------- out ---------- */

static int needs(int32_t c, int flags)
{
	return is_control(c, flags & KC_ESC_KEEP_LINES ? KC_TEXT_LINES : 0) || is_bidi(c);
}

int kc_text_needs_escape(const char *in, int flags)
{
	const uint8_t *p = (const uint8_t *)(in ? in : "");
	size_t len = strlen((const char *)p);
	utf8proc_ssize_t pos = 0, step;
	int32_t c;

	while ((size_t)pos < len) {
		step = utf8proc_iterate(p + pos, (utf8proc_ssize_t)(len - (size_t)pos), &c);
		if (step < 0 || needs(c, flags))
			return 1;
		pos += step;
	}
	return 0;
}

char *kc_text_escape(const char *in, int flags, char *out, size_t n)
{
	const uint8_t *p = (const uint8_t *)(in ? in : "");
	size_t len = strlen((const char *)p), o = 0;
	utf8proc_ssize_t pos = 0, step;
	char piece[16];
	int32_t c;

	if (!n)
		return out;
	while ((size_t)pos < len) {
		size_t k;

		step = utf8proc_iterate(p + pos, (utf8proc_ssize_t)(len - (size_t)pos), &c);
		if (step < 0) {
			snprintf(piece, sizeof piece, "\\x%02x", p[pos]);
			step = 1;
		} else if (needs(c, flags)) {
			if (c < 0x100)
				snprintf(piece, sizeof piece, "\\x%02x", (unsigned)c);
			else
				snprintf(piece, sizeof piece, "\\u%04x", (unsigned)c);
		} else {
			memcpy(piece, p + pos, (size_t)step);
			piece[step] = '\0';
		}
		k = strlen(piece);
		if (o + k + 1 > n) {
			/* cut on a whole piece, and say so */
			if (n >= 4) {
				while (o + 4 > n)
					o--;
				memcpy(out + o, "...", 3);
				o += 3;
			}
			break;
		}
		memcpy(out + o, piece, k);
		o += k;
		pos += step;
	}
	out[o < n ? o : n - 1] = '\0';
	return out;
}

size_t kc_text_char(const char *s, size_t len, int *cols)
{
	int32_t c;
	utf8proc_ssize_t step = utf8proc_iterate((const uint8_t *)s, (utf8proc_ssize_t)len, &c);

	if (step <= 0 || c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
		*cols = 1;
		return 1;
	}
	*cols = utf8proc_charwidth(c);
	if (*cols < 0)
		*cols = 1;
	return (size_t)step;
}

int kc_text_width(const char *s, size_t len)
{
	int total = 0, cols;

	while (len > 0 && *s) {
		size_t k;

		if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7F) {
			/* printable ASCII: one column, as kc_text_char says, without decoding (the
			 * start screen measures every patient's name: issue 10) */
			total++;
			s++;
			len--;
			continue;
		}
		k = kc_text_char(s, len, &cols);

		total += cols;
		s += k;
		len -= k;
	}
	return total;
}
