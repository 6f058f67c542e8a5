/* fuzz_entry.c — libFuzzer target for everything a clinician types into a form field.
 *
 * Input: byte 0 picks a time zone and a reference "now"; the rest is split on '\n' into
 * up to FIELDS fields. Every field goes through every single-field parser (vitals,
 * weight, times, dates, the clock variables, the enum name parsers) with the default
 * limits, and the first six fields form one vitals round for kc_parse_vitals.
 *
 * Checked beyond "no crash": on KC_OK a value lies within the configured limits (or is
 * KC_NONE exactly when the field is blank), systolic > diastolic, a weight is in tenths,
 * a time round-trips through its formatted form; on error the status matches, the
 * message is non-empty and terminated, and the outputs keep their sentinel ("nothing is
 * written on error"); kc_parse_vitals agrees with the single parsers field by field;
 * kc_date_check agrees with kc_age_years. An accepted round also goes through
 * kc_vitals_alerts, kc_alerts_join (into a short buffer) and kc_predose_bp_gate. A broken
 * invariant aborts, which libFuzzer reports as a crash. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "kc_clinical.h"
#include "kc_config.h"
#include "kc_time.h"

#define FIELDS 8
#define FIELD_LEN 64 /* longer than any parser accepts: the refusal path is covered too */
#define SENTINEL (-777)
#define SENTINEL_T ((time_t)-777777)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* POSIX rules need no zoneinfo files, so a run is the same on every machine. They
 * cover no DST, both hemispheres, a 30-minute shift and a shift at midnight. */
static const char *const zones[] = {
	"UTC0",
	"CET-1CEST,M3.5.0,M10.5.0/3",
	"AEST-10AEDT,M10.1.0,M4.1.0/3",
	"LHST-10:30LHDT-11,M10.1.0,M4.1.0",
	"CST5CDT,M3.2.0/0,M11.1.0/1",
};

