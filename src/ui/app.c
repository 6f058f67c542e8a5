/* app.c — the screen loop: terminal setup and restore, the screen stack,
 * key dispatch, the clock tick, and painting from dirty flags with one doupdate(). */
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_form.h"
#include "ui_reload.h"
#include "ui_screen.h"

#include "kc_draft.h"
#include "kc_time.h"

#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define INPUT_TIMEOUT_MS 250

/* The only state a signal handler may touch; the loop polls it. */
static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static const int caught[] = { SIGHUP, SIGTERM, SIGINT };
#define NCAUGHT (sizeof caught / sizeof caught[0])

/* Before initscr, so ncurses keeps ours instead of installing its own. */
static void signals_catch(struct sigaction old[NCAUGHT])
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NCAUGHT; i++)
		sigaction(caught[i], &sa, &old[i]);
}

static void signals_restore(const struct sigaction old[NCAUGHT])
{
	for (size_t i = 0; i < NCAUGHT; i++)
		sigaction(caught[i], &old[i], NULL);
}

/* ---------- small services for screens ---------- */

struct ui_frame *ui_top(struct ui *ui)
{
	return ui->depth > 0 ? &ui->stack[ui->depth - 1] : NULL;
}

void ui_mark(struct ui *ui, unsigned what)
{
	if (!ui->hidden)
		ui->dirty |= what;
}

void ui_msg(struct ui *ui, enum ui_tone tone, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->msg, sizeof ui->msg, fmt, ap);
	va_end(ap);
	ui->msg_tone = tone;
	ui->msg_sticky = tone == UI_CRIT;
	ui->dirty |= UI_STATUS;
}

void ui_error(struct ui *ui, const struct kc_err *err)
{
	ui_msg(ui, UI_CRIT, "ERROR: %s", err->msg[0] ? err->msg : kc_status_name(err->status));
}

void ui_msg_clear(struct ui *ui)
{
	if (ui->msg[0])
		ui->dirty |= UI_STATUS;
	ui->msg[0] = '\0';
	ui->msg_sticky = 0;
}

void ui_confirm(struct ui *ui, const char *question, void (*yes)(struct ui *ui, void *priv), void *priv)
{
	kc_strlcpy(ui->ask, question, sizeof ui->ask);
	ui->ask_yes = yes;
	ui->ask_priv = priv;
	ui->dirty |= UI_STATUS | UI_BAR;
}

void ui_set_title(struct ui *ui, const char *fmt, ...)
{
	struct ui_frame *f = ui_top(ui);
	va_list ap;

	if (!f)
		return;
	va_start(ap, fmt);
	vsnprintf(f->title, sizeof f->title, fmt, ap);
	va_end(ap);
	ui_mark(ui, UI_HEADER);
}

void ui_bell(struct ui *ui)
{
	ui->bell = 1;
}

void ui_overdue_bell(struct ui *ui, kc_id session, time_t due)
{
	int slot = 0;

	for (int i = 0; i < UI_BELLS; i++) {
		if (ui->rang[i].session == session) {
			if (ui->rang[i].due == due)
				return;
			slot = i;
			break;
		}
		/* Else the free slot, or the one that rang longest ago. */
		if (!ui->rang[i].session || (ui->rang[slot].session && ui->rang[i].due < ui->rang[slot].due))
			slot = i;
	}
	ui->rang[slot].session = session;
	ui->rang[slot].due = due;
	if (ui->app->cfg->general.overdue_bell)
		ui_bell(ui);
}

static void quit_yes(struct ui *ui, void *priv)
{
	(void)priv;
	ui->quit = 1;
}

void ui_quit(struct ui *ui)
{
	for (int i = 0; i < ui->depth; i++)
		if (ui->stack[i].form && ui_form_changed(ui->stack[i].form)) {
			ui_confirm(ui, "Quit and lose the entry being typed?", quit_yes, NULL);
			return;
		}
	ui->quit = 1;
}

