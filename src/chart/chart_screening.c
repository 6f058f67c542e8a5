/* chart_screening.c — screening answers, overrides, confirmations and the weight. A change of
 * a recorded answer needs a reason (kept beside it); an override names the one block it covers. */
#include "chart_impl.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_time.h"

/* The current answer to item, if any. */
static int current_answer(struct kc_store *st, kc_id session, const char *item, struct kc_answer_row *out,
			  int *found, struct kc_err *err)
{
	int rc = kc_screen_current(st, session, item, out, err);

	*found = rc == KC_OK;
	return rc == KC_ERR_NOTFOUND ? KC_OK : rc;
}

int kc_chart_answer_changes(struct kc_store *st, kc_id session, const char *item, const char *value,
			    const char *note, struct kc_answer_row *was, int *change, struct kc_err *err)
{
	struct kc_answer_row cur;
	int found = 0;
	int rc = current_answer(st, session, item ? item : "", &cur, &found, err);

	*change = rc == KC_OK && found && kc_answer_is_change(item, cur.value, cur.note, value, note);
	if (was)
		*was = cur;
	return rc;
}

int kc_chart_answer(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *item,
		    const char *value, const char *note, time_t now, struct kc_err *err)
{
	return kc_chart_answer_why(st, cfg, session, item, value, note, NULL, now, err);
}

int kc_chart_answer_why(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *item,
			const char *value, const char *note, const char *reason, time_t now, struct kc_err *err)
{
	struct kc_answer_row cur;
	struct kc_session s;
	char hm[16];
	int found = 0;
	int rc = ch_session_open(st, session, &s, err);

	(void)cfg;
	if (rc == KC_OK && item && (strncmp(item, "override", 8) == 0 || strcmp(item, "change") == 0))
		rc = kc_fail(err, KC_ERR_INVALID, "%s is not an answer: an override names the one block it "
			     "covers (kc_chart_override), a change reason goes with its answer", item);
	if (rc == KC_OK)
		rc = current_answer(st, session, item ? item : "", &cur, &found, err);
	if (rc != KC_OK)
		return rc;
	if (found && strcmp(cur.value, value ? value : "") == 0 && strcmp(cur.note, note ? note : "") == 0)
		return KC_OK;
	if (!found || !kc_answer_is_change(item, cur.value, cur.note, value, note))
		return kc_screen_change(st, session, item, value, note, NULL, now, NULL, err);
	if (!ch_has_text(reason)) {
		kc_time_local_hm(cur.at, hm, sizeof hm);
		return kc_fail(err, KC_ERR_INVALID, "%s was recorded as '%.40s' at %s by %s: changing it needs "
			       "a reason", item, cur.value[0] ? cur.value : cur.note, hm, cur.by);
	}
	return kc_screen_change(st, session, item, value, note, reason, now, NULL, err);
}

/* "override.aneurysm" and the stored row (age) it names, for a block in force. */
static int override_target(const struct kc_screening *scr, int block, char *item, size_t in, char *value,
			   size_t vn, struct kc_err *err)
{
	size_t n;
	const struct kc_check_item *items = kc_check_items(&n);

	if (block == KC_BLOCK_AGE) {
		snprintf(item, in, "override.age");
		snprintf(value, vn, "%d", scr->age_years);
	} else if (block == KC_BLOCK_BP) {
		snprintf(item, in, "override.bp");
		snprintf(value, vn, "%lld", scr->baseline_id);
	} else if (block >= 0 && (size_t)block < n) {
		snprintf(item, in, "override.%s", items[block].key);
		snprintf(value, vn, "%lld", scr->answer_id[block]);
	} else {
		return kc_fail(err, KC_ERR_INVALID, "no such block to override");
	}
	return KC_OK;
}

