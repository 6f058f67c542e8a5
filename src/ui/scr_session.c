/* scr_session.c — dosing and recovery at the chair: the dose plan, the infusion (start,
 * pause, resume, rate, stop) or the esketamine devices with their spacing, the vitals
 * timer (next due, DUE, OVERDUE with one bell), critical alerts that stay until
 * acknowledged with an action, and the readings table. Everything shown is reloaded
 * from the store; the clock alone only moves the timers. */
#include "ui_vitals.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"

#define RELOAD_S 2     /* real seconds between reloads, at most */
#define REFRESH_S 5    /* reload this often even within one minute (other clinicians) */
#define FORM_MAX 4     /* fields of the screen's own forms */
#define FORM_ROW 5     /* forms open below the timer and the alert banner */
#define LINE_MAX 320
#define MARGIN 1       /* blank columns at the left of the body */

enum {
	A_VITALS = ACT_SCREEN, A_ACK, A_PLAN, A_START, A_PAUSE, A_RATE, A_STOP, A_DEVICE,
	A_DISCHARGE, A_EFFECTS, A_CHART, A_ABORT
};

/* Labels are switched off (NULL: help screen only) while an action does not apply, so
 * the bar shows the keys that work; bar_update() keeps them in step with the session. */
static struct ui_action sess_actions[] = {
	{ A_VITALS, 'v', 0, "v", "vitals", "enter a vitals reading (BP as 142/91, HR, SpO2, RR, MOAA/S, temp, time)" },
	{ A_ACK, 'a', 0, "a", "ack alert", "acknowledge the critical alert with the action taken and a note" },
	{ A_PLAN, 'd', 0, "d", "dose", "IV: change the dose in mg/kg before the infusion starts" },
	{ A_START, 's', 0, "s", "start", "IV: start the infusion with the dose shown (time, lot, note)" },
	{ A_PAUSE, 'p', 0, "p", "pause", "IV: pause the infusion, or resume it when paused" },
	{ A_RATE, 'r', 0, "r", "rate", "IV: change the pump rate (mL/h) with a reason" },
	{ A_STOP, 'x', 0, "x", "stop", "IV: stop the infusion (recovery begins); esketamine: end dosing" },
	{ A_DEVICE, 'g', 0, "g", "device", "esketamine: record a device given (time, lot number)" },
	{ A_DISCHARGE, 'o', 0, "o", "discharge", "open the discharge assessment (in recovery)" },
	{ A_EFFECTS, 'e', 0, "e", "effect", "record a side effect (dissociation, nausea, ...)" },
	{ A_CHART, 'c', 0, "c", "chart", "the whole chart of this session, read-only" },
	{ A_ABORT, 'b', 0, "b", "abort", "abort the session with a reason (asks first)" },
	{ 0 },
};

/* What the dose events say, in time order. */
struct infusion {
	time_t started, paused_at, stopped, last_device;
	double rate;             /* mL/h in force */
	char lot[32];            /* of the last device or start */
};

/* One painted line of the status block. */
struct vline {
	char text[LINE_MAX];
	enum ui_tone tone;
};
enum { V_PHASE, V_DOSE, V_STATE, V_TIMER, V_BANNER, V_LINES };

struct sess {
	struct ui_ref ref;
	struct kc_chart_state cs;
	struct kc_vitals_row *vit;
	size_t nvit;
	struct infusion inf;
	struct vline view[V_LINES];  /* as last painted */
	struct ui_vitals_ctx vctx;
	double mgkg;                  /* the IV dose shown: stored plan or the default */
	time_t loaded, loaded_min;    /* real time and clock minute of the last reload */
	time_t belled_due;            /* the due time the bell rang for */
	int top, rows;                /* readings table scroll, rows visible */
	/* the screen's own form, rebuilt for each opening (the form keeps pointers here) */
	struct uif_def def;
	struct uif_field fields[FORM_MAX];
	char init[FORM_MAX][32];
	char title[96];
	char hint[48];
	char opened_hm[8];
};

/* ---------- what is stored ---------- */

static int ended(const struct sess *s)
{
	return s->cs.s.phase >= KC_PHASE_DISCHARGED;
}

static int is_esk(const struct sess *s)
{
	return s->cs.s.route == KC_ROUTE_ESKETAMINE;
}

static void infusion_from(const struct kc_dose_row *rows, size_t n, struct infusion *inf)
{
	memset(inf, 0, sizeof *inf);
	for (size_t i = 0; i < n; i++) {
		const struct kc_dose_row *r = &rows[i];

		if (r->eie.code != KC_EIE_NONE)
			continue;
		switch (r->kind) {
		case KC_DOSE_START: inf->started = r->at; inf->rate = r->rate_ml_h; break;
		case KC_DOSE_PAUSE: inf->paused_at = r->at; break;
		case KC_DOSE_RESUME: inf->paused_at = 0; break;
		case KC_DOSE_RATE: inf->rate = r->rate_ml_h; break;
		case KC_DOSE_STOP: inf->stopped = r->at; inf->paused_at = 0; break;
		case KC_DOSE_DEVICE: inf->last_device = r->at; break;
		default: break;
		}
		if (r->lot[0])
			kc_strlcpy(inf->lot, r->lot, sizeof inf->lot);
	}
}

