/* screening.c — the contraindication checklist and the pre-dose verdict
 * (clinical-reference.md §3). Pure: dose_time is an argument, nothing is read or printed. */
#include "kc_clinical.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define ALL_ROUTES ((1u << KC_ROUTE_IV) | (1u << KC_ROUTE_ESKETAMINE) | (1u << KC_ROUTE_IM))
#define ESK_ONLY (1u << KC_ROUTE_ESKETAMINE)
#define RACEMIC ((1u << KC_ROUTE_IV) | (1u << KC_ROUTE_IM)) /* racemic ketamine, off-label */

/* Absolute items first; the keys are stored in the database and must never change.
 * Age below the esketamine minimum is computed from age_years, not asked. */
static const struct kc_check_item items[] = {
	{ "aneurysm", "Aneurysmal vascular disease or AVM", KC_ITEM_ABSOLUTE, ALL_ROUTES },
	{ "ich", "Prior intracerebral haemorrhage", KC_ITEM_ABSOLUTE, ALL_ROUTES },
	{ "hypersensitivity", "Hypersensitivity to ketamine/esketamine", KC_ITEM_ABSOLUTE,
	  ALL_ROUTES },
	{ "pregnancy", "Pregnancy", KC_ITEM_ABSOLUTE, ESK_ONLY },
	{ "uncontrolled_htn", "Uncontrolled hypertension", KC_ITEM_RELATIVE, ALL_ROUTES },
	{ "cardiac_recent", "Recent MI, unstable angina, stroke or TIA", KC_ITEM_RELATIVE,
	  ALL_ROUTES },
	{ "icp_iop", "Raised intracranial/intraocular pressure or recent head injury",
	  KC_ITEM_RELATIVE, ALL_ROUTES },
	{ "psychosis_mania", "Psychosis or mania history", KC_ITEM_RELATIVE, ALL_ROUTES },
	{ "substance_use", "Active substance or alcohol use disorder", KC_ITEM_RELATIVE,
	  ALL_ROUTES },
	{ "seizures", "Recent seizures", KC_ITEM_RELATIVE, ALL_ROUTES },
	{ "cystitis", "Interstitial/ulcerative cystitis", KC_ITEM_RELATIVE, ALL_ROUTES },
	{ "hepatic", "Significant hepatic impairment", KC_ITEM_RELATIVE, ALL_ROUTES },
	{ "breastfeeding", "Breastfeeding", KC_ITEM_RELATIVE, ALL_ROUTES },
	/* Pregnancy: absolute on the esketamine label [L]; for racemic ketamine (off-label) a
	 * relative item, a yes needs a physician's confirming note [C] (clinical-reference §3). */
	{ "pregnancy_ketamine", "Pregnancy", KC_ITEM_RELATIVE, RACEMIC },
	{ "drug_benzo", "Takes benzodiazepines (sedation)", KC_ITEM_RELATIVE, ALL_ROUTES },
	{ "drug_hypnotic", "Takes non-benzodiazepine hypnotics (sedation)", KC_ITEM_RELATIVE,
	  ALL_ROUTES },
	{ "drug_opioid", "Takes opioids (sedation)", KC_ITEM_RELATIVE, ALL_ROUTES },
	{ "drug_alcohol", "Alcohol use (sedation)", KC_ITEM_RELATIVE, ALL_ROUTES },
	{ "drug_stimulant", "Takes psychostimulants (BP rise)", KC_ITEM_RELATIVE, ALL_ROUTES },
	{ "drug_maoi", "Takes MAOIs (BP rise)", KC_ITEM_RELATIVE, ALL_ROUTES },
};

#define N_ITEMS (sizeof items / sizeof items[0])
_Static_assert(N_ITEMS <= KC_CHECK_MAX, "checklist longer than KC_CHECK_MAX");

const struct kc_check_item *kc_check_items(size_t *n)
{
	if (n)
		*n = N_ITEMS;
	return items;
}

int kc_check_item_index(const char *key)
{
	for (size_t i = 0; key && i < N_ITEMS; i++)
		if (strcmp(items[i].key, key) == 0)
			return (int)i;
	return -1;
}

void kc_screening_init(struct kc_screening *s, enum kc_route route)
{
	memset(s, 0, sizeof *s); /* answers KC_ANS_UNSET, times and flags 0 */
	s->route = route;
	s->age_years = KC_NONE;
	for (int i = 0; i < 9; i++)
		s->phq9[i] = KC_NONE;
	for (int i = 0; i < 7; i++)
		s->gad7[i] = KC_NONE;
	for (int i = 0; i < 7; i++)
		s->cssrs.q[i] = KC_NONE;
	s->cssrs.q6_recent = KC_NONE;
	kc_vitals_clear(&s->baseline);
	s->age_override_of = KC_NONE;
}

