/* test_query_plans.c — no screen's load scans a clinical table (issue 10).
 *
 * Each screen's load is run through the very calls the screen makes (the comments name
 * the screen and its file), on a populated database; then the store gives the EXPLAIN
 * QUERY PLAN of every statement it prepared on the way (kc_store_plans, from each
 * statement's own SQL text, so the plans judged are those of the queries that run). A
 * plan line "SCAN <table>" (a whole-table or whole-index read) fails the test unless the
 * table is a small one named below with its reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "kc_booking.h"
#include "kc_chart.h"
#include "kc_course.h"
#include "kc_record.h"
#include "kc_report.h"
#include "kc_store.h"

#define T0 1767258000 /* 2026-01-01 09:00 UTC */
#define DAY 86400

/* Scans allowed, each with its reason: the plan line holds `line`, in a statement that
 * holds `sql` (NULL: any). */
static const struct allowed {
	const char *line;
	const char *sql;
	const char *why;
} allowed[] = {
	{ "SCAN CONSTANT ROW", NULL, "reads no table" },
	{ "SCAN k VIRTUAL TABLE", "json_each", "json_each over one row's JSON" },
	{ "SCAN clinician", NULL, "the clinic's staff: tens of rows, not history" },
	{ "SCAN training", NULL, "one row at most (migration 6)" },
	{ "SCAN drug_waste USING INDEX drug_waste_pending", "witness IS NULL", "the wastes waiting for a "
	  "witness: a partial index, the size of the day's work" },
	{ "SCAN session USING INDEX session_open", "ended_at IS NULL", "a partial index of the "
	  "sessions in progress only (migration 7): the day's work, not the history" },
	{ "SCAN o", "FROM rems_owed o", "the REMS forms not submitted (migration 18): the few owed, "
	  "kept by triggers, not every esketamine session ever dosed" },
	{ "SCAN patient USING INDEX patient_name", "INDEXED BY patient_name", "every patient in name order "
	  "(migration 18's index, no sort: the export, the courses report; the start screen a page of it, "
	  "judged by start_reads_a_page); patients grow by a few hundred a year, not with sessions or readings" },
	{ "SCAN patient USING COVERING INDEX", "SELECT count(*) FROM patient", "the count of patients the "
	  "start screen shows: SQLite counts an index's entries, no row read" },
	{ "SCAN stock_receipt USING INDEX stock_receipt_lot", NULL, "the stock received: a delivery "
	  "a week or so, not history that grows with sessions" },
	{ "SCAN patient", "instr(lower(patient.name)", "the patient search matches any part of a name or "
	  "chart number, which no index answers; patients grow by a few hundred a year, not with "
	  "sessions or readings" },
};

struct found {
	int bad;
	int lines;
};

/* An INSERT of VALUES reads no table but a foreign key's: a row inserted into a parent
 * table looks for children only while a deferred violation is outstanding (SQLite's
 * OP_FkIfZero skips it otherwise, and ketchart defers none), though the plan lists it. */
static int values_insert(const char *sql)
{
	return strncmp(sql, "INSERT INTO ", 12) == 0 && strstr(sql, ") VALUES (") && !strstr(sql, "SELECT");
}

static int is_allowed(const char *sql, const char *line)
{
	if (values_insert(sql))
		return 1;
	for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
		if (strstr(line, allowed[i].line) && (!allowed[i].sql || strstr(sql, allowed[i].sql)))
			return 1;
	return 0;
}

static void judge(void *ctx, const char *sql, const char *line)
{
	struct found *f = ctx;
	const char *p = strstr(line, "SCAN ");

	f->lines++;
	if (!p || (p != line && p[-1] != ' ') || is_allowed(sql, line))
		return;
	print_error("scan: %s\n  in: %s\n", line, sql);
	f->bad++;
}

struct fx {
	struct kc_tdb db;
	kc_id patient, open, done;
};

static void vitals(struct fx *f, kc_id s, time_t at, int k)
{
	struct kc_vitals_entry e = { .text = { .bp = "124/80", .heart_rate = "72", .spo2 = "98",
					       .resp_rate = "14", .moaas = "5" } };
	struct kc_vitals_result res;

	e.taken = at;
	(void)k;
	if (kc_chart_vitals(f->db.st, &f->db.cfg, s, &e, at, &res, &f->db.err) != KC_OK)
		fail_msg("vitals: %s", f->db.err.msg);
}

/* The demo's sessions (screening, doses, effects, discharge, signed, amended, open) and
 * a few hundred more sessions with readings, so every table has rows. */
