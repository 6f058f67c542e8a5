/* store_verify.c — reading what kc_verify judges: the schema against a fresh one, the
 * audit chain row by row, and every clinical row against its audit, in one snapshot. */
#include "store_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---------- the schema ---------- */

static const char list_ours[] =
	"SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
	" ORDER BY name";
static const char list_triggers[] =
	"SELECT type, name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name";
static const char find_object[] = "SELECT sql FROM sqlite_schema WHERE type = ?1 AND name = ?2";

/* 0: in db as in the list, 1: missing from db, 2: there but defined otherwise. */
static int compare_object(sqlite3_stmt *find, sqlite3_stmt *listed, int *rc)
{
	const char *want = (const char *)sqlite3_column_text(listed, 2);
	int found;

	sqlite3_reset(find);
	sqlite3_bind_text(find, 1, (const char *)sqlite3_column_text(listed, 0), -1, SQLITE_STATIC);
	sqlite3_bind_text(find, 2, (const char *)sqlite3_column_text(listed, 1), -1, SQLITE_STATIC);
	*rc = sqlite3_step(find);
	if (*rc == SQLITE_DONE)
		return 1;
	if (*rc != SQLITE_ROW)
		return 0;
	found = want && sqlite3_column_text(find, 0) &&
		strcmp(want, (const char *)sqlite3_column_text(find, 0)) == 0;
	return found || (!want && !sqlite3_column_text(find, 0)) ? 0 : 2;
}

/* Each object list selects from `from` is looked up in `in`: missing ones are reported as
 * gone, changed ones as changed (extra = 0); or, with extra = 1, missing ones as added. */
static int compare_schema(struct kc_store *st, sqlite3 *from, sqlite3 *in, const char *list,
			  int extra, const struct kc_scan_visitor *v, struct kc_err *err)
{
	static const enum kc_schema_finding_kind kinds[2][3] = {
		{ 0, KC_SCHEMA_MISSING, KC_SCHEMA_CHANGED }, { 0, KC_SCHEMA_EXTRA, 0 },
	};
	sqlite3_stmt *listed = NULL, *find = NULL;
	struct kc_schema_finding f;
	int rc = sqlite3_prepare_v2(from, list, -1, &listed, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(in, find_object, -1, &find, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(listed)) == SQLITE_ROW) {
		int diff = compare_object(find, listed, &rc);

		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			break;
		rc = SQLITE_OK;
		if (!diff || (extra && diff == 2))
			continue;
		f.kind = kinds[extra][diff];
		f.type = (const char *)sqlite3_column_text(listed, 0);
		f.name = (const char *)sqlite3_column_text(listed, 1);
		v->schema(v->ctx, &f);
	}
	sqlite3_finalize(listed);
	sqlite3_finalize(find);
	return rc == SQLITE_DONE ? KC_OK : store_fail(st, rc, err);
}

static int scan_schema(struct kc_store *st, struct kc_store *ref, const struct kc_scan_visitor *v,
		       struct kc_err *err)
{
	int rc = compare_schema(st, ref->db, st->db, list_ours, 0, v, err);

	if (rc == KC_OK)
		rc = compare_schema(st, st->db, ref->db, list_triggers, 1, v, err);
	return rc;
}

/* ---------- the audit chain ---------- */

/* Column i of type `type` as the text the hash covers; an integer is written into num
 * (24 bytes) here rather than converted by SQLite. */
static struct kc_bytes column_bytes(sqlite3_stmt *s, int i, int type, char *num)
{
	struct kc_bytes b = { NULL, 0 };

	if (type == SQLITE_NULL)
		return b;
	if (type == SQLITE_INTEGER) {
		b.n = kc_int_text(sqlite3_column_int64(s, i), num);
		b.p = num;
		return b;
	}
	b.p = sqlite3_column_text(s, i); /* text first, then its length */
	b.n = (size_t)sqlite3_column_bytes(s, i);
	if (!b.p)
		b.p = ""; /* out of memory reads as empty: it cannot match a hash */
	return b;
}

/* The audit in id order, as stored: what each row means (its session, the clinician it
 * names, ...) is read from the JSON in C (read_meaning), not with json_extract per row. */
static const char chain_sql[] =
	"SELECT prev_hash, id, at, who, tbl, row_id, field, old_value, new_value, hash"
	" FROM audit ORDER BY id";
/* The JSON of a row's first insert, for an update whose insert is not in the cache. */
static const char first_insert_sql[] =
	"SELECT new_value FROM audit WHERE tbl = ?1 AND row_id = ?2 AND field = ''"
	" ORDER BY id LIMIT 1";

/* A part of the scan SQLite cannot run (a table dropped or altered behind ketchart) is a
 * finding; only a failure of the database itself (I/O, memory, a busy file) stops it. */
static int scan_failed(struct kc_store *st, int rc, const char *what,
		       const struct kc_scan_visitor *v, struct kc_err *err)
{
	int base = rc & 0xff;

	if (base != SQLITE_ERROR && base != SQLITE_MISMATCH && base != SQLITE_CONSTRAINT &&
	    base != SQLITE_RANGE)
		return store_fail(st, rc, err);
	if (v->unreadable)
		v->unreadable(v->ctx, what, sqlite3_errmsg(st->db));
	return KC_OK;
}

static int opt_int(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? -1 : sqlite3_column_int(s, i);
}

/* The audit columns in the order their types are judged (the first wrong one is named),
 * with the types ketchart writes there: read before any column is read as text. */
static const struct audit_col {
	int col;
	const char *name;
	int null_ok;
	int type;
} audit_cols[] = {
	{ 1, "id", 0, SQLITE_INTEGER }, { 2, "at", 0, SQLITE_INTEGER }, { 3, "who", 0, SQLITE_TEXT },
	{ 4, "tbl", 0, SQLITE_TEXT }, { 5, "row_id", 0, SQLITE_INTEGER }, { 6, "field", 0, SQLITE_TEXT },
	{ 7, "old_value", 1, SQLITE_TEXT }, { 8, "new_value", 1, SQLITE_TEXT },
	{ 0, "prev_hash", 1, SQLITE_TEXT }, { 9, "hash", 1, SQLITE_TEXT },
};

static const char *type_name(int t)
{
	return t == SQLITE_INTEGER ? "integer" : t == SQLITE_FLOAT ? "real" : t == SQLITE_TEXT ? "text" :
	       t == SQLITE_BLOB ? "blob" : "null";
}

/* "who holds blob" for the first column of a type ketchart never writes there, else NULL
 * (types: each column's, in the chain query's order). */
