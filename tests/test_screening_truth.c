/* test_screening_truth.c — the screening says only what happened (issue 8 items 1, 2, 8, 9):
 * an override covers exactly the one answer (reading, age) it names and a change of that
 * answer voids it; changing a recorded answer needs a reason and keeps the earlier one;
 * racemic ketamine asks about pregnancy (relative), esketamine blocks on it; a baseline
 * reading is judged by the pre-dose gate; a measure not taken reads "-", never "-1".
 * A temp on-disk database per test where the store is involved. */
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

#define MIN 60
#define T0 ((time_t)1700000000) /* session created */

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	kc_id patient, session;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "truth", "tester"); /* the first login: admin, may override */
	f->patient = tdb_patient(&f->db, "T-1", "Test Patient", "1980-01-01", T0 - 86400);
	f->session = tdb_session(&f->db, f->patient, KC_ROUTE_IV, T0);
	*state = f;
	return 0;
}

static int item(const char *key)
{
	int i = kc_check_item_index(key);

	assert_true(i >= 0);
	return i;
}

static void answer(struct fx *f, const char *key, const char *value, const char *reason, time_t at)
{
	if (kc_chart_answer_why(f->db.st, &f->db.cfg, f->session, key, value, "", reason, at, &f->db.err) != KC_OK)
		fail_msg("answer %s=%s: %s", key, value, f->db.err.msg);
}

static void override(struct fx *f, int block, time_t at)
{
	if (kc_chart_override(f->db.st, &f->db.cfg, f->session, block, "benefit outweighs risk", at, &f->db.err) !=
	    KC_OK)
		fail_msg("override %d: %s", block, f->db.err.msg);
}

/* The level of the verdict's reason that contains gist (fails when there is none). */
static enum kc_gate level_of(struct fx *f, const char *gist, struct kc_screening *scr)
{
	struct kc_verdict v;

	assert_int_equal(kc_screen_load(f->db.st, f->session, scr, &f->db.err), KC_OK);
	kc_screening_verdict(scr, &f->db.cfg, T0 + 60 * MIN, &v);
	for (int i = 0; i < v.n; i++)
		if (strstr(v.r[i].text, gist))
			return v.r[i].level;
	fail_msg("no reason containing \"%s\"", gist);
	return KC_GATE_PASS;
}

static int rows_of(struct fx *f, const char *key)
{
	struct kc_answer_row *rows = NULL;
	size_t n = 0;
	int k = 0;

	assert_int_equal(kc_screen_history(f->db.st, f->session, &rows, &n, &f->db.err), KC_OK);
	for (size_t i = 0; i < n; i++)
		k += strcmp(rows[i].item, key) == 0;
	free(rows);
	return k;
}

/* ---------- item 1: one override covers one answer ---------- */

/* The steps: aneurysm yes, override, hypersensitivity yes: still BLOCKED, and the
 * hypersensitivity is not overridden. */
static void test_override_covers_only_the_answer_it_names(void **state)
{
	struct fx *f = *state;
	struct kc_screening scr;

	answer(f, "aneurysm", "yes", NULL, T0 + MIN);
	assert_int_equal(level_of(f, "aneurysmal", &scr), KC_GATE_BLOCK);
	override(f, item("aneurysm"), T0 + 2 * MIN);
	assert_int_equal(level_of(f, "aneurysmal", &scr), KC_GATE_PASS);
	assert_true(kc_override_covers(&scr, item("aneurysm")));
	answer(f, "hypersensitivity", "yes", NULL, T0 + 3 * MIN);
	assert_int_equal(level_of(f, "Absolute contraindication: hypersensitivity", &scr), KC_GATE_BLOCK);
	assert_false(kc_override_covers(&scr, item("hypersensitivity")));
	assert_true(kc_override_covers(&scr, item("aneurysm")));
	/* its own override, then both pass */
	override(f, item("hypersensitivity"), T0 + 4 * MIN);
	assert_int_equal(level_of(f, "hypersensitivity", &scr), KC_GATE_PASS);
	assert_int_equal(rows_of(f, "override.aneurysm"), 1);
	assert_int_equal(rows_of(f, "override.hypersensitivity"), 1);
}

