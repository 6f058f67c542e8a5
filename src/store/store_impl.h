/* store_impl.h — private to the store*.c files: the connection, its cached statements and
 * the helpers they share. Nothing outside src/core/store*.c includes this (or sqlite3.h). */
#ifndef KC_STORE_IMPL_H
#define KC_STORE_IMPL_H

#include <sqlite3.h>

#include "kc_store.h"
#include "kc_verify.h"

/* One slot per statement: each is prepared on first use and reused until close. */
enum store_stmt {
	S_BEGIN, S_BEGIN_READ, S_BATCH_TEMP, S_BATCH_CACHE, S_COMMIT, S_ROLLBACK, S_USER_VERSION, S_COUNT_ROWS, S_AUDIT_LIST, S_AUDIT_ROW,
	S_DATA_VERSION,
	S_CLIN_UPSERT, S_CLIN_GET, S_CLIN_LIST, S_CLIN_SET, S_CLIN_ADMINS, S_CLIN_ANY,
	S_SAVEPOINT, S_RELEASE, S_ROLLBACK_TO, S_ANS_CUR,
	S_PAT_ADD, S_PAT_GET, S_PAT_FIND, S_PAT_ALL, S_PAT_LINES, S_PAT_LINES_FIND, S_PAT_BY_CHART, S_PAT_EACH,
	S_PAT_PAGE, S_PAT_PAGE_FIND, S_PAT_COUNT, S_PAT_COUNT_FIND, S_PAT_RANK, S_PAT_RANK_FIND,
	S_WEIGHT_ADD, S_WEIGHT_LATEST, S_WEIGHT_OF_SESSION, S_WEIGHT_GET, S_WEIGHT_STATE, S_WEIGHT_MARK, S_WEIGHT_FIX_ADD, S_WEIGHT_LIST, S_WEIGHT_EACH,
	S_PAT_SET_CHART_NO, S_PAT_SET_NAME, S_PAT_SET_DOB, S_PAT_FIX_ADD, S_PAT_FIX_LIST,
	S_PAT_PD_SET, S_PAT_PD_FIX, S_BOOK_ADD, S_BOOK_LIST, S_BOOK_CANCEL, S_BOOK_OF_PATIENT, S_BOOK_GET,
	S_SCHAIR_ADD, S_SCHAIR_GET, S_SCHAIR_AT,
	S_SES_ADD, S_SES_GET, S_SES_LIST_OPEN, S_SES_LIST, S_SES_LIST_ALL, S_SES_PHASE, S_SES_PLAN, S_SES_END,
	S_SES_SIGN, S_SES_DOSE,
	S_ANS_ADD, S_ANS_LIST, S_ANS_SCALES, S_BASELINE,
	S_ANS_HIST,
	S_VIT_ADD, S_VIT_GET, S_VIT_LIST, S_VIT_BASE_UPTO, S_VIT_LAST_BEFORE, S_VIT_BP_UPTO, S_VIT_MOAAS_UPTO, S_VIT_ACK, S_VIT_MARK, S_VIT_STATE,
	S_VIT_EXPORT,
	S_OBS_ADD, S_OBS_LIST, S_OBS_MARK, S_OBS_STATE,
	S_DOSE_ADD, S_DOSE_LIST, S_DOSE_STATE, S_DOSE_MARK,
	S_DC_ADD, S_DC_LIST, S_DC_LATEST, S_ADD_ADD, S_ADD_LIST,
	S_AMD_ADD, S_AMD_LIST, S_AMD_ROW, S_AMD_SESSIONS,
	S_CHG_BOUNDS, S_CHG_ROWS, S_CHG_SINCE, S_CHG_OWNER, S_CHG_SESSIONS, /* the change feed */
	S_HOLD_GET, S_HOLD_ADD, S_HOLD_END, S_HOLD_END_ALL, S_HOLD_LIST,
	S_CLIN_CONTACT, S_REMS_SUB_ADD, S_REMS_SUB_GET, S_REMS_DUE, S_REMS_OWED, /* rems */
	S_STOCK_ADD, S_STOCK_LIST, S_DRAWN_ADD, S_DRAWN_LIST, S_WASTE_ADD, S_WASTE_LIST, S_WASTE_GET,
	S_WASTE_WITNESS, S_COUNT_ADD, S_COUNT_LIST, S_GIVEN_LOTS, S_DRAWN_ALL, S_WASTE_PENDING, S_WASTE_ALL, /* inventory */
	S_ACK_ADD, S_ACK_LIST, /* ack actions */
	S_CHAIN_PREV, /* the audit chain's link (kc_chain_prev) */
	S_N
};

