/* scores.c — questionnaire and scale scores, observation kinds and their alerts.
 * Pure rules: no I/O, no clock. Cut-offs from clinical-reference.md §2 and §4. */
#include "kc_clinical.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

const int kc_cadss6_item_numbers[KC_CADSS6_ITEMS] = { 1, 2, 6, 7, 15, 22 };

/* Sum n items each within lo..hi; the message names the scale and the item number
 * (numbers[i] when given, else i + 1). */
static int sum_items(const char *scale, const int *items, int n, const int *numbers, int lo, int hi,
		     int *total, struct kc_err *err)
{
	int sum = 0;

	for (int i = 0; i < n; i++) {
		int num = numbers ? numbers[i] : i + 1;

		if (items[i] == KC_NONE)
			return kc_fail(err, KC_ERR_INVALID, "%s item %d not answered", scale, num);
		if (items[i] < lo || items[i] > hi)
			return kc_fail(err, KC_ERR_INVALID, "%s item %d: %d is outside %d–%d",
				       scale, num, items[i], lo, hi);
		sum += items[i];
	}
	*total = sum;
	return KC_OK;
}

/* The band of total: the last band whose lower limit total reaches. */
static const char *band_of(int total, const int *lower, const char *const *names, int n)
{
	const char *band = names[0];

	for (int i = 0; i < n; i++)
		if (total >= lower[i])
			band = names[i];
	return band;
}

int kc_phq9_score(const int items[9], struct kc_score *out, struct kc_err *err)
{
	static const int lower[] = { 0, 5, 10, 15, 20 };
	static const char *const names[] = { "minimal", "mild", "moderate", "moderately severe",
					     "severe" };
	int total = 0;

	if (sum_items("PHQ-9", items, 9, NULL, 0, 3, &total, err) != KC_OK)
		return KC_ERR_INVALID;
	out->total = total;
	out->band = band_of(total, lower, names, 5);
	out->flag = items[8] > 0; /* item 9: thoughts of self-harm */
	return KC_OK;
}

int kc_gad7_score(const int items[7], struct kc_score *out, struct kc_err *err)
{
	static const int lower[] = { 0, 5, 10, 15 };
	static const char *const names[] = { "minimal", "mild", "moderate", "severe" };
	int total = 0;

	if (sum_items("GAD-7", items, 7, NULL, 0, 3, &total, err) != KC_OK)
		return KC_ERR_INVALID;
	out->total = total;
	out->band = band_of(total, lower, names, 4);
	out->flag = 0;
	return KC_OK;
}

/* ---------- C-SSRS screener ---------- */

/* One answer: 0 no, 1 yes; required says whether KC_NONE (not asked) is allowed. */
static int cssrs_answer(int q, int v, int required, struct kc_err *err)
{
	if (v == 0 || v == 1 || (v == KC_NONE && !required))
		return KC_OK;
	if (v == KC_NONE)
		return kc_fail(err, KC_ERR_INVALID, "C-SSRS Q%d not answered", q);
	return kc_fail(err, KC_ERR_INVALID, "C-SSRS Q%d: %d is not yes (1) or no (0)", q, v);
}

/* Skip logic: Q1, Q2 and Q6 are always asked; Q3–Q5 only after a "yes" to Q2. */
static int cssrs_check(const struct kc_cssrs *c, struct kc_err *err)
{
	static const int always[] = { 1, 2, 6 };

	for (int i = 0; i < 3; i++)
		if (cssrs_answer(always[i], c->q[always[i]], 1, err) != KC_OK)
			return KC_ERR_INVALID;
	for (int i = 3; i <= 5; i++) {
		if (c->q[2] == 0 && c->q[i] != KC_NONE)
			return kc_fail(err, KC_ERR_INVALID,
				       "C-SSRS Q%d is asked only when Q2 is yes", i);
		if (c->q[2] == 1 && c->q[i] == KC_NONE)
			return kc_fail(err, KC_ERR_INVALID,
				       "C-SSRS Q%d must be answered when Q2 is yes", i);
		if (cssrs_answer(i, c->q[i], 0, err) != KC_OK)
			return KC_ERR_INVALID;
	}
	if (c->q[6] == 1 && c->q6_recent == KC_NONE)
		return kc_fail(err, KC_ERR_INVALID,
			       "C-SSRS Q6: say whether it was within the past 3 months");
	if (c->q[6] == 1 && c->q6_recent != 0 && c->q6_recent != 1)
		return kc_fail(err, KC_ERR_INVALID,
			       "C-SSRS Q6 within 3 months: %d is not yes (1) or no (0)",
			       c->q6_recent);
	return KC_OK;
}

