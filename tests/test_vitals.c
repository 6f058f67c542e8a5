/* test_vitals.c — parsing, limits, alerts, the pre-dose gate and the enum names.
 *
 * The limits come from kc_config_defaults(), which test_config pins to
 * clinical-reference.md; the boundaries below are literal numbers, so a moved default
 * fails here too. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kc_clinical.h"
#include "kc_config.h"
#include "fixture.h"

/* A reading with every measure normal, to vary one measure at a time. */
static struct kc_vitals normal_reading(void)
{
	return (struct kc_vitals){
		.systolic = 120, .diastolic = 75, .heart_rate = 72, .spo2 = 98,
		.resp_rate = 14, .temp_dc = 368, .moaas = 5,
	};
}

/* ---------- blood pressure ---------- */

static void bp_accepts_slash_form_with_blanks(void **state)
{
	struct kc_limits_cfg lim = ref_config()->limits;
	const char *forms[] = { "142/91", " 142 / 91 ", "\t142/ 91\t", "142 /91" };
	struct kc_err err;
	size_t i;
	int s, d;

	(void)state;
	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		s = d = SENTINEL;
		assert_int_equal(kc_parse_bp(forms[i], &lim, &s, &d, &err), KC_OK);
		assert_int_equal(s, 142);
		assert_int_equal(d, 91);
	}
}

static void bp_empty_means_not_taken(void **state)
{
	struct kc_limits_cfg lim = ref_config()->limits;
	const char *forms[] = { "", "   ", NULL };
	struct kc_err err;
	size_t i;
	int s, d;

	(void)state;
	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		s = d = SENTINEL;
		assert_int_equal(kc_parse_bp(forms[i], &lim, &s, &d, &err), KC_OK);
		assert_int_equal(s, KC_NONE);
		assert_int_equal(d, KC_NONE);
	}
}

static void bp_malformed_refused_with_expected_form(void **state)
{
	struct kc_limits_cfg lim = ref_config()->limits;
	const char *bad[] = {
		"142/", "/91", "142-91", "14a/91", "142/91/3", "1e2/50", "-142/91", "142/-91",
		"+142/91", "142 91", "1 42/91", "142/91mmHg", "0x8e/91", "142.5/91", "/",
		"142/91                                       1",
		"1420000000000000000000000000000000000000/91", "1234567/91", "120/0000091",
	};
	struct kc_err err;
	size_t i;
	int s = SENTINEL, d = SENTINEL;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		kc_err_clear(&err);
		assert_refused(kc_parse_bp(bad[i], &lim, &s, &d, &err), err,
			       "enter blood pressure as systolic/diastolic, e.g. 142/91");
		assert_int_equal(s, SENTINEL);
		assert_int_equal(d, SENTINEL);
	}
}

static void bp_systolic_limits_29_30_280_281(void **state)
{
	struct kc_limits_cfg lim = ref_config()->limits;
	struct kc_err err;
	int s = SENTINEL, d = SENTINEL;

	(void)state;
	assert_refused(kc_parse_bp("29/20", &lim, &s, &d, &err), err,
		       "systolic 29 mmHg is impossible (allowed 30–280 mmHg)");
	assert_int_equal(s, SENTINEL);
	assert_int_equal(kc_parse_bp("30/20", &lim, &s, &d, &err), KC_OK);
	assert_int_equal(s, 30);
	assert_int_equal(kc_parse_bp("280/120", &lim, &s, &d, &err), KC_OK);
	assert_int_equal(s, 280);
	assert_refused(kc_parse_bp("281/120", &lim, &s, &d, &err), err,
		       "systolic 281 mmHg is impossible (allowed 30–280 mmHg)");
	assert_refused(kc_parse_bp("300/20", &lim, &s, &d, &err), err,
		       "systolic 300 mmHg is impossible (allowed 30–280 mmHg)");
	assert_refused(kc_parse_bp("1000/50", &lim, &s, &d, &err), err, "systolic 1000 mmHg");
	assert_int_equal(s, 280);
}

static void bp_diastolic_limits_9_10_200_201(void **state)
{
	struct kc_limits_cfg lim = ref_config()->limits;
	struct kc_err err;
	int s = SENTINEL, d = SENTINEL;

	(void)state;
	assert_refused(kc_parse_bp("120/9", &lim, &s, &d, &err), err,
		       "diastolic 9 mmHg is impossible (allowed 10–200 mmHg)");
	assert_int_equal(kc_parse_bp("120/10", &lim, &s, &d, &err), KC_OK);
	assert_int_equal(d, 10);
	assert_int_equal(kc_parse_bp("250/200", &lim, &s, &d, &err), KC_OK);
	assert_int_equal(d, 200);
	assert_refused(kc_parse_bp("250/201", &lim, &s, &d, &err), err,
		       "diastolic 201 mmHg is impossible (allowed 10–200 mmHg)");
	assert_int_equal(d, 200);
}

