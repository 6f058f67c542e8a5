/* store_entries.c — vital signs and observations, and their corrections: the original row
 * is marked entered in error and linked both ways to its replacement; nothing is deleted. */
#include "store_impl.h"

#include "kc_entry.h"
#include "kc_store_export.h"

#include <stdlib.h>
#include <string.h>

/* ---------- corrections (shared) ---------- */

int store_read_eie(sqlite3_stmt *s, int col, struct kc_eie *e, struct kc_err *err)
{
	const char *code = (const char *)sqlite3_column_text(s, col);

	e->code = KC_EIE_NONE;
	if (code && kc_eie_from_name(code, &e->code) != KC_OK)
		return kc_fail(err, KC_ERR_CORRUPT, "unknown entered-in-error code '%s'", code);
	store_col_text(s, col + 1, e->reason, sizeof e->reason);
	store_col_text(s, col + 2, e->by, sizeof e->by);
	e->at = store_col_time(s, col + 3);
	e->replaced_by = sqlite3_column_int64(s, col + 4);
	e->corrects = sqlite3_column_int64(s, col + 5);
	return KC_OK;
}

struct eie_state {
	kc_id session;
	int marked;
};

static int read_state(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct eie_state *e = row;

	(void)err;
	e->session = sqlite3_column_int64(s, 0);
	e->marked = sqlite3_column_type(s, 1) != SQLITE_NULL;
	return KC_OK;
}

static int check_reason(enum kc_error_code code, const char *reason, struct kc_err *err)
{
	if (code <= KC_EIE_NONE || code > KC_EIE_INVALID)
		return kc_fail(err, KC_ERR_INVALID, "say what was wrong (wrong time, wrong value, "
			       "wrong patient or invalid)");
	return store_check_text("a reason for the correction", reason, KC_NOTE_MAX, 1, err);
}

int store_correct_check(struct kc_store *st, const struct store_eie_table *t, kc_id id,
			enum kc_error_code code, const char *reason, kc_id *session, struct kc_err *err)
{
	struct eie_state e = { 0, 0 };
	sqlite3_stmt *s;
	int rc = check_reason(code, reason, err);

	if (rc == KC_OK)
		rc = store_stmt(st, t->state_id, t->state_sql, &s, err);
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = store_one(st, s, read_state, &e, err);
	if (rc == KC_ERR_NOTFOUND)
		return kc_fail(err, rc, "no %s with id %lld", t->what, id);
	if (rc == KC_OK && e.marked)
		return kc_fail(err, KC_ERR_INVALID, "%s %lld was already corrected (entered in error)",
			       t->what, id);
	if (rc == KC_OK)
		rc = store_session_writable(st, e.session, NULL, err);
	*session = e.session;
	return rc;
}

int store_correct_mark(struct kc_store *st, const struct store_eie_table *t, kc_id id,
		       enum kc_error_code code, const char *reason, kc_id replaced_by, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, t->mark_id, t->mark_sql, &s, err);

	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, kc_eie_name(code));
	store_bind_text(s, 3, reason);
	store_bind_text(s, 4, st->actor);
	store_bind_time(s, 5, st->now);
	store_bind_id(s, 6, replaced_by);
	return store_run(st, s, err);
}

/* The replacement normally belongs to the same session; a "wrong patient" correction may
 * put it in another one, which must be writable too. */
static int replacement_session(struct kc_store *st, kc_id *session, kc_id original,
			       struct kc_err *err)
{
	if (*session == 0 || *session == original) {
		*session = original;
		return KC_OK;
	}
	return store_session_writable(st, *session, NULL, err);
}

#define EIE_MARK_SET " SET eie_code = ?2, eie_reason = ?3, eie_by = ?4, eie_at = ?5," \
	" replaced_by = ?6 WHERE id = ?1 AND eie_code IS NULL"

/* ---------- vitals ---------- */

static const struct store_eie_table vitals_eie = {
	"reading", S_VIT_STATE, S_VIT_MARK,
	"SELECT session_id, eie_code FROM vitals WHERE id = ?1",
	"UPDATE vitals" EIE_MARK_SET,
};

