/* demo.c — a sample database for training and trying the screens. Every entry goes
 * through kc_chart_* / kc_store_* exactly as a clinician's would, so the demo exercises
 * the real validation and writes the real audit rows. Times are relative to now; each
 * entry is made a minute after its time, as at the chair. */
#include "kc_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_chart.h"
#include "kc_paper.h"
#include "demo_impl.h"

#define MIN 60
#define ENTER KC_DEMO_ENTER /* typing delay after the time taken */

struct demo {
	struct kc_store *st;
	const struct kc_config *cfg;
	time_t now;
	kc_id patient, session;
	enum kc_route route;
	struct kc_err *err;
};

/* The session being charted, for the shared charting calls (demo_chart.c). */
static struct demo_to to(const struct demo *d)
{
	return (struct demo_to){ d->st, d->cfg, d->session, d->err };
}

/* Local clock time days_back days before now (a morning clinic looks like one). */
static time_t day_at(time_t now, int days_back, int hour, int minute)
{
	struct tm tm;
	time_t t = now - (time_t)days_back * 86400;

	localtime_r(&t, &tm);
	tm.tm_hour = hour;
	tm.tm_min = minute;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	return t < now ? t : now - 6 * 3600;
}

static int patient(struct demo *d, const char *chart_no, const char *name, const char *dob, time_t at)
{
	struct kc_patient p;

	memset(&p, 0, sizeof p);
	kc_strlcpy(p.chart_no, chart_no, sizeof p.chart_no);
	kc_strlcpy(p.name, name, sizeof p.name);
	kc_strlcpy(p.dob, dob, sizeof p.dob);
	return kc_chart_patient_add(d->st, &p, 0, at, &d->patient, d->err);
}

static int answer(struct demo *d, const char *item, const char *value, const char *note, time_t at)
{
	return kc_chart_answer(d->st, d->cfg, d->session, item, value, note, at, d->err);
}

/* A weighing typed as the clinician would ("66.2"), in or outside a session. */
static int weigh(struct demo *d, kc_id session, double kg, time_t at)
{
	char typed[16];

	snprintf(typed, sizeof typed, "%.1f", kg);
	return kc_chart_weight(d->st, d->cfg, d->patient, session, typed, at, at, NULL, d->err);
}

static int answer_time(struct demo *d, const char *item, time_t value, time_t at)
{
	char buf[24];

	snprintf(buf, sizeof buf, "%lld", (long long)value);
	return answer(d, item, buf, "", at);
}

/* Every checklist item that applies "no", except relative (confirmed with a note). */
static int checklist(struct demo *d, const char *relative, const char *note, time_t at)
{
	size_t n;
	const struct kc_check_item *items = kc_check_items(&n);
	char key[48];
	int rc = KC_OK;

	for (size_t i = 0; rc == KC_OK && i < n; i++) {
		int yes = relative && strcmp(items[i].key, relative) == 0;

		if (!(items[i].routes & (1u << d->route)))
			continue;
		rc = answer(d, items[i].key, yes ? "yes" : "no", "", at);
		snprintf(key, sizeof key, "confirm.%s", items[i].key);
		if (rc == KC_OK && yes)
			rc = answer(d, key, "yes", note, at + MIN);
	}
	return rc;
}

static int scale_answers(struct demo *d, const char *prefix, const int *v, int n, time_t at)
{
	char item[16], val[4];
	int rc = KC_OK;

	for (int i = 0; rc == KC_OK && i < n; i++) {
		snprintf(item, sizeof item, "%s.%d", prefix, i + 1);
		snprintf(val, sizeof val, "%d", v[i]);
		rc = answer(d, item, val, "", at);
	}
	return rc;
}

static int questionnaires(struct demo *d, const int phq9[9], const int gad7[7], time_t at)
{
	int rc = scale_answers(d, "phq9", phq9, 9, at);

	if (rc == KC_OK)
		rc = scale_answers(d, "gad7", gad7, 7, at);
	if (rc == KC_OK)
		rc = answer(d, "cssrs.1", "no", "", at);
	if (rc == KC_OK)
		rc = answer(d, "cssrs.2", "no", "", at);
	if (rc == KC_OK)
		rc = answer(d, "cssrs.6", "no", "", at);
	return rc;
}

