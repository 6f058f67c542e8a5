/* fhir.c — the record as a FHIR R4 Bundle through jansson (kc_fhir.h; the mapping is in
 * ketchart(1), FHIR EXPORT, the codes and their sources in ketchart-clinical(7) and
 * ../shared/clinical-reference.md §7). Each resource is built as a jansson object and
 * written as one entry, so the memory holds one session's rows, never the whole bundle;
 * only the Bundle's own brackets are written by hand, around them. */
#include "kc_fhir.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <uuid/uuid.h>

#include "kc_entry.h"
#include "kc_report.h"
#include "kc_time.h"

#define LOINC "http://loinc.org"
#define UCUM "http://unitsofmeasure.org"
#define RXNORM "http://www.nlm.nih.gov/research/umls/rxnorm"
#define SNOMED "http://snomed.info/sct"
#define OBS_CATEGORY "http://terminology.hl7.org/CodeSystem/observation-category"
#define ABSENT "http://terminology.hl7.org/CodeSystem/data-absent-reason"
#define ACT_CODE "http://terminology.hl7.org/CodeSystem/v3-ActCode"
#define PROFILE "http://hl7.org/fhir/StructureDefinition/"

#define REF_MAX 46 /* "urn:uuid:" + 36 + NUL */
#define OUT_CHUNK 65536
#define MEMO_MAX 256

struct fhir {
	FILE *out;
	struct kc_store *st;
	const struct kc_config *cfg;
	const struct kc_export_opts *o;
	const struct kc_changes *feed; /* what to send */
	int all;                       /* the feed is the whole record */
	uuid_t ns;
	long long entries;
	struct login {                /* every clinician referenced: a Practitioner each */
		char login[KC_LOGIN_MAX];
		char ref[REF_MAX];
	} *logins;
	size_t nlogins, cap;
	struct memo {                 /* values made once and shared: memo_get */
		const void *k1, *k2;
		json_t *v;
	} memo[MEMO_MAX];
	size_t nmemo;
	json_t *patient_ref, *encounter_ref; /* {"reference": ...} of the session's */
	int nomem;
	/* the session being written */
	const struct kc_patient *p;
	const struct kc_session *s;
	int patient_sent, encounter_sent;
	char patient[REF_MAX], encounter[REF_MAX];
	struct kc_amendment_row *am;
	size_t nam;
	size_t len;              /* the output buffer (out_json) */
	char buf[OUT_CHUNK + 4096];
};

/* ---------- text ---------- */

/* A string, or NULL for "" (FHIR has no empty strings: the element is left out). */
static json_t *jstr(const char *s)
{
	char buf[4 * 1024 + 8];
	json_t *j;

	if (!s || !*s)
		return NULL;
	j = json_string(s);
	return j ? j : json_string(kc_fhir_utf8(s, buf, sizeof buf));
}

/* obj[key] = v, unless v is NULL, an empty array or an empty object. */
static void put(json_t *obj, const char *key, json_t *v)
{
	if (!v)
		return;
	if ((json_is_array(v) && !json_array_size(v)) || (json_is_object(v) && !json_object_size(v))) {
		json_decref(v);
		return;
	}
	json_object_set_new_nocheck(obj, key, v); /* every key is a literal here */
}

static void put_str(json_t *obj, const char *key, const char *s)
{
	put(obj, key, jstr(s));
}

/* arr += v, unless v is NULL, an empty array or an empty object: with put and jstr, no
 * empty value is ever built into a resource. */
static void append(json_t *arr, json_t *v)
{
	if (!v)
		return;
	if ((json_is_array(v) && !json_array_size(v)) || (json_is_object(v) && !json_object_size(v))) {
		json_decref(v);
		return;
	}
	json_array_append_new(arr, v);
}

static json_t *jtime(time_t t)
{
	char buf[32];

	if (!t)
		return NULL;
	kc_time_utc(t, buf, sizeof buf);
	return jstr(buf);
}

/* A number: an integer when it is one, else a decimal to 0.01. */
static json_t *jnum(double v)
{
	double r = (double)(long long)(v * 100 + (v < 0 ? -0.5 : 0.5)) / 100;

	if (r == (double)(long long)r)
		return json_integer((json_int_t)r);
	return json_real(r);
}

static json_t *jarr1(json_t *v)
{
	json_t *a = json_array();

	append(a, v);
	return a;
}

/* ---------- values made once ----------
 * A code, a category, a profile, a unit, a reference is built once per export and shared
 * by every resource that names it (jansson counts the references), so a resource costs
 * only its own values. k1 and k2 are static pointers that stand for the content. */

struct fhir;
static json_t *memo_get(struct fhir *f, const void *k1, const void *k2);
static json_t *memo_keep(struct fhir *f, const void *k1, const void *k2, json_t *v);

/* ---------- data types ---------- */

static json_t *coding(const char *system, const char *code, const char *display)
{
	json_t *c = json_object();

	put_str(c, "system", system);
	put_str(c, "code", code);
	put_str(c, "display", display);
	return c;
}

static json_t *concept(const char *system, const char *code, const char *display, const char *text)
{
	json_t *c = json_object();

	put(c, "coding", jarr1(coding(system, code, display)));
	put_str(c, "text", text);
	return c;
}

static json_t *reference(const char *ref)
{
	json_t *r = json_object();

	put_str(r, "reference", ref);
	return r;
}

/* A string made once (s is static). */
static json_t *str_once(struct fhir *f, const char *s)
{
	json_t *j = memo_get(f, s, "str");

	return j ? j : memo_keep(f, s, "str", jstr(s));
}

static json_t *quantity(struct fhir *f, double v, const char *unit, const char *ucum)
{
	json_t *q = json_object();

	put(q, "value", jnum(v));
	put(q, "unit", str_once(f, unit));
	put(q, "system", str_once(f, UCUM));
	put(q, "code", str_once(f, ucum));
	return q;
}

static json_t *annotation(const char *text, time_t at)
{
	json_t *a = json_object();

	put(a, "time", jtime(at));
	put_str(a, "text", text);
	return json_object_get(a, "text") ? a : (json_decref(a), NULL);
}

/* ---------- identifiers and references ---------- */

