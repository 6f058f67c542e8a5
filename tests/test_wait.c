/* test_wait.c — a save waits for another clinician's (up to KC_STORE_WAIT_MS, not 5 s),
 * and while it waits the wait hook hears who holds the database, so the status line can
 * say "waiting for the database (held by ...)". The other clinician is another process
 * (a lock a process holds is invisible to itself). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pwd.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"

#define T0 ((time_t)1763726400)

struct fx {
	struct kc_tdb db;
	kc_id session;
	int calls, last_ms;
	char holder[96];
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	kc_id p;

	assert_non_null(f);
	tdb_create(&f->db, "wait", "nurse1");
	p = tdb_patient(&f->db, "C-1", "Ada Lovelace", "1980-05-17", T0);
	f->session = tdb_session(&f->db, p, KC_ROUTE_IV, T0);
	*state = f;
	return 0;
}

static void on_wait(void *ctx, const char *holder, int waited_ms)
{
	struct fx *f = ctx;

	f->calls++;
	f->last_ms = waited_ms;
	kc_strlcpy(f->holder, holder, sizeof f->holder);
}

/* A child process takes the write lock, says so through the pipe, holds it ms, commits. */
static pid_t hold_lock(const char *path, int ms)
{
	int fds[2];
	char c;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		sqlite3 *db = NULL;

		close(fds[0]);
		if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
		    sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			_exit(1);
		if (write(fds[1], "x", 1) != 1)
			_exit(1);
		usleep((useconds_t)ms * 1000);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		sqlite3_close(db);
		_exit(0);
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &c, 1), 1);
	close(fds[0]);
	return pid;
}

static long long ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int add_vitals(struct fx *f)
{
	struct kc_vitals_row r;

	memset(&r, 0, sizeof r);
	r.session_id = f->session;
	r.taken_at = T0 + 60;
	r.status = KC_VITALS_TAKEN;
	r.v = (struct kc_vitals){ 130, 80, 72, 98, 14, KC_NONE, 5 };
	return kc_vitals_add(f->db.st, &r, T0 + 60, &f->db.err);
}

/* Longer than the old 5 s timeout: the save waits it out, and is told who holds it. */
static void test_a_save_waits_past_five_seconds_and_names_the_holder(void **state)
{
	struct fx *f = *state;
	struct passwd *pw = getpwuid(getuid());
	char want[96];
	long long t;
	pid_t pid;
	int status;

	kc_store_set_wait_hook(f->db.st, on_wait, f);
	pid = hold_lock(f->db.path, 5600);
	t = ms_now();
	assert_int_equal(add_vitals(f), KC_OK);
	t = ms_now() - t;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(t >= 5000);
	assert_true(f->calls >= 4); /* about once a second */
	assert_true(f->last_ms >= 4000);
	snprintf(want, sizeof want, "%s (pid %ld)", pw ? pw->pw_name : "?", (long)pid);
	assert_string_equal(f->holder, want);
	print_message("waited %lld ms, hook called %d times, holder %s\n", t, f->calls, f->holder);
}

static void test_a_short_hold_is_not_announced(void **state)
{
	struct fx *f = *state;
	pid_t pid;
	int status;

	kc_store_set_wait_hook(f->db.st, on_wait, f);
	pid = hold_lock(f->db.path, 200);
	assert_int_equal(add_vitals(f), KC_OK);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(f->calls, 0);
}

static void test_past_its_patience_a_save_is_busy_and_says_so(void **state)
{
	struct fx *f = *state;
	pid_t pid;
	int status;
	long long n = -1;

	kc_store_set_busy_timeout(f->db.st, 300);
	pid = hold_lock(f->db.path, 1500);
	assert_int_equal(add_vitals(f), KC_ERR_BUSY);
	assert_non_null(strstr(f->db.err.msg, "the database is busy (another clinician is saving); "
				"nothing was saved — try again"));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(kc_store_count(f->db.st, "vitals", &n, &f->db.err), KC_OK);
	assert_int_equal(n, 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, tdb_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_a_save_waits_past_five_seconds_and_names_the_holder),
		T(test_a_short_hold_is_not_announced),
		T(test_past_its_patience_a_save_is_busy_and_says_so),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