/* The session's open hold (store_hold.c), with the holder's display name for messages. */
struct store_hold {
	kc_id id;
	char holder[KC_LOGIN_MAX];
	char name[KC_NAME_MAX];
	time_t since;
};

/* What a batch keeps between its entries (store_cache.c): each kept row with the
 * generation of its table when it was read; the update hook moves a table's generation on
 * every change to it, a rollback moves them all. */
/* W_SCREEN: what the screening reads but the readings (answers, weight, patient); W_VITALS:
 * the readings, of which the screening reads only the baseline. */
enum store_watch { W_SESSION, W_HOLD, W_CLINICIAN, W_SCREEN, W_VITALS, W_N };
struct store_cache {
	int on;                          /* a batch is open */
	unsigned long gen[W_N];
	kc_id session_id;
	unsigned long session_gen;
	struct kc_session session;
	kc_id hold_session;
	unsigned long hold_gen, hold_clin_gen;
	int hold_rc;                     /* KC_OK (hold) or KC_ERR_NOTFOUND (nobody holds it) */
	struct store_hold hold;
	unsigned long clin_gen;          /* 0 = nothing kept */
	struct kc_clinician clin;
	kc_id scr_session;
	unsigned long scr_gen, scr_session_gen, scr_vitals_gen;
	struct kc_screening scr;
	/* What the screening was read from in the session and the readings, to tell whether a
	 * change to either since (a dose, a reading in recovery) touched it. */
	enum kc_route scr_route;
	kc_id scr_patient;
	time_t scr_created;
	struct kc_vitals_row scr_base;
	/* The audit row the chain last linked (kc_chain_link) and its hash: the previous hash
	 * of the row after it (kc_chain_prev), without looking it up. 0: none kept. */
	sqlite3_int64 link_id;
	char link_hash[KC_HASH_HEX];
};

struct kc_store {
	sqlite3 *db;
	char *path;
	char actor[KC_LOGIN_MAX];
	time_t now;     /* the 'now' of the entry being written: kc_now() in the triggers */
	int migrations; /* applied by the last open */
	int wait_max_ms;              /* the busy handler's patience (store_sql.c) */
	long long wait_start_ms;      /* when the current wait began (monotonic) */
	int wait_told_ms;             /* when the hook was last called, in this wait */
	kc_store_wait_fn wait_fn;
	void *wait_ctx;
	int training;   /* the database is marked for training (migration 4) */
	int anchor_fd;  /* the anchor file kept open (KC_OPEN_SHARED), else -1 */
	int batch;      /* inside kc_store_batch_begin: each entry is a SAVEPOINT */
	int snapshot;   /* inside kc_store_snapshot_begin: each read is a SAVEPOINT */
	int streaming;  /* inside kc_store_stream_cache: the page cache is small ... */
	int cache_was;  /* ... and this was its size (PRAGMA cache_size) before */
	sqlite3_stmt *stmt[S_N];
	struct store_cache cache; /* only while a batch is open */
};

