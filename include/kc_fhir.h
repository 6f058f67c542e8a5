/* kc_fhir.h — the record as a FHIR R4 Bundle (src/core/fhir.c), written by the streaming
 * JSON writer (kc_jw.h), no tree built.
 *
 * Resources: Patient, Practitioner (every clinician who charted or performed), Encounter
 * (a session), MedicationAdministration (each dose event, RxNorm, lot in a contained
 * Medication's batch), Observation (each vital sign with its LOINC code, UCUM unit and
 * vital-signs profile, weight, MOAA/S, PHQ-9 and GAD-7 items, totals and panels, the
 * C-SSRS screener, side effects). Statuses: final, amended (an amendment of a signed
 * record: the amendment goes in a note), entered-in-error; refused readings carry a
 * dataAbsentReason. Every id is a name-based (SHA-1) UUID under the database's namespace
 * (kc_store_namespace), so an entry keeps its fullUrl from one export to the next and
 * no two databases share one. Every reference resolves inside the bundle. No empty
 * string or array is written; text is valid UTF-8 (invalid bytes become U+FFFD). The
 * mapping is documented in ketchart(1), FHIR EXPORT. */
#ifndef KC_FHIR_H
#define KC_FHIR_H

#include <stdio.h>
#include <time.h>

#include "kc_config.h"
#include "kc_report.h"
#include "kc_store.h"

/* The Bundle of what the change feed names (o->after, o->since: kc_changes_open; both 0:
 * the whole record) to out, read in one snapshot, o->cursor set for the next --after;
 * o->transaction: a transaction Bundle, each entry a PUT to ResourceType/id. Written an
 * entry at a time, so the memory does not grow with the history. With the feed, a changed
 * entry goes with its Patient, Encounter and Practitioners (so its references resolve),
 * a changed PHQ-9 or GAD-7 answer with the whole scale (items, total, panel); an export
 * with nothing to send has no "entry". */
int kc_fhir_export(struct kc_store *st, const struct kc_config *cfg, struct kc_export_opts *o, FILE *out,
		   struct kc_err *err);

/* Text as a FHIR string wants it: valid UTF-8, each invalid byte replaced by U+FFFD.
 * Returns out (NUL-terminated, cut at a character boundary when n is too small). */
char *kc_fhir_utf8(const char *in, char *out, size_t n);

#endif
