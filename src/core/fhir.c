/* fhir.c — the record as a FHIR R4 Bundle (kc_fhir.h; the mapping is in ketchart(1), FHIR
 * EXPORT, the codes and their sources in ketchart-clinical(7) and
 * ../shared/clinical-reference.md §7). Each resource is written straight into the output
 * buffer by the streaming JSON writer (kc_jw.h), an entry at a time, so the memory holds one
 * session's rows, never the whole bundle and never a tree: the writer leaves out every
 * empty string, object and array, as FHIR asks. The text is what jansson wrote for the
 * same resources before issue 10 (tests/test_fhir_writer.c). */
#include "kc_fhir.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <uuid/uuid.h>

#include "kc_entry.h"
#include "kc_jw.h"
#include "kc_report.h"
#include "kc_store_export.h"
#include "kc_time.h"
#include "kc_uuid5.h"

#define LOINC "http://loinc.org"
#define UCUM "http://unitsofmeasure.org"
#define RXNORM "http://www.nlm.nih.gov/research/umls/rxnorm"
#define SNOMED "http://snomed.info/sct"
#define OBS_CATEGORY "http://terminology.hl7.org/CodeSystem/observation-category"
#define ABSENT "http://terminology.hl7.org/CodeSystem/data-absent-reason"
#define ACT_CODE "http://terminology.hl7.org/CodeSystem/v3-ActCode"
#define PROFILE "http://hl7.org/fhir/StructureDefinition/"

#define REF_MAX 46 /* "urn:uuid:" + 36 + NUL */
#define REFJ_MAX 64 /* {"reference":"urn:uuid:..."} + NUL */
#define OUT_CHUNK 65536
#define MEMO_MAX 256
#define MEMO_SLOTS 512 /* a power of two, twice MEMO_MAX: memo_find's table */
#ifndef RUN_MAX /* test_fhir_runs builds this file with a run of a few bytes */
#define RUN_MAX 2048
#endif

/* A CodeableConcept: one coding (two with also_code, same system) and a text; memo, when
 * set, with code stands for its content (written once, copied after: memo_put). */
struct code {
	const void *memo;
	const char *system, *code, *display, *text;
	const char *also_code, *also_display;
};

/* What an Observation rests on: its head (obs_new) and its notes (obs_notes). */
struct obs_head {
	const char *tbl;         /* the store row it comes from: its amendments */
	kc_id row;
	const struct kc_eie *eie;
	const char *category;    /* "vital-signs", "survey" */
	const char *profile;     /* vital-signs profile name, or NULL */
	struct code code;
	time_t at;
	const char *by;
	int amended;             /* "amended" whatever the row's own amendments */
	const struct kc_vitals_row *acked; /* a reading whose alert was acknowledged: its note */
};

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
		char refj[REFJ_MAX];  /* {"reference": ref} */
		size_t nrefj;
	} *logins;
	size_t nlogins, cap;
	struct memo {                 /* values written once and copied: memo_put */
		const void *k1, *k2;
		size_t off, n;        /* in memo_text */
	} memo[MEMO_MAX];
	size_t nmemo;
	unsigned short memo_slot[MEMO_SLOTS]; /* index + 1 of the memo hashed there; 0: none */
	char *memo_text;
	size_t memo_len, memo_cap;
	int nomem;
	struct kc_jw w;               /* the output, flushed an entry boundary at a time */
	/* the entry being written */
	const char *type;
	char ref[REF_MAX];
	struct obs_head h;            /* of the Observation being written */
	int notes_open;               /* its "note" array is open: annotation */
	/* the session being written */
	const struct kc_patient *p;
	const struct kc_session *s;
	int patient_sent, encounter_sent;
	char patient[REF_MAX], encounter[REF_MAX];
	char patient_refj[REFJ_MAX], encounter_refj[REFJ_MAX];
	size_t npatient_refj, nencounter_refj;
	struct kc_amendment_row *am;
	size_t nam;
	kc_id *am_sessions;           /* the sessions with amendments, ascending */
	size_t nam_sessions;
	time_t time_t_last;           /* time_put's last time and its text */
	char time_last[32];
	size_t ntime_last;
	long long day_last;           /* the day whose "YYYY-MM-DDT" begins time_last */
	size_t day_len;               /* its length; 0: none (yet) */
};

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
	kc_uuid5(u, f->ns, name, n);
	memcpy(out, "urn:uuid:", 9);
	kc_uuid_text(u, out + 9);
}

/* {"reference": ref} as JSON text, for kc_jw_raw; its length. */
static size_t ref_json(char out[REFJ_MAX], const char *ref)
{
	return (size_t)snprintf(out, REFJ_MAX, "{\"reference\":\"%s\"}", ref);
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
	f->logins[f->nlogins].nrefj = ref_json(f->logins[f->nlogins].refj, f->logins[f->nlogins].ref);
	return f->nlogins++;
}


/* ---------- values written once ----------
 * A code, a category, a profile, a reference is written once per export and its text
 * copied into every resource that names it after that, so a resource costs only its own
 * values. k1 and k2 are static pointers that stand for the content. */

/* The slot of (k1, k2) in memo_slot: its own, or the empty one where it would go. A
 * table, not a walk of the memo: an Observation asks for three or four of its thirty-odd
 * values, and the walk was as much as writing them. */
static size_t memo_slot(const struct fhir *f, const void *k1, const void *k2)
{
	size_t h = (size_t)(((uintptr_t)k1 >> 3) * 31 + ((uintptr_t)k2 >> 3)) & (MEMO_SLOTS - 1);

	for (;; h = (h + 1) & (MEMO_SLOTS - 1)) {
		unsigned i = f->memo_slot[h];

		if (!i || (f->memo[i - 1].k1 == k1 && f->memo[i - 1].k2 == k2))
			return h;
	}
}

/* The memo of (k1, k2), or NULL. */
static const struct memo *memo_find(const struct fhir *f, const void *k1, const void *k2)
{
	unsigned i = f->memo_slot[memo_slot(f, k1, k2)];

	return i ? &f->memo[i - 1] : NULL;
}

/* The value of (k1, k2) at key, copied from the memo: 1; 0 when it is not there (write
 * it, then memo_keep). */
static int memo_put(struct fhir *f, const char *key, const void *k1, const void *k2)
{
	const struct memo *m = memo_find(f, k1, k2);

	if (m)
		kc_jw_raw(&f->w, key, f->memo_text + m->off, m->n);
	return m != NULL;
}

/* The value just written kept for memo_put (when there is room; an empty value, left out,
 * is kept as nothing). */
static void memo_keep(struct fhir *f, const void *k1, const void *k2)
{
	size_t n = f->w.len - f->w.last;

	if (f->nmemo == MEMO_MAX)
		return;
	if (f->memo_len + n > f->memo_cap) {
		size_t cap = 2 * (f->memo_cap + n);
		char *grown = realloc(f->memo_text, cap);

		if (!grown) {
			f->nomem = 1;
			return;
		}
		f->memo_text = grown;
		f->memo_cap = cap;
	}
	memcpy(f->memo_text + f->memo_len, f->w.buf + f->w.last, n);
	f->memo_slot[memo_slot(f, k1, k2)] = (unsigned short)(f->nmemo + 1);
	f->memo[f->nmemo++] = (struct memo){ k1, k2, f->memo_len, n };
	f->memo_len += n;
}

