/* export.c — the record as CSV tables (RFC 4180: vitals, observations, doses, scores,
 * acks, sessions), each of what the change feed (kc_changes_open) names: everything, or what was
 * entered, corrected or amended since a time or after a cursor. The FHIR export is
 * src/core/fhir.c. */
#include "kc_report.h"
#include "kc_text.h"

#include <stdlib.h>
#include <string.h>

#include "kc_course.h"
#include "kc_entry.h"
#include "kc_time.h"

static int write_status(FILE *out, const char *what, struct kc_err *err)
{
	if (fflush(out) != 0 || ferror(out))
		return kc_fail(err, KC_ERR_IO, "could not write the %s export (disk full or output closed?)", what);
	return KC_OK;
}

/* ---------- CSV ---------- */

/* Each table's columns: the common ones first (what row, whose, when), then its own, then
 * the common tail (who, status, corrections and amendments). The times' columns are named
 * for the zone they are written in (_utc or _local). */
#define CSV_HEAD "record_type", "row_id", "session_id", "chart_no", "patient", "route", "time", "entered"
#define CSV_TAIL "entered_by", "status", "error_reason", "corrects", "amends", "amended_to", "amendment_reason"
#define CSV_NHEAD 8
#define CSV_NTAIL 7

static const char *const vitals_cols[] = {
	CSV_HEAD, "due", "reading", "baseline", "systolic_mmhg", "diastolic_mmhg", "heart_rate_per_min", "spo2_pct",
	"resp_rate_per_min", "temp_c", "moaas", "weight_kg", "carried", "level", "alerts", "late", "acknowledged",
	"note", CSV_TAIL, NULL,
};
static const char *const obs_cols[] = {
	CSV_HEAD, "observation", "scale", "score", "items", "vomiting_episodes", "intervention", "level", "alerts",
	"late", "note", CSV_TAIL, NULL,
};
static const char *const dose_cols[] = {
	CSV_HEAD, "event", "product", "dose_mg", "rate_ml_per_h", "device_no", "lot", "late", "note", CSV_TAIL, NULL,
};
static const char *const score_cols[] = {
	CSV_HEAD, "instrument", "total", "result", "items", "note", CSV_TAIL, NULL,
};
static const char *const ack_cols[] = {
	CSV_HEAD, "acknowledges", "acknowledged_id", "seq", "kind", "choice", "text", "rate_ml_per_h", "wording",
	CSV_TAIL, NULL,
};
static const char *const session_cols[] = {
	"session", "chart_no", "at", "route", "indication", "course_session", "dose_mg", "dose_mg_per_kg", "phq9",
	"gad7", "pcl5", "cadss6_peak", "systolic_peak", "diastolic_peak", "nausea_peak", "vomiting", "outcome",
	"signed", "response", "remission", "phq9_change_pct", NULL,
};
/* The columns holding a time (named with the zone's suffix). */
static int time_column(const char *name)
{
	return strcmp(name, "time") == 0 || strcmp(name, "entered") == 0 || strcmp(name, "due") == 0 ||
	       strcmp(name, "at") == 0;
}

#define CSV_CHUNK 65536

struct csv {
	FILE *out;
	struct kc_store *st;
	const struct kc_config *cfg;
	const struct kc_export_opts *o;
	struct kc_changes *feed;
	int col;
	int failed;   /* a write failed */
	/* the session being written, its patient and amendments */
	struct kc_session s;
	struct kc_patient p;
	struct kc_amendment_row *amd;
	size_t namd;
	/* the local time's offset from UTC (seconds), the same through [zone_from, zone_to) */
	time_t zone_from, zone_to;
	long zone_off;
	/* the day of the last time written: its "YYYY-MM-DD" */
	long long day;
	char day_text[16];
	size_t len;   /* the output, written a chunk at a time (csv_flush) */
	char buf[CSV_CHUNK + 8192];
};

static void csv_flush(struct csv *c)
{
	if (c->len && fwrite(c->buf, 1, c->len, c->out) != c->len)
		c->failed = 1;
	c->len = 0;
}

static void csv_bytes(struct csv *c, const char *s, size_t n)
{
	if (c->len + n > sizeof c->buf) {
		csv_flush(c);
		if (n > sizeof c->buf) {
			if (fwrite(s, 1, n, c->out) != n)
				c->failed = 1;
			return;
		}
	}
	memcpy(c->buf + c->len, s, n);
	c->len += n;
}

static void csv_char(struct csv *c, char ch)
{
	if (c->len == sizeof c->buf)
		csv_flush(c);
	c->buf[c->len++] = ch;
}

/* A cell a spreadsheet would run as a formula (=, +, -, @, or a tab or CR before one);
 * plain numbers (a negative one) are data. */
