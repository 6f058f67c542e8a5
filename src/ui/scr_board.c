/* scr_board.c — the clinic board: every open session in the database (any clinician's,
 * any terminal's), most urgent first, one row each. It follows the other clinicians'
 * entries by itself: every POLL_MS of real time it asks the reload policy (ui_reload.h:
 * one PRAGMA, no table read) and reloads only when the database changed. The countdowns, elapsed times and the order are recomputed from what was
 * loaded at every tick, without the database. */
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_paper.h"
#include "ui_reload.h"
#include "ui_screen.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kc_booking.h"
#include "kc_schedule.h"
#include "kc_time.h"

#define POLL_MS 2000    /* real time between two data-version looks */
#define PATIENT_MIN 20  /* narrower than this, the chair gives way too */
#define PATIENT_WANT_MAX 40 /* the optional columns give way for names up to this wide */
#define CLINICIAN_MAX 12 /* a longer login is cut */

/* Urgency: an alarm (unacknowledged critical, overdue vitals) weighs 2, vitals due 1. */
#define RANK_ALARM 2
#define RANK_DUE 1

enum { A_CHART = ACT_SCREEN, A_RELOAD, A_PAPER };

static const struct ui_action board_actions[] = {
	{ ACT_ENTER, '\n', 0, "Enter", "open",
	  "open the highlighted session (screening, or the dosing and recovery screen)" },
	{ A_CHART, 'c', 0, "c", "chart", "open the chart view of the highlighted session" },
	{ A_PAPER, 'W', 0, "W", NULL, "the paperwork: wastes to witness, REMS forms to submit" },
	{ A_RELOAD, 'r', 0, "r", "reload",
	  "read every session again now (entries made on other terminals show by themselves "
	  "within a few seconds)" },
	{ 0 },
};

/* One open session as loaded: enough to recompute its countdown at every tick. */
struct brow {
	struct ui_ref ref;
	char name[KC_NAME_MAX];
	char chart[32];
	char clinician[KC_LOGIN_MAX]; /* the holder, else the clinician who created it */
	char chair[32];               /* of the session's booking today, "" when not booked */
	enum kc_phase phase;
	time_t from;                  /* dose start, or creation while in screening */
	struct kc_sched_input in;
	int crit;                     /* unacknowledged critical readings */
	/* recomputed at every tick */
	struct kc_sched sched;
	int rank;
};

/* One row as shown: rebuilt at every tick, repainted only when it differs. */
struct bview {
	struct ui_ref ref;
	char no[24];                  /* "#12" */
	char chair[32];               /* "Chair 2", "-" when the session was not booked */
	char chair_short[32];         /* "2": what tells it from the other chairs */
	char name[KC_NAME_MAX];
	char chart[32];
	char clinician[KC_LOGIN_MAX];
	char phase[16];
	char elapsed[16];
	char next[40];
	char alert[24];
	enum ui_tone tone;
	int overdue, due, crit;
};

struct board {
	struct brow *rows;
	struct bview *views;          /* rows in the order shown */
	size_t n;
	struct ui_list l;
	int list_h;                   /* rows visible, from the last draw */
	struct ui_fresh fresh;        /* the database as the last load saw it */
	long long polled_ms;          /* monotonic time of the last look */
	int failed;                   /* the last look or load failed: say so when it works */
	struct ui_paper paper;        /* REMS forms due, wastes to witness (ui_paper.c) */
};

/* ---------- real time (the test clock may run faster) ---------- */

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---------- what a row says, from the loaded state and the clock ---------- */

static void next_text(const struct ui *ui, const struct kc_sched *sc, struct bview *v)
{
	char hm[16], d[16];

	kc_time_local_hm(sc->next_due, hm, sizeof hm);
	switch (sc->state) {
	case KC_DUE_LATER:
		if (sc->seconds_left < 60)
			snprintf(d, sizeof d, "<1m");
		else
			kc_duration(sc->seconds_left, d, sizeof d);
		snprintf(v->next, sizeof v->next, "%s in %s", hm, d);
		break;
	case KC_DUE_NOW:
		snprintf(v->next, sizeof v->next, "%s DUE %s", ui->g.warn, hm);
		v->tone = UI_WARN;
		v->due = 1;
		break;
	case KC_DUE_OVERDUE:
		kc_duration(-sc->seconds_left, d, sizeof d);
		snprintf(v->next, sizeof v->next, "%s OVERDUE %s", ui->g.warn, d);
		v->tone = UI_CRIT;
		v->overdue = 1;
		break;
	default:
		snprintf(v->next, sizeof v->next, "-");
		break;
	}
}

