/* discharge.c — discharge readiness (clinical-reference.md §5). Pure: now is an argument;
 * times are said in minutes, the screen formats clock times. */
#include "kc_clinical.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const criterion_names[KC_DC_COUNT] = {
	[KC_DC_OBSERVATION] = "Minimum observation",
	[KC_DC_ALDRETE] = "Modified Aldrete",
	[KC_DC_MOAAS] = "Sedation (MOAA/S)",
	[KC_DC_BP] = "Blood pressure",
	[KC_DC_DISSOCIATION] = "Dissociation (CADSS)",
	[KC_DC_NAUSEA] = "Nausea",
	[KC_DC_GAIT] = "Steady gait",
	[KC_DC_SUICIDE] = "No new high suicide risk",
	[KC_DC_ESCORT] = "Escort present",
	[KC_DC_INSTRUCTIONS] = "Discharge instructions given",
};

static void set(struct kc_dc_item *c, int met, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set(struct kc_dc_item *c, int met, const char *fmt, ...)
{
	va_list ap;

	c->met = met;
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof c->why, fmt, ap);
	va_end(ap);
}

static const char *not_started(enum kc_route r)
{
	if (r == KC_ROUTE_ESKETAMINE)
		return "no device given yet";
	return r == KC_ROUTE_IM ? "injection not recorded" : "infusion has not ended";
}

/* IV and IM follow the IV protocol's minimum; esketamine its own (from the first device). */
static void observation(const struct kc_discharge_input *in, const struct kc_config *cfg,
			time_t now, struct kc_discharge_result *out)
{
	struct kc_dc_item *c = &out->c[KC_DC_OBSERVATION];
	int esk = in->route == KC_ROUTE_ESKETAMINE;
	int min = esk ? cfg->esk.min_observation_min : cfg->iv.min_observation_min;
	long elapsed, left;

	if (in->obs_anchor == 0) {
		set(c, 0, "not started: %s", not_started(in->route));
		return;
	}
	out->earliest = in->obs_anchor + (time_t)min * 60;
	elapsed = now > in->obs_anchor ? (long)(now - in->obs_anchor) / 60 : 0;
	if (now >= out->earliest) {
		set(c, 1, "observed %ld of %d min", elapsed, min);
		return;
	}
	left = ((long)(out->earliest - now) + 59) / 60; /* whole minutes, rounded up */
	set(c, 0, "observed %ld of %d min, %ld min to go", elapsed, min, left);
}

static void aldrete(const struct kc_discharge_input *in, const struct kc_config *cfg,
		    struct kc_discharge_result *out)
{
	struct kc_dc_item *c = &out->c[KC_DC_ALDRETE];
	struct kc_err err;
	int total = 0;

	out->aldrete_total = KC_NONE;
	if (!in->has_aldrete) {
		set(c, 0, "not assessed");
		return;
	}
	if (kc_aldrete_total(&in->aldrete, &total, &err) != KC_OK) {
		set(c, 0, "%s", err.msg);
		return;
	}
	out->aldrete_total = total;
	if (total < cfg->discharge.aldrete_min)
		set(c, 0, "Aldrete %d < %d", total, cfg->discharge.aldrete_min);
	else
		set(c, 1, "Aldrete %d (needs %d)", total, cfg->discharge.aldrete_min);
}

static void moaas(const struct kc_discharge_input *in, const struct kc_config *cfg,
		  struct kc_dc_item *c)
{
	int need = cfg->discharge.moaas_required;

	if (in->moaas == KC_NONE)
		set(c, 0, "not assessed");
	else if (in->moaas < need)
		set(c, 0, "MOAA/S %d, needs %d", in->moaas, need);
	else
		set(c, 1, "MOAA/S %d", in->moaas);
}

/* |value - base| within pct % of base, the bound included. */
static int within(int value, int base, int pct)
{
	long d = (long)value - base;

	if (d < 0)
		d = -d;
	return base > 0 && d * 100 <= (long)pct * base;
}