/* The label as it reads inside a sentence: "Prior ..." -> "prior ...", "MAOIs" stays. */
static void in_sentence(const char *label, char *out, size_t n)
{
	kc_strlcpy(out, label, n);
	if (out[0] && !isupper((unsigned char)out[1]))
		out[0] = (char)tolower((unsigned char)out[0]);
}

/* ---------- overrides: one block each ---------- */

int kc_override_block(const char *item)
{
	int i;

	if (!item || strncmp(item, "override", 8) != 0)
		return KC_BLOCK_NONE;
	if (strcmp(item, "override") == 0)
		return KC_BLOCK_ALL;
	if (strcmp(item, "override.age") == 0)
		return KC_BLOCK_AGE;
	if (strcmp(item, "override.bp") == 0)
		return KC_BLOCK_BP;
	if (item[8] != '.' || (i = kc_check_item_index(item + 9)) < 0 || items[i].cls != KC_ITEM_ABSOLUTE)
		return KC_BLOCK_NONE;
	return i;
}

void kc_override_what(const char *item, char *out, size_t n)
{
	int b = kc_override_block(item);
	char what[KC_REASON_TEXT];

	if (b >= 0) {
		in_sentence(items[b].label, what, sizeof what);
		snprintf(out, n, "%s (that answer only)", what);
	} else {
		snprintf(out, n, "%s", b == KC_BLOCK_AGE ? "the age below the minimum (that age only)"
			 : b == KC_BLOCK_BP ? "the baseline BP (that reading only)"
			 : b == KC_BLOCK_ALL ? "every block recorded before it" : "?");
	}
}

int kc_override_covers(const struct kc_screening *s, int block)
{
	if (block == KC_BLOCK_ALL)
		return 1;
	if (block == KC_BLOCK_AGE)
		return s->age_override_of != KC_NONE && s->age_override_of == s->age_years;
	if (block == KC_BLOCK_BP)
		return s->bp_override_of != 0 && s->bp_override_of == s->baseline_id;
	if (block < 0 || (size_t)block >= N_ITEMS)
		return 0;
	return s->override_of[block] != 0 && s->override_of[block] == s->answer_id[block];
}

int kc_screening_blocks(const struct kc_screening *s, const struct kc_config *cfg, int *out, int max)
{
	int k = 0;

	for (size_t i = 0; (unsigned)s->route < KC_ROUTE_COUNT && i < N_ITEMS; i++)
		if ((items[i].routes & (1u << s->route)) && items[i].cls == KC_ITEM_ABSOLUTE &&
		    s->answers[i] == KC_ANS_YES && k < max)
			out[k++] = (int)i;
	if (s->route == KC_ROUTE_ESKETAMINE && s->age_years != KC_NONE && s->age_years < cfg->esk.min_age &&
	    k < max)
		out[k++] = KC_BLOCK_AGE;
	if (s->baseline.systolic != KC_NONE && s->baseline.diastolic != KC_NONE && k < max &&
	    kc_predose_bp_gate(s->baseline.systolic, s->baseline.diastolic, &cfg->screening, NULL, 0) ==
		    KC_GATE_BLOCK)
		out[k++] = KC_BLOCK_BP;
	return k;
}

/* ---------- reasons ---------- */

