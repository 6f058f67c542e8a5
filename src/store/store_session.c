/* store_session.c — a treatment session from creation to signature. */
#include "store_impl.h"

#include <string.h>

#define SESSION_COLS "id, patient_id, clinician, route, indication, phase, created_at, dose_start," \
	" dose_end, ended_at, weight_kg, planned_mg_per_kg, planned_mg, given_mg, signed_by," \
	" signed_at, outcome, outcome_reason"

static int read_session(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_session *x = row;
	const char *route = (const char *)sqlite3_column_text(s, 3);
	const char *phase = (const char *)sqlite3_column_text(s, 5);

	x->id = sqlite3_column_int64(s, 0);
	if (kc_route_from_name(route, &x->route) != KC_OK ||
	    kc_phase_from_name(phase, &x->phase) != KC_OK)
		return kc_fail(err, KC_ERR_CORRUPT, "session %lld has an unknown route or phase", x->id);
	x->patient_id = sqlite3_column_int64(s, 1);
	store_col_text(s, 2, x->clinician, sizeof x->clinician);
	store_col_text(s, 4, x->indication, sizeof x->indication);
	x->created_at = store_col_time(s, 6);
	x->dose_start = store_col_time(s, 7);
	x->dose_end = store_col_time(s, 8);
	x->ended_at = store_col_time(s, 9);
	x->weight_kg = sqlite3_column_double(s, 10);
	x->planned_mg_per_kg = sqlite3_column_double(s, 11);
	x->planned_mg = sqlite3_column_double(s, 12);
	x->given_mg = sqlite3_column_double(s, 13);
	store_col_text(s, 14, x->signed_by, sizeof x->signed_by);
	x->signed_at = store_col_time(s, 15);
	store_col_text(s, 16, x->outcome, sizeof x->outcome);
	store_col_text(s, 17, x->outcome_reason, sizeof x->outcome_reason);
	return KC_OK;
}

int kc_session_get(struct kc_store *st, kc_id id, struct kc_session *out, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_cache_session(st, id, out))
		return KC_OK;
	rc = store_stmt(st, S_SES_GET, "SELECT " SESSION_COLS " FROM session WHERE id = ?1", &s, err);
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = store_one(st, s, read_session, out, err);
	if (rc == KC_ERR_NOTFOUND)
		return kc_fail(err, rc, "no session with id %lld", id);
	if (rc == KC_OK)
		store_cache_keep_session(st, out);
	return rc;
}

int store_session_writable(struct kc_store *st, kc_id session, struct kc_session *out,
			   struct kc_err *err)
{
	struct kc_session local;
	int rc;

	if (!out)
		out = &local;
	rc = kc_session_get(st, session, out, err);
	if (rc == KC_OK)
		rc = store_actor(st, NULL, err);
	if (rc == KC_OK && out->signed_at)
		rc = kc_fail(err, KC_ERR_SIGNED, "session %lld is signed and read-only; "
			     "add an addendum instead", session);
	if (rc == KC_OK)
		rc = kc_session_hold_check(st, session, err);
	return rc;
}

int store_session_open(struct kc_store *st, kc_id id, struct kc_session *out, struct kc_err *err)
{
	int rc = store_session_writable(st, id, out, err);

	if (rc == KC_OK && out->ended_at)
		rc = kc_fail(err, KC_ERR_INVALID, "session %lld has already ended (%s)", id,
			     out->outcome);
	return rc;
}

int kc_session_create(struct kc_store *st, kc_id patient, enum kc_route route, const char *indication,
		      time_t now, kc_id *id, struct kc_err *err)
{
	struct kc_patient p;
	sqlite3_stmt *s;
	kc_id new_id = 0;
	int rc = store_check_text("the indication", indication, sizeof ((struct kc_session *)0)->indication,
				  0, err);

	if (rc == KC_OK && (unsigned)route >= KC_ROUTE_COUNT)
		rc = kc_fail(err, KC_ERR_INVALID, "unknown route %d", (int)route);
	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_actor(st, NULL, err);
	if (rc == KC_OK)
		rc = kc_patient_get(st, patient, &p, err);
	if (rc == KC_OK)
		rc = store_stmt(st, S_SES_ADD, "INSERT INTO session (patient_id, clinician, route,"
				" indication, created_at) VALUES (?1, ?2, ?3, ?4, ?5)", &s, err);
	if (rc == KC_OK) {
		sqlite3_bind_int64(s, 1, patient);
		store_bind_text(s, 2, st->actor);
		store_bind_text(s, 3, kc_route_name(route));
		store_bind_text(s, 4, indication);
		store_bind_time(s, 5, now);
		rc = store_run(st, s, err);
	}
	if (rc == KC_OK)
		new_id = sqlite3_last_insert_rowid(st->db);
	rc = store_end(st, rc, err);
	if (rc == KC_OK && id)
		*id = new_id;
	return rc;
}

