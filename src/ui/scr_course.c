/* scr_course.c — a patient's treatment course (kc_course.h), read-only: every session in
 * order (date, route, dose in mg and mg/kg, PHQ-9 with its RESPONSE / REMISSION mark, GAD-7,
 * PCL-5 when the indication is PTSD, peak CADSS-6, peak BP, nausea, outcome), a character
 * plot of PHQ-9 (P) and GAD-7 (G) by session with the remission zone dotted and each
 * session's mark as a letter (R response, M remission: never colour alone), the dose
 * history of every session of the patient (any route: mg, mg/kg, ^ an escalation), and
 * "session N of M" of the planned series. The page is
 * built into lines once per load; Up/Down move over the sessions, Enter opens the
 * highlighted session's chart, r switches between the patient's IV and esketamine courses. */
#include "ui_app.h"
#include "ui_booking.h"
#include "ui_draw.h"
#include "ui_form.h"
#include "ui_reload.h"
#include "ui_screen.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_course.h"
#include "kc_time.h"

#define LINE_MAX_W 200
#define PLOT_ROWS 6   /* PHQ-9 0-27 in buckets of 5: 25+, 20, 15, 10, 5, 0-4 */
#define PLOT_COL 4    /* columns a session takes in the plot */
#define PLOT_X 6      /* the axis labels' width */

enum { A_ROUTE = ACT_SCREEN, A_PATIENT, A_BOOK, A_BK_CANCEL };
#define CHAIRS_MAX 16

static const struct ui_action course_actions[] = {
	{ ACT_ENTER, '\n', 0, "Enter", "chart", "open the highlighted session's chart" },
	{ A_ROUTE, 'r', 0, "r", "route", "switch between the patient's IV ketamine and esketamine courses" },
	{ A_BOOK, 'b', 0, "b", "book", "book a session: date, time, chair ([general] chairs), protocol" },
	{ A_BK_CANCEL, 'x', 0, "x", "cancel booking",
	  "cancel one of the patient's bookings: which one, the reason, then y; it stays listed as CANCELLED" },
	{ A_PATIENT, 'p', 0, "p", "patient", "the patient's record: sex, height, allergies, contacts, REMS" },
	{ 0 },
};

struct cline {
	char text[LINE_MAX_W];
	enum ui_tone tone;
	int bold, rule;
	int row;              /* the session row it shows + 1, 0 for none */
};

struct course {
	kc_id patient;
	int route;            /* -1: the latest session's */
	struct kc_course c;
	struct cline *lines;
	int n, cap;
	int width;            /* the width the lines were built for */
	int top, sel;         /* first line shown; selected session row */
	int rows;             /* body lines, from the last draw */
	struct ui_fresh fresh; /* the database as the last load saw it (ui_reload.h) */
	char chairs[256];     /* [general] chairs, cut into chair[] for the booking form */
	const char *chair[CHAIRS_MAX + 1];
	struct uif_field bf[4];
	struct uif_def bdef;
	struct kc_booking *bk; /* the patient's bookings, every route, with their state */
	size_t nbk;
	struct ui_bkcancel bkc;
};

/* ---------- building the page ---------- */

