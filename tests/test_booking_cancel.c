/* test_booking_cancel.c — cancelling a booking (kc_chart_booking_cancel, kc_booking.h): the
 * reason is required, who and when are stored and audited, a second cancel is refused, so
 * is one whose session has started; a cancelled booking stays listed, CANCELLED, is not
 * expected (nor LATE nor MISSED), no session is tied to it afterwards, its chair and
 * minute may be booked again; the cancellation row itself is never changed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kc_booking.h"
#include "kc_chart.h"
#include "kc_verify.h"

#include "fixture.h"

#define NOW ((time_t)1764000000) /* 2025-11-24 16:00 UTC; bookings tomorrow */

struct fx {
	struct kc_tdb db;
	kc_id patient, booking;
	time_t at; /* the booking's time */
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	tdb_create(&f->db, "bkcancel", "tester");
	f->patient = tdb_patient(&f->db, "KC-1", "Test Patient", "1980-01-01", NOW - 86400);
	assert_int_equal(kc_chart_book(f->db.st, &f->db.cfg, f->patient, "tomorrow", "09:00", "Chair 1", KC_ROUTE_IV,
				       NOW, &f->booking, &f->db.err), KC_OK);
	{
		struct kc_booking b;

		assert_int_equal(kc_booking_get(f->db.st, f->booking, &b, &f->db.err), KC_OK);
		f->at = b.at;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	tdb_destroy(&f->db);
	free(f);
	return 0;
}

static struct kc_booking get(struct fx *f, kc_id id)
{
	struct kc_booking b;

	assert_int_equal(kc_booking_get(f->db.st, id, &b, &f->db.err), KC_OK);
	return b;
}

static void reason_required(void **state)
{
	struct fx *f = *state;

	assert_refused(kc_chart_booking_cancel(f->db.st, f->booking, "", NOW, &f->db.err), f->db.err,
		       "Reason: say why the booking is cancelled");
	assert_refused(kc_chart_booking_cancel(f->db.st, f->booking, "   ", NOW, &f->db.err), f->db.err,
		       "Reason:");
	assert_refused(kc_chart_booking_cancel(f->db.st, f->booking, NULL, NOW, &f->db.err), f->db.err, "Reason:");
	assert_int_equal(get(f, f->booking).cancelled_at, 0);
}

static void stored_with_who_when_why(void **state)
{
	struct fx *f = *state;
	struct kc_booking b;

	assert_int_equal(kc_chart_booking_cancel(f->db.st, f->booking, "patient unwell", NOW + 60, &f->db.err), KC_OK);
	b = get(f, f->booking);
	assert_int_equal(b.cancelled_at, NOW + 60);
	assert_string_equal(b.cancelled_by, "tester");
	assert_string_equal(b.cancel_reason, "patient unwell");
	/* the booking itself is unchanged */
	assert_int_equal(b.at, f->at);
	assert_string_equal(b.chair, "Chair 1");
}

static void double_cancel_refused(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc_chart_booking_cancel(f->db.st, f->booking, "patient unwell", NOW, &f->db.err), KC_OK);
	assert_refused(kc_chart_booking_cancel(f->db.st, f->booking, "again", NOW + 60, &f->db.err), f->db.err,
		       "cancelled already");
	assert_string_equal(get(f, f->booking).cancel_reason, "patient unwell");
	/* the store refuses it on its own too */
	assert_int_not_equal(kc_booking_cancel(f->db.st, f->booking, "again", NOW + 60, &f->db.err), KC_OK);
	assert_int_equal(kc_chart_booking_cancel(f->db.st, 9999, "no such", NOW, &f->db.err), KC_ERR_NOTFOUND);
}

/* Through the day: never expected, LATE or MISSED once cancelled; listed all the same. */
static void not_counted_as_expected(void **state)
{
	struct fx *f = *state;
	struct kc_booking *rows = NULL;
	size_t n = 0;
	char chair[32];
	const time_t times[] = { f->at - 3600, f->at + 14 * 60, f->at + 3600 };

	assert_int_equal(kc_chart_booking_cancel(f->db.st, f->booking, "rebooked", NOW, &f->db.err), KC_OK);
	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
		assert_int_equal(kc_today(f->db.st, &f->db.cfg, times[i], &rows, &n, &f->db.err), KC_OK);
		assert_int_equal(n, 1);
		assert_int_equal(rows[0].state, KC_BK_CANCELLED);
		kc_today_chair(rows, n, f->patient, chair, sizeof chair);
		assert_string_equal(chair, "");
		free(rows);
	}
	assert_int_equal(kc_bookings_of_patient(f->db.st, &f->db.cfg, f->patient, f->at + 2 * 86400, &rows, &n,
						&f->db.err), KC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].state, KC_BK_CANCELLED); /* not MISSED on a later day */
	free(rows);
	assert_string_equal(kc_bk_word(KC_BK_CANCELLED), "CANCELLED");
	assert_string_equal(kc_bk_symbol(KC_BK_CANCELLED), "-");
}

