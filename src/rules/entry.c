/* entry.c — fewer keys, nothing invented: the one-line vitals round, the values a round may
 * carry, the interventions offered per kind of side effect, the indications (kc_entry.h). */
#include "kc_entry.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define LINE_EXAMPLE "e.g. 142/91 88 97 14 5 (BP HR SpO2 RR MOAA/S)"

/* ---------- one line ---------- */

int kc_vitals_is_line(const char *text)
{
	const char *p = text;

	while (*p && isspace((unsigned char)*p))
		p++;
	while (*p && !isspace((unsigned char)*p))
		p++;
	while (*p && isspace((unsigned char)*p))
		p++;
	return *p != '\0';
}

static const char *const part_names[] = { "BP", "heart rate", "SpO2", "resp. rate", "MOAA/S" };

/* A part other than the BP: "-" (not taken), digits, SpO2 with an optional '%'. */
static int check_part(int i, const char *w, struct kc_err *err)
{
	size_t len = strlen(w), digits = strspn(w, "0123456789");

	if (strcmp(w, "-") == 0)
		return KC_OK;
	if (strchr(w, '/'))
		return kc_fail(err, KC_ERR_INVALID,
			       "part %d '%s' looks like a BP, but the BP comes first: " LINE_EXAMPLE, i + 1, w);
	if (digits == len && len > 0)
		return KC_OK;
	if (i == 2 && digits + 1 == len && w[digits] == '%' && digits > 0)
		return KC_OK;
	return kc_fail(err, KC_ERR_INVALID, "%s '%s' is not a whole number: " LINE_EXAMPLE, part_names[i], w);
}

/* The BP part: "142/91", or "-" when not taken. */
static int check_bp(const char *w, struct kc_err *err)
{
	size_t s = strspn(w, "0123456789");

	if (strcmp(w, "-") == 0)
		return KC_OK;
	if (s > 0 && w[s] == '/' && strspn(w + s + 1, "0123456789") == strlen(w + s + 1) && w[s + 1])
		return KC_OK;
	if (strspn(w, "0123456789") == strlen(w))
		return kc_fail(err, KC_ERR_INVALID, "%s is not a blood pressure: a line starts with the BP, "
			       LINE_EXAMPLE, w);
	return kc_fail(err, KC_ERR_INVALID, "BP '%s' is not systolic/diastolic: " LINE_EXAMPLE, w);
}

int kc_vitals_line_split(const char *line, struct kc_vitals_line *out, struct kc_err *err)
{
	struct kc_vitals_line l;
	char *slot[5];
	const char *p = line ? line : "";
	int n = 0;

	memset(&l, 0, sizeof l);
	slot[0] = l.bp, slot[1] = l.heart_rate, slot[2] = l.spo2, slot[3] = l.resp_rate, slot[4] = l.moaas;
	for (;;) {
		size_t len;
		const char *w;

		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		w = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		len = (size_t)(p - w);
		if (n == 5)
			return kc_fail(err, KC_ERR_INVALID,
				       "more than five values ('%.*s' is the sixth): " LINE_EXAMPLE
				       "; a temperature goes in its own field",
				       (int)(len > 12 ? 12 : len), w);
		if (len >= KC_LINE_PART)
			return kc_fail(err, KC_ERR_INVALID, "%s '%.12s...' is too long to be a value: " LINE_EXAMPLE,
				       part_names[n], w);
		memcpy(slot[n], w, len);
		slot[n][len] = '\0';
		if ((n == 0 ? check_bp(slot[n], err) : check_part(n, slot[n], err)) != KC_OK)
			return err->status;
		n++;
	}
	if (n == 0)
		return kc_fail(err, KC_ERR_INVALID, "nothing typed: " LINE_EXAMPLE);
	for (int i = 0; i < n; i++)
		if (strcmp(slot[i], "-") == 0)
			slot[i][0] = '\0';
	l.parts = n;
	*out = l;
	return KC_OK;
}

void kc_vitals_line_text(const struct kc_vitals_line *l, struct kc_vitals_text *t)
{
	t->bp = l->bp;
	t->heart_rate = l->heart_rate;
	t->spo2 = l->spo2;
	t->resp_rate = l->resp_rate;
	t->moaas = l->moaas;
	t->temp = "";
}

/* ---------- carried values ---------- */

/* Whether v alone (one measure set) raises an alert. */
static int flags(const struct kc_vitals *v, const struct kc_alerts_cfg *cfg)
{
	struct kc_alert_list al;

	kc_vitals_alerts(v, NULL, cfg, &al);
	return al.worst != KC_LEVEL_OK;
}

int kc_vitals_carry(const struct kc_vitals *last, const struct kc_alerts_cfg *cfg, struct kc_vitals *carry)
{
	struct kc_vitals one;
	int n = 0;

	kc_vitals_clear(carry);
	if (!last)
		return 0;
#define CARRY(m)                                                  \
	do {                                                      \
		kc_vitals_clear(&one);                            \
		one.m = last->m;                                  \
		if (last->m >= 0 && !flags(&one, cfg)) {          \
			carry->m = last->m;                       \
			n++;                                      \
		}                                                 \
	} while (0)
	CARRY(heart_rate);
	CARRY(spo2);
	CARRY(resp_rate);
	CARRY(moaas);
#undef CARRY
	return n;
}

