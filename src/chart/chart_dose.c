/* chart_dose.c — dose plans and dose events. */
#include "chart_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"

/* ---------- dosing ---------- */

/* "blocked: a; b; c" — the reasons that still stand in the way. */
static void verdict_why(const struct kc_verdict *v, char *out, size_t n)
{
	size_t len;

	snprintf(out, n, "%s:", kc_gate_name(v->gate));
	for (int i = 0; i < v->n; i++) {
		if (v->r[i].level == KC_GATE_PASS)
			continue;
		len = strlen(out);
		if (len + 2 >= n)
			break;
		snprintf(out + len, n - len, "%s %s", out[len - 1] == ':' ? "" : ";", v->r[i].text);
	}
}

static int dosing_allowed(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t at,
			  struct kc_screening *scr, struct kc_err *err)
{
	struct kc_verdict v;
	char why[KC_MSG_MAX - 48];
	int rc = kc_screen_load(st, session, scr, err);

	if (rc != KC_OK)
		return rc;
	kc_screening_verdict(scr, cfg, at, &v);
	if (kc_verdict_allows_dosing(&v))
		return KC_OK;
	verdict_why(&v, why, sizeof why);
	return kc_fail(err, KC_ERR_INVALID, "dosing not allowed by the screening (%s)", why);
}

int kc_chart_plan_iv(struct kc_store *st, const struct kc_config *cfg, kc_id session, double mg_per_kg,
		     time_t now, struct kc_iv_dose *dose, struct kc_err *err)
{
	struct kc_screening scr;
	struct kc_iv_dose local;
	struct kc_session s;
	int rc;

	if (!dose)
		dose = &local;
	rc = ch_session_open(st, session, &s, err);
	if (rc != KC_OK)
		return rc;
	if (s.route != KC_ROUTE_IV)
		return kc_fail(err, KC_ERR_INVALID, "session %lld is %s, not an IV infusion", session,
			       kc_route_label(s.route));
	rc = dosing_allowed(st, cfg, session, now, &scr, err);
	if (rc != KC_OK)
		return rc;
	if (scr.weight_kg <= 0)
		return kc_fail(err, KC_ERR_INVALID, "no weight recorded in this session's screening");
	rc = kc_iv_dose_calc(scr.weight_kg, mg_per_kg, &cfg->iv, &cfg->limits, dose, err);
	if (rc != KC_OK)
		return rc;
	return kc_session_plan_dose(st, session, scr.weight_kg, mg_per_kg, dose->mg, now, err);
}

/* Valid earlier devices: how many, and when the latest was given (0 if none). */
static int devices_before(struct kc_store *st, kc_id session, time_t at, int *count, time_t *last,
			  struct kc_err *err);

int kc_chart_plan_esk(struct kc_store *st, const struct kc_config *cfg, kc_id session, int dose_mg,
		      const char *reason, time_t now, int *devices, struct kc_err *err)
{
	struct kc_screening scr;
	struct kc_session s;
	int count = 0, needs_reason = 0, local;
	time_t last;
	int rc;

	if (!devices)
		devices = &local;
	rc = ch_session_open(st, session, &s, err);
	if (rc != KC_OK)
		return rc;
	if (s.route != KC_ROUTE_ESKETAMINE)
		return kc_fail(err, KC_ERR_INVALID, "session %lld is %s, not intranasal esketamine", session,
			       kc_route_label(s.route));
	rc = devices_before(st, session, now, &count, &last, err);
	if (rc == KC_OK && count > 0)
		rc = kc_fail(err, KC_ERR_INVALID, "the dose cannot change once a device was given");
	if (rc == KC_OK)
		rc = kc_esk_devices(dose_mg, &cfg->esk, devices, &needs_reason, err);
	if (rc == KC_OK && needs_reason && !ch_has_text(reason))
		rc = kc_fail(err, KC_ERR_INVALID, "%d mg is not a labelled dose (56 or 84 mg): say why", dose_mg);
	if (rc == KC_OK)
		rc = dosing_allowed(st, cfg, session, now, &scr, err);
	if (rc == KC_OK && needs_reason)
		rc = kc_screen_set(st, session, "dose_reason", "", reason, now, err);
	if (rc != KC_OK)
		return rc;
	return kc_session_plan_dose(st, session, scr.weight_kg, 0, dose_mg, now, err);
}

/* Valid earlier devices: how many, and when the latest was given (0 if none). */
static int devices_before(struct kc_store *st, kc_id session, time_t at, int *count, time_t *last,
			  struct kc_err *err)
{
	struct kc_dose_row *rows = NULL;
	size_t n = 0;
	int rc = kc_dose_list(st, session, &rows, &n, err);