static int list_sessions(struct kc_store *st, sqlite3_stmt *s, struct kc_session **rows, size_t *n,
			 struct kc_err *err)
{
	return store_list(st, s, sizeof **rows, read_session, (void **)rows, n, err);
}

int kc_session_list_open(struct kc_store *st, struct kc_session **rows, size_t *n, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_SES_LIST_OPEN, "SELECT " SESSION_COLS " FROM session"
			    " WHERE ended_at IS NULL ORDER BY created_at, id", &s, err);

	*rows = NULL;
	*n = 0;
	return rc != KC_OK ? rc : list_sessions(st, s, rows, n, err);
}

int kc_session_list(struct kc_store *st, kc_id patient, struct kc_session **rows, size_t *n,
		    struct kc_err *err)
{
	sqlite3_stmt *s;
	/* Two statements: "?1 = 0 OR patient_id = ?1" would keep SQLite off session_patient. */
	int rc = patient ? store_stmt(st, S_SES_LIST, "SELECT " SESSION_COLS " FROM session"
				      " WHERE patient_id = ?1 ORDER BY created_at DESC, id DESC", &s, err)
			 : store_stmt(st, S_SES_LIST_ALL, "SELECT " SESSION_COLS " FROM session"
				      " ORDER BY created_at DESC, id DESC", &s, err);

	*rows = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	if (patient)
		sqlite3_bind_int64(s, 1, patient);
	return list_sessions(st, s, rows, n, err);
}

static int phase_allowed(const struct kc_session *x, enum kc_phase phase, struct kc_err *err)
{
	if ((unsigned)phase >= KC_PHASE_COUNT)
		return kc_fail(err, KC_ERR_INVALID, "unknown phase %d", (int)phase);
	if (phase >= KC_PHASE_DISCHARGED)
		return kc_fail(err, KC_ERR_INVALID, "a session is discharged or aborted by ending it "
			       "with its outcome");
	if (phase < x->phase)
		return kc_fail(err, KC_ERR_INVALID, "session %lld is already in %s; phases only move "
			       "forward", x->id, kc_phase_name(x->phase));
	return KC_OK;
}

int kc_session_set_phase(struct kc_store *st, kc_id id, enum kc_phase phase, time_t now,
			 struct kc_err *err)
{
	struct kc_session x;
	sqlite3_stmt *s;
	int rc = store_begin(st, now, err);

	if (rc != KC_OK)
		return rc;
	rc = store_session_open(st, id, &x, err);
	if (rc == KC_OK)
		rc = phase_allowed(&x, phase, err);
	if (rc == KC_OK)
		rc = store_stmt(st, S_SES_PHASE, "UPDATE session SET phase = ?2 WHERE id = ?1", &s, err);
	if (rc == KC_OK) {
		sqlite3_bind_int64(s, 1, id);
		store_bind_text(s, 2, kc_phase_name(phase));
		rc = store_run(st, s, err);
	}
	return store_end(st, rc, err);
}

