/* store_screen.c — screening answers (append-only: the latest row per item is current) and
 * the screening as the clinical rules see it. */
#include "store_impl.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"

/* ---------- item keys (kc_store.h lists them) ---------- */

enum item_kind {
	IT_UNKNOWN = 0,
	IT_ANSWER,   /* checklist key: yes / no / n/a */
	IT_CONFIRM,  /* confirm.<checklist key>: yes, with the confirming note */
	IT_PHQ9,     /* phq9.1..9: 0..3 */
	IT_GAD7,     /* gad7.1..7: 0..3 */
	IT_PCL5,     /* pcl5.1..20: 0..4 (optional, PTSD; kc_course.h) */
	IT_CSSRS,    /* cssrs.1..6: yes / no / "" not asked */
	IT_YESNO,    /* yes / no into an int: 1 / 0 / KC_NONE */
	IT_YES_FLAG, /* yes / no into a flag */
	IT_NOTE_FLAG,/* a non-empty note sets the flag */
	IT_REVIEWED, /* "reviewed" sets the flag */
	IT_TIME,     /* Unix seconds */
	IT_TEXT,     /* free text */
	IT_OVERRIDE, /* override.<absolute key>: the answer row id it covers, note = reason */
	IT_OVR_AGE,  /* override.age: the age it covers */
	IT_OVR_BP,   /* override.bp: the baseline reading id it covers */
	IT_OVR_ALL,  /* "override" of schema 3 databases: every block recorded before it */
	IT_CHANGE,   /* change: the answer row id it explains, note = why the answer changed */
	IT_REMS_YN,  /* rems.*: yes / no, for the REMS form only (kc_rems.h) */
	IT_REMS_MIN, /* rems.ready_min: whole minutes */
};

struct item {
	enum item_kind kind;
	int index;  /* checklist index, or question number */
	size_t off; /* where it lands in struct kc_screening */
};

#define AT(f) offsetof(struct kc_screening, f)
static const struct {
	const char *key;
	enum item_kind kind;
	size_t off;
} named_items[] = {
	{ "cssrs.6_recent", IT_YESNO, AT(cssrs.q6_recent) },
	{ "suicide_confirm", IT_NOTE_FLAG, AT(suicide_risk_confirmed) },
	{ "fasting_confirm", IT_NOTE_FLAG, AT(fasting_confirmed) },
	{ "pretreat_confirm", IT_NOTE_FLAG, AT(pretreat_confirmed) },
	{ "bp_confirm", IT_NOTE_FLAG, AT(bp_confirmed) },
	{ "override", IT_OVR_ALL, 0 },
	{ "override.age", IT_OVR_AGE, 0 },
	{ "override.bp", IT_OVR_BP, 0 },
	{ "change", IT_CHANGE, 0 },
	{ "consent", IT_YES_FLAG, AT(consent) },
	{ "med_changes", IT_REVIEWED, AT(med_changes_reviewed) },
	{ "last_solids", IT_TIME, AT(last_solids) },
	{ "last_liquids", IT_TIME, AT(last_liquids) },
	{ "nasal_pretreat", IT_TIME, AT(nasal_pretreat) },
	{ "escort_name", IT_TEXT, 0 },
	{ "escort_phone", IT_TEXT, 0 },
	{ "dose_reason", IT_TEXT, 0 },      /* esketamine dose off the label: note = why */
	{ "overrun_note", IT_TEXT, 0 },     /* an infusion past its planned end: note = why */
	/* The REMS form's answers on the discharge screen (kc_rems.h); the setting is copied
	 * from the configuration when an esketamine session is signed (note = the text). */
	{ "rems.resp_depression", IT_REMS_YN, 0 },
	{ "rems.sae", IT_REMS_YN, 0 },
	{ "rems.sae_text", IT_TEXT, 0 },    /* note = the description */
	{ "rems.sae_ed", IT_REMS_YN, 0 },
	{ "rems.sae_admitted", IT_REMS_YN, 0 },
	{ "rems.ready_min", IT_REMS_MIN, 0 },
	{ "rems.setting_name", IT_TEXT, 0 },
	{ "rems.setting_address", IT_TEXT, 0 },
	{ "rems.setting_city", IT_TEXT, 0 },
	{ "rems.setting_state", IT_TEXT, 0 },
	{ "rems.setting_zip", IT_TEXT, 0 },
	{ "rems.setting_phone", IT_TEXT, 0 },
	{ "rems.setting_id", IT_TEXT, 0 },
};