/* urn:uuid: of the name-based (SHA-1) UUID of "kind/id[/part]" under the database's
 * namespace: the store row (or login) it comes from names it, so it never changes. */
static void ref_of(const struct fhir *f, char out[REF_MAX], const char *kind, long long id, const char *part)
{
	char name[128], num[24], *d = num + sizeof num;
	unsigned long long v = id < 0 ? 0ULL - (unsigned long long)id : (unsigned long long)id;
	size_t n = 0, k;
	uuid_t u;

	/* name = "kind/id[/part]", cut at its size as snprintf would */
	do
		*--d = (char)('0' + v % 10);
	while (v /= 10);
	if (id < 0)
		*--d = '-';
	k = strlen(kind);
	n = k < sizeof name - 1 ? k : sizeof name - 1;
	memcpy(name, kind, n);
	if (n < sizeof name - 1)
		name[n++] = '/';
	k = (size_t)(num + sizeof num - d);
	k = k < sizeof name - 1 - n ? k : sizeof name - 1 - n;
	memcpy(name + n, d, k);
	n += k;
	if (part) {
		if (n < sizeof name - 1)
			name[n++] = '/';
		k = strlen(part);
		k = k < sizeof name - 1 - n ? k : sizeof name - 1 - n;
		memcpy(name + n, part, k);
		n += k;
	}
	name[n] = '\0';
	uuid_generate_sha1(u, f->ns, name, n);
	memcpy(out, "urn:uuid:", 9);
	uuid_unparse_lower(u, out + 9);
}

/* The clinician's index in f->logins (added on first sight, its reference made then);
 * f->nlogins when out of memory. */
static size_t clinician_index(struct fhir *f, const char *login)
{
	for (size_t i = 0; i < f->nlogins; i++)
		if (strcmp(f->logins[i].login, login) == 0)
			return i;
	if (f->nlogins == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 16;
		void *grown = realloc(f->logins, cap * sizeof *f->logins);

		if (!grown) {
			f->nomem = 1;
			return f->nlogins;
		}
		f->logins = grown;
		f->cap = cap;
	}
	snprintf(f->logins[f->nlogins].login, KC_LOGIN_MAX, "%s", login);
	ref_of(f, f->logins[f->nlogins].ref, "Practitioner", 0, login);
	return f->nlogins++;
}

/* {"reference": the clinician's Practitioner}, made once per clinician. */
static json_t *clinician(struct fhir *f, const char *login)
{
	size_t i;
	json_t *r;

	if (!login || !*login || (i = clinician_index(f, login)) == f->nlogins)
		return NULL;
	r = memo_get(f, (const void *)(uintptr_t)(i + 1), "clinician");
	return r ? r : memo_keep(f, (const void *)(uintptr_t)(i + 1), "clinician", reference(f->logins[i].ref));
}

static json_t *memo_get(struct fhir *f, const void *k1, const void *k2)
{
	for (size_t i = 0; i < f->nmemo; i++)
		if (f->memo[i].k1 == k1 && f->memo[i].k2 == k2)
			return json_incref(f->memo[i].v);
	return NULL;
}

/* v kept for memo_get (when there is room); returns v. */
static json_t *memo_keep(struct fhir *f, const void *k1, const void *k2, json_t *v)
{
	if (v && f->nmemo < MEMO_MAX)
		f->memo[f->nmemo++] = (struct memo){ k1, k2, json_incref(v) };
	return v;
}

/* A CodeableConcept made once: code and key (static) stand for it. */
static json_t *concept_once(struct fhir *f, const void *key, const char *system, const char *code,
			    const char *display, const char *text)
{
	json_t *c = memo_get(f, code, key);

	return c ? c : memo_keep(f, code, key, concept(system, code, display, text));
}

/* Was store row tbl/id entered, corrected or amended in the feed? */
static int changed(const struct fhir *f, const char *tbl, kc_id id)
{
	return f->all || kc_changes_row(f->feed, tbl, id);
}

/* ---------- entries ---------- */

static json_t *resource(const char *type, const char *ref)
{
	json_t *r = json_object();

	put_str(r, "resourceType", type);
	put_str(r, "id", ref + 9);
	return r;
}

/* The output goes through one buffer, written a chunk at a time (jansson hands its text
 * over in many small pieces). */
static void out_flush(struct fhir *f)
{
	if (f->len && fwrite(f->buf, 1, f->len, f->out) != f->len)
		f->nomem = 1;
	f->len = 0;
}

static int out_json(const char *p, size_t n, void *ctx)
{
	struct fhir *f = ctx;

	if (f->len + n > sizeof f->buf)
		out_flush(f);
	if (n > sizeof f->buf) {
		if (fwrite(p, 1, n, f->out) != n)
			f->nomem = 1;
		return 0;
	}
	memcpy(f->buf + f->len, p, n);
	f->len += n;
	return 0;
}

static void out_text(struct fhir *f, const char *s, size_t n)
{
	out_json(s, n ? n : strlen(s), f);
}

static void out_char(struct fhir *f, char c)
{
	if (f->len == sizeof f->buf)
		out_flush(f);
	f->buf[f->len++] = c;
}

/* A value as jansson writes it (JSON_COMPACT, JSON_REAL_PRECISION(10)): what the writer
 * below leaves to jansson (a real, a string needing an escape) comes out byte for byte
 * the same. */
#define DUMP_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(10) | JSON_ENCODE_ANY)

static void out_by_jansson(struct fhir *f, const json_t *v)
{
	if (json_dump_callback(v, out_json, f, DUMP_FLAGS) != 0)
		f->nomem = 1;
}

/* The bytes a JSON string cannot hold as they are: a quote, a backslash, a control
 * character (and DEL, which jansson leaves alone but is kept out of the fast path). */
static const unsigned char json_escaped[256] = {
	[0 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1, [0x7f] = 1,
};

/* A string of n bytes: copied between quotes in one pass when nothing in it needs an
 * escape; 0 (nothing written) when something does, for jansson to write. */
static int out_plain_string(struct fhir *f, const char *s, size_t n)
{
	char *d;

	if (f->len + n + 2 > sizeof f->buf)
		out_flush(f);
	if (n + 2 > sizeof f->buf)
		return 0;
	d = f->buf + f->len;
	*d++ = '"';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (json_escaped[c])
			return 0;
		d[i] = (char)c;
	}
	d[n] = '"';
	f->len += n + 2;
	return 1;
}

