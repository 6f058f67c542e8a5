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
	[KC_DC_VITALS] = "Vitals up to date",
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

/* Gait, escort and instructions are the clinician's to confirm in the assessment: with
 * no assessment each says so, and nothing counts as confirmed by default. */
static void confirmed_items(const struct kc_discharge_input *in, struct kc_discharge_result *out)
{
	int gait = in->assessed ? in->gait_steady : KC_NONE;

	if (gait == KC_NONE)
		set(&out->c[KC_DC_GAIT], 0, "%s", in->assessed ? "not assessed" : "not assessed yet (a)");
	else
		set(&out->c[KC_DC_GAIT], gait == 1, "%s", gait == 1 ? "steady" : "unsteady");
	set(&out->c[KC_DC_SUICIDE], !in->new_high_risk, "%s",
	    in->new_high_risk ? "new high-risk suicide screen this session"
			      : "no new high-risk screen");
	if (!in->assessed)
		set(&out->c[KC_DC_ESCORT], 0, "not confirmed yet (a)");
	else
		set(&out->c[KC_DC_ESCORT], in->escort_present != 0, "%s",
		    in->escort_present ? "confirmed present" : "not confirmed present");
	if (!in->assessed)
		set(&out->c[KC_DC_INSTRUCTIONS], 0, "not confirmed yet (a)");
	else
		set(&out->c[KC_DC_INSTRUCTIONS], in->instructions_given != 0, "%s",
		    in->instructions_given ? "all three given" : "not all given");
}

/* Whole minutes, truncated as the screens' durations are. */
static long minutes(time_t from, time_t to)
{
	return to > from ? (long)(to - from) / 60 : 0;
}

/* A reading at most last_reading_max_min old (the bound included, to the second) and
 * nothing overdue: the patient is not sent home on a stale or missed reading. */
static void recent_vitals(const struct kc_discharge_input *in, const struct kc_config *cfg, time_t now,
			  struct kc_dc_item *c)
{
	int max = cfg->discharge.last_reading_max_min;
	int stale = in->last_reading == 0 || now - in->last_reading > (time_t)max * 60;
	char age[64] = "no reading yet";

	if (in->last_reading)
		snprintf(age, sizeof age, "reading %ld min old", minutes(in->last_reading, now));
	if (in->vitals_overdue && in->vitals_due)
		set(c, 0, "OVERDUE %ld min; %s", minutes(in->vitals_due, now), age);
	else if (stale)
		set(c, 0, "%s, max %d min", age, max);
	else
		set(c, 1, "%s (max %d min)", age, max);
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
	confirmed_items(in, out);
	recent_vitals(in, cfg, now, &out->c[KC_DC_VITALS]);
	out->ready = 1;
	for (int i = 0; i < KC_DC_COUNT; i++)
		out->ready = out->ready && out->c[i].met;
}

void kc_discharge_unmet(const struct kc_discharge_result *r, char *out, size_t n)
{
	size_t len = 0;

	if (n == 0)
		return;
	out[0] = '\0';
	for (int i = 0; i < KC_DC_COUNT && len + 1 < n; i++) {
		int w;

		if (r->c[i].met)
			continue;
		w = snprintf(out + len, n - len, "%s%s (%s)", len ? "; " : "", r->c[i].name, r->c[i].why);
		if (w < 0)
			break;
		len += (size_t)w;
	}
}
