/* test_verify_fast.c — verify's C reading of the audit (issue 10): the small JSON reader
 * (store_json.c) as SQLite's json_valid/json_extract read the same text, and the kinds of
 * tampering the row-by-row comparison in C must still send to the full check (a text that
 * differs only by an escape, a NULL that became the text "null", text in an integer column,
 * a real changed in its last digits), and the session an update after a signature is
 * charged to, found whether or not its insert is still in the cache of recent inserts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/store/store_impl.h"
#include "fixture.h"
#include "kc_verify.h"

/* ---------- the JSON reader against SQLite's own ---------- */

/* What json_valid(text) and json_extract(text, '$.' || key) say (as text, "<null>" for
 * NULL), and what the reader says. */
static void sqlite_says(sqlite3 *db, const char *text, const char *key, int *valid, char *out, size_t n)
{
	sqlite3_stmt *s = NULL;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT json_valid(?1), CASE WHEN json_valid(?1) THEN"
					    " json_extract(?1, '$.' || ?2) END", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	*valid = sqlite3_column_int(s, 0);
	snprintf(out, n, "%s", sqlite3_column_type(s, 1) == SQLITE_NULL ? "<null>" :
		 (const char *)sqlite3_column_text(s, 1));
	sqlite3_finalize(s);
}

static int reader_says(const char *text, const char *key, char *out, size_t n)
{
	struct sj_iter it;
	struct sj_span k, v, found = { NULL, 0 };
	int rc = 0;

	snprintf(out, n, "<null>");
	if (!sj_begin(&it, text, strlen(text)))
		return 0;
	while ((rc = sj_next(&it, &k, &v)) == 1)
		if (!found.p && sj_key_is(&k, key))
			found = v;
	if (rc != 0)
		return 0;
	if (found.p && sj_text(&found, out, n) == NULL)
		snprintf(out, n, "<null>");
	return 1;
}

static void test_reader_agrees_with_sqlite(void **state)
{
	static const struct {
		const char *text, *key;
	} cases[] = {
		{ "{\"id\":1,\"session_id\":7,\"item\":\"override\"}", "item" },
		{ "{\"id\":1,\"session_id\":7}", "session_id" },
		{ " {\"a\" : \"x\\\"y\\\\z\\n\\u00e9\\ud83d\\ude00\"} ", "a" },
		{ "{\"a\":null}", "a" },
		{ "{\"a\":true,\"b\":false}", "b" },
		{ "{\"a\":\"first\",\"a\":\"second\"}", "a" },
		{ "{\"a\":[1,{\"b\":[]}],\"c\":\"d\"}", "c" },
		{ "{\"a\":-0.5e+3,\"b\":-12}", "b" }, /* a real reads as written, SQLite's formatting aside */
		{ "{}", "a" },
		/* not valid: each reads as NULL */
		{ "{\"a\":1,}", "a" },
		{ "{\"a\":01}", "a" },
		{ "{\"a\":\"x\ty\"}", "a" },
		{ "{\"a\":\"\\x\"}", "a" },
		{ "{\"a\":1} x", "a" },
		{ "{\"a\":tru}", "a" },
		{ "{\"a\":1.}", "a" },
		{ "{\"a\" 1}", "a" },
		{ "{'a':1}", "a" },
		{ "[1,2]", "a" },
		{ "", "a" },
	};
	sqlite3 *db = NULL;

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char want[128], got[128];
		int valid, ours;

		sqlite_says(db, cases[i].text, cases[i].key, &valid, want, sizeof want);
		ours = reader_says(cases[i].text, cases[i].key, got, sizeof got);
		if (cases[i].text[0] == '[')
			valid = 0; /* valid JSON, not an object: every key reads as NULL either way */
		if (ours != valid || strcmp(want, got) != 0)
			fail_msg("%s: SQLite says valid %d '%s', the reader %d '%s'", cases[i].text, valid,
				 want, ours, got);
	}
	sqlite3_close(db);
}

static void test_reader_compares_strings_unescaped(void **state)
{
	struct sj_span v = { "\"a\\\"b\"", 6 };
	struct sj_span plain = { "\"ab\"", 4 };

	(void)state;
	assert_true(sj_string_is(&v, "a\"b", 3));
	assert_false(sj_string_is(&v, "a\\\"b", 4)); /* the escape's bytes are not the text */
	assert_true(sj_string_is(&plain, "ab", 2));
	assert_false(sj_string_is(&plain, "abc", 3));
}

