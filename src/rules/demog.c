/* demog.c — a patient's demographics as typed, stored and shown (kc_demog.h). */
#include "kc_demog.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kc_time.h"

#define HEIGHT_MIN_CM 50
#define HEIGHT_MAX_CM 250

static const struct {
	const char *column, *label, *hint;
} fields[KC_PD_COUNT] = {
	[KC_PD_SEX] = { "sex", "Sex", "female, male or other (f/m/o)" },
	[KC_PD_HEIGHT] = { "height_cm", "Height", "cm (172), or inches: 68 in, 5 ft 8 in" },
	[KC_PD_ALLERGIES] = { "allergies", "Allergies", "each allergy and reaction, or: none known" },
	[KC_PD_PHONE] = { "phone", "Phone", "digits, + ( ) - . and spaces" },
	[KC_PD_EMERGENCY] = { "emergency_contact", "Emergency contact", "name, relation and phone" },
	[KC_PD_REMS_ENROLLED] = { "rems_enrolled", "REMS enrolled", "yes or no: enrolled in the Spravato REMS" },
	[KC_PD_REMS_ID] = { "rems_patient_id", "REMS patient ID", "as the REMS gave it: letters, digits, -" },
	[KC_PD_ESK_FIRST] = { "esk_first_date", "First esketamine", "date of the first esketamine treatment, "
			      "YYYY-MM-DD" },
};

const char *kc_pd_column(enum kc_pd_field f)
{
	return (unsigned)f < KC_PD_COUNT ? fields[f].column : "";
}

const char *kc_pd_label(enum kc_pd_field f)
{
	return (unsigned)f < KC_PD_COUNT ? fields[f].label : "";
}

const char *kc_pd_hint(enum kc_pd_field f)
{
	return (unsigned)f < KC_PD_COUNT ? fields[f].hint : "";
}

int kc_pd_field_of(const char *column)
{
	for (int i = 0; column && i < KC_PD_COUNT; i++)
		if (strcmp(fields[i].column, column) == 0)
			return i;
	return -1;
}

/* s without its leading and trailing blanks, into out. */
static void trim(const char *s, char *out, size_t n)
{
	size_t len;

	while (*s && isspace((unsigned char)*s))
		s++;
	kc_strlcpy(out, s, n);
	len = strlen(out);
	while (len && isspace((unsigned char)out[len - 1]))
		out[--len] = '\0';
}

static int one_of(const char *t, const char *const *words)
{
	for (int i = 0; words[i]; i++)
		if (strcasecmp(t, words[i]) == 0)
			return 1;
	return 0;
}

static int parse_sex(const char *t, char *out, size_t n, struct kc_err *err)
{
	static const char *const f[] = { "f", "female", "w", "woman", NULL };
	static const char *const m[] = { "m", "male", "man", NULL };
	static const char *const o[] = { "o", "other", "x", NULL };

	if (one_of(t, f))
		kc_strlcpy(out, "female", n);
	else if (one_of(t, m))
		kc_strlcpy(out, "male", n);
	else if (one_of(t, o))
		kc_strlcpy(out, "other", n);
	else
		return kc_fail(err, KC_ERR_INVALID, "Sex: type female, male or other (f, m, o), not \"%s\"", t);
	return KC_OK;
}

/* A number at *p (digits and one '.'), advancing *p; -1 when none. */
static double number_at(const char **p)
{
	char *end;
	double v;

	while (**p == ' ')
		(*p)++;
	if (!isdigit((unsigned char)**p))
		return -1;
	v = strtod(*p, &end);
	*p = end;
	while (**p == ' ')
		(*p)++;
	return v;
}

static int word_at(const char **p, const char *const *words)
{
	for (int i = 0; words[i]; i++) {
		size_t len = strlen(words[i]);

		if (strncasecmp(*p, words[i], len) == 0) {
			*p += len;
			while (**p == ' ')
				(*p)++;
			return 1;
		}
	}
	return 0;
}

/* "172", "172 cm", "68 in", "5 ft 8 in", "5'8\"": centimetres, or -1 when not read. */
static double height_cm(const char *t)
{
	static const char *const cm[] = { "cm", NULL };
	static const char *const in[] = { "inches", "inch", "in", "\"", NULL };
	static const char *const ft[] = { "feet", "foot", "ft", "'", NULL };
	const char *p = t;
	double a = number_at(&p), b;

	if (a < 0)
		return -1;
	if (!*p || word_at(&p, cm))
		return *p ? -1 : a;
	if (word_at(&p, in))
		return *p ? -1 : a * 2.54;
	if (!word_at(&p, ft))
		return -1;
	if (!*p)
		return a * 30.48;
	b = number_at(&p);
	if (b < 0 || b >= 12)
		return -1;
	word_at(&p, in);
	return *p ? -1 : a * 30.48 + b * 2.54;
}

