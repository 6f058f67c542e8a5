/* store_readonly.c — reading a database that cannot be written (a read-only file, folder
 * or file system, an immutable file), so that report, export, verify and backup still
 * work there. Opened read-only through a URI; when SQLite cannot even keep its shared
 * memory file next to it (a read-only file system), as immutable: nothing is locked and
 * nothing is created beside it, which is only right when no -wal file holds newer pages. */
#include "store_impl.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* "file:" and the path with the characters a URI gives meaning to escaped, then ?query. */
static void uri_of(const char *path, const char *query, char *out, size_t n)
{
	size_t o = 0;

	o += (size_t)snprintf(out, n, "file:");
	for (const char *p = path; *p && o + 4 < n; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			o += (size_t)snprintf(out + o, n - o, "%%%02X", (unsigned char)*p);
		else
			out[o++] = *p;
	}
	snprintf(out + o, n - o, "?%s", query);
}

/* Open with query and read the schema once: a WAL database opened read-only fails only
 * at its first read. */
static int try_open(struct kc_store *st, const char *query)
{
	char uri[4096 * 3 + 32];
	int rc;

	uri_of(st->path, query, uri, sizeof uri);
	store_sqlite_config();
	rc = sqlite3_open_v2(uri, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(st->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_close_v2(st->db);
		st->db = NULL;
	}
	return rc;
}

int store_open_readonly(struct kc_store *st, struct kc_err *err)
{
	char wal[4096 + 8];
	struct stat sb;
	int rc;

	sqlite3_close_v2(st->db); /* the read-write attempt */
	st->db = NULL;
	rc = try_open(st, "mode=ro");
	if (rc != SQLITE_OK) {
		snprintf(wal, sizeof wal, "%s-wal", st->path);
		if (stat(wal, &sb) == 0 && sb.st_size > 0)
			return kc_fail(err, KC_ERR_READONLY, "the database %s cannot be written, and its "
				       "newest entries are still in %s, which cannot be read without "
				       "writing: copy both files to a place that can be written and use "
				       "the copy", st->path, wal);
		rc = try_open(st, "immutable=1");
	}
	if (rc != SQLITE_OK)
		return kc_fail(err, KC_ERR_READONLY, "the database %s cannot be written, and cannot be "
			       "read read-only either (%s)", st->path, sqlite3_errstr(rc));
	sqlite3_extended_result_codes(st->db, 1);
	store_busy_install(st);
	return KC_OK;
}
