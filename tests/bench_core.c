/* bench_core.c — median cost of the schedule and of time parsing, the calls the screen
 * makes on every tick. Run by `make bench`; argv[1] (the ketchart binary) is unused. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "kc_schedule.h"
#include "kc_time.h"

#define RUNS 11
#define T0 ((time_t)1795269900) /* 2026-11-21T14:05:00Z */

/* One timed run of n calls; returns ns per call. The sink keeps the calls alive. */
typedef double (*bench_fn)(long n, volatile long *sink);

static double elapsed_ns(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e9 + (double)(b->tv_nsec - a->tv_nsec);
}

static double run_schedule(long n, volatile long *sink)
{
	struct kc_config cfg = { 0 };
	struct kc_sched_input in = { .route = KC_ROUTE_IV, .phase = KC_PHASE_DOSING,
				     .dose_start = T0, .last_reading = T0 + 600 };
	struct kc_sched s;
	struct timespec a, b;

	cfg.general.overdue_after_min = 5;
	cfg.iv.vitals_interval_min = 10;
	cfg.iv.recovery_interval_min = 15;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++) {
		in.route = (enum kc_route)(i % KC_ROUTE_COUNT);
		kc_schedule_next(&in, &cfg, T0 + (i & 4095), &s);
		*sink += s.seconds_left;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	return elapsed_ns(&a, &b) / (double)n;
}

static double run_parse(long n, volatile long *sink, const char *const *texts)
{
	struct timespec a, b;
	time_t t = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++) {
		kc_time_parse(texts[i & 3], &t, NULL);
		*sink += (long)t;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	return elapsed_ns(&a, &b) / (double)n;
}

static double run_parse_utc(long n, volatile long *sink)
{
	static const char *const texts[4] = { "2026-11-21T14:05:00Z", "2026-11-21T14:15Z",
					      "2026-11-21T15:25:00+01:00", "2026-07-01T12:00:30Z" };

	return run_parse(n, sink, texts);
}

static double run_parse_local(long n, volatile long *sink)
{
	static const char *const texts[4] = { "2026-11-21 15:05", "2026-11-21T15:15",
					      "2026-07-01 14:00", "2026-11-21" };

	return run_parse(n, sink, texts);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void report(const char *name, bench_fn fn, long n)
{
	double ns[RUNS];
	volatile long sink = 0;

	fn(n / 10, &sink); /* warm up caches and the time zone data */
	for (int r = 0; r < RUNS; r++)
		ns[r] = fn(n, &sink);
	qsort(ns, RUNS, sizeof ns[0], cmp_double);
	printf("bench_core: %-26s %10.1f ns/op  (median of %d runs x %ld)\n", name,
	       ns[RUNS / 2], RUNS, n);
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	/* A fixed zone with DST keeps local parsing comparable between machines. */
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	report("kc_schedule_next", run_schedule, 5000000);
	report("kc_time_parse (UTC)", run_parse_utc, 500000);
	report("kc_time_parse (local)", run_parse_local, 200000);
	return 0;
}
