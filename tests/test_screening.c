/* test_screening.c — the contraindication checklist and the pre-dose verdict. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "kc_clinical.h"

#define HOUR 3600
static const time_t DOSE = 1700000000; /* any fixed instant: rules never read the clock */

/* A complete screening with nothing wrong. */
static void clean(struct kc_screening *s, enum kc_route route)
{
	size_t n;

	kc_screening_init(s, route);
	kc_check_items(&n);
	for (size_t i = 0; i < n; i++)
		s->answers[i] = KC_ANS_NO;
	s->age_years = 40;
	memset(s->phq9, 0, sizeof s->phq9);
	memset(s->gad7, 0, sizeof s->gad7);
	s->has_phq9 = s->has_gad7 = s->has_cssrs = 1;
	s->cssrs.q[1] = s->cssrs.q[2] = s->cssrs.q[6] = 0;
	s->weight_kg = 72.5;
	s->last_solids = DOSE - 8 * HOUR;
	s->last_liquids = DOSE - 3 * HOUR;
	s->escort_named = s->consent = s->med_changes_reviewed = 1;
	s->baseline.systolic = 128;
	s->baseline.diastolic = 82;
}

/* A physician's override of every block as it stands: each names its current answer. */
static void override_all(struct kc_screening *s)
{
	for (int i = 0; i < KC_CHECK_MAX; i++)
		s->answer_id[i] = s->override_of[i] = 100 + i;
	s->baseline_id = s->bp_override_of = 7;
	s->age_override_of = s->age_years;
}

static struct kc_verdict verdict(const struct kc_screening *s)
{
	struct kc_config cfg;
	struct kc_verdict v;

	kc_config_defaults(&cfg); /* clinical-reference.md defaults */
	memset(&v, 0x5a, sizeof v); /* garbage in: the verdict must reset everything */
	kc_screening_verdict(s, &cfg, DOSE, &v);
	return v;
}

/* The reason whose text contains gist, or fail. */
static const struct kc_reason *reason(const struct kc_verdict *v, const char *gist)
{
	for (int i = 0; i < v->n; i++)
		if (strstr(v->r[i].text, gist))
			return &v->r[i];
	fail_msg("no reason containing \"%s\" among %d", gist, v->n);
	return NULL;
}

static int item(const char *key)
{
	int i = kc_check_item_index(key);

	assert_true(i >= 0);
	return i;
}

/* ---------- checklist table ---------- */

static void test_checklist_table_keys_and_order(void **state)
{
	static const char *const keys[] = {
		"aneurysm", "ich", "hypersensitivity", "pregnancy", "uncontrolled_htn", "cardiac_recent",
		"icp_iop", "psychosis_mania", "substance_use", "seizures", "cystitis", "hepatic",
		"breastfeeding", "pregnancy_ketamine", "drug_benzo", "drug_hypnotic", "drug_opioid", "drug_alcohol",
		"drug_stimulant", "drug_maoi",
	};
	size_t n = 0;
	const struct kc_check_item *it = kc_check_items(&n);
	int seen_relative = 0;

	(void)state;
	assert_int_equal(n, sizeof keys / sizeof keys[0]);
	assert_true(n <= KC_CHECK_MAX);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(kc_check_item_index(keys[i]), (int)i);
		assert_true(strlen(it[i].label) > 0);
		assert_true(it[i].routes != 0);
		if (it[i].cls == KC_ITEM_RELATIVE)
			seen_relative = 1;
		else
			assert_false(seen_relative); /* absolute items first */
	}
	assert_int_equal(it[item("ich")].cls, KC_ITEM_ABSOLUTE);
	assert_int_equal(it[item("drug_maoi")].cls, KC_ITEM_RELATIVE);
	assert_int_equal(it[item("pregnancy")].routes, 1u << KC_ROUTE_ESKETAMINE);
	assert_true(it[item("aneurysm")].routes & (1u << KC_ROUTE_IM));
	assert_int_equal(kc_check_item_index("smoking"), -1);
	assert_int_equal(kc_check_item_index(NULL), -1);
}