int kc_cssrs_risk(const struct kc_cssrs *c, enum kc_risk *out, struct kc_err *err)
{
	const int *q = c->q;
	int q6_recent = q[6] == 1 && c->q6_recent == 1;

	if (cssrs_check(c, err) != KC_OK)
		return KC_ERR_INVALID;
	if (q[4] == 1 || q[5] == 1 || q6_recent)
		*out = KC_RISK_HIGH;
	else if (q[3] == 1 || q[6] == 1)
		*out = KC_RISK_MODERATE;
	else if (q[1] == 1 || q[2] == 1)
		*out = KC_RISK_LOW;
	else
		*out = KC_RISK_NONE;
	return KC_OK;
}

const char *kc_risk_name(enum kc_risk r)
{
	static const char *const names[] = { "none", "low", "moderate", "high" };

	if ((unsigned)r > KC_RISK_HIGH)
		return "?";
	return names[r];
}

/* ---------- CADSS, MOAA/S, NRS, severity ---------- */

int kc_cadss_total(const int items[KC_CADSS_ITEMS], int *total, struct kc_err *err)
{
	return sum_items("CADSS", items, KC_CADSS_ITEMS, NULL, 0, 4, total, err);
}

int kc_cadss6_total(const int items[KC_CADSS6_ITEMS], int *total, struct kc_err *err)
{
	/* Name the items by their CADSS numbers, which is what the clinician sees. */
	return sum_items("CADSS-6: CADSS", items, KC_CADSS6_ITEMS, kc_cadss6_item_numbers, 0, 4,
			 total, err);
}

const char *kc_moaas_label(int level)
{
	/* Neutral short wording (clinical-reference.md §2, §6). */
	static const char *const labels[] = {
		"no response",
		"responds only to trapezius squeeze",
		"responds only to prodding/shaking",
		"responds only to loud/repeated name",
		"lethargic response to name",
		"responds readily to name in normal tone",
	};

	if (level < 0 || level > 5)
		return NULL;
	return labels[level];
}

const char *kc_nrs_band(int score)
{
	if (score < 0 || score > 10)
		return NULL;
	if (score == 0)
		return "none";
	if (score <= 3)
		return "mild";
	return score <= 6 ? "moderate" : "severe";
}

const char *kc_severity_name(int s)
{
	static const char *const names[] = { "none", "mild", "moderate", "severe" };

	if (s < 0 || s > 3)
		return NULL;
	return names[s];
}

/* ---------- Modified Aldrete ---------- */

int kc_aldrete_total(const struct kc_aldrete *a, int *total, struct kc_err *err)
{
	const struct {
		const char *name;
		int v;
	} part[] = {
		{ "activity", a->activity },
		{ "respiration", a->respiration },
		{ "circulation", a->circulation },
		{ "consciousness", a->consciousness },
		{ "SpO2", a->spo2 },
	};
	int sum = 0;

	for (size_t i = 0; i < sizeof part / sizeof part[0]; i++) {
		if (part[i].v == KC_NONE)
			return kc_fail(err, KC_ERR_INVALID, "Aldrete %s not scored", part[i].name);
		if (part[i].v < 0 || part[i].v > 2)
			return kc_fail(err, KC_ERR_INVALID, "Aldrete %s %d is outside 0–2",
				       part[i].name, part[i].v);
		sum += part[i].v;
	}
	*total = sum;
	return KC_OK;
}

/* "Within 20 %" and "20–50 %" include their upper bound: a change of exactly 20 % scores
 * 2 and exactly 50 % scores 1. KC_NONE when either value is unknown. */
int kc_aldrete_circulation(int systolic, int baseline_systolic)
{
	long diff;

	if (systolic <= 0 || baseline_systolic <= 0)
		return KC_NONE;
	diff = systolic - baseline_systolic;
	if (diff < 0)
		diff = -diff;
	if (diff * 100 <= 20L * baseline_systolic)
		return 2;
	return diff * 100 <= 50L * baseline_systolic ? 1 : 0;
}

/* > 92 % on air -> 2; otherwise > 90 % (with or without O2) -> 1; else 0. Exactly 90 %
 * is not "> 90", so it scores 0 (the safer reading). KC_NONE when spo2 is unknown. */
int kc_aldrete_spo2(int spo2, int on_oxygen)
{
	if (spo2 == KC_NONE)
		return KC_NONE;
	if (spo2 > 92 && !on_oxygen)
		return 2;
	return spo2 > 90 ? 1 : 0;
}

/* ---------- observations ---------- */