/* ---------- data types ---------- */

static void str(struct fhir *f, const char *key, const char *s)
{
	kc_jw_string(&f->w, key, s);
}

static void close_(struct fhir *f)
{
	kc_jw_close(&f->w);
}

static void coding(struct fhir *f, const char *key, const char *system, const char *code, const char *display)
{
	kc_jw_object(&f->w, key);
	str(f, "system", system);
	str(f, "code", code);
	str(f, "display", display);
	close_(f);
}

static void concept(struct fhir *f, const char *key, const char *system, const char *code, const char *display,
		    const char *text)
{
	kc_jw_object(&f->w, key);
	kc_jw_array(&f->w, "coding");
	coding(f, NULL, system, code, display);
	close_(f);
	str(f, "text", text);
	close_(f);
}

/* A struct code at key (from the memo when it has one). */
static void code_put(struct fhir *f, const char *key, const struct code *c)
{
	if (c->memo && memo_put(f, key, c->code, c->memo))
		return;
	kc_jw_object(&f->w, key);
	kc_jw_array(&f->w, "coding");
	coding(f, NULL, c->system, c->code, c->display);
	if (c->also_code)
		coding(f, NULL, c->system, c->also_code, c->also_display);
	close_(f);
	str(f, "text", c->text);
	close_(f);
	if (c->memo)
		memo_keep(f, c->code, c->memo);
}

/* A CodeableConcept written once: code and key (static) stand for it. */
static void concept_once(struct fhir *f, const char *name, const void *key, const char *system, const char *code,
			 const char *display, const char *text)
{
	struct code c = { .memo = key, .system = system, .code = code, .display = display, .text = text };

	code_put(f, name, &c);
}

/* A time as FHIR's dateTime in UTC; nothing for 0. The last one is kept: a reading's
 * Observations share their time. The date is kc_time_utc's, made once per day; the time
 * of day is written here (strftime per time was a twentieth of the export). */
static const char *time_text(struct fhir *f, time_t t, size_t *len)
{
	if (t != f->time_t_last || !f->time_last[0]) {
		long long day = (long long)t / 86400 - ((long long)t % 86400 < 0);
		long long sec = (long long)t - day * 86400;
		char *d;

		if (day != f->day_last || !f->day_len) {
			size_t n;

			kc_time_utc((time_t)(day * 86400), f->time_last, sizeof f->time_last);
			n = strlen(f->time_last);
			f->day_len = n > 9 && f->time_last[n - 10] == 'T' ? n - 9 : 0; /* "...T" + "HH:MM:SSZ" */
			f->day_last = day;
		}
		if (f->day_len) {
			d = f->time_last + f->day_len;
			d[0] = (char)('0' + sec / 36000);
			d[1] = (char)('0' + sec / 3600 % 10);
			d[2] = ':';
			d[3] = (char)('0' + sec / 600 % 6);
			d[4] = (char)('0' + sec / 60 % 10);
			d[5] = ':';
			d[6] = (char)('0' + sec % 60 / 10);
			d[7] = (char)('0' + sec % 10);
			d[8] = 'Z';
			d[9] = '\0';
			f->ntime_last = f->day_len + 9;
		} else {
			kc_time_utc(t, f->time_last, sizeof f->time_last);
			f->ntime_last = strlen(f->time_last);
		}
		f->time_t_last = t;
	}
	*len = f->ntime_last;
	return f->time_last;
}

static void time_put(struct fhir *f, const char *key, time_t t)
{
	const char *text;
	size_t n;

	if (!t)
		return;
	text = time_text(f, t, &n);
	kc_jw_safe(&f->w, key, text, n);
}

/* A Quantity's constant members after its value: unit, system and code as one run of JSON
 * text (kc_jw_members), made by the compiler from literals. */
#define QTY_REST(unit, ucum) "\"unit\":\"" unit "\",\"system\":\"" UCUM "\",\"code\":\"" ucum "\""
#define QUANTITY(f, key, v, unit, ucum) quantity(f, key, v, QTY_REST(unit, ucum), sizeof QTY_REST(unit, ucum) - 1)

/* A Quantity as JSON text into out (room for QTY_TEXT bytes): its length. As quantity
 * writes it, for a run. */
#define QTY_TEXT (KC_JW_NUMBER_TEXT + 256)

static size_t quantity_text(double v, const char *rest, size_t nrest, char out[QTY_TEXT])
{
	char *d = out;
	size_t n;

	*d++ = '{';
	memcpy(d, "\"value\":", 8);
	n = kc_jw_number_text(v, d + 8);
	if (n)
		d += 8 + n;
	if (nrest > QTY_TEXT - (size_t)(d - out) - 2) /* never: the rests are short literals */
		nrest = QTY_TEXT - (size_t)(d - out) - 2;
	if (n && nrest)
		*d++ = ',';
	memcpy(d, rest, nrest);
	d += nrest;
	*d++ = '}';
	return (size_t)(d - out);
}

static void quantity(struct fhir *f, const char *key, double v, const char *rest, size_t nrest)
{
	kc_jw_object(&f->w, key);
	kc_jw_number(&f->w, "value", v);
	kc_jw_members(&f->w, rest, nrest, 3);
	close_(f);
}

/* A note: left out when it has no text. The entry's "note" array is opened with its first
 * (notes_begin): most entries have none, and an array opened for nothing and taken back
 * cost as much as a member. */
static void annotation(struct fhir *f, const char *text, time_t at)
{
	if (!text || !*text)
		return;
	if (!f->notes_open) {
		kc_jw_array(&f->w, "note");
		f->notes_open = 1;
	}
	kc_jw_object(&f->w, NULL);
	time_put(f, "time", at);
	str(f, "text", text);
	close_(f);
}


/* {"reference": the clinician's Practitioner}. */
static void clinician(struct fhir *f, const char *key, const char *login)
{
	size_t i;

	if (!login || !*login || (i = clinician_index(f, login)) == f->nlogins)
		return;
	kc_jw_raw(&f->w, key, f->logins[i].refj, f->logins[i].nrefj);
}

/* Was store row tbl/id entered, corrected or amended in the feed? */
static int changed(const struct fhir *f, const char *tbl, kc_id id)
{
	return f->all || kc_changes_row(f->feed, tbl, id);
}

/* The entry's notes come next (annotation opens their array with the first)... */
static void notes_begin(struct fhir *f)
{
	f->notes_open = 0;
}

/* ...and are done. */
static void notes_end(struct fhir *f)
{
	if (f->notes_open)
		close_(f);
	f->notes_open = 0;
}

/* ---------- runs of members ----------
 * Members never taken back (an entry's ids and references, values of the memo, a time)
 * gathered in one buffer and handed to the writer at once (kc_jw_members): a copy of each
 * key and value, where a call per member scanned its key and made room for it (the writer
 * was a third of the export). A run is flushed before anything else is written. */
