/* config.c — one table of keys; iniparser reads the file, the table validates it into
 * struct kc_config. Every problem is reported, none is ignored or silently defaulted. */
#include "kc_config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kc_entry.h"
#include "kc_text.h"

#include <iniparser.h>

#define FIELD_SIZE(m) sizeof(((struct kc_config *)0)->m)

/* One row; offset and size come from the member so they cannot disagree. */
#define KEY(sec, m, f, type, lo, hi, def, unit, src, help) \
	{ sec, #f, type, offsetof(struct kc_config, m.f), FIELD_SIZE(m.f), lo, hi, def, unit, src, help }

#define IV "protocol.iv"
#define ESK "protocol.esketamine"

static const struct kc_cfg_key keys[] = {
	KEY("general", general, clinic_name, KC_CFG_STRING, 0, 0, "", "", "",
	    "Clinic name shown in the header and on reports (empty: none)"),
	KEY("general", general, overdue_bell, KC_CFG_BOOL, 0, 1, "yes", "", "",
	    "Ring the terminal bell once when a reading becomes overdue"),
	KEY("general", general, late_entry_min, KC_CFG_INT, 1, 1440, "10", "min", "",
	    "An entry made more than this long after its time is marked late"),
	KEY("general", general, overdue_after_min, KC_CFG_INT, 0, 120, "5", "min", "",
	    "A due reading is shown overdue this long after its due time"),
	KEY("general", general, time_back_max_h, KC_CFG_INT, 1, 720, "48", "h", "",
	    "A fasting or pretreatment time typed further back than this is refused as a typing slip"),
	KEY("general", general, labels_file, KC_CFG_STRING, 0, 0, "", "", "",
	    "File of the clinic's item wording (C-SSRS, CADSS, PCL-5, PHQ-9, GAD-7); empty: numbers and built-in text"),
	KEY("general", general, indications, KC_CFG_STRING, 0, 0, "depression, anxiety, PTSD, bipolar depression",
	    "", "", "Indications offered when a session starts, comma between; other (typed) is always added"),
	KEY("general", general, chairs, KC_CFG_STRING, 0, 0, "Chair 1, Chair 2, Chair 3, Chair 4", "", "",
	    "The clinic's treatment chairs, comma between: what a booking offers"),

	KEY(IV, iv, dose_mg_per_kg, KC_CFG_DOUBLE, 0.05, 2.0, "0.5", "mg/kg", "P",
	    "Default IV ketamine dose"),
	KEY(IV, iv, dose_min_mg_per_kg, KC_CFG_DOUBLE, 0.05, 2.0, "0.1", "mg/kg", "P",
	    "Lowest IV dose accepted; a smaller dose is refused"),
	KEY(IV, iv, dose_max_mg_per_kg, KC_CFG_DOUBLE, 0.05, 2.0, "1.0", "mg/kg", "P",
	    "Highest IV dose accepted; a larger dose is refused"),
	KEY(IV, iv, infusion_min, KC_CFG_INT, 1, 600, "40", "min", "P",
	    "Infusion time by pump"),
	KEY(IV, iv, stock_mg_per_ml, KC_CFG_DOUBLE, 0.1, 100, "50", "mg/mL", "C",
	    "Concentration of the ketamine stock the dose is drawn from"),
	KEY(IV, iv, bag_ml, KC_CFG_DOUBLE, 10, 1000, "100", "mL", "C",
	    "Volume of the infusion bag, for the pump rate"),
	KEY(IV, iv, fasting_solids_h, KC_CFG_DOUBLE, 0, 24, "6", "h", "P",
	    "No solid food for this long before the infusion"),
	KEY(IV, iv, fasting_liquids_h, KC_CFG_DOUBLE, 0, 24, "2", "h", "P",
	    "No clear liquids for this long before the infusion"),
	KEY(IV, iv, vitals_interval_min, KC_CFG_INT, 1, 120, "10", "min", "P",
	    "Vitals (BP, HR, SpO2, RR, sedation) are due this often during the infusion"),
	KEY(IV, iv, recovery_interval_min, KC_CFG_INT, 1, 120, "15", "min", "P",
	    "Vitals are due this often in recovery"),
	KEY(IV, iv, min_observation_min, KC_CFG_INT, 1, 600, "30", "min", "C",
	    "Minimum observation after the infusion ends"),

	KEY(ESK, esk, dose_mg, KC_CFG_INT, 14, 112, "56", "mg", "L",
	    "Default esketamine dose (56 or 84 mg need no reason; other doses do)"),
	KEY(ESK, esk, device_mg, KC_CFG_INT, 1, 100, "28", "mg", "L",
	    "Esketamine in one nasal spray device"),
	KEY(ESK, esk, device_spacing_min, KC_CFG_INT, 1, 60, "5", "min", "L",
	    "Wait between two devices"),
	KEY(ESK, esk, fasting_food_h, KC_CFG_DOUBLE, 0, 24, "2", "h", "L",
	    "No food for this long before the dose"),
	KEY(ESK, esk, fasting_liquids_h, KC_CFG_DOUBLE, 0, 24, "0.5", "h", "L",
	    "No liquids for this long before the dose"),
	KEY(ESK, esk, nasal_pretreat_min, KC_CFG_INT, 1, 600, "60", "min", "L",
	    "A nasal steroid or decongestant must be given at least this long before"),
	KEY(ESK, esk, bp_check_min, KC_CFG_INT, 1, 600, "40", "min", "L",
	    "BP check this long after the first device"),
	KEY(ESK, esk, bp_check_window_min, KC_CFG_INT, 0, 60, "5", "min", "C",
	    "A BP reading up to this long before the check time counts for it"),
	KEY(ESK, esk, recovery_interval_min, KC_CFG_INT, 1, 120, "15", "min", "C",
	    "Vitals are due this often after the BP check, until stable"),
	KEY(ESK, esk, min_observation_min, KC_CFG_INT, 1, 600, "120", "min", "L",
	    "Minimum observation from the first device"),
	KEY(ESK, esk, min_age, KC_CFG_INT, 12, 99, "18", "years", "L",
	    "Youngest patient who may be dosed"),

	KEY("dose", dose, overrun_warn_min, KC_CFG_INT, 1, 240, "10", "min", "C",
	    "An infusion still running this long past its planned end (start + infusion time + pauses) raises a banner"),

	KEY("vitals", vitals, carry, KC_CFG_BOOL, 0, 1, "yes", "", "C",
	    "A vitals round starts on the values the last reading allows to carry, each marked carried until typed over; no: every field starts blank"),

	KEY("alerts", alerts, systolic_warn, KC_CFG_INT, 60, 280, "160", "mmHg", "L",
	    "Warn when systolic BP is at or above this"),
	KEY("alerts", alerts, systolic_critical, KC_CFG_INT, 60, 280, "180", "mmHg", "C",
	    "Critical when systolic BP is at or above this"),
	KEY("alerts", alerts, diastolic_warn, KC_CFG_INT, 30, 200, "100", "mmHg", "L",
	    "Warn when diastolic BP is at or above this"),
	KEY("alerts", alerts, diastolic_critical, KC_CFG_INT, 30, 200, "110", "mmHg", "C",
	    "Critical when diastolic BP is at or above this"),
	KEY("alerts", alerts, systolic_rise_warn, KC_CFG_INT, 5, 150, "40", "mmHg", "L",
	    "Warn when systolic BP is this much or more above the session baseline"),
	KEY("alerts", alerts, diastolic_rise_warn, KC_CFG_INT, 5, 100, "25", "mmHg", "L",
	    "Warn when diastolic BP is this much or more above the session baseline"),
	KEY("alerts", alerts, heart_rate_warn_high, KC_CFG_INT, 60, 250, "110", "/min", "C",
	    "Warn when heart rate is above this"),
	KEY("alerts", alerts, heart_rate_critical_high, KC_CFG_INT, 60, 250, "130", "/min", "C",
	    "Critical when heart rate is above this"),
	KEY("alerts", alerts, heart_rate_warn_low, KC_CFG_INT, 20, 100, "50", "/min", "C",
	    "Warn when heart rate is below this"),
	KEY("alerts", alerts, heart_rate_critical_low, KC_CFG_INT, 20, 100, "40", "/min", "C",
	    "Critical when heart rate is below this"),
	KEY("alerts", alerts, spo2_warn, KC_CFG_INT, 50, 100, "94", "%", "C",
	    "Warn when SpO2 is below this"),
	KEY("alerts", alerts, spo2_critical, KC_CFG_INT, 50, 100, "90", "%", "C",
	    "Critical when SpO2 is below this"),
	KEY("alerts", alerts, resp_rate_warn_low, KC_CFG_INT, 1, 30, "10", "/min", "C",
	    "Warn when respiratory rate is below this"),
	KEY("alerts", alerts, resp_rate_critical_low, KC_CFG_INT, 1, 30, "8", "/min", "C",
	    "Critical when respiratory rate is below this"),
	KEY("alerts", alerts, resp_rate_warn_high, KC_CFG_INT, 10, 80, "24", "/min", "C",
	    "Warn when respiratory rate is above this"),
	KEY("alerts", alerts, sedation_warn, KC_CFG_INT, 0, 4, "3", "MOAA/S", "C",
	    "Warn when the MOAA/S sedation score is at or below this"),
	KEY("alerts", alerts, sedation_critical, KC_CFG_INT, 0, 4, "1", "MOAA/S", "C",
	    "Critical when the MOAA/S sedation score is at or below this"),
	KEY("alerts", alerts, dissociation_warn, KC_CFG_INT, 0, 92, "4", "CADSS", "P",
	    "Warn when the CADSS dissociation total is above this"),
	KEY("alerts", alerts, nausea_warn, KC_CFG_INT, 1, 10, "4", "NRS", "C",
	    "Warn when nausea is at or above this"),
	KEY("alerts", alerts, headache_warn, KC_CFG_INT, 1, 10, "4", "NRS", "C",
	    "Warn when headache is at or above this"),
	KEY("alerts", alerts, headache_crisis, KC_CFG_INT, 1, 10, "7", "NRS", "L",
	    "Crisis (critical) when headache is at or above this together with a BP rise"),
	KEY("alerts", alerts, recheck_after_critical_min, KC_CFG_INT, 1, 60, "5", "min", "C",
	    "After a critical reading (BP, HR, SpO2, RR, sedation) the next reading is due this soon"),

	KEY("screening", screening, predose_systolic_confirm, KC_CFG_INT, 60, 280, "140", "mmHg", "L",
	    "Pre-dose systolic BP above this must be confirmed before dosing"),
	KEY("screening", screening, predose_diastolic_confirm, KC_CFG_INT, 30, 200, "90", "mmHg", "L",
	    "Pre-dose diastolic BP above this must be confirmed before dosing"),
	KEY("screening", screening, predose_systolic_block, KC_CFG_INT, 60, 280, "180", "mmHg", "L",
	    "Pre-dose systolic BP at or above this blocks dosing unless overridden"),
	KEY("screening", screening, predose_diastolic_block, KC_CFG_INT, 30, 200, "100", "mmHg", "L",
	    "Pre-dose diastolic BP at or above this blocks dosing unless overridden"),

	KEY("limits", limits, systolic_min, KC_CFG_INT, 10, 400, "30", "mmHg", "C",
	    "Lowest systolic BP accepted; a lower value is refused as impossible"),
	KEY("limits", limits, systolic_max, KC_CFG_INT, 10, 400, "280", "mmHg", "C",
	    "Highest systolic BP accepted; a higher value is refused as impossible"),
	KEY("limits", limits, diastolic_min, KC_CFG_INT, 5, 300, "10", "mmHg", "C",
	    "Lowest diastolic BP accepted"),
	KEY("limits", limits, diastolic_max, KC_CFG_INT, 5, 300, "200", "mmHg", "C",
	    "Highest diastolic BP accepted"),
	KEY("limits", limits, heart_rate_min, KC_CFG_INT, 1, 400, "20", "/min", "C",
	    "Lowest heart rate accepted"),
	KEY("limits", limits, heart_rate_max, KC_CFG_INT, 1, 400, "300", "/min", "C",
	    "Highest heart rate accepted"),
	KEY("limits", limits, spo2_min, KC_CFG_INT, 0, 100, "50", "%", "C",
	    "Lowest SpO2 accepted"),
	KEY("limits", limits, spo2_max, KC_CFG_INT, 0, 100, "100", "%", "C",
	    "Highest SpO2 accepted"),
	KEY("limits", limits, resp_rate_min, KC_CFG_INT, 0, 150, "0", "/min", "C",
	    "Lowest respiratory rate accepted"),
	KEY("limits", limits, resp_rate_max, KC_CFG_INT, 0, 150, "80", "/min", "C",
	    "Highest respiratory rate accepted"),
	KEY("limits", limits, temp_min_c, KC_CFG_DOUBLE, 20, 50, "30", "°C", "C",
	    "Lowest temperature accepted"),
	KEY("limits", limits, temp_max_c, KC_CFG_DOUBLE, 20, 50, "45", "°C", "C",
	    "Highest temperature accepted"),
	KEY("limits", limits, temp_fahrenheit_above, KC_CFG_DOUBLE, 45, 110, "80", "", "C",
	    "A temperature reading above this number is taken as Fahrenheit and converted"),
	KEY("limits", limits, weight_min_kg, KC_CFG_DOUBLE, 1, 700, "20", "kg", "C",
	    "Lowest weight accepted"),
	KEY("limits", limits, weight_max_kg, KC_CFG_DOUBLE, 1, 700, "350", "kg", "C",
	    "Highest weight accepted"),

	KEY("discharge", discharge, aldrete_min, KC_CFG_INT, 5, 10, "9", "points", "P",
	    "Modified Aldrete score needed for discharge"),
	KEY("discharge", discharge, moaas_required, KC_CFG_INT, 3, 5, "5", "MOAA/S", "C",
	    "MOAA/S sedation score needed for discharge"),
	KEY("discharge", discharge, bp_within_percent, KC_CFG_INT, 1, 100, "20", "%", "P",
	    "BP must be within this much of baseline (or below the warn limits)"),
	KEY("discharge", discharge, cadss_max, KC_CFG_INT, 0, 92, "4", "CADSS", "P",
	    "Highest CADSS dissociation total allowed at discharge (or back to baseline)"),
	KEY("discharge", discharge, nausea_max, KC_CFG_INT, 0, 10, "3", "NRS", "C",
	    "Highest nausea allowed at discharge"),
	KEY("discharge", discharge, last_reading_max_min, KC_CFG_INT, 1, 120, "15", "min", "C",
	    "Discharge needs a vitals reading no older than this, and no overdue vitals"),

	KEY("interventions", interventions, antiemetic, KC_CFG_STRING, 0, 0,
	    "ondansetron 4 mg IV, ondansetron 4 mg ODT, metoclopramide 10 mg IV", "", "C",
	    "Antiemetics offered for nausea or vomiting, comma between"),
	KEY("interventions", interventions, analgesic, KC_CFG_STRING, 0, 0,
	    "paracetamol 1 g PO, ibuprofen 400 mg PO", "", "C",
	    "Analgesics offered for a headache, comma between"),
	KEY("interventions", interventions, antihypertensive, KC_CFG_STRING, 0, 0,
	    "labetalol 10 mg IV, clonidine 0.1 mg PO", "", "C",
	    "Antihypertensives offered for a headache or chest pain with a BP rise, comma between"),
	KEY("interventions", interventions, benzodiazepine, KC_CFG_STRING, 0, 0,
	    "midazolam 1 mg IV, lorazepam 1 mg PO", "", "C",
	    "Benzodiazepines offered for anxiety, agitation or distressing dissociation, comma between"),
	KEY("interventions", interventions, reassurance, KC_CFG_STRING, 0, 0,
	    "reassurance, quiet room and dim lights", "", "C",
	    "Non-drug measures offered for most side effects, comma between"),
	KEY("interventions", interventions, pause, KC_CFG_STRING, 0, 0, "infusion paused", "", "C",
	    "Offered while an IV infusion runs; a choice starting \"infusion paused\" pauses it"),
	KEY("interventions", interventions, stop, KC_CFG_STRING, 0, 0, "infusion stopped", "", "C",
	    "Offered while an IV infusion runs; the stop itself is charted with x on the dosing screen"),
	KEY("interventions", interventions, other, KC_CFG_STRING, 0, 0, "", "", "C",
	    "Further choices offered for every side effect, comma between; other (typed) is always added"),

	KEY("course", course, response_drop_percent, KC_CFG_INT, 10, 90, "50", "%", "P",
	    "Response: a PHQ-9 at least this much below the course's first PHQ-9"),
	KEY("course", course, remission_below, KC_CFG_INT, 1, 27, "5", "PHQ-9", "P",
	    "Remission: a PHQ-9 below this"),
	KEY("course", course, iv_induction_sessions, KC_CFG_INT, 1, 30, "6", "sessions", "P",
	    "IV ketamine induction series: this many infusions"),
	KEY("course", course, iv_induction_days, KC_CFG_INT, 1, 90, "21", "days", "P",
	    "IV ketamine induction series: spread over this many days"),
	KEY("course", course, esk_induction_sessions, KC_CFG_INT, 1, 30, "8", "sessions", "L",
	    "Esketamine induction (weeks 1-4, twice weekly): this many sessions"),
	KEY("course", course, esk_induction_days, KC_CFG_INT, 1, 90, "28", "days", "L",
	    "Esketamine induction: over this many days"),
	KEY("course", course, esk_weekly_sessions, KC_CFG_INT, 0, 30, "4", "sessions", "L",
	    "Esketamine weeks 5-8: this many sessions, once weekly"),
	KEY("course", course, esk_maintenance_days, KC_CFG_INT, 7, 14, "7", "days", "L",
	    "Esketamine from week 9: one session every this many days (7 or 14)"),
	KEY("course", course, late_after_min, KC_CFG_INT, 1, 240, "15", "min", "C",
	    "A booked session not begun this long after its time is shown LATE"),
	KEY("course", course, pcl5_probable_ptsd, KC_CFG_INT, 1, 80, "33", "PCL-5", "P",
	    "Probable PTSD: a PCL-5 total at or above this (the published cut-point is 31 to 33)"),
	KEY("rems", rems, setting_name, KC_CFG_STRING, 0, 0, "", "", "",
	    "Name of the certified healthcare setting on the REMS monitoring form (empty: esketamine sessions cannot be signed)"),
	KEY("rems", rems, setting_address, KC_CFG_STRING, 0, 0, "", "", "",
	    "Street address of the setting on the REMS form"),
	KEY("rems", rems, setting_city, KC_CFG_STRING, 0, 0, "", "", "",
	    "City of the setting on the REMS form"),
	KEY("rems", rems, setting_state, KC_CFG_STRING, 0, 0, "", "", "",
	    "State of the setting on the REMS form"),
	KEY("rems", rems, setting_zip, KC_CFG_STRING, 0, 0, "", "", "",
	    "ZIP code of the setting on the REMS form"),
	KEY("rems", rems, setting_phone, KC_CFG_STRING, 0, 0, "", "", "",
	    "Telephone of the setting (shown on the REMS form when set)"),
	KEY("rems", rems, setting_id, KC_CFG_STRING, 0, 0, "", "", "",
	    "The setting's REMS certification identifier (shown on the REMS form when set)"),
	KEY("fhir", fhir, patient_identifier_system, KC_CFG_STRING, 0, 0, "urn:ketchart:chart-number", "", "",
	    "FHIR export: the identifier system (a URI) of the clinic's chart numbers; set it to the clinic's own (an OID as urn:oid:..., or a URL)"),
	KEY("fhir", fhir, practitioner_identifier_system, KC_CFG_STRING, 0, 0, "urn:ketchart:login", "", "",
	    "FHIR export: the identifier system (a URI) of the clinicians' logins"),
	KEY("fhir", fhir, local_code_system, KC_CFG_STRING, 0, 0, "urn:ketchart:code", "", "",
	    "FHIR export: the code system (a URI) of what has no standard code (MOAA/S, C-SSRS screener, CADSS, side effects)"),
	KEY("fhir", fhir, ketamine_rxnorm, KC_CFG_STRING, 0, 0, "6130", "", "",
	    "FHIR export: the RxNorm ingredient code of ketamine"),
	KEY("fhir", fhir, esketamine_rxnorm, KC_CFG_STRING, 0, 0, "", "", "",
	    "FHIR export: the RxNorm ingredient code of esketamine, once the clinic has confirmed it on RxNav (empty: sent as text with the local code)"),
};

#define NKEYS (sizeof keys / sizeof keys[0])

struct section {
	const char *name;
	const char *title;
};

static const struct section sections[] = {
	{ "general", "How the program behaves (not clinical)." },
	{ "protocol.iv", "IV racemic ketamine infusion." },
	{ "protocol.esketamine", "Intranasal esketamine (Spravato, under REMS)." },
	{ "dose", "The infusion while it runs." },
	{ "vitals", "The vitals form." },
	{ "alerts", "Alerts. Warn: flagged, acknowledged. Critical: stays until acted on." },
	{ "screening", "The pre-dose blood-pressure gate." },
	{ "limits", "Impossible values: a reading outside these limits is refused, never stored." },
	{ "discharge", "Discharge criteria." },
	{ "interventions", "What the side-effect forms offer, per kind of intervention (for the medical director to confirm)." },
	{ "course", "Treatment courses: response, remission, the planned series, and the day's bookings." },
	{ "rems", "The certified setting on the Spravato REMS Patient Monitoring Form." },
	{ "fhir", "The FHIR export: identifier systems and codes (not clinical)." },
};

#define NSECTIONS (sizeof sections / sizeof sections[0])

/* Two keys that must agree; the first is the one named in the message. */
enum cross_op { CROSS_ABOVE, CROSS_BELOW, CROSS_NOT_BELOW, CROSS_NOT_ABOVE, CROSS_NOT_MULTIPLE };

struct cross_rule {
	const char *section, *a, *b;
	enum cross_op op; /* a OP b is an error */
	const char *why;
};

#define WARN_WHY "a warn limit must not lie beyond its critical limit"
#define GATE_WHY "the confirm limit must not be above the block limit"
#define RANGE_WHY "the minimum must be below the maximum"
#define DOSE_WHY "the default dose must lie within the accepted dose range"

static const struct cross_rule cross_rules[] = {
	{ "alerts", "systolic_warn", "systolic_critical", CROSS_ABOVE, WARN_WHY },
	{ "alerts", "diastolic_warn", "diastolic_critical", CROSS_ABOVE, WARN_WHY },
	{ "alerts", "heart_rate_warn_high", "heart_rate_critical_high", CROSS_ABOVE, WARN_WHY },
	{ "alerts", "heart_rate_warn_low", "heart_rate_critical_low", CROSS_BELOW, WARN_WHY },
	{ "alerts", "heart_rate_warn_low", "heart_rate_warn_high", CROSS_NOT_BELOW,
	  "the low warn limit must be below the high one" },
	{ "alerts", "spo2_warn", "spo2_critical", CROSS_BELOW, WARN_WHY },
	{ "alerts", "resp_rate_warn_low", "resp_rate_critical_low", CROSS_BELOW, WARN_WHY },
	{ "alerts", "resp_rate_warn_low", "resp_rate_warn_high", CROSS_NOT_BELOW,
	  "the low warn limit must be below the high one" },
	{ "alerts", "sedation_warn", "sedation_critical", CROSS_BELOW, WARN_WHY },
	{ "alerts", "headache_warn", "headache_crisis", CROSS_ABOVE,
	  "the warn level must not be above the crisis level" },
	{ "screening", "predose_systolic_confirm", "predose_systolic_block", CROSS_ABOVE, GATE_WHY },
	{ "screening", "predose_diastolic_confirm", "predose_diastolic_block", CROSS_ABOVE, GATE_WHY },
	{ "limits", "systolic_min", "systolic_max", CROSS_NOT_BELOW, RANGE_WHY },
	{ "limits", "diastolic_min", "diastolic_max", CROSS_NOT_BELOW, RANGE_WHY },
	{ "limits", "heart_rate_min", "heart_rate_max", CROSS_NOT_BELOW, RANGE_WHY },
	{ "limits", "spo2_min", "spo2_max", CROSS_NOT_BELOW, RANGE_WHY },
	{ "limits", "resp_rate_min", "resp_rate_max", CROSS_NOT_BELOW, RANGE_WHY },
	{ "limits", "temp_min_c", "temp_max_c", CROSS_NOT_BELOW, RANGE_WHY },
	{ "limits", "temp_fahrenheit_above", "temp_max_c", CROSS_NOT_ABOVE,
	  "an accepted Celsius reading would be taken for Fahrenheit" },
	{ "limits", "weight_min_kg", "weight_max_kg", CROSS_NOT_BELOW, RANGE_WHY },
	{ IV, "dose_min_mg_per_kg", "dose_mg_per_kg", CROSS_ABOVE, DOSE_WHY },
	{ IV, "dose_mg_per_kg", "dose_max_mg_per_kg", CROSS_ABOVE, DOSE_WHY },
	{ ESK, "dose_mg", "device_mg", CROSS_NOT_MULTIPLE, "a dose is given in whole devices" },
};

/* One load in progress. bad[] marks keys whose value was refused, so that cross rules
 * do not compare against the default that stands in for them. */
struct load {
	const char *path;
	struct kc_config *cfg;
	struct kc_diag *diag;
	int display_only; /* a clinician's own file in shared mode: display keys only */
	unsigned char bad[NKEYS];
};

/* The keys a clinician's own file may set in shared mode: how the screens behave for
 * them, nothing the record or an alert depends on. Every other key is the clinic's. */
static const char *const display_keys[] = { "general:overdue_bell" };

static int is_display_key(const struct kc_cfg_key *k)
{
	char name[96];

	snprintf(name, sizeof name, "%s:%s", k->section, k->name);
	for (size_t i = 0; i < sizeof display_keys / sizeof display_keys[0]; i++)
		if (!strcmp(display_keys[i], name))
			return 1;
	return 0;
}

const struct kc_cfg_key *kc_config_keys(size_t *n)
{
	if (n)
		*n = NKEYS;
	return keys;
}

static int find_key(const char *section, const char *name)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (!strcmp(keys[i].section, section) && !strcmp(keys[i].name, name))
			return (int)i;
	return -1;
}

