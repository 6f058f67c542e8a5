/* chart.c — the one path every entry takes: parse and validate with the clinical rules,
 * derive what follows from what is stored (late, due time, alerts), then one store call.
 * Nothing is written unless every check passed. */
#include "kc_chart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"

/* What the latest stored entries say, up to a cutoff time. */
struct facts {
	struct kc_vitals baseline; /* latest valid baseline reading; systolic KC_NONE if none */
	int sys, dia;              /* latest valid non-baseline BP */
	int moaas;                 /* latest MOAA/S from readings or sedation observations */
	time_t moaas_at;
	int cadss, cadss_baseline; /* latest CADSS / CADSS-6 total; one before dosing */
	int nausea;                /* latest nausea NRS */
};

static void facts_init(struct facts *f)
{
	kc_vitals_clear(&f->baseline);
	f->sys = f->dia = f->moaas = KC_NONE;
	f->moaas_at = 0;
	f->cadss = f->cadss_baseline = f->nausea = KC_NONE;
}

static int vitals_valid(const struct kc_vitals_row *r)
{
	return r->eie.code == KC_EIE_NONE && r->status == KC_VITALS_TAKEN;
}

static int obs_valid(const struct kc_obs_row *r)
{
	return r->eie.code == KC_EIE_NONE;
}

/* Readings come ordered by time taken, so the last match wins. */
static void facts_from_vitals(const struct kc_vitals_row *rows, size_t n, time_t upto, kc_id skip,
			      struct facts *f)
{
	for (size_t i = 0; i < n; i++) {
		const struct kc_vitals_row *r = &rows[i];

		if (!vitals_valid(r) || r->id == skip || r->taken_at > upto)
			continue;
		if (r->baseline)
			f->baseline = r->v;
		else if (r->v.systolic != KC_NONE) {
			f->sys = r->v.systolic;
			f->dia = r->v.diastolic;
		}
		if (r->v.moaas != KC_NONE && r->taken_at >= f->moaas_at) {
			f->moaas = r->v.moaas;
			f->moaas_at = r->taken_at;
		}
	}
}

static void facts_from_obs(const struct kc_obs_row *rows, size_t n, time_t upto, time_t dose_start,
			   struct facts *f)
{
	for (size_t i = 0; i < n; i++) {
		const struct kc_obs_row *r = &rows[i];

		if (!obs_valid(r) || r->observed_at > upto)
			continue;
		if (r->scale == KC_SCALE_CADSS || r->scale == KC_SCALE_CADSS6) {
			f->cadss = r->score;
			if (dose_start && r->observed_at < dose_start)
				f->cadss_baseline = r->score;
		} else if (r->kind == KC_OBS_NAUSEA && r->scale == KC_SCALE_NRS) {
			f->nausea = r->score;
		} else if (r->scale == KC_SCALE_MOAAS && r->observed_at >= f->moaas_at) {
			f->moaas = r->score;
			f->moaas_at = r->observed_at;
		}
	}
}

static int session_open(struct kc_store *st, kc_id id, struct kc_session *s, struct kc_err *err)
{
	int rc = kc_session_get(st, id, s, err);

	if (rc != KC_OK)
		return rc;
	if (s->signed_by[0])
		return kc_fail(err, KC_ERR_SIGNED, "session %lld is signed and read-only (add an addendum instead)",
			       id);
	if (s->ended_at)
		return kc_fail(err, KC_ERR_INVALID, "session %lld has ended (%s): nothing more can be charted",
			       id, s->outcome[0] ? s->outcome : kc_phase_name(s->phase));
	/* Said before any check of the entry: whoever holds the session is charting it. */
	return kc_session_hold_check(st, id, err);
}

/* Corrections stay possible after the session ended, until it is signed. */
static int session_unsigned(struct kc_store *st, kc_id id, struct kc_session *s, struct kc_err *err)
{
	int rc = kc_session_get(st, id, s, err);

	if (rc == KC_OK && s->signed_by[0])
		rc = kc_fail(err, KC_ERR_SIGNED, "session %lld is signed and read-only (add an addendum instead)",
			     id);
	if (rc == KC_OK)
		rc = kc_session_hold_check(st, id, err);
	return rc;
}

/* ---------- vitals ---------- */

/* The latest valid reading taken before t (not counting skip); 0 if none. */
static time_t last_reading_before(const struct kc_vitals_row *rows, size_t n, time_t t, kc_id skip)
{
	time_t last = 0;

	for (size_t i = 0; i < n; i++)
		if (vitals_valid(&rows[i]) && rows[i].id != skip && rows[i].taken_at < t &&
		    rows[i].taken_at > last)
			last = rows[i].taken_at;
	return last;
}

