/* store_patient.c — patients and their weight history. */
#include "store_impl.h"

#include <string.h>

#include "kc_time.h"

/* ---------- patients ---------- */

#define PATIENT_COLS "id, chart_no, name, dob, created_at"

static int read_patient(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_patient *p = row;

	(void)err;
	p->id = sqlite3_column_int64(s, 0);
	store_col_text(s, 1, p->chart_no, sizeof p->chart_no);
	store_col_text(s, 2, p->name, sizeof p->name);
	store_col_text(s, 3, p->dob, sizeof p->dob);
	p->created_at = store_col_time(s, 4);
	return KC_OK;
}

static int check_patient(const struct kc_patient *p, time_t now, struct kc_err *err)
{
	int rc = store_check_text("the chart number", p->chart_no, sizeof p->chart_no, 1, err);

	if (rc == KC_OK)
		rc = store_check_text("the patient's name", p->name, sizeof p->name, 1, err);
	if (rc == KC_OK)
		rc = kc_date_check(p->dob, now, err);
	return rc;
}

/* Checked inside the transaction for a message naming the chart number; the UNIQUE
 * constraint stays the last word. */
static int chart_no_free(struct kc_store *st, const char *chart_no, struct kc_err *err)
{
	struct kc_patient other;
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_PAT_BY_CHART, "SELECT " PATIENT_COLS " FROM patient"
			    " WHERE chart_no = ?1", &s, err);

	if (rc != KC_OK)
		return rc;
	store_bind_text(s, 1, chart_no);
	rc = store_one(st, s, read_patient, &other, err);
	if (rc == KC_OK)
		return kc_fail(err, KC_ERR_INVALID, "chart number %s is already used (patient %s)",
			       chart_no, other.name);
	return rc == KC_ERR_NOTFOUND ? KC_OK : rc;
}

static int insert_patient(struct kc_store *st, const struct kc_patient *p, kc_id *id,
			  struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_PAT_ADD, "INSERT INTO patient (chart_no, name, dob, created_at,"
			    " created_by) VALUES (?1, ?2, ?3, ?4, ?5)", &s, err);

	if (rc != KC_OK)
		return rc;
	store_bind_text(s, 1, p->chart_no);
	store_bind_text(s, 2, p->name);
	store_bind_text(s, 3, p->dob);
	store_bind_time(s, 4, st->now);
	store_bind_text(s, 5, st->actor);
	rc = store_run(st, s, err);
	if (rc == KC_OK)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int kc_patient_add(struct kc_store *st, const struct kc_patient *p, time_t now, kc_id *id,
		   struct kc_err *err)
{
	kc_id new_id = 0;
	int rc = check_patient(p, now, err);

	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_actor(st, NULL, err);
	if (rc == KC_OK)
		rc = chart_no_free(st, p->chart_no, err);
	if (rc == KC_OK)
		rc = insert_patient(st, p, &new_id, err);
	rc = store_end(st, rc, err);
	if (rc == KC_OK && id)
		*id = new_id;
	return rc;
}

int kc_patient_get(struct kc_store *st, kc_id id, struct kc_patient *out, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_PAT_GET, "SELECT " PATIENT_COLS " FROM patient WHERE id = ?1", &s,
			    err);

	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = store_one(st, s, read_patient, out, err);
	if (rc == KC_ERR_NOTFOUND)
		return kc_fail(err, rc, "no patient with id %lld", id);
	return rc;
}

/* instr() rather than LIKE: a '%' or '_' typed in the search box is just a character. */
int kc_patient_find(struct kc_store *st, const char *query, struct kc_patient **rows, size_t *n,
		    struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_PAT_FIND, "SELECT " PATIENT_COLS " FROM patient"
			    " WHERE instr(lower(name), lower(?1)) > 0"
			    " OR instr(lower(chart_no), lower(?1)) > 0"
			    " ORDER BY name COLLATE NOCASE, id", &s, err);

	*rows = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	store_bind_text(s, 1, query);
	return store_list(st, s, sizeof **rows, read_patient, (void **)rows, n, err);
}

/* ---------- weight ---------- */

static int check_weight_session(struct kc_store *st, kc_id patient, kc_id session,
				struct kc_err *err)
{
	struct kc_session ses;
	int rc = store_session_writable(st, session, &ses, err);

	if (rc == KC_OK && ses.patient_id != patient)
		rc = kc_fail(err, KC_ERR_INVALID, "session %lld belongs to another patient", session);
	return rc;
}

int kc_weight_add(struct kc_store *st, kc_id patient, kc_id session, double kg, time_t taken,
		  time_t now, struct kc_err *err)
{
	struct kc_patient p;
	sqlite3_stmt *s;
	int rc;

	if (!(kg > 0 && kg < 700) || taken <= 0)
		return kc_fail(err, KC_ERR_INVALID, "a weight needs kilograms above 0 and a time");
	if ((rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_actor(st, NULL, err);
	if (rc == KC_OK)
		rc = kc_patient_get(st, patient, &p, err);
	if (rc == KC_OK && session)
		rc = check_weight_session(st, patient, session, err);
	if (rc == KC_OK)
		rc = store_stmt(st, S_WEIGHT_ADD, "INSERT INTO weight (patient_id, session_id, kg,"
				" taken_at, entered_at, entered_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
				&s, err);
	if (rc == KC_OK) {
		sqlite3_bind_int64(s, 1, patient);
		store_bind_id(s, 2, session);
		sqlite3_bind_double(s, 3, kg);
		store_bind_time(s, 4, taken);
		store_bind_time(s, 5, now);
		store_bind_text(s, 6, st->actor);
		rc = store_run(st, s, err);
	}
	return store_end(st, rc, err);
}

#define WEIGHT_COLS "SELECT id, kg, taken_at, entered_at, entered_by FROM weight"

static int read_weight(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_weight_row *w = row;

	(void)err;
	w->id = sqlite3_column_int64(s, 0);
	w->kg = sqlite3_column_double(s, 1);
	w->taken_at = store_col_time(s, 2);
	w->entered_at = store_col_time(s, 3);
	store_col_text(s, 4, w->entered_by, sizeof w->entered_by);
	return KC_OK;
}

int kc_weight_latest(struct kc_store *st, kc_id patient, double *kg, time_t *taken,
		     struct kc_err *err)
{
	struct kc_weight_row w = { 0 };
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_WEIGHT_LATEST, WEIGHT_COLS
			    " WHERE patient_id = ?1 ORDER BY taken_at DESC, id DESC LIMIT 1", &s, err);

	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, patient);
	rc = store_one(st, s, read_weight, &w, err);
	if (rc == KC_ERR_NOTFOUND)
		return kc_fail(err, rc, "patient %lld has never been weighed", patient);
	if (kg)
		*kg = w.kg;
	if (taken)
		*taken = w.taken_at;
	return rc;
}

int kc_weight_of_session(struct kc_store *st, kc_id session, struct kc_weight_row *out,
			 struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_WEIGHT_OF_SESSION, WEIGHT_COLS
			    " WHERE session_id = ?1 ORDER BY taken_at DESC, id DESC LIMIT 1", &s, err);

	memset(out, 0, sizeof *out);
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, session);
	rc = store_one(st, s, read_weight, out, err);
	if (rc == KC_ERR_NOTFOUND) {
		memset(out, 0, sizeof *out);
		kc_err_clear(err);
		return KC_OK;
	}
	return rc;
}