#define VITALS_COLS "id, session_id, taken_at, due_at, entered_at, entered_by, status, reason," \
	" systolic, diastolic, heart_rate, spo2, resp_rate, temp_dc, moaas, baseline, level, alerts," \
	" late, acked, ack_action, ack_by, ack_at, carried, " STORE_EIE_COLS

static int read_vitals(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_vitals_row *r = row;
	const char *status = (const char *)sqlite3_column_text(s, 6);

	r->id = sqlite3_column_int64(s, 0);
	if (kc_vstatus_from_name(status, &r->status) != KC_OK)
		return kc_fail(err, KC_ERR_CORRUPT, "reading %lld has an unknown status", r->id);
	r->session_id = sqlite3_column_int64(s, 1);
	r->taken_at = store_col_time(s, 2);
	r->due_at = store_col_time(s, 3);
	r->entered_at = store_col_time(s, 4);
	store_col_text(s, 5, r->entered_by, sizeof r->entered_by);
	store_col_text(s, 7, r->reason, sizeof r->reason);
	r->v.systolic = store_col_opt(s, 8);
	r->v.diastolic = store_col_opt(s, 9);
	r->v.heart_rate = store_col_opt(s, 10);
	r->v.spo2 = store_col_opt(s, 11);
	r->v.resp_rate = store_col_opt(s, 12);
	r->v.temp_dc = store_col_opt(s, 13);
	r->v.moaas = store_col_opt(s, 14);
	r->baseline = sqlite3_column_int(s, 15);
	r->level = (enum kc_level)sqlite3_column_int(s, 16);
	store_col_text(s, 17, r->alerts, sizeof r->alerts);
	r->late = sqlite3_column_int(s, 18);
	r->acked = sqlite3_column_int(s, 19);
	store_col_text(s, 20, r->ack_action, sizeof r->ack_action);
	store_col_text(s, 21, r->ack_by, sizeof r->ack_by);
	r->ack_at = store_col_time(s, 22);
	if (kc_carry_from_keys((const char *)sqlite3_column_text(s, 23), &r->carried) != KC_OK)
		return kc_fail(err, KC_ERR_CORRUPT, "reading %lld names an unknown carried measure", r->id);
	return store_read_eie(s, 24, &r->eie, err);
}

static int has_measure(const struct kc_vitals *v)
{
	return v->systolic != KC_NONE || v->diastolic != KC_NONE || v->heart_rate != KC_NONE ||
	       v->spo2 != KC_NONE || v->resp_rate != KC_NONE || v->temp_dc != KC_NONE ||
	       v->moaas != KC_NONE;
}

static int check_vitals(const struct kc_vitals_row *r, struct kc_err *err)
{
	int taken = r->status == KC_VITALS_TAKEN;
	int rc;

	if ((unsigned)r->status > KC_VITALS_UNAVAILABLE || (unsigned)r->level > KC_LEVEL_CRITICAL)
		return kc_fail(err, KC_ERR_INVALID, "unknown reading status or alert level");
	if (r->taken_at <= 0)
		return kc_fail(err, KC_ERR_INVALID, "a reading needs the time it was taken");
	if (taken && !has_measure(&r->v))
		return kc_fail(err, KC_ERR_INVALID, "a reading needs at least one measure");
	rc = store_check_text(taken ? "the reason" : "a reason the reading was not taken", r->reason,
			      sizeof r->reason, !taken, err);
	if (rc == KC_OK)
		rc = store_check_text("the alert text", r->alerts, sizeof r->alerts, 0, err);
	return rc;
}

static void bind_measures(sqlite3_stmt *s, int first, const struct kc_vitals *v)
{
	store_bind_opt(s, first, v->systolic);
	store_bind_opt(s, first + 1, v->diastolic);
	store_bind_opt(s, first + 2, v->heart_rate);
	store_bind_opt(s, first + 3, v->spo2);
	store_bind_opt(s, first + 4, v->resp_rate);
	store_bind_opt(s, first + 5, v->temp_dc);
	store_bind_opt(s, first + 6, v->moaas);
}

/* Acknowledgement and entered-in-error fields are never taken from the caller: they are
 * set by kc_vitals_ack and kc_vitals_correct. */
