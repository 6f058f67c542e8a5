/* test_export_time.c — the CSV export writes its times itself (issue 10: no strftime or
 * localtime per field): the date made once per day, the local offset read once per hour.
 * Every time it writes must be what localtime_r and strftime say, across the days of a
 * year, and across a zone's transitions: New York's spring and autumn hours, Lord Howe's
 * half hour, a zone with no transition, UTC. */
#define _GNU_SOURCE /* open_memstream, setenv */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixture.h"
#include "kc_report.h"

#define MIN 60
#define T0 ((time_t)1767225600) /* 2026-01-01 00:00 UTC */

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	kc_id session;
	char *buf;
	size_t len;
	time_t *times;
	size_t n;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "xtime", "tester");
	f->session = tdb_session(&f->db, tdb_patient(&f->db, "T-1", "Time Patient", "1970-01-01", T0), KC_ROUTE_IV,
				 T0);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	free(f->buf);
	free(f->times);
	return tdb_teardown(state);
}

static void reading(struct fx *f, time_t t)
{
	struct kc_vitals_row r;
	time_t *more = realloc(f->times, (f->n + 1) * sizeof *f->times);

	assert_non_null(more);
	f->times = more;
	f->times[f->n++] = t;
	memset(&r, 0, sizeof r);
	r.session_id = f->session;
	r.taken_at = t;
	r.status = KC_VITALS_TAKEN;
	r.v = (struct kc_vitals){ 120, 80, 72, 98, 14, KC_NONE, 5 };
	if (kc_vitals_add(f->db.st, &r, t, &f->db.err) != KC_OK)
		fail_msg("vitals at %lld: %s", (long long)t, f->db.err.msg);
}

/* The export of the vitals table with TZ set to zone ("" for UTC, written with Z). */
static void export(struct fx *f, const char *zone)
{
	struct kc_export_opts o = { .local = zone[0] != '\0' };
	const char *old = getenv("TZ");
	char *keep = old ? strdup(old) : NULL;
	FILE *out;
	int rc;

	setenv("TZ", zone[0] ? zone : "UTC", 1);
	tzset();
	free(f->buf);
	f->buf = NULL;
	out = open_memstream(&f->buf, &f->len);
	assert_non_null(out);
	rc = kc_export_csv(f->db.st, &o, out, &f->db.err);
	fclose(out);
	if (rc != KC_OK)
		fail_msg("export: %s", f->db.err.msg);
	if (keep)
		setenv("TZ", keep, 1);
	else
		unsetenv("TZ");
	free(keep);
	tzset();
}

/* What the time t is in zone, by the C library: 2026-03-08T01:59:59-05:00, or ...Z. */
static void expected(time_t t, const char *zone, char *out, size_t n)
{
	struct tm tm;
	int off;

	setenv("TZ", zone[0] ? zone : "UTC", 1);
	tzset();
	if (!zone[0]) {
		gmtime_r(&t, &tm);
		strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
		return;
	}
	localtime_r(&t, &tm);
	off = (int)(tm.tm_gmtoff / 60) % (24 * 60);
	snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100,
		 tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100, tm.tm_sec % 100, off < 0 ? '-' : '+', abs(off) / 60,
		 abs(off) % 60);
}

/* Every reading's time column (the 7th) holds what the C library says, in the order the
 * readings were taken. */
static void assert_times(struct fx *f, const char *zone)
{
	time_t *sorted = malloc(f->n * sizeof *sorted);
	const char *line = f->buf;
	size_t k = 0;

	assert_non_null(sorted);
	memcpy(sorted, f->times, f->n * sizeof *sorted);
	for (size_t i = 1; i < f->n; i++) /* insertion sort: the export's order is taken_at */
		for (size_t j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) {
			time_t t = sorted[j];

			sorted[j] = sorted[j - 1];
			sorted[j - 1] = t;
		}
	while ((line = strstr(line, "\r\nvitals,")) != NULL) {
		const char *p = line += 2;
		char want[40], got[40];
		size_t len;

		for (int comma = 0; comma < 6; p++)
			if (*p == ',')
				comma++;
		len = strcspn(p, ",");
		assert_true(len < sizeof got);
		memcpy(got, p, len);
		got[len] = '\0';
		assert_true(k < f->n);
		expected(sorted[k], zone, want, sizeof want);
		if (strcmp(got, want) != 0)
			fail_msg("%s: reading at %lld written as %s, not %s", zone[0] ? zone : "UTC", (long long)sorted[k],
				 got, want);
		k++;
	}
	unsetenv("TZ");
	tzset();
	assert_int_equal(k, f->n);
	free(sorted);
}

/* Each second around a transition, and the hour's edges: the first reading of an hour is
 * on either side of it. */
static void around(struct fx *f, time_t transition)
{
	static const int offsets[] = { -3601, -3600, -1801, -1800, -61, -1, 0, 1, 59, 1799, 1800, 3599, 3600, 7199 };

	for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++)
		reading(f, transition + offsets[i]);
}

static void test_new_york_spring_and_autumn(void **state)
{
	struct fx *f = *state;

	around(f, (time_t)1772953200); /* 2026-03-08 07:00 UTC: 02:00 EST becomes 03:00 EDT */
	around(f, (time_t)1793512800); /* 2026-11-01 06:00 UTC: 02:00 EDT becomes 01:00 EST */
	export(f, "America/New_York");
	assert_times(f, "America/New_York");
}

static void test_lord_howe_half_hour(void **state)
{
	struct fx *f = *state;

	around(f, (time_t)1775314800); /* 2026-04-04 15:00 UTC: +11:00 becomes +10:30 */
	around(f, (time_t)1791041400); /* 2026-10-03 15:30 UTC: +10:30 becomes +11:00 */
	export(f, "Australia/Lord_Howe");
	assert_times(f, "Australia/Lord_Howe");
}

/* A reading every 397 minutes through a year (days, months, a leap-free February, the
 * year's end), written in UTC, in a zone west, one east of UTC with a half hour, and a
 * zone without daylight saving. */
static void test_a_year_in_four_zones(void **state)
{
	static const char *const zones[] = { "", "America/New_York", "Asia/Kolkata", "Asia/Tokyo", "Europe/London" };
	struct fx *f = *state;

	for (time_t t = T0 + 17; t < T0 + 366 * 24 * 3600; t += 397 * MIN)
		reading(f, t);
	for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
		export(f, zones[i]);
		assert_times(f, zones[i]);
	}
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_new_york_spring_and_autumn),
		T(test_lord_howe_half_hour),
		T(test_a_year_in_four_zones),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
