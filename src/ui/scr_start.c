/* scr_start.c — the start screen: sessions in progress (any clinician's) first, so an
 * unfinished one is offered for resume; below, the patients with incremental search;
 * forms for a new patient and for starting a session. */
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_paper.h"
#include "ui_form.h"
#include "ui_reload.h"
#include "ui_screen.h"

#include "kc_entry.h"
#include "kc_schedule.h"
#include "kc_wording.h"
#include "start_today.h"
#include "ui_booking.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#define QUERY_MAX 64

enum { A_NEW = ACT_SCREEN, A_START, A_CHART, A_SEARCH, A_BOARD, A_USERS, A_PATIENT, A_COURSE, A_PAPER,
       A_BK_CANCEL, A_LIST };

/* The lists the cursor moves over: Tab goes to the next one (in the order shown), Up/Down
 * within one; Down off the last session enters the patients, as before today's list was. */
enum { F_SESS = 0, F_PATS = 1, F_TODAY = 2 };

static const struct ui_action start_actions[] = {
	{ ACT_ENTER, '\n', 0, "Enter", "open",
	  "resume the highlighted session; on a patient, open the chart view; on a booking of today's list "
	  "not started, start that patient's session (the booked protocol and chair chosen)" },
	{ A_LIST, '\t', KEY_BTAB, "Tab", "lists",
	  "move the cursor to the next list: sessions in progress, today's bookings, patients (S-Tab back)" },
	{ ACT_DOWN, 'j', 0, "j", NULL, "next row (as Down)" },
	{ ACT_UP, 'k', 0, "k", NULL, "previous row (as Up)" },
	{ A_NEW, 'n', 0, "n", "new patient", "add a patient: chart number, name, date of birth" },
	{ A_START, 's', 0, "s", "start", "start a session for the highlighted patient (protocol, indication)" },
	{ A_CHART, 'c', 0, "c", "chart", "open the chart view of the highlighted patient or session" },
	{ A_PATIENT, 'p', 0, "p", "patient",
	  "the highlighted patient's record: sex, height, allergies, contacts, REMS enrolment (edit, audited)" },
	{ A_COURSE, 'C', 0, "C", "course",
	  "the highlighted patient's treatment course: every session, PHQ-9/GAD-7 plot, response, remission" },
	{ A_BOARD, 'B', 0, "B", "board", "the clinic board: every session in progress, most urgent first" },
	{ A_PAPER, 'W', 0, "W", "paperwork",
	  "the paperwork: wastes waiting for a witness (Enter witnesses from your login), REMS forms not "
	  "submitted (Enter records the submission)" },
	{ A_BK_CANCEL, 'x', 0, "x", NULL,
	  "cancel a booking of today's list (the one under the cursor when Tab put it there): the reason, "
	  "then y; it stays listed as CANCELLED" },
	{ A_USERS, 'U', 0, "U", "staff",
	  "the clinicians: your own telephone and email; an admin adds one, changes a role, disables a login" },
	{ A_SEARCH, '/', 0, "/", "search",
	  "find patients by name, chart number or date of birth as you type (a digit starts it too); "
	  "Enter keeps the filter, Esc clears it" },
	{ ACT_QUIT, 'q', 0, "q", "quit", "leave ketchart; sessions stay open and are offered here next time" },
	{ 0 },
};

/* One session row as shown: recomputed every tick from the loaded state (no database
 * read), repainted only when it differs. */
struct srow {
	struct ui_ref ref;
	char name[KC_NAME_MAX];
	char chart[32];
	char route[16];
	char phase[16];
	char elapsed[16];
	char next[40];
	enum ui_tone tone;
};

struct start {
	struct srow *rows;
	size_t nrows;
	struct kc_patient_line *pats; /* the page read: the list's rows pat_off .. pat_off + npage - 1 */
	size_t npage, pat_off;
	size_t npats;           /* the patients the list holds (the count shown): only a page is read */
	struct ui_list sl, pl;  /* sessions, patients */
	int focus;              /* F_SESS, F_PATS, F_TODAY: the list the cursor is on */
	int sess_h, pat_h;      /* rows visible, from the last draw */
	char query[QUERY_MAX];
	int searching;
	struct kc_chart_state *states; /* as loaded, one per row: the rows are recomputed */
	size_t nstates;                /* from them at every tick, without the database */
	struct ui_fresh fresh;  /* the reload policy (ui_reload.h) */
	int pats_stale;         /* the database changed while a form was open */
	kc_id start_patient;    /* the patient of the session form */
	struct kc_booking start_bk; /* its booking today not started (id 0: none) */
	char form_title[256];
	char start_hm[16];      /* the booking's time, for the messages */
	struct uif_def session_def;
	struct uif_field session_f[4];  /* protocol, indication (a choice), indication other, chair */
	char chair_buf[sizeof ((struct kc_config *)0)->general.chairs];
	const char *chair_ptr[18];       /* CHOOSE, then [general] chairs, NULL-terminated */
	size_t nchairs;                  /* the clinic's chairs; none: no chair field */
	char chair_hint[160];            /* the field's hint, with chair_free */
	char chair_free[120];            /* "free now: Chair 4": said, never chosen for the clinician */
	struct kc_choices ind;           /* the indications offered ([general] indications, other) */
	const char *ind_ptr[KC_CHOICES_MAX + 2]; /* CHOOSE first when nothing is known, NULL-ended */
	const char *proto_ptr[4];        /* the protocols, CHOOSE first when nothing is known */
	char last_other[64];             /* the last session's indication when not a listed one */
	struct kc_patient same; /* the new patient waiting for "Create another?" */
	struct today_list today; /* today's bookings (start_today.c) */
	struct ui_paper paper;   /* REMS forms due, wastes to witness (ui_paper.c) */
	struct ui_bkcancel bkc;  /* the form cancelling one of today's bookings (ui_booking.h) */
};

/* ---------- loading ---------- */

