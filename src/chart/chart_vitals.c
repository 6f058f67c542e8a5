/* chart_vitals.c — vitals readings and their corrections. */
#include "chart_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_entry.h"
#include "kc_time.h"

/* ---------- vitals ---------- */

static int any_field(const struct kc_vitals_text *t)
{
	return ch_has_text(t->bp) || ch_has_text(t->heart_rate) || ch_has_text(t->spo2) || ch_has_text(t->resp_rate) ||
	       ch_has_text(t->temp) || ch_has_text(t->moaas);
}

/* Parse the values (a refused / unavailable reading may carry none). */
static int entry_values(const struct kc_config *cfg, const struct kc_vitals_entry *e, struct kc_vitals *v,
			struct kc_err *err)
{
	int rc;

	kc_vitals_clear(v);
	if (e->status != KC_VITALS_TAKEN) {
		rc = kc_check_not_taken(e->status, e->reason, err);
		if (rc != KC_OK || !any_field(&e->text))
			return rc;
	}
	return kc_parse_vitals(&e->text, &cfg->limits, v, err);
}

static void gate_for(const struct kc_config *cfg, const struct kc_vitals_row *row, struct kc_vitals_result *res)
{
	res->predose_gate = KC_GATE_PASS;
	res->gate_why[0] = '\0';
	if (!row->baseline)
		return;
	if (row->v.systolic == KC_NONE) {
		res->predose_gate = KC_GATE_INCOMPLETE;
		kc_strlcpy(res->gate_why, "no blood pressure in this pre-dose reading", sizeof res->gate_why);
		return;
	}
	res->predose_gate = kc_predose_bp_gate(row->v.systolic, row->v.diastolic, &cfg->screening,
					       res->gate_why, sizeof res->gate_why);
}

/* Everything kc_chart_vitals checks and derives, without writing. skip: a reading being
 * corrected, which no longer counts. */
static int vitals_prepare(struct kc_store *st, const struct kc_config *cfg, const struct kc_session *s,
			  const struct kc_vitals_entry *e, time_t taken, time_t now, kc_id skip,
			  struct kc_vitals_row *row, struct kc_vitals_result *res, struct kc_err *err)
{
	struct kc_vitals_row base, prev;
	struct kc_sched_input in;
	int rc, has_base = 0, has_prev = 0;

	memset(row, 0, sizeof *row);
	memset(res, 0, sizeof *res);
	rc = kc_check_time_taken(taken, s->created_at, now, err);
	if (rc == KC_OK)
		rc = entry_values(cfg, e, &row->v, err);
	if (rc != KC_OK)
		return rc;
	if (e->baseline && s->dose_start && taken >= s->dose_start)
		return kc_fail(err, KC_ERR_INVALID, "a pre-dose (baseline) reading must be taken before dosing began");
	/* Two readings, each found through an index (not the session's whole list): the
	 * baseline the alerts compare with and the reading before this one (its schedule). */
	rc = kc_vitals_last(st, s->id, taken, KC_LAST_BASELINE, skip, &base, &has_base, err);
	if (rc == KC_OK)
		rc = kc_vitals_last(st, s->id, taken, KC_LAST_BEFORE, skip, &prev, &has_prev, err);
	if (rc != KC_OK)
		return rc;
	/* A value carried from the reading before (the latest valid one taken at or before
	 * this one, as the form offers it) must be that reading's, and one it may carry. */
	if (e->carried) {
		struct kc_vitals_row from;
		int has_from = 0;

		if (e->status != KC_VITALS_TAKEN)
			return kc_fail(err, KC_ERR_INVALID, "a reading not taken carries no values");
		rc = kc_vitals_last(st, s->id, taken + 1, KC_LAST_BEFORE, skip, &from, &has_from, err);
		if (rc == KC_OK)
			rc = kc_vitals_carry_check(e->carried, has_from ? &from.v : NULL, &row->v, &cfg->alerts, err);
		if (rc != KC_OK)
			return rc;
		row->carried = e->carried;
	}
	ch_sched_input_at(s, taken, has_prev ? prev.taken_at : 0, &in);
	in.last_critical = has_prev && prev.level == KC_LEVEL_CRITICAL;

