/* chart_page_obs.c — the chart page after the vitals: observations, discharge assessments,
 * the outcome and signature, every correction, and the addenda (the amendments between the
 * last two are chart_amend.c's). */
#include "scr_chart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"
#include "../ui_draw.h"

/* ---------- observations ---------- */

static const char *obs_band(const struct kc_config *cfg, const struct kc_obs_row *o)
{
	const char *band = NULL;

	switch (o->scale) {
	case KC_SCALE_NRS: band = kc_nrs_band(o->score); break;
	case KC_SCALE_SEVERITY: band = kc_severity_name(o->score); break;
	case KC_SCALE_MOAAS: band = kc_moaas_label(o->score); break;
	case KC_SCALE_CADSS:
	case KC_SCALE_CADSS6:
		band = o->score > cfg->alerts.dissociation_warn ? "marked dissociation" : "below the warn limit";
		break;
	case KC_SCALE_EPISODES: band = o->score == 1 ? "episode" : "episodes"; break;
	default: break;
	}
	return band ? band : "";
}

/* The interventions: several one a line, numbered, as a CRIT acknowledgement's actions (the
 * report's layout and kc_ack.h's one wording); one, or an older entry's text, as stored. */
static void interventions(struct bld *b, const struct kc_obs_row *o)
{
	const struct kc_ack_row *a;
	size_t n = kc_record_ack(&b->d->rec, 0, o->id, &a);
	char one[KC_CHOICE_LEN + KC_ACK_TEXT + 32];

	if (n < 2) {
		if (o->intervention[0])
			chart_wrapf(b, DETAIL_W, "", "intervention: %s", o->intervention);
		return;
	}
	chart_wrapf(b, DETAIL_W, "", "interventions, %zu actions:", n);
	for (size_t i = 0; i < n; i++) {
		kc_ack_action_text(&a[i].a, one, sizeof one);
		chart_wrapf(b, DETAIL_W, "", "  %zu. %s", i + 1, one);
	}
}

static void obs_details(struct bld *b, const struct kc_obs_row *o)
{
	char t[16], e[16];

	if (o->items[0])
		chart_wrapf(b, DETAIL_W, "", "items (number:score): %s", o->items);
	if (o->vomiting > 0)
		chart_wrapf(b, DETAIL_W, "", "vomiting: %d episode%s", o->vomiting, o->vomiting == 1 ? "" : "s");
	interventions(b, o);
	if (o->note[0])
		chart_wrapf(b, DETAIL_W, "", "note: %s", o->note);
	if (o->level != KC_LEVEL_OK)
		chart_wrapf(b, DETAIL_W, "", "%s: %s", chart_level_word(o->level), o->alerts);
	if (o->late)
		chart_wrapf(b, DETAIL_W, "", "LATE entry: observed %s, entered %s by %s", chart_hm(o->observed_at, t, sizeof t),
		      chart_hm(o->entered_at, e, sizeof e), o->entered_by);
}

static void build_obs_row(struct bld *b, const struct kc_obs_row *o, size_t row)
{
	char t[16], what[KC_NAME_MAX + 80];
	const char *band = obs_band(b->cfg, o);

	chart_entry_begin(b, E_OBS, row);
	b->dim = o->eie.code != KC_EIE_NONE;
	snprintf(what, sizeof what, "%s%s%s", kc_obs_kind_label(o->kind), o->detail[0] ? ": " : "", o->detail);
	b->tone = b->dim ? UI_NORMAL : chart_level_tone(o->level);
	chart_wrapf(b, DETAIL_W, chart_hm(o->observed_at, t, sizeof t), "%s%s, %s %d%s%s%s%s%s%s%s", b->dim ? "[ERR] " : "",
	      what, kc_scale_name(o->scale), o->score, band[0] ? " (" : "", band, band[0] ? ")" : "",
	      o->level ? " " : "", chart_level_word(o->level), o->late ? " LATE" : "", o->eie.corrects ? " correction" : "");
	b->tone = UI_NORMAL;
	obs_details(b, o);
	chart_eie_lines(b, &o->eie, "observation");
	chart_amend_mark(b, E_OBS, o->id);
	chart_entry_end(b);
}

void chart_build_observations(struct bld *b, const struct data *d)
{
	size_t *order = kc_record_obs_order(&d->rec);

	chart_section(b, "Observations (side effects)");
	if (!d->rec.no)
		chart_put(b, "No observations recorded.");
	for (size_t i = 0; order && i < d->rec.no; i++)
		build_obs_row(b, &d->rec.obs[order[i]], order[i]);
	b->failed |= !order;
	free(order);
}

/* ---------- discharge, outcome, corrections, addenda ---------- */

