/* kc_course.h — a patient's treatment course: is the patient getting better?
 *
 * A course is one patient's sessions by one route, in the order they were opened (a patient
 * moved from IV ketamine to esketamine starts a new course). Each session contributes its
 * PHQ-9, GAD-7 (and PCL-5) totals from screening, its dose, peak dissociation, peak BP,
 * nausea and outcome (kc_course_load, src/core/course.c, reads them from the store).
 *
 * The rules (src/rules/course.c, pure) judge each session against the course's first
 * PHQ-9 ([course] in config, clinical-reference.md §2): response when the PHQ-9 is at least
 * response_drop_percent below the first (first - now >= first * pct / 100, in whole
 * numbers: 20 -> 10 is a response, 20 -> 11 is not); remission when the PHQ-9 is below
 * remission_below. The first scored session is the reference and is neither. A session
 * without a PHQ-9 is neither. "Session N of M" numbers a session in the planned series
 * of its route (§10). */
#ifndef KC_COURSE_H
#define KC_COURSE_H

#include <stddef.h>
#include <time.h>

#include "kc_clinical.h"
#include "kc_config.h"
#include "kc_store.h"

#define KC_PCL5_ITEMS 20

/* PCL-5: 20 items 0-4 (KC_NONE anywhere: KC_ERR_INVALID "item N not answered"), total 0-80. */
int kc_pcl5_score(const int items[KC_PCL5_ITEMS], int *total, struct kc_err *err);
/* src/rules/pcl5.c. The PCL-5 is offered when the indication names PTSD ("PTSD",
 * "post-traumatic", "posttraumatic", any case). */
int kc_pcl5_offered(const char *indication);
/* The 20 items as typed (each one digit 0-4, blanks around it allowed) into items and
 * *total. The PCL-5 is all 20 items or none: an item left empty while others are typed is
 * refused naming it; all empty is KC_ERR_NOTFOUND ("nothing typed"). */
int kc_pcl5_parse(const char *const typed[KC_PCL5_ITEMS], int items[KC_PCL5_ITEMS], int *total,
		  struct kc_err *err);
/* total at or above [course] pcl5_probable_ptsd (the published 31-33 cut-point). */
int kc_pcl5_probable(const struct kc_course_cfg *cfg, int total);
/* A neutral word for item (1-20): its DSM-5 cluster ("B intrusion", "C avoidance", "D mood
 * and thinking", "E arousal"); the clinic's own wording comes from its labels_file. */
const char *kc_pcl5_topic(int item);
/* "0 not at all" .. "4 extremely" (v 0-4), "" otherwise. */
const char *kc_pcl5_level(int v);

/* ---------- the rules ---------- */

/* now against the course's first PHQ-9 (KC_NONE: not scored). */
int kc_course_response(const struct kc_course_cfg *cfg, int first, int now);
int kc_course_remission(const struct kc_course_cfg *cfg, int now);
/* How much now is below first, in whole percent (negative when worse); 0 when either is
 * KC_NONE or first is 0. */
int kc_course_change_pct(int first, int now);

enum kc_course_stage { KC_STAGE_INDUCTION = 0, KC_STAGE_WEEKLY, KC_STAGE_MAINTENANCE };
struct kc_course_pos {
	int n;                     /* this session's number in the course, from 1 */
	int of;                    /* sessions planned for its stage (0: maintenance, open-ended) */
	int k;                     /* its number within the stage, from 1 */
	enum kc_course_stage stage;
};
/* Where session number n (from 1) of a course by route stands in the planned series:
 * IV: n of iv_induction_sessions, then maintenance; esketamine: n of esk_induction_sessions,
 * then k of esk_weekly_sessions (weeks 5-8), then maintenance. */
void kc_course_position(const struct kc_course_cfg *cfg, enum kc_route route, int n, struct kc_course_pos *out);
/* "session 4 of 6 (induction)", "session 10: 2 of 4 weekly (weeks 5-8)", "session 9:
 * maintenance". */
void kc_course_position_text(const struct kc_course_pos *p, char *out, size_t len);