int kc_session_plan_dose(struct kc_store *st, kc_id id, double weight_kg, double mg_per_kg, double mg,
			 time_t now, struct kc_err *err)
{
	struct kc_session x;
	sqlite3_stmt *s;
	int rc;

	if (!(weight_kg > 0 && weight_kg < 700) || !(mg_per_kg >= 0) || !(mg > 0))
		return kc_fail(err, KC_ERR_INVALID, "a planned dose needs a weight, mg/kg >= 0 and mg > 0");
	if ((rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_session_open(st, id, &x, err);
	if (rc == KC_OK)
		rc = store_stmt(st, S_SES_PLAN, "UPDATE session SET weight_kg = ?2,"
				" planned_mg_per_kg = ?3, planned_mg = ?4 WHERE id = ?1", &s, err);
	if (rc == KC_OK) {
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_double(s, 2, weight_kg);
		sqlite3_bind_double(s, 3, mg_per_kg);
		sqlite3_bind_double(s, 4, mg);
		rc = store_run(st, s, err);
	}
	return store_end(st, rc, err);
}

/* against_advice ends in the discharged phase: the patient left; the outcome says how. */
static int outcome_phase(const char *outcome, const char *reason, enum kc_phase *phase,
			 struct kc_err *err)
{
	int needs_reason = 1;

	if (outcome && strcmp(outcome, "discharged") == 0) {
		*phase = KC_PHASE_DISCHARGED;
		needs_reason = 0;
	} else if (outcome && strcmp(outcome, "against_advice") == 0) {
		*phase = KC_PHASE_DISCHARGED;
	} else if (outcome && strcmp(outcome, "aborted") == 0) {
		*phase = KC_PHASE_ABORTED;
	} else {
		return kc_fail(err, KC_ERR_INVALID, "unknown outcome '%s' (discharged, against_advice "
			       "or aborted)", outcome ? outcome : "");
	}
	return store_check_text(needs_reason ? "a reason for this outcome" : "the reason", reason,
				KC_NOTE_MAX, needs_reason, err);
}

/* A reason to discharge is a physician's decision to discharge with criteria not met.
 * Whether they are met (a clock and config matter) is src/chart's gate: kc_chart_end. */
static int discharge_allowed(struct kc_store *st, const char *outcome, const char *reason, struct kc_err *err)
{
	if (strcmp(outcome, "discharged") != 0 || !reason || !reason[0])
		return KC_OK;
	return store_require(st, KC_ROLE_PHYSICIAN, "discharge with criteria not met", err);
}

int kc_session_end(struct kc_store *st, kc_id id, const char *outcome, const char *reason, time_t now,
		   struct kc_err *err)
{
	enum kc_phase phase = KC_PHASE_DISCHARGED;
	struct kc_session x;
	sqlite3_stmt *s;
	int rc = outcome_phase(outcome, reason, &phase, err);

	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_session_open(st, id, &x, err);
	if (rc == KC_OK)
		rc = discharge_allowed(st, outcome, reason, err);
	if (rc == KC_OK)
		rc = store_hold_release_all(st, id, err);
	if (rc == KC_OK)
		rc = store_stmt(st, S_SES_END, "UPDATE session SET ended_at = ?2, phase = ?3,"
				" outcome = ?4, outcome_reason = ?5 WHERE id = ?1", &s, err);
	if (rc == KC_OK) {
		sqlite3_bind_int64(s, 1, id);
		store_bind_time(s, 2, now);
		store_bind_text(s, 3, kc_phase_name(phase));
		store_bind_text(s, 4, outcome);
		store_bind_text(s, 5, reason);
		rc = store_run(st, s, err);
	}
	return store_end(st, rc, err);
}

int kc_session_sign(struct kc_store *st, kc_id id, time_t now, struct kc_err *err)
{
	struct kc_session x;
	sqlite3_stmt *s;
	int rc = store_begin(st, now, err);

	if (rc != KC_OK)
		return rc;
	rc = store_session_writable(st, id, &x, err);
	if (rc == KC_OK && !x.ended_at)
		rc = kc_fail(err, KC_ERR_INVALID, "session %lld is still open: discharge or abort it "
			     "before signing", id);
	if (rc == KC_OK) /* before the signature: a signed session's rows never change */
		rc = store_hold_release_all(st, id, err);
	if (rc == KC_OK)
		rc = store_stmt(st, S_SES_SIGN, "UPDATE session SET signed_by = ?2, signed_at = ?3"
				" WHERE id = ?1", &s, err);
	if (rc == KC_OK) {
		sqlite3_bind_int64(s, 1, id);
		store_bind_text(s, 2, st->actor);
		store_bind_time(s, 3, now);
		rc = store_run(st, s, err);
	}
	return store_end(st, rc, err);
}
