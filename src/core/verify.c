/* verify.c — the audit chain's hash and the judgement of what kc_store_scan reads: which
 * audit row breaks the chain, which clinical row disagrees with its audit, in sentences a
 * clinic can act on. No SQL here; the store reads, this file decides. */
#include "kc_verify.h"

#include <ctype.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_text.h"

#define VALUE_SHOWN 40 /* longer values are cut in messages: the row id finds the rest */

/* ---------- the hash ---------- */

/* The fields framed as the hash reads them: a NULL as one 0 byte; a value as 1, its length
 * in 8 bytes big-endian, its bytes. Framed into buf when they fit (one update), else fed
 * to h field by field; the same bytes either way. */
#define HASH_BUF 2048

static size_t frame(const struct kc_bytes *b, unsigned char tag[9])
{
	tag[0] = b->p != NULL;
	if (!b->p)
		return 1;
	for (int i = 0; i < 8; i++)
		tag[1 + i] = (unsigned char)((unsigned long long)b->n >> (56 - 8 * i));
	return 9;
}

static void put_fields(crypto_generichash_state *h, const struct kc_bytes f[KC_CHAIN_FIELDS])
{
	unsigned char buf[HASH_BUF];
	size_t at = 0, total = 0;

	for (int i = 0; i < KC_CHAIN_FIELDS; i++)
		total += 9 + (f[i].p ? f[i].n : 0);
	for (int i = 0; i < KC_CHAIN_FIELDS; i++) {
		unsigned char tag[9];
		size_t k = frame(&f[i], tag);

		if (total > sizeof buf) {
			crypto_generichash_update(h, tag, k);
			if (f[i].p)
				crypto_generichash_update(h, f[i].p, f[i].n);
			continue;
		}
		memcpy(buf + at, tag, k);
		at += k;
		if (f[i].p && f[i].n) {
			memcpy(buf + at, f[i].p, f[i].n);
			at += f[i].n;
		}
	}
	if (total <= sizeof buf)
		crypto_generichash_update(h, buf, at);
}

int kc_chain_hash(const struct kc_bytes f[KC_CHAIN_FIELDS], char out[KC_HASH_HEX],
		  struct kc_err *err)
{
	static const char hex[] = "0123456789abcdef";
	crypto_generichash_state h;
	unsigned char md[KC_HASH_BYTES];

	static int started;

