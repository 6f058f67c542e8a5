/* store_inventory.c — the controlled-substance record: receipts, drug drawn up and wasted
 * (with its witness), counts, and what the dose events gave from each lot (kc_store.h). */
#include "store_impl.h"

#include <string.h>

/* ---------- receipts ---------- */

#define RECEIPT_COLS "id, product, strength, lot, expiry, units, mg_per_unit, supplier, received_on," \
	" entered_at, entered_by"

static int read_receipt(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_stock_receipt *r = row;

	(void)err;
	r->id = sqlite3_column_int64(s, 0);
	store_col_text(s, 1, r->product, sizeof r->product);
	store_col_text(s, 2, r->strength, sizeof r->strength);
	store_col_text(s, 3, r->lot, sizeof r->lot);
	store_col_text(s, 4, r->expiry, sizeof r->expiry);
	r->units = sqlite3_column_int(s, 5);
	r->mg_per_unit = sqlite3_column_double(s, 6);
	store_col_text(s, 7, r->supplier, sizeof r->supplier);
	store_col_text(s, 8, r->received_on, sizeof r->received_on);
	r->entered_at = store_col_time(s, 9);
	store_col_text(s, 10, r->entered_by, sizeof r->entered_by);
	return KC_OK;
}

int kc_stock_receive(struct kc_store *st, struct kc_stock_receipt *r, time_t now, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_begin(st, now, err);

	if (rc != KC_OK)
		return rc;
	rc = store_require(st, KC_ROLE_PHYSICIAN, "record stock received", err);
	if (rc == KC_OK)
		rc = store_stmt(st, S_STOCK_ADD, "INSERT INTO stock_receipt (product, strength, lot, expiry, units,"
				" mg_per_unit, supplier, received_on, entered_at, entered_by)"
				" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", &s, err);
	if (rc == KC_OK) {
		store_bind_text(s, 1, r->product);
		store_bind_text(s, 2, r->strength);
		store_bind_text(s, 3, r->lot);
		store_bind_text(s, 4, r->expiry);
		sqlite3_bind_int(s, 5, r->units);
		sqlite3_bind_double(s, 6, r->mg_per_unit);
		store_bind_text(s, 7, r->supplier);
		store_bind_text(s, 8, r->received_on);
		store_bind_time(s, 9, now);
		store_bind_text(s, 10, st->actor);
		rc = store_run(st, s, err);
	}
	if (rc == KC_OK)
		r->id = (kc_id)sqlite3_last_insert_rowid(st->db);
	return store_end(st, rc, err);
}

int kc_stock_receipt_list(struct kc_store *st, struct kc_stock_receipt **rows, size_t *n, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_STOCK_LIST, "SELECT " RECEIPT_COLS " FROM stock_receipt ORDER BY product, lot, id",
			    &s, err);

	*rows = NULL;
	*n = 0;
	return rc != KC_OK ? rc : store_list(st, s, sizeof **rows, read_receipt, (void **)rows, n, err);
}

/* ---------- drawn up, wasted, witnessed ---------- */

static int read_drawn(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_drug_row *r = row;

	(void)err;
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(s, 0);
	r->session_id = sqlite3_column_int64(s, 1);
	store_col_text(s, 2, r->lot, sizeof r->lot);
	r->mg = sqlite3_column_double(s, 3);
	r->at = store_col_time(s, 4);
	r->entered_at = store_col_time(s, 5);
	store_col_text(s, 6, r->entered_by, sizeof r->entered_by);
	return KC_OK;
}

static int read_waste(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_drug_row *r = row;

	read_drawn(s, row, err);
	store_col_text(s, 7, r->how, sizeof r->how);
	store_col_text(s, 8, r->witness, sizeof r->witness);
	r->witnessed_at = store_col_time(s, 9);
	return KC_OK;
}