static void next_vitals(const struct kc_config *cfg, const struct kc_chart_state *cs, time_t now, struct srow *r)
{
	char hm[16], d[16];

	r->tone = UI_NORMAL;
	kc_time_local_hm(cs->sched.next_due, hm, sizeof hm);
	switch (cs->sched.state) {
	case KC_DUE_LATER:
		kc_duration(cs->sched.seconds_left, d, sizeof d);
		snprintf(r->next, sizeof r->next, "%s (in %s)", hm, d);
		break;
	case KC_DUE_NOW:
		snprintf(r->next, sizeof r->next, "DUE NOW (%s)", hm);
		r->tone = UI_WARN;
		break;
	case KC_DUE_OVERDUE:
		kc_word_overdue(cs->sched.next_due, now, cfg, r->next, sizeof r->next);
		r->tone = UI_CRIT;
		break;
	default:
		snprintf(r->next, sizeof r->next, "-");
		break;
	}
	if (cs->unacked_critical) {
		snprintf(r->next, sizeof r->next, "CRIT alert to ack");
		r->tone = UI_CRIT;
	}
}

static void fill_row(const struct kc_config *cfg, const struct kc_chart_state *cs, time_t now, struct srow *r)
{
	time_t from = cs->s.dose_start ? cs->s.dose_start : cs->s.created_at;

	memset(r, 0, sizeof *r);
	r->ref.patient = cs->s.patient_id;
	r->ref.session = cs->s.id;
	kc_strlcpy(r->name, cs->p.name, sizeof r->name);
	kc_strlcpy(r->chart, cs->p.chart_no, sizeof r->chart);
	kc_strlcpy(r->route, kc_route_name(cs->s.route), sizeof r->route);
	kc_strlcpy(r->phase, kc_phase_name(cs->s.phase), sizeof r->phase);
	kc_duration((long)(now - from), r->elapsed, sizeof r->elapsed);
	next_vitals(cfg, cs, now, r);
}

static kc_id selected_session(const struct start *s)
{
	return s->sl.sel >= 0 && (size_t)s->sl.sel < s->nrows ? s->rows[s->sl.sel].ref.session : 0;
}

/* Row i of the patient list when its page is read, else NULL. */
static const struct kc_patient_line *pat_at(const struct start *s, int i)
{
	if (i < 0 || (size_t)i < s->pat_off || (size_t)i - s->pat_off >= s->npage)
		return NULL;
	return &s->pats[(size_t)i - s->pat_off];
}

static kc_id selected_patient(const struct start *s)
{
	const struct kc_booking *b = today_selected(&s->today);
	const struct kc_patient_line *p = pat_at(s, s->pl.sel);

	if (s->focus == F_SESS && s->sl.sel >= 0 && (size_t)s->sl.sel < s->nrows)
		return s->rows[s->sl.sel].ref.patient;
	if (s->focus == F_PATS && p)
		return p->id;
	if (s->focus == F_TODAY && b)
		return b->patient_id;
	return 0;
}

/* The rows from the loaded states at ui->now (the countdowns and the elapsed time move;
 * nothing is read); keep the cursor on the same session, repaint only what differs. */
static int build_rows(struct ui *ui, struct start *s, kc_id keep, struct kc_err *err)
{
	struct srow *rows = s->nstates ? calloc(s->nstates, sizeof *rows) : NULL;
	size_t k = s->nstates;
	int changed;

	if (k && !rows)
		return kc_fail(err, KC_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < k; i++) {
		struct kc_chart_state *cs = &s->states[i];

		kc_schedule_next(&cs->sched_in, ui->app->cfg, ui->now, &cs->sched);
		fill_row(ui->app->cfg, cs, ui->now, &rows[i]);
	}
	changed = k != s->nrows || (k && memcmp(rows, s->rows, k * sizeof *rows) != 0);
	free(s->rows);
	s->rows = rows;
	s->nrows = k;
	for (size_t i = 0; keep && i < k; i++)
		if (s->rows[i].ref.session == keep)
			s->sl.sel = (int)i;
	ui_list_set(&s->sl, (int)k);
	if (changed)
		ui_mark(ui, UI_BODY);
	return KC_OK;
}

/* Each session in progress and its state, into a new array. */
static int load_sessions(struct ui *ui, struct start *s, struct kc_err *err)
{
	struct kc_session *open = NULL;
	struct kc_chart_state *cs = NULL;
	size_t n = 0, k = 0;
	kc_id keep = selected_session(s);
	int rc = kc_session_list_open(ui->app->store, &open, &n, err);

	if (rc == KC_OK && n && !(cs = calloc(n, sizeof *cs)))
		rc = kc_fail(err, KC_ERR_NOMEM, "out of memory");
	for (size_t i = 0; rc == KC_OK && i < n; i++)
		if ((rc = kc_chart_state_load(ui->app->store, ui->app->cfg, open[i].id, ui->now, &cs[k], err)) == KC_OK)
			k++;
	if (rc == KC_OK) {
		int today = today_load(ui, &s->today, err);

		if (today < 0)
			rc = err->status;
		else if (today > 0)
			ui_mark(ui, UI_BODY);
	}
	free(open);
	if (rc != KC_OK) {
		free(cs);
		return rc;
	}
	free(s->states);
	s->states = cs;
	s->nstates = k;
	return build_rows(ui, s, keep, err);
}

static int same_patients(const struct kc_patient_line *a, const struct kc_patient_line *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].id != b[i].id || strcmp(a[i].name, b[i].name) || strcmp(a[i].chart_no, b[i].chart_no) ||
		    strcmp(a[i].dob, b[i].dob))
			return 0;
	return 1;
}

/* The rows of a page: the body's height, more than the list ever shows (the lists above
 * take some of it), so a page read before the first draw holds the rows it shows, and the
 * cursor moves some rows before the next is read. */
static int page_rows(const struct ui *ui)
{
	int h = ui->body ? getmaxy(ui->body) : 0;

	return h > 0 ? h : 1;
}

/* Read the page of the list from offset; mark the body when what it shows changed. */
static int read_page(struct ui *ui, struct start *s, size_t offset, struct kc_err *err)
{
	struct kc_patient_line *rows = NULL;
	size_t n = 0;
	int rc = kc_patient_page(ui->app->store, s->query, offset, (size_t)page_rows(ui), &rows, &n, err);

	if (rc != KC_OK)
		return rc;
	if (offset != s->pat_off || n != s->npage || !same_patients(rows, s->pats, n))
		ui_mark(ui, UI_BODY);
	free(s->pats);
	s->pats = rows;
	s->npage = n;
	s->pat_off = offset;
	return KC_OK;
}

