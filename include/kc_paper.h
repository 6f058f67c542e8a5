/* kc_paper.h — the clinic's paperwork from the record: sessions addressed by chart number,
 * the REMS Patient Monitoring Form as text (kc_rems.h fills it), its due list. Reads only
 * (writes go through kc_chart.h). No curses, nothing printed but to the FILE given. */
#ifndef KC_PAPER_H
#define KC_PAPER_H

#include <stdio.h>
#include <time.h>

#include "kc_config.h"
#include "kc_store.h"

/* A session as a clinic names it: "12" (the session number), "KC-1001" (that patient's
 * latest session), "KC-1001@2026-11-20" (the patient's session opened that local day; more
 * than one that day is refused, naming their numbers). A chart number made only of digits
 * is written "1001@" for its latest session. KC_ERR_NOTFOUND / KC_ERR_INVALID with a
 * message naming what was not found. */
int kc_session_address(struct kc_store *st, const char *text, kc_id *id, struct kc_err *err);

/* The REMS form of session as labelled lines, one field a line, each missing field marked
 * "MISSING (enter at: ...)", then the count of missing fields and the form's due date or
 * its submission (at now). KC_ERR_INVALID for a session
 * that is not esketamine. *missing (may be NULL) gets the number of missing fields. */
int kc_rems_text(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t now, FILE *out,
		 int *missing, struct kc_err *err);
/* The forms not yet submitted, one line each, oldest first: session, session date, due date,
 * "due in N days" / "due today" / "! OVERDUE N days" (kc_rems_due_text), chart number,
 * patient, and NOT SIGNED while the session is not. Nothing at all when none is owed (a
 * daily cron job then mails nothing). *count (may be NULL) gets the number of lines. */
int kc_rems_due_list(struct kc_store *st, time_t now, FILE *out, size_t *count, struct kc_err *err);

/* The controlled-substance record (kc_chart_inventory_load): per product and lot received,
 * given, wasted, on hand and the latest count; with since (0: none) the movements at or
 * after it; then every discrepancy ("! ..."): a count that differs, a lot given or wasted
 * without a receipt or below zero, an infusion whose start names no lot, drawn-up drug not
 * disposed of, a waste waiting for its witness. *problems gets how many. */
int kc_inventory_text(struct kc_store *st, time_t since, time_t now, FILE *out, size_t *problems,
		      struct kc_err *err);

/* The session's report (rems 0) or REMS form (rems 1) as a PDF at file (pdf.c, cairo and
 * pango): the text laid out in A4 pages under a header (clinic, patient, chart number,
 * SIGNED / NOT SIGNED, AMENDED, page x of y), and for the report the vitals trend drawn as
 * vector graphics on a page of its own. */
int kc_pdf_session(struct kc_store *st, const struct kc_config *cfg, kc_id session, int rems, time_t now,
		   const char *file, struct kc_err *err);
/* Load pango and cairo, which the program is not linked with (pdf_dl.c): KC_OK, or
 * KC_ERR_IO saying why a PDF cannot be made. Before any cairo or pango call. */
int kc_pdf_libs(struct kc_err *err);

/* ---------- the demo's paperwork (demo_rems.c) ---------- */

/* The sample setting the demo uses when cfg names none: a copy of cfg with [rems] filled
 * ("Demo Ketamine Clinic", ...), so the demo's esketamine sessions can be signed. */
void kc_demo_rems_config(const struct kc_config *cfg, struct kc_config *out);
/* What the REMS form needs of the demo's esketamine session that its charting does not
 * state: the demo clinician's name, telephone and email, and the discharge screen's REMS
 * answers (no respiratory depression, no serious adverse event, ready_min), at at. */
int kc_demo_rems_answers(struct kc_store *st, const struct kc_config *cfg, kc_id session, int ready_min,
			 time_t at, struct kc_err *err);
/* A clinic submits each REMS form within its 7 days: the demo's signed esketamine session
 * (signed at signed_at) has its form submitted online on the next day, when that day is more
 * than two days before now; the latest forms stay due, as in a clinic (demo --sessions). */
int kc_demo_rems_submitted(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t signed_at,
			   time_t now, struct kc_err *err);
/* The demo's stock (received once, dated a month before now), the ketamine drawn up for a
 * finished infusion (50 mg at start - 10 min) and what it did not give wasted at at (the
 * demo's second clinician witnesses it in kc_demo_paperwork). Before the session is signed. */
int kc_demo_drug_iv(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t start, time_t at,
		    time_t now, struct kc_err *err);
/* The demo's oldest esketamine form submitted, the waste of kc_demo_drug_iv witnessed by a
 * second clinician from their own login (Dana Rivera, a nurse), and a waste in the infusion
 * in progress waiting for its witness (kc_demo_fill calls it last). */
int kc_demo_paperwork(struct kc_store *st, const struct kc_config *cfg, time_t now, struct kc_err *err);

#endif