static int formula_like(const char *s)
{
	char *end;

	if (!strchr("=+-@\t\r", s[0]))
		return 0;
	if (s[0] == '-' || s[0] == '+') {
		(void)strtod(s, &end);
		return *end != '\0';
	}
	return 1;
}

/* RFC 4180: a field holding a comma, quote, CR or LF is quoted, quotes doubled. Stored text
 * has its control characters escaped (kc_text.h; line breaks and tabs stay, inside
 * quotes), and a formula-like cell is guarded with a leading ' unless raw. Printable ASCII
 * (most of the record) is written as it is, in one pass. */
static void csv_put(struct csv *c, const char *s)
{
	char buf[4 * 1024 + 8];
	const unsigned char *p;
	int guard, quote = 0;

	if (c->col++)
		csv_char(c, ',');
	if (!s || !s[0])
		return;
	for (p = (const unsigned char *)s; *p >= 0x20 && *p < 0x7f; p++)
		quote |= *p == ',' || *p == '"';
	guard = !c->o->raw && formula_like(s);
	if (*p) { /* a control character or beyond ASCII: the full check */
		if (kc_text_needs_escape(s, KC_ESC_KEEP_LINES))
			s = kc_text_escape(s, KC_ESC_KEEP_LINES, buf, sizeof buf);
		quote = strpbrk(s, ",\"\r\n") != NULL;
		p = (const unsigned char *)s + strlen(s);
	}
	if (!guard && !quote) {
		csv_bytes(c, s, (size_t)((const char *)p - s));
		return;
	}
	csv_char(c, '"');
	if (guard)
		csv_char(c, '\'');
	for (; *s; s++) {
		if (*s == '"')
			csv_char(c, '"');
		csv_char(c, *s);
	}
	csv_char(c, '"');
}

static void csv_blank(struct csv *c, int n)
{
	for (int i = 0; i < n; i++)
		csv_put(c, "");
}

/* v in decimal at the end of buf[24]; returns its first character. */
static char *decimal(long long v, char *end)
{
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	*--end = '\0';
	do
		*--end = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--end = '-';
	return end;
}

static void csv_int(struct csv *c, int v)
{
	char buf[24];

	csv_put(c, v == KC_NONE ? "" : decimal(v, buf + sizeof buf));
}

static void csv_id(struct csv *c, kc_id id)
{
	char buf[24];

	csv_put(c, id ? decimal(id, buf + sizeof buf) : "");
}

/* mg, kg, mL/h with their decimals; blank when absent (0). */
static void csv_amount(struct csv *c, double v, int decimals)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%.*f", decimals, v);
	csv_put(c, v > 0 ? buf : "");
}

/* The local time's offset from UTC at t (seconds), read again only when t leaves the hour
 * it was read for: a zone changes its offset (a transition) at most once in an hour, so
 * when the hour's first and last seconds agree, every second between does. */
static int zone_offset(struct csv *c, time_t t, long *off)
{
	struct tm a, b;
	time_t from, to;

	if (t >= c->zone_from && t < c->zone_to) {
		*off = c->zone_off;
		return 1;
	}
	from = t - ((t % 3600) + 3600) % 3600;
	to = from + 3600;
	if (!localtime_r(&t, &a))
		return 0;
	*off = a.tm_gmtoff;
	if (localtime_r(&from, &a) && (to--, localtime_r(&to, &b)) && a.tm_gmtoff == b.tm_gmtoff &&
	    a.tm_gmtoff == *off) {
		c->zone_from = from;
		c->zone_to = from + 3600;
		c->zone_off = *off;
	}
	return 1;
}