/* The resource tree written by walking it (objects in their keys' insertion order, as
 * jansson dumps them): jansson's own dump costs about three quarters of the export, most
 * of it in its escaping loop and per-piece callbacks. */
static void out_value(struct fhir *f, json_t *v)
{
	char num[24], *p;
	json_int_t i;
	unsigned long long u;

	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		int first = 1;

		out_char(f, '{');
		for (void *it = json_object_iter(v); it; it = json_object_iter_next(v, it)) {
			json_t *key = NULL;
			const char *k = json_object_iter_key(it);
			size_t kn = json_object_iter_key_len(it);

			if (!first)
				out_char(f, ',');
			first = 0;
			if (!out_plain_string(f, k, kn)) {
				key = json_stringn_nocheck(k, kn);
				if (key)
					out_by_jansson(f, key);
				else
					f->nomem = 1;
				json_decref(key);
			}
			out_char(f, ':');
			out_value(f, json_object_iter_value(it));
		}
		out_char(f, '}');
		break;
	}
	case JSON_ARRAY:
		out_char(f, '[');
		for (size_t k = 0; k < json_array_size(v); k++) {
			if (k)
				out_char(f, ',');
			out_value(f, json_array_get(v, k));
		}
		out_char(f, ']');
		break;
	case JSON_STRING:
		if (!out_plain_string(f, json_string_value(v), json_string_length(v)))
			out_by_jansson(f, v);
		break;
	case JSON_INTEGER:
		i = json_integer_value(v);
		u = i < 0 ? 0ULL - (unsigned long long)i : (unsigned long long)i;
		p = num + sizeof num;
		do
			*--p = (char)('0' + u % 10);
		while (u /= 10);
		if (i < 0)
			*--p = '-';
		out_text(f, p, (size_t)(num + sizeof num - p));
		break;
	case JSON_TRUE:
		out_text(f, "true", 4);
		break;
	case JSON_FALSE:
		out_text(f, "false", 5);
		break;
	case JSON_NULL:
		out_text(f, "null", 4);
		break;
	default: /* JSON_REAL */
		out_by_jansson(f, v);
		break;
	}
}

/* One entry written and freed; the Bundle's "entry" opens with the first. */
static void emit(struct fhir *f, const char *ref, json_t *res)
{
	json_t *e = json_object();
	const char *type = json_string_value(json_object_get(res, "resourceType"));
	char url[96];

	put_str(e, "fullUrl", ref);
	put(e, "resource", res);
	if (f->o->transaction) {
		json_t *rq = json_object();

		snprintf(url, sizeof url, "%s/%s", type, ref + 9);
		put_str(rq, "method", "PUT");
		put_str(rq, "url", url);
		put(e, "request", rq);
	}
	out_text(f, f->entries++ ? ",\n" : ",\"entry\":[\n", 0);
	out_value(f, e);
	json_decref(e);
	if (f->len >= OUT_CHUNK || f->entries == 1) /* the first at once: the bundle is under way */
		out_flush(f);
}

/* ---------- Patient, Practitioner, Encounter ---------- */

static const char *gender(const char *sex)
{
	return !strcmp(sex, "female") || !strcmp(sex, "male") || !strcmp(sex, "other") ? sex : NULL;
}

static void patient(struct fhir *f)
{
	json_t *r = resource("Patient", f->patient), *id = json_object(), *name = json_object();

	put_str(id, "system", f->cfg->fhir.patient_identifier_system);
	put_str(id, "value", f->p->chart_no);
	put(r, "identifier", jarr1(id));
	put_str(name, "text", f->p->name);
	put(r, "name", jarr1(name));
	put_str(r, "gender", gender(f->p->sex));
	put_str(r, "birthDate", f->p->dob);
	emit(f, f->patient, r);
}

static int practitioners(struct fhir *f, struct kc_err *err)
{
	for (size_t i = 0; i < f->nlogins; i++) {
		struct kc_clinician c = { 0 };
		char ref[REF_MAX];
		json_t *r, *id = json_object(), *name = json_object();
		int rc = kc_clinician_get(f->st, f->logins[i].login, &c, err);

		if (rc != KC_OK && rc != KC_ERR_NOTFOUND)
			return rc;
		memcpy(ref, f->logins[i].ref, REF_MAX);
		r = resource("Practitioner", ref);
		put_str(id, "system", f->cfg->fhir.practitioner_identifier_system);
		put_str(id, "value", f->logins[i].login);
		put(r, "identifier", jarr1(id));
		put_str(name, "text", rc == KC_OK ? c.display_name : f->logins[i].login);
		put(r, "name", jarr1(name));
		emit(f, ref, r);
	}
	return KC_OK;
}

static void encounter(struct fhir *f)
{
	const struct kc_session *s = f->s;
	json_t *r = resource("Encounter", f->encounter), *period = json_object(), *part = json_object();
	char why[KC_NOTE_MAX + 32];

	put_str(r, "status", s->ended_at ? "finished" : "in-progress");
	put(r, "class", coding(ACT_CODE, "AMB", "ambulatory"));
	put(r, "type", jarr1(concept(f->cfg->fhir.local_code_system, kc_route_name(s->route), kc_route_label(s->route),
				     kc_route_label(s->route))));
	put(r, "subject", json_incref(f->patient_ref));
	put(part, "individual", clinician(f, s->clinician));
	put(r, "participant", jarr1(part));
	put(period, "start", jtime(s->created_at));
	put(period, "end", jtime(s->ended_at));
	put(r, "period", period);
	if (s->indication[0])
		put(r, "reasonCode", jarr1(concept(NULL, NULL, NULL, s->indication)));
	if (s->outcome[0]) {
		json_t *h = json_object();

		snprintf(why, sizeof why, "%s%s%s", s->outcome, s->outcome_reason[0] ? ": " : "", s->outcome_reason);
		put(h, "dischargeDisposition", concept(NULL, NULL, NULL, why));
		put(r, "hospitalization", h);
	}
	emit(f, f->encounter, r);
}

/* The session's Patient and Encounter, before the first of its entries (an incremental
 * export sends only sessions with something to send, and every entry's references). */
