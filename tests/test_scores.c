/* test_scores.c — questionnaire scores, C-SSRS, CADSS, Aldrete, observations and their alerts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "kc_clinical.h"

/* n items of at most max each, adding up to total, filled from the first item on. */
static void fill(int *items, int n, int total, int max)
{
	for (int i = 0; i < n; i++) {
		items[i] = total > max ? max : total;
		total -= items[i];
	}
	assert_int_equal(total, 0);
}

/* ---------- PHQ-9 and GAD-7 ---------- */

static void phq9_band_for(int total, const char *band)
{
	int items[9] = { 0 };
	struct kc_score sc;
	struct kc_err err;

	fill(items, 8, total, 3); /* items 1–8 only: item 9 stays 0 */
	assert_int_equal(kc_phq9_score(items, &sc, &err), KC_OK);
	assert_int_equal(sc.total, total);
	assert_string_equal(sc.band, band);
	assert_int_equal(sc.flag, 0);
}

static void test_phq9_band_boundaries(void **state)
{
	(void)state;
	phq9_band_for(0, "minimal");
	phq9_band_for(4, "minimal");
	phq9_band_for(5, "mild");
	phq9_band_for(9, "mild");
	phq9_band_for(10, "moderate");
	phq9_band_for(14, "moderate");
	phq9_band_for(15, "moderately severe");
	phq9_band_for(19, "moderately severe");
	phq9_band_for(20, "severe");
	phq9_band_for(24, "severe");
}

static void test_phq9_item9_sets_flag_and_counts(void **state)
{
	int items[9] = { 3, 3, 3, 3, 3, 3, 3, 3, 3 };
	struct kc_score sc;

	(void)state;
	assert_int_equal(kc_phq9_score(items, &sc, NULL), KC_OK);
	assert_int_equal(sc.total, 27);
	assert_string_equal(sc.band, "severe");
	assert_int_equal(sc.flag, 1);
	memset(items, 0, sizeof items);
	items[8] = 1;
	assert_int_equal(kc_phq9_score(items, &sc, NULL), KC_OK);
	assert_int_equal(sc.total, 1);
	assert_int_equal(sc.flag, 1);
	items[8] = 0;
	items[7] = 3; /* item 8 is not item 9 */
	assert_int_equal(kc_phq9_score(items, &sc, NULL), KC_OK);
	assert_int_equal(sc.flag, 0);
}

static void test_phq9_refuses_unanswered_and_out_of_range_items(void **state)
{
	int items[9] = { 0 };
	struct kc_score sc = { .total = 99 };
	struct kc_err err;

	(void)state;
	items[2] = KC_NONE;
	assert_int_equal(kc_phq9_score(items, &sc, &err), KC_ERR_INVALID);
	assert_string_equal(err.msg, "PHQ-9 item 3 not answered");
	assert_int_equal(sc.total, 99); /* nothing written on error */
	items[2] = 4;
	assert_int_equal(kc_phq9_score(items, &sc, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "item 3"));
	assert_non_null(strstr(err.msg, "0–3"));
	items[2] = 0;
	items[8] = -2;
	assert_int_equal(kc_phq9_score(items, &sc, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "item 9"));
}

static void gad7_band_for(int total, const char *band)
{
	int items[7];
	struct kc_score sc;

	fill(items, 7, total, 3);
	assert_int_equal(kc_gad7_score(items, &sc, NULL), KC_OK);
	assert_int_equal(sc.total, total);
	assert_string_equal(sc.band, band);
	assert_int_equal(sc.flag, 0);
}

static void test_gad7_band_boundaries(void **state)
{
	(void)state;
	gad7_band_for(0, "minimal");
	gad7_band_for(4, "minimal");
	gad7_band_for(5, "mild");
	gad7_band_for(9, "mild");
	gad7_band_for(10, "moderate");
	gad7_band_for(14, "moderate");
	gad7_band_for(15, "severe");
	gad7_band_for(21, "severe");
}