static void add_reason(struct kc_verdict *v, enum kc_gate level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_reason(struct kc_verdict *v, enum kc_gate level, const char *fmt, ...)
{
	va_list ap;

	if (level > v->gate)
		v->gate = level; /* counts even if the list is full */
	if (v->n >= KC_REASON_MAX)
		return;
	v->r[v->n].level = level;
	va_start(ap, fmt);
	vsnprintf(v->r[v->n].text, KC_REASON_TEXT, fmt, ap);
	va_end(ap);
	v->n++;
}

/* A block that a physician overrode stays in the list at PASS level: only the override
 * that names this block's current answer counts. */
static enum kc_gate block_level(const struct kc_screening *s, int block, struct kc_verdict *v,
				const char **tag)
{
	if (kc_override_covers(s, block)) {
		v->overridden = 1;
		*tag = " (overridden)";
		return KC_GATE_PASS;
	}
	*tag = "";
	return KC_GATE_BLOCK;
}

static enum kc_gate confirm_level(int confirmed, const char **tag)
{
	*tag = confirmed ? " (confirmed)" : "";
	return confirmed ? KC_GATE_PASS : KC_GATE_CONFIRM;
}

static void checklist_reasons(const struct kc_screening *s, struct kc_verdict *v)
{
	char what[KC_REASON_TEXT];
	const char *tag;
	enum kc_gate level;

	for (size_t i = 0; i < N_ITEMS; i++) {
		if (!(items[i].routes & (1u << s->route)))
			continue; /* e.g. pregnancy is a label contraindication of esketamine only */
		in_sentence(items[i].label, what, sizeof what);
		if (s->answers[i] != KC_ANS_NO && s->answers[i] != KC_ANS_YES &&
		    s->answers[i] != KC_ANS_NA) {
			add_reason(v, KC_GATE_INCOMPLETE, "Not answered: %s", what);
		} else if (s->answers[i] == KC_ANS_YES && items[i].cls == KC_ITEM_ABSOLUTE) {
			level = block_level(s, (int)i, v, &tag);
			add_reason(v, level, "Absolute contraindication: %s%s", what, tag);
		} else if (s->answers[i] == KC_ANS_YES) {
			level = confirm_level(s->confirmed[i], &tag);
			add_reason(v, level, "Relative contraindication: %s%s", what, tag);
		}
	}
}

static void age_reason(const struct kc_screening *s, const struct kc_config *cfg,
		       struct kc_verdict *v)
{
	const char *tag;
	enum kc_gate level;

	if (s->route != KC_ROUTE_ESKETAMINE)
		return;
	if (s->age_years == KC_NONE) {
		add_reason(v, KC_GATE_INCOMPLETE, "Age not entered (esketamine needs %d or older)",
			   cfg->esk.min_age);
	} else if (s->age_years < cfg->esk.min_age) {
		level = block_level(s, KC_BLOCK_AGE, v, &tag);
		add_reason(v, level, "Age %d: esketamine needs %d or older%s", s->age_years,
			   cfg->esk.min_age, tag);
	}
}

/* PHQ-9, GAD-7 and the C-SSRS: missing or invalid -> incomplete; a suicide-risk signal
 * needs the clinician's own assessment (one confirmation covers both screens). */
static void questionnaire_reasons(const struct kc_screening *s, struct kc_verdict *v)
{
	struct kc_score sc;
	struct kc_err err;
	enum kc_risk risk;
	const char *tag;
	enum kc_gate level = confirm_level(s->suicide_risk_confirmed, &tag);

	if (!s->has_phq9)
		add_reason(v, KC_GATE_INCOMPLETE, "PHQ-9 not completed");
	else if (kc_phq9_score(s->phq9, &sc, &err) != KC_OK)
		add_reason(v, KC_GATE_INCOMPLETE, "%s", err.msg);
	else if (sc.flag)
		add_reason(v, level, "PHQ-9 item 9 = %d: suicide-risk assessment required%s",
			   s->phq9[8], tag);
	if (!s->has_gad7)
		add_reason(v, KC_GATE_INCOMPLETE, "GAD-7 not completed");
	else if (kc_gad7_score(s->gad7, &sc, &err) != KC_OK)
		add_reason(v, KC_GATE_INCOMPLETE, "%s", err.msg);
	if (!s->has_cssrs)
		add_reason(v, KC_GATE_INCOMPLETE, "C-SSRS screen not completed");
	else if (kc_cssrs_risk(&s->cssrs, &risk, &err) != KC_OK)
		add_reason(v, KC_GATE_INCOMPLETE, "%s", err.msg);
	else if (risk >= KC_RISK_MODERATE)
		add_reason(v, level, "C-SSRS %s risk: suicide-risk assessment required%s",
			   kc_risk_name(risk), tag);
}

/* One fasting (or preparation) interval: "Last solids 4.0 h before dose (needs 6 h)". */
static void interval_reason(struct kc_verdict *v, const char *what, time_t when, time_t dose_time,
			    double need_h, int confirmed)
{
	const char *tag;
	enum kc_gate level;
	long secs;

	if (when == 0) {
		add_reason(v, KC_GATE_INCOMPLETE, "Time of last %s not entered", what);
		return;
	}
	secs = (long)(dose_time - when);
	if ((double)secs >= need_h * 3600.0)
		return;
	level = confirm_level(confirmed, &tag);
	if (secs < 0)
		add_reason(v, level, "Last %s recorded after the dose time (needs %g h before)%s",
			   what, need_h, tag);
	else /* tenths shown truncated, so 5.99 h reads 5.9, never "6.0 (needs 6)" */
		add_reason(v, level, "Last %s %ld.%ld h before dose (needs %g h)%s", what,
			   secs / 3600, secs % 3600 / 360, need_h, tag);
}

static void fasting_reasons(const struct kc_screening *s, const struct kc_config *cfg,
			    time_t dose_time, struct kc_verdict *v)
{
	int esk = s->route == KC_ROUTE_ESKETAMINE;
	double solids_h = esk ? cfg->esk.fasting_food_h : cfg->iv.fasting_solids_h;
	double liquids_h = esk ? cfg->esk.fasting_liquids_h : cfg->iv.fasting_liquids_h;
	const char *tag;
	enum kc_gate level;
	long mins;

	interval_reason(v, "solids", s->last_solids, dose_time, solids_h, s->fasting_confirmed);
	interval_reason(v, "clear liquids", s->last_liquids, dose_time, liquids_h,
			s->fasting_confirmed);
	if (!esk || s->nasal_pretreat == 0)
		return;
	/* Nasal steroid/decongestant too close to the spray: confirmed on its own. */
	mins = (long)(dose_time - s->nasal_pretreat) / 60;
	if (mins >= cfg->esk.nasal_pretreat_min)
		return;
	level = confirm_level(s->pretreat_confirmed, &tag);
	if (dose_time < s->nasal_pretreat)
		add_reason(v, level, "Nasal steroid/decongestant recorded after the dose time%s", tag);
	else
		add_reason(v, level, "Nasal steroid/decongestant %ld min before dose (needs %d min)%s",
			   mins, cfg->esk.nasal_pretreat_min, tag);
}

static void session_reasons(const struct kc_screening *s, struct kc_verdict *v)
{
	if (!(s->weight_kg > 0))
		add_reason(v, KC_GATE_INCOMPLETE, "Weight not entered");
	if (!s->escort_named)
		add_reason(v, KC_GATE_INCOMPLETE, "Escort name and phone not entered");
	if (!s->consent)
		add_reason(v, KC_GATE_INCOMPLETE, "Consent not current");
	if (!s->med_changes_reviewed)
		add_reason(v, KC_GATE_INCOMPLETE, "Medication and health changes not reviewed");
}

static void bp_reason(const struct kc_screening *s, const struct kc_config *cfg,
		      struct kc_verdict *v)
{
	char why[KC_REASON_TEXT];
	const char *tag = "";
	enum kc_gate gate, level;

	if (s->baseline.systolic == KC_NONE || s->baseline.diastolic == KC_NONE) {
		add_reason(v, KC_GATE_INCOMPLETE, "Baseline vitals not taken");
		return;
	}
	why[0] = '\0';
	gate = kc_predose_bp_gate(s->baseline.systolic, s->baseline.diastolic, &cfg->screening, why,
				  sizeof why);
	if (gate == KC_GATE_PASS)
		return;
	if (gate == KC_GATE_BLOCK)
		level = block_level(s, KC_BLOCK_BP, v, &tag);
	else if (gate == KC_GATE_CONFIRM)
		level = confirm_level(s->bp_confirmed, &tag);
	else
		level = gate;
	/* why reads "BP 185/95 mmHg: systolic 185 >= 180 (dosing blocked)" */
	add_reason(v, level, "Baseline %s%s", why, tag);
}

void kc_screening_verdict(const struct kc_screening *s, const struct kc_config *cfg,
			  time_t dose_time, struct kc_verdict *out)
{
	memset(out, 0, sizeof *out);
	out->gate = KC_GATE_PASS;
	if ((unsigned)s->route >= KC_ROUTE_COUNT)
		add_reason(out, KC_GATE_INCOMPLETE, "Route not chosen");
	else
		checklist_reasons(s, out);
	age_reason(s, cfg, out);
	questionnaire_reasons(s, out);
	fasting_reasons(s, cfg, dose_time, out);
	session_reasons(s, out);
	bp_reason(s, cfg, out);
}

int kc_verdict_allows_dosing(const struct kc_verdict *v)
{
	return v->gate == KC_GATE_PASS;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

int kc_answer_is_change(const char *item, const char *old_value, const char *old_note,
			const char *new_value, const char *new_note)
{
	if (item && strncmp(item, "override", 8) == 0)
		return 0;
	if (!*or_empty(old_value) && !*or_empty(old_note))
		return 0;
	return strcmp(or_empty(old_value), or_empty(new_value)) != 0 ||
	       strcmp(or_empty(old_note), or_empty(new_note)) != 0;
}