static void context(struct fhir *f)
{
	if (!f->patient_sent) {
		patient(f);
		f->patient_sent = 1;
	}
	if (!f->encounter_sent) {
		encounter(f);
		f->encounter_sent = 1;
	}
}

/* ---------- statuses ---------- */

/* The amendments of a store row of this session, as notes; *amended set when there is one. */
static void amendments(struct fhir *f, const char *tbl, kc_id id, json_t *notes, int *amended)
{
	char text[1024 + KC_NOTE_MAX + 96];

	for (size_t i = 0; i < f->nam; i++) {
		const struct kc_amendment_row *a = &f->am[i];

		if (a->row_id != id || strcmp(a->tbl, tbl) != 0)
			continue;
		snprintf(text, sizeof text, "Amended by %s: %s (reason: %s)", a->by, a->text, a->reason);
		append(notes, annotation(text, a->at));
		*amended = 1;
	}
}

static void entered_in_error(const struct kc_eie *e, json_t *notes)
{
	char text[KC_NOTE_MAX + 96];

	if (e->code == KC_EIE_NONE)
		return;
	snprintf(text, sizeof text, "Entered in error (%s) by %s: %s", kc_eie_name(e->code), e->by, e->reason);
	append(notes, annotation(text, e->at));
}

/* status and note of an Observation of store row tbl/id. */
static void obs_status(struct fhir *f, json_t *r, const char *tbl, kc_id id, const struct kc_eie *e, json_t *notes)
{
	int amended = 0;

	amendments(f, tbl, id, notes, &amended);
	entered_in_error(e, notes);
	put(r, "status", str_once(f, e && e->code != KC_EIE_NONE ? "entered-in-error" : amended ? "amended" : "final"));
}

/* ---------- Observations ---------- */

struct obs_head {
	const char *tbl;         /* the store row it comes from: its amendments */
	kc_id row;
	const struct kc_eie *eie;
	const char *category;    /* "vital-signs", "survey" */
	const char *profile;     /* vital-signs profile name, or NULL */
	json_t *code;
	time_t at;
	const char *by;
};

static const struct kc_eie no_eie;

/* {"profile": [the vital-signs profile]}, made once per profile. */
static json_t *profile_once(struct fhir *f, const char *profile)
{
	char url[96];
	json_t *meta = memo_get(f, profile, PROFILE);

	if (meta)
		return meta;
	meta = json_object();
	snprintf(url, sizeof url, PROFILE "%s", profile);
	put(meta, "profile", jarr1(jstr(url)));
	return memo_keep(f, profile, PROFILE, meta);
}

/* [the observation category], made once per category. */
static json_t *category_once(struct fhir *f, const char *category)
{
	json_t *cat = memo_get(f, category, OBS_CATEGORY);

	if (cat)
		return cat;
	cat = jarr1(concept(OBS_CATEGORY, category, !strcmp(category, "vital-signs") ? "Vital Signs" : "Survey", NULL));
	return memo_keep(f, category, OBS_CATEGORY, cat);
}

/* An Observation up to its value; notes (taken) is put last by obs_emit. */
static json_t *obs_new(struct fhir *f, const char *ref, const struct obs_head *h, json_t **notes)
{
	json_t *r = resource("Observation", ref);

	*notes = json_array();
	if (h->profile)
		put(r, "meta", profile_once(f, h->profile));
	obs_status(f, r, h->tbl, h->row, h->eie ? h->eie : &no_eie, *notes);
	put(r, "category", category_once(f, h->category));
	put(r, "code", h->code);
	put(r, "subject", json_incref(f->patient_ref));
	put(r, "encounter", json_incref(f->encounter_ref));
	put(r, "effectiveDateTime", jtime(h->at));
	put(r, "performer", jarr1(clinician(f, h->by)));
	return r;
}

static void obs_emit(struct fhir *f, const char *ref, json_t *r, json_t *notes)
{
	put(r, "note", notes);
	emit(f, ref, r);
}

/* One vital sign of a reading. */
struct vital {
	const char *part, *profile, *code, *display, *unit, *ucum;
	int tenths;
};

static const struct vital v_hr = { "hr", "heartrate", "8867-4", "Heart rate", "beats/minute", "/min", 0 };
static const struct vital v_rr = { "rr", "resprate", "9279-1", "Respiratory rate", "breaths/minute", "/min", 0 };
static const struct vital v_temp = { "temp", "bodytemp", "8310-5", "Body temperature", "Cel", "Cel", 1 };
static const struct vital v_spo2 = { "spo2", "oxygensat", "59408-5",
				     "Oxygen saturation in Arterial blood by Pulse oximetry", "%", "%", 0 };

static void vitals_head(struct obs_head *h, const struct kc_vitals_row *v, json_t *code)
{
	*h = (struct obs_head){ .tbl = "vitals", .row = v->id, .eie = &v->eie, .category = "vital-signs",
				.code = code, .at = v->taken_at, .by = v->entered_by };
}

static void carried_note(json_t *notes, const struct kc_vitals_row *v, unsigned flag)
{
	if (v->carried & flag)
		append(notes, annotation("Carried from the reading before, not measured again at this time", 0));
}

static void vital(struct fhir *f, const struct kc_vitals_row *v, const struct vital *k, int value, unsigned carry)
{
	char ref[REF_MAX];
	struct obs_head h;
	json_t *r, *notes, *code;

	if (value == KC_NONE)
		return;
	if (!(code = memo_get(f, k->code, k))) {
		code = concept(LOINC, k->code, k->display, k->display);
		if (k == &v_spo2)
			json_array_append_new(json_object_get(code, "coding"),
					      coding(LOINC, "2708-6", "Oxygen saturation in Arterial blood"));
		memo_keep(f, k->code, k, code);
	}
	ref_of(f, ref, "Observation/vitals", v->id, k->part);
	vitals_head(&h, v, code);
	h.profile = k->profile;
	r = obs_new(f, ref, &h, &notes);
	put(r, "valueQuantity", quantity(f, k->tenths ? value / 10.0 : value, k->unit, k->ucum));
	carried_note(notes, v, carry);
	obs_emit(f, ref, r, notes);
}

static json_t *bp_component(struct fhir *f, const char *code, const char *display, int value)
{
	json_t *c = json_object();

	put(c, "code", concept_once(f, display, LOINC, code, display, display));
	put(c, "valueQuantity", quantity(f, value, "mmHg", "mm[Hg]"));
	return c;
}

