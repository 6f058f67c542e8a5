/* today.c — today's bookings with their patient, session and state (kc_booking.h). */
#include "kc_booking.h"

#include <stdlib.h>
#include <string.h>

/* The local day of now: [*from, *to). */
static void local_day(time_t now, time_t *from, time_t *to)
{
	struct tm tm;

	localtime_r(&now, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	*from = mktime(&tm);
	tm.tm_mday++;
	tm.tm_isdst = -1;
	*to = mktime(&tm);
}

/* The patient's session opened that day (the latest): 0 none, 1 open, 2 ended. */
static int day_session(struct kc_store *st, struct kc_booking *b, time_t from, time_t to, struct kc_err *err)
{
	struct kc_session *ses = NULL;
	size_t n = 0;
	int rc = kc_session_list(st, b->patient_id, &ses, &n, err), state = 0;

	for (size_t i = 0; rc == KC_OK && i < n && !b->session; i++)
		if (ses[i].created_at >= from && ses[i].created_at < to && ses[i].route == b->route) {
			b->session = ses[i].id;
			state = ses[i].ended_at ? 2 : 1;
		}
	free(ses);
	return rc == KC_OK ? state : -1;
}

int kc_today(struct kc_store *st, const struct kc_config *cfg, time_t now, struct kc_booking **rows, size_t *n,
	     struct kc_err *err)
{
	time_t from, to;
	int rc;

	local_day(now, &from, &to);
	rc = kc_booking_list(st, from, to, rows, n, err);
	for (size_t i = 0; rc == KC_OK && i < *n; i++) {
		struct kc_booking *b = &(*rows)[i];
		struct kc_patient p;
		int state;

		rc = kc_patient_get(st, b->patient_id, &p, err);
		if (rc != KC_OK)
			break;
		kc_strlcpy(b->name, p.name, sizeof b->name);
		kc_strlcpy(b->chart_no, p.chart_no, sizeof b->chart_no);
		state = day_session(st, b, from, to, err);
		if (state < 0)
			rc = err->status;
		else {
			b->day_session = state;
			b->day_end = to;
			b->state = kc_bk_state(b->at, state, to, cfg->course.late_after_min, now);
		}
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
		if (rows[i].patient_id == patient)
			kc_strlcpy(out, rows[i].chair, len);
}
