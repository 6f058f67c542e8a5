/* test_export_acks.c — `export --format csv --table acks` (issue 11): one row per action of
 * an acknowledgement, a CRIT alert's and a side effect's interventions, with the session,
 * what it acknowledges (vitals or observation and its id), the time, who, kind, choice,
 * text, rate and the one wording; the other tables' conventions: the formula guard, --tz
 * local with the offset, --bom, the change feed's --after cursor, and the status of the
 * entry acknowledged (an action of an observation entered in error goes with it). */
#define _GNU_SOURCE /* open_memstream, setenv */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "kc_ack.h"
#include "kc_chart.h"
#include "kc_report.h"

#define MIN 60
#define T0 ((time_t)1924992000) /* 2031-01-01 00:00 UTC */
#define DOSE (T0 + 60 * MIN)

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	kc_id patient, session, crit, obs;
	char *buf;
	size_t len;
};

#define assert_has(hay, needle)                                                              \
	do {                                                                                  \
		if (!strstr((hay), (needle)))                                                 \
			fail_msg("no \"%s\" in:\n%s", (needle), (hay));                       \
	} while (0)

static struct kc_ack_action act(const struct kc_ack_offer *o, const char *choice, const char *text)
{
	struct kc_ack_action a;

	for (int i = 0; i < o->n; i++)
		if (strcmp(o->item[i].choice, choice) == 0) {
			kc_ack_pick(o, i, text, 0, &a);
			return a;
		}
	fail_msg("\"%s\" is not offered", choice);
	return a;
}

static kc_id reading(struct fx *f, time_t at, const char *bp, int baseline)
{
	struct kc_vitals_entry e = { .taken = at, .baseline = baseline };
	struct kc_vitals_result res;

	e.text = (struct kc_vitals_text){ bp, "72", "98", "14", "", "5" };
	assert_int_equal(kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, at + 30, &res, &f->db.err), KC_OK);
	return res.id;
}

/* A nausea at `at` treated with an antiemetic and what `other` says. */
static kc_id nausea(struct fx *f, time_t at, const char *other)
{
	struct kc_ack_offer o;
	struct kc_ack_action a[2];
	struct kc_obs_entry e = { .kind = KC_OBS_NAUSEA, .scale = KC_SCALE_NRS, .score = 6, .detail = "",
				  .intervention = "", .note = "", .observed = at, .acts = a, .n_acts = 2 };
	kc_id id = 0;

	kc_ack_offer_effect(&f->db.cfg, KC_OBS_NAUSEA, 0, &o);
	a[0] = act(&o, "ondansetron 4 mg IV", "");
	a[1] = act(&o, "other", other);
	assert_int_equal(kc_chart_observation(f->db.st, &f->db.cfg, f->session, &e, at + 10 * MIN, &id, NULL,
					      &f->db.err), KC_OK);
	return id;
}

/* A session with a CRIT reading acknowledged with two actions (the second a formula-like
 * text), and a nausea entered 10 minutes after it was seen, with two interventions. */
static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct kc_ack_offer o;
	struct kc_ack_action a[2];

	assert_non_null(f);
	tdb_create(&f->db, "export_acks", "tester");
	f->patient = tdb_patient(&f->db, "KC-77", "Ack Export", "1980-01-01", T0 - 86400);
	f->session = tdb_session(&f->db, f->patient, KC_ROUTE_IV, T0);
	tdb_screen_clear(&f->db, f->session, KC_ROUTE_IV, T0 - 10 * 3600, T0 + 5 * MIN);
	reading(f, T0 + 10 * MIN, "120/80", 1);
	f->crit = reading(f, T0 + 20 * MIN, "185/112", 0);
	assert_int_equal(kc_chart_ack_offer(f->db.st, &f->db.cfg, f->session, T0 + 21 * MIN, &o, &f->db.err), KC_OK);
	a[0] = act(&o, KC_ACK_NOTIFY, "Dr Lee");
	a[1] = act(&o, "other", "=1+1 cool cloth");
	assert_int_equal(kc_chart_ack_actions(f->db.st, &f->db.cfg, f->crit, a, 2, T0 + 21 * MIN, &f->db.err), KC_OK);
	f->obs = nausea(f, T0 + 30 * MIN, "fresh air");
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	free(f->buf);
	return tdb_teardown(state);
}

static void export(struct fx *f, struct kc_export_opts *o)
{
	FILE *out;

	free(f->buf);
	f->buf = NULL;
	out = open_memstream(&f->buf, &f->len);
	assert_non_null(out);
	o->table = "acks";
	o->cfg = &f->db.cfg;
	if (kc_export_csv(f->db.st, o, out, &f->db.err) != KC_OK)
		fail_msg("export acks: %s", f->db.err.msg);
	fclose(out);
}