/* Scroll the list to its cursor: 1 when the rows then in view are not all read, *offset
 * the first of them. */
static int view_unread(const struct ui *ui, struct start *s, size_t *offset)
{
	int h = s->pat_h > 0 ? s->pat_h : page_rows(ui);
	size_t top, end;

	ui_list_scroll(&s->pl, h);
	top = s->pl.top > 0 ? (size_t)s->pl.top : 0;
	end = top + (size_t)h < s->npats ? top + (size_t)h : s->npats;
	*offset = top;
	return top < s->pat_off || end > s->pat_off + s->npage;
}

/* The rows in view read when they are not (issue 10: the screen reads only what it shows;
 * Up, Down, PgDn, End read the page they bring into view). */
static int pats_in_view(struct ui *ui, struct start *s, struct kc_err *err)
{
	size_t offset;

	return view_unread(ui, s, &offset) ? read_page(ui, s, offset, err) : KC_OK;
}

/* pats_in_view after the cursor moved, a failed read said on the status line. */
static void pats_shown(struct ui *ui, struct start *s)
{
	struct kc_err err;

	kc_err_clear(&err);
	if (pats_in_view(ui, s, &err) != KC_OK)
		ui_error(ui, &err);
}

/* The count, the cursor on keep (else on the patient it was on, else the row it was on),
 * and the page in view read anew: the database changed, or the search. */
static int load_patients(struct ui *ui, struct start *s, kc_id keep, struct kc_err *err)
{
	const struct kc_patient_line *was = pat_at(s, s->pl.sel);
	size_t n = 0, at = 0;
	int rc = kc_patient_count(ui->app->store, s->query, &n, err);

	if (rc != KC_OK)
		return rc;
	if (n != s->npats)
		ui_mark(ui, UI_BODY);
	if (!keep && was)
		keep = was->id;
	s->npats = n;
	if (keep && (rc = kc_patient_rank(ui->app->store, s->query, keep, &at, err)) == KC_OK)
		s->pl.sel = (int)at;
	else if (rc != KC_ERR_NOTFOUND && rc != KC_OK)
		return rc;
	ui_list_set(&s->pl, (int)n);
	if ((s->focus == F_SESS && s->nrows == 0) || (s->focus == F_TODAY && s->today.n == 0))
		s->focus = F_PATS;
	/* what is in view is read anew even when it was read: the database changed */
	if (!view_unread(ui, s, &at))
		at = s->pat_off;
	return read_page(ui, s, at, err);
}

static void reload(struct ui *ui, struct start *s)
{
	struct kc_err err;

	kc_err_clear(&err);
	ui_reload_mark(ui->app->store, &s->fresh);
	s->pats_stale = 0;
	if (load_sessions(ui, s, &err) != KC_OK || load_patients(ui, s, 0, &err) != KC_OK)
		ui_error(ui, &err);
	ui_paper_load(ui, &s->paper);
}

/* After a booking was cancelled (ui_booking.h). */
static void start_reload(struct ui *ui, void *priv)
{
	reload(ui, priv);
}

/* ---------- forms ---------- */

static const struct uif_field patient_fields[] = {
	{ .label = "Chart number", .width = 16, .max = 31, .hint = "the clinic's own patient id" },
	{ .label = "Name", .width = 30, .max = KC_NAME_MAX - 1, .hint = "as on the chart, e.g. Doe, Jane" },
	{ .label = "Date of birth", .type = UIF_NUMBER, .width = 10, .max = 10,
	  .accept = "0123456789-", .hint = "YYYY-MM-DD" },
};

static void patient_added(struct ui *ui, struct start *s, const struct kc_patient *p, kc_id id,
			  struct kc_err *err)
{
	ui_msg(ui, UI_OK, "Added %s (chart %s). s starts a session, p records sex, height, allergies, contacts.",
	       p->name, p->chart_no);
	s->query[0] = '\0';
	s->searching = 0;
	s->focus = 1;
	if (load_patients(ui, s, id, err) != KC_OK)
		ui_error(ui, err);
	ui_list_scroll(&s->pl, s->pat_h);
	ui_mark(ui, UI_BODY);
}

/* 'y' to "A patient with this name and date of birth exists (...). Create another?": the
 * form's patient is added all the same, and the form closes. */
static void patient_same_yes(struct ui *ui, void *priv)
{
	struct start *s = priv;
	struct kc_err err;
	kc_id id = 0;

	kc_err_clear(&err);
	if (kc_chart_patient_add(ui->app->store, &s->same, 1, ui->now, &id, &err) != KC_OK) {
		ui_error(ui, &err);
		return;
	}
	ui_form_close(ui);
	patient_added(ui, s, &s->same, id, &err);
}

static int patient_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct start *s = priv;
	struct kc_patient p;
	kc_id id = 0;
	int rc;

	memset(&p, 0, sizeof p);
	kc_strlcpy(p.chart_no, ui_form_text(f, 0), sizeof p.chart_no);
	kc_strlcpy(p.name, ui_form_text(f, 1), sizeof p.name);
	kc_strlcpy(p.dob, ui_form_text(f, 2), sizeof p.dob);
	rc = kc_chart_patient_add(ui->app->store, &p, 0, ui->now, &id, err);
	if (rc == KC_ERR_EXISTS) {
		/* the form stays open with what was typed; n leaves it there */
		char q[KC_MSG_MAX + 32];

		s->same = p;
		snprintf(q, sizeof q, "%s. Create another?", err->msg);
		ui_confirm(ui, q, patient_same_yes, s);
		return rc;
	}
	if (rc != KC_OK)
		return rc;
	patient_added(ui, s, &p, id, err);
	return KC_OK;
}

static const struct uif_def patient_def = {
	.title = "New patient",
	.fields = patient_fields,
	.n = sizeof patient_fields / sizeof patient_fields[0],
	.row = 1,
	.submit = patient_submit,
};

/* Index i of the choices is routes[i]. */
static const char *const protocol_choices[] = { "IV ketamine infusion", "Intranasal esketamine", NULL };
static const enum kc_route protocol_routes[] = { KC_ROUTE_IV, KC_ROUTE_ESKETAMINE };

/* The first choice of a field the form knows nothing to start on, refused on save: the
 * clinician says it (a guess saved by a quick Enter would be a fact nobody gave). */
static const char CHOOSE[] = "- choose";