/* Load into fresh buffers; what is shown stays as it was when anything fails. */
static int load(struct ui *ui, struct sess *s, struct kc_err *err)
{
	struct kc_chart_state *cs = malloc(sizeof *cs);
	struct kc_vitals_row *vit = NULL;
	struct kc_dose_row *dose = NULL;
	size_t nv = 0, nd = 0;
	int rc = cs ? kc_vitals_list(ui->app->store, s->ref.session, &vit, &nv, err) :
		      kc_fail(err, KC_ERR_NOMEM, "out of memory");

	if (rc == KC_OK)
		rc = kc_dose_list(ui->app->store, s->ref.session, &dose, &nd, err);
	if (rc == KC_OK)
		rc = kc_chart_state_load(ui->app->store, ui->app->cfg, s->ref.session, ui->now, cs, err);
	if (rc == KC_OK) {
		s->cs = *cs;
		free(s->vit);
		s->vit = vit;
		s->nvit = nv;
		vit = NULL;
		infusion_from(dose, nd, &s->inf);
		if (s->cs.s.planned_mg_per_kg > 0)
			s->mgkg = s->cs.s.planned_mg_per_kg;
	}
	free(cs);
	free(vit);
	free(dose);
	return rc;
}

/* ---------- which actions apply ---------- */

static const char *why_not_iv(const struct sess *s, int id)
{
	if (is_esk(s))
		return "Esketamine is given by spray device: g records a device.";
	if ((id == A_PLAN || id == A_START) && s->inf.started)
		return "The infusion has started already.";
	if (id == A_PLAN && s->cs.s.route != KC_ROUTE_IV)
		return "Only an IV infusion has a mg/kg dose plan.";
	if (id != A_PLAN && id != A_START && !s->inf.started)
		return "The infusion has not started: s starts it.";
	if (id != A_PLAN && id != A_START && s->inf.stopped)
		return "The infusion has stopped.";
	if (id == A_RATE && s->inf.paused_at)
		return "The infusion is paused: p resumes it.";
	return NULL;
}

static const char *why_not_esk(const struct sess *s, int id)
{
	if (!is_esk(s))
		return "An IV session has no spray devices.";
	if (s->cs.s.phase == KC_PHASE_RECOVERY)
		return "Dosing is over: the session is in recovery.";
	if (id == A_STOP && s->cs.devices_given == 0)
		return "No device has been given yet: g records one.";
	return NULL;
}

/* NULL when the action can be taken now, else why not (shown when its key is pressed). */
static const char *why_not(const struct sess *s, int id)
{
	if (id == A_CHART || id < ACT_SCREEN)
		return NULL;
	if (ended(s))
		return "This session has ended: nothing more can be charted (c shows the chart).";
	switch (id) {
	case A_ACK:
		return s->cs.unacked_critical ? NULL : "No critical alert waits for acknowledgement.";
	case A_PLAN: case A_START: case A_PAUSE: case A_RATE:
		return why_not_iv(s, id);
	case A_STOP:
		return is_esk(s) ? why_not_esk(s, id) : why_not_iv(s, id);
	case A_DEVICE:
		return why_not_esk(s, id);
	case A_DISCHARGE:
		return s->cs.s.phase == KC_PHASE_RECOVERY ? NULL :
		       "Discharge opens in recovery, after the infusion stops or the last device.";
	default:
		return NULL;
	}
}

/* The bar label of an action as things stand (NULL: help screen only). */
static const char *bar_label(const struct sess *s, int id)
{
	switch (id) {
	case A_VITALS: return "vitals";
	case A_ACK: return "ack alert";
	case A_PLAN: return "dose";
	case A_START: return "start";
	case A_PAUSE: return s->inf.paused_at ? "resume" : "pause";
	case A_RATE: return "rate";
	case A_STOP: return is_esk(s) ? "end dosing" : "stop";
	case A_DEVICE: return "device";
	case A_DISCHARGE: return "discharge";
	case A_EFFECTS: return "effect";
	case A_CHART: return "chart";
	case A_ABORT: return "abort";
	default: return NULL;
	}
}

static void bar_update(struct ui *ui, const struct sess *s)
{
	for (struct ui_action *a = sess_actions; a->id; a++) {
		const char *want = why_not(s, a->id) ? NULL : bar_label(s, a->id);

		if (want != a->label) {
			a->label = want;
			ui_mark(ui, UI_BAR);
		}
	}
}

/* ---------- the status block ---------- */

static void hm(time_t t, char *out, size_t n)
{
	kc_time_local_hm(t, out, n);
}

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
		kc_strlcpy(word, "READY TO DOSE", sizeof word);
	hm(x->dose_start, at, sizeof at);
	dur((long)(now - x->dose_start), el, sizeof el);
	if (!x->dose_start || ended(s))
		snprintf(v->text, sizeof v->text, "%s | %s", word, kc_route_label(x->route));
	else
		snprintf(v->text, sizeof v->text, "%s | %s | %s %s | elapsed %s", word, kc_route_label(x->route),
			 is_esk(s) ? "first device" : "started", at, el);
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
	snprintf(v->text, sizeof v->text, "Dose %g mg/kg x %.1f kg = %.1f mg = %.1f mL stock | pump %.1f mL/h, %d min",
		 s->mgkg, kg, d.mg, d.ml_stock, d.rate_ml_h, cfg->iv.infusion_min);
}

/* The esketamine dose and its devices: the stored plan, else the configured default. */
static int esk_plan(const struct sess *s, const struct kc_config *cfg, int *mg, int *devices)
{
	int needs_reason;

	*mg = s->cs.s.planned_mg > 0 ? (int)(s->cs.s.planned_mg + 0.5) : cfg->esk.dose_mg;
	return kc_esk_devices(*mg, &cfg->esk, devices, &needs_reason, NULL);
}

static void line_dose_esk(const struct sess *s, const struct kc_config *cfg, const char *mark, struct vline *v)
{
	int mg, n;

	if (esk_plan(s, cfg, &mg, &n) != KC_OK) {
		snprintf(v->text, sizeof v->text, "%s Dose %d mg is not a multiple of %d mg devices", mark, mg,
			 cfg->esk.device_mg);
		v->tone = UI_WARN;
		return;
	}
	snprintf(v->text, sizeof v->text, "Dose %d mg = %d device%s of %d mg, %d min apart", mg, n,
		 n == 1 ? "" : "s", cfg->esk.device_mg, cfg->esk.device_spacing_min);
}

