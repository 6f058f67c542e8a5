/* course.c — a patient's course read from the store (kc_course.h): one row per session
 * from that session's own record (kc_record_load), so the course says what each session's
 * chart and report say; then judged by the rules (src/rules/course.c). Reads only. */
#include "kc_course.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kc_record.h"

int kc_course_pcl5_of(const struct kc_record *r)
{
	int items[KC_PCL5_ITEMS], total = KC_NONE;
	char key[24];

	for (int i = 0; i < KC_PCL5_ITEMS; i++) {
		const struct kc_answer_row *a;

		snprintf(key, sizeof key, "pcl5.%d", i + 1);
		a = kc_record_answer(r, key);
		if (!a || !isdigit((unsigned char)a->value[0]))
			return KC_NONE;
		items[i] = atoi(a->value);
	}
	return kc_pcl5_score(items, &total, NULL) == KC_OK ? total : KC_NONE;
}

static void scores_of(const struct kc_record *r, struct kc_course_row *out)
{
	struct kc_score sc;

	out->phq9 = out->gad7 = KC_NONE;
	if (r->scr.has_phq9 && kc_phq9_score(r->scr.phq9, &sc, NULL) == KC_OK)
		out->phq9 = sc.total;
	if (r->scr.has_gad7 && kc_gad7_score(r->scr.gad7, &sc, NULL) == KC_OK)
		out->gad7 = sc.total;
	out->pcl5 = kc_course_pcl5_of(r);
}

/* Peaks over the valid entries only: a reading or an observation entered in error is not
 * what happened. */
static void peaks_of(const struct kc_record *r, struct kc_course_row *out)
{
	out->cadss6_peak = out->sys_peak = out->dia_peak = out->nausea_peak = KC_NONE;
	out->vomiting = out->crit = 0;
	for (size_t i = 0; i < r->nv; i++) {
		const struct kc_vitals_row *v = &r->vr[i];

		if (v->eie.code != KC_EIE_NONE || v->status != KC_VITALS_TAKEN)
			continue;
		out->crit += v->level == KC_LEVEL_CRITICAL;
		if (v->v.systolic == KC_NONE)
			continue;
		if (v->v.systolic > out->sys_peak) {
			out->sys_peak = v->v.systolic;
			out->dia_peak = v->v.diastolic;
		}
	}
	for (size_t i = 0; i < r->no; i++) {
		const struct kc_obs_row *o = &r->obs[i];

		if (o->eie.code != KC_EIE_NONE)
			continue;
		if (o->scale == KC_SCALE_CADSS6 && o->score > out->cadss6_peak)
			out->cadss6_peak = o->score;
		if (o->kind == KC_OBS_NAUSEA && o->scale == KC_SCALE_NRS && o->score > out->nausea_peak)
			out->nausea_peak = o->score;
		if (o->kind == KC_OBS_NAUSEA)
			out->vomiting += o->vomiting;
		if (o->kind == KC_OBS_VOMITING && o->scale == KC_SCALE_EPISODES)
			out->vomiting += o->score;
	}
}

static void row_from(const struct kc_record *r, struct kc_course_row *out)
{
	const struct kc_session *s = &r->s;

	memset(out, 0, sizeof *out);
	out->session = s->id;
	out->at = s->dose_start ? s->dose_start : s->created_at;
	out->route = s->route;
	kc_strlcpy(out->indication, s->indication, sizeof out->indication);
	out->ptsd = kc_pcl5_offered(s->indication);
	out->mg = s->given_mg;
	out->weight_kg = s->weight_kg > 0 ? s->weight_kg : r->scr.weight_kg;
	/* esketamine is a fixed dose: mg/kg says nothing there */
	out->mg_per_kg = out->mg > 0 && out->weight_kg > 0 && s->route != KC_ROUTE_ESKETAMINE ? out->mg / out->weight_kg : 0;
	out->planned_mg_per_kg = s->planned_mg_per_kg;
	out->phase = s->phase;
	kc_strlcpy(out->outcome, s->outcome, sizeof out->outcome);
	out->is_signed = s->signed_by[0] != '\0';
	out->change_pct = KC_NONE;
	scores_of(r, out);
	peaks_of(r, out);
}

int kc_course_row_load(struct kc_store *st, kc_id session, struct kc_course_row *out, struct kc_err *err)
{
	struct kc_record r;
	int rc = kc_record_load(st, session, &r, err);

	if (rc == KC_OK)
		row_from(&r, out);
	kc_record_free(&r);
	return rc;
}

void kc_course_free(struct kc_course *c)
{
	free(c->rows);
	free(c->all);
	c->rows = c->all = NULL;
	c->n = c->nall = 0;
}

/* The course's rows (the route's sessions), and with all every session into out->all. */
static int course_load(struct kc_store *st, const struct kc_config *cfg, kc_id patient, int route, int all,
		       struct kc_course *out, struct kc_err *err)
{
	struct kc_session *ses = NULL;
	size_t n = 0;
	int rc;

	memset(out, 0, sizeof *out);
	out->first_phq9 = KC_NONE;
	rc = kc_patient_get(st, patient, &out->p, err);
	if (rc == KC_OK)
		rc = kc_session_list(st, patient, &ses, &n, err);
	if (rc != KC_OK)
		return rc;
	out->route = route >= 0 ? (enum kc_route)route : n ? ses[0].route : KC_ROUTE_IV;
	if (n && (!(out->rows = calloc(n, sizeof *out->rows)) || (all && !(out->all = calloc(n, sizeof *out->all)))))
		rc = kc_fail(err, KC_ERR_NOMEM, "out of memory");
	/* kc_session_list is newest first: the course runs the other way */
	for (size_t i = n; rc == KC_OK && i-- > 0;) {
		struct kc_course_row *r = all ? &out->all[out->nall] : &out->rows[out->n];

		if (!all && ses[i].route != out->route)
			continue;
		if ((rc = kc_course_row_load(st, ses[i].id, r, err)) != KC_OK)
			break;
		if (all)
			out->nall++;
		if (ses[i].route == out->route)
			out->rows[out->n++] = *r;
	}
	free(ses);
	if (rc != KC_OK) {
		kc_course_free(out);
		return rc;
	}
	kc_course_judge(&cfg->course, out);
	kc_course_escalations(out->all, out->nall);
	return KC_OK;
}

int kc_course_load(struct kc_store *st, const struct kc_config *cfg, kc_id patient, int route,
		   struct kc_course *out, struct kc_err *err)
{
	return course_load(st, cfg, patient, route, 0, out, err);
}

int kc_course_load_all(struct kc_store *st, const struct kc_config *cfg, kc_id patient, int route,
		       struct kc_course *out, struct kc_err *err)
{
	return course_load(st, cfg, patient, route, 1, out, err);
}
