/* test_config_file.c — the configuration and labels files themselves: only a plain file
 * (a FIFO or /dev/zero neither hangs nor floods the program), nobody else able to change
 * it (group or world write, another owner, a folder every user can write), a key or a
 * section given twice refused naming both lines, and the file's text escaped in messages. */
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

#include "kc_config.h"
#include "kc_text.h"

struct fx {
	char dir[64], path[128];
	struct kc_config cfg;
	struct kc_diag diag;
	struct kc_labels labels;
};

static int fx_setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);

	if (!fx)
		return -1;
	strcpy(fx->dir, "/tmp/kc_cfgfile_XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	snprintf(fx->path, sizeof fx->path, "%s/config.ini", fx->dir);
	*state = fx;
	alarm(10); /* a hang on a FIFO fails the test instead of stalling the suite */
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *fx = *state;
	char cmd[256];

	alarm(0);
	snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s' 2>/dev/null; rm -rf '%s'", fx->dir, fx->dir);
	if (system(cmd) != 0)
		return -1;
	free(fx);
	return 0;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static void expect(const struct fx *fx, const char *gist)
{
	for (size_t i = 0; i < fx->diag.n; i++)
		if (strstr(fx->diag.msg[i], gist))
			return;
	for (size_t i = 0; i < fx->diag.n; i++)
		print_message("  diag %zu: %s\n", i, fx->diag.msg[i]);
	fail_msg("no diagnostic says \"%s\"", gist);
}

static void test_a_fifo_is_refused_without_waiting(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(mkfifo(fx->path, 0600), 0);
	assert_int_equal(kc_config_load(fx->path, &fx->cfg, &fx->diag), KC_ERR_CONFIG);
	expect(fx, "cannot read: it is a FIFO; a configuration is a plain file");
	assert_int_equal(kc_labels_load(fx->path, &fx->labels, &fx->diag), KC_ERR_CONFIG);
	expect(fx, "it is a FIFO; a labels file is a plain file");
}

static void test_a_device_is_refused(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(kc_config_load("/dev/zero", &fx->cfg, &fx->diag), KC_ERR_CONFIG);
	expect(fx, "/dev/zero: cannot read: it is a device");
	assert_int_equal(kc_labels_load("/dev/zero", &fx->labels, &fx->diag), KC_ERR_CONFIG);
	expect(fx, "/dev/zero: cannot read: it is a device");
	assert_int_equal(kc_config_load("/dev/null", &fx->cfg, &fx->diag), KC_ERR_CONFIG);
}

static void test_a_repeated_key_is_refused_naming_both_lines(void **state)
{
	struct fx *fx = *state;

	write_file(fx->path, "[alerts]\nsystolic_warn = 150\n# later\nSYSTOLIC_WARN = 160\n", 0600);
	assert_int_equal(kc_config_load(fx->path, &fx->cfg, &fx->diag), KC_ERR_CONFIG);
	expect(fx, "line 4: [alerts] systolic_warn is given again (first on line 2): keep one");
	assert_int_equal(fx->diag.n, 1);
}

static void test_a_repeated_section_is_refused_naming_both_lines(void **state)
{
	struct fx *fx = *state;

	write_file(fx->path, "[alerts]\nsystolic_warn = 150\n[limits]\n\n[Alerts]\nheadache_warn = 7\n", 0600);
	assert_int_equal(kc_config_load(fx->path, &fx->cfg, &fx->diag), KC_ERR_CONFIG);
	expect(fx, "line 5: [alerts] is given again (first on line 1): put its keys under one [alerts]");
}

static void test_the_same_key_in_two_sections_is_no_repeat(void **state)
{
	struct fx *fx = *state;

	write_file(fx->path, "[protocol.iv]\nfasting_liquids_h = 2\n"
		   "[protocol.esketamine]\nfasting_liquids_h = 1\n", 0600);
	assert_int_equal(kc_config_load(fx->path, &fx->cfg, &fx->diag), KC_OK);
}

static void test_a_repeated_label_is_refused(void **state)
{
	struct fx *fx = *state;

	write_file(fx->path, "[cssrs]\n1 = Wish to be dead\n1 = Something else\n", 0600);
	assert_int_equal(kc_labels_load(fx->path, &fx->labels, &fx->diag), KC_ERR_CONFIG);
	expect(fx, "line 3: [cssrs] 1 is given again (first on line 2)");
}

static void test_a_file_others_can_write_is_refused(void **state)
{
	struct fx *fx = *state;

	write_file(fx->path, "[alerts]\nsystolic_warn = 150\n", 0620);
	assert_int_equal(kc_config_load(fx->path, &fx->cfg, &fx->diag), KC_ERR_CONFIG);
	expect(fx, "the configuration can be written by its group: run 'chmod go-w");
	assert_int_equal(kc_labels_load(fx->path, &fx->labels, &fx->diag), KC_ERR_CONFIG);
	expect(fx, "the labels file can be written by its group");
	assert_int_equal(chmod(fx->path, 0602), 0);
	assert_int_equal(kc_config_load(fx->path, &fx->cfg, &fx->diag), KC_ERR_CONFIG);
	expect(fx, "can be written by every user");
	assert_int_equal(chmod(fx->path, 0644), 0);
	assert_int_equal(kc_config_load(fx->path, &fx->cfg, &fx->diag), KC_OK);
}

static void test_a_labels_file_in_an_open_folder_is_refused(void **state)
{
	struct fx *fx = *state;
	char dir[160], path[200];

	snprintf(dir, sizeof dir, "%s/open", fx->dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(chmod(dir, 0777), 0);
	snprintf(path, sizeof path, "%s/labels.ini", dir);
	write_file(path, "[cssrs]\n1 = Wish to be dead\n", 0600);
	assert_int_equal(kc_labels_load(path, &fx->labels, &fx->diag), KC_ERR_CONFIG);
	expect(fx, "the folder");
	expect(fx, "of the labels file can be written by every user: run 'chmod o-w");
	assert_int_equal(chmod(dir, 01777), 0); /* sticky, like /tmp: only the owner replaces it */
	assert_int_equal(kc_labels_load(path, &fx->labels, &fx->diag), KC_OK);
}

static void test_a_file_of_another_user_is_refused(void **state)
{
	struct fx *fx = *state;

	if (getuid() != 0) {
		skip(); /* needs root to give the file away */
		return;
	}
	write_file(fx->path, "[alerts]\nsystolic_warn = 150\n", 0644);
	assert_int_equal(chown(fx->path, 65534, (gid_t)-1), 0);
	assert_int_equal(setreuid(65534, 0), 0); /* real uid: someone else */
	assert_int_equal(kc_config_load(fx->path, &fx->cfg, &fx->diag), KC_OK); /* their own */
	assert_int_equal(setreuid(0, 0), 0);
	assert_int_equal(kc_config_load(fx->path, &fx->cfg, &fx->diag), KC_ERR_CONFIG);
	expect(fx, "the configuration belongs to another user (uid 65534)");
}

static void test_the_files_text_is_escaped_in_messages(void **state)
{
	struct fx *fx = *state;

	write_file(fx->path, "[alerts]\n\x1b]0;owned\x07\x1b[2Jbogus = 1\n", 0600);
	assert_int_equal(kc_config_load(fx->path, &fx->cfg, &fx->diag), KC_ERR_CONFIG);
	expect(fx, "\\x1b]0;owned\\x07\\x1b[2jbogus: unknown key"); /* lowercased by iniparser */
	for (size_t i = 0; i < fx->diag.n; i++)
		assert_null(strchr(fx->diag.msg[i], '\x1b'));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_a_fifo_is_refused_without_waiting),
		T(test_a_device_is_refused),
		T(test_a_repeated_key_is_refused_naming_both_lines),
		T(test_a_repeated_section_is_refused_naming_both_lines),
		T(test_the_same_key_in_two_sections_is_no_repeat),
		T(test_a_repeated_label_is_refused),
		T(test_a_file_others_can_write_is_refused),
		T(test_a_labels_file_in_an_open_folder_is_refused),
		T(test_a_file_of_another_user_is_refused),
		T(test_the_files_text_is_escaped_in_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