static void line_state_iv(const struct sess *s, const char *mark, struct vline *v)
{
	const struct infusion *f = &s->inf;
	char a[16], b[16];

	if (!f->started) {
		snprintf(v->text, sizeof v->text, "Infusion not started: check the dose above; d changes it, s starts");
		return;
	}
	if (f->stopped) {
		hm(f->stopped, a, sizeof a);
		dur((long)(f->stopped - f->started), b, sizeof b);
		snprintf(v->text, sizeof v->text, "Stopped %s after %s, %.1f mg given", a, b,
			 s->cs.s.given_mg);
		return;
	}
	if (f->paused_at) {
		hm(f->paused_at, a, sizeof a);
		snprintf(v->text, sizeof v->text, "%s Infusion PAUSED since %s - p resumes", mark, a);
		v->tone = UI_WARN;
		return;
	}
	snprintf(v->text, sizeof v->text, "Infusion RUNNING at %.1f mL/h", f->rate);
	v->tone = UI_OK;
}

static void line_state_esk(const struct sess *s, const struct kc_config *cfg, time_t now, struct vline *v)
{
	int mg, n = 0, given = s->cs.devices_given;
	long wait = s->inf.last_device ? kc_esk_wait_s(s->inf.last_device, now, &cfg->esk) : 0;
	char at[16], next[48] = "";

	esk_plan(s, cfg, &mg, &n);
	hm(s->inf.last_device, at, sizeof at);
	if (s->cs.s.phase == KC_PHASE_RECOVERY || ended(s))
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
	hm(s->cs.dc.earliest, at, sizeof at);
	dur((long)(s->cs.dc.earliest - now), left, sizeof left);
	if (s->cs.dc.earliest > now)
		snprintf(v->text + len, sizeof v->text - len, " | observe until %s (%s left)", at, left);
	else
		snprintf(v->text + len, sizeof v->text - len, " | observation time met %s", at);
}

static void line_timer(const struct sess *s, const struct kc_sched *sc, const char *mark, struct vline *v)
{
	char at[16], d[16];

	hm(sc->next_due, at, sizeof at);
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
		snprintf(v->text, sizeof v->text, "%s VITALS DUE since %s (%s) - v enters them", mark, at, sc->what);
		v->tone = UI_WARN;
		break;
	case KC_DUE_OVERDUE:
		dur(-sc->seconds_left, d, sizeof d);
		snprintf(v->text, sizeof v->text, "%s OVERDUE %s - due %s (%s) - v enters them", mark, d, at, sc->what);
		v->tone = UI_CRIT;
		break;
	default:
		snprintf(v->text, sizeof v->text, "%s", ended(s) ? "Session ended: no vitals are due" :
			 "The vitals timer starts with the dose");
		break;
	}
}

static const struct kc_vitals_row *reading(const struct sess *s, kc_id id)
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
	const struct kc_vitals_row *r = reading(s, s->cs.last_unacked_id);
	char at[16], more[32] = "";

	if (!s->cs.unacked_critical || !r)
		return;
	hm(r->taken_at, at, sizeof at);
	if (s->cs.unacked_critical > 1)
		snprintf(more, sizeof more, " (%d to acknowledge)", s->cs.unacked_critical);
	snprintf(v->text, sizeof v->text, "%s CRIT %s%s - a acknowledges: %.150s", ui->g.warn, at, more, r->alerts);
	strip_all(v->text, " (critical)"); /* the line says CRIT already: room for the values */
	v->tone = UI_CRIT;
}

static void sched_now(const struct sess *s, const struct kc_config *cfg, time_t now, struct kc_sched *out)
{
	struct kc_sched_input in;

	in.route = s->cs.s.route;
	in.phase = s->cs.s.phase;
	in.dose_start = s->cs.s.dose_start;
	in.dose_end = s->cs.s.dose_end;
	in.last_reading = s->cs.latest_at;
	kc_schedule_next(&in, cfg, now, out);
}

/* One bell per overdue reading, the first time it is seen overdue. */
static void overdue_bell(struct ui *ui, struct sess *s, const struct kc_sched *sc)
{
	if (sc->state != KC_DUE_OVERDUE || sc->next_due == s->belled_due)
		return;
	s->belled_due = sc->next_due;
	if (ui->app->cfg->general.overdue_bell)
		ui_bell(ui);
}

static void view_make(const struct ui *ui, const struct sess *s, time_t now, const struct kc_sched *sc,
		      struct vline v[V_LINES])
{
	const struct kc_config *cfg = ui->app->cfg;
	const char *mark = ui->g.warn;

	memset(v, 0, sizeof(struct vline) * V_LINES);
	line_phase(s, now, &v[V_PHASE]);
	if (is_esk(s)) {
		line_dose_esk(s, cfg, mark, &v[V_DOSE]);
		line_state_esk(s, cfg, now, &v[V_STATE]);
	} else {
		line_dose_iv(s, cfg, mark, &v[V_DOSE]);
		line_state_iv(s, mark, &v[V_STATE]);
	}
	add_observe(s, now, &v[V_STATE]);
	line_timer(s, sc, mark, &v[V_TIMER]);
	line_banner(ui, s, &v[V_BANNER]);
}

