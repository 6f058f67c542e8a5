/* store_changes.c — the change feed (kc_store.h): which rows, sessions and patients were
 * entered, corrected or amended after an audit id. The audit is the source: every
 * clinical insert and update writes audit rows (the schema's triggers), their ids only
 * grow, and nothing else writes them. The feed is read once into sorted arrays, so an
 * export asks "is this row in it" by binary search while it streams the record. */
#include "store_impl.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* The tables of the feed. Rows of the tables not named here (holds: who is charting, not
 * what was charted; tables added later) are not changes of the record an export sends. */
static const char *const tables[] = {
	"session", "patient", "weight", "screening_answer", "vitals", "observation", "dose_event",
	"discharge", "addendum", "amendment", "patient_correction", "patient_detail_fix", "drug_drawn",
	"booking", "clinician", "clinician_contact", "rems_submission", "stock_receipt", "drug_waste",
	"stock_count", "ack_action", "booking_cancel", "session_chair",
};
#define N_TABLES (sizeof tables / sizeof tables[0])

struct change {
	int tbl; /* index into tables[] */
	kc_id row;
};

/* A session out of place in the walk of every session (kc_changes_next_session). */
struct late {
	sqlite3_int64 at; /* created_at */
	kc_id id;
};

struct kc_changes {
	kc_id from;   /* audit ids > from ... */
	kc_id cursor; /* ... up to this one */
	int all;
	struct change *rows;
	size_t nrows, caprows;
	kc_id *sessions, *patients;
	size_t nsessions, npatients, capsessions, cappatients;
	size_t next;  /* kc_changes_next_session: the next changed session, or ... */
	int walking;  /* ... (all) the session statement is stepping: */
	int ended;    /* it has given its last row */
	sqlite3_int64 top; /* the latest created_at it has given */
	int waiting;  /* a session in place (wait_id, wait_at) is waiting for its turn */
	kc_id wait_id;
	sqlite3_int64 wait_at;
	struct late *late; /* the sessions out of place, in (created_at, id) order */
	size_t nlate, caplate, nextlate;
};

/* The highest audit id of the moment, the lowest, and the earliest stamp (to tell a full
 * export). */
static const char bounds_sql[] = "SELECT coalesce((SELECT max(id) FROM audit), 0),"
				 " coalesce((SELECT min(id) FROM audit), 0), (SELECT min(at) FROM audit)";
/* The rows of the audit after ?1 up to ?2 (the rowid range) ... */
static const char rows_sql[] = "SELECT tbl, row_id FROM audit WHERE id > ?1 AND id <= ?2";
/* ... and those stamped at or after ?3 (the index on at, migration 15): a stamp is the
 * time the entry was made as its clinician's clock gave it, which need not grow with the
 * ids (another workstation's clock, a late entry), so every row stamped since is read, not
 * the rows after the first one. */
static const char since_sql[] = "SELECT tbl, row_id FROM audit WHERE at >= ?3 AND +id > ?1 AND +id <= ?2";
/* Every session by id with its time, for the walk oldest first (kc_changes_next_session). */
static const char sessions_sql[] = "SELECT id, created_at FROM session ORDER BY id";
/* A changed row's session and patient, and the row an amendment amends. */
static const char owner_sql[] =
	"SELECT CASE ?1"
	" WHEN 'session' THEN ?2"
	" WHEN 'weight' THEN (SELECT session_id FROM weight WHERE id = ?2)"
	" WHEN 'screening_answer' THEN (SELECT session_id FROM screening_answer WHERE id = ?2)"
	" WHEN 'vitals' THEN (SELECT session_id FROM vitals WHERE id = ?2)"
	" WHEN 'observation' THEN (SELECT session_id FROM observation WHERE id = ?2)"
	" WHEN 'dose_event' THEN (SELECT session_id FROM dose_event WHERE id = ?2)"
	" WHEN 'discharge' THEN (SELECT session_id FROM discharge WHERE id = ?2)"
	" WHEN 'addendum' THEN (SELECT session_id FROM addendum WHERE id = ?2)"
	" WHEN 'amendment' THEN (SELECT session_id FROM amendment WHERE id = ?2)"
	" WHEN 'drug_drawn' THEN (SELECT session_id FROM drug_drawn WHERE id = ?2)"
	" WHEN 'ack_action' THEN (SELECT session_id FROM ack_action WHERE id = ?2) END,"
	" CASE ?1"
	" WHEN 'patient' THEN ?2"
	" WHEN 'session' THEN (SELECT patient_id FROM session WHERE id = ?2)"
	" WHEN 'weight' THEN (SELECT patient_id FROM weight WHERE id = ?2)"
	" WHEN 'patient_correction' THEN (SELECT patient_id FROM patient_correction WHERE id = ?2)"
	" WHEN 'patient_detail_fix' THEN (SELECT patient_id FROM patient_detail_fix WHERE id = ?2) END,"
	" CASE ?1 WHEN 'amendment' THEN (SELECT tbl FROM amendment WHERE id = ?2) END,"
	" CASE ?1 WHEN 'amendment' THEN (SELECT row_id FROM amendment WHERE id = ?2) END";

