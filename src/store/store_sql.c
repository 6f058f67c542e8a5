/* store_sql.c — the store's plumbing: errors, cached statements, transactions, binding. */
#include "store_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kc_text.h"

/* A text that store_bind_text refused: the statement it was bound to steps no more until
 * it is prepared or reset again (store_stmt), and says why. One slot is enough: every
 * entry binds and steps one statement at a time, on one thread. */
static struct {
	sqlite3_stmt *s;
	char msg[KC_MSG_MAX];
} refused;

static int refused_step(sqlite3_stmt *s, struct kc_err *err)
{
	if (!s || refused.s != s)
		return KC_OK;
	refused.s = NULL;
	return kc_fail(err, KC_ERR_INVALID, "%s", refused.msg);
}

/* sqlite3_errmsg is only about rc when the connection's last error is rc (a step that a
 * test fakes, or an error already cleared, leaves "not an error" behind). */
static const char *sql_msg(struct kc_store *st, int rc)
{
	if (st && st->db && sqlite3_errcode(st->db) == rc)
		return sqlite3_errmsg(st->db);
	return sqlite3_errstr(rc);
}

static int constraint_fail(const char *msg, struct kc_err *err)
{
	if (strstr(msg, STORE_SIGNED_MSG))
		return kc_fail(err, KC_ERR_SIGNED, "%s", STORE_SIGNED_MSG);
	if (strstr(msg, STORE_AMEND_ROLE_MSG))
		return kc_fail(err, KC_ERR_DENIED, "%s", STORE_AMEND_ROLE_MSG);
	return kc_fail(err, KC_ERR_INVALID, "the database refused the entry: %s", msg);
}

/* An I/O error whose cause the operating system knows: a full disk (often while creating
 * the -shm/-wal file at open) or a read-only file system say so plainly. */
static int io_fail(struct kc_store *st, const char *path, const char *msg, struct kc_err *err)
{
	int os = st && st->db ? sqlite3_system_errno(st->db) : 0;

	if (os == ENOSPC || os == EDQUOT)
		return kc_fail(err, KC_ERR_FULL, "the disk is full: the entry was NOT saved (%s: %s)", path,
			       strerror(os));
	if (os == EROFS)
		return kc_fail(err, KC_ERR_READONLY, "the database %s is on a read-only file system; "
			       "nothing was saved", path);
	return kc_fail(err, KC_ERR_IO, "cannot read or write the database %s (%s)", path, msg);
}

int store_fail(struct kc_store *st, int rc, struct kc_err *err)
{
	const char *msg = sql_msg(st, rc);
	const char *path = st && st->path ? st->path : "?";

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return kc_fail(err, KC_ERR_BUSY, "the database is busy (another clinician is saving); "
			       "nothing was saved — try again (waited %d s: %s)",
			       st && st->wait_max_ms ? st->wait_max_ms / 1000 : KC_STORE_WAIT_MS / 1000, msg);
	case SQLITE_READONLY:
		return kc_fail(err, KC_ERR_READONLY, "the database %s cannot be written (%s); "
			       "nothing was saved", path, msg);
	case SQLITE_FULL:
		return kc_fail(err, KC_ERR_FULL, "the disk is full: the entry was NOT saved (%s: %s)",
			       path, msg);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return kc_fail(err, KC_ERR_CORRUPT, "the database %s is damaged or not a ketchart "
			       "database (%s): stop charting in it and restore the latest backup "
			       "(made with 'ketchart backup')", path, msg);
	case SQLITE_CONSTRAINT:
		return constraint_fail(msg, err);
	case SQLITE_NOMEM:
		return kc_fail(err, KC_ERR_NOMEM, "out of memory (%s)", msg);
	default: /* IOERR, CANTOPEN and anything unexpected */
		return io_fail(st, path, msg, err);
	}
}

int store_stmt(struct kc_store *st, enum store_stmt id, const char *sql, sqlite3_stmt **out,
	       struct kc_err *err)
{
	sqlite3_stmt **slot = &st->stmt[id];
	int rc;