struct run {
	size_t n;
	unsigned count;
	char buf[RUN_MAX];
};

static void run_flush(struct fhir *f, struct run *r)
{
	kc_jw_members(&f->w, r->buf, r->n, r->count);
	r->n = 0;
	r->count = 0;
}

/* A member that does not fit in what is left of the run: the run flushed, and the member
 * written by itself when it is longer than a whole run. 1: it is written. */
static int run_full(struct fhir *f, struct run *r, const char *key, size_t need, char pre, const char *v, size_t n)
{
	run_flush(f, r);
	if (need <= RUN_MAX)
		return 0;
	if (pre == '"') {
		kc_jw_safe(&f->w, key, v, n);
	} else if (pre == '[') {
		kc_jw_array(&f->w, key);
		kc_jw_raw(&f->w, NULL, v, n);
		close_(f);
	} else {
		kc_jw_raw(&f->w, key, v, n);
	}
	return 1;
}

/* key (nkey bytes, a literal) and n bytes of JSON text between pre and post (a bracket, a
 * quote, or 0 for none); nothing when n is 0, as the writer. Always inlined: the key's
 * length is then a constant and its copy a move or two, not a call. */
static inline __attribute__((always_inline)) void run_put(struct fhir *f, struct run *r, const char *key, size_t nkey,
							  char pre, const char *v, size_t n, char post)
{
	char *d;

	if (!n || (r->n + nkey + n + 6 > RUN_MAX && run_full(f, r, key, nkey + n + 6, pre, v, n)))
		return;
	d = r->buf + r->n;
	if (r->n)
		*d++ = ',';
	*d++ = '"';
	memcpy(d, key, nkey);
	d += nkey;
	*d++ = '"';
	*d++ = ':';
	if (pre)
		*d++ = pre;
	memcpy(d, v, n);
	d += n;
	if (post)
		*d++ = post;
	r->n = (size_t)(d - r->buf);
	r->count++;
}

/* key: JSON text; key: a string with nothing to escape */
#define RUN_RAW(f, r, key, v, n) run_put(f, r, key, sizeof key - 1, 0, v, n, 0)
#define RUN_SAFE(f, r, key, v, n) run_put(f, r, key, sizeof key - 1, '"', v, n, '"')

/* ---------- entries ---------- */

/* The output buffer to the file, between entries only (the writer may still take back
 * anything of the entry it is writing). */
static void out_flush(struct fhir *f)
{
	if (f->w.len && fwrite(f->w.buf, 1, f->w.len, f->out) != f->w.len)
		f->nomem = 1;
	f->w.len = 0;
	f->w.last = 0;
}

static void out_text(struct fhir *f, const char *s)
{
	kc_jw_text(&f->w, s, strlen(s));
}

/* An entry opened up to its resource's id, which begin run r (the caller flushes it); the
 * Bundle's "entry" opens with the first. */
static void entry_open_run(struct fhir *f, const char *type, size_t ntype, const char *ref, struct run *r)
{
	out_text(f, f->entries++ ? ",\n" : ",\"entry\":[\n");
	kc_jw_object(&f->w, NULL);
	kc_jw_safe(&f->w, "fullUrl", ref, REF_MAX - 1);
	kc_jw_object(&f->w, "resource");
	r->n = 0;
	r->count = 0;
	RUN_SAFE(f, r, "resourceType", type, ntype);
	RUN_SAFE(f, r, "id", ref + 9, REF_MAX - 10);
	f->type = type;
	memcpy(f->ref, ref, REF_MAX);
}

static void entry_open(struct fhir *f, const char *type, const char *ref)
{
	struct run r;

	entry_open_run(f, type, strlen(type), ref, &r);
	run_flush(f, &r);
}

static void entry_close(struct fhir *f)
{
	char url[96];

	close_(f); /* the resource */
	if (f->o->transaction) {
		snprintf(url, sizeof url, "%s/%s", f->type, f->ref + 9);
		kc_jw_object(&f->w, "request");
		str(f, "method", "PUT");
		str(f, "url", url);
		close_(f);
	}
	close_(f);
	if (f->w.len >= OUT_CHUNK || f->entries == 1) /* the first at once: the bundle is under way */
		out_flush(f);
}

/* ---------- Patient, Practitioner, Encounter ---------- */

static const char *gender(const char *sex)
{
	return !strcmp(sex, "female") || !strcmp(sex, "male") || !strcmp(sex, "other") ? sex : NULL;
}

/* "identifier": [{system, value}], "name": [{text}] */
static void identity(struct fhir *f, const char *system, const char *value, const char *name)
{
	kc_jw_array(&f->w, "identifier");
	kc_jw_object(&f->w, NULL);
	str(f, "system", system);
	str(f, "value", value);
	close_(f);
	close_(f);
	kc_jw_array(&f->w, "name");
	kc_jw_object(&f->w, NULL);
	str(f, "text", name);
	close_(f);
	close_(f);
}

static void patient(struct fhir *f)
{
	entry_open(f, "Patient", f->patient);
	identity(f, f->cfg->fhir.patient_identifier_system, f->p->chart_no, f->p->name);
	str(f, "gender", gender(f->p->sex));
	str(f, "birthDate", f->p->dob);
	entry_close(f);
}

static int practitioners(struct fhir *f, struct kc_err *err)
{
	for (size_t i = 0; i < f->nlogins; i++) {
		struct kc_clinician c = { 0 };
		char ref[REF_MAX];
		int rc = kc_clinician_get(f->st, f->logins[i].login, &c, err);

		if (rc != KC_OK && rc != KC_ERR_NOTFOUND)
			return rc;
		memcpy(ref, f->logins[i].ref, REF_MAX);
		entry_open(f, "Practitioner", ref);
		identity(f, f->cfg->fhir.practitioner_identifier_system, f->logins[i].login,
			 rc == KC_OK ? c.display_name : f->logins[i].login);
		entry_close(f);
	}
	return KC_OK;
}

