/* scr_chart.c — the chart view of any session, read-only: header, screening (verdict,
 * confirmations, scores, weight, every checklist answer, fasting, escort, consent),
 * dose, vitals with their flags, a trend plot of BP and heart rate drawn with characters,
 * observations, discharge, outcome, corrections, amendments and addenda, as one scrolling
 * page. The page is built into an array of lines once per load (and again only when the
 * width changes); draw() paints the visible slice. Three writes only: before signing,
 * correcting a vitals reading or an observation (the original stays, marked [ERR]); after
 * signing, a physician's amendment of any entry (the original stays, marked AMENDED); and
 * an addendum at any time. Opened without a session, it lists the patient's sessions to
 * pick one. */
#include "scr_chart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"
#include "../ui_app.h"
#include "../ui_draw.h"
#include "../ui_form.h"
#include "../ui_reload.h"
#include "../ui_screen.h"

#define LAYOUT_MAX 118 /* on a wide terminal the lines stay readable */

enum { A_CORRECT = ACT_SCREEN, A_AMEND, A_ADDENDUM, A_NEXT, A_PREV, A_FIND, A_FNEXT, A_FPREV };

/* Enter works on the list of sessions, the others on a chart: chart_enabled(). */
static const struct ui_action chart_actions[] = {
	{ ACT_ENTER, '\n', 0, "Enter", "open", "on the list of sessions: open the highlighted session's chart" },
	{ A_CORRECT, 'x', 'w', "x", "correct",
	  "before signing (w too), correct the entry under the cursor; the original stays, marked [ERR]: "
	  "readings, observations, doses, lots, weight, patient" },
	{ A_AMEND, 'm', 0, "m", "amend",
	  "physicians, signed sessions: amend the entry under the cursor - what it should say and why; "
	  "the original stays, marked AMENDED" },
	{ A_ADDENDUM, 'a', 0, "a", "addendum", "add a dated note to the chart, signed or not, with your name" },
	{ A_NEXT, '\t', 0, "Tab", "next entry",
	  "move to the next entry: the session, a confirmation, a dose event, a reading, an observation, "
	  "an assessment, an addendum" },
	{ A_PREV, KEY_BTAB, 0, "S-Tab", NULL, "move to the previous entry" },
	UI_SEARCH_ACTIONS(A_FIND, "in the chart"),
	UI_SEARCH_NN(A_FIND),
	{ 0 },
};

/* ---------- the cursor ---------- */

const struct entry *chart_cursor_entry(const struct chart *c)
{
	int sel = c->l.sel;

	if (sel < 0 || sel >= c->pg.ls.n || !c->pg.ls.v[sel].stop)
		return NULL;
	return &c->pg.ents[c->pg.ls.v[sel].stop - 1];
}

static kc_id entry_id(const struct chart *c, const struct entry *e)
{
	return chart_entry_id(&c->d, e);
}

const struct entry *chart_choose_entry(struct ui *ui, const struct chart *c, unsigned kinds, const char *what,
				       const char *key)
{
	const struct entry *e = chart_cursor_entry(c);

	if (e && (kinds & chart_kind(e->type)))
		return e;
	ui_msg(ui, UI_WARN, "Move the cursor onto %s (Tab: next entry), then %s.", what, key);
	return NULL;
}

/* Cursor on the first line of entry i, with as much of the entry in view as fits. */
static void show_entry(struct chart *c, int i)
{
	int first = c->pg.ents[i].line, last = first;

	while (last + 1 < c->pg.ls.n && c->pg.ls.v[last + 1].stop == i + 1)
		last++;
	c->l.sel = first;
	if (c->rows > 0 && last >= c->l.top + c->rows)
		c->l.top = last - c->rows + 1;
	ui_list_scroll(&c->l, c->rows);
}

/* Put the cursor on the entry of type with id; 0 if it is not on the page. */
int chart_focus_entry(struct chart *c, enum etype type, kc_id id)
{
	for (int i = 0; i < c->pg.ne; i++)
		if (c->pg.ents[i].type == type && entry_id(c, &c->pg.ents[i]) == id) {
			show_entry(c, i);
			return 1;
		}
	return 0;
}

