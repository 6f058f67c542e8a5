/* ui_ack.c — acknowledging a critical vitals alert: what was done, up to UI_ACK_PICKS
 * actions each with its text, stored with the acknowledgement through kc_chart_ack_actions
 * (all or none). The session screen and the screening screen (baseline readings) open the
 * same form; without a running infusion its actions are left out. An action that changes
 * the infusion makes the change: "infusion paused" pauses it, "rate reduced" asks for the
 * new rate and records it. Each choice field shows the action picked, so every action is
 * in view before the save (Enter on the last field, or ^S). */
#include "ui_ack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_form.h"

#define NONE "- none"
/* The first action starts on no action: a default would chart an act nobody did (and
 * "infusion paused" would pause the pump). */
#define CHOOSE "- choose"

/* Where the fields are: action j and its note, the rate (only while an infusion runs)
 * right after the first note, so the first action reads as one line of thought. */
static size_t pick_field(const struct ui_ack_ctx *ctx, int j)
{
	return j == 0 ? 0 : (size_t)((ctx->infusion ? 3 : 2) + 2 * (j - 1));
}
#define RATE_FIELD 2

/* The rate typed, when an action is rate reduced (else refused when something is typed). */
static int ack_rate(struct ui_ack_ctx *ctx, struct ui_form *f, int want, double *rate, struct kc_err *err)
{
	const char *typed = ctx->infusion ? ui_form_text(f, RATE_FIELD) : "";
	char *end;

	*rate = 0;
	if (!want && *typed)
		return kc_fail(err, KC_ERR_INVALID, "Rate mL/h: only for \"%s\"; clear it or choose that action",
			       KC_ACK_RATE);
	if (!want)
		return KC_OK;
	*rate = strtod(typed, &end);
	if (!*typed || *end || !(*rate > 0))
		return kc_fail(err, KC_ERR_INVALID, "Rate mL/h: type the rate the pump runs at now");
	return KC_OK;
}

/* The actions picked, in the form's order; *n of them. The first field always holds one;
 * the first must be chosen (it starts on "- choose"), the others count unless left on
 * "- none". */
static int ack_read(struct ui_ack_ctx *ctx, struct ui_form *f, struct kc_ack_action *a, size_t *n,
		    struct kc_err *err)
{
	int want_rate = 0;
	double rate;

	*n = 0;
	for (int j = 0; j < UI_ACK_PICKS; j++) {
		size_t at = pick_field(ctx, j);
		int c = ui_form_choice(f, at) - 1;
		const char *text = ui_form_text(f, at + 1);

		if (j == 0 && c < 0)
			return kc_fail(err, KC_ERR_INVALID, "Action taken: choose what was done (Left/Right or a letter)");
		if (c < 0 && *text)
			return kc_fail(err, KC_ERR_INVALID, "Note %d: goes with action %d; choose it or clear the note (^U)",
				       j + 1, j + 1);
		if (c < 0)
			continue;
		kc_ack_pick(&ctx->offer, c, text, 0, &a[*n]);
		want_rate |= a[*n].kind == KC_ACT_RATE;
		(*n)++;
	}
	if (ack_rate(ctx, f, want_rate, &rate, err) != KC_OK)
		return err->status;
	for (size_t i = 0; i < *n; i++)
		if (a[i].kind == KC_ACT_RATE)
			a[i].rate_ml_h = rate;
	return KC_OK;
}

static int ack_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct ui_ack_ctx *ctx = priv;
	struct kc_ack_action a[UI_ACK_PICKS];
	size_t n;

	if (ack_read(ctx, f, a, &n, err) != KC_OK)
		return err->status;
	if (kc_chart_ack_actions(ui->app->store, ui->app->cfg, ctx->vitals_id, a, n, ui->now, err) != KC_OK)
		return err->status;
	ctx->paused = ctx->rated = 0;
	for (size_t i = 0; i < n; i++) {
		ctx->paused |= a[i].kind == KC_ACT_PAUSE;
		ctx->rated |= a[i].kind == KC_ACT_RATE;
	}
	kc_ack_actions_text(a, n, ctx->action, sizeof ctx->action);
	ctx->more[0] = '\0';
	if (ctx->saved)
		ctx->saved(ui, ctx);
	ui_msg(ui, UI_OK, "Alert acknowledged: %s.%s", ctx->action, ctx->more);
	return KC_OK;
}

static void ack_fields(struct ui_ack_ctx *ctx)
{
	static const char *const labels[UI_ACK_PICKS][2] = {
		{ "Action taken", "Note" }, { "Action 2", "Note 2" }, { "Action 3", "Note 3" },
	};
	size_t n = 0;

	ctx->first[0] = CHOOSE;
	ctx->next[0] = NONE;
	for (int i = 0; i < ctx->offer.n; i++)
		ctx->first[i + 1] = ctx->next[i + 1] = ctx->offer.item[i].choice;
	ctx->first[ctx->offer.n + 1] = ctx->next[ctx->offer.n + 1] = NULL;
	for (int j = 0; j < UI_ACK_PICKS; j++) {
		ctx->f[n++] = (struct uif_field){ .label = labels[j][0], .type = UIF_CHOICE,
						  .choices = j ? ctx->next : ctx->first,
						  .hint = j ? "another action taken, or - none (Left/Right or a letter)"
							    : "what was done: Left/Right or a letter" };
		ctx->f[n++] = (struct uif_field){ .label = labels[j][1], .width = 34, .max = KC_ACK_TEXT - 1,
						  .hint = "other, drug given: say what (required); else optional, "
							  "e.g. Dr Lee informed" };
		if (j == 0 && ctx->infusion)
			ctx->f[n++] = (struct uif_field){
				.label = "Rate mL/h", .type = UIF_NUMBER, .width = 6,
				.hint = "for rate reduced: the pump's new rate (recorded as a rate change)" };
	}
	ctx->def.n = n;
}

void ui_ack_form_open(struct ui *ui, struct ui_ack_ctx *ctx, kc_id id, time_t taken, int row)
{
	char at[16];

	ctx->vitals_id = id;
	ctx->paused = ctx->rated = 0;
	ctx->action[0] = ctx->more[0] = '\0';
	kc_time_local_hm(taken, at, sizeof at);
	snprintf(ctx->title, sizeof ctx->title, "Acknowledge the CRIT alert of %s", at);
	kc_ack_offer_vitals(ui->app->cfg, ctx->infusion, &ctx->offer);
	ctx->def = (struct uif_def){ .title = ctx->title, .fields = ctx->f, .row = row, .submit = ack_submit };
	ack_fields(ctx);
	ui_form_open(ui, &ctx->def, ctx);
}
