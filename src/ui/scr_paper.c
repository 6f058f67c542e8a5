/* scr_paper.c — the paperwork screen (W on the start screen and the board): the wastes
 * waiting for a second clinician's witness, and the REMS forms not yet submitted with
 * their days left. Enter on a waste witnesses it from the login running the program (the
 * store refuses the clinician who recorded it); Enter on a form records its submission
 * (date, channel online or fax, confirmation number). Both through kc_chart_*, audited. */
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_form.h"
#include "ui_reload.h"
#include "ui_screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kc_rems.h"
#include "kc_time.h"

static const struct ui_action paper_actions[] = {
	{ ACT_ENTER, '\n', 0, "Enter", "witness/submit",
	  "on a waste: witness it from your own login (not the one who recorded it); on a REMS form: "
	  "record it submitted (date, online or fax, confirmation number)" },
	{ 0 },
};

/* One row: a waste (waste.id != 0) or a form. */
struct prow {
	struct kc_drug_row waste;
	struct kc_rems_form_row form;
	char who[KC_NAME_MAX + 40]; /* the waste's patient and chart number */
};

struct paper {
	struct prow *rows;
	size_t n, nwaste;
	struct ui_list l;
	int list_h;
	struct ui_fresh fresh;
	long minute;           /* the clock's minute (now / 60) last looked at */
	char day[16];          /* the local date the days left were painted for */
	kc_id target;          /* the waste or session an open question or form is about */
	char title[96];
	struct uif_def def;
};

static const struct prow *selected(const struct paper *p)
{
	return p->l.sel >= 0 && (size_t)p->l.sel < p->n ? &p->rows[p->l.sel] : NULL;
}

/* ---------- loading ---------- */

static void waste_who(struct ui *ui, struct prow *r)
{
	struct kc_session s;
	struct kc_patient pt;
	struct kc_err err;

	snprintf(r->who, sizeof r->who, "session %lld", r->waste.session_id);
	if (kc_session_get(ui->app->store, r->waste.session_id, &s, &err) == KC_OK &&
	    kc_patient_get(ui->app->store, s.patient_id, &pt, &err) == KC_OK)
		snprintf(r->who, sizeof r->who, "%s %s", pt.chart_no, pt.name);
}

static int load(struct ui *ui, struct paper *p, struct kc_err *err)
{
	struct kc_drug_row *w = NULL;
	struct kc_rems_form_row *f = NULL;
	size_t nw = 0, nf = 0;
	kc_id keep = selected(p) ? (selected(p)->waste.id ? selected(p)->waste.id : -selected(p)->form.session) : 0;
	int rc;

	ui_reload_mark(ui->app->store, &p->fresh);
	rc = kc_drug_waste_list(ui->app->store, 0, 1, &w, &nw, err);
	if (rc == KC_OK)
		rc = kc_rems_form_list(ui->app->store, 1, &f, &nf, err);
	if (rc == KC_OK) {
		struct prow *rows = calloc(nw + nf + 1, sizeof *rows);

		if (!rows)
			rc = kc_fail(err, KC_ERR_NOMEM, "out of memory");
		for (size_t i = 0; rows && i < nw; i++) {
			rows[i].waste = w[i];
			waste_who(ui, &rows[i]);
		}
		for (size_t i = 0; rows && i < nf; i++)
			rows[nw + i].form = f[i];
		if (rows) {
			free(p->rows);
			p->rows = rows;
			p->n = nw + nf;
			p->nwaste = nw;
		}
	}
	for (size_t i = 0; rc == KC_OK && keep && i < p->n; i++)
		if (p->rows[i].waste.id ? p->rows[i].waste.id == keep : -p->rows[i].form.session == keep)
			p->l.sel = (int)i;
	ui_list_set(&p->l, (int)p->n);
	ui_list_scroll(&p->l, p->list_h);
	ui_mark(ui, UI_BODY | UI_BAR);
	free(w);
	free(f);
	return rc;
}

static void reload(struct ui *ui, struct paper *p)
{
	struct kc_err err;

	kc_err_clear(&err);
	if (load(ui, p, &err) != KC_OK)
		ui_error(ui, &err);
}

/* ---------- witness ---------- */

static void witness_yes(struct ui *ui, void *priv)
{
	struct paper *p = priv;
	struct kc_err err;

	kc_err_clear(&err);
	if (kc_chart_drug_witness(ui->app->store, p->target, ui->now, &err) != KC_OK)
		ui_error(ui, &err);
	else
		ui_msg(ui, UI_OK, "Waste %lld witnessed by %s.", p->target, kc_store_actor(ui->app->store));
	reload(ui, p);
}