/* A session the patient has that day afterwards is not the cancelled booking's. */
static void not_started_afterwards(void **state)
{
	struct fx *f = *state;
	struct kc_booking *rows = NULL;
	size_t n = 0;

	assert_int_equal(kc_chart_booking_cancel(f->db.st, f->booking, "patient unwell", NOW, &f->db.err), KC_OK);
	tdb_session(&f->db, f->patient, KC_ROUTE_IV, f->at + 600);
	assert_int_equal(kc_today(f->db.st, &f->db.cfg, f->at + 900, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].state, KC_BK_CANCELLED);
	assert_int_equal(rows[0].session, 0);
	free(rows);
}

/* A booking whose session has started is not cancelled: the session ends on its own terms. */
static void started_booking_refused(void **state)
{
	struct fx *f = *state;

	tdb_session(&f->db, f->patient, KC_ROUTE_IV, f->at + 300);
	assert_refused(kc_chart_booking_cancel(f->db.st, f->booking, "mistake", f->at + 400, &f->db.err), f->db.err,
		       "the booked session has started (in progress)");
	assert_int_equal(get(f, f->booking).cancelled_at, 0);
}

static void chair_free_again(void **state)
{
	struct fx *f = *state;
	kc_id again = 0;

	assert_refused(kc_chart_book(f->db.st, &f->db.cfg, f->patient, "tomorrow", "09:00", "Chair 1", KC_ROUTE_IV, NOW,
				     &again, &f->db.err), f->db.err, "Chair 1 is booked at 09:00 already");
	assert_int_equal(kc_chart_booking_cancel(f->db.st, f->booking, "moved", NOW, &f->db.err), KC_OK);
	assert_int_equal(kc_chart_book(f->db.st, &f->db.cfg, f->patient, "tomorrow", "09:00", "Chair 1", KC_ROUTE_IV,
				       NOW, &again, &f->db.err), KC_OK);
	assert_true(again != f->booking);
	assert_int_equal(get(f, f->booking).cancelled_at, NOW); /* the first stays cancelled */
}

/* One statement with ?1 bound, outside ketchart: its last sqlite3_step code. */
static int raw_exec(sqlite3 *db, const char *sql, kc_id id)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);

	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(s, 1, id);
		rc = sqlite3_step(s);
	}
	sqlite3_finalize(s);
	return rc;
}

static void audited_and_never_changed(void **state)
{
	struct fx *f = *state;
	struct kc_audit_row *a = NULL;
	struct kc_verify_result v;
	size_t n = 0;
	sqlite3 *raw = NULL;
	kc_id cancel_row;

	assert_int_equal(kc_chart_booking_cancel(f->db.st, f->booking, "patient unwell", NOW + 120, &f->db.err), KC_OK);
	assert_int_equal(kc_audit_list(f->db.st, "booking_cancel", 0, &a, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(a[0].field, "");
	assert_string_equal(a[0].who, "tester");
	assert_int_equal(a[0].at, NOW + 120);
	assert_non_null(strstr(a[0].new_value, "patient unwell"));
	cancel_row = a[0].row_id;
	free(a);
	assert_int_equal(kc_verify(f->db.st, NULL, &v, &f->db.err), KC_OK);
	if (v.problems)
		fail_msg("verify: %s", v.problem[0]);
	/* neither changed nor deleted, even outside ketchart */
	assert_int_equal(sqlite3_open(f->db.path, &raw), SQLITE_OK);
	sqlite3_busy_timeout(raw, 2000);
	assert_int_not_equal(raw_exec(raw, "UPDATE booking_cancel SET reason = 'x' WHERE id = ?1", cancel_row), SQLITE_DONE);
	assert_int_not_equal(raw_exec(raw, "DELETE FROM booking_cancel WHERE id = ?1", cancel_row), SQLITE_DONE);
	assert_int_not_equal(raw_exec(raw, "DELETE FROM booking WHERE id = ?1", f->booking), SQLITE_DONE);
	sqlite3_close(raw);
	assert_string_equal(get(f, f->booking).cancel_reason, "patient unwell");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(reason_required, setup, teardown),
		cmocka_unit_test_setup_teardown(stored_with_who_when_why, setup, teardown),
		cmocka_unit_test_setup_teardown(double_cancel_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(not_counted_as_expected, setup, teardown),
		cmocka_unit_test_setup_teardown(not_started_afterwards, setup, teardown),
		cmocka_unit_test_setup_teardown(started_booking_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(chair_free_again, setup, teardown),
		cmocka_unit_test_setup_teardown(audited_and_never_changed, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
