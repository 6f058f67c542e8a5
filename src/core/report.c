/* report.c — the session's chart as plain text: 80 columns, ASCII in everything the
 * program writes itself, local times. Entries entered in error stay in the chart, marked,
 * with their replacement printed right after them. After signing, amendments come in their
 * own section and each entry they amend is marked where it stands, itself unchanged. */
#include "kc_booking.h"
#include "kc_demog.h"
#include "kc_report.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "kc_chart.h"
#include "kc_course.h"
#include "kc_record.h"
#include "kc_time.h"
#include "kc_wording.h"

#define WIDTH 80
#define LABEL 13  /* "Patient      " */
#define DETAIL 17 /* under a table row: past the time column */

struct rpt {
	FILE *out;
	struct kc_store *st;
	const struct kc_config *cfg;
	struct kc_record rec;
	struct kc_labels *labels; /* the clinic's licensed item wording ([general] labels_file), NULL if none */
};

/* ---------- layout ---------- */

/* User text may hold line breaks or control bytes: they would break the layout. */
static void clean(const char *in, char *out, size_t n)
{
	size_t i = 0;

	for (; in && *in && i + 1 < n; in++)
		out[i++] = ((unsigned char)*in < 0x20 || *in == 0x7f) ? ' ' : *in;
	out[i] = '\0';
}

static size_t word_len(const char *p)
{
	size_t w = 0;

	while (p[w] && p[w] != ' ')
		w++;
	return w;
}

/* Where to cut a word too long for a line, not inside a UTF-8 sequence. */
static size_t cut_at(const char *p, size_t room)
{
	size_t c = room;

	while (c > 1 && ((unsigned char)p[c] & 0xC0) == 0x80)
		c--;
	return c;
}

/* n blanks; fprintf's "%*s" of "" wrote the same, a call per line of the report. */
static void blanks(FILE *out, size_t n)
{
	static const char sp[] = "                                                                                ";

	for (; n >= sizeof sp - 1; n -= sizeof sp - 1)
		fwrite(sp, 1, sizeof sp - 1, out);
	fwrite(sp, 1, n, out);
}

static void indent_to(FILE *out, size_t indent)
{
	fputc('\n', out);
	blanks(out, indent);
}

/* lead padded to indent, then text word-wrapped to WIDTH with a hanging indent. */
static void wrap(FILE *out, size_t indent, const char *lead, const char *text)
{
	char buf[2048];
	const char *p = buf;
	size_t col = strlen(lead);

	fwrite(lead, 1, col, out); /* "%-*s": lead, padded to indent */
	if (col < indent) {
		blanks(out, indent - col);
		col = indent;
	}
	if (lead[0] && strlen(lead) >= indent) {
		fputc(' ', out);
		col++;
	}
	clean(text, buf, sizeof buf);
	while (*p) {
		size_t w;

		while (*p == ' ')
			p++;
		w = word_len(p);
		if (!w)
			break;
		if (col > indent && col + 1 + w > WIDTH) {
			indent_to(out, indent);
			col = indent;
		}
		if (col > indent) {
			fputc(' ', out);
			col++;
		}
		while (col + w > WIDTH) {
			size_t c = cut_at(p, WIDTH - col);

			fwrite(p, 1, c, out);
			p += c;
			w -= c;
			indent_to(out, indent);
			col = indent;
		}
		fwrite(p, 1, w, out);
		p += w;
		col += w;
	}
	fputc('\n', out);
}