static void test_init_leaves_everything_unset(void **state)
{
	struct kc_screening s;

	(void)state;
	memset(&s, 0x5a, sizeof s);
	kc_screening_init(&s, KC_ROUTE_ESKETAMINE);
	assert_int_equal(s.route, KC_ROUTE_ESKETAMINE);
	assert_int_equal(s.age_years, KC_NONE);
	for (int i = 0; i < KC_CHECK_MAX; i++) {
		assert_int_equal(s.answers[i], KC_ANS_UNSET);
		assert_int_equal(s.confirmed[i], 0);
	}
	assert_int_equal(s.phq9[8], KC_NONE);
	assert_int_equal(s.gad7[6], KC_NONE);
	assert_int_equal(s.cssrs.q[6], KC_NONE);
	assert_int_equal(s.cssrs.q6_recent, KC_NONE);
	assert_int_equal(s.has_phq9 | s.has_gad7 | s.has_cssrs, 0);
	assert_int_equal(s.baseline.systolic, KC_NONE);
	assert_int_equal(s.baseline.moaas, KC_NONE);
	assert_true(s.weight_kg == 0);
	assert_int_equal(s.last_solids, 0);
	assert_int_equal(s.bp_confirmed | s.fasting_confirmed, 0);
	assert_int_equal(s.override_of[0] | s.answer_id[0] | s.bp_override_of | s.baseline_id, 0);
	assert_int_equal(s.age_override_of, KC_NONE);
}

/* ---------- verdict ---------- */

static void test_clean_screening_passes_every_route(void **state)
{
	struct kc_screening s;
	struct kc_verdict v;

	(void)state;
	for (int r = 0; r < KC_ROUTE_COUNT; r++) {
		clean(&s, (enum kc_route)r);
		v = verdict(&s);
		assert_int_equal(v.gate, KC_GATE_PASS);
		assert_int_equal(v.n, 0);
		assert_int_equal(v.overridden, 0);
		assert_true(kc_verdict_allows_dosing(&v));
	}
}

static void test_each_absolute_item_blocks_and_override_passes(void **state)
{
	size_t n;
	const struct kc_check_item *it = kc_check_items(&n);
	struct kc_screening s;
	struct kc_verdict v;

	(void)state;
	for (size_t i = 0; i < n && it[i].cls == KC_ITEM_ABSOLUTE; i++) {
		clean(&s, KC_ROUTE_ESKETAMINE);
		s.answers[i] = KC_ANS_YES;
		v = verdict(&s);
		assert_int_equal(v.gate, KC_GATE_BLOCK);
		assert_int_equal(v.n, 1);
		assert_int_equal(v.r[0].level, KC_GATE_BLOCK);
		assert_non_null(strstr(v.r[0].text, "Absolute contraindication: "));
		assert_false(kc_verdict_allows_dosing(&v));
		override_all(&s);
		v = verdict(&s);
		assert_int_equal(v.gate, KC_GATE_PASS);
		assert_int_equal(v.overridden, 1);
		assert_int_equal(v.n, 1); /* kept in the list */
		assert_int_equal(v.r[0].level, KC_GATE_PASS);
		assert_non_null(strstr(v.r[0].text, "(overridden)"));
		assert_true(kc_verdict_allows_dosing(&v));
	}
}

static void test_ich_reason_text(void **state)
{
	struct kc_screening s;
	struct kc_verdict v;

	(void)state;
	clean(&s, KC_ROUTE_IV);
	s.answers[item("ich")] = KC_ANS_YES;
	v = verdict(&s);
	assert_string_equal(v.r[0].text,
			    "Absolute contraindication: prior intracerebral haemorrhage");
	s.answers[item("ich")] = KC_ANS_NA; /* n/a is not a problem */
	v = verdict(&s);
	assert_int_equal(v.gate, KC_GATE_PASS);
}

