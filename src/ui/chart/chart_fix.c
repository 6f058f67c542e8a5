/* chart_fix.c — the correction forms of every kind of entry (ui_fix.h), shared by the chart
 * view, the session screen and the side-effect screen, and the chart view's other write
 * before signing, the addendum. A correction keeps the original, marked entered in error,
 * and stores its replacement, marked a correction. */
#include "scr_chart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"
#include "../ui_app.h"
#include "../ui_draw.h"
#include "../ui_form.h"

/* ---------- the form kit ---------- */

enum { FX_CODE, FX_WHY, FX_VALUES };

/* What a value field of a form means to its submit. */
enum role { R_NONE, R_STATUS, R_BP, R_HR, R_SPO2, R_RR, R_MOAAS, R_TEMP, R_TIME, R_REASON, R_SCORE, R_INTERV,
	    R_NOTE, R_MG, R_RATE, R_LOT, R_KG, R_CHART_NO, R_NAME, R_DOB };

/* The title and, unless it is the patient's details, what was wrong; then why. Returns the
 * next free field. */
static size_t fix_begin(struct ui_fix *x, enum ui_fix_kind kind, const char *what, time_t at)
{
	char t[16];
	size_t i = 0;

	memset(&x->kind, 0, sizeof *x - offsetof(struct ui_fix, kind));
	x->kind = kind;
	for (int k = 0; k < KC_EIE_INVALID; k++)
		x->codes[k] = kc_eie_name((enum kc_error_code)(k + 1));
	x->codes[KC_EIE_INVALID] = NULL;
	if (at)
		snprintf(x->title, sizeof x->title, "Correct the %s of %s", what, chart_hm(at, t, sizeof t));
	else
		snprintf(x->title, sizeof x->title, "Correct the %s", what);
	if (kind != UI_FIX_PATIENT)
		x->f[i++] = (struct uif_field){ .label = "What was wrong", .type = UIF_CHOICE, .choices = x->codes,
						.init = kc_eie_name(KC_EIE_WRONG_VALUE),
						.hint = "Left/Right: wrong time, value, patient, invalid" };
	x->f[i++] = (struct uif_field){ .label = "Why (required)", .width = 36, .max = KC_NOTE_MAX - 1,
					.hint = "e.g. typed 118 for a pulse of 78" };
	return i;
}

/* A value field showing what is stored now ("-" clears it unless it is a number). */
static size_t fix_field(struct ui_fix *x, size_t i, enum role role, const char *label, int width,
			const char *accept, const char *was, const char *unit)
{
	int clears = !accept || strchr(accept, '-');

	kc_strlcpy(x->label[i], label, sizeof x->label[i]);
	snprintf(x->hint[i], sizeof x->hint[i], "now %s%s%s; empty keeps it%s", was[0] ? was : "empty",
		 was[0] && unit[0] ? " " : "", was[0] ? unit : "", clears ? ", - clears it" : "");
	x->f[i] = (struct uif_field){ .label = x->label[i], .type = accept ? UIF_NUMBER : UIF_TEXT, .width = width,
				      .max = accept ? width : KC_NOTE_MAX - 1, .accept = accept, .hint = x->hint[i] };
	x->idx[i] = role;
	return i + 1;
}

static size_t fix_time_field(struct ui_fix *x, size_t i, time_t was)
{
	char t[16];

	kc_strlcpy(x->label[i], "Time (HH:MM)", sizeof x->label[i]);
	snprintf(x->hint[i], sizeof x->hint[i], "now %s; empty keeps it", chart_hm(was, t, sizeof t));
	x->f[i] = (struct uif_field){ .label = x->label[i], .type = UIF_NUMBER, .width = 5, .accept = "0123456789:",
				      .hint = x->hint[i] };
	x->idx[i] = R_TIME;
	return i + 1;
}

static void fix_open(struct ui *ui, struct ui_fix *x, size_t n,
		     int (*submit)(struct ui *, void *, struct ui_form *, struct kc_err *))
{
	x->def = (struct uif_def){ .title = x->title, .fields = x->f, .n = n, .row = 1, .submit = submit };
	if (ui_form_open(ui, &x->def, x))
		ui_msg(ui, UI_NORMAL, "Type only what changes; leave all values empty to only mark it in error.");
}

