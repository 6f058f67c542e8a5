/* test_ack_actions.c — several actions per acknowledgement (issue 11): what a critical
 * alert's acknowledgement offers, what it refuses (an empty list, an action not offered,
 * other without text, hostile text), the one wording, and on a temp database: the actions
 * as rows of ack_action written with the acknowledgement all or none, audited like every
 * clinical row, and a reading acknowledged before migration 18 reading as its one action. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "kc_ack.h"
#include "kc_chart.h"
#include "kc_verify.h"

#define MIN 60
#define T0 ((time_t)1700000000)
#define DOSE (T0 + 60 * MIN)

static int find(const struct kc_ack_offer *o, const char *choice)
{
	for (int i = 0; i < o->n; i++)
		if (strcmp(o->item[i].choice, choice) == 0)
			return i;
	return -1;
}

static struct kc_ack_action act(const struct kc_ack_offer *o, const char *choice, const char *text, double rate)
{
	struct kc_ack_action a;
	int i = find(o, choice);

	if (i < 0)
		fail_msg("\"%s\" is not offered", choice);
	kc_ack_pick(o, i, text, rate, &a);
	return a;
}

/* ---------- rules ---------- */

static void vitals_offer_follows_the_infusion_and_the_config(void **state)
{
	struct kc_ack_offer o;

	(void)state;
	kc_ack_offer_vitals(ref_config(), 0, &o);
	assert_int_equal(find(&o, KC_ACK_PAUSED), -1);
	assert_int_equal(find(&o, KC_ACK_RATE), -1);
	assert_true(find(&o, KC_ACK_NOTIFY) >= 0);
	assert_true(find(&o, "labetalol 10 mg IV") >= 0); /* [interventions] antihypertensive */
	assert_int_equal(o.item[find(&o, "labetalol 10 mg IV")].kind, KC_ACT_ANTIHYPERTENSIVE);
	assert_true(find(&o, "midazolam 1 mg IV") >= 0);
	assert_string_equal(o.item[o.n - 1].choice, "other");
	kc_ack_offer_vitals(ref_config(), 1, &o);
	assert_int_equal(find(&o, KC_ACK_PAUSED), 0);
	assert_int_equal(o.item[1].kind, KC_ACT_RATE);
}

static void effect_offer_is_its_kinds_lists(void **state)
{
	struct kc_ack_offer o;

	(void)state;
	kc_ack_offer_effect(ref_config(), KC_OBS_HEADACHE, 0, &o);
	assert_int_equal(o.item[find(&o, "paracetamol 1 g PO")].kind, KC_ACT_ANALGESIC);
	assert_int_equal(find(&o, "ondansetron 4 mg IV"), -1);
	assert_int_equal(find(&o, "infusion paused"), -1);
	kc_ack_offer_effect(ref_config(), KC_OBS_NAUSEA, 1, &o);
	assert_int_equal(o.item[find(&o, "ondansetron 4 mg IV")].kind, KC_ACT_ANTIEMETIC);
	assert_int_equal(o.item[find(&o, "infusion paused")].kind, KC_ACT_PAUSE);
}