static void view_fill(const struct ui *ui, const struct brow *r, time_t now, struct bview *v)
{
	memset(v, 0, sizeof *v);
	v->ref = r->ref;
	snprintf(v->no, sizeof v->no, "#%lld", r->ref.session);
	kc_strlcpy(v->chair, r->chair[0] ? r->chair : "-", sizeof v->chair);
	kc_chair_short(ui->app->cfg->general.chairs, v->chair, v->chair_short, sizeof v->chair_short);
	kc_strlcpy(v->name, r->name, sizeof v->name);
	kc_strlcpy(v->chart, r->chart, sizeof v->chart);
	kc_strlcpy(v->clinician, r->clinician, sizeof v->clinician);
	kc_strlcpy(v->phase, kc_phase_name(r->phase), sizeof v->phase);
	kc_duration((long)(now - r->from), v->elapsed, sizeof v->elapsed);
	next_text(ui, &r->sched, v);
	if (r->crit) {
		snprintf(v->alert, sizeof v->alert, "%s CRIT x%d", ui->g.warn, r->crit);
		v->crit = 1;
	}
}

static int rank_of(const struct brow *r)
{
	int rank = r->crit ? RANK_ALARM : 0;

	if (r->sched.state == KC_DUE_OVERDUE)
		rank += RANK_ALARM;
	else if (r->sched.state == KC_DUE_NOW)
		rank += RANK_DUE;
	return rank;
}

/* Most urgent first; then the soonest due (nothing due last); then the session number. */
static int row_cmp(const void *pa, const void *pb)
{
	const struct brow *a = pa, *b = pb;
	time_t da = a->sched.next_due, db = b->sched.next_due;

	if (a->rank != b->rank)
		return b->rank - a->rank;
	if (da != db)
		return !da ? 1 : !db ? -1 : da < db ? -1 : 1;
	return a->ref.session < b->ref.session ? -1 : a->ref.session > b->ref.session;
}

static kc_id selected(const struct board *b)
{
	return b->l.sel >= 0 && (size_t)b->l.sel < b->n ? b->views[b->l.sel].ref.session : 0;
}

/* The countdowns and the order at now; repaint only when what is shown changed. The
 * cursor stays on its session when the rows move. */
static void recompute(struct ui *ui, struct board *b, time_t now, kc_id keep)
{
	struct bview v;
	int changed = 0;

	for (size_t i = 0; i < b->n; i++) {
		struct brow *r = &b->rows[i];

		kc_schedule_next(&r->in, ui->app->cfg, now, &r->sched);
		r->rank = rank_of(r);
	}
	if (b->n > 1)
		qsort(b->rows, b->n, sizeof *b->rows, row_cmp);
	for (size_t i = 0; i < b->n; i++) {
		view_fill(ui, &b->rows[i], now, &v);
		/* memcpy, not assignment: the padding must compare equal next time too */
		if (memcmp(&v, &b->views[i], sizeof v) != 0) {
			memcpy(&b->views[i], &v, sizeof v);
			changed = 1;
		}
		if (keep && v.ref.session == keep)
			b->l.sel = (int)i;
	}
	if (changed)
		ui_mark(ui, UI_BODY);
}

/* ---------- loading ---------- */

/* The chair of the booking the session keeps today (kc_today ties a booking to the
 * patient's session of that day and route). */
static void chair_of(const struct kc_booking *bk, size_t nb, kc_id session, char *out, size_t n)
{
	out[0] = '\0';
	for (size_t i = 0; i < nb; i++)
		if (bk[i].session == session)
			kc_strlcpy(out, bk[i].chair, n);
}

