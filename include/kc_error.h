/* kc_error.h — errors are values: a status code plus a message a clinician can act on. */
#ifndef KC_ERROR_H
#define KC_ERROR_H

#include <stddef.h>

enum kc_status {
	KC_OK = 0,
	KC_ERR_INVALID,  /* the input was refused (the message says why) */
	KC_ERR_NOTFOUND, /* no such patient / session / row */
	KC_ERR_BUSY,     /* the database is locked by another writer */
	KC_ERR_READONLY, /* the database or its folder cannot be written */
	KC_ERR_FULL,     /* the disk is full */
	KC_ERR_CORRUPT,  /* the database file is damaged or not a database */
	KC_ERR_SIGNED,   /* the session is signed and read-only */
	KC_ERR_IO,       /* any other storage or file failure */
	KC_ERR_NOMEM,
	KC_ERR_CONFIG,   /* the configuration is invalid */
	KC_ERR_DENIED,   /* this clinician's role does not permit it (or not a clinician) */
	KC_ERR_EXISTS,   /* a record like it exists: the caller asks the clinician, then confirms */
};

#define KC_MSG_MAX 256

struct kc_err {
	int status;
	char msg[KC_MSG_MAX];
};

/* Fill err (may be NULL) with status and a formatted message; return status. */
int kc_fail(struct kc_err *err, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reset err to KC_OK with an empty message. */
void kc_err_clear(struct kc_err *err);

/* A short name for a status ("ok", "invalid", "busy", ...). */
const char *kc_status_name(int status);

/* Copy src into dst (size n), always NUL-terminated, truncating. */
void kc_strlcpy(char *dst, const char *src, size_t n);

/* v in decimal, as "%lld" writes it, into out (room for KC_INT_TEXT bytes: the longest,
 * "-9223372036854775808", and its NUL), NUL-terminated; returns its length. The writers of
 * many numbers (the vitals table, the FHIR export, verify's chain) use it, not snprintf. */
#define KC_INT_TEXT 21
size_t kc_int_text(long long v, char *out);

#endif
