/* test_fhir.c — the FHIR R4 export (src/core/fhir.c): every kind of resource, statuses
 * (final, amended, entered-in-error), dataAbsentReason for a refused reading, references
 * that resolve, identifiers stable for a database and different between two, no empty
 * values, valid UTF-8 from invalid stored bytes. The output is read back with jansson.
 * The schema itself is checked by tests/cli/fhir.sh (the official R4 JSON schema). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "fixture.h"
#include "kc_chart.h"
#include "kc_demog.h"
#include "kc_fhir.h"
#include "kc_report.h"
#include "kc_store_export.h"

#define MIN 60
#define T0 ((time_t)1700000000)

struct fx {
	struct kc_tdb db; /* first: tdb_teardown frees the struct through it */
	kc_id patient, session;
	json_t *bundle;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "fhir", "tester");
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	json_decref(f->bundle);
	return tdb_teardown(state);
}

/* ---------- making a record ---------- */

static kc_id vitals(struct fx *f, time_t t, const char *bp, const char *hr)
{
	struct kc_vitals_entry e = { .taken = t };
	struct kc_vitals_result res;

	e.text = (struct kc_vitals_text){ bp, hr, "97", "16", "36.8", "5" };
	if (kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, t, &res, &f->db.err) != KC_OK)
		fail_msg("vitals %s: %s", bp, f->db.err.msg);
	return res.id;
}

static void answers(struct fx *f, const char *key, int n, int value, time_t t)
{
	char item[16], v[4];

	for (int i = 1; i <= n; i++) {
		snprintf(item, sizeof item, "%s.%d", key, i);
		snprintf(v, sizeof v, "%d", value);
		assert_int_equal(kc_screen_set(f->db.st, f->session, item, v, "", t, &f->db.err), KC_OK);
	}
}

/* A patient and an esketamine session with a weight, PHQ-9, GAD-7, the C-SSRS screener,
 * two devices (one with a lot), a reading, a side effect. */
static void record(struct fx *f, enum kc_route route)
{
	struct kc_obs_entry o = { .kind = KC_OBS_NAUSEA, .scale = KC_SCALE_NRS, .score = 5, .detail = "",
				  .intervention = "ondansetron 4 mg IV", .note = "felt queasy", .observed = T0 + 50 * MIN };
	struct kc_dose_row d = { .kind = KC_DOSE_DEVICE, .mg = 28, .at = T0 + 30 * MIN, .lot = "ESK-42" };
	kc_id s;
	struct kc_patient p = { .chart_no = "F-1", .name = "Ann Fhir", .dob = "1980-01-02" };

	assert_int_equal(kc_patient_add(f->db.st, &p, T0 - 86400, &f->patient, &f->db.err), KC_OK);
	assert_int_equal(kc_patient_detail_set(f->db.st, f->patient, KC_PD_SEX, "female", NULL, T0 - 86400, &f->db.err),
			 KC_OK);
	f->session = tdb_session(&f->db, f->patient, route, T0);
	assert_int_equal(kc_weight_add_typed(f->db.st, f->patient, f->session, 72.5, "72.5 kg", T0 + MIN, T0 + MIN,
					     &f->db.err), KC_OK);
	answers(f, "phq9", 9, 2, T0 + 2 * MIN);
	answers(f, "gad7", 7, 1, T0 + 3 * MIN);
	assert_int_equal(kc_screen_set(f->db.st, f->session, "cssrs.1", "yes", "", T0 + 4 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_screen_set(f->db.st, f->session, "cssrs.2", "no", "", T0 + 4 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_screen_set(f->db.st, f->session, "cssrs.6", "no", "", T0 + 4 * MIN, &f->db.err), KC_OK);
	vitals(f, T0 + 10 * MIN, "120/80", "72");
	if (route == KC_ROUTE_ESKETAMINE) {
		d.session_id = s = f->session;
		if (kc_dose_add(f->db.st, &d, T0 + 30 * MIN, &f->db.err) != KC_OK)
			fail_msg("dose: %s", f->db.err.msg);
		d = (struct kc_dose_row){ .session_id = s, .kind = KC_DOSE_DEVICE, .mg = 28, .at = T0 + 35 * MIN };
		assert_int_equal(kc_dose_add(f->db.st, &d, T0 + 35 * MIN, &f->db.err), KC_OK);
	}
	assert_int_equal(kc_chart_observation(f->db.st, &f->db.cfg, f->session, &o, T0 + 50 * MIN, NULL, NULL,
					      &f->db.err), KC_OK);
}

/* ---------- reading the bundle ---------- */

static char *export_text(struct fx *f, struct kc_export_opts *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	if (kc_fhir_export(f->db.st, &f->db.cfg, o, out, &f->db.err) != KC_OK)
		fail_msg("export: %s", f->db.err.msg);
	fclose(out);
	return buf;
}

static json_t *export(struct fx *f, struct kc_export_opts *o)
{
	struct kc_export_opts all = { 0 };
	char *text = export_text(f, o ? o : &all);
	json_error_t jerr;

	json_decref(f->bundle);
	f->bundle = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	if (!f->bundle)
		fail_msg("not JSON (%s, line %d): %s", jerr.text, jerr.line, text);
	free(text);
	return f->bundle;
}

static size_t count_type(json_t *b, const char *type)
{
	size_t i, n = 0;
	json_t *e;

	json_array_foreach(json_object_get(b, "entry"), i, e)
		n += strcmp(json_string_value(json_object_get(json_object_get(e, "resource"), "resourceType")), type) == 0;
	return n;
}

/* The first resource of type whose code has a coding with this code (NULL: any). */
static json_t *find(json_t *b, const char *type, const char *code)
{
	size_t i, k;
	json_t *e, *c;

	json_array_foreach(json_object_get(b, "entry"), i, e) {
		json_t *r = json_object_get(e, "resource");

		if (strcmp(json_string_value(json_object_get(r, "resourceType")), type) != 0)
			continue;
		if (!code)
			return r;
		json_array_foreach(json_object_get(json_object_get(r, "code"), "coding"), k, c)
			if (!strcmp(json_string_value(json_object_get(c, "code")), code))
				return r;
	}
	return NULL;
}

static json_t *must_find(json_t *b, const char *type, const char *code)
{
	json_t *r = find(b, type, code);

	if (!r)
		fail_msg("no %s %s in the bundle", type, code ? code : "");
	return r;
}

static const char *str_at(json_t *v, const char *path);

/* The Observation with this code and status; fails when there is none. */
static json_t *with_status(json_t *b, const char *code, const char *status)
{
	size_t i;
	json_t *e;

	json_array_foreach(json_object_get(b, "entry"), i, e) {
		json_t *o = json_object_get(e, "resource");

		if (!strcmp(str_at(o, "status"), status) && !strcmp(str_at(o, "code.coding.0.code"), code))
			return o;
	}
	fail_msg("no %s Observation %s", status, code);
	return NULL;
}

/* v's member at "code.coding.0.system" (a number indexes an array); NULL when absent. */
static json_t *at(json_t *v, const char *path)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof buf, "%s", path);
	for (char *k = strtok_r(buf, ".", &save); v && k; k = strtok_r(NULL, ".", &save))
		v = json_is_array(v) ? json_array_get(v, (size_t)atoi(k)) : json_object_get(v, k);
	return v;
}

