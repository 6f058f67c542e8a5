/* scr_chart.c — the chart view of any session, read-only: header, screening summary,
 * dose, vitals with their flags, a trend plot of BP and heart rate drawn with characters,
 * observations, discharge, outcome, corrections and addenda, as one scrolling page. The
 * page is built into an array of lines once per load (and again only when the width
 * changes); draw() paints the visible slice. Two writes only: correcting a vitals reading
 * or an observation (the original stays, marked [ERR]) and an addendum. Opened without a
 * session, it lists the patient's sessions to pick one. */
#include "ui.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"

#define LINE_BYTES 512
#define LAYOUT_MAX 118 /* on a wide terminal the lines stay readable */
#define LABEL_W 11     /* "Clinician  " */
#define DETAIL_W 6     /* detail lines under a table row start past the time */
#define RELOAD_S 5     /* an open session: look for other clinicians' entries */
#define WHO_MAX (KC_NAME_MAX + KC_LOGIN_MAX + 4)

enum { A_CORRECT = ACT_SCREEN, A_ADDENDUM, A_NEXT, A_PREV };

/* Not const: the bar labels follow the mode (session list or chart), so the bar shows
 * only keys that work. Only the top screen's bar is painted, and open/show set it. */
static struct ui_action chart_actions[] = {
	{ ACT_ENTER, '\n', 0, "Enter", "open", "on the list of sessions: open the highlighted session's chart" },
	{ A_CORRECT, 'x', 0, "x", "correct",
	  "correct the reading or observation under the cursor: what was wrong, why, the right values "
	  "(none: only mark it in error); the original stays, marked [ERR]" },
	{ A_ADDENDUM, 'a', 0, "a", "addendum", "add a dated note to the chart, signed or not, with your name" },
	{ A_NEXT, '\t', 0, "Tab", "next entry", "move to the next vitals reading or observation" },
	{ A_PREV, KEY_BTAB, 0, "S-Tab", NULL, "move to the previous vitals reading or observation" },
	{ 0 },
};

static void bar_mode(struct ui *ui, int picking)
{
	chart_actions[0].label = picking ? "open" : NULL;
	chart_actions[1].label = picking ? NULL : "correct";
	chart_actions[2].label = picking ? NULL : "addendum";
	chart_actions[3].label = picking ? NULL : "next entry";
	ui_mark(ui, UI_BAR);
}

/* ---------- what the store holds about the session ---------- */

struct data {
	struct kc_session s;
	struct kc_patient p;
	char clinician[WHO_MAX];
	struct kc_screening scr;
	struct kc_answer_row *ans;
	size_t nans;
	struct kc_vitals_row *vr;
	size_t nv;
	struct kc_obs_row *obs;
	size_t no;
	struct kc_dose_row *dr;
	size_t nd;
	struct kc_discharge_row *dc;
	size_t ndc;
	struct kc_addendum_row *ad;
	size_t nad;
	char (*ad_who)[WHO_MAX];
};

/* ---------- the page: lines built once per load ---------- */

struct line {
	char text[LINE_BYTES];
	int rule;          /* a section rule, text is its title */
	enum ui_tone tone;
	int dim;           /* entered in error: dim where the terminal can, always with [ERR] */
	int bold;
	int ent;           /* 1 + index of the entry (reading, observation) it belongs to; 0 none */
};

enum etype { E_NONE = 0, E_VITALS, E_OBS };
struct entry {
	enum etype type;
	size_t row;        /* index in data.vr or data.obs */
	int line;          /* its first line */
};

struct page {
	struct line *lines;
	int n, cap;
	struct entry *ents;
	int ne, ecap;
};

/* ---------- the correction form ---------- */

/* Both forms start with what was wrong and why; the values follow. */
enum { FX_CODE, FX_WHY, FX_VALUES, FX_MAX = 8 };
enum { FV_BP = FX_VALUES, FV_HR, FV_SPO2, FV_RR, FV_MOAAS, FV_TIME, FV_N };
enum { FO_SCORE = FX_VALUES, FO_TIME, FO_INTERV, FO_NOTE, FO_N };

struct fix {
	enum etype type;
	struct kc_vitals_row v; /* the original, as it was when the form opened */
	struct kc_obs_row o;
	const char *codes[KC_EIE_INVALID + 1];
	char title[96];
	char label[FX_MAX][24];
	char hint[FX_MAX][96];
	struct uif_field f[FX_MAX];
	struct uif_def def;
};

struct chart {
	struct ui_ref ref;
	int picking;             /* the list of the patient's sessions */
	struct kc_patient pat;   /* picking: whose */
	struct kc_session *sess;
	size_t nsess;
	struct ui_list pl;
	struct data d;
	int have;                /* d is loaded */
	struct page pg;
	int width;               /* the layout width pg was built for; 0 = build at the next draw */
	struct ui_list l;        /* the cursor over the lines */
	int rows;                /* lines visible, from the last draw */
	time_t loaded_at;        /* real time of the last load */
	struct fix fx;
};

/* ---------- loading ---------- */

static void data_free(struct data *d)
{
	free(d->ans);
	free(d->vr);
	free(d->obs);
	free(d->dr);
	free(d->dc);
	free(d->ad);
	free(d->ad_who);
	memset(d, 0, sizeof *d);
}

/* "Dr Ana Silva (asilva)", or the login alone when there is no other name. */
static void who(struct kc_store *st, const char *login, char *out, size_t n)
{
	struct kc_clinician c;

	if (kc_clinician_get(st, login, &c, NULL) == KC_OK && c.display_name[0] &&
	    strcmp(c.display_name, login) != 0)
		snprintf(out, n, "%s (%s)", c.display_name, login);
	else
		snprintf(out, n, "%s", login);
}

static int data_lists(struct kc_store *st, kc_id id, struct data *d, struct kc_err *err)
{
	int rc = kc_screen_load(st, id, &d->scr, err);

	if (rc == KC_OK)
		rc = kc_screen_list(st, id, &d->ans, &d->nans, err);
	if (rc == KC_OK)
		rc = kc_vitals_list(st, id, &d->vr, &d->nv, err);
	if (rc == KC_OK)
		rc = kc_obs_list(st, id, &d->obs, &d->no, err);
	if (rc == KC_OK)
		rc = kc_dose_list(st, id, &d->dr, &d->nd, err);
	if (rc == KC_OK)
		rc = kc_discharge_list(st, id, &d->dc, &d->ndc, err);
	if (rc == KC_OK)
		rc = kc_addendum_list(st, id, &d->ad, &d->nad, err);
	return rc;
}

static int data_load(struct kc_store *st, kc_id id, struct data *d, struct kc_err *err)
{
	int rc;

	memset(d, 0, sizeof *d);
	rc = kc_session_get(st, id, &d->s, err);
	if (rc == KC_OK)
		rc = kc_patient_get(st, d->s.patient_id, &d->p, err);
	if (rc == KC_OK)
		rc = data_lists(st, id, d, err);
	if (rc == KC_OK && d->nad && !(d->ad_who = calloc(d->nad, sizeof *d->ad_who)))
		rc = kc_fail(err, KC_ERR_NOMEM, "out of memory");
	if (rc != KC_OK) {
		data_free(d);
		return rc;
	}
	who(st, d->s.clinician, d->clinician, sizeof d->clinician);
	for (size_t i = 0; i < d->nad; i++)
		who(st, d->ad[i].by, d->ad_who[i], sizeof d->ad_who[i]);
	return KC_OK;
}

/* ---------- building lines ---------- */

struct bld {
	const struct ui *ui;
	const struct kc_config *cfg;
	struct page *pg;
	int w;
	time_t now;
	enum ui_tone tone; /* the style of the lines added next */
	int dim, bold, ent;
	int failed;        /* out of memory */
};

static void page_free(struct page *pg)
{
	free(pg->lines);
	free(pg->ents);
	memset(pg, 0, sizeof *pg);
}

