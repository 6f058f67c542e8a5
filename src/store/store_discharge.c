/* store_discharge.c — discharge assessments and addenda. */
#include "store_impl.h"

/* ---------- discharge ---------- */

#define DISCHARGE_COLS "id, session_id, assessed_at, assessed_by, activity, respiration," \
	" circulation, consciousness, spo2, aldrete_total, gait_steady, escort_confirmed," \
	" instructions_given, ready, unmet, override_reason"

static int read_discharge(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_discharge_row *d = row;

	(void)err;
	d->id = sqlite3_column_int64(s, 0);
	d->session_id = sqlite3_column_int64(s, 1);
	d->at = store_col_time(s, 2);
	store_col_text(s, 3, d->by, sizeof d->by);
	d->aldrete.activity = store_col_opt(s, 4);
	d->aldrete.respiration = store_col_opt(s, 5);
	d->aldrete.circulation = store_col_opt(s, 6);
	d->aldrete.consciousness = store_col_opt(s, 7);
	d->aldrete.spo2 = store_col_opt(s, 8);
	d->aldrete_total = store_col_opt(s, 9);
	d->gait_steady = store_col_opt(s, 10);
	d->escort_confirmed = sqlite3_column_int(s, 11);
	d->instructions_given = sqlite3_column_int(s, 12);
	d->ready = sqlite3_column_int(s, 13);
	store_col_text(s, 14, d->unmet, sizeof d->unmet);
	store_col_text(s, 15, d->override_reason, sizeof d->override_reason);
	return KC_OK;
}

static int check_discharge(const struct kc_discharge_row *d, struct kc_err *err)
{
	int rc = store_check_text("the unmet criteria", d->unmet, sizeof d->unmet, 0, err);

	if (rc == KC_OK)
		rc = store_check_text("the override reason", d->override_reason,
				      sizeof d->override_reason, 0, err);
	return rc;
}

static void bind_discharge(sqlite3_stmt *s, const struct kc_discharge_row *d)
{
	sqlite3_bind_int64(s, 1, d->session_id);
	store_bind_time(s, 2, d->at);
	store_bind_opt(s, 4, d->aldrete.activity);
	store_bind_opt(s, 5, d->aldrete.respiration);
	store_bind_opt(s, 6, d->aldrete.circulation);
	store_bind_opt(s, 7, d->aldrete.consciousness);
	store_bind_opt(s, 8, d->aldrete.spo2);
	store_bind_opt(s, 9, d->aldrete_total);
	store_bind_opt(s, 10, d->gait_steady);
	store_bind_flag(s, 11, d->escort_confirmed);
	store_bind_flag(s, 12, d->instructions_given);
	store_bind_flag(s, 13, d->ready);
	store_bind_text(s, 14, d->unmet);
	store_bind_text(s, 15, d->override_reason);
}

/* Unmet criteria are the physician's call: a nurse's assessment records them, but only a
 * physician's can carry the reason to discharge anyway. */
static int override_allowed(struct kc_store *st, const struct kc_discharge_row *d, struct kc_err *err)
{
	if (d->ready || !d->override_reason[0])
		return KC_OK;
	return store_require(st, KC_ROLE_PHYSICIAN, "discharge with unmet criteria", err);
}

/* at 0 means assessed now; the assessor is always the actor. */
int kc_discharge_add(struct kc_store *st, struct kc_discharge_row *row, time_t now, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = check_discharge(row, err);

	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	if (!row->at)
		row->at = now;
	rc = store_session_writable(st, row->session_id, NULL, err);
	if (rc == KC_OK)
		rc = override_allowed(st, row, err);
	if (rc == KC_OK)
		rc = store_stmt(st, S_DC_ADD, "INSERT INTO discharge (session_id, assessed_at,"
				" assessed_by, activity, respiration, circulation, consciousness, spo2,"
				" aldrete_total, gait_steady, escort_confirmed, instructions_given, ready,"
				" unmet, override_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
				" ?11, ?12, ?13, ?14, ?15)", &s, err);
	if (rc == KC_OK) {
		bind_discharge(s, row);
		store_bind_text(s, 3, st->actor);
		rc = store_run(st, s, err);
	}
	if (rc == KC_OK)
		row->id = sqlite3_last_insert_rowid(st->db);
	rc = store_end(st, rc, err);
	if (rc == KC_OK)
		kc_strlcpy(row->by, st->actor, sizeof row->by);
	else
		row->id = 0;
	return rc;
}

int kc_discharge_list(struct kc_store *st, kc_id session, struct kc_discharge_row **rows, size_t *n,
		      struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_DC_LIST, "SELECT " DISCHARGE_COLS " FROM discharge"
			    " WHERE session_id = ?1 ORDER BY assessed_at, id", &s, err);

	*rows = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, session);
	return store_list(st, s, sizeof **rows, read_discharge, (void **)rows, n, err);
}

/* ---------- addenda ---------- */

static int read_addendum(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_addendum_row *a = row;

	(void)err;
	a->id = sqlite3_column_int64(s, 0);
	a->session_id = sqlite3_column_int64(s, 1);
	a->at = store_col_time(s, 2);
	store_col_text(s, 3, a->by, sizeof a->by);
	store_col_text(s, 4, a->text, sizeof a->text);
	return KC_OK;
}

int kc_addendum_add(struct kc_store *st, kc_id session, const char *text, time_t now, struct kc_err *err)
{
	struct kc_session x;
	sqlite3_stmt *s;
	int rc = store_check_text("the addendum", text, sizeof ((struct kc_addendum_row *)0)->text, 1,
				  err);

	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_actor(st, NULL, err);
	if (rc == KC_OK) /* signed or not: that is what addenda are for */
		rc = kc_session_get(st, session, &x, err);
	if (rc == KC_OK)
		rc = store_stmt(st, S_ADD_ADD, "INSERT INTO addendum (session_id, written_at, written_by,"
				" text) VALUES (?1, ?2, ?3, ?4)", &s, err);
	if (rc == KC_OK) {
		sqlite3_bind_int64(s, 1, session);
		store_bind_time(s, 2, now);
		store_bind_text(s, 3, st->actor);
		store_bind_text(s, 4, text);
		rc = store_run(st, s, err);
	}
	return store_end(st, rc, err);
}

int kc_addendum_list(struct kc_store *st, kc_id session, struct kc_addendum_row **rows, size_t *n,
		     struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_ADD_LIST, "SELECT id, session_id, written_at, written_by, text"
			    " FROM addendum WHERE session_id = ?1 ORDER BY written_at, id", &s, err);

	*rows = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, session);
	return store_list(st, s, sizeof **rows, read_addendum, (void **)rows, n, err);
}