static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct kc_session *open = NULL;
	size_t n = 0;
	char chart[16];

	assert_non_null(f);
	tdb_create(&f->db, "plans", "nurse1");
	assert_int_equal(kc_demo_fill(f->db.st, &f->db.cfg, T0 + 400 * DAY, &f->db.err), KC_OK);
	for (int i = 0; i < 40; i++) {
		snprintf(chart, sizeof chart, "QP%04d", i);
		kc_id p = tdb_patient(&f->db, chart, i % 2 ? "Ada Lovelace" : "Alan Turing", "1970-01-01",
				      T0 + i * DAY);
		for (int j = 0; j < 5; j++) {
			kc_id s = tdb_session(&f->db, p, KC_ROUTE_IV, T0 + (i * 5 + j) * DAY);

			for (int k = 0; k < 3; k++)
				vitals(f, s, T0 + (i * 5 + j) * DAY + k * 300, k);
		}
	}
	assert_int_equal(kc_session_list_open(f->db.st, &open, &n, &f->db.err), KC_OK);
	assert_true(n > 0);
	f->open = open[0].id;
	f->patient = open[0].patient_id;
	free(open);
	*state = f;
	return 0;
}

/* Every statement the connection has prepared so far, judged. */
static void assert_no_scan(struct fx *f, const char *screen)
{
	struct found found = { 0, 0 };

	if (kc_store_plans(f->db.st, judge, &found, &f->db.err) != KC_OK)
		fail_msg("plans: %s", f->db.err.msg);
	assert_true(found.lines > 0);
	if (found.bad)
		fail_msg("%s: %d plan line(s) scan a clinical table", screen, found.bad);
}

/* The connection that charted the demo and the sessions above: every write path's own
 * reads (the checks before a write, the state it returns). */
static void writes(void **state)
{
	assert_no_scan(*state, "charting");
}

/* A fresh connection, so the plans judged are those of one screen's load. */
static void reopen(struct fx *f)
{
	kc_store_close(f->db.st);
	f->db.st = NULL;
	tdb_open(&f->db, "nurse1");
}

static void load_state(struct fx *f, kc_id s)
{
	struct kc_chart_state cs;

	if (kc_chart_state_load(f->db.st, &f->db.cfg, s, T0 + 400 * DAY, &cs, &f->db.err) != KC_OK)
		fail_msg("state of %lld: %s", s, f->db.err.msg);
}

/* scr_start.c (load_sessions, load_patients, today_load in start_today.c, ui_paper_load in
 * ui_paper.c), scr_board.c (load) and scr_paper.c (load): the sessions in progress, each
 * one's state and holder, today's bookings, the REMS forms owed, the wastes to witness, the
 * patient list. */
static void start_and_board(void **state)
{
	struct fx *f = *state;
	struct kc_session *open = NULL;
	struct kc_patient *pts = NULL;
	struct kc_patient p;
	enum kc_role role;
	struct kc_booking *bk = NULL;
	struct kc_patient_line *lines = NULL;
	struct kc_rems_form_row *forms = NULL;
	struct kc_drug_row *waste = NULL;
	char holder[KC_LOGIN_MAX];
	size_t n = 0, np = 0, nb = 0, nf = 0, nw = 0, at = 0;

	reopen(f);
	assert_int_equal(kc_store_actor_role(f->db.st, &role, &f->db.err), KC_OK);
	assert_int_equal(kc_session_list_open(f->db.st, &open, &n, &f->db.err), KC_OK);
	for (size_t i = 0; i < n; i++) {
		load_state(f, open[i].id);
		assert_int_equal(kc_session_holder(f->db.st, open[i].id, holder, sizeof holder, NULL,
						   &f->db.err), KC_OK);
	}
	assert_int_equal(kc_today(f->db.st, &f->db.cfg, T0 + 400 * DAY, &bk, &nb, &f->db.err), KC_OK);
	assert_int_equal(kc_rems_form_list(f->db.st, 1, &forms, &nf, &f->db.err), KC_OK);
	assert_int_equal(kc_drug_waste_list(f->db.st, 0, 1, &waste, &nw, &f->db.err), KC_OK);
	assert_int_equal(kc_patient_find(f->db.st, "", &pts, &np, &f->db.err), KC_OK);
	free(pts);
	assert_int_equal(kc_patient_count(f->db.st, "", &np, &f->db.err), KC_OK);
	assert_int_equal(kc_patient_page(f->db.st, "", 0, 40, &lines, &np, &f->db.err), KC_OK);
	free(lines);
	assert_int_equal(kc_patient_page(f->db.st, "ada", 0, 40, &lines, &np, &f->db.err), KC_OK);
	assert_true(np > 0);
	assert_int_equal(kc_patient_rank(f->db.st, "ada", lines[0].id, &at, &f->db.err), KC_OK);
	free(lines);
	free(bk);
	free(forms);
	free(waste);
	assert_int_equal(kc_patient_find(f->db.st, "ada", &pts, &np, &f->db.err), KC_OK);
	assert_true(np > 0);
	assert_int_equal(kc_patient_get(f->db.st, pts[0].id, &p, &f->db.err), KC_OK);
	free(pts);
	free(open);
	assert_no_scan(f, "start screen and board");
}

