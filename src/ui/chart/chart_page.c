/* chart_page.c — the chart page from the session header to the vitals table, and the
 * whole page built in order. */
#include "scr_chart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"
#include "kc_wording.h"
#include "../ui_app.h"
#include "../ui_draw.h"

/* ---------- header ---------- */

static void build_times(struct bld *b, const struct kc_session *s)
{
	char a[16], c[16], e[16], day[32], buf[160];
	size_t len;

	kc_time_local(s->created_at, day, sizeof day);
	day[strlen(day) > 10 ? 10 : strlen(day)] = '\0'; /* the date only */
	len = (size_t)snprintf(buf, sizeof buf, "%s: created %s", day, chart_hm(s->created_at, a, sizeof a));
	if (s->dose_start && len < sizeof buf)
		len += (size_t)snprintf(buf + len, sizeof buf - len, ", dose %s", chart_hm(s->dose_start, a, sizeof a));
	if (s->dose_end && s->route != KC_ROUTE_ESKETAMINE && len < sizeof buf)
		len += (size_t)snprintf(buf + len, sizeof buf - len, " to %s", chart_hm(s->dose_end, c, sizeof c));
	if (s->ended_at && len < sizeof buf)
		snprintf(buf + len, sizeof buf - len, ", ended %s", chart_hm(s->ended_at, e, sizeof e));
	chart_wrap(b, LABEL_W, "Times", buf);
}

/* Under the patient: a corrected detail with what it said before. */
static void patient_was(struct bld *b, const struct data *d, const char *field, const char *what)
{
	char was[1024];

	kc_record_patient_was(&d->rec, field, was, sizeof was);
	if (was[0])
		chart_wrapf(b, LABEL_W, "", "%s %s", what, was);
}

static void build_header(struct bld *b, const struct data *d)
{
	const struct kc_session *s = &d->rec.s;
	int age = kc_age_years(d->rec.p.dob, s->created_at);
	char t[32];

	chart_section(b, "Session");
	chart_entry_begin(b, E_SESSION, 0);
	b->bold = 1;
	if (age >= 0)
		chart_wrapf(b, LABEL_W, "Patient", "%s, chart %s, %d years (born %s)", d->rec.p.name, d->rec.p.chart_no,
		      age, d->rec.p.dob);
	else
		chart_wrapf(b, LABEL_W, "Patient", "%s, chart %s", d->rec.p.name, d->rec.p.chart_no);
	b->bold = 0;
	patient_was(b, d, "name", "name");
	patient_was(b, d, "chart_no", "chart number");
	patient_was(b, d, "dob", "date of birth");
	chart_wrapf(b, LABEL_W, "Session", "%lld, %s, for %s", s->id, kc_route_label(s->route),
	      s->indication[0] ? s->indication : "(no indication)");
	chart_wrap(b, LABEL_W, "Clinician", d->clinician);
	chart_wrapf(b, LABEL_W, "Phase", "%s%s%s%s%s", kc_phase_name(s->phase), s->outcome[0] ? ", outcome " : "",
	      s->outcome, s->outcome_reason[0] ? ": " : "", s->outcome_reason);
	build_times(b, s);
	if (s->signed_by[0]) {
		chart_wrapf(b, LABEL_W, "Signed", "by %s, %s (read-only)", s->signed_by, chart_when(s->signed_at, t, sizeof t));
	} else {
		b->tone = UI_WARN;
		chart_wrap(b, LABEL_W, "Signed", "NOT SIGNED");
		b->tone = UI_NORMAL;
	}
	chart_amend_mark(b, E_SESSION, s->id);
	chart_entry_end(b);
}

/* ---------- screening ---------- */

static const char *gate_tag(enum kc_gate g)
{
	switch (g) {
	case KC_GATE_BLOCK: return " [BLOCKED]";
	case KC_GATE_CONFIRM: return " [TO CONFIRM]";
	case KC_GATE_INCOMPLETE: return " [MISSING]";
	default: return "";
	}
}

