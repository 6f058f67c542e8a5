/* vitals.c — parse and validate vitals entries, times taken, alerts, the pre-dose BP gate.
 *
 * Parsing is strict on purpose: a value the program is unsure of is refused with what to
 * type, never guessed. Numbers are read with strtol on digit runs only, so the locale the
 * UI sets (a decimal comma, say) cannot change how "36.8" is read. */
#include "kc_clinical.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FIELD_MAX 32  /* longer than any honest entry */
#define INT_DIGITS 6  /* enough to name an impossible value, never enough to overflow */
#define FRAC_DIGITS 3
#define KG_PER_LB 0.45359237

static const char bp_expect[] = "enter blood pressure as systolic/diastolic, e.g. 142/91";
static const char temp_expect[] = "enter temperature in °C or °F, e.g. 36.8, 36.8C or 98.6F";
static const char weight_expect[] = "enter weight in kg or lb, e.g. 82.5, 82.5 kg or 180 lb";

/* A measure entered as a whole number, with its limits. */
struct int_measure {
	const char *name;   /* "heart rate" */
	const char *unit;   /* "/min"; "" for a unitless scale */
	const char *suffix; /* a unit the entry may end with ("%"), or NULL */
	const char *expect; /* what to type */
	int min, max;
};

const char *kc_num_text(int v, char *buf, size_t n)
{
	if (v < 0)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%d", v);
	return buf;
}

void kc_vitals_clear(struct kc_vitals *v)
{
	v->systolic = v->diastolic = KC_NONE;
	v->heart_rate = v->spo2 = v->resp_rate = KC_NONE;
	v->temp_dc = v->moaas = KC_NONE;
}

/* ---------- lexing ---------- */

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static const char *skip_blanks(const char *s)
{
	while (is_blank(*s))
		s++;
	return s;
}

/* Copy text without surrounding blanks into buf; -1 when it does not fit. NULL reads as "". */
static int trim_copy(const char *text, char *buf, size_t n)
{
	size_t len;

	text = skip_blanks(text ? text : "");
	len = strlen(text);
	while (len > 0 && is_blank(text[len - 1]))
		len--;
	if (len >= n)
		return -1;
	memcpy(buf, text, len);
	buf[len] = '\0';
	return 0;
}

/* s[0..len) is 1..INT_DIGITS decimal digits and nothing else: no sign, no blank, no exponent. */
static int parse_uint(const char *s, size_t len, int *out)
{
	char tmp[INT_DIGITS + 1];
	char *end;
	size_t i;
	long v;

	if (len == 0 || len > INT_DIGITS)
		return -1;
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	errno = 0;
	v = strtol(tmp, &end, 10);
	if (errno || *end)
		return -1;
	*out = (int)v;
	return 0;
}

/* s[0..len) is DIGITS or DIGITS.DIGITS (up to FRAC_DIGITS after the point). */
static int parse_udec(const char *s, size_t len, double *out)
{
	static const double scale[FRAC_DIGITS + 1] = { 1.0, 10.0, 100.0, 1000.0 };
	const char *dot = memchr(s, '.', len);
	size_t ilen = dot ? (size_t)(dot - s) : len;
	size_t flen = dot ? len - ilen - 1 : 0;
	int ip, fp = 0;

	if (parse_uint(s, ilen, &ip))
		return -1;
	if (dot && (flen > FRAC_DIGITS || parse_uint(dot + 1, flen, &fp)))
		return -1;
	*out = ip + fp / scale[flen];
	return 0;
}

/* Split "82.5 kg" into the number's length and its unit ("kg"); the unit may be "". */
static size_t split_unit(const char *buf, const char *digits, const char **unit)
{
	size_t len = strspn(buf, digits);

	*unit = skip_blanks(buf + len);
	return len;
}

static int refuse_range(struct kc_err *err, const char *name, int value, const char *unit, int min,
			int max)
{
	if (!unit[0])
		return kc_fail(err, KC_ERR_INVALID, "%s %d is impossible (allowed %d–%d)", name, value,
			       min, max);
	return kc_fail(err, KC_ERR_INVALID, "%s %d %s is impossible (allowed %d–%d %s)", name, value,
		       unit, min, max, unit);
}

/* Limits are compared in tenths, the precision values are kept in, so that 45.0 against a
 * limit of 45 is never decided by binary rounding. */
static long tenths(double x)
{
	return lround(x * 10.0);
}

/* ---------- single measures ---------- */

static int parse_int_measure(const char *text, const struct int_measure *m, int *out,
			     struct kc_err *err)
{
	char buf[FIELD_MAX];
	const char *unit;
	size_t len;
	int v;