struct visit {
	const char *escort, *phone;
	double kg;
	double solids_h, liquids_h; /* hours before `at` */
};

static int visit_items(struct demo *d, const struct visit *v, time_t at)
{
	int rc = answer_time(d, "last_solids", at - (time_t)(v->solids_h * 3600), at);

	if (rc == KC_OK)
		rc = answer_time(d, "last_liquids", at - (time_t)(v->liquids_h * 3600), at);
	if (rc == KC_OK)
		rc = answer(d, "escort_name", v->escort, "", at);
	if (rc == KC_OK)
		rc = answer(d, "escort_phone", v->phone, "", at);
	if (rc == KC_OK)
		rc = answer(d, "consent", "yes", "", at);
	if (rc == KC_OK)
		rc = answer(d, "med_changes", "reviewed", "no changes since the last session", at);
	if (rc == KC_OK)
		rc = weigh(d, d->session, v->kg, at);
	return rc;
}

/* One vitals round: "bp hr spo2 rr temp moaas" as typed ("-" = not taken). */
static int vitals(struct demo *d, time_t t, const char *bp, const char *hr, const char *spo2, const char *rr,
		  const char *temp, const char *moaas, int baseline, kc_id *id)
{
	struct kc_vitals_entry e;
	struct kc_vitals_result res;
	int rc;

	memset(&e, 0, sizeof e);
	e.text = (struct kc_vitals_text){ bp, hr, spo2, rr, temp, moaas };
	e.taken = t;
	e.baseline = baseline;
	rc = kc_chart_vitals(d->st, d->cfg, d->session, &e, t + ENTER, &res, d->err);
	if (rc == KC_OK && id)
		*id = res.id;
	return rc;
}

static int sign_off(struct demo *d, time_t t)
{
	int rc = kc_chart_end(d->st, d->cfg, d->session, "discharged", "", t, d->err);

	if (rc == KC_OK)
		rc = kc_chart_sign(d->st, d->cfg, d->session, t + 5 * MIN, d->err);
	return rc;
}

static int begin(struct demo *d, enum kc_route route, const char *indication, time_t at)
{
	d->route = route;
	return kc_chart_session_create(d->st, d->patient, route, indication, at, &d->session, d->err);
}

/* ---------- the signed IV session: BP crisis acknowledged, nausea treated ---------- */

static int iv_infusion(struct demo *d, time_t s, double rate)
{
	kc_id crit = 0;
	int rc = demo_dose(to(d), s, KC_DOSE_START, 0, rate, "KET-2411-07", "left antecubital, 22G");

	if (rc == KC_OK)
		rc = vitals(d, s + 10 * MIN, "148/90", "82", "97", "14", "", "4", 0, NULL);
	if (rc == KC_OK)
		rc = vitals(d, s + 20 * MIN, "184/104", "96", "97", "16", "", "4", 0, &crit);
	if (rc == KC_OK)
		rc = kc_chart_ack(d->st, d->cfg, crit, "rate reduced to 100 mL/h, physician informed, BP repeated in 5 min",
				   s + 22 * MIN, d->err);
	if (rc == KC_OK)
		rc = demo_dose(to(d), s + 22 * MIN, KC_DOSE_RATE, 0, 100, "", "BP 184/104");
	if (rc == KC_OK)
		rc = vitals(d, s + 27 * MIN, "162/94", "90", "97", "15", "", "4", 0, NULL);
	if (rc == KC_OK)
		rc = demo_observe(to(d), s + 30 * MIN, KC_OBS_NAUSEA, KC_SCALE_NRS, 5, NULL, "ondansetron 4 mg IV",
			     "nauseated, no vomiting");
	if (rc == KC_OK)
		rc = vitals(d, s + 37 * MIN, "146/88", "84", "98", "14", "", "4", 0, NULL);
	return rc;
}

