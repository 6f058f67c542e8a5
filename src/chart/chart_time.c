/* chart_time.c — times typed into forms: the one place a typed time is read and bounded.
 * Every form passes the text as typed; the rules (kc_time_parse_entry) decide what it
 * means, and the bounds are the chart's: never after now, never before the session was
 * opened, a fasting time no further back than [general] time_back_max_h. */
#include "chart_impl.h"

#include <stdio.h>
#include <string.h>

#include "kc_time.h"

int kc_chart_time(struct kc_store *st, kc_id session, const char *typed, time_t now, time_t *out,
		  struct kc_err *err)
{
	struct kc_session s;
	int rc = kc_session_get(st, session, &s, err);

	if (rc != KC_OK)
		return rc;
	return kc_time_parse_entry(typed, now, s.created_at, "the session was opened", out, err);
}

static int is_time_item(const char *item)
{
	return item && (strcmp(item, "last_solids") == 0 || strcmp(item, "last_liquids") == 0 ||
			strcmp(item, "nasal_pretreat") == 0);
}

int kc_chart_answer_time(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *item,
			 const char *typed, time_t now, time_t *stored, struct kc_err *err)
{
	return kc_chart_answer_time_why(st, cfg, session, item, typed, NULL, now, stored, err);
}

int kc_chart_answer_time_why(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *item,
			     const char *typed, const char *reason, time_t now, time_t *stored, struct kc_err *err)
{
	char bound[48], value[24];
	time_t t = 0;
	int h = cfg->general.time_back_max_h;

	if (!is_time_item(item))
		return kc_fail(err, KC_ERR_INVALID, "\"%s\" is not a time answer", item ? item : "");
	if (!typed)
		typed = "";
	typed += strspn(typed, " \t");
	if (!*typed && strcmp(item, "nasal_pretreat") != 0)
		return kc_fail(err, KC_ERR_INVALID,
			       "type the time, e.g. 06:30, yesterday 19:00 or 2026-11-30 19:00");
	value[0] = '\0';
	if (*typed) { /* nasal_pretreat left empty: none given */
		snprintf(bound, sizeof bound, "%d h ago, the furthest back it may be", h);
		if (kc_time_parse_entry(typed, now, now - (time_t)h * 3600, bound, &t, err) != KC_OK)
			return err->status;
		snprintf(value, sizeof value, "%lld", (long long)t);
	}
	if (kc_chart_answer_why(st, cfg, session, item, value, "", reason, now, err) != KC_OK)
		return err->status;
	if (stored)
		*stored = t;
	return KC_OK;
}