/* Where the cursor is, so that a rebuilt page (reload, new width) keeps it in place. */
struct anchor {
	enum etype type;
	kc_id id;
	int off; /* the cursor's line within its entry, or the line itself without one */
	int dy;  /* the cursor's row on the screen */
};

static void anchor_save(const struct chart *c, struct anchor *a)
{
	const struct entry *e = chart_cursor_entry(c);

	a->type = e ? e->type : E_NONE;
	a->id = e ? entry_id(c, e) : 0;
	a->off = e ? c->l.sel - e->line : c->l.sel;
	a->dy = c->l.sel > c->l.top ? c->l.sel - c->l.top : 0;
}

static void anchor_restore(struct chart *c, const struct anchor *a)
{
	int sel = a->off;

	for (int i = 0; a->type && i < c->pg.ne; i++)
		if (c->pg.ents[i].type == a->type && entry_id(c, &c->pg.ents[i]) == a->id) {
			sel = c->pg.ents[i].line + a->off;
			if (sel >= c->pg.ls.n || c->pg.ls.v[sel].stop != i + 1)
				sel = c->pg.ents[i].line; /* the entry got shorter */
		}
	ui_list_set(&c->l, c->pg.ls.n);
	c->l.sel = sel < 0 ? 0 : sel >= c->pg.ls.n ? c->pg.ls.n - 1 : sel;
	c->l.top = c->l.sel - a->dy < 0 ? 0 : c->l.sel - a->dy;
	ui_list_scroll(&c->l, c->rows);
}

/* Tab / S-Tab: the first line of the next / previous entry. */
static void jump_entry(struct ui *ui, struct chart *c, int dir)
{
	const struct entry *cur = chart_cursor_entry(c);
	int from = cur ? cur->line : c->l.sel;

	for (int i = dir > 0 ? 0 : c->pg.ne - 1; i >= 0 && i < c->pg.ne; i += dir) {
		int line = c->pg.ents[i].line;

		if ((dir > 0 && line > c->l.sel) || (dir < 0 && line < from)) {
			show_entry(c, i);
			ui_mark(ui, UI_BODY);
			return;
		}
	}
	ui_msg(ui, UI_NORMAL, dir > 0 ? "No more entries below." : "No entries above.");
}

/* PgUp/PgDn scroll the page and the cursor together, like a document. */
static void page_move(struct chart *c, int act)
{
	int page = c->rows > 1 ? c->rows - 1 : 1, max_top = c->pg.ls.n - c->rows;

	if (act != ACT_PGUP && act != ACT_PGDN) {
		ui_list_move(&c->l, act, c->rows);
		return;
	}
	page = act == ACT_PGUP ? -page : page;
	c->l.top += page;
	c->l.sel += page;
	c->l.top = c->l.top > max_top ? max_top : c->l.top;
	c->l.top = c->l.top < 0 ? 0 : c->l.top;
	c->l.sel = c->l.sel >= c->pg.ls.n ? c->pg.ls.n - 1 : c->l.sel < 0 ? 0 : c->l.sel;
	ui_list_scroll(&c->l, c->rows);
}

/* ---------- (re)loading the chart ---------- */

static int layout_width(WINDOW *w)
{
	int cols = getmaxx(w) - 2;

	return cols > LAYOUT_MAX ? LAYOUT_MAX : cols;
}

static void set_title(struct ui *ui, const struct chart *c)
{
	const struct kc_record *r = &c->d.rec;

	ui_set_title(ui, "%s (%s) - chart, %s%s", r->p.name, r->p.chart_no, kc_phase_name(r->s.phase),
		     r->s.signed_by[0] ? ", signed" : "");
}

static int same_page(const struct page *a, const struct page *b)
{
	if (a->ls.n != b->ls.n)
		return 0;
	for (int i = 0; i < a->ls.n; i++)
		if (strcmp(a->ls.v[i].text, b->ls.v[i].text) || a->ls.v[i].flags != b->ls.v[i].flags ||
		    a->ls.v[i].tone != b->ls.v[i].tone)
			return 0;
	return 1;
}