/* Repaint the body only when a line would read differently. */
static void view_update(struct ui *ui, struct sess *s, int force)
{
	struct vline v[V_LINES];
	struct kc_sched sc;

	sched_now(s, ui->app->cfg, ui->now, &sc);
	overdue_bell(ui, s, &sc);
	view_make(ui, s, ui->now, &sc, v);
	if (force || memcmp(v, s->view, sizeof v) != 0) {
		memcpy(s->view, v, sizeof v);
		ui_mark(ui, UI_BODY);
	}
}

static void set_title(struct ui *ui, const struct sess *s)
{
	/* Before the first dose this is the dosing screen all the same. */
	const char *phase = s->cs.s.phase == KC_PHASE_SCREENING ? "dosing" : kc_phase_name(s->cs.s.phase);

	ui_set_title(ui, "%s #%s - %s %s", s->cs.p.name, s->cs.p.chart_no,
		     is_esk(s) ? "esketamine" : s->cs.s.route == KC_ROUTE_IV ? "IV" : "IM", phase);
}

static void reload(struct ui *ui, struct sess *s)
{
	struct kc_err err;

	kc_err_clear(&err);
	if (load(ui, s, &err) != KC_OK)
		ui_error(ui, &err);
	s->loaded = time(NULL);
	s->loaded_min = ui->now / 60;
	if (!ui->hidden) {
		bar_update(ui, s);
		set_title(ui, s);
	}
	view_update(ui, s, 1);
}

/* ---------- the screen's forms ---------- */

/* Copy a form template into priv with its starting texts (NULL: the template's). */
static void form_open(struct ui *ui, struct sess *s, const char *title, const struct uif_field *tpl, size_t n,
		      const char *const *inits,
		      int (*submit)(struct ui *, void *, struct ui_form *, struct kc_err *))
{
	kc_time_local_hm(ui->now, s->opened_hm, sizeof s->opened_hm);
	for (size_t i = 0; i < n && i < FORM_MAX; i++) {
		s->fields[i] = tpl[i];
		if (inits && inits[i]) {
			kc_strlcpy(s->init[i], inits[i], sizeof s->init[i]);
			s->fields[i].init = s->init[i];
		}
	}
	kc_strlcpy(s->title, title, sizeof s->title);
	s->def = (struct uif_def){ .title = s->title, .fields = s->fields, .n = n < FORM_MAX ? n : FORM_MAX,
				   .row = FORM_ROW, .submit = submit };
	ui_form_open(ui, &s->def, s);
}

/* A typed time "HH:MM": 0 (now) when left as opened or blank. */
static int form_time(struct ui *ui, struct sess *s, struct ui_form *f, size_t i, time_t *t, struct kc_err *err)
{
	const char *txt = ui_form_text(f, i);
	char msg[KC_MSG_MAX];

	*t = 0;
	if (!*txt || strcmp(txt, s->opened_hm) == 0)
		return KC_OK;
	if (kc_time_parse_hm(txt, ui->now, t, err) == KC_OK)
		return KC_OK;
	kc_strlcpy(msg, err->msg, sizeof msg);
	return kc_fail(err, KC_ERR_INVALID, "%s: %s", s->fields[i].label, msg);
}

static int form_number(struct ui_form *f, size_t i, const char *label, double *out, struct kc_err *err)
{
	const char *txt = ui_form_text(f, i);
	char *end;

	*out = strtod(txt, &end);
	if (!*txt || *end || !(*out > 0))
		return kc_fail(err, KC_ERR_INVALID, "%s: type a number above 0, e.g. 0.5", label);
	return KC_OK;
}

/* One dose event through the chart, then the screen redraws from what was stored. */
static int dose_event(struct ui *ui, struct sess *s, struct kc_dose_row *row, struct kc_err *err)
{
	static const char *const done[KC_DOSE_COUNT] = {
		[KC_DOSE_START] = "Infusion started", [KC_DOSE_PAUSE] = "Infusion paused",
		[KC_DOSE_RESUME] = "Infusion resumed", [KC_DOSE_RATE] = "Pump rate changed",
		[KC_DOSE_STOP] = "Infusion stopped", [KC_DOSE_DEVICE] = "Device given",
	};
	char at[16];

	if (kc_chart_dose(ui->app->store, ui->app->cfg, s->ref.session, row, ui->now, err) != KC_OK)
		return err->status;
	reload(ui, s);
	hm(row->at, at, sizeof at);
	ui_msg(ui, UI_OK, "%s %s%s.", done[row->kind], at, row->late ? " (LATE entry)" : "");
	return KC_OK;
}

static const struct uif_field f_time = { .label = "Time (HH:MM)", .type = UIF_NUMBER, .width = 5,
					 .accept = "0123456789:", .hint = "now, or when it happened" };
static const struct uif_field f_note = { .label = "Note", .width = 30, .max = KC_NOTE_MAX - 1,
					 .hint = "optional" };

/* ---------- IV: plan, start, pause / resume, rate, stop ---------- */

static int plan_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct sess *s = priv;
	struct kc_iv_dose d;
	double mgkg;

	if (form_number(f, 0, "Dose mg/kg", &mgkg, err) != KC_OK)
		return err->status;
	if (kc_chart_plan_iv(ui->app->store, ui->app->cfg, s->ref.session, mgkg, ui->now, &d, err) != KC_OK)
		return err->status;
	s->mgkg = mgkg;
	reload(ui, s);
	ui_msg(ui, UI_OK, "Dose %g mg/kg = %.1f mg, pump %.1f mL/h. s starts the infusion.", mgkg, d.mg,
	       d.rate_ml_h);
	return KC_OK;
}

