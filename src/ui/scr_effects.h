/* scr_effects.h — private to the side-effect screen (scr_effects.c, effects_*.c).
 *
 *	scr_effects.c   the kinds of side effect, loading, keys, the life cycle
 *	effects_form.c  the form for one kind, built per opening, and its save
 *	effects_draw.c  the kinds, the session's observations, the legend under a form */
#ifndef KC_SCR_EFFECTS_H
#define KC_SCR_EFFECTS_H

#include <stddef.h>
#include <time.h>

#include "ui_draw.h"
#include "ui_form.h"
#include "ui_screen.h"
#include "ui_vitals.h"
#include "ui_fix.h"
#include "kc_ack.h"
#include "ui_ack.h"
#include "kc_entry.h"
#include "ui_reload.h"
#include "ui_search.h"

#define FX_FIELDS (KC_CADSS_ITEMS + 6 + UI_ACK_FIELDS)
#define FX_NKINDS 13

struct fx_kind {
	int key;
	const char *label;
	enum kc_obs_kind kind;
	enum kc_scale scale;
};
extern const struct fx_kind fx_kinds[]; /* FX_NKINDS of them (scr_effects.c), in the order shown */

/* What each form field means to submit(). */
enum fx_role { R_TIME, R_SCORE, R_VOMIT, R_WHAT, R_SEVERITY, R_ITEM, R_LIST, R_NOTE };

struct fx {
	struct ui_ref ref;
	struct kc_chart_state cs;
	struct kc_obs_row *obs;
	size_t nobs;
	struct ui_list kl;
	int kind;                      /* index in fx_kinds[] of the open form */
	struct uif_field f[FX_FIELDS];
	enum fx_role role[FX_FIELDS];
	int item[FX_FIELDS];           /* R_ITEM: index in the item scores */
	char item_label[KC_CADSS_ITEMS][64]; /* the clinic's wording (labels_file) or "Item 1 (0-4)" */
	char item_hint[KC_CADSS_ITEMS][KC_LABEL_MAX + 40]; /* under the form: the wording whole */
	const struct kc_config *cfg;   /* set before fx_build_form */
	const struct kc_labels *labels; /* the clinic's item wording, may be NULL */
	int infusion;                  /* an IV infusion runs now: pause and stop are offered */
	struct ui_ack_list list;       /* the interventions offered for the open kind, one
				       * multi-select list (ui_ack.h) */
	char title[96];
	struct uif_def def;
	struct ui_form *form;          /* our form while it is open (not the vitals form) */
	char banner[KC_MSG_MAX];       /* what the last save stored */
	char alerts[KC_MSG_MAX];       /* and its alerts, each with its level word */
	enum ui_tone banner_tone;
	struct ui_vitals_ctx vctx;
	time_t loaded;
	struct ui_fresh fresh;        /* the reload policy (ui_reload.h) */
	int osel;                      /* the cursor's observation, newest first (0 = newest) */
	int otop;                      /* the observation shown first (from the last draw) */
	int on_list;                   /* Up/Down move over the observations (Tab), not the kinds */
	struct ui_fix fix;             /* w: the correction form of the observation under the cursor */
	struct uil_lines ol;           /* the observations as last painted (effects_draw.c) */
	struct ui_search search;       /* / > < over them */
	int found;                     /* the line search found last, -1 none */
};

/* scr_effects.c */
void fx_reload(struct ui *ui, struct fx *s); /* an error goes on the status line */

/* effects_form.c */
void fx_build_form(struct fx *s, int kind); /* s->def for fx_kinds[kind] */
int fx_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err);
void fx_score_text(const struct kc_obs_row *o, char *out, size_t n); /* "NRS 5 (moderate)" */
void fx_obs_what(const struct kc_obs_row *o, char *out, size_t n);   /* "Nausea", "Other: itching" */

/* effects_draw.c: the screen's draw hook; the observations' search (ui_search.h) */
void fx_draw(struct ui *ui, void *priv, WINDOW *w);
void fx_search_init(struct fx *s);

#endif
