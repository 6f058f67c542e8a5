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

static int draw_obs(struct ui *ui, WINDOW *w, int y, int x, const struct kc_obs_row *o, int sel)
{
	char hm[8], score[96], what[96], flags[32], det[KC_NOTE_MAX * 2 + 32];
	int width = getmaxx(w) - x;
	enum ui_tone tone = o->level == KC_LEVEL_CRITICAL ? UI_CRIT : o->level ? UI_WARN : UI_NORMAL;
	int fw;

	kc_time_local_hm(o->observed_at, hm, sizeof hm);
	fx_score_text(o, score, sizeof score);
	fx_obs_what(o, what, sizeof what);
	snprintf(flags, sizeof flags, "%s%s%s", o->level == KC_LEVEL_CRITICAL ? "CRIT " : o->level ? "WARN " : "",
		 o->late ? "LATE " : "", o->eie.code != KC_EIE_NONE ? "IN ERROR" : "");
	if (o->eie.corrects && !o->eie.code)
		snprintf(flags + strlen(flags), sizeof flags - strlen(flags), "correction");
	fw = ui_width(ui, flags);
	if (sel)
		ui_put(ui, w, y, x - 2, 2, A_REVERSE, ui->g.sel);
	ui_putf(ui, w, y, x, width - fw, (o->eie.code ? A_DIM : A_NORMAL) | (sel ? A_REVERSE : A_NORMAL), "%s %s %s",
		hm, what, score);
	ui_put(ui, w, y, getmaxx(w) - fw, fw, ui_tone(ui, tone), flags);
	obs_details(o, det, sizeof det);
	/* the details whole, wrapped under the time (a note is never cut) */
	return y + 1 + ui_put_wrapped(ui, w, y + 1, x + 6, width - 6, A_NORMAL, det);
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
	int y = 1, h = getmaxy(w), x = KINDS_W + 1;
	char title[64];

	if (s->banner[0])
		ui_put(ui, w, y++, x, getmaxx(w) - x, A_BOLD, s->banner);
	if (s->alerts[0])
		ui_put(ui, w, y++, x, getmaxx(w) - x, ui_tone(ui, s->banner_tone), s->alerts);
	if (y > 1)
		y++;
	/* on the kinds' rule, set apart from it ("─ Record ──── Side effects ... ───") */
	snprintf(title, sizeof title, " Side effects this session (%zu) ", s->nobs);
	ui_put(ui, w, 0, x, ui_width(ui, title), A_BOLD, title);
	if (!s->nobs)
		ui_put(ui, w, y, x, getmaxx(w) - x, A_NORMAL, "None recorded yet.");
	/* newest first, from the one that keeps the cursor's in view */
	int cap = (h - y - 1) / 2, skip = s->osel >= cap && cap > 0 ? s->osel - cap + 1 : 0;

	for (size_t i = s->nobs - (size_t)(skip < (int)s->nobs ? skip : 0); i > 0 && y + 1 < h; i--) {
		if (y + 3 >= h && i > 1) {
			ui_putf(ui, w, y, x, getmaxx(w) - x, A_NORMAL, "... %zu earlier (c: chart view)", i);
			break;
		}
		y = draw_obs(ui, w, y, x, &s->obs[i - 1], (int)(s->nobs - i) == s->osel && s->nobs);
	}
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
		ui_put(ui, w, y++, x, width, A_NORMAL, "Item numbers as on the clinic's CADSS form.");
	}
	ui_put(ui, w, y++, x, width, A_NORMAL,
	       "Time: left as is it is now; an earlier time (e.g. 14:05) is charted LATE.");
	ui_put(ui, w, y, x, width, A_NORMAL, "Intervention: a letter picks, Left/Right cycles; "
	       "the text field adds to it.");
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
