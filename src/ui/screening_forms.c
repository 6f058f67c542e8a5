/* screening_forms.c — the screening's forms: a confirmation with its note, the override,
 * the session info (weight, fasting times, escort, consent, medication changes) and the
 * baseline vitals. */
#include "scr_screening.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_wording.h"

#include "kc_time.h"
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_form.h"
#include "ui_screen.h"


/* ---------- forms ---------- */

static int form_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err);
static void form_closed(struct ui *ui, void *priv, int saved);

static struct uif_field *form_field(struct scr *s, size_t i, const char *label, int width, int max,
				    const char *init, const char *hint)
{
	struct uif_field *fl = &s->ff[i];

	s->fstart[i] = init;
	kc_strlcpy(s->fhint[i], hint ? hint : "", sizeof s->fhint[i]);
	*fl = (struct uif_field){ .label = label, .width = width, .max = max, .hint = s->fhint[i] };
	return fl;
}

static void form_begin(struct ui *ui, struct scr *s, enum fkind kind, const char *item, const char *title,
		       size_t n)
{
	int ids[ROWS_MAX];

	s->fkind = kind;
	s->fchain = 0;
	kc_strlcpy(s->fitem, item ? item : "", sizeof s->fitem);
	kc_strlcpy(s->ftitle, title, sizeof s->ftitle);
	/* An info form goes below the rows, so the answers saved so far stay in sight as the
	 * forms follow one another. */
	s->fdef = (struct uif_def){ .title = s->ftitle, .fields = s->ff, .n = n,
				    .row = kind >= FK_WEIGHT && kind <= FK_MEDS ? 4 + scr_section_rows(s, SEC_INFO, ids) : 3,
				    .submit = form_submit, .closed = form_closed };
	ui_form_open_init(ui, &s->fdef, s, s->fstart);
	memset(s->fstart, 0, sizeof s->fstart); /* they may point into answers a reload frees */
}

void scr_confirm_open(struct ui *ui, struct scr *s, const char *item, const char *title, const char *hint)
{
	form_field(s, 0, "Note", 50, KC_NOTE_MAX - 1, scr_note(s, item), hint);
	form_begin(ui, s, FK_CONFIRM, item, title, 1);
}

void scr_confirm_check_item(struct ui *ui, struct scr *s, int i)
{
	const struct kc_check_item *it = &kc_check_items(NULL)[i];
	char key[48], title[160];

	snprintf(key, sizeof key, "confirm.%s", it->key);
	snprintf(title, sizeof title, "Confirm: %s", it->label);
	scr_confirm_open(ui, s, key, title, "why it is safe to proceed (recorded in the chart)");
}

/* A critical alert comes first: it is the patient now, the rest is paperwork. */
void scr_confirm_next(struct ui *ui, struct scr *s)
{
	int i = scr_unconfirmed_relative(s);

	if (s->crit_n && s->crit.id) {
		scr_ack_open(ui, s, &s->crit);
		return;
	}
	if (i >= 0) {
		scr_confirm_check_item(ui, s, i);
		return;
	}
	for (size_t k = 0; k < SCR_NNEEDS; k++)
		if (scr_flag_needed(s, ui->app->cfg, ui->now, scr_needs[k].off)) {
			scr_confirm_open(ui, s, scr_needs[k].item, scr_needs[k].title, scr_needs[k].hint);
			return;
		}
	if (s->v.gate == KC_GATE_BLOCK)
		ui_msg(ui, UI_WARN, "Nothing to confirm; BLOCKED items need a physician override (o).");
	else
		ui_msg(ui, UI_NORMAL, "Nothing needs confirming.");
}

int scr_open_blocks(const struct scr *s, const struct kc_config *cfg, int *out, int max)
{
	int all[KC_CHECK_MAX + 2], n = kc_screening_blocks(&s->scr, cfg, all, KC_CHECK_MAX + 2), k = 0;

	for (int i = 0; i < n; i++)
		if (!kc_override_covers(&s->scr, all[i])) {
			if (out && k < max)
				out[k] = all[i];
			k++;
		}
	return k;
}

