/* scr_screening.h — private to the screening screen (scr_screening.c and screening_*.c).
 *
 *	scr_screening.c        stored answers, loading, keys, the life cycle
 *	screening_rows.c       the rows of each section, and what still needs the clinician
 *	screening_forms.c      the forms (confirmations, override, session info, baseline vitals,
 *	                       the acknowledgement of a critical alert through ui_ack.c)
 *	screening_answers.c    the one-key answers: y / n / x, 0-3, Enter on a row
 *	screening_draw.c       the tabs, the alert banner, the section's rows, the verdict */
#ifndef KC_SCR_SCREENING_H
#define KC_SCR_SCREENING_H

#include <stddef.h>
#include <time.h>

#include "ui.h"
#include "ui_ack.h"
#include "ui_vitals.h"

#define ROWS_MAX 40
#define TEXT_MAX 320

enum sec { SEC_CHECK = 0, SEC_PHQ, SEC_GAD, SEC_CSSRS, SEC_INFO, SEC_VITALS, SEC_COUNT };

/* C-SSRS rows: 1..6 the questions, then these. */
enum { CS_RECENT = 7, CS_ASSESS = 8 };
/* Session info rows. */
enum { IN_WEIGHT = 0, IN_SOLIDS, IN_LIQUIDS, IN_NASAL, IN_ESCORT, IN_CONSENT, IN_MEDS };

/* Which form is open; the session-info forms are FK_WEIGHT and after. */
enum fkind { FK_CONFIRM = 1, FK_OVERRIDE, FK_WEIGHT, FK_TIME, FK_ESCORT, FK_CONSENT, FK_MEDS };

struct scr {
	struct ui_ref ref;
	struct kc_session sess;
	struct kc_patient pat;
	struct kc_screening scr;
	struct kc_verdict v;
	int order[KC_REASON_MAX];     /* the reasons, most serious first */
	struct kc_answer_row *ans;
	size_t nans;
	struct kc_weight_row wt;      /* the session's weight row (kg and as typed); id 0 when none */
	struct kc_vitals_row *base;   /* valid baseline readings, oldest first */
	size_t nbase;
	int crit_n;                   /* readings with a CRIT alert not acknowledged (chart state) */
	kc_id crit_id;                /* the latest of them, 0 if none */
	struct kc_vitals_row crit;    /* that reading (id 0 when none) */
	enum sec sec;
	struct ui_list list[SEC_COUNT];
	int list_h;                   /* list rows visible, from the last draw */
	int rtop;                     /* first reason shown */
	int rshown;                   /* reasons shown, from the last draw */
	time_t loaded;                /* real time of the last reload */
	time_t minute;                /* the clock minute the rows were drawn for ("7h 00m ago") */
	/* the one form open at a time */
	enum fkind fkind;
	char fitem[48];               /* the answer key the form stores */
	int fblock;                   /* FK_OVERRIDE: the one block it overrides (kc_chart_override) */
	char ftitle[160];
	const char *fstart[3];        /* starting texts while it is built (the form copies them) */
	char fhint[3][96];
	struct uif_field ff[3];
	struct uif_def fdef;
	struct ui_vitals_ctx vctx;
	struct ui_ack_ctx actx;
};

/* One row as shown. */
struct rowv {
	char left[TEXT_MAX];
	char right[160];
	enum ui_tone tone;
	char detail[TEXT_MAX];        /* under the list: full wording, notes */
	int open;                     /* unanswered or waiting for the clinician */
};

/* A confirmation the verdict may ask for, with its flag in struct kc_screening. */
struct need {
	const char *item;  /* the answer key */
	const char *title; /* the form's title */
	const char *hint;
	size_t off;        /* its flag in struct kc_screening */
};
#define SCR_NNEEDS 4
extern const struct need scr_needs[]; /* SCR_NNEEDS of them (screening_rows.c); [0] suicide risk */

/* scr_screening.c: the answers as stored */
const struct kc_answer_row *scr_stored(const struct scr *s, const char *item); /* NULL if never */
const char *scr_value(const struct scr *s, const char *item);                  /* "" if never */
const char *scr_note(const struct scr *s, const char *item);
/* Reload after the clinician's own entry (the reasons start again from the most serious). */
void scr_reload(struct ui *ui, struct scr *s);
/* Store one answer (an error goes on the status line and is returned). */
int scr_put(struct ui *ui, struct scr *s, const char *item, const char *value, const char *note);

/* screening_rows.c */
int scr_applies(const struct scr *s, const struct kc_check_item *it); /* to this session's route */
/* Would setting the confirmation flag at offset off clear a reason to confirm? */
int scr_flag_needed(const struct scr *s, const struct kc_config *cfg, time_t now, size_t off);
int scr_unconfirmed_relative(const struct scr *s); /* the first relative "yes" not confirmed, -1 */
int scr_section_rows(const struct scr *s, enum sec sec, int *ids); /* ids[ROWS_MAX]; the count */
void scr_row_view(const struct scr *s, const struct ui *ui, enum sec sec, int id, struct rowv *r);
int scr_current_id(struct scr *s);  /* the highlighted row of the section, -2 when it is empty */
void scr_first_open(struct ui *ui, struct scr *s, enum sec sec); /* the cursor on the first open row */
void scr_advance(struct scr *s, int id); /* the cursor to the row after row id */
void scr_select(struct scr *s, int id);  /* the cursor on row id of the current section */

/* screening_forms.c */
void scr_confirm_open(struct ui *ui, struct scr *s, const char *item, const char *title, const char *hint);
void scr_confirm_check_item(struct ui *ui, struct scr *s, int i);
void scr_confirm_next(struct ui *ui, struct scr *s);
void scr_override_open(struct ui *ui, struct scr *s);
/* The blocks in force not yet overridden (kc_screening_blocks less kc_override_covers): up to
 * max into out (may be NULL); the count. */
int scr_open_blocks(const struct scr *s, const struct kc_config *cfg, int *out, int max);
/* "Hypersensitivity to ketamine/esketamine", "age 16 (esketamine needs 18)", "baseline BP 185/95". */
void scr_block_name(const struct scr *s, const struct kc_config *cfg, int block, char *out, size_t n);
void scr_info_open(struct ui *ui, struct scr *s, int id);
void scr_vitals_open(struct ui *ui, struct scr *s);
/* Acknowledge the CRIT alert of reading r (the shared form of ui_ack.c). */
void scr_ack_open(struct ui *ui, struct scr *s, const struct kc_vitals_row *r);
/* A reading whose CRIT alert waits for acknowledgement. */
int scr_needs_ack(const struct kc_vitals_row *r);

/* screening_answers.c */
void scr_answer_yes_no(struct ui *ui, struct scr *s, int yes_no_na); /* 0 yes, 1 no, 2 n/a */
void scr_answer_score(struct ui *ui, struct scr *s, int score);
void scr_enter_row(struct ui *ui, struct scr *s);

/* screening_draw.c: the screen's draw hook */
void screening_draw(struct ui *ui, void *priv, WINDOW *w);

#endif