static int table_index(const char *tbl)
{
	for (size_t i = 0; tbl && i < N_TABLES; i++)
		if (strcmp(tbl, tables[i]) == 0)
			return (int)i;
	return -1;
}

static int grow(void **p, size_t *cap, size_t n, size_t size)
{
	void *q;
	size_t want = *cap ? *cap * 2 : 64;

	if (n < *cap)
		return 0;
	q = realloc(*p, want * size);
	if (!q)
		return -1;
	*p = q;
	*cap = want;
	return 0;
}

static int add_id(kc_id **ids, size_t *n, size_t *cap, kc_id id)
{
	if (id <= 0)
		return 0;
	if (grow((void **)ids, cap, *n, sizeof **ids))
		return -1;
	(*ids)[(*n)++] = id;
	return 0;
}

static int add_row(struct kc_changes *c, int tbl, kc_id row)
{
	if (tbl < 0 || row <= 0)
		return 0;
	if (grow((void **)&c->rows, &c->caprows, c->nrows, sizeof *c->rows))
		return -1;
	c->rows[c->nrows++] = (struct change){ tbl, row };
	return 0;
}

static int cmp_id(const void *a, const void *b)
{
	kc_id x = *(const kc_id *)a, y = *(const kc_id *)b;

	return (x > y) - (x < y);
}

static int cmp_change(const void *a, const void *b)
{
	const struct change *x = a, *y = b;

	if (x->tbl != y->tbl)
		return (x->tbl > y->tbl) - (x->tbl < y->tbl);
	return (x->row > y->row) - (x->row < y->row);
}

static size_t unique(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	char *p = base;
	size_t k = 0;

	if (n)
		qsort(base, n, size, cmp);
	for (size_t i = 0; i < n; i++)
		if (k == 0 || cmp(p + (k - 1) * size, p + i * size) != 0)
			memmove(p + k++ * size, p + i * size, size);
	return k;
}

static int read_bounds(sqlite3_stmt *s, void *out, struct kc_err *err)
{
	kc_id *b = out;

	(void)err;
	b[0] = sqlite3_column_int64(s, 0);
	b[1] = sqlite3_column_int64(s, 1);
	b[2] = sqlite3_column_int64(s, 2);
	return KC_OK;
}

/* The session, patient and amended row of one changed row, added to the sets. */
static int owners(struct kc_store *st, struct kc_changes *c, const char *tbl, kc_id row, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_CHG_OWNER, owner_sql, &s, err);

	if (rc != KC_OK)
		return rc;
	store_bind_text(s, 1, tbl);
	sqlite3_bind_int64(s, 2, row);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *amended = (const char *)sqlite3_column_text(s, 2);

		rc = add_id(&c->sessions, &c->nsessions, &c->capsessions, sqlite3_column_int64(s, 0)) ||
		     add_id(&c->patients, &c->npatients, &c->cappatients, sqlite3_column_int64(s, 1)) ||
		     add_row(c, table_index(amended), sqlite3_column_int64(s, 3))
			     ? kc_fail(err, KC_ERR_NOMEM, "out of memory")
			     : KC_OK;
	} else {
		rc = store_fail(st, rc, err);
	}
	sqlite3_reset(s);
	return rc;
}