/* The chair the session was given when it started, which stands over its booking's. */
static int own_chair(struct ui *ui, kc_id session, char *chair, size_t n, struct kc_err *err)
{
	char own[32];
	int rc = kc_session_chair_get(ui->app->store, session, own, sizeof own, err);

	if (rc == KC_OK && own[0])
		kc_strlcpy(chair, own, n);
	return rc;
}

static int row_load(struct ui *ui, const struct kc_session *s, struct kc_chart_state *cs, struct brow *r,
		    struct kc_err *err)
{
	int rc = kc_chart_state_load(ui->app->store, ui->app->cfg, s->id, ui->now, cs, err);

	if (rc != KC_OK)
		return rc;
	memset(r, 0, sizeof *r);
	rc = kc_session_holder(ui->app->store, s->id, r->clinician, sizeof r->clinician, NULL, err);
	if (rc != KC_OK)
		return rc;
	if (!r->clinician[0])
		kc_strlcpy(r->clinician, cs->s.clinician, sizeof r->clinician);
	r->ref.patient = cs->s.patient_id;
	r->ref.session = cs->s.id;
	kc_strlcpy(r->name, cs->p.name, sizeof r->name);
	kc_strlcpy(r->chart, cs->p.chart_no, sizeof r->chart);
	r->phase = cs->s.phase;
	r->from = cs->s.dose_start ? cs->s.dose_start : cs->s.created_at;
	r->in = cs->sched_in;
	r->crit = cs->unacked_critical;
	return KC_OK;
}

/* Every open session into new arrays; the old ones stay when anything fails. */
static int load(struct ui *ui, struct board *b, struct kc_err *err)
{
	struct kc_session *open = NULL;
	struct kc_chart_state *cs = malloc(sizeof *cs);
	struct brow *rows = NULL;
	struct bview *views = NULL;
	struct kc_booking *bk = NULL;
	size_t n = 0, nb = 0;
	kc_id keep = selected(b);
	int rc = cs ? kc_session_list_open(ui->app->store, &open, &n, err)
		    : kc_fail(err, KC_ERR_NOMEM, "out of memory");

	if (rc == KC_OK && n && (!(rows = calloc(n, sizeof *rows)) || !(views = calloc(n, sizeof *views))))
		rc = kc_fail(err, KC_ERR_NOMEM, "out of memory");
	if (rc == KC_OK && n)
		rc = kc_today(ui->app->store, ui->app->cfg, ui->now, &bk, &nb, err);
	for (size_t i = 0; rc == KC_OK && i < n; i++) {
		rc = row_load(ui, &open[i], cs, &rows[i], err);
		chair_of(bk, nb, open[i].id, rows[i].chair, sizeof rows[i].chair);
		if (rc == KC_OK)
			rc = own_chair(ui, open[i].id, rows[i].chair, sizeof rows[i].chair, err);
	}
	if (rc != KC_OK)
		goto out;
	free(b->rows);
	free(b->views);
	b->rows = rows;
	b->views = views;
	b->n = n;
	rows = NULL;
	views = NULL;
	recompute(ui, b, ui->now, keep);
	ui_list_set(&b->l, (int)n);
	ui_mark(ui, UI_BODY | UI_BAR);
out:
	free(bk);
	free(views);
	free(rows);
	free(open);
	free(cs);
	return rc;
}

/* Load (the data version first, so a commit during the load only means one more load). */
static int reload(struct ui *ui, struct board *b, struct kc_err *err)
{
	int rc;

	ui_reload_mark(ui->app->store, &b->fresh);
	rc = load(ui, b, err);
	if (rc != KC_OK)
		kc_store_seen_reset(&b->fresh.seen);
	b->polled_ms = mono_ms();
	ui_paper_load(ui, &b->paper);
	return rc;
}

static void reload_shown(struct ui *ui, struct board *b)
{
	struct kc_err err;

	kc_err_clear(&err);
	if (reload(ui, b, &err) != KC_OK) {
		ui_error(ui, &err);
		b->failed = 1;
	} else if (b->failed) {
		ui_msg(ui, UI_OK, "The board is up to date again.");
		b->failed = 0;
	}
}

/* One cheap look: reload only when another clinician committed since the last one. */
static void poll_store(struct ui *ui, struct board *b)
{
	b->polled_ms = mono_ms();
	if (ui_reload_due(ui->app->store, ui->hidden, &b->fresh) || b->failed)
		reload_shown(ui, b);
}

