/* chart_state.c — what a screen shows about a session, gathered from what was stored. */
#include "chart_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"

static void state_from_vitals(const struct kc_vitals_row *rows, size_t n, struct kc_chart_state *out)
{
	kc_vitals_clear(&out->latest);
	for (size_t i = 0; i < n; i++) {
		if (!ch_vitals_valid(&rows[i]))
			continue;
		out->readings++;
		if (rows[i].taken_at >= out->latest_at) {
			out->latest = rows[i].v;
			out->latest_at = rows[i].taken_at;
			out->latest_level = rows[i].level;
		}
		if (kc_chart_crit_waiting(&rows[i])) {
			out->unacked_critical++;
			out->last_unacked_id = rows[i].id;
		}
	}
}

static void state_from_doses(const struct kc_dose_row *rows, size_t n, struct kc_chart_state *out)
{
	for (size_t i = 0; i < n; i++) {
		if (rows[i].eie.code != KC_EIE_NONE)
			continue;
		if (rows[i].kind == KC_DOSE_PAUSE)
			out->paused = 1;
		else if (rows[i].kind == KC_DOSE_RESUME || rows[i].kind == KC_DOSE_STOP)
			out->paused = 0;
		else if (rows[i].kind == KC_DOSE_DEVICE)
			out->devices_given++;
	}
}

/* When the note that explains an overrun was recorded (its current answer), or 0: one
 * index lookup, where every load of the chart read the whole screening for it. */
static int overrun_noted(struct kc_store *st, kc_id session, time_t *at, struct kc_err *err)
{
	struct kc_answer_row row;
	int rc = kc_screen_current(st, session, "overrun_note", &row, err);

	*at = rc == KC_OK ? row.at : 0;
	return rc == KC_ERR_NOTFOUND ? KC_OK : rc;
}

long kc_chart_overrun_at(const struct kc_chart_state *cs, const struct kc_config *cfg, time_t now)
{
	long over;

	if (cs->s.route == KC_ROUTE_ESKETAMINE || cs->overrun_noted || cs->s.ended_at)
		return 0;
	over = kc_infusion_overrun_s(&cs->given, now);
	return over >= (long)cfg->dose.overrun_warn_min * 60 ? over : 0;
}

/* The vitals and doses, and from the vitals already read the discharge criteria at now
 * (kc_chart_discharge_eval reads the same entries; this spares reading them twice). */
static int state_lists(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t now,
		       struct kc_chart_state *out, struct kc_err *err)
{
	struct kc_vitals_row *vr = NULL;
	struct kc_dose_row *dr = NULL;
	size_t nv = 0, nd = 0;
	int rc = kc_vitals_list(st, session, &vr, &nv, err);

	if (rc == KC_OK)
		rc = kc_dose_list(st, session, &dr, &nd, err);
	if (rc == KC_OK) {
		state_from_vitals(vr, nv, out);
		state_from_doses(dr, nd, out);
		out->given_ok = kc_chart_given(&out->s, dr, nd, cfg, now, &out->given, NULL) == KC_OK;
	}
	if (rc == KC_OK)
		rc = overrun_noted(st, session, &out->overrun_noted, err);
	if (rc == KC_OK)
		rc = ch_discharge_eval_loaded(st, cfg, &out->s, &out->scr, vr, nv, now, &out->dci, &out->dc, err);
	free(vr);
	free(dr);
	return rc;
}

int kc_chart_state_load(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t now,
			struct kc_chart_state *out, struct kc_err *err)
{
	struct kc_sched_input in;
	int rc;

	memset(out, 0, sizeof *out);
	rc = kc_session_get(st, session, &out->s, err);
	if (rc == KC_OK)
		rc = kc_patient_get(st, out->s.patient_id, &out->p, err);
	if (rc == KC_OK)
		rc = kc_screen_load(st, session, &out->scr, err);
	if (rc == KC_OK)
		rc = state_lists(st, cfg, session, now, out, err);
	if (rc != KC_OK)
		return rc;
	kc_screening_verdict(&out->scr, cfg, now, &out->verdict);
	in.route = out->s.route;
	in.phase = out->s.phase;
	in.dose_start = out->s.dose_start;
	in.dose_end = out->s.dose_end;
	in.last_reading = out->latest_at;
	in.last_critical = out->readings > 0 && out->latest_level == KC_LEVEL_CRITICAL;
	out->sched_in = in;
	kc_schedule_next(&in, cfg, now, &out->sched);
	out->overrun_s = kc_chart_overrun_at(out, cfg, now);
	return KC_OK;
}