	if (trim_copy(text, buf, sizeof buf))
		return kc_fail(err, KC_ERR_INVALID, "%s", m->expect);
	if (!buf[0]) {
		*out = KC_NONE;
		return KC_OK;
	}
	len = split_unit(buf, "0123456789", &unit);
	if (parse_uint(buf, len, &v) || (unit[0] && !(m->suffix && strcmp(unit, m->suffix) == 0)))
		return kc_fail(err, KC_ERR_INVALID, "%s", m->expect);
	if (v < m->min || v > m->max)
		return refuse_range(err, m->name, v, m->unit, m->min, m->max);
	*out = v;
	return KC_OK;
}

int kc_parse_bp(const char *text, const struct kc_limits_cfg *lim, int *systolic, int *diastolic,
		struct kc_err *err)
{
	char buf[FIELD_MAX];
	const char *slash, *right;
	size_t llen;
	int s, d;

	if (trim_copy(text, buf, sizeof buf))
		return kc_fail(err, KC_ERR_INVALID, "%s", bp_expect);
	if (!buf[0]) {
		*systolic = *diastolic = KC_NONE;
		return KC_OK;
	}
	slash = strchr(buf, '/');
	if (!slash)
		return kc_fail(err, KC_ERR_INVALID, "%s", bp_expect);
	llen = (size_t)(slash - buf);
	while (llen > 0 && is_blank(buf[llen - 1]))
		llen--;
	right = skip_blanks(slash + 1);
	if (parse_uint(buf, llen, &s) || parse_uint(right, strlen(right), &d))
		return kc_fail(err, KC_ERR_INVALID, "%s", bp_expect);
	if (s < lim->systolic_min || s > lim->systolic_max)
		return refuse_range(err, "systolic", s, "mmHg", lim->systolic_min, lim->systolic_max);
	if (d < lim->diastolic_min || d > lim->diastolic_max)
		return refuse_range(err, "diastolic", d, "mmHg", lim->diastolic_min, lim->diastolic_max);
	if (s <= d)
		return kc_fail(err, KC_ERR_INVALID,
			       "systolic %d must be higher than diastolic %d (%s)", s, d, bp_expect);
	*systolic = s;
	*diastolic = d;
	return KC_OK;
}

int kc_parse_heart_rate(const char *text, const struct kc_limits_cfg *lim, int *out,
			struct kc_err *err)
{
	const struct int_measure m = {
		.name = "heart rate", .unit = "/min",
		.expect = "enter heart rate as a whole number per minute, e.g. 72",
		.min = lim->heart_rate_min, .max = lim->heart_rate_max,
	};

	return parse_int_measure(text, &m, out, err);
}

int kc_parse_spo2(const char *text, const struct kc_limits_cfg *lim, int *out, struct kc_err *err)
{
	const struct int_measure m = {
		.name = "SpO2", .unit = "%", .suffix = "%",
		.expect = "enter SpO2 as a whole percentage, e.g. 97 or 97%",
		.min = lim->spo2_min, .max = lim->spo2_max,
	};

	return parse_int_measure(text, &m, out, err);
}

int kc_parse_resp_rate(const char *text, const struct kc_limits_cfg *lim, int *out,
		       struct kc_err *err)
{
	const struct int_measure m = {
		.name = "respiratory rate", .unit = "/min",
		.expect = "enter respiratory rate as a whole number per minute, e.g. 14",
		.min = lim->resp_rate_min, .max = lim->resp_rate_max,
	};

	return parse_int_measure(text, &m, out, err);
}

int kc_parse_moaas(const char *text, int *out, struct kc_err *err)
{
	static const struct int_measure m = {
		.name = "MOAA/S", .unit = "",
		.expect = "enter MOAA/S as a whole number from 0 (no response) to 5 (responds to name)",
		.min = 0, .max = 5,
	};

	return parse_int_measure(text, &m, out, err);
}

/* Temperature unit: 1 °F, 0 °C, -1 none given (decided by the value); -2 not a unit. */
static int temp_unit(const char *unit)
{
	static const struct { const char *text; int fahrenheit; } units[] = {
		{ "", -1 }, { "c", 0 }, { "°c", 0 }, { "f", 1 }, { "°f", 1 },
	};
	size_t i;

	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcasecmp(unit, units[i].text) == 0)
			return units[i].fahrenheit;
	return -2;
}

int kc_parse_temp(const char *text, const struct kc_limits_cfg *lim, int *temp_dc,
		  struct kc_err *err)
{
	char buf[FIELD_MAX];
	const char *unit;
	double x, c;
	int f;
	long dc;