static int insert_vitals(struct kc_store *st, struct kc_vitals_row *r, kc_id corrects,
			 struct kc_err *err)
{
	char carried[64];
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_VIT_ADD, "INSERT INTO vitals (session_id, taken_at, due_at,"
			    " entered_at, entered_by, status, reason, systolic, diastolic, heart_rate,"
			    " spo2, resp_rate, temp_dc, moaas, baseline, level, alerts, late, corrects,"
			    " carried) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
			    " ?15, ?16, ?17, ?18, ?19, ?20)", &s, err);

	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, r->session_id);
	store_bind_time(s, 2, r->taken_at);
	store_bind_time(s, 3, r->due_at);
	store_bind_time(s, 4, st->now);
	store_bind_text(s, 5, st->actor);
	store_bind_text(s, 6, kc_vstatus_name(r->status));
	store_bind_text(s, 7, r->reason);
	bind_measures(s, 8, &r->v);
	store_bind_flag(s, 15, r->baseline);
	sqlite3_bind_int(s, 16, (int)r->level);
	store_bind_text(s, 17, r->alerts);
	store_bind_flag(s, 18, r->late);
	store_bind_id(s, 19, corrects);
	/* NULL when nothing was carried, as in the rows made before the column existed */
	kc_carry_keys(r->carried, carried, sizeof carried);
	if (carried[0])
		store_bind_text(s, 20, carried);
	else
		sqlite3_bind_null(s, 20);
	rc = store_run(st, s, err);
	if (rc == KC_OK)
		r->id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

/* What the caller's row says after a successful insert. */
static void vitals_stored(const struct kc_store *st, struct kc_vitals_row *r, kc_id corrects)
{
	r->entered_at = st->now;
	kc_strlcpy(r->entered_by, st->actor, sizeof r->entered_by);
	r->acked = 0;
	r->ack_action[0] = r->ack_by[0] = '\0';
	r->ack_at = 0;
	r->eie = (struct kc_eie){ .code = KC_EIE_NONE, .corrects = corrects };
}

int kc_vitals_add(struct kc_store *st, struct kc_vitals_row *row, time_t now, struct kc_err *err)
{
	int rc = check_vitals(row, err);

	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_session_writable(st, row->session_id, NULL, err);
	if (rc == KC_OK)
		rc = insert_vitals(st, row, 0, err);
	rc = store_end(st, rc, err);
	if (rc == KC_OK)
		vitals_stored(st, row, 0);
	else
		row->id = 0;
	return rc;
}

/* A session's readings in time order, read by sql (slot id) through rd. */
static int session_vitals(struct kc_store *st, enum store_stmt id, const char *sql, store_reader rd,
			  kc_id session, struct kc_vitals_row **rows, size_t *n, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, id, sql, &s, err);

	*rows = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, session);
	return store_list(st, s, sizeof **rows, rd, (void **)rows, n, err);
}

int kc_vitals_list(struct kc_store *st, kc_id session, struct kc_vitals_row **rows, size_t *n,
		   struct kc_err *err)
{
	return session_vitals(st, S_VIT_LIST, "SELECT " VITALS_COLS " FROM vitals"
			      " WHERE session_id = ?1 ORDER BY taken_at, id", read_vitals, session, rows, n, err);
}

/* The columns the FHIR export writes, in read_vitals' checks (kc_store_export.h). */
#define VITALS_EXPORT_COLS "id, taken_at, entered_by, status, reason, systolic, diastolic, heart_rate, spo2," \
	" resp_rate, temp_dc, moaas, acked, ack_action, ack_by, ack_at, carried, " STORE_EIE_COLS