static void test_each_relative_item_needs_confirmation(void **state)
{
	size_t n;
	const struct kc_check_item *it = kc_check_items(&n);
	struct kc_screening s;
	struct kc_verdict v;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		if (it[i].cls != KC_ITEM_RELATIVE)
			continue;
		clean(&s, KC_ROUTE_IV);
		s.answers[i] = KC_ANS_YES;
		v = verdict(&s);
		assert_int_equal(v.gate, KC_GATE_CONFIRM);
		assert_int_equal(v.n, 1);
		assert_non_null(strstr(v.r[0].text, "Relative contraindication: "));
		assert_false(kc_verdict_allows_dosing(&v));
		s.confirmed[i] = 1;
		v = verdict(&s);
		assert_int_equal(v.gate, KC_GATE_PASS);
		assert_int_equal(v.n, 1);
		assert_int_equal(v.r[0].level, KC_GATE_PASS);
		assert_non_null(strstr(v.r[0].text, "(confirmed)"));
	}
}

static void test_confirming_one_relative_item_leaves_another(void **state)
{
	struct kc_screening s;
	struct kc_verdict v;

	(void)state;
	clean(&s, KC_ROUTE_IV);
	s.answers[item("drug_benzo")] = KC_ANS_YES;
	s.answers[item("drug_maoi")] = KC_ANS_YES;
	s.confirmed[item("drug_benzo")] = 1;
	v = verdict(&s);
	assert_int_equal(v.gate, KC_GATE_CONFIRM);
	assert_int_equal(reason(&v, "benzodiazepines")->level, KC_GATE_PASS);
	assert_int_equal(reason(&v, "MAOIs")->level, KC_GATE_CONFIRM);
	/* overrides do not confirm relative items */
	override_all(&s);
	assert_int_equal(verdict(&s).gate, KC_GATE_CONFIRM);
}

static void test_pregnancy_ignored_for_iv_blocks_esketamine(void **state)
{
	struct kc_screening s;
	struct kc_verdict v;

	(void)state;
	clean(&s, KC_ROUTE_IV);
	s.answers[item("pregnancy")] = KC_ANS_YES;
	assert_int_equal(verdict(&s).gate, KC_GATE_PASS);
	s.answers[item("pregnancy")] = KC_ANS_UNSET; /* not asked for IV either */
	assert_int_equal(verdict(&s).gate, KC_GATE_PASS);
	clean(&s, KC_ROUTE_ESKETAMINE);
	s.answers[item("pregnancy")] = KC_ANS_YES;
	v = verdict(&s);
	assert_int_equal(v.gate, KC_GATE_BLOCK);
	assert_string_equal(v.r[0].text, "Absolute contraindication: pregnancy");
	s.answers[item("pregnancy")] = KC_ANS_UNSET;
	v = verdict(&s);
	assert_int_equal(v.gate, KC_GATE_INCOMPLETE);
	assert_string_equal(v.r[0].text, "Not answered: pregnancy");
}

static void test_esketamine_age_17_blocks_18_passes(void **state)
{
	struct kc_screening s;
	struct kc_verdict v;

	(void)state;
	clean(&s, KC_ROUTE_ESKETAMINE);
	s.age_years = 18;
	assert_int_equal(verdict(&s).gate, KC_GATE_PASS);
	s.age_years = 17;
	v = verdict(&s);
	assert_int_equal(v.gate, KC_GATE_BLOCK);
	assert_string_equal(v.r[0].text, "Age 17: esketamine needs 18 or older");
	override_all(&s);
	v = verdict(&s);
	assert_int_equal(v.gate, KC_GATE_PASS);
	assert_int_equal(v.overridden, 1);
	assert_non_null(strstr(v.r[0].text, "(overridden)"));
	s.age_years = KC_NONE;
	v = verdict(&s);
	assert_int_equal(v.gate, KC_GATE_INCOMPLETE);
	reason(&v, "Age not entered");
	clean(&s, KC_ROUTE_IV); /* the age rule is esketamine's label */
	s.age_years = 17;
	assert_int_equal(verdict(&s).gate, KC_GATE_PASS);
}

