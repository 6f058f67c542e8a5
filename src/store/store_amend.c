/* store_amend.c — amendments: after signing, a physician records what an entry should have
 * said and why. The signed entry itself never changes; the amendment stands beside it. */
#include "store_impl.h"

#include <string.h>

#define AMEND_COLS "id, session_id, tbl, row_id, text, reason, written_by, written_at"

/* The tables an amendment may point into (the schema's AMENDED_TABLES), each with the
 * query that finds the session a row belongs to. A table name is never bound as SQL. */
static const char *const amended_tables[] = {
	"session", "screening_answer", "weight", "vitals", "observation", "dose_event", "discharge",
	"addendum",
};

static const char owner_sql[] =
	"SELECT CASE ?1"
	" WHEN 'session' THEN (SELECT id FROM session WHERE id = ?2)"
	" WHEN 'screening_answer' THEN (SELECT session_id FROM screening_answer WHERE id = ?2)"
	" WHEN 'weight' THEN (SELECT session_id FROM weight WHERE id = ?2)"
	" WHEN 'vitals' THEN (SELECT session_id FROM vitals WHERE id = ?2)"
	" WHEN 'observation' THEN (SELECT session_id FROM observation WHERE id = ?2)"
	" WHEN 'dose_event' THEN (SELECT session_id FROM dose_event WHERE id = ?2)"
	" WHEN 'discharge' THEN (SELECT session_id FROM discharge WHERE id = ?2)"
	" WHEN 'addendum' THEN (SELECT session_id FROM addendum WHERE id = ?2) END";

static int check_amendment(const char *tbl, const char *text, const char *reason, struct kc_err *err)
{
	int known = 0;
	int rc;

	for (size_t i = 0; tbl && i < sizeof amended_tables / sizeof amended_tables[0]; i++)
		known |= strcmp(tbl, amended_tables[i]) == 0;
	if (!known)
		return kc_fail(err, KC_ERR_INVALID, "'%s' is not an entry an amendment can point to",
			       tbl ? tbl : "");
	rc = store_check_text("what the entry should have said", text,
			      sizeof ((struct kc_amendment_row *)0)->text, 1, err);
	if (rc == KC_OK)
		rc = store_check_text("the reason for the amendment", reason, KC_NOTE_MAX, 1, err);
	return rc;
}

static int read_id(sqlite3_stmt *s, void *out, struct kc_err *err)
{
	(void)err;
	*(kc_id *)out = sqlite3_column_int64(s, 0); /* NULL (no such row) reads as 0 */
	return KC_OK;
}

/* The amended row must exist and belong to this session. */
static int row_in_session(struct kc_store *st, kc_id session, const char *tbl, kc_id row_id,
			  struct kc_err *err)
{
	sqlite3_stmt *s;
	kc_id owner = 0;
	int rc = store_stmt(st, S_AMD_ROW, owner_sql, &s, err);

	if (rc != KC_OK)
		return rc;
	store_bind_text(s, 1, tbl);
	sqlite3_bind_int64(s, 2, row_id);
	rc = store_one(st, s, read_id, &owner, err);
	if (rc == KC_OK && owner != session)
		rc = kc_fail(err, KC_ERR_NOTFOUND, "session %lld has no %s entry %lld to amend", session, tbl,
			     row_id);
	return rc;
}

static int signed_session(struct kc_store *st, kc_id session, struct kc_err *err)
{
	struct kc_session x;
	int rc = kc_session_get(st, session, &x, err);

	if (rc == KC_OK && !x.signed_at)
		rc = kc_fail(err, KC_ERR_INVALID, "session %lld is not signed: correct the entry instead "
			     "(amendments are for signed records)", session);
	return rc;
}

static int insert_amendment(struct kc_store *st, kc_id session, const char *tbl, kc_id row_id,
			    const char *text, const char *reason, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_AMD_ADD, "INSERT INTO amendment (session_id, tbl, row_id, text,"
			    " reason, written_at, written_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &s, err);

	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, session);
	store_bind_text(s, 2, tbl);
	sqlite3_bind_int64(s, 3, row_id);
	store_bind_text(s, 4, text);
	store_bind_text(s, 5, reason);
	store_bind_time(s, 6, st->now);
	store_bind_text(s, 7, st->actor);
	return store_run(st, s, err);
}

int kc_amendment_add(struct kc_store *st, kc_id session, const char *tbl, kc_id row_id, const char *text,
		     const char *reason, time_t now, kc_id *id, struct kc_err *err)
{
	kc_id new_id = 0;
	int rc = check_amendment(tbl, text, reason, err);

	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_require(st, KC_ROLE_PHYSICIAN, "amend a signed record", err);
	if (rc == KC_OK)
		rc = signed_session(st, session, err);
	if (rc == KC_OK)
		rc = row_in_session(st, session, tbl, row_id, err);
	if (rc == KC_OK)
		rc = insert_amendment(st, session, tbl, row_id, text, reason, err);
	if (rc == KC_OK)
		new_id = sqlite3_last_insert_rowid(st->db);
	rc = store_end(st, rc, err);
	if (rc == KC_OK && id)
		*id = new_id;
	return rc;
}

static int read_amendment(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_amendment_row *a = row;

	(void)err;
	a->id = sqlite3_column_int64(s, 0);
	a->session_id = sqlite3_column_int64(s, 1);
	store_col_text(s, 2, a->tbl, sizeof a->tbl);
	a->row_id = sqlite3_column_int64(s, 3);
	store_col_text(s, 4, a->text, sizeof a->text);
	store_col_text(s, 5, a->reason, sizeof a->reason);
	store_col_text(s, 6, a->by, sizeof a->by);
	a->at = store_col_time(s, 7);
	return KC_OK;
}

int kc_amendment_list(struct kc_store *st, kc_id session, struct kc_amendment_row **rows, size_t *n,
		      struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_AMD_LIST, "SELECT " AMEND_COLS " FROM amendment WHERE session_id = ?1"
			    " ORDER BY written_at, id", &s, err);

	*rows = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, session);
	return store_list(st, s, sizeof **rows, read_amendment, (void **)rows, n, err);
}

static int read_session_id(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	(void)err;
	*(kc_id *)row = sqlite3_column_int64(s, 0);
	return KC_OK;
}

/* One walk of the amendment_session index: a whole record's export asks this once instead of
 * kc_amendment_list (a lookup and a sort) for each session, most of which have none. */
int kc_amendment_sessions(struct kc_store *st, kc_id **ids, size_t *n, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_AMD_SESSIONS, "SELECT DISTINCT session_id FROM amendment ORDER BY session_id",
			    &s, err);

	*ids = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	return store_list(st, s, sizeof **ids, read_session_id, (void **)ids, n, err);
}
