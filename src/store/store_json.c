/* store_json.c — a small strict JSON reader for kc_store_scan: it walks the members of an
 * insert audit's JSON object (as json_object wrote it) without building anything, so the
 * verify reads the few keys it needs and compares a row with its insert in C instead of
 * calling json_extract per row. Valid means what SQLite 3.40's json_valid() accepts:
 * RFC 8259 text (no JSON5), a NUL ends the text. */
#include "store_impl.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define SJ_DEPTH 2000 /* SQLite's JSON_MAX_DEPTH */

static const char *ws(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static int hex4(const char *p, const char *e)
{
	if (e - p < 4)
		return 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return 0;
	}
	return 1;
}

/* p at '"': past the closing quote, or NULL. */
static const char *string_end(const char *p, const char *e)
{
	for (p++; p < e; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '"')
			return p + 1;
		if (c < 0x20)
			return NULL;
		if (c == '\\') {
			if (++p >= e)
				return NULL;
			c = (unsigned char)*p;
			if (c == 'u') {
				if (!hex4(p + 1, e))
					return NULL;
				p += 4;
			} else if (!strchr("\"\\/bfnrt", c) || !c) {
				return NULL;
			}
		}
	}
	return NULL;
}

static const char *digits(const char *p, const char *e)
{
	const char *s = p;

	while (p < e && *p >= '0' && *p <= '9')
		p++;
	return p > s ? p : NULL;
}

static const char *number_end(const char *p, const char *e)
{
	if (p < e && *p == '-')
		p++;
	if (p < e && *p == '0')
		p++;
	else if (!(p = digits(p, e)))
		return NULL;
	if (p < e && *p == '.' && !(p = digits(p + 1, e)))
		return NULL;
	if (p < e && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < e && (*p == '+' || *p == '-'))
			p++;
		if (!(p = digits(p, e)))
			return NULL;
	}
	return p;
}

static const char *literal_end(const char *p, const char *e, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(e - p) >= n && memcmp(p, word, n) == 0 ? p + n : NULL;
}

static const char *value_end(const char *p, const char *e, int depth);

/* p at '{' or '[': past the closing bracket, or NULL. */
static const char *container_end(const char *p, const char *e, int depth)
{
	char close = *p == '{' ? '}' : ']';
	int object = *p == '{';

	if (depth > SJ_DEPTH)
		return NULL;
	p = ws(p + 1, e);
	if (p < e && *p == close)
		return p + 1;
	for (;;) {
		if (object) {
			if (p >= e || *p != '"' || !(p = string_end(p, e)))
				return NULL;
			p = ws(p, e);
			if (p >= e || *p != ':')
				return NULL;
			p = ws(p + 1, e);
		}
		if (!(p = value_end(p, e, depth + 1)))
			return NULL;
		p = ws(p, e);
		if (p < e && *p == ',') {
			p = ws(p + 1, e);
			continue;
		}
		return p < e && *p == close ? p + 1 : NULL;
	}
}

static const char *value_end(const char *p, const char *e, int depth)
{
	if (p >= e)
		return NULL;
	switch (*p) {
	case '"':
		return string_end(p, e);
	case '{':
	case '[':
		return container_end(p, e, depth);
	case 't':
		return literal_end(p, e, "true");
	case 'f':
		return literal_end(p, e, "false");
	case 'n':
		return literal_end(p, e, "null");
	default:
		return *p == '-' || (*p >= '0' && *p <= '9') ? number_end(p, e) : NULL;
	}
}

int sj_begin(struct sj_iter *it, const void *text, size_t n)
{
	const char *p = text;

	memset(it, 0, sizeof it[0]);
	if (!p)
		return 0;
	it->e = p + strnlen(p, n);
	it->p = ws(p, it->e);
	if (it->p >= it->e || *it->p != '{')
		return 0;
	it->p = ws(it->p + 1, it->e);
	it->first = 1;
	return 1;
}

int sj_next(struct sj_iter *it, struct sj_span *key, struct sj_span *val)
{
	const char *p = it->p, *e = it->e, *end;

	if (!p)
		return -1;
	if (p < e && *p == '}' && it->first)
		goto done;
	if (!it->first) {
		if (p < e && *p == '}')
			goto done;
		if (p >= e || *p != ',')
			return -1;
		p = ws(p + 1, e);
	}
	it->first = 0;
	if (p >= e || *p != '"' || !(end = string_end(p, e)))
		return -1;
	key->p = p + 1;
	key->n = (size_t)(end - p) - 2;
	p = ws(end, e);
	if (p >= e || *p != ':')
		return -1;
	p = ws(p + 1, e);
	if (!(end = value_end(p, e, 1)))
		return -1;
	val->p = p;
	val->n = (size_t)(end - p);
	it->p = ws(end, e);
	return 1;
done:
	it->p = NULL;
	return ws(p + 1, e) == e ? 0 : -1; /* nothing after the object */
}

