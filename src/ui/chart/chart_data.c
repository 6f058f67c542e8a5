/* chart_data.c — what the store holds about the session the chart shows (its kc_record),
 * loaded at once, with the names of those who wrote it. */
#include "scr_chart.h"

#include <stdlib.h>
#include <string.h>

/* ---------- loading ---------- */

void chart_data_free(struct data *d)
{
	kc_record_free(&d->rec);
	free(d->ad_who);
	free(d->am_who);
	memset(d, 0, sizeof *d);
}

int chart_data_load(struct kc_store *st, kc_id id, struct data *d, struct kc_err *err)
{
	const struct kc_record *r = &d->rec;
	int rc;

	memset(d, 0, sizeof *d);
	rc = kc_record_load(st, id, &d->rec, err);
	if (rc == KC_OK && ((r->nad && !(d->ad_who = calloc(r->nad, sizeof *d->ad_who))) ||
			    (r->nam && !(d->am_who = calloc(r->nam, sizeof *d->am_who)))))
		rc = kc_fail(err, KC_ERR_NOMEM, "out of memory");
	if (rc != KC_OK) {
		chart_data_free(d);
		return rc;
	}
	kc_record_who(st, r->s.clinician, d->clinician, sizeof d->clinician);
	for (size_t i = 0; i < r->nad; i++)
		kc_record_who(st, r->ad[i].by, d->ad_who[i], sizeof d->ad_who[i]);
	for (size_t i = 0; i < r->nam; i++)
		kc_record_who(st, r->am[i].by, d->am_who[i], sizeof d->am_who[i]);
	return KC_OK;
}

kc_id chart_entry_id(const struct data *d, const struct entry *e)
{
	const struct kc_record *r = &d->rec;

	switch (e->type) {
	case E_SESSION: return r->s.id;
	case E_ANSWER: return r->ans[e->row].id;
	case E_WEIGHT: return r->wt.id;
	case E_DOSE: return r->dr[e->row].id;
	case E_VITALS: return r->vr[e->row].id;
	case E_OBS: return r->obs[e->row].id;
	case E_DISCHARGE: return r->dc[e->row].id;
	case E_ADDENDUM: return r->ad[e->row].id;
	default: return 0;
	}
}
