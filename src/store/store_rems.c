/* store_rems.c — REMS forms: which are owed (esketamine sessions a device was given in) and
 * their submission, recorded once, never changed (kc_store.h). */
#include "store_impl.h"

#include <string.h>

#define SUB_COLS "id, session_id, submitted_on, channel, confirmation, entered_at, entered_by"

static void col_sub(sqlite3_stmt *s, int c, struct kc_rems_submission *x)
{
	x->id = sqlite3_column_int64(s, c);
	x->session_id = sqlite3_column_int64(s, c + 1);
	store_col_text(s, c + 2, x->submitted_on, sizeof x->submitted_on);
	store_col_text(s, c + 3, x->channel, sizeof x->channel);
	store_col_text(s, c + 4, x->confirmation, sizeof x->confirmation);
	x->entered_at = store_col_time(s, c + 5);
	store_col_text(s, c + 6, x->entered_by, sizeof x->entered_by);
}

static int read_sub(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	(void)err;
	memset(row, 0, sizeof(struct kc_rems_submission));
	col_sub(s, 0, row);
	return KC_OK;
}

int kc_rems_submission_get(struct kc_store *st, kc_id session, struct kc_rems_submission *out,
			   struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_REMS_SUB_GET, "SELECT " SUB_COLS " FROM rems_submission WHERE session_id = ?1",
			    &s, err);

	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, session);
	return store_one(st, s, read_sub, out, err);
}

int kc_rems_submission_add(struct kc_store *st, kc_id session, const char *on, const char *channel,
			   const char *confirmation, time_t now, struct kc_err *err)
{
	struct kc_rems_submission was;
	sqlite3_stmt *s;
	int rc = store_check_text("the confirmation number", confirmation, 64, 1, err);

	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_actor(st, NULL, err);
	if (rc == KC_OK && (rc = kc_rems_submission_get(st, session, &was, err)) == KC_OK)
		rc = kc_fail(err, KC_ERR_EXISTS, "the REMS form of session %lld was recorded as submitted on %s (%s, "
			     "confirmation %s) by %s", session, was.submitted_on, was.channel, was.confirmation,
			     was.entered_by);
	else if (rc == KC_ERR_NOTFOUND)
		rc = store_stmt(st, S_REMS_SUB_ADD, "INSERT INTO rems_submission (session_id, submitted_on, channel,"
				" confirmation, entered_at, entered_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &s, err);
	if (rc == KC_OK) {
		sqlite3_bind_int64(s, 1, session);
		store_bind_text(s, 2, on);
		store_bind_text(s, 3, channel);
		store_bind_text(s, 4, confirmation);
		store_bind_time(s, 5, now);
		store_bind_text(s, 6, st->actor);
		rc = store_run(st, s, err);
	}
	return store_end(st, rc, err);
}

static int read_form(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_rems_form_row *x = row;

	(void)err;
	memset(x, 0, sizeof *x);
	x->session = sqlite3_column_int64(s, 0);
	store_col_text(s, 1, x->chart_no, sizeof x->chart_no);
	store_col_text(s, 2, x->name, sizeof x->name);
	x->dose_start = store_col_time(s, 3);
	x->is_signed = sqlite3_column_int(s, 4);
	if (sqlite3_column_type(s, 5) != SQLITE_NULL)
		col_sub(s, 5, &x->sub);
	return KC_OK;
}

#define REMS_FORM_COLS "s.id, p.chart_no, p.name, s.dose_start, s.signed_at IS NOT NULL," \
	" r.id, r.session_id, r.submitted_on, r.channel, r.confirmation, r.entered_at, r.entered_by"

int kc_rems_form_list(struct kc_store *st, int unsubmitted, struct kc_rems_form_row **rows, size_t *n,
		      struct kc_err *err)
{
	sqlite3_stmt *s;
	/* The forms not submitted are read from rems_owed (migration 18: the few owed, not
	 * every esketamine session ever dosed), each checked against rems_submission. CROSS
	 * JOIN keeps rems_owed outermost: without statistics SQLite walked every esketamine
	 * session by dose_start for the ORDER BY and looked each up in rems_owed (14M
	 * instructions at 50k sessions, a third of the start screen; sorting the few owed
	 * costs nothing). */
	int rc = unsubmitted
			 ? store_stmt(st, S_REMS_OWED, "SELECT " REMS_FORM_COLS " FROM rems_owed o"
				      " CROSS JOIN session s ON s.id = o.session_id JOIN patient p ON p.id = s.patient_id"
				      " LEFT JOIN rems_submission r ON r.session_id = s.id"
				      " WHERE s.route = 'esketamine' AND s.dose_start IS NOT NULL AND r.id IS NULL"
				      " ORDER BY s.dose_start, s.id", &s, err)
			 : store_stmt(st, S_REMS_DUE, "SELECT " REMS_FORM_COLS " FROM session s"
				      " JOIN patient p ON p.id = s.patient_id"
				      " LEFT JOIN rems_submission r ON r.session_id = s.id"
				      " WHERE s.route = 'esketamine' AND s.dose_start IS NOT NULL"
				      " ORDER BY s.dose_start, s.id", &s, err);

	*rows = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	return store_list(st, s, sizeof **rows, read_form, (void **)rows, n, err);
}