static void bp_systolic_must_exceed_diastolic(void **state)
{
	struct kc_limits_cfg lim = ref_config()->limits;
	struct kc_err err;
	int s = SENTINEL, d = SENTINEL;

	(void)state;
	assert_refused(kc_parse_bp("90/90", &lim, &s, &d, &err), err,
		       "systolic 90 must be higher than diastolic 90");
	assert_refused(kc_parse_bp("80/95", &lim, &s, &d, &err), err, "higher than diastolic 95");
	assert_int_equal(s, SENTINEL);
	assert_int_equal(kc_parse_bp("91/90", &lim, &s, &d, &err), KC_OK);
	assert_int_equal(s, 91);
	assert_int_equal(d, 90);
}

static void bp_limits_follow_the_config(void **state)
{
	struct kc_limits_cfg lim = ref_config()->limits;
	struct kc_err err;
	int s, d;

	(void)state;
	lim.systolic_max = 250;
	assert_refused(kc_parse_bp("251/90", &lim, &s, &d, &err), err, "(allowed 30–250 mmHg)");
	assert_int_equal(kc_parse_bp("250/90", &lim, &s, &d, &err), KC_OK);
}

/* ---------- heart rate, SpO2, respiratory rate, MOAA/S ---------- */

static void heart_rate_limits_and_forms(void **state)
{
	struct kc_limits_cfg lim = ref_config()->limits;
	const char *bad[] = { "7 2", "72bpm", "-5", "7.2", "0x10", "1e2", "+72", "72%" };
	struct kc_err err;
	size_t i;
	int hr = SENTINEL;

	(void)state;
	assert_int_equal(kc_parse_heart_rate(" 72 ", &lim, &hr, &err), KC_OK);
	assert_int_equal(hr, 72);
	assert_refused(kc_parse_heart_rate("19", &lim, &hr, &err), err,
		       "heart rate 19 /min is impossible (allowed 20–300 /min)");
	assert_int_equal(kc_parse_heart_rate("20", &lim, &hr, &err), KC_OK);
	assert_int_equal(hr, 20);
	assert_int_equal(kc_parse_heart_rate("300", &lim, &hr, &err), KC_OK);
	assert_int_equal(hr, 300);
	assert_refused(kc_parse_heart_rate("301", &lim, &hr, &err), err, "heart rate 301 /min");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_refused(kc_parse_heart_rate(bad[i], &lim, &hr, &err), err,
			       "heart rate as a whole number per minute");
	assert_int_equal(hr, 300);
	assert_int_equal(kc_parse_heart_rate("", &lim, &hr, &err), KC_OK);
	assert_int_equal(hr, KC_NONE);
}

static void spo2_accepts_percent_sign_and_limits(void **state)
{
	struct kc_limits_cfg lim = ref_config()->limits;
	const char *bad[] = { "97%%", "%97", "97 percent", "9 7", "97.5" };
	struct kc_err err;
	size_t i;
	int v = SENTINEL;

	(void)state;
	assert_int_equal(kc_parse_spo2("97", &lim, &v, &err), KC_OK);
	assert_int_equal(v, 97);
	v = SENTINEL;
	assert_int_equal(kc_parse_spo2("96%", &lim, &v, &err), KC_OK);
	assert_int_equal(v, 96);
	assert_int_equal(kc_parse_spo2(" 95 % ", &lim, &v, &err), KC_OK);
	assert_int_equal(v, 95);
	assert_refused(kc_parse_spo2("49", &lim, &v, &err), err,
		       "SpO2 49 % is impossible (allowed 50–100 %)");
	assert_int_equal(kc_parse_spo2("50", &lim, &v, &err), KC_OK);
	assert_int_equal(v, 50);
	assert_int_equal(kc_parse_spo2("100%", &lim, &v, &err), KC_OK);
	assert_int_equal(v, 100);
	assert_refused(kc_parse_spo2("101%", &lim, &v, &err), err, "SpO2 101 % is impossible");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_refused(kc_parse_spo2(bad[i], &lim, &v, &err), err, "e.g. 97 or 97%");
	assert_int_equal(v, 100);
}

static void resp_rate_limits_0_80(void **state)
{
	struct kc_limits_cfg lim = ref_config()->limits;
	struct kc_err err;
	int v = SENTINEL;

	(void)state;
	assert_int_equal(kc_parse_resp_rate("0", &lim, &v, &err), KC_OK);
	assert_int_equal(v, 0);
	assert_int_equal(kc_parse_resp_rate("80", &lim, &v, &err), KC_OK);
	assert_int_equal(v, 80);
	assert_refused(kc_parse_resp_rate("81", &lim, &v, &err), err,
		       "respiratory rate 81 /min is impossible (allowed 0–80 /min)");
	assert_refused(kc_parse_resp_rate("-1", &lim, &v, &err), err,
		       "respiratory rate as a whole number");
	assert_int_equal(v, 80);
}

