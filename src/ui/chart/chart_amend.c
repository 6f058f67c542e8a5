/* chart_amend.c — amendments of a signed session: a physician records what an entry should
 * have said and why (kc_chart_amend). The entry itself never changes: it keeps its place,
 * marked AMENDED, and the amendments follow in a section of their own, worded as the text
 * report (src/core/report.c) words them. */
#include "scr_chart.h"
#include "../ui_app.h"
#include "../ui_draw.h"
#include "../ui_form.h"
#include "../ui_screen.h"

#include <stdio.h>
#include <string.h>

#define AMEND_TEXT_MAX ((int)sizeof ((struct kc_amendment_row *)0)->text)

/* The store's table for each type of entry, and how the chart names such an entry. */
static const struct kind {
	enum etype type;
	const char *tbl;
	const char *word;
} kinds[] = {
	{ E_SESSION, "session", "the session record" },
	{ E_ANSWER, "screening_answer", "the screening answer" },
	{ E_WEIGHT, "weight", "the weight" },
	{ E_DOSE, "dose_event", "the dose event" },
	{ E_VITALS, "vitals", "the vitals reading" },
	{ E_OBS, "observation", "the observation" },
	{ E_DISCHARGE, "discharge", "the discharge assessment" },
	{ E_ADDENDUM, "addendum", "the addendum" },
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

static const struct kind *kind_of_type(enum etype t)
{
	for (size_t i = 0; t != E_NONE && i < NKINDS; i++)
		if (kinds[i].type == t)
			return &kinds[i];
	return NULL;
}

static const struct kind *kind_of_tbl(const char *tbl)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (strcmp(kinds[i].tbl, tbl) == 0)
			return &kinds[i];
	return NULL;
}

/* When the entry was made, 0 when it is not on the page (or is the session itself). */
static time_t entry_time(const struct data *d, enum etype t, kc_id id)
{
	const struct kc_record *r = &d->rec;
	size_t i;

	switch (t) {
	case E_WEIGHT:
		return r->wt.id == id ? r->wt.taken_at : 0;
	case E_ANSWER:
		for (i = 0; i < r->nans; i++)
			if (r->ans[i].id == id)
				return r->ans[i].at;
		break;
	case E_DOSE:
		for (i = 0; i < r->nd; i++)
			if (r->dr[i].id == id)
				return r->dr[i].at;
		break;
	case E_VITALS:
		for (i = 0; i < r->nv; i++)
			if (r->vr[i].id == id)
				return r->vr[i].taken_at;
		break;
	case E_OBS:
		for (i = 0; i < r->no; i++)
			if (r->obs[i].id == id)
				return r->obs[i].observed_at;
		break;
	case E_DISCHARGE:
		for (i = 0; i < r->ndc; i++)
			if (r->dc[i].id == id)
				return r->dc[i].at;
		break;
	case E_ADDENDUM:
		for (i = 0; i < r->nad; i++)
			if (r->ad[i].id == id)
				return r->ad[i].at;
		break;
	default:
		break;
	}
	return 0;
}

/* "the vitals reading of 2026-11-21 10:40 (no. 12)", "the session record" (the report's words). */
static void entry_what(const struct data *d, const char *tbl, kc_id id, char *out, size_t n)
{
	const struct kind *k = kind_of_tbl(tbl);
	time_t t = k ? entry_time(d, k->type, id) : 0;
	char when[32];

	if (k && k->type == E_SESSION)
		kc_strlcpy(out, k->word, n);
	else if (t)
		snprintf(out, n, "%s of %s (no. %lld)", k->word, chart_when(t, when, sizeof when), id);
	else
		snprintf(out, n, "%s no. %lld", k ? k->word : tbl, id);
}

/* ---------- on the page ---------- */

void chart_amend_mark(struct bld *b, enum etype type, kc_id id)
{
	const struct kind *k = kind_of_type(type);
	int dim = b->dim, bold = b->bold;
	enum ui_tone tone = b->tone;
	size_t n = k ? kc_record_amend_count(&b->d->rec, k->tbl, id) : 0;

	if (!n)
		return;
	b->dim = 0; /* an amended entry in error: the mark must still read clearly */
	b->bold = 1;
	b->tone = UI_WARN;
	chart_wrapf(b, DETAIL_W, "", "[AMENDED after signing%s: see Amendments]", n > 1 ? " (more than once)" : "");
	b->dim = dim;
	b->bold = bold;
	b->tone = tone;
}

