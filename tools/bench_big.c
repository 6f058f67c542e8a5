/* bench_big.c — the measuring half of the big-database benchmark (tests/bench/bigdb.sh):
 *
 *   bench_big run -- CMD ARGS...    run CMD once (stdout to /dev/null); print
 *                                   "<wall ms> <peak RSS KiB> <CPU ms>" (wait4's rusage)
 *   bench_big paint TEXT -- CMD...  run CMD on a pseudo-terminal (120x40, TERM=xterm) and
 *                                   print "<wall ms> <peak RSS KiB> <CPU ms>" from exec to
 *                                   the moment its output has painted TEXT (escape
 *                                   sequences skipped: the last words of the start
 *                                   screen's key bar, drawn in the same refresh as the
 *                                   lists; the CPU is the program's own up to then, from
 *                                   /proc/PID/schedstat, in ns); then q and wait
 *   bench_big idle TEXT SECONDS [KEYS TEXT2]... -- CMD...   as paint, then (for each
 *                                   KEYS TEXT2 pair) KEYS typed and TEXT2 waited for (the
 *                                   board, a session's chart), then the CPU the program
 *                                   used over SECONDS (utime + stime of /proc/PID/stat) as
 *                                   "<percent of a core>"
 *   bench_big save DIR              the CPU of one vitals save through kc_chart_vitals in a
 *                                   new training database in DIR (its fsync, the same for
 *                                   every save, left out: on a loaded machine it drowns
 *                                   the rest): the median of the saves around the 10th
 *                                   reading of a session and around the 300th of another
 *                                   (three such pairs), timed in turns, as
 *                                   "<us at 10> <us at 300>"
 * Never part of make check's results: `make bench` only (and a smoke run in check). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kc_chart.h"
#include "kc_config.h"
#include "kc_store.h"

static double cpu_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int usage(void)
{
	fprintf(stderr, "usage: bench_big run -- CMD... | paint TEXT -- CMD... | "
			"idle TEXT SECONDS [KEYS TEXT2]... -- CMD... | save DIR\n");
	return 2;
}

static int run(char **cmd)
{
	struct rusage ru;
	int status;
	double t0 = now_ms();
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0)
			dup2(fd, 1);
		execvp(cmd[0], cmd);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
		return 1;
	printf("%.2f %ld %.2f\n", now_ms() - t0, ru.ru_maxrss,
	       (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

/* The CPU a single-threaded process has used so far, in ms (/proc/PID/schedstat: ns
 * on the CPU), or -1. */
static double cpu_sched_ms(pid_t pid)
{
	char path[64];
	unsigned long long ns = 0;
	FILE *f;
	int ok;

	snprintf(path, sizeof path, "/proc/%d/schedstat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	ok = fscanf(f, "%llu", &ns) == 1;
	fclose(f);
	return ok ? (double)ns / 1e6 : -1;
}

/* Feed output bytes through a matcher that skips escape sequences (CSI ... final byte,
 * ESC ( B, ESC + one byte) and looks for text. */
struct matcher {
	const char *text;
	size_t at;
	int esc; /* 0 none, 1 after ESC, 2 inside CSI, 3 the charset byte of ESC ( */
};

static int feed(struct matcher *m, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (m->esc == 1) { /* CSI, a charset designation (ESC ( B), or ESC + one byte */
			m->esc = c == '[' ? 2 : c == '(' || c == ')' ? 3 : 0;
			continue;
		}
		if (m->esc == 3) {
			m->esc = 0;
			continue;
		}
		if (m->esc == 2) {
			if (c >= 0x40 && c <= 0x7e)
				m->esc = 0;
			continue;
		}
		if (c == 0x1b) {
			m->esc = 1;
			continue;
		}
		if (c == (unsigned char)m->text[m->at]) {
			if (!m->text[++m->at])
				return 1;
		} else {
			m->at = c == (unsigned char)m->text[0];
		}
	}
	return 0;
}

/* Start cmd on a pty; wait until text is painted. Returns the child, or -1. */
static pid_t paint(char **cmd, const char *text, int *master, double *ms, double *cpu)
{
	struct winsize ws = { .ws_row = 40, .ws_col = 120 };
	struct matcher m = { .text = text };
	char buf[65536];
	double t0 = now_ms();
	pid_t pid = forkpty(master, NULL, NULL, &ws);

	if (pid == 0) {
		setenv("TERM", "xterm", 1);
		execvp(cmd[0], cmd);
		_exit(127);
	}
	if (pid < 0)
		return -1;
	for (;;) {
		struct pollfd p = { .fd = *master, .events = POLLIN };
		ssize_t got;

		if (now_ms() - t0 > 60000 || poll(&p, 1, 1000) < 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			return -1;
		}
		if (!(p.revents & (POLLIN | POLLHUP)))
			continue;
		got = read(*master, buf, sizeof buf);
		if (got <= 0) {
			waitpid(pid, NULL, 0);
			return -1;
		}
		if (feed(&m, buf, (size_t)got))
			break;
	}
	*ms = now_ms() - t0;
	*cpu = cpu_sched_ms(pid);
	return pid;
}

