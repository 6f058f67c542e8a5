/* chart_discharge.c — discharge assessments and readiness. */
#include "chart_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"

/* ---------- what a screen shows ---------- */

/* The assessment's own findings. An escort the clinician did not confirm at discharge
 * is not present, whatever the screening said. */
static void discharge_from_row(const struct kc_discharge_row *d, struct kc_discharge_input *in)
{
	in->has_aldrete = 1;
	in->aldrete = d->aldrete;
	in->gait_steady = d->gait_steady;
	in->instructions_given = d->instructions_given;
	in->escort_present = in->escort_present && d->escort_confirmed;
}

/* The latest assessment at or before upto, if any (*found 0 otherwise). */
static int discharge_row_upto(struct kc_store *st, kc_id session, time_t upto, struct kc_discharge_row *out,
			      int *found, struct kc_err *err)
{
	struct kc_discharge_row *rows = NULL;
	size_t n = 0;
	int rc = kc_discharge_list(st, session, &rows, &n, err);

	*found = 0;
	for (size_t i = 0; rc == KC_OK && i < n; i++) {
		if (rows[i].at <= upto && (!*found || rows[i].at >= out->at)) {
			*out = rows[i];
			*found = 1;
		}
	}
	free(rows);
	return rc;
}

static int new_high_risk(const struct kc_screening *scr)
{
	enum kc_risk risk;

	if (!scr->has_cssrs || kc_cssrs_risk(&scr->cssrs, &risk, NULL) != KC_OK)
		return 0;
	return risk == KC_RISK_HIGH;
}

static void discharge_input_fill(const struct kc_session *s, const struct kc_screening *scr,
				 const struct facts *f, struct kc_discharge_input *in)
{
	in->route = s->route;
	in->obs_anchor = s->route == KC_ROUTE_IV ? s->dose_end : s->dose_start;
	in->moaas = f->moaas;
	in->systolic = f->sys;
	in->diastolic = f->dia;
	in->baseline_systolic = f->baseline.systolic;
	in->baseline_diastolic = f->baseline.diastolic;
	in->cadss = f->cadss;
	in->cadss_baseline = f->cadss_baseline;
	in->nausea = f->nausea;
	in->new_high_risk = new_high_risk(scr);
	in->escort_present = scr->escort_named;
}

/* Discharge input from the stored entries up to at (no assessment applied). */
static int discharge_facts(struct kc_store *st, const struct kc_session *s, time_t at,
			   struct kc_discharge_input *in, struct kc_err *err)
{
	struct kc_vitals_row *vr = NULL;
	struct kc_obs_row *orow = NULL;
	struct kc_screening scr;
	struct facts f;
	size_t nv = 0, no = 0;
	int rc = kc_screen_load(st, s->id, &scr, err);

	memset(in, 0, sizeof *in);
	in->gait_steady = KC_NONE;
	if (rc == KC_OK)
		rc = kc_vitals_list(st, s->id, &vr, &nv, err);
	if (rc == KC_OK)
		rc = kc_obs_list(st, s->id, &orow, &no, err);
	if (rc == KC_OK) {
		ch_facts_init(&f);
		ch_facts_from_vitals(vr, nv, at, 0, &f);
		ch_facts_from_obs(orow, no, at, s->dose_start, &f);
		discharge_input_fill(s, &scr, &f, in);
	}
	free(vr);
	free(orow);
	return rc;
}

int kc_chart_discharge_eval(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t at,
			    struct kc_discharge_input *in, struct kc_discharge_result *out,
			    struct kc_err *err)
{
	struct kc_discharge_row d = { 0 };
	struct kc_session s;
	int found = 0;
	int rc = kc_session_get(st, session, &s, err);

	if (rc == KC_OK)
		rc = discharge_facts(st, &s, at, in, err);
	if (rc == KC_OK)
		rc = discharge_row_upto(st, session, at, &d, &found, err);
	if (rc != KC_OK)
		return rc;
	if (found)
		discharge_from_row(&d, in);
	kc_discharge_check(in, cfg, at, out);
	return KC_OK;
}

static void unmet_join(const struct kc_discharge_result *res, char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < KC_DC_COUNT && len + 1 < n; i++) {
		int w;

		if (res->c[i].met)
			continue;
		w = snprintf(out + len, n - len, "%s%s (%s)", len ? "; " : "", res->c[i].name, res->c[i].why);
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

int kc_chart_discharge(struct kc_store *st, const struct kc_config *cfg, kc_id session,
		       struct kc_discharge_row *row, time_t now, struct kc_discharge_result *res,
		       struct kc_err *err)
{
	struct kc_discharge_result local;
	struct kc_discharge_input in;
	struct kc_session s;
	int rc;

	if (!res)
		res = &local;
	row->session_id = session;
	if (!row->at)
		row->at = now;
	rc = ch_session_open(st, session, &s, err);
	if (rc == KC_OK)
		rc = kc_check_time_taken(row->at, s.created_at, now, err);
	if (rc == KC_OK)
		rc = kc_aldrete_total(&row->aldrete, &row->aldrete_total, err);
	if (rc == KC_OK && row->gait_steady != 0 && row->gait_steady != 1 && row->gait_steady != KC_NONE)
		rc = kc_fail(err, KC_ERR_INVALID, "gait must be steady, unsteady or not assessed");
	if (rc == KC_OK)
		rc = discharge_facts(st, &s, row->at, &in, err);
	if (rc != KC_OK)
		return rc;
	discharge_from_row(row, &in);
	kc_discharge_check(&in, cfg, row->at, res);
	row->ready = res->ready;
	unmet_join(res, row->unmet, sizeof row->unmet);
	return kc_discharge_add(st, row, now, err);
}