static void plan_open(struct ui *ui, struct sess *s)
{
	struct uif_field tpl[] = {
		{ .label = "Dose mg/kg", .type = UIF_NUMBER, .width = 22, .hint = s->hint },
	};
	const struct kc_protocol_iv *p = &ui->app->cfg->iv;
	char init[16], title[96];
	const char *inits[] = { init };

	snprintf(init, sizeof init, "%g", s->mgkg);
	snprintf(s->hint, sizeof s->hint, "allowed %.1f-%.1f mg/kg", p->dose_min_mg_per_kg, p->dose_max_mg_per_kg);
	snprintf(title, sizeof title, "IV dose for %.1f kg", s->cs.scr.weight_kg);
	form_open(ui, s, title, tpl, 1, inits, plan_submit);
}

/* Starting records the plan shown (if not stored yet) and the pump rate it gives. */
static int start_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct sess *s = priv;
	struct kc_dose_row row;
	struct kc_iv_dose d;

	memset(&row, 0, sizeof row);
	row.kind = KC_DOSE_START;
	if (form_time(ui, s, f, 0, &row.at, err) != KC_OK)
		return err->status;
	kc_strlcpy(row.lot, ui_form_text(f, 1), sizeof row.lot);
	kc_strlcpy(row.note, ui_form_text(f, 2), sizeof row.note);
	if (s->cs.s.route == KC_ROUTE_IV) {
		if (kc_chart_plan_iv(ui->app->store, ui->app->cfg, s->ref.session, s->mgkg, ui->now, &d, err) != KC_OK)
			return err->status;
		row.rate_ml_h = d.rate_ml_h;
	}
	return dose_event(ui, s, &row, err);
}

static void start_open(struct ui *ui, struct sess *s)
{
	static const struct uif_field tpl[] = {
		{ .label = "Start time (HH:MM)", .type = UIF_NUMBER, .width = 5, .accept = "0123456789:",
		  .hint = "now, or when it started" },
		{ .label = "Lot number", .width = 20, .max = 31, .hint = "of the ketamine vial" },
		{ .label = "Note", .width = 30, .max = KC_NOTE_MAX - 1, .hint = "site, cannula (optional)" },
	};
	const char *inits[] = { s->opened_hm, s->inf.lot, NULL };
	const struct kc_config *cfg = ui->app->cfg;
	char title[96] = "Start the infusion";
	struct kc_iv_dose d;

	/* The title repeats what the pump is set to: the last look before it runs. */
	if (s->cs.s.route == KC_ROUTE_IV &&
	    kc_iv_dose_calc(s->cs.scr.weight_kg, s->mgkg, &cfg->iv, &cfg->limits, &d, NULL) == KC_OK)
		snprintf(title, sizeof title, "Start: %.1f mg, pump %.1f mL/h", d.mg, d.rate_ml_h);
	form_open(ui, s, title, tpl, 3, inits, start_submit);
}

static int pause_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct sess *s = priv;
	struct kc_dose_row row;

	memset(&row, 0, sizeof row);
	row.kind = s->inf.paused_at ? KC_DOSE_RESUME : KC_DOSE_PAUSE;
	if (form_time(ui, s, f, 0, &row.at, err) != KC_OK)
		return err->status;
	kc_strlcpy(row.note, ui_form_text(f, 1), sizeof row.note);
	if (row.kind == KC_DOSE_RESUME)
		row.rate_ml_h = s->inf.rate;
	return dose_event(ui, s, &row, err);
}

static void pause_open(struct ui *ui, struct sess *s)
{
	struct uif_field tpl[2] = { f_time, f_note };
	const char *inits[] = { s->opened_hm, NULL };

	tpl[1].label = s->inf.paused_at ? "Note" : "Reason";
	tpl[1].hint = s->inf.paused_at ? "optional" : "why it is paused, e.g. BP 185/112";
	form_open(ui, s, s->inf.paused_at ? "Resume the infusion" : "Pause the infusion", tpl, 2, inits,
		  pause_submit);
}

static int rate_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct sess *s = priv;
	struct kc_dose_row row;

	memset(&row, 0, sizeof row);
	row.kind = KC_DOSE_RATE;
	if (form_number(f, 0, "New rate mL/h", &row.rate_ml_h, err) != KC_OK ||
	    form_time(ui, s, f, 1, &row.at, err) != KC_OK)
		return err->status;
	kc_strlcpy(row.note, ui_form_text(f, 2), sizeof row.note);
	if (!row.note[0])
		return kc_fail(err, KC_ERR_INVALID, "Reason: say why the rate changes");
	return dose_event(ui, s, &row, err);
}

static void rate_open(struct ui *ui, struct sess *s)
{
	struct uif_field tpl[3] = {
		{ .label = "New rate mL/h", .type = UIF_NUMBER, .width = 6, .hint = "pump rate" },
		f_time, f_note,
	};
	char rate[16];
	const char *inits[] = { rate, s->opened_hm, NULL };

	tpl[2].label = "Reason";
	tpl[2].hint = "e.g. BP 172/104";
	snprintf(rate, sizeof rate, "%.1f", s->inf.rate);
	form_open(ui, s, "Change the pump rate", tpl, 3, inits, rate_submit);
}

static int stop_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct sess *s = priv;
	struct kc_dose_row row;

	memset(&row, 0, sizeof row);
	row.kind = KC_DOSE_STOP;
	if (form_time(ui, s, f, 0, &row.at, err) != KC_OK ||
	    form_number(f, 1, "mg given", &row.mg, err) != KC_OK)
		return err->status;
	kc_strlcpy(row.note, ui_form_text(f, 2), sizeof row.note);
	if (dose_event(ui, s, &row, err) != KC_OK)
		return err->status;
	ui_msg(ui, UI_OK, "Infusion stopped, %.1f mg given. Recovery: vitals every %d min.", row.mg,
	       ui->app->cfg->iv.recovery_interval_min);
	return KC_OK;
}