static int iv_recovery(struct demo *d, time_t s)
{
	static const int peak[KC_CADSS6_ITEMS] = { 2, 1, 1, 0, 1, 0 };
	static const int later[KC_CADSS6_ITEMS] = { 0, 1, 0, 0, 0, 0 };
	struct kc_vitals_entry fix;
	struct kc_given given;
	kc_id typo = 0;
	/* The stop gives what the pump ran, as the stop form pre-fills it. */
	int rc = kc_chart_infusion(d->st, d->cfg, d->session, s + 46 * MIN, &given, d->err);

	if (rc == KC_OK)
		rc = demo_dose(to(d), s + 46 * MIN, KC_DOSE_STOP, given.mg, 0, "", "");

	if (rc == KC_OK)
		rc = demo_observe(to(d), s + 46 * MIN, KC_OBS_DISSOCIATION, KC_SCALE_CADSS6, 0, peak, "",
			     "end of infusion; calm, floating sensation");
	if (rc == KC_OK)
		rc = vitals(d, s + 61 * MIN, "140/86", "78", "98", "14", "36.8", "5", 0, NULL);
	if (rc == KC_OK)
		rc = vitals(d, s + 76 * MIN, "138/86", "118", "98", "14", "", "5", 0, &typo);
	memset(&fix, 0, sizeof fix);
	fix.text = (struct kc_vitals_text){ "138/86", "78", "98", "14", "", "5" };
	if (rc == KC_OK)
		rc = kc_chart_vitals_correct(d->st, d->cfg, typo, KC_EIE_WRONG_VALUE, "typed 118 for a pulse of 78",
					     &fix, s + 78 * MIN, NULL, d->err);
	if (rc == KC_OK)
		rc = demo_observe(to(d), s + 76 * MIN, KC_OBS_NAUSEA, KC_SCALE_NRS, 1, NULL, "", "settled");
	if (rc == KC_OK)
		rc = demo_observe(to(d), s + 77 * MIN, KC_OBS_DISSOCIATION, KC_SCALE_CADSS6, 0, later, "", "");
	if (rc == KC_OK)
		rc = demo_assess(to(d), s + 80 * MIN);
	return rc;
}

static int iv_signed(struct demo *d)
{
	static const int phq9[9] = { 2, 2, 1, 2, 1, 1, 1, 1, 0 };
	static const int gad7[7] = { 1, 2, 1, 1, 0, 1, 1 };
	static const struct visit v = { "Tom Ellis (husband)", "555-0142", 72.4, 9, 3 };
	time_t t0 = day_at(d->now, 3, 9, 0), s = t0 + 30 * MIN;
	struct kc_iv_dose plan;
	int rc = patient(d, "KC-1001", "Jordan Ellis", "1981-04-17", t0 - 40 * 86400);

	if (rc == KC_OK)
		rc = begin(d, KC_ROUTE_IV, "treatment-resistant depression", t0);
	if (rc == KC_OK)
		rc = checklist(d, "drug_benzo", "lorazepam 0.5 mg at night only; none taken in the last 24 h", t0 + 5 * MIN);
	if (rc == KC_OK)
		rc = questionnaires(d, phq9, gad7, t0 + 8 * MIN);
	if (rc == KC_OK)
		rc = visit_items(d, &v, t0 + 10 * MIN);
	if (rc == KC_OK)
		rc = vitals(d, t0 + 15 * MIN, "136/84", "76", "98", "14", "36.7", "5", 1, NULL);
	if (rc == KC_OK)
		rc = kc_chart_plan_iv(d->st, d->cfg, d->session, d->cfg->iv.dose_mg_per_kg, t0 + 20 * MIN, &plan,
				      d->err);
	if (rc == KC_OK)
		rc = iv_infusion(d, s, plan.rate_ml_h);
	if (rc == KC_OK)
		rc = iv_recovery(d, s);
	if (rc == KC_OK)
		rc = kc_demo_drug_iv(d->st, d->cfg, d->session, s, s + 80 * MIN, d->now, d->err);
	if (rc == KC_OK)
		rc = sign_off(d, s + 85 * MIN);
	if (rc == KC_OK)
		rc = kc_chart_addendum(d->st, d->session,
				     "Phone follow-up next morning: slept well, no headache, mood a little brighter. "
				     "Next session booked.", day_at(d->now, 2, 10, 15), d->err);
	return rc;
}

