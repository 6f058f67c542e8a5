/* test_wording.c — one wording and one rule for each fact a screen and the report both
 * show (kc_wording.h): each formatter on its own, then the report carrying the same words
 * (the screens' side is tests/screen/truth_wording.sh). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "kc_chart.h"
#include "kc_report.h"
#include "kc_schedule.h"
#include "kc_wording.h"

#define MIN 60
#define T0 ((time_t)1700000000)

/* ---------- the vitals table ---------- */

static void vitals_columns_in_one_order_with_one_header(void **state)
{
	static const char *const heads[] = { "Time", "BP mmHg", "HR /min", "SpO2 %", "RR /min", "Temp C", "MOAA/S",
					     "Flags" };
	char line[160];

	(void)state;
	for (int i = 0; i < KC_VCOL_COUNT; i++)
		assert_string_equal(kc_vitals_cols[i].head, heads[i]);
	kc_word_vitals_head(5, line, sizeof line);
	assert_string_equal(line, "Time  BP mmHg  HR /min SpO2 % RR /min Temp C MOAA/S Flags");
}

static void vitals_row_cells_follow_the_header(void **state)
{
	struct kc_vitals v = { 142, 91, 88, 97, 16, 368, 4 };
	char line[160], head[160];

	(void)state;
	kc_word_vitals_row(5, "09:40", &v, "WARN", line, sizeof line);
	assert_string_equal(line, "09:40 142/91   88      97     16      36.8   4      WARN");
	kc_word_vitals_head(5, head, sizeof head);
	/* every value starts where its header starts */
	assert_int_equal(strstr(line, "36.8") - line, strstr(head, "Temp C") - head);
	assert_int_equal(strstr(line, "WARN") - line, strstr(head, "Flags") - head);
	kc_vitals_clear(&v);
	kc_word_vitals_row(16, "2026-11-21 09:40", &v, "", line, sizeof line);
	assert_string_equal(line, "2026-11-21 09:40 -        -       -      -       -      -");
}

/* The row as the snprintf chain wrote it before issue 10 made it printf-free: the same
 * bytes for every value a cell can hold (negative, the widest, a temperature below 1)
 * and every buffer size, truncation and trailing blanks included. */
static void row_by_printf(int time_w, const char *time, const struct kc_vitals *v, const char *flags,
			  char *out, size_t n)
{
	char cells[KC_VCOL_COUNT][64];
	const int *one[KC_VCOL_COUNT] = { [KC_VCOL_HR] = &v->heart_rate, [KC_VCOL_SPO2] = &v->spo2,
					   [KC_VCOL_RR] = &v->resp_rate, [KC_VCOL_MOAAS] = &v->moaas };
	size_t len = 0;

	for (int i = 0; i < KC_VCOL_COUNT; i++) {
		if (one[i])
			snprintf(cells[i], 64, *one[i] == KC_NONE ? "-" : "%d", *one[i]);
		else
			cells[i][0] = '\0';
	}
	if (v->systolic == KC_NONE)
		snprintf(cells[KC_VCOL_BP], 64, "-");
	else
		snprintf(cells[KC_VCOL_BP], 64, "%d/%d", v->systolic, v->diastolic);
	if (v->temp_dc == KC_NONE)
		snprintf(cells[KC_VCOL_TEMP], 64, "-");
	else
		snprintf(cells[KC_VCOL_TEMP], 64, "%d.%d", v->temp_dc / 10, v->temp_dc % 10);
	snprintf(cells[KC_VCOL_TIME], 64, "%s", time);
	snprintf(cells[KC_VCOL_FLAGS], 64, "%s", flags);
	out[0] = '\0';
	for (int i = 0; i < KC_VCOL_COUNT && len < n; i++) {
		int w = i == KC_VCOL_TIME ? time_w + 1 : kc_vitals_cols[i].width;

		len += (size_t)snprintf(out + len, n - len, "%-*s", w, cells[i]);
		if (len < n && w && (int)strlen(cells[i]) >= w)
			len += (size_t)snprintf(out + len, n - len, " ");
	}
	for (len = strlen(out); len > 0 && out[len - 1] == ' ';)
		out[--len] = '\0';
}