/* Keep reading (the terminal must not block the program), then q, then wait; the peak RSS. */
static long finish(pid_t pid, int master)
{
	char buf[4096];
	struct rusage ru;
	int status;
	double t0 = now_ms();
	pid_t got;

	memset(&ru, 0, sizeof ru);
	if (write(master, "q", 1) != 1)
		kill(pid, SIGTERM);
	while ((got = wait4(pid, &status, WNOHANG, &ru)) == 0) {
		struct pollfd p = { .fd = master, .events = POLLIN };

		if (poll(&p, 1, 50) > 0 && read(master, buf, sizeof buf) <= 0) {
			got = wait4(pid, &status, 0, &ru);
			break;
		}
		if (now_ms() - t0 > 5000) {
			kill(pid, SIGTERM);
			t0 = now_ms();
		}
	}
	close(master);
	return got == pid ? ru.ru_maxrss : 0;
}

static int paint_cmd(const char *text, char **cmd)
{
	int master;
	double ms, cpu;
	pid_t pid = paint(cmd, text, &master, &ms, &cpu);
	long rss;

	if (pid < 0) {
		fprintf(stderr, "bench_big: '%s' was never painted\n", text);
		return 1;
	}
	rss = finish(pid, master);
	printf("%.2f %ld %.2f\n", ms, rss, cpu);
	return 0;
}

static double cpu_ticks(pid_t pid)
{
	char path[64], buf[2048], *p;
	unsigned long ut = 0, stime = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(buf, sizeof buf, f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	p = strrchr(buf, ')'); /* fields after the command name: state is field 3 */
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &stime) != 2)
		return -1;
	return (double)(ut + stime);
}

/* Type keys into the program, then read its output until text is painted (60 s at most). */
static int type_and_wait(int master, const char *keys, const char *text)
{
	struct matcher m = { .text = text };
	char buf[65536];
	double t0 = now_ms();

	if (write(master, keys, strlen(keys)) != (ssize_t)strlen(keys))
		return -1;
	while (now_ms() - t0 < 60000) {
		struct pollfd p = { .fd = master, .events = POLLIN };
		ssize_t got;

		if (poll(&p, 1, 1000) <= 0 || !(p.revents & (POLLIN | POLLHUP)))
			continue;
		got = read(master, buf, sizeof buf);
		if (got <= 0)
			return -1;
		if (feed(&m, buf, (size_t)got))
			return 0;
	}
	return -1;
}

