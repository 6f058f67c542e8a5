/* test_cli.c — the command-line parser: scripts depend on it, so every rule is pinned. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../src/cli.h"

#define ARGV(...) ((char *[]){ "ketchart", __VA_ARGS__, NULL })

static int parse(char **argv, struct kc_cli *cli, struct kc_err *err)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	return kc_cli_parse(argc, argv, cli, err);
}

static void no_command_opens_the_screens(void **state)
{
	struct kc_cli cli;
	struct kc_err err;
	char *argv[] = { "ketchart", NULL };

	(void)state;
	assert_int_equal(parse(argv, &cli, &err), KC_OK);
	assert_null(cli.cmd);
	assert_null(cli.db);
}

static void global_options_stand_anywhere(void **state)
{
	struct kc_cli cli;
	struct kc_err err;

	(void)state;
	assert_int_equal(parse(ARGV("report", "12", "--db", "x.db", "--config=c.ini"), &cli, &err), KC_OK);
	assert_string_equal(cli.cmd, "report");
	assert_int_equal(cli.nargs, 1);
	assert_string_equal(cli.args[0], "12");
	assert_string_equal(cli.db, "x.db");
	assert_string_equal(cli.config, "c.ini");
}

static void unknown_option_is_refused_by_name(void **state)
{
	struct kc_cli cli;
	struct kc_err err;

	(void)state;
	assert_int_equal(parse(ARGV("--frobnicate"), &cli, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "--frobnicate"));
}

static void option_without_value_is_refused(void **state)
{
	struct kc_cli cli;
	struct kc_err err;

	(void)state;
	assert_int_equal(parse(ARGV("init", "--db"), &cli, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "--db needs a value"));
	assert_int_equal(parse(ARGV("init", "--db="), &cli, &err), KC_ERR_INVALID);
}

static void unknown_command_is_refused(void **state)
{
	struct kc_cli cli;
	struct kc_err err;

	(void)state;
	assert_int_equal(parse(ARGV("frob"), &cli, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "unknown command 'frob'"));
}

static void argument_counts_are_checked(void **state)
{
	struct kc_cli cli;
	struct kc_err err;

	(void)state;
	assert_int_equal(parse(ARGV("report"), &cli, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "SESSION"));
	assert_int_equal(parse(ARGV("init", "extra"), &cli, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "no arguments"));
	assert_int_equal(parse(ARGV("check-config"), &cli, &err), KC_OK);
	assert_int_equal(parse(ARGV("check-config", "a.ini"), &cli, &err), KC_OK);
	assert_int_equal(parse(ARGV("check-config", "a.ini", "b.ini"), &cli, &err), KC_ERR_INVALID);
}

static void export_needs_a_known_format(void **state)
{
	struct kc_cli cli;
	struct kc_err err;

	(void)state;
	assert_int_equal(parse(ARGV("export"), &cli, &err), KC_ERR_INVALID);
	assert_int_equal(parse(ARGV("export", "--format", "xml"), &cli, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "xml"));
	assert_int_equal(parse(ARGV("export", "--format", "csv", "--since", "2026-11-01"), &cli, &err), KC_OK);
	assert_string_equal(cli.format, "csv");
	assert_string_equal(cli.since, "2026-11-01");
	assert_int_equal(parse(ARGV("export", "--format=fhir"), &cli, &err), KC_OK);
}

static void export_options_belong_to_export(void **state)
{
	struct kc_cli cli;
	struct kc_err err;

	(void)state;
	assert_int_equal(parse(ARGV("report", "1", "--format", "csv"), &cli, &err), KC_ERR_INVALID);
	assert_int_equal(parse(ARGV("--since", "2026-01-01"), &cli, &err), KC_ERR_INVALID);
}

static void help_and_version_win_over_errors(void **state)
{
	struct kc_cli cli;
	struct kc_err err;

	(void)state;
	assert_int_equal(parse(ARGV("report", "--help"), &cli, &err), KC_OK);
	assert_true(cli.help);
	assert_int_equal(parse(ARGV("--version"), &cli, &err), KC_OK);
	assert_true(cli.version);
}

static void double_dash_ends_options(void **state)
{
	struct kc_cli cli;
	struct kc_err err;

	(void)state;
	assert_int_equal(parse(ARGV("check-config", "--", "--odd-name.ini"), &cli, &err), KC_OK);
	assert_string_equal(cli.args[0], "--odd-name.ini");
}

static void verify_takes_only_head_which_belongs_to_verify(void **state)
{
	struct kc_cli cli;
	struct kc_err err;

	(void)state;
	assert_int_equal(parse(ARGV("verify"), &cli, &err), KC_OK);
	assert_string_equal(cli.cmd, "verify");
	assert_int_equal(cli.nargs, 0);
	assert_int_equal(parse(ARGV("--head=abc", "verify"), &cli, &err), KC_OK);
	assert_int_equal(cli.nargs, 0);
	assert_string_equal(cli.head, "abc");
	assert_int_equal(parse(ARGV("verify", "--head"), &cli, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "--head needs a value"));
	assert_int_equal(parse(ARGV("verify", "abc"), &cli, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "'verify' takes no arguments besides --head HASH"));
	/* a typed "--head" after "--" is an argument, not the option */
	assert_int_equal(parse(ARGV("verify", "--", "--head", "abc"), &cli, &err), KC_ERR_INVALID);
	assert_int_equal(parse(ARGV("verify", "--head", "a", "--head", "b"), &cli, &err),
			 KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "more than once"));
	assert_int_equal(parse(ARGV("report", "1", "--head", "abc"), &cli, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "--head goes with 'verify'"));
	assert_int_equal(parse(ARGV("--head", "abc"), &cli, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "--head goes with 'verify'"));
}