void chart_build_amendments(struct bld *b, const struct data *d)
{
	char t[32], what[160];

	if (!d->rec.nam && !d->rec.s.signed_by[0])
		return; /* before signing there are corrections, never amendments */
	chart_section(b, "Amendments (after signing; the original entries above are unchanged)");
	if (!d->rec.nam)
		chart_put(b, ui_physician(b->ui) ? "No amendments. m amends the entry under the cursor." :
			  "No amendments (a physician may amend an entry).");
	for (size_t i = 0; i < d->rec.nam; i++) {
		const struct kc_amendment_row *a = &d->rec.am[i];

		entry_what(d, a->tbl, a->row_id, what, sizeof what);
		b->bold = 1;
		chart_wrapf(b, 0, "", "%s by %s:", chart_when(a->at, t, sizeof t), d->am_who[i]);
		b->bold = 0;
		chart_wrap(b, 16, "    Amends", what);
		chart_wrap(b, 16, "    Should say", a->text);
		chart_wrap(b, 16, "    Reason", a->reason);
	}
}

/* ---------- the form ---------- */

enum { AM_TEXT, AM_REASON, AM_N };

static const struct uif_field amend_fields[AM_N] = {
	{ .label = "Should say (required)", .width = 44, .max = AMEND_TEXT_MAX - 1,
	  .hint = "what the entry should have said, e.g. BP 148/92 mmHg" },
	{ .label = "Reason (required)", .width = 44, .max = KC_NOTE_MAX - 1,
	  .hint = "why it is amended, e.g. 184 typed for 148 (monitor printout)" },
};

int chart_amend_enabled(const struct ui *ui, const struct chart *c, char *why, size_t n)
{
	if (!c->d.rec.s.signed_by[0]) {
		kc_strlcpy(why, "Not signed: use x correct instead (amendments are for signed records).", n);
		return 0;
	}
	if (!ui_physician(ui)) {
		kc_strlcpy(why, "Only a physician may amend a signed record; a adds an addendum.", n);
		return 0;
	}
	return 1;
}

static int amend_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct chart *c = priv;
	const struct kind *k = kind_of_type(c->am.type);
	kc_id id = 0;
	int rc;

	if (!k)
		return kc_fail(err, KC_ERR_INVALID, "this entry cannot be amended");
	rc = kc_chart_amend(ui->app->store, c->d.rec.s.id, k->tbl, c->am.id, ui_form_text(f, AM_TEXT),
			      ui_form_text(f, AM_REASON), ui->now, &id, err);
	if (rc != KC_OK)
		return rc;
	chart_reload_or_say(ui, c);
	chart_focus_entry(c, c->am.type, c->am.id);
	ui_msg(ui, UI_OK, "Amendment saved with your name and the time; the entry is marked AMENDED.");
	return KC_OK;
}

/* m: the signed state and the role are checked by the screen's enabled(). */
void chart_amend(struct ui *ui, struct chart *c)
{
	struct amend *a = &c->am;
	const struct entry *e;
	unsigned all = 0;
	char what[140];

	for (size_t i = 0; i < NKINDS; i++)
		all |= kinds[i].type != E_NONE ? chart_kind(kinds[i].type) : 0;
	e = chart_choose_entry(ui, c, all, "the entry to amend", "m");
	if (!e)
		return;
	memset(a, 0, sizeof *a);
	a->type = e->type;
	a->id = chart_entry_id(&c->d, e);
	entry_what(&c->d, kind_of_type(a->type)->tbl, a->id, what, sizeof what);
	snprintf(a->title, sizeof a->title, "Amend %s", what);
	a->def = (struct uif_def){ .title = a->title, .fields = amend_fields, .n = AM_N, .row = 1,
				   .submit = amend_submit };
	if (ui_form_open(ui, &a->def, c))
		ui_msg(ui, UI_NORMAL, "Type what the entry should say and why; the original stays, marked AMENDED.");
}
