/* discharge_draw.c — the discharge screen's body: the banner, each criterion in words, the
 * minimum observation time, the last assessment, the latest vitals and when the next are due. */
#include "scr_discharge.h"

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
 * below in their column rather than be cut. Returns the line after them. */
enum { DC_STATE, DC_NAME, DC_WHY, DC_NCOLS };

static int draw_criteria(struct ui *ui, const struct dc *s, WINDOW *w, int y)
{
	struct uil_col c[DC_NCOLS] = { { "", 0, 0, 0 }, { "", 0, 12, 0 }, { "", 0, 16, 0 } };
	struct uil_lines l = { .sel = -1 };
	char state[KC_DC_COUNT][24];
	int gap, width = getmaxx(w) - 1, mark;

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
	gap = uil_cols_apart(c, DC_NCOLS, width, ui->utf8);
	for (int i = 0; i < KC_DC_COUNT; i++) {
		const char *cells[DC_NCOLS] = { state[i], s->cs.dc.c[i].name, s->cs.dc.c[i].why };

		uil_lines_cells(&l, c, DC_NCOLS, gap, 1u << DC_NAME | 1u << DC_WHY, cells, ui->utf8,
				s->cs.dc.c[i].met ? UI_OK : UI_WARN, 0, i + 1);
	}
	for (int i = 0; i < l.n && y < getmaxy(w); i++, y++) {
		attr_t extra[DC_NCOLS] = { [DC_STATE] = ui_tone(ui, (enum ui_tone)l.v[i].tone) };

		ui_put_cols(ui, w, y, 1, width, A_NORMAL, l.v[i].text, c, DC_NCOLS, gap, extra);
	}
	uil_lines_free(&l);
	return y;
}

static void draw_earliest(struct ui *ui, const struct dc *s, WINDOW *w, int y)
{
	time_t e = s->cs.dc.earliest;
	char hm[8], d[16];

	if (!e) {
		ui_putf(ui, w, y, 1, getmaxx(w) - 1, A_NORMAL, "Minimum observation: %s",
			s->cs.dc.c[KC_DC_OBSERVATION].why);
		return;
	}
	kc_time_local_hm(e, hm, sizeof hm);
	if (e > ui->now) {
		/* Whole minutes rounded up, as the criterion says "12 min to go". */
		kc_duration((long)((e - ui->now + 59) / 60 * 60), d, sizeof d);
		ui_putf(ui, w, y, 1, getmaxx(w) - 1, A_BOLD, "Minimum observation met at %s (in %s)", hm, d);
	} else {
		kc_duration((long)(ui->now - e), d, sizeof d);
		ui_putf(ui, w, y, 1, getmaxx(w) - 1, A_NORMAL, "Minimum observation met at %s (%s ago)", hm, d);
	}
}

static int draw_assessment(struct ui *ui, const struct dc *s, WINDOW *w, int y)
{
	const struct kc_discharge_row *d = &s->last;
	const struct kc_aldrete *a = &d->aldrete;
	int width = getmaxx(w) - 2;
	char hm[8];

	ui_rule(ui, w, y++, "Last assessment");
	if (!s->has_last) {
		ui_put(ui, w, y++, 1, width, A_NORMAL, "None yet: a records Aldrete, gait, escort and instructions.");
		return y;
	}
	kc_time_local_hm(d->at, hm, sizeof hm);
	ui_putf(ui, w, y++, 1, width, A_NORMAL, "%s by %s: Aldrete %d (activity %d, resp %d, circ %d, "
		"consc %d, SpO2 %d)", hm, d->by, d->aldrete_total, a->activity,
		a->respiration, a->circulation, a->consciousness, a->spo2);
	ui_putf(ui, w, y++, 1, width, A_NORMAL, "gait %s; escort %s; instructions %s; %s when assessed",
		d->gait_steady == KC_NONE ? "not assessed" : d->gait_steady ? "steady" : "UNSTEADY",
		d->escort_confirmed ? "confirmed" : "NOT confirmed", d->instructions_given ? "given" : "NOT given",
		d->ready ? "ready" : "NOT ready");
	return y;
}

