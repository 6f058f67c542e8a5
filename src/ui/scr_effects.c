/* scr_effects.c — side effects, any time in a session: the kinds on the left (a letter
 * or Enter picks one), the session's observations on the right, newest first; the form
 * for the chosen kind goes through kc_chart_observation and its alerts show at once.
 * CADSS wording is copyrighted: items are shown by number only. */
#include "ui.h"
#include "ui_vitals.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"

/* The shared vitals form is another file; until it is linked the key says so. */
#pragma weak ui_vitals_form_open

#define FX_FIELDS (KC_CADSS_ITEMS + 4)
#define KINDS_W 29
#define RELOAD_S 2

struct fx_kind {
	int key;
	const char *label;
	enum kc_obs_kind kind;
	enum kc_scale scale;
};

/* Vomiting is charted with nausea (episodes), so it has no row of its own. */
static const struct fx_kind kinds[] = {
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
#define NKINDS ((int)(sizeof kinds / sizeof kinds[0]))

enum { A_VITALS = ACT_SCREEN, A_CHART, A_KIND };

/* Each letter row's id is A_KIND + its index in kinds[]. The bar labels of the entry
 * keys are switched off (NULL) once the session has ended: the bar shows what works. */
static struct ui_action fx_actions[] = {
	{ ACT_ENTER, '\n', 0, "Enter", "record", "record the highlighted kind of side effect" },
	{ A_VITALS, 'v', 0, "v", "vitals", "enter a vitals reading" },
	{ A_CHART, 'c', 0, "c", "chart", "open the chart view of this session" },
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
	{ 0 },
};

/* What each form field means to submit(). */
enum fx_role { R_TIME, R_SCORE, R_VOMIT, R_WHAT, R_SEVERITY, R_ITEM, R_PICK, R_FREE, R_NOTE };

static const char *const severity_choices[] = { "- choose", "none", "mild", "moderate", "severe", NULL };
/* Index 0 stores no intervention. */
static const char *const pick_choices[] = {
	"none", "ondansetron 4 mg IV", "infusion paused", "rate reduced", "reassurance", NULL,
};

struct fx {
	struct ui_ref ref;
	struct kc_chart_state cs;
	struct kc_obs_row *obs;
	size_t nobs;
	struct ui_list kl;
	int kind;                      /* index in kinds[] of the open form */
	struct uif_field f[FX_FIELDS];
	enum fx_role role[FX_FIELDS];
	int item[FX_FIELDS];           /* R_ITEM: index in the item scores */
	char item_label[KC_CADSS_ITEMS][24];
	char time_init[8];
	char title[96];
	struct uif_def def;
	struct ui_form *form;          /* our form while it is open (not the vitals form) */
	char banner[KC_MSG_MAX];       /* what the last save stored */
	char alerts[KC_MSG_MAX];       /* and its alerts, each with its level word */
	enum ui_tone banner_tone;
	struct ui_vitals_ctx vctx;
	time_t loaded;
};

/* ---------- loading ---------- */

/* As the session screen says it in the title. */
static const char *route_word(enum kc_route r)
{
	return r == KC_ROUTE_ESKETAMINE ? "esketamine" : r == KC_ROUTE_IV ? "IV" : "IM";
}

static void bar_update(struct ui *ui, const struct fx *s)
{
	int open = !s->cs.s.ended_at;

	for (struct ui_action *a = fx_actions; a->id; a++) {
		const char *want;

		if (a->id == ACT_ENTER)
			want = open ? "record" : NULL;
		else if (a->id == A_VITALS)
			want = open ? "vitals" : NULL;
		else
			continue;
		if (want != a->label) {
			a->label = want;
			ui_mark(ui, UI_BAR);
		}
	}
}

static int fx_load(struct ui *ui, struct fx *s, struct kc_err *err)
{
	struct kc_obs_row *rows = NULL;
	size_t n = 0;
	int rc = kc_chart_state_load(ui->app->store, ui->app->cfg, s->ref.session, ui->now, &s->cs, err);

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
	bar_update(ui, s);
	return KC_OK;
}

static void fx_reload(struct ui *ui, struct fx *s)
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

/* ---------- the form ---------- */

static void add(struct fx *s, enum fx_role role, struct uif_field f)
{
	if (s->def.n >= FX_FIELDS)
		return;
	s->role[s->def.n] = role;
	s->f[s->def.n++] = f;
}

static void add_items(struct fx *s, enum kc_scale scale)
{
	int count = scale == KC_SCALE_CADSS ? KC_CADSS_ITEMS : KC_CADSS6_ITEMS;

	for (int i = 0; i < count; i++) {
		int no = scale == KC_SCALE_CADSS ? i + 1 : kc_cadss6_item_numbers[i];

		snprintf(s->item_label[i], sizeof s->item_label[i], "Item %d (0-4)", no);
		s->item[s->def.n] = i;
		add(s, R_ITEM, (struct uif_field){ .label = s->item_label[i], .type = UIF_NUMBER, .width = 1,
						   .accept = "01234",
						   .hint = "0 not at all ... 4 extremely" });
	}
}

static void add_score(struct fx *s, const struct fx_kind *k)
{
	switch (k->scale) {
	case KC_SCALE_CADSS:
	case KC_SCALE_CADSS6:
		add_items(s, k->scale);
		break;
	case KC_SCALE_NRS:
		add(s, R_SCORE, (struct uif_field){
			.label = k->kind == KC_OBS_NAUSEA ? "Nausea NRS 0-10" : "Headache NRS 0-10",
			.type = UIF_NUMBER, .width = 2, .accept = "0123456789",
			.hint = "0 none, 1-3 mild, 4-6 moderate, 7-10 severe" });
		if (k->kind == KC_OBS_NAUSEA)
			add(s, R_VOMIT, (struct uif_field){ .label = "Vomiting episodes", .type = UIF_NUMBER,
							    .width = 2, .accept = "0123456789",
							    .hint = "times vomited since the last entry; blank if none" });
		break;
	case KC_SCALE_MOAAS:
		add(s, R_SCORE, (struct uif_field){ .label = "MOAA/S 0-5", .type = UIF_NUMBER, .width = 1,
						    .accept = "012345",
						    .hint = "5 responds readily to name ... 0 none (list below)" });
		break;
	default:
		if (k->kind == KC_OBS_OTHER)
			add(s, R_WHAT, (struct uif_field){ .label = "What effect", .width = 30, .max = 63,
							   .hint = "e.g. itching, tinnitus, shivering" });
		add(s, R_SEVERITY, (struct uif_field){ .label = "Severity", .type = UIF_CHOICE,
						       .choices = severity_choices,
						       .hint = "n none, m mild / moderate, s severe" });
		break;
	}
}

static void build_form(struct ui *ui, struct fx *s, int kind)
{
	const struct fx_kind *k = &kinds[kind];

	s->kind = kind;
	memset(&s->def, 0, sizeof s->def);
	kc_time_local_hm(ui->now, s->time_init, sizeof s->time_init);
	snprintf(s->title, sizeof s->title, "%s", k->label);
	add(s, R_TIME, (struct uif_field){ .label = "Time (HH:MM)", .type = UIF_NUMBER, .width = 5,
					   .accept = "0123456789:", .init = s->time_init,
					   .hint = "left as is = now; ^U clears it" });
	add_score(s, k);
	add(s, R_PICK, (struct uif_field){ .label = "Intervention", .type = UIF_CHOICE, .choices = pick_choices,
					   .hint = "n none, o ondansetron, i paused, r rate / reassurance" });
	add(s, R_FREE, (struct uif_field){ .label = "Intervention, other", .width = 30, .max = KC_NOTE_MAX / 2,
					   .hint = "free text, added to the pick (e.g. cool cloth)" });
	add(s, R_NOTE, (struct uif_field){ .label = "Note", .width = 30, .max = KC_NOTE_MAX - 1,
					   .hint = "what you saw or the patient said (optional)" });
	s->def.title = s->title;
	s->def.fields = s->f;
	s->def.row = 0;
}

/* A small whole number typed in a NUMBER field. */
static int parse_count(const char *t, int max, const char *what, int *out, struct kc_err *err)
{
	char *end;
	long v;

	if (!t[0])
		return kc_fail(err, KC_ERR_INVALID, "%s: type a number 0-%d", what, max);
	v = strtol(t, &end, 10);
	if (*end || end == t)
		return kc_fail(err, KC_ERR_INVALID, "%s: '%s' is not a whole number 0-%d", what, t, max);
	if (v < 0 || v > max)
		return kc_fail(err, KC_ERR_INVALID, "%s %ld is outside 0-%d", what, v, max);
	*out = (int)v;
	return KC_OK;
}

static int read_time(struct ui *ui, struct fx *s, const char *t, time_t *out, struct kc_err *err)
{
	char hm[8];

	*out = 0; /* now */
	if (!t[0] || strcmp(t, s->time_init) == 0)
		return KC_OK;
	if (kc_time_parse_hm(t, ui->now, out, err) != KC_OK)
		return kc_fail(err, KC_ERR_INVALID, "Time \"%s\": type it as HH:MM, e.g. 14:05", t);
	kc_time_local_hm(ui->now, hm, sizeof hm);
	if (*out > ui->now)
		return kc_fail(err, KC_ERR_INVALID, "Time %s is later than now (%s): type when it was observed", t, hm);
	return KC_OK;
}

static const char *score_name(const struct fx_kind *k)
{
	return k->kind == KC_OBS_SEDATION ? "MOAA/S" : k->kind == KC_OBS_NAUSEA ? "Nausea NRS" : "Headache NRS";
}

/* One field into the entry; items go to items[]. */
static int read_field(struct ui *ui, struct fx *s, struct ui_form *f, size_t i, struct kc_obs_entry *e,
		      int *items, char *interv, struct kc_err *err)
{
	const struct fx_kind *k = &kinds[s->kind];
	const char *t = ui_form_text(f, i);
	int c = ui_form_choice(f, i);

	switch (s->role[i]) {
	case R_TIME: return read_time(ui, s, t, &e->observed, err);
	case R_SCORE: return parse_count(t, k->scale == KC_SCALE_MOAAS ? 5 : 10, score_name(k), &e->score, err);
	case R_VOMIT: return t[0] ? parse_count(t, 50, "Vomiting episodes", &e->vomiting, err) : KC_OK;
	case R_WHAT: e->detail = t; return KC_OK;
	case R_NOTE: e->note = t; return KC_OK;
	case R_ITEM: return parse_count(t, 4, s->f[i].label, &items[s->item[i]], err);
	case R_SEVERITY:
		if (c == 0)
			return kc_fail(err, KC_ERR_INVALID, "Severity: pick none, mild, moderate or severe (n, m, s)");
		e->score = c - 1;
		return KC_OK;
	case R_PICK:
		kc_strlcpy(interv, c ? pick_choices[c] : "", KC_NOTE_MAX);
		return KC_OK;
	case R_FREE:
		if (t[0])
			snprintf(interv + strlen(interv), KC_NOTE_MAX - strlen(interv), "%s%s", interv[0] ? "; " : "", t);
		return KC_OK;
	}
	return KC_OK;
}

static const struct kc_obs_row *obs_by_id(const struct fx *s, kc_id id)
{
	for (size_t i = 0; i < s->nobs; i++)
		if (s->obs[i].id == id)
			return &s->obs[i];
	return NULL;
}

static void score_text(const struct kc_obs_row *o, char *out, size_t n);

/* "Nausea", or for another effect what it is: "Other: itching". */
static void obs_what(const struct kc_obs_row *o, char *out, size_t n)
{
	if (o->kind == KC_OBS_OTHER)
		snprintf(out, n, "Other: %s", o->detail);
	else
		snprintf(out, n, "%s", kc_obs_kind_label(o->kind));
}

/* The banner and the status line say what was stored and every alert, in words. */
static void after_save(struct ui *ui, struct fx *s, kc_id id, const struct kc_alert_list *al)
{
	const struct kc_obs_row *o;
	char score[96], hm[8], what[96];
	size_t len = 0;

	fx_reload(ui, s);
	o = obs_by_id(s, id);
	if (!o)
		return;
	score_text(o, score, sizeof score);
	obs_what(o, what, sizeof what);
	kc_time_local_hm(o->observed_at, hm, sizeof hm);
	snprintf(s->banner, sizeof s->banner, "Saved %s %s %s%s", hm, what, score, o->late ? " LATE" : "");
	s->alerts[0] = '\0';
	for (int i = 0; i < al->n && len < sizeof s->alerts; i++)
		len += (size_t)snprintf(s->alerts + len, sizeof s->alerts - len, "%s%s: %s", i ? "; " : "",
					al->a[i].level == KC_LEVEL_CRITICAL ? "CRIT" : "WARN", al->a[i].text);
	s->banner_tone = al->worst == KC_LEVEL_CRITICAL ? UI_CRIT : al->worst ? UI_WARN : UI_OK;
	if (al->n)
		ui_msg(ui, s->banner_tone, "%s", s->alerts);
	else
		ui_msg(ui, UI_OK, "%s", s->banner);
	if (al->worst == KC_LEVEL_CRITICAL)
		ui_bell(ui);
	ui_mark(ui, UI_BODY);
}

static int fx_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct fx *s = priv;
	struct kc_obs_entry e;
	struct kc_alert_list al;
	int items[KC_CADSS_ITEMS];
	char interv[KC_NOTE_MAX] = "";
	kc_id id = 0;
	int rc = KC_OK;

	memset(&e, 0, sizeof e);
	e.kind = kinds[s->kind].kind;
	e.scale = kinds[s->kind].scale;
	e.detail = e.note = "";
	for (size_t i = 0; rc == KC_OK && i < s->def.n; i++)
		rc = read_field(ui, s, f, i, &e, items, interv, err);
	if (rc != KC_OK)
		return rc;
	if (e.scale == KC_SCALE_CADSS || e.scale == KC_SCALE_CADSS6)
		e.items = items;
	e.intervention = interv;
	rc = kc_chart_observation(ui->app->store, ui->app->cfg, s->ref.session, &e, ui->now, &id, &al, err);
	if (rc != KC_OK)
		return rc;
	after_save(ui, s, id, &al);
	return KC_OK;
}