static void test_gad7_refuses_invalid_item(void **state)
{
	int items[7] = { 0 };
	struct kc_score sc;
	struct kc_err err;

	(void)state;
	items[6] = KC_NONE;
	assert_int_equal(kc_gad7_score(items, &sc, &err), KC_ERR_INVALID);
	assert_string_equal(err.msg, "GAD-7 item 7 not answered");
	items[6] = 3;
	items[0] = 5;
	assert_int_equal(kc_gad7_score(items, &sc, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "GAD-7 item 1"));
}

/* ---------- C-SSRS ---------- */

/* Q1..Q6 as given; q3..q5 KC_NONE unless Q2 is yes. */
static struct kc_cssrs cssrs(int q1, int q2, int q3, int q4, int q5, int q6, int recent)
{
	struct kc_cssrs c = { .q = { KC_NONE, q1, q2, q3, q4, q5, q6 }, .q6_recent = recent };

	return c;
}

static enum kc_risk risk_of(struct kc_cssrs c)
{
	enum kc_risk r = (enum kc_risk)99;
	struct kc_err err;

	assert_int_equal(kc_cssrs_risk(&c, &r, &err), KC_OK);
	return r;
}

static void test_cssrs_each_risk_level(void **state)
{
	const int N = KC_NONE;

	(void)state;
	assert_int_equal(risk_of(cssrs(0, 0, N, N, N, 0, N)), KC_RISK_NONE);
	assert_int_equal(risk_of(cssrs(1, 0, N, N, N, 0, N)), KC_RISK_LOW);
	assert_int_equal(risk_of(cssrs(0, 1, 0, 0, 0, 0, N)), KC_RISK_LOW);
	assert_int_equal(risk_of(cssrs(1, 1, 1, 0, 0, 0, N)), KC_RISK_MODERATE);
	assert_int_equal(risk_of(cssrs(0, 0, N, N, N, 1, 0)), KC_RISK_MODERATE);
	assert_int_equal(risk_of(cssrs(1, 1, 0, 1, 0, 0, N)), KC_RISK_HIGH);
	assert_int_equal(risk_of(cssrs(1, 1, 0, 0, 1, 0, N)), KC_RISK_HIGH);
	assert_int_equal(risk_of(cssrs(0, 0, N, N, N, 1, 1)), KC_RISK_HIGH);
	/* q6_recent is ignored when Q6 is no */
	assert_int_equal(risk_of(cssrs(0, 0, N, N, N, 0, 1)), KC_RISK_NONE);
	assert_string_equal(kc_risk_name(KC_RISK_NONE), "none");
	assert_string_equal(kc_risk_name(KC_RISK_LOW), "low");
	assert_string_equal(kc_risk_name(KC_RISK_MODERATE), "moderate");
	assert_string_equal(kc_risk_name(KC_RISK_HIGH), "high");
}

static void cssrs_refused(struct kc_cssrs c, const char *gist)
{
	enum kc_risk r = KC_RISK_LOW;
	struct kc_err err;

	assert_int_equal(kc_cssrs_risk(&c, &r, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, gist));
	assert_int_equal(r, KC_RISK_LOW); /* untouched */
}

static void test_cssrs_skip_logic_violations(void **state)
{
	const int N = KC_NONE;

	(void)state;
	cssrs_refused(cssrs(0, 0, 1, N, N, 0, N), "Q3 is asked only when Q2 is yes");
	cssrs_refused(cssrs(0, 0, N, N, 0, 0, N), "Q5 is asked only when Q2 is yes");
	cssrs_refused(cssrs(1, 1, 0, N, 0, 0, N), "Q4 must be answered when Q2 is yes");
	cssrs_refused(cssrs(N, 0, N, N, N, 0, N), "Q1 not answered");
	cssrs_refused(cssrs(0, N, N, N, N, 0, N), "Q2 not answered");
	cssrs_refused(cssrs(0, 0, N, N, N, N, N), "Q6 not answered");
	cssrs_refused(cssrs(0, 0, N, N, N, 1, N), "past 3 months");
	cssrs_refused(cssrs(2, 0, N, N, N, 0, N), "Q1: 2 is not yes (1) or no (0)");
	cssrs_refused(cssrs(0, 1, 0, 0, 7, 0, N), "Q5: 7 is not yes");
}

/* ---------- CADSS ---------- */