void chart_build_discharge(struct bld *b, const struct data *d)
{
	char t[16];

	chart_section(b, "Discharge");
	if (!d->rec.ndc)
		chart_put(b, "No discharge assessment recorded.");
	for (size_t i = 0; i < d->rec.ndc; i++) {
		const struct kc_discharge_row *r = &d->rec.dc[i];
		const struct kc_aldrete *a = &r->aldrete;

		chart_entry_begin(b, E_DISCHARGE, i);
		b->tone = r->ready ? UI_NORMAL : UI_WARN;
		chart_wrapf(b, DETAIL_W, chart_hm(r->at, t, sizeof t), "%s, Modified Aldrete %d of 10 - assessed by %s",
		      r->ready ? "READY for discharge" : "NOT READY", r->aldrete_total, r->by);
		b->tone = UI_NORMAL;
		chart_wrapf(b, DETAIL_W, "", "activity %d, respiration %d, circulation %d, consciousness %d, SpO2 %d; "
		      "gait %s; escort %s; instructions %s", a->activity, a->respiration, a->circulation,
		      a->consciousness, a->spo2,
		      r->gait_steady == KC_NONE ? "not assessed" : r->gait_steady ? "steady" : "UNSTEADY",
		      r->escort_confirmed ? "confirmed" : "NOT confirmed", r->instructions_given ? "given" : "NOT given");
		if (r->unmet[0])
			chart_wrapf(b, DETAIL_W, "", "unmet: %s", r->unmet);
		if (r->override_reason[0])
			chart_wrapf(b, DETAIL_W, "", "discharged with unmet criteria because: %s", r->override_reason);
		chart_amend_mark(b, E_DISCHARGE, r->id);
		chart_entry_end(b);
	}
}

void chart_build_outcome(struct bld *b, const struct data *d)
{
	const struct kc_session *s = &d->rec.s;
	char t[32];

	chart_section(b, "Outcome");
	if (s->outcome[0])
		chart_wrapf(b, LABEL_W, "Outcome", "%s%s%s, %s", s->outcome, s->outcome_reason[0] ? ": " : "",
		      s->outcome_reason, chart_when(s->ended_at, t, sizeof t));
	else
		chart_wrapf(b, LABEL_W, "Outcome", "session still open (%s)", kc_phase_name(s->phase));
	if (s->signed_by[0]) {
		chart_wrapf(b, LABEL_W, "Signature", "signed by %s, %s", s->signed_by, chart_when(s->signed_at, t, sizeof t));
	} else {
		b->tone = UI_WARN;
		chart_wrap(b, LABEL_W, "Signature", "NOT SIGNED");
		b->tone = UI_NORMAL;
	}
}

static void correction_line(struct bld *b, const char *what, time_t at, const struct kc_eie *e)
{
	char t[16], a[16];

	if (e->code == KC_EIE_NONE)
		return;
	chart_wrapf(b, DETAIL_W, chart_hm(e->at, t, sizeof t), "%s: %s of %s entered in error (%s): %s%s", e->by, what,
	      chart_hm(at, a, sizeof a), kc_eie_name(e->code), e->reason, e->replaced_by ? "; replaced" : "");
}

void chart_build_corrections(struct bld *b, const struct data *d)
{
	const struct kc_record *r = &d->rec;
	int before;

	chart_section(b, "Corrections (entered in error, before signing)");
	before = b->pg->ls.n;
	for (size_t i = 0; i < r->nv; i++)
		correction_line(b, "reading", r->vr[i].taken_at, &r->vr[i].eie);
	for (size_t i = 0; i < r->no; i++)
		correction_line(b, "observation", r->obs[i].observed_at, &r->obs[i].eie);
	for (size_t i = 0; i < r->nd; i++)
		correction_line(b, "dose entry", r->dr[i].at, &r->dr[i].eie);
	if (b->pg->ls.n == before)
		chart_put(b, "No corrections.");
}

void chart_build_addenda(struct bld *b, const struct data *d)
{
	char t[32];

	chart_section(b, "Addenda");
	if (!d->rec.nad)
		chart_put(b, "No addenda. a adds one.");
	for (size_t i = 0; i < d->rec.nad; i++) {
		chart_entry_begin(b, E_ADDENDUM, i);
		b->bold = 1;
		chart_wrapf(b, 0, "", "%s, by %s:", chart_when(d->rec.ad[i].at, t, sizeof t), d->ad_who[i]);
		b->bold = 0;
		chart_wrap(b, 4, "", d->rec.ad[i].text);
		chart_amend_mark(b, E_ADDENDUM, d->rec.ad[i].id);
		chart_entry_end(b);
	}
}
