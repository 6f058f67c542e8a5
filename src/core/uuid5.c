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

/* ---------- the same block by the CPU's SHA extensions ----------
 * Where the processor has them (x86's SHA-NI: sha1rnds4 does four rounds in one
 * instruction), a block costs a tenth of the rounds above; the export makes one UUID per
 * entry and SHA-1 was an eighth of its time. Chosen once, at the first UUID, by CPUID;
 * the rounds above remain for every other machine (and kc_uuid5_portable for the tests). */
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>

#define SHA_NI_TARGET __attribute__((target("sha,sse4.1,ssse3")))

/* Group g (four rounds, 0..19) of the block: W[g % 4] holds its four message words; the
 * schedule of the words three groups on is advanced alongside (Intel's interleaving). */
#define GROUP(g) \
	do { \
		if ((g) == 0) \
			E[0] = _mm_add_epi32(E[0], W[0]); \
		else \
			E[(g) & 1] = _mm_sha1nexte_epu32(E[(g) & 1], W[(g) % 4]); \
		E[((g) + 1) & 1] = abcd; \
		if ((g) >= 3 && (g) <= 18) \
			W[((g) + 1) % 4] = _mm_sha1msg2_epu32(W[((g) + 1) % 4], W[(g) % 4]); \
		abcd = _mm_sha1rnds4_epu32(abcd, E[(g) & 1], (g) / 5); \
		if ((g) >= 1 && (g) <= 16) \
			W[((g) + 3) % 4] = _mm_sha1msg1_epu32(W[((g) + 3) % 4], W[(g) % 4]); \
		if ((g) >= 2 && (g) <= 17) \
			W[((g) + 2) % 4] = _mm_xor_si128(W[((g) + 2) % 4], W[(g) % 4]); \
	} while (0)

SHA_NI_TARGET static void sha1_block_ni(struct sha1 *s, const unsigned char *p)
{
	const __m128i swap = _mm_set_epi64x(0x0001020304050607LL, 0x08090a0b0c0d0e0fLL);
	__m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)s->h), 0x1b);
	__m128i abcd0 = abcd, e0 = _mm_set_epi32((int)s->h[4], 0, 0, 0), E[2] = { e0, e0 }, W[4];

	for (int i = 0; i < 4; i++)
		W[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), swap);
	GROUP(0); GROUP(1); GROUP(2); GROUP(3); GROUP(4);
	GROUP(5); GROUP(6); GROUP(7); GROUP(8); GROUP(9);
	GROUP(10); GROUP(11); GROUP(12); GROUP(13); GROUP(14);
	GROUP(15); GROUP(16); GROUP(17); GROUP(18); GROUP(19);
	E[0] = _mm_sha1nexte_epu32(E[0], e0);
	abcd = _mm_add_epi32(abcd, abcd0);
	_mm_storeu_si128((__m128i *)s->h, _mm_shuffle_epi32(abcd, 0x1b));
	s->h[4] = (uint32_t)_mm_extract_epi32(E[0], 3);
}
#undef GROUP

static int has_sha_ni(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSE4_1) || !(c & bit_SSSE3))
		return 0;
	return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29)); /* CPUID.7.0:EBX.SHA */
}
#else
#define sha1_block_ni sha1_block
static int has_sha_ni(void)
{
	return 0;
}
#endif

typedef void sha1_fn(struct sha1 *, const unsigned char *);

static void uuid5_with(sha1_fn *block_fn, unsigned char out[16], const unsigned char ns[16], const char *name,
		       size_t n)
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
		block_fn(&s, block);
		used = 0;
	}
	block[used++] = 0x80;
	if (used > 56) {
		memset(block + used, 0, 64 - used);
		block_fn(&s, block);
		used = 0;
	}
	memset(block + used, 0, 56 - used);
	for (int i = 0; i < 8; i++)
		block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	block_fn(&s, block);
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++)
			out[4 * i + j] = (unsigned char)(s.h[i] >> (24 - 8 * j));
	out[6] = (unsigned char)((out[6] & 0x0f) | 0x50);
	out[8] = (unsigned char)((out[8] & 0x3f) | 0x80);
}

void kc_uuid5(unsigned char out[16], const unsigned char ns[16], const char *name, size_t n)
{
	static sha1_fn *block_fn; /* chosen once: the answer never changes */

	if (!block_fn)
		block_fn = has_sha_ni() ? sha1_block_ni : sha1_block;
	uuid5_with(block_fn, out, ns, name, n);
}

int kc_uuid5_portable(unsigned char out[16], const unsigned char ns[16], const char *name, size_t n)
{
	uuid5_with(sha1_block, out, ns, name, n);
	return has_sha_ni();
}

void kc_uuid_text(const unsigned char u[16], char out[37])
{
	static const char hex[] = "0123456789abcdef";
	static char pairs[256][2]; /* each byte's two digits, made at the first call */
	char *d = out;

	if (!pairs[255][0])
		for (int i = 255; i >= 0; i--) {
			pairs[i][1] = hex[i & 15];
			pairs[i][0] = hex[i >> 4];
		}
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*d++ = '-';
		memcpy(d, pairs[u[i]], 2);
		d += 2;
	}
	*d = '\0';
}