static int parse_height(const char *t, char *out, size_t n, struct kc_err *err)
{
	double cm = height_cm(t);
	long whole = lround(cm);

	if (cm < 0)
		return kc_fail(err, KC_ERR_INVALID, "Height: type centimetres (172) or inches (68 in, 5 ft 8 in), "
			       "not \"%s\"", t);
	if (whole < HEIGHT_MIN_CM || whole > HEIGHT_MAX_CM)
		return kc_fail(err, KC_ERR_INVALID, "Height: %ld cm is outside %d-%d cm; check it and the unit",
			       whole, HEIGHT_MIN_CM, HEIGHT_MAX_CM);
	snprintf(out, n, "%ld", whole);
	return KC_OK;
}

static int parse_phone(const char *label, const char *t, char *out, size_t n, struct kc_err *err)
{
	int digits = 0;

	for (const char *p = t; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr("+()-. /", *p))
			return kc_fail(err, KC_ERR_INVALID, "%s: only digits, + ( ) - . / and spaces, not '%c'", label,
				       *p);
	}
	if (digits < 3)
		return kc_fail(err, KC_ERR_INVALID, "%s: a phone number has at least 3 digits", label);
	if (strlen(t) > 31)
		return kc_fail(err, KC_ERR_INVALID, "%s: at most 31 characters", label);
	kc_strlcpy(out, t, n);
	return KC_OK;
}

static int parse_yes_no(const char *t, char *out, size_t n, struct kc_err *err)
{
	static const char *const yes[] = { "y", "yes", "1", NULL };
	static const char *const no[] = { "n", "no", "0", NULL };

	if (one_of(t, yes))
		kc_strlcpy(out, "1", n);
	else if (one_of(t, no))
		kc_strlcpy(out, "0", n);
	else
		return kc_fail(err, KC_ERR_INVALID, "REMS enrolled: type yes or no, not \"%s\"", t);
	return KC_OK;
}

static int parse_rems_id(const char *t, char *out, size_t n, struct kc_err *err)
{
	for (const char *p = t; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-')
			return kc_fail(err, KC_ERR_INVALID, "REMS patient ID: letters, digits and - only, not '%c'", *p);
	if (strlen(t) > 31)
		return kc_fail(err, KC_ERR_INVALID, "REMS patient ID: at most 31 characters");
	kc_strlcpy(out, t, n);
	return KC_OK;
}

static int parse_first(const char *t, const char *dob, time_t now, char *out, size_t n, struct kc_err *err)
{
	struct kc_err why;

	if (kc_date_check(t, now, &why) != KC_OK)
		return kc_fail(err, KC_ERR_INVALID, "First esketamine: %s", why.msg);
	if (dob && *dob && strcmp(t, dob) < 0)
		return kc_fail(err, KC_ERR_INVALID, "First esketamine: %s is before the date of birth (%s)", t, dob);
	kc_strlcpy(out, t, n);
	return KC_OK;
}

static int parse_text(const char *label, const char *t, size_t max, char *out, size_t n, struct kc_err *err)
{
	for (const char *p = t; *p; p++)
		if ((unsigned char)*p < 0x20)
			return kc_fail(err, KC_ERR_INVALID, "%s: no control characters", label);
	if (strlen(t) > max)
		return kc_fail(err, KC_ERR_INVALID, "%s: at most %zu characters", label, max);
	kc_strlcpy(out, t, n);
	return KC_OK;
}

int kc_pd_parse(enum kc_pd_field f, const char *typed, const char *dob, time_t now, char *out, size_t n,
		struct kc_err *err)
{
	char t[KC_PD_TEXT_MAX * 2];

	trim(typed ? typed : "", t, sizeof t);
	out[0] = '\0';
	if (!t[0])
		return KC_OK;
	switch (f) {
	case KC_PD_SEX: return parse_sex(t, out, n, err);
	case KC_PD_HEIGHT: return parse_height(t, out, n, err);
	case KC_PD_ALLERGIES: return parse_text("Allergies", t, KC_PD_TEXT_MAX - 1, out, n, err);
	case KC_PD_PHONE: return parse_phone("Phone", t, out, n, err);
	case KC_PD_EMERGENCY: return parse_text("Emergency contact", t, 127, out, n, err);
	case KC_PD_REMS_ENROLLED: return parse_yes_no(t, out, n, err);
	case KC_PD_REMS_ID: return parse_rems_id(t, out, n, err);
	case KC_PD_ESK_FIRST: return parse_first(t, dob, now, out, n, err);
	default: return kc_fail(err, KC_ERR_INVALID, "no such patient detail");
	}
}

void kc_pd_show(enum kc_pd_field f, const char *stored, char *out, size_t n)
{
	if (!stored || !*stored)
		kc_strlcpy(out, "-", n);
	else if (f == KC_PD_HEIGHT)
		snprintf(out, n, "%s cm", stored);
	else if (f == KC_PD_REMS_ENROLLED)
		kc_strlcpy(out, strcmp(stored, "1") == 0 ? "yes" : "no", n);
	else
		kc_strlcpy(out, stored, n);
}