static void moaas_accepts_0_to_5_only(void **state)
{
	struct kc_err err;
	int v = SENTINEL;

	(void)state;
	assert_int_equal(kc_parse_moaas("0", &v, &err), KC_OK);
	assert_int_equal(v, 0);
	assert_int_equal(kc_parse_moaas(" 5", &v, &err), KC_OK);
	assert_int_equal(v, 5);
	assert_refused(kc_parse_moaas("6", &v, &err), err, "MOAA/S 6 is impossible (allowed 0–5)");
	assert_refused(kc_parse_moaas("-1", &v, &err), err, "enter MOAA/S as a whole number");
	assert_refused(kc_parse_moaas("3.5", &v, &err), err, "enter MOAA/S as a whole number");
	assert_int_equal(v, 5);
}

/* ---------- temperature ---------- */

static void temp_celsius_forms_in_tenths(void **state)
{
	struct kc_limits_cfg lim = ref_config()->limits;
	const char *forms[] = { "36.8", "36.8C", " 36.8 c ", "36.8°C", "36.80" };
	struct kc_err err;
	size_t i;
	int t;

	(void)state;
	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		t = SENTINEL;
		assert_int_equal(kc_parse_temp(forms[i], &lim, &t, &err), KC_OK);
		assert_int_equal(t, 368);
	}
	assert_int_equal(kc_parse_temp("37", &lim, &t, &err), KC_OK);
	assert_int_equal(t, 370);
}

static void temp_fahrenheit_converted_to_celsius(void **state)
{
	struct kc_limits_cfg lim = ref_config()->limits;
	const char *forms[] = { "98.6", "98.6F", "98.6 f", "98.6°F" };
	struct kc_err err;
	size_t i;
	int t;

	(void)state;
	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		t = SENTINEL;
		assert_int_equal(kc_parse_temp(forms[i], &lim, &t, &err), KC_OK);
		assert_int_equal(t, 370);
	}
	assert_int_equal(kc_parse_temp("100.4", &lim, &t, &err), KC_OK);
	assert_int_equal(t, 380);
	/* 80 itself is not "above 80": it is read as °C and is impossible. */
	assert_refused(kc_parse_temp("80", &lim, &t, &err), err,
		       "temperature 80.0 °C is impossible (allowed 30–45 °C)");
	assert_refused(kc_parse_temp("80.5", &lim, &t, &err), err, "80.5 °F (26.9 °C) is impossible");
	assert_int_equal(t, 380);
}

static void temp_limits_in_celsius_after_conversion(void **state)
{
	struct kc_limits_cfg lim = ref_config()->limits;
	struct kc_err err;
	int t = SENTINEL;

	(void)state;
	assert_refused(kc_parse_temp("29.9", &lim, &t, &err), err,
		       "temperature 29.9 °C is impossible (allowed 30–45 °C)");
	assert_int_equal(kc_parse_temp("30", &lim, &t, &err), KC_OK);
	assert_int_equal(t, 300);
	assert_int_equal(kc_parse_temp("45.0", &lim, &t, &err), KC_OK);
	assert_int_equal(t, 450);
	assert_refused(kc_parse_temp("45.1", &lim, &t, &err), err, "45.1 °C is impossible");
	assert_int_equal(kc_parse_temp("113F", &lim, &t, &err), KC_OK); /* exactly 45.0 °C */
	assert_int_equal(t, 450);
	assert_refused(kc_parse_temp("113.4F", &lim, &t, &err), err,
		       "113.4 °F (45.2 °C) is impossible (allowed 30–45 °C)");
	assert_refused(kc_parse_temp("45.5C", &lim, &t, &err), err, "45.5 °C is impossible");
	assert_int_equal(t, 450);
}

static void temp_malformed_refused(void **state)
{
	struct kc_limits_cfg lim = ref_config()->limits;
	const char *bad[] = { "36,8", "36.8K", "1e1", "36.", ".5", "-36.8", "36.8.1", "36.8CF", "C",
			     "36.8125" };
	struct kc_err err;
	size_t i;
	int t = SENTINEL;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_refused(kc_parse_temp(bad[i], &lim, &t, &err), err, "e.g. 36.8, 36.8C or 98.6F");
	assert_int_equal(t, SENTINEL);
	assert_int_equal(kc_parse_temp(" ", &lim, &t, &err), KC_OK);
	assert_int_equal(t, KC_NONE);
}

/* ---------- weight ---------- */

static void weight_kg_and_lb_forms(void **state)
{
	struct kc_limits_cfg lim = ref_config()->limits;
	struct kc_err err;
	double kg = 0;

	(void)state;
	assert_int_equal(kc_parse_weight("82", &lim, &kg, &err), KC_OK);
	assert_tenths(kg, 82.0);
	assert_int_equal(kc_parse_weight("82.5kg", &lim, &kg, &err), KC_OK);
	assert_tenths(kg, 82.5);
	assert_int_equal(kc_parse_weight(" 82.4 KG ", &lim, &kg, &err), KC_OK);
	assert_tenths(kg, 82.4);
	/* 180 lb = 81.6466266 kg */
	assert_int_equal(kc_parse_weight("180 lb", &lim, &kg, &err), KC_OK);
	assert_tenths(kg, 81.6);
	kg = 0;
	assert_int_equal(kc_parse_weight("180lbs", &lim, &kg, &err), KC_OK);
	assert_tenths(kg, 81.6);
	/* 200 lb = 90.718474 kg rounds up */
	assert_int_equal(kc_parse_weight("200lb", &lim, &kg, &err), KC_OK);
	assert_tenths(kg, 90.7);
	assert_int_equal(kc_parse_weight("165.5 lb", &lim, &kg, &err), KC_OK); /* 75.0698 */
	assert_tenths(kg, 75.1);
	/* 139 lb = 63.0493 kg: the exact factor matters (0.4536 would give 63.1). */
	assert_int_equal(kc_parse_weight("139 LB", &lim, &kg, &err), KC_OK);
	assert_tenths(kg, 63.0);
}

