/* scr_patient.c — a patient's record: chart number, name, date of birth (corrected from a
 * session's chart), and the demographics and REMS enrolment a clinician records here (sex,
 * height, allergies, phone, emergency contact, REMS enrolled, REMS patient ID, first
 * esketamine treatment). Enter edits the detail under the cursor through
 * kc_chart_patient_detail: the first recording as typed, a change with its reason; every
 * change shows under its field as "corrected from ...", as stored. */
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_form.h"
#include "ui_screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_demog.h"
#include "kc_time.h"

enum { A_EDIT = ACT_SCREEN, A_COURSE };

static const struct ui_action patient_actions[] = {
	{ ACT_ENTER, '\n', 'e', "Enter", "edit",
	  "record or change the detail under the cursor (e too); a change asks why and keeps the old value" },
	{ A_COURSE, 'C', 0, "C", "course", "the treatment course: every session, scores, response and remission" },
	{ 0 },
};

struct pat {
	kc_id id;
	struct kc_patient p;
	struct kc_patient_fix *fix;
	size_t nfix;
	struct ui_list l;      /* over the KC_PD_COUNT details */
	int field;             /* the detail the form edits */
	char title[160];
	char init[2][KC_PD_TEXT_MAX];
	struct uif_field ff[2];
	struct uif_def def;
};

static int pat_load(struct ui *ui, struct pat *s, struct kc_err *err)
{
	struct kc_patient_fix *fix = NULL;
	size_t n = 0;
	int rc = kc_patient_get(ui->app->store, s->id, &s->p, err);

	if (rc == KC_OK)
		rc = kc_patient_fix_list(ui->app->store, s->id, &fix, &n, err);
	if (rc != KC_OK)
		return rc;
	free(s->fix);
	s->fix = fix;
	s->nfix = n;
	ui_set_title(ui, "%s (%s) - patient record", s->p.name, s->p.chart_no);
	ui_mark(ui, UI_BODY);
	return KC_OK;
}

/* ---------- editing ---------- */

static int pat_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct pat *s = priv;
	const char *reason = s->def.n > 1 ? ui_form_text(f, 1) : "";
	char shown[KC_PD_TEXT_MAX + 8], typed[KC_PD_TEXT_MAX];
	int rc;

	kc_strlcpy(typed, ui_form_text(f, 0), sizeof typed);
	rc = kc_chart_patient_detail(ui->app->store, s->id, s->field, typed, reason, ui->now, err);
	if (rc != KC_OK)
		return rc;
	if (pat_load(ui, s, err) != KC_OK)
		ui_error(ui, err);
	else {
		char now[KC_PD_TEXT_MAX];

		kc_patient_pd_text(&s->p, s->field, now, sizeof now);
		kc_pd_show(s->field, now, shown, sizeof shown);
		ui_msg(ui, UI_OK, "Saved: %s %s.", kc_pd_label(s->field), shown);
	}
	return KC_OK;
}

/* The form for detail fl: what is recorded as it is typed back ("yes" for REMS enrolled),
 * and, when something is recorded, the reason for changing it. */
static void pat_edit(struct ui *ui, struct pat *s, int fl)
{
	char stored[KC_PD_TEXT_MAX];
	const char *init[2];

	s->field = fl;
	kc_patient_pd_text(&s->p, fl, stored, sizeof stored);
	if (fl == KC_PD_REMS_ENROLLED && stored[0])
		kc_strlcpy(s->init[0], stored[0] == '1' ? "yes" : "no", sizeof s->init[0]);
	else
		kc_strlcpy(s->init[0], stored, sizeof s->init[0]);
	s->init[1][0] = '\0';
	init[0] = s->init[0];
	init[1] = s->init[1];
	s->ff[0] = (struct uif_field){ .label = kc_pd_label(fl), .width = 40, .max = KC_PD_TEXT_MAX - 1,
				       .hint = kc_pd_hint(fl) };
	s->ff[1] = (struct uif_field){ .label = "Why it changes", .width = 40, .max = KC_NOTE_MAX - 1,
				       .hint = "required: the value recorded stays visible as corrected from" };
	snprintf(s->title, sizeof s->title, "%s %s", stored[0] ? "Change" : "Record", kc_pd_label(fl));
	s->def = (struct uif_def){ .title = s->title, .fields = s->ff, .n = stored[0] ? 2 : 1, .row = 1,
				   .submit = pat_submit };
	ui_form_open_init(ui, &s->def, s, init);
}

/* ---------- drawing ---------- */

