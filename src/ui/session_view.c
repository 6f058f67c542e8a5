/* session_view.c — the session screen's status block, remade from what was loaded and the
 * clock: phase and elapsed time, the dose, the infusion or the devices, the observation
 * minimum, the vitals timer with its bell, and the banner of an unacknowledged CRIT. */
#include "scr_session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kc_time.h"
#include "kc_wording.h"
#include "ui_app.h"
#include "ui_draw.h"

/* ---------- the status block ---------- */

static void dur(long seconds, char *out, size_t n)
{
	kc_duration(seconds, out, n);
}

static void line_phase(const struct sess *s, time_t now, struct vline *v)
{
	const struct kc_session *x = &s->cs.s;
	const char *phase = kc_phase_name(x->phase);
	char word[16], at[16], el[16];
	size_t i;

	for (i = 0; phase[i] && i + 1 < sizeof word; i++)
		word[i] = (char)(phase[i] >= 'a' && phase[i] <= 'z' ? phase[i] - 32 : phase[i]);
	word[i] = '\0';
	if (x->phase == KC_PHASE_SCREENING)
		kc_strlcpy(word, s->cs.unacked_critical ? "NOT READY" : "READY TO DOSE", sizeof word);
	kc_time_local_hm(x->dose_start, at, sizeof at);
	dur((long)(now - x->dose_start), el, sizeof el);
	if (!x->dose_start || sess_ended(s))
		snprintf(v->text, sizeof v->text, "%s | %s", word, kc_route_label(x->route));
	else
		snprintf(v->text, sizeof v->text, "%s | %s | %s %s | elapsed %s", word, kc_route_label(x->route),
			 sess_is_esk(s) ? "first device" : "started", at, el);
	v->tone = UI_NORMAL;
}

static void line_dose_iv(const struct sess *s, const struct kc_config *cfg, const char *mark, struct vline *v)
{
	struct kc_iv_dose d;
	struct kc_err err;
	double kg = s->cs.scr.weight_kg;

	if (kg <= 0) {
		snprintf(v->text, sizeof v->text, "%s No weight in the screening: the dose cannot be calculated",
			 mark);
		v->tone = UI_WARN;
		return;
	}
	if (kc_iv_dose_calc(kg, s->mgkg, &cfg->iv, &cfg->limits, &d, &err) != KC_OK) {
		snprintf(v->text, sizeof v->text, "%s %.180s", mark, err.msg);
		v->tone = UI_WARN;
		return;
	}
	snprintf(v->text, sizeof v->text, "Dose %g mg/kg x %.1f kg = %.1f mg = %.2f mL stock | pump %.1f mL/h, %d min",
		 s->mgkg, kg, d.mg, d.ml_stock, d.rate_ml_h, cfg->iv.infusion_min);
}

/* The esketamine dose and its devices: the stored plan, else the configured default. */
int sess_esk_plan(const struct sess *s, const struct kc_config *cfg, int *mg, int *devices)
{
	int needs_reason;

	*mg = s->cs.s.planned_mg > 0 ? (int)(s->cs.s.planned_mg + 0.5) : cfg->esk.dose_mg;
	return kc_esk_devices(*mg, &cfg->esk, devices, &needs_reason, NULL);
}

static void line_dose_esk(const struct sess *s, const struct kc_config *cfg, const char *mark, struct vline *v)
{
	int mg, n;

	if (sess_esk_plan(s, cfg, &mg, &n) != KC_OK) {
		snprintf(v->text, sizeof v->text, "%s Dose %d mg is not a multiple of %d mg devices", mark, mg,
			 cfg->esk.device_mg);
		v->tone = UI_WARN;
		return;
	}
	snprintf(v->text, sizeof v->text, "Dose %d mg = %d device%s of %d mg, %d min apart", mg, n,
		 n == 1 ? "" : "s", cfg->esk.device_mg, cfg->esk.device_spacing_min);
}

int sess_given(const struct ui *ui, const struct sess *s, time_t now, struct kc_given *g)
{
	return kc_chart_given(&s->cs.s, s->dose, s->ndose, ui->app->cfg, now, g, NULL) == KC_OK;
}

long sess_overrun(const struct ui *ui, const struct sess *s, time_t now)
{
	struct kc_chart_state cs;

	if (sess_is_esk(s) || s->cs.overrun_noted)
		return 0;
	cs.s = s->cs.s;
	cs.overrun_noted = 0;
	sess_given(ui, s, now, &cs.given);
	return kc_chart_overrun_at(&cs, ui->app->cfg, now);
}

