/* store_patient.c — patients and their weight history. */
#include "store_impl.h"

#include <stdio.h>
#include <string.h>

#include "kc_demog.h"
#include "kc_time.h"

/* ---------- patients ---------- */

#define PATIENT_COLS "id, chart_no, name, dob, created_at, sex, height_cm, allergies, phone," \
	" emergency_contact, rems_enrolled, rems_patient_id, esk_first_date"

static int read_patient(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_patient *p = row;

	(void)err;
	p->id = sqlite3_column_int64(s, 0);
	store_col_text(s, 1, p->chart_no, sizeof p->chart_no);
	store_col_text(s, 2, p->name, sizeof p->name);
	store_col_text(s, 3, p->dob, sizeof p->dob);
	p->created_at = store_col_time(s, 4);
	store_col_text(s, 5, p->sex, sizeof p->sex);
	p->height_cm = sqlite3_column_int(s, 6);
	store_col_text(s, 7, p->allergies, sizeof p->allergies);
	store_col_text(s, 8, p->phone, sizeof p->phone);
	store_col_text(s, 9, p->emergency, sizeof p->emergency);
	p->rems_enrolled = sqlite3_column_type(s, 10) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 10);
	store_col_text(s, 11, p->rems_id, sizeof p->rems_id);
	store_col_text(s, 12, p->esk_first, sizeof p->esk_first);
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

/* Every patient (no query) in the order of patient_name (migration 18), not sorted at
 * each load; a query matches any part of a name, chart number or date of birth, which no
 * index answers. instr() rather than LIKE: a '%' or '_' typed in the search box is just a
 * character. */
#define PATIENT_ALL " FROM patient INDEXED BY patient_name ORDER BY name COLLATE NOCASE, id"
/* The match on a table named t (the rank's statement names two). */
#define PATIENT_MATCH_ON(t)                                                                         \
	"(instr(lower(" t ".name), lower(?1)) > 0 OR instr(lower(" t ".chart_no), lower(?1)) > 0"  \
	" OR instr(" t ".dob, ?1) > 0)"
#define PATIENT_MATCH " FROM patient WHERE " PATIENT_MATCH_ON("patient") " ORDER BY name COLLATE NOCASE, id"

/* The patients a query matches, read by reader into rows of size bytes; slot_all / slot_find
 * are the two statements (their slots and texts) for no query and a query. */
static int patient_query(struct kc_store *st, const char *query, enum store_stmt slot_all, const char *sql_all,
			 enum store_stmt slot_find, const char *sql_find, size_t size,
			 int (*reader)(sqlite3_stmt *, void *, struct kc_err *), void **rows, size_t *n,
			 struct kc_err *err)
{
	sqlite3_stmt *s;
	int any = query && *query;
	int rc = any ? store_stmt(st, slot_find, sql_find, &s, err) : store_stmt(st, slot_all, sql_all, &s, err);

	*rows = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	if (any)
		store_bind_text(s, 1, query);
	return store_list(st, s, size, reader, rows, n, err);
}

int kc_patient_find(struct kc_store *st, const char *query, struct kc_patient **rows, size_t *n,
		    struct kc_err *err)
{
	return patient_query(st, query, S_PAT_ALL, "SELECT " PATIENT_COLS PATIENT_ALL, S_PAT_FIND,
			     "SELECT " PATIENT_COLS PATIENT_MATCH, sizeof **rows, read_patient, (void **)rows, n,
			     err);
}

struct patient_each {
	kc_patient_fn fn;
	void *ctx;
};

static int patient_each_row(void *ctx, const void *row, struct kc_err *err)
{
	const struct patient_each *e = ctx;

	return e->fn(e->ctx, *(const kc_id *)row, err);
}

int kc_patient_each(struct kc_store *st, kc_patient_fn fn, void *ctx, struct kc_err *err)
{
	struct patient_each e = { fn, ctx };
	kc_id id;
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_PAT_EACH, "SELECT id" PATIENT_ALL, &s, err);

	return rc != KC_OK ? rc : store_each(st, s, &id, sizeof id, store_read_count, patient_each_row, &e, err);
}