static void bp(const struct kc_discharge_input *in, const struct kc_config *cfg,
	       struct kc_dc_item *c)
{
	int s = in->systolic, d = in->diastolic;
	int bs = in->baseline_systolic, bd = in->baseline_diastolic;
	int pct = cfg->discharge.bp_within_percent;
	int ws = cfg->alerts.systolic_warn, wd = cfg->alerts.diastolic_warn;
	int has_base = bs != KC_NONE && bd != KC_NONE;

	if (s == KC_NONE || d == KC_NONE)
		set(c, 0, "not assessed");
	else if (has_base && within(s, bs, pct) && within(d, bd, pct))
		set(c, 1, "BP %d/%d within %d %% of baseline %d/%d", s, d, pct, bs, bd);
	else if (s < ws && d < wd)
		set(c, 1, "BP %d/%d below warn limits %d/%d", s, d, ws, wd);
	else if (has_base)
		set(c, 0, "BP %d/%d vs baseline %d/%d: beyond %d %%", s, d, bs, bd, pct);
	else
		set(c, 0, "BP %d/%d not below warn limits %d/%d, no baseline", s, d, ws, wd);
}

/* CADSS is taken before discharge (§2), so never recorded is not met. */
static void dissociation(const struct kc_discharge_input *in, const struct kc_config *cfg,
			 struct kc_dc_item *c)
{
	int max = cfg->discharge.cadss_max;

	if (in->cadss == KC_NONE)
		set(c, 0, "not assessed");
	else if (in->cadss <= max)
		set(c, 1, "CADSS %d (<= %d)", in->cadss, max);
	else if (in->cadss_baseline != KC_NONE && in->cadss <= in->cadss_baseline)
		set(c, 1, "CADSS %d, not above baseline %d", in->cadss, in->cadss_baseline);
	else if (in->cadss_baseline != KC_NONE)
		set(c, 0, "CADSS %d > %d and above baseline %d", in->cadss, max,
		    in->cadss_baseline);
	else
		set(c, 0, "CADSS %d > %d", in->cadss, max);
}

/* Never recorded counts as 0: nausea is charted when the patient reports it. */
static void nausea(const struct kc_discharge_input *in, const struct kc_config *cfg,
		   struct kc_dc_item *c)
{
	int max = cfg->discharge.nausea_max;
	int n = in->nausea == KC_NONE ? 0 : in->nausea;

	if (n > max)
		set(c, 0, "nausea NRS %d > %d", n, max);
	else if (in->nausea == KC_NONE)
		set(c, 1, "none recorded");
	else
		set(c, 1, "nausea NRS %d (<= %d)", n, max);
}

static void yes_no_items(const struct kc_discharge_input *in, struct kc_discharge_result *out)
{
	int gait = in->gait_steady;

	if (gait == KC_NONE)
		set(&out->c[KC_DC_GAIT], 0, "not assessed");
	else
		set(&out->c[KC_DC_GAIT], gait == 1, "%s", gait == 1 ? "steady" : "unsteady");
	set(&out->c[KC_DC_SUICIDE], !in->new_high_risk, "%s",
	    in->new_high_risk ? "new high-risk suicide screen this session"
			      : "no new high-risk screen");
	set(&out->c[KC_DC_ESCORT], in->escort_present != 0, "%s",
	    in->escort_present ? "escort present" : "no escort present");
	set(&out->c[KC_DC_INSTRUCTIONS], in->instructions_given != 0, "%s",
	    in->instructions_given ? "instructions given" : "not given");
}

void kc_discharge_check(const struct kc_discharge_input *in, const struct kc_config *cfg,
			time_t now, struct kc_discharge_result *out)
{
	memset(out, 0, sizeof *out);
	for (int i = 0; i < KC_DC_COUNT; i++)
		out->c[i].name = criterion_names[i];
	observation(in, cfg, now, out);
	aldrete(in, cfg, out);
	moaas(in, cfg, &out->c[KC_DC_MOAAS]);
	bp(in, cfg, &out->c[KC_DC_BP]);
	dissociation(in, cfg, &out->c[KC_DC_DISSOCIATION]);
	nausea(in, cfg, &out->c[KC_DC_NAUSEA]);
	yes_no_items(in, out);
	out->ready = 1;
	for (int i = 0; i < KC_DC_COUNT; i++)
		out->ready = out->ready && out->c[i].met;
}
