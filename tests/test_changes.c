/* test_changes.c — the change feed (kc_changes_open, issue 14): --since means entered,
 * corrected or amended since (not taken since), --after a cursor gives every change once:
 * a correction sends the row marked in error and its replacement, an amendment the
 * amended row with the amendment, and nothing new sends nothing (a valid empty output). */
#define _GNU_SOURCE /* open_memstream */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "kc_report.h"

#define MIN 60
#define T0 ((time_t)1924992000) /* 2031-01-01 00:00 UTC: after the clinician row the store stamps with the clock */

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	kc_id open_s, signed_s;  /* a session in progress, a signed one */
	kc_id r_open[2], r_signed; /* readings of each */
	char *buf;
	size_t len;
};

static kc_id reading(struct fx *f, kc_id session, time_t taken, time_t now, int hr)
{
	struct kc_vitals_row r;

	memset(&r, 0, sizeof r);
	r.session_id = session;
	r.taken_at = taken;
	r.status = KC_VITALS_TAKEN;
	r.v = (struct kc_vitals){ 120, 80, hr, 98, 14, KC_NONE, 5 };
	if (kc_vitals_add(f->db.st, &r, now, &f->db.err) != KC_OK)
		fail_msg("vitals: %s", f->db.err.msg);
	return r.id;
}

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	kc_id p;

	assert_non_null(f);
	tdb_create(&f->db, "changes", "tester"); /* the first clinician: an admin, may amend */
	p = tdb_patient(&f->db, "C-1", "Chan Ges", "1970-01-01", T0);
	f->signed_s = tdb_session(&f->db, p, KC_ROUTE_IV, T0);
	f->r_signed = reading(f, f->signed_s, T0 + 10 * MIN, T0 + 10 * MIN, 70);
	assert_int_equal(kc_session_end(f->db.st, f->signed_s, "aborted", "test", T0 + 20 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_session_sign(f->db.st, f->signed_s, T0 + 21 * MIN, &f->db.err), KC_OK);
	f->open_s = tdb_session(&f->db, p, KC_ROUTE_IV, T0 + 30 * MIN);
	f->r_open[0] = reading(f, f->open_s, T0 + 40 * MIN, T0 + 40 * MIN, 72);
	f->r_open[1] = reading(f, f->open_s, T0 + 45 * MIN, T0 + 45 * MIN, 118);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	free(f->buf);
	return tdb_teardown(state);
}

static struct kc_changes *feed(struct fx *f, kc_id after, time_t since)
{
	struct kc_changes *c = NULL;

	assert_int_equal(kc_store_snapshot_begin(f->db.st, &f->db.err), KC_OK);
	if (kc_changes_open(f->db.st, after, since, &c, &f->db.err) != KC_OK)
		fail_msg("changes: %s", f->db.err.msg);
	assert_int_equal(kc_store_snapshot_end(f->db.st, KC_OK, &f->db.err), KC_OK);
	return c;
}

static kc_id cursor_now(struct fx *f)
{
	struct kc_changes *c = feed(f, 0, 0);
	kc_id cur = kc_changes_cursor(c);

	kc_changes_close(c);
	return cur;
}

/* Reading 1 (HR 118) marked wrong value, replaced by HR 78; the replacement's id. */
static kc_id correct(struct fx *f, time_t now)
{
	struct kc_vitals_row r;

	memset(&r, 0, sizeof r);
	r.session_id = f->open_s;
	r.taken_at = T0 + 45 * MIN;
	r.status = KC_VITALS_TAKEN;
	r.v = (struct kc_vitals){ 120, 80, 78, 98, 14, KC_NONE, 5 };
	if (kc_vitals_correct(f->db.st, f->r_open[1], KC_EIE_WRONG_VALUE, "typo", &r, now, &f->db.err) != KC_OK)
		fail_msg("correct: %s", f->db.err.msg);
	return r.id;
}

static kc_id amend(struct fx *f, time_t now)
{
	kc_id id = 0;

	if (kc_amendment_add(f->db.st, f->signed_s, "vitals", f->r_signed, "HR was 74, not 70", "monitor printout",
			     now, &id, &f->db.err) != KC_OK)
		fail_msg("amend: %s", f->db.err.msg);
	return id;
}

/* ---------- the store's feed ---------- */

static void test_no_bound_is_everything_and_cursor_is_last_audit_id(void **state)
{
	struct fx *f = *state;
	struct kc_changes *c = feed(f, 0, 0);

	assert_true(kc_changes_all(c));
	assert_false(kc_changes_none(c));
	assert_true(kc_changes_row(c, "vitals", f->r_open[0]));
	assert_true(kc_changes_cursor(c) > 0);
	kc_changes_close(c);
	(void)reading(f, f->open_s, T0 + 50 * MIN, T0 + 50 * MIN, 71);
	c = feed(f, 0, 0);
	assert_true(kc_changes_cursor(c) > cursor_now(f) - 1); /* grows with every entry */
	kc_changes_close(c);
}