static void test_phq9_item9_needs_suicide_risk_assessment(void **state)
{
	struct kc_screening s;
	struct kc_verdict v;

	(void)state;
	clean(&s, KC_ROUTE_IV);
	s.phq9[8] = 2;
	v = verdict(&s);
	assert_int_equal(v.gate, KC_GATE_CONFIRM);
	assert_string_equal(v.r[0].text, "PHQ-9 item 9 = 2: suicide-risk assessment required");
	s.suicide_risk_confirmed = 1;
	v = verdict(&s);
	assert_int_equal(v.gate, KC_GATE_PASS);
	assert_string_equal(v.r[0].text,
			    "PHQ-9 item 9 = 2: suicide-risk assessment required (confirmed)");
	s.phq9[8] = 0;
	s.phq9[0] = 3; /* a high total alone does not gate */
	s.phq9[1] = 3;
	assert_int_equal(verdict(&s).n, 0);
}

static void test_cssrs_moderate_needs_confirmation_low_passes(void **state)
{
	struct kc_screening s;
	struct kc_verdict v;

	(void)state;
	clean(&s, KC_ROUTE_IV);
	s.cssrs.q[1] = 1; /* low */
	assert_int_equal(verdict(&s).gate, KC_GATE_PASS);
	s.cssrs.q[6] = 1;
	s.cssrs.q6_recent = 0; /* moderate */
	v = verdict(&s);
	assert_int_equal(v.gate, KC_GATE_CONFIRM);
	assert_string_equal(v.r[0].text, "C-SSRS moderate risk: suicide-risk assessment required");
	s.cssrs.q6_recent = 1; /* high */
	v = verdict(&s);
	reason(&v, "C-SSRS high risk");
	s.suicide_risk_confirmed = 1;
	assert_int_equal(verdict(&s).gate, KC_GATE_PASS);
	s.cssrs.q[3] = 1; /* skip-logic violation: Q2 is no */
	v = verdict(&s);
	assert_int_equal(v.gate, KC_GATE_INCOMPLETE);
	reason(&v, "Q3 is asked only when Q2 is yes");
}

static void test_iv_fasting_5_9_hours_needs_confirmation_6_passes(void **state)
{
	struct kc_screening s;
	struct kc_verdict v;

	(void)state;
	clean(&s, KC_ROUTE_IV);
	s.last_solids = DOSE - 6 * HOUR;
	assert_int_equal(verdict(&s).gate, KC_GATE_PASS);
	s.last_solids = DOSE - 6 * HOUR + 1;
	assert_int_equal(verdict(&s).gate, KC_GATE_CONFIRM);
	s.last_solids = DOSE - 59 * HOUR / 10;
	v = verdict(&s);
	assert_int_equal(v.gate, KC_GATE_CONFIRM);
	assert_string_equal(v.r[0].text, "Last solids 5.9 h before dose (needs 6 h)");
	s.last_solids = DOSE - 4 * HOUR;
	assert_string_equal(verdict(&s).r[0].text, "Last solids 4.0 h before dose (needs 6 h)");
	s.last_liquids = DOSE - HOUR;
	v = verdict(&s);
	assert_int_equal(v.n, 2);
	assert_string_equal(v.r[1].text, "Last clear liquids 1.0 h before dose (needs 2 h)");
	s.fasting_confirmed = 1;
	v = verdict(&s);
	assert_int_equal(v.gate, KC_GATE_PASS);
	assert_non_null(strstr(v.r[0].text, "(confirmed)"));
	assert_non_null(strstr(v.r[1].text, "(confirmed)"));
}

static void test_esketamine_fasting_uses_its_own_limits(void **state)
{
	struct kc_screening s;
	struct kc_verdict v;

	(void)state;
	clean(&s, KC_ROUTE_ESKETAMINE);
	s.last_solids = DOSE - 2 * HOUR; /* 2 h is enough for esketamine, not for IV */
	s.last_liquids = DOSE - HOUR / 2;
	assert_int_equal(verdict(&s).gate, KC_GATE_PASS);
	s.route = KC_ROUTE_IV;
	assert_int_equal(verdict(&s).gate, KC_GATE_CONFIRM);
	s.route = KC_ROUTE_ESKETAMINE;
	s.last_liquids = DOSE - HOUR / 2 + 60;
	v = verdict(&s);
	assert_int_equal(v.gate, KC_GATE_CONFIRM);
	assert_string_equal(v.r[0].text, "Last clear liquids 0.4 h before dose (needs 0.5 h)");
}