/* ---------- tampering the comparison in C must still see ---------- */

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	time_t t;
	kc_id patient, session, vit;
	struct kc_verify_result r;
};

static time_t tick(struct fx *f)
{
	return f->t += 60;
}

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct kc_vitals_row v;

	assert_non_null(f);
	f->t = time(NULL) - 3600;
	tdb_create(&f->db, "vfast", "adm");
	f->patient = tdb_patient(&f->db, "C-1", "Ada \"Bo\" Lovelace", "1980-05-17", tick(f));
	f->session = tdb_session(&f->db, f->patient, KC_ROUTE_IV, tick(f));
	memset(&v, 0, sizeof v);
	v.session_id = f->session;
	v.taken_at = tick(f);
	v.status = KC_VITALS_TAKEN;
	v.v = (struct kc_vitals){ 142, 80, 72, 98, 14, KC_NONE, 5 };
	assert_int_equal(kc_vitals_add(f->db.st, &v, v.taken_at, &f->db.err), KC_OK);
	f->vit = v.id;
	*state = f;
	return 0;
}

static const struct kc_verify_result *run(struct fx *f)
{
	struct kc_verify_opts o = { .no_anchor = 1 };

	assert_int_equal(kc_verify_with(f->db.st, &o, &f->r, &f->db.err), KC_OK);
	return &f->r;
}

static void assert_says(const struct kc_verify_result *r, const char *needle)
{
	for (size_t i = 0; i < r->shown; i++)
		if (strstr(r->problem[i], needle))
			return;
	for (size_t i = 0; i < r->shown; i++)
		print_message("  problem: %s\n", r->problem[i]);
	fail_msg("no problem says '%s'", needle);
}

/* sql run behind the named table's update audit (no trace in the audit). */
static void behind(struct fx *f, const char *table, const char *sql)
{
	char trig[64];
	sqlite3 *db = NULL;

	snprintf(trig, sizeof trig, "%s_audit_update", table);
	assert_int_equal(sqlite3_open_v2(f->db.path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	tdb_behind(db, (const char *[]){ trig, NULL }, sql);
	sqlite3_close(db);
}

static void test_untouched_is_clean(void **state)
{
	struct fx *f = *state;

	assert_int_equal(run(f)->problems, 0);
}

/* The insert's JSON says Ada \"Bo\" (escaped quotes); the row now holds the backslashes
 * as text: the same bytes as the JSON, another name. */
static void test_escape_bytes_are_not_the_text(void **state)
{
	struct fx *f = *state;

	behind(f, "patient", "UPDATE patient SET name = 'Ada \\\"Bo\\\" Lovelace' WHERE id = 1");
	assert_says(run(f), "patient row 1: name is Ada \\\"Bo\\\" Lovelace but the audit says Ada \"Bo\" Lovelace");
}

static void test_null_made_text_null(void **state)
{
	struct fx *f = *state;

	behind(f, "vitals", "UPDATE vitals SET due_at = 'null' WHERE id = 1");
	assert_says(run(f), "vitals row 1: due_at is null but the audit says empty");
}

/* Text in an integer column (text that does not read as an integer, so the column keeps it): the
 * walk's own type check sends the table to the types pass, which names it once. */
static void test_text_in_integer_column(void **state)
{
	struct fx *f = *state;

	behind(f, "vitals", "UPDATE vitals SET due_at = 'soon' WHERE id = 1");
	run(f);
	assert_says(&f->r, "vitals row 1: due_at holds a text, a type ketchart never stores there");
	assert_int_equal(f->r.type_problems, 1);
}

static void test_real_changed_in_last_digits(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc_weight_add(f->db.st, f->patient, f->session, 70.5, f->t, tick(f), &f->db.err), KC_OK);
	assert_int_equal(run(f)->problems, 0);
	behind(f, "weight", "UPDATE weight SET kg = 70.5000001 WHERE id = 1");
	assert_says(run(f), "weight row 1: kg is 70.5000001 but the audit says 70.5");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader_agrees_with_sqlite),
		cmocka_unit_test(test_reader_compares_strings_unescaped),
		cmocka_unit_test_setup_teardown(test_untouched_is_clean, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_escape_bytes_are_not_the_text, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_null_made_text_null, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_text_in_integer_column, fx_setup, tdb_teardown),
		cmocka_unit_test_setup_teardown(test_real_changed_in_last_digits, fx_setup, tdb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