	*out = NULL;
	if (*slot && refused.s == *slot)
		refused.s = NULL;
	if (*slot) {
		sqlite3_reset(*slot);
		sqlite3_clear_bindings(*slot);
		*out = *slot;
		return KC_OK;
	}
	rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL);
	if (rc != SQLITE_OK) {
		rc = store_fail(st, rc, err);
		sqlite3_finalize(*slot);
		*slot = NULL;
		return rc;
	}
	*out = *slot;
	return KC_OK;
}

int store_run(struct kc_store *st, sqlite3_stmt *s, struct kc_err *err)
{
	int rc = refused_step(s, err);

	if (rc != KC_OK) {
		sqlite3_reset(s);
		return rc;
	}
	rc = sqlite3_step(s);

	rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? KC_OK : store_fail(st, rc, err);
	sqlite3_reset(s);
	return rc;
}

int store_one(struct kc_store *st, sqlite3_stmt *s, store_reader rd, void *out, struct kc_err *err)
{
	int rc = refused_step(s, err);

	if (rc != KC_OK) {
		sqlite3_reset(s);
		return rc;
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		rc = rd(s, out, err);
	else if (rc == SQLITE_DONE)
		rc = KC_ERR_NOTFOUND;
	else
		rc = store_fail(st, rc, err);
	sqlite3_reset(s);
	return rc;
}

static int grow(void **rows, size_t *cap, size_t n, size_t size)
{
	size_t want = *cap ? *cap * 2 : 8;
	void *p;

	if (n < *cap)
		return KC_OK;
	p = realloc(*rows, want * size);
	if (!p)
		return KC_ERR_NOMEM;
	*rows = p;
	*cap = want;
	return KC_OK;
}

int store_list(struct kc_store *st, sqlite3_stmt *s, size_t size, store_reader rd, void **rows,
	       size_t *n, struct kc_err *err)
{
	void *all = NULL;
	size_t cap = 0, got = 0;
	int rc = refused_step(s, err);

	if (rc != KC_OK)
		goto out;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (grow(&all, &cap, got, size) != KC_OK) {
			rc = kc_fail(err, KC_ERR_NOMEM, "out of memory reading the chart");
			goto out;
		}
		memset((char *)all + got * size, 0, size);
		rc = rd(s, (char *)all + got * size, err);
		if (rc != KC_OK)
			goto out;
		got++;
	}
	rc = rc == SQLITE_DONE ? KC_OK : store_fail(st, rc, err);
out:
	sqlite3_reset(s);
	if (rc != KC_OK) {
		free(all);
		all = NULL;
		got = 0;
	}
	*rows = all;
	*n = got;
	return rc;
}

int store_each(struct kc_store *st, sqlite3_stmt *s, void *row, size_t size, store_reader rd, store_row_fn fn,
	       void *ctx, struct kc_err *err)
{
	int step = SQLITE_DONE;
	int rc = refused_step(s, err);

	while (rc == KC_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
		memset(row, 0, size);
		rc = rd(s, row, err);
		if (rc == KC_OK)
			rc = fn(ctx, row, err);
	}
	if (rc == KC_OK && step != SQLITE_DONE)
		rc = store_fail(st, step, err);
	sqlite3_reset(s);
	return rc;
}

/* ---------- transactions ---------- */

static int step_tx(struct kc_store *st, enum store_stmt id, const char *sql, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, id, sql, &s, err);

	return rc ? rc : store_run(st, s, err);
}

int store_begin(struct kc_store *st, time_t now, struct kc_err *err)
{
	st->now = now;
	if (st->batch)
		return step_tx(st, S_SAVEPOINT, "SAVEPOINT entry", err);
	return step_tx(st, S_BEGIN, "BEGIN IMMEDIATE", err);
}

int store_begin_read(struct kc_store *st, struct kc_err *err)
{
	if (st->batch || st->snapshot)
		return step_tx(st, S_SAVEPOINT, "SAVEPOINT entry", err);
	return step_tx(st, S_BEGIN_READ, "BEGIN", err);
}