static void weight_limits_and_refusals(void **state)
{
	struct kc_limits_cfg lim = ref_config()->limits;
	const char *bad[] = { "", "  ", "82,5", "82.5 stone", "-82", "8e1", "kg", "82.5.1" };
	struct kc_err err;
	size_t i;
	double kg = -1;

	(void)state;
	assert_refused(kc_parse_weight("19.9", &lim, &kg, &err), err,
		       "weight 19.9 kg is impossible (allowed 20–350 kg)");
	assert_int_equal(kc_parse_weight("20", &lim, &kg, &err), KC_OK);
	assert_tenths(kg, 20.0);
	assert_int_equal(kc_parse_weight("350", &lim, &kg, &err), KC_OK);
	assert_refused(kc_parse_weight("350.1", &lim, &kg, &err), err, "weight 350.1 kg is impossible");
	/* 44 lb is 19.96 kg, which rounds to 20.0 and is accepted; 43 lb is not. */
	assert_int_equal(kc_parse_weight("44 lb", &lim, &kg, &err), KC_OK);
	assert_tenths(kg, 20.0);
	assert_refused(kc_parse_weight("43 lb", &lim, &kg, &err), err,
		       "weight 43 lb (19.5 kg) is impossible (allowed 20–350 kg)");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_refused(kc_parse_weight(bad[i], &lim, &kg, &err), err, "enter weight in kg or lb");
	assert_tenths(kg, 20.0);
}

/* ---------- a whole round ---------- */

static void vitals_round_parsed_field_by_field(void **state)
{
	struct kc_limits_cfg lim = ref_config()->limits;
	struct kc_vitals_text t = {
		.bp = "142/91", .heart_rate = "88", .spo2 = "96%", .resp_rate = "16",
		.temp = "98.6", .moaas = "4",
	};
	struct kc_vitals v;
	struct kc_err err;

	(void)state;
	assert_int_equal(kc_parse_vitals(&t, &lim, &v, &err), KC_OK);
	assert_int_equal(v.systolic, 142);
	assert_int_equal(v.diastolic, 91);
	assert_int_equal(v.heart_rate, 88);
	assert_int_equal(v.spo2, 96);
	assert_int_equal(v.resp_rate, 16);
	assert_int_equal(v.temp_dc, 370);
	assert_int_equal(v.moaas, 4);
}

static void vitals_round_error_names_field_and_keeps_out(void **state)
{
	struct kc_limits_cfg lim = ref_config()->limits;
	struct kc_vitals_text t = { .bp = "142/91", .heart_rate = "350", .spo2 = "97" };
	struct kc_vitals v = normal_reading(), before = v;
	struct kc_err err;

	(void)state;
	assert_refused(kc_parse_vitals(&t, &lim, &v, &err), err, "heart rate 350 /min");
	assert_memory_equal(&v, &before, sizeof v);
	t.heart_rate = "80";
	t.spo2 = "97/";
	assert_refused(kc_parse_vitals(&t, &lim, &v, &err), err, "SpO2");
	assert_memory_equal(&v, &before, sizeof v);
}

static void vitals_round_needs_one_measure(void **state)
{
	struct kc_limits_cfg lim = ref_config()->limits;
	struct kc_vitals_text empty = { .bp = "", .heart_rate = " ", .spo2 = "" };
	struct kc_vitals_text only_moaas = { .moaas = "5" };
	struct kc_vitals v = normal_reading(), before = v;
	struct kc_err err;

	(void)state;
	assert_refused(kc_parse_vitals(&empty, &lim, &v, &err), err, "enter at least one measure");
	assert_memory_equal(&v, &before, sizeof v);
	assert_int_equal(kc_parse_vitals(&only_moaas, &lim, &v, &err), KC_OK);
	assert_int_equal(v.moaas, 5);
	assert_int_equal(v.systolic, KC_NONE);
	assert_int_equal(v.heart_rate, KC_NONE);
	assert_int_equal(v.temp_dc, KC_NONE);
}

/* ---------- status, time taken, late entry ---------- */

static void not_taken_needs_reason(void **state)
{
	struct kc_err err;

	(void)state;
	assert_int_equal(kc_check_not_taken(KC_VITALS_TAKEN, NULL, &err), KC_OK);
	assert_refused(kc_check_not_taken(KC_VITALS_REFUSED, "", &err), err,
		       "recorded as refused needs a reason");
	assert_refused(kc_check_not_taken(KC_VITALS_REFUSED, "  ", &err), err, "needs a reason");
	assert_refused(kc_check_not_taken(KC_VITALS_UNAVAILABLE, NULL, &err), err,
		       "recorded as unavailable needs a reason");
	assert_int_equal(kc_check_not_taken(KC_VITALS_REFUSED, "patient declined", &err), KC_OK);
	assert_int_equal(kc_check_not_taken(KC_VITALS_UNAVAILABLE, "cuff broken", &err), KC_OK);
}