static const char *bad_type(const int *types, char *buf, size_t n)
{
	for (size_t i = 0; i < sizeof audit_cols / sizeof audit_cols[0]; i++) {
		const struct audit_col *c = &audit_cols[i];
		int t = types[c->col];

		if (t != c->type && !(t == SQLITE_NULL && c->null_ok)) {
			snprintf(buf, n, "%s holds %s", c->name, type_name(t));
			return buf;
		}
	}
	return NULL;
}

/* The keys of an insert's JSON the replay reads (json_extract's first match); all NULL
 * spans when the text is not valid JSON, as JV() made it in SQL. */
struct ins_keys {
	struct sj_span session, login, item, role, active, ready, reason;
};

static const struct ins_key {
	const char *name;
	size_t len, off;
} ins_key[] = {
	{ "session_id", 10, offsetof(struct ins_keys, session) },
	{ "login", 5, offsetof(struct ins_keys, login) },
	{ "item", 4, offsetof(struct ins_keys, item) },
	{ "role", 4, offsetof(struct ins_keys, role) },
	{ "active", 6, offsetof(struct ins_keys, active) },
	{ "ready", 5, offsetof(struct ins_keys, ready) },
	{ "override_reason", 15, offsetof(struct ins_keys, reason) },
};
#define INS_KEYS (sizeof ins_key / sizeof ins_key[0])

/* The ins_key a JSON key (as written) or a column name is, or -1. */
static int ins_key_of(const char *p, size_t n)
{
	for (size_t i = 0; i < INS_KEYS; i++)
		if (ins_key[i].len == n && memcmp(ins_key[i].name, p, n) == 0)
			return (int)i;
	return -1;
}

static struct sj_span *ins_slot_of(struct ins_keys *k, int i)
{
	return (struct sj_span *)((char *)k + ins_key[i].off);
}

static void read_keys(const void *json, size_t n, struct ins_keys *k)
{
	struct sj_iter it;
	struct sj_span key, val;
	int rc = 0;

	memset(k, 0, sizeof *k);
	if (!json || !sj_begin(&it, json, n))
		return;
	while ((rc = sj_next(&it, &key, &val)) == 1) {
		int i = key.n >= 4 && key.n <= 15 ? ins_key_of(key.p, key.n) : -1;

		if (i >= 0 && !ins_slot_of(k, i)->p)
			*ins_slot_of(k, i) = val;
	}
	if (rc != 0)
		memset(k, 0, sizeof *k);
}

/* ---------- clinical rows beside the chain ----------
 * Each clinical table is walked in id order beside the chain pass (one read of the
 * audit). Rows are numbered max(id) + 1 and never deleted, so a table's insert audits
 * come in id order too: the merge meets each row at its insert and compares the row's
 * JSON (json_object as the insert trigger wrote it) with the insert's bytes, no column
 * expanded. A row with only its insert in the audit and the same bytes agrees with it.
 * (row_is_insert_bytes: the values written as json_object writes them, compared as they
 * are written; a text json_object escaped is read as JSON instead, row_is_insert.)
 * Anything else leaves a mark on the table for the row checks after the chain:
 *   - rows named by more than one audit row (updated since their insert, as every session
 *     row is): their updates are read (latest_updates) and each column compared in C with
 *     its latest update or else the insert; only where that cannot tell are they expanded
 *     column by column in SQL (updated_row_agrees); one that disagrees sends the table to
 *     the full check;
 *   - a row whose JSON differs from its only insert is compared the same way (rows made
 *     before a migration added a column: their insert does not name it);
 *   - a row with no insert (skipped by the
 *     merge or left after it), an insert whose row is gone, an insert out of order (a
 *     second insert of one id), an insert audit of a type ketchart never writes, a table
 *     SQLite cannot walk: the whole table gets the full check (store_table.check_sql),
 *     which names each finding exactly as before.
 * So the full check runs only where something is already wrong. */
#define TYPE_COLS 64 /* more columns than any clinical table has */

/* What a column declared in this program's own schema may hold, besides NULL. */
static int allowed_type(const char *decl)
{
	if (strncmp(decl, "INTEGER", 7) == 0)
		return SQLITE_INTEGER;
	if (strncmp(decl, "REAL", 4) == 0)
		return SQLITE_FLOAT;
	return SQLITE_TEXT;
}

struct walk_table {
	const struct store_table *t;
	sqlite3_stmt *s;   /* the table's rows (store_table.cursor_sql) */
	sqlite3_stmt *cnt; /* its audit rows per row id, from the audit_row index */
	int ok;       /* s and cnt are prepared and have not failed */
	int at_end;   /* the table has no row at or after the merge's place */
	int full;     /* the full check is needed */
	sqlite3_stmt *upd;  /* a row's updates after its insert (updates_sql) */
	sqlite3_stmt *cols; /* a row's columns now and at its insert (columns_sql) */
	sqlite3_stmt *json; /* a row as its insert wrote it (store_table.json_sql) */
	int allowed[TYPE_COLS]; /* the type each column may hold besides NULL */
	size_t ncols;  /* the columns after id the cursor reads (at most TYPE_COLS) */
	size_t name_len[TYPE_COLS];  /* their names' lengths */
	signed char key_of[TYPE_COLS]; /* the ins_key each is, or -1 */
	int bad_types; /* a value of a type its column never holds was met: scan_types names it */
	int type[TYPE_COLS]; /* each column's type in the current row (cursor_next) */
	kc_id id;     /* the current row */
	long long n;  /* its audit rows */
	kc_id last;   /* the last insert met */
	int cnt_end;  /* cnt has no audit row left */
	kc_id cnt_id; /* the row id of cnt's current audit row, not yet counted */
	int ins_any;      /* an insert of an integer row id was met (read_meaning) */
	kc_id ins_last;   /* the highest such row id */
	/* An updated row's latest update of each column, read for the comparison in C
	 * (latest_updates): 0 none, 1 the text at uoff/ulen in ubuf, 2 NULL. */
	signed char uset[TYPE_COLS];
	size_t uoff[TYPE_COLS], ulen[TYPE_COLS];
	char *ubuf;
	size_t ucap;
};

/* Both cursors walk in row id order: the index's entries are met as the rows are, and
 * counted in C (a GROUP BY costs SQLite's aggregate steps on every one of them). */
static const char count_sql[] =
	"SELECT row_id FROM audit WHERE tbl = ?1 ORDER BY row_id";

/* A row updated since its insert (or whose insert JSON is not its JSON now, as for a row
 * written before a migration added a column) is expanded here, alone: its updates after the insert
 * (the latest per column wins), then each column of its JSON now against that update or
 * else the insert's JSON, compared as text as the full check does (check_sql). */
static const char updates_sql[] =
	"SELECT field, new_value FROM audit WHERE tbl = ?1 AND row_id = ?2 AND id > ?3"
	" AND field <> '' ORDER BY id";
