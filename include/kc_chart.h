/* kc_chart.h — charting: the one path every entry takes, shared by the screens, the demo
 * and the tests: typed text -> clinical parses and validates -> store writes it in one
 * transaction. It also gathers what a screen shows about a session (verdict, schedule,
 * discharge readiness) from what was stored. No curses, no clock: now is an argument.
 *
 * Every write here is refused with KC_ERR_BUSY ("session N is held by LOGIN ... view it
 * read-only or take it over", kc_store.h) when another clinician holds the session, before
 * the entry itself is checked; KC_ERR_DENIED when the login is not an enabled clinician. */
#ifndef KC_CHART_H
#define KC_CHART_H

#include <time.h>

#include "kc_ack.h"
#include "kc_clinical.h"
#include "kc_config.h"
#include "kc_inventory.h"
#include "kc_schedule.h"
#include "kc_store.h"

/* ---------- vitals ---------- */

struct kc_vitals_entry {
	struct kc_vitals_text text; /* as typed: "142/91", "88", ... */
	enum kc_vstatus status;     /* taken, or refused / unavailable with reason */
	const char *reason;
	time_t taken;               /* time taken; 0 = now */
	int baseline;               /* a pre-dose reading (screening) */
	unsigned carried;           /* KC_CARRY_* the form showed carried from the reading
				     * before and the clinician saved unchanged (kc_entry.h):
				     * checked against that reading, kept in the record */
};
struct kc_vitals_result {
	kc_id id;
	struct kc_alert_list alerts; /* vs the session's baseline */
	enum kc_gate predose_gate;   /* baseline readings: the pre-dose BP gate */
	char gate_why[KC_REASON_TEXT];
	int late;
	time_t due_at;
};
/* Refused (KC_ERR_INVALID, nothing stored) for an impossible value, a time in the future
 * or before the session began, a refused/unavailable reading without a reason, or an
 * ended session (KC_ERR_SIGNED when it is signed). A baseline reading must be taken
 * before dosing began. */
int kc_chart_vitals(struct kc_store *st, const struct kc_config *cfg, kc_id session,
		    const struct kc_vitals_entry *e, time_t now, struct kc_vitals_result *res,
		    struct kc_err *err);
/* Correct a stored reading: mark it entered in error and store the retyped values (e NULL:
 * only mark it). e->taken 0 keeps the original's time; the baseline flag is kept. Allowed
 * until the session is signed. */
int kc_chart_vitals_correct(struct kc_store *st, const struct kc_config *cfg, kc_id vitals_id,
			    enum kc_error_code code, const char *reason, const struct kc_vitals_entry *e,
			    time_t now, struct kc_vitals_result *res, struct kc_err *err);

/* ---------- observations ---------- */

struct kc_obs_entry {
	enum kc_obs_kind kind;
	enum kc_scale scale;
	int score;                /* on the scale; for CADSS/CADSS-6 computed from items if set */
	const int *items;         /* CADSS: 23 scores, CADSS-6: 6 scores, else NULL */
	int vomiting;             /* episodes (nausea) */
	const char *detail;       /* "other": what it is */
	const char *intervention; /* "" if none; as text (the older way, and corrections) */
	const char *note;
	time_t observed;          /* 0 = now */
	/* The interventions as actions (kc_ack.h), each its own ack_action row linked to the
	 * observation: offered by the effect's kind (kc_ack_offer_effect; pause and stop while
	 * an IV infusion runs), checked as kc_ack_check does; the observation's intervention is
	 * then their numbered wording (kc_ack_numbered), and "infusion paused" pauses the running
	 * infusion at the observation's time, all in one transaction. n_acts 0: none (intervention
	 * may then be text); both at once is refused. */
	const struct kc_ack_action *acts;
	size_t n_acts;
};
int kc_chart_observation(struct kc_store *st, const struct kc_config *cfg, kc_id session,
			 const struct kc_obs_entry *e, time_t now, kc_id *id, struct kc_alert_list *alerts,
			 struct kc_err *err);

/* Correct a stored observation of session: mark it entered in error (reason required) and,
 * when e is not NULL, store e in its place, validated and flagged like a new entry
 * (e->observed 0 keeps the original's time). Allowed until the session is signed. */
