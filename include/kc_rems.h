/* kc_rems.h — the Spravato REMS Patient Monitoring Form (clinical-reference.md §8): which
 * fields it has, how each is filled from the chart, what is missing, and when it is due.
 * Pure (src/rules/rems.c): the caller gathers the chart (kc_chart_rems_form does it from
 * the store) and passes it in; no I/O, no clock. The form's own wording and layout are the
 * manufacturer's: ketchart mirrors its fields with short labels of its own. */
#ifndef KC_REMS_H
#define KC_REMS_H

#include <stddef.h>
#include <time.h>

#include "kc_clinical.h"
#include "kc_config.h"

/* The fields, in the form's order. */
enum kc_rems_key {
	KC_REMS_PAT_FIRST = 0, KC_REMS_PAT_LAST, KC_REMS_PAT_DOB, KC_REMS_PAT_SEX,
	KC_REMS_FIRST_TX, KC_REMS_ENROLLED, KC_REMS_PAT_ID,
	KC_REMS_MED_BENZO, KC_REMS_MED_HYPNOTIC, KC_REMS_MED_STIMULANT, KC_REMS_MED_MAOI,
	KC_REMS_MED_OPIOID,
	KC_REMS_HCP_FIRST, KC_REMS_HCP_LAST, KC_REMS_HCP_PHONE, KC_REMS_HCP_EMAIL,
	KC_REMS_SET_NAME, KC_REMS_SET_ADDRESS, KC_REMS_SET_CITY, KC_REMS_SET_STATE, KC_REMS_SET_ZIP,
	KC_REMS_SET_PHONE, KC_REMS_SET_ID,
	KC_REMS_TX_DATE, KC_REMS_DOSE, KC_REMS_LOT,
	KC_REMS_TOTAL_MIN, KC_REMS_READY_MIN,
	KC_REMS_OK_PRE, KC_REMS_OK_END,
	KC_REMS_BP_PRE, KC_REMS_BP_40, KC_REMS_BP_END,
	KC_REMS_SEDATION, KC_REMS_DISSOCIATION, KC_REMS_RESP_DEP,
	KC_REMS_SAE, KC_REMS_SAE_TEXT, KC_REMS_SAE_ED, KC_REMS_SAE_ADMITTED,
	KC_REMS_NFIELDS
};

#define KC_REMS_VALUE 192
struct kc_rems_field {
	enum kc_rems_key key;
	const char *label;        /* "Patient first name", ... */
	char value[KC_REMS_VALUE];/* as the form takes it ("yes", "142/91 mmHg at 10:41") */
	int required;             /* the form needs it (some only on a yes elsewhere) */
	int missing;              /* required and not in the chart */
	const char *where;        /* where a missing value is entered ("discharge screen: r") */
};

struct kc_rems_form {
	struct kc_rems_field f[KC_REMS_NFIELDS];
	int nmissing;
};

/* One valid reading of the session (entered-in-error ones left out), by time taken. */
struct kc_rems_reading {
	time_t at;
	int systolic, diastolic;  /* KC_NONE when not taken */
	int moaas;                /* KC_NONE when not taken */
	enum kc_level level;      /* its alert level */
	int baseline;
	char alerts[96];          /* what raised the level, for "no (SBP 165 >= 160)" */
};

/* Everything the form is filled from. Text "" means not in the chart. */
struct kc_rems_input {
	char pat_name[96], dob[11];
	char sex[16];             /* "female", "male", ... as the patient record holds it */
	int first_tx;             /* 1 the patient's first esketamine session, 0 not, KC_NONE unknown */
	int enrolled;             /* 1 / 0 / KC_NONE: enrolled in the REMS */
	char rems_patient_id[32];
	char med[5][8];           /* screening answers drug_benzo, drug_hypnotic, drug_stimulant,
				   * drug_maoi, drug_opioid: "yes", "no", "n/a" or "" */
	char hcp_name[96], hcp_phone[32], hcp_email[96];
	char set_name[96], set_address[128], set_city[64], set_state[32], set_zip[16], set_phone[32],
	     set_id[32];
	time_t dose_start;        /* the first device; 0 = none given */
	time_t ended_at;          /* end of monitoring (the session ended); 0 = open */
	double given_mg;
	char lots[96];            /* the devices' lots, joined */
	const struct kc_rems_reading *rd;
	size_t nrd;
	int sedation_obs;         /* a sedation observation after dosing: lowest MOAA/S, else KC_NONE */
	int dissociation_max;     /* highest CADSS / CADSS-6 after dosing, KC_NONE if none assessed */
	/* the discharge screen's REMS answers ("yes" / "no" / "" not answered) */
	char resp_dep[8], sae[8], sae_ed[8], sae_admitted[8];
	char sae_text[256];
	char ready_min[8];        /* minutes from the first device the patient would have been ready */
};

/* The item keys of the discharge screen's REMS answers (screening answers, kc_store.h). */
#define KC_REMS_ANS_RESP "rems.resp_depression"
#define KC_REMS_ANS_SAE "rems.sae"
#define KC_REMS_ANS_SAE_TEXT "rems.sae_text"
#define KC_REMS_ANS_SAE_ED "rems.sae_ed"
#define KC_REMS_ANS_SAE_ADMIT "rems.sae_admitted"
#define KC_REMS_ANS_READY "rems.ready_min"

/* The 40-minute BP: the first valid reading with a BP taken at or after
 * dose_start + bp_check_min - bp_check_window_min (the reading the schedule counts for the
 * check). -1 when there is none. */
int kc_rems_bp40_index(const struct kc_rems_reading *rd, size_t n, time_t dose_start,
		       const struct kc_config *cfg);

/* Fill every field from in; missing and nmissing say what the form still needs. */
void kc_rems_build(const struct kc_rems_input *in, const struct kc_config *cfg, struct kc_rems_form *out);

/* The labels of the missing fields joined, each with where it is entered when where is 1
 * ("Sex (patient details), ..."); "" if none. */
void kc_rems_missing_text(const struct kc_rems_form *f, int where, char *out, size_t n);

/* The 7-day rule: a form is due within 7 calendar days of the session's date. Dates are
 * local "YYYY-MM-DD". Days left until the due date, counted from today (7 on the session's
 * day, 0 on the due day, negative when overdue); KC_REMS_BAD_DATE for a malformed date. */
#define KC_REMS_DUE_DAYS 7
#define KC_REMS_BAD_DATE (-100000)
int kc_rems_days_left(const char *session_date, const char *today);
/* The due date of a session's form ("YYYY-MM-DD", session_date + 7). "" for a bad date. */
void kc_rems_due_date(const char *session_date, char *out, size_t n);
/* How the due state is said, in words and a symbol (never colour only):
 * "due in 3 days", "due today", "! OVERDUE 2 days". */
void kc_rems_due_text(int days_left, char *out, size_t n);

#endif
