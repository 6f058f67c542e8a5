/* test_shared.c — issue 9's pure parts: the training mark in the store, the file checks
 * the store makes before SQLite opens anything, a clinician's own configuration file
 * (display keys only), and the command line of init --training and setup --shared. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../src/cli.h"
#include "fixture.h"
#include "kc_config.h"
#include "kc_store.h"

#define ACTOR "tester"
#define NOW ((time_t)1795000000)

struct fx {
	struct kc_tdb db;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_folder(&f->db, "shared", "t.db");
	*state = f;
	return 0;
}

static void reopen(struct fx *f, int flags, int want)
{
	kc_store_close(f->db.st);
	f->db.st = NULL;
	assert_int_equal(kc_store_open(&f->db.st, f->db.path, flags, ACTOR, &f->db.err), want);
}

/* ---------- the training mark ---------- */

static void a_new_database_is_real_unless_asked(void **state)
{
	struct fx *f = *state;

	tdb_open(&f->db, ACTOR);
	assert_false(kc_store_training(f->db.st));
	reopen(f, KC_OPEN_EXISTING | KC_OPEN_TRAINING, KC_OK); /* no patient yet: it may become one */
	assert_true(kc_store_training(f->db.st));
	reopen(f, KC_OPEN_EXISTING, KC_OK); /* and stays one */
	assert_true(kc_store_training(f->db.st));
}

static void a_database_with_patients_never_becomes_training(void **state)
{
	struct fx *f = *state;

	tdb_open(&f->db, ACTOR);
	tdb_patient(&f->db, "KC-1", "Ada Real", "1980-01-01", NOW);
	reopen(f, KC_OPEN_EXISTING | KC_OPEN_TRAINING, KC_ERR_INVALID);
	assert_null(f->db.st);
	assert_non_null(strstr(f->db.err.msg, "already holds patients: a training database is always made new"));
	reopen(f, KC_OPEN_EXISTING, KC_OK);
	assert_false(kc_store_training(f->db.st));
}

static void a_training_database_with_patients_stays_training(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc_store_open(&f->db.st, f->db.path, KC_OPEN_CREATE | KC_OPEN_TRAINING, ACTOR,
				       &f->db.err), KC_OK);
	tdb_patient(&f->db, "KC-1", "Ada Demo", "1980-01-01", NOW);
	reopen(f, KC_OPEN_EXISTING | KC_OPEN_TRAINING, KC_OK); /* demo again: already one */
	assert_true(kc_store_training(f->db.st));
}

/* ---------- the file checks ---------- */

static void a_database_others_can_read_is_refused_with_the_chmod(void **state)
{
	struct fx *f = *state;
	char want[PATH_MAX + 64];

	tdb_open(&f->db, ACTOR);
	kc_store_close(f->db.st);
	f->db.st = NULL;
	assert_int_equal(chmod(f->db.path, 0604), 0);
	reopen(f, KC_OPEN_EXISTING, KC_ERR_DENIED);
	snprintf(want, sizeof want, "run 'chmod o-rwx %s'", f->db.path);
	assert_non_null(strstr(f->db.err.msg, want));
}

static void side_files_more_open_than_the_database_are_refused(void **state)
{
	struct fx *f = *state;
	char wal[PATH_MAX + 8];
	FILE *fp;

	tdb_open(&f->db, ACTOR);
	kc_store_close(f->db.st);
	f->db.st = NULL;
	snprintf(wal, sizeof wal, "%s-shm", f->db.path);
	fp = fopen(wal, "w");
	assert_non_null(fp);
	fclose(fp);
	assert_int_equal(chmod(wal, 0640), 0);
	reopen(f, KC_OPEN_EXISTING, KC_ERR_DENIED);
	assert_non_null(strstr(f->db.err.msg, "has mode 0640, more open than the database's 0600"));
	assert_int_equal(chmod(wal, 0600), 0);
	reopen(f, KC_OPEN_EXISTING, KC_OK);
}

