/* store_meta.c — the database's own facts that are not clinical (migration 16): today one,
 * the namespace UUID its FHIR identifiers are made under (src/core/fhir.c). Made once, at
 * the migration, from libuuid's random generator; the table's triggers refuse every change
 * and deletion, so the identifiers a receiver already holds never change. */
#include "store_impl.h"

#include <string.h>

#include <uuid/uuid.h>

#define NAMESPACE_KEY "fhir_namespace"

/* The migration's C step: the namespace, when the database has none yet (a test may wind
 * user_version back: a namespace already made is kept). */
int store_meta_namespace_make(struct kc_store *st, struct kc_err *err)
{
	static const char sql[] = "INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)";
	sqlite3_stmt *s = NULL;
	uuid_t u;
	char text[37];
	int rc;

	uuid_generate_random(u);
	uuid_unparse_lower(u, text);
	rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(s, 1, NAMESPACE_KEY, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, text, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return KC_OK;
	return kc_fail(err, KC_ERR_CORRUPT, "upgrading the database %s to schema 16 failed (%s); nothing was changed",
		       st->path, sqlite3_errmsg(st->db));
}

int kc_store_namespace(struct kc_store *st, char out[37], struct kc_err *err)
{
	static const char sql[] = "SELECT value FROM meta WHERE key = ?1";
	sqlite3_stmt *s = NULL;
	uuid_t u;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);

	out[0] = '\0';
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(s, 1, NAMESPACE_KEY, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
	}
	if (rc == SQLITE_ROW && sqlite3_column_bytes(s, 0) == 36)
		memcpy(out, sqlite3_column_text(s, 0), 37);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, rc, err);
	if (!out[0] || uuid_parse(out, u) != 0) {
		out[0] = '\0';
		return kc_fail(err, KC_ERR_CORRUPT, "the database %s has no valid namespace for its FHIR identifiers "
			       "(the meta table was altered)", st->path);
	}
	return KC_OK;
}
