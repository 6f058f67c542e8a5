/* uuid5.c — version-5 UUIDs (kc_uuid5.h): SHA-1 (FIPS 180-4) of the namespace and the
 * name, its first 16 bytes with the version and variant bits set (RFC 4122 §4.3). */
#include "kc_uuid5.h"

#include <stdint.h>
#include <string.h>

struct sha1 {
	uint32_t h[5];
};

static uint32_t rol(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

static void sha1_block(struct sha1 *s, const unsigned char *p)
{
	uint32_t w[80], a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4];

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
#pragma GCC unroll 80
	for (int i = 16; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	uint32_t t;
#define STEP(i, f, k) \
	t = rol(a, 5) + (f) + e + (k) + w[i]; \
	e = d; \
	d = c; \
	c = rol(b, 30); \
	b = a; \
	a = t
#pragma GCC unroll 80
	for (int i = 0; i < 20; i++) {
		STEP(i, d ^ (b & (c ^ d)), 0x5a827999);
	}
#pragma GCC unroll 80
	for (int i = 20; i < 40; i++) {
		STEP(i, b ^ c ^ d, 0x6ed9eba1);
	}
#pragma GCC unroll 80
	for (int i = 40; i < 60; i++) {
		STEP(i, (b & c) | (d & (b | c)), 0x8f1bbcdc);
	}
#pragma GCC unroll 80
	for (int i = 60; i < 80; i++) {
		STEP(i, b ^ c ^ d, 0xca62c1d6);
	}
#undef STEP
	/* (unrolled: the round's register shuffle becomes renaming, a third fewer instructions) */
	s->h[0] += a;
	s->h[1] += b;
	s->h[2] += c;
	s->h[3] += d;
	s->h[4] += e;
}

void kc_uuid5(unsigned char out[16], const unsigned char ns[16], const char *name, size_t n)
{
	struct sha1 s = { { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 } };
	unsigned char block[64];
	uint64_t bits = (uint64_t)(16 + n) * 8;
	size_t used = 16, at = 0;

	memcpy(block, ns, 16);
	for (;;) { /* the namespace, then the name, a block at a time */
		size_t k = n - at < 64 - used ? n - at : 64 - used;

		memcpy(block + used, name + at, k);
		used += k;
		at += k;
		if (used < 64)
			break;
		sha1_block(&s, block);
		used = 0;
	}
	block[used++] = 0x80;
	if (used > 56) {
		memset(block + used, 0, 64 - used);
		sha1_block(&s, block);
		used = 0;
	}
	memset(block + used, 0, 56 - used);
	for (int i = 0; i < 8; i++)
		block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	sha1_block(&s, block);
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++)
			out[4 * i + j] = (unsigned char)(s.h[i] >> (24 - 8 * j));
	out[6] = (unsigned char)((out[6] & 0x0f) | 0x50);
	out[8] = (unsigned char)((out[8] & 0x3f) | 0x80);
}

void kc_uuid_text(const unsigned char u[16], char out[37])
{
	static const char hex[] = "0123456789abcdef";
	char *d = out;

	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*d++ = '-';
		*d++ = hex[u[i] >> 4];
		*d++ = hex[u[i] & 15];
	}
	*d = '\0';
}