/* The protocol choice of a route: IV unless the route is esketamine. */
static const char *protocol_of(enum kc_route r)
{
	return protocol_choices[r == KC_ROUTE_ESKETAMINE ? 1 : 0];
}

/* The protocol chosen on the form: its index in protocol_choices, -1 for CHOOSE. */
static int protocol_chosen(const struct start *s, const struct ui_form *f)
{
	const char *label = s->proto_ptr[ui_form_choice(f, 0)];

	for (int i = 0; protocol_choices[i]; i++)
		if (label == protocol_choices[i])
			return i;
	return -1;
}

static int session_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct start *s = priv;
	struct ui_ref ref = { .patient = s->start_patient };
	int c = protocol_chosen(s, f);
	char ind[64];

	/* Each refusal puts the cursor on its field, where a letter (a digit) picks. */
	if (c < 0) {
		ui_form_focus(ui, f, 0);
		return kc_fail(err, KC_ERR_INVALID, "Protocol: choose the treatment of this session (%s or %s)",
			       protocol_choices[0], protocol_choices[1]);
	}
	if (s->ind_ptr[ui_form_choice(f, 1)] == CHOOSE) {
		ui_form_focus(ui, f, 1);
		return kc_fail(err, KC_ERR_INVALID, "Indication: choose what the treatment is for");
	}
	/* text under Indication other, even the last session's, only with "other": the form
	 * stores what it shows, so the clinician clears it (C-u) when choosing another */
	if (kc_indication_pick(s->ind_ptr[ui_form_choice(f, 1)], ui_form_text(f, 2), ind, sizeof ind, err) != KC_OK)
		return err->status;
	if (s->nchairs && ui_form_choice(f, 3) == 0) {
		ui_form_focus(ui, f, 3); /* a digit there picks the chair: the refusal names the free ones */
		return kc_fail(err, KC_ERR_INVALID, "Chair: choose the chair the patient is in (%s)",
			       s->chair_free[0] ? s->chair_free : "none is free of sessions and bookings");
	}
	if (kc_chart_session_start(ui->app->store, ui->app->cfg, ref.patient, protocol_routes[c], ind,
				   s->nchairs ? s->chair_ptr[ui_form_choice(f, 3)] : "", ui->now, &ref.session,
				   err) != KC_OK)
		return err->status;
	if (s->start_bk.id && protocol_routes[c] != s->start_bk.route)
		ui_msg(ui, UI_WARN, "Session started as %s; the %s booking (%s) stays not started.",
		       protocol_choices[c], s->start_hm, protocol_of(s->start_bk.route));
	else
		ui_msg(ui, UI_OK, "Session started.");
	s->focus = 0;
	s->sl.sel = -1;
	if (load_sessions(ui, s, err) == KC_OK)
		for (size_t i = 0; i < s->nrows; i++)
			if (s->rows[i].ref.session == ref.session)
				s->sl.sel = (int)i;
	ui_open_session(ui, &ref);
	return KC_OK;
}

static const struct kc_patient_line *patient_by_id(const struct start *s, kc_id id)
{
	for (size_t i = 0; i < s->npage; i++)
		if (s->pats[i].id == id)
			return &s->pats[i];
	return NULL;
}

/* The patient's booking of today not started: the one under the cursor on today's list,
 * else the first of theirs; 0 in out->id when there is none. */
static void booking_for(const struct start *s, kc_id patient, struct kc_booking *out)
{
	const struct kc_booking *b = s->focus == F_TODAY ? today_selected(&s->today) : NULL;

	memset(out, 0, sizeof *out);
	for (size_t i = 0; (!b || b->patient_id != patient || !today_startable(b)) && i < s->today.n; i++)
		b = &s->today.rows[i];
	if (b && b->patient_id == patient && today_startable(b))
		*out = *b;
}

/* CHOOSE, then the clinic's chairs ([general] chairs, ", " between). */
static void chair_choices(struct ui *ui, struct start *s)
{
	s->chair_ptr[0] = CHOOSE;
	s->nchairs = kc_chairs_split(ui->app->cfg->general.chairs, s->chair_buf, sizeof s->chair_buf, s->chair_ptr + 1,
				     16);
	s->chair_ptr[s->nchairs + 1] = NULL;
}

/* Whether chair is given to a session in progress: its own chair row, or its booking today. */
static int chair_busy(struct ui *ui, const struct start *s, const char *chair)
{
	struct kc_err err;
	char who[KC_NAME_MAX + 40];
	kc_id other = 0;

	for (size_t i = 0; i < s->today.n; i++)
		if (s->today.rows[i].day_session == 1 && strcmp(s->today.rows[i].chair, chair) == 0)
			return 1;
	return kc_session_chair_taken(ui->app->store, chair, 0, &other, who, sizeof who, &err) != KC_OK || other;
}

/* Whether a booking of today not started yet is for chair. */
static int chair_awaited(const struct start *s, const char *chair)
{
	for (size_t i = 0; i < s->today.n; i++)
		if (today_startable(&s->today.rows[i]) && strcmp(s->today.rows[i].chair, chair) == 0)
			return 1;
	return 0;
}

/* The chair field starts on the booked chair ("as booked"), else on CHOOSE, which is
 * refused: the form never picks a chair for a walk-in. Its hint and the refusal name the
 * chairs no session is in and no booking of today still waits for; a digit picks one. */
static void chair_field(struct ui *ui, struct start *s)
{
	const char *init = CHOOSE, *mark = NULL;
	size_t len = 0;

	chair_choices(ui, s);
	for (size_t i = 1; s->start_bk.id && i <= s->nchairs; i++)
		if (strcmp(s->chair_ptr[i], s->start_bk.chair) == 0)
			init = s->chair_ptr[i], mark = "as booked";
	s->chair_free[0] = '\0';
	for (size_t i = 1; i <= s->nchairs && len < sizeof s->chair_free; i++)
		if (!chair_busy(ui, s, s->chair_ptr[i]) && !chair_awaited(s, s->chair_ptr[i]))
			len += (size_t)snprintf(s->chair_free + len, sizeof s->chair_free - len, "%s%s",
						len ? ", " : "free now: ", s->chair_ptr[i]);
	snprintf(s->chair_hint, sizeof s->chair_hint, "Left/Right, Space or its number; %s",
		 s->chair_free[0] ? s->chair_free : "no chair is free of sessions and bookings");
	s->session_f[3] = (struct uif_field){ .label = "Chair", .type = UIF_CHOICE, .choices = s->chair_ptr,
					      .init = init, .mark = mark, .hint = s->chair_hint };
}