static int read_vitals_export(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_vitals_row *r = row;
	const char *status = (const char *)sqlite3_column_text(s, 3);

	r->id = sqlite3_column_int64(s, 0);
	if (kc_vstatus_from_name(status, &r->status) != KC_OK)
		return kc_fail(err, KC_ERR_CORRUPT, "reading %lld has an unknown status", r->id);
	r->taken_at = store_col_time(s, 1);
	store_col_text(s, 2, r->entered_by, sizeof r->entered_by);
	store_col_text(s, 4, r->reason, sizeof r->reason);
	r->v.systolic = store_col_opt(s, 5);
	r->v.diastolic = store_col_opt(s, 6);
	r->v.heart_rate = store_col_opt(s, 7);
	r->v.spo2 = store_col_opt(s, 8);
	r->v.resp_rate = store_col_opt(s, 9);
	r->v.temp_dc = store_col_opt(s, 10);
	r->v.moaas = store_col_opt(s, 11);
	r->acked = sqlite3_column_int(s, 12);
	store_col_text(s, 13, r->ack_action, sizeof r->ack_action);
	store_col_text(s, 14, r->ack_by, sizeof r->ack_by);
	r->ack_at = store_col_time(s, 15);
	if (kc_carry_from_keys((const char *)sqlite3_column_text(s, 16), &r->carried) != KC_OK)
		return kc_fail(err, KC_ERR_CORRUPT, "reading %lld names an unknown carried measure", r->id);
	return store_read_eie(s, 17, &r->eie, err);
}

int kc_vitals_export_list(struct kc_store *st, kc_id session, struct kc_vitals_row **rows, size_t *n,
			  struct kc_err *err)
{
	return session_vitals(st, S_VIT_EXPORT, "SELECT " VITALS_EXPORT_COLS " FROM vitals"
			      " WHERE session_id = ?1 ORDER BY taken_at, id", read_vitals_export, session, rows, n,
			      err);
}

int kc_vitals_get(struct kc_store *st, kc_id id, struct kc_vitals_row *out, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_VIT_GET, "SELECT " VITALS_COLS " FROM vitals WHERE id = ?1", &s,
			    err);

	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = store_one(st, s, read_vitals, out, err);
	if (rc == KC_ERR_NOTFOUND)
		return kc_fail(err, rc, "no reading with id %lld", id);
	return rc;
}

int kc_vitals_last(struct kc_store *st, kc_id session, time_t t, enum kc_vitals_last_of which, kc_id skip,
		   struct kc_vitals_row *out, int *found, struct kc_err *err)
{
#define VALID_UPTO(cond) \
	"SELECT " VITALS_COLS " FROM vitals WHERE session_id = ?1 AND " cond " AND status = 'taken'" \
	" AND eie_code IS NULL AND id IS NOT ?3 ORDER BY taken_at DESC, id DESC LIMIT 1"
	static const struct {
		enum store_stmt id;
		const char *sql;
	} q[] = {
		[KC_LAST_BEFORE] = { S_VIT_LAST_BEFORE, VALID_UPTO("taken_at < ?2") },
		[KC_LAST_BASELINE] = { S_VIT_BASE_UPTO, VALID_UPTO("baseline = 1 AND taken_at <= ?2") },
		[KC_LAST_BP] = { S_VIT_BP_UPTO,
				 VALID_UPTO("baseline = 0 AND systolic IS NOT NULL AND taken_at <= ?2") },
		[KC_LAST_MOAAS] = { S_VIT_MOAAS_UPTO, VALID_UPTO("moaas IS NOT NULL AND taken_at <= ?2") },
	};
#undef VALID_UPTO
	sqlite3_stmt *s;
	int rc = (unsigned)which < sizeof q / sizeof q[0]
		? store_stmt(st, q[which].id, q[which].sql, &s, err)
		: kc_fail(err, KC_ERR_INVALID, "no such choice of reading (%d)", (int)which);

	*found = 0;
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, session);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)t);
	store_bind_id(s, 3, skip);
	rc = store_one(st, s, read_vitals, out, err);
	if (rc == KC_ERR_NOTFOUND)
		return KC_OK;
	*found = rc == KC_OK;
	return rc;
}

int store_baseline(struct kc_store *st, kc_id session, struct kc_vitals_row *row, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_BASELINE, "SELECT " VITALS_COLS " FROM vitals WHERE session_id = ?1"
			    " AND baseline = 1 AND status = 'taken' AND eie_code IS NULL"
			    " ORDER BY taken_at DESC, id DESC LIMIT 1", &s, err);

	memset(row, 0, sizeof *row);
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, session);
	rc = store_one(st, s, read_vitals, row, err);
	if (rc == KC_ERR_NOTFOUND) {
		memset(row, 0, sizeof *row);
		return KC_OK;
	}
	return rc;
}

