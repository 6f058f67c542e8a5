/* kc_record.h — everything the store holds about one session, loaded at once: what the text
 * report (report.c) and the chart view (src/ui/chart/) both show, and the one order in
 * which they list entries that were corrected.
 *
 * Ownership: kc_record_load fills a struct kc_record that then owns every list in it (each
 * malloc'd by the store, NULL when empty); kc_record_free releases them all and zeroes the
 * record. Rows may be read and copied freely, but not freed one by one. */
#ifndef KC_RECORD_H
#define KC_RECORD_H

#include <stddef.h>

#include "kc_store.h"

struct kc_record {
	struct kc_session s;
	struct kc_patient p;
	struct kc_screening scr;       /* as the clinical rules see it (kc_screen_load) */
	struct kc_weight_row wt;       /* the weight row scr.weight_kg comes from; id 0 when none */
	struct kc_answer_row *ans;     /* current screening answers, ordered by item */
	size_t nans;
	struct kc_answer_row *hist;    /* every screening answer row ever written, oldest first */
	size_t nhist;
	struct kc_vitals_row *vr;      /* by time taken, entered in error included */
	size_t nv;
	struct kc_obs_row *obs;
	size_t no;
	struct kc_dose_row *dr;
	size_t nd;
	struct kc_discharge_row *dc;
	size_t ndc;
	struct kc_addendum_row *ad;
	size_t nad;
	struct kc_amendment_row *am;   /* oldest first */
	size_t nam;
	struct kc_hold_row *ho;        /* oldest first */
	size_t nho;
	struct kc_weight_row *wts;     /* every weight of the session, entered in error included */
	size_t nwt;
	struct kc_patient_fix *pf;     /* corrections of the patient's details, oldest first */
	size_t npf;
	struct kc_ack_row *ack;        /* the actions of acknowledgements, in the order written */
	size_t nack;
};

/* Load every list of session into *r, all or nothing: on any error nothing is held and *r
 * is zeroed, so kc_record_free(r) is always safe. An unknown session is KC_ERR_NOTFOUND with
 * the store's message ("no session with id N"). */
int kc_record_load(struct kc_store *st, kc_id session, struct kc_record *r, struct kc_err *err);
/* The actions of the acknowledgement of reading vitals_id (or of side effect obs_id when
 * vitals_id is 0): *first the first of them, their count returned (0: none recorded as
 * rows — a reading acknowledged before schema 17 has its one action in ack_action). */
size_t kc_record_ack(const struct kc_record *r, kc_id vitals_id, kc_id obs_id, const struct kc_ack_row **first);
/* Free every list and zero *r. Safe on a zeroed record and on one already freed. */
void kc_record_free(struct kc_record *r);

/* The order a chart lists readings, observations or dose events in: the stored order, each
 * entry followed right after by the chain of rows that replace it (entered in error ->
 * replacement -> its replacement ...). A row whose link points at nothing in the list still
 * appears, at the end. Returns a malloc'd array of r->nv (r->no, r->nd) indices into r->vr
 * (r->obs, r->dr), never NULL for an empty list; NULL only when out of memory. free() it. */
size_t *kc_record_vitals_order(const struct kc_record *r);
size_t *kc_record_obs_order(const struct kc_record *r);
size_t *kc_record_dose_order(const struct kc_record *r);

/* The current answer to a screening item ("consent", "confirm.drug_benzo", ...), NULL when
 * it has none. */
const struct kc_answer_row *kc_record_answer(const struct kc_record *r, const char *item);

/* The k-th change (0 = the first) of a screening item, as the report and the chart view
 * both word it: "changed from yes (entered 09:12 by nurse1) at 09:20 by doc1: misheard".
 * 0 when the item has no k-th change. An override is never a change: each is its own act. */
int kc_record_answer_change(const struct kc_record *r, const char *item, size_t k, char *out, size_t n);

/* How many amendments point at the row id of the store table tbl ("vitals", "observation",
 * "dose_event", "discharge", "addendum", "screening_answer", "weight", "session"). */
size_t kc_record_amend_count(const struct kc_record *r, const char *tbl, kc_id id);

/* How a clinician is named in a chart: "Dr Ana Silva (asilva)", or the login alone when the
 * clinician has no other name or is unknown. */
void kc_record_who(struct kc_store *st, const char *login, char *out, size_t n);

/* The corrections of the patient's field ("name", "chart_no", "dob") as one text:
 * "corrected from X (reason - by, YYYY-MM-DD HH:MM)", several joined by "; "; "" when none. */
void kc_record_patient_was(const struct kc_record *r, const char *field, char *out, size_t n);
/* A weight entered in error as one line: "27.0 kg entered in error (wrong value): why - by,
 * YYYY-MM-DD HH:MM; corrected to 72.0 kg" (or "; not replaced"). */
void kc_record_weight_eie_text(const struct kc_record *r, const struct kc_weight_row *w, char *out, size_t n);

/* A dose event's details after its kind, as the report and the chart print them:
 * "no. 2, 28.0 mg, lot ESK1, by root, LATE; note: sneezed" (each part only when set). */
void kc_record_dose_text(const struct kc_dose_row *d, char *out, size_t n);

#endif