	if (trim_copy(text, buf, sizeof buf))
		return kc_fail(err, KC_ERR_INVALID, "%s", temp_expect);
	if (!buf[0]) {
		*temp_dc = KC_NONE;
		return KC_OK;
	}
	if (parse_udec(buf, split_unit(buf, "0123456789.", &unit), &x) || (f = temp_unit(unit)) == -2)
		return kc_fail(err, KC_ERR_INVALID, "%s", temp_expect);
	if (f < 0)
		f = x > lim->temp_fahrenheit_above;
	c = f ? (x - 32.0) * 5.0 / 9.0 : x;
	dc = tenths(kc_round1(c));
	if (dc < tenths(lim->temp_min_c) || dc > tenths(lim->temp_max_c)) {
		if (f)
			return kc_fail(err, KC_ERR_INVALID,
				       "temperature %.1f °F (%.1f °C) is impossible (allowed %g–%g °C)",
				       x, dc / 10.0, lim->temp_min_c, lim->temp_max_c);
		return kc_fail(err, KC_ERR_INVALID, "temperature %.1f °C is impossible (allowed %g–%g °C)",
			       dc / 10.0, lim->temp_min_c, lim->temp_max_c);
	}
	*temp_dc = (int)dc;
	return KC_OK;
}

/* Weight unit: 1 lb, 0 kg (also when none is given), -1 not a unit. */
static int weight_unit(const char *unit)
{
	static const struct { const char *text; int lb; } units[] = {
		{ "", 0 }, { "kg", 0 }, { "lb", 1 }, { "lbs", 1 },
	};
	size_t i;

	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcasecmp(unit, units[i].text) == 0)
			return units[i].lb;
	return -1;
}

int kc_parse_weight(const char *text, const struct kc_limits_cfg *lim, double *kg,
		    struct kc_err *err)
{
	char buf[FIELD_MAX];
	const char *unit;
	double x, w;
	int lb;

	/* Unlike a vital sign, a weight is never optional where it is asked for (dose). */
	if (trim_copy(text, buf, sizeof buf) || !buf[0])
		return kc_fail(err, KC_ERR_INVALID, "%s", weight_expect);
	if (parse_udec(buf, split_unit(buf, "0123456789.", &unit), &x) || (lb = weight_unit(unit)) < 0)
		return kc_fail(err, KC_ERR_INVALID, "%s", weight_expect);
	w = kc_round1(lb ? x * KG_PER_LB : x);
	if (tenths(w) < tenths(lim->weight_min_kg) || tenths(w) > tenths(lim->weight_max_kg)) {
		if (lb)
			return kc_fail(err, KC_ERR_INVALID,
				       "weight %.10g lb (%.1f kg) is impossible (allowed %g–%g kg)", x, w,
				       lim->weight_min_kg, lim->weight_max_kg);
		return kc_fail(err, KC_ERR_INVALID, "weight %.1f kg is impossible (allowed %g–%g kg)", w,
			       lim->weight_min_kg, lim->weight_max_kg);
	}
	*kg = w;
	return KC_OK;
}

/* ---------- a whole round ---------- */

int kc_parse_vitals(const struct kc_vitals_text *t, const struct kc_limits_cfg *lim,
		    struct kc_vitals *out, struct kc_err *err)
{
	struct kc_vitals v;
	int rc;

	kc_vitals_clear(&v);
	if ((rc = kc_parse_bp(t->bp, lim, &v.systolic, &v.diastolic, err)) != KC_OK ||
	    (rc = kc_parse_heart_rate(t->heart_rate, lim, &v.heart_rate, err)) != KC_OK ||
	    (rc = kc_parse_spo2(t->spo2, lim, &v.spo2, err)) != KC_OK ||
	    (rc = kc_parse_resp_rate(t->resp_rate, lim, &v.resp_rate, err)) != KC_OK ||
	    (rc = kc_parse_temp(t->temp, lim, &v.temp_dc, err)) != KC_OK ||
	    (rc = kc_parse_moaas(t->moaas, &v.moaas, err)) != KC_OK)
		return rc;
	if (v.systolic == KC_NONE && v.heart_rate == KC_NONE && v.spo2 == KC_NONE &&
	    v.resp_rate == KC_NONE && v.temp_dc == KC_NONE && v.moaas == KC_NONE)
		return kc_fail(err, KC_ERR_INVALID,
			       "enter at least one measure (blood pressure, heart rate, SpO2, "
			       "respiratory rate, temperature or MOAA/S), or record the reading "
			       "as refused or unavailable");
	*out = v;
	return KC_OK;
}

static int has_text(const char *s)
{
	return s && *skip_blanks(s) != '\0';
}