/* The previous hash of the first audit row, and of a row after one without a hash. */
#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* The messages the schema's RAISE()s carry; store_fail maps them to statuses. */
#define STORE_SIGNED_MSG "session is signed and read-only; add an addendum instead"
#define STORE_NODELETE_MSG "clinical rows are never deleted"
#define STORE_AUDIT_MSG "audit rows are never changed or deleted"
#define STORE_AMEND_UNSIGNED_MSG "only a signed session is amended; correct the entry instead"
#define STORE_AMEND_FIXED_MSG "amendments are never changed"
#define STORE_AMEND_ROLE_MSG "only a physician may amend a signed record"
#define STORE_HOLD_FIXED_MSG "a hold is only ever released"
#define STORE_EIE_MSG "an entry is marked entered in error once, with a reason"
#define STORE_TRAINING_NEW_MSG "a database that holds patients never becomes a training database"
#define STORE_TRAINING_FIXED_MSG "the training mark is never changed or removed"
#define STORE_REMS_UNSIGNED_MSG "a REMS form is submitted once its session is signed"
#define STORE_STOCK_ROLE_MSG "only a physician or an admin may record stock received"
#define STORE_STOCK_FIXED_MSG "controlled-substance records are never changed"
#define STORE_WASTE_FIXED_MSG "a waste is only ever witnessed, once, by a second clinician"
#define STORE_REMS_FIXED_MSG "a REMS submission or a clinician contact row is never changed"
#define STORE_META_FIXED_MSG "the namespace of the database is never changed"
#define STORE_ACK_FIXED_MSG "an action of an acknowledgement is never changed; correct the entry instead"
#define STORE_ACK_OWNER_MSG "an action belongs to a reading or a side effect of its own session"
#define STORE_BOOKING_CANCEL_MSG "the cancellation of a booking is never changed"
#define STORE_SESSION_CHAIR_MSG "the chair a session was given is never changed"

/* Migration 15's step: the FHIR namespace, made once (store_meta.c). */
int store_meta_namespace_make(struct kc_store *st, struct kc_err *err);

/* Reopen st->path read-only (store_readonly.c): after the read-write open found the file
 * cannot be written. KC_ERR_READONLY saying why when it cannot be read that way either. */
int store_open_readonly(struct kc_store *st, struct kc_err *err);

/* The batch's cache (store_cache.c): start at the batch's BEGIN, stop at its end, forget
 * at every rollback. The lookups answer 1 with the kept row, 0 when it must be read. */
void store_cache_start(struct kc_store *st);
void store_cache_stop(struct kc_store *st);
void store_cache_forget(struct kc_store *st);
int store_cache_session(struct kc_store *st, kc_id id, struct kc_session *out);
void store_cache_keep_session(struct kc_store *st, const struct kc_session *s);
int store_cache_hold(struct kc_store *st, kc_id session, struct store_hold *h, int *rc);
void store_cache_keep_hold(struct kc_store *st, kc_id session, const struct store_hold *h, int rc);
int store_cache_clinician(struct kc_store *st, const char *login, struct kc_clinician *out);
void store_cache_keep_clinician(struct kc_store *st, const char *login, const struct kc_clinician *c);
int store_cache_screening(struct kc_store *st, kc_id session, struct kc_screening *out);
void store_cache_keep_screening(struct kc_store *st, kc_id session, const struct kc_screening *scr,
				const struct kc_session *x, const struct kc_vitals_row *base);
int store_cache_screening_moved(struct kc_store *st, kc_id session);
int store_cache_screening_same(struct kc_store *st, kc_id session, const struct kc_session *x,
			       const struct kc_vitals_row *base, struct kc_screening *out);

/* SQLite's process-wide settings, before its first use (store.c). */
void store_sqlite_config(void);

/* Wait for another connection's save (sqlite3_busy_handler) up to st->wait_max_ms,
 * telling the wait hook who holds the database (store_sql.c). */
void store_busy_install(struct kc_store *st);

/* Map a sqlite result code (and the connection's message) to a status and message. */
int store_fail(struct kc_store *st, int rc, struct kc_err *err);

/* The cached statement for id (prepared from sql on first use), reset with its bindings
 * cleared. */
int store_stmt(struct kc_store *st, enum store_stmt id, const char *sql, sqlite3_stmt **out,
	       struct kc_err *err);
/* Step a statement that returns no rows, then reset it. */
int store_run(struct kc_store *st, sqlite3_stmt *s, struct kc_err *err);
/* Step a statement expected to return one row: read it with rd, then reset.
 * KC_ERR_NOTFOUND (err untouched: the caller names what is missing) when there is none. */
typedef int (*store_reader)(sqlite3_stmt *s, void *row, struct kc_err *err);
int store_one(struct kc_store *st, sqlite3_stmt *s, store_reader rd, void *out, struct kc_err *err);
/* A store_reader of column 0 as a long long. */
int store_read_count(sqlite3_stmt *s, void *out, struct kc_err *err);
/* Step through all rows into a malloc'd array of size-byte elements. */
int store_list(struct kc_store *st, sqlite3_stmt *s, size_t size, store_reader rd, void **rows,
	       size_t *n, struct kc_err *err);