/* The patient's latest session in which treatment was given (a dose started), 0 when none:
 * what the form may start on, marked "as last session". One a clinician began and ended
 * before any dose (begun in error, say) is passed over. */
static int last_treated(struct ui *ui, kc_id patient, struct kc_session *out)
{
	struct kc_session *rows = NULL;
	struct kc_err err;
	size_t n = 0;
	int found = 0;

	if (kc_session_list(ui->app->store, patient, &rows, &n, &err) != KC_OK)
		return 0; /* the fields then start on CHOOSE: nothing is assumed */
	for (size_t i = 0; i < n && !found; i++)
		if (rows[i].dose_start) {
			*out = rows[i];
			found = 1;
		}
	free(rows);
	return found;
}

/* Protocol and indication. A booked patient's protocol is the booked one ("as booked");
 * else the form starts on the patient's last treated session ("as last session"), and on
 * CHOOSE, refused on save, for a patient never treated: the form never picks a treatment
 * or what it is for. Indication is a choice from the clinic's list; text only under
 * "other", so a key pressed by mistake picks a choice or is refused, never stored. */
static void protocol_field(struct ui *ui, struct start *s, kc_id patient)
{
	struct kc_session last;
	int has_last = last_treated(ui, patient, &last), k = 0, j = 0;
	const char *proto = NULL, *pmark = NULL, *ind = CHOOSE, *other = NULL;

	if (s->start_bk.id)
		proto = protocol_of(s->start_bk.route), pmark = "as booked";
	else if (has_last && (last.route == KC_ROUTE_IV || last.route == KC_ROUTE_ESKETAMINE))
		proto = protocol_of(last.route), pmark = "as last session";
	if (!proto)
		s->proto_ptr[k++] = CHOOSE;
	for (int i = 0; protocol_choices[i]; i++)
		s->proto_ptr[k++] = protocol_choices[i];
	s->proto_ptr[k] = NULL;

	kc_indication_choices(ui->app->cfg, &s->ind);
	if (has_last && last.indication[0]) {
		ind = s->ind.item[s->ind.n - 1]; /* "other", with the text, unless it is listed */
		kc_strlcpy(s->last_other, last.indication, sizeof s->last_other);
		other = s->last_other;
		for (int i = 0; i + 1 < s->ind.n; i++)
			if (strcasecmp(s->ind.item[i], last.indication) == 0)
				ind = s->ind.item[i], other = NULL;
	}
	if (ind == CHOOSE)
		s->ind_ptr[j++] = CHOOSE;
	for (int i = 0; i < s->ind.n; i++)
		s->ind_ptr[j++] = s->ind.item[i];
	s->ind_ptr[j] = NULL;

	s->session_f[0] = (struct uif_field){ .label = "Protocol", .type = UIF_CHOICE, .choices = s->proto_ptr,
					      .init = proto ? proto : CHOOSE, .mark = pmark,
					      .hint = "Left/Right, Space or a letter changes it; Enter starts" };
	s->session_f[1] = (struct uif_field){ .label = "Indication", .type = UIF_CHOICE, .choices = s->ind_ptr,
					      .init = ind, .mark = ind != CHOOSE ? "as last session" : NULL,
					      .hint = "Left/Right, Space or a letter; other: type it below" };
	s->session_f[2] = (struct uif_field){ .label = "Indication other", .width = 30, .max = 63, .init = other,
					      .mark = other ? "as last session" : NULL,
					      .hint = "only with other chosen: what the treatment is for" };
}

static void start_session(struct ui *ui, struct start *s)
{
	kc_id id = selected_patient(s);
	const struct kc_patient_line *p = patient_by_id(s, id);
	struct kc_patient one;
	struct kc_err err;

	if (!id) {
		ui_msg(ui, UI_WARN, "Choose a patient first (/ searches, n adds one).");
		return;
	}
	for (size_t i = 0; i < s->nrows; i++)
		if (s->rows[i].ref.patient == id) {
			ui_msg(ui, UI_WARN, "%s already has a session in progress: Enter resumes it.",
			       s->rows[i].name);
			return;
		}
	if (!p && kc_patient_get(ui->app->store, id, &one, &err) != KC_OK) {
		ui_error(ui, &err);
		return;
	}
	s->start_patient = id;
	booking_for(s, id, &s->start_bk);
	kc_time_local_hm(s->start_bk.at, s->start_hm, sizeof s->start_hm);
	if (s->start_bk.id)
		snprintf(s->form_title, sizeof s->form_title, "Start a session: %s (%s) - booked %s, %s",
			 p ? p->name : one.name, p ? p->chart_no : one.chart_no, s->start_hm, s->start_bk.chair);
	else
		snprintf(s->form_title, sizeof s->form_title, "Start a session: %s (%s)", p ? p->name : one.name,
			 p ? p->chart_no : one.chart_no);
	protocol_field(ui, s, id);
	chair_field(ui, s);
	s->session_def = (struct uif_def){
		.title = s->form_title,
		.fields = s->session_f,
		.n = s->nchairs ? 4 : 3,
		.row = 1,
		.enter_saves = 1,
		.submit = session_submit,
	};
	ui_form_open(ui, &s->session_def, s);
}

/* ---------- search ---------- */

static void search_changed(struct ui *ui, struct start *s)
{
	struct kc_err err;

	s->pl.sel = 0;
	s->pl.top = 0;
	if (load_patients(ui, s, 0, &err) != KC_OK)
		ui_error(ui, &err);
	s->focus = s->npats || !s->nrows ? 1 : 0;
	ui_mark(ui, UI_BODY);
}

static void query_add(struct start *s, int ch)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	size_t len = strlen(s->query), k;

	memset(&st, 0, sizeof st);
	k = wcrtomb(mb, (wchar_t)ch, &st);
	if (k == (size_t)-1 || len + k >= sizeof s->query)
		return;
	memcpy(s->query + len, mb, k);
	s->query[len + k] = '\0';
}