static int read_rows(struct kc_store *st, struct kc_changes *c, time_t since, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = since ? store_stmt(st, S_CHG_SINCE, since_sql, &s, err) : store_stmt(st, S_CHG_ROWS, rows_sql, &s, err);

	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, c->from);
	sqlite3_bind_int64(s, 2, c->cursor);
	if (since)
		sqlite3_bind_int64(s, 3, (sqlite3_int64)since);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *tbl = (const char *)sqlite3_column_text(s, 0);
		kc_id row = sqlite3_column_int64(s, 1);

		if (add_row(c, table_index(tbl), row)) {
			sqlite3_reset(s);
			return kc_fail(err, KC_ERR_NOMEM, "out of memory");
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? KC_OK : store_fail(st, rc, err);
}

/* The rows read, then each one's owners (which may add amended rows after them). */
static int derive(struct kc_store *st, struct kc_changes *c, struct kc_err *err)
{
	size_t n = c->nrows = unique(c->rows, c->nrows, sizeof *c->rows, cmp_change);
	int rc = KC_OK;

	for (size_t i = 0; i < n && rc == KC_OK; i++)
		rc = owners(st, c, tables[c->rows[i].tbl], c->rows[i].row, err);
	c->nrows = unique(c->rows, c->nrows, sizeof *c->rows, cmp_change);
	c->nsessions = unique(c->sessions, c->nsessions, sizeof *c->sessions, cmp_id);
	c->npatients = unique(c->patients, c->npatients, sizeof *c->patients, cmp_id);
	return rc;
}

int kc_changes_open(struct kc_store *st, kc_id after, time_t since, struct kc_changes **out, struct kc_err *err)
{
	struct kc_changes *c = calloc(1, sizeof *c);
	sqlite3_stmt *s;
	kc_id b[3] = { 0, 0, 0 };
	int rc = c ? KC_OK : kc_fail(err, KC_ERR_NOMEM, "out of memory");

	*out = NULL;
	if (rc == KC_OK)
		rc = store_stmt(st, S_CHG_BOUNDS, bounds_sql, &s, err);
	if (rc == KC_OK)
		rc = store_one(st, s, read_bounds, b, err);
	if (rc == KC_OK && after > b[0])
		rc = kc_fail(err, KC_ERR_INVALID, "cursor %lld is past this database's last change (%lld): "
			     "a cursor from another database, or a backup restored since?", after, b[0]);
	if (rc == KC_OK) {
		c->from = after > 0 ? after : 0;
		c->cursor = b[0];
		c->all = c->from < b[1] && (since <= 0 || since <= (time_t)b[2]);
		if (!c->all && c->from < c->cursor)
			rc = read_rows(st, c, since, err);
		if (rc == KC_OK)
			rc = derive(st, c, err);
	}
	if (rc != KC_OK) {
		kc_changes_close(c);
		return rc;
	}
	*out = c;
	return KC_OK;
}

void kc_changes_close(struct kc_changes *c)
{
	if (!c)
		return;
	free(c->rows);
	free(c->sessions);
	free(c->patients);
	free(c->late);
	free(c);
}

kc_id kc_changes_cursor(const struct kc_changes *c)
{
	return c->cursor;
}

int kc_changes_all(const struct kc_changes *c)
{
	return c->all;
}

int kc_changes_none(const struct kc_changes *c)
{
	return !c->all && c->nrows == 0;
}

int kc_changes_row(const struct kc_changes *c, const char *tbl, kc_id row_id)
{
	struct change key;

	if (c->all)
		return 1;
	key = (struct change){ table_index(tbl), row_id };
	return key.tbl >= 0 && c->nrows && bsearch(&key, c->rows, c->nrows, sizeof key, cmp_change) != NULL;
}

int kc_changes_session(const struct kc_changes *c, kc_id session)
{
	return c->all || (c->nsessions && bsearch(&session, c->sessions, c->nsessions, sizeof session, cmp_id) != NULL);
}

int kc_changes_patient(const struct kc_changes *c, kc_id patient)
{
	return c->all || (c->npatients && bsearch(&patient, c->patients, c->npatients, sizeof patient, cmp_id) != NULL);
}

void kc_changes_sessions(const struct kc_changes *c, const kc_id **ids, size_t *n)
{
	*ids = c->sessions;
	*n = c->all ? 0 : c->nsessions;
}