/* ---------- the signed esketamine session: 3 devices, 40-min check, 2 h ---------- */

static int esk_devices(struct demo *d, time_t s)
{
	int rc = KC_OK;

	for (int i = 0; rc == KC_OK && i < 3; i++)
		rc = demo_dose(to(d), s + i * 5 * MIN, KC_DOSE_DEVICE, 0, 0, "ESK-23-4411", "");
	if (rc == KC_OK)
		rc = kc_chart_phase(d->st, d->session, KC_PHASE_RECOVERY, s + 11 * MIN, d->err);
	return rc;
}

static int esk_monitoring(struct demo *d, time_t s)
{
	static const int peak[KC_CADSS6_ITEMS] = { 2, 1, 1, 1, 0, 0 };
	static const int late[KC_CADSS6_ITEMS] = { 0, 0, 0, 0, 0, 0 };
	static const char *const bp[] = { "136/84", "132/82", "130/80", "128/80", "126/78" };
	int rc = vitals(d, s + 40 * MIN, "142/86", "80", "97", "14", "", "4", 0, NULL);

	if (rc == KC_OK)
		rc = demo_observe(to(d), s + 40 * MIN, KC_OBS_DISSOCIATION, KC_SCALE_CADSS6, 0, peak, "",
			     "feels detached, comfortable, reassured");
	if (rc == KC_OK)
		rc = demo_observe(to(d), s + 45 * MIN, KC_OBS_DIZZINESS, KC_SCALE_SEVERITY, 1, NULL, "", "when sitting up");
	for (int i = 0; rc == KC_OK && i < 5; i++)
		rc = vitals(d, s + (55 + 15 * i) * MIN, bp[i], "76", "98", "14", "", i ? "5" : "4", 0, NULL);
	if (rc == KC_OK)
		rc = demo_observe(to(d), s + 110 * MIN, KC_OBS_DISSOCIATION, KC_SCALE_CADSS6, 0, late, "", "");
	if (rc == KC_OK)
		rc = demo_assess(to(d), s + 121 * MIN);
	return rc;
}

static int esk_signed(struct demo *d)
{
	static const int phq9[9] = { 2, 2, 2, 1, 1, 2, 1, 0, 0 };
	static const int gad7[7] = { 1, 1, 1, 0, 0, 1, 0 };
	static const struct visit v = { "Ana Raman (sister)", "555-0188", 58.0, 4, 1 };
	time_t t0 = day_at(d->now, 7, 10, 0), s = t0 + 25 * MIN;
	int rc = patient(d, "KC-1002", "Priya Raman", "1990-09-02", t0 - 60 * 86400);

	if (rc == KC_OK)
		rc = begin(d, KC_ROUTE_ESKETAMINE, "depression", t0);
	if (rc == KC_OK)
		rc = checklist(d, NULL, "", t0 + 5 * MIN);
	if (rc == KC_OK)
		rc = questionnaires(d, phq9, gad7, t0 + 8 * MIN);
	if (rc == KC_OK)
		rc = visit_items(d, &v, t0 + 10 * MIN);
	if (rc == KC_OK)
		rc = vitals(d, t0 + 15 * MIN, "128/80", "72", "98", "14", "36.5", "5", 1, NULL);
	if (rc == KC_OK)
		rc = kc_chart_plan_esk(d->st, d->cfg, d->session, 84, "", t0 + 20 * MIN, NULL, d->err);
	if (rc == KC_OK)
		rc = esk_devices(d, s);
	if (rc == KC_OK)
		rc = esk_monitoring(d, s);
	if (rc == KC_OK)
		rc = kc_demo_rems_answers(d->st, d->cfg, d->session, 95, s + 122 * MIN, d->err);
	if (rc == KC_OK)
		rc = sign_off(d, s + 125 * MIN);
	return rc;
}