/* The start screen's patient list stricter still (issue 10): it reads only the page it shows,
 * so the patient_name index is stepped through only with a LIMIT; the count and a patient's
 * place are the index's entries, the search the one scan of patients allowed. */
static void judge_page(void *ctx, const char *sql, const char *line)
{
	struct found *f = ctx;

	f->lines++;
	if (!strstr(sql, "FROM patient")) /* opening the store: judged by start_and_board */
		return;
	if (!strstr(line, "SCAN ") || strstr(line, "SCAN CONSTANT ROW") ||
	    (strstr(line, "SCAN patient USING INDEX patient_name") && strstr(sql, " LIMIT ")) ||
	    (strstr(line, "SCAN patient USING COVERING INDEX") && strcmp(sql, "SELECT count(*) FROM patient") == 0) ||
	    (strstr(line, "SCAN patient") && strstr(sql, "instr(lower(patient.name)")))
		return;
	print_error("not a page: %s\n  in: %s\n", line, sql);
	f->bad++;
}

/* scr_start.c (load_patients, read_page): the count, a page from the start and one further
 * on, the cursor's patient's place, with the search and without; a fresh connection, so
 * only these statements are judged. */
static void start_reads_a_page(void **state)
{
	struct fx *f = *state;
	struct kc_patient_line *pg = NULL;
	struct found found = { 0, 0 };
	size_t n = 0, np = 0, at = 0;

	reopen(f);
	for (int q = 0; q < 2; q++) {
		const char *query = q ? "ada" : "";

		assert_int_equal(kc_patient_count(f->db.st, query, &n, &f->db.err), KC_OK);
		assert_true(n > 10);
		assert_int_equal(kc_patient_page(f->db.st, query, 0, 5, &pg, &np, &f->db.err), KC_OK);
		free(pg);
		assert_int_equal(kc_patient_page(f->db.st, query, n - 3, 5, &pg, &np, &f->db.err), KC_OK);
		assert_int_equal(np, 3);
		assert_int_equal(kc_patient_rank(f->db.st, query, pg[2].id, &at, &f->db.err), KC_OK);
		assert_int_equal(at, n - 1);
		free(pg);
	}
	if (kc_store_plans(f->db.st, judge_page, &found, &f->db.err) != KC_OK)
		fail_msg("plans: %s", f->db.err.msg);
	assert_true(found.lines > 0);
	if (found.bad)
		fail_msg("the start screen's patient list: %d plan line(s) read more than a page", found.bad);
	/* and the judge catches the whole list read the old way */
	judge_page(&found, "SELECT id, chart_no, name, dob FROM patient INDEXED BY patient_name ORDER BY name",
		   "SCAN patient USING INDEX patient_name");
	assert_int_equal(found.bad, 1);
}

/* scr_chart.c (load, the patient's sessions) and chart_data.c (kc_record_load, who). */
static void chart_view(void **state)
{
	struct fx *f = *state;
	struct kc_session *rows = NULL;
	struct kc_patient p;
	struct kc_record rec;
	char who[KC_NAME_MAX];
	size_t n = 0;

	reopen(f);
	assert_int_equal(kc_session_list(f->db.st, f->patient, &rows, &n, &f->db.err), KC_OK);
	assert_true(n > 0);
	assert_int_equal(kc_patient_get(f->db.st, f->patient, &p, &f->db.err), KC_OK);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(kc_record_load(f->db.st, rows[i].id, &rec, &f->db.err), KC_OK);
		kc_record_who(f->db.st, rec.s.clinician, who, sizeof who);
		kc_record_free(&rec);
	}
	free(rows);
	assert_no_scan(f, "chart view");
}

/* scr_session.c, scr_screening.c, scr_effects.c, scr_discharge.c, scr_hold.c: the
 * state, then each screen's own list. */