static void wrapf(FILE *out, size_t indent, const char *lead, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void wrapf(FILE *out, size_t indent, const char *lead, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	wrap(out, indent, lead, buf);
}

/* parts[0..k) one after another, cut as snprintf cuts: what wrapf("%s%s...") gives. */
static void join(const char *const *parts, size_t k, char *out, size_t n)
{
	size_t len = 0;

	for (size_t i = 0; i < k && len + 1 < n; i++) {
		size_t l = strlen(parts[i]);

		if (l > n - 1 - len)
			l = n - 1 - len;
		memcpy(out + len, parts[i], l);
		len += l;
	}
	out[len] = '\0';
}

static void rule(FILE *out, char c)
{
	for (int i = 0; i < WIDTH; i++)
		fputc(c, out);
	fputc('\n', out);
}

static void section(FILE *out, const char *title)
{
	fprintf(out, "\n%s\n", title);
	rule(out, '-');
}

static const char *when(time_t t, char *buf, size_t n)
{
	kc_time_local(t, buf, n);
	if (!buf[0])
		kc_strlcpy(buf, "-", n);
	return buf;
}

static const char *level_word(enum kc_level l)
{
	return l == KC_LEVEL_CRITICAL ? "CRIT" : l == KC_LEVEL_WARN ? "WARN" : "";
}

static void eie_mark(FILE *out, size_t indent, const struct kc_eie *e)
{
	char t[32];

	if (e->code == KC_EIE_NONE)
		return;
	wrapf(out, indent, "", "[ENTERED IN ERROR: %s: %s - %s, %s]%s", kc_eie_name(e->code), e->reason,
	      e->by, when(e->at, t, sizeof t), e->replaced_by ? " Replacement follows." : "");
}

static void correction_mark(FILE *out, size_t indent, const struct kc_eie *e)
{
	if (e->corrects)
		wrap(out, indent, "", "(correction of the entry above)");
}

/* A signed entry that a physician amended keeps its place and says so. */
static void amend_mark(const struct rpt *r, const char *tbl, kc_id id)
{
	size_t n = kc_record_amend_count(&r->rec, tbl, id);

	if (n)
		wrapf(r->out, DETAIL, "", "[AMENDED after signing%s: see AMENDMENTS]", n > 1 ? " (more than once)" : "");
}

/* ---------- header ---------- */

/* Under a corrected patient detail: what it said before, why, who, when. */
static void print_patient_was(struct rpt *r, const char *field)
{
	char was[1024];

	kc_record_patient_was(&r->rec, field, was, sizeof was);
	if (was[0])
		wrap(r->out, LABEL, "", was);
}

/* The patient's demographics and REMS enrolment that are recorded (kc_demog.h), each with
 * its corrections: the patient's record as it stands now. */
static void print_details(struct rpt *r)
{
	static const char *const label[KC_PD_COUNT] = {
		"Sex", "Height", "Allergies", "Phone", "Emergency", "REMS", "REMS id", "First esket.",
	};

	for (int f = 0; f < KC_PD_COUNT; f++) {
		char stored[KC_PD_TEXT_MAX], shown[KC_PD_TEXT_MAX + 8];

		kc_patient_pd_text(&r->rec.p, f, stored, sizeof stored);
		if (!stored[0])
			continue;
		kc_pd_show(f, stored, shown, sizeof shown);
		wrap(r->out, LABEL, label[f], shown);
		print_patient_was(r, kc_pd_column(f));
	}
}

/* The chair the session was given when it started (migration 20), when it was. */
static void print_chair(struct rpt *r)
{
	char chair[32];
	struct kc_err err;

	if (kc_session_chair_get(r->st, r->rec.s.id, chair, sizeof chair, &err) == KC_OK && chair[0])
		wrap(r->out, LABEL, "Chair", chair);
}

static void print_header(struct rpt *r)
{
	char t[32], who[160];
	int age = kc_age_years(r->rec.p.dob, r->rec.s.created_at);

	rule(r->out, '=');
	wrapf(r->out, 0, "", "%s - treatment session chart",
	      r->cfg->general.clinic_name[0] ? r->cfg->general.clinic_name : "ketchart");
	rule(r->out, '=');
	wrap(r->out, LABEL, "Patient", r->rec.p.name);
	print_patient_was(r, "name");
	wrap(r->out, LABEL, "Chart no", r->rec.p.chart_no);
	print_patient_was(r, "chart_no");
	if (age >= 0)
		wrapf(r->out, LABEL, "DOB / age", "%s (%d years at the session)", r->rec.p.dob, age);
	else
		wrap(r->out, LABEL, "DOB / age", r->rec.p.dob);
	print_patient_was(r, "dob");
	print_details(r);
	wrapf(r->out, LABEL, "Session", "%lld, %s", r->rec.s.id, kc_route_label(r->rec.s.route));
	wrap(r->out, LABEL, "Indication", r->rec.s.indication[0] ? r->rec.s.indication : "-");
	print_chair(r);
	kc_record_who(r->st, r->rec.s.clinician, who, sizeof who);
	wrap(r->out, LABEL, "Clinician", who);
	wrapf(r->out, LABEL, "State", "%s%s", kc_phase_name(r->rec.s.phase),
	      r->rec.s.signed_by[0] ? ", signed" : "");
	wrap(r->out, LABEL, "Created", when(r->rec.s.created_at, t, sizeof t));
	wrap(r->out, LABEL, "Dose start", when(r->rec.s.dose_start, t, sizeof t));
	if (r->rec.s.route != KC_ROUTE_ESKETAMINE)
		wrap(r->out, LABEL, "Dose end", when(r->rec.s.dose_end, t, sizeof t));
	wrap(r->out, LABEL, "Ended", when(r->rec.s.ended_at, t, sizeof t));
}

/* ---------- screening ---------- */

static const struct kc_answer_row *answer(const struct rpt *r, const char *item)
{
	return kc_record_answer(&r->rec, item);
}

/* A changed answer keeps the earlier ones visible, each with who changed it and why. */
static void changes_of(const struct rpt *r, size_t indent, const char *item)
{
	char text[KC_NOTE_MAX * 2 + 160];

	for (size_t k = 0; kc_record_answer_change(&r->rec, item, k, text, sizeof text); k++)
		wrapf(r->out, indent, "", "[%s]", text);
}

static void answer_note(const struct rpt *r, const char *lead, const struct kc_answer_row *a)
{
	char t[32];

	wrapf(r->out, LABEL, lead, "%s%s%s - %s, %s", a->value, a->value[0] && a->note[0] ? ": " : "",
	      a->note, a->by, when(a->at, t, sizeof t));
	changes_of(r, LABEL, a->item);
	amend_mark(r, "screening_answer", a->id);
}

static void print_checklist(const struct rpt *r)
{
	size_t n;
	const struct kc_check_item *items = kc_check_items(&n);
	char key[48], t[32];

	fprintf(r->out, "Checklist (absolute: a yes blocks dosing; relative: a yes needs a note)\n");
	for (size_t i = 0; i < n; i++) {
		const struct kc_answer_row *a = answer(r, items[i].key);
		const struct kc_answer_row *c;
		char lead[16];

		if (!a && !(items[i].routes & (1u << r->rec.s.route)))
			continue;
		snprintf(lead, sizeof lead, "  %-4.8s", a && a->value[0] ? a->value : "----");
		wrapf(r->out, 8, lead, "%s (%s)%s", items[i].label,
		      items[i].cls == KC_ITEM_ABSOLUTE ? "absolute" : "relative", a ? "" : " - not answered");
		if (a) {
			changes_of(r, 8, a->item);
			amend_mark(r, "screening_answer", a->id);
		}
		snprintf(key, sizeof key, "confirm.%s", items[i].key);
		c = answer(r, key);
		if (c && (c->value[0] || c->note[0])) {
			wrapf(r->out, 8, "", "confirmed: %s - %s, %s", c->note[0] ? c->note : c->value, c->by,
			      when(c->at, t, sizeof t));
		}
		if (c) {
			changes_of(r, 8, key);
			amend_mark(r, "screening_answer", c->id);
		}
	}
}

/* A changed PHQ-9, GAD-7 or C-SSRS answer: its item and the earlier answer. */
static void scale_changes(const struct rpt *r)
{
	static const struct { const char *prefix, *name; int n; } scales[] = {
		{ "phq9", "PHQ-9", 9 }, { "gad7", "GAD-7", 7 }, { "cssrs", "C-SSRS", 6 }, { "pcl5", "PCL-5", 20 },
	};
	char item[24], text[KC_NOTE_MAX * 2 + 160];

	for (size_t s = 0; s < sizeof scales / sizeof scales[0]; s++)
		for (int q = 1; q <= scales[s].n + (s == 2); q++) {
			if (s == 2 && q == 7)
				snprintf(item, sizeof item, "cssrs.6_recent");
			else
				snprintf(item, sizeof item, "%s.%d", scales[s].prefix, q);
			for (size_t k = 0; kc_record_answer_change(&r->rec, item, k, text, sizeof text); k++)
				wrapf(r->out, LABEL, "", "[%s item %s %s]", scales[s].name, item + strlen(scales[s].prefix) + 1,
				      text);
		}
}

/* The PCL-5 (optional): its total against the probable-PTSD cut-off when recorded; "not
 * recorded" for a PTSD session without one; nothing otherwise. */
static void print_pcl5(const struct rpt *r)
{
	int total = kc_course_pcl5_of(&r->rec), cut = r->cfg->course.pcl5_probable_ptsd;

	if (total != KC_NONE)
		wrapf(r->out, LABEL, "PCL-5", "%d of 80 (%s %d)", total,
		      kc_pcl5_probable(&r->cfg->course, total) ? "probable PTSD: at or above" : "below the probable-PTSD",
		      cut);
	else if (kc_pcl5_offered(r->rec.s.indication))
		wrap(r->out, LABEL, "PCL-5", "not recorded (optional)");
}

/* With the clinic's wording of PHQ-9 / GAD-7 items (labels_file), each answered item under
 * its words (the totals say the rest; items without wording get no line of their own). */
static void scale_items(const struct rpt *r, const char *prefix, enum kc_label_set set, int n)
{
	for (int q = 1; r->labels && q <= n; q++) {
		char item[24];
		const struct kc_answer_row *a;
		const char *label = kc_label(r->labels, set, q, NULL);

		snprintf(item, sizeof item, "%s.%d", prefix, q);
		a = answer(r, item);
		if (label && a && a->value[0])
			wrapf(r->out, LABEL, "", "item %d %s: %s", q, label, a->value);
	}
}

static void print_scales(const struct rpt *r)
{
	struct kc_score sc;
	char cssrs[160];

	if (r->rec.scr.has_phq9 && kc_phq9_score(r->rec.scr.phq9, &sc, NULL) == KC_OK)
		wrapf(r->out, LABEL, "PHQ-9", "%d of 27 (%s)%s", sc.total, sc.band,
		      sc.flag ? "; item 9 > 0: suicide-risk assessment required" : "");
	else
		wrap(r->out, LABEL, "PHQ-9", "not complete");
	scale_items(r, "phq9", KC_LABELS_PHQ9, KC_LABEL_PHQ9_ITEMS);
	if (r->rec.scr.has_gad7 && kc_gad7_score(r->rec.scr.gad7, &sc, NULL) == KC_OK)
		wrapf(r->out, LABEL, "GAD-7", "%d of 21 (%s)", sc.total, sc.band);
	else
		wrap(r->out, LABEL, "GAD-7", "not complete");
	scale_items(r, "gad7", KC_LABELS_GAD7, KC_LABEL_GAD7_ITEMS);
	kc_word_cssrs(&r->rec.scr.cssrs, r->rec.scr.has_cssrs, cssrs, sizeof cssrs);
	wrap(r->out, LABEL, "C-SSRS", cssrs);
	/* with the clinic's licensed wording, each question answered under its own words */
	for (int q = 1; r->labels && q <= KC_LABEL_CSSRS_ITEMS; q++) {
		char item[24];
		const struct kc_answer_row *a;
		const char *label = kc_label(r->labels, KC_LABELS_CSSRS, q, NULL);

		snprintf(item, sizeof item, "cssrs.%d", q);
		a = answer(r, item);
		if (label && a && a->value[0])
			wrapf(r->out, LABEL, "", "Q%d %s: %s", q, label, a->value);
	}
	print_pcl5(r);
	scale_changes(r);
}

static void print_time_answer(const struct rpt *r, const char *lead, const char *item, time_t t)
{
	const struct kc_answer_row *a = answer(r, item);
	char buf[32], ago[16];

	if (!t) {
		wrap(r->out, LABEL, lead, kc_word_time_state(a != NULL, t));
		changes_of(r, LABEL, item);
		if (a)
			amend_mark(r, "screening_answer", a->id);
		return;
	}
	when(t, buf, sizeof buf);
	if (r->rec.s.dose_start && r->rec.s.dose_start >= t) {
		kc_duration((long)(r->rec.s.dose_start - t), ago, sizeof ago);
		wrapf(r->out, LABEL, lead, "%s (%s before dosing)", buf, ago);
	} else {
		wrap(r->out, LABEL, lead, buf);
	}
	if (a) {
		changes_of(r, LABEL, item);
		amend_mark(r, "screening_answer", a->id);
	}
}

static void print_value(const struct rpt *r, const char *lead, const char *item)
{
	const struct kc_answer_row *a = answer(r, item);

	if (a)
		answer_note(r, lead, a);
	else
		wrap(r->out, LABEL, lead, "not entered");
}

static void print_session_items(const struct rpt *r)
{
	const struct kc_answer_row *name = answer(r, "escort_name"), *phone = answer(r, "escort_phone");

	char wt[96];

	if (r->rec.scr.weight_kg > 0) {
		kc_word_weight(r->rec.scr.weight_kg, r->rec.wt.typed, wt, sizeof wt);
		wrap(r->out, LABEL, "Weight", wt);
	} else {
		wrap(r->out, LABEL, "Weight", KC_WORD_NOT_ENTERED);
	}
	if (r->rec.wt.id)
		amend_mark(r, "weight", r->rec.wt.id);
	for (size_t i = 0; i < r->rec.nwt; i++)
		if (r->rec.wts[i].eie.code != KC_EIE_NONE) {
			char line[KC_NOTE_MAX + 160];

			kc_record_weight_eie_text(&r->rec, &r->rec.wts[i], line, sizeof line);
			wrapf(r->out, LABEL, "", "ENTERED IN ERROR: %s", line);
		}
	print_time_answer(r, "Last solids", "last_solids", r->rec.scr.last_solids);
	print_time_answer(r, "Last liquids", "last_liquids", r->rec.scr.last_liquids);
	if (r->rec.s.route == KC_ROUTE_ESKETAMINE)
		print_time_answer(r, "Nasal pretr.", "nasal_pretreat", r->rec.scr.nasal_pretreat);
	wrapf(r->out, LABEL, "Escort", "%s%s%s", name ? name->value : "not named", phone ? ", " : "",
	      phone ? phone->value : "");
	changes_of(r, LABEL, "escort_name");
	changes_of(r, LABEL, "escort_phone");
	if (name)
		amend_mark(r, "screening_answer", name->id);
	if (phone)
		amend_mark(r, "screening_answer", phone->id);
	print_value(r, "Consent", "consent");
	print_value(r, "Med changes", "med_changes");
}

/* Each override names the one block it covers; one whose answer changed since is void. */
static void print_block_overrides(const struct rpt *r)
{
	char what[192], t[32];

	for (size_t i = 0; i < r->rec.nans; i++) {
		const struct kc_answer_row *a = &r->rec.ans[i];
		int block = kc_override_block(a->item);

		if (block == KC_BLOCK_NONE)
			continue;
		kc_override_what(a->item, what, sizeof what);
		wrapf(r->out, LABEL, "OVERRIDE", "%s: %s - %s, %s%s", what, a->note,
		      a->by, when(a->at, t, sizeof t),
		      kc_override_covers(&r->rec.scr, block) ? "" : " [VOID: that answer changed since]");
		amend_mark(r, "screening_answer", a->id);
	}
}

static void print_overrides(const struct rpt *r)
{
	static const char *const items[] = { "bp_confirm", "fasting_confirm", "pretreat_confirm", "suicide_confirm" };
	char t[32], text[KC_NOTE_MAX + 192];

	for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
		const struct kc_answer_row *a = answer(r, items[i]);

		if (!a)
			continue;
		kc_word_confirm(a->item, a->value, a->note, a->by, when(a->at, t, sizeof t), text, sizeof text);
		wrap(r->out, LABEL, kc_word_confirm_lead(a->item), text);
		amend_mark(r, "screening_answer", a->id);
	}
	print_block_overrides(r);
}