static void test_changing_the_answer_voids_its_override(void **state)
{
	struct fx *f = *state;
	struct kc_screening scr;

	answer(f, "ich", "yes", NULL, T0 + MIN);
	override(f, item("ich"), T0 + 2 * MIN);
	answer(f, "ich", "no", "asked again: it was a subdural, not intracerebral", T0 + 3 * MIN);
	answer(f, "ich", "yes", "neurology letter: it was intracerebral after all", T0 + 4 * MIN);
	assert_int_equal(level_of(f, "intracerebral", &scr), KC_GATE_BLOCK);
	assert_false(kc_override_covers(&scr, item("ich")));
	assert_int_equal(rows_of(f, "override.ich"), 1); /* the void override stays on the record */
}

static void test_override_refused_when_nothing_to_cover(void **state)
{
	struct fx *f = *state;
	int rc;

	answer(f, "aneurysm", "no", NULL, T0 + MIN);
	rc = kc_chart_override(f->db.st, &f->db.cfg, f->session, item("aneurysm"), "why", T0 + 2 * MIN, &f->db.err);
	assert_refused(rc, f->db.err, "nothing to override");
	rc = kc_chart_override(f->db.st, &f->db.cfg, f->session, item("drug_benzo"), "why", T0 + 2 * MIN, &f->db.err);
	assert_refused(rc, f->db.err, "nothing to override");
	answer(f, "aneurysm", "yes", "patient remembered the clipping", T0 + 3 * MIN);
	rc = kc_chart_override(f->db.st, &f->db.cfg, f->session, item("aneurysm"), "  ", T0 + 4 * MIN, &f->db.err);
	assert_refused(rc, f->db.err, "reason");
	override(f, item("aneurysm"), T0 + 4 * MIN);
	rc = kc_chart_override(f->db.st, &f->db.cfg, f->session, item("aneurysm"), "again", T0 + 5 * MIN, &f->db.err);
	assert_refused(rc, f->db.err, "already overridden");
	/* the old catch-all item is not an answer the chart writes */
	rc = kc_chart_answer(f->db.st, &f->db.cfg, f->session, "override", "yes", "all of it", T0 + 6 * MIN,
			     &f->db.err);
	assert_refused(rc, f->db.err, "names the one block");
	assert_int_equal(rows_of(f, "override.aneurysm"), 1);
	assert_int_equal(rows_of(f, "override"), 0);
}

static void test_nurse_may_not_override(void **state)
{
	struct fx *f = *state;
	struct kc_store *nurse = NULL;
	struct kc_screening scr;
	int rc;

	assert_int_equal(kc_chart_clinician_add(f->db.st, "nurse1", "Nurse One", KC_ROLE_NURSE, T0, &f->db.err), KC_OK);
	answer(f, "aneurysm", "yes", NULL, T0 + MIN);
	assert_int_equal(kc_store_open(&nurse, f->db.path, 0, "nurse1", &f->db.err), KC_OK);
	rc = kc_chart_override(nurse, &f->db.cfg, f->session, item("aneurysm"), "fine", T0 + 2 * MIN, &f->db.err);
	assert_int_equal(rc, KC_ERR_DENIED);
	kc_store_close(nurse);
	assert_int_equal(level_of(f, "aneurysmal", &scr), KC_GATE_BLOCK);
}

/* A BP override names the reading: a new baseline reading that still blocks needs its own. */
static void test_bp_override_names_the_reading(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_entry e = { .taken = T0 + 10 * MIN, .baseline = 1 };
	struct kc_vitals_result res;
	struct kc_screening scr;

	e.text = (struct kc_vitals_text){ "150/100", "72", "98", "14", "", "5" };
	assert_int_equal(kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, T0 + 10 * MIN, &res, &f->db.err), KC_OK);
	assert_int_equal(level_of(f, "Baseline BP 150/100", &scr), KC_GATE_BLOCK);
	override(f, KC_BLOCK_BP, T0 + 11 * MIN);
	assert_int_equal(level_of(f, "Baseline BP 150/100", &scr), KC_GATE_PASS);
	e.taken = T0 + 20 * MIN;
	e.text.bp = "152/101";
	assert_int_equal(kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, T0 + 20 * MIN, &res, &f->db.err), KC_OK);
	assert_int_equal(level_of(f, "Baseline BP 152/101", &scr), KC_GATE_BLOCK);
	assert_false(kc_override_covers(&scr, KC_BLOCK_BP));
}

/* A database of schema 3 holds "override" (every block): it covers what was recorded
 * before it, not an absolute answer given or changed afterwards. */
