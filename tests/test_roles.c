/* test_roles.c — who is charting: the first admin, unknown and disabled logins, the
 * physician-only acts (override, discharge with unmet criteria, amendments), session holds
 * and takeovers, and PRAGMA data_version. Each clinician is a connection of their own to
 * one on-disk database, as at a clinic where several chart at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "kc_chart.h"
#include "kc_report.h"
#include "kc_time.h"
#include "kc_verify.h"

#define MIN 60
#define T0 ((time_t)1763726400) /* 2025-11-21 12:00 UTC */
#define UNKNOWN_MSG(l) "user '" l "' is not a ketchart clinician: ask an admin to run 'ketchart user add " l "'"

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it; st is admin1's connection */
	struct kc_store *admin, *nurse, *doc;
	kc_id patient, session;
};

static struct kc_store *open_as(struct fx *f, const char *login)
{
	struct kc_store *st = NULL;

	assert_int_equal(kc_store_open(&st, f->db.path, KC_OPEN_CREATE, login, &f->db.err), KC_OK);
	return st;
}

/* admin1 creates the database (its first admin) and adds nurse1 and doc1; admin1 creates
 * one patient with one IV session that nobody holds. */
static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_folder(&f->db, "roles", "roles.db");
	tdb_open(&f->db, "admin1");
	f->admin = f->db.st; /* closed by tdb_destroy */
	assert_int_equal(kc_clinician_add(f->admin, "nurse1", "Nina Nurse", KC_ROLE_NURSE, T0, &f->db.err), KC_OK);
	assert_int_equal(kc_clinician_add(f->admin, "doc1", "Dr Dora", KC_ROLE_PHYSICIAN, T0, &f->db.err), KC_OK);
	f->nurse = open_as(f, "nurse1");
	f->doc = open_as(f, "doc1");
	f->patient = tdb_patient(&f->db, "R-1", "Ada Lovelace", "1980-05-17", T0);
	f->session = tdb_session(&f->db, f->patient, KC_ROUTE_IV, T0);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	kc_store_close(f->nurse);
	kc_store_close(f->doc);
	return tdb_teardown(state); /* and admin1's connection */
}

static long long count(struct fx *f, const char *table)
{
	long long n = -1;

	assert_int_equal(kc_store_count(f->admin, table, &n, &f->db.err), KC_OK);
	return n;
}

static int add_vitals(struct fx *f, struct kc_store *st, time_t now)
{
	struct kc_vitals_entry e = { .status = KC_VITALS_TAKEN, .taken = now };

	e.text = (struct kc_vitals_text){ "128/82", "72", "98", "14", "", "5" };
	return kc_chart_vitals(st, &f->db.cfg, f->session, &e, now, NULL, &f->db.err);
}

/* End (aborted) and sign the session as st. */
static void end_and_sign_as(struct fx *f, struct kc_store *st, time_t now)
{
	assert_int_equal(kc_session_end(st, f->session, "aborted", "patient unwell", now, &f->db.err), KC_OK);
	assert_int_equal(kc_session_sign(st, f->session, now, &f->db.err), KC_OK);
}

static void end_and_sign(struct fx *f, time_t now)
{
	end_and_sign_as(f, f->admin, now);
}

static char *report_of(struct fx *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	assert_int_equal(kc_report_text(f->admin, &f->db.cfg, f->session, out, &f->db.err), KC_OK);
	fclose(out);
	return buf;
}

static void hm(time_t t, char *out, size_t n)
{
	kc_time_local_hm(t, out, n);
}

/* ---------- who the actor is ---------- */

static void test_first_login_on_a_new_database_is_its_admin_and_acts_as_physician(void **state)
{
	struct fx *f = *state;
	struct kc_clinician c;
	enum kc_role role = KC_ROLE_NURSE;

	assert_int_equal(kc_store_actor_role(f->admin, &role, &f->db.err), KC_OK);
	assert_int_equal(role, KC_ROLE_ADMIN);
	assert_int_equal(kc_clinician_get(f->admin, "admin1", &c, &f->db.err), KC_OK);
	assert_string_equal(c.display_name, "admin1"); /* named by the login until an admin says otherwise */
	/* the later logins were added by the admin, not made admins by opening */
	assert_int_equal(kc_store_actor_role(f->doc, &role, &f->db.err), KC_OK);
	assert_int_equal(role, KC_ROLE_PHYSICIAN);
	assert_int_equal(count(f, "clinician"), 3);
	/* an admin may do what a physician may */
	assert_int_equal(kc_screen_set(f->admin, f->session, "override.aneurysm", "1", "benefit outweighs risk", T0 + MIN,
				       &f->db.err), KC_OK);
}