static void blood_pressure(struct fhir *f, const struct kc_vitals_row *v)
{
	char ref[REF_MAX];
	struct obs_head h;
	json_t *r, *notes, *comp;

	if (v->v.systolic == KC_NONE || v->v.diastolic == KC_NONE)
		return;
	ref_of(f, ref, "Observation/vitals", v->id, "bp");
	vitals_head(&h, v, concept_once(f, "bp", LOINC, "85354-9", "Blood pressure panel with all children optional",
					"Blood pressure"));
	h.profile = "bp";
	r = obs_new(f, ref, &h, &notes);
	comp = json_array();
	append(comp, bp_component(f, "8480-6", "Systolic blood pressure", v->v.systolic));
	append(comp, bp_component(f, "8462-4", "Diastolic blood pressure", v->v.diastolic));
	put(r, "component", comp);
	obs_emit(f, ref, r, notes);
}

static void moaas(struct fhir *f, const struct kc_vitals_row *v)
{
	char ref[REF_MAX];
	struct obs_head h;
	json_t *r, *notes;

	if (v->v.moaas == KC_NONE)
		return;
	json_t *interp;

	ref_of(f, ref, "Observation/vitals", v->id, "moaas");
	vitals_head(&h, v, concept_once(f, "moaas", f->cfg->fhir.local_code_system, "moaas",
				   "Modified Observer's Assessment of Alertness/Sedation (MOAA/S)", "MOAA/S"));
	h.category = "survey";
	r = obs_new(f, ref, &h, &notes);
	put(r, "valueInteger", json_integer(v->v.moaas));
	if (!(interp = memo_get(f, kc_moaas_label(v->v.moaas), "interp")))
		interp = memo_keep(f, kc_moaas_label(v->v.moaas), "interp",
				   jarr1(concept(NULL, NULL, NULL, kc_moaas_label(v->v.moaas))));
	put(r, "interpretation", interp);
	carried_note(notes, v, KC_CARRY_MOAAS);
	obs_emit(f, ref, r, notes);
}

/* A reading refused or not possible: one vital-signs Observation with its reason. */
static void vitals_absent(struct fhir *f, const struct kc_vitals_row *v)
{
	int refused = v->status == KC_VITALS_REFUSED;
	char ref[REF_MAX];
	struct obs_head h;
	json_t *r, *notes;

	ref_of(f, ref, "Observation/vitals", v->id, "absent");
	vitals_head(&h, v, concept_once(f, "absent", LOINC, "85353-1",
				   "Vital signs, weight, height, head circumference, oxygen saturation and BMI panel",
				   "Vital signs"));
	h.profile = "vitalsigns";
	r = obs_new(f, ref, &h, &notes);
	put(r, "dataAbsentReason", concept(ABSENT, refused ? "asked-declined" : "not-performed",
					   refused ? "Asked But Declined" : "Not Performed",
					   v->reason[0] ? v->reason : kc_vstatus_name(v->status)));
	obs_emit(f, ref, r, notes);
}

static void reading(struct fhir *f, const struct kc_vitals_row *v)
{
	if (!changed(f, "vitals", v->id))
		return;
	context(f);
	if (v->status != KC_VITALS_TAKEN) {
		vitals_absent(f, v);
		return;
	}
	blood_pressure(f, v);
	vital(f, v, &v_hr, v->v.heart_rate, KC_CARRY_HR);
	vital(f, v, &v_spo2, v->v.spo2, KC_CARRY_SPO2);
	vital(f, v, &v_rr, v->v.resp_rate, KC_CARRY_RR);
	vital(f, v, &v_temp, v->v.temp_dc, 0);
	moaas(f, v);
}

static void weight(struct fhir *f, const struct kc_weight_row *w)
{
	char ref[REF_MAX];
	struct obs_head h = { .tbl = "weight", .row = w->id, .eie = &w->eie, .category = "vital-signs",
			      .profile = "bodyweight", .at = w->taken_at, .by = w->entered_by };
	json_t *r, *notes;
	char typed[64];

	if (!changed(f, "weight", w->id))
		return;
	context(f);
	ref_of(f, ref, "Observation/weight", w->id, NULL);
	h.code = concept_once(f, "weight", LOINC, "29463-7", "Body weight", "Body weight");
	r = obs_new(f, ref, &h, &notes);
	put(r, "valueQuantity", quantity(f, w->kg, "kg", "kg"));
	if (w->typed[0]) {
		snprintf(typed, sizeof typed, "As typed: %s", w->typed);
		append(notes, annotation(typed, 0));
	}
	obs_emit(f, ref, r, notes);
}

/* ---------- side effects ---------- */

static void side_effect(struct fhir *f, const struct kc_obs_row *o)
{
	const char *sys = f->cfg->fhir.local_code_system;
	char ref[REF_MAX], code[48], method[48], text[KC_NOTE_MAX + 160];
	struct obs_head h = { .tbl = "observation", .row = o->id, .eie = &o->eie, .category = "survey",
			      .at = o->observed_at, .by = o->entered_by };
	json_t *r, *notes, *m;

	if (!changed(f, "observation", o->id))
		return;
	context(f);
	ref_of(f, ref, "Observation/observation", o->id, NULL);
	snprintf(code, sizeof code, "side-effect-%s", kc_obs_kind_name(o->kind));
	snprintf(text, sizeof text, "%s%s%s", kc_obs_kind_label(o->kind), o->detail[0] ? ": " : "", o->detail);
	h.code = concept(sys, code, kc_obs_kind_label(o->kind), text);
	r = obs_new(f, ref, &h, &notes);
	snprintf(method, sizeof method, "scale-%s", kc_scale_name(o->scale));
	if (!(m = memo_get(f, kc_scale_name(o->scale), "method")))
		m = memo_keep(f, kc_scale_name(o->scale), "method",
			      concept(sys, method, kc_scale_name(o->scale), kc_scale_name(o->scale)));
	put(r, "method", m);
	if (o->score != KC_NONE)
		put(r, "valueInteger", json_integer(o->score));
	if (o->vomiting > 0) {
		json_t *c = json_object();

		put(c, "code", concept(sys, "vomiting-episodes", "Vomiting episodes", "Vomiting episodes"));
		put(c, "valueInteger", json_integer(o->vomiting));
		put(r, "component", jarr1(c));
	}
	if (o->items[0]) {
		snprintf(text, sizeof text, "%s items (number:score): %s", kc_scale_name(o->scale), o->items);
		append(notes, annotation(text, 0));
	}
	if (o->intervention[0]) {
		snprintf(text, sizeof text, "Intervention: %s", o->intervention);
		append(notes, annotation(text, 0));
	}
	append(notes, annotation(o->note, 0));
	obs_emit(f, ref, r, notes);
}