static const struct {
	unsigned bit;
	const char *word, *key, *name;
} carry_measures[] = {
	{ KC_CARRY_HR, "HR", "heart_rate", "heart rate" },
	{ KC_CARRY_SPO2, "SpO2", "spo2", "SpO2" },
	{ KC_CARRY_RR, "RR", "resp_rate", "respiratory rate" },
	{ KC_CARRY_MOAAS, "MOAA/S", "moaas", "MOAA/S" },
};
#define N_CARRY (sizeof carry_measures / sizeof carry_measures[0])

static int carry_value(const struct kc_vitals *v, unsigned bit)
{
	return bit == KC_CARRY_HR ? v->heart_rate : bit == KC_CARRY_SPO2 ? v->spo2
		: bit == KC_CARRY_RR ? v->resp_rate : v->moaas;
}

int kc_vitals_carry_check(unsigned mask, const struct kc_vitals *prev, const struct kc_vitals *v,
			  const struct kc_alerts_cfg *cfg, struct kc_err *err)
{
	struct kc_vitals allowed;

	if (!mask)
		return KC_OK;
	if (mask & ~KC_CARRY_ALL)
		return kc_fail(err, KC_ERR_INVALID, "only HR, SpO2, RR and MOAA/S can be carried into a reading");
	if (!prev)
		return kc_fail(err, KC_ERR_INVALID, "no earlier reading in this session to carry values from");
	kc_vitals_carry(prev, cfg, &allowed);
	for (size_t i = 0; i < N_CARRY; i++) {
		unsigned bit = carry_measures[i].bit;

		if (!(mask & bit))
			continue;
		if (carry_value(&allowed, bit) == KC_NONE)
			return kc_fail(err, KC_ERR_INVALID, "the %s of the reading before cannot be carried: measure it",
				       carry_measures[i].name);
		if (carry_value(v, bit) != carry_value(prev, bit))
			return kc_fail(err, KC_ERR_INVALID,
				       "%s %d is marked carried, but the reading before shows %d",
				       carry_measures[i].name, carry_value(v, bit), carry_value(prev, bit));
	}
	return KC_OK;
}

static void carry_join(unsigned mask, int keys, char *out, size_t n)
{
	size_t len = 0;

	if (n)
		out[0] = '\0';
	for (size_t i = 0; i < N_CARRY && len < n; i++)
		if (mask & carry_measures[i].bit) {
			int w = snprintf(out + len, n - len, "%s%s", len ? " " : "",
					 keys ? carry_measures[i].key : carry_measures[i].word);
			len = w < 0 ? n : len + (size_t)w;
		}
}

void kc_carry_words(unsigned mask, char *out, size_t n)
{
	carry_join(mask, 0, out, n);
}

void kc_carry_keys(unsigned mask, char *out, size_t n)
{
	carry_join(mask, 1, out, n);
}

int kc_carry_from_keys(const char *keys, unsigned *mask)
{
	const char *p = keys ? keys : "";

	*mask = 0;
	while (*(p += strspn(p, " "))) {
		size_t len = strcspn(p, " "), i;

		for (i = 0; i < N_CARRY; i++)
			if (strlen(carry_measures[i].key) == len && !strncmp(p, carry_measures[i].key, len))
				break;
		if (i == N_CARRY)
			return KC_ERR_CORRUPT;
		*mask |= carry_measures[i].bit;
		p += len;
	}
	return KC_OK;
}

/* ---------- interventions ---------- */

static const char *const int_names[KC_INT_KINDS] = {
	[KC_INT_ANTIEMETIC] = "antiemetic",
	[KC_INT_ANALGESIC] = "analgesic",
	[KC_INT_ANTIHYPERTENSIVE] = "antihypertensive",
	[KC_INT_BENZODIAZEPINE] = "benzodiazepine",
	[KC_INT_REASSURANCE] = "reassurance",
	[KC_INT_PAUSE] = "pause",
	[KC_INT_STOP] = "stop",
	[KC_INT_OTHER] = "other",
};

const char *kc_int_kind_name(enum kc_iv_kind k)
{
	return k >= 0 && k < KC_INT_KINDS ? int_names[k] : "?";
}

int kc_choices_split(const char *list, struct kc_choices *out, struct kc_err *err)
{
	struct kc_choices c;
	const char *p = list ? list : "";

	memset(&c, 0, sizeof c);
	while (*p) {
		const char *end = strchr(p, ','), *a = p, *b;

		if (!end)
			end = p + strlen(p);
		b = end;
		while (a < b && isspace((unsigned char)*a))
			a++;
		while (b > a && isspace((unsigned char)b[-1]))
			b--;
		if (b > a) {
			if (c.n == KC_CHOICES_MAX)
				return kc_fail(err, KC_ERR_INVALID, "more than %d items", KC_CHOICES_MAX);
			if ((size_t)(b - a) >= KC_CHOICE_LEN)
				return kc_fail(err, KC_ERR_INVALID, "item '%.20s...' is longer than %d characters", a,
					       KC_CHOICE_LEN - 1);
			memcpy(c.item[c.n], a, (size_t)(b - a));
			c.item[c.n][b - a] = '\0';
			c.n++;
		}
		p = *end ? end + 1 : end;
	}
	*out = c;
	return KC_OK;
}