static size_t lines(const char *s)
{
	size_t n = 0;

	for (; (s = strstr(s, "\r\n")); s += 2)
		n++;
	return n;
}

static void one_row_per_action(void **state)
{
	struct fx *f = *state;
	struct kc_export_opts o = { 0 };
	char want[512];

	export(f, &o);
	assert_has(f->buf, "record_type,row_id,session_id,chart_no,patient,route,time_utc,entered_utc,acknowledges,"
			   "acknowledged_id,seq,kind,choice,text,rate_ml_per_h,wording,entered_by,status,error_reason,"
			   "corrects,amends,amended_to,amendment_reason\r\n");
	assert_int_equal(lines(f->buf), 1 + 4);
	snprintf(want, sizeof want, ",%lld,KC-77,Ack Export,iv,2031-01-01T00:21:00Z,2031-01-01T00:21:00Z,vitals,%lld,1,"
		 "notify,physician notified,Dr Lee,,physician notified: Dr Lee,tester,valid,,,,,\r\n",
		 f->session, f->crit);
	assert_has(f->buf, want);
	/* the side effect's: its time is when it was seen, entered 10 minutes later */
	snprintf(want, sizeof want, "iv,2031-01-01T00:30:00Z,2031-01-01T00:40:00Z,observation,%lld,1,antiemetic,"
		 "ondansetron 4 mg IV,,,ondansetron 4 mg IV,tester,valid", f->obs);
	assert_has(f->buf, want);
	snprintf(want, sizeof want, "observation,%lld,2,other,other,fresh air,,fresh air,tester,valid", f->obs);
	assert_has(f->buf, want);
}

static void formula_guarded_unless_raw(void **state)
{
	struct fx *f = *state;
	struct kc_export_opts o = { 0 };

	export(f, &o);
	assert_has(f->buf, ",other,other,\"'=1+1 cool cloth\",,\"'=1+1 cool cloth\",");
	o = (struct kc_export_opts){ .raw = 1 };
	export(f, &o);
	assert_has(f->buf, ",other,other,=1+1 cool cloth,,=1+1 cool cloth,");
}

static void local_time_and_bom(void **state)
{
	struct fx *f = *state;
	struct kc_export_opts o = { .local = 1, .bom = 1 };
	const char *keep = getenv("TZ");
	char saved[64] = "";

	if (keep)
		snprintf(saved, sizeof saved, "%s", keep);
	setenv("TZ", "America/New_York", 1);
	tzset();
	export(f, &o);
	if (saved[0])
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	assert_memory_equal(f->buf, "\xEF\xBB\xBF" "record_type,", 15);
	assert_has(f->buf, "time_local,entered_local");
	assert_has(f->buf, ",2030-12-31T19:30:00-05:00,2030-12-31T19:40:00-05:00,observation,");
}

/* --after the cursor of an export: only the actions written since. */
static void after_cursor_only_new(void **state)
{
	struct fx *f = *state;
	struct kc_export_opts o = { 0 };
	kc_id later;
	char want[128];

	export(f, &o);
	later = nausea(f, T0 + 50 * MIN, "window opened");
	o = (struct kc_export_opts){ .after = o.cursor };
	export(f, &o);
	assert_int_equal(lines(f->buf), 1 + 2);
	snprintf(want, sizeof want, ",observation,%lld,2,other,other,window opened,", later);
	assert_has(f->buf, want);
	assert_null(strstr(f->buf, "Dr Lee"));
}

/* An action of an observation entered in error goes out with its status and reason. */
static void status_of_the_entry_acknowledged(void **state)
{
	struct fx *f = *state;
	struct kc_export_opts o = { 0 };

	assert_int_equal(kc_chart_obs_correct(f->db.st, &f->db.cfg, f->session, f->obs, KC_EIE_WRONG_PATIENT,
					      "charted on the wrong patient", NULL, T0 + 60 * MIN, NULL, NULL,
					      &f->db.err), KC_OK);
	export(f, &o);
	assert_has(f->buf, ",fresh air,tester,entered in error,charted on the wrong patient,,,,\r\n");
	assert_has(f->buf, ",physician notified: Dr Lee,tester,valid,,,,,\r\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(one_row_per_action, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(formula_guarded_unless_raw, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(local_time_and_bom, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(after_cursor_only_new, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(status_of_the_entry_acknowledged, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
