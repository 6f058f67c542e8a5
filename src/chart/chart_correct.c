/* chart_correct.c — corrections before signing of what is not a reading or an observation:
 * dose events (amounts, rates, lot numbers, times), the weight and the patient's details;
 * and the one rule of what a corrected reading's alert still asks. Readings and
 * observations are corrected in chart_vitals.c and chart_obs.c. A signed session is
 * amended instead (kc_chart_amend). */
#include "chart_impl.h"

#include <stdlib.h>
#include <string.h>

#include "kc_time.h"

/* ---------- alerts of corrected readings ---------- */

int kc_chart_crit_waiting(const struct kc_vitals_row *r)
{
	return r->eie.code == KC_EIE_NONE && r->level == KC_LEVEL_CRITICAL && !r->acked;
}

int kc_chart_crit_resolved(const struct kc_vitals_row *r)
{
	return r->eie.code != KC_EIE_NONE && r->level == KC_LEVEL_CRITICAL && !r->acked;
}

/* ---------- dose events ---------- */

static int dose_find(struct kc_store *st, kc_id session, kc_id id, struct kc_dose_row *out, struct kc_err *err)
{
	struct kc_dose_row *rows = NULL;
	size_t n = 0;
	int rc = kc_dose_list(st, session, &rows, &n, err);

	if (rc != KC_OK)
		return rc;
	rc = kc_fail(err, KC_ERR_NOTFOUND, "no dose event %lld in session %lld", id, session);
	for (size_t i = 0; i < n; i++)
		if (rows[i].id == id) {
			*out = rows[i];
			kc_err_clear(err);
			rc = KC_OK;
		}
	free(rows);
	return rc;
}

/* The replacement: what was typed, on the original's kind and (unless given) time. */
static int dose_replacement(const struct kc_session *s, const struct kc_dose_row *old, const struct kc_dose_row *e,
			    time_t now, struct kc_dose_row *out, struct kc_err *err)
{
	*out = *e;
	out->id = 0;
	out->session_id = s->id;
	out->kind = old->kind;
	out->at = e->at ? e->at : old->at;
	if (out->kind == KC_DOSE_DEVICE && out->device_no <= 0)
		out->device_no = old->device_no;
	/* a correction is as late as the original was, not late for being entered now */
	out->late = old->late;
	memset(&out->eie, 0, sizeof out->eie);
	return kc_check_time_taken(out->at, s->created_at, now, err);
}

int kc_chart_dose_correct(struct kc_store *st, const struct kc_config *cfg, kc_id session, kc_id dose_id,
			  enum kc_error_code code, const char *reason, const struct kc_dose_row *e, time_t now,
			  kc_id *id, struct kc_err *err)
{
	struct kc_dose_row old = { 0 }, row;
	struct kc_session s;
	int rc;

	(void)cfg;
	if (id)
		*id = 0;
	rc = ch_session_unsigned(st, session, &s, err);
	if (rc == KC_OK)
		rc = dose_find(st, session, dose_id, &old, err);
	if (rc != KC_OK)
		return rc;
	if (old.eie.code != KC_EIE_NONE)
		return kc_fail(err, KC_ERR_INVALID, "dose event %lld is already marked entered in error", dose_id);
	if (!ch_has_text(reason))
		return kc_fail(err, KC_ERR_INVALID, "say why the dose event is entered in error");
	if (!e)
		return kc_dose_correct(st, dose_id, code, reason, NULL, now, err);
	rc = dose_replacement(&s, &old, e, now, &row, err);
	if (rc == KC_OK)
		rc = kc_dose_correct(st, dose_id, code, reason, &row, now, err);
	if (rc == KC_OK && id)
		*id = row.id;
	return rc;
}

/* ---------- weight ---------- */

int kc_chart_weight_correct(struct kc_store *st, const struct kc_config *cfg, kc_id session, kc_id weight_id,
			    enum kc_error_code code, const char *reason, const char *typed, time_t taken,
			    time_t now, double *kg, kc_id *id, struct kc_err *err)
{
	struct kc_weight_row old, row;
	struct kc_session s;
	double local;
	int rc;

	if (!kg)
		kg = &local;
	*kg = 0;
	if (id)
		*id = 0;
	rc = ch_session_unsigned(st, session, &s, err);
	if (rc == KC_OK)
		rc = kc_weight_get(st, weight_id, &old, err);
	if (rc == KC_OK && old.session_id != session)
		rc = kc_fail(err, KC_ERR_NOTFOUND, "no weight %lld in session %lld", weight_id, session);
	if (rc != KC_OK)
		return rc;
	if (old.eie.code != KC_EIE_NONE)
		return kc_fail(err, KC_ERR_INVALID, "weight %lld is already marked entered in error", weight_id);
	if (!ch_has_text(reason))
		return kc_fail(err, KC_ERR_INVALID, "say why the weight is entered in error");
	if (!typed)
		return kc_weight_correct(st, weight_id, code, reason, NULL, now, err);
	rc = kc_parse_weight(typed, &cfg->limits, kg, err);
	if (rc == KC_OK && taken > now)
		rc = kc_fail(err, KC_ERR_INVALID, "the weighing time is in the future");
	if (rc != KC_OK)
		return rc;
	memset(&row, 0, sizeof row);
	row.kg = *kg;
	row.taken_at = taken ? taken : old.taken_at;
	ch_weight_typed(typed, row.typed, sizeof row.typed);
	rc = kc_weight_correct(st, weight_id, code, reason, &row, now, err);
	if (rc == KC_OK && id)
		*id = row.id;
	return rc;
}

/* ---------- patient details ---------- */

int kc_chart_patient_correct(struct kc_store *st, kc_id session, const struct kc_patient *p, const char *reason,
			     time_t now, struct kc_err *err)
{
	struct kc_session s;
	int rc = ch_session_unsigned(st, session, &s, err);

	if (rc != KC_OK)
		return rc;
	if (!ch_has_text(reason))
		return kc_fail(err, KC_ERR_INVALID, "say why the patient's details are corrected");
	return kc_patient_correct(st, s.patient_id, session, p, reason, now, err);
}
