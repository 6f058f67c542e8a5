/* effects_draw.c — the side-effect screen's body: the kinds with their letters, the session's
 * observations newest first, and under an open form what the scale's numbers mean. */
#include "scr_effects.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_form.h"

#define KINDS_W 29

/* ---------- drawing ---------- */

void fx_score_text(const struct kc_obs_row *o, char *out, size_t n)
{
	const char *band = NULL;

	switch (o->scale) {
	case KC_SCALE_CADSS:
		snprintf(out, n, "CADSS %d/92", o->score);
		return;
	case KC_SCALE_CADSS6:
		snprintf(out, n, "CADSS-6 %d/24", o->score);
		return;
	case KC_SCALE_EPISODES:
		snprintf(out, n, "%d episodes", o->score);
		return;
	case KC_SCALE_NRS: band = kc_nrs_band(o->score); break;
	case KC_SCALE_MOAAS: band = kc_moaas_label(o->score); break;
	default:
		snprintf(out, n, "%s", kc_severity_name(o->score) ? kc_severity_name(o->score) : "?");
		return;
	}
	snprintf(out, n, "%s %d (%s)", kc_scale_name(o->scale), o->score, band ? band : "?");
}

static void obs_details(const struct kc_obs_row *o, char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	if (o->vomiting > 0)
		len += (size_t)snprintf(out, n, "vomiting %d; ", o->vomiting);
	if (len < n && o->intervention[0])
		len += (size_t)snprintf(out + len, n - len, "%s; ", o->intervention);
	if (len < n && o->note[0])
		len += (size_t)snprintf(out + len, n - len, "note: %s; ", o->note);
	if (len >= 2 && len < n)
		out[len - 2] = '\0';
	else if (!out[0])
		snprintf(out, n, "no intervention");
}

/* The observations' columns: sized from the widest value and the room (never merged), the
 * kind and the score going on below rather than cut; the details wrap under the kind. */
enum { OC_TIME, OC_WHAT, OC_SCORE, OC_FLAGS, OC_COUNT };

struct obs_cells {
	char hm[8], what[96], score[96], flags[32];
};

static void obs_cells(const struct kc_obs_row *o, struct obs_cells *c)
{
	kc_time_local_hm(o->observed_at, c->hm, sizeof c->hm);
	fx_score_text(o, c->score, sizeof c->score);
	fx_obs_what(o, c->what, sizeof c->what);
	snprintf(c->flags, sizeof c->flags, "%s%s%s", o->level == KC_LEVEL_CRITICAL ? "CRIT " : o->level ? "WARN " : "",
		 o->late ? "LATE " : "", o->eie.code != KC_EIE_NONE ? "IN ERROR" : "");
	if (o->eie.corrects && !o->eie.code)
		snprintf(c->flags + strlen(c->flags), sizeof c->flags - strlen(c->flags), "correction");
	for (size_t n = strlen(c->flags); n > 0 && c->flags[n - 1] == ' ';)
		c->flags[--n] = '\0';
}

/* The session's observations newest first as the kit's line model: one entry (stop 1 = the
 * newest) per observation, its cells in the columns c, its details under the kind. Returns
 * the columns used: below 45 columns the flags take the score's place and the score leads
 * the details. */
static int obs_lines(struct ui *ui, const struct fx *s, int width, struct uil_lines *l, struct uil_col c[OC_COUNT],
		     int *gap)
{
	struct obs_cells oc;
	char det[KC_NOTE_MAX * 2 + 32], all[KC_NOTE_MAX * 2 + 160];
	/* narrow: the score leads the details rather than be broken in a narrow column */
	int narrow = width < 45, n = narrow ? OC_SCORE + 1 : OC_COUNT;

	c[OC_TIME] = (struct uil_col){ "", 0, 0, 0 };
	c[OC_WHAT] = (struct uil_col){ "", 0, 10, 0 };
	c[OC_SCORE] = (struct uil_col){ "", 0, 16, 0 };
	c[OC_FLAGS] = (struct uil_col){ "", 0, 0, 0 };
	for (size_t i = 0; i < s->nobs; i++) {
		obs_cells(&s->obs[i], &oc);
		uil_col_measure(&c[OC_TIME], oc.hm, ui->utf8);
		uil_col_measure(&c[OC_WHAT], oc.what, ui->utf8);
		uil_col_measure(&c[OC_SCORE], oc.score, ui->utf8);
		uil_col_measure(&c[OC_FLAGS], oc.flags, ui->utf8);
	}
	if (narrow) /* the flags after the kind */
		c[OC_SCORE] = c[OC_FLAGS];
	*gap = uil_cols_apart(c, n, width, ui->utf8);
	for (size_t i = s->nobs; i > 0; i--) {
		const struct kc_obs_row *o = &s->obs[i - 1];
		const char *cells[OC_COUNT] = { oc.hm, oc.what, narrow ? oc.flags : oc.score, oc.flags };
		int stop = (int)(s->nobs - i) + 1;
		enum ui_tone tone = o->level == KC_LEVEL_CRITICAL ? UI_CRIT : o->level ? UI_WARN : UI_NORMAL;
		unsigned dim = o->eie.code != KC_EIE_NONE ? UIL_DIM : 0;

		obs_cells(o, &oc);
		uil_lines_cells(l, c, n, *gap, 1u << OC_WHAT | (narrow ? 0 : 1u << OC_SCORE), cells, ui->utf8, tone,
				dim, stop);
		obs_details(o, det, sizeof det);
		snprintf(all, sizeof all, "%s%s%s", narrow ? oc.score : "", narrow ? "; " : "", det);
		/* the details whole, wrapped under the kind (a note is never cut) */
		uil_lines_wrap(l, width, ui->utf8, uil_col_x(c, OC_WHAT, *gap), "", all, UI_NORMAL, dim, stop);
	}
	return n;
}

