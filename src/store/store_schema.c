/* store_schema.c — the schema as numbered migrations keyed on PRAGMA user_version.
 *
 * Each table's columns are listed once (an X-macro) and that one list yields the CREATE
 * TABLE, the insert audit (json_object of the new row) and the update audit (one row per
 * changed column), so no column can escape the audit. The lists describe migration 1 as
 * released: never edit them. A later migration adds columns with ALTER TABLE and, for
 * the audit to see them, drops and re-creates that table's audit triggers from a new list.
 *
 * To add migration N: write migration_N (ending in "PRAGMA user_version = N;"), append it
 * (and the C step that must follow it, if any) to migrations[] and raise KC_SCHEMA_VERSION
 * in kc_store.h. A migration that adds columns to a clinical table must also extend that
 * table's ROW_CHECK below, and old insert audits will not name the new column. */
#include "store_impl.h"

#include <string.h>
#include <time.h>

#include "kc_verify.h"

#define COLDEF(c, def) ", " #c " " def
#define JSON_PAIR(c, def) ", '" #c "', NEW." #c
#define DIFF_ROW(c, def) " UNION ALL SELECT '" #c "', OLD." #c ", NEW." #c

#define CREATE_TABLE(t, COLS, extra) \
	"CREATE TABLE " #t " (id INTEGER PRIMARY KEY" COLS(COLDEF) extra ");\n"

/* kc_now() and kc_actor() exist only on ketchart's own connections (store.c), so a row
 * written by any other program fails here instead of escaping the audit. */
#define AUDIT_INSERT "INSERT INTO audit (at, who, tbl, row_id, field, old_value, new_value) "
#define AUDIT_TRIGGERS(t, COLS) \
	"CREATE TRIGGER " #t "_audit_insert AFTER INSERT ON " #t " BEGIN " AUDIT_INSERT \
	"VALUES (kc_now(), kc_actor(), '" #t "', NEW.id, '', NULL, " \
	"json_object('id', NEW.id" COLS(JSON_PAIR) ")); END;\n" \
	"CREATE TRIGGER " #t "_audit_update AFTER UPDATE ON " #t " BEGIN " AUDIT_INSERT \
	"SELECT kc_now(), kc_actor(), '" #t "', NEW.id, f, o, n FROM " \
	"(SELECT 'id' AS f, OLD.id AS o, NEW.id AS n" COLS(DIFF_ROW) ") WHERE o IS NOT n; END;\n"

#define NO_DELETE(t) \
	"CREATE TRIGGER " #t "_no_delete BEFORE DELETE ON " #t " BEGIN " \
	"SELECT RAISE(ABORT, '" STORE_NODELETE_MSG "'); END;\n"

#define SIGNED(id) "(SELECT signed_at FROM session WHERE id = " id ") IS NOT NULL"
#define RAISE_SIGNED "BEGIN SELECT RAISE(ABORT, '" STORE_SIGNED_MSG "'); END;\n"
/* Rows of a signed session can be neither added nor changed (nor moved into one). */
#define SIGNED_GUARD(t) \
	"CREATE TRIGGER " #t "_signed_insert BEFORE INSERT ON " #t \
	" WHEN " SIGNED("NEW.session_id") " " RAISE_SIGNED \
	"CREATE TRIGGER " #t "_signed_update BEFORE UPDATE ON " #t \
	" WHEN " SIGNED("OLD.session_id") " OR " SIGNED("NEW.session_id") " " RAISE_SIGNED

#define WHO(X, c) X(c, "TEXT NOT NULL REFERENCES clinician (login)")
#define SESSION_FK(X) X(session_id, "INTEGER NOT NULL REFERENCES session (id)")
#define FLAG(X, c) X(c, "INTEGER NOT NULL DEFAULT 0 CHECK (" #c " IN (0, 1))")
#define NOTE(X, c) X(c, "TEXT NOT NULL DEFAULT ''")
#define RANGE(X, c, lo, hi) X(c, "INTEGER CHECK (" #c " BETWEEN " #lo " AND " #hi ")")

#define CLINICIAN_COLS(X) \
	X(login, "TEXT NOT NULL UNIQUE CHECK (length(login) BETWEEN 1 AND 32)") \
	NOTE(X, display_name) \
	X(role, "TEXT NOT NULL DEFAULT 'nurse' CHECK (role IN ('nurse', 'physician', 'admin'))") \
	X(active, "INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))")

#define PATIENT_COLS(X) \
	X(chart_no, "TEXT NOT NULL UNIQUE CHECK (length(chart_no) BETWEEN 1 AND 31)") \
	X(name, "TEXT NOT NULL CHECK (length(name) > 0)") \
	X(dob, "TEXT NOT NULL CHECK (date(dob, '+0 days') IS dob)") \
	X(created_at, "INTEGER NOT NULL") \
	WHO(X, created_by)

#define SESSION_COLS(X) \
	X(patient_id, "INTEGER NOT NULL REFERENCES patient (id)") \
	WHO(X, clinician) \
	X(route, "TEXT NOT NULL CHECK (route IN ('iv', 'esketamine', 'im'))") \
	NOTE(X, indication) \
	X(phase, "TEXT NOT NULL DEFAULT 'screening' CHECK (phase IN " \
	  "('screening', 'dosing', 'recovery', 'discharged', 'aborted'))") \
	X(created_at, "INTEGER NOT NULL") \
	X(dose_start, "INTEGER") \
	X(dose_end, "INTEGER") \
	X(ended_at, "INTEGER") \
	X(weight_kg, "REAL NOT NULL DEFAULT 0 CHECK (weight_kg >= 0)") \
	X(planned_mg_per_kg, "REAL NOT NULL DEFAULT 0 CHECK (planned_mg_per_kg >= 0)") \
	X(planned_mg, "REAL NOT NULL DEFAULT 0 CHECK (planned_mg >= 0)") \
	X(given_mg, "REAL NOT NULL DEFAULT 0 CHECK (given_mg >= 0)") \
	X(signed_by, "TEXT REFERENCES clinician (login)") \
	X(signed_at, "INTEGER") \
	X(outcome, "TEXT NOT NULL DEFAULT '' CHECK (outcome IN " \
	  "('', 'discharged', 'against_advice', 'aborted'))") \
	NOTE(X, outcome_reason)
#define SESSION_CHECKS \
	", CHECK ((signed_at IS NULL) = (signed_by IS NULL))" \
	", CHECK (signed_at IS NULL OR ended_at IS NOT NULL)" \
	", CHECK ((ended_at IS NULL) = (outcome = ''))"

#define WEIGHT_COLS(X) \
	X(patient_id, "INTEGER NOT NULL REFERENCES patient (id)") \
	X(session_id, "INTEGER REFERENCES session (id)") \
	X(kg, "REAL NOT NULL CHECK (kg > 0 AND kg < 700)") \
	X(taken_at, "INTEGER NOT NULL") \
	X(entered_at, "INTEGER NOT NULL") \
	WHO(X, entered_by)

#define ANSWER_COLS(X) \
	SESSION_FK(X) \
	X(item, "TEXT NOT NULL CHECK (length(item) BETWEEN 1 AND 31)") \
	NOTE(X, value) \
	NOTE(X, note) \
	X(entered_at, "INTEGER NOT NULL") \
	WHO(X, entered_by)

