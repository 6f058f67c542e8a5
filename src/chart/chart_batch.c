/* chart_batch.c — many entries committed together (the demo's thousands of sessions).
 * Each entry still passes every check of its kc_chart_* call and is its own unit in the
 * store; only the commit (and its fsync) is shared. */
#include "chart_impl.h"

int kc_chart_batch_begin(struct kc_store *st, time_t now, struct kc_err *err)
{
	/* A batch is committed as one: a crash in the middle loses every entry since begin.
	 * Acceptable for generated training data, never for a real chart, where each entry
	 * must be durable the moment it is accepted. */
	if (!kc_store_training(st))
		return kc_fail(err, KC_ERR_INVALID,
			       "entries are committed together only on a training database");
	return kc_store_batch_begin(st, now, err);
}

/* The anchor a signature inside the batch left for now, once the batch is committed: one
 * head for the lot (a head recorded before the commit could name rows never committed). */
int kc_chart_batch_end(struct kc_store *st, int rc, time_t now, struct kc_err *err)
{
	rc = kc_store_batch_end(st, rc, err);
	if (rc == KC_OK)
		kc_store_anchor_record(st, now, &(struct kc_err){ 0 });
	return rc;
}
