/* test_record.c — one session's whole record (kc_record.h): every list loaded and only that
 * session's, all or nothing on failure, and the order that puts each replacement right after
 * the entry it corrects. A temp on-disk database per test (one test changes it from outside). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "kc_chart.h"
#include "kc_record.h"

#define MIN 60
#define T0 ((time_t)1700000000)

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	kc_id patient, session;
	struct kc_record r;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "record", "tester");
	f->patient = tdb_patient(&f->db, "R-1", "Robin Record", "1980-01-01", T0 - 86400);
	f->session = tdb_session(&f->db, f->patient, KC_ROUTE_IV, T0);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	kc_record_free(&f->r);
	return tdb_teardown(state);
}

static kc_id vitals(struct fx *f, kc_id session, time_t taken, const char *bp)
{
	struct kc_vitals_entry e = { .taken = taken };
	struct kc_vitals_result res;

	e.text = (struct kc_vitals_text){ bp, "72", "97", "16", "36.8", "5" };
	if (kc_chart_vitals(f->db.st, &f->db.cfg, session, &e, taken + MIN, &res, &f->db.err) != KC_OK)
		fail_msg("vitals %s: %s", bp, f->db.err.msg);
	return res.id;
}

/* Correct reading id by one retyped with BP bp taken at taken (a wrong time). */
static kc_id correct(struct fx *f, kc_id id, time_t taken, const char *bp, time_t now)
{
	struct kc_vitals_entry e = { .taken = taken };
	struct kc_vitals_result res;

	e.text = (struct kc_vitals_text){ bp, "72", "97", "16", "36.8", "5" };
	if (kc_chart_vitals_correct(f->db.st, &f->db.cfg, id, KC_EIE_WRONG_TIME, "clock misread", &e, now, &res,
				    &f->db.err) != KC_OK)
		fail_msg("correct %lld: %s", id, f->db.err.msg);
	return res.id;
}

static void observe(struct fx *f, time_t t)
{
	struct kc_obs_entry e = { .kind = KC_OBS_NAUSEA, .scale = KC_SCALE_NRS, .score = 2, .detail = "",
				  .intervention = "", .note = "", .observed = t };

	assert_int_equal(kc_chart_observation(f->db.st, &f->db.cfg, f->session, &e, t, NULL, NULL, &f->db.err), KC_OK);
}

static kc_id dose(struct fx *f, enum kc_dose_kind kind, time_t t)
{
	struct kc_dose_row d = { .session_id = f->session, .kind = kind, .at = t, .rate_ml_h = 150 };

	assert_int_equal(kc_dose_add(f->db.st, &d, t, &f->db.err), KC_OK); /* store only: no screening */
	return d.id;
}