void scr_block_name(const struct scr *s, const struct kc_config *cfg, int block, char *out, size_t n)
{
	if (block == KC_BLOCK_AGE)
		snprintf(out, n, "age %d (esketamine needs %d or older)", s->scr.age_years, cfg->esk.min_age);
	else if (block == KC_BLOCK_BP)
		snprintf(out, n, "baseline BP %d/%d mmHg", s->scr.baseline.systolic, s->scr.baseline.diastolic);
	else
		snprintf(out, n, "%s", kc_check_items(NULL)[block].label);
}

/* The block o overrides: the highlighted absolute "yes" if it is one, else the first block
 * not yet overridden. One override covers one block: each is asked for on its own. */
void scr_override_open(struct ui *ui, struct scr *s)
{
	int open[KC_CHECK_MAX + 2], n = scr_open_blocks(s, ui->app->cfg, open, KC_CHECK_MAX + 2);
	int id = s->sec == SEC_CHECK ? scr_current_id(s) : -100;
	char name[KC_REASON_TEXT], title[160];

	if (!n) {
		ui_msg(ui, UI_NORMAL, "Nothing is blocked: an override is only for a BLOCKED item.");
		return;
	}
	s->fblock = open[0];
	for (int i = 0; i < n; i++)
		if (open[i] == id)
			s->fblock = id;
	scr_block_name(s, ui->app->cfg, s->fblock, name, sizeof name);
	snprintf(title, sizeof title, "Override: %.100s (this %s only)", name,
		 s->fblock == KC_BLOCK_BP ? "reading" : "answer");
	/* The store records who overrides (the login) and refuses anyone but a physician. */
	form_field(s, 0, "Reason", 50, 180, "", "why it is safe despite the block (permanent record)");
	form_begin(ui, s, FK_OVERRIDE, NULL, title, 1);
	/* CRIT stays on the status line while the reason is typed. */
	ui_msg(ui, UI_CRIT, "WARNING: recorded permanently in the chart as your override (%s).%s",
	       kc_store_actor(ui->app->store), n > 1 ? " Each block is overridden on its own." : "");
}

static const char *const consent_choices[] = { "choose: y or n", "yes", "no", NULL };

static void time_open(struct ui *ui, struct scr *s, const char *item, const char *label)
{
	char hm[32] = "";
	const char *v = scr_value(s, item);
	char title[96];

	/* The stored time as it reads back: "06:15", "yesterday 19:00" or a date. */
	if (*v)
		kc_time_entry_text((time_t)strtoll(v, NULL, 10), ui->now, hm, sizeof hm);
	form_field(s, 0, "Time (HH:MM)", 16, 24, hm, strcmp(item, "nasal_pretreat") == 0
		   ? "e.g. 07:45 or yesterday 21:00; empty = none given"
		   : "e.g. 06:15, yesterday 19:00, 2026-11-30 19:00");
	s->ff[0].type = UIF_TIME;
	snprintf(title, sizeof title, "%s", label);
	form_begin(ui, s, FK_TIME, item, title, 1);
}

/* Is info row id unanswered (or waiting for the clinician)? */
static int info_open(struct ui *ui, struct scr *s, int id)
{
	struct rowv r;

	scr_row_view(s, ui, SEC_INFO, id, &r);
	return r.open;
}

