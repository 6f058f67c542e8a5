/* pcl5.c — the PCL-5 (PTSD checklist for DSM-5, VA NCPTSD; clinical-reference.md §2): 20
 * items scored 0-4, total 0-80, probable PTSD at [course] pcl5_probable_ptsd (31-33 [P]).
 * Optional, offered when the indication names PTSD; all 20 items or none. Pure. */
#include "kc_course.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

int kc_pcl5_offered(const char *indication)
{
	for (const char *p = indication ? indication : ""; *p; p++)
		if (strncasecmp(p, "ptsd", 4) == 0 || strncasecmp(p, "post-traumatic", 14) == 0 ||
		    strncasecmp(p, "posttraumatic", 13) == 0)
			return 1;
	return 0;
}

#define BAD (-100) /* not an answer (KC_NONE is -1) */

/* " 3 " -> 3; "" (blanks only) -> KC_NONE; anything else -> BAD. */
static int item_value(const char *t)
{
	const char *p = t ? t : "";
	int v;

	while (*p == ' ')
		p++;
	if (!*p)
		return KC_NONE;
	if (*p < '0' || *p > '4')
		return BAD;
	v = *p++ - '0';
	while (*p == ' ')
		p++;
	return *p ? BAD : v;
}

int kc_pcl5_parse(const char *const typed[KC_PCL5_ITEMS], int items[KC_PCL5_ITEMS], int *total,
		  struct kc_err *err)
{
	int typed_n = 0, first_empty = 0;

	for (int i = 0; i < KC_PCL5_ITEMS; i++) {
		items[i] = item_value(typed[i]);
		if (items[i] == BAD)
			return kc_fail(err, KC_ERR_INVALID, "PCL-5 item %d: '%.8s' is not 0-4 (0 not at all .. "
				       "4 extremely)", i + 1, typed[i]);
		if (items[i] == KC_NONE && !first_empty)
			first_empty = i + 1;
		typed_n += items[i] != KC_NONE;
	}
	if (!typed_n)
		return kc_fail(err, KC_ERR_NOTFOUND, "PCL-5: nothing typed (it is optional)");
	if (first_empty)
		return kc_fail(err, KC_ERR_INVALID, "PCL-5 item %d not answered: the PCL-5 is all 20 items "
			       "or none", first_empty);
	return kc_pcl5_score(items, total, err);
}

int kc_pcl5_probable(const struct kc_course_cfg *cfg, int total)
{
	return total != KC_NONE && total >= cfg->pcl5_probable_ptsd;
}

const char *kc_pcl5_topic(int item)
{
	if (item >= 1 && item <= 5)
		return "B intrusion";
	if (item >= 6 && item <= 7)
		return "C avoidance";
	if (item >= 8 && item <= 14)
		return "D mood and thinking";
	if (item >= 15 && item <= 20)
		return "E arousal";
	return "";
}

const char *kc_pcl5_level(int v)
{
	static const char *const w[] = { "0 not at all", "1 a little bit", "2 moderately", "3 quite a bit",
					 "4 extremely" };

	return v >= 0 && v <= 4 ? w[v] : "";
}
