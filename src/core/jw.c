/* jw.c — the streaming JSON writer of the FHIR export (kc_jw.h): jansson's text without
 * jansson's tree. Building and freeing a jansson object per resource, then walking it, was
 * most of the export's time (issue 10). */
#include "kc_jw.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "kc_error.h"
#include "kc_fhir.h"

#define STR_MAX (4 * 1024 + 8) /* an invalid string is cut to this when its bytes are replaced */

void kc_jw_init(struct kc_jw *w)
{
	*w = (struct kc_jw){ .buf = NULL };
}

void kc_jw_free(struct kc_jw *w)
{
	free(w->buf);
	*w = (struct kc_jw){ .buf = NULL };
}

/* Room for n more bytes; 0 (and nomem) when there is none. */
static inline int room(struct kc_jw *w, size_t n)
{
	size_t cap;
	char *grown;

	if (w->len + n <= w->cap)
		return 1;
	cap = w->cap ? w->cap : 4096;
	while (cap < w->len + n)
		cap *= 2;
	grown = realloc(w->buf, cap);
	if (!grown) {
		w->nomem = 1;
		return 0;
	}
	w->buf = grown;
	w->cap = cap;
	return 1;
}

static void put(struct kc_jw *w, const char *s, size_t n)
{
	if (room(w, n)) {
		memcpy(w->buf + w->len, s, n);
		w->len += n;
	}
}

/* The comma before a member (not before the first, nor at the top level) and its key (a
 * literal: nothing to escape). */
static void lead_long(struct kc_jw *w, const char *key)
{
	size_t k = key ? strlen(key) : 0;
	char *d;

	if (!room(w, k + 4))
		return;
	d = w->buf + w->len;
	if (w->depth && w->fr[w->depth - 1].n)
		*d++ = ',';
	if (key) {
		*d++ = '"';
		memcpy(d, key, k);
		d += k;
		*d++ = '"';
		*d++ = ':';
	}
	w->len = (size_t)(d - w->buf);
}

/* lead_long for the keys of the export (a word or two): copied as they are scanned, with
 * room made once, where a strlen and a memcpy per member were a tenth of the export. */
#define KEY_SHORT 40

static inline void lead(struct kc_jw *w, const char *key)
{
	size_t i = 0;
	char *d, c;

	if (!room(w, KEY_SHORT + 4))
		return;
	d = w->buf + w->len;
	if (w->depth && w->fr[w->depth - 1].n)
		*d++ = ',';
	if (key) {
		*d++ = '"';
		for (; i < KEY_SHORT && (c = key[i]); i++)
			d[i] = c;
		if (key[i]) { /* a longer key: nothing written yet counts */
			lead_long(w, key);
			return;
		}
		d += i;
		*d++ = '"';
		*d++ = ':';
	}
	w->len = (size_t)(d - w->buf);
}

/* One byte (a bracket). */
static inline void put1(struct kc_jw *w, char c)
{
	if (room(w, 1))
		w->buf[w->len++] = c;
}

/* A value of the innermost container is done. */
static void counted(struct kc_jw *w)
{
	if (w->depth)
		w->fr[w->depth - 1].n++;
}

static void open(struct kc_jw *w, const char *key, char c)
{
	size_t mark = w->len;

	if (w->depth == KC_JW_DEPTH) {
		w->nomem = 1;
		return;
	}
	lead(w, key);
	w->fr[w->depth++] = (struct kc_jw_frame){ .mark = mark, .value = w->len, .n = 0 };
	put1(w, c);
}

void kc_jw_object(struct kc_jw *w, const char *key)
{
	open(w, key, '{');
}

void kc_jw_array(struct kc_jw *w, const char *key)
{
	open(w, key, '[');
}

int kc_jw_close(struct kc_jw *w)
{
	struct kc_jw_frame *fr;

	if (!w->depth) {
		w->nomem = 1;
		return 0;
	}
	fr = &w->fr[--w->depth];
	if (!fr->n) {
		w->len = fr->mark;
		w->last = w->len;
		return 0;
	}
	put1(w, w->buf[fr->value] == '{' ? '}' : ']');
	w->last = fr->value;
	counted(w);
	return 1;
}

/* ---------- strings ---------- */

enum { ESC = 1, HIGH = 2 };