static void build_verdict(struct bld *b, const struct data *d)
{
	struct kc_verdict v;
	time_t at = d->rec.s.dose_start ? d->rec.s.dose_start : b->now;

	kc_screening_verdict(&d->rec.scr, b->cfg, at, &v);
	b->tone = v.gate == KC_GATE_BLOCK ? UI_CRIT : v.gate == KC_GATE_PASS ? UI_NORMAL : UI_WARN;
	chart_wrapf(b, LABEL_W, "Verdict", "%s %s%s", kc_gate_name(v.gate), d->rec.s.dose_start ? "at dose start" : "now",
	      v.overridden ? " (blocks overridden by a physician)" : "");
	b->tone = UI_NORMAL;
	for (int i = 0; i < v.n; i++)
		chart_wrapf(b, LABEL_W + 2, "", "- %s%s", v.r[i].text, gate_tag(v.r[i].level));
}

/* A changed answer keeps the earlier ones in sight, each with who changed it and why, as
 * the report prints them. */
static void answer_changes(struct bld *b, const struct data *d, int indent, const char *item)
{
	char text[KC_NOTE_MAX * 2 + 160];

	for (size_t k = 0; kc_record_answer_change(&d->rec, item, k, text, sizeof text); k++)
		chart_wrapf(b, indent, "", "[%s]", text);
}

/* A changed PHQ-9, GAD-7 or C-SSRS answer, named by its scale and item number. */
static void scale_changes(struct bld *b, const struct data *d)
{
	static const char *const prefix[] = { "phq9", "gad7", "cssrs" }, *const name[] = { "PHQ-9", "GAD-7", "C-SSRS" };
	static const int count[] = { 9, 7, 7 };
	char item[24], text[KC_NOTE_MAX * 2 + 160];

	for (int s = 0; s < 3; s++)
		for (int q = 1; q <= count[s]; q++) {
			if (s == 2 && q == 7)
				snprintf(item, sizeof item, "cssrs.6_recent");
			else
				snprintf(item, sizeof item, "%s.%d", prefix[s], q);
			for (size_t k = 0; kc_record_answer_change(&d->rec, item, k, text, sizeof text); k++)
				chart_wrapf(b, LABEL_W, "", "[%s item %s %s]", name[s], item + strlen(prefix[s]) + 1, text);
		}
}

/* A checklist item's confirmation names the item; an override names the one block it
 * covers, and says VOID once that answer changed; the others are worded as the report
 * words them (kc_word_confirm). */
static int confirm_text(const struct data *d, const struct kc_answer_row *a, char *out, size_t n)
{
	int block = kc_override_block(a->item);
	size_t nitems;
	const struct kc_check_item *items = kc_check_items(&nitems);
	char t[16], what[192];
	int k;

	if (block != KC_BLOCK_NONE) {
		kc_override_what(a->item, what, sizeof what);
		if (snprintf(out, n, "%s: %s - %s, %s%s", what, a->note, a->by, chart_hm(a->at, t, sizeof t),
			     kc_override_covers(&d->rec.scr, block) ? "" : " - VOID: that answer has changed since") >= (int)n)
			out[n - 1] = '\0'; /* cut: the chart wraps what fits */
		return 1;
	}
	if (strncmp(a->item, "confirm.", 8) == 0) {
		k = kc_check_item_index(a->item + 8);
		snprintf(what, sizeof what, "%s", k >= 0 && (size_t)k < nitems ? items[k].label : a->item + 8);
		snprintf(out, n, "%s: %s - %s, %s", what, a->note[0] ? a->note : a->value, a->by,
			 chart_hm(a->at, t, sizeof t));
		return 1;
	}
	if (!kc_word_confirm_what(a->item))
		return 0;
	kc_word_confirm(a->item, a->value, a->note, a->by, chart_hm(a->at, t, sizeof t), out, n);
	return 1;
}

static void build_confirmations(struct bld *b, const struct data *d)
{
	char text[LINE_BYTES];

	for (size_t i = 0; i < d->rec.nans; i++) {
		const struct kc_answer_row *a = &d->rec.ans[i];

		if (!confirm_text(d, a, text, sizeof text))
			continue;
		chart_entry_begin(b, E_ANSWER, i);
		chart_wrap(b, LABEL_W, strncmp(a->item, "override", 8) == 0 ? "Override" : kc_word_confirm_lead(a->item), text);
		answer_changes(b, d, LABEL_W, a->item);
		chart_amend_mark(b, E_ANSWER, a->id);
		chart_entry_end(b);
	}
}

