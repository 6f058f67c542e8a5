/* chart_data.c — what the store holds about the session the chart shows, loaded at once. */
#include "scr_chart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------- loading ---------- */

void chart_data_free(struct data *d)
{
	free(d->ans);
	free(d->vr);
	free(d->obs);
	free(d->dr);
	free(d->dc);
	free(d->ad);
	free(d->ad_who);
	free(d->am);
	free(d->am_who);
	memset(d, 0, sizeof *d);
}

/* "Dr Ana Silva (asilva)", or the login alone when there is no other name. */
static void who(struct kc_store *st, const char *login, char *out, size_t n)
{
	struct kc_clinician c;

	if (kc_clinician_get(st, login, &c, NULL) == KC_OK && c.display_name[0] &&
	    strcmp(c.display_name, login) != 0)
		snprintf(out, n, "%s (%s)", c.display_name, login);
	else
		snprintf(out, n, "%s", login);
}

static int data_lists(struct kc_store *st, kc_id id, struct data *d, struct kc_err *err)
{
	int rc = kc_screen_load(st, id, &d->scr, err);

	if (rc == KC_OK)
		rc = kc_screen_list(st, id, &d->ans, &d->nans, err);
	if (rc == KC_OK)
		rc = kc_vitals_list(st, id, &d->vr, &d->nv, err);
	if (rc == KC_OK)
		rc = kc_obs_list(st, id, &d->obs, &d->no, err);
	if (rc == KC_OK)
		rc = kc_dose_list(st, id, &d->dr, &d->nd, err);
	if (rc == KC_OK)
		rc = kc_discharge_list(st, id, &d->dc, &d->ndc, err);
	if (rc == KC_OK)
		rc = kc_addendum_list(st, id, &d->ad, &d->nad, err);
	if (rc == KC_OK)
		rc = kc_amendment_list(st, id, &d->am, &d->nam, err);
	return rc;
}

int chart_data_load(struct kc_store *st, kc_id id, struct data *d, struct kc_err *err)
{
	int rc;

	memset(d, 0, sizeof *d);
	rc = kc_session_get(st, id, &d->s, err);
	if (rc == KC_OK)
		rc = kc_patient_get(st, d->s.patient_id, &d->p, err);
	if (rc == KC_OK)
		rc = data_lists(st, id, d, err);
	if (rc == KC_OK && ((d->nad && !(d->ad_who = calloc(d->nad, sizeof *d->ad_who))) ||
			    (d->nam && !(d->am_who = calloc(d->nam, sizeof *d->am_who)))))
		rc = kc_fail(err, KC_ERR_NOMEM, "out of memory");
	if (rc != KC_OK) {
		chart_data_free(d);
		return rc;
	}
	who(st, d->s.clinician, d->clinician, sizeof d->clinician);
	for (size_t i = 0; i < d->nad; i++)
		who(st, d->ad[i].by, d->ad_who[i], sizeof d->ad_who[i]);
	for (size_t i = 0; i < d->nam; i++)
		who(st, d->am[i].by, d->am_who[i], sizeof d->am_who[i]);
	return KC_OK;
}

kc_id chart_entry_id(const struct data *d, const struct entry *e)
{
	switch (e->type) {
	case E_SESSION: return d->s.id;
	case E_ANSWER: return d->ans[e->row].id;
	case E_DOSE: return d->dr[e->row].id;
	case E_VITALS: return d->vr[e->row].id;
	case E_OBS: return d->obs[e->row].id;
	case E_DISCHARGE: return d->dc[e->row].id;
	case E_ADDENDUM: return d->ad[e->row].id;
	default: return 0;
	}
}
