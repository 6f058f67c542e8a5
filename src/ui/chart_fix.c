/* chart_fix.c — the chart view's two writes: a correction of a vitals reading or an
 * observation (the original stays, marked entered in error, its replacement follows) and
 * an addendum. */
#include "scr_chart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"

/* ---------- correcting a reading ---------- */

static void fix_common(struct fix *x, const char *what, time_t at)
{
	char t[16];

	for (int i = 0; i < KC_EIE_INVALID; i++)
		x->codes[i] = kc_eie_name((enum kc_error_code)(i + 1));
	x->codes[KC_EIE_INVALID] = NULL;
	snprintf(x->title, sizeof x->title, "Correct the %s of %s", what, chart_hm(at, t, sizeof t));
	x->f[FX_CODE] = (struct uif_field){ .label = "What was wrong", .type = UIF_CHOICE, .choices = x->codes,
					    .init = kc_eie_name(KC_EIE_WRONG_VALUE),
					    .hint = "Left/Right: wrong time, value, patient, invalid" };
	x->f[FX_WHY] = (struct uif_field){ .label = "Why (required)", .width = 36, .max = KC_NOTE_MAX - 1,
					   .hint = "e.g. typed 118 for a pulse of 78" };
}

/* A value field showing what is stored now ("-" clears it unless it is a score). */
static void fix_field(struct fix *x, int i, const char *label, int width, const char *accept, const char *was,
		      const char *unit)
{
	int clears = !accept || strchr(accept, '-');

	kc_strlcpy(x->label[i], label, sizeof x->label[i]);
	snprintf(x->hint[i], sizeof x->hint[i], "now %s%s%s; empty keeps it%s", was[0] ? was : "empty",
		 was[0] && unit[0] ? " " : "", was[0] ? unit : "", clears ? ", - clears it" : "");
	x->f[i] = (struct uif_field){ .label = x->label[i], .type = accept ? UIF_NUMBER : UIF_TEXT, .width = width,
				      .max = accept ? width : KC_NOTE_MAX - 1, .accept = accept, .hint = x->hint[i] };
}

static void fix_time_field(struct fix *x, int i, time_t was)
{
	char t[16];

	kc_strlcpy(x->label[i], "Time (HH:MM)", sizeof x->label[i]);
	snprintf(x->hint[i], sizeof x->hint[i], "now %s; empty keeps it", chart_hm(was, t, sizeof t));
	x->f[i] = (struct uif_field){ .label = x->label[i], .type = UIF_NUMBER, .width = 5, .accept = "0123456789:",
				      .hint = x->hint[i] };
}

/* "" keeps the original, "-" clears it, anything else replaces it. */
static const char *keep_or(const char *typed, const char *orig)
{
	if (!typed[0])
		return orig;
	return strcmp(typed, "-") == 0 ? "" : typed;
}

static void fixed(struct ui *ui, struct chart *c, enum etype type, kc_id orig, kc_id repl, time_t at,
		  enum kc_error_code code)
{
	char t[16];

	chart_reload_or_say(ui, c);
	chart_focus_entry(c, type, repl ? repl : orig);
	ui_msg(ui, UI_OK, "%s %s marked entered in error (%s)%s", chart_hm(at, t, sizeof t),
	       type == E_VITALS ? "reading" : "observation", kc_eie_name(code),
	       repl ? "; correction below." : ", not replaced.");
}

struct vfix_text {
	char why[KC_NOTE_MAX];
	char val[5][16];
	char time[16];
	int any;
};

static void vfix_read(struct ui_form *f, struct vfix_text *t)
{
	memset(t, 0, sizeof *t);
	kc_strlcpy(t->why, ui_form_text(f, FX_WHY), sizeof t->why);
	for (int i = 0; i < 5; i++) {
		kc_strlcpy(t->val[i], ui_form_text(f, (size_t)(FV_BP + i)), sizeof t->val[i]);
		t->any |= t->val[i][0] != '\0';
	}
	kc_strlcpy(t->time, ui_form_text(f, FV_TIME), sizeof t->time);
	t->any |= t->time[0] != '\0';
}

