/* ui_ack.c — the actions as one multi-select list (ui_ack.h), and the acknowledgement of a
 * critical vitals alert built on it: the actions marked and their texts stored with the
 * acknowledgement through kc_chart_ack_actions (all or none). An action that changes the
 * infusion makes the change: "infusion paused" pauses it, "rate reduced" records the rate
 * typed under it. Every action marked is in view, [x], before the save (Enter from any
 * field, or ^S). */
#include "ui_ack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_form.h"

/* ---------- the list ---------- */

/* What the text under an action says, or NULL when it has none. */
static const char *text_label(enum kc_act_kind k)
{
	switch (k) {
	case KC_ACT_OTHER: return "  what was done";
	case KC_ACT_DRUG: return "  drug and dose";
	case KC_ACT_NOTIFY: return "  who";
	case KC_ACT_RATE: return "  new rate mL/h";
	default: return NULL;
	}
}

static const char *text_hint(enum kc_act_kind k)
{
	switch (k) {
	case KC_ACT_OTHER: return "with other marked: what was done (required), e.g. cool cloth";
	case KC_ACT_DRUG: return "with drug given marked: which drug and dose (required)";
	case KC_ACT_NOTIFY: return "with physician notified marked: who (optional), e.g. Dr Lee";
	default: return "with rate reduced marked: the pump's new rate, mL/h (recorded as a rate change)";
	}
}

void ui_ack_list_fields(struct ui_ack_list *l, struct uif_field *f, size_t *n, size_t max, const char *label)
{
	l->first = *n;
	for (int i = 0; i < l->offer.n && *n < max; i++) {
		enum kc_act_kind k = l->offer.item[i].kind;
		const char *tl = text_label(k);

		/* the box, then the choice: a copy, not snprintf, which GCC's -Wrestrict takes for
		 * an overlap at -O1 with the sanitizers (make asan), both being parts of *l */
		for (int on = 0; on < 2; on++) {
			memcpy(l->face[i][on], on ? "[x] " : "[ ] ", UIF_BOX_LEN);
			kc_strlcpy(l->face[i][on] + UIF_BOX_LEN, l->offer.item[i].choice,
				   sizeof l->face[i][on] - UIF_BOX_LEN);
		}
		l->faces[i][0] = l->face[i][0];
		l->faces[i][1] = l->face[i][1];
		l->faces[i][2] = NULL;
		l->at[i] = *n;
		l->text_at[i] = UI_ACK_NO;
		f[(*n)++] = (struct uif_field){ .label = i ? "" : label, .type = UIF_TOGGLE, .choices = l->faces[i],
						.hint = "Space marks [x] or clears; Up/Down, a letter moves; Enter saves" };
		if (tl && *n < max) {
			l->text_at[i] = *n;
			f[(*n)++] = (struct uif_field){ .label = tl, .type = k == KC_ACT_RATE ? UIF_NUMBER : UIF_TEXT,
							.width = k == KC_ACT_RATE ? 6 : 30,
							.max = k == KC_ACT_RATE ? 0 : KC_ACK_TEXT - 1,
							.hint = text_hint(k) };
		}
	}
	l->end = *n;
}

/* The rate typed under rate reduced. */
static int list_rate(const char *typed, double *rate, struct kc_err *err)
{
	char *end;

	*rate = strtod(typed, &end);
	if (!*typed || *end || !(*rate > 0))
		return kc_fail(err, KC_ERR_INVALID, "new rate mL/h: type the rate the pump runs at now");
	return KC_OK;
}

int ui_ack_list_read(const struct ui_ack_list *l, struct ui_form *f, struct kc_ack_action *a, size_t *n,
		     struct kc_err *err)
{
	*n = 0;
	for (int i = 0; i < l->offer.n; i++) {
		int on = ui_form_choice(f, l->at[i]) == 1;
		const char *text = l->text_at[i] == UI_ACK_NO ? "" : ui_form_text(f, l->text_at[i]);
		int rate = l->offer.item[i].kind == KC_ACT_RATE;
		double r = 0;

		if (!on && *text)
			return kc_fail(err, KC_ERR_INVALID, "\"%s\" is not marked: mark it [x] with Space, or clear the "
				       "text under it (^U)", l->offer.item[i].choice);
		if (!on)
			continue;
		if (*n == KC_ACK_MAX)
			return kc_fail(err, KC_ERR_INVALID, "at most %d actions in one acknowledgement", KC_ACK_MAX);
		if (rate && list_rate(text, &r, err) != KC_OK)
			return err->status;
		kc_ack_pick(&l->offer, i, rate ? "" : text, r, &a[(*n)++]);
	}
	return KC_OK;
}

/* ---------- the acknowledgement of a CRIT alert ---------- */

static int ack_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct ui_ack_ctx *ctx = priv;
	struct kc_ack_action a[KC_ACK_MAX];
	size_t n;

	if (ui_ack_list_read(&ctx->list, f, a, &n, err) != KC_OK)
		return err->status;
	if (n == 0)
		return kc_fail(err, KC_ERR_INVALID, "Actions taken: none marked; mark what was done with Space ([x])");
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

void ui_ack_form_open(struct ui *ui, struct ui_ack_ctx *ctx, kc_id id, time_t taken, int row)
{
	char at[16];
	size_t n = 0;

	ctx->vitals_id = id;
	ctx->paused = ctx->rated = 0;
	ctx->action[0] = ctx->more[0] = '\0';
	kc_time_local_hm(taken, at, sizeof at);
	snprintf(ctx->title, sizeof ctx->title, "Acknowledge the CRIT alert of %s", at);
	kc_ack_offer_vitals(ui->app->cfg, ctx->infusion, &ctx->list.offer);
	ui_ack_list_fields(&ctx->list, ctx->f, &n, UI_ACK_FIELDS, "Actions taken");
	/* every field is the list's: Enter saves from any of them */
	ctx->def = (struct uif_def){ .title = ctx->title, .fields = ctx->f, .n = n, .row = row, .enter_saves = 1,
				     .submit = ack_submit };
	ui_form_open(ui, &ctx->def, ctx);
}
