/* test_export_stream.c — the exports read every entry through one stream (kc_entries_open)
 * inside one read transaction: the order (sessions oldest first by creation, not by id; a
 * reading before an observation of the same second), and a save made by another
 * clinician while the export is being written is not half in it. */
#define _GNU_SOURCE /* fopencookie */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "kc_chart.h"
#include "kc_report.h"

#define MIN 60
#define T0 ((time_t)1763726400) /* 2025-11-21 12:00 UTC */
#define ACTOR "tester"

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	kc_id late_session, early_session; /* created in this order; early is the older */
	struct kc_store *other;            /* another clinician's connection */
	int saved;                         /* the other clinician has saved during the export */
	const char *mark;                  /* ... once the output holds this (the header's end) */
	char *buf;
	size_t len;
};

static void add_vitals(struct kc_store *st, kc_id session, time_t t, int sys)
{
	struct kc_vitals_row r;
	struct kc_err err;

	memset(&r, 0, sizeof r);
	r.session_id = session;
	r.taken_at = t;
	r.status = KC_VITALS_TAKEN;
	r.v = (struct kc_vitals){ sys, 80, 72, 98, 14, KC_NONE, 5 };
	if (kc_vitals_add(st, &r, t, &err) != KC_OK)
		fail_msg("vitals: %s", err.msg);
}

static void observe(struct fx *f, kc_id session, time_t t)
{
	struct kc_obs_entry e = { .kind = KC_OBS_NAUSEA, .scale = KC_SCALE_NRS, .score = 3, .detail = "",
				  .intervention = "", .note = "", .observed = t };

	assert_int_equal(kc_chart_observation(f->db.st, &f->db.cfg, session, &e, t, NULL, NULL, &f->db.err),
			 KC_OK);
}

/* The session with the higher id is the older one: the export follows creation times. */
static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "xstream", ACTOR);
	f->late_session = tdb_session(&f->db, tdb_patient(&f->db, "L-1", "Late Patient", "1970-01-01", T0),
				      KC_ROUTE_IV, T0 + 120 * MIN);
	f->early_session = tdb_session(&f->db, tdb_patient(&f->db, "E-1", "Early Patient", "1971-01-01", T0),
				       KC_ROUTE_IV, T0);
	add_vitals(f->db.st, f->late_session, T0 + 130 * MIN, 131);
	add_vitals(f->db.st, f->early_session, T0 + 10 * MIN, 111);
	observe(f, f->early_session, T0 + 10 * MIN); /* the same second as the reading */
	add_vitals(f->db.st, f->early_session, T0 + 5 * MIN, 105);
	assert_int_equal(kc_store_open(&f->other, f->db.path, KC_OPEN_EXISTING, ACTOR, &f->db.err), KC_OK);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	kc_store_close(f->other);
	free(f->buf);
	return tdb_teardown(state);
}

/* An unbuffered output: the first write after the header is when the other clinician
 * saves a reading (the entries are being read by then). */
static ssize_t save_on_write(void *cookie, const char *p, size_t n)
{
	struct fx *f = cookie;
	char *grown;

	if (!f->saved && f->buf && strstr(f->buf, f->mark)) {
		f->saved = 1;
		add_vitals(f->other, f->late_session, T0 + 140 * MIN, 199);
	}
	grown = realloc(f->buf, f->len + n + 1);
	assert_non_null(grown);
	f->buf = grown;
	memcpy(f->buf + f->len, p, n);
	f->len += n;
	f->buf[f->len] = '\0';
	return (ssize_t)n;
}

static void export(struct fx *f, int fhir, int save_meanwhile)
{
	cookie_io_functions_t io = { .write = save_on_write };
	FILE *out;

	free(f->buf);
	f->buf = NULL;
	f->len = 0;
	f->saved = save_meanwhile ? 0 : 1;
	f->mark = fhir ? "\"entry\":[" : "amendment_reason\r\n";
	out = fopencookie(f, "w", io);
	assert_non_null(out);
	setvbuf(out, NULL, _IONBF, 0);
	assert_int_equal(fhir ? kc_export_fhir(f->db.st, &(struct kc_export_opts){ 0 }, out, &f->db.err)
			      : kc_export_csv(f->db.st, &(struct kc_export_opts){ 0 }, out, &f->db.err), KC_OK);
	fclose(out);
	assert_non_null(f->buf);
}

static const char *after(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);

	if (!p)
		fail_msg("no \"%s\" in:\n%s", needle, hay);
	return p + strlen(needle);
}

static void test_sessions_oldest_first_readings_in_time_order(void **state)
{
	struct fx *f = *state;
	const char *p;

	export(f, 0, 0); /* the vitals table: the observation is in the observations table */
	p = after(f->buf, ",2,E-1,Early Patient,iv,2025-11-21T12:05:00Z");
	p = after(p, ",2,E-1,Early Patient,iv,2025-11-21T12:10:00Z");
	after(p, ",1,L-1,Late Patient,iv,2025-11-21T14:10:00Z");
}

static void test_a_save_during_the_csv_export_is_not_in_it(void **state)
{
	struct fx *f = *state;

	export(f, 0, 1);
	assert_int_equal(f->saved, 1); /* the other clinician saved mid-export */
	assert_null(strstr(f->buf, ",199,"));
	assert_null(strstr(f->buf, "2025-11-21T14:20:00Z"));
	export(f, 0, 0); /* the next export has it */
	assert_non_null(strstr(f->buf, ",199,"));
}

static void test_a_save_during_the_fhir_export_is_not_in_it(void **state)
{
	struct fx *f = *state;

	export(f, 1, 1);
	assert_int_equal(f->saved, 1);
	assert_null(strstr(f->buf, "2025-11-21T14:20:00Z"));
	assert_non_null(strstr(f->buf, "\n]}\n"));
	export(f, 1, 0);
	assert_non_null(strstr(f->buf, "2025-11-21T14:20:00Z"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)
		T(test_sessions_oldest_first_readings_in_time_order),
		T(test_a_save_during_the_csv_export_is_not_in_it),
		T(test_a_save_during_the_fhir_export_is_not_in_it),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
