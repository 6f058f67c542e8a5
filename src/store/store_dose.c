/* store_dose.c — dose events, and the session state they drive (dose_start, dose_end,
 * phase, given_mg), kept consistent in the same transaction. */
#include "store_impl.h"

#include <stdlib.h>

#define DOSE_COLS "id, session_id, given_at, entered_at, entered_by, kind, mg, rate_ml_h," \
	" device_no, lot, note, late, " STORE_EIE_COLS

static int read_dose(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_dose_row *d = row;
	const char *kind = (const char *)sqlite3_column_text(s, 5);

	d->id = sqlite3_column_int64(s, 0);
	if (kc_dose_kind_from_name(kind, &d->kind) != KC_OK)
		return kc_fail(err, KC_ERR_CORRUPT, "dose event %lld has an unknown kind", d->id);
	d->session_id = sqlite3_column_int64(s, 1);
	d->at = store_col_time(s, 2);
	d->entered_at = store_col_time(s, 3);
	store_col_text(s, 4, d->entered_by, sizeof d->entered_by);
	d->mg = sqlite3_column_double(s, 6);
	d->rate_ml_h = sqlite3_column_double(s, 7);
	d->device_no = sqlite3_column_int(s, 8);
	store_col_text(s, 9, d->lot, sizeof d->lot);
	store_col_text(s, 10, d->note, sizeof d->note);
	d->late = sqlite3_column_int(s, 11);
	return store_read_eie(s, 12, &d->eie, err);
}

int kc_dose_list(struct kc_store *st, kc_id session, struct kc_dose_row **rows, size_t *n,
		 struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_DOSE_LIST, "SELECT " DOSE_COLS " FROM dose_event"
			    " WHERE session_id = ?1 ORDER BY given_at, id", &s, err);

	*rows = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, session);
	return store_list(st, s, sizeof **rows, read_dose, (void **)rows, n, err);
}

/* The valid events of a session in time order (entered-in-error rows left out). */
static int load_valid(struct kc_store *st, kc_id session, struct kc_dose_row **rows, size_t *n,
		      struct kc_err *err)
{
	size_t kept = 0;
	int rc = kc_dose_list(st, session, rows, n, err);

	for (size_t i = 0; rc == KC_OK && i < *n; i++)
		if ((*rows)[i].eie.code == KC_EIE_NONE)
			(*rows)[kept++] = (*rows)[i];
	*n = kept;
	return rc;
}

static int check_route(const struct kc_session *x, enum kc_dose_kind kind, struct kc_err *err)
{
	if (x->route == KC_ROUTE_ESKETAMINE && kind != KC_DOSE_DEVICE)
		return kc_fail(err, KC_ERR_INVALID, "an esketamine session records devices, not an "
			       "infusion %s", kc_dose_kind_name(kind));
	if (x->route != KC_ROUTE_ESKETAMINE && kind == KC_DOSE_DEVICE)
		return kc_fail(err, KC_ERR_INVALID, "spray devices are for esketamine sessions only");
	return KC_OK;
}

struct dose_state {
	int started, paused, stopped;
};

/* One step of the infusion's order: start, then pause/resume/rate changes, then one stop.
 * Returns why the event does not fit, or NULL. */
static const char *replay(struct dose_state *ds, const struct kc_dose_row *d)
{
	if (d->kind == KC_DOSE_DEVICE)
		return NULL;
	if (d->kind == KC_DOSE_START) {
		if (ds->started)
			return "the infusion was already started";
		ds->started = 1;
		return NULL;
	}
	if (!ds->started)
		return "the infusion has not been started";
	if (ds->stopped)
		return "the infusion was already stopped";
	if (d->kind == KC_DOSE_PAUSE && ds->paused)
		return "the infusion is already paused";
	if (d->kind == KC_DOSE_RESUME && !ds->paused)
		return "the infusion is not paused";
	if (d->kind == KC_DOSE_PAUSE || d->kind == KC_DOSE_RESUME)
		ds->paused = d->kind == KC_DOSE_PAUSE;
	if (d->kind == KC_DOSE_STOP)
		ds->stopped = 1;
	return NULL;
}

/* A late entry goes where its time puts it, so the whole sequence is replayed with it. */
static int check_order(const struct kc_dose_row *rows, size_t n, const struct kc_dose_row *row,
		       struct kc_err *err)
{
	struct dose_state ds = { 0 };
	const char *kind = kc_dose_kind_name(row->kind), *why = NULL;
	size_t k = 0, i;

