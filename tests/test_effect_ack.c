/* test_effect_ack.c — a side effect's interventions as actions (issue 11): each its own
 * ack_action row linked to the observation, written through kc_chart_observation with the
 * observation all or none, offered by the effect's kind ([interventions] lists: an
 * analgesic for a headache, an antiemetic for nausea, pause only while an infusion runs),
 * refused as a CRIT acknowledgement's actions are; the observation's intervention their
 * numbered wording, and the report giving them one a line numbered as for a CRIT alert; an
 * older observation with its joined text reading as it was. */
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
#include "kc_report.h"
#include "kc_verify.h"

#define MIN 60
#define T0 ((time_t)1700000000)
#define DOSE (T0 + 60 * MIN)

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	kc_id patient, session;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "effect_ack", "tester");
	f->patient = tdb_patient(&f->db, "T-1", "Test Patient", "1980-01-01", T0 - 86400);
	f->session = tdb_session(&f->db, f->patient, KC_ROUTE_IV, T0);
	tdb_screen_clear(&f->db, f->session, KC_ROUTE_IV, T0 - 10 * 3600, T0 + 5 * MIN);
	assert_int_equal(kc_chart_weight(f->db.st, &f->db.cfg, f->patient, f->session, "70", T0 + 5 * MIN,
					 T0 + 5 * MIN, NULL, &f->db.err), KC_OK);
	*state = f;
	return 0;
}

/* Baseline 120/80, the plan, the infusion started at DOSE. */
static void start_infusion(struct fx *f)
{
	struct kc_vitals_entry e = { .taken = DOSE - 10 * MIN, .baseline = 1 };
	struct kc_vitals_result res;
	struct kc_iv_dose d;
	struct kc_dose_row r = { .kind = KC_DOSE_START, .at = DOSE };

	e.text = (struct kc_vitals_text){ "120/80", "72", "98", "14", "", "5" };
	assert_int_equal(kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, DOSE - 9 * MIN, &res, &f->db.err),
			 KC_OK);
	assert_int_equal(kc_chart_plan_iv(f->db.st, &f->db.cfg, f->session, 0.5, DOSE - 5 * MIN, &d, &f->db.err),
			 KC_OK);
	r.rate_ml_h = d.rate_ml_h;
	assert_int_equal(kc_chart_dose(f->db.st, &f->db.cfg, f->session, &r, DOSE, &f->db.err), KC_OK);
}

static struct kc_ack_action pick(enum kc_obs_kind k, int infusion, const char *choice, const char *text)
{
	struct kc_ack_offer o;
	struct kc_ack_action a;

	kc_ack_offer_effect(ref_config(), k, infusion, &o);
	for (int i = 0; i < o.n; i++)
		if (strcmp(o.item[i].choice, choice) == 0) {
			kc_ack_pick(&o, i, text, 0, &a);
			return a;
		}
	fail_msg("\"%s\" is not offered", choice);
	return a;
}

static int chart_effect(struct fx *f, enum kc_obs_kind k, int score, const struct kc_ack_action *a, size_t n,
			time_t at, kc_id *id)
{
	struct kc_obs_entry e = { .kind = k, .scale = KC_SCALE_NRS, .score = score, .detail = "", .intervention = "",
				  .note = "", .observed = at, .acts = a, .n_acts = n };

	return kc_chart_observation(f->db.st, &f->db.cfg, f->session, &e, at + 30, id, NULL, &f->db.err);
}

static size_t ack_rows(struct fx *f, struct kc_ack_row **rows)
{
	size_t n = 0;

	assert_int_equal(kc_ack_list(f->db.st, f->session, rows, &n, &f->db.err), KC_OK);
	return n;
}

static const struct kc_obs_row *obs_get(struct fx *f, kc_id id, struct kc_obs_row **rows)
{
	size_t n = 0;

	assert_int_equal(kc_obs_list(f->db.st, f->session, rows, &n, &f->db.err), KC_OK);
	for (size_t i = 0; i < n; i++)
		if ((*rows)[i].id == id)
			return &(*rows)[i];
	fail_msg("no observation %lld", id);
	return NULL;
}

static void verify_clean(struct fx *f)
{
	struct kc_verify_result v;

	assert_int_equal(kc_verify(f->db.st, NULL, &v, &f->db.err), KC_OK);
	if (v.problems)
		fail_msg("verify: %s", v.problem[0]);
}

