/* test_verify.c — the audit hash chain, kc_verify and backup, against real databases
 * altered the way a determined person would: a plain sqlite3 connection that drops the
 * protecting triggers, or registers look-alike kc_* functions, or recomputes the chain. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"
#include "kc_verify.h"

#define MIN 60
#define NOW ((time_t)1763726400) /* 2025-11-21 12:00 UTC */
#define ACTOR "nurse1"
#define ZEROS "0000000000000000000000000000000000000000000000000000000000000000"

/* ---------- fixture ---------- */

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	kc_id patient, session;
	struct kc_verify_result r;
};

static void open_store(struct fx *f)
{
	tdb_open(&f->db, ACTOR);
}

static void close_store(struct fx *f)
{
	kc_store_close(f->db.st);
	f->db.st = NULL;
}

static struct kc_vitals_row reading(kc_id session, time_t taken, int sys)
{
	struct kc_vitals_row r;

	memset(&r, 0, sizeof r);
	r.session_id = session;
	r.taken_at = taken;
	r.status = KC_VITALS_TAKEN;
	r.v = (struct kc_vitals){ sys, 80, 72, 98, 14, KC_NONE, 5 };
	return r;
}

static kc_id add_vitals(struct fx *f, int sys)
{
	static int k;
	struct kc_vitals_row r = reading(f->session, NOW + (++k) * MIN, sys);

	assert_int_equal(kc_vitals_add(f->db.st, &r, NOW + k * MIN, &f->db.err), KC_OK);
	return r.id;
}

/* A session with a patient, a weight and a planned dose (real numbers in both an insert
 * and an update audit), and two vitals readings. */
static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_folder(&f->db, "verify", "ketchart.db");
	open_store(f);
	f->patient = tdb_patient(&f->db, "C-7", "Ada Lovelace", "1980-05-17", NOW);
	f->session = tdb_session(&f->db, f->patient, KC_ROUTE_IV, NOW);
	assert_int_equal(kc_weight_add(f->db.st, f->patient, f->session, 72.35, NOW, NOW, &f->db.err), KC_OK);
	assert_int_equal(kc_session_plan_dose(f->db.st, f->session, 72.35, 0.5, 36.175, NOW, &f->db.err),
			 KC_OK);
	add_vitals(f, 142);
	add_vitals(f, 182);
	*state = f;
	return 0;
}

static struct kc_verify_result *verify(struct fx *f, const char *head)
{
	assert_int_equal(kc_verify(f->db.st, head, &f->r, &f->db.err), KC_OK);
	return &f->r;
}

static int has_problem(const struct kc_verify_result *r, const char *needle)
{
	for (size_t i = 0; i < r->shown; i++)
		if (strstr(r->problem[i], needle))
			return 1;
	return 0;
}

static void assert_problem(const struct kc_verify_result *r, const char *needle)
{
	if (!has_problem(r, needle)) {
		for (size_t i = 0; i < r->shown; i++)
			print_message("  problem: %s\n", r->problem[i]);
		fail_msg("no problem says '%s'", needle);
	}
}

static long long count(struct fx *f, const char *table)
{
	long long n = -1;

	assert_int_equal(kc_store_count(f->db.st, table, &n, &f->db.err), KC_OK);
	return n;
}

/* ---------- a plain connection: what a person with the sqlite3 shell has ---------- */

static sqlite3 *raw_open(const char *path)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

static void raw_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

