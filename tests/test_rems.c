/* test_rems.c — the REMS Patient Monitoring Form (kc_rems.h): every field against the chart
 * it came from, the sign-off gate, the 7-day rule across its boundary, the clinician's
 * telephone and email, and sessions addressed by chart number. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "kc_chart.h"
#include "kc_demog.h"
#include "kc_paper.h"
#include "kc_rems.h"
#include "kc_time.h"

#define MIN 60
#define T0 ((time_t)1700000000) /* session created */
#define DOSE (T0 + 60 * MIN)   /* the first device */

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	kc_id patient, session;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "rems", "tester");
	f->patient = tdb_patient(&f->db, "T-1", "Ana Maria Silva", "1980-01-31", T0 - 86400);
	*state = f;
	return 0;
}

static void set(struct fx *f, const char *item, const char *value, const char *note, time_t at)
{
	if (kc_screen_set(f->db.st, f->session, item, value, note, at, &f->db.err) != KC_OK)
		fail_msg("screen_set %s: %s", item, f->db.err.msg);
}

static void reading(struct fx *f, time_t at, const char *bp, const char *moaas, int baseline)
{
	struct kc_vitals_entry e = { .taken = at, .baseline = baseline };

	e.text = (struct kc_vitals_text){ bp, "72", "98", "14", "", moaas };
	if (kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, at + MIN, NULL, &f->db.err) != KC_OK)
		fail_msg("vitals %s: %s", bp, f->db.err.msg);
}

/* Screening that passes: every item no except benzodiazepines yes (confirmed), opioids n/a. */
static void screening(struct fx *f)
{
	time_t at = T0 + 5 * MIN;

	tdb_screen_clear(&f->db, f->session, KC_ROUTE_ESKETAMINE, T0 - 10 * 3600, at);
	set(f, "drug_benzo", "yes", "", at);
	set(f, "drug_opioid", "n/a", "", at);
	set(f, "confirm.drug_benzo", "yes", "lorazepam 0.5 mg at night, held today", at);
	assert_int_equal(kc_weight_add(f->db.st, f->patient, f->session, 70.0, at, at, &f->db.err), KC_OK);
	reading(f, DOSE - 10 * MIN, "120/80", "5", 1);
}

static void device(struct fx *f, time_t at, const char *lot)
{
	struct kc_dose_row r = { .kind = KC_DOSE_DEVICE, .at = at };

	kc_strlcpy(r.lot, lot, sizeof r.lot);
	if (kc_chart_dose(f->db.st, &f->db.cfg, f->session, &r, at, &f->db.err) != KC_OK)
		fail_msg("device: %s", f->db.err.msg);
}

/* 56 mg in two devices of two lots; a reading at 20 min (too early for the 40-min check),
 * the check at 37 min, then every 15 min; dissociation at 40 min; discharged at 125 min. */
static void esk_session(struct fx *f, time_t created)
{
	static const int cadss6[KC_CADSS6_ITEMS] = { 1, 1, 0, 1, 0, 0 };
	struct kc_obs_entry o = { .kind = KC_OBS_DISSOCIATION, .scale = KC_SCALE_CADSS6, .items = cadss6,
				  .detail = "", .intervention = "", .note = "", .observed = DOSE + 40 * MIN };
	struct kc_discharge_row d = { .at = DOSE + 121 * MIN, .aldrete = { 2, 2, 2, 2, 2 }, .gait_steady = 1,
				      .escort_confirmed = 1, .instructions_given = 1 };

	assert_int_equal(kc_session_create(f->db.st, f->patient, KC_ROUTE_ESKETAMINE, "depression", created,
					   &f->session, &f->db.err), KC_OK);
	screening(f);
	assert_int_equal(kc_chart_plan_esk(f->db.st, &f->db.cfg, f->session, 56, NULL, DOSE - 5 * MIN, NULL,
					   &f->db.err), KC_OK);
	device(f, DOSE, "LOT-A1");
	device(f, DOSE + 5 * MIN, "LOT-B2");
	reading(f, DOSE + 20 * MIN, "150/95", "4", 0);
	reading(f, DOSE + 37 * MIN, "146/92", "4", 0);
	assert_int_equal(kc_chart_observation(f->db.st, &f->db.cfg, f->session, &o, DOSE + 41 * MIN, NULL, NULL,
					      &f->db.err), KC_OK);
	for (int m = 52; m <= 112; m += 15)
		reading(f, DOSE + m * MIN, m < 112 ? "132/84" : "126/80", "5", 0);
	assert_int_equal(kc_chart_discharge(f->db.st, &f->db.cfg, f->session, &d, DOSE + 121 * MIN, NULL, &f->db.err),
			 KC_OK);
	if (kc_chart_end(f->db.st, &f->db.cfg, f->session, "discharged", "", DOSE + 125 * MIN, &f->db.err) != KC_OK)
		fail_msg("end: %s", f->db.err.msg);
}

