/* course_out.c — courses on the command line (kc_course.h, kc_report.h): `report --course
 * CHART_NO` (one line per session and the response / remission marks) and `outcomes
 * [--since DATE]` (patients treated, sessions, response
 * and remission rates by course, adverse-event rates). Reads only. */
#include "kc_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_course.h"
#include "kc_time.h"

static const char *route_word(enum kc_route r)
{
	return r == KC_ROUTE_ESKETAMINE ? "esketamine" : r == KC_ROUTE_IM ? "IM" : "IV";
}

static void score(int v, char *out, size_t n)
{
	if (v == KC_NONE)
		snprintf(out, n, "-");
	else
		snprintf(out, n, "%d", v);
}

static int patient_by_chart(struct kc_store *st, const char *chart_no, struct kc_patient *out, struct kc_err *err)
{
	struct kc_patient *rows = NULL;
	size_t n = 0;
	int rc = kc_patient_find(st, chart_no, &rows, &n, err), found = 0;

	for (size_t i = 0; rc == KC_OK && i < n; i++)
		if (strcmp(rows[i].chart_no, chart_no) == 0) {
			*out = rows[i];
			found = 1;
		}
	free(rows);
	if (rc == KC_OK && !found)
		rc = kc_fail(err, KC_ERR_NOTFOUND, "no patient with chart number %s", chart_no);
	return rc;
}

/* ---------- report --course ---------- */

static void course_lines(const struct kc_course *c, FILE *out)
{
	char pos[80];
	int pcl5 = kc_course_has_pcl5(c);

	kc_course_position_text(&c->rows[c->n - 1].pos, pos, sizeof pos);
	fprintf(out, "Course: %s, %zu session%s (%s)\n", kc_route_label(c->route), c->n, c->n == 1 ? "" : "s", pos);
	for (size_t i = 0; i < c->n; i++) {
		const struct kc_course_row *r = &c->rows[i];
		char t[32], phq[8], gad[8], pcl[16] = "", dose[48];

		kc_time_local(r->at, t, sizeof t);
		score(r->phq9, phq, sizeof phq);
		score(r->gad7, gad, sizeof gad);
		if (pcl5) {
			char p[8];

			score(r->pcl5, p, sizeof p);
			snprintf(pcl, sizeof pcl, "  PCL-5 %s", p);
		}
		if (r->mg <= 0)
			snprintf(dose, sizeof dose, "no dose");
		else if (r->mg_per_kg > 0)
			snprintf(dose, sizeof dose, "%.1f mg (%.2f mg/kg)", r->mg, r->mg_per_kg);
		else
			snprintf(dose, sizeof dose, "%.1f mg", r->mg);
		fprintf(out, "%3zu  session %-5lld %s  %-10s  %-22s  PHQ-9 %-3s GAD-7 %s%s%s%s%s\n", i + 1, r->session, t,
			route_word(r->route), dose, phq, gad, pcl, *kc_course_mark(r, c) ? "  " : "",
			kc_course_mark(r, c), r->escalation ? "  dose escalated" : "");
	}
	if (c->first_phq9 == KC_NONE)
		fprintf(out, "No PHQ-9 scored yet.\n");
	else
		fprintf(out, "PHQ-9 first %d (course session %zu); at the latest scored session: %s%s\n", c->first_phq9,
			c->first_at + 1, c->remitted ? "REMISSION" : c->responded ? "RESPONSE" : "no response",
			!c->remitted && c->ever_remitted ? " (remission reached earlier)"
			: !c->responded && c->ever_responded ? " (response reached earlier)" : "");
}

int kc_course_report(struct kc_store *st, const struct kc_config *cfg, const char *chart_no, FILE *out,
		     struct kc_err *err)
{
	static const enum kc_route routes[] = { KC_ROUTE_IV, KC_ROUTE_ESKETAMINE, KC_ROUTE_IM };
	struct kc_patient p;
	int rc = patient_by_chart(st, chart_no, &p, err), shown = 0;

	if (rc != KC_OK)
		return rc;
	fprintf(out, "Patient %s (%s), born %s\n", p.name, p.chart_no, p.dob);
	fprintf(out, "Response: PHQ-9 at least %d%% below the course's first; remission: PHQ-9 below %d.\n",
		cfg->course.response_drop_percent, cfg->course.remission_below);
	for (size_t k = 0; rc == KC_OK && k < sizeof routes / sizeof routes[0]; k++) {
		struct kc_course c;

		rc = kc_course_load(st, cfg, p.id, (int)routes[k], &c, err);
		if (rc == KC_OK && c.n) {
			fputc('\n', out);
			course_lines(&c, out);
			shown++;
		}
		kc_course_free(&c);
	}
	if (rc == KC_OK && !shown)
		fprintf(out, "\nNo sessions yet.\n");
	return rc;
}