/* The schedule as it stood at time t: the phase follows from the dose times, so a
 * reading entered late is matched against the interval in force when it was taken. */
static void sched_input_at(const struct kc_session *s, time_t t, time_t last, struct kc_sched_input *in)
{
	in->route = s->route;
	in->dose_start = s->dose_start;
	in->dose_end = s->dose_end;
	in->last_reading = last;
	in->phase = s->phase;
	if (!s->dose_start || t < s->dose_start) {
		in->phase = KC_PHASE_SCREENING;
		in->dose_start = in->dose_end = 0;
	} else if (s->dose_end && t < s->dose_end) {
		in->phase = KC_PHASE_DOSING;
		in->dose_end = 0;
	} else if (s->route == KC_ROUTE_IV && s->dose_end) {
		in->phase = KC_PHASE_RECOVERY;
	} else if (in->phase == KC_PHASE_SCREENING) {
		in->phase = KC_PHASE_DOSING;
	}
}

static int has_text(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t')
			return 1;
	return 0;
}

static int any_field(const struct kc_vitals_text *t)
{
	return has_text(t->bp) || has_text(t->heart_rate) || has_text(t->spo2) || has_text(t->resp_rate) ||
	       has_text(t->temp) || has_text(t->moaas);
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
	struct kc_vitals_row *rows = NULL;
	struct kc_sched_input in;
	struct facts f;
	size_t n = 0;
	int rc;

	memset(row, 0, sizeof *row);
	memset(res, 0, sizeof *res);
	rc = kc_check_time_taken(taken, s->created_at, now, err);
	if (rc == KC_OK)
		rc = entry_values(cfg, e, &row->v, err);
	if (rc != KC_OK)
		return rc;
	if (e->baseline && s->dose_start && taken >= s->dose_start)
		return kc_fail(err, KC_ERR_INVALID, "a pre-dose (baseline) reading must be taken before dosing began");
	rc = kc_vitals_list(st, s->id, &rows, &n, err);
	if (rc != KC_OK)
		return rc;
	facts_init(&f);
	facts_from_vitals(rows, n, taken, skip, &f);
	sched_input_at(s, taken, last_reading_before(rows, n, taken, skip), &in);
	free(rows);

	row->session_id = s->id;
	row->taken_at = taken;
	row->status = e->status;
	kc_strlcpy(row->reason, e->status == KC_VITALS_TAKEN ? "" : e->reason, sizeof row->reason);
	row->baseline = e->baseline ? 1 : 0;
	row->due_at = e->baseline ? 0 : kc_schedule_due_for(&in, cfg, taken);
	row->late = kc_is_late(taken, now, cfg->general.late_entry_min);
	kc_vitals_alerts(&row->v, e->baseline || f.baseline.systolic == KC_NONE ? NULL : &f.baseline,
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
	rc = session_open(st, session, &s, err);
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
 * correction), and keeps whether it was a pre-dose reading. e NULL: only mark it. */
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
		rc = session_unsigned(st, old.session_id, &s, err);
	if (rc != KC_OK)
		return rc;
	if (old.eie.code != KC_EIE_NONE)
		return kc_fail(err, KC_ERR_INVALID, "reading %lld is already marked entered in error", vitals_id);
	if (!has_text(reason))
		return kc_fail(err, KC_ERR_INVALID, "say why the reading is entered in error");
	if (!e)
		return kc_vitals_correct(st, vitals_id, code, reason, NULL, now, err);
	fixed = *e;
	fixed.baseline = old.baseline;
	rc = vitals_prepare(st, cfg, &s, &fixed, e->taken ? e->taken : old.taken_at, now, vitals_id, &row,
			    res, err);
	if (rc == KC_OK)
		rc = kc_vitals_correct(st, vitals_id, code, reason, &row, now, err);
	if (rc != KC_OK)
		return rc;
	res->id = row.id;
	return KC_OK;
}

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
	if (e->kind == KC_OBS_OTHER && !has_text(e->detail))
		return kc_fail(err, KC_ERR_INVALID, "say what the other effect is");
	return KC_OK;
}