/* ---------- keys ---------- */

static void open_selected(struct ui *ui, struct board *b, int chart)
{
	struct ui_ref ref;

	if (b->l.sel < 0 || (size_t)b->l.sel >= b->n)
		return;
	ref = b->views[b->l.sel].ref; /* a copy: a reload may replace the views */
	if (chart)
		ui_push(ui, &ui_scr_chart, &ref);
	else
		ui_open_session(ui, &ref);
}

static int board_key(struct ui *ui, void *priv, int act, const struct ui_key *k)
{
	struct board *b = priv;

	(void)k;
	switch (act) {
	case ACT_UP: case ACT_DOWN: case ACT_PGUP: case ACT_PGDN: case ACT_HOME: case ACT_END:
		ui_list_move(&b->l, act, b->list_h);
		ui_mark(ui, UI_BODY);
		return ACT_NONE;
	case ACT_ENTER: open_selected(ui, b, 0); return ACT_NONE;
	case A_CHART: open_selected(ui, b, 1); return ACT_NONE;
	case A_PAPER: ui_push(ui, &ui_scr_paper, NULL); return ACT_NONE;
	case A_RELOAD:
		reload_shown(ui, b);
		if (!b->failed)
			ui_msg(ui, UI_OK, "Board read again: %zu session%s in progress.", b->n, b->n == 1 ? "" : "s");
		return ACT_NONE;
	default:
		return act;
	}
}

static int board_enabled(struct ui *ui, void *priv, int act, char *why, size_t n)
{
	const struct board *b = priv;

	(void)ui;
	if ((act == ACT_ENTER || act == A_CHART) && b->n == 0) {
		kc_strlcpy(why, "No session in progress: nothing to open.", n);
		return 0;
	}
	return 1;
}

/* ---------- drawing ---------- */

struct bcols {
	int chair, no, patient, clinician, phase, elapsed, next, alert;
	int chair_short;                /* the chair column shows bview.chair_short: 1 under
					 * "Chair", 2 under "Ch" */
};

/* The widest text of the bview field at offset off among the rows, at least min. */
static int widest(const struct ui *ui, const struct board *b, size_t off, int min)
{
	for (size_t i = 0; i < b->n; i++) {
		int k = ui_width(ui, (const char *)&b->views[i] + off);

		if (k > min)
			min = k;
	}
	return min;
}

static int any_chair(const struct board *b)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->rows[i].chair[0])
			return 1;
	return 0;
}

/* What the patient column needs for every name and chart number whole (at most
 * PATIENT_WANT_MAX, at least PATIENT_MIN). */
static int patient_want(const struct ui *ui, const struct board *b)
{
	int want = widest(ui, b, offsetof(struct bview, name), 0) + widest(ui, b, offsetof(struct bview, chart), 0) + 2;

	return want > PATIENT_WANT_MAX ? PATIENT_WANT_MAX : want < PATIENT_MIN ? PATIENT_MIN : want;
}

/* A column gives way while the patient column is narrower than want: its width goes there. */
static void give_way(struct bcols *c, int *col, int want)
{
	if (c->patient < want) {
		c->patient += *col;
		*col = 0;
	}
}

/* The chair column shows only what tells a chair from the others ("2" of "Chair 2"), under
 * the heading (narrow) or under "Ch". */
static void chair_narrow(const struct ui *ui, const struct board *b, struct bcols *c, int heading, int want)
{
	int narrow = widest(ui, b, offsetof(struct bview, chair_short), heading) + 1;

	if (c->chair && c->patient < want && narrow < c->chair) {
		c->patient += c->chair - narrow;
		c->chair = narrow;
		c->chair_short = 1 + (heading < 5);
	}
}

/* Each column as wide as its widest text (or heading) plus a blank; the patient column
 * gets the rest. The chair column is there when any session was booked. While a name
 * would be cut: the chair shows only what tells it from the other chairs ("2" of "Chair
 * 2"), then elapsed, the session number and the clinician give way (width 0), then the
 * chair's heading shortens to "Ch". The chair itself goes only below PATIENT_MIN. */