static int read_patient_line(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_patient_line *p = row;

	(void)err;
	p->id = sqlite3_column_int64(s, 0);
	store_col_text(s, 1, p->chart_no, sizeof p->chart_no);
	store_col_text(s, 2, p->name, sizeof p->name);
	store_col_text(s, 3, p->dob, sizeof p->dob);
	return KC_OK;
}

int kc_patient_lines(struct kc_store *st, const char *query, struct kc_patient_line **rows, size_t *n,
		     struct kc_err *err)
{
	return patient_query(st, query, S_PAT_LINES, "SELECT id, chart_no, name, dob" PATIENT_ALL, S_PAT_LINES_FIND,
			     "SELECT id, chart_no, name, dob" PATIENT_MATCH, sizeof **rows, read_patient_line,
			     (void **)rows, n, err);
}

/* ---------- the start screen's page of the list (issue 10) ---------- */

int kc_patient_page(struct kc_store *st, const char *query, size_t offset, size_t max,
		    struct kc_patient_line **rows, size_t *n, struct kc_err *err)
{
	sqlite3_stmt *s;
	int any = query && *query;
	/* No query: the index in its order, the offset's entries stepped over without reading
	 * their rows (only the page's rows are read from the table). */
	int rc = any ? store_stmt(st, S_PAT_PAGE_FIND, "SELECT id, chart_no, name, dob" PATIENT_MATCH
				  " LIMIT ?2 OFFSET ?3", &s, err)
		     : store_stmt(st, S_PAT_PAGE, "SELECT id, chart_no, name, dob" PATIENT_ALL " LIMIT ?2 OFFSET ?3",
				  &s, err);

	*rows = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	if (any)
		store_bind_text(s, 1, query);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)max);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)offset);
	return store_list(st, s, sizeof **rows, read_patient_line, (void **)rows, n, err);
}

int kc_patient_count(struct kc_store *st, const char *query, size_t *n, struct kc_err *err)
{
	sqlite3_stmt *s;
	long long c = 0;
	int any = query && *query;
	/* count(*) of the whole table: SQLite counts the entries of its smallest index, no row read */
	int rc = any ? store_stmt(st, S_PAT_COUNT_FIND, "SELECT count(*) FROM patient WHERE " PATIENT_MATCH_ON("patient"),
				  &s, err)
		     : store_stmt(st, S_PAT_COUNT, "SELECT count(*) FROM patient", &s, err);

	*n = 0;
	if (rc != KC_OK)
		return rc;
	if (any)
		store_bind_text(s, 1, query);
	rc = store_one(st, s, store_read_count, &c, err);
	if (rc == KC_OK)
		*n = (size_t)c;
	return rc;
}

/* The patients listed before k, counted on patient_name from its start to k's entry. */
#define PATIENT_BEFORE_K                                                                             \
	"SELECT count(*) FROM patient WHERE (name COLLATE NOCASE < k.name"                          \
	" OR (name COLLATE NOCASE = k.name AND id < k.id))"

int kc_patient_rank(struct kc_store *st, const char *query, kc_id id, size_t *at, struct kc_err *err)
{
	sqlite3_stmt *s;
	long long c = 0;
	int any = query && *query;
	int rc = any ? store_stmt(st, S_PAT_RANK_FIND, "SELECT (" PATIENT_BEFORE_K " AND " PATIENT_MATCH_ON("patient")
				  ") FROM patient k WHERE k.id = ?2 AND " PATIENT_MATCH_ON("k"), &s, err)
		     : store_stmt(st, S_PAT_RANK, "SELECT (" PATIENT_BEFORE_K ") FROM patient k WHERE k.id = ?2", &s,
				  err);

	*at = 0;
	if (rc != KC_OK)
		return rc;
	if (any)
		store_bind_text(s, 1, query);
	sqlite3_bind_int64(s, 2, id);
	rc = store_one(st, s, store_read_count, &c, err);
	if (rc == KC_OK)
		*at = (size_t)c;
	return rc;
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
	return kc_weight_add_typed(st, patient, session, kg, "", taken, now, err);
}