static const char *find_section(const char *name, size_t len)
{
	for (size_t i = 0; i < NSECTIONS; i++)
		if (strlen(sections[i].name) == len && !strncmp(sections[i].name, name, len))
			return sections[i].name;
	return NULL;
}

/* ---- values ---- */

/* Strict decimal: optional sign, digits, optional fraction. No units, no exponents. */
static int is_decimal(const char *s, int *integral)
{
	size_t digits = 0;

	*integral = 1;
	if (*s == '+' || *s == '-')
		s++;
	for (; *s >= '0' && *s <= '9'; s++)
		digits++;
	if (*s == '.') {
		*integral = 0;
		for (s++; *s >= '0' && *s <= '9'; s++)
			digits++;
	}
	return digits > 0 && *s == '\0';
}

static int parse_number(const struct kc_cfg_key *k, const char *text, double *v,
			char *why, size_t n)
{
	int integral;

	if (!*text) {
		snprintf(why, n, "is empty; write a number such as %s, or remove the line to use "
			 "the default", k->def);
		return -1;
	}
	if (!is_decimal(text, &integral)) {
		snprintf(why, n, "\"%s\" is not a number; write digits only, e.g. %s", text, k->def);
		return -1;
	}
	if (k->type == KC_CFG_INT && !integral) {
		snprintf(why, n, "\"%s\" is not a whole number; write e.g. %s", text, k->def);
		return -1;
	}
	*v = strtod(text, NULL);
	if (*v < k->min || *v > k->max) {
		snprintf(why, n, "must be between %g and %g%s%s, not %s", k->min, k->max,
			 *k->unit ? " " : "", k->unit, text);
		return -1;
	}
	return 0;
}

