/* store_clinician.c — who is charting: the clinician table, the actor's role, and the
 * admin's management of clinicians. Roles are ranked (nurse < physician < admin), so a
 * check is one comparison: an admin can do everything a physician can. */
#include "store_impl.h"

#include <string.h>
#include <time.h>

/* The latest contact row of each clinician is their telephone and email (schema 8). */
#define CLIN_SELECT "SELECT clinician.id, clinician.login, display_name, role, active, coalesce(k.phone, ''),"\
	" coalesce(k.email, '') FROM clinician LEFT JOIN clinician_contact k ON k.id ="\
	" (SELECT max(id) FROM clinician_contact WHERE login = clinician.login)"

static int read_clinician(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_clinician *c = row;
	const char *role = (const char *)sqlite3_column_text(s, 3);

	c->id = sqlite3_column_int64(s, 0);
	store_col_text(s, 1, c->login, sizeof c->login);
	store_col_text(s, 2, c->display_name, sizeof c->display_name);
	if (kc_role_from_name(role, &c->role) != KC_OK)
		return kc_fail(err, KC_ERR_CORRUPT, "clinician %s has an unknown role '%s'", c->login,
			       role ? role : "");
	c->active = sqlite3_column_int(s, 4);
	store_col_text(s, 5, c->phone, sizeof c->phone);
	store_col_text(s, 6, c->email, sizeof c->email);
	return KC_OK;
}

int kc_clinician_get(struct kc_store *st, const char *login, struct kc_clinician *out,
		     struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (login && store_cache_clinician(st, login, out))
		return KC_OK;
	rc = store_stmt(st, S_CLIN_GET, CLIN_SELECT " WHERE clinician.login = ?1", &s, err);
	if (rc != KC_OK)
		return rc;
	store_bind_text(s, 1, login);
	rc = store_one(st, s, read_clinician, out, err);
	if (rc == KC_ERR_NOTFOUND)
		return kc_fail(err, rc, "no clinician with the login '%s'", login ? login : "");
	if (rc == KC_OK && login)
		store_cache_keep_clinician(st, login, out);
	return rc;
}

/* Inside a transaction. name "" keeps an existing clinician's name (a new one is named by
 * its login); active 1 enables the login again. */
static int clin_write(struct kc_store *st, const char *login, const char *name, enum kc_role role,
		      struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_CLIN_UPSERT,
			    "INSERT INTO clinician (login, display_name, role, active)"
			    " VALUES (?1, CASE WHEN ?2 = '' THEN ?1 ELSE ?2 END, ?3, 1)"
			    " ON CONFLICT (login) DO UPDATE SET display_name ="
			    " CASE WHEN ?2 = '' THEN display_name ELSE ?2 END, role = excluded.role,"
			    " active = 1", &s, err);

	if (rc != KC_OK)
		return rc;
	store_bind_text(s, 1, login);
	store_bind_text(s, 2, name);
	store_bind_text(s, 3, kc_role_name(role));
	return store_run(st, s, err);
}

static int check_clinician(const char *login, const char *name, enum kc_role role, struct kc_err *err)
{
	int rc = store_check_text("the clinician's login", login, KC_LOGIN_MAX, 1, err);

	if (rc == KC_OK)
		rc = store_check_text("the clinician's name", name, KC_NAME_MAX, 0, err);
	if (rc == KC_OK && (unsigned)role > KC_ROLE_ADMIN)
		rc = kc_fail(err, KC_ERR_INVALID, "unknown clinician role %d", (int)role);
	return rc;
}

int kc_clinician_upsert(struct kc_store *st, const char *login, const char *display_name,
			enum kc_role role, time_t now, struct kc_err *err)
{
	int rc = check_clinician(login, display_name, role, err);

	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	return store_end(st, clin_write(st, login, display_name ? display_name : "", role, err), err);
}

/* ---------- the actor ---------- */