/* bp_rise / moaas_low for the observation alerts, from the readings up to t. */
static int obs_context(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t t,
		       int *bp_rise, int *moaas_low, struct kc_err *err)
{
	struct kc_vitals_row *rows = NULL;
	struct facts f;
	size_t n = 0;
	int rc = kc_vitals_list(st, session, &rows, &n, err);

	if (rc != KC_OK)
		return rc;
	facts_init(&f);
	facts_from_vitals(rows, n, t, 0, &f);
	free(rows);
	*bp_rise = f.sys != KC_NONE && f.baseline.systolic != KC_NONE &&
		   (f.sys - f.baseline.systolic >= cfg->alerts.systolic_rise_warn ||
		    f.dia - f.baseline.diastolic >= cfg->alerts.diastolic_rise_warn);
	*moaas_low = f.moaas != KC_NONE && f.moaas <= cfg->alerts.sedation_warn;
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
	rc = session_open(st, session, &s, err);
	if (rc == KC_OK)
		rc = obs_prepare(st, cfg, &s, e, e->observed ? e->observed : now, now, &row, alerts, err);
	if (rc == KC_OK)
		rc = kc_obs_add(st, &row, now, err);
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
	rc = session_unsigned(st, session, &s, err);
	if (rc == KC_OK)
		rc = obs_find(st, session, obs_id, &old, err);
	if (rc != KC_OK)
		return rc;
	if (old.eie.code != KC_EIE_NONE)
		return kc_fail(err, KC_ERR_INVALID, "observation %lld is already marked entered in error", obs_id);
	if (!has_text(reason))
		return kc_fail(err, KC_ERR_INVALID, "say why the observation is entered in error");
	if (!e)
		return kc_obs_correct(st, obs_id, code, reason, NULL, now, err);
	rc = obs_prepare(st, cfg, &s, e, e->observed ? e->observed : old.observed_at, now, &row, alerts, err);
	/* The CADSS item breakdown still holds when the total was not retyped. */
	if (rc == KC_OK && !e->items && row.scale == old.scale && row.score == old.score)
		kc_strlcpy(row.items, old.items, sizeof row.items);
	if (rc == KC_OK)
		rc = kc_obs_correct(st, obs_id, code, reason, &row, now, err);
	if (rc == KC_OK && id)
		*id = row.id;
	return rc;
}

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
	rc = session_open(st, session, &s, err);
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
	rc = session_open(st, session, &s, err);
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
	if (rc == KC_OK && needs_reason && !has_text(reason))
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
	if (wait > 0 && !has_text(row->note))
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
	rc = session_open(st, session, &s, err);
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

/* ---------- what a screen shows ---------- */

/* The assessment's own findings. An escort the clinician did not confirm at discharge
 * is not present, whatever the screening said. */
static void discharge_from_row(const struct kc_discharge_row *d, struct kc_discharge_input *in)
{
	in->has_aldrete = 1;
	in->aldrete = d->aldrete;
	in->gait_steady = d->gait_steady;
	in->instructions_given = d->instructions_given;
	in->escort_present = in->escort_present && d->escort_confirmed;
}

/* The latest assessment at or before upto, if any (*found 0 otherwise). */
static int discharge_row_upto(struct kc_store *st, kc_id session, time_t upto, struct kc_discharge_row *out,
			      int *found, struct kc_err *err)
{
	struct kc_discharge_row *rows = NULL;
	size_t n = 0;
	int rc = kc_discharge_list(st, session, &rows, &n, err);

	*found = 0;
	for (size_t i = 0; rc == KC_OK && i < n; i++) {
		if (rows[i].at <= upto && (!*found || rows[i].at >= out->at)) {
			*out = rows[i];
			*found = 1;
		}
	}
	free(rows);
	return rc;
}

static int new_high_risk(const struct kc_screening *scr)
{
	enum kc_risk risk;

	if (!scr->has_cssrs || kc_cssrs_risk(&scr->cssrs, &risk, NULL) != KC_OK)
		return 0;
	return risk == KC_RISK_HIGH;
}

static void discharge_input_fill(const struct kc_session *s, const struct kc_screening *scr,
				 const struct facts *f, struct kc_discharge_input *in)
{
	in->route = s->route;
	in->obs_anchor = s->route == KC_ROUTE_IV ? s->dose_end : s->dose_start;
	in->moaas = f->moaas;
	in->systolic = f->sys;
	in->diastolic = f->dia;
	in->baseline_systolic = f->baseline.systolic;
	in->baseline_diastolic = f->baseline.diastolic;
	in->cadss = f->cadss;
	in->cadss_baseline = f->cadss_baseline;
	in->nausea = f->nausea;
	in->new_high_risk = new_high_risk(scr);
	in->escort_present = scr->escort_named;
}