/* Copy s, control characters as blanks, never cutting a UTF-8 sequence. */
static void clean_copy(char *out, const char *s, size_t n)
{
	size_t i = 0;

	for (; s && s[i] && i + 1 < n; i++)
		out[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? ' ' : s[i];
	if (s && s[i]) /* cut short: drop a partly copied character */
		while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
			i--;
	out[i] = '\0';
}

static struct line *line_new(struct bld *b)
{
	struct page *pg = b->pg;
	struct line *ln;

	if (pg->n == pg->cap) {
		int cap = pg->cap ? pg->cap * 2 : 128;
		struct line *l = realloc(pg->lines, (size_t)cap * sizeof *l);

		if (!l) {
			b->failed = 1;
			return NULL;
		}
		pg->lines = l;
		pg->cap = cap;
	}
	ln = &pg->lines[pg->n++];
	memset(ln, 0, sizeof *ln);
	ln->tone = b->tone;
	ln->dim = b->dim;
	ln->bold = b->bold;
	ln->ent = b->ent;
	return ln;
}

static void put(struct bld *b, const char *s)
{
	struct line *ln = line_new(b);

	if (ln)
		clean_copy(ln->text, s, sizeof ln->text);
}

static void putf(struct bld *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct bld *b, const char *fmt, ...)
{
	char buf[LINE_BYTES];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	put(b, buf);
}

static void section(struct bld *b, const char *title)
{
	struct line *ln;

	b->tone = UI_NORMAL;
	b->dim = b->bold = b->ent = 0;
	if (b->pg->n > 0)
		put(b, "");
	ln = line_new(b);
	if (ln) {
		ln->rule = 1;
		clean_copy(ln->text, title, sizeof ln->text);
	}
}

/* Bytes of the longest start of s that fits in cols columns (at least one character). */
static size_t fit(const struct ui *ui, const char *s, int cols)
{
	char tmp[LINE_BYTES];
	size_t k = 0, best = 0;

	while (s[k] && k + 8 < sizeof tmp) {
		size_t next = k + 1;

		while (s[next] && ((unsigned char)s[next] & 0xc0) == 0x80)
			next++;
		memcpy(tmp, s, next);
		tmp[next] = '\0';
		if (ui_width(ui, tmp) > cols)
			break;
		best = k = next;
	}
	if (!best && s[0])
		for (best = 1; s[best] && ((unsigned char)s[best] & 0xc0) == 0x80; best++)
			;
	return best;
}

struct wline {
	char buf[LINE_BYTES];
	size_t len;
	int col;
	int words; /* words on the line so far */
};

static void wl_start(struct wline *l, int indent)
{
	l->len = (size_t)(indent < (int)sizeof l->buf - 1 ? indent : 0);
	memset(l->buf, ' ', l->len);
	l->buf[l->len] = '\0';
	l->col = (int)l->len;
	l->words = 0;
}

static void wl_add(const struct ui *ui, struct wline *l, const char *s, size_t n)
{
	size_t room = sizeof l->buf - l->len;

	if (room < 3)
		return;
	n = n > room - 3 ? room - 3 : n;
	if (l->words)
		l->buf[l->len++] = ' ';
	memcpy(l->buf + l->len, s, n);
	l->len += n;
	l->buf[l->len] = '\0';
	l->col = ui_width(ui, l->buf);
	l->words++;
}

/* lead (ASCII) padded to indent, then text word-wrapped to the width with a hanging
 * indent; a word longer than a line is cut. */
static void wrap(struct bld *b, int indent, const char *lead, const char *text)
{
	struct wline l;
	char clean[LINE_BYTES * 2];
	const char *p = clean;

	clean_copy(clean, text ? text : "", sizeof clean);
	snprintf(l.buf, sizeof l.buf, "%-*s%s", indent, lead, (int)strlen(lead) >= indent && lead[0] ? " " : "");
	l.len = strlen(l.buf);
	l.col = ui_width(b->ui, l.buf);
	l.words = 0;
	for (;;) {
		size_t n;
		int ww;
		char word[LINE_BYTES];

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		n = strcspn(p, " ");
		n = n < sizeof word ? n : sizeof word - 1;
		memcpy(word, p, n);
		word[n] = '\0';
		ww = ui_width(b->ui, word);
		if (l.words && l.col + 1 + ww > b->w) {
			put(b, l.buf);
			wl_start(&l, indent);
		}
		if (!l.words && l.col + ww > b->w)
			n = fit(b->ui, word, b->w - l.col > 1 ? b->w - l.col : 1);
		wl_add(b->ui, &l, p, n);
		p += n;
		if (*p && *p != ' ') { /* the rest of a cut word goes on the next line */
			put(b, l.buf);
			wl_start(&l, indent);
		}
	}
	put(b, l.buf);
}

static void wrapf(struct bld *b, int indent, const char *lead, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void wrapf(struct bld *b, int indent, const char *lead, const char *fmt, ...)
{
	char buf[LINE_BYTES * 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	wrap(b, indent, lead, buf);
}

static void entry_begin(struct bld *b, enum etype type, size_t row)
{
	struct page *pg = b->pg;

	if (pg->ne == pg->ecap) {
		int cap = pg->ecap ? pg->ecap * 2 : 32;
		struct entry *e = realloc(pg->ents, (size_t)cap * sizeof *e);

		if (!e) {
			b->failed = 1;
			return;
		}
		pg->ents = e;
		pg->ecap = cap;
	}
	pg->ents[pg->ne] = (struct entry){ .type = type, .row = row, .line = pg->n };
	b->ent = ++pg->ne;
}

static void entry_end(struct bld *b)
{
	b->ent = 0;
	b->dim = 0;
	b->tone = UI_NORMAL;
}

/* ---------- small formatting ---------- */

static const char *hm(time_t t, char *buf, size_t n)
{
	kc_time_local_hm(t, buf, n);
	if (!buf[0])
		kc_strlcpy(buf, "-", n);
	return buf;
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

static enum ui_tone level_tone(enum kc_level l)
{
	return l == KC_LEVEL_CRITICAL ? UI_CRIT : l == KC_LEVEL_WARN ? UI_WARN : UI_NORMAL;
}

static const char *num(int v, char *buf, size_t n)
{
	if (v == KC_NONE)
		kc_strlcpy(buf, "-", n);
	else
		snprintf(buf, n, "%d", v);
	return buf;
}

/* The stored values as a clinician would type them; "" when not taken. */
struct vtext {
	char bp[24], hr[12], spo2[12], rr[12], temp[24], moaas[12];
};

static void vitals_text(const struct kc_vitals *v, struct vtext *t)
{
	memset(t, 0, sizeof *t);
	if (v->systolic != KC_NONE && v->diastolic != KC_NONE)
		snprintf(t->bp, sizeof t->bp, "%d/%d", v->systolic, v->diastolic);
	if (v->heart_rate != KC_NONE)
		snprintf(t->hr, sizeof t->hr, "%d", v->heart_rate);
	if (v->spo2 != KC_NONE)
		snprintf(t->spo2, sizeof t->spo2, "%d", v->spo2);
	if (v->resp_rate != KC_NONE)
		snprintf(t->rr, sizeof t->rr, "%d", v->resp_rate);
	if (v->temp_dc != KC_NONE)
		snprintf(t->temp, sizeof t->temp, "%d.%d", v->temp_dc / 10, v->temp_dc % 10);
	if (v->moaas != KC_NONE)
		snprintf(t->moaas, sizeof t->moaas, "%d", v->moaas);
}

/* ---------- corrections follow what they correct ---------- */

/* Rows of any type with `kc_id id` and `struct kc_eie eie` members. */
struct rows {
	const char *base;
	size_t n, size, id_off, eie_off;
};
#define ROWS(p, cnt, type) \
	((struct rows){ (const char *)(p), (cnt), sizeof(type), offsetof(type, id), offsetof(type, eie) })

static kc_id row_id(const struct rows *r, size_t i)
{
	kc_id id;

	memcpy(&id, r->base + i * r->size + r->id_off, sizeof id);
	return id;
}

static const struct kc_eie *row_eie(const struct rows *r, size_t i)
{
	return (const struct kc_eie *)(const void *)(r->base + i * r->size + r->eie_off);
}

static size_t row_find(const struct rows *r, kc_id id)
{
	for (size_t i = 0; id && i < r->n; i++)
		if (row_id(r, i) == id)
			return i;
	return r->n;
}

/* order[] gets every row, each followed by the chain of rows that replace it. NULL when
 * out of memory. */
static size_t *row_order(const struct rows *r)
{
	size_t *order = calloc(r->n ? r->n : 1, sizeof *order);
	char *done = calloc(r->n ? r->n : 1, 1);
	size_t k = 0;

	for (size_t i = 0; order && done && i < r->n; i++) {
		if (done[i] || row_find(r, row_eie(r, i)->corrects) < r->n)
			continue;
		for (size_t j = i; j < r->n && !done[j]; j = row_find(r, row_eie(r, j)->replaced_by)) {
			done[j] = 1;
			order[k++] = j;
		}
	}
	for (size_t i = 0; order && done && i < r->n; i++) /* a broken link still shows */
		if (!done[i])
			order[k++] = i;
	if (!done) {
		free(order);
		order = NULL;
	}
	free(done);
	return order;
}

/* The mark under an entry entered in error, and the note under its replacement. */
static void eie_lines(struct bld *b, const struct kc_eie *e, const char *what)
{
	char t[16];

	if (e->code != KC_EIE_NONE)
		wrapf(b, DETAIL_W, "", "[ERR] %s entered in error (%s): %s - %s, %s%s", what, kc_eie_name(e->code),
		      e->reason, e->by, hm(e->at, t, sizeof t),
		      e->replaced_by ? "; the correction follows" : "; not replaced");
	if (e->code == KC_EIE_NONE && e->corrects) {
		b->dim = 0;
		wrapf(b, DETAIL_W, "", "correction of the %s above", what);
	}
}

/* ---------- header ---------- */

static void build_times(struct bld *b, const struct kc_session *s)
{
	char a[16], c[16], e[16], day[32], buf[160];
	size_t len;

	kc_time_local(s->created_at, day, sizeof day);
	day[strlen(day) > 10 ? 10 : strlen(day)] = '\0'; /* the date only */
	len = (size_t)snprintf(buf, sizeof buf, "%s: created %s", day, hm(s->created_at, a, sizeof a));
	if (s->dose_start && len < sizeof buf)
		len += (size_t)snprintf(buf + len, sizeof buf - len, ", dose %s", hm(s->dose_start, a, sizeof a));
	if (s->dose_end && s->route != KC_ROUTE_ESKETAMINE && len < sizeof buf)
		len += (size_t)snprintf(buf + len, sizeof buf - len, " to %s", hm(s->dose_end, c, sizeof c));
	if (s->ended_at && len < sizeof buf)
		snprintf(buf + len, sizeof buf - len, ", ended %s", hm(s->ended_at, e, sizeof e));
	wrap(b, LABEL_W, "Times", buf);
}

static void build_header(struct bld *b, const struct data *d)
{
	const struct kc_session *s = &d->s;
	int age = kc_age_years(d->p.dob, s->created_at);
	char t[32];

	section(b, "Session");
	b->bold = 1;
	if (age >= 0)
		wrapf(b, LABEL_W, "Patient", "%s, chart %s, %d years (born %s)", d->p.name, d->p.chart_no, age,
		      d->p.dob);
	else
		wrapf(b, LABEL_W, "Patient", "%s, chart %s", d->p.name, d->p.chart_no);
	b->bold = 0;
	wrapf(b, LABEL_W, "Session", "%lld, %s, for %s", s->id, kc_route_label(s->route),
	      s->indication[0] ? s->indication : "(no indication)");
	wrap(b, LABEL_W, "Clinician", d->clinician);
	wrapf(b, LABEL_W, "Phase", "%s%s%s%s%s", kc_phase_name(s->phase), s->outcome[0] ? ", outcome " : "",
	      s->outcome, s->outcome_reason[0] ? ": " : "", s->outcome_reason);
	build_times(b, s);
	if (s->signed_by[0]) {
		wrapf(b, LABEL_W, "Signed", "by %s, %s (read-only)", s->signed_by, when(s->signed_at, t, sizeof t));
	} else {
		b->tone = UI_WARN;
		wrap(b, LABEL_W, "Signed", "NOT SIGNED");
		b->tone = UI_NORMAL;
	}
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
	time_t at = d->s.dose_start ? d->s.dose_start : b->now;

	kc_screening_verdict(&d->scr, b->cfg, at, &v);
	b->tone = v.gate == KC_GATE_BLOCK ? UI_CRIT : v.gate == KC_GATE_PASS ? UI_NORMAL : UI_WARN;
	wrapf(b, LABEL_W, "Verdict", "%s %s%s", kc_gate_name(v.gate), d->s.dose_start ? "at dose start" : "now",
	      v.overridden ? " (blocks overridden by a physician)" : "");
	b->tone = UI_NORMAL;
	for (int i = 0; i < v.n; i++)
		wrapf(b, LABEL_W + 2, "", "- %s%s", v.r[i].text, gate_tag(v.r[i].level));
}

/* What a confirmation or override answer is about, or NULL if it is not one. */
static const char *confirm_what(const char *item, char *buf, size_t n)
{
	static const char *const named[][2] = {
		{ "bp_confirm", "pre-dose BP" }, { "fasting_confirm", "fasting" },
		{ "pretreat_confirm", "nasal pretreatment" }, { "suicide_confirm", "suicide risk" },
		{ "override", "OVERRIDE of the blocks" },
	};
	size_t nitems;
	const struct kc_check_item *items = kc_check_items(&nitems);
	int k;

	if (strncmp(item, "confirm.", 8) == 0) {
		k = kc_check_item_index(item + 8);
		snprintf(buf, n, "%s", k >= 0 && (size_t)k < nitems ? items[k].label : item + 8);
		return buf;
	}
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strcmp(item, named[i][0]) == 0)
			return named[i][1];
	return NULL;
}

static void build_confirmations(struct bld *b, const struct data *d)
{
	char what[KC_NAME_MAX], t[16];

	for (size_t i = 0; i < d->nans; i++) {
		const struct kc_answer_row *a = &d->ans[i];
		const char *w = confirm_what(a->item, what, sizeof what);

		if (!w)
			continue;
		wrapf(b, LABEL_W, strcmp(a->item, "override") == 0 ? "Override" : "Confirmed", "%s: %s - %s, %s", w,
		      a->note[0] ? a->note : a->value, a->by, hm(a->at, t, sizeof t));
	}
}

static void build_scales(struct bld *b, const struct kc_screening *scr)
{
	struct kc_score sc;
	enum kc_risk risk;

	if (scr->has_phq9 && kc_phq9_score(scr->phq9, &sc, NULL) == KC_OK)
		wrapf(b, LABEL_W, "PHQ-9", "%d of 27 (%s)%s", sc.total, sc.band,
		      sc.flag ? "; item 9 > 0: suicide-risk assessment required" : "");
	else
		wrap(b, LABEL_W, "PHQ-9", "not complete");
	if (scr->has_gad7 && kc_gad7_score(scr->gad7, &sc, NULL) == KC_OK)
		wrapf(b, LABEL_W, "GAD-7", "%d of 21 (%s)", sc.total, sc.band);
	else
		wrap(b, LABEL_W, "GAD-7", "not complete");
	if (scr->has_cssrs && kc_cssrs_risk(&scr->cssrs, &risk, NULL) == KC_OK) {
		b->tone = risk == KC_RISK_HIGH ? UI_CRIT : risk == KC_RISK_MODERATE ? UI_WARN : UI_NORMAL;
		wrapf(b, LABEL_W, "C-SSRS", "risk %s", kc_risk_name(risk));
		b->tone = UI_NORMAL;
	} else {
		wrap(b, LABEL_W, "C-SSRS", "not complete");
	}
	if (scr->weight_kg > 0)
		wrapf(b, LABEL_W, "Weight", "%.1f kg", scr->weight_kg);
	else
		wrap(b, LABEL_W, "Weight", "not entered");
}

static void build_screening(struct bld *b, const struct data *d)
{
	section(b, "Screening");
	build_verdict(b, d);
	build_confirmations(b, d);
	build_scales(b, &d->scr);
}

/* ---------- dose ---------- */

static void build_plan(struct bld *b, const struct kc_session *s)
{
	struct kc_iv_dose dd;
	const struct kc_config *cfg = b->cfg;

	if (s->route == KC_ROUTE_IV && s->planned_mg > 0 &&
	    kc_iv_dose_calc(s->weight_kg, s->planned_mg_per_kg, &cfg->iv, &cfg->limits, &dd, NULL) == KC_OK)
		wrapf(b, LABEL_W, "Planned", "%.2f mg/kg x %.1f kg = %.1f mg; %.1f mL of %.0f mg/mL stock; "
		      "pump %.1f mL/h over %d min", s->planned_mg_per_kg, s->weight_kg, s->planned_mg, dd.ml_stock,
		      cfg->iv.stock_mg_per_ml, dd.rate_ml_h, cfg->iv.infusion_min);
	else if (s->planned_mg > 0)
		wrapf(b, LABEL_W, "Planned", "%.1f mg", s->planned_mg);
	else
		wrap(b, LABEL_W, "Planned", "no dose planned");
	wrapf(b, LABEL_W, "Given", "%.1f mg", s->given_mg);
}

static void build_dose_row(struct bld *b, const struct kc_dose_row *r)
{
	char t[16], what[LINE_BYTES], lead[32];
	size_t len = 0;

	what[0] = '\0';
	if (r->device_no)
		len += (size_t)snprintf(what + len, sizeof what - len, "device %d, ", r->device_no);
	if (r->mg > 0 && len < sizeof what)
		len += (size_t)snprintf(what + len, sizeof what - len, "%.1f mg, ", r->mg);
	if (r->rate_ml_h > 0 && len < sizeof what)
		len += (size_t)snprintf(what + len, sizeof what - len, "%.1f mL/h, ", r->rate_ml_h);
	if (r->lot[0] && len < sizeof what)
		len += (size_t)snprintf(what + len, sizeof what - len, "lot %s, ", r->lot);
	if (len < sizeof what)
		snprintf(what + len, sizeof what - len, "by %s%s%s%s", r->entered_by, r->late ? ", LATE" : "",
			 r->note[0] ? "; " : "", r->note);
	b->dim = r->eie.code != KC_EIE_NONE;
	snprintf(lead, sizeof lead, "%s %s%s", hm(r->at, t, sizeof t), b->dim ? "[ERR] " : "",
		 kc_dose_kind_name(r->kind));
	wrap(b, b->dim ? 19 : 13, lead, what);
	eie_lines(b, &r->eie, "dose entry");
	b->dim = 0;
}

static void build_dose(struct bld *b, const struct data *d)
{
	struct rows r = ROWS(d->dr, d->nd, struct kc_dose_row);
	size_t *order = row_order(&r);

	section(b, "Dose");
	build_plan(b, &d->s);
	if (!d->nd)
		put(b, "No dose events recorded.");
	for (size_t i = 0; order && i < d->nd; i++)
		build_dose_row(b, &d->dr[order[i]]);
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
		level_word(r->level),
		r->acked ? "ack" : r->level == KC_LEVEL_CRITICAL ? "NOT ACKED" : "",
		r->late ? "LATE" : "",
		r->eie.corrects ? "correction" : "",
	};
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < sizeof w / sizeof w[0] && len < n; i++)
		if (w[i][0])
			len += (size_t)snprintf(out + len, n - len, "%s%s", len ? " " : "", w[i]);
}

static void vitals_details(struct bld *b, const struct kc_vitals_row *r)
{
	char t[16], e[16];

	if (r->status != KC_VITALS_TAKEN)
		wrapf(b, DETAIL_W, "", "%s: %s", r->status == KC_VITALS_REFUSED ? "REFUSED" : "UNAVAILABLE", r->reason);
	if (r->level != KC_LEVEL_OK)
		wrapf(b, DETAIL_W, "", "%s: %s", level_word(r->level), r->alerts);
	if (r->acked)
		wrapf(b, DETAIL_W, "", "acknowledged %s by %s: %s", hm(r->ack_at, t, sizeof t), r->ack_by,
		      r->ack_action);
	else if (r->level == KC_LEVEL_CRITICAL)
		wrap(b, DETAIL_W, "", "CRIT alert NOT ACKNOWLEDGED");
	if (r->late)
		wrapf(b, DETAIL_W, "", "LATE entry: taken %s, entered %s by %s", hm(r->taken_at, t, sizeof t),
		      hm(r->entered_at, e, sizeof e), r->entered_by);
}

static void build_vitals_row(struct bld *b, const struct kc_vitals_row *r, size_t row)
{
	char t[16], hr[8], spo2[8], rr[8], moaas[8], flags[96];
	struct vtext vt;

	vitals_text(&r->v, &vt);
	vitals_flags(r, flags, sizeof flags);
	entry_begin(b, E_VITALS, row);
	b->dim = r->eie.code != KC_EIE_NONE;
	b->tone = b->dim ? UI_NORMAL : level_tone(r->level);
	putf(b, "%-5s %-7s %4s %4s %4s %4s %6s %s", hm(r->taken_at, t, sizeof t), vt.bp[0] ? vt.bp : "-",
	     num(r->v.heart_rate, hr, sizeof hr), num(r->v.spo2, spo2, sizeof spo2),
	     num(r->v.resp_rate, rr, sizeof rr), vt.temp[0] ? vt.temp : "-", num(r->v.moaas, moaas, sizeof moaas),
	     flags);
	b->tone = UI_NORMAL;
	vitals_details(b, r);
	eie_lines(b, &r->eie, "reading");
	entry_end(b);
}

static void build_vitals(struct bld *b, const struct data *d)
{
	struct rows r = ROWS(d->vr, d->nv, struct kc_vitals_row);
	size_t *order = row_order(&r);

	section(b, "Vitals");
	if (!d->nv) {
		put(b, "No readings recorded.");
		free(order);
		return;
	}
	b->bold = 1;
	putf(b, "%-5s %-7s %4s %4s %4s %4s %6s %s", "Time", "BP", "HR", "SpO2", "RR", "Temp", "MOAA/S", "Flags");
	putf(b, "%-5s %-7s %4s %4s %4s %s %6s", "", "mmHg", "/min", "%", "/min", b->ui->utf8 ? "  \u00b0C" : "   C",
	     "0-5");
	b->bold = 0;
	for (size_t i = 0; order && i < d->nv; i++)
		build_vitals_row(b, &d->vr[order[i]], order[i]);
	b->failed |= !order;
	free(order);
}

/* ---------- the trend plot ---------- */

/* Two panels over one time axis: BP (systolic S, diastolic D) in mmHg, then heart rate
 * (H) in /min on its own scale, since diastolic and heart rate often share values. */
#define PLOT_LABEL 6     /* " 180 |" */
#define BP_ROWS_MAX 12 /* 10 mmHg a row over most sessions */
#define HR_ROWS_MAX 6

struct pt {
	time_t t;
	int v[3]; /* systolic, diastolic, heart rate; KC_NONE when not taken */
};
static const char series_ch[3] = { 'S', 'D', 'H' };

struct yaxis {
	int first, last; /* the series shown: v[first..last] */
	int y0, y1, step, rows;
};

struct xaxis {
	time_t x0, x1; /* the times at the left and right edge */
	int tick_min;  /* minutes between time labels */
	int pw;        /* plot columns */
};

/* Valid readings with a BP or a heart rate, in time order. */
static size_t plot_points(const struct data *d, struct pt *pts)
{
	size_t k = 0;

	for (size_t i = 0; i < d->nv; i++) {
		const struct kc_vitals_row *r = &d->vr[i];

		if (r->eie.code != KC_EIE_NONE || r->status != KC_VITALS_TAKEN ||
		    (r->v.systolic == KC_NONE && r->v.heart_rate == KC_NONE))
			continue;
		pts[k].t = r->taken_at;
		pts[k].v[0] = r->v.systolic;
		pts[k].v[1] = r->v.systolic == KC_NONE ? KC_NONE : r->v.diastolic;
		pts[k].v[2] = r->v.heart_rate;
		k++;
	}
	return k;
}

/* The finest round step that fits the values in max_rows; 0 rows when none is taken. */
static void y_axis(const struct pt *pts, size_t n, int max_rows, struct yaxis *ax)
{
	static const int steps[] = { 5, 10, 20, 25, 50, 100 };
	int lo = 1000, hi = -1000;

	ax->rows = 0;
	for (size_t i = 0; i < n; i++)
		for (int s = ax->first; s <= ax->last; s++)
			if (pts[i].v[s] != KC_NONE) {
				lo = pts[i].v[s] < lo ? pts[i].v[s] : lo;
				hi = pts[i].v[s] > hi ? pts[i].v[s] : hi;
			}
	if (hi < lo)
		return;
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		ax->step = steps[i];
		ax->y0 = lo / ax->step * ax->step;
		ax->y1 = (hi + ax->step - 1) / ax->step * ax->step;
		if (ax->y1 == ax->y0)
			ax->y1 += ax->step;
		ax->rows = (ax->y1 - ax->y0) / ax->step + 1;
		if (ax->rows <= max_rows)
			break;
	}
}