static void witness_ask(struct ui *ui, struct paper *p, const struct prow *r)
{
	char q[2048];

	p->target = r->waste.id;
	snprintf(q, sizeof q, "Witness waste %lld: %.1f mg of lot %s (%s), %s, recorded by %s? You saw it wasted.",
		 r->waste.id, r->waste.mg, r->waste.lot, r->waste.how, r->who, r->waste.entered_by);
	ui_confirm(ui, q, witness_yes, p);
}

/* ---------- submitted ---------- */

static const char *const channels[] = { "online", "fax", NULL };

static const struct uif_field submit_fields[] = {
	{ .label = "Date submitted", .width = 10, .max = 10, .hint = "YYYY-MM-DD, not after today" },
	{ .label = "Channel", .type = UIF_CHOICE, .choices = channels, .init = "online",
	  .hint = "Left/Right or the first letter: online, fax" },
	{ .label = "Confirmation number", .width = 24, .max = 31,
	  .hint = "as the REMS gave it (online or on the fax confirmation)" },
};

static int submit_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct paper *p = priv;
	kc_id session = p->target;

	if (kc_chart_rems_submit(ui->app->store, ui->app->cfg, session, ui_form_text(f, 0),
				 channels[ui_form_choice(f, 1)], ui_form_text(f, 2), ui->now, err) != KC_OK)
		return err->status;
	ui_msg(ui, UI_OK, "REMS form of session %lld recorded as submitted on %s (%s, confirmation %s).", session,
	       ui_form_text(f, 0), channels[ui_form_choice(f, 1)], ui_form_text(f, 2));
	reload(ui, p);
	return KC_OK;
}

static void submit_open(struct ui *ui, struct paper *p, const struct prow *r)
{
	char today[32];
	const char *init[] = { today, "online", "" };

	kc_time_local(ui->now, today, sizeof today);
	today[10] = '\0';
	p->target = r->form.session;
	snprintf(p->title, sizeof p->title, "REMS form submitted - session %lld, %s", r->form.session, r->form.chart_no);
	p->def = (struct uif_def){ .title = p->title, .fields = submit_fields,
				   .n = sizeof submit_fields / sizeof submit_fields[0], .row = -1,
				   .submit = submit_submit };
	ui_form_open_init(ui, &p->def, p, init);
}

/* ---------- keys ---------- */

static int paper_key(struct ui *ui, void *priv, int act, const struct ui_key *k)
{
	struct paper *p = priv;
	const struct prow *r = selected(p);

	(void)k;
	switch (act) {
	case ACT_UP: case ACT_DOWN: case ACT_PGUP: case ACT_PGDN: case ACT_HOME: case ACT_END:
		ui_list_move(&p->l, act, p->list_h);
		ui_mark(ui, UI_BODY | UI_BAR);
		return ACT_NONE;
	case ACT_ENTER:
		if (r && r->waste.id)
			witness_ask(ui, p, r);
		else if (r)
			submit_open(ui, p, r);
		return ACT_NONE;
	default:
		return act;
	}
}

static int paper_enabled(struct ui *ui, void *priv, int act, char *why, size_t n)
{
	const struct prow *r = selected(priv);

	if (act != ACT_ENTER)
		return 1;
	if (!r)
		kc_strlcpy(why, "Nothing waits: every waste is witnessed, every REMS form submitted.", n);
	else if (r->waste.id && strcmp(r->waste.entered_by, kc_store_actor(ui->app->store)) == 0)
		snprintf(why, n, "You (%s) recorded this waste: a second clinician witnesses it, from their own login.",
			 r->waste.entered_by);
	else if (!r->waste.id && !r->form.is_signed)
		snprintf(why, n, "Session %lld is not signed yet: its REMS form is submitted once it is.", r->form.session);
	else
		return 1;
	return 0;
}

/* ---------- drawing ---------- */