static void setting(struct kc_config *c)
{
	kc_strlcpy(c->rems.setting_name, "Lakeside Clinic", sizeof c->rems.setting_name);
	kc_strlcpy(c->rems.setting_address, "12 Shore Road", sizeof c->rems.setting_address);
	kc_strlcpy(c->rems.setting_city, "Madison", sizeof c->rems.setting_city);
	kc_strlcpy(c->rems.setting_state, "WI", sizeof c->rems.setting_state);
	kc_strlcpy(c->rems.setting_zip, "53703", sizeof c->rems.setting_zip);
	kc_strlcpy(c->rems.setting_phone, "608-555-0199", sizeof c->rems.setting_phone);
	kc_strlcpy(c->rems.setting_id, "SET-778", sizeof c->rems.setting_id);
}

static void answers(struct fx *f, const char *sae)
{
	const time_t at = DOSE + 126 * MIN;

	assert_int_equal(kc_chart_rems_answer(f->db.st, &f->db.cfg, f->session, KC_REMS_ANS_RESP, "no", "", NULL, at,
					      &f->db.err), KC_OK);
	assert_int_equal(kc_chart_rems_answer(f->db.st, &f->db.cfg, f->session, KC_REMS_ANS_SAE, sae, "", NULL, at,
					      &f->db.err), KC_OK);
	assert_int_equal(kc_chart_rems_answer(f->db.st, &f->db.cfg, f->session, KC_REMS_ANS_READY, "90", "", NULL, at,
					      &f->db.err), KC_OK);
}

static void demographics(struct fx *f)
{
	assert_int_equal(kc_chart_patient_detail(f->db.st, f->patient, KC_PD_SEX, "female", NULL, T0, &f->db.err), KC_OK);
	assert_int_equal(kc_chart_patient_detail(f->db.st, f->patient, KC_PD_REMS_ENROLLED, "yes", NULL, T0, &f->db.err),
			 KC_OK);
	assert_int_equal(kc_chart_patient_detail(f->db.st, f->patient, KC_PD_REMS_ID, "RP-4471", NULL, T0, &f->db.err),
			 KC_OK);
}

static void contact(struct fx *f)
{
	assert_int_equal(kc_chart_clinician_add(f->db.st, "tester", "Tess Ter", KC_ROLE_ADMIN, T0, &f->db.err), KC_OK);
	assert_int_equal(kc_chart_clinician_contact(f->db.st, "tester", "+1 (608) 555-0101", "tess@example.org", T0,
						    &f->db.err), KC_OK);
}

static struct kc_rems_form *form_of(struct fx *f)
{
	struct kc_rems_form *form = malloc(sizeof *form);

	assert_non_null(form);
	if (kc_chart_rems_form(f->db.st, &f->db.cfg, f->session, form, &f->db.err) != KC_OK)
		fail_msg("form: %s", f->db.err.msg);
	return form;
}

#define FIELD(form, k, want)                                                                     \
	do {                                                                                     \
		if (strcmp((form)->f[k].value, (want)) != 0)                                     \
			fail_msg("%s is \"%s\", expected \"%s\"", (form)->f[k].label, (form)->f[k].value, \
				 (want));                                                        \
	} while (0)

static const char *hm(time_t t)
{
	static char s[4][16];
	static int k;

	k = (k + 1) % 4;
	kc_time_local_hm(t, s[k], sizeof s[k]);
	return s[k];
}