/* Discharge input from the stored entries up to at (no assessment applied). */
static int discharge_facts(struct kc_store *st, const struct kc_session *s, time_t at,
			   struct kc_discharge_input *in, struct kc_err *err)
{
	struct kc_vitals_row *vr = NULL;
	struct kc_obs_row *orow = NULL;
	struct kc_screening scr;
	struct facts f;
	size_t nv = 0, no = 0;
	int rc = kc_screen_load(st, s->id, &scr, err);

	memset(in, 0, sizeof *in);
	in->gait_steady = KC_NONE;
	if (rc == KC_OK)
		rc = kc_vitals_list(st, s->id, &vr, &nv, err);
	if (rc == KC_OK)
		rc = kc_obs_list(st, s->id, &orow, &no, err);
	if (rc == KC_OK) {
		facts_init(&f);
		facts_from_vitals(vr, nv, at, 0, &f);
		facts_from_obs(orow, no, at, s->dose_start, &f);
		discharge_input_fill(s, &scr, &f, in);
	}
	free(vr);
	free(orow);
	return rc;
}

int kc_chart_discharge_eval(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t at,
			    struct kc_discharge_input *in, struct kc_discharge_result *out,
			    struct kc_err *err)
{
	struct kc_discharge_row d = { 0 };
	struct kc_session s;
	int found = 0;
	int rc = kc_session_get(st, session, &s, err);

	if (rc == KC_OK)
		rc = discharge_facts(st, &s, at, in, err);
	if (rc == KC_OK)
		rc = discharge_row_upto(st, session, at, &d, &found, err);
	if (rc != KC_OK)
		return rc;
	if (found)
		discharge_from_row(&d, in);
	kc_discharge_check(in, cfg, at, out);
	return KC_OK;
}

static void unmet_join(const struct kc_discharge_result *res, char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < KC_DC_COUNT && len + 1 < n; i++) {
		int w;

		if (res->c[i].met)
			continue;
		w = snprintf(out + len, n - len, "%s%s (%s)", len ? "; " : "", res->c[i].name, res->c[i].why);
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

int kc_chart_discharge(struct kc_store *st, const struct kc_config *cfg, kc_id session,
		       struct kc_discharge_row *row, time_t now, struct kc_discharge_result *res,
		       struct kc_err *err)
{
	struct kc_discharge_result local;
	struct kc_discharge_input in;
	struct kc_session s;
	int rc;

	if (!res)
		res = &local;
	row->session_id = session;
	if (!row->at)
		row->at = now;
	rc = session_open(st, session, &s, err);
	if (rc == KC_OK)
		rc = kc_check_time_taken(row->at, s.created_at, now, err);
	if (rc == KC_OK)
		rc = kc_aldrete_total(&row->aldrete, &row->aldrete_total, err);
	if (rc == KC_OK && row->gait_steady != 0 && row->gait_steady != 1 && row->gait_steady != KC_NONE)
		rc = kc_fail(err, KC_ERR_INVALID, "gait must be steady, unsteady or not assessed");
	if (rc == KC_OK)
		rc = discharge_facts(st, &s, row->at, &in, err);
	if (rc != KC_OK)
		return rc;
	discharge_from_row(row, &in);
	kc_discharge_check(&in, cfg, row->at, res);
	row->ready = res->ready;
	unmet_join(res, row->unmet, sizeof row->unmet);
	return kc_discharge_add(st, row, now, err);
}

static void state_from_vitals(const struct kc_vitals_row *rows, size_t n, struct kc_chart_state *out)
{
	kc_vitals_clear(&out->latest);
	for (size_t i = 0; i < n; i++) {
		if (!vitals_valid(&rows[i]))
			continue;
		out->readings++;
		if (rows[i].taken_at >= out->latest_at) {
			out->latest = rows[i].v;
			out->latest_at = rows[i].taken_at;
		}
		if (rows[i].level == KC_LEVEL_CRITICAL && !rows[i].acked) {
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

static int state_lists(struct kc_store *st, kc_id session, struct kc_chart_state *out, struct kc_err *err)
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
	}
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
		rc = state_lists(st, session, out, err);
	if (rc == KC_OK)
		rc = kc_chart_discharge_eval(st, cfg, session, now, &out->dci, &out->dc, err);
	if (rc != KC_OK)
		return rc;
	kc_screening_verdict(&out->scr, cfg, now, &out->verdict);
	in.route = out->s.route;
	in.phase = out->s.phase;
	in.dose_start = out->s.dose_start;
	in.dose_end = out->s.dose_end;
	in.last_reading = out->latest_at;
	kc_schedule_next(&in, cfg, now, &out->sched);
	return KC_OK;
}