static void draw_row(struct ui *ui, struct paper *p, WINDOW *w, int y, size_t i)
{
	const struct prow *r = &p->rows[i];
	int sel = p->l.sel == (int)i, width = getmaxx(w) - 4;
	attr_t a = sel ? A_REVERSE : A_NORMAL;
	char when[32], day[32], due[16], state[32];
	int left;

	ui_put(ui, w, y, 0, 2, a, sel ? ui->g.sel : "");
	if (r->waste.id) {
		kc_time_local(r->waste.at, when, sizeof when);
		ui_putf(ui, w, y, 2, width, a, "waste %lld  %s  %.1f mg lot %s  by %s %s  (%s)", r->waste.id, r->who,
			r->waste.mg, r->waste.lot, r->waste.entered_by, when, r->waste.how);
		return;
	}
	kc_chart_rems_due(&r->form, ui->now, &left);
	kc_time_local(r->form.dose_start, day, sizeof day);
	day[10] = '\0';
	kc_rems_due_date(day, due, sizeof due);
	kc_rems_due_text(left, state, sizeof state);
	ui_putf(ui, w, y, 2, width, a | (left < 0 ? ui_tone(ui, UI_WARN) : A_NORMAL),
		"session %lld  %s  due by %s  %-18s %s %s%s", r->form.session, day, due, state, r->form.chart_no,
		r->form.name, r->form.is_signed ? "" : "  (NOT SIGNED)");
}

/* The local date of t ("YYYY-MM-DD"): a form's days left move when it does. */
static void local_day(time_t t, char *out, size_t n)
{
	char when[32];

	kc_time_local(t, when, sizeof when);
	when[10] = '\0';
	kc_strlcpy(out, when, n);
}

static void paper_draw(struct ui *ui, void *priv, WINDOW *w)
{
	struct paper *p = priv;
	char title[96];
	int h = getmaxy(w), y = 0, shown = 0;

	werase(w);
	local_day(ui->now, p->day, sizeof p->day);
	p->list_h = h - 4 > 1 ? h - 4 : 1;
	ui_list_scroll(&p->l, p->list_h);
	snprintf(title, sizeof title, "Wastes waiting for a witness (%zu)", p->nwaste);
	ui_rule(ui, w, y++, title);
	if (!p->nwaste)
		ui_put(ui, w, y++, 2, getmaxx(w) - 4, A_NORMAL, "None: every waste is witnessed.");
	for (int i = p->l.top; i < (int)p->n && shown < p->list_h; i++, shown++) {
		if ((size_t)i == p->nwaste || (i == p->l.top && (size_t)i > p->nwaste)) {
			snprintf(title, sizeof title, "REMS forms not submitted (%zu)", p->n - p->nwaste);
			ui_rule(ui, w, y++, title);
		}
		draw_row(ui, p, w, y++, (size_t)i);
	}
	if (p->n == p->nwaste) {
		ui_rule(ui, w, y++, "REMS forms not submitted (0)");
		ui_put(ui, w, y++, 2, getmaxx(w) - 4, A_NORMAL, "None: every form is submitted.");
	}
}

/* ---------- life cycle ---------- */

static int paper_open(struct ui *ui, void *priv, const void *arg, struct kc_err *err)
{
	struct paper *p = priv;

	(void)arg;
	p->l.sel = -1;
	if (load(ui, p, err) != KC_OK)
		return err->status;
	ui_set_title(ui, "Paperwork");
	ui_msg(ui, UI_NORMAL, "Enter on a waste witnesses it (from your own login); on a REMS form records it submitted.");
	return KC_OK;
}

static void paper_tick(struct ui *ui, void *priv, time_t now)
{
	struct paper *p = priv;
	char day[16];

	if (ui->hidden)
		return;
	/* The days left and OVERDUE move with the local date: painted again from the forms
	 * loaded (the lists do not depend on the clock), never a load for it. */
	if (now / 60 != p->minute) {
		p->minute = now / 60;
		local_day(now, day, sizeof day);
		if (strcmp(day, p->day) != 0)
			ui_mark(ui, UI_BODY);
	}
	/* The database only when it changed (ui_reload.h): one PRAGMA a tick, as every
	 * screen looks. */
	if (ui_reload_due(ui->app->store, 0, &p->fresh))
		reload(ui, p);
}

static void paper_show(struct ui *ui, void *priv)
{
	reload(ui, priv);
}

static void paper_close(struct ui *ui, void *priv)
{
	(void)ui;
	free(((struct paper *)priv)->rows);
}

const struct screen_ops ui_scr_paper = {
	.name = "paper",
	.title = "Paperwork",
	.private_size = sizeof(struct paper),
	.actions = paper_actions,
	.open = paper_open,
	.draw = paper_draw,
	.key = paper_key,
	.tick = paper_tick,
	.show = paper_show,
	.close = paper_close,
	.enabled = paper_enabled,
};