/* A session with every kind of entry, ended, signed and amended twice. */
static void full_session(struct fx *f)
{
	struct kc_discharge_row dc = { .at = T0 + 90 * MIN, .gait_steady = 1 };
	kc_id v;

	assert_int_equal(kc_screen_set(f->db.st, f->session, "consent", "yes", "", T0 + MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_screen_set(f->db.st, f->session, "escort_name", "Sam", "", T0 + MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_weight_add(f->db.st, f->patient, f->session, 81.5, T0 + MIN, T0 + MIN, &f->db.err), KC_OK);
	vitals(f, f->session, T0 + 10 * MIN, "120/80");
	v = vitals(f, f->session, T0 + 20 * MIN, "130/85");
	vitals(f, f->session, T0 + 30 * MIN, "125/82");
	observe(f, T0 + 40 * MIN);
	observe(f, T0 + 50 * MIN);
	dose(f, KC_DOSE_START, T0 + 60 * MIN);
	dose(f, KC_DOSE_PAUSE, T0 + 65 * MIN);
	dc.session_id = f->session;
	assert_int_equal(kc_discharge_add(f->db.st, &dc, T0 + 90 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_session_hold(f->db.st, f->session, T0 + 91 * MIN, NULL, 0, NULL, &f->db.err), KC_OK);
	assert_int_equal(kc_session_end(f->db.st, f->session, "aborted", "patient left", T0 + 92 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_session_sign(f->db.st, f->session, T0 + 93 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_addendum_add(f->db.st, f->session, "called next day", T0 + 94 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_amendment_add(f->db.st, f->session, "vitals", v, "BP 131/85", "misread", T0 + 95 * MIN,
					  NULL, &f->db.err), KC_OK);
	assert_int_equal(kc_amendment_add(f->db.st, f->session, "session", f->session, "for anxiety", "wrong indication",
					  T0 + 96 * MIN, NULL, &f->db.err), KC_OK);
}

/* ---------- loading ---------- */

static void test_load_holds_every_kind_of_entry_of_the_session(void **state)
{
	struct fx *f = *state;

	full_session(f);
	assert_int_equal(kc_record_load(f->db.st, f->session, &f->r, &f->db.err), KC_OK);
	assert_int_equal(f->r.s.id, f->session);
	assert_string_equal(f->r.s.signed_by, "tester");
	assert_int_equal(f->r.p.id, f->patient);
	assert_string_equal(f->r.p.name, "Robin Record");
	assert_true(f->r.scr.weight_kg > 81.4 && f->r.scr.weight_kg < 81.6); /* the screening, loaded */
	assert_int_equal(f->r.scr.consent, 1);
	assert_int_equal(f->r.nans, 2);
	assert_int_equal(f->r.nv, 3);
	assert_int_equal(f->r.vr[1].v.systolic, 130);
	assert_int_equal(f->r.no, 2);
	assert_int_equal(f->r.nd, 2);
	assert_int_equal(f->r.dr[1].kind, KC_DOSE_PAUSE);
	assert_int_equal(f->r.ndc, 1);
	assert_int_equal(f->r.nad, 1);
	assert_string_equal(f->r.ad[0].text, "called next day");
	assert_int_equal(f->r.nam, 2);
	assert_string_equal(f->r.am[0].tbl, "vitals");
	assert_int_equal(f->r.nho, 1);
	assert_string_equal(f->r.ho[0].holder, "tester");
}

static void test_load_leaves_out_another_sessions_entries(void **state)
{
	struct fx *f = *state;
	kc_id other;

	assert_int_equal(kc_session_create(f->db.st, f->patient, KC_ROUTE_IV, "PTSD", T0, &other, &f->db.err), KC_OK);
	vitals(f, other, T0 + 10 * MIN, "140/90");
	vitals(f, f->session, T0 + 10 * MIN, "120/80");
	assert_int_equal(kc_addendum_add(f->db.st, other, "not this one", T0 + 20 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_record_load(f->db.st, f->session, &f->r, &f->db.err), KC_OK);
	assert_int_equal(f->r.nv, 1);
	assert_int_equal(f->r.vr[0].v.systolic, 120);
	assert_int_equal(f->r.nad, 0);
	assert_null(f->r.ad);
	assert_int_equal(f->r.no + f->r.nd + f->r.ndc + f->r.nam + f->r.nho, 0);
}

/* The row id of the last weight stored, read from outside the program. */
static kc_id last_weight_id(struct fx *f)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	kc_id id = 0;

	assert_int_equal(sqlite3_open(f->db.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT max(id) FROM weight", -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		id = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return id;
}

/* The weight row the screening's weight comes from (what an amendment of the weight points
 * at): the session's latest, never another session's, none when the session has none. */
static void test_load_names_the_weight_row_the_screening_uses(void **state)
{
	struct fx *f = *state;
	kc_id other, latest;

	assert_int_equal(kc_record_load(f->db.st, f->session, &f->r, &f->db.err), KC_OK);
	assert_int_equal(f->r.wt.id, 0); /* not weighed: no row, and no error */
	kc_record_free(&f->r);
	assert_int_equal(kc_session_create(f->db.st, f->patient, KC_ROUTE_IV, "PTSD", T0, &other, &f->db.err), KC_OK);
	assert_int_equal(kc_weight_add(f->db.st, f->patient, f->session, 80.0, T0 + 2 * MIN, T0 + 2 * MIN, &f->db.err),
			 KC_OK);
	assert_int_equal(kc_weight_add(f->db.st, f->patient, f->session, 81.5, T0 + 5 * MIN, T0 + 6 * MIN, &f->db.err),
			 KC_OK);
	latest = last_weight_id(f);
	/* weighed again later, but for the other session */
	assert_int_equal(kc_weight_add(f->db.st, f->patient, other, 90.0, T0 + 9 * MIN, T0 + 9 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_record_load(f->db.st, f->session, &f->r, &f->db.err), KC_OK);
	assert_int_equal(f->r.wt.id, latest);
	assert_tenths(f->r.wt.kg, 81.5);
	assert_tenths(f->r.scr.weight_kg, f->r.wt.kg);
	assert_int_equal(f->r.wt.taken_at, T0 + 5 * MIN);
	assert_int_equal(f->r.wt.entered_at, T0 + 6 * MIN);
	assert_string_equal(f->r.wt.entered_by, "tester");
}

static void assert_zeroed(const struct kc_record *r)
{
	static const struct kc_record zero;

	assert_memory_equal(r, &zero, sizeof zero);
}

static void test_load_of_a_missing_session_is_not_found_and_holds_nothing(void **state)
{
	struct fx *f = *state;

	vitals(f, f->session, T0 + 10 * MIN, "120/80");
	memset(&f->r, 0xab, sizeof f->r); /* whatever was there before */
	assert_int_equal(kc_record_load(f->db.st, f->session + 1, &f->r, &f->db.err), KC_ERR_NOTFOUND);
	assert_int_equal(f->db.err.status, KC_ERR_NOTFOUND);
	assert_non_null(strstr(f->db.err.msg, "no session"));
	assert_zeroed(&f->r);
}

/* A failure after most lists were read (the last table is gone) frees them all. */
static void test_load_failing_late_frees_what_it_read_and_zeroes_the_record(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = NULL;

	full_session(f);
	assert_int_equal(sqlite3_open(f->db.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TABLE session_hold", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_not_equal(kc_record_load(f->db.st, f->session, &f->r, &f->db.err), KC_OK);
	assert_int_not_equal(f->db.err.status, KC_OK);
	assert_true(f->db.err.msg[0] != '\0');
	assert_zeroed(&f->r);
}

static void test_free_is_safe_on_a_zeroed_record_and_twice(void **state)
{
	struct fx *f = *state;
	struct kc_record r;

	memset(&r, 0, sizeof r);
	kc_record_free(&r);
	assert_zeroed(&r);
	vitals(f, f->session, T0 + 10 * MIN, "120/80");
	assert_int_equal(kc_record_load(f->db.st, f->session, &r, &f->db.err), KC_OK);
	assert_int_equal(r.nv, 1);
	kc_record_free(&r);
	assert_zeroed(&r);
	kc_record_free(&r);
	assert_zeroed(&r);
}

/* ---------- the order of corrected entries ---------- */

/* Stored by time: the correction of the correction (T+5) comes first, the original (T+10)
 * later, its first replacement (T+30) last; the order puts them together. */
static void test_order_chains_a_correction_of_a_correction_after_the_original(void **state)
{
	struct fx *f = *state;
	kc_id first, other, second, third;
	size_t *order;

	first = vitals(f, f->session, T0 + 10 * MIN, "121/80");
	other = vitals(f, f->session, T0 + 20 * MIN, "122/80");
	second = correct(f, first, T0 + 30 * MIN, "123/80", T0 + 40 * MIN);
	third = correct(f, second, T0 + 5 * MIN, "124/80", T0 + 41 * MIN);
	assert_int_equal(kc_record_load(f->db.st, f->session, &f->r, &f->db.err), KC_OK);
	assert_int_equal(f->r.nv, 4);
	assert_int_equal(f->r.vr[0].id, third); /* the stored order is by time */
	assert_int_equal(f->r.vr[3].id, second);
	order = kc_record_vitals_order(&f->r);
	assert_non_null(order);
	assert_int_equal(f->r.vr[order[0]].id, first);
	assert_int_equal(f->r.vr[order[1]].id, second);
	assert_int_equal(f->r.vr[order[2]].id, third);
	assert_int_equal(f->r.vr[order[3]].id, other);
	free(order);
}

static void test_order_keeps_rows_without_corrections_in_stored_order(void **state)
{
	struct fx *f = *state;
	size_t *order;

	vitals(f, f->session, T0 + 30 * MIN, "123/80");
	vitals(f, f->session, T0 + 10 * MIN, "121/80");
	vitals(f, f->session, T0 + 20 * MIN, "122/80");
	assert_int_equal(kc_record_load(f->db.st, f->session, &f->r, &f->db.err), KC_OK);
	order = kc_record_vitals_order(&f->r);
	assert_non_null(order);
	for (size_t i = 0; i < f->r.nv; i++)
		assert_int_equal(order[i], i);
	free(order);
}

/* Rows built by hand: links the store would never write still show every row once. */
static void eie_link(struct kc_eie *e, kc_id replaced_by, kc_id corrects)
{
	e->code = replaced_by ? KC_EIE_WRONG_VALUE : KC_EIE_NONE;
	e->replaced_by = replaced_by;
	e->corrects = corrects;
}

static void test_order_shows_rows_of_broken_links_and_loops_once_at_the_end(void **state)
{
	struct kc_obs_row o[5];
	struct kc_record r;
	size_t *order;

	(void)state;
	memset(o, 0, sizeof o);
	memset(&r, 0, sizeof r);
	for (size_t i = 0; i < 5; i++)
		o[i].id = (kc_id)(10 * (i + 1));
	eie_link(&o[0].eie, 20, 20); /* 10 and 20 replace each other: a loop */
	eie_link(&o[1].eie, 10, 10);
	eie_link(&o[2].eie, 99, 0);  /* 30 is replaced by a row not in the list */
	eie_link(&o[3].eie, 0, 0);   /* 40 is valid ... */
	eie_link(&o[4].eie, 0, 40);  /* ... yet 50 says it corrects 40 */
	r.obs = o;
	r.no = 5;
	order = kc_record_obs_order(&r);
	assert_non_null(order);
	assert_int_equal(order[0], 2); /* 30 in its place, alone */
	assert_int_equal(order[1], 3);
	assert_int_equal(order[2], 0); /* what no chain reaches: at the end, in stored order */
	assert_int_equal(order[3], 1);
	assert_int_equal(order[4], 4);
	free(order);
}

static void test_order_of_dose_events_follows_the_same_rule(void **state)
{
	struct kc_dose_row d[3];
	struct kc_record r;
	size_t *order;

	(void)state;
	memset(d, 0, sizeof d);
	memset(&r, 0, sizeof r);
	d[0].id = 1;
	d[1].id = 2;
	d[2].id = 3;
	eie_link(&d[0].eie, 3, 0);
	eie_link(&d[2].eie, 0, 1);
	r.dr = d;
	r.nd = 3;
	order = kc_record_dose_order(&r);
	assert_non_null(order);
	assert_int_equal(order[0], 0);
	assert_int_equal(order[1], 2);
	assert_int_equal(order[2], 1);
	free(order);
}

/* NULL means out of memory to the chart, so an empty list must not give NULL. */
static void test_order_of_an_empty_list_is_not_null(void **state)
{
	struct kc_record r;
	size_t *order[3];

	(void)state;
	memset(&r, 0, sizeof r);
	order[0] = kc_record_vitals_order(&r);
	order[1] = kc_record_obs_order(&r);
	order[2] = kc_record_dose_order(&r);
	for (size_t i = 0; i < 3; i++) {
		assert_non_null(order[i]);
		free(order[i]);
	}
}

/* ---------- amendments, names ---------- */

static void test_amend_count_matches_table_and_row(void **state)
{
	struct kc_amendment_row am[4];
	struct kc_record r;

	(void)state;
	memset(am, 0, sizeof am);
	memset(&r, 0, sizeof r);
	strcpy(am[0].tbl, "vitals");
	am[0].row_id = 7;
	strcpy(am[1].tbl, "vitals");
	am[1].row_id = 7;
	strcpy(am[2].tbl, "observation"); /* same row number, another table */
	am[2].row_id = 7;
	strcpy(am[3].tbl, "vitals");
	am[3].row_id = 8;
	r.am = am;
	r.nam = 4;
	assert_int_equal(kc_record_amend_count(&r, "vitals", 7), 2);
	assert_int_equal(kc_record_amend_count(&r, "vitals", 8), 1);
	assert_int_equal(kc_record_amend_count(&r, "observation", 7), 1);
	assert_int_equal(kc_record_amend_count(&r, "dose_event", 7), 0);
	assert_int_equal(kc_record_amend_count(&r, "vitals", 6), 0);
}

static void test_who_names_a_clinician_with_the_login_after(void **state)
{
	struct fx *f = *state;
	char who[KC_NAME_MAX + KC_LOGIN_MAX + 4];

	assert_int_equal(kc_clinician_upsert(f->db.st, "asilva", "Dr Ana Silva", KC_ROLE_PHYSICIAN, T0, &f->db.err), KC_OK);
	assert_int_equal(kc_clinician_upsert(f->db.st, "bob", "bob", KC_ROLE_NURSE, T0, &f->db.err), KC_OK);
	kc_record_who(f->db.st, "asilva", who, sizeof who);
	assert_string_equal(who, "Dr Ana Silva (asilva)");
	kc_record_who(f->db.st, "bob", who, sizeof who); /* the name is the login: said once */
	assert_string_equal(who, "bob");
	kc_record_who(f->db.st, "nobody", who, sizeof who);
	assert_string_equal(who, "nobody");
	kc_record_who(f->db.st, "asilva", who, 8); /* cut, still a string */
	assert_string_equal(who, "Dr Ana ");
}

static void test_dose_text_lists_only_what_is_set(void **state)
{
	struct kc_dose_row d = { .device_no = 2, .mg = 28, .entered_by = "root", .late = 1 };
	char out[160];

	(void)state;
	kc_strlcpy(d.lot, "ESK1", sizeof d.lot);
	kc_strlcpy(d.note, "sneezed", sizeof d.note);
	kc_record_dose_text(&d, out, sizeof out);
	assert_string_equal(out, "no. 2, 28.0 mg, lot ESK1, by root, LATE; note: sneezed");
	d = (struct kc_dose_row){ .rate_ml_h = 100, .entered_by = "nina" };
	kc_record_dose_text(&d, out, sizeof out);
	assert_string_equal(out, "100.0 mL/h, by nina");
	d.rate_ml_h = 0;
	kc_record_dose_text(&d, out, sizeof out);
	assert_string_equal(out, "by nina");
	d = (struct kc_dose_row){ .device_no = 1, .mg = 56, .rate_ml_h = 150, .entered_by = "root" };
	kc_record_dose_text(&d, out, 12); /* cut, still a string */
	assert_string_equal(out, "no. 1, 56.0");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_load_holds_every_kind_of_entry_of_the_session),
		T(test_load_leaves_out_another_sessions_entries),
		T(test_load_names_the_weight_row_the_screening_uses),
		T(test_load_of_a_missing_session_is_not_found_and_holds_nothing),
		T(test_load_failing_late_frees_what_it_read_and_zeroes_the_record),
		T(test_free_is_safe_on_a_zeroed_record_and_twice),
		T(test_order_chains_a_correction_of_a_correction_after_the_original),
		T(test_order_keeps_rows_without_corrections_in_stored_order),
		cmocka_unit_test(test_order_shows_rows_of_broken_links_and_loops_once_at_the_end),
		cmocka_unit_test(test_order_of_dose_events_follows_the_same_rule),
		cmocka_unit_test(test_order_of_an_empty_list_is_not_null),
		cmocka_unit_test(test_amend_count_matches_table_and_row),
		cmocka_unit_test(test_dose_text_lists_only_what_is_set),
		T(test_who_names_a_clinician_with_the_login_after),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