/* "phq9.4" with prefix "phq9." and max 9 -> 4; 0 when it does not match. */
static int numbered(const char *key, const char *prefix, int max)
{
	size_t len = strlen(prefix);

	if (strncmp(key, prefix, len) != 0 || key[len] < '1' || key[len] > '0' + max ||
	    key[len + 1] != '\0')
		return 0;
	return key[len] - '0';
}

/* "pcl5.1" .. "pcl5.20" -> 1..20; 0 when it does not match. */
static int pcl5_item(const char *key)
{
	int n = 0;

	if (strncmp(key, "pcl5.", 5) != 0 || key[5] < '1' || key[5] > '9')
		return 0;
	for (const char *p = key + 5; *p; p++) {
		if (*p < '0' || *p > '9' || n > 2)
			return 0;
		n = n * 10 + (*p - '0');
	}
	return n <= 20 ? n : 0;
}

static struct item resolve(const char *key)
{
	struct item it = { IT_UNKNOWN, 0, 0 };

	if (!key)
		return it;
	if ((it.index = kc_check_item_index(key)) >= 0)
		it.kind = IT_ANSWER;
	else if (strncmp(key, "confirm.", 8) == 0 && (it.index = kc_check_item_index(key + 8)) >= 0)
		it.kind = IT_CONFIRM;
	else if (strncmp(key, "override.", 9) == 0 && (it.index = kc_check_item_index(key + 9)) >= 0 &&
		 kc_check_items(NULL)[it.index].cls == KC_ITEM_ABSOLUTE)
		it.kind = IT_OVERRIDE;
	else if ((it.index = numbered(key, "phq9.", 9)) > 0)
		it.kind = IT_PHQ9;
	else if ((it.index = numbered(key, "gad7.", 7)) > 0)
		it.kind = IT_GAD7;
	else if ((it.index = numbered(key, "cssrs.", 6)) > 0)
		it.kind = IT_CSSRS;
	else if ((it.index = pcl5_item(key)) > 0)
		it.kind = IT_PCL5;
	for (size_t i = 0; it.kind == IT_UNKNOWN && i < sizeof named_items / sizeof named_items[0]; i++)
		if (strcmp(key, named_items[i].key) == 0)
			it = (struct item){ named_items[i].kind, 0, named_items[i].off };
	return it;
}

static int is_one_of(const char *v, const char *a, const char *b)
{
	return strcmp(v, "") == 0 || strcmp(v, a) == 0 || (b && strcmp(v, b) == 0);
}

static int all_digits(const char *v)
{
	return *v && strspn(v, "0123456789") == strlen(v);
}

/* Is value acceptable for the item? "" always is: it clears the answer. */
static int value_ok(const struct item *it, const char *v, const char *note)
{
	enum kc_answer a;

	switch (it->kind) {
	case IT_ANSWER:
		return kc_answer_from_name(v, &a) == KC_OK && strcmp(v, kc_answer_name(a)) == 0;
	case IT_CONFIRM:
		return is_one_of(v, "yes", NULL) && (!*v || (note && *note));
	case IT_PHQ9:
	case IT_GAD7:
		return !*v || (v[0] >= '0' && v[0] <= '3' && v[1] == '\0');
	case IT_PCL5:
		return !*v || (v[0] >= '0' && v[0] <= '4' && v[1] == '\0');
	case IT_CSSRS:
	case IT_YESNO:
	case IT_YES_FLAG:
	case IT_REMS_YN:
		return is_one_of(v, "yes", "no");
	case IT_REMS_MIN:
		return !*v || (all_digits(v) && strlen(v) <= 4);
	case IT_REVIEWED:
		return is_one_of(v, "reviewed", NULL);
	case IT_TIME:
		return !*v || all_digits(v);
	case IT_OVERRIDE:
	case IT_OVR_AGE:
	case IT_OVR_BP:
	case IT_CHANGE:
		return all_digits(v) && note && *note;
	default:
		return it->kind != IT_UNKNOWN;
	}
}

