/* ui.h — the screen framework every src/ui/scr_*.c file builds on. Private to src/ui/.
 *
 * A SCREEN is a table of behaviour (struct screen_ops), one instance per scr_NAME.c file,
 * named ui_scr_NAME and not static, so the registry (ui_screen_find) finds it by link name
 * without anyone editing app.c: the names below are declared weak, a screen that is not
 * linked yet is simply NULL. Screens sit on a stack: ui_push for a sub-screen, Esc pops.
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
 * Ctrl-C, SIGINT, SIGTERM and SIGHUP quit at once: every accepted entry is stored already.
 * On the bar, quit / help / back sit at the right end; the others fill from the left in
 * table order while they fit (all of them are always in the help). Tables stay const: a
 * screen whose actions depend on its state says which can be taken now through its
 * enabled() hook (and a changing bar label through label()); the bar shows only those,
 * the help marks the others, and their keys say why not on the status line.
 *
 * HANDLERS MARK, THE LOOP PAINTS. key/tick/open only change state and call ui_mark();
 * the loop calls draw() for a dirty body, paints header / status / key bar itself,
 * wnoutrefresh()es each window and calls doupdate() once before reading the next key
 * (with a 250 ms timeout, so tick() runs about every second of the clock). Never call
 * clear(), refresh() or doupdate() in a screen. draw() repaints the whole body window
 * (werase + paint): ncurses then sends only the cells that really changed.
 *
 * LAYOUT: line 0 header (clinic, the screen's title — patient — set with ui_set_title,
 * local time, TRAINING), the body window, a status line (messages, errors, y/n
 * questions), the key bar. Below UI_MIN_COLS x UI_MIN_LINES the app shows "terminal too
 * small" and ignores keys until the terminal is larger; draw() is never called then.
 *
 * FORMS (form.c, over the ncurses form library): describe the fields in a struct uif_def,
 * ui_form_open() shows it in its own window over the body of the current screen. Typing
 * goes to the form; Tab/Down next, Shift-Tab/Up previous, Enter next (on the last field:
 * save), ^S save from anywhere, Esc cancel (asks first when something was typed). Save
 * calls def->submit(); it reads ui_form_text()/ui_form_choice() (ui_form_field_changed()
 * tells a field left as it started, e.g. a time that means "now") and calls the kc_chart_*
 * or store function. KC_OK closes the form (or clears it when def->keep_open); an error
 * is shown on the status line and the typed texts stay for a retry, except KC_ERR_DENIED
 * (the clinician's role does not permit it), which closes the form on its message. Long
 * forms are split into pages by the library (PgUp/PgDn). One form per screen at a time.
 * Arriving on a field puts the cursor after its text, and the first character typed
 * replaces that text (a default, the value in force); an editing key keeps it.
 * A time field (UIF_TIME) started on UIF_NOW follows the clock until it is edited, and the
 * submit reads it with ui_form_time_for(): what the form shows is what is stored, never
 * the time the form opened nor a time taken after the save.
 *
 * LISTS: struct ui_list (draw.c) — a cursor and a scroll offset over rows the screen
 * paints itself. The patient list is not an ncurses menu because the menu library only
 * matches item names by prefix (the clinician searches a chart number or any part of a
 * name), and its items must be rebuilt whenever the rows change (search, a tick), which
 * loses the cursor. The menu library does serve the help screen, whose rows are fixed.
 *
 * COLOUR: only through ui_tone() (title, ok, warn, critical, key). Disabled when NO_COLOR
 * is set (any value) or the terminal has none; attributes (bold/reverse) stand in. Never
 * colour alone: an alert always carries a word (WARN, CRIT, OVERDUE) or a symbol.
 * Text: ui_put()/ui_putf() clip to a display width, UTF-8 aware; non-ASCII text shows as
 * '?' when the locale is not UTF-8. Glyphs in ui->g are ASCII unless the codeset is UTF-8.
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
 * A screen with a new name also needs its weak declaration below and a line in
 * ui_screen_find's list (app.c).
 */
#ifndef KC_UI_PRIV_H
#define KC_UI_PRIV_H

#include <curses.h>
#include <stddef.h>
#include <time.h>