int kc_drug_draw(struct kc_store *st, kc_id session, const char *lot, double mg, time_t at, time_t now,
		 kc_id *id, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_begin(st, now, err);

	if (rc != KC_OK)
		return rc;
	rc = store_session_writable(st, session, NULL, err);
	if (rc == KC_OK)
		rc = store_stmt(st, S_DRAWN_ADD, "INSERT INTO drug_drawn (session_id, lot, mg, drawn_at, entered_at,"
				" entered_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &s, err);
	if (rc == KC_OK) {
		sqlite3_bind_int64(s, 1, session);
		store_bind_text(s, 2, lot);
		sqlite3_bind_double(s, 3, mg);
		store_bind_time(s, 4, at);
		store_bind_time(s, 5, now);
		store_bind_text(s, 6, st->actor);
		rc = store_run(st, s, err);
	}
	if (rc == KC_OK && id)
		*id = (kc_id)sqlite3_last_insert_rowid(st->db);
	return store_end(st, rc, err);
}

int kc_drug_waste(struct kc_store *st, kc_id session, const char *lot, double mg, const char *how, time_t at,
		  time_t now, kc_id *id, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_check_text("how it was wasted", how, 128, 1, err);

	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_session_writable(st, session, NULL, err);
	if (rc == KC_OK)
		rc = store_stmt(st, S_WASTE_ADD, "INSERT INTO drug_waste (session_id, lot, mg, how, wasted_at,"
				" entered_at, entered_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &s, err);
	if (rc == KC_OK) {
		sqlite3_bind_int64(s, 1, session);
		store_bind_text(s, 2, lot);
		sqlite3_bind_double(s, 3, mg);
		store_bind_text(s, 4, how);
		store_bind_time(s, 5, at);
		store_bind_time(s, 6, now);
		store_bind_text(s, 7, st->actor);
		rc = store_run(st, s, err);
	}
	if (rc == KC_OK && id)
		*id = (kc_id)sqlite3_last_insert_rowid(st->db);
	return store_end(st, rc, err);
}

#define WASTE_COLS "id, session_id, lot, mg, wasted_at, entered_at, entered_by, how, witness, witnessed_at"

int kc_drug_waste_get(struct kc_store *st, kc_id id, struct kc_drug_row *out, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_WASTE_GET, "SELECT " WASTE_COLS " FROM drug_waste WHERE id = ?1", &s, err);

	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = store_one(st, s, read_waste, out, err);
	return rc == KC_ERR_NOTFOUND ? kc_fail(err, rc, "no waste record %lld", id) : rc;
}

int kc_drug_witness(struct kc_store *st, kc_id id, time_t now, struct kc_err *err)
{
	struct kc_drug_row w;
	sqlite3_stmt *s;
	int rc = store_begin(st, now, err);

	if (rc != KC_OK)
		return rc;
	rc = store_actor(st, NULL, err);
	if (rc == KC_OK)
		rc = kc_drug_waste_get(st, id, &w, err);
	if (rc == KC_OK && w.witness[0])
		rc = kc_fail(err, KC_ERR_INVALID, "the waste of %.1f mg (lot %s) was witnessed by %s already", w.mg,
			     w.lot, w.witness);
	else if (rc == KC_OK && strcmp(w.entered_by, st->actor) == 0)
		rc = kc_fail(err, KC_ERR_DENIED, "%s recorded this waste: a second clinician witnesses it, from "
			     "their own login", st->actor);
	if (rc == KC_OK)
		rc = store_stmt(st, S_WASTE_WITNESS, "UPDATE drug_waste SET witness = ?2, witnessed_at = ?3"
				" WHERE id = ?1", &s, err);
	if (rc == KC_OK) {
		sqlite3_bind_int64(s, 1, id);
		store_bind_text(s, 2, st->actor);
		store_bind_time(s, 3, now);
		rc = store_run(st, s, err);
	}
	return store_end(st, rc, err);
}

int kc_drug_drawn_list(struct kc_store *st, kc_id session, struct kc_drug_row **rows, size_t *n,
		       struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = session ? store_stmt(st, S_DRAWN_LIST, "SELECT id, session_id, lot, mg, drawn_at, entered_at, entered_by"
				      " FROM drug_drawn WHERE session_id = ?1 ORDER BY drawn_at, id", &s, err)
			 : store_stmt(st, S_DRAWN_ALL, "SELECT id, session_id, lot, mg, drawn_at, entered_at, entered_by"
				      " FROM drug_drawn ORDER BY drawn_at, id", &s, err);

	*rows = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	if (session)
		sqlite3_bind_int64(s, 1, session);
	return store_list(st, s, sizeof **rows, read_drawn, (void **)rows, n, err);
}

/* One statement per question, so each reads an index: a session's wastes, those waiting
 * for a witness (a partial index: the size of the day's work), every waste. */
int kc_drug_waste_list(struct kc_store *st, kc_id session, int pending, struct kc_drug_row **rows, size_t *n,
		       struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = session ? store_stmt(st, S_WASTE_LIST, "SELECT " WASTE_COLS " FROM drug_waste WHERE session_id = ?1"
				      " AND (?2 = 0 OR witness IS NULL) ORDER BY wasted_at, id", &s, err)
		 : pending ? store_stmt(st, S_WASTE_PENDING, "SELECT " WASTE_COLS " FROM drug_waste INDEXED BY"
					" drug_waste_pending WHERE witness IS NULL ORDER BY id", &s, err)
			   : store_stmt(st, S_WASTE_ALL, "SELECT " WASTE_COLS " FROM drug_waste ORDER BY wasted_at, id", &s,
					err);

	*rows = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	if (session) {
		sqlite3_bind_int64(s, 1, session);
		sqlite3_bind_int(s, 2, pending);
	}
	return store_list(st, s, sizeof **rows, read_waste, (void **)rows, n, err);
}

/* ---------- given, by lot ---------- */

static int read_given(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_given_lot *g = row;

	(void)err;
	memset(g, 0, sizeof *g);
	store_col_text(s, 0, g->product, sizeof g->product);
	store_col_text(s, 1, g->lot, sizeof g->lot);
	g->mg = sqlite3_column_double(s, 2);
	g->events = sqlite3_column_int64(s, 3);
	return KC_OK;
}

int kc_drug_given_by_lot(struct kc_store *st, time_t since, struct kc_given_lot **rows, size_t *n,
			 struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_GIVEN_LOTS,
			    "SELECT product, lot, sum(mg), count(*) FROM ("
			    " SELECT 'esketamine' AS product, d.lot AS lot, d.mg AS mg FROM dose_event d"
			    " JOIN session s ON s.id = d.session_id WHERE s.route = 'esketamine' AND d.kind = 'device'"
			    " AND d.eie_code IS NULL AND d.given_at >= ?1"
			    " UNION ALL SELECT 'ketamine', coalesce((SELECT d.lot FROM dose_event d WHERE d.session_id = s.id"
			    " AND d.kind = 'start' AND d.eie_code IS NULL ORDER BY d.given_at LIMIT 1), ''), s.given_mg"
			    " FROM session s WHERE s.route <> 'esketamine' AND s.given_mg > 0 AND s.dose_start >= ?1)"
			    " GROUP BY product, lot ORDER BY product, lot", &s, err);

	*rows = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)since);
	return store_list(st, s, sizeof **rows, read_given, (void **)rows, n, err);
}

