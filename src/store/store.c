/* store.c — opening the database (file modes, PRAGMAs, the audit functions, migrations),
 * closing it, and the small questions asked of it as a whole. */
#include "store_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kc_verify.h"

/* ---------- the file ---------- */

static int errno_fail(const char *what, const char *path, int e, struct kc_err *err)
{
	int status = KC_ERR_IO;

	if (e == EACCES || e == EPERM || e == EROFS)
		status = KC_ERR_READONLY;
	else if (e == ENOSPC || e == EDQUOT)
		status = KC_ERR_FULL;
	return kc_fail(err, status, "cannot %s %s: %s", what, path, strerror(e));
}

/* Every missing folder on the way gets mode (0700 unless the database is shared), and
 * group gid when it is not -1. */
static int make_parents(const char *path, mode_t mode, gid_t gid, struct kc_err *err)
{
	char *dir = strdup(path);
	int rc = KC_OK;

	if (!dir)
		return kc_fail(err, KC_ERR_NOMEM, "out of memory");
	for (char *p = strchr(dir + 1, '/'); p && rc == KC_OK; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(dir, mode) == 0) {
			if (gid != (gid_t)-1 && chown(dir, (uid_t)-1, gid) != 0)
				rc = errno_fail("give the group the folder", dir, errno, err);
			chmod(dir, mode); /* whatever the umask left */
		} else if (errno != EEXIST) {
			rc = errno_fail("create the folder", dir, errno, err);
		}
		*p = '/';
	}
	free(dir);
	return rc;
}

/* Created here, before sqlite sees it, so the file is 0600 from its first byte; sqlite
 * gives the -wal and -shm files the same mode. */
static int create_file(const char *path, struct kc_err *err)
{
	int fd, rc = make_parents(path, 0700, (gid_t)-1, err);

	if (rc != KC_OK)
		return rc;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EEXIST ? KC_OK : errno_fail("create the database", path, errno, err);
	if (fchmod(fd, 0600) != 0)
		rc = errno_fail("protect the database", path, errno, err);
	close(fd);
	return rc;
}

static int check_file(const char *path, struct kc_err *err)
{
	struct stat sb;

	if (stat(path, &sb) == 0)
		return KC_OK;
	if (errno == ENOENT)
		return kc_fail(err, KC_ERR_NOTFOUND,
			       "no database at %s (run 'ketchart init' or 'ketchart demo')", path);
	return errno_fail("open the database", path, errno, err);
}

/* The folder part of path ("." for a bare file name) in out. */
static void folder_of(const char *path, char *out, size_t n)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		kc_strlcpy(out, ".", n);
	else if (slash == path)
		kc_strlcpy(out, "/", n);
	else
		kc_strlcpy(out, path, (size_t)(slash - path) + 1 < n ? (size_t)(slash - path) + 1 : n);
}

/* Anyone who can write the file or its folder can alter the charts (or swap the file, or
 * plant its -wal file) unseen, and anyone who can read it reads every chart: refuse before
 * SQLite touches either. */
static int check_private(const char *path, struct kc_err *err)
{
	char dir[4096];
	struct stat sb;

	folder_of(path, dir, sizeof dir);
	if (stat(dir, &sb) == 0 && (sb.st_mode & S_IWOTH) && (sb.st_mode & S_ISVTX)) /* like /tmp */
		return kc_fail(err, KC_ERR_DENIED, "the database %s is in %s, a folder every user can "
			       "write: move it into a folder of its own (mkdir -m 700)", path, dir);
	if (stat(dir, &sb) == 0 && (sb.st_mode & S_IWOTH))
		return kc_fail(err, KC_ERR_DENIED, "the folder %s of the database can be written by "
			       "every user: run 'chmod o-w %s'", dir, dir);
	if (stat(path, &sb) == 0 && (sb.st_mode & S_IWOTH))
		return kc_fail(err, KC_ERR_DENIED, "the database %s can be written by every user: run "
			       "'chmod o-w %s'", path, path);
	if (stat(path, &sb) == 0 && (sb.st_mode & S_IROTH))
		return kc_fail(err, KC_ERR_DENIED, "the database %s can be read by every user: run "
			       "'chmod o-rwx %s'", path, path);
	return KC_OK;
}

