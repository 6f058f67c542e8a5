/* rems.c — the REMS Patient Monitoring Form filled from the chart, what it still needs, and
 * the 7-day rule (kc_rems.h). Pure: the chart and the dates are arguments. */
#include "kc_rems.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kc_error.h"
#include "kc_time.h"

#define WHERE_PATIENT "patient details"
#define WHERE_SCREENING "screening checklist"
#define WHERE_CLINICIAN "clinicians screen (U): phone and email"
#define WHERE_CONFIG "configuration [rems]"
#define WHERE_DOSE "dosing screen"
#define WHERE_VITALS "vitals (v)"
#define WHERE_EFFECTS "side effects (e)"
#define WHERE_DISCHARGE "discharge screen (r: REMS answers)"
#define WHERE_END "discharge and end of the session"

static const struct {
	enum kc_rems_key key;
	const char *label;
	const char *where;
} fields[KC_REMS_NFIELDS] = {
	{ KC_REMS_PAT_FIRST, "Patient first name", WHERE_PATIENT },
	{ KC_REMS_PAT_LAST, "Patient last name", WHERE_PATIENT },
	{ KC_REMS_PAT_DOB, "Date of birth", WHERE_PATIENT },
	{ KC_REMS_PAT_SEX, "Sex", WHERE_PATIENT },
	{ KC_REMS_FIRST_TX, "First treatment", WHERE_PATIENT },
	{ KC_REMS_ENROLLED, "Enrolled in the REMS", WHERE_PATIENT },
	{ KC_REMS_PAT_ID, "REMS patient ID", WHERE_PATIENT },
	{ KC_REMS_MED_BENZO, "Benzodiazepines", WHERE_SCREENING },
	{ KC_REMS_MED_HYPNOTIC, "Non-benzodiazepine sedative hypnotics", WHERE_SCREENING },
	{ KC_REMS_MED_STIMULANT, "Psychostimulants", WHERE_SCREENING },
	{ KC_REMS_MED_MAOI, "MAOIs", WHERE_SCREENING },
	{ KC_REMS_MED_OPIOID, "Opioids", WHERE_SCREENING },
	{ KC_REMS_HCP_FIRST, "Monitoring provider first name", WHERE_CLINICIAN },
	{ KC_REMS_HCP_LAST, "Monitoring provider last name", WHERE_CLINICIAN },
	{ KC_REMS_HCP_PHONE, "Monitoring provider telephone", WHERE_CLINICIAN },
	{ KC_REMS_HCP_EMAIL, "Monitoring provider email", WHERE_CLINICIAN },
	{ KC_REMS_SET_NAME, "Healthcare setting name", WHERE_CONFIG " setting_name" },
	{ KC_REMS_SET_ADDRESS, "Setting address", WHERE_CONFIG " setting_address" },
	{ KC_REMS_SET_CITY, "Setting city", WHERE_CONFIG " setting_city" },
	{ KC_REMS_SET_STATE, "Setting state", WHERE_CONFIG " setting_state" },
	{ KC_REMS_SET_ZIP, "Setting ZIP", WHERE_CONFIG " setting_zip" },
	{ KC_REMS_SET_PHONE, "Setting telephone", WHERE_CONFIG " setting_phone" },
	{ KC_REMS_SET_ID, "REMS setting ID", WHERE_CONFIG " setting_id" },
	{ KC_REMS_TX_DATE, "Treatment date", WHERE_DOSE },
	{ KC_REMS_DOSE, "Dose administered", WHERE_DOSE },
	{ KC_REMS_LOT, "Lot number", WHERE_DOSE },
	{ KC_REMS_TOTAL_MIN, "Minutes first device to end of monitoring", WHERE_END },
	{ KC_REMS_READY_MIN, "Would have been ready at (min from start)", WHERE_DISCHARGE },
	{ KC_REMS_OK_PRE, "Vitals acceptable before administration", WHERE_VITALS },
	{ KC_REMS_OK_END, "Vitals acceptable at end of session", WHERE_VITALS },
	{ KC_REMS_BP_PRE, "BP before administration", WHERE_VITALS " (baseline)" },
	{ KC_REMS_BP_40, "BP about 40 min after administration", WHERE_VITALS " (40-min BP check)" },
	{ KC_REMS_BP_END, "BP before end of session", WHERE_VITALS },
	{ KC_REMS_SEDATION, "Sedation", WHERE_VITALS " (MOAA/S after dosing)" },
	{ KC_REMS_DISSOCIATION, "Dissociation", WHERE_EFFECTS " (a CADSS check after dosing)" },
	{ KC_REMS_RESP_DEP, "Respiratory depression", WHERE_DISCHARGE },
	{ KC_REMS_SAE, "Serious adverse event", WHERE_DISCHARGE },
	{ KC_REMS_SAE_TEXT, "Serious adverse event description", WHERE_DISCHARGE },
	{ KC_REMS_SAE_ED, "Sent to an emergency department", WHERE_DISCHARGE },
	{ KC_REMS_SAE_ADMITTED, "Admitted to hospital", WHERE_DISCHARGE },
};

