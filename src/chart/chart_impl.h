/* chart_impl.h — what the chart_*.c files share and nothing else sees: the facts the latest
 * stored entries state, and the one check that a session may still be written. */
#ifndef KC_CHART_IMPL_H
#define KC_CHART_IMPL_H

#include "kc_chart.h"

/* What the latest stored entries say, up to a cutoff time. */
struct facts {
	struct kc_vitals baseline; /* latest valid baseline reading; systolic KC_NONE if none */
	int sys, dia;              /* latest valid non-baseline BP */
	int moaas;                 /* latest MOAA/S from readings or sedation observations */
	time_t moaas_at;
	int cadss, cadss_baseline; /* latest CADSS / CADSS-6 total; one before dosing */
	int nausea;                /* latest nausea NRS */
};

void ch_facts_init(struct facts *f);
int ch_vitals_valid(const struct kc_vitals_row *r);
int ch_obs_valid(const struct kc_obs_row *r);
void ch_facts_from_vitals(const struct kc_vitals_row *rows, size_t n, time_t upto, kc_id skip,
			      struct facts *f);
void ch_facts_from_obs(const struct kc_obs_row *rows, size_t n, time_t upto, time_t dose_start,
			   struct facts *f);
int ch_session_open(struct kc_store *st, kc_id id, struct kc_session *s, struct kc_err *err);
int ch_session_unsigned(struct kc_store *st, kc_id id, struct kc_session *s, struct kc_err *err);
time_t ch_last_reading_before(const struct kc_vitals_row *rows, size_t n, time_t t, kc_id skip, int *critical);
void ch_sched_input_at(const struct kc_session *s, time_t t, time_t last, struct kc_sched_input *in);
int ch_has_text(const char *s);
/* The weight as typed when it names another unit than kg ("190 lb"), else "" (chart_screening.c). */
const char *ch_weight_typed(const char *typed, char *out, size_t n);
/* chart_discharge.c: may the session end as discharged now (KC_OK), or what is missing. */
int ch_discharge_eval_loaded(struct kc_store *st, const struct kc_config *cfg, const struct kc_session *s,
			     const struct kc_screening *scr, const struct kc_vitals_row *vr, size_t nv,
			     time_t at, struct kc_discharge_input *in, struct kc_discharge_result *out,
			     struct kc_err *err);
int ch_discharge_gate(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *reason,
		      time_t now, struct kc_err *err);
/* chart_rems.c: an esketamine session is signed only with a complete REMS form
 * (KC_ERR_INVALID naming what is missing); the setting is then kept with the record. */
int ch_rems_sign_check(struct kc_store *st, const struct kc_config *cfg, const struct kc_session *s,
		       struct kc_err *err);
int ch_rems_keep_setting(struct kc_store *st, const struct kc_config *cfg, const struct kc_session *s, time_t now,
			 struct kc_err *err);
/* chart_inventory.c: no drawn-up drug left undisposed (KC_ERR_INVALID saying how much). */
int ch_drug_sign_check(struct kc_store *st, const struct kc_session *s, struct kc_err *err);

/* chart_alerts.c: the infusion of session as it stands at now. */
int ch_infusion_now(struct kc_store *st, const struct kc_config *cfg, const struct kc_session *s, time_t now,
		    struct kc_given *g, struct kc_err *err);
/* chart_effect.c: the interventions of a side effect e as actions (e->acts), checked against
 * what its kind offers (kc_ack_offer_effect), their numbered wording put in row->intervention;
 * then the observation, its action rows and the pause an action states, all or none. */
int ch_effect_actions(struct kc_store *st, const struct kc_config *cfg, const struct kc_session *s,
		      const struct kc_obs_entry *e, time_t now, struct kc_obs_row *row, struct kc_err *err);
int ch_effect_write(struct kc_store *st, const struct kc_config *cfg, const struct kc_session *s,
		    struct kc_obs_row *row, const struct kc_obs_entry *e, time_t now, struct kc_err *err);

#endif