/* The corrections of column, each one line: "corrected from X (reason - who, when)". */
static int draw_fixes(struct ui *ui, struct pat *s, WINDOW *w, int y, const char *column, int x)
{
	int fl = kc_pd_field_of(column);

	for (size_t i = 0; i < s->nfix && y < getmaxy(w); i++) {
		const struct kc_patient_fix *f = &s->fix[i];
		char t[32], old[KC_NOTE_MAX + 8];

		if (strcmp(f->field, column) != 0)
			continue;
		kc_time_local(f->at, t, sizeof t);
		if (fl >= 0)
			kc_pd_show(fl, f->old_value, old, sizeof old);
		else
			kc_strlcpy(old, f->old_value, sizeof old);
		ui_putf(ui, w, y++, x, getmaxx(w) - x, A_DIM, "corrected from %s (%s - %s, %s)", old, f->reason,
			f->by, t);
	}
	return y;
}

static void pat_draw(struct ui *ui, void *priv, WINDOW *w)
{
	struct pat *s = priv;
	const int lw = 20, x = 2 + lw, cols = getmaxx(w);
	int y = 0, age = kc_age_years(s->p.dob, ui->now);

	werase(w);
	ui_rule(ui, w, y++, "Patient");
	ui_putf(ui, w, y++, 2, cols - 2, A_NORMAL, "%-*s%s", lw, "Chart number", s->p.chart_no);
	y = draw_fixes(ui, s, w, y, "chart_no", x);
	ui_putf(ui, w, y++, 2, cols - 2, A_NORMAL, "%-*s%s", lw, "Name", s->p.name);
	y = draw_fixes(ui, s, w, y, "name", x);
	ui_putf(ui, w, y++, 2, cols - 2, A_NORMAL, "%-*s%s (%d y)", lw, "Born", s->p.dob, age);
	y = draw_fixes(ui, s, w, y, "dob", x);
	ui_rule(ui, w, y++, "Details (Enter records or changes the one under the cursor)");
	for (int fl = 0; fl < KC_PD_COUNT && y < getmaxy(w); fl++) {
		char stored[KC_PD_TEXT_MAX], shown[KC_PD_TEXT_MAX + 8];
		int sel = s->l.sel == fl;
		attr_t a = sel ? A_REVERSE : A_NORMAL;

		kc_patient_pd_text(&s->p, fl, stored, sizeof stored);
		kc_pd_show(fl, stored, shown, sizeof shown);
		ui_put(ui, w, y, 0, 2, a, sel ? ui->g.sel : "");
		ui_put(ui, w, y, 2, lw, a, kc_pd_label(fl));
		ui_put(ui, w, y++, x, cols - x, a, stored[0] ? shown : "- not recorded");
		y = draw_fixes(ui, s, w, y, kc_pd_column(fl), x);
	}
}

/* ---------- keys and life cycle ---------- */

static int pat_key(struct ui *ui, void *priv, int act, const struct ui_key *k)
{
	struct pat *s = priv;
	struct ui_ref ref = { .patient = s->id };

	(void)k;
	switch (act) {
	case ACT_UP: case ACT_DOWN: case ACT_PGUP: case ACT_PGDN: case ACT_HOME: case ACT_END:
		ui_list_move(&s->l, act, KC_PD_COUNT);
		ui_mark(ui, UI_BODY);
		return ACT_NONE;
	case ACT_ENTER:
		pat_edit(ui, s, s->l.sel < 0 ? 0 : s->l.sel);
		return ACT_NONE;
	case A_COURSE:
		ui_push(ui, &ui_scr_course, &ref);
		return ACT_NONE;
	default:
		return act;
	}
}

static int pat_open(struct ui *ui, void *priv, const void *arg, struct kc_err *err)
{
	struct pat *s = priv;
	const struct ui_ref *ref = arg;

	if (!ref || !ref->patient)
		return kc_fail(err, KC_ERR_INVALID, "the patient record needs a patient");
	s->id = ref->patient;
	s->l.sel = 0;
	ui_list_set(&s->l, KC_PD_COUNT);
	return pat_load(ui, s, err);
}

static void pat_show(struct ui *ui, void *priv)
{
	struct pat *s = priv;
	struct kc_err err;

	if (pat_load(ui, s, &err) != KC_OK)
		ui_error(ui, &err);
}

static void pat_close(struct ui *ui, void *priv)
{
	struct pat *s = priv;

	(void)ui;
	free(s->fix);
}

const struct screen_ops ui_scr_patient = {
	.name = "patient",
	.title = "Patient record",
	.private_size = sizeof(struct pat),
	.actions = patient_actions,
	.open = pat_open,
	.draw = pat_draw,
	.key = pat_key,
	.show = pat_show,
	.close = pat_close,
};