/* ---------- the IV session in progress: started 15 min ago, next reading due soon ---------- */

static int iv_running(struct demo *d)
{
	static const int phq9[9] = { 1, 2, 1, 1, 1, 0, 1, 0, 0 };
	static const int gad7[7] = { 2, 2, 1, 1, 1, 1, 0 };
	static const struct visit v = { "Grace Okafor (wife)", "555-0107", 88.5, 12, 2.5 };
	time_t t0 = d->now - 60 * MIN, s = d->now - 15 * MIN;
	struct kc_iv_dose plan;
	int rc = patient(d, "KC-1003", "Samuel Okafor", "1975-12-08", t0 - 90 * 86400);

	if (rc == KC_OK)
		rc = begin(d, KC_ROUTE_IV, "depression", t0);
	if (rc == KC_OK)
		rc = checklist(d, NULL, "", t0 + 5 * MIN);
	if (rc == KC_OK)
		rc = questionnaires(d, phq9, gad7, t0 + 8 * MIN);
	if (rc == KC_OK)
		rc = visit_items(d, &v, t0 + 10 * MIN);
	if (rc == KC_OK)
		rc = vitals(d, t0 + 25 * MIN, "132/82", "74", "99", "14", "36.6", "5", 1, NULL);
	if (rc == KC_OK)
		rc = kc_chart_plan_iv(d->st, d->cfg, d->session, d->cfg->iv.dose_mg_per_kg, t0 + 35 * MIN, &plan,
				      d->err);
	if (rc == KC_OK)
		rc = demo_dose(to(d), s, KC_DOSE_START, 0, plan.rate_ml_h, "KET-2411-07", "right antecubital, 20G");
	if (rc == KC_OK)
		rc = vitals(d, s + 5 * MIN, "138/86", "80", "98", "14", "", "5", 0, NULL);
	if (rc == KC_OK)
		rc = vitals(d, s + 11 * MIN, "144/88", "84", "97", "13", "", "4", 0, NULL);
	return rc;
}

static int others(struct demo *d)
{
	int rc = patient(d, "KC-1004", "Hannah Kowalski", "1968-02-23", d->now - 20 * 86400);

	if (rc == KC_OK)
		rc = weigh(d, 0, 66.2, d->now - 20 * 86400);
	if (rc == KC_OK)
		rc = patient(d, "KC-1005", "Lucas Moreau", "1996-07-30", d->now - 2 * 86400);
	return rc;
}

int kc_demo_fill(struct kc_store *st, const struct kc_config *cfg, time_t now, struct kc_err *err)
{
	struct kc_patient *rows = NULL;
	struct kc_config *own = malloc(sizeof *own); /* the sample REMS setting when cfg has none */
	struct demo d = { .st = st, .cfg = own, .now = now, .err = err };
	size_t n = 0;
	int rc = own ? kc_patient_find(st, "", &rows, &n, err) : kc_fail(err, KC_ERR_NOMEM, "out of memory");

	free(rows);
	if (rc == KC_OK)
		kc_demo_rems_config(cfg, own);
	else
		free(own);
	if (rc != KC_OK)
		return rc;
	if (n > 0) {
		free(own);
		return kc_fail(err, KC_ERR_INVALID,
			       "the database already has %zu patient%s: demo data goes only into an empty database",
			       n, n == 1 ? "" : "s");
	}
	rc = esk_signed(&d);
	if (rc == KC_OK)
		rc = iv_signed(&d);
	if (rc == KC_OK)
		rc = iv_running(&d);
	if (rc == KC_OK)
		rc = others(&d);
	if (rc == KC_OK)
		rc = kc_demo_paperwork(st, own, now, err);
	free(own);
	return rc;
}
