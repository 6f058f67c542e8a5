/* kc_clinical.h — pure clinical rules: parse and validate entries, alerts, dose, scale
 * scores, screening verdict, discharge readiness. No I/O, no clock, no sqlite, no curses:
 * every time is an argument. Numbers come from struct kc_config (clinical-reference.md). */
#ifndef KC_CLINICAL_H
#define KC_CLINICAL_H

#include <stddef.h>
#include <time.h>

#include "kc_config.h"
#include "kc_error.h"

#define KC_NONE (-1) /* a measure that was not taken / an item not answered */

/* ---------- routes and phases ---------- */

enum kc_route { KC_ROUTE_IV = 0, KC_ROUTE_ESKETAMINE, KC_ROUTE_IM, KC_ROUTE_COUNT };
enum kc_phase {
	KC_PHASE_SCREENING = 0,
	KC_PHASE_DOSING,
	KC_PHASE_RECOVERY,
	KC_PHASE_DISCHARGED,
	KC_PHASE_ABORTED,
	KC_PHASE_COUNT
};

/* Stable lower-case names used in the database, CSV and command line:
 * "iv", "esketamine", "im"; "screening", "dosing", "recovery", "discharged", "aborted". */
const char *kc_route_name(enum kc_route r);
const char *kc_route_label(enum kc_route r); /* "IV ketamine infusion", ... */
int kc_route_from_name(const char *s, enum kc_route *out); /* KC_OK / KC_ERR_INVALID */
const char *kc_phase_name(enum kc_phase p);
int kc_phase_from_name(const char *s, enum kc_phase *out);

/* ---------- vitals ---------- */

struct kc_vitals {
	int systolic, diastolic; /* mmHg, KC_NONE when not taken */
	int heart_rate;          /* /min */
	int spo2;                /* % */
	int resp_rate;           /* /min */
	int temp_dc;             /* tenths of a degree Celsius (368 = 36.8 °C) */
	int moaas;               /* sedation, MOAA/S 0–5 */
};

/* All fields KC_NONE. */
void kc_vitals_clear(struct kc_vitals *v);
/* A measure as shown on screen and in the report: its number, or "-" when not taken
 * (KC_NONE or any other negative), never "-1". Returns buf. */
const char *kc_num_text(int v, char *buf, size_t n);

/* Each parser accepts surrounding blanks; "" (or only blanks) leaves the measure KC_NONE
 * and returns KC_OK. A value outside the [limits] is refused with KC_ERR_INVALID and a
 * message naming the value, the unit and the allowed range, e.g.
 * "systolic 300 mmHg is impossible (allowed 30–280 mmHg)". Nothing is written on error. */
int kc_parse_bp(const char *text, const struct kc_limits_cfg *lim, int *systolic, int *diastolic,
		struct kc_err *err);               /* "142/91"; systolic <= diastolic refused */
int kc_parse_heart_rate(const char *text, const struct kc_limits_cfg *lim, int *out, struct kc_err *err);
int kc_parse_spo2(const char *text, const struct kc_limits_cfg *lim, int *out, struct kc_err *err);     /* "97" or "97%" */
int kc_parse_resp_rate(const char *text, const struct kc_limits_cfg *lim, int *out, struct kc_err *err);
/* "36.8", "36.8C", "98.6F", or a bare number above temp_fahrenheit_above read as °F. */
int kc_parse_temp(const char *text, const struct kc_limits_cfg *lim, int *temp_dc, struct kc_err *err);
int kc_parse_moaas(const char *text, int *out, struct kc_err *err); /* 0–5 */
/* "82", "82.5 kg", "180 lb", "180lb", "180 lbs" -> kg rounded to 0.1. "" is refused. */
int kc_parse_weight(const char *text, const struct kc_limits_cfg *lim, double *kg, struct kc_err *err);

/* Parse a whole vitals round from its form fields (any may be "" except that at least
 * one measure must be given). On error out is untouched and err names the field. */
struct kc_vitals_text {
	const char *bp, *heart_rate, *spo2, *resp_rate, *temp, *moaas;
};
int kc_parse_vitals(const struct kc_vitals_text *t, const struct kc_limits_cfg *lim,
		    struct kc_vitals *out, struct kc_err *err);