/* The typed text of the field with role r ("" when the form has none). */
static const char *typed(struct ui_fix *x, struct ui_form *f, enum role r, char *buf, size_t n)
{
	buf[0] = '\0';
	for (size_t i = 0; i < x->def.n; i++)
		if (x->idx[i] == (int)r)
			kc_strlcpy(buf, ui_form_text(f, i), n);
	return buf;
}

/* Whether any value field holds typed text. */
static int any_typed(struct ui_fix *x, struct ui_form *f)
{
	for (size_t i = 0; i < x->def.n; i++)
		if (x->idx[i] != R_NONE && x->idx[i] != R_STATUS && ui_form_text(f, i)[0])
			return 1;
	return 0;
}

/* "" keeps the original, "-" clears it, anything else replaces it. */
static const char *keep_or(const char *t, const char *orig)
{
	if (!t[0])
		return orig;
	return strcmp(t, "-") == 0 ? "" : t;
}

static int fix_time(struct ui_fix *x, struct ui_form *f, time_t ref, time_t *out, struct kc_err *err)
{
	char t[16];

	*out = 0;
	if (!typed(x, f, R_TIME, t, sizeof t)[0])
		return KC_OK;
	return kc_time_parse_hm(t, ref, out, err);
}

static enum kc_error_code fix_code(struct ui_form *f)
{
	return (enum kc_error_code)(ui_form_choice(f, FX_CODE) + 1);
}

static void fixed(struct ui *ui, struct ui_fix *x, const char *what, time_t at, kc_id orig, kc_id repl,
		  enum kc_error_code code)
{
	char t[16];

	x->code = code;
	ui_msg(ui, UI_OK, "%s %s marked entered in error (%s)%s", chart_hm(at, t, sizeof t), what, kc_eie_name(code),
	       repl ? "; the correction is saved." : ", not replaced.");
	if (x->saved)
		x->saved(ui, x, orig, repl);
}

static int already_in_error(struct ui *ui, const struct kc_eie *e)
{
	if (e->code == KC_EIE_NONE)
		return 0;
	ui_msg(ui, UI_WARN, "Already marked entered in error%s.",
	       e->replaced_by ? ": correct its replacement, right below it" : "");
	return 1;
}

/* ---------- a reading: every field, the status and the time ---------- */

/* The texts the entry points into: what was typed and what is stored now. */
struct vfix_text {
	char why[KC_NOTE_MAX], reason[KC_NOTE_MAX];
	char bp[16], hr[16], spo2[16], rr[16], moaas[16], temp[16];
	struct vtext was;
};

static void vfix_entry(struct ui_fix *x, struct ui_form *f, struct vfix_text *t, struct kc_vitals_entry *e)
{
	const struct kc_vitals_row *o = &x->v;
	const struct vtext *was = &t->was;
	int taken;

	chart_vitals_text(&o->v, &t->was);
	memset(e, 0, sizeof *e);
	for (size_t i = 0; i < x->def.n; i++)
		if (x->idx[i] == R_STATUS)
			e->status = (enum kc_vstatus)ui_form_choice(f, i);
	taken = e->status == KC_VITALS_TAKEN && o->status == KC_VITALS_TAKEN;
	/* values in force are kept only while the reading stays a taken one */
	e->text = (struct kc_vitals_text){
		keep_or(typed(x, f, R_BP, t->bp, sizeof t->bp), taken ? was->bp : ""),
		keep_or(typed(x, f, R_HR, t->hr, sizeof t->hr), taken ? was->hr : ""),
		keep_or(typed(x, f, R_SPO2, t->spo2, sizeof t->spo2), taken ? was->spo2 : ""),
		keep_or(typed(x, f, R_RR, t->rr, sizeof t->rr), taken ? was->rr : ""),
		keep_or(typed(x, f, R_TEMP, t->temp, sizeof t->temp), taken ? was->temp : ""),
		keep_or(typed(x, f, R_MOAAS, t->moaas, sizeof t->moaas), taken ? was->moaas : ""),
	};
	e->reason = e->status == KC_VITALS_TAKEN ? "" :
		    keep_or(typed(x, f, R_REASON, t->reason, sizeof t->reason), o->reason);
}

