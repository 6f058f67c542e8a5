/* chart_rems.c — the REMS Patient Monitoring Form from the stored chart (kc_rems.h), the
 * discharge screen's REMS answers, the clinician's contact, and the setting copied into
 * the record when an esketamine session is signed. */
#include "chart_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_rems.h"
#include "kc_time.h"

static const char *answer_of(const struct kc_answer_row *a, size_t n, const char *item, int note)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(a[i].item, item) == 0)
			return note ? a[i].note : a[i].value;
	return "";
}

/* The current answer to one item, empty when there is none: one index lookup, where the
 * whole screening (forty-odd rows) was read for it. */
static int current(struct kc_store *st, kc_id session, const char *item, struct kc_answer_row *out,
		   struct kc_err *err)
{
	int rc = kc_screen_current(st, session, item, out, err);

	return rc == KC_ERR_NOTFOUND ? KC_OK : rc;
}

static const struct {
	const char *item;
	size_t off; /* in struct kc_rems_cfg */
} setting_items[] = {
	{ "rems.setting_name", offsetof(struct kc_rems_cfg, setting_name) },
	{ "rems.setting_address", offsetof(struct kc_rems_cfg, setting_address) },
	{ "rems.setting_city", offsetof(struct kc_rems_cfg, setting_city) },
	{ "rems.setting_state", offsetof(struct kc_rems_cfg, setting_state) },
	{ "rems.setting_zip", offsetof(struct kc_rems_cfg, setting_zip) },
	{ "rems.setting_phone", offsetof(struct kc_rems_cfg, setting_phone) },
	{ "rems.setting_id", offsetof(struct kc_rems_cfg, setting_id) },
};
#define N_SETTING (sizeof setting_items / sizeof setting_items[0])

/* A signed session keeps the setting it was signed in; an open one shows the clinic's. */
static void setting(const struct kc_session *s, const struct kc_config *cfg, const struct kc_answer_row *a,
		    size_t n, struct kc_rems_input *in)
{
	char *dst[N_SETTING] = { in->set_name, in->set_address, in->set_city, in->set_state, in->set_zip,
				 in->set_phone, in->set_id };
	size_t size[N_SETTING] = { sizeof in->set_name, sizeof in->set_address, sizeof in->set_city,
				   sizeof in->set_state, sizeof in->set_zip, sizeof in->set_phone,
				   sizeof in->set_id };
	int stored = 0;

	for (size_t i = 0; s->signed_by[0] && i < N_SETTING; i++)
		stored |= *answer_of(a, n, setting_items[i].item, 1) != '\0';
	for (size_t i = 0; i < N_SETTING; i++)
		kc_strlcpy(dst[i], stored ? answer_of(a, n, setting_items[i].item, 1)
					  : (const char *)&cfg->rems + setting_items[i].off, size[i]);
}

static void answers(const struct kc_answer_row *a, size_t n, struct kc_rems_input *in)
{
	static const char *const meds[5] = { "drug_benzo", "drug_hypnotic", "drug_stimulant", "drug_maoi",
					     "drug_opioid" };

	for (int i = 0; i < 5; i++)
		kc_strlcpy(in->med[i], answer_of(a, n, meds[i], 0), sizeof in->med[i]);
	kc_strlcpy(in->resp_dep, answer_of(a, n, KC_REMS_ANS_RESP, 0), sizeof in->resp_dep);
	kc_strlcpy(in->sae, answer_of(a, n, KC_REMS_ANS_SAE, 0), sizeof in->sae);
	kc_strlcpy(in->sae_text, answer_of(a, n, KC_REMS_ANS_SAE_TEXT, 1), sizeof in->sae_text);
	kc_strlcpy(in->sae_ed, answer_of(a, n, KC_REMS_ANS_SAE_ED, 0), sizeof in->sae_ed);
	kc_strlcpy(in->sae_admitted, answer_of(a, n, KC_REMS_ANS_SAE_ADMIT, 0), sizeof in->sae_admitted);
	kc_strlcpy(in->ready_min, answer_of(a, n, KC_REMS_ANS_READY, 0), sizeof in->ready_min);
}

static void devices(const struct kc_dose_row *d, size_t n, struct kc_rems_input *in)
{
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		if (d[i].eie.code != KC_EIE_NONE || d[i].kind != KC_DOSE_DEVICE || !d[i].lot[0] ||
		    strstr(in->lots, d[i].lot))
			continue;
		len += (size_t)snprintf(in->lots + len, sizeof in->lots - len, "%s%s", len ? ", " : "", d[i].lot);
		if (len >= sizeof in->lots)
			break;
	}
}

