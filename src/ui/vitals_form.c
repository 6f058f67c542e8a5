/* vitals_form.c — the compact vitals form shared by the screening screen (pre-dose
 * readings) and the session screen: BP in one field as typed ("142/91"), then HR, SpO2,
 * RR, MOAA/S, an optional temperature and the time taken, which follows the clock until
 * it is edited: the time on screen at the save is the time stored. The core parses,
 * validates and stores; a refused value keeps the form with what was typed. */
#include "ui_vitals.h"

#include <stdio.h>
#include <string.h>

#include "kc_time.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_form.h"

enum { F_BP, F_HR, F_SPO2, F_RR, F_MOAAS, F_TEMP, F_TIME, F_COUNT };

static const struct uif_field vitals_fields[F_COUNT] = {
	[F_BP] = { .label = "BP (e.g. 142/91)", .type = UIF_NUMBER, .width = 7, .accept = "0123456789/",
		   .hint = "systolic/diastolic mmHg" },
	[F_HR] = { .label = "Heart rate /min", .type = UIF_NUMBER, .width = 3, .accept = "0123456789",
		   .hint = "beats a minute, e.g. 78" },
	[F_SPO2] = { .label = "SpO2 %", .type = UIF_NUMBER, .width = 3, .accept = "0123456789%",
		     .hint = "oxygen saturation, e.g. 97" },
	[F_RR] = { .label = "Resp. rate /min", .type = UIF_NUMBER, .width = 3, .accept = "0123456789",
		   .hint = "breaths a minute, e.g. 14" },
	[F_MOAAS] = { .label = "MOAA/S (0-5)", .type = UIF_NUMBER, .width = 1, .accept = "012345",
		      .hint = "5 = alert, 0 = no response" },
	[F_TEMP] = { .label = "Temp C (optional)", .type = UIF_NUMBER, .width = 5, .accept = "0123456789.CFcf",
		     .hint = "e.g. 36.8; 98.6F is converted" },
	[F_TIME] = { .label = "Time taken (HH:MM)", .type = UIF_TIME, .init = UIF_NOW },
};

static int vitals_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err);

static const struct uif_def vitals_def = {
	.title = "Vitals reading",
	.fields = vitals_fields,
	.n = F_COUNT,
	.row = 5, /* below the session screen's timer and alert banner, which stay in view */
	.submit = vitals_submit,
};

static const struct uif_def baseline_def = {
	.title = "Pre-dose vitals (baseline)",
	.fields = vitals_fields,
	.n = F_COUNT,
	.row = -1,
	.submit = vitals_submit,
};

/* Append the alert texts to msg while the status line (width columns) has room, without
 * the level the line already names, so no value is ever cut short; "+N more" for the rest. */
static void add_alerts(const struct ui *ui, const struct kc_alert_list *l, const char *drop, int width,
		       char *msg, size_t n)
{
	size_t len = strlen(msg), keep, dl = strlen(drop);

	for (int i = 0; i < l->n; i++) {
		const char *t = l->a[i].text;

		keep = strlen(t);
		if (keep >= dl && strcmp(t + keep - dl, drop) == 0)
			keep -= dl;
		snprintf(msg + len, n - len, "%s%.*s", i ? "; " : " ", (int)keep, t);
		/* room for " (+N more)" unless this is the last one */
		if (ui_width(ui, msg) > width - (i + 1 < l->n ? 12 : 1)) {
			snprintf(msg + len, n - len, " (+%d more)", l->n - i);
			return;
		}
		len = strlen(msg);
	}
}

/* "Vitals saved 14:05, LATE entry. CRIT: SBP 185 mmHg >= 180; ..." on the status line. */
static void report_saved(struct ui *ui, const struct ui_vitals_ctx *ctx, time_t taken)
{
	const struct kc_vitals_result *r = &ctx->last;
	enum kc_level worst = r->alerts.worst;
	char hm[16], msg[KC_MSG_MAX];

	kc_time_local_hm(taken, hm, sizeof hm);
	if (ctx->baseline && r->predose_gate != KC_GATE_PASS) {
		ui_msg(ui, UI_WARN, "Vitals saved %s. Pre-dose BP gate %s: %s", hm, kc_gate_name(r->predose_gate),
		       r->gate_why);
		return;
	}
	snprintf(msg, sizeof msg, "Vitals saved %s%s.%s", hm, r->late ? ", LATE entry" : "",
		 worst == KC_LEVEL_CRITICAL ? " CRIT:" : worst == KC_LEVEL_WARN ? " WARN:" : "");
	add_alerts(ui, &r->alerts, worst == KC_LEVEL_CRITICAL ? " (critical)" : " (warn)", getmaxx(ui->status),
		   msg, sizeof msg);
	ui_msg(ui, worst == KC_LEVEL_CRITICAL ? UI_CRIT : worst == KC_LEVEL_WARN ? UI_WARN : UI_OK, "%s", msg);
}

static int vitals_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct ui_vitals_ctx *ctx = priv;
	struct kc_vitals_entry e;
	struct kc_vitals_result res;

	memset(&e, 0, sizeof e);
	e.text.bp = ui_form_text(f, F_BP);
	e.text.heart_rate = ui_form_text(f, F_HR);
	e.text.spo2 = ui_form_text(f, F_SPO2);
	e.text.resp_rate = ui_form_text(f, F_RR);
	e.text.moaas = ui_form_text(f, F_MOAAS);
	e.text.temp = ui_form_text(f, F_TEMP);
	e.status = KC_VITALS_TAKEN;
	e.reason = "";
	e.baseline = ctx->baseline;
	if (ui_form_time_for(ui, f, F_TIME, ctx->session, &e.taken, err) != KC_OK)
		return err->status;
	if (kc_chart_vitals(ui->app->store, ui->app->cfg, ctx->session, &e, ui->now, &res, err) != KC_OK)
		return err->status;
	ctx->last = res;
	report_saved(ui, ctx, e.taken);
	if (ctx->saved)
		ctx->saved(ui, ctx);
	return KC_OK;
}

void ui_vitals_form_open(struct ui *ui, struct ui_vitals_ctx *ctx)
{
	ui_form_open(ui, ctx->baseline ? &baseline_def : &vitals_def, ctx);
}
