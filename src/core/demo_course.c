/* demo_course.c — the demo's treatment courses (issue 13): Theo Whitfield's completed IV
 * induction of six infusions whose PHQ-9 falls from 21 to remission (4), with an escalation
 * from 0.50 to 0.60 mg/kg at the fourth; Wendy Nakamura's esketamine induction, a partial
 * responder (PHQ-9 18 -> 11, 39 %), 56 mg then 84 mg. Every entry goes through kc_chart_*
 * as a clinician's would, as in demo.c. `ketchart demo` calls it after kc_demo_fill. */
#include "kc_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_booking.h"
#include "kc_chart.h"
#include "kc_paper.h"
#include "kc_course.h"
#include "kc_demog.h"
#include "demo_impl.h"

#define MIN 60
#define DAY 86400

struct dc {
	struct kc_store *st;
	const struct kc_config *cfg;
	time_t now;
	kc_id patient, session;
	enum kc_route route;
	struct kc_err *err;
};

/* The session being charted, for the shared charting calls (demo_chart.c). */
static struct demo_to to(const struct dc *d)
{
	return (struct demo_to){ d->st, d->cfg, d->session, d->err };
}

/* One session of a course: the scores, the dose (mg/kg for IV, mg for esketamine), peak
 * dissociation (CADSS-6 items), nausea. */
struct visit {
	int days_back, hour;
	int phq9, gad7;
	double dose;
	int cadss6[KC_CADSS6_ITEMS];
	int nausea;
};

