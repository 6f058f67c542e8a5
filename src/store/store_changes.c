/* store_changes.c — the change feed (kc_store.h): which rows, sessions and patients were
 * entered, corrected or amended after an audit id. The audit is the source: every
 * clinical insert and update writes audit rows (the schema's triggers), their ids only
 * grow, and nothing else writes them. The feed is read once into sorted arrays, so an
 * export asks "is this row in it" by binary search while it streams the record. */
#include "store_impl.h"

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

struct kc_changes {
	kc_id from;   /* audit ids > from ... */
	kc_id cursor; /* ... up to this one */
	int all;
	struct change *rows;
	size_t nrows, caprows;
	kc_id *sessions, *patients;
	size_t nsessions, npatients, capsessions, cappatients;
	size_t next;  /* kc_changes_next_session: the next changed session, or ... */
	int walking;  /* ... (all) the session statement is stepping */
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
/* Every session, oldest first (kc_entries_open's order). */
static const char sessions_sql[] = "SELECT id FROM session ORDER BY created_at, id";
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

int kc_changes_next_session(struct kc_store *st, struct kc_changes *c, kc_id *session, struct kc_err *err)
{
	sqlite3_stmt *s = st->stmt[S_CHG_SESSIONS];
	int rc;

	if (!c->all) {
		if (c->next >= c->nsessions)
			return KC_ERR_NOTFOUND;
		*session = c->sessions[c->next++];
		return KC_OK;
	}
	if (!c->walking) {
		rc = store_stmt(st, S_CHG_SESSIONS, sessions_sql, &s, err);
		if (rc != KC_OK)
			return rc;
		c->walking = 1;
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*session = sqlite3_column_int64(s, 0);
		return KC_OK;
	}
	sqlite3_reset(s);
	c->walking = 0;
	return rc == SQLITE_DONE ? KC_ERR_NOTFOUND : store_fail(st, rc, err);
}