static void test_after_cursor_with_nothing_new_is_none(void **state)
{
	struct fx *f = *state;
	kc_id cur = cursor_now(f);
	struct kc_changes *c = feed(f, cur, 0);

	assert_true(kc_changes_none(c));
	assert_false(kc_changes_all(c));
	assert_int_equal(kc_changes_cursor(c), cur);
	assert_false(kc_changes_row(c, "vitals", f->r_open[0]));
	assert_false(kc_changes_session(c, f->open_s));
	kc_changes_close(c);
}

static void test_correction_sends_the_row_in_error_and_its_replacement(void **state)
{
	struct fx *f = *state;
	kc_id cur = cursor_now(f), repl = correct(f, T0 + 60 * MIN);
	struct kc_changes *c = feed(f, cur, 0);

	assert_true(kc_changes_row(c, "vitals", f->r_open[1]));
	assert_true(kc_changes_row(c, "vitals", repl));
	assert_false(kc_changes_row(c, "vitals", f->r_open[0]));
	assert_false(kc_changes_row(c, "vitals", f->r_signed));
	assert_true(kc_changes_session(c, f->open_s));
	assert_false(kc_changes_session(c, f->signed_s));
	kc_changes_close(c);
}

static void test_amendment_sends_the_amended_row(void **state)
{
	struct fx *f = *state;
	kc_id cur = cursor_now(f), a = amend(f, T0 + 60 * MIN);
	struct kc_changes *c = feed(f, cur, 0);
	const kc_id *ids;
	size_t n;

	assert_true(kc_changes_row(c, "amendment", a));
	assert_true(kc_changes_row(c, "vitals", f->r_signed));
	assert_false(kc_changes_row(c, "vitals", f->r_open[0]));
	assert_true(kc_changes_session(c, f->signed_s));
	assert_false(kc_changes_session(c, f->open_s));
	kc_changes_sessions(c, &ids, &n);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], f->signed_s);
	kc_changes_close(c);
}

/* The bug of issue 14: a reading taken before --since but corrected after it. */
static void test_since_is_when_entered_or_corrected_not_when_taken(void **state)
{
	struct fx *f = *state;
	kc_id repl = correct(f, T0 + 90 * MIN);
	kc_id late = reading(f, f->open_s, T0 + 41 * MIN, T0 + 95 * MIN, 73); /* taken long before */
	struct kc_changes *c = feed(f, 0, T0 + 80 * MIN);

	assert_false(kc_changes_all(c));
	assert_true(kc_changes_row(c, "vitals", f->r_open[1])); /* taken at +45, marked at +90 */
	assert_true(kc_changes_row(c, "vitals", repl));
	assert_true(kc_changes_row(c, "vitals", late));
	assert_false(kc_changes_row(c, "vitals", f->r_open[0]));
	kc_changes_close(c);
	c = feed(f, 0, T0 + 100 * MIN); /* after everything: nothing */
	assert_true(kc_changes_none(c));
	kc_changes_close(c);
}

/* Stamps come from each workstation's clock and need not grow with the audit ids: every
 * row stamped since is in the feed, not only those after the first such row. */
static void test_since_follows_stamps_not_ids(void **state)
{
	struct fx *f = *state;
	kc_id ahead = reading(f, f->open_s, T0 + 50 * MIN, T0 + 200 * MIN, 75);
	kc_id behind = reading(f, f->open_s, T0 + 51 * MIN, T0 + 120 * MIN, 76);
	struct kc_changes *c = feed(f, 0, T0 + 150 * MIN);

	assert_true(kc_changes_row(c, "vitals", ahead));
	assert_false(kc_changes_row(c, "vitals", behind));
	kc_changes_close(c);
	c = feed(f, 0, T0 + 100 * MIN);
	assert_true(kc_changes_row(c, "vitals", ahead));
	assert_true(kc_changes_row(c, "vitals", behind));
	assert_false(kc_changes_row(c, "vitals", f->r_open[0]));
	kc_changes_close(c);
}

static void test_since_and_after_together_take_the_later(void **state)
{
	struct fx *f = *state;
	kc_id cur = cursor_now(f);
	kc_id a = reading(f, f->open_s, T0 + 50 * MIN, T0 + 50 * MIN, 77);
	struct kc_changes *c = feed(f, cur, T0);

	assert_true(kc_changes_row(c, "vitals", a));
	assert_false(kc_changes_row(c, "vitals", f->r_open[0]));
	kc_changes_close(c);
	c = feed(f, 0, T0 + 60 * MIN);
	assert_true(kc_changes_none(c));
	kc_changes_close(c);
}