static void vitals_row_same_bytes_as_printf(void **state)
{
	static const int values[] = { KC_NONE, 0, 5, 9, 10, 99, 100, 368, -1, -5, -15, -368, 12345,
				      2147483647, -2147483647 - 1 };
	static const char *const flags[] = { "", "WARN", "baseline CRIT LATE ack carried",
					     "a flag text far longer than any column, longer than the line itself, "
					     "cut at sixty-three bytes" };
	static const size_t sizes[] = { 1, 2, 17, 30, 48, 60, 61, 160, 256 };
	const size_t nv = sizeof values / sizeof values[0];
	char want[256], got[256];

	(void)state;
	for (size_t i = 0; i < nv * nv; i++) {
		int a = values[i % nv], b = values[i / nv];
		struct kc_vitals v = { a, b, b, a, a, a == KC_NONE ? KC_NONE : b, b };

		for (size_t f = 0; f < sizeof flags / sizeof flags[0]; f++) {
			for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
				int tw = k % 2 ? 16 : 5;
				const char *t = k % 2 ? "2026-11-21 09:40" : "09:40";

				row_by_printf(tw, t, &v, flags[f], want, sizes[k]);
				kc_word_vitals_row(tw, t, &v, flags[f], got, sizes[k]);
				if (strcmp(want, got) != 0)
					fail_msg("values %d %d, flags %zu, size %zu: '%s' (printf) but '%s'", a, b, f,
						 sizes[k], want, got);
			}
		}
	}
}

/* ---------- overdue ---------- */

static void overdue_counts_from_the_due_time_to_the_reading_or_now(void **state)
{
	const struct kc_config *cfg = ref_config(); /* overdue_after_min 5 */
	time_t due = T0;
	char w[32];

	(void)state;
	kc_word_overdue(due, due + 5 * MIN, cfg, w, sizeof w);
	assert_string_equal(w, ""); /* due, within the allowance */
	kc_word_overdue(due, due + 5 * MIN + 1, cfg, w, sizeof w);
	assert_string_equal(w, "OVERDUE 5 min");
	kc_word_overdue(due, due + 7 * MIN + 30, cfg, w, sizeof w);
	assert_string_equal(w, "OVERDUE 7 min");
	kc_word_overdue(0, due + 60 * MIN, cfg, w, sizeof w);
	assert_string_equal(w, ""); /* nothing was due */
	/* the same number the schedule's rule gives */
	assert_int_equal(kc_schedule_overdue_min(due, due + 7 * MIN + 30, cfg), 7);
}

/* ---------- answers that may stay unanswered ---------- */

static void none_given_is_not_not_entered(void **state)
{
	(void)state;
	assert_string_equal(kc_word_time_state(0, 0), "not entered");
	assert_string_equal(kc_word_time_state(1, 0), "none given");
	assert_null(kc_word_time_state(1, T0));
}

/* ---------- C-SSRS ---------- */