/* The -wal and -shm files hold recent rows and take writes: one made by someone else, or
 * more open than the database, would leak or alter them. Each must be a plain file of the
 * database's owner and group with no permission the database lacks; in a shared folder
 * (setgid, closed to others) another clinician may have made it, for the group. */
static int check_side(const char *path, const struct stat *db, const char *suffix, struct kc_err *err)
{
	char side[4096 + 8], dir[4096];
	struct stat sb, ds;
	int shared;

	snprintf(side, sizeof side, "%s%s", path, suffix);
	if (lstat(side, &sb) != 0)
		return errno == ENOENT ? KC_OK : errno_fail("check", side, errno, err);
	folder_of(path, dir, sizeof dir);
	shared = stat(dir, &ds) == 0 && (ds.st_mode & S_ISGID) && !(ds.st_mode & S_IRWXO) &&
		 ds.st_gid == db->st_gid && (db->st_mode & S_IWGRP);
	if (!S_ISREG(sb.st_mode) || sb.st_nlink != 1)
		return kc_fail(err, KC_ERR_DENIED, "%s is not a plain file of its own (a link or a "
			       "device): ketchart will not use it; find out who made it and remove it "
			       "while nobody runs ketchart", side);
	if (sb.st_gid != db->st_gid || (sb.st_uid != db->st_uid && !shared))
		return kc_fail(err, KC_ERR_DENIED, "%s belongs to uid %ld, gid %ld, not to the database's "
			       "owner (uid %ld, gid %ld): someone else made it, and ketchart will not use it; "
			       "find out who, then remove it while nobody runs ketchart", side,
			       (long)sb.st_uid, (long)sb.st_gid, (long)db->st_uid, (long)db->st_gid);
	if (sb.st_mode & 0777 & ~(db->st_mode & 0777))
		return kc_fail(err, KC_ERR_DENIED, "%s has mode %04o, more open than the database's "
			       "%04o: ketchart will not use it; run 'chmod %04o %s'", side,
			       (unsigned)(sb.st_mode & 0777), (unsigned)(db->st_mode & 0777),
			       (unsigned)(db->st_mode & 0777), side);
	return KC_OK;
}

/* Checks on the file itself, not on a symbolic link to it: real is where it resolves. */
static int check_resolved(const char *path, char *real, struct kc_err *err)
{
	struct stat sb;
	int rc;

	if (!realpath(path, real))
		return errno_fail("open the database", path, errno, err);
	if (stat(real, &sb) != 0)
		return errno_fail("open the database", real, errno, err);
	if (!S_ISREG(sb.st_mode))
		return kc_fail(err, KC_ERR_INVALID, "%s is not a database file (not a plain file)", real);
	rc = check_private(real, err);
	if (rc == KC_OK)
		rc = check_side(real, &sb, "-wal", err);
	if (rc == KC_OK)
		rc = check_side(real, &sb, "-shm", err);
	return rc;
}

/* real (PATH_MAX bytes) receives the resolved path SQLite is to open. */
static int prepare_file(const char *path, int flags, char *real, struct kc_err *err)
{
	int rc;

	if (flags & KC_OPEN_CREATE) {
		rc = check_private(path, err); /* never create a file where it is not private */
		if (rc == KC_OK)
			rc = create_file(path, err);
	} else {
		rc = check_file(path, err);
	}
	return rc == KC_OK ? check_resolved(path, real, err) : rc;
}

/* ---------- the connection ---------- */

static void fn_now(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct kc_store *st = sqlite3_user_data(ctx);

	(void)argc;
	(void)argv;
	if (st->now) /* no time set: NULL, which the audit's NOT NULL refuses */
		sqlite3_result_int64(ctx, (sqlite3_int64)st->now);
	else
		sqlite3_result_null(ctx);
}

static void fn_actor(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct kc_store *st = sqlite3_user_data(ctx);

	(void)argc;
	(void)argv;
	sqlite3_result_text(ctx, st->actor, -1, SQLITE_TRANSIENT);
}

