/* record.c — one session's whole record, loaded at once for the text report and the chart
 * view, and the order both list corrected entries in. */
#include "kc_record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"

/* ---------- loading ---------- */

static int load_lists(struct kc_store *st, kc_id session, struct kc_record *r, struct kc_err *err)
{
	int rc = kc_screen_load(st, session, &r->scr, err);

	if (rc == KC_OK)
		rc = kc_weight_of_session(st, session, &r->wt, err);
	if (rc == KC_OK)
		rc = kc_screen_list(st, session, &r->ans, &r->nans, err);
	if (rc == KC_OK)
		rc = kc_screen_history(st, session, &r->hist, &r->nhist, err);
	if (rc == KC_OK)
		rc = kc_vitals_list(st, session, &r->vr, &r->nv, err);
	if (rc == KC_OK)
		rc = kc_obs_list(st, session, &r->obs, &r->no, err);
	if (rc == KC_OK)
		rc = kc_dose_list(st, session, &r->dr, &r->nd, err);
	if (rc == KC_OK)
		rc = kc_discharge_list(st, session, &r->dc, &r->ndc, err);
	if (rc == KC_OK)
		rc = kc_addendum_list(st, session, &r->ad, &r->nad, err);
	if (rc == KC_OK)
		rc = kc_amendment_list(st, session, &r->am, &r->nam, err);
	if (rc == KC_OK)
		rc = kc_session_hold_list(st, session, &r->ho, &r->nho, err);
	if (rc == KC_OK)
		rc = kc_weight_list(st, session, &r->wts, &r->nwt, err);
	if (rc == KC_OK)
		rc = kc_patient_fix_list(st, r->s.patient_id, &r->pf, &r->npf, err);
	if (rc == KC_OK)
		rc = kc_ack_list(st, session, &r->ack, &r->nack, err);
	return rc;
}

int kc_record_load(struct kc_store *st, kc_id session, struct kc_record *r, struct kc_err *err)
{
	int rc;

	memset(r, 0, sizeof *r);
	rc = kc_session_get(st, session, &r->s, err);
	if (rc == KC_OK)
		rc = kc_patient_get(st, r->s.patient_id, &r->p, err);
	if (rc == KC_OK)
		rc = load_lists(st, session, r, err);
	if (rc != KC_OK)
		kc_record_free(r);
	return rc;
}

void kc_record_free(struct kc_record *r)
{
	free(r->ans);
	free(r->hist);
	free(r->vr);
	free(r->obs);
	free(r->dr);
	free(r->dc);
	free(r->ad);
	free(r->am);
	free(r->ho);
	free(r->wts);
	free(r->pf);
	free(r->ack);
	memset(r, 0, sizeof *r);
}

size_t kc_record_ack(const struct kc_record *r, kc_id vitals_id, kc_id obs_id, const struct kc_ack_row **first)
{
	size_t i = 0, n = 0;

	while (i < r->nack && !(vitals_id ? r->ack[i].vitals_id == vitals_id : r->ack[i].observation_id == obs_id))
		i++;
	*first = i < r->nack ? &r->ack[i] : NULL;
	while (i + n < r->nack && r->ack[i + n].vitals_id == r->ack[i].vitals_id &&
	       r->ack[i + n].observation_id == r->ack[i].observation_id)
		n++;
	return n;
}

const struct kc_answer_row *kc_record_answer(const struct kc_record *r, const char *item)
{
	for (size_t i = 0; i < r->nans; i++)
		if (strcmp(r->ans[i].item, item) == 0)
			return &r->ans[i];
	return NULL;
}

/* ---------- changed screening answers ---------- */

/* An answer as it read: "yes", "yes: the note", a time as HH:MM, "(blank)". */
static void answer_text(const struct kc_answer_row *a, char *out, size_t n)
{
	char hm[16];
	int is_time = strcmp(a->item, "last_solids") == 0 || strcmp(a->item, "last_liquids") == 0 ||
		      strcmp(a->item, "nasal_pretreat") == 0;

	if (is_time && a->value[0]) {
		kc_time_local_hm((time_t)strtoll(a->value, NULL, 10), hm, sizeof hm);
		snprintf(out, n, "%s", hm);
	} else if (a->value[0] && a->note[0]) {
		snprintf(out, n, "%s: %s", a->value, a->note);
	} else {
		snprintf(out, n, "%s", a->value[0] ? a->value : a->note[0] ? a->note : "(blank)");
	}
}

/* The reason stored with answer row id ("change" row naming it), "" if none. */
static const char *change_reason(const struct kc_record *r, kc_id id)
{
	for (size_t i = 0; i < r->nhist; i++)
		if (strcmp(r->hist[i].item, "change") == 0 && strtoll(r->hist[i].value, NULL, 10) == id)
			return r->hist[i].note;
	return "";
}

int kc_record_answer_change(const struct kc_record *r, const char *item, size_t k, char *out, size_t n)
{
	const struct kc_answer_row *prev = NULL;
	char was[KC_NOTE_MAX + 80], t1[16], t2[16];
	const char *why;
	size_t seen = 0;

	if (strncmp(item, "override", 8) == 0 || strcmp(item, "change") == 0)
		return 0;
	for (size_t i = 0; i < r->nhist; i++) {
		const struct kc_answer_row *a = &r->hist[i];

		if (strcmp(a->item, item) != 0)
			continue;
		if (prev && kc_answer_is_change(item, prev->value, prev->note, a->value, a->note) && seen++ == k) {
			answer_text(prev, was, sizeof was);
			kc_time_local_hm(prev->at, t1, sizeof t1);
			kc_time_local_hm(a->at, t2, sizeof t2);
			why = change_reason(r, a->id);
			snprintf(out, n, "changed from %s (entered %s by %s) at %s by %s: %s", was, t1, prev->by, t2,
				 a->by, why[0] ? why : "no reason recorded (entered before reasons were asked)");
			return 1;
		}
		prev = a;
	}
	return 0;
}

