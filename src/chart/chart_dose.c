/* chart_dose.c — dose plans and dose events. */
#include "chart_impl.h"

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

int kc_chart_dose(struct kc_store *st, const struct kc_config *cfg, kc_id session, struct kc_dose_row *row,
		  time_t now, struct kc_err *err)
{
	struct kc_screening scr;
	struct kc_session s;
	int rc;

	row->session_id = session;
	if (!row->at)
		row->at = now;
	rc = ch_session_open(st, session, &s, err);
	if (rc == KC_OK)
		rc = dose_route_check(&s, row->kind, err);
	if (rc == KC_OK)
		rc = kc_check_time_taken(row->at, s.created_at, now, err);
	if (rc == KC_OK && !s.dose_start && (row->kind == KC_DOSE_START || row->kind == KC_DOSE_DEVICE))
		rc = dosing_allowed(st, cfg, session, row->at, &scr, err);
	if (rc == KC_OK && row->kind == KC_DOSE_DEVICE)
		rc = device_check(st, cfg, row, err);
	if (rc != KC_OK)
		return rc;
	row->late = kc_is_late(row->at, now, cfg->general.late_entry_min);
	return kc_dose_add(st, row, now, err);
}