/* Say why nothing can be charted, or 0 when the session is open. */
static int refuse_closed(struct ui *ui, const struct fx *s)
{
	if (s->cs.s.signed_by[0])
		ui_msg(ui, UI_WARN, "The session is signed and read-only: add an addendum in the chart view.");
	else if (s->cs.s.ended_at)
		ui_msg(ui, UI_WARN, "The session has ended (%s): nothing more can be charted.",
		       strcmp(s->cs.s.outcome, "against_advice") == 0 ? "left against advice"
		       : s->cs.s.outcome[0] ? s->cs.s.outcome : kc_phase_name(s->cs.s.phase));
	else
		return 0;
	return 1;
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
	if (kind < 0 || kind >= NKINDS || refuse_closed(ui, s))
		return;
	s->kl.sel = kind;
	build_form(ui, s, kind);
	s->def.submit = fx_submit;
	s->def.closed = fx_closed;
	s->form = ui_form_open(ui, &s->def, s);
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
	if (!ui_vitals_form_open) {
		ui_msg(ui, UI_WARN, "The vitals form is not available yet: use v on the session screen.");
		return;
	}
	memset(&s->vctx, 0, sizeof s->vctx);
	s->vctx.session = s->ref.session;
	s->vctx.saved = vitals_saved;
	ui_vitals_form_open(ui, &s->vctx);
}