/* ---------- screening: PHQ-9, GAD-7, C-SSRS ---------- */

struct scale {
	const char *key;                 /* "phq9" (answers "phq9.1" ...) */
	const char *panel, *panel_display, *total, *total_display;
	int nitems, max;
	const char *const *items;        /* LOINC code of each item */
};

static const char *const phq9_items[] = { "44250-9", "44255-8", "44259-0", "44254-1", "44251-7",
					  "44258-2", "44252-5", "44253-3", "44260-8" };
static const char *const gad7_items[] = { "69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8",
					  "69736-7" };
static const struct scale phq9 = { "phq9", "44249-1", "PHQ-9 quick depression assessment panel", "44261-6",
				   "Patient Health Questionnaire 9 item (PHQ-9) total score", 9, 27, phq9_items };
static const struct scale gad7 = { "gad7", "69737-5", "Generalized anxiety disorder 7 item (GAD-7)", "70274-6",
				   "Generalized anxiety disorder 7 item (GAD-7) total score", 7, 21, gad7_items };

/* The current answer rows of a session's screening. */
struct answers {
	struct kc_answer_row *rows;
	size_t n;
};

static const struct kc_answer_row *answer(const struct answers *a, const char *key, int item)
{
	char name[32];

	if (item)
		snprintf(name, sizeof name, "%s.%d", key, item);
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->rows[i].item, item ? name : key) == 0 && a->rows[i].value[0])
			return &a->rows[i];
	return NULL;
}

/* The head of a screening Observation: the latest answer it rests on gives time and author. */
static void answer_head(struct obs_head *h, const struct kc_answer_row *row, json_t *code)
{
	*h = (struct obs_head){ .tbl = "screening_answer", .row = row->id, .category = "survey", .code = code,
				.at = row->at, .by = row->by };
}

static void scale_item(struct fhir *f, const struct scale *sc, int i, const struct kc_answer_row *row, char *ref)
{
	char display[48];
	struct obs_head h;
	json_t *r, *notes, *code;

	ref_of(f, ref, "Observation/screening", f->s->id, row->item);
	snprintf(display, sizeof display, "%s item %d", sc == &phq9 ? "PHQ-9" : "GAD-7", i + 1);
	if (!(code = memo_get(f, sc->items[i], sc)))
		code = memo_keep(f, sc->items[i], sc, concept(LOINC, sc->items[i], NULL, display));
	answer_head(&h, row, code);
	r = obs_new(f, ref, &h, &notes);
	put(r, "valueInteger", json_integer(atoi(row->value)));
	obs_emit(f, ref, r, notes);
}

static json_t *refs(char (*refs)[REF_MAX], int n)
{
	json_t *a = json_array();

	for (int i = 0; i < n; i++)
		append(a, reference(refs[i]));
	return a;
}

/* Whether any answer of key (items 1..n, or key itself when n is 0) is in the feed. */
static int answers_changed(const struct fhir *f, const struct answers *a, const char *key, int n)
{
	for (int i = n ? 1 : 0; i <= n; i++) {
		const struct kc_answer_row *row = answer(a, key, i);

		if (row && changed(f, "screening_answer", row->id))
			return 1;
	}
	return 0;
}

static int answer_amended(const struct fhir *f, const struct kc_answer_row *row)
{
	for (size_t k = 0; k < f->nam; k++)
		if (f->am[k].row_id == row->id && !strcmp(f->am[k].tbl, "screening_answer"))
			return 1;
	return 0;
}

/* The items answered, then, once all are, the total (derived from them) and the panel;
 * all of them when any answer changed (the total and the panel reference every item). */
static void scale(struct fhir *f, const struct scale *sc, const struct answers *a)
{
	char item_refs[10][REF_MAX], ref[REF_MAX], name[16];
	const struct kc_answer_row *last = NULL;
	int n = 0, total = 0, amended = 0;
	struct obs_head h;
	json_t *r, *notes;

	if (!answers_changed(f, a, sc->key, sc->nitems))
		return;
	for (int i = 0; i < sc->nitems; i++) {
		const struct kc_answer_row *row = answer(a, sc->key, i + 1);

		if (!row)
			continue;
		context(f);
		scale_item(f, sc, i, row, item_refs[n++]);
		total += atoi(row->value);
		amended |= answer_amended(f, row);
		if (!last || row->at > last->at)
			last = row;
	}
	if (n < sc->nitems)
		return;
	snprintf(name, sizeof name, "%s.total", sc->key);
	ref_of(f, item_refs[n], "Observation/screening", f->s->id, name);
	answer_head(&h, last, concept_once(f, sc, LOINC, sc->total, sc->total_display, sc->total_display));
	r = obs_new(f, item_refs[n], &h, &notes);
	if (amended)
		json_object_set_new(r, "status", json_string("amended"));
	put(r, "valueInteger", json_integer(total));
	put(r, "derivedFrom", refs(item_refs, n));
	obs_emit(f, item_refs[n], r, notes);
	ref_of(f, ref, "Observation/screening", f->s->id, sc->key);
	answer_head(&h, last, concept_once(f, sc, LOINC, sc->panel, sc->panel_display, sc->panel_display));
	r = obs_new(f, ref, &h, &notes);
	if (amended)
		json_object_set_new(r, "status", json_string("amended"));
	put(r, "hasMember", refs(item_refs, n + 1));
	obs_emit(f, ref, r, notes);
}

static json_t *cssrs_component(const char *sys, const char *code, const char *display, int yes)
{
	json_t *c = json_object();

	put(c, "code", concept(sys, code, display, display));
	put(c, "valueBoolean", yes ? json_true() : json_false());
	return c;
}

