/* fuzz_records.c — libFuzzer target for the writers of stored text: records built through
 * the charting layer from fuzzed text, then the CSV and FHIR exports, the text report and
 * verify.
 *
 * Input: split on '\n' into up to FIELDS fields: a patient (name, chart number), a session
 * (indication), then groups of four fields that become, in turn, a vitals reading (as
 * typed), an observation (note, intervention, detail), a refused reading (reason) and,
 * once the session is ended and signed, addenda. Whatever the charting layer refuses is
 * simply not stored.
 *
 * Checked beyond "no crash": verify finds nothing wrong with a record built only through
 * ketchart (clock checks on, anchor on); no export or report carries a byte the text rule
 * keeps out (control or direction characters, invalid UTF-8; the report's and the CSV's
 * line breaks and tabs aside); the FHIR export is valid JSON (SQLite's json_valid); every
 * CSV record has the header's number of cells and no cell starts with = + - @ unless it
 * is a plain number or carries the leading quote. */
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <time.h>

#include "fuzz_common.h"
#include "kc_chart.h"
#include "kc_config.h"
#include "kc_report.h"
#include "kc_text.h"
#include "kc_verify.h"

#define FIELDS 24
#define FIELD_LEN 300

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct kc_config cfg;
static unsigned char *tmpl;
static size_t tmpl_n;
static time_t base;
static sqlite3 *jsondb;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct kc_store *st = NULL;
	struct kc_err err;

	(void)argc;
	(void)argv;
	kc_config_defaults(&cfg);
	fz_folder("rec");
	base = time(NULL) + 60;
	if (kc_store_open(&st, fz_db, KC_OPEN_CREATE, "fuzzer", &err) != KC_OK)
		fz_die("open", err.msg);
	kc_store_close(st);
	tmpl = fz_slurp(fz_db, &tmpl_n);
	if (sqlite3_open(":memory:", &jsondb) != SQLITE_OK)
		fz_die("sqlite", "json");
	return 0;
}

static int json_ok(const char *text)
{
	sqlite3_stmt *s = NULL;
	int ok = 0;

	if (sqlite3_prepare_v2(jsondb, "SELECT json_valid(?1)", -1, &s, NULL) != SQLITE_OK)
		fz_die("sqlite", "prepare");
	sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		ok = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return ok;
}

/* ---------- building the record ---------- */

struct run {
	struct kc_store *st;
	struct kc_err err;
	time_t now;
	kc_id patient, session;
	char f[FIELDS][FIELD_LEN];
	int nf;
};

static void split(struct run *r, const uint8_t *d, size_t n)
{
	size_t k = 0;

	r->nf = 1;
	for (size_t i = 0; i < n && r->nf <= FIELDS; i++) {
		if (d[i] == '\n') {
			r->f[r->nf - 1][k] = '\0';
			if (r->nf == FIELDS)
				break;
			r->nf++;
			k = 0;
		} else if (k + 1 < FIELD_LEN) {
			r->f[r->nf - 1][k++] = (char)(d[i] ? d[i] : ' ');
			r->f[r->nf - 1][k] = '\0';
		}
	}
}

static const char *fld(const struct run *r, int i)
{
	return i < r->nf ? r->f[i] : "";
}

static time_t tick(struct run *r)
{
	return r->now += 60;
}

static void patient(struct run *r)
{
	struct kc_patient p = { 0 };

	kc_strlcpy(p.name, fld(r, 0), sizeof p.name);
	kc_strlcpy(p.chart_no, fld(r, 1), sizeof p.chart_no);
	kc_strlcpy(p.dob, "1980-05-17", sizeof p.dob);
	if (kc_chart_patient_add(r->st, &p, 1, tick(r), &r->patient, &r->err) == KC_OK)
		return;
	kc_strlcpy(p.name, "Ada Lovelace", sizeof p.name);
	kc_strlcpy(p.chart_no, "C-1", sizeof p.chart_no);
	if (kc_chart_patient_add(r->st, &p, 1, tick(r), &r->patient, &r->err) != KC_OK)
		fz_die("patient", r->err.msg);
}

static void session(struct run *r)
{
	if (kc_chart_session_create(r->st, r->patient, KC_ROUTE_IV, fld(r, 2), tick(r), &r->session,
				    &r->err) == KC_OK)
		return;
	if (kc_chart_session_create(r->st, r->patient, KC_ROUTE_IV, "depression", tick(r), &r->session,
				    &r->err) != KC_OK)
		fz_die("session", r->err.msg);
}