/* Load from the store and rebuild; the cursor stays on the same entry (or line). */
static int reload(struct ui *ui, struct chart *c, struct kc_err *err)
{
	struct data d;
	struct page pg;
	struct anchor a;
	int rc;

	ui_reload_mark(ui->app->store, &c->fresh);
	rc = chart_data_load(ui->app->store, c->ref.session, &d, err);
	if (rc != KC_OK)
		return rc;
	memset(&pg, 0, sizeof pg);
	if (c->width && chart_page_build(ui, &d, c->width, &pg) != 0) {
		chart_data_free(&d);
		return kc_fail(err, KC_ERR_NOMEM, "out of memory building the chart");
	}
	if (!c->width || !same_page(&pg, &c->pg))
		ui_mark(ui, UI_BODY);
	anchor_save(c, &a);
	chart_data_free(&c->d);
	chart_page_free(&c->pg);
	c->d = d;
	c->pg = pg;
	c->have = 1;
	anchor_restore(c, &a);
	set_title(ui, c);
	return KC_OK;
}

void chart_reload_or_say(struct ui *ui, struct chart *c)
{
	struct kc_err err;

	kc_err_clear(&err);
	if (reload(ui, c, &err) != KC_OK)
		ui_error(ui, &err);
}

/* ---------- the list of a patient's sessions ---------- */

static int pick_load(struct ui *ui, struct chart *c, struct kc_err *err)
{
	struct kc_session *rows = NULL;
	size_t n = 0;
	int rc = kc_session_list(ui->app->store, c->ref.patient, &rows, &n, err);

	if (rc != KC_OK)
		return rc;
	free(c->sess);
	c->sess = rows;
	c->nsess = n;
	ui_list_set(&c->pl, (int)n);
	ui_mark(ui, UI_BODY);
	return KC_OK;
}

static void pick_open(struct ui *ui, struct chart *c)
{
	struct ui_ref ref = c->ref;

	if (c->pl.sel < 0 || (size_t)c->pl.sel >= c->nsess) {
		ui_msg(ui, UI_WARN, "No session to open: s on the start screen starts one.");
		return;
	}
	ref.session = c->sess[c->pl.sel].id;
	ui_push(ui, &ui_scr_chart, &ref);
}

static void pick_draw(struct ui *ui, struct chart *c, WINDOW *w)
{
	char title[KC_NAME_MAX + 64], t[32];
	int cols = getmaxx(w), h = getmaxy(w) - 3;

	werase(w);
	snprintf(title, sizeof title, "Sessions of %s (%s)", c->pat.name, c->pat.chart_no);
	ui_rule(ui, w, 0, title);
	if (!c->nsess) {
		ui_put(ui, w, 1, 2, cols - 2, A_NORMAL, "No sessions yet: s on the start screen starts one.");
		return;
	}
	ui_putf(ui, w, 1, 2, cols - 2, A_BOLD, "%-5s %-16s %-22s %-11s %s", "No", "Created", "Route", "Phase",
		"Signature");
	ui_list_scroll(&c->pl, h);
	for (int i = 0; i < h && c->pl.top + i < (int)c->nsess; i++) {
		const struct kc_session *s = &c->sess[c->pl.top + i];
		int sel = c->pl.top + i == c->pl.sel;
		attr_t a = sel ? A_REVERSE : A_NORMAL;

		ui_put(ui, w, 2 + i, 0, 2, a, sel ? ui->g.sel : "");
		ui_putf(ui, w, 2 + i, 2, cols - 2, a, "%-5lld %-16s %-22s %-11s %s", s->id,
			chart_when(s->created_at, t, sizeof t), kc_route_label(s->route), kc_phase_name(s->phase),
			s->signed_by[0] ? "signed" : "NOT SIGNED");
	}
	ui_put(ui, w, getmaxy(w) - 1, 2, cols - 2, A_NORMAL, "Enter opens the highlighted session's chart.");
}

/* ---------- drawing the chart ---------- */