/* " | 12.3 mg given so far" while it runs (the pump's amount at the clock). */
static void add_given(const struct ui *ui, const struct sess *s, time_t now, struct vline *v)
{
	struct kc_given g;
	size_t len = strlen(v->text);

	if (sess_given(ui, s, now, &g))
		snprintf(v->text + len, sizeof v->text - len, " | %.1f mg given so far", g.mg);
}

/* The banner of an infusion past its planned end: it stays until stopped or explained. */
static int line_overrun(const struct ui *ui, const struct sess *s, time_t now, const char *mark, struct vline *v)
{
	long over = sess_overrun(ui, s, now);
	struct kc_given g;
	char at[16], d[16];

	if (!over)
		return 0;
	sess_given(ui, s, now, &g);
	kc_time_local_hm(g.planned_end, at, sizeof at);
	dur(over, d, sizeof d);
	snprintf(v->text, sizeof v->text, "%s OVERRUN %s past the planned end %s - x stops, l says why | %s %.1f mL/h",
		 mark, d, at, g.paused ? "PAUSED, was" : "RUNNING at", g.rate_ml_h);
	v->tone = UI_CRIT;
	return 1;
}

static void line_state_iv(const struct ui *ui, const struct sess *s, time_t now, const char *mark, struct vline *v)
{
	const struct infusion *f = &s->inf;
	char a[16], b[16];

	if (!f->started) {
		snprintf(v->text, sizeof v->text, "Infusion not started: check the dose above; d changes it, s starts");
		return;
	}
	if (f->stopped) {
		kc_time_local_hm(f->stopped, a, sizeof a);
		dur((long)(f->stopped - f->started), b, sizeof b);
		snprintf(v->text, sizeof v->text, "Stopped %s after %s, %.1f mg given", a, b,
			 s->cs.s.given_mg);
		return;
	}
	if (line_overrun(ui, s, now, mark, v))
		return;
	if (f->paused_at) {
		kc_time_local_hm(f->paused_at, a, sizeof a);
		snprintf(v->text, sizeof v->text, "%s Infusion PAUSED since %s - p resumes", mark, a);
		v->tone = UI_WARN;
		add_given(ui, s, now, v);
		return;
	}
	snprintf(v->text, sizeof v->text, "Infusion RUNNING at %.1f mL/h", f->rate);
	v->tone = UI_OK;
	add_given(ui, s, now, v);
}

static void line_state_esk(const struct sess *s, const struct kc_config *cfg, time_t now, struct vline *v)
{
	int mg, n = 0, given = s->cs.devices_given;
	long wait = s->inf.last_device ? kc_esk_wait_s(s->inf.last_device, now, &cfg->esk) : 0;
	char at[16], next[48] = "";

	sess_esk_plan(s, cfg, &mg, &n);
	kc_time_local_hm(s->inf.last_device, at, sizeof at);
	if (s->cs.s.phase == KC_PHASE_RECOVERY || sess_ended(s))
		next[0] = '\0';
	else if (given >= n && n > 0)
		snprintf(next, sizeof next, "all given: x ends dosing");
	else if (wait > 0)
		snprintf(next, sizeof next, "next device in %ld:%02ld", wait / 60, wait % 60);
	else
		snprintf(next, sizeof next, "next device may be given now (g)");
	snprintf(v->text, sizeof v->text, "Devices given %d of %d%s%s%s%s%s", given, n, given ? " (last " : "",
		 given ? at : "", given ? ")" : "", *next ? " | " : "", next);
	v->tone = wait > 0 && given < n ? UI_WARN : UI_NORMAL;
}

/* In recovery the observation minimum is the other clock that matters. */
static void add_observe(const struct sess *s, time_t now, struct vline *v)
{
	char at[16], left[16];
	size_t len = strlen(v->text);

	if (s->cs.s.phase != KC_PHASE_RECOVERY || !s->cs.dc.earliest)
		return;
	kc_time_local_hm(s->cs.dc.earliest, at, sizeof at);
	dur((long)(s->cs.dc.earliest - now), left, sizeof left);
	if (s->cs.dc.earliest > now)
		snprintf(v->text + len, sizeof v->text - len, " | observe until %s (%s left)", at, left);
	else
		snprintf(v->text + len, sizeof v->text - len, " | observation time met %s", at);
}

static void line_timer(const struct sess *s, const struct kc_config *cfg, const struct kc_sched *sc, const char *mark,
		       struct vline *v)
{
	char at[16], d[32];