static void entries(struct run *r)
{
	for (int i = 3; i + 3 < r->nf || i == 3; i += 4) {
		struct kc_vitals_entry v = { .text = { fld(r, i), fld(r, i + 1), fld(r, i + 2),
						       fld(r, i + 3), "", "" } };
		struct kc_vitals_entry no = { .status = KC_VITALS_REFUSED, .reason = fld(r, i) };
		struct kc_obs_entry o = { .kind = KC_OBS_NAUSEA, .scale = KC_SCALE_NRS, .score = i % 11,
					  .note = fld(r, i + 1), .intervention = fld(r, i + 2),
					  .detail = "" };
		struct kc_vitals_result res;
		struct kc_alert_list al;
		kc_id id;

		v.baseline = 1;
		kc_chart_vitals(r->st, &cfg, r->session, &v, tick(r), &res, &r->err);
		kc_chart_vitals(r->st, &cfg, r->session, &no, tick(r), &res, &r->err);
		kc_chart_observation(r->st, &cfg, r->session, &o, tick(r), &id, &al, &r->err);
		o.kind = KC_OBS_OTHER;
		o.detail = fld(r, i + 3);
		kc_chart_observation(r->st, &cfg, r->session, &o, tick(r), &id, &al, &r->err);
	}
	if (kc_chart_end(r->st, &cfg, r->session, "aborted", fld(r, 3), tick(r), &r->err) != KC_OK)
		kc_chart_end(r->st, &cfg, r->session, "aborted", "declined", tick(r), &r->err);
	if (kc_chart_sign(r->st, &cfg, r->session, tick(r), &r->err) == KC_OK)
		for (int i = 4; i < r->nf; i += 5)
			kc_chart_addendum(r->st, r->session, fld(r, i), tick(r), &r->err);
}

/* ---------- the checks ---------- */

static char *capture(struct run *r, int what, size_t *len)
{
	char *text = NULL;
	FILE *mem = open_memstream(&text, len);
	int rc;

	if (!mem)
		fz_die("memstream", "");
	if (what == 0)
		rc = kc_export_csv(r->st, &(struct kc_export_opts){ 0 }, mem, &r->err);
	else if (what == 1)
		rc = kc_export_fhir(r->st, &(struct kc_export_opts){ 0 }, mem, &r->err);
	else
		rc = kc_report_text(r->st, &cfg, r->session, mem, &r->err);
	fclose(mem);
	if (rc != KC_OK)
		fz_die("writer failed", r->err.msg);
	return text;
}

static int plain_number(const char *s)
{
	char *end;

	(void)strtod(s, &end);
	return end != s && *end == '\0';
}

/* One cell as it reads in a spreadsheet (quotes undone) into out. */
static const char *cell(const char *p, char *out, size_t n, size_t *k)
{
	*k = 0;
	if (*p != '"') {
		while (*p && *p != ',' && *p != '\r')
			if (*k + 1 < n)
				out[(*k)++] = *p++;
			else
				p++;
		out[*k] = '\0';
		return p;
	}
	for (p++; *p; p++) {
		if (*p == '"' && p[1] == '"')
			p++;
		else if (*p == '"')
			break;
		if (*k + 1 < n)
			out[(*k)++] = *p;
	}
	out[*k] = '\0';
	return *p ? p + 1 : p;
}

static void check_csv(const char *csv)
{
	static char c[8192];
	int cells = 0, header = -1;
	size_t k;

	for (const char *p = csv; *p;) {
		p = cell(p, c, sizeof c, &k);
		cells++;
		if (kc_text_needs_escape(c, KC_ESC_KEEP_LINES))
			fz_die("a CSV cell carries what the text rule keeps out", c);
		if (c[0] && strchr("=+-@\t\r", c[0]) && !plain_number(c))
			fz_die("CSV cell would run as a formula", c);
		if (*p == ',') {
			p++;
		} else if (*p == '\r' && p[1] == '\n') {
			if (header < 0)
				header = cells;
			else if (cells != header)
				fz_die("CSV record with another number of cells", csv);
			cells = 0;
			p += 2;
		} else if (*p) {
			fz_die("CSV cell not followed by , or CRLF", p);
		}
	}
}

/* The CSV's own CRLF aside, nothing a terminal would act on. */
static void check_no_controls(const char *what, const char *text)
{
	const char *p = text;

	for (; *p; p++)
		if (*p == '\r' && p[1] == '\n')
			p++;
		else if (*p == '\r')
			fz_die(what, "a bare CR");
	if (strchr(text, '\x1b'))
		fz_die(what, "an escape character");
}

static void check_report(const char *rep)
{
	if (kc_text_needs_escape(rep, KC_ESC_KEEP_LINES))
		fz_die("the report carries what the text rule keeps out", rep);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run r;
	struct kc_verify_result *v = calloc(1, sizeof *v);
	struct kc_verify_opts o = { 0 };
	char *text;
	size_t len;

	if (!v)
		fz_die("calloc", "");
	memset(&r, 0, sizeof r);
	split(&r, data, size);
	fz_spill(tmpl, tmpl_n);
	if (kc_store_open(&r.st, fz_db, KC_OPEN_EXISTING, "fuzzer", &r.err) != KC_OK)
		fz_die("open", r.err.msg);
	r.now = base;
	patient(&r);
	session(&r);
	entries(&r);

	text = capture(&r, 0, &len);
	check_no_controls("CSV", text);
	check_csv(text);
	free(text);
	text = capture(&r, 1, &len);
	if (!json_ok(text))
		fz_die("FHIR export is not valid JSON", text);
	free(text);
	text = capture(&r, 2, &len);
	check_report(text);
	free(text);

	o.now = r.now + 60;
	if (kc_verify_with(r.st, &o, v, &r.err) != KC_OK)
		fz_die("verify failed", r.err.msg);
	if (v->problems)
		fz_die("verify finds a record built through ketchart altered", v->problem[0]);
	kc_store_close(r.st);
	free(v);
	return 0;
}