static void draw_line(struct ui *ui, struct chart *c, WINDOW *w, int y, int i)
{
	const struct uil_line *ln = &c->pg.ls.v[i];
	int dim = ln->flags & UIL_DIM;
	int sel = i == c->l.sel, cols = getmaxx(w);
	/* Without colour a CRIT tone is reverse video, which the cursor uses: bold instead. */
	attr_t tone = ui->colour || ln->tone != UI_CRIT ? ui_tone(ui, (enum ui_tone)ln->tone) : A_BOLD;
	attr_t a = tone | (dim ? A_DIM : 0) | (ln->flags & UIL_BOLD ? A_BOLD : 0);

	if (ln->flags & UIL_RULE) {
		ui_rule(ui, w, y, ln->text);
		if (sel)
			ui_put(ui, w, y, 0, 1, A_REVERSE, ui->g.sel);
		return;
	}
	if (sel)
		a = A_REVERSE | (dim ? A_DIM : 0);
	ui_put(ui, w, y, 0, 2, sel ? A_REVERSE : A_NORMAL, sel ? ui->g.sel : "");
	ui_put(ui, w, y, 2, cols - 2, a, ln->text);
	ui_search_mark(ui, &c->search, w, y, 2, cols - 2, sel ? A_NORMAL : a, ln->text);
}

/* ---------- search (ui_search.h) ---------- */

static const struct uil_lines *search_lines(void *owner)
{
	return &((struct chart *)owner)->pg.ls;
}

static int search_cursor(void *owner)
{
	return ((struct chart *)owner)->l.sel;
}

static void search_go(struct ui *ui, void *owner, int line)
{
	struct chart *c = owner;

	c->l.sel = line;
	ui_list_set(&c->l, c->pg.ls.n);
	ui_list_scroll(&c->l, c->rows > 0 ? c->rows : 1);
	ui_mark(ui, UI_BODY);
}

static void draw_position(struct ui *ui, struct chart *c, WINDOW *w, int y)
{
	int last = c->l.top + c->rows < c->pg.ls.n ? c->l.top + c->rows : c->pg.ls.n;
	const char *more = last < c->pg.ls.n ? "PgDn for more" : "end of the chart";

	ui_putf(ui, w, y, 2, getmaxx(w) - 2, ui_tone(ui, UI_KEY), "lines %d-%d of %d, %s", c->l.top + 1, last,
		c->pg.ls.n, more);
}

/* A new width wraps the lines differently: the cursor stays on its entry. */
static int rebuild(struct ui *ui, struct chart *c, int width)
{
	struct anchor a;
	struct page pg;

	if (chart_page_build(ui, &c->d, width, &pg) != 0)
		return -1;
	anchor_save(c, &a);
	chart_page_free(&c->pg);
	c->pg = pg;
	c->width = width;
	anchor_restore(c, &a);
	return 0;
}

static void chart_draw(struct ui *ui, void *priv, WINDOW *w)
{
	struct chart *c = priv;
	int width = layout_width(w);

	if (c->picking) {
		pick_draw(ui, c, w);
		return;
	}
	werase(w);
	c->rows = getmaxy(w) - 1;
	if (width != c->width && c->have && rebuild(ui, c, width) != 0) {
		ui_put(ui, w, 0, 2, getmaxx(w) - 2, ui_tone(ui, UI_CRIT), "ERROR: out of memory building the chart");
		return;
	}
	ui_list_scroll(&c->l, c->rows);
	for (int i = 0; i < c->rows && c->l.top + i < c->pg.ls.n; i++)
		draw_line(ui, c, w, i, c->l.top + i);
	draw_position(ui, c, w, getmaxy(w) - 1);
}

/* ---------- keys ---------- */

/* A signed session is read-only; an open one takes no correction while another clinician
 * holds it (the store would refuse it with KC_ERR_BUSY). */
static int correct_enabled(struct ui *ui, const struct chart *c, char *why, size_t n)
{
	if (c->d.rec.s.signed_by[0]) {
		snprintf(why, n, "Session %lld is signed and read-only: %s", c->d.rec.s.id,
			 ui_physician(ui) ? "m amends an entry, a adds an addendum." : "a adds an addendum.");
		return 0;
	}
	return !ui_held_by_other(ui, c->d.rec.s.id, why, n);
}

static int chart_enabled(struct ui *ui, void *priv, int act, char *why, size_t n)
{
	const struct chart *c = priv;

	if (c->picking != (act == ACT_ENTER)) {
		if (c->picking)
			kc_strlcpy(why, "Open a session's chart first: highlight it and press Enter.", n);
		return 0;
	}
	if (!c->have)
		return act != A_CORRECT && act != A_AMEND;
	if (act == A_CORRECT)
		return correct_enabled(ui, c, why, n);
	if (act == A_AMEND)
		return chart_amend_enabled(ui, c, why, n);
	return 1;
}