/* ---------- one course ---------- */

struct kc_course_row {
	kc_id session;
	time_t at;                 /* dose start, or when the session was opened */
	enum kc_route route;
	char indication[64];
	int ptsd;                  /* the indication names PTSD: PCL-5 is shown */
	double mg;                 /* given (0: none given) */
	double weight_kg;          /* the weight the dose used (0: none) */
	double mg_per_kg;          /* mg / weight_kg, 0 when either is missing */
	double planned_mg_per_kg;  /* IV plan */
	int phq9, gad7, pcl5;      /* totals, KC_NONE when not scored */
	int cadss6_peak;           /* highest valid CADSS-6 (KC_NONE: none recorded) */
	int sys_peak, dia_peak;    /* the valid reading with the highest systolic (KC_NONE) */
	int nausea_peak;           /* highest valid nausea NRS (KC_NONE) */
	int vomiting;              /* vomiting episodes recorded */
	int crit;                  /* valid readings at the critical level */
	enum kc_phase phase;
	char outcome[24];          /* "", "discharged", "against_advice", "aborted" */
	int is_signed;
	/* judged by kc_course_judge */
	int response, remission;
	int change_pct;            /* PHQ-9 vs the course's first, KC_NONE when not judged */
	int escalation;            /* the dose rose over the previous session's (mg/kg for IV, mg
				    * for esketamine) */
	struct kc_course_pos pos;
};

struct kc_course {
	struct kc_patient p;
	enum kc_route route;
	struct kc_course_row *rows; /* oldest first, malloc'd */
	size_t n;
	int first_phq9;             /* the course's first PHQ-9 (KC_NONE: none yet) */
	size_t first_at;            /* its row */
	int responded, remitted;    /* at the latest scored session */
	int ever_responded, ever_remitted;
	/* kc_course_load_all only: every session of the patient, any route, oldest first,
	 * escalations marked by kc_course_escalations (malloc'd; NULL otherwise) */
	struct kc_course_row *all;
	size_t nall;
};

/* Judge every row of c (filled in order): first PHQ-9, response, remission, change, dose
 * escalations, position in the plan. Pure. */
void kc_course_judge(const struct kc_course_cfg *cfg, struct kc_course *c);
/* Mark each row's escalation: its dose (mg/kg for IV, mg for esketamine) is higher than
 * that of the last session before it by the same route that had a dose (by more than the
 * 0.01 mg/kg or 0.1 mg shown). rows oldest first, any routes. Pure. */
void kc_course_escalations(struct kc_course_row *rows, size_t n);
/* The dose a course compares: mg/kg for IV and IM, mg for esketamine (0: none). */
double kc_course_dose(const struct kc_course_row *r);
/* Show a PCL-5 column: any session has a PCL-5 or an indication naming PTSD. Pure. */
int kc_course_has_pcl5(const struct kc_course *c);
/* The word a row's PHQ-9 carries: "REMISSION", "RESPONSE", "first" (the reference), "". */
const char *kc_course_mark(const struct kc_course_row *r, const struct kc_course *c);

/* The course of patient by route, loaded from the store and judged (route -1: the route
 * of the patient's latest session). A patient with no session gives n == 0. Free with
 * kc_course_free. */
int kc_course_load(struct kc_store *st, const struct kc_config *cfg, kc_id patient, int route,
		   struct kc_course *out, struct kc_err *err);
/* The same, and in out->all every session of the patient by any route, for the dose
 * history (each session's record is read once). */
int kc_course_load_all(struct kc_store *st, const struct kc_config *cfg, kc_id patient, int route,
		       struct kc_course *out, struct kc_err *err);
/* A session record's PCL-5 total from its answers pcl5.1-20, KC_NONE when not all there. */
struct kc_record;
int kc_course_pcl5_of(const struct kc_record *r);
/* One session's row as kc_course_load makes it (report --course checks against it). */
int kc_course_row_load(struct kc_store *st, kc_id session, struct kc_course_row *out, struct kc_err *err);
void kc_course_free(struct kc_course *c);

#endif
