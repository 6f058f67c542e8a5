/* schedule.c — when the next vitals reading is due. Pure: every time is an argument. */
#include "kc_schedule.h"

#include <stddef.h>

/* The rule in force at one moment: due = max(anchor, last_reading) + interval, or a
 * one-off check at a fixed time (interval 0). */
struct rule {
	time_t due;
	int interval_min;
	const char *what;
};

static int phase_has_schedule(enum kc_phase p)
{
	return p == KC_PHASE_DOSING || p == KC_PHASE_RECOVERY;
}

static time_t rolling(time_t anchor, time_t last_reading, int interval_min)
{
	/* A reading before the anchor belongs to an earlier phase and does not count. */
	time_t from = last_reading > anchor ? last_reading : anchor;

	return from + (time_t)interval_min * 60;
}

/* IV and IM: infusion interval until the dose ends, then the recovery interval. A session
 * already in recovery without a recorded end is anchored at the dose start. */
static void rule_iv(const struct kc_sched_input *in, const struct kc_config *cfg, struct rule *r)
{
	if (in->dose_end == 0 && in->phase == KC_PHASE_DOSING) {
		r->interval_min = cfg->iv.vitals_interval_min;
		r->due = rolling(in->dose_start, in->last_reading, r->interval_min);
		r->what = "infusion vitals";
		return;
	}
	r->interval_min = cfg->iv.recovery_interval_min;
	r->due = rolling(in->dose_end ? in->dose_end : in->dose_start, in->last_reading,
			 r->interval_min);
	r->what = "recovery vitals";
}

/* Esketamine: one BP check bp_check_min after the first device (a reading inside the
 * window before it answers it), then rolling recovery readings. */
static void rule_esk(const struct kc_sched_input *in, const struct kc_config *cfg, struct rule *r)
{
	time_t check = in->dose_start + (time_t)cfg->esk.bp_check_min * 60;
	time_t window = check - (time_t)cfg->esk.bp_check_window_min * 60;

	if (window < in->dose_start)
		window = in->dose_start; /* a pre-dose reading never answers the check */
	if (in->last_reading >= window) {
		r->interval_min = cfg->esk.recovery_interval_min;
		r->due = in->last_reading + (time_t)r->interval_min * 60;
		r->what = "recovery vitals";
		return;
	}
	r->interval_min = 0;
	r->due = check;
	/* `what` must be static; name the minute only when it is the labelled 40. */
	r->what = cfg->esk.bp_check_min == 40 ? "40-min BP check" : "post-dose BP check";
}

/* A critical reading taken since the dose started brings the next one forward: it is due
 * recheck_after_critical_min after it, unless the usual rule asks sooner. */
static void rule_recheck(const struct kc_sched_input *in, const struct kc_config *cfg, struct rule *r)
{
	time_t due;

	if (!in->last_critical || in->last_reading < in->dose_start)
		return;
	due = in->last_reading + (time_t)cfg->alerts.recheck_after_critical_min * 60;
	if (due >= r->due)
		return;
	r->due = due;
	r->interval_min = 0;
	r->what = "recheck after a critical reading";
}

static int find_rule(const struct kc_sched_input *in, const struct kc_config *cfg, struct rule *r)
{
	if (!phase_has_schedule(in->phase) || in->dose_start == 0)
		return 0;
	if (in->route == KC_ROUTE_ESKETAMINE)
		rule_esk(in, cfg, r);
	else
		rule_iv(in, cfg, r);
	rule_recheck(in, cfg, r);
	return 1;
}

void kc_schedule_next(const struct kc_sched_input *in, const struct kc_config *cfg, time_t now,
		      struct kc_sched *out)
{
	struct rule r;

	*out = (struct kc_sched){ .state = KC_DUE_NONE, .what = "" };
	if (!find_rule(in, cfg, &r))
		return;
	out->next_due = r.due;
	out->seconds_left = (long)(r.due - now);
	out->interval_min = r.interval_min;
	out->what = r.what;
	if (now < r.due)
		out->state = KC_DUE_LATER;
	else if (now - r.due <= (time_t)cfg->general.overdue_after_min * 60)
		out->state = KC_DUE_NOW;
	else
		out->state = KC_DUE_OVERDUE;
}

time_t kc_schedule_due_for(const struct kc_sched_input *before, const struct kc_config *cfg,
			   time_t taken)
{
	struct kc_sched_input at = *before;
	struct kc_sched s;

	/* See the session as it was when the reading was taken: a baseline before the dose
	 * answers nothing, and a reading back-dated into the infusion answers an infusion due. */
	if (at.dose_start == 0 || taken < at.dose_start)
		return 0;
	if (at.route != KC_ROUTE_ESKETAMINE && at.dose_end != 0 && taken < at.dose_end) {
		at.dose_end = 0;
		at.phase = KC_PHASE_DOSING;
	}
	kc_schedule_next(&at, cfg, taken, &s);
	return s.state == KC_DUE_NONE ? 0 : s.next_due;
}

int kc_schedule_overdue_min(time_t due, time_t at, const struct kc_config *cfg)
{
	time_t late;

	if (due == 0)
		return 0;
	late = at - due;
	if (late <= (time_t)cfg->general.overdue_after_min * 60)
		return 0;
	/* Whole minutes from the due time, as a clock shows them; overdue is never 0 min. */
	return late < 60 ? 1 : (int)(late / 60);
}