/* A reading "refused" by the patient or "unavailable" (equipment) needs a reason. */
enum kc_vstatus { KC_VITALS_TAKEN = 0, KC_VITALS_REFUSED, KC_VITALS_UNAVAILABLE };
const char *kc_vstatus_name(enum kc_vstatus s); /* "taken", "refused", "unavailable" */
int kc_vstatus_from_name(const char *s, enum kc_vstatus *out);
int kc_check_not_taken(enum kc_vstatus s, const char *reason, struct kc_err *err);

/* The time a reading (or any entry) was taken: refused when after now or before the
 * session began. */
int kc_check_time_taken(time_t taken, time_t session_start, time_t now, struct kc_err *err);
/* 1 when entered more than late_entry_min after the time taken. */
int kc_is_late(time_t taken, time_t entered, int late_entry_min);

/* ---------- alerts ---------- */

enum kc_level { KC_LEVEL_OK = 0, KC_LEVEL_WARN = 1, KC_LEVEL_CRITICAL = 2 };
const char *kc_level_name(enum kc_level l); /* "ok", "WARN", "CRITICAL" */

#define KC_ALERT_MAX 16
#define KC_ALERT_TEXT 96
struct kc_alert {
	enum kc_level level;
	char text[KC_ALERT_TEXT]; /* "SBP 182 mmHg >= 180 (critical)" — never only a colour */
};
struct kc_alert_list {
	int n;
	enum kc_level worst; /* the highest level any value reaches */
	struct kc_alert a[KC_ALERT_MAX];
};

/* Alerts for a reading during or after dosing. baseline may be NULL (no rise checks).
 * Comparisons exactly as documented in struct kc_alerts_cfg. */
void kc_vitals_alerts(const struct kc_vitals *v, const struct kc_vitals *baseline,
		      const struct kc_alerts_cfg *cfg, struct kc_alert_list *out);

/* One line joining the alert texts with "; " ("" when none), for storage and reports. */
void kc_alerts_join(const struct kc_alert_list *l, char *out, size_t n);

enum kc_gate { KC_GATE_PASS = 0, KC_GATE_CONFIRM, KC_GATE_INCOMPLETE, KC_GATE_BLOCK };
const char *kc_gate_name(enum kc_gate g); /* "pass", "needs confirmation", "incomplete", "blocked" */

/* Pre-dose BP gate: > confirm limits -> CONFIRM, >= block limits -> BLOCK; why says which. */
enum kc_gate kc_predose_bp_gate(int systolic, int diastolic, const struct kc_screening_cfg *cfg,
				char *why, size_t n);

/* ---------- dose ---------- */

struct kc_iv_dose {
	double mg;        /* weight × mg/kg, rounded to 0.1 */
	double ml_stock;  /* mg / stock concentration, rounded to 0.01 (what is drawn up) */
	double rate_ml_h; /* bag_ml × 60 / infusion_min, rounded to 0.1 */
};
/* Refuses a mg/kg outside [dose_min, dose_max] and a weight outside [limits]. */
int kc_iv_dose_calc(double weight_kg, double mg_per_kg, const struct kc_protocol_iv *p,
		    const struct kc_limits_cfg *lim, struct kc_iv_dose *out, struct kc_err *err);

/* Esketamine: dose must be a positive multiple of device_mg; 56 and 84 are standard,
 * any other multiple sets *needs_reason. Returns the number of devices. */
int kc_esk_devices(int dose_mg, const struct kc_protocol_esk *p, int *devices, int *needs_reason,
		   struct kc_err *err);
/* Seconds still to wait before the next device (0 when the spacing is met). */
long kc_esk_wait_s(time_t previous_device, time_t t, const struct kc_protocol_esk *p);

/* Round to one decimal, half away from zero. */
double kc_round1(double x);
/* Round to two decimals (volumes in mL), half away from zero. */
double kc_round2(double x);

/* The infusion as it ran, from its events: how much was given up to a moment, and when it
 * is planned to end. The bag holds the planned mg in bag_ml mL, so what ran is
 * rate x time in mL, times planned_mg / bag_ml in mg; never more than the whole bag. */