static void a_link_is_checked_where_it_leads(void **state)
{
	struct fx *f = *state;
	char open_dir[PATH_MAX], target[PATH_MAX + 8], link[PATH_MAX + 8];

	snprintf(open_dir, sizeof open_dir, "%s/open", f->db.dir);
	assert_int_equal(mkdir(open_dir, 0700), 0);
	snprintf(target, sizeof target, "%s/t.db", open_dir);
	snprintf(link, sizeof link, "%s/link.db", f->db.dir);
	kc_strlcpy(f->db.path, target, sizeof f->db.path);
	tdb_open(&f->db, ACTOR);
	kc_store_close(f->db.st);
	f->db.st = NULL;
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(chmod(open_dir, 0777), 0);
	assert_int_equal(kc_store_open(&f->db.st, link, KC_OPEN_EXISTING, ACTOR, &f->db.err), KC_ERR_DENIED);
	assert_non_null(strstr(f->db.err.msg, open_dir));
	assert_int_equal(chmod(open_dir, 0700), 0);
	assert_int_equal(kc_store_open(&f->db.st, link, KC_OPEN_EXISTING, ACTOR, &f->db.err), KC_OK);
}

/* ---------- a clinician's own configuration in shared mode ---------- */

static int load_display(struct fx *f, const char *text, struct kc_config *cfg, struct kc_diag *d)
{
	char path[PATH_MAX + 16];
	FILE *fp;

	snprintf(path, sizeof path, "%s/own.ini", f->db.dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	kc_config_defaults(cfg);
	cfg->alerts.systolic_warn = 150; /* as if the clinic's file said so */
	return kc_config_load_display(path, cfg, d);
}

static void own_file_sets_display_keys_only(void **state)
{
	struct fx *f = *state;
	struct kc_diag *d = calloc(1, sizeof *d);
	struct kc_config cfg;

	assert_non_null(d);
	assert_int_equal(load_display(f, "[general]\noverdue_bell = no\n", &cfg, d), KC_OK);
	assert_false(cfg.general.overdue_bell);
	assert_int_equal(cfg.alerts.systolic_warn, 150); /* the clinic's value stands */
	assert_int_equal(load_display(f, "[alerts]\nsystolic_warn = 200\n[general]\nclinic_name = Mine\n",
				      &cfg, d), KC_ERR_CONFIG);
	assert_int_equal(d->n, 2);
	assert_non_null(strstr(d->msg[0], "[alerts] systolic_warn: the clinic's setting, in its "
			       "configuration only"));
	assert_non_null(strstr(d->msg[1], "[general] clinic_name: the clinic's setting"));
	assert_int_equal(cfg.alerts.systolic_warn, 150);
	assert_string_equal(cfg.general.clinic_name, "");
	free(d);
}

/* ---------- the command line ---------- */

#define ARGV(...) ((char *[]){ "ketchart", __VA_ARGS__, NULL })

static int parse(char **argv, struct kc_cli *cli, struct kc_err *err)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	return kc_cli_parse(argc, argv, cli, err);
}

static void training_goes_with_init_and_shared_with_setup(void **state)
{
	struct kc_cli cli;
	struct kc_err err;

	(void)state;
	assert_int_equal(parse(ARGV("init", "--training"), &cli, &err), KC_OK);
	assert_true(cli.training);
	assert_int_equal(parse(ARGV("report", "1", "--training"), &cli, &err), KC_ERR_INVALID);
	assert_string_equal(err.msg, "--training goes with 'init'");
	assert_int_equal(parse(ARGV("setup", "--shared", "alice"), &cli, &err), KC_OK);
	assert_true(cli.shared);
	assert_string_equal(cli.args[0], "alice");
	assert_int_equal(parse(ARGV("setup", "alice"), &cli, &err), KC_ERR_INVALID);
	assert_int_equal(parse(ARGV("setup", "--shared"), &cli, &err), KC_ERR_INVALID);
	assert_int_equal(parse(ARGV("verify", "--shared"), &cli, &err), KC_ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(t) cmocka_unit_test_setup_teardown(t, setup, tdb_teardown)
		T(a_new_database_is_real_unless_asked),
		T(a_database_with_patients_never_becomes_training),
		T(a_training_database_with_patients_stays_training),
		T(a_database_others_can_read_is_refused_with_the_chmod),
		T(side_files_more_open_than_the_database_are_refused),
		T(a_link_is_checked_where_it_leads),
		T(own_file_sets_display_keys_only),
		cmocka_unit_test(training_goes_with_init_and_shared_with_setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