static void an_option_given_twice_is_refused(void **state)
{
	struct kc_cli cli;
	struct kc_err err;

	(void)state;
	assert_int_equal(parse(ARGV("init", "--db", "a.db", "--db=b.db"), &cli, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "--db is given more than once"));
}

static void backup_takes_one_file(void **state)
{
	struct kc_cli cli;
	struct kc_err err;

	(void)state;
	assert_int_equal(parse(ARGV("backup", "copy.db"), &cli, &err), KC_OK);
	assert_string_equal(cli.cmd, "backup");
	assert_string_equal(cli.args[0], "copy.db");
	assert_int_equal(parse(ARGV("backup"), &cli, &err), KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "'backup' takes FILE"));
	assert_int_equal(parse(ARGV("backup", "a.db", "b.db"), &cli, &err), KC_ERR_INVALID);
}

static void user_add_takes_a_login_and_its_own_options(void **state)
{
	struct kc_cli cli;
	struct kc_err err;

	(void)state;
	assert_int_equal(parse(ARGV("user", "add", "bob", "--name", "Bob Byrne", "--role=physician"), &cli, &err),
			 KC_OK);
	assert_string_equal(cli.cmd, "user");
	assert_int_equal(cli.nargs, 2);
	assert_string_equal(cli.args[0], "add");
	assert_string_equal(cli.args[1], "bob");
	assert_string_equal(cli.name, "Bob Byrne");
	assert_string_equal(cli.role, "physician");
	assert_int_equal(parse(ARGV("user", "add", "bob"), &cli, &err), KC_OK);
	assert_null(cli.name);
	assert_null(cli.role); /* the default (nurse) is the command's to choose */
	assert_int_equal(parse(ARGV("user", "add", "bob", "--role", "surgeon"), &cli, &err), KC_ERR_INVALID);
	assert_string_equal(err.msg, "unknown role 'surgeon' (nurse, physician or admin)");
	assert_int_equal(parse(ARGV("user", "add", "bob", "--role", "admin", "--role", "nurse"), &cli, &err),
			 KC_ERR_INVALID);
	assert_non_null(strstr(err.msg, "--role is given more than once"));
	assert_int_equal(parse(ARGV("user", "add"), &cli, &err), KC_ERR_INVALID);
	assert_string_equal(err.msg, "'user add' takes one LOGIN");
	assert_int_equal(parse(ARGV("user", "add", "a", "b"), &cli, &err), KC_ERR_INVALID);
}

static void user_list_and_disable_take_what_they_need(void **state)
{
	struct kc_cli cli;
	struct kc_err err;

	(void)state;
	assert_int_equal(parse(ARGV("user", "list"), &cli, &err), KC_OK);
	assert_int_equal(parse(ARGV("user", "list", "bob"), &cli, &err), KC_ERR_INVALID);
	assert_string_equal(err.msg, "'user list' takes no arguments");
	assert_int_equal(parse(ARGV("user", "disable", "bob"), &cli, &err), KC_OK);
	assert_int_equal(parse(ARGV("user", "disable"), &cli, &err), KC_ERR_INVALID);
	assert_int_equal(parse(ARGV("user"), &cli, &err), KC_ERR_INVALID);
	assert_string_equal(err.msg, "'user' takes add LOGIN, list or disable LOGIN");
	assert_int_equal(parse(ARGV("user", "remove", "bob"), &cli, &err), KC_ERR_INVALID);
	assert_string_equal(err.msg, "unknown user command 'remove' (add, list or disable)");
}

static void name_and_role_belong_to_user_add(void **state)
{
	struct kc_cli cli;
	struct kc_err err;

	(void)state;
	assert_int_equal(parse(ARGV("user", "list", "--role", "nurse"), &cli, &err), KC_ERR_INVALID);
	assert_string_equal(err.msg, "--name and --role go with 'user add'");
	assert_int_equal(parse(ARGV("user", "disable", "bob", "--name", "B"), &cli, &err), KC_ERR_INVALID);
	assert_int_equal(parse(ARGV("report", "1", "--name", "B"), &cli, &err), KC_ERR_INVALID);
	assert_string_equal(err.msg, "--name and --role go with 'user add'");
	assert_int_equal(parse(ARGV("--role", "admin"), &cli, &err), KC_ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_command_opens_the_screens),
		cmocka_unit_test(global_options_stand_anywhere),
		cmocka_unit_test(unknown_option_is_refused_by_name),
		cmocka_unit_test(option_without_value_is_refused),
		cmocka_unit_test(unknown_command_is_refused),
		cmocka_unit_test(argument_counts_are_checked),
		cmocka_unit_test(export_needs_a_known_format),
		cmocka_unit_test(export_options_belong_to_export),
		cmocka_unit_test(help_and_version_win_over_errors),
		cmocka_unit_test(double_dash_ends_options),
		cmocka_unit_test(verify_takes_only_head_which_belongs_to_verify),
		cmocka_unit_test(an_option_given_twice_is_refused),
		cmocka_unit_test(backup_takes_one_file),
		cmocka_unit_test(user_add_takes_a_login_and_its_own_options),
		cmocka_unit_test(user_list_and_disable_take_what_they_need),
		cmocka_unit_test(name_and_role_belong_to_user_add),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