static const char *str_at(json_t *v, const char *path)
{
	json_t *x = at(v, path);

	return json_is_string(x) ? json_string_value(x) : "";
}

static size_t count_status(json_t *b, const char *type, const char *code, const char *status)
{
	size_t i, k, n = 0;
	json_t *e, *c;

	json_array_foreach(json_object_get(b, "entry"), i, e) {
		json_t *r = json_object_get(e, "resource");

		if (strcmp(json_string_value(json_object_get(r, "resourceType")), type) != 0 ||
		    strcmp(json_string_value(json_object_get(r, "status")), status) != 0)
			continue;
		json_array_foreach(json_object_get(json_object_get(r, "code"), "coding"), k, c)
			if (!code || !strcmp(json_string_value(json_object_get(c, "code")), code)) {
				n++;
				break;
			}
		if (!json_object_get(r, "code") && !code)
			n++;
	}
	return n;
}

/* Every "reference" in v into refs (a JSON array of strings). */
static void collect_refs(json_t *v, json_t *refs)
{
	const char *key;
	json_t *x;
	size_t i;

	if (json_is_array(v))
		json_array_foreach(v, i, x)
			collect_refs(x, refs);
	if (json_is_object(v))
		json_object_foreach(v, key, x) {
			if (!strcmp(key, "reference") && json_is_string(x))
				json_array_append(refs, x);
			collect_refs(x, refs);
		}
}

/* No empty string, array or object anywhere in v. */
static void assert_no_empty(json_t *v, const char *where)
{
	const char *key;
	json_t *x;
	size_t i;

	if (json_is_string(v) && !json_string_length(v))
		fail_msg("an empty string in %s", where);
	if (json_is_array(v) && !json_array_size(v))
		fail_msg("an empty array at %s", where);
	if (json_is_object(v) && !json_object_size(v))
		fail_msg("an empty object at %s", where);
	if (json_is_array(v))
		json_array_foreach(v, i, x)
			assert_no_empty(x, where);
	if (json_is_object(v))
		json_object_foreach(v, key, x)
			assert_no_empty(x, key);
}