/* Every field of the form, each from where the chart holds it. */
static void test_every_field_from_the_chart(void **state)
{
	struct fx *f = *state;
	struct kc_rems_form *form;
	char want[192], date[32];

	setting(&f->db.cfg);
	contact(f);
	demographics(f);
	esk_session(f, T0);
	answers(f, "no");
	form = form_of(f);
	assert_int_equal(form->nmissing, 0);
	FIELD(form, KC_REMS_PAT_SEX, "female");
	FIELD(form, KC_REMS_ENROLLED, "yes");
	FIELD(form, KC_REMS_PAT_ID, "RP-4471");
	FIELD(form, KC_REMS_PAT_FIRST, "Ana Maria");
	FIELD(form, KC_REMS_PAT_LAST, "Silva");
	FIELD(form, KC_REMS_PAT_DOB, "1980-01-31");
	FIELD(form, KC_REMS_FIRST_TX, "yes");
	FIELD(form, KC_REMS_MED_BENZO, "yes");
	FIELD(form, KC_REMS_MED_HYPNOTIC, "no");
	FIELD(form, KC_REMS_MED_STIMULANT, "no");
	FIELD(form, KC_REMS_MED_MAOI, "no");
	FIELD(form, KC_REMS_MED_OPIOID, "no (n/a on the checklist)");
	FIELD(form, KC_REMS_HCP_FIRST, "Tess");
	FIELD(form, KC_REMS_HCP_LAST, "Ter");
	FIELD(form, KC_REMS_HCP_PHONE, "+1 (608) 555-0101");
	FIELD(form, KC_REMS_HCP_EMAIL, "tess@example.org");
	FIELD(form, KC_REMS_SET_NAME, "Lakeside Clinic");
	FIELD(form, KC_REMS_SET_ADDRESS, "12 Shore Road");
	FIELD(form, KC_REMS_SET_CITY, "Madison");
	FIELD(form, KC_REMS_SET_STATE, "WI");
	FIELD(form, KC_REMS_SET_ZIP, "53703");
	FIELD(form, KC_REMS_SET_PHONE, "608-555-0199");
	FIELD(form, KC_REMS_SET_ID, "SET-778");
	kc_time_local(DOSE, date, sizeof date);
	date[10] = '\0';
	FIELD(form, KC_REMS_TX_DATE, date);
	FIELD(form, KC_REMS_DOSE, "56 mg");
	FIELD(form, KC_REMS_LOT, "LOT-A1, LOT-B2");
	FIELD(form, KC_REMS_TOTAL_MIN, "125 min");
	FIELD(form, KC_REMS_READY_MIN, "90 min");
	FIELD(form, KC_REMS_OK_PRE, "yes");
	FIELD(form, KC_REMS_OK_END, "yes");
	snprintf(want, sizeof want, "120/80 mmHg at %s", hm(DOSE - 10 * MIN));
	FIELD(form, KC_REMS_BP_PRE, want);
	/* the reading at 20 min is too early: the check counts from 40 - 5 min */
	snprintf(want, sizeof want, "146/92 mmHg at %s (37 min after the first device)", hm(DOSE + 37 * MIN));
	FIELD(form, KC_REMS_BP_40, want);
	snprintf(want, sizeof want, "126/80 mmHg at %s (112 min after the first device)", hm(DOSE + 112 * MIN));
	FIELD(form, KC_REMS_BP_END, want);
	FIELD(form, KC_REMS_SEDATION, "yes (lowest MOAA/S 4)");
	FIELD(form, KC_REMS_DISSOCIATION, "yes (highest CADSS 3)");
	FIELD(form, KC_REMS_RESP_DEP, "no");
	FIELD(form, KC_REMS_SAE, "no");
	FIELD(form, KC_REMS_SAE_TEXT, "");
	assert_false(form->f[KC_REMS_SAE_TEXT].missing);
	free(form);
}

/* Signing waits for every required field and names each one missing with where it is
 * entered; the setting is then kept with the record. */
