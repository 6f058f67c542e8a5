/* scr_effects.c — side effects, any time in a session: the fx_kinds on the left (a letter
 * or Enter picks one), the session's observations on the right, newest first; the form
 * for the chosen kind goes through kc_chart_observation and its alerts show at once.
 * CADSS wording is copyrighted: items are shown by number only. */
#include "scr_effects.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_form.h"
#include "ui_screen.h"



/* Vomiting is charted with nausea (episodes), so it has no row of its own. */
const struct fx_kind fx_kinds[] = {
	{ 'd', "Dissociation CADSS-6", KC_OBS_DISSOCIATION, KC_SCALE_CADSS6 },
	{ 'f', "Dissociation full CADSS", KC_OBS_DISSOCIATION, KC_SCALE_CADSS },
	{ 'n', "Nausea / vomiting", KC_OBS_NAUSEA, KC_SCALE_NRS },
	{ 'h', "Headache", KC_OBS_HEADACHE, KC_SCALE_NRS },
	{ 's', "Sedation (MOAA/S)", KC_OBS_SEDATION, KC_SCALE_MOAAS },
	{ 'a', "Anxiety/panic", KC_OBS_ANXIETY, KC_SCALE_SEVERITY },
	{ 'z', "Dizziness", KC_OBS_DIZZINESS, KC_SCALE_SEVERITY },
	{ 'l', "Hallucination/confusion", KC_OBS_HALLUCINATION, KC_SCALE_SEVERITY },
	{ 'b', "Blurred vision", KC_OBS_BLURRED_VISION, KC_SCALE_SEVERITY },
	{ 'p', "Chest pain/palpitations", KC_OBS_CHEST_PAIN, KC_SCALE_SEVERITY },
	{ 'm', "Numbness (hypoesthesia)", KC_OBS_HYPOESTHESIA, KC_SCALE_SEVERITY },
	{ 't', "Taste change (dysgeusia)", KC_OBS_DYSGEUSIA, KC_SCALE_SEVERITY },
	{ 'o', "Other (say what)", KC_OBS_OTHER, KC_SCALE_SEVERITY },
};
_Static_assert(sizeof fx_kinds / sizeof fx_kinds[0] == FX_NKINDS, "FX_NKINDS counts fx_kinds");

enum { A_VITALS = ACT_SCREEN, A_CHART, A_CORRECT, A_FOCUS, A_FIND, A_FNEXT, A_FPREV, A_KIND };

/* Each letter row's id is A_KIND + its index in fx_kinds[]. Once the session has ended only
 * the chart can be opened (fx_enabled()): the bar shows what works. */
static const struct ui_action fx_actions[] = {
	{ ACT_ENTER, '\n', 0, "Enter", "record", "record the highlighted kind of side effect" },
	{ A_VITALS, 'v', 0, "v", "vitals", "enter a vitals reading" },
	{ A_CHART, 'c', 0, "c", "chart", "open the chart view of this session" },
	{ A_CORRECT, 'w', 'x', "w", "correct",
	  "correct the side effect under the cursor (x too; Tab, then Up/Down chooses it): what was wrong, "
	  "why, the right score, time, intervention, note; the original stays, marked in error" },
	{ A_FOCUS, '\t', 0, "Tab", NULL, "Up/Down move over the kinds, or over this session's side effects" },
	{ A_KIND + 0, 'd', 0, "d", NULL, "dissociation on the CADSS-6 (items 1, 2, 6, 7, 15, 22; each 0-4)" },
	{ A_KIND + 1, 'f', 0, "f", NULL, "dissociation on the full CADSS (23 items, each 0-4)" },
	{ A_KIND + 2, 'n', 0, "n", NULL, "nausea (NRS 0-10) and vomiting episodes" },
	{ A_KIND + 3, 'h', 0, "h", NULL, "headache (NRS 0-10)" },
	{ A_KIND + 4, 's', 0, "s", NULL, "sedation (MOAA/S 0-5)" },
	{ A_KIND + 5, 'a', 0, "a", NULL, "anxiety or panic (none, mild, moderate, severe)" },
	{ A_KIND + 6, 'z', 0, "z", NULL, "dizziness (none, mild, moderate, severe)" },
	{ A_KIND + 7, 'l', 0, "l", NULL, "hallucination or confusion (none, mild, moderate, severe)" },
	{ A_KIND + 8, 'b', 0, "b", NULL, "blurred vision (none, mild, moderate, severe)" },
	{ A_KIND + 9, 'p', 0, "p", NULL, "chest pain or palpitations (none, mild, moderate, severe)" },
	{ A_KIND + 10, 'm', 0, "m", NULL, "numbness, hypoesthesia (none, mild, moderate, severe)" },
	{ A_KIND + 11, 't', 0, "t", NULL, "taste change, dysgeusia (none, mild, moderate, severe)" },
	{ A_KIND + 12, 'o', 0, "o", NULL, "any other effect: say what it is, and how severe" },
	UI_SEARCH_ACTIONS(A_FIND, "in this session's side effects"), /* n is nausea here: > and < */
	{ 0 },
};