/* ---------- the stack ---------- */

static void hold_release(struct ui *ui, struct ui_frame *f)
{
	struct kc_err err;

	if (f->lost)
		ui->hold_lost[0] = '\0';
	if (!f->held)
		return;
	/* A release that fails (a locked database) leaves the hold ours: reopening the
	 * session finds it so, another clinician takes it over. */
	if (kc_chart_release(ui->app->store, f->held, ui->now, &err) != KC_OK)
		ui_error(ui, &err);
	f->held = 0;
}

static void frame_free(struct ui *ui, struct ui_frame *f)
{
	hold_release(ui, f);
	if (f->form)
		ui_form_free(f->form);
	f->form = NULL;
	if (f->ops && f->ops->close)
		f->ops->close(ui, f->priv);
	free(f->priv);
	memset(f, 0, sizeof *f);
}

static void screen_changed(struct ui *ui)
{
	if (ui->msg_sticky)
		ui_msg_clear(ui);
	ui->dirty = UI_ALL;
}

/* The screens whose ui_push arg is a struct ui_ref: a form on them (or on a screen above
 * them) is about that session, for its draft. */
static int takes_ref(const struct screen_ops *ops)
{
	static const char *const names[] = {
		"chart", "session", "screening", "effects", "discharge", "hold", "patient", "course",
	};

	for (size_t i = 0; ops->name && i < sizeof names / sizeof names[0]; i++)
		if (strcmp(ops->name, names[i]) == 0)
			return 1;
	return 0;
}

kc_id ui_frame_session(const struct ui *ui, int i)
{
	for (; i >= 0 && i < ui->depth; i--)
		if (ui->stack[i].session)
			return ui->stack[i].session;
	return 0;
}

int ui_push(struct ui *ui, const struct screen_ops *ops, const void *arg)
{
	struct kc_err err;
	struct ui_frame *f;
	int rc;

	kc_err_clear(&err);
	if (ui->depth >= UI_STACK_MAX) {
		kc_fail(&err, KC_ERR_INVALID, "too many screens open: press Esc to go back first");
		ui_error(ui, &err);
		return err.status;
	}
	f = &ui->stack[ui->depth];
	memset(f, 0, sizeof *f);
	f->ops = ops;
	if (arg && takes_ref(ops))
		f->session = ((const struct ui_ref *)arg)->session;
	f->priv = calloc(1, ops->private_size ? ops->private_size : 1);
	if (!f->priv) {
		ui_msg(ui, UI_CRIT, "ERROR: out of memory opening the %s screen", ops->name);
		return KC_ERR_NOMEM;
	}
	ui->depth++;
	rc = ops->open ? ops->open(ui, f->priv, arg, &err) : KC_OK;
	if (rc != KC_OK) {
		ui->depth--;
		frame_free(ui, f);
		if (!err.msg[0])
			kc_fail(&err, rc, "cannot open the %s screen (%s)", ops->name, kc_status_name(rc));
		ui_error(ui, &err);
		return rc;
	}
	screen_changed(ui);
	return KC_OK;
}

void ui_pop(struct ui *ui)
{
	ui->pops++;
}

/* Pops wait until no handler of the popped screen is running. */
static void apply_pops(struct ui *ui)
{
	struct ui_frame *f;

	for (; ui->pops > 0; ui->pops--) {
		if (ui->depth <= 1)
			break;
		frame_free(ui, &ui->stack[ui->depth - 1]);
		ui->depth--;
		screen_changed(ui);
		f = ui_top(ui);
		if (f->ops->show)
			f->ops->show(ui, f->priv);
	}
	ui->pops = 0;
}

/* ---------- holds ---------- */

static const struct screen_ops *phase_screen(enum kc_phase phase)
{
	switch (phase) {
	case KC_PHASE_SCREENING: return &ui_scr_screening;
	case KC_PHASE_DOSING:
	case KC_PHASE_RECOVERY: return &ui_scr_session;
	default: return &ui_scr_chart;
	}
}

