/* screening_answers.c — one key answers the highlighted row: y / n / x on the checklist and
 * the suicide screen, 0-3 on PHQ-9 and GAD-7, Enter opens what the row needs. */
#include "scr_screening.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_wording.h"
#include "ui_app.h"
#include "ui_draw.h"

/* ---------- answers ---------- */

/* Store what one key staged; 0 when stored now (the caller goes on), else the reason is
 * being asked for or it failed (shown). */
static int commit(struct ui *ui, struct scr *s, int id)
{
	struct kc_err err;
	int rc;

	kc_err_clear(&err);
	rc = scr_commit(ui, s, id, &err);
	if (rc > KC_OK)
		ui_error(ui, &err);
	return rc;
}

static void check_answer(struct ui *ui, struct scr *s, int i, const char *value)
{
	const struct kc_check_item *it = &kc_check_items(NULL)[i];
	char key[48];

	snprintf(key, sizeof key, "confirm.%s", it->key);
	s->npend = 0;
	scr_stage(s, it->key, value, "");
	/* A confirmation belongs to the "yes" it confirmed. */
	if (strcmp(value, "yes") != 0 && s->scr.confirmed[i])
		scr_stage(s, key, "", "");
	if (commit(ui, s, i) != KC_OK)
		return;
	scr_reload(ui, s);
	scr_advance(s, i);
	if (strcmp(value, "yes") != 0)
		return;
	if (it->cls == KC_ITEM_ABSOLUTE)
		ui_msg(ui, UI_CRIT, "BLOCKED: %s is an absolute contraindication. Only a physician override (o) "
		       "allows dosing.", it->label);
	else if (!s->scr.confirmed[i])
		scr_confirm_check_item(ui, s, i);
}

/* " Next: p PHQ-9." naming the first section with something open ("" if none). */
static const char *next_hint(struct ui *ui, struct scr *s)
{
	static const char *const hint[SEC_COUNT] = {
		" Next: k checklist.", " Next: p PHQ-9.", " Next: g GAD-7.", " Next: s suicide screen.",
		" Next: i session info.", " Next: v baseline vitals.",
	};
	int ids[ROWS_MAX];
	struct rowv r;

	for (int sec = 0; sec < SEC_COUNT; sec++)
		for (int i = 0, n = scr_section_rows(s, (enum sec)sec, ids); i < n; i++) {
			scr_row_view(s, ui, (enum sec)sec, ids[i], &r);
			if (r.open)
				return hint[sec];
		}
	return "";
}

static void scale_answer(struct ui *ui, struct scr *s, int i, int score)
{
	int phq = s->sec == SEC_PHQ;
	char item[24], val[4];
	struct kc_score sc;
	struct kc_err err;

	snprintf(item, sizeof item, "%s.%d", phq ? "phq9" : "gad7", i + 1);
	snprintf(val, sizeof val, "%d", score);
	s->npend = 0;
	scr_stage(s, item, val, "");
	if (commit(ui, s, i) != KC_OK)
		return;
	scr_reload(ui, s);
	scr_advance(s, i);
	if (phq && i == 8 && score > 0) {
		s->sec = SEC_CSSRS;
		scr_first_open(ui, s, SEC_CSSRS);
		ui_msg(ui, UI_WARN, "PHQ-9 item 9 = %d: answer the suicide screen, then a confirms your assessment.",
		       score);
	} else if (phq && i == 8 && kc_phq9_score(s->scr.phq9, &sc, &err) == KC_OK) {
		ui_msg(ui, UI_OK, "PHQ-9 %d/27 %s saved.%s", sc.total, sc.band, next_hint(ui, s));
	} else if (!phq && i == 6 && kc_gad7_score(s->scr.gad7, &sc, &err) == KC_OK) {
		ui_msg(ui, UI_OK, "GAD-7 %d/21 %s saved.%s", sc.total, sc.band, next_hint(ui, s));
	}
}

/* Q2 no: Q3-Q5 are not asked; Q6 no: the 3-month question is not asked. */
static void cssrs_skips(struct scr *s, int q, int yes)
{
	char item[24];

	if (q == 2 && !yes)
		for (int k = 3; k <= 5; k++) {
			snprintf(item, sizeof item, "cssrs.%d", k);
			scr_stage(s, item, "", "");
		}
	if (q == 6 && !yes)
		scr_stage(s, "cssrs.6_recent", "", "");
}