int kc_weight_add_typed(struct kc_store *st, kc_id patient, kc_id session, double kg, const char *typed,
			time_t taken, time_t now, struct kc_err *err)
{
	struct kc_patient p;
	sqlite3_stmt *s;
	int rc;

	if (!(kg > 0 && kg < 700) || taken <= 0)
		return kc_fail(err, KC_ERR_INVALID, "a weight needs kilograms above 0 and a time");
	if (typed && strlen(typed) >= sizeof ((struct kc_weight_row *)0)->typed)
		return kc_fail(err, KC_ERR_INVALID, "the weight as typed is too long (\"%.20s...\")", typed);
	if ((rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_actor(st, NULL, err);
	if (rc == KC_OK)
		rc = kc_patient_get(st, patient, &p, err);
	if (rc == KC_OK && session)
		rc = check_weight_session(st, patient, session, err);
	if (rc == KC_OK)
		rc = store_stmt(st, S_WEIGHT_ADD, "INSERT INTO weight (patient_id, session_id, kg,"
				" taken_at, entered_at, entered_by, typed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
				&s, err);
	if (rc == KC_OK) {
		sqlite3_bind_int64(s, 1, patient);
		store_bind_id(s, 2, session);
		sqlite3_bind_double(s, 3, kg);
		store_bind_time(s, 4, taken);
		store_bind_time(s, 5, now);
		store_bind_text(s, 6, st->actor);
		if (typed && *typed) /* NULL: typed in kg, as the rows from before schema 5 */
			store_bind_text(s, 7, typed);
		else
			sqlite3_bind_null(s, 7);
		rc = store_run(st, s, err);
	}
	return store_end(st, rc, err);
}

#define WEIGHT_COLS "SELECT id, kg, taken_at, entered_at, entered_by, patient_id, session_id, " \
	"eie_code, coalesce(eie_reason, ''), eie_by, eie_at, replaced_by, corrects, typed FROM weight"
#define WEIGHT_VALID " AND eie_code IS NULL"

static int read_weight(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_weight_row *w = row;

	w->id = sqlite3_column_int64(s, 0);
	w->kg = sqlite3_column_double(s, 1);
	w->taken_at = store_col_time(s, 2);
	w->entered_at = store_col_time(s, 3);
	store_col_text(s, 4, w->entered_by, sizeof w->entered_by);
	w->patient_id = sqlite3_column_int64(s, 5);
	w->session_id = sqlite3_column_int64(s, 6);
	store_col_text(s, 13, w->typed, sizeof w->typed);
	return store_read_eie(s, 7, &w->eie, err);
}

int kc_weight_latest(struct kc_store *st, kc_id patient, double *kg, time_t *taken,
		     struct kc_err *err)
{
	struct kc_weight_row w = { 0 };
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_WEIGHT_LATEST, WEIGHT_COLS " WHERE patient_id = ?1" WEIGHT_VALID
			    " ORDER BY taken_at DESC, id DESC LIMIT 1", &s, err);

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
	int rc = store_stmt(st, S_WEIGHT_OF_SESSION, WEIGHT_COLS " WHERE session_id = ?1" WEIGHT_VALID
			    " ORDER BY taken_at DESC, id DESC LIMIT 1", &s, err);

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

int kc_weight_get(struct kc_store *st, kc_id id, struct kc_weight_row *out, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_WEIGHT_GET, WEIGHT_COLS " WHERE id = ?1", &s, err);

	memset(out, 0, sizeof *out);
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = store_one(st, s, read_weight, out, err);
	if (rc == KC_ERR_NOTFOUND)
		return kc_fail(err, rc, "no weight with id %lld", id);
	return rc;
}

int kc_weight_list(struct kc_store *st, kc_id session, struct kc_weight_row **rows, size_t *n,
		   struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_WEIGHT_LIST, WEIGHT_COLS " WHERE session_id IS ?1 ORDER BY taken_at, id", &s, err);

	*rows = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	store_bind_id(s, 1, session); /* 0: NULL, the weights outside any session */
	return store_list(st, s, sizeof **rows, read_weight, (void **)rows, n, err);
}

struct weight_each {
	kc_weight_fn fn;
	void *ctx;
};

static int weight_each_row(void *ctx, const void *row, struct kc_err *err)
{
	const struct weight_each *e = ctx;

	return e->fn(e->ctx, row, err);
}

