/* booking.c — the state of a booked session at a given time (kc_booking.h). */
#include "kc_booking.h"

enum kc_bk_state kc_bk_state(time_t at, int session, time_t day_end, int late_after_min, time_t now)
{
	if (session == 2)
		return KC_BK_FINISHED;
	if (session == 1)
		return KC_BK_IN_PROGRESS;
	if (now >= day_end)
		return KC_BK_MISSED;
	if (now >= at + (time_t)late_after_min * 60)
		return KC_BK_LATE;
	return KC_BK_EXPECTED;
}

const char *kc_bk_word(enum kc_bk_state s)
{
	static const char *const w[] = { "expected", "LATE", "MISSED", "in progress", "finished" };

	return (unsigned)s < sizeof w / sizeof w[0] ? w[s] : "?";
}

const char *kc_bk_symbol(enum kc_bk_state s)
{
	static const char *const w[] = { " ", "!", "X", ">", "+" };

	return (unsigned)s < sizeof w / sizeof w[0] ? w[s] : "?";
}
