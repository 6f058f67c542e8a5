/* paper.c — sessions addressed as the clinic names them, and the REMS form as text
 * (kc_paper.h). */
#include "kc_paper.h"

#include <stdlib.h>
#include <string.h>

#include "kc_chart.h"
#include "kc_rems.h"
#include "kc_time.h"

/* ---------- session addresses ---------- */

static int all_digits(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

static int patient_by_chart(struct kc_store *st, const char *chart_no, struct kc_patient *out,
			    struct kc_err *err)
{
	struct kc_patient *rows = NULL;
	size_t n = 0;
	int rc = kc_patient_find(st, chart_no, &rows, &n, err);

	if (rc != KC_OK)
		return rc;
	rc = kc_fail(err, KC_ERR_NOTFOUND, "no patient with the chart number '%.31s'", chart_no);
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].chart_no, chart_no) == 0) {
			*out = rows[i];
			rc = KC_OK;
		}
	free(rows);
	return rc;
}

/* The patient's sessions opened on the local day date (newest first from the store). */
static int session_on(const struct kc_session *rows, size_t n, const char *chart_no, const char *date,
		      kc_id *id, struct kc_err *err)
{
	char day[32], list[256] = "";
	size_t len = 0, found = 0;

	for (size_t i = 0; i < n; i++) {
		kc_time_local(rows[i].created_at, day, sizeof day);
		if (strncmp(day, date, 10) != 0)
			continue;
		*id = rows[i].id;
		found++;
		if (len < sizeof list)
			len += (size_t)snprintf(list + len, sizeof list - len, "%s%lld", len ? ", " : "", rows[i].id);
	}
	if (found == 1)
		return KC_OK;
	if (!found)
		return kc_fail(err, KC_ERR_NOTFOUND, "patient %s has no session on %s", chart_no, date);
	return kc_fail(err, KC_ERR_INVALID, "patient %s has %zu sessions on %s (%s): give the session number",
		       chart_no, found, date, list);
}

int kc_session_address(struct kc_store *st, const char *text, kc_id *id, struct kc_err *err)
{
	char chart_no[32];
	const char *at = strchr(text ? text : "", '@');
	struct kc_patient p = { 0 };
	struct kc_session *rows = NULL;
	size_t n = 0;
	time_t t;
	int rc;

	if (!text || !*text)
		return kc_fail(err, KC_ERR_INVALID, "no session given");
	if (all_digits(text)) {
		*id = strtoll(text, NULL, 10);
		return *id > 0 ? KC_OK : kc_fail(err, KC_ERR_INVALID, "'%s' is not a session number", text);
	}
	if (at && at[1] && (strlen(at + 1) != 10 || kc_time_parse(at + 1, &t, err) != KC_OK))
		return kc_fail(err, KC_ERR_INVALID, "'%.40s': after @ comes a date YYYY-MM-DD", text);
	snprintf(chart_no, sizeof chart_no, "%.*s", at ? (int)(at - text) : (int)strlen(text), text);
	rc = patient_by_chart(st, chart_no, &p, err);
	if (rc == KC_OK)
		rc = kc_session_list(st, p.id, &rows, &n, err);
	if (rc == KC_OK && !n)
		rc = kc_fail(err, KC_ERR_NOTFOUND, "patient %s has no session", chart_no);
	if (rc == KC_OK && at && at[1])
		rc = session_on(rows, n, chart_no, at + 1, id, err);
	else if (rc == KC_OK)
		*id = rows[0].id;
	free(rows);
	return rc;
}

/* ---------- the REMS form as text ---------- */

#define LABEL_W 44

