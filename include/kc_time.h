/* kc_time.h — times: stored as Unix seconds (UTC), shown in local time; the test clock. */
#ifndef KC_TIME_H
#define KC_TIME_H

#include <stddef.h>
#include <time.h>

#include "kc_error.h"

/* "2026-11-21T14:05:00Z" (UTC). "" when it does not fit in n. */
void kc_time_utc(time_t t, char *out, size_t n);
/* Local time "2026-11-21 15:05" / "15:05". 0 gives "" (both functions). */
void kc_time_local(time_t t, char *out, size_t n);
void kc_time_local_hm(time_t t, char *out, size_t n);
/* Parse ISO-8601: "2026-11-21T14:05:00Z", "2026-11-21T14:05Z", "2026-11-21T15:05:00+01:00",
 * or a local "2026-11-21 15:05" / "2026-11-21T15:05" without a zone; a bare date
 * "2026-11-21" is local midnight. Surrounding blanks are ignored. Refused with
 * KC_ERR_INVALID (message shows the expected form, *out untouched): malformed text, a
 * date not on the calendar, and a local time skipped when the clocks go forward. */
int kc_time_parse(const char *s, time_t *out, struct kc_err *err);
/* "HH:MM" (or "H:MM") local, on the day of ref; if that lies more than 12 h after ref,
 * the day before (exactly 12 h after stays on ref's day). */
int kc_time_parse_hm(const char *s, time_t ref, time_t *out, struct kc_err *err);
/* A time typed into a form, read against now in local time. The forms, one meaning each:
 *   "HH:MM" (or "H:MM", "today HH:MM")   today;
 *   "yesterday HH:MM"                     the calendar day before today;
 *   "YYYY-MM-DD HH:MM" (or "...THH:MM")   that date.
 * Case and blanks around are ignored; the time is at :00 seconds. Where the clocks go back
 * a minute happens twice: the later one that is not after now is taken.
 * Refused (KC_ERR_INVALID, *out untouched, the message says what to type):
 *   malformed text or a date not on the calendar; a minute the clocks skip;
 *   a time after now -- a bare HH:MM later than now is never moved to the day before: the
 *   message offers "yesterday HH:MM";
 *   a time before earliest (0: no bound), named in the message as earliest_is ("the
 *   session was opened"). A time within earliest's own minute gives earliest itself: the
 *   minute shown is the minute stored, and nothing lands before the bound. */
int kc_time_parse_entry(const char *s, time_t now, time_t earliest, const char *earliest_is,
			time_t *out, struct kc_err *err);
/* What a form shows for a stored time t so that kc_time_parse_entry reads it back as t's
 * minute: "HH:MM" on now's local day, "yesterday HH:MM" on the day before, else
 * "YYYY-MM-DD HH:MM". "" for 0. */
void kc_time_entry_text(time_t t, time_t now, char *out, size_t n);
/* The local day t falls on: [*from, *to), midnight to midnight (23 or 25 hours on the
 * days the clocks change). */
void kc_local_day(time_t t, time_t *from, time_t *to);
/* "YYYY-MM-DD" date of birth: valid calendar date, not in the future relative to now. */
int kc_date_check(const char *s, time_t now, struct kc_err *err);
/* Whole years between a "YYYY-MM-DD" date of birth and now (local), KC_NONE (-1) if bad
 * or in the future. A 29 February birthday counts from 1 March in common years. */
int kc_age_years(const char *dob, time_t now);
/* "1h 05m" / "12m" / "-3m" for a duration in seconds, truncated toward zero to whole
 * minutes (-59 s gives "0m"). */
void kc_duration(long seconds, char *out, size_t n);

/* The clock: real, or a test clock that starts at KETCHART_NOW and runs
 * KETCHART_CLOCK_SCALE times faster, or a stepped test clock (KETCHART_CLOCK_STEP=FILE)
 * that stands still at KETCHART_NOW (else the time it was made) and moves only when
 * FILE says so, for screen tests that must not depend on how busy the machine is.
 * Pure: the real time is passed in, the stepped clock's file is read by kc_clock_poll. */
struct kc_clock {
	int test;          /* 1 when any of the variables is set: screens show TEST CLOCK */
	time_t real_start; /* real time when the clock was made */
	time_t fake_start; /* what the clock said then */
	double scale;      /* 1 = real speed */
	const char *step_file; /* the stepped clock's file (the environment's string), or NULL */
	long long stepped; /* seconds the stepped clock has moved since fake_start */
};
/* now_env / scale_env: the variables' values or NULL ("" counts as unset). A malformed
 * value is KC_ERR_INVALID naming the variable, and *c is untouched. The scale is a plain
 * decimal (digits, optional ".digits"; read without the locale), > 0 and <= 10000. */
int kc_clock_init(struct kc_clock *c, const char *now_env, const char *scale_env, time_t real_now,
		  struct kc_err *err);
/* After kc_clock_init: step_env (KETCHART_CLOCK_STEP, NULL or "" = unset) makes c a stepped
 * test clock. Refused (KC_ERR_INVALID, *c untouched) together with a scale: a stepped
 * clock does not run. */
int kc_clock_stepped(struct kc_clock *c, const char *step_env, const char *scale_env,
		     struct kc_err *err);
/* A stepped clock told by text ("N": whole seconds since it was made, blanks around
 * allowed) where it is now: 1 when it moved forward, 0 when text says where it already is,
 * -1 (unmoved) when text is not such a number, would move it back (a clock never goes
 * back) or more than ten years on, or c is not a stepped clock. */
int kc_clock_step_to(struct kc_clock *c, const char *text);
time_t kc_clock_now(const struct kc_clock *c, time_t real_now);
/* A test clock (any kind) runs on a training database only: a clock a user can set is a
 * way to backdate the record. 1 when c may date entries in a database whose training mark
 * is training_db (kc_store_training), else 0. */
int kc_clock_allowed(const struct kc_clock *c, int training_db);
/* The stepped clock reads its file (src/core/clock.c): 1 when it moved, else 0 (not a
 * stepped clock, no file yet, or what the file says is refused by kc_clock_step_to). */
int kc_clock_poll(struct kc_clock *c);

#endif