/* ---------- loading ---------- */

/* As the session screen says it in the title. */
static const char *route_word(enum kc_route r)
{
	return r == KC_ROUTE_ESKETAMINE ? "esketamine" : r == KC_ROUTE_IV ? "IV" : "IM";
}

static int fx_load(struct ui *ui, struct fx *s, struct kc_err *err)
{
	struct kc_obs_row *rows = NULL;
	size_t n = 0;
	int rc;

	ui_reload_mark(ui->app->store, &s->fresh);
	rc = kc_chart_state_load(ui->app->store, ui->app->cfg, s->ref.session, ui->now, &s->cs, err);

	if (rc == KC_OK)
		rc = kc_obs_list(ui->app->store, s->ref.session, &rows, &n, err);
	if (rc != KC_OK)
		return rc;
	if (n != s->nobs || (n && rows[n - 1].id != s->obs[n - 1].id))
		ui_mark(ui, UI_BODY);
	free(s->obs);
	s->obs = rows;
	s->nobs = n;
	s->loaded = time(NULL);
	return KC_OK;
}

void fx_reload(struct ui *ui, struct fx *s)
{
	struct kc_err err;

	kc_err_clear(&err);
	if (fx_load(ui, s, &err) != KC_OK)
		ui_error(ui, &err);
}

static void fx_title(struct ui *ui, struct fx *s)
{
	ui_set_title(ui, "%s #%s - %s %s", s->cs.p.name, s->cs.p.chart_no, route_word(s->cs.s.route),
		     kc_phase_name(s->cs.s.phase));
}

/* Why nothing more can be charted ("" while the session is open). */
static void closed_why(const struct fx *s, char *why, size_t n)
{
	why[0] = '\0';
	if (s->cs.s.signed_by[0])
		snprintf(why, n, "The session is signed and read-only: add an addendum in the chart view.");
	else if (s->cs.s.ended_at)
		snprintf(why, n, "The session has ended (%s): nothing more can be charted.",
			 strcmp(s->cs.s.outcome, "against_advice") == 0 ? "left against advice"
			 : s->cs.s.outcome[0] ? s->cs.s.outcome : kc_phase_name(s->cs.s.phase));
}

/* Say why nothing can be charted, or 0 when the session is open. */
static int refuse_closed(struct ui *ui, const struct fx *s)
{
	char why[KC_MSG_MAX];

	closed_why(s, why, sizeof why);
	if (why[0])
		ui_msg(ui, UI_WARN, "%s", why);
	return why[0] != '\0';
}

/* Everything but the chart view charts: only while the session is open. */
static int fx_enabled(struct ui *ui, void *priv, int act, char *why, size_t n)
{
	const struct fx *s = priv;

	if (act == A_CHART || act == A_FOCUS || (act >= A_FIND && act <= A_FPREV))
		return 1;
	if (act == A_CORRECT) {
		if (s->cs.s.signed_by[0])
			kc_strlcpy(why, "The session is signed: a physician amends it from the chart (c, then m).", n);
		else if (!s->nobs)
			kc_strlcpy(why, "No side effect to correct yet.", n);
		else
			return !ui_held_by_other(ui, s->cs.s.id, why, n);
		return 0;
	}
	closed_why(priv, why, n);
	return why[0] == '\0';
}

static void fx_closed(struct ui *ui, void *priv, int saved)
{
	struct fx *s = priv;

	(void)saved;
	s->form = NULL;
	ui_mark(ui, UI_BODY);
}

static void open_kind(struct ui *ui, struct fx *s, int kind)
{
	const char *init[FX_FIELDS] = { UIF_NOW }; /* the time, field 0: follows the clock */

	if (kind < 0 || kind >= FX_NKINDS || refuse_closed(ui, s))
		return;
	s->kl.sel = kind;
	s->cfg = ui->app->cfg;
	s->labels = ui->app->labels;
	s->infusion = s->cs.s.route == KC_ROUTE_IV && s->cs.s.dose_start && !s->cs.s.dose_end;
	fx_build_form(s, kind);
	s->def.submit = fx_submit;
	s->def.closed = fx_closed;
	s->form = ui_form_open_init(ui, &s->def, s, init);
	ui_mark(ui, UI_BODY);
}

/* ---------- keys ---------- */

/* The context lives in the screen's priv: reload what the body shows from it. */
static void vitals_saved(struct ui *ui, struct ui_vitals_ctx *ctx)
{
	struct fx *s = (struct fx *)(void *)((char *)ctx - offsetof(struct fx, vctx));

	fx_reload(ui, s);
	ui_mark(ui, UI_BODY);
}

static void open_vitals(struct ui *ui, struct fx *s)
{
	if (refuse_closed(ui, s))
		return;
	memset(&s->vctx, 0, sizeof s->vctx);
	s->vctx.session = s->ref.session;
	s->vctx.saved = vitals_saved;
	ui_vitals_form_open(ui, &s->vctx);
}

