/* store_session_chair.c — the chair a session was given (kc_booking.h, migration 20). */
#include "store_impl.h"

#include <stdio.h>
#include <string.h>

#include "kc_booking.h"

int kc_session_chair_add(struct kc_store *st, kc_id session, const char *chair, time_t now, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_check_text("the chair", chair, 32, 1, err);

	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_actor(st, NULL, err);
	if (rc == KC_OK)
		rc = store_stmt(st, S_SCHAIR_ADD, "INSERT INTO session_chair (session_id, chair, entered_at, entered_by)"
				" VALUES (?1, ?2, ?3, ?4)", &s, err);
	if (rc == KC_OK) {
		sqlite3_bind_int64(s, 1, session);
		store_bind_text(s, 2, chair);
		store_bind_time(s, 3, now);
		store_bind_text(s, 4, st->actor);
		rc = store_run(st, s, err);
	}
	return store_end(st, rc, err);
}

struct chair_row {
	char *out;
	size_t n;
};

static int read_chair(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct chair_row *r = row;

	(void)err;
	store_col_text(s, 0, r->out, r->n);
	return KC_OK;
}

int kc_session_chair_get(struct kc_store *st, kc_id session, char *out, size_t n, struct kc_err *err)
{
	sqlite3_stmt *s;
	struct chair_row r = { out, n };
	int rc = store_stmt(st, S_SCHAIR_GET, "SELECT chair FROM session_chair WHERE session_id = ?1", &s, err);

	out[0] = '\0';
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, session);
	rc = store_one(st, s, read_chair, &r, err);
	if (rc == KC_ERR_NOTFOUND) {
		kc_err_clear(err);
		return KC_OK;
	}
	return rc;
}

struct taken_row {
	kc_id session;
	char *who;
	size_t n;
};

static int read_taken(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct taken_row *r = row;
	char name[KC_NAME_MAX], chart[32];

	(void)err;
	r->session = sqlite3_column_int64(s, 0);
	store_col_text(s, 1, name, sizeof name);
	store_col_text(s, 2, chart, sizeof chart);
	snprintf(r->who, r->n, "%s (%s)", name, chart);
	return KC_OK;
}

int kc_session_chair_taken(struct kc_store *st, const char *chair, kc_id except, kc_id *session, char *who,
			   size_t n, struct kc_err *err)
{
	sqlite3_stmt *s;
	struct taken_row r = { 0, who, n };
	int rc = store_stmt(st, S_SCHAIR_AT, "SELECT c.session_id, p.name, p.chart_no FROM session_chair c"
			    " JOIN session s ON s.id = c.session_id JOIN patient p ON p.id = s.patient_id"
			    " WHERE c.chair = ?1 AND s.ended_at IS NULL AND c.session_id <> ?2"
			    " ORDER BY c.session_id LIMIT 1", &s, err);

	*session = 0;
	who[0] = '\0';
	if (rc != KC_OK)
		return rc;
	store_bind_text(s, 1, chair);
	sqlite3_bind_int64(s, 2, except);
	rc = store_one(st, s, read_taken, &r, err);
	if (rc == KC_ERR_NOTFOUND) {
		kc_err_clear(err);
		return KC_OK;
	}
	*session = r.session;
	return rc;
}