/* Reference times near the edges: DST changes, a leap day, midnight, New Year. */
static const time_t refs[] = {
	1774745400, /* 2026-03-29T00:50:00Z, an hour before the EU spring change */
	1792886400, /* 2026-10-25T00:00:00Z, the night the EU clocks go back */
	1709208000, /* 2024-02-29T12:00:00Z */
	1763726700, /* 2025-11-21T12:05:00Z */
	946684799,  /* 1999-12-31T23:59:59Z */
	1775318400, /* 2026-04-04T16:00:00Z, the night the Australian clocks go back */
	1772956800, /* 2026-03-08T08:00:00Z, US spring change */
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static struct kc_config cfg;

/* A broken invariant: say which, then abort so libFuzzer keeps the input. */
static void fail(const char *what, const char *field)
{
	fprintf(stderr, "fuzz_entry: invariant broken: %s (field \"%s\")\n", what, field);
	abort();
}

static void check(int ok, const char *what, const char *field)
{
	if (!ok)
		fail(what, field);
}

/* A parser that fails must write err itself: what it finds there beforehand is junk. */
static struct kc_err *poison(struct kc_err *err)
{
	memset(err, 0x5a, sizeof *err);
	return err;
}

/* The error contract shared by every parser that fills a struct kc_err. */
static void check_err(int rc, const struct kc_err *err, const char *field)
{
	check(rc != KC_OK, "error path taken with KC_OK", field);
	check(err->status == rc, "err.status differs from the returned status", field);
	check(memchr(err->msg, '\0', sizeof err->msg) != NULL, "message not terminated", field);
	check(err->msg[0] != '\0', "empty error message", field);
}

static int is_blank(const char *s)
{
	return s[strspn(s, " \t")] == '\0';
}

static int in_range(int v, int lo, int hi)
{
	return v >= lo && v <= hi;
}

/* An optional whole-number measure: KC_NONE exactly when blank, else within [lo, hi]. */
static void check_measure(int rc, int v, const struct kc_err *err, int lo, int hi, const char *f)
{
	if (rc != KC_OK) {
		check_err(rc, err, f);
		check(v == SENTINEL, "output written on error", f);
		return;
	}
	if (is_blank(f))
		check(v == KC_NONE, "blank field not KC_NONE", f);
	else
		check(in_range(v, lo, hi), "value outside its limits", f);
}

static void fuzz_bp(const char *f, const struct kc_limits_cfg *lim)
{
	struct kc_err err;
	int s = SENTINEL, d = SENTINEL;
	int rc = kc_parse_bp(f, lim, &s, &d, poison(&err));

	if (rc != KC_OK) {
		check_err(rc, &err, f);
		check(s == SENTINEL && d == SENTINEL, "blood pressure written on error", f);
	} else if (is_blank(f)) {
		check(s == KC_NONE && d == KC_NONE, "blank blood pressure not KC_NONE", f);
	} else {
		check(in_range(s, lim->systolic_min, lim->systolic_max), "systolic out of limits", f);
		check(in_range(d, lim->diastolic_min, lim->diastolic_max), "diastolic out of limits", f);
		check(s > d, "systolic not above diastolic", f);
	}
}

static void fuzz_int_measures(const char *f, const struct kc_limits_cfg *lim)
{
	struct kc_err err;
	int v, rc;

	v = SENTINEL;
	rc = kc_parse_heart_rate(f, lim, &v, poison(&err));
	check_measure(rc, v, &err, lim->heart_rate_min, lim->heart_rate_max, f);
	v = SENTINEL;
	rc = kc_parse_spo2(f, lim, &v, poison(&err));
	check_measure(rc, v, &err, lim->spo2_min, lim->spo2_max, f);
	v = SENTINEL;
	rc = kc_parse_resp_rate(f, lim, &v, poison(&err));
	check_measure(rc, v, &err, lim->resp_rate_min, lim->resp_rate_max, f);
	v = SENTINEL;
	rc = kc_parse_moaas(f, &v, poison(&err));
	check_measure(rc, v, &err, 0, 5, f);
	v = SENTINEL;
	rc = kc_parse_temp(f, lim, &v, poison(&err));
	check_measure(rc, v, &err, (int)lround(lim->temp_min_c * 10),
		      (int)lround(lim->temp_max_c * 10), f);
}

static void fuzz_weight(const char *f, const struct kc_limits_cfg *lim)
{
	struct kc_err err;
	double kg = SENTINEL;
	int rc = kc_parse_weight(f, lim, &kg, poison(&err));
	long t;

	if (rc != KC_OK) {
		check_err(rc, &err, f);
		check(kg == SENTINEL, "weight written on error", f);
		return;
	}
	check(!is_blank(f), "blank weight accepted", f);
	check(isfinite(kg), "weight not finite", f);
	t = lround(kg * 10);
	check(fabs(kg * 10 - (double)t) < 1e-6, "weight not rounded to 0.1 kg", f);
	check(t >= lround(lim->weight_min_kg * 10) && t <= lround(lim->weight_max_kg * 10),
	      "weight outside its limits", f);
}

/* Each single parser on its own, to compare with the whole round. */
static int parse_one(int which, const char *f, const struct kc_limits_cfg *lim, struct kc_vitals *v,
		     struct kc_err *err)
{
	switch (which) {
	case 0:
		return kc_parse_bp(f, lim, &v->systolic, &v->diastolic, err);
	case 1:
		return kc_parse_heart_rate(f, lim, &v->heart_rate, err);
	case 2:
		return kc_parse_spo2(f, lim, &v->spo2, err);
	case 3:
		return kc_parse_resp_rate(f, lim, &v->resp_rate, err);
	case 4:
		return kc_parse_temp(f, lim, &v->temp_dc, err);
	default:
		return kc_parse_moaas(f, &v->moaas, err);
	}
}

static int all_none(const struct kc_vitals *v)
{
	return v->systolic == KC_NONE && v->diastolic == KC_NONE && v->heart_rate == KC_NONE &&
	       v->spo2 == KC_NONE && v->resp_rate == KC_NONE && v->temp_dc == KC_NONE &&
	       v->moaas == KC_NONE;
}

/* An accepted round also goes through the alerts, joined into a short buffer on purpose. */
static void alerts_of(const struct kc_vitals *v, const struct kc_vitals *base, const char *f)
{
	struct kc_alert_list al;
	char line[40], why[24];

	kc_vitals_alerts(v, base, &cfg.alerts, &al);
	check(al.n >= 0 && al.n <= KC_ALERT_MAX, "alert count out of range", f);
	for (int i = 0; i < al.n; i++)
		check(memchr(al.a[i].text, '\0', KC_ALERT_TEXT) && al.a[i].text[0], "bad alert text", f);
	kc_alerts_join(&al, line, sizeof line);
	check(memchr(line, '\0', sizeof line) != NULL, "joined alerts not terminated", f);
	kc_predose_bp_gate(v->systolic, v->diastolic, &cfg.screening, why, sizeof why);
	check(memchr(why, '\0', sizeof why) != NULL, "gate reason not terminated", f);
}

/* The round agrees with its fields: the first refused field's error, or every value. */
static void fuzz_vitals(char f[][FIELD_LEN], const struct kc_limits_cfg *lim)
{
	const struct kc_vitals_text t = { f[0], f[1], f[2], f[3], f[4], f[5] };
	struct kc_vitals want, got, untouched;
	struct kc_err e1, e2;
	int rc1 = KC_OK, rc2;

	kc_vitals_clear(&want);
	for (int i = 0; i < 6 && rc1 == KC_OK; i++)
		rc1 = parse_one(i, f[i], lim, &want, poison(&e1));
	memset(&got, 0x5a, sizeof got);
	untouched = got;
	rc2 = kc_parse_vitals(&t, lim, &got, poison(&e2));
	if (rc2 != KC_OK) {
		check_err(rc2, &e2, f[0]);
		check(memcmp(&got, &untouched, sizeof got) == 0, "round written on error", f[0]);
		if (rc1 != KC_OK)
			check(rc2 == rc1 && strcmp(e1.msg, e2.msg) == 0, "round names another error", f[0]);
		else
			check(all_none(&want), "round refused although its fields are fine", f[0]);
		return;
	}
	check(rc1 == KC_OK, "round accepted although a field is refused", f[0]);
	check(memcmp(&got, &want, sizeof got) == 0, "round differs from its fields", f[0]);
	check(!all_none(&got), "empty round accepted", f[0]);
	alerts_of(&got, NULL, f[0]);
	alerts_of(&got, &got, f[0]);
}

/* An accepted time prints as UTC and reads back as the same second. */
static void fuzz_time(const char *f)
{
	struct kc_err err;
	time_t t = SENTINEL_T, back = SENTINEL_T;
	char utc[40];
	int rc = kc_time_parse(f, &t, poison(&err));

	if (rc != KC_OK) {
		check_err(rc, &err, f);
		check(t == SENTINEL_T, "time written on error", f);
		return;
	}
	kc_time_utc(t, utc, sizeof utc);
	if (strlen(utc) != 20)
		return; /* a year outside 0000-9999 has no 4-digit form */
	check(kc_time_parse(utc, &back, poison(&err)) == KC_OK, "formatted time refused", utc);
	check(back == t, "time does not round-trip", utc);
}

/* "H:MM" as kc_time_local_hm prints it: "HH:MM". */
static void normal_hm(const char *f, char *out, size_t n)
{
	char tmp[FIELD_LEN];
	size_t len;

	f += strspn(f, " \t");
	kc_strlcpy(tmp, f, sizeof tmp);
	len = strlen(tmp);
	while (len > 0 && (tmp[len - 1] == ' ' || tmp[len - 1] == '\t'))
		tmp[--len] = '\0';
	snprintf(out, n, "%s%s", len == 4 ? "0" : "", tmp);
}

/* An accepted "HH:MM" shows that clock time, no more than 12 h after ref, on ref's day or
 * the one before. */
static void fuzz_hm(const char *f, time_t ref)
{
	struct kc_err err;
	time_t t = SENTINEL_T;
	char shown[16], typed[FIELD_LEN + 2];
	int rc = kc_time_parse_hm(f, ref, &t, poison(&err));

	if (rc != KC_OK) {
		check_err(rc, &err, f);
		check(t == SENTINEL_T, "time of day written on error", f);
		return;
	}
	check(t - ref <= 12 * 3600, "time of day more than 12 h ahead", f);
	check(ref - t < 37 * 3600, "time of day more than a day back", f);
	kc_time_local_hm(t, shown, sizeof shown);
	normal_hm(f, typed, sizeof typed);
	check(strcmp(shown, typed) == 0, "time of day shows a different clock time", f);
}

static void fuzz_dob(const char *f, time_t now)
{
	struct kc_err err;
	time_t t;
	int rc = kc_date_check(f, now, poison(&err));
	int age = kc_age_years(f, now);

	if (rc != KC_OK) {
		check_err(rc, &err, f);
		check(age == KC_NONE, "age of a refused date of birth", f);
		return;
	}
	check(age >= 0, "no age for an accepted date of birth", f);
	check(kc_time_parse(f, &t, poison(&err)) == KC_OK, "accepted date of birth is not a date", f);
}

static void fuzz_clock(const char *f, const char *g, time_t now)
{
	struct kc_clock c, before;
	struct kc_err err;
	int rc;

	memset(&c, 0x5a, sizeof c);
	before = c;
	rc = kc_clock_init(&c, f, g, now, poison(&err));
	if (rc != KC_OK) {
		check_err(rc, &err, f);
		check(memcmp(&c, &before, sizeof c) == 0, "clock written on error", f);
		return;
	}
	check(c.scale > 0 && c.scale <= 10000, "clock scale out of range", g);
	check(c.test == (*f || *g), "test flag does not follow the variables", f);
}

/* A name parser accepts only a name its printer gives back (case aside), and leaves out
 * alone otherwise. Each enum starts at the sentinel "count", one past its last value. */
static void check_name(const char *what, int rc, int v, const char *printed, int count,
		       const char *f)
{
	if (rc != KC_OK) {
		check(rc == KC_ERR_INVALID, what, f);
		check(v == count, what, f);
		return;
	}
	check(v >= 0 && v < count, what, f);
	check(strcasecmp(printed, f) == 0, what, f);
}

static void fuzz_names(const char *f)
{
	enum kc_route r = KC_ROUTE_COUNT;
	enum kc_phase p = KC_PHASE_COUNT;
	enum kc_vstatus vs = (enum kc_vstatus)3;
	enum kc_answer a = (enum kc_answer)4;
	enum kc_obs_kind k = KC_OBS_COUNT;
	enum kc_scale sc = KC_SCALE_COUNT;
	int rc;

	rc = kc_route_from_name(f, &r);
	check_name("route name", rc, (int)r, kc_route_name(r), KC_ROUTE_COUNT, f);
	rc = kc_phase_from_name(f, &p);
	check_name("phase name", rc, (int)p, kc_phase_name(p), KC_PHASE_COUNT, f);
	rc = kc_vstatus_from_name(f, &vs);
	check_name("reading status name", rc, (int)vs, kc_vstatus_name(vs), 3, f);
	rc = kc_answer_from_name(f, &a);
	check_name("answer name", rc, (int)a, kc_answer_name(a), 4, f);
	rc = kc_obs_kind_from_name(f, &k);
	check_name("observation kind name", rc, (int)k, kc_obs_kind_name(k), KC_OBS_COUNT, f);
	rc = kc_scale_from_name(f, &sc);
	check_name("scale name", rc, (int)sc, kc_scale_name(sc), KC_SCALE_COUNT, f);
}

/* Switch zone only when it changes: tzset re-reads TZ, and mktime follows it. */
static void use_zone(size_t z)
{
	static size_t current = (size_t)-1;

	if (z == current)
		return;
	setenv("TZ", zones[z], 1);
	tzset();
	current = z;
}

/* Split data on '\n' into NUL-terminated fields; a NUL byte simply ends a field early. */
static int split(const uint8_t *data, size_t size, char f[][FIELD_LEN])
{
	int n = 0;
	size_t len = 0;

	memset(f, 0, sizeof(char[FIELDS][FIELD_LEN]));
	for (size_t i = 0; i < size && n < FIELDS; i++) {
		if (data[i] == '\n') {
			n++;
			len = 0;
		} else if (len + 1 < FIELD_LEN) {
			f[n][len++] = (char)data[i];
		}
	}
	return n < FIELDS ? n + 1 : FIELDS;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	kc_config_defaults(&cfg);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char f[FIELDS][FIELD_LEN];
	time_t ref;
	int n;

	if (size < 1)
		return 0;
	use_zone(data[0] % COUNT(zones));
	ref = refs[(data[0] / COUNT(zones)) % COUNT(refs)];
	n = split(data + 1, size - 1, f);
	for (int i = 0; i < n; i++) {
		fuzz_bp(f[i], &cfg.limits);
		fuzz_int_measures(f[i], &cfg.limits);
		fuzz_weight(f[i], &cfg.limits);
		fuzz_time(f[i]);
		fuzz_hm(f[i], ref);
		fuzz_dob(f[i], ref);
		fuzz_names(f[i]);
		fuzz_clock(f[i], f[(i + 1) % FIELDS], ref);
	}
	fuzz_vitals(f, &cfg.limits);
	return 0;
}