static void test_cadss_total_and_item_range(void **state)
{
	int items[KC_CADSS_ITEMS];
	int total = -5;
	struct kc_err err;

	(void)state;
	fill(items, KC_CADSS_ITEMS, 92, 4);
	assert_int_equal(kc_cadss_total(items, &total, &err), KC_OK);
	assert_int_equal(total, 92);
	fill(items, KC_CADSS_ITEMS, 0, 4);
	items[10] = 3;
	items[22] = 4;
	assert_int_equal(kc_cadss_total(items, &total, &err), KC_OK);
	assert_int_equal(total, 7);
	items[22] = 5;
	assert_int_equal(kc_cadss_total(items, &total, &err), KC_ERR_INVALID);
	assert_string_equal(err.msg, "CADSS item 23: 5 is outside 0–4");
	assert_int_equal(total, 7);
	items[22] = KC_NONE;
	assert_int_equal(kc_cadss_total(items, &total, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "item 23 not answered"));
}

static void test_cadss6_items_are_1_2_6_7_15_22(void **state)
{
	static const int want[KC_CADSS6_ITEMS] = { 1, 2, 6, 7, 15, 22 };
	int items[KC_CADSS6_ITEMS] = { 4, 4, 4, 4, 4, 4 };
	int total = 0;
	struct kc_err err;

	(void)state;
	for (int i = 0; i < KC_CADSS6_ITEMS; i++)
		assert_int_equal(kc_cadss6_item_numbers[i], want[i]);
	assert_int_equal(kc_cadss6_total(items, &total, &err), KC_OK);
	assert_int_equal(total, 24);
	items[4] = -1;
	assert_int_equal(kc_cadss6_total(items, &total, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "CADSS item 15")); /* named by its CADSS number */
	items[4] = 5;
	assert_int_equal(kc_cadss6_total(items, &total, &err), KC_ERR_INVALID);
	assert_int_equal(total, 24);
}

/* ---------- MOAA/S, NRS, severity ---------- */

static void test_moaas_labels(void **state)
{
	(void)state;
	assert_string_equal(kc_moaas_label(0), "no response");
	assert_string_equal(kc_moaas_label(1), "responds only to trapezius squeeze");
	assert_string_equal(kc_moaas_label(2), "responds only to prodding/shaking");
	assert_string_equal(kc_moaas_label(3), "responds only to loud/repeated name");
	assert_string_equal(kc_moaas_label(4), "lethargic response to name");
	assert_non_null(strstr(kc_moaas_label(5), "responds readily to name"));
	assert_null(kc_moaas_label(6));
	assert_null(kc_moaas_label(-1));
}

static void test_nrs_bands_and_severity_names(void **state)
{
	(void)state;
	assert_string_equal(kc_nrs_band(0), "none");
	assert_string_equal(kc_nrs_band(1), "mild");
	assert_string_equal(kc_nrs_band(3), "mild");
	assert_string_equal(kc_nrs_band(4), "moderate");
	assert_string_equal(kc_nrs_band(6), "moderate");
	assert_string_equal(kc_nrs_band(7), "severe");
	assert_string_equal(kc_nrs_band(10), "severe");
	assert_null(kc_nrs_band(11));
	assert_null(kc_nrs_band(-1));
	assert_string_equal(kc_severity_name(0), "none");
	assert_string_equal(kc_severity_name(1), "mild");
	assert_string_equal(kc_severity_name(2), "moderate");
	assert_string_equal(kc_severity_name(3), "severe");
	assert_null(kc_severity_name(4));
}

/* ---------- Modified Aldrete ---------- */