enum kc_inf_kind { KC_INF_START = 0, KC_INF_PAUSE, KC_INF_RESUME, KC_INF_RATE, KC_INF_STOP };
struct kc_inf_event {
	time_t at;
	enum kc_inf_kind kind;
	double rate_ml_h; /* START, RATE (and RESUME when it names the rate); else 0 */
};
#define KC_GIVEN_SEGS 4   /* the working names up to this many rates */
#define KC_GIVEN_TEXT 200
struct kc_given {
	time_t started, stopped; /* 0 = not yet */
	int paused;              /* paused at upto */
	double rate_ml_h;        /* the rate in force */
	long run_s, paused_s;    /* seconds the pump ran / stood paused, up to upto */
	double ml;               /* volume run, to 0.01 mL (at most the bag) */
	double mg_per_ml;        /* planned_mg / bag_ml */
	double mg;               /* given, to 0.1 mg */
	int bag_empty;           /* the volume run reached the bag: mg is the whole dose */
	time_t planned_end;      /* started + infusion_min + paused_s; 0 if not started */
	/* "3 min at 150.0 mL/h = 7.50 mL of 0.35 mg/mL = 2.6 mg (paused 1 min)" */
	char working[KC_GIVEN_TEXT];
};
/* Events in time order (entered-in-error ones left out by the caller); events after upto
 * do not count. KC_ERR_INVALID when something ran but no dose was planned (the
 * concentration is unknown); the times are filled all the same. */
int kc_infusion_given(const struct kc_inf_event *ev, size_t n, time_t upto, double planned_mg,
		      const struct kc_protocol_iv *p, struct kc_given *out, struct kc_err *err);
/* Seconds a running infusion is past its planned end at now (0: not past, or stopped). */
long kc_infusion_overrun_s(const struct kc_given *g, time_t now);

/* ---------- scales ---------- */

struct kc_score {
	int total;
	const char *band; /* static text: "minimal", "mild", ... */
	int flag;         /* PHQ-9: item 9 > 0 (suicide-risk assessment required) */
};
/* Every item must be 0–3 (KC_NONE anywhere: KC_ERR_INVALID "item N not answered"). */
int kc_phq9_score(const int items[9], struct kc_score *out, struct kc_err *err);
int kc_gad7_score(const int items[7], struct kc_score *out, struct kc_err *err);

/* C-SSRS screener: q[1]..q[6] are 1 yes, 0 no, KC_NONE not asked (q[0] unused).
 * Q3–Q5 are asked only when Q2 is yes (then they must be answered; else must be KC_NONE).
 * q6_recent: Q6 behaviour within the past 3 months (only meaningful when q[6] is yes). */
struct kc_cssrs {
	int q[7];
	int q6_recent;
};
enum kc_risk { KC_RISK_NONE = 0, KC_RISK_LOW, KC_RISK_MODERATE, KC_RISK_HIGH };
const char *kc_risk_name(enum kc_risk r);
/* low: Q1 or Q2 yes; moderate: Q3 yes, or Q6 yes over 3 months ago;
 * high: Q4 or Q5 yes, or Q6 yes within 3 months. */
int kc_cssrs_risk(const struct kc_cssrs *c, enum kc_risk *out, struct kc_err *err);

#define KC_CADSS_ITEMS 23
#define KC_CADSS6_ITEMS 6
extern const int kc_cadss6_item_numbers[KC_CADSS6_ITEMS]; /* 1, 2, 6, 7, 15, 22 */
int kc_cadss_total(const int items[KC_CADSS_ITEMS], int *total, struct kc_err *err);   /* 0–4 each */
int kc_cadss6_total(const int items[KC_CADSS6_ITEMS], int *total, struct kc_err *err); /* 0–4 each */

/* MOAA/S level names: 5 "responds to name in normal tone", ... 0 "no response". */
const char *kc_moaas_label(int level);
/* NRS bands: 0 "none", 1–3 "mild", 4–6 "moderate", 7–10 "severe"; NULL outside 0–10. */
const char *kc_nrs_band(int score);
/* 0 none, 1 mild, 2 moderate, 3 severe. */
const char *kc_severity_name(int s);