static const char *block_name(int block, char *buf, size_t n)
{
	if (block == KC_BLOCK_AGE)
		return "the age";
	if (block == KC_BLOCK_BP)
		return "the baseline BP";
	snprintf(buf, n, "'%s'", block >= 0 && (size_t)block < KC_CHECK_MAX ? kc_check_items(NULL)[block].label : "?");
	return buf;
}

int kc_chart_override(struct kc_store *st, const struct kc_config *cfg, kc_id session, int block,
		      const char *reason, time_t now, struct kc_err *err)
{
	struct kc_screening *scr = malloc(sizeof *scr);
	struct kc_session s;
	char item[48], value[24], name[KC_REASON_TEXT];
	int blocks[KC_CHECK_MAX + 2], nb, in_force = 0;
	int rc = scr ? ch_session_open(st, session, &s, err) : kc_fail(err, KC_ERR_NOMEM, "out of memory");

	if (rc == KC_OK && !ch_has_text(reason))
		rc = kc_fail(err, KC_ERR_INVALID, "an override needs the physician's reason");
	if (rc == KC_OK)
		rc = kc_screen_load(st, session, scr, err);
	if (rc == KC_OK) {
		nb = kc_screening_blocks(scr, cfg, blocks, KC_CHECK_MAX + 2);
		for (int i = 0; i < nb; i++)
			in_force |= blocks[i] == block;
		if (!in_force)
			rc = kc_fail(err, KC_ERR_INVALID, "%s does not block dosing now: nothing to override",
				     block_name(block, name, sizeof name));
		else if (kc_override_covers(scr, block))
			rc = kc_fail(err, KC_ERR_INVALID, "%s is already overridden", block_name(block, name, sizeof name));
	}
	if (rc == KC_OK)
		rc = override_target(scr, block, item, sizeof item, value, sizeof value, err);
	if (rc == KC_OK)
		rc = kc_screen_change(st, session, item, value, reason, NULL, now, NULL, err);
	free(scr);
	return rc;
}

/* The weight as typed, trimmed and with blanks squeezed ("190 lb"), kept beside the kg
 * when it names another unit than kg; "" for "72.5" or "72.5 kg" (the kg say it all). */
const char *ch_weight_typed(const char *typed, char *out, size_t n)
{
	size_t i = 0, letters = 0;
	const char *kg = NULL;

	for (const char *p = typed ? typed : ""; *p && i + 1 < n; p++)
		if (!isspace((unsigned char)*p) || (i && out[i - 1] != ' '))
			out[i++] = isspace((unsigned char)*p) ? ' ' : *p;
	while (i && out[i - 1] == ' ')
		i--;
	out[i] = '\0';
	for (size_t k = 0; k < i; k++)
		if (isalpha((unsigned char)out[k])) {
			letters++;
			if (!kg && (out[k] == 'k' || out[k] == 'K') && (out[k + 1] == 'g' || out[k + 1] == 'G'))
				kg = out + k;
		}
	if (letters == 0 || (kg && letters == 2))
		out[0] = '\0';
	return out;
}

int kc_chart_weight(struct kc_store *st, const struct kc_config *cfg, kc_id patient, kc_id session,
		    const char *typed, time_t taken, time_t now, double *kg, struct kc_err *err)
{
	struct kc_session s;
	double local;
	char tbuf[sizeof ((struct kc_weight_row *)0)->typed];
	int rc = KC_OK;

	if (!kg)
		kg = &local;
	if (session) {
		rc = ch_session_open(st, session, &s, err);
		if (rc == KC_OK)
			patient = s.patient_id;
	}
	if (rc == KC_OK)
		rc = kc_parse_weight(typed, &cfg->limits, kg, err);
	if (rc != KC_OK)
		return rc;
	if (!taken)
		taken = now;
	if (taken > now)
		return kc_fail(err, KC_ERR_INVALID, "the weighing time is in the future");
	return kc_weight_add_typed(st, patient, session, *kg, ch_weight_typed(typed, tbuf, sizeof tbuf), taken, now, err);
}
