/* store_verify.c — reading what kc_verify judges: the schema against a fresh one, the
 * audit chain row by row, and every clinical row against its audit, in one snapshot. */
#include "store_impl.h"

#include <string.h>

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

static int scan_schema(struct kc_store *st, const struct kc_scan_visitor *v, struct kc_err *err)
{
	struct kc_store *ref = NULL;
	int rc = store_open_scratch(&ref, err);

	if (rc == KC_OK)
		rc = compare_schema(st, ref->db, st->db, list_ours, 0, v, err);
	if (rc == KC_OK)
		rc = compare_schema(st, st->db, ref->db, list_triggers, 1, v, err);
	kc_store_close(ref);
	return rc;
}

/* ---------- the audit chain ---------- */

static struct kc_bytes column_bytes(sqlite3_stmt *s, int i)
{
	struct kc_bytes b = { NULL, 0 };

	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return b;
	b.p = sqlite3_column_text(s, i); /* text first, then its length */
	b.n = (size_t)sqlite3_column_bytes(s, i);
	if (!b.p)
		b.p = ""; /* out of memory reads as empty: it cannot match a hash */
	return b;
}

static int scan_chain(struct kc_store *st, const struct kc_scan_visitor *v, struct kc_err *err)
{
	sqlite3_stmt *s = NULL;
	struct kc_chain_row row;
	int rc = sqlite3_prepare_v2(st->db, "SELECT prev_hash, id, at, who, tbl, row_id, field, "
				    "old_value, new_value, hash FROM audit ORDER BY id", -1, &s, NULL);

	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < KC_CHAIN_FIELDS; i++)
			row.f[i] = column_bytes(s, i);
		row.id = sqlite3_column_int64(s, 1);
		row.hash = column_bytes(s, KC_CHAIN_FIELDS);
		v->chain(v->ctx, &row);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? KC_OK : store_fail(st, rc, err);
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

static int scan_table(struct kc_store *st, const struct store_table *t,
		      const struct kc_scan_visitor *v, struct kc_err *err)
{
	sqlite3_stmt *s = NULL;
	struct kc_row_finding f;
	int rc = sqlite3_prepare_v2(st->db, t->check_sql, -1, &s, NULL);

	if (rc == SQLITE_OK)
		sqlite3_bind_text(s, 1, t->name, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		read_finding(s, t->name, &f);
		v->row(v->ctx, &f);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? KC_OK : store_fail(st, rc, err);
}

int kc_store_scan(struct kc_store *st, const struct kc_scan_visitor *v, struct kc_err *err)
{
	size_t n;
	const struct store_table *t = store_tables(&n);
	int rc = store_begin_read(st, err);

	if (rc == KC_OK)
		rc = scan_schema(st, v, err);
	if (rc == KC_OK)
		rc = scan_chain(st, v, err);
	for (size_t i = 0; i < n && rc == KC_OK; i++)
		rc = scan_table(st, &t[i], v, err);
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