static void raw_execf(sqlite3 *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void raw_execf(sqlite3 *db, const char *fmt, ...)
{
	char sql[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	raw_exec(db, sql);
}

static long long raw_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	long long v;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* The first column of the first row, copied into out. */
static void raw_text(sqlite3 *db, const char *sql, char *out, size_t n)
{
	sqlite3_stmt *s = NULL;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	kc_strlcpy(out, (const char *)sqlite3_column_text(s, 0), n);
	sqlite3_finalize(s);
}

static void fn_one(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_int(ctx, 1);
}

static void fn_user_text(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_text(ctx, sqlite3_user_data(ctx), -1, SQLITE_TRANSIENT);
}

/* The real hash: the algorithm is public, so a forger can have it too. */
static void fn_real_chain(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct kc_bytes b[KC_CHAIN_FIELDS];
	char hex[KC_HASH_HEX];

	for (int i = 0; i < argc; i++) {
		b[i].p = sqlite3_value_type(argv[i]) == SQLITE_NULL ? NULL : sqlite3_value_text(argv[i]);
		b[i].n = (size_t)sqlite3_value_bytes(argv[i]);
	}
	assert_int_equal(kc_chain_hash(b, hex, NULL), KC_OK);
	sqlite3_result_text(ctx, hex, -1, SQLITE_TRANSIENT);
}

/* A connection with look-alike kc_* functions; chain NULL = the real hash. */
static sqlite3 *forger(struct fx *f, const char *chain)
{
	sqlite3 *db = raw_open(f->db.path);

	sqlite3_create_function(db, "kc_now", 0, SQLITE_UTF8, NULL, fn_one, NULL, NULL);
	sqlite3_create_function(db, "kc_actor", 0, SQLITE_UTF8, ACTOR, fn_user_text, NULL, NULL);
	if (chain)
		sqlite3_create_function(db, "kc_chain", KC_CHAIN_FIELDS, SQLITE_UTF8, (void *)chain,
					fn_user_text, NULL, NULL);
	if (chain)
		tdb_chain_functions(db, fn_user_text, (void *)chain);
	else
		sqlite3_create_function(db, "kc_chain", KC_CHAIN_FIELDS, SQLITE_UTF8, NULL,
					fn_real_chain, NULL, NULL);
	if (!chain)
		tdb_chain_functions(db, fn_real_chain, NULL);
	return db;
}

/* Run sql with the triggers that would stop it dropped, then put the triggers back
 * word for word, as a careful forger would. */
static void behind_the_triggers(sqlite3 *db, const char *const *triggers, const char *sql)
{
	char saved[8][2048];
	size_t n = 0;

	for (; triggers[n]; n++) {
		char q[128];

		snprintf(q, sizeof q, "SELECT sql FROM sqlite_schema WHERE name = '%s'", triggers[n]);
		raw_text(db, q, saved[n], sizeof saved[n]);
		raw_execf(db, "DROP TRIGGER %s", triggers[n]);
	}
	raw_exec(db, sql);
	for (size_t i = 0; i < n; i++)
		raw_exec(db, saved[i]);
}

/* ---------- the hash ---------- */

static void put(crypto_generichash_state *h, const char *v)
{
	unsigned char tag[9] = { 0 };
	size_t n = v ? strlen(v) : 0;

	tag[0] = v != NULL;
	for (int i = 0; i < 8; i++)
		tag[1 + i] = (unsigned char)(n >> (56 - 8 * i));
	crypto_generichash_update(h, tag, v ? 9 : 1);
	if (v)
		crypto_generichash_update(h, (const unsigned char *)v, n);
}

/* The stored hash is BLAKE2b-256 of the encoding kc_verify.h documents, computed here
 * independently; and each row's prev_hash is the hash of the row before it. */
static void test_stored_hash_is_blake2b_of_the_documented_encoding(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = raw_open(f->db.path);
	sqlite3_stmt *s = NULL;
	char prev[KC_HASH_HEX] = ZEROS;
	long long rows = 0;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT prev_hash, id, at, who, tbl, row_id, field, "
					    "old_value, new_value, hash FROM audit ORDER BY id", -1,
					    &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		crypto_generichash_state h;
		unsigned char md[32];
		char hex[65];

		crypto_generichash_init(&h, NULL, 0, sizeof md);
		for (int i = 0; i < 9; i++)
			put(&h, (const char *)sqlite3_column_text(s, i));
		crypto_generichash_final(&h, md, sizeof md);
		sodium_bin2hex(hex, sizeof hex, md, sizeof md);
		assert_string_equal((const char *)sqlite3_column_text(s, 0), prev);
		assert_string_equal((const char *)sqlite3_column_text(s, 9), hex);
		kc_strlcpy(prev, hex, sizeof prev);
		rows++;
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	assert_int_equal(rows, count(f, "audit"));
	assert_true(rows > 8); /* inserts and updates, with text, integers, reals and NULLs */
}

/* Length prefixes keep field boundaries: moving a character from one field to the next,
 * or NULL for "", gives another hash. */
static void test_chain_hash_tells_field_boundaries_and_null_apart(void **state)
{
	struct kc_bytes a[KC_CHAIN_FIELDS] = { { 0 } }, b[KC_CHAIN_FIELDS] = { { 0 } };
	char ha[KC_HASH_HEX], hb[KC_HASH_HEX];

	(void)state;
	a[3] = (struct kc_bytes){ "ab", 2 };
	a[4] = (struct kc_bytes){ "c", 1 };
	b[3] = (struct kc_bytes){ "a", 1 };
	b[4] = (struct kc_bytes){ "bc", 2 };
	assert_int_equal(kc_chain_hash(a, ha, NULL), KC_OK);
	assert_int_equal(kc_chain_hash(b, hb, NULL), KC_OK);
	assert_int_equal(strlen(ha), 64);
	assert_string_not_equal(ha, hb);
	b[3] = (struct kc_bytes){ "ab", 2 };
	b[4] = (struct kc_bytes){ "c", 1 };
	assert_int_equal(kc_chain_hash(b, hb, NULL), KC_OK);
	assert_string_equal(ha, hb); /* same fields, same hash */
	b[7] = (struct kc_bytes){ "", 0 };
	assert_int_equal(kc_chain_hash(b, hb, NULL), KC_OK);
	assert_string_not_equal(ha, hb);
}

static void test_parse_head_takes_64_hex_digits_in_either_case(void **state)
{
	char out[KC_HASH_HEX], in[80];
	struct kc_err err;

	(void)state;
	snprintf(in, sizeof in, "  %s\n", "ABCDEF0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789");
	assert_int_equal(kc_chain_parse_head(in, out, &err), KC_OK);
	assert_string_equal(out, "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
	assert_int_equal(kc_chain_parse_head(ZEROS "0", out, &err), KC_ERR_INVALID); /* 65 */
	assert_non_null(strstr(err.msg, "64 hex digits"));
	assert_int_equal(kc_chain_parse_head(ZEROS + 1, out, &err), KC_ERR_INVALID); /* 63 */
	assert_int_equal(kc_chain_parse_head("", out, &err), KC_ERR_INVALID);
	snprintf(in, sizeof in, "%.63sg", ZEROS);
	assert_int_equal(kc_chain_parse_head(in, out, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "0-9 and a-f"));
	snprintf(in, sizeof in, "%.32s %.32s", ZEROS, ZEROS);
	assert_int_equal(kc_chain_parse_head(in, out, &err), KC_ERR_INVALID);
}

/* ---------- a clean database ---------- */

static void test_clean_database_verifies_and_names_its_head(void **state)
{
	struct fx *f = *state;
	struct kc_verify_result *r = verify(f, NULL);
	sqlite3 *db = raw_open(f->db.path);
	char last[KC_HASH_HEX];

	assert_int_equal(r->problems, 0);
	assert_int_equal(r->breaks, 0);
	assert_int_equal(r->first_break, 0);
	assert_int_equal(r->audit_rows, count(f, "audit"));
	raw_text(db, "SELECT hash FROM audit ORDER BY id DESC LIMIT 1", last, sizeof last);
	sqlite3_close(db);
	assert_string_equal(r->head, last);
	assert_false(r->head_asked);
}

/* Each entry moves the head; an earlier head still proves its prefix. */
static void test_head_changes_after_each_entry_and_earlier_heads_stay_provable(void **state)
{
	struct fx *f = *state;
	char h1[KC_HASH_HEX], h2[KC_HASH_HEX];
	long long rows1;

	kc_strlcpy(h1, verify(f, NULL)->head, sizeof h1);
	rows1 = f->r.audit_rows;
	add_vitals(f, 120);
	kc_strlcpy(h2, verify(f, NULL)->head, sizeof h2);
	assert_string_not_equal(h1, h2);
	assert_int_equal(f->r.audit_rows, rows1 + 1);
	verify(f, h1);
	assert_true(f->r.head_asked);
	assert_true(f->r.head_ok);
	assert_int_equal(f->r.head_row, rows1);
	assert_int_equal(f->r.problems, 0);
	verify(f, h2);
	assert_int_equal(f->r.head_row, rows1 + 1);
	assert_true(f->r.head_ok);
}

static void test_unknown_head_fails_with_the_reason(void **state)
{
	struct fx *f = *state;
	const char *forged = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
	struct kc_verify_result *r = verify(f, forged);

	assert_false(r->head_ok);
	assert_int_equal(r->head_row, 0);
	assert_int_equal(r->problems, 1);
	assert_int_equal(r->breaks, 0);
	assert_problem(r, "head ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff not "
		       "found: the chain was rewritten before it, or it belongs to another database");
}

/* ---------- clinical rows changed behind ketchart ---------- */

static void test_value_changed_without_the_audit_trigger_is_named(void **state)
{
	struct fx *f = *state;
	kc_id id = add_vitals(f, 182);
	sqlite3 *db = raw_open(f->db.path);
	char want[128];
	struct kc_verify_result *r;

	raw_exec(db, "DROP TRIGGER vitals_audit_update");
	raw_execf(db, "UPDATE vitals SET systolic = 120 WHERE id = %lld", id);
	sqlite3_close(db);
	r = verify(f, NULL);
	snprintf(want, sizeof want,
		 "vitals row %lld: systolic is 120 but the audit says 182 (changed outside ketchart)", id);
	assert_problem(r, want);
	assert_problem(r, "the trigger vitals_audit_update was removed outside ketchart");
	assert_int_equal(r->row_problems, 1);
	assert_int_equal(r->schema_problems, 1);
	assert_int_equal(r->breaks, 0); /* the audit itself was not touched */
	assert_int_equal(r->problems, 2);
}

/* A change after an update is judged against the update, and reals compare as stored. */
static void test_changed_real_is_judged_against_its_latest_update(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = raw_open(f->db.path);
	struct kc_verify_result *r;
	char want[160];

	behind_the_triggers(db, (const char *[]){ "session_audit_update", NULL },
			    "UPDATE session SET planned_mg = 36.5");
	sqlite3_close(db);
	r = verify(f, NULL);
	snprintf(want, sizeof want, "session row %lld: planned_mg is 36.5 but the audit says 36.175 "
		 "(changed outside ketchart)", f->session);
	assert_problem(r, want);
	assert_int_equal(r->problems, 1); /* the trigger was put back word for word */
}

static void test_deleted_row_is_named_with_table_and_id(void **state)
{
	struct fx *f = *state;
	kc_id id = add_vitals(f, 150);
	sqlite3 *db = raw_open(f->db.path);
	char want[128];
	struct kc_verify_result *r;

	raw_exec(db, "DROP TRIGGER vitals_no_delete");
	raw_execf(db, "DELETE FROM vitals WHERE id = %lld", id - 1);
	sqlite3_close(db);
	r = verify(f, NULL);
	snprintf(want, sizeof want, "vitals row %lld is gone: it was deleted outside ketchart", id - 1);
	assert_problem(r, want);
	assert_problem(r, "the trigger vitals_no_delete was removed outside ketchart");
	assert_int_equal(r->row_problems, 1);
}

static void test_row_inserted_outside_is_named(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = raw_open(f->db.path);
	char want[128];
	kc_id id;

	behind_the_triggers(db, (const char *[]){ "vitals_audit_insert", NULL },
			    "INSERT INTO vitals (session_id, taken_at, entered_at, entered_by, "
			    "heart_rate) VALUES (1, 1, 1, '" ACTOR "', 70)");
	id = raw_int(db, "SELECT max(id) FROM vitals");
	sqlite3_close(db);
	verify(f, NULL);
	snprintf(want, sizeof want, "vitals row %lld has no insert in the audit: it was inserted "
		 "outside ketchart", id);
	assert_problem(&f->r, want);
	assert_int_equal(f->r.problems, 1);
}

/* The last row deleted behind ketchart, and its number taken again by the next entry:
 * the updates of the deleted row are not held against the new one. */
static void test_deleted_row_whose_id_was_reused_is_named(void **state)
{
	struct fx *f = *state;
	kc_id id = add_vitals(f, 150), again;
	sqlite3 *db;
	char want[128];

	assert_int_equal(kc_vitals_ack(f->db.st, id, "rechecked", NOW + 90 * MIN, &f->db.err), KC_OK);
	db = raw_open(f->db.path);
	behind_the_triggers(db, (const char *[]){ "vitals_no_delete", NULL },
			    "DELETE FROM vitals WHERE id = (SELECT max(id) FROM vitals)");
	sqlite3_close(db);
	again = add_vitals(f, 130);
	assert_int_equal(again, id);
	verify(f, NULL);
	snprintf(want, sizeof want, "vitals row %lld was entered 2 times: it was deleted outside "
		 "ketchart and its number reused", id);
	assert_problem(&f->r, want);
	assert_int_equal(f->r.problems, 1);
}

/* ---------- the audit itself altered ---------- */

static void test_edited_audit_row_breaks_the_chain_at_its_id(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = raw_open(f->db.path);
	char want[96];

	behind_the_triggers(db, (const char *[]){ "audit_no_update", "audit_no_relink", NULL },
			    "UPDATE audit SET who = 'mallory' WHERE id = 3");
	sqlite3_close(db);
	verify(f, NULL);
	assert_int_equal(f->r.first_break, 3);
	assert_int_equal(f->r.first_kind, KC_BREAK_CHANGED);
	assert_int_equal(f->r.breaks, 1);
	snprintf(want, sizeof want, "audit row 3 was changed outside ketchart");
	assert_problem(&f->r, want);
}

/* An insert audit that no longer holds JSON stops nothing: every value of its row is
 * named against an empty record. */
static void test_insert_audit_made_unreadable_is_still_judged(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = raw_open(f->db.path);
	kc_id aid = raw_int(db, "SELECT id FROM audit WHERE tbl = 'vitals' AND field = '' "
			    "ORDER BY id LIMIT 1");
	char sql[128], want[96];

	snprintf(sql, sizeof sql, "UPDATE audit SET new_value = '{\"systolic\":' WHERE id = %lld", aid);
	behind_the_triggers(db, (const char *[]){ "audit_no_update", "audit_no_relink", NULL }, sql);
	sqlite3_close(db);
	verify(f, NULL);
	assert_int_equal(f->r.first_break, aid);
	assert_problem(&f->r, "vitals row 1: systolic is 142 but the audit says empty");
	snprintf(want, sizeof want, "audit row %lld was changed outside ketchart", aid);
	assert_problem(&f->r, want);
}

static void test_deleted_audit_rows_break_the_chain_at_the_gap(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = raw_open(f->db.path);

	behind_the_triggers(db, (const char *[]){ "audit_no_delete", NULL },
			    "DELETE FROM audit WHERE id = 4");
	sqlite3_close(db);
	verify(f, NULL);
	assert_int_equal(f->r.first_break, 5);
	assert_int_equal(f->r.first_kind, KC_BREAK_MISSING);
	assert_int_equal(f->r.breaks, 1);
	assert_problem(&f->r, "audit row 4 is missing: it was deleted outside ketchart");
	db = raw_open(f->db.path);
	behind_the_triggers(db, (const char *[]){ "audit_no_delete", NULL },
			    "DELETE FROM audit WHERE id IN (6, 7)");
	sqlite3_close(db);
	verify(f, NULL);
	assert_int_equal(f->r.breaks, 2);
	assert_problem(&f->r, "audit rows 6 to 7 are missing");
}

/* Rows written by a connection whose kc_chain is a fake: no hash, or a wrong one. */
static void test_audit_rows_written_outside_break_the_chain_where_they_start(void **state)
{
	struct fx *f = *state;
	long long rows = count(f, "audit");
	sqlite3 *db = forger(f, "not a hash");
	char want[96];

	raw_exec(db, "UPDATE vitals SET systolic = 120 WHERE id = 1");
	sqlite3_close(db);
	verify(f, NULL);
	assert_int_equal(f->r.first_break, rows + 1);
	assert_int_equal(f->r.first_kind, KC_BREAK_UNHASHED);
	snprintf(want, sizeof want, "audit row %lld has no valid chain hash", rows + 1);
	assert_problem(&f->r, want);
	assert_int_equal(f->r.breaks, 1); /* named once, not again as the row after it */
	add_vitals(f, 125);               /* ketchart still saves after a forged row */
	verify(f, NULL);
	assert_int_equal(f->r.breaks, 1);
	db = forger(f, ZEROS);
	raw_exec(db, "UPDATE vitals SET systolic = 121 WHERE id = 1");
	sqlite3_close(db);
	verify(f, NULL);
	assert_int_equal(f->r.breaks, 2);
	snprintf(want, sizeof want, "audit row %lld was changed outside ketchart", rows + 3);
	assert_problem(&f->r, want);
}

/* Row 3 altered and its hash recomputed: it passes, so the break shows at row 4. */
static void test_rehashed_row_breaks_the_link_to_the_next(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = forger(f, NULL);

	behind_the_triggers(db, (const char *[]){ "audit_no_update", "audit_no_relink", NULL },
			    "UPDATE audit SET who = 'mallory', hash = kc_chain(prev_hash, id, at, "
			    "'mallory', tbl, row_id, field, old_value, new_value) WHERE id = 3");
	sqlite3_close(db);
	verify(f, NULL);
	assert_int_equal(f->r.first_break, 4);
	assert_int_equal(f->r.first_kind, KC_BREAK_RELINKED);
	assert_problem(&f->r, "audit row 4 does not follow audit row 3");
}

/* The whole chain recomputed from row 3 on and the trigger put back: a change that breaks
 * no rule of the program (a time moved by a second; naming someone else is caught by the
 * role replay, test_verify_truth.c) shows nowhere inside the database; only a head noted
 * before, or an anchor, does. */
static void test_rewritten_chain_is_caught_only_by_an_earlier_head(void **state)
{
	struct fx *f = *state;
	char head[KC_HASH_HEX], early[KC_HASH_HEX];
	sqlite3 *db;

	kc_strlcpy(head, verify(f, NULL)->head, sizeof head);
	db = raw_open(f->db.path);
	raw_text(db, "SELECT hash FROM audit WHERE id = 2", early, sizeof early);
	sqlite3_close(db);
	db = forger(f, NULL);
	behind_the_triggers(db, (const char *[]){ "audit_no_update", "audit_no_relink", NULL },
			    "UPDATE audit SET at = at + 1 WHERE id = 3;"
			    "WITH RECURSIVE c(id, h) AS (SELECT 2, hash FROM audit WHERE id = 2"
			    " UNION ALL SELECT a.id, kc_chain(c.h, a.id, a.at, a.who, a.tbl, a.row_id,"
			    " a.field, a.old_value, a.new_value) FROM c JOIN audit a ON a.id = c.id + 1)"
			    " UPDATE audit SET prev_hash = (SELECT h FROM c WHERE c.id = audit.id - 1),"
			    " hash = (SELECT h FROM c WHERE c.id = audit.id) WHERE id >= 3");
	sqlite3_close(db);
	verify(f, NULL);
	assert_int_equal(f->r.problems, 0);
	assert_string_not_equal(f->r.head, head);
	verify(f, head);
	assert_false(f->r.head_ok);
	assert_int_equal(f->r.problems, 1);
	assert_problem(&f->r, "not found: the chain was rewritten before it");
	verify(f, early); /* the prefix before the rewrite still holds */
	assert_true(f->r.head_ok);
	assert_int_equal(f->r.head_row, 2);
}

static void test_head_after_a_break_is_refused_and_before_it_accepted(void **state)
{
	struct fx *f = *state;
	char h2[KC_HASH_HEX], h5[KC_HASH_HEX];
	sqlite3 *db = raw_open(f->db.path);

	raw_text(db, "SELECT hash FROM audit WHERE id = 2", h2, sizeof h2);
	raw_text(db, "SELECT hash FROM audit WHERE id = 5", h5, sizeof h5);
	behind_the_triggers(db, (const char *[]){ "audit_no_update", "audit_no_relink", NULL },
			    "UPDATE audit SET at = at + 1 WHERE id = 4");
	sqlite3_close(db);
	verify(f, h2);
	assert_true(f->r.head_ok);
	assert_int_equal(f->r.problems, 1); /* the break itself */
	verify(f, h5);
	assert_false(f->r.head_ok);
	assert_int_equal(f->r.head_row, 5);
	assert_problem(&f->r, "is audit row 5, but the chain is broken at or before it (audit row 4)");
	assert_int_equal(f->r.problems, 2);
}

/* ---------- the schema ---------- */

static void test_trigger_added_or_changed_outside_is_named(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = raw_open(f->db.path);

	raw_exec(db, "CREATE TRIGGER quiet AFTER INSERT ON vitals BEGIN SELECT 1; END");
	raw_exec(db, "DROP TRIGGER patient_no_delete");
	raw_exec(db, "CREATE TRIGGER patient_no_delete BEFORE DELETE ON patient WHEN 0 "
		     "BEGIN SELECT RAISE(ABORT, 'clinical rows are never deleted'); END");
	raw_exec(db, "CREATE TABLE notes (x)"); /* a table of one's own is not ketchart's concern */
	sqlite3_close(db);
	verify(f, NULL);
	assert_problem(&f->r, "the trigger quiet was added outside ketchart");
	assert_problem(&f->r, "the trigger patient_no_delete was changed outside ketchart");
	assert_int_equal(f->r.schema_problems, 2);
	assert_int_equal(f->r.problems, 2);
}

/* Past KC_VERIFY_SHOWN problems the count goes on, and the verdict on --head still shows. */
static void test_many_problems_are_counted_and_the_head_verdict_kept(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = raw_open(f->db.path);
	struct kc_verify_result *r;

	behind_the_triggers(db, (const char *[]){ "vitals_audit_insert", NULL },
			    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)"
			    " INSERT INTO vitals (session_id, taken_at, entered_at, entered_by)"
			    " SELECT 1, i, i, '" ACTOR "' FROM n");
	sqlite3_close(db);
	r = verify(f, NULL);
	assert_int_equal(r->problems, 40);
	assert_int_equal(r->shown, KC_VERIFY_SHOWN);
	r = verify(f, ZEROS);
	assert_int_equal(r->problems, 41);
	assert_int_equal(r->shown, KC_VERIFY_SHOWN);
	assert_non_null(strstr(r->problem[KC_VERIFY_SHOWN - 1], "head " ZEROS " not found"));
}

/* ---------- migration 1 -> 2 ---------- */

/* Take a schema-2 database back to what schema 1 was, audit hashes and all. */
static void downgrade_to_schema_1(const char *path)
{
	sqlite3 *db = raw_open(path);

	raw_exec(db, "DROP TABLE training;" /* schema 6 */
		     "DROP TRIGGER weight_audit_insert; DROP TRIGGER weight_audit_update;" /* schema 5 */
		     "ALTER TABLE weight DROP COLUMN typed;"
		     "DROP TABLE patient_correction; DROP TRIGGER weight_eie;" /* schema 4 */
		     "ALTER TABLE weight DROP COLUMN eie_code; ALTER TABLE weight DROP COLUMN eie_reason;"
		     "ALTER TABLE weight DROP COLUMN eie_by; ALTER TABLE weight DROP COLUMN eie_at;"
		     "ALTER TABLE weight DROP COLUMN replaced_by; ALTER TABLE weight DROP COLUMN corrects;"
		     "DROP TABLE amendment; DROP TABLE session_hold;" /* schema 3 */
		     "DROP TRIGGER audit_chain; DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_relink;"
		     "ALTER TABLE audit DROP COLUMN hash; ALTER TABLE audit DROP COLUMN prev_hash;"
		     "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN "
		     "SELECT RAISE(ABORT, 'audit rows are never changed or deleted'); END;"
		     "PRAGMA user_version = 1");
	sqlite3_close(db);
}

static void test_upgrade_from_schema_1_chains_the_old_rows(void **state)
{
	struct fx *f = *state;
	char head[KC_HASH_HEX];
	long long rows = count(f, "audit");
	int version = 0;

	kc_strlcpy(head, verify(f, NULL)->head, sizeof head);
	close_store(f);
	downgrade_to_schema_1(f->db.path);
	open_store(f);
	assert_int_equal(kc_store_migrations_applied(f->db.st), KC_SCHEMA_VERSION - 1);
	assert_int_equal(kc_store_user_version(f->db.st, &version, &f->db.err), KC_OK);
	assert_int_equal(version, KC_SCHEMA_VERSION);
	verify(f, NULL);
	assert_int_equal(f->r.problems, 0);
	assert_int_equal(f->r.audit_rows, rows);
	assert_string_equal(f->r.head, head); /* the same rows chain to the same head */
	add_vitals(f, 130);                   /* and new entries chain on */
	verify(f, head);
	assert_true(f->r.head_ok);
	assert_int_equal(f->r.problems, 0);
}

/* ---------- backup ---------- */

/* A second clinician saving readings from another process; the first commit is signalled
 * on fd. */
static void child_charts(const char *path, kc_id session, int n, int fd)
{
	struct kc_store *st = NULL;
	struct kc_err err;
	int rc = kc_store_open(&st, path, KC_OPEN_EXISTING, "nurse2", &err);

	for (int i = 0; i < n && rc == KC_OK; i++) {
		struct kc_vitals_row r = reading(session, NOW + (100 + i) * MIN, 110 + i % 50);

		rc = kc_vitals_add(st, &r, NOW + (100 + i) * MIN, &err);
		if (i == 0 && write(fd, "x", 1) != 1)
			rc = KC_ERR_IO;
	}
	kc_store_close(st);
	_exit(rc == KC_OK ? 0 : 1);
}

static void test_backup_while_another_process_saves_is_a_verified_prefix(void **state)
{
	struct fx *f = *state;
	char copy_path[PATH_MAX + 8], c;
	struct kc_store *copy = NULL;
	long long before, in_copy;
	int fds[2], status = -1, pages = 0;
	pid_t pid;

	for (int i = 0; i < 20; i++)
		add_vitals(f, 120 + i);
	before = count(f, "vitals");
	/* the other clinician is one the admin added */
	assert_int_equal(kc_clinician_upsert(f->db.st, "nurse2", "Nurse Two", KC_ROLE_NURSE, NOW, &f->db.err), KC_OK);
	close_store(f); /* no connection may cross the fork */
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		child_charts(f->db.path, f->session, 300, fds[1]);
	close(fds[1]);
	assert_int_equal(read(fds[0], &c, 1), 1); /* the other clinician has saved */
	close(fds[0]);
	open_store(f);
	snprintf(copy_path, sizeof copy_path, "%s/copy.db", f->db.dir);
	assert_int_equal(kc_store_backup(f->db.st, copy_path, &pages, &f->db.err), KC_OK);
	assert_true(pages > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(count(f, "vitals"), before + 300);
	assert_int_equal(kc_store_open(&copy, copy_path, KC_OPEN_EXISTING, ACTOR, &f->db.err), KC_OK);
	assert_int_equal(kc_verify(copy, NULL, &f->r, &f->db.err), KC_OK);
	assert_int_equal(f->r.problems, 0);
	assert_int_equal(kc_store_count(copy, "vitals", &in_copy, &f->db.err), KC_OK);
	kc_store_close(copy);
	assert_true(in_copy >= before + 1 && in_copy <= before + 300);
	verify(f, f->r.head); /* the copy's chain is a prefix of the live one */
	assert_true(f->r.head_ok);
	assert_int_equal(f->r.problems, 0);
}

static void test_backup_refuses_an_existing_file_and_makes_a_private_one(void **state)
{
	struct fx *f = *state;
	char path[PATH_MAX + 8];
	struct stat sb;
	FILE *fp;
	int pages = -1;

	snprintf(path, sizeof path, "%s/taken.db", f->db.dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("mine", fp);
	fclose(fp);
	assert_int_equal(kc_store_backup(f->db.st, path, &pages, &f->db.err), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "already exists"));
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_size, 4); /* untouched */
	umask(022);
	snprintf(path, sizeof path, "%s/new.db", f->db.dir);
	assert_int_equal(kc_store_backup(f->db.st, path, &pages, &f->db.err), KC_OK);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	snprintf(path, sizeof path, "%s/no/such/folder.db", f->db.dir);
	assert_int_equal(kc_store_backup(f->db.st, path, &pages, &f->db.err), KC_ERR_IO);
	assert_non_null(strstr(f->db.err.msg, "cannot create the backup"));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, tdb_teardown)
	const struct CMUnitTest tests[] = {
		T(test_stored_hash_is_blake2b_of_the_documented_encoding),
		cmocka_unit_test(test_chain_hash_tells_field_boundaries_and_null_apart),
		cmocka_unit_test(test_parse_head_takes_64_hex_digits_in_either_case),
		T(test_clean_database_verifies_and_names_its_head),
		T(test_head_changes_after_each_entry_and_earlier_heads_stay_provable),
		T(test_unknown_head_fails_with_the_reason),
		T(test_value_changed_without_the_audit_trigger_is_named),
		T(test_changed_real_is_judged_against_its_latest_update),
		T(test_deleted_row_is_named_with_table_and_id),
		T(test_row_inserted_outside_is_named),
		T(test_deleted_row_whose_id_was_reused_is_named),
		T(test_edited_audit_row_breaks_the_chain_at_its_id),
		T(test_insert_audit_made_unreadable_is_still_judged),
		T(test_deleted_audit_rows_break_the_chain_at_the_gap),
		T(test_audit_rows_written_outside_break_the_chain_where_they_start),
		T(test_rehashed_row_breaks_the_link_to_the_next),
		T(test_rewritten_chain_is_caught_only_by_an_earlier_head),
		T(test_head_after_a_break_is_refused_and_before_it_accepted),
		T(test_trigger_added_or_changed_outside_is_named),
		T(test_many_problems_are_counted_and_the_head_verdict_kept),
		T(test_upgrade_from_schema_1_chains_the_old_rows),
		T(test_backup_while_another_process_saves_is_a_verified_prefix),
		T(test_backup_refuses_an_existing_file_and_makes_a_private_one),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
#undef T
}