static void time_taken_between_session_start_and_now(void **state)
{
	const time_t start = 1700000000, now = start + 3600;
	struct kc_err err;

	(void)state;
	assert_refused(kc_check_time_taken(now + 1, start, now, &err), err,
		       "time taken is in the future");
	assert_int_equal(kc_check_time_taken(now, start, now, &err), KC_OK);
	assert_int_equal(kc_check_time_taken(start, start, now, &err), KC_OK);
	assert_refused(kc_check_time_taken(start - 1, start, now, &err), err,
		       "before the session began");
}

static void late_after_more_than_limit(void **state)
{
	const time_t taken = 1700000000;

	(void)state;
	assert_int_equal(kc_is_late(taken, taken, 10), 0);
	assert_int_equal(kc_is_late(taken, taken + 10 * 60, 10), 0);
	assert_int_equal(kc_is_late(taken, taken + 10 * 60 + 1, 10), 1);
	assert_int_equal(kc_is_late(taken, taken + 11 * 60, 10), 1);
}

/* ---------- alerts ---------- */

/* Starting from the reading start, one measure (at offset field) set to each row's value:
 * no alert (text NULL, level OK), or exactly one alert at level saying text. Every row is
 * checked; a failure names its value. */
struct bound {
	int value;
	enum kc_level level;
	const char *text;
};

static void check_bounds(const struct kc_vitals *start, size_t field, const struct bound *b, size_t n)
{
	struct kc_alerts_cfg cfg = ref_config()->alerts;

	for (size_t i = 0; i < n; i++) {
		struct kc_vitals v = *start;
		struct kc_alert_list l;
		int want = b[i].text ? 1 : 0;

		*(int *)((char *)&v + field) = b[i].value;
		memset(&l, 0xab, sizeof l);
		kc_vitals_alerts(&v, NULL, &cfg, &l);
		if (l.n != want || l.worst != b[i].level ||
		    (want && (l.a[0].level != b[i].level || strcmp(l.a[0].text, b[i].text) != 0)))
			fail_msg("value %d: %d alert(s), worst %d, first '%s'; wanted %d at level %d '%s'",
				 b[i].value, l.n, (int)l.worst, l.n > 0 ? l.a[0].text : "", want,
				 (int)b[i].level, want ? b[i].text : "");
	}
}

#define assert_one_alert(l, lvl, txt)                                                      \
	do {                                                                                \
		assert_int_equal((l).n, 1);                                                 \
		assert_int_equal((l).worst, (lvl));                                         \
		assert_int_equal((l).a[0].level, (lvl));                                    \
		assert_string_equal((l).a[0].text, (txt));                                  \
	} while (0)

static void no_alert_for_normal_reading(void **state)
{
	struct kc_alerts_cfg cfg = ref_config()->alerts;
	struct kc_vitals v = normal_reading(), base = normal_reading();
	struct kc_alert_list l;

	(void)state;
	memset(&l, 0xab, sizeof l);
	kc_vitals_alerts(&v, &base, &cfg, &l);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.worst, KC_LEVEL_OK);
	kc_vitals_clear(&v);
	kc_vitals_alerts(&v, &base, &cfg, &l);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.worst, KC_LEVEL_OK);
}

static void systolic_159_160_179_180_181(void **state)
{
	static const struct bound b[] = {
		{ 159, KC_LEVEL_OK, NULL },
		{ 160, KC_LEVEL_WARN, "SBP 160 mmHg >= 160 (warn)" },
		{ 179, KC_LEVEL_WARN, "SBP 179 mmHg >= 160 (warn)" },
		{ 180, KC_LEVEL_CRITICAL, "SBP 180 mmHg >= 180 (critical)" },
		{ 181, KC_LEVEL_CRITICAL, "SBP 181 mmHg >= 180 (critical)" },
	};
	struct kc_vitals v = normal_reading();

	(void)state;
	check_bounds(&v, offsetof(struct kc_vitals, systolic), b, sizeof b / sizeof b[0]);
}

static void diastolic_99_100_109_110(void **state)
{
	static const struct bound b[] = {
		{ 99, KC_LEVEL_OK, NULL },
		{ 100, KC_LEVEL_WARN, "DBP 100 mmHg >= 100 (warn)" },
		{ 109, KC_LEVEL_WARN, "DBP 109 mmHg >= 100 (warn)" },
		{ 110, KC_LEVEL_CRITICAL, "DBP 110 mmHg >= 110 (critical)" },
	};
	struct kc_vitals v = normal_reading();

	(void)state;
	v.systolic = 150; /* above every diastolic tried, below the SBP warning */
	check_bounds(&v, offsetof(struct kc_vitals, diastolic), b, sizeof b / sizeof b[0]);
}

