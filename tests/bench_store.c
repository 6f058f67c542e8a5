/* bench_store.c — what a clinician waits for: saving one vitals entry (one transaction,
 * synchronous=FULL, so an fsync), the state reload a session screen does, and the text
 * report of a long session. Medians over repeated runs; run by `make bench` only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kc_chart.h"
#include "kc_config.h"
#include "kc_report.h"
#include "kc_record.h"
#include "kc_store.h"

#define SAMPLES 41
#define T0 ((time_t)1795269900) /* 2026-11-21T14:05:00Z */

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return v[n / 2];
}

static void die(const char *what, const struct kc_err *err)
{
	fprintf(stderr, "bench_store: %s: %s\n", what, err->msg);
	exit(1);
}

/* The demo's in-progress IV session is the last one created. */
/* What the report and the chart view load (kc_record.h), without formatting. */
static int bench_record(struct kc_store *st, kc_id s, struct kc_err *err)
{
	struct kc_record r;
	int rc = kc_record_load(st, s, &r, err);

	kc_record_free(&r);
	return rc;
}

/* What a charting screen does once a second to notice a takeover (app.c hold_watch),
 * here always with the holder lookup a change elsewhere would cost. */
static int bench_watch(struct kc_store *st, kc_id s, struct kc_err *err)
{
	char holder[KC_LOGIN_MAX];
	long long dv;
	time_t since;
	int rc = kc_store_data_version(st, &dv, err);

	return rc == KC_OK ? kc_session_holder(st, s, holder, sizeof holder, &since, err) : rc;
}

static kc_id open_session(struct kc_store *st)
{
	struct kc_session *rows = NULL;
	size_t n = 0;
	struct kc_err err;
	kc_id id;

	if (kc_session_list_open(st, &rows, &n, &err) != KC_OK || n == 0)
		die("no session in progress", &err);
	id = rows[n - 1].id;
	free(rows);
	return id;
}

static double cpu_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

/* One vitals entry through the chart layer, its CPU time in us (the fsync's wait is not
 * CPU, so the figure is the save's own work, steady on a loaded machine). */
static double one_save(struct kc_store *st, const struct kc_config *cfg, kc_id s, time_t t)
{
	struct kc_vitals_entry e = { .text = { .bp = "128/82", .heart_rate = "74", .spo2 = "98",
					       .resp_rate = "14", .moaas = "5" } };
	struct kc_vitals_result res;
	struct kc_err err;
	double a;

	e.taken = t;
	a = cpu_us();
	if (kc_chart_vitals(st, cfg, s, &e, t, &res, &err) != KC_OK)
		die("vitals", &err);
	return cpu_us() - a;
}

/* A save's cost against the readings already in the session (issue 10: at 300 within
 * 1.2x of at 10): a new session with a baseline, then SAMPLES saves from the 10th reading
 * and SAMPLES more from the 300th. */
static void save_growth(struct kc_store *st, const struct kc_config *cfg, time_t t)
{
	struct kc_patient p = { .chart_no = "BENCH-SAVE", .name = "Bench Save", .dob = "1970-01-01" };
	struct kc_vitals_entry base = { .text = { .bp = "124/80", .heart_rate = "70", .spo2 = "98",
						  .resp_rate = "14", .moaas = "5" }, .baseline = 1 };
	struct kc_vitals_result res;
	double at10[SAMPLES], at300[SAMPLES], m10, m300;
	struct kc_err err;
	kc_id pat, s;
	int n = 0;

	if (kc_chart_patient_add(st, &p, 1, t, &pat, &err) != KC_OK ||
	    kc_chart_session_create(st, pat, KC_ROUTE_IV, "depression", t, &s, &err) != KC_OK)
		die("save session", &err);
	base.taken = ++t;
	if (kc_chart_vitals(st, cfg, s, &base, t, &res, &err) != KC_OK)
		die("baseline", &err);
	for (n = 1; n < 10; n++)
		one_save(st, cfg, s, t += 60);
	for (int i = 0; i < SAMPLES; i++, n++)
		at10[i] = one_save(st, cfg, s, t += 60);
	for (; n < 300; n++)
		one_save(st, cfg, s, t += 60);
	for (int i = 0; i < SAMPLES; i++, n++)
		at300[i] = one_save(st, cfg, s, t += 60);
	m10 = median(at10, SAMPLES);
	m300 = median(at300, SAMPLES);
	printf("bench_store: vitals save CPU at 10 readings  %8.0f us median of %d\n", m10, SAMPLES);
	printf("bench_store: vitals save CPU at 300 readings %8.0f us median of %d  (%.2fx of at 10; target <= 1.2x)\n",
	       m300, SAMPLES, m300 / m10);
}

int main(void)
{
	char dir[] = "/tmp/kc-bench-XXXXXX", db[64];
	struct kc_config cfg;
	struct kc_store *st = NULL;
	struct kc_err err;
	double save[SAMPLES], load[SAMPLES], report[SAMPLES], record[SAMPLES], watch[SAMPLES];
	time_t t = T0;
	kc_id s;

	if (!mkdtemp(dir))
		return 1;
	snprintf(db, sizeof db, "%s/bench.db", dir);
	kc_config_defaults(&cfg);
	if (kc_store_open(&st, db, KC_OPEN_CREATE, "bench", &err) != KC_OK)
		die("open", &err);
	if (kc_demo_fill(st, &cfg, T0, &err) != KC_OK)
		die("demo", &err);
	s = open_session(st);
	for (int i = 0; i < SAMPLES; i++) {
		struct kc_vitals_entry e = { .text = { .bp = "132/84", .heart_rate = "78", .spo2 = "97",
						       .resp_rate = "14", .moaas = "5" } };
		struct kc_vitals_result res;
		struct kc_chart_state cs;
		FILE *devnull = fopen("/dev/null", "w");
		double a;

		t += 60;
		e.taken = t;
		a = now_us();
		if (kc_chart_vitals(st, &cfg, s, &e, t, &res, &err) != KC_OK)
			die("vitals", &err);
		save[i] = now_us() - a;
		a = now_us();
		if (kc_chart_state_load(st, &cfg, s, t, &cs, &err) != KC_OK)
			die("state", &err);
		load[i] = now_us() - a;
		a = now_us();
		if (!devnull || kc_report_text(st, &cfg, s, devnull, &err) != KC_OK)
			die("report", &err);
		report[i] = now_us() - a;
		fclose(devnull);
		a = now_us();
		if (bench_record(st, s, &err) != KC_OK)
			die("record", &err);
		record[i] = now_us() - a;
		a = now_us();
		if (bench_watch(st, s, &err) != KC_OK)
			die("hold watch", &err);
		watch[i] = now_us() - a;
	}
	printf("bench_store: save one vitals entry (fsync)   %8.0f us median of %d\n", median(save, SAMPLES), SAMPLES);
	printf("bench_store: reload session screen state     %8.0f us median of %d\n", median(load, SAMPLES), SAMPLES);
	printf("bench_store: text report, %2d+ readings       %8.0f us median of %d\n", SAMPLES, median(report, SAMPLES), SAMPLES);
	printf("bench_store: load + free the whole record     %8.0f us median of %d\n", median(record, SAMPLES), SAMPLES);
	printf("bench_store: hold watch (data_version+holder) %7.1f us median of %d\n", median(watch, SAMPLES), SAMPLES);
	save_growth(st, &cfg, t + 3600);
	kc_store_close(st);
	{
		char cmd[128];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "bench_store: could not remove %s\n", dir);
	}
	return 0;
}