static void print_verdict(const struct rpt *r)
{
	struct kc_verdict v;

	if (!r->rec.s.dose_start)
		return;
	kc_screening_verdict(&r->rec.scr, r->cfg, r->rec.s.dose_start, &v);
	wrapf(r->out, LABEL, "Verdict", "%s at dose start%s", kc_gate_name(v.gate),
	      v.overridden ? " (blocks overridden)" : "");
	for (int i = 0; i < v.n; i++)
		wrapf(r->out, LABEL + 2, "", "- %s%s", v.r[i].text,
		      v.r[i].level == KC_GATE_PASS ? "" : v.r[i].level == KC_GATE_BLOCK ? " [BLOCK]" : " [OPEN]");
}

static void print_screening(const struct rpt *r)
{
	section(r->out, "SCREENING");
	print_checklist(r);
	fputc('\n', r->out);
	print_scales(r);
	print_session_items(r);
	print_overrides(r);
	print_verdict(r);
	wrap(r->out, LABEL, "Baseline", "pre-dose readings are marked \"baseline\" under VITALS");
}

/* ---------- dose ---------- */

static void print_plan(const struct rpt *r)
{
	const struct kc_session *s = &r->rec.s;
	struct kc_iv_dose d;

	if (s->route == KC_ROUTE_IV && s->planned_mg > 0 &&
	    kc_iv_dose_calc(s->weight_kg, s->planned_mg_per_kg, &r->cfg->iv, &r->cfg->limits, &d, NULL) == KC_OK)
		wrapf(r->out, LABEL, "Planned", "%.2f mg/kg x %.1f kg = %.1f mg; %.2f mL of %.0f mg/mL stock; "
		      "pump %.1f mL/h over %d min", s->planned_mg_per_kg, s->weight_kg, s->planned_mg, d.ml_stock,
		      r->cfg->iv.stock_mg_per_ml, d.rate_ml_h, r->cfg->iv.infusion_min);
	else if (s->planned_mg > 0)
		wrapf(r->out, LABEL, "Planned", "%.1f mg%s%s", s->planned_mg,
		      answer(r, "dose_reason") ? "; not a labelled dose because: " : "",
		      answer(r, "dose_reason") ? answer(r, "dose_reason")->note : "");
	else
		wrap(r->out, LABEL, "Planned", "no dose planned");
	if (s->route != KC_ROUTE_ESKETAMINE && s->dose_start && !s->dose_end)
		wrap(r->out, LABEL, "Given", "infusion running, not stopped: the stop records the mg given");
	else
		wrapf(r->out, LABEL, "Given", "%.1f mg", s->given_mg);
	if (answer(r, "overrun_note"))
		wrapf(r->out, LABEL, "Overrun", "ran past its planned end: %s (%s)", answer(r, "overrun_note")->note,
		      answer(r, "overrun_note")->by);
}