static void query_del(struct start *s)
{
	size_t len = strlen(s->query);

	/* Drop the last character with its UTF-8 continuation bytes. */
	while (len > 0 && ((unsigned char)s->query[len - 1] & 0xc0) == 0x80)
		len--;
	if (len > 0)
		len--;
	s->query[len] = '\0';
}

/* While searching every printable key is text; Enter keeps the filter, Esc clears it. */
static int search_key(struct ui *ui, struct start *s, int act, const struct ui_key *k)
{
	if (ui_key_printable(k)) {
		query_add(s, k->ch);
	} else if (k->fn && k->ch == KEY_BACKSPACE) {
		query_del(s);
	} else if (!k->fn && k->ch == '\n') {
		s->searching = 0;
		ui_mark(ui, UI_BODY | UI_BAR);
		return ACT_NONE;
	} else if (!k->fn && k->ch == UI_ESC) {
		s->searching = 0;
		s->query[0] = '\0';
	} else {
		return act == ACT_UP || act == ACT_DOWN || act == ACT_PGUP || act == ACT_PGDN ? act : ACT_NONE;
	}
	search_changed(ui, s);
	ui_mark(ui, UI_BAR);
	return ACT_NONE;
}

/* ---------- keys ---------- */

/* One cursor over the lists: Down off the last session enters the patients; today's list
 * is reached with Tab, and Up/Down stay in it. */
static void cursor_move(struct ui *ui, struct start *s, int act)
{
	if (s->focus == F_TODAY) {
		ui_list_move(&s->today.l, act, s->today.rows_h);
		ui_mark(ui, UI_BODY);
		return;
	}
	if (s->focus == 0 && act == ACT_DOWN && s->sl.sel == s->sl.n - 1 && s->npats) {
		s->focus = 1;
		s->pl.sel = 0;
	} else if (s->focus == 1 && act == ACT_UP && s->pl.sel <= 0 && s->nrows) {
		s->focus = 0;
		s->sl.sel = s->sl.n - 1;
	} else if (s->focus == 0) {
		ui_list_move(&s->sl, act, s->sess_h);
	} else {
		ui_list_move(&s->pl, act, s->pat_h);
	}
	ui_list_scroll(&s->sl, s->sess_h);
	pats_shown(ui, s);
	ui_mark(ui, UI_BODY);
}

/* Tab: the next list that has rows, in the order shown (S-Tab: the one before). */
static void next_list(struct ui *ui, struct start *s, int back)
{
	static const int order[] = { F_SESS, F_TODAY, F_PATS };
	size_t has[3] = { s->nrows, s->today.n, s->npats }, at = 0;

	for (size_t i = 0; i < 3; i++)
		if (order[i] == s->focus)
			at = i;
	for (int k = 1; k <= 3; k++) {
		size_t i = (at + (size_t)(back ? 3 - k : k)) % 3;

		if (has[i]) {
			s->focus = order[i];
			break;
		}
	}
	if (s->focus == F_SESS && s->sl.sel < 0)
		s->sl.sel = 0;
	if (s->focus == F_PATS && s->pl.sel < 0)
		s->pl.sel = 0;
	pats_shown(ui, s);
	if (s->focus == F_TODAY && s->today.l.sel < 0)
		s->today.l.sel = 0;
	if (s->focus == F_TODAY && !s->today.n)
		ui_msg(ui, UI_NORMAL, "Nothing booked today: b on a patient's course books.");
	ui_mark(ui, UI_BODY | UI_BAR);
}

/* Enter on a booking of today's list: start its session when it is not started, resume the
 * session in progress, show the chart of one finished; a cancelled one stays as it is. */
static void open_booking(struct ui *ui, struct start *s)
{
	const struct kc_booking *b = today_selected(&s->today);
	struct ui_ref ref;

	if (!b)
		return;
	ref = (struct ui_ref){ .patient = b->patient_id, .session = b->session };
	if (b->cancelled_at)
		ui_msg(ui, UI_WARN, "%s's booking is cancelled (%s): b on the course books again.", b->name,
		       b->cancel_reason);
	else if (today_startable(b))
		start_session(ui, s);
	else if (b->day_session == 1)
		ui_open_session(ui, &ref);
	else
		ui_push(ui, &ui_scr_chart, &ref);
}

/* x: the cancel form; on today's list it opens on the booking under the cursor. */
static void cancel_booking(struct ui *ui, struct start *s)
{
	const struct kc_booking *b = s->focus == F_TODAY ? today_selected(&s->today) : NULL;
	char st[48];

	if (b && !today_startable(b)) {
		kc_bk_state_text(b, ui->app->cfg->course.late_after_min, st, sizeof st);
		ui_msg(ui, UI_WARN, "%s's booking is %s: only one not started is cancelled.", b->name, st);
		return;
	}
	ui_bkcancel_open(ui, &s->bkc, s->today.rows, s->today.n, 1, b ? b->id : 0, start_reload, s);
}

static void open_selected(struct ui *ui, struct start *s, int chart)
{
	struct ui_ref ref = { .patient = selected_patient(s) };

	if (s->focus == F_TODAY && !chart) {
		open_booking(ui, s);
		return;
	}
	if (s->focus == 0 && s->sl.sel >= 0 && (size_t)s->sl.sel < s->nrows)
		ref = s->rows[s->sl.sel].ref;
	if (!ref.patient) {
		ui_msg(ui, UI_WARN, "Nothing highlighted: n adds a patient, / searches.");
		return;
	}
	if (ref.session && !chart)
		ui_open_session(ui, &ref);
	else
		ui_push(ui, &ui_scr_chart, &ref);
}

static void open_patient(struct ui *ui, struct start *s, const struct screen_ops *screen)
{
	struct ui_ref ref = { .patient = selected_patient(s) };

	if (!ref.patient)
		ui_msg(ui, UI_WARN, "Choose a patient first (/ searches, n adds one).");
	else if (!screen)
		ui_msg(ui, UI_WARN, "That screen is not there yet.");
	else
		ui_push(ui, screen, &ref);
}