static int vfix_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct chart *c = priv;
	const struct kc_vitals_row *o = &c->fx.v;
	enum kc_error_code code = (enum kc_error_code)(ui_form_choice(f, FX_CODE) + 1);
	struct kc_vitals_result res;
	struct kc_vitals_entry e;
	struct vfix_text t;
	struct vtext was;
	int rc;

	vfix_read(f, &t);
	chart_vitals_text(&o->v, &was);
	memset(&e, 0, sizeof e);
	e.text = (struct kc_vitals_text){ keep_or(t.val[0], was.bp), keep_or(t.val[1], was.hr),
					  keep_or(t.val[2], was.spo2), keep_or(t.val[3], was.rr), was.temp,
					  keep_or(t.val[4], was.moaas) };
	/* A refused / unavailable reading stays so unless values are typed. */
	if (!e.text.bp[0] && !e.text.heart_rate[0] && !e.text.spo2[0] && !e.text.resp_rate[0] && !e.text.temp[0] &&
	    !e.text.moaas[0]) {
		e.status = o->status;
		e.reason = o->reason;
	}
	if (t.time[0] && (rc = kc_time_parse_hm(t.time, o->taken_at, &e.taken, err)) != KC_OK)
		return rc;
	rc = kc_chart_vitals_correct(ui->app->store, ui->app->cfg, o->id, code, t.why, t.any ? &e : NULL, ui->now,
				     &res, err);
	if (rc == KC_OK)
		fixed(ui, c, E_VITALS, o->id, t.any ? res.id : 0, o->taken_at, code);
	return rc;
}

static void vfix_open(struct ui *ui, struct chart *c, const struct kc_vitals_row *r)
{
	struct fix *x = &c->fx;
	struct vtext was;

	memset(x, 0, sizeof *x);
	x->type = E_VITALS;
	x->v = *r;
	chart_vitals_text(&r->v, &was);
	fix_common(x, "reading", r->taken_at);
	fix_field(x, FV_BP, "BP (e.g. 142/91)", 7, "0123456789/-", was.bp, "mmHg");
	fix_field(x, FV_HR, "HR /min", 3, "0123456789-", was.hr, "/min");
	fix_field(x, FV_SPO2, "SpO2 %", 4, "0123456789%-", was.spo2, "%");
	fix_field(x, FV_RR, "RR /min", 3, "0123456789-", was.rr, "/min");
	fix_field(x, FV_MOAAS, "MOAA/S (0-5)", 2, "012345-", was.moaas, "");
	fix_time_field(x, FV_TIME, r->taken_at);
	x->def = (struct uif_def){ .title = x->title, .fields = x->f, .n = FV_N, .row = 1, .submit = vfix_submit };
	if (ui_form_open(ui, &x->def, c))
		ui_msg(ui, UI_NORMAL, "Type only what changes; leave all values empty to only mark it in error.");
}

/* ---------- correcting an observation ---------- */

static int scale_max(enum kc_scale s)
{
	static const int max[KC_SCALE_COUNT] = {
		[KC_SCALE_CADSS] = 92, [KC_SCALE_CADSS6] = 24, [KC_SCALE_NRS] = 10,
		[KC_SCALE_MOAAS] = 5, [KC_SCALE_SEVERITY] = 3, [KC_SCALE_EPISODES] = 50,
	};

	return (unsigned)s < KC_SCALE_COUNT ? max[s] : 0;
}

/* The corrected entry: the original with the typed changes (empty keeps, and the core
 * validates and flags it like a new observation). */
static int ofix_entry(const struct chart *c, struct ui_form *f, struct kc_obs_entry *e, struct kc_err *err)
{
	const struct kc_obs_row *o = &c->fx.o;
	char score[16], tt[16], *end;

	*e = (struct kc_obs_entry){ .kind = o->kind, .scale = o->scale, .score = o->score,
				    .vomiting = o->vomiting, .detail = o->detail, .observed = o->observed_at };
	kc_strlcpy(score, ui_form_text(f, FO_SCORE), sizeof score);
	kc_strlcpy(tt, ui_form_text(f, FO_TIME), sizeof tt);
	if (score[0]) {
		long v = strtol(score, &end, 10);

		if (*end || v < 0 || v > 1000)
			return kc_fail(err, KC_ERR_INVALID, "score \"%s\": type a whole number 0-%d", score,
				       scale_max(o->scale));
		e->score = (int)v;
	}
	if (tt[0]) {
		int rc = kc_time_parse_hm(tt, o->observed_at, &e->observed, err);

		if (rc != KC_OK)
			return rc;
	}
	return KC_OK;
}

