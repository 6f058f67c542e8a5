/* dose.c — IV ketamine dose arithmetic and esketamine device counts. */
#include "kc_clinical.h"

#include <math.h>

/* Doses and weights are entered to at most a few decimals, so anything closer than this
 * to a limit is the limit itself (0.1 typed is not quite 0.1 in binary). */
#define DOSE_EPS 1e-9

/* The label doses of esketamine; any other multiple of a device needs a reason. */
static const int esk_standard_mg[] = { 56, 84 };

static int outside(double x, double min, double max)
{
	return !isfinite(x) || x < min - DOSE_EPS || x > max + DOSE_EPS;
}

int kc_iv_dose_calc(double weight_kg, double mg_per_kg, const struct kc_protocol_iv *p,
		    const struct kc_limits_cfg *lim, struct kc_iv_dose *out, struct kc_err *err)
{
	double mg;

	if (outside(weight_kg, lim->weight_min_kg, lim->weight_max_kg))
		return kc_fail(err, KC_ERR_INVALID,
			       "weight %.1f kg is outside the allowed range %g–%g kg", weight_kg,
			       lim->weight_min_kg, lim->weight_max_kg);
	if (outside(mg_per_kg, p->dose_min_mg_per_kg, p->dose_max_mg_per_kg))
		return kc_fail(err, KC_ERR_INVALID,
			       "dose %.10g mg/kg is outside the allowed range %.1f–%.1f mg/kg", mg_per_kg,
			       p->dose_min_mg_per_kg, p->dose_max_mg_per_kg);
	/* Guard the divisions: a configuration that slipped through validation must not
	 * produce an infinite volume on screen. */
	if (!(p->stock_mg_per_ml > 0) || p->infusion_min <= 0 || !(p->bag_ml > 0))
		return kc_fail(err, KC_ERR_CONFIG,
			       "[protocol.iv] stock_mg_per_ml, bag_ml and infusion_min must be above 0");
	/* mL is drawn from the mg shown, so the three numbers agree with each other. */
	mg = kc_round1(weight_kg * mg_per_kg);
	out->mg = mg;
	out->ml_stock = kc_round1(mg / p->stock_mg_per_ml);
	out->rate_ml_h = kc_round1(p->bag_ml * 60.0 / p->infusion_min);
	return KC_OK;
}

static int is_standard_esk(int dose_mg)
{
	size_t i;

	for (i = 0; i < sizeof esk_standard_mg / sizeof esk_standard_mg[0]; i++)
		if (dose_mg == esk_standard_mg[i])
			return 1;
	return 0;
}

int kc_esk_devices(int dose_mg, const struct kc_protocol_esk *p, int *devices, int *needs_reason,
		   struct kc_err *err)
{
	if (p->device_mg <= 0)
		return kc_fail(err, KC_ERR_CONFIG, "[protocol.esketamine] device_mg must be above 0");
	if (dose_mg <= 0 || dose_mg % p->device_mg != 0)
		return kc_fail(err, KC_ERR_INVALID,
			       "esketamine dose %d mg is not a whole number of %d mg devices "
			       "(56 or 84 mg is standard)", dose_mg, p->device_mg);
	if (devices)
		*devices = dose_mg / p->device_mg;
	if (needs_reason)
		*needs_reason = !is_standard_esk(dose_mg);
	return KC_OK;
}

long kc_esk_wait_s(time_t previous_device, time_t t, const struct kc_protocol_esk *p)
{
	double left;

	if (previous_device == 0)
		return 0; /* no device given yet: nothing to wait for */
	left = p->device_spacing_min * 60.0 - difftime(t, previous_device);
	return left > 0 ? (long)ceil(left) : 0;
}
