/* fixture.h — what the unit tests share: the reference configuration the clinical rules are
 * tested against, two assertions, and the temporary on-disk database: a private folder
 * under /tmp, one database file in it, the default configuration, and the store that
 * opened it; tdb_destroy removes the folder with everything the test left in it.
 * Every call asserts (cmocka), so a set-up that cannot be made fails the test. */
#ifndef KC_TEST_FIXTURE_H
#define KC_TEST_FIXTURE_H

#include <limits.h>
#include <time.h>

#include "kc_config.h"
#include "kc_store.h"

#include <sqlite3.h>

/* The configuration defaults, which test_config pins to clinical-reference.md. */
const struct kc_config *ref_config(void);

/* An output a failed call must leave alone. */
#define SENTINEL (-777)

/* rc is KC_ERR_INVALID and err's message holds gist (the part a clinician acts on). */
#define assert_refused(rc, err, gist)                                                      \
	do {                                                                                \
		assert_int_equal((rc), KC_ERR_INVALID);                                     \
		if (!strstr((err).msg, (gist)))                                             \
			fail_msg("message \"%s\" lacks \"%s\"", (err).msg, (gist));         \
	} while (0)

/* x equals expected to a billionth (a value in tenths, mg or mL). */
#define assert_tenths(x, expected)                                                         \
	do {                                                                                \
		double got_ = (x);                                                          \
		if (fabs(got_ - (expected)) > 1e-9)                                         \
			fail_msg("%s is %.10g, expected %.10g", #x, got_, (double)(expected)); \
	} while (0)

struct kc_tdb {
	char dir[64];
	char path[PATH_MAX];
	struct kc_store *st;
	struct kc_config cfg;
	struct kc_err err;
};

/* mkdtemp /tmp/kc_TAG_XXXXXX, path = that folder/FILE (FILE may name folders not yet
 * made), the default configuration, no store open. */
void tdb_folder(struct kc_tdb *t, const char *tag, const char *file);
/* Open (KC_OPEN_CREATE) t->path into t->st as clinician login ACTOR. */
void tdb_open(struct kc_tdb *t, const char *actor);
/* tdb_folder with the file t.db, then tdb_open as ACTOR. */
void tdb_create(struct kc_tdb *t, const char *tag, const char *actor);
/* A patient added through t->st at AT; its id. */
kc_id tdb_patient(struct kc_tdb *t, const char *chart_no, const char *name, const char *dob, time_t at);
/* A session (indication "depression") for PATIENT created through t->st at AT; its id. */
kc_id tdb_session(struct kc_tdb *t, kc_id patient, enum kc_route route, time_t at);
/* One screening answer written through t->st (kc_screen_set), failing the test if refused. */
void tdb_answer(struct kc_tdb *t, kc_id session, const char *item, const char *value, const char *note, time_t at);
/* A screening with nothing to stop the session: every contraindication of ROUTE "no",
 * PHQ-9 and GAD-7 all 0, the C-SSRS screen negative, last solids and liquids at MEAL, an
 * escort, consent, medication changes reviewed; every answer at AT. A test that needs one
 * answer otherwise writes it afterwards (the latest answer counts). */
void tdb_screen_clear(struct kc_tdb *t, kc_id session, enum kc_route route, time_t meal, time_t at);
/* sql run on a raw connection (a forger's tool), failing the test if SQLite refuses it. */
void tdb_exec(sqlite3 *db, const char *sql);
/* sql run with the named triggers (a NULL-ended list, at most 12) dropped, then put back
 * word for word: what a user who can write the file can do. */
void tdb_behind(sqlite3 *db, const char *const *triggers, const char *sql);
/* On a test's own connection, the two functions audit_chain calls (migration 22), as
 * someone with the file and the chain's algorithm would write them: kc_chain_link is
 * LINK (with USER as its user data), kc_chain_prev looks the previous row's hash up in
 * SQL, zeros if there is none or it has none. */
void tdb_chain_functions(sqlite3 *db, void (*link)(sqlite3_context *, int, sqlite3_value **),
			 void *user);
/* Close t->st and remove the folder with all it holds (database, -wal, -shm, whatever
 * else the test wrote). */
void tdb_destroy(struct kc_tdb *t);
/* A cmocka teardown for a calloc'd struct fx whose first member is a struct kc_tdb:
 * tdb_destroy, then free the struct fx. A test with more to release does so first. */
int tdb_teardown(void **state);

#endif
