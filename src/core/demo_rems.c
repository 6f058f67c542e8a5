/* demo_rems.c — the demo's paperwork: the REMS form of its esketamine sessions (kc_paper.h).
 * Every entry goes through kc_chart_*, as a clinician's would. */
#include "kc_paper.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_chart.h"
#include "kc_demog.h"
#include "kc_rems.h"
#include "kc_time.h"

void kc_demo_rems_config(const struct kc_config *cfg, struct kc_config *out)
{
	struct kc_rems_cfg *r = &out->rems;

	*out = *cfg;
	if (r->setting_name[0])
		return;
	kc_strlcpy(r->setting_name, "Demo Ketamine Clinic", sizeof r->setting_name);
	kc_strlcpy(r->setting_address, "100 Example Street, Suite 2", sizeof r->setting_address);
	kc_strlcpy(r->setting_city, "Springfield", sizeof r->setting_city);
	kc_strlcpy(r->setting_state, "IL", sizeof r->setting_state);
	kc_strlcpy(r->setting_zip, "62701", sizeof r->setting_zip);
	kc_strlcpy(r->setting_phone, "555-0100", sizeof r->setting_phone);
	kc_strlcpy(r->setting_id, "DEMO-SET-0001", sizeof r->setting_id);
}

/* The demo's clinician is the login that made the database: on this training database it
 * is named "Alex Demo", as the form needs a person's first and last name. */
static int demo_clinician(struct kc_store *st, time_t at, struct kc_err *err)
{
	const char *login = kc_store_actor(st);
	struct kc_clinician c;
	int rc = kc_clinician_get(st, login, &c, err);

	if (rc == KC_OK && strcmp(c.display_name, c.login) == 0)
		rc = kc_chart_clinician_add(st, login, "Alex Demo", c.role, at, err);
	if (rc == KC_OK && !c.phone[0])
		rc = kc_chart_clinician_contact(st, login, "555-0101", "alex.demo@example.org", at, err);
	return rc;
}

/* The patient's sex and REMS enrolment, when the demo's patient has none recorded. */
static int demo_patient(struct kc_store *st, kc_id session, time_t at, struct kc_err *err)
{
	struct kc_session s;
	struct kc_patient p;
	int rc = kc_session_get(st, session, &s, err);

	if (rc == KC_OK)
		rc = kc_patient_get(st, s.patient_id, &p, err);
	if (rc == KC_OK && !p.sex[0])
		rc = kc_chart_patient_detail(st, p.id, KC_PD_SEX, p.id % 2 ? "female" : "male", NULL, at, err);
	if (rc == KC_OK && p.rems_enrolled < 0)
		rc = kc_chart_patient_detail(st, p.id, KC_PD_REMS_ENROLLED, "yes", NULL, at, err);
	return rc;
}

int kc_demo_rems_answers(struct kc_store *st, const struct kc_config *cfg, kc_id session, int ready_min,
			 time_t at, struct kc_err *err)
{
	char min[16];
	int rc = demo_clinician(st, at, err);

	if (rc == KC_OK)
		rc = demo_patient(st, session, at, err);
	snprintf(min, sizeof min, "%d", ready_min);
	if (rc == KC_OK)
		rc = kc_chart_rems_answer(st, cfg, session, KC_REMS_ANS_RESP, "no", "", NULL, at, err);
	if (rc == KC_OK)
		rc = kc_chart_rems_answer(st, cfg, session, KC_REMS_ANS_SAE, "no", "", NULL, at, err);
	if (rc == KC_OK)
		rc = kc_chart_rems_answer(st, cfg, session, KC_REMS_ANS_READY, min, "", NULL, at, err);
	return rc;
}

int kc_demo_rems_submitted(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t signed_at,
			   time_t now, struct kc_err *err)
{
	char day[32];

	if (signed_at + 3 * 86400 >= now)
		return KC_OK;
	kc_time_local(signed_at + 86400, day, sizeof day);
	day[10] = '\0';
	return kc_chart_rems_submit(st, cfg, session, day, "online", "REMS-DEMO-0002", signed_at + 86400, err);
}