static void test_cursor_past_the_end_is_refused(void **state)
{
	struct fx *f = *state;
	struct kc_changes *c = NULL;
	kc_id cur = cursor_now(f);

	assert_int_equal(kc_store_snapshot_begin(f->db.st, &f->db.err), KC_OK);
	assert_int_equal(kc_changes_open(f->db.st, cur + 1, 0, &c, &f->db.err), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "past this database's last change"));
	assert_null(c);
	assert_int_equal(kc_store_snapshot_end(f->db.st, KC_OK, &f->db.err), KC_OK);
}

/* ---------- the exports on the feed: every change exactly once ---------- */

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static int export(struct fx *f, int fhir, struct kc_export_opts *o)
{
	FILE *out;
	int rc;

	free(f->buf);
	f->buf = NULL;
	out = open_memstream(&f->buf, &f->len);
	assert_non_null(out);
	rc = fhir ? kc_export_fhir(f->db.st, o, out, &f->db.err) : kc_export_csv(f->db.st, o, out, &f->db.err);
	fclose(out);
	return rc;
}

static void test_csv_after_cursor_gets_the_correction_and_amendment_once(void **state)
{
	struct fx *f = *state;
	struct kc_export_opts o = { 0 };
	kc_id repl;
	char want[64];

	assert_int_equal(export(f, 0, &o), KC_OK);
	assert_int_equal(count(f->buf, "\r\nvitals,"), 3);
	o.after = o.cursor;
	repl = correct(f, T0 + 60 * MIN);
	(void)amend(f, T0 + 61 * MIN);
	assert_int_equal(export(f, 0, &o), KC_OK);
	assert_int_equal(count(f->buf, "\r\n"), 5); /* header, in error, replacement, amended, amendment */
	assert_int_equal(count(f->buf, "\r\nvitals,"), 3);
	assert_int_equal(count(f->buf, ",entered in error,typo,"), 1);
	snprintf(want, sizeof want, "\r\nvitals,%lld,", repl);
	assert_non_null(strstr(f->buf, want));
	snprintf(want, sizeof want, ",valid,,%lld,,,\r\n", f->r_open[1]);
	assert_non_null(strstr(f->buf, want)); /* the replacement names the row it corrects */
	assert_int_equal(count(f->buf, ",amended,"), 1);
	assert_non_null(strstr(f->buf, "HR was 74, not 70"));
	assert_int_equal(count(f->buf, "\r\namendment,"), 1);
	assert_null(strstr(f->buf, ",72,98,")); /* the untouched reading is not sent again */
	o.after = o.cursor;
	assert_int_equal(export(f, 0, &o), KC_OK); /* nothing new: the header alone */
	assert_int_equal(count(f->buf, "\r\n"), 1);
	assert_int_equal(o.cursor, o.after);
}

static void test_fhir_after_cursor_with_nothing_new_is_a_valid_empty_bundle(void **state)
{
	struct fx *f = *state;
	struct kc_export_opts o = { 0 };

	assert_int_equal(export(f, 1, &o), KC_OK);
	assert_int_equal(count(f->buf, "\"8867-4\""), 3);
	o.after = o.cursor;
	(void)correct(f, T0 + 60 * MIN);
	assert_int_equal(export(f, 1, &o), KC_OK);
	assert_int_equal(count(f->buf, "\"8867-4\""), 2);
	assert_true(count(f->buf, "\"status\":\"entered-in-error\"") >= 1); /* each Observation of the reading */
	o.after = o.cursor;
	assert_int_equal(export(f, 1, &o), KC_OK);
	assert_null(strstr(f->buf, "[]"));
	assert_string_equal(f->buf, "{\"resourceType\":\"Bundle\",\"type\":\"collection\"}\n");
}

/* The old meaning (taken at or after) left out a correction of an earlier reading. */
static void test_csv_since_sends_a_correction_of_an_earlier_reading(void **state)
{
	struct fx *f = *state;
	struct kc_export_opts o = { .since = T0 + 50 * MIN };

	(void)correct(f, T0 + 60 * MIN);
	assert_int_equal(export(f, 0, &o), KC_OK);
	assert_int_equal(count(f->buf, ",entered in error,typo,"), 1);
	assert_int_equal(count(f->buf, "\r\nvitals,"), 2);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_no_bound_is_everything_and_cursor_is_last_audit_id),
		T(test_after_cursor_with_nothing_new_is_none),
		T(test_correction_sends_the_row_in_error_and_its_replacement),
		T(test_amendment_sends_the_amended_row),
		T(test_since_is_when_entered_or_corrected_not_when_taken),
		T(test_since_follows_stamps_not_ids),
		T(test_since_and_after_together_take_the_later),
		T(test_cursor_past_the_end_is_refused),
		T(test_csv_after_cursor_gets_the_correction_and_amendment_once),
		T(test_fhir_after_cursor_with_nothing_new_is_a_valid_empty_bundle),
		T(test_csv_since_sends_a_correction_of_an_earlier_reading),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
