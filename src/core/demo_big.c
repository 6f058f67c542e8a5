/* demo_big.c — `ketchart demo --sessions N [--seed S]`: a TRAINING database of N realistic
 * sessions, years of a busy clinic, for benchmarks and for trying the screens on a long
 * history. Every entry goes through kc_chart_* exactly as a clinician's would (the real
 * validation, the real audit rows); only the commits are shared, a batch of sessions at a
 * time (kc_chart_batch_begin). Deterministic for a seed and a clock:
 *   - patients in courses of several sessions (twice weekly, then maintenance), IV or
 *     esketamine, questionnaires improving along the course;
 *   - one patient with ~200 sessions (KC-000001), one session with ~300 readings;
 *   - corrections (a mistyped pulse marked in error and replaced), addenda, physician
 *     amendments, acknowledged BP alerts;
 *   - the last 8 sessions in progress today (screening, dosing, recovery). */
#include "kc_report.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_chart.h"
#include "kc_paper.h"
#include "demo_impl.h"

#define MIN 60
#define DAY 86400
#define ENTER KC_DEMO_ENTER /* typing delay after the time taken */
#define OPEN_NOW 8        /* sessions in progress at the end */
#define BIG_COURSE 200    /* the patient with the long history */
#define LONG_READINGS 300 /* the session with the most readings */
/* Sessions per commit. Each commit writes the pages its sessions touched to the WAL, the
 * checkpoint after it copies them into the database, and the chain's anchor is fsynced:
 * the hot pages (each table's and index's last leaf, their parents) were written again at
 * every commit. 1024 sessions (~34 MB of pages) still fit the batch's 64 MiB page cache,
 * so nothing spills to the WAL before the commit; 64 cost ~9% more CPU and a third more
 * wall time at 10k sessions. The rows made are the same whatever the batch. */
#define BATCH 1024

struct gen {
	time_t now;             /* nothing is charted after it */
	struct kc_store *st;
	const struct kc_config *cfg;
	struct kc_err *err;
	uint64_t rng;
	kc_id patient, session;
	enum kc_route route;
	double kg;
	int course_i, course_n; /* this session's place in its patient's course */
	int relative;           /* this patient answers a relative contraindication yes */
	kc_id last_reading;     /* the latest reading made (an amendment points at it) */
	int nausea;             /* nausea treated in this session, to be seen settled */
	int crisis_due;         /* the next IV infusion has a BP alert */
	long index;             /* the session's place in the history: every so many sessions
				 * have a BP alert, a correction, an addendum, an amendment */
};

/* The session being charted, for the shared charting calls (demo_chart.c). */
static struct demo_to to(const struct gen *g)
{
	return (struct demo_to){ g->st, g->cfg, g->session, g->err };
}