/* What a byte asks of a string: an escape (a quote, a backslash, a control character), or
 * a check of its UTF-8. */
static const unsigned char byte_class[256] = {
	[0 ... 0x1f] = ESC, ['"'] = ESC, ['\\'] = ESC, [0x80 ... 0xff] = HIGH,
};

/* Valid UTF-8 as jansson's json_string accepts it: no overlong form, no surrogate, nothing
 * past U+10FFFF. */
static int utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t k;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c < 0xc2 || c > 0xf4)
			return 0;
		k = c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;
		if (n - i <= k) /* cut short */
			return 0;
		for (size_t j = 1; j <= k; j++)
			if ((s[i + j] & 0xc0) != 0x80)
				return 0;
		if ((c == 0xe0 && s[i + 1] < 0xa0) || (c == 0xed && s[i + 1] >= 0xa0) ||
		    (c == 0xf0 && s[i + 1] < 0x90) || (c == 0xf4 && s[i + 1] >= 0x90))
			return 0;
		i += k + 1;
	}
	return 1;
}

/* s between quotes, escaped as jansson escapes it (\" \\ \b \f \n \r \t, other control
 * characters as \u00XX; everything else as it is). */
static void escaped(struct kc_jw *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	char *d;

	if (!room(w, 6 * n + 2))
		return;
	d = w->buf + w->len;
	*d++ = '"';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!(byte_class[c] & ESC)) {
			*d++ = (char)c;
			continue;
		}
		*d++ = '\\';
		switch (c) {
		case '"': *d++ = '"'; break;
		case '\\': *d++ = '\\'; break;
		case '\b': *d++ = 'b'; break;
		case '\f': *d++ = 'f'; break;
		case '\n': *d++ = 'n'; break;
		case '\r': *d++ = 'r'; break;
		case '\t': *d++ = 't'; break;
		default:
			memcpy(d, "u00", 3);
			d[3] = hex[c >> 4];
			d[4] = hex[c & 15];
			d += 5;
		}
	}
	*d++ = '"';
	w->len = (size_t)(d - w->buf);
}

void kc_jw_string(struct kc_jw *w, const char *key, const char *s)
{
	char fixed[STR_MAX];
	unsigned cls = 0;
	size_t n;

	if (!s || !*s)
		return;
	for (n = 0; s[n]; n++)
		cls |= byte_class[(unsigned char)s[n]];
	if ((cls & HIGH) && !utf8_valid((const unsigned char *)s, n)) {
		s = kc_fhir_utf8(s, fixed, sizeof fixed);
		n = strlen(s);
	}
	lead(w, key);
	w->last = w->len;
	if (cls & ESC) {
		escaped(w, s, n);
	} else if (room(w, n + 2)) {
		w->buf[w->len] = '"';
		memcpy(w->buf + w->len + 1, s, n);
		w->buf[w->len + n + 1] = '"';
		w->len += n + 2;
	}
	counted(w);
}

/* Text as a FHIR string wants it: each invalid byte replaced by U+FFFD. */
char *kc_fhir_utf8(const char *in, char *out, size_t n)
{
	static const char fffd[] = "\xef\xbf\xbd";
	size_t o = 0, len = in ? strlen(in) : 0;
	utf8proc_ssize_t pos = 0, step;
	utf8proc_int32_t c;

	if (!n)
		return out;
	while ((size_t)pos < len) {
		step = utf8proc_iterate((const utf8proc_uint8_t *)in + pos, (utf8proc_ssize_t)(len - (size_t)pos), &c);
		const char *src = step > 0 ? in + pos : fffd;
		size_t k = step > 0 ? (size_t)step : 3;

		if (o + k >= n)
			break;
		memcpy(out + o, src, k);
		o += k;
		pos += step > 0 ? step : 1;
	}
	out[o] = '\0';
	return out;
}

/* ---------- numbers, booleans, text ---------- */

void kc_jw_safe(struct kc_jw *w, const char *key, const char *s, size_t n)
{
	if (!n)
		return;
	lead(w, key);
	w->last = w->len;
	if (room(w, n + 2)) {
		w->buf[w->len] = '"';
		memcpy(w->buf + w->len + 1, s, n);
		w->buf[w->len + n + 1] = '"';
		w->len += n + 2;
	}
	counted(w);
}

