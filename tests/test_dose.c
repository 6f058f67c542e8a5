/* test_dose.c — IV dose arithmetic, esketamine devices and spacing, rounding.
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

/* ---------- IV dose ---------- */

static void iv_dose_70kg_at_half_mg_per_kg(void **state)
{
	struct kc_protocol_iv p = ref_config()->iv;
	struct kc_limits_cfg lim = ref_config()->limits;
	struct kc_iv_dose d;
	struct kc_err err;

	(void)state;
	assert_int_equal(kc_iv_dose_calc(70.0, 0.5, &p, &lim, &d, &err), KC_OK);
	assert_tenths(d.mg, 35.0);
	assert_tenths(d.ml_stock, 0.7);
	assert_tenths(d.rate_ml_h, 150.0);
}

static void iv_dose_rounds_each_number_to_tenths(void **state)
{
	struct kc_protocol_iv p = ref_config()->iv;
	struct kc_limits_cfg lim = ref_config()->limits;
	struct kc_iv_dose d;
	struct kc_err err;

	(void)state;
	/* 83.3 × 0.5 = 41.65 (stored as 41.6499...), which must still round up. */
	assert_int_equal(kc_iv_dose_calc(83.3, 0.5, &p, &lim, &d, &err), KC_OK);
	assert_tenths(d.mg, 41.7);
	assert_tenths(d.ml_stock, 0.83); /* 41.7 / 50 = 0.834: mL to 0.01 */
	/* 20.5 × 0.3 computes to 6.1499999999999995; a clinician expects 6.15 -> 6.2. */
	assert_int_equal(kc_iv_dose_calc(20.5, 0.3, &p, &lim, &d, &err), KC_OK);
	assert_tenths(d.mg, 6.2);
	/* mL is drawn from the mg shown: 12.462 mg shows as 12.5, and 12.5 / 50 = 0.25
	 * (from the unrounded 12.462 it would be 0.249 and disagree with the mg on screen). */
	assert_int_equal(kc_iv_dose_calc(20.1, 0.62, &p, &lim, &d, &err), KC_OK);
	assert_tenths(d.mg, 12.5);
	assert_tenths(d.ml_stock, 0.25);
	p.infusion_min = 45;
	p.bag_ml = 100.0;
	assert_int_equal(kc_iv_dose_calc(81.6, 0.75, &p, &lim, &d, &err), KC_OK);
	assert_tenths(d.mg, 61.2);
	assert_tenths(d.ml_stock, 1.22);    /* 1.224 */
	assert_tenths(d.rate_ml_h, 133.3); /* 6000 / 45 */
	p.stock_mg_per_ml = 10.0;
	p.bag_ml = 250.0;
	p.infusion_min = 40;
	assert_int_equal(kc_iv_dose_calc(95.0, 0.5, &p, &lim, &d, &err), KC_OK);
	assert_tenths(d.ml_stock, 4.75); /* 47.5 / 10 */
	assert_tenths(d.rate_ml_h, 375.0);
}

static void iv_dose_mg_per_kg_boundaries_accepted(void **state)
{
	struct kc_protocol_iv p = ref_config()->iv;
	struct kc_limits_cfg lim = ref_config()->limits;
	struct kc_iv_dose d;
	struct kc_err err;

	(void)state;
	assert_int_equal(kc_iv_dose_calc(70.0, 0.1, &p, &lim, &d, &err), KC_OK);
	assert_tenths(d.mg, 7.0);
	assert_int_equal(kc_iv_dose_calc(70.0, 1.0, &p, &lim, &d, &err), KC_OK);
	assert_tenths(d.mg, 70.0);
	/* A value one binary step off a limit (arithmetic noise) is the limit itself. */
	assert_int_equal(kc_iv_dose_calc(70.0, nextafter(0.1, 0.0), &p, &lim, &d, &err), KC_OK);
	assert_int_equal(kc_iv_dose_calc(70.0, nextafter(1.0, 2.0), &p, &lim, &d, &err), KC_OK);
	assert_int_equal(kc_iv_dose_calc(70.0, 0.3 - 0.2, &p, &lim, &d, &err), KC_OK);
}