/* Step through all rows, each read with rd into row (size bytes, cleared first) and handed
 * to fn before the next is read: one row in memory however many there are. fn's status
 * other than KC_OK stops the walk and is returned. s is stepping while fn runs: fn must
 * not use it. */
typedef int (*store_row_fn)(void *ctx, const void *row, struct kc_err *err);
int store_each(struct kc_store *st, sqlite3_stmt *s, void *row, size_t size, store_reader rd, store_row_fn fn,
	       void *ctx, struct kc_err *err);

/* One entry = one transaction: BEGIN IMMEDIATE with st->now = now ... store_end commits
 * when rc is KC_OK and rolls back otherwise; it returns the final status. */
int store_begin(struct kc_store *st, time_t now, struct kc_err *err);
int store_end(struct kc_store *st, int rc, struct kc_err *err);
/* A read transaction (deferred BEGIN): several SELECTs see one moment. End with store_end. */
int store_begin_read(struct kc_store *st, struct kc_err *err);

/* Bound values: SQLITE_STATIC, so binding never allocates; the caller's strings outlive
 * the step. 0 / KC_NONE / "" are stored as NULL where the column says "not yet". */
void store_bind_text(sqlite3_stmt *s, int i, const char *t);
void store_bind_time(sqlite3_stmt *s, int i, time_t t);  /* 0 -> NULL */
void store_bind_id(sqlite3_stmt *s, int i, kc_id id);    /* 0 -> NULL */
void store_bind_opt(sqlite3_stmt *s, int i, int v);      /* KC_NONE -> NULL */
void store_bind_flag(sqlite3_stmt *s, int i, int v);     /* nonzero -> 1 */
void store_col_text(sqlite3_stmt *s, int i, char *dst, size_t n);
time_t store_col_time(sqlite3_stmt *s, int i);           /* NULL -> 0 */
int store_col_opt(sqlite3_stmt *s, int i);               /* NULL -> KC_NONE */

/* Input checks shared by the write functions (KC_ERR_INVALID naming the field). */
int store_check_text(const char *what, const char *s, size_t max, int required, struct kc_err *err);

/* The actor as an enabled clinician (KC_ERR_DENIED "user 'x' is not a ketchart
 * clinician ..." otherwise); out may be NULL (store_clinician.c). */
int store_actor(struct kc_store *st, struct kc_clinician *out, struct kc_err *err);
/* The actor is an enabled clinician of at least role min; act names what is refused
 * ("only a physician may <act>"). */
int store_require(struct kc_store *st, enum kc_role min, const char *act, struct kc_err *err);
/* On an empty clinician table: the actor becomes the first admin (store_clinician.c). */
int store_first_admin(struct kc_store *st, struct kc_err *err);

/* Is the session's latest discharge assessment ready, or overridden by a physician's
 * reason? 0 when there is none (store_discharge.c). */

/* Inside a transaction: the reading marked acknowledged with action (store_entries.c). */
int store_vitals_ack(struct kc_store *st, kc_id id, const char *action, struct kc_err *err);
/* Inside a transaction: the actions a[0..n) of the reading vitals_id or the side effect
 * observation_id of session (store_ack.c). */
int store_ack_rows(struct kc_store *st, kc_id session, kc_id vitals_id, kc_id observation_id,
		   const struct kc_ack_action *a, size_t n, struct kc_err *err);

/* Inside a transaction: release whatever hold the session has (ending, signing). */
int store_hold_release_all(struct kc_store *st, kc_id session, struct kc_err *err);

/* Inside a transaction: the session exists, the actor is an enabled clinician
 * (KC_ERR_DENIED), the session is not signed (KC_ERR_SIGNED) and not held by another
 * clinician (KC_ERR_BUSY). */
int store_session_writable(struct kc_store *st, kc_id session, struct kc_session *out,
			   struct kc_err *err);

/* ... and not yet discharged or aborted (KC_ERR_INVALID). */
int store_session_open(struct kc_store *st, kc_id session, struct kc_session *out,
		       struct kc_err *err);