/* Modified Aldrete: five components 0–2; total 0–10. */
struct kc_aldrete {
	int activity, respiration, circulation, consciousness, spo2;
};
int kc_aldrete_total(const struct kc_aldrete *a, int *total, struct kc_err *err);
/* Circulation from systolic vs baseline: within 20 % -> 2, 20–50 % -> 1, > 50 % -> 0. */
int kc_aldrete_circulation(int systolic, int baseline_systolic);
/* SpO2 component: > 92 % on air -> 2, needs O2 to keep > 90 % -> 1, < 90 % even with O2 -> 0. */
int kc_aldrete_spo2(int spo2, int on_oxygen);

/* ---------- observations (side effects) ---------- */

enum kc_obs_kind {
	KC_OBS_DISSOCIATION = 0,
	KC_OBS_NAUSEA,
	KC_OBS_VOMITING,
	KC_OBS_HEADACHE,
	KC_OBS_SEDATION,
	KC_OBS_ANXIETY,
	KC_OBS_DIZZINESS,
	KC_OBS_HALLUCINATION,
	KC_OBS_BLURRED_VISION,
	KC_OBS_CHEST_PAIN,
	KC_OBS_HYPOESTHESIA,
	KC_OBS_DYSGEUSIA,
	KC_OBS_OTHER,
	KC_OBS_COUNT
};
enum kc_scale {
	KC_SCALE_CADSS = 0, /* 0–92 */
	KC_SCALE_CADSS6,    /* 0–24 */
	KC_SCALE_NRS,       /* 0–10 */
	KC_SCALE_MOAAS,     /* 0–5 */
	KC_SCALE_SEVERITY,  /* 0–3 none/mild/moderate/severe */
	KC_SCALE_EPISODES,  /* vomiting episodes, 0–50 */
	KC_SCALE_COUNT
};
const char *kc_obs_kind_name(enum kc_obs_kind k);   /* "dissociation", "nausea", ... */
const char *kc_obs_kind_label(enum kc_obs_kind k);  /* "Dissociation", "Chest pain/palpitations" */
int kc_obs_kind_from_name(const char *s, enum kc_obs_kind *out);
const char *kc_scale_name(enum kc_scale s);          /* "CADSS", "CADSS-6", "NRS", "MOAA/S", ... */
int kc_scale_from_name(const char *s, enum kc_scale *out);
/* The scale a kind is recorded on by default (dissociation: CADSS-6, nausea/headache: NRS,
 * sedation: MOAA/S, vomiting: episodes, others: severity). */
enum kc_scale kc_obs_default_scale(enum kc_obs_kind k);
/* Is scale allowed for kind, and score within the scale's range? */
int kc_obs_validate(enum kc_obs_kind k, enum kc_scale s, int score, struct kc_err *err);
/* Alerts for an observation: CADSS/CADSS-6 > dissociation_warn -> warn; nausea/headache
 * NRS >= warn -> warn; headache >= headache_crisis with bp_rise -> critical; MOAA/S as in
 * vitals; vomiting >= 2 episodes with moaas_low -> critical; severe chest pain or
 * hallucination -> warn. */
void kc_obs_alerts(enum kc_obs_kind k, enum kc_scale s, int score, int bp_rise, int moaas_low,
		   const struct kc_alerts_cfg *cfg, struct kc_alert_list *out);

/* ---------- screening ---------- */

enum kc_answer { KC_ANS_UNSET = 0, KC_ANS_NO, KC_ANS_YES, KC_ANS_NA };
const char *kc_answer_name(enum kc_answer a); /* "", "no", "yes", "n/a" */
int kc_answer_from_name(const char *s, enum kc_answer *out);

enum kc_item_class { KC_ITEM_ABSOLUTE = 0, KC_ITEM_RELATIVE };
struct kc_check_item {
	const char *key;    /* stable key stored in the database: "aneurysm", "drug_benzo" */
	const char *label;  /* short clinician-facing text */
	enum kc_item_class cls;
	unsigned routes;    /* bit (1u << route) for each route the item applies to */
};
#define KC_CHECK_MAX 32
/* The contraindication checklist of clinical-reference.md §3, absolute items first. */
const struct kc_check_item *kc_check_items(size_t *n);
int kc_check_item_index(const char *key); /* -1 when unknown */

