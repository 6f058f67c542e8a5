/* chart_screening.c — screening answers, overrides, confirmations and the weight. */
#include "chart_impl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The current answer to item, if any. */
static int current_answer(struct kc_store *st, kc_id session, const char *item, struct kc_answer_row *out,
			  int *found, struct kc_err *err)
{
	struct kc_answer_row *rows = NULL;
	size_t n = 0;
	int rc = kc_screen_list(st, session, &rows, &n, err);

	*found = 0;
	for (size_t i = 0; rc == KC_OK && i < n; i++)
		if (strcmp(rows[i].item, item) == 0) {
			*out = rows[i];
			*found = 1;
		}
	free(rows);
	return rc;
}

int kc_chart_answer(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *item,
		    const char *value, const char *note, time_t now, struct kc_err *err)
{
	struct kc_answer_row cur;
	struct kc_session s;
	int found = 0;
	int rc = ch_session_open(st, session, &s, err);

	(void)cfg;
	if (rc == KC_OK)
		rc = current_answer(st, session, item, &cur, &found, err);
	if (rc != KC_OK)
		return rc;
	if (found && strcmp(cur.value, value ? value : "") == 0 && strcmp(cur.note, note ? note : "") == 0)
		return KC_OK;
	return kc_screen_set(st, session, item, value, note, now, err);
}

/* The weight as typed, trimmed and with blanks squeezed ("190 lb"), kept beside the kg
 * when it names another unit than kg; "" for "72.5" or "72.5 kg" (the kg say it all). */
static const char *typed_text(const char *typed, char *out, size_t n)
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
	return kc_weight_add_typed(st, patient, session, *kg, typed_text(typed, tbuf, sizeof tbuf), taken, now, err);
}