/* The last local clock time at or before t on a multiple of iv minutes of the day. */
static time_t tick_floor(time_t t, int iv)
{
	struct tm tm;

	localtime_r(&t, &tm);
	return t - tm.tm_sec - (time_t)((tm.tm_hour * 60 + tm.tm_min) % iv) * 60;
}

/* The time axis: the smallest label interval that leaves room for "HH:MM" labels. */
static void x_axis(time_t first, time_t last, struct xaxis *ax)
{
	static const int ivs[] = { 5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 720, 1440 };

	for (size_t i = 0; i < sizeof ivs / sizeof ivs[0]; i++) {
		ax->tick_min = ivs[i];
		ax->x0 = tick_floor(first, ivs[i]);
		ax->x1 = tick_floor(last, ivs[i]);
		if (ax->x1 < last || ax->x1 == ax->x0)
			ax->x1 += (time_t)ivs[i] * 60;
		if ((long long)(ax->pw - 1) * ivs[i] * 60 / (ax->x1 - ax->x0) >= 7)
			break;
	}
}

static int x_of(const struct xaxis *ax, time_t t)
{
	long long span = ax->x1 - ax->x0;

	return (int)(((long long)(t - ax->x0) * (ax->pw - 1) * 2 + span) / (2 * span));
}

/* One panel: a row per step, the value at the left; "*" where two series meet. */
static void plot_panel(struct bld *b, const struct pt *pts, size_t n, const struct xaxis *xa,
		       const struct yaxis *ya, const char *unit)
{
	const char *vbar = b->ui->utf8 ? "\u2502" : "|";
	char *grid = malloc((size_t)(ya->rows * xa->pw));

	if (!grid) {
		b->failed = 1;
		return;
	}
	memset(grid, ' ', (size_t)(ya->rows * xa->pw));
	for (size_t i = 0; i < n; i++)
		for (int s = ya->first; s <= ya->last; s++) {
			int v = pts[i].v[s];
			char *cell;

			if (v == KC_NONE)
				continue;
			cell = &grid[(ya->y1 - v + ya->step / 2) / ya->step * xa->pw + x_of(xa, pts[i].t)];
			*cell = *cell == ' ' || *cell == series_ch[s] ? series_ch[s] : '*';
		}
	putf(b, "%5s %s", unit, vbar);
	for (int y = 0; y < ya->rows; y++)
		putf(b, "%5d %s%.*s", ya->y1 - y * ya->step, vbar, xa->pw, grid + y * xa->pw);
	free(grid);
}