static void encounter(struct fhir *f)
{
	const struct kc_session *s = f->s;
	char why[KC_NOTE_MAX + 32];

	entry_open(f, "Encounter", f->encounter);
	str(f, "status", s->ended_at ? "finished" : "in-progress");
	coding(f, "class", ACT_CODE, "AMB", "ambulatory");
	kc_jw_array(&f->w, "type");
	concept(f, NULL, f->cfg->fhir.local_code_system, kc_route_name(s->route), kc_route_label(s->route),
		kc_route_label(s->route));
	close_(f);
	kc_jw_raw(&f->w, "subject", f->patient_refj, f->npatient_refj);
	kc_jw_array(&f->w, "participant");
	kc_jw_object(&f->w, NULL);
	clinician(f, "individual", s->clinician);
	close_(f);
	close_(f);
	kc_jw_object(&f->w, "period");
	time_put(f, "start", s->created_at);
	time_put(f, "end", s->ended_at);
	close_(f);
	if (s->indication[0]) {
		kc_jw_array(&f->w, "reasonCode");
		concept(f, NULL, NULL, NULL, NULL, s->indication);
		close_(f);
	}
	if (s->outcome[0]) {
		snprintf(why, sizeof why, "%s%s%s", s->outcome, s->outcome_reason[0] ? ": " : "", s->outcome_reason);
		kc_jw_object(&f->w, "hospitalization");
		concept(f, "dischargeDisposition", NULL, NULL, NULL, why);
		close_(f);
	}
	entry_close(f);
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

/* Has store row tbl/id of this session an amendment? */
static int amended(const struct fhir *f, const char *tbl, kc_id id)
{
	for (size_t i = 0; i < f->nam; i++)
		if (f->am[i].row_id == id && strcmp(f->am[i].tbl, tbl) == 0)
			return 1;
	return 0;
}

/* The amendments of a store row of this session, as notes. */
static void amendments(struct fhir *f, const char *tbl, kc_id id)
{
	char text[1024 + KC_NOTE_MAX + 96];

	for (size_t i = 0; i < f->nam; i++) {
		const struct kc_amendment_row *a = &f->am[i];

		if (a->row_id != id || strcmp(a->tbl, tbl) != 0)
			continue;
		snprintf(text, sizeof text, "Amended by %s: %s (reason: %s)", a->by, a->text, a->reason);
		annotation(f, text, a->at);
	}
}

static void entered_in_error(struct fhir *f, const struct kc_eie *e)
{
	char text[KC_NOTE_MAX + 96];

	if (e->code == KC_EIE_NONE)
		return;
	snprintf(text, sizeof text, "Entered in error (%s) by %s: %s", kc_eie_name(e->code), e->by, e->reason);
	annotation(f, text, e->at);
}

/* A reading's alert acknowledgement as a note on each of its Observations, in the words the
 * report uses: who, when and the actions taken (kc_ack_actions_text, stored with the
 * acknowledgement). */
static void acknowledged(struct fhir *f, const struct kc_vitals_row *v)
{
	char text[KC_NOTE_MAX + KC_LOGIN_MAX + 48];

	if (!v || !v->acked)
		return;
	snprintf(text, sizeof text, "Alert acknowledged by %s: %s", v->ack_by, v->ack_action);
	annotation(f, text, v->ack_at);
}

/* ---------- Observations ---------- */

static const struct kc_eie no_eie;

/* "meta": {"profile": [the vital-signs profile]}, written once per profile. */
static void profile_put(struct fhir *f, const char *profile)
{
	char url[96];

	if (memo_put(f, "meta", profile, PROFILE))
		return;
	snprintf(url, sizeof url, PROFILE "%s", profile);
	kc_jw_object(&f->w, "meta");
	kc_jw_array(&f->w, "profile");
	str(f, NULL, url);
	close_(f);
	close_(f);
	memo_keep(f, profile, PROFILE);
}

/* "category": [the observation category], written once per category. */
static void category_put(struct fhir *f, const char *category)
{
	if (memo_put(f, "category", category, OBS_CATEGORY))
		return;
	kc_jw_array(&f->w, "category");
	concept(f, NULL, OBS_CATEGORY, category, !strcmp(category, "vital-signs") ? "Vital Signs" : "Survey", NULL);
	close_(f);
	memo_keep(f, category, OBS_CATEGORY);
}

/* An Observation opened and written up to its value, its head left in run r for the
 * caller's value to follow in it (the caller flushes it, then writes its notes: obs_notes,
 * or all at once: obs_emit). */
static void obs_head_run(struct fhir *f, const char *ref, const struct obs_head *h, struct run *r)
{
	const struct kc_eie *e = h->eie ? h->eie : &no_eie;
	const char *status = e->code != KC_EIE_NONE ? "entered-in-error"
			     : h->amended || amended(f, h->tbl, h->row) ? "amended" : "final";
	const struct memo *m;
	size_t i;

	f->h = *h;
	f->h.eie = e;
	entry_open_run(f, "Observation", sizeof "Observation" - 1, ref, r);
	/* each value of the memo goes into the run; the first of each is written (and kept) */
	if (h->profile) {
		if ((m = memo_find(f, h->profile, PROFILE))) {
			RUN_RAW(f, r, "meta", f->memo_text + m->off, m->n);
		} else {
			run_flush(f, r);
			profile_put(f, h->profile);
		}
	}
	RUN_SAFE(f, r, "status", status, strlen(status));
	if ((m = memo_find(f, h->category, OBS_CATEGORY))) {
		RUN_RAW(f, r, "category", f->memo_text + m->off, m->n);
	} else {
		run_flush(f, r);
		category_put(f, h->category);
	}
	if (h->code.memo && (m = memo_find(f, h->code.code, h->code.memo))) {
		RUN_RAW(f, r, "code", f->memo_text + m->off, m->n);
	} else {
		run_flush(f, r);
		code_put(f, "code", &h->code);
	}
	RUN_RAW(f, r, "subject", f->patient_refj, f->npatient_refj);
	RUN_RAW(f, r, "encounter", f->encounter_refj, f->nencounter_refj);
	if (h->at) {
		size_t n;
		const char *t = time_text(f, h->at, &n);

		RUN_SAFE(f, r, "effectiveDateTime", t, n);
	}
	/* "performer": [the clinician], left out with no clinician (as its empty array was) */
	if (h->by && *h->by && (i = clinician_index(f, h->by)) != f->nlogins)
		run_put(f, r, "performer", sizeof "performer" - 1, '[', f->logins[i].refj, f->logins[i].nrefj, ']');
}

/* obs_head_run for a caller that writes its value itself. */
static void obs_new(struct fhir *f, const char *ref, const struct obs_head *h)
{
	struct run r;

	obs_head_run(f, ref, h, &r);
	run_flush(f, &r);
}

/* The notes opened, with the amendments and the entered-in-error first; the caller adds
 * its own (annotation), then obs_end. */
static void obs_notes(struct fhir *f)
{
	notes_begin(f);
	amendments(f, f->h.tbl, f->h.row);
	entered_in_error(f, f->h.eie);
	acknowledged(f, f->h.acked);
}

static void obs_end(struct fhir *f)
{
	notes_end(f);
	entry_close(f);
}

static void obs_emit(struct fhir *f)
{
	obs_notes(f);
	obs_end(f);
}

/* One vital sign of a reading. */
struct vital {
	const char *part, *profile, *code, *display;
	const char *qty;  /* its Quantity's unit, system and code: QTY_REST */
	size_t nqty;
	int tenths;
};

#define VITAL_QTY(unit, ucum) QTY_REST(unit, ucum), sizeof QTY_REST(unit, ucum) - 1

static const struct vital v_hr = { "hr", "heartrate", "8867-4", "Heart rate", VITAL_QTY("beats/minute", "/min"), 0 };
static const struct vital v_rr = { "rr", "resprate", "9279-1", "Respiratory rate", VITAL_QTY("breaths/minute", "/min"),
				   0 };
static const struct vital v_temp = { "temp", "bodytemp", "8310-5", "Body temperature", VITAL_QTY("Cel", "Cel"), 1 };
static const struct vital v_spo2 = { "spo2", "oxygensat", "59408-5",
				     "Oxygen saturation in Arterial blood by Pulse oximetry", VITAL_QTY("%", "%"), 0 };

static void vitals_head(struct obs_head *h, const struct kc_vitals_row *v, struct code code)
{
	*h = (struct obs_head){ .tbl = "vitals", .row = v->id, .eie = &v->eie, .category = "vital-signs",
				.code = code, .at = v->taken_at, .by = v->entered_by, .acked = v };
}

static void carried_note(struct fhir *f, const struct kc_vitals_row *v, unsigned flag)
{
	if (v->carried & flag)
		annotation(f, "Carried from the reading before, not measured again at this time", 0);
}

static void vital(struct fhir *f, const struct kc_vitals_row *v, const struct vital *k, int value, unsigned carry)
{
	struct code code = { .memo = k, .system = LOINC, .code = k->code, .display = k->display, .text = k->display };
	char ref[REF_MAX], qty[QTY_TEXT];
	struct obs_head h;
	struct run r;

	if (value == KC_NONE)
		return;
	if (k == &v_spo2) {
		code.also_code = "2708-6";
		code.also_display = "Oxygen saturation in Arterial blood";
	}
	ref_of(f, ref, "Observation/vitals", v->id, k->part);
	vitals_head(&h, v, code);
	h.profile = k->profile;
	obs_head_run(f, ref, &h, &r);
	RUN_RAW(f, &r, "valueQuantity", qty, quantity_text(k->tenths ? value / 10.0 : value, k->qty, k->nqty, qty));
	run_flush(f, &r);
	obs_notes(f);
	carried_note(f, v, carry);
	obs_end(f);
}

static void bp_component(struct fhir *f, const char *code, const char *display, int value)
{
	kc_jw_object(&f->w, NULL);
	concept_once(f, "code", display, LOINC, code, display, display);
	QUANTITY(f, "valueQuantity", value, "mmHg", "mm[Hg]");
	close_(f);
}

/* A component as bp_component writes it, appended at d when its code is in the memo:
 * the end of it; NULL when it is not (bp_component writes it, and keeps the code). */
#define BP_TEXT (2 * (MEMO_TEXT_BP + QTY_TEXT + 32))
#define MEMO_TEXT_BP 512

static char *bp_component_text(const struct fhir *f, char *d, const char *code, const char *display, int value)
{
	static const char rest[] = QTY_REST("mmHg", "mm[Hg]");
	const struct memo *m = memo_find(f, code, display);

	if (!m || !m->n || m->n > MEMO_TEXT_BP)
		return NULL;
	memcpy(d, "{\"code\":", 8);
	memcpy(d + 8, f->memo_text + m->off, m->n);
	d += 8 + m->n;
	memcpy(d, ",\"valueQuantity\":", 17);
	d += 17;
	d += quantity_text(value, rest, sizeof rest - 1, d);
	*d++ = '}';
	return d;
}

static struct code code_of(const void *memo, const char *system, const char *code, const char *display,
			   const char *text)
{
	return (struct code){ .memo = memo, .system = system, .code = code, .display = display, .text = text };
}

static void blood_pressure(struct fhir *f, const struct kc_vitals_row *v)
{
	static const char sys_code[] = "8480-6", sys[] = "Systolic blood pressure";
	static const char dia_code[] = "8462-4", dia[] = "Diastolic blood pressure";
	char ref[REF_MAX], text[BP_TEXT], *d;
	struct obs_head h;
	struct run r;

	if (v->v.systolic == KC_NONE || v->v.diastolic == KC_NONE)
		return;
	ref_of(f, ref, "Observation/vitals", v->id, "bp");
	vitals_head(&h, v, code_of("bp", LOINC, "85354-9", "Blood pressure panel with all children optional",
				   "Blood pressure"));
	h.profile = "bp";
	obs_head_run(f, ref, &h, &r);
	/* both components into the run once their codes are in the memo */
	d = bp_component_text(f, text, sys_code, sys, v->v.systolic);
	if (d) {
		*d++ = ',';
		d = bp_component_text(f, d, dia_code, dia, v->v.diastolic);
	}
	if (d) {
		run_put(f, &r, "component", sizeof "component" - 1, '[', text, (size_t)(d - text), ']');
		run_flush(f, &r);
	} else {
		run_flush(f, &r);
		kc_jw_array(&f->w, "component");
		bp_component(f, sys_code, sys, v->v.systolic);
		bp_component(f, dia_code, dia, v->v.diastolic);
		close_(f);
	}
	obs_emit(f);
}

static void moaas(struct fhir *f, const struct kc_vitals_row *v)
{
	const char *label;
	char ref[REF_MAX];
	struct obs_head h;

	if (v->v.moaas == KC_NONE)
		return;
	ref_of(f, ref, "Observation/vitals", v->id, "moaas");
	vitals_head(&h, v, code_of("moaas", f->cfg->fhir.local_code_system, "moaas",
				   "Modified Observer's Assessment of Alertness/Sedation (MOAA/S)", "MOAA/S"));
	h.category = "survey";
	obs_new(f, ref, &h);
	kc_jw_int(&f->w, "valueInteger", v->v.moaas);
	label = kc_moaas_label(v->v.moaas);
	if (!memo_put(f, "interpretation", label, "interp")) {
		kc_jw_array(&f->w, "interpretation");
		concept(f, NULL, NULL, NULL, NULL, label);
		close_(f);
		memo_keep(f, label, "interp");
	}
	obs_notes(f);
	carried_note(f, v, KC_CARRY_MOAAS);
	obs_end(f);
}

/* A reading refused or not possible: one vital-signs Observation with its reason. */
static void vitals_absent(struct fhir *f, const struct kc_vitals_row *v)
{
	int refused = v->status == KC_VITALS_REFUSED;
	char ref[REF_MAX];
	struct obs_head h;

	ref_of(f, ref, "Observation/vitals", v->id, "absent");
	vitals_head(&h, v, code_of("absent", LOINC, "85353-1",
				   "Vital signs, weight, height, head circumference, oxygen saturation and BMI panel",
				   "Vital signs"));
	h.profile = "vitalsigns";
	obs_new(f, ref, &h);
	concept(f, "dataAbsentReason", ABSENT, refused ? "asked-declined" : "not-performed",
		refused ? "Asked But Declined" : "Not Performed", v->reason[0] ? v->reason : kc_vstatus_name(v->status));
	obs_emit(f);
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
			      .profile = "bodyweight", .at = w->taken_at, .by = w->entered_by,
			      .code = code_of("weight", LOINC, "29463-7", "Body weight", "Body weight") };
	char typed[64];

	if (!changed(f, "weight", w->id))
		return;
	context(f);
	ref_of(f, ref, "Observation/weight", w->id, NULL);
	obs_new(f, ref, &h);
	QUANTITY(f, "valueQuantity", w->kg, "kg", "kg");
	obs_notes(f);
	if (w->typed[0]) {
		snprintf(typed, sizeof typed, "As typed: %s", w->typed);
		annotation(f, typed, 0);
	}
	obs_end(f);
}