static int held_below(const struct ui *ui, kc_id session)
{
	for (int i = 0; i < ui->depth; i++)
		if (ui->stack[i].held == session)
			return 1;
	return 0;
}

/* The hold is ours now: push the phase's screen and give it the hold, unless a frame
 * below already owns it (it is released when that one goes). */
static int open_held(struct ui *ui, const struct ui_ref *ref, enum kc_phase phase)
{
	struct kc_err err;
	int owned = held_below(ui, ref->session);
	int rc = ui_push(ui, phase_screen(phase), ref);

	if (owned)
		return rc;
	if (rc != KC_OK) {
		if (kc_chart_release(ui->app->store, ref->session, ui->now, &err) != KC_OK)
			ui_error(ui, &err);
		return rc;
	}
	ui_top(ui)->held = ref->session;
	if (kc_store_data_version(ui->app->store, &ui->hold_dv, &err) != KC_OK)
		ui->hold_dv = -1;
	return KC_OK;
}

int ui_open_session(struct ui *ui, const struct ui_ref *ref)
{
	struct kc_session s;
	struct kc_err err;
	int rc;

	if (kc_session_get(ui->app->store, ref->session, &s, &err) != KC_OK) {
		ui_error(ui, &err);
		return err.status;
	}
	if (s.signed_by[0])
		return ui_push(ui, &ui_scr_chart, ref);
	rc = kc_chart_hold(ui->app->store, ref->session, ui->now, NULL, 0, NULL, &err);
	if (rc == KC_ERR_BUSY)
		return ui_push(ui, &ui_scr_hold, ref);
	if (rc != KC_OK) {
		ui_error(ui, &err);
		return rc;
	}
	return open_held(ui, ref, s.phase);
}

int ui_takeover_session(struct ui *ui, const struct ui_ref *ref)
{
	struct kc_session s;
	struct kc_err err;

	if (kc_session_get(ui->app->store, ref->session, &s, &err) != KC_OK ||
	    kc_chart_takeover(ui->app->store, ref->session, ui->now, &err) != KC_OK) {
		ui_error(ui, &err);
		return err.status;
	}
	return open_held(ui, ref, s.phase);
}

int ui_held_by_other(struct ui *ui, kc_id session, char *why, size_t n)
{
	struct kc_err err;

	if (kc_session_hold_check(ui->app->store, session, &err) != KC_ERR_BUSY)
		return 0;
	if (why && n)
		snprintf(why, n, "%s (Esc back, then open the session to take it over).", err.msg);
	return 1;
}

int ui_physician(const struct ui *ui)
{
	return ui->role >= KC_ROLE_PHYSICIAN;
}

/* Whether another clinician took over the session this program holds: looked up only
 * when another connection has committed since the last look (PRAGMA data_version). */
static void hold_watch(struct ui *ui)
{
	char holder[KC_LOGIN_MAX], at[16];
	struct ui_frame *f = NULL;
	struct kc_err err;
	long long dv;
	time_t since;

	if (time(NULL) == ui->hold_looked)
		return; /* at most once a real second, whatever the test clock does */
	ui->hold_looked = time(NULL);
	for (int i = 0; i < ui->depth; i++)
		if (ui->stack[i].held)
			f = &ui->stack[i];
	if (!f || kc_store_data_version(ui->app->store, &dv, &err) != KC_OK || dv == ui->hold_dv)
		return;
	if (kc_session_holder(ui->app->store, f->held, holder, sizeof holder, &since, &err) != KC_OK)
		return; /* looked at again after the next commit elsewhere */
	ui->hold_dv = dv;
	if (!holder[0] || strcmp(holder, kc_store_actor(ui->app->store)) == 0)
		return;
	f->held = 0;
	f->lost = 1;
	kc_time_local_hm(since, at, sizeof at);
	snprintf(ui->hold_lost, sizeof ui->hold_lost, "%s TAKEN OVER by %s %s -", ui->g.warn, holder, at);
	ui_msg(ui, UI_CRIT, "%s took this session over at %s: your entries to it are refused now. "
	       "Esc, then open it again to take it back.", holder, at);
	ui->msg_sticky = 1;
	ui->dirty = UI_ALL;
}