static void test_old_catch_all_override_covers_only_what_came_before(void **state)
{
	struct fx *f = *state;
	struct kc_screening scr;

	answer(f, "aneurysm", "yes", NULL, T0 + MIN);
	assert_int_equal(kc_screen_set(f->db.st, f->session, "override", "yes", "old style", T0 + 2 * MIN, &f->db.err),
			 KC_OK);
	answer(f, "hypersensitivity", "yes", NULL, T0 + 3 * MIN);
	assert_int_equal(level_of(f, "aneurysmal", &scr), KC_GATE_PASS);
	assert_int_equal(level_of(f, "hypersensitivity", &scr), KC_GATE_BLOCK);
}

static void test_override_rule_is_pure(void **state)
{
	struct kc_screening s;
	int blocks[8], n;
	struct kc_config cfg;

	(void)state;
	kc_config_defaults(&cfg);
	kc_screening_init(&s, KC_ROUTE_ESKETAMINE);
	s.answers[item("aneurysm")] = KC_ANS_YES;
	s.answer_id[item("aneurysm")] = 41;
	s.override_of[item("aneurysm")] = 40; /* names an earlier answer */
	assert_false(kc_override_covers(&s, item("aneurysm")));
	s.override_of[item("aneurysm")] = 41;
	assert_true(kc_override_covers(&s, item("aneurysm")));
	s.age_years = 17;
	assert_false(kc_override_covers(&s, KC_BLOCK_AGE));
	s.age_override_of = 17;
	assert_true(kc_override_covers(&s, KC_BLOCK_AGE));
	s.baseline.systolic = 185;
	s.baseline.diastolic = 95;
	assert_false(kc_override_covers(&s, KC_BLOCK_BP)); /* no reading named: 0 never matches */
	n = kc_screening_blocks(&s, &cfg, blocks, 8);
	assert_int_equal(n, 3);
	assert_int_equal(blocks[0], item("aneurysm"));
	assert_int_equal(blocks[1], KC_BLOCK_AGE);
	assert_int_equal(blocks[2], KC_BLOCK_BP);
	assert_int_equal(kc_override_block("override.aneurysm"), item("aneurysm"));
	assert_int_equal(kc_override_block("override.drug_benzo"), KC_BLOCK_NONE); /* relative: confirmed */
	assert_int_equal(kc_override_block("override.bp"), KC_BLOCK_BP);
	assert_int_equal(kc_override_block("override"), KC_BLOCK_ALL);
	assert_int_equal(kc_override_block("consent"), KC_BLOCK_NONE);
}

/* ---------- item 2: a change needs a reason and keeps the earlier answer ---------- */