static void test_unknown_login_is_denied_and_not_added(void **state)
{
	struct fx *f = *state;
	struct kc_patient p = { .chart_no = "R-2", .name = "Bob Byron", .dob = "1970-01-01" };
	struct kc_store *bob = open_as(f, "bob");
	enum kc_role role = KC_ROLE_ADMIN;
	kc_id id = 0;

	assert_int_equal(kc_store_actor_role(bob, &role, &f->db.err), KC_ERR_DENIED);
	assert_string_equal(f->db.err.msg, UNKNOWN_MSG("bob"));
	assert_int_equal(role, KC_ROLE_ADMIN); /* untouched */
	assert_int_equal(kc_patient_add(bob, &p, T0, &id, &f->db.err), KC_ERR_DENIED);
	assert_int_equal(add_vitals(f, bob, T0 + MIN), KC_ERR_DENIED);
	assert_string_equal(f->db.err.msg, UNKNOWN_MSG("bob"));
	assert_int_equal(kc_session_hold(bob, f->session, T0, NULL, 0, NULL, &f->db.err), KC_ERR_DENIED);
	kc_store_close(bob);
	assert_int_equal(count(f, "patient"), 1);
	assert_int_equal(count(f, "vitals"), 0);
	assert_int_equal(count(f, "clinician"), 3); /* opening added nobody */
}