/* ---------- answers ---------- */

static int read_answer(sqlite3_stmt *s, void *row, struct kc_err *err)
{
	struct kc_answer_row *a = row;

	(void)err;
	a->id = sqlite3_column_int64(s, 0);
	store_col_text(s, 1, a->item, sizeof a->item);
	store_col_text(s, 2, a->value, sizeof a->value);
	store_col_text(s, 3, a->note, sizeof a->note);
	a->at = store_col_time(s, 4);
	store_col_text(s, 5, a->by, sizeof a->by);
	return KC_OK;
}

static int check_answer(const char *item, const char *value, const char *note, struct kc_err *err)
{
	struct item it = resolve(item);
	int rc;

	if (it.kind == IT_UNKNOWN)
		return kc_fail(err, KC_ERR_INVALID, "unknown screening item '%.40s'", item ? item : "");
	rc = store_check_text("the answer", value, sizeof ((struct kc_answer_row *)0)->value, 0, err);
	if (rc == KC_OK)
		rc = store_check_text("the note", note, KC_NOTE_MAX, 0, err);
	if (rc == KC_OK && !value_ok(&it, value ? value : "", note))
		rc = kc_fail(err, KC_ERR_INVALID, "'%.40s' is not an answer to %s%s", value ? value : "",
			     item, it.kind == IT_CONFIRM ? " (a confirmation needs its note)"
			     : it.kind >= IT_OVERRIDE ? " (it names a stored row and needs its reason)" : "");
	return rc;
}

static int insert_answer(struct kc_store *st, kc_id session, const char *item, const char *value,
			 const char *note, time_t now, struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_ANS_ADD, "INSERT INTO screening_answer (session_id, item, value,"
			    " note, entered_at, entered_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &s, err);

	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, session);
	store_bind_text(s, 2, item);
	store_bind_text(s, 3, value);
	store_bind_text(s, 4, note);
	store_bind_time(s, 5, now);
	store_bind_text(s, 6, st->actor);
	return store_run(st, s, err);
}

int kc_screen_set(struct kc_store *st, kc_id session, const char *item, const char *value,
		  const char *note, time_t now, struct kc_err *err)
{
	return kc_screen_change(st, session, item, value, note, NULL, now, NULL, err);
}

/* The answer, then (with a reason) the "change" row naming it: one transaction. */
int kc_screen_change(struct kc_store *st, kc_id session, const char *item, const char *value,
		     const char *note, const char *reason, time_t now, kc_id *id, struct kc_err *err)
{
	char row[24];
	kc_id added = 0;
	int rc = check_answer(item, value, note, err);

	if (rc == KC_OK && strcmp(item, "change") == 0)
		rc = kc_fail(err, KC_ERR_INVALID, "a change reason is written with the answer it explains");
	if (rc == KC_OK && reason)
		rc = store_check_text("the reason for the change", reason, KC_NOTE_MAX, 1, err);
	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_session_writable(st, session, NULL, err);
	if (rc == KC_OK && strncmp(item, "override", 8) == 0)
		rc = store_require(st, KC_ROLE_PHYSICIAN, "override a blocked screening", err);
	if (rc == KC_OK)
		rc = insert_answer(st, session, item, value, note, now, err);
	if (rc == KC_OK) {
		added = (kc_id)sqlite3_last_insert_rowid(st->db);
		snprintf(row, sizeof row, "%lld", added);
	}
	if (rc == KC_OK && reason)
		rc = insert_answer(st, session, "change", row, reason, now, err);
	rc = store_end(st, rc, err);
	if (rc == KC_OK && id)
		*id = added;
	return rc;
}