static int vfix_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct ui_fix *x = priv;
	const struct kc_vitals_row *o = &x->v;
	enum kc_error_code code = fix_code(f);
	struct kc_vitals_result res;
	struct kc_vitals_entry e;
	struct vfix_text t;
	int any, rc;

	kc_strlcpy(t.why, ui_form_text(f, FX_WHY), sizeof t.why);
	vfix_entry(x, f, &t, &e);
	any = any_typed(x, f) || e.status != o->status;
	rc = fix_time(x, f, o->taken_at, &e.taken, err);
	if (rc == KC_OK)
		rc = kc_chart_vitals_correct(ui->app->store, ui->app->cfg, o->id, code, t.why, any ? &e : NULL, ui->now,
					     &res, err);
	if (rc == KC_OK)
		fixed(ui, x, "reading", o->taken_at, o->id, any ? res.id : 0, code);
	return rc;
}

void ui_fix_vitals(struct ui *ui, struct ui_fix *x, const struct kc_vitals_row *r)
{
	struct vtext was;
	size_t i;

	if (already_in_error(ui, &r->eie))
		return;
	i = fix_begin(x, UI_FIX_VITALS, "reading", r->taken_at);
	x->v = *r;
	x->session = r->session_id;
	chart_vitals_text(&r->v, &was);
	x->status[0] = "taken";
	x->status[1] = "refused";
	x->status[2] = "unavailable";
	i = fix_field(x, i, R_BP, "BP (e.g. 142/91)", 7, "0123456789/-", was.bp, "mmHg");
	i = fix_field(x, i, R_HR, "HR /min", 3, "0123456789-", was.hr, "/min");
	i = fix_field(x, i, R_SPO2, "SpO2 %", 4, "0123456789%-", was.spo2, "%");
	i = fix_field(x, i, R_RR, "RR /min", 3, "0123456789-", was.rr, "/min");
	i = fix_field(x, i, R_MOAAS, "MOAA/S (0-5)", 2, "012345-", was.moaas, "");
	i = fix_field(x, i, R_TEMP, "Temp C", 5, "0123456789.CFcf-", was.temp, "C");
	i = fix_time_field(x, i, r->taken_at);
	x->f[i] = (struct uif_field){ .label = "Taken?", .type = UIF_CHOICE, .choices = x->status,
				      .init = kc_vstatus_name(r->status),
				      .hint = "Left/Right: taken, refused by the patient, unavailable" };
	x->idx[i++] = R_STATUS;
	i = fix_field(x, i, R_REASON, "Why not taken", 36, NULL, r->reason, "");
	fix_open(ui, x, i, vfix_submit);
}

/* ---------- an observation ---------- */

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
static int ofix_entry(struct ui_fix *x, struct ui_form *f, struct kc_obs_entry *e, struct kc_err *err)
{
	const struct kc_obs_row *o = &x->o;
	char score[16], *end;

	*e = (struct kc_obs_entry){ .kind = o->kind, .scale = o->scale, .score = o->score,
				    .vomiting = o->vomiting, .detail = o->detail, .observed = o->observed_at };
	if (typed(x, f, R_SCORE, score, sizeof score)[0]) {
		long v = strtol(score, &end, 10);

		if (*end || v < 0 || v > 1000)
			return kc_fail(err, KC_ERR_INVALID, "score \"%s\": type a whole number 0-%d", score,
				       scale_max(o->scale));
		e->score = (int)v;
	}
	return fix_time(x, f, o->observed_at, &e->observed, err) == KC_OK ? KC_OK : err->status;
}