static int ofix_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct chart *c = priv;
	const struct kc_obs_row *o = &c->fx.o;
	enum kc_error_code code = (enum kc_error_code)(ui_form_choice(f, FX_CODE) + 1);
	struct kc_obs_entry e;
	char why[KC_NOTE_MAX], interv[KC_NOTE_MAX], note[KC_NOTE_MAX];
	kc_id id = 0;
	int any = 0, rc;

	kc_strlcpy(why, ui_form_text(f, FX_WHY), sizeof why);
	for (size_t i = FO_SCORE; i < FO_N; i++)
		any |= ui_form_text(f, i)[0] != '\0';
	if (any) {
		rc = ofix_entry(c, f, &e, err);
		if (rc != KC_OK)
			return rc;
		kc_strlcpy(interv, keep_or(ui_form_text(f, FO_INTERV), o->intervention), sizeof interv);
		kc_strlcpy(note, keep_or(ui_form_text(f, FO_NOTE), o->note), sizeof note);
		e.intervention = interv;
		e.note = note;
	}
	rc = kc_chart_obs_correct(ui->app->store, ui->app->cfg, c->d.rec.s.id, o->id, code, why, any ? &e : NULL,
				  ui->now, &id, NULL, err);
	if (rc == KC_OK)
		fixed(ui, c, E_OBS, o->id, id, o->observed_at, code);
	return rc;
}

static void ofix_open(struct ui *ui, struct chart *c, const struct kc_obs_row *o)
{
	struct fix *x = &c->fx;
	char was[16], label[24];

	memset(x, 0, sizeof *x);
	x->type = E_OBS;
	x->o = *o;
	fix_common(x, "observation", o->observed_at);
	snprintf(was, sizeof was, "%d", o->score);
	snprintf(label, sizeof label, "%s (0-%d)", kc_scale_name(o->scale), scale_max(o->scale));
	fix_field(x, FO_SCORE, label, 3, "0123456789", was, "");
	fix_time_field(x, FO_TIME, o->observed_at);
	fix_field(x, FO_INTERV, "Intervention", 36, NULL, o->intervention, "");
	fix_field(x, FO_NOTE, "Note", 36, NULL, o->note, "");
	x->def = (struct uif_def){ .title = x->title, .fields = x->f, .n = FO_N, .row = 1, .submit = ofix_submit };
	if (ui_form_open(ui, &x->def, c))
		ui_msg(ui, UI_NORMAL, "Type only what changes; leave all values empty to only mark it in error.");
}

/* x: the signed state and another clinician's hold are checked by the screen's enabled(). */
void chart_correct(struct ui *ui, struct chart *c)
{
	const struct entry *e = chart_choose_entry(ui, c, chart_kind(E_VITALS) | chart_kind(E_OBS),
						   "a reading or an observation", "x");
	const struct kc_eie *eie;

	if (!e)
		return;
	eie = e->type == E_VITALS ? &c->d.rec.vr[e->row].eie : &c->d.rec.obs[e->row].eie;
	if (eie->code != KC_EIE_NONE) {
		ui_msg(ui, UI_WARN, "Already marked entered in error%s.",
		       eie->replaced_by ? ": correct its replacement, right below it" : "");
		return;
	}
	if (e->type == E_VITALS)
		vfix_open(ui, c, &c->d.rec.vr[e->row]);
	else
		ofix_open(ui, c, &c->d.rec.obs[e->row]);
}

/* ---------- addendum ---------- */

static int addendum_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct chart *c = priv;
	int rc = kc_chart_addendum(ui->app->store, c->ref.session, ui_form_text(f, 0), ui->now, err);

	if (rc != KC_OK)
		return rc;
	chart_reload_or_say(ui, c);
	c->l.sel = c->pg.n - 1;
	ui_list_scroll(&c->l, c->rows);
	ui_msg(ui, UI_OK, "Addendum saved with your name and the time (at the end of the chart).");
	return KC_OK;
}

static const struct uif_field addendum_fields[] = {
	{ .label = "Addendum", .width = 44, .max = 1000, .hint = "free text; Enter saves it with your name and the time" },
};

static const struct uif_def addendum_def = {
	.title = "Addendum to this chart",
	.fields = addendum_fields,
	.n = 1,
	.row = 1,
	.submit = addendum_submit,
};

void chart_addendum_open(struct ui *ui, struct chart *c)
{
	ui_form_open(ui, &addendum_def, c);
}