static struct cline *add(struct course *s, enum ui_tone tone, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static struct cline *add(struct course *s, enum ui_tone tone, const char *fmt, ...)
{
	va_list ap;
	struct cline *l;

	if (s->n == s->cap) {
		int cap = s->cap ? s->cap * 2 : 64;
		struct cline *m = realloc(s->lines, (size_t)cap * sizeof *m);

		if (!m)
			return NULL;
		s->lines = m;
		s->cap = cap;
	}
	l = &s->lines[s->n++];
	memset(l, 0, sizeof *l);
	l->tone = tone;
	va_start(ap, fmt);
	vsnprintf(l->text, sizeof l->text, fmt, ap);
	va_end(ap);
	return l;
}

static void num(int v, char *out, size_t n)
{
	if (v == KC_NONE)
		snprintf(out, n, "-");
	else
		snprintf(out, n, "%d", v);
}

static const char *outcome_word(const struct kc_course_row *r)
{
	if (!r->outcome[0])
		return kc_phase_name(r->phase);
	if (strcmp(r->outcome, "against_advice") == 0)
		return "left AMA";
	return r->outcome;
}

static void build_table(struct course *s)
{
	const struct kc_course *c = &s->c;
	int ptsd = kc_course_has_pcl5(c);

	add(s, UI_NORMAL, "%-3s%-11s%-4s%6s %5s %-12s%-4s%s%-7s%-8s%-5s%s", "No", "Date", "Rt", "mg", "mg/kg",
	    "PHQ-9", "GAD", ptsd ? "PCL " : "", "CADSS6", "Peak BP", "Naus", "Outcome")->bold = 1;
	for (size_t i = 0; i < c->n; i++) {
		const struct kc_course_row *r = &c->rows[i];
		char date[32], mg[16], mgkg[16], phq[32], gad[8], pcl[8], pclcol[8] = "", cad[8], bp[16], nau[8];
		const char *mark = kc_course_mark(r, c);
		struct cline *l;

		kc_time_local(r->at, date, sizeof date);
		date[10] = '\0';
		snprintf(mg, sizeof mg, r->mg > 0 ? "%.1f" : "-", r->mg);
		snprintf(mgkg, sizeof mgkg, r->mg_per_kg > 0 ? "%.2f" : "-", r->mg_per_kg);
		num(r->phq9, phq, sizeof phq);
		if (*mark)
			snprintf(phq + strlen(phq), sizeof phq - strlen(phq), " %s", mark);
		num(r->gad7, gad, sizeof gad);
		num(r->pcl5, pcl, sizeof pcl);
		if (ptsd)
			snprintf(pclcol, sizeof pclcol, "%-4s", pcl);
		num(r->cadss6_peak, cad, sizeof cad);
		if (r->sys_peak == KC_NONE)
			snprintf(bp, sizeof bp, "-");
		else
			snprintf(bp, sizeof bp, "%d/%d", r->sys_peak, r->dia_peak);
		num(r->nausea_peak, nau, sizeof nau);
		l = add(s, r->remission ? UI_OK : UI_NORMAL, "%-3zu%-11s%-4s%6s %5s %-12s%-4s%s%-7s%-8s%-5s%s%s",
			i + 1, date, r->route == KC_ROUTE_ESKETAMINE ? "esk" : kc_route_name(r->route), mg, mgkg, phq,
			gad, pclcol, cad, bp, nau, outcome_word(r),
			r->is_signed ? "" : r->outcome[0] ? " (unsigned)" : "");
		if (l)
			l->row = (int)i + 1;
	}
}

/* The plot's row of a PHQ-9 / GAD-7 total: 25 and more on top, 0-4 at the bottom. */
static int plot_row(int v)
{
	int r = PLOT_ROWS - 1 - v / 5;

	return r < 0 ? 0 : r;
}

static void build_plot(struct course *s, const struct kc_config *cfg)
{
	const struct kc_course *c = &s->c;
	int fit = (s->width - PLOT_X - 1) / PLOT_COL;
	size_t from = c->n > (size_t)fit && fit > 0 ? c->n - (size_t)fit : 0;
	char line[LINE_MAX_W];

	add(s, UI_NORMAL, "PHQ-9 (P) and GAD-7 (G) by session; R response, M remission; ... PHQ-9 below %d",
	    cfg->course.remission_below)->rule = 1;
	for (int y = 0; y < PLOT_ROWS; y++) {
		int low = (PLOT_ROWS - 1 - y) * 5, zone = low + 4 < cfg->course.remission_below;
		size_t len;

		snprintf(line, sizeof line, "%3d%s |", low, y == 0 ? "+" : " ");
		len = strlen(line);
		for (size_t i = from; i < c->n && len + PLOT_COL < sizeof line; i++) {
			const struct kc_course_row *r = &c->rows[i];
			int p = r->phq9 != KC_NONE && plot_row(r->phq9) == y;
			int g = r->gad7 != KC_NONE && plot_row(r->gad7) == y;
			char cell = p && g ? '*' : p ? 'P' : g ? 'G' : zone ? '.' : ' ';

			snprintf(line + len, sizeof line - len, "%c%c%c%c", zone ? '.' : ' ', cell, zone ? '.' : ' ',
				 zone ? '.' : ' ');
			len += PLOT_COL;
		}
		add(s, UI_NORMAL, "%s", line);
	}
	snprintf(line, sizeof line, "%*s+", PLOT_X - 1, "");
	for (size_t i = from, len = strlen(line); i < c->n && len + PLOT_COL < sizeof line; i++, len += PLOT_COL) {
		char cell[32];

		snprintf(cell, sizeof cell, "%zu%c", i + 1, c->rows[i].remission ? 'M' : c->rows[i].response ? 'R' : ' ');
		snprintf(line + len, sizeof line - len, " %-3.3s", cell);
	}
	add(s, UI_NORMAL, "%s", line);
}

/* One session of the dose history: "11-03 IV 35.0 mg 0.50 mg/kg", "11-17 esk 84 mg ^"
 * (esketamine is a fixed dose: no mg/kg), "11-05 IV no dose". */
static void dose_entry(const struct kc_course_row *r, char *out, size_t n)
{
	char date[32];
	const char *rt = r->route == KC_ROUTE_ESKETAMINE ? "esk" : kc_route_name(r->route);

	kc_time_local(r->at, date, sizeof date);
	date[10] = '\0';
	if (r->mg <= 0)
		snprintf(out, n, "%s %s no dose", date + 5, rt);
	else if (r->mg_per_kg > 0)
		snprintf(out, n, "%s %s %.1f mg %.2f mg/kg%s", date + 5, rt, r->mg, r->mg_per_kg, r->escalation ? " ^" : "");
	else
		snprintf(out, n, "%s %s %.0f mg%s", date + 5, rt, r->mg, r->escalation ? " ^" : "");
}

/* Every session of the patient, by any route, oldest first, as many to a line as fit. */
static void build_doses(struct course *s)
{
	const struct kc_course *c = &s->c;
	char line[LINE_MAX_W] = "", part[80];
	size_t len = 0;
	int ups = 0;

	for (size_t i = 0; i < c->nall; i++)
		ups += c->all[i].escalation;
	add(s, UI_NORMAL, "Dose history, all sessions: %d escalation%s (^ above the dose before)", ups,
	    ups == 1 ? "" : "s")->rule = 1;
	for (size_t i = 0; i < c->nall; i++) {
		dose_entry(&c->all[i], part, sizeof part);
		if (len && (len + 2 + strlen(part) + 2 > (size_t)s->width || len + 2 + strlen(part) >= sizeof line)) {
			add(s, UI_NORMAL, "%s,", line);
			len = 0;
		}
		len += (size_t)snprintf(line + len, sizeof line - len, "%s%s", len ? ", " : "", part);
	}
	add(s, UI_NORMAL, "%s", len ? line : "no session yet");
}

/* The patient's bookings, oldest first, each state a word and a symbol; a cancelled one
 * with when, who and why. */
static void build_bookings(struct course *s, int late_min)
{
	size_t cancelled = 0;

	for (size_t i = 0; i < s->nbk; i++)
		cancelled += s->bk[i].state == KC_BK_CANCELLED;
	add(s, UI_NORMAL, "Bookings: %zu (%zu cancelled); b books, x cancels", s->nbk - cancelled, cancelled)->rule = 1;
	for (size_t i = 0; i < s->nbk; i++) {
		const struct kc_booking *b = &s->bk[i];
		enum ui_tone tone = b->state == KC_BK_MISSED ? UI_CRIT
				    : b->state == KC_BK_LATE || kc_bk_late_start_min(b, late_min) ? UI_WARN
												      : UI_NORMAL;
		char at[32], when[32], state[48];

		kc_time_local(b->at, at, sizeof at);
		kc_bk_state_text(b, late_min, state, sizeof state);
		add(s, tone, "%s %-10s %-4s %s", at, b->chair,
		    b->route == KC_ROUTE_ESKETAMINE ? "esk" : kc_route_name(b->route), state);
		if (b->state == KC_BK_CANCELLED) {
			kc_time_local(b->cancelled_at, when, sizeof when);
			add(s, tone, "  why: %s (%s, %s)", b->cancel_reason, b->cancelled_by, when);
		}
	}
	if (!s->nbk)
		add(s, UI_NORMAL, "No booking yet: b books one.");
}

static void build(struct ui *ui, struct course *s)
{
	const struct kc_course *c = &s->c;
	char pos[80] = "no session yet", head[200];

	s->n = 0;
	if (c->n) {
		kc_course_position_text(&c->rows[c->n - 1].pos, pos, sizeof pos);
	}
	snprintf(head, sizeof head, "Course: %s - %s", kc_route_label(c->route), pos);
	add(s, UI_TITLE, "%s", head)->rule = 1;
	if (c->first_phq9 == KC_NONE)
		add(s, UI_NORMAL, "No PHQ-9 yet: the first one scored is the course's reference.");
	else {
		const struct kc_course_row *last = NULL;

		for (size_t i = c->n; i-- > 0 && !last;)
			if (c->rows[i].phq9 != KC_NONE)
				last = &c->rows[i];
		if (last == &c->rows[c->first_at])
			add(s, UI_NORMAL, "PHQ-9 first %d (session %zu): the course's reference", c->first_phq9,
			    c->first_at + 1);
		else
			add(s, c->remitted ? UI_OK : UI_NORMAL, "PHQ-9 first %d (session %zu), latest %d (%d%% lower): %s",
			    c->first_phq9, c->first_at + 1, last->phq9, last->change_pct,
			    c->remitted ? "REMISSION" : c->responded ? "RESPONSE" : "no response yet");
	}
	build_table(s);
	if (c->n) {
		build_plot(s, ui->app->cfg);
		build_doses(s);
	}
	build_bookings(s, ui->app->cfg->course.late_after_min);
}

static int course_load(struct ui *ui, struct course *s, struct kc_err *err)
{
	struct kc_course c;
	int rc;

	struct kc_booking *bk = NULL;
	size_t nbk = 0;

	ui_reload_mark(ui->app->store, &s->fresh);
	rc = kc_course_load_all(ui->app->store, ui->app->cfg, s->patient, s->route, &c, err);
	if (rc == KC_OK)
		rc = kc_bookings_of_patient(ui->app->store, ui->app->cfg, s->patient, ui->now, &bk, &nbk, err);
	if (rc != KC_OK) {
		kc_course_free(&c);
		return rc;
	}
	free(s->bk);
	s->bk = bk;
	s->nbk = nbk;
	kc_course_free(&s->c);
	s->c = c;
	s->route = c.route;
	if (s->sel < 0 || (size_t)s->sel >= c.n)
		s->sel = c.n ? (int)c.n - 1 : -1;
	build(ui, s);
	ui_set_title(ui, "%s (%s) - course", c.p.name, c.p.chart_no);
	ui_mark(ui, UI_BODY);
	return KC_OK;
}

/* ---------- drawing ---------- */

static int line_of_row(const struct course *s, int row)
{
	for (int i = 0; i < s->n; i++)
		if (s->lines[i].row == row + 1)
			return i;
	return 0;
}

static void course_draw(struct ui *ui, void *priv, WINDOW *w)
{
	struct course *s = priv;
	int cols = getmaxx(w), sl;

	if (cols != s->width) {
		s->width = cols;
		build(ui, s);
	}
	s->rows = getmaxy(w);
	sl = s->sel >= 0 ? line_of_row(s, s->sel) : 0;
	if (sl < s->top)
		s->top = sl;
	if (sl >= s->top + s->rows)
		s->top = sl - s->rows + 1;
	if (s->top > s->n - s->rows)
		s->top = s->n - s->rows > 0 ? s->n - s->rows : 0;
	werase(w);
	for (int y = 0; y < s->rows && s->top + y < s->n; y++) {
		const struct cline *l = &s->lines[s->top + y];
		int sel = l->row && l->row - 1 == s->sel;
		attr_t a = (sel ? A_REVERSE : ui_tone(ui, l->tone)) | (l->bold ? A_BOLD : 0);

		if (l->rule) {
			ui_rule(ui, w, y, l->text);
			continue;
		}
		ui_put(ui, w, y, 0, 1, a, sel ? ui->g.sel : "");
		ui_put(ui, w, y, 1, cols - 1, a, l->text);
	}
}

/* ---------- booking ---------- */

static const char *const book_protocols[] = { "IV ketamine infusion", "Intranasal esketamine", NULL };

static int book_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct course *s = priv;
	int c = ui_form_choice(f, 2);
	char date[32], hm[16];

	kc_strlcpy(date, ui_form_text(f, 0), sizeof date);
	kc_strlcpy(hm, ui_form_text(f, 1), sizeof hm);
	if (kc_chart_book(ui->app->store, ui->app->cfg, s->patient, date, hm, s->chair[c],
			  ui_form_choice(f, 3) ? KC_ROUTE_ESKETAMINE : KC_ROUTE_IV, ui->now, NULL, err) != KC_OK)
		return err->status;
	ui_msg(ui, UI_OK, "Booked %s %s, %s: on the start screen's Today list that day.", date, hm, s->chair[c]);
	return KC_OK;
}