static const char columns_sql[] =
	"SELECT k.key, CAST(k.value AS TEXT), CASE WHEN json_valid(?2) THEN"
	" CAST(json_extract(?2, '$.' || k.key) AS TEXT) END FROM json_each(?1) AS k";

#define ROW_FIELDS 96 /* more columns than any clinical table has */

struct row_updates {
	size_t n;
	char *field[ROW_FIELDS];
	char *value[ROW_FIELDS]; /* NULL: updated to NULL */
};

static void updates_free(struct row_updates *u)
{
	for (size_t i = 0; i < u->n; i++) {
		free(u->field[i]);
		free(u->value[i]);
	}
	u->n = 0;
}

static char *dup_text(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	return d ? memcpy(d, s, n) : NULL;
}

/* The latest update of each column after the insert; 0 when it cannot be read. */
static int read_updates(sqlite3_stmt *s, struct row_updates *u)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *f = (const char *)sqlite3_column_text(s, 0);
		const char *v = (const char *)sqlite3_column_text(s, 1);
		size_t i = 0;

		while (f && i < u->n && strcmp(u->field[i], f) != 0)
			i++;
		if (!f || i == ROW_FIELDS)
			return 0;
		if (i == u->n && !(u->field[u->n++] = dup_text(f)))
			return 0;
		free(u->value[i]);
		u->value[i] = v ? dup_text(v) : NULL;
		if (v && !u->value[i])
			return 0;
	}
	return rc == SQLITE_DONE;
}

static int same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Does row r (insert: audit row aid, JSON json) agree with its audit, column by column?
 * When it does not, or cannot be told, the table gets the full check, which names what. */
