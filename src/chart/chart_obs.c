/* chart_obs.c — side-effect observations and their corrections. */
#include "chart_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"

/* ---------- observations ---------- */

/* CADSS item scores -> total and the stored "1:2 2:0 ..." by item number. */
static int obs_items(const struct kc_obs_entry *e, int *score, char *out, size_t n, struct kc_err *err)
{
	int count = e->scale == KC_SCALE_CADSS ? KC_CADSS_ITEMS : KC_CADSS6_ITEMS;
	size_t len = 0;
	int rc;

	out[0] = '\0';
	if (!e->items || (e->scale != KC_SCALE_CADSS && e->scale != KC_SCALE_CADSS6))
		return KC_OK;
	if (e->scale == KC_SCALE_CADSS)
		rc = kc_cadss_total(e->items, score, err);
	else
		rc = kc_cadss6_total(e->items, score, err);
	if (rc != KC_OK)
		return rc;
	for (int i = 0; i < count && len < n; i++) {
		int no = e->scale == KC_SCALE_CADSS ? i + 1 : kc_cadss6_item_numbers[i];
		int w = snprintf(out + len, n - len, "%s%d:%d", i ? " " : "", no, e->items[i]);

		if (w < 0)
			break;
		len += (size_t)w;
	}
	return KC_OK;
}

static int obs_check(const struct kc_obs_entry *e, int score, struct kc_err *err)
{
	int rc = kc_obs_validate(e->kind, e->scale, score, err);

	if (rc != KC_OK)
		return rc;
	if (e->vomiting < 0 || e->vomiting > 50)
		return kc_fail(err, KC_ERR_INVALID, "vomiting episodes %d is impossible (allowed 0-50)",
			       e->vomiting);
	if (e->kind == KC_OBS_OTHER && !ch_has_text(e->detail))
		return kc_fail(err, KC_ERR_INVALID, "say what the other effect is");
	return KC_OK;
}

/* bp_rise / moaas_low for the observation alerts, from the readings up to t: the baseline,
 * the latest blood pressure and the latest MOAA/S, each one reading found through an index
 * (as ch_facts_from_vitals finds them in the whole list), so that a side effect's save
 * costs the same at the 300th reading as at the 10th. */
static int obs_context(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t t,
		       int *bp_rise, int *moaas_low, struct kc_err *err)
{
	struct kc_vitals_row base, bp, sed;
	int has_base = 0, has_bp = 0, has_sed = 0;
	int rc = kc_vitals_last(st, session, t, KC_LAST_BASELINE, 0, &base, &has_base, err);

	if (rc == KC_OK)
		rc = kc_vitals_last(st, session, t, KC_LAST_BP, 0, &bp, &has_bp, err);
	if (rc == KC_OK)
		rc = kc_vitals_last(st, session, t, KC_LAST_MOAAS, 0, &sed, &has_sed, err);
	if (rc != KC_OK)
		return rc;
	*bp_rise = has_bp && has_base && base.v.systolic != KC_NONE &&
		   (bp.v.systolic - base.v.systolic >= cfg->alerts.systolic_rise_warn ||
		    bp.v.diastolic - base.v.diastolic >= cfg->alerts.diastolic_rise_warn);
	*moaas_low = has_sed && sed.v.moaas <= cfg->alerts.sedation_warn;
	return KC_OK;
}

/* Vomiting is charted with nausea: its episodes raise the vomiting alerts too. */
static void vomiting_alerts(const struct kc_config *cfg, int episodes, int moaas_low, struct kc_alert_list *alerts)
{
	struct kc_alert_list v;

	kc_obs_alerts(KC_OBS_VOMITING, KC_SCALE_EPISODES, episodes, 0, moaas_low, &cfg->alerts, &v);
	for (int i = 0; i < v.n && alerts->n < KC_ALERT_MAX; i++)
		alerts->a[alerts->n++] = v.a[i];
	if (v.worst > alerts->worst)
		alerts->worst = v.worst;
}

/* Validate e as an observation of session s taken at t and fill row and its alerts. */
static int obs_prepare(struct kc_store *st, const struct kc_config *cfg, const struct kc_session *s,
		       const struct kc_obs_entry *e, time_t t, time_t now, struct kc_obs_row *row,
		       struct kc_alert_list *alerts, struct kc_err *err)
{
	int bp_rise = 0, moaas_low = 0;
	int rc;

