/* export.c — stored readings and observations as CSV (RFC 4180). Times are UTC. The FHIR
 * export is src/core/fhir.c. */
#include "kc_report.h"
#include "kc_text.h"

#include <stdlib.h>
#include <string.h>

#include "kc_time.h"

/* What an entry is written with: its session, patient and the session's amendments,
 * read again only when they change; and the change feed the export follows. */
struct stream_at {
	struct kc_session s;
	struct kc_patient p;
	struct kc_amendment_row *amd;
	size_t namd;
	const struct kc_changes *feed;
};

typedef void (*entry_fn)(void *ctx, const struct kc_entry *e, const struct stream_at *at);
typedef void (*begin_fn)(void *ctx);

static int session_changed(struct kc_store *st, kc_id session, struct stream_at *at, struct kc_err *err)
{
	int rc = kc_session_get(st, session, &at->s, err);

	free(at->amd);
	at->amd = NULL;
	at->namd = 0;
	if (rc == KC_OK && at->p.id != at->s.patient_id)
		rc = kc_patient_get(st, at->s.patient_id, &at->p, err);
	if (rc == KC_OK)
		rc = kc_amendment_list(st, session, &at->amd, &at->namd, err);
	return rc;
}

/* Every entry (kc_entries_open) the change feed names (o->after, o->since), oldest
 * session first, inside one read transaction so the export is one moment of the record
 * and o->cursor the last audit id of that moment; each entry is written as it is read, so
 * the memory stays the same however long the history. */
static int each_entry(struct kc_store *st, int vitals_only, struct kc_export_opts *o, begin_fn begin, entry_fn fn,
		      void *ctx, struct kc_err *err)
{
	struct kc_entry_iter *it = NULL;
	struct kc_changes *feed = NULL;
	struct stream_at *at = calloc(1, sizeof *at);
	struct kc_entry *e = malloc(sizeof *e);
	int rc = at && e ? kc_store_snapshot_begin(st, err) : kc_fail(err, KC_ERR_NOMEM, "out of memory");

	if (rc == KC_OK) {
		rc = kc_changes_open(st, o->after, o->since, &feed, err);
		if (rc == KC_OK) { /* the output begins once the feed is known good */
			o->cursor = kc_changes_cursor(feed);
			at->feed = feed;
			begin(ctx);
		}
		if (rc == KC_OK && !kc_changes_none(feed))
			rc = kc_entries_open(st, vitals_only, &it, err);
		while (it && rc == KC_OK && (rc = kc_entries_next(it, e, err)) == KC_OK) {
			if (!kc_changes_session(feed, e->session))
				continue;
			if (at->s.id != e->session && (rc = session_changed(st, e->session, at, err)) != KC_OK)
				break;
			fn(ctx, e, at);
		}
		if (rc == KC_ERR_NOTFOUND)
			rc = KC_OK;
		kc_entries_close(it);
		kc_changes_close(feed);
		rc = kc_store_snapshot_end(st, rc, err);
	}
	if (at)
		free(at->amd);
	free(at);
	free(e);
	return rc;
}

static int write_status(FILE *out, const char *what, struct kc_err *err)
{
	if (fflush(out) != 0 || ferror(out))
		return kc_fail(err, KC_ERR_IO, "could not write the %s export (disk full or output closed?)", what);
	return KC_OK;
}

/* ---------- CSV ---------- */

static const char *const csv_columns[] = {
	"record_type", "session_id", "chart_no", "patient", "route", "time_utc", "entered_utc", "due_utc",
	"reading", "baseline", "systolic_mmhg", "diastolic_mmhg", "heart_rate_per_min", "spo2_pct",
	"resp_rate_per_min", "temp_c", "moaas", "level", "alerts", "late", "acknowledged", "observation",
	"scale", "score", "vomiting", "intervention", "note", "entered_by", "status", "error_reason",
	"row_id", "corrects", "amends", "amended_to", "amendment_reason",
};

struct csv {
	FILE *out;
	struct kc_store *st;
	int col;
	int raw;  /* no formula guard */
};

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
 * quotes), and a formula-like cell is guarded with a leading ' unless raw. */
static void csv_put(struct csv *c, const char *s)
{
	char buf[4 * KC_NOTE_MAX + 8];
	int guard;

	if (c->col++)
		fputc(',', c->out);
	if (!s || !s[0])
		return;
	guard = !c->raw && formula_like(s);
	if (kc_text_needs_escape(s, KC_ESC_KEEP_LINES))
		s = kc_text_escape(s, KC_ESC_KEEP_LINES, buf, sizeof buf);
	if (!guard && !strpbrk(s, ",\"\r\n")) {
		fputs(s, c->out);
		return;
	}
	fputc('"', c->out);
	if (guard)
		fputc('\'', c->out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', c->out);
		fputc(*s, c->out);
	}
	fputc('"', c->out);
}

static void csv_int(struct csv *c, int v)
{
	char buf[16];

	snprintf(buf, sizeof buf, "%d", v);
	csv_put(c, v == KC_NONE ? "" : buf);
}

static void csv_time(struct csv *c, time_t t)
{
	char buf[32] = "";

	if (t)
		kc_time_utc(t, buf, sizeof buf);
	csv_put(c, buf);
}

static void csv_end(struct csv *c)
{
	fputs("\r\n", c->out);
	c->col = 0;
}

static void csv_common(struct csv *c, const char *type, const struct kc_session *s, const struct kc_patient *p,
		       time_t t, time_t entered)
{
	char id[24];

	snprintf(id, sizeof id, "%lld", s->id);
	csv_put(c, type);
	csv_put(c, id);
	csv_put(c, p->chart_no);
	csv_put(c, p->name);
	csv_put(c, kc_route_name(s->route));
	csv_time(c, t);
	csv_time(c, entered);
}