/* ---------- correcting the observation under the cursor ---------- */

static void fix_saved(struct ui *ui, struct ui_fix *x, kc_id orig, kc_id repl)
{
	struct fx *s = x->owner;

	fx_reload(ui, s);
	for (size_t i = 0; i < s->nobs; i++)
		if (s->obs[i].id == (repl ? repl : orig))
			s->osel = (int)(s->nobs - 1 - i);
	ui_mark(ui, UI_BODY);
}

static void correct_open(struct ui *ui, struct fx *s)
{
	if (s->osel < 0 || (size_t)s->osel >= s->nobs)
		s->osel = 0;
	s->fix.session = s->ref.session;
	s->fix.owner = s;
	s->fix.saved = fix_saved;
	ui_fix_obs(ui, &s->fix, &s->obs[s->nobs - 1 - (size_t)s->osel]);
}

static int obs_move(struct ui *ui, struct fx *s, int act)
{
	int sel = s->osel, last = (int)s->nobs - 1;

	switch (act) {
	case ACT_UP: sel--; break;
	case ACT_DOWN: sel++; break;
	case ACT_PGUP: sel -= 5; break;
	case ACT_PGDN: sel += 5; break;
	case ACT_HOME: sel = 0; break;
	case ACT_END: sel = last; break;
	default: return 0;
	}
	s->osel = sel > last ? last : sel < 0 ? 0 : sel;
	ui_mark(ui, UI_BODY);
	return 1;
}

static int fx_key(struct ui *ui, void *priv, int act, const struct ui_key *k)
{
	struct fx *s = priv;

	(void)k;
	if (act >= A_KIND && act < A_KIND + FX_NKINDS) {
		open_kind(ui, s, act - A_KIND);
		return ACT_NONE;
	}
	if (act == A_FOCUS) {
		s->on_list = !s->on_list && s->nobs;
		ui_msg(ui, UI_NORMAL, s->on_list ? "Up/Down choose a side effect; w corrects it; Tab: back to the kinds." :
		       "Up/Down choose a kind to record; Tab: the side effects recorded.");
		ui_mark(ui, UI_BODY);
		return ACT_NONE;
	}
	if (act == A_CORRECT) {
		correct_open(ui, s);
		return ACT_NONE;
	}
	if (ui_search_key(ui, &s->search, act, A_FIND))
		return ACT_NONE;
	if (s->on_list && obs_move(ui, s, act))
		return ACT_NONE;
	if (ui_list_move(&s->kl, act, FX_NKINDS)) {
		ui_mark(ui, UI_BODY);
		return ACT_NONE;
	}
	switch (act) {
	case ACT_ENTER: open_kind(ui, s, s->kl.sel); return ACT_NONE;
	case A_VITALS: open_vitals(ui, s); return ACT_NONE;
	case A_CHART: ui_push(ui, &ui_scr_chart, &s->ref); return ACT_NONE;
	default: return act;
	}
}

/* ---------- life cycle ---------- */

static int fx_open(struct ui *ui, void *priv, const void *arg, struct kc_err *err)
{
	struct fx *s = priv;

	if (!arg)
		return kc_fail(err, KC_ERR_INVALID, "no session chosen for side effects");
	s->ref = *(const struct ui_ref *)arg;
	fx_search_init(s);
	if (fx_load(ui, s, err) != KC_OK)
		return err->status;
	s->ref.patient = s->cs.s.patient_id;
	s->kl.sel = 0;
	ui_list_set(&s->kl, FX_NKINDS);
	fx_title(ui, s);
	refuse_closed(ui, s);
	return KC_OK;
}

static void fx_tick(struct ui *ui, void *priv, time_t now)
{
	struct fx *s = priv;

	(void)now;
	/* Beneath another screen nothing is painted; show() reloads. The database only when
	 * it changed (ui_reload.h): nothing shown here moves with the clock (the observations
	 * with their LATE marks, stored with them; the session's phase), and an open form's
	 * time follows the clock by itself (ui_form_tick). */
	if (!ui->hidden && !ui_form_current(ui) && ui_reload_due(ui->app->store, 0, &s->fresh))
		fx_reload(ui, s);
}

static void fx_show(struct ui *ui, void *priv)
{
	struct fx *s = priv;

	fx_reload(ui, s);
	fx_title(ui, s);
}

static void fx_close(struct ui *ui, void *priv)
{
	struct fx *s = priv;

	(void)ui;
	free(s->obs);
	uil_lines_free(&s->ol);
}

const struct screen_ops ui_scr_effects = {
	.name = "effects",
	.title = "Side effects",
	.private_size = sizeof(struct fx),
	.actions = fx_actions,
	.open = fx_open,
	.draw = fx_draw,
	.key = fx_key,
	.tick = fx_tick,
	.show = fx_show,
	.close = fx_close,
	.enabled = fx_enabled,
};