	memset(row, 0, sizeof *row);
	memset(alerts, 0, sizeof *alerts);
	row->observed_at = t;
	row->score = e->score;
	rc = kc_check_time_taken(t, s->created_at, now, err);
	if (rc == KC_OK)
		rc = obs_items(e, &row->score, row->items, sizeof row->items, err);
	if (rc == KC_OK)
		rc = obs_check(e, row->score, err);
	if (rc == KC_OK)
		rc = obs_context(st, cfg, s->id, t, &bp_rise, &moaas_low, err);
	if (rc != KC_OK)
		return rc;
	if (e->scale == KC_SCALE_MOAAS)
		moaas_low = moaas_low || row->score <= cfg->alerts.sedation_warn;
	kc_obs_alerts(e->kind, e->scale, row->score, bp_rise, moaas_low, &cfg->alerts, alerts);
	if (e->kind == KC_OBS_NAUSEA && e->vomiting > 0)
		vomiting_alerts(cfg, e->vomiting, moaas_low, alerts);
	row->session_id = s->id;
	row->kind = e->kind;
	row->scale = e->scale;
	row->vomiting = e->vomiting;
	kc_strlcpy(row->detail, e->detail, sizeof row->detail);
	kc_strlcpy(row->intervention, e->intervention, sizeof row->intervention);
	kc_strlcpy(row->note, e->note, sizeof row->note);
	row->level = alerts->worst;
	kc_alerts_join(alerts, row->alerts, sizeof row->alerts);
	row->late = kc_is_late(t, now, cfg->general.late_entry_min);
	return KC_OK;
}

int kc_chart_observation(struct kc_store *st, const struct kc_config *cfg, kc_id session,
			 const struct kc_obs_entry *e, time_t now, kc_id *id, struct kc_alert_list *alerts,
			 struct kc_err *err)
{
	struct kc_alert_list local;
	struct kc_session s;
	struct kc_obs_row row;
	int rc;

	if (!alerts)
		alerts = &local;
	rc = ch_session_open(st, session, &s, err);
	if (rc == KC_OK)
		rc = obs_prepare(st, cfg, &s, e, e->observed ? e->observed : now, now, &row, alerts, err);
	if (rc == KC_OK && e->n_acts)
		rc = ch_effect_actions(st, cfg, &s, e, now, &row, err);
	if (rc == KC_OK)
		rc = e->n_acts ? ch_effect_write(st, cfg, &s, &row, e, now, err) : kc_obs_add(st, &row, now, err);
	if (rc == KC_OK && id)
		*id = row.id;
	return rc;
}

/* The stored observation obs_id of session. */
static int obs_find(struct kc_store *st, kc_id session, kc_id obs_id, struct kc_obs_row *out,
		    struct kc_err *err)
{
	struct kc_obs_row *rows = NULL;
	size_t n = 0;
	int rc = kc_obs_list(st, session, &rows, &n, err);

	if (rc != KC_OK)
		return rc;
	rc = kc_fail(err, KC_ERR_NOTFOUND, "no observation %lld in session %lld", obs_id, session);
	for (size_t i = 0; i < n; i++)
		if (rows[i].id == obs_id) {
			*out = rows[i];
			kc_err_clear(err);
			rc = KC_OK;
		}
	free(rows);
	return rc;
}

int kc_chart_obs_correct(struct kc_store *st, const struct kc_config *cfg, kc_id session, kc_id obs_id,
			 enum kc_error_code code, const char *reason, const struct kc_obs_entry *e,
			 time_t now, kc_id *id, struct kc_alert_list *alerts, struct kc_err *err)
{
	struct kc_alert_list local;
	struct kc_obs_row old = { 0 }, row;
	struct kc_session s;
	int rc;

	if (!alerts)
		alerts = &local;
	memset(alerts, 0, sizeof *alerts);
	rc = ch_session_unsigned(st, session, &s, err);
	if (rc == KC_OK)
		rc = obs_find(st, session, obs_id, &old, err);
	if (rc != KC_OK)
		return rc;
	if (old.eie.code != KC_EIE_NONE)
		return kc_fail(err, KC_ERR_INVALID, "observation %lld is already marked entered in error", obs_id);
	if (!ch_has_text(reason))
		return kc_fail(err, KC_ERR_INVALID, "say why the observation is entered in error");
	if (!e)
		return kc_obs_correct(st, obs_id, code, reason, NULL, now, err);
	if (e->n_acts)
		return kc_fail(err, KC_ERR_INVALID, "a correction keeps the interventions as text: give them as the "
			       "intervention");
	rc = obs_prepare(st, cfg, &s, e, e->observed ? e->observed : old.observed_at, now, &row, alerts, err);
	/* The CADSS item breakdown still holds when the total was not retyped. */
	if (rc == KC_OK && !e->items && row.scale == old.scale && row.score == old.score)
		kc_strlcpy(row.items, old.items, sizeof row.items);
	/* A correction is not a late entry: it is as late as the original was. */
	if (rc == KC_OK)
		row.late = old.late;
	if (rc == KC_OK)
		rc = kc_obs_correct(st, obs_id, code, reason, &row, now, err);
	if (rc == KC_OK && id)
		*id = row.id;
	return rc;
}
