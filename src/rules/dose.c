/* dose.c — IV ketamine dose arithmetic and esketamine device counts. */
#include "kc_clinical.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

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
	out->ml_stock = kc_round2(mg / p->stock_mg_per_ml);
	out->rate_ml_h = kc_round1(p->bag_ml * 60.0 / p->infusion_min);
	return KC_OK;
}

double kc_round2(double x)
{
	double y;

	if (!isfinite(x))
		return x;
	y = floor(fabs(x) * 100.0 + 0.5 + 1e-9); /* the same nudge as kc_round1 */
	if (y == 0.0)
		return 0.0;
	return copysign(y / 100.0, x);
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

/* ---------- the infusion as it ran: given so far, planned end ---------- */

/* "3 min", "3 min 20 s", "45 s". */
static void span(long s, char *out, size_t n)
{
	if (s >= 60 && s % 60)
		snprintf(out, n, "%ld min %ld s", s / 60, s % 60);
	else if (s >= 60)
		snprintf(out, n, "%ld min", s / 60);
	else
		snprintf(out, n, "%ld s", s);
}

/* A concentration with no more decimals than it needs: 0.35, 0.362, 1. */
static void conc_text(double c, char *out, size_t n)
{
	size_t len;

	snprintf(out, n, "%.3f", c);
	len = strlen(out);
	while (len > 1 && out[len - 1] == '0')
		out[--len] = '\0';
	if (len > 1 && out[len - 1] == '.')
		out[--len] = '\0';
}

/* One running stretch: the rate and how long it ran. */
struct seg {
	double rate;
	long s;
};

static void add_seg(struct seg *segs, int *nseg, double rate, long s)
{
	if (s <= 0)
		return;
	if (*nseg > 0 && segs[*nseg - 1].rate == rate) {
		segs[*nseg - 1].s += s;
		return;
	}
	if (*nseg < KC_GIVEN_SEGS) {
		segs[*nseg].rate = rate;
		segs[(*nseg)++].s = s;
	} else {
		segs[KC_GIVEN_SEGS - 1].s += s; /* the working names the first rates only */
		segs[KC_GIVEN_SEGS - 1].rate = -1;
	}
}

/* Walk the events up to upto: time running at each rate, time paused. */
static void walk(const struct kc_inf_event *ev, size_t n, time_t upto, struct kc_given *out, struct seg *segs,
		 int *nseg, double *ml)
{
	time_t from = 0;
	double rate = 0;
	int running = 0;

	for (size_t i = 0; i < n && ev[i].at <= upto; i++) {
		const struct kc_inf_event *e = &ev[i];

		if (running && from) {
			add_seg(segs, nseg, rate, (long)(e->at - from));
			*ml += rate * (double)(e->at - from) / 3600.0;
			out->run_s += (long)(e->at - from);
		} else if (out->started && !out->stopped && from) {
			out->paused_s += (long)(e->at - from);
		}
		from = e->at;
		switch (e->kind) {
		case KC_INF_START: out->started = e->at; running = 1; rate = e->rate_ml_h; break;
		case KC_INF_PAUSE: running = 0; break;
		case KC_INF_RESUME: running = out->started != 0; if (e->rate_ml_h > 0) rate = e->rate_ml_h; break;
		case KC_INF_RATE: rate = e->rate_ml_h; break;
		case KC_INF_STOP: out->stopped = e->at; running = 0; break;
		}
		out->paused = out->started && !out->stopped && !running;
		out->rate_ml_h = rate;
	}
	if (!out->started || out->stopped || !from || upto <= from)
		return;
	if (running) {
		add_seg(segs, nseg, rate, (long)(upto - from));
		*ml += rate * (double)(upto - from) / 3600.0;
		out->run_s += (long)(upto - from);
	} else {
		out->paused_s += (long)(upto - from);
	}
}

/* "3 min at 150.0 mL/h = 7.50 mL" or "10 min at 150.0 mL/h + 30 min at 100.0 mL/h = 75.00 mL". */
static void working_run(const struct seg *segs, int nseg, double ml, char *out, size_t n)
{
	char d[32];
	size_t len;

	out[0] = '\0';
	for (int i = 0; i < nseg; i++) {
		len = strlen(out);
		span(segs[i].s, d, sizeof d);
		if (segs[i].rate < 0)
			snprintf(out + len, n - len, "%s%s at other rates", i ? " + " : "", d);
		else
			snprintf(out + len, n - len, "%s%s at %.1f mL/h", i ? " + " : "", d, segs[i].rate);
	}
	len = strlen(out);
	snprintf(out + len, n - len, " = %.2f mL", ml);
}

static void working(const struct kc_given *g, const struct seg *segs, int nseg, double ml_run, char *out,
		    size_t n)
{
	char run[KC_GIVEN_TEXT], c[24], p[32];
	size_t len;
	int w;

	if (!g->started) {
		snprintf(out, n, "not started: 0.0 mg");
		return;
	}
	if (nseg == 0) {
		snprintf(out, n, "not run yet: 0.0 mg");
		return;
	}
	working_run(segs, nseg, ml_run, run, sizeof run);
	conc_text(g->mg_per_ml, c, sizeof c);
	/* The working is display text: a working longer than out is cut, still a string. */
	if (g->bag_empty)
		w = snprintf(out, n, "%s, more than the %.0f mL bag: the whole %.1f mg", run, g->ml, g->mg);
	else
		w = snprintf(out, n, "%s of %s mg/mL = %.1f mg", run, c, g->mg);
	if (w < 0)
		out[0] = '\0';
	if (g->paused_s > 0) {
		span(g->paused_s, p, sizeof p);
		len = strlen(out);
		snprintf(out + len, n - len, " (paused %s)", p);
	}
}

int kc_infusion_given(const struct kc_inf_event *ev, size_t n, time_t upto, double planned_mg,
		      const struct kc_protocol_iv *p, struct kc_given *out, struct kc_err *err)
{
	struct seg segs[KC_GIVEN_SEGS];
	int nseg = 0;
	double ml = 0;

	memset(out, 0, sizeof *out);
	walk(ev, n, upto, out, segs, &nseg, &ml);
	if (out->started)
		out->planned_end = out->started + (time_t)p->infusion_min * 60 + out->paused_s;
	if (!(p->bag_ml > 0))
		return kc_fail(err, KC_ERR_CONFIG, "[protocol.iv] bag_ml must be above 0");
	if (ml > 0 && !(planned_mg > 0))
		return kc_fail(err, KC_ERR_INVALID,
			       "no dose was planned, so the bag's concentration is unknown: type the mg given");
	out->mg_per_ml = planned_mg > 0 ? planned_mg / p->bag_ml : 0;
	out->ml = kc_round2(ml);
	if (ml >= p->bag_ml - 1e-9) {
		out->bag_empty = 1;
		out->ml = kc_round2(p->bag_ml);
		out->mg = kc_round1(planned_mg);
	} else {
		out->mg = kc_round1(ml * out->mg_per_ml);
	}
	working(out, segs, nseg, kc_round2(ml), out->working, sizeof out->working);
	return KC_OK;
}

long kc_infusion_overrun_s(const struct kc_given *g, time_t now)
{
	if (!g->started || g->stopped || !g->planned_end || now <= g->planned_end)
		return 0;
	return (long)(now - g->planned_end);
}
