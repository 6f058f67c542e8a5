/* chart_common.c — the session checks and stored facts every kind of entry relies on. */
#include "chart_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"

void ch_facts_init(struct facts *f)
{
	kc_vitals_clear(&f->baseline);
	f->sys = f->dia = f->moaas = KC_NONE;
	f->moaas_at = 0;
	f->cadss = f->cadss_baseline = f->nausea = KC_NONE;
}

int ch_vitals_valid(const struct kc_vitals_row *r)
{
	return r->eie.code == KC_EIE_NONE && r->status == KC_VITALS_TAKEN;
}

int ch_obs_valid(const struct kc_obs_row *r)
{
	return r->eie.code == KC_EIE_NONE;
}

/* Readings come ordered by time taken, so the last match wins. */
void ch_facts_from_vitals(const struct kc_vitals_row *rows, size_t n, time_t upto, kc_id skip,
			      struct facts *f)
{
	for (size_t i = 0; i < n; i++) {
		const struct kc_vitals_row *r = &rows[i];

		if (!ch_vitals_valid(r) || r->id == skip || r->taken_at > upto)
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

void ch_facts_from_obs(const struct kc_obs_row *rows, size_t n, time_t upto, time_t dose_start,
			   struct facts *f)
{
	for (size_t i = 0; i < n; i++) {
		const struct kc_obs_row *r = &rows[i];

		if (!ch_obs_valid(r) || r->observed_at > upto)
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

int ch_session_open(struct kc_store *st, kc_id id, struct kc_session *s, struct kc_err *err)
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
int ch_session_unsigned(struct kc_store *st, kc_id id, struct kc_session *s, struct kc_err *err)
{
	int rc = kc_session_get(st, id, s, err);

	if (rc == KC_OK && s->signed_by[0])
		rc = kc_fail(err, KC_ERR_SIGNED, "session %lld is signed and read-only (add an addendum instead)",
			     id);
	if (rc == KC_OK)
		rc = kc_session_hold_check(st, id, err);
	return rc;
}

/* The latest valid reading taken before t (not counting skip); 0 if none. *critical (may
 * be NULL): that reading reached a critical level. */
time_t ch_last_reading_before(const struct kc_vitals_row *rows, size_t n, time_t t, kc_id skip, int *critical)
{
	time_t last = 0;
	int crit = 0;

	for (size_t i = 0; i < n; i++)
		if (ch_vitals_valid(&rows[i]) && rows[i].id != skip && rows[i].taken_at < t &&
		    rows[i].taken_at >= last) {
			last = rows[i].taken_at;
			crit = rows[i].level == KC_LEVEL_CRITICAL;
		}
	if (critical)
		*critical = crit;
	return last;
}

/* The schedule as it stood at time t: the phase follows from the dose times, so a
 * reading entered late is matched against the interval in force when it was taken. */
void ch_sched_input_at(const struct kc_session *s, time_t t, time_t last, struct kc_sched_input *in)
{
	in->route = s->route;
	in->dose_start = s->dose_start;
	in->dose_end = s->dose_end;
	in->last_reading = last;
	in->last_critical = 0;
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

int ch_has_text(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t')
			return 1;
	return 0;
}
