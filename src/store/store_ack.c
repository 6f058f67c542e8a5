/* store_ack.c — the actions of an acknowledgement (ack_action, migration 18): written with
 * the acknowledgement in one transaction, one row each, and read back per session. */
#include "store_impl.h"

#include <string.h>

int store_ack_rows(struct kc_store *st, kc_id session, kc_id vitals_id, kc_id observation_id,
		   const struct kc_ack_action *a, size_t n, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = KC_OK;

	for (size_t i = 0; rc == KC_OK && i < n; i++)
		rc = store_check_text("the action's text", a[i].text, KC_NOTE_MAX, 0, err);
	for (size_t i = 0; rc == KC_OK && i < n; i++) {
		rc = store_stmt(st, S_ACK_ADD, "INSERT INTO ack_action (session_id, vitals_id, observation_id, seq,"
				" kind, choice, text, rate_ml_h, entered_at, entered_by)"
				" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", &s, err);
		if (rc != KC_OK)
			break;
		sqlite3_bind_int64(s, 1, session);
		store_bind_id(s, 2, vitals_id);
		store_bind_id(s, 3, observation_id);
		sqlite3_bind_int(s, 4, (int)i + 1);
		store_bind_text(s, 5, kc_act_kind_name(a[i].kind));
		store_bind_text(s, 6, a[i].choice);
		store_bind_text(s, 7, a[i].text);
		sqlite3_bind_double(s, 8, a[i].rate_ml_h);
		store_bind_time(s, 9, st->now);
		store_bind_text(s, 10, st->actor);
		rc = store_run(st, s, err);
	}
	return rc;
}

int kc_vitals_ack_actions(struct kc_store *st, kc_id id, const struct kc_ack_action *a, size_t n,
			  const char *summary, time_t now, struct kc_err *err)
{
	struct kc_vitals_row r;
	int rc = store_check_text("the action taken", summary, KC_NOTE_MAX, 1, err);

	if (rc == KC_OK && n == 0)
		rc = kc_fail(err, KC_ERR_INVALID, "say what was done about the alert: at least one action");
	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = kc_vitals_get(st, id, &r, err);
	if (rc == KC_OK)
		rc = store_vitals_ack(st, id, summary, err);
	if (rc == KC_OK)
		rc = store_ack_rows(st, r.session_id, id, 0, a, n, err);
	return store_end(st, rc, err);
}

static int read_ack(sqlite3_stmt *s, void *out, struct kc_err *err)
{
	struct kc_ack_row *r = out;
	char kind[24];

	r->id = sqlite3_column_int64(s, 0);
	r->session_id = sqlite3_column_int64(s, 1);
	r->vitals_id = sqlite3_column_int64(s, 2);
	r->observation_id = sqlite3_column_int64(s, 3);
	r->seq = sqlite3_column_int(s, 4);
	store_col_text(s, 5, kind, sizeof kind);
	if (kc_act_kind_from_name(kind, &r->a.kind) != KC_OK)
		return kc_fail(err, KC_ERR_CORRUPT, "action %lld has an unknown kind '%s'", r->id, kind);
	store_col_text(s, 6, r->a.choice, sizeof r->a.choice);
	store_col_text(s, 7, r->a.text, sizeof r->a.text);
	r->a.rate_ml_h = sqlite3_column_double(s, 8);
	r->entered_at = store_col_time(s, 9);
	store_col_text(s, 10, r->entered_by, sizeof r->entered_by);
	return KC_OK;
}

int kc_ack_list(struct kc_store *st, kc_id session, struct kc_ack_row **rows, size_t *n, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_ACK_LIST, "SELECT id, session_id, vitals_id, observation_id, seq, kind, choice,"
			    " text, rate_ml_h, entered_at, entered_by FROM ack_action WHERE session_id = ?1"
			    " ORDER BY id", &s, err);

	*rows = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, session);
	return store_list(st, s, sizeof **rows, read_ack, (void **)rows, n, err);
}