/* The fullUrls of the bundle, in order, as one JSON array. */
static json_t *full_urls(json_t *b)
{
	json_t *urls = json_array(), *e;
	size_t i;

	json_array_foreach(json_object_get(b, "entry"), i, e)
		json_array_append(urls, json_object_get(e, "fullUrl"));
	return urls;
}

static int has_url(json_t *urls, const char *u)
{
	json_t *x;
	size_t i;

	json_array_foreach(urls, i, x)
		if (!strcmp(json_string_value(x), u))
			return 1;
	return 0;
}

/* Every reference of the bundle resolves in it. */
static void assert_references_resolve(json_t *b)
{
	json_t *urls = full_urls(b), *refs = json_array(), *x;
	size_t i;

	collect_refs(b, refs);
	json_array_foreach(refs, i, x)
		if (strcmp(json_string_value(x), "#med") != 0 && !has_url(urls, json_string_value(x)))
			fail_msg("%s resolves to nothing in the bundle", json_string_value(x));
	json_decref(urls);
	json_decref(refs);
}

/* ---------- tests ---------- */

static void test_every_kind_of_resource_with_its_codes(void **state)
{
	struct fx *f = *state;
	json_t *b, *r;

	kc_strlcpy(f->db.cfg.fhir.patient_identifier_system, "urn:oid:1.2.3.4", sizeof f->db.cfg.fhir.patient_identifier_system);
	record(f, KC_ROUTE_ESKETAMINE);
	b = export(f, NULL);
	assert_string_equal(str_at(b, "resourceType"), "Bundle");
	assert_string_equal(str_at(b, "type"), "collection");
	assert_int_equal(count_type(b, "Patient"), 1);
	assert_int_equal(count_type(b, "Practitioner"), 1);
	assert_int_equal(count_type(b, "Encounter"), 1);
	assert_int_equal(count_type(b, "MedicationAdministration"), 2);
	/* weight, 9 + total + panel PHQ-9, 7 + total + panel GAD-7, C-SSRS, BP, HR, SpO2, RR,
	 * temperature, MOAA/S, nausea */
	assert_int_equal(count_type(b, "Observation"), 1 + 11 + 9 + 1 + 6 + 1);

	r = must_find(b, "Patient", NULL);
	assert_string_equal(str_at(r, "identifier.0.system"), "urn:oid:1.2.3.4");
	assert_string_equal(str_at(r, "identifier.0.value"), "F-1");
	assert_string_equal(str_at(r, "name.0.text"), "Ann Fhir");
	assert_string_equal(str_at(r, "gender"), "female");
	assert_string_equal(str_at(r, "birthDate"), "1980-01-02");
	r = must_find(b, "Practitioner", NULL);
	assert_string_equal(str_at(r, "identifier.0.value"), "tester");
	r = must_find(b, "Encounter", NULL);
	assert_string_equal(str_at(r, "status"), "in-progress");
	assert_string_equal(str_at(r, "class.code"), "AMB");
	assert_string_equal(str_at(r, "period.start"), "2023-11-14T22:13:20Z");

	r = must_find(b, "MedicationAdministration", NULL); /* the first device names its lot */
	assert_string_equal(str_at(r, "status"), "completed");
	assert_string_equal(str_at(r, "medicationReference.reference"), "#med");
	assert_string_equal(str_at(r, "contained.0.resourceType"), "Medication");
	assert_string_equal(str_at(r, "contained.0.batch.lotNumber"), "ESK-42");
	assert_string_equal(str_at(r, "dosage.route.coding.0.code"), "46713006");
	assert_int_equal(json_integer_value(at(r, "dosage.dose.value")), 28);
	assert_string_equal(str_at(r, "dosage.dose.code"), "mg");
	assert_string_equal(str_at(r, "dosage.dose.system"), "http://unitsofmeasure.org");

	r = must_find(b, "Observation", "29463-7");
	assert_string_equal(str_at(r, "meta.profile.0"), "http://hl7.org/fhir/StructureDefinition/bodyweight");
	assert_true(json_real_value(at(r, "valueQuantity.value")) == 72.5);
	assert_string_equal(str_at(r, "valueQuantity.code"), "kg");
	assert_int_equal(json_integer_value(at(must_find(b, "Observation", "44261-6"), "valueInteger")), 18);
	assert_int_equal(json_array_size(at(must_find(b, "Observation", "44249-1"), "hasMember")), 10);
	assert_int_equal(json_integer_value(at(must_find(b, "Observation", "44260-8"), "valueInteger")), 2);
	assert_int_equal(json_integer_value(at(must_find(b, "Observation", "70274-6"), "valueInteger")), 7);
	assert_int_equal(json_array_size(at(must_find(b, "Observation", "69737-5"), "hasMember")), 8);
	r = must_find(b, "Observation", "cssrs-screen");
	assert_string_equal(str_at(r, "code.coding.0.system"), "urn:ketchart:code");
	assert_string_equal(str_at(r, "valueCodeableConcept.coding.0.code"), "cssrs-risk-low");
	assert_int_equal(json_array_size(at(r, "component")), 3);
	r = must_find(b, "Observation", "side-effect-nausea");
	assert_int_equal(json_integer_value(at(r, "valueInteger")), 5);
	assert_string_equal(str_at(r, "method.coding.0.code"), "scale-NRS");
	r = must_find(b, "Observation", "moaas");
	assert_int_equal(json_integer_value(at(r, "valueInteger")), 5);
}

