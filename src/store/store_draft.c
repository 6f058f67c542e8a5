/* store_draft.c — drafts (kc_draft.h): a table of their own, no audit, not clinical.
 * Statements are prepared for each call (drafts are written when the program ends and
 * read when a form opens, not in any loop). */
#include "store_impl.h"

#include <string.h>

#include "kc_draft.h"

static int draft_exec(struct kc_store *st, const char *sql, sqlite3_stmt **s, struct kc_err *err)
{
	int rc = sqlite3_prepare_v2(st->db, sql, -1, s, NULL);

	return rc == SQLITE_OK ? KC_OK : store_fail(st, rc, err);
}

int kc_store_draft_put(struct kc_store *st, kc_id session, const char *form, const char *fields,
		       time_t at, struct kc_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = store_check_text("the draft's form", form, KC_DRAFT_FORM_MAX - 1, 1, err);

	if (rc == KC_OK)
		rc = store_check_text("the draft", fields, KC_DRAFT_MAX - 1, 1, err);
	if (rc == KC_OK)
		rc = draft_exec(st, "INSERT OR REPLACE INTO drafts (clinician, session_id, form, saved_at,"
				" fields) VALUES (?1, ?2, ?3, ?4, ?5)", &s, err);
	if (rc == KC_OK) {
		store_bind_text(s, 1, st->actor);
		sqlite3_bind_int64(s, 2, session);
		store_bind_text(s, 3, form);
		sqlite3_bind_int64(s, 4, (sqlite3_int64)at);
		store_bind_text(s, 5, fields);
		rc = sqlite3_step(s);
		rc = rc == SQLITE_DONE ? KC_OK : store_fail(st, rc, err);
	}
	sqlite3_finalize(s);
	return rc;
}

static int draft_read(struct kc_store *st, kc_id session, const char *form, char *fields, size_t n,
		      time_t *at, struct kc_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = draft_exec(st, "SELECT saved_at, fields FROM drafts WHERE clinician = ?1"
			    " AND session_id = ?2 AND form = ?3", &s, err);

	if (rc != KC_OK)
		return rc;
	store_bind_text(s, 1, st->actor);
	sqlite3_bind_int64(s, 2, session);
	store_bind_text(s, 3, form);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*at = (time_t)sqlite3_column_int64(s, 0);
		store_col_text(s, 1, fields, n);
		rc = KC_OK;
	} else {
		rc = rc == SQLITE_DONE ? KC_ERR_NOTFOUND : store_fail(st, rc, err);
	}
	sqlite3_finalize(s);
	return rc;
}

static int draft_delete(struct kc_store *st, kc_id session, const char *form, struct kc_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = draft_exec(st, "DELETE FROM drafts WHERE clinician = ?1 AND session_id = ?2"
			    " AND form = ?3", &s, err);

	if (rc == KC_OK) {
		store_bind_text(s, 1, st->actor);
		sqlite3_bind_int64(s, 2, session);
		store_bind_text(s, 3, form);
		rc = sqlite3_step(s);
		rc = rc == SQLITE_DONE ? KC_OK : store_fail(st, rc, err);
	}
	sqlite3_finalize(s);
	return rc;
}

int kc_store_draft_take(struct kc_store *st, kc_id session, const char *form, char *fields, size_t n,
			time_t *at, struct kc_err *err)
{
	int rc;

	if (n)
		fields[0] = '\0';
	*at = 0;
	/* Every form looks for its draft as it opens: a look that finds none must not wait
	 * for the write lock another clinician's save may hold, so read first, and take the
	 * write lock only to delete one that is there. */
	rc = draft_read(st, session, form, fields, n, at, err);
	if (rc != KC_OK)
		return rc;
	rc = store_begin(st, st->now, err);
	if (rc != KC_OK)
		return rc;
	rc = draft_read(st, session, form, fields, n, at, err);
	if (rc == KC_OK)
		rc = draft_delete(st, session, form, err);
	return store_end(st, rc, err); /* KC_ERR_NOTFOUND: a rollback of nothing */
}