int kc_chart_obs_correct(struct kc_store *st, const struct kc_config *cfg, kc_id session, kc_id obs_id,
			 enum kc_error_code code, const char *reason, const struct kc_obs_entry *e,
			 time_t now, kc_id *id, struct kc_alert_list *alerts, struct kc_err *err);

/* ---------- corrections before signing (a signed session is amended: kc_chart_amend) ----------
 * Each marks the original entered in error with what was wrong (code) and why (reason,
 * required), keeps it, and stores the replacement linked to it; refused (KC_ERR_SIGNED) once
 * the session is signed. A replacement keeps the original's time unless another is given,
 * and its late flag: a correction is marked a correction, never LATE for being entered now. */

/* A dose event of session: e (NULL: only mark it) gives the right amounts, rate, device
 * number, lot and note; e->at 0 keeps the original's time; the kind stays the original's.
 * The infusion's order and the session's dose times and given mg follow the correction. */
int kc_chart_dose_correct(struct kc_store *st, const struct kc_config *cfg, kc_id session, kc_id dose_id,
			  enum kc_error_code code, const char *reason, const struct kc_dose_row *e, time_t now,
			  kc_id *id, struct kc_err *err);
/* The weight weight_id of session: typed (NULL: only mark it) as kc_chart_weight takes it
 * ("72.5", "160 lb"); taken 0 keeps the original's time. *kg gets what was stored. */
int kc_chart_weight_correct(struct kc_store *st, const struct kc_config *cfg, kc_id session, kc_id weight_id,
			    enum kc_error_code code, const char *reason, const char *typed, time_t taken,
			    time_t now, double *kg, kc_id *id, struct kc_err *err);
/* The details of session's patient: p's chart_no, name, dob ("" keeps each); every change
 * is kept with its old value and the reason (kc_patient_fix_list), shown as "corrected
 * from ..." wherever the patient is shown. */
int kc_chart_patient_correct(struct kc_store *st, kc_id session, const struct kc_patient *p, const char *reason,
			     time_t now, struct kc_err *err);
/* A critical alert that waits for acknowledgement: a valid reading, critical, not
 * acknowledged. One marked entered in error waits for nothing: its alert was resolved by
 * the correction (kc_chart_crit_resolved), and it neither counts in unacked_critical nor
 * blocks anything. */
int kc_chart_crit_waiting(const struct kc_vitals_row *r);
int kc_chart_crit_resolved(const struct kc_vitals_row *r);

/* ---------- dosing ---------- */

/* IV plan from the screening weight: refused if screening does not allow dosing. */
int kc_chart_plan_iv(struct kc_store *st, const struct kc_config *cfg, kc_id session, double mg_per_kg,
		     time_t now, struct kc_iv_dose *dose, struct kc_err *err);
/* Esketamine plan for this session: dose_mg must be a multiple of the device size; 56 and
 * 84 mg are labelled doses, any other needs a reason (stored as the screening answer
 * "dose_reason"). Refused once a device was given, or unless screening allows dosing.
 * *devices is the number of devices the dose takes. */
int kc_chart_plan_esk(struct kc_store *st, const struct kc_config *cfg, kc_id session, int dose_mg,
		      const char *reason, time_t now, int *devices, struct kc_err *err);
/* A dose event. START / first DEVICE are refused unless the screening verdict allows
 * dosing, and while any critical reading of the session (pre-dose ones included) is not
 * acknowledged (the message names the reading). An esketamine DEVICE sooner than
 * device_spacing_min after the previous one is refused unless note explains it. A STOP's
 * mg must be what the pump ran (kc_chart_given at the stop's time, to 0.1 mg) unless the
 * note says why it differs. row->session_id is set from session. */
int kc_chart_dose(struct kc_store *st, const struct kc_config *cfg, kc_id session, struct kc_dose_row *row,
		  time_t now, struct kc_err *err);
/* The IV infusion of session s as it ran up to upto, from its dose rows (entered-in-error
 * rows left out): mg given so far with its working, the rate in force, the planned end
 * (kc_infusion_given). Pure: no store. KC_ERR_INVALID when something ran without a plan. */