/* ---------- side effects ---------- */

static void side_effect(struct fhir *f, const struct kc_obs_row *o)
{
	const char *sys = f->cfg->fhir.local_code_system, *scale = kc_scale_name(o->scale);
	char ref[REF_MAX], code[48], method[48], text[KC_NOTE_MAX + 160];
	struct obs_head h = { .tbl = "observation", .row = o->id, .eie = &o->eie, .category = "survey",
			      .at = o->observed_at, .by = o->entered_by };

	if (!changed(f, "observation", o->id))
		return;
	context(f);
	ref_of(f, ref, "Observation/observation", o->id, NULL);
	snprintf(code, sizeof code, "side-effect-%s", kc_obs_kind_name(o->kind));
	snprintf(text, sizeof text, "%s%s%s", kc_obs_kind_label(o->kind), o->detail[0] ? ": " : "", o->detail);
	h.code = code_of(NULL, sys, code, kc_obs_kind_label(o->kind), text);
	obs_new(f, ref, &h);
	snprintf(method, sizeof method, "scale-%s", scale);
	if (!memo_put(f, "method", scale, "method")) {
		concept(f, "method", sys, method, scale, scale);
		memo_keep(f, scale, "method");
	}
	if (o->score != KC_NONE)
		kc_jw_int(&f->w, "valueInteger", o->score);
	if (o->vomiting > 0) {
		kc_jw_array(&f->w, "component");
		kc_jw_object(&f->w, NULL);
		concept(f, "code", sys, "vomiting-episodes", "Vomiting episodes", "Vomiting episodes");
		kc_jw_int(&f->w, "valueInteger", o->vomiting);
		close_(f);
		close_(f);
	}
	obs_notes(f);
	if (o->items[0]) {
		snprintf(text, sizeof text, "%s items (number:score): %s", scale, o->items);
		annotation(f, text, 0);
	}
	if (o->intervention[0]) {
		snprintf(text, sizeof text, "Intervention: %s", o->intervention);
		annotation(f, text, 0);
	}
	annotation(f, o->note, 0);
	obs_end(f);
}