static void draw_kinds(struct ui *ui, struct fx *s, WINDOW *w)
{
	ui_rule(ui, w, 0, "Record");
	for (int i = 0; i < FX_NKINDS && i + 1 < getmaxy(w); i++) {
		int sel = s->kl.sel == i;
		attr_t a = sel ? A_REVERSE : A_NORMAL;

		ui_put(ui, w, i + 1, 0, 2, a, sel ? ui->g.sel : "");
		ui_putf(ui, w, i + 1, 2, 1, a | ui_tone(ui, UI_KEY), "%c", fx_kinds[i].key);
		ui_put(ui, w, i + 1, 3, KINDS_W - 4, a, "");
		ui_put(ui, w, i + 1, 4, KINDS_W - 5, a, fx_kinds[i].label);
	}
	if (FX_NKINDS + 2 < getmaxy(w))
		ui_put(ui, w, FX_NKINDS + 2, 0, KINDS_W - 1, A_NORMAL, "letter or Enter records");
}

static void draw_list(struct ui *ui, struct fx *s, WINDOW *w)
{
	int y = 1, h = getmaxy(w), x = KINDS_W + 1, width = getmaxx(w) - x, gap = 1, rows, ncols;
	char title[64];
	struct uil_lines *l = &s->ol;
	struct uil_col c[OC_COUNT];

	/* what the last save stored and its alerts, whole (wrapped) */
	if (s->banner[0])
		y += ui_put_wrapped(ui, w, y, x, width, A_BOLD, s->banner);
	if (s->alerts[0])
		y += ui_put_wrapped(ui, w, y, x, width, ui_tone(ui, s->banner_tone), s->alerts);
	if (y > 1)
		y++;
	/* on the kinds' rule, set apart from it ("─ Record ──── Side effects ... ───") */
	snprintf(title, sizeof title, " Side effects this session (%zu) ", s->nobs);
	ui_put(ui, w, 0, x, ui_width(ui, title), A_BOLD, title);
	uil_lines_clear(l);
	if (!s->nobs) {
		ui_put(ui, w, y, x, width, A_NORMAL, "None recorded yet.");
		return;
	}
	rows = h - y;
	ncols = obs_lines(ui, s, width, l, c, &gap);
	/* the cursor's observation whole in view, from the one shown first before */
	l->sel = l->top = -1;
	for (int i = l->n - 1; i >= 0; i--) {
		if (l->v[i].stop == s->osel + 1)
			l->sel = i;
		if (l->v[i].stop == s->otop + 1)
			l->top = i;
	}
	l->top = l->top < 0 ? 0 : l->top;
	l->sel = uil_lines_entry_start(l, l->sel < 0 ? 0 : l->sel);
	uil_lines_scroll_whole(l, rows > 0 ? rows : 1);
	s->otop = l->v[l->top].stop - 1;
	for (int i = 0; i < rows && l->top + i < l->n; i++) {
		const struct uil_line *ln = &l->v[l->top + i];
		int sel = ln->stop == s->osel + 1;
		int start = uil_lines_entry_start(l, l->top + i) == l->top + i;
		attr_t a = (ln->flags & UIL_DIM ? A_DIM : A_NORMAL) | (sel ? A_REVERSE : A_NORMAL);
		attr_t extra[OC_COUNT] = { [OC_FLAGS] = ui_tone(ui, (enum ui_tone)ln->tone) };

		if (ncols < OC_COUNT) /* narrow: the flags in the third column */
			extra[OC_SCORE] = extra[OC_FLAGS];

		if (sel && start)
			ui_put(ui, w, y + i, x - 2, 2, A_REVERSE, ui->g.sel);
		ui_put_cols(ui, w, y + i, x, width, a, ln->text, c, ncols, gap, start ? extra : NULL);
		ui_search_mark(ui, &s->search, w, y + i, x, width, sel ? A_NORMAL : a, ln->text);
	}
	if (l->top > 0 || l->top + rows < l->n) /* more than fits: where the view is */
		ui_putf(ui, w, 0, getmaxx(w) - 12, 12, A_DIM, " %d-%d/%zu ", s->otop + 1,
			l->v[l->top + rows - 1 < l->n ? l->top + rows - 1 : l->n - 1].stop, s->nobs);
}

