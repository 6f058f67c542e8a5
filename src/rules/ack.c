/* ack.c — the actions of one acknowledgement (kc_ack.h): what is offered, what is
 * accepted, and the one wording every reader shows. */
#include "kc_ack.h"

#include <stdio.h>
#include <string.h>

#include "kc_text.h"

static const char *const act_names[KC_ACT_KINDS] = {
	[KC_ACT_ANTIEMETIC] = "antiemetic",
	[KC_ACT_ANALGESIC] = "analgesic",
	[KC_ACT_ANTIHYPERTENSIVE] = "antihypertensive",
	[KC_ACT_BENZODIAZEPINE] = "benzodiazepine",
	[KC_ACT_REASSURANCE] = "reassurance",
	[KC_ACT_PAUSE] = "pause",
	[KC_ACT_STOP] = "stop",
	[KC_ACT_OTHER] = "other",
	[KC_ACT_RATE] = "rate",
	[KC_ACT_NOTIFY] = "notify",
	[KC_ACT_DRUG] = "drug",
	[KC_ACT_REPEAT] = "repeat",
};

const char *kc_act_kind_name(enum kc_act_kind k)
{
	return k >= 0 && k < KC_ACT_KINDS ? act_names[k] : "?";
}

int kc_act_kind_from_name(const char *name, enum kc_act_kind *out)
{
	for (int k = 0; name && k < KC_ACT_KINDS; k++)
		if (strcmp(name, act_names[k]) == 0) {
			*out = (enum kc_act_kind)k;
			return KC_OK;
		}
	return kc_fail(NULL, KC_ERR_INVALID, "no such kind of action");
}

/* ---------- what is offered ---------- */

static void offer_add(struct kc_ack_offer *o, enum kc_act_kind k, const char *choice)
{
	for (int i = 0; i < o->n; i++)
		if (strcmp(o->item[i].choice, choice) == 0)
			return;
	if (o->n < KC_ACK_OFFER_MAX - 1 || k == KC_ACT_OTHER) { /* the last slot is other's */
		o->item[o->n].kind = k;
		snprintf(o->item[o->n].choice, KC_CHOICE_LEN, "%s", choice);
		o->n++;
	}
}

static void offer_list(struct kc_ack_offer *o, const struct kc_config *cfg, enum kc_iv_kind k)
{
	struct kc_choices c;
	struct kc_err e;

	if (kc_choices_split(kc_intervention_list(cfg, k), &c, &e) != KC_OK)
		return;
	for (int i = 0; i < c.n; i++)
		offer_add(o, (enum kc_act_kind)k, c.item[i]);
}

void kc_ack_offer_vitals(const struct kc_config *cfg, int infusion, struct kc_ack_offer *out)
{
	memset(out, 0, sizeof *out);
	if (infusion) {
		offer_add(out, KC_ACT_PAUSE, KC_ACK_PAUSED);
		offer_add(out, KC_ACT_RATE, KC_ACK_RATE);
	}
	offer_add(out, KC_ACT_NOTIFY, KC_ACK_NOTIFY);
	offer_add(out, KC_ACT_DRUG, KC_ACK_DRUG);
	offer_add(out, KC_ACT_REPEAT, KC_ACK_REPEAT);
	offer_list(out, cfg, KC_INT_ANTIHYPERTENSIVE);
	offer_list(out, cfg, KC_INT_BENZODIAZEPINE);
	offer_list(out, cfg, KC_INT_REASSURANCE);
	offer_list(out, cfg, KC_INT_OTHER);
	offer_add(out, KC_ACT_OTHER, KC_OTHER);
}

void kc_ack_offer_effect(const struct kc_config *cfg, enum kc_obs_kind k, int infusion, struct kc_ack_offer *out)
{
	enum kc_iv_kind kinds[KC_INT_KINDS];
	int n = kc_interventions_for(k, kinds);

	memset(out, 0, sizeof *out);
	for (int i = 0; i < n; i++)
		if (infusion || (kinds[i] != KC_INT_PAUSE && kinds[i] != KC_INT_STOP))
			offer_list(out, cfg, kinds[i]);
	offer_add(out, KC_ACT_OTHER, KC_OTHER);
}

void kc_ack_pick(const struct kc_ack_offer *o, int i, const char *text, double rate, struct kc_ack_action *a)
{
	memset(a, 0, sizeof *a);
	a->kind = o->item[i].kind;
	snprintf(a->choice, sizeof a->choice, "%s", o->item[i].choice);
	snprintf(a->text, sizeof a->text, "%s", text ? text : "");
	a->rate_ml_h = rate;
}

/* ---------- what is accepted ---------- */

static int offered(const struct kc_ack_offer *o, const struct kc_ack_action *a)
{
	for (int i = 0; i < o->n; i++)
		if (o->item[i].kind == a->kind && strcmp(o->item[i].choice, a->choice) == 0)
			return 1;
	return 0;
}

static int blank(const char *s)
{
	return strspn(s, " ") == strlen(s);
}