static void test_aldrete_total_and_component_range(void **state)
{
	struct kc_aldrete a = { 2, 2, 2, 2, 2 };
	int total = -1;
	struct kc_err err;

	(void)state;
	assert_int_equal(kc_aldrete_total(&a, &total, &err), KC_OK);
	assert_int_equal(total, 10);
	a.consciousness = 1;
	assert_int_equal(kc_aldrete_total(&a, &total, &err), KC_OK);
	assert_int_equal(total, 9);
	a.activity = 0;
	assert_int_equal(kc_aldrete_total(&a, &total, &err), KC_OK);
	assert_int_equal(total, 7);
	a.circulation = 3;
	assert_int_equal(kc_aldrete_total(&a, &total, &err), KC_ERR_INVALID);
	assert_string_equal(err.msg, "Aldrete circulation 3 is outside 0–2");
	assert_int_equal(total, 7);
	a.circulation = 2;
	a.spo2 = KC_NONE;
	assert_int_equal(kc_aldrete_total(&a, &total, &err), KC_ERR_INVALID);
	assert_string_equal(err.msg, "Aldrete SpO2 not scored");
}

static void test_aldrete_circulation_boundaries(void **state)
{
	(void)state;
	assert_int_equal(kc_aldrete_circulation(100, 100), 2);
	assert_int_equal(kc_aldrete_circulation(120, 100), 2); /* exactly 20 %: within */
	assert_int_equal(kc_aldrete_circulation(121, 100), 1);
	assert_int_equal(kc_aldrete_circulation(80, 100), 2);
	assert_int_equal(kc_aldrete_circulation(79, 100), 1);
	assert_int_equal(kc_aldrete_circulation(150, 100), 1); /* exactly 50 % */
	assert_int_equal(kc_aldrete_circulation(151, 100), 0);
	assert_int_equal(kc_aldrete_circulation(50, 100), 1);
	assert_int_equal(kc_aldrete_circulation(49, 100), 0);
	assert_int_equal(kc_aldrete_circulation(156, 130), 2); /* 20 % of 130 = 26 */
	assert_int_equal(kc_aldrete_circulation(157, 130), 1);
	assert_int_equal(kc_aldrete_circulation(KC_NONE, 130), KC_NONE);
	assert_int_equal(kc_aldrete_circulation(130, KC_NONE), KC_NONE);
}

static void test_aldrete_spo2_component(void **state)
{
	(void)state;
	assert_int_equal(kc_aldrete_spo2(93, 0), 2);
	assert_int_equal(kc_aldrete_spo2(92, 0), 1);
	assert_int_equal(kc_aldrete_spo2(98, 1), 1); /* needs oxygen */
	assert_int_equal(kc_aldrete_spo2(91, 1), 1);
	assert_int_equal(kc_aldrete_spo2(90, 1), 0);
	assert_int_equal(kc_aldrete_spo2(85, 1), 0);
	assert_int_equal(kc_aldrete_spo2(89, 0), 0);
	assert_int_equal(kc_aldrete_spo2(KC_NONE, 0), KC_NONE);
}

/* ---------- observation kinds and scales ---------- */

static void test_obs_kind_and_scale_names_round_trip(void **state)
{
	enum kc_obs_kind k;
	enum kc_scale s;

	(void)state;
	for (int i = 0; i < KC_OBS_COUNT; i++) {
		k = KC_OBS_COUNT;
		assert_int_equal(kc_obs_kind_from_name(kc_obs_kind_name((enum kc_obs_kind)i), &k),
				 KC_OK);
		assert_int_equal(k, i);
		assert_true(strlen(kc_obs_kind_label((enum kc_obs_kind)i)) > 0);
	}
	for (int i = 0; i < KC_SCALE_COUNT; i++) {
		s = KC_SCALE_COUNT;
		assert_int_equal(kc_scale_from_name(kc_scale_name((enum kc_scale)i), &s), KC_OK);
		assert_int_equal(s, i);
	}
	assert_string_equal(kc_obs_kind_name(KC_OBS_DISSOCIATION), "dissociation");
	assert_string_equal(kc_obs_kind_name(KC_OBS_CHEST_PAIN), "chest_pain");
	assert_string_equal(kc_obs_kind_label(KC_OBS_CHEST_PAIN), "Chest pain/palpitations");
	assert_string_equal(kc_scale_name(KC_SCALE_CADSS6), "CADSS-6");
	assert_string_equal(kc_scale_name(KC_SCALE_MOAAS), "MOAA/S");
	assert_int_equal(kc_obs_kind_from_name("itching", &k), KC_ERR_INVALID);
	assert_int_equal(kc_obs_kind_from_name(NULL, &k), KC_ERR_INVALID);
	assert_int_equal(kc_scale_from_name("VAS", &s), KC_ERR_INVALID);
}