static const struct {
	const char *name, *label;
} obs_kinds[KC_OBS_COUNT] = {
	[KC_OBS_DISSOCIATION] = { "dissociation", "Dissociation" },
	[KC_OBS_NAUSEA] = { "nausea", "Nausea" },
	[KC_OBS_VOMITING] = { "vomiting", "Vomiting" },
	[KC_OBS_HEADACHE] = { "headache", "Headache" },
	[KC_OBS_SEDATION] = { "sedation", "Sedation" },
	[KC_OBS_ANXIETY] = { "anxiety", "Anxiety/panic" },
	[KC_OBS_DIZZINESS] = { "dizziness", "Dizziness" },
	[KC_OBS_HALLUCINATION] = { "hallucination", "Hallucination/confusion" },
	[KC_OBS_BLURRED_VISION] = { "blurred_vision", "Blurred vision" },
	[KC_OBS_CHEST_PAIN] = { "chest_pain", "Chest pain/palpitations" },
	[KC_OBS_HYPOESTHESIA] = { "hypoesthesia", "Hypoesthesia" },
	[KC_OBS_DYSGEUSIA] = { "dysgeusia", "Dysgeusia" },
	[KC_OBS_OTHER] = { "other", "Other" },
};

static const struct {
	const char *name;
	int max; /* every scale starts at 0 */
} scales[KC_SCALE_COUNT] = {
	[KC_SCALE_CADSS] = { "CADSS", 92 },	 [KC_SCALE_CADSS6] = { "CADSS-6", 24 },
	[KC_SCALE_NRS] = { "NRS", 10 },		 [KC_SCALE_MOAAS] = { "MOAA/S", 5 },
	[KC_SCALE_SEVERITY] = { "severity", 3 }, [KC_SCALE_EPISODES] = { "episodes", 50 },
};

static int kind_ok(enum kc_obs_kind k)
{
	return (unsigned)k < KC_OBS_COUNT;
}

static int scale_ok(enum kc_scale s)
{
	return (unsigned)s < KC_SCALE_COUNT;
}

/* Out-of-range enums show as "?" (like names.c); names match ignoring case. */
const char *kc_obs_kind_name(enum kc_obs_kind k)
{
	return kind_ok(k) ? obs_kinds[k].name : "?";
}

const char *kc_obs_kind_label(enum kc_obs_kind k)
{
	return kind_ok(k) ? obs_kinds[k].label : "?";
}

int kc_obs_kind_from_name(const char *s, enum kc_obs_kind *out)
{
	for (int k = 0; s && k < KC_OBS_COUNT; k++) {
		if (strcasecmp(s, obs_kinds[k].name) == 0) {
			*out = (enum kc_obs_kind)k;
			return KC_OK;
		}
	}
	return KC_ERR_INVALID;
}

const char *kc_scale_name(enum kc_scale s)
{
	return scale_ok(s) ? scales[s].name : "?";
}

int kc_scale_from_name(const char *s, enum kc_scale *out)
{
	for (int i = 0; s && i < KC_SCALE_COUNT; i++) {
		if (strcasecmp(s, scales[i].name) == 0) {
			*out = (enum kc_scale)i;
			return KC_OK;
		}
	}
	return KC_ERR_INVALID;
}

enum kc_scale kc_obs_default_scale(enum kc_obs_kind k)
{
	switch (k) {
	case KC_OBS_DISSOCIATION:
		return KC_SCALE_CADSS6;
	case KC_OBS_NAUSEA:
	case KC_OBS_HEADACHE:
		return KC_SCALE_NRS;
	case KC_OBS_VOMITING:
		return KC_SCALE_EPISODES;
	case KC_OBS_SEDATION:
		return KC_SCALE_MOAAS;
	default:
		return KC_SCALE_SEVERITY;
	}
}

/* Dissociation is the only kind with two scales (full CADSS or the quick CADSS-6). */
static int scale_allowed(enum kc_obs_kind k, enum kc_scale s)
{
	if (k == KC_OBS_DISSOCIATION)
		return s == KC_SCALE_CADSS || s == KC_SCALE_CADSS6;
	return s == kc_obs_default_scale(k);
}

int kc_obs_validate(enum kc_obs_kind k, enum kc_scale s, int score, struct kc_err *err)
{
	if (!kind_ok(k))
		return kc_fail(err, KC_ERR_INVALID, "unknown observation kind %d", (int)k);
	if (!scale_ok(s))
		return kc_fail(err, KC_ERR_INVALID, "unknown scale %d", (int)s);
	if (!scale_allowed(k, s)) {
		if (k == KC_OBS_DISSOCIATION)
			return kc_fail(err, KC_ERR_INVALID,
				       "%s is recorded on CADSS or CADSS-6, not %s",
				       obs_kinds[k].label, scales[s].name);
		return kc_fail(err, KC_ERR_INVALID, "%s is recorded on %s, not %s",
			       obs_kinds[k].label, scales[kc_obs_default_scale(k)].name,
			       scales[s].name);
	}
	if (score < 0 || score > scales[s].max)
		return kc_fail(err, KC_ERR_INVALID, "%s %s %d is outside 0–%d", obs_kinds[k].label,
			       scales[s].name, score, scales[s].max);
	return KC_OK;
}

