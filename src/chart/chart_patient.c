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
	const char *c[32];
	size_t k = kc_chairs_split(cfg->general.chairs, list, sizeof list, c, 32);

	out[0] = '\0';
	for (size_t i = 0; i < k; i++)
		if (strcasecmp(c[i], typed) == 0)
			kc_strlcpy(out, c[i], n);
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

/* ---------- the chair a session is given (migration 20) ---------- */

/* The chair as configured into out, refused when unknown or taken by another session in
 * progress than except: by its own chair row, or by its booking today. */
static int chair_free(struct kc_store *st, const struct kc_config *cfg, const char *typed, kc_id except, time_t now,
		      char *out, size_t n, struct kc_err *err)
{
	struct kc_booking *bk = NULL;
	size_t nb = 0;
	kc_id other = 0;
	char who[KC_NAME_MAX + 40], has[32];
	int rc;

	char t[32];
	size_t len;

	typed = typed ? typed + strspn(typed, " ") : "";
	kc_strlcpy(t, typed, sizeof t);
	for (len = strlen(t); len && t[len - 1] == ' ';)
		t[--len] = '\0';
	chair_of(cfg, t, out, n);
	if (!out[0])
		return kc_fail(err, KC_ERR_INVALID, "Chair: one of %s", cfg->general.chairs);
	rc = kc_session_chair_taken(st, out, except, &other, who, sizeof who, err);
	if (rc == KC_OK && other)
		return kc_fail(err, KC_ERR_INVALID, "%s is taken: %s is in session there", out, who);
	if (rc == KC_OK)
		rc = kc_today(st, cfg, now, &bk, &nb, err);
	for (size_t i = 0; rc == KC_OK && i < nb; i++) {
		if (bk[i].day_session != 1 || bk[i].session == except || strcmp(bk[i].chair, out) != 0)
			continue;
		rc = kc_session_chair_get(st, bk[i].session, has, sizeof has, err);
		if (rc == KC_OK && !has[0]) /* a chair row of its own says where it is instead */
			rc = kc_fail(err, KC_ERR_INVALID, "%s is taken: %s (%s) is in session there", out, bk[i].name,
				     bk[i].chart_no);
	}
	free(bk);
	return rc;
}

int kc_chart_session_chair(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *chair,
			   time_t now, struct kc_err *err)
{
	struct kc_session s;
	char name[32], has[32];
	int rc = ch_session_open(st, session, &s, err);

	if (rc == KC_OK)
		rc = kc_session_chair_get(st, session, has, sizeof has, err);
	if (rc == KC_OK && has[0])
		rc = kc_fail(err, KC_ERR_INVALID, "this session is in %s already; its chair is not changed", has);
	if (rc == KC_OK)
		rc = chair_free(st, cfg, chair, session, now, name, sizeof name, err);
	return rc != KC_OK ? rc : kc_session_chair_add(st, session, name, now, err);
}

int kc_chart_session_start(struct kc_store *st, const struct kc_config *cfg, kc_id patient, enum kc_route route,
			   const char *indication, const char *chair, time_t now, kc_id *id, struct kc_err *err)
{
	char name[32];
	kc_id sid = 0;
	int rc = KC_OK;

	if (chair && chair[0])
		rc = chair_free(st, cfg, chair, 0, now, name, sizeof name, err);
	else if (cfg->general.chairs[strspn(cfg->general.chairs, " ,")])
		rc = kc_fail(err, KC_ERR_INVALID, "Chair: one of %s", cfg->general.chairs);
	/* the session and its chair in one transaction: a session is never left without the
	 * chair it was started in */
	int own = rc == KC_OK && chair && chair[0] && !kc_store_batch_open(st);

	if (own)
		rc = kc_store_batch_begin(st, now, err);
	if (rc == KC_OK)
		rc = kc_chart_session_create(st, patient, route, indication, now, &sid, err);
	if (rc == KC_OK && chair && chair[0])
		rc = kc_chart_session_chair(st, cfg, sid, name, now, err);
	if (own)
		rc = kc_store_batch_end(st, rc, err);
	if (rc != KC_OK)
		sid = 0;
	if (id)
		*id = sid;
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