/* steps: KEYS TEXT2 pairs, n of them (argv's words between SECONDS and --). */
static int idle_cmd(const char *text, double seconds, char **steps, int n, char **cmd)
{
	char buf[65536];
	int master;
	double ms, cpu, t0, c0, c1;
	pid_t pid = paint(cmd, text, &master, &ms, &cpu);

	if (pid < 0) {
		fprintf(stderr, "bench_big: '%s' was never painted\n", text);
		return 1;
	}
	for (int i = 0; i + 1 < n; i += 2)
		if (type_and_wait(master, steps[i], steps[i + 1]) != 0) {
			fprintf(stderr, "bench_big: '%s' was never painted after '%s'\n", steps[i + 1], steps[i]);
			finish(pid, master);
			return 1;
		}
	c0 = cpu_ticks(pid);
	t0 = now_ms();
	while (now_ms() - t0 < seconds * 1000) {
		struct pollfd p = { .fd = master, .events = POLLIN };

		if (poll(&p, 1, 100) > 0 && read(master, buf, sizeof buf) <= 0)
			break;
	}
	c1 = cpu_ticks(pid);
	t0 = now_ms() - t0;
	if (n)
		kill(pid, SIGTERM); /* q quits the start screen only; the program ends on TERM */
	finish(pid, master);
	if (c0 < 0 || c1 < 0)
		return 1;
	printf("%.3f\n", 100.0 * (c1 - c0) / (double)sysconf(_SC_CLK_TCK) / (t0 / 1000.0));
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

#define SAVE_AROUND 11 /* saves timed around each size */

/* One reading saved as the bench's nth of its session: its CPU ms (the fsync's wait is
 * not CPU). */
static int save_one(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t t0, int nth,
		    double *ms, struct kc_err *err)
{
	static const char *const bp[] = { "128/80", "132/82", "126/78", "130/84" };
	struct kc_vitals_entry e;
	struct kc_vitals_result res;
	time_t t = t0 + nth * 60;
	double a;
	int rc;

	memset(&e, 0, sizeof e);
	e.text = (struct kc_vitals_text){ bp[nth % 4], "72", "98", "14", "", "5" };
	e.taken = t;
	a = cpu_ms();
	rc = kc_chart_vitals(st, cfg, session, &e, t + 30, &res, err);
	*ms = cpu_ms() - a;
	return rc;
}

/* A patient (chart B-no) with a session in the screening phase. */
static int bench_session(struct kc_store *st, int no, time_t t0, kc_id *session, struct kc_err *err)
{
	struct kc_patient p;
	kc_id patient = 0;
	int rc;

	memset(&p, 0, sizeof p);
	snprintf(p.chart_no, sizeof p.chart_no, "B-%d", no);
	snprintf(p.name, sizeof p.name, "Bench Patient %d", no);
	kc_strlcpy(p.dob, "1970-01-01", sizeof p.dob);
	rc = kc_chart_patient_add(st, &p, 0, t0, &patient, err);
	if (rc == KC_OK)
		rc = kc_chart_session_create(st, patient, KC_ROUTE_IV, "depression", t0, session, err);
	return rc;
}

#define SAVE_PAIRS 3 /* pairs of sessions, one at 10 readings and one at 300 */

/* SAVE_PAIRS pairs of sessions, one of each filled to 300 - SAVE_AROUND / 2 - 1 readings,
 * the other to 10 - SAVE_AROUND / 2 - 1; then the saves around the 10th reading of the one
 * and around the 300th of the other, in turns: a burst of load from other processes on
 * the machine, a cold start or the file growing falls on both sizes alike, and the ratio
 * is the save's own. The pairs make the medians of SAVE_PAIRS * SAVE_AROUND saves each (one
 * save's CPU varies by a quarter from the next on a busy machine). */
static int save_cmd(const char *dir)
{
	struct kc_config cfg;
	struct kc_store *st = NULL;
	struct kc_err err;
	char path[4096];
	double at10[SAVE_PAIRS * SAVE_AROUND], at300[SAVE_PAIRS * SAVE_AROUND], ms;
	time_t t0 = time(NULL) - 2 * 86400;
	kc_id small[SAVE_PAIRS], big[SAVE_PAIRS];
	const char *login = getenv("LOGNAME") ? getenv("LOGNAME") : "bench";
	int rc, n = 0;

	kc_config_defaults(&cfg);
	snprintf(path, sizeof path, "%s/save.db", dir);
	rc = kc_store_open(&st, path, KC_OPEN_CREATE | KC_OPEN_TRAINING, login, &err);
	for (int p = 0; rc == KC_OK && p < SAVE_PAIRS; p++) {
		rc = bench_session(st, 2 * p + 1, t0, &small[p], &err);
		if (rc == KC_OK)
			rc = bench_session(st, 2 * p + 2, t0, &big[p], &err);
		for (int i = 1; rc == KC_OK && i < 300 - SAVE_AROUND / 2; i++)
			rc = save_one(st, &cfg, big[p], t0, i, &ms, &err);
		for (int i = 1; rc == KC_OK && i < 10 - SAVE_AROUND / 2; i++)
			rc = save_one(st, &cfg, small[p], t0, i, &ms, &err);
	}
	for (int k = 0; rc == KC_OK && k < SAVE_AROUND; k++)
		for (int p = 0; rc == KC_OK && p < SAVE_PAIRS; p++, n++) {
			rc = save_one(st, &cfg, small[p], t0, 10 - SAVE_AROUND / 2 + k, &at10[n], &err);
			if (rc == KC_OK)
				rc = save_one(st, &cfg, big[p], t0, 300 - SAVE_AROUND / 2 + k, &at300[n], &err);
		}
	if (st)
		kc_store_close(st);
	if (rc != KC_OK) {
		fprintf(stderr, "bench_big: save: %s\n", err.msg);
		return 1;
	}
	qsort(at10, (size_t)n, sizeof *at10, cmp_double);
	qsort(at300, (size_t)n, sizeof *at300, cmp_double);
	printf("%.1f %.1f\n", at10[n / 2] * 1000, at300[n / 2] * 1000);
	return 0;
}

int main(int argc, char **argv)
{
	int dd = 0;

	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			dd = i;
			break;
		}
	if (argc >= 3 && strcmp(argv[1], "run") == 0 && dd == 2 && dd + 1 < argc)
		return run(argv + dd + 1);
	if (argc >= 4 && strcmp(argv[1], "paint") == 0 && dd == 3 && dd + 1 < argc)
		return paint_cmd(argv[2], argv + dd + 1);
	if (argc >= 5 && strcmp(argv[1], "idle") == 0 && dd >= 4 && (dd - 4) % 2 == 0 && dd + 1 < argc)
		return idle_cmd(argv[2], atof(argv[3]), argv + 4, dd - 4, argv + dd + 1);
	if (argc == 3 && strcmp(argv[1], "save") == 0)
		return save_cmd(argv[2]);
	return usage();
}