static int parse_bool(const char *text, int *v)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };

	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (!strcasecmp(text, yes[i]) || !strcasecmp(text, no[i])) {
			*v = !strcasecmp(text, yes[i]);
			return 0;
		}
	}
	return -1;
}

/* Parse text as k's type and store it in cfg; on refusal fill why and return -1. */
static int key_set(const struct kc_cfg_key *k, const char *text, struct kc_config *cfg,
		   char *why, size_t n)
{
	char *field = (char *)cfg + k->offset;
	double v;
	int b;

	switch (k->type) {
	case KC_CFG_INT:
	case KC_CFG_DOUBLE:
		if (parse_number(k, text, &v, why, n))
			return -1;
		if (k->type == KC_CFG_INT)
			*(int *)(void *)field = (int)v;
		else
			*(double *)(void *)field = v;
		return 0;
	case KC_CFG_BOOL:
		if (parse_bool(text, &b)) {
			snprintf(why, n, "must be yes or no (or true/false, on/off, 1/0), not \"%s\"",
				 text);
			return -1;
		}
		*(int *)(void *)field = b;
		return 0;
	case KC_CFG_STRING:
		if (strlen(text) >= k->size) {
			snprintf(why, n, "is too long (%zu bytes; at most %zu)", strlen(text),
				 k->size - 1);
			return -1;
		}
		kc_strlcpy(field, text, k->size);
		return 0;
	}
	return -1;
}