/* ---------- counts ---------- */

static int read_count_row(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_stock_count *c = row;

	(void)err;
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(s, 0);
	store_col_text(s, 1, c->product, sizeof c->product);
	store_col_text(s, 2, c->lot, sizeof c->lot);
	c->counted_mg = sqlite3_column_double(s, 3);
	c->expected_mg = sqlite3_column_double(s, 4);
	c->difference_mg = sqlite3_column_double(s, 5);
	store_col_text(s, 6, c->reason, sizeof c->reason);
	c->counted_at = store_col_time(s, 7);
	store_col_text(s, 8, c->entered_by, sizeof c->entered_by);
	return KC_OK;
}

int kc_stock_count_add(struct kc_store *st, struct kc_stock_count *c, time_t now, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_check_text("the reason for the difference", c->reason, KC_NOTE_MAX, 0, err);

	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_actor(st, NULL, err);
	if (rc == KC_OK)
		rc = store_stmt(st, S_COUNT_ADD, "INSERT INTO stock_count (product, lot, counted_mg, expected_mg,"
				" difference_mg, reason, counted_at, entered_at, entered_by)"
				" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", &s, err);
	if (rc == KC_OK) {
		store_bind_text(s, 1, c->product);
		store_bind_text(s, 2, c->lot);
		sqlite3_bind_double(s, 3, c->counted_mg);
		sqlite3_bind_double(s, 4, c->expected_mg);
		sqlite3_bind_double(s, 5, c->difference_mg);
		store_bind_text(s, 6, c->reason);
		store_bind_time(s, 7, c->counted_at ? c->counted_at : now);
		store_bind_time(s, 8, now);
		store_bind_text(s, 9, st->actor);
		rc = store_run(st, s, err);
	}
	if (rc == KC_OK)
		c->id = (kc_id)sqlite3_last_insert_rowid(st->db);
	return store_end(st, rc, err);
}

int kc_stock_count_list(struct kc_store *st, struct kc_stock_count **rows, size_t *n, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_COUNT_LIST, "SELECT id, product, lot, counted_mg, expected_mg, difference_mg, reason,"
			    " counted_at, entered_by FROM stock_count ORDER BY counted_at, id", &s, err);

	*rows = NULL;
	*n = 0;
	return rc != KC_OK ? rc : store_list(st, s, sizeof **rows, read_count_row, (void **)rows, n, err);
}