static void print_dose_row(const struct rpt *r, const struct kc_dose_row *d)
{
	char t[32], lead[40], what[512];

	kc_record_dose_text(d, what, sizeof what);
	snprintf(lead, sizeof lead, "%-16s %-6s", when(d->at, t, sizeof t), kc_dose_kind_name(d->kind));
	wrap(r->out, 24, lead, what);
	eie_mark(r->out, DETAIL, &d->eie);
	correction_mark(r->out, DETAIL, &d->eie);
	amend_mark(r, "dose_event", d->id);
}

static void print_dose(const struct rpt *r)
{
	size_t *order = kc_record_dose_order(&r->rec);

	section(r->out, "DOSE");
	print_plan(r);
	if (!r->rec.nd)
		fprintf(r->out, "No dose events recorded.\n");
	for (size_t i = 0; order && i < r->rec.nd; i++)
		print_dose_row(r, &r->rec.dr[order[i]]);
	free(order);
}

/* ---------- vitals ---------- */

static void vitals_flags(const struct kc_vitals_row *v, char *out, size_t n)
{
	const char *w[] = { v->baseline ? "baseline" : "", level_word(v->level), v->late ? "LATE" : "",
			    v->acked ? "ack" : "", v->carried ? "carried" : "" };
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < sizeof w / sizeof w[0] && len < n; i++)
		if (w[i][0])
			len += (size_t)snprintf(out + len, n - len, "%s%s", len ? " " : "", w[i]);
}