static void cssrs_answer(struct ui *ui, struct scr *s, int id, int yes)
{
	char item[24];
	const char *val = yes ? "yes" : "no";
	enum kc_risk risk;
	struct kc_err err;
	char cs[160];

	if (id == CS_ASSESS) {
		if (yes)
			scr_confirm_open(ui, s, scr_needs[0].item, scr_needs[0].title, scr_needs[0].hint);
		else
			ui_msg(ui, UI_NORMAL, "Enter (or a) records your assessment with a note.");
		return;
	}
	if (id == CS_RECENT)
		snprintf(item, sizeof item, "cssrs.6_recent");
	else
		snprintf(item, sizeof item, "cssrs.%d", id);
	s->npend = 0;
	scr_stage(s, item, val, "");
	if (id <= 6)
		cssrs_skips(s, id, yes);
	if (commit(ui, s, id) != KC_OK)
		return;
	scr_reload(ui, s);
	scr_advance(s, id);
	kc_word_cssrs(&s->scr.cssrs, s->scr.has_cssrs, cs, sizeof cs);
	if (s->scr.has_cssrs && kc_cssrs_risk(&s->scr.cssrs, &risk, &err) == KC_OK &&
	    (id == 6 || id == CS_RECENT))
		ui_msg(ui, risk >= KC_RISK_MODERATE ? UI_WARN : UI_OK, "C-SSRS screener: %s%s", cs,
		       scr_flag_needed(s, ui->app->cfg, ui->now, scr_needs[0].off) ? ". Confirm your assessment (a)."
									     : ".");
}

void scr_answer_yes_no(struct ui *ui, struct scr *s, int yes_no_na)
{
	int id = scr_current_id(s);
	static const char *const check_val[] = { "yes", "no", "n/a" };

	if (s->sec == SEC_CHECK && id >= 0)
		check_answer(ui, s, id, check_val[yes_no_na]);
	else if (s->sec == SEC_CSSRS && yes_no_na != 2 && id > 0)
		cssrs_answer(ui, s, id, yes_no_na == 0);
	else if (s->sec == SEC_PHQ || s->sec == SEC_GAD)
		ui_msg(ui, UI_WARN, "Here the answers are 0-3: 0 not at all .. 3 nearly every day.");
	else
		ui_msg(ui, UI_WARN, "y / n / x answer the checklist (k) and the suicide screen (s); "
		       "here Enter edits.");
}

void scr_answer_score(struct ui *ui, struct scr *s, int score)
{
	int id = scr_current_id(s);

	if ((s->sec == SEC_PHQ || s->sec == SEC_GAD) && id >= 0)
		scale_answer(ui, s, id, score);
	else
		ui_msg(ui, UI_WARN, "0-3 answer PHQ-9 (p) and GAD-7 (g); here use y / n%s.",
		       s->sec == SEC_CHECK ? " / x" : "");
}

void scr_enter_row(struct ui *ui, struct scr *s)
{
	int id = scr_current_id(s);
	const struct kc_check_item *it;

	switch (s->sec) {
	case SEC_CHECK:
		it = id >= 0 ? &kc_check_items(NULL)[id] : NULL;
		if (it && it->cls == KC_ITEM_RELATIVE && s->scr.answers[id] == KC_ANS_YES)
			scr_confirm_check_item(ui, s, id);
		else
			ui_msg(ui, UI_NORMAL, "Answer with y yes, n no, x n/a.");
		break;
	case SEC_CSSRS:
		if (id == CS_ASSESS)
			cssrs_answer(ui, s, id, 1);
		else
			ui_msg(ui, UI_NORMAL, "Answer with y yes or n no.");
		break;
	case SEC_INFO: scr_info_open(ui, s, id); break;
	case SEC_VITALS:
		if (id >= 0 && scr_needs_ack(&s->base[id]))
			scr_ack_open(ui, s, &s->base[id]);
		else
			scr_vitals_open(ui, s);
		break;
	default: ui_msg(ui, UI_NORMAL, "Answer with 0-3."); break;
	}
}
