/* kc_verify.h — proving the record was not changed outside ketchart.
 *
 * The audit is a hash chain (kc_store.h, schema 2). The hash of an audit row is
 *
 *     BLAKE2b-256 (libsodium crypto_generichash, 32 bytes, no key) over
 *     enc(prev_hash) enc(id) enc(at) enc(who) enc(tbl) enc(row_id) enc(field)
 *     enc(old_value) enc(new_value)
 *
 * where enc(NULL) is the single byte 0x00 and enc(v) is 0x01, the length of v's text in
 * 8 bytes big-endian, then the text (SQLite's text of the value: integers in decimal,
 * prev_hash as its 64 lowercase hex digits, 64 '0's before the first row). Written as 64
 * lowercase hex digits. Being length-prefixed, no two different rows encode alike.
 *
 * kc_verify checks, in one read snapshot:
 *   - the chain, in id order: a row without a valid hash was written outside ketchart; a
 *     hash that does not match its row means the row was changed; a gap in the ids means
 *     rows were deleted; a prev_hash that is not the previous row's hash means the chain
 *     was rewritten around it;
 *   - every clinical row against its audit rows (kc_store_scan): changed, deleted,
 *     inserted outside ketchart, or deleted and its id reused;
 *   - the schema against this program's own (a dropped no-delete trigger is named).
 *   - what only the program may do, replaying the audit in id order: after a session's
 *     signature nothing of it but addenda and amendments (no un-signing); every row by an
 *     active clinician, and role-restricted acts (clinicians' roles and logins: admin;
 *     amendments, screening overrides, discharge overrides and discharges with unmet
 *     criteria: physician) by someone holding the role at that moment, as the clinician
 *     table's own audit says; a signature naming its writer;
 *   - every value of the type its column holds (a name stored as a BLOB is a finding; no
 *     finding stops the others);
 *   - with the clock (opts.now, left 0 for a training database whose clock was set by
 *     hand): audit times that go back more than KC_VERIFY_CLOCK_SLACK, that are before
 *     the database's first row or before KC_VERIFY_EPOCH, or after now + the slack;
 *   - the latest anchor (kc_store.h): its audit row must still exist with its hash and
 *     the chain be whole up to it, which catches the newest rows deleted with their audit
 *     tail and a chain rewritten with recomputed hashes before the anchor.
 * What it cannot catch: rows appended after the latest anchor by someone who can write
 * the file and computes the chain, naming a clinician who held the role (the shared mode
 * keeps clinicians from writing the file at all), and anything root does, anchors
 * included. A chain rewritten from some row on with recomputed hashes is consistent
 * again; the anchor, or a head printed by `ketchart verify` and noted elsewhere, catches
 * that: with head, the hash must be some row's hash and the chain valid up to that row. */
#ifndef KC_VERIFY_H
#define KC_VERIFY_H

#include "kc_error.h"
#include "kc_store.h"

#define KC_HASH_BYTES 32
#define KC_HASH_HEX (2 * KC_HASH_BYTES + 1) /* with the NUL */
#define KC_VERIFY_SHOWN 32                  /* problems kept word for word */
#define KC_VERIFY_CLOCK_SLACK 300           /* s an audit time may go back (two saves racing) */
#define KC_VERIFY_EPOCH 1704067200          /* 2024-01-01 UTC: no ketchart row is older */

/* The chain hash of f (see above) into out as lowercase hex. KC_ERR_IO if libsodium
 * cannot start. */
int kc_chain_hash(const struct kc_bytes f[KC_CHAIN_FIELDS], char out[KC_HASH_HEX],
		  struct kc_err *err);

/* A head as typed by a person: 64 hex digits in either case, surrounding blanks ignored;
 * out is lowercase. KC_ERR_INVALID saying what a head looks like otherwise. */
int kc_chain_parse_head(const char *s, char out[KC_HASH_HEX], struct kc_err *err);

enum kc_break {
	KC_BREAK_NONE = 0,
	KC_BREAK_UNHASHED, /* no hash, or not 64 lowercase hex digits */
	KC_BREAK_MISSING,  /* the ids jump: rows before this one were deleted */
	KC_BREAK_CHANGED,  /* the hash does not match the row */
	KC_BREAK_RELINKED, /* prev_hash is not the previous row's hash */
};

struct kc_verify_result {
	long long audit_rows;
	char head[KC_HASH_HEX];  /* the last audit row's stored hash, "" if none */
	long long breaks;        /* audit rows that break the chain */
	kc_id first_break;       /* the first of them, 0 if none */
	enum kc_break first_kind;
	long long row_problems, schema_problems;
	int head_asked;          /* a head was given */
	kc_id head_row;          /* the audit row whose hash it is, 0 if none */
	int head_ok;             /* found, and the chain unbroken up to it */
	int damaged;             /* the file itself is damaged (integrity_check) */
	long long act_problems;  /* acts only the program may do, done otherwise */
	long long type_problems; /* values of a type their column never holds */
	long long clock_problems;/* audit times out of order or outside the database's life */
	int anchor_state;        /* enum kc_anchor_state */
	struct kc_anchor anchor; /* the latest anchor, when found */
	long long signed_after;  /* signatures after the latest anchor (not a problem) */
	size_t problems;         /* everything above that is wrong, head included */
	size_t shown;            /* min(problems, KC_VERIFY_SHOWN) */
	char problem[KC_VERIFY_SHOWN][KC_MSG_MAX]; /* one sentence each, naming the row */
};

enum kc_anchor_state {
	KC_ANCHOR_NONE,    /* no anchor file: the end of the chain is not checked */
	KC_ANCHOR_OK,      /* the chain still holds the latest anchor's row and hash */
	KC_ANCHOR_BROKEN,  /* it does not (a problem) */
	KC_ANCHOR_UNREAD,  /* the file is there but unreadable or holds no anchor (a problem) */
};

struct kc_verify_opts {
	const char *head; /* from kc_chain_parse_head, NULL = none */
	time_t now;       /* the clock checks; 0 = none (a training database) */
	int no_anchor;    /* do not look for the anchor (tests of verify without one) */
	int no_integrity; /* leave PRAGMA integrity_check out: backup runs it on its copy,
			   * which holds the same pages (kc_store_backup) */
};

/* Verify st. KC_OK when the check ran, whatever it found (out->problems == 0: nothing was
 * altered); another status only when the database could not be read. */
int kc_verify_with(struct kc_store *st, const struct kc_verify_opts *opts,
		   struct kc_verify_result *out, struct kc_err *err);
/* The same with head only: no clock checks, the anchor looked for. */
int kc_verify(struct kc_store *st, const char *head, struct kc_verify_result *out,
	      struct kc_err *err);

#endif