	*count = 0;
	*last = 0;
	for (size_t i = 0; rc == KC_OK && i < n; i++) {
		if (rows[i].kind != KC_DOSE_DEVICE || rows[i].eie.code != KC_EIE_NONE || rows[i].at > at)
			continue;
		(*count)++;
		if (rows[i].at > *last)
			*last = rows[i].at;
	}
	free(rows);
	return rc;
}

static int dose_route_check(const struct kc_session *s, enum kc_dose_kind kind, struct kc_err *err)
{
	if (kind >= KC_DOSE_COUNT)
		return kc_fail(err, KC_ERR_INVALID, "unknown dose event");
	if (s->route == KC_ROUTE_ESKETAMINE && kind != KC_DOSE_DEVICE)
		return kc_fail(err, KC_ERR_INVALID, "an esketamine session records devices, not an infusion %s",
			       kc_dose_kind_name(kind));
	if (s->route != KC_ROUTE_ESKETAMINE && kind == KC_DOSE_DEVICE)
		return kc_fail(err, KC_ERR_INVALID, "spray devices are for esketamine sessions only");
	return KC_OK;
}

static int device_check(struct kc_store *st, const struct kc_config *cfg, struct kc_dose_row *row,
			struct kc_err *err)
{
	time_t last;
	int count;
	long wait;
	int rc = devices_before(st, row->session_id, row->at, &count, &last, err);

	if (rc != KC_OK)
		return rc;
	if (row->device_no <= 0)
		row->device_no = count + 1;
	if (row->mg <= 0)
		row->mg = cfg->esk.device_mg;
	wait = last ? kc_esk_wait_s(last, row->at, &cfg->esk) : 0;
	if (wait > 0 && !ch_has_text(row->note))
		return kc_fail(err, KC_ERR_INVALID,
			       "device %d is %ld s too soon after the previous one (spacing %d min): wait, or add a note saying why",
			       row->device_no, wait, cfg->esk.device_spacing_min);
	return KC_OK;
}

/* ---------- the infusion as it ran ---------- */

static int inf_kind(enum kc_dose_kind k, enum kc_inf_kind *out)
{
	switch (k) {
	case KC_DOSE_START: *out = KC_INF_START; return 1;
	case KC_DOSE_PAUSE: *out = KC_INF_PAUSE; return 1;
	case KC_DOSE_RESUME: *out = KC_INF_RESUME; return 1;
	case KC_DOSE_RATE: *out = KC_INF_RATE; return 1;
	case KC_DOSE_STOP: *out = KC_INF_STOP; return 1;
	default: return 0;
	}
}