/* ---------- screening: PHQ-9, GAD-7, C-SSRS ---------- */

struct scale {
	const char *key;                 /* "phq9" (answers "phq9.1" ...) */
	const char *panel, *panel_display, *total, *total_display;
	int nitems, max;
	const char *const *items;        /* LOINC code of each item */
	const char *const *displays;     /* "PHQ-9 item 1" ... */
};

static const char *const phq9_items[] = { "44250-9", "44255-8", "44259-0", "44254-1", "44251-7",
					  "44258-2", "44252-5", "44253-3", "44260-8" };
static const char *const gad7_items[] = { "69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8",
					  "69736-7" };
static const char *const phq9_displays[] = { "PHQ-9 item 1", "PHQ-9 item 2", "PHQ-9 item 3",
					     "PHQ-9 item 4", "PHQ-9 item 5", "PHQ-9 item 6",
					     "PHQ-9 item 7", "PHQ-9 item 8", "PHQ-9 item 9" };
static const char *const gad7_displays[] = { "GAD-7 item 1", "GAD-7 item 2", "GAD-7 item 3", "GAD-7 item 4",
					     "GAD-7 item 5", "GAD-7 item 6", "GAD-7 item 7" };
static const struct scale phq9 = { "phq9", "44249-1", "PHQ-9 quick depression assessment panel", "44261-6",
				   "Patient Health Questionnaire 9 item (PHQ-9) total score", 9, 27, phq9_items,
				   phq9_displays };
static const struct scale gad7 = { "gad7", "69737-5", "Generalized anxiety disorder 7 item (GAD-7)", "70274-6",
				   "Generalized anxiety disorder 7 item (GAD-7) total score", 7, 21, gad7_items,
				   gad7_displays };

/* The current answer rows of a session's screening, and those the export reads by key
 * and item number ("phq9.3"; item 0: the key itself), found once (answers_index). */
enum { A_PHQ9, A_GAD7, A_CSSRS, A_CSSRS6R, A_KEYS };
static const char *const answer_keys[A_KEYS] = { "phq9", "gad7", "cssrs", "cssrs.6_recent" };

struct answers {
	struct kc_answer_row *rows;
	size_t n;
	const struct kc_answer_row *at[A_KEYS][10];
};

/* Each answer with a value under its key and item (1 to 9, or 0: the key itself). */
static void answers_index(struct answers *a)
{
	for (size_t i = 0; i < a->n; i++) {
		const char *item = a->rows[i].item;

		if (!a->rows[i].value[0])
			continue;
		for (int k = 0; k < A_KEYS; k++) {
			size_t kn = strlen(answer_keys[k]);
			int no = -1;

			if (strncmp(item, answer_keys[k], kn) != 0)
				continue;
			if (!item[kn])
				no = 0;
			else if (item[kn] == '.' && item[kn + 1] >= '1' && item[kn + 1] <= '9' && !item[kn + 2])
				no = item[kn + 1] - '0';
			if (no >= 0 && !a->at[k][no])
				a->at[k][no] = &a->rows[i];
		}
	}
}

static const struct kc_answer_row *answer(const struct answers *a, const char *key, int item)
{
	for (int k = 0; k < A_KEYS; k++)
		if (!strcmp(key, answer_keys[k]))
			return item >= 0 && item <= 9 ? a->at[k][item] : NULL;
	return NULL;
}

/* The head of a screening Observation: the latest answer it rests on gives time and author. */
static void answer_head(struct obs_head *h, const struct kc_answer_row *row, struct code code)
{
	*h = (struct obs_head){ .tbl = "screening_answer", .row = row->id, .category = "survey", .code = code,
				.at = row->at, .by = row->by };
}

static void scale_item(struct fhir *f, const struct scale *sc, int i, const struct kc_answer_row *row, char *ref)
{
	char num[KC_INT_TEXT];
	struct obs_head h;
	struct run r;

	ref_of(f, ref, "Observation/screening", f->s->id, row->item);
	answer_head(&h, row, code_of(sc, LOINC, sc->items[i], NULL, sc->displays[i]));
	obs_head_run(f, ref, &h, &r);
	RUN_RAW(f, &r, "valueInteger", num, kc_int_text(atoi(row->value), num));
	run_flush(f, &r);
	obs_emit(f);
}

/* [{"reference": each of refs}] as JSON text into out (room for REFS_TEXT; n at most 10):
 * its length, without the brackets (run_put adds them). */
#define REF_ITEM (sizeof "{\"reference\":\"\"}," - 1 + REF_MAX - 1)
#define REFS_TEXT (10 * REF_ITEM)

