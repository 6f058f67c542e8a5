/* test_session_chair.c — the chair a session is given when it starts (kc_chart_session_start,
 * kc_chart_session_chair, migration 20): one of the clinic's chairs (matched as configured,
 * required when chairs are configured, none only when there are none), refused when another
 * session in progress is in it (by its own chair row or by its booking today), naming who;
 * checked before the session is created; one row a session, never changed, refused on a
 * signed session. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "kc_booking.h"
#include "kc_chart.h"

#include "fixture.h"

#define NOW ((time_t)1764000000) /* 2025-11-24 16:00 UTC */

struct fx {
	struct kc_tdb db;
	kc_id a, b; /* two patients */
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	tdb_create(&f->db, "schair", "tester");
	f->a = tdb_patient(&f->db, "KC-1", "Ann Able", "1980-01-01", NOW - 86400);
	f->b = tdb_patient(&f->db, "KC-2", "Ben Baker", "1981-02-02", NOW - 86400);
	*state = f;
	return 0;
}

static int start(struct fx *f, kc_id patient, const char *chair, time_t at, kc_id *id)
{
	return kc_chart_session_start(f->db.st, &f->db.cfg, patient, KC_ROUTE_IV, "depression", chair, at, id,
				      &f->db.err);
}

static size_t open_sessions(struct fx *f)
{
	struct kc_session *rows = NULL;
	size_t n = 0;

	assert_int_equal(kc_session_list_open(f->db.st, &rows, &n, &f->db.err), KC_OK);
	free(rows);
	return n;
}

static const char *chair_of(struct fx *f, kc_id session)
{
	static char chair[32];

	assert_int_equal(kc_session_chair_get(f->db.st, session, chair, sizeof chair, &f->db.err), KC_OK);
	return chair;
}

static void stored_as_configured(void **state)
{
	struct fx *f = *state;
	kc_id s = 0;

	assert_int_equal(start(f, f->a, " chair 2 ", NOW, &s), KC_OK);
	assert_string_equal(chair_of(f, s), "Chair 2");
}

static void unknown_chair_refused_before_the_session(void **state)
{
	struct fx *f = *state;
	kc_id s = 0;

	assert_refused(start(f, f->a, "Chair 9", NOW, &s), f->db.err, "Chair: one of Chair 1, Chair 2, Chair 3, Chair 4");
	assert_refused(start(f, f->a, "Chair", NOW, &s), f->db.err, "Chair: one of");
	assert_int_equal(open_sessions(f), 0); /* nothing created */
}

static void chair_required_when_configured(void **state)
{
	struct fx *f = *state;
	kc_id s = 0;

	assert_refused(start(f, f->a, "", NOW, &s), f->db.err, "Chair: one of");
	assert_refused(start(f, f->a, NULL, NOW, &s), f->db.err, "Chair: one of");
	assert_int_equal(open_sessions(f), 0);
	/* a clinic without chairs: no chair, and no chair row */
	f->db.cfg.general.chairs[0] = '\0';
	assert_int_equal(start(f, f->a, "", NOW, &s), KC_OK);
	assert_string_equal(chair_of(f, s), "");
	assert_refused(start(f, f->b, "Chair 1", NOW, &s), f->db.err, "Chair: one of");
}

static void occupied_chair_refused_naming_who(void **state)
{
	struct fx *f = *state;
	kc_id sa = 0, sb = 0;

	assert_int_equal(start(f, f->a, "Chair 2", NOW, &sa), KC_OK);
	assert_refused(start(f, f->b, "Chair 2", NOW + 60, &sb), f->db.err,
		       "Chair 2 is taken: Ann Able (KC-1) is in session there");
	assert_int_equal(open_sessions(f), 1);
	/* the next chair is free */
	assert_int_equal(start(f, f->b, "Chair 3", NOW + 60, &sb), KC_OK);
	assert_string_equal(chair_of(f, sb), "Chair 3");
}