void scr_info_open(struct ui *ui, struct scr *s, int id)
{
	char kg[16] = "";
	int chain = info_open(ui, s, id);

	switch (id) {
	case IN_WEIGHT:
		if (s->scr.weight_kg > 0)
			snprintf(kg, sizeof kg, "%.1f", s->scr.weight_kg);
		form_field(s, 0, "Weight", 12, 16, kg, "kg, or lb: e.g. 82.5 or 176 lb");
		form_begin(ui, s, FK_WEIGHT, NULL, "Weight today", 1);
		break;
	case IN_SOLIDS: time_open(ui, s, "last_solids", "Last solid food"); break;
	case IN_LIQUIDS: time_open(ui, s, "last_liquids", "Last clear liquids"); break;
	case IN_NASAL: time_open(ui, s, "nasal_pretreat", "Nasal steroid/decongestant given at"); break;
	case IN_ESCORT:
		form_field(s, 0, "Escort name", 30, 63, scr_value(s, "escort_name"), "who takes the patient home");
		form_field(s, 1, "Escort phone", 20, 40, scr_value(s, "escort_phone"),
			   "a number that reaches them today");
		form_begin(ui, s, FK_ESCORT, NULL, "Escort", 2);
		break;
	case IN_CONSENT:
		form_field(s, 0, "Consent current", 0, 0, NULL, "y yes, n no (signed and up to date)");
		s->ff[0].type = UIF_CHOICE;
		s->ff[0].choices = consent_choices;
		s->fstart[0] = *scr_value(s, "consent") ? scr_value(s, "consent") : consent_choices[0];
		form_begin(ui, s, FK_CONSENT, "consent", "Consent", 1);
		break;
	default:
		form_field(s, 0, "Changes", 50, KC_NOTE_MAX - 1, scr_note(s, "med_changes"),
			   "medication or health changes since the last session, or: none");
		form_begin(ui, s, FK_MEDS, "med_changes", "Medication and health changes reviewed", 1);
		break;
	}
	s->fchain = chain ? id + 1 : 0;
}

/* After an info form answered an open row: the next open info row's form, so the session
 * info is typed form after form. A row answered before (a correction) does not chain. */
static void info_chain(struct ui *ui, struct scr *s, int after)
{
	int ids[ROWS_MAX], n = scr_section_rows(s, SEC_INFO, ids), past = 0;

	for (int i = 0; i < n; i++)
		if (past && info_open(ui, s, ids[i])) {
			scr_select(s, ids[i]);
			ui_mark(ui, UI_BODY);
			scr_info_open(ui, s, ids[i]);
			return;
		} else if (ids[i] == after) {
			past = 1;
		}
}

static int need_text(const char *t, const char *what, struct kc_err *err)
{
	return *t ? KC_OK : kc_fail(err, KC_ERR_INVALID, "type %s: it is required", what);
}

/* Stage item = value with note (stored with the form's other answers when it is saved). */
static int store_if_changed(struct ui *ui, struct scr *s, const char *item, const char *value, const char *note,
			    struct kc_err *err)
{
	(void)ui;
	(void)err;
	scr_stage(s, item, value, note);
	return KC_OK;
}

/* The time as typed goes to the chart, which reads and bounds it; left as shown (the
 * stored time) nothing is stored again. */
static int submit_time(struct ui *ui, struct scr *s, struct ui_form *f, struct kc_err *err)
{
	const struct kc_answer_row *a = scr_stored(s, s->fitem);

	if (a && !ui_form_field_changed(f, 0))
		return KC_OK;
	if (a && a->value[0] && s->npend < PEND_MAX) { /* a recorded time retyped: its reason first */
		struct pend *p = &s->pend[s->npend++];

		kc_strlcpy(p->item, s->fitem, sizeof p->item);
		kc_strlcpy(p->value, ui_form_text(f, 0), sizeof p->value);
		p->note[0] = '\0';
		p->typed_time = 1;
		return KC_OK;
	}
	return kc_chart_answer_time(ui->app->store, ui->app->cfg, s->ref.session, s->fitem, ui_form_text(f, 0),
				    ui->now, NULL, err);
}

static int submit_weight(struct ui *ui, struct scr *s, const char *txt, struct kc_err *err)
{
	double kg;
	char w[96];

	if (kc_chart_weight(ui->app->store, ui->app->cfg, 0, s->ref.session, txt, 0, ui->now, &kg, err) != KC_OK)
		return err->status;
	kc_word_weight(kg, txt, w, sizeof w);
	ui_msg(ui, UI_OK, "Weight %s saved.", w);
	return KC_OK;
}