/* The session's weights entered in error, dim and marked, under the one in force. */
static void weights_in_error(struct bld *b)
{
	const struct kc_record *r = &b->d->rec;
	char line[KC_NOTE_MAX + 160];

	for (size_t i = 0; i < r->nwt; i++) {
		if (r->wts[i].eie.code == KC_EIE_NONE)
			continue;
		kc_record_weight_eie_text(r, &r->wts[i], line, sizeof line);
		b->dim = 1;
		chart_wrapf(b, LABEL_W, "", "[ERR] %s", line);
		b->dim = 0;
	}
}

static void build_scales(struct bld *b, const struct kc_screening *scr, const struct kc_weight_row *wt)
{
	struct kc_score sc;
	enum kc_risk risk;
	char text[160];

	if (scr->has_phq9 && kc_phq9_score(scr->phq9, &sc, NULL) == KC_OK)
		chart_wrapf(b, LABEL_W, "PHQ-9", "%d of 27 (%s)%s", sc.total, sc.band,
		      sc.flag ? "; item 9 > 0: suicide-risk assessment required" : "");
	else
		chart_wrap(b, LABEL_W, "PHQ-9", "not complete");
	if (scr->has_gad7 && kc_gad7_score(scr->gad7, &sc, NULL) == KC_OK)
		chart_wrapf(b, LABEL_W, "GAD-7", "%d of 21 (%s)", sc.total, sc.band);
	else
		chart_wrap(b, LABEL_W, "GAD-7", "not complete");
	kc_word_cssrs(&scr->cssrs, scr->has_cssrs, text, sizeof text);
	if (scr->has_cssrs && kc_cssrs_risk(&scr->cssrs, &risk, NULL) == KC_OK)
		b->tone = risk == KC_RISK_HIGH ? UI_CRIT : risk == KC_RISK_MODERATE ? UI_WARN : UI_NORMAL;
	chart_wrap(b, LABEL_W, "C-SSRS", text);
	b->tone = UI_NORMAL;
	/* the weight row the screening (and an IV dose) used: an entry, so it can be amended */
	if (!wt->id) {
		chart_wrap(b, LABEL_W, "Weight", KC_WORD_NOT_ENTERED);
	} else {
		chart_entry_begin(b, E_WEIGHT, 0);
		kc_word_weight(wt->kg, wt->typed, text, sizeof text);
		chart_wrapf(b, LABEL_W, "Weight", "%s%s", text, wt->eie.corrects ? " (correction)" : "");
		chart_amend_mark(b, E_WEIGHT, wt->id);
		chart_entry_end(b);
	}
	weights_in_error(b);
}

/* One screening answer as an entry the cursor can stop on (and a physician amend once the
 * session is signed); a plain line when the item has no answer. */
static void answer_line(struct bld *b, const struct data *d, int indent, const char *lead, const char *item,
			const char *text)
{
	const struct kc_answer_row *a = kc_record_answer(&d->rec, item);

	if (a)
		chart_entry_begin(b, E_ANSWER, (size_t)(a - d->rec.ans));
	chart_wrap(b, indent, lead, text);
	answer_changes(b, d, indent, item);
	if (a) {
		chart_amend_mark(b, E_ANSWER, a->id);
		chart_entry_end(b);
	}
}

/* The contraindication checklist as the report lists it: every item answered, and the
 * items of the session's route not answered. A yes is bold as well as written. */
static void build_checklist(struct bld *b, const struct data *d)
{
	size_t n;
	const struct kc_check_item *items = kc_check_items(&n);
	int first = 1;

	for (size_t i = 0; i < n; i++) {
		const struct kc_answer_row *a = kc_record_answer(&d->rec, items[i].key);
		char lead[LABEL_W + 12], text[LINE_BYTES];

		if (!a && !(items[i].routes & (1u << d->rec.s.route)))
			continue;
		snprintf(lead, sizeof lead, "%-*s%.8s", LABEL_W, first ? "Checklist" : "", a && a->value[0] ? a->value : "----");
		snprintf(text, sizeof text, "%s (%s)%s", items[i].label,
			 items[i].cls == KC_ITEM_ABSOLUTE ? "absolute" : "relative", a ? "" : " - not answered");
		first = 0;
		b->bold = a && strcmp(a->value, "yes") == 0;
		answer_line(b, d, LABEL_W + 5, lead, items[i].key, text);
		b->bold = 0;
	}
}

