/* fuzz_common.h — what the record and verify targets share: a private folder in /dev/shm
 * (or /tmp), a database made once and written back for every input, and the checks on
 * text that left ketchart. Header-only: each target is one translation unit. */
#ifndef KC_FUZZ_COMMON_H
#define KC_FUZZ_COMMON_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kc_error.h"

static char fz_dir[64], fz_db[128];

static void fz_die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz: %s: %s\n", what, detail ? detail : "");
	abort();
}

static void fz_remove(void)
{
	char cmd[128];

	if (fz_dir[0]) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", fz_dir);
		if (system(cmd) != 0)
			fprintf(stderr, "fuzz: could not remove %s\n", fz_dir);
	}
}

/* A private folder for this process, removed at exit. */
static void fz_folder(const char *tag)
{
	snprintf(fz_dir, sizeof fz_dir, "%s/kcfuzz-%s-%ld", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp",
		 tag, (long)getpid());
	if (mkdir(fz_dir, 0700) != 0)
		fz_die("mkdir", fz_dir);
	snprintf(fz_db, sizeof fz_db, "%s/k.db", fz_dir);
	atexit(fz_remove);
}

/* Remove the database, its -wal/-shm and its anchors. */
static void fz_clean(void)
{
	char p[192];

	unlink(fz_db);
	snprintf(p, sizeof p, "%s-wal", fz_db);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", fz_db);
	unlink(p);
	snprintf(p, sizeof p, "rm -rf '%s/anchors'", fz_dir);
	if (system(p) != 0)
		fz_die("rm", p);
}

static unsigned char *fz_slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long len = 0;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		fz_die("read", path);
	buf = malloc((size_t)len + 1);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len)
		fz_die("read", path);
	fclose(f);
	*n = (size_t)len;
	return buf;
}

static void fz_spill(const unsigned char *b, size_t n)
{
	int fd;

	fz_clean();
	fd = open(fz_db, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, b, n) != (ssize_t)n || close(fd) != 0)
		fz_die("write", fz_db);
}

#endif
