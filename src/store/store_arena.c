/* store_arena.c — SQLite's memory for a process that makes thousands of entries and exits
 * (the demo: kc_store_bulk_memory before its first open).
 *
 * The system's SQLite is built without lookaside (SQLITE_OMIT_LOOKASIDE), so every
 * allocation of a statement's step — each trigger's frame, each text a json_object or a
 * column makes, each 1 KiB chunk of a savepoint's journal in memory — is a malloc and a
 * free: six thousand pairs a session, a sixth of the demo's CPU in glibc's allocator.
 * Here each size is rounded up to a class and a freed block goes on its class's list for
 * the next allocation of that class: a pop and a push. Blocks are carved from 1 MiB
 * slabs and never handed back (the process exits when the demo is made); sizes above
 * 64 KiB go to malloc. One thread: SQLite runs in multi-thread mode (store_sqlite_config)
 * and the demo has one connection. Nothing stored changes: only where SQLite's scratch
 * memory comes from. */
#include "store_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define HDR 16                /* the block's class (or size) before it; keeps 16-byte alignment */
#define SMALL_STEP 16         /* classes 16, 32 .. 1024 */
#define SMALL_MAX 1024
#define MID_STEP 256          /* then 1280 .. 8192 */
#define MID_MAX 8192
#define BIG_STEP 4096         /* then 12288 .. 65536 */
#define BIG_MAX 65536
#define N_SMALL (SMALL_MAX / SMALL_STEP)
#define N_MID ((MID_MAX - SMALL_MAX) / MID_STEP)
#define N_BIG ((BIG_MAX - MID_MAX) / BIG_STEP)
#define N_CLASS (N_SMALL + N_MID + N_BIG)
#define LARGE ((uint64_t)1 << 63) /* header flag: from malloc, the size below it */
#define SLAB (1 << 20)

struct block {
	struct block *next;
};

static struct {
	struct block *free[N_CLASS];
	char *at, *end; /* the rest of the current slab */
} arena;

static int class_of(size_t n)
{
	if (n <= SMALL_MAX)
		return n ? (int)((n + SMALL_STEP - 1) / SMALL_STEP) - 1 : 0;
	if (n <= MID_MAX)
		return N_SMALL + (int)((n - SMALL_MAX + MID_STEP - 1) / MID_STEP) - 1;
	return N_SMALL + N_MID + (int)((n - MID_MAX + BIG_STEP - 1) / BIG_STEP) - 1;
}

static size_t class_size(int c)
{
	if (c < N_SMALL)
		return (size_t)(c + 1) * SMALL_STEP;
	if (c < N_SMALL + N_MID)
		return SMALL_MAX + (size_t)(c - N_SMALL + 1) * MID_STEP;
	return MID_MAX + (size_t)(c - N_SMALL - N_MID + 1) * BIG_STEP;
}

static uint64_t *header(void *p)
{
	return (uint64_t *)((char *)p - HDR);
}

static void *arena_malloc(int n)
{
	size_t want = n > 0 ? (size_t)n : 1;
	uint64_t *h;
	int c;

	if (want > BIG_MAX) {
		h = malloc(HDR + want);
		if (!h)
			return NULL;
		*h = LARGE | want;
		return (char *)h + HDR;
	}
	c = class_of(want);
	if (arena.free[c]) {
		struct block *b = arena.free[c];

		arena.free[c] = b->next;
		return b;
	}
	want = HDR + class_size(c);
	if ((size_t)(arena.end - arena.at) < want) {
		/* The slab's tail (less than one block of this class) stays unused. */
		char *slab = malloc(SLAB);

		if (!slab)
			return NULL;
		arena.at = slab;
		arena.end = slab + SLAB;
	}
	h = (uint64_t *)arena.at;
	arena.at += want;
	*h = (uint64_t)c;
	return (char *)h + HDR;
}

static void arena_free(void *p)
{
	uint64_t h;
	struct block *b = p;

	if (!p)
		return;
	h = *header(p);
	if (h & LARGE) {
		free(header(p));
		return;
	}
	b->next = arena.free[h];
	arena.free[h] = b;
}

static int arena_size(void *p)
{
	uint64_t h;

	if (!p)
		return 0;
	h = *header(p);
	return (int)(h & LARGE ? h & ~LARGE : class_size((int)h));
}

static void *arena_realloc(void *p, int n)
{
	int have = arena_size(p);
	void *q;

	if (p && n > 0 && n <= have && (have <= SMALL_MAX || n > have / 2))
		return p; /* still fits, and not wastefully */
	q = arena_malloc(n);
	if (q && p)
		memcpy(q, p, (size_t)(have < n ? have : n));
	if (q)
		arena_free(p);
	return q;
}

static int arena_roundup(int n)
{
	if (n <= 0)
		return SMALL_STEP;
	if (n > BIG_MAX)
		return (n + 7) & ~7;
	return (int)class_size(class_of((size_t)n));
}

static int arena_init(void *unused)
{
	(void)unused;
	return SQLITE_OK;
}

static void arena_shutdown(void *unused)
{
	(void)unused;
}

int kc_store_bulk_memory(void)
{
	static const sqlite3_mem_methods m = {
		arena_malloc, arena_free, arena_realloc, arena_size, arena_roundup, arena_init, arena_shutdown, NULL
	};

	/* Refused (SQLITE_MISUSE) once SQLite is in use: then it keeps its own, harmlessly. */
	return sqlite3_config(SQLITE_CONFIG_MALLOC, &m) == SQLITE_OK;
}