static int ofix_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct ui_fix *x = priv;
	const struct kc_obs_row *o = &x->o;
	enum kc_error_code code = fix_code(f);
	struct kc_obs_entry e;
	char why[KC_NOTE_MAX], interv[KC_NOTE_MAX], note[KC_NOTE_MAX];
	kc_id id = 0;
	int any = any_typed(x, f), rc;

	kc_strlcpy(why, ui_form_text(f, FX_WHY), sizeof why);
	if (any) {
		rc = ofix_entry(x, f, &e, err);
		if (rc != KC_OK)
			return rc;
		if (!e.observed)
			e.observed = o->observed_at;
		e.intervention = keep_or(typed(x, f, R_INTERV, interv, sizeof interv), o->intervention);
		e.note = keep_or(typed(x, f, R_NOTE, note, sizeof note), o->note);
	}
	rc = kc_chart_obs_correct(ui->app->store, ui->app->cfg, x->session, o->id, code, why, any ? &e : NULL,
				  ui->now, &id, NULL, err);
	if (rc == KC_OK)
		fixed(ui, x, "observation", o->observed_at, o->id, id, code);
	return rc;
}

void ui_fix_obs(struct ui *ui, struct ui_fix *x, const struct kc_obs_row *o)
{
	char was[16], label[24];
	size_t i;

	if (already_in_error(ui, &o->eie))
		return;
	i = fix_begin(x, UI_FIX_OBS, "observation", o->observed_at);
	x->o = *o;
	x->session = o->session_id;
	snprintf(was, sizeof was, "%d", o->score);
	snprintf(label, sizeof label, "%s (0-%d)", kc_scale_name(o->scale), scale_max(o->scale));
	i = fix_field(x, i, R_SCORE, label, 3, "0123456789", was, "");
	i = fix_time_field(x, i, o->observed_at);
	i = fix_field(x, i, R_INTERV, "Intervention", 36, NULL, o->intervention, "");
	i = fix_field(x, i, R_NOTE, "Note", 36, NULL, o->note, "");
	fix_open(ui, x, i, ofix_submit);
}

/* ---------- a dose event: amounts, rate, lot, note, time ---------- */

static int fix_number(struct ui_fix *x, struct ui_form *f, enum role r, const char *what, double *v,
		      struct kc_err *err)
{
	char t[24], *end;
	double d;

	if (!typed(x, f, r, t, sizeof t)[0])
		return KC_OK;
	d = strtod(t, &end);
	if (*end || !(d >= 0))
		return kc_fail(err, KC_ERR_INVALID, "%s \"%s\": type a number", what, t);
	*v = d;
	return KC_OK;
}

static int dfix_entry(struct ui_fix *x, struct ui_form *f, struct kc_dose_row *e, struct kc_err *err)
{
	char lot[sizeof e->lot], note[KC_NOTE_MAX];
	int rc;

	*e = x->d;
	e->id = 0;
	rc = fix_time(x, f, x->d.at, &e->at, err);
	if (rc == KC_OK)
		rc = fix_number(x, f, R_MG, "mg", &e->mg, err);
	if (rc == KC_OK)
		rc = fix_number(x, f, R_RATE, "rate", &e->rate_ml_h, err);
	if (rc != KC_OK)
		return rc;
	kc_strlcpy(e->lot, keep_or(typed(x, f, R_LOT, lot, sizeof lot), x->d.lot), sizeof e->lot);
	kc_strlcpy(e->note, keep_or(typed(x, f, R_NOTE, note, sizeof note), x->d.note), sizeof e->note);
	return KC_OK;
}

static int dfix_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct ui_fix *x = priv;
	enum kc_error_code code = fix_code(f);
	struct kc_dose_row e;
	char why[KC_NOTE_MAX];
	kc_id id = 0;
	int any = any_typed(x, f), rc = KC_OK;

	kc_strlcpy(why, ui_form_text(f, FX_WHY), sizeof why);
	if (any)
		rc = dfix_entry(x, f, &e, err);
	if (rc == KC_OK)
		rc = kc_chart_dose_correct(ui->app->store, ui->app->cfg, x->session, x->d.id, code, why, any ? &e : NULL,
					   ui->now, &id, err);
	if (rc == KC_OK)
		fixed(ui, x, "dose entry", x->d.at, x->d.id, id, code);
	return rc;
}