/* The axis line under the plot, with a tick at every label. */
static void plot_axis_line(struct bld *b, const struct xaxis *ax)
{
	const char *corner = b->ui->utf8 ? "\u2514" : "+", *h = b->ui->utf8 ? "\u2500" : "-";
	const char *tick = b->ui->utf8 ? "\u252c" : "+";
	char line[LINE_BYTES];
	size_t len = (size_t)snprintf(line, sizeof line, "%*s%s", PLOT_LABEL, "", corner);

	for (int x = 0; x < ax->pw && len + 4 < sizeof line; x++) {
		int on_tick = 0;

		for (time_t t = ax->x0; t <= ax->x1 && !on_tick; t += (time_t)ax->tick_min * 60)
			on_tick = x_of(ax, t) == x;
		len += (size_t)snprintf(line + len, sizeof line - len, "%s", on_tick ? tick : h);
	}
	put(b, line);
}

static void plot_time_labels(struct bld *b, const struct xaxis *ax)
{
	char line[LINE_BYTES], t[16];
	int w = PLOT_LABEL + 1 + ax->pw + 2, end = 0;

	memset(line, ' ', (size_t)w);
	line[w] = '\0';
	for (time_t tt = ax->x0; tt <= ax->x1; tt += (time_t)ax->tick_min * 60) {
		int at = PLOT_LABEL + 1 + x_of(ax, tt) - 2;

		at = at + 5 > w ? w - 5 : at;
		if (at < end)
			continue;
		hm(tt, t, sizeof t);
		memcpy(line + at, t, strlen(t));
		end = at + (int)strlen(t) + 1;
	}
	put(b, line);
}

