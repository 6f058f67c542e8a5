/* test_csv_tables.c — `export --format csv --table vitals|observations|doses|scores|
 * sessions` (issue 14): each table's rows, every row as wide as its header, refused
 * readings kept with their status, weights, dose events with lot, device and units in the
 * header, scores with totals and items, discharge assessments, amendments as rows after
 * the amended entry with the original kept, --tz local with the offset, --bom, the formula
 * guard in every table. */
#define _GNU_SOURCE /* open_memstream, setenv */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "kc_report.h"
#include "kc_text.h"

#define MIN 60
#define T0 ((time_t)1924992000) /* 2031-01-01 00:00 UTC */

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	kc_id patient, session;
	char *buf;
	size_t len;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "csvtab", "tester");
	f->patient = tdb_patient(&f->db, "=CH-1", "+Plus Quote, \"Jo\"", "1970-01-01", T0);
	f->session = tdb_session(&f->db, f->patient, KC_ROUTE_IV, T0);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	free(f->buf);
	return tdb_teardown(state);
}

static int export(struct fx *f, struct kc_export_opts *o)
{
	FILE *out;
	int rc;

	o->cfg = &f->db.cfg;
	free(f->buf);
	f->buf = NULL;
	out = open_memstream(&f->buf, &f->len);
	assert_non_null(out);
	rc = kc_export_csv(f->db.st, o, out, &f->db.err);
	fclose(out);
	return rc;
}

static void table(struct fx *f, const char *name)
{
	struct kc_export_opts o = { .table = name };

	if (export(f, &o) != KC_OK)
		fail_msg("export %s: %s", name ? name : "(default)", f->db.err.msg);
}

#define assert_has(hay, needle)                                                              \
	do {                                                                                  \
		if (!strstr((hay), (needle)))                                                 \
			fail_msg("no \"%s\" in:\n%s", (needle), (hay));                       \
	} while (0)

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* RFC 4180 read back: every record has as many fields as the header; returns the rows. */
static int records_as_wide_as_header(const char *s)
{
	int fields = 1, header = -1, rows = 0, quoted = 0;

	for (; *s; s++) {
		if (quoted) {
			if (*s == '"' && s[1] == '"')
				s++;
			else if (*s == '"')
				quoted = 0;
		} else if (*s == '"') {
			quoted = 1;
		} else if (*s == ',') {
			fields++;
		} else if (*s == '\r' && s[1] == '\n') {
			if (header < 0)
				header = fields;
			else if (fields != header)
				fail_msg("row %d has %d fields, the header %d", rows + 1, fields, header);
			else
				rows++;
			fields = 1;
			s++;
		}
	}
	assert_int_equal(quoted, 0);
	return rows;
}

static kc_id reading(struct fx *f, time_t t, enum kc_vstatus status, const char *reason)
{
	struct kc_vitals_row r;

	memset(&r, 0, sizeof r);
	r.session_id = f->session;
	r.taken_at = t;
	r.status = status;
	kc_strlcpy(r.reason, reason, sizeof r.reason);
	r.v = status == KC_VITALS_TAKEN ? (struct kc_vitals){ 128, 82, 74, 97, 15, 368, 5 }
				       : (struct kc_vitals){ KC_NONE, KC_NONE, KC_NONE, KC_NONE, KC_NONE, KC_NONE, KC_NONE };
	if (kc_vitals_add(f->db.st, &r, t, &f->db.err) != KC_OK)
		fail_msg("vitals: %s", f->db.err.msg);
	return r.id;
}

static kc_id dose(struct fx *f, enum kc_dose_kind kind, time_t t, double rate, double mg, const char *note)
{
	struct kc_dose_row r = { .session_id = f->session, .kind = kind, .at = t, .rate_ml_h = rate, .mg = mg };

	kc_strlcpy(r.lot, "LOT-7", sizeof r.lot);
	kc_strlcpy(r.note, note, sizeof r.note);
	if (kc_dose_add(f->db.st, &r, t, &f->db.err) != KC_OK)
		fail_msg("dose: %s", f->db.err.msg);
	return r.id;
}

