/* kc_wording.h — one wording and one rule for each fact that both a screen and the report
 * show: the session screen, the chart view and `ketchart report` call these, so the same
 * fact reads the same everywhere (issue 8 item 11). Pure: no I/O, no clock, no curses;
 * the times are arguments. */
#ifndef KC_WORDING_H
#define KC_WORDING_H

#include <stddef.h>
#include <time.h>

#include "kc_clinical.h"
#include "kc_config.h"

/* ---------- the vitals table: one column order, one header ---------- */

enum kc_vcol { KC_VCOL_TIME, KC_VCOL_BP, KC_VCOL_HR, KC_VCOL_SPO2, KC_VCOL_RR, KC_VCOL_TEMP, KC_VCOL_MOAAS,
	       KC_VCOL_FLAGS, KC_VCOL_COUNT };
struct kc_vcol_def {
	const char *head; /* "BP mmHg", "HR /min", ... */
	int width;        /* columns the cell takes, its blank included; 0: the caller's (time, flags) */
};
/* Time, BP mmHg, HR /min, SpO2 %, RR /min, Temp C, MOAA/S, Flags. */
extern const struct kc_vcol_def kc_vitals_cols[KC_VCOL_COUNT];
/* The text of one measure's cell: "142/91", "88", "36.8", "-" when not taken. "" for the
 * time and flags columns, which the caller fills. */
void kc_word_vitals_cell(const struct kc_vitals *v, enum kc_vcol c, char *out, size_t n);
/* The header line and a row line, the time column time_w wide; trailing blanks cut. */
void kc_word_vitals_head(int time_w, char *out, size_t n);
void kc_word_vitals_row(int time_w, const char *time, const struct kc_vitals *v, const char *flags, char *out,
			size_t n);

/* ---------- overdue vitals ---------- */

/* "OVERDUE 7 min" when a reading due at due was still missing at at (the reading's time
 * taken, or now while none is taken) more than [general] overdue_after_min after it was
 * due; the minutes count from the due time (kc_schedule_overdue_min). "" otherwise. */
/* "HR SpO2 carried from the reading before, unchanged at save" (the chart view and the
 * report); "" when nothing was carried. */
void kc_word_carried(unsigned mask, char *out, size_t n);
void kc_word_overdue(time_t due, time_t at, const struct kc_config *cfg, char *out, size_t n);

/* ---------- answers that may be left unanswered ---------- */

#define KC_WORD_NOT_ENTERED "not entered" /* the question was not answered */
#define KC_WORD_NONE_GIVEN "none given"   /* answered: nothing was given (nasal pretreatment) */
/* The state of a time answer: KC_WORD_NOT_ENTERED when not answered, KC_WORD_NONE_GIVEN
 * when answered without a time, NULL when there is a time to show. */
const char *kc_word_time_state(int answered, time_t t);

/* ---------- C-SSRS screener ---------- */

/* The triage result in the clinical reference's words with the answers that led to it:
 * "high risk (yes to Q2, Q4)", "moderate risk (yes to Q1, Q2, Q6 more than 3 months ago)",
 * "low risk (yes to Q1 only)", "no risk identified (no to every question)";
 * "not complete" when has is 0 or an answer is missing. */
void kc_word_cssrs(const struct kc_cssrs *c, int has, char *out, size_t n);

/* ---------- clinicians' confirmations of the screening ---------- */

/* What a confirmation answer confirms ("suicide-risk assessment (PHQ-9 item 9 or
 * C-SSRS)", ...), or NULL when item is not one of bp_confirm, fasting_confirm,
 * pretreat_confirm, suicide_confirm, override. */
const char *kc_word_confirm_what(const char *item);
/* "Confirmed" or "Override": the label of the confirmation's line. */
const char *kc_word_confirm_lead(const char *item);
/* "suicide-risk assessment (PHQ-9 item 9 or C-SSRS): plan and follow-up - root, WHEN"
 * (the note, or the value when no note), when already formatted by the caller. */
void kc_word_confirm(const char *item, const char *value, const char *note, const char *by, const char *when,
		     char *out, size_t n);

/* ---------- weight ---------- */

/* "86.2 kg (190 lb as typed)"; "72.5 kg" when typed in kg or not known. */
void kc_word_weight(double kg, const char *typed, char *out, size_t n);

#endif