#define EIE_COLS(X, t) \
	X(eie_code, "TEXT CHECK (eie_code IN " \
	  "('wrong time', 'wrong value', 'wrong patient', 'invalid'))") \
	NOTE(X, eie_reason) \
	X(eie_by, "TEXT REFERENCES clinician (login)") \
	X(eie_at, "INTEGER") \
	X(replaced_by, "INTEGER REFERENCES " #t " (id)") \
	X(corrects, "INTEGER REFERENCES " #t " (id)")
#define EIE_CHECKS \
	", CHECK ((eie_code IS NULL) = (eie_at IS NULL) AND (eie_code IS NULL) = (eie_by IS NULL))" \
	", CHECK (eie_code IS NULL OR eie_reason <> '')" \
	", CHECK (replaced_by IS NULL OR eie_code IS NOT NULL)"

#define ENTRY_COLS(X) \
	X(entered_at, "INTEGER NOT NULL") \
	WHO(X, entered_by)

#define ALERT_COLS(X) \
	X(level, "INTEGER NOT NULL DEFAULT 0 CHECK (level BETWEEN 0 AND 2)") \
	NOTE(X, alerts) \
	FLAG(X, late)

/* Ranges here only catch garbage; the clinical limits (config [limits]) are narrower. */
#define VITALS_COLS(X) \
	SESSION_FK(X) \
	X(taken_at, "INTEGER NOT NULL") \
	X(due_at, "INTEGER") \
	ENTRY_COLS(X) \
	X(status, "TEXT NOT NULL DEFAULT 'taken' CHECK (status IN ('taken', 'refused', 'unavailable'))") \
	NOTE(X, reason) \
	RANGE(X, systolic, 1, 400) \
	RANGE(X, diastolic, 1, 300) \
	RANGE(X, heart_rate, 0, 400) \
	RANGE(X, spo2, 0, 100) \
	RANGE(X, resp_rate, 0, 150) \
	RANGE(X, temp_dc, 200, 500) \
	RANGE(X, moaas, 0, 5) \
	FLAG(X, baseline) \
	ALERT_COLS(X) \
	FLAG(X, acked) \
	NOTE(X, ack_action) \
	X(ack_by, "TEXT REFERENCES clinician (login)") \
	X(ack_at, "INTEGER") \
	EIE_COLS(X, vitals)
#define VITALS_CHECKS EIE_CHECKS ", CHECK (status = 'taken' OR reason <> '')" \
	", CHECK (acked = 0 OR (ack_action <> '' AND ack_by IS NOT NULL AND ack_at IS NOT NULL))"

#define OBSERVATION_COLS(X) \
	SESSION_FK(X) \
	X(observed_at, "INTEGER NOT NULL") \
	ENTRY_COLS(X) \
	X(kind, "TEXT NOT NULL CHECK (kind <> '')") \
	X(scale, "TEXT NOT NULL CHECK (scale <> '')") \
	X(score, "INTEGER NOT NULL CHECK (score BETWEEN 0 AND 92)") \
	NOTE(X, items) \
	X(vomiting, "INTEGER NOT NULL DEFAULT 0 CHECK (vomiting BETWEEN 0 AND 50)") \
	NOTE(X, detail) \
	NOTE(X, intervention) \
	NOTE(X, note) \
	ALERT_COLS(X) \
	EIE_COLS(X, observation)

#define DOSE_COLS(X) \
	SESSION_FK(X) \
	X(given_at, "INTEGER NOT NULL") \
	ENTRY_COLS(X) \
	X(kind, "TEXT NOT NULL CHECK (kind IN " \
	  "('start', 'pause', 'resume', 'rate', 'stop', 'device'))") \
	X(mg, "REAL NOT NULL DEFAULT 0 CHECK (mg >= 0)") \
	X(rate_ml_h, "REAL NOT NULL DEFAULT 0 CHECK (rate_ml_h >= 0)") \
	X(device_no, "INTEGER NOT NULL DEFAULT 0 CHECK (device_no >= 0)") \
	NOTE(X, lot) \
	NOTE(X, note) \
	FLAG(X, late) \
	EIE_COLS(X, dose_event)

#define DISCHARGE_COLS(X) \
	SESSION_FK(X) \
	X(assessed_at, "INTEGER NOT NULL") \
	WHO(X, assessed_by) \
	RANGE(X, activity, 0, 2) \
	RANGE(X, respiration, 0, 2) \
	RANGE(X, circulation, 0, 2) \
	RANGE(X, consciousness, 0, 2) \
	RANGE(X, spo2, 0, 2) \
	RANGE(X, aldrete_total, 0, 10) \
	RANGE(X, gait_steady, 0, 1) \
	FLAG(X, escort_confirmed) \
	FLAG(X, instructions_given) \
	FLAG(X, ready) \
	NOTE(X, unmet) \
	NOTE(X, override_reason)

#define ADDENDUM_COLS(X) \
	SESSION_FK(X) \
	X(written_at, "INTEGER NOT NULL") \
	WHO(X, written_by) \
	X(text, "TEXT NOT NULL CHECK (length(text) > 0)")

#define TABLE(t, COLS, extra) CREATE_TABLE(t, COLS, extra) AUDIT_TRIGGERS(t, COLS) NO_DELETE(t)

/* The same for a table added by a later migration, written so that running it again over
 * the table (a database whose user_version was taken back) changes nothing. */
#define IFNE(kind) "CREATE " kind " IF NOT EXISTS "
#define TABLE_NEW(t, COLS, extra) \
	IFNE("TABLE") #t " (id INTEGER PRIMARY KEY" COLS(COLDEF) extra ");\n" \
	IFNE("TRIGGER") #t "_audit_insert AFTER INSERT ON " #t " BEGIN " AUDIT_INSERT \
	"VALUES (kc_now(), kc_actor(), '" #t "', NEW.id, '', NULL, " \
	"json_object('id', NEW.id" COLS(JSON_PAIR) ")); END;\n" \
	IFNE("TRIGGER") #t "_audit_update AFTER UPDATE ON " #t " BEGIN " AUDIT_INSERT \
	"SELECT kc_now(), kc_actor(), '" #t "', NEW.id, f, o, n FROM " \
	"(SELECT 'id' AS f, OLD.id AS o, NEW.id AS n" COLS(DIFF_ROW) ") WHERE o IS NOT n; END;\n" \
	IFNE("TRIGGER") #t "_no_delete BEFORE DELETE ON " #t " BEGIN " \
	"SELECT RAISE(ABORT, '" STORE_NODELETE_MSG "'); END;\n"

static const char migration_1[] =
	"CREATE TABLE audit (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, who TEXT NOT NULL, "
	"tbl TEXT NOT NULL, row_id INTEGER NOT NULL, field TEXT NOT NULL, "
	"old_value TEXT, new_value TEXT);\n"
	"CREATE INDEX audit_row ON audit (tbl, row_id);\n"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN "
	"SELECT RAISE(ABORT, '" STORE_AUDIT_MSG "'); END;\n"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN "
	"SELECT RAISE(ABORT, '" STORE_AUDIT_MSG "'); END;\n"
	TABLE(clinician, CLINICIAN_COLS, "")
	TABLE(patient, PATIENT_COLS, "")
	TABLE(session, SESSION_COLS, SESSION_CHECKS)
	"CREATE INDEX session_patient ON session (patient_id);\n"
	"CREATE TRIGGER session_signed BEFORE UPDATE ON session WHEN OLD.signed_at IS NOT NULL "
	RAISE_SIGNED
	TABLE(weight, WEIGHT_COLS, "")
	"CREATE INDEX weight_patient ON weight (patient_id, taken_at);\n"
	SIGNED_GUARD(weight)
	TABLE(screening_answer, ANSWER_COLS, "")
	"CREATE INDEX screening_answer_item ON screening_answer (session_id, item);\n"
	SIGNED_GUARD(screening_answer)
	TABLE(vitals, VITALS_COLS, VITALS_CHECKS)
	"CREATE INDEX vitals_session ON vitals (session_id, taken_at);\n"
	SIGNED_GUARD(vitals)
	TABLE(observation, OBSERVATION_COLS, EIE_CHECKS)
	"CREATE INDEX observation_session ON observation (session_id, observed_at);\n"
	SIGNED_GUARD(observation)
	TABLE(dose_event, DOSE_COLS, EIE_CHECKS)
	"CREATE INDEX dose_event_session ON dose_event (session_id, given_at);\n"
	SIGNED_GUARD(dose_event)
	TABLE(discharge, DISCHARGE_COLS, "")
	"CREATE INDEX discharge_session ON discharge (session_id);\n"
	SIGNED_GUARD(discharge)
	TABLE(addendum, ADDENDUM_COLS, "")
	"CREATE INDEX addendum_session ON addendum (session_id);\n"
	/* Addenda may be added to a signed session (that is their purpose), never changed. */
	"CREATE TRIGGER addendum_signed_update BEFORE UPDATE ON addendum WHEN "
	SIGNED("OLD.session_id") " " RAISE_SIGNED
	"PRAGMA user_version = 1;\n";

/* ---------- migration 2: the audit becomes a hash chain (kc_verify.h) ---------- */

_Static_assert(sizeof ZERO_HASH == KC_HASH_HEX, "a hash is KC_HASH_HEX - 1 hex digits");

#define AUDIT_FIELDS "id, at, who, tbl, row_id, field, old_value, new_value"
/* The hash of the row before id; rows before the first (or one without a hash) chain on
 * from zeros. */
#define PREV_HASH(id) \
	"coalesce((SELECT hash FROM audit WHERE id < " id " ORDER BY id DESC LIMIT 1), '" ZERO_HASH "')"

/* The chain is written in an AFTER INSERT trigger because only then are the row's id and
 * its stored values (after column affinity) known; it is the one update audit rows allow,
 * and only while hash is still NULL. kc_chain() exists on ketchart's connections only. */
static const char migration_2[] =
	"ALTER TABLE audit ADD COLUMN prev_hash TEXT;\n"
	"ALTER TABLE audit ADD COLUMN hash TEXT;\n"
	"DROP TRIGGER audit_no_update;\n"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit WHEN OLD.hash IS NOT NULL OR "
	"(NEW.id, NEW.at, NEW.who, NEW.tbl, NEW.row_id, NEW.field, NEW.old_value, NEW.new_value) "
	"IS NOT (OLD.id, OLD.at, OLD.who, OLD.tbl, OLD.row_id, OLD.field, OLD.old_value, "
	"OLD.new_value) BEGIN SELECT RAISE(ABORT, '" STORE_AUDIT_MSG "'); END;\n"
	"CREATE TRIGGER audit_chain AFTER INSERT ON audit BEGIN UPDATE audit SET prev_hash = "
	PREV_HASH("NEW.id") ", hash = kc_chain(" PREV_HASH("NEW.id") ", " AUDIT_FIELDS ") "
	"WHERE id = NEW.id; END;\n"
	"PRAGMA user_version = 2;\n";

/* The rows written before schema 2, chained in id order one at a time (each needs the
 * hash of the one before). */
static int chain_existing(struct kc_store *st, struct kc_err *err)
{
	static const char sql[] =
		"UPDATE audit SET prev_hash = ?2, hash = kc_chain(?2, " AUDIT_FIELDS ") "
		"WHERE id = (SELECT min(id) FROM audit WHERE id > ?1) RETURNING id, hash";
	char prev[KC_HASH_HEX] = ZERO_HASH;
	sqlite3_stmt *s = NULL;
	sqlite3_int64 last = 0;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);

	while (rc == SQLITE_OK) {
		sqlite3_bind_int64(s, 1, last);
		sqlite3_bind_text(s, 2, prev, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		if (rc != SQLITE_ROW)
			break;
		last = sqlite3_column_int64(s, 0);
		kc_strlcpy(prev, (const char *)sqlite3_column_text(s, 1), sizeof prev);
		rc = sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? KC_OK : store_fail(st, rc, err);
}

/* ---------- migration 3: who is charting — amendments of signed records, holds ---------- */

#define AMENDED_TABLES "('session', 'screening_answer', 'weight', 'vitals', 'observation', " \
	"'dose_event', 'discharge', 'addendum')"
#define AMENDMENT_COLS(X) \
	SESSION_FK(X) \
	X(tbl, "TEXT NOT NULL CHECK (tbl IN " AMENDED_TABLES ")") \
	X(row_id, "INTEGER NOT NULL") \
	X(text, "TEXT NOT NULL CHECK (length(text) > 0)") \
	X(reason, "TEXT NOT NULL CHECK (length(reason) > 0)") \
	X(written_at, "INTEGER NOT NULL") \
	WHO(X, written_by)

/* One row per hold: taken (since), released or taken over (released_at), and, on the row
 * of a takeover, whom it was taken from. At most one open hold per session. */
#define HOLD_COLS(X) \
	SESSION_FK(X) \
	WHO(X, holder) \
	X(since, "INTEGER NOT NULL") \
	X(released_at, "INTEGER") \
	X(taken_from, "TEXT REFERENCES clinician (login)")

#define RAISE_MSG(msg) "BEGIN SELECT RAISE(ABORT, '" msg "'); END;\n"

/* The rules the store checks are also the database's own, as for signed sessions: an
 * amendment needs a signed session and an enabled physician (or admin) as its author. */
static const char migration_3[] =
	TABLE(amendment, AMENDMENT_COLS, "")
	"CREATE INDEX amendment_session ON amendment (session_id);\n"
	"CREATE TRIGGER amendment_unsigned BEFORE INSERT ON amendment WHEN NOT "
	SIGNED("NEW.session_id") " " RAISE_MSG(STORE_AMEND_UNSIGNED_MSG)
	"CREATE TRIGGER amendment_role BEFORE INSERT ON amendment WHEN coalesce((SELECT role FROM "
	"clinician WHERE login = NEW.written_by AND active = 1), '') NOT IN ('physician', 'admin') "
	RAISE_MSG(STORE_AMEND_ROLE_MSG)
	"CREATE TRIGGER amendment_no_update BEFORE UPDATE ON amendment " RAISE_MSG(STORE_AMEND_FIXED_MSG)
	TABLE(session_hold, HOLD_COLS, "")
	"CREATE UNIQUE INDEX session_hold_open ON session_hold (session_id) WHERE released_at IS NULL;\n"
	SIGNED_GUARD(session_hold)
	"CREATE TRIGGER session_hold_fixed BEFORE UPDATE ON session_hold WHEN OLD.released_at IS NOT NULL"
	" OR (NEW.id, NEW.session_id, NEW.holder, NEW.since, NEW.taken_from)"
	" IS NOT (OLD.id, OLD.session_id, OLD.holder, OLD.since, OLD.taken_from) "
	RAISE_MSG(STORE_HOLD_FIXED_MSG)
	"PRAGMA user_version = 3;\n";

/* Before schema 3 every login became a nurse on first use, so nobody could add clinicians:
 * the first one (the database's creator) becomes its admin unless an admin exists. Audited
 * like any change, so this one step reads the clock. */
static int first_admin(struct kc_store *st, struct kc_err *err)
{
	static const char sql[] =
		"UPDATE clinician SET role = 'admin' WHERE id = (SELECT min(id) FROM clinician"
		" WHERE active = 1) AND NOT EXISTS (SELECT 1 FROM clinician WHERE role = 'admin'"
		" AND active = 1)";
	int rc;

	st->now = time(NULL);
	rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	st->now = 0;
	return rc == SQLITE_OK ? KC_OK : store_fail(st, rc, err);
}

/* ---------- migration 4: corrections of weights and patient details before signing ----------
 * A weight is corrected as readings are: the row is marked entered in error and linked to
 * its replacement. The columns are added without defaults, so the rows written before keep
 * agreeing with their insert audit (which does not name them); the rules the table checks
 * of the other tables state are triggers here, as ALTER TABLE cannot add table checks.
 * A patient's chart number, name or date of birth is corrected in place, and each change
 * is a patient_correction row (old value, new value, reason, who, when) that can be neither
 * changed nor deleted, so the old value stays visible. */

#define WEIGHT_EIE_COLS(X) \
	X(eie_code, "TEXT CHECK (eie_code IN ('wrong time', 'wrong value', 'wrong patient', 'invalid'))") \
	X(eie_reason, "TEXT") \
	X(eie_by, "TEXT REFERENCES clinician (login)") \
	X(eie_at, "INTEGER") \
	X(replaced_by, "INTEGER REFERENCES weight (id)") \
	X(corrects, "INTEGER REFERENCES weight (id)")
#define WEIGHT_COLS_4(X) WEIGHT_COLS(X) WEIGHT_EIE_COLS(X)
#define ADD_WEIGHT_COL(c, def) "ALTER TABLE weight ADD COLUMN " #c " " def ";\n"

#define PATIENT_FIX_COLS(X) \
	X(patient_id, "INTEGER NOT NULL REFERENCES patient (id)") \
	X(session_id, "INTEGER REFERENCES session (id)") \
	X(field, "TEXT NOT NULL CHECK (field IN ('chart_no', 'name', 'dob'))") \
	X(old_value, "TEXT NOT NULL") \
	X(new_value, "TEXT NOT NULL") \
	X(reason, "TEXT NOT NULL CHECK (length(reason) > 0)") \
	X(written_at, "INTEGER NOT NULL") \
	WHO(X, written_by)

static const char migration_4[] =
	WEIGHT_EIE_COLS(ADD_WEIGHT_COL)
	"DROP TRIGGER IF EXISTS weight_audit_insert;\n"
	"DROP TRIGGER IF EXISTS weight_audit_update;\n"
	AUDIT_TRIGGERS(weight, WEIGHT_COLS_4)
	"CREATE TRIGGER weight_eie BEFORE UPDATE ON weight WHEN OLD.eie_code IS NOT NULL"
	" OR (NEW.eie_code IS NOT NULL AND (coalesce(NEW.eie_reason, '') = '' OR NEW.eie_by IS NULL"
	" OR NEW.eie_at IS NULL)) " RAISE_MSG(STORE_EIE_MSG)
	TABLE(patient_correction, PATIENT_FIX_COLS, "")
	"CREATE INDEX patient_correction_patient ON patient_correction (patient_id);\n"
	SIGNED_GUARD(patient_correction)
	"CREATE TRIGGER patient_correction_no_update BEFORE UPDATE ON patient_correction "
	RAISE_MSG(STORE_AMEND_FIXED_MSG)
	"PRAGMA user_version = 4;\n";

/* ---------- migration 5: the weight as typed ----------
 * The weight as the clinician typed it ("190 lb"), kept beside the kilograms it was
 * converted to when the unit typed was not kg. Added without a default, as migration 4's
 * columns: NULL for the rows before (and for a weight typed in kg), so those rows keep
 * agreeing with their insert audit. The audit triggers are made again from the new list. */
#define WEIGHT_COLS_5(X) WEIGHT_COLS_4(X) X(typed, "TEXT")

static const char migration_5[] =
	"ALTER TABLE weight ADD COLUMN typed TEXT;\n"
	"DROP TRIGGER IF EXISTS weight_audit_insert;\n"
	"DROP TRIGGER IF EXISTS weight_audit_update;\n"
	AUDIT_TRIGGERS(weight, WEIGHT_COLS_5)
	"PRAGMA user_version = 5;\n";

/* ---------- migration 6: the training mark ---------- */

/* A training database (demo, init --training) may run on the test clock; a real one never
 * does. The mark is one row, set only while the database holds no patient, and never
 * changed or removed: a real record cannot become a training one (to be backdated), and
 * a training one cannot pass for real (nor by taking user_version back and upgrading
 * again: IF NOT EXISTS keeps the mark). */
static const char migration_6[] =
	"CREATE TABLE IF NOT EXISTS training (id INTEGER PRIMARY KEY CHECK (id = 1), marked_at INTEGER NOT NULL);\n"
	"CREATE TRIGGER IF NOT EXISTS training_new_only BEFORE INSERT ON training WHEN EXISTS (SELECT 1 FROM patient)"
	" AND NOT EXISTS (SELECT 1 FROM training) " RAISE_MSG(STORE_TRAINING_NEW_MSG)
	"CREATE TRIGGER IF NOT EXISTS training_no_update BEFORE UPDATE ON training " RAISE_MSG(STORE_TRAINING_FIXED_MSG)
	"CREATE TRIGGER IF NOT EXISTS training_no_delete BEFORE DELETE ON training " RAISE_MSG(STORE_TRAINING_FIXED_MSG)
	"PRAGMA user_version = 6;\n";

/* ---------- migration 7: indexes for the lists every screen loads ----------
 * A session's weight (kc_weight_of_session, twice per state load), the sessions in
 * progress (the start screen and the board, kc_session_list_open: a partial index, so it
 * stays the size of the day's work however long the history) and a session's holds (every
 * report and record load). Without them each is a scan of a table that grows with every
 * session ever charted (tests/test_query_plans.c fails on any such scan). */
static const char migration_7[] =
	"CREATE INDEX IF NOT EXISTS weight_session ON weight (session_id, taken_at);\n"
	"CREATE INDEX IF NOT EXISTS session_open ON session (created_at, id) WHERE ended_at IS NULL;\n"
	"CREATE INDEX IF NOT EXISTS session_hold_session ON session_hold (session_id);\n"
	"PRAGMA user_version = 7;\n";

/* ---------- migration 8: demographics and REMS enrolment (kc_demog.h) ----------
 * Added without defaults, as migration 4's columns: NULL (not recorded) for the patients
 * before, so their rows keep agreeing with their insert audit; the audit triggers are made
 * again from the new list. A recorded detail that changes keeps its old value in a
 * patient_detail_fix row (the old, the new, the reason, who, when): patient_correction's
 * field check names only chart_no, name and dob, and a table check cannot be altered. */
#define PATIENT_DEMOG_COLS(X) \
	X(sex, "TEXT CHECK (sex IN ('female', 'male', 'other'))") \
	X(height_cm, "INTEGER CHECK (height_cm BETWEEN 50 AND 250)") \
	X(allergies, "TEXT CHECK (length(allergies) BETWEEN 1 AND 255)") \
	X(phone, "TEXT CHECK (length(phone) BETWEEN 3 AND 31)") \
	X(emergency_contact, "TEXT CHECK (length(emergency_contact) BETWEEN 1 AND 127)") \
	X(rems_enrolled, "INTEGER CHECK (rems_enrolled IN (0, 1))") \
	X(rems_patient_id, "TEXT CHECK (length(rems_patient_id) BETWEEN 1 AND 31)") \
	X(esk_first_date, "TEXT CHECK (date(esk_first_date, '+0 days') IS esk_first_date)")
#define PATIENT_COLS_8(X) PATIENT_COLS(X) PATIENT_DEMOG_COLS(X)
#define ADD_PATIENT_COL(c, def) "ALTER TABLE patient ADD COLUMN " #c " " def ";\n"

#define PATIENT_DETAIL_FIELDS "('sex', 'height_cm', 'allergies', 'phone', 'emergency_contact', " \
	"'rems_enrolled', 'rems_patient_id', 'esk_first_date')"
#define PATIENT_DETAIL_FIX_COLS(X) \
	X(patient_id, "INTEGER NOT NULL REFERENCES patient (id)") \
	X(field, "TEXT NOT NULL CHECK (field IN " PATIENT_DETAIL_FIELDS ")") \
	X(old_value, "TEXT NOT NULL CHECK (length(old_value) > 0)") \
	NOTE(X, new_value) \
	X(reason, "TEXT NOT NULL CHECK (length(reason) > 0)") \
	X(written_at, "INTEGER NOT NULL") \
	WHO(X, written_by)

/* Safe to run again over its own result (a database whose user_version was taken back, as
 * migration 6 is): the C step adds only the columns that are missing and makes the table
 * only when it is not there; the audit triggers are made again from the new list either way. */
static const char migration_8[] = "PRAGMA user_version = 8;\n";

static const char migration_8_triggers[] =
	"DROP TRIGGER IF EXISTS patient_audit_insert;\n"
	"DROP TRIGGER IF EXISTS patient_audit_update;\n"
	AUDIT_TRIGGERS(patient, PATIENT_COLS_8);

static const char migration_8_table[] =
	TABLE(patient_detail_fix, PATIENT_DETAIL_FIX_COLS, "")
	"CREATE INDEX patient_detail_fix_patient ON patient_detail_fix (patient_id);\n"
	"CREATE TRIGGER patient_detail_fix_no_update BEFORE UPDATE ON patient_detail_fix "
	RAISE_MSG(STORE_AMEND_FIXED_MSG);

#define PATIENT_COL_NAME(c, def) #c,
#define PATIENT_COL_ADD(c, def) ADD_PATIENT_COL(c, def),

/* 1 when sql (one row, one integer) says so. */
static int schema_has(struct kc_store *st, const char *sql, const char *name)
{
	sqlite3_stmt *s = NULL;
	int yes = 0;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
		yes = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) > 0;
	}
	sqlite3_finalize(s);
	return yes;
}

static int demographics(struct kc_store *st, struct kc_err *err)
{
	static const char *const names[] = { PATIENT_DEMOG_COLS(PATIENT_COL_NAME) };
	static const char *const adds[] = { PATIENT_DEMOG_COLS(PATIENT_COL_ADD) };
	int rc = SQLITE_OK;

	for (size_t i = 0; rc == SQLITE_OK && i < sizeof names / sizeof names[0]; i++)
		if (!schema_has(st, "SELECT count(*) FROM pragma_table_info('patient') WHERE name = ?1", names[i]))
			rc = sqlite3_exec(st->db, adds[i], NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(st->db, migration_8_triggers, NULL, NULL, NULL);
	if (rc == SQLITE_OK && !schema_has(st, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
					   " AND name = ?1", "patient_detail_fix"))
		rc = sqlite3_exec(st->db, migration_8_table, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		return KC_OK;
	return kc_fail(err, (rc & 0xff) == SQLITE_ERROR ? KC_ERR_CORRUPT : store_fail(st, rc, NULL),
		       "upgrading the database %s to schema 8 failed (%s); nothing was changed", st->path,
		       sqlite3_errmsg(st->db));
}
/* ---------- migration 9: the pre-dose readings of a session ----------
 * A reading's alerts compare it with the session's baseline: found through this partial
 * index (kc_vitals_last, store_baseline), a save costs the same at the 300th reading as
 * at the 10th instead of walking back through every reading since the baseline. */
static const char migration_9[] =
	"CREATE INDEX IF NOT EXISTS vitals_baseline ON vitals (session_id, taken_at) WHERE baseline = 1;\n"
	"PRAGMA user_version = 9;\n";

/* ---------- migration 10: bookings, the day's schedule (kc_booking.h) ---------- */
#define BOOKING_COLS(X) \
	X(patient_id, "INTEGER NOT NULL REFERENCES patient (id)") \
	X(at, "INTEGER NOT NULL") \
	X(chair, "TEXT NOT NULL CHECK (length(chair) BETWEEN 1 AND 31)") \
	X(route, "TEXT NOT NULL CHECK (route IN ('iv', 'esketamine', 'im'))") \
	X(created_at, "INTEGER NOT NULL") \
	WHO(X, created_by)

static const char migration_10[] =
	"CREATE TABLE IF NOT EXISTS booking (id INTEGER PRIMARY KEY" BOOKING_COLS(COLDEF) ");\n"
	"DROP TRIGGER IF EXISTS booking_audit_insert;\n"
	"DROP TRIGGER IF EXISTS booking_audit_update;\n"
	AUDIT_TRIGGERS(booking, BOOKING_COLS)
	"CREATE TRIGGER IF NOT EXISTS booking_no_delete BEFORE DELETE ON booking BEGIN "
	"SELECT RAISE(ABORT, '" STORE_NODELETE_MSG "'); END;\n"
	"CREATE INDEX IF NOT EXISTS booking_at ON booking (at);\n"
	"PRAGMA user_version = 10;\n";

/* ---------- migration 11: the REMS form: the clinician's contact, its submission ----------
 * The monitoring clinician's telephone and email are on every REMS Patient Monitoring
 * Form: a row of their own per change (the latest is current), so the clinician table and
 * its audit stay as they were. A form's submission (the date, online or by fax, the
 * confirmation number) is recorded once the session is signed, and is never changed or
 * deleted: one submission a session. */
#define CLINICIAN_CONTACT_COLS(X) \
	WHO(X, login) \
	NOTE(X, phone) \
	NOTE(X, email) \
	ENTRY_COLS(X)

#define REMS_SUBMISSION_COLS(X) \
	SESSION_FK(X) \
	X(submitted_on, "TEXT NOT NULL CHECK (date(submitted_on, '+0 days') IS submitted_on)") \
	X(channel, "TEXT NOT NULL CHECK (channel IN ('online', 'fax'))") \
	X(confirmation, "TEXT NOT NULL CHECK (length(confirmation) BETWEEN 1 AND 63)") \
	ENTRY_COLS(X)

static const char migration_11[] =
	TABLE_NEW(clinician_contact, CLINICIAN_CONTACT_COLS, "")
	"CREATE INDEX IF NOT EXISTS clinician_contact_login ON clinician_contact (login);\n"
	"CREATE TRIGGER IF NOT EXISTS clinician_contact_no_update BEFORE UPDATE ON clinician_contact "
	RAISE_MSG(STORE_REMS_FIXED_MSG)
	TABLE_NEW(rems_submission, REMS_SUBMISSION_COLS, "")
	"CREATE UNIQUE INDEX IF NOT EXISTS rems_submission_session ON rems_submission (session_id);\n"
	"CREATE TRIGGER IF NOT EXISTS rems_submission_signed BEFORE INSERT ON rems_submission WHEN NOT "
	SIGNED("NEW.session_id") " " RAISE_MSG(STORE_REMS_UNSIGNED_MSG)
	"CREATE TRIGGER IF NOT EXISTS rems_submission_no_update BEFORE UPDATE ON rems_submission "
	RAISE_MSG(STORE_REMS_FIXED_MSG)
	"PRAGMA user_version = 11;\n";

/* ---------- migration 12: the controlled-substance record (clinical-reference.md §9) ----------
 * Stock received (a physician's or an admin's), drug drawn up for a session, drug wasted
 * (co-signed by a second clinician from their own login: the one change a waste row takes,
 * after the session's signature too), and physical counts with the difference from the
 * record and its reason. On hand is never stored: it is received - given - wasted, per
 * product and lot, from these rows and the dose events; a count never adjusts it. */
#define STOCK_RECEIPT_COLS(X) \
	X(product, "TEXT NOT NULL CHECK (product IN ('ketamine', 'esketamine'))") \
	X(strength, "TEXT NOT NULL CHECK (length(strength) BETWEEN 1 AND 63)") \
	X(lot, "TEXT NOT NULL CHECK (length(lot) BETWEEN 1 AND 31)") \
	X(expiry, "TEXT NOT NULL CHECK (date(expiry, '+0 days') IS expiry)") \
	X(units, "INTEGER NOT NULL CHECK (units > 0)") \
	X(mg_per_unit, "REAL NOT NULL CHECK (mg_per_unit > 0)") \
	X(supplier, "TEXT NOT NULL CHECK (length(supplier) BETWEEN 1 AND 95)") \
	X(received_on, "TEXT NOT NULL CHECK (date(received_on, '+0 days') IS received_on)") \
	ENTRY_COLS(X)

#define DRUG_DRAWN_COLS(X) \
	SESSION_FK(X) \
	X(lot, "TEXT NOT NULL CHECK (length(lot) BETWEEN 1 AND 31)") \
	X(mg, "REAL NOT NULL CHECK (mg > 0)") \
	X(drawn_at, "INTEGER NOT NULL") \
	ENTRY_COLS(X)

#define DRUG_WASTE_COLS(X) \
	SESSION_FK(X) \
	X(lot, "TEXT NOT NULL CHECK (length(lot) BETWEEN 1 AND 31)") \
	X(mg, "REAL NOT NULL CHECK (mg > 0)") \
	X(how, "TEXT NOT NULL CHECK (length(how) BETWEEN 1 AND 127)") \
	X(wasted_at, "INTEGER NOT NULL") \
	ENTRY_COLS(X) \
	X(witness, "TEXT REFERENCES clinician (login)") \
	X(witnessed_at, "INTEGER")
#define DRUG_WASTE_CHECKS ", CHECK ((witness IS NULL) = (witnessed_at IS NULL))" \
	", CHECK (witness IS NULL OR witness <> entered_by)"

#define STOCK_COUNT_COLS(X) \
	X(product, "TEXT NOT NULL CHECK (product IN ('ketamine', 'esketamine'))") \
	X(lot, "TEXT NOT NULL CHECK (length(lot) BETWEEN 1 AND 31)") \
	X(counted_mg, "REAL NOT NULL CHECK (counted_mg >= 0)") \
	X(expected_mg, "REAL NOT NULL") \
	X(difference_mg, "REAL NOT NULL") \
	NOTE(X, reason) \
	X(counted_at, "INTEGER NOT NULL") \
	ENTRY_COLS(X)

#define ROLE_AT_LEAST_PHYSICIAN(who) "coalesce((SELECT role FROM clinician WHERE login = " who \
	" AND active = 1), '') NOT IN ('physician', 'admin')"

static const char migration_12[] =
	TABLE_NEW(stock_receipt, STOCK_RECEIPT_COLS, "")
	"CREATE INDEX IF NOT EXISTS stock_receipt_lot ON stock_receipt (product, lot);\n"
	"CREATE TRIGGER IF NOT EXISTS stock_receipt_role BEFORE INSERT ON stock_receipt WHEN "
	ROLE_AT_LEAST_PHYSICIAN("NEW.entered_by") " " RAISE_MSG(STORE_STOCK_ROLE_MSG)
	"CREATE TRIGGER IF NOT EXISTS stock_receipt_no_update BEFORE UPDATE ON stock_receipt " RAISE_MSG(STORE_STOCK_FIXED_MSG)
	TABLE_NEW(drug_drawn, DRUG_DRAWN_COLS, "")
	"CREATE INDEX IF NOT EXISTS drug_drawn_session ON drug_drawn (session_id);\n"
	IFNE("TRIGGER") "drug_drawn_signed_insert BEFORE INSERT ON drug_drawn WHEN " SIGNED("NEW.session_id") " "
	RAISE_SIGNED
	IFNE("TRIGGER") "drug_drawn_signed_update BEFORE UPDATE ON drug_drawn WHEN " SIGNED("OLD.session_id")
	" OR " SIGNED("NEW.session_id") " " RAISE_SIGNED
	"CREATE TRIGGER IF NOT EXISTS drug_drawn_no_update BEFORE UPDATE ON drug_drawn " RAISE_MSG(STORE_STOCK_FIXED_MSG)
	TABLE_NEW(drug_waste, DRUG_WASTE_COLS, DRUG_WASTE_CHECKS)
	"CREATE INDEX IF NOT EXISTS drug_waste_session ON drug_waste (session_id);\n"
	"CREATE INDEX IF NOT EXISTS drug_waste_pending ON drug_waste (id) WHERE witness IS NULL;\n"
	"CREATE TRIGGER IF NOT EXISTS drug_waste_signed_insert BEFORE INSERT ON drug_waste WHEN " SIGNED("NEW.session_id")
	" " RAISE_SIGNED
	"CREATE TRIGGER IF NOT EXISTS drug_waste_witness_only BEFORE UPDATE ON drug_waste WHEN OLD.witness IS NOT NULL"
	" OR NEW.witness IS NULL OR (NEW.id, NEW.session_id, NEW.lot, NEW.mg, NEW.how, NEW.wasted_at,"
	" NEW.entered_at, NEW.entered_by) IS NOT (OLD.id, OLD.session_id, OLD.lot, OLD.mg, OLD.how,"
	" OLD.wasted_at, OLD.entered_at, OLD.entered_by) " RAISE_MSG(STORE_WASTE_FIXED_MSG)
	TABLE_NEW(stock_count, STOCK_COUNT_COLS, ", CHECK (abs(difference_mg) < 0.05 OR reason <> '')")
	"CREATE INDEX IF NOT EXISTS stock_count_lot ON stock_count (product, lot);\n"
	"CREATE TRIGGER IF NOT EXISTS stock_count_no_update BEFORE UPDATE ON stock_count " RAISE_MSG(STORE_STOCK_FIXED_MSG)
	"PRAGMA user_version = 12;\n";

/* ---------- migration 13: drafts (kc_draft.h) ----------
 * What a clinician had typed into a form when the program was ended under them. Not a
 * clinical record: no audit triggers, not in tables[] (verify checks no row of it), rows
 * deleted when read back. No foreign keys: a draft names the session it was typed for
 * (0 for none) and must never stop a clinical row from being written. */
static const char migration_13[] =
	"CREATE TABLE IF NOT EXISTS drafts (clinician TEXT NOT NULL, session_id INTEGER NOT NULL,"
	" form TEXT NOT NULL, saved_at INTEGER NOT NULL, fields TEXT NOT NULL,"
	" PRIMARY KEY (clinician, session_id, form));\n"
	"PRAGMA user_version = 13;\n";

/* ---------- migration 14: which values of a reading were carried ----------
 * The vitals form may start a round with the reading before's HR, SpO2, RR and MOAA/S
 * (kc_vitals_carry); one saved unchanged is stored with its name here ("heart_rate spo2"),
 * so the record never presents a carried value as one measured at that time. Added without
 * a default (NULL: nothing carried, as in every row before), so older rows keep agreeing
 * with their insert audit. The audit triggers are made again from the new list. As
 * migration 8, the column is added only when missing (a test may wind user_version back). */
#define VITALS_COLS_14(X) VITALS_COLS(X) X(carried, "TEXT")

/* Also: the esketamine sessions dosed, in order, for the REMS forms due (start screen and
 * board), so that list reads the esketamine sessions only, not every session. */
static const char migration_14[] =
	"CREATE INDEX IF NOT EXISTS session_rems ON session (dose_start, id)"
	" WHERE route = 'esketamine' AND dose_start IS NOT NULL;\n"
	"PRAGMA user_version = 14;\n";
static const char migration_14_triggers[] =
	"DROP TRIGGER IF EXISTS vitals_audit_insert;\n"
	"DROP TRIGGER IF EXISTS vitals_audit_update;\n"
	AUDIT_TRIGGERS(vitals, VITALS_COLS_14);

static int carried_column(struct kc_store *st, struct kc_err *err)
{
	int rc = SQLITE_OK;

	if (!schema_has(st, "SELECT count(*) FROM pragma_table_info('vitals') WHERE name = ?1", "carried"))
		rc = sqlite3_exec(st->db, "ALTER TABLE vitals ADD COLUMN carried TEXT", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(st->db, migration_14_triggers, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		return KC_OK;
	return kc_fail(err, (rc & 0xff) == SQLITE_ERROR ? KC_ERR_CORRUPT : store_fail(st, rc, NULL),
		       "upgrading the database %s to schema 14 failed (%s); nothing was changed", st->path,
		       sqlite3_errmsg(st->db));
}

/* ---------- migration 15: the audit by time (the change feed, store_changes.c) ----------
 * `export --since TIME` reads the audit rows stamped at or after TIME; stamps need not
 * grow with the ids (each clinician's clock), so they are found through this index rather
 * than by reading the whole audit (0.7 s at 760k rows, 0.1 s with it). */
static const char migration_15[] =
	"CREATE INDEX IF NOT EXISTS audit_at ON audit (at);\n"
	"PRAGMA user_version = 15;\n";

/* ---------- migration 16: the database's own facts (store_meta.c) ----------
 * Not clinical: no audit triggers and not in tables[] (as drafts); but a row is never
 * changed or deleted, in the database itself, so the namespace of the FHIR identifiers a
 * receiver already holds stays the same for the life of the database. Its one row is made
 * by the C step (libuuid's random generator). */
static const char migration_16[] =
	"CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
	"CREATE TRIGGER IF NOT EXISTS meta_no_update BEFORE UPDATE ON meta"
	" BEGIN SELECT RAISE(ABORT, '" STORE_META_FIXED_MSG "'); END;\n"
	"CREATE TRIGGER IF NOT EXISTS meta_no_delete BEFORE DELETE ON meta"
	" BEGIN SELECT RAISE(ABORT, '" STORE_META_FIXED_MSG "'); END;\n"
	"PRAGMA user_version = 16;\n";

/* ---------- migration 18: the actions of an acknowledgement (kc_ack.h) ----------
 * One row per action of one acknowledgement: of a critical reading's alert (vitals_id) or
 * of a side effect (observation_id), in the order given (seq), its kind (an [interventions]
 * key or one of a vitals alert's own), the choice offered, the text typed and, for rate
 * reduced, the new rate. Written with the acknowledgement in one transaction, never
 * changed. The reading keeps its summary in ack_action (kc_ack_actions_text), so a reading
 * acknowledged before this schema reads as one action, as stored: nothing is copied (a
 * copy would be a new audited entry, and a signed session takes none). */
#define ACK_ACTION_KINDS "('antiemetic', 'analgesic', 'antihypertensive', 'benzodiazepine', 'reassurance'," \
	" 'pause', 'stop', 'other', 'rate', 'notify', 'drug', 'repeat')"
#define ACK_ACTION_COLS(X) \
	SESSION_FK(X) \
	X(vitals_id, "INTEGER REFERENCES vitals (id)") \
	X(observation_id, "INTEGER REFERENCES observation (id)") \
	X(seq, "INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 8)") \
	X(kind, "TEXT NOT NULL CHECK (kind IN " ACK_ACTION_KINDS ")") \
	X(choice, "TEXT NOT NULL CHECK (length(choice) BETWEEN 1 AND 63)") \
	NOTE(X, text) \
	X(rate_ml_h, "REAL NOT NULL DEFAULT 0 CHECK (rate_ml_h >= 0)") \
	ENTRY_COLS(X)
#define ACK_ACTION_CHECKS ", CHECK ((vitals_id IS NULL) <> (observation_id IS NULL))" \
	", CHECK (kind NOT IN ('other', 'drug') OR text <> '')" \
	", CHECK ((kind = 'rate') = (rate_ml_h > 0))"

static const char migration_17[] =
	TABLE_NEW(ack_action, ACK_ACTION_COLS, ACK_ACTION_CHECKS)
	"CREATE UNIQUE INDEX IF NOT EXISTS ack_action_vitals ON ack_action (vitals_id, seq) WHERE vitals_id IS NOT NULL;\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS ack_action_observation ON ack_action (observation_id, seq)"
	" WHERE observation_id IS NOT NULL;\n"
	"CREATE INDEX IF NOT EXISTS ack_action_session ON ack_action (session_id, id);\n"
	IFNE("TRIGGER") "ack_action_signed_insert BEFORE INSERT ON ack_action WHEN " SIGNED("NEW.session_id") " "
	RAISE_SIGNED
	IFNE("TRIGGER") "ack_action_owner BEFORE INSERT ON ack_action WHEN NEW.session_id IS NOT"
	" coalesce((SELECT session_id FROM vitals WHERE id = NEW.vitals_id),"
	" (SELECT session_id FROM observation WHERE id = NEW.observation_id)) " RAISE_MSG(STORE_ACK_OWNER_MSG)
	IFNE("TRIGGER") "ack_action_no_update BEFORE UPDATE ON ack_action " RAISE_MSG(STORE_ACK_FIXED_MSG)
	"PRAGMA user_version = 17;\n";

/* ---------- migration 18: the start screen's lists without the history (issue 10) ----------
 * rems_owed holds the esketamine sessions dosed whose REMS form is not submitted: the
 * paperwork line of the start screen and board, the paperwork screen and `rems --due` read
 * these few rows instead of every esketamine session ever dosed. Not clinical (no audit
 * triggers, not in tables[]): an index kept by triggers in the same transaction as the
 * session's dose start and the submission; the readers still check each row against
 * rems_submission, so a form is shown owed only when no submission is stored. A submission
 * deleted behind ketchart (which verify reports) makes its form owed again.
 * patient_name: the patient list in its order (name, case folded, then id) without sorting
 * every patient at each load. */
static const char migration_18[] =
	"CREATE TABLE IF NOT EXISTS rems_owed (session_id INTEGER PRIMARY KEY);\n"
	"INSERT OR IGNORE INTO rems_owed (session_id) SELECT s.id FROM session s"
	" WHERE s.route = 'esketamine' AND s.dose_start IS NOT NULL"
	" AND NOT EXISTS (SELECT 1 FROM rems_submission r WHERE r.session_id = s.id);\n"
	"CREATE TRIGGER IF NOT EXISTS rems_owed_session_insert AFTER INSERT ON session"
	" WHEN NEW.route = 'esketamine' AND NEW.dose_start IS NOT NULL"
	" BEGIN INSERT OR IGNORE INTO rems_owed (session_id) VALUES (NEW.id); END;\n"
	"CREATE TRIGGER IF NOT EXISTS rems_owed_session_update AFTER UPDATE OF route, dose_start ON session"
	" BEGIN DELETE FROM rems_owed WHERE session_id = NEW.id"
	" AND NOT (NEW.route = 'esketamine' AND NEW.dose_start IS NOT NULL);"
	" INSERT OR IGNORE INTO rems_owed (session_id) SELECT NEW.id"
	" WHERE NEW.route = 'esketamine' AND NEW.dose_start IS NOT NULL"
	" AND NOT EXISTS (SELECT 1 FROM rems_submission r WHERE r.session_id = NEW.id); END;\n"
	"CREATE TRIGGER IF NOT EXISTS rems_owed_submitted AFTER INSERT ON rems_submission"
	" BEGIN DELETE FROM rems_owed WHERE session_id = NEW.session_id; END;\n"
	"CREATE TRIGGER IF NOT EXISTS rems_owed_unsubmitted AFTER DELETE ON rems_submission"
	" BEGIN INSERT OR IGNORE INTO rems_owed (session_id) SELECT s.id FROM session s"
	" WHERE s.id = OLD.session_id AND s.route = 'esketamine' AND s.dose_start IS NOT NULL; END;\n"
	"CREATE INDEX IF NOT EXISTS patient_name ON patient (name COLLATE NOCASE, id);\n"
	"PRAGMA user_version = 18;\n";

/* ---------- migration 19: a booking cancelled (kc_booking.h) ----------
 * A booking is never changed or deleted: its cancellation is a row of its own (when, who,
 * why), one a booking, itself never changed, so the day's list keeps it, marked cancelled.
 * A patient's bookings (the course screen) are read through their own index. */
#define BOOKING_CANCEL_COLS(X) \
	X(booking_id, "INTEGER NOT NULL REFERENCES booking (id)") \
	X(reason, "TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 255)") \
	ENTRY_COLS(X)

static const char migration_19[] =
	TABLE_NEW(booking_cancel, BOOKING_CANCEL_COLS, "")
	"CREATE UNIQUE INDEX IF NOT EXISTS booking_cancel_booking ON booking_cancel (booking_id);\n"
	"CREATE INDEX IF NOT EXISTS booking_patient ON booking (patient_id, at);\n"
	"CREATE TRIGGER IF NOT EXISTS booking_cancel_no_update BEFORE UPDATE ON booking_cancel "
	RAISE_MSG(STORE_BOOKING_CANCEL_MSG)
	"PRAGMA user_version = 19;\n";

/* ---------- migration 20: the chair a session is given (kc_chart_session_chair) ----------
 * One row a session, written when it starts (the booked chair or the one chosen), never
 * changed or deleted, refused on a signed session: the board shows the chair of a session
 * begun without a booking from here. Occupied chairs are read by chair. */
#define SESSION_CHAIR_COLS(X) \
	SESSION_FK(X) \
	X(chair, "TEXT NOT NULL CHECK (length(chair) BETWEEN 1 AND 31)") \
	ENTRY_COLS(X)

static const char migration_20[] =
	TABLE_NEW(session_chair, SESSION_CHAIR_COLS, "")
	"CREATE UNIQUE INDEX IF NOT EXISTS session_chair_session ON session_chair (session_id);\n"
	"CREATE INDEX IF NOT EXISTS session_chair_chair ON session_chair (chair, session_id);\n"
	IFNE("TRIGGER") "session_chair_signed_insert BEFORE INSERT ON session_chair WHEN " SIGNED("NEW.session_id") " "
	RAISE_SIGNED
	IFNE("TRIGGER") "session_chair_no_update BEFORE UPDATE ON session_chair " RAISE_MSG(STORE_SESSION_CHAIR_MSG)
	"PRAGMA user_version = 20;\n";

/* ---------- migration 21: the scales' answers by session (the FHIR export) ----------
 * A session has forty-odd screening answers; the FHIR export sends the PHQ-9, GAD-7 and
 * C-SSRS ones (about nineteen). Read through screening_answer_item, each of those was a
 * table lookup and a session's answers spread over three or four pages, each a read from
 * the file once the history outgrows the page cache (a fifth of the export at 10k
 * sessions). This partial index holds those answers only, with every column the export
 * reads, in the order it reads them: one page a session, no table lookup. Its WHERE is
 * kc_screen_scales' own, word for word (SQLite uses a partial index only then). */
static const char migration_21[] =
	"CREATE INDEX IF NOT EXISTS screening_answer_scales ON screening_answer"
	" (session_id, item, id, value, entered_at, entered_by) WHERE " STORE_SCALES_WHERE ";\n"
	"PRAGMA user_version = 21;\n";

/* ---------- migration 22: the chain's link looked up in C ----------
 * audit_chain found the previous row's hash with a subquery, twice (for prev_hash and
 * for the hash over it): two cursors opened on the audit and a descent of its b-tree each.
 * kc_chain_prev(id) gives the same value (the hash of the row before id, zeros if none or
 * it has none) and, while a batch holds the write lock, takes it from the row
 * kc_chain_link linked last when that row is id - 1 (store.c says why that is always the
 * row before). And audit_no_update compared eight columns of the old and new row on every
 * link, the long JSON among them: it now fires only for an update that names one of the
 * row's contents (and refuses it whatever the value), and audit_no_relink, which fires for
 * every update, refuses a second hash and a row moved to another id (by id or by any other
 * name of the rowid, which an UPDATE OF list does not see), reading two columns. The hash
 * and the chain are as before, row for row; making the demo takes 11% fewer instructions. */
static const char migration_22[] =
	"DROP TRIGGER audit_chain;\n"
	"CREATE TRIGGER audit_chain AFTER INSERT ON audit BEGIN UPDATE audit SET prev_hash = "
	"kc_chain_prev(NEW.id), hash = kc_chain_link(kc_chain_prev(NEW.id), " AUDIT_FIELDS ") "
	"WHERE id = NEW.id; END;\n"
	"DROP TRIGGER audit_no_update;\n"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE OF at, who, tbl, row_id, field, old_value, "
	"new_value ON audit BEGIN SELECT RAISE(ABORT, '" STORE_AUDIT_MSG "'); END;\n"
	"DROP TRIGGER IF EXISTS audit_no_relink;\n"
	"CREATE TRIGGER audit_no_relink BEFORE UPDATE ON audit "
	"WHEN OLD.hash IS NOT NULL OR NEW.id IS NOT OLD.id BEGIN SELECT RAISE(ABORT, '" STORE_AUDIT_MSG "'); END;\n"
	"PRAGMA user_version = 22;\n";

/* migrations[i] brings user_version i to i + 1: its SQL, then its C step (or NULL). */
static const struct migration {
	const char *sql;
	int (*after)(struct kc_store *st, struct kc_err *err);
} migrations[] = {
	{ migration_1, NULL },
	{ migration_2, chain_existing },
	{ migration_3, first_admin },
	{ migration_4, NULL },
	{ migration_5, NULL },
	{ migration_6, NULL },
	{ migration_7, NULL },
	{ migration_8, demographics },
	{ migration_9, NULL },
	{ migration_10, NULL },
	{ migration_11, NULL },
	{ migration_12, NULL },
	{ migration_13, NULL },
	{ migration_14, carried_column },
	{ migration_15, NULL },
	{ migration_16, store_meta_namespace_make },
	{ migration_17, NULL },
	{ migration_18, NULL },
	{ migration_19, NULL },
	{ migration_20, NULL },
	{ migration_21, NULL },
	{ migration_22, NULL },
};

_Static_assert(sizeof migrations / sizeof migrations[0] == KC_SCHEMA_VERSION,
	       "one migration per schema version");

static int apply_one(struct kc_store *st, int v, struct kc_err *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(st->db, migrations[v].sql, NULL, NULL, &msg);
	int status;

	if (rc == SQLITE_OK)
		return migrations[v].after ? migrations[v].after(st, err) : KC_OK;
	/* A plain SQL error means the file holds tables that are not ours. */
	status = (rc & 0xff) == SQLITE_ERROR ? KC_ERR_CORRUPT : store_fail(st, rc, NULL);
	kc_fail(err, status, "upgrading the database %s to schema %d failed (%s); nothing was "
		"changed", st->path, v + 1, msg ? msg : sqlite3_errstr(rc));
	sqlite3_free(msg);
	return status;
}

static int apply(struct kc_store *st, int from, struct kc_err *err)
{
	int rc = KC_OK;

	for (int v = from; v < KC_SCHEMA_VERSION && rc == KC_OK; v++)
		rc = apply_one(st, v, err);
	return rc;
}

static int check_version(struct kc_store *st, int version, struct kc_err *err)
{
	if (version > KC_SCHEMA_VERSION)
		return kc_fail(err, KC_ERR_INVALID, "database schema %d is newer than this program (%d); "
			       "upgrade ketchart", version, KC_SCHEMA_VERSION);
	if (version < 0)
		return kc_fail(err, KC_ERR_CORRUPT, "the database %s has an impossible schema version %d",
			       st->path, version);
	return KC_OK;
}

/* A current schema is only read, so opening never waits for another clinician's save;
 * an upgrade takes the write lock and looks again (another may have just done it). */
int store_migrate(struct kc_store *st, struct kc_err *err)
{
	int version = 0;
	int rc = kc_store_user_version(st, &version, err);

	st->migrations = 0;
	if (rc == KC_OK && (rc = check_version(st, version, err)) == KC_OK && version == KC_SCHEMA_VERSION)
		return KC_OK;
	if (rc != KC_OK)
		return rc;
	rc = store_begin(st, 0, err);
	if (rc == KC_OK)
		rc = kc_store_user_version(st, &version, err);
	if (rc == KC_OK)
		rc = check_version(st, version, err);
	if (rc == KC_OK)
		rc = apply(st, version, err);
	rc = store_end(st, rc, err);
	if (rc == KC_OK)
		st->migrations = KC_SCHEMA_VERSION - version;
	return rc;
}

/* ---------- clinical rows against their audit (kc_store_scan) ---------- */

/* The current row as the insert audit wrote it (json_object of every column), so both
 * sides go through the same JSON and compare as text. ?1 is the table's name. */
/* A BLOB (which ketchart never writes) goes in as its bytes: json_object cannot hold it,
 * and the scan must go on to name it (kc_scan_visitor.type). */
#define JSON_COL(c, def) ", '" #c "', CASE typeof(" #c ") WHEN 'blob' THEN CAST(" #c " AS TEXT)" \
	" ELSE " #c " END"
#define CUR_JSON(COLS) "json_object('id', id" COLS(JSON_COL) ")"
#define ROW_CHECK(t, COLS) { #t, "WITH cur(id, j) AS (SELECT id, " CUR_JSON(COLS) " FROM " #t "), " \
	ROW_CHECK_TAIL, ROW_CURSOR(t, COLS), ROW_TYPES(t, COLS), ROW_JSON(t, COLS), \
	(const struct store_col[]){ COLS(TYPE_COL) }, \
	sizeof((const struct store_col[]){ COLS(TYPE_COL) }) / sizeof(struct store_col) },

/* Every row's id and columns as stored, for the types each column may hold
 * (kc_store_scan judges them with sqlite3_column_type against the declarations). */
#define TYPE_SEL(c, def) ", " #c
#define TYPE_COL(c, def) { #c, def },
#define ROW_TYPES(t, COLS) "SELECT id" COLS(TYPE_SEL) " FROM " #t

/* Columns: kind (enum kc_row_finding_kind), row id, field, current, expected, the latest
 * insert's audit id, the number of inserts. A column's expected value is its latest update
 * after the latest insert, else the insert's JSON (NULL when an altered audit row no
 * longer holds valid JSON: the chain names that row). */
#define ROW_CHECK_TAIL \
	"ins(row_id, n, aid, j) AS (SELECT row_id, count(*), max(id), new_value FROM audit" \
	" WHERE tbl = ?1 AND field = '' GROUP BY row_id), " \
	"upd(row_id, field, aid, v) AS (SELECT row_id, field, max(id), new_value FROM audit" \
	" WHERE tbl = ?1 AND field <> '' GROUP BY row_id, field) " \
	"SELECT 0, id, NULL, NULL, NULL, NULL, 0 FROM cur WHERE id NOT IN (SELECT row_id FROM ins) " \
	"UNION ALL SELECT 1, row_id, NULL, NULL, NULL, aid, n FROM ins" \
	" WHERE row_id NOT IN (SELECT id FROM cur) " \
	"UNION ALL SELECT 2, row_id, NULL, NULL, NULL, aid, n FROM ins" \
	" WHERE n > 1 AND row_id IN (SELECT id FROM cur) " \
	"UNION ALL SELECT 3, id, key, now, want, aid, n FROM (SELECT cur.id AS id, k.key AS key," \
	" CAST(k.value AS TEXT) AS now, CAST(CASE WHEN upd.aid IS NOT NULL THEN upd.v" \
	" WHEN json_valid(ins.j) THEN json_extract(ins.j, '$.' || k.key) END AS TEXT) AS want," \
	" ins.aid AS aid, ins.n AS n FROM cur JOIN ins ON ins.row_id = cur.id" \
	" JOIN json_each(cur.j) AS k" \
	" LEFT JOIN upd ON upd.row_id = cur.id AND upd.field = k.key AND upd.aid > ins.aid)" \
	" WHERE now IS NOT want " \
	"ORDER BY 2, 1"

/* The table in id order for the merge with the chain pass (kc_store_scan): every column
 * as stored, compared in C with the insert's JSON and judged for its type in one read;
 * and one row as its insert audit wrote it, for a row that needs the closer look. */
#define ROW_CURSOR(t, COLS) ROW_TYPES(t, COLS) " ORDER BY id"
#define ROW_JSON(t, COLS) "SELECT " CUR_JSON(COLS) " FROM " #t " WHERE id = ?1"

static const struct store_table tables[] = {
	ROW_CHECK(clinician, CLINICIAN_COLS)
	ROW_CHECK(patient, PATIENT_COLS_8)
	ROW_CHECK(session, SESSION_COLS)
	ROW_CHECK(weight, WEIGHT_COLS_5)
	ROW_CHECK(screening_answer, ANSWER_COLS)
	ROW_CHECK(vitals, VITALS_COLS_14)
	ROW_CHECK(observation, OBSERVATION_COLS)
	ROW_CHECK(dose_event, DOSE_COLS)
	ROW_CHECK(discharge, DISCHARGE_COLS)
	ROW_CHECK(addendum, ADDENDUM_COLS)
	ROW_CHECK(amendment, AMENDMENT_COLS)
	ROW_CHECK(session_hold, HOLD_COLS)
	ROW_CHECK(patient_correction, PATIENT_FIX_COLS)
	ROW_CHECK(patient_detail_fix, PATIENT_DETAIL_FIX_COLS)
	ROW_CHECK(booking, BOOKING_COLS)
	ROW_CHECK(booking_cancel, BOOKING_CANCEL_COLS)
	ROW_CHECK(clinician_contact, CLINICIAN_CONTACT_COLS)
	ROW_CHECK(rems_submission, REMS_SUBMISSION_COLS)
	ROW_CHECK(stock_receipt, STOCK_RECEIPT_COLS)
	ROW_CHECK(drug_drawn, DRUG_DRAWN_COLS)
	ROW_CHECK(drug_waste, DRUG_WASTE_COLS)
	ROW_CHECK(stock_count, STOCK_COUNT_COLS)
	ROW_CHECK(ack_action, ACK_ACTION_COLS)
	ROW_CHECK(session_chair, SESSION_CHAIR_COLS)
};

const struct store_table *store_tables(size_t *n)
{
	*n = sizeof tables / sizeof tables[0];
	return tables;
}
