/* store_backup.c — a consistent copy of the live database with SQLite's online backup.
 * One backup step copies every page inside one read transaction: in WAL mode that is a
 * snapshot, and the other clinicians' saves go on meanwhile (chunked steps would restart
 * after each of their saves and might never finish on a busy morning). */
#include "store_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define BACKUP_TRIES 50   /* a lock on the copy is only ever brief */
#define BACKUP_WAIT_MS 100

/* The file exists before SQLite opens it, so it is 0600 from its first byte. */
static int create_copy(const char *path, struct kc_err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd >= 0) {
		close(fd);
		return KC_OK;
	}
	if (errno == EEXIST)
		return kc_fail(err, KC_ERR_INVALID, "%s already exists: a backup never overwrites a "
			       "file; give a new name", path);
	return kc_fail(err, errno == ENOSPC ? KC_ERR_FULL : errno == EACCES || errno == EROFS ?
		       KC_ERR_READONLY : KC_ERR_IO, "cannot create the backup %s: %s", path,
		       strerror(errno));
}

static void remove_copy(const char *path)
{
	static const char *const suffix[] = { "", "-journal", "-wal", "-shm" };
	char p[4096];

	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++)
		if ((size_t)snprintf(p, sizeof p, "%s%s", path, suffix[i]) < sizeof p)
			unlink(p);
}

static int copy_fail(sqlite3 *dst, int rc, const char *path, struct kc_err *err)
{
	const char *msg = dst && sqlite3_errcode(dst) == rc ? sqlite3_errmsg(dst) : sqlite3_errstr(rc);

	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return kc_fail(err, KC_ERR_BUSY, "the backup %s could not be written: the database "
			       "stayed busy (%s); try again", path, msg);
	if ((rc & 0xff) == SQLITE_FULL)
		return kc_fail(err, KC_ERR_FULL, "the disk is full: the backup %s was not made (%s)",
			       path, msg);
	return kc_fail(err, KC_ERR_IO, "the backup %s could not be written (%s)", path, msg);
}

/* All pages in one step, retried while the copy or the source is briefly locked. */
static int run_backup(sqlite3 *dst, sqlite3 *src, int *pages)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	int rc = SQLITE_BUSY;

	if (!b)
		return sqlite3_errcode(dst);
	for (int i = 0; i < BACKUP_TRIES && (rc == SQLITE_BUSY || rc == SQLITE_LOCKED); i++) {
		if (i)
			sqlite3_sleep(BACKUP_WAIT_MS);
		rc = sqlite3_backup_step(b, -1);
	}
	*pages = sqlite3_backup_pagecount(b);
	sqlite3_backup_finish(b); /* its result repeats the step's */
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int kc_store_backup(struct kc_store *st, const char *path, int *pages, struct kc_err *err)
{
	sqlite3 *dst = NULL;
	int rc;

	*pages = 0;
	if (!path || !*path)
		return kc_fail(err, KC_ERR_INVALID, "no backup file given");
	rc = create_copy(path, err);
	if (rc != KC_OK)
		return rc;
	rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK)
		rc = run_backup(dst, st->db, pages);
	if (rc != SQLITE_OK)
		rc = copy_fail(dst, rc, path, err);
	if (sqlite3_close(dst) != SQLITE_OK && rc == KC_OK)
		rc = kc_fail(err, KC_ERR_IO, "the backup %s could not be closed", path);
	if (rc != KC_OK)
		remove_copy(path);
	return rc;
}

/* ---------- reading a copy back (kc_store_copy_rows) ---------- */

/* The tables whose rows a copy is checked by, the first four as backup prints them. */
#define COPY_TABLES(X) X(patient) X(session) X(vitals) X(audit) X(clinician) X(weight) \
	X(screening_answer) X(observation) X(dose_event) X(discharge) X(addendum) X(amendment) \
	X(session_hold) X(patient_correction) X(patient_detail_fix) X(booking) X(clinician_contact) \
	X(rems_submission) X(stock_receipt) X(drug_drawn) X(drug_waste) X(stock_count) X(ack_action) X(booking_cancel) \
	X(session_chair)
#define ROWS_BY_INDEX(t) ", (SELECT count(*) FROM " #t ")"
#define ROWS_BY_WALK(t) ", (SELECT count(*) FROM " #t " NOT INDEXED)"
#define ONE(t) + 1

/* Column 0 is a placeholder so each table's part can start with a comma. */
static const char rows_by_index[] = "SELECT 0" COPY_TABLES(ROWS_BY_INDEX);
static const char rows_by_walk[] = "SELECT 0" COPY_TABLES(ROWS_BY_WALK);

_Static_assert(0 COPY_TABLES(ONE) == KC_COPY_TABLES, "KC_COPY_TABLES counts COPY_TABLES");

int kc_store_copy_rows(struct kc_store *st, int walk, long long n[KC_COPY_TABLES], struct kc_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = store_begin_read(st, err);

	if (rc != KC_OK)
		return rc;
	rc = sqlite3_prepare_v2(st->db, walk ? rows_by_walk : rows_by_index, -1, &s, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < KC_COPY_TABLES; i++)
			n[i] = sqlite3_column_int64(s, i + 1);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(s);
	rc = rc == SQLITE_DONE ? KC_OK : store_fail(st, rc, err);
	return store_end(st, rc, err);
}