/* splitmix64: small, fast, the same everywhere for a seed. */
static uint64_t next(struct gen *g)
{
	uint64_t z = (g->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static int pick(struct gen *g, int lo, int hi)
{
	return lo + (int)(next(g) % (uint64_t)(hi - lo + 1));
}

static int chance(struct gen *g, int percent)
{
	return pick(g, 1, 100) <= percent;
}

/* ---------- who comes when ---------- */

struct slot {
	time_t at;       /* session start */
	int patient;     /* index into the patients */
	int course_i;    /* 0-based place in the course */
};

struct who {
	int sessions;
	enum kc_route route;
	kc_id id;        /* 0 until the first session creates the patient */
	double kg;
	int relative;
};

static int by_time(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	if (x->at != y->at)
		return (x->at > y->at) - (x->at < y->at);
	return (x->patient > y->patient) - (x->patient < y->patient);
}

/* Local clock time hh:mm on the day of t. */
static time_t at_clock(time_t t, int hour, int minute)
{
	struct tm tm;

	localtime_r(&t, &tm);
	tm.tm_hour = hour;
	tm.tm_min = minute;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* Courses whose lengths add up to n: the first patient ~200 sessions, the others 6 (an
 * induction course) to 30 (induction and maintenance). */
static int plan_patients(struct gen *g, long n, struct who **out, int *np)
{
	int cap = (int)(n / 6 + 2 + OPEN_NOW), k = 0;
	struct who *w = calloc((size_t)cap, sizeof *w);
	long left = n;

	if (!w)
		return KC_ERR_NOMEM;
	while (left > 0 && k < cap) {
		int len = k == 0 ? (int)(n / 5 < BIG_COURSE ? n / 5 : BIG_COURSE) : pick(g, 6, 30);

		if (len < 1)
			len = 1;
		if (len > left)
			len = (int)left;
		w[k].sessions = len;
		w[k].route = k % 10 == 2 || k % 10 == 5 || k % 10 == 8 ? KC_ROUTE_ESKETAMINE : KC_ROUTE_IV;
		w[k].kg = pick(g, 520, 1100) / 10.0;
		w[k].relative = chance(g, 15);
		left -= len;
		k++;
	}
	for (int i = 0; i < OPEN_NOW; i++) { /* the patients of the sessions in progress */
		w[k + i].sessions = 1;
		w[k + i].route = i % 3 == 2 ? KC_ROUTE_ESKETAMINE : KC_ROUTE_IV;
		w[k + i].kg = pick(g, 520, 1100) / 10.0;
	}
	*out = w;
	*np = k;
	return KC_OK;
}

/* Every session of every course on the clinic's calendar, in time order. The history ends
 * two days before now; the clinic runs 08:00 to 15:00, so a day holds many chairs' sessions. */
static int plan_slots(struct gen *g, const struct who *w, int np, long n, time_t now, struct slot **out)
{
	struct slot *s = calloc((size_t)n, sizeof *s);
	long span_days = n / 14 < 30 ? 30 : n / 14 > 3650 ? 3650 : n / 14, k = 0;
	time_t end = now - 2 * DAY;

	if (!s)
		return KC_ERR_NOMEM;
	for (int p = 0; p < np; p++) {
		/* Induction: every 3-4 days for 6 sessions; maintenance every 2-5 weeks. */
		long length = 0;
		long start;

		for (int i = 1; i < w[p].sessions; i++)
			length += i < 6 ? 3 : 14 + 7 * (i % 3);
		start = length >= span_days ? 0 : (long)(next(g) % (uint64_t)(span_days - length));
		for (int i = 0, day = (int)start; i < w[p].sessions && k < n; i++) {
			time_t d = end - (time_t)(span_days - day) * DAY;

			s[k].at = at_clock(d, pick(g, 8, 14), 5 * pick(g, 0, 11));
			s[k].patient = p;
			s[k].course_i = i;
			k++;
			day += i < 5 ? pick(g, 3, 4) : pick(g, 14, 35);
			if (day > span_days)
				day = (int)span_days;
		}
	}
	qsort(s, (size_t)k, sizeof *s, by_time);
	*out = s;
	return KC_OK;
}

/* ---------- one entry at a time, as typed ---------- */

static int answer(struct gen *g, const char *item, const char *value, const char *note, time_t at)
{
	return kc_chart_answer(g->st, g->cfg, g->session, item, value, note, at, g->err);
}

static int answer_time(struct gen *g, const char *item, time_t value, time_t at)
{
	char buf[24];

	snprintf(buf, sizeof buf, "%lld", (long long)value);
	return answer(g, item, buf, "", at);
}

static int checklist(struct gen *g, time_t at)
{
	size_t n;
	const struct kc_check_item *items = kc_check_items(&n);
	char key[48];
	int rc = KC_OK;

	for (size_t i = 0; rc == KC_OK && i < n; i++) {
		int yes = g->relative && strcmp(items[i].key, "drug_benzo") == 0;

		if (!(items[i].routes & (1u << g->route)))
			continue;
		rc = answer(g, items[i].key, yes ? "yes" : "no", "", at);
		snprintf(key, sizeof key, "confirm.%s", items[i].key);
		if (rc == KC_OK && yes)
			rc = answer(g, key, "yes", "lorazepam 0.5 mg at night only; none in the last 24 h", at + MIN);
	}
	return rc;
}

/* PHQ-9 and GAD-7 items drifting down along the course, C-SSRS screen negative. */
static int questionnaires(struct gen *g, time_t at)
{
	char item[24], val[4];
	int top = 3 - (3 * g->course_i) / (g->course_n + 1);
	int rc = KC_OK;

	for (int i = 0; rc == KC_OK && i < 16; i++) {
		if (i < 9)
			snprintf(item, sizeof item, "phq9.%d", i + 1);
		else
			snprintf(item, sizeof item, "gad7.%d", i - 8);
		snprintf(val, sizeof val, "%d", i == 8 ? 0 : pick(g, 0, top)); /* item 9 (self-harm): 0 */
		rc = answer(g, item, val, "", at);
	}
	if (rc == KC_OK)
		rc = answer(g, "cssrs.1", "no", "", at);
	if (rc == KC_OK)
		rc = answer(g, "cssrs.2", "no", "", at);
	if (rc == KC_OK)
		rc = answer(g, "cssrs.6", "no", "", at);
	return rc;
}

static int visit(struct gen *g, time_t at)
{
	static const char *const escort[] = { "Tom Ellis (husband)", "Ana Raman (sister)", "Grace Okafor (wife)",
					      "Li Wei (partner)", "Sam Carter (friend)", "Maria Lopez (mother)" };
	char phone[16], typed[16];
	int rc = answer_time(g, "last_solids", at - pick(g, 6, 14) * 3600, at);

	if (rc == KC_OK)
		rc = answer_time(g, "last_liquids", at - pick(g, 2, 5) * 3600, at);
	if (rc == KC_OK)
		rc = answer(g, "escort_name", escort[pick(g, 0, 5)], "", at);
	snprintf(phone, sizeof phone, "555-%04d", pick(g, 100, 9999));
	if (rc == KC_OK)
		rc = answer(g, "escort_phone", phone, "", at);
	if (rc == KC_OK)
		rc = answer(g, "consent", "yes", "", at);
	if (rc == KC_OK)
		rc = answer(g, "med_changes", "reviewed", g->course_i ? "no changes since the last session" :
			    "sertraline 100 mg daily, unchanged for 6 months", at);
	g->kg += pick(g, -5, 5) / 10.0;
	snprintf(typed, sizeof typed, "%.1f", g->kg);
	if (rc == KC_OK)
		rc = kc_chart_weight(g->st, g->cfg, g->patient, g->session, typed, at, at, NULL, g->err);
	return rc;
}

/* A reading in the normal range ("bp hr spo2 rr temp moaas" as typed). */
static int reading(struct gen *g, time_t t, int baseline, int moaas, kc_id *id)
{
	char bp[12], hr[4], spo2[4], rr[4], temp[6], ms[4];
	struct kc_vitals_entry e;
	struct kc_vitals_result res;
	int rc;

	snprintf(bp, sizeof bp, "%d/%d", pick(g, 112, baseline ? 136 : 148), pick(g, 66, 86));
	snprintf(hr, sizeof hr, "%d", pick(g, 60, 92));
	snprintf(spo2, sizeof spo2, "%d", pick(g, 96, 99));
	snprintf(rr, sizeof rr, "%d", pick(g, 12, 18));
	snprintf(temp, sizeof temp, "36.%d", pick(g, 4, 9));
	snprintf(ms, sizeof ms, "%d", moaas);
	memset(&e, 0, sizeof e);
	e.text = (struct kc_vitals_text){ bp, hr, spo2, rr, baseline ? temp : "", ms };
	e.taken = t;
	e.baseline = baseline;
	rc = kc_chart_vitals(g->st, g->cfg, g->session, &e, t + ENTER, &res, g->err);
	if (rc == KC_OK)
		g->last_reading = res.id;
	if (rc == KC_OK && id)
		*id = res.id;
	return rc;
}

static int typed_reading(struct gen *g, time_t t, const char *bp, const char *hr, const char *moaas, kc_id *id)
{
	struct kc_vitals_entry e;
	struct kc_vitals_result res;
	int rc;

	memset(&e, 0, sizeof e);
	e.text = (struct kc_vitals_text){ bp, hr, "97", "16", "", moaas };
	e.taken = t;
	rc = kc_chart_vitals(g->st, g->cfg, g->session, &e, t + ENTER, &res, g->err);
	if (rc == KC_OK && id)
		*id = res.id;
	return rc;
}

/* ---------- a session, phase by phase ---------- */

/* Screening up to the dose plan; the plan at t0 + 20 min. */
static int screening(struct gen *g, time_t t0, struct kc_iv_dose *plan)
{
	int rc = kc_chart_session_create(g->st, g->patient, g->route,
					 chance(g, 75) ? "treatment-resistant depression" : chance(g, 50) ? "PTSD" : "anxiety",
					 t0, &g->session, g->err);

	if (rc == KC_OK)
		rc = checklist(g, t0 + 5 * MIN);
	if (rc == KC_OK)
		rc = questionnaires(g, t0 + 8 * MIN);
	if (rc == KC_OK)
		rc = visit(g, t0 + 10 * MIN);
	if (rc == KC_OK)
		rc = reading(g, t0 + 15 * MIN, 1, 5, NULL);
	if (rc != KC_OK)
		return rc;
	if (g->route == KC_ROUTE_IV)
		return kc_chart_plan_iv(g->st, g->cfg, g->session, g->cfg->iv.dose_mg_per_kg, t0 + 20 * MIN, plan, g->err);
	return kc_chart_plan_esk(g->st, g->cfg, g->session, g->course_i < 2 ? 56 : 84, "", t0 + 20 * MIN, NULL,
				 g->err);
}

/* The infusion from s: readings every 10 min, sometimes a BP alert acknowledged with the rate
 * reduced, sometimes nausea treated. */
static int iv_infusion(struct gen *g, time_t s, double rate)
{
	int rc = demo_dose(to(g), s, KC_DOSE_START, 0, rate, "KET-2411-07", "left antecubital, 22G");
	kc_id crit = 0;

	if (rc == KC_OK)
		rc = reading(g, s + 10 * MIN, 0, 4, NULL);
	if (rc == KC_OK && g->crisis_due) {
		g->crisis_due = 0;
		rc = typed_reading(g, s + 20 * MIN, "184/104", "96", "4", &crit);
		if (rc == KC_OK)
			rc = kc_chart_ack(g->st, g->cfg, crit, "rate reduced, physician informed, BP repeated in 5 min",
					  s + 22 * MIN, g->err);
		if (rc == KC_OK)
			rc = demo_dose(to(g), s + 22 * MIN, KC_DOSE_RATE, 0, rate * 0.8, "", "BP 184/104");
		if (rc == KC_OK)
			rc = reading(g, s + 27 * MIN, 0, 4, NULL);
	} else if (rc == KC_OK) {
		rc = reading(g, s + 20 * MIN, 0, 4, NULL);
	}
	g->nausea = chance(g, 20);
	if (rc == KC_OK && g->nausea)
		rc = demo_observe(to(g), s + 30 * MIN, KC_OBS_NAUSEA, KC_SCALE_NRS, pick(g, 3, 6), NULL, "ondansetron 4 mg IV",
			     "nauseated, no vomiting");
	if (rc == KC_OK)
		rc = reading(g, s + 30 * MIN, 0, 4, NULL);
	if (rc == KC_OK)
		rc = reading(g, s + 40 * MIN, 0, 4, NULL);
	return rc;
}

/* The reading before the assessment; every so many sessions a pulse mistyped and corrected. */
static int last_reading(struct gen *g, time_t t)
{
	struct kc_vitals_entry fix;
	struct kc_vitals_result res;
	kc_id typo = 0;
	int rc;

	if (g->index % 17 != 5)
		return reading(g, t, 0, 5, NULL);
	rc = typed_reading(g, t, "138/86", "118", "5", &typo);
	memset(&fix, 0, sizeof fix);
	fix.text = (struct kc_vitals_text){ "138/86", "78", "97", "16", "", "5" };
	if (rc == KC_OK)
		rc = kc_chart_vitals_correct(g->st, g->cfg, typo, KC_EIE_WRONG_VALUE, "typed 118 for a pulse of 78", &fix,
					     t + 2 * MIN, &res, g->err);
	if (rc == KC_OK)
		g->last_reading = res.id;
	return rc;
}

/* Stop at s + 46 min with what the pump ran, recovery readings (extra ones every minute for
 * the long session), a mistyped pulse corrected now and then, the assessment. *end is when
 * the session may be ended. */
static int iv_recovery(struct gen *g, time_t s, int extra, time_t *end)
{
	static const int peak[KC_CADSS6_ITEMS] = { 2, 1, 1, 0, 1, 0 };
	static const int settled[KC_CADSS6_ITEMS] = { 0, 1, 0, 0, 0, 0 };
	struct kc_given given;
	time_t t = s + 61 * MIN;
	int rc = kc_chart_infusion(g->st, g->cfg, g->session, s + 46 * MIN, &given, g->err);

	if (rc == KC_OK)
		rc = demo_dose(to(g), s + 46 * MIN, KC_DOSE_STOP, given.mg, 0, "", "");
	if (rc == KC_OK)
		rc = demo_observe(to(g), s + 46 * MIN, KC_OBS_DISSOCIATION, KC_SCALE_CADSS6, 0, peak, "",
			     "end of infusion; calm, floating sensation");
	if (rc == KC_OK)
		rc = reading(g, t, 0, 5, NULL);
	for (int i = 0; rc == KC_OK && i < extra; i++)
		rc = reading(g, t + (i + 1) * MIN, 0, 5, NULL);
	t += extra * MIN + 15 * MIN;
	if (rc == KC_OK)
		rc = last_reading(g, t);
	if (rc == KC_OK)
		rc = demo_observe(to(g), t + 1 * MIN, KC_OBS_DISSOCIATION, KC_SCALE_CADSS6, 0, settled, "", "");
	if (rc == KC_OK && g->nausea)
		rc = demo_observe(to(g), t + 1 * MIN, KC_OBS_NAUSEA, KC_SCALE_NRS, 1, NULL, "", "settled");
	if (rc == KC_OK)
		rc = demo_assess(to(g), t + 4 * MIN);
	*end = t + 9 * MIN;
	return rc;
}

static int esk_devices(struct gen *g, time_t s, int extra, time_t *end)
{
	static const int peak[KC_CADSS6_ITEMS] = { 2, 1, 1, 1, 0, 0 };
	static const int settled[KC_CADSS6_ITEMS] = { 0, 0, 0, 0, 0, 0 };
	int devices = g->course_i < 2 ? 2 : 3, rc = KC_OK;
	time_t t = s + 115 * MIN + extra * MIN;

	for (int i = 0; rc == KC_OK && i < devices; i++)
		rc = demo_dose(to(g), s + i * 5 * MIN, KC_DOSE_DEVICE, 0, 0, "ESK-23-4411", "");
	if (rc == KC_OK)
		rc = kc_chart_phase(g->st, g->session, KC_PHASE_RECOVERY, s + 11 * MIN, g->err);
	if (rc == KC_OK)
		rc = reading(g, s + 40 * MIN, 0, 4, NULL);
	if (rc == KC_OK)
		rc = demo_observe(to(g), s + 40 * MIN, KC_OBS_DISSOCIATION, KC_SCALE_CADSS6, 0, peak, "",
			     "feels detached, comfortable, reassured");
	if (rc == KC_OK && chance(g, 25))
		rc = demo_observe(to(g), s + 45 * MIN, KC_OBS_DIZZINESS, KC_SCALE_SEVERITY, 1, NULL, "", "when sitting up");
	for (int i = 0; rc == KC_OK && i < 4; i++)
		rc = reading(g, s + (55 + 15 * i) * MIN, 0, i ? 5 : 4, NULL);
	for (int i = 0; rc == KC_OK && i < extra; i++)
		rc = reading(g, s + (101 + i) * MIN, 0, 5, NULL);
	if (rc == KC_OK)
		rc = last_reading(g, t);
	if (rc == KC_OK)
		rc = demo_observe(to(g), t + 1 * MIN, KC_OBS_DISSOCIATION, KC_SCALE_CADSS6, 0, settled, "", "");
	if (rc == KC_OK)
		rc = demo_assess(to(g), t + 6 * MIN);
	*end = t + 10 * MIN;
	return rc;
}

/* A whole session from t0 to sign-off; extra readings in recovery (the long session). */
static int signed_session(struct gen *g, time_t t0, int extra)
{
	struct kc_iv_dose plan;
	time_t s = t0 + 30 * MIN, end = 0;
	int rc = screening(g, t0, &plan);

	if (rc == KC_OK && g->route == KC_ROUTE_IV) {
		rc = iv_infusion(g, s, plan.rate_ml_h);
		if (rc == KC_OK)
			rc = iv_recovery(g, s, extra, &end);
	} else if (rc == KC_OK) {
		rc = esk_devices(g, s, extra, &end);
	}
	if (rc == KC_OK)
		rc = kc_chart_end(g->st, g->cfg, g->session, "discharged", "", end, g->err);
	if (rc == KC_OK && g->route == KC_ROUTE_ESKETAMINE) /* what the REMS form asks besides the chart */
		rc = kc_demo_rems_answers(g->st, g->cfg, g->session, 90 + extra, end + 2 * MIN, g->err);
	if (rc == KC_OK)
		rc = kc_chart_sign(g->st, g->cfg, g->session, end + 5 * MIN, g->err);
	if (rc == KC_OK && g->route == KC_ROUTE_ESKETAMINE)
		rc = kc_demo_rems_submitted(g->st, g->cfg, g->session, end + 5 * MIN, g->now, g->err);
	if (rc == KC_OK && g->index % 11 == 3)
		rc = kc_chart_addendum(g->st, g->session,
				       "Phone follow-up next morning: slept well, no headache, mood a little brighter.",
				       end + DAY < g->now ? end + DAY : g->now, g->err);
	if (rc == KC_OK && g->index % 53 == 7)
		rc = kc_chart_amend(g->st, g->session, "vitals", g->last_reading,
				    "Taken on the right arm: the left had the cannula.",
				    "physician's review of the monitor record", end + 2 * DAY < g->now ? end + 2 * DAY : g->now,
				    NULL, g->err);
	return rc;
}

/* One of the sessions in progress now: k picks how far it got. */
static int open_session(struct gen *g, time_t now, int k)
{
	struct kc_iv_dose plan;
	time_t t0 = now - (30 + 12 * k) * MIN, s = t0 + 30 * MIN;
	int rc;

	if (k < 2) /* still in screening: started a few minutes ago */
		t0 = now - (12 + 3 * k) * MIN;
	rc = kc_chart_session_create(g->st, g->patient, g->route, "treatment-resistant depression", t0, &g->session,
				     g->err);
	if (rc == KC_OK)
		rc = checklist(g, t0 + 5 * MIN);
	if (rc == KC_OK)
		rc = questionnaires(g, t0 + 8 * MIN);
	if (rc != KC_OK || k < 2)
		return rc;
	if (rc == KC_OK)
		rc = visit(g, t0 + 10 * MIN);
	if (rc == KC_OK)
		rc = reading(g, t0 + 15 * MIN, 1, 5, NULL);
	if (rc == KC_OK && g->route == KC_ROUTE_IV)
		rc = kc_chart_plan_iv(g->st, g->cfg, g->session, g->cfg->iv.dose_mg_per_kg, t0 + 20 * MIN, &plan,
				      g->err);
	else if (rc == KC_OK)
		rc = kc_chart_plan_esk(g->st, g->cfg, g->session, 56, "", t0 + 20 * MIN, NULL, g->err);
	if (rc != KC_OK || s + 2 * MIN > now)
		return rc;
	if (g->route == KC_ROUTE_IV) {
		rc = demo_dose(to(g), s, KC_DOSE_START, 0, plan.rate_ml_h, "KET-2411-07", "right antecubital, 20G");
		for (int i = 1; rc == KC_OK && s + 10 * i * MIN + ENTER <= now && i <= 4; i++)
			rc = reading(g, s + 10 * i * MIN, 0, 4, NULL);
	} else {
		for (int i = 0; rc == KC_OK && i < 2 && s + i * 5 * MIN + ENTER <= now; i++)
			rc = demo_dose(to(g), s + i * 5 * MIN, KC_DOSE_DEVICE, 0, 0, "ESK-23-4411", "");
	}
	return rc;
}

static int new_patient(struct gen *g, struct who *w, int index, time_t at)
{
	static const char *const first[] = { "Jordan", "Priya", "Samuel", "Hannah", "Lucas", "Amara", "Mateo",
					     "Ingrid", "Kofi", "Yuki", "Elena", "Omar", "Chloe", "Ravi", "Freya",
					     "Diego", "Nadia", "Tariq", "Maeve", "Chen", "Ayesha", "Bruno", "Leila",
					     "Oscar", "Sofia", "Kwame", "Ines", "Pavel", "Rosa", "Emeka", "Hana",
					     "Felix", "Zara", "Ivan", "Noor", "Theo", "Mina", "Arjun", "Lena", "Caleb" };
	static const char *const last[] = { "Ellis", "Raman", "Okafor", "Kowalski", "Moreau", "Nakamura", "Silva",
					    "Haddad", "Lindqvist", "Mensah", "Rossi", "Novak", "Fischer", "Patel",
					    "Garcia", "Murphy", "Kim", "Dubois", "Jensen", "Costa", "Ibrahim", "Walsh",
					    "Petrov", "Tanaka", "Nguyen", "Brennan", "Schmidt", "Osei", "Lopez",
					    "Horvat", "Andersen", "Cohen", "Bianchi", "Yilmaz", "Kaur", "Sato",
					    "Morales", "Becker", "Quinn", "Adeyemi", "Varga", "Ortiz", "Lund", "Reyes",
					    "Farah", "Mbeki", "Santos", "Hughes", "Keller", "Ahmed", "Wright", "Popescu",
					    "Sokolov", "Ferreira", "Boateng", "Laine", "Doyle", "Marsh", "Ruiz", "Weber" };
	const size_t nf = sizeof first / sizeof first[0], nl = sizeof last / sizeof last[0];
	size_t i = (size_t)index;
	struct kc_patient p;
	char typed[16];
	int rc;

	memset(&p, 0, sizeof p);
	snprintf(p.chart_no, sizeof p.chart_no, "KC-%06d", index + 1);
	if (i < nf * nl)
		snprintf(p.name, sizeof p.name, "%s %s", first[i % nf], last[(i + i / nf) % nl]);
	else
		snprintf(p.name, sizeof p.name, "%s %c. %s", first[i % nf], 'A' + (int)((i / (nf * nl)) % 26),
			 last[(i / nf) % nl]);
	snprintf(p.dob, sizeof p.dob, "%04d-%02d-%02d", pick(g, 1950, 1990), pick(g, 1, 12), pick(g, 1, 28));
	rc = kc_chart_patient_add(g->st, &p, 0, at, &w->id, g->err);
	snprintf(typed, sizeof typed, "%.1f", w->kg);
	if (rc == KC_OK)
		rc = kc_chart_weight(g->st, g->cfg, w->id, 0, typed, at, at, NULL, g->err);
	return rc;
}

/* Switch to patient p for a session at t0 (creating them a week before their first). */
static int take_patient(struct gen *g, struct who *w, int p, int course_i, time_t t0)
{
	int rc = KC_OK;

	if (!w[p].id)
		rc = new_patient(g, &w[p], p, t0 - 7 * DAY);
	g->patient = w[p].id;
	g->route = w[p].route;
	g->kg = w[p].kg;
	g->relative = w[p].relative;
	g->course_i = course_i;
	g->course_n = w[p].sessions;
	return rc;
}

static int fill(struct gen *g, long n, time_t now, struct who *w, int np, const struct slot *s)
{
	long hist = n > OPEN_NOW ? n - OPEN_NOW : 0, longest = hist / 2;
	int rc = KC_OK;

	for (long i = 0; rc == KC_OK && i < hist; i++) {
		if (i % BATCH == 0 && (rc = kc_chart_batch_begin(g->st, s[i].at, g->err)) != KC_OK)
			break;
		rc = take_patient(g, w, s[i].patient, s[i].course_i, s[i].at);
		g->index = i;
		g->crisis_due |= i % 29 == 13;
		if (rc == KC_OK)
			rc = signed_session(g, s[i].at, i == longest ? LONG_READINGS - 7 : 0);
		w[s[i].patient].kg = g->kg;
		if (rc != KC_OK || (i + 1) % BATCH == 0 || i + 1 == hist)
			rc = kc_chart_batch_end(g->st, rc, s[i].at + DAY < now ? s[i].at + DAY : now, g->err);
	}
	/* The sessions in progress: patients of the last courses, today. */
	if (rc == KC_OK && (rc = kc_chart_batch_begin(g->st, now, g->err)) == KC_OK) {
		for (int k = 0; rc == KC_OK && k < OPEN_NOW && k < n; k++) {
			int p = np + k; /* new patients, on their first session */

			rc = take_patient(g, w, p, 0, now - 3 * 3600);
			if (rc == KC_OK)
				rc = open_session(g, now, k);
		}
		rc = kc_chart_batch_end(g->st, rc, now, g->err);
	}
	return rc;
}

int kc_demo_big(struct kc_store *st, const struct kc_config *cfg, time_t now, long sessions, unsigned long seed,
		struct kc_err *err)
{
	struct kc_config *own = malloc(sizeof *own); /* with a sample REMS setting (kc_paper.h) */
	struct gen g = { .now = now, .st = st, .cfg = own, .err = err, .rng = seed };
	struct kc_patient *rows = NULL;
	struct who *w = NULL;
	struct slot *s = NULL;
	size_t have = 0;
	int np = 0;
	int rc = own ? kc_patient_find(st, "", &rows, &have, err) : kc_fail(err, KC_ERR_NOMEM, "out of memory");

	free(rows);
	if (rc == KC_OK)
		kc_demo_rems_config(cfg, own);
	if (rc == KC_OK && have > 0)
		rc = kc_fail(err, KC_ERR_INVALID,
			     "the database already has %zu patient%s: demo data goes only into an empty database",
			     have, have == 1 ? "" : "s");
	if (rc == KC_OK && sessions < 1)
		rc = kc_fail(err, KC_ERR_INVALID, "--sessions needs at least 1");
	if (rc != KC_OK) {
		free(own);
		return rc;
	}
#ifdef __GLIBC__
	/* Each entry's statements free a few hundred KiB at the top of the heap, which glibc
	 * hands back to the kernel and asks for again at the next entry: ten brk() calls a
	 * session, each a TLB flush on every CPU, half of the demo's time on a busy machine.
	 * This process makes the demo and exits: keep the memory. */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 4 << 20);
#endif
	rc = plan_patients(&g, sessions > OPEN_NOW ? sessions - OPEN_NOW : 1, &w, &np);
	if (rc == KC_OK)
		rc = plan_slots(&g, w, np, sessions > OPEN_NOW ? sessions - OPEN_NOW : 0, now, &s);
	if (rc == KC_ERR_NOMEM)
		rc = kc_fail(err, KC_ERR_NOMEM, "out of memory planning %ld sessions", sessions);
	if (rc == KC_OK)
		rc = fill(&g, sessions, now, w, np, s);
	free(w);
	free(s);
	free(own);
	return rc;
}