/* A time answer (last solids, ...): "solids 2026-11-21 06:10 (2h 15m before dosing)". */
static void time_line(struct bld *b, const struct data *d, const char *lead, const char *what, const char *item,
		      time_t t)
{
	char text[128], when[32], ago[16];

	if (!t)
		snprintf(text, sizeof text, "%s%s%s", what, what[0] ? " " : "",
			 kc_word_time_state(kc_record_answer(&d->rec, item) != NULL, t));
	else if (d->rec.s.dose_start && d->rec.s.dose_start >= t) {
		kc_duration((long)(d->rec.s.dose_start - t), ago, sizeof ago);
		snprintf(text, sizeof text, "%s%s%s (%s before dosing)", what, what[0] ? " " : "",
			 chart_when(t, when, sizeof when), ago);
	} else
		snprintf(text, sizeof text, "%s%s%s", what, what[0] ? " " : "", chart_when(t, when, sizeof when));
	answer_line(b, d, LABEL_W, lead, item, text);
}

/* "yes: note - root, 10:10", as the report words an answer, or "not entered". */
static void value_line(struct bld *b, const struct data *d, const char *lead, const char *item)
{
	const struct kc_answer_row *a = kc_record_answer(&d->rec, item);
	char text[LINE_BYTES], t[16];

	if (a)
		snprintf(text, sizeof text, "%s%s%s - %s, %s", a->value, a->value[0] && a->note[0] ? ": " : "", a->note,
			 a->by, chart_hm(a->at, t, sizeof t));
	else
		snprintf(text, sizeof text, "not entered");
	answer_line(b, d, LABEL_W, lead, item, text);
}

/* Fasting, escort, consent and medication review: each answer its own entry. */
static void build_session_items(struct bld *b, const struct data *d)
{
	const struct kc_screening *scr = &d->rec.scr;
	const struct kc_answer_row *name = kc_record_answer(&d->rec, "escort_name");
	const struct kc_answer_row *phone = kc_record_answer(&d->rec, "escort_phone");

	time_line(b, d, "Fasting", "last solids", "last_solids", scr->last_solids);
	time_line(b, d, "", "last liquids", "last_liquids", scr->last_liquids);
	if (d->rec.s.route == KC_ROUTE_ESKETAMINE)
		time_line(b, d, "Nasal", "pretreated", "nasal_pretreat", scr->nasal_pretreat);
	answer_line(b, d, LABEL_W, "Escort", "escort_name", name ? name->value : "not named");
	if (phone)
		answer_line(b, d, LABEL_W, "Escort tel", "escort_phone", phone->value);
	value_line(b, d, "Consent", "consent");
	value_line(b, d, "Medication", "med_changes");
}

static void build_screening(struct bld *b, const struct data *d)
{
	chart_section(b, "Screening");
	build_verdict(b, d);
	build_confirmations(b, d);
	build_scales(b, &d->rec.scr, &d->rec.wt);
	scale_changes(b, d);
	build_checklist(b, d);
	build_session_items(b, d);
}

/* ---------- dose ---------- */

/* While the infusion runs, Given is what the pump ran by now, with its working. */
static void build_given(struct bld *b, const struct data *d)
{
	const struct kc_session *s = &d->rec.s;
	struct kc_given g;
	char at[16];

	if (s->route != KC_ROUTE_ESKETAMINE && s->dose_start && !s->dose_end &&
	    kc_chart_given(s, d->rec.dr, d->rec.nd, b->cfg, b->now, &g, NULL) == KC_OK)
		chart_wrapf(b, LABEL_W, "Given", "%.1f mg so far (running at %s: %s)", g.mg,
			    chart_hm(b->now, at, sizeof at), g.working);
	else
		chart_wrapf(b, LABEL_W, "Given", "%.1f mg", s->given_mg);
}