	kc_time_local_hm(sc->next_due, at, sizeof at);
	switch (sc->state) {
	case KC_DUE_LATER:
		dur(sc->seconds_left + 59, d, sizeof d);
		if (sc->interval_min)
			snprintf(v->text, sizeof v->text, "Next vitals %s (in %s) - %s every %d min", at, d, sc->what,
				 sc->interval_min);
		else
			snprintf(v->text, sizeof v->text, "Next vitals %s (in %s) - %s", at, d, sc->what);
		break;
	case KC_DUE_NOW:
		snprintf(v->text, sizeof v->text, "%s VITALS DUE since %s (%s) - v enters them (n: not taken)", mark,
			 at, sc->what);
		v->tone = UI_WARN;
		break;
	case KC_DUE_OVERDUE: /* the report's words for it (kc_wording.h) */
		kc_word_overdue(sc->next_due, sc->next_due - sc->seconds_left, cfg, d, sizeof d);
		snprintf(v->text, sizeof v->text, "%s %s - due %s (%s) - v enters them (n: not taken)", mark, d,
			 at, sc->what);
		v->tone = UI_CRIT;
		break;
	default:
		snprintf(v->text, sizeof v->text, "%s", sess_ended(s) ? "Session ended: no vitals are due" :
			 "The vitals timer starts with the dose");
		break;
	}
}

const struct kc_vitals_row *sess_reading(const struct sess *s, kc_id id)
{
	for (size_t i = 0; i < s->nvit; i++)
		if (s->vit[i].id == id)
			return &s->vit[i];
	return NULL;
}

static void strip_all(char *s, const char *what)
{
	size_t n = strlen(what);

	for (char *p = strstr(s, what); p; p = strstr(p, what))
		memmove(p, p + n, strlen(p + n) + 1);
}

/* The banner stays while a critical reading is not acknowledged: it never scrolls. */
static void line_banner(const struct ui *ui, const struct sess *s, struct vline *v)
{
	const struct kc_vitals_row *r = sess_reading(s, s->cs.last_unacked_id);
	char at[16], more[32] = "";

	if (!s->cs.unacked_critical || !r)
		return;
	kc_time_local_hm(r->taken_at, at, sizeof at);
	if (s->cs.unacked_critical > 1)
		snprintf(more, sizeof more, " (%d to acknowledge)", s->cs.unacked_critical);
	snprintf(v->text, sizeof v->text, "%s CRIT %s%s - a acknowledges: %.150s", ui->g.warn, at, more, r->alerts);
	strip_all(v->text, " (critical)"); /* the line says CRIT already: room for the values */
	v->tone = UI_CRIT;
}

/* ---------- the latest side effect of each kind ---------- */

#define FX_LATEST_MAX 32

/* Whether a and b are the same kind of side effect ("other" ones by what they are). */
static int same_kind(const struct kc_obs_row *a, const struct kc_obs_row *b)
{
	return a->kind == b->kind && (a->kind != KC_OBS_OTHER || strcasecmp(a->detail, b->detail) == 0);
}

/* The latest standing observation of each kind (one entered in error is not), newest first. */
static size_t latest_effects(const struct sess *s, const struct kc_obs_row **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < s->nobs; i++) {
		const struct kc_obs_row *o = &s->obs[i];
		size_t k;

		if (o->eie.code != KC_EIE_NONE)
			continue;
		for (k = 0; k < n && !same_kind(out[k], o); k++)
			;
		if (k < n) {
			if (o->observed_at >= out[k]->observed_at)
				out[k] = o;
		} else if (n < max) {
			out[n++] = o;
		}
	}
	for (size_t i = 1; i < n; i++) /* newest first */
		for (size_t k = i; k > 0 && (out[k]->observed_at > out[k - 1]->observed_at ||
					     (out[k]->observed_at == out[k - 1]->observed_at && out[k]->id > out[k - 1]->id));
		     k--) {
			const struct kc_obs_row *t = out[k];

			out[k] = out[k - 1];
			out[k - 1] = t;
		}
	return n;
}

/* "nausea moderate 09:20 (ondansetron 4 mg IV)": the severity in words (never colour alone),
 * "CRIT" where it was charted critical; brief: without the intervention. */