/* The C-SSRS screener: one Observation, a component per question asked, the triage as
 * its value (question numbers only: the wording is licensed, ketchart-clinical(7)). */
static void cssrs(struct fhir *f, const struct answers *a)
{
	const char *sys = f->cfg->fhir.local_code_system;
	const struct kc_answer_row *last = NULL, *row;
	struct kc_cssrs c = { .q6_recent = 0 };
	char ref[REF_MAX], code[24], display[48];
	json_t *comp = json_array(), *r, *notes;
	struct obs_head h;
	enum kc_risk risk;
	struct kc_err ignored;

	for (int q = 1; q <= 6; q++) {
		c.q[q] = KC_NONE;
		if (!(row = answer(a, "cssrs", q)) || (strcmp(row->value, "yes") && strcmp(row->value, "no")))
			continue;
		c.q[q] = !strcmp(row->value, "yes");
		snprintf(code, sizeof code, "cssrs-q%d", q);
		snprintf(display, sizeof display, "C-SSRS screener question %d", q);
		append(comp, cssrs_component(sys, code, display, c.q[q]));
		if (!last || row->at > last->at)
			last = row;
	}
	if ((row = answer(a, "cssrs.6_recent", 0)) && c.q[6] == 1) {
		c.q6_recent = !strcmp(row->value, "yes");
		append(comp, cssrs_component(sys, "cssrs-q6-recent", "C-SSRS screener question 6 within 3 months",
					     c.q6_recent));
	}
	if (!last || !(answers_changed(f, a, "cssrs", 6) || answers_changed(f, a, "cssrs.6_recent", 0))) {
		json_decref(comp);
		return;
	}
	context(f);
	ref_of(f, ref, "Observation/screening", f->s->id, "cssrs");
	answer_head(&h, last, concept(sys, "cssrs-screen", "C-SSRS screener", "C-SSRS screener"));
	h.row = 0;
	r = obs_new(f, ref, &h, &notes);
	if (kc_cssrs_risk(&c, &risk, &ignored) == KC_OK) {
		snprintf(code, sizeof code, "cssrs-risk-%s", kc_risk_name(risk));
		put(r, "valueCodeableConcept", concept(sys, code, kc_risk_name(risk), kc_risk_name(risk)));
	}
	put(r, "component", comp);
	obs_emit(f, ref, r, notes);
}

/* ---------- MedicationAdministration ---------- */

static const char *const dose_text[KC_DOSE_COUNT] = {
	[KC_DOSE_START] = "infusion started", [KC_DOSE_PAUSE] = "infusion paused",
	[KC_DOSE_RESUME] = "infusion resumed", [KC_DOSE_RATE] = "infusion rate changed",
	[KC_DOSE_STOP] = "infusion stopped (dose: the total given)", [KC_DOSE_DEVICE] = "nasal device given",
};

static json_t *product(struct fhir *f)
{
	int esk = f->s->route == KC_ROUTE_ESKETAMINE;
	const char *rx = esk ? f->cfg->fhir.esketamine_rxnorm : f->cfg->fhir.ketamine_rxnorm;
	const char *name = esk ? "esketamine" : "ketamine";

	json_t *c = memo_get(f, name, "product");

	if (c)
		return c;
	if (rx[0])
		return memo_keep(f, name, "product", concept(RXNORM, rx, name, name));
	return memo_keep(f, name, "product", concept(f->cfg->fhir.local_code_system, name, name, name));
}

static json_t *route_code(enum kc_route r)
{
	if (r == KC_ROUTE_ESKETAMINE)
		return concept(SNOMED, "46713006", "Nasal route", "intranasal");
	if (r == KC_ROUTE_IM)
		return concept(SNOMED, "78421000", "Intramuscular route", "intramuscular");
	return concept(SNOMED, "47625008", "Intravenous route", "intravenous");
}

/* The product: its code, or with a lot a contained Medication whose batch names it (R4's
 * MedicationAdministration has no lot of its own). */
static void medication(struct fhir *f, json_t *r, const char *lot)
{
	json_t *m, *batch;

	if (!lot[0]) {
		put(r, "medicationCodeableConcept", product(f));
		return;
	}
	m = json_object();
	batch = json_object();
	put_str(m, "resourceType", "Medication");
	put_str(m, "id", "med");
	put(m, "code", product(f));
	put_str(batch, "lotNumber", lot);
	put(m, "batch", batch);
	put(r, "contained", jarr1(m));
	put(r, "medicationReference", reference("#med"));
}

static void dose(struct fhir *f, const struct kc_dose_row *d)
{
	char ref[REF_MAX], text[64];
	json_t *r, *rt, *dosage = json_object(), *notes = json_array(), *perf = json_object();
	int amended = 0;

	if (!changed(f, "dose_event", d->id))
		return;
	context(f);
	ref_of(f, ref, "MedicationAdministration", d->id, NULL);
	r = resource("MedicationAdministration", ref);
	put(r, "status", str_once(f, d->eie.code != KC_EIE_NONE ? "entered-in-error" : "completed"));
	medication(f, r, d->lot);
	put(r, "subject", json_incref(f->patient_ref));
	put(r, "context", json_incref(f->encounter_ref));
	put(r, "effectiveDateTime", jtime(d->at));
	put(perf, "actor", clinician(f, d->entered_by));
	put(r, "performer", jarr1(perf));
	if (d->kind == KC_DOSE_DEVICE)
		snprintf(text, sizeof text, "nasal device %d given", d->device_no);
	put_str(dosage, "text", d->kind == KC_DOSE_DEVICE ? text : dose_text[d->kind]);
	if (!(rt = memo_get(f, kc_route_name(f->s->route), "route")))
		rt = memo_keep(f, kc_route_name(f->s->route), "route", route_code(f->s->route));
	put(dosage, "route", rt);
	if (d->mg > 0)
		put(dosage, "dose", quantity(f, d->mg, "mg", "mg"));
	if (d->rate_ml_h > 0)
		put(dosage, "rateQuantity", quantity(f, d->rate_ml_h, "mL/h", "mL/h"));
	put(r, "dosage", dosage);
	amendments(f, "dose_event", d->id, notes, &amended);
	entered_in_error(&d->eie, notes);
	append(notes, annotation(d->note, 0));
	put(r, "note", notes);
	emit(f, ref, r);
}

