/* ui_screen.h — screens, keys and actions: what every src/ui/scr_*.c file declares and the
 * app (app.c, keys.c) runs. Private to src/ui/. The UI kit is split by module:
 *	ui_screen.h  screens, the stack, keys and actions (app.c, keys.c)
 *	ui_draw.h    painting text, tones, glyphs, lists (draw.c)
 *	ui_form.h    forms over the ncurses form library (form.c)
 *	ui_app.h     struct ui, the status line, the header, marks (app.c)
 * A .c file includes the ones it uses.
 *
 * A SCREEN is a table of behaviour (struct screen_ops), one instance per scr_NAME.c file,
 * named ui_scr_NAME, declared below. Screens sit on a stack: ui_push(ui, &ui_scr_NAME, arg)
 * for a sub-screen, Esc pops.
 *
 * KEYS BECOME ACTIONS. Each screen declares its actions once, in a table (struct ui_action:
 * id, key, second key, key name, bar label, help text) ending with a { 0 } row. That table
 * feeds the bottom key bar, the `?` help screen, and could feed the man page. The app
 * looks a key up in the top screen's table, then in the global table (ui_global_actions:
 * ? help, Esc back, ^L redraw, Up/^P, Down/^N, PgUp/^B, PgDn/^F, Home, End, ^C), and
 * hands the screen both the action and the raw key. The screen returns ACT_NONE when it
 * used them, or an action for the app (usually the one it was given): ACT_HELP, ACT_BACK,
 * ACT_QUIT, ACT_REDRAW are the app's. A screen binds Enter itself (ACT_ENTER, key '\n').
 * Screens number their own actions from ACT_SCREEN. Every action has a key that needs no
 * F-key; F1 (help) is an extra. While the screen has a form open, keys go to the form
 * first (letters are typed; ^G/F1 help; Esc cancels the form), then as above.
 * Ctrl-C, SIGINT, SIGTERM and SIGHUP quit at once: every accepted entry is stored already,
 * and what a form holds typed is kept as a draft (kc_draft.h), given back when the form
 * opens again.
 * On the bar, quit / help / back sit at the right end; the others fill from the left in
 * table order while they fit (all of them are always in the help). Tables stay const: a
 * screen whose actions depend on its state says which can be taken now through its
 * enabled() hook (and a changing bar label through label()); the bar shows only those,
 * the help marks the others, and their keys say why not on the status line.
 *
 * A NEW SCREEN, in src/ui/scr_NAME.c (see scr_start.c for a full one):
 *
 *	enum { A_VITALS = ACT_SCREEN, A_PAUSE };
 *	static const struct ui_action sess_actions[] = {
 *		{ A_VITALS, 'v', 0, "v", "vitals", "enter a vitals reading" },
 *		{ A_PAUSE, 'p', 0, "p", "pause", "pause the infusion" },
 *		{ 0 },
 *	};
 *	struct sess { struct ui_ref ref; struct kc_chart_state cs; };
 *	static int sess_open(struct ui *ui, void *priv, const void *arg, struct kc_err *err)
 *	{
 *		struct sess *s = priv;
 *		s->ref = *(const struct ui_ref *)arg;
 *		if (kc_chart_state_load(ui->app->store, ui->app->cfg, s->ref.session, ui->now,
 *					&s->cs, err) != KC_OK)
 *			return err->status;
 *		ui_set_title(ui, "%s (%s)", s->cs.p.name, s->cs.p.chart_no);
 *		return KC_OK;
 *	}
 *	... sess_draw (werase + ui_put), sess_key (switch on act, return ACT_NONE or act),
 *	sess_tick (reload, ui_mark(ui, UI_BODY) only when what is shown changed) ...
 *	const struct screen_ops ui_scr_session = {
 *		.name = "session", .title = "Session", .private_size = sizeof(struct sess),
 *		.actions = sess_actions, .open = sess_open, .draw = sess_draw,
 *		.key = sess_key, .tick = sess_tick,
 *	};
 *
 * A new screen also needs its declaration below.
 */
#ifndef KC_UI_SCREEN_H
#define KC_UI_SCREEN_H

#include <curses.h>
#include <stddef.h>
#include <time.h>

#include "kc_chart.h"
#include "kc_error.h"
#include "kc_store.h"

struct ui;
struct ui_frame;