static void test_obs_default_scales(void **state)
{
	(void)state;
	assert_int_equal(kc_obs_default_scale(KC_OBS_DISSOCIATION), KC_SCALE_CADSS6);
	assert_int_equal(kc_obs_default_scale(KC_OBS_NAUSEA), KC_SCALE_NRS);
	assert_int_equal(kc_obs_default_scale(KC_OBS_HEADACHE), KC_SCALE_NRS);
	assert_int_equal(kc_obs_default_scale(KC_OBS_VOMITING), KC_SCALE_EPISODES);
	assert_int_equal(kc_obs_default_scale(KC_OBS_SEDATION), KC_SCALE_MOAAS);
	assert_int_equal(kc_obs_default_scale(KC_OBS_ANXIETY), KC_SCALE_SEVERITY);
	assert_int_equal(kc_obs_default_scale(KC_OBS_OTHER), KC_SCALE_SEVERITY);
}

/* score hi is accepted, hi + 1 and -1 are refused. */
static void range_ok(enum kc_obs_kind k, enum kc_scale s, int hi)
{
	struct kc_err err;

	assert_int_equal(kc_obs_validate(k, s, 0, &err), KC_OK);
	assert_int_equal(kc_obs_validate(k, s, hi, &err), KC_OK);
	assert_int_equal(kc_obs_validate(k, s, hi + 1, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "is outside 0–"));
	assert_int_equal(kc_obs_validate(k, s, -1, &err), KC_ERR_INVALID);
}

static void test_obs_validate_ranges_per_scale(void **state)
{
	(void)state;
	range_ok(KC_OBS_DISSOCIATION, KC_SCALE_CADSS, 92);
	range_ok(KC_OBS_DISSOCIATION, KC_SCALE_CADSS6, 24);
	range_ok(KC_OBS_NAUSEA, KC_SCALE_NRS, 10);
	range_ok(KC_OBS_HEADACHE, KC_SCALE_NRS, 10);
	range_ok(KC_OBS_VOMITING, KC_SCALE_EPISODES, 50);
	range_ok(KC_OBS_SEDATION, KC_SCALE_MOAAS, 5);
	for (int k = KC_OBS_ANXIETY; k < KC_OBS_COUNT; k++)
		range_ok((enum kc_obs_kind)k, KC_SCALE_SEVERITY, 3);
}

static void test_obs_validate_refuses_wrong_scale(void **state)
{
	struct kc_err err;

	(void)state;
	assert_int_equal(kc_obs_validate(KC_OBS_NAUSEA, KC_SCALE_CADSS, 2, &err), KC_ERR_INVALID);
	assert_string_equal(err.msg, "Nausea is recorded on NRS, not CADSS");
	assert_int_equal(kc_obs_validate(KC_OBS_DISSOCIATION, KC_SCALE_NRS, 2, &err),
			 KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "CADSS or CADSS-6"));
	assert_int_equal(kc_obs_validate(KC_OBS_SEDATION, KC_SCALE_SEVERITY, 2, &err),
			 KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "MOAA/S"));
	assert_int_equal(kc_obs_validate(KC_OBS_VOMITING, KC_SCALE_NRS, 2, &err), KC_ERR_INVALID);
	assert_int_equal(kc_obs_validate(KC_OBS_DIZZINESS, KC_SCALE_NRS, 2, &err), KC_ERR_INVALID);
	assert_int_equal(kc_obs_validate(KC_OBS_HEADACHE, KC_SCALE_SEVERITY, 2, &err),
			 KC_ERR_INVALID);
	assert_int_equal(kc_obs_validate(KC_OBS_COUNT, KC_SCALE_NRS, 2, &err), KC_ERR_INVALID);
	assert_int_equal(kc_obs_validate(KC_OBS_NAUSEA, KC_SCALE_COUNT, 2, &err), KC_ERR_INVALID);
}

/* ---------- observation alerts ---------- */