int store_vitals_ack(struct kc_store *st, kc_id id, const char *action, struct kc_err *err)
{
	struct kc_vitals_row r;
	sqlite3_stmt *s;
	int rc = kc_vitals_get(st, id, &r, err);

	if (rc == KC_OK)
		rc = store_session_writable(st, r.session_id, NULL, err);
	if (rc == KC_OK && r.acked)
		rc = kc_fail(err, KC_ERR_INVALID, "reading %lld was already acknowledged by %s", id,
			     r.ack_by);
	if (rc == KC_OK)
		rc = store_stmt(st, S_VIT_ACK, "UPDATE vitals SET acked = 1, ack_action = ?2,"
				" ack_by = ?3, ack_at = ?4 WHERE id = ?1", &s, err);
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, action);
	store_bind_text(s, 3, st->actor);
	store_bind_time(s, 4, st->now);
	return store_run(st, s, err);
}

int kc_vitals_ack(struct kc_store *st, kc_id id, const char *action, time_t now, struct kc_err *err)
{
	int rc = store_check_text("the action taken", action, KC_NOTE_MAX, 1, err);

	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	return store_end(st, store_vitals_ack(st, id, action, err), err);
}

int kc_vitals_correct(struct kc_store *st, kc_id id, enum kc_error_code code, const char *reason,
		      struct kc_vitals_row *replacement, time_t now, struct kc_err *err)
{
	kc_id session = 0, new_id = 0;
	int rc = replacement ? check_vitals(replacement, err) : KC_OK;

	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_correct_check(st, &vitals_eie, id, code, reason, &session, err);
	if (rc == KC_OK && replacement)
		rc = replacement_session(st, &replacement->session_id, session, err);
	if (rc == KC_OK && replacement && (rc = insert_vitals(st, replacement, id, err)) == KC_OK)
		new_id = replacement->id;
	if (rc == KC_OK)
		rc = store_correct_mark(st, &vitals_eie, id, code, reason, new_id, err);
	rc = store_end(st, rc, err);
	if (replacement && rc == KC_OK)
		vitals_stored(st, replacement, id);
	else if (replacement)
		replacement->id = 0;
	return rc;
}

/* ---------- observations ---------- */

static const struct store_eie_table obs_eie = {
	"observation", S_OBS_STATE, S_OBS_MARK,
	"SELECT session_id, eie_code FROM observation WHERE id = ?1",
	"UPDATE observation" EIE_MARK_SET,
};

#define OBS_COLS "id, session_id, observed_at, entered_at, entered_by, kind, scale, score, items," \
	" vomiting, detail, intervention, note, level, alerts, late, " STORE_EIE_COLS

static int read_obs(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_obs_row *o = row;

	o->id = sqlite3_column_int64(s, 0);
	if (kc_obs_kind_from_name((const char *)sqlite3_column_text(s, 5), &o->kind) != KC_OK ||
	    kc_scale_from_name((const char *)sqlite3_column_text(s, 6), &o->scale) != KC_OK)
		return kc_fail(err, KC_ERR_CORRUPT, "observation %lld has an unknown kind or scale",
			       o->id);
	o->session_id = sqlite3_column_int64(s, 1);
	o->observed_at = store_col_time(s, 2);
	o->entered_at = store_col_time(s, 3);
	store_col_text(s, 4, o->entered_by, sizeof o->entered_by);
	o->score = sqlite3_column_int(s, 7);
	store_col_text(s, 8, o->items, sizeof o->items);
	o->vomiting = sqlite3_column_int(s, 9);
	store_col_text(s, 10, o->detail, sizeof o->detail);
	store_col_text(s, 11, o->intervention, sizeof o->intervention);
	store_col_text(s, 12, o->note, sizeof o->note);
	o->level = (enum kc_level)sqlite3_column_int(s, 13);
	store_col_text(s, 14, o->alerts, sizeof o->alerts);
	o->late = sqlite3_column_int(s, 15);
	return store_read_eie(s, 16, &o->eie, err);
}