/* Two digits of v at p. */
static void two(char *p, int v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

/* ISO 8601: UTC with Z, or local time with its offset from UTC (2026-11-21T05:00:00-05:00);
 * the date text is made once per day. */
static void iso_time(struct csv *c, time_t t, char *buf, size_t n)
{
	long off = 0, mins;
	long long secs, day, sod;
	struct tm tm;
	time_t d;

	buf[0] = '\0';
	if (!t || n < 32)
		return;
	if (c->o->local && !zone_offset(c, t, &off)) {
		kc_time_utc(t, buf, n);
		return;
	}
	secs = (long long)t + off;
	day = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
	sod = secs - day * 86400;
	if (day != c->day || !c->day_text[0]) {
		d = (time_t)(day * 86400);
		if (!gmtime_r(&d, &tm)) {
			kc_time_utc(t, buf, n);
			return;
		}
		snprintf(c->day_text, sizeof c->day_text, "%04d-%02d-%02dT", (tm.tm_year + 1900) % 10000,
			 (tm.tm_mon + 1) % 100, tm.tm_mday % 100);
		c->day = day;
	}
	memcpy(buf, c->day_text, 11);
	two(buf + 11, (int)(sod / 3600));
	buf[13] = ':';
	two(buf + 14, (int)(sod / 60 % 60));
	buf[16] = ':';
	two(buf + 17, (int)(sod % 60));
	if (!c->o->local) {
		memcpy(buf + 19, "Z", 2);
		return;
	}
	mins = off / 60 % (24 * 60); /* minutes; no zone is a day off UTC */
	buf[19] = mins < 0 ? '-' : '+';
	two(buf + 20, (int)(labs(mins) / 60));
	buf[22] = ':';
	two(buf + 23, (int)(labs(mins) % 60));
	buf[25] = '\0';
}

static void csv_time(struct csv *c, time_t t)
{
	char buf[40];

	iso_time(c, t, buf, sizeof buf);
	csv_put(c, buf);
}

static void csv_end(struct csv *c)
{
	csv_bytes(c, "\r\n", 2);
	c->col = 0;
	if (c->len >= CSV_CHUNK)
		csv_flush(c);
}

static void csv_header(struct csv *c, const char *const *cols)
{
	char name[48];

	if (c->o->bom)
		csv_bytes(c, "\xEF\xBB\xBF", 3);
	for (; *cols; cols++) {
		if (time_column(*cols))
			snprintf(name, sizeof name, "%s_%s", *cols, c->o->local ? "local" : "utc");
		else
			snprintf(name, sizeof name, "%s", *cols);
		csv_put(c, name);
	}
	csv_end(c);
}

/* record_type .. entered */
static void csv_common(struct csv *c, const char *type, kc_id row, time_t t, time_t entered)
{
	csv_put(c, type);
	csv_id(c, row);
	csv_id(c, c->s.id);
	csv_put(c, c->p.chart_no);
	csv_put(c, c->p.name);
	csv_put(c, c->s.id ? kc_route_name(c->s.route) : ""); /* a weight outside any session */
	csv_time(c, t);
	csv_time(c, entered);
}

/* Has table tbl's row id an amendment? */
static int amended(const struct csv *c, const char *tbl, kc_id id)
{
	for (size_t i = 0; i < c->namd; i++)
		if (c->amd[i].row_id == id && strcmp(c->amd[i].tbl, tbl) == 0)
			return 1;
	return 0;
}

/* entered_by .. amendment_reason. status: entered in error wins; an amended entry keeps
 * its values as stored (the amendment rows after it say what it should have said). */
static void csv_tail(struct csv *c, const char *by, const struct kc_eie *e, const char *tbl, kc_id id)
{
	csv_put(c, by);
	csv_put(c, e && e->code != KC_EIE_NONE ? "entered in error" : amended(c, tbl, id) ? "amended" : "valid");
	csv_put(c, e && e->code != KC_EIE_NONE ? e->reason : "");
	csv_id(c, e ? e->corrects : 0);
	csv_blank(c, 3);
	csv_end(c);
}

/* After an amended entry: one row per amendment of it in the feed (each goes out once);
 * own is the number of the table's own columns. */
static void csv_amendments(struct csv *c, const char *tbl, kc_id id, int own)
{
	char what[48];

	for (size_t i = 0; i < c->namd; i++) {
		const struct kc_amendment_row *a = &c->amd[i];

		if (a->row_id != id || strcmp(a->tbl, tbl) != 0 || !kc_changes_row(c->feed, "amendment", a->id))
			continue;
		csv_common(c, "amendment", a->id, a->at, a->at);
		csv_blank(c, own);
		csv_put(c, a->by);
		csv_put(c, "amendment");
		csv_blank(c, 2);
		snprintf(what, sizeof what, "%s %lld", tbl, id);
		csv_put(c, what);
		csv_put(c, a->text);
		csv_put(c, a->reason);
		csv_end(c);
	}
}

/* Does the row go out: it, or an amendment of it, is in the feed. */
static int wanted(const struct csv *c, const char *tbl, kc_id id)
{
	return kc_changes_row(c->feed, tbl, id);
}

/* ---------- vitals: readings (refused and unavailable too) and weights ---------- */

#define VITALS_OWN 17

static void carried_text(unsigned carried, char *out, size_t n)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = { { KC_CARRY_HR, "heart_rate" }, { KC_CARRY_SPO2, "spo2" }, { KC_CARRY_RR, "resp_rate" },
		      { KC_CARRY_MOAAS, "moaas" } };

	out[0] = '\0';
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (carried & names[i].bit)
			snprintf(out + strlen(out), n - strlen(out), "%s%s", out[0] ? " " : "", names[i].name);
}