static void check_refuses_what_is_not_one_acknowledgement(void **state)
{
	struct kc_ack_offer o;
	struct kc_ack_action a[3];
	struct kc_err err;

	(void)state;
	kc_ack_offer_vitals(ref_config(), 0, &o);
	assert_refused(kc_ack_check(&o, a, 0, 256, &err), err, "choose at least one action");
	a[0] = act(&o, KC_ACK_NOTIFY, "", 0);
	assert_int_equal(kc_ack_check(&o, a, 1, 256, &err), KC_OK);
	/* not in the list for this kind: a drug of another list, or a kind mislabelled */
	a[1] = a[0];
	snprintf(a[1].choice, sizeof a[1].choice, "ondansetron 4 mg IV");
	a[1].kind = KC_ACT_ANTIEMETIC;
	assert_refused(kc_ack_check(&o, a, 2, 256, &err), err, "action 2: \"ondansetron 4 mg IV\" is not offered");
	a[1] = act(&o, "labetalol 10 mg IV", "", 0);
	a[1].kind = KC_ACT_BENZODIAZEPINE;
	assert_refused(kc_ack_check(&o, a, 2, 256, &err), err, "is not offered");
	/* infusion actions only while an infusion runs */
	a[1] = a[0];
	a[1].kind = KC_ACT_PAUSE;
	snprintf(a[1].choice, sizeof a[1].choice, KC_ACK_PAUSED);
	assert_refused(kc_ack_check(&o, a, 2, 256, &err), err, "is not offered");
	/* other and drug given need their text */
	a[1] = act(&o, "other", "  ", 0);
	assert_refused(kc_ack_check(&o, a, 2, 256, &err), err, "action 2 (other): say what was done");
	a[1] = act(&o, KC_ACK_DRUG, "", 0);
	assert_refused(kc_ack_check(&o, a, 2, 256, &err), err, "which drug and dose");
	/* hostile text: an escape sequence, a bidirectional override */
	a[1] = act(&o, "other", "cool cloth\x1b]0;owned\x07", 0);
	assert_refused(kc_ack_check(&o, a, 2, 256, &err), err, "action 2:");
	a[1] = act(&o, "other", "cool \xe2\x80\xae" "cloth", 0);
	assert_refused(kc_ack_check(&o, a, 2, 256, &err), err, "action 2:");
	/* the same twice; a rate with another action */
	a[1] = a[0];
	assert_refused(kc_ack_check(&o, a, 2, 256, &err), err, "action 2 is action 1 again");
	a[1] = act(&o, KC_ACK_REPEAT, "", 5);
	assert_refused(kc_ack_check(&o, a, 2, 256, &err), err, "a rate goes only with");
	a[1] = act(&o, "other", "cool cloth", 0);
	a[2] = act(&o, KC_ACK_DRUG, "oxygen 2 L/min by nasal cannula", 0);
	assert_int_equal(kc_ack_check(&o, a, 3, 256, &err), KC_OK);
	/* together too long for the reading's summary: refused, not cut */
	assert_refused(kc_ack_check(&o, a, 3, 40, &err), err, "nothing was cut");
}

static void one_wording(void **state)
{
	struct kc_ack_offer o;
	struct kc_ack_action a[4];
	char out[256];

	(void)state;
	kc_ack_offer_vitals(ref_config(), 1, &o);
	a[0] = act(&o, KC_ACK_RATE, "", 100);
	a[1] = act(&o, KC_ACK_NOTIFY, "Dr Lee", 0);
	a[2] = act(&o, "other", "cool cloth", 0);
	a[3] = act(&o, "labetalol 10 mg IV", "", 0);
	size_t len = kc_ack_actions_text(a, 4, out, sizeof out);

	assert_int_equal(len, strlen(out));
	assert_string_equal(out, "rate reduced to 100.0 mL/h; physician notified: Dr Lee; cool cloth; labetalol 10 mg IV");
	/* a single action typed as one text, as the calls before this one stored it */
	kc_ack_from_text("infusion paused: Dr Lee informed", 0, &a[0]);
	assert_int_equal(a[0].kind, KC_ACT_PAUSE);
	assert_string_equal(a[0].text, "Dr Lee informed");
	kc_ack_from_text("rate reduced to 100.0 mL/h", 100, &a[0]);
	assert_int_equal(a[0].kind, KC_ACT_RATE);
	kc_ack_action_text(&a[0], out, sizeof out);
	assert_string_equal(out, "rate reduced to 100.0 mL/h");
	kc_ack_from_text("rate reduced, physician informed", 0, &a[0]); /* no rate: said, not done */
	assert_int_equal(a[0].kind, KC_ACT_OTHER);
	kc_ack_action_text(&a[0], out, sizeof out);
	assert_string_equal(out, "rate reduced, physician informed");
}

/* ---------- the chart on a temp database ---------- */

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	kc_id patient, session;
};

static int vitals_at(struct fx *f, time_t taken, const char *bp, int baseline, kc_id *id)
{
	struct kc_vitals_entry e = { .taken = taken, .baseline = baseline };
	struct kc_vitals_result res;
	int rc;

	e.text = (struct kc_vitals_text){ bp, "72", "98", "14", "", "5" };
	rc = kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, taken + 30, &res, &f->db.err);
	if (id)
		*id = res.id;
	return rc;
}

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "ack_actions", "tester");
	f->patient = tdb_patient(&f->db, "T-1", "Test Patient", "1980-01-01", T0 - 86400);
	f->session = tdb_session(&f->db, f->patient, KC_ROUTE_IV, T0);
	tdb_screen_clear(&f->db, f->session, KC_ROUTE_IV, T0 - 10 * 3600, T0 + 5 * MIN);
	assert_int_equal(kc_chart_weight(f->db.st, &f->db.cfg, f->patient, f->session, "70", T0 + 5 * MIN,
					 T0 + 5 * MIN, NULL, &f->db.err), KC_OK);
	*state = f;
	return 0;
}

