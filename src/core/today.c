/* today.c — today's bookings with their patient, session and state (kc_booking.h). */
#include "kc_booking.h"
#include "kc_time.h"

#include <stdlib.h>
#include <string.h>

int kc_today(struct kc_store *st, const struct kc_config *cfg, time_t now, struct kc_booking **rows, size_t *n,
	     struct kc_err *err)
{
	time_t from, to;
	int rc;

	kc_local_day(now, &from, &to);
	rc = kc_booking_list(st, from, to, rows, n, err);
	for (size_t i = 0; rc == KC_OK && i < *n; i++) {
		struct kc_booking *b = &(*rows)[i];
		struct kc_patient p;

		rc = kc_patient_get(st, b->patient_id, &p, err);
		if (rc != KC_OK)
			break;
		kc_strlcpy(b->name, p.name, sizeof b->name);
		kc_strlcpy(b->chart_no, p.chart_no, sizeof b->chart_no);
		rc = kc_booking_session(st, b, err);
		b->state = kc_bk_state_of(b, cfg->course.late_after_min, now);
	}
	if (rc != KC_OK) {
		free(*rows);
		*rows = NULL;
		*n = 0;
	}
	return rc;
}

int kc_bookings_of_patient(struct kc_store *st, const struct kc_config *cfg, kc_id patient, time_t now,
			   struct kc_booking **rows, size_t *n, struct kc_err *err)
{
	int rc = kc_booking_of_patient(st, patient, rows, n, err);

	for (size_t i = 0; rc == KC_OK && i < *n; i++) {
		struct kc_booking *b = &(*rows)[i];

		rc = kc_booking_session(st, b, err);
		b->state = kc_bk_state_of(b, cfg->course.late_after_min, now);
	}
	if (rc != KC_OK) {
		free(*rows);
		*rows = NULL;
		*n = 0;
	}
	return rc;
}

void kc_today_chair(const struct kc_booking *rows, size_t n, kc_id patient, char *out, size_t len)
{
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		if (rows[i].patient_id == patient && !rows[i].cancelled_at)
			kc_strlcpy(out, rows[i].chair, len);
}