int kc_screen_set_many(struct kc_store *st, kc_id session, const struct kc_screen_answer *set, size_t n,
		       const char *reason, time_t now, struct kc_err *err)
{
	char row[24];
	int rc = KC_OK, changes = 0;

	for (size_t i = 0; rc == KC_OK && i < n; i++) {
		rc = check_answer(set[i].item, set[i].value, "", err);
		if (rc == KC_OK && (strcmp(set[i].item, "change") == 0 || strncmp(set[i].item, "override", 8) == 0))
			rc = kc_fail(err, KC_ERR_INVALID, "%s is not an answer of a set", set[i].item);
		changes += set[i].change != 0;
	}
	if (rc == KC_OK && changes)
		rc = store_check_text("the reason for the change", reason, KC_NOTE_MAX, 1, err);
	if (rc != KC_OK || (rc = store_begin(st, now, err)) != KC_OK)
		return rc;
	rc = store_session_writable(st, session, NULL, err);
	for (size_t i = 0; rc == KC_OK && i < n; i++) {
		rc = insert_answer(st, session, set[i].item, set[i].value, "", now, err);
		snprintf(row, sizeof row, "%lld", (long long)sqlite3_last_insert_rowid(st->db));
		if (rc == KC_OK && set[i].change)
			rc = insert_answer(st, session, "change", row, reason, now, err);
	}
	return store_end(st, rc, err);
}

/* The rows of s (answers in item, then id order) read, each item's last kept: its current
 * answer. */
static int current_answers(struct kc_store *st, sqlite3_stmt *s, kc_id session, struct kc_answer_row **rows,
			   size_t *n, struct kc_err *err)
{
	size_t kept = 0;
	int rc;

	sqlite3_bind_int64(s, 1, session);
	rc = store_list(st, s, sizeof **rows, read_answer, (void **)rows, n, err);
	for (size_t i = 0; rc == KC_OK && i < *n; i++)
		if (i + 1 == *n || strcmp((*rows)[i].item, (*rows)[i + 1].item) != 0)
			(*rows)[kept++] = (*rows)[i];
	if (rc == KC_OK)
		*n = kept;
	return rc;
}

int kc_screen_list(struct kc_store *st, kc_id session, struct kc_answer_row **rows, size_t *n,
		   struct kc_err *err)
{
	sqlite3_stmt *s;
	/* Every answer of the session in the index's order (item, then id): the last of each
	 * item is its current one. One pass of the index, where a max(id) per row looked the
	 * item up again for each answer (six times the work). */
	int rc = store_stmt(st, S_ANS_LIST, "SELECT id, item, value, note, entered_at, entered_by"
			    " FROM screening_answer WHERE session_id = ?1 AND item <> 'change'"
			    " ORDER BY item, id", &s, err);

	*rows = NULL;
	*n = 0;
	return rc != KC_OK ? rc : current_answers(st, s, session, rows, n, err);
}

int kc_screen_scales(struct kc_store *st, kc_id session, struct kc_answer_row **rows, size_t *n,
		     struct kc_err *err)
{
	sqlite3_stmt *s;
	/* Migration 21's partial index (screening_answer_scales) holds these answers with
	 * every column read here, in this order: one range of it, no table lookup. The note
	 * is not read (''). */
	int rc = store_stmt(st, S_ANS_SCALES, "SELECT id, item, value, '', entered_at, entered_by"
			    " FROM screening_answer WHERE session_id = ?1 AND " STORE_SCALES_WHERE
			    " ORDER BY item, id", &s, err);

	*rows = NULL;
	*n = 0;
	return rc != KC_OK ? rc : current_answers(st, s, session, rows, n, err);
}

int kc_screen_current(struct kc_store *st, kc_id session, const char *item, struct kc_answer_row *out,
		      struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_ANS_CUR, "SELECT id, item, value, note, entered_at, entered_by"
			    " FROM screening_answer WHERE session_id = ?1 AND item = ?2 AND item <> 'change'"
			    " ORDER BY id DESC LIMIT 1", &s, err);

	memset(out, 0, sizeof *out);
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, session);
	sqlite3_bind_text(s, 2, item, -1, SQLITE_STATIC);
	return store_one(st, s, read_answer, out, err);
}