void kc_jw_int(struct kc_jw *w, const char *key, long long v)
{
	char num[KC_INT_TEXT];
	size_t n = kc_int_text(v, num);

	lead(w, key);
	w->last = w->len;
	put(w, num, n);
	counted(w);
}

/* jansson's jsonp_dtostr with precision 10: its length, 0 for none. */
static size_t real_text(double v, char buf[KC_JW_NUMBER_TEXT])
{
	char *e;
	const char *point = localeconv()->decimal_point;
	int n;

	if (!isfinite(v))
		return 0;
	n = snprintf(buf, KC_JW_NUMBER_TEXT - 3, "%.10g", v);
	if (n < 0 || (size_t)n >= KC_JW_NUMBER_TEXT - 3)
		return 0;
	if (point && point[0] && point[0] != '.' && (e = strchr(buf, point[0])))
		*e = '.';
	if (!strchr(buf, '.') && !strchr(buf, 'e')) {
		memcpy(buf + n, ".0", 3);
		n += 2;
	}
	if ((e = strchr(buf, 'e'))) { /* no '+', no leading zero in the exponent */
		char *start = e + 1, *end = e + 2;

		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start) {
			memmove(start, end, (size_t)(buf + n - end) + 1);
			n -= (int)(end - start);
		}
	}
	return (size_t)n;
}

/* A number's text (n bytes; none: nothing written) as key's value. */
static void put_number(struct kc_jw *w, const char *key, const char *text, size_t n)
{
	if (!n)
		return;
	lead(w, key);
	w->last = w->len;
	put(w, text, n);
	counted(w);
}

void kc_jw_real(struct kc_jw *w, const char *key, double v)
{
	char buf[KC_JW_NUMBER_TEXT];

	put_number(w, key, buf, real_text(v, buf));
}

/* k/100 for a k of at most nine digits, not a multiple of 100, as kc_jw_real writes it:
 * "%.10g" of the nearest double gives back k/100's own digits (nine significant at most,
 * the double within 1e-16 of them), trailing zero dropped, never an exponent (|k/100| >=
 * 0.01). Written digit by digit: snprintf was most of the cost of a weight or a dose. */
static size_t hundredths(long long k, char out[KC_JW_NUMBER_TEXT])
{
	char num[24], *p = num + sizeof num;
	unsigned long long u = k < 0 ? 0ULL - (unsigned long long)k : (unsigned long long)k;
	unsigned long long whole = u / 100;

	if (u % 10)
		*--p = (char)('0' + u % 10);
	*--p = (char)('0' + u / 10 % 10);
	*--p = '.';
	do
		*--p = (char)('0' + whole % 10);
	while (whole /= 10);
	if (k < 0)
		*--p = '-';
	memcpy(out, p, (size_t)(num + sizeof num - p));
	return (size_t)(num + sizeof num - p);
}

size_t kc_jw_number_text(double v, char out[KC_JW_NUMBER_TEXT])
{
	long long k = (long long)(v * 100 + (v < 0 ? -0.5 : 0.5));
	double r = (double)k / 100;

	if (r == (double)(long long)r)
		return kc_int_text((long long)r, out);
	if (k > -1000000000LL && k < 1000000000LL)
		return hundredths(k, out);
	return real_text(r, out);
}

void kc_jw_number(struct kc_jw *w, const char *key, double v)
{
	char num[KC_JW_NUMBER_TEXT];

	put_number(w, key, num, kc_jw_number_text(v, num));
}

void kc_jw_bool(struct kc_jw *w, const char *key, int v)
{
	lead(w, key);
	w->last = w->len;
	put(w, v ? "true" : "false", v ? 4 : 5);
	counted(w);
}

void kc_jw_raw(struct kc_jw *w, const char *key, const char *json, size_t n)
{
	if (!n)
		return;
	lead(w, key);
	w->last = w->len;
	put(w, json, n);
	counted(w);
}

void kc_jw_text(struct kc_jw *w, const char *s, size_t n)
{
	put(w, s, n);
	w->last = w->len;
}

void kc_jw_members(struct kc_jw *w, const char *json, size_t n, unsigned count)
{
	if (!n || !w->depth)
		return;
	lead(w, NULL);
	w->last = w->len;
	put(w, json, n);
	w->fr[w->depth - 1].n += count;
}