/* A clinician disabled by an admin while their screens are open sees nothing clinical
 * from then on: looked up once a real second, only when another connection has committed
 * (PRAGMA data_version); the screens close within two seconds of the change. */
static void access_watch(struct ui *ui)
{
	enum kc_role role;
	struct kc_err err;
	long long dv;

	if (time(NULL) == ui->access_looked)
		return;
	ui->access_looked = time(NULL);
	if (kc_store_data_version(ui->app->store, &dv, &err) != KC_OK || dv == ui->access_dv)
		return;
	ui->access_dv = dv;
	if (kc_store_actor_role(ui->app->store, &role, &err) != KC_OK && err.status == KC_ERR_DENIED) {
		kc_strlcpy(ui->shut_out, err.msg, sizeof ui->shut_out);
		ui->quit = 1;
	}
}

/* ---------- terminal ---------- */

/* The fixed windows. The body is only resized, never replaced, so screens may keep
 * windows derived from it (they rebuild them when its size changes). */
static int layout(struct ui *ui)
{
	int rows = LINES, cols = COLS;

	ui->too_small = cols < UI_MIN_COLS || rows < UI_MIN_LINES;
	ui->dirty = UI_ALL;
	if (ui->too_small)
		return 0;
	if (!ui->body) {
		ui->header = newwin(1, cols, 0, 0);
		ui->body = newwin(rows - 3, cols, 1, 0);
		/* A table whose rows shift (a new reading on top) is sent as a line insert
		 * where the terminal can; painting the last cell must never scroll. */
		if (ui->body) {
			idlok(ui->body, TRUE);
			scrollok(ui->body, FALSE);
		}
	} else {
		wresize(ui->header, 1, cols);
		wresize(ui->body, rows - 3, cols);
	}
	if (ui->status)
		delwin(ui->status);
	if (ui->status2)
		delwin(ui->status2);
	if (ui->bar)
		delwin(ui->bar);
	ui->status = newwin(1, cols, rows - 2, 0);
	ui->status2 = newwin(1, cols, rows - 3, 0);
	ui->bar = newwin(1, cols, rows - 1, 0);
	ui->status_h = 1;
	if (!ui->header || !ui->body || !ui->status || !ui->status2 || !ui->bar)
		return -1;
	for (int i = 0; i < ui->depth; i++)
		if (ui->stack[i].form)
			ui_form_layout(ui, ui->stack[i].form);
	return 0;
}

static void set_cursor(struct ui *ui, int visible)
{
	if (ui->cursor != visible)
		curs_set(visible);
	ui->cursor = visible;
}

/* When a long message leaves the line above the status line, what it covered shows again:
 * 1 when the body's last line was touched for that (a form over it must be too). */
static int paint_status(struct ui *ui)
{
	int was = ui->status_h;

	ui_paint_status(ui);
	if (was < 2 || ui->status_h > 1)
		return 0;
	touchline(ui->body, getmaxy(ui->body) - 1, 1);
	return 1;
}