int store_end(struct kc_store *st, int rc, struct kc_err *err)
{
	struct kc_err ignored;

	/* In a batch the entry is a savepoint: a refused one is undone alone (and in a
	 * snapshot a read is one, so the snapshot goes on). */
	if ((st->batch || st->snapshot) && !sqlite3_get_autocommit(st->db)) {
		if (rc != KC_OK) {
			step_tx(st, S_ROLLBACK_TO, "ROLLBACK TO entry", &ignored);
			store_cache_forget(st);
		}
		int released = step_tx(st, S_RELEASE, "RELEASE entry", rc == KC_OK ? err : &ignored);

		return rc == KC_OK ? released : rc;
	}
	if (rc == KC_OK)
		rc = step_tx(st, S_COMMIT, "COMMIT", err);
	/* A failed COMMIT (or a disk-full step) may already have rolled back on its own. */
	if (rc != KC_OK && !sqlite3_get_autocommit(st->db))
		step_tx(st, S_ROLLBACK, "ROLLBACK", &ignored);
	return rc;
}

int kc_store_batch_begin(struct kc_store *st, time_t now, struct kc_err *err)
{
	int rc;

	if (st->batch)
		return kc_fail(err, KC_ERR_INVALID, "a batch of entries is already open");
	st->now = now;
	/* Each entry of a batch is a SAVEPOINT, whose statement journal (the pages as they were
	 * before the entry, to undo a refused one alone) SQLite spills to a temporary file past
	 * 64 KiB: hundreds of writes a session. In memory it is the same journal without the
	 * file; it only ever undoes an entry inside this process (a crash rolls the whole
	 * uncommitted batch back through the WAL), so durability is unchanged. A larger page
	 * cache (64 MiB) keeps a batch's pages out of the WAL until its commit. Neither touches
	 * synchronous or the journal mode: a batch commits as durably as any entry. */
	rc = step_tx(st, S_BATCH_TEMP, "PRAGMA temp_store = MEMORY", err);
	if (rc == KC_OK)
		rc = step_tx(st, S_BATCH_CACHE, "PRAGMA cache_size = -65536", err);
	/* The system SQLite zeroes whatever a write frees (SQLITE_SECURE_DELETE): every audit
	 * row, rewritten once its chain hash is set, cleared its old cell first. A training
	 * database holds no one's record, so its free space need not be wiped; the rows
	 * written are the same. */
	if (rc == KC_OK && st->training && sqlite3_exec(st->db, "PRAGMA secure_delete = OFF", NULL, NULL, NULL) != SQLITE_OK)
		rc = store_fail(st, sqlite3_errcode(st->db), err);
	if (rc == KC_OK)
		rc = step_tx(st, S_BEGIN, "BEGIN IMMEDIATE", err);
	st->batch = rc == KC_OK;
	if (st->batch)
		store_cache_start(st);
	return rc;
}

int kc_store_batch_open(const struct kc_store *st)
{
	return st->batch;
}

int kc_store_batch_end(struct kc_store *st, int rc, struct kc_err *err)
{
	if (!st->batch)
		return rc == KC_OK ? kc_fail(err, KC_ERR_INVALID, "no batch of entries is open") : rc;
	st->batch = 0;
	store_cache_stop(st);
	return store_end(st, rc, err);
}

int kc_store_snapshot_begin(struct kc_store *st, struct kc_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (st->batch || st->snapshot)
		return kc_fail(err, KC_ERR_INVALID, "a snapshot is taken outside any other transaction");
	rc = step_tx(st, S_BEGIN_READ, "BEGIN", err);
	if (rc != KC_OK)
		return rc;
	/* A deferred BEGIN takes its snapshot at the first read: take it now. */
	rc = sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_schema", -1, &s, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s) == SQLITE_ROW ? SQLITE_OK : sqlite3_errcode(st->db);
	sqlite3_finalize(s);
	if (rc != SQLITE_OK)
		return store_end(st, store_fail(st, rc, err), err);
	st->snapshot = 1;
	return KC_OK;
}

