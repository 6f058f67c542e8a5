/* chart_alerts.c — acknowledging a critical alert, and the change its action states: an
 * acknowledgement that says the infusion was paused pauses it, one that says the rate was
 * reduced records the new rate, so the chart never says a thing was done that it does not
 * show. */
#include "chart_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The infusion of session as it stands at now. */
static int infusion_now(struct kc_store *st, const struct kc_config *cfg, const struct kc_session *s, time_t now,
			struct kc_given *g, struct kc_err *err)
{
	struct kc_dose_row *rows = NULL;
	size_t n = 0;
	int rc = kc_dose_list(st, s->id, &rows, &n, err);

	if (rc == KC_OK)
		kc_chart_given(s, rows, n, cfg, now, g, NULL);
	free(rows);
	return rc;
}

/* The dose event the action states: a pause (unless already paused), or the new rate. */
static int ack_change(struct kc_store *st, const struct kc_config *cfg, const struct kc_session *s,
		      const struct kc_vitals_row *r, const char *action, double rate, time_t now, struct kc_err *err)
{
	int pause = starts_with(action, KC_ACK_PAUSED), lower = starts_with(action, KC_ACK_RATE);
	struct kc_dose_row row;
	struct kc_given g;
	char at[16];
	int rc;

	if (!pause && !(lower && rate > 0))
		return KC_OK;
	rc = infusion_now(st, cfg, s, now, &g, err);
	if (rc != KC_OK)
		return rc;
	if (s->route == KC_ROUTE_ESKETAMINE || !g.started || g.stopped)
		return kc_fail(err, KC_ERR_INVALID, "\"%s\": no infusion is running; choose another action",
			       pause ? KC_ACK_PAUSED : KC_ACK_RATE);
	if (pause && g.paused)
		return KC_OK; /* paused already: the chart says so */
	if (lower && g.paused)
		return kc_fail(err, KC_ERR_INVALID, "the infusion is paused: resume it at the lower rate instead");
	if (lower && !(rate < g.rate_ml_h))
		return kc_fail(err, KC_ERR_INVALID, "New rate: %.1f mL/h is not below the %.1f mL/h in force", rate,
			       g.rate_ml_h);
	memset(&row, 0, sizeof row);
	row.kind = pause ? KC_DOSE_PAUSE : KC_DOSE_RATE;
	row.rate_ml_h = pause ? 0 : rate;
	row.at = now;
	kc_time_local_hm(r->taken_at, at, sizeof at);
	snprintf(row.note, sizeof row.note, "critical alert of %s: %.200s", at, r->alerts);
	return kc_chart_dose(st, cfg, s->id, &row, now, err);
}

int kc_chart_ack_rate(struct kc_store *st, const struct kc_config *cfg, kc_id vitals_id, const char *action,
		      double new_rate_ml_h, time_t now, struct kc_err *err)
{
	struct kc_vitals_row r;
	struct kc_session s;
	int rc = kc_vitals_get(st, vitals_id, &r, err);

	if (rc == KC_OK)
		rc = ch_session_unsigned(st, r.session_id, &s, err);
	if (rc != KC_OK)
		return rc;
	if (!ch_has_text(action))
		return kc_fail(err, KC_ERR_INVALID, "say what was done about the alert");
	if (r.acked)
		return kc_fail(err, KC_ERR_INVALID, "reading %lld was already acknowledged by %s", vitals_id, r.ack_by);
	if (!s.ended_at)
		rc = ack_change(st, cfg, &s, &r, action, new_rate_ml_h, now, err);
	return rc != KC_OK ? rc : kc_vitals_ack(st, vitals_id, action, now, err);
}

int kc_chart_ack(struct kc_store *st, const struct kc_config *cfg, kc_id vitals_id, const char *action,
		 time_t now, struct kc_err *err)
{
	return kc_chart_ack_rate(st, cfg, vitals_id, action, 0, now, err);
}