int kc_chart_given(const struct kc_session *s, const struct kc_dose_row *rows, size_t n, const struct kc_config *cfg,
		   time_t upto, struct kc_given *out, struct kc_err *err);
/* The same, loaded from the store (what the stop form pre-fills, what the demo gives). */
int kc_chart_infusion(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t upto,
		      struct kc_given *out, struct kc_err *err);
/* Why a running infusion goes on past its planned end (the screening answer
 * "overrun_note"): the overrun banner then stands down. Refused with no text or when no
 * infusion runs. */
int kc_chart_overrun_note(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *text,
			  time_t now, struct kc_err *err);

/* ---------- discharge ---------- */

/* A discharge assessment: row holds what the clinician assessed (Aldrete components,
 * gait, escort confirmed, instructions given, override_reason; at 0 = now). Readiness is
 * computed from the stored entries plus these findings; row->ready, ->unmet and
 * ->aldrete_total are filled and the row stored. res (may be NULL) gets each criterion.
 * An override_reason on an assessment that is not ready (discharging with unmet criteria)
 * needs a physician: KC_ERR_DENIED "only a physician may ..." for a nurse. */
int kc_chart_discharge(struct kc_store *st, const struct kc_config *cfg, kc_id session,
		       struct kc_discharge_row *row, time_t now, struct kc_discharge_result *res,
		       struct kc_err *err);
/* Discharge readiness as it stood at time at: the latest values stored up to then and the
 * latest discharge assessment at or before it (what the state and the report show). */
int kc_chart_discharge_eval(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t at,
			    struct kc_discharge_input *in, struct kc_discharge_result *out,
			    struct kc_err *err);
/* The same, for a caller that holds the session, its screening (kc_screen_load) and its
 * whole vitals list (kc_vitals_list) already, as the report's record does: nothing of
 * them is read again. */
int kc_chart_discharge_eval_loaded(struct kc_store *st, const struct kc_config *cfg,
				   const struct kc_session *s, const struct kc_screening *scr,
				   const struct kc_vitals_row *vr, size_t nv, time_t at,
				   struct kc_discharge_input *in, struct kc_discharge_result *out,
				   struct kc_err *err);

/* The same from rows all in hand (the report's record: its observations and discharge
 * assessments as kc_obs_list and kc_discharge_list give them): nothing is read. */
void kc_chart_discharge_eval_rows(const struct kc_config *cfg, const struct kc_session *s,
				  const struct kc_screening *scr, const struct kc_vitals_row *vr, size_t nv,
				  const struct kc_obs_row *obs, size_t no, const struct kc_discharge_row *dc,
				  size_t ndc, time_t at, struct kc_discharge_input *in,
				  struct kc_discharge_result *out);

/* ---------- patients and sessions ---------- */

/* A new patient as typed (chart number, name, date of birth). Refused with KC_ERR_EXISTS
 * "A patient with this name and date of birth exists (KC-1001)" when one does (name
 * compared trimmed and case-insensitive, the first such chart number named), unless
 * same_confirmed says the clinician was asked and chose to create another. */
int kc_chart_patient_add(struct kc_store *st, const struct kc_patient *p, int same_confirmed, time_t now,
			 kc_id *id, struct kc_err *err);
/* One detail of a patient's demographics or REMS enrolment (enum kc_pd_field, kc_demog.h)
 * as typed ("5 ft 8 in", "f", "yes"; blank clears it), read by kc_pd_parse. The first
 * recording needs no reason; changing or clearing a recorded value needs one and keeps the
 * old value visible (kc_patient_fix_list: "corrected from ..."). KC_ERR_INVALID with what
 * to type, or "nothing to change" when the value is the one stored. */
int kc_chart_patient_detail(struct kc_store *st, kc_id patient, int field, const char *typed, const char *reason,
			    time_t now, struct kc_err *err);
/* Start a session (kc_chart_session_create) in chair: one of [general] chairs, required
 * when the clinic has chairs configured ("" only when it has none), not given to another
 * session in progress (its own session_chair row, or its booking today); a refusal names
 * who is in it ("Chair 2 is taken: Samuel Okafor (KC-1003) is in session there"). Checked
 * before the session is created; the chair is then its own row (kc_chart_session_chair). */