/* Baseline 120/80, the plan, the infusion started at DOSE at 150 mL/h, a CRIT at +10 min. */
static kc_id running_crit(struct fx *f)
{
	struct kc_iv_dose d;
	struct kc_dose_row r = { .kind = KC_DOSE_START, .at = DOSE };
	kc_id crit;

	assert_int_equal(vitals_at(f, DOSE - 10 * MIN, "120/80", 1, NULL), KC_OK);
	assert_int_equal(kc_chart_plan_iv(f->db.st, &f->db.cfg, f->session, 0.5, DOSE - 5 * MIN, &d, &f->db.err),
			 KC_OK);
	r.rate_ml_h = d.rate_ml_h;
	assert_int_equal(kc_chart_dose(f->db.st, &f->db.cfg, f->session, &r, DOSE, &f->db.err), KC_OK);
	assert_int_equal(vitals_at(f, DOSE + 10 * MIN, "185/112", 0, &crit), KC_OK);
	return crit;
}

static void offer_now(struct fx *f, struct kc_ack_offer *o, time_t now)
{
	assert_int_equal(kc_chart_ack_offer(f->db.st, &f->db.cfg, f->session, now, o, &f->db.err), KC_OK);
}

static size_t ack_rows(struct fx *f, struct kc_ack_row **rows)
{
	size_t n = 0;

	assert_int_equal(kc_ack_list(f->db.st, f->session, rows, &n, &f->db.err), KC_OK);
	return n;
}

static size_t dose_events(struct fx *f)
{
	struct kc_dose_row *rows = NULL;
	size_t n = 0;

	assert_int_equal(kc_dose_list(f->db.st, f->session, &rows, &n, &f->db.err), KC_OK);
	free(rows);
	return n;
}

static void verify_clean(struct fx *f)
{
	struct kc_verify_result v;

	assert_int_equal(kc_verify(f->db.st, NULL, &v, &f->db.err), KC_OK);
	if (v.problems)
		fail_msg("verify: %s", v.problem[0]);
}

static void two_actions_one_acknowledgement(void **state)
{
	struct fx *f = *state;
	kc_id crit = running_crit(f);
	struct kc_ack_offer o;
	struct kc_ack_action a[2];
	struct kc_ack_row *rows = NULL;
	struct kc_vitals_row v;
	struct kc_chart_state cs;

	offer_now(f, &o, DOSE + 11 * MIN);
	a[0] = act(&o, KC_ACK_PAUSED, "", 0);
	a[1] = act(&o, "labetalol 10 mg IV", "given slowly", 0);
	assert_int_equal(kc_chart_ack_actions(f->db.st, &f->db.cfg, crit, a, 2, DOSE + 11 * MIN, &f->db.err), KC_OK);
	assert_int_equal(ack_rows(f, &rows), 2);
	assert_int_equal(rows[0].vitals_id, crit);
	assert_int_equal(rows[0].seq, 1);
	assert_int_equal(rows[0].a.kind, KC_ACT_PAUSE);
	assert_int_equal(rows[1].seq, 2);
	assert_int_equal(rows[1].a.kind, KC_ACT_ANTIHYPERTENSIVE);
	assert_string_equal(rows[1].a.choice, "labetalol 10 mg IV");
	assert_string_equal(rows[1].a.text, "given slowly");
	assert_string_equal(rows[1].entered_by, "tester");
	assert_int_equal(rows[1].entered_at, DOSE + 11 * MIN);
	free(rows);
	assert_int_equal(kc_vitals_get(f->db.st, crit, &v, &f->db.err), KC_OK);
	assert_int_equal(v.acked, 1);
	assert_string_equal(v.ack_action, "infusion paused; labetalol 10 mg IV: given slowly");
	/* the pause the first action states was charted with it */
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, DOSE + 12 * MIN, &cs, &f->db.err),
			 KC_OK);
	assert_int_equal(cs.paused, 1);
	assert_int_equal(cs.unacked_critical, 0);
	/* once: a second acknowledgement is refused and adds no row */
	assert_refused(kc_chart_ack_actions(f->db.st, &f->db.cfg, crit, &a[1], 1, DOSE + 13 * MIN, &f->db.err),
		       f->db.err, "already acknowledged");
	assert_int_equal(ack_rows(f, &rows), 2);
	free(rows);
	verify_clean(f);
}