void ui_fix_dose(struct ui *ui, struct ui_fix *x, const struct kc_dose_row *d)
{
	char title[48], mg[24] = "", rate[24] = "";
	size_t i;
	int has_mg = d->kind == KC_DOSE_STOP || d->kind == KC_DOSE_DEVICE;
	int has_rate = d->kind == KC_DOSE_START || d->kind == KC_DOSE_RATE;

	if (already_in_error(ui, &d->eie))
		return;
	snprintf(title, sizeof title, "dose entry (%s)", kc_dose_kind_name(d->kind));
	i = fix_begin(x, UI_FIX_DOSE, title, d->at);
	x->d = *d;
	x->session = d->session_id;
	snprintf(mg, sizeof mg, "%.1f", d->mg);
	snprintf(rate, sizeof rate, "%.1f", d->rate_ml_h);
	i = fix_time_field(x, i, d->at);
	if (has_mg)
		i = fix_field(x, i, R_MG, d->kind == KC_DOSE_STOP ? "Given in all, mg" : "Device mg", 6, "0123456789.",
			      mg, "mg");
	if (has_rate)
		i = fix_field(x, i, R_RATE, "Rate mL/h", 6, "0123456789.", rate, "mL/h");
	if (d->kind == KC_DOSE_START || d->kind == KC_DOSE_DEVICE)
		i = fix_field(x, i, R_LOT, "Lot number", 24, NULL, d->lot, "");
	i = fix_field(x, i, R_NOTE, "Note", 36, NULL, d->note, "");
	fix_open(ui, x, i, dfix_submit);
}

/* ---------- the weight ---------- */

static int wfix_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct ui_fix *x = priv;
	enum kc_error_code code = fix_code(f);
	char why[KC_NOTE_MAX], kg[32], was[32];
	const char *weight = NULL;
	time_t taken = 0;
	double stored = 0;
	kc_id id = 0;
	int rc;

	kc_strlcpy(why, ui_form_text(f, FX_WHY), sizeof why);
	snprintf(was, sizeof was, "%.1f", x->w.kg);
	rc = fix_time(x, f, x->w.taken_at, &taken, err);
	if (rc != KC_OK)
		return rc;
	if (typed(x, f, R_KG, kg, sizeof kg)[0])
		weight = kg;
	else if (taken)
		weight = was;
	rc = kc_chart_weight_correct(ui->app->store, ui->app->cfg, x->session, x->w.id, code, why, weight, taken,
				     ui->now, &stored, &id, err);
	if (rc == KC_OK)
		fixed(ui, x, "weight", x->w.taken_at, x->w.id, id, code);
	return rc;
}

void ui_fix_weight(struct ui *ui, struct ui_fix *x, const struct kc_weight_row *w)
{
	char was[32];
	size_t i;

	if (already_in_error(ui, &w->eie))
		return;
	i = fix_begin(x, UI_FIX_WEIGHT, "weight", w->taken_at);
	x->w = *w;
	x->session = w->session_id;
	snprintf(was, sizeof was, "%.1f", w->kg);
	i = fix_field(x, i, R_KG, "Weight", 10, NULL, was, "kg");
	kc_strlcpy(x->hint[i - 1], "e.g. 72.5 or 160 lb; empty keeps it", sizeof x->hint[i - 1]);
	i = fix_time_field(x, i, w->taken_at);
	fix_open(ui, x, i, wfix_submit);
}

/* ---------- the patient's details ---------- */

static int pfix_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct ui_fix *x = priv;
	struct kc_patient p;
	char why[KC_NOTE_MAX];
	int rc;

	memset(&p, 0, sizeof p);
	kc_strlcpy(why, ui_form_text(f, 0), sizeof why);
	typed(x, f, R_CHART_NO, p.chart_no, sizeof p.chart_no);
	typed(x, f, R_NAME, p.name, sizeof p.name);
	typed(x, f, R_DOB, p.dob, sizeof p.dob);
	rc = kc_chart_patient_correct(ui->app->store, x->session, &p, why, ui->now, err);
	if (rc != KC_OK)
		return rc;
	ui_msg(ui, UI_OK, "Patient's details corrected; the old ones stay in the chart and the report.");
	if (x->saved)
		x->saved(ui, x, x->p.id, x->p.id);
	return KC_OK;
}