static int start_key(struct ui *ui, void *priv, int act, const struct ui_key *k)
{
	struct start *s = priv;

	if (s->searching)
		act = search_key(ui, s, act, k);
	else if (!k->fn && k->ch >= '0' && k->ch <= '9') {
		s->searching = 1;
		return search_key(ui, s, act, k);
	}
	switch (act) {
	case ACT_UP: case ACT_DOWN: case ACT_PGUP: case ACT_PGDN: case ACT_HOME: case ACT_END:
		cursor_move(ui, s, act);
		return ACT_NONE;
	case ACT_ENTER: open_selected(ui, s, 0); return ACT_NONE;
	case A_CHART: open_selected(ui, s, 1); return ACT_NONE;
	case A_BOARD: ui_push(ui, &ui_scr_board, NULL); return ACT_NONE;
	case A_PATIENT: open_patient(ui, s, &ui_scr_patient); return ACT_NONE;
	case A_COURSE: open_patient(ui, s, &ui_scr_course); return ACT_NONE;
	case A_USERS: ui_push(ui, &ui_scr_users, NULL); return ACT_NONE;
	case A_PAPER: ui_push(ui, &ui_scr_paper, NULL); return ACT_NONE;
	case A_BK_CANCEL: cancel_booking(ui, s); return ACT_NONE;
	case A_LIST: next_list(ui, s, k->fn && k->ch == KEY_BTAB); return ACT_NONE;
	case A_NEW: ui_form_open(ui, &patient_def, s); return ACT_NONE;
	case A_START: start_session(ui, s); return ACT_NONE;
	case A_SEARCH:
		s->searching = 1;
		ui_mark(ui, UI_BODY | UI_BAR);
		return ACT_NONE;
	case ACT_BACK:
		if (s->query[0]) {
			s->query[0] = '\0';
			search_changed(ui, s);
		}
		return ACT_NONE;
	default:
		return act;
	}
}

/* ---------- drawing ---------- */

/* The columns of the sessions table, sized from the widest value and the window: the name
 * and the route give way (with the ellipsis), never the chart number, phase or times. */
enum { SC_NAME, SC_CHART, SC_ROUTE, SC_PHASE, SC_ELAPSED, SC_NEXT, SC_COUNT };

static int session_cols(const struct ui *ui, const struct start *s, int width, struct uil_col *c)
{
	static const struct uil_col proto[SC_COUNT] = {
		{ "Patient", 0, 8, 0 }, { "Chart", 0, 0, 0 }, { "Route", 0, 5, 0 },
		{ "Phase", 0, 0, 0 }, { "Elapsed", 0, 0, 0 }, { "Next vitals", 0, 0, 0 },
	};
	int gap;

	memcpy(c, proto, sizeof proto);
	for (size_t i = 0; i < s->nrows; i++) {
		const struct srow *r = &s->rows[i];

		uil_col_measure(&c[SC_NAME], r->name, ui->utf8);
		uil_col_measure(&c[SC_CHART], r->chart, ui->utf8);
		uil_col_measure(&c[SC_ROUTE], r->route, ui->utf8);
		uil_col_measure(&c[SC_PHASE], r->phase, ui->utf8);
		uil_col_measure(&c[SC_ELAPSED], r->elapsed, ui->utf8);
		uil_col_measure(&c[SC_NEXT], r->next, ui->utf8);
	}
	uil_cols_size(c, SC_COUNT, width, ui->utf8, &gap);
	return gap;
}

static void draw_session(struct ui *ui, struct start *s, WINDOW *w, int y, size_t i, const struct uil_col *c,
			 int gap)
{
	const struct srow *r = &s->rows[i];
	int sel = s->focus == 0 && s->sl.sel == (int)i;
	attr_t a = sel ? A_REVERSE : A_NORMAL;
	const char *cells[SC_COUNT] = { r->name, r->chart, r->route, r->phase, r->elapsed, r->next };
	attr_t extra[SC_COUNT] = { [SC_NEXT] = ui_tone(ui, r->tone) };

	ui_put(ui, w, y, 0, 2, a, sel ? ui->g.sel : "");
	ui_put_row(ui, w, y, 2, a, c, SC_COUNT, gap, cells, extra);
}

static int draw_sessions(struct ui *ui, struct start *s, WINDOW *w, int y)
{
	static const char *const heads[SC_COUNT] = { "Patient", "Chart", "Route", "Phase", "Elapsed", "Next vitals" };
	struct uil_col c[SC_COUNT];
	int gap = session_cols(ui, s, getmaxx(w) - 2, c);

	ui_rule(ui, w, y++, "Sessions in progress");
	if (!s->nrows) {
		ui_put(ui, w, y++, 2, getmaxx(w) - 2, A_NORMAL, "No session in progress.");
		return y;
	}
	ui_put_row(ui, w, y++, 2, A_BOLD, c, SC_COUNT, gap, heads, NULL);
	ui_list_scroll(&s->sl, s->sess_h);
	for (int i = 0; i < s->sess_h && s->sl.top + i < (int)s->nrows; i++)
		draw_session(ui, s, w, y + i, (size_t)(s->sl.top + i), c, gap);
	return y + s->sess_h;
}

static int has_open_session(const struct start *s, kc_id patient)
{
	for (size_t i = 0; i < s->nrows; i++)
		if (s->rows[i].ref.patient == patient)
			return 1;
	return 0;
}

/* The patients table: the name gives way (with the ellipsis), never the chart number. */
enum { PC_NAME, PC_CHART, PC_BORN, PC_OPEN, PC_COUNT };

/* Sized from the rows in view: the rows not read are not measured. */
static int patient_cols(const struct ui *ui, const struct start *s, int width, struct uil_col *c)
{
	static const struct uil_col proto[PC_COUNT] = {
		{ "Name", 0, 8, 0 }, { "Chart", 0, 0, 0 }, { "Born", 0, 0, 0 }, { "", 0, 0, 0 },
	};
	int gap;

	memcpy(c, proto, sizeof proto);
	for (int i = s->pl.top; i < s->pl.top + s->pat_h; i++) {
		const struct kc_patient_line *p = pat_at(s, i);

		if (!p)
			continue;
		uil_col_measure(&c[PC_NAME], p->name, ui->utf8);
		uil_col_measure(&c[PC_CHART], p->chart_no, ui->utf8);
		uil_col_measure(&c[PC_BORN], p->dob, ui->utf8);
		if (has_open_session(s, p->id))
			uil_col_measure(&c[PC_OPEN], "in session", ui->utf8);
	}
	/* the name takes the room the others leave, up to its widest */
	uil_cols_size(c, PC_COUNT, width, ui->utf8, &gap);
	return gap;
}

