/* discharge_draw.c — the discharge screen's body: the banner, each criterion in words, the
 * minimum observation time, the last assessment, the latest vitals and when the next are due.
 *
 * Below the banner (line 0, never scrolled away: it says whether the patient may go) the
 * body is the kit's line model (s->ls), built at each paint for the window's width, every
 * text wrapped rather than cut; the cursor goes from item to item (Up, Down, PgUp, PgDn,
 * Home, End), its line always in view, and when the lines do not fit the last line says
 * which are in view and that there is more ("PgDn for more"). */
#include "scr_discharge.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_screen.h"


/* ---------- drawing ---------- */

static void banner(struct ui *ui, const struct dc *s, char *out, size_t n, enum ui_tone *tone)
{
	const struct kc_session *ss = &s->cs.s;
	char hm[8];
	int unmet = 0;

	for (int i = 0; i < KC_DC_COUNT; i++)
		unmet += !s->cs.dc.c[i].met;
	*tone = UI_WARN;
	if (dc_signed(s)) {
		kc_time_local_hm(ss->signed_at, hm, sizeof hm);
		snprintf(out, n, "SIGNED by %s at %s: read-only", ss->signed_by, hm);
		*tone = UI_OK;
	} else if (ss->ended_at) {
		kc_time_local_hm(ss->ended_at, hm, sizeof hm);
		snprintf(out, n, "Ended (%s) at %s - NOT SIGNED: s signs as %s", dc_outcome_word(ss->outcome), hm,
			 kc_store_actor(ui->app->store));
	} else if (dc_infusion_running(s)) {
		snprintf(out, n, "Infusion still running: NOT READY (%d of %d criteria not met)", unmet, KC_DC_COUNT);
	} else if (s->cs.dc.ready) {
		snprintf(out, n, "READY for discharge: d discharges");
		*tone = UI_OK;
	} else {
		snprintf(out, n, "NOT READY: %d of %d criteria not met (%s)", unmet, KC_DC_COUNT,
			 ui_physician(ui) ? "d asks for a reason" : "only a physician may discharge");
	}
}

/* The criteria as the kit's line model, in three columns sized from their widest values and
 * the window (never merged): the state in words ("met" / "NOT YET", never colour alone,
 * with a mark where there is room), the criterion, and why; the criterion and why go on
 * below in their column rather than be cut. One entry (stop) per criterion. */
enum { DC_STATE, DC_NAME, DC_WHY, DC_NCOLS };

static void criteria_lines(struct ui *ui, struct dc *s, int width, int *stop)
{
	struct uil_col *c = s->dcol;
	char state[KC_DC_COUNT][24];
	int mark, first = s->ls.n;

	c[DC_STATE] = (struct uil_col){ "", 0, 0, 0 };
	c[DC_NAME] = (struct uil_col){ "", 0, 12, 0 };
	c[DC_WHY] = (struct uil_col){ "", 0, 16, 0 };
	for (int i = 0; i < KC_DC_COUNT; i++) {
		uil_col_measure(&c[DC_NAME], s->cs.dc.c[i].name, ui->utf8);
		uil_col_measure(&c[DC_WHY], s->cs.dc.c[i].why, ui->utf8);
	}
	/* the mark before the word only where everything fits with it: the word says it */
	mark = 9 + c[DC_NAME].want + c[DC_WHY].want + 4 <= width;
	for (int i = 0; i < KC_DC_COUNT; i++) {
		const struct kc_dc_item *it = &s->cs.dc.c[i];

		snprintf(state[i], sizeof state[i], "%s%s%s", !mark ? "" : it->met ? (ui->utf8 ? "\u2713" : "+")
			 : (ui->utf8 ? "\u2717" : "x"), mark ? " " : "", it->met ? "met" : "NOT YET");
		uil_col_measure(&c[DC_STATE], state[i], ui->utf8);
	}
	/* the criterion's name is kept whole while why it is (not) met has 24 columns or more */
	if (c[DC_STATE].want + c[DC_NAME].want + 24 + 4 <= width)
		c[DC_NAME].min = 0;
	s->dgap = uil_cols_apart(c, DC_NCOLS, width, ui->utf8);
	for (int i = 0; i < KC_DC_COUNT; i++) {
		const char *cells[DC_NCOLS] = { state[i], s->cs.dc.c[i].name, s->cs.dc.c[i].why };

		uil_lines_cells(&s->ls, c, DC_NCOLS, s->dgap, 1u << DC_NAME | 1u << DC_WHY, cells, ui->utf8,
				s->cs.dc.c[i].met ? UI_OK : UI_WARN, 0, ++*stop);
	}
	s->ncrit_lines = s->ls.n - first;
}

