/* kc_booking.h — the day's schedule: booked sessions (date, time, chair) and the state each
 * is in at a given time. The state rule is pure (src/rules/booking.c): a booking whose
 * patient has a session that day is in progress (open) or finished (ended); one without is
 * expected until [course] late_after_min past its time, LATE after that, MISSED once its day
 * is over. A cancelled booking (kc_chart_booking_cancel: a reason, who, when) is never
 * deleted: it stays listed as CANCELLED, is not expected, and no session is tied to it.
 * Each state is a word and a symbol, never a colour alone. */
#ifndef KC_BOOKING_H
#define KC_BOOKING_H

#include <stddef.h>
#include <time.h>

#include "kc_config.h"
#include "kc_store.h"

enum kc_bk_state { KC_BK_EXPECTED = 0, KC_BK_LATE, KC_BK_MISSED, KC_BK_IN_PROGRESS, KC_BK_FINISHED,
		  KC_BK_CANCELLED, KC_BK_STATES };

/* session: 0 none that day, 1 open, 2 ended. day_end: the end of the booking's local day. */
enum kc_bk_state kc_bk_state(time_t at, int session, time_t day_end, int late_after_min, time_t now);
/* "expected", "LATE", "MISSED", "in progress", "finished", "CANCELLED" */
const char *kc_bk_word(enum kc_bk_state s);
/* " ", "!", "X", ">", "+", "-" (ASCII, every terminal) */
const char *kc_bk_symbol(enum kc_bk_state s);

/* The part of chair that tells it apart from the clinic's other chairs (chairs: [general]
 * chairs, ", " between), for a narrow column: the words every chair begins with are left
 * out ("Chair 1, Chair 2" -> "1", "2"). The whole name when the chairs share no first
 * word, when there is one chair only, or when chair is not one of them. Into out. */
void kc_chair_short(const char *chairs, const char *chair, char *out, size_t n);

/* The chairs of [general] chairs (", " between), each trimmed, into out (at most max; they
 * point into buf, a copy of chairs of bufn bytes); how many. */
size_t kc_chairs_split(const char *chairs, char *buf, size_t bufn, const char **out, size_t max);

struct kc_booking {
	kc_id id;
	kc_id patient_id;
	time_t at;
	char chair[32];
	enum kc_route route;
	time_t created_at;
	char created_by[KC_LOGIN_MAX];
	time_t cancelled_at;         /* 0: not cancelled */
	char cancelled_by[KC_LOGIN_MAX];
	char cancel_reason[256];
	/* filled by kc_booking_session (kc_today, kc_bookings_of_patient) */
	kc_id session;               /* the patient's session that day, 0 none */
	int day_session;             /* 0 none, 1 open, 2 ended (kc_bk_state's session) */
	time_t started;              /* when that session was opened, 0 none */
	time_t day_end;              /* the end of the booking's local day */
	/* filled by kc_today, kc_bookings_of_patient */
	char name[KC_NAME_MAX];
	char chart_no[32];
	enum kc_bk_state state;
};

/* The state of b at now (cancelled first, then kc_bk_state). */
enum kc_bk_state kc_bk_state_of(const struct kc_booking *b, int late_after_min, time_t now);

/* Minutes a booked session was started after its booked time, when that is late_after_min
 * or more (the same boundary as LATE for a booking not started); 0 when it started in
 * time, was not started, or was cancelled. */
int kc_bk_late_start_min(const struct kc_booking *b, int late_after_min);
/* The state as the screens show it, a symbol and a word ("! LATE"), and for a session
 * started late its minutes ("> in progress, LATE 20m"). Into out. */
void kc_bk_state_text(const struct kc_booking *b, int late_after_min, char *out, size_t n);

/* Store: one booking (patient, at, chair, route); its id in b->id. */
int kc_booking_add(struct kc_store *st, struct kc_booking *b, time_t now, struct kc_err *err);
/* One booking (with its cancellation, if any); KC_ERR_NOTFOUND when there is none. */
int kc_booking_get(struct kc_store *st, kc_id id, struct kc_booking *b, struct kc_err *err);
/* The patient's session of b's local day and route (the first opened), into b->session,
 * day_session, started; b->day_end the end of that day. None for a cancelled booking. */
int kc_booking_session(struct kc_store *st, struct kc_booking *b, struct kc_err *err);
/* Every booking of patient (cancelled ones too), by time; free() *rows. */
int kc_booking_of_patient(struct kc_store *st, kc_id patient, struct kc_booking **rows, size_t *n,
			  struct kc_err *err);
/* Cancel booking with reason (1-255 characters): a row of its own, audited; the booking
 * itself stays. Refused for an unknown booking or one cancelled already. */
int kc_booking_cancel(struct kc_store *st, kc_id booking, const char *reason, time_t now, struct kc_err *err);
/* Bookings with from <= at < to, by time then chair; free() *rows. */
int kc_booking_list(struct kc_store *st, time_t from, time_t to, struct kc_booking **rows, size_t *n,
		    struct kc_err *err);
/* Today's bookings (local day of now) with patient, session and state; free() *rows. */
int kc_today(struct kc_store *st, const struct kc_config *cfg, time_t now, struct kc_booking **rows, size_t *n,
	     struct kc_err *err);
/* Every booking of patient, by time, with its session and state at now; free() *rows. */
int kc_bookings_of_patient(struct kc_store *st, const struct kc_config *cfg, kc_id patient, time_t now,
			   struct kc_booking **rows, size_t *n, struct kc_err *err);
/* Store: the chair session was given (one row a session, audited, never changed, refused
 * on a signed session). Through kc_chart_session_chair only. */
int kc_session_chair_add(struct kc_store *st, kc_id session, const char *chair, time_t now, struct kc_err *err);
/* The chair session was given into out ("" when none). */
int kc_session_chair_get(struct kc_store *st, kc_id session, char *out, size_t n, struct kc_err *err);
/* The session in progress (not ended) given chair, other than except: its id in *session
 * (0 none) and its patient's name and chart number into who ("Jane Doe (KC-1001)"). */
int kc_session_chair_taken(struct kc_store *st, const char *chair, kc_id except, kc_id *session, char *who,
			   size_t n, struct kc_err *err);

/* The chair of patient's booking today (not a cancelled one), "" if none. */
void kc_today_chair(const struct kc_booking *rows, size_t n, kc_id patient, char *out, size_t len);

#endif
