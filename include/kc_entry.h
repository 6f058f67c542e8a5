/* kc_entry.h — pure rules that save the clinician keys without charting anything they did
 * not type or accept: a vitals round typed as one line, the values a new round may carry
 * from the last one, the interventions offered for each kind of side effect, and the
 * indications offered when a session starts. No I/O, no clock, no SQL, no curses. */
#ifndef KC_ENTRY_H
#define KC_ENTRY_H

#include <stddef.h>

#include "kc_clinical.h"
#include "kc_config.h"
#include "kc_error.h"

/* ---------- one line for a vitals round ---------- */

/* The parts of "142/91 88 97 14 5": BP HR SpO2 RR MOAA/S in that order, separated by blanks;
 * a line that stops early leaves the rest "" (not taken); "-" says a part was not taken.
 * The texts go unchanged to the one charting path (kc_chart_vitals), which parses and
 * validates each value as it does the form's fields. */
#define KC_LINE_PART 16
struct kc_vitals_line {
	char bp[KC_LINE_PART], heart_rate[KC_LINE_PART], spo2[KC_LINE_PART], resp_rate[KC_LINE_PART],
		moaas[KC_LINE_PART];
	int parts; /* how many parts the line gave (1-5) */
};
/* 1 when text is meant as a line (it holds a blank between two non-blank characters). */
int kc_vitals_is_line(const char *text);
/* Split a line. Refused (KC_ERR_INVALID, nothing set) with a message that says what was
 * wrong and what a line looks like: an empty line, more than five parts, a first part that
 * is not a BP ("88 is not a blood pressure: a line starts with BP, e.g. 142/91 88 97 14 5"),
 * a BP in any other place, a part that is not a whole number (SpO2 may end in %), or a part
 * too long to be a value. */
int kc_vitals_line_split(const char *line, struct kc_vitals_line *out, struct kc_err *err);
/* The parts as the form's texts (pointers into l; temp ""). */
void kc_vitals_line_text(const struct kc_vitals_line *l, struct kc_vitals_text *t);

/* ---------- values carried into the next round ---------- */

/* Which measures of the session's last valid reading the vitals form may start with, each
 * marked carried on the form, stored only when the clinician saves the form showing it:
 *   never BP (the reading that drives the alerts and the dosing gate, and the esketamine BP
 *   checks, must be measured each time), never temperature (optional: a carried one would
 *   state a measurement nobody made), never a value that itself raised a warn or critical
 *   alert (it must be measured again, clinical-reference.md §4), never from a reading
 *   marked entered in error (the caller passes only valid readings).
 *   HR, SpO2 (pulse oximetry runs throughout, §1), RR and MOAA/S are carried otherwise.
 * carry gets the carried values, KC_NONE for the rest; returns how many were carried. */
int kc_vitals_carry(const struct kc_vitals *last, const struct kc_alerts_cfg *cfg, struct kc_vitals *carry);

/* Which measures of a saved reading were carried (a mask of these): the record keeps it, so
 * that a carried value is never read as one measured at that time. */
enum { KC_CARRY_HR = 1u << 0, KC_CARRY_SPO2 = 1u << 1, KC_CARRY_RR = 1u << 2, KC_CARRY_MOAAS = 1u << 3,
       KC_CARRY_ALL = 15u };
/* A reading v claims the measures in mask were carried from prev (the session's valid
 * reading before it; NULL if none): refused unless each is one kc_vitals_carry allows
 * from prev and v shows exactly prev's value. */
int kc_vitals_carry_check(unsigned mask, const struct kc_vitals *prev, const struct kc_vitals *v,
			  const struct kc_alerts_cfg *cfg, struct kc_err *err);
/* "HR SpO2 RR MOAA/S" (the screens' and the report's words); "" for 0. */
void kc_carry_words(unsigned mask, char *out, size_t n);
/* The stored form, "heart_rate spo2 resp_rate moaas", and back (unknown words refused). */
void kc_carry_keys(unsigned mask, char *out, size_t n);
int kc_carry_from_keys(const char *keys, unsigned *mask);

/* ---------- interventions for a side effect ---------- */

/* The kinds of intervention, each a list of choices in [interventions] of the config. */
enum kc_iv_kind {
	KC_INT_ANTIEMETIC = 0,
	KC_INT_ANALGESIC,
	KC_INT_ANTIHYPERTENSIVE,
	KC_INT_BENZODIAZEPINE,
	KC_INT_REASSURANCE,
	KC_INT_PAUSE,
	KC_INT_STOP,
	KC_INT_OTHER,
	KC_INT_KINDS
};
const char *kc_int_kind_name(enum kc_iv_kind k); /* "antiemetic", ... as the config key */

#define KC_CHOICES_MAX 24
#define KC_CHOICE_LEN 64
struct kc_choices {
	int n;
	char item[KC_CHOICES_MAX][KC_CHOICE_LEN];
};
/* Split a config list "a, b, c" (',' between items: iniparser reads ';' as a comment, blanks trimmed, empty items skipped).
 * KC_ERR_INVALID with a message for an item too long or too many items. */
int kc_choices_split(const char *list, struct kc_choices *out, struct kc_err *err);
/* The intervention kinds offered for a kind of side effect, in the order offered, ending
 * with KC_INT_OTHER; returns how many (at most KC_INT_KINDS):
 *   nausea, vomiting: antiemetic, reassurance, pause, stop
 *   headache: analgesic, antihypertensive (a headache with a BP rise may be a crisis), pause, stop
 *   chest pain/palpitations: antihypertensive, benzodiazepine, reassurance, pause, stop
 *   anxiety, dissociation, hallucination: reassurance, benzodiazepine, pause, stop
 *   sedation: pause, stop
 *   dizziness, blurred vision, numbness, taste change, other: reassurance, pause, stop */
int kc_interventions_for(enum kc_obs_kind k, enum kc_iv_kind out[KC_INT_KINDS]);
/* The choices for a side effect: every item of the config lists of its kinds, in order
 * (the pause and stop lists only when an IV infusion runs: infusion = 1), then "other"
 * (free text). Lists that fail to split are skipped (check-config refuses them). */
/* The [interventions] list of kind k as configured ("a, b, c"). */
const char *kc_intervention_list(const struct kc_config *cfg, enum kc_iv_kind k);
void kc_intervention_choices(const struct kc_config *cfg, enum kc_obs_kind k, int infusion,
			     struct kc_choices *out);

/* ---------- indications ---------- */

/* The indications offered when a session starts: [general] indications, then "other"
 * (free text typed in its own field). */
#define KC_OTHER "other"
void kc_indication_choices(const struct kc_config *cfg, struct kc_choices *out);
/* The indication to store: the choice, or for "other" the text typed (required then, and
 * refused with any other choice so nothing typed by accident is stored). */
int kc_indication_pick(const char *choice, const char *other, char *out, size_t n, struct kc_err *err);

#endif