static void observations(const struct kc_obs_row *o, size_t n, time_t dose_start, struct kc_rems_input *in)
{
	in->sedation_obs = in->dissociation_max = KC_NONE;
	for (size_t i = 0; dose_start && i < n; i++) {
		if (!ch_obs_valid(&o[i]) || o[i].observed_at < dose_start)
			continue;
		if (o[i].scale == KC_SCALE_MOAAS && (in->sedation_obs == KC_NONE || o[i].score < in->sedation_obs))
			in->sedation_obs = o[i].score;
		if ((o[i].scale == KC_SCALE_CADSS || o[i].scale == KC_SCALE_CADSS6) && o[i].score > in->dissociation_max)
			in->dissociation_max = o[i].score;
	}
}

static struct kc_rems_reading *readings(const struct kc_vitals_row *v, size_t n, size_t *out_n)
{
	struct kc_rems_reading *rd = calloc(n ? n : 1, sizeof *rd);
	size_t k = 0;

	for (size_t i = 0; rd && i < n; i++) {
		if (!ch_vitals_valid(&v[i]))
			continue;
		rd[k].at = v[i].taken_at;
		rd[k].systolic = v[i].v.systolic;
		rd[k].diastolic = v[i].v.diastolic;
		rd[k].moaas = v[i].v.moaas;
		rd[k].level = v[i].level;
		rd[k].baseline = v[i].baseline;
		kc_strlcpy(rd[k].alerts, v[i].alerts, sizeof rd[k].alerts);
		k++;
	}
	*out_n = k;
	return rd;
}

/* The first esketamine session of the patient that reached a device is the first treatment. */
static int first_treatment(struct kc_store *st, const struct kc_session *s, struct kc_err *err)
{
	struct kc_session *rows = NULL;
	size_t n = 0;
	int first = 1;

	if (kc_session_list(st, s->patient_id, &rows, &n, err) != KC_OK)
		return KC_NONE;
	for (size_t i = 0; i < n; i++)
		if (rows[i].id != s->id && rows[i].route == KC_ROUTE_ESKETAMINE && rows[i].dose_start &&
		    (!s->dose_start || rows[i].dose_start < s->dose_start))
			first = 0;
	free(rows);
	return s->dose_start ? first : KC_NONE;
}

static void provider(struct kc_store *st, const struct kc_session *s, struct kc_rems_input *in)
{
	struct kc_clinician c;
	struct kc_err ignore;

	if (kc_clinician_get(st, s->clinician, &c, &ignore) != KC_OK)
		return;
	/* a clinician with no name of their own is named by the login: not a person's name */
	if (strcmp(c.display_name, c.login) != 0)
		kc_strlcpy(in->hcp_name, c.display_name, sizeof in->hcp_name);
	kc_strlcpy(in->hcp_phone, c.phone, sizeof in->hcp_phone);
	kc_strlcpy(in->hcp_email, c.email, sizeof in->hcp_email);
}

/* Sex and REMS enrolment come from the patient's record (kc_demog.h); the first treatment
 * from its first esketamine date when recorded, else from the sessions. */
static void patient_details(const struct kc_patient *p, const struct kc_session *s, struct kc_rems_input *in)
{
	char day[32];

	kc_strlcpy(in->sex, p->sex, sizeof in->sex);
	in->enrolled = p->rems_enrolled == 1 ? 1 : p->rems_enrolled == 0 ? 0 : KC_NONE;
	kc_strlcpy(in->rems_patient_id, p->rems_id, sizeof in->rems_patient_id);
	if (p->esk_first[0] && s->dose_start) {
		kc_time_local(s->dose_start, day, sizeof day);
		in->first_tx = strncmp(day, p->esk_first, 10) == 0;
	}
}

struct rows {
	struct kc_answer_row *a;
	size_t na;
	struct kc_vitals_row *v;
	size_t nv;
	struct kc_obs_row *o;
	size_t no;
	struct kc_dose_row *d;
	size_t nd;
	struct kc_rems_reading *rd;
};

static void rows_free(struct rows *r)
{
	free(r->a);
	free(r->v);
	free(r->o);
	free(r->d);
	free(r->rd);
}

int kc_chart_rems_form(struct kc_store *st, const struct kc_config *cfg, kc_id session,
		       struct kc_rems_form *form, struct kc_err *err)
{
	struct kc_session s;
	struct kc_patient p;
	struct kc_rems_input in;
	struct rows r = { 0 };
	int rc = kc_session_get(st, session, &s, err);