static int updated_row_agrees(struct walk_table *w, kc_id r, kc_id aid, const struct kc_bytes *cur,
			      const struct kc_bytes *json)
{
	struct row_updates u;
	int ok, rc = 0;

	memset(&u, 0, sizeof u);
	sqlite3_reset(w->upd);
	sqlite3_bind_int64(w->upd, 2, r);
	sqlite3_bind_int64(w->upd, 3, aid);
	ok = read_updates(w->upd, &u);
	sqlite3_reset(w->cols);
	sqlite3_bind_text(w->cols, 1, cur->p, (int)cur->n, SQLITE_STATIC);
	sqlite3_bind_text(w->cols, 2, json->p, (int)json->n, SQLITE_STATIC);
	while (ok && (rc = sqlite3_step(w->cols)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(w->cols, 0);
		const char *now = (const char *)sqlite3_column_text(w->cols, 1);
		const char *want = (const char *)sqlite3_column_text(w->cols, 2);

		for (size_t i = 0; key && i < u.n; i++)
			if (strcmp(u.field[i], key) == 0)
				want = u.value[i];
		ok = key && same_text(now, want);
	}
	ok = ok && rc == SQLITE_DONE;
	sqlite3_reset(w->cols);
	updates_free(&u);
	return ok;
}

static void cursor_fail(struct walk_table *w)
{
	/* the full check meets the failure again and says it */
	w->at_end = 1;
	w->ok = 0;
	w->full = 1;
}

static void cnt_next(struct walk_table *w)
{
	int rc = sqlite3_step(w->cnt);

	if (rc == SQLITE_ROW) {
		w->cnt_id = sqlite3_column_int64(w->cnt, 0);
		return;
	}
	w->cnt_end = 1;
	if (rc != SQLITE_DONE)
		cursor_fail(w);
}

static void cursor_next(struct walk_table *w)
{
	int rc = sqlite3_step(w->s);

	if (rc != SQLITE_ROW) {
		w->at_end = 1;
		if (rc != SQLITE_DONE)
			cursor_fail(w);
		return;
	}
	w->id = sqlite3_column_int64(w->s, 0);
	for (size_t i = 0; i < w->ncols; i++) {
		int type = sqlite3_column_type(w->s, (int)i + 1);

		w->type[i] = type;
		w->bad_types |= type != SQLITE_NULL && type != w->allowed[i];
	}
	while (!w->cnt_end && w->cnt_id < w->id)
		cnt_next(w);
	for (w->n = 0; !w->cnt_end && w->cnt_id == w->id; w->n++)
		cnt_next(w);
}

static void cursor_open(struct kc_store *st, struct walk_table *w, const struct store_table *t)
{
	memset(w, 0, sizeof *w);
	w->t = t;
	w->full = 1;
	w->cnt_id = INT64_MIN;
	w->ncols = t->ncols < TYPE_COLS ? t->ncols : TYPE_COLS;
	for (size_t i = 0; i < w->ncols; i++) {
		w->allowed[i] = allowed_type(t->cols[i].decl);
		w->name_len[i] = strlen(t->cols[i].name);
		w->key_of[i] = (signed char)ins_key_of(t->cols[i].name, w->name_len[i]);
	}
	if (sqlite3_prepare_v2(st->db, t->cursor_sql, -1, &w->s, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, count_sql, -1, &w->cnt, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, updates_sql, -1, &w->upd, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, columns_sql, -1, &w->cols, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, t->json_sql, -1, &w->json, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(w->cnt, 1, t->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(w->upd, 1, t->name, -1, SQLITE_STATIC);
	w->ok = 1;
	w->full = 0;
	cnt_next(w);
	if (w->ok)
		cursor_next(w);
}

/* The value of column i under the cursor is exactly what the JSON value v says: the same
 * integer digits, the same text, null, or a number that reads back as the same double (a
 * real's text compares by its 15 digits, which a double read from them keeps). 0 when it
 * differs or cannot be told here (the closer look decides). */
static int value_is(sqlite3_stmt *s, int i, const struct sj_span *v)
{
	char num[32];
	size_t n;

	switch (sqlite3_column_type(s, i)) {
	case SQLITE_INTEGER:
		n = kc_int_text(sqlite3_column_int64(s, i), num);
		return n == v->n && memcmp(num, v->p, v->n) == 0;
	case SQLITE_TEXT:
		return sj_string_is(v, sqlite3_column_text(s, i), (size_t)sqlite3_column_bytes(s, i));
	case SQLITE_NULL:
		return v->n == 4 && memcmp(v->p, "null", 4) == 0;
	case SQLITE_FLOAT:
		if (v->n >= sizeof num || !(*v->p == '-' || (*v->p >= '0' && *v->p <= '9')))
			return 0;
		memcpy(num, v->p, v->n);
		num[v->n] = '\0';
		return strtod(num, NULL) == sqlite3_column_double(s, i);
	default:
		return 0;
	}
}

/* ---------- the row as json_object wrote it, compared byte by byte ----------
 * A row whose only audit is its insert is, almost always, exactly what json_object wrote
 * then: '{"id":' the id, then ',"column":' and each value, '}'. The walk compares that
 * text with the insert's bytes as it goes, without parsing the JSON (an integer as its
 * digits, a text as itself between quotes, a real as SQLite writes it as text, which is
 * how json_object writes it, null). Anything it does not write the same way (a text that
 * needs an escape, a blob) is not equal here and goes to row_is_insert, which reads the
 * JSON; so this only decides "the same bytes", which agrees. */

/* The text at *p is lit (n bytes): past it. */
static int lit_at(const char **p, const char *e, const char *lit, size_t n)
{
	if ((size_t)(e - *p) < n || memcmp(*p, lit, n) != 0)
		return 0;
	*p += n;
	return 1;
}

/* The JSON at *p is column i (of the cursor) as json_object writes it: past it. */
static int value_at(const struct walk_table *w, int i, int type, const char **p, const char *e)
{
	char num[24];
	const unsigned char *t;
	size_t n;

	switch (type) {
	case SQLITE_INTEGER:
		n = kc_int_text(sqlite3_column_int64(w->s, i), num);
		return lit_at(p, e, num, n);
	case SQLITE_NULL:
		return lit_at(p, e, "null", 4);
	case SQLITE_FLOAT:
		t = sqlite3_column_text(w->s, i);
		return t && lit_at(p, e, (const char *)t, (size_t)sqlite3_column_bytes(w->s, i));
	case SQLITE_TEXT:
		t = sqlite3_column_text(w->s, i);
		n = (size_t)sqlite3_column_bytes(w->s, i);
		if (!t || (size_t)(e - *p) < n + 2 || (*p)[0] != '"' || (*p)[n + 1] != '"' ||
		    memcmp(*p + 1, t, n) != 0)
			return 0;
		for (size_t k = 0; k < n; k++) /* json_object would have escaped it */
			if (t[k] < 0x20 || t[k] == '"' || t[k] == '\\')
				return 0;
		*p += n + 2;
		return 1;
	default:
		return 0;
	}
}

/* The row under the cursor is, byte for byte, the insert's JSON; the keys the replay reads
 * are noted in k (valid only when it says 1). */
static int row_is_insert_bytes(const struct walk_table *w, const struct kc_bytes *json, struct ins_keys *k)
{
	const char *p = json->p, *e = p ? p + json->n : NULL;

	if (!p || w->ncols != w->t->ncols || !lit_at(&p, e, "{\"id\":", 6) ||
	    !value_at(w, 0, sqlite3_column_type(w->s, 0), &p, e))
		return 0;
	for (size_t i = 0; i < w->ncols; i++) {
		const char *at;

		if (!lit_at(&p, e, ",\"", 2) || !lit_at(&p, e, w->t->cols[i].name, w->name_len[i]) ||
		    !lit_at(&p, e, "\":", 2))
			return 0;
		at = p;
		if (!value_at(w, (int)i + 1, w->type[i], &p, e))
			return 0;
		if (w->key_of[i] >= 0) {
			struct sj_span *slot = ins_slot_of(k, w->key_of[i]);

			slot->p = at;
			slot->n = (size_t)(p - at);
		}
	}
	return lit_at(&p, e, "}", 1) && p == e;
}

/* The column an update's field names (the index in cols), -1 for none: the exact path
 * compares only the row's own keys, so an update of no column is not looked at. */
static int column_named(const struct walk_table *w, const char *f, size_t n)
{
	for (size_t i = 0; i < w->ncols; i++)
		if (w->name_len[i] == n && memcmp(w->t->cols[i].name, f, n) == 0)
			return (int)i;
	return -1;
}

/* The latest update of each column after the insert (audit row aid) of row r, as the
 * exact path reads them (updates_sql: the latest per field wins), kept in w as text.
 * 0 when one cannot be told here (a field that is not text or names the id, a value with
 * a NUL byte, no memory): the closer look decides. */
static int latest_updates(struct walk_table *w, kc_id r, kc_id aid)
{
	size_t used = 0;
	int rc, ok = 1;

	memset(w->uset, 0, sizeof w->uset);
	sqlite3_reset(w->upd);
	sqlite3_bind_int64(w->upd, 2, r);
	sqlite3_bind_int64(w->upd, 3, aid);
	while (ok && (rc = sqlite3_step(w->upd)) == SQLITE_ROW) {
		const char *f = (const char *)sqlite3_column_text(w->upd, 0);
		size_t fn = (size_t)sqlite3_column_bytes(w->upd, 0), n;
		const char *v;
		int i = f && sqlite3_column_type(w->upd, 0) == SQLITE_TEXT ? column_named(w, f, fn) : -2;

		if (i == -2 || (fn == 2 && memcmp(f, "id", 2) == 0)) {
			ok = 0;
			break;
		}
		if (i < 0)
			continue;
		if (sqlite3_column_type(w->upd, 1) == SQLITE_NULL) {
			w->uset[i] = 2;
			continue;
		}
		v = (const char *)sqlite3_column_text(w->upd, 1);
		n = (size_t)sqlite3_column_bytes(w->upd, 1);
		if (used + n > w->ucap) {
			size_t cap = 2 * (used + n) + 256;
			char *p = realloc(w->ubuf, cap);

			if (!p) {
				ok = 0;
				break;
			}
			w->ubuf = p;
			w->ucap = cap;
		}
		if (!v || memchr(v, '\0', n)) {
			ok = 0;
			break;
		}
		memcpy(w->ubuf + used, v, n);
		w->uoff[i] = used;
		w->ulen[i] = n;
		w->uset[i] = 1;
		used += n;
	}
	sqlite3_reset(w->upd);
	return ok && rc == SQLITE_DONE;
}

/* Column i (of cols) under the cursor is, as text, exactly its latest update: what the
 * exact path compares (CAST(value AS TEXT) of the row's JSON against the update's
 * text); SQLite writes a real as text the same way into the audit and here. */
static int is_latest_update(const struct walk_table *w, size_t i)
{
	int col = (int)i + 1, type = sqlite3_column_type(w->s, col);
	const unsigned char *p;

	if (type == SQLITE_NULL)
		return w->uset[i] == 2;
	if (w->uset[i] != 1 || type == SQLITE_BLOB ||
	    (type == SQLITE_FLOAT && !isfinite(sqlite3_column_double(w->s, col))))
		return 0;
	p = sqlite3_column_text(w->s, col);
	return p && (size_t)sqlite3_column_bytes(w->s, col) == w->ulen[i] &&
	       memcmp(p, w->ubuf + w->uoff[i], w->ulen[i]) == 0;
}

/* The row under the cursor says what its insert's JSON says: the same keys in the order
 * json_object wrote them (id, then the table's columns), each value the same, or with
 * updated set, each updated column its latest update (latest_updates); the keys the
 * replay reads are noted in k on the way (valid only when it says 1). */
static int row_is_insert(const struct walk_table *w, const struct kc_bytes *json, int updated,
			 struct ins_keys *k)
{
	struct sj_iter it;
	struct sj_span key, val;

	if (w->ncols != w->t->ncols || !sj_begin(&it, json->p, json->n) || sj_next(&it, &key, &val) != 1 ||
	    !sj_key_is(&key, "id") || !value_is(w->s, 0, &val))
		return 0;
	for (size_t i = 0; i < w->ncols; i++) {
		if (sj_next(&it, &key, &val) != 1 || key.n != w->name_len[i] ||
		    memcmp(key.p, w->t->cols[i].name, key.n) != 0)
			return 0;
		if (updated && w->uset[i] ? !is_latest_update(w, i) : !value_is(w->s, (int)i + 1, &val))
			return 0;
		if (w->key_of[i] >= 0)
			*ins_slot_of(k, w->key_of[i]) = val;
	}
	return sj_next(&it, &key, &val) == 0;
}

/* The closer look at row r (insert: audit row aid, JSON json): its JSON now, the same
 * bytes as the insert's when it has no update, else column by column. */
static int row_agrees(struct walk_table *w, kc_id r, kc_id aid, const struct kc_bytes *json)
{
	struct kc_bytes cur = { NULL, 0 };
	int ok;

	sqlite3_reset(w->json);
	sqlite3_bind_int64(w->json, 1, r);
	if (sqlite3_step(w->json) != SQLITE_ROW || sqlite3_column_type(w->json, 0) != SQLITE_TEXT) {
		sqlite3_reset(w->json);
		return 0;
	}
	cur.p = sqlite3_column_text(w->json, 0);
	cur.n = (size_t)sqlite3_column_bytes(w->json, 0);
	ok = (w->n == 1 && cur.p && json->p && cur.n == json->n && memcmp(cur.p, json->p, cur.n) == 0) ||
	     updated_row_agrees(w, r, aid, &cur, json);
	sqlite3_reset(w->json);
	return ok;
}

/* Where an insert audit (audit row aid) for (w, r) with the insert's JSON meets the table. */
static void merge_insert(struct walk_table *w, kc_id r, kc_id aid, const struct kc_bytes *json,
			 struct ins_keys *k, int *have_keys)
{
	if (!w->ok)
		return;
	if (r <= w->last) { /* a second insert of one id, or one out of order */
		w->full = 1;
		return;
	}
	w->last = r;
	while (w->ok && !w->at_end && w->id < r) { /* rows without an insert here */
		w->full = 1;
		cursor_next(w);
	}
	if (!w->ok || w->at_end || w->id != r) { /* the row is gone */
		w->full = 1;
		return;
	}
	/* Only the insert and the same values: agrees. Otherwise the closer look (an update,
	 * or a row written before a migration added a column its insert does not name). */
	memset(k, 0, sizeof *k);
	if (w->n == 1)
		*have_keys = row_is_insert_bytes(w, json, k) || (memset(k, 0, sizeof *k), row_is_insert(w, json, 0, k));
	else /* updated since: each column against its latest update, in C */
		*have_keys = latest_updates(w, r, aid) && row_is_insert(w, json, 1, k);
	if (!*have_keys && !row_agrees(w, r, aid, json))
		w->full = 1;
	cursor_next(w);
}

static struct walk_table *table_named(struct walk_table *w, size_t n, const struct kc_bytes *name)
{
	for (size_t i = 0; name->p && i < n; i++)
		if (strlen(w[i].t->name) == name->n && memcmp(w[i].t->name, name->p, name->n) == 0)
			return &w[i];
	return NULL;
}

/* An audit row meets the tables: an insert (field '') of a clinical table. 1 when the
 * row agreed with its insert's JSON read whole, the replay's keys read into k. */
static int merge_row(struct walk_table *w, size_t n, sqlite3_stmt *s, const struct kc_chain_row *row,
		     struct ins_keys *k)
{
	struct walk_table *t;
	int have = 0;

	if (!row->f[6].p || row->f[6].n != 0 || !(t = table_named(w, n, &row->f[4])))
		return 0;
	if (row->bad_type) /* its row_id or JSON cannot be trusted to mean what it says */
		t->full = 1;
	else
		merge_insert(t, sqlite3_column_int64(s, 5), row->id, &row->f[8], k, &have);
	return have;
}

/* ---------- what an audit row means, for the replay ----------
 * As the chain SQL once said it with json_extract: the keys of the row's own JSON for an
 * insert; for an update, of its row's first insert (by audit id), found in a small cache
 * filled as the inserts pass, else looked up (first_insert_sql). */

#define INS_CACHE 4096 /* a power of two */
#define MEANING_TEXT 256 /* longer than any login, role or item ketchart writes */

struct ins_seen {
	const struct walk_table *t; /* NULL: empty */
	kc_id row, session;
};

struct chain_read {
	sqlite3_stmt *first; /* first_insert_sql, NULL when it cannot be prepared */
	struct ins_seen cache[INS_CACHE];
	char login[MEANING_TEXT], item[MEANING_TEXT], role[MEANING_TEXT];
};

static kc_id key_int(const struct sj_span *v)
{
	long long x;

	sj_int(v, &x);
	return x;
}

static int key_opt_int(const struct sj_span *v)
{
	long long x;

	return sj_int(v, &x) ? (int)x : -1;
}

static size_t ins_slot(const struct walk_table *t, kc_id row)
{
	return (size_t)(((unsigned long long)row * 0x9E3779B97F4A7C15ULL + (uintptr_t)t) >> 40) &
	       (INS_CACHE - 1);
}

/* Column i of the chain query (of type types[i], read into row->f[i]) is this text. */
static int field_is(const struct kc_chain_row *row, const int *types, int i, const char *text)
{
	size_t n = strlen(text);

	return types[i] == SQLITE_TEXT && row->f[i].n == n && memcmp(row->f[i].p, text, n) == 0;
}

/* The keys of the first insert of the update's row (clinician rows always looked up: the
 * login is kept only there). The looked-up text lives until the next reset of c->first. */
static void first_insert_keys(struct chain_read *c, const struct walk_table *t, sqlite3_stmt *s,
			      int clinician, struct ins_keys *k, kc_id *session)
{
	kc_id row = sqlite3_column_int64(s, 5);
	const struct ins_seen *seen = &c->cache[ins_slot(t, row)];

	memset(k, 0, sizeof *k);
	*session = 0;
	if (t && !clinician && sqlite3_column_type(s, 5) == SQLITE_INTEGER && seen->t == t &&
	    seen->row == row) {
		*session = seen->session;
		return;
	}
	if (!c->first)
		return;
	sqlite3_reset(c->first);
	sqlite3_bind_value(c->first, 1, sqlite3_column_value(s, 4));
	sqlite3_bind_value(c->first, 2, sqlite3_column_value(s, 5));
	if (sqlite3_step(c->first) == SQLITE_ROW && sqlite3_column_type(c->first, 0) == SQLITE_TEXT)
		read_keys(sqlite3_column_text(c->first, 0), (size_t)sqlite3_column_bytes(c->first, 0), k);
	*session = key_int(&k->session);
}

/* An insert of a clinical table: its session kept for the updates that follow, when it is
 * the first insert of its row (rows are numbered upwards: a row id not above the last one
 * met may have had an earlier insert, and is left to first_insert_sql). */
static void remember_insert(struct chain_read *c, struct walk_table *t, sqlite3_stmt *s, kc_id session)
{
	kc_id row = sqlite3_column_int64(s, 5);
	struct ins_seen *seen;

	if (!t || sqlite3_column_type(s, 5) != SQLITE_INTEGER)
		return;
	if (t->ins_any && row <= t->ins_last) {
		t->ins_last = row > t->ins_last ? row : t->ins_last;
		return;
	}
	t->ins_any = 1;
	t->ins_last = row;
	seen = &c->cache[ins_slot(t, row)];
	seen->t = t;
	seen->row = row;
	seen->session = session;
}

static void read_meaning(struct chain_read *c, struct walk_table *t, sqlite3_stmt *s, const int *types,
			 struct kc_chain_row *row, const struct ins_keys *known)
{
	int insert = types[6] == SQLITE_TEXT && row->f[6].n == 0;
	int session = field_is(row, types, 4, "session"), clinician = field_is(row, types, 4, "clinician");
	struct ins_keys k;
	kc_id ses = 0;

	row->at = sqlite3_column_int64(s, 2);
	row->active = row->ready = -1;
	memset(&k, 0, sizeof k);
	if (known)
		k = *known;
	else if (insert && !session && sqlite3_column_type(s, 8) == SQLITE_TEXT)
		read_keys(row->f[8].p, row->f[8].n, &k);
	if (insert)
		ses = key_int(&k.session);
	else if (!session)
		first_insert_keys(c, t, s, clinician, &k, &ses);
	row->session = session ? sqlite3_column_int64(s, 5) : ses;
	if (insert)
		remember_insert(c, t, s, ses);
	if (clinician) {
		row->login = sj_text(&k.login, c->login, sizeof c->login);
		if (insert) {
			row->role = sj_text(&k.role, c->role, sizeof c->role);
			row->active = key_opt_int(&k.active);
		} else if (field_is(row, types, 6, "role")) {
			row->role = (const char *)sqlite3_column_text(s, 8);
		} else if (field_is(row, types, 6, "active")) {
			row->active = opt_int(s, 8);
		}
	}
	if (insert && field_is(row, types, 4, "screening_answer"))
		row->item = sj_text(&k.item, c->item, sizeof c->item);
	if (insert && field_is(row, types, 4, "discharge")) {
		char reason[2];

		row->ready = key_opt_int(&k.ready);
		row->overridden = k.reason.p && sj_text(&k.reason, reason, sizeof reason) && reason[0];
	}
}

static int scan_chain(struct kc_store *st, struct walk_table *w, size_t nw,
		      const struct kc_scan_visitor *v, struct kc_err *err)
{
	sqlite3_stmt *s = NULL;
	struct kc_chain_row row;
	struct chain_read *c = calloc(1, sizeof *c);
	int types[KC_CHAIN_FIELDS + 1];
	char why[64], num[KC_CHAIN_FIELDS + 1][24];
	int rc = c ? sqlite3_prepare_v2(st->db, chain_sql, -1, &s, NULL) : SQLITE_NOMEM;

	if (rc == SQLITE_OK && sqlite3_prepare_v2(st->db, first_insert_sql, -1, &c->first, NULL) != SQLITE_OK)
		c->first = NULL; /* the chain walk names what is wrong with the audit table */
	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct walk_table *t;
		struct ins_keys k;
		int have;

		memset(&row, 0, sizeof row);
		for (int i = 0; i <= KC_CHAIN_FIELDS; i++)
			types[i] = sqlite3_column_type(s, i);
		row.bad_type = bad_type(types, why, sizeof why);
		for (int i = 0; i < KC_CHAIN_FIELDS; i++)
			row.f[i] = column_bytes(s, i, types[i], num[i]);
		row.id = sqlite3_column_int64(s, 1);
		row.hash = column_bytes(s, KC_CHAIN_FIELDS, types[KC_CHAIN_FIELDS], num[KC_CHAIN_FIELDS]);
		t = sqlite3_column_type(s, 4) == SQLITE_TEXT ? table_named(w, nw, &row.f[4]) : NULL;
		/* the merge first: reading the insert whole, it finds the keys the replay reads */
		have = merge_row(w, nw, s, &row, &k);
		read_meaning(c, t, s, types, &row, have ? &k : NULL);
		v->chain(v->ctx, &row);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	if (c)
		sqlite3_finalize(c->first);
	free(c);
	if (rc != SQLITE_DONE) { /* the merge did not see every insert */
		for (size_t i = 0; i < nw; i++)
			w[i].full = 1;
		return scan_failed(st, rc, "audit", v, err);
	}
	for (size_t i = 0; i < nw; i++)
		if (w[i].ok && !w[i].at_end) /* rows after the last insert: none of their own */
			w[i].full = 1;
	return KC_OK;
}

/* ---------- clinical rows against their audit ---------- */

static void read_finding(sqlite3_stmt *s, const char *table, struct kc_row_finding *f)
{
	f->kind = (enum kc_row_finding_kind)sqlite3_column_int(s, 0);
	f->table = table;
	f->row_id = sqlite3_column_int64(s, 1);
	f->field = (const char *)sqlite3_column_text(s, 2);
	f->current = (const char *)sqlite3_column_text(s, 3);
	f->expected = (const char *)sqlite3_column_text(s, 4);
	f->audit_id = sqlite3_column_int64(s, 5);
	f->inserts = sqlite3_column_int64(s, 6);
}

static int scan_table(struct kc_store *st, const struct walk_table *w,
		      const struct kc_scan_visitor *v, struct kc_err *err)
{
	const struct store_table *t = w->t;
	sqlite3_stmt *s = NULL;
	struct kc_row_finding f;
	int rc;

	if (!w->full)
		return KC_OK; /* every row agreed with its audit in the merge */
	rc = sqlite3_prepare_v2(st->db, t->check_sql, -1, &s, NULL);

	if (rc == SQLITE_OK)
		sqlite3_bind_text(s, 1, t->name, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		read_finding(s, t->name, &f);
		v->row(v->ctx, &f);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? KC_OK : scan_failed(st, rc, t->name, v, err);
}

/* ---------- the list of REMS forms owed ----------
 * rems_owed (migration 18) is not audited: triggers keep it in the transaction of each dose
 * start and submission. A row deleted from it outside ketchart would hide an owed form from
 * the start screen, the board and `rems --due`; a row added would show one not owed. Both
 * are judged here against what the audited tables say is owed. */
static const char owed_sql[] =
	"SELECT s.id, 0 FROM session s WHERE s.route = 'esketamine' AND s.dose_start IS NOT NULL"
	" AND NOT EXISTS (SELECT 1 FROM rems_submission r WHERE r.session_id = s.id)"
	" AND NOT EXISTS (SELECT 1 FROM rems_owed o WHERE o.session_id = s.id)"
	" UNION ALL SELECT o.session_id, 1 FROM rems_owed o WHERE NOT EXISTS (SELECT 1 FROM session s"
	" WHERE s.id = o.session_id AND s.route = 'esketamine' AND s.dose_start IS NOT NULL"
	" AND NOT EXISTS (SELECT 1 FROM rems_submission r WHERE r.session_id = s.id))"
	" ORDER BY 1";

static int scan_owed(struct kc_store *st, const struct kc_scan_visitor *v, struct kc_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, owed_sql, -1, &s, NULL);

	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct kc_row_finding f = { .table = "rems_owed", .row_id = sqlite3_column_int64(s, 0) };

		f.kind = sqlite3_column_int(s, 1) ? KC_ROW_OWED_EXTRA : KC_ROW_OWED_MISSING;
		v->row(v->ctx, &f);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? KC_OK : scan_failed(st, rc, "rems_owed", v, err);
}

/* ---------- values of a type their column never holds ---------- */

/* One pass over the table (store_table.types_sql, static SQL from the schema's column
 * lists): each value's storage class against its column's declaration. */
static int scan_types(struct kc_store *st, const struct store_table *t, const struct kc_scan_visitor *v,
		      struct kc_err *err)
{
	int allowed[TYPE_COLS];
	sqlite3_stmt *s = NULL;
	size_t n = t->ncols < TYPE_COLS ? t->ncols : TYPE_COLS;
	int rc;

	for (size_t i = 0; i < n; i++)
		allowed[i] = allowed_type(t->cols[i].decl);
	rc = sqlite3_prepare_v2(st->db, t->types_sql, -1, &s, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (size_t i = 0; v->type && i < n; i++) {
			int type = sqlite3_column_type(s, (int)i + 1);

			if (type != SQLITE_NULL && type != allowed[i])
				v->type(v->ctx, t->name, sqlite3_column_int64(s, 0), t->cols[i].name,
					type_name(type));
		}
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? KC_OK : scan_failed(st, rc, t->name, v, err);
}

int kc_store_scan(struct kc_store *st, const struct kc_scan_visitor *v, struct kc_err *err)
{
	size_t n;
	const struct store_table *t = store_tables(&n);
	struct walk_table *w = calloc(n, sizeof *w);
	struct kc_store *ref = NULL;
	int rc = w ? store_open_scratch(&ref, err) : kc_fail(err, KC_ERR_NOMEM, "out of memory");

	if (rc == KC_OK)
		rc = store_begin_read(st, err);
	else {
		free(w);
		return rc;
	}
	for (size_t i = 0; i < n; i++)
		cursor_open(st, &w[i], &t[i]);
	if (rc == KC_OK)
		rc = scan_schema(st, ref, v, err);
	if (rc == KC_OK)
		rc = scan_chain(st, w, n, v, err);
	for (size_t i = 0; i < n; i++) {
		sqlite3_finalize(w[i].s);
		sqlite3_finalize(w[i].cnt);
		sqlite3_finalize(w[i].upd);
		sqlite3_finalize(w[i].cols);
		sqlite3_finalize(w[i].json);
		w[i].s = w[i].cnt = w[i].upd = w[i].cols = w[i].json = NULL;
		free(w[i].ubuf);
		w[i].ubuf = NULL;
	}
	/* The walk judged every row's types; a table it did not walk to the end, or where it
	 * met a wrong one, is read again to name each (in table and row order, as ever). */
	for (size_t i = 0; i < n && rc == KC_OK; i++)
		if (!w[i].ok || !w[i].at_end || w[i].bad_types)
			rc = scan_types(st, &t[i], v, err);
	for (size_t i = 0; i < n && rc == KC_OK; i++)
		rc = scan_table(st, &w[i], v, err);
	if (rc == KC_OK)
		rc = scan_owed(st, v, err);
	free(w);
	kc_store_close(ref);
	return store_end(st, rc, err);
}

/* ---------- the file itself ---------- */

int kc_store_integrity(struct kc_store *st, int quick, struct kc_err *err)
{
	sqlite3_stmt *s = NULL;
	char first[KC_MSG_MAX / 2] = "";
	int lines = 0;
	int rc = sqlite3_prepare_v2(st->db, quick ? "PRAGMA quick_check" : "PRAGMA integrity_check", -1, &s,
				    NULL);

	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(s, 0);

		if (line && strcmp(line, "ok") != 0 && lines++ == 0)
			kc_strlcpy(first, line, sizeof first);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, err);
	if (lines)
		return kc_fail(err, KC_ERR_CORRUPT, "the database %s is damaged (%s%s): stop charting in it "
			       "and restore the latest backup (made with 'ketchart backup')", st->path, first,
			       lines > 1 ? ", and more" : "");
	return KC_OK;
}

/* ---------- anchors (kc_store.h) ---------- */

#define ANCHOR_MAGIC "ketchart-anchor 1"

/* The folder of path and its file name, split at the last '/'. */
static void split_path(const char *path, char *dir, size_t n, const char **base)
{
	const char *slash = strrchr(path, '/');

	*base = slash ? slash + 1 : path;
	if (!slash)
		kc_strlcpy(dir, ".", n);
	else if (slash == path)
		kc_strlcpy(dir, "/", n);
	else
		kc_strlcpy(dir, path, (size_t)(slash - path) + 1 < n ? (size_t)(slash - path) + 1 : n);
}

int kc_store_anchor_path(struct kc_store *st, char *out, size_t n, struct kc_err *err)
{
	char full[PATH_MAX], dir[PATH_MAX], id[17];
	unsigned char md[8];
	const char *base;

	/* The full path names the database: a copy elsewhere (a backup) has no anchor. */
	if (!realpath(st->path, full))
		kc_strlcpy(full, st->path, sizeof full);
	split_path(full, dir, sizeof dir, &base);
	if (sodium_init() < 0)
		return kc_fail(err, KC_ERR_IO, "the cryptography library (libsodium) cannot start");
	crypto_generichash(md, sizeof md, (const unsigned char *)full, strlen(full), NULL, 0);
	sodium_bin2hex(id, sizeof id, md, sizeof md);
	if ((size_t)snprintf(out, n, "%s/anchors/%s.%s.anchor", strcmp(dir, "/") ? dir : "", base, id) >= n)
		return kc_fail(err, KC_ERR_INVALID, "the path of the database %s is too long", st->path);
	return KC_OK;
}

/* The newest audit row: its id, the number of rows, its hash. */
int kc_store_head(struct kc_store *st, struct kc_anchor *a, struct kc_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = store_begin_read(st, err);

	if (rc != KC_OK)
		return rc;
	rc = sqlite3_prepare_v2(st->db, "SELECT id, (SELECT count(*) FROM audit), hash FROM audit"
				" ORDER BY id DESC LIMIT 1", -1, &s, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		a->row = sqlite3_column_int64(s, 0);
		a->rows = sqlite3_column_int64(s, 1);
		kc_strlcpy(a->hash, (const char *)sqlite3_column_text(s, 2), sizeof a->hash);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(s);
	rc = rc == SQLITE_DONE ? KC_OK : store_fail(st, rc, err);
	return store_end(st, rc, err);
}

/* The anchors folder takes the database folder's group and its group bits (a shared,
 * setgid folder stays shared, a private one private); never anyone else's. */
static int anchor_folder(const char *file, mode_t *file_mode, struct kc_err *err)
{
	char dir[PATH_MAX], parent[PATH_MAX];
	const char *base;
	struct stat sb;
	mode_t mode = 0700;

	split_path(file, dir, sizeof dir, &base);
	split_path(dir, parent, sizeof parent, &base);
	if (stat(parent, &sb) == 0)
		mode |= sb.st_mode & 02070;
	*file_mode = 0600 | (mode & 0060);
	if (mkdir(dir, mode & 0777) == 0) {
		chmod(dir, mode); /* whatever the umask left; setgid as the folder above */
		return KC_OK;
	}
	if (errno == EEXIST && lstat(dir, &sb) == 0 && S_ISDIR(sb.st_mode))
		return KC_OK;
	return kc_fail(err, errno == ENOSPC ? KC_ERR_FULL : KC_ERR_IO, "cannot make the anchors "
		       "folder %s: %s", dir, errno == EEXIST ? "something else is there" : strerror(errno));
}

/* Shared mode: the anchor file opened with the database, kept open (read and append) for
 * the program's life, since the program gives up the right to open it again. */
int store_anchor_open(struct kc_store *st, struct kc_err *err)
{
	char file[PATH_MAX];
	struct stat sb;
	mode_t mode = 0600;
	int rc = kc_store_anchor_path(st, file, sizeof file, err);

	if (rc == KC_OK)
		rc = anchor_folder(file, &mode, err);
	if (rc != KC_OK)
		return rc;
	st->anchor_fd = open(file, O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, mode);
	if (st->anchor_fd < 0)
		return kc_fail(err, KC_ERR_IO, "cannot open the anchor %s: %s", file, strerror(errno));
	if (fstat(st->anchor_fd, &sb) == 0 && sb.st_uid == geteuid() && (sb.st_mode & 0777) != mode)
		fchmod(st->anchor_fd, mode); /* whatever the umask left: the group writes it too */
	return KC_OK;
}

int kc_store_anchor_record(struct kc_store *st, time_t now, struct kc_err *err)
{
	struct kc_anchor a;
	char line[256];
	mode_t mode = 0600;
	int fd, len, rc;

	memset(&a, 0, sizeof a);
	rc = kc_store_anchor_path(st, a.file, sizeof a.file, err);
	if (rc == KC_OK)
		rc = kc_store_head(st, &a, err);
	if (rc == KC_OK && st->anchor_fd < 0)
		rc = anchor_folder(a.file, &mode, err);
	if (rc != KC_OK)
		return rc;
	len = snprintf(line, sizeof line, ANCHOR_MAGIC " at=%lld row=%lld rows=%lld hash=%s\n",
		       (long long)now, a.row, a.rows, a.hash);
	fd = st->anchor_fd >= 0 ? st->anchor_fd :
	     open(a.file, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, mode);
	if (fd < 0)
		return kc_fail(err, KC_ERR_IO, "cannot write the anchor %s: %s", a.file, strerror(errno));
	if (write(fd, line, (size_t)len) != len || fsync(fd) != 0)
		rc = kc_fail(err, errno == ENOSPC ? KC_ERR_FULL : KC_ERR_IO, "cannot write the anchor %s: %s",
			     a.file, strerror(errno));
	if (fd != st->anchor_fd)
		close(fd);
	return rc;
}

static int parse_anchor(const char *line, struct kc_anchor *a)
{
	long long at, row, rows;
	char hash[65];
	int used = 0;

	if (sscanf(line, ANCHOR_MAGIC " at=%lld row=%lld rows=%lld hash=%64[0-9a-f]%n", &at, &row,
		   &rows, hash, &used) != 4 || strlen(hash) != 64 || (line[used] != '\n' && line[used]))
		return 0;
	a->at = (time_t)at;
	a->row = row;
	a->rows = rows;
	memcpy(a->hash, hash, sizeof hash);
	return 1;
}

int kc_store_anchor_latest(struct kc_store *st, struct kc_anchor *out, struct kc_err *err)
{
	char line[512];
	struct stat sb;
	FILE *fp;
	int fd, found = 0, rc;

	memset(out, 0, sizeof *out);
	rc = kc_store_anchor_path(st, out->file, sizeof out->file, err);
	if (rc != KC_OK)
		return rc;
	if (st->anchor_fd >= 0 && (fd = dup(st->anchor_fd)) >= 0)
		lseek(fd, 0, SEEK_SET); /* the kept file (shared mode); appends go to its end */
	else
		fd = open(out->file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 && errno == ENOENT)
		return KC_ERR_NOTFOUND;
	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		if (fd >= 0)
			close(fd);
		return kc_fail(err, KC_ERR_IO, "cannot read the anchor %s: %s", out->file,
			       fd < 0 ? strerror(errno) : "not a regular file");
	}
	fp = fdopen(fd, "r");
	if (!fp) {
		close(fd);
		return kc_fail(err, KC_ERR_NOMEM, "out of memory reading %s", out->file);
	}
	while (fgets(line, sizeof line, fp)) {
		struct kc_anchor a;

		if (parse_anchor(line, &a)) {
			out->at = a.at;
			out->row = a.row;
			out->rows = a.rows;
			memcpy(out->hash, a.hash, sizeof a.hash);
			found = 1;
		} else {
			out->bad_lines++;
		}
	}
	fclose(fp);
	return found || out->bad_lines ? KC_OK : KC_ERR_NOTFOUND;
}