static void paint(struct ui *ui)
{
	struct ui_frame *f = ui_top(ui);
	unsigned d = ui->dirty;

	if (!ui->too_small && !(d & UI_BAR) && ui_bar_stale(ui))
		d |= UI_BAR;
	ui->dirty = 0;
	if (ui->too_small) {
		if (d)
			ui_paint_small(ui);
		set_cursor(ui, 0);
		doupdate();
		return;
	}
	if (d & UI_HEADER)
		ui_paint_header(ui);
	if ((d & UI_BODY) && f->ops->draw)
		f->ops->draw(ui, f->priv, ui->body);
	if ((d & UI_STATUS) && paint_status(ui))
		d |= UI_BODY; /* for the form's touch below: the body itself was not repainted */
	if (d & UI_BAR)
		ui_paint_bar(ui);
	wnoutrefresh(ui->header);
	wnoutrefresh(ui->body);
	wnoutrefresh(ui->status);
	wnoutrefresh(ui->bar);
	if (f->form)
		ui_form_refresh(ui, f->form, (d & UI_BODY) != 0);
	if (ui->status_h > 1) {
		/* Over the body and any form; then the cursor goes back into the form. */
		touchwin(ui->status2);
		wnoutrefresh(ui->status2);
		if (f->form)
			ui_form_refresh(ui, f->form, 0);
	}
	set_cursor(ui, f->form != NULL && !ui->ask[0]);
	if (ui->bell)
		beep();
	ui->bell = 0;
	doupdate();
}

/* ---------- the loop ---------- */

/* Under a stepped test clock (a training database's screen test), the number of screen
 * loads so far is written to the clock's file name + ".loads" whenever it changes: the
 * test reads it to tell that an idle screen, or one whose clock only moved, did not read
 * the database (ui_reload.h). */
static void note_loads(const struct ui *ui)
{
	static long written = -1;
	const char *step = ui->app->clock.step_file;
	char path[4096], tmp[4096 + 8], text[32];
	long n = ui_reload_loads();
	FILE *f;
	int ok;

	if (!step || n == written || snprintf(path, sizeof path, "%s.loads", step) >= (int)sizeof path)
		return;
	snprintf(tmp, sizeof tmp, "%s.new", path);
	snprintf(text, sizeof text, "%ld\n", n);
	f = fopen(tmp, "w");
	if (!f)
		return;
	ok = fputs(text, f) >= 0;
	ok = fclose(f) == 0 && ok;
	if (ok && rename(tmp, path) == 0)
		written = n;
	else
		remove(tmp);
}

static void turn_clock(struct ui *ui)
{
	time_t real, now;

	kc_clock_poll(&ui->app->clock); /* a stepped test clock's file (kc_time.h) */
	real = time(NULL);
	now = kc_clock_now(&ui->app->clock, real);

	/* Every real second too: what other clinicians store shows even when a test clock
	 * runs slower than real time. */
	if (now == ui->now && real == ui->ticked)
		return;
	ui->now = now;
	ui->ticked = real;
	if (now / 60 != ui->clock_shown)
		ui->dirty |= UI_HEADER;
	for (int i = 0; i < ui->depth; i++) {
		struct ui_frame *f = &ui->stack[i];

		ui->hidden = i != ui->depth - 1;
		if (f->form) /* a time following the clock shows this turn's time */
			ui_form_tick(ui, f->form);
		if (f->ops->tick)
			f->ops->tick(ui, f->priv, now);
	}
	ui->hidden = 0;
}

static void answer(struct ui *ui, const struct ui_key *k)
{
	void (*yes)(struct ui *, void *) = ui->ask_yes;

	ui->ask[0] = '\0';
	ui->ask_yes = NULL;
	ui->dirty |= UI_STATUS | UI_BAR;
	if (!k->fn && (k->ch == 'y' || k->ch == 'Y') && yes)
		yes(ui, ui->ask_priv);
}

static void app_action(struct ui *ui, int act)
{
	struct ui_frame *f = ui_top(ui);

	switch (act) {
	case ACT_HELP:
		if (f->ops != &ui_scr_help)
			ui_push(ui, &ui_scr_help, f);
		break;
	case ACT_BACK:
		if (ui->depth > 1)
			ui_pop(ui);
		break;
	case ACT_QUIT:
		ui_quit(ui);
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		ui->dirty = UI_ALL;
		break;
	case ACT_INTERRUPT:
		ui->quit = ui->interrupted = 1;
		break;
	default:
		break;
	}
}