static void iv_dose_mg_per_kg_outside_refused(void **state)
{
	struct kc_protocol_iv p = ref_config()->iv;
	struct kc_limits_cfg lim = ref_config()->limits;
	struct kc_iv_dose d = { .mg = SENTINEL, .ml_stock = SENTINEL, .rate_ml_h = SENTINEL };
	struct kc_err err;

	(void)state;
	assert_refused(kc_iv_dose_calc(70.0, 0.09, &p, &lim, &d, &err), err,
		       "dose 0.09 mg/kg is outside the allowed range 0.1–1.0 mg/kg");
	assert_refused(kc_iv_dose_calc(70.0, 1.01, &p, &lim, &d, &err), err,
		       "dose 1.01 mg/kg is outside the allowed range 0.1–1.0 mg/kg");
	assert_refused(kc_iv_dose_calc(70.0, 0.0, &p, &lim, &d, &err), err, "allowed range");
	assert_refused(kc_iv_dose_calc(70.0, NAN, &p, &lim, &d, &err), err, "allowed range");
	assert_tenths(d.mg, SENTINEL);
	assert_tenths(d.ml_stock, SENTINEL);
	assert_tenths(d.rate_ml_h, SENTINEL);
}

static void iv_dose_range_follows_the_config(void **state)
{
	struct kc_protocol_iv p = ref_config()->iv;
	struct kc_limits_cfg lim = ref_config()->limits;
	struct kc_iv_dose d;
	struct kc_err err;

	(void)state;
	p.dose_max_mg_per_kg = 0.8;
	assert_refused(kc_iv_dose_calc(70.0, 0.9, &p, &lim, &d, &err), err, "0.1–0.8 mg/kg");
	assert_int_equal(kc_iv_dose_calc(70.0, 0.8, &p, &lim, &d, &err), KC_OK);
	assert_tenths(d.mg, 56.0);
}

static void iv_dose_weight_limits(void **state)
{
	struct kc_protocol_iv p = ref_config()->iv;
	struct kc_limits_cfg lim = ref_config()->limits;
	struct kc_iv_dose d = { .mg = SENTINEL };
	struct kc_err err;

	(void)state;
	assert_refused(kc_iv_dose_calc(19.9, 0.5, &p, &lim, &d, &err), err,
		       "weight 19.9 kg is outside the allowed range 20–350 kg");
	assert_tenths(d.mg, SENTINEL);
	assert_int_equal(kc_iv_dose_calc(20.0, 0.5, &p, &lim, &d, &err), KC_OK);
	assert_tenths(d.mg, 10.0);
	assert_int_equal(kc_iv_dose_calc(350.0, 0.5, &p, &lim, &d, &err), KC_OK);
	assert_tenths(d.mg, 175.0);
	assert_refused(kc_iv_dose_calc(350.1, 0.5, &p, &lim, &d, &err), err, "weight 350.1 kg");
	assert_refused(kc_iv_dose_calc(0.0, 0.5, &p, &lim, &d, &err), err, "weight 0.0 kg");
}

static void iv_dose_refuses_config_that_would_divide_by_zero(void **state)
{
	struct kc_protocol_iv p = ref_config()->iv;
	struct kc_limits_cfg lim = ref_config()->limits;
	struct kc_iv_dose d;
	struct kc_err err;

	(void)state;
	p.stock_mg_per_ml = 0.0;
	assert_int_equal(kc_iv_dose_calc(70.0, 0.5, &p, &lim, &d, &err), KC_ERR_CONFIG);
	assert_non_null(strstr(err.msg, "stock_mg_per_ml"));
	p = ref_config()->iv;
	p.infusion_min = 0;
	assert_int_equal(kc_iv_dose_calc(70.0, 0.5, &p, &lim, &d, &err), KC_ERR_CONFIG);
}

/* ---------- esketamine ---------- */

