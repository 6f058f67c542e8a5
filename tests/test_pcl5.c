/* test_pcl5.c — the PCL-5 (issue 13; clinical-reference.md §2: 20 items 0-4, total 0-80,
 * probable PTSD at 31-33, [course] pcl5_probable_ptsd 33): the rules at their boundaries
 * (items 0 and 4 taken, 5 and letters refused, all 20 or none, the cut-off at 32 / 33, the
 * indications it is offered for) and through the charting layer (stored as pcl5.1-20 in one
 * act, read back as the course's total, a change needs its reason and keeps the earlier
 * answer, a signed session refuses it, verify clean). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "kc_chart.h"
#include "kc_course.h"
#include "kc_record.h"
#include "kc_verify.h"

#define T0 ((time_t)1764000000)

/* typed[i] = "v" for every item (v "" for none) */
static void all(const char *typed[KC_PCL5_ITEMS], const char *v)
{
	for (int i = 0; i < KC_PCL5_ITEMS; i++)
		typed[i] = v;
}

static void parse_boundaries(void **state)
{
	const char *t[KC_PCL5_ITEMS];
	int items[KC_PCL5_ITEMS], total = SENTINEL;
	struct kc_err err;

	(void)state;
	all(t, "0");
	assert_int_equal(kc_pcl5_parse(t, items, &total, &err), KC_OK);
	assert_int_equal(total, 0);
	all(t, "4");
	assert_int_equal(kc_pcl5_parse(t, items, &total, &err), KC_OK);
	assert_int_equal(total, 80);
	all(t, " 2 ");
	assert_int_equal(kc_pcl5_parse(t, items, &total, &err), KC_OK);
	assert_int_equal(total, 40);
	assert_int_equal(items[19], 2);
	total = SENTINEL;
	t[6] = "5";
	assert_refused(kc_pcl5_parse(t, items, &total, &err), err, "item 7: '5' is not 0-4");
	t[6] = "x";
	assert_refused(kc_pcl5_parse(t, items, &total, &err), err, "item 7: 'x' is not 0-4");
	t[6] = "12";
	assert_refused(kc_pcl5_parse(t, items, &total, &err), err, "item 7: '12' is not 0-4");
	t[6] = "-1";
	assert_refused(kc_pcl5_parse(t, items, &total, &err), err, "item 7");
	t[6] = "";
	assert_refused(kc_pcl5_parse(t, items, &total, &err), err, "item 7 not answered: the PCL-5 is all 20 items or none");
	all(t, "");
	t[19] = "1";
	assert_refused(kc_pcl5_parse(t, items, &total, &err), err, "item 1 not answered");
	all(t, " ");
	assert_int_equal(kc_pcl5_parse(t, items, &total, &err), KC_ERR_NOTFOUND);
	assert_int_equal(total, SENTINEL);
}

static void probable_at_the_cut_off(void **state)
{
	struct kc_course_cfg c = ref_config()->course;

	(void)state;
	assert_int_equal(c.pcl5_probable_ptsd, 33);
	assert_false(kc_pcl5_probable(&c, 32));
	assert_true(kc_pcl5_probable(&c, 33));
	assert_true(kc_pcl5_probable(&c, 80));
	assert_false(kc_pcl5_probable(&c, 0));
	assert_false(kc_pcl5_probable(&c, KC_NONE));
	c.pcl5_probable_ptsd = 31;
	assert_false(kc_pcl5_probable(&c, 30));
	assert_true(kc_pcl5_probable(&c, 31));
}

static void offered_for_ptsd(void **state)
{
	(void)state;
	assert_true(kc_pcl5_offered("PTSD"));
	assert_true(kc_pcl5_offered("depression with ptsd"));
	assert_true(kc_pcl5_offered("Post-traumatic stress disorder"));
	assert_true(kc_pcl5_offered("posttraumatic stress"));
	assert_false(kc_pcl5_offered("depression"));
	assert_false(kc_pcl5_offered(""));
	assert_false(kc_pcl5_offered(NULL));
	assert_string_equal(kc_pcl5_topic(1), "B intrusion");
	assert_string_equal(kc_pcl5_topic(5), "B intrusion");
	assert_string_equal(kc_pcl5_topic(6), "C avoidance");
	assert_string_equal(kc_pcl5_topic(8), "D mood and thinking");
	assert_string_equal(kc_pcl5_topic(14), "D mood and thinking");
	assert_string_equal(kc_pcl5_topic(15), "E arousal");
	assert_string_equal(kc_pcl5_topic(20), "E arousal");
	assert_string_equal(kc_pcl5_topic(21), "");
	assert_string_equal(kc_pcl5_level(4), "4 extremely");
	assert_string_equal(kc_pcl5_level(5), "");
}

