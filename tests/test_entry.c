/* test_entry.c — the rules that save keys without charting anything not typed or accepted
 * (kc_entry.h): the one-line vitals round and its messages, the values a round may carry,
 * the interventions offered per kind of side effect from the config, the indications. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "kc_chart.h"
#include "kc_entry.h"

/* ---------- one line ---------- */

static void a_whole_line_gives_five_parts(void **state)
{
	struct kc_vitals_line l;
	struct kc_err err;

	(void)state;
	assert_int_equal(kc_vitals_line_split("142/91 88 97 14 5", &l, &err), KC_OK);
	assert_string_equal(l.bp, "142/91");
	assert_string_equal(l.heart_rate, "88");
	assert_string_equal(l.spo2, "97");
	assert_string_equal(l.resp_rate, "14");
	assert_string_equal(l.moaas, "5");
	assert_int_equal(l.parts, 5);
	assert_int_equal(kc_vitals_line_split("  130/80\t 72  98%  ", &l, &err), KC_OK);
	assert_string_equal(l.spo2, "98%");
	assert_int_equal(l.parts, 3);
}

static void a_short_line_leaves_the_rest_blank(void **state)
{
	struct kc_vitals_line l;
	struct kc_vitals_text t;
	struct kc_err err;

	(void)state;
	assert_int_equal(kc_vitals_line_split("142/91 88", &l, &err), KC_OK);
	assert_string_equal(l.spo2, "");
	assert_string_equal(l.resp_rate, "");
	assert_string_equal(l.moaas, "");
	kc_vitals_line_text(&l, &t);
	assert_string_equal(t.bp, "142/91");
	assert_string_equal(t.temp, "");
	/* "-" says a part was not taken */
	assert_int_equal(kc_vitals_line_split("- 88 97", &l, &err), KC_OK);
	assert_string_equal(l.bp, "");
	assert_string_equal(l.heart_rate, "88");
}

static void bad_lines_say_what_is_wrong_and_what_a_line_is(void **state)
{
	struct kc_vitals_line l;
	struct kc_err err;

	(void)state;
	memset(&l, 0x5a, sizeof l);
	assert_refused(kc_vitals_line_split("   ", &l, &err), err, "nothing typed");
	assert_refused(kc_vitals_line_split("142/91 88 97 14 5 36.8", &l, &err), err,
		       "more than five values ('36.8' is the sixth)");
	assert_refused(kc_vitals_line_split("88 142/91", &l, &err), err,
		       "88 is not a blood pressure: a line starts with the BP");
	assert_refused(kc_vitals_line_split("142/91 88 130/80", &l, &err), err, "looks like a BP");
	assert_refused(kc_vitals_line_split("142/91 8x 97", &l, &err), err, "heart rate '8x' is not a whole number");
	assert_refused(kc_vitals_line_split("142/91 88 97 14 five", &l, &err), err, "MOAA/S 'five'");
	assert_refused(kc_vitals_line_split("142-91 88", &l, &err), err, "BP '142-91' is not systolic/diastolic");
	assert_refused(kc_vitals_line_split("142/91 12345678901234567890", &l, &err), err, "too long");
	assert_non_null(strstr(err.msg, "e.g. 142/91 88 97 14 5 (BP HR SpO2 RR MOAA/S)"));
	/* nothing written on a refusal */
	assert_int_equal(l.parts, 0x5a5a5a5a);
}

static void only_a_blank_inside_makes_a_line(void **state)
{
	(void)state;
	assert_false(kc_vitals_is_line("142/91"));
	assert_false(kc_vitals_is_line(" 142/91  "));
	assert_true(kc_vitals_is_line("142/91 88"));
	assert_false(kc_vitals_is_line(""));
}

/* The parts go to the one charting path, which applies every limit to them. */
static void a_line_is_charted_through_kc_chart_vitals(void **state)
{
	struct kc_tdb db;
	struct kc_vitals_line l;
	struct kc_vitals_entry e;
	struct kc_vitals_row *rows = NULL;
	size_t n = 0;
	time_t t0 = 1700000000;
	kc_id p, s;

	(void)state;
	tdb_create(&db, "entry", "nurse1");
	p = tdb_patient(&db, "KC-1", "Line Test", "1980-01-01", t0);
	s = tdb_session(&db, p, KC_ROUTE_IV, t0);
	memset(&e, 0, sizeof e);
	e.reason = "";
	e.taken = t0 + 60;
	assert_int_equal(kc_vitals_line_split("300/20 84 97 14 5", &l, &db.err), KC_OK);
	kc_vitals_line_text(&l, &e.text);
	assert_refused(kc_chart_vitals(db.st, &db.cfg, s, &e, t0 + 60, NULL, &db.err), db.err,
		       "systolic 300 mmHg is impossible");
	assert_int_equal(kc_vitals_line_split("134/84 84", &l, &db.err), KC_OK);
	kc_vitals_line_text(&l, &e.text);
	assert_int_equal(kc_chart_vitals(db.st, &db.cfg, s, &e, t0 + 60, NULL, &db.err), KC_OK);
	assert_int_equal(kc_vitals_list(db.st, s, &rows, &n, &db.err), KC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].v.systolic, 134);
	assert_int_equal(rows[0].v.heart_rate, 84);
	assert_int_equal(rows[0].v.spo2, KC_NONE);
	assert_int_equal(rows[0].v.moaas, KC_NONE);
	free(rows);
	tdb_destroy(&db);
}