/* A nurse is refused by the store (KC_ERR_DENIED): the form closes on its message. */
static int submit_override(struct ui *ui, struct scr *s, struct ui_form *f, struct kc_err *err)
{
	const char *why = ui_form_text(f, 0);
	char name[KC_REASON_TEXT];
	int left;

	scr_block_name(s, ui->app->cfg, s->fblock, name, sizeof name);
	if (need_text(why, "the reason for the override", err) != KC_OK ||
	    kc_chart_override(ui->app->store, ui->app->cfg, s->ref.session, s->fblock, why, ui->now, err) != KC_OK)
		return err->status;
	scr_reload(ui, s);
	left = scr_open_blocks(s, ui->app->cfg, NULL, 0);
	if (left)
		ui_msg(ui, UI_CRIT, "Override of %.60s recorded. Still BLOCKED: %d more block%s, o for the next.",
		       name, left, left == 1 ? "" : "s");
	else
		ui_msg(ui, UI_WARN, "Override of %.60s by %s recorded permanently.", name,
		       kc_store_actor(ui->app->store));
	return KC_OK;
}

static int submit_escort(struct ui *ui, struct scr *s, struct ui_form *f, struct kc_err *err)
{
	char name[KC_NOTE_MAX];

	kc_strlcpy(name, ui_form_text(f, 0), sizeof name);
	if (need_text(name, "the escort's name", err) != KC_OK ||
	    need_text(ui_form_text(f, 1), "the escort's phone", err) != KC_OK ||
	    store_if_changed(ui, s, "escort_name", name, "", err) != KC_OK ||
	    store_if_changed(ui, s, "escort_phone", ui_form_text(f, 1), "", err) != KC_OK)
		return err->status;
	return KC_OK;
}

static int submit_kind(struct ui *ui, struct scr *s, struct ui_form *f, struct kc_err *err)
{
	const char *t0 = ui_form_text(f, 0);

	switch (s->fkind) {
	case FK_CONFIRM:
		if (need_text(t0, "a note", err) != KC_OK)
			return err->status;
		return store_if_changed(ui, s, s->fitem, "yes", t0, err);
	case FK_OVERRIDE: return submit_override(ui, s, f, err);
	case FK_WEIGHT: return submit_weight(ui, s, t0, err);
	case FK_TIME: return submit_time(ui, s, f, err);
	case FK_ESCORT: return submit_escort(ui, s, f, err);
	case FK_CONSENT:
		if (ui_form_choice(f, 0) == 0)
			return kc_fail(err, KC_ERR_INVALID, "choose yes or no (y / n)");
		return store_if_changed(ui, s, "consent", consent_choices[ui_form_choice(f, 0)], "", err);
	case FK_MEDS:
		if (need_text(t0, "what changed, or none", err) != KC_OK)
			return err->status;
		return store_if_changed(ui, s, "med_changes", "reviewed", t0, err);
	default:
		return KC_OK;
	}
}

/* The reason for the staged change: the answers are stored with it. */
static int submit_reason(struct ui *ui, struct scr *s, struct ui_form *f, struct kc_err *err)
{
	const char *why = ui_form_text(f, 0);

	if (need_text(why, "why the answer changes (the earlier one stays in the chart)", err) != KC_OK)
		return err->status;
	for (int i = 0; i < s->npend; i++)
		if (scr_store_pend(ui, s, &s->pend[i], why, err) != KC_OK)
			return err->status;
	s->npend = 0;
	scr_reload(ui, s);
	s->sec = s->pend_sec;
	if (s->pend_id >= -1)
		scr_advance(s, s->pend_id);
	ui_msg(ui, UI_OK, "Changed. The earlier answer stays in the chart with your reason.");
	return KC_OK;
}

void scr_reason_open(struct ui *ui, struct scr *s)
{
	form_field(s, 0, "Reason", 50, KC_NOTE_MAX - 1, "", "why it changes; the earlier answer stays in the chart");
	form_begin(ui, s, FK_REASON, NULL, "Reason for changing a recorded answer", 1);
	ui_msg(ui, UI_WARN, "%s", s->pend_was);
}

/* A form went away: a change it staged now asks for its reason; a reason form cancelled
 * drops the change (the earlier answer stands). */