static size_t refs_text(char (*refs)[REF_MAX], int n, char out[REFS_TEXT])
{
	char *d = out;

	for (int i = 0; i < n && i < 10; i++) {
		if (i)
			*d++ = ',';
		memcpy(d, "{\"reference\":\"", 14);
		memcpy(d + 14, refs[i], REF_MAX - 1);
		d += 14 + REF_MAX - 1;
		*d++ = '"';
		*d++ = '}';
	}
	return (size_t)(d - out);
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
	char item_refs[10][REF_MAX], ref[REF_MAX], name[16], num[KC_INT_TEXT], text[REFS_TEXT];
	const struct kc_answer_row *last = NULL;
	struct run r;
	int n = 0, total = 0, amended_any = 0;
	struct obs_head h;

	if (!answers_changed(f, a, sc->key, sc->nitems))
		return;
	for (int i = 0; i < sc->nitems; i++) {
		const struct kc_answer_row *row = answer(a, sc->key, i + 1);

		if (!row)
			continue;
		context(f);
		scale_item(f, sc, i, row, item_refs[n++]);
		total += atoi(row->value);
		amended_any |= answer_amended(f, row);
		if (!last || row->at > last->at)
			last = row;
	}
	if (n < sc->nitems)
		return;
	snprintf(name, sizeof name, "%s.total", sc->key);
	ref_of(f, item_refs[n], "Observation/screening", f->s->id, name);
	answer_head(&h, last, code_of(sc, LOINC, sc->total, sc->total_display, sc->total_display));
	h.amended = amended_any;
	obs_head_run(f, item_refs[n], &h, &r);
	RUN_RAW(f, &r, "valueInteger", num, kc_int_text(total, num));
	run_put(f, &r, "derivedFrom", sizeof "derivedFrom" - 1, '[', text, refs_text(item_refs, n, text), ']');
	run_flush(f, &r);
	obs_emit(f);
	ref_of(f, ref, "Observation/screening", f->s->id, sc->key);
	answer_head(&h, last, code_of(sc, LOINC, sc->panel, sc->panel_display, sc->panel_display));
	h.amended = amended_any;
	obs_head_run(f, ref, &h, &r);
	run_put(f, &r, "hasMember", sizeof "hasMember" - 1, '[', text, refs_text(item_refs, n + 1, text), ']');
	run_flush(f, &r);
	obs_emit(f);
}

static void cssrs_component(struct fhir *f, const char *sys, const char *code, const char *display, int yes)
{
	kc_jw_object(&f->w, NULL);
	concept(f, "code", sys, code, display, display);
	kc_jw_bool(&f->w, "valueBoolean", yes);
	close_(f);
}

static const char *const cssrs_codes[7] = { NULL, "cssrs-q1", "cssrs-q2", "cssrs-q3", "cssrs-q4", "cssrs-q5",
					    "cssrs-q6" };
static const char *const cssrs_displays[7] = { NULL, "C-SSRS screener question 1", "C-SSRS screener question 2",
					       "C-SSRS screener question 3", "C-SSRS screener question 4",
					       "C-SSRS screener question 5", "C-SSRS screener question 6" };

/* The C-SSRS screener: one Observation, a component per question asked, the triage as
 * its value (question numbers only: the wording is licensed, ketchart-clinical(7)). */
static void cssrs(struct fhir *f, const struct answers *a)
{
	const char *sys = f->cfg->fhir.local_code_system;
	const struct kc_answer_row *last = NULL, *row;
	struct kc_cssrs c = { .q6_recent = 0 };
	char ref[REF_MAX], code[24];
	struct obs_head h;
	enum kc_risk risk;
	struct kc_err ignored;
	int recent = 0;

	for (int q = 1; q <= 6; q++) {
		c.q[q] = KC_NONE;
		if (!(row = answer(a, "cssrs", q)) || (strcmp(row->value, "yes") && strcmp(row->value, "no")))
			continue;
		c.q[q] = !strcmp(row->value, "yes");
		if (!last || row->at > last->at)
			last = row;
	}
	if ((row = answer(a, "cssrs.6_recent", 0)) && c.q[6] == 1) {
		c.q6_recent = !strcmp(row->value, "yes");
		recent = 1;
	}
	if (!last || !(answers_changed(f, a, "cssrs", 6) || answers_changed(f, a, "cssrs.6_recent", 0)))
		return;
	context(f);
	ref_of(f, ref, "Observation/screening", f->s->id, "cssrs");
	answer_head(&h, last, code_of(NULL, sys, "cssrs-screen", "C-SSRS screener", "C-SSRS screener"));
	h.row = 0;
	obs_new(f, ref, &h);
	if (kc_cssrs_risk(&c, &risk, &ignored) == KC_OK) {
		snprintf(code, sizeof code, "cssrs-risk-%s", kc_risk_name(risk));
		concept(f, "valueCodeableConcept", sys, code, kc_risk_name(risk), kc_risk_name(risk));
	}
	kc_jw_array(&f->w, "component");
	for (int q = 1; q <= 6; q++)
		if (c.q[q] != KC_NONE)
			cssrs_component(f, sys, cssrs_codes[q], cssrs_displays[q], c.q[q]);
	if (recent)
		cssrs_component(f, sys, "cssrs-q6-recent", "C-SSRS screener question 6 within 3 months", c.q6_recent);
	close_(f);
	obs_emit(f);
}

/* ---------- MedicationAdministration ---------- */

static const char *const dose_text[KC_DOSE_COUNT] = {
	[KC_DOSE_START] = "infusion started", [KC_DOSE_PAUSE] = "infusion paused",
	[KC_DOSE_RESUME] = "infusion resumed", [KC_DOSE_RATE] = "infusion rate changed",
	[KC_DOSE_STOP] = "infusion stopped (dose: the total given)", [KC_DOSE_DEVICE] = "nasal device given",
};

static void product(struct fhir *f, const char *key)
{
	int esk = f->s->route == KC_ROUTE_ESKETAMINE;
	const char *rx = esk ? f->cfg->fhir.esketamine_rxnorm : f->cfg->fhir.ketamine_rxnorm;
	const char *name = esk ? "esketamine" : "ketamine";

	if (memo_put(f, key, name, "product"))
		return;
	concept(f, key, rx[0] ? RXNORM : f->cfg->fhir.local_code_system, rx[0] ? rx : name, name, name);
	memo_keep(f, name, "product");
}

static void route_code(struct fhir *f, const char *key, enum kc_route r)
{
	if (memo_put(f, key, kc_route_name(r), "route"))
		return;
	if (r == KC_ROUTE_ESKETAMINE)
		concept(f, key, SNOMED, "46713006", "Nasal route", "intranasal");
	else if (r == KC_ROUTE_IM)
		concept(f, key, SNOMED, "78421000", "Intramuscular route", "intramuscular");
	else
		concept(f, key, SNOMED, "47625008", "Intravenous route", "intravenous");
	memo_keep(f, kc_route_name(r), "route");
}

/* The product: its code, or with a lot a contained Medication whose batch names it (R4's
 * MedicationAdministration has no lot of its own). */
static void medication(struct fhir *f, const char *lot)
{
	if (!lot[0]) {
		product(f, "medicationCodeableConcept");
		return;
	}
	kc_jw_array(&f->w, "contained");
	kc_jw_object(&f->w, NULL);
	str(f, "resourceType", "Medication");
	str(f, "id", "med");
	product(f, "code");
	kc_jw_object(&f->w, "batch");
	str(f, "lotNumber", lot);
	close_(f);
	close_(f);
	close_(f);
	kc_jw_object(&f->w, "medicationReference");
	str(f, "reference", "#med");
	close_(f);
}

