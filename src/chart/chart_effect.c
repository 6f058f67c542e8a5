/* chart_effect.c — the interventions of a side effect as actions (kc_ack.h): what its kind
 * offers, checked as a CRIT acknowledgement's are, one ack_action row each linked to the
 * observation, the observation's intervention their numbered wording, and the pause an
 * action states charted with them: all or none. */
#include "chart_impl.h"

#include <stdio.h>
#include <string.h>

/* An IV infusion runs now (started, not stopped): the infusion's own actions are offered. */
static int effect_infusion(struct kc_store *st, const struct kc_config *cfg, const struct kc_session *s, time_t now,
			   struct kc_given *g, struct kc_err *err)
{
	memset(g, 0, sizeof *g);
	if (s->ended_at || s->route == KC_ROUTE_ESKETAMINE)
		return KC_OK;
	return ch_infusion_now(st, cfg, s, now, g, err);
}

int ch_effect_actions(struct kc_store *st, const struct kc_config *cfg, const struct kc_session *s,
		      const struct kc_obs_entry *e, time_t now, struct kc_obs_row *row, struct kc_err *err)
{
	struct kc_ack_offer o;
	struct kc_given g;
	int rc;

	if (ch_has_text(e->intervention))
		return kc_fail(err, KC_ERR_INVALID, "the intervention is given twice, as text and as actions: give "
			       "the actions only");
	rc = effect_infusion(st, cfg, s, now, &g, err);
	if (rc != KC_OK)
		return rc;
	kc_ack_offer_effect(cfg, e->kind, g.started && !g.stopped, &o);
	rc = kc_ack_check(&o, e->acts, e->n_acts, sizeof row->intervention, err);
	if (rc != KC_OK)
		return rc;
	if (kc_ack_numbered(e->acts, e->n_acts, row->intervention, sizeof row->intervention) >= sizeof row->intervention)
		return kc_fail(err, KC_ERR_INVALID, "the interventions together are longer than %zu characters: "
			       "shorten their texts; nothing was cut", sizeof row->intervention - 1);
	return KC_OK;
}

/* "infusion paused" chosen while the infusion runs unpaused: the pause, at the effect's time. */
static int effect_pause(struct kc_store *st, const struct kc_config *cfg, const struct kc_session *s,
			const struct kc_obs_row *row, const struct kc_ack_action *a, time_t now, struct kc_err *err)
{
	struct kc_dose_row d;
	struct kc_given g;
	int rc;

	if (a->kind != KC_ACT_PAUSE || strncmp(a->choice, KC_ACK_PAUSED, strlen(KC_ACK_PAUSED)) != 0)
		return KC_OK;
	rc = effect_infusion(st, cfg, s, now, &g, err);
	if (rc != KC_OK || !g.started || g.stopped || g.paused)
		return rc;
	memset(&d, 0, sizeof d);
	d.kind = KC_DOSE_PAUSE;
	d.at = row->observed_at;
	snprintf(d.note, sizeof d.note, "side effect: %s", kc_obs_kind_label(row->kind));
	return kc_chart_dose(st, cfg, s->id, &d, now, err);
}

int ch_effect_write(struct kc_store *st, const struct kc_config *cfg, const struct kc_session *s,
		    struct kc_obs_row *row, const struct kc_obs_entry *e, time_t now, struct kc_err *err)
{
	int own = !kc_store_batch_open(st);
	int rc = own ? kc_store_batch_begin(st, now, err) : KC_OK;

	if (rc == KC_OK)
		rc = kc_obs_add_acts(st, row, e->acts, e->n_acts, now, err);
	for (size_t i = 0; rc == KC_OK && i < e->n_acts; i++)
		rc = effect_pause(st, cfg, s, row, &e->acts[i], now, err);
	rc = own ? kc_store_batch_end(st, rc, err) : rc;
	if (rc != KC_OK)
		row->id = 0;
	return rc;
}
