/* fixture.c — the temporary on-disk database of the unit tests (fixture.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "fixture.h"
#include "kc_error.h"

void tdb_folder(struct kc_tdb *t, const char *tag, const char *file)
{
	int n = snprintf(t->dir, sizeof t->dir, "/tmp/kc_%s_XXXXXX", tag);

	assert_true(n > 0 && (size_t)n < sizeof t->dir);
	if (!mkdtemp(t->dir))
		fail_msg("mkdtemp %s failed", t->dir);
	n = snprintf(t->path, sizeof t->path, "%s/%s", t->dir, file);
	assert_true(n > 0 && (size_t)n < sizeof t->path);
	kc_config_defaults(&t->cfg);
	kc_err_clear(&t->err);
}

void tdb_open(struct kc_tdb *t, const char *actor)
{
	if (kc_store_open(&t->st, t->path, KC_OPEN_CREATE, actor, &t->err) != KC_OK)
		fail_msg("open %s as %s: %s", t->path, actor, t->err.msg);
}

void tdb_create(struct kc_tdb *t, const char *tag, const char *actor)
{
	tdb_folder(t, tag, "t.db");
	tdb_open(t, actor);
}

kc_id tdb_patient(struct kc_tdb *t, const char *chart_no, const char *name, const char *dob, time_t at)
{
	struct kc_patient p = { 0 };
	kc_id id = 0;

	kc_strlcpy(p.chart_no, chart_no, sizeof p.chart_no);
	kc_strlcpy(p.name, name, sizeof p.name);
	kc_strlcpy(p.dob, dob, sizeof p.dob);
	if (kc_patient_add(t->st, &p, at, &id, &t->err) != KC_OK)
		fail_msg("add patient %s: %s", chart_no, t->err.msg);
	return id;
}

kc_id tdb_session(struct kc_tdb *t, kc_id patient, enum kc_route route, time_t at)
{
	kc_id id = 0;

	if (kc_session_create(t->st, patient, route, "depression", at, &id, &t->err) != KC_OK)
		fail_msg("create session for patient %lld: %s", patient, t->err.msg);
	return id;
}

void tdb_screen_clear(struct kc_tdb *t, kc_id session, enum kc_route route, time_t meal, time_t at)
{
	static const struct {
		const char *item, *value, *note;
	} rest[] = {
		{ "cssrs.1", "no", "" },       { "cssrs.2", "no", "" },         { "cssrs.6", "no", "" },
		{ "escort_name", "Pat Escort", "" }, { "escort_phone", "555-0100", "" }, { "consent", "yes", "" },
		{ "med_changes", "reviewed", "none" },
	};
	size_t n;
	const struct kc_check_item *items = kc_check_items(&n);
	char item[32];

	for (size_t i = 0; i < n; i++)
		if (items[i].routes & (1u << route))
			tdb_answer(t, session, items[i].key, "no", "", at);
	for (int i = 1; i <= 9; i++) {
		snprintf(item, sizeof item, "phq9.%d", i);
		tdb_answer(t, session, item, "0", "", at);
	}
	for (int i = 1; i <= 7; i++) {
		snprintf(item, sizeof item, "gad7.%d", i);
		tdb_answer(t, session, item, "0", "", at);
	}
	snprintf(item, sizeof item, "%lld", (long long)meal);
	tdb_answer(t, session, "last_solids", item, "", at);
	tdb_answer(t, session, "last_liquids", item, "", at);
	for (size_t i = 0; i < sizeof rest / sizeof rest[0]; i++)
		tdb_answer(t, session, rest[i].item, rest[i].value, rest[i].note, at);
}

void tdb_answer(struct kc_tdb *t, kc_id session, const char *item, const char *value, const char *note, time_t at)
{
	if (kc_screen_set(t->st, session, item, value, note, at, &t->err) != KC_OK)
		fail_msg("screen_set %s: %s", item, t->err.msg);
}

void tdb_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

void tdb_behind(sqlite3 *db, const char *const *triggers, const char *sql)
{
	char saved[12][2048];
	size_t n = 0;

	for (; triggers[n]; n++) {
		char q[160];
		sqlite3_stmt *s = NULL;

		assert_true(n < 12);
		snprintf(q, sizeof q, "SELECT sql FROM sqlite_schema WHERE name = '%s'", triggers[n]);
		assert_int_equal(sqlite3_prepare_v2(db, q, -1, &s, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		kc_strlcpy(saved[n], (const char *)sqlite3_column_text(s, 0), sizeof saved[n]);
		sqlite3_finalize(s);
		snprintf(q, sizeof q, "DROP TRIGGER %s", triggers[n]);
		tdb_exec(db, q);
	}
	tdb_exec(db, sql);
	for (size_t i = 0; i < n; i++)
		tdb_exec(db, saved[i]);
}

static void chain_prev(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	sqlite3_stmt *s = NULL;

	(void)argc;
	if (sqlite3_prepare_v2(sqlite3_context_db_handle(ctx), "SELECT coalesce((SELECT hash FROM"
			       " audit WHERE id < ?1 ORDER BY id DESC LIMIT 1), '0000000000000000"
			       "000000000000000000000000000000000000000000000000')", -1, &s, NULL) != SQLITE_OK) {
		sqlite3_result_error(ctx, "kc_chain_prev: cannot prepare", -1);
		return;
	}
	sqlite3_bind_value(s, 1, argv[0]);
	if (sqlite3_step(s) == SQLITE_ROW)
		sqlite3_result_value(ctx, sqlite3_column_value(s, 0));
	else
		sqlite3_result_error(ctx, "kc_chain_prev: cannot read the audit", -1);
	sqlite3_finalize(s);
}

void tdb_chain_functions(sqlite3 *db, void (*link)(sqlite3_context *, int, sqlite3_value **),
			 void *user)
{
	assert_int_equal(sqlite3_create_function(db, "kc_chain_link", -1, SQLITE_UTF8, user, link,
						 NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_create_function(db, "kc_chain_prev", 1, SQLITE_UTF8, NULL,
						 chain_prev, NULL, NULL), SQLITE_OK);
}

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

void tdb_destroy(struct kc_tdb *t)
{
	kc_store_close(t->st);
	t->st = NULL;
	/* Depth first, not following links: a test's symlink must not lead outside. */
	if (t->dir[0])
		nftw(t->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int tdb_teardown(void **state)
{
	struct kc_tdb *t = *state; /* the first member of the struct fx: the same address */

	tdb_destroy(t);
	free(*state);
	*state = NULL;
	return 0;
}

const struct kc_config *ref_config(void)
{
	static struct kc_config c;
	static int made;

	if (!made) {
		kc_config_defaults(&c);
		made = 1;
	}
	return &c;
}