static void test_vital_signs_carry_loinc_ucum_and_their_profiles(void **state)
{
	struct fx *f = *state;
	json_t *b, *r;

	record(f, KC_ROUTE_IV);
	b = export(f, NULL);
	r = must_find(b, "Observation", "85354-9");
	assert_string_equal(str_at(r, "meta.profile.0"), "http://hl7.org/fhir/StructureDefinition/bp");
	assert_string_equal(str_at(r, "category.0.coding.0.code"), "vital-signs");
	assert_string_equal(str_at(r, "component.0.code.coding.0.code"), "8480-6");
	assert_int_equal(json_integer_value(at(r, "component.0.valueQuantity.value")), 120);
	assert_string_equal(str_at(r, "component.0.valueQuantity.code"), "mm[Hg]");
	assert_string_equal(str_at(r, "component.1.code.coding.0.code"), "8462-4");
	assert_int_equal(json_integer_value(at(r, "component.1.valueQuantity.value")), 80);
	assert_null(at(r, "valueQuantity"));
	r = must_find(b, "Observation", "8867-4");
	assert_string_equal(str_at(r, "meta.profile.0"), "http://hl7.org/fhir/StructureDefinition/heartrate");
	assert_string_equal(str_at(r, "valueQuantity.code"), "/min");
	r = must_find(b, "Observation", "59408-5");
	assert_string_equal(str_at(r, "code.coding.1.code"), "2708-6");
	assert_string_equal(str_at(r, "meta.profile.0"), "http://hl7.org/fhir/StructureDefinition/oxygensat");
	assert_string_equal(str_at(r, "valueQuantity.code"), "%");
	r = must_find(b, "Observation", "9279-1");
	assert_string_equal(str_at(r, "meta.profile.0"), "http://hl7.org/fhir/StructureDefinition/resprate");
	r = must_find(b, "Observation", "8310-5");
	assert_string_equal(str_at(r, "meta.profile.0"), "http://hl7.org/fhir/StructureDefinition/bodytemp");
	assert_true(json_real_value(at(r, "valueQuantity.value")) == 36.8);
	assert_string_equal(str_at(r, "valueQuantity.code"), "Cel");
	assert_string_equal(str_at(r, "effectiveDateTime"), "2023-11-14T22:23:20Z");
}

static void test_entered_in_error_and_its_replacement(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_entry e = { .taken = T0 + 10 * MIN };
	json_t *b, *r;
	kc_id id;

	record(f, KC_ROUTE_IV);
	id = vitals(f, T0 + 20 * MIN, "150/95", "118");
	b = export(f, NULL);
	assert_int_equal(count_status(b, "Observation", "8867-4", "entered-in-error"), 0);
	e.text = (struct kc_vitals_text){ "130/85", "78", "97", "16", "36.8", "5" };
	e.taken = T0 + 20 * MIN;
	assert_int_equal(kc_chart_vitals_correct(f->db.st, &f->db.cfg, id, KC_EIE_WRONG_VALUE, "misread the monitor",
						 &e, T0 + 25 * MIN, NULL, &f->db.err), KC_OK);
	b = export(f, NULL);
	/* the wrong reading: all six of its Observations, with the reason */
	assert_int_equal(count_status(b, "Observation", NULL, "entered-in-error"), 6);
	assert_int_equal(count_status(b, "Observation", "8867-4", "entered-in-error"), 1);
	assert_int_equal(count_status(b, "Observation", "8867-4", "final"), 2);
	r = with_status(b, "8867-4", "entered-in-error");
	assert_int_equal(json_integer_value(at(r, "valueQuantity.value")), 118);
	assert_non_null(strstr(str_at(r, "note.0.text"), "misread the monitor"));
}

/* An acknowledged alert goes out on each Observation of its reading as a note: who, when and
 * the actions, in the report's words; a reading not acknowledged has no such note. */
