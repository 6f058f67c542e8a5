/* scr_hold.c — a session another clinician is charting: who, since when, and the two ways
 * on: view it read-only (the chart view), or take it over (recorded in the chart; their
 * next entry is refused with our name). ui_open_session pushes it when the hold is taken.
 * Whatever opens from here, coming back to it goes straight on back to where the session
 * was opened from. */
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_reload.h"
#include "ui_screen.h"

#include <stdio.h>
#include <string.h>

#include "kc_time.h"


enum { A_VIEW = ACT_SCREEN, A_TAKE };

static const struct ui_action hold_actions[] = {
	{ A_VIEW, 'v', 0, "v", "view read-only", "view the whole chart of the session read-only" },
	{ A_TAKE, 't', 0, "t", "take over",
	  "take the session over: the other clinician's hold ends now, recorded in the chart" },
	{ ACT_ENTER, '\n', 0, "Enter", NULL, "open the session once nobody else holds it" },
	{ 0 },
};

struct hold {
	struct ui_ref ref;
	struct kc_patient pat;
	struct kc_session sess;
	char holder[KC_LOGIN_MAX];
	char name[KC_NAME_MAX];  /* the holder's display name */
	time_t since;
	time_t loaded;           /* real time of the last look */
	struct ui_fresh fresh;   /* the reload policy (ui_reload.h) */
	int done;                /* a screen was opened from here: back means back past us */
};

static void load_holder(struct ui *ui, struct hold *h)
{
	struct kc_clinician c;
	struct kc_err err;
	char before[KC_LOGIN_MAX];

	kc_strlcpy(before, h->holder, sizeof before);
	h->loaded = time(NULL);
	ui_reload_mark(ui->app->store, &h->fresh);
	if (kc_session_holder(ui->app->store, h->ref.session, h->holder, sizeof h->holder, &h->since,
			      &err) != KC_OK) {
		ui_error(ui, &err);
		return;
	}
	h->name[0] = '\0';
	if (h->holder[0] && kc_clinician_get(ui->app->store, h->holder, &c, NULL) == KC_OK)
		kc_strlcpy(h->name, c.display_name, sizeof h->name);
	if (strcmp(before, h->holder) != 0)
		ui_mark(ui, UI_BODY | UI_BAR);
}

static int mine_or_free(const struct ui *ui, const struct hold *h)
{
	return !h->holder[0] || strcmp(h->holder, kc_store_actor(ui->app->store)) == 0;
}

static int hold_open(struct ui *ui, void *priv, const void *arg, struct kc_err *err)
{
	struct hold *h = priv;

	h->ref = *(const struct ui_ref *)arg;
	if (kc_session_get(ui->app->store, h->ref.session, &h->sess, err) != KC_OK ||
	    kc_patient_get(ui->app->store, h->sess.patient_id, &h->pat, err) != KC_OK)
		return err->status;
	load_holder(ui, h);
	ui_set_title(ui, "%s (%s) - held by %s", h->pat.name, h->pat.chart_no, h->holder);
	return KC_OK;
}

/* A paragraph from line y; the line after it. */
static int para(const struct ui *ui, WINDOW *w, int y, const char *text)
{
	return y + ui_put_wrapped(ui, w, y, 2, getmaxx(w) - 4, A_NORMAL, text);
}

static void hold_draw(struct ui *ui, void *priv, WINDOW *w)
{
	struct hold *h = priv;
	char at[16], ago[32], text[KC_MSG_MAX + 2 * KC_NAME_MAX];
	int y = 1;

	werase(w);
	ui_putf(ui, w, y, 2, getmaxx(w) - 4, A_BOLD, "%s (%s) - %s, %s", h->pat.name,
		h->pat.chart_no, kc_route_label(h->sess.route), kc_phase_name(h->sess.phase));
	y += 2;
	if (mine_or_free(ui, h)) {
		para(ui, w, y, "Nobody else holds this session now: Enter opens it for charting.");
		return;
	}
	kc_time_local_hm(h->since, at, sizeof at);
	kc_duration(ui->now > h->since ? (long)(ui->now - h->since) : 0, ago, sizeof ago);
	snprintf(text, sizeof text, "%s HELD: %s (%s) is charting this session, since %s (%s ago). "
		 "Entries from two clinicians at once would be refused, so choose:", ui->g.warn,
		 h->name[0] ? h->name : h->holder, h->holder, at, ago);
	y = para(ui, w, y, text) + 1;
	snprintf(text, sizeof text, "v  View it read-only: the whole chart; %s keeps charting.", h->holder);
	y = para(ui, w, y, text) + 1;
	snprintf(text, sizeof text, "t  Take it over: %s's hold ends now and yours begins. This is "
		 "recorded in the chart, and an entry %s makes after it is refused with your name.",
		 h->holder, h->holder);
	y = para(ui, w, y, text) + 1;
	para(ui, w, y, "Esc  Back, and leave the session to them.");
}

/* What is opened from here comes back to us; we then step aside (see hold_show). */
static void hold_go(struct ui *ui, struct hold *h, int act)
{
	int rc;

	if (act == A_VIEW)
		rc = ui_push(ui, &ui_scr_chart, &h->ref);
	else if (act == A_TAKE)
		rc = ui_takeover_session(ui, &h->ref);
	else
		rc = ui_open_session(ui, &h->ref);
	h->done = rc == KC_OK;
}

static int hold_key(struct ui *ui, void *priv, int act, const struct ui_key *k)
{
	struct hold *h = priv;

	(void)k;
	switch (act) {
	case A_VIEW:
	case A_TAKE:
		hold_go(ui, h, act);
		return ACT_NONE;
	case ACT_ENTER:
		load_holder(ui, h);
		if (mine_or_free(ui, h))
			hold_go(ui, h, act);
		else
			ui_msg(ui, UI_WARN, "%s still holds it: v views it read-only, t takes it over.", h->holder);
		return ACT_NONE;
	default:
		return act;
	}
}

static void hold_tick(struct ui *ui, void *priv, time_t now)
{
	struct hold *h = priv;

	(void)now;
	/* The holder leaves or hands over by a commit: looked up only then (ui_reload.h). */
	if (ui_reload_due(ui->app->store, ui->hidden, &h->fresh))
		load_holder(ui, h);
}

static void hold_show(struct ui *ui, void *priv)
{
	struct hold *h = priv;

	if (h->done)
		ui_pop(ui);
	else
		load_holder(ui, h);
}

static int hold_enabled(struct ui *ui, void *priv, int act, char *why, size_t n)
{
	struct hold *h = priv;

	if (act == A_TAKE && mine_or_free(ui, h)) {
		snprintf(why, n, "Nobody else holds it now: Enter opens it.");
		return 0;
	}
	return 1;
}

const struct screen_ops ui_scr_hold = {
	.name = "hold",
	.title = "Held by another clinician",
	.private_size = sizeof(struct hold),
	.actions = hold_actions,
	.open = hold_open,
	.draw = hold_draw,
	.key = hold_key,
	.tick = hold_tick,
	.show = hold_show,
	.enabled = hold_enabled,
};