/* kc_chain(prev_hash, id, at, who, tbl, row_id, field, old_value, new_value): the audit
 * row's chain hash (kc_verify.h), over each value's text exactly as the check reads it.
 * An integer (the id, the time, the row's id) is written here as the check writes it
 * (kc_int_text): SQLite's own conversion stores the text in the value, an allocation and
 * a copy for each of three integers of every audit row. 0 with the hash in hex, or -1
 * with the error given to SQLite. */
static int chain_of(sqlite3_context *ctx, int argc, sqlite3_value **argv, char hex[KC_HASH_HEX])
{
	struct kc_bytes f[KC_CHAIN_FIELDS];
	char num[KC_CHAIN_FIELDS][KC_INT_TEXT];
	struct kc_err err;

	for (int i = 0; i < argc && i < KC_CHAIN_FIELDS; i++) {
		int type = sqlite3_value_type(argv[i]);

		f[i].p = NULL;
		f[i].n = 0;
		if (type == SQLITE_NULL)
			continue;
		if (type == SQLITE_INTEGER) {
			f[i].n = kc_int_text(sqlite3_value_int64(argv[i]), num[i]);
			f[i].p = num[i];
			continue;
		}
		f[i].p = sqlite3_value_text(argv[i]);
		if (!f[i].p) {
			sqlite3_result_error_nomem(ctx);
			return -1;
		}
		f[i].n = (size_t)sqlite3_value_bytes(argv[i]);
	}
	if (kc_chain_hash(f, hex, &err) != KC_OK) {
		sqlite3_result_error(ctx, err.msg, -1);
		return -1;
	}
	return 0;
}

static void fn_chain(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char hex[KC_HASH_HEX];

	if (chain_of(ctx, argc, argv, hex) == 0)
		sqlite3_result_text(ctx, hex, KC_HASH_HEX - 1, SQLITE_TRANSIENT);
}

/* kc_chain_link(...): kc_chain of the row audit_chain links (migration 22), kept while a
 * batch is open as the previous hash of the row after it (kc_chain_prev). */
static void fn_chain_link(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct kc_store *st = sqlite3_user_data(ctx);
	struct store_cache *c = &st->cache;
	char hex[KC_HASH_HEX];

	if (chain_of(ctx, argc, argv, hex) != 0)
		return;
	sqlite3_result_text(ctx, hex, KC_HASH_HEX - 1, SQLITE_TRANSIENT);
	if (c->on && sqlite3_value_type(argv[1]) == SQLITE_INTEGER) {
		c->link_id = sqlite3_value_int64(argv[1]);
		memcpy(c->link_hash, hex, sizeof c->link_hash);
	}
}

/* kc_chain_prev(id): the hash of the audit row before id, zeros if there is none or it
 * has none, as migration 2's subquery gave it. While a batch is open, the row linked last
 * is the row before id when its id is id - 1: this connection holds the write lock for the
 * whole batch, so every audit row since the batch began was linked here (audit_chain runs
 * for each insert), and a row is only ever removed by a rollback, after which SQLite gives
 * the next row an id no higher than the removed one's (the audit's ids are max + 1, never
 * reused upwards): a kept link whose id is id - 1 is the row now there. The batch's start
 * and end, and any rollback of an entry, drop what was kept. */
static void fn_chain_prev(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	static const char sql[] = "SELECT hash FROM audit WHERE id < ?1 ORDER BY id DESC LIMIT 1";
	struct kc_store *st = sqlite3_user_data(ctx);
	const struct store_cache *c = &st->cache;
	sqlite3_int64 id = sqlite3_value_int64(argv[0]);
	sqlite3_stmt *s;
	struct kc_err err;
	int rc;

	(void)argc;
	if (c->on && c->link_id && c->link_id == id - 1) {
		sqlite3_result_text(ctx, c->link_hash, KC_HASH_HEX - 1, SQLITE_TRANSIENT);
		return;
	}
	if (store_stmt(st, S_CHAIN_PREV, sql, &s, &err) != KC_OK) {
		sqlite3_result_error(ctx, err.msg, -1);
		return;
	}
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		sqlite3_result_value(ctx, sqlite3_column_value(s, 0));
	else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		sqlite3_result_text(ctx, ZERO_HASH, KC_HASH_HEX - 1, SQLITE_STATIC);
	else
		sqlite3_result_error(ctx, sqlite3_errmsg(st->db), -1);
	sqlite3_reset(s);
}