int kc_weight_each(struct kc_store *st, kc_id session, kc_weight_fn fn, void *ctx, struct kc_err *err)
{
	struct weight_each e = { fn, ctx };
	struct kc_weight_row w;
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_WEIGHT_EACH, WEIGHT_COLS " WHERE session_id IS ?1 ORDER BY taken_at, id", &s, err);

	if (rc != KC_OK)
		return rc;
	store_bind_id(s, 1, session);
	return store_each(st, s, &w, sizeof w, read_weight, weight_each_row, &e, err);
}

/* ---------- weight corrections ---------- */

static const struct store_eie_table weight_eie = {
	"weight", S_WEIGHT_STATE, S_WEIGHT_MARK,
	"SELECT session_id, eie_code FROM weight WHERE id = ?1",
	"UPDATE weight SET eie_code = ?2, eie_reason = ?3, eie_by = ?4, eie_at = ?5,"
	" replaced_by = ?6 WHERE id = ?1 AND eie_code IS NULL",
};

static int insert_weight_fix(struct kc_store *st, const struct kc_weight_row *old, struct kc_weight_row *w,
			     struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_WEIGHT_FIX_ADD, "INSERT INTO weight (patient_id, session_id, kg,"
			    " taken_at, entered_at, entered_by, corrects, typed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
			    &s, err);

	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, old->patient_id);
	store_bind_id(s, 2, old->session_id);
	sqlite3_bind_double(s, 3, w->kg);
	store_bind_time(s, 4, w->taken_at ? w->taken_at : old->taken_at);
	store_bind_time(s, 5, st->now);
	store_bind_text(s, 6, st->actor);
	store_bind_id(s, 7, old->id);
	if (w->typed[0]) /* NULL: typed in kg */
		store_bind_text(s, 8, w->typed);
	rc = store_run(st, s, err);
	if (rc == KC_OK)
		w->id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int kc_weight_correct(struct kc_store *st, kc_id id, enum kc_error_code code, const char *reason,
		      struct kc_weight_row *replacement, time_t now, struct kc_err *err)
{
	struct kc_weight_row old;
	kc_id session = 0, new_id = 0;
	int rc;