int store_actor(struct kc_store *st, struct kc_clinician *out, struct kc_err *err)
{
	struct kc_clinician local;
	int rc;

	if (!out)
		out = &local;
	rc = kc_clinician_get(st, st->actor, out, err);
	if (rc == KC_ERR_NOTFOUND)
		return kc_fail(err, KC_ERR_DENIED, "user '%s' is not a ketchart clinician: ask an admin "
			       "to run 'ketchart user add %s'", st->actor, st->actor);
	if (rc == KC_OK && !out->active)
		return kc_fail(err, KC_ERR_DENIED, "user '%s' is not a ketchart clinician (disabled): ask "
			       "an admin to run 'ketchart user add %s'", st->actor, st->actor);
	return rc;
}

int store_require(struct kc_store *st, enum kc_role min, const char *act, struct kc_err *err)
{
	struct kc_clinician c;
	int rc = store_actor(st, &c, err);

	if (rc == KC_OK && c.role < min)
		rc = kc_fail(err, KC_ERR_DENIED, "only %s may %s (%s is a %s)",
			     min == KC_ROLE_ADMIN ? "an admin" : "a physician", act, c.login,
			     kc_role_name(c.role));
	return rc;
}

int kc_store_actor_role(struct kc_store *st, enum kc_role *role, struct kc_err *err)
{
	struct kc_clinician c;
	int rc = store_actor(st, &c, err);

	if (rc == KC_OK)
		*role = c.role;
	return rc;
}

/* The login that creates a database (init, demo) must be able to add the others. Only an
 * empty clinician table takes the write lock (and is looked at again under it), so an
 * open never waits for another clinician's save. Open has no 'now': this entry reads the
 * clock. */
static int clinicians(struct kc_store *st, long long *n, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_CLIN_ANY, "SELECT count(*) FROM clinician", &s, err);

	*n = 0;
	if (rc == KC_OK)
		rc = store_one(st, s, store_read_count, n, err);
	return rc;
}

int store_first_admin(struct kc_store *st, struct kc_err *err)
{
	long long n = 0;
	int rc = clinicians(st, &n, err);

	if (rc != KC_OK || n > 0 || (rc = store_begin(st, time(NULL), err)) != KC_OK)
		return rc;
	rc = clinicians(st, &n, err);
	if (rc == KC_OK && n == 0)
		rc = clin_write(st, st->actor, "", KC_ROLE_ADMIN, err);
	return store_end(st, rc, err);
}

/* ---------- an admin's management ---------- */

/* Unix login names: what useradd accepts by default, and nothing a shell or a report
 * could misread. */
static int check_login(const char *login, struct kc_err *err)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
	int rc = store_check_text("the clinician's login", login, KC_LOGIN_MAX, 1, err);

	if (rc == KC_OK && (login[0] == '-' || strspn(login, ok) != strlen(login)))
		rc = kc_fail(err, KC_ERR_INVALID, "'%s' is not a login name (letters, digits, '.', '_' "
			     "and '-', not starting with '-')", login);
	return rc;
}

static int read_count(sqlite3_stmt *s, void *out, struct kc_err *err)
{
	(void)err;
	*(long long *)out = sqlite3_column_int64(s, 0);
	return KC_OK;
}

/* Refuse what would leave the clinic with no active admin to add the next clinician. */
static int keeps_an_admin(struct kc_store *st, const struct kc_clinician *c, struct kc_err *err)
{
	sqlite3_stmt *s;
	long long admins = 0;
	int rc;

	if (c->role != KC_ROLE_ADMIN || !c->active)
		return KC_OK;
	rc = store_stmt(st, S_CLIN_ADMINS, "SELECT count(*) FROM clinician WHERE role = 'admin'"
			" AND active = 1", &s, err);
	if (rc == KC_OK)
		rc = store_one(st, s, read_count, &admins, err);
	if (rc == KC_OK && admins <= 1)
		rc = kc_fail(err, KC_ERR_INVALID, "%s is the last active admin: make another clinician "
			     "an admin first", c->login);
	return rc;
}