int sj_key_is(const struct sj_span *key, const char *name)
{
	size_t n = strlen(name);

	return key->n == n && memcmp(key->p, name, n) == 0;
}

/* SQLite's text to integer: leading blanks, a sign, digits; anything else ends it. */
static long long text_int(const char *p, const char *e)
{
	unsigned long long v = 0;
	int neg = 0;

	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v'))
		p++;
	if (p < e && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	while (p < e && *p >= '0' && *p <= '9' && v < (1ULL << 62))
		v = v * 10 + (unsigned long long)(*p++ - '0');
	return neg ? -(long long)v : (long long)v;
}

int sj_int(const struct sj_span *v, long long *out)
{
	char buf[64];

	*out = 0;
	if (!v->p || (v->n == 4 && memcmp(v->p, "null", 4) == 0))
		return 0;
	if (*v->p == 't' || *v->p == 'f') {
		*out = *v->p == 't';
		return 1;
	}
	if (*v->p == '"') {
		sj_text(v, buf, sizeof buf);
		*out = text_int(buf, buf + strlen(buf));
		return 1;
	}
	if (*v->p == '-' || (*v->p >= '0' && *v->p <= '9')) {
		size_t n = v->n < sizeof buf - 1 ? v->n : sizeof buf - 1;

		memcpy(buf, v->p, n);
		buf[n] = '\0';
		if (strpbrk(buf, ".eE")) {
			double d = strtod(buf, NULL);

			*out = d >= 9.2e18 ? LLONG_MAX : d <= -9.2e18 ? LLONG_MIN : (long long)d;
		} else {
			*out = strtoll(buf, NULL, 10);
		}
	}
	return 1; /* an object or an array reads as text: 0 */
}

static unsigned hex_val(const char *p)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];

		v = v * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return v;
}

/* One character of a JSON string at *pp (after the opening quote), as UTF-8 bytes in out
 * (up to 4); its length. */
static size_t string_char(const char **pp, char out[4])
{
	const char *p = *pp;
	unsigned c;

	if (*p != '\\') {
		out[0] = *p;
		*pp = p + 1;
		return 1;
	}
	p++;
	*pp = p + 1;
	switch (*p) {
	case 'b': out[0] = '\b'; return 1;
	case 'f': out[0] = '\f'; return 1;
	case 'n': out[0] = '\n'; return 1;
	case 'r': out[0] = '\r'; return 1;
	case 't': out[0] = '\t'; return 1;
	case 'u': break;
	default: out[0] = *p; return 1;
	}
	c = hex_val(p + 1);
	*pp = p + 5;
	if (c >= 0xd800 && c < 0xdc00 && p[5] == '\\' && p[6] == 'u' && hex4(p + 7, p + 11)) {
		unsigned lo = hex_val(p + 7);

		if (lo >= 0xdc00 && lo < 0xe000) {
			c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
			*pp = p + 11;
		}
	}
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

const char *sj_text(const struct sj_span *v, char *buf, size_t n)
{
	size_t len = 0;

	if (!v->p || (v->n == 4 && memcmp(v->p, "null", 4) == 0))
		return NULL;
	if (*v->p == 't' || *v->p == 'f') {
		kc_strlcpy(buf, *v->p == 't' ? "1" : "0", n);
		return buf;
	}
	if (*v->p != '"') { /* a number, an object or an array: as written */
		kc_strlcpy(buf, v->p, v->n + 1 < n ? v->n + 1 : n);
		return buf;
	}
	for (const char *p = v->p + 1, *e = v->p + v->n - 1; p < e;) {
		char ch[4];
		size_t k = string_char(&p, ch);

		if (len + k >= n)
			break;
		memcpy(buf + len, ch, k);
		len += k;
	}
	buf[len] = '\0';
	return buf;
}

int sj_string_is(const struct sj_span *v, const void *text, size_t n)
{
	const char *t = text;
	size_t at = 0;

	if (!v->p || *v->p != '"')
		return 0;
	if (!memchr(v->p, '\\', v->n)) /* the common case: no escape */
		return v->n - 2 == n && memcmp(v->p + 1, t, n) == 0;
	for (const char *p = v->p + 1, *e = v->p + v->n - 1; p < e;) {
		char ch[4];
		size_t k = string_char(&p, ch);

		if (at + k > n || memcmp(t + at, ch, k) != 0)
			return 0;
		at += k;
	}
	return at == n;
}