static void empty_and_unoffered_are_refused_and_write_nothing(void **state)
{
	struct fx *f = *state;
	kc_id crit = running_crit(f);
	struct kc_ack_offer o;
	struct kc_ack_action a[2];
	struct kc_ack_row *rows = NULL;
	struct kc_vitals_row v;

	offer_now(f, &o, DOSE + 11 * MIN);
	assert_refused(kc_chart_ack_actions(f->db.st, &f->db.cfg, crit, a, 0, DOSE + 11 * MIN, &f->db.err), f->db.err,
		       "choose at least one action");
	a[0] = act(&o, KC_ACK_PAUSED, "", 0);
	a[1] = act(&o, "other", "", 0);
	assert_refused(kc_chart_ack_actions(f->db.st, &f->db.cfg, crit, a, 2, DOSE + 11 * MIN, &f->db.err), f->db.err,
		       "say what was done");
	kc_ack_offer_effect(&f->db.cfg, KC_OBS_NAUSEA, 1, &o);
	a[1] = act(&o, "ondansetron 4 mg IV", "", 0); /* a side effect's list, not an alert's */
	assert_refused(kc_chart_ack_actions(f->db.st, &f->db.cfg, crit, a, 2, DOSE + 11 * MIN, &f->db.err), f->db.err,
		       "is not offered here");
	assert_int_equal(ack_rows(f, &rows), 0);
	free(rows);
	assert_int_equal(kc_vitals_get(f->db.st, crit, &v, &f->db.err), KC_OK);
	assert_int_equal(v.acked, 0);
	assert_int_equal(dose_events(f), 1); /* the start only: nothing paused */
}

static void a_refusal_midway_leaves_nothing(void **state)
{
	struct fx *f = *state;
	kc_id crit = running_crit(f);
	struct kc_ack_offer o;
	struct kc_ack_action a[3];
	struct kc_ack_row *rows = NULL;
	struct kc_vitals_row v;
	struct kc_chart_state cs;

	offer_now(f, &o, DOSE + 11 * MIN);
	/* The pause is charted first, then the lower rate is refused (the infusion is paused by
	 * then): the pause goes with it, and no action nor acknowledgement is stored. */
	a[0] = act(&o, KC_ACK_PAUSED, "", 0);
	a[1] = act(&o, KC_ACK_NOTIFY, "Dr Lee", 0);
	a[2] = act(&o, KC_ACK_RATE, "", 100);
	assert_refused(kc_chart_ack_actions(f->db.st, &f->db.cfg, crit, a, 3, DOSE + 11 * MIN, &f->db.err), f->db.err,
		       "the infusion is paused");
	assert_int_equal(dose_events(f), 1);
	assert_int_equal(ack_rows(f, &rows), 0);
	free(rows);
	assert_int_equal(kc_vitals_get(f->db.st, crit, &v, &f->db.err), KC_OK);
	assert_int_equal(v.acked, 0);
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, DOSE + 12 * MIN, &cs, &f->db.err),
			 KC_OK);
	assert_int_equal(cs.paused, 0);
	assert_int_equal(cs.unacked_critical, 1);
	/* the same without the contradiction goes through whole */
	assert_int_equal(kc_chart_ack_actions(f->db.st, &f->db.cfg, crit, &a[1], 2, DOSE + 11 * MIN, &f->db.err), KC_OK);
	assert_int_equal(dose_events(f), 2);
	assert_int_equal(ack_rows(f, &rows), 2);
	free(rows);
	verify_clean(f);
}