int kc_store_snapshot_end(struct kc_store *st, int rc, struct kc_err *err)
{
	if (!st->snapshot)
		return rc == KC_OK ? kc_fail(err, KC_ERR_INVALID, "no snapshot is open") : rc;
	st->snapshot = 0;
	return store_end(st, rc, err);
}

/* A read that goes through the record once reads each page about once, and again only the
 * few it passes on every step (the B-trees' upper levels, the table's current page).
 * SQLite's default cache (2 MiB) kept the rest too, pages never read again: a small
 * history's export touched less than that, a big one's filled it, so the process grew
 * with the history (issue 10). Half a megabyte holds what is read again: the export's
 * CPU at 50,000 sessions is the same. */
int kc_store_stream_cache(struct kc_store *st, int on, struct kc_err *err)
{
	char sql[48];
	sqlite3_stmt *s;
	int rc;

	if (on == st->streaming)
		return KC_OK;
	if (on) {
		rc = sqlite3_prepare_v2(st->db, "PRAGMA cache_size", -1, &s, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(s) == SQLITE_ROW ? SQLITE_OK : sqlite3_errcode(st->db);
		if (rc == SQLITE_OK)
			st->cache_was = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
		if (rc != SQLITE_OK)
			return store_fail(st, rc, err);
	}
	snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", on ? -KC_STREAM_CACHE_KIB : st->cache_was);
	rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, err);
	st->streaming = on;
	return KC_OK;
}

/* ---------- binding and reading ---------- */

/* Plain printable ASCII is already what the rule would store. */
static int plain_ascii(const char *t)
{
	for (; *t; t++)
		if ((unsigned char)*t < 0x20 || (unsigned char)*t > 0x7e)
			return 0;
	return 1;
}

/* Every text the store writes passes here (kc_text.h): normalised to NFC, or refused, in
 * which case the statement will not step (store_run, store_one, store_list say why). The
 * named checks (store_check_text) come first, so this is what nothing escapes, not what a
 * clinician normally reads. Newlines and tabs pass here: which fields take them is
 * store_check_text's call. */
void store_bind_text(sqlite3_stmt *s, int i, const char *t)
{
	static char buf[8192];
	struct kc_err err;

	t = t ? t : "";
	if (plain_ascii(t)) {
		sqlite3_bind_text(s, i, t, -1, SQLITE_STATIC);
		return;
	}
	if (kc_text_clean("a text of this entry", t, KC_TEXT_LINES, buf, sizeof buf, &err) != KC_OK) {
		refused.s = s;
		kc_strlcpy(refused.msg, err.msg, sizeof refused.msg);
		sqlite3_bind_null(s, i);
		return;
	}
	sqlite3_bind_text(s, i, buf, -1, SQLITE_TRANSIENT);
}

void store_bind_time(sqlite3_stmt *s, int i, time_t t)
{
	if (t)
		sqlite3_bind_int64(s, i, (sqlite3_int64)t);
	else
		sqlite3_bind_null(s, i);
}

void store_bind_id(sqlite3_stmt *s, int i, kc_id id)
{
	if (id)
		sqlite3_bind_int64(s, i, id);
	else
		sqlite3_bind_null(s, i);
}

void store_bind_opt(sqlite3_stmt *s, int i, int v)
{
	if (v == KC_NONE)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int(s, i, v);
}

void store_bind_flag(sqlite3_stmt *s, int i, int v)
{
	sqlite3_bind_int(s, i, v != 0);
}

void store_col_text(sqlite3_stmt *s, int i, char *dst, size_t n)
{
	kc_strlcpy(dst, (const char *)sqlite3_column_text(s, i), n);
}

time_t store_col_time(sqlite3_stmt *s, int i)
{
	return (time_t)sqlite3_column_int64(s, i); /* NULL reads as 0 */
}

