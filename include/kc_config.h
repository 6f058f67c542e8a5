/* kc_config.h — the configuration: one table of keys, read by iniparser into a typed struct.
 *
 * Every number of clinical-reference.md §1, §4 and §5 is a key here. A clinic's medical
 * director confirms them; the defaults are tagged [L] label, [P] published, [C] common
 * practice. A bad key is never ignored and never silently replaced by its default. */
#ifndef KC_CONFIG_H
#define KC_CONFIG_H

#include <stddef.h>
#include <stdio.h>

#include "kc_error.h"

struct kc_general_cfg {
	char clinic_name[64];   /* shown in the header and the report */
	int overdue_bell;       /* ring the terminal bell once when a reading becomes overdue */
	int late_entry_min;     /* an entry made more than this after its time is marked late */
	int overdue_after_min;  /* a due reading is overdue this many minutes after its due time */
	int time_back_max_h;    /* a typed fasting / pretreatment time lies at most this far back */
	char labels_file[256];  /* optional file of licensed item labels (C-SSRS, CADSS); "" = none */
	char indications[256];  /* offered when a session starts, ", " between; "other" is added */
	char chairs[256];       /* the clinic's treatment chairs, ", " between: what a booking offers */
};

/* [interventions]: what a side effect's form offers, one list per kind (", " between
 * items); which kinds a side effect is offered is a rule (kc_interventions_for). */
struct kc_interventions_cfg {
	char antiemetic[256];
	char analgesic[256];
	char antihypertensive[256];
	char benzodiazepine[256];
	char reassurance[256];
	char pause[256];
	char stop[256];
	char other[256];
};

/* [course]: treatment courses (clinical-reference.md §2, §10) and the day's schedule. */
struct kc_course_cfg {
	int response_drop_percent;  /* 50 [P] response: PHQ-9 this much below the course's first */
	int remission_below;        /* 5 [P] remission: PHQ-9 below this */
	int iv_induction_sessions;  /* 6 [P] IV induction series */
	int iv_induction_days;      /* 21 [P] over two to three weeks */
	int esk_induction_sessions; /* 8 [L] weeks 1-4, twice weekly */
	int esk_induction_days;     /* 28 [L] */
	int esk_weekly_sessions;    /* 4 [L] weeks 5-8, once weekly */
	int esk_maintenance_days;   /* 7 [L] from week 9, every one or two weeks */
	int late_after_min;         /* 15 [C] a booked session not begun this long after its time is LATE */
	int pcl5_probable_ptsd;     /* 33 [P] PCL-5 total at or above: probable PTSD (31-33) */
};

struct kc_protocol_iv {
	double dose_mg_per_kg;      /* 0.5 [P] */
	double dose_min_mg_per_kg;  /* 0.1 [P] below: refused */
	double dose_max_mg_per_kg;  /* 1.0 [P] above: refused */
	int infusion_min;           /* 40 [P] */
	double stock_mg_per_ml;     /* 50 */
	double bag_ml;              /* 100 */
	double fasting_solids_h;    /* 6 [P] */
	double fasting_liquids_h;   /* 2 [P] */
	int vitals_interval_min;    /* 10 [P] during the infusion */
	int recovery_interval_min;  /* 15 [P] */
	int min_observation_min;    /* 30 [C] after the infusion ends */
};

struct kc_protocol_esk {
	int dose_mg;                /* 56 [L] default dose; 56 or 84 need no reason */
	int device_mg;              /* 28 [L] */
	int device_spacing_min;     /* 5 [L] */
	double fasting_food_h;      /* 2 [L] */
	double fasting_liquids_h;   /* 0.5 [L] */
	int nasal_pretreat_min;     /* 60 [L] nasal steroid / decongestant at least this long before */
	int bp_check_min;           /* 40 [L] BP check after the first device */
	int bp_check_window_min;    /* 5 [C] a reading this long before the 40-min mark counts */
	int recovery_interval_min;  /* 15 [C] "as needed until stable" */
	int min_observation_min;    /* 120 [L] from the first device */
	int min_age;                /* 18 [L] */
};

/* [dose]: the infusion while it runs. */
struct kc_dose_cfg {
	int overrun_warn_min;       /* 10 [C] past the planned end: a banner until stopped or explained */
};

/* [vitals]: the vitals form. */
struct kc_vitals_cfg {
	int carry;                  /* yes: a round starts on the values kc_vitals_carry allows from the
				     * last reading, marked carried until typed over; no: every field blank */
};