static void stop_open(struct ui *ui, struct sess *s)
{
	struct uif_field tpl[3] = {
		f_time, { .label = "mg given", .type = UIF_NUMBER, .width = 6, .hint = "total actually given" },
		f_note,
	};
	char mg[16];
	const char *inits[] = { s->opened_hm, mg, NULL };

	snprintf(mg, sizeof mg, "%.1f", s->cs.s.planned_mg);
	form_open(ui, s, "Stop the infusion (recovery begins)", tpl, 3, inits, stop_submit);
}

/* ---------- esketamine: devices, end of dosing ---------- */

static void to_recovery(struct ui *ui, struct sess *s)
{
	struct kc_err err;

	if (kc_session_set_phase(ui->app->store, s->ref.session, KC_PHASE_RECOVERY, ui->now, &err) != KC_OK) {
		ui_error(ui, &err);
		return;
	}
	reload(ui, s);
	ui_msg(ui, UI_OK, "Dosing over: recovery begins. o opens the discharge assessment when ready.");
}

static void end_dosing_yes(struct ui *ui, void *priv)
{
	to_recovery(ui, priv);
}

static int device_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct sess *s = priv;
	struct kc_dose_row row;
	int mg, n;

	memset(&row, 0, sizeof row);
	row.kind = KC_DOSE_DEVICE;
	if (form_time(ui, s, f, 0, &row.at, err) != KC_OK)
		return err->status;
	kc_strlcpy(row.lot, ui_form_text(f, 1), sizeof row.lot);
	kc_strlcpy(row.note, ui_form_text(f, 2), sizeof row.note);
	if (!row.lot[0])
		return kc_fail(err, KC_ERR_INVALID, "Lot number: type the lot printed on the device");
	if (dose_event(ui, s, &row, err) != KC_OK)
		return err->status;
	if (esk_plan(s, ui->app->cfg, &mg, &n) == KC_OK && s->cs.devices_given >= n)
		to_recovery(ui, s);
	else
		ui_msg(ui, UI_OK, "Device %d given. The next one may follow in %d min.", row.device_no,
		       ui->app->cfg->esk.device_spacing_min);
	return KC_OK;
}

static void device_open(struct ui *ui, struct sess *s)
{
	struct uif_field tpl[3] = {
		f_time, { .label = "Lot number", .width = 20, .max = 31, .hint = "printed on the device" },
		f_note,
	};
	const char *inits[] = { s->opened_hm, s->inf.lot, NULL };
	char title[64];
	int mg, n = 0;

	tpl[2].hint = "required if sooner than the spacing";
	esk_plan(s, ui->app->cfg, &mg, &n);
	snprintf(title, sizeof title, "Device %d of %d (%d mg)", s->cs.devices_given + 1, n,
		 ui->app->cfg->esk.device_mg);
	form_open(ui, s, title, tpl, 3, inits, device_submit);
}

static void stop_key(struct ui *ui, struct sess *s)
{
	int mg, n = 0;
	char q[96];

	if (!is_esk(s)) {
		stop_open(ui, s);
		return;
	}
	esk_plan(s, ui->app->cfg, &mg, &n);
	snprintf(q, sizeof q, "End dosing with %d of %d devices given and start recovery?", s->cs.devices_given, n);
	ui_confirm(ui, q, end_dosing_yes, s);
}

/* ---------- acknowledging a critical alert ---------- */

static const char *const ack_choices[] = { "infusion paused", "rate reduced", "physician notified",
					   "drug given", "repeat reading", "other", NULL };
enum { ACK_DRUG = 3, ACK_OTHER = 5 };

static int ack_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct sess *s = priv;
	int c = ui_form_choice(f, 0);
	const char *note = ui_form_text(f, 1);
	char action[KC_NOTE_MAX];

	if (!*note && (c == ACK_DRUG || c == ACK_OTHER))
		return kc_fail(err, KC_ERR_INVALID, "Note: say %s",
			       c == ACK_DRUG ? "which drug and dose was given" : "what was done");
	snprintf(action, sizeof action, "%s%s%s", ack_choices[c], *note ? ": " : "", note);
	if (kc_vitals_ack(ui->app->store, s->cs.last_unacked_id, action, ui->now, err) != KC_OK)
		return err->status;
	reload(ui, s);
	ui_msg(ui, UI_OK, "Alert acknowledged: %s.%s", action,
	       c == 0 && !s->inf.paused_at && s->inf.started && !s->inf.stopped ? " p records the pause." : "");
	return KC_OK;
}

static void ack_open(struct ui *ui, struct sess *s)
{
	static const struct uif_field tpl[] = {
		{ .label = "Action taken", .type = UIF_CHOICE, .choices = ack_choices,
		  .hint = "Left/Right or a letter" },
		{ .label = "Note", .width = 34, .max = KC_NOTE_MAX - 1, .hint = "what was done, e.g. Dr Lee informed" },
	};
	const struct kc_vitals_row *r = reading(s, s->cs.last_unacked_id);
	char at[16], title[96];

	hm(r ? r->taken_at : 0, at, sizeof at);
	snprintf(title, sizeof title, "Acknowledge the CRIT alert of %s", at);
	form_open(ui, s, title, tpl, 2, NULL, ack_submit);
}

/* ---------- aborting ---------- */

static int abort_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct sess *s = priv;
	const char *why = ui_form_text(f, 0);

	if (!*why)
		return kc_fail(err, KC_ERR_INVALID, "Reason: say why the session is aborted");
	if (kc_session_end(ui->app->store, s->ref.session, "aborted", why, ui->now, err) != KC_OK)
		return err->status;
	ui_msg(ui, UI_WARN, "Session of %s aborted: %s", s->cs.p.name, why);
	ui_pop(ui);
	return KC_OK;
}

