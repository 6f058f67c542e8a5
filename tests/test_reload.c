/* test_reload.c — the screens' reload policy (src/ui/reload.c, issue 10): a screen on top
 * reloads after another program writes, a hidden one never does (until it is on top
 * again), nothing changed means no reload, and its own writes count. The other program
 * is a forked child with its own connection, as another clinician's ketchart would be. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"
#include "../src/ui/ui_reload.h"

#define T0 1767258000 /* 2026-01-01 09:00 UTC */

struct fx {
	struct kc_tdb db;
	int n;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "reload", "nurse1");
	*state = f;
	return 0;
}

/* Another program adds a patient through its own connection. */
static void other_writes(struct fx *f)
{
	char chart[32];
	pid_t pid;
	int status = 0;

	snprintf(chart, sizeof chart, "OTHER%d", ++f->n);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct kc_store *st = NULL;
		struct kc_patient p = { 0 };
		struct kc_err err;
		kc_id id;

		kc_strlcpy(p.chart_no, chart, sizeof p.chart_no);
		kc_strlcpy(p.name, "Other Writer", sizeof p.name);
		kc_strlcpy(p.dob, "1970-01-01", sizeof p.dob);
		_exit(kc_store_open(&st, f->db.path, 0, "nurse1", &err) != KC_OK ||
		      kc_patient_add(st, &p, T0, &id, &err) != KC_OK);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void first_tick_loads_then_nothing_changed(void **state)
{
	struct fx *f = *state;
	struct ui_fresh fr = { 0 };

	assert_int_equal(ui_reload_due(f->db.st, 0, &fr), 1);
	for (int i = 0; i < 5; i++)
		assert_int_equal(ui_reload_due(f->db.st, 0, &fr), 0);
	assert_int_equal(fr.loads, 1);
}

static void visible_reloads_after_another_program_writes(void **state)
{
	struct fx *f = *state;
	struct ui_fresh fr = { 0 };

	ui_reload_mark(f->db.st, &fr);
	assert_int_equal(ui_reload_due(f->db.st, 0, &fr), 0);
	other_writes(f);
	assert_int_equal(ui_reload_due(f->db.st, 0, &fr), 1);
	assert_int_equal(ui_reload_due(f->db.st, 0, &fr), 0);
	assert_int_equal(fr.loads, 1);
}

static void hidden_never_reloads_until_on_top(void **state)
{
	struct fx *f = *state;
	struct ui_fresh fr = { 0 };

	ui_reload_mark(f->db.st, &fr);
	other_writes(f);
	for (int i = 0; i < 120; i++) /* two minutes of ticks beneath another screen */
		assert_int_equal(ui_reload_due(f->db.st, 1, &fr), 0);
	other_writes(f);
	assert_int_equal(ui_reload_due(f->db.st, 1, &fr), 0);
	assert_int_equal(fr.loads, 0);
	/* on top again: one load for all that happened meanwhile */
	assert_int_equal(ui_reload_due(f->db.st, 0, &fr), 1);
	assert_int_equal(ui_reload_due(f->db.st, 0, &fr), 0);
}

static void own_write_counts(void **state)
{
	struct fx *f = *state;
	struct ui_fresh fr = { 0 };

	ui_reload_mark(f->db.st, &fr);
	tdb_patient(&f->db, "OWN1", "Own Writer", "1980-02-02", T0);
	assert_int_equal(ui_reload_due(f->db.st, 0, &fr), 1);
	assert_int_equal(ui_reload_due(f->db.st, 0, &fr), 0);
}

/* The load after the mark saw what was written before it; a write during the load (after
 * the mark) means one load more. */
static void the_mark_comes_before_the_load(void **state)
{
	struct fx *f = *state;
	struct ui_fresh fr = { 0 };
	long before = ui_reload_loads();

	other_writes(f);
	ui_reload_mark(f->db.st, &fr);
	assert_int_equal(ui_reload_due(f->db.st, 0, &fr), 0);
	ui_reload_mark(f->db.st, &fr);
	other_writes(f); /* while that load reads */
	assert_int_equal(ui_reload_due(f->db.st, 0, &fr), 1);
	assert_int_equal(ui_reload_due(f->db.st, 0, &fr), 0);
	assert_int_equal(ui_reload_loads() - before, 2); /* the marks: a screen's load marks itself */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(first_tick_loads_then_nothing_changed),
		cmocka_unit_test(visible_reloads_after_another_program_writes),
		cmocka_unit_test(hidden_never_reloads_until_on_top),
		cmocka_unit_test(own_write_counts),
		cmocka_unit_test(the_mark_comes_before_the_load),
	};

	return cmocka_run_group_tests(tests, setup, tdb_teardown);
}
