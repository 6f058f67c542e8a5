/* scr_chart.h — private to the chart view (scr_chart.c and chart_*.c): what the store holds
 * about a session, the page of lines built from it once per load, and the correction forms.
 *
 *	chart_data.c      loading the session's record (kc_record.h) and its authors' names
 *	chart_build.c     adding lines to a page: wrapped text, sections, entries, small formats
 *	chart_page.c      the page from the header to the vitals, and page_build itself
 *	chart_plot.c      the BP and heart-rate trend plot, drawn with characters
 *	chart_page_obs.c  observations, discharge, outcome, corrections, addenda
 *	chart_fix.c       the correction forms and the addendum
 *	chart_amend.c     amendments of a signed session: the marks, their section, the form
 *	scr_chart.c       the screen: the cursor, reloading, the list of sessions, keys */
#ifndef KC_SCR_CHART_H
#define KC_SCR_CHART_H

#include "../ui_search.h"
#include "../ui_reload.h"
#include <stddef.h>
#include <time.h>

#include "kc_record.h"
#include "../ui_draw.h"
#include "../ui_lines.h"
#include "../ui_form.h"
#include "../ui_screen.h"
#include "../ui_fix.h"

#define LINE_BYTES 512
#define LABEL_W 11     /* "Clinician  " */
#define DETAIL_W 6     /* detail lines under a table row start past the time */
#define WHO_MAX (KC_NAME_MAX + KC_LOGIN_MAX + 4)

/* ---------- what the store holds about the session, and who wrote it ---------- */

struct data {
	struct kc_record rec;    /* every list of the session (kc_record.h) */
	/* as kc_record_who names them: the session's clinician, each addendum's and amendment's author */
	char clinician[WHO_MAX];
	char (*ad_who)[WHO_MAX]; /* one per rec.ad */
	char (*am_who)[WHO_MAX]; /* one per rec.am */
};

/* ---------- the page: lines built once per load ---------- */

/* The page's lines are the UI kit's line model (ui_lines.h): each line's stop is 1 + the
 * index of the entry (reading, observation, ...) it belongs to, 0 none; its flags say a
 * section rule (UIL_RULE, text its title), bold, or entered in error (UIL_DIM: dim where
 * the terminal can, always with [ERR]). */

/* The entries a cursor can stop on: every one can be amended once the session is signed,
 * readings and observations corrected before. */
enum etype { E_NONE = 0, E_SESSION, E_ANSWER, E_WEIGHT, E_DOSE, E_VITALS, E_OBS, E_DISCHARGE, E_ADDENDUM,
	     E_TYPES };
struct entry {
	enum etype type;
	size_t row;        /* index in the record's list of that type (rec.vr, rec.obs, ...); 0 for the session */
	int line;          /* its first line */
};
/* A set of entry types, for chart_choose_entry. */
static inline unsigned chart_kind(enum etype t)
{
	return 1u << t;
}

struct page {
	struct uil_lines ls;
	struct entry *ents;
	int ne, ecap;
};

/* ---------- the correction forms: ui_fix.h (chart_fix.c) ---------- */

/* ---------- the amendment form ---------- */

struct amend {
	enum etype type;         /* what is amended */
	kc_id id;
	char title[160];
	struct uif_def def;
};

struct chart {
	struct ui_ref ref;
	int picking;             /* the list of the patient's sessions */
	struct kc_patient pat;   /* picking: whose */
	struct kc_session *sess;
	size_t nsess;
	struct ui_list pl;
	struct data d;
	int have;                /* d is loaded */
	struct page pg;
	int width;               /* the layout width pg was built for; 0 = build at the next draw */
	struct ui_list l;        /* the cursor over the lines */
	int rows;                /* lines visible, from the last draw */
	struct ui_fresh fresh;   /* the database as the last load saw it (ui_reload.h) */
	struct ui_fix fx;
	struct amend am;
	struct ui_search search; /* /, n, N over the page's lines */
};

/* ---------- building the page ---------- */

struct bld {
	const struct ui *ui;
	const struct kc_config *cfg;
	const struct data *d;
	struct page *pg;
	int w;
	time_t now;
	enum ui_tone tone; /* the style of the lines added next */
	int dim, bold, ent;
	int failed;        /* out of memory */
};