	while (k < n && rows[k].at <= row->at)
		k++;
	for (i = 0; i < k && !why; i++)
		why = replay(&ds, &rows[i]);
	if (!why && (why = replay(&ds, row)) != NULL)
		return kc_fail(err, KC_ERR_INVALID, "%s refused: %s", kind, why);
	for (i = k; i < n && !why; i++)
		why = replay(&ds, &rows[i]);
	if (why)
		return kc_fail(err, KC_ERR_INVALID, "%s refused: it conflicts with the %s recorded "
			       "after it (%s)", kind, kc_dose_kind_name(rows[i - 1].kind), why);
	return KC_OK;
}

static int number_device(const struct kc_dose_row *rows, size_t n, struct kc_dose_row *row,
			 struct kc_err *err)
{
	int max = 0;

	if (row->kind != KC_DOSE_DEVICE)
		return KC_OK;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].kind == KC_DOSE_DEVICE && rows[i].device_no == row->device_no)
			return kc_fail(err, KC_ERR_INVALID, "device %d was already recorded",
				       row->device_no);
		if (rows[i].device_no > max)
			max = rows[i].device_no;
	}
	if (row->device_no == 0)
		row->device_no = max + 1;
	return KC_OK;
}

static int check_row(const struct kc_dose_row *row, struct kc_err *err)
{
	int rc;

	if ((unsigned)row->kind >= KC_DOSE_COUNT)
		return kc_fail(err, KC_ERR_INVALID, "unknown dose event %d", (int)row->kind);
	if (row->at <= 0)
		return kc_fail(err, KC_ERR_INVALID, "a dose event needs its time");
	if (!(row->mg >= 0) || !(row->rate_ml_h >= 0) || row->device_no < 0)
		return kc_fail(err, KC_ERR_INVALID, "dose amounts cannot be negative");
	if (row->kind == KC_DOSE_DEVICE && !(row->mg > 0))
		return kc_fail(err, KC_ERR_INVALID, "a device needs the mg it delivered");
	if (row->kind == KC_DOSE_RATE && !(row->rate_ml_h > 0))
		return kc_fail(err, KC_ERR_INVALID, "a rate change needs the new rate in mL/h");
	rc = store_check_text("the lot number", row->lot, sizeof row->lot, 0, err);
	if (rc == KC_OK)
		rc = store_check_text("the note", row->note, sizeof row->note, 0, err);
	return rc;
}

/* A dose event, or (corrects != 0) the replacement of the event it corrects. */
static int insert_dose(struct kc_store *st, struct kc_dose_row *row, kc_id corrects, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_DOSE_ADD, "INSERT INTO dose_event (session_id, given_at, entered_at,"
			    " entered_by, kind, mg, rate_ml_h, device_no, lot, note, late, corrects)"
			    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", &s, err);

	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, row->session_id);
	store_bind_time(s, 2, row->at);
	store_bind_time(s, 3, st->now);
	store_bind_text(s, 4, st->actor);
	store_bind_text(s, 5, kc_dose_kind_name(row->kind));
	sqlite3_bind_double(s, 6, row->mg);
	sqlite3_bind_double(s, 7, row->rate_ml_h);
	sqlite3_bind_int(s, 8, row->device_no);
	store_bind_text(s, 9, row->lot);
	store_bind_text(s, 10, row->note);
	store_bind_flag(s, 11, row->late);
	store_bind_id(s, 12, corrects);
	rc = store_run(st, s, err);
	if (rc == KC_OK)
		row->id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

/* dose_start, dose_end and given_mg are derived from the valid events, so a late entry
 * lands right: first START/DEVICE, last STOP/DEVICE, sum of STOP/DEVICE mg. A START or
 * DEVICE moves screening to dosing, a STOP moves to recovery. */
#define VALID_DOSE "FROM dose_event WHERE session_id = ?1 AND eie_code IS NULL"

static int update_session(struct kc_store *st, const struct kc_session *x,
			  const struct kc_dose_row *row, struct kc_err *err)
{
	enum kc_phase phase = x->phase;
	sqlite3_stmt *s;
	int rc;

	if ((row->kind == KC_DOSE_START || row->kind == KC_DOSE_DEVICE) && phase == KC_PHASE_SCREENING)
		phase = KC_PHASE_DOSING;
	if (row->kind == KC_DOSE_STOP && phase < KC_PHASE_RECOVERY)
		phase = KC_PHASE_RECOVERY;
	rc = store_stmt(st, S_SES_DOSE, "UPDATE session SET phase = ?2,"
			" dose_start = (SELECT min(given_at) " VALID_DOSE " AND kind IN ('start', 'device')),"
			" dose_end = (SELECT max(given_at) " VALID_DOSE " AND kind IN ('stop', 'device')),"
			" given_mg = (SELECT total(mg) " VALID_DOSE " AND kind IN ('stop', 'device'))"
			" WHERE id = ?1", &s, err);
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, x->id);
	store_bind_text(s, 2, kc_phase_name(phase));
	return store_run(st, s, err);
}