static void test_an_acknowledged_alert_is_a_note_on_its_reading(void **state)
{
	struct fx *f = *state;
	json_t *b, *hr, *bp, *calm;
	const char *want = "Alert acknowledged by tester: infusion paused; physician notified: Dr Lee";
	kc_id id;

	record(f, KC_ROUTE_IV);
	id = vitals(f, T0 + 20 * MIN, "190/120", "118");
	assert_int_equal(kc_vitals_ack(f->db.st, id, "infusion paused; physician notified: Dr Lee", T0 + 22 * MIN,
				       &f->db.err), KC_OK);
	b = export(f, NULL);
	hr = NULL;
	calm = NULL;
	for (size_t i = 0; i < json_array_size(json_object_get(b, "entry")); i++) {
		json_t *r = json_object_get(json_array_get(json_object_get(b, "entry"), i), "resource");
		const char *code = str_at(r, "code.coding.0.code");

		if (!code || strcmp(code, "8867-4"))
			continue;
		if (json_integer_value(at(r, "valueQuantity.value")) == 118)
			hr = r;
		else
			calm = r;
	}
	assert_non_null(hr);
	assert_non_null(calm);
	assert_string_equal(str_at(hr, "note.0.text"), want);
	assert_string_equal(str_at(hr, "note.0.time"), "2023-11-14T22:35:20Z");
	assert_null(at(calm, "note"));
	/* the BP panel of the same reading carries it too: the alert is the reading's */
	bp = NULL;
	for (size_t i = 0; i < json_array_size(json_object_get(b, "entry")); i++) {
		json_t *r = json_object_get(json_array_get(json_object_get(b, "entry"), i), "resource");
		const char *code = str_at(r, "code.coding.0.code");

		if (code && !strcmp(code, "85354-9") && json_integer_value(at(r, "component.0.valueQuantity.value")) == 190)
			bp = r;
	}
	assert_non_null(bp);
	assert_string_equal(str_at(bp, "note.0.text"), want);
	assert_references_resolve(b);
}

static void test_an_amended_entry_goes_out_amended_with_the_amendment(void **state)
{
	struct fx *f = *state;
	json_t *b, *r;
	kc_id id;

	record(f, KC_ROUTE_IV);
	id = vitals(f, T0 + 20 * MIN, "140/90", "88");
	assert_int_equal(kc_session_end(f->db.st, f->session, "aborted", "patient left", T0 + 60 * MIN, &f->db.err),
			 KC_OK);
	assert_int_equal(kc_session_sign(f->db.st, f->session, T0 + 61 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_amendment_add(f->db.st, f->session, "vitals", id, "HR was 84 on the monitor printout",
					  "review of the printout", T0 + 90 * MIN, NULL, &f->db.err), KC_OK);
	b = export(f, NULL);
	assert_int_equal(count_status(b, "Observation", "8867-4", "amended"), 1);
	assert_int_equal(count_status(b, "Observation", "8867-4", "final"), 1);
	assert_int_equal(count_status(b, "Observation", "85354-9", "amended"), 1);
	r = must_find(b, "Encounter", NULL);
	assert_string_equal(str_at(r, "status"), "finished");
	r = with_status(b, "8867-4", "amended");
	assert_int_equal(json_integer_value(at(r, "valueQuantity.value")), 88); /* as recorded */
	assert_non_null(strstr(str_at(r, "note.0.text"), "HR was 84 on the monitor printout"));
	assert_non_null(strstr(str_at(r, "note.0.text"), "review of the printout"));
	assert_string_equal(str_at(r, "note.0.time"), "2023-11-14T23:43:20Z");
}

static void test_a_refused_reading_goes_out_with_a_data_absent_reason(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_entry e = { .taken = T0 + 30 * MIN, .status = KC_VITALS_REFUSED, .reason = "asleep, not woken" };
	struct kc_vitals_result res;
	json_t *b, *r;

	record(f, KC_ROUTE_IV);
	e.text = (struct kc_vitals_text){ "", "", "", "", "", "" };
	assert_int_equal(kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, T0 + 30 * MIN, &res, &f->db.err), KC_OK);
	b = export(f, NULL);
	r = must_find(b, "Observation", "85353-1");
	assert_string_equal(str_at(r, "dataAbsentReason.coding.0.system"),
			    "http://terminology.hl7.org/CodeSystem/data-absent-reason");
	assert_string_equal(str_at(r, "dataAbsentReason.coding.0.code"), "asked-declined");
	assert_string_equal(str_at(r, "dataAbsentReason.text"), "asleep, not woken");
	assert_null(at(r, "valueQuantity"));
	assert_string_equal(str_at(r, "status"), "final");
}

/* The export's own read of a session's readings (kc_vitals_export_list): kc_vitals_list's
 * rows, in its order, with every field the export writes: a reading acknowledged, one
 * entered in error and its replacement, one refused with its reason. */