/* ---------- keys and actions ---------- */

enum ui_act {
	ACT_NONE = 0, /* no action, or the screen used the key */
	ACT_HELP,     /* ? or F1: the help screen for the screen beneath */
	ACT_BACK,     /* Esc: pop this screen */
	ACT_QUIT,     /* leave the program (asks first when a form holds typed text) */
	ACT_REDRAW,   /* ^L: repaint the whole terminal */
	ACT_UP,
	ACT_DOWN,
	ACT_PGUP,
	ACT_PGDN,
	ACT_HOME,
	ACT_END,
	ACT_ENTER,
	ACT_INTERRUPT, /* ^C: quit at once */
	ACT_SCREEN = 100 /* screens number their own actions from here */
};

/* Keys as read: ch is a character (fn = 0) or a KEY_* code (fn = 1). Enter is always '\n'
 * (from '\r' or KEY_ENTER), every backspace is KEY_BACKSPACE with fn = 1. */
struct ui_key {
	int ch;
	int fn;
};
#define UI_CTRL(c) ((c) & 0x1f)
#define UI_ESC 27

struct ui_action {
	int id;              /* ACT_* or the screen's own >= ACT_SCREEN; 0 ends a table */
	int key;             /* a character (letter, '?', '/', control char) */
	int key2;            /* a second key: KEY_* code (arrow, F-key) or character; 0 none */
	const char *keyname; /* as shown: "n", "Enter", "Esc", "^S", "Up/^P" */
	const char *label;   /* bottom bar, a word or two; NULL = help screen only */
	const char *help;    /* one line for the help screen and the man page */
};

const struct ui_action *ui_global_actions(void);
/* The id of the row of tbl (ending with { 0 }) that k triggers, 0 if none. */
int ui_action_lookup(const struct ui_action *tbl, const struct ui_key *k);
/* Normalise what wget_wch returned (r = OK or KEY_CODE_YES). */
void ui_key_make(struct ui_key *k, int r, wint_t wc);
/* A printable character (not a control char, not a KEY_* code). */
int ui_key_printable(const struct ui_key *k);

/* Escape sequences (keys.c). ui_keys_init: after keypad(), teach ncurses the common
 * xterm / rxvt / screen / linux key sequences its terminfo entry lacks. ui_key_read: the
 * one place keys are read: 1 with k set, 0 nothing within timeout_ms, -1 an escape
 * sequence that is no key here, read whole and dropped ("Esc [ 2 5 ~" in what[n]),
 * UI_KEY_GONE when the terminal is gone.
 * ui_key_parse: the grammar, for what follows an Esc (UI_SEQ_*). */
enum { UI_SEQ_KEY, UI_SEQ_UNKNOWN, UI_SEQ_MORE, UI_SEQ_NONE };
#define UI_KEY_GONE (-2)  /* ui_key_read: the terminal is gone (hang-up, end of file, EIO) */
#define UI_SEQ_MAX 16     /* bytes after the Esc, at most */
#define UI_SEQ_WAIT_MS 50 /* for each further byte of a sequence begun */
void ui_keys_init(void);
int ui_key_read(WINDOW *w, int timeout_ms, struct ui_key *k, char *what, size_t n);
int ui_key_parse(const int *b, size_t n, struct ui_key *k);

/* ---------- screens ---------- */