int kc_check_not_taken(enum kc_vstatus s, const char *reason, struct kc_err *err)
{
	if (s == KC_VITALS_TAKEN)
		return KC_OK;
	if (s != KC_VITALS_REFUSED && s != KC_VITALS_UNAVAILABLE)
		return kc_fail(err, KC_ERR_INVALID, "unknown reading status %d", (int)s);
	if (!has_text(reason))
		return kc_fail(err, KC_ERR_INVALID, "a reading recorded as %s needs a reason",
			       kc_vstatus_name(s));
	return KC_OK;
}

int kc_check_time_taken(time_t taken, time_t session_start, time_t now, struct kc_err *err)
{
	if (difftime(taken, now) > 0)
		return kc_fail(err, KC_ERR_INVALID,
			       "time taken is in the future; enter the time it happened");
	if (difftime(taken, session_start) < 0)
		return kc_fail(err, KC_ERR_INVALID,
			       "time taken is before the session began; check the time");
	return KC_OK;
}

int kc_is_late(time_t taken, time_t entered, int late_entry_min)
{
	return difftime(entered, taken) > late_entry_min * 60.0;
}

/* ---------- alerts ---------- */

static void add_alert(struct kc_alert_list *out, enum kc_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_alert(struct kc_alert_list *out, enum kc_level level, const char *fmt, ...)
{
	va_list ap;

	if (out->n >= KC_ALERT_MAX)
		return;
	out->a[out->n].level = level;
	va_start(ap, fmt);
	vsnprintf(out->a[out->n].text, sizeof out->a[out->n].text, fmt, ap);
	va_end(ap);
	out->n++;
	if (level > out->worst)
		out->worst = level;
}

/* One line per pressure: critical supersedes warn, and a rise over baseline is folded into
 * the same line so the chart shows one alert per measure. */
static void pressure_alert(struct kc_alert_list *out, const char *label, int value, int base,
			   int warn, int crit, int rise_warn)
{
	int rising;

	if (value == KC_NONE)
		return;
	rising = base != KC_NONE && value - base >= rise_warn;
	if (value >= crit)
		add_alert(out, KC_LEVEL_CRITICAL, "%s %d mmHg >= %d (critical)", label, value, crit);
	else if (value >= warn && rising)
		add_alert(out, KC_LEVEL_WARN, "%s %d mmHg >= %d, rise %d >= %d over baseline %d (warn)",
			  label, value, warn, value - base, rise_warn, base);
	else if (value >= warn)
		add_alert(out, KC_LEVEL_WARN, "%s %d mmHg >= %d (warn)", label, value, warn);
	else if (rising)
		add_alert(out, KC_LEVEL_WARN, "%s %d mmHg, rise %d >= %d over baseline %d (warn)",
			  label, value, value - base, rise_warn, base);
}

static void heart_rate_alert(struct kc_alert_list *out, int hr, const struct kc_alerts_cfg *c)
{
	if (hr == KC_NONE)
		return;
	if (hr > c->heart_rate_critical_high)
		add_alert(out, KC_LEVEL_CRITICAL, "HR %d /min > %d (critical)", hr,
			  c->heart_rate_critical_high);
	else if (hr < c->heart_rate_critical_low)
		add_alert(out, KC_LEVEL_CRITICAL, "HR %d /min < %d (critical)", hr,
			  c->heart_rate_critical_low);
	else if (hr > c->heart_rate_warn_high)
		add_alert(out, KC_LEVEL_WARN, "HR %d /min > %d (warn)", hr, c->heart_rate_warn_high);
	else if (hr < c->heart_rate_warn_low)
		add_alert(out, KC_LEVEL_WARN, "HR %d /min < %d (warn)", hr, c->heart_rate_warn_low);
}

static void spo2_alert(struct kc_alert_list *out, int spo2, const struct kc_alerts_cfg *c)
{
	if (spo2 == KC_NONE)
		return;
	if (spo2 < c->spo2_critical)
		add_alert(out, KC_LEVEL_CRITICAL, "SpO2 %d %% < %d (critical)", spo2, c->spo2_critical);
	else if (spo2 < c->spo2_warn)
		add_alert(out, KC_LEVEL_WARN, "SpO2 %d %% < %d (warn)", spo2, c->spo2_warn);
}

static void resp_rate_alert(struct kc_alert_list *out, int rr, const struct kc_alerts_cfg *c)
{
	if (rr == KC_NONE)
		return;
	if (rr < c->resp_rate_critical_low)
		add_alert(out, KC_LEVEL_CRITICAL, "RR %d /min < %d (critical)", rr,
			  c->resp_rate_critical_low);
	else if (rr < c->resp_rate_warn_low)
		add_alert(out, KC_LEVEL_WARN, "RR %d /min < %d (warn)", rr, c->resp_rate_warn_low);
	else if (rr > c->resp_rate_warn_high)
		add_alert(out, KC_LEVEL_WARN, "RR %d /min > %d (warn)", rr, c->resp_rate_warn_high);
}

static void sedation_alert(struct kc_alert_list *out, int moaas, const struct kc_alerts_cfg *c)
{
	if (moaas == KC_NONE)
		return;
	if (moaas <= c->sedation_critical)
		add_alert(out, KC_LEVEL_CRITICAL, "MOAA/S %d <= %d (critical)", moaas,
			  c->sedation_critical);
	else if (moaas <= c->sedation_warn)
		add_alert(out, KC_LEVEL_WARN, "MOAA/S %d <= %d (warn)", moaas, c->sedation_warn);
}

void kc_vitals_alerts(const struct kc_vitals *v, const struct kc_vitals *baseline,
		      const struct kc_alerts_cfg *cfg, struct kc_alert_list *out)
{
	int base_s = baseline ? baseline->systolic : KC_NONE;
	int base_d = baseline ? baseline->diastolic : KC_NONE;

	out->n = 0;
	out->worst = KC_LEVEL_OK;
	pressure_alert(out, "SBP", v->systolic, base_s, cfg->systolic_warn, cfg->systolic_critical,
		       cfg->systolic_rise_warn);
	pressure_alert(out, "DBP", v->diastolic, base_d, cfg->diastolic_warn, cfg->diastolic_critical,
		       cfg->diastolic_rise_warn);
	heart_rate_alert(out, v->heart_rate, cfg);
	spo2_alert(out, v->spo2, cfg);
	resp_rate_alert(out, v->resp_rate, cfg);
	sedation_alert(out, v->moaas, cfg);
}

void kc_alerts_join(const struct kc_alert_list *l, char *out, size_t n)
{
	size_t used = 0;
	int i, w;

	if (n == 0)
		return;
	out[0] = '\0';
	for (i = 0; l && i < l->n; i++) {
		w = snprintf(out + used, n - used, "%s%s", i ? "; " : "", l->a[i].text);
		if (w < 0 || (size_t)w >= n - used)
			return; /* truncated, still terminated */
		used += (size_t)w;
	}
}

/* ---------- pre-dose gate ---------- */

/* "BP 185/95 mmHg: systolic 185 >= 180 (dosing blocked)", naming each value over its limit. */
static void gate_why(char *why, size_t n, int s, int d, int hit_s, int hit_d, const char *op,
		     int lim_s, int lim_d, const char *what)
{
	char ps[48] = "", pd[48] = "";

	if (!why || n == 0)
		return;
	if (hit_s)
		snprintf(ps, sizeof ps, "systolic %d %s %d", s, op, lim_s);
	if (hit_d)
		snprintf(pd, sizeof pd, "diastolic %d %s %d", d, op, lim_d);
	snprintf(why, n, "BP %d/%d mmHg: %s%s%s (%s)", s, d, ps, hit_s && hit_d ? " and " : "", pd,
		 what);
}

enum kc_gate kc_predose_bp_gate(int systolic, int diastolic, const struct kc_screening_cfg *cfg,
				char *why, size_t n)
{
	int bs, bd, cs, cd;

	if (systolic == KC_NONE || diastolic == KC_NONE) {
		if (why && n)
			snprintf(why, n, "no pre-dose blood pressure recorded");
		return KC_GATE_INCOMPLETE;
	}
	bs = systolic >= cfg->predose_systolic_block;
	bd = diastolic >= cfg->predose_diastolic_block;
	if (bs || bd) {
		gate_why(why, n, systolic, diastolic, bs, bd, ">=", cfg->predose_systolic_block,
			 cfg->predose_diastolic_block, "dosing blocked");
		return KC_GATE_BLOCK;
	}
	cs = systolic > cfg->predose_systolic_confirm;
	cd = diastolic > cfg->predose_diastolic_confirm;
	if (cs || cd) {
		gate_why(why, n, systolic, diastolic, cs, cd, ">", cfg->predose_systolic_confirm,
			 cfg->predose_diastolic_confirm, "confirm before dosing");
		return KC_GATE_CONFIRM;
	}
	if (why && n)
		snprintf(why, n, "BP %d/%d mmHg within the pre-dose limits (%d/%d)", systolic, diastolic,
			 cfg->predose_systolic_confirm, cfg->predose_diastolic_confirm);
	return KC_GATE_PASS;
}