/* One action on a line, numbered, when there are several (the one wording, kc_ack.h). */
static void print_ack(const struct rpt *r, const struct kc_vitals_row *v, char *t, size_t tn)
{
	const struct kc_ack_row *a;
	size_t n = kc_record_ack(&r->rec, v->id, 0, &a);
	char one[KC_CHOICE_LEN + KC_ACK_TEXT + 32];

	if (n < 2) {
		wrapf(r->out, DETAIL, "", "acknowledged by %s, %s: %s", v->ack_by, when(v->ack_at, t, tn), v->ack_action);
		return;
	}
	wrapf(r->out, DETAIL, "", "acknowledged by %s, %s, %zu actions:", v->ack_by, when(v->ack_at, t, tn), n);
	for (size_t i = 0; i < n; i++) {
		kc_ack_action_text(&a[i].a, one, sizeof one);
		wrapf(r->out, DETAIL, "", "  %zu. %s", i + 1, one);
	}
}

/* "due 10:40, OVERDUE 7 min; entered 2026-11-21 10:48 by nurse1 (LATE entry)": joined
 * without printf, as wrapf("%s%s%s%sentered %s by %s%s") wrote it, a line every reading. */
static void entered_line(const struct rpt *r, const struct kc_vitals_row *v, const char *due, const char *over,
			 const char *ent)
{
	const char *parts[] = { v->due_at ? "due " : "", due, over, v->due_at ? "; " : "", "entered ", ent,
				" by ", v->entered_by, v->late ? " (LATE entry)" : "" };
	char buf[2048];

	join(parts, sizeof parts / sizeof parts[0], buf, sizeof buf);
	wrap(r->out, DETAIL, "", buf);
}

static void vitals_details(const struct rpt *r, const struct kc_vitals_row *v)
{
	char t[32], due[32], ent[32], over[40] = "", word[32];

	if (v->status != KC_VITALS_TAKEN)
		wrapf(r->out, DETAIL, "", "%s: %s", v->status == KC_VITALS_REFUSED ? "REFUSED" : "UNAVAILABLE",
		      v->reason);
	if (v->level != KC_LEVEL_OK)
		wrapf(r->out, DETAIL, "", "%s: %s", level_word(v->level), v->alerts);
	if (v->acked)
		print_ack(r, v, t, sizeof t);
	else if (kc_chart_crit_resolved(v))
		wrap(r->out, DETAIL, "", "resolved by correction (entered in error)");
	else if (kc_chart_crit_waiting(v))
		wrap(r->out, DETAIL, "", "NOT ACKNOWLEDGED");
	if (v->carried) {
		char carried[128];

		kc_word_carried(v->carried, carried, sizeof carried);
		wrap(r->out, DETAIL, "", carried);
	}
	kc_word_overdue(v->due_at, v->taken_at, r->cfg, word, sizeof word);
	if (word[0])
		snprintf(over, sizeof over, ", %s", word);
	kc_time_local_hm(v->due_at, due, sizeof due);
	kc_time_local(v->entered_at, ent, sizeof ent);
	entered_line(r, v, due, over, ent);
}

static void print_vitals_row(const struct rpt *r, const struct kc_vitals_row *v)
{
	char t[32], flags[48], line[256];

	vitals_flags(v, flags, sizeof flags);
	kc_word_vitals_row(16, when(v->taken_at, t, sizeof t), &v->v, flags, line, sizeof line);
	fprintf(r->out, "%s\n", line);
	vitals_details(r, v);
	eie_mark(r->out, DETAIL, &v->eie);
	correction_mark(r->out, DETAIL, &v->eie);
	amend_mark(r, "vitals", v->id);
}