void ui_fix_patient(struct ui *ui, struct ui_fix *x, const struct kc_patient *p)
{
	kc_id session = x->session;
	size_t i = fix_begin(x, UI_FIX_PATIENT, "patient's details", 0);

	x->session = session;
	x->p = *p;
	x->f[0].hint = "e.g. name misspelt at intake";
	i = fix_field(x, i, R_CHART_NO, "Chart number", 20, NULL, p->chart_no, "");
	i = fix_field(x, i, R_NAME, "Name", 36, NULL, p->name, "");
	i = fix_field(x, i, R_DOB, "Date of birth", 10, "0123456789-", p->dob, "");
	for (size_t k = 1; k < i; k++)
		kc_strlcpy(x->hint[k] + strcspn(x->hint[k], ";"), "; empty keeps it", sizeof x->hint[k] -
			   strcspn(x->hint[k], ";"));
	fix_open(ui, x, i, pfix_submit);
	ui_msg(ui, UI_NORMAL, "Type only what changes: the old values stay visible, with your reason.");
}

/* ---------- the chart view: the entry under the cursor ---------- */

static void chart_fixed(struct ui *ui, struct ui_fix *x, kc_id orig, kc_id repl)
{
	static const enum etype type[] = { [UI_FIX_VITALS] = E_VITALS, [UI_FIX_OBS] = E_OBS,
					   [UI_FIX_DOSE] = E_DOSE, [UI_FIX_WEIGHT] = E_WEIGHT,
					   [UI_FIX_PATIENT] = E_SESSION };
	struct chart *c = x->owner;
	char hm[16];

	chart_reload_or_say(ui, c);
	chart_focus_entry(c, type[x->kind], x->kind == UI_FIX_PATIENT ? c->d.rec.s.id : repl ? repl : orig);
	if (x->kind == UI_FIX_PATIENT)
		return;
	ui_msg(ui, UI_OK, "%s %s marked entered in error (%s)%s",
	       chart_hm(x->kind == UI_FIX_VITALS ? x->v.taken_at : x->kind == UI_FIX_OBS ? x->o.observed_at :
			x->kind == UI_FIX_DOSE ? x->d.at : x->w.taken_at, hm, sizeof hm),
	       x->kind == UI_FIX_VITALS ? "reading" : x->kind == UI_FIX_OBS ? "observation" :
	       x->kind == UI_FIX_DOSE ? "dose entry" : "weight",
	       kc_eie_name(x->code), repl ? "; correction below." : ", not replaced.");
}

/* x: the signed state and another clinician's hold are checked by the screen's enabled(). */
void chart_correct(struct ui *ui, struct chart *c)
{
	const struct entry *e = chart_choose_entry(ui, c, chart_kind(E_VITALS) | chart_kind(E_OBS) |
						   chart_kind(E_DOSE) | chart_kind(E_WEIGHT) | chart_kind(E_SESSION),
						   "an entry to correct",
						   "x");
	struct kc_record *r = &c->d.rec;

	if (!e)
		return;
	c->fx.session = r->s.id;
	c->fx.owner = c;
	c->fx.saved = chart_fixed;
	switch (e->type) {
	case E_VITALS: ui_fix_vitals(ui, &c->fx, &r->vr[e->row]); break;
	case E_OBS: ui_fix_obs(ui, &c->fx, &r->obs[e->row]); break;
	case E_DOSE: ui_fix_dose(ui, &c->fx, &r->dr[e->row]); break;
	case E_WEIGHT: ui_fix_weight(ui, &c->fx, &r->wt); break;
	case E_SESSION: ui_fix_patient(ui, &c->fx, &r->p); break;
	default: break;
	}
}

/* ---------- addendum ---------- */

static int addendum_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct chart *c = priv;
	int rc = kc_chart_addendum(ui->app->store, c->ref.session, ui_form_text(f, 0), ui->now, err);

	if (rc != KC_OK)
		return rc;
	chart_reload_or_say(ui, c);
	c->l.sel = c->pg.ls.n - 1;
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