static void setf(struct kc_rems_form *f, enum kc_rems_key k, int required, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void setf(struct kc_rems_form *f, enum kc_rems_key k, int required, const char *fmt, ...)
{
	struct kc_rems_field *x = &f->f[k];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(x->value, sizeof x->value, fmt, ap);
	va_end(ap);
	x->required = required;
	x->missing = required && !x->value[0];
}

/* Text as stored, or "" (missing when required). */
static void text(struct kc_rems_form *f, enum kc_rems_key k, int required, const char *v)
{
	setf(f, k, required, "%s", v ? v : "");
}

static const char *yes_no(int v)
{
	return v == 1 ? "yes" : v == 0 ? "no" : "";
}

/* "Ana Maria Silva" -> "Ana Maria" and "Silva": the last word is the last name. */
static void split_name(const char *name, char *first, size_t nf, char *last, size_t nl)
{
	const char *sp = strrchr(name, ' ');

	while (sp && sp > name && sp[-1] == ' ')
		sp--;
	if (!sp || sp == name) {
		kc_strlcpy(first, name, nf);
		last[0] = '\0';
		return;
	}
	snprintf(first, nf, "%.*s", (int)(sp - name), name);
	while (*sp == ' ')
		sp++;
	kc_strlcpy(last, sp, nl);
}

static void patient(const struct kc_rems_input *in, struct kc_rems_form *f)
{
	char first[96], last[96];

	split_name(in->pat_name, first, sizeof first, last, sizeof last);
	text(f, KC_REMS_PAT_FIRST, 1, first);
	text(f, KC_REMS_PAT_LAST, 1, last);
	text(f, KC_REMS_PAT_DOB, 1, in->dob);
	text(f, KC_REMS_PAT_SEX, 1, in->sex);
	text(f, KC_REMS_FIRST_TX, 1, yes_no(in->first_tx));
	text(f, KC_REMS_ENROLLED, in->first_tx == 1, yes_no(in->enrolled));
	text(f, KC_REMS_PAT_ID, 0, in->rems_patient_id);
}

static void meds(const struct kc_rems_input *in, struct kc_rems_form *f)
{
	static const enum kc_rems_key keys[5] = { KC_REMS_MED_BENZO, KC_REMS_MED_HYPNOTIC,
						  KC_REMS_MED_STIMULANT, KC_REMS_MED_MAOI, KC_REMS_MED_OPIOID };

	for (int i = 0; i < 5; i++) {
		const char *a = in->med[i];

		setf(f, keys[i], 1, "%s", strcmp(a, "n/a") == 0 ? "no (n/a on the checklist)" : a);
	}
}

static void provider(const struct kc_rems_input *in, const struct kc_config *cfg, struct kc_rems_form *f)
{
	char first[96], last[96];

	(void)cfg;
	split_name(in->hcp_name, first, sizeof first, last, sizeof last);
	text(f, KC_REMS_HCP_FIRST, 1, first);
	text(f, KC_REMS_HCP_LAST, 1, last);
	text(f, KC_REMS_HCP_PHONE, 1, in->hcp_phone);
	text(f, KC_REMS_HCP_EMAIL, 1, in->hcp_email);
	text(f, KC_REMS_SET_NAME, 1, in->set_name);
	text(f, KC_REMS_SET_ADDRESS, 1, in->set_address);
	text(f, KC_REMS_SET_CITY, 1, in->set_city);
	text(f, KC_REMS_SET_STATE, 1, in->set_state);
	text(f, KC_REMS_SET_ZIP, 1, in->set_zip);
	text(f, KC_REMS_SET_PHONE, 0, in->set_phone);
	text(f, KC_REMS_SET_ID, 0, in->set_id);
}

static void dose(const struct kc_rems_input *in, struct kc_rems_form *f)
{
	char date[32] = "";
	long mins = in->dose_start && in->ended_at ? (long)(in->ended_at - in->dose_start) / 60 : -1;

	kc_time_local(in->dose_start, date, sizeof date);
	date[date[0] ? 10 : 0] = '\0';
	text(f, KC_REMS_TX_DATE, 1, date);
	if (in->given_mg <= 0)
		text(f, KC_REMS_DOSE, 1, "");
	else if (in->given_mg == 56 || in->given_mg == 84)
		setf(f, KC_REMS_DOSE, 1, "%.0f mg", in->given_mg);
	else
		setf(f, KC_REMS_DOSE, 1, "other: %.0f mg", in->given_mg);
	text(f, KC_REMS_LOT, 1, in->lots);
	if (mins < 0)
		text(f, KC_REMS_TOTAL_MIN, 1, "");
	else
		setf(f, KC_REMS_TOTAL_MIN, 1, "%ld min%s", mins, mins < 120 ? " (less than 120)" : "");
	if (in->ready_min[0])
		setf(f, KC_REMS_READY_MIN, 1, "%s min", in->ready_min);
	else
		text(f, KC_REMS_READY_MIN, 1, "");
}

int kc_rems_bp40_index(const struct kc_rems_reading *rd, size_t n, time_t dose_start,
		       const struct kc_config *cfg)
{
	time_t from = dose_start + (time_t)(cfg->esk.bp_check_min - cfg->esk.bp_check_window_min) * 60;

	for (size_t i = 0; dose_start && i < n; i++)
		if (!rd[i].baseline && rd[i].systolic != KC_NONE && rd[i].at >= from)
			return (int)i;
	return -1;
}

static void bp(struct kc_rems_form *f, enum kc_rems_key k, const struct kc_rems_reading *r, time_t ref)
{
	char hm[16];
	long min = ref && r ? (long)(r->at - ref) / 60 : 0;

	if (!r) {
		text(f, k, 1, "");
		return;
	}
	kc_time_local_hm(r->at, hm, sizeof hm);
	if (ref)
		setf(f, k, 1, "%d/%d mmHg at %s (%ld min after the first device)", r->systolic, r->diastolic,
		     hm, min);
	else
		setf(f, k, 1, "%d/%d mmHg at %s", r->systolic, r->diastolic, hm);
}

static void acceptable(struct kc_rems_form *f, enum kc_rems_key k, const struct kc_rems_reading *r)
{
	if (!r)
		text(f, k, 1, "");
	else if (r->level == KC_LEVEL_OK)
		setf(f, k, 1, "yes");
	else
		setf(f, k, 1, "no (%s: %s)", r->level == KC_LEVEL_CRITICAL ? "CRIT" : "WARN", r->alerts);
}

/* The latest baseline reading with a BP; the latest reading with a BP up to the end. */
static void vitals(const struct kc_rems_input *in, const struct kc_config *cfg, struct kc_rems_form *f)
{
	const struct kc_rems_reading *pre = NULL, *end = NULL;
	int i40 = kc_rems_bp40_index(in->rd, in->nrd, in->dose_start, cfg);

	for (size_t i = 0; i < in->nrd; i++) {
		const struct kc_rems_reading *r = &in->rd[i];

		if (r->systolic == KC_NONE)
			continue;
		if (r->baseline && (!in->dose_start || r->at <= in->dose_start))
			pre = r;
		else if (!r->baseline && (int)i > i40 && i40 >= 0 && (!in->ended_at || r->at <= in->ended_at))
			end = r;
	}
	acceptable(f, KC_REMS_OK_PRE, pre);
	acceptable(f, KC_REMS_OK_END, end);
	bp(f, KC_REMS_BP_PRE, pre, 0);
	bp(f, KC_REMS_BP_40, i40 >= 0 ? &in->rd[i40] : NULL, in->dose_start);
	bp(f, KC_REMS_BP_END, end, in->dose_start);
}

static void effects(const struct kc_rems_input *in, struct kc_rems_form *f)
{
	int low = in->sedation_obs;

	for (size_t i = 0; in->dose_start && i < in->nrd; i++)
		if (!in->rd[i].baseline && in->rd[i].at >= in->dose_start && in->rd[i].moaas != KC_NONE &&
		    (low == KC_NONE || in->rd[i].moaas < low))
			low = in->rd[i].moaas;
	if (low == KC_NONE)
		text(f, KC_REMS_SEDATION, 1, "");
	else
		setf(f, KC_REMS_SEDATION, 1, "%s (lowest MOAA/S %d)", low < 5 ? "yes" : "no", low);
	if (in->dissociation_max == KC_NONE)
		text(f, KC_REMS_DISSOCIATION, 1, "");
	else
		setf(f, KC_REMS_DISSOCIATION, 1, "%s (highest CADSS %d)", in->dissociation_max > 0 ? "yes" : "no",
		     in->dissociation_max);
	text(f, KC_REMS_RESP_DEP, 1, in->resp_dep);
	text(f, KC_REMS_SAE, 1, in->sae);
	text(f, KC_REMS_SAE_TEXT, strcmp(in->sae, "yes") == 0, in->sae_text);
	text(f, KC_REMS_SAE_ED, strcmp(in->sae, "yes") == 0, in->sae_ed);
	text(f, KC_REMS_SAE_ADMITTED, strcmp(in->sae, "yes") == 0, in->sae_admitted);
}

void kc_rems_build(const struct kc_rems_input *in, const struct kc_config *cfg, struct kc_rems_form *out)
{
	memset(out, 0, sizeof *out);
	for (int i = 0; i < KC_REMS_NFIELDS; i++) {
		out->f[i].key = fields[i].key;
		out->f[i].label = fields[i].label;
		out->f[i].where = fields[i].where;
	}
	patient(in, out);
	meds(in, out);
	provider(in, cfg, out);
	dose(in, out);
	vitals(in, cfg, out);
	effects(in, out);
	for (int i = 0; i < KC_REMS_NFIELDS; i++)
		out->nmissing += out->f[i].missing;
}

void kc_rems_missing_text(const struct kc_rems_form *f, int where, char *out, size_t n)
{
	size_t len = 0;

	if (n)
		out[0] = '\0';
	for (int i = 0; i < KC_REMS_NFIELDS && len < n; i++)
		if (f->f[i].missing) {
			int w = where ? snprintf(out + len, n - len, "%s%s (%s)", len ? ", " : "", f->f[i].label,
						 f->f[i].where)
				      : snprintf(out + len, n - len, "%s%s", len ? ", " : "", f->f[i].label);
			len = w < 0 ? n : len + (size_t)w;
		}
}

/* ---------- the 7-day rule ---------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
static long days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int parse_date(const char *s, long *days)
{
	int y, m, d, end = 0;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &end) != 3 || end != 10 || s[10] != '\0' ||
	    m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return -1;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return -1;
	*days = days_from_civil(y, m, d);
	return 0;
}

int kc_rems_days_left(const char *session_date, const char *today)
{
	long s, t;

	if (parse_date(session_date, &s) != 0 || parse_date(today, &t) != 0)
		return KC_REMS_BAD_DATE;
	return (int)(s + KC_REMS_DUE_DAYS - t);
}

void kc_rems_due_date(const char *session_date, char *out, size_t n)
{
	long s;
	int y, m, d;

	if (parse_date(session_date, &s) != 0) {
		if (n)
			out[0] = '\0';
		return;
	}
	civil_from_days(s + KC_REMS_DUE_DAYS, &y, &m, &d);
	snprintf(out, n, "%04d-%02d-%02d", y, m, d);
}

void kc_rems_due_text(int days_left, char *out, size_t n)
{
	if (days_left == KC_REMS_BAD_DATE)
		snprintf(out, n, "due date unknown");
	else if (days_left < 0)
		snprintf(out, n, "! OVERDUE %d day%s", -days_left, days_left == -1 ? "" : "s");
	else if (days_left == 0)
		snprintf(out, n, "due today");
	else
		snprintf(out, n, "due in %d day%s", days_left, days_left == 1 ? "" : "s");
}