/* Recovery is spent here: when the next reading is due, in words, as on the session screen. */
static int draw_timer(struct ui *ui, const struct dc *s, WINDOW *w, int y)
{
	const struct kc_sched *sc = &s->cs.sched;
	int width = getmaxx(w) - 2;
	char at[8], d[16];

	kc_time_local_hm(sc->next_due, at, sizeof at);
	switch (sc->state) {
	case KC_DUE_LATER:
		kc_duration(sc->seconds_left + 59, d, sizeof d);
		ui_putf(ui, w, y, 1, width, A_NORMAL, "Next vitals %s (in %s) - %s", at, d, sc->what);
		break;
	case KC_DUE_NOW:
		ui_putf(ui, w, y, 1, width, ui_tone(ui, UI_WARN), "%s VITALS DUE since %s (%s) - v enters them",
			ui->g.warn, at, sc->what);
		break;
	case KC_DUE_OVERDUE:
		kc_duration(-sc->seconds_left, d, sizeof d);
		ui_putf(ui, w, y, 1, width, ui_tone(ui, UI_CRIT), "%s OVERDUE %s - due %s (%s) - v enters them",
			ui->g.warn, d, at, sc->what);
		break;
	default:
		return y;
	}
	return y + 1;
}

static int draw_vitals(struct ui *ui, const struct dc *s, WINDOW *w, int y)
{
	const struct kc_vitals *v = &s->cs.latest;
	int width = getmaxx(w) - 2;
	char hm[8], bp[16] = "-", circ[64] = "", spo2[48] = "", n[4][8];

	ui_rule(ui, w, y++, "Latest vitals");
	if (!s->cs.readings) {
		ui_put(ui, w, y, 1, width, A_NORMAL, "No reading yet.");
		return y;
	}
	kc_time_local_hm(s->cs.latest_at, hm, sizeof hm);
	if (v->systolic != KC_NONE)
		snprintf(bp, sizeof bp, "%d/%d", v->systolic, v->diastolic);
	ui_putf(ui, w, y++, 1, width, A_NORMAL, "%s  BP %s mmHg  HR %s /min  SpO2 %s %%  RR %s /min  MOAA/S %s",
		hm, bp, kc_num_text(v->heart_rate, n[0], sizeof n[0]), kc_num_text(v->spo2, n[1], sizeof n[1]),
		kc_num_text(v->resp_rate, n[2], sizeof n[2]), kc_num_text(v->moaas, n[3], sizeof n[3]));
	y = draw_timer(ui, s, w, y);
	if (s->sugg_circ != KC_NONE)
		snprintf(circ, sizeof circ, "circulation %d (baseline BP %d mmHg)", s->sugg_circ,
			 s->cs.scr.baseline.systolic);
	if (s->sugg_spo2 != KC_NONE)
		snprintf(spo2, sizeof spo2, "%sSpO2 %d (on room air)", circ[0] ? ", " : "", s->sugg_spo2);
	if (circ[0] || spo2[0])
		ui_putf(ui, w, y, 1, width, A_NORMAL, "Aldrete suggested: %s%s", circ, spo2);
	return circ[0] || spo2[0] ? y : y - 1;
}

void dc_draw(struct ui *ui, void *priv, WINDOW *w)
{
	struct dc *s = priv;
	char text[160];
	enum ui_tone tone;
	int y;

	werase(w);
	dc_view_of(ui, s, &s->shown);
	banner(ui, s, text, sizeof text, &tone);
	ui_put(ui, w, 0, 1, getmaxx(w) - 2, ui_tone(ui, tone) | A_BOLD, text);
	ui_rule(ui, w, 1, "Discharge criteria");
	y = draw_criteria(ui, s, w, 2);
	draw_earliest(ui, s, w, y++);
	y = draw_assessment(ui, s, w, y);
	/* Once the session has ended no more vitals are taken: what the REMS form still needs
	 * takes their place; before, it comes below them where there is room. */
	if (s->cs.s.ended_at && dc_is_rems(s))
		dc_draw_rems(ui, s, w, y);
	else
		dc_draw_rems(ui, s, w, draw_vitals(ui, s, w, y) + 1);
}