/* ---------- carried values ---------- */

static void a_normal_round_carries_hr_spo2_rr_moaas_never_bp_or_temp(void **state)
{
	struct kc_vitals last = { 134, 84, 84, 97, 14, 368, 5 }, c;

	(void)state;
	assert_int_equal(kc_vitals_carry(&last, &ref_config()->alerts, &c), 4);
	assert_int_equal(c.systolic, KC_NONE);
	assert_int_equal(c.diastolic, KC_NONE);
	assert_int_equal(c.temp_dc, KC_NONE);
	assert_int_equal(c.heart_rate, 84);
	assert_int_equal(c.spo2, 97);
	assert_int_equal(c.resp_rate, 14);
	assert_int_equal(c.moaas, 5);
}

static void a_value_that_raised_an_alert_is_measured_again(void **state)
{
	struct kc_vitals last = { 184, 104, 120, 92, 9, KC_NONE, 3 }, c;

	(void)state;
	/* HR 120 > 110, SpO2 92 < 94, RR 9 < 10, MOAA/S 3 <= 3: all flagged, none carried */
	assert_int_equal(kc_vitals_carry(&last, &ref_config()->alerts, &c), 0);
	assert_int_equal(c.heart_rate, KC_NONE);
	assert_int_equal(c.spo2, KC_NONE);
	assert_int_equal(c.resp_rate, KC_NONE);
	assert_int_equal(c.moaas, KC_NONE);
	/* a measure not taken last time is not carried either; no reading: nothing */
	last.heart_rate = KC_NONE;
	last.spo2 = 98;
	assert_int_equal(kc_vitals_carry(&last, &ref_config()->alerts, &c), 1);
	assert_int_equal(c.spo2, 98);
	assert_int_equal(c.heart_rate, KC_NONE);
	assert_int_equal(kc_vitals_carry(NULL, &ref_config()->alerts, &c), 0);
	assert_int_equal(c.spo2, KC_NONE);
}

/* ---------- interventions ---------- */

static int has(const struct kc_choices *c, const char *s)
{
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->item[i], s) == 0)
			return 1;
	return 0;
}

static void lists_split_at_commas_trimmed(void **state)
{
	struct kc_choices c;
	struct kc_err err;
	char big[400];

	(void)state;
	assert_int_equal(kc_choices_split(" a ,b,, c d ,", &c, &err), KC_OK);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.item[0], "a");
	assert_string_equal(c.item[2], "c d");
	assert_int_equal(kc_choices_split("", &c, &err), KC_OK);
	assert_int_equal(c.n, 0);
	memset(big, 'x', 100);
	big[100] = '\0';
	assert_refused(kc_choices_split(big, &c, &err), err, "longer than 63 characters");
	strcpy(big, "a");
	for (int i = 0; i < 30; i++)
		strcat(big, ",a");
	assert_refused(kc_choices_split(big, &c, &err), err, "more than 24 items");
}

static void a_headache_is_offered_analgesics_and_antihypertensives_not_an_antiemetic(void **state)
{
	struct kc_choices c;

	(void)state;
	kc_intervention_choices(ref_config(), KC_OBS_HEADACHE, 1, &c);
	assert_false(has(&c, "ondansetron 4 mg IV"));
	assert_true(has(&c, "paracetamol 1 g PO"));
	assert_true(has(&c, "labetalol 10 mg IV"));
	assert_true(has(&c, "infusion paused"));
	assert_string_equal(c.item[c.n - 1], KC_OTHER);
	kc_intervention_choices(ref_config(), KC_OBS_NAUSEA, 1, &c);
	assert_string_equal(c.item[0], "ondansetron 4 mg IV");
	assert_true(has(&c, "reassurance"));
	assert_false(has(&c, "paracetamol 1 g PO"));
	kc_intervention_choices(ref_config(), KC_OBS_ANXIETY, 1, &c);
	assert_true(has(&c, "midazolam 1 mg IV"));
	assert_false(has(&c, "labetalol 10 mg IV"));
	/* without a running infusion, no pause and no stop */
	kc_intervention_choices(ref_config(), KC_OBS_SEDATION, 0, &c);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.item[0], KC_OTHER);
}