static void test_disabled_login_is_denied_and_its_entries_stay(void **state)
{
	struct fx *f = *state;
	struct kc_clinician c;
	enum kc_role role;

	assert_int_equal(add_vitals(f, f->nurse, T0 + MIN), KC_OK);
	assert_int_equal(kc_clinician_disable(f->admin, "nurse1", T0 + 2 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_store_actor_role(f->nurse, &role, &f->db.err), KC_ERR_DENIED);
	assert_non_null(strstr(f->db.err.msg, "user 'nurse1' is not a ketchart clinician (disabled)"));
	assert_int_equal(add_vitals(f, f->nurse, T0 + 3 * MIN), KC_ERR_DENIED);
	assert_int_equal(count(f, "vitals"), 1);
	assert_int_equal(kc_clinician_get(f->admin, "nurse1", &c, &f->db.err), KC_OK);
	assert_false(c.active);
	/* disabling twice is harmless; adding again enables the login, keeping its name */
	assert_int_equal(kc_clinician_disable(f->admin, "nurse1", T0 + 4 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_clinician_add(f->admin, "nurse1", NULL, KC_ROLE_NURSE, T0 + 5 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_clinician_get(f->admin, "nurse1", &c, &f->db.err), KC_OK);
	assert_true(c.active);
	assert_string_equal(c.display_name, "Nina Nurse");
	assert_int_equal(add_vitals(f, f->nurse, T0 + 6 * MIN), KC_OK);
	assert_int_equal(kc_clinician_disable(f->admin, "ghost", T0, &f->db.err), KC_ERR_NOTFOUND);
}

static void test_last_active_admin_can_be_neither_disabled_nor_demoted(void **state)
{
	struct fx *f = *state;
	struct kc_clinician c;

	assert_int_equal(kc_clinician_disable(f->admin, "admin1", T0, &f->db.err), KC_ERR_INVALID);
	assert_string_equal(f->db.err.msg, "admin1 is the last active admin: make another clinician an admin first");
	assert_int_equal(kc_clinician_add(f->admin, "admin1", NULL, KC_ROLE_PHYSICIAN, T0, &f->db.err), KC_ERR_INVALID);
	assert_int_equal(kc_clinician_get(f->admin, "admin1", &c, &f->db.err), KC_OK);
	assert_int_equal(c.role, KC_ROLE_ADMIN);
	assert_true(c.active);
	/* with a second admin, the first may go */
	assert_int_equal(kc_clinician_add(f->admin, "doc1", NULL, KC_ROLE_ADMIN, T0 + 1, &f->db.err), KC_OK);
	assert_int_equal(kc_clinician_disable(f->admin, "admin1", T0 + 2, &f->db.err), KC_OK);
	assert_int_equal(kc_clinician_disable(f->doc, "doc1", T0 + 3, &f->db.err), KC_ERR_INVALID);
}

static void test_only_an_admin_manages_clinicians(void **state)
{
	struct fx *f = *state;
	struct kc_clinician *rows = NULL;
	size_t n = 9;

	assert_int_equal(kc_clinician_add(f->doc, "eve", "Eve", KC_ROLE_NURSE, T0, &f->db.err), KC_ERR_DENIED);
	assert_string_equal(f->db.err.msg, "only an admin may manage clinicians (doc1 is a physician)");
	assert_int_equal(kc_clinician_disable(f->nurse, "doc1", T0, &f->db.err), KC_ERR_DENIED);
	assert_int_equal(kc_clinician_list(f->nurse, &rows, &n, &f->db.err), KC_ERR_DENIED);
	assert_null(rows);
	assert_int_equal(n, 0);
	assert_int_equal(count(f, "clinician"), 3);
	assert_int_equal(kc_clinician_list(f->admin, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].login, "admin1"); /* by login */
	assert_string_equal(rows[1].login, "doc1");
	assert_string_equal(rows[2].login, "nurse1");
	assert_int_equal(rows[2].role, KC_ROLE_NURSE);
	free(rows);
}

static void test_clinician_add_checks_the_login(void **state)
{
	struct fx *f = *state;
	char login33[34];

	assert_int_equal(kc_clinician_add(f->admin, "-rf", NULL, KC_ROLE_NURSE, T0, &f->db.err), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "not a login name"));
	assert_int_equal(kc_clinician_add(f->admin, "a b", NULL, KC_ROLE_NURSE, T0, &f->db.err), KC_ERR_INVALID);
	assert_int_equal(kc_clinician_add(f->admin, "", NULL, KC_ROLE_NURSE, T0, &f->db.err), KC_ERR_INVALID);
	memset(login33, 'a', 33);
	login33[33] = '\0';
	assert_int_equal(kc_clinician_add(f->admin, login33, NULL, KC_ROLE_NURSE, T0, &f->db.err), KC_ERR_INVALID);
	login33[32] = '\0'; /* 32 is the longest */
	assert_int_equal(kc_clinician_add(f->admin, login33, NULL, KC_ROLE_NURSE, T0, &f->db.err), KC_OK);
	assert_int_equal(kc_clinician_add(f->admin, "j.doe-2_x", "J Doe", KC_ROLE_NURSE, T0, &f->db.err), KC_OK);
	assert_int_equal(count(f, "clinician"), 5);
}

/* ---------- physician-only acts ---------- */

static void test_nurse_cannot_override_a_blocked_screening_physician_can(void **state)
{
	struct fx *f = *state;
	struct kc_screening scr;

	assert_int_equal(kc_screen_set(f->nurse, f->session, "override.aneurysm", "1", "I think it is fine", T0 + MIN,
				       &f->db.err), KC_ERR_DENIED);
	assert_string_equal(f->db.err.msg, "only a physician may override a blocked screening (nurse1 is a nurse)");
	assert_int_equal(kc_screen_load(f->admin, f->session, &scr, &f->db.err), KC_OK);
	assert_int_equal(scr.override_of[kc_check_item_index("aneurysm")], 0);
	/* every other answer is the nurse's to give */
	assert_int_equal(kc_screen_set(f->nurse, f->session, "consent", "yes", "", T0 + MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_screen_set(f->doc, f->session, "override.aneurysm", "1", "reviewed with cardiology",
				       T0 + 2 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_screen_load(f->admin, f->session, &scr, &f->db.err), KC_OK);
	assert_int_equal(scr.override_of[kc_check_item_index("aneurysm")], 1); /* names answer row 1 */
	assert_int_equal(count(f, "screening_answer"), 2);
}

static struct kc_discharge_row assessment(const char *override_reason)
{
	struct kc_discharge_row r;

	memset(&r, 0, sizeof r);
	r.aldrete = (struct kc_aldrete){ 2, 2, 2, 2, 2 };
	r.gait_steady = 1;
	r.escort_confirmed = 1;
	r.instructions_given = 1;
	kc_strlcpy(r.override_reason, override_reason, sizeof r.override_reason);
	return r;
}

static void test_nurse_cannot_discharge_with_unmet_criteria(void **state)
{
	struct fx *f = *state;
	struct kc_discharge_row r = assessment("patient insists, escort present");
	struct kc_session s;

	/* no dose, no observation time: criteria are unmet */
	assert_int_equal(kc_chart_discharge(f->nurse, &f->db.cfg, f->session, &r, T0 + 10 * MIN, NULL, &f->db.err),
			 KC_ERR_DENIED);
	assert_string_equal(f->db.err.msg, "only a physician may discharge with unmet criteria (nurse1 is a nurse)");
	assert_int_equal(count(f, "discharge"), 0);
	r = assessment(""); /* the nurse records the assessment itself */
	assert_int_equal(kc_chart_discharge(f->nurse, &f->db.cfg, f->session, &r, T0 + 10 * MIN, NULL, &f->db.err), KC_OK);
	assert_false(r.ready);
	assert_int_equal(kc_chart_end(f->nurse, &f->db.cfg, f->session, "discharged", "", T0 + 11 * MIN, &f->db.err),
			 KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "discharge refused, not met: Minimum observation"));
	assert_int_equal(kc_chart_end(f->nurse, &f->db.cfg, f->session, "discharged", "stable", T0 + 11 * MIN,
				      &f->db.err), KC_ERR_DENIED);
	assert_non_null(strstr(f->db.err.msg, "only a physician may discharge with criteria not met"));
	/* the store itself refuses a nurse's reason to discharge */
	assert_int_equal(kc_session_end(f->nurse, f->session, "discharged", "stable", T0 + 11 * MIN, &f->db.err),
			 KC_ERR_DENIED);
	/* the physician overrides on an assessment; then the nurse may see the patient out
	 * (with a reading taken: the override covers the assessment, not stale vitals) */
	r = assessment("stable; reviewed by the physician");
	assert_int_equal(kc_chart_discharge(f->doc, &f->db.cfg, f->session, &r, T0 + 12 * MIN, NULL, &f->db.err), KC_OK);
	assert_int_equal(add_vitals(f, f->nurse, T0 + 12 * MIN), KC_OK);
	assert_int_equal(kc_chart_end(f->nurse, &f->db.cfg, f->session, "discharged", "", T0 + 13 * MIN, &f->db.err),
			 KC_OK);
	assert_int_equal(kc_session_get(f->admin, f->session, &s, &f->db.err), KC_OK);
	assert_string_equal(s.outcome, "discharged");
}

static void test_amendment_only_on_a_signed_session(void **state)
{
	struct fx *f = *state;
	kc_id id = 0;

	assert_int_equal(kc_amendment_add(f->doc, f->session, "session", f->session, "route was IM", "typo",
					  T0 + MIN, &id, &f->db.err), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "is not signed: correct the entry instead"));
	assert_int_equal(count(f, "amendment"), 0);
	end_and_sign(f, T0 + 5 * MIN);
	assert_int_equal(kc_amendment_add(f->doc, f->session, "session", f->session, "indication was PTSD",
					  "wrong indication picked", T0 + 6 * MIN, &id, &f->db.err), KC_OK);
	assert_true(id > 0);
	assert_int_equal(count(f, "amendment"), 1);
}

static void test_amendment_only_by_a_physician_with_text_reason_and_a_row_of_the_session(void **state)
{
	struct fx *f = *state;
	struct kc_amendment_row *rows = NULL;
	struct kc_vitals_row *vr = NULL;
	size_t n = 0, nv = 0;
	kc_id id = 0, other = 0;

	assert_int_equal(add_vitals(f, f->nurse, T0 + MIN), KC_OK);
	assert_int_equal(kc_vitals_list(f->admin, f->session, &vr, &nv, &f->db.err), KC_OK);
	assert_int_equal(nv, 1);
	assert_int_equal(kc_session_create(f->admin, f->patient, KC_ROUTE_IV, "", T0, &other, &f->db.err), KC_OK);
	end_and_sign(f, T0 + 5 * MIN);
	assert_int_equal(kc_amendment_add(f->nurse, f->session, "vitals", vr[0].id, "BP was 138/82", "misread",
					  T0 + 6 * MIN, &id, &f->db.err), KC_ERR_DENIED);
	assert_string_equal(f->db.err.msg, "only a physician may amend a signed record (nurse1 is a nurse)");
	assert_int_equal(kc_amendment_add(f->doc, f->session, "vitals", vr[0].id, "", "misread", T0, &id, &f->db.err),
			 KC_ERR_INVALID);
	assert_int_equal(kc_amendment_add(f->doc, f->session, "vitals", vr[0].id, "BP 138/82", " ", T0, &id,
					  &f->db.err), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "the reason for the amendment is required"));
	assert_int_equal(kc_amendment_add(f->doc, f->session, "audit", 1, "x", "y", T0, &id, &f->db.err), KC_ERR_INVALID);
	assert_int_equal(kc_amendment_add(f->doc, f->session, "vitals", vr[0].id + 1, "x", "y", T0, &id, &f->db.err),
			 KC_ERR_NOTFOUND);
	assert_int_equal(kc_amendment_add(f->doc, f->session, "session", other, "x", "y", T0, &id, &f->db.err),
			 KC_ERR_NOTFOUND);
	assert_int_equal(kc_amendment_add(f->doc, f->session, "vitals", vr[0].id, "BP was 138/82",
					  "misread the monitor", T0 + 7 * MIN, &id, &f->db.err), KC_OK);
	assert_int_equal(kc_amendment_list(f->admin, f->session, &rows, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].tbl, "vitals");
	assert_int_equal(rows[0].row_id, vr[0].id);
	assert_string_equal(rows[0].by, "doc1");
	assert_int_equal(rows[0].at, T0 + 7 * MIN);
	assert_string_equal(rows[0].reason, "misread the monitor");
	free(rows);
	free(vr);
	/* the original reading is unchanged */
	assert_int_equal(kc_vitals_list(f->admin, f->session, &vr, &nv, &f->db.err), KC_OK);
	assert_int_equal(vr[0].v.systolic, 128);
	free(vr);
}

/* Stand-ins for the audit's functions, so that only the amendment's own triggers can
 * refuse what another program tries. */
static void fake_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_int64(ctx, 1);
}