static void test_sign_gate_names_what_is_missing(void **state)
{
	struct fx *f = *state;
	struct kc_rems_form *form;
	int missing;

	esk_session(f, T0);
	assert_int_equal(kc_chart_sign(f->db.st, &f->db.cfg, f->session, DOSE + 130 * MIN, &f->db.err),
			 KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "the REMS form still needs"));
	assert_non_null(strstr(f->db.err.msg, "Monitoring provider telephone, Monitoring provider email, "
				       "Healthcare setting name"));
	form = form_of(f);
	missing = form->nmissing;
	assert_true(form->f[KC_REMS_PAT_SEX].missing && form->f[KC_REMS_ENROLLED].missing);
	assert_true(form->f[KC_REMS_RESP_DEP].missing && form->f[KC_REMS_READY_MIN].missing &&
		    form->f[KC_REMS_SET_ZIP].missing && form->f[KC_REMS_HCP_EMAIL].missing);
	assert_false(form->f[KC_REMS_SET_ID].missing || form->f[KC_REMS_BP_40].missing);
	assert_string_equal(form->f[KC_REMS_RESP_DEP].where, "discharge screen (r: REMS answers)");
	assert_string_equal(form->f[KC_REMS_SET_NAME].where, "configuration [rems] setting_name");
	free(form);
	setting(&f->db.cfg);
	contact(f);
	demographics(f);
	answers(f, "yes"); /* a serious adverse event asks for more */
	form = form_of(f);
	assert_true(form->nmissing < missing);
	assert_true(form->f[KC_REMS_SAE_TEXT].missing && form->f[KC_REMS_SAE_ED].missing &&
		    form->f[KC_REMS_SAE_ADMITTED].missing);
	free(form);
	assert_int_equal(kc_chart_rems_answer(f->db.st, &f->db.cfg, f->session, KC_REMS_ANS_SAE_TEXT, "", "", NULL,
					      DOSE + 127 * MIN, &f->db.err), KC_ERR_INVALID);
	assert_int_equal(kc_chart_rems_answer(f->db.st, &f->db.cfg, f->session, KC_REMS_ANS_SAE_TEXT, "",
					      "syncope on standing, 2 min", NULL, DOSE + 127 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_chart_rems_answer(f->db.st, &f->db.cfg, f->session, KC_REMS_ANS_SAE_ED, "no", "", NULL,
					      DOSE + 127 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_chart_sign(f->db.st, &f->db.cfg, f->session, DOSE + 130 * MIN, &f->db.err),
			 KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "1 field: Admitted to hospital"));
	assert_int_equal(kc_chart_rems_answer(f->db.st, &f->db.cfg, f->session, KC_REMS_ANS_SAE_ADMIT, "no", "", NULL,
					      DOSE + 128 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_chart_sign(f->db.st, &f->db.cfg, f->session, DOSE + 130 * MIN, &f->db.err), KC_OK);
	/* the clinic moves: the signed form keeps the setting it was signed in */
	kc_strlcpy(f->db.cfg.rems.setting_name, "Hilltop Clinic", sizeof f->db.cfg.rems.setting_name);
	form = form_of(f);
	FIELD(form, KC_REMS_SET_NAME, "Lakeside Clinic");
	FIELD(form, KC_REMS_SAE_TEXT, "syncope on standing, 2 min");
	assert_int_equal(form->nmissing, 0);
	free(form);
	/* and the answers are read-only now */
	assert_int_equal(kc_chart_rems_answer(f->db.st, &f->db.cfg, f->session, KC_REMS_ANS_RESP, "yes", "", "x",
					      DOSE + 140 * MIN, &f->db.err), KC_ERR_SIGNED);
}

/* A recorded answer changes only with a reason, and the earlier one stays in the history. */
static void test_changing_an_answer_needs_a_reason(void **state)
{
	struct fx *f = *state;
	struct kc_answer_row *rows = NULL;
	size_t n = 0, seen = 0;

	esk_session(f, T0);
	answers(f, "no");
	assert_int_equal(kc_chart_rems_answer(f->db.st, &f->db.cfg, f->session, KC_REMS_ANS_READY, "95", "", NULL,
					      DOSE + 130 * MIN, &f->db.err), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "needs a reason"));
	assert_int_equal(kc_chart_rems_answer(f->db.st, &f->db.cfg, f->session, KC_REMS_ANS_READY, "ninety", "", "x",
					      DOSE + 130 * MIN, &f->db.err), KC_ERR_INVALID);
	assert_int_equal(kc_chart_rems_answer(f->db.st, &f->db.cfg, f->session, KC_REMS_ANS_READY, "95", "",
					      "misread the clock", DOSE + 130 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_screen_history(f->db.st, f->session, &rows, &n, &f->db.err), KC_OK);
	for (size_t i = 0; i < n; i++)
		seen += !strcmp(rows[i].item, KC_REMS_ANS_READY) || (!strcmp(rows[i].item, "change") &&
								      !strcmp(rows[i].note, "misread the clock"));
	free(rows);
	assert_int_equal(seen, 3);
}

static void test_iv_session_has_no_form(void **state)
{
	struct fx *f = *state;
	struct kc_rems_form form;

	f->session = tdb_session(&f->db, f->patient, KC_ROUTE_IV, T0);
	assert_int_equal(kc_chart_rems_form(f->db.st, &f->db.cfg, f->session, &form, &f->db.err), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "not esketamine"));
	assert_int_equal(kc_chart_rems_answer(f->db.st, &f->db.cfg, f->session, KC_REMS_ANS_RESP, "no", "", NULL,
					      T0 + MIN, &f->db.err), KC_ERR_INVALID);
}

