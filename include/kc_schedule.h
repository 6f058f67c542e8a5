/* kc_schedule.h — when the next vitals reading is due and whether it is overdue.
 * Pure: the clock is passed in. Readings are rolling: the next one is due one interval
 * after the later of the phase anchor and the last reading taken in that phase. */
#ifndef KC_SCHEDULE_H
#define KC_SCHEDULE_H

#include <time.h>

#include "kc_clinical.h"
#include "kc_config.h"

struct kc_sched_input {
	enum kc_route route;
	enum kc_phase phase;
	time_t dose_start;   /* IV: infusion start; esketamine: first device; 0 = not yet */
	time_t dose_end;     /* IV: infusion stopped; 0 = running. Esketamine: unused */
	time_t last_reading; /* latest valid reading's time taken (any phase); 0 = none */
	int last_critical;   /* that reading reached a critical level */
};

enum kc_due_state {
	KC_DUE_NONE = 0, /* nothing is scheduled (screening, discharged, aborted) */
	KC_DUE_LATER,    /* next_due is in the future */
	KC_DUE_NOW,      /* past next_due, within the overdue allowance */
	KC_DUE_OVERDUE   /* more than overdue_after_min past next_due */
};

struct kc_sched {
	enum kc_due_state state;
	time_t next_due;      /* 0 when state is KC_DUE_NONE */
	long seconds_left;    /* next_due - now; negative once due */
	int interval_min;     /* the interval in force (0 for a one-off check) */
	const char *what;     /* "infusion vitals", "recovery vitals", "40-min BP check"
			       * ("post-dose BP check" when bp_check_min is not 40), "recheck after a
			       * critical reading"; "" for NONE */
};

/* Rules:
 *  IV dosing (dose_start set, dose_end 0): due = max(dose_start, last_reading) + vitals_interval.
 *  IV recovery (dose_end set): due = max(dose_end, last_reading) + recovery_interval.
 *  Esketamine after the first device: the bp_check_min check is due at dose_start +
 *    bp_check_min unless a reading was taken at or after dose_start + bp_check_min -
 *    bp_check_window_min; after it, due = last_reading + recovery_interval.
 *  After a critical reading (last_critical, taken at or after dose_start): due no later
 *    than last_reading + recheck_after_critical_min (a one-off, interval 0).
 *  Screening / discharged / aborted, or no dose_start yet: KC_DUE_NONE.
 *  IM follows the IV rules. IV/IM in the recovery phase without a dose_end: recovery
 *  interval from dose_start. A reading before dose_start never answers the esketamine check.
 *  DUE_NOW runs from next_due to next_due + overdue_after_min inclusive. */
void kc_schedule_next(const struct kc_sched_input *in, const struct kc_config *cfg, time_t now,
		      struct kc_sched *out);

/* The due time that a reading taken at `taken` answers (what kc_schedule_next would have
 * said just before it, with last_reading being the one before it); 0 if none was due.
 * An early reading answers the coming due time; a reading before dose_start answers none;
 * an IV/IM reading taken before dose_end answers the infusion schedule. */
time_t kc_schedule_due_for(const struct kc_sched_input *before, const struct kc_config *cfg,
			   time_t taken);

/* The one rule for "overdue": a reading due at `due` and still missing at `at` (its time
 * taken, or now while none is taken) is overdue once at is more than overdue_after_min
 * past due (KC_DUE_OVERDUE); it is then overdue by the whole minutes from the due time to
 * at (at least 1). 0 when not overdue or nothing was due. The screens and the report both
 * word it with kc_word_overdue (kc_wording.h). */
int kc_schedule_overdue_min(time_t due, time_t at, const struct kc_config *cfg);

#endif