static void board_cols(const struct ui *ui, const struct board *b, int w, struct bcols *c)
{
	int clin = widest(ui, b, offsetof(struct bview, clinician), 9), want = patient_want(ui, b);

	memset(c, 0, sizeof *c);
	if (any_chair(b))
		c->chair = widest(ui, b, offsetof(struct bview, chair), 5) + 1;
	c->no = widest(ui, b, offsetof(struct bview, no), 1) + 1;
	c->clinician = (clin < CLINICIAN_MAX ? clin : CLINICIAN_MAX) + 1;
	c->phase = widest(ui, b, offsetof(struct bview, phase), 5) + 1;
	c->elapsed = widest(ui, b, offsetof(struct bview, elapsed), 7) + 1;
	c->next = widest(ui, b, offsetof(struct bview, next), 12) + 1;
	c->alert = widest(ui, b, offsetof(struct bview, alert), 6);
	c->patient = w - 2 - c->chair - c->no - c->clinician - c->phase - c->elapsed - c->next - c->alert;
	chair_narrow(ui, b, c, 5, want);
	give_way(c, &c->elapsed, want);
	give_way(c, &c->no, want);
	give_way(c, &c->clinician, want);
	chair_narrow(ui, b, c, 2, want);
	give_way(c, &c->chair, PATIENT_MIN);
}

/* The name clipped so that the chart number always shows. */
static void put_patient(const struct ui *ui, WINDOW *w, int y, int x, int width, attr_t a,
			const struct bview *v)
{
	int cw = ui_width(ui, v->chart) + 1;
	int nw = width - 1 - cw;

	if (nw < 4) {
		ui_put(ui, w, y, x, width, a, v->chart);
		return;
	}
	ui_put(ui, w, y, x, nw, a, v->name);
	ui_put(ui, w, y, x + nw, width - nw, a, "");
	ui_put(ui, w, y, x + width - cw, cw, a, v->chart);
}

static void draw_row(struct ui *ui, struct board *b, WINDOW *w, int y, size_t i, const struct bcols *c)
{
	const struct bview *v = &b->views[i];
	int sel = b->l.sel == (int)i;
	attr_t a = sel ? A_REVERSE : A_NORMAL;
	int x = 2;

	ui_put(ui, w, y, 0, 2, a, sel ? ui->g.sel : "");
	if (c->chair) {
		ui_put(ui, w, y, x, c->chair, a, c->chair_short ? v->chair_short : v->chair);
		x += c->chair;
	}
	if (c->no) {
		ui_put(ui, w, y, x, c->no, a, v->no);
		x += c->no;
	}
	put_patient(ui, w, y, x, c->patient, a, v);
	x += c->patient;
	if (c->clinician) {
		ui_put(ui, w, y, x, c->clinician, a, v->clinician);
		x += c->clinician;
	}
	ui_put(ui, w, y, x, c->phase, a, v->phase);
	x += c->phase;
	if (c->elapsed) {
		ui_put(ui, w, y, x, c->elapsed, a, v->elapsed);
		x += c->elapsed;
	}
	ui_put(ui, w, y, x, c->next, a | ui_tone(ui, v->tone), v->next);
	x += c->next;
	ui_put(ui, w, y, x, getmaxx(w) - x, a | (v->crit ? ui_tone(ui, UI_CRIT) : 0), v->alert);
}

static void draw_heads(struct ui *ui, WINDOW *w, int y, const struct bcols *c)
{
	int x = 2;

	if (c->chair) {
		ui_put(ui, w, y, x, c->chair, A_BOLD, c->chair_short == 2 ? "Ch" : "Chair");
		x += c->chair;
	}
	if (c->no) {
		ui_put(ui, w, y, x, c->no, A_BOLD, "#");
		x += c->no;
	}
	ui_put(ui, w, y, x, c->patient, A_BOLD, "Patient, chart");
	x += c->patient;
	if (c->clinician) {
		ui_put(ui, w, y, x, c->clinician, A_BOLD, "Clinician");
		x += c->clinician;
	}
	ui_put(ui, w, y, x, c->phase, A_BOLD, "Phase");
	x += c->phase;
	if (c->elapsed) {
		ui_put(ui, w, y, x, c->elapsed, A_BOLD, "Elapsed");
		x += c->elapsed;
	}
	ui_put(ui, w, y, x, c->next, A_BOLD, "Next vitals");
	x += c->next;
	ui_put(ui, w, y, x, getmaxx(w) - x, A_BOLD, "Alerts");
}