static void cssrs_in_the_triage_words(void **state)
{
	/* Q3-Q5 are asked only after a yes to Q2 */
	struct kc_cssrs c = { .q = { 0, 0, 0, KC_NONE, KC_NONE, KC_NONE, 0 }, .q6_recent = KC_NONE };
	char w[160];

	(void)state;
	kc_word_cssrs(&c, 0, w, sizeof w);
	assert_string_equal(w, "not complete");
	kc_word_cssrs(&c, 1, w, sizeof w);
	assert_string_equal(w, "no risk identified (no to every question)");
	c.q[1] = 1;
	kc_word_cssrs(&c, 1, w, sizeof w);
	assert_string_equal(w, "low risk (yes to Q1 only)");
	c.q[2] = 1;
	c.q[3] = 1;
	c.q[4] = c.q[5] = 0;
	kc_word_cssrs(&c, 1, w, sizeof w);
	assert_string_equal(w, "moderate risk (yes to Q1, Q2, Q3)");
	c.q[3] = 0;
	c.q[6] = 1;
	c.q6_recent = 0;
	kc_word_cssrs(&c, 1, w, sizeof w);
	assert_string_equal(w, "moderate risk (yes to Q1, Q2, Q6 more than 3 months ago)");
	c.q6_recent = 1;
	kc_word_cssrs(&c, 1, w, sizeof w);
	assert_string_equal(w, "high risk (yes to Q1, Q2, Q6 within the past 3 months)");
	c.q[6] = 0;
	c.q[4] = 1;
	kc_word_cssrs(&c, 1, w, sizeof w);
	assert_string_equal(w, "high risk (yes to Q1, Q2, Q4)");
	assert_null(strstr(w, "yes:"));
}

static void confirmations_say_what_they_confirm(void **state)
{
	char w[256];

	(void)state;
	kc_word_confirm("suicide_confirm", "yes", "safety plan, crisis line given", "root", "10:10", w, sizeof w);
	assert_string_equal(w, "suicide-risk assessment (PHQ-9 item 9 or C-SSRS): safety plan, crisis line given"
			       " - root, 10:10");
	assert_string_equal(kc_word_confirm_lead("suicide_confirm"), "Confirmed");
	assert_string_equal(kc_word_confirm_lead("override"), "Override");
	assert_null(kc_word_confirm_what("escort_name"));
	assert_non_null(kc_word_confirm_what("bp_confirm"));
}

/* ---------- weight ---------- */

static void weight_keeps_the_unit_typed(void **state)
{
	char w[96];

	(void)state;
	kc_word_weight(86.18, "190 lb", w, sizeof w);
	assert_string_equal(w, "86.2 kg (190 lb as typed)");
	kc_word_weight(86.18, "  190   LB ", w, sizeof w);
	assert_string_equal(w, "86.2 kg (190 LB as typed)");
	kc_word_weight(72.5, "72.5", w, sizeof w);
	assert_string_equal(w, "72.5 kg");
	kc_word_weight(72.5, "72.5 kg", w, sizeof w);
	assert_string_equal(w, "72.5 kg");
	kc_word_weight(72.5, "", w, sizeof w);
	assert_string_equal(w, "72.5 kg");
}

/* ---------- the report uses them ---------- */

struct fx {
	struct kc_tdb db;
	kc_id patient, session;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "wording", "tester");
	f->patient = tdb_patient(&f->db, "W-1", "Wendy Words", "1980-01-01", T0 - 86400);
	f->session = tdb_session(&f->db, f->patient, KC_ROUTE_ESKETAMINE, T0);
	*state = f;
	return 0;
}

static char *report(struct fx *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	assert_int_equal(kc_report_text(f->db.st, &f->db.cfg, f->session, out, &f->db.err), KC_OK);
	fclose(out);
	return buf;
}

static void answer(struct fx *f, const char *item, const char *value, const char *note)
{
	if (kc_chart_answer(f->db.st, &f->db.cfg, f->session, item, value, note, T0 + MIN, &f->db.err) != KC_OK)
		fail_msg("%s: %s", item, f->db.err.msg);
}