static void heart_rate_strict_limits(void **state)
{
	static const struct bound b[] = {
		{ 110, KC_LEVEL_OK, NULL },
		{ 111, KC_LEVEL_WARN, "HR 111 /min > 110 (warn)" },
		{ 130, KC_LEVEL_WARN, "HR 130 /min > 110 (warn)" },
		{ 131, KC_LEVEL_CRITICAL, "HR 131 /min > 130 (critical)" },
		{ 50, KC_LEVEL_OK, NULL },
		{ 49, KC_LEVEL_WARN, "HR 49 /min < 50 (warn)" },
		{ 40, KC_LEVEL_WARN, "HR 40 /min < 50 (warn)" },
		{ 39, KC_LEVEL_CRITICAL, "HR 39 /min < 40 (critical)" },
	};
	struct kc_vitals v = normal_reading();

	(void)state;
	check_bounds(&v, offsetof(struct kc_vitals, heart_rate), b, sizeof b / sizeof b[0]);
}

static void spo2_94_93_90_89(void **state)
{
	static const struct bound b[] = {
		{ 94, KC_LEVEL_OK, NULL },
		{ 93, KC_LEVEL_WARN, "SpO2 93 % < 94 (warn)" },
		{ 90, KC_LEVEL_WARN, "SpO2 90 % < 94 (warn)" },
		{ 89, KC_LEVEL_CRITICAL, "SpO2 89 % < 90 (critical)" },
	};
	struct kc_vitals v = normal_reading();

	(void)state;
	check_bounds(&v, offsetof(struct kc_vitals, spo2), b, sizeof b / sizeof b[0]);
}

static void resp_rate_10_9_8_7_24_25(void **state)
{
	static const struct bound b[] = {
		{ 10, KC_LEVEL_OK, NULL },
		{ 9, KC_LEVEL_WARN, "RR 9 /min < 10 (warn)" },
		{ 8, KC_LEVEL_WARN, "RR 8 /min < 10 (warn)" },
		{ 7, KC_LEVEL_CRITICAL, "RR 7 /min < 8 (critical)" },
		{ 24, KC_LEVEL_OK, NULL },
		{ 25, KC_LEVEL_WARN, "RR 25 /min > 24 (warn)" },
	};
	struct kc_vitals v = normal_reading();

	(void)state;
	check_bounds(&v, offsetof(struct kc_vitals, resp_rate), b, sizeof b / sizeof b[0]);
}

static void moaas_4_3_2_1(void **state)
{
	static const struct bound b[] = {
		{ 4, KC_LEVEL_OK, NULL },
		{ 3, KC_LEVEL_WARN, "MOAA/S 3 <= 3 (warn)" },
		{ 2, KC_LEVEL_WARN, "MOAA/S 2 <= 3 (warn)" },
		{ 1, KC_LEVEL_CRITICAL, "MOAA/S 1 <= 1 (critical)" },
	};
	struct kc_vitals v = normal_reading();

	(void)state;
	check_bounds(&v, offsetof(struct kc_vitals, moaas), b, sizeof b / sizeof b[0]);
}

static void rise_over_baseline_39_40_and_24_25(void **state)
{
	struct kc_alerts_cfg cfg = ref_config()->alerts;
	struct kc_vitals base = normal_reading(), v = normal_reading();
	struct kc_alert_list l;

	(void)state;
	base.systolic = 110;
	base.diastolic = 70;
	v.systolic = 149;
	v.diastolic = 94;
	kc_vitals_alerts(&v, &base, &cfg, &l);
	assert_int_equal(l.n, 0);
	v.systolic = 150;
	kc_vitals_alerts(&v, &base, &cfg, &l);
	assert_one_alert(l, KC_LEVEL_WARN,
			 "SBP 150 mmHg, rise 40 >= 40 over baseline 110 (warn)");
	v.systolic = 120;
	v.diastolic = 95;
	kc_vitals_alerts(&v, &base, &cfg, &l);
	assert_one_alert(l, KC_LEVEL_WARN,
			 "DBP 95 mmHg, rise 25 >= 25 over baseline 70 (warn)");
}

static void rise_needs_baseline_with_values(void **state)
{
	struct kc_alerts_cfg cfg = ref_config()->alerts;
	struct kc_vitals base, v = normal_reading();
	struct kc_alert_list l;

	(void)state;
	v.systolic = 155;
	v.diastolic = 99;
	kc_vitals_alerts(&v, NULL, &cfg, &l);
	assert_int_equal(l.n, 0);
	kc_vitals_clear(&base);
	kc_vitals_alerts(&v, &base, &cfg, &l);
	assert_int_equal(l.n, 0);
	base.systolic = 100;
	base.diastolic = 60;
	v.systolic = KC_NONE;
	v.diastolic = KC_NONE;
	kc_vitals_alerts(&v, &base, &cfg, &l);
	assert_int_equal(l.n, 0);
}