static void test_the_export_reads_the_readings_as_the_list(void **state)
{
	struct fx *f = *state;
	struct kc_vitals_entry e = { .taken = T0 + 30 * MIN, .status = KC_VITALS_REFUSED, .reason = "asleep" };
	struct kc_vitals_row *a = NULL, *b = NULL;
	struct kc_vitals_result res;
	size_t na = 0, nb = 0;
	int seen = 0;
	kc_id id;

	record(f, KC_ROUTE_IV);
	id = vitals(f, T0 + 20 * MIN, "190/120", "118");
	assert_int_equal(kc_vitals_ack(f->db.st, id, "infusion paused", T0 + 22 * MIN, &f->db.err), KC_OK);
	id = vitals(f, T0 + 25 * MIN, "150/95", "99");
	e.text = (struct kc_vitals_text){ "", "", "", "", "", "" };
	assert_int_equal(kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, T0 + 30 * MIN, &res, &f->db.err), KC_OK);
	e = (struct kc_vitals_entry){ .taken = T0 + 25 * MIN };
	e.text = (struct kc_vitals_text){ "130/85", "78", "97", "16", "36.8", "5" };
	assert_int_equal(kc_chart_vitals_correct(f->db.st, &f->db.cfg, id, KC_EIE_WRONG_VALUE, "misread the monitor",
						 &e, T0 + 31 * MIN, NULL, &f->db.err), KC_OK);
	assert_int_equal(kc_vitals_list(f->db.st, f->session, &a, &na, &f->db.err), KC_OK);
	assert_int_equal(kc_vitals_export_list(f->db.st, f->session, &b, &nb, &f->db.err), KC_OK);
	assert_true(na >= 5);
	assert_int_equal(nb, na);
	for (size_t i = 0; i < na; i++) {
		assert_int_equal(b[i].id, a[i].id);
		assert_int_equal(b[i].taken_at, a[i].taken_at);
		assert_string_equal(b[i].entered_by, a[i].entered_by);
		assert_int_equal(b[i].status, a[i].status);
		assert_string_equal(b[i].reason, a[i].reason);
		assert_memory_equal(&b[i].v, &a[i].v, sizeof a[i].v);
		assert_int_equal(b[i].carried, a[i].carried);
		assert_int_equal(b[i].acked, a[i].acked);
		assert_string_equal(b[i].ack_action, a[i].ack_action);
		assert_string_equal(b[i].ack_by, a[i].ack_by);
		assert_int_equal(b[i].ack_at, a[i].ack_at);
		assert_int_equal(b[i].eie.code, a[i].eie.code);
		assert_string_equal(b[i].eie.reason, a[i].eie.reason);
		assert_string_equal(b[i].eie.by, a[i].eie.by);
		assert_int_equal(b[i].eie.at, a[i].eie.at);
	}
	/* what the test sets up is there to compare */
	for (size_t i = 0; i < na; i++)
		seen |= (a[i].acked ? 1 : 0) | (a[i].eie.code != KC_EIE_NONE ? 2 : 0) |
			(a[i].status == KC_VITALS_REFUSED ? 4 : 0);
	assert_int_equal(seen, 7);
	free(a);
	free(b);
}

static void test_every_reference_resolves_and_nothing_is_empty(void **state)
{
	struct fx *f = *state;
	json_t *b, *urls, *refs = json_array(), *x;
	size_t i;

	record(f, KC_ROUTE_ESKETAMINE);
	b = export(f, NULL);
	collect_refs(b, refs);
	assert_true(json_array_size(refs) > 50);
	assert_references_resolve(b);
	urls = full_urls(b);
	json_array_foreach(urls, i, x) /* unique */
		for (size_t k = i + 1; k < json_array_size(urls); k++)
			assert_string_not_equal(json_string_value(x), json_string_value(json_array_get(urls, k)));
	assert_no_empty(b, "bundle");
	json_decref(urls);
	json_decref(refs);
}

static void test_a_transaction_puts_each_resource(void **state)
{
	struct fx *f = *state;
	struct kc_export_opts o = { .transaction = 1 };
	json_t *b, *e;
	size_t i;
	char url[96];

	record(f, KC_ROUTE_ESKETAMINE);
	b = export(f, &o);
	assert_string_equal(str_at(b, "type"), "transaction");
	json_array_foreach(json_object_get(b, "entry"), i, e) {
		snprintf(url, sizeof url, "%s/%s", str_at(e, "resource.resourceType"), str_at(e, "resource.id"));
		assert_string_equal(str_at(e, "request.method"), "PUT");
		assert_string_equal(str_at(e, "request.url"), url);
		snprintf(url, sizeof url, "urn:uuid:%s", str_at(e, "resource.id"));
		assert_string_equal(str_at(e, "fullUrl"), url);
	}
}

static void test_nothing_to_send_has_no_entry_at_all(void **state)
{
	struct fx *f = *state;
	struct kc_export_opts o = { .since = T0 + 365 * 86400 };
	char *text;

	record(f, KC_ROUTE_IV);
	text = export_text(f, &o);
	assert_string_equal(text, "{\"resourceType\":\"Bundle\",\"type\":\"collection\"}\n");
	free(text);
}

