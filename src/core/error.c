/* error.c — status values with messages. */
#include "kc_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int kc_fail(struct kc_err *err, int status, const char *fmt, ...)
{
	if (err) {
		va_list ap;

		err->status = status;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	return status;
}

void kc_err_clear(struct kc_err *err)
{
	if (err) {
		err->status = KC_OK;
		err->msg[0] = '\0';
	}
}

const char *kc_status_name(int status)
{
	static const char *const names[] = {
		[KC_OK] = "ok",
		[KC_ERR_INVALID] = "invalid",
		[KC_ERR_NOTFOUND] = "not found",
		[KC_ERR_BUSY] = "busy",
		[KC_ERR_READONLY] = "read-only",
		[KC_ERR_FULL] = "disk full",
		[KC_ERR_CORRUPT] = "corrupt",
		[KC_ERR_SIGNED] = "signed",
		[KC_ERR_IO] = "i/o error",
		[KC_ERR_NOMEM] = "out of memory",
		[KC_ERR_CONFIG] = "configuration error",
		[KC_ERR_DENIED] = "not permitted",
		[KC_ERR_EXISTS] = "already exists",
	};

	if (status < 0 || (size_t)status >= sizeof names / sizeof names[0] || !names[status])
		return "unknown";
	return names[status];
}

size_t kc_int_text(long long v, char *out)
{
	char rev[KC_INT_TEXT];
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	size_t k = 0, len = 0;

	do {
		rev[k++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		out[len++] = '-';
	while (k)
		out[len++] = rev[--k];
	out[len] = '\0';
	return len;
}

void kc_strlcpy(char *dst, const char *src, size_t n)
{
	size_t len;

	if (n == 0)
		return;
	if (!src)
		src = "";
	len = strlen(src);
	if (len >= n)
		len = n - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}
