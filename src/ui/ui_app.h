/* ui_app.h — the app (app.c): struct ui, the screen stack's frames, the header, the status
 * line, the key bar and the marks that ask the loop to repaint. Private to src/ui/.
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
 */
#ifndef KC_UI_APP_H
#define KC_UI_APP_H

#include <curses.h>
#include <stddef.h>
#include <time.h>

#include "kc_chart.h"
#include "kc_error.h"
#include "kc_store.h"
#include "kc_ui.h"
#include "ui_draw.h"
#include "ui_screen.h"

#define UI_MIN_COLS 60
#define UI_MIN_LINES 20
#define UI_STACK_MAX 8
#define UI_BELLS 32   /* sessions whose overdue bell is remembered (a clinic's open sessions) */

struct ui_form;

enum ui_dirty {
	UI_HEADER = 1u << 0,
	UI_BODY = 1u << 1,
	UI_STATUS = 1u << 2,
	UI_BAR = 1u << 3,
	UI_ALL = 0xfu
};
void ui_mark(struct ui *ui, unsigned what);

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

struct ui_frame {
	const struct screen_ops *ops;
	void *priv;
	struct ui_form *form;
	char title[128];
	kc_id held;           /* the session whose hold this frame took (released with it), 0 none */
	int lost;             /* another clinician took that hold over while this frame was open */
	kc_id session;        /* the session this screen was opened on (its ui_ref), 0 none */
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
	int interrupted;      /* ^C, a signal or the terminal gone: typed forms become drafts */
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
/* The session of stack frame i: its own, else the nearest below it (0 none). */
kc_id ui_frame_session(const struct ui *ui, int i);

#endif