static void csv_reading(struct csv *c, const struct kc_vitals_row *v)
{
	char temp[16] = "", carried[64];

	if (v->v.temp_dc != KC_NONE)
		snprintf(temp, sizeof temp, "%d.%d", v->v.temp_dc / 10, v->v.temp_dc % 10);
	carried_text(v->carried, carried, sizeof carried);
	csv_common(c, "vitals", v->id, v->taken_at, v->entered_at);
	csv_time(c, v->due_at);
	csv_put(c, kc_vstatus_name(v->status));
	csv_put(c, v->baseline ? "1" : "0");
	csv_int(c, v->v.systolic);
	csv_int(c, v->v.diastolic);
	csv_int(c, v->v.heart_rate);
	csv_int(c, v->v.spo2);
	csv_int(c, v->v.resp_rate);
	csv_put(c, temp);
	csv_int(c, v->v.moaas);
	csv_put(c, "");
	csv_put(c, carried);
	csv_put(c, kc_level_name(v->level));
	csv_put(c, v->alerts);
	csv_put(c, v->late ? "1" : "0");
	csv_put(c, v->acked ? v->ack_action : "");
	csv_put(c, v->reason);
	csv_tail(c, v->entered_by, &v->eie, "vitals", v->id);
	csv_amendments(c, "vitals", v->id, VITALS_OWN);
}

static void csv_weight(struct csv *c, const struct kc_weight_row *w)
{
	char typed[48] = "";

	if (w->typed[0])
		snprintf(typed, sizeof typed, "as typed: %s", w->typed);
	csv_common(c, "weight", w->id, w->taken_at, w->entered_at);
	csv_blank(c, 10); /* due .. moaas */
	csv_amount(c, w->kg, 1);
	csv_blank(c, 5); /* carried .. acknowledged */
	csv_put(c, typed);
	csv_tail(c, w->entered_by, &w->eie, "weight", w->id);
	csv_amendments(c, "weight", w->id, VITALS_OWN);
}

static int vitals_session(struct csv *c, struct kc_err *err)
{
	struct kc_vitals_row *v = NULL;
	struct kc_weight_row *w = NULL;
	size_t nv = 0, nw = 0, i = 0, k = 0;
	int rc = kc_vitals_list(c->st, c->s.id, &v, &nv, err);

	if (rc == KC_OK)
		rc = kc_weight_list(c->st, c->s.id, &w, &nw, err);
	/* merged by time: a weight before a reading of the same second */
	while (rc == KC_OK && (i < nv || k < nw)) {
		if (k < nw && (i == nv || w[k].taken_at <= v[i].taken_at)) {
			if (wanted(c, "weight", w[k].id))
				csv_weight(c, &w[k]);
			k++;
		} else {
			if (wanted(c, "vitals", v[i].id))
				csv_reading(c, &v[i]);
			i++;
		}
	}
	free(v);
	free(w);
	return rc;
}

static int loose_weight(void *ctx, const struct kc_weight_row *w, struct kc_err *err)
{
	struct csv *c = ctx;
	int rc = KC_OK;

	if (!wanted(c, "weight", w->id))
		return KC_OK;
	if (c->p.id != w->patient_id)
		rc = kc_patient_get(c->st, w->patient_id, &c->p, err);
	if (rc == KC_OK)
		csv_weight(c, w);
	return rc;
}

/* The weights entered outside any session (a patient weighed at registration), after the
 * sessions: each with its patient, no session. About one a patient: streamed, not listed. */
static int loose_weights(struct csv *c, struct kc_err *err)
{
	memset(&c->s, 0, sizeof c->s);
	free(c->amd);
	c->amd = NULL;
	c->namd = 0;
	return kc_weight_each(c->st, 0, loose_weight, c, err);
}

/* ---------- observations (side effects) ---------- */

#define OBS_OWN 10

static void csv_obs(struct csv *c, const struct kc_obs_row *o)
{
	char what[128];

	snprintf(what, sizeof what, "%s%s%s", kc_obs_kind_name(o->kind), o->detail[0] ? ": " : "", o->detail);
	csv_common(c, "observation", o->id, o->observed_at, o->entered_at);
	csv_put(c, what);
	csv_put(c, kc_scale_name(o->scale));
	csv_int(c, o->score);
	csv_put(c, o->items);
	csv_int(c, o->vomiting);
	csv_put(c, o->intervention);
	csv_put(c, kc_level_name(o->level));
	csv_put(c, o->alerts);
	csv_put(c, o->late ? "1" : "0");
	csv_put(c, o->note);
	csv_tail(c, o->entered_by, &o->eie, "observation", o->id);
	csv_amendments(c, "observation", o->id, OBS_OWN);
}

static int obs_session(struct csv *c, struct kc_err *err)
{
	struct kc_obs_row *o = NULL;
	size_t n = 0;
	int rc = kc_obs_list(c->st, c->s.id, &o, &n, err);

	for (size_t i = 0; rc == KC_OK && i < n; i++)
		if (wanted(c, "observation", o[i].id))
			csv_obs(c, &o[i]);
	free(o);
	return rc;
}

/* ---------- doses: every dose event with its lot and device ---------- */