static void test_change_needs_a_reason_and_keeps_the_earlier_answer(void **state)
{
	struct fx *f = *state;
	struct kc_answer_row *rows = NULL, was;
	size_t n = 0;
	int rc, change = 0;

	answer(f, "aneurysm", "yes", NULL, T0 + MIN);
	answer(f, "aneurysm", "yes", NULL, T0 + 2 * MIN); /* the same again: nothing written */
	assert_int_equal(kc_chart_answer_changes(f->db.st, f->session, "aneurysm", "no", "", &was, &change, &f->db.err),
			 KC_OK);
	assert_true(change);
	assert_string_equal(was.value, "yes");
	rc = kc_chart_answer(f->db.st, &f->db.cfg, f->session, "aneurysm", "no", "", T0 + 3 * MIN, &f->db.err);
	assert_refused(rc, f->db.err, "changing it needs a reason");
	assert_non_null(strstr(f->db.err.msg, "'yes'"));
	rc = kc_chart_answer_why(f->db.st, &f->db.cfg, f->session, "aneurysm", "no", "", " ", T0 + 3 * MIN, &f->db.err);
	assert_refused(rc, f->db.err, "needs a reason");
	answer(f, "aneurysm", "no", "misheard: it was an ankle operation", T0 + 4 * MIN);
	assert_int_equal(kc_screen_history(f->db.st, f->session, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 3); /* yes, no, and the reason naming the no */
	assert_string_equal(rows[0].value, "yes");
	assert_string_equal(rows[1].value, "no");
	assert_string_equal(rows[2].item, "change");
	assert_int_equal(strtoll(rows[2].value, NULL, 10), rows[1].id);
	assert_string_equal(rows[2].note, "misheard: it was an ankle operation");
	free(rows);
	/* the current answers do not list the reason as an answer */
	assert_int_equal(kc_screen_list(f->db.st, f->session, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].value, "no");
	free(rows);
}

static void test_what_counts_as_a_change(void **state)
{
	(void)state;
	assert_false(kc_answer_is_change("aneurysm", "", "", "yes", ""));       /* first answer */
	assert_false(kc_answer_is_change("aneurysm", "yes", "", "yes", ""));    /* the same */
	assert_true(kc_answer_is_change("aneurysm", "yes", "", "no", ""));
	assert_true(kc_answer_is_change("confirm.hepatic", "yes", "ok", "yes", "fine")); /* its note */
	assert_true(kc_answer_is_change("last_solids", "1700000000", "", "", "")); /* cleared */
	assert_false(kc_answer_is_change("override.ich", "12", "a", "15", "b")); /* each its own act */
	assert_false(kc_answer_is_change("consent", NULL, NULL, "yes", NULL));
}

/* ---------- item 9: pregnancy ---------- */

static void test_pregnancy_relative_for_racemic_absolute_for_esketamine(void **state)
{
	size_t n;
	const struct kc_check_item *it = kc_check_items(&n);
	int iv = item("pregnancy_ketamine"), esk = item("pregnancy");
	struct kc_config cfg;
	struct kc_screening s;
	struct kc_verdict v;

	(void)state;
	kc_config_defaults(&cfg);
	assert_int_equal(it[iv].cls, KC_ITEM_RELATIVE);
	assert_true(it[iv].routes & (1u << KC_ROUTE_IV));
	assert_false(it[iv].routes & (1u << KC_ROUTE_ESKETAMINE));
	assert_int_equal(it[esk].cls, KC_ITEM_ABSOLUTE);
	assert_int_equal(it[esk].routes, 1u << KC_ROUTE_ESKETAMINE);
	assert_string_equal(it[iv].label, "Pregnancy");
	/* IV: not answered is missing; yes needs a confirming note, then passes */
	kc_screening_init(&s, KC_ROUTE_IV);
	kc_screening_verdict(&s, &cfg, T0, &v);
	for (int i = 0, found = 0; i <= v.n; i++) {
		if (i == v.n)
			assert_true(found);
		else if (strcmp(v.r[i].text, "Not answered: pregnancy") == 0)
			found = 1;
	}
	s.answers[iv] = KC_ANS_YES;
	kc_screening_verdict(&s, &cfg, T0, &v);
	for (int i = 0; i < v.n; i++)
		if (strstr(v.r[i].text, "pregnancy"))
			assert_int_equal(v.r[i].level, KC_GATE_CONFIRM);
	s.confirmed[iv] = 1;
	kc_screening_verdict(&s, &cfg, T0, &v);
	for (int i = 0; i < v.n; i++)
		if (strstr(v.r[i].text, "pregnancy"))
			assert_int_equal(v.r[i].level, KC_GATE_PASS);
	/* esketamine does not ask the racemic item */
	kc_screening_init(&s, KC_ROUTE_ESKETAMINE);
	s.answers[iv] = KC_ANS_YES;
	kc_screening_verdict(&s, &cfg, T0, &v);
	for (int i = 0; i < v.n; i++)
		assert_null(strstr(v.r[i].text, "Relative contraindication: pregnancy"));
}

/* ---------- item 8: the pre-dose gate flags, a blank measure ---------- */

static void test_baseline_gate_levels_and_blank_measure(void **state)
{
	struct kc_config cfg;
	char buf[8];

	(void)state;
	kc_config_defaults(&cfg);
	assert_int_equal(kc_predose_bp_gate(150, 100, &cfg.screening, NULL, 0), KC_GATE_BLOCK);
	assert_int_equal(kc_predose_bp_gate(141, 85, &cfg.screening, NULL, 0), KC_GATE_CONFIRM);
	assert_int_equal(kc_predose_bp_gate(140, 90, &cfg.screening, NULL, 0), KC_GATE_PASS);
	assert_string_equal(kc_num_text(KC_NONE, buf, sizeof buf), "-");
	assert_string_equal(kc_num_text(0, buf, sizeof buf), "0");
	assert_string_equal(kc_num_text(5, buf, sizeof buf), "5");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_override_covers_only_the_answer_it_names, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_changing_the_answer_voids_its_override, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_override_refused_when_nothing_to_cover, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_nurse_may_not_override, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_bp_override_names_the_reading, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_old_catch_all_override_covers_only_what_came_before, fx_setup,
						tdb_teardown),
		cmocka_unit_test(test_override_rule_is_pure),
		cmocka_unit_test_setup_teardown(test_change_needs_a_reason_and_keeps_the_earlier_answer, fx_setup,
						tdb_teardown),
		cmocka_unit_test(test_what_counts_as_a_change),
		cmocka_unit_test(test_pregnancy_relative_for_racemic_absolute_for_esketamine),
		cmocka_unit_test(test_baseline_gate_levels_and_blank_measure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