static kc_id observe(struct fx *f, time_t t, enum kc_obs_kind kind, enum kc_scale scale, int score,
		     const char *items, const char *note)
{
	struct kc_obs_row r = { .session_id = f->session, .observed_at = t, .kind = kind, .scale = scale,
				.score = score };

	kc_strlcpy(r.items, items, sizeof r.items);
	kc_strlcpy(r.note, note, sizeof r.note);
	if (kc_obs_add(f->db.st, &r, t, &f->db.err) != KC_OK)
		fail_msg("observation: %s", f->db.err.msg);
	return r.id;
}

static void end_and_sign(struct fx *f, time_t t)
{
	assert_int_equal(kc_session_end(f->db.st, f->session, "aborted", "test", t, &f->db.err), KC_OK);
	assert_int_equal(kc_session_sign(f->db.st, f->session, t + MIN, &f->db.err), KC_OK);
}

/* ---------- vitals ---------- */

static void test_vitals_default_keeps_refused_readings_and_weights(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc_weight_add(f->db.st, f->patient, f->session, 72.5, T0 + 5 * MIN, T0 + 5 * MIN, &f->db.err),
			 KC_OK);
	(void)reading(f, T0 + 10 * MIN, KC_VITALS_TAKEN, "");
	(void)reading(f, T0 + 20 * MIN, KC_VITALS_REFUSED, "patient declined the cuff");
	table(f, NULL);
	assert_int_equal(records_as_wide_as_header(f->buf), 3);
	assert_has(f->buf, "record_type,row_id,session_id,chart_no,patient,route,time_utc,entered_utc,due_utc,reading,");
	assert_has(f->buf, ",weight_kg,");
	assert_has(f->buf, ",refused,0,,,,,,,,,");
	assert_has(f->buf, "patient declined the cuff");
	assert_has(f->buf, ",72.5,");
	assert_has(f->buf, ",128,82,74,97,15,36.8,5,");
	assert_true(strstr(f->buf, "\r\nweight,") < strstr(f->buf, "\r\nvitals,")); /* in time order */
	assert_null(strstr(f->buf, "\r\nobservation,"));
}

/* ---------- doses ---------- */

static void test_doses_have_events_lot_and_units_in_the_header(void **state)
{
	struct fx *f = *state;

	(void)dose(f, KC_DOSE_START, T0 + 30 * MIN, 150, 0, "");
	(void)dose(f, KC_DOSE_STOP, T0 + 70 * MIN, 0, 42, "=HYPERLINK(\"x\")");
	table(f, "doses");
	assert_int_equal(records_as_wide_as_header(f->buf), 2);
	assert_has(f->buf, ",event,product,dose_mg,rate_ml_per_h,device_no,lot,late,note,");
	assert_has(f->buf, ",start,ketamine,,150.0,,LOT-7,0,,");
	assert_has(f->buf, ",stop,ketamine,42.0,,,LOT-7,0,\"'=HYPERLINK(\"\"x\"\")\",");
}

/* ---------- scores ---------- */

static void test_scores_have_totals_items_cadss_and_discharge(void **state)
{
	struct fx *f = *state;
	struct kc_discharge_row d = { .session_id = f->session, .aldrete = { 2, 2, 2, 2, 1 }, .aldrete_total = 9,
				      .gait_steady = 1, .escort_confirmed = 1, .instructions_given = 1, .ready = 1 };

	tdb_screen_clear(&f->db, f->session, KC_ROUTE_IV, T0 - 600 * MIN, T0 + 2 * MIN);
	assert_int_equal(kc_screen_set(f->db.st, f->session, "phq9.1", "2", "", T0 + 3 * MIN, &f->db.err), KC_OK);
	(void)observe(f, T0 + 40 * MIN, KC_OBS_DISSOCIATION, KC_SCALE_CADSS6, 6, "1:2 2:2 6:1 7:1 15:0 22:0", "");
	(void)observe(f, T0 + 41 * MIN, KC_OBS_NAUSEA, KC_SCALE_NRS, 3, "", "");
	assert_int_equal(kc_discharge_add(f->db.st, &d, T0 + 90 * MIN, &f->db.err), KC_OK);
	table(f, "scores");
	assert_int_equal(records_as_wide_as_header(f->buf), 5); /* PHQ-9, GAD-7, C-SSRS, CADSS-6, discharge */
	assert_has(f->buf, ",instrument,total,result,items,note,");
	assert_has(f->buf, ",PHQ-9,2,minimal,1=2; 2=0; 3=0; 4=0; 5=0; 6=0; 7=0; 8=0; 9=0,");
	assert_has(f->buf, ",GAD-7,0,minimal,");
	assert_has(f->buf, ",C-SSRS,,risk none,");
	assert_has(f->buf, ",CADSS-6,6,,1:2 2:2 6:1 7:1 15:0 22:0,");
	assert_has(f->buf, ",Aldrete,9,ready,activity=2; respiration=2; circulation=2; consciousness=2; spo2=1; "
			   "gait_steady=yes; escort=yes; instructions=yes,");
	assert_null(strstr(f->buf, ",NRS,"));
}

