/* course.c — the course rules (kc_course.h): response, remission, the change against the
 * course's first PHQ-9, dose escalations, and where a session stands in the planned series.
 * Pure: the rows are filled by src/core/course.c. */
#include "kc_course.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int kc_pcl5_score(const int items[KC_PCL5_ITEMS], int *total, struct kc_err *err)
{
	int sum = 0;

	for (int i = 0; i < KC_PCL5_ITEMS; i++) {
		if (items[i] == KC_NONE)
			return kc_fail(err, KC_ERR_INVALID, "PCL-5 item %d not answered", i + 1);
		if (items[i] < 0 || items[i] > 4)
			return kc_fail(err, KC_ERR_INVALID, "PCL-5 item %d: %d is outside 0-4", i + 1, items[i]);
		sum += items[i];
	}
	*total = sum;
	return KC_OK;
}

/* first - now >= first * pct / 100, kept in whole numbers: 100 * (first - now) >= pct * first. */
int kc_course_response(const struct kc_course_cfg *cfg, int first, int now)
{
	if (first == KC_NONE || now == KC_NONE || first <= 0)
		return 0;
	return 100 * (first - now) >= cfg->response_drop_percent * first;
}

int kc_course_remission(const struct kc_course_cfg *cfg, int now)
{
	return now != KC_NONE && now >= 0 && now < cfg->remission_below;
}

int kc_course_change_pct(int first, int now)
{
	if (first == KC_NONE || now == KC_NONE || first <= 0)
		return 0;
	return (int)lround(100.0 * (first - now) / first);
}

void kc_course_position(const struct kc_course_cfg *cfg, enum kc_route route, int n, struct kc_course_pos *out)
{
	int ind = route == KC_ROUTE_ESKETAMINE ? cfg->esk_induction_sessions : cfg->iv_induction_sessions;
	int weekly = route == KC_ROUTE_ESKETAMINE ? cfg->esk_weekly_sessions : 0;

	memset(out, 0, sizeof *out);
	out->n = n;
	if (n <= ind) {
		out->stage = KC_STAGE_INDUCTION;
		out->k = n;
		out->of = ind;
	} else if (n <= ind + weekly) {
		out->stage = KC_STAGE_WEEKLY;
		out->k = n - ind;
		out->of = weekly;
	} else {
		out->stage = KC_STAGE_MAINTENANCE;
		out->k = n - ind - weekly;
		out->of = 0;
	}
}

void kc_course_position_text(const struct kc_course_pos *p, char *out, size_t len)
{
	switch (p->stage) {
	case KC_STAGE_INDUCTION:
		snprintf(out, len, "session %d of %d (induction)", p->n, p->of);
		break;
	case KC_STAGE_WEEKLY:
		snprintf(out, len, "session %d: %d of %d weekly (weeks 5-8)", p->n, p->k, p->of);
		break;
	default:
		snprintf(out, len, "session %d: maintenance %d", p->n, p->k);
		break;
	}
}

/* mg/kg for IV (the plan when nothing was given yet is not a dose), mg for esketamine. */
double kc_course_dose(const struct kc_course_row *r)
{
	return r->route == KC_ROUTE_ESKETAMINE ? r->mg : r->mg_per_kg;
}

/* to 0.01 mg/kg (0.1 mg): a rounding step is not an escalation */
static int higher(double d, double last)
{
	return d > 0 && last > 0 && d - last > 0.005;
}

void kc_course_escalations(struct kc_course_row *rows, size_t n)
{
	double last[KC_ROUTE_COUNT] = { 0 };

	for (size_t i = 0; i < n; i++) {
		struct kc_course_row *r = &rows[i];
		double d = kc_course_dose(r);
		unsigned k = (unsigned)r->route < KC_ROUTE_COUNT ? (unsigned)r->route : 0;

		r->escalation = higher(d, last[k]);
		if (d > 0)
			last[k] = d;
	}
}

static void judge_row(const struct kc_course_cfg *cfg, struct kc_course *c, size_t i, double *last_dose)
{
	struct kc_course_row *r = &c->rows[i];
	double d = kc_course_dose(r);

	kc_course_position(cfg, r->route, (int)i + 1, &r->pos);
	r->response = r->remission = 0;
	r->change_pct = KC_NONE;
	if (r->phq9 != KC_NONE && c->first_phq9 == KC_NONE) {
		c->first_phq9 = r->phq9;
		c->first_at = i;
	} else if (r->phq9 != KC_NONE) {
		r->response = kc_course_response(cfg, c->first_phq9, r->phq9);
		r->remission = kc_course_remission(cfg, r->phq9);
		r->change_pct = kc_course_change_pct(c->first_phq9, r->phq9);
		c->responded = r->response;
		c->remitted = r->remission;
		c->ever_responded |= r->response;
		c->ever_remitted |= r->remission;
	}
	r->escalation = higher(d, *last_dose);
	if (d > 0)
		*last_dose = d;
}

void kc_course_judge(const struct kc_course_cfg *cfg, struct kc_course *c)
{
	double last = 0;

	c->first_phq9 = KC_NONE;
	c->first_at = 0;
	c->responded = c->remitted = c->ever_responded = c->ever_remitted = 0;
	for (size_t i = 0; i < c->n; i++)
		judge_row(cfg, c, i, &last);
}

int kc_course_has_pcl5(const struct kc_course *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->rows[i].ptsd || c->rows[i].pcl5 != KC_NONE)
			return 1;
	return 0;
}

const char *kc_course_mark(const struct kc_course_row *r, const struct kc_course *c)
{
	if (r->remission)
		return "REMISSION";
	if (r->response)
		return "RESPONSE";
	if (c->first_phq9 != KC_NONE && r == &c->rows[c->first_at])
		return "first";
	return "";
}