/* ---------- search (ui_search.h) ---------- */

static const struct uil_lines *search_lines(void *owner)
{
	return &((struct fx *)owner)->ol;
}

/* The line found last while it is in the cursor's observation (> goes on past it), else
 * the observation's first line; -1 (from the top) while the cursor is on the kinds. */
static int search_cursor(void *owner)
{
	const struct fx *s = owner;
	const struct uil_lines *l = &s->ol;
	int at = -1;

	for (int i = 0; s->on_list && i < l->n && at < 0; i++)
		if (l->v[i].stop == s->osel + 1)
			at = i;
	if (at >= 0 && s->found >= 0 && s->found < l->n && l->v[s->found].stop == s->osel + 1)
		return s->found;
	return at;
}

/* The cursor to the observation found, over the list (Tab's place), kept in view. */
static void search_go(struct ui *ui, void *owner, int line)
{
	struct fx *s = owner;

	s->found = line;
	s->osel = s->ol.v[line].stop - 1;
	s->on_list = 1;
	ui_mark(ui, UI_BODY);
}

void fx_search_init(struct fx *s)
{
	s->found = -1;
	s->search = (struct ui_search){ .owner = s, .lines = search_lines, .cursor = search_cursor, .go = search_go };
}

/* Below the open form: what the scale's numbers mean, and the quick picks. */
static void draw_legend(struct ui *ui, struct fx *s, WINDOW *w)
{
	const struct fx_kind *k = &fx_kinds[s->kind];
	const struct kc_alerts_cfg *a = &ui->app->cfg->alerts;
	int y = (int)s->def.n + 4, x = 2, width = getmaxx(w) - 4;

	if (y >= getmaxy(w))
		return;
	ui_rule(ui, w, y - 1, k->label);
	if (k->scale == KC_SCALE_MOAAS) {
		for (int i = 5; i >= 0; i--)
			ui_putf(ui, w, y++, x, width, A_NORMAL, "%d  %s", i, kc_moaas_label(i));
		ui_putf(ui, w, y++, x, width, A_NORMAL, "%d or less is charted WARN, %d or less CRIT",
			a->sedation_warn, a->sedation_critical);
	} else if (k->scale == KC_SCALE_NRS) {
		ui_putf(ui, w, y++, x, width, A_NORMAL, "0 none | 1-3 mild | 4-6 moderate | 7-10 severe; "
			"%d or more is charted WARN", k->kind == KC_OBS_NAUSEA ? a->nausea_warn : a->headache_warn);
	} else if (k->scale == KC_SCALE_CADSS6 || k->scale == KC_SCALE_CADSS) {
		ui_putf(ui, w, y++, x, width, A_NORMAL, "Each item 0-4, the total is computed; above %d is "
			"charted WARN.", a->dissociation_warn);
		ui_put(ui, w, y++, x, width, A_NORMAL, kc_label(s->labels, KC_LABELS_CADSS, 1, NULL) ||
		       kc_label(s->labels, KC_LABELS_CADSS, 2, NULL) ? "Items in the clinic's wording (labels_file); "
		       "the others by number as on its CADSS form." : "Item numbers as on the clinic's CADSS form.");
	}
	ui_put(ui, w, y++, x, width, A_NORMAL,
	       "Time: left as is it is now; an earlier time (e.g. 14:05) is charted LATE.");
	ui_put(ui, w, y, x, width, A_NORMAL, "Interventions: Space marks [x] each one done; "
	       "a letter moves to one.");
}

void fx_draw(struct ui *ui, void *priv, WINDOW *w)
{
	struct fx *s = priv;

	werase(w);
	if (s->form && ui_form_current(ui) == s->form) {
		draw_legend(ui, s, w);
		return;
	}
	draw_kinds(ui, s, w);
	draw_list(ui, s, w);
}