static int check_obs(const struct kc_obs_row *o, struct kc_err *err)
{
	int rc;

	if (o->observed_at <= 0)
		return kc_fail(err, KC_ERR_INVALID, "an observation needs its time");
	if ((unsigned)o->level > KC_LEVEL_CRITICAL || o->vomiting < 0)
		return kc_fail(err, KC_ERR_INVALID, "unknown alert level or negative vomiting count");
	rc = kc_obs_validate(o->kind, o->scale, o->score, err);
	if (rc == KC_OK)
		rc = store_check_text("the item scores", o->items, sizeof o->items, 0, err);
	if (rc == KC_OK)
		rc = store_check_text("what it is", o->detail, sizeof o->detail, 0, err);
	if (rc == KC_OK)
		rc = store_check_text("the intervention", o->intervention, sizeof o->intervention, 0, err);
	if (rc == KC_OK)
		rc = store_check_text("the note", o->note, sizeof o->note, 0, err);
	if (rc == KC_OK)
		rc = store_check_text("the alert text", o->alerts, sizeof o->alerts, 0, err);
	return rc;
}

static int insert_obs(struct kc_store *st, struct kc_obs_row *o, kc_id corrects, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_OBS_ADD, "INSERT INTO observation (session_id, observed_at,"
			    " entered_at, entered_by, kind, scale, score, items, vomiting, detail,"
			    " intervention, note, level, alerts, late, corrects) VALUES (?1, ?2, ?3,"
			    " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)", &s, err);

	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, o->session_id);
	store_bind_time(s, 2, o->observed_at);
	store_bind_time(s, 3, st->now);
	store_bind_text(s, 4, st->actor);
	store_bind_text(s, 5, kc_obs_kind_name(o->kind));
	store_bind_text(s, 6, kc_scale_name(o->scale));
	sqlite3_bind_int(s, 7, o->score);
	store_bind_text(s, 8, o->items);
	sqlite3_bind_int(s, 9, o->vomiting);
	store_bind_text(s, 10, o->detail);
	store_bind_text(s, 11, o->intervention);
	store_bind_text(s, 12, o->note);
	sqlite3_bind_int(s, 13, (int)o->level);
	store_bind_text(s, 14, o->alerts);
	store_bind_flag(s, 15, o->late);
	store_bind_id(s, 16, corrects);
	rc = store_run(st, s, err);
	if (rc == KC_OK)
		o->id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

static void obs_stored(const struct kc_store *st, struct kc_obs_row *o, kc_id corrects)
{
	o->entered_at = st->now;
	kc_strlcpy(o->entered_by, st->actor, sizeof o->entered_by);
	o->eie = (struct kc_eie){ .code = KC_EIE_NONE, .corrects = corrects };
}

int kc_obs_add(struct kc_store *st, struct kc_obs_row *row, time_t now, struct kc_err *err)
{
	return kc_obs_add_acts(st, row, NULL, 0, now, err);
}

int kc_obs_add_acts(struct kc_store *st, struct kc_obs_row *row, const struct kc_ack_action *a, size_t n,
		    time_t now, struct kc_err *err)
{
	int rc = check_obs(row, err);

	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_session_writable(st, row->session_id, NULL, err);
	if (rc == KC_OK)
		rc = insert_obs(st, row, 0, err);
	if (rc == KC_OK && n)
		rc = store_ack_rows(st, row->session_id, 0, row->id, a, n, err);
	rc = store_end(st, rc, err);
	if (rc == KC_OK)
		obs_stored(st, row, 0);
	else
		row->id = 0;
	return rc;
}

int kc_obs_list(struct kc_store *st, kc_id session, struct kc_obs_row **rows, size_t *n,
		struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_OBS_LIST, "SELECT " OBS_COLS " FROM observation"
			    " WHERE session_id = ?1 ORDER BY observed_at, id", &s, err);

	*rows = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, session);
	return store_list(st, s, sizeof **rows, read_obs, (void **)rows, n, err);
}