/* ---------- observations ---------- */

static void test_observations_table(void **state)
{
	struct fx *f = *state;

	(void)observe(f, T0 + 41 * MIN, KC_OBS_NAUSEA, KC_SCALE_NRS, 3, "", "@SUM(A1)");
	table(f, "observations");
	assert_int_equal(records_as_wide_as_header(f->buf), 1);
	assert_has(f->buf, ",nausea,NRS,3,,0,,");
	assert_has(f->buf, ",\"'@SUM(A1)\",");
}

/* ---------- amendments: rows after the amended entry, original kept ---------- */

static void test_amended_entries_keep_the_original_and_add_an_amendment_row(void **state)
{
	struct fx *f = *state;
	kc_id stop, a = 0;
	char want[64];

	kc_id r = reading(f, T0 + 10 * MIN, KC_VITALS_TAKEN, "");

	(void)dose(f, KC_DOSE_START, T0 + 30 * MIN, 150, 0, "");
	stop = dose(f, KC_DOSE_STOP, T0 + 70 * MIN, 0, 42, "");
	end_and_sign(f, T0 + 100 * MIN);
	assert_int_equal(kc_amendment_add(f->db.st, f->session, "vitals", r, "left arm", "cannula", T0 + 199 * MIN, &a,
					  &f->db.err), KC_OK);
	table(f, NULL); /* an amendment row is as wide as the header in every table */
	assert_int_equal(records_as_wide_as_header(f->buf), 2);
	assert_int_equal(count(f->buf, ",amended,"), 1);
	assert_int_equal(kc_amendment_add(f->db.st, f->session, "dose_event", stop, "40 mg given, not 42",
					  "pump log", T0 + 200 * MIN, &a, &f->db.err), KC_OK);
	table(f, "doses");
	assert_int_equal(records_as_wide_as_header(f->buf), 3);
	assert_has(f->buf, ",stop,ketamine,42.0,"); /* the original as stored */
	assert_int_equal(count(f->buf, ",amended,"), 1);
	snprintf(want, sizeof want, "\r\namendment,%lld,", a);
	assert_has(f->buf, want);
	snprintf(want, sizeof want, ",amendment,,,dose_event %lld,40 mg given, not 42", stop);
	assert_null(strstr(f->buf, want)); /* the text has a comma: quoted */
	snprintf(want, sizeof want, ",amendment,,,dose_event %lld,\"40 mg given, not 42\",pump log\r\n", stop);
	assert_has(f->buf, want);
	assert_true(strstr(f->buf, ",amended,") < strstr(f->buf, "\r\namendment,"));
}

/* ---------- --tz, --bom, the guard ---------- */

static void test_tz_local_writes_the_offset(void **state)
{
	struct fx *f = *state;
	struct kc_export_opts o = { .local = 1 };
	const char *old = getenv("TZ");
	char *keep = old ? strdup(old) : NULL;

	(void)reading(f, T0 + 10 * MIN, KC_VITALS_TAKEN, "");
	setenv("TZ", "America/New_York", 1);
	tzset();
	assert_int_equal(export(f, &o), KC_OK);
	if (keep)
		setenv("TZ", keep, 1);
	else
		unsetenv("TZ");
	tzset();
	free(keep);
	assert_has(f->buf, ",time_local,entered_local,due_local,");
	assert_has(f->buf, ",2030-12-31T19:10:00-05:00,");
	assert_null(strstr(f->buf, "Z,"));
	o.local = 0;
	assert_int_equal(export(f, &o), KC_OK);
	assert_has(f->buf, ",2031-01-01T00:10:00Z,");
}

