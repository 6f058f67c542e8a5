/* chart_alerts.c — acknowledging a critical alert with its actions (kc_ack.h), and the
 * change an action states: one that says the infusion was paused pauses it, one that says
 * the rate was reduced records the new rate, so the chart never says a thing was done that
 * it does not show. All of an acknowledgement is written, or none of it. */
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
int ch_infusion_now(struct kc_store *st, const struct kc_config *cfg, const struct kc_session *s, time_t now,
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

/* The dose event an action states: a pause (unless already paused), or the new rate. */
static int ack_change(struct kc_store *st, const struct kc_config *cfg, const struct kc_session *s,
		      const struct kc_vitals_row *r, const struct kc_ack_action *a, time_t now, struct kc_err *err)
{
	int pause = a->kind == KC_ACT_PAUSE && starts_with(a->choice, KC_ACK_PAUSED), lower = a->kind == KC_ACT_RATE;
	struct kc_dose_row row;
	struct kc_given g;
	char at[16];
	int rc;

	if (!pause && !lower)
		return KC_OK;
	rc = ch_infusion_now(st, cfg, s, now, &g, err);
	if (rc != KC_OK)
		return rc;
	if (s->route == KC_ROUTE_ESKETAMINE || !g.started || g.stopped)
		return kc_fail(err, KC_ERR_INVALID, "\"%s\": no infusion is running; choose another action",
			       pause ? KC_ACK_PAUSED : KC_ACK_RATE);
	if (pause && g.paused)
		return KC_OK; /* paused already: the chart says so */
	if (lower && g.paused)
		return kc_fail(err, KC_ERR_INVALID, "the infusion is paused: resume it at the lower rate instead");
	if (lower && !(a->rate_ml_h < g.rate_ml_h))
		return kc_fail(err, KC_ERR_INVALID, "New rate: %.1f mL/h is not below the %.1f mL/h in force",
			       a->rate_ml_h, g.rate_ml_h);
	memset(&row, 0, sizeof row);
	row.kind = pause ? KC_DOSE_PAUSE : KC_DOSE_RATE;
	row.rate_ml_h = pause ? 0 : a->rate_ml_h;
	row.at = now;
	kc_time_local_hm(r->taken_at, at, sizeof at);
	snprintf(row.note, sizeof row.note, "critical alert of %s: %.200s", at, r->alerts);
	return kc_chart_dose(st, cfg, s->id, &row, now, err);
}

/* The infusion changes the actions state, then the actions and the acknowledgement: one
 * transaction (a batch of savepoints when none is open), so a refusal of any part leaves
 * nothing — no pause without its acknowledgement, no acknowledgement half written. */
static int ack_write(struct kc_store *st, const struct kc_config *cfg, const struct kc_session *s,
		     const struct kc_vitals_row *r, const struct kc_ack_action *a, size_t n, const char *summary,
		     time_t now, struct kc_err *err)
{
	int own = !kc_store_batch_open(st);
	int rc = own ? kc_store_batch_begin(st, now, err) : KC_OK;

	for (size_t i = 0; rc == KC_OK && !s->ended_at && i < n; i++)
		rc = ack_change(st, cfg, s, r, &a[i], now, err);
	if (rc == KC_OK)
		rc = kc_vitals_ack_actions(st, r->id, a, n, summary, now, err);
	return own ? kc_store_batch_end(st, rc, err) : rc;
}

/* The reading and its session, unless it was acknowledged already. */
static int ack_target(struct kc_store *st, kc_id vitals_id, struct kc_vitals_row *r, struct kc_session *s,
		      struct kc_err *err)
{
	int rc = kc_vitals_get(st, vitals_id, r, err);

	if (rc == KC_OK)
		rc = ch_session_unsigned(st, r->session_id, s, err);
	if (rc == KC_OK && r->acked)
		rc = kc_fail(err, KC_ERR_INVALID, "reading %lld was already acknowledged by %s", vitals_id, r->ack_by);
	return rc;
}

int kc_chart_ack_offer(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t now,
		       struct kc_ack_offer *out, struct kc_err *err)
{
	struct kc_session s;
	struct kc_given g = { 0 };
	int rc = kc_session_get(st, session, &s, err);

	if (rc == KC_OK && !s.ended_at && s.route != KC_ROUTE_ESKETAMINE)
		rc = ch_infusion_now(st, cfg, &s, now, &g, err);
	if (rc == KC_OK)
		kc_ack_offer_vitals(cfg, !s.ended_at && g.started && !g.stopped, out);
	return rc;
}

int kc_chart_ack_actions(struct kc_store *st, const struct kc_config *cfg, kc_id vitals_id,
			 const struct kc_ack_action *a, size_t n, time_t now, struct kc_err *err)
{
	struct kc_vitals_row r;
	struct kc_session s;
	struct kc_ack_offer o;
	char summary[KC_NOTE_MAX];
	int rc = ack_target(st, vitals_id, &r, &s, err);

	if (rc == KC_OK)
		rc = kc_chart_ack_offer(st, cfg, s.id, now, &o, err);
	if (rc == KC_OK)
		rc = kc_ack_check(&o, a, n, sizeof summary, err);
	if (rc != KC_OK)
		return rc;
	kc_ack_actions_text(a, n, summary, sizeof summary);
	return ack_write(st, cfg, &s, &r, a, n, summary, now, err);
}

/* One action as one text: stored as given, its row read from how it begins. */
int kc_chart_ack_rate(struct kc_store *st, const struct kc_config *cfg, kc_id vitals_id, const char *action,
		      double new_rate_ml_h, time_t now, struct kc_err *err)
{
	struct kc_vitals_row r;
	struct kc_session s;
	struct kc_ack_action a;
	int rc = ack_target(st, vitals_id, &r, &s, err);

	if (rc != KC_OK)
		return rc;
	if (!ch_has_text(action))
		return kc_fail(err, KC_ERR_INVALID, "say what was done about the alert");
	kc_ack_from_text(action, new_rate_ml_h, &a);
	return ack_write(st, cfg, &s, &r, &a, 1, action, now, err);
}

int kc_chart_ack(struct kc_store *st, const struct kc_config *cfg, kc_id vitals_id, const char *action,
		 time_t now, struct kc_err *err)
{
	return kc_chart_ack_rate(st, cfg, vitals_id, action, 0, now, err);
}
