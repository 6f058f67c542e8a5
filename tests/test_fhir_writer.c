/* test_fhir_writer.c — fhir.c writes each resource's tree itself (issue 10: jansson's dump
 * was three quarters of the export): every entry must be exactly what jansson writes for
 * the same tree (JSON_COMPACT, JSON_REAL_PRECISION(10), keys in their order), for the
 * texts that need an escape (a quote, a backslash, a line break, a tab), for decimals
 * (weight, temperature), integers, booleans and non-ASCII text. */
#define _GNU_SOURCE /* open_memstream */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fixture.h"
#include "kc_chart.h"
#include "kc_fhir.h"
#include "kc_report.h"

#define MIN 60
#define T0 ((time_t)1700000000)

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	char *text;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "fhirw", "tester");
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	free(f->text);
	return tdb_teardown(state);
}

/* A patient whose name and notes need escapes, a decimal weight and temperature, the
 * C-SSRS (booleans), a side effect with a note on two lines. */
static void record(struct fx *f)
{
	struct kc_patient p = { .chart_no = "W-\"1\"", .name = "Zoë \"Q\" O'Brien \\ Ångström", .dob = "1980-01-02" };
	struct kc_obs_entry o = { .kind = KC_OBS_NAUSEA, .scale = KC_SCALE_NRS, .score = 5, .detail = "",
				  .intervention = "ondansetron 4 mg IV", .note = "felt \"queasy\"\nthen\tbetter \\ ok",
				  .observed = T0 + 50 * MIN };
	struct kc_vitals_entry e = { .taken = T0 + 10 * MIN };
	struct kc_vitals_result res;
	kc_id patient, session;

	assert_int_equal(kc_patient_add(f->db.st, &p, T0 - 86400, &patient, &f->db.err), KC_OK);
	session = tdb_session(&f->db, patient, KC_ROUTE_IV, T0);
	assert_int_equal(kc_weight_add_typed(f->db.st, patient, session, 72.55, "72.55 kg \"scale\"", T0 + MIN,
					     T0 + MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_screen_set(f->db.st, session, "cssrs.1", "yes", "", T0 + 4 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_screen_set(f->db.st, session, "cssrs.2", "no", "", T0 + 4 * MIN, &f->db.err), KC_OK);
	e.text = (struct kc_vitals_text){ "120/80", "72", "97", "16", "36.8", "5" };
	if (kc_chart_vitals(f->db.st, &f->db.cfg, session, &e, T0 + 10 * MIN, &res, &f->db.err) != KC_OK)
		fail_msg("vitals: %s", f->db.err.msg);
	assert_int_equal(kc_chart_observation(f->db.st, &f->db.cfg, session, &o, T0 + 50 * MIN, NULL, NULL,
					      &f->db.err), KC_OK);
}

static void export(struct fx *f, int transaction)
{
	struct kc_export_opts o = { .transaction = transaction };
	size_t len = 0;
	FILE *out;

	free(f->text);
	f->text = NULL;
	out = open_memstream(&f->text, &len);
	assert_non_null(out);
	if (kc_fhir_export(f->db.st, &f->db.cfg, &o, out, &f->db.err) != KC_OK)
		fail_msg("export: %s", f->db.err.msg);
	fclose(out);
}

/* Each entry (one a line, after the Bundle's head) read by jansson and written again by
 * jansson is the same bytes; returns the number of entries. */
static int entries_as_jansson_writes_them(const char *text)
{
	const char *line = strchr(text, '\n');
	int n = 0;

	assert_non_null(line);
	for (line++; *line && *line != ']'; n++) {
		const char *end = strchr(line, '\n');
		size_t len = (size_t)(end - line) - (end[-1] == ',' ? 1 : 0);
		json_error_t jerr;
		json_t *e = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
		char *again;

		if (!e)
			fail_msg("entry %d is not JSON (%s): %.*s", n, jerr.text, (int)len, line);
		again = json_dumps(e, JSON_COMPACT | JSON_REAL_PRECISION(10));
		assert_non_null(again);
		if (strlen(again) != len || memcmp(again, line, len) != 0)
			fail_msg("entry %d differs from jansson's:\nours:    %.*s\njansson: %s", n, (int)len, line, again);
		free(again);
		json_decref(e);
		line = end + 1;
	}
	return n;
}

static void test_every_entry_is_what_jansson_writes(void **state)
{
	struct fx *f = *state;

	record(f);
	export(f, 0);
	assert_true(entries_as_jansson_writes_them(f->text) >= 8);
	/* the escapes and values it had to write */
	assert_non_null(strstr(f->text, "\"text\":\"Zoë \\\"Q\\\" O'Brien \\\\ Ångström\""));
	assert_non_null(strstr(f->text, "felt \\\"queasy\\\"\\nthen\\tbetter \\\\ ok"));
	assert_non_null(strstr(f->text, "\"value\":72.55,"));
	assert_non_null(strstr(f->text, "\"value\":36.8,"));
	assert_non_null(strstr(f->text, "\"valueBoolean\":true"));
	assert_non_null(strstr(f->text, "\"valueBoolean\":false"));
	assert_non_null(strstr(f->text, "\"valueInteger\":5,"));
	export(f, 1);
	assert_true(entries_as_jansson_writes_them(f->text) >= 8);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_every_entry_is_what_jansson_writes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
