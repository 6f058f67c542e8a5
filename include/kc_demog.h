/* kc_demog.h — a patient's demographics and REMS enrolment (schema 7): what each field
 * accepts as typed, how it is stored and shown. Pure (src/rules/demog.c): no I/O, no clock.
 *
 * Each field is one column of the patient table, NULL until first recorded. Recording a
 * field the first time needs no reason; changing or clearing a recorded one needs a reason
 * and leaves a patient_correction row (old value, new value, reason, who, when), shown as
 * "corrected from ..." wherever the patient is shown (kc_chart_patient_detail). */
#ifndef KC_DEMOG_H
#define KC_DEMOG_H

#include <stddef.h>
#include <time.h>

#include "kc_error.h"

enum kc_pd_field {
	KC_PD_SEX = 0,       /* "female", "male", "other" */
	KC_PD_HEIGHT,        /* whole cm, 50-250 ("172", "172 cm", "68 in", "5 ft 8 in") */
	KC_PD_ALLERGIES,     /* free text ("none known" is an answer; "" is not recorded) */
	KC_PD_PHONE,         /* digits with + ( ) - . and blanks, 3 digits at least */
	KC_PD_EMERGENCY,     /* emergency contact: name and phone, free text */
	KC_PD_REMS_ENROLLED, /* "1" yes / "0" no (typed yes/no): enrolled in the Spravato REMS */
	KC_PD_REMS_ID,       /* the REMS patient ID, letters, digits and - */
	KC_PD_ESK_FIRST,     /* date of the first esketamine treatment, YYYY-MM-DD, not future */
	KC_PD_COUNT
};

#define KC_PD_TEXT_MAX 256 /* the longest stored value, with its NUL */

/* The column of the patient table ("height_cm"), also the correction row's field name. */
const char *kc_pd_column(enum kc_pd_field f);
/* "Height", "REMS patient ID", ... */
const char *kc_pd_label(enum kc_pd_field f);
/* What to type: "cm, or 68 in / 5 ft 8 in". */
const char *kc_pd_hint(enum kc_pd_field f);
/* The field of a column name, -1 for none. */
int kc_pd_field_of(const char *column);
/* typed as the clinician typed it -> the text to store in out (n bytes); "" (blank typed)
 * clears the field. dob (may be "") bounds the first esketamine date; now bounds dates.
 * KC_ERR_INVALID with what to type when it is not acceptable. */
int kc_pd_parse(enum kc_pd_field f, const char *typed, const char *dob, time_t now, char *out, size_t n,
		struct kc_err *err);
/* A stored value as shown: "172 cm", "yes", "female"; "-" for "" (not recorded). */
void kc_pd_show(enum kc_pd_field f, const char *stored, char *out, size_t n);

#endif