static void actions_are_audited_and_never_changed(void **state)
{
	struct fx *f = *state;
	kc_id crit = running_crit(f);
	struct kc_ack_offer o;
	struct kc_ack_action a[2];
	sqlite3 *db;
	sqlite3_stmt *s;
	int n = 0;

	offer_now(f, &o, DOSE + 11 * MIN);
	a[0] = act(&o, KC_ACK_NOTIFY, "Dr Lee", 0);
	a[1] = act(&o, "other", "oxygen 2 L/min", 0);
	assert_int_equal(kc_chart_ack_actions(f->db.st, &f->db.cfg, crit, a, 2, DOSE + 11 * MIN, &f->db.err), KC_OK);
	assert_int_equal(sqlite3_open(f->db.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT who, at, json_extract(new_value, '$.kind'),"
					    " json_extract(new_value, '$.text') FROM audit WHERE tbl = 'ack_action'"
					    " AND field = '' ORDER BY id", -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		assert_string_equal((const char *)sqlite3_column_text(s, 0), "tester");
		assert_int_equal(sqlite3_column_int64(s, 1), DOSE + 11 * MIN);
		assert_string_equal((const char *)sqlite3_column_text(s, 2), n ? "other" : "notify");
		assert_string_equal((const char *)sqlite3_column_text(s, 3), n ? "oxygen 2 L/min" : "Dr Lee");
		n++;
	}
	sqlite3_finalize(s);
	assert_int_equal(n, 2);
	/* no change and no delete, even on a raw connection */
	assert_int_not_equal(sqlite3_exec(db, "UPDATE ack_action SET text = 'nothing'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM ack_action", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	verify_clean(f);
}

/* A reading acknowledged by a binary before migration 18: the table is not there, the
 * reading holds its one action. After the upgrade it reads the same, verify is clean, and
 * running migration 18 again (user_version taken back) changes nothing. */
static void single_acks_before_the_migration_read_as_one_action(void **state)
{
	struct fx *f = *state;
	kc_id crit = running_crit(f);
	struct kc_ack_row *rows = NULL;
	struct kc_vitals_row v;
	sqlite3 *db;

	assert_int_equal(kc_vitals_ack(f->db.st, crit, "physician notified: Dr Lee", DOSE + 11 * MIN, &f->db.err),
			 KC_OK);
	kc_store_close(f->db.st);
	assert_int_equal(sqlite3_open(f->db.path, &db), SQLITE_OK);
	tdb_exec(db, "DROP TABLE ack_action; PRAGMA user_version = 16;");
	sqlite3_close(db);
	tdb_open(&f->db, "tester");
	assert_int_equal(ack_rows(f, &rows), 0);
	free(rows);
	assert_int_equal(kc_vitals_get(f->db.st, crit, &v, &f->db.err), KC_OK);
	assert_int_equal(v.acked, 1);
	assert_string_equal(v.ack_action, "physician notified: Dr Lee");
	verify_clean(f);
	kc_store_close(f->db.st);
	assert_int_equal(sqlite3_open(f->db.path, &db), SQLITE_OK);
	tdb_exec(db, "PRAGMA user_version = 16;");
	sqlite3_close(db);
	tdb_open(&f->db, "tester");
	verify_clean(f);
}

/* The older one-text call still works and now leaves its one row. */
static void one_text_call_leaves_one_row(void **state)
{
	struct fx *f = *state;
	kc_id crit = running_crit(f);
	struct kc_ack_row *rows = NULL;

	assert_int_equal(kc_chart_ack_rate(f->db.st, &f->db.cfg, crit, "rate reduced to 100.0 mL/h", 100,
					   DOSE + 11 * MIN, &f->db.err), KC_OK);
	assert_int_equal(ack_rows(f, &rows), 1);
	assert_int_equal(rows[0].a.kind, KC_ACT_RATE);
	assert_tenths(rows[0].a.rate_ml_h, 100.0);
	free(rows);
	assert_int_equal(dose_events(f), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vitals_offer_follows_the_infusion_and_the_config),
		cmocka_unit_test(effect_offer_is_its_kinds_lists),
		cmocka_unit_test(check_refuses_what_is_not_one_acknowledgement),
		cmocka_unit_test(one_wording),
		cmocka_unit_test_setup_teardown(two_actions_one_acknowledgement, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(empty_and_unoffered_are_refused_and_write_nothing, fx_setup,
						tdb_teardown),
		cmocka_unit_test_setup_teardown(a_refusal_midway_leaves_nothing, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(actions_are_audited_and_never_changed, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(single_acks_before_the_migration_read_as_one_action, fx_setup,
						tdb_teardown),
		cmocka_unit_test_setup_teardown(one_text_call_leaves_one_row, fx_setup, tdb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