static void session_screens(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_row *vit = NULL;
	struct kc_dose_row *dose = NULL;
	struct kc_answer_row *ans = NULL;
	struct kc_obs_row *obs = NULL;
	struct kc_discharge_row *dc = NULL;
	struct kc_weight_row wt;
	struct kc_session s;
	struct kc_patient p;
	struct kc_clinician c;
	char holder[KC_LOGIN_MAX];
	time_t since;
	size_t n = 0;

	reopen(f);
	load_state(f, f->open);
	assert_int_equal(kc_vitals_list(f->db.st, f->open, &vit, &n, &f->db.err), KC_OK);
	assert_int_equal(kc_dose_list(f->db.st, f->open, &dose, &n, &f->db.err), KC_OK);
	assert_int_equal(kc_screen_list(f->db.st, f->open, &ans, &n, &f->db.err), KC_OK);
	assert_int_equal(kc_weight_of_session(f->db.st, f->open, &wt, &f->db.err), KC_OK);
	assert_int_equal(kc_obs_list(f->db.st, f->open, &obs, &n, &f->db.err), KC_OK);
	assert_int_equal(kc_discharge_list(f->db.st, f->open, &dc, &n, &f->db.err), KC_OK);
	assert_int_equal(kc_session_holder(f->db.st, f->open, holder, sizeof holder, &since, &f->db.err),
			 KC_OK);
	assert_int_equal(kc_session_get(f->db.st, f->open, &s, &f->db.err), KC_OK);
	assert_int_equal(kc_patient_get(f->db.st, s.patient_id, &p, &f->db.err), KC_OK);
	if (holder[0])
		assert_int_equal(kc_clinician_get(f->db.st, holder, &c, &f->db.err), KC_OK);
	free(vit);
	free(dose);
	free(ans);
	free(obs);
	free(dc);
	assert_no_scan(f, "session, screening, effects, discharge, hold");
}

/* scr_course.c (course_load): every session of the patient's course, each one's row. */
static void course(void **state)
{
	struct fx *f = *state;
	struct kc_course c;

	reopen(f);
	assert_int_equal(kc_course_load_all(f->db.st, &f->db.cfg, f->patient, -1, &c, &f->db.err), KC_OK);
	kc_course_free(&c);
	assert_no_scan(f, "course");
}

/* scr_users.c: the clinicians (allowed: staff, not history). */
static void users(void **state)
{
	struct fx *f = *state;
	struct kc_clinician *rows = NULL;
	size_t n = 0;

	reopen(f);
	assert_int_equal(kc_clinician_list(f->db.st, &rows, &n, &f->db.err), KC_OK);
	free(rows);
	assert_no_scan(f, "users");
}

/* `ketchart report` of every session (kc_report_text: the record, its holds, its audit). */
static void report(void **state)
{
	struct fx *f = *state;
	struct kc_session *rows = NULL;
	size_t n = 0;
	FILE *out = fopen("/dev/null", "w");

	assert_non_null(out);
	assert_int_equal(kc_session_list(f->db.st, f->patient, &rows, &n, &f->db.err), KC_OK);
	reopen(f);
	for (size_t i = 0; i < n; i++)
		if (kc_report_text(f->db.st, &f->db.cfg, rows[i].id, out, &f->db.err) != KC_OK)
			fail_msg("report %lld: %s", rows[i].id, f->db.err.msg);
	fclose(out);
	free(rows);
	assert_no_scan(f, "report");
}

/* The test itself fails on a scan: a statement written the old way is caught. */
static void catches_a_scan(void **state)
{
	struct fx *f = *state;
	struct found found = { 0, 0 };

	judge(&found, "SELECT * FROM vitals", "SCAN vitals");
	judge(&found, "SELECT * FROM session", "SCAN session USING INDEX session_patient");
	judge(&found, "SELECT * FROM clinician", "SCAN clinician");
	judge(&found, "SELECT * FROM vitals WHERE session_id = 1",
	      "SEARCH vitals USING INDEX vitals_session (session_id=?)");
	assert_int_equal(found.bad, 2);
	(void)f;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(catches_a_scan),
		cmocka_unit_test(writes),
		cmocka_unit_test(start_and_board),
		cmocka_unit_test(start_reads_a_page),
		cmocka_unit_test(chart_view),
		cmocka_unit_test(session_screens),
		cmocka_unit_test(course),
		cmocka_unit_test(users),
		cmocka_unit_test(report),
	};

	return cmocka_run_group_tests(tests, setup, tdb_teardown);
}