static void build_trend(struct bld *b, const struct data *d)
{
	struct pt *pts = calloc(d->nv ? d->nv : 1, sizeof *pts);
	struct yaxis bp = { .first = 0, .last = 1 }, hr = { .first = 2, .last = 2 };
	struct xaxis xa;
	size_t n;

	section(b, "Trend: BP and heart rate");
	if (!pts) {
		b->failed = 1;
		return;
	}
	n = plot_points(d, pts);
	memset(&xa, 0, sizeof xa);
	xa.pw = b->w - PLOT_LABEL - 1 - 2; /* room for half a time label past the last tick */
	if (n == 0 || xa.pw < 20) {
		put(b, n ? "The terminal is too narrow for the plot." : "No readings to plot yet.");
		free(pts);
		return;
	}
	x_axis(pts[0].t, pts[n - 1].t, &xa);
	y_axis(pts, n, BP_ROWS_MAX, &bp);
	y_axis(pts, n, HR_ROWS_MAX, &hr);
	if (bp.rows)
		plot_panel(b, pts, n, &xa, &bp, "mmHg");
	if (hr.rows)
		plot_panel(b, pts, n, &xa, &hr, "/min");
	plot_axis_line(b, &xa);
	plot_time_labels(b, &xa);
	wrap(b, 0, "", "Legend: S systolic and D diastolic BP (mmHg), H heart rate (/min), * both at one "
	     "point; across: time taken. Readings entered in error are not plotted.");
	free(pts);
}

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

static void obs_details(struct bld *b, const struct kc_obs_row *o)
{
	char t[16], e[16];

	if (o->items[0])
		wrapf(b, DETAIL_W, "", "items (number:score): %s", o->items);
	if (o->vomiting > 0)
		wrapf(b, DETAIL_W, "", "vomiting: %d episode%s", o->vomiting, o->vomiting == 1 ? "" : "s");
	if (o->intervention[0])
		wrapf(b, DETAIL_W, "", "intervention: %s", o->intervention);
	if (o->note[0])
		wrapf(b, DETAIL_W, "", "note: %s", o->note);
	if (o->level != KC_LEVEL_OK)
		wrapf(b, DETAIL_W, "", "%s: %s", level_word(o->level), o->alerts);
	if (o->late)
		wrapf(b, DETAIL_W, "", "LATE entry: observed %s, entered %s by %s", hm(o->observed_at, t, sizeof t),
		      hm(o->entered_at, e, sizeof e), o->entered_by);
}

static void build_obs_row(struct bld *b, const struct kc_obs_row *o, size_t row)
{
	char t[16], what[KC_NAME_MAX + 80];
	const char *band = obs_band(b->cfg, o);

	entry_begin(b, E_OBS, row);
	b->dim = o->eie.code != KC_EIE_NONE;
	snprintf(what, sizeof what, "%s%s%s", kc_obs_kind_label(o->kind), o->detail[0] ? ": " : "", o->detail);
	b->tone = b->dim ? UI_NORMAL : level_tone(o->level);
	wrapf(b, DETAIL_W, hm(o->observed_at, t, sizeof t), "%s%s, %s %d%s%s%s%s%s%s%s", b->dim ? "[ERR] " : "",
	      what, kc_scale_name(o->scale), o->score, band[0] ? " (" : "", band, band[0] ? ")" : "",
	      o->level ? " " : "", level_word(o->level), o->late ? " LATE" : "", o->eie.corrects ? " correction" : "");
	b->tone = UI_NORMAL;
	obs_details(b, o);
	eie_lines(b, &o->eie, "observation");
	entry_end(b);
}

static void build_observations(struct bld *b, const struct data *d)
{
	struct rows r = ROWS(d->obs, d->no, struct kc_obs_row);
	size_t *order = row_order(&r);

	section(b, "Observations (side effects)");
	if (!d->no)
		put(b, "No observations recorded.");
	for (size_t i = 0; order && i < d->no; i++)
		build_obs_row(b, &d->obs[order[i]], order[i]);
	b->failed |= !order;
	free(order);
}

/* ---------- discharge, outcome, corrections, addenda ---------- */

static void build_discharge(struct bld *b, const struct data *d)
{
	char t[16];

	section(b, "Discharge");
	if (!d->ndc)
		put(b, "No discharge assessment recorded.");
	for (size_t i = 0; i < d->ndc; i++) {
		const struct kc_discharge_row *r = &d->dc[i];
		const struct kc_aldrete *a = &r->aldrete;

		b->tone = r->ready ? UI_NORMAL : UI_WARN;
		wrapf(b, DETAIL_W, hm(r->at, t, sizeof t), "%s, Modified Aldrete %d of 10 - assessed by %s",
		      r->ready ? "READY for discharge" : "NOT READY", r->aldrete_total, r->by);
		b->tone = UI_NORMAL;
		wrapf(b, DETAIL_W, "", "activity %d, respiration %d, circulation %d, consciousness %d, SpO2 %d; "
		      "gait %s; escort %s; instructions %s", a->activity, a->respiration, a->circulation,
		      a->consciousness, a->spo2,
		      r->gait_steady == KC_NONE ? "not assessed" : r->gait_steady ? "steady" : "UNSTEADY",
		      r->escort_confirmed ? "confirmed" : "NOT confirmed", r->instructions_given ? "given" : "NOT given");
		if (r->unmet[0])
			wrapf(b, DETAIL_W, "", "unmet: %s", r->unmet);
		if (r->override_reason[0])
			wrapf(b, DETAIL_W, "", "discharged with unmet criteria because: %s", r->override_reason);
	}
}

static void build_outcome(struct bld *b, const struct data *d)
{
	char t[32];

	section(b, "Outcome");
	if (d->s.outcome[0])
		wrapf(b, LABEL_W, "Outcome", "%s%s%s, %s", d->s.outcome, d->s.outcome_reason[0] ? ": " : "",
		      d->s.outcome_reason, when(d->s.ended_at, t, sizeof t));
	else
		wrapf(b, LABEL_W, "Outcome", "session still open (%s)", kc_phase_name(d->s.phase));
	if (d->s.signed_by[0]) {
		wrapf(b, LABEL_W, "Signature", "signed by %s, %s", d->s.signed_by, when(d->s.signed_at, t, sizeof t));
	} else {
		b->tone = UI_WARN;
		wrap(b, LABEL_W, "Signature", "NOT SIGNED");
		b->tone = UI_NORMAL;
	}
}

static void correction_line(struct bld *b, const char *what, time_t at, const struct kc_eie *e)
{
	char t[16], a[16];

	if (e->code == KC_EIE_NONE)
		return;
	wrapf(b, DETAIL_W, hm(e->at, t, sizeof t), "%s: %s of %s entered in error (%s): %s%s", e->by, what,
	      hm(at, a, sizeof a), kc_eie_name(e->code), e->reason, e->replaced_by ? "; replaced" : "");
}

static void build_corrections(struct bld *b, const struct data *d)
{
	int before;

	section(b, "Corrections (amendments)");
	before = b->pg->n;
	for (size_t i = 0; i < d->nv; i++)
		correction_line(b, "reading", d->vr[i].taken_at, &d->vr[i].eie);
	for (size_t i = 0; i < d->no; i++)
		correction_line(b, "observation", d->obs[i].observed_at, &d->obs[i].eie);
	for (size_t i = 0; i < d->nd; i++)
		correction_line(b, "dose entry", d->dr[i].at, &d->dr[i].eie);
	if (b->pg->n == before)
		put(b, "No corrections.");
}

static void build_addenda(struct bld *b, const struct data *d)
{
	char t[32];

	section(b, "Addenda");
	if (!d->nad)
		put(b, "No addenda. a adds one.");
	for (size_t i = 0; i < d->nad; i++) {
		b->bold = 1;
		wrapf(b, 0, "", "%s, by %s:", when(d->ad[i].at, t, sizeof t), d->ad_who[i]);
		b->bold = 0;
		wrap(b, 4, "", d->ad[i].text);
	}
}

static int page_build(const struct ui *ui, const struct data *d, int w, struct page *out)
{
	struct bld b;

	memset(out, 0, sizeof *out);
	memset(&b, 0, sizeof b);
	b.ui = ui;
	b.cfg = ui->app->cfg;
	b.pg = out;
	b.w = w;
	b.now = ui->now;
	build_header(&b, d);
	build_screening(&b, d);
	build_dose(&b, d);
	build_vitals(&b, d);
	build_trend(&b, d);
	build_observations(&b, d);
	build_discharge(&b, d);
	build_outcome(&b, d);
	build_corrections(&b, d);
	build_addenda(&b, d);
	if (b.failed)
		page_free(out);
	return b.failed ? -1 : 0;
}

/* ---------- the cursor ---------- */

static const struct entry *cursor_entry(const struct chart *c)
{
	int sel = c->l.sel;

	if (sel < 0 || sel >= c->pg.n || !c->pg.lines[sel].ent)
		return NULL;
	return &c->pg.ents[c->pg.lines[sel].ent - 1];
}