/* ---------- corrections follow what they correct ---------- */

/* Rows of any type with `kc_id id` and `struct kc_eie eie` members. */
struct rows {
	const char *base;
	size_t n, size, id_off, eie_off;
};

static kc_id row_id(const struct rows *r, size_t i)
{
	kc_id id;

	memcpy(&id, r->base + i * r->size + r->id_off, sizeof id);
	return id;
}

static const struct kc_eie *row_eie(const struct rows *r, size_t i)
{
	return (const struct kc_eie *)(const void *)(r->base + i * r->size + r->eie_off);
}

/* The index of the row with id, r->n when there is none (or id is 0: no link). */
static size_t row_find(const struct rows *r, kc_id id)
{
	for (size_t i = 0; id && i < r->n; i++)
		if (row_id(r, i) == id)
			return i;
	return r->n;
}

static size_t *row_order(const struct rows *r)
{
	size_t *order = calloc(r->n ? r->n : 1, sizeof *order);
	char *done = calloc(r->n ? r->n : 1, 1);
	size_t k = 0;

	if (!order || !done) {
		free(order);
		free(done);
		return NULL;
	}
	for (size_t i = 0; i < r->n; i++) {
		if (done[i] || row_find(r, row_eie(r, i)->corrects) < r->n)
			continue; /* a replacement comes with the row it corrects */
		for (size_t j = i; j < r->n && !done[j]; j = row_find(r, row_eie(r, j)->replaced_by)) {
			done[j] = 1;
			order[k++] = j;
		}
	}
	for (size_t i = 0; i < r->n; i++) /* a broken link (or a loop) still shows */
		if (!done[i])
			order[k++] = i;
	free(done);
	return order;
}

size_t *kc_record_vitals_order(const struct kc_record *r)
{
	struct rows rows = { (const char *)r->vr, r->nv, sizeof *r->vr, offsetof(struct kc_vitals_row, id),
			     offsetof(struct kc_vitals_row, eie) };

	return row_order(&rows);
}

size_t *kc_record_obs_order(const struct kc_record *r)
{
	struct rows rows = { (const char *)r->obs, r->no, sizeof *r->obs, offsetof(struct kc_obs_row, id),
			     offsetof(struct kc_obs_row, eie) };

	return row_order(&rows);
}

size_t *kc_record_dose_order(const struct kc_record *r)
{
	struct rows rows = { (const char *)r->dr, r->nd, sizeof *r->dr, offsetof(struct kc_dose_row, id),
			     offsetof(struct kc_dose_row, eie) };

	return row_order(&rows);
}

/* ---------- amendments, names ---------- */

size_t kc_record_amend_count(const struct kc_record *r, const char *tbl, kc_id id)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nam; i++)
		n += strcmp(r->am[i].tbl, tbl) == 0 && r->am[i].row_id == id;
	return n;
}

void kc_record_who(struct kc_store *st, const char *login, char *out, size_t n)
{
	struct kc_clinician c;

	if (kc_clinician_get(st, login, &c, NULL) == KC_OK && c.display_name[0] &&
	    strcmp(c.display_name, login) != 0)
		snprintf(out, n, "%s (%s)", c.display_name, login);
	else
		snprintf(out, n, "%s", login);
}

void kc_record_dose_text(const struct kc_dose_row *d, char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	if (d->device_no)
		len += (size_t)snprintf(out + len, n - len, "no. %d, ", d->device_no);
	if (d->mg > 0 && len < n)
		len += (size_t)snprintf(out + len, n - len, "%.1f mg, ", d->mg);
	if (d->rate_ml_h > 0 && len < n)
		len += (size_t)snprintf(out + len, n - len, "%.1f mL/h, ", d->rate_ml_h);
	if (d->lot[0] && len < n)
		len += (size_t)snprintf(out + len, n - len, "lot %s, ", d->lot);
	if (len < n)
		snprintf(out + len, n - len, "by %s%s%s%s", d->entered_by, d->late ? ", LATE" : "",
			 d->note[0] ? "; note: " : "", d->note);
}

/* ---------- corrected patient details and weights ---------- */

void kc_record_patient_was(const struct kc_record *r, const char *field, char *out, size_t n)
{
	size_t len = 0;
	char t[32];

	out[0] = '\0';
	for (size_t i = 0; i < r->npf && len < n; i++) {
		const struct kc_patient_fix *f = &r->pf[i];
		int w;

		if (strcmp(f->field, field) != 0)
			continue;
		kc_time_local(f->at, t, sizeof t);
		w = snprintf(out + len, n - len, "%scorrected from %s (%s - %s, %s)", len ? "; " : "", f->old_value,
			     f->reason, f->by, t);
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

void kc_record_weight_eie_text(const struct kc_record *r, const struct kc_weight_row *w, char *out, size_t n)
{
	const struct kc_weight_row *to = NULL;
	char t[32], kg[32] = "";

	for (size_t i = 0; i < r->nwt; i++)
		if (w->eie.replaced_by && r->wts[i].id == w->eie.replaced_by)
			to = &r->wts[i];
	if (to)
		snprintf(kg, sizeof kg, "%.1f kg", to->kg);
	kc_time_local(w->eie.at, t, sizeof t);
	snprintf(out, n, "%.1f kg entered in error (%s): %s - %s, %s; %s%s", w->kg, kc_eie_name(w->eie.code),
		 w->eie.reason, w->eie.by, t, to ? "corrected to " : "not replaced", kg);
}