/* The report as text. */
static char *report(struct fx *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	assert_int_equal(kc_report_text(f->db.st, &f->db.cfg, f->session, out, &f->db.err), KC_OK);
	fclose(out);
	return buf;
}

/* ---------- rules ---------- */

static void numbered_wording(void **state)
{
	struct kc_ack_action a[3];
	char out[256];

	(void)state;
	a[0] = pick(KC_OBS_NAUSEA, 0, "ondansetron 4 mg IV", "");
	assert_int_equal(kc_ack_numbered(a, 1, out, sizeof out), strlen("ondansetron 4 mg IV"));
	assert_string_equal(out, "ondansetron 4 mg IV");
	a[1] = pick(KC_OBS_NAUSEA, 0, "reassurance", "");
	a[2] = pick(KC_OBS_NAUSEA, 0, "other", "cool cloth");
	kc_ack_numbered(a, 3, out, sizeof out);
	assert_string_equal(out, "1. ondansetron 4 mg IV; 2. reassurance; 3. cool cloth");
	kc_ack_numbered(a, 0, out, sizeof out);
	assert_string_equal(out, "");
	/* cut short: the length it needed, the text ended */
	assert_true(kc_ack_numbered(a, 3, out, 10) > 10);
	assert_int_equal(strlen(out), 9);
}

static void each_kind_its_own_list(void **state)
{
	struct kc_ack_offer o;

	(void)state;
	kc_ack_offer_effect(ref_config(), KC_OBS_HEADACHE, 0, &o);
	assert_int_equal(o.item[0].kind, KC_ACT_ANALGESIC);
	for (int i = 0; i < o.n; i++)
		assert_int_not_equal(o.item[i].kind, KC_ACT_ANTIEMETIC);
	kc_ack_offer_effect(ref_config(), KC_OBS_NAUSEA, 0, &o);
	assert_int_equal(o.item[0].kind, KC_ACT_ANTIEMETIC);
	assert_string_equal(o.item[o.n - 1].choice, "other");
}

/* ---------- the chart on a temp database ---------- */

static void two_interventions_two_rows(void **state)
{
	struct fx *f = *state;
	struct kc_ack_action a[2];
	struct kc_ack_row *rows = NULL;
	struct kc_obs_row *obs = NULL;
	kc_id id = 0;

	a[0] = pick(KC_OBS_HEADACHE, 0, "paracetamol 1 g PO", "");
	a[1] = pick(KC_OBS_HEADACHE, 0, "other", "cool cloth");
	assert_int_equal(chart_effect(f, KC_OBS_HEADACHE, 5, a, 2, T0 + 20 * MIN, &id), KC_OK);
	assert_true(id > 0);
	assert_int_equal(ack_rows(f, &rows), 2);
	assert_int_equal(rows[0].observation_id, id);
	assert_int_equal(rows[0].vitals_id, 0);
	assert_int_equal(rows[0].seq, 1);
	assert_int_equal(rows[0].a.kind, KC_ACT_ANALGESIC);
	assert_string_equal(rows[0].a.choice, "paracetamol 1 g PO");
	assert_int_equal(rows[1].seq, 2);
	assert_int_equal(rows[1].a.kind, KC_ACT_OTHER);
	assert_string_equal(rows[1].a.text, "cool cloth");
	assert_string_equal(rows[1].entered_by, "tester");
	free(rows);
	assert_string_equal(obs_get(f, id, &obs)->intervention, "1. paracetamol 1 g PO; 2. cool cloth");
	free(obs);
	verify_clean(f);
}