static void effect_text(const struct ui *ui, const struct kc_obs_row *o, int brief, char *out, size_t n)
{
	const struct kc_alerts_cfg *a = &ui->app->cfg->alerts;
	char hm[16], word[64];
	const char *w = NULL;

	kc_time_local_hm(o->observed_at, hm, sizeof hm);
	switch (o->scale) {
	case KC_SCALE_NRS: w = kc_nrs_band(o->score); break;
	case KC_SCALE_SEVERITY: w = kc_severity_name(o->score); break;
	case KC_SCALE_MOAAS: snprintf(word, sizeof word, "MOAA/S %d", o->score); w = word; break;
	case KC_SCALE_EPISODES: snprintf(word, sizeof word, "%d episode%s", o->score, o->score == 1 ? "" : "s"); w = word; break;
	default: /* CADSS: the total, "marked" above the clinic's warn limit */
		snprintf(word, sizeof word, "%s %d%s", kc_scale_name(o->scale), o->score,
			 o->score > a->dissociation_warn ? " marked" : "");
		w = word;
		break;
	}
	snprintf(out, n, "%s %s%s %s", o->kind == KC_OBS_OTHER && o->detail[0] ? o->detail : kc_obs_kind_name(o->kind),
		 w ? w : "?", o->level == KC_LEVEL_CRITICAL ? " CRIT" : "", hm);
	if (!brief && o->intervention[0] && strlen(out) + 4 < n)
		snprintf(out + strlen(out), n - strlen(out), " (%s)", o->intervention);
}

void sess_effects_line(const struct ui *ui, const struct sess *s, int width, char *out, size_t n)
{
	const struct kc_obs_row *l[FX_LATEST_MAX];
	size_t k = latest_effects(s, l, FX_LATEST_MAX), len;
	char one[KC_NOTE_MAX + 160], more[32];

	len = (size_t)snprintf(out, n, "Side effects:");
	if (!k) {
		snprintf(out + len, n - len, " none recorded (e records one)");
		return;
	}
	for (size_t i = 0; i < k && len < n; i++) {
		/* room for this one (else without its intervention), and for the count of the
		 * rest when it is not the last */
		int room = width - ui_width(ui, out) - 2;

		snprintf(more, sizeof more, " +%zu more", k - i - 1);
		if (i + 1 < k)
			room -= ui_width(ui, more);
		effect_text(ui, l[i], 0, one, sizeof one);
		if (ui_width(ui, one) > room)
			effect_text(ui, l[i], 1, one, sizeof one);
		if (ui_width(ui, one) > room && i > 0) {
			snprintf(out + len, n - len, " +%zu more", k - i);
			return;
		}
		len += (size_t)snprintf(out + len, n - len, "%s %s", i ? "," : "", one);
	}
}

static void line_effects(const struct ui *ui, const struct sess *s, struct vline *v)
{
	const struct kc_obs_row *l[FX_LATEST_MAX];
	size_t k = latest_effects(s, l, FX_LATEST_MAX);
	enum kc_level worst = KC_LEVEL_OK;

	for (size_t i = 0; i < k; i++)
		if (l[i]->level > worst)
			worst = l[i]->level;
	/* every kind, for the change test; the draw fits it to the width */
	sess_effects_line(ui, s, 100000, v->text, sizeof v->text);
	v->tone = worst == KC_LEVEL_CRITICAL ? UI_CRIT : worst == KC_LEVEL_WARN ? UI_WARN : UI_NORMAL;
}

static void sched_now(const struct sess *s, const struct kc_config *cfg, time_t now, struct kc_sched *out)
{
	kc_schedule_next(&s->cs.sched_in, cfg, now, out);
}

static void view_make(const struct ui *ui, const struct sess *s, time_t now, const struct kc_sched *sc,
		      struct vline v[V_LINES])
{
	const struct kc_config *cfg = ui->app->cfg;
	const char *mark = ui->g.warn;

	memset(v, 0, sizeof(struct vline) * V_LINES);
	line_phase(s, now, &v[V_PHASE]);
	if (sess_is_esk(s)) {
		line_dose_esk(s, cfg, mark, &v[V_DOSE]);
		line_state_esk(s, cfg, now, &v[V_STATE]);
	} else {
		line_dose_iv(s, cfg, mark, &v[V_DOSE]);
		line_state_iv(ui, s, now, mark, &v[V_STATE]);
	}
	add_observe(s, now, &v[V_STATE]);
	line_timer(s, cfg, sc, mark, &v[V_TIMER]);
	line_banner(ui, s, &v[V_BANNER]);
	line_effects(ui, s, &v[V_EFFECTS]);
}

/* Repaint the body only when a line would read differently. */
void sess_view_update(struct ui *ui, struct sess *s, int force)
{
	struct vline v[V_LINES];
	struct kc_sched sc;

	sched_now(s, ui->app->cfg, ui->now, &sc);
	if (sc.state == KC_DUE_OVERDUE)
		ui_overdue_bell(ui, s->ref.session, sc.next_due);
	view_make(ui, s, ui->now, &sc, v);
	if (force || memcmp(v, s->view, sizeof v) != 0) {
		memcpy(s->view, v, sizeof v);
		ui_mark(ui, UI_BODY);
	}
}
