/* kc_store.h — the only module that speaks SQL (prepared statements, bound values only).
 *
 * Times are Unix seconds UTC in INTEGER columns. Every entry is one transaction. Every
 * insert and change writes audit rows (who, when, table, row, field, old, new). Clinical
 * rows are never deleted: a correction marks the old row entered in error with a reason
 * and links the row that replaces it. A signed session refuses every change
 * (KC_ERR_SIGNED). Storage failures come back as a status with an actionable message:
 * KC_ERR_BUSY (locked), KC_ERR_READONLY, KC_ERR_FULL, KC_ERR_CORRUPT, KC_ERR_IO. */
#ifndef KC_STORE_H
#define KC_STORE_H

#include <stddef.h>
#include <time.h>

#include "kc_ack.h"
#include "kc_clinical.h"
#include "kc_error.h"

#define KC_SCHEMA_VERSION 22 /* 2: the audit rows form a hash chain; 3: amendments, holds;
                             * 4: weight and patient corrections; 5: the weight as typed;
                             * 6: the training mark; 7: indexes for the screens' lists;
                             * 8: demographics, REMS enrolment;
                             * 9: the pre-dose readings' index; 10: bookings;
                             * 11: the REMS form (clinicians' phone and email, submissions);
                             * 12: the controlled-substance record; 13: drafts (not clinical);
                             * 14: which values of a reading were carried, the REMS list's index;
                             * 15: the audit by time (the change feed);
                             * 16: the database's namespace UUID (meta, not clinical);
                             * 17: the actions of an acknowledgement, one row each;
                             * 18: the REMS forms owed, the patients by name (the start
                             *     screen's lists read the day's work, not the history);
                             * 19: a booking's cancellation;
                             * 20: the chair a session was given;
                             * 21: the scales' answers by session (the FHIR export);
                             * 22: the chain's link looked up in C, kept in a batch */

typedef long long kc_id;

#define KC_LOGIN_MAX 33
#define KC_NAME_MAX 96
#define KC_NOTE_MAX 256

struct kc_store; /* opaque; owns the sqlite3 handle and its prepared statements */

enum kc_open_flags {
	KC_OPEN_EXISTING = 0, /* fail with "no database at PATH (run 'ketchart init')" if missing */
	KC_OPEN_CREATE = 1,   /* create the file (0600) and missing parent folder (0700) */
	KC_OPEN_TRAINING = 2, /* mark it a training database (refused once it holds patients) */
	KC_OPEN_SHARED = 4,   /* shared mode: open the anchor file now and keep it (the program
			       * gives up the right to open files in the clinic's folder) */
	KC_OPEN_READ_OK = 0x100, /* a file that cannot be written is opened read-only (report,
				  * export, verify, backup) instead of refused */
};

/* Open (WAL, synchronous=FULL, foreign_keys=ON, busy_timeout) and bring the schema to
 * KC_SCHEMA_VERSION with numbered migrations on PRAGMA user_version, all in one
 * transaction. A database newer than this program is refused. The checks apply to the file
 * the path resolves to (realpath: a symbolic link does not hide where it is) and are made
 * before SQLite opens anything; each refusal is KC_ERR_DENIED naming the path and the fix:
 * a database file or its folder that other users (not owner, not group) can write
 * ("chmod o-w PATH"), a database others can read ("chmod o-rwx PATH"), and a -wal or -shm
 * file that is not a plain file, is another owner's or group's (in a setgid folder closed
 * to others, any member's of the database's group), or is more open than the database.
 *
 * actor is the login name of the clinician making the entries (the audit "who"). On a
 * database with no clinicians yet (a new one: init, demo) the actor becomes its first
 * admin. Any other login is NOT added: open succeeds (so an admin can be asked), but
 * kc_store_actor_role says KC_ERR_DENIED and every write is refused until an admin adds
 * the login (kc_clinician_add). */
int kc_store_open(struct kc_store **out, const char *path, int flags, const char *actor,
		  struct kc_err *err);
void kc_store_close(struct kc_store *st);
/* For a process that makes thousands of entries and then exits (the demo), before its
 * first kc_store_open: SQLite's scratch memory from size classes kept for reuse
 * (store_arena.c) instead of a malloc and free per allocation. 1 when taken, 0 when SQLite
 * was already in use (it keeps its own). Changes nothing stored. */
int kc_store_bulk_memory(void);
/* 1 when the database is a training database (made by demo or init --training): the only
 * kind on which the test clock may run. */
int kc_store_training(const struct kc_store *st);
int kc_store_user_version(struct kc_store *st, int *version, struct kc_err *err);
/* How many migrations the last open applied (0 when the schema was already current). */
int kc_store_migrations_applied(const struct kc_store *st);
const char *kc_store_actor(const struct kc_store *st);
/* The path the database was opened at (a second login opens the same file). */
const char *kc_store_path(const struct kc_store *st);
/* How long a write waits for another clinician's save before KC_ERR_BUSY (default
 * KC_STORE_WAIT_MS: a busy machine can hold a save for seconds). */
#define KC_STORE_WAIT_MS 30000
void kc_store_set_busy_timeout(struct kc_store *st, int ms);
/* While a write waits for another's save: fn(ctx, holder, waited_ms) after the first
 * second and about once a second after that, holder naming who holds the database
 * ("nurse1 (pid 4242)", or "another clinician" when that cannot be told). fn NULL: none. */
typedef void (*kc_store_wait_fn)(void *ctx, const char *holder, int waited_ms);
void kc_store_set_wait_hook(struct kc_store *st, kc_store_wait_fn fn, void *ctx);
/* Number of rows in a table, for tests and `init` output. */
int kc_store_count(struct kc_store *st, const char *table, long long *n, struct kc_err *err);
/* SQLite's PRAGMA data_version: it changes when another connection (another clinician)
 * has committed since this connection last looked; a board polls it to reload cheaply. */
int kc_store_data_version(struct kc_store *st, long long *v, struct kc_err *err);
/* What a reader last saw of the database: the data version (other connections' commits)
 * and this connection's own changes (which PRAGMA data_version does not count). */
struct kc_store_seen {
	long long data_version;
	long long commits; /* sqlite3_total_changes64 of this connection */
	int valid;
};
/* 1 when the database changed since *seen (another connection or this one committed, or
 * *seen was never filled), and *seen is brought up to date; 0 when nothing changed. The
 * one test a screen makes before re-reading (one PRAGMA, no table read). An error reads
 * as changed, so the reader reloads and shows it. */
int kc_store_changed(struct kc_store *st, struct kc_store_seen *seen);
/* Forget what *seen saw, so the next kc_store_changed says 1. */
void kc_store_seen_reset(struct kc_store_seen *seen);

/* For tests (tests/test_query_plans.c): every statement this connection has prepared and
 * cached so far, each line of its EXPLAIN QUERY PLAN given to fn with the statement's SQL. */
typedef void (*kc_store_plan_fn)(void *ctx, const char *sql, const char *plan_line);
int kc_store_plans(struct kc_store *st, kc_store_plan_fn fn, void *ctx, struct kc_err *err);

/* Many entries committed together (the demo's thousands of sessions): between begin and end
 * every entry is still checked and written as one unit (a SAVEPOINT: a refused entry is
 * undone alone), but the lot is one transaction, one fsync. end commits when rc is KC_OK,
 * else rolls the whole batch back, and returns the final status. Not for the screens: a
 * batch holds the write lock until it ends. */
int kc_store_batch_begin(struct kc_store *st, time_t now, struct kc_err *err);
int kc_store_batch_end(struct kc_store *st, int rc, struct kc_err *err);
/* Whether a batch is open (a signature then leaves the anchor to the batch's end). */
int kc_store_batch_open(const struct kc_store *st);

/* One read transaction around many reads (an export, a backup with its verify): every
 * read between begin and end sees the same moment while others go on charting; writes
 * are refused. end finishes it and returns rc (or the failure to finish). */
int kc_store_snapshot_begin(struct kc_store *st, struct kc_err *err);
int kc_store_snapshot_end(struct kc_store *st, int rc, struct kc_err *err);
/* on = 1: a small page cache (KC_STREAM_CACHE_KIB) for a read that goes through the record
 * once (the CSV export), so the process's memory does not grow with the history; 0: the
 * cache's size as it was before. */
#define KC_STREAM_CACHE_KIB 512
int kc_store_stream_cache(struct kc_store *st, int on, struct kc_err *err);

/* The namespace UUID (36 characters and a NUL, lowercase) made once for this database at
 * migration 16 from random bytes and never changed (the database refuses it): the FHIR
 * export makes its identifiers under it (name-based, SHA-1), so they stay the same for one
 * database and differ between databases. KC_ERR_CORRUPT when it is missing or not a UUID. */
int kc_store_namespace(struct kc_store *st, char out[37], struct kc_err *err);

/* ---------- clinicians ----------
 * Roles are ranked: a physician can do everything a nurse can, and an admin everything a
 * physician can, plus managing clinicians (so give admin to physicians only). Nurses chart;
 * physician-only acts are: overriding a blocked screening (kc_screen_set of "override"),
 * discharging with unmet criteria (an assessment with an override reason, or ending as
 * "discharged" on an assessment that is not ready) and amending a signed record. A refused
 * act is KC_ERR_DENIED "only a physician may ...". */

enum kc_role { KC_ROLE_NURSE = 0, KC_ROLE_PHYSICIAN, KC_ROLE_ADMIN };
const char *kc_role_name(enum kc_role r); /* "nurse", "physician", "admin" */
int kc_role_from_name(const char *s, enum kc_role *out);
struct kc_clinician {
	kc_id id;
	char login[KC_LOGIN_MAX];
	char display_name[KC_NAME_MAX];
	enum kc_role role;
	int active;
	char phone[32];               /* schema 8: for the REMS form; "" = not given */
	char email[96];
};
/* The actor's role. KC_ERR_DENIED "user 'bob' is not a ketchart clinician: ask an admin to
 * run 'ketchart user add bob'" for a login that is unknown or disabled. */
int kc_store_actor_role(struct kc_store *st, enum kc_role *role, struct kc_err *err);
/* Add or change a clinician without any role check (tests, tools): kc_clinician_add is
 * what an admin uses. */
int kc_clinician_upsert(struct kc_store *st, const char *login, const char *display_name,
			enum kc_role role, time_t now, struct kc_err *err);
int kc_clinician_get(struct kc_store *st, const char *login, struct kc_clinician *out,
		     struct kc_err *err);
/* Admin only (KC_ERR_DENIED "only an admin may manage clinicians ..."). Add login with a
 * role, or change an existing one's role and enable it again; display_name NULL or "" keeps
 * the name it has (a new clinician's name is then the login). A login is 1-32 letters,
 * digits, '.', '_' or '-', not starting with '-'. Refused: taking admin away from the last
 * active admin. */
int kc_clinician_add(struct kc_store *st, const char *login, const char *display_name,
		     enum kc_role role, time_t now, struct kc_err *err);
/* A clinician's telephone and email (the REMS form's monitoring provider), by the
 * clinician themself or an admin (KC_ERR_DENIED otherwise); "" clears one. The chart
 * checks the text (kc_chart_clinician_contact). Audited as every change. */
int kc_clinician_set_contact(struct kc_store *st, const char *login, const char *phone, const char *email,
			     time_t now, struct kc_err *err);
/* Admin only. Every clinician, enabled and disabled, ordered by login; free() *rows. */
int kc_clinician_list(struct kc_store *st, struct kc_clinician **rows, size_t *n, struct kc_err *err);
/* Admin only. The login can no longer open charts or write (its past entries stay).
 * KC_ERR_NOTFOUND for an unknown login; refused for the last active admin. Disabling a
 * disabled login is KC_OK. */
int kc_clinician_disable(struct kc_store *st, const char *login, time_t now, struct kc_err *err);

/* ---------- corrections (shared by vitals, observations, dose events, weights) ---------- */

enum kc_error_code { KC_EIE_NONE = 0, KC_EIE_WRONG_TIME, KC_EIE_WRONG_VALUE, KC_EIE_WRONG_PATIENT,
		     KC_EIE_INVALID };
const char *kc_eie_name(enum kc_error_code c); /* "wrong time", "wrong value", ...; NONE "" */
int kc_eie_from_name(const char *s, enum kc_error_code *out);

struct kc_eie {                 /* entered-in-error mark; code KC_EIE_NONE = valid row */
	enum kc_error_code code;
	char reason[KC_NOTE_MAX];
	char by[KC_LOGIN_MAX];
	time_t at;
	kc_id replaced_by;          /* the corrected row, 0 if none */
	kc_id corrects;             /* on a replacement: the row it corrects, 0 if none */
};

/* ---------- patients ---------- */

struct kc_patient {
	kc_id id;
	char chart_no[32]; /* the clinic's own id, unique */
	char name[KC_NAME_MAX];
	char dob[11];      /* YYYY-MM-DD */
	time_t created_at;
	/* Demographics and REMS enrolment (schema 7, kc_demog.h): "" / 0 / -1 = not recorded. */
	char sex[8];             /* "female", "male", "other" */
	int height_cm;           /* 0: not recorded */
	char allergies[256];     /* "none known" is an answer */
	char phone[32];
	char emergency[128];     /* emergency contact: name, relation, phone */
	int rems_enrolled;       /* -1 not recorded, 0 no, 1 yes */
	char rems_id[32];        /* REMS patient ID */
	char esk_first[11];      /* first esketamine treatment, YYYY-MM-DD */
};
/* Refuses an empty chart number or name, a bad date of birth, a duplicate chart number. */
int kc_patient_add(struct kc_store *st, const struct kc_patient *p, time_t now, kc_id *id,
		   struct kc_err *err);
int kc_patient_get(struct kc_store *st, kc_id id, struct kc_patient *out, struct kc_err *err);
/* Patients whose name, chart number or date of birth (YYYY-MM-DD) contains query
 * (case-insensitive; "" = all), ordered by name. *rows is malloc'd; free() it. */
int kc_patient_find(struct kc_store *st, const char *query, struct kc_patient **rows, size_t *n,
		    struct kc_err *err);
/* Every patient's id in kc_patient_find's order (no query), each handed to fn before the
 * next is read: no list of the clinic's patients in memory. fn's status other than KC_OK
 * stops the walk and is returned; fn may read the store, but not call this again. */
typedef int (*kc_patient_fn)(void *ctx, kc_id patient, struct kc_err *err);
int kc_patient_each(struct kc_store *st, kc_patient_fn fn, void *ctx, struct kc_err *err);
/* What a list of patients shows (the start screen): a quarter of a kc_patient's memory. */
struct kc_patient_line {
	kc_id id;
	char chart_no[32];
	char name[KC_NAME_MAX];
	char dob[11];
};
/* kc_patient_find's patients, in its order, as lines: every patient ("" or NULL) comes from
 * the patient_name index (migration 18) with only the columns shown. */
int kc_patient_lines(struct kc_store *st, const char *query, struct kc_patient_line **rows, size_t *n,
		     struct kc_err *err);
/* The start screen reads only what it shows (issue 10): a page of kc_patient_lines' list,
 * at most max lines from the offset-th on (*rows malloc'd; free() it); with no query it
 * steps over the offset on the patient_name index and reads only the page's rows. */
int kc_patient_page(struct kc_store *st, const char *query, size_t offset, size_t max,
		    struct kc_patient_line **rows, size_t *n, struct kc_err *err);
/* How many patients kc_patient_lines lists for query (the count the screen shows). */
int kc_patient_count(struct kc_store *st, const char *query, size_t *n, struct kc_err *err);
/* Where patient id stands in kc_patient_lines' list for query (0: first), counted on the
 * patient_name index up to its entry; KC_ERR_NOTFOUND (err untouched) when the list does
 * not hold it. */
int kc_patient_rank(struct kc_store *st, const char *query, kc_id id, size_t *at, struct kc_err *err);
/* Weight history: one row per weighing. session may be 0. */
int kc_weight_add(struct kc_store *st, kc_id patient, kc_id session, double kg, time_t taken,
		  time_t now, struct kc_err *err);
/* The same, keeping the text as typed ("190 lb") beside the kilograms (schema 4). */
int kc_weight_add_typed(struct kc_store *st, kc_id patient, kc_id session, double kg, const char *typed,
			time_t taken, time_t now, struct kc_err *err);
int kc_weight_latest(struct kc_store *st, kc_id patient, double *kg, time_t *taken,
		     struct kc_err *err); /* KC_ERR_NOTFOUND when never weighed */
struct kc_weight_row {
	kc_id id;                /* 0: no weight */
	double kg;
	time_t taken_at;
	time_t entered_at;
	char entered_by[KC_LOGIN_MAX];
	kc_id patient_id;
	kc_id session_id;        /* 0: weighed outside any session */
	struct kc_eie eie;
	char typed[32];          /* as typed ("190 lb"); "" for rows from before schema 5 */
};
/* The latest valid weight entered in this session, the one its screening uses; all zero
 * (id 0) when the session has none, which is not an error. Weights entered in error are
 * left out here and by kc_weight_latest. */
int kc_weight_of_session(struct kc_store *st, kc_id session, struct kc_weight_row *out,
			 struct kc_err *err);
int kc_weight_get(struct kc_store *st, kc_id id, struct kc_weight_row *out, struct kc_err *err);
/* Every weight entered in a session (session 0: outside any session), entered in error
 * included, by time taken; free() *rows. */
int kc_weight_list(struct kc_store *st, kc_id session, struct kc_weight_row **rows, size_t *n,
		   struct kc_err *err);
/* The same rows one at a time, each handed to fn before the next is read, so memory stays
 * one row (the weights outside any session are about one a patient: a list of them grew
 * with the clinic's history). fn's status other than KC_OK stops the walk and is returned;
 * fn may read the store, but not walk weights with kc_weight_each itself. */
typedef int (*kc_weight_fn)(void *ctx, const struct kc_weight_row *w, struct kc_err *err);
int kc_weight_each(struct kc_store *st, kc_id session, kc_weight_fn fn, void *ctx, struct kc_err *err);
/* Mark a session's weight entered in error (reason required);
 * replacement (may be NULL) gives kg and taken_at of the right weight, inserted in the same
 * transaction and linked both ways; replacement->id is set. Refused for a weight outside a
 * session, a signed session (KC_ERR_SIGNED) and a weight already corrected. */
int kc_weight_correct(struct kc_store *st, kc_id id, enum kc_error_code code, const char *reason,
		      struct kc_weight_row *replacement, time_t now, struct kc_err *err);

/* A patient's details corrected: p's chart_no, name and dob ("" keeps one) replace the
 * stored ones in one transaction, and every field that changes leaves a patient_correction
 * row with the old and new value and the reason (required), so the old value stays visible.
 * session (may be 0) is the session it was corrected from: refused once that session is
 * signed (KC_ERR_SIGNED). KC_ERR_INVALID when nothing changes or a value is refused as in
 * kc_patient_add. */
struct kc_patient_fix {
	kc_id id;
	kc_id patient_id;
	kc_id session_id;
	char field[20];          /* "chart_no", "name", "dob", or a kc_pd_column() */
	char old_value[KC_NOTE_MAX];
	char new_value[KC_NOTE_MAX];
	char reason[KC_NOTE_MAX];
	char by[KC_LOGIN_MAX];
	time_t at;
};
int kc_patient_correct(struct kc_store *st, kc_id patient, kc_id session, const struct kc_patient *p,
		       const char *reason, time_t now, struct kc_err *err);
/* A patient's detail (enum kc_pd_field, kc_demog.h) as stored: "" when not recorded. */
void kc_patient_pd_text(const struct kc_patient *p, int field, char *out, size_t n);
/* Set one detail of a patient (kc_demog.h) to value, the text kc_pd_parse stored ("" clears
 * it), in one transaction. A recorded value that changes (or is cleared) keeps its old
 * value in a correction row with the reason, which it then requires (kc_patient_fix_list);
 * a first recording needs none. KC_ERR_INVALID when value is the one stored. */
int kc_patient_detail_set(struct kc_store *st, kc_id patient, int field, const char *value, const char *reason,
			  time_t now, struct kc_err *err);
/* A patient's corrections (details included), oldest first; free() *rows. */
int kc_patient_fix_list(struct kc_store *st, kc_id patient, struct kc_patient_fix **rows, size_t *n,
			struct kc_err *err);

/* ---------- sessions ---------- */

struct kc_session {
	kc_id id;
	kc_id patient_id;
	char clinician[KC_LOGIN_MAX]; /* login of the clinician who created it */
	enum kc_route route;
	char indication[64];          /* "depression", "anxiety", "PTSD", free text */
	enum kc_phase phase;
	time_t created_at;
	time_t dose_start;            /* infusion start / first device; 0 = not yet */
	time_t dose_end;              /* infusion stop / last device; 0 = not yet */
	time_t ended_at;              /* discharged or aborted; 0 = open */
	double weight_kg;             /* weight used for the dose; 0 = none */
	double planned_mg_per_kg;     /* IV */
	double planned_mg;
	double given_mg;              /* sum of recorded dose events */
	char signed_by[KC_LOGIN_MAX]; /* "" = not signed */
	time_t signed_at;
	char outcome[24];             /* "", "discharged", "against_advice", "aborted" */
	char outcome_reason[KC_NOTE_MAX];
};
int kc_session_create(struct kc_store *st, kc_id patient, enum kc_route route, const char *indication,
		      time_t now, kc_id *id, struct kc_err *err);
int kc_session_get(struct kc_store *st, kc_id id, struct kc_session *out, struct kc_err *err);
/* Sessions not yet ended (screening, dosing, recovery), oldest first. */
int kc_session_list_open(struct kc_store *st, struct kc_session **rows, size_t *n, struct kc_err *err);
/* All sessions of a patient (0 = every patient), newest first. */
int kc_session_list(struct kc_store *st, kc_id patient, struct kc_session **rows, size_t *n,
		    struct kc_err *err);
/* Phases only move forward (screening -> dosing -> recovery); discharged and aborted are
 * reached through kc_session_end. Refused once the session has ended. */
int kc_session_set_phase(struct kc_store *st, kc_id id, enum kc_phase phase, time_t now,
			 struct kc_err *err);
/* Record the planned dose (and the weight it was computed from). */
int kc_session_plan_dose(struct kc_store *st, kc_id id, double weight_kg, double mg_per_kg, double mg,
			 time_t now, struct kc_err *err);
/* Outcome: "discharged", "against_advice" or "aborted" (aborted and against_advice need a
 * reason). Sets ended_at and the phase, and releases the session's hold. A nurse may end
 * as "discharged" only when the latest discharge assessment is ready or carries a
 * physician's override reason (else KC_ERR_DENIED "only a physician may discharge with
 * unmet criteria ..."). */
int kc_session_end(struct kc_store *st, kc_id id, const char *outcome, const char *reason, time_t now,
		   struct kc_err *err);
/* Sign: records who and when; the session is read-only afterwards. Refused while the
 * session is open (not ended). Ending and signing release the session's hold. */
int kc_session_sign(struct kc_store *st, kc_id id, time_t now, struct kc_err *err);

/* ---------- holds: who is charting a session ----------
 * The clinician charting a session holds it; every write to a session held by ANOTHER
 * clinician (entries, corrections, screening answers, dose, discharge, end, sign) is
 * refused with KC_ERR_BUSY and the message of kc_session_hold. A session nobody holds is
 * writable by any clinician. Holds are rows of their own (taken, released, taken over),
 * audited like every clinical row; a signed session has none. */

/* Hold: take it when free or already ours (nothing is written then). KC_ERR_BUSY
 * "session N is held by LOGIN (Display) since HH:MM: view it read-only or take it over"
 * when another holds it (holder = that login and since filled; holder "" and since 0
 * otherwise). KC_ERR_SIGNED for a signed session. holder and since may be NULL. */
int kc_session_hold(struct kc_store *st, kc_id session, time_t now, char *holder, size_t n, time_t *since,
		    struct kc_err *err);
/* Take over a session another clinician holds: their hold ends now and ours begins,
 * recorded (audit + "taken over from X at HH:MM by Y" in the report). When the session is
 * free or ours already, it is the same as kc_session_hold. */
int kc_session_takeover(struct kc_store *st, kc_id session, time_t now, struct kc_err *err);
/* Release our hold. KC_OK (nothing written) when we do not hold it: safe to call on
 * leaving any session. */
int kc_session_release(struct kc_store *st, kc_id session, time_t now, struct kc_err *err);
/* Who holds the session now, without taking it: holder "" and since 0 when nobody does. */
int kc_session_holder(struct kc_store *st, kc_id session, char *holder, size_t n, time_t *since,
		      struct kc_err *err);
/* KC_OK when the actor may write to the session as far as holds go (free or ours), else
 * KC_ERR_BUSY with the message above. */
int kc_session_hold_check(struct kc_store *st, kc_id session, struct kc_err *err);

struct kc_hold_row {
	kc_id id;
	kc_id session_id;
	char holder[KC_LOGIN_MAX];
	time_t since;
	time_t released_at;            /* 0 = still held */
	char taken_from[KC_LOGIN_MAX]; /* the clinician it was taken over from, "" if none */
};
/* Every hold of a session, oldest first; free() *rows. */
int kc_session_hold_list(struct kc_store *st, kc_id session, struct kc_hold_row **rows, size_t *n,
			 struct kc_err *err);

/* ---------- screening answers (append-only; the latest row per item is current) ----------
 * Item keys: checklist keys of kc_check_items() ("aneurysm"; value "yes"/"no"/"n/a"),
 * "confirm.<key>" (value "yes", note = the confirming note), "phq9.1".."phq9.9" and
 * "gad7.1".."gad7.7" (value "0".."3"), "cssrs.1".."cssrs.6" ("yes"/"no"/"" not asked),
 * "cssrs.6_recent" ("yes"/"no"), "suicide_confirm" (note), "last_solids",
 * "last_liquids", "nasal_pretreat" (value: Unix seconds), "escort_name", "escort_phone",
 * "consent" ("yes"/"no"), "med_changes" (value "reviewed", note = what changed),
 * "fasting_confirm", "pretreat_confirm", "bp_confirm" (note), "dose_reason" (note: why an
 * esketamine dose other than the labelled 56 or 84 mg), "overrun_note" (note: why an
 * infusion runs past its planned end; kc_chart_overrun_note).
 * Overrides (physician only: KC_ERR_DENIED for anyone else), each covering one block, the
 * note its reason: "override.<absolute key>" (value: the id of the answer row it covers),
 * "override.age" (value: the age in years), "override.bp" (value: the id of the baseline
 * reading). "override" (schema 3, read only for old records) covered every block.
 * "change" (value: the id of an answer row, note: why the earlier answer was changed) is
 * written only by kc_screen_change, and kc_screen_list leaves it out. */
struct kc_answer_row {
	kc_id id;
	char item[32];
	char value[64];
	char note[KC_NOTE_MAX];
	time_t at;
	char by[KC_LOGIN_MAX];
};
int kc_screen_set(struct kc_store *st, kc_id session, const char *item, const char *value,
		  const char *note, time_t now, struct kc_err *err);
/* An answer, and when reason is not NULL a "change" row naming it with the reason, in one
 * transaction; *id (may be NULL) gets the answer's row id. */
int kc_screen_change(struct kc_store *st, kc_id session, const char *item, const char *value,
		     const char *note, const char *reason, time_t now, kc_id *id, struct kc_err *err);
/* Several answers of one act (the 20 items of a PCL-5) in one transaction: each answer
 * set[i], and when set[i].change a "change" row naming it with reason (required then). */
struct kc_screen_answer {
	const char *item;
	const char *value;
	int change;
};
int kc_screen_set_many(struct kc_store *st, kc_id session, const struct kc_screen_answer *set, size_t n,
		       const char *reason, time_t now, struct kc_err *err);
/* Current answers (latest per item), ordered by item. */
int kc_screen_list(struct kc_store *st, kc_id session, struct kc_answer_row **rows, size_t *n,
		   struct kc_err *err);
/* kc_screen_list's current answers of the PHQ-9, the GAD-7 and the C-SSRS only (items
 * "phq9", "gad7", "cssrs" and those beginning with them), notes left empty: what the FHIR
 * export sends, without reading the rest of the screening. */
int kc_screen_scales(struct kc_store *st, kc_id session, struct kc_answer_row **rows, size_t *n,
		     struct kc_err *err);
/* The current answer to one item (as kc_screen_list has it): KC_ERR_NOTFOUND (err untouched)
 * when there is none; "change" rows are never an item's answer. One index lookup. */
int kc_screen_current(struct kc_store *st, kc_id session, const char *item, struct kc_answer_row *out,
		      struct kc_err *err);
/* Every answer row of the session ever written, "change" rows too, oldest first. */
int kc_screen_history(struct kc_store *st, kc_id session, struct kc_answer_row **rows, size_t *n,
		      struct kc_err *err);
/* The screening as the clinical rules see it: answers, latest weight of this session,
 * baseline vitals (the last valid reading with baseline = 1), patient age. There is no
 * 'now' here: the age is taken at the session's created_at. Unknown item keys are
 * refused by kc_screen_set and ignored here. */
int kc_screen_load(struct kc_store *st, kc_id session, struct kc_screening *out, struct kc_err *err);

/* ---------- vitals ---------- */

struct kc_vitals_row {
	kc_id id;
	kc_id session_id;
	time_t taken_at;
	time_t due_at;          /* the due time it answers; 0 if none */
	time_t entered_at;
	char entered_by[KC_LOGIN_MAX];
	enum kc_vstatus status; /* taken / refused / unavailable */
	char reason[KC_NOTE_MAX]; /* for refused / unavailable */
	struct kc_vitals v;
	int baseline;           /* 1 = pre-dose reading in screening */
	unsigned carried;       /* KC_CARRY_* measures carried from the reading before */
	enum kc_level level;    /* highest alert level */
	char alerts[KC_NOTE_MAX]; /* joined alert texts */
	int late;
	int acked;              /* an alert was acknowledged */
	char ack_action[KC_NOTE_MAX];
	char ack_by[KC_LOGIN_MAX];
	time_t ack_at;
	struct kc_eie eie;
};
/* Insert; row->id is set. entered_at and entered_by are taken from now and the actor.
 * The ack_* and eie fields of row are ignored: kc_vitals_ack / kc_vitals_correct set them. */
int kc_vitals_add(struct kc_store *st, struct kc_vitals_row *row, time_t now, struct kc_err *err);
/* All readings of a session ordered by taken_at then id, including ones entered in error. */
int kc_vitals_list(struct kc_store *st, kc_id session, struct kc_vitals_row **rows, size_t *n,
		   struct kc_err *err);
int kc_vitals_get(struct kc_store *st, kc_id id, struct kc_vitals_row *out, struct kc_err *err);
/* Which reading kc_vitals_last finds. */
enum kc_vitals_last_of {
	KC_LAST_BEFORE,   /* the latest valid one taken before t */
	KC_LAST_BASELINE, /* the latest valid pre-dose reading taken at or before t */
	KC_LAST_BP,       /* the latest valid reading with a blood pressure, not a pre-dose
			   * one, taken at or before t */
	KC_LAST_MOAAS,    /* the latest valid reading with a MOAA/S taken at or before t */
};
/* One reading, found through an index whatever the session's length (a save's cost must
 * not grow with the readings before it): valid is taken, not entered in error, not skip;
 * "latest" orders by time taken, then id. *found 0 when none. */
int kc_vitals_last(struct kc_store *st, kc_id session, time_t t, enum kc_vitals_last_of which, kc_id skip,
		   struct kc_vitals_row *out, int *found, struct kc_err *err);
/* Acknowledge the alert of a reading with the action taken (required). */
int kc_vitals_ack(struct kc_store *st, kc_id id, const char *action, time_t now, struct kc_err *err);
/* The same with its actions (kc_ack.h), checked by kc_chart_ack_actions: in one
 * transaction the n rows of ack_action (seq 1..n) and the reading marked acknowledged with
 * summary (kc_ack_actions_text) as its ack_action; all or none. */
int kc_vitals_ack_actions(struct kc_store *st, kc_id id, const struct kc_ack_action *a, size_t n,
			  const char *summary, time_t now, struct kc_err *err);
/* Mark id entered in error (reason required); if replacement is not NULL insert it in the
 * same transaction, link both ways, and set replacement->id. */
int kc_vitals_correct(struct kc_store *st, kc_id id, enum kc_error_code code, const char *reason,
		      struct kc_vitals_row *replacement, time_t now, struct kc_err *err);

/* ---------- observations (side effects) ---------- */

struct kc_obs_row {
	kc_id id;
	kc_id session_id;
	time_t observed_at;
	time_t entered_at;
	char entered_by[KC_LOGIN_MAX];
	enum kc_obs_kind kind;
	enum kc_scale scale;
	int score;
	char items[128];          /* per-item scores for CADSS ("1:2 2:0 6:1 ...") or "" */
	int vomiting;             /* vomiting episodes with nausea, 0 if none */
	char detail[64];          /* for "other": what it is */
	char intervention[KC_NOTE_MAX]; /* "ondansetron 4 mg IV", "infusion paused", "" */
	char note[KC_NOTE_MAX];
	enum kc_level level;
	char alerts[KC_NOTE_MAX];
	int late;
	struct kc_eie eie;
};
int kc_obs_add(struct kc_store *st, struct kc_obs_row *row, time_t now, struct kc_err *err);
/* The same with the interventions as actions (checked by kc_chart_observation): in one
 * transaction the observation and the n rows of ack_action linked to it (seq 1..n). */
int kc_obs_add_acts(struct kc_store *st, struct kc_obs_row *row, const struct kc_ack_action *a, size_t n,
		    time_t now, struct kc_err *err);

/* ---------- the actions of acknowledgements (ack_action, migration 18) ---------- */
struct kc_ack_row {
	kc_id id;
	kc_id session_id;
	kc_id vitals_id;      /* the reading whose alert was acknowledged, or 0 */
	kc_id observation_id; /* the side effect the actions were for, or 0 */
	int seq;              /* 1.. in the order given */
	struct kc_ack_action a;
	time_t entered_at;
	char entered_by[KC_LOGIN_MAX];
};
/* Every action of the session's acknowledgements in the order written (an acknowledgement's
 * actions together, by seq). A
 * reading acknowledged before migration 18 has none: its ack_action is its one action. */
int kc_ack_list(struct kc_store *st, kc_id session, struct kc_ack_row **rows, size_t *n, struct kc_err *err);
int kc_obs_list(struct kc_store *st, kc_id session, struct kc_obs_row **rows, size_t *n,
		struct kc_err *err);
int kc_obs_correct(struct kc_store *st, kc_id id, enum kc_error_code code, const char *reason,
		   struct kc_obs_row *replacement, time_t now, struct kc_err *err);

/* ---------- every entry, streamed (exports) ----------
 * Every reading (and, unless vitals_only, every observation) of every session: the
 * sessions oldest first (created_at, then id: kc_session_list's order reversed), each
 * session's readings and observations merged by time (kc_vitals_list and kc_obs_list
 * order; a reading before an observation of the same second). One row at a time, so the
 * memory does not grow with the history; open it inside kc_store_snapshot_begin for one
 * moment. */
struct kc_entry_iter;
struct kc_entry {
	int is_obs;            /* 0: vitals is the entry, 1: obs is */
	kc_id session;
	struct kc_vitals_row vitals;
	struct kc_obs_row obs;
};
int kc_entries_open(struct kc_store *st, int vitals_only, struct kc_entry_iter **out,
		    struct kc_err *err);
/* The next entry into e: KC_OK, KC_ERR_NOTFOUND after the last (err untouched), or the
 * failure to read. */
int kc_entries_next(struct kc_entry_iter *it, struct kc_entry *e, struct kc_err *err);
void kc_entries_close(struct kc_entry_iter *it);

/* ---------- the change feed (incremental exports; store_changes.c) ----------
 * What was entered, corrected or amended after a point of the record. Every clinical
 * insert and update writes audit rows whose ids only grow, so a point is an audit id:
 * the feed is the audit rows with id > from, up to the cursor, the highest audit id of
 * this moment. Open it inside kc_store_snapshot_begin (the export's one moment): an
 * export `--after cursor` then receives exactly what came after, each change once.
 *   after: audit id (0: from the beginning); since: 0, or only audit rows stamped at or
 *   after since (the first such row and everything after it; both given: the later).
 * A changed row is one inserted or updated (a correction marks the old row and inserts
 * its replacement: both are changed); an amendment changes the amendment row and the
 * row it amends. A session is changed when it or any of its rows is (its amendments,
 * weights, answers, readings, observations, doses, discharge, addenda, drug drawn);
 * a patient when its row or its corrections are. Holds and drafts are not changes. */
struct kc_changes;
int kc_changes_open(struct kc_store *st, kc_id after, time_t since, struct kc_changes **out,
		    struct kc_err *err);
void kc_changes_close(struct kc_changes *c);
/* The highest audit id of the moment: what the next export gives as --after. */
kc_id kc_changes_cursor(const struct kc_changes *c);
/* Every row counts (no lower bound, or it lies before the first audit row): a full export. */
int kc_changes_all(const struct kc_changes *c);
/* Nothing changed after the point (an incremental export with nothing to send). */
int kc_changes_none(const struct kc_changes *c);
/* Whether row row_id of table tbl ("vitals", "observation", "dose_event", "weight",
 * "screening_answer", "discharge", "addendum", "amendment", "session", "patient", ...)
 * was inserted, updated or amended in the feed. */
int kc_changes_row(const struct kc_changes *c, const char *tbl, kc_id row_id);
int kc_changes_session(const struct kc_changes *c, kc_id session);
int kc_changes_patient(const struct kc_changes *c, kc_id patient);
/* The changed sessions, ascending ids (none when kc_changes_all: then every session is). */
void kc_changes_sessions(const struct kc_changes *c, const kc_id **ids, size_t *n);
/* The sessions of the feed one at a time, so an export's memory stays flat: every session
 * oldest first (created_at, id) when kc_changes_all, else the changed ones by id.
 * KC_ERR_NOTFOUND (err untouched) after the last. Other reads may run in between. The
 * walk of every session sorts nothing of the history (two reads of the session table
 * by id: call it inside kc_store_snapshot_begin) and holds only the sessions stamped out
 * of id order (store_changes.c). */
int kc_changes_next_session(struct kc_store *st, struct kc_changes *c, kc_id *session, struct kc_err *err);

/* ---------- dose events ---------- */

enum kc_dose_kind { KC_DOSE_START = 0, KC_DOSE_PAUSE, KC_DOSE_RESUME, KC_DOSE_RATE, KC_DOSE_STOP,
		    KC_DOSE_DEVICE, KC_DOSE_COUNT };
const char *kc_dose_kind_name(enum kc_dose_kind k); /* "start", "pause", ... "device" */
int kc_dose_kind_from_name(const char *s, enum kc_dose_kind *out);

struct kc_dose_row {
	kc_id id;
	kc_id session_id;
	time_t at;
	time_t entered_at;
	char entered_by[KC_LOGIN_MAX];
	enum kc_dose_kind kind;
	double mg;          /* device: mg given; stop: total mg given; else 0 */
	double rate_ml_h;   /* start / rate change; else 0 */
	int device_no;      /* esketamine device 1..n; else 0 */
	char lot[32];
	char note[KC_NOTE_MAX];
	int late;
	struct kc_eie eie;
};
/* Insert, and in the same transaction keep the session consistent: the first START or
 * DEVICE sets dose_start and moves screening -> dosing; STOP (IV) sets dose_end and moves
 * to recovery; given_mg is the sum of STOP/DEVICE mg. The order of events is checked
 * (no pause before start, no resume unless paused, nothing after stop). Esketamine records
 * DEVICE only; IV and IM the infusion events. A late entry is checked where its time puts
 * it in the sequence; dose_start / dose_end / given_mg are derived from the valid events.
 * device_no 0 takes the next number. row->id, entered_at and entered_by are set. */
int kc_dose_add(struct kc_store *st, struct kc_dose_row *row, time_t now, struct kc_err *err);
/* Mark a dose event entered in error (reason required) and, when replacement is not NULL,
 * insert it in the same transaction linked both ways (same session, same kind). The order
 * of the valid events is checked again without the original and with the replacement, and
 * dose_start / dose_end / given_mg are derived again; an IV session whose only stop is
 * marked in error goes back from recovery to dosing while it has not ended. Allowed after
 * the session ended, until it is signed (KC_ERR_SIGNED). */
int kc_dose_correct(struct kc_store *st, kc_id id, enum kc_error_code code, const char *reason,
		    struct kc_dose_row *replacement, time_t now, struct kc_err *err);
int kc_dose_list(struct kc_store *st, kc_id session, struct kc_dose_row **rows, size_t *n,
		 struct kc_err *err);

/* ---------- discharge ---------- */

struct kc_discharge_row {
	kc_id id;
	kc_id session_id;
	time_t at;
	char by[KC_LOGIN_MAX];
	struct kc_aldrete aldrete;
	int aldrete_total;
	int gait_steady;           /* 1/0/KC_NONE */
	int escort_confirmed;
	int instructions_given;
	int ready;                 /* all criteria met when assessed */
	char unmet[KC_NOTE_MAX];   /* the unmet criteria, joined */
	char override_reason[KC_NOTE_MAX]; /* discharging with unmet criteria */
};
/* row->at 0 = now; by is the actor; row->id is set. */
int kc_discharge_add(struct kc_store *st, struct kc_discharge_row *row, time_t now, struct kc_err *err);
int kc_discharge_list(struct kc_store *st, kc_id session, struct kc_discharge_row **rows, size_t *n,
		      struct kc_err *err);

/* ---------- alert acknowledgements are on vitals; addenda after signing ---------- */

struct kc_addendum_row {
	kc_id id;
	kc_id session_id;
	time_t at;
	char by[KC_LOGIN_MAX];
	char text[1024];
};
/* Allowed on signed sessions too: that is what addenda are for; and by any clinician,
 * whoever holds the session (an addendum changes no entry). */
int kc_addendum_add(struct kc_store *st, kc_id session, const char *text, time_t now, struct kc_err *err);
int kc_addendum_list(struct kc_store *st, kc_id session, struct kc_addendum_row **rows, size_t *n,
		     struct kc_err *err);

/* ---------- amendments of signed records ---------- */

struct kc_amendment_row { kc_id id; kc_id session_id; char tbl[32]; kc_id row_id; char text[1024];
			  char reason[KC_NOTE_MAX]; char by[KC_LOGIN_MAX]; time_t at; };
/* A physician amends a signed session: what the entry tbl/row_id should have said (text) and
 * why (reason); both required. Only on signed sessions (unsigned ones use corrections);
 * the original entry is never changed. tbl is one of "session" (row_id = the session),
 * "screening_answer", "weight", "vitals", "observation", "dose_event", "discharge",
 * "addendum", and the row must belong to the session. Amendments can be neither changed
 * nor deleted, in the database itself. */
int kc_amendment_add(struct kc_store *st, kc_id session, const char *tbl, kc_id row_id, const char *text,
		     const char *reason, time_t now, kc_id *id, struct kc_err *err);
/* A session's amendments, oldest first; free() *rows. */
int kc_amendment_list(struct kc_store *st, kc_id session, struct kc_amendment_row **rows, size_t *n,
		      struct kc_err *err);
/* The sessions that have an amendment, in ascending id order, each once; free() *ids. */
int kc_amendment_sessions(struct kc_store *st, kc_id **ids, size_t *n, struct kc_err *err);

/* ---------- REMS forms: their submission (schema 7) ---------- */

struct kc_rems_submission {
	kc_id id;                 /* 0: not submitted */
	kc_id session_id;
	char submitted_on[11];    /* YYYY-MM-DD */
	char channel[8];          /* "online", "fax" */
	char confirmation[64];
	time_t entered_at;
	char entered_by[KC_LOGIN_MAX];
};
/* A signed session's form submitted (kc_chart_rems_submit checks the text). Once per
 * session; never changed or deleted, in the database itself. */
int kc_rems_submission_add(struct kc_store *st, kc_id session, const char *on, const char *channel,
			   const char *confirmation, time_t now, struct kc_err *err);
/* KC_ERR_NOTFOUND (err untouched) when the session's form was not submitted. */
int kc_rems_submission_get(struct kc_store *st, kc_id session, struct kc_rems_submission *out,
			   struct kc_err *err);
/* Every esketamine session a device was given in (a form is owed for each), oldest first,
 * with the patient and the submission if any; unsubmitted = 1 leaves out the submitted. */
struct kc_rems_form_row {
	kc_id session;
	char chart_no[32];
	char name[KC_NAME_MAX];
	time_t dose_start;
	int is_signed;
	struct kc_rems_submission sub;
};
int kc_rems_form_list(struct kc_store *st, int unsubmitted, struct kc_rems_form_row **rows, size_t *n,
		      struct kc_err *err);

/* ---------- the controlled-substance record (schema 9; kc_chart_stock_* checks the text) ----------
 * Ketamine and esketamine are Schedule III: stock received, drug drawn up for a session,
 * given (the dose events: esketamine devices by their lot, an IV infusion's mg by its start's
 * lot), wasted with a second clinician's witness, and physical counts. Nothing here is ever
 * changed or deleted but a waste's witness, set once, by another clinician. */

struct kc_stock_receipt {
	kc_id id;
	char product[16];        /* "ketamine", "esketamine" */
	char strength[64];       /* "28 mg nasal device", "50 mg/mL, 10 mL vial" */
	char lot[32];
	char expiry[11];         /* YYYY-MM-DD */
	int units;
	double mg_per_unit;
	char supplier[96];
	char received_on[11];
	time_t entered_at;
	char entered_by[KC_LOGIN_MAX];
};
/* A physician or an admin only (KC_ERR_DENIED, in the database itself too). r->id is set. */
int kc_stock_receive(struct kc_store *st, struct kc_stock_receipt *r, time_t now, struct kc_err *err);
int kc_stock_receipt_list(struct kc_store *st, struct kc_stock_receipt **rows, size_t *n, struct kc_err *err);

struct kc_drug_row {          /* drawn up, or wasted */
	kc_id id;
	kc_id session_id;
	char lot[32];
	double mg;
	char how[128];            /* waste: how it was disposed of */
	time_t at;                /* drawn up / wasted */
	time_t entered_at;
	char entered_by[KC_LOGIN_MAX];
	char witness[KC_LOGIN_MAX]; /* waste: "" while it waits for its witness */
	time_t witnessed_at;
};
/* Drug drawn up for an open or ended, unsigned session (KC_ERR_SIGNED once signed). */
int kc_drug_draw(struct kc_store *st, kc_id session, const char *lot, double mg, time_t at, time_t now,
		 kc_id *id, struct kc_err *err);
/* Drug wasted (how: the disposal), until the session is signed; it then waits for its witness. */
int kc_drug_waste(struct kc_store *st, kc_id session, const char *lot, double mg, const char *how, time_t at,
		  time_t now, kc_id *id, struct kc_err *err);
/* The actor witnesses waste id: refused (KC_ERR_DENIED) for the clinician who recorded it,
 * KC_ERR_INVALID once witnessed; allowed after the session's signature. */
int kc_drug_witness(struct kc_store *st, kc_id id, time_t now, struct kc_err *err);
int kc_drug_waste_get(struct kc_store *st, kc_id id, struct kc_drug_row *out, struct kc_err *err);
/* A session's rows (session 0: every session's; pending 1: only wastes waiting for a
 * witness), oldest first; free() *rows. */
int kc_drug_drawn_list(struct kc_store *st, kc_id session, struct kc_drug_row **rows, size_t *n,
		       struct kc_err *err);
int kc_drug_waste_list(struct kc_store *st, kc_id session, int pending, struct kc_drug_row **rows, size_t *n,
		       struct kc_err *err);

/* What was given from each lot, from the valid dose events: an esketamine device's mg under
 * its lot, an IV or IM session's given mg under its start's lot ("" when it named none), at
 * or after since (0: all). */
struct kc_given_lot {
	char product[16];
	char lot[32];
	double mg;
	long long events;
};
int kc_drug_given_by_lot(struct kc_store *st, time_t since, struct kc_given_lot **rows, size_t *n,
			 struct kc_err *err);

struct kc_stock_count {
	kc_id id;
	char product[16];
	char lot[32];
	double counted_mg, expected_mg, difference_mg; /* difference = counted - expected */
	char reason[KC_NOTE_MAX];
	time_t counted_at;
	char entered_by[KC_LOGIN_MAX];
};
/* A physical count with the record's figure at the time: a difference needs its reason and
 * stays recorded as a discrepancy; nothing is adjusted. c->id is set. */
int kc_stock_count_add(struct kc_store *st, struct kc_stock_count *c, time_t now, struct kc_err *err);
int kc_stock_count_list(struct kc_store *st, struct kc_stock_count **rows, size_t *n, struct kc_err *err);

/* ---------- audit ---------- */

struct kc_audit_row {
	kc_id id;
	time_t at;
	char who[KC_LOGIN_MAX];
	char tbl[32];
	kc_id row_id;
	char field[32];   /* "" for an insert (new holds the whole row) */
	char old_value[KC_NOTE_MAX];
	char new_value[1024];
};
/* Audit rows for a table ("" = all) and row (0 = all), oldest first. */
int kc_audit_list(struct kc_store *st, const char *table, kc_id row, struct kc_audit_row **rows,
		  size_t *n, struct kc_err *err);

/* ---------- integrity: the audit chain, rows against their audit, backup ----------
 * Schema 2 chains the audit: every audit row holds prev_hash (the hash of the row before
 * it; 64 '0's for the first row) and hash = kc_chain_hash() (kc_verify.h) of the nine
 * fields below, as lowercase hex text. A trigger fills both on every insert through the
 * SQL function kc_chain(), which exists only on ketchart's own connections; migration 2
 * chained the audit rows written before it. Judging what the scan returns is kc_verify's
 * job: the store only reads. */

#define KC_CHAIN_FIELDS 9 /* prev_hash, id, at, who, tbl, row_id, field, old_value, new_value */

struct kc_bytes {
	const void *p; /* NULL = SQL NULL */
	size_t n;
};

/* One audit row as stored: each field as SQLite renders it as text (an integer in
 * decimal), the same bytes kc_chain() saw when it hashed the row. */
struct kc_chain_row {
	kc_id id;
	struct kc_bytes f[KC_CHAIN_FIELDS];
	struct kc_bytes hash;
	/* What the row means, read in SQL for the replay of what only the program may do
	 * (kc_verify.h); NULL / 0 when the row does not say (or its JSON is not valid). */
	long long at;           /* f[2] as an integer */
	const char *bad_type;   /* the first audit column holding a type ketchart never
				 * writes there ("who holds a blob"), NULL if none */
	kc_id session;          /* the session the row belongs to (from its insert), 0 if none */
	const char *login;      /* clinician rows: the login of the clinician row */
	const char *item;       /* screening_answer inserts: the item */
	const char *role;       /* clinician: the role the row gives (insert or update) */
	int active;             /* clinician: the active flag it gives, -1 if it gives none */
	int ready;              /* discharge inserts: ready (1) or not (0), -1 otherwise */
	int overridden;         /* discharge inserts: an override reason is given */
};

enum kc_row_finding_kind {
	KC_ROW_UNAUDITED,  /* a row with no insert in the audit */
	KC_ROW_DELETED,    /* an insert in the audit whose row is gone */
	KC_ROW_REINSERTED, /* more than one insert in the audit for one row id */
	KC_ROW_CHANGED,    /* a column differs from what its insert and updates say */
	KC_ROW_OWED_MISSING, /* rems_owed lacks a session whose REMS form is owed (row_id: the session) */
	KC_ROW_OWED_EXTRA,   /* rems_owed lists a session whose form is not owed */
};

/* A clinical row (every table but audit) that disagrees with its audit rows. The row's
 * expected state is its (latest) insert's JSON with each column's latest later update
 * applied; values compare as text. */
struct kc_row_finding {
	enum kc_row_finding_kind kind;
	const char *table;
	kc_id row_id;
	const char *field;              /* CHANGED: the column */
	const char *current, *expected; /* CHANGED: as text; NULL = SQL NULL */
	kc_id audit_id;                 /* DELETED, REINSERTED: the latest insert's audit row */
	long long inserts;              /* how many inserts the audit holds for the row */
};

enum kc_schema_finding_kind {
	KC_SCHEMA_MISSING, /* a table, index or trigger of ours is gone */
	KC_SCHEMA_CHANGED, /* ... or its definition differs */
	KC_SCHEMA_EXTRA,   /* a trigger ketchart did not create */
};

/* The database's tables, indexes and triggers against a fresh database built by this
 * program's migrations. Extra tables and indexes are left alone; extra triggers are not. */
struct kc_schema_finding {
	enum kc_schema_finding_kind kind;
	const char *type, *name;
};

/* Called for every audit row in id order, then for every finding. Pointers are valid
 * only during the call. */
struct kc_scan_visitor {
	void *ctx;
	void (*chain)(void *ctx, const struct kc_chain_row *row);
	void (*row)(void *ctx, const struct kc_row_finding *f);
	void (*schema)(void *ctx, const struct kc_schema_finding *f);
	/* A value of a type its column never holds (a name stored as a BLOB), and a part of
	 * the scan SQLite could not run (what and why): findings, never a stop. */
	void (*type)(void *ctx, const char *table, kc_id row_id, const char *column, const char *type);
	void (*unreadable)(void *ctx, const char *what, const char *why);
};

/* Schema, audit rows and clinical rows, all read in one read transaction (one moment,
 * while others go on charting). */
int kc_store_scan(struct kc_store *st, const struct kc_scan_visitor *v, struct kc_err *err);

/* ---------- anchors: the chain head kept outside the database ----------
 * At every sign-off the chain head (the last audit row's id, the number of audit rows and
 * its hash) is appended as one line to an anchor file outside the database: the folder
 * "anchors" beside the database (for the shared /var/lib/ketchart/ketchart.db that is
 * /var/lib/ketchart/anchors, which clinicians cannot write; in single-user mode the XDG
 * data folder's anchors/), one file per database, named after the database's file name
 * and the hash of its full path. verify compares the chain with the latest line. */
struct kc_anchor {
	time_t at;        /* when it was written */
	kc_id row;        /* the audit row that was the head */
	long long rows;   /* the number of audit rows then */
	char hash[65];    /* that row's hash, lowercase hex */
	char file[4096];  /* the anchor file */
	int bad_lines;    /* lines that are not anchors (damaged or written by hand) */
};

/* The chain head now: the newest audit row's id (a->row), the number of audit rows
 * (a->rows) and its hash (a->hash, "" when the audit is empty); a->at and a->file are
 * left alone. */
int kc_store_head(struct kc_store *st, struct kc_anchor *a, struct kc_err *err);
/* The anchor file of st's database into out (whether or not it exists). */
int kc_store_anchor_path(struct kc_store *st, char *out, size_t n, struct kc_err *err);
/* Append the current chain head, written at now (creating the folder and file if need
 * be, with the database folder's group and modes, never following a symbolic link). */
int kc_store_anchor_record(struct kc_store *st, time_t now, struct kc_err *err);
/* The latest anchor; KC_ERR_NOTFOUND (out->file set, err untouched) when there is none. */
int kc_store_anchor_latest(struct kc_store *st, struct kc_anchor *out, struct kc_err *err);

/* PRAGMA integrity_check (quick = 0) or quick_check (quick = 1): KC_OK, or KC_ERR_CORRUPT
 * naming the first problem and what to do. Index damage counts: the chart must not be
 * trusted from a damaged file even where every table row still reads. */
int kc_store_integrity(struct kc_store *st, int quick, struct kc_err *err);

/* A consistent copy of the live database at path (SQLite's online backup: one read
 * snapshot, so other clinicians keep saving meanwhile). Refuses a path that exists
 * (KC_ERR_INVALID); creates the file 0600; removes it again on failure. *pages = pages
 * copied. */
int kc_store_backup(struct kc_store *st, const char *path, int *pages, struct kc_err *err);

/* The rows of each table a backup's copy is checked by (patient, session, vitals, audit,
 * then every other clinical table: store_backup.c). walk = 0: the quickest way (an index,
 * for the live database inside the copy's snapshot); walk = 1: through each table's own
 * pages, every one of them read (for the copy: a page that did not land, or was damaged
 * already, shows as KC_ERR_CORRUPT or as a different count). */
#define KC_COPY_TABLES 25
int kc_store_copy_rows(struct kc_store *st, int walk, long long n[KC_COPY_TABLES], struct kc_err *err);

#endif