/* ---------- outcomes ---------- */

struct tally {
	int patients, sessions, evaluable, responded, remitted;
	int crit, dissoc, nausea, ended_early;
};

static void count_course(const struct kc_config *cfg, const struct kc_course *c, time_t since, struct tally *t)
{
	size_t in = 0, scored = 0;

	for (size_t i = 0; i < c->n; i++) {
		const struct kc_course_row *r = &c->rows[i];

		if (r->at < since)
			continue;
		in++;
		scored += r->phq9 != KC_NONE;
		t->crit += r->crit > 0;
		t->dissoc += r->cadss6_peak != KC_NONE && r->cadss6_peak > cfg->alerts.dissociation_warn;
		t->nausea += (r->nausea_peak != KC_NONE && r->nausea_peak >= cfg->alerts.nausea_warn) || r->vomiting > 0;
		t->ended_early += strcmp(r->outcome, "aborted") == 0 || strcmp(r->outcome, "against_advice") == 0;
	}
	if (!in)
		return;
	t->patients++;
	t->sessions += (int)in;
	/* judged against the course's first PHQ-9: a course needs it and one more */
	if (c->first_phq9 != KC_NONE && scored >= 1 && c->n > c->first_at + 1) {
		int later = 0;

		for (size_t i = c->first_at + 1; i < c->n; i++)
			later |= c->rows[i].phq9 != KC_NONE;
		if (later) {
			t->evaluable++;
			t->responded += c->responded;
			t->remitted += c->remitted;
		}
	}
}

static void pct(FILE *out, const char *what, int k, int n)
{
	if (n)
		fprintf(out, "  %-34s %4d of %-4d %5.1f %%\n", what, k, n, 100.0 * k / n);
	else
		fprintf(out, "  %-34s    - (none to judge)\n", what);
}

static void print_tally(FILE *out, const char *title, const struct tally *t)
{
	fprintf(out, "\n%s\n", title);
	fprintf(out, "  %-34s %4d\n", "Patients treated", t->patients);
	fprintf(out, "  %-34s %4d\n", "Sessions", t->sessions);
	fprintf(out, "  %-34s %4d\n", "Courses with a PHQ-9 to compare", t->evaluable);
	pct(out, "Response at the latest PHQ-9", t->responded, t->evaluable);
	pct(out, "Remission at the latest PHQ-9", t->remitted, t->evaluable);
	fprintf(out, "  Adverse events, per session:\n");
	pct(out, "  critical vital sign", t->crit, t->sessions);
	pct(out, "  marked dissociation (CADSS-6)", t->dissoc, t->sessions);
	pct(out, "  nausea NRS 4+ or vomiting", t->nausea, t->sessions);
	pct(out, "  ended early (aborted, left)", t->ended_early, t->sessions);
}

int kc_outcomes(struct kc_store *st, const struct kc_config *cfg, time_t since, FILE *out, struct kc_err *err)
{
	static const enum kc_route routes[] = { KC_ROUTE_IV, KC_ROUTE_ESKETAMINE, KC_ROUTE_IM };
	struct tally t[3];
	struct kc_patient *pats = NULL;
	size_t np = 0;
	int rc = kc_store_snapshot_begin(st, err);

	if (rc != KC_OK)
		return rc;
	rc = kc_patient_find(st, "", &pats, &np, err);
	memset(t, 0, sizeof t);
	for (size_t i = 0; rc == KC_OK && i < np; i++)
		for (size_t k = 0; rc == KC_OK && k < 3; k++) {
			struct kc_course c;

			rc = kc_course_load(st, cfg, pats[i].id, (int)routes[k], &c, err);
			if (rc == KC_OK)
				count_course(cfg, &c, since, &t[k]);
			kc_course_free(&c);
		}
	free(pats);
	rc = kc_store_snapshot_end(st, rc, err);
	if (rc != KC_OK)
		return rc;
	if (since) {
		char s[32];

		kc_time_local(since, s, sizeof s);
		fprintf(out, "Outcomes of the sessions since %s\n", s);
	} else {
		fprintf(out, "Outcomes of every session\n");
	}
	fprintf(out, "Response: PHQ-9 at least %d%% below the course's first; remission: PHQ-9 below %d;\n"
		"a course is a patient's sessions by one route.\n", cfg->course.response_drop_percent,
		cfg->course.remission_below);
	for (size_t k = 0; k < 3; k++)
		if (t[k].sessions || k < 2)
			print_tally(out, kc_route_label(routes[k]), &t[k]);
	return KC_OK;
}