static int fx_key(struct ui *ui, void *priv, int act, const struct ui_key *k)
{
	struct fx *s = priv;

	(void)k;
	if (act >= A_KIND && act < A_KIND + NKINDS) {
		open_kind(ui, s, act - A_KIND);
		return ACT_NONE;
	}
	if (ui_list_move(&s->kl, act, NKINDS)) {
		ui_mark(ui, UI_BODY);
		return ACT_NONE;
	}
	switch (act) {
	case ACT_ENTER: open_kind(ui, s, s->kl.sel); return ACT_NONE;
	case A_VITALS: open_vitals(ui, s); return ACT_NONE;
	case A_CHART: ui_open_named(ui, "chart", &s->ref); return ACT_NONE;
	default: return act;
	}
}

/* ---------- drawing ---------- */

static void score_text(const struct kc_obs_row *o, char *out, size_t n)
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

static int draw_obs(struct ui *ui, WINDOW *w, int y, int x, const struct kc_obs_row *o)
{
	char hm[8], score[96], what[96], flags[32], det[KC_NOTE_MAX * 2 + 32];
	int width = getmaxx(w) - x;
	enum ui_tone tone = o->level == KC_LEVEL_CRITICAL ? UI_CRIT : o->level ? UI_WARN : UI_NORMAL;
	int fw;

	kc_time_local_hm(o->observed_at, hm, sizeof hm);
	score_text(o, score, sizeof score);
	obs_what(o, what, sizeof what);
	snprintf(flags, sizeof flags, "%s%s%s", o->level == KC_LEVEL_CRITICAL ? "CRIT " : o->level ? "WARN " : "",
		 o->late ? "LATE " : "", o->eie.code != KC_EIE_NONE ? "IN ERROR" : "");
	fw = ui_width(ui, flags);
	ui_putf(ui, w, y, x, width - fw, o->eie.code ? A_DIM : A_NORMAL, "%s %s %s", hm, what, score);
	ui_put(ui, w, y, getmaxx(w) - fw, fw, ui_tone(ui, tone), flags);
	obs_details(o, det, sizeof det);
	ui_putf(ui, w, y + 1, x + 6, width - 6, A_NORMAL, "%s", det);
	return y + 2;
}