#define DOSE_OWN 8

static void csv_dose(struct csv *c, const struct kc_dose_row *d)
{
	csv_common(c, "dose", d->id, d->at, d->entered_at);
	csv_put(c, kc_dose_kind_name(d->kind));
	csv_put(c, c->s.route == KC_ROUTE_ESKETAMINE ? "esketamine nasal spray" : "ketamine");
	csv_amount(c, d->mg, 1);
	csv_amount(c, d->rate_ml_h, 1);
	csv_int(c, d->device_no ? d->device_no : KC_NONE);
	csv_put(c, d->lot);
	csv_put(c, d->late ? "1" : "0");
	csv_put(c, d->note);
	csv_tail(c, d->entered_by, &d->eie, "dose_event", d->id);
	csv_amendments(c, "dose_event", d->id, DOSE_OWN);
}

static int dose_session(struct csv *c, struct kc_err *err)
{
	struct kc_dose_row *d = NULL;
	size_t n = 0;
	int rc = kc_dose_list(c->st, c->s.id, &d, &n, err);

	for (size_t i = 0; rc == KC_OK && i < n; i++)
		if (wanted(c, "dose_event", d[i].id))
			csv_dose(c, &d[i]);
	free(d);
	return rc;
}

/* ---------- acks: each action of an acknowledgement, a CRIT alert's or a side effect's ---------- */

/* time: when the side effect was observed, or when the alert was acknowledged (the row's
 * entry); status: the acknowledged entry's (an action for an entry marked in error goes
 * with it), its reason; corrects blank (the action corrects nothing). */
static void csv_ack(struct csv *c, const struct kc_ack_row *a, const struct kc_obs_row *o,
		    const struct kc_vitals_row *v)
{
	char buf[32], wording[KC_CHOICE_LEN + KC_ACK_TEXT + 32];
	struct kc_eie e = o ? o->eie : v ? v->eie : (struct kc_eie){ .code = KC_EIE_NONE };

	e.corrects = 0;
	kc_ack_action_text(&a->a, wording, sizeof wording);
	csv_common(c, "ack_action", a->id, o ? o->observed_at : a->entered_at, a->entered_at);
	csv_put(c, a->observation_id ? "observation" : "vitals");
	csv_id(c, a->observation_id ? a->observation_id : a->vitals_id);
	csv_put(c, decimal(a->seq, buf + sizeof buf));
	csv_put(c, kc_act_kind_name(a->a.kind));
	csv_put(c, a->a.choice);
	csv_put(c, a->a.text);
	csv_amount(c, a->a.rate_ml_h, 1);
	csv_put(c, wording);
	csv_tail(c, a->entered_by, &e, "ack_action", a->id);
}

static const struct kc_obs_row *ack_obs(const struct kc_obs_row *o, size_t n, kc_id id)
{
	for (size_t i = 0; id && i < n; i++)
		if (o[i].id == id)
			return &o[i];
	return NULL;
}

static const struct kc_vitals_row *ack_vitals(const struct kc_vitals_row *v, size_t n, kc_id id)
{
	for (size_t i = 0; id && i < n; i++)
		if (v[i].id == id)
			return &v[i];
	return NULL;
}

static int ack_session(struct csv *c, struct kc_err *err)
{
	struct kc_ack_row *a = NULL;
	struct kc_obs_row *o = NULL;
	struct kc_vitals_row *v = NULL;
	size_t n = 0, no = 0, nv = 0, want = 0;
	int rc = kc_ack_list(c->st, c->s.id, &a, &n, err);

	for (size_t i = 0; rc == KC_OK && i < n; i++)
		want += wanted(c, "ack_action", a[i].id);
	if (rc == KC_OK && want)
		rc = kc_obs_list(c->st, c->s.id, &o, &no, err);
	if (rc == KC_OK && want)
		rc = kc_vitals_list(c->st, c->s.id, &v, &nv, err);
	for (size_t i = 0; rc == KC_OK && i < n; i++)
		if (wanted(c, "ack_action", a[i].id))
			csv_ack(c, &a[i], ack_obs(o, no, a[i].observation_id), ack_vitals(v, nv, a[i].vitals_id));
	free(a);
	free(o);
	free(v);
	return rc;
}

/* ---------- scores: screening scales, CADSS, discharge ---------- */

#define SCORE_OWN 5

/* The screening instruments: their answers are the items "<prefix>N" (and named extras). */
static const struct instrument {
	const char *prefix, *name;
	int items;
} instruments[] = {
	{ "phq9.", "PHQ-9", 9 },
	{ "gad7.", "GAD-7", 7 },
	{ "cssrs.", "C-SSRS", 6 },
	{ "pcl5.", "PCL-5", KC_PCL5_ITEMS },
};

