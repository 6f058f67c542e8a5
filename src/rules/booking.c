/* booking.c — the state of a booked session at a given time (kc_booking.h). */
#include "kc_booking.h"

#include <stdio.h>
#include <string.h>

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

enum kc_bk_state kc_bk_state_of(const struct kc_booking *b, int late_after_min, time_t now)
{
	if (b->cancelled_at)
		return KC_BK_CANCELLED;
	return kc_bk_state(b->at, b->day_session, b->day_end, late_after_min, now);
}

const char *kc_bk_word(enum kc_bk_state s)
{
	static const char *const w[KC_BK_STATES] = { "expected", "LATE", "MISSED", "in progress", "finished",
						     "CANCELLED" };

	return (unsigned)s < sizeof w / sizeof w[0] ? w[s] : "?";
}

const char *kc_bk_symbol(enum kc_bk_state s)
{
	static const char *const w[KC_BK_STATES] = { " ", "!", "X", ">", "+", "-" };

	return (unsigned)s < sizeof w / sizeof w[0] ? w[s] : "?";
}

int kc_bk_late_start_min(const struct kc_booking *b, int late_after_min)
{
	if (b->cancelled_at || !b->started || b->started < b->at + (time_t)late_after_min * 60)
		return 0;
	return (int)((b->started - b->at) / 60);
}

void kc_bk_state_text(const struct kc_booking *b, int late_after_min, char *out, size_t n)
{
	int late = kc_bk_late_start_min(b, late_after_min);

	if (!n)
		return;
	if (late && (b->state == KC_BK_IN_PROGRESS || b->state == KC_BK_FINISHED))
		snprintf(out, n, "%s %s, LATE %dm", kc_bk_symbol(b->state), kc_bk_word(b->state), late);
	else
		snprintf(out, n, "%s %s", kc_bk_symbol(b->state), kc_bk_word(b->state));
}

/* The next chair of the list at *p, trimmed: its start and length (0 at the end). */
static const char *next_chair(const char **p, size_t *len)
{
	const char *s = *p, *e;

	while (*s == ',' || *s == ' ')
		s++;
	e = s;
	while (*e && *e != ',')
		e++;
	*p = e;
	while (e > s && e[-1] == ' ')
		e--;
	*len = (size_t)(e - s);
	return s;
}

/* The length of the words all chairs begin with (up to and with the last blank), 0 if none. */
static size_t common_words(const char *chairs)
{
	const char *p = chairs, *first, *c;
	size_t flen, len, common, count = 0;

	first = next_chair(&p, &flen);
	common = flen;
	for (c = next_chair(&p, &len); len; c = next_chair(&p, &len), count++) {
		size_t k = 0;

		while (k < common && k < len && c[k] == first[k])
			k++;
		common = k;
	}
	while (common > 0 && first[common - 1] != ' ')
		common--;
	if (!count)
		return 0;
	/* every chair must keep something of its own */
	p = chairs;
	for (c = next_chair(&p, &len); len; c = next_chair(&p, &len))
		if (len <= common)
			return 0;
	return common;
}

void kc_chair_short(const char *chairs, const char *chair, char *out, size_t n)
{
	const char *p = chairs, *c;
	size_t common = common_words(chairs), len, want = strlen(chair);

	if (!n)
		return;
	for (c = next_chair(&p, &len); len && common; c = next_chair(&p, &len))
		if (len == want && strncmp(c, chair, len) == 0) {
			snprintf(out, n, "%s", chair + common);
			return;
		}
	snprintf(out, n, "%s", chair);
}

size_t kc_chairs_split(const char *chairs, char *buf, size_t bufn, const char **out, size_t max)
{
	char *save = NULL;
	size_t k = 0;

	if (!bufn)
		return 0;
	snprintf(buf, bufn, "%s", chairs);
	for (char *c = strtok_r(buf, ",", &save); c && k < max; c = strtok_r(NULL, ",", &save)) {
		size_t len;

		while (*c == ' ')
			c++;
		len = strlen(c);
		while (len && c[len - 1] == ' ')
			c[--len] = '\0';
		if (len)
			out[k++] = c;
	}
	return k;
}
