/* test_report.c — the text chart, the CSV and FHIR exports, and the demo database, all
 * read back from a temp on-disk database filled through the charting path. */
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
#include "kc_record.h"
#include "kc_report.h"

#define MIN 60
#define T0 ((time_t)1700000000)
#define DOSE (T0 + 60 * MIN)

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	kc_id patient, session;
	char *buf; /* captured output */
	size_t len;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "report", "tester");
	kc_strlcpy(f->db.cfg.general.clinic_name, "Test Clinic", sizeof f->db.cfg.general.clinic_name);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	free(f->buf);
	return tdb_teardown(state);
}

static void patient_session(struct fx *f, const char *name)
{
	f->patient = tdb_patient(&f->db, "R-7", name, "1980-01-01", T0 - 86400);
	f->session = tdb_session(&f->db, f->patient, KC_ROUTE_IV, T0);
}

static kc_id vitals(struct fx *f, time_t taken, time_t now, const char *bp, const char *hr, int baseline)
{
	struct kc_vitals_entry e = { .taken = taken, .baseline = baseline };
	struct kc_vitals_result res;

	e.text = (struct kc_vitals_text){ bp, hr, "97", "16", "36.8", "5" };
	if (kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, now, &res, &f->db.err) != KC_OK)
		fail_msg("vitals %s: %s", bp, f->db.err.msg);
	return res.id;
}

static void observe(struct fx *f, time_t t, const char *note)
{
	struct kc_obs_entry e = { .kind = KC_OBS_NAUSEA, .scale = KC_SCALE_NRS, .score = 5, .detail = "",
				  .intervention = "ondansetron 4 mg IV", .note = note, .observed = t };

	assert_int_equal(kc_chart_observation(f->db.st, &f->db.cfg, f->session, &e, t, NULL, NULL, &f->db.err), KC_OK);
}

/* Capture what fn writes; returns its status. */
enum what { REPORT, CSV, OBS_CSV, FHIR };

static int capture(struct fx *f, enum what w, time_t since)
{
	FILE *out;
	int rc;

	free(f->buf);
	f->buf = NULL;
	out = open_memstream(&f->buf, &f->len);
	assert_non_null(out);
	if (w == REPORT)
		rc = kc_report_text(f->db.st, &f->db.cfg, f->session, out, &f->db.err);
	else if (w == CSV || w == OBS_CSV)
		rc = kc_export_csv(f->db.st, &(struct kc_export_opts){ .since = since, .table = w == CSV ? NULL : "observations" },
				   out, &f->db.err);
	else
		rc = kc_export_fhir(f->db.st, &(struct kc_export_opts){ .since = since }, out, &f->db.err);
	fclose(out);
	return rc;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("no \"%s\" in the output", needle);
}

/* The report wraps long text: join lines and squeeze blanks to search a phrase. */
static char *flat(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	assert_non_null(out);
	for (; *s; s++) {
		char c = *s == '\n' ? ' ' : *s;

		if (c == ' ' && o > out && o[-1] == ' ')
			continue;
		*o++ = c;
	}
	*o = '\0';
	return out;
}

/* ---------- text report ---------- */

static void test_report_shows_values_units_flags_and_ack(void **state)
{
	struct fx *f = *state;
	char *text;
	kc_id crit;

	patient_session(f, "Alex Report");
	vitals(f, T0 + 10 * MIN, T0 + 10 * MIN, "120/80", "72", 1);
	crit = vitals(f, T0 + 20 * MIN, T0 + 45 * MIN, "184/104", "96", 0); /* entered 25 min late */
	assert_int_equal(kc_vitals_ack(f->db.st, crit, "repeat BP in 5 min, physician told", T0 + 46 * MIN, &f->db.err),
			 KC_OK);
	assert_int_equal(capture(f, REPORT, 0), KC_OK);
	assert_contains(f->buf, "Test Clinic");
	assert_contains(f->buf, "Alex Report");
	assert_contains(f->buf, "R-7");
	assert_contains(f->buf, "BP mmHg");
	assert_contains(f->buf, "HR /min"); /* the header every vitals table shares */
	assert_contains(f->buf, "SpO2 %");
	assert_contains(f->buf, "Temp C");
	assert_contains(f->buf, "184/104");
	assert_contains(f->buf, "36.8");
	assert_contains(f->buf, "CRIT");
	assert_contains(f->buf, "LATE");
	text = flat(f->buf);
	assert_contains(text, "acknowledged by tester");
	assert_contains(text, "repeat BP in 5 min, physician told");
	free(text);
	assert_contains(f->buf, "NOT SIGNED");
	assert_contains(f->buf, "baseline");
}