/* The rules are the database's own: another program can neither change nor remove an
 * amendment, nor write one on an unsigned session or as a nurse. */
static void test_amendments_cannot_be_changed_or_deleted_in_the_database(void **state)
{
	struct fx *f = *state;
	sqlite3 *db = NULL;
	kc_id id = 0, other = 0;
	char sql[200];

	assert_int_equal(kc_session_create(f->admin, f->patient, KC_ROUTE_IV, "", T0, &other, &f->db.err), KC_OK);
	end_and_sign(f, T0 + 5 * MIN);
	assert_int_equal(kc_amendment_add(f->doc, f->session, "session", f->session, "indication PTSD", "wrong pick",
					  T0 + 6 * MIN, &id, &f->db.err), KC_OK);
	assert_int_equal(sqlite3_open_v2(f->db.path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_create_function(db, "kc_now", 0, SQLITE_UTF8, NULL, fake_fn, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_create_function(db, "kc_actor", 0, SQLITE_UTF8, NULL, fake_fn, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_create_function(db, "kc_chain", -1, SQLITE_UTF8, NULL, fake_fn, NULL, NULL), SQLITE_OK);
	tdb_chain_functions(db, fake_fn, NULL);
	snprintf(sql, sizeof sql, "INSERT INTO amendment (session_id, tbl, row_id, text, reason, written_at,"
		 " written_by) VALUES (%lld, 'session', %lld, 'x', 'y', 1, 'doc1')", other, other);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_CONSTRAINT);
	assert_non_null(strstr(sqlite3_errmsg(db), "only a signed session is amended"));
	snprintf(sql, sizeof sql, "INSERT INTO amendment (session_id, tbl, row_id, text, reason, written_at,"
		 " written_by) VALUES (%lld, 'session', %lld, 'x', 'y', 1, 'nurse1')", f->session, f->session);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_CONSTRAINT);
	assert_non_null(strstr(sqlite3_errmsg(db), "only a physician may amend a signed record"));
	assert_int_equal(sqlite3_exec(db, "UPDATE amendment SET text = 'nothing happened'", NULL, NULL, NULL),
			 SQLITE_CONSTRAINT);
	assert_non_null(strstr(sqlite3_errmsg(db), "amendments are never changed"));
	assert_int_equal(sqlite3_exec(db, "DELETE FROM amendment", NULL, NULL, NULL), SQLITE_CONSTRAINT);
	assert_non_null(strstr(sqlite3_errmsg(db), "never deleted"));
	sqlite3_close(db);
	assert_int_equal(count(f, "amendment"), 1);
}

static void test_report_prints_amendments_and_marks_the_amended_entry(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_row *vr = NULL;
	size_t nv = 0;
	char *rep;

	assert_int_equal(add_vitals(f, f->nurse, T0 + MIN), KC_OK);
	assert_int_equal(kc_vitals_list(f->admin, f->session, &vr, &nv, &f->db.err), KC_OK);
	end_and_sign(f, T0 + 5 * MIN);
	assert_int_equal(kc_amendment_add(f->doc, f->session, "vitals", vr[0].id, "BP was 138/82",
					  "misread the monitor", T0 + 7 * MIN, NULL, &f->db.err), KC_OK);
	free(vr);
	rep = report_of(f);
	assert_non_null(strstr(rep, "AMENDMENTS"));
	assert_non_null(strstr(rep, "by doc1:\n    Amends      the vitals reading of"));
	assert_non_null(strstr(rep, "\n    Should say  BP was 138/82\n"));
	assert_non_null(strstr(rep, "\n    Reason      misread the monitor\n"));
	assert_non_null(strstr(rep, "[AMENDED after signing: see AMENDMENTS]"));
	assert_non_null(strstr(rep, "128/82")); /* the original stays */
	free(rep);
}

/* ---------- holds ---------- */

static void test_hold_by_one_refuses_another_until_taken_over(void **state)
{
	struct fx *f = *state;
	char holder[KC_LOGIN_MAX] = "x", want[KC_MSG_MAX], at[16];
	time_t since = 1;

	assert_int_equal(kc_session_hold(f->nurse, f->session, T0 + MIN, holder, sizeof holder, &since, &f->db.err),
			 KC_OK);
	assert_string_equal(holder, ""); /* ours: nobody else's */
	assert_int_equal(since, 0);
	assert_int_equal(kc_session_hold(f->nurse, f->session, T0 + 2 * MIN, NULL, 0, NULL, &f->db.err), KC_OK);
	assert_int_equal(count(f, "session_hold"), 1); /* holding again writes nothing */
	assert_int_equal(add_vitals(f, f->nurse, T0 + 2 * MIN), KC_OK);

	hm(T0 + MIN, at, sizeof at);
	snprintf(want, sizeof want, "session %lld is held by nurse1 (Nina Nurse) since %s: view it read-only or "
		 "take it over", f->session, at);
	assert_int_equal(kc_session_hold(f->doc, f->session, T0 + 3 * MIN, holder, sizeof holder, &since, &f->db.err),
			 KC_ERR_BUSY);
	assert_string_equal(f->db.err.msg, want);
	assert_string_equal(holder, "nurse1");
	assert_int_equal(since, T0 + MIN);
	assert_int_equal(add_vitals(f, f->doc, T0 + 3 * MIN), KC_ERR_BUSY);
	assert_string_equal(f->db.err.msg, want);
	assert_int_equal(kc_screen_set(f->doc, f->session, "consent", "yes", "", T0 + 3 * MIN, &f->db.err), KC_ERR_BUSY);
	assert_int_equal(kc_session_end(f->doc, f->session, "aborted", "x", T0 + 3 * MIN, &f->db.err), KC_ERR_BUSY);
	assert_int_equal(count(f, "vitals"), 1);

	assert_int_equal(kc_session_takeover(f->doc, f->session, T0 + 4 * MIN, &f->db.err), KC_OK);
	assert_int_equal(add_vitals(f, f->doc, T0 + 5 * MIN), KC_OK);
	assert_int_equal(add_vitals(f, f->nurse, T0 + 5 * MIN), KC_ERR_BUSY);
	assert_non_null(strstr(f->db.err.msg, "is held by doc1 (Dr Dora) since"));
	assert_int_equal(count(f, "vitals"), 2);
}

static void test_takeover_is_recorded_in_the_holds_the_audit_and_the_report(void **state)
{
	struct fx *f = *state;
	struct kc_hold_row *h = NULL;
	struct kc_audit_row *a = NULL;
	size_t n = 0, na = 0;
	char line[96], at[16];
	char *rep;

	assert_int_equal(kc_session_hold(f->nurse, f->session, T0 + MIN, NULL, 0, NULL, &f->db.err), KC_OK);
	assert_int_equal(kc_session_takeover(f->doc, f->session, T0 + 4 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_session_hold_list(f->admin, f->session, &h, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 2);
	assert_string_equal(h[0].holder, "nurse1");
	assert_int_equal(h[0].released_at, T0 + 4 * MIN);
	assert_string_equal(h[1].holder, "doc1");
	assert_string_equal(h[1].taken_from, "nurse1");
	assert_int_equal(h[1].released_at, 0);
	assert_int_equal(kc_audit_list(f->admin, "session_hold", h[0].id, &a, &na, &f->db.err), KC_OK);
	assert_int_equal(na, 2); /* the hold, then its end */
	assert_string_equal(a[1].field, "released_at");
	assert_string_equal(a[1].who, "doc1");
	free(a);
	free(h);
	rep = report_of(f);
	hm(T0 + 4 * MIN, at, sizeof at);
	snprintf(line, sizeof line, "Taken over from nurse1 at %s by doc1", at);
	assert_non_null(strstr(rep, "TAKEOVERS"));
	assert_non_null(strstr(rep, line));
	free(rep);
}

static void test_ending_and_signing_release_the_hold(void **state)
{
	struct fx *f = *state;
	char holder[KC_LOGIN_MAX];
	time_t since = 0;

	assert_int_equal(kc_session_hold(f->nurse, f->session, T0 + MIN, NULL, 0, NULL, &f->db.err), KC_OK);
	assert_int_equal(kc_session_holder(f->doc, f->session, holder, sizeof holder, &since, &f->db.err), KC_OK);
	assert_string_equal(holder, "nurse1");
	assert_int_equal(since, T0 + MIN);
	assert_int_equal(kc_session_end(f->nurse, f->session, "aborted", "vomiting", T0 + 2 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_session_holder(f->doc, f->session, holder, sizeof holder, &since, &f->db.err), KC_OK);
	assert_string_equal(holder, "");
	assert_int_equal(since, 0);
	/* held again for the corrections before signing; signing releases it */
	assert_int_equal(kc_session_hold(f->nurse, f->session, T0 + 3 * MIN, NULL, 0, NULL, &f->db.err), KC_OK);
	assert_int_equal(kc_session_sign(f->doc, f->session, T0 + 4 * MIN, &f->db.err), KC_ERR_BUSY);
	assert_int_equal(kc_session_sign(f->nurse, f->session, T0 + 4 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_session_holder(f->doc, f->session, holder, sizeof holder, &since, &f->db.err), KC_OK);
	assert_string_equal(holder, "");
	assert_int_equal(kc_session_hold(f->doc, f->session, T0 + 5 * MIN, NULL, 0, NULL, &f->db.err), KC_ERR_SIGNED);
	assert_int_equal(kc_session_release(f->nurse, f->session, T0 + 5 * MIN, &f->db.err), KC_OK);
}

static void test_release_is_the_holders_only(void **state)
{
	struct fx *f = *state;
	char holder[KC_LOGIN_MAX];

	assert_int_equal(kc_session_release(f->nurse, f->session, T0, &f->db.err), KC_OK); /* free: nothing */
	assert_int_equal(count(f, "session_hold"), 0);
	assert_int_equal(kc_session_hold(f->nurse, f->session, T0 + MIN, NULL, 0, NULL, &f->db.err), KC_OK);
	assert_int_equal(kc_session_release(f->doc, f->session, T0 + 2 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_session_holder(f->admin, f->session, holder, sizeof holder, NULL, &f->db.err), KC_OK);
	assert_string_equal(holder, "nurse1"); /* another's release did not free it */
	assert_int_equal(kc_session_release(f->nurse, f->session, T0 + 3 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_session_holder(f->admin, f->session, holder, sizeof holder, NULL, &f->db.err), KC_OK);
	assert_string_equal(holder, "");
	assert_int_equal(add_vitals(f, f->doc, T0 + 4 * MIN), KC_OK); /* free again: anyone charts */
}

/* ---------- the database as a whole ---------- */

static void test_data_version_moves_when_another_connection_commits(void **state)
{
	struct fx *f = *state;
	long long v0 = 0, v1 = 0, v2 = 0;

	assert_int_equal(kc_store_data_version(f->doc, &v0, &f->db.err), KC_OK);
	assert_int_equal(kc_store_data_version(f->doc, &v1, &f->db.err), KC_OK);
	assert_true(v1 == v0); /* nothing happened */
	assert_int_equal(add_vitals(f, f->doc, T0 + MIN), KC_OK);
	assert_int_equal(kc_store_data_version(f->doc, &v1, &f->db.err), KC_OK);
	assert_true(v1 == v0); /* its own commit does not count */
	assert_int_equal(add_vitals(f, f->nurse, T0 + 2 * MIN), KC_OK);
	assert_int_equal(kc_store_data_version(f->doc, &v2, &f->db.err), KC_OK);
	assert_true(v2 != v1);
}

static void test_verify_passes_with_amendments_holds_and_takeovers(void **state)
{
	struct fx *f = *state;
	struct kc_verify_result *r = malloc(sizeof *r);

	assert_non_null(r);
	assert_int_equal(kc_session_hold(f->nurse, f->session, T0 + MIN, NULL, 0, NULL, &f->db.err), KC_OK);
	assert_int_equal(add_vitals(f, f->nurse, T0 + MIN), KC_OK);
	assert_int_equal(kc_session_takeover(f->doc, f->session, T0 + 2 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_clinician_disable(f->admin, "nurse1", T0 + 3 * MIN, &f->db.err), KC_OK);
	end_and_sign_as(f, f->doc, T0 + 4 * MIN); /* the holder closes the chart */
	assert_int_equal(kc_amendment_add(f->doc, f->session, "session", f->session, "indication PTSD", "wrong pick",
					  T0 + 5 * MIN, NULL, &f->db.err), KC_OK);
	assert_int_equal(kc_verify(f->admin, NULL, r, &f->db.err), KC_OK);
	for (size_t i = 0; i < r->shown; i++)
		print_message("%s\n", r->problem[i]);
	assert_int_equal(r->problems, 0);
	free(r);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_first_login_on_a_new_database_is_its_admin_and_acts_as_physician),
		T(test_unknown_login_is_denied_and_not_added),
		T(test_disabled_login_is_denied_and_its_entries_stay),
		T(test_last_active_admin_can_be_neither_disabled_nor_demoted),
		T(test_only_an_admin_manages_clinicians),
		T(test_clinician_add_checks_the_login),
		T(test_nurse_cannot_override_a_blocked_screening_physician_can),
		T(test_nurse_cannot_discharge_with_unmet_criteria),
		T(test_amendment_only_on_a_signed_session),
		T(test_amendment_only_by_a_physician_with_text_reason_and_a_row_of_the_session),
		T(test_amendments_cannot_be_changed_or_deleted_in_the_database),
		T(test_report_prints_amendments_and_marks_the_amended_entry),
		T(test_hold_by_one_refuses_another_until_taken_over),
		T(test_takeover_is_recorded_in_the_holds_the_audit_and_the_report),
		T(test_ending_and_signing_release_the_hold),
		T(test_release_is_the_holders_only),
		T(test_data_version_moves_when_another_connection_commits),
		T(test_verify_passes_with_amendments_holds_and_takeovers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
