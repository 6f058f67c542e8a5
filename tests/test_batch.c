/* test_batch.c — many entries committed together (kc_chart_batch_begin/end, the demo's
 * thousands of sessions): each entry is still checked and is its own unit, so a refused
 * one is undone alone and the others stay; the batch commits at its end, or undoes every
 * entry when it ends with an error; a batch inside a batch is refused. What a batch keeps
 * between its entries (the session, its hold, the actor: store_cache.c) is never stale: a
 * change made inside the batch is seen by the next entry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "kc_chart.h"

#define T0 ((time_t)1763726400)

struct fx {
	struct kc_tdb db;
	kc_id patient, session;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_folder(&f->db, "batch", "t.db");
	if (kc_store_open(&f->db.st, f->db.path, KC_OPEN_CREATE | KC_OPEN_TRAINING, "nurse1",
			  &f->db.err) != KC_OK)
		fail_msg("open %s: %s", f->db.path, f->db.err.msg);
	f->patient = tdb_patient(&f->db, "C-1", "Ada Lovelace", "1980-05-17", T0);
	f->session = tdb_session(&f->db, f->patient, KC_ROUTE_IV, T0);
	*state = f;
	return 0;
}

static long long rows(struct fx *f, const char *table)
{
	long long n = -1;

	assert_int_equal(kc_store_count(f->db.st, table, &n, &f->db.err), KC_OK);
	return n;
}

static int answer(struct fx *f, const char *item, const char *value, time_t at)
{
	return kc_chart_answer(f->db.st, &f->db.cfg, f->session, item, value, "", at, &f->db.err);
}

/* A refused entry in the middle leaves the entries before and after it in place. */
static void test_refused_entry_alone(void **state)
{
	struct fx *f = *state;
	long long audit0 = rows(f, "audit");

	assert_int_equal(kc_chart_batch_begin(f->db.st, T0, &f->db.err), KC_OK);
	assert_int_equal(answer(f, "consent", "yes", T0 + 60), KC_OK);
	/* A weight no one weighs: refused by the chart layer before any write. */
	assert_int_not_equal(kc_chart_weight(f->db.st, &f->db.cfg, f->patient, f->session, "9999", T0 + 90, T0 + 90,
					     NULL, &f->db.err), KC_OK);
	/* Refused by the store inside the entry's savepoint (not signed, not a physician). */
	assert_int_not_equal(kc_chart_amend(f->db.st, f->session, "screening_answer", 1, "text", "why", T0 + 100, NULL,
					    &f->db.err), KC_OK);
	assert_int_equal(answer(f, "escort_name", "Tom Ellis", T0 + 120), KC_OK);
	assert_int_equal(kc_chart_batch_end(f->db.st, KC_OK, T0 + 600, &f->db.err), KC_OK);
	assert_int_equal(rows(f, "screening_answer"), 2);
	assert_int_equal(rows(f, "weight"), 0);
	assert_int_equal(rows(f, "audit"), audit0 + 2);
}

/* A batch ended with an error keeps nothing of it. */
static void test_failed_batch_undone(void **state)
{
	struct fx *f = *state;
	long long audit0 = rows(f, "audit");

	assert_int_equal(kc_chart_batch_begin(f->db.st, T0, &f->db.err), KC_OK);
	assert_int_equal(answer(f, "consent", "yes", T0 + 60), KC_OK);
	assert_int_equal(kc_chart_batch_end(f->db.st, KC_ERR_INVALID, T0 + 600, &f->db.err), KC_ERR_INVALID);
	assert_int_equal(rows(f, "screening_answer"), 0);
	assert_int_equal(rows(f, "audit"), audit0);
	/* The store is back to one transaction per entry. */
	assert_int_equal(answer(f, "consent", "yes", T0 + 60), KC_OK);
	assert_int_equal(rows(f, "screening_answer"), 1);
}

static void test_nested_refused(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc_chart_batch_begin(f->db.st, T0, &f->db.err), KC_OK);
	assert_refused(kc_chart_batch_begin(f->db.st, T0, &f->db.err), f->db.err, "already open");
	assert_int_equal(answer(f, "consent", "yes", T0 + 60), KC_OK);
	assert_int_equal(kc_chart_batch_end(f->db.st, KC_OK, T0 + 600, &f->db.err), KC_OK);
	assert_refused(kc_chart_batch_end(f->db.st, KC_OK, T0 + 600, &f->db.err), f->db.err, "no batch");
	assert_int_equal(rows(f, "screening_answer"), 1);
}

/* On a real chart every entry must be durable the moment it is accepted: no batches. */
static void test_real_database_refused(void **state)
{
	struct kc_tdb db;

	(void)state;
	tdb_create(&db, "batchreal", "nurse1");
	assert_refused(kc_chart_batch_begin(db.st, T0, &db.err), db.err, "training database");
	kc_id p = tdb_patient(&db, "C-2", "Grace Hopper", "1970-01-01", T0);
	assert_true(p > 0);
	tdb_destroy(&db);
}