static void print_vitals(const struct rpt *r)
{
	size_t *order = kc_record_vitals_order(&r->rec);
	char head[128];

	section(r->out, "VITALS");
	if (!r->rec.nv) {
		fprintf(r->out, "No readings recorded.\n");
		free(order);
		return;
	}
	kc_word_vitals_head(16, head, sizeof head);
	fprintf(r->out, "%s\n", head);
	for (size_t i = 0; order && i < r->rec.nv; i++)
		print_vitals_row(r, &r->rec.vr[order[i]]);
	free(order);
}

/* ---------- observations ---------- */

static const char *obs_band(const struct rpt *r, const struct kc_obs_row *o)
{
	const char *b = NULL;

	switch (o->scale) {
	case KC_SCALE_NRS:
		b = kc_nrs_band(o->score);
		break;
	case KC_SCALE_SEVERITY:
		b = kc_severity_name(o->score);
		break;
	case KC_SCALE_MOAAS:
		b = kc_moaas_label(o->score);
		break;
	case KC_SCALE_CADSS:
	case KC_SCALE_CADSS6:
		b = o->score > r->cfg->alerts.dissociation_warn ? "marked dissociation" : "below the warn limit";
		break;
	default:
		break;
	}
	return b ? b : "";
}

/* A side effect's interventions: several one a line, numbered, as a CRIT acknowledgement's
 * actions (kc_ack.h's one wording); one, or an older entry's text, as stored. */
static void print_interventions(const struct rpt *r, const struct kc_obs_row *o)
{
	const struct kc_ack_row *a;
	size_t n = kc_record_ack(&r->rec, 0, o->id, &a);
	char one[KC_CHOICE_LEN + KC_ACK_TEXT + 32];

	if (n < 2) {
		if (o->intervention[0])
			wrapf(r->out, DETAIL, "", "intervention: %s", o->intervention);
		return;
	}
	wrapf(r->out, DETAIL, "", "interventions, %zu actions:", n);
	for (size_t i = 0; i < n; i++) {
		kc_ack_action_text(&a[i].a, one, sizeof one);
		wrapf(r->out, DETAIL, "", "  %zu. %s", i + 1, one);
	}
}

static void obs_details(const struct rpt *r, const struct kc_obs_row *o)
{
	char ent[32];

	if (o->detail[0])
		wrapf(r->out, DETAIL, "", "what: %s", o->detail);
	if (o->items[0])
		wrapf(r->out, DETAIL, "", "items (number:score): %s", o->items);
	/* with the clinic's licensed wording, each CADSS item scored under its own words */
	for (const char *p = o->items; r->labels && *p;) {
		char *end;
		long no = strtol(p, &end, 10), score;
		const char *label;

		if (end == p || *end != ':')
			break;
		score = strtol(end + 1, &end, 10);
		label = kc_label(r->labels, KC_LABELS_CADSS, (int)no, NULL);
		if (label)
			wrapf(r->out, DETAIL, "", "item %ld %s: %ld", no, label, score);
		p = end + strspn(end, " ");
	}
	if (o->vomiting > 0)
		wrapf(r->out, DETAIL, "", "vomiting: %d episode%s", o->vomiting, o->vomiting == 1 ? "" : "s");
	print_interventions(r, o);
	if (o->note[0])
		wrapf(r->out, DETAIL, "", "note: %s", o->note);
	if (o->level != KC_LEVEL_OK)
		wrapf(r->out, DETAIL, "", "%s: %s", level_word(o->level), o->alerts);
	kc_time_local(o->entered_at, ent, sizeof ent);
	wrapf(r->out, DETAIL, "", "entered %s by %s%s", ent, o->entered_by, o->late ? " (LATE entry)" : "");
}

static void print_obs_row(const struct rpt *r, const struct kc_obs_row *o)
{
	char t[32], band[80];
	const char *b = obs_band(r, o);

	snprintf(band, sizeof band, "%s%s%s%s", b[0] ? " (" : "", b, b[0] ? ")" : "",
		 o->level ? (o->level == KC_LEVEL_CRITICAL ? " CRIT" : " WARN") : "");
	fprintf(r->out, "%-16s %-22s %s %d%s\n", when(o->observed_at, t, sizeof t), kc_obs_kind_label(o->kind),
		kc_scale_name(o->scale), o->score, band);
	obs_details(r, o);
	eie_mark(r->out, DETAIL, &o->eie);
	correction_mark(r->out, DETAIL, &o->eie);
	amend_mark(r, "observation", o->id);
}

static void print_observations(const struct rpt *r)
{
	size_t *order = kc_record_obs_order(&r->rec);

	section(r->out, "OBSERVATIONS (side effects)");
	if (!r->rec.no)
		fprintf(r->out, "No observations recorded.\n");
	else
		fprintf(r->out, "%-16s %-22s %s\n", "Time", "Effect", "Scale, score (band) and flags");
	for (size_t i = 0; order && i < r->rec.no; i++)
		print_obs_row(r, &r->rec.obs[order[i]]);
	free(order);
}

/* ---------- discharge, signature, addenda ---------- */

/* Readiness as it stood at at, judged from the record in hand: its observations and
 * assessments are not read again for each assessment and the end. */
static void discharge_eval(const struct rpt *r, time_t at, struct kc_discharge_input *in,
			   struct kc_discharge_result *res)
{
	kc_chart_discharge_eval_rows(r->cfg, &r->rec.s, &r->rec.scr, r->rec.vr, r->rec.nv, r->rec.obs, r->rec.no,
				     r->rec.dc, r->rec.ndc, at, in, res);
}

