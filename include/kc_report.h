/* kc_report.h — the chart as text, CSV and FHIR from stored records; the demo database. */
#ifndef KC_REPORT_H
#define KC_REPORT_H

#include <stdio.h>
#include <time.h>

#include "kc_config.h"
#include "kc_store.h"

/* The session's chart as plain text: header, screening, dose, every vitals reading with
 * its flags, observations, discharge, signature, amendments and addenda. Times local.
 * KC_ERR_NOTFOUND (message "no session N") for an unknown session. */
int kc_report_text(struct kc_store *st, const struct kc_config *cfg, kc_id session, FILE *out,
		   struct kc_err *err);

/* What an export sends and how (`export --format csv|fhir`). The change feed
 * (kc_changes_open): after = an audit cursor (0: from the beginning), since = 0 or only
 * what was entered, corrected or amended at or after it. cursor is set to the last audit
 * id of the export's moment, for the next `--after`. */
struct kc_export_opts {
	kc_id after;
	time_t since;
	int raw;      /* CSV: leave formula-like cells (=, +, -, @, tab, CR first) unguarded; by
		       * default they get a leading ' so a spreadsheet shows them, not runs them */
	int transaction; /* FHIR: a transaction Bundle (a PUT per entry), not a collection */
	kc_id cursor; /* out */
};

/* One row per vitals reading and per observation the feed names, RFC 4180 (CRLF, quoted
 * as needed), a header row first; an amended entry keeps its stored values (status
 * "amended") and is followed by a row per amendment of it in the feed (record_type
 * "amendment"). */
int kc_export_csv(struct kc_store *st, struct kc_export_opts *o, FILE *out, struct kc_err *err);

/* The FHIR R4 Bundle of what the feed names, with the default [fhir] systems and codes:
 * see kc_fhir_export (kc_fhir.h, src/core/fhir.c). */
int kc_export_fhir(struct kc_store *st, struct kc_export_opts *o, FILE *out, struct kc_err *err);

/* Fill an empty database with realistic sample patients and sessions relative to now:
 * one signed IV session with a BP alert and nausea treated, one signed esketamine session,
 * one IV session in progress. Refused if the database already has patients. */
int kc_demo_fill(struct kc_store *st, const struct kc_config *cfg, time_t now, struct kc_err *err);
/* `report --course CHART_NO`: each course of the patient (by route), one line per session
 * (date, route, dose, PHQ-9, GAD-7, PCL-5 for PTSD) with its RESPONSE / REMISSION mark
 * (kc_course.h). KC_ERR_NOTFOUND for an unknown chart number. */
int kc_course_report(struct kc_store *st, const struct kc_config *cfg, const char *chart_no, FILE *out,
		     struct kc_err *err);
/* `export --format csv --table sessions`: one row per session at or after since, its scores,
 * peaks, outcome and the course's judgement; written a patient at a time. raw: as export. */
int kc_export_sessions_csv(struct kc_store *st, const struct kc_config *cfg, time_t since, int raw, FILE *out,
			   struct kc_err *err);
/* `outcomes [--since DATE]`: by course route, patients treated, sessions, response and
 * remission at each course's latest PHQ-9, and adverse-event rates per session. */
int kc_outcomes(struct kc_store *st, const struct kc_config *cfg, time_t since, FILE *out, struct kc_err *err);
/* The demo's treatment courses (demo_course.c): a completed IV course to remission, an
 * esketamine partial responder. `ketchart demo` calls it after kc_demo_fill. */
int kc_demo_courses(struct kc_store *st, const struct kc_config *cfg, time_t now, struct kc_err *err);
/* `demo --sessions N --seed S` (demo_big.c): N sessions of a busy clinic's years up to now,
 * every entry through kc_chart_*, the same for the same seed and now; the last 8 in
 * progress. Refused if the database already has patients. */
int kc_demo_big(struct kc_store *st, const struct kc_config *cfg, time_t now, long sessions, unsigned long seed,
		struct kc_err *err);

#endif