static void test_esketamine_nasal_pretreatment_spacing(void **state)
{
	struct kc_screening s;
	struct kc_verdict v;

	(void)state;
	clean(&s, KC_ROUTE_ESKETAMINE);
	s.nasal_pretreat = DOSE - 60 * 60;
	assert_int_equal(verdict(&s).gate, KC_GATE_PASS);
	s.nasal_pretreat = DOSE - 59 * 60;
	v = verdict(&s);
	assert_int_equal(v.gate, KC_GATE_CONFIRM);
	assert_string_equal(v.r[0].text,
			    "Nasal steroid/decongestant 59 min before dose (needs 60 min)");
	s.fasting_confirmed = 1; /* fasting is another matter: still needs its own confirmation */
	assert_int_equal(verdict(&s).gate, KC_GATE_CONFIRM);
	s.pretreat_confirmed = 1;
	assert_int_equal(verdict(&s).gate, KC_GATE_PASS);
	s.fasting_confirmed = s.pretreat_confirmed = 0;
	s.nasal_pretreat = DOSE + 5 * 60;
	v = verdict(&s);
	assert_int_equal(v.gate, KC_GATE_CONFIRM);
	assert_non_null(strstr(v.r[0].text, "after the dose time"));
	clean(&s, KC_ROUTE_IV); /* not an IV preparation step */
	s.nasal_pretreat = DOSE - 10 * 60;
	assert_int_equal(verdict(&s).gate, KC_GATE_PASS);
}

static void test_fresh_screening_is_incomplete_naming_each_gap(void **state)
{
	struct kc_screening s;
	struct kc_verdict v;

	(void)state;
	kc_screening_init(&s, KC_ROUTE_ESKETAMINE);
	v = verdict(&s);
	assert_int_equal(v.gate, KC_GATE_INCOMPLETE);
	assert_false(kc_verdict_allows_dosing(&v));
	reason(&v, "Not answered: aneurysmal vascular disease or AVM");
	reason(&v, "Age not entered");
	reason(&v, "PHQ-9 not completed");
	reason(&v, "GAD-7 not completed");
	reason(&v, "C-SSRS screen not completed");
	reason(&v, "Time of last solids not entered");
	reason(&v, "Time of last clear liquids not entered");
	reason(&v, "Weight not entered");
	reason(&v, "Escort name and phone not entered");
	reason(&v, "Consent not current");
	reason(&v, "Medication and health changes not reviewed");
	reason(&v, "Baseline vitals not taken");
	for (int i = 0; i < v.n; i++)
		assert_int_equal(v.r[i].level, KC_GATE_INCOMPLETE);
}

static void test_single_missing_item_is_incomplete(void **state)
{
	struct kc_screening s;
	struct kc_verdict v;

	(void)state;
	clean(&s, KC_ROUTE_IV);
	s.answers[item("seizures")] = KC_ANS_UNSET;
	v = verdict(&s);
	assert_int_equal(v.gate, KC_GATE_INCOMPLETE);
	assert_int_equal(v.n, 1);
	assert_string_equal(v.r[0].text, "Not answered: recent seizures");
	clean(&s, KC_ROUTE_IV);
	s.phq9[4] = KC_NONE;
	v = verdict(&s);
	assert_int_equal(v.gate, KC_GATE_INCOMPLETE);
	assert_string_equal(v.r[0].text, "PHQ-9 item 5 not answered");
	clean(&s, KC_ROUTE_IV);
	s.baseline.diastolic = KC_NONE;
	assert_int_equal(verdict(&s).gate, KC_GATE_INCOMPLETE);
	clean(&s, KC_ROUTE_IV);
	s.weight_kg = 0;
	assert_int_equal(verdict(&s).gate, KC_GATE_INCOMPLETE);
	clean(&s, KC_ROUTE_IV);
	s.answers[item("hepatic")] = (enum kc_answer)7; /* a corrupt value is not an answer */
	v = verdict(&s);
	assert_int_equal(v.gate, KC_GATE_INCOMPLETE);
	assert_string_equal(v.r[0].text, "Not answered: significant hepatic impairment");
}

static enum kc_gate bp_gate(int sys, int dia, int confirmed, int override)
{
	struct kc_screening s;