static void book_open(struct ui *ui, struct course *s)
{
	char *save = NULL;
	size_t n = 0;

	kc_strlcpy(s->chairs, ui->app->cfg->general.chairs, sizeof s->chairs);
	for (char *c = strtok_r(s->chairs, ",", &save); c && n < CHAIRS_MAX; c = strtok_r(NULL, ",", &save)) {
		while (*c == ' ')
			c++;
		if (*c)
			s->chair[n++] = c;
	}
	s->chair[n] = NULL;
	if (!n) {
		ui_msg(ui, UI_WARN, "No chairs in [general] chairs of the configuration.");
		return;
	}
	s->bf[0] = (struct uif_field){ .label = "Date", .width = 12, .max = 10, .init = "today",
				       .hint = "YYYY-MM-DD, today or tomorrow" };
	s->bf[1] = (struct uif_field){ .label = "Time", .type = UIF_NUMBER, .width = 5, .max = 5,
				       .accept = "0123456789:", .hint = "HH:MM, local time" };
	s->bf[2] = (struct uif_field){ .label = "Chair", .type = UIF_CHOICE, .choices = s->chair,
				       .hint = "Left/Right or Space changes it" };
	s->bf[3] = (struct uif_field){ .label = "Protocol", .type = UIF_CHOICE, .choices = book_protocols,
				       .init = s->c.route == KC_ROUTE_ESKETAMINE ? book_protocols[1] : book_protocols[0],
				       .hint = "Left/Right or Space changes it" };
	s->bdef = (struct uif_def){ .title = "Book a session", .fields = s->bf, .n = 4, .row = 1,
				    .submit = book_submit };
	ui_form_open(ui, &s->bdef, s);
}