static kc_id entry_id(const struct chart *c, const struct entry *e)
{
	return e->type == E_VITALS ? c->d.vr[e->row].id : c->d.obs[e->row].id;
}

/* Cursor on the first line of entry i, with as much of the entry in view as fits. */
static void show_entry(struct chart *c, int i)
{
	int first = c->pg.ents[i].line, last = first;

	while (last + 1 < c->pg.n && c->pg.lines[last + 1].ent == i + 1)
		last++;
	c->l.sel = first;
	if (c->rows > 0 && last >= c->l.top + c->rows)
		c->l.top = last - c->rows + 1;
	ui_list_scroll(&c->l, c->rows);
}

/* Put the cursor on the entry of type with id; 0 if it is not on the page. */
static int focus_entry(struct chart *c, enum etype type, kc_id id)
{
	for (int i = 0; i < c->pg.ne; i++)
		if (c->pg.ents[i].type == type && entry_id(c, &c->pg.ents[i]) == id) {
			show_entry(c, i);
			return 1;
		}
	return 0;
}

/* Where the cursor is, so that a rebuilt page (reload, new width) keeps it in place. */
struct anchor {
	enum etype type;
	kc_id id;
	int off; /* the cursor's line within its entry, or the line itself without one */
	int dy;  /* the cursor's row on the screen */
};

static void anchor_save(const struct chart *c, struct anchor *a)
{
	const struct entry *e = cursor_entry(c);

	a->type = e ? e->type : E_NONE;
	a->id = e ? entry_id(c, e) : 0;
	a->off = e ? c->l.sel - e->line : c->l.sel;
	a->dy = c->l.sel > c->l.top ? c->l.sel - c->l.top : 0;
}

static void anchor_restore(struct chart *c, const struct anchor *a)
{
	int sel = a->off;

	for (int i = 0; a->type && i < c->pg.ne; i++)
		if (c->pg.ents[i].type == a->type && entry_id(c, &c->pg.ents[i]) == a->id) {
			sel = c->pg.ents[i].line + a->off;
			if (sel >= c->pg.n || c->pg.lines[sel].ent != i + 1)
				sel = c->pg.ents[i].line; /* the entry got shorter */
		}
	ui_list_set(&c->l, c->pg.n);
	c->l.sel = sel < 0 ? 0 : sel >= c->pg.n ? c->pg.n - 1 : sel;
	c->l.top = c->l.sel - a->dy < 0 ? 0 : c->l.sel - a->dy;
	ui_list_scroll(&c->l, c->rows);
}

/* Tab / S-Tab: the first line of the next / previous entry. */
static void jump_entry(struct ui *ui, struct chart *c, int dir)
{
	const struct entry *cur = cursor_entry(c);
	int from = cur ? cur->line : c->l.sel;

	for (int i = dir > 0 ? 0 : c->pg.ne - 1; i >= 0 && i < c->pg.ne; i += dir) {
		int line = c->pg.ents[i].line;

		if ((dir > 0 && line > c->l.sel) || (dir < 0 && line < from)) {
			show_entry(c, i);
			ui_mark(ui, UI_BODY);
			return;
		}
	}
	ui_msg(ui, UI_NORMAL, dir > 0 ? "No more readings or observations below." : "No readings or observations above.");
}

/* PgUp/PgDn scroll the page and the cursor together, like a document. */
static void page_move(struct chart *c, int act)
{
	int page = c->rows > 1 ? c->rows - 1 : 1, max_top = c->pg.n - c->rows;

	if (act != ACT_PGUP && act != ACT_PGDN) {
		ui_list_move(&c->l, act, c->rows);
		return;
	}
	page = act == ACT_PGUP ? -page : page;
	c->l.top += page;
	c->l.sel += page;
	c->l.top = c->l.top > max_top ? max_top : c->l.top;
	c->l.top = c->l.top < 0 ? 0 : c->l.top;
	c->l.sel = c->l.sel >= c->pg.n ? c->pg.n - 1 : c->l.sel < 0 ? 0 : c->l.sel;
	ui_list_scroll(&c->l, c->rows);
}

/* ---------- (re)loading the chart ---------- */

static int layout_width(WINDOW *w)
{
	int cols = getmaxx(w) - 2;

	return cols > LAYOUT_MAX ? LAYOUT_MAX : cols;
}

static void set_title(struct ui *ui, const struct chart *c)
{
	ui_set_title(ui, "%s (%s) - chart, %s%s", c->d.p.name, c->d.p.chart_no, kc_phase_name(c->d.s.phase),
		     c->d.s.signed_by[0] ? ", signed" : "");
}

static int same_page(const struct page *a, const struct page *b)
{
	if (a->n != b->n)
		return 0;
	for (int i = 0; i < a->n; i++)
		if (strcmp(a->lines[i].text, b->lines[i].text) || a->lines[i].dim != b->lines[i].dim ||
		    a->lines[i].tone != b->lines[i].tone)
			return 0;
	return 1;
}

/* Load from the store and rebuild; the cursor stays on the same entry (or line). */
static int reload(struct ui *ui, struct chart *c, struct kc_err *err)
{
	struct data d;
	struct page pg;
	struct anchor a;
	int rc = data_load(ui->app->store, c->ref.session, &d, err);

	c->loaded_at = time(NULL);
	if (rc != KC_OK)
		return rc;
	memset(&pg, 0, sizeof pg);
	if (c->width && page_build(ui, &d, c->width, &pg) != 0) {
		data_free(&d);
		return kc_fail(err, KC_ERR_NOMEM, "out of memory building the chart");
	}
	if (!c->width || !same_page(&pg, &c->pg))
		ui_mark(ui, UI_BODY);
	anchor_save(c, &a);
	data_free(&c->d);
	page_free(&c->pg);
	c->d = d;
	c->pg = pg;
	c->have = 1;
	anchor_restore(c, &a);
	set_title(ui, c);
	return KC_OK;
}

static void reload_or_say(struct ui *ui, struct chart *c)
{
	struct kc_err err;

	kc_err_clear(&err);
	if (reload(ui, c, &err) != KC_OK)
		ui_error(ui, &err);
}

/* ---------- correcting a reading ---------- */

static void fix_common(struct fix *x, const char *what, time_t at)
{
	char t[16];

	for (int i = 0; i < KC_EIE_INVALID; i++)
		x->codes[i] = kc_eie_name((enum kc_error_code)(i + 1));
	x->codes[KC_EIE_INVALID] = NULL;
	snprintf(x->title, sizeof x->title, "Correct the %s of %s", what, hm(at, t, sizeof t));
	x->f[FX_CODE] = (struct uif_field){ .label = "What was wrong", .type = UIF_CHOICE, .choices = x->codes,
					    .init = kc_eie_name(KC_EIE_WRONG_VALUE),
					    .hint = "Left/Right: wrong time, value, patient, invalid" };
	x->f[FX_WHY] = (struct uif_field){ .label = "Why (required)", .width = 36, .max = KC_NOTE_MAX - 1,
					   .hint = "e.g. typed 118 for a pulse of 78" };
}

/* A value field showing what is stored now ("-" clears it unless it is a score). */
static void fix_field(struct fix *x, int i, const char *label, int width, const char *accept, const char *was,
		      const char *unit)
{
	int clears = !accept || strchr(accept, '-');

	kc_strlcpy(x->label[i], label, sizeof x->label[i]);
	snprintf(x->hint[i], sizeof x->hint[i], "now %s%s%s; empty keeps it%s", was[0] ? was : "empty",
		 was[0] && unit[0] ? " " : "", was[0] ? unit : "", clears ? ", - clears it" : "");
	x->f[i] = (struct uif_field){ .label = x->label[i], .type = accept ? UIF_NUMBER : UIF_TEXT, .width = width,
				      .max = accept ? width : KC_NOTE_MAX - 1, .accept = accept, .hint = x->hint[i] };
}

static void fix_time_field(struct fix *x, int i, time_t was)
{
	char t[16];

	kc_strlcpy(x->label[i], "Time (HH:MM)", sizeof x->label[i]);
	snprintf(x->hint[i], sizeof x->hint[i], "now %s; empty keeps it", hm(was, t, sizeof t));
	x->f[i] = (struct uif_field){ .label = x->label[i], .type = UIF_NUMBER, .width = 5, .accept = "0123456789:",
				      .hint = x->hint[i] };
}

/* "" keeps the original, "-" clears it, anything else replaces it. */
static const char *keep_or(const char *typed, const char *orig)
{
	if (!typed[0])
		return orig;
	return strcmp(typed, "-") == 0 ? "" : typed;
}

static void fixed(struct ui *ui, struct chart *c, enum etype type, kc_id orig, kc_id repl, time_t at,
		  enum kc_error_code code)
{
	char t[16];

	reload_or_say(ui, c);
	focus_entry(c, type, repl ? repl : orig);
	ui_msg(ui, UI_OK, "%s %s marked entered in error (%s)%s", hm(at, t, sizeof t),
	       type == E_VITALS ? "reading" : "observation", kc_eie_name(code),
	       repl ? "; correction below." : ", not replaced.");
}

struct vfix_text {
	char why[KC_NOTE_MAX];
	char val[5][16];
	char time[16];
	int any;
};

