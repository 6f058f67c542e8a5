/* scr_discharge.h — private to the discharge screen (scr_discharge.c, discharge_*.c).
 *
 *	scr_discharge.c     loading, which actions apply, keys, the life cycle
 *	discharge_assess.c  the assessment form (Modified Aldrete, gait, escort, instructions)
 *	discharge_end.c     the outcome (discharged, left against advice, aborted) and sign-off
 *	discharge_draw.c    the criteria, the last assessment, the latest vitals and their timer */
#ifndef KC_SCR_DISCHARGE_H
#define KC_SCR_DISCHARGE_H

#include <stddef.h>
#include <time.h>

#include "kc_rems.h"
#include "ui_form.h"
#include "ui_screen.h"
#include "ui_vitals.h"
#include "ui_reload.h"
#include "ui_lines.h"
#include "ui_search.h"

#define DC_FIELDS 10 /* of the assessment form */
#define DC_REMS_FIELDS 7 /* of the REMS answers form */
/* Why a nurse's d does nothing while a criterion is not met (after "Not met: ..."). */
#define DC_NURSE_UNMET "Only a physician may discharge with criteria not met; ask one to discharge, " \
	"or wait until every criterion is met."


enum outcome { OUT_DISCHARGED, OUT_AMA, OUT_ABORTED };

/* What the body depends on besides the clock's minute. */
struct view {
	struct kc_discharge_result dc;
	time_t ended_at, signed_at, latest_at, minute, next_due;
	int rems_missing;
	kc_id last_id;
	enum kc_due_state due;
};

struct dc {
	struct ui_ref ref;
	struct kc_chart_state cs;
	struct kc_discharge_row last; /* the latest stored assessment */
	int has_last;
	int sugg_circ, sugg_spo2;     /* Aldrete components suggested by the latest reading */
	struct uif_field af[DC_FIELDS];
	struct uif_def adef;
	char circ_hint[96], spo2_hint[96];
	struct uif_field rf[1];
	struct uif_def rdef;
	char rtitle[96], rhint[KC_NOTE_MAX];
	enum outcome outcome;         /* what the reason form ends the session with */
	time_t sign_at;               /* the time the sign-off question showed */
	int leave;                    /* signed: back to the start screen when shown again */
	struct ui_vitals_ctx vctx;
	time_t loaded;
	struct ui_fresh fresh;        /* the reload policy (ui_reload.h) */
	struct view shown;            /* what the body shows, to repaint only on a change */
	struct kc_rems_form rems;     /* esketamine: the REMS form as the chart fills it */
	int has_rems;
	struct uif_field remsf[DC_REMS_FIELDS];
	struct uif_def remsdef;
	/* The body below the banner as the kit's line model (discharge_draw.c): rebuilt at
	 * each paint, its cursor and scroll kept; the banner stays on line 0. */
	struct uil_lines ls;
	struct uil_col dcol[3];       /* the criteria's columns: state, criterion, why */
	int dgap, ncrit_lines, rows;  /* their gap, the criteria's lines, the lines in view */
	struct ui_search search;      /* /, n, N over ls */
	int found;                    /* the line the search went to last (in the cursor's entry) */
};

/* scr_discharge.c */
/* Reload and repaint when anything shown changed (the minute included: "in 12m"). */
void dc_reload(struct ui *ui, struct dc *s);
void dc_title(struct ui *ui, struct dc *s);
void dc_view_of(const struct ui *ui, const struct dc *s, struct view *v); /* what the body shows now */
int dc_signed(const struct dc *s);
int dc_infusion_running(const struct dc *s);
int dc_unmet_path(const struct dc *s); /* d would discharge with criteria not met (physician only) */
int dc_refuse_ended(struct ui *ui, const struct dc *s); /* 1, saying why, when nothing more can be charted */
const char *dc_outcome_word(const char *o);              /* the stored outcome in words */
void dc_leave_to_start(struct ui *ui);                   /* every screen above the start screen goes */

/* discharge_assess.c */
void dc_open_assess(struct ui *ui, struct dc *s);
void dc_unmet_names(const struct kc_discharge_result *r, char *out, size_t n); /* "a, b, c" */
void dc_nurse_why(const struct dc *s, char *out, size_t n); /* "Not met: a, b. Only a physician ..." */

/* discharge_end.c */
void dc_discharge(struct ui *ui, struct dc *s);
void dc_refuse_unmet(struct ui *ui, struct dc *s); /* the reason form (physician) or why not */
void dc_open_reason(struct ui *ui, struct dc *s, enum outcome o); /* the reason, then the session ends */
void dc_sign(struct ui *ui, struct dc *s);

/* discharge_rems.c: the REMS form (esketamine) */
int dc_is_rems(const struct dc *s);
void dc_load_rems(struct ui *ui, struct dc *s);
void dc_open_rems(struct ui *ui, struct dc *s);
void dc_rems_lines(struct ui *ui, const struct dc *s, struct uil_lines *l, int width, int *stop);

/* discharge_draw.c: the screen's draw hook; the cursor keys (1 when act moved it) */
void dc_draw(struct ui *ui, void *priv, WINDOW *w);
int dc_move(struct ui *ui, struct dc *s, int act);
void dc_search_init(struct dc *s);

#endif
