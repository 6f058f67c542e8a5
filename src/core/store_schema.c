/* store_schema.c — the schema as numbered migrations keyed on PRAGMA user_version.
 *
 * Each table's columns are listed once (an X-macro) and that one list yields the CREATE
 * TABLE, the insert audit (json_object of the new row) and the update audit (one row per
 * changed column), so no column can escape the audit. The lists describe migration 1 as
 * released: never edit them. A later migration adds columns with ALTER TABLE and, for
 * the audit to see them, drops and re-creates that table's audit triggers from a new list.
 *
 * To add migration 2: write MIGRATION_2 (ending in "PRAGMA user_version = 2;"), append it
 * to migrations[] and raise KC_SCHEMA_VERSION in kc_store.h. */
#include "store_impl.h"

#include <string.h>

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

/* migrations[i] brings user_version i to i + 1. */
static const char *const migrations[] = {
	migration_1,
};

_Static_assert(sizeof migrations / sizeof migrations[0] == KC_SCHEMA_VERSION,
	       "one migration per schema version");

static int apply(struct kc_store *st, int from, struct kc_err *err)
{
	char *msg = NULL;
	int v, rc;

	for (v = from; v < KC_SCHEMA_VERSION; v++) {
		rc = sqlite3_exec(st->db, migrations[v], NULL, NULL, &msg);
		if (rc != SQLITE_OK) {
			/* A plain SQL error means the file holds tables that are not ours. */
			int status = (rc & 0xff) == SQLITE_ERROR ? KC_ERR_CORRUPT : store_fail(st, rc, NULL);

			kc_fail(err, status, "upgrading the database %s to schema %d failed (%s); "
				"nothing was changed", st->path, v + 1, msg ? msg : sqlite3_errstr(rc));
			sqlite3_free(msg);
			return status;
		}
	}
	return KC_OK;
}

int store_migrate(struct kc_store *st, struct kc_err *err)
{
	int version = 0, rc;

	st->migrations = 0;
	rc = store_begin(st, 0, err);
	if (rc == KC_OK)
		rc = kc_store_user_version(st, &version, err);
	if (rc == KC_OK && version > KC_SCHEMA_VERSION)
		rc = kc_fail(err, KC_ERR_INVALID, "database schema %d is newer than this program (%d); "
			     "upgrade ketchart", version, KC_SCHEMA_VERSION);
	else if (rc == KC_OK && version < 0)
		rc = kc_fail(err, KC_ERR_CORRUPT, "the database %s has an impossible schema version %d",
			     st->path, version);
	if (rc == KC_OK)
		rc = apply(st, version, err);
	rc = store_end(st, rc, err);
	if (rc == KC_OK)
		st->migrations = KC_SCHEMA_VERSION - version;
	return rc;
}