static int pick_key(struct ui *ui, struct chart *c, int act)
{
	switch (act) {
	case ACT_UP: case ACT_DOWN: case ACT_PGUP: case ACT_PGDN: case ACT_HOME: case ACT_END:
		ui_list_move(&c->pl, act, getmaxy(ui->body) - 3);
		ui_mark(ui, UI_BODY);
		return ACT_NONE;
	case ACT_ENTER:
		pick_open(ui, c);
		return ACT_NONE;
	default:
		return act;
	}
}

static int chart_key(struct ui *ui, void *priv, int act, const struct ui_key *k)
{
	struct chart *c = priv;

	(void)k;
	if (c->picking)
		return pick_key(ui, c, act);
	switch (act) {
	case ACT_UP: case ACT_DOWN: case ACT_PGUP: case ACT_PGDN: case ACT_HOME: case ACT_END:
		page_move(c, act);
		ui_mark(ui, UI_BODY);
		return ACT_NONE;
	case A_NEXT: jump_entry(ui, c, 1); return ACT_NONE;
	case A_PREV: jump_entry(ui, c, -1); return ACT_NONE;
	case A_CORRECT: chart_correct(ui, c); return ACT_NONE;
	case A_AMEND: chart_amend(ui, c); return ACT_NONE;
	case A_ADDENDUM: chart_addendum_open(ui, c); return ACT_NONE;
	case A_FIND: case A_FNEXT: case A_FPREV: ui_search_key(ui, &c->search, act, A_FIND); return ACT_NONE;
	default: return act;
	}
}

/* ---------- life cycle ---------- */

static int chart_open(struct ui *ui, void *priv, const void *arg, struct kc_err *err)
{
	struct chart *c = priv;
	int rc;

	if (!arg)
		return kc_fail(err, KC_ERR_INVALID, "the chart needs a patient or a session");
	c->ref = *(const struct ui_ref *)arg;
	c->l.sel = c->pl.sel = -1;
	c->search = (struct ui_search){ .owner = c, .lines = search_lines, .cursor = search_cursor, .go = search_go };
	c->picking = c->ref.session == 0;
	if (c->picking) {
		rc = kc_patient_get(ui->app->store, c->ref.patient, &c->pat, err);
		if (rc == KC_OK)
			rc = pick_load(ui, c, err);
		if (rc == KC_OK)
			ui_set_title(ui, "%s (%s) - sessions", c->pat.name, c->pat.chart_no);
	} else {
		rc = reload(ui, c, err);
		c->l.sel = 0;
	}
	return rc;
}

static void chart_show(struct ui *ui, void *priv)
{
	struct chart *c = priv;
	struct kc_err err;

	kc_err_clear(&err);
	if ((c->picking ? pick_load(ui, c, &err) : reload(ui, c, &err)) != KC_OK)
		ui_error(ui, &err);
}

/* An open session may gain entries from another screen or clinician, a signed one addenda
 * and amendments: read again only when the database changed (ui_reload.h), the policy
 * asked last so a change while a form is open is seen when it closes. */
static void chart_tick(struct ui *ui, void *priv, time_t now)
{
	struct chart *c = priv;

	(void)now;
	if (ui->hidden || c->picking || !c->have || ui_form_current(ui) ||
	    !ui_reload_due(ui->app->store, 0, &c->fresh))
		return;
	chart_reload_or_say(ui, c);
}

static void chart_close(struct ui *ui, void *priv)
{
	struct chart *c = priv;

	(void)ui;
	chart_data_free(&c->d);
	chart_page_free(&c->pg);
	free(c->sess);
}

const struct screen_ops ui_scr_chart = {
	.name = "chart",
	.title = "Chart",
	.private_size = sizeof(struct chart),
	.actions = chart_actions,
	.open = chart_open,
	.draw = chart_draw,
	.key = chart_key,
	.tick = chart_tick,
	.show = chart_show,
	.close = chart_close,
	.enabled = chart_enabled,
};