static void vfix_read(struct ui_form *f, struct vfix_text *t)
{
	memset(t, 0, sizeof *t);
	kc_strlcpy(t->why, ui_form_text(f, FX_WHY), sizeof t->why);
	for (int i = 0; i < 5; i++) {
		kc_strlcpy(t->val[i], ui_form_text(f, (size_t)(FV_BP + i)), sizeof t->val[i]);
		t->any |= t->val[i][0] != '\0';
	}
	kc_strlcpy(t->time, ui_form_text(f, FV_TIME), sizeof t->time);
	t->any |= t->time[0] != '\0';
}

static int vfix_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct chart *c = priv;
	const struct kc_vitals_row *o = &c->fx.v;
	enum kc_error_code code = (enum kc_error_code)(ui_form_choice(f, FX_CODE) + 1);
	struct kc_vitals_result res;
	struct kc_vitals_entry e;
	struct vfix_text t;
	struct vtext was;
	int rc;

	vfix_read(f, &t);
	vitals_text(&o->v, &was);
	memset(&e, 0, sizeof e);
	e.text = (struct kc_vitals_text){ keep_or(t.val[0], was.bp), keep_or(t.val[1], was.hr),
					  keep_or(t.val[2], was.spo2), keep_or(t.val[3], was.rr), was.temp,
					  keep_or(t.val[4], was.moaas) };
	/* A refused / unavailable reading stays so unless values are typed. */
	if (!e.text.bp[0] && !e.text.heart_rate[0] && !e.text.spo2[0] && !e.text.resp_rate[0] && !e.text.temp[0] &&
	    !e.text.moaas[0]) {
		e.status = o->status;
		e.reason = o->reason;
	}
	if (t.time[0] && (rc = kc_time_parse_hm(t.time, o->taken_at, &e.taken, err)) != KC_OK)
		return rc;
	rc = kc_chart_vitals_correct(ui->app->store, ui->app->cfg, o->id, code, t.why, t.any ? &e : NULL, ui->now,
				     &res, err);
	if (rc == KC_OK)
		fixed(ui, c, E_VITALS, o->id, t.any ? res.id : 0, o->taken_at, code);
	return rc;
}

static void vfix_open(struct ui *ui, struct chart *c, const struct kc_vitals_row *r)
{
	struct fix *x = &c->fx;
	struct vtext was;

	memset(x, 0, sizeof *x);
	x->type = E_VITALS;
	x->v = *r;
	vitals_text(&r->v, &was);
	fix_common(x, "reading", r->taken_at);
	fix_field(x, FV_BP, "BP (e.g. 142/91)", 7, "0123456789/-", was.bp, "mmHg");
	fix_field(x, FV_HR, "HR /min", 3, "0123456789-", was.hr, "/min");
	fix_field(x, FV_SPO2, "SpO2 %", 4, "0123456789%-", was.spo2, "%");
	fix_field(x, FV_RR, "RR /min", 3, "0123456789-", was.rr, "/min");
	fix_field(x, FV_MOAAS, "MOAA/S (0-5)", 2, "012345-", was.moaas, "");
	fix_time_field(x, FV_TIME, r->taken_at);
	x->def = (struct uif_def){ .title = x->title, .fields = x->f, .n = FV_N, .row = 1, .submit = vfix_submit };
	if (ui_form_open(ui, &x->def, c))
		ui_msg(ui, UI_NORMAL, "Type only what changes; leave all values empty to only mark it in error.");
}

/* ---------- correcting an observation ---------- */

static int scale_max(enum kc_scale s)
{
	static const int max[KC_SCALE_COUNT] = {
		[KC_SCALE_CADSS] = 92, [KC_SCALE_CADSS6] = 24, [KC_SCALE_NRS] = 10,
		[KC_SCALE_MOAAS] = 5, [KC_SCALE_SEVERITY] = 3, [KC_SCALE_EPISODES] = 50,
	};

	return (unsigned)s < KC_SCALE_COUNT ? max[s] : 0;
}

/* The corrected entry: the original with the typed changes (empty keeps, and the core
 * validates and flags it like a new observation). */
static int ofix_entry(const struct chart *c, struct ui_form *f, struct kc_obs_entry *e, struct kc_err *err)
{
	const struct kc_obs_row *o = &c->fx.o;
	char score[16], tt[16], *end;

	*e = (struct kc_obs_entry){ .kind = o->kind, .scale = o->scale, .score = o->score,
				    .vomiting = o->vomiting, .detail = o->detail, .observed = o->observed_at };
	kc_strlcpy(score, ui_form_text(f, FO_SCORE), sizeof score);
	kc_strlcpy(tt, ui_form_text(f, FO_TIME), sizeof tt);
	if (score[0]) {
		long v = strtol(score, &end, 10);

		if (*end || v < 0 || v > 1000)
			return kc_fail(err, KC_ERR_INVALID, "score \"%s\": type a whole number 0-%d", score,
				       scale_max(o->scale));
		e->score = (int)v;
	}
	if (tt[0]) {
		int rc = kc_time_parse_hm(tt, o->observed_at, &e->observed, err);

		if (rc != KC_OK)
			return rc;
	}
	return KC_OK;
}

static int ofix_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct chart *c = priv;
	const struct kc_obs_row *o = &c->fx.o;
	enum kc_error_code code = (enum kc_error_code)(ui_form_choice(f, FX_CODE) + 1);
	struct kc_obs_entry e;
	char why[KC_NOTE_MAX], interv[KC_NOTE_MAX], note[KC_NOTE_MAX];
	kc_id id = 0;
	int any = 0, rc;

	kc_strlcpy(why, ui_form_text(f, FX_WHY), sizeof why);
	for (size_t i = FO_SCORE; i < FO_N; i++)
		any |= ui_form_text(f, i)[0] != '\0';
	if (any) {
		rc = ofix_entry(c, f, &e, err);
		if (rc != KC_OK)
			return rc;
		kc_strlcpy(interv, keep_or(ui_form_text(f, FO_INTERV), o->intervention), sizeof interv);
		kc_strlcpy(note, keep_or(ui_form_text(f, FO_NOTE), o->note), sizeof note);
		e.intervention = interv;
		e.note = note;
	}
	rc = kc_chart_obs_correct(ui->app->store, ui->app->cfg, c->d.s.id, o->id, code, why, any ? &e : NULL,
				  ui->now, &id, NULL, err);
	if (rc == KC_OK)
		fixed(ui, c, E_OBS, o->id, id, o->observed_at, code);
	return rc;
}

static void ofix_open(struct ui *ui, struct chart *c, const struct kc_obs_row *o)
{
	struct fix *x = &c->fx;
	char was[16], label[24];

	memset(x, 0, sizeof *x);
	x->type = E_OBS;
	x->o = *o;
	fix_common(x, "observation", o->observed_at);
	snprintf(was, sizeof was, "%d", o->score);
	snprintf(label, sizeof label, "%s (0-%d)", kc_scale_name(o->scale), scale_max(o->scale));
	fix_field(x, FO_SCORE, label, 3, "0123456789", was, "");
	fix_time_field(x, FO_TIME, o->observed_at);
	fix_field(x, FO_INTERV, "Intervention", 36, NULL, o->intervention, "");
	fix_field(x, FO_NOTE, "Note", 36, NULL, o->note, "");
	x->def = (struct uif_def){ .title = x->title, .fields = x->f, .n = FO_N, .row = 1, .submit = ofix_submit };
	if (ui_form_open(ui, &x->def, c))
		ui_msg(ui, UI_NORMAL, "Type only what changes; leave all values empty to only mark it in error.");
}

static void correct(struct ui *ui, struct chart *c)
{
	const struct entry *e = cursor_entry(c);
	const struct kc_eie *eie;

	if (!e) {
		ui_msg(ui, UI_WARN, "Move the cursor onto a vitals reading or an observation (Tab jumps to the next), then x.");
		return;
	}
	if (c->d.s.signed_by[0]) {
		ui_msg(ui, UI_CRIT, "ERROR: session %lld is signed and read-only: no correction (a adds an addendum).",
		       c->d.s.id);
		return;
	}
	eie = e->type == E_VITALS ? &c->d.vr[e->row].eie : &c->d.obs[e->row].eie;
	if (eie->code != KC_EIE_NONE) {
		ui_msg(ui, UI_WARN, "Already marked entered in error%s.",
		       eie->replaced_by ? ": correct its replacement, right below it" : "");
		return;
	}
	if (e->type == E_VITALS)
		vfix_open(ui, c, &c->d.vr[e->row]);
	else
		ofix_open(ui, c, &c->d.obs[e->row]);
}

/* ---------- addendum ---------- */

static int addendum_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct chart *c = priv;
	int rc = kc_addendum_add(ui->app->store, c->ref.session, ui_form_text(f, 0), ui->now, err);

	if (rc != KC_OK)
		return rc;
	reload_or_say(ui, c);
	c->l.sel = c->pg.n - 1;
	ui_list_scroll(&c->l, c->rows);
	ui_msg(ui, UI_OK, "Addendum saved with your name and the time (at the end of the chart).");
	return KC_OK;
}

static const struct uif_field addendum_fields[] = {
	{ .label = "Addendum", .width = 44, .max = 1000, .hint = "free text; Enter saves it with your name and the time" },
};