/* Append ", N WORD" (": N WORD" first) to s when n is not 0. */
static void add_count(char *s, size_t size, size_t n, const char *word)
{
	size_t len = strlen(s);

	if (n && len < size)
		snprintf(s + len, size - len, "%s%zu %s", strchr(s, ':') ? ", " : ": ", n, word);
}

/* "4 sessions in progress: 1 OVERDUE, 1 DUE, 1 CRIT unacknowledged" (sessions counted). */
static void draw_summary(struct ui *ui, struct board *b, WINDOW *w)
{
	char s[160];
	size_t overdue = 0, due = 0, crit = 0;

	for (size_t i = 0; i < b->n; i++) {
		overdue += (size_t)b->views[i].overdue;
		due += (size_t)b->views[i].due;
		crit += (size_t)b->views[i].crit;
	}
	snprintf(s, sizeof s, "%zu session%s in progress", b->n, b->n == 1 ? "" : "s");
	add_count(s, sizeof s, overdue, "OVERDUE");
	add_count(s, sizeof s, due, "DUE");
	add_count(s, sizeof s, crit, "CRIT unacknowledged");
	if (b->n && !strchr(s, ':'))
		kc_strlcpy(s + strlen(s), ": vitals on time, no CRIT open", sizeof s - strlen(s));
	ui_put(ui, w, 0, 1, getmaxx(w) - 1, overdue || crit ? ui_tone(ui, UI_CRIT) | A_BOLD : A_BOLD, s);
}

static void board_draw(struct ui *ui, void *priv, WINDOW *w)
{
	struct board *b = priv;
	struct bcols c;
	int y = 2;

	werase(w);
	draw_summary(ui, b, w);
	/* the paperwork waiting, on the last line */
	ui_paper_draw(ui, &b->paper, w, getmaxy(w) - 1);
	if (!b->n) {
		ui_put(ui, w, y, 2, getmaxx(w) - 2, A_NORMAL,
		       "No session in progress. Sessions started on any terminal show here by themselves.");
		return;
	}
	board_cols(ui, b, getmaxx(w), &c);
	draw_heads(ui, w, 1, &c);
	b->list_h = getmaxy(w) - y - (b->paper.due || b->paper.overdue || b->paper.witness ? 1 : 0);
	ui_list_scroll(&b->l, b->list_h);
	for (int i = 0; i < b->list_h && b->l.top + i < (int)b->n; i++)
		draw_row(ui, b, w, y + i, (size_t)(b->l.top + i), &c);
}

/* ---------- life cycle ---------- */

static int board_open(struct ui *ui, void *priv, const void *arg, struct kc_err *err)
{
	struct board *b = priv;

	(void)arg;
	b->l.sel = -1;
	ui_set_title(ui, "Clinic board");
	return reload(ui, b, err);
}

/* Hidden under another screen it does not look: show() reloads when it is on top again. */
static void board_tick(struct ui *ui, void *priv, time_t now)
{
	struct board *b = priv;

	if (ui->hidden)
		return;
	if (mono_ms() - b->polled_ms >= POLL_MS)
		poll_store(ui, b);
	recompute(ui, b, now, selected(b));
}

/* Our own entries (a session opened from here) do not change the data version. */
static void board_show(struct ui *ui, void *priv)
{
	reload_shown(ui, priv);
}

static void board_close(struct ui *ui, void *priv)
{
	struct board *b = priv;

	(void)ui;
	free(b->rows);
	free(b->views);
}

const struct screen_ops ui_scr_board = {
	.name = "board",
	.title = "Clinic board",
	.private_size = sizeof(struct board),
	.actions = board_actions,
	.open = board_open,
	.draw = board_draw,
	.key = board_key,
	.tick = board_tick,
	.show = board_show,
	.close = board_close,
	.enabled = board_enabled,
};
