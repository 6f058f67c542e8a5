/* chart_batch.c — many entries committed together (the demo's thousands of sessions).
 * Each entry still passes every check of its kc_chart_* call and is its own unit in the
 * store; only the commit (and its fsync) is shared. */
#include "chart_impl.h"

int kc_chart_batch_begin(struct kc_store *st, time_t now, struct kc_err *err)
{
	return kc_store_batch_begin(st, now, err);
}

int kc_chart_batch_end(struct kc_store *st, int rc, struct kc_err *err)
{
	return kc_store_batch_end(st, rc, err);
}