static void draw_kinds(struct ui *ui, struct fx *s, WINDOW *w)
{
	ui_rule(ui, w, 0, "Record");
	for (int i = 0; i < NKINDS && i + 1 < getmaxy(w); i++) {
		int sel = s->kl.sel == i;
		attr_t a = sel ? A_REVERSE : A_NORMAL;

		ui_put(ui, w, i + 1, 0, 2, a, sel ? ui->g.sel : "");
		ui_putf(ui, w, i + 1, 2, 1, a | ui_tone(ui, UI_KEY), "%c", kinds[i].key);
		ui_put(ui, w, i + 1, 3, KINDS_W - 4, a, "");
		ui_put(ui, w, i + 1, 4, KINDS_W - 5, a, kinds[i].label);
	}
	if (NKINDS + 2 < getmaxy(w))
		ui_put(ui, w, NKINDS + 2, 0, KINDS_W - 1, A_NORMAL, "letter or Enter records");
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
	snprintf(title, sizeof title, "Side effects this session (%zu)", s->nobs);
	ui_put(ui, w, 0, x, getmaxx(w) - x, A_BOLD, title);
	if (!s->nobs)
		ui_put(ui, w, y, x, getmaxx(w) - x, A_NORMAL, "None recorded yet.");
	for (size_t i = s->nobs; i > 0 && y + 1 < h; i--) {
		if (y + 3 >= h && i > 1) {
			ui_putf(ui, w, y, x, getmaxx(w) - x, A_NORMAL, "... %zu earlier (c: chart view)", i);
			break;
		}
		y = draw_obs(ui, w, y, x, &s->obs[i - 1]);
	}
}

/* Below the open form: what the scale's numbers mean, and the quick picks. */
static void draw_legend(struct ui *ui, struct fx *s, WINDOW *w)
{
	const struct fx_kind *k = &kinds[s->kind];
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

static void fx_draw(struct ui *ui, void *priv, WINDOW *w)
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

/* ---------- life cycle ---------- */

static int fx_open(struct ui *ui, void *priv, const void *arg, struct kc_err *err)
{
	struct fx *s = priv;

	if (!arg)
		return kc_fail(err, KC_ERR_INVALID, "no session chosen for side effects");
	s->ref = *(const struct ui_ref *)arg;
	if (fx_load(ui, s, err) != KC_OK)
		return err->status;
	s->ref.patient = s->cs.s.patient_id;
	s->kl.sel = 0;
	ui_list_set(&s->kl, NKINDS);
	fx_title(ui, s);
	refuse_closed(ui, s);
	return KC_OK;
}

static void fx_tick(struct ui *ui, void *priv, time_t now)
{
	struct fx *s = priv;

	(void)now;
	/* Beneath another screen nothing is painted; show() reloads. */
	if (!ui->hidden && time(NULL) - s->loaded >= RELOAD_S && !ui_form_current(ui))
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
};