struct kc_screening {
	enum kc_route route;
	int age_years;                       /* KC_NONE if unknown */
	enum kc_answer answers[KC_CHECK_MAX]; /* indexed like kc_check_items() */
	int confirmed[KC_CHECK_MAX];          /* relative "yes" confirmed with a note */
	int phq9[9], has_phq9;
	int gad7[7], has_gad7;
	struct kc_cssrs cssrs;
	int has_cssrs;
	int suicide_risk_confirmed; /* clinician assessed PHQ-9 item 9 / C-SSRS and confirms */
	double weight_kg;           /* 0 = not entered */
	time_t last_solids;         /* last food; 0 = not entered */
	time_t last_liquids;        /* last clear liquid; 0 = not entered */
	time_t nasal_pretreat;      /* esketamine: nasal steroid/decongestant given; 0 = none */
	int fasting_confirmed;      /* clinician proceeds although fasting is short */
	int pretreat_confirmed;     /* clinician proceeds although the nasal pretreatment is recent */
	int escort_named;           /* name and phone entered */
	int consent;                /* consent current */
	int med_changes_reviewed;   /* medication / health changes since last session reviewed */
	struct kc_vitals baseline;  /* last pre-dose reading; systolic KC_NONE = not taken */
	int bp_confirmed;           /* clinician confirms a BP above the confirm limit */
	/* A physician's override covers exactly one block: it names the stored answer row, the
	 * baseline reading or the age it overrides, and counts only while that is still the
	 * current one (a changed answer, a new baseline reading voids it). 0 / KC_NONE = none. */
	long long answer_id[KC_CHECK_MAX];   /* the stored row of the current answer, 0 if none */
	long long override_of[KC_CHECK_MAX]; /* the answer row an override of item i names */
	long long baseline_id;               /* the stored row of the baseline reading, 0 if none */
	long long bp_override_of;            /* the baseline reading an override of the BP names */
	int age_override_of;                 /* the age an override of the age block names */
};
void kc_screening_init(struct kc_screening *s, enum kc_route route);

/* The blocks a physician may override: an absolute checklist item (its index), or these. */
#define KC_BLOCK_AGE (-2) /* esketamine below the minimum age */
#define KC_BLOCK_BP (-3)  /* baseline BP at or above the block limit */
#define KC_BLOCK_NONE (-1) /* not an override */
#define KC_BLOCK_ALL (-4)  /* "override" of old records: every block recorded before it */
/* Is this block covered by an override that names its current answer (reading, age)?
 * KC_BLOCK_ALL: 1 (what it covered was settled when the record was loaded). */
int kc_override_covers(const struct kc_screening *s, int block);
/* The block an override item covers ("override.<absolute key>", "override.age",
 * "override.bp", "override"), KC_BLOCK_NONE for any other item. */
int kc_override_block(const char *item);
/* What it overrides, for the chart and the report: "hypersensitivity to
 * ketamine/esketamine (that answer only)". */
void kc_override_what(const char *item, char *out, size_t n);
/* The blocks in force now, in checklist order then age then BP, overridden or not:
 * up to max into out; the count. A block is an absolute "yes", an esketamine age below
 * the minimum, or a baseline BP at or above the block limit. */
int kc_screening_blocks(const struct kc_screening *s, const struct kc_config *cfg, int *out, int max);

#define KC_REASON_MAX 48
#define KC_REASON_TEXT 128
struct kc_reason {
	enum kc_gate level;  /* PASS for a confirmed / overridden item (kept in the list) */
	char text[KC_REASON_TEXT];
};
struct kc_verdict {
	enum kc_gate gate; /* the highest level of the reasons */
	int overridden;    /* blocks were present and overridden (each by its own override) */
	int n;
	struct kc_reason r[KC_REASON_MAX];
};
/* Verdict for dosing at dose_time: each failed item becomes a reason. Absolute "yes",
 * age below esketamine min_age and BP >= block: BLOCK (PASS "(overridden)" when
 * kc_override_covers that block). Relative "yes", PHQ-9 item 9 > 0, C-SSRS moderate/high, BP > confirm,
 * short fasting: CONFIRM unless confirmed. Unanswered items, missing weight, PHQ-9,
 * GAD-7, C-SSRS, fasting times, escort, consent, medication review or baseline vitals:
 * INCOMPLETE. */