/* total and result of an instrument from its answers (KC_NONE / "" when incomplete). */
static void instrument_result(const struct instrument *in, const struct kc_screening *scr, const int *items,
			      int *total, char *result, size_t n)
{
	struct kc_score sc;
	enum kc_risk risk;

	*total = KC_NONE;
	result[0] = '\0';
	if (in->items == 9 && scr->has_phq9 && kc_phq9_score(scr->phq9, &sc, NULL) == KC_OK) {
		*total = sc.total;
		snprintf(result, n, "%s%s", sc.band, sc.flag ? "; item 9 above 0" : "");
	} else if (in->items == 7 && scr->has_gad7 && kc_gad7_score(scr->gad7, &sc, NULL) == KC_OK) {
		*total = sc.total;
		snprintf(result, n, "%s", sc.band);
	} else if (in->items == 6 && scr->has_cssrs && kc_cssrs_risk(&scr->cssrs, &risk, NULL) == KC_OK) {
		snprintf(result, n, "risk %s", kc_risk_name(risk));
	} else if (in->items == KC_PCL5_ITEMS && kc_pcl5_score(items, total, NULL) != KC_OK) {
		*total = KC_NONE;
	}
}

/* One row per instrument answered: its items ("1=0; 2=1 ..."), total and result, as of its
 * latest answer; sent again when any of its answers changed. */
static int screening_scores(struct csv *c, struct kc_err *err)
{
	struct kc_answer_row *a = NULL;
	struct kc_screening scr;
	size_t n = 0;
	int rc = kc_screen_list(c->st, c->s.id, &a, &n, err);

	if (rc == KC_OK)
		rc = kc_screen_load(c->st, c->s.id, &scr, err);
	for (size_t k = 0; rc == KC_OK && k < sizeof instruments / sizeof instruments[0]; k++) {
		const struct instrument *in = &instruments[k];
		size_t plen = strlen(in->prefix);
		const struct kc_answer_row *last = NULL;
		int items[KC_PCL5_ITEMS], changed = 0, total;
		char list[1024] = "", result[96];

		for (int i = 0; i < KC_PCL5_ITEMS; i++)
			items[i] = KC_NONE;
		for (size_t i = 0; i < n; i++) {
			const char *item = a[i].item + plen;
			size_t len = strlen(list);

			if (strncmp(a[i].item, in->prefix, plen) != 0)
				continue;
			if (!last || a[i].at > last->at || (a[i].at == last->at && a[i].id > last->id))
				last = &a[i];
			changed |= wanted(c, "screening_answer", a[i].id);
			if (atoi(item) >= 1 && atoi(item) <= KC_PCL5_ITEMS && a[i].value[0] >= '0' && a[i].value[0] <= '9')
				items[atoi(item) - 1] = atoi(a[i].value);
			snprintf(list + len, sizeof list - len, "%s%s=%s", len ? "; " : "", item, a[i].value);
		}
		if (!last || !changed)
			continue;
		instrument_result(in, &scr, items, &total, result, sizeof result);
		csv_common(c, "score", last->id, last->at, last->at);
		csv_put(c, in->name);
		csv_int(c, total);
		csv_put(c, result);
		csv_put(c, list);
		csv_put(c, "");
		csv_tail(c, last->by, NULL, "screening_answer", last->id);
		for (size_t i = 0; i < n; i++)
			if (strncmp(a[i].item, in->prefix, plen) == 0)
				csv_amendments(c, "screening_answer", a[i].id, SCORE_OWN);
	}
	free(a);
	return rc;
}

/* Dissociation scored on CADSS or CADSS-6, with its items. */
static int cadss_scores(struct csv *c, struct kc_err *err)
{
	struct kc_obs_row *o = NULL;
	size_t n = 0;
	int rc = kc_obs_list(c->st, c->s.id, &o, &n, err);

	for (size_t i = 0; rc == KC_OK && i < n; i++) {
		if ((o[i].scale != KC_SCALE_CADSS && o[i].scale != KC_SCALE_CADSS6) || !wanted(c, "observation", o[i].id))
			continue;
		csv_common(c, "score", o[i].id, o[i].observed_at, o[i].entered_at);
		csv_put(c, kc_scale_name(o[i].scale));
		csv_int(c, o[i].score);
		csv_put(c, "");
		csv_put(c, o[i].items);
		csv_put(c, o[i].note);
		csv_tail(c, o[i].entered_by, &o[i].eie, "observation", o[i].id);
		csv_amendments(c, "observation", o[i].id, SCORE_OWN);
	}
	free(o);
	return rc;
}

static void yes_no_item(char *out, size_t n, const char *name, int v)
{
	size_t len = strlen(out);

	if (v != KC_NONE)
		snprintf(out + len, n - len, "; %s=%s", name, v ? "yes" : "no");
}