/* The stored values as a clinician would type them; "" when not taken. */
struct vtext {
	char bp[24], hr[12], spo2[12], rr[12], temp[24], moaas[12];
};

/* chart_data.c: the record of session id and its authors' names into d; on failure nothing is held. */
int chart_data_load(struct kc_store *st, kc_id id, struct data *d, struct kc_err *err);
void chart_data_free(struct data *d);
/* The id of the row e stands for (the session's own id for E_SESSION). */
kc_id chart_entry_id(const struct data *d, const struct entry *e);

/* chart_build.c */
void chart_page_free(struct page *pg);
void chart_put(struct bld *b, const char *s);
void chart_putf(struct bld *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void chart_section(struct bld *b, const char *title);
/* lead (ASCII) padded to indent, then text word-wrapped to the width with a hanging indent. */
void chart_wrap(struct bld *b, int indent, const char *lead, const char *text);
void chart_wrapf(struct bld *b, int indent, const char *lead, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The lines added between begin and end belong to the reading or observation row. */
void chart_entry_begin(struct bld *b, enum etype type, size_t row);
void chart_entry_end(struct bld *b);
const char *chart_hm(time_t t, char *buf, size_t n);   /* "HH:MM", "-" for none */
const char *chart_when(time_t t, char *buf, size_t n); /* "YYYY-MM-DD HH:MM", "-" for none */
const char *chart_level_word(enum kc_level l);         /* "CRIT", "WARN", "" */
enum ui_tone chart_level_tone(enum kc_level l);
const char *chart_num(int v, char *buf, size_t n);     /* "-" for KC_NONE */
void chart_vitals_text(const struct kc_vitals *v, struct vtext *t);
/* The mark under an entry entered in error, and the note under its replacement. */
void chart_eie_lines(struct bld *b, const struct kc_eie *e, const char *what);

/* chart_page.c: the whole page for a layout width w; -1 when out of memory. */
int chart_page_build(const struct ui *ui, const struct data *d, int w, struct page *out);
/* chart_plot.c */
void chart_build_trend(struct bld *b, const struct data *d);
/* chart_page_obs.c */
void chart_build_observations(struct bld *b, const struct data *d);
void chart_build_discharge(struct bld *b, const struct data *d);
void chart_build_outcome(struct bld *b, const struct data *d);
void chart_build_corrections(struct bld *b, const struct data *d);
void chart_build_addenda(struct bld *b, const struct data *d);
/* chart_amend.c */
void chart_amend_mark(struct bld *b, enum etype type, kc_id id); /* under an amended entry */
void chart_build_amendments(struct bld *b, const struct data *d);

/* ---------- the screen ---------- */

/* scr_chart.c */
const struct entry *chart_cursor_entry(const struct chart *c); /* NULL when not on an entry */
/* Choosing the entry an action works on (x correct, m amend): the entry under the cursor
 * when its type is one of kinds (chart_kind() bits); else NULL, and the status line says how to
 * choose one: "Move the cursor onto <what> (Tab: next entry), then <key>." */
const struct entry *chart_choose_entry(struct ui *ui, const struct chart *c, unsigned kinds, const char *what,
				       const char *key);
/* Put the cursor on the entry of type with id; 0 if it is not on the page. */
int chart_focus_entry(struct chart *c, enum etype type, kc_id id);
void chart_reload_or_say(struct ui *ui, struct chart *c);      /* an error goes on the status line */
/* chart_fix.c */
/* x (or w): correct the entry under the cursor (a reading, an observation, a dose event, the
 * weight, or the session's header: the patient's details). */
void chart_correct(struct ui *ui, struct chart *c);
void chart_addendum_open(struct ui *ui, struct chart *c);
/* chart_amend.c */
/* m can be taken: a signed session and a physician; else 0 with why. */
int chart_amend_enabled(const struct ui *ui, const struct chart *c, char *why, size_t n);
void chart_amend(struct ui *ui, struct chart *c);              /* the entry under the cursor */

#endif
