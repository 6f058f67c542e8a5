/* chart_discharge.c — discharge assessments and readiness. */
#include "chart_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"

/* ---------- what a screen shows ---------- */

/* What the clinician confirmed in the assessment; nothing else counts as confirmed (an
 * escort named at screening is not one confirmed present at discharge). */
static void discharge_from_row(const struct kc_discharge_row *d, struct kc_discharge_input *in)
{
	in->assessed = 1;
	in->has_aldrete = 1;
	in->aldrete = d->aldrete;
	in->gait_steady = d->gait_steady;
	in->instructions_given = d->instructions_given;
	in->escort_present = d->escort_confirmed;
}

/* The latest of rows (kc_discharge_list's order) at or before upto; NULL if none. */
static const struct kc_discharge_row *row_upto(const struct kc_discharge_row *rows, size_t n, time_t upto)
{
	const struct kc_discharge_row *found = NULL;

	for (size_t i = 0; i < n; i++)
		if (rows[i].at <= upto && (!found || rows[i].at >= found->at))
			found = &rows[i];
	return found;
}

/* The latest assessment at or before upto, if any (*found 0 otherwise). */
static int discharge_row_upto(struct kc_store *st, kc_id session, time_t upto, struct kc_discharge_row *out,
			      int *found, struct kc_err *err)
{
	struct kc_discharge_row *rows = NULL;
	const struct kc_discharge_row *d;
	size_t n = 0;
	int rc = kc_discharge_list(st, session, &rows, &n, err);

	*found = 0;
	if (rc == KC_OK && (d = row_upto(rows, n, upto)) != NULL) {
		*out = *d;
		*found = 1;
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
}

/* Whether the schedule has a reading overdue at at, after the latest valid reading
 * in->last_reading. An ended session is seen as it stood before it ended. */
static void schedule_at(const struct kc_session *s, const struct kc_config *cfg, time_t at,
			struct kc_discharge_input *in)
{
	struct kc_sched_input si;
	struct kc_sched sched;

	ch_sched_input_at(s, at, in->last_reading, &si);
	if (si.phase == KC_PHASE_DISCHARGED || si.phase == KC_PHASE_ABORTED)
		si.phase = s->dose_end ? KC_PHASE_RECOVERY : KC_PHASE_DOSING;
	kc_schedule_next(&si, cfg, at, &sched);
	in->vitals_due = sched.next_due;
	in->vitals_overdue = sched.state == KC_DUE_OVERDUE;
}

/* The latest valid reading taken at or before at, and whether the schedule had one
 * overdue then. */
static void vitals_timing(const struct kc_session *s, const struct kc_config *cfg,
			  const struct kc_vitals_row *vr, size_t nv, time_t at, struct kc_discharge_input *in)
{
	in->last_reading = ch_last_reading_before(vr, nv, at + 1, 0, NULL);
	schedule_at(s, cfg, at, in);
}

void kc_chart_state_at(struct kc_chart_state *cs, const struct kc_config *cfg, time_t now)
{
	kc_screening_verdict(&cs->scr, cfg, now, &cs->verdict);
	kc_schedule_next(&cs->sched_in, cfg, now, &cs->sched);
	schedule_at(&cs->s, cfg, now, &cs->dci);
	kc_discharge_check(&cs->dci, cfg, now, &cs->dc);
}

/* Discharge input from the entries in hand up to at (no assessment applied). */
static void discharge_facts_rows(const struct kc_config *cfg, const struct kc_session *s,
				 const struct kc_screening *scr, const struct kc_vitals_row *vr, size_t nv,
				 const struct kc_obs_row *orow, size_t no, time_t at, struct kc_discharge_input *in)
{
	struct facts f;

	memset(in, 0, sizeof *in);
	in->gait_steady = KC_NONE;
	ch_facts_init(&f);
	ch_facts_from_vitals(vr, nv, at, 0, &f);
	ch_facts_from_obs(orow, no, at, s->dose_start, &f);
	discharge_input_fill(s, scr, &f, in);
	vitals_timing(s, cfg, vr, nv, at, in);
}

/* Discharge input from the stored entries up to at (no assessment applied), with the
 * session's screening and vitals already read: only the observations are read here. */
static int discharge_facts_loaded(struct kc_store *st, const struct kc_config *cfg, const struct kc_session *s,
				  const struct kc_screening *scr, const struct kc_vitals_row *vr, size_t nv,
				  time_t at, struct kc_discharge_input *in, struct kc_err *err)
{
	struct kc_obs_row *orow = NULL;
	size_t no = 0;
	int rc = kc_obs_list(st, s->id, &orow, &no, err);

	if (rc == KC_OK)
		discharge_facts_rows(cfg, s, scr, vr, nv, orow, no, at, in);
	free(orow);
	return rc;
}

/* Discharge input from the stored entries up to at (no assessment applied). */
static int discharge_facts(struct kc_store *st, const struct kc_config *cfg, const struct kc_session *s,
			   time_t at, struct kc_discharge_input *in, struct kc_err *err)
{
	struct kc_vitals_row *vr = NULL;
	struct kc_screening scr;
	size_t nv = 0;
	int rc = kc_screen_load(st, s->id, &scr, err);

	if (rc == KC_OK)
		rc = kc_vitals_list(st, s->id, &vr, &nv, err);
	if (rc == KC_OK)
		rc = discharge_facts_loaded(st, cfg, s, &scr, vr, nv, at, in, err);
	free(vr);
	return rc;
}

/* The assessment stored up to at, applied to the facts, and the criteria checked. */
static int discharge_judge(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t at,
			   struct kc_discharge_input *in, struct kc_discharge_result *out, struct kc_err *err)
{
	struct kc_discharge_row d = { 0 };
	int found = 0;
	int rc = discharge_row_upto(st, session, at, &d, &found, err);

	if (rc != KC_OK)
		return rc;
	if (found)
		discharge_from_row(&d, in);
	kc_discharge_check(in, cfg, at, out);
	return KC_OK;
}

int kc_chart_discharge_eval(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t at,
			    struct kc_discharge_input *in, struct kc_discharge_result *out,
			    struct kc_err *err)
{
	struct kc_session s;
	int rc = kc_session_get(st, session, &s, err);

	if (rc == KC_OK)
		rc = discharge_facts(st, cfg, &s, at, in, err);
	if (rc == KC_OK)
		rc = discharge_judge(st, cfg, session, at, in, out, err);
	return rc;
}

/* As kc_chart_discharge_eval, for a caller that has read the session, its screening and
 * its vitals already (the state load): the same criteria, without reading them again. */
int ch_discharge_eval_loaded(struct kc_store *st, const struct kc_config *cfg, const struct kc_session *s,
			     const struct kc_screening *scr, const struct kc_vitals_row *vr, size_t nv,
			     time_t at, struct kc_discharge_input *in, struct kc_discharge_result *out,
			     struct kc_err *err)
{
	int rc = discharge_facts_loaded(st, cfg, s, scr, vr, nv, at, in, err);

	if (rc == KC_OK)
		rc = discharge_judge(st, cfg, s->id, at, in, out, err);
	return rc;
}

void kc_chart_discharge_eval_rows(const struct kc_config *cfg, const struct kc_session *s,
				  const struct kc_screening *scr, const struct kc_vitals_row *vr, size_t nv,
				  const struct kc_obs_row *obs, size_t no, const struct kc_discharge_row *dc,
				  size_t ndc, time_t at, struct kc_discharge_input *in,
				  struct kc_discharge_result *out)
{
	const struct kc_discharge_row *d;

	discharge_facts_rows(cfg, s, scr, vr, nv, obs, no, at, in);
	if ((d = row_upto(dc, ndc, at)) != NULL)
		discharge_from_row(d, in);
	kc_discharge_check(in, cfg, at, out);
}

int kc_chart_discharge_eval_loaded(struct kc_store *st, const struct kc_config *cfg,
				   const struct kc_session *s, const struct kc_screening *scr,
				   const struct kc_vitals_row *vr, size_t nv, time_t at,
				   struct kc_discharge_input *in, struct kc_discharge_result *out,
				   struct kc_err *err)
{
	return ch_discharge_eval_loaded(st, cfg, s, scr, vr, nv, at, in, out, err);
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
		rc = discharge_facts(st, cfg, &s, row->at, &in, err);
	if (rc != KC_OK)
		return rc;
	discharge_from_row(row, &in);
	kc_discharge_check(&in, cfg, row->at, res);
	row->ready = res->ready;
	kc_discharge_unmet(res, row->unmet, sizeof row->unmet);
	return kc_discharge_add(st, row, now, err);
}

/* ---------- the gate at discharge ---------- */

/* The unmet criteria by name, short enough for one message: "Escort present, Recent
 * vitals, none overdue (vitals OVERDUE 29 min; last reading 45 min ago)". The vitals
 * carry their why: that is what changes while the clinician looks. */
static void unmet_brief(const struct kc_discharge_result *res, char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < KC_DC_COUNT && len + 1 < n; i++) {
		int w;

		if (res->c[i].met)
			continue;
		w = snprintf(out + len, n - len, "%s%s%s%s%s", len ? "; " : "", res->c[i].name,
			     i == KC_DC_VITALS ? " (" : "", i == KC_DC_VITALS ? res->c[i].why : "",
			     i == KC_DC_VITALS ? ")" : "");
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

/* Discharged needs, at now: every criterion met on the latest assessment (its findings
 * plus what is stored up to now, a recent reading and nothing overdue included); or a
 * physician's reason, given now (reason) or on that assessment (it covers what the
 * assessment judged, not the vitals at discharge). The message names what is missing. */
int ch_discharge_gate(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *reason,
		      time_t now, struct kc_err *err)
{
	struct kc_discharge_input in;
	struct kc_discharge_result res;
	struct kc_discharge_row d = { 0 };
	char unmet[KC_MSG_MAX - 96];
	enum kc_role role;
	int found = 0;
	int rc = kc_chart_discharge_eval(st, cfg, session, now, &in, &res, err);

	if (rc == KC_OK)
		rc = discharge_row_upto(st, session, now, &d, &found, err);
	if (rc != KC_OK || res.ready)
		return rc;
	unmet_brief(&res, unmet, sizeof unmet);
	if (!ch_has_text(reason)) {
		if (found && ch_has_text(d.override_reason) && res.c[KC_DC_VITALS].met)
			return KC_OK;
		return kc_fail(err, KC_ERR_INVALID, "discharge refused, not met: %s. A physician may "
			       "discharge with a reason.", unmet);
	}
	rc = kc_store_actor_role(st, &role, err);
	if (rc == KC_OK && role < KC_ROLE_PHYSICIAN)
		rc = kc_fail(err, KC_ERR_DENIED, "only a physician may discharge with criteria not met (%s is a "
			     "%s); not met: %s", kc_store_actor(st), kc_role_name(role), unmet);
	return rc;
}