	out[0] = '\0';
	if (!started && sodium_init() < 0) /* picks the fastest BLAKE2b for this CPU */
		return kc_fail(err, KC_ERR_IO, "the cryptography library (libsodium) cannot start");
	started = 1;
	crypto_generichash_init(&h, NULL, 0, sizeof md);
	put_fields(&h, f);
	crypto_generichash_final(&h, md, sizeof md);
	for (size_t i = 0; i < sizeof md; i++) { /* a digest is not a secret: no need of sodium_bin2hex's constant time */
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[KC_HASH_HEX - 1] = '\0';
	return KC_OK;
}

/* Every stored hash is checked: without a branch per digit (random hex digits made the
 * branches a coin toss, 4% of verify's time at 10k sessions). */
static int is_hash(const char *s, size_t n)
{
	static const unsigned char hex[256] = {
		['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
		['8'] = 1, ['9'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	};
	unsigned all = 1;

	if (!s || n != KC_HASH_HEX - 1)
		return 0;
	for (size_t i = 0; i < n; i++)
		all &= hex[(unsigned char)s[i]];
	return (int)all;
}

int kc_chain_parse_head(const char *s, char out[KC_HASH_HEX], struct kc_err *err)
{
	size_t len;

	out[0] = '\0';
	s += strspn(s ? s : "", " \t\n");
	len = strcspn(s, " \t\n");
	if (len != KC_HASH_HEX - 1 || s[len + strspn(s + len, " \t\n")] != '\0')
		return kc_fail(err, KC_ERR_INVALID, "a chain head is the 64 hex digits that "
			       "'ketchart verify' printed after 'chain head:'");
	for (size_t i = 0; i < len; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[len] = '\0';
	if (!is_hash(out, len))
		return kc_fail(err, KC_ERR_INVALID, "a chain head has only the digits 0-9 and a-f");
	return KC_OK;
}

/* ---------- collecting problems ---------- */

/* The clinician table as its audit tells it, replayed row by row. */
struct clin {
	kc_id row;
	char login[KC_LOGIN_MAX];
	enum kc_role role;
	int active;
};

/* A session as far as the replay has come: signed at which audit row, and whether its
 * latest discharge assessment clears a discharge (ready, or a physician's override). */
struct ses {
	kc_id id, signed_row;
	int cleared;
};

/* Sessions are numbered upwards from 1, so their states are kept in an array indexed by id,
 * 8 bytes each (signed_row << 1 | cleared): a few hundred KB at 50,000 sessions, where a
 * hash of struct ses took 24 bytes a slot at half load, doubled while it grew (issue 10:
 * verify's peak RSS grew with the history). An id far beyond the array (only a tampered
 * audit names one) or a state that does not fit goes to the hash, looked at first. */
#define SES_DENSE_MAX ((kc_id)1 << 28)
#define SES_DENSE_GAP 4096 /* an id this far past the array's end goes to the hash */

struct walk {
	struct kc_verify_result *r;
	const char *want_head;
	char prev[KC_HASH_HEX]; /* the previous row's stored hash */
	kc_id prev_id;
	int prev_unknown;       /* the previous row had no valid hash to follow */
	int hash_failed;        /* libsodium did not start: nothing can be judged */
	int nomem;              /* the replay ran out of memory: said as a problem */
	time_t now;             /* the clock checks, 0 = none */
	long long max_at, first_at;
	kc_id max_at_row;
	struct clin *clin;
	size_t nclin, capclin;
	struct ses *ses;        /* open addressing on id; capses a power of two */
	size_t nses, capses;
	uint64_t *dense;        /* the states of ids 1 .. ndense - 1, as above */
	size_t ndense;
	struct ses cur;         /* the state of a dense id, while one row is replayed */
	kc_id anchor_row;       /* the anchor's row, to count signatures after it */
	const char *anchor_hash;
	int anchor_seen;        /* the anchor's row was found with its hash */
};

static void problem(struct kc_verify_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void problem(struct kc_verify_result *r, const char *fmt, ...)
{
	va_list ap;

	char raw[KC_MSG_MAX];

	if (r->shown < KC_VERIFY_SHOWN) {
		va_start(ap, fmt);
		vsnprintf(raw, sizeof raw, fmt, ap);
		va_end(ap);
		/* SQLite's own messages (integrity_check) span lines: a finding is one line */
		kc_text_escape(raw, 0, r->problem[r->shown++], KC_MSG_MAX);
	}
	r->problems++;
}

/* ---------- the chain ---------- */

static int bytes_equal(const struct kc_bytes *b, const char *s)
{
	return b->p && b->n == strlen(s) && memcmp(b->p, s, b->n) == 0;
}

static void set_zero(char hex[KC_HASH_HEX])
{
	memset(hex, '0', KC_HASH_HEX - 1);
	hex[KC_HASH_HEX - 1] = '\0';
}

static enum kc_break judge_row(struct walk *w, const struct kc_chain_row *row)
{
	char want[KC_HASH_HEX];

	if (!is_hash(row->hash.p, row->hash.n))
		return KC_BREAK_UNHASHED;
	if (row->id != w->prev_id + 1)
		return KC_BREAK_MISSING;
	if (kc_chain_hash(row->f, want, NULL) != KC_OK) {
		w->hash_failed = 1;
		return KC_BREAK_NONE;
	}
	if (memcmp(want, row->hash.p, KC_HASH_HEX - 1) != 0)
		return KC_BREAK_CHANGED;
	if (!w->prev_unknown && !bytes_equal(&row->f[0], w->prev))
		return KC_BREAK_RELINKED;
	return KC_BREAK_NONE;
}

static void report_break(struct walk *w, const struct kc_chain_row *row, enum kc_break b)
{
	struct kc_verify_result *r = w->r;

	if (b == KC_BREAK_UNHASHED)
		problem(r, "audit row %lld has no valid chain hash: it was written outside ketchart",
			row->id);
	else if (b == KC_BREAK_MISSING && row->id == w->prev_id + 2)
		problem(r, "audit row %lld is missing: it was deleted outside ketchart", w->prev_id + 1);
	else if (b == KC_BREAK_MISSING)
		problem(r, "audit rows %lld to %lld are missing: they were deleted outside ketchart",
			w->prev_id + 1, row->id - 1);
	else if (b == KC_BREAK_CHANGED)
		problem(r, "audit row %lld was changed outside ketchart (its content no longer "
			"matches its hash)", row->id);
	else
		problem(r, "audit row %lld does not follow audit row %lld: the chain was rewritten "
			"outside ketchart", row->id, w->prev_id);
	r->breaks++;
	if (!r->first_break) {
		r->first_break = row->id;
		r->first_kind = b;
	}
}

/* A stored hash as text (cut if it is not even a hash: then it is never compared). */
static void copy_hash(char dst[KC_HASH_HEX], const struct kc_bytes *b)
{
	size_t n = b->p ? b->n : 0;

	if (n > KC_HASH_HEX - 1)
		n = KC_HASH_HEX - 1;
	if (n)
		memcpy(dst, b->p, n);
	dst[n] = '\0';
}

/* ---------- what only the program may do: the audit replayed ---------- */

#define ESC_MAX 96 /* an escaped name or value in a message */

static const char *txt(const struct kc_bytes *b)
{
	return b->p ? (const char *)b->p : "";
}

/* Stored text as it may be shown: escaped, and cut (the row id finds the rest). */
static const char *esc(const char *v, char *buf)
{
	return kc_text_escape(v ? v : "", 0, buf, ESC_MAX);
}

static struct clin *clin_by_login(struct walk *w, const char *login)
{
	for (size_t i = 0; login && i < w->nclin; i++)
		if (strcmp(w->clin[i].login, login) == 0)
			return &w->clin[i];
	return NULL;
}

static struct clin *clin_by_row(struct walk *w, kc_id row)
{
	for (size_t i = 0; i < w->nclin; i++)
		if (w->clin[i].row == row)
			return &w->clin[i];
	return NULL;
}

static struct clin *clin_add(struct walk *w, kc_id row)
{
	struct clin *c = clin_by_row(w, row);

	if (c)
		return c;
	if (w->nclin == w->capclin) {
		size_t cap = w->capclin ? 2 * w->capclin : 16;
		struct clin *p = realloc(w->clin, cap * sizeof *p);

		if (!p) {
			w->nomem = 1;
			return NULL;
		}
		w->clin = p;
		w->capclin = cap;
	}
	c = &w->clin[w->nclin++];
	memset(c, 0, sizeof *c);
	c->row = row;
	return c;
}

static int any_admin(const struct walk *w)
{
	for (size_t i = 0; i < w->nclin; i++)
		if (w->clin[i].active && w->clin[i].role == KC_ROLE_ADMIN)
			return 1;
	return 0;
}

static size_t ses_slot(const struct walk *w, kc_id id)
{
	return ((unsigned long long)id * 0x9E3779B97F4A7C15ULL >> 20) & (w->capses - 1);
}

static int ses_grow(struct walk *w)
{
	size_t cap = w->capses ? 2 * w->capses : 256;
	struct ses *old = w->ses, *p = calloc(cap, sizeof *p);
	size_t oldcap = w->capses;

	if (!p) {
		w->nomem = 1;
		return 0;
	}
	w->ses = p;
	w->capses = cap;
	for (size_t i = 0; i < oldcap; i++) {
		size_t k;

		if (!old[i].id)
			continue;
		for (k = ses_slot(w, old[i].id); w->ses[k].id; k = (k + 1) & (cap - 1))
			;
		w->ses[k] = old[i];
	}
	free(old);
	return 1;
}

static struct ses *ses_find(struct walk *w, kc_id id)
{
	for (size_t k = ses_slot(w, id); w->ses[k].id; k = (k + 1) & (w->capses - 1))
		if (w->ses[k].id == id)
			return &w->ses[k];
	return NULL;
}

/* A new state in the hash (NULL when memory ran out). */
static struct ses *ses_hash_add(struct walk *w, kc_id id)
{
	size_t k;

	if ((w->nses + 1) * 2 > w->capses && !ses_grow(w))
		return NULL;
	for (k = ses_slot(w, id); w->ses[k].id; k = (k + 1) & (w->capses - 1))
		;
	w->ses[k].id = id;
	w->nses++;
	return &w->ses[k];
}

/* The array reaches id (1), or id is for the hash (0). */
static int dense_reach(struct walk *w, kc_id id)
{
	size_t cap;
	uint64_t *p;

	if (id <= 0 || id >= SES_DENSE_MAX || (size_t)id >= 2 * w->ndense + SES_DENSE_GAP)
		return 0;
	if ((size_t)id < w->ndense)
		return 1;
	cap = 2 * w->ndense > (size_t)id + 1 ? 2 * w->ndense : (size_t)id + 1;
	if (!(p = realloc(w->dense, cap * sizeof *p)))
		return 0;
	memset(p + w->ndense, 0, (cap - w->ndense) * sizeof *p);
	w->dense = p;
	w->ndense = cap;
	return 1;
}

/* The session's replay state, made on first sight (NULL when id is 0 or memory ran out);
 * ses_put keeps what the row changed. */
static struct ses *ses_get(struct walk *w, kc_id id)
{
	struct ses *se;

	if (!id)
		return NULL;
	if (w->nses && (se = ses_find(w, id)))
		return se;
	if (dense_reach(w, id)) {
		w->cur.id = id;
		w->cur.signed_row = (kc_id)(w->dense[id] >> 1);
		w->cur.cleared = (int)(w->dense[id] & 1);
		return &w->cur;
	}
	return ses_hash_add(w, id);
}

static void ses_put(struct walk *w, const struct ses *se)
{
	struct ses *h;

	if (se != &w->cur)
		return; /* a state in the hash is changed where it is */
	if (se->signed_row >= 0 && se->signed_row < ((kc_id)1 << 62)) {
		w->dense[se->id] = (uint64_t)se->signed_row << 1 | (uint64_t)(se->cleared != 0);
	} else if ((h = ses_hash_add(w, se->id))) {
		*h = *se; /* looked at before the array from now on */
	}
}

/* Only addenda, amendments and the REMS form's submission join a session after its
 * signature; the session row itself never changes again (an un-signing is named as such). */
static void after_signature(struct walk *w, const struct kc_chain_row *row, struct ses *se)
{
	const char *tbl = txt(&row->f[4]), *field = txt(&row->f[6]);

	if (!se || !se->signed_row || row->id <= se->signed_row)
		return;
	if (!*field && (strcmp(tbl, "addendum") == 0 || strcmp(tbl, "amendment") == 0 ||
			strcmp(tbl, "rems_submission") == 0))
		return;
	/* a waste recorded before the signature is witnessed after it (the database allows
	 * nothing else to change on the row) */
	if (strcmp(tbl, "drug_waste") == 0 && (strcmp(field, "witness") == 0 || strcmp(field, "witnessed_at") == 0))
		return;
	w->r->act_problems++;
	if (strcmp(tbl, "session") == 0 && (strcmp(field, "signed_at") == 0 ||
					    strcmp(field, "signed_by") == 0))
		problem(w->r, "audit row %lld un-signs session %lld (signed at audit row %lld): only "
			"ketchart signs, and a signature is never taken back", row->id, se->id,
			se->signed_row);
	else
		problem(w->r, "audit row %lld %s %s row %lld of session %lld after its signature "
			"(audit row %lld): a signed session takes only addenda and amendments",
			row->id, *field ? "changes" : "adds", tbl, atoll(txt(&row->f[5])), se->id,
			se->signed_row);
}

/* What the row's act needs: 0 any active clinician, else the lowest role that may. */
enum need { NEED_CLINICIAN, NEED_PHYSICIAN, NEED_ADMIN, NEED_NOTHING };

static const char *act_name(const struct kc_chain_row *row, const struct ses *se, enum need *need)
{
	const char *tbl = txt(&row->f[4]), *field = txt(&row->f[6]), *nv = txt(&row->f[8]);

	*need = NEED_PHYSICIAN;
	if (strcmp(tbl, "amendment") == 0 && !*field)
		return "amend a signed record";
	if (strcmp(tbl, "screening_answer") == 0 && !*field && row->item &&
	    strcmp(row->item, "override") == 0)
		return "override a blocked screening";
	if (strcmp(tbl, "discharge") == 0 && !*field && row->ready == 0 && row->overridden)
		return "discharge with unmet criteria";
	if (strcmp(tbl, "session") == 0 && strcmp(field, "outcome") == 0 &&
	    strcmp(nv, "discharged") == 0 && !(se && se->cleared))
		return "discharge with unmet criteria";
	*need = NEED_CLINICIAN;
	return "write the chart";
}

static const char *need_name(enum need n)
{
	return n == NEED_ADMIN ? "an admin" : n == NEED_PHYSICIAN ? "a physician" : "an active clinician";
}

/* A clinician row: only an admin writes it, except the database's first clinician (who
 * makes herself its admin) and the one promotion to admin schema 3 made when the
 * database had no admin. */
static enum need clinician_need(struct walk *w, const struct kc_chain_row *row)
{
	const char *field = txt(&row->f[6]), *who = txt(&row->f[3]);

	if (!*field && w->nclin == 0 && row->login && strcmp(row->login, who) == 0)
		return NEED_NOTHING;
	if (strcmp(field, "role") == 0 && row->role && strcmp(row->role, "admin") == 0 && !any_admin(w))
		return NEED_NOTHING;
	return NEED_ADMIN;
}

static void check_actor(struct walk *w, const struct kc_chain_row *row, const struct ses *se)
{
	const char *who = txt(&row->f[3]), *tbl = txt(&row->f[4]);
	const struct clin *c = clin_by_login(w, who);
	char a[ESC_MAX];
	const char *act;
	enum need need;

	if (strcmp(tbl, "clinician") == 0) {
		need = clinician_need(w, row);
		act = "manage clinicians";
	} else {
		act = act_name(row, se, &need);
	}
	if (need == NEED_NOTHING)
		return;
	if (c && c->active && (need == NEED_CLINICIAN || (int)c->role >= (int)need))
		return;
	w->r->act_problems++;
	if (!c || !c->active)
		problem(w->r, "audit row %lld was written by '%s', who was not an active clinician "
			"then: ketchart writes only as one", row->id, esc(who, a));
	else
		problem(w->r, "audit row %lld: '%s' did %s as a %s, which only %s may do (the "
			"clinician audit gives the role at that moment)", row->id, esc(who, a),
			act, kc_role_name(c->role), need_name(need));
}

/* A signature is written by the one it names. */
static void check_signer(struct walk *w, const struct kc_chain_row *row)
{
	char a[ESC_MAX], b[ESC_MAX];

	if (strcmp(txt(&row->f[4]), "session") != 0 || strcmp(txt(&row->f[6]), "signed_by") != 0 ||
	    !row->f[8].p || strcmp(txt(&row->f[8]), txt(&row->f[3])) == 0)
		return;
	w->r->act_problems++;
	problem(w->r, "audit row %lld signs as '%s' but was written by '%s'", row->id,
		esc(txt(&row->f[8]), a), esc(txt(&row->f[3]), b));
}

/* After the checks: the row's own effect on the replayed state. */
static void apply_row(struct walk *w, const struct kc_chain_row *row, struct ses *se)
{
	const char *tbl = txt(&row->f[4]), *field = txt(&row->f[6]);
	enum kc_role role;

	if (strcmp(tbl, "clinician") == 0) {
		struct clin *c = clin_add(w, (kc_id)atoll(txt(&row->f[5])));

		if (!c)
			return;
		if (row->login)
			kc_strlcpy(c->login, row->login, sizeof c->login);
		if (row->role && kc_role_from_name(row->role, &role) == KC_OK)
			c->role = role;
		if (row->active >= 0)
			c->active = row->active == 1;
		if (strcmp(field, "login") == 0)
			kc_strlcpy(c->login, txt(&row->f[8]), sizeof c->login);
		return;
	}
	if (!se)
		return;
	if (strcmp(tbl, "discharge") == 0 && !*field)
		se->cleared = row->ready == 1 || row->overridden;
	if (strcmp(tbl, "session") == 0 && strcmp(field, "signed_at") == 0 && row->f[8].p &&
	    !se->signed_row)
		se->signed_row = row->id;
}

static void replay(struct walk *w, const struct kc_chain_row *row)
{
	struct ses *se = ses_get(w, row->session);

	after_signature(w, row, se);
	check_actor(w, row, se);
	check_signer(w, row);
	apply_row(w, row, se);
	if (se)
		ses_put(w, se);
	if (w->anchor_row && row->id > w->anchor_row && strcmp(txt(&row->f[4]), "session") == 0 &&
	    strcmp(txt(&row->f[6]), "signed_at") == 0 && row->f[8].p)
		w->r->signed_after++;
}

/* ---------- types and the clock ---------- */

static void check_types(struct walk *w, const struct kc_chain_row *row)
{
	if (!row->bad_type)
		return;
	w->r->type_problems++;
	problem(w->r, "audit row %lld: %s, a type ketchart never writes there: it was written "
		"outside ketchart", row->id, row->bad_type);
}

static void utc(long long t, char *out, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(out, n, "%Y-%m-%d %H:%M:%S UTC", &tm))
		snprintf(out, n, "%lld", t);
}

static void check_clock(struct walk *w, const struct kc_chain_row *row)
{
	char a[40], b[40];

	if (!w->now || row->bad_type)
		return;
	utc(row->at, a, sizeof a);
	if (row->at < KC_VERIFY_EPOCH) {
		w->r->clock_problems++;
		problem(w->r, "audit row %lld is dated %s, before ketchart existed: its clock was "
			"set back, or it was written outside ketchart", row->id, a);
	} else if (w->max_at_row && row->at < w->max_at - KC_VERIFY_CLOCK_SLACK) {
		utc(w->max_at, b, sizeof b);
		w->r->clock_problems++;
		problem(w->r, "audit row %lld is dated %s, before audit row %lld (%s)%s: the clock "
			"went back, or it was written outside ketchart", row->id, a, w->max_at_row, b,
			row->at < w->first_at ? ", before the database's first row" : "");
		w->max_at = row->at; /* one finding per jump back, not one per row after it */
		w->max_at_row = row->id;
	} else if (row->at > (long long)w->now + KC_VERIFY_CLOCK_SLACK) {
		w->r->clock_problems++;
		problem(w->r, "audit row %lld is dated %s, in the future: its clock was set ahead, "
			"or it was written outside ketchart", row->id, a);
	}
	if (!w->max_at_row)
		w->first_at = row->at;
	if (!w->max_at_row || row->at > w->max_at) {
		w->max_at = row->at;
		w->max_at_row = row->id;
	}
}

static void on_chain(void *ctx, const struct kc_chain_row *row)
{
	struct walk *w = ctx;
	struct kc_verify_result *r = w->r;
	enum kc_break b = judge_row(w, row);

	if (b != KC_BREAK_NONE)
		report_break(w, row, b);
	r->audit_rows++;
	copy_hash(r->head, &row->hash);
	copy_hash(w->prev, &row->hash);
	/* A row without a valid hash is named once, not again as the row the next one fails
	 * to follow. */
	w->prev_unknown = b == KC_BREAK_UNHASHED;
	w->prev_id = row->id;
	if (w->want_head && !r->head_row && bytes_equal(&row->hash, w->want_head)) {
		r->head_row = row->id;
		r->head_ok = r->first_break == 0;
	}
	if (w->anchor_row && row->id == w->anchor_row && bytes_equal(&row->hash, w->anchor_hash))
		w->anchor_seen = r->first_break == 0 ? 1 : 2;
	check_types(w, row);
	check_clock(w, row);
	replay(w, row);
}

/* ---------- the clinical rows and the schema ---------- */

static const char *shown(const char *v, char *buf)
{
	return v ? esc(v, buf) : "empty";
}

static void on_row(void *ctx, const struct kc_row_finding *f)
{
	struct kc_verify_result *r = ((struct walk *)ctx)->r;
	char a[ESC_MAX], b[ESC_MAX], c[ESC_MAX];

	r->row_problems++;
	if (f->kind == KC_ROW_UNAUDITED)
		problem(r, "%s row %lld has no insert in the audit: it was inserted outside ketchart",
			f->table, f->row_id);
	else if (f->kind == KC_ROW_DELETED)
		problem(r, "%s row %lld is gone: it was deleted outside ketchart (audit row %lld "
			"recorded its entry)", f->table, f->row_id, f->audit_id);
	else if (f->kind == KC_ROW_OWED_MISSING)
		problem(r, "session %lld's REMS form is owed but missing from the list of forms owed "
			"(rems_owed): the row was deleted outside ketchart, so the form was not shown as due",
			f->row_id);
	else if (f->kind == KC_ROW_OWED_EXTRA)
		problem(r, "session %lld is in the list of REMS forms owed (rems_owed) but owes none: "
			"the row was added outside ketchart", f->row_id);
	else if (f->kind == KC_ROW_REINSERTED)
		problem(r, "%s row %lld was entered %lld times: it was deleted outside ketchart and "
			"its number reused (latest entry: audit row %lld)", f->table, f->row_id,
			f->inserts, f->audit_id);
	else
		problem(r, "%s row %lld: %s is %s but the audit says %s (changed outside ketchart)",
			f->table, f->row_id, esc(f->field, c), shown(f->current, a),
			shown(f->expected, b));
}

static void on_type(void *ctx, const char *table, kc_id row_id, const char *column, const char *type)
{
	struct kc_verify_result *r = ((struct walk *)ctx)->r;

	r->type_problems++;
	problem(r, "%s row %lld: %s holds a %s, a type ketchart never stores there: it was "
		"written outside ketchart", table, row_id, column ? column : "?", type ? type : "?");
}

static void on_unreadable(void *ctx, const char *what, const char *why)
{
	struct kc_verify_result *r = ((struct walk *)ctx)->r;
	char a[ESC_MAX];

	r->schema_problems++;
	problem(r, "the %s table cannot be checked (%s): its structure was changed outside "
		"ketchart", what, esc(why, a));
}

static void on_schema(void *ctx, const struct kc_schema_finding *f)
{
	struct kc_verify_result *r = ((struct walk *)ctx)->r;
	static const char *const what[] = {
		[KC_SCHEMA_MISSING] = "was removed", [KC_SCHEMA_CHANGED] = "was changed",
		[KC_SCHEMA_EXTRA] = "was added",
	};

	char a[ESC_MAX];

	r->schema_problems++;
	problem(r, "the %s %s %s outside ketchart: the database's own protection was tampered "
		"with", f->type, esc(f->name, a), what[f->kind]);
}

/* The verdict on --head is what was asked: it takes the last place when the list is full. */
static void judge_head(struct walk *w)
{
	struct kc_verify_result *r = w->r;

	if (!w->want_head || r->head_ok)
		return;
	if (r->shown == KC_VERIFY_SHOWN)
		r->shown--;
	if (!r->head_row)
		problem(r, "head %s not found: the chain was rewritten before it, or it belongs to "
			"another database", w->want_head);
	else
		problem(r, "head %s is audit row %lld, but the chain is broken at or before it "
			"(audit row %lld)", w->want_head, r->head_row, r->first_break);
}

/* The latest anchor: found in the chain with its hash, and the chain whole up to it. */
static void judge_anchor(struct walk *w)
{
	struct kc_verify_result *r = w->r;
	const struct kc_anchor *a = &r->anchor;
	char when[40], file[ESC_MAX];

	if (r->anchor_state != KC_ANCHOR_OK)
		return;
	utc(a->at, when, sizeof when);
	esc(a->file, file);
	if (w->anchor_seen == 1)
		return;
	r->anchor_state = KC_ANCHOR_BROKEN;
	if (r->shown > KC_VERIFY_SHOWN - 2) /* the verdict is shown, with room for --head's */
		r->shown = KC_VERIFY_SHOWN - 2;
	if (w->anchor_seen == 2)
		problem(r, "the anchor of %s (audit row %lld, in %s) holds, but the chain is broken "
			"before it (audit row %lld)", when, a->row, file, r->first_break);
	else if (w->prev_id < a->row)
		problem(r, "the audit ends at row %lld but the anchor written at the signature of %s "
			"recorded row %lld (%lld rows, in %s): the newest entries were deleted "
			"outside ketchart", w->prev_id, when, a->row, a->rows, file);
	else
		problem(r, "audit row %lld no longer has the hash the anchor of %s recorded (in %s): "
			"the chain was rewritten outside ketchart", a->row, when, file);
}

static void find_anchor(struct kc_store *st, struct walk *w, struct kc_err *err)
{
	struct kc_verify_result *r = w->r;
	char file[ESC_MAX];
	int rc = kc_store_anchor_latest(st, &r->anchor, err);

	if (rc == KC_ERR_NOTFOUND) {
		r->anchor_state = KC_ANCHOR_NONE;
	} else if (rc != KC_OK || !r->anchor.row) {
		r->anchor_state = KC_ANCHOR_UNREAD;
		problem(r, "the anchor file %s %s: the record of past signatures was damaged",
			esc(r->anchor.file, file), rc != KC_OK ? "cannot be read" : "holds no anchor");
	} else {
		r->anchor_state = KC_ANCHOR_OK;
		if (r->anchor.bad_lines)
			problem(r, "the anchor file %s has %d damaged lines", esc(r->anchor.file, file),
				r->anchor.bad_lines);
		w->anchor_row = r->anchor.row;
		w->anchor_hash = r->anchor.hash;
	}
	kc_err_clear(err);
}

int kc_verify_with(struct kc_store *st, const struct kc_verify_opts *opts,
		   struct kc_verify_result *out, struct kc_err *err)
{
	struct walk w = { .r = out, .want_head = opts->head, .now = opts->now };
	struct kc_scan_visitor v = { .ctx = &w, .chain = on_chain, .row = on_row,
				     .schema = on_schema, .type = on_type,
				     .unreadable = on_unreadable };
	int rc;

	memset(out, 0, sizeof *out);
	set_zero(w.prev); /* what the first row follows */
	out->head_asked = opts->head != NULL;
	/* A damaged file is a finding of its own; the walk below may still read the rest. */
	if (!opts->no_integrity && kc_store_integrity(st, 0, err) == KC_ERR_CORRUPT) {
		out->damaged = 1;
		problem(out, "%s", err->msg);
	}
	kc_err_clear(err);
	if (!opts->no_anchor)
		find_anchor(st, &w, err);
	rc = kc_store_scan(st, &v, err);
	if (rc == KC_OK && w.hash_failed)
		rc = kc_fail(err, KC_ERR_IO, "the cryptography library (libsodium) cannot start; "
			     "nothing was verified");
	if (rc == KC_OK && w.nomem)
		rc = kc_fail(err, KC_ERR_NOMEM, "out of memory replaying the audit; nothing was "
			     "verified");
	if (rc == KC_OK) {
		judge_anchor(&w);
		judge_head(&w);
	}
	free(w.clin);
	free(w.ses);
	free(w.dense);
	return rc;
}

int kc_verify(struct kc_store *st, const char *head, struct kc_verify_result *out,
	      struct kc_err *err)
{
	struct kc_verify_opts o = { .head = head };

	return kc_verify_with(st, &o, out, err);
}