int kc_chart_session_start(struct kc_store *st, const struct kc_config *cfg, kc_id patient, enum kc_route route,
			   const char *indication, const char *chair, time_t now, kc_id *id, struct kc_err *err);
/* Give session (open, held by this clinician) its chair: the checks of
 * kc_chart_session_start; one a session, never changed; refused on a signed session. */
int kc_chart_session_chair(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *chair,
			   time_t now, struct kc_err *err);
/* Book a session for patient: date as typed ("YYYY-MM-DD", "today", "tomorrow"; "" today),
 * time "HH:MM" (local), chair one of [general] chairs, route. Refused for a past day, an
 * unknown chair, or a chair booked at that minute. kc_booking.h has the day's list. */
int kc_chart_book(struct kc_store *st, const struct kc_config *cfg, kc_id patient, const char *date, const char *hm,
		  const char *chair, enum kc_route route, time_t now, kc_id *id, struct kc_err *err);
/* Cancel a booking: reason required (1-255 characters); who and when are the clinician
 * running the program and now, audited. The booking is never deleted: it stays listed,
 * CANCELLED with its reason, and no session is tied to it afterwards; its chair and minute
 * may be booked again. Refused for a booking cancelled already or whose session has started. */
int kc_chart_booking_cancel(struct kc_store *st, kc_id booking, const char *reason, time_t now, struct kc_err *err);
/* Whether name and dob name the same person as p for the duplicate check above. */
int kc_chart_patient_same(const struct kc_patient *a, const char *name, const char *dob);
int kc_chart_session_create(struct kc_store *st, kc_id patient, enum kc_route route, const char *indication,
			    time_t now, kc_id *id, struct kc_err *err);
/* Move an open session forward (screening -> dosing -> recovery). */
int kc_chart_phase(struct kc_store *st, kc_id session, enum kc_phase phase, time_t now, struct kc_err *err);
/* End a session: "discharged", "against_advice" or "aborted" (the last two need a reason).
 * "discharged" is judged again at now (kc_chart_discharge_eval): every criterion of the
 * latest assessment met, a reading no older than [discharge] last_reading_max_min and none
 * overdue. Otherwise it is refused, KC_ERR_INVALID "discharge refused, not met: ..."
 * naming what is missing, unless reason holds a physician's reason for discharging anyway
 * (KC_ERR_DENIED for a nurse's), stored as the outcome's reason. A physician's reason on
 * that assessment covers what it judged, not the vitals at discharge. Discharging writes
 * no assessment. */
int kc_chart_end(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *outcome,
		 const char *reason, time_t now, struct kc_err *err);
/* Sign an ended session: read-only afterwards. An esketamine session is refused
 * (KC_ERR_INVALID "the REMS form still needs N fields: ...", naming each and where it is
 * entered) until its REMS form is complete (kc_chart_rems_form); signing it keeps the
 * [rems] setting of cfg with the record. */
int kc_chart_sign(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t now,
		  struct kc_err *err);
/* An addendum (signed sessions too). */
int kc_chart_addendum(struct kc_store *st, kc_id session, const char *text, time_t now, struct kc_err *err);
/* A physician's amendment of an entry of a signed session (kc_amendment_add). */
int kc_chart_amend(struct kc_store *st, kc_id session, const char *tbl, kc_id row_id, const char *text,
		   const char *reason, time_t now, kc_id *id, struct kc_err *err);

/* ---------- screening ---------- */

/* One screening answer (item keys: kc_store.h). An answer equal to the current one
 * (value and note) writes nothing. Changing a recorded answer (kc_answer_is_change) is
 * refused here with a message naming what was recorded: use kc_chart_answer_why. */
int kc_chart_answer(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *item,
		    const char *value, const char *note, time_t now, struct kc_err *err);
/* A fasting or pretreatment time ("last_solids", "last_liquids", "nasal_pretreat") as
 * typed: read by kc_time_parse_entry ("06:30", "yesterday 19:00", "2026-11-30 19:00"),
 * refused after now or more than [general] time_back_max_h back; stored as the answer
 * (Unix seconds). An empty nasal_pretreat means none given. *stored (may be NULL) gets the
 * time stored, 0 for none. */
int kc_chart_answer_time(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *item,
			 const char *typed, time_t now, time_t *stored, struct kc_err *err);