	clean(&s, KC_ROUTE_IV);
	s.baseline.systolic = sys;
	s.baseline.diastolic = dia;
	s.bp_confirmed = confirmed;
	if (override)
		override_all(&s);
	return verdict(&s).gate;
}

static void test_predose_bp_gate_confirm_and_block(void **state)
{
	struct kc_screening s;
	struct kc_verdict v;

	(void)state;
	assert_int_equal(bp_gate(140, 90, 0, 0), KC_GATE_PASS);
	assert_int_equal(bp_gate(141, 90, 0, 0), KC_GATE_CONFIRM);
	assert_int_equal(bp_gate(140, 91, 0, 0), KC_GATE_CONFIRM);
	assert_int_equal(bp_gate(141, 90, 1, 0), KC_GATE_PASS);
	assert_int_equal(bp_gate(179, 99, 0, 0), KC_GATE_CONFIRM);
	assert_int_equal(bp_gate(180, 95, 0, 0), KC_GATE_BLOCK);
	assert_int_equal(bp_gate(175, 100, 0, 0), KC_GATE_BLOCK);
	assert_int_equal(bp_gate(185, 95, 1, 0), KC_GATE_BLOCK); /* confirming is not overriding */
	assert_int_equal(bp_gate(185, 95, 0, 1), KC_GATE_PASS);
	clean(&s, KC_ROUTE_IV);
	s.baseline.systolic = 185;
	s.baseline.diastolic = 95;
	v = verdict(&s);
	assert_int_equal(v.n, 1);
	assert_non_null(strstr(v.r[0].text, "Baseline BP 185/95"));
	assert_non_null(strstr(v.r[0].text, "180"));
	override_all(&s);
	v = verdict(&s);
	assert_int_equal(v.overridden, 1);
	assert_non_null(strstr(v.r[0].text, "(overridden)"));
}

static void test_gate_is_the_highest_reason(void **state)
{
	struct kc_screening s;
	struct kc_verdict v;

	(void)state;
	clean(&s, KC_ROUTE_IV);
	s.answers[item("hepatic")] = KC_ANS_YES; /* confirm */
	s.consent = 0; /* incomplete */
	v = verdict(&s);
	assert_int_equal(v.gate, KC_GATE_INCOMPLETE);
	assert_int_equal(v.n, 2);
	s.answers[item("aneurysm")] = KC_ANS_YES; /* block */
	v = verdict(&s);
	assert_int_equal(v.gate, KC_GATE_BLOCK);
	assert_int_equal(v.n, 3);
	override_all(&s); /* an override removes only the block */
	v = verdict(&s);
	assert_int_equal(v.gate, KC_GATE_INCOMPLETE);
	assert_int_equal(v.overridden, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checklist_table_keys_and_order),
		cmocka_unit_test(test_init_leaves_everything_unset),
		cmocka_unit_test(test_clean_screening_passes_every_route),
		cmocka_unit_test(test_each_absolute_item_blocks_and_override_passes),
		cmocka_unit_test(test_ich_reason_text),
		cmocka_unit_test(test_each_relative_item_needs_confirmation),
		cmocka_unit_test(test_confirming_one_relative_item_leaves_another),
		cmocka_unit_test(test_pregnancy_ignored_for_iv_blocks_esketamine),
		cmocka_unit_test(test_esketamine_age_17_blocks_18_passes),
		cmocka_unit_test(test_phq9_item9_needs_suicide_risk_assessment),
		cmocka_unit_test(test_cssrs_moderate_needs_confirmation_low_passes),
		cmocka_unit_test(test_iv_fasting_5_9_hours_needs_confirmation_6_passes),
		cmocka_unit_test(test_esketamine_fasting_uses_its_own_limits),
		cmocka_unit_test(test_esketamine_nasal_pretreatment_spacing),
		cmocka_unit_test(test_fresh_screening_is_incomplete_naming_each_gap),
		cmocka_unit_test(test_single_missing_item_is_incomplete),
		cmocka_unit_test(test_predose_bp_gate_confirm_and_block),
		cmocka_unit_test(test_gate_is_the_highest_reason),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
