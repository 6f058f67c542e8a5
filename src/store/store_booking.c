/* store_booking.c — booked sessions, the day's schedule (kc_booking.h). */
#include "store_impl.h"

#include <stdlib.h>
#include <string.h>

#include "kc_booking.h"
#include "kc_time.h"

int kc_booking_add(struct kc_store *st, struct kc_booking *b, time_t now, struct kc_err *err)
{
	sqlite3_stmt *s;
	struct kc_patient p;
	int rc = store_check_text("the chair", b->chair, sizeof b->chair, 1, err);

	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_actor(st, NULL, err);
	if (rc == KC_OK)
		rc = kc_patient_get(st, b->patient_id, &p, err);
	if (rc == KC_OK)
		rc = store_stmt(st, S_BOOK_ADD, "INSERT INTO booking (patient_id, at, chair, route, created_at, created_by)"
				" VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &s, err);
	if (rc == KC_OK) {
		sqlite3_bind_int64(s, 1, b->patient_id);
		store_bind_time(s, 2, b->at);
		store_bind_text(s, 3, b->chair);
		store_bind_text(s, 4, kc_route_name(b->route));
		store_bind_time(s, 5, now);
		store_bind_text(s, 6, st->actor);
		rc = store_run(st, s, err);
	}
	if (rc == KC_OK)
		b->id = sqlite3_last_insert_rowid(st->db);
	return store_end(st, rc, err);
}

static int read_booking(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_booking *b = row;
	char route[16];

	(void)err;
	memset(b, 0, sizeof *b);
	b->id = sqlite3_column_int64(s, 0);
	b->patient_id = sqlite3_column_int64(s, 1);
	b->at = store_col_time(s, 2);
	store_col_text(s, 3, b->chair, sizeof b->chair);
	store_col_text(s, 4, route, sizeof route);
	if (kc_route_from_name(route, &b->route) != KC_OK)
		b->route = KC_ROUTE_IV;
	b->created_at = store_col_time(s, 5);
	store_col_text(s, 6, b->created_by, sizeof b->created_by);
	if (sqlite3_column_type(s, 7) != SQLITE_NULL) {
		b->cancelled_at = store_col_time(s, 7);
		store_col_text(s, 8, b->cancelled_by, sizeof b->cancelled_by);
		store_col_text(s, 9, b->cancel_reason, sizeof b->cancel_reason);
	}
	return KC_OK;
}

#define BOOKING_SELECT "SELECT b.id, b.patient_id, b.at, b.chair, b.route, b.created_at, b.created_by," \
	" c.entered_at, c.entered_by, c.reason FROM booking b LEFT JOIN booking_cancel c ON c.booking_id = b.id"

int kc_booking_get(struct kc_store *st, kc_id id, struct kc_booking *b, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_BOOK_GET, BOOKING_SELECT " WHERE b.id = ?1", &s, err);

	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = store_one(st, s, read_booking, b, err);
	if (rc == KC_ERR_NOTFOUND)
		return kc_fail(err, rc, "no booking with id %lld", id);
	return rc;
}

int kc_booking_session(struct kc_store *st, struct kc_booking *b, struct kc_err *err)
{
	struct kc_session *ses = NULL;
	size_t n = 0;
	time_t from;
	int rc;

	kc_local_day(b->at, &from, &b->day_end);
	b->session = 0;
	b->day_session = 0;
	b->started = 0;
	if (b->cancelled_at)
		return KC_OK;
	rc = kc_session_list(st, b->patient_id, &ses, &n, err);
	for (size_t i = 0; rc == KC_OK && i < n && !b->session; i++)
		if (ses[i].created_at >= from && ses[i].created_at < b->day_end && ses[i].route == b->route) {
			b->session = ses[i].id;
			b->day_session = ses[i].ended_at ? 2 : 1;
			b->started = ses[i].created_at;
		}
	free(ses);
	return rc;
}

int kc_booking_of_patient(struct kc_store *st, kc_id patient, struct kc_booking **rows, size_t *n,
			  struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_BOOK_OF_PATIENT, BOOKING_SELECT " WHERE b.patient_id = ?1 ORDER BY b.at, b.id", &s,
			    err);

	*rows = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, patient);
	return store_list(st, s, sizeof **rows, read_booking, (void **)rows, n, err);
}

int kc_booking_cancel(struct kc_store *st, kc_id booking, const char *reason, time_t now, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_check_text("the reason", reason, 256, 1, err);

	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_actor(st, NULL, err);
	if (rc == KC_OK)
		rc = store_stmt(st, S_BOOK_CANCEL, "INSERT INTO booking_cancel (booking_id, reason, entered_at, entered_by)"
				" SELECT id, ?2, ?3, ?4 FROM booking WHERE id = ?1"
				" AND NOT EXISTS (SELECT 1 FROM booking_cancel WHERE booking_id = ?1)", &s, err);
	if (rc == KC_OK) {
		sqlite3_bind_int64(s, 1, booking);
		store_bind_text(s, 2, reason);
		store_bind_time(s, 3, now);
		store_bind_text(s, 4, st->actor);
		rc = store_run(st, s, err);
	}
	if (rc == KC_OK && sqlite3_changes(st->db) != 1)
		rc = kc_fail(err, KC_ERR_INVALID, "no such booking, or it is cancelled already");
	return store_end(st, rc, err);
}

int kc_booking_list(struct kc_store *st, time_t from, time_t to, struct kc_booking **rows, size_t *n,
		    struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_BOOK_LIST, BOOKING_SELECT " WHERE b.at >= ?1 AND b.at < ?2 ORDER BY b.at, b.chair, b.id",
			    &s, err);

	*rows = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	store_bind_time(s, 1, from);
	store_bind_time(s, 2, to);
	return store_list(st, s, sizeof **rows, read_booking, (void **)rows, n, err);
}