/* ---------- observation alerts ---------- */

/* Take the next alert slot at level and return its text buffer (KC_ALERT_TEXT bytes),
 * or NULL when the list is full. Each text spells its level out: never only a colour. */
static char *add_alert(struct kc_alert_list *out, enum kc_level level)
{
	struct kc_alert *al;

	if (out->n >= KC_ALERT_MAX)
		return NULL;
	al = &out->a[out->n++];
	al->level = level;
	al->text[0] = '\0';
	if (level > out->worst)
		out->worst = level;
	return al->text;
}

static void nrs_alerts(enum kc_obs_kind k, int score, int bp_rise, const struct kc_alerts_cfg *cfg,
		       struct kc_alert_list *out)
{
	char *t;

	if (k == KC_OBS_NAUSEA && score >= cfg->nausea_warn) {
		if ((t = add_alert(out, KC_LEVEL_WARN)))
			snprintf(t, KC_ALERT_TEXT, "Nausea NRS %d >= %d (warn)", score,
				 cfg->nausea_warn);
	} else if (k == KC_OBS_HEADACHE && score >= cfg->headache_crisis && bp_rise) {
		if ((t = add_alert(out, KC_LEVEL_CRITICAL)))
			snprintf(t, KC_ALERT_TEXT,
				 "Headache NRS %d >= %d with BP rise: crisis? (critical)", score,
				 cfg->headache_crisis);
	} else if (k == KC_OBS_HEADACHE && score >= cfg->headache_warn) {
		if ((t = add_alert(out, KC_LEVEL_WARN)))
			snprintf(t, KC_ALERT_TEXT, "Headache NRS %d >= %d (warn)", score,
				 cfg->headache_warn);
	}
}

static void sedation_alerts(int score, const struct kc_alerts_cfg *cfg, struct kc_alert_list *out)
{
	char *t;

	if (score <= cfg->sedation_critical) {
		if ((t = add_alert(out, KC_LEVEL_CRITICAL)))
			snprintf(t, KC_ALERT_TEXT, "Sedation MOAA/S %d <= %d (critical)", score,
				 cfg->sedation_critical);
	} else if (score <= cfg->sedation_warn) {
		if ((t = add_alert(out, KC_LEVEL_WARN)))
			snprintf(t, KC_ALERT_TEXT, "Sedation MOAA/S %d <= %d (warn)", score,
				 cfg->sedation_warn);
	}
}

/* Severity-scale kinds: severe chest pain, and hallucination/confusion of any degree, are
 * flagged (emergent psychosis must not pass unnoticed). */
static void severity_alerts(enum kc_obs_kind k, int score, struct kc_alert_list *out)
{
	char *t;

	if (k == KC_OBS_CHEST_PAIN && score >= 3) {
		if ((t = add_alert(out, KC_LEVEL_WARN)))
			snprintf(t, KC_ALERT_TEXT, "Chest pain/palpitations severe (warn)");
	} else if (k == KC_OBS_HALLUCINATION && score >= 1) {
		if ((t = add_alert(out, KC_LEVEL_WARN)))
			snprintf(t, KC_ALERT_TEXT, "Hallucination/confusion %s (warn)",
				 kc_severity_name(score));
	}
}

void kc_obs_alerts(enum kc_obs_kind k, enum kc_scale s, int score, int bp_rise, int moaas_low,
		   const struct kc_alerts_cfg *cfg, struct kc_alert_list *out)
{
	char *t;

	out->n = 0;
	out->worst = KC_LEVEL_OK;
	if (kc_obs_validate(k, s, score, NULL) != KC_OK)
		return; /* an invalid entry is refused before it could alert */
	if (k == KC_OBS_DISSOCIATION) {
		if (score > cfg->dissociation_warn && (t = add_alert(out, KC_LEVEL_WARN)))
			snprintf(t, KC_ALERT_TEXT, "Dissociation %s %d > %d (warn)", scales[s].name,
				 score, cfg->dissociation_warn);
	} else if (k == KC_OBS_NAUSEA || k == KC_OBS_HEADACHE) {
		nrs_alerts(k, score, bp_rise, cfg, out);
	} else if (k == KC_OBS_SEDATION) {
		sedation_alerts(score, cfg, out);
	} else if (k == KC_OBS_VOMITING) {
		if (score >= 2 && moaas_low && (t = add_alert(out, KC_LEVEL_CRITICAL)))
			snprintf(t, KC_ALERT_TEXT,
				 "Vomiting %d episodes with low MOAA/S: airway at risk (critical)",
				 score);
	} else {
		severity_alerts(k, score, out);
	}
}