	if (replacement && !(replacement->kg > 0 && replacement->kg < 700))
		return kc_fail(err, KC_ERR_INVALID, "a weight needs kilograms above 0");
	if ((rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = kc_weight_get(st, id, &old, err);
	if (rc == KC_OK && !old.session_id)
		rc = kc_fail(err, KC_ERR_INVALID, "weight %lld was not taken in a session: weigh the patient "
			     "again instead", id);
	if (rc == KC_OK)
		rc = store_correct_check(st, &weight_eie, id, code, reason, &session, err);
	if (rc == KC_OK && replacement && (rc = insert_weight_fix(st, &old, replacement, err)) == KC_OK)
		new_id = replacement->id;
	if (rc == KC_OK)
		rc = store_correct_mark(st, &weight_eie, id, code, reason, new_id, err);
	rc = store_end(st, rc, err);
	if (replacement && rc == KC_OK) {
		replacement->patient_id = old.patient_id;
		replacement->session_id = old.session_id;
		replacement->taken_at = replacement->taken_at ? replacement->taken_at : old.taken_at;
		replacement->entered_at = now;
		kc_strlcpy(replacement->entered_by, st->actor, sizeof replacement->entered_by);
		replacement->eie = (struct kc_eie){ .code = KC_EIE_NONE, .corrects = id };
	} else if (replacement) {
		replacement->id = 0;
	}
	return rc;
}

/* ---------- patient corrections ---------- */

static int patient_set(struct kc_store *st, enum store_stmt id, const char *sql, kc_id patient, kc_id session,
		       const char *field, const char *old, const char *new, const char *reason, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (!new[0] || strcmp(old, new) == 0)
		return KC_OK;
	rc = store_stmt(st, id, sql, &s, err);
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, patient);
	store_bind_text(s, 2, new);
	rc = store_run(st, s, err);
	if (rc == KC_OK)
		rc = store_stmt(st, S_PAT_FIX_ADD, "INSERT INTO patient_correction (patient_id, session_id,"
				" field, old_value, new_value, reason, written_at, written_by)"
				" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &s, err);
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, patient);
	store_bind_id(s, 2, session);
	store_bind_text(s, 3, field);
	store_bind_text(s, 4, old);
	store_bind_text(s, 5, new);
	store_bind_text(s, 6, reason);
	store_bind_time(s, 7, st->now);
	store_bind_text(s, 8, st->actor);
	return store_run(st, s, err);
}

/* The corrected patient as it will stand: "" keeps a field. */
static void patient_merge(const struct kc_patient *old, const struct kc_patient *p, struct kc_patient *out)
{
	*out = *old;
	if (p->chart_no[0])
		kc_strlcpy(out->chart_no, p->chart_no, sizeof out->chart_no);
	if (p->name[0])
		kc_strlcpy(out->name, p->name, sizeof out->name);
	if (p->dob[0])
		kc_strlcpy(out->dob, p->dob, sizeof out->dob);
}

static int patient_fix_write(struct kc_store *st, const struct kc_patient *old, const struct kc_patient *to,
			     kc_id session, const char *reason, struct kc_err *err)
{
	int rc = strcmp(old->chart_no, to->chart_no) ? chart_no_free(st, to->chart_no, err) : KC_OK;

	if (rc == KC_OK)
		rc = patient_set(st, S_PAT_SET_CHART_NO, "UPDATE patient SET chart_no = ?2 WHERE id = ?1", old->id,
				 session, "chart_no", old->chart_no, to->chart_no, reason, err);
	if (rc == KC_OK)
		rc = patient_set(st, S_PAT_SET_NAME, "UPDATE patient SET name = ?2 WHERE id = ?1", old->id, session,
				 "name", old->name, to->name, reason, err);
	if (rc == KC_OK)
		rc = patient_set(st, S_PAT_SET_DOB, "UPDATE patient SET dob = ?2 WHERE id = ?1", old->id, session,
				 "dob", old->dob, to->dob, reason, err);
	return rc;
}

int kc_patient_correct(struct kc_store *st, kc_id patient, kc_id session, const struct kc_patient *p,
		       const char *reason, time_t now, struct kc_err *err)
{
	struct kc_patient old, to;
	struct kc_session ses;
	int rc = store_check_text("a reason for the correction", reason, KC_NOTE_MAX, 1, err);

	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = kc_patient_get(st, patient, &old, err);
	if (rc == KC_OK && session)
		rc = store_session_writable(st, session, &ses, err);
	if (rc == KC_OK && session && ses.patient_id != patient)
		rc = kc_fail(err, KC_ERR_INVALID, "session %lld belongs to another patient", session);
	if (rc == KC_OK) {
		patient_merge(&old, p, &to);
		rc = check_patient(&to, now, err);
	}
	if (rc == KC_OK && strcmp(old.chart_no, to.chart_no) == 0 && strcmp(old.name, to.name) == 0 &&
	    strcmp(old.dob, to.dob) == 0)
		rc = kc_fail(err, KC_ERR_INVALID, "nothing to correct: the details typed are the ones stored");
	if (rc == KC_OK)
		rc = patient_fix_write(st, &old, &to, session, reason, err);
	return store_end(st, rc, err);
}

static int read_patient_fix(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_patient_fix *f = row;

	(void)err;
	f->id = sqlite3_column_int64(s, 0);
	f->patient_id = sqlite3_column_int64(s, 1);
	f->session_id = sqlite3_column_int64(s, 2);
	store_col_text(s, 3, f->field, sizeof f->field);
	store_col_text(s, 4, f->old_value, sizeof f->old_value);
	store_col_text(s, 5, f->new_value, sizeof f->new_value);
	store_col_text(s, 6, f->reason, sizeof f->reason);
	f->at = store_col_time(s, 7);
	store_col_text(s, 8, f->by, sizeof f->by);
	return KC_OK;
}

int kc_patient_fix_list(struct kc_store *st, kc_id patient, struct kc_patient_fix **rows, size_t *n,
			struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_PAT_FIX_LIST, "SELECT id, patient_id, session_id, field, old_value,"
			    " new_value, reason, written_at, written_by FROM patient_correction"
			    " WHERE patient_id = ?1 UNION ALL SELECT id, patient_id, NULL, field, old_value,"
			    " new_value, reason, written_at, written_by FROM patient_detail_fix"
			    " WHERE patient_id = ?1 ORDER BY 8, 1", &s, err);

	*rows = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, patient);
	return store_list(st, s, sizeof **rows, read_patient_fix, (void **)rows, n, err);
}

