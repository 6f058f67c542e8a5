/* verify.c — the audit chain's hash and the judgement of what kc_store_scan reads: which
 * audit row breaks the chain, which clinical row disagrees with its audit, in sentences a
 * clinic can act on. No SQL here; the store reads, this file decides. */
#include "kc_verify.h"

#include <ctype.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define VALUE_SHOWN 40 /* longer values are cut in messages: the row id finds the rest */

/* ---------- the hash ---------- */

static void put_field(crypto_generichash_state *h, const struct kc_bytes *b)
{
	unsigned char tag[9] = { 0 };

	if (!b->p) {
		crypto_generichash_update(h, tag, 1);
		return;
	}
	tag[0] = 1;
	for (int i = 0; i < 8; i++)
		tag[1 + i] = (unsigned char)((unsigned long long)b->n >> (56 - 8 * i));
	crypto_generichash_update(h, tag, sizeof tag);
	crypto_generichash_update(h, b->p, b->n);
}

int kc_chain_hash(const struct kc_bytes f[KC_CHAIN_FIELDS], char out[KC_HASH_HEX],
		  struct kc_err *err)
{
	crypto_generichash_state h;
	unsigned char md[KC_HASH_BYTES];

	out[0] = '\0';
	if (sodium_init() < 0) /* idempotent; picks the fastest BLAKE2b for this CPU */
		return kc_fail(err, KC_ERR_IO, "the cryptography library (libsodium) cannot start");
	crypto_generichash_init(&h, NULL, 0, sizeof md);
	for (int i = 0; i < KC_CHAIN_FIELDS; i++)
		put_field(&h, &f[i]);
	crypto_generichash_final(&h, md, sizeof md);
	sodium_bin2hex(out, KC_HASH_HEX, md, sizeof md);
	return KC_OK;
}

static int is_hash(const char *s, size_t n)
{
	if (!s || n != KC_HASH_HEX - 1)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
			return 0;
	return 1;
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

struct walk {
	struct kc_verify_result *r;
	const char *want_head;
	char prev[KC_HASH_HEX]; /* the previous row's stored hash */
	kc_id prev_id;
	int prev_unknown;       /* the previous row had no valid hash to follow */
	int hash_failed;        /* libsodium did not start: nothing can be judged */
};

static void problem(struct kc_verify_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void problem(struct kc_verify_result *r, const char *fmt, ...)
{
	va_list ap;

	if (r->shown < KC_VERIFY_SHOWN) {
		va_start(ap, fmt);
		vsnprintf(r->problem[r->shown++], KC_MSG_MAX, fmt, ap);
		va_end(ap);
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
}

/* ---------- the clinical rows and the schema ---------- */

static const char *shown(const char *v, char *buf, size_t n)
{
	if (!v)
		return "empty";
	if (strlen(v) <= VALUE_SHOWN)
		return v;
	snprintf(buf, n, "%.*s...", VALUE_SHOWN, v);
	return buf;
}

static void on_row(void *ctx, const struct kc_row_finding *f)
{
	struct kc_verify_result *r = ((struct walk *)ctx)->r;
	char a[VALUE_SHOWN + 4], b[VALUE_SHOWN + 4];

	r->row_problems++;
	if (f->kind == KC_ROW_UNAUDITED)
		problem(r, "%s row %lld has no insert in the audit: it was inserted outside ketchart",
			f->table, f->row_id);
	else if (f->kind == KC_ROW_DELETED)
		problem(r, "%s row %lld is gone: it was deleted outside ketchart (audit row %lld "
			"recorded its entry)", f->table, f->row_id, f->audit_id);
	else if (f->kind == KC_ROW_REINSERTED)
		problem(r, "%s row %lld was entered %lld times: it was deleted outside ketchart and "
			"its number reused (latest entry: audit row %lld)", f->table, f->row_id,
			f->inserts, f->audit_id);
	else
		problem(r, "%s row %lld: %s is %s but the audit says %s (changed outside ketchart)",
			f->table, f->row_id, f->field, shown(f->current, a, sizeof a),
			shown(f->expected, b, sizeof b));
}

static void on_schema(void *ctx, const struct kc_schema_finding *f)
{
	struct kc_verify_result *r = ((struct walk *)ctx)->r;
	static const char *const what[] = {
		[KC_SCHEMA_MISSING] = "was removed", [KC_SCHEMA_CHANGED] = "was changed",
		[KC_SCHEMA_EXTRA] = "was added",
	};

	r->schema_problems++;
	problem(r, "the %s %s %s outside ketchart: the database's own protection was tampered "
		"with", f->type, f->name, what[f->kind]);
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

int kc_verify(struct kc_store *st, const char *head, struct kc_verify_result *out,
	      struct kc_err *err)
{
	struct walk w = { .r = out, .want_head = head };
	struct kc_scan_visitor v = { .ctx = &w, .chain = on_chain, .row = on_row,
				     .schema = on_schema };
	int rc;

	memset(out, 0, sizeof *out);
	set_zero(w.prev); /* what the first row follows */
	out->head_asked = head != NULL;
	/* A damaged file is a finding of its own; the walk below may still read the rest. */
	if (kc_store_integrity(st, 0, err) == KC_ERR_CORRUPT) {
		out->damaged = 1;
		problem(out, "%s", err->msg);
	}
	kc_err_clear(err);
	rc = kc_store_scan(st, &v, err);
	if (rc == KC_OK && w.hash_failed)
		rc = kc_fail(err, KC_ERR_IO, "the cryptography library (libsodium) cannot start; "
			     "nothing was verified");
	if (rc == KC_OK)
		judge_head(&w);
	return rc;
}