static void abort_yes(struct ui *ui, void *priv)
{
	static const struct uif_field tpl[] = {
		{ .label = "Reason", .width = 40, .max = KC_NOTE_MAX - 1,
		  .hint = "e.g. patient asked to stop; BP not controlled" },
	};

	form_open(ui, priv, "Abort the session: why?", tpl, 1, NULL, abort_submit);
}

/* ---------- vitals ---------- */

static void vitals_saved(struct ui *ui, struct ui_vitals_ctx *ctx)
{
	struct sess *s = (struct sess *)(void *)((char *)ctx - offsetof(struct sess, vctx));

	reload(ui, s);
	s->top = 0; /* the new reading is the first row */
}

/* ---------- keys ---------- */

static int table_scroll(struct ui *ui, struct sess *s, int act)
{
	int page = s->rows > 1 ? s->rows - 1 : 1, max = (int)s->nvit - s->rows;
	int top = s->top;

	switch (act) {
	case ACT_UP: top--; break;
	case ACT_DOWN: top++; break;
	case ACT_PGUP: top -= page; break;
	case ACT_PGDN: top += page; break;
	case ACT_HOME: top = 0; break;
	case ACT_END: top = max; break;
	default: return 0;
	}
	top = top > max ? max : top;
	top = top < 0 ? 0 : top;
	if (top != s->top) {
		s->top = top;
		ui_mark(ui, UI_BODY);
	}
	return 1;
}

static void act_open(struct ui *ui, struct sess *s, int act)
{
	switch (act) {
	case A_VITALS: ui_vitals_form_open(ui, &s->vctx); break;
	case A_ACK: ack_open(ui, s); break;
	case A_PLAN: plan_open(ui, s); break;
	case A_START: start_open(ui, s); break;
	case A_PAUSE: pause_open(ui, s); break;
	case A_RATE: rate_open(ui, s); break;
	case A_STOP: stop_key(ui, s); break;
	case A_DEVICE: device_open(ui, s); break;
	case A_DISCHARGE: ui_open_named(ui, "discharge", &s->ref); break;
	case A_EFFECTS: ui_open_named(ui, "effects", &s->ref); break;
	case A_CHART: ui_open_named(ui, "chart", &s->ref); break;
	case A_ABORT:
		ui_confirm(ui, "Abort this session? It ends for good (a reason is asked next).", abort_yes, s);
		break;
	default: break;
	}
}

static int sess_key(struct ui *ui, void *priv, int act, const struct ui_key *k)
{
	struct sess *s = priv;
	const char *no;

	(void)k;
	if (table_scroll(ui, s, act))
		return ACT_NONE;
	if (act < ACT_SCREEN)
		return act;
	no = why_not(s, act);
	if (no)
		ui_msg(ui, UI_WARN, "%s", no);
	else
		act_open(ui, s, act);
	return ACT_NONE;
}

/* ---------- drawing ---------- */

/* The longest prefix of s that fits in width columns and ends where a part ends (" | ",
 * "; "), else at a blank: a number is never shown cut short or without its unit. */
static size_t fit(const struct ui *ui, const char *s, int width)
{
	size_t len = strlen(s), part = 0, word = 0;
	char buf[LINE_MAX];

	if (ui_width(ui, s) <= width)
		return len;
	len = len < sizeof buf ? len : sizeof buf - 1;
	for (size_t i = 1; i < len; i++) {
		if (s[i] != ' ' && s[i] != ';')
			continue;
		memcpy(buf, s, i);
		buf[i] = '\0';
		if (ui_width(ui, buf) > width)
			break;
		word = s[i] == ' ' ? i : word;
		if (s[i] == ';' || (i + 2 < len && s[i + 1] == '|' && s[i + 2] == ' '))
			part = i;
	}
	return part ? part : word;
}

static void put_whole(const struct ui *ui, WINDOW *w, int y, int x, int width, attr_t a, const char *s)
{
	char buf[LINE_MAX];
	size_t n = fit(ui, s, width);

	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	ui_put(ui, w, y, x, ui_width(ui, buf), a, buf);
}

enum { C_TIME, C_BP, C_HR, C_SPO2, C_RR, C_MOAAS, C_TEMP, C_FLAGS, C_COUNT };

/* Fixed columns for the numbers; the flags take the rest of the width. */
static void table_cols(int w, int c[C_COUNT])
{
	static const int fixed[C_FLAGS] = { 6, 9, 8, 7, 8, 7, 7 };

	c[C_FLAGS] = w - MARGIN;
	for (int i = 0; i < C_FLAGS; i++) {
		c[i] = fixed[i];
		c[C_FLAGS] -= fixed[i];
	}
}

static void num(int v, char *out, size_t n)
{
	if (v == KC_NONE)
		snprintf(out, n, "-");
	else
		snprintf(out, n, "%d", v);
}

static void append(char *out, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void append(char *out, size_t n, const char *fmt, ...)
{
	size_t len = strlen(out);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out + len, n - len, fmt, ap);
	va_end(ap);
}

/* "CRIT LATE SBP DBP ack": the words first, then which measures raised the alert. */
static void flags_of(const struct kc_vitals_row *r, char *out, size_t n)
{
	static const char *const level[] = { "", "WARN ", "CRIT " };
	const char *p = r->alerts;

	out[0] = '\0';
	if (r->eie.code != KC_EIE_NONE) {
		append(out, n, "ENTERED IN ERROR (%s)", kc_eie_name(r->eie.code));
		return;
	}
	append(out, n, "%s%s", level[r->level <= KC_LEVEL_CRITICAL ? r->level : 0], r->late ? "LATE " : "");
	while (r->level > KC_LEVEL_OK && *(p += strspn(p, "; "))) {
		append(out, n, "%.*s ", (int)strcspn(p, " ;"), p);
		p += strcspn(p, ";");
	}
	if (r->acked)
		append(out, n, "ack ");
	if (r->baseline)
		append(out, n, "baseline ");
	if (r->status != KC_VITALS_TAKEN)
		append(out, n, "%s: %.100s", kc_vstatus_name(r->status), r->reason);
}