	if (rc == KC_OK && s.route != KC_ROUTE_ESKETAMINE)
		return kc_fail(err, KC_ERR_INVALID, "session %lld is %s, not esketamine: there is no REMS form",
			       session, kc_route_label(s.route));
	if (rc == KC_OK)
		rc = kc_patient_get(st, s.patient_id, &p, err);
	if (rc == KC_OK)
		rc = kc_screen_list(st, session, &r.a, &r.na, err);
	if (rc == KC_OK)
		rc = kc_vitals_list(st, session, &r.v, &r.nv, err);
	if (rc == KC_OK)
		rc = kc_obs_list(st, session, &r.o, &r.no, err);
	if (rc == KC_OK)
		rc = kc_dose_list(st, session, &r.d, &r.nd, err);
	if (rc != KC_OK)
		goto out;
	memset(&in, 0, sizeof in);
	kc_strlcpy(in.pat_name, p.name, sizeof in.pat_name);
	kc_strlcpy(in.dob, p.dob, sizeof in.dob);
	in.first_tx = first_treatment(st, &s, err);
	in.enrolled = KC_NONE;
	patient_details(&p, &s, &in);
	answers(r.a, r.na, &in);
	setting(&s, cfg, r.a, r.na, &in);
	provider(st, &s, &in);
	in.dose_start = s.dose_start;
	in.ended_at = s.ended_at;
	in.given_mg = s.given_mg;
	devices(r.d, r.nd, &in);
	observations(r.o, r.no, s.dose_start, &in);
	r.rd = readings(r.v, r.nv, &in.nrd);
	if (!r.rd) {
		rc = kc_fail(err, KC_ERR_NOMEM, "out of memory");
		goto out;
	}
	in.rd = r.rd;
	kc_rems_build(&in, cfg, form);
out:
	rows_free(&r);
	return rc;
}

/* ---------- the discharge screen's answers ---------- */

static int rems_item(const char *item)
{
	static const char *const items[] = { KC_REMS_ANS_RESP, KC_REMS_ANS_SAE, KC_REMS_ANS_SAE_TEXT,
					     KC_REMS_ANS_SAE_ED, KC_REMS_ANS_SAE_ADMIT, KC_REMS_ANS_READY };

	for (size_t i = 0; item && i < sizeof items / sizeof items[0]; i++)
		if (strcmp(item, items[i]) == 0)
			return 1;
	return 0;
}

static int check_rems_value(const struct kc_session *s, const char *item, const char *value, const char *note,
			    struct kc_err *err)
{
	long min;
	char *end;

	if (strcmp(item, KC_REMS_ANS_SAE_TEXT) == 0)
		return ch_has_text(note) ? KC_OK
					 : kc_fail(err, KC_ERR_INVALID, "describe the serious adverse event");
	if (strcmp(item, KC_REMS_ANS_READY) != 0)
		return strcmp(value, "yes") == 0 || strcmp(value, "no") == 0
			       ? KC_OK
			       : kc_fail(err, KC_ERR_INVALID, "answer y (yes) or n (no)");
	min = strtol(value, &end, 10);
	if (end == value || *end || min < 0 || min > 1440)
		return kc_fail(err, KC_ERR_INVALID, "'%.20s' is not a number of minutes (0 to 1440)", value);
	if (!s->dose_start)
		return kc_fail(err, KC_ERR_INVALID, "no device was given yet: the minutes count from the first device");
	return KC_OK;
}

int kc_chart_rems_answer(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *item,
			 const char *value, const char *note, const char *reason, time_t now, struct kc_err *err)
{
	struct kc_session s;
	struct kc_answer_row cur;
	int rc = ch_session_unsigned(st, session, &s, err);

	(void)cfg;
	value = value ? value : "";
	note = note ? note : "";
	if (rc == KC_OK && s.route != KC_ROUTE_ESKETAMINE)
		rc = kc_fail(err, KC_ERR_INVALID, "only an esketamine session has a REMS form");
	if (rc == KC_OK && !rems_item(item))
		rc = kc_fail(err, KC_ERR_INVALID, "'%.40s' is not a REMS answer", item ? item : "");
	if (rc == KC_OK)
		rc = check_rems_value(&s, item, value, note, err);
	if (rc == KC_OK)
		rc = current(st, session, item, &cur, err);
	if (rc != KC_OK)
		return rc;
	if (strcmp(cur.value, value) == 0 && strcmp(cur.note, note) == 0)
		return KC_OK;
	if ((cur.value[0] || cur.note[0]) && !ch_has_text(reason))
		return kc_fail(err, KC_ERR_INVALID, "%s was recorded as '%.40s': changing it needs a reason", item,
			       cur.value[0] ? cur.value : cur.note);
	return kc_screen_change(st, session, item, value, note, cur.value[0] || cur.note[0] ? reason : NULL, now,
				NULL, err);
}

/* ---------- signing an esketamine session ---------- */

int ch_rems_sign_check(struct kc_store *st, const struct kc_config *cfg, const struct kc_session *s,
		       struct kc_err *err)
{
	struct kc_rems_form *f;
	char missing[2048];
	int rc;

