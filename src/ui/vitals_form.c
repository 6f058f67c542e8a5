/* vitals_form.c — the compact vitals form shared by the screening screen (pre-dose
 * readings) and the session screen: BP in one field as typed ("142/91"), then HR, SpO2,
 * RR, MOAA/S, an optional temperature and the time taken, which follows the clock until
 * it is edited: the time on screen at the save is the time stored. The core parses,
 * validates and stores; a refused value keeps the form with what was typed. */
#include "ui_vitals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_entry.h"
#include "kc_time.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_lines.h"
#include "ui_form.h"

enum { F_BP, F_HR, F_SPO2, F_RR, F_MOAAS, F_TEMP, F_TIME, F_COUNT };
_Static_assert(F_COUNT == UI_VITALS_FIELDS, "UI_VITALS_FIELDS counts the form's fields");

#define CARRIED "carried"

static const struct uif_field vitals_fields[F_COUNT] = {
	[F_BP] = { .label = "BP (e.g. 142/91)", .type = UIF_NUMBER, .width = 18, .max = 40,
		   .accept = "0123456789/ -%",
		   .hint = "systolic/diastolic mmHg; or one line: 142/91 88 97 14 5" },
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

/* Enter on BP saves a line; on BP to MOAA/S it saves once no measure below is blank
 * (carried or typed: the optional temperature and the time are left as they are). Else:
 * the next field. */
static int vitals_enter(void *priv, struct ui_form *f, size_t i)
{
	(void)priv;
	if (i == F_BP && kc_vitals_is_line(ui_form_text(f, F_BP)))
		return 1;
	if (i > F_MOAAS)
		return 0;
	for (size_t j = i + 1; j <= F_MOAAS; j++)
		if (!ui_form_text(f, j)[0])
			return 0;
	return 1;
}

/* The alerts of level lv in l, each without its level word, "; " between, from msg's end;
 * at most *room of them (the rest counted in *left). */
static void add_level(const struct kc_alert_list *l, enum kc_level lv, const char *word, int *room, int *left,
		      char *msg, size_t n)
{
	const char *drop = lv == KC_LEVEL_CRITICAL ? " (critical)" : " (warn)";
	size_t dl = strlen(drop);
	int first = 1;

	for (int i = 0; i < l->n; i++) {
		const char *t = l->a[i].text;
		size_t len = strlen(msg), keep = strlen(t);

		if (l->a[i].level != lv)
			continue;
		if (*room <= 0) {
			(*left)++;
			continue;
		}
		if (keep >= dl && strcmp(t + keep - dl, drop) == 0)
			keep -= dl;
		snprintf(msg + len, n - len, "%s%s%.*s", first ? (len ? " " : "") : "; ", first ? word : "", (int)keep,
			 t);
		first = 0;
		(*room)--;
	}
}

/* The alerts first, so the status line (two lines of width columns) never loses them to
 * the rest: "CRIT: HR 150 /min > 130; SpO2 80 % < 90 WARN: ... (+2 more). Vitals saved
 * 14:05." As many alerts as fit, at least the first (the line wraps; the banner and the
 * table show every one); then the save, shortened to "Saved 14:05." when room is short. */
static void alerts_first(const struct ui *ui, const struct kc_alert_list *l, const char *saved,
			 const char *short_saved, int width, char *msg, size_t n)
{
	for (int k = l->n; k >= 1; k--) {
		for (int pass = 0; pass < 2; pass++) {
			int room = k, left = 0;

			msg[0] = '\0';
			add_level(l, KC_LEVEL_CRITICAL, "CRIT: ", &room, &left, msg, n);
			add_level(l, KC_LEVEL_WARN, "WARN: ", &room, &left, msg, n);
			if (left)
				snprintf(msg + strlen(msg), n - strlen(msg), " (+%d more)", left);
			snprintf(msg + strlen(msg), n - strlen(msg), ". %s", pass ? short_saved : saved);
			if (uil_wrap_count(msg, width, ui->utf8) <= 2 || (k == 1 && pass == 1))
				return;
		}
	}
}

/* "CRIT: SBP 185 mmHg >= 180; ... Vitals saved 14:05, LATE entry, HR carried from 14:00." on
 * the status line. */
static void report_saved(struct ui *ui, const struct ui_vitals_ctx *ctx, time_t taken, const char *carried)
{
	const struct kc_vitals_result *r = &ctx->last;
	enum kc_level worst = r->alerts.worst;
	char hm[16], from[16], msg[KC_MSG_MAX], carry[96] = "", saved[192], short_saved[128];

	kc_time_local_hm(taken, hm, sizeof hm);
	if (carried[0]) {
		kc_time_local_hm(ctx->carried_at, from, sizeof from);
		snprintf(carry, sizeof carry, " %s carried from %s.", carried, from);
	}
	if (ctx->baseline && r->predose_gate != KC_GATE_PASS) {
		ui_msg(ui, UI_WARN, "Vitals saved %s. Pre-dose BP gate %s: %s%s", hm, kc_gate_name(r->predose_gate),
		       r->gate_why, carry);
		return;
	}
	snprintf(saved, sizeof saved, "Vitals saved %s%s.%s", hm, r->late ? ", LATE entry" : "", carry);
	snprintf(short_saved, sizeof short_saved, "Saved %s%s.%s%s%s", hm, r->late ? ", LATE" : "", carried[0] ? " " : "",
		 carried, carried[0] ? " carried." : "");
	/* the alerts first, then the save and what was carried */
	if (worst != KC_LEVEL_CRITICAL && worst != KC_LEVEL_WARN)
		snprintf(msg, sizeof msg, "%s", saved);
	else
		alerts_first(ui, &r->alerts, saved, short_saved, getmaxx(ui->status), msg, sizeof msg);
	ui_msg(ui, worst == KC_LEVEL_CRITICAL ? UI_CRIT : worst == KC_LEVEL_WARN ? UI_WARN : UI_OK, "%s", msg);
}

static const char *const short_names[F_COUNT] = { "BP", "HR", "SpO2", "RR", "MOAA/S", "temp", "time" };

static unsigned carry_bit(size_t field)
{
	return field == F_HR ? KC_CARRY_HR : field == F_SPO2 ? KC_CARRY_SPO2 : field == F_RR ? KC_CARRY_RR
		: field == F_MOAAS ? KC_CARRY_MOAAS : 0;
}

/* A line in the BP field is spread over the fields (the rest blank), so what is charted is
 * what the form shows, and a refusal leaves each value in its own field to be fixed. */
static int spread_line(struct ui_form *f, struct kc_err *err)
{
	struct kc_vitals_line l;
	char line[64];

	kc_strlcpy(line, ui_form_text(f, F_BP), sizeof line);
	if (!kc_vitals_is_line(line))
		return KC_OK;
	if (kc_vitals_line_split(line, &l, err) != KC_OK) {
		char why[KC_MSG_MAX];

		kc_strlcpy(why, err->msg, sizeof why);
		return kc_fail(err, err->status, "BP line: %s", why);
	}
	ui_form_set(f, F_BP, l.bp);
	ui_form_set(f, F_HR, l.heart_rate);
	ui_form_set(f, F_SPO2, l.spo2);
	ui_form_set(f, F_RR, l.resp_rate);
	ui_form_set(f, F_MOAAS, l.moaas);
	return KC_OK;
}

static int vitals_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct ui_vitals_ctx *ctx = priv;
	struct kc_vitals_entry e;
	struct kc_vitals_result res;
	char carried[64] = "";

	if (spread_line(f, err) != KC_OK)
		return err->status;
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
	/* which carried values the form still shows, as saved: the record keeps them as carried */
	for (size_t i = F_HR; i <= F_MOAAS; i++)
		if (ctx->carry_text[i][0] && !ui_form_field_edited(f, i) &&
		    strcmp(ui_form_text(f, i), ctx->carry_text[i]) == 0) {
			snprintf(carried + strlen(carried), sizeof carried - strlen(carried), "%s%s",
				 carried[0] ? " " : "", short_names[i]);
			e.carried |= carry_bit(i);
		}
	e.text.heart_rate = ui_form_text(f, F_HR);
	e.text.spo2 = ui_form_text(f, F_SPO2);
	e.text.resp_rate = ui_form_text(f, F_RR);
	e.text.moaas = ui_form_text(f, F_MOAAS);
	if (kc_chart_vitals(ui->app->store, ui->app->cfg, ctx->session, &e, ui->now, &res, err) != KC_OK)
		return err->status;
	ctx->last = res;
	report_saved(ui, ctx, e.taken, carried);
	if (ctx->saved)
		ctx->saved(ui, ctx);
	return KC_OK;
}