int kc_clinician_add(struct kc_store *st, const char *login, const char *display_name,
		     enum kc_role role, time_t now, struct kc_err *err)
{
	struct kc_clinician c;
	int rc = check_login(login, err);

	if (rc == KC_OK)
		rc = check_clinician(login, display_name, role, err);
	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_require(st, KC_ROLE_ADMIN, "manage clinicians", err);
	if (rc == KC_OK && (rc = kc_clinician_get(st, login, &c, err)) == KC_OK && role != KC_ROLE_ADMIN)
		rc = keeps_an_admin(st, &c, err);
	if (rc == KC_ERR_NOTFOUND)
		rc = KC_OK;
	if (rc == KC_OK)
		rc = clin_write(st, login, display_name ? display_name : "", role, err);
	return store_end(st, rc, err);
}

int kc_clinician_list(struct kc_store *st, struct kc_clinician **rows, size_t *n, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_require(st, KC_ROLE_ADMIN, "manage clinicians", err);

	*rows = NULL;
	*n = 0;
	if (rc == KC_OK)
		rc = store_stmt(st, S_CLIN_LIST, CLIN_SELECT " ORDER BY clinician.login", &s,
				err);
	if (rc != KC_OK)
		return rc;
	return store_list(st, s, sizeof **rows, read_clinician, (void **)rows, n, err);
}

int kc_clinician_disable(struct kc_store *st, const char *login, time_t now, struct kc_err *err)
{
	struct kc_clinician c;
	sqlite3_stmt *s;
	int rc = store_begin(st, now, err);

	if (rc != KC_OK)
		return rc;
	rc = store_require(st, KC_ROLE_ADMIN, "manage clinicians", err);
	if (rc == KC_OK)
		rc = kc_clinician_get(st, login, &c, err);
	if (rc == KC_OK && c.active)
		rc = keeps_an_admin(st, &c, err);
	if (rc == KC_OK && c.active)
		rc = store_stmt(st, S_CLIN_SET, "UPDATE clinician SET active = 0 WHERE login = ?1", &s, err);
	if (rc == KC_OK && c.active) {
		store_bind_text(s, 1, login);
		rc = store_run(st, s, err);
	}
	return store_end(st, rc, err);
}

/* The clinician themself, or an admin: a contact is no clinical fact, but the REMS form
 * sends it to the manufacturer, so only the person or an admin states it. */
int kc_clinician_set_contact(struct kc_store *st, const char *login, const char *phone, const char *email,
			     time_t now, struct kc_err *err)
{
	struct kc_clinician c;
	sqlite3_stmt *s;
	int rc = store_check_text("the telephone", phone, sizeof c.phone, 0, err);

	if (rc == KC_OK)
		rc = store_check_text("the email", email, sizeof c.email, 0, err);
	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = kc_clinician_get(st, login, &c, err);
	if (rc == KC_OK && strcmp(login, st->actor) != 0)
		rc = store_require(st, KC_ROLE_ADMIN, "change another clinician's telephone or email", err);
	else if (rc == KC_OK)
		rc = store_actor(st, NULL, err);
	if (rc == KC_OK)
		rc = store_stmt(st, S_CLIN_CONTACT, "INSERT INTO clinician_contact (login, phone, email, entered_at,"
				" entered_by) VALUES (?1, ?2, ?3, ?4, ?5)", &s, err);
	if (rc == KC_OK) {
		store_bind_text(s, 1, login);
		store_bind_text(s, 2, phone ? phone : "");
		store_bind_text(s, 3, email ? email : "");
		store_bind_time(s, 4, now);
		store_bind_text(s, 5, st->actor);
		rc = store_run(st, s, err);
	}
	return store_end(st, rc, err);
}