static int register_functions(struct kc_store *st, struct kc_err *err)
{
	int flags = SQLITE_UTF8 | SQLITE_INNOCUOUS;
	int rc = sqlite3_create_function(st->db, "kc_now", 0, flags, st, fn_now, NULL, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(st->db, "kc_actor", 0, flags, st, fn_actor, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(st->db, "kc_chain", KC_CHAIN_FIELDS,
					     flags | SQLITE_DETERMINISTIC, NULL, fn_chain, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(st->db, "kc_chain_link", KC_CHAIN_FIELDS, flags, st,
					     fn_chain_link, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(st->db, "kc_chain_prev", 1, flags, st, fn_chain_prev,
					     NULL, NULL);
	return rc == SQLITE_OK ? KC_OK : store_fail(st, rc, err);
}

static int exec_sql(struct kc_store *st, const char *sql, struct kc_err *err)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? KC_OK : store_fail(st, rc, err);
}

/* journal_mode answers with the mode it got: WAL lets readers work during a save. */
static int set_wal(struct kc_store *st, struct kc_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &s, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(s, 0), "wal") != 0)
		rc = kc_fail(err, KC_ERR_IO, "the database %s cannot use write-ahead logging "
			     "(journal mode stays '%s')", st->path, sqlite3_column_text(s, 0));
	else
		rc = rc == SQLITE_ROW ? KC_OK : store_fail(st, rc, err);
	sqlite3_finalize(s);
	return rc;
}

/* Before SQLite's first use in the process (a later call is refused, harmlessly): each
 * connection is used by one thread only (ketchart has no threads; its children fork
 * before they open their own), so SQLite need not lock a mutex around every step, column
 * and malloc — a tenth of the CPU of a save — and it need not count its memory, which
 * nothing here reads. */
void store_sqlite_config(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int open_db(struct kc_store *st, const char *real, struct kc_err *err)
{
	int rc;

	store_sqlite_config();
	rc = sqlite3_open_v2(real, &st->db, SQLITE_OPEN_READWRITE, NULL);

	if (rc != SQLITE_OK)
		return store_fail(st, rc, err);
	/* A write-protected file opens read-only without complaint; say so now, not at the
	 * first entry. */
	if (sqlite3_db_readonly(st->db, "main") == 1)
		return kc_fail(err, KC_ERR_READONLY, "the database %s is read-only (check its "
			       "permissions: ketchart must be able to write it)", st->path);
	sqlite3_extended_result_codes(st->db, 1);
	store_busy_install(st);
	rc = set_wal(st, err);
	if (rc == KC_OK)
		rc = exec_sql(st, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL", err);
	if (rc == KC_OK)
		rc = register_functions(st, err);
	return rc;
}

/* The training mark: set it when asked (KC_OPEN_TRAINING), then read it. */
static int read_training(struct kc_store *st, int mark, struct kc_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = SQLITE_OK;

	if (mark)
		rc = sqlite3_exec(st->db, "INSERT OR IGNORE INTO training (id, marked_at) VALUES "
				  "(1, CAST(strftime('%s', 'now') AS INTEGER))", NULL, NULL, NULL);
	if (rc != SQLITE_OK && strstr(sqlite3_errmsg(st->db), STORE_TRAINING_NEW_MSG))
		return kc_fail(err, KC_ERR_INVALID, "the database %s already holds patients: a training "
			       "database is always made new (a real record never becomes one)", st->path);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(st->db, "SELECT count(*) FROM training", -1, &s, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		st->training = sqlite3_column_int(s, 0) > 0;
		rc = SQLITE_OK;
	}
	rc = rc == SQLITE_OK ? KC_OK : store_fail(st, rc, err);
	sqlite3_finalize(s);
	return rc;
}

int kc_store_training(const struct kc_store *st)
{
	return st->training;
}

int kc_store_open(struct kc_store **out, const char *path, int flags, const char *actor,
		  struct kc_err *err)
{
	char real[PATH_MAX];
	struct kc_store *st;
	int rc;

	*out = NULL;
	if (!path || !*path)
		return kc_fail(err, KC_ERR_INVALID, "no database path given");
	rc = store_check_text("the clinician's login", actor, KC_LOGIN_MAX, 1, err);
	if (rc == KC_OK)
		rc = prepare_file(path, flags, real, err);
	if (rc != KC_OK)
		return rc;
	st = calloc(1, sizeof *st);
	if (!st || !(st->path = strdup(path))) {
		free(st);
		return kc_fail(err, KC_ERR_NOMEM, "out of memory opening %s", path);
	}
	kc_strlcpy(st->actor, actor, sizeof st->actor);
	st->anchor_fd = -1;
	rc = open_db(st, real, err);
	if (rc == KC_ERR_READONLY && (flags & KC_OPEN_READ_OK))
		rc = store_open_readonly(st, err);
	if (rc == KC_OK)
		rc = store_migrate(st, err);
	if (rc == KC_OK)
		rc = store_first_admin(st, err);
	if (rc == KC_OK)
		rc = read_training(st, flags & KC_OPEN_TRAINING, err);
	if (rc == KC_OK && (flags & KC_OPEN_SHARED))
		rc = store_anchor_open(st, err);
	if (rc == KC_ERR_FULL) /* at the start nothing was entered: say what it means here */
		kc_fail(err, rc, "the disk is full: the database %s cannot be opened until some space "
			"is freed (nothing was entered or changed)", path);
	if (rc != KC_OK) {
		kc_store_close(st);
		return rc;
	}
	*out = st;
	return KC_OK;
}

int store_open_scratch(struct kc_store **out, struct kc_err *err)
{
	struct kc_store *st = calloc(1, sizeof *st);
	int rc;

	*out = NULL;
	if (!st || !(st->path = strdup(":memory:"))) {
		free(st);
		return kc_fail(err, KC_ERR_NOMEM, "out of memory");
	}
	st->anchor_fd = -1;
	store_sqlite_config();
	rc = sqlite3_open_v2(st->path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL);
	rc = rc == SQLITE_OK ? register_functions(st, err) : store_fail(st, rc, err);
	if (rc == KC_OK)
		rc = store_migrate(st, err);
	if (rc != KC_OK) {
		kc_store_close(st);
		return rc;
	}
	*out = st;
	return KC_OK;
}

void kc_store_close(struct kc_store *st)
{
	if (!st)
		return;
	for (int i = 0; i < S_N; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close_v2(st->db);
	if (st->anchor_fd >= 0)
		close(st->anchor_fd);
	free(st->path);
	free(st);
}

void kc_store_set_busy_timeout(struct kc_store *st, int ms)
{
	st->wait_max_ms = ms;
	store_busy_install(st);
}

void kc_store_set_wait_hook(struct kc_store *st, kc_store_wait_fn fn, void *ctx)
{
	st->wait_fn = fn;
	st->wait_ctx = ctx;
}

int kc_store_migrations_applied(const struct kc_store *st)
{
	return st->migrations;
}

const char *kc_store_actor(const struct kc_store *st)
{
	return st->actor;
}

const char *kc_store_path(const struct kc_store *st)
{
	return st->path;
}

int store_read_count(sqlite3_stmt *s, void *out, struct kc_err *err)
{
	(void)err;
	*(long long *)out = sqlite3_column_int64(s, 0);
	return KC_OK;
}
#define read_int64 store_read_count

int kc_store_user_version(struct kc_store *st, int *version, struct kc_err *err)
{
	sqlite3_stmt *s;
	long long v = 0;
	int rc = store_stmt(st, S_USER_VERSION, "PRAGMA user_version", &s, err);

	if (rc == KC_OK)
		rc = store_one(st, s, read_int64, &v, err);
	*version = (int)v;
	return rc == KC_ERR_NOTFOUND ? kc_fail(err, KC_ERR_CORRUPT, "no schema version") : rc;
}

/* A table name cannot be a bound value, so each table has its own branch (never SQL
 * text built from the name). */
static const char count_sql[] =
	"SELECT CASE ?1"
	" WHEN 'clinician' THEN (SELECT count(*) FROM clinician)"
	" WHEN 'patient' THEN (SELECT count(*) FROM patient)"
	" WHEN 'weight' THEN (SELECT count(*) FROM weight)"
	" WHEN 'session' THEN (SELECT count(*) FROM session)"
	" WHEN 'screening_answer' THEN (SELECT count(*) FROM screening_answer)"
	" WHEN 'vitals' THEN (SELECT count(*) FROM vitals)"
	" WHEN 'observation' THEN (SELECT count(*) FROM observation)"
	" WHEN 'dose_event' THEN (SELECT count(*) FROM dose_event)"
	" WHEN 'discharge' THEN (SELECT count(*) FROM discharge)"
	" WHEN 'addendum' THEN (SELECT count(*) FROM addendum)"
	" WHEN 'amendment' THEN (SELECT count(*) FROM amendment)"
	" WHEN 'session_hold' THEN (SELECT count(*) FROM session_hold)"
	" WHEN 'drafts' THEN (SELECT count(*) FROM drafts)"
	" WHEN 'audit' THEN (SELECT count(*) FROM audit) END";

static int read_count(sqlite3_stmt *s, void *out, struct kc_err *err)
{
	if (sqlite3_column_type(s, 0) == SQLITE_NULL)
		return KC_ERR_NOTFOUND;
	return read_int64(s, out, err);
}

int kc_store_count(struct kc_store *st, const char *table, long long *n, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_COUNT_ROWS, count_sql, &s, err);

	*n = 0;
	if (rc != KC_OK)
		return rc;
	store_bind_text(s, 1, table);
	rc = store_one(st, s, read_count, n, err);
	if (rc == KC_ERR_NOTFOUND)
		return kc_fail(err, KC_ERR_INVALID, "no table named '%s'", table ? table : "");
	return rc;
}

int kc_store_data_version(struct kc_store *st, long long *v, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_DATA_VERSION, "PRAGMA data_version", &s, err);

	*v = 0;
	if (rc == KC_OK)
		rc = store_one(st, s, read_int64, v, err);
	return rc == KC_ERR_NOTFOUND ? kc_fail(err, KC_ERR_IO, "no data version") : rc;
}

int kc_store_changed(struct kc_store *st, struct kc_store_seen *seen)
{
	struct kc_err err;
	long long v = 0, own;

	kc_err_clear(&err);
	if (kc_store_data_version(st, &v, &err) != KC_OK) {
		seen->valid = 0;
		return 1;
	}
	/* This connection's own writes: rows it changed (a rolled-back one too: one more look). */
	own = sqlite3_total_changes64(st->db);
	if (seen->valid && v == seen->data_version && own == seen->commits)
		return 0;
	seen->data_version = v;
	seen->commits = own;
	seen->valid = 1;
	return 1;
}

void kc_store_seen_reset(struct kc_store_seen *seen)
{
	seen->valid = 0;
}

/* The plan of each cached statement, from its own SQL text (sqlite3_sql), so what is
 * judged is what runs. */
int kc_store_plans(struct kc_store *st, kc_store_plan_fn fn, void *ctx, struct kc_err *err)
{
	int rc = SQLITE_OK;

	for (int i = 0; i < S_N && rc == SQLITE_OK; i++) {
		const char *sql = st->stmt[i] ? sqlite3_sql(st->stmt[i]) : NULL;
		char *eqp;
		sqlite3_stmt *s = NULL;

		if (!sql || strncmp(sql, "PRAGMA", 6) == 0)
			continue;
		eqp = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
		if (!eqp)
			return kc_fail(err, KC_ERR_NOMEM, "out of memory");
		rc = sqlite3_prepare_v2(st->db, eqp, -1, &s, NULL);
		sqlite3_free(eqp);
		if (rc == SQLITE_OK)
			while ((rc = sqlite3_step(s)) == SQLITE_ROW)
				fn(ctx, sql, (const char *)sqlite3_column_text(s, 3));
		sqlite3_finalize(s);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	return rc == SQLITE_OK ? KC_OK : store_fail(st, rc, err);
}

/* ---------- audit ---------- */

static int read_audit(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_audit_row *a = row;

	(void)err;
	a->id = sqlite3_column_int64(s, 0);
	a->at = store_col_time(s, 1);
	store_col_text(s, 2, a->who, sizeof a->who);
	store_col_text(s, 3, a->tbl, sizeof a->tbl);
	a->row_id = sqlite3_column_int64(s, 4);
	store_col_text(s, 5, a->field, sizeof a->field);
	store_col_text(s, 6, a->old_value, sizeof a->old_value);
	store_col_text(s, 7, a->new_value, sizeof a->new_value);
	return KC_OK;
}

#define AUDIT_COLS "id, at, who, tbl, row_id, field, old_value, new_value"

int kc_audit_list(struct kc_store *st, const char *table, kc_id row, struct kc_audit_row **rows,
		  size_t *n, struct kc_err *err)
{
	sqlite3_stmt *s;
	/* One row's audit (the report's) has its own statement: the "?1 = '' OR" form keeps
	 * SQLite off audit_row, a scan of the whole audit for each report. */
	int rc = table && table[0] && row
		? store_stmt(st, S_AUDIT_ROW, "SELECT " AUDIT_COLS " FROM audit WHERE tbl = ?1"
			     " AND row_id = ?2 ORDER BY id", &s, err)
		: store_stmt(st, S_AUDIT_LIST, "SELECT " AUDIT_COLS " FROM audit"
			     " WHERE (?1 = '' OR tbl = ?1) AND (?2 = 0 OR row_id = ?2) ORDER BY id", &s, err);

	*rows = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	store_bind_text(s, 1, table);
	sqlite3_bind_int64(s, 2, row);
	return store_list(st, s, sizeof **rows, read_audit, (void **)rows, n, err);
}

/* ---------- names ---------- */

static const char *const dose_kind_names[KC_DOSE_COUNT] = {
	[KC_DOSE_START] = "start", [KC_DOSE_PAUSE] = "pause", [KC_DOSE_RESUME] = "resume",
	[KC_DOSE_RATE] = "rate",   [KC_DOSE_STOP] = "stop",   [KC_DOSE_DEVICE] = "device",
};

static const char *const eie_names[] = {
	[KC_EIE_NONE] = "",
	[KC_EIE_WRONG_TIME] = "wrong time",
	[KC_EIE_WRONG_VALUE] = "wrong value",
	[KC_EIE_WRONG_PATIENT] = "wrong patient",
	[KC_EIE_INVALID] = "invalid",
};

static const char *const role_names[] = {
	[KC_ROLE_NURSE] = "nurse", [KC_ROLE_PHYSICIAN] = "physician", [KC_ROLE_ADMIN] = "admin",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *name_of(const char *const *names, size_t n, int i)
{
	return i >= 0 && (size_t)i < n ? names[i] : "?";
}

static int index_of(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

const char *kc_dose_kind_name(enum kc_dose_kind k)
{
	return name_of(dose_kind_names, COUNT(dose_kind_names), (int)k);
}

int kc_dose_kind_from_name(const char *s, enum kc_dose_kind *out)
{
	int i = index_of(dose_kind_names, COUNT(dose_kind_names), s);

	if (i < 0)
		return KC_ERR_INVALID;
	*out = (enum kc_dose_kind)i;
	return KC_OK;
}

const char *kc_eie_name(enum kc_error_code c)
{
	return name_of(eie_names, COUNT(eie_names), (int)c);
}

int kc_eie_from_name(const char *s, enum kc_error_code *out)
{
	int i = index_of(eie_names, COUNT(eie_names), s);

	if (i < 0)
		return KC_ERR_INVALID;
	*out = (enum kc_error_code)i;
	return KC_OK;
}

const char *kc_role_name(enum kc_role r)
{
	return name_of(role_names, COUNT(role_names), (int)r);
}

int kc_role_from_name(const char *s, enum kc_role *out)
{
	int i = index_of(role_names, COUNT(role_names), s);

	if (i < 0)
		return KC_ERR_INVALID;
	*out = (enum kc_role)i;
	return KC_OK;
}