/* The same with the reason for changing a recorded time (kc_chart_answer_why). */
int kc_chart_answer_time_why(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *item,
			     const char *typed, const char *reason, time_t now, time_t *stored, struct kc_err *err);
/* The same with the reason for a change, stored beside the new answer (the earlier one stays
 * in the history: kc_screen_history). reason may be NULL for a first answer. */
int kc_chart_answer_why(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *item,
			const char *value, const char *note, const char *reason, time_t now, struct kc_err *err);
/* The PCL-5 (optional; kc_course.h): the 20 items as typed, all or none (kc_pcl5_parse),
 * stored as pcl5.1 .. pcl5.20 in one transaction. Items that change recorded answers need
 * reason (refused without it, naming the first). *total (may be NULL) gets the total. */
int kc_chart_pcl5(struct kc_store *st, const struct kc_config *cfg, kc_id session,
		  const char *const typed[20], const char *reason, time_t now, int *total,
		  struct kc_err *err);
/* Would this answer change a recorded one (*change 1)? *was (may be NULL) gets the current
 * row (zeroed when none), so a screen can show it while asking for the reason. */
int kc_chart_answer_changes(struct kc_store *st, kc_id session, const char *item, const char *value,
			    const char *note, struct kc_answer_row *was, int *change, struct kc_err *err);
/* A physician's override of one block in force (a checklist index of an absolute "yes",
 * KC_BLOCK_AGE or KC_BLOCK_BP), with the reason: it names that answer (age, reading) and
 * counts only while it is the current one. Refused for a block not in force or already
 * overridden, for anyone but a physician (KC_ERR_DENIED). */
int kc_chart_override(struct kc_store *st, const struct kc_config *cfg, kc_id session, int block,
		      const char *reason, time_t now, struct kc_err *err);
/* The weight as typed ("72.5", "160 lb"); *kg (may be NULL) gets what was stored, and a
 * unit other than kg is kept as typed beside it ("160 lb", shown "72.6 kg (160 lb as typed)").
 * taken 0 = now. session 0 with a patient: a weighing outside any session. */
int kc_chart_weight(struct kc_store *st, const struct kc_config *cfg, kc_id patient, kc_id session,
		    const char *typed, time_t taken, time_t now, double *kg, struct kc_err *err);

/* ---------- times typed into forms ---------- */

/* A time typed for an entry of session ("HH:MM", "yesterday HH:MM", "YYYY-MM-DD HH:MM";
 * kc_time_parse_entry): refused after now or before the session was opened. A form whose
 * time field was left following the clock passes the time it shows instead (that time is
 * now, to the second). */
int kc_chart_time(struct kc_store *st, kc_id session, const char *typed, time_t now, time_t *out,
		  struct kc_err *err);

/* ---------- alerts ---------- */

/* What the acknowledgement of a reading of session offers at now (kc_ack_offer_vitals;
 * the infusion actions while an IV infusion runs). */
int kc_chart_ack_offer(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t now,
		       struct kc_ack_offer *out, struct kc_err *err);
/* Acknowledge the alert of a reading with its actions a[0..n) (kc_ack.h; kc_ack_check
 * refuses an empty list, an action not offered, other or drug given without text, a
 * hostile text): in one transaction the actions' rows, the reading marked acknowledged
 * (its ack_action the actions' one wording, kc_ack_actions_text) and the infusion change
 * an action states (as kc_chart_ack_rate), all or none. Refused when acknowledged already
 * or the session is signed. */
int kc_chart_ack_actions(struct kc_store *st, const struct kc_config *cfg, kc_id vitals_id,
			 const struct kc_ack_action *a, size_t n, time_t now, struct kc_err *err);
/* Acknowledge the alert of a reading with the action taken (required; refused when it was
 * acknowledged already). An action beginning "infusion paused" pauses the running IV
 * infusion at now (nothing more when it is paused already; refused when none runs), the
 * pause's note naming the alert. Allowed until the session is signed. The text is kept as
 * given; its one action row is read from how it begins (kc_ack_from_text). */
int kc_chart_ack(struct kc_store *st, const struct kc_config *cfg, kc_id vitals_id, const char *action,
		 time_t now, struct kc_err *err);