int kc_chart_given(const struct kc_session *s, const struct kc_dose_row *rows, size_t n, const struct kc_config *cfg,
		   time_t upto, struct kc_given *out, struct kc_err *err)
{
	struct kc_inf_event *ev = n ? calloc(n, sizeof *ev) : NULL;
	size_t k = 0;
	int rc;

	if (n && !ev) {
		memset(out, 0, sizeof *out);
		return kc_fail(err, KC_ERR_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		if (rows[i].eie.code != KC_EIE_NONE || !inf_kind(rows[i].kind, &ev[k].kind))
			continue;
		ev[k].at = rows[i].at;
		ev[k++].rate_ml_h = rows[i].rate_ml_h;
	}
	rc = kc_infusion_given(ev, k, upto, s->planned_mg, &cfg->iv, out, err);
	free(ev);
	return rc;
}

int kc_chart_infusion(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t upto,
		      struct kc_given *out, struct kc_err *err)
{
	struct kc_dose_row *rows = NULL;
	struct kc_session s;
	size_t n = 0;
	int rc = kc_session_get(st, session, &s, err);

	memset(out, 0, sizeof *out);
	if (rc == KC_OK)
		rc = kc_dose_list(st, session, &rows, &n, err);
	if (rc == KC_OK)
		rc = kc_chart_given(&s, rows, n, cfg, upto, out, err);
	free(rows);
	return rc;
}

/* A stop states the mg given: the amount the pump ran, or another one with a reason. */
static int stop_check(struct kc_store *st, const struct kc_config *cfg, const struct kc_session *s,
		      const struct kc_dose_row *row, struct kc_err *err)
{
	struct kc_dose_row *rows = NULL;
	struct kc_given g;
	struct kc_err why;
	size_t n = 0;
	int rc = kc_dose_list(st, s->id, &rows, &n, err);

	if (rc != KC_OK)
		return rc;
	kc_err_clear(&why);
	rc = kc_chart_given(s, rows, n, cfg, row->at, &g, &why);
	free(rows);
	if (rc == KC_ERR_NOMEM)
		return kc_fail(err, rc, "%s", why.msg);
	if (ch_has_text(row->note))
		return KC_OK;
	if (rc != KC_OK && row->mg > 0)
		return kc_fail(err, KC_ERR_INVALID, "%s; say in the note where the %.1f mg comes from", why.msg,
			       row->mg);
	if (rc == KC_OK && fabs(row->mg - g.mg) >= 0.05)
		return kc_fail(err, KC_ERR_INVALID,
			       "%.1f mg is not what the pump ran (%s): say why in the note, or give %.1f mg", row->mg,
			       g.working, g.mg);
	return KC_OK;
}

/* ---------- critical alerts before the first dose ---------- */

/* The first critical reading of the session not acknowledged, baseline ones included. */
static int unacked_critical(struct kc_store *st, kc_id session, struct kc_vitals_row *out, int *found,
			    struct kc_err *err)
{
	struct kc_vitals_row *rows = NULL;
	size_t n = 0;
	int rc = kc_vitals_list(st, session, &rows, &n, err);

	*found = 0;
	for (size_t i = 0; rc == KC_OK && i < n && !*found; i++)
		if (ch_vitals_valid(&rows[i]) && rows[i].level == KC_LEVEL_CRITICAL && !rows[i].acked) {
			*out = rows[i];
			*found = 1;
		}
	free(rows);
	return rc;
}

static int no_unacked_critical(struct kc_store *st, kc_id session, struct kc_err *err)
{
	struct kc_vitals_row r;
	char at[16], bp[24] = "";
	int found;
	int rc = unacked_critical(st, session, &r, &found, err);

	if (rc != KC_OK || !found)
		return rc;
	kc_time_local_hm(r.taken_at, at, sizeof at);
	if (r.v.systolic != KC_NONE)
		snprintf(bp, sizeof bp, "%d/%d ", r.v.systolic, r.v.diastolic);
	return kc_fail(err, KC_ERR_INVALID,
		       "no dose may start while a critical alert is not acknowledged: the %sreading %sof %s "
		       "(%.120s) - acknowledge it first (a) with the action taken",
		       r.baseline ? "pre-dose " : "", bp, at, r.alerts);
}

int kc_chart_dose(struct kc_store *st, const struct kc_config *cfg, kc_id session, struct kc_dose_row *row,
		  time_t now, struct kc_err *err)
{
	struct kc_screening scr;
	struct kc_session s;
	int first, rc;

	row->session_id = session;
	if (!row->at)
		row->at = now;
	rc = ch_session_open(st, session, &s, err);
	if (rc == KC_OK)
		rc = dose_route_check(&s, row->kind, err);
	if (rc == KC_OK)
		rc = kc_check_time_taken(row->at, s.created_at, now, err);
	first = !s.dose_start && (row->kind == KC_DOSE_START || row->kind == KC_DOSE_DEVICE);
	if (rc == KC_OK && first)
		rc = dosing_allowed(st, cfg, session, row->at, &scr, err);
	if (rc == KC_OK && first)
		rc = no_unacked_critical(st, session, err);
	if (rc == KC_OK && row->kind == KC_DOSE_DEVICE)
		rc = device_check(st, cfg, row, err);
	if (rc == KC_OK && row->kind == KC_DOSE_STOP)
		rc = stop_check(st, cfg, &s, row, err);
	if (rc != KC_OK)
		return rc;
	row->late = kc_is_late(row->at, now, cfg->general.late_entry_min);
	return kc_dose_add(st, row, now, err);
}

/* ---------- an infusion past its planned end ---------- */

int kc_chart_overrun_note(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *text,
			  time_t now, struct kc_err *err)
{
	struct kc_dose_row *rows = NULL;
	struct kc_session s;
	struct kc_given g;
	size_t n = 0;
	int rc = ch_session_open(st, session, &s, err);

	if (rc == KC_OK && !ch_has_text(text))
		rc = kc_fail(err, KC_ERR_INVALID, "say why the infusion runs past its planned end");
	if (rc == KC_OK)
		rc = kc_dose_list(st, session, &rows, &n, err);
	if (rc == KC_OK) {
		kc_chart_given(&s, rows, n, cfg, now, &g, NULL);
		if (!g.started || g.stopped)
			rc = kc_fail(err, KC_ERR_INVALID, "no infusion is running");
	}
	free(rows);
	return rc != KC_OK ? rc : kc_screen_set(st, session, "overrun_note", "", text, now, err);
}
