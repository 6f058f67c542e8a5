/* inv_forms.c — drug drawn up and wasted for a session, as typed (ui_inv.h). One form at a
 * time on the top screen: the form's definition and the session it is about live here. */
#include "ui_inv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_app.h"
#include "ui_form.h"

static struct inv_form {
	kc_id session;
	char lots[160];       /* the hint: the lots received, as the record knows them */
	struct uif_field f[4];
	struct uif_def def;
} form;

/* "lots received: KET-2411-07, ESK-23-4411" (the product given when want is NULL). */
static void lots_hint(struct ui *ui, const char *want)
{
	struct kc_stock_receipt *r = NULL;
	size_t n = 0, len;
	struct kc_err err;

	len = (size_t)snprintf(form.lots, sizeof form.lots, "the lot as received");
	if (kc_stock_receipt_list(ui->app->store, &r, &n, &err) != KC_OK)
		return;
	for (size_t i = 0, k = 0; i < n && len < sizeof form.lots; i++)
		if (!want || strcmp(r[i].product, want) == 0)
			len += (size_t)snprintf(form.lots + len, sizeof form.lots - len, "%s%s", k++ ? ", " : ": ",
						r[i].lot);
	free(r);
}

static int time_of(struct ui *ui, struct ui_form *f, size_t i, time_t *t, struct kc_err *err)
{
	return ui_form_time_for(ui, f, i, form.session, t, err);
}

void ui_inv_left_text(struct ui *ui, kc_id session, char *out, size_t n)
{
	double left = 0;
	struct kc_err err;

	out[0] = '\0';
	if (kc_chart_undisposed(ui->app->store, session, &left, &err) == KC_OK && left > 0)
		snprintf(out, n, "%.1f mg drawn up is neither given nor wasted", left);
}

/* ---------- drawn up ---------- */

static int draw_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	time_t at;

	(void)priv;
	if (time_of(ui, f, 2, &at, err) != KC_OK ||
	    kc_chart_drug_draw(ui->app->store, ui->app->cfg, form.session, ui_form_text(f, 0), ui_form_text(f, 1), at,
			       ui->now, NULL, err) != KC_OK)
		return err->status;
	ui_msg(ui, UI_OK, "Drawn up: %s mg of lot %s. What is not given is wasted, witnessed, before sign-off.",
	       ui_form_text(f, 1), ui_form_text(f, 0));
	ui_mark(ui, UI_BODY | UI_BAR);
	return KC_OK;
}

void ui_inv_draw_open(struct ui *ui, kc_id session)
{
	form.session = session;
	lots_hint(ui, "ketamine");
	form.f[0] = (struct uif_field){ .label = "Lot", .width = 20, .max = 31, .hint = form.lots };
	form.f[1] = (struct uif_field){ .label = "Amount drawn up mg", .type = UIF_NUMBER, .width = 7,
					.hint = "mg of ketamine drawn up (e.g. 50); more than 0, at most 1000" };
	form.f[2] = (struct uif_field){ .label = "Time", .type = UIF_TIME, .width = 16, .init = UIF_NOW,
					.hint = "when it was drawn up: HH:MM, yesterday HH:MM" };
	form.def = (struct uif_def){ .title = "Ketamine drawn up (controlled substance)", .fields = form.f, .n = 3,
				     .row = -1, .submit = draw_submit };
	ui_form_open(ui, &form.def, NULL);
}

/* ---------- wasted ---------- */

static int waste_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	time_t at;
	kc_id id = 0;

	(void)priv;
	if (time_of(ui, f, 3, &at, err) != KC_OK ||
	    kc_chart_drug_waste(ui->app->store, ui->app->cfg, form.session, ui_form_text(f, 0), ui_form_text(f, 1),
				ui_form_text(f, 2), at, ui->now, &id, err) != KC_OK)
		return err->status;
	ui_msg(ui, UI_WARN, "Waste %lld: %s mg of lot %s recorded; it WAITS for a second clinician's witness "
	       "(W on the start screen, from their own login).", id, ui_form_text(f, 1), ui_form_text(f, 0));
	ui_mark(ui, UI_BODY | UI_BAR);
	return KC_OK;
}

void ui_inv_waste_open(struct ui *ui, kc_id session)
{
	form.session = session;
	lots_hint(ui, NULL);
	form.f[0] = (struct uif_field){ .label = "Lot", .width = 20, .max = 31, .hint = form.lots };
	form.f[1] = (struct uif_field){ .label = "Amount wasted mg", .type = UIF_NUMBER, .width = 7,
					.hint = "mg wasted: at most what was drawn up and not given" };
	form.f[2] = (struct uif_field){ .label = "How", .width = 36, .max = 120,
					.hint = "how it was wasted, e.g. into a drug disposal pouch" };
	form.f[3] = (struct uif_field){ .label = "Time", .type = UIF_TIME, .width = 16, .init = UIF_NOW,
					.hint = "when it was wasted: HH:MM, yesterday HH:MM" };
	form.def = (struct uif_def){ .title = "Drug wasted (a second clinician witnesses it)", .fields = form.f,
				     .n = 4, .row = -1, .submit = waste_submit };
	ui_form_open(ui, &form.def, NULL);
}