int kc_dose_add(struct kc_store *st, struct kc_dose_row *row, time_t now, struct kc_err *err)
{
	struct kc_dose_row *rows = NULL;
	struct kc_session x;
	size_t n = 0;
	int rc = check_row(row, err);

	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_session_open(st, row->session_id, &x, err);
	if (rc == KC_OK)
		rc = check_route(&x, row->kind, err);
	if (rc == KC_OK)
		rc = load_valid(st, x.id, &rows, &n, err);
	if (rc == KC_OK)
		rc = check_order(rows, n, row, err);
	if (rc == KC_OK)
		rc = number_device(rows, n, row, err);
	if (rc == KC_OK)
		rc = insert_dose(st, row, 0, err);
	if (rc == KC_OK)
		rc = update_session(st, &x, row, err);
	free(rows);
	rc = store_end(st, rc, err);
	if (rc != KC_OK) {
		row->id = 0;
		return rc;
	}
	row->entered_at = now;
	kc_strlcpy(row->entered_by, st->actor, sizeof row->entered_by);
	return KC_OK;
}

/* ---------- corrections ---------- */

static const struct store_eie_table dose_eie = {
	"dose event", S_DOSE_STATE, S_DOSE_MARK,
	"SELECT session_id, eie_code FROM dose_event WHERE id = ?1",
	"UPDATE dose_event SET eie_code = ?2, eie_reason = ?3, eie_by = ?4, eie_at = ?5,"
	" replaced_by = ?6 WHERE id = ?1 AND eie_code IS NULL",
};


/* The valid events without the one being corrected, and the replacement checked among them. */
static int fix_order(struct kc_store *st, kc_id session, kc_id id, struct kc_dose_row *repl, int *stops,
		     struct kc_err *err)
{
	struct kc_dose_row *rows = NULL;
	size_t n = 0, kept = 0;
	int rc = load_valid(st, session, &rows, &n, err);

	for (size_t i = 0; rc == KC_OK && i < n; i++)
		if (rows[i].id != id)
			rows[kept++] = rows[i];
	*stops = 0;
	for (size_t i = 0; i < kept; i++)
		*stops += rows[i].kind == KC_DOSE_STOP;
	if (rc == KC_OK && repl) {
		*stops += repl->kind == KC_DOSE_STOP;
		rc = check_order(rows, kept, repl, err);
		if (rc == KC_OK && repl->kind == KC_DOSE_DEVICE)
			rc = number_device(rows, kept, repl, err);
	}
	free(rows);
	return rc;
}

/* dose_start / dose_end / given_mg again from the valid events; an open IV session left with
 * no stop is dosing again. */
static int fix_session(struct kc_store *st, kc_id session, int stops, struct kc_err *err)
{
	struct kc_session x;
	struct kc_dose_row none = { .kind = KC_DOSE_PAUSE };
	int rc = kc_session_get(st, session, &x, err);

	if (rc == KC_OK && !x.ended_at && x.route != KC_ROUTE_ESKETAMINE && !stops &&
	    x.phase == KC_PHASE_RECOVERY)
		x.phase = KC_PHASE_DOSING;
	if (rc == KC_OK)
		rc = update_session(st, &x, &none, err);
	return rc;
}

int kc_dose_correct(struct kc_store *st, kc_id id, enum kc_error_code code, const char *reason,
		    struct kc_dose_row *replacement, time_t now, struct kc_err *err)
{
	kc_id session = 0, new_id = 0;
	int stops = 0;
	int rc = replacement ? check_row(replacement, err) : KC_OK;

	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_correct_check(st, &dose_eie, id, code, reason, &session, err);
	if (rc == KC_OK && replacement)
		replacement->session_id = session;
	if (rc == KC_OK)
		rc = fix_order(st, session, id, replacement, &stops, err);
	if (rc == KC_OK && replacement && (rc = insert_dose(st, replacement, id, err)) == KC_OK)
		new_id = replacement->id;
	if (rc == KC_OK)
		rc = store_correct_mark(st, &dose_eie, id, code, reason, new_id, err);
	if (rc == KC_OK)
		rc = fix_session(st, session, stops, err);
	rc = store_end(st, rc, err);
	if (replacement && rc == KC_OK) {
		replacement->entered_at = now;
		kc_strlcpy(replacement->entered_by, st->actor, sizeof replacement->entered_by);
		replacement->eie = (struct kc_eie){ .code = KC_EIE_NONE, .corrects = id };
	} else if (replacement) {
		replacement->id = 0;
	}
	return rc;
}
