/* store_cache.c — the rows every entry of a batch reads again, kept between its entries.
 *
 * Each entry checks its session (ch_session_open, then store_session_writable inside the
 * transaction), who holds it and that the actor is an active clinician: three or four
 * reads of rows that a batch of thousands of entries (the demo) almost never changes; the
 * screening the rules see (kc_screen_load) is read again by the plan, the discharge and
 * the end of a session, often with nothing of it changed in between.
 * While a batch is open this connection holds the write lock (BEGIN IMMEDIATE), so no
 * other connection can change anything; this connection's own changes are seen by
 * SQLite's update hook, which fires for every row its statements insert, update or delete
 * (no trigger writes the tables watched). A change to a watched table, or any
 * rollback, makes what was kept from it stale, and the next read goes to the database. Outside a batch
 * nothing is kept: another clinician's save may change any row at any time. */
#include "store_impl.h"

#include <string.h>

static void changed(void *p, int op, const char *db, const char *table, sqlite3_int64 row)
{
	struct kc_store *st = p;

	(void)op;
	(void)db;
	(void)row;
	if (strcmp(table, "session") == 0)
		st->cache.gen[W_SESSION]++;
	else if (strcmp(table, "session_hold") == 0)
		st->cache.gen[W_HOLD]++;
	else if (strncmp(table, "clinician", 9) == 0) /* clinician, clinician_contact */
		st->cache.gen[W_CLINICIAN]++;
	else if (strcmp(table, "vitals") == 0)
		st->cache.gen[W_VITALS]++;
	else if (strcmp(table, "screening_answer") == 0 || strcmp(table, "weight") == 0 ||
		 strcmp(table, "patient") == 0)
		st->cache.gen[W_SCREEN]++;
}

void store_cache_start(struct kc_store *st)
{
	memset(&st->cache, 0, sizeof st->cache);
	for (int i = 0; i < W_N; i++)
		st->cache.gen[i] = 1;
	st->cache.on = 1;
	sqlite3_update_hook(st->db, changed, st);
}

void store_cache_stop(struct kc_store *st)
{
	sqlite3_update_hook(st->db, NULL, NULL);
	memset(&st->cache, 0, sizeof st->cache);
}

void store_cache_forget(struct kc_store *st)
{
	for (int i = 0; i < W_N; i++)
		st->cache.gen[i]++;
	st->cache.link_id = 0;
}

int store_cache_session(struct kc_store *st, kc_id id, struct kc_session *out)
{
	const struct store_cache *c = &st->cache;

	if (!c->on || !id || c->session_id != id || c->session_gen != c->gen[W_SESSION])
		return 0;
	*out = c->session;
	return 1;
}

void store_cache_keep_session(struct kc_store *st, const struct kc_session *s)
{
	struct store_cache *c = &st->cache;

	if (!c->on)
		return;
	c->session = *s;
	c->session_id = s->id;
	c->session_gen = c->gen[W_SESSION];
}

int store_cache_hold(struct kc_store *st, kc_id session, struct store_hold *h, int *rc)
{
	const struct store_cache *c = &st->cache;

	if (!c->on || !session || c->hold_session != session || c->hold_gen != c->gen[W_HOLD] ||
	    c->hold_clin_gen != c->gen[W_CLINICIAN])
		return 0;
	*h = c->hold;
	*rc = c->hold_rc;
	return 1;
}

void store_cache_keep_hold(struct kc_store *st, kc_id session, const struct store_hold *h, int rc)
{
	struct store_cache *c = &st->cache;

	if (!c->on || (rc != KC_OK && rc != KC_ERR_NOTFOUND))
		return;
	c->hold = *h;
	c->hold_rc = rc;
	c->hold_session = session;
	c->hold_gen = c->gen[W_HOLD];
	c->hold_clin_gen = c->gen[W_CLINICIAN]; /* the holder's name comes from clinician */
}

int store_cache_clinician(struct kc_store *st, const char *login, struct kc_clinician *out)
{
	const struct store_cache *c = &st->cache;

	if (!c->on || !c->clin_gen || c->clin_gen != c->gen[W_CLINICIAN] || strcmp(c->clin.login, login) != 0)
		return 0;
	*out = c->clin;
	return 1;
}

void store_cache_keep_clinician(struct kc_store *st, const char *login, const struct kc_clinician *cl)
{
	struct store_cache *c = &st->cache;

	if (!c->on || strcmp(cl->login, login) != 0)
		return;
	c->clin = *cl;
	c->clin_gen = c->gen[W_CLINICIAN];
}

int store_cache_screening(struct kc_store *st, kc_id session, struct kc_screening *out)
{
	const struct store_cache *c = &st->cache;

	if (!c->on || !session || c->scr_session != session || c->scr_gen != c->gen[W_SCREEN] ||
	    c->scr_session_gen != c->gen[W_SESSION] || c->scr_vitals_gen != c->gen[W_VITALS])
		return 0;
	*out = c->scr;
	return 1;
}

/* Kept for this session, its answers, weight and patient unchanged, but the session row or
 * the readings changed since: store_cache_screening_same tells whether what it was read
 * from changed with them (a dose moves the phase, a reading in recovery is no baseline). */
int store_cache_screening_moved(struct kc_store *st, kc_id session)
{
	const struct store_cache *c = &st->cache;

	return c->on && session && c->scr_session == session && c->scr_gen == c->gen[W_SCREEN];
}

/* x and base read now, in the reader's transaction: the session's route, patient and
 * creation (the screening's age) and the baseline reading as they were when the screening
 * was read (base memset before it was filled, so whole rows compare). Then the screening
 * is what a new read would make: kept, and given. */
int store_cache_screening_same(struct kc_store *st, kc_id session, const struct kc_session *x,
			       const struct kc_vitals_row *base, struct kc_screening *out)
{
	struct store_cache *c = &st->cache;

	if (!store_cache_screening_moved(st, session) || x->route != c->scr_route ||
	    x->patient_id != c->scr_patient || x->created_at != c->scr_created ||
	    memcmp(base, &c->scr_base, sizeof *base) != 0)
		return 0;
	c->scr_session_gen = c->gen[W_SESSION];
	c->scr_vitals_gen = c->gen[W_VITALS];
	*out = c->scr;
	return 1;
}

void store_cache_keep_screening(struct kc_store *st, kc_id session, const struct kc_screening *scr,
				const struct kc_session *x, const struct kc_vitals_row *base)
{
	struct store_cache *c = &st->cache;

	if (!c->on)
		return;
	c->scr = *scr;
	c->scr_session = session;
	c->scr_gen = c->gen[W_SCREEN];
	c->scr_session_gen = c->gen[W_SESSION];
	c->scr_vitals_gen = c->gen[W_VITALS];
	c->scr_route = x->route;
	c->scr_patient = x->patient_id;
	c->scr_created = x->created_at;
	c->scr_base = *base;
}