/* [alerts]: names and comparisons exactly as clinical-reference.md §4. */
struct kc_alerts_cfg {
	int systolic_warn, systolic_critical;                 /* 160/180, value >= limit */
	int diastolic_warn, diastolic_critical;               /* 100/110, value >= limit */
	int systolic_rise_warn, diastolic_rise_warn;          /* 40/25, rise over baseline >= limit */
	int heart_rate_warn_high, heart_rate_critical_high;   /* 110/130, HR > limit */
	int heart_rate_warn_low, heart_rate_critical_low;     /* 50/40, HR < limit */
	int spo2_warn, spo2_critical;                         /* 94/90, SpO2 < limit */
	int resp_rate_warn_low, resp_rate_critical_low;       /* 10/8, RR < limit */
	int resp_rate_warn_high;                              /* 24, RR > limit */
	int sedation_warn, sedation_critical;                 /* MOAA/S <= 3 / <= 1 */
	int dissociation_warn;                                /* CADSS total > 4 */
	int nausea_warn;                                      /* NRS >= 4 */
	int headache_warn;                                    /* NRS >= 4 */
	int headache_crisis;                                  /* NRS >= 7 with a BP rise: critical */
	int recheck_after_critical_min;                       /* 5 [C] next reading due after a critical one */
};

/* [screening]: the pre-dose BP gate. */
struct kc_screening_cfg {
	int predose_systolic_confirm, predose_diastolic_confirm; /* 140/90, value > limit: confirm */
	int predose_systolic_block, predose_diastolic_block;     /* 180/100, value >= limit: block */
};

/* [limits]: values outside are impossible and refused (never stored). */
struct kc_limits_cfg {
	int systolic_min, systolic_max;       /* 30–280 mmHg */
	int diastolic_min, diastolic_max;     /* 10–200 mmHg */
	int heart_rate_min, heart_rate_max;   /* 20–300 /min */
	int spo2_min, spo2_max;               /* 50–100 % */
	int resp_rate_min, resp_rate_max;     /* 0–80 /min */
	double temp_min_c, temp_max_c;        /* 30–45 °C */
	double temp_fahrenheit_above;         /* 80: a larger value is °F and converted */
	double weight_min_kg, weight_max_kg;  /* 20–350 kg */
};

/* [discharge]: clinical-reference.md §5. */
struct kc_discharge_cfg {
	int aldrete_min;        /* 9 [P] */
	int moaas_required;     /* 5 [C] */
	int bp_within_percent;  /* 20 [P] of baseline (or below the warn limits) */
	int cadss_max;          /* 4 [P] */
	int nausea_max;         /* 3 [C] */
	int last_reading_max_min; /* 15 [C] a reading no older than this, none overdue */
};

/* [rems]: the certified healthcare setting as the REMS Patient Monitoring Form names it
 * (clinical-reference.md §8); copied into a session's record when it is signed. */
struct kc_rems_cfg {
	char setting_name[96];
	char setting_address[128];
	char setting_city[64];
	char setting_state[32];
	char setting_zip[16];
	char setting_phone[32];
	char setting_id[32];    /* the setting's REMS identifier */
};

/* [fhir]: the systems and codes the FHIR export (src/core/fhir.c) names. */
struct kc_fhir_cfg {
	char patient_identifier_system[128];      /* the clinic's system for its chart numbers */
	char practitioner_identifier_system[128]; /* ... for clinicians' logins */
	char local_code_system[128];              /* codes with no standard (MOAA/S, C-SSRS, side effects) */
	char ketamine_rxnorm[16];                 /* RxNorm ingredient of ketamine */
	char esketamine_rxnorm[16];               /* RxNorm ingredient of esketamine ("" = not confirmed) */
};

struct kc_config {
	struct kc_general_cfg general;
	struct kc_protocol_iv iv;
	struct kc_protocol_esk esk;
	struct kc_dose_cfg dose;
	struct kc_vitals_cfg vitals;
	struct kc_alerts_cfg alerts;
	struct kc_screening_cfg screening;
	struct kc_limits_cfg limits;
	struct kc_discharge_cfg discharge;
	struct kc_interventions_cfg interventions;
	struct kc_course_cfg course;
	struct kc_rems_cfg rems;
	struct kc_fhir_cfg fhir;
};

enum kc_cfg_type { KC_CFG_INT, KC_CFG_DOUBLE, KC_CFG_BOOL, KC_CFG_STRING };