/* The patient's second esketamine session is not the first treatment. */
static void test_second_session_is_not_the_first_treatment(void **state)
{
	struct fx *f = *state;
	struct kc_rems_form *form;

	struct kc_dose_row r = { .kind = KC_DOSE_DEVICE, .at = T0 - 3 * 86400 + MIN, .mg = 28 };
	kc_id earlier;

	assert_int_equal(kc_session_create(f->db.st, f->patient, KC_ROUTE_ESKETAMINE, "depression", T0 - 3 * 86400,
					   &earlier, &f->db.err), KC_OK);
	r.session_id = earlier;
	assert_int_equal(kc_dose_add(f->db.st, &r, r.at, &f->db.err), KC_OK);
	esk_session(f, T0);
	form = form_of(f);
	FIELD(form, KC_REMS_FIRST_TX, "no");
	assert_false(form->f[KC_REMS_ENROLLED].required);
	free(form);
	/* a first esketamine date recorded on the patient decides it */
	{
		char day[32];

		kc_time_local(DOSE, day, sizeof day);
		day[10] = '\0';
		assert_int_equal(kc_chart_patient_detail(f->db.st, f->patient, KC_PD_ESK_FIRST, day, NULL, T0 + 86400,
							 &f->db.err), KC_OK);
	}
	form = form_of(f);
	FIELD(form, KC_REMS_FIRST_TX, "yes");
	assert_true(form->f[KC_REMS_ENROLLED].required && form->f[KC_REMS_ENROLLED].missing);
	free(form);
}

/* ---------- the clinician's telephone and email ---------- */

static void test_contact_checked_own_or_admin_audited(void **state)
{
	struct fx *f = *state;
	struct kc_store *nurse = NULL;
	struct kc_clinician c;
	struct kc_audit_row *rows = NULL;
	size_t n = 0;
	int phone_audited = 0;

	assert_int_equal(kc_chart_clinician_add(f->db.st, "nurse1", "Nina Nurse", KC_ROLE_NURSE, T0, &f->db.err), KC_OK);
	assert_int_equal(kc_store_open(&nurse, f->db.path, KC_OPEN_EXISTING, "nurse1", &f->db.err), KC_OK);
	assert_refused(kc_chart_clinician_contact(nurse, "nurse1", "call me", "", T0, &f->db.err), f->db.err,
		       "not a telephone number");
	assert_refused(kc_chart_clinician_contact(nurse, "nurse1", "", "nina@", T0, &f->db.err), f->db.err,
		       "not an email address");
	assert_int_equal(kc_chart_clinician_contact(nurse, "nurse1", "555-0102", "nina@example.org", T0, &f->db.err),
			 KC_OK);
	assert_int_equal(kc_chart_clinician_contact(nurse, "tester", "555-0000", "", T0, &f->db.err), KC_ERR_DENIED);
	assert_int_equal(kc_chart_clinician_contact(f->db.st, "nurse1", "555-0103", "nina@example.org", T0, &f->db.err),
			 KC_OK);
	assert_int_equal(kc_clinician_get(f->db.st, "nurse1", &c, &f->db.err), KC_OK);
	assert_string_equal(c.phone, "555-0103");
	assert_string_equal(c.email, "nina@example.org");
	assert_int_equal(kc_audit_list(f->db.st, "clinician_contact", 0, &rows, &n, &f->db.err), KC_OK);
	for (size_t i = 0; i < n; i++)
		phone_audited += !rows[i].field[0] && strstr(rows[i].new_value, "\"login\":\"nurse1\"") &&
				 strstr(rows[i].new_value, "\"phone\":\"555-010");
	free(rows);
	assert_int_equal(phone_audited, 2);
	kc_store_close(nurse);
}

/* ---------- the 7-day rule ---------- */

