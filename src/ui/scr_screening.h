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

#include "ui_draw.h"
#include "ui_form.h"
#include "ui_screen.h"
#include "ui_ack.h"
#include "ui_vitals.h"
#include "ui_reload.h"
#include "ui_search.h"

#define ROWS_MAX 40
#define TEXT_MAX 320

enum sec { SEC_CHECK = 0, SEC_PHQ, SEC_GAD, SEC_CSSRS, SEC_INFO, SEC_VITALS, SEC_COUNT };

/* C-SSRS rows: 1..6 the questions, then these. */
enum { CS_RECENT = 7, CS_ASSESS = 8 };
/* Session info rows. */
enum { IN_WEIGHT = 0, IN_SOLIDS, IN_LIQUIDS, IN_NASAL, IN_ESCORT, IN_CONSENT, IN_MEDS };

/* Which form is open; the session-info forms are FK_WEIGHT and after. */
enum fkind { FK_CONFIRM = 1, FK_OVERRIDE, FK_WEIGHT, FK_TIME, FK_ESCORT, FK_CONSENT, FK_MEDS, FK_REASON };

/* One answer staged to be stored (the answers of one act are stored together). */
#define PEND_MAX 6
struct pend {
	char item[48];
	char value[64];
	char note[KC_NOTE_MAX];
	int typed_time; /* value is a time as typed (kc_chart_answer_time_why reads it) */
};
#define SCR_WAIT (-1) /* scr_commit: waiting for the reason of a change */

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
	struct ui_fresh fresh;        /* the reload policy (ui_reload.h) */
	time_t minute;                /* the clock minute the rows were drawn for ("7h 00m ago") */
	/* the one form open at a time */
	enum fkind fkind;
	char fitem[48];               /* the answer key the form stores */
	int fblock;                   /* FK_OVERRIDE: the one block it overrides (kc_chart_override) */
	int fchain;                   /* an info form opened on an open row: once saved, the next
				       * open info row's form opens (no Enter to reach it) */
	char ftitle[160];
	const char *fstart[3];        /* starting texts while it is built (the form copies them) */
	char fhint[3][96];
	struct uif_field ff[3];
	struct uif_def fdef;
	/* answers staged by one act; when one changes a recorded answer, they wait for the
	 * reason (asked at once, or when the form being submitted has closed) */
	struct pend pend[PEND_MAX];
	int npend;
	int pend_id;                  /* the row to move past once stored (-2: stay) */
	enum sec pend_sec;
	int pend_ask;                 /* open the reason form when the current form closes */
	char pend_was[TEXT_MAX];      /* what is being changed, as the reason form shows it */
	struct ui_vitals_ctx vctx;
	struct ui_ack_ctx actx;
	struct uil_lines sl;          /* the section's rows as last painted (screening_draw.c) */
	struct ui_search search;      /* / > < over them */
	int found;                    /* the line search found last, -1 none */
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
/* Stage one answer of the act being entered: nothing when it equals the stored one. */
void scr_stage(struct scr *s, const char *item, const char *value, const char *note);
/* Store the staged answers. When one of them changes a recorded answer, its reason is asked
 * first (the reason form opens now, or when the open form closes) and SCR_WAIT returned;
 * they are stored with it, and the cursor moves past row id. KC_OK when stored now, else
 * the error (in err, staged answers dropped). */
int scr_commit(struct ui *ui, struct scr *s, int id, struct kc_err *err);
/* Store one staged answer, with the reason of a change (NULL for none). */
int scr_store_pend(struct ui *ui, struct scr *s, const struct pend *p, const char *reason, struct kc_err *err);
/* The reason form for the staged change (screening_forms.c). */
void scr_reason_open(struct ui *ui, struct scr *s);

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

/* screening_pcl5.c: the optional PCL-5 form (t) when the indication names PTSD */
void scr_pcl5_open(struct ui *ui, struct scr *s);
int scr_pcl5_total(const struct scr *s); /* the recorded total, KC_NONE when none */

/* screening_answers.c */
void scr_answer_yes_no(struct ui *ui, struct scr *s, int yes_no_na); /* 0 yes, 1 no, 2 n/a */
void scr_answer_score(struct ui *ui, struct scr *s, int score);
void scr_enter_row(struct ui *ui, struct scr *s);

/* screening_draw.c: the screen's draw hook; the section's search (ui_search.h) */
void screening_draw(struct ui *ui, void *priv, WINDOW *w);
void scr_search_init(struct scr *s);

#endif