	if (s->route != KC_ROUTE_ESKETAMINE)
		return KC_OK;
	f = malloc(sizeof *f);
	if (!f)
		return kc_fail(err, KC_ERR_NOMEM, "out of memory");
	rc = kc_chart_rems_form(st, cfg, s->id, f, err);
	if (rc == KC_OK && f->nmissing) {
		kc_rems_missing_text(f, 0, missing, sizeof missing);
		rc = kc_fail(err, KC_ERR_INVALID, "the REMS form still needs %d field%s: %s", f->nmissing,
			     f->nmissing == 1 ? "" : "s", missing);
	}
	free(f);
	return rc;
}

/* The setting the form names, kept with the record (only what differs is written). */
int ch_rems_keep_setting(struct kc_store *st, const struct kc_config *cfg, const struct kc_session *s, time_t now,
			 struct kc_err *err)
{
	struct kc_answer_row cur;
	int rc = KC_OK;

	for (size_t i = 0; rc == KC_OK && s->route == KC_ROUTE_ESKETAMINE && i < N_SETTING; i++) {
		const char *want = (const char *)&cfg->rems + setting_items[i].off;

		rc = current(st, s->id, setting_items[i].item, &cur, err);
		if (rc == KC_OK && strcmp(cur.note, want) != 0)
			rc = kc_screen_set(st, s->id, setting_items[i].item, "", want, now, err);
	}
	return rc;
}

/* ---------- the clinician's contact ---------- */

int kc_chart_clinician_contact(struct kc_store *st, const char *login, const char *phone, const char *email,
			       time_t now, struct kc_err *err)
{
	static const char phone_ok[] = "0123456789 +-().x";
	const char *at;

	phone = phone ? phone : "";
	email = email ? email : "";
	if (*phone && (strspn(phone, phone_ok) != strlen(phone) || strpbrk(phone, "0123456789") == NULL))
		return kc_fail(err, KC_ERR_INVALID, "'%.32s' is not a telephone number (digits, spaces, + - ( ) . x)",
			       phone);
	at = strchr(email, '@');
	if (*email && (!at || at == email || !strchr(at, '.') || strchr(at + 1, '@') || strpbrk(email, " \t,;<>")))
		return kc_fail(err, KC_ERR_INVALID, "'%.64s' is not an email address (name@example.org)", email);
	return kc_clinician_set_contact(st, login, phone, email, now, err);
}

/* ---------- submission ---------- */

static void local_date(time_t t, char *out, size_t n)
{
	char buf[32];

	kc_time_local(t, buf, sizeof buf);
	snprintf(out, n, "%.10s", buf);
}

int kc_chart_rems_submit(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *on,
			 const char *channel, const char *confirmation, time_t now, struct kc_err *err)
{
	struct kc_session s;
	char today[16], day[16];
	int rc = kc_session_get(st, session, &s, err);

	(void)cfg;
	if (rc != KC_OK)
		return rc;
	if (s.route != KC_ROUTE_ESKETAMINE || !s.dose_start)
		return kc_fail(err, KC_ERR_INVALID, "session %lld owes no REMS form (%s)", session,
			       s.route != KC_ROUTE_ESKETAMINE ? "not esketamine" : "no device was given");
	if (!s.signed_by[0])
		return kc_fail(err, KC_ERR_INVALID, "session %lld is not signed: its REMS form is submitted once it is "
			       "complete and the session signed", session);
	local_date(now, today, sizeof today);
	local_date(s.dose_start, day, sizeof day);
	if (!on || kc_rems_days_left(on, today) == KC_REMS_BAD_DATE)
		return kc_fail(err, KC_ERR_INVALID, "'%.16s' is not a date: type YYYY-MM-DD", on ? on : "");
	if (strcmp(on, today) > 0)
		return kc_fail(err, KC_ERR_INVALID, "%s is after today (%s): record a submission once it is made", on,
			       today);
	if (strcmp(on, day) < 0)
		return kc_fail(err, KC_ERR_INVALID, "%s is before the session (%s)", on, day);
	if (!channel || (strcmp(channel, "online") != 0 && strcmp(channel, "fax") != 0))
		return kc_fail(err, KC_ERR_INVALID, "the form goes online or by fax: '%.16s' is neither",
			       channel ? channel : "");
	if (!ch_has_text(confirmation))
		return kc_fail(err, KC_ERR_INVALID, "give the confirmation number the REMS gave for the form");
	return kc_rems_submission_add(st, session, on, channel, confirmation, now, err);
}

int kc_chart_rems_due(const struct kc_rems_form_row *r, time_t now, int *days_left)
{
	char today[16], day[16];

	local_date(now, today, sizeof today);
	local_date(r->dose_start, day, sizeof day);
	*days_left = kc_rems_days_left(day, today);
	return r->sub.id == 0;
}