int kc_screen_history(struct kc_store *st, kc_id session, struct kc_answer_row **rows, size_t *n,
		      struct kc_err *err)
{
	sqlite3_stmt *s;
	int rc = store_stmt(st, S_ANS_HIST, "SELECT id, item, value, note, entered_at, entered_by"
			    " FROM screening_answer WHERE session_id = ?1 ORDER BY id", &s, err);

	*rows = NULL;
	*n = 0;
	if (rc != KC_OK)
		return rc;
	sqlite3_bind_int64(s, 1, session);
	return store_list(st, s, sizeof **rows, read_answer, (void **)rows, n, err);
}

/* ---------- the screening for the clinical rules ---------- */

static int yes_no(const char *v)
{
	return !*v ? KC_NONE : strcmp(v, "yes") == 0;
}

static void apply_answer(struct kc_screening *scr, const struct kc_answer_row *a)
{
	struct item it = resolve(a->item);
	int *flag = (int *)((char *)scr + it.off);
	const char *v = a->value;

	switch (it.kind) {
	case IT_ANSWER:
		if (kc_answer_from_name(v, &scr->answers[it.index]) != KC_OK)
			scr->answers[it.index] = KC_ANS_UNSET;
		scr->answer_id[it.index] = a->id;
		break;
	case IT_OVERRIDE:
		scr->override_of[it.index] = a->note[0] ? strtoll(v, NULL, 10) : 0;
		break;
	case IT_OVR_AGE:
		scr->age_override_of = a->note[0] && *v ? atoi(v) : KC_NONE;
		break;
	case IT_OVR_BP:
		scr->bp_override_of = a->note[0] ? strtoll(v, NULL, 10) : 0;
		break;
	case IT_CONFIRM:
		scr->confirmed[it.index] = strcmp(v, "yes") == 0;
		break;
	case IT_PHQ9:
		scr->phq9[it.index - 1] = *v ? atoi(v) : KC_NONE;
		scr->has_phq9 |= *v != '\0';
		break;
	case IT_GAD7:
		scr->gad7[it.index - 1] = *v ? atoi(v) : KC_NONE;
		scr->has_gad7 |= *v != '\0';
		break;
	case IT_CSSRS:
		scr->cssrs.q[it.index] = yes_no(v);
		scr->has_cssrs |= *v != '\0';
		break;
	case IT_YESNO:
		*flag = yes_no(v);
		break;
	case IT_YES_FLAG:
		*flag = strcmp(v, "yes") == 0;
		break;
	case IT_NOTE_FLAG:
		*flag = a->note[0] != '\0';
		break;
	case IT_REVIEWED:
		*flag = strcmp(v, "reviewed") == 0;
		break;
	case IT_TIME:
		*(time_t *)((char *)scr + it.off) = (time_t)strtoll(v, NULL, 10);
		break;
	default:
		break;
	}
}

static const char *value_of(const struct kc_answer_row *rows, size_t n, const char *item)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].item, item) == 0)
			return rows[i].value;
	return "";
}

/* The baseline reading the rules use: the latest valid one, with its row, so that an
 * override can name it. One indexed row (store_baseline), not the session's every reading:
 * the state load, the report and each save read the screening (issue 10: at 300 readings
 * the whole list was most of a report's CPU). */
static int load_baseline(struct kc_store *st, kc_id session, struct kc_screening *out,
			 struct kc_vitals_row *base, struct kc_err *err)
{
	int rc = store_baseline(st, session, base, err);

	if (rc == KC_OK && base->id) {
		out->baseline = base->v;
		out->baseline_id = base->id;
	}
	return rc;
}

/* An "override" written before overrides named their answer covered every block recorded
 * before it: the absolute answers entered before it, the age, and a baseline reading
 * entered no later. A block answered or measured again since then is not covered. */
