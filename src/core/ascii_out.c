/* ascii_out.c — the command line's output boundary for a terminal whose locale is not
 * UTF-8 (kc_ascii.h): stderr, and stdout for a sub-command, are rewrapped so that every
 * message and report line printed to such a terminal is ASCII ("allowed 30-280 mmHg",
 * never "30???280"). A stream that is not a terminal (a report written to a file or a
 * pipe) is left alone and stays UTF-8. */
#define _GNU_SOURCE /* fopencookie */
#include "kc_ascii.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct ascii_out {
	int fd;
	char part[4]; /* the start of a character the last write ended in */
	size_t npart;
};

static int put_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The bytes a UTF-8 character starting with c takes (1 for one that starts none). */
static size_t char_len(unsigned char c)
{
	return c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 1;
}

static ssize_t ascii_write(void *cookie, const char *buf, size_t size)
{
	struct ascii_out *o = cookie;
	char in[8], out[1024];
	size_t i = 0, used = 0;

	while (i < size) {
		size_t need, len, k;
		const char *a;

		/* Gather one whole character (or end of buf: keep its start for the next write). */
		if (o->npart == 0 && (unsigned char)buf[i] < 0x80) {
			in[0] = buf[i++];
			k = 1;
		} else {
			memcpy(in, o->part, o->npart);
			k = o->npart;
			o->npart = 0;
			need = char_len((unsigned char)(k ? in[0] : buf[i]));
			while (k < need && i < size)
				in[k++] = buf[i++];
			if (k < need) {
				memcpy(o->part, in, k);
				o->npart = k;
				break;
			}
		}
		in[k] = '\0';
		for (size_t j = 0; j < k; j += len) {
			a = kc_ascii_char(in + j, &len);
			if (used + strlen(a) >= sizeof out) {
				if (put_all(o->fd, out, used) != 0)
					return -1;
				used = 0;
			}
			memcpy(out + used, a, strlen(a));
			used += strlen(a);
		}
	}
	if (used && put_all(o->fd, out, used) != 0)
		return -1;
	return (ssize_t)size;
}

static FILE *ascii_stream(FILE *f, int fd, struct ascii_out *o)
{
	cookie_io_functions_t io = { .write = ascii_write };
	FILE *a;

	fflush(f);
	o->fd = fd;
	a = fopencookie(o, "w", io);
	if (a)
		setvbuf(a, NULL, f == stderr ? _IONBF : _IOLBF, 0);
	return a ? a : f;
}

void kc_ascii_stdio(int out_too)
{
	static struct ascii_out err_o, out_o;
	static int err_done, out_done;

	if (kc_locale_utf8())
		return;
	if (!err_done && isatty(STDERR_FILENO))
		stderr = ascii_stream(stderr, STDERR_FILENO, &err_o);
	err_done = 1;
	if (out_too && !out_done && isatty(STDOUT_FILENO))
		stdout = ascii_stream(stdout, STDOUT_FILENO, &out_o);
	out_done |= out_too;
}
