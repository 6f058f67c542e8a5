/* chart_pcl5.c — the PCL-5 at screening (kc_course.h, src/rules/pcl5.c): all 20 items as
 * typed, or none; stored as the answers pcl5.1 .. pcl5.20 in one transaction. An item that
 * changes a recorded answer needs the reason, kept beside it (the earlier answer stays in
 * the history); items typed as recorded write nothing. */
#include "chart_impl.h"

#include <stdio.h>
#include <string.h>

#include "kc_course.h"
#include "kc_time.h"

int kc_chart_pcl5(struct kc_store *st, const struct kc_config *cfg, kc_id session,
		  const char *const typed[KC_PCL5_ITEMS], const char *reason, time_t now, int *total,
		  struct kc_err *err)
{
	struct kc_session s;
	struct kc_screen_answer set[KC_PCL5_ITEMS];
	char keys[KC_PCL5_ITEMS][24], values[KC_PCL5_ITEMS][4], was[160] = "";
	int items[KC_PCL5_ITEMS], sum = 0;
	size_t n = 0, changes = 0;
	int rc = ch_session_open(st, session, &s, err);

	(void)cfg;
	if (rc == KC_OK)
		rc = kc_pcl5_parse(typed, items, &sum, err);
	for (int i = 0; rc == KC_OK && i < KC_PCL5_ITEMS; i++) {
		struct kc_answer_row cur;
		int found;

		snprintf(keys[i], sizeof keys[i], "pcl5.%d", i + 1);
		snprintf(values[i], sizeof values[i], "%d", items[i]);
		rc = kc_screen_current(st, session, keys[i], &cur, err);
		found = rc == KC_OK;
		if (rc == KC_ERR_NOTFOUND)
			rc = KC_OK;
		if (rc != KC_OK || (found && strcmp(cur.value, values[i]) == 0))
			continue;
		if (found && cur.value[0] && !changes++) {
			char hm[16];

			kc_time_local_hm(cur.at, hm, sizeof hm);
			snprintf(was, sizeof was, "item %d was recorded as %.8s at %s by %s", i + 1, cur.value, hm, cur.by);
		}
		set[n++] = (struct kc_screen_answer){ keys[i], values[i], found && cur.value[0] };
	}
	if (rc == KC_OK && changes && !ch_has_text(reason))
		rc = kc_fail(err, KC_ERR_INVALID, "PCL-5 %s: changing %zu recorded item%s needs a reason", was,
			     changes, changes == 1 ? "" : "s");
	if (rc == KC_OK && n)
		rc = kc_screen_set_many(st, session, set, n, changes ? reason : NULL, now, err);
	if (rc == KC_OK && total)
		*total = sum;
	return rc;
}
