/* effects_form.c — the form for one kind of side effect, built for each opening (the scale's
 * items or score, vomiting with nausea, what it is for "other", the intervention, a note),
 * read field by field into an observation for kc_chart_observation; what was stored and its
 * alerts are said in words at once. */
#include "scr_effects.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_form.h"

static const char *const severity_choices[] = { "- choose", "none", "mild", "moderate", "severe", NULL };
#define NONE "none"

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

		char fallback[24];

		snprintf(fallback, sizeof fallback, "Item %d (0-4)", no);
		/* the clinic's licensed wording when it supplied some, else the number alone */
		const char *label = kc_label(s->labels, KC_LABELS_CADSS, no, fallback);

		kc_strlcpy(s->item_label[i], label, sizeof s->item_label[i]);
		/* a label longer than the form's label column is cut there: the hint under the
		 * form gives it whole while the cursor is on the item */
		if (strcmp(label, fallback) != 0)
			snprintf(s->item_hint[i], sizeof s->item_hint[i], "%d. %s (0-4)", no, label);
		else
			snprintf(s->item_hint[i], sizeof s->item_hint[i], "0 not at all ... 4 extremely");
		s->item[s->def.n] = i;
		add(s, R_ITEM, (struct uif_field){ .label = s->item_label[i], .type = UIF_NUMBER, .width = 1,
						   .accept = "01234",
						   .hint = s->item_hint[i] });
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

/* Enter on the interventions saves (what is above them is filled first); elsewhere it
 * goes on to the next field. */
static int list_enter(void *priv, struct ui_form *f, size_t i)
{
	const struct fx *s = priv;

	(void)f;
	return s->role[i] == R_LIST;
}

void fx_build_form(struct fx *s, int kind)
{
	const struct fx_kind *k = &fx_kinds[kind];

	s->kind = kind;
	memset(&s->def, 0, sizeof s->def);
	snprintf(s->title, sizeof s->title, "%s", k->label);
	add(s, R_TIME, (struct uif_field){ .label = "Time (HH:MM)", .type = UIF_TIME, .init = UIF_NOW,
					   .hint = "follows the clock; or HH:MM, yesterday HH:MM" });
	add_score(s, k);
	/* what is offered for this kind ([interventions] lists), other last: one list, nothing
	 * marked (none marked: no intervention) */
	kc_ack_offer_effect(s->cfg, k->kind, s->infusion, &s->list.offer);
	{
		size_t from = s->def.n, n = s->def.n;

		ui_ack_list_fields(&s->list, s->f, &n, FX_FIELDS - 1, "Interventions");
		for (size_t i = from; i < n; i++)
			s->role[i] = R_LIST;
		s->def.n = n;
	}
	add(s, R_NOTE, (struct uif_field){ .label = "Note", .width = 30, .max = KC_NOTE_MAX - 1,
					   .hint = "what you saw or the patient said (optional)" });
	s->def.title = s->title;
	s->def.enter = list_enter;
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

static const char *score_name(const struct fx_kind *k)
{
	return k->kind == KC_OBS_SEDATION ? "MOAA/S" : k->kind == KC_OBS_NAUSEA ? "Nausea NRS" : "Headache NRS";
}

/* One field into the entry; items go to items[]. */
static int read_field(struct ui *ui, struct fx *s, struct ui_form *f, size_t i, struct kc_obs_entry *e,
		      int *items, struct kc_err *err)
{
	const struct fx_kind *k = &fx_kinds[s->kind];
	const char *t = ui_form_text(f, i);
	int c = ui_form_choice(f, i);

	switch (s->role[i]) {
	case R_TIME: return ui_form_time_for(ui, f, i, s->ref.session, &e->observed, err);
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
	case R_LIST: /* read as one list (fx_submit) */
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

void fx_score_text(const struct kc_obs_row *o, char *out, size_t n);

/* "Nausea", or for another effect what it is: "Other: itching". */
void fx_obs_what(const struct kc_obs_row *o, char *out, size_t n)
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
	fx_score_text(o, score, sizeof score);
	fx_obs_what(o, what, sizeof what);
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

int fx_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct fx *s = priv;
	struct kc_obs_entry e;
	struct kc_alert_list al;
	int items[KC_CADSS_ITEMS];
	struct kc_ack_action acts[KC_ACK_MAX];
	kc_id id = 0;
	int rc = KC_OK, was_paused = s->cs.paused;

	memset(&e, 0, sizeof e);
	e.kind = fx_kinds[s->kind].kind;
	e.scale = fx_kinds[s->kind].scale;
	e.detail = e.note = e.intervention = "";
	for (size_t i = 0; rc == KC_OK && i < s->def.n; i++)
		rc = read_field(ui, s, f, i, &e, items, err);
	if (rc == KC_OK)
		rc = ui_ack_list_read(&s->list, f, acts, &e.n_acts, err);
	if (rc != KC_OK)
		return rc;
	if (e.scale == KC_SCALE_CADSS || e.scale == KC_SCALE_CADSS6)
		e.items = items;
	e.acts = acts;
	/* the observation, its interventions and the pause one states: all or none */
	rc = kc_chart_observation(ui->app->store, ui->app->cfg, s->ref.session, &e, ui->now, &id, &al, err);
	if (rc != KC_OK)
		return rc;
	after_save(ui, s, id, &al);
	for (size_t i = 0; i < e.n_acts; i++)
		if (acts[i].kind == KC_ACT_PAUSE && s->infusion && !was_paused && s->cs.paused)
			ui_msg(ui, UI_WARN, "%s Infusion PAUSED.", s->banner);
	return KC_OK;
}