/* Each discharge assessment: the Aldrete total and components, the other criteria. */
static int discharge_scores(struct csv *c, struct kc_err *err)
{
	struct kc_discharge_row *d = NULL;
	size_t n = 0;
	int rc = kc_discharge_list(c->st, c->s.id, &d, &n, err);
	char items[256], note[2 * KC_NOTE_MAX + 32];

	for (size_t i = 0; rc == KC_OK && i < n; i++) {
		const struct kc_aldrete *a = &d[i].aldrete;

		if (!wanted(c, "discharge", d[i].id))
			continue;
		snprintf(items, sizeof items, "activity=%d; respiration=%d; circulation=%d; consciousness=%d; spo2=%d",
			 a->activity, a->respiration, a->circulation, a->consciousness, a->spo2);
		yes_no_item(items, sizeof items, "gait_steady", d[i].gait_steady);
		yes_no_item(items, sizeof items, "escort", d[i].escort_confirmed);
		yes_no_item(items, sizeof items, "instructions", d[i].instructions_given);
		snprintf(note, sizeof note, "%s%s%s%s", d[i].unmet[0] ? "unmet: " : "", d[i].unmet,
			 d[i].override_reason[0] ? "; override: " : "", d[i].override_reason);
		csv_common(c, "discharge", d[i].id, d[i].at, d[i].at);
		csv_put(c, "Aldrete");
		csv_int(c, d[i].aldrete_total);
		csv_put(c, d[i].ready ? "ready" : "not ready");
		csv_put(c, items);
		csv_put(c, note);
		csv_tail(c, d[i].by, NULL, "discharge", d[i].id);
		csv_amendments(c, "discharge", d[i].id, SCORE_OWN);
	}
	free(d);
	return rc;
}

static int score_session(struct csv *c, struct kc_err *err)
{
	int rc = screening_scores(c, err);

	if (rc == KC_OK)
		rc = cadss_scores(c, err);
	return rc == KC_OK ? discharge_scores(c, err) : rc;
}

/* ---------- the session walk ---------- */

static const struct table {
	const char *name;
	const char *const *cols;
	int (*session)(struct csv *c, struct kc_err *err);
	int (*after)(struct csv *c, struct kc_err *err); /* rows of no session, or NULL */
} tables[] = {
	{ "vitals", vitals_cols, vitals_session, loose_weights },
	{ "observations", obs_cols, obs_session, NULL },
	{ "doses", dose_cols, dose_session, NULL },
	{ "scores", score_cols, score_session, NULL },
	{ "acks", ack_cols, ack_session, NULL },
};

/* The session, its patient (read again only when it changes) and its amendments. */
static int load_session(struct csv *c, kc_id id, struct kc_err *err)
{
	int rc = kc_session_get(c->st, id, &c->s, err);

	free(c->amd);
	c->amd = NULL;
	c->namd = 0;
	if (rc == KC_OK && c->p.id != c->s.patient_id)
		rc = kc_patient_get(c->st, c->s.patient_id, &c->p, err);
	if (rc == KC_OK)
		rc = kc_amendment_list(c->st, id, &c->amd, &c->namd, err);
	return rc;
}

static int walk_sessions(struct csv *c, const struct table *t, struct kc_err *err)
{
	kc_id id;
	int rc = KC_OK;

	while (rc == KC_OK && (rc = kc_changes_next_session(c->st, c->feed, &id, err)) == KC_OK) {
		rc = load_session(c, id, err);
		if (rc == KC_OK)
			rc = t->session(c, err);
	}
	if (rc == KC_ERR_NOTFOUND)
		rc = t->after ? t->after(c, err) : KC_OK;
	return rc;
}

/* ---------- sessions: one row per session with its course's judgement ---------- */

static void session_row(struct csv *c, const struct kc_course *k, size_t i)
{
	const struct kc_course_row *r = &k->rows[i];

	csv_id(c, r->session);
	csv_put(c, k->p.chart_no);
	csv_time(c, r->at);
	csv_put(c, kc_route_name(r->route));
	csv_put(c, r->indication);
	csv_int(c, (int)i + 1);
	csv_amount(c, r->mg, 1);
	csv_amount(c, r->mg_per_kg, 2);
	csv_int(c, r->phq9);
	csv_int(c, r->gad7);
	csv_int(c, r->pcl5);
	csv_int(c, r->cadss6_peak);
	csv_int(c, r->sys_peak);
	csv_int(c, r->dia_peak);
	csv_int(c, r->nausea_peak);
	csv_int(c, r->vomiting);
	csv_put(c, r->outcome[0] ? r->outcome : kc_phase_name(r->phase));
	csv_int(c, r->is_signed);
	csv_int(c, r->response);
	csv_int(c, r->remission);
	csv_int(c, r->change_pct);
	csv_end(c);
}