static void test_report_shows_due_time_and_overdue_minutes(void **state)
{
	struct fx *f = *state;
	struct kc_dose_row start = { .session_id = 0, .kind = KC_DOSE_START, .at = DOSE, .rate_ml_h = 150 };
	int allow = f->db.cfg.general.overdue_after_min, iv = f->db.cfg.iv.vitals_interval_min;
	char *text, want[64];

	patient_session(f, "Alex Overdue");
	start.session_id = f->session;
	assert_int_equal(kc_dose_add(f->db.st, &start, DOSE, &f->db.err), KC_OK); /* store only: no screening */
	vitals(f, DOSE + (iv + allow + 3) * MIN, DOSE + (iv + allow + 4) * MIN, "130/80", "80", 0);
	vitals(f, DOSE + (2 * iv + allow + 3) * MIN, DOSE + (2 * iv + allow + 3) * MIN, "131/80", "80", 0);
	assert_int_equal(capture(f, REPORT, 0), KC_OK);
	text = flat(f->buf);
	/* one rule: minutes from the due time to the reading (kc_schedule_overdue_min) */
	snprintf(want, sizeof want, "OVERDUE %d min", allow + 3);
	assert_int_equal(count(text, want), 1); /* the second was on time for its own due */
	assert_int_equal(count(text, "OVERDUE"), 1);
	free(text);
}

static void assert_fits_80_ascii(const char *text)
{
	for (const char *line = text; *line;) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);

		if (n > 80)
			fail_msg("line of %zu columns: %.*s", n, (int)n, line);
		for (size_t i = 0; i < n; i++)
			assert_true((unsigned char)line[i] >= 0x20 && (unsigned char)line[i] < 0x7f);
		line += n + (end ? 1 : 0);
	}
}

static void test_report_lines_fit_80_columns_in_ascii(void **state)
{
	struct fx *f = *state;

	patient_session(f, "Alex Report");
	vitals(f, T0 + 10 * MIN, T0 + 10 * MIN, "120/80", "72", 1);
	observe(f, T0 + 12 * MIN, "a long note that keeps going and going so that it has to wrap over more than "
				  "one line of the eighty columns of the report, with a verylongwordthatcannotbreakanywhereatallbecauseithasnospacesinsideitatallreally");
	assert_int_equal(capture(f, REPORT, 0), KC_OK);
	assert_contains(f->buf, "verylongword");
	assert_fits_80_ascii(f->buf);
}

static void test_report_keeps_entered_in_error_marked_with_replacement_after(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_entry e = { 0 };
	const char *mark, *fixed;
	kc_id id;

	patient_session(f, "Alex Report");
	id = vitals(f, T0 + 10 * MIN, T0 + 10 * MIN, "120/80", "181", 0);
	vitals(f, T0 + 30 * MIN, T0 + 30 * MIN, "122/80", "74", 0);
	e.text = (struct kc_vitals_text){ "120/80", "81", "97", "16", "", "5" };
	assert_int_equal(kc_chart_vitals_correct(f->db.st, &f->db.cfg, id, KC_EIE_WRONG_VALUE, "typed 181 for 81", &e,
						 T0 + 40 * MIN, NULL, &f->db.err), KC_OK);
	assert_int_equal(capture(f, REPORT, 0), KC_OK);
	assert_contains(f->buf, "181"); /* the original stays visible */
	mark = strstr(f->buf, "[ENTERED IN ERROR: wrong value: typed 181 for 81 - tester,");
	assert_non_null(mark);
	fixed = strstr(mark, "120/80");
	assert_non_null(fixed);
	assert_true(fixed < strstr(mark, "122/80")); /* the replacement follows the original */
}