static void report_words_the_facts_as_the_screens_do(void **state)
{
	struct fx *f = *state;
	char *text = report(f), w[160], head[160];

	assert_non_null(strstr(text, "Nasal pretr. not entered"));
	kc_word_vitals_head(16, head, sizeof head);
	free(text);
	answer(f, "nasal_pretreat", "", "");
	for (int q = 1; q <= 6; q++) {
		char item[24];

		snprintf(item, sizeof item, "cssrs.%d", q);
		answer(f, item, q == 1 || q == 2 || q == 3 ? "yes" : "no", "");
	}
	answer(f, "suicide_confirm", "yes", "safety plan made");
	text = report(f);
	assert_non_null(strstr(text, "Nasal pretr. none given"));
	assert_null(strstr(text, "Nasal pretr. not entered"));
	kc_word_cssrs(&(struct kc_cssrs){ .q = { 0, 1, 1, 1, 0, 0, 0 }, .q6_recent = KC_NONE }, 1, w, sizeof w);
	assert_string_equal(w, "moderate risk (yes to Q1, Q2, Q3)");
	assert_non_null(strstr(text, w));
	assert_non_null(strstr(text, "Confirmed    suicide-risk assessment (PHQ-9 item 9 or C-SSRS): safety plan made"));
	assert_null(strstr(text, "Suicide risk yes"));
	free(text);
}

static void report_weight_and_vitals_table(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_entry e = { .taken = T0 + 2 * MIN, .baseline = 1 };
	struct kc_vitals_result res;
	char *text, head[160];
	double kg = 0;

	assert_int_equal(kc_chart_weight(f->db.st, &f->db.cfg, f->patient, f->session, "190 lb", T0 + MIN, T0 + MIN,
					 &kg, &f->db.err), KC_OK);
	e.text = (struct kc_vitals_text){ "128/80", "72", "98", "14", "36.5", "5" };
	assert_int_equal(kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, T0 + 2 * MIN, &res, &f->db.err), KC_OK);
	text = report(f);
	assert_non_null(strstr(text, "Weight       86.2 kg (190 lb as typed)"));
	{
		struct kc_weight_row w;

		assert_int_equal(kc_weight_of_session(f->db.st, f->session, &w, &f->db.err), KC_OK);
		assert_string_equal(w.typed, "190 lb"); /* stored beside the kg */
		assert_int_equal(kc_chart_weight(f->db.st, &f->db.cfg, f->patient, f->session, " 72.5  kg", T0 + 3 * MIN,
						 T0 + 3 * MIN, &kg, &f->db.err), KC_OK);
		assert_int_equal(kc_weight_of_session(f->db.st, f->session, &w, &f->db.err), KC_OK);
		assert_string_equal(w.typed, ""); /* kg typed: the kg say it all */
	}
	kc_word_vitals_head(16, head, sizeof head);
	assert_non_null(strstr(text, head));
	free(text);
}

/* kc_int_text writes what "%lld" writes, NUL-terminated, at the edges and around each power
 * of ten (the vitals cells, the FHIR export and verify's chain all use it). */
static void int_text_same_bytes_as_printf(void **state)
{
	long long v[64];
	size_t nv = 0;
	char got[KC_INT_TEXT + 8], want[32];

	(void)state;
	v[nv++] = LLONG_MIN;
	v[nv++] = LLONG_MAX;
	v[nv++] = 0;
	for (long long p = 1; p <= LLONG_MAX / 10; p *= 10) {
		v[nv++] = p - 1;
		v[nv++] = -p;
	}
	for (size_t i = 0; i < nv; i++) {
		memset(got, 'x', sizeof got);
		snprintf(want, sizeof want, "%lld", v[i]);
		assert_int_equal(kc_int_text(v[i], got), strlen(want));
		assert_string_equal(got, want);
	}
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, tdb_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vitals_columns_in_one_order_with_one_header),
		cmocka_unit_test(vitals_row_cells_follow_the_header),
		cmocka_unit_test(vitals_row_same_bytes_as_printf),
		cmocka_unit_test(int_text_same_bytes_as_printf),
		cmocka_unit_test(overdue_counts_from_the_due_time_to_the_reading_or_now),
		cmocka_unit_test(none_given_is_not_not_entered),
		cmocka_unit_test(cssrs_in_the_triage_words),
		cmocka_unit_test(confirmations_say_what_they_confirm),
		cmocka_unit_test(weight_keeps_the_unit_typed),
		T(report_words_the_facts_as_the_screens_do),
		T(report_weight_and_vitals_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
