/* test_labels_sets.c — the clinic's PHQ-9 and GAD-7 wording in the labels file (issue 11):
 * [phq9] items 1-9 and [gad7] items 1-7 load like the other sets, each item looked up by
 * kc_label, an item without wording falling back (to the published text the screens pass),
 * numbers out of range and empty labels named, and the sets kept apart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kc_config.h"

struct fx {
	char dir[64], path[128];
	struct kc_diag diag;
	struct kc_labels labels; /* large: the fixture is on the heap */
};

static int fx_setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);

	if (!fx)
		return -1;
	strcpy(fx->dir, "/tmp/kc_labels_XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	snprintf(fx->path, sizeof fx->path, "%s/labels.ini", fx->dir);
	*state = fx;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *fx = *state;

	unlink(fx->path);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static int load(struct fx *fx, const char *text)
{
	FILE *f = fopen(fx->path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return kc_labels_load(fx->path, &fx->labels, &fx->diag);
}

/* Whether a message names both parts. */
static int named(const struct fx *fx, const char *a, const char *b)
{
	for (size_t i = 0; i < fx->diag.n; i++)
		if (strstr(fx->diag.msg[i], a) && strstr(fx->diag.msg[i], b))
			return 1;
	return 0;
}

static void phq9_wording_is_looked_up_by_item(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(fx, "[phq9]\n1 = Wenig Interesse oder Freude\n9 = Gedanken, dass Sie lieber tot waeren\n"),
			 KC_OK);
	assert_int_equal(fx->diag.n, 0);
	assert_string_equal(kc_label(&fx->labels, KC_LABELS_PHQ9, 1, "Little interest"), "Wenig Interesse oder Freude");
	assert_string_equal(kc_label(&fx->labels, KC_LABELS_PHQ9, 9, "Thoughts"),
			    "Gedanken, dass Sie lieber tot waeren");
	/* an item without wording: the fallback the screen passes (the published text) */
	assert_string_equal(kc_label(&fx->labels, KC_LABELS_PHQ9, 2, "Feeling down"), "Feeling down");
	assert_null(kc_label(&fx->labels, KC_LABELS_PHQ9, 5, NULL));
	/* out of the set's range: the fallback, never another set's text */
	assert_string_equal(kc_label(&fx->labels, KC_LABELS_PHQ9, 10, "none"), "none");
	assert_string_equal(kc_label(&fx->labels, KC_LABELS_PHQ9, 0, "none"), "none");
}

static void gad7_wording_is_looked_up_by_item(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(fx, "[gad7]\n1 = Nervositaet\n7 = Angst, dass etwas Schlimmes passiert\n"), KC_OK);
	assert_string_equal(kc_label(&fx->labels, KC_LABELS_GAD7, 1, "x"), "Nervositaet");
	assert_string_equal(kc_label(&fx->labels, KC_LABELS_GAD7, 7, "x"), "Angst, dass etwas Schlimmes passiert");
	assert_string_equal(kc_label(&fx->labels, KC_LABELS_GAD7, 4, "Trouble relaxing"), "Trouble relaxing");
	assert_string_equal(kc_label(&fx->labels, KC_LABELS_GAD7, 8, "none"), "none");
}

static void the_sets_are_kept_apart(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(fx, "[phq9]\n1 = P one\n[gad7]\n1 = G one\n[cssrs]\n1 = C one\n[cadss]\n1 = D one\n"
				  "[pcl5]\n1 = L one\n"),
			 KC_OK);
	assert_string_equal(kc_label(&fx->labels, KC_LABELS_PHQ9, 1, NULL), "P one");
	assert_string_equal(kc_label(&fx->labels, KC_LABELS_GAD7, 1, NULL), "G one");
	assert_string_equal(kc_label(&fx->labels, KC_LABELS_CSSRS, 1, NULL), "C one");
	assert_string_equal(kc_label(&fx->labels, KC_LABELS_CADSS, 1, NULL), "D one");
	assert_string_equal(kc_label(&fx->labels, KC_LABELS_PCL5, 1, NULL), "L one");
	assert_null(kc_label(&fx->labels, KC_LABELS_GAD7, 2, NULL));
}

static void phq9_gad7_problems_are_all_named(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(fx, "[phq9]\n10 = beyond\n0 = below\n[gad7]\n8 = beyond\n3 =\n"), KC_ERR_CONFIG);
	assert_true(named(fx, "[phq9] 10:", "1 to 9"));
	assert_true(named(fx, "[phq9] 0:", "1 to 9"));
	assert_true(named(fx, "[gad7] 8:", "1 to 7"));
	assert_true(named(fx, "[gad7] 3:", "empty label"));
	assert_int_equal(fx->diag.n, 4);
}

static void an_unknown_section_names_the_known_ones(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load(fx, "[phq-9]\n1 = a dash is not the section's name\n"), KC_ERR_CONFIG);
	assert_true(named(fx, "[phq-9]:", "unknown section (cssrs, cadss, pcl5, phq9 or gad7)"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(phq9_wording_is_looked_up_by_item, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(gad7_wording_is_looked_up_by_item, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(the_sets_are_kept_apart, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(phq9_gad7_problems_are_all_named, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(an_unknown_section_names_the_known_ones, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