/* ---------- every session, oldest first ----------
 * The walk of every session is in (created_at, id) order (kc_entries_open's). There is no
 * index on created_at, and an ORDER BY created_at sorted the whole table: SQLite's sorter
 * held every session's key, a process that grew with the history (2 MiB at 50,000
 * sessions, issue 10). But sessions are numbered as they are made and stamped with the
 * clock of the moment (kc_session_create), so by id they already come in time order, but
 * for the few stamped before a session made ahead of them (another workstation's clock
 * behind). The walk reads the table twice by id: first to find those out of place (each
 * stamped before the latest stamp ahead of it), sorted here; then it gives the sessions in
 * place as they come (they are in order: each is stamped no earlier than every one
 * before it) and each out-of-place one just before the first session in place after it.
 * Memory is the out-of-place sessions, not the history. Both reads see one moment: the
 * walk is made inside kc_store_snapshot_begin. */

static int late_before(const struct late *l, sqlite3_int64 at, kc_id id)
{
	return l->at < at || (l->at == at && l->id < id);
}

static int cmp_late(const void *a, const void *b)
{
	const struct late *x = a, *y = b;

	return late_before(y, x->at, x->id) - late_before(x, y->at, y->id);
}

/* Step s to its next session in place (*id, *at; c->top follows), adding those out of
 * place on the way to c->late when collect: SQLITE_ROW, SQLITE_DONE, or an error. */
static int next_in_place(struct kc_changes *c, sqlite3_stmt *s, int collect, kc_id *id, sqlite3_int64 *at)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		*at = sqlite3_column_int64(s, 1);
		if (*at >= c->top) {
			c->top = *at;
			return SQLITE_ROW;
		}
		if (!collect)
			continue;
		if (grow((void **)&c->late, &c->caplate, c->nlate, sizeof *c->late))
			return SQLITE_NOMEM;
		c->late[c->nlate++] = (struct late){ *at, *id };
	}
	return rc;
}

/* The first read: the sessions out of place, sorted; the statement reset for the second. */
static int walk_begin(struct kc_store *st, struct kc_changes *c, sqlite3_stmt **s, struct kc_err *err)
{
	kc_id id;
	sqlite3_int64 at;
	int rc = store_stmt(st, S_CHG_SESSIONS, sessions_sql, s, err);

	if (rc != KC_OK)
		return rc;
	c->nlate = c->nextlate = 0;
	c->top = LLONG_MIN;
	while ((rc = next_in_place(c, *s, 1, &id, &at)) == SQLITE_ROW)
		;
	sqlite3_reset(*s);
	if (rc == SQLITE_NOMEM)
		return kc_fail(err, KC_ERR_NOMEM, "out of memory");
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, err);
	if (c->nlate)
		qsort(c->late, c->nlate, sizeof *c->late, cmp_late);
	c->top = LLONG_MIN;
	c->walking = 1;
	c->ended = c->waiting = 0;
	return KC_OK;
}

/* The next session of the walk of every session. */
static int walk_next(struct kc_store *st, struct kc_changes *c, kc_id *session, struct kc_err *err)
{
	sqlite3_stmt *s = st->stmt[S_CHG_SESSIONS];
	int rc = KC_OK;

	if (!c->walking && (rc = walk_begin(st, c, &s, err)) != KC_OK)
		return rc;
	if (!c->waiting && !c->ended) {
		rc = next_in_place(c, s, 0, &c->wait_id, &c->wait_at);
		c->waiting = rc == SQLITE_ROW;
		c->ended = rc == SQLITE_DONE;
		if (!c->waiting && !c->ended) {
			sqlite3_reset(s);
			c->walking = 0;
			return store_fail(st, rc, err);
		}
	}
	if (c->nextlate < c->nlate && (!c->waiting || late_before(&c->late[c->nextlate], c->wait_at, c->wait_id))) {
		*session = c->late[c->nextlate++].id;
		return KC_OK;
	}
	if (c->waiting) {
		c->waiting = 0;
		*session = c->wait_id;
		return KC_OK;
	}
	sqlite3_reset(s);
	c->walking = 0;
	return KC_ERR_NOTFOUND;
}

int kc_changes_next_session(struct kc_store *st, struct kc_changes *c, kc_id *session, struct kc_err *err)
{
	if (!c->all) {
		if (c->next >= c->nsessions)
			return KC_ERR_NOTFOUND;
		*session = c->sessions[c->next++];
		return KC_OK;
	}
	return walk_next(st, c, session, err);
}