static void one_alert_per_pressure_with_rise(void **state)
{
	struct kc_alerts_cfg cfg = ref_config()->alerts;
	struct kc_vitals base = normal_reading(), v = normal_reading();
	struct kc_alert_list l;

	(void)state;
	base.systolic = 120;
	v.systolic = 165; /* warn by value and by a rise of 45 */
	kc_vitals_alerts(&v, &base, &cfg, &l);
	assert_one_alert(l, KC_LEVEL_WARN,
			 "SBP 165 mmHg >= 160, rise 45 >= 40 over baseline 120 (warn)");
	v.systolic = 185; /* critical supersedes both warnings */
	kc_vitals_alerts(&v, &base, &cfg, &l);
	assert_one_alert(l, KC_LEVEL_CRITICAL, "SBP 185 mmHg >= 180 (critical)");
}

static void reading_takes_highest_level(void **state)
{
	struct kc_alerts_cfg cfg = ref_config()->alerts;
	struct kc_vitals v = normal_reading();
	struct kc_alert_list l;
	char line[256];

	(void)state;
	v.heart_rate = 115;
	v.spo2 = 88;
	v.moaas = 3;
	kc_vitals_alerts(&v, NULL, &cfg, &l);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.worst, KC_LEVEL_CRITICAL);
	assert_int_equal(l.a[0].level, KC_LEVEL_WARN);
	assert_int_equal(l.a[1].level, KC_LEVEL_CRITICAL);
	kc_alerts_join(&l, line, sizeof line);
	assert_string_equal(line, "HR 115 /min > 110 (warn); SpO2 88 % < 90 (critical); "
				  "MOAA/S 3 <= 3 (warn)");
}

static void alerts_join_empty_and_truncated(void **state)
{
	struct kc_alerts_cfg cfg = ref_config()->alerts;
	struct kc_vitals v = normal_reading();
	struct kc_alert_list l;
	char line[12];

	(void)state;
	kc_vitals_alerts(&v, NULL, &cfg, &l);
	memset(line, 'x', sizeof line);
	kc_alerts_join(&l, line, sizeof line);
	assert_string_equal(line, "");
	v.heart_rate = 140;
	v.spo2 = 85;
	kc_vitals_alerts(&v, NULL, &cfg, &l);
	kc_alerts_join(&l, line, sizeof line);
	assert_string_equal(line, "HR 140 /min");
}

/* ---------- pre-dose gate ---------- */

static void predose_gate_boundaries(void **state)
{
	struct kc_screening_cfg cfg = ref_config()->screening;
	char why[128];

	(void)state;
	assert_int_equal(kc_predose_bp_gate(140, 90, &cfg, why, sizeof why), KC_GATE_PASS);
	assert_int_equal(kc_predose_bp_gate(141, 90, &cfg, why, sizeof why), KC_GATE_CONFIRM);
	assert_string_equal(why, "BP 141/90 mmHg: systolic 141 > 140 (confirm before dosing)");
	assert_int_equal(kc_predose_bp_gate(140, 91, &cfg, why, sizeof why), KC_GATE_CONFIRM);
	assert_string_equal(why, "BP 140/91 mmHg: diastolic 91 > 90 (confirm before dosing)");
	assert_int_equal(kc_predose_bp_gate(179, 99, &cfg, why, sizeof why), KC_GATE_CONFIRM);
	assert_string_equal(why, "BP 179/99 mmHg: systolic 179 > 140 and diastolic 99 > 90 "
				 "(confirm before dosing)");
	assert_int_equal(kc_predose_bp_gate(180, 85, &cfg, why, sizeof why), KC_GATE_BLOCK);
	assert_string_equal(why, "BP 180/85 mmHg: systolic 180 >= 180 (dosing blocked)");
	assert_int_equal(kc_predose_bp_gate(150, 100, &cfg, why, sizeof why), KC_GATE_BLOCK);
	assert_string_equal(why, "BP 150/100 mmHg: diastolic 100 >= 100 (dosing blocked)");
}

static void predose_gate_without_reading_is_incomplete(void **state)
{
	struct kc_screening_cfg cfg = ref_config()->screening;
	char why[64];

	(void)state;
	assert_int_equal(kc_predose_bp_gate(KC_NONE, KC_NONE, &cfg, why, sizeof why),
			 KC_GATE_INCOMPLETE);
	assert_non_null(strstr(why, "no pre-dose blood pressure"));
	assert_int_equal(kc_predose_bp_gate(185, 105, &cfg, NULL, 0), KC_GATE_BLOCK);
}

/* ---------- names ---------- */

