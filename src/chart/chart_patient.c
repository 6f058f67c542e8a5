/* chart_patient.c — a patient's demographics and REMS enrolment (kc_demog.h), as typed. */
#include "chart_impl.h"

#include "kc_booking.h"
#include "kc_demog.h"
#include "kc_time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int kc_chart_patient_detail(struct kc_store *st, kc_id patient, int field, const char *typed, const char *reason,
			    time_t now, struct kc_err *err)
{
	struct kc_patient p;
	char value[KC_PD_TEXT_MAX];
	int rc = kc_patient_get(st, patient, &p, err);

	if (rc != KC_OK)
		return rc;
	if (field < 0 || field >= KC_PD_COUNT)
		return kc_fail(err, KC_ERR_INVALID, "no such patient detail");
	rc = kc_pd_parse(field, typed, p.dob, now, value, sizeof value, err);
	if (rc != KC_OK)
		return rc;
	return kc_patient_detail_set(st, patient, field, value, ch_has_text(reason) ? reason : "", now, err);
}

/* ---------- bookings (kc_booking.h) ---------- */

/* "2026-12-03", "today", "tomorrow" and "HH:MM", local time -> *at. */
static int booking_time(const char *date, const char *hm, time_t now, time_t *at, struct kc_err *err)
{
	struct tm tm;
	int y, mo = 0, d = 0, h, mi;
	char end;

	localtime_r(&now, &tm);
	if (!date || !*date || strcmp(date, "today") == 0) {
		/* today */
	} else if (strcmp(date, "tomorrow") == 0) {
		tm.tm_mday++;
	} else if (sscanf(date, "%4d-%2d-%2d%c", &y, &mo, &d, &end) == 3 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31) {
		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
	} else {
		return kc_fail(err, KC_ERR_INVALID, "Date: type YYYY-MM-DD, today or tomorrow, not \"%s\"", date);
	}
	if (!hm || sscanf(hm, "%2d:%2d%c", &h, &mi, &end) != 2 || h < 0 || h > 23 || mi < 0 || mi > 59)
		return kc_fail(err, KC_ERR_INVALID, "Time: type HH:MM (24-hour), not \"%s\"", hm ? hm : "");
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	*at = mktime(&tm);
	if (*at == (time_t)-1 || (d && (tm.tm_mday != d || tm.tm_mon != mo - 1)))
		return kc_fail(err, KC_ERR_INVALID, "Date: %s is not a day of the calendar", date);
	return KC_OK;
}

/* The chair as the configuration names it ([general] chairs), matched trimmed and
 * case-insensitive; "" when it is not one of them. */
static void chair_of(const struct kc_config *cfg, const char *typed, char *out, size_t n)
{
	char list[sizeof cfg->general.chairs];
	char *save = NULL;

	out[0] = '\0';
	kc_strlcpy(list, cfg->general.chairs, sizeof list);
	for (char *c = strtok_r(list, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
		size_t len;

		while (*c == ' ')
			c++;
		len = strlen(c);
		while (len && c[len - 1] == ' ')
			c[--len] = '\0';
		if (strcasecmp(c, typed) == 0)
			kc_strlcpy(out, c, n);
	}
}

int kc_chart_book(struct kc_store *st, const struct kc_config *cfg, kc_id patient, const char *date, const char *hm,
		  const char *chair, enum kc_route route, time_t now, kc_id *id, struct kc_err *err)
{
	struct kc_booking b, *rows = NULL;
	struct tm tm;
	time_t day;
	size_t n = 0;
	int rc;

	memset(&b, 0, sizeof b);
	b.patient_id = patient;
	b.route = route;
	rc = booking_time(date, hm, now, &b.at, err);
	if (rc != KC_OK)
		return rc;
	localtime_r(&now, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	day = mktime(&tm);
	if (b.at < day)
		return kc_fail(err, KC_ERR_INVALID, "a booking is for today or later, not a past day");
	chair_of(cfg, chair ? chair : "", b.chair, sizeof b.chair);
	if (!b.chair[0])
		return kc_fail(err, KC_ERR_INVALID, "Chair: one of %s", cfg->general.chairs);
	rc = kc_booking_list(st, b.at, b.at + 60, &rows, &n, err);
	for (size_t i = 0; rc == KC_OK && i < n; i++)
		if (strcmp(rows[i].chair, b.chair) == 0 && !rows[i].cancelled_at)
			rc = kc_fail(err, KC_ERR_INVALID, "%s is booked at %s already", b.chair, hm);
	free(rows);
	if (rc == KC_OK)
		rc = kc_booking_add(st, &b, now, err);
	if (rc == KC_OK && id)
		*id = b.id;
	return rc;
}

int kc_chart_booking_cancel(struct kc_store *st, kc_id booking, const char *reason, time_t now, struct kc_err *err)
{
	struct kc_booking b;
	char when[32];
	int rc;

	if (!ch_has_text(reason))
		return kc_fail(err, KC_ERR_INVALID, "Reason: say why the booking is cancelled");
	rc = kc_booking_get(st, booking, &b, err);
	if (rc == KC_OK && b.cancelled_at) {
		kc_time_local(b.cancelled_at, when, sizeof when);
		return kc_fail(err, KC_ERR_INVALID, "this booking was cancelled already, %s by %s: %s", when,
			       b.cancelled_by, b.cancel_reason);
	}
	if (rc == KC_OK)
		rc = kc_booking_session(st, &b, err);
	if (rc == KC_OK && b.day_session)
		return kc_fail(err, KC_ERR_INVALID, "the booked session has started (%s): it ends with its own "
			       "outcome, the booking is not cancelled", b.day_session == 2 ? "finished" : "in progress");
	return rc != KC_OK ? rc : kc_booking_cancel(st, booking, reason, now, err);
}