static void build_plan(struct bld *b, const struct data *d)
{
	const struct kc_session *s = &d->rec.s;
	struct kc_iv_dose dd;
	const struct kc_config *cfg = b->cfg;
	const struct kc_answer_row *why = kc_record_answer(&d->rec, "overrun_note");
	char t[16];

	if (s->route == KC_ROUTE_IV && s->planned_mg > 0 &&
	    kc_iv_dose_calc(s->weight_kg, s->planned_mg_per_kg, &cfg->iv, &cfg->limits, &dd, NULL) == KC_OK)
		chart_wrapf(b, LABEL_W, "Planned", "%.2f mg/kg x %.1f kg = %.1f mg; %.2f mL of %.0f mg/mL stock; "
		      "pump %.1f mL/h over %d min", s->planned_mg_per_kg, s->weight_kg, s->planned_mg, dd.ml_stock,
		      cfg->iv.stock_mg_per_ml, dd.rate_ml_h, cfg->iv.infusion_min);
	else if (s->planned_mg > 0)
		chart_wrapf(b, LABEL_W, "Planned", "%.1f mg", s->planned_mg);
	else
		chart_wrap(b, LABEL_W, "Planned", "no dose planned");
	build_given(b, d);
	if (why)
		chart_wrapf(b, LABEL_W, "Overrun", "ran past its planned end: %s - %s, %s", why->note, why->by,
			    chart_hm(why->at, t, sizeof t));
}

static void build_dose_row(struct bld *b, const struct kc_dose_row *r, size_t row)
{
	char t[16], what[LINE_BYTES], lead[32];

	kc_record_dose_text(r, what, sizeof what);
	chart_entry_begin(b, E_DOSE, row);
	b->dim = r->eie.code != KC_EIE_NONE;
	snprintf(lead, sizeof lead, "%s %s%s", chart_hm(r->at, t, sizeof t), b->dim ? "[ERR] " : "",
		 kc_dose_kind_name(r->kind));
	chart_wrap(b, b->dim ? 19 : 13, lead, what);
	chart_eie_lines(b, &r->eie, "dose entry");
	chart_amend_mark(b, E_DOSE, r->id);
	chart_entry_end(b);
}

static void build_dose(struct bld *b, const struct data *d)
{
	size_t *order = kc_record_dose_order(&d->rec);

	chart_section(b, "Dose");
	build_plan(b, d);
	if (!d->rec.nd)
		chart_put(b, "No dose events recorded.");
	for (size_t i = 0; order && i < d->rec.nd; i++)
		build_dose_row(b, &d->rec.dr[order[i]], order[i]);
	b->failed |= !order;
	free(order);
}

/* ---------- vitals ---------- */

static void vitals_flags(const struct kc_vitals_row *r, char *out, size_t n)
{
	const char *w[] = {
		r->eie.code != KC_EIE_NONE ? "[ERR]" : "",
		r->status == KC_VITALS_REFUSED ? "REFUSED" : r->status == KC_VITALS_UNAVAILABLE ? "UNAVAILABLE" : "",
		r->baseline ? "baseline" : "",
		chart_level_word(r->level),
		r->acked ? "ack" : kc_chart_crit_waiting(r) ? "NOT ACKED" : kc_chart_crit_resolved(r) ? "resolved" : "",
		r->late ? "LATE" : "",
		r->eie.corrects ? "correction" : "",
		r->carried ? "carried" : "",
	};
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < sizeof w / sizeof w[0] && len < n; i++)
		if (w[i][0])
			len += (size_t)snprintf(out + len, n - len, "%s%s", len ? " " : "", w[i]);
}

/* The acknowledgement: its actions one a line, numbered, when there are several (the
 * report's layout and kc_ack.h's one wording). */
static void ack_lines(struct bld *b, const struct kc_vitals_row *r)
{
	const struct kc_ack_row *a;
	size_t n = kc_record_ack(&b->d->rec, r->id, 0, &a);
	char t[16], one[KC_CHOICE_LEN + KC_ACK_TEXT + 32];

	if (n < 2) {
		chart_wrapf(b, DETAIL_W, "", "acknowledged %s by %s: %s", chart_hm(r->ack_at, t, sizeof t), r->ack_by,
			    r->ack_action);
		return;
	}
	chart_wrapf(b, DETAIL_W, "", "acknowledged %s by %s, %zu actions:", chart_hm(r->ack_at, t, sizeof t),
		    r->ack_by, n);
	for (size_t i = 0; i < n; i++) {
		kc_ack_action_text(&a[i].a, one, sizeof one);
		chart_wrapf(b, DETAIL_W, "", "  %zu. %s", i + 1, one);
	}
}