/* The same; an action beginning "rate reduced" with new_rate_ml_h > 0 also records that
 * rate (refused unless below the rate in force, or while paused). */
int kc_chart_ack_rate(struct kc_store *st, const struct kc_config *cfg, kc_id vitals_id, const char *action,
		      double new_rate_ml_h, time_t now, struct kc_err *err);

/* ---------- many entries at once (the demo) ---------- */

/* Entries between begin and end are checked and written one by one as always, each its own
 * unit, and committed together (kc_store_batch_begin): for generating thousands of
 * sessions, never for a screen. end commits when rc is KC_OK, else undoes the batch; after
 * a commit it records the chain head in the anchor file at now, once for every signature
 * of the batch (kc_chart_sign leaves it to the end: before the commit the head is not
 * yet the database's). */
int kc_chart_batch_begin(struct kc_store *st, time_t now, struct kc_err *err);
int kc_chart_batch_end(struct kc_store *st, int rc, time_t now, struct kc_err *err);

/* ---------- the REMS Patient Monitoring Form (esketamine; kc_rems.h) ---------- */

struct kc_rems_form;
/* The form of session filled from the chart: the patient, the screening's concomitant
 * medication answers, the session's clinician (name, phone, email), the setting ([rems]
 * of cfg; a signed session's own copy), the devices, the readings, the observations and the
 * discharge screen's REMS answers. KC_ERR_INVALID for a session that is not esketamine. */
int kc_chart_rems_form(struct kc_store *st, const struct kc_config *cfg, kc_id session,
		       struct kc_rems_form *form, struct kc_err *err);
/* One of the discharge screen's REMS answers (KC_REMS_ANS_*): "yes"/"no", the serious
 * adverse event's description in note, the ready minute as digits. Allowed until the
 * session is signed (after it ended too); changing a recorded answer needs reason. */
int kc_chart_rems_answer(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *item,
			 const char *value, const char *note, const char *reason, time_t now, struct kc_err *err);
/* A signed esketamine session's form submitted on (YYYY-MM-DD, not after today's local date
 * nor before the session's), channel "online" or "fax", with the REMS's confirmation
 * number; once (KC_ERR_EXISTS names the submission recorded). Any clinician; audited. */
int kc_chart_rems_submit(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *on,
			 const char *channel, const char *confirmation, time_t now, struct kc_err *err);
/* A form owed (kc_rems_form_list): 1 when it is not yet submitted, *days_left as
 * kc_rems_days_left from the session's local date to now's (negative: overdue). */
struct kc_rems_form_row;
int kc_chart_rems_due(const struct kc_rems_form_row *r, time_t now, int *days_left);
/* A clinician's telephone and email, checked (digits and + - ( ) . x; name@domain), by the
 * clinician themself or an admin (kc_clinician_set_contact). */
int kc_chart_clinician_contact(struct kc_store *st, const char *login, const char *phone, const char *email,
			       time_t now, struct kc_err *err);

/* ---------- the controlled-substance record (kc_inventory.h, kc_store.h) ---------- */

/* Stock received as typed: product "ketamine" or "esketamine", strength, lot, expiry and
 * received_on ("" = today) YYYY-MM-DD, units, mg a unit, supplier. A physician's or an
 * admin's (KC_ERR_DENIED); refused: a lot expired on receipt, a date after today. */
int kc_chart_stock_receive(struct kc_store *st, const struct kc_stock_receipt *typed, time_t now, kc_id *id,
			   struct kc_err *err);
/* Ketamine drawn up for session from a received lot (mg as typed; at 0 = now). Esketamine
 * devices are not drawn up: each is given with its lot (kc_chart_dose). */
int kc_chart_drug_draw(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *lot,
		       const char *mg_text, time_t at, time_t now, kc_id *id, struct kc_err *err);
/* Drug wasted (how: the disposal): no more than is left of what was drawn up (IV), or one
 * device (esketamine). It then waits for a second clinician's witness. */
int kc_chart_drug_waste(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *lot,
			const char *mg_text, const char *how, time_t at, time_t now, kc_id *id, struct kc_err *err);