/* A signature inside a batch leaves the anchor to the batch's end, which records the
 * committed head once. */
static void test_anchor_after_commit(void **state)
{
	struct fx *f = *state;
	struct kc_anchor a;
	long long audit;

	assert_int_equal(kc_chart_batch_begin(f->db.st, T0, &f->db.err), KC_OK);
	assert_int_equal(kc_chart_end(f->db.st, &f->db.cfg, f->session, "aborted", "patient unwell today", T0 + 60,
				      &f->db.err), KC_OK);
	assert_int_equal(kc_chart_sign(f->db.st, &f->db.cfg, f->session, T0 + 120, &f->db.err), KC_OK);
	assert_int_equal(kc_store_anchor_latest(f->db.st, &a, &f->db.err), KC_ERR_NOTFOUND);
	assert_int_equal(kc_chart_batch_end(f->db.st, KC_OK, T0 + 600, &f->db.err), KC_OK);
	audit = rows(f, "audit");
	assert_int_equal(kc_store_anchor_latest(f->db.st, &a, &f->db.err), KC_OK);
	assert_int_equal(a.row, audit);
	assert_int_equal(a.rows, audit);
	assert_int_equal(a.at, T0 + 600);
}

static void batch_begin(struct fx *f)
{
	assert_int_equal(kc_chart_batch_begin(f->db.st, T0, &f->db.err), KC_OK);
}

static void batch_end(struct fx *f)
{
	assert_int_equal(kc_chart_batch_end(f->db.st, KC_OK, T0 + 3600, &f->db.err), KC_OK);
}

/* ---------- what a batch keeps between its entries (store_cache.c) is never stale ---------- */

/* The session read by one entry, changed by the next: the third sees the change. */
static void test_session_change_seen(void **state)
{
	struct fx *f = *state;
	struct kc_session s;

	batch_begin(f);
	assert_int_equal(answer(f, "consent", "yes", T0 + 60), KC_OK);
	assert_int_equal(kc_session_get(f->db.st, f->session, &s, &f->db.err), KC_OK);
	assert_int_equal(s.phase, KC_PHASE_SCREENING);
	assert_int_equal(kc_chart_end(f->db.st, &f->db.cfg, f->session, "aborted", "patient unwell today", T0 + 120,
				      &f->db.err), KC_OK);
	assert_int_equal(kc_session_get(f->db.st, f->session, &s, &f->db.err), KC_OK);
	assert_int_equal(s.ended_at, T0 + 120);
	assert_string_equal(s.outcome, "aborted");
	assert_refused(answer(f, "escort_name", "Tom Ellis", T0 + 180), f->db.err, "has ended");
	batch_end(f);
}

/* Held by another clinician when the batch starts; taken over inside it. */
static void test_hold_change_seen(void **state)
{
	struct fx *f = *state;
	struct kc_store *other = NULL;
	char holder[KC_LOGIN_MAX];

	assert_int_equal(kc_clinician_add(f->db.st, "nurse2", "Nurse Two", KC_ROLE_NURSE, T0, &f->db.err), KC_OK);
	assert_int_equal(kc_store_open(&other, f->db.path, 0, "nurse2", &f->db.err), KC_OK);
	assert_int_equal(kc_session_hold(other, f->session, T0 + 10, holder, sizeof holder, NULL, &f->db.err), KC_OK);
	kc_store_close(other);

	batch_begin(f);
	assert_int_equal(answer(f, "consent", "yes", T0 + 60), KC_ERR_BUSY);
	assert_non_null(strstr(f->db.err.msg, "held by nurse2"));
	assert_int_equal(kc_session_takeover(f->db.st, f->session, T0 + 90, &f->db.err), KC_OK);
	assert_int_equal(answer(f, "consent", "yes", T0 + 120), KC_OK);
	assert_int_equal(kc_session_release(f->db.st, f->session, T0 + 150, &f->db.err), KC_OK);
	assert_int_equal(answer(f, "escort_name", "Tom Ellis", T0 + 180), KC_OK);
	batch_end(f);
}

/* The actor's login disabled inside the batch: the next entry is refused. */
static void test_actor_disabled_seen(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc_clinician_add(f->db.st, "admin2", "Admin Two", KC_ROLE_ADMIN, T0, &f->db.err), KC_OK);
	batch_begin(f);
	assert_int_equal(answer(f, "consent", "yes", T0 + 60), KC_OK);
	assert_int_equal(kc_clinician_disable(f->db.st, "nurse1", T0 + 90, &f->db.err), KC_OK);
	assert_int_equal(answer(f, "escort_name", "Tom Ellis", T0 + 120), KC_ERR_DENIED);
	assert_non_null(strstr(f->db.err.msg, "disabled"));
	assert_int_equal(kc_chart_batch_end(f->db.st, KC_OK, T0 + 3600, &f->db.err), KC_OK);
}