/* Items 1-20 typed as 0,1,2,3,4,0,1,... : total 40. */
static void mixed(const char *t[KC_PCL5_ITEMS])
{
	static const char *const v[] = { "0", "1", "2", "3", "4" };

	for (int i = 0; i < KC_PCL5_ITEMS; i++)
		t[i] = v[i % 5];
}

static long long count_rows(struct kc_tdb *db, kc_id session, const char *prefix)
{
	struct kc_record r;
	long long n = 0;

	assert_int_equal(kc_record_load(db->st, session, &r, &db->err), KC_OK);
	for (size_t i = 0; i < r.nans; i++)
		n += strncmp(r.ans[i].item, prefix, strlen(prefix)) == 0;
	kc_record_free(&r);
	return n;
}

static void stored_through_the_chart(void **state)
{
	struct kc_tdb db;
	struct kc_course_row row;
	struct kc_verify_result vr;
	const char *t[KC_PCL5_ITEMS];
	kc_id p, s;
	int total = SENTINEL;

	(void)state;
	memset(&db, 0, sizeof db);
	tdb_create(&db, "pcl5", "tester");
	p = tdb_patient(&db, "KC-5001", "Pat Trauma", "1980-01-01", T0);
	s = tdb_session(&db, p, KC_ROUTE_IV, T0);
	mixed(t);
	t[3] = "";
	assert_refused(kc_chart_pcl5(db.st, &db.cfg, s, t, NULL, T0 + 60, &total, &db.err), db.err, "item 4 not answered");
	assert_int_equal(count_rows(&db, s, "pcl5."), 0);
	mixed(t);
	assert_int_equal(kc_chart_pcl5(db.st, &db.cfg, s, t, NULL, T0 + 60, &total, &db.err), KC_OK);
	assert_int_equal(total, 40);
	assert_int_equal(count_rows(&db, s, "pcl5."), 20);
	assert_int_equal(kc_course_row_load(db.st, s, &row, &db.err), KC_OK);
	assert_int_equal(row.pcl5, 40);
	/* the same again writes nothing */
	assert_int_equal(kc_chart_pcl5(db.st, &db.cfg, s, t, NULL, T0 + 90, &total, &db.err), KC_OK);
	/* a change needs its reason, names what was recorded, and stores nothing without it */
	t[0] = "4";
	assert_refused(kc_chart_pcl5(db.st, &db.cfg, s, t, "", T0 + 120, &total, &db.err), db.err,
		       "item 1 was recorded as 0");
	assert_refused(kc_chart_pcl5(db.st, &db.cfg, s, t, NULL, T0 + 120, &total, &db.err), db.err,
		       "needs a reason");
	assert_int_equal(kc_course_row_load(db.st, s, &row, &db.err), KC_OK);
	assert_int_equal(row.pcl5, 40);
	assert_int_equal(kc_chart_pcl5(db.st, &db.cfg, s, t, "misheard item 1", T0 + 120, &total, &db.err), KC_OK);
	assert_int_equal(total, 44);
	assert_int_equal(kc_course_row_load(db.st, s, &row, &db.err), KC_OK);
	assert_int_equal(row.pcl5, 44);
	/* nothing typed is not an entry */
	all(t, "");
	assert_int_equal(kc_chart_pcl5(db.st, &db.cfg, s, t, NULL, T0 + 150, &total, &db.err), KC_ERR_NOTFOUND);
	/* audited and verified like every answer */
	assert_int_equal(kc_verify(db.st, NULL, &vr, &db.err), KC_OK);
	assert_int_equal(vr.breaks, 0);
	assert_int_equal(vr.row_problems, 0);
	assert_int_equal(vr.act_problems, 0);
	assert_int_equal(vr.type_problems, 0);
	tdb_destroy(&db);
}

static void refused_on_an_unknown_session(void **state)
{
	struct kc_tdb db;
	const char *t[KC_PCL5_ITEMS];

	(void)state;
	memset(&db, 0, sizeof db);
	tdb_create(&db, "pcl5b", "tester");
	mixed(t);
	assert_int_not_equal(kc_chart_pcl5(db.st, &db.cfg, 999, t, NULL, T0, NULL, &db.err), KC_OK);
	tdb_destroy(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_boundaries),
		cmocka_unit_test(probable_at_the_cut_off),
		cmocka_unit_test(offered_for_ptsd),
		cmocka_unit_test(stored_through_the_chart),
		cmocka_unit_test(refused_on_an_unknown_session),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