/* The stock the sample sessions were given from, received a month before now (once). */
static int demo_stock(struct kc_store *st, time_t now, struct kc_err *err)
{
	struct kc_stock_receipt esk = { .product = "esketamine", .strength = "28 mg nasal device",
					.lot = "ESK-23-4411", .expiry = "2027-06-30", .units = 40, .mg_per_unit = 28,
					.supplier = "Janssen Pharmaceuticals" };
	struct kc_stock_receipt ket = { .product = "ketamine", .strength = "50 mg/mL, 10 mL vial",
					.lot = "KET-2411-07", .expiry = "2027-03-31", .units = 10, .mg_per_unit = 500,
					.supplier = "Hikma Pharmaceuticals" };
	struct kc_stock_receipt *rows = NULL;
	size_t n = 0;
	int rc = kc_stock_receipt_list(st, &rows, &n, err);

	free(rows);
	if (rc == KC_OK && !n)
		rc = kc_chart_stock_receive(st, &esk, now - 30 * 86400, NULL, err);
	if (rc == KC_OK && !n)
		rc = kc_chart_stock_receive(st, &ket, now - 30 * 86400, NULL, err);
	return rc;
}

int kc_demo_drug_iv(struct kc_store *st, const struct kc_config *cfg, kc_id session, time_t start, time_t at,
		    time_t now, struct kc_err *err)
{
	double left = 0;
	char mg[16];
	int rc = demo_stock(st, now, err);

	if (rc == KC_OK)
		rc = kc_chart_drug_draw(st, cfg, session, "KET-2411-07", "50", start - 10 * 60, at, NULL, err);
	if (rc == KC_OK)
		rc = kc_chart_undisposed(st, session, &left, err);
	snprintf(mg, sizeof mg, "%.1f", left);
	if (rc == KC_OK && left > 0)
		rc = kc_chart_drug_waste(st, cfg, session, "KET-2411-07", mg, "drug disposal pouch, the remainder "
					 "after the infusion", at, at, NULL, err);
	return rc;
}

/* The demo's second clinician, a nurse, witnesses the wastes of signed sessions from her own
 * login (a second store opened as her, as a second clinician would), a minute after each. */
static int demo_witness(struct kc_store *st, time_t now, struct kc_err *err)
{
	struct kc_store *other = NULL;
	struct kc_drug_row *w = NULL;
	size_t n = 0;
	int rc = kc_chart_clinician_add(st, "rivera", "Dana Rivera", KC_ROLE_NURSE, now - 30 * 86400, err);

	if (rc == KC_OK)
		rc = kc_drug_waste_list(st, 0, 1, &w, &n, err);
	if (rc == KC_OK && n)
		rc = kc_store_open(&other, kc_store_path(st), KC_OPEN_EXISTING, "rivera", err);
	for (size_t i = 0; rc == KC_OK && i < n; i++) {
		struct kc_session s;

		rc = kc_session_get(st, w[i].session_id, &s, err);
		if (rc == KC_OK && s.signed_by[0])
			rc = kc_chart_drug_witness(other, w[i].id, w[i].at + 60, err);
	}
	kc_store_close(other);
	free(w);
	return rc;
}

/* The demo's controlled-substance record and REMS paperwork: the stock the sample sessions
 * were given from, the oldest esketamine form submitted (the others stay due or overdue, by
 * their dates), the signed infusion's waste witnessed, and ketamine drawn up for the infusion
 * in progress with 5 mg wasted, which waits for a second clinician's witness. */
int kc_demo_paperwork(struct kc_store *st, const struct kc_config *cfg, time_t now, struct kc_err *err)
{
	struct kc_rems_form_row *forms = NULL;
	struct kc_session *open = NULL;
	size_t nf = 0, no = 0;
	char day[32];
	int rc = demo_stock(st, now, err);

	if (rc == KC_OK)
		rc = demo_witness(st, now, err);
	if (rc == KC_OK)
		rc = kc_rems_form_list(st, 1, &forms, &nf, err);
	for (size_t i = 0; rc == KC_OK && i < nf; i++)
		if (forms[i].is_signed) {
			kc_time_local(forms[i].dose_start + 2 * 86400 < now ? forms[i].dose_start + 2 * 86400 : now, day,
				      sizeof day);
			day[10] = '\0';
			rc = kc_chart_rems_submit(st, cfg, forms[i].session, day, "online", "REMS-DEMO-0001", now, err);
			break;
		}
	if (rc == KC_OK)
		rc = kc_session_list_open(st, &open, &no, err);
	for (size_t i = 0; rc == KC_OK && i < no; i++)
		if (open[i].route == KC_ROUTE_IV && open[i].dose_start) {
			rc = kc_chart_drug_draw(st, cfg, open[i].id, "KET-2411-07", "50", open[i].dose_start - 10 * 60,
						now, NULL, err);
			if (rc == KC_OK)
				rc = kc_chart_drug_waste(st, cfg, open[i].id, "KET-2411-07", "5", "drug disposal pouch, "
							 "excess over the planned dose", open[i].dose_start - 5 * 60, now, NULL,
							 err);
			break;
		}
	free(forms);
	free(open);
	return rc;
}