static void form_closed(struct ui *ui, void *priv, int saved)
{
	struct scr *s = priv;
	int chain = saved && s->sec == SEC_INFO && s->fkind >= FK_WEIGHT && s->fkind != FK_REASON ? s->fchain : 0;

	s->fchain = 0;
	if (s->pend_ask && s->npend && saved) {
		s->pend_ask = 0;
		scr_reason_open(ui, s);
		return;
	}
	s->pend_ask = 0;
	if (s->fkind == FK_REASON && !saved && s->npend) {
		s->npend = 0;
		ui_msg(ui, UI_NORMAL, "Not changed: the recorded answer stands.");
	}
	if (chain && !ui_form_current(ui))
		info_chain(ui, s, chain - 1);
}

static int form_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct scr *s = priv;
	int id = scr_current_id(s), rc;

	if (s->fkind == FK_REASON)
		return submit_reason(ui, s, f, err);
	s->npend = 0;
	if (submit_kind(ui, s, f, err) != KC_OK)
		return err->status;
	rc = scr_commit(ui, s, s->sec == SEC_INFO && s->fkind >= FK_WEIGHT ? id : -2, err);
	if (rc == SCR_WAIT)
		return KC_OK; /* the form closes; form_closed asks for the reason */
	if (rc != KC_OK)
		return err->status;
	scr_reload(ui, s);
	if (s->sec == SEC_INFO && s->fkind >= FK_WEIGHT)
		scr_advance(s, id);
	return KC_OK;
}

/* ---------- baseline vitals ---------- */

static void vitals_saved(struct ui *ui, struct ui_vitals_ctx *ctx)
{
	struct scr *s = (struct scr *)(void *)((char *)ctx - offsetof(struct scr, vctx));

	int ids[ROWS_MAX], n;

	scr_reload(ui, s);
	s->sec = SEC_VITALS;
	n = scr_section_rows(s, SEC_VITALS, ids);
	ui_list_set(&s->list[SEC_VITALS], n);
	s->list[SEC_VITALS].sel = n - 1; /* the reading just taken */
	if (ctx->last.predose_gate == KC_GATE_BLOCK)
		ui_msg(ui, UI_CRIT, "BLOCKED: baseline BP at or above the block limit; only %s allows dosing.%s",
		       ui_physician(ui) ? "an override (o)" : "a physician's override",
		       s->crit_n ? " a acknowledges the CRIT alert." : "");
	else if (ctx->last.predose_gate == KC_GATE_CONFIRM)
		ui_msg(ui, UI_WARN, "CONFIRM: baseline BP above the confirm limit; a confirms it with a note.");
}

/* ---------- acknowledging a critical alert (the form is ui_ack.c's) ---------- */

static void ack_saved(struct ui *ui, struct ui_ack_ctx *ctx)
{
	struct scr *s = (struct scr *)(void *)((char *)ctx - offsetof(struct scr, actx));

	scr_reload(ui, s);
	if (s->crit_n)
		snprintf(ctx->more, sizeof ctx->more, " %d more CRIT alert%s: a acknowledges.", s->crit_n,
			 s->crit_n == 1 ? "" : "s");
}

/* The vitals section shows the reading (its row says ack afterwards). */
void scr_ack_open(struct ui *ui, struct scr *s, const struct kc_vitals_row *r)
{
	for (size_t i = 0; i < s->nbase; i++)
		if (s->base[i].id == r->id) {
			s->sec = SEC_VITALS;
			scr_select(s, (int)i);
		}
	ui_mark(ui, UI_BODY);
	s->actx.infusion = 0; /* before dosing there is no infusion to pause */
	s->actx.saved = ack_saved;
	ui_ack_form_open(ui, &s->actx, r->id, r->taken_at, 3);
}

void scr_vitals_open(struct ui *ui, struct scr *s)
{
	s->sec = SEC_VITALS;
	ui_mark(ui, UI_BODY);
	s->vctx = (struct ui_vitals_ctx){ .session = s->ref.session, .baseline = 1, .saved = vitals_saved };
	ui_vitals_form_open(ui, &s->vctx);
}