static void csv_id(struct csv *c, kc_id id)
{
	char buf[24];

	snprintf(buf, sizeof buf, "%lld", id);
	csv_put(c, id ? buf : "");
}

/* The amendments of table tbl's row id, in the session's amendments (oldest first). */
static int amended(const struct stream_at *at, const char *tbl, kc_id id)
{
	for (size_t i = 0; i < at->namd; i++)
		if (at->amd[i].row_id == id && strcmp(at->amd[i].tbl, tbl) == 0)
			return 1;
	return 0;
}

/* status: entered in error wins; an amended entry keeps its values as stored (the
 * amendment rows after it say what it should have said). */
static void csv_tail(struct csv *c, const char *note, const char *by, const struct kc_eie *e, kc_id id,
		     int is_amended)
{
	csv_put(c, note);
	csv_put(c, by);
	csv_put(c, e->code != KC_EIE_NONE ? "entered in error" : is_amended ? "amended" : "valid");
	csv_put(c, e->code == KC_EIE_NONE ? "" : e->reason);
	csv_id(c, id);
	csv_id(c, e->corrects);
	for (int i = 0; i < 3; i++) /* amends .. amendment_reason */
		csv_put(c, "");
	csv_end(c);
}

/* After an amended entry: one row per amendment of it the feed holds (each once). */
static void csv_amendments(struct csv *c, const struct stream_at *at, const char *tbl, kc_id id)
{
	char what[48];

	for (size_t i = 0; i < at->namd; i++) {
		const struct kc_amendment_row *a = &at->amd[i];

		if (a->row_id != id || strcmp(a->tbl, tbl) != 0 || !kc_changes_row(at->feed, "amendment", a->id))
			continue;
		csv_common(c, "amendment", &at->s, &at->p, a->at, a->at);
		for (int k = 0; k < 19; k++) /* due_utc .. note */
			csv_put(c, "");
		csv_put(c, a->by);
		csv_put(c, "amendment");
		csv_put(c, "");
		csv_id(c, a->id);
		csv_put(c, "");
		snprintf(what, sizeof what, "%s %lld", tbl, id);
		csv_put(c, what);
		csv_put(c, a->text);
		csv_put(c, a->reason);
		csv_end(c);
	}
}

static void csv_vitals(struct csv *c, const struct stream_at *at, const struct kc_vitals_row *v)
{
	const struct kc_session *s = &at->s;
	const struct kc_patient *p = &at->p;
	char temp[16] = "";

	if (v->v.temp_dc != KC_NONE)
		snprintf(temp, sizeof temp, "%d.%d", v->v.temp_dc / 10, v->v.temp_dc % 10);
	csv_common(c, "vitals", s, p, v->taken_at, v->entered_at);
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
	csv_put(c, kc_level_name(v->level));
	csv_put(c, v->alerts);
	csv_put(c, v->late ? "1" : "0");
	csv_put(c, v->acked ? v->ack_action : "");
	for (int i = 0; i < 5; i++) /* observation .. intervention */
		csv_put(c, "");
	csv_tail(c, v->reason, v->entered_by, &v->eie, v->id, amended(at, "vitals", v->id));
}

static void csv_obs(struct csv *c, const struct stream_at *at, const struct kc_obs_row *o)
{
	const struct kc_session *s = &at->s;
	const struct kc_patient *p = &at->p;
	char what[128];

	snprintf(what, sizeof what, "%s%s%s", kc_obs_kind_name(o->kind), o->detail[0] ? ": " : "", o->detail);
	csv_common(c, "observation", s, p, o->observed_at, o->entered_at);
	for (int i = 0; i < 10; i++) /* due_utc .. moaas */
		csv_put(c, "");
	csv_put(c, kc_level_name(o->level));
	csv_put(c, o->alerts);
	csv_put(c, o->late ? "1" : "0");
	csv_put(c, "");
	csv_put(c, what);
	csv_put(c, kc_scale_name(o->scale));
	csv_int(c, o->score);
	csv_int(c, o->vomiting);
	csv_put(c, o->intervention);
	csv_tail(c, o->note, o->entered_by, &o->eie, o->id, amended(at, "observation", o->id));
}

/* Readings and observations, merged by time by the store; those the feed names. */
static void csv_entry(void *ctx, const struct kc_entry *e, const struct stream_at *at)
{
	struct csv *c = ctx;

	if (!e->is_obs && kc_changes_row(at->feed, "vitals", e->vitals.id)) {
		csv_vitals(c, at, &e->vitals);
		csv_amendments(c, at, "vitals", e->vitals.id);
	} else if (e->is_obs && kc_changes_row(at->feed, "observation", e->obs.id)) {
		csv_obs(c, at, &e->obs);
		csv_amendments(c, at, "observation", e->obs.id);
	}
}

static void csv_header(void *ctx)
{
	struct csv *c = ctx;

	for (size_t i = 0; i < sizeof csv_columns / sizeof csv_columns[0]; i++)
		csv_put(c, csv_columns[i]);
	csv_end(c);
}

int kc_export_csv(struct kc_store *st, struct kc_export_opts *o, FILE *out, struct kc_err *err)
{
	struct csv c = { .out = out, .st = st, .raw = o->raw };
	int rc = each_entry(st, 0, o, csv_header, csv_entry, &c, err);

	return rc == KC_OK ? write_status(out, "CSV", err) : rc;
}