static void draw_patient(struct ui *ui, struct start *s, WINDOW *w, int y, int i, const struct uil_col *c,
			 int gap)
{
	const struct kc_patient_line *p = pat_at(s, i);
	int sel = s->focus == 1 && s->pl.sel == i;
	attr_t a = sel ? A_REVERSE : A_NORMAL;
	const char *cells[PC_COUNT];

	if (!p) /* its page could not be read (said on the status line) */
		return;
	cells[PC_NAME] = p->name;
	cells[PC_CHART] = p->chart_no;
	cells[PC_BORN] = p->dob;
	cells[PC_OPEN] = has_open_session(s, p->id) ? "in session" : "";
	ui_put(ui, w, y, 0, 2, a, sel ? ui->g.sel : "");
	ui_put_row(ui, w, y, 2, a, c, PC_COUNT, gap, cells, NULL);
}

static void draw_patients(struct ui *ui, struct start *s, WINDOW *w, int y)
{
	static const char *const heads[PC_COUNT] = { "Name", "Chart", "Born", "" };
	char title[QUERY_MAX + 48];
	struct uil_col c[PC_COUNT];
	int gap;

	/* the rows in view (below the title and the heads or the search line), read if they are not */
	s->pat_h = getmaxy(w) - y - 2;
	pats_shown(ui, s);
	gap = patient_cols(ui, s, getmaxx(w) - 2, c);
	if (s->query[0] || s->searching)
		snprintf(title, sizeof title, "Patients matching \"%s\" (%zu)", s->query, s->npats);
	else
		snprintf(title, sizeof title, "Patients (%zu)", s->npats);
	ui_rule(ui, w, y++, title);
	if (s->searching)
		ui_putf(ui, w, y++, 2, getmaxx(w) - 2, ui_tone(ui, UI_KEY),
			"Search: %s_   (Enter keeps it, Esc clears)", s->query);
	else
		ui_put_row(ui, w, y++, 2, A_BOLD, c, PC_COUNT, gap, heads, NULL);
	if (!s->npats)
		ui_put(ui, w, y, 2, getmaxx(w) - 2, A_NORMAL,
		       s->query[0] ? "No patient matches." : "No patients yet: n adds one.");
	for (int i = 0; i < s->pat_h && s->pl.top + i < (int)s->npats; i++)
		draw_patient(ui, s, w, y + i, s->pl.top + i, c, gap);
}

static void start_draw(struct ui *ui, void *priv, WINDOW *w)
{
	struct start *s = priv;
	int h = getmaxy(w), max_sess = (h - 6) / 3;

	int today_h = (int)s->today.n + 1 < max_sess ? (int)s->today.n + 1 : max_sess;

	/* The sessions get up to a third of the body, today's list up to as much; the patients the rest. */
	s->sess_h = (int)s->nrows < max_sess ? (int)s->nrows : max_sess;
	werase(w);
	draw_patients(ui, s, w, today_draw(ui, &s->today, w, ui_paper_draw(ui, &s->paper, w,
								       draw_sessions(ui, s, w, 0) + 1), today_h,
					   s->focus == F_TODAY) + 1);
}

/* ---------- life cycle ---------- */

static int start_open(struct ui *ui, void *priv, const void *arg, struct kc_err *err)
{
	struct start *s = priv;

	(void)arg;
	(void)err;
	s->sl.sel = s->pl.sel = s->today.l.sel = -1;
	reload(ui, s);
	s->focus = s->nrows ? 0 : 1;
	if (s->nrows)
		ui_msg(ui, UI_NORMAL, "%zu session%s in progress: Enter resumes the highlighted one.",
		       s->nrows, s->nrows == 1 ? "" : "s");
	return KC_OK;
}

/* The database is read only when it changed (ui_reload.h), never while hidden; the rows'
 * countdowns move at every tick from what was loaded. The patient list waits for a form
 * on it to close. */
static void start_tick(struct ui *ui, void *priv, time_t now)
{
	struct start *s = priv;
	struct kc_err err;
	int rc;

	(void)now;
	kc_err_clear(&err);
	if (ui->hidden)
		return;
	if (ui_reload_due(ui->app->store, 0, &s->fresh)) {
		struct ui_paper was = s->paper;

		rc = load_sessions(ui, s, &err);
		s->pats_stale = 1;
		ui_paper_load(ui, &s->paper); /* a waste or a REMS form another clinician recorded */
		if (memcmp(&was, &s->paper, sizeof was) != 0)
			ui_mark(ui, UI_BODY);
	} else {
		rc = build_rows(ui, s, selected_session(s), &err);
		if (today_tick(ui, &s->today))
			ui_mark(ui, UI_BODY);
	}
	if (rc == KC_OK && s->pats_stale && !ui_form_current(ui)) {
		s->pats_stale = 0;
		rc = load_patients(ui, s, 0, &err);
	}
	if (rc != KC_OK)
		ui_error(ui, &err);
}

static void start_show(struct ui *ui, void *priv)
{
	struct kc_err err;

	/* An admin may have changed our role (or disabled us) meanwhile. */
	if (kc_store_actor_role(ui->app->store, &ui->role, &err) != KC_OK) {
		ui->role = KC_ROLE_NURSE;
		ui_error(ui, &err);
	}
	reload(ui, priv);
}

static void start_close(struct ui *ui, void *priv)
{
	struct start *s = priv;

	(void)ui;
	free(s->rows);
	free(s->states);
	free(s->pats);
	today_free(&s->today);
}

/* Enter's word on the bar says what it does to the booking under the cursor. */
static const char *start_label(struct ui *ui, void *priv, int act)
{
	struct start *s = priv;
	const struct kc_booking *b = today_selected(&s->today);

	(void)ui;
	if (act != ACT_ENTER || s->focus != F_TODAY || !b || b->cancelled_at)
		return NULL;
	if (today_startable(b))
		return "start";
	return b->day_session == 1 ? "resume" : "chart";
}

const struct screen_ops ui_scr_start = {
	.name = "start",
	.title = "Start",
	.private_size = sizeof(struct start),
	.actions = start_actions,
	.open = start_open,
	.draw = start_draw,
	.key = start_key,
	.tick = start_tick,
	.show = start_show,
	.close = start_close,
	.label = start_label,
};