static void dose(struct fhir *f, const struct kc_dose_row *d)
{
	char ref[REF_MAX], text[64];

	if (!changed(f, "dose_event", d->id))
		return;
	context(f);
	ref_of(f, ref, "MedicationAdministration", d->id, NULL);
	entry_open(f, "MedicationAdministration", ref);
	str(f, "status", d->eie.code != KC_EIE_NONE ? "entered-in-error" : "completed");
	medication(f, d->lot);
	kc_jw_raw(&f->w, "subject", f->patient_refj, f->npatient_refj);
	kc_jw_raw(&f->w, "context", f->encounter_refj, f->nencounter_refj);
	time_put(f, "effectiveDateTime", d->at);
	kc_jw_array(&f->w, "performer");
	kc_jw_object(&f->w, NULL);
	clinician(f, "actor", d->entered_by);
	close_(f);
	close_(f);
	if (d->kind == KC_DOSE_DEVICE)
		snprintf(text, sizeof text, "nasal device %d given", d->device_no);
	kc_jw_object(&f->w, "dosage");
	str(f, "text", d->kind == KC_DOSE_DEVICE ? text : dose_text[d->kind]);
	route_code(f, "route", f->s->route);
	if (d->mg > 0)
		QUANTITY(f, "dose", d->mg, "mg", "mg");
	if (d->rate_ml_h > 0)
		QUANTITY(f, "rateQuantity", d->rate_ml_h, "mL/h", "mL/h");
	close_(f);
	notes_begin(f);
	amendments(f, "dose_event", d->id);
	entered_in_error(f, &d->eie);
	annotation(f, d->note, 0);
	notes_end(f);
	entry_close(f);
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
		rc = kc_screen_scales(f->st, id, &a.rows, &a.n, err);
	if (rc == KC_OK)
		rc = kc_dose_list(f->st, id, &d, &nd, err);
	if (rc == KC_OK)
		rc = kc_vitals_export_list(f->st, id, &v, &nv, err);
	if (rc == KC_OK)
		rc = kc_obs_list(f->st, id, &o, &no, err);
	if (rc == KC_OK) {
		answers_index(&a);
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

static int id_cmp(const void *a, const void *b)
{
	kc_id x = *(const kc_id *)a, y = *(const kc_id *)b;

	return (x > y) - (x < y);
}

/* Has session id an amendment? Asked of the list read once (bundle), not of the database. */
static int has_amendments(const struct fhir *f, kc_id id)
{
	return f->nam_sessions && bsearch(&id, f->am_sessions, f->nam_sessions, sizeof id, id_cmp);
}

static int session(struct fhir *f, const struct kc_session *s, struct kc_err *err)
{
	int rc;

	f->s = s;
	f->encounter_sent = 0;
	ref_of(f, f->encounter, "Encounter", s->id, NULL);
	f->nencounter_refj = ref_json(f->encounter_refj, f->encounter);
	if (!f->all && !kc_changes_session(f->feed, s->id))
		return KC_OK;
	if (changed(f, "session", s->id))
		context(f);
	f->am = NULL;
	f->nam = 0;
	rc = has_amendments(f, s->id) ? kc_amendment_list(f->st, s->id, &f->am, &f->nam, err) : KC_OK;
	if (rc == KC_OK)
		rc = session_rows(f, s->id, err);
	free(f->am);
	f->am = NULL;
	return rc;
}

/* Every patient (and every session of each, oldest first). */
static int patients(struct fhir *f, struct kc_err *err)
{
	struct kc_patient_line *pts = NULL; /* the order; each patient read in full on its turn */
	size_t np = 0;
	int rc = kc_patient_lines(f->st, "", &pts, &np, err);

	for (size_t i = 0; rc == KC_OK && i < np; i++) {
		struct kc_session *ss = NULL;
		struct kc_patient p;
		size_t ns = 0;

		if ((rc = kc_patient_get(f->st, pts[i].id, &p, err)) != KC_OK)
			break;
		f->p = &p;
		f->patient_sent = 0;
		ref_of(f, f->patient, "Patient", p.id, NULL);
		f->npatient_refj = ref_json(f->patient_refj, f->patient);
		if (changed(f, "patient", p.id)) { /* even a patient with no session yet */
			patient(f);
			f->patient_sent = 1;
		}
		rc = kc_session_list(f->st, p.id, &ss, &ns, err);
		for (size_t k = ns; rc == KC_OK && k-- > 0;)
			rc = session(f, &ss[k], err);
		free(ss);
	}
	f->p = NULL;
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
				      : "{\"resourceType\":\"Bundle\",\"type\":\"collection\"");
	if (!kc_changes_none(feed))
		rc = kc_amendment_sessions(f->st, &f->am_sessions, &f->nam_sessions, err);
	if (rc == KC_OK && !kc_changes_none(feed))
		rc = patients(f, err);
	if (rc == KC_OK)
		rc = practitioners(f, err);
	if (rc == KC_OK && (f->nomem || f->w.nomem))
		rc = kc_fail(err, KC_ERR_NOMEM, "out of memory while building the FHIR export");
	if (rc == KC_OK)
		out_text(f, f->entries ? "\n]}\n" : "}\n");
	out_flush(f);
	return rc;
}

static void fhir_free(struct fhir *f)
{
	kc_jw_free(&f->w);
	free(f->memo_text);
	free(f->logins);
	free(f->am_sessions);
	free(f);
}

int kc_fhir_export(struct kc_store *st, const struct kc_config *cfg, struct kc_export_opts *o, FILE *out,
		   struct kc_err *err)
{
	struct fhir *f = calloc(1, sizeof *f);
	struct kc_changes *feed = NULL;
	int rc = f ? kc_store_snapshot_begin(st, err) : kc_fail(err, KC_ERR_NOMEM, "out of memory");

	if (rc == KC_OK) {
		/* The small page cache of a read that goes through the record once (as the CSV
		 * export's). The walk goes patient by patient, so a page is needed again only
		 * when it comes back to that day with another patient, long after even SQLite's
		 * 2 MiB cache has let the page go: at 50,000 sessions the bigger cache saved 7%
		 * of the reads from the file and cost more CPU than it saved (a small cache is
		 * quicker to run through), and 1.8 MB of memory (issue 10). */
		int brc = kc_store_stream_cache(st, 1, err), crc;

		*f = (struct fhir){ .out = out, .st = st, .cfg = cfg, .o = o };
		if (brc == KC_OK)
			brc = kc_changes_open(st, o->after, o->since, &feed, err);
		if (brc == KC_OK) {
			o->cursor = kc_changes_cursor(feed);
			brc = bundle(f, feed, err);
		}
		kc_changes_close(feed);
		rc = kc_store_snapshot_end(st, brc, err);
		/* the cache as it was, whatever the outcome (a failure before is the one told) */
		crc = kc_store_stream_cache(st, 0, rc == KC_OK ? err : NULL);
		if (rc == KC_OK)
			rc = crc;
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