static double key_value(const struct kc_cfg_key *k, const struct kc_config *cfg)
{
	const char *field = (const char *)cfg + k->offset;

	if (k->type == KC_CFG_DOUBLE)
		return *(const double *)(const void *)field;
	return *(const int *)(const void *)field;
}

/* ---- numbers in the C locale ---- */

/* The UI may set a locale whose decimal point is a comma; the file and its messages
 * always use a point. Returns the locale to restore, or 0. */
static locale_t c_numeric_begin(locale_t *mine)
{
	locale_t base = duplocale(LC_GLOBAL_LOCALE);

	*mine = base ? newlocale(LC_NUMERIC_MASK, "C", base) : (locale_t)0;
	if (!*mine) {
		if (base)
			freelocale(base);
		return (locale_t)0;
	}
	return uselocale(*mine);
}

static void c_numeric_end(locale_t old, locale_t mine)
{
	if (mine) {
		uselocale(old);
		freelocale(mine);
	}
}

void kc_config_defaults(struct kc_config *cfg)
{
	char why[KC_MSG_MAX];
	locale_t old, mine;

	memset(cfg, 0, sizeof *cfg);
	old = c_numeric_begin(&mine);
	/* Every default is inside its range (test_config checks it), so this cannot refuse. */
	for (size_t i = 0; i < NKEYS; i++)
		key_set(&keys[i], keys[i].def, cfg, why, sizeof why);
	c_numeric_end(old, mine);
}

