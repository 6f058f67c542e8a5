/* ui_ack.c — acknowledging a critical vitals alert: what was done (a choice) and a note,
 * stored on the reading through kc_chart_ack_rate. The session screen and the screening
 * screen (baseline readings) open the same form; without a running infusion its actions
 * are left out. An action that changes the infusion makes the change: "infusion paused"
 * pauses it, "rate reduced" asks for the new rate and records it. */
#include "ui_ack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_form.h"

#define ACK_DRUG "drug given"
#define ACK_OTHER "other"

static const char *const infusion_choices[] = { KC_ACK_PAUSED, KC_ACK_RATE, "physician notified",
						ACK_DRUG, "repeat reading", ACK_OTHER, NULL };
static const char *const other_choices[] = { "physician notified", ACK_DRUG, "repeat reading", ACK_OTHER,
					     NULL };

static int ack_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct ui_ack_ctx *ctx = priv;
	const char *choice = ctx->f[0].choices[ui_form_choice(f, 0)];
	const char *note = ui_form_text(f, 1);
	int drug = strcmp(choice, ACK_DRUG) == 0, lower = strcmp(choice, KC_ACK_RATE) == 0;
	const char *typed = ctx->infusion ? ui_form_text(f, 2) : "";
	char action[KC_NOTE_MAX], *end;
	double rate = 0;

	if (!*note && (drug || strcmp(choice, ACK_OTHER) == 0))
		return kc_fail(err, KC_ERR_INVALID, "Note: say %s",
			       drug ? "which drug and dose was given" : "what was done");
	if (lower) {
		rate = strtod(typed, &end);
		if (!*typed || *end || !(rate > 0))
			return kc_fail(err, KC_ERR_INVALID, "Rate mL/h: type the rate the pump runs at now");
	} else if (*typed) {
		return kc_fail(err, KC_ERR_INVALID, "Rate mL/h: only for \"%s\"; clear it or choose that action",
			       KC_ACK_RATE);
	}
	if (lower)
		snprintf(action, sizeof action, "%s to %.1f mL/h%s%s", choice, rate, *note ? ": " : "", note);
	else
		snprintf(action, sizeof action, "%s%s%s", choice, *note ? ": " : "", note);
	if (kc_chart_ack_rate(ui->app->store, ui->app->cfg, ctx->vitals_id, action, rate, ui->now, err) != KC_OK)
		return err->status;
	ctx->choice = choice;
	kc_strlcpy(ctx->action, action, sizeof ctx->action);
	ctx->more[0] = '\0';
	if (ctx->saved)
		ctx->saved(ui, ctx);
	ui_msg(ui, UI_OK, "Alert acknowledged: %s.%s", ctx->action, ctx->more);
	return KC_OK;
}

void ui_ack_form_open(struct ui *ui, struct ui_ack_ctx *ctx, kc_id id, time_t taken, int row)
{
	char at[16];

	ctx->vitals_id = id;
	ctx->choice = NULL;
	ctx->action[0] = ctx->more[0] = '\0';
	kc_time_local_hm(taken, at, sizeof at);
	snprintf(ctx->title, sizeof ctx->title, "Acknowledge the CRIT alert of %s", at);
	ctx->f[0] = (struct uif_field){ .label = "Action taken", .type = UIF_CHOICE,
					.choices = ctx->infusion ? infusion_choices : other_choices,
					.hint = "Left/Right or a letter" };
	ctx->f[1] = (struct uif_field){ .label = "Note", .width = 34, .max = KC_NOTE_MAX - 1,
					.hint = "what was done, e.g. Dr Lee informed" };
	ctx->f[2] = (struct uif_field){ .label = "Rate mL/h", .type = UIF_NUMBER, .width = 6,
					.hint = "for rate reduced: the pump's new rate (recorded as a rate change)" };
	ctx->def = (struct uif_def){ .title = ctx->title, .fields = ctx->f, .n = ctx->infusion ? 3 : 2, .row = row,
				     .submit = ack_submit };
	ui_form_open(ui, &ctx->def, ctx);
}