static void chair_free_once_the_session_ended(void **state)
{
	struct fx *f = *state;
	kc_id sa = 0, sb = 0;

	assert_int_equal(start(f, f->a, "Chair 1", NOW, &sa), KC_OK);
	assert_int_equal(kc_chart_end(f->db.st, &f->db.cfg, sa, "aborted", "patient unwell today", NOW + 60,
				      &f->db.err), KC_OK);
	assert_int_equal(start(f, f->b, "Chair 1", NOW + 120, &sb), KC_OK);
}

static void occupied_by_a_booking_in_progress(void **state)
{
	struct fx *f = *state;
	kc_id bk = 0, sa = 0, sb = 0;

	/* Ann booked in Chair 3 and her session started from the booking (no chair row: a
	 * session begun before migration 20) */
	assert_int_equal(kc_chart_book(f->db.st, &f->db.cfg, f->a, "today", "16:30", "Chair 3", KC_ROUTE_IV, NOW,
				       &bk, &f->db.err), KC_OK);
	assert_int_equal(kc_chart_session_create(f->db.st, f->a, KC_ROUTE_IV, "depression", NOW + 60, &sa,
						 &f->db.err), KC_OK);
	assert_refused(start(f, f->b, "Chair 3", NOW + 120, &sb), f->db.err,
		       "Chair 3 is taken: Ann Able (KC-1) is in session there");
}

static void one_chair_a_session_never_changed(void **state)
{
	struct fx *f = *state;
	kc_id s = 0;

	assert_int_equal(start(f, f->a, "Chair 4", NOW, &s), KC_OK);
	assert_refused(kc_chart_session_chair(f->db.st, &f->db.cfg, s, "Chair 1", NOW + 60, &f->db.err), f->db.err,
		       "this session is in Chair 4 already");
	assert_int_not_equal(kc_session_chair_add(f->db.st, s, "Chair 1", NOW + 60, &f->db.err), KC_OK);
	assert_string_equal(chair_of(f, s), "Chair 4");
}

static void signed_session_refused(void **state)
{
	struct fx *f = *state;
	kc_id s = 0;

	f->db.cfg.general.chairs[0] = '\0';
	assert_int_equal(start(f, f->a, "", NOW, &s), KC_OK);
	assert_int_equal(kc_chart_end(f->db.st, &f->db.cfg, s, "aborted", "patient unwell today", NOW + 60, &f->db.err),
			 KC_OK);
	assert_int_equal(kc_chart_sign(f->db.st, &f->db.cfg, s, NOW + 120, &f->db.err), KC_OK);
	kc_strlcpy(f->db.cfg.general.chairs, "Chair 1, Chair 2", sizeof f->db.cfg.general.chairs);
	assert_int_not_equal(kc_chart_session_chair(f->db.st, &f->db.cfg, s, "Chair 1", NOW + 180, &f->db.err), KC_OK);
	/* the store refuses it too (the trigger), whoever calls */
	assert_int_not_equal(kc_session_chair_add(f->db.st, s, "Chair 1", NOW + 180, &f->db.err), KC_OK);
	assert_string_equal(chair_of(f, s), "");
}

/* The session and its chair are one write: when the chair's row cannot be written (here a
 * trigger stands for a full disk), the session is not left behind without it. */
static void session_and_chair_all_or_none(void **state)
{
	struct fx *f = *state;
	kc_id s = 1;
	sqlite3 *db;

	assert_int_equal(sqlite3_open(f->db.path, &db), SQLITE_OK);
	tdb_exec(db, "CREATE TRIGGER t_fail BEFORE INSERT ON session_chair BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
	sqlite3_close(db);
	assert_int_not_equal(start(f, f->a, "Chair 2", NOW, &s), KC_OK);
	assert_int_equal(s, 0);
	assert_int_equal(open_sessions(f), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(stored_as_configured, setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(unknown_chair_refused_before_the_session, setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(chair_required_when_configured, setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(occupied_chair_refused_naming_who, setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(chair_free_once_the_session_ended, setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(occupied_by_a_booking_in_progress, setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(one_chair_a_session_never_changed, setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(signed_session_refused, setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(session_and_chair_all_or_none, setup, tdb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
