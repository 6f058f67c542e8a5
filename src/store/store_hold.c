/* store_hold.c — who is charting a session. A hold is a row of its own (taken, released,
 * taken over), audited like every clinical row, so the chart can say who charted when and
 * who took a session over from whom. Writes to a session another clinician holds are
 * refused in store_session_writable. */
#include "store_impl.h"

#include <string.h>

#include "kc_time.h"

static int read_hold(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct store_hold *h = row;

	(void)err;
	h->id = sqlite3_column_int64(s, 0);
	store_col_text(s, 1, h->holder, sizeof h->holder);
	store_col_text(s, 2, h->name, sizeof h->name);
	h->since = store_col_time(s, 3);
	return KC_OK;
}

/* KC_ERR_NOTFOUND (err untouched) when nobody holds the session. */
static int open_hold(struct kc_store *st, kc_id session, struct store_hold *h, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_cache_hold(st, session, h, &rc))
		return rc;
	rc = store_stmt(st, S_HOLD_GET, "SELECT h.id, h.holder, coalesce(c.display_name, ''),"
			    " h.since FROM session_hold h LEFT JOIN clinician c ON c.login = h.holder"
			    " WHERE h.session_id = ?1 AND h.released_at IS NULL", &s, err);

	memset(h, 0, sizeof *h);
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, session);
	rc = store_one(st, s, read_hold, h, err);
	store_cache_keep_hold(st, session, h, rc);
	return rc;
}

static int held_by_another(kc_id session, const struct store_hold *h, struct kc_err *err)
{
	int named = h->name[0] && strcmp(h->name, h->holder) != 0;
	char hm[16];

	kc_time_local_hm(h->since, hm, sizeof hm);
	return kc_fail(err, KC_ERR_BUSY, "session %lld is held by %s%s%s%s since %s: view it "
		       "read-only or take it over", session, h->holder, named ? " (" : "",
		       named ? h->name : "", named ? ")" : "", hm);
}

/* KC_OK when the session is free or ours; the open hold (if any) in *h. */
static int hold_check(struct kc_store *st, kc_id session, struct store_hold *h, struct kc_err *err)
{
	int rc = open_hold(st, session, h, err);

	if (rc == KC_ERR_NOTFOUND)
		return KC_OK;
	if (rc == KC_OK && strcmp(h->holder, st->actor) != 0)
		rc = held_by_another(session, h, err);
	return rc;
}

int kc_session_hold_check(struct kc_store *st, kc_id session, struct kc_err *err)
{
	struct store_hold h;

	return hold_check(st, session, &h, err);
}

int kc_session_holder(struct kc_store *st, kc_id session, char *holder, size_t n, time_t *since,
		      struct kc_err *err)
{
	struct store_hold h;
	int rc = open_hold(st, session, &h, err);

	if (rc == KC_ERR_NOTFOUND)
		rc = KC_OK;
	if (holder && n)
		kc_strlcpy(holder, h.holder, n);
	if (since)
		*since = h.since;
	return rc;
}

/* ---------- taking and releasing ---------- */

static int hold_insert(struct kc_store *st, kc_id session, const char *taken_from, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_HOLD_ADD, "INSERT INTO session_hold (session_id, holder, since,"
			    " taken_from) VALUES (?1, ?2, ?3, nullif(?4, ''))", &s, err);

	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, session);
	store_bind_text(s, 2, st->actor);
	store_bind_time(s, 3, st->now);
	store_bind_text(s, 4, taken_from);
	return store_run(st, s, err);
}

static int hold_end(struct kc_store *st, kc_id hold, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_HOLD_END, "UPDATE session_hold SET released_at = ?2 WHERE id = ?1",
			    &s, err);

	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, hold);
	store_bind_time(s, 2, st->now);
	return store_run(st, s, err);
}

int store_hold_release_all(struct kc_store *st, kc_id session, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_HOLD_END_ALL, "UPDATE session_hold SET released_at = ?2"
			    " WHERE session_id = ?1 AND released_at IS NULL", &s, err);

	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, session);
	store_bind_time(s, 2, st->now);
	return store_run(st, s, err);
}

/* Begin the transaction: an enabled clinician, a session that can still be written; its
 * open hold in *h (h->id 0 when it is free). */
static int hold_start(struct kc_store *st, kc_id session, time_t now, struct store_hold *h, struct kc_err *err)
{
	struct kc_session x;
	int rc = store_begin(st, now, err);

	memset(h, 0, sizeof *h);
	if (rc != KC_OK)
		return rc;
	rc = store_actor(st, NULL, err);
	if (rc == KC_OK)
		rc = kc_session_get(st, session, &x, err);
	if (rc == KC_OK && x.signed_at)
		rc = kc_fail(err, KC_ERR_SIGNED, "session %lld is signed and read-only; add an addendum "
			     "instead", session);
	if (rc == KC_OK && (rc = open_hold(st, session, h, err)) == KC_ERR_NOTFOUND)
		rc = KC_OK;
	return rc;
}

int kc_session_hold(struct kc_store *st, kc_id session, time_t now, char *holder, size_t n, time_t *since,
		    struct kc_err *err)
{
	struct store_hold h;
	int rc = hold_start(st, session, now, &h, err);

	if (rc == KC_OK && !h.id) /* free: ours now */
		rc = hold_insert(st, session, "", err);
	else if (rc == KC_OK && strcmp(h.holder, st->actor) != 0)
		rc = held_by_another(session, &h, err);
	rc = store_end(st, rc, err);
	if (holder && n)
		kc_strlcpy(holder, rc == KC_ERR_BUSY ? h.holder : "", n);
	if (since)
		*since = rc == KC_ERR_BUSY ? h.since : 0;
	return rc;
}

int kc_session_takeover(struct kc_store *st, kc_id session, time_t now, struct kc_err *err)
{
	struct store_hold h;
	int rc = hold_start(st, session, now, &h, err);

	if (rc == KC_OK && !h.id) {
		rc = hold_insert(st, session, "", err);
	} else if (rc == KC_OK && strcmp(h.holder, st->actor) != 0) {
		rc = hold_end(st, h.id, err);
		if (rc == KC_OK)
			rc = hold_insert(st, session, h.holder, err);
	}
	return store_end(st, rc, err);
}

int kc_session_release(struct kc_store *st, kc_id session, time_t now, struct kc_err *err)
{
	struct store_hold h;
	int rc = store_begin(st, now, err);

	if (rc != KC_OK)
		return rc;
	rc = open_hold(st, session, &h, err);
	if (rc == KC_ERR_NOTFOUND)
		rc = KC_OK;
	else if (rc == KC_OK && strcmp(h.holder, st->actor) == 0)
		rc = hold_end(st, h.id, err);
	return store_end(st, rc, err);
}

/* ---------- the history ---------- */

static int read_hold_row(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_hold_row *h = row;

	(void)err;
	h->id = sqlite3_column_int64(s, 0);
	h->session_id = sqlite3_column_int64(s, 1);
	store_col_text(s, 2, h->holder, sizeof h->holder);
	h->since = store_col_time(s, 3);
	h->released_at = store_col_time(s, 4);
	store_col_text(s, 5, h->taken_from, sizeof h->taken_from);
	return KC_OK;
}

int kc_session_hold_list(struct kc_store *st, kc_id session, struct kc_hold_row **rows, size_t *n,
			 struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_HOLD_LIST, "SELECT id, session_id, holder, since, released_at,"
			    " taken_from FROM session_hold WHERE session_id = ?1 ORDER BY id", &s, err);

	*rows = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, session);
	return store_list(st, s, sizeof **rows, read_hold_row, (void **)rows, n, err);
}