/* The session's last valid reading taken (not refused, not entered in error): what a new
 * round may carry (kc_vitals_carry), into ctx's carry texts. */
static void load_carry(struct ui *ui, struct ui_vitals_ctx *ctx)
{
	struct kc_vitals_row row;
	struct kc_vitals carry;
	struct kc_err err;
	int found = 0;
	const struct kc_vitals_row *last = NULL;
	char buf[16];

	memset(ctx->carry_text, 0, sizeof ctx->carry_text);
	ctx->carried_at = 0;
	if (!ui->app->cfg->vitals.carry)
		return; /* [vitals] carry = no: every round starts blank */
	/* the reading the charting path checks a carried value against (one index lookup) */
	if (kc_vitals_last(ui->app->store, ctx->session, ui->now + 1, KC_LAST_BEFORE, 0, &row, &found, &err) != KC_OK)
		return; /* nothing carried: the form starts blank */
	if (found)
		last = &row;
	if (last && kc_vitals_carry(&last->v, &ui->app->cfg->alerts, &carry) > 0) {
		ctx->carried_at = last->taken_at;
		if (carry.heart_rate != KC_NONE)
			kc_strlcpy(ctx->carry_text[F_HR], kc_num_text(carry.heart_rate, buf, sizeof buf), 8);
		if (carry.spo2 != KC_NONE)
			kc_strlcpy(ctx->carry_text[F_SPO2], kc_num_text(carry.spo2, buf, sizeof buf), 8);
		if (carry.resp_rate != KC_NONE)
			kc_strlcpy(ctx->carry_text[F_RR], kc_num_text(carry.resp_rate, buf, sizeof buf), 8);
		if (carry.moaas != KC_NONE)
			kc_strlcpy(ctx->carry_text[F_MOAAS], kc_num_text(carry.moaas, buf, sizeof buf), 8);
	}
}

void ui_vitals_form_open(struct ui *ui, struct ui_vitals_ctx *ctx)
{
	const char *init[F_COUNT] = { 0 };
	char from[16];

	load_carry(ui, ctx);
	memcpy(ctx->f, vitals_fields, sizeof vitals_fields);
	for (size_t i = 0; i < F_COUNT; i++)
		if (ctx->carry_text[i][0]) {
			init[i] = ctx->carry_text[i];
			ctx->f[i].mark = CARRIED;
		}
	snprintf(ctx->title, sizeof ctx->title, "%s", ctx->baseline ? "Pre-dose vitals (baseline)" : "Vitals reading");
	if (ctx->carried_at) {
		kc_time_local_hm(ctx->carried_at, from, sizeof from);
		snprintf(ctx->title + strlen(ctx->title), sizeof ctx->title - strlen(ctx->title),
			 " - carried from %s", from);
	}
	ctx->def = (struct uif_def){
		.title = ctx->title,
		.fields = ctx->f,
		.n = F_COUNT,
		.row = ctx->baseline ? -1 : 5, /* below the session screen's timer and alert banner */
		.submit = vitals_submit,
		.enter = vitals_enter,
	};
	ui_form_open_init(ui, &ctx->def, ctx, init);
}