/* ---- diagnostics ---- */

static void diag_add(struct kc_diag *diag, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void diag_add(struct kc_diag *diag, const char *fmt, ...)
{
	va_list ap;

	if (diag->n >= KC_DIAG_MAX) {
		diag->dropped++;
		return;
	}
	char raw[KC_MSG_MAX];

	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	/* The file's own text (keys, lines) reaches the terminal escaped (kc_text.h). */
	kc_text_escape(raw, 0, diag->msg[diag->n++], KC_MSG_MAX);
}

/* Edit distance, to suggest the key that was probably meant. */
static size_t distance(const char *a, const char *b)
{
	size_t row[64], la = strlen(a), lb = strlen(b);

	if (la >= 64 || lb >= 64)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

static int close_enough(const char *typed, const char *known)
{
	return distance(typed, known) <= 1 + strlen(known) / 6;
}

static void unknown_key(struct load *ld, const char *section, const char *name)
{
	const char *hint = NULL, *elsewhere = NULL;

	for (size_t i = 0; i < NKEYS; i++) {
		if (!strcmp(keys[i].name, name))
			elsewhere = keys[i].section;
		else if (!strcmp(keys[i].section, section) && !hint && close_enough(name, keys[i].name))
			hint = keys[i].name;
	}
	if (elsewhere)
		diag_add(ld->diag, "%s: [%s] %s: unknown key in this section (it belongs in [%s])",
			 ld->path, section, name, elsewhere);
	else if (hint)
		diag_add(ld->diag, "%s: [%s] %s: unknown key (did you mean %s?)", ld->path, section,
			 name, hint);
	else
		diag_add(ld->diag, "%s: [%s] %s: unknown key", ld->path, section, name);
}

static void unknown_section(struct load *ld, const char *name)
{
	for (size_t i = 0; i < NSECTIONS; i++) {
		if (close_enough(name, sections[i].name)) {
			diag_add(ld->diag, "%s: [%s]: unknown section (did you mean [%s]?)", ld->path,
				 name, sections[i].name);
			return;
		}
	}
	diag_add(ld->diag, "%s: [%s]: unknown section (known: general, protocol.iv, "
		 "protocol.esketamine, dose, alerts, screening, limits, discharge, interventions, course)", ld->path, name);
}

/* ---- reading the file ---- */

/* A list of choices, comma between (kc_choices_split). */
static int is_list_key(const struct kc_cfg_key *k)
{
	return !strcmp(k->section, "interventions") ||
	       (!strcmp(k->section, "general") && (!strcmp(k->name, "indications") || !strcmp(k->name, "chairs")));
}

/* One dictionary entry: a section (no value) or "section:key" = value. */
static void load_entry(struct load *ld, const char *entry, const char *val)
{
	const char *colon = strchr(entry, ':');
	const char *section;
	char why[KC_MSG_MAX];
	int i;

	if (!val) {
		if (!find_section(entry, strlen(entry)))
			unknown_section(ld, entry);
		return;
	}
	section = colon ? find_section(entry, (size_t)(colon - entry)) : NULL;
	if (!section)
		return; /* its section was reported as unknown */
	i = find_key(section, colon + 1);
	if (i < 0 && !strcmp(section, "general") && !strcmp(colon + 1, "group")) {
		diag_add(ld->diag, "%s: [general] group: gone: a database several clinicians share is "
			 "set up with 'ketchart setup --shared' (see ketchart(1)); remove this line", ld->path);
		return;
	}
	if (i < 0) {
		unknown_key(ld, section, colon + 1);
		return;
	}
	if (ld->display_only && !is_display_key(&keys[i])) {
		diag_add(ld->diag, "%s: [%s] %s: the clinic's setting, in its configuration only; a "
			 "clinician's own file sets display preferences only (overdue_bell)", ld->path,
			 section, colon + 1);
		return;
	}
	if (key_set(&keys[i], val, ld->cfg, why, sizeof why)) {
		ld->bad[i] = 1;
		diag_add(ld->diag, "%s: [%s] %s: %s", ld->path, section, colon + 1, why);
	} else if (is_list_key(&keys[i])) {
		struct kc_choices c;
		struct kc_err e;

		if (kc_choices_split((const char *)ld->cfg + keys[i].offset, &c, &e) != KC_OK) {
			ld->bad[i] = 1;
			diag_add(ld->diag, "%s: [%s] %s: %s", ld->path, section, colon + 1, e.msg);
		}
	}
}

static const char *cross_verb(enum cross_op op)
{
	switch (op) {
	case CROSS_ABOVE:
		return "is above";
	case CROSS_BELOW:
		return "is below";
	case CROSS_NOT_BELOW:
		return "is not below";
	case CROSS_NOT_ABOVE:
		return "is not above";
	case CROSS_NOT_MULTIPLE:
		return "is not a multiple of";
	}
	return "conflicts with";
}

static int cross_broken(enum cross_op op, double a, double b)
{
	switch (op) {
	case CROSS_ABOVE:
		return a > b;
	case CROSS_BELOW:
		return a < b;
	case CROSS_NOT_BELOW:
		return a >= b;
	case CROSS_NOT_ABOVE:
		return a <= b;
	case CROSS_NOT_MULTIPLE:
		return b >= 1 && (long)a % (long)b != 0;
	}
	return 0;
}

static void check_cross(struct load *ld)
{
	for (size_t i = 0; i < sizeof cross_rules / sizeof cross_rules[0]; i++) {
		const struct cross_rule *r = &cross_rules[i];
		int a = find_key(r->section, r->a), b = find_key(r->section, r->b);
		double va, vb;

		if (a < 0 || b < 0 || ld->bad[a] || ld->bad[b])
			continue;
		va = key_value(&keys[a], ld->cfg);
		vb = key_value(&keys[b], ld->cfg);
		if (cross_broken(r->op, va, vb))
			diag_add(ld->diag, "%s: [%s] %s: %g %s %s (%g); %s", ld->path, r->section,
				 r->a, va, cross_verb(r->op), r->b, vb, r->why);
	}
}

/* iniparser reports syntax errors through a process-wide callback without a user
 * pointer. Its words are not ours to parse: the file's syntax is checked here first
 * (scan_line, with line numbers), and the callback only keeps iniparser quiet and counts
 * what it found, in case it refuses a file the check let through. */
static int ini_errors;

static int ini_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int ini_error(const char *fmt, ...)
{
	(void)fmt;
	ini_errors++;
	return 0;
}

/* syntax: the syntax errors the check reported (iniparser then says nothing more). */
static dictionary *ini_load(const char *file, const char *path, int syntax, struct kc_diag *diag)
{
	dictionary *d;

	ini_errors = 0;
	iniparser_set_error_callback(ini_error);
	d = iniparser_load(file);
	iniparser_set_error_callback(NULL);
	if (!d && !syntax)
		diag_add(diag, "%s: cannot parse the file%s", path,
			 ini_errors ? " (a line that is neither a [section], a key = value line nor a # comment)" : "");
	return d;
}

/* Each [section] (val NULL) and each of its keys ("section:key", its value), in the
 * order iniparser keeps them, through its public interface. */
typedef void (*ini_entry_fn)(void *ctx, const char *entry, const char *val);

static void ini_each(const dictionary *d, ini_entry_fn fn, void *ctx)
{
	int nsec = iniparser_getnsec(d);

	for (int i = 0; i < nsec; i++) {
		const char *sec = iniparser_getsecname(d, i);
		int nkeys = sec ? iniparser_getsecnkeys(d, sec) : 0;
		const char **names = nkeys > 0 ? calloc((size_t)nkeys, sizeof *names) : NULL;

		if (!sec)
			continue;
		fn(ctx, sec, NULL);
		if (names && iniparser_getseckeys(d, sec, names))
			for (int k = 0; k < nkeys; k++)
				if (names[k])
					fn(ctx, names[k], iniparser_getstring(d, names[k], ""));
		free(names);
	}
}

/* ---- the file itself: a plain file nobody else can change, read once ---- */

#define CONFIG_MAX_BYTES (1024 * 1024) /* a configuration is a few kB; /dev/zero is not one */

static const char *kind_of(mode_t m)
{
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a plain file";
}

/* The folder of path into dir. */
static void folder_of(const char *path, char *dir, size_t n)
{
	const char *slash = strrchr(path, '/');

	snprintf(dir, n, "%.*s", !slash ? 1 : slash == path ? 1 : (int)(slash - path), slash ? path : ".");
}

/* Who else could change the file: its group or everyone (mode), another user (owner), or
 * everyone through its folder (a folder every user can write, unless sticky like /tmp,
 * where only a file's owner can replace it). what: "configuration", "labels file". */
static int others_can_change(const char *path, const struct stat *sb, const char *what,
			     struct kc_diag *diag)
{
	char dir[4096];
	struct stat ds;

	if (sb->st_mode & 022) {
		diag_add(diag, "%s: the %s can be written by %s: run 'chmod go-w %s'", path, what,
			 sb->st_mode & 002 ? "every user" : "its group", path);
		return 1;
	}
	if (sb->st_uid != getuid() && sb->st_uid != 0) {
		diag_add(diag, "%s: the %s belongs to another user (uid %ld), who could change it: "
			 "use a copy of your own", path, what, (long)sb->st_uid);
		return 1;
	}
	folder_of(path, dir, sizeof dir);
	if (stat(dir, &ds) == 0 && (ds.st_mode & S_IWOTH) && !(ds.st_mode & S_ISVTX)) {
		diag_add(diag, "%s: the folder %s of the %s can be written by every user: run "
			 "'chmod o-w %s'", path, dir, what, dir);
		return 1;
	}
	return 0;
}

/* Open path for reading, never waiting on it (O_NONBLOCK: a FIFO does not hang the
 * program), and only a regular file nobody else can change. The fd, or -1 with the reason
 * in diag. */
static int open_checked(const char *path, const char *what, struct kc_diag *diag)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	struct stat sb;

	if (fd < 0) {
		diag_add(diag, "%s: cannot read: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) != 0)
		diag_add(diag, "%s: cannot read: %s", path, strerror(errno));
	else if (S_ISDIR(sb.st_mode))
		diag_add(diag, "%s: cannot read: %s", path, strerror(EISDIR));
	else if (!S_ISREG(sb.st_mode))
		diag_add(diag, "%s: cannot read: it is %s; a %s is a plain file", path,
			 kind_of(sb.st_mode), what);
	else if (sb.st_size > CONFIG_MAX_BYTES)
		diag_add(diag, "%s: cannot read: %lld bytes is too large for a %s (at most %d)", path,
			 (long long)sb.st_size, what, CONFIG_MAX_BYTES);
	else if (!others_can_change(path, &sb, what, diag))
		return fd;
	close(fd);
	return -1;
}

/* The whole file (at most CONFIG_MAX_BYTES), NUL-terminated; NULL with the reason. */
static char *read_all(int fd, const char *path, struct kc_diag *diag)
{
	char *buf = malloc(CONFIG_MAX_BYTES + 1);
	size_t got = 0;
	ssize_t r;

	if (!buf) {
		diag_add(diag, "%s: out of memory", path);
		return NULL;
	}
	while (got < CONFIG_MAX_BYTES && (r = read(fd, buf + got, CONFIG_MAX_BYTES - got)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			diag_add(diag, "%s: cannot read: %s", path, strerror(errno));
			free(buf);
			return NULL;
		}
		got += (size_t)r;
	}
	buf[got] = '\0';
	return buf;
}

/* ---- repeated keys and sections (iniparser silently keeps the last) ---- */

struct seen {
	char name[160]; /* "section" or "section:key", lowercased as iniparser does */
	int line;
};

static void trim(const char **s, const char **e)
{
	while (*s < *e && isspace((unsigned char)**s))
		(*s)++;
	while (*e > *s && isspace((unsigned char)(*e)[-1]))
		(*e)--;
}

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* Remember name at line; if it was seen before, say so naming both lines. */
static void seen_once(struct seen *seen, size_t *n, size_t max, const char *name, int line,
		      const char *path, const char *section, struct kc_diag *diag)
{
	for (size_t i = 0; i < *n; i++) {
		if (strcmp(seen[i].name, name) != 0)
			continue;
		if (section)
			diag_add(diag, "%s: line %d: [%s] %s is given again (first on line %d): keep one",
				 path, line, section, strchr(name, ':') + 1, seen[i].line);
		else
			diag_add(diag, "%s: line %d: [%s] is given again (first on line %d): put its keys "
				 "under one [%s]", path, line, name, seen[i].line, name);
		return;
	}
	if (*n < max) {
		kc_strlcpy(seen[*n].name, name, sizeof seen[*n].name);
		seen[(*n)++].line = line;
	}
}

/* iniparser's longest line (ASCIILINESZ 1024, newline included). */
#define INI_LINE_MAX 1023

static void syntax_error(const char *path, int line, const char *s, const char *e, struct kc_diag *diag)
{
	diag_add(diag, "%s: line %d: syntax error: \"%.*s\" is neither a [section], a key = value line "
		 "nor a # comment", path, line, (int)(e - s), s);
}

/* One logical line (continuations joined): a [section] (into section) or a key = value,
 * each remembered, or a syntax error as iniparser would find it. Returns 1 for an error. */
static int scan_line(const char *s, const char *e, int line, char *section, size_t ns, struct seen *seen,
		     size_t *n, const char *path, struct kc_diag *diag)
{
	char name[160];
	const char *eq, *k;

	trim(&s, &e);
	if (s == e || *s == '#' || *s == ';')
		return 0;
	if (*s == '[' && e[-1] == ']' && e - s >= 2) {
		snprintf(section, ns, "%.*s", (int)(e - s - 2), s + 1);
		lower(section);
		seen_once(seen, n, 512, section, line, path, NULL, diag);
		return 0;
	}
	eq = memchr(s, '=', (size_t)(e - s));
	if (!eq || eq == s) { /* no '=', or no key before it */
		syntax_error(path, line, s, e, diag);
		return 1;
	}
	k = s;
	trim(&k, &eq);
	if (!section[0]) {
		diag_add(diag, "%s: %.*s: key is not inside any [section] (line %d)", path, (int)(eq - k), k, line);
		return 0;
	}
	snprintf(name, sizeof name, "%s:%.*s", section, (int)(eq - k), k);
	lower(name);
	seen_once(seen, n, 512, name, line, path, section, diag);
	return 0;
}

/* The whole text line by line: repeated sections and keys, keys outside any section and
 * syntax errors, each with its line number. A line ending in \ goes on on the next (as
 * iniparser reads it). Returns the number of syntax errors. */
static int scan_text(const char *text, const char *path, struct kc_diag *diag)
{
	struct seen *seen = calloc(512, sizeof *seen);
	char section[64] = "", joined[4 * INI_LINE_MAX];
	size_t n = 0, jl = 0;
	int line = 0, first = 0, errors = 0;

	if (!seen)
		return 0;
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n'), *e = nl ? nl : p + strlen(p), *t = e;

		line++;
		if (e - p > INI_LINE_MAX) {
			diag_add(diag, "%s: line %d: longer than %d characters", path, line, INI_LINE_MAX);
			errors++;
			jl = 0;
			p = nl ? nl + 1 : e;
			continue;
		}
		while (t > p && isspace((unsigned char)t[-1]))
			t--;
		if (!jl)
			first = line;
		if (t > p && t[-1] == '\\' && jl + (size_t)(t - p) < sizeof joined) { /* goes on */
			memcpy(joined + jl, p, (size_t)(t - p - 1));
			jl += (size_t)(t - p - 1);
		} else {
			if (jl + (size_t)(e - p) < sizeof joined) {
				memcpy(joined + jl, p, (size_t)(e - p));
				jl += (size_t)(e - p);
			}
			errors += scan_line(joined, joined + jl, first, section, sizeof section, seen, &n, path, diag);
			jl = 0;
		}
		p = nl ? nl + 1 : e;
	}
	if (jl)
		errors += scan_line(joined, joined + jl, first, section, sizeof section, seen, &n, path, diag);
	free(seen);
	return errors;
}

/* Read path (checked, once) and parse that very file: iniparser gets it through the open
 * descriptor, so it cannot be swapped between the check and the parse. */
static dictionary *ini_load_checked(const char *path, const char *what, struct kc_diag *diag)
{
	char fdpath[64];
	char *text;
	dictionary *d = NULL;
	int fd = open_checked(path, what, diag);

	if (fd < 0)
		return NULL;
	text = read_all(fd, path, diag);
	if (text) { /* the check's findings are reported, and so is everything else */
		int syntax = scan_text(text, path, diag);

		snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", fd);
		d = ini_load(access(fdpath, R_OK) == 0 ? fdpath : path, path, syntax, diag);
	}
	free(text);
	close(fd);
	return d;
}

static int load_file(struct load *ld);

static void load_entry_fn(void *ctx, const char *entry, const char *val)
{
	load_entry(ctx, entry, val);
}

int kc_config_load(const char *path, struct kc_config *cfg, struct kc_diag *diag)
{
	struct load ld = { .path = path, .cfg = cfg, .diag = diag };

	kc_config_defaults(cfg);
	return load_file(&ld);
}

int kc_config_load_display(const char *path, struct kc_config *cfg, struct kc_diag *diag)
{
	struct load ld = { .path = path, .cfg = cfg, .diag = diag, .display_only = 1 };

	return load_file(&ld);
}

static int load_file(struct load *ld)
{
	const char *path = ld->path;
	struct kc_diag *diag = ld->diag;
	dictionary *d = NULL;
	locale_t old, mine;

	diag->n = 0;
	diag->dropped = 0;
	old = c_numeric_begin(&mine);
	if (!(d = ini_load_checked(path, "configuration", diag)))
		goto out;
	ini_each(d, load_entry_fn, ld);
	check_cross(ld);
out:
	if (d)
		iniparser_freedict(d);
	c_numeric_end(old, mine);
	return diag->n || diag->dropped ? KC_ERR_CONFIG : KC_OK;
}

int kc_config_path(const char *cli_path, char *out, size_t n, int *required)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int len;

	if (required)
		*required = cli_path != NULL;
	if (n == 0)
		return KC_ERR_INVALID;
	out[0] = '\0';
	if (cli_path && !*cli_path)
		return KC_ERR_INVALID;
	if (cli_path)
		len = snprintf(out, n, "%s", cli_path);
	else if (xdg && xdg[0] == '/') /* XDG: a relative value is ignored */
		len = snprintf(out, n, "%s/ketchart/config.ini", xdg);
	else if (home && *home)
		len = snprintf(out, n, "%s/.config/ketchart/config.ini", home);
	else
		return KC_OK; /* nowhere to look: built-in defaults */
	if (len < 0 || (size_t)len >= n) {
		out[0] = '\0';
		return KC_ERR_INVALID;
	}
	return KC_OK;
}

/* ---- the example file ---- */

static const char *source_name(const char *tag)
{
	if (!strcmp(tag, "L"))
		return "[L] drug label / regulator";
	if (!strcmp(tag, "P"))
		return "[P] published instrument or guideline";
	if (!strcmp(tag, "C"))
		return "[C] common clinic practice, unverified";
	return "not a clinical value";
}

static void write_key(FILE *out, const struct kc_cfg_key *k)
{
	fprintf(out, "\n# %s.\n# ", k->help);
	if (k->type == KC_CFG_BOOL)
		fputs("yes or no", out);
	else if (k->type == KC_CFG_STRING)
		fprintf(out, "text, at most %zu bytes", k->size - 1);
	else
		fprintf(out, "%s%s%s%s%g to %g", *k->unit ? "unit " : "", k->unit,
			*k->unit ? ", " : "", k->type == KC_CFG_INT ? "whole number " : "",
			k->min, k->max);
	fprintf(out, "; %s\n", source_name(k->source));
	if (k->type == KC_CFG_STRING)
		fprintf(out, "%s = \"%s\"\n", k->name, k->def);
	else
		fprintf(out, "%s = %s\n", k->name, k->def);
}

static const char example_header[] =
	"# ketchart configuration (see ketchart.ini(5)).\n"
	"#\n"
	"# Every clinical number below is a DEFAULT, not medical advice: the clinic's\n"
	"# medical director must confirm or change each one before ketchart is used\n"
	"# with patients. Where a default comes from:\n"
	"#   [L] drug label / regulator\n"
	"#   [P] published instrument or guideline\n"
	"#   [C] common clinic practice, unverified\n"
	"# Each fact, its default and its source are set out in ketchart-clinical(7)\n"
	"# (man/ketchart-clinical.7 in the source tree).\n"
	"#\n"
	"# A key left out keeps its default. A bad value is never ignored: ketchart names\n"
	"# every bad key and refuses to start. Check a file with:\n"
	"#   ketchart check-config FILE\n";

int kc_config_write_example(FILE *out)
{
	locale_t old, mine;
	const char *section = "";

	old = c_numeric_begin(&mine);
	fputs(example_header, out);
	for (size_t i = 0; i < NKEYS; i++) {
		if (strcmp(keys[i].section, section)) {
			section = keys[i].section;
			for (size_t s = 0; s < NSECTIONS; s++)
				if (!strcmp(sections[s].name, section))
					fprintf(out, "\n# %s\n", sections[s].title);
			fprintf(out, "[%s]\n", section);
		}
		write_key(out, &keys[i]);
	}
	c_numeric_end(old, mine);
	return ferror(out) ? KC_ERR_IO : KC_OK;
}

/* ---------- licensed item labels ---------- */

/* Which instrument a [section] of the labels file names, and how many items it has. */
static const struct {
	const char *section;
	int items;
} label_sets[KC_LABEL_SETS] = {
	[KC_LABELS_CSSRS] = { "cssrs", KC_LABEL_CSSRS_ITEMS },
	[KC_LABELS_CADSS] = { "cadss", KC_LABEL_CADSS_ITEMS },
	[KC_LABELS_PCL5] = { "pcl5", KC_LABEL_PCL5_ITEMS },
	[KC_LABELS_PHQ9] = { "phq9", KC_LABEL_PHQ9_ITEMS },
	[KC_LABELS_GAD7] = { "gad7", KC_LABEL_GAD7_ITEMS },
};
_Static_assert(KC_LABEL_CADSS_ITEMS >= KC_LABEL_PCL5_ITEMS && KC_LABEL_CADSS_ITEMS >= KC_LABEL_PHQ9_ITEMS &&
		       KC_LABEL_CADSS_ITEMS >= KC_LABEL_GAD7_ITEMS,
	       "struct kc_labels holds KC_LABEL_CADSS_ITEMS items a set");

static int label_set_index(const char *section, size_t len)
{
	for (int i = 0; i < KC_LABEL_SETS; i++)
		if (strlen(label_sets[i].section) == len && strncmp(label_sets[i].section, section, len) == 0)
			return i;
	return -1;
}

/* "cssrs:3" = "text": check the section, the item number and the text, then keep it. */
static void label_entry(const char *path, const char *entry, const char *val, struct kc_labels *out,
			struct kc_diag *diag)
{
	const char *colon = strchr(entry, ':');
	size_t slen = colon ? (size_t)(colon - entry) : strlen(entry);
	int set = label_set_index(entry, slen);
	char *end = NULL;
	long item;

	if (set < 0) {
		if (!colon)
			diag_add(diag, "%s: [%s]: unknown section (cssrs, cadss, pcl5, phq9 or gad7)", path, entry);
		return; /* its keys were reported with the section */
	}
	if (!colon)
		return;
	item = strtol(colon + 1, &end, 10);
	if (end == colon + 1 || *end != '\0' || item < 1 || item > label_sets[set].items) {
		diag_add(diag, "%s: [%.*s] %s: not an item number (1 to %d)", path, (int)slen, entry,
			 colon + 1, label_sets[set].items);
	} else if (!val || !*val) {
		diag_add(diag, "%s: [%.*s] %ld: empty label", path, (int)slen, entry, item);
	} else if (strlen(val) >= KC_LABEL_MAX) {
		diag_add(diag, "%s: [%.*s] %ld: label longer than %d bytes", path, (int)slen, entry, item,
			 KC_LABEL_MAX - 1);
	} else {
		kc_strlcpy(out->text[set][item], val, KC_LABEL_MAX);
	}
}

struct label_load {
	const char *path;
	struct kc_labels *out;
	struct kc_diag *diag;
};

static void label_entry_fn(void *ctx, const char *entry, const char *val)
{
	struct label_load *l = ctx;

	label_entry(l->path, entry, val, l->out, l->diag);
}

int kc_labels_load(const char *path, struct kc_labels *out, struct kc_diag *diag)
{
	dictionary *d = NULL;

	memset(out, 0, sizeof *out);
	diag->n = 0;
	diag->dropped = 0;
	if (!path || !*path)
		return KC_OK;
	if (!(d = ini_load_checked(path, "labels file", diag)))
		return KC_ERR_CONFIG;
	ini_each(d, label_entry_fn, &(struct label_load){ path, out, diag });
	iniparser_freedict(d);
	return diag->n || diag->dropped ? KC_ERR_CONFIG : KC_OK;
}

const char *kc_label(const struct kc_labels *l, enum kc_label_set set, int item, const char *fallback)
{
	if (!l || set < 0 || set >= KC_LABEL_SETS || item < 1 || item > label_sets[set].items ||
	    !l->text[set][item][0])
		return fallback;
	return l->text[set][item];
}