/* ---------- demographics and REMS enrolment (schema 7) ---------- */

void kc_patient_pd_text(const struct kc_patient *p, int field, char *out, size_t n)
{
	out[0] = '\0';
	switch (field) {
	case KC_PD_SEX: kc_strlcpy(out, p->sex, n); break;
	case KC_PD_HEIGHT: if (p->height_cm > 0) snprintf(out, n, "%d", p->height_cm); break;
	case KC_PD_ALLERGIES: kc_strlcpy(out, p->allergies, n); break;
	case KC_PD_PHONE: kc_strlcpy(out, p->phone, n); break;
	case KC_PD_EMERGENCY: kc_strlcpy(out, p->emergency, n); break;
	case KC_PD_REMS_ENROLLED: if (p->rems_enrolled >= 0) snprintf(out, n, "%d", p->rems_enrolled); break;
	case KC_PD_REMS_ID: kc_strlcpy(out, p->rems_id, n); break;
	case KC_PD_ESK_FIRST: kc_strlcpy(out, p->esk_first, n); break;
	default: break;
	}
}

/* One statement for every field: the audit's update trigger writes a row only for the
 * column that changes. ?2 names the column; NULL clears it. */
#define PD_SET(c) " " c " = CASE WHEN ?2 = '" c "' THEN ?3 ELSE " c " END"
static const char pd_set_sql[] = "UPDATE patient SET" PD_SET("sex") "," PD_SET("height_cm") ","
	PD_SET("allergies") "," PD_SET("phone") "," PD_SET("emergency_contact") "," PD_SET("rems_enrolled") ","
	PD_SET("rems_patient_id") "," PD_SET("esk_first_date") " WHERE id = ?1";

static int pd_write(struct kc_store *st, kc_id patient, const char *column, const char *value, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_PAT_PD_SET, pd_set_sql, &s, err);

	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, patient);
	store_bind_text(s, 2, column);
	if (*value)
		store_bind_text(s, 3, value);
	else
		sqlite3_bind_null(s, 3);
	return store_run(st, s, err);
}

static int pd_fix_add(struct kc_store *st, kc_id patient, const char *column, const char *old, const char *value,
		      const char *reason, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_PAT_PD_FIX, "INSERT INTO patient_detail_fix (patient_id, field, old_value,"
			    " new_value, reason, written_at, written_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &s, err);

	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, patient);
	store_bind_text(s, 2, column);
	store_bind_text(s, 3, old);
	store_bind_text(s, 4, value);
	store_bind_text(s, 5, reason);
	store_bind_time(s, 6, st->now);
	store_bind_text(s, 7, st->actor);
	return store_run(st, s, err);
}

int kc_patient_detail_set(struct kc_store *st, kc_id patient, int field, const char *value, const char *reason,
			  time_t now, struct kc_err *err)
{
	struct kc_patient p;
	char old[KC_PD_TEXT_MAX], shown[KC_PD_TEXT_MAX + 8];
	const char *column = kc_pd_column(field);
	int rc;

	if (!*column)
		return kc_fail(err, KC_ERR_INVALID, "no such patient detail");
	if (strlen(value) >= KC_PD_TEXT_MAX)
		return kc_fail(err, KC_ERR_INVALID, "%s: too long", kc_pd_label(field));
	if ((rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_actor(st, NULL, err);
	if (rc == KC_OK)
		rc = kc_patient_get(st, patient, &p, err);
	if (rc == KC_OK) {
		kc_patient_pd_text(&p, field, old, sizeof old);
		kc_pd_show(field, old, shown, sizeof shown);
		if (strcmp(old, value) == 0)
			rc = kc_fail(err, KC_ERR_INVALID, "nothing to change: %s is %s already", kc_pd_label(field),
				     shown);
		else if (old[0] && (!reason || !*reason))
			rc = kc_fail(err, KC_ERR_INVALID, "%s was recorded as %s: say why it changes",
				     kc_pd_label(field), shown);
	}
	if (rc == KC_OK)
		rc = pd_write(st, patient, column, value, err);
	if (rc == KC_OK && old[0])
		rc = pd_fix_add(st, patient, column, old, value, reason, err);
	return store_end(st, rc, err);
}