#include "kc_chart.h"
#include "kc_error.h"
#include "kc_store.h"
#include "kc_ui.h"

#define UI_MIN_COLS 60
#define UI_MIN_LINES 20
#define UI_STACK_MAX 8
#define UI_BELLS 32   /* sessions whose overdue bell is remembered (a clinic's open sessions) */

struct ui;
struct ui_form;
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

/* The registry: every screen, by its name. NULL when that screen is not linked in. */
const struct screen_ops *ui_screen_find(const char *name);
extern const struct screen_ops ui_scr_start;
extern const struct screen_ops ui_scr_help;
extern const struct screen_ops ui_scr_screening __attribute__((weak)); /* "screening" */
extern const struct screen_ops ui_scr_session __attribute__((weak));   /* "session": dosing, recovery */
extern const struct screen_ops ui_scr_effects __attribute__((weak));   /* "effects": side effects */
extern const struct screen_ops ui_scr_discharge __attribute__((weak)); /* "discharge" */
extern const struct screen_ops ui_scr_chart __attribute__((weak));     /* "chart": read-only view */
extern const struct screen_ops ui_scr_board __attribute__((weak));     /* "board": every open session */
extern const struct screen_ops ui_scr_hold __attribute__((weak));      /* "hold": held by another */
extern const struct screen_ops ui_scr_users __attribute__((weak));     /* "users": clinicians (admin) */

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
/* Push the screen called name with arg, or say it is not available yet. */
int ui_open_named(struct ui *ui, const char *name, const void *arg);

/* ---------- painting ---------- */

enum ui_dirty {
	UI_HEADER = 1u << 0,
	UI_BODY = 1u << 1,
	UI_STATUS = 1u << 2,
	UI_BAR = 1u << 3,
	UI_ALL = 0xfu
};
void ui_mark(struct ui *ui, unsigned what);

enum ui_tone { UI_NORMAL = 0, UI_TITLE, UI_OK, UI_WARN, UI_CRIT, UI_KEY, UI_TONE_COUNT };
attr_t ui_tone(const struct ui *ui, enum ui_tone t);

/* Status line. Messages stay until the next key; errors (UI_CRIT) stay until the next
 * form submit, screen change or message, so the clinician can read them while retyping. */