/* A replacement whose time was corrected prints right after the entry it corrects, and a
 * correction of that replacement right after it, wherever their times put them. */
static void test_report_chains_a_correction_of_a_correction_after_the_original(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_entry e = { .taken = T0 + 40 * MIN };
	struct kc_vitals_result res;
	const char *first, *second, *third, *other;
	kc_id id;

	patient_session(f, "Alex Report");
	id = vitals(f, T0 + 10 * MIN, T0 + 10 * MIN, "111/71", "70", 0);
	vitals(f, T0 + 20 * MIN, T0 + 20 * MIN, "122/72", "70", 0);
	e.text = (struct kc_vitals_text){ "133/73", "70", "97", "16", "", "5" };
	assert_int_equal(kc_chart_vitals_correct(f->db.st, &f->db.cfg, id, KC_EIE_WRONG_TIME, "clock misread", &e,
						 T0 + 45 * MIN, &res, &f->db.err), KC_OK);
	e.taken = T0 + 5 * MIN;
	e.text.bp = "144/74";
	assert_int_equal(kc_chart_vitals_correct(f->db.st, &f->db.cfg, res.id, KC_EIE_WRONG_TIME, "misread again", &e,
						 T0 + 46 * MIN, NULL, &f->db.err), KC_OK);
	assert_int_equal(capture(f, REPORT, 0), KC_OK);
	first = strstr(f->buf, "111/71");
	second = strstr(f->buf, "133/73");
	third = strstr(f->buf, "144/74");
	other = strstr(f->buf, "122/72");
	assert_true(first && second && third && other);
	assert_true(first < second && second < third && third < other);
	assert_int_equal(count(f->buf, "(correction of the entry above)"), 2);
}

/* After signing: the amendment in its own section after the signature, before the
 * addenda, its entry marked where it stands; a hold that was only released is no
 * takeover. */