void kc_screening_verdict(const struct kc_screening *s, const struct kc_config *cfg, time_t dose_time,
			  struct kc_verdict *out);
/* Is writing new_value/new_note to a screening item a change of what was recorded (so that
 * it needs a reason and keeps the earlier answer visible)? 1 when the item already holds a
 * value or note and the new one differs; 0 for a first answer, the same answer again, and
 * an override (each is its own act with its own reason, "override..." items). */
int kc_answer_is_change(const char *item, const char *old_value, const char *old_note,
			const char *new_value, const char *new_note);
/* Dosing may start: gate is PASS. */
int kc_verdict_allows_dosing(const struct kc_verdict *v);

/* ---------- discharge readiness ---------- */

struct kc_discharge_input {
	enum kc_route route;
	time_t obs_anchor;        /* IV: infusion end; esketamine: first device; 0 = not yet */
	int has_aldrete;
	struct kc_aldrete aldrete;
	int moaas;                /* latest, KC_NONE unknown */
	int systolic, diastolic;  /* latest, KC_NONE unknown */
	int baseline_systolic, baseline_diastolic; /* KC_NONE unknown */
	int cadss;                /* latest CADSS or CADSS-6 total, KC_NONE = never recorded */
	int cadss_baseline;       /* KC_NONE unknown */
	int nausea;               /* latest NRS, KC_NONE = never recorded (counts as 0) */
	int gait_steady;          /* 1 yes, 0 no, KC_NONE not assessed */
	int new_high_risk;        /* a new high-risk suicide screen this session */
	/* What the clinician confirmed in the latest discharge assessment: nothing counts as
	 * confirmed by default (an escort named at screening is not one present now). */
	int assessed;             /* a discharge assessment was recorded */
	int escort_present;       /* confirmed present in that assessment */
	int instructions_given;   /* all three instructions confirmed given */
	/* Vitals at the time of discharge ([discharge] last_reading_max_min). */
	time_t last_reading;      /* latest valid reading taken; 0 = none */
	time_t vitals_due;        /* the schedule's next due time; 0 = nothing scheduled */
	int vitals_overdue;       /* the schedule says OVERDUE (kc_schedule_next) */
};
enum kc_dc_criterion {
	KC_DC_OBSERVATION = 0,
	KC_DC_ALDRETE,
	KC_DC_MOAAS,
	KC_DC_BP,
	KC_DC_DISSOCIATION,
	KC_DC_NAUSEA,
	KC_DC_GAIT,
	KC_DC_SUICIDE,
	KC_DC_ESCORT,
	KC_DC_INSTRUCTIONS,
	KC_DC_VITALS,             /* a reading no older than last_reading_max_min, none overdue */
	KC_DC_COUNT
};
struct kc_dc_item {
	const char *name; /* "Minimum observation", "Modified Aldrete >= 9", ... */
	int met;
	char why[KC_REASON_TEXT]; /* "met at 14:32", "8 < 9", "MOAA/S 4, needs 5" */
};
struct kc_discharge_result {
	int ready;             /* every criterion met */
	time_t earliest;       /* the time the observation minimum is met; 0 if unknown */
	int aldrete_total;     /* KC_NONE when not scored */
	struct kc_dc_item c[KC_DC_COUNT];
};
/* Every criterion at time now. Met needs what was measured or confirmed: an item the
 * clinician did not confirm in a discharge assessment is "not confirmed", never met by
 * default. KC_DC_VITALS is met when the latest reading is at most last_reading_max_min
 * old at now (exactly that old still counts, one second more does not) and no reading is
 * overdue. ready = every criterion met. */
void kc_discharge_check(const struct kc_discharge_input *in, const struct kc_config *cfg, time_t now,
			struct kc_discharge_result *out);
/* The unmet criteria as "Name (why); Name (why)" ("" when all are met). */
void kc_discharge_unmet(const struct kc_discharge_result *r, char *out, size_t n);

#endif