void ui_msg(struct ui *ui, enum ui_tone tone, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void ui_error(struct ui *ui, const struct kc_err *err); /* "ERROR: msg" */
void ui_msg_clear(struct ui *ui);
/* Ask a y/n question on the status line; yes() runs after 'y', any other key cancels. */
void ui_confirm(struct ui *ui, const char *question, void (*yes)(struct ui *ui, void *priv), void *priv);
/* The header's context for the current (top) screen: "Doe, Jane #1001 - IV dosing". */
void ui_set_title(struct ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Ring the terminal bell at the next paint. */
void ui_bell(struct ui *ui);
/* The reading of session due at due is overdue: ring the bell (when the configuration asks
 * for it) the first time it is seen so, once per reading whichever screen shows it and
 * however often the screen is left and opened again. */
void ui_overdue_bell(struct ui *ui, kc_id session, time_t due);
/* Ask to leave the program (asks first when any screen's form holds typed text). */
void ui_quit(struct ui *ui);

/* Put s at y, x in exactly width columns (clipped, padded with blanks), UTF-8 aware. */
void ui_put(const struct ui *ui, WINDOW *w, int y, int x, int width, attr_t a, const char *s);
void ui_putf(const struct ui *ui, WINDOW *w, int y, int x, int width, attr_t a, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* Display columns that s takes (invalid bytes count one each). */
int ui_width(const struct ui *ui, const char *s);
/* Bytes of the longest start of s that fits in width columns and ends where a line may
 * break: before a blank, or with part only after a part of a message ("; ", ", ") or
 * before " | ". All of s when it fits; 0 when no such start fits. A word or a number is
 * never cut short this way. */
size_t ui_fit(const struct ui *ui, const char *s, int width, int part);
/* text from line y at column x, width columns a line, broken where ui_fit allows (a word or
 * a number never cut from its unit); lines below the window are left out. w NULL only
 * counts. Returns the lines the text takes (1 for ""). */
int ui_put_wrapped(const struct ui *ui, WINDOW *w, int y, int x, int width, attr_t a, const char *text);
/* A horizontal rule across w at y, with an optional title at its left. */
void ui_rule(const struct ui *ui, WINDOW *w, int y, const char *title);

/* ASCII or UTF-8 symbols, chosen from the locale's codeset. */
struct ui_glyphs {
	const char *sel;   /* the cursor row marker: ">" */
	const char *sep;   /* between header parts: "|" */
	const char *dash;  /* "-" */
	const char *warn;  /* "!" alert marker, always next to a word */
};

/* ---------- lists ---------- */

struct ui_list {
	int n;   /* rows */
	int sel; /* cursor row, -1 when n == 0 */
	int top; /* first visible row */
};
void ui_list_set(struct ui_list *l, int n);   /* keep sel in range */
/* Move for ACT_UP/DOWN/PGUP/PGDN/HOME/END with `rows` visible; 1 if the action was a move. */
int ui_list_move(struct ui_list *l, int act, int rows);
void ui_list_scroll(struct ui_list *l, int rows); /* make sel visible */

/* ---------- forms ---------- */

enum uif_type {
	UIF_TEXT = 0, /* any printable text */
	UIF_NUMBER,   /* digits and '.', or the characters in accept */
	UIF_CHOICE,   /* one of choices: Left/Right/Space cycle, a letter picks */
	UIF_TIME      /* a time as typed: "14:05", "yesterday 19:00", "2026-11-30 19:00"
		       * (kc_time_parse_entry). Starting on UIF_NOW it shows the clock's HH:MM and
		       * follows the clock, refreshed every tick, until the clinician edits it: what
		       * is on screen at the save is what ui_form_time gives. At least 16 wide. */
};
/* The starting text (field init or init[i]) of a UIF_TIME field that follows the clock. */
extern const char UIF_NOW[];
struct uif_field {
	const char *label;   /* "Date of birth" */
	enum uif_type type;
	int width;           /* columns on screen (a text scrolls beyond) */
	int max;             /* most characters, 0 = width */
	const char *accept;  /* NUMBER: allowed characters (NULL = "0123456789.") */
	const char *const *choices; /* CHOICE: NULL-terminated labels */
	const char *init;    /* starting text ("" / NULL); CHOICE: the label to start on. Read
			      * (copied) only when the form opens. */
	const char *hint;    /* shown under the form while on the field: "YYYY-MM-DD" */
};
struct uif_def {
	const char *title;
	const struct uif_field *fields;
	size_t n;
	int row;             /* top line inside the body; -1 = centred */
	int keep_open;       /* after a good save, reset the fields instead of closing */
	/* Save: read the texts, store them. KC_OK closes (or resets); else err is shown and
	 * the texts stay. May open a screen (ui_push) or ask (ui_confirm). */
	int (*submit)(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err);
	/* The form went away: saved = 1 after a good save, 0 when cancelled. May be NULL. */
	void (*closed)(struct ui *ui, void *priv, int saved);
};
/* Open def on the top screen; priv goes to the hooks. The form keeps the pointer def (keep
 * it, its fields and their labels, hints and choices alive while the form is open) but
 * copies the starting texts: init[i] when init and init[i] are given, else the field's
 * own init, so they may be built for each opening on the stack. */
struct ui_form *ui_form_open(struct ui *ui, const struct uif_def *def, void *priv);
struct ui_form *ui_form_open_init(struct ui *ui, const struct uif_def *def, void *priv,
				  const char *const *init);
void ui_form_close(struct ui *ui); /* the top screen's form, as if cancelled, no question */
struct ui_form *ui_form_current(const struct ui *ui); /* the top screen's form or NULL */
/* The text of field i, blanks trimmed (valid until the next call for the same field). */
const char *ui_form_text(struct ui_form *f, size_t i);
int ui_form_choice(const struct ui_form *f, size_t i); /* CHOICE: index in choices */
void ui_form_set(struct ui_form *f, size_t i, const char *text);
int ui_form_changed(struct ui_form *f);                /* anything differs from the start */
int ui_form_field_changed(struct ui_form *f, size_t i); /* field i differs from its start */
/* A UIF_TIME field. While it follows the clock: 1, *shown = the clock time its HH:MM was
 * made from (the time of this turn of the loop: the minute shown, to the second), *typed
 * NULL. Once edited: 0, *shown 0, *typed the text (for kc_chart_time / kc_chart_answer_time). */
int ui_form_time(struct ui_form *f, size_t i, time_t *shown, const char **typed);
/* The time of UIF_TIME field i for an entry of session: the clock time it shows, or the
 * text typed read by kc_chart_time (never after now, not before the session was opened).
 * A refusal names the field: "Time taken: 19:00 is later than now (10:24); ...". */
int ui_form_time_for(struct ui *ui, struct ui_form *f, size_t i, kc_id session, time_t *t, struct kc_err *err);
const struct ui_action *ui_form_actions(void);         /* the form keys, for help */

/* ---------- the app (app.c); screens read, only the framework writes ---------- */

struct ui_frame {
	const struct screen_ops *ops;
	void *priv;
	struct ui_form *form;
	char title[128];
	kc_id held;           /* the session whose hold this frame took (released with it), 0 none */
	int lost;             /* another clinician took that hold over while this frame was open */
};

struct ui {
	struct kc_app *app;   /* store, config, clock */
	enum kc_role role;    /* the clinician's role, read when the program starts */
	time_t now;           /* the (test) clock at this turn of the loop */
	int utf8;             /* the locale's codeset is UTF-8 */
	int colour;           /* colour pairs are in use */
	struct ui_glyphs g;
	WINDOW *header, *body, *status, *bar;
	WINDOW *status2;      /* the line above the status line, for a long message */
	int status_h;         /* lines the status takes now: 1, or 2 over the body's last line */
	/* framework state */
	int too_small;
	int cursor;           /* the visible-cursor state set last */
	unsigned dirty;
	int hidden;           /* ticking a screen that is not on top: marks are ignored */
	int pops;             /* pops waiting for the handler to return */
	int quit;
	int bell;
	struct ui_frame stack[UI_STACK_MAX];
	int depth;
	char msg[KC_MSG_MAX + 16];
	enum ui_tone msg_tone;
	int msg_sticky;
	char ask[160];
	void (*ask_yes)(struct ui *ui, void *priv);
	void *ask_priv;
	time_t clock_shown;   /* the minute the header shows */
	time_t ticked;        /* real time of the last tick */
	struct {
		kc_id session;
		time_t due;
	} rang[UI_BELLS];     /* per session, the overdue due time the bell rang for last */
	char bar_sig[320];    /* the top screen's actions as the bar showed them last */
	long long hold_dv;    /* PRAGMA data_version when the held session's holder was read */
	time_t hold_looked;   /* real time of the last look at data_version */
	char hold_lost[96];   /* "TAKEN OVER by bob 09:40": in the header while that frame is open */
	long long access_dv;  /* PRAGMA data_version when the clinician's standing was read */
	time_t access_looked; /* real time of that look */
	char shut_out[KC_MSG_MAX]; /* why the screens closed: the login was disabled meanwhile */
};

/* Framework internals shared by app.c, draw.c and form.c. */
void ui_paint_header(struct ui *ui);
void ui_paint_status(struct ui *ui);
void ui_paint_bar(struct ui *ui);
int ui_bar_stale(struct ui *ui); /* the top screen's actions changed since the bar was painted */
void ui_paint_small(struct ui *ui);
void ui_colours_init(struct ui *ui);
struct ui_frame *ui_top(struct ui *ui);
int ui_form_key(struct ui *ui, struct ui_form *f, const struct ui_key *k); /* 1 = used */
int ui_form_layout(struct ui *ui, struct ui_form *f); /* after a resize; 0 = shown */
void ui_form_refresh(struct ui *ui, struct ui_form *f, int touch);
void ui_form_free(struct ui_form *f);
/* Every turn of the clock (app.c, for each screen's form): the fields following the clock
 * show ui->now. */
void ui_form_tick(struct ui *ui, struct ui_form *f);

#endif