static void draw_row(struct ui *ui, WINDOW *w, int y, const struct kc_vitals_row *r, const int c[C_COUNT])
{
	char t[C_COUNT][160];
	attr_t a = r->eie.code != KC_EIE_NONE ? A_DIM : A_NORMAL;
	attr_t fa = r->level == KC_LEVEL_CRITICAL ? ui_tone(ui, UI_CRIT) :
		    r->level == KC_LEVEL_WARN || r->late ? ui_tone(ui, UI_WARN) : A_NORMAL;

	hm(r->taken_at, t[C_TIME], sizeof t[C_TIME]);
	if (r->v.systolic == KC_NONE)
		snprintf(t[C_BP], sizeof t[C_BP], "-");
	else
		snprintf(t[C_BP], sizeof t[C_BP], "%d/%d", r->v.systolic, r->v.diastolic);
	num(r->v.heart_rate, t[C_HR], sizeof t[C_HR]);
	num(r->v.spo2, t[C_SPO2], sizeof t[C_SPO2]);
	num(r->v.resp_rate, t[C_RR], sizeof t[C_RR]);
	num(r->v.moaas, t[C_MOAAS], sizeof t[C_MOAAS]);
	if (r->v.temp_dc == KC_NONE)
		snprintf(t[C_TEMP], sizeof t[C_TEMP], "-");
	else
		snprintf(t[C_TEMP], sizeof t[C_TEMP], "%.1f", r->v.temp_dc / 10.0);
	flags_of(r, t[C_FLAGS], sizeof t[C_FLAGS]);
	for (int i = 0, x = MARGIN; i < C_FLAGS; x += c[i], i++)
		ui_put(ui, w, y, x, c[i], a, t[i]);
	put_whole(ui, w, y, getmaxx(w) - c[C_FLAGS], c[C_FLAGS], a | fa, t[C_FLAGS]);
}

static void draw_table(struct ui *ui, struct sess *s, WINDOW *w, int y)
{
	static const char *const head[C_COUNT] = { "Time", "BP mmHg", "HR /min", "SpO2 %", "RR /min", "MOAA/S",
						   "Temp C", "Flags" };
	int c[C_COUNT];
	char title[48];

	table_cols(getmaxx(w), c);
	snprintf(title, sizeof title, "Vitals, newest first (%zu)", s->nvit);
	ui_rule(ui, w, y++, title);
	for (int i = 0, x = MARGIN; i < C_COUNT; x += c[i], i++)
		ui_put(ui, w, y, x, c[i], A_BOLD, head[i]);
	s->rows = getmaxy(w) - ++y;
	if (!s->nvit)
		ui_put(ui, w, y, MARGIN, getmaxx(w) - MARGIN, A_NORMAL, "No readings yet: v enters one.");
	if (s->top > (int)s->nvit - s->rows)
		s->top = (int)s->nvit - s->rows > 0 ? (int)s->nvit - s->rows : 0;
	for (int i = 0; i < s->rows && s->top + i < (int)s->nvit; i++)
		draw_row(ui, w, y + i, &s->vit[s->nvit - 1 - (size_t)(s->top + i)], c);
}

static void sess_draw(struct ui *ui, void *priv, WINDOW *w)
{
	struct sess *s = priv;
	int cols = getmaxx(w);

	werase(w);
	for (int i = 0; i < V_LINES; i++) {
		const struct vline *v = &s->view[i];
		attr_t a = ui_tone(ui, v->tone) | (i == V_PHASE ? A_BOLD : A_NORMAL);

		if (v->tone == UI_CRIT)
			ui_put(ui, w, i, 0, cols, a, "");
		put_whole(ui, w, i, MARGIN, cols - MARGIN, a, v->text);
	}
	draw_table(ui, s, w, V_LINES);
}

/* ---------- life cycle ---------- */

static int sess_open(struct ui *ui, void *priv, const void *arg, struct kc_err *err)
{
	struct sess *s = priv;

	if (!arg)
		return kc_fail(err, KC_ERR_INVALID, "no session chosen");
	s->ref = *(const struct ui_ref *)arg;
	s->mgkg = ui->app->cfg->iv.dose_mg_per_kg;
	s->vctx.session = s->ref.session;
	s->vctx.saved = vitals_saved;
	if (load(ui, s, err) != KC_OK)
		return err->status;
	s->loaded = time(NULL);
	s->loaded_min = ui->now / 60;
	bar_update(ui, s);
	set_title(ui, s);
	view_update(ui, s, 1);
	return KC_OK;
}

static void sess_tick(struct ui *ui, void *priv, time_t now)
{
	struct sess *s = priv;
	time_t real = time(NULL);

	if (real - s->loaded >= RELOAD_S && (now / 60 != s->loaded_min || real - s->loaded >= REFRESH_S))
		reload(ui, s);
	else
		view_update(ui, s, 0);
}

static void sess_show(struct ui *ui, void *priv)
{
	reload(ui, priv);
}

static void sess_close(struct ui *ui, void *priv)
{
	struct sess *s = priv;

	(void)ui;
	free(s->vit);
}

const struct screen_ops ui_scr_session = {
	.name = "session",
	.title = "Session",
	.private_size = sizeof(struct sess),
	.actions = sess_actions,
	.open = sess_open,
	.draw = sess_draw,
	.key = sess_key,
	.tick = sess_tick,
	.show = sess_show,
	.close = sess_close,
};