static void test_due_within_7_calendar_days(void **state)
{
	char out[32];

	(void)state;
	assert_int_equal(kc_rems_days_left("2026-11-20", "2026-11-20"), 7);
	assert_int_equal(kc_rems_days_left("2026-11-20", "2026-11-26"), 1);
	assert_int_equal(kc_rems_days_left("2026-11-20", "2026-11-27"), 0);  /* the last day */
	assert_int_equal(kc_rems_days_left("2026-11-20", "2026-11-28"), -1); /* overdue */
	assert_int_equal(kc_rems_days_left("2026-12-28", "2027-01-04"), 0);  /* across the year */
	assert_int_equal(kc_rems_days_left("2028-02-25", "2028-03-03"), 0);  /* 29 February counts */
	assert_int_equal(kc_rems_days_left("2027-02-25", "2027-03-04"), 0);
	assert_int_equal(kc_rems_days_left("2026-02-30", "2026-03-01"), KC_REMS_BAD_DATE);
	assert_int_equal(kc_rems_days_left("2026-11-20", "yesterday"), KC_REMS_BAD_DATE);
	kc_rems_due_date("2026-12-28", out, sizeof out);
	assert_string_equal(out, "2027-01-04");
	kc_rems_due_date("2028-02-25", out, sizeof out);
	assert_string_equal(out, "2028-03-03");
	kc_rems_due_text(3, out, sizeof out);
	assert_string_equal(out, "due in 3 days");
	kc_rems_due_text(1, out, sizeof out);
	assert_string_equal(out, "due in 1 day");
	kc_rems_due_text(0, out, sizeof out);
	assert_string_equal(out, "due today");
	kc_rems_due_text(-1, out, sizeof out); /* a word and a symbol, never colour alone */
	assert_string_equal(out, "! OVERDUE 1 day");
	kc_rems_due_text(-4, out, sizeof out);
	assert_string_equal(out, "! OVERDUE 4 days");
}

/* ---------- sessions addressed by chart number ---------- */

static void test_session_addressed_by_chart_number(void **state)
{
	struct fx *f = *state;
	kc_id first, second, third, got = 0;
	char day[32], text[64];

	assert_int_equal(kc_session_create(f->db.st, f->patient, KC_ROUTE_IV, "depression", T0, &first, &f->db.err),
			 KC_OK);
	assert_int_equal(kc_session_create(f->db.st, f->patient, KC_ROUTE_IV, "depression", T0 + 2 * 86400, &second,
					   &f->db.err), KC_OK);
	assert_int_equal(kc_session_address(f->db.st, "T-1", &got, &f->db.err), KC_OK);
	assert_int_equal(got, second);
	kc_time_local(T0, day, sizeof day);
	snprintf(text, sizeof text, "T-1@%.10s", day);
	assert_int_equal(kc_session_address(f->db.st, text, &got, &f->db.err), KC_OK);
	assert_int_equal(got, first);
	assert_int_equal(kc_session_address(f->db.st, "T-1@", &got, &f->db.err), KC_OK);
	assert_int_equal(got, second);
	assert_int_equal(kc_session_address(f->db.st, "7", &got, &f->db.err), KC_OK);
	assert_int_equal(got, 7);
	assert_int_equal(kc_session_address(f->db.st, "T-1@2001-01-01", &got, &f->db.err), KC_ERR_NOTFOUND);
	assert_int_equal(kc_session_address(f->db.st, "T-1@21-1-1", &got, &f->db.err), KC_ERR_INVALID);
	assert_int_equal(kc_session_address(f->db.st, "T-", &got, &f->db.err), KC_ERR_NOTFOUND);
	assert_non_null(strstr(f->db.err.msg, "no patient with the chart number 'T-'"));
	/* two sessions opened on one day: the number is asked for */
	assert_int_equal(kc_session_create(f->db.st, f->patient, KC_ROUTE_IV, "depression", T0 + 60, &third,
					   &f->db.err), KC_OK);
	assert_int_equal(kc_session_address(f->db.st, text, &got, &f->db.err), KC_ERR_INVALID);
	snprintf(text, sizeof text, "(%lld, %lld)", third, first);
	assert_non_null(strstr(f->db.err.msg, text));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, tdb_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_every_field_from_the_chart),
		T(test_sign_gate_names_what_is_missing),
		T(test_changing_an_answer_needs_a_reason),
		T(test_iv_session_has_no_form),
		T(test_second_session_is_not_the_first_treatment),
		T(test_contact_checked_own_or_admin_audited),
		cmocka_unit_test(test_due_within_7_calendar_days),
		T(test_session_addressed_by_chart_number),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