/* Each assessment once, as it was recorded. A second one is labelled: it was made again. */
static void print_assessment(const struct rpt *r, size_t i)
{
	const struct kc_discharge_row *d = &r->rec.dc[i];
	struct kc_discharge_input in;
	struct kc_discharge_result res;
	char t[32], lead[48], nth[64] = "";
	const struct kc_aldrete *a = &d->aldrete;

	if (r->rec.ndc > 1)
		snprintf(nth, sizeof nth, " %zu of %zu%s", i + 1, r->rec.ndc, i ? " (assessed again)" : "");
	wrapf(r->out, 0, "", "Assessment%s %s by %s: %s", nth, when(d->at, t, sizeof t), d->by,
	      d->ready ? "READY for discharge" : "NOT READY");
	wrapf(r->out, 4, "", "Modified Aldrete %d (activity %d, respiration %d, circulation %d, "
	      "consciousness %d, SpO2 %d); gait %s; escort %s; instructions %s", d->aldrete_total, a->activity,
	      a->respiration, a->circulation, a->consciousness, a->spo2,
	      d->gait_steady == KC_NONE ? "not assessed" : d->gait_steady ? "steady" : "UNSTEADY",
	      d->escort_confirmed ? "confirmed" : "NOT confirmed", d->instructions_given ? "given" : "NOT given");
	/* The stored verdict and unmet list are the record. The criteria are re-read from the
	 * chart for their reasons, and left out where later entries (made in the same second,
	 * or corrections) would make them disagree with what the clinician saw. */
	discharge_eval(r, d->at, &in, &res);
	if (res.ready == d->ready) {
		for (int k = 0; k < KC_DC_COUNT; k++) {
			snprintf(lead, sizeof lead, "    %-5s %s", res.c[k].met ? "[met]" : "[NOT]", res.c[k].name);
			wrap(r->out, 38, lead, res.c[k].why);
		}
	}
	if (d->unmet[0])
		wrapf(r->out, 4, "", "Unmet when assessed: %s", d->unmet);
	if (d->override_reason[0])
		wrapf(r->out, 4, "", "Discharged with unmet criteria because: %s", d->override_reason);
	amend_mark(r, "discharge", d->id);
}

/* Who ended the session: the audit's change of its outcome ("" when not found). */
static void ended_by(const struct rpt *r, char *who, size_t n)
{
	struct kc_audit_row *rows = NULL;
	size_t k = 0;

	who[0] = '\0';
	if (kc_audit_list(r->st, "session", r->rec.s.id, &rows, &k, NULL) != KC_OK)
		return;
	for (size_t i = 0; i < k; i++)
		if (strcmp(rows[i].field, "outcome") == 0)
			kc_strlcpy(who, rows[i].who, n);
	free(rows);
}

/* A discharge is judged again when it is made (kc_chart_end): say how it stood then. */
static void print_at_discharge(const struct rpt *r)
{
	const struct kc_session *s = &r->rec.s;
	struct kc_discharge_input in;
	struct kc_discharge_result res;
	char t[32], who[KC_LOGIN_MAX], unmet[1024];

	ended_by(r, who, sizeof who);
	wrapf(r->out, LABEL, "Ended", "%s%s%s", when(s->ended_at, t, sizeof t), who[0] ? " by " : "", who);
	if (strcmp(s->outcome, "discharged") != 0)
		return;
	discharge_eval(r, s->ended_at, &in, &res);
	if (res.ready) {
		wrap(r->out, LABEL, "At discharge", "every criterion met");
		return;
	}
	kc_discharge_unmet(&res, unmet, sizeof unmet);
	wrapf(r->out, LABEL, "At discharge", "NOT met: %s%s", unmet,
	      s->outcome_reason[0] ? "; discharged on the reason given with the outcome" : "");
}

static void print_discharge(const struct rpt *r)
{
	char t[32];

	section(r->out, "DISCHARGE");
	if (!r->rec.ndc)
		fprintf(r->out, "No discharge assessment recorded.\n");
	for (size_t i = 0; i < r->rec.ndc; i++)
		print_assessment(r, i);
	fputc('\n', r->out);
	if (r->rec.s.outcome[0]) {
		wrapf(r->out, LABEL, "Outcome", "%s%s%s", r->rec.s.outcome, r->rec.s.outcome_reason[0] ? ": " : "",
		      r->rec.s.outcome_reason);
		print_at_discharge(r);
	} else {
		wrap(r->out, LABEL, "Outcome", "session still open");
	}
	if (r->rec.s.signed_by[0])
		wrapf(r->out, LABEL, "Signature", "signed by %s, %s", r->rec.s.signed_by,
		      when(r->rec.s.signed_at, t, sizeof t));
	else
		wrap(r->out, LABEL, "Signature", "NOT SIGNED");
}

static void print_addenda(const struct rpt *r)
{
	char t[32];

	if (!r->rec.nad)
		return;
	section(r->out, "ADDENDA");
	for (size_t i = 0; i < r->rec.nad; i++) {
		wrapf(r->out, 0, "", "%s by %s:", when(r->rec.ad[i].at, t, sizeof t), r->rec.ad[i].by);
		wrap(r->out, 4, "", r->rec.ad[i].text);
	}
}

/* ---------- who charted: takeovers; amendments after signing ---------- */