static const struct uif_def addendum_def = {
	.title = "Addendum to this chart",
	.fields = addendum_fields,
	.n = 1,
	.row = 1,
	.submit = addendum_submit,
};

/* ---------- the list of a patient's sessions ---------- */

static int pick_load(struct ui *ui, struct chart *c, struct kc_err *err)
{
	struct kc_session *rows = NULL;
	size_t n = 0;
	int rc = kc_session_list(ui->app->store, c->ref.patient, &rows, &n, err);

	if (rc != KC_OK)
		return rc;
	free(c->sess);
	c->sess = rows;
	c->nsess = n;
	ui_list_set(&c->pl, (int)n);
	ui_mark(ui, UI_BODY);
	return KC_OK;
}

static void pick_open(struct ui *ui, struct chart *c)
{
	struct ui_ref ref = c->ref;

	if (c->pl.sel < 0 || (size_t)c->pl.sel >= c->nsess) {
		ui_msg(ui, UI_WARN, "No session to open: s on the start screen starts one.");
		return;
	}
	ref.session = c->sess[c->pl.sel].id;
	ui_push(ui, &ui_scr_chart, &ref);
}

static void pick_draw(struct ui *ui, struct chart *c, WINDOW *w)
{
	char title[KC_NAME_MAX + 64], t[32];
	int cols = getmaxx(w), h = getmaxy(w) - 3;

	werase(w);
	snprintf(title, sizeof title, "Sessions of %s (%s)", c->pat.name, c->pat.chart_no);
	ui_rule(ui, w, 0, title);
	if (!c->nsess) {
		ui_put(ui, w, 1, 2, cols - 2, A_NORMAL, "No sessions yet: s on the start screen starts one.");
		return;
	}
	ui_putf(ui, w, 1, 2, cols - 2, A_BOLD, "%-5s %-16s %-22s %-11s %s", "No", "Created", "Route", "Phase",
		"Signature");
	ui_list_scroll(&c->pl, h);
	for (int i = 0; i < h && c->pl.top + i < (int)c->nsess; i++) {
		const struct kc_session *s = &c->sess[c->pl.top + i];
		int sel = c->pl.top + i == c->pl.sel;
		attr_t a = sel ? A_REVERSE : A_NORMAL;

		ui_put(ui, w, 2 + i, 0, 2, a, sel ? ui->g.sel : "");
		ui_putf(ui, w, 2 + i, 2, cols - 2, a, "%-5lld %-16s %-22s %-11s %s", s->id,
			when(s->created_at, t, sizeof t), kc_route_label(s->route), kc_phase_name(s->phase),
			s->signed_by[0] ? "signed" : "NOT SIGNED");
	}
	ui_put(ui, w, getmaxy(w) - 1, 2, cols - 2, A_NORMAL, "Enter opens the highlighted session's chart.");
}

/* ---------- drawing the chart ---------- */

static void draw_line(struct ui *ui, struct chart *c, WINDOW *w, int y, int i)
{
	const struct line *ln = &c->pg.lines[i];
	int sel = i == c->l.sel, cols = getmaxx(w);
	/* Without colour a CRIT tone is reverse video, which the cursor uses: bold instead. */
	attr_t tone = ui->colour || ln->tone != UI_CRIT ? ui_tone(ui, ln->tone) : A_BOLD;
	attr_t a = tone | (ln->dim ? A_DIM : 0) | (ln->bold ? A_BOLD : 0);

	if (ln->rule) {
		ui_rule(ui, w, y, ln->text);
		if (sel)
			ui_put(ui, w, y, 0, 1, A_REVERSE, ui->g.sel);
		return;
	}
	if (sel)
		a = A_REVERSE | (ln->dim ? A_DIM : 0);
	ui_put(ui, w, y, 0, 2, sel ? A_REVERSE : A_NORMAL, sel ? ui->g.sel : "");
	ui_put(ui, w, y, 2, cols - 2, a, ln->text);
}

static void draw_position(struct ui *ui, struct chart *c, WINDOW *w, int y)
{
	int last = c->l.top + c->rows < c->pg.n ? c->l.top + c->rows : c->pg.n;
	const char *more = last < c->pg.n ? "PgDn for more" : "end of the chart";

	ui_putf(ui, w, y, 2, getmaxx(w) - 2, ui_tone(ui, UI_KEY), "lines %d-%d of %d, %s", c->l.top + 1, last,
		c->pg.n, more);
}

/* A new width wraps the lines differently: the cursor stays on its entry. */
static int rebuild(struct ui *ui, struct chart *c, int width)
{
	struct anchor a;
	struct page pg;

	if (page_build(ui, &c->d, width, &pg) != 0)
		return -1;
	anchor_save(c, &a);
	page_free(&c->pg);
	c->pg = pg;
	c->width = width;
	anchor_restore(c, &a);
	return 0;
}

static void chart_draw(struct ui *ui, void *priv, WINDOW *w)
{
	struct chart *c = priv;
	int width = layout_width(w);

	if (c->picking) {
		pick_draw(ui, c, w);
		return;
	}
	werase(w);
	c->rows = getmaxy(w) - 1;
	if (width != c->width && c->have && rebuild(ui, c, width) != 0) {
		ui_put(ui, w, 0, 2, getmaxx(w) - 2, ui_tone(ui, UI_CRIT), "ERROR: out of memory building the chart");
		return;
	}
	ui_list_scroll(&c->l, c->rows);
	for (int i = 0; i < c->rows && c->l.top + i < c->pg.n; i++)
		draw_line(ui, c, w, i, c->l.top + i);
	draw_position(ui, c, w, getmaxy(w) - 1);
}

/* ---------- keys ---------- */

static int pick_key(struct ui *ui, struct chart *c, int act)
{
	switch (act) {
	case ACT_UP: case ACT_DOWN: case ACT_PGUP: case ACT_PGDN: case ACT_HOME: case ACT_END:
		ui_list_move(&c->pl, act, getmaxy(ui->body) - 3);
		ui_mark(ui, UI_BODY);
		return ACT_NONE;
	case ACT_ENTER:
		pick_open(ui, c);
		return ACT_NONE;
	case A_CORRECT: case A_ADDENDUM: case A_NEXT: case A_PREV:
		ui_msg(ui, UI_WARN, "Open a session's chart first: highlight it and press Enter.");
		return ACT_NONE;
	default:
		return act;
	}
}

static int chart_key(struct ui *ui, void *priv, int act, const struct ui_key *k)
{
	struct chart *c = priv;

	(void)k;
	if (c->picking)
		return pick_key(ui, c, act);
	switch (act) {
	case ACT_UP: case ACT_DOWN: case ACT_PGUP: case ACT_PGDN: case ACT_HOME: case ACT_END:
		page_move(c, act);
		ui_mark(ui, UI_BODY);
		return ACT_NONE;
	case A_NEXT: jump_entry(ui, c, 1); return ACT_NONE;
	case A_PREV: jump_entry(ui, c, -1); return ACT_NONE;
	case A_CORRECT: correct(ui, c); return ACT_NONE;
	case A_ADDENDUM: ui_form_open(ui, &addendum_def, c); return ACT_NONE;
	case ACT_ENTER: return ACT_NONE;
	default: return act;
	}
}

/* ---------- life cycle ---------- */

static int chart_open(struct ui *ui, void *priv, const void *arg, struct kc_err *err)
{
	struct chart *c = priv;
	int rc;

	if (!arg)
		return kc_fail(err, KC_ERR_INVALID, "the chart needs a patient or a session");
	c->ref = *(const struct ui_ref *)arg;
	c->l.sel = c->pl.sel = -1;
	c->picking = c->ref.session == 0;
	if (c->picking) {
		rc = kc_patient_get(ui->app->store, c->ref.patient, &c->pat, err);
		if (rc == KC_OK)
			rc = pick_load(ui, c, err);
		if (rc == KC_OK)
			ui_set_title(ui, "%s (%s) - sessions", c->pat.name, c->pat.chart_no);
	} else {
		rc = reload(ui, c, err);
		c->l.sel = 0;
	}
	if (rc == KC_OK)
		bar_mode(ui, c->picking);
	return rc;
}

static void chart_show(struct ui *ui, void *priv)
{
	struct chart *c = priv;
	struct kc_err err;

	kc_err_clear(&err);
	bar_mode(ui, c->picking);
	if ((c->picking ? pick_load(ui, c, &err) : reload(ui, c, &err)) != KC_OK)
		ui_error(ui, &err);
}

/* An open session may gain entries from another screen or clinician. */
static void chart_tick(struct ui *ui, void *priv, time_t now)
{
	struct chart *c = priv;

	(void)now;
	if (ui->hidden || c->picking || !c->have || c->d.s.signed_by[0] || ui_form_current(ui) ||
	    time(NULL) - c->loaded_at < RELOAD_S)
		return;
	reload_or_say(ui, c);
}

static void chart_close(struct ui *ui, void *priv)
{
	struct chart *c = priv;

	(void)ui;
	data_free(&c->d);
	page_free(&c->pg);
	free(c->sess);
}

const struct screen_ops ui_scr_chart = {
	.name = "chart",
	.title = "Chart",
	.private_size = sizeof(struct chart),
	.actions = chart_actions,
	.open = chart_open,
	.draw = chart_draw,
	.key = chart_key,
	.tick = chart_tick,
	.show = chart_show,
	.close = chart_close,
};
