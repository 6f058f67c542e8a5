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
	int bom;      /* CSV: a UTF-8 byte order mark first (spreadsheets on Windows) */
	int local;    /* CSV: times in local time with their UTC offset, not UTC (Z) */
	const char *table; /* CSV: "vitals" (NULL), "observations", "doses", "scores", "acks", "sessions" */
	const struct kc_config *cfg; /* the sessions table's course rules */
	kc_id cursor; /* out */
};

/* A CSV table the feed names, RFC 4180 (CRLF, quoted as needed), a header row first whose
 * time columns end in _utc or _local. Every row carries its row_id, its status ("valid",
 * "entered in error" with the reason, "amended") and, on a replacement, the row it
 * corrects; an amended entry keeps its stored values and is followed by one row of
 * record_type "amendment" per amendment in the feed (amends "vitals 14", amended_to,
 * amendment_reason).
 *   vitals: readings (taken, refused, unavailable: never dropped) and weights;
 *   observations: side effects; doses: dose events with product, mg, mL/h, device, lot;
 *   scores: PHQ-9, GAD-7, C-SSRS, PCL-5 (items, total, band or risk), CADSS and CADSS-6,
 *   discharge assessments (Aldrete); acks: one row per action of an acknowledgement (a CRIT
 *   alert's or a side effect's interventions: acknowledges vitals|observation and its id,
 *   seq, kind, choice, text, rate, the one wording; time the side effect's, else the
 *   acknowledgement's; status that of the entry acknowledged); sessions: one row per session with its course's
 *   judgement (a changed session sends its whole course: response depends on all of it).
 * KC_ERR_INVALID for an unknown table. */
int kc_export_csv(struct kc_store *st, struct kc_export_opts *o, FILE *out, struct kc_err *err);
/* Is name a CSV table (NULL: the default, vitals)? */
int kc_export_table_known(const char *name);

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
