/* ascii.c — non-ASCII text shown on a terminal whose locale is not UTF-8 (kc_ascii.h). */
#include "kc_ascii.h"

#include <langinfo.h>
#include <stdint.h>
#include <string.h>

/* Every non-ASCII character the program's own strings use, and the common typographic
 * ones a configuration or wording file may bring, sorted by code point. */
static const struct {
	uint32_t cp;
	const char *ascii;
} standins[] = {
	{ 0x00a0, " " }, { 0x00a7, "S" }, { 0x00a9, "(c)" }, { 0x00b0, "deg" }, { 0x00b1, "+/-" },
	{ 0x00b2, "2" }, { 0x00b3, "3" }, { 0x00b5, "u" }, { 0x00b7, "." }, { 0x00bd, "1/2" },
	{ 0x00d7, "x" }, { 0x00f7, "/" }, { 0x03bc, "u" },
	{ 0x2010, "-" }, { 0x2011, "-" }, { 0x2012, "-" }, { 0x2013, "-" }, { 0x2014, "--" },
	{ 0x2015, "--" }, { 0x2018, "'" }, { 0x2019, "'" }, { 0x201c, "\"" }, { 0x201d, "\"" },
	{ 0x2022, "*" }, { 0x2026, "..." }, { 0x2032, "'" }, { 0x2033, "\"" }, { 0x2122, "(TM)" },
	{ 0x2190, "<-" }, { 0x2191, "^" }, { 0x2192, "->" }, { 0x2193, "v" }, { 0x2194, "<->" },
	{ 0x2212, "-" }, { 0x2248, "~" }, { 0x2260, "!=" }, { 0x2264, "<=" }, { 0x2265, ">=" },
	{ 0x2500, "-" }, { 0x2502, "|" }, { 0x250c, "+" }, { 0x2510, "+" }, { 0x2514, "+" },
	{ 0x2518, "+" }, { 0x251c, "+" }, { 0x2524, "+" }, { 0x252c, "+" }, { 0x2534, "+" },
	{ 0x253c, "+" }, { 0x2550, "=" }, { 0x2588, "#" }, { 0x2591, "#" }, { 0x2592, "#" },
	{ 0x2593, "#" }, { 0x25b2, "^" }, { 0x25b6, ">" }, { 0x25b8, ">" }, { 0x25bc, "v" },
	{ 0x25c0, "<" }, { 0x25cf, "*" }, { 0x26a0, "!" }, { 0x2713, "v" }, { 0x2714, "v" },
	{ 0x2717, "x" }, { 0x2718, "x" },
};

/* One UTF-8 character: its code point and length, or 0 for a byte that starts none. */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
	size_t len = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2 : 0;
	uint32_t c;

	if (s[0] >= 0xf5 || len == 0)
		return 0;
	c = s[0] & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0; /* overlong, out of range, a surrogate */
	*cp = c;
	return len;
}

static const char *standin(uint32_t cp)
{
	size_t lo = 0, hi = sizeof standins / sizeof standins[0];

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (standins[mid].cp == cp)
			return standins[mid].ascii;
		if (standins[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return "?";
}

const char *kc_ascii_char(const char *s, size_t *len)
{
	static const char ascii[128][2] = {
#define A(c) { (char)(c), 0 }
#define A8(c) A(c), A(c + 1), A(c + 2), A(c + 3), A(c + 4), A(c + 5), A(c + 6), A(c + 7)
		A8(0), A8(8), A8(16), A8(24), A8(32), A8(40), A8(48), A8(56),
		A8(64), A8(72), A8(80), A8(88), A8(96), A8(104), A8(112), A8(120),
#undef A8
#undef A
	};
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;

	if (u[0] < 0x80) {
		*len = 1;
		return ascii[u[0]];
	}
	*len = utf8_decode(u, &cp);
	if (*len == 0) {
		*len = 1;
		return "?";
	}
	return standin(cp);
}

char *kc_ascii(const char *in, char *out, size_t n)
{
	size_t used = 0, len;

	if (n == 0)
		return out;
	while (in && *in) {
		const char *a = kc_ascii_char(in, &len);
		size_t al = strlen(a);

		if (used + al >= n)
			break;
		memcpy(out + used, a, al);
		used += al;
		in += len;
	}
	out[used] = '\0';
	return out;
}

int kc_locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0 || strcmp(cs, "utf-8") == 0);
}