static void legacy_override(struct kc_screening *scr, const struct kc_answer_row *o,
			    const struct kc_vitals_row *base)
{
	size_t n;
	const struct kc_check_item *items = kc_check_items(&n);

	if (!o || !o->note[0])
		return;
	for (size_t i = 0; i < n; i++)
		if (items[i].cls == KC_ITEM_ABSOLUTE && scr->answer_id[i] && scr->answer_id[i] < o->id &&
		    !scr->override_of[i])
			scr->override_of[i] = scr->answer_id[i];
	if (scr->age_override_of == KC_NONE)
		scr->age_override_of = scr->age_years;
	if (base->id && base->entered_at <= o->at && !scr->bp_override_of)
		scr->bp_override_of = base->id;
}

static int load_answers(struct kc_store *st, kc_id session, struct kc_screening *out,
			struct kc_vitals_row *base, struct kc_err *err)
{
	struct kc_answer_row *rows = NULL;
	size_t n = 0;
	int rc = kc_screen_list(st, session, &rows, &n, err);

	for (size_t i = 0; rc == KC_OK && i < n; i++)
		apply_answer(out, &rows[i]);
	out->escort_named = *value_of(rows, n, "escort_name") && *value_of(rows, n, "escort_phone");
	if (rc == KC_OK)
		rc = load_baseline(st, session, out, base, err);
	for (size_t i = 0; rc == KC_OK && i < n; i++)
		if (strcmp(rows[i].item, "override") == 0)
			legacy_override(out, &rows[i], base);
	free(rows);
	return rc;
}

/* The patient's age is taken at the session's creation: kc_screen_load has no 'now', and
 * a session is screened on the day it is created. */
static int load_all(struct kc_store *st, kc_id session, struct kc_screening *out, struct kc_session *x,
		    struct kc_vitals_row *base, struct kc_err *err)
{
	struct kc_patient p;
	struct kc_weight_row w;
	int rc = kc_session_get(st, session, x, err);

	if (rc != KC_OK)
		return rc;
	kc_screening_init(out, x->route);
	rc = kc_patient_get(st, x->patient_id, &p, err);
	if (rc == KC_OK)
		out->age_years = kc_age_years(p.dob, x->created_at);
	if (rc == KC_OK)
		rc = load_answers(st, session, out, base, err);
	if (rc == KC_OK && (rc = kc_weight_of_session(st, session, &w, err)) == KC_OK)
		out->weight_kg = w.kg;
	return rc;
}

/* In a batch, the screening kept from an earlier entry when only the session row or the
 * readings changed since: the session's route, patient and creation and the baseline
 * reading read again (two rows through their indexes), and if they are what the kept
 * screening was read from it is the screening a whole read would make (*kept). A dose or
 * a reading in recovery no longer costs the answers' whole list. */
static int load_kept(struct kc_store *st, kc_id session, struct kc_screening *out, struct kc_session *x,
		     struct kc_vitals_row *base, int *kept, struct kc_err *err)
{
	int rc;

	*kept = 0;
	if (!store_cache_screening_moved(st, session))
		return KC_OK;
	rc = kc_session_get(st, session, x, err);
	if (rc == KC_OK)
		rc = store_baseline(st, session, base, err);
	if (rc == KC_OK)
		*kept = store_cache_screening_same(st, session, x, base, out);
	return rc;
}

/* One read transaction, so the answers, weight and baseline belong to the same moment. */
int kc_screen_load(struct kc_store *st, kc_id session, struct kc_screening *out, struct kc_err *err)
{
	struct kc_session x;
	struct kc_vitals_row base;
	int rc, kept = 0;

	if (store_cache_screening(st, session, out))
		return KC_OK;
	rc = store_begin_read(st, err);
	if (rc != KC_OK)
		return rc;
	rc = load_kept(st, session, out, &x, &base, &kept, err);
	if (rc == KC_OK && !kept)
		rc = load_all(st, session, out, &x, &base, err);
	rc = store_end(st, rc, err);
	if (rc == KC_OK && !kept)
		store_cache_keep_screening(st, session, out, &x, &base);
	return rc;
}