/* A patient's courses, one row per session. */
static int patient_courses(void *ctx, kc_id patient, struct kc_err *err)
{
	static const enum kc_route routes[] = { KC_ROUTE_IV, KC_ROUTE_ESKETAMINE, KC_ROUTE_IM };
	struct csv *c = ctx;
	int rc = KC_OK;

	for (size_t k = 0; rc == KC_OK && k < sizeof routes / sizeof routes[0]; k++) {
		struct kc_course course;

		rc = kc_course_load(c->st, c->cfg, patient, (int)routes[k], &course, err);
		for (size_t j = 0; rc == KC_OK && j < course.n; j++)
			session_row(c, &course, j);
		kc_course_free(&course);
	}
	return rc;
}

/* The patients with a changed session or changed details (a course's response and
 * remission depend on all its sessions, so a changed session sends its whole course
 * again). */
static int course_patients(struct csv *c, kc_id **ids, size_t *n, struct kc_err *err)
{
	size_t cap = 0;
	kc_id sid;
	int rc;

	*ids = NULL;
	*n = 0;
	while ((rc = kc_changes_next_session(c->st, c->feed, &sid, err)) == KC_OK) {
		if ((rc = kc_session_get(c->st, sid, &c->s, err)) != KC_OK)
			break;
		if (*n == cap) {
			kc_id *more = realloc(*ids, (cap = cap ? 2 * cap : 16) * sizeof **ids);

			if (!more) {
				rc = kc_fail(err, KC_ERR_NOMEM, "out of memory");
				break;
			}
			*ids = more;
		}
		(*ids)[(*n)++] = c->s.patient_id;
	}
	return rc == KC_ERR_NOTFOUND ? KC_OK : rc;
}

/* Every patient's courses (streamed: no list of the clinic's patients in memory), or
 * those of the changed sessions' patients. */
static int sessions_table(struct csv *c, struct kc_err *err)
{
	kc_id *ids = NULL;
	size_t n = 0;
	int rc;

	if (kc_changes_all(c->feed))
		return kc_patient_each(c->st, patient_courses, c, err);
	rc = course_patients(c, &ids, &n, err);
	for (size_t i = 0; rc == KC_OK && i < n; i++) {
		if (i && ids[i] == ids[i - 1])
			continue; /* the changed sessions' patients come in runs */
		rc = patient_courses(c, ids[i], err);
	}
	free(ids);
	return rc;
}

int kc_export_table_known(const char *name)
{
	if (!name || strcmp(name, "sessions") == 0)
		return 1;
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
		if (strcmp(name, tables[i].name) == 0)
			return 1;
	return 0;
}

/* The table's rows the feed names, inside one read transaction: one moment of the record,
 * o->cursor the last audit id of that moment. */
int kc_export_csv(struct kc_store *st, struct kc_export_opts *o, FILE *out, struct kc_err *err)
{
	struct csv *c;
	const struct table *t = &tables[0];
	int sessions = o->table && strcmp(o->table, "sessions") == 0;
	int rc, crc;

	for (size_t i = 0; o->table && i < sizeof tables / sizeof tables[0]; i++)
		if (strcmp(o->table, tables[i].name) == 0)
			t = &tables[i];
	if (!kc_export_table_known(o->table))
		return kc_fail(err, KC_ERR_INVALID, "unknown export table '%s' (vitals, observations, doses, scores, "
			       "acks or sessions)", o->table);
	if (sessions && !o->cfg)
		return kc_fail(err, KC_ERR_INVALID, "the sessions table needs the configuration");
	if (!(c = calloc(1, sizeof *c)))
		return kc_fail(err, KC_ERR_NOMEM, "out of memory");
	c->out = out;
	c->st = st;
	c->cfg = o->cfg;
	c->o = o;
	rc = kc_store_snapshot_begin(st, err);
	if (rc != KC_OK) {
		free(c);
		return rc;
	}
	rc = kc_store_stream_cache(st, 1, err);
	if (rc == KC_OK)
		rc = kc_changes_open(st, o->after, o->since, &c->feed, err);
	if (rc == KC_OK) {
		o->cursor = kc_changes_cursor(c->feed);
		csv_header(c, sessions ? session_cols : t->cols);
		csv_flush(c); /* the header at once: the export is under way */
		rc = sessions ? sessions_table(c, err) : walk_sessions(c, t, err);
	}
	csv_flush(c);
	kc_changes_close(c->feed);
	free(c->amd);
	free(c);
	rc = kc_store_snapshot_end(st, rc, err);
	/* the cache as it was, whatever the outcome (a failure before is the one told) */
	crc = kc_store_stream_cache(st, 0, rc == KC_OK ? err : NULL);
	if (rc == KC_OK)
		rc = crc;
	return rc == KC_OK ? write_status(out, "CSV", err) : rc;
}