static void vitals_details(struct bld *b, const struct kc_vitals_row *r)
{
	char t[16], e[16], over[32];

	if (r->status != KC_VITALS_TAKEN)
		chart_wrapf(b, DETAIL_W, "", "%s: %s", r->status == KC_VITALS_REFUSED ? "REFUSED" : "UNAVAILABLE", r->reason);
	if (r->level != KC_LEVEL_OK)
		chart_wrapf(b, DETAIL_W, "", "%s: %s", chart_level_word(r->level), r->alerts);
	if (r->acked)
		ack_lines(b, r);
	else if (kc_chart_crit_resolved(r))
		chart_wrap(b, DETAIL_W, "", "CRIT alert resolved by correction (entered in error)");
	else if (kc_chart_crit_waiting(r))
		chart_wrap(b, DETAIL_W, "", "CRIT alert NOT ACKNOWLEDGED");
	if (r->carried) {
		char carried[128];

		kc_word_carried(r->carried, carried, sizeof carried);
		chart_wrap(b, DETAIL_W, "", carried);
	}
	kc_word_overdue(r->due_at, r->taken_at, b->cfg, over, sizeof over);
	if (over[0])
		chart_wrapf(b, DETAIL_W, "", "due %s, %s", chart_hm(r->due_at, t, sizeof t), over);
	if (r->late)
		chart_wrapf(b, DETAIL_W, "", "LATE entry: taken %s, entered %s by %s", chart_hm(r->taken_at, t, sizeof t),
		      chart_hm(r->entered_at, e, sizeof e), r->entered_by);
}

static void build_vitals_row(struct bld *b, const struct kc_vitals_row *r, size_t row)
{
	char t[16], flags[96], line[LINE_BYTES];

	vitals_flags(r, flags, sizeof flags);
	chart_entry_begin(b, E_VITALS, row);
	b->dim = r->eie.code != KC_EIE_NONE;
	b->tone = b->dim ? UI_NORMAL : chart_level_tone(r->level);
	kc_word_vitals_row(5, chart_hm(r->taken_at, t, sizeof t), &r->v, flags, line, sizeof line);
	chart_put(b, line);
	b->tone = UI_NORMAL;
	vitals_details(b, r);
	chart_eie_lines(b, &r->eie, "reading");
	chart_amend_mark(b, E_VITALS, r->id);
	chart_entry_end(b);
}

static void build_vitals(struct bld *b, const struct data *d)
{
	size_t *order = kc_record_vitals_order(&d->rec);
	char head[LINE_BYTES];

	chart_section(b, "Vitals");
	if (!d->rec.nv) {
		chart_put(b, "No readings recorded.");
		free(order);
		return;
	}
	b->bold = 1;
	kc_word_vitals_head(5, head, sizeof head);
	chart_put(b, head);
	b->bold = 0;
	for (size_t i = 0; order && i < d->rec.nv; i++)
		build_vitals_row(b, &d->rec.vr[order[i]], order[i]);
	b->failed |= !order;
	free(order);
}

/* ---------- the whole page ---------- */

int chart_page_build(const struct ui *ui, const struct data *d, int w, struct page *out)
{
	struct bld b;

	memset(out, 0, sizeof *out);
	memset(&b, 0, sizeof b);
	b.ui = ui;
	b.cfg = ui->app->cfg;
	b.d = d;
	b.pg = out;
	b.w = w;
	b.now = ui->now;
	build_header(&b, d);
	build_screening(&b, d);
	build_dose(&b, d);
	build_vitals(&b, d);
	chart_build_trend(&b, d);
	chart_build_observations(&b, d);
	chart_build_discharge(&b, d);
	chart_build_outcome(&b, d);
	chart_build_corrections(&b, d);
	chart_build_amendments(&b, d);
	chart_build_addenda(&b, d);
	if (b.failed)
		chart_page_free(out);
	return b.failed ? -1 : 0;
}
