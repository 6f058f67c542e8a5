/* store_booking.c — booked sessions, the day's schedule (kc_booking.h). */
#include "store_impl.h"

#include <string.h>

#include "kc_booking.h"

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
	return KC_OK;
}

int kc_booking_list(struct kc_store *st, time_t from, time_t to, struct kc_booking **rows, size_t *n,
		    struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_BOOK_LIST, "SELECT id, patient_id, at, chair, route, created_at, created_by"
			    " FROM booking WHERE at >= ?1 AND at < ?2 ORDER BY at, chair, id", &s, err);

	*rows = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	store_bind_time(s, 1, from);
	store_bind_time(s, 2, to);
	return store_list(st, s, sizeof **rows, read_booking, (void **)rows, n, err);
}