static void the_lists_come_from_the_config(void **state)
{
	struct kc_config cfg = *ref_config();
	struct kc_choices c;

	(void)state;
	snprintf(cfg.interventions.analgesic, sizeof cfg.interventions.analgesic, "acetaminophen 650 mg PO");
	snprintf(cfg.interventions.other, sizeof cfg.interventions.other, "physician called");
	kc_intervention_choices(&cfg, KC_OBS_HEADACHE, 0, &c);
	assert_string_equal(c.item[0], "acetaminophen 650 mg PO");
	assert_false(has(&c, "paracetamol 1 g PO"));
	assert_true(has(&c, "physician called"));
	assert_string_equal(c.item[c.n - 1], KC_OTHER);
}

static void every_kind_ends_with_other_and_offers_pause_and_stop(void **state)
{
	enum kc_iv_kind k[KC_INT_KINDS];

	(void)state;
	for (int kind = 0; kind < KC_OBS_COUNT; kind++) {
		int n = kc_interventions_for(kind, k);

		assert_true(n >= 3);
		assert_int_equal(k[n - 1], KC_INT_OTHER);
		assert_int_equal(k[n - 2], KC_INT_STOP);
		assert_int_equal(k[n - 3], KC_INT_PAUSE);
	}
	assert_string_equal(kc_int_kind_name(KC_INT_ANTIHYPERTENSIVE), "antihypertensive");
}

static void check_config_refuses_a_list_item_too_long(void **state)
{
	char path[] = "/tmp/kc_entry_cfgXXXXXX";
	int fd = mkstemp(path);
	FILE *f;
	struct kc_config cfg;
	struct kc_diag *d = calloc(1, sizeof *d);

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fprintf(f, "[interventions]\nanalgesic = \"%s\"\n",
		"paracetamol 1 g PO with a very long explanation that goes on and on and on and on");
	fclose(f);
	assert_int_equal(kc_config_load(path, &cfg, d), KC_ERR_CONFIG);
	assert_int_equal(d->n, 1);
	assert_non_null(strstr(d->msg[0], "[interventions] analgesic: item"));
	unlink(path);
	free(d);
}

/* ---------- indications ---------- */

static void indications_are_the_config_list_then_other(void **state)
{
	struct kc_choices c;
	char out[64];
	struct kc_err err;

	(void)state;
	kc_indication_choices(ref_config(), &c);
	assert_string_equal(c.item[0], "depression");
	assert_true(has(&c, "PTSD"));
	assert_string_equal(c.item[c.n - 1], KC_OTHER);
	assert_int_equal(kc_indication_pick("anxiety", "", out, sizeof out, &err), KC_OK);
	assert_string_equal(out, "anxiety");
	assert_int_equal(kc_indication_pick(KC_OTHER, " OCD", out, sizeof out, &err), KC_OK);
	assert_string_equal(out, "OCD");
	assert_refused(kc_indication_pick(KC_OTHER, "", out, sizeof out, &err), err, "type what the treatment is for");
	/* stray keys typed while another choice is shown are never stored */
	assert_refused(kc_indication_pick("depression", "nnnnp011", out, sizeof out, &err), err,
		       "only with \"other\" chosen");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_whole_line_gives_five_parts),
		cmocka_unit_test(a_short_line_leaves_the_rest_blank),
		cmocka_unit_test(bad_lines_say_what_is_wrong_and_what_a_line_is),
		cmocka_unit_test(only_a_blank_inside_makes_a_line),
		cmocka_unit_test(a_line_is_charted_through_kc_chart_vitals),
		cmocka_unit_test(a_normal_round_carries_hr_spo2_rr_moaas_never_bp_or_temp),
		cmocka_unit_test(a_value_that_raised_an_alert_is_measured_again),
		cmocka_unit_test(lists_split_at_commas_trimmed),
		cmocka_unit_test(a_headache_is_offered_analgesics_and_antihypertensives_not_an_antiemetic),
		cmocka_unit_test(the_lists_come_from_the_config),
		cmocka_unit_test(every_kind_ends_with_other_and_offers_pause_and_stop),
		cmocka_unit_test(check_config_refuses_a_list_item_too_long),
		cmocka_unit_test(indications_are_the_config_list_then_other),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