static void refused_writes_nothing(void **state)
{
	struct fx *f = *state;
	struct kc_ack_action a[2];
	struct kc_ack_row *rows = NULL;
	struct kc_obs_row *obs = NULL;
	struct kc_obs_entry e = { .kind = KC_OBS_NAUSEA, .scale = KC_SCALE_NRS, .score = 4, .detail = "",
				  .intervention = "ondansetron", .note = "", .observed = T0 + 20 * MIN };
	size_t n = 0;

	/* a headache is not offered an antiemetic */
	a[0] = pick(KC_OBS_NAUSEA, 0, "ondansetron 4 mg IV", "");
	assert_refused(chart_effect(f, KC_OBS_HEADACHE, 5, a, 1, T0 + 20 * MIN, NULL), f->db.err,
		       "action 1: \"ondansetron 4 mg IV\" is not offered");
	/* other without its text; the same twice; pause without an infusion */
	a[1] = pick(KC_OBS_NAUSEA, 0, "other", "");
	assert_refused(chart_effect(f, KC_OBS_NAUSEA, 5, a, 2, T0 + 20 * MIN, NULL), f->db.err, "say what was done");
	a[1] = a[0];
	assert_refused(chart_effect(f, KC_OBS_NAUSEA, 5, a, 2, T0 + 20 * MIN, NULL), f->db.err, "action 2 is action 1");
	a[1] = pick(KC_OBS_NAUSEA, 1, "infusion paused", "");
	assert_refused(chart_effect(f, KC_OBS_NAUSEA, 5, a, 2, T0 + 20 * MIN, NULL), f->db.err, "is not offered");
	/* hostile text */
	a[1] = pick(KC_OBS_NAUSEA, 0, "other", "cloth\x1b[2J");
	assert_refused(chart_effect(f, KC_OBS_NAUSEA, 5, a, 2, T0 + 20 * MIN, NULL), f->db.err, "action 2:");
	/* text and actions together */
	e.acts = a;
	e.n_acts = 1;
	assert_refused(kc_chart_observation(f->db.st, &f->db.cfg, f->session, &e, T0 + 21 * MIN, NULL, NULL, &f->db.err),
		       f->db.err, "as text and as actions");
	assert_int_equal(ack_rows(f, &rows), 0);
	free(rows);
	assert_int_equal(kc_obs_list(f->db.st, f->session, &obs, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 0);
	free(obs);
}

/* "infusion paused" pauses the running infusion with the observation, in one transaction. */
static void pause_is_charted_with_it(void **state)
{
	struct fx *f = *state;
	struct kc_ack_action a[2];
	struct kc_chart_state cs;
	struct kc_ack_row *rows = NULL;
	kc_id id = 0;

	start_infusion(f);
	a[0] = pick(KC_OBS_NAUSEA, 1, "infusion paused", "");
	a[1] = pick(KC_OBS_NAUSEA, 1, "ondansetron 4 mg IV", "");
	assert_int_equal(chart_effect(f, KC_OBS_NAUSEA, 6, a, 2, DOSE + 10 * MIN, &id), KC_OK);
	assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, f->session, DOSE + 12 * MIN, &cs, &f->db.err),
			 KC_OK);
	assert_int_equal(cs.paused, 1);
	assert_int_equal(ack_rows(f, &rows), 2);
	assert_int_equal(rows[0].a.kind, KC_ACT_PAUSE);
	free(rows);
	verify_clean(f);
}

/* The report numbers several interventions one a line, as a CRIT acknowledgement's actions;
 * an older observation (joined text, no rows) reads as stored. */
static void report_one_wording_and_old_text_as_stored(void **state)
{
	struct fx *f = *state;
	struct kc_ack_action a[2];
	struct kc_obs_entry old = { .kind = KC_OBS_NAUSEA, .scale = KC_SCALE_NRS, .score = 3, .detail = "",
				    .intervention = "ondansetron 4 mg IV; reassurance", .note = "",
				    .observed = T0 + 15 * MIN };
	struct kc_ack_row *rows = NULL;
	char *text;

	assert_int_equal(kc_chart_observation(f->db.st, &f->db.cfg, f->session, &old, T0 + 16 * MIN, NULL, NULL,
					      &f->db.err), KC_OK);
	a[0] = pick(KC_OBS_HEADACHE, 0, "ibuprofen 400 mg PO", "");
	a[1] = pick(KC_OBS_HEADACHE, 0, "other", "cool cloth");
	assert_int_equal(chart_effect(f, KC_OBS_HEADACHE, 5, a, 2, T0 + 20 * MIN, NULL), KC_OK);
	assert_int_equal(ack_rows(f, &rows), 2); /* the older one has none */
	free(rows);
	text = report(f);
	assert_non_null(strstr(text, "intervention: ondansetron 4 mg IV; reassurance"));
	assert_non_null(strstr(text, "interventions, 2 actions:"));
	assert_non_null(strstr(text, "  1. ibuprofen 400 mg PO"));
	assert_non_null(strstr(text, "  2. cool cloth"));
	free(text);
	verify_clean(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbered_wording),
		cmocka_unit_test(each_kind_its_own_list),
		cmocka_unit_test_setup_teardown(two_interventions_two_rows, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(refused_writes_nothing, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(pause_is_charted_with_it, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(report_one_wording_and_old_text_as_stored, fx_setup, tdb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