/* The latest valid baseline reading of a session (baseline, taken, not entered in error;
 * the last by taken_at, then id), one row through the vitals_baseline index; row->id 0
 * when there is none (store_entries.c). */
int store_baseline(struct kc_store *st, kc_id session, struct kc_vitals_row *row, struct kc_err *err);

/* The entered-in-error columns, the same on vitals, observation and dose_event. */
/* The screening answers the FHIR export sends (items beginning phq9, gad7, cssrs): one
 * range of the index, other items passed over on it. Migration 21's partial index and
 * kc_screen_scales share it word for word: SQLite uses a partial index only then. */
#define STORE_SCALES_WHERE \
	"item >= 'cssrs' AND item < 'phq:' AND (item < 'cssrt' OR item >= 'gad7' AND item < 'gad8' OR item >= 'phq9')"
#define STORE_EIE_COLS "eie_code, eie_reason, eie_by, eie_at, replaced_by, corrects"
int store_read_eie(sqlite3_stmt *s, int col, struct kc_eie *e, struct kc_err *err);

/* Corrections: S_*_STATE reads (session_id, eie_code) of a row; S_*_MARK sets the eie
 * columns and replaced_by. The caller inserts the replacement in between. */
struct store_eie_table {
	const char *what; /* "reading", "observation" for messages */
	enum store_stmt state_id, mark_id;
	const char *state_sql, *mark_sql;
};
int store_correct_check(struct kc_store *st, const struct store_eie_table *t, kc_id id,
			enum kc_error_code code, const char *reason, kc_id *session, struct kc_err *err);
int store_correct_mark(struct kc_store *st, const struct store_eie_table *t, kc_id id,
		       enum kc_error_code code, const char *reason, kc_id replaced_by, struct kc_err *err);

/* Open the anchor file for the connection's life (KC_OPEN_SHARED; store_verify.c). */
int store_anchor_open(struct kc_store *st, struct kc_err *err);

/* Migrations (store_schema.c): bring the schema to KC_SCHEMA_VERSION in one transaction. */
int store_migrate(struct kc_store *st, struct kc_err *err);

/* The clinical tables, each with the SELECTs that list its rows' disagreements with the
 * audit and walk it beside the chain (?1 = name; columns in store_schema.c), for
 * kc_store_scan. */
struct store_col {
	const char *name;
	const char *decl;        /* as the schema declares it: "INTEGER NOT NULL ..." */
};
struct store_table {
	const char *name;
	const char *check_sql;   /* every row (the full check) */
	const char *cursor_sql;  /* types_sql in id order */
	const char *types_sql;   /* id and every column of cols, as stored */
	const char *json_sql;    /* row ?1 as its insert audit wrote it (json_object) */
	const struct store_col *cols;
	size_t ncols;
};
const struct store_table *store_tables(size_t *n);

/* A small strict JSON reader (store_json.c) for the insert audits kc_store_scan reads:
 * the members of one object in order, as written; valid as SQLite's json_valid(). */
struct sj_span {
	const char *p; /* a value as written (a string with its quotes); a key without them */
	size_t n;
};
struct sj_iter {
	const char *p, *e;
	int first;
};
/* 0 when text does not start a JSON object. */
int sj_begin(struct sj_iter *it, const void *text, size_t n);
/* The next member: 1, 0 at the end of a valid object, -1 when the text is not valid JSON. */
int sj_next(struct sj_iter *it, struct sj_span *key, struct sj_span *val);
int sj_key_is(const struct sj_span *key, const char *name);
/* The value as json_extract() gives it read as an integer (0 for null: returns 0) or as
 * text (NULL for null; cut to n). */
int sj_int(const struct sj_span *v, long long *out);
const char *sj_text(const struct sj_span *v, char *buf, size_t n);
/* Is the value a JSON string whose text is exactly these n bytes? */
int sj_string_is(const struct sj_span *v, const void *text, size_t n);

/* A private in-memory database built by this program's migrations: the schema a database
 * must have (store.c). Close with kc_store_close. */
int store_open_scratch(struct kc_store **out, struct kc_err *err);

#endif