static struct kc_alert_list obs(enum kc_obs_kind k, enum kc_scale s, int score, int bp_rise,
				int moaas_low)
{
	struct kc_config cfg;
	struct kc_alert_list l;

	kc_config_defaults(&cfg); /* the reference defaults: warn at NRS 4, crisis 7, CADSS > 4 */
	memset(&l, 0x5a, sizeof l); /* garbage in: the function must reset the list */
	kc_obs_alerts(k, s, score, bp_rise, moaas_low, &cfg.alerts, &l);
	return l;
}

static void test_obs_alert_nausea_3_none_4_warn(void **state)
{
	struct kc_alert_list l;

	(void)state;
	l = obs(KC_OBS_NAUSEA, KC_SCALE_NRS, 3, 0, 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.worst, KC_LEVEL_OK);
	l = obs(KC_OBS_NAUSEA, KC_SCALE_NRS, 4, 0, 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.worst, KC_LEVEL_WARN);
	assert_string_equal(l.a[0].text, "Nausea NRS 4 >= 4 (warn)");
}

static void test_obs_alert_headache_crisis_needs_bp_rise(void **state)
{
	struct kc_alert_list l;

	(void)state;
	l = obs(KC_OBS_HEADACHE, KC_SCALE_NRS, 3, 1, 0);
	assert_int_equal(l.n, 0);
	l = obs(KC_OBS_HEADACHE, KC_SCALE_NRS, 6, 1, 0);
	assert_int_equal(l.worst, KC_LEVEL_WARN);
	l = obs(KC_OBS_HEADACHE, KC_SCALE_NRS, 7, 0, 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.worst, KC_LEVEL_WARN);
	assert_string_equal(l.a[0].text, "Headache NRS 7 >= 4 (warn)");
	l = obs(KC_OBS_HEADACHE, KC_SCALE_NRS, 7, 1, 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.worst, KC_LEVEL_CRITICAL);
	assert_int_equal(l.a[0].level, KC_LEVEL_CRITICAL);
	assert_non_null(strstr(l.a[0].text, "BP rise"));
	assert_non_null(strstr(l.a[0].text, "(critical)"));
}

static void test_obs_alert_dissociation_4_none_5_warn(void **state)
{
	struct kc_alert_list l;

	(void)state;
	l = obs(KC_OBS_DISSOCIATION, KC_SCALE_CADSS, 4, 0, 0);
	assert_int_equal(l.n, 0);
	l = obs(KC_OBS_DISSOCIATION, KC_SCALE_CADSS6, 4, 0, 0);
	assert_int_equal(l.n, 0);
	l = obs(KC_OBS_DISSOCIATION, KC_SCALE_CADSS, 5, 0, 0);
	assert_int_equal(l.worst, KC_LEVEL_WARN);
	assert_string_equal(l.a[0].text, "Dissociation CADSS 5 > 4 (warn)");
	l = obs(KC_OBS_DISSOCIATION, KC_SCALE_CADSS6, 5, 0, 0);
	assert_string_equal(l.a[0].text, "Dissociation CADSS-6 5 > 4 (warn)");
}

static void test_obs_alert_sedation_levels(void **state)
{
	struct kc_alert_list l;

	(void)state;
	assert_int_equal(obs(KC_OBS_SEDATION, KC_SCALE_MOAAS, 4, 0, 0).n, 0);
	l = obs(KC_OBS_SEDATION, KC_SCALE_MOAAS, 3, 0, 0);
	assert_int_equal(l.worst, KC_LEVEL_WARN);
	assert_string_equal(l.a[0].text, "Sedation MOAA/S 3 <= 3 (warn)");
	assert_int_equal(obs(KC_OBS_SEDATION, KC_SCALE_MOAAS, 2, 0, 0).worst, KC_LEVEL_WARN);
	l = obs(KC_OBS_SEDATION, KC_SCALE_MOAAS, 1, 0, 0);
	assert_int_equal(l.worst, KC_LEVEL_CRITICAL);
	assert_string_equal(l.a[0].text, "Sedation MOAA/S 1 <= 1 (critical)");
	assert_int_equal(obs(KC_OBS_SEDATION, KC_SCALE_MOAAS, 0, 0, 0).worst, KC_LEVEL_CRITICAL);
}

