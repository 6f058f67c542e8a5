/* scr_session.h — private to the dosing and recovery screen (scr_session.c, session_*.c).
 *
 *	scr_session.c     what is stored, which actions apply, keys, the life cycle
 *	session_view.c    the status block: phase, dose, infusion or devices, vitals timer, banner
 *	session_table.c   drawing: the status block and the readings table
 *	session_forms.c   the form kit of the screen, the alert acknowledgement (ui_ack.c), abort,
 *	                  not taken
 *	session_dose.c    IV plan, start, pause / resume, rate, stop (the mg the pump ran, with
 *	                  its working), the overrun note; esketamine devices */
#ifndef KC_SCR_SESSION_H
#define KC_SCR_SESSION_H

#include <stddef.h>
#include <time.h>

#include "ui_draw.h"
#include "ui_form.h"
#include "ui_screen.h"
#include "ui_ack.h"
#include "ui_fix.h"
#include "ui_vitals.h"
#include "ui_reload.h"
#include "ui_search.h"

#define FORM_MAX 4     /* fields of the screen's own forms */
#define FORM_ROW 5     /* forms open below the timer and the alert banner */
#define LINE_MAX 320
#define MARGIN 1       /* blank columns at the left of the body */

/* What the dose events say, in time order. */
struct infusion {
	time_t started, paused_at, stopped, last_device;
	double rate;             /* mL/h in force */
	char lot[32];            /* of the last device or start */
};

/* One painted line of the status block. */
struct vline {
	char text[LINE_MAX];
	enum ui_tone tone;
};
enum { V_PHASE, V_DOSE, V_STATE, V_TIMER, V_BANNER, V_EFFECTS, V_LINES };

struct sess {
	struct ui_ref ref;
	struct kc_chart_state cs;
	struct kc_vitals_row *vit;
	size_t nvit;
	struct kc_dose_row *dose;     /* the dose events, for the given-so-far at the clock */
	size_t ndose;
	struct kc_obs_row *obs;       /* the side effects, for the latest of each kind */
	size_t nobs;
	struct infusion inf;
	int stop_open;                /* the stop form is open and its mg follows the clock */
	char stop_mg[16];             /* the mg text the screen last put in it */
	struct vline view[V_LINES];  /* as last painted */
	struct ui_vitals_ctx vctx;
	struct ui_ack_ctx actx;       /* the acknowledgement form, shared with screening */
	double mgkg;                  /* the IV dose shown: stored plan or the default */
	time_t loaded, loaded_min;    /* real time and clock minute of the last reload */
	struct ui_fresh fresh;        /* the reload policy (ui_reload.h) */
	int top, rows;                /* readings table scroll, rows visible */
	int sel;                      /* the cursor's reading, newest first (0 = newest) */
	int cursor;                   /* shown: once Up/Down or w was used (until then w takes the newest) */
	struct ui_fix fix;            /* w: the correction form of the reading under the cursor */
	struct uil_lines tab;         /* the readings table as last painted (session_table.c) */
	int cellw;                    /* its cells' columns, before the flags */
	struct ui_search search;      /* / > < over the readings table */
	int found;                    /* the line search found last, -1 none */
	/* the screen's own form, rebuilt for each opening (the form keeps pointers here; it
	 * copies the starting texts) */
	struct uif_def def;
	struct uif_field fields[FORM_MAX];
	char title[96];
	char hint[48];
};

/* scr_session.c */
int sess_ended(const struct sess *s);
int sess_is_esk(const struct sess *s);
/* Load again and repaint what changed (an error goes on the status line). */
void sess_reload(struct ui *ui, struct sess *s);

/* session_view.c */
/* Remake the status block for the clock; ring once for an overdue reading; mark the body
 * when a line reads differently (always when force). */
void sess_view_update(struct ui *ui, struct sess *s, int force);
/* "Side effects: nausea moderate 09:20 (ondansetron 4 mg IV), ..." in width columns: the
 * latest of each kind, newest first, and "+N more" for those that do not fit. */
void sess_effects_line(const struct ui *ui, const struct sess *s, int width, char *out, size_t n);
/* The esketamine dose and its devices: the stored plan, else the configured default. */
int sess_esk_plan(const struct sess *s, const struct kc_config *cfg, int *mg, int *devices);
const struct kc_vitals_row *sess_reading(const struct sess *s, kc_id id); /* NULL if not loaded */
/* The IV infusion as it ran up to now; 0 when what ran cannot be computed (no plan). */
int sess_given(const struct ui *ui, const struct sess *s, time_t now, struct kc_given *g);
/* Seconds past the planned end once the overrun banner is due at now, else 0. */
long sess_overrun(const struct ui *ui, const struct sess *s, time_t now);

/* session_table.c: the screen's draw hook; the readings' search (ui_search.h) */
void sess_draw(struct ui *ui, void *priv, WINDOW *w);
void sess_search_init(struct sess *s);

/* session_forms.c */
extern const char *const sess_now;          /* a starting text: the time follows the clock (UIF_NOW) */
extern const struct uif_field sess_f_time;   /* "Time (HH:MM)", UIF_TIME */
extern const struct uif_field sess_f_note;   /* "Note", optional */
/* Copy the template into s and open it with its starting texts (NULL: the template's). */
void sess_form_open(struct ui *ui, struct sess *s, const char *title, const struct uif_field *tpl, size_t n,
		    const char *const *inits, int (*submit)(struct ui *, void *, struct ui_form *, struct kc_err *));
/* Field i, a time "HH:MM": 0 (now) when left as it opened, or blank. */
int sess_form_time(struct ui *ui, struct sess *s, struct ui_form *f, size_t i, time_t *t, struct kc_err *err);
int sess_form_number(struct ui_form *f, size_t i, const char *label, double *out, struct kc_err *err);
int sess_form_number0(struct ui_form *f, size_t i, const char *label, double *out, struct kc_err *err);
/* One dose event through the chart; the screen reloads and says what was stored. */
int sess_dose_event(struct ui *ui, struct sess *s, struct kc_dose_row *row, struct kc_err *err);
void sess_ack_open(struct ui *ui, struct sess *s);
void sess_abort_yes(struct ui *ui, void *priv); /* a ui_confirm answer: the reason form */
void sess_not_taken_open(struct ui *ui, struct sess *s);

/* session_dose.c */
void sess_plan_open(struct ui *ui, struct sess *s);
void sess_start_open(struct ui *ui, struct sess *s);
void sess_pause_open(struct ui *ui, struct sess *s);
void sess_rate_open(struct ui *ui, struct sess *s);
void sess_stop_key(struct ui *ui, struct sess *s);   /* IV: the stop form; esketamine: end dosing */
void sess_device_open(struct ui *ui, struct sess *s);
void sess_overrun_open(struct ui *ui, struct sess *s); /* why the infusion runs on */
void sess_stop_tick(struct ui *ui, struct sess *s);    /* the stop form's mg follows the clock */

#endif