int kc_interventions_for(enum kc_obs_kind k, enum kc_iv_kind out[KC_INT_KINDS])
{
	int n = 0;

	switch (k) {
	case KC_OBS_NAUSEA:
	case KC_OBS_VOMITING:
		out[n++] = KC_INT_ANTIEMETIC;
		out[n++] = KC_INT_REASSURANCE;
		break;
	case KC_OBS_HEADACHE:
		out[n++] = KC_INT_ANALGESIC;
		out[n++] = KC_INT_ANTIHYPERTENSIVE;
		break;
	case KC_OBS_CHEST_PAIN:
		out[n++] = KC_INT_ANTIHYPERTENSIVE;
		out[n++] = KC_INT_BENZODIAZEPINE;
		out[n++] = KC_INT_REASSURANCE;
		break;
	case KC_OBS_ANXIETY:
	case KC_OBS_DISSOCIATION:
	case KC_OBS_HALLUCINATION:
		out[n++] = KC_INT_REASSURANCE;
		out[n++] = KC_INT_BENZODIAZEPINE;
		break;
	case KC_OBS_SEDATION:
		break;
	default:
		out[n++] = KC_INT_REASSURANCE;
		break;
	}
	out[n++] = KC_INT_PAUSE;
	out[n++] = KC_INT_STOP;
	out[n++] = KC_INT_OTHER;
	return n;
}

const char *kc_intervention_list(const struct kc_config *cfg, enum kc_iv_kind k)
{
	const struct kc_interventions_cfg *c = &cfg->interventions;

	switch (k) {
	case KC_INT_ANTIEMETIC: return c->antiemetic;
	case KC_INT_ANALGESIC: return c->analgesic;
	case KC_INT_ANTIHYPERTENSIVE: return c->antihypertensive;
	case KC_INT_BENZODIAZEPINE: return c->benzodiazepine;
	case KC_INT_REASSURANCE: return c->reassurance;
	case KC_INT_PAUSE: return c->pause;
	case KC_INT_STOP: return c->stop;
	default: return c->other;
	}
}

static void choice_add(struct kc_choices *out, const char *s)
{
	for (int i = 0; i < out->n; i++)
		if (strcmp(out->item[i], s) == 0)
			return;
	if (out->n < KC_CHOICES_MAX)
		snprintf(out->item[out->n++], KC_CHOICE_LEN, "%s", s);
}

void kc_intervention_choices(const struct kc_config *cfg, enum kc_obs_kind k, int infusion, struct kc_choices *out)
{
	enum kc_iv_kind kinds[KC_INT_KINDS];
	int n = kc_interventions_for(k, kinds);
	struct kc_choices one;
	struct kc_err e;

	memset(out, 0, sizeof *out);
	for (int i = 0; i < n; i++) {
		if ((kinds[i] == KC_INT_PAUSE || kinds[i] == KC_INT_STOP) && !infusion)
			continue;
		if (kc_choices_split(kc_intervention_list(cfg, kinds[i]), &one, &e) != KC_OK)
			continue;
		for (int j = 0; j < one.n; j++)
			choice_add(out, one.item[j]);
	}
	/* the last slot is kept for "other" */
	if (out->n == KC_CHOICES_MAX)
		out->n--;
	choice_add(out, KC_OTHER);
}

/* ---------- indications ---------- */

void kc_indication_choices(const struct kc_config *cfg, struct kc_choices *out)
{
	struct kc_err e;

	if (kc_choices_split(cfg->general.indications, out, &e) != KC_OK)
		memset(out, 0, sizeof *out);
	if (out->n == KC_CHOICES_MAX)
		out->n--;
	choice_add(out, KC_OTHER);
}

int kc_indication_pick(const char *choice, const char *other, char *out, size_t n, struct kc_err *err)
{
	const char *o = other ? other : "";

	while (*o && isspace((unsigned char)*o))
		o++;
	if (strcmp(choice, KC_OTHER) == 0) {
		if (!*o)
			return kc_fail(err, KC_ERR_INVALID, "Indication other: type what the treatment is for");
		if (strlen(o) >= n)
			return kc_fail(err, KC_ERR_INVALID, "Indication other: at most %zu characters", n - 1);
		snprintf(out, n, "%s", o);
		return KC_OK;
	}
	if (*o)
		return kc_fail(err, KC_ERR_INVALID,
			       "Indication other: only with \"other\" chosen; clear it (^U) or choose other");
	snprintf(out, n, "%s", choice);
	return KC_OK;
}