static void test_obs_alert_vomiting_with_low_consciousness(void **state)
{
	struct kc_alert_list l;

	(void)state;
	assert_int_equal(obs(KC_OBS_VOMITING, KC_SCALE_EPISODES, 1, 0, 1).n, 0);
	assert_int_equal(obs(KC_OBS_VOMITING, KC_SCALE_EPISODES, 3, 0, 0).n, 0);
	l = obs(KC_OBS_VOMITING, KC_SCALE_EPISODES, 2, 0, 1);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.worst, KC_LEVEL_CRITICAL);
	assert_non_null(strstr(l.a[0].text, "Vomiting 2 episodes"));
}

static void test_obs_alert_chest_pain_and_hallucination(void **state)
{
	struct kc_alert_list l;

	(void)state;
	assert_int_equal(obs(KC_OBS_CHEST_PAIN, KC_SCALE_SEVERITY, 2, 0, 0).n, 0);
	l = obs(KC_OBS_CHEST_PAIN, KC_SCALE_SEVERITY, 3, 0, 0);
	assert_int_equal(l.worst, KC_LEVEL_WARN);
	assert_non_null(strstr(l.a[0].text, "Chest pain"));
	assert_int_equal(obs(KC_OBS_HALLUCINATION, KC_SCALE_SEVERITY, 0, 0, 0).n, 0);
	l = obs(KC_OBS_HALLUCINATION, KC_SCALE_SEVERITY, 1, 0, 0);
	assert_int_equal(l.worst, KC_LEVEL_WARN);
	assert_string_equal(l.a[0].text, "Hallucination/confusion mild (warn)");
	assert_int_equal(obs(KC_OBS_DIZZINESS, KC_SCALE_SEVERITY, 3, 0, 0).n, 0);
}

static void test_obs_alert_none_for_invalid_entry(void **state)
{
	(void)state;
	assert_int_equal(obs(KC_OBS_NAUSEA, KC_SCALE_NRS, 11, 0, 0).n, 0);
	assert_int_equal(obs(KC_OBS_NAUSEA, KC_SCALE_CADSS, 9, 0, 0).n, 0);
	assert_int_equal(obs(KC_OBS_SEDATION, KC_SCALE_MOAAS, -1, 0, 0).worst, KC_LEVEL_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phq9_band_boundaries),
		cmocka_unit_test(test_phq9_item9_sets_flag_and_counts),
		cmocka_unit_test(test_phq9_refuses_unanswered_and_out_of_range_items),
		cmocka_unit_test(test_gad7_band_boundaries),
		cmocka_unit_test(test_gad7_refuses_invalid_item),
		cmocka_unit_test(test_cssrs_each_risk_level),
		cmocka_unit_test(test_cssrs_skip_logic_violations),
		cmocka_unit_test(test_cadss_total_and_item_range),
		cmocka_unit_test(test_cadss6_items_are_1_2_6_7_15_22),
		cmocka_unit_test(test_moaas_labels),
		cmocka_unit_test(test_nrs_bands_and_severity_names),
		cmocka_unit_test(test_aldrete_total_and_component_range),
		cmocka_unit_test(test_aldrete_circulation_boundaries),
		cmocka_unit_test(test_aldrete_spo2_component),
		cmocka_unit_test(test_obs_kind_and_scale_names_round_trip),
		cmocka_unit_test(test_obs_default_scales),
		cmocka_unit_test(test_obs_validate_ranges_per_scale),
		cmocka_unit_test(test_obs_validate_refuses_wrong_scale),
		cmocka_unit_test(test_obs_alert_nausea_3_none_4_warn),
		cmocka_unit_test(test_obs_alert_headache_crisis_needs_bp_rise),
		cmocka_unit_test(test_obs_alert_dissociation_4_none_5_warn),
		cmocka_unit_test(test_obs_alert_sedation_levels),
		cmocka_unit_test(test_obs_alert_vomiting_with_low_consciousness),
		cmocka_unit_test(test_obs_alert_chest_pain_and_hallucination),
		cmocka_unit_test(test_obs_alert_none_for_invalid_entry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