int kc_obs_correct(struct kc_store *st, kc_id id, enum kc_error_code code, const char *reason,
		   struct kc_obs_row *replacement, time_t now, struct kc_err *err)
{
	kc_id session = 0, new_id = 0;
	int rc = replacement ? check_obs(replacement, err) : KC_OK;

	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_correct_check(st, &obs_eie, id, code, reason, &session, err);
	if (rc == KC_OK && replacement)
		rc = replacement_session(st, &replacement->session_id, session, err);
	if (rc == KC_OK && replacement && (rc = insert_obs(st, replacement, id, err)) == KC_OK)
		new_id = replacement->id;
	if (rc == KC_OK)
		rc = store_correct_mark(st, &obs_eie, id, code, reason, new_id, err);
	rc = store_end(st, rc, err);
	if (replacement && rc == KC_OK)
		obs_stored(st, replacement, id);
	else if (replacement)
		replacement->id = 0;
	return rc;
}

/* ---------- every entry, streamed (kc_entries_open) ---------- */

struct kc_entry_iter {
	struct kc_store *st;
	sqlite3_stmt *ses, *v, *o; /* o is NULL for vitals only */
	int v_has, o_has;          /* a row of the current session is waiting in vr / orow */
	kc_id session;
	struct kc_vitals_row vr;
	struct kc_obs_row orow;
};

void kc_entries_close(struct kc_entry_iter *it)
{
	if (!it)
		return;
	sqlite3_finalize(it->ses);
	sqlite3_finalize(it->v);
	sqlite3_finalize(it->o);
	free(it);
}

int kc_entries_open(struct kc_store *st, int vitals_only, struct kc_entry_iter **out,
		    struct kc_err *err)
{
	struct kc_entry_iter *it = calloc(1, sizeof *it);
	int rc;

	*out = NULL;
	if (!it)
		return kc_fail(err, KC_ERR_NOMEM, "out of memory");
	it->st = st;
	/* Only the sessions' keys are sorted; their entries come by index, in order. */
	rc = sqlite3_prepare_v2(st->db, "SELECT id FROM session ORDER BY created_at, id", -1, &it->ses, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(st->db, "SELECT " VITALS_COLS " FROM vitals WHERE session_id = ?1"
					" ORDER BY taken_at, id", -1, &it->v, NULL);
	if (rc == SQLITE_OK && !vitals_only)
		rc = sqlite3_prepare_v2(st->db, "SELECT " OBS_COLS " FROM observation WHERE session_id = ?1"
					" ORDER BY observed_at, id", -1, &it->o, NULL);
	if (rc != SQLITE_OK) {
		rc = store_fail(st, rc, err);
		kc_entries_close(it);
		return rc;
	}
	*out = it;
	return KC_OK;
}

/* Step s into row with rd: *has says whether a row came. */
static int entry_step(struct kc_store *st, sqlite3_stmt *s, store_reader rd, void *row, int *has,
		      struct kc_err *err)
{
	int rc = s ? sqlite3_step(s) : SQLITE_DONE;

	*has = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW)
		return rd(s, row, err);
	return rc == SQLITE_DONE ? KC_OK : store_fail(st, rc, err);
}

int kc_entries_next(struct kc_entry_iter *it, struct kc_entry *e, struct kc_err *err)
{
	int rc = KC_OK;

	while (rc == KC_OK && !it->v_has && !it->o_has) {
		int step = sqlite3_step(it->ses);

		if (step == SQLITE_DONE)
			return KC_ERR_NOTFOUND;
		if (step != SQLITE_ROW)
			return store_fail(it->st, step, err);
		it->session = sqlite3_column_int64(it->ses, 0);
		sqlite3_reset(it->v);
		sqlite3_bind_int64(it->v, 1, it->session);
		rc = entry_step(it->st, it->v, read_vitals, &it->vr, &it->v_has, err);
		if (it->o) {
			sqlite3_reset(it->o);
			sqlite3_bind_int64(it->o, 1, it->session);
		}
		if (rc == KC_OK)
			rc = entry_step(it->st, it->o, read_obs, &it->orow, &it->o_has, err);
	}
	if (rc != KC_OK)
		return rc;
	e->session = it->session;
	e->is_obs = !it->v_has || (it->o_has && it->vr.taken_at > it->orow.observed_at);
	if (e->is_obs) {
		e->obs = it->orow;
		return entry_step(it->st, it->o, read_obs, &it->orow, &it->o_has, err);
	}
	e->vitals = it->vr;
	return entry_step(it->st, it->v, read_vitals, &it->vr, &it->v_has, err);
}