/* After a booking was cancelled (ui_booking.h). */
static void course_reload(struct ui *ui, void *priv)
{
	struct kc_err err;

	if (course_load(ui, priv, &err) != KC_OK)
		ui_error(ui, &err);
}

/* ---------- keys and life cycle ---------- */

static void switch_route(struct ui *ui, struct course *s)
{
	int was = s->route;
	struct kc_err err;

	s->route = s->route == KC_ROUTE_ESKETAMINE ? KC_ROUTE_IV : KC_ROUTE_ESKETAMINE;
	s->sel = -1;
	if (course_load(ui, s, &err) != KC_OK) {
		s->route = was;
		ui_error(ui, &err);
	} else if (!s->c.n)
		ui_msg(ui, UI_NORMAL, "No %s session for this patient: r goes back.", kc_route_label(s->c.route));
}

static int course_key(struct ui *ui, void *priv, int act, const struct ui_key *k)
{
	struct course *s = priv;
	struct ui_ref ref = { .patient = s->patient };
	struct ui_list l = { .n = (int)s->c.n, .sel = s->sel, .top = 0 };

	(void)k;
	switch (act) {
	case ACT_UP: case ACT_DOWN: case ACT_PGUP: case ACT_PGDN: case ACT_HOME: case ACT_END:
		ui_list_move(&l, act, 5);
		s->sel = l.sel;
		if (act == ACT_HOME)
			s->top = 0;
		ui_mark(ui, UI_BODY);
		return ACT_NONE;
	case ACT_ENTER:
		if (s->sel < 0 || (size_t)s->sel >= s->c.n) {
			ui_msg(ui, UI_WARN, "No session in this course yet.");
			return ACT_NONE;
		}
		ref.session = s->c.rows[s->sel].session;
		ui_push(ui, &ui_scr_chart, &ref);
		return ACT_NONE;
	case A_ROUTE: switch_route(ui, s); return ACT_NONE;
	case A_PATIENT: ui_push(ui, &ui_scr_patient, &ref); return ACT_NONE;
	case A_BOOK: book_open(ui, s); return ACT_NONE;
	case A_BK_CANCEL: ui_bkcancel_open(ui, &s->bkc, s->bk, s->nbk, 0, 0, course_reload, s); return ACT_NONE;
	default:
		return act;
	}
}