static time_t day_at(time_t now, int days_back, int hour)
{
	struct tm tm;
	time_t t = now - (time_t)days_back * DAY;

	localtime_r(&t, &tm);
	tm.tm_hour = hour;
	tm.tm_min = 0;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static int ans(struct dc *d, const char *item, const char *value, const char *note, time_t at)
{
	return kc_chart_answer(d->st, d->cfg, d->session, item, value, note, at, d->err);
}

/* A questionnaire whose items add up to total: up to 3 each, item 9 of the PHQ-9 left at 0. */
static int scale(struct dc *d, const char *prefix, int items, int total, time_t at)
{
	char item[16], val[2] = "0";
	int rc = KC_OK, k = items == 9 ? 8 : items; /* PHQ-9 item 9 stays 0 */

	for (int i = 0; rc == KC_OK && i < items; i++) {
		int v = i >= k ? 0 : total / k + (i < total % k ? 1 : 0);

		val[0] = (char)('0' + (v > 3 ? 3 : v));
		snprintf(item, sizeof item, "%s.%d", prefix, i + 1);
		rc = ans(d, item, val, "", at);
	}
	return rc;
}

static int screening(struct dc *d, const struct visit *v, time_t t0)
{
	size_t n;
	const struct kc_check_item *items = kc_check_items(&n);
	char t[24];
	int rc = KC_OK;

	for (size_t i = 0; rc == KC_OK && i < n; i++)
		if (items[i].routes & (1u << d->route))
			rc = ans(d, items[i].key, "no", "", t0 + 5 * MIN);
	if (rc == KC_OK)
		rc = scale(d, "phq9", 9, v->phq9, t0 + 8 * MIN);
	if (rc == KC_OK)
		rc = scale(d, "gad7", 7, v->gad7, t0 + 8 * MIN);
	if (rc == KC_OK)
		rc = ans(d, "cssrs.1", "no", "", t0 + 8 * MIN);
	if (rc == KC_OK)
		rc = ans(d, "cssrs.2", "no", "", t0 + 8 * MIN);
	if (rc == KC_OK)
		rc = ans(d, "cssrs.6", "no", "", t0 + 8 * MIN);
	snprintf(t, sizeof t, "%lld", (long long)(t0 - 8 * 3600));
	if (rc == KC_OK)
		rc = ans(d, "last_solids", t, "", t0 + 10 * MIN);
	snprintf(t, sizeof t, "%lld", (long long)(t0 - 3 * 3600));
	if (rc == KC_OK)
		rc = ans(d, "last_liquids", t, "", t0 + 10 * MIN);
	if (rc == KC_OK)
		rc = ans(d, "escort_name", "family member", "", t0 + 10 * MIN);
	if (rc == KC_OK)
		rc = ans(d, "escort_phone", "555-0150", "", t0 + 10 * MIN);
	if (rc == KC_OK)
		rc = ans(d, "consent", "yes", "", t0 + 10 * MIN);
	if (rc == KC_OK)
		rc = ans(d, "med_changes", "reviewed", "no changes since the last session", t0 + 10 * MIN);
	return rc;
}

static int vitals(struct dc *d, time_t t, const char *bp, const char *moaas, int baseline)
{
	struct kc_vitals_entry e;
	struct kc_vitals_result res;

	memset(&e, 0, sizeof e);
	e.text = (struct kc_vitals_text){ bp, "76", "98", "14", "", moaas };
	e.taken = t;
	e.baseline = baseline;
	return kc_chart_vitals(d->st, d->cfg, d->session, &e, t + MIN, &res, d->err);
}

static int effects(struct dc *d, const struct visit *v, time_t t)
{
	int rc = demo_observe(to(d), t, KC_OBS_DISSOCIATION, KC_SCALE_CADSS6, 0, v->cadss6, "", "");

	if (rc == KC_OK && v->nausea)
		rc = demo_observe(to(d), t + 2 * MIN, KC_OBS_NAUSEA, KC_SCALE_NRS, v->nausea, NULL, "", "");
	return rc;
}

/* Before discharge: dissociation and nausea settled, as the assessment needs. */
static int settled(struct dc *d, const struct visit *v, time_t t)
{
	static const int none[KC_CADSS6_ITEMS] = { 0 };
	int rc = demo_observe(to(d), t, KC_OBS_DISSOCIATION, KC_SCALE_CADSS6, 0, none, "", "");

	if (rc == KC_OK && v->nausea)
		rc = demo_observe(to(d), t, KC_OBS_NAUSEA, KC_SCALE_NRS, 0, NULL, "", "");
	return rc;
}

static int esketamine(const struct dc *d)
{
	struct kc_session s;
	struct kc_err ignore;

	return kc_session_get(d->st, d->session, &s, &ignore) == KC_OK && s.route == KC_ROUTE_ESKETAMINE;
}

static int finish(struct dc *d, const struct visit *v, time_t t)
{
	int rc = settled(d, v, t - 4 * MIN);

	if (rc == KC_OK)
		rc = demo_assess(to(d), t);
	if (rc == KC_OK)
		rc = kc_chart_end(d->st, d->cfg, d->session, "discharged", "", t + 3 * MIN, d->err);
	if (rc == KC_OK && esketamine(d)) /* what the REMS form asks besides the chart (kc_paper.h) */
		rc = kc_demo_rems_answers(d->st, d->cfg, d->session, 95, t + 5 * MIN, d->err);
	if (rc == KC_OK)
		rc = kc_chart_sign(d->st, d->cfg, d->session, t + 8 * MIN, d->err);
	return rc;
}

static int iv_session(struct dc *d, const struct visit *v, double kg)
{
	time_t t0 = day_at(d->now, v->days_back, v->hour), s = t0 + 30 * MIN;
	char w[16];
	struct kc_iv_dose plan;
	struct kc_given given;
	int rc = kc_chart_session_create(d->st, d->patient, KC_ROUTE_IV, "depression", t0, &d->session, d->err);

	d->route = KC_ROUTE_IV;
	snprintf(w, sizeof w, "%.1f", kg);
	if (rc == KC_OK)
		rc = screening(d, v, t0);
	if (rc == KC_OK)
		rc = kc_chart_weight(d->st, d->cfg, d->patient, d->session, w, t0 + 11 * MIN, t0 + 11 * MIN, NULL, d->err);
	if (rc == KC_OK)
		rc = vitals(d, t0 + 15 * MIN, "128/80", "5", 1);
	if (rc == KC_OK)
		rc = kc_chart_plan_iv(d->st, d->cfg, d->session, v->dose, t0 + 20 * MIN, &plan, d->err);
	if (rc == KC_OK)
		rc = demo_dose(to(d), s, KC_DOSE_START, 0, plan.rate_ml_h, "KET-2411-07", "");
	for (int i = 1; rc == KC_OK && i <= 4; i++)
		rc = vitals(d, s + i * 10 * MIN, i == 3 ? "146/88" : "134/82", "4", 0);
	if (rc == KC_OK)
		rc = kc_chart_infusion(d->st, d->cfg, d->session, s + 40 * MIN, &given, d->err);
	if (rc == KC_OK)
		rc = demo_dose(to(d), s + 40 * MIN, KC_DOSE_STOP, given.mg, 0, "", "");
	if (rc == KC_OK)
		rc = effects(d, v, s + 41 * MIN);
	if (rc == KC_OK)
		rc = vitals(d, s + 55 * MIN, "130/80", "5", 0);
	if (rc == KC_OK)
		rc = vitals(d, s + 70 * MIN, "126/78", "5", 0);
	if (rc == KC_OK)
		rc = finish(d, v, s + 72 * MIN);
	return rc;
}

static int esk_session(struct dc *d, const struct visit *v)
{
	time_t t0 = day_at(d->now, v->days_back, v->hour), s = t0 + 25 * MIN;
	int devices = 0;
	int rc = kc_chart_session_create(d->st, d->patient, KC_ROUTE_ESKETAMINE, "depression", t0, &d->session,
					 d->err);

	d->route = KC_ROUTE_ESKETAMINE;
	if (rc == KC_OK)
		rc = screening(d, v, t0);
	if (rc == KC_OK)
		rc = kc_chart_weight(d->st, d->cfg, d->patient, d->session, "61.0", t0 + 11 * MIN, t0 + 11 * MIN, NULL,
				     d->err);
	if (rc == KC_OK)
		rc = vitals(d, t0 + 15 * MIN, "124/78", "5", 1);
	if (rc == KC_OK)
		rc = kc_chart_plan_esk(d->st, d->cfg, d->session, (int)v->dose, "", t0 + 20 * MIN, &devices, d->err);
	for (int i = 0; rc == KC_OK && i < devices; i++)
		rc = demo_dose(to(d), s + i * 5 * MIN, KC_DOSE_DEVICE, 0, 0, "ESK-23-4411", "");
	if (rc == KC_OK)
		rc = kc_chart_phase(d->st, d->session, KC_PHASE_RECOVERY, s + 11 * MIN, d->err);
	if (rc == KC_OK)
		rc = vitals(d, s + 40 * MIN, "138/84", "4", 0);
	if (rc == KC_OK)
		rc = effects(d, v, s + 41 * MIN);
	for (int i = 0; rc == KC_OK && i < 5; i++)
		rc = vitals(d, s + (55 + 15 * i) * MIN, "126/78", "5", 0);
	if (rc == KC_OK)
		rc = finish(d, v, s + 121 * MIN);
	return rc;
}

static int detail(struct dc *d, enum kc_pd_field f, const char *typed, time_t at)
{
	return kc_chart_patient_detail(d->st, d->patient, f, typed, "", at, d->err);
}

static int add_patient(struct dc *d, const char *chart_no, const char *name, const char *dob, const char *sex,
		       const char *height, time_t at)
{
	struct kc_patient p;
	int rc;

	memset(&p, 0, sizeof p);
	kc_strlcpy(p.chart_no, chart_no, sizeof p.chart_no);
	kc_strlcpy(p.name, name, sizeof p.name);
	kc_strlcpy(p.dob, dob, sizeof p.dob);
	rc = kc_chart_patient_add(d->st, &p, 0, at, &d->patient, d->err);
	if (rc == KC_OK)
		rc = detail(d, KC_PD_SEX, sex, at);
	if (rc == KC_OK)
		rc = detail(d, KC_PD_HEIGHT, height, at);
	if (rc == KC_OK)
		rc = detail(d, KC_PD_ALLERGIES, "none known", at);
	return rc;
}

/* Six infusions over 18 days, ending 5 days ago: 21 -> 4 (remission at the sixth). */
static int remitter(struct dc *d)
{
	static const struct visit v[] = {
		{ 22, 9, 21, 15, 0.50, { 2, 2, 1, 1, 0, 0 }, 4 },
		{ 19, 9, 17, 13, 0.50, { 2, 1, 1, 1, 0, 0 }, 2 },
		{ 15, 9, 12, 10, 0.50, { 1, 1, 1, 0, 0, 0 }, 0 },
		{ 12, 9, 9, 8, 0.60, { 2, 2, 1, 1, 1, 0 }, 3 },
		{ 8, 9, 6, 6, 0.60, { 1, 1, 1, 0, 0, 0 }, 0 },
		{ 5, 9, 4, 4, 0.60, { 1, 0, 1, 0, 0, 0 }, 0 },
	};
	int rc = add_patient(d, "KC-1006", "Theo Whitfield", "1979-05-14", "m", "181",
			     day_at(d->now, 30, 8));

	if (rc == KC_OK)
		rc = detail(d, KC_PD_PHONE, "555-0163", day_at(d->now, 30, 8));
	for (size_t i = 0; rc == KC_OK && i < sizeof v / sizeof v[0]; i++)
		rc = iv_session(d, &v[i], 84.0);
	return rc;
}

/* Esketamine twice weekly, five sessions so far: 18 -> 11 (39 %, partial), 56 then 84 mg. */
static int partial(struct dc *d)
{
	static const struct visit v[] = {
		{ 16, 13, 18, 14, 56, { 2, 2, 1, 1, 1, 0 }, 2 },
		{ 13, 13, 16, 13, 56, { 2, 1, 1, 1, 0, 0 }, 0 },
		{ 9, 13, 14, 12, 84, { 3, 2, 1, 1, 1, 1 }, 5 },
		{ 6, 13, 12, 11, 84, { 2, 2, 1, 1, 0, 0 }, 2 },
		{ 2, 13, 11, 10, 84, { 2, 1, 1, 1, 0, 0 }, 1 },
	};
	time_t at = day_at(d->now, 20, 8);
	int rc = add_patient(d, "KC-1007", "Wendy Nakamura", "1987-11-03", "f", "5 ft 5 in", at);

	if (rc == KC_OK)
		rc = detail(d, KC_PD_REMS_ENROLLED, "yes", at);
	if (rc == KC_OK)
		rc = detail(d, KC_PD_REMS_ID, "RP-204117", at);
	for (size_t i = 0; rc == KC_OK && i < sizeof v / sizeof v[0]; i++)
		rc = esk_session(d, &v[i]);
	if (rc == KC_OK) {
		char first[16];
		time_t t = day_at(d->now, v[0].days_back, v[0].hour);
		struct tm tm;

		localtime_r(&t, &tm);
		strftime(first, sizeof first, "%Y-%m-%d", &tm);
		rc = detail(d, KC_PD_ESK_FIRST, first, d->now - 60);
	}
	return rc;
}

/* Today's list: Samuel Okafor's running infusion (booked an hour ago, chair 1: in
 * progress), Hannah Kowalski booked 45 min ago and not come (LATE), Lucas Moreau in 90 min
 * (expected). Near midnight a time that would fall on another day is kept on today's
 * (00:00, or 23:59 for one still to come): the list always holds the three, and the
 * booking is for today's date, whatever day the two hours before now fell on. */
static int book(struct dc *d, const char *chart_no, long offset_s, int chair, enum kc_route route)
{
	struct kc_patient *p = NULL;
	size_t n = 0;
	time_t at = d->now + offset_s;
	struct tm a, t;
	char hm[8], day[16], name[32], *save = NULL, list[256];
	const char *c = NULL;
	int rc = kc_patient_find(d->st, chart_no, &p, &n, d->err);

	localtime_r(&at, &a);
	localtime_r(&d->now, &t);
	if (a.tm_year != t.tm_year || a.tm_yday != t.tm_yday) {
		a = t;
		a.tm_hour = offset_s > 0 ? 23 : 0;
		a.tm_min = offset_s > 0 ? 59 : 0;
	}
	kc_strlcpy(list, d->cfg->general.chairs, sizeof list);
	for (char *x = strtok_r(list, ",", &save); x && chair >= 0; x = strtok_r(NULL, ",", &save), chair--)
		c = x;
	snprintf(hm, sizeof hm, "%02d:%02d", a.tm_hour, a.tm_min);
	strftime(day, sizeof day, "%Y-%m-%d", &t);
	while (c && *c == ' ')
		c++;
	kc_strlcpy(name, c ? c : "", sizeof name);
	if (rc == KC_OK && n == 1 && c)
		rc = kc_chart_book(d->st, d->cfg, p[0].id, day, hm, name, route, d->now - 2 * 3600, NULL, d->err);
	free(p);
	return rc;
}

static int today(struct dc *d)
{
	int rc = book(d, "KC-1003", -60 * MIN, 0, KC_ROUTE_IV);

	if (rc == KC_OK)
		rc = book(d, "KC-1004", -45 * MIN, 1, KC_ROUTE_IV);
	if (rc == KC_OK)
		rc = book(d, "KC-1005", 90 * MIN, 2, KC_ROUTE_ESKETAMINE);
	return rc;
}

int kc_demo_courses(struct kc_store *st, const struct kc_config *cfg, time_t now, struct kc_err *err)
{
	struct kc_config own; /* with a sample REMS setting when cfg names none (kc_paper.h) */
	struct dc d = { .st = st, .cfg = &own, .now = now, .err = err };
	/* one commit for the lot on a training database (the demo's); entry by entry elsewhere */
	int batch = kc_store_training(st), rc = batch ? kc_chart_batch_begin(st, now, err) : KC_OK;

	kc_demo_rems_config(cfg, &own);

	if (rc != KC_OK)
		return rc;
	rc = remitter(&d);
	if (rc == KC_OK)
		rc = partial(&d);
	if (rc == KC_OK)
		rc = today(&d);
	return batch ? kc_chart_batch_end(st, rc, now, err) : rc;
}