/* One item: its text wrapped to the width, one entry. */
static void item(struct ui *ui, struct dc *s, int width, int *stop, int tone, unsigned flags, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
static void item(struct ui *ui, struct dc *s, int width, int *stop, int tone, unsigned flags, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	uil_lines_wrap(&s->ls, width, ui->utf8, 0, "", text, tone, flags, ++*stop);
}

static void earliest_lines(struct ui *ui, struct dc *s, int width, int *stop)
{
	time_t e = s->cs.dc.earliest;
	char hm[8], d[16];

	if (!e) {
		item(ui, s, width, stop, UI_NORMAL, 0, "Minimum observation: %s", s->cs.dc.c[KC_DC_OBSERVATION].why);
		return;
	}
	kc_time_local_hm(e, hm, sizeof hm);
	if (e > ui->now) {
		/* Whole minutes rounded up, as the criterion says "12 min to go". */
		kc_duration((long)((e - ui->now + 59) / 60 * 60), d, sizeof d);
		item(ui, s, width, stop, UI_NORMAL, UIL_BOLD, "Minimum observation met at %s (in %s)", hm, d);
	} else {
		kc_duration((long)(ui->now - e), d, sizeof d);
		item(ui, s, width, stop, UI_NORMAL, 0, "Minimum observation met at %s (%s ago)", hm, d);
	}
}

static void assessment_lines(struct ui *ui, struct dc *s, int width, int *stop)
{
	const struct kc_discharge_row *d = &s->last;
	const struct kc_aldrete *a = &d->aldrete;
	char hm[8];

	uil_lines_add(&s->ls, "Last assessment", 0, UIL_RULE, 0);
	if (!s->has_last) {
		item(ui, s, width, stop, UI_NORMAL, 0, "None yet: a records Aldrete, gait, escort and instructions.");
		return;
	}
	kc_time_local_hm(d->at, hm, sizeof hm);
	item(ui, s, width, stop, UI_NORMAL, 0, "%s by %s: Aldrete %d (activity %d, resp %d, circ %d, consc %d, SpO2 %d)",
	     hm, d->by, d->aldrete_total, a->activity, a->respiration, a->circulation, a->consciousness, a->spo2);
	item(ui, s, width, stop, UI_NORMAL, 0, "gait %s; escort %s; instructions %s; %s when assessed",
	     d->gait_steady == KC_NONE ? "not assessed" : d->gait_steady ? "steady" : "UNSTEADY",
	     d->escort_confirmed ? "confirmed" : "NOT confirmed", d->instructions_given ? "given" : "NOT given",
	     d->ready ? "ready" : "NOT ready");
}

/* Recovery is spent here: when the next reading is due, in words, as on the session screen. */
static void timer_lines(struct ui *ui, struct dc *s, int width, int *stop)
{
	const struct kc_sched *sc = &s->cs.sched;
	char at[8], d[16];

	kc_time_local_hm(sc->next_due, at, sizeof at);
	switch (sc->state) {
	case KC_DUE_LATER:
		kc_duration(sc->seconds_left + 59, d, sizeof d);
		item(ui, s, width, stop, UI_NORMAL, 0, "Next vitals %s (in %s) - %s", at, d, sc->what);
		break;
	case KC_DUE_NOW:
		item(ui, s, width, stop, UI_WARN, 0, "%s VITALS DUE since %s (%s) - v enters them", ui->g.warn, at,
		     sc->what);
		break;
	case KC_DUE_OVERDUE:
		kc_duration(-sc->seconds_left, d, sizeof d);
		item(ui, s, width, stop, UI_CRIT, 0, "%s OVERDUE %s - due %s (%s) - v enters them", ui->g.warn, d, at,
		     sc->what);
		break;
	default:
		break;
	}
}

static void vitals_lines(struct ui *ui, struct dc *s, int width, int *stop)
{
	const struct kc_vitals *v = &s->cs.latest;
	char hm[8], bp[16] = "-", circ[64] = "", spo2[48] = "", n[4][8];

	uil_lines_add(&s->ls, "Latest vitals", 0, UIL_RULE, 0);
	if (!s->cs.readings) {
		item(ui, s, width, stop, UI_NORMAL, 0, "No reading yet.");
		return;
	}
	kc_time_local_hm(s->cs.latest_at, hm, sizeof hm);
	if (v->systolic != KC_NONE)
		snprintf(bp, sizeof bp, "%d/%d", v->systolic, v->diastolic);
	item(ui, s, width, stop, UI_NORMAL, 0, "%s  BP %s mmHg  HR %s /min  SpO2 %s %%  RR %s /min  MOAA/S %s", hm, bp,
	     kc_num_text(v->heart_rate, n[0], sizeof n[0]), kc_num_text(v->spo2, n[1], sizeof n[1]),
	     kc_num_text(v->resp_rate, n[2], sizeof n[2]), kc_num_text(v->moaas, n[3], sizeof n[3]));
	timer_lines(ui, s, width, stop);
	if (s->sugg_circ != KC_NONE)
		snprintf(circ, sizeof circ, "circulation %d (baseline BP %d mmHg)", s->sugg_circ,
			 s->cs.scr.baseline.systolic);
	if (s->sugg_spo2 != KC_NONE)
		snprintf(spo2, sizeof spo2, "%sSpO2 %d (on room air)", circ[0] ? ", " : "", s->sugg_spo2);
	if (circ[0] || spo2[0])
		item(ui, s, width, stop, UI_NORMAL, 0, "Aldrete suggested: %s%s", circ, spo2);
}

/* Every line below the banner. Once the session has ended no more vitals are taken: what
 * the REMS form still needs takes their place; before, it comes below them. */
static void build(struct ui *ui, struct dc *s, int width)
{
	int stop = 0;

	uil_lines_clear(&s->ls);
	s->ls.stops_only = 1;
	uil_lines_add(&s->ls, "Discharge criteria", 0, UIL_RULE, 0);
	criteria_lines(ui, s, width, &stop);
	earliest_lines(ui, s, width, &stop);
	assessment_lines(ui, s, width, &stop);
	if (!(s->cs.s.ended_at && dc_is_rems(s)))
		vitals_lines(ui, s, width, &stop);
	dc_rems_lines(ui, s, &s->ls, width, &stop);
}

/* The lines in view: the window less the banner, and less the last line when they do not
 * all fit (it says where the view is). */
static int view_rows(const struct dc *s, WINDOW *w)
{
	int rows = getmaxy(w) - 1;

	return s->ls.n > rows && rows > 1 ? rows - 1 : rows;
}

static void paint_line(struct ui *ui, struct dc *s, WINDOW *w, int y, int i)
{
	const struct uil_line *ln = &s->ls.v[i];
	int width = getmaxx(w) - 1, sel = i == s->ls.sel ||
		(s->ls.sel >= 0 && ln->stop && ln->stop == s->ls.v[s->ls.sel].stop);
	attr_t a = sel ? A_REVERSE : ui_tone(ui, (enum ui_tone)ln->tone) | (ln->flags & UIL_BOLD ? A_BOLD : 0);

	if (ln->flags & UIL_RULE) {
		ui_rule(ui, w, y, ln->text);
		return;
	}
	if (i == s->ls.sel)
		ui_put(ui, w, y, 0, 1, A_REVERSE, ui->g.sel);
	if (ln->stop >= 1 && ln->stop <= KC_DC_COUNT) {
		attr_t extra[DC_NCOLS] = { [DC_STATE] = sel ? A_BOLD : ui_tone(ui, (enum ui_tone)ln->tone) };

		ui_put_cols(ui, w, y, 1, width, sel ? A_REVERSE : A_NORMAL, ln->text, s->dcol, DC_NCOLS, s->dgap, extra);
	} else {
		ui_put(ui, w, y, 1, width, a, ln->text);
	}
	ui_search_mark(ui, &s->search, w, y, 1, width, sel ? A_NORMAL : a, ln->text);
}

static void paint_position(struct ui *ui, const struct dc *s, WINDOW *w, int y)
{
	int last = s->ls.top + s->rows < s->ls.n ? s->ls.top + s->rows : s->ls.n;

	ui_putf(ui, w, y, 1, getmaxx(w) - 2, ui_tone(ui, UI_KEY) | A_BOLD, "lines %d-%d of %d, %s", s->ls.top + 1,
		last, s->ls.n, last < s->ls.n ? "PgDn for more" : "the end");
}

void dc_draw(struct ui *ui, void *priv, WINDOW *w)
{
	struct dc *s = priv;
	char text[160];
	enum ui_tone tone;

	werase(w);
	dc_view_of(ui, s, &s->shown);
	banner(ui, s, text, sizeof text, &tone);
	ui_put(ui, w, 0, 1, getmaxx(w) - 2, ui_tone(ui, tone) | A_BOLD, text);
	build(ui, s, getmaxx(w) - 1);
	if (s->ls.failed) {
		ui_put(ui, w, 1, 1, getmaxx(w) - 2, ui_tone(ui, UI_CRIT), "ERROR: out of memory building the screen");
		return;
	}
	s->rows = view_rows(s, w);
	uil_lines_done(&s->ls, s->rows);
	for (int i = 0; i < s->rows && s->ls.top + i < s->ls.n; i++)
		paint_line(ui, s, w, 1 + i, s->ls.top + i);
	if (s->rows < getmaxy(w) - 1)
		paint_position(ui, s, w, getmaxy(w) - 1);
}

int dc_move(struct ui *ui, struct dc *s, int act)
{
	int first = 0;

	if (!ui_lines_act(&s->ls, act, s->rows > 0 ? s->rows : 1))
		return 0;
	while (first < s->ls.n && !s->ls.v[first].stop)
		first++;
	if (s->ls.sel == first) /* the first item: the rule above it too */
		s->ls.top = 0;
	ui_mark(ui, UI_BODY);
	return 1;
}

/* ---------- search (ui_search.h) ---------- */

static const struct uil_lines *search_lines(void *owner)
{
	return &((struct dc *)owner)->ls;
}

/* The cursor sits on an entry's first line: the line found last when it is in that entry,
 * so n goes on past it rather than find it again. */
static int search_cursor(void *owner)
{
	const struct dc *s = owner;

	if (s->found >= 0 && s->found < s->ls.n && s->ls.sel >= 0 &&
	    uil_lines_entry_start(&s->ls, s->found) == uil_lines_entry_start(&s->ls, s->ls.sel))
		return s->found;
	return s->ls.sel;
}

static void search_go(struct ui *ui, void *owner, int line)
{
	struct dc *s = owner;

	s->found = line;
	s->ls.sel = uil_lines_entry_start(&s->ls, line);
	uil_lines_scroll(&s->ls, s->rows > 0 ? s->rows : 1);
	ui_mark(ui, UI_BODY);
}

void dc_search_init(struct dc *s)
{
	s->found = -1;
	s->search = (struct ui_search){ .owner = s, .lines = search_lines, .cursor = search_cursor, .go = search_go };
}