static void esk_standard_doses_need_no_reason(void **state)
{
	struct kc_protocol_esk p = ref_config()->esk;
	struct kc_err err;
	int n = SENTINEL, why = SENTINEL;

	(void)state;
	assert_int_equal(kc_esk_devices(56, &p, &n, &why, &err), KC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(why, 0);
	n = why = SENTINEL;
	assert_int_equal(kc_esk_devices(84, &p, &n, &why, &err), KC_OK);
	assert_int_equal(n, 3);
	assert_int_equal(why, 0);
}

static void esk_other_multiples_need_reason(void **state)
{
	struct kc_protocol_esk p = ref_config()->esk;
	struct kc_err err;
	int n = SENTINEL, why = SENTINEL;

	(void)state;
	assert_int_equal(kc_esk_devices(28, &p, &n, &why, &err), KC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(why, 1);
	n = why = SENTINEL;
	assert_int_equal(kc_esk_devices(112, &p, &n, &why, &err), KC_OK);
	assert_int_equal(n, 4);
	assert_int_equal(why, 1);
}

static void esk_dose_not_multiple_of_device_refused(void **state)
{
	struct kc_protocol_esk p = ref_config()->esk;
	const int bad[] = { 0, -28, -56, 50, 57, 83, 85 };
	struct kc_err err;
	size_t i;
	int n = SENTINEL, why = SENTINEL;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		kc_err_clear(&err);
		assert_refused(kc_esk_devices(bad[i], &p, &n, &why, &err), err,
			       "not a whole number of 28 mg devices");
	}
	assert_refused(kc_esk_devices(50, &p, &n, &why, &err), err, "esketamine dose 50 mg");
	assert_int_equal(n, SENTINEL);
	assert_int_equal(why, SENTINEL);
}

static void esk_spacing_five_minutes(void **state)
{
	struct kc_protocol_esk p = ref_config()->esk;
	const time_t first = 1700000000;

	(void)state;
	assert_int_equal(kc_esk_wait_s(first, first, &p), 300);
	assert_int_equal(kc_esk_wait_s(first, first + 1, &p), 299);
	assert_int_equal(kc_esk_wait_s(first, first + 299, &p), 1);
	assert_int_equal(kc_esk_wait_s(first, first + 300, &p), 0);
	assert_int_equal(kc_esk_wait_s(first, first + 3600, &p), 0);
	assert_int_equal(kc_esk_wait_s(0, first, &p), 0);
	p.device_spacing_min = 10;
	assert_int_equal(kc_esk_wait_s(first, first + 300, &p), 300);
}

/* ---------- rounding ---------- */

static void round1_half_away_from_zero(void **state)
{
	(void)state;
	assert_tenths(kc_round1(0.05), 0.1);
	assert_tenths(kc_round1(0.15), 0.2);
	assert_tenths(kc_round1(0.35), 0.4);
	assert_tenths(kc_round1(2.449), 2.4);
	assert_tenths(kc_round1(2.45), 2.5);
	assert_tenths(kc_round1(-0.05), -0.1);
	assert_tenths(kc_round1(-1.25), -1.3);
	assert_tenths(kc_round1(81.6466266), 81.6);
	assert_tenths(kc_round1(150.0), 150.0);
	assert_false(signbit(kc_round1(-0.04)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(iv_dose_70kg_at_half_mg_per_kg),
		cmocka_unit_test(iv_dose_rounds_each_number_to_tenths),
		cmocka_unit_test(iv_dose_mg_per_kg_boundaries_accepted),
		cmocka_unit_test(iv_dose_mg_per_kg_outside_refused),
		cmocka_unit_test(iv_dose_range_follows_the_config),
		cmocka_unit_test(iv_dose_weight_limits),
		cmocka_unit_test(iv_dose_refuses_config_that_would_divide_by_zero),
		cmocka_unit_test(esk_standard_doses_need_no_reason),
		cmocka_unit_test(esk_other_multiples_need_reason),
		cmocka_unit_test(esk_dose_not_multiple_of_device_refused),
		cmocka_unit_test(esk_spacing_five_minutes),
		cmocka_unit_test(round1_half_away_from_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
