/* chart_session.c — patients, sessions and their life (phase, end, sign-off), addenda,
 * amendments, and who may chart (holds, clinicians). */
#include "chart_impl.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* s without its leading and trailing blanks: *len bytes from the returned pointer. */
static const char *trimmed(const char *s, size_t *len)
{
	size_t n;

	while (*s && isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	*len = n;
	return s;
}

int kc_chart_patient_same(const struct kc_patient *a, const char *name, const char *dob)
{
	size_t na, nb;
	const char *x = trimmed(a->name, &na), *y = trimmed(name, &nb);

	return na == nb && na > 0 && strncasecmp(x, y, na) == 0 && strcmp(a->dob, dob) == 0;
}

/* The first patient (by chart number) with p's name and date of birth; KC_ERR_NOTFOUND if none. */
static int same_patient(struct kc_store *st, const struct kc_patient *p, struct kc_patient *out, struct kc_err *err)
{
	struct kc_patient *rows = NULL;
	size_t n = 0, len;
	char name[KC_NAME_MAX];
	const char *t = trimmed(p->name, &len);
	int rc, found = 0;

	snprintf(name, sizeof name, "%.*s", (int)len, t);
	rc = kc_patient_find(st, name, &rows, &n, err);
	for (size_t i = 0; rc == KC_OK && i < n; i++)
		if (kc_chart_patient_same(&rows[i], p->name, p->dob) &&
		    (!found++ || strcmp(rows[i].chart_no, out->chart_no) < 0))
			*out = rows[i];
	free(rows);
	return rc != KC_OK ? rc : found ? KC_OK : KC_ERR_NOTFOUND;
}

int kc_chart_patient_add(struct kc_store *st, const struct kc_patient *p, int same_confirmed, time_t now,
			 kc_id *id, struct kc_err *err)
{
	struct kc_patient other;
	int rc;

	if (!same_confirmed) {
		rc = same_patient(st, p, &other, err);
		if (rc == KC_OK)
			return kc_fail(err, KC_ERR_EXISTS, "A patient with this name and date of birth exists (%s)",
				       other.chart_no);
		if (rc != KC_ERR_NOTFOUND)
			return rc;
		kc_err_clear(err);
	}
	return kc_patient_add(st, p, now, id, err);
}

int kc_chart_session_create(struct kc_store *st, kc_id patient, enum kc_route route, const char *indication,
			    time_t now, kc_id *id, struct kc_err *err)
{
	return kc_session_create(st, patient, route, indication, now, id, err);
}

int kc_chart_phase(struct kc_store *st, kc_id session, enum kc_phase phase, time_t now, struct kc_err *err)
{
	struct kc_session s;
	int rc = ch_session_open(st, session, &s, err);

	return rc != KC_OK ? rc : kc_session_set_phase(st, session, phase, now, err);
}

int kc_chart_end(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *outcome,
		 const char *reason, time_t now, struct kc_err *err)
{
	struct kc_session s;
	int rc = ch_session_open(st, session, &s, err);

	if (rc == KC_OK && outcome && strcmp(outcome, "discharged") == 0)
		rc = ch_discharge_gate(st, cfg, session, reason, now, err);
	return rc != KC_OK ? rc : kc_session_end(st, session, outcome, reason, now, err);
}

int kc_chart_sign(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t now,
		  struct kc_err *err)
{
	struct kc_session s;
	int rc = ch_session_unsigned(st, session, &s, err);

	if (rc == KC_OK && s.ended_at)
		rc = ch_drug_sign_check(st, &s, err);
	if (rc == KC_OK && s.ended_at)
		rc = ch_rems_sign_check(st, cfg, &s, err);
	if (rc == KC_OK && s.ended_at)
		rc = ch_rems_keep_setting(st, cfg, &s, now, err);
	rc = rc != KC_OK ? rc : kc_session_sign(st, session, now, err);
	/* The chain head outside the file (kc_store.h); the signature stands without it, and
	 * verify counts signatures after the latest anchor. In a batch the head is not
	 * committed yet: kc_chart_batch_end records it once the batch is. */
	if (rc == KC_OK && !kc_store_batch_open(st))
		kc_store_anchor_record(st, now, &(struct kc_err){ 0 });
	return rc;
}

int kc_chart_addendum(struct kc_store *st, kc_id session, const char *text, time_t now, struct kc_err *err)
{
	return kc_addendum_add(st, session, text, now, err);
}

int kc_chart_amend(struct kc_store *st, kc_id session, const char *tbl, kc_id row_id, const char *text,
		   const char *reason, time_t now, kc_id *id, struct kc_err *err)
{
	return kc_amendment_add(st, session, tbl, row_id, text, reason, now, id, err);
}

int kc_chart_hold(struct kc_store *st, kc_id session, time_t now, char *holder, size_t n, time_t *since,
		  struct kc_err *err)
{
	return kc_session_hold(st, session, now, holder, n, since, err);
}

int kc_chart_takeover(struct kc_store *st, kc_id session, time_t now, struct kc_err *err)
{
	return kc_session_takeover(st, session, now, err);
}

int kc_chart_release(struct kc_store *st, kc_id session, time_t now, struct kc_err *err)
{
	return kc_session_release(st, session, now, err);
}

int kc_chart_clinician_add(struct kc_store *st, const char *login, const char *display_name, enum kc_role role,
			   time_t now, struct kc_err *err)
{
	return kc_clinician_add(st, login, display_name, role, now, err);
}

int kc_chart_clinician_disable(struct kc_store *st, const char *login, time_t now, struct kc_err *err)
{
	return kc_clinician_disable(st, login, now, err);
}

void kc_chart_wait_hook(struct kc_store *st, kc_store_wait_fn fn, void *ctx)
{
	kc_store_set_wait_hook(st, fn, ctx);
}