static int course_open(struct ui *ui, void *priv, const void *arg, struct kc_err *err)
{
	struct course *s = priv;
	const struct ui_ref *ref = arg;

	if (!ref || !ref->patient)
		return kc_fail(err, KC_ERR_INVALID, "the course needs a patient");
	s->patient = ref->patient;
	s->route = -1;
	s->sel = -1;
	s->width = 80;
	return course_load(ui, s, err);
}

/* Read again only when the database changed (another clinician's entry, a booking made
 * here), never while hidden: show() reloads when it is on top again (ui_reload.h). Nothing
 * on the page follows the clock. */
static void course_tick(struct ui *ui, void *priv, time_t now)
{
	struct course *s = priv;
	struct kc_err err;

	(void)now;
	if (ui_reload_due(ui->app->store, ui->hidden, &s->fresh) && course_load(ui, s, &err) != KC_OK)
		ui_error(ui, &err);
}

static void course_show(struct ui *ui, void *priv)
{
	struct course *s = priv;
	struct kc_err err;

	if (course_load(ui, s, &err) != KC_OK)
		ui_error(ui, &err);
}

static void course_close(struct ui *ui, void *priv)
{
	struct course *s = priv;

	(void)ui;
	kc_course_free(&s->c);
	free(s->lines);
	free(s->bk);
}

const struct screen_ops ui_scr_course = {
	.name = "course",
	.title = "Course",
	.private_size = sizeof(struct course),
	.actions = course_actions,
	.open = course_open,
	.draw = course_draw,
	.key = course_key,
	.tick = course_tick,
	.show = course_show,
	.close = course_close,
};