/* The same record in two databases: each export of one database gives the same fullUrls;
 * the two databases share none. */
static void test_identifiers_stable_in_a_database_and_unique_across_two(void **state)
{
	struct fx *f = *state, g = { 0 };
	json_t *a, *a2, *c, *x;
	size_t i;

	record(f, KC_ROUTE_ESKETAMINE);
	a = full_urls(export(f, NULL));
	a2 = full_urls(export(f, NULL));
	assert_true(json_equal(a, a2));
	tdb_create(&g.db, "fhir2", "tester");
	record(&g, KC_ROUTE_ESKETAMINE);
	c = full_urls(export(&g, NULL));
	assert_int_equal(json_array_size(a), json_array_size(c));
	json_array_foreach(c, i, x)
		assert_false(has_url(a, json_string_value(x)));
	json_decref(a);
	json_decref(a2);
	json_decref(c);
	json_decref(g.bundle);
	tdb_destroy(&g.db);
}

/* The namespace is made once and the database refuses to change or delete it. */
static void test_the_namespace_never_changes(void **state)
{
	struct fx *f = *state;
	char ns[37], again[37];
	sqlite3 *db;

	assert_int_equal(kc_store_namespace(f->db.st, ns, &f->db.err), KC_OK);
	assert_int_equal(strlen(ns), 36);
	assert_int_equal(ns[14], '4'); /* random (version 4) */
	assert_int_equal(sqlite3_open(f->db.path, &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE meta SET value = '00000000-0000-4000-8000-000000000000'", NULL,
					  NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM meta", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	kc_store_close(f->db.st);
	tdb_open(&f->db, "tester");
	assert_int_equal(kc_store_namespace(f->db.st, again, &f->db.err), KC_OK);
	assert_string_equal(ns, again);
}

/* A name stored with bytes that are not UTF-8 (written around ketchart's checks) goes out
 * as valid UTF-8, each bad byte a U+FFFD. */
static void test_invalid_utf8_in_a_stored_name_becomes_replacement_characters(void **state)
{
	struct fx *f = *state;
	sqlite3 *db;
	json_t *b;

	record(f, KC_ROUTE_IV);
	assert_int_equal(sqlite3_open(f->db.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TRIGGER patient_audit_update;"
				      " UPDATE patient SET name = CAST(X'416E6EFF20C3A92080E2' AS TEXT)", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	b = export(f, NULL);
	assert_string_equal(str_at(must_find(b, "Patient", NULL), "name.0.text"),
			    "Ann\xef\xbf\xbd \xc3\xa9 \xef\xbf\xbd\xef\xbf\xbd");
}

static void test_utf8_repair_keeps_good_text_and_cuts_at_a_boundary(void **state)
{
	char out[16];

	(void)state;
	assert_string_equal(kc_fhir_utf8("Zoë Ångström", out, sizeof out), "Zoë Ångström");
	assert_string_equal(kc_fhir_utf8("a\xc3", out, sizeof out), "a\xef\xbf\xbd");           /* cut short */
	assert_string_equal(kc_fhir_utf8("\xc0\xaf", out, sizeof out), "\xef\xbf\xbd\xef\xbf\xbd"); /* overlong */
	assert_string_equal(kc_fhir_utf8("\xed\xa0\x80", out, sizeof out),
			    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"); /* a surrogate */
	assert_string_equal(kc_fhir_utf8("abcdefghijklmnoé", out, sizeof out), "abcdefghijklmno");
	assert_string_equal(kc_fhir_utf8(NULL, out, sizeof out), "");
}


/* ---------- incremental: the change feed (--after CURSOR, --since) ---------- */

static void test_after_the_cursor_only_what_changed_with_what_it_refers_to(void **state)
{
	struct fx *f = *state;
	struct kc_export_opts o = { 0 };
	struct kc_vitals_entry e = { .taken = T0 + 20 * MIN };
	json_t *b;
	kc_id wrong;

	record(f, KC_ROUTE_IV);
	wrong = vitals(f, T0 + 20 * MIN, "150/95", "118");
	export(f, &o);
	assert_true(o.cursor > 0);
	o.after = o.cursor;
	/* the wrong reading corrected, and a new one */
	e.text = (struct kc_vitals_text){ "130/85", "78", "97", "16", "36.8", "5" };
	assert_int_equal(kc_chart_vitals_correct(f->db.st, &f->db.cfg, wrong, KC_EIE_WRONG_VALUE, "misread", &e,
						 T0 + 100 * MIN, NULL, &f->db.err), KC_OK);
	vitals(f, T0 + 101 * MIN, "118/76", "70");
	b = export(f, &o);
	assert_int_equal(count_type(b, "Patient"), 1);
	assert_int_equal(count_type(b, "Encounter"), 1);
	assert_int_equal(count_type(b, "Practitioner"), 1);
	assert_int_equal(count_type(b, "Observation"), 18); /* 6 each: marked, replacement, new */
	assert_int_equal(count_status(b, "Observation", NULL, "entered-in-error"), 6);
	assert_int_equal(json_integer_value(at(with_status(b, "8867-4", "entered-in-error"), "valueQuantity.value")), 118);
	assert_null(find(b, "Observation", "29463-7")); /* the weight did not change */
	assert_null(find(b, "Observation", "44261-6"));
	assert_references_resolve(b);
	/* the next export after this one's cursor has nothing to send */
	o.after = o.cursor;
	assert_null(json_object_get(export(f, &o), "entry"));
}

static void test_a_changed_answer_sends_its_whole_scale(void **state)
{
	struct fx *f = *state;
	struct kc_export_opts o = { 0 };
	json_t *b;

	record(f, KC_ROUTE_IV);
	export(f, &o);
	o.after = o.cursor;
	assert_int_equal(kc_screen_change(f->db.st, f->session, "phq9.3", "0", "", "patient corrected it",
					  T0 + 100 * MIN, NULL, &f->db.err), KC_OK);
	b = export(f, &o);
	assert_int_equal(count_type(b, "Observation"), 11); /* 9 items, total, panel */
	assert_int_equal(json_integer_value(at(must_find(b, "Observation", "44261-6"), "valueInteger")), 16);
	assert_null(find(b, "Observation", "70274-6"));
	assert_references_resolve(b);
}

static void test_an_amendment_after_the_cursor_sends_the_amended_entry(void **state)
{
	struct fx *f = *state;
	struct kc_export_opts o = { 0 };
	json_t *b;
	kc_id id;

	record(f, KC_ROUTE_IV);
	id = vitals(f, T0 + 20 * MIN, "140/90", "88");
	assert_int_equal(kc_session_end(f->db.st, f->session, "aborted", "patient left", T0 + 60 * MIN, &f->db.err),
			 KC_OK);
	assert_int_equal(kc_session_sign(f->db.st, f->session, T0 + 61 * MIN, &f->db.err), KC_OK);
	export(f, &o);
	o.after = o.cursor;
	assert_int_equal(kc_amendment_add(f->db.st, f->session, "vitals", id, "HR was 84", "printout", T0 + 90 * MIN,
					  NULL, &f->db.err), KC_OK);
	b = export(f, &o);
	assert_int_equal(count_type(b, "Observation"), 6);
	assert_int_equal(count_status(b, "Observation", NULL, "amended"), 6);
	assert_references_resolve(b);
}

/* --since is when an entry was entered, not when it was taken: a late entry counts. */
static void test_since_takes_a_late_entry_entered_after_it(void **state)
{
	struct fx *f = *state;
	struct kc_export_opts o = { .since = T0 + 90 * MIN };
	struct kc_vitals_entry e = { .taken = T0 + 15 * MIN };
	struct kc_vitals_result res;
	json_t *b;

	record(f, KC_ROUTE_IV);
	e.text = (struct kc_vitals_text){ "121/79", "66", "98", "14", "", "" };
	assert_int_equal(kc_chart_vitals(f->db.st, &f->db.cfg, f->session, &e, T0 + 95 * MIN, &res, &f->db.err), KC_OK);
	b = export(f, &o);
	assert_int_equal(count_type(b, "Observation"), 4); /* BP, HR, SpO2, RR of the late entry */
	assert_string_equal(str_at(must_find(b, "Observation", "8867-4"), "effectiveDateTime"), "2023-11-14T22:28:20Z");
	assert_references_resolve(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)
		T(test_every_kind_of_resource_with_its_codes),
		T(test_vital_signs_carry_loinc_ucum_and_their_profiles),
		T(test_entered_in_error_and_its_replacement),
		T(test_an_acknowledged_alert_is_a_note_on_its_reading),
		T(test_an_amended_entry_goes_out_amended_with_the_amendment),
		T(test_a_refused_reading_goes_out_with_a_data_absent_reason),
		T(test_every_reference_resolves_and_nothing_is_empty),
		T(test_a_transaction_puts_each_resource),
		T(test_nothing_to_send_has_no_entry_at_all),
		T(test_identifiers_stable_in_a_database_and_unique_across_two),
		T(test_the_namespace_never_changes),
		T(test_invalid_utf8_in_a_stored_name_becomes_replacement_characters),
		T(test_after_the_cursor_only_what_changed_with_what_it_refers_to),
		T(test_a_changed_answer_sends_its_whole_scale),
		T(test_an_amendment_after_the_cursor_sends_the_amended_entry),
		T(test_since_takes_a_late_entry_entered_after_it),
		T(test_the_export_reads_the_readings_as_the_list),
		cmocka_unit_test(test_utf8_repair_keeps_good_text_and_cuts_at_a_boundary),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