/* The screen's own action for k; -1 when it cannot be taken now (the screen's reason,
 * if it gives one, goes on the status line). */
static int own_action(struct ui *ui, struct ui_frame *f, const struct ui_key *k)
{
	char why[KC_MSG_MAX];
	int act = ui_action_lookup(f->ops->actions, k);

	if (!act || ui_action_enabled(ui, f, act, why, sizeof why))
		return act;
	if (why[0])
		ui_msg(ui, UI_WARN, "%s", why);
	return -1;
}

static void dispatch(struct ui *ui, const struct ui_key *k)
{
	struct ui_frame *f = ui_top(ui);
	int act;

	if (k->fn && k->ch == KEY_RESIZE) {
		layout(ui);
		return;
	}
	if (!k->fn && k->ch == UI_CTRL('c')) {
		ui->quit = ui->interrupted = 1; /* at once; what a form holds is kept as a draft */
		return;
	}
	if (ui->too_small)
		return;
	if (ui->ask[0]) {
		answer(ui, k);
		return;
	}
	if (!ui->msg_sticky)
		ui_msg_clear(ui);
	act = ACT_NONE;
	if (f->form) {
		if (ui_form_key(ui, f->form, k))
			return;
		/* A key the form passes on may still be one of its global ones (^G help). */
		act = ui_action_lookup(ui_form_actions(), k);
		act = act < ACT_SCREEN ? act : ACT_NONE;
	}
	if (!act)
		act = own_action(ui, f, k);
	if (act < 0)
		act = ACT_NONE;
	else if (!act)
		act = ui_action_lookup(ui_global_actions(), k);
	if (f->ops->key)
		act = f->ops->key(ui, f->priv, act, k);
	app_action(ui, act);
}

static void run(struct ui *ui)
{
	char what[64];
	struct ui_key k;
	int r;

	while (!ui->quit && !got_signal) {
		turn_clock(ui);
		hold_watch(ui);
		access_watch(ui);
		apply_pops(ui);
		note_loads(ui); /* before the paint that shows what was loaded */
		paint(ui);
		/* stdscr is only painted while too small; never let wget_wch repaint it. */
		untouchwin(stdscr);
		r = ui_key_read(stdscr, INPUT_TIMEOUT_MS, &k, what, sizeof what);
		if (r == UI_KEY_GONE) {
			ui->quit = ui->interrupted = 1; /* the terminal hung up: as SIGHUP */
			break;
		}
		if (r < 0 && !ui->too_small)
			ui_msg(ui, UI_WARN, "unknown key ignored (%s)", what);
		if (r <= 0)
			continue;
		if (kc_clock_poll(&ui->app->clock)) /* stepped before this key: the key sees it */
			turn_clock(ui);
		dispatch(ui, &k);
		apply_pops(ui);
	}
}

static int term_start(struct ui *ui, SCREEN **scr, struct kc_err *err)
{
	const char *term = getenv("TERM");

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return kc_fail(err, KC_ERR_IO, "the screen needs a terminal; use the sub-commands in scripts");
	*scr = newterm(NULL, stdout, stdin);
	if (!*scr)
		return kc_fail(err, KC_ERR_IO, "cannot use the terminal (TERM=%s)", term ? term : "unset");
	set_term(*scr);
	raw(); /* ^S and ^C reach us as keys: ^S saves a form, ^C quits cleanly */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	ui_keys_init();
	wtimeout(stdscr, INPUT_TIMEOUT_MS);
	set_escdelay(100);
	ui->cursor = 1;
	set_cursor(ui, 0);
	ui_colours_init(ui);
	if (layout(ui) != 0)
		return kc_fail(err, KC_ERR_NOMEM, "out of memory setting up the screen");
	return KC_OK;
}