/* ---------- sessions ---------- */

/* A session's rows of one kind, each written by fn; free() the list. */
#define EACH_ROW(rows, n, fn) \
	for (size_t i_ = 0; i_ < (n); i_++) \
		fn(f, &(rows)[i_])

static int session_rows(struct fhir *f, kc_id id, struct kc_err *err)
{
	struct kc_weight_row *w = NULL;
	struct kc_dose_row *d = NULL;
	struct kc_vitals_row *v = NULL;
	struct kc_obs_row *o = NULL;
	struct answers a = { 0 };
	size_t nw = 0, nd = 0, nv = 0, no = 0;
	int rc = kc_weight_list(f->st, id, &w, &nw, err);

	if (rc == KC_OK)
		rc = kc_screen_list(f->st, id, &a.rows, &a.n, err);
	if (rc == KC_OK)
		rc = kc_dose_list(f->st, id, &d, &nd, err);
	if (rc == KC_OK)
		rc = kc_vitals_list(f->st, id, &v, &nv, err);
	if (rc == KC_OK)
		rc = kc_obs_list(f->st, id, &o, &no, err);
	if (rc == KC_OK) {
		EACH_ROW(w, nw, weight);
		scale(f, &phq9, &a);
		scale(f, &gad7, &a);
		cssrs(f, &a);
		EACH_ROW(d, nd, dose);
		EACH_ROW(v, nv, reading);
		EACH_ROW(o, no, side_effect);
	}
	free(w);
	free(a.rows);
	free(d);
	free(v);
	free(o);
	return rc;
}

static int session(struct fhir *f, const struct kc_session *s, struct kc_err *err)
{
	int rc;

	f->s = s;
	f->encounter_sent = 0;
	ref_of(f, f->encounter, "Encounter", s->id, NULL);
	json_decref(f->encounter_ref);
	f->encounter_ref = reference(f->encounter);
	if (!f->all && !kc_changes_session(f->feed, s->id))
		return KC_OK;
	if (changed(f, "session", s->id))
		context(f);
	f->am = NULL;
	f->nam = 0;
	rc = kc_amendment_list(f->st, s->id, &f->am, &f->nam, err);
	if (rc == KC_OK)
		rc = session_rows(f, s->id, err);
	free(f->am);
	f->am = NULL;
	return rc;
}

/* Every patient (and every session of each, oldest first). */
static int patients(struct fhir *f, struct kc_err *err)
{
	struct kc_patient *pts = NULL;
	size_t np = 0;
	int rc = kc_patient_find(f->st, "", &pts, &np, err);

	for (size_t i = 0; rc == KC_OK && i < np; i++) {
		struct kc_session *ss = NULL;
		size_t ns = 0;

		f->p = &pts[i];
		f->patient_sent = 0;
		ref_of(f, f->patient, "Patient", pts[i].id, NULL);
		json_decref(f->patient_ref);
		f->patient_ref = reference(f->patient);
		if (changed(f, "patient", pts[i].id)) { /* even a patient with no session yet */
			patient(f);
			f->patient_sent = 1;
		}
		rc = kc_session_list(f->st, pts[i].id, &ss, &ns, err);
		for (size_t k = ns; rc == KC_OK && k-- > 0;)
			rc = session(f, &ss[k], err);
		free(ss);
	}
	free(pts);
	return rc;
}

static int bundle(struct fhir *f, struct kc_changes *feed, struct kc_err *err)
{
	char ns[37];
	int rc = kc_store_namespace(f->st, ns, err);

	if (rc != KC_OK)
		return rc;
	uuid_parse(ns, f->ns);
	f->feed = feed;
	f->all = kc_changes_all(feed);
	out_text(f, f->o->transaction ? "{\"resourceType\":\"Bundle\",\"type\":\"transaction\""
				      : "{\"resourceType\":\"Bundle\",\"type\":\"collection\"", 0);
	if (!kc_changes_none(feed))
		rc = patients(f, err);
	if (rc == KC_OK)
		rc = practitioners(f, err);
	if (rc == KC_OK && f->nomem)
		rc = kc_fail(err, KC_ERR_NOMEM, "out of memory while building the FHIR export");
	if (rc == KC_OK)
		out_text(f, f->entries ? "\n]}\n" : "}\n", 0);
	out_flush(f);
	return rc;
}

static void fhir_free(struct fhir *f)
{
	for (size_t i = 0; i < f->nmemo; i++)
		json_decref(f->memo[i].v);
	json_decref(f->patient_ref);
	json_decref(f->encounter_ref);
	free(f->logins);
	free(f);
}

int kc_fhir_export(struct kc_store *st, const struct kc_config *cfg, struct kc_export_opts *o, FILE *out,
		   struct kc_err *err)
{
	struct fhir *f = calloc(1, sizeof *f);
	struct kc_changes *feed = NULL;
	int rc = f ? kc_store_snapshot_begin(st, err) : kc_fail(err, KC_ERR_NOMEM, "out of memory");

	if (rc == KC_OK) {
		int brc = kc_changes_open(st, o->after, o->since, &feed, err);

		*f = (struct fhir){ .out = out, .st = st, .cfg = cfg, .o = o };
		if (brc == KC_OK) {
			o->cursor = kc_changes_cursor(feed);
			brc = bundle(f, feed, err);
		}
		kc_changes_close(feed);
		rc = kc_store_snapshot_end(st, brc, err);
	}
	if (f)
		fhir_free(f);
	if (rc == KC_OK && (fflush(out) != 0 || ferror(out)))
		rc = kc_fail(err, KC_ERR_IO, "could not write the FHIR export (disk full or output closed?)");
	return rc;
}

/* The export as it was called before the configuration reached it: the default systems
 * and codes, a collection. */
int kc_export_fhir(struct kc_store *st, struct kc_export_opts *o, FILE *out, struct kc_err *err)
{
	struct kc_config *cfg = malloc(sizeof *cfg);
	int rc;

	if (!cfg)
		return kc_fail(err, KC_ERR_NOMEM, "out of memory");
	kc_config_defaults(cfg);
	rc = kc_fhir_export(st, cfg, o, out, err);
	free(cfg);
	return rc;
}
