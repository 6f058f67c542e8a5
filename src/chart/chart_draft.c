/* chart_draft.c — drafts through the chart layer (kc_draft.h). Not clinical: no rule
 * applies to what was typed (it was never confirmed); only the clinician must be one who
 * may chart, and the draft must fit. */
#include "chart_impl.h"

#include <string.h>

#include "kc_draft.h"

int kc_chart_draft_keep(struct kc_store *st, kc_id session, const char *form, const char *fields,
			time_t now, struct kc_err *err)
{
	enum kc_role role;
	int rc = kc_store_actor_role(st, &role, err);

	if (rc != KC_OK)
		return rc;
	if (!fields || !fields[0])
		return kc_fail(err, KC_ERR_INVALID, "nothing was typed: no draft to keep");
	if (strlen(fields) >= KC_DRAFT_MAX)
		return kc_fail(err, KC_ERR_INVALID, "the draft of %s is too long to keep", form);
	return kc_store_draft_put(st, session, form, fields, now, err);
}

int kc_chart_draft_take(struct kc_store *st, kc_id session, const char *form, char *fields, size_t n,
			time_t *at, struct kc_err *err)
{
	return kc_store_draft_take(st, session, form, fields, n, at, err);
}