static void term_end(struct ui *ui, SCREEN *scr)
{
	while (ui->depth > 0)
		frame_free(ui, &ui->stack[--ui->depth]);
	if (ui->status)
		delwin(ui->status);
	if (ui->status2)
		delwin(ui->status2);
	if (ui->bar)
		delwin(ui->bar);
	if (ui->body)
		delwin(ui->body);
	if (ui->header)
		delwin(ui->header);
	if (scr) {
		curs_set(1);
		endwin();
		delscreen(scr);
	}
}

/* ^C, SIGINT, SIGTERM, SIGHUP or the terminal gone while forms hold typed text: each is
 * kept as a draft (kc_draft.h) for its clinician, session and form; nothing of it is
 * charted. Their titles go into kept (for the line printed after the screens close). */
static void drafts_keep(struct ui *ui, char *kept, size_t n)
{
	char fields[KC_DRAFT_MAX], name[KC_DRAFT_FORM_MAX];
	struct kc_err err;

	kept[0] = '\0';
	for (int i = 0; i < ui->depth; i++) {
		struct ui_form *f = ui->stack[i].form;

		if (!f || !ui_form_changed(f) || ui_form_draft(f, fields, sizeof fields) == 0)
			continue;
		size_t len = strlen(kept);
		int rc = kc_chart_draft_keep(ui->app->store, ui_frame_session(ui, i),
					     ui_form_title(f, name, sizeof name), fields, ui->now, &err);

		if (snprintf(kept + len, n - len, "%s\"%s\"%s%s%s", len ? ", " : "", name,
			     rc == KC_OK ? "" : " NOT kept (", rc == KC_OK ? "" : err.msg,
			     rc == KC_OK ? "" : ")") < 0)
			break;
	}
}

/* A save waiting for another clinician's: the loop is blocked inside the store, so the
 * status line is painted from here, once a second, until the save goes through. */
static void on_db_wait(void *ctx, const char *holder, int waited_ms)
{
	struct ui *ui = ctx;

	ui_msg(ui, UI_WARN, "waiting for the database (held by %s) %d s - the entry is kept",
	       holder, waited_ms / 1000);
	ui_paint_status(ui);
	wnoutrefresh(ui->status);
	doupdate();
}

int kc_ui_run(struct kc_app *app, struct kc_err *err)
{
	struct sigaction old[NCAUGHT];
	char kept[KC_MSG_MAX] = "";
	struct ui *ui = calloc(1, sizeof *ui);
	SCREEN *scr = NULL;
	int rc;

	kc_err_clear(err);
	if (!ui)
		return kc_fail(err, KC_ERR_NOMEM, "out of memory") != KC_OK;
	setlocale(LC_CTYPE, "");
	got_signal = 0;
	signals_catch(old);
	ui->app = app;
	ui->now = kc_clock_now(&app->clock, time(NULL));
	rc = kc_store_actor_role(app->store, &ui->role, err);
	if (rc == KC_OK)
		rc = term_start(ui, &scr, err);
	if (rc == KC_OK)
		rc = ui_push(ui, &ui_scr_start, NULL);
	if (rc == KC_OK) {
		kc_chart_wait_hook(app->store, on_db_wait, ui);
		run(ui);
		kc_chart_wait_hook(app->store, NULL, NULL);
		if (got_signal || ui->interrupted)
			drafts_keep(ui, kept, sizeof kept);
	}
	if (rc == KC_OK && ui->shut_out[0])
		rc = kc_fail(err, KC_ERR_DENIED, "%s; the screens were closed", ui->shut_out);
	else if (rc != KC_OK && scr && !err->msg[0])
		kc_fail(err, rc, "%s", strncmp(ui->msg, "ERROR: ", 7) ? ui->msg : ui->msg + 7);
	term_end(ui, scr);
	signals_restore(old);
	if (kept[0]) /* after the screens: on the terminal the clinician returns to */
		fprintf(stderr, "ketchart: what was typed in %s is kept as a draft, not charted: "
			"open the form again to go on with it\n", kept);
	free(ui);
	return rc == KC_OK ? 0 : 1;
}