static void print_takeovers(const struct rpt *r)
{
	char hm[16];
	int shown = 0;

	for (size_t i = 0; i < r->rec.nho; i++) {
		if (!r->rec.ho[i].taken_from[0])
			continue;
		if (!shown++)
			section(r->out, "TAKEOVERS");
		kc_time_local_hm(r->rec.ho[i].since, hm, sizeof hm);
		wrapf(r->out, 0, "", "Taken over from %s at %s by %s", r->rec.ho[i].taken_from, hm,
		      r->rec.ho[i].holder);
	}
}

/* When the amended entry was made, if it is one the report lists; 0 otherwise. */
static time_t amended_time(const struct rpt *r, const struct kc_amendment_row *a)
{
	if (strcmp(a->tbl, "weight") == 0 && r->rec.wt.id && a->row_id == r->rec.wt.id)
		return r->rec.wt.taken_at;
	for (size_t i = 0; strcmp(a->tbl, "screening_answer") == 0 && i < r->rec.nans; i++)
		if (r->rec.ans[i].id == a->row_id)
			return r->rec.ans[i].at;
	for (size_t i = 0; strcmp(a->tbl, "vitals") == 0 && i < r->rec.nv; i++)
		if (r->rec.vr[i].id == a->row_id)
			return r->rec.vr[i].taken_at;
	for (size_t i = 0; strcmp(a->tbl, "observation") == 0 && i < r->rec.no; i++)
		if (r->rec.obs[i].id == a->row_id)
			return r->rec.obs[i].observed_at;
	for (size_t i = 0; strcmp(a->tbl, "dose_event") == 0 && i < r->rec.nd; i++)
		if (r->rec.dr[i].id == a->row_id)
			return r->rec.dr[i].at;
	for (size_t i = 0; strcmp(a->tbl, "discharge") == 0 && i < r->rec.ndc; i++)
		if (r->rec.dc[i].id == a->row_id)
			return r->rec.dc[i].at;
	for (size_t i = 0; strcmp(a->tbl, "addendum") == 0 && i < r->rec.nad; i++)
		if (r->rec.ad[i].id == a->row_id)
			return r->rec.ad[i].at;
	return 0;
}

/* "the vitals reading of 2026-11-21 10:40 (no. 12)" */
static void amended_what(const struct rpt *r, const struct kc_amendment_row *a, char *out, size_t n)
{
	static const struct { const char *tbl, *word; } words[] = {
		{ "screening_answer", "the screening answer" }, { "weight", "the weight" },
		{ "vitals", "the vitals reading" }, { "observation", "the observation" },
		{ "dose_event", "the dose event" }, { "discharge", "the discharge assessment" },
		{ "addendum", "the addendum" },
	};
	const char *word = a->tbl;
	time_t t = amended_time(r, a);
	char when_buf[32];

	if (strcmp(a->tbl, "session") == 0) {
		kc_strlcpy(out, "the session record", n);
		return;
	}
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(words[i].tbl, a->tbl) == 0)
			word = words[i].word;
	if (t)
		snprintf(out, n, "%s of %s (no. %lld)", word, when(t, when_buf, sizeof when_buf), a->row_id);
	else
		snprintf(out, n, "%s no. %lld", word, a->row_id);
}

static void print_amendments(const struct rpt *r)
{
	char t[32], what[96];

	if (!r->rec.nam)
		return;
	section(r->out, "AMENDMENTS (after signing; the original entries above are unchanged)");
	for (size_t i = 0; i < r->rec.nam; i++) {
		amended_what(r, &r->rec.am[i], what, sizeof what);
		wrapf(r->out, 0, "", "%s by %s:", when(r->rec.am[i].at, t, sizeof t), r->rec.am[i].by);
		wrap(r->out, 16, "    Amends", what);
		wrap(r->out, 16, "    Should say", r->rec.am[i].text);
		wrap(r->out, 16, "    Reason", r->rec.am[i].reason);
	}
}

int kc_report_text(struct kc_store *st, const struct kc_config *cfg, kc_id session, FILE *out,
		   struct kc_err *err)
{
	struct kc_err ignored;
	struct rpt r;
	int rc, snap;

	memset(&r, 0, sizeof r);
	r.out = out;
	r.st = st;
	r.cfg = cfg;
	if (cfg->general.labels_file[0]) {
		struct kc_diag diag;

		/* checked when the program started; a file gone since leaves item numbers only */
		memset(&diag, 0, sizeof diag);
		r.labels = calloc(1, sizeof *r.labels);
		if (r.labels && kc_labels_load(cfg->general.labels_file, r.labels, &diag) != KC_OK) {
			free(r.labels);
			r.labels = NULL;
		}
	}
	/* One read transaction for the whole report: every row of it read at the same moment,
	 * and SQLite takes its read lock once, not once for each of its twenty-odd reads
	 * (issue 10). Inside a caller's own transaction (a batch, a snapshot), which refuses
	 * this one, that one holds; a failure to begin is met again by the first read. */
	snap = kc_store_snapshot_begin(st, &ignored) == KC_OK;
	rc = kc_record_load(st, session, &r.rec, err);
	if (rc == KC_ERR_NOTFOUND) /* the session itself: its rows cannot be missing */
		kc_fail(err, rc, "no session %lld", session);
	if (rc != KC_OK)
		goto out;
	print_header(&r);
	print_screening(&r);
	print_dose(&r);
	print_vitals(&r);
	print_observations(&r);
	print_discharge(&r);
	print_takeovers(&r);
	print_amendments(&r);
	print_addenda(&r);
	fputc('\n', out);
	rule(out, '=');
	if (fflush(out) != 0 || ferror(out))
		rc = kc_fail(err, KC_ERR_IO, "could not write the report (disk full or output closed?)");
out:
	if (snap)
		rc = kc_store_snapshot_end(st, rc, err);
	kc_record_free(&r.rec);
	free(r.labels);
	return rc;
}