/* The form's due date and state, or its submission. */
static void print_submission(struct kc_store *st, const struct kc_session *s, time_t now, FILE *out)
{
	struct kc_rems_submission sub;
	struct kc_rems_form_row row = { .session = s->id, .dose_start = s->dose_start };
	char day[32], due[16], state[32];
	int left;

	if (!s->dose_start) {
		fprintf(out, "%-*s no device given: no form is owed yet\n", LABEL_W, "Submission:");
		return;
	}
	if (kc_rems_submission_get(st, s->id, &sub, NULL) == KC_OK) {
		fprintf(out, "%-*s %s, %s, confirmation %s (recorded by %s)\n", LABEL_W, "Submitted:", sub.submitted_on,
			sub.channel, sub.confirmation, sub.entered_by);
		return;
	}
	kc_chart_rems_due(&row, now, &left);
	kc_time_local(s->dose_start, day, sizeof day);
	day[10] = '\0';
	kc_rems_due_date(day, due, sizeof due);
	kc_rems_due_text(left, state, sizeof state);
	fprintf(out, "%-*s NOT SUBMITTED: due by %s (%s)\n", LABEL_W, "Submission:", due, state);
}

int kc_rems_text(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t now, FILE *out,
		 int *missing, struct kc_err *err)
{
	struct kc_rems_form *f = malloc(sizeof *f);
	struct kc_session s;
	struct kc_patient p;
	int rc = f ? kc_session_get(st, session, &s, err) : kc_fail(err, KC_ERR_NOMEM, "out of memory");

	if (rc == KC_OK)
		rc = kc_patient_get(st, s.patient_id, &p, err);
	if (rc == KC_OK)
		rc = kc_chart_rems_form(st, cfg, session, f, err);
	if (rc != KC_OK)
		goto out;
	fprintf(out, "REMS Patient Monitoring Form - session %lld, %s, chart no %s\n", session, p.name, p.chart_no);
	fprintf(out, "(the fields of the Spravato REMS form, filled from the chart; %s)\n",
		s.signed_by[0] ? "the session is signed" : "the session is NOT SIGNED");
	for (int i = 0; i < KC_REMS_NFIELDS; i++) {
		const struct kc_rems_field *x = &f->f[i];
		char label[64];

		snprintf(label, sizeof label, "%s:", x->label);
		if (x->missing)
			fprintf(out, "%-*s MISSING (enter at: %s)\n", LABEL_W, label, x->where);
		else
			fprintf(out, "%-*s %s\n", LABEL_W, label, x->value[0] ? x->value : "-");
	}
	if (f->nmissing)
		fprintf(out, "%d field%s missing: the session cannot be signed until the form is complete\n",
			f->nmissing, f->nmissing == 1 ? "" : "s");
	else
		fprintf(out, "Every field of the form is filled\n");
	print_submission(st, &s, now, out);
	if (missing)
		*missing = f->nmissing;
	if (fflush(out) != 0 || ferror(out))
		rc = kc_fail(err, KC_ERR_IO, "could not write the form (disk full or output closed?)");
out:
	free(f);
	return rc;
}

/* ---------- the forms not yet submitted ---------- */

int kc_rems_due_list(struct kc_store *st, time_t now, FILE *out, size_t *count, struct kc_err *err)
{
	struct kc_rems_form_row *rows = NULL;
	size_t n = 0;
	int rc = kc_rems_form_list(st, 1, &rows, &n, err);

	for (size_t i = 0; rc == KC_OK && i < n; i++) {
		char day[32], due[16], state[32];
		int left;

		kc_chart_rems_due(&rows[i], now, &left);
		kc_time_local(rows[i].dose_start, day, sizeof day);
		day[10] = '\0';
		kc_rems_due_date(day, due, sizeof due);
		kc_rems_due_text(left, state, sizeof state);
		fprintf(out, "session %lld  %s  due by %s  %-18s %s  %s%s\n", rows[i].session, day, due, state,
			rows[i].chart_no, rows[i].name, rows[i].is_signed ? "" : "  (NOT SIGNED)");
	}
	if (count)
		*count = rc == KC_OK ? n : 0;
	free(rows);
	if (rc == KC_OK && (fflush(out) != 0 || ferror(out)))
		rc = kc_fail(err, KC_ERR_IO, "could not write the list (disk full or output closed?)");
	return rc;
}
