/* kc_store_export.h — reads of the store made for the FHIR export alone (src/store): what it
 * writes of a row and nothing more. The export reads every reading of the record once, and
 * the columns it never writes (the schedule, the alert level, the lateness) were a quarter
 * of each row's decoding. Apart from kc_store.h, which the screens' reads share. */
#ifndef KC_STORE_EXPORT_H
#define KC_STORE_EXPORT_H

#include "kc_store.h"

/* kc_vitals_list's rows (same order, same checks) with only what the FHIR export writes:
 * id, taken_at, entered_by, status, reason, the measures, carried, the acknowledgement and
 * the entered-in-error; the other fields are 0 or empty. free() the list. */
int kc_vitals_export_list(struct kc_store *st, kc_id session, struct kc_vitals_row **rows, size_t *n,
			  struct kc_err *err);

#endif