static void test_report_amendment_after_signature_with_its_entry_marked(void **state)
{
	struct fx *f = *state;
	const char *sig, *am, *ad;
	kc_id id;

	patient_session(f, "Alex Report");
	id = vitals(f, T0 + 10 * MIN, T0 + 10 * MIN, "120/80", "72", 0);
	assert_int_equal(kc_session_hold(f->db.st, f->session, T0 + 11 * MIN, NULL, 0, NULL, &f->db.err), KC_OK);
	assert_int_equal(kc_session_release(f->db.st, f->session, T0 + 12 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_session_end(f->db.st, f->session, "aborted", "patient declined", T0 + 20 * MIN, &f->db.err),
			 KC_OK);
	assert_int_equal(kc_session_sign(f->db.st, f->session, T0 + 21 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_amendment_add(f->db.st, f->session, "vitals", id, "the heart rate was 92, not 72; read off "
					  "the second monitor after the first one was found to lag badly",
					  "transcription error found at audit", T0 + 60 * MIN, NULL, &f->db.err), KC_OK);
	assert_int_equal(kc_addendum_add(f->db.st, f->session, "called the patient next day", T0 + 90 * MIN, &f->db.err),
			 KC_OK);
	assert_int_equal(capture(f, REPORT, 0), KC_OK);
	assert_fits_80_ascii(f->buf);
	sig = strstr(f->buf, "Signature    signed by tester");
	am = strstr(f->buf, "\nAMENDMENTS");
	ad = strstr(f->buf, "\nADDENDA");
	assert_true(sig && am && ad && sig < am && am < ad);
	assert_contains(am, "by tester:\n    Amends      the vitals reading of");
	assert_contains(am, "Reason      transcription error found at audit");
	assert_true(strstr(f->buf, "[AMENDED after signing: see AMENDMENTS]") < am);
	assert_null(strstr(f->buf, "TAKEOVERS"));
}

/* The line of s that starts with line (given with its leading "\n") has an AMENDED mark on
 * the line right under it. */
static int marked_under(const char *s, const char *line)
{
	const char *at = strstr(s, line), *next, *end;

	if (!at || !(next = strchr(at + 1, '\n')))
		return 0;
	end = strchr(next + 1, '\n');
	at = strstr(next + 1, "[AMENDED after signing");
	return at && (!end || at < end);
}

/* An amended weight (the one the dose was worked out from) is marked under its own line and
 * named by when it was taken. */
static void test_report_amended_weight_is_marked_under_the_weight(void **state)
{
	struct fx *f = *state;
	struct kc_weight_row w;
	const char *line, *am;

	patient_session(f, "Alex Report");
	assert_int_equal(kc_weight_add(f->db.st, f->patient, f->session, 81.5, T0 + 5 * MIN, T0 + 5 * MIN, &f->db.err),
			 KC_OK);
	assert_int_equal(kc_weight_of_session(f->db.st, f->session, &w, &f->db.err), KC_OK);
	assert_int_equal(kc_session_end(f->db.st, f->session, "aborted", "patient declined", T0 + 20 * MIN, &f->db.err),
			 KC_OK);
	assert_int_equal(kc_session_sign(f->db.st, f->session, T0 + 21 * MIN, &f->db.err), KC_OK);
	assert_int_equal(capture(f, REPORT, 0), KC_OK);
	assert_null(strstr(f->buf, "AMENDED"));
	assert_int_equal(kc_amendment_add(f->db.st, f->session, "weight", w.id, "Weight 75.1 kg", "scale in lb, not kg",
					  T0 + 60 * MIN, NULL, &f->db.err), KC_OK);
	assert_int_equal(capture(f, REPORT, 0), KC_OK);
	line = strstr(f->buf, "\nWeight       81.5 kg\n");
	am = strstr(f->buf, "\nAMENDMENTS");
	assert_true(line && am && line < am);
	assert_true(marked_under(f->buf, "\nWeight       81.5 kg"));
	assert_contains(f->buf, "[AMENDED after signing: see AMENDMENTS]");
	assert_contains(am, "Amends      the weight of ");
	assert_contains(am, "Should say  Weight 75.1 kg");
}

/* Amended screening answers (a checklist item, consent) are marked where each stands and
 * named by when they were answered; an answer not amended has no mark. */
static void test_report_amended_screening_answers_are_marked_where_they_stand(void **state)
{
	struct fx *f = *state;
	const struct kc_answer_row *opioid, *consent;
	struct kc_record rec;

	patient_session(f, "Alex Report");
	assert_int_equal(kc_screen_set(f->db.st, f->session, "drug_opioid", "no", "", T0 + MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_screen_set(f->db.st, f->session, "drug_benzo", "no", "", T0 + MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_screen_set(f->db.st, f->session, "consent", "yes", "", T0 + 2 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_session_end(f->db.st, f->session, "aborted", "patient declined", T0 + 20 * MIN, &f->db.err),
			 KC_OK);
	assert_int_equal(kc_session_sign(f->db.st, f->session, T0 + 21 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_record_load(f->db.st, f->session, &rec, &f->db.err), KC_OK);
	opioid = kc_record_answer(&rec, "drug_opioid");
	consent = kc_record_answer(&rec, "consent");
	assert_non_null(opioid);
	assert_non_null(consent);
	assert_null(kc_record_answer(&rec, "no_such_item"));
	assert_int_equal(kc_amendment_add(f->db.st, f->session, "screening_answer", opioid->id, "yes: tramadol daily",
					  "told us later", T0 + 60 * MIN, NULL, &f->db.err), KC_OK);
	assert_int_equal(kc_amendment_add(f->db.st, f->session, "screening_answer", consent->id, "yes, in writing",
					  "form found", T0 + 61 * MIN, NULL, &f->db.err), KC_OK);
	kc_record_free(&rec);
	assert_int_equal(capture(f, REPORT, 0), KC_OK);
	assert_true(marked_under(f->buf, "\n  no    Takes opioids (sedation)"));
	assert_true(marked_under(f->buf, "\nConsent      yes"));
	assert_false(marked_under(f->buf, "\n  no    Takes benzodiazepines (sedation)"));
	assert_int_equal(count(f->buf, "Amends      the screening answer of "), 2);
}

static void test_report_without_amendments_has_no_such_section(void **state)
{
	struct fx *f = *state;

	patient_session(f, "Alex Report");
	vitals(f, T0 + 10 * MIN, T0 + 10 * MIN, "120/80", "72", 0);
	assert_int_equal(capture(f, REPORT, 0), KC_OK);
	assert_null(strstr(f->buf, "AMENDMENTS"));
	assert_null(strstr(f->buf, "AMENDED"));
	assert_null(strstr(f->buf, "TAKEOVERS"));
}

static void test_report_unknown_session_not_found(void **state)
{
	struct fx *f = *state;

	f->session = 999;
	assert_int_equal(capture(f, REPORT, 0), KC_ERR_NOTFOUND);
	assert_string_equal(f->db.err.msg, "no session 999");
}

/* ---------- CSV ---------- */

static void test_csv_quotes_comma_quote_newline_and_ends_rows_with_crlf(void **state)
{
	struct fx *f = *state;

	patient_session(f, "Smith, Jo");
	observe(f, T0 + 5 * MIN, "said \"stop\", then\nvomited");
	assert_int_equal(capture(f, OBS_CSV, 0), KC_OK);
	assert_true(strncmp(f->buf, "record_type,row_id,session_id,chart_no,patient,", 47) == 0);
	assert_contains(f->buf, ",\"Smith, Jo\",");
	assert_contains(f->buf, ",\"said \"\"stop\"\", then\nvomited\",");
	assert_contains(f->buf, "status,error_reason,corrects,amends,amended_to,amendment_reason\r\n");
	assert_true(f->len >= 2 && strcmp(f->buf + f->len - 2, "\r\n") == 0);
	assert_int_equal(count(f->buf, "\r\n"), 2);
	assert_contains(f->buf, "2023-11-14T22:18:20Z"); /* T0 + 5 min in UTC */
}

/* The vitals table (the default) has the readings, the observations table the rest. */
static void test_csv_one_row_per_reading_and_observation(void **state)
{
	struct fx *f = *state;

	patient_session(f, "Alex Csv");
	vitals(f, T0 + 10 * MIN, T0 + 10 * MIN, "120/80", "72", 1);
	vitals(f, T0 + 20 * MIN, T0 + 20 * MIN, "130/85", "75", 0);
	observe(f, T0 + 25 * MIN, "mild");
	vitals(f, T0 + 30 * MIN, T0 + 30 * MIN, "125/82", "70", 0);
	observe(f, T0 + 35 * MIN, "better");
	assert_int_equal(capture(f, CSV, 0), KC_OK);
	assert_int_equal(count(f->buf, "\r\n"), 4);
	assert_int_equal(count(f->buf, "\r\nvitals,"), 3);
	assert_contains(f->buf, ",130,85,75,97,16,36.8,5,");
	assert_true(strstr(f->buf, "120,80") < strstr(f->buf, "130,85")); /* in time order */
	assert_int_equal(capture(f, OBS_CSV, 0), KC_OK);
	assert_int_equal(count(f->buf, "\r\n"), 3);
	assert_int_equal(count(f->buf, "\r\nobservation,"), 2);
	assert_true(strstr(f->buf, "mild") < strstr(f->buf, "better"));
}

/* --since is when an entry was made (or corrected, or amended), not when it was taken:
 * the boundary second is in, the second after it out (test_changes.c has the rest). */
static void test_export_since_includes_boundary_and_later_only(void **state)
{
	struct fx *f = *state;

	patient_session(f, "Alex Since");
	vitals(f, T0 + 10 * MIN, T0 + 10 * MIN, "120/80", "71", 0);
	vitals(f, T0 + 20 * MIN, T0 + 20 * MIN, "121/80", "72", 0);
	observe(f, T0 + 19 * MIN, "early");
	assert_int_equal(capture(f, CSV, T0 + 20 * MIN), KC_OK);
	assert_contains(f->buf, "121,80,72");
	assert_null(strstr(f->buf, "120,80,71"));
	assert_null(strstr(f->buf, "early")); /* made after the reading of +20 min, stamped +19 */
	assert_int_equal(capture(f, FHIR, T0 + 20 * MIN), KC_OK);
	assert_int_equal(count(f->buf, "\"8867-4\""), 1);
}

/* ---------- FHIR ---------- */

/* Strings closed, escapes legal, no raw control bytes, brackets balanced and nested. */
static void assert_json_balanced(const char *s)
{
	char stack[64];
	int depth = 0, in_str = 0;

	for (; *s; s++) {
		if (in_str) {
			assert_true((unsigned char)*s >= 0x20);
			if (*s == '\\') {
				s++;
				assert_non_null(strchr("\"\\/bfnrtu", *s));
			} else if (*s == '"') {
				in_str = 0;
			}
		} else if (*s == '"') {
			in_str = 1;
		} else if (*s == '{' || *s == '[') {
			assert_true(depth < 64);
			stack[depth++] = *s == '{' ? '}' : ']';
		} else if (*s == '}' || *s == ']') {
			assert_true(depth > 0);
			assert_int_equal(*s, stack[--depth]);
		}
	}
	assert_int_equal(in_str, 0);
	assert_int_equal(depth, 0);
}

static void test_fhir_bundle_has_loinc_ucum_and_balanced_json(void **state)
{
	struct fx *f = *state;

	patient_session(f, "Ann \"Nan\" O'Neil\\"); /* a tab is refused in a name (test_text.c) */
	vitals(f, T0 + 10 * MIN, T0 + 10 * MIN, "120/80", "72", 1);
	assert_int_equal(capture(f, FHIR, 0), KC_OK);
	assert_json_balanced(f->buf);
	assert_contains(f->buf, "\"resourceType\":\"Bundle\"");
	assert_contains(f->buf, "\"type\":\"collection\"");
	assert_contains(f->buf, "\"vital-signs\"");
	static const char *const codes[] = { "85354-9", "8480-6", "8462-4", "8867-4", "59408-5",
					     "2708-6", "9279-1", "8310-5" };
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		char q[32];

		snprintf(q, sizeof q, "\"%s\"", codes[i]);
		assert_contains(f->buf, q);
	}
	assert_contains(f->buf, "\"code\":\"mm[Hg]\"");
	assert_contains(f->buf, "\"code\":\"Cel\"");
	assert_contains(f->buf, "\"value\":36.8");
	assert_contains(f->buf, "\"effectiveDateTime\":\"2023-11-14T22:23:20Z\"");
	assert_contains(f->buf, "Ann \\\"Nan\\\" O'Neil\\\\\"");
	assert_int_equal(count(f->buf, "\"resourceType\":\"Observation\""), 6); /* and MOAA/S */
}

static void test_fhir_marks_entered_in_error(void **state)
{
	struct fx *f = *state;
	kc_id id;

	patient_session(f, "Alex Fhir");
	id = vitals(f, T0 + 10 * MIN, T0 + 10 * MIN, "120/80", "72", 0);
	assert_int_equal(capture(f, FHIR, 0), KC_OK);
	assert_null(strstr(f->buf, "entered-in-error"));
	assert_int_equal(kc_chart_vitals_correct(f->db.st, &f->db.cfg, id, KC_EIE_WRONG_PATIENT, "other chair", NULL,
						 T0 + 12 * MIN, NULL, &f->db.err), KC_OK);
	assert_int_equal(capture(f, FHIR, 0), KC_OK);
	assert_int_equal(count(f->buf, "\"status\":\"entered-in-error\""), 6);
	assert_null(strstr(f->buf, "\"status\":\"final\""));
}

/* ---------- demo ---------- */

static void test_demo_fills_three_sessions_and_refuses_second_run(void **state)
{
	struct fx *f = *state;
	time_t now = T0 + 10 * 86400;
	struct kc_session *rows = NULL, *open = NULL;
	struct kc_patient *pts = NULL;
	struct kc_audit_row *audit = NULL;
	size_t n = 0, nopen = 0, np = 0, na = 0, nsigned = 0;

	assert_int_equal(kc_demo_fill(f->db.st, &f->db.cfg, now, &f->db.err), KC_OK);
	assert_int_equal(kc_session_list(f->db.st, 0, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++)
		nsigned += rows[i].signed_by[0] != '\0';
	assert_int_equal(nsigned, 2);
	assert_int_equal(kc_session_list_open(f->db.st, &open, &nopen, &f->db.err), KC_OK);
	assert_int_equal(nopen, 1);
	assert_int_equal(open[0].route, KC_ROUTE_IV);
	assert_int_equal(open[0].dose_start, now - 15 * MIN);
	assert_int_equal(kc_patient_find(f->db.st, "", &pts, &np, &f->db.err), KC_OK);
	assert_true(np >= 4);
	assert_int_equal(kc_audit_list(f->db.st, "", 0, &audit, &na, &f->db.err), KC_OK);
	assert_true(na > 50);
	assert_int_equal(kc_demo_fill(f->db.st, &f->db.cfg, now, &f->db.err), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "already has"));
	free(rows);
	free(open);
	free(pts);
	free(audit);
}

static void test_demo_sessions_show_what_they_promise(void **state)
{
	struct fx *f = *state;
	time_t now = T0 + 10 * 86400;
	struct kc_session *rows = NULL;
	struct kc_chart_state cs;
	size_t n = 0;

	assert_int_equal(kc_demo_fill(f->db.st, &f->db.cfg, now, &f->db.err), KC_OK);
	assert_int_equal(kc_session_list(f->db.st, 0, &rows, &n, &f->db.err), KC_OK);
	for (size_t i = 0; i < n; i++) {
		f->session = rows[i].id;
		assert_int_equal(capture(f, REPORT, 0), KC_OK);
		assert_int_equal(kc_chart_state_load(f->db.st, &f->db.cfg, rows[i].id, now, &cs, &f->db.err), KC_OK);
		if (rows[i].route == KC_ROUTE_ESKETAMINE) {
			assert_int_equal(cs.devices_given, 3);
			assert_contains(f->buf, "CADSS-6");
		} else if (rows[i].signed_by[0]) {
			assert_contains(f->buf, "acknowledged by");
			assert_contains(f->buf, "ondansetron");
			assert_contains(f->buf, "[ENTERED IN ERROR");
			assert_contains(f->buf, "Relative contraindication");
		} else {
			assert_int_equal(cs.sched.state, KC_DUE_LATER);
			assert_true(cs.sched.next_due - now <= 10 * MIN);
			assert_int_equal(cs.readings, 3);
			assert_contains(f->buf, "NOT SIGNED");
		}
		if (rows[i].signed_by[0])
			assert_contains(f->buf, "READY for discharge");
	}
	free(rows);
}

/* Every confirming note and the override reason reach the chart: they justify dosing. */
static void test_report_shows_every_confirmation_note(void **state)
{
	static const char *const keys[] = { "bp_confirm", "fasting_confirm", "pretreat_confirm",
					    "suicide_confirm", "override" };
	struct fx *f = *state;
	char note[64];

	patient_session(f, "Confirm Patient");
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		snprintf(note, sizeof note, "note-for-%s", keys[i]);
		assert_int_equal(kc_screen_set(f->db.st, f->session, keys[i], "yes", note, T0 + 60, &f->db.err), KC_OK);
	}
	assert_int_equal(capture(f, REPORT, 0), KC_OK);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		snprintf(note, sizeof note, "note-for-%s", keys[i]);
		assert_contains(f->buf, note);
	}
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_report_shows_values_units_flags_and_ack),
		T(test_report_shows_due_time_and_overdue_minutes),
		T(test_report_lines_fit_80_columns_in_ascii),
		T(test_report_keeps_entered_in_error_marked_with_replacement_after),
		T(test_report_chains_a_correction_of_a_correction_after_the_original),
		T(test_report_unknown_session_not_found),
		T(test_report_amendment_after_signature_with_its_entry_marked),
		T(test_report_amended_weight_is_marked_under_the_weight),
		T(test_report_amended_screening_answers_are_marked_where_they_stand),
		T(test_report_without_amendments_has_no_such_section),
		T(test_report_shows_every_confirmation_note),
		T(test_csv_quotes_comma_quote_newline_and_ends_rows_with_crlf),
		T(test_csv_one_row_per_reading_and_observation),
		T(test_export_since_includes_boundary_and_later_only),
		T(test_fhir_bundle_has_loinc_ucum_and_balanced_json),
		T(test_fhir_marks_entered_in_error),
		T(test_demo_fills_three_sessions_and_refuses_second_run),
		T(test_demo_sessions_show_what_they_promise),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