struct screen_ops {
	const char *name;     /* "start", "screening", "session", "chart", ... */
	const char *title;    /* for the help screen: "Start", "Screening" */
	size_t private_size;  /* calloc'd for each push, handed to every hook as priv */
	const struct ui_action *actions; /* the screen's own actions, { 0 }-terminated */
	/* arg is what ui_push was given. Return KC_OK, or a status with err filled: the
	 * screen is not pushed and err shows on the status line. */
	int (*open)(struct ui *ui, void *priv, const void *arg, struct kc_err *err);
	/* Paint the whole body window (werase first). Not called while too small. */
	void (*draw)(struct ui *ui, void *priv, WINDOW *body);
	/* act: what the key means in the tables (ACT_NONE if nothing). Return ACT_NONE when
	 * used, else an action for the app (normally act). NULL: every action goes to the app. */
	int (*key)(struct ui *ui, void *priv, int act, const struct ui_key *k);
	/* The clock moved, or a real second passed (at most ~4 times a real second). Called
	 * for every screen on the stack; ui_mark() from a screen that is not on top is
	 * ignored. May be NULL. */
	void (*tick)(struct ui *ui, void *priv, time_t now);
	/* The screen is on top again after the one above it was popped. May be NULL. */
	void (*show)(struct ui *ui, void *priv);
	/* Free what open() allocated (not priv itself). May be NULL. */
	void (*close)(struct ui *ui, void *priv);
	/* Whether the action act (a row of actions) can be taken now: 1 yes, 0 no. When not,
	 * why (n bytes, "" on entry) may get a sentence saying why, shown on the status line
	 * when its key is pressed; the key then reaches key() as ACT_NONE. The bar shows only
	 * the actions that can be taken; the help shows all, marking the others. The loop
	 * repaints the bar when the answer changes. NULL: every action can be taken. */
	int (*enabled)(struct ui *ui, void *priv, int act, char *why, size_t n);
	/* The bar label of act as things stand ("resume" for "pause"), NULL for the table's.
	 * May be NULL. */
	const char *(*label)(struct ui *ui, void *priv, int act);
};

/* What the session screens receive as ui_push's arg (session may be 0 for "chart"). */
struct ui_ref {
	kc_id patient;
	kc_id session;
};

/* Whether the action act of frame f can be taken now (see screen_ops.enabled); why (may
 * be NULL) gets the screen's reason when not. */
int ui_action_enabled(struct ui *ui, const struct ui_frame *f, int act, char *why, size_t n);
/* The bar label of row a of f's actions as things stand (NULL: help screen only). */
const char *ui_action_label(struct ui *ui, const struct ui_frame *f, const struct ui_action *a);

/* Every screen. */
extern const struct screen_ops ui_scr_start;
extern const struct screen_ops ui_scr_help;
extern const struct screen_ops ui_scr_screening; /* "screening" */
extern const struct screen_ops ui_scr_session;   /* "session": dosing, recovery */
extern const struct screen_ops ui_scr_effects;   /* "effects": side effects */
extern const struct screen_ops ui_scr_discharge; /* "discharge" */
extern const struct screen_ops ui_scr_chart;     /* "chart": read-only view */
extern const struct screen_ops ui_scr_board;     /* "board": every open session */
extern const struct screen_ops ui_scr_hold;      /* "hold": held by another */
extern const struct screen_ops ui_scr_users;     /* "users": clinicians (admin) */
extern const struct screen_ops ui_scr_patient;   /* "patient": record, demographics */
extern const struct screen_ops ui_scr_course;    /* "course": a patient's course */
extern const struct screen_ops ui_scr_paper;     /* "paper": wastes to witness, REMS forms owed */

/* Push a screen (KC_OK), or show why not on the status line and return the status. */
int ui_push(struct ui *ui, const struct screen_ops *ops, const void *arg);
/* Pop the top screen once the current handler has returned (never the start screen). */
void ui_pop(struct ui *ui);
/* Open a session to chart it: take its hold (kc_session_hold) and push the screen for its
 * phase: screening -> "screening", dosing and recovery -> "session", ended -> "chart"; a
 * signed session opens "chart" without a hold. When another clinician holds it, the "hold"
 * screen says who and since when and offers: view read-only, or take over (recorded).
 * The hold belongs to the pushed frame: popping that frame (Esc back to where the session
 * was opened from), quitting, SIGHUP or SIGTERM release it. Shows "NAME screen not
 * available yet" when a screen is missing. */
int ui_open_session(struct ui *ui, const struct ui_ref *ref);
/* Take the hold of ref's session over from whoever has it (recorded), then open it as
 * ui_open_session does. */
int ui_takeover_session(struct ui *ui, const struct ui_ref *ref);
/* 1 when another clinician holds session, so this program's writes to it are refused; why
 * (may be NULL) then says who and how to take it over. 0 when it is free or ours (or the
 * database cannot tell: the store itself refuses a write it must). For enabled() hooks. */
int ui_held_by_other(struct ui *ui, kc_id session, char *why, size_t n);
/* The clinician running the program may do what only a physician may (override a blocked
 * screening, discharge with unmet criteria, amend a signed record). Screens hide those
 * actions from nurses (enabled() returns 0 with why); the store refuses them regardless. */
int ui_physician(const struct ui *ui);

#endif