/* The actor witnesses a waste from their own login: never the clinician who recorded it. */
int kc_chart_drug_witness(struct kc_store *st, kc_id waste, time_t now, struct kc_err *err);
/* Drawn up and neither given nor wasted in session (mg; 0 when nothing was drawn up). A
 * session is not signed while it is more than 0 (kc_chart_sign). */
int kc_chart_undisposed(struct kc_store *st, kc_id session, double *mg, struct kc_err *err);
/* Every row of the record and the balances per product and lot (kc_inventory_balance). */
struct kc_inventory {
	struct kc_stock_receipt *rc;
	size_t nrc;
	struct kc_given_lot *gv;
	size_t ngv;
	struct kc_drug_row *w, *d;   /* wasted, drawn up */
	size_t nw, nd;
	struct kc_stock_count *c;
	size_t nc;
	struct kc_lot_balance *b;
	size_t nb;
};
int kc_chart_inventory_load(struct kc_store *st, struct kc_inventory *inv, struct kc_err *err);
void kc_chart_inventory_free(struct kc_inventory *inv);
/* A physical count of lot (mg as typed): the record's figure and the difference are stored
 * with it; a difference needs reason (the message says how much short or over), and the
 * record is never adjusted. *out (may be NULL) gets what was stored. */
int kc_chart_stock_count(struct kc_store *st, const char *lot, const char *counted_text, const char *reason,
			 time_t now, struct kc_stock_count *out, struct kc_err *err);

/* ---------- holds and clinicians (who may chart) ---------- */

/* While a save waits for another clinician's write, fn is told who holds the database
 * (NULL fn: no more telling). The screens go through here, never to the store. */
void kc_chart_wait_hook(struct kc_store *st, kc_store_wait_fn fn, void *ctx);
int kc_chart_hold(struct kc_store *st, kc_id session, time_t now, char *holder, size_t n, time_t *since,
		  struct kc_err *err);
int kc_chart_takeover(struct kc_store *st, kc_id session, time_t now, struct kc_err *err);
int kc_chart_release(struct kc_store *st, kc_id session, time_t now, struct kc_err *err);
int kc_chart_clinician_add(struct kc_store *st, const char *login, const char *display_name, enum kc_role role,
			   time_t now, struct kc_err *err);
int kc_chart_clinician_disable(struct kc_store *st, const char *login, time_t now, struct kc_err *err);

/* ---------- what a screen shows ---------- */

struct kc_chart_state {
	struct kc_session s;
	struct kc_patient p;
	struct kc_screening scr;
	struct kc_verdict verdict;
	struct kc_sched sched;
	struct kc_discharge_input dci;
	struct kc_discharge_result dc;
	int paused;                  /* IV infusion paused */
	int devices_given;           /* esketamine */
	int unacked_critical;        /* critical readings not yet acknowledged */
	kc_id last_unacked_id;       /* the latest such reading, 0 if none */
	struct kc_vitals latest;     /* latest valid reading (KC_NONE fields if none) */
	time_t latest_at;
	enum kc_level latest_level;  /* its alert level */
	int readings;                /* valid readings */
	struct kc_sched_input sched_in; /* what sched was computed from: again with a later now */
	struct kc_given given;       /* IV: the infusion as it ran up to now (kc_chart_given) */
	int given_ok;                /* given.mg is known (0: ran without a plan) */
	time_t overrun_noted;        /* an overrun note was recorded then; 0 = none */
	long overrun_s;              /* seconds past the planned end, once overrun_warn_min is
				      * reached and no note explains it; else 0 */
};
/* The overrun banner's seconds at now for a loaded state: as overrun_s, for a later now. */
long kc_chart_overrun_at(const struct kc_chart_state *cs, const struct kc_config *cfg, time_t now);
int kc_chart_state_load(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t now,
			struct kc_chart_state *out, struct kc_err *err);
/* A loaded state seen at a later now without reading the database (issue 10: a screen
 * reads again only when the database changed): the screening verdict, the vitals schedule
 * and the discharge criteria judged again at now from what was loaded; the same as a load
 * at now while nothing was written since (every entry is dated at or before its saving).
 * given and overrun_s stay as loaded (a screen that shows them keeps the dose rows:
 * kc_chart_given). */
void kc_chart_state_at(struct kc_chart_state *cs, const struct kc_config *cfg, time_t now);

#endif