static void route_and_phase_names_round_trip(void **state)
{
	enum kc_route r;
	enum kc_phase p;
	int i;

	(void)state;
	assert_string_equal(kc_route_name(KC_ROUTE_IV), "iv");
	assert_string_equal(kc_route_name(KC_ROUTE_ESKETAMINE), "esketamine");
	assert_string_equal(kc_route_name(KC_ROUTE_IM), "im");
	assert_string_equal(kc_route_label(KC_ROUTE_IV), "IV ketamine infusion");
	for (i = 0; i < KC_ROUTE_COUNT; i++) {
		assert_int_equal(kc_route_from_name(kc_route_name((enum kc_route)i), &r), KC_OK);
		assert_int_equal(r, i);
	}
	assert_string_equal(kc_phase_name(KC_PHASE_DISCHARGED), "discharged");
	for (i = 0; i < KC_PHASE_COUNT; i++) {
		assert_int_equal(kc_phase_from_name(kc_phase_name((enum kc_phase)i), &p), KC_OK);
		assert_int_equal(p, i);
	}
	/* typed on a command line */
	assert_int_equal(kc_route_from_name("IV", &r), KC_OK);
	assert_int_equal(r, KC_ROUTE_IV);
	r = KC_ROUTE_IM;
	assert_int_equal(kc_route_from_name("oral", &r), KC_ERR_INVALID);
	assert_int_equal(kc_route_from_name(NULL, &r), KC_ERR_INVALID);
	assert_int_equal(r, KC_ROUTE_IM);
	assert_int_equal(kc_phase_from_name("", &p), KC_ERR_INVALID);
	assert_string_equal(kc_route_name(KC_ROUTE_COUNT), "?");
}

static void level_gate_status_answer_names(void **state)
{
	enum kc_vstatus s;
	enum kc_answer a;

	(void)state;
	assert_string_equal(kc_level_name(KC_LEVEL_OK), "ok");
	assert_string_equal(kc_level_name(KC_LEVEL_WARN), "WARN");
	assert_string_equal(kc_level_name(KC_LEVEL_CRITICAL), "CRITICAL");
	assert_string_equal(kc_gate_name(KC_GATE_PASS), "pass");
	assert_string_equal(kc_gate_name(KC_GATE_CONFIRM), "needs confirmation");
	assert_string_equal(kc_gate_name(KC_GATE_INCOMPLETE), "incomplete");
	assert_string_equal(kc_gate_name(KC_GATE_BLOCK), "blocked");
	assert_int_equal(kc_vstatus_from_name("unavailable", &s), KC_OK);
	assert_int_equal(s, KC_VITALS_UNAVAILABLE);
	assert_string_equal(kc_vstatus_name(KC_VITALS_REFUSED), "refused");
	assert_int_equal(kc_vstatus_from_name("missing", &s), KC_ERR_INVALID);
	assert_int_equal(kc_answer_from_name("n/a", &a), KC_OK);
	assert_int_equal(a, KC_ANS_NA);
	assert_int_equal(kc_answer_from_name("", &a), KC_OK);
	assert_int_equal(a, KC_ANS_UNSET);
	assert_string_equal(kc_answer_name(KC_ANS_YES), "yes");
	assert_int_equal(kc_answer_from_name("maybe", &a), KC_ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bp_accepts_slash_form_with_blanks),
		cmocka_unit_test(bp_empty_means_not_taken),
		cmocka_unit_test(bp_malformed_refused_with_expected_form),
		cmocka_unit_test(bp_systolic_limits_29_30_280_281),
		cmocka_unit_test(bp_diastolic_limits_9_10_200_201),
		cmocka_unit_test(bp_systolic_must_exceed_diastolic),
		cmocka_unit_test(bp_limits_follow_the_config),
		cmocka_unit_test(heart_rate_limits_and_forms),
		cmocka_unit_test(spo2_accepts_percent_sign_and_limits),
		cmocka_unit_test(resp_rate_limits_0_80),
		cmocka_unit_test(moaas_accepts_0_to_5_only),
		cmocka_unit_test(temp_celsius_forms_in_tenths),
		cmocka_unit_test(temp_fahrenheit_converted_to_celsius),
		cmocka_unit_test(temp_limits_in_celsius_after_conversion),
		cmocka_unit_test(temp_malformed_refused),
		cmocka_unit_test(weight_kg_and_lb_forms),
		cmocka_unit_test(weight_limits_and_refusals),
		cmocka_unit_test(vitals_round_parsed_field_by_field),
		cmocka_unit_test(vitals_round_error_names_field_and_keeps_out),
		cmocka_unit_test(vitals_round_needs_one_measure),
		cmocka_unit_test(not_taken_needs_reason),
		cmocka_unit_test(time_taken_between_session_start_and_now),
		cmocka_unit_test(late_after_more_than_limit),
		cmocka_unit_test(no_alert_for_normal_reading),
		cmocka_unit_test(systolic_159_160_179_180_181),
		cmocka_unit_test(diastolic_99_100_109_110),
		cmocka_unit_test(heart_rate_strict_limits),
		cmocka_unit_test(spo2_94_93_90_89),
		cmocka_unit_test(resp_rate_10_9_8_7_24_25),
		cmocka_unit_test(moaas_4_3_2_1),
		cmocka_unit_test(rise_over_baseline_39_40_and_24_25),
		cmocka_unit_test(rise_needs_baseline_with_values),
		cmocka_unit_test(one_alert_per_pressure_with_rise),
		cmocka_unit_test(reading_takes_highest_level),
		cmocka_unit_test(alerts_join_empty_and_truncated),
		cmocka_unit_test(predose_gate_boundaries),
		cmocka_unit_test(predose_gate_without_reading_is_incomplete),
		cmocka_unit_test(route_and_phase_names_round_trip),
		cmocka_unit_test(level_gate_status_answer_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