static int check_one(const struct kc_ack_offer *o, const struct kc_ack_action *a, size_t no, struct kc_err *err)
{
	char clean[KC_ACK_TEXT];
	struct kc_err e;

	if (a->kind < 0 || a->kind >= KC_ACT_KINDS || !offered(o, a))
		return kc_fail(err, KC_ERR_INVALID, "action %zu: \"%.60s\" is not offered here; choose from the list",
			       no, a->choice);
	if ((a->kind == KC_ACT_OTHER || a->kind == KC_ACT_DRUG) && blank(a->text))
		return kc_fail(err, KC_ERR_INVALID, "action %zu (%s): say %s", no, a->choice,
			       a->kind == KC_ACT_DRUG ? "which drug and dose was given" : "what was done");
	if (a->kind == KC_ACT_RATE && !(a->rate_ml_h > 0))
		return kc_fail(err, KC_ERR_INVALID, "action %zu (%s): type the rate the pump runs at now, mL/h", no,
			       KC_ACK_RATE);
	if (a->kind != KC_ACT_RATE && a->rate_ml_h != 0)
		return kc_fail(err, KC_ERR_INVALID, "action %zu: a rate goes only with \"%s\"", no, KC_ACK_RATE);
	if (memchr(a->text, '\0', sizeof a->text) == NULL)
		return kc_fail(err, KC_ERR_INVALID, "action %zu: the text is too long", no);
	if (kc_text_clean("the action's text", a->text, 0, clean, sizeof clean, &e) != KC_OK)
		return kc_fail(err, KC_ERR_INVALID, "action %zu: %s", no, e.msg);
	return KC_OK;
}

int kc_ack_check(const struct kc_ack_offer *o, const struct kc_ack_action *a, size_t n, size_t len,
		 struct kc_err *err)
{
	char all[KC_ACK_MAX * (KC_CHOICE_LEN + KC_ACK_TEXT + 32)];

	if (n == 0)
		return kc_fail(err, KC_ERR_INVALID, "say what was done about the alert: choose at least one action");
	if (n > KC_ACK_MAX)
		return kc_fail(err, KC_ERR_INVALID, "at most %d actions in one acknowledgement", KC_ACK_MAX);
	for (size_t i = 0; i < n; i++) {
		int rc = check_one(o, &a[i], i + 1, err);

		if (rc != KC_OK)
			return rc;
		for (size_t j = 0; j < i; j++)
			if (a[j].kind == a[i].kind && strcmp(a[j].choice, a[i].choice) == 0 &&
			    strcmp(a[j].text, a[i].text) == 0)
				return kc_fail(err, KC_ERR_INVALID, "action %zu is action %zu again", i + 1, j + 1);
	}
	if (kc_ack_actions_text(a, n, all, sizeof all) >= len)
		return kc_fail(err, KC_ERR_INVALID, "the actions together are longer than %zu characters: shorten "
			       "their texts; nothing was cut", len - 1);
	return KC_OK;
}

/* ---------- the one wording ---------- */

void kc_ack_action_text(const struct kc_ack_action *a, char *out, size_t n)
{
	const char *sep = a->text[0] ? ": " : "";

	if (a->kind == KC_ACT_OTHER && a->text[0])
		snprintf(out, n, "%s", a->text);
	else if (a->kind == KC_ACT_RATE)
		snprintf(out, n, "%s to %.1f mL/h%s%s", a->choice, a->rate_ml_h, sep, a->text);
	else
		snprintf(out, n, "%s%s%s", a->choice, sep, a->text);
}

size_t kc_ack_actions_text(const struct kc_ack_action *a, size_t n, char *out, size_t len)
{
	char one[KC_CHOICE_LEN + KC_ACK_TEXT + 32];
	size_t used = 0;

	if (len)
		out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		kc_ack_action_text(&a[i], one, sizeof one);
		int w = snprintf(out + (used < len ? used : len), used < len ? len - used : 0, "%s%s", i ? "; " : "",
				 one);
		used += w > 0 ? (size_t)w : 0;
	}
	return used;
}

size_t kc_ack_numbered(const struct kc_ack_action *a, size_t n, char *out, size_t len)
{
	char one[KC_CHOICE_LEN + KC_ACK_TEXT + 32];
	size_t used = 0;

	if (len)
		out[0] = '\0';
	if (n == 1)
		return kc_ack_actions_text(a, n, out, len);
	for (size_t i = 0; i < n; i++) {
		kc_ack_action_text(&a[i], one, sizeof one);
		int w = snprintf(out + (used < len ? used : len), used < len ? len - used : 0, "%s%zu. %s",
				 i ? "; " : "", i + 1, one);
		used += w > 0 ? (size_t)w : 0;
	}
	return used;
}

/* The choices a single-action text may begin with, and their kinds. */
static const struct {
	enum kc_act_kind kind;
	const char *choice;
} starts[] = {
	{ KC_ACT_PAUSE, KC_ACK_PAUSED }, { KC_ACT_RATE, KC_ACK_RATE },     { KC_ACT_NOTIFY, KC_ACK_NOTIFY },
	{ KC_ACT_DRUG, KC_ACK_DRUG },    { KC_ACT_REPEAT, KC_ACK_REPEAT },
};

void kc_ack_from_text(const char *action, double rate, struct kc_ack_action *a)
{
	const char *t = action ? action : "";

	memset(a, 0, sizeof *a);
	for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
		size_t l = strlen(starts[i].choice);

		if (strncmp(t, starts[i].choice, l) != 0 || (t[l] && t[l] != ':' && starts[i].kind != KC_ACT_RATE))
			continue;
		if (starts[i].kind == KC_ACT_RATE && !(rate > 0))
			continue;
		a->kind = starts[i].kind;
		a->rate_ml_h = a->kind == KC_ACT_RATE ? rate : 0;
		snprintf(a->choice, sizeof a->choice, "%s", starts[i].choice);
		t += l;
		if (a->kind == KC_ACT_RATE && strstr(t, "mL/h")) /* " to 100.0 mL/h": the rate itself */
			t = strstr(t, "mL/h") + 4;
		t += *t == ':' ? 1 : 0;
		t += strspn(t, " ");
		snprintf(a->text, sizeof a->text, "%s", t);
		return;
	}
	a->kind = KC_ACT_OTHER;
	snprintf(a->choice, sizeof a->choice, "%s", KC_OTHER);
	snprintf(a->text, sizeof a->text, "%s", t);
}