/* One row of the key table: the single source for parsing, validation,
 * config.ini.example and man/ketchart.ini.5. */
struct kc_cfg_key {
	const char *section;  /* "alerts", "protocol.iv", ... */
	const char *name;     /* "systolic_warn" */
	enum kc_cfg_type type;
	size_t offset;        /* offsetof(struct kc_config, ...) */
	size_t size;          /* for strings: the buffer size */
	double min, max;      /* allowed range (numbers) */
	const char *def;      /* default as text */
	const char *unit;     /* "mmHg", "/min", "min", "" */
	const char *source;   /* "L", "P", "C" or "" (not clinical) */
	const char *help;     /* one line */
};

/* The key table and its length. */
const struct kc_cfg_key *kc_config_keys(size_t *n);

/* Fill cfg with every default. */
void kc_config_defaults(struct kc_config *cfg);

/* Diagnostics: every bad key, each "FILE: [section] key: why". */
#define KC_DIAG_MAX 128
struct kc_diag {
	size_t n;
	size_t dropped; /* messages beyond KC_DIAG_MAX */
	char msg[KC_DIAG_MAX][KC_MSG_MAX];
};

/* Load path over the defaults and validate: ranges, types, unknown sections and keys,
 * and cross-key rules (a warn limit beyond its critical limit, a confirm limit beyond its
 * block limit, a minimum above its maximum). Returns KC_OK, or KC_ERR_CONFIG with every
 * problem in diag (a missing or unreadable file is one diagnostic). cfg holds defaults
 * plus the valid keys afterwards, but callers must not run on KC_ERR_CONFIG. */
int kc_config_load(const char *path, struct kc_config *cfg, struct kc_diag *diag);

/* A clinician's own file in shared mode, over cfg (the clinic's, loaded already): only
 * display keys (overdue_bell) may be set; every other key is named as the clinic's. */
int kc_config_load_display(const char *path, struct kc_config *cfg, struct kc_diag *diag);

/* Which file to read: cli_path if given (then required = 1), else
 * $XDG_CONFIG_HOME/ketchart/config.ini, else $HOME/.config/ketchart/config.ini
 * (required = 0: a missing default file means built-in defaults). A relative
 * XDG_CONFIG_HOME is ignored. With neither variable set, out = "" and KC_OK: use the
 * built-in defaults. KC_ERR_INVALID for an empty cli_path or a path longer than n. */
int kc_config_path(const char *cli_path, char *out, size_t n, int *required);

/* Licensed item labels. C-SSRS and CADSS wording is licensed / copyrighted, so the screens
 * show item numbers with a neutral topic word unless the clinic, holding a licence, names
 * a file in [general] labels_file:
 *     [cssrs]            [cadss]            [pcl5]    [phq9]    [gad7]
 *     1 = ...            1 = ...      (items 1-6, 1-23, 1-20, 1-9 and 1-7)
 * Every problem is reported like a config error ("FILE: [cssrs] 9: not an item number"). */
enum kc_label_set { KC_LABELS_CSSRS = 0, KC_LABELS_CADSS, KC_LABELS_PCL5, KC_LABELS_PHQ9, KC_LABELS_GAD7, KC_LABEL_SETS };
#define KC_LABEL_PCL5_ITEMS 20 /* [pcl5] 1-20: the clinic's PCL-5 wording (numbers and topics without) */
#define KC_LABEL_CSSRS_ITEMS 6
/* [phq9] 1-9 and [gad7] 1-7: the clinic's wording of PHQ-9 / GAD-7 items (a translation, its
 * own form's words) in place of the published English text the screens show without. */
#define KC_LABEL_PHQ9_ITEMS 9
#define KC_LABEL_GAD7_ITEMS 7
#define KC_LABEL_CADSS_ITEMS 23
#define KC_LABEL_MAX 160
struct kc_labels {
	char text[KC_LABEL_SETS][KC_LABEL_CADSS_ITEMS + 1][KC_LABEL_MAX]; /* [set][item], "" = none */
};
/* path "" or NULL: no labels (KC_OK). */
int kc_labels_load(const char *path, struct kc_labels *out, struct kc_diag *diag);
/* The clinic's label for item (1-based), or fallback when it has none. */
const char *kc_label(const struct kc_labels *l, enum kc_label_set set, int item, const char *fallback);

/* Write a complete annotated config file (every key, default, unit, source, help). */
int kc_config_write_example(FILE *out);

#endif