int store_col_opt(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? KC_NONE : sqlite3_column_int(s, i);
}

/* Refuse rather than truncate: a clipped clinical note would change its meaning. The text
 * rule (kc_text.h) names the field; notes (fields of a note's size or more) may hold
 * newlines and tabs, nothing else may. The length counted is the stored (NFC) one. */
int store_check_text(const char *what, const char *s, size_t max, int required, struct kc_err *err)
{
	size_t len = s ? strlen(s) : 0;
	char *nfc;
	int rc;

	if (required && strspn(s ? s : "", " \t") == len)
		return kc_fail(err, KC_ERR_INVALID, "%s is required", what);
	if (plain_ascii(s ? s : "")) {
		if (len >= max)
			return kc_fail(err, KC_ERR_INVALID, "%s is too long (%zu characters, at most "
				       "%zu): shorten it; nothing was cut", what, len, max - 1);
		return KC_OK;
	}
	nfc = malloc(max);
	if (!nfc)
		return kc_fail(err, KC_ERR_NOMEM, "out of memory checking %s", what);
	rc = kc_text_clean(what, s, max >= KC_NOTE_MAX ? KC_TEXT_LINES : 0, nfc, max, err);
	free(nfc);
	return rc;
}

/* ---------- waiting for another clinician's save ---------- */

static long long monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Who holds the write lock: in WAL mode the writer locks byte 120 of the -shm file
 * (SQLite's WAL_WRITE_LOCK); F_GETLK names its process, /proc its real user. */
static void lock_holder(const struct kc_store *st, char *out, size_t n)
{
	char shm[4200], proc[64], line[128];
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 120, .l_len = 1 };
	struct passwd *pw;
	FILE *f;
	long uid = -1;
	int fd;

	kc_strlcpy(out, "another clinician", n);
	snprintf(shm, sizeof shm, "%s-shm", st->path);
	fd = open(shm, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return;
	if (fcntl(fd, F_GETLK, &fl) != 0 || fl.l_type == F_UNLCK || fl.l_pid <= 0) {
		close(fd);
		return;
	}
	close(fd);
	snprintf(proc, sizeof proc, "/proc/%ld/status", (long)fl.l_pid);
	f = fopen(proc, "re");
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "Uid: %ld", &uid) == 1)
			break;
	if (f)
		fclose(f);
	pw = uid >= 0 ? getpwuid((uid_t)uid) : NULL;
	if (pw)
		snprintf(out, n, "%s (pid %ld)", pw->pw_name, (long)fl.l_pid);
	else
		snprintf(out, n, "process %ld", (long)fl.l_pid);
}

/* Short sleeps first (most saves take milliseconds), then 50 ms steps; give up after
 * wait_max_ms. The hook hears of it after a second, then about once a second. */
static int busy_wait(void *p, int count)
{
	static const int steps[] = { 1, 2, 5, 10, 15, 20, 25, 25, 25, 50 };
	struct kc_store *st = p;
	long long now = monotonic_ms();
	int waited, step = count < (int)(sizeof steps / sizeof steps[0]) ? steps[count] : 50;
	char holder[96];

	if (count == 0) {
		st->wait_start_ms = now;
		st->wait_told_ms = 0;
	}
	waited = (int)(now - st->wait_start_ms);
	if (waited >= st->wait_max_ms)
		return 0;
	if (st->wait_fn && waited >= 1000 && waited - st->wait_told_ms >= 1000) {
		st->wait_told_ms = waited;
		lock_holder(st, holder, sizeof holder);
		st->wait_fn(st->wait_ctx, holder, waited);
	}
	if (step > st->wait_max_ms - waited)
		step = st->wait_max_ms - waited;
	sqlite3_sleep(step);
	return 1;
}

void store_busy_install(struct kc_store *st)
{
	if (st->wait_max_ms <= 0)
		st->wait_max_ms = KC_STORE_WAIT_MS;
	sqlite3_busy_handler(st->db, busy_wait, st);
}