/* A refused entry between two accepted ones: what it undid is read again, not kept. */
static void test_refused_entry_forgotten(void **state)
{
	struct fx *f = *state;
	struct kc_session s;

	batch_begin(f);
	assert_int_equal(answer(f, "consent", "yes", T0 + 60), KC_OK);
	/* Signing an open session is refused inside its transaction. */
	assert_int_not_equal(kc_chart_sign(f->db.st, &f->db.cfg, f->session, T0 + 90, &f->db.err), KC_OK);
	assert_int_equal(kc_session_get(f->db.st, f->session, &s, &f->db.err), KC_OK);
	assert_int_equal(s.signed_at, 0);
	assert_int_equal(answer(f, "escort_name", "Tom Ellis", T0 + 120), KC_OK);
	batch_end(f);
}

/* The screening the rules see, read, then an answer and a baseline reading added: the
 * next read has both. */
static void test_screening_change_seen(void **state)
{
	struct fx *f = *state;
	struct kc_screening scr;
	struct kc_vitals_entry e;
	struct kc_vitals_result res;

	batch_begin(f);
	assert_int_equal(kc_screen_load(f->db.st, f->session, &scr, &f->db.err), KC_OK);
	assert_int_equal(scr.consent, 0);
	assert_int_equal(scr.baseline_id, 0);
	assert_int_equal(answer(f, "consent", "yes", T0 + 60), KC_OK);
	memset(&e, 0, sizeof e);
	e.text = (struct kc_vitals_text){ "128/78", "72", "98", "14", "36.6", "5" };
	e.taken = T0 + 90;
	e.baseline = 1;
	assert_int_equal(kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, T0 + 120, &res, &f->db.err), KC_OK);
	assert_int_equal(kc_screen_load(f->db.st, f->session, &scr, &f->db.err), KC_OK);
	assert_int_equal(scr.consent, 1);
	assert_int_equal(scr.baseline_id, res.id);
	batch_end(f);
}

/* A reading taken at t (baseline or not) through the charting layer; its id. */
static kc_id reading(struct fx *f, const char *bp, int baseline, time_t t)
{
	struct kc_vitals_entry e;
	struct kc_vitals_result res;

	memset(&e, 0, sizeof e);
	e.text = (struct kc_vitals_text){ bp, "72", "98", "14", baseline ? "36.6" : "", "5" };
	e.taken = t;
	e.baseline = baseline;
	assert_int_equal(kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, t + 30, &res, &f->db.err), KC_OK);
	return res.id;
}

/* The screening kept while only the readings change (store_cache_screening_same): a reading
 * that is no baseline leaves it as it was; a newer baseline, and that baseline marked in
 * error, are seen; after the batch a read with nothing kept gives the same. */
static void test_screening_baseline_seen(void **state)
{
	struct fx *f = *state;
	struct kc_screening scr, fresh;
	kc_id first, second;

	batch_begin(f);
	first = reading(f, "128/78", 1, T0 + 60);
	assert_int_equal(kc_screen_load(f->db.st, f->session, &scr, &f->db.err), KC_OK);
	assert_int_equal(scr.baseline_id, first);
	reading(f, "150/95", 0, T0 + 120);
	assert_int_equal(kc_screen_load(f->db.st, f->session, &scr, &f->db.err), KC_OK);
	assert_int_equal(scr.baseline_id, first);
	assert_int_equal(scr.baseline.systolic, 128);
	second = reading(f, "141/88", 1, T0 + 180);
	assert_int_equal(kc_screen_load(f->db.st, f->session, &scr, &f->db.err), KC_OK);
	assert_int_equal(scr.baseline_id, second);
	assert_int_equal(scr.baseline.systolic, 141);
	assert_int_equal(kc_chart_vitals_correct(f->db.st, &f->db.cfg, second, KC_EIE_WRONG_VALUE, "wrong patient's cuff",
						 NULL, T0 + 240, NULL, &f->db.err), KC_OK);
	assert_int_equal(kc_screen_load(f->db.st, f->session, &scr, &f->db.err), KC_OK);
	assert_int_equal(scr.baseline_id, first);
	assert_int_equal(scr.baseline.systolic, 128);
	batch_end(f);
	assert_int_equal(kc_screen_load(f->db.st, f->session, &fresh, &f->db.err), KC_OK);
	assert_int_equal(fresh.baseline_id, scr.baseline_id);
	assert_int_equal(fresh.baseline.systolic, scr.baseline.systolic);
	assert_int_equal(fresh.age_years, scr.age_years);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_refused_entry_alone, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_failed_batch_undone, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_nested_refused, fx_setup, tdb_teardown),
		cmocka_unit_test(test_real_database_refused),
		cmocka_unit_test_setup_teardown(test_anchor_after_commit, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_session_change_seen, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_hold_change_seen, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_actor_disabled_seen, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_refused_entry_forgotten, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_screening_change_seen, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_screening_baseline_seen, fx_setup, tdb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