	row->session_id = s->id;
	row->taken_at = taken;
	row->status = e->status;
	kc_strlcpy(row->reason, e->status == KC_VITALS_TAKEN ? "" : e->reason, sizeof row->reason);
	row->baseline = e->baseline ? 1 : 0;
	row->due_at = e->baseline ? 0 : kc_schedule_due_for(&in, cfg, taken);
	row->late = kc_is_late(taken, now, cfg->general.late_entry_min);
	kc_vitals_alerts(&row->v, e->baseline || !has_base || base.v.systolic == KC_NONE ? NULL : &base.v,
			 &cfg->alerts, &res->alerts);
	row->level = res->alerts.worst;
	kc_alerts_join(&res->alerts, row->alerts, sizeof row->alerts);
	gate_for(cfg, row, res);
	res->late = row->late;
	res->due_at = row->due_at;
	return KC_OK;
}

int kc_chart_vitals(struct kc_store *st, const struct kc_config *cfg, kc_id session,
		    const struct kc_vitals_entry *e, time_t now, struct kc_vitals_result *res,
		    struct kc_err *err)
{
	struct kc_vitals_result local;
	struct kc_vitals_row row;
	struct kc_session s;
	int rc;

	if (!res)
		res = &local;
	rc = ch_session_open(st, session, &s, err);
	if (rc == KC_OK)
		rc = vitals_prepare(st, cfg, &s, e, e->taken ? e->taken : now, now, 0, &row, res, err);
	if (rc == KC_OK)
		rc = kc_vitals_add(st, &row, now, err);
	if (rc != KC_OK)
		return rc;
	res->id = row.id;
	return KC_OK;
}

/* A correction keeps the original's time unless a new one is given (a wrong-time
 * correction), whether it was a pre-dose reading, and its late flag: entering the
 * correction now does not make the reading late. e NULL: only mark it. */
int kc_chart_vitals_correct(struct kc_store *st, const struct kc_config *cfg, kc_id vitals_id,
			    enum kc_error_code code, const char *reason, const struct kc_vitals_entry *e,
			    time_t now, struct kc_vitals_result *res, struct kc_err *err)
{
	struct kc_vitals_result local;
	struct kc_vitals_entry fixed;
	struct kc_vitals_row old, row;
	struct kc_session s;
	int rc;

	if (!res)
		res = &local;
	memset(res, 0, sizeof *res);
	rc = kc_vitals_get(st, vitals_id, &old, err);
	if (rc == KC_OK)
		rc = ch_session_unsigned(st, old.session_id, &s, err);
	if (rc != KC_OK)
		return rc;
	if (old.eie.code != KC_EIE_NONE)
		return kc_fail(err, KC_ERR_INVALID, "reading %lld is already marked entered in error", vitals_id);
	if (!ch_has_text(reason))
		return kc_fail(err, KC_ERR_INVALID, "say why the reading is entered in error");
	if (!e)
		return kc_vitals_correct(st, vitals_id, code, reason, NULL, now, err);
	fixed = *e;
	fixed.baseline = old.baseline;
	rc = vitals_prepare(st, cfg, &s, &fixed, e->taken ? e->taken : old.taken_at, now, vitals_id, &row,
			    res, err);
	/* A correction is not a late entry: the replacement is what the original should have
	 * said, so it is as late as the original was (and is marked a correction instead). */
	if (rc == KC_OK)
		res->late = row.late = old.late;
	if (rc == KC_OK)
		rc = kc_vitals_correct(st, vitals_id, code, reason, &row, now, err);
	if (rc != KC_OK)
		return rc;
	res->id = row.id;
	return KC_OK;
}