static void test_bom_only_when_asked(void **state)
{
	struct fx *f = *state;
	struct kc_export_opts o = { .bom = 1, .table = "scores" };

	assert_int_equal(export(f, &o), KC_OK);
	assert_memory_equal(f->buf, "\xEF\xBB\xBFrecord_type,", 15);
	o.bom = 0;
	assert_int_equal(export(f, &o), KC_OK);
	assert_memory_equal(f->buf, "record_type,", 12);
}

/* The patient is "+Plus Quote, "Jo"" with chart number "=CH-1": guarded in every table. */
static void test_formula_guard_in_every_table(void **state)
{
	static const char *const names[] = { "vitals", "observations", "doses", "scores", "sessions" };
	struct fx *f = *state;

	(void)reading(f, T0 + 10 * MIN, KC_VITALS_TAKEN, "");
	(void)observe(f, T0 + 41 * MIN, KC_OBS_NAUSEA, KC_SCALE_NRS, 3, "", "");
	(void)dose(f, KC_DOSE_START, T0 + 30 * MIN, 150, 0, "");
	tdb_screen_clear(&f->db, f->session, KC_ROUTE_IV, T0 - 600 * MIN, T0 + 2 * MIN);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		table(f, names[i]);
		assert_true(records_as_wide_as_header(f->buf) >= 1);
		assert_has(f->buf, ",\"'=CH-1\",");
		if (strcmp(names[i], "sessions") != 0)
			assert_has(f->buf, ",\"'+Plus Quote, \"\"Jo\"\"\",");
		assert_null(strstr(f->buf, ",=CH-1"));
	}
	{
		struct kc_export_opts o = { .raw = 1, .table = "doses" };

		assert_int_equal(export(f, &o), KC_OK);
		assert_has(f->buf, ",=CH-1,");
	}
}

static void test_unknown_table_refused(void **state)
{
	struct fx *f = *state;
	struct kc_export_opts o = { .table = "labs" };

	assert_int_equal(export(f, &o), KC_ERR_INVALID);
	assert_has(f->db.err.msg, "unknown export table 'labs'");
	assert_int_equal(f->len, 0);
}

/* ---------- the feed in every table ---------- */

static void test_every_table_follows_the_cursor(void **state)
{
	static const char *const names[] = { "vitals", "observations", "doses", "scores", "sessions" };
	struct fx *f = *state;
	struct kc_export_opts o = { 0 };
	kc_id cursor;

	(void)reading(f, T0 + 10 * MIN, KC_VITALS_TAKEN, "");
	(void)observe(f, T0 + 41 * MIN, KC_OBS_NAUSEA, KC_SCALE_NRS, 3, "", "");
	(void)dose(f, KC_DOSE_START, T0 + 30 * MIN, 150, 0, "");
	tdb_screen_clear(&f->db, f->session, KC_ROUTE_IV, T0 - 600 * MIN, T0 + 2 * MIN);
	assert_int_equal(export(f, &o), KC_OK);
	cursor = o.cursor;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) { /* nothing new: header alone */
		o = (struct kc_export_opts){ .after = cursor, .table = names[i] };
		assert_int_equal(export(f, &o), KC_OK);
		assert_int_equal(records_as_wide_as_header(f->buf), 0);
		assert_int_equal(o.cursor, cursor);
	}
	(void)observe(f, T0 + 50 * MIN, KC_OBS_HEADACHE, KC_SCALE_NRS, 2, "", "");
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		o = (struct kc_export_opts){ .after = cursor, .table = names[i] };
		assert_int_equal(export(f, &o), KC_OK);
		/* the observation goes out in its table, and its session in the sessions table */
		assert_int_equal(records_as_wide_as_header(f->buf),
				 strcmp(names[i], "observations") == 0 || strcmp(names[i], "sessions") == 0 ? 1 : 0);
	}
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_vitals_default_keeps_refused_readings_and_weights),
		T(test_doses_have_events_lot_and_units_in_the_header),
		T(test_scores_have_totals_items_cadss_and_discharge),
		T(test_observations_table),
		T(test_amended_entries_keep_the_original_and_add_an_amendment_row),
		T(test_tz_local_writes_the_offset),
		T(test_bom_only_when_asked),
		T(test_formula_guard_in_every_table),
		T(test_unknown_table_refused),
		T(test_every_table_follows_the_cursor),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
