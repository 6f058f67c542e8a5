/* timeutil.c — stored times are Unix seconds (UTC); the screen shows local time. */
#include "kc_time.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kc_clinical.h"

#define EXPECT_TIME \
	"expected YYYY-MM-DD HH:MM (local) or YYYY-MM-DDTHH:MM:SSZ (UTC, or with an offset like +01:00)"
#define EXPECT_DATE "expected YYYY-MM-DD, e.g. 1984-03-07"
#define EXPECT_HM "expected HH:MM on the 24-hour clock, e.g. 14:05"
#define EXPECT_SCALE "expected a number above 0 and at most 10000 (1 = real time)"
#define SCALE_MAX 10000.0

/* A date and time as written, before it becomes a time_t. */
struct civil {
	int y, mo, d, h, mi, s;
	int has_time;
	int has_zone; /* "Z" or an offset: the fields are UTC + off_s */
	int off_h, off_m;
	long off_s;
};

/* ---------- formatting ---------- */

void kc_time_utc(time_t t, char *out, size_t n)
{
	struct tm tm;

	if (n == 0)
		return;
	if (!gmtime_r(&t, &tm) || strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		out[0] = '\0';
}

static char *two_digits(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
	return p + 2;
}

/* "YYYY-MM-DD HH:MM" or "HH:MM" written digit by digit, exactly what strftime writes for
 * a four-digit year (issue 10: strftime was most of the cost of the three times each
 * reading's line in a report shows); 0 when the fields are out of that range and
 * strftime must write them. */
static int fast_fmt(const struct tm *tm, int with_date, char *out, size_t n)
{
	int y = tm->tm_year + 1900;
	char buf[17], *p = buf;

	if (y < 1000 || y > 9999 || tm->tm_mon < 0 || tm->tm_mon > 11 || tm->tm_mday < 1 ||
	    tm->tm_mday > 31 || tm->tm_hour < 0 || tm->tm_hour > 23 || tm->tm_min < 0 || tm->tm_min > 59)
		return 0;
	if (with_date) {
		p = two_digits(two_digits(p, y / 100), y % 100);
		*p++ = '-';
		p = two_digits(p, tm->tm_mon + 1);
		*p++ = '-';
		p = two_digits(p, tm->tm_mday);
		*p++ = ' ';
	}
	p = two_digits(p, tm->tm_hour);
	*p++ = ':';
	p = two_digits(p, tm->tm_min);
	if ((size_t)(p - buf) >= n) /* strftime writes nothing then */
		return 0;
	memcpy(out, buf, (size_t)(p - buf));
	out[p - buf] = '\0';
	return 1;
}

/* The formats stay literal so that -Wformat=2 can check them. */
static void local_fmt(time_t t, int with_date, char *out, size_t n)
{
	struct tm tm;
	size_t len;

	if (n == 0)
		return;
	out[0] = '\0';
	if (t == 0 || !localtime_r(&t, &tm))
		return; /* 0 means "not yet" everywhere */
	if (fast_fmt(&tm, with_date, out, n))
		return;
	if (with_date)
		len = strftime(out, n, "%Y-%m-%d %H:%M", &tm);
	else
		len = strftime(out, n, "%H:%M", &tm);
	if (len == 0)
		out[0] = '\0';
}

void kc_time_local(time_t t, char *out, size_t n)
{
	local_fmt(t, 1, out, n);
}

void kc_time_local_hm(time_t t, char *out, size_t n)
{
	local_fmt(t, 0, out, n);
}

void kc_duration(long seconds, char *out, size_t n)
{
	long m = seconds / 60; /* whole minutes, truncated toward zero */
	const char *sign = m < 0 ? "-" : "";

	if (n == 0)
		return;
	if (m < 0)
		m = -m;
	if (m >= 60)
		snprintf(out, n, "%s%ldh %02ldm", sign, m / 60, m % 60);
	else
		snprintf(out, n, "%s%ldm", sign, m);
}

/* ---------- lexing ---------- */

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Exactly n digits. */
static int take_digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static int take_char(const char **p, char c)
{
	if (**p != c)
		return -1;
	(*p)++;
	return 0;
}

static int lex_date(const char **p, struct civil *c)
{
	if (take_digits(p, 4, &c->y) || take_char(p, '-') || take_digits(p, 2, &c->mo) ||
	    take_char(p, '-') || take_digits(p, 2, &c->d))
		return -1;
	return 0;
}

static int lex_clock(const char **p, struct civil *c)
{
	if (take_digits(p, 2, &c->h) || take_char(p, ':') || take_digits(p, 2, &c->mi))
		return -1;
	if (**p == ':') {
		(*p)++;
		if (take_digits(p, 2, &c->s))
			return -1;
	}
	c->has_time = 1;
	return 0;
}

/* "Z", "z", "+hh:mm", "-hh:mm", or nothing (local time). */
static int lex_zone(const char **p, struct civil *c)
{
	int sign;

	if (**p == 'Z' || **p == 'z') {
		(*p)++;
		c->has_zone = 1;
		return 0;
	}
	if (**p != '+' && **p != '-')
		return 0;
	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if (take_digits(p, 2, &c->off_h) || take_char(p, ':') || take_digits(p, 2, &c->off_m))
		return -1;
	c->has_zone = 1;
	c->off_s = sign * (c->off_h * 3600L + c->off_m * 60L);
	return 0;
}

/* The whole text: a date, optionally "T" or " " and a time with an optional zone. */
static int lex_time(const char *s, struct civil *c)
{
	const char *p = skip_blanks(s);

	memset(c, 0, sizeof *c);
	if (lex_date(&p, c))
		return -1;
	if (*p == 'T' || *p == 't' || (*p == ' ' && isdigit((unsigned char)p[1]))) {
		p++;
		if (lex_clock(&p, c) || lex_zone(&p, c))
			return -1;
	}
	return *skip_blanks(p) ? -1 : 0;
}

/* ---------- validation and conversion ---------- */

static int days_in_month(int y, int mo)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return mo == 2 && leap ? 29 : days[mo - 1];
}

/* 0 when every field is in range; else -1 with why filled. */
static int check_civil(const struct civil *c, char *why, size_t n)
{
	if (c->mo < 1 || c->mo > 12) {
		snprintf(why, n, "there is no month %02d", c->mo);
		return -1;
	}
	if (c->d < 1 || c->d > days_in_month(c->y, c->mo)) {
		snprintf(why, n, "there is no day %02d in %04d-%02d, it has %d days", c->d, c->y,
			 c->mo, days_in_month(c->y, c->mo));
		return -1;
	}
	if (c->h > 23 || c->mi > 59 || c->s > 59) {
		snprintf(why, n, "hours run 00-23, minutes and seconds 00-59");
		return -1;
	}
	if (c->off_h > 23 || c->off_m > 59) {
		snprintf(why, n, "an offset runs from -23:59 to +23:59");
		return -1;
	}
	return 0;
}

/* Local wall-clock time to time_t; -1 when that time does not exist (the hour skipped
 * when the clocks go forward), which mktime would silently move. */
static int local_time(int y, int mo, int d, int h, int mi, int s, time_t *out)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
			 .tm_hour = h, .tm_min = mi, .tm_sec = s, .tm_isdst = -1 };
	struct tm want = tm;

	*out = mktime(&tm);
	if (tm.tm_hour != want.tm_hour || tm.tm_min != want.tm_min || tm.tm_mday != want.tm_mday)
		return -1;
	return 0;
}

static int civil_to_time(const struct civil *c, time_t *out)
{
	struct tm tm = { .tm_year = c->y - 1900, .tm_mon = c->mo - 1, .tm_mday = c->d,
			 .tm_hour = c->h, .tm_min = c->mi, .tm_sec = c->s };

	if (c->has_zone) {
		*out = timegm(&tm) - c->off_s;
		return 0;
	}
	if (local_time(c->y, c->mo, c->d, c->h, c->mi, c->s, out) == 0)
		return 0;
	/* A bare date is midnight even where midnight is skipped: take what mktime gives. */
	return c->has_time ? -1 : 0;
}

int kc_time_parse(const char *s, time_t *out, struct kc_err *err)
{
	struct civil c;
	char why[80];
	time_t t;

	if (!s || lex_time(s, &c) != 0)
		return kc_fail(err, KC_ERR_INVALID, "\"%.40s\" is not a date and time: " EXPECT_TIME,
			       s ? s : "");
	if (check_civil(&c, why, sizeof why) != 0)
		return kc_fail(err, KC_ERR_INVALID, "\"%.40s\": %s; " EXPECT_TIME, s, why);
	if (civil_to_time(&c, &t) != 0)
		return kc_fail(err, KC_ERR_INVALID,
			       "\"%.40s\" does not exist in local time (the clocks go forward then); "
			       "enter the time the clock showed", s);
	*out = t;
	return KC_OK;
}

/* ---------- hours and minutes ---------- */

/* "H:MM" or "HH:MM", blanks around allowed. */
static int lex_hm(const char *s, int *h, int *mi)
{
	const char *p = skip_blanks(s);

	if (take_digits(&p, 2, h) != 0 && take_digits(&p, 1, h) != 0)
		return -1;
	if (take_char(&p, ':') || take_digits(&p, 2, mi) || *skip_blanks(p))
		return -1;
	return *h <= 23 && *mi <= 59 ? 0 : -1;
}

/* Step a local date back one day; noon keeps mktime clear of any clock change. */
static void previous_day(struct tm *day)
{
	day->tm_mday -= 1;
	day->tm_hour = 12;
	day->tm_min = day->tm_sec = 0;
	day->tm_isdst = -1;
	mktime(day);
}

int kc_time_parse_hm(const char *s, time_t ref, time_t *out, struct kc_err *err)
{
	struct tm day;
	int h, mi, gap;
	time_t t;

	if (!s || lex_hm(s, &h, &mi) != 0)
		return kc_fail(err, KC_ERR_INVALID, "\"%.20s\" is not a time of day: " EXPECT_HM,
			       s ? s : "");
	if (!localtime_r(&ref, &day))
		return kc_fail(err, KC_ERR_INVALID, "the reference time is out of range");
	gap = local_time(day.tm_year + 1900, day.tm_mon + 1, day.tm_mday, h, mi, 0, &t);
	/* A time far ahead of now is meant for the evening before (charting past midnight). */
	if (gap == 0 && t - ref > 12 * 3600) {
		previous_day(&day);
		gap = local_time(day.tm_year + 1900, day.tm_mon + 1, day.tm_mday, h, mi, 0, &t);
	}
	if (gap != 0)
		return kc_fail(err, KC_ERR_INVALID,
			       "%02d:%02d does not exist on that day (the clocks go forward); "
			       "enter the time the clock showed", h, mi);
	*out = t;
	return KC_OK;
}

/* ---------- a time typed into a form ---------- */

#define EXPECT_ENTRY "type HH:MM (today), yesterday HH:MM, or YYYY-MM-DD HH:MM"

/* The local date of t. */
static void local_day(time_t t, int *y, int *mo, int *d)
{
	struct tm tm;

	localtime_r(&t, &tm);
	*y = tm.tm_year + 1900;
	*mo = tm.tm_mon + 1;
	*d = tm.tm_mday;
}

/* A local wall-clock minute as time_t. Where the clocks go back it happens twice: the
 * later one not after now, else the earlier one. -1 when the clocks skip it. */
static int local_minute(int y, int mo, int d, int h, int mi, time_t now, time_t *out)
{
	time_t c[2];
	int n = 0;

	for (int dst = 0; dst <= 1; dst++) {
		struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
				 .tm_hour = h, .tm_min = mi, .tm_isdst = dst };
		time_t t = mktime(&tm);

		if (tm.tm_isdst != dst || tm.tm_hour != h || tm.tm_min != mi || tm.tm_mday != d)
			continue; /* mktime moved it: not a time of that kind on that day */
		if (n == 0 || c[0] != t)
			c[n++] = t;
	}
	if (n == 0)
		return -1;
	if (n == 2 && c[1] < c[0]) {
		time_t x = c[0];

		c[0] = c[1];
		c[1] = x;
	}
	*out = n == 2 && c[1] <= now ? c[1] : c[0];
	return 0;
}

/* Case-insensitive word w at *p followed by a blank; *p moves past the blanks. */
static int take_word(const char **p, const char *w)
{
	size_t n = strlen(w);

	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)(*p)[i]) != w[i])
			return -1;
	if ((*p)[n] != ' ' && (*p)[n] != '\t')
		return -1;
	*p = skip_blanks(*p + n);
	return 0;
}

/* The text as a date (or a day word) and a clock time. day: 0 today, 1 yesterday, 2 dated. */
static int lex_entry(const char *s, struct civil *c, int *day)
{
	const char *p = skip_blanks(s);

	memset(c, 0, sizeof *c);
	*day = 0;
	if (take_word(&p, "yesterday") == 0)
		*day = 1;
	else if (take_word(&p, "today") == 0)
		*day = 0;
	else if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
		 isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) && p[4] == '-') {
		if (lex_date(&p, c) || (*p != ' ' && *p != 'T' && *p != 't'))
			return -1;
		p = skip_blanks(p + 1);
		*day = 2;
	}
	return lex_hm(p, &c->h, &c->mi);
}

int kc_time_parse_entry(const char *s, time_t now, time_t earliest, const char *earliest_is,
			time_t *out, struct kc_err *err)
{
	struct civil c;
	char why[80], when[32], bound[32];
	int day;
	time_t t;

	if (s && !*skip_blanks(s))
		return kc_fail(err, KC_ERR_INVALID, "no time given: " EXPECT_ENTRY);
	if (!s || lex_entry(s, &c, &day) != 0)
		return kc_fail(err, KC_ERR_INVALID, "\"%.40s\" is not a time: " EXPECT_ENTRY, s ? s : "");
	if (day < 2) {
		local_day(now, &c.y, &c.mo, &c.d);
		if (day == 1) {
			struct tm y = { .tm_year = c.y - 1900, .tm_mon = c.mo - 1, .tm_mday = c.d };

			previous_day(&y);
			c.y = y.tm_year + 1900;
			c.mo = y.tm_mon + 1;
			c.d = y.tm_mday;
		}
	} else if (check_civil(&c, why, sizeof why) != 0) {
		return kc_fail(err, KC_ERR_INVALID, "\"%.40s\": %s; " EXPECT_ENTRY, s, why);
	}
	if (local_minute(c.y, c.mo, c.d, c.h, c.mi, now, &t) != 0)
		return kc_fail(err, KC_ERR_INVALID,
			       "%04d-%02d-%02d %02d:%02d does not exist in local time (the clocks go "
			       "forward then); enter the time the clock showed", c.y, c.mo, c.d, c.h, c.mi);
	if (t > now) {
		if (day == 0) {
			kc_time_local_hm(now, when, sizeof when);
			return kc_fail(err, KC_ERR_INVALID,
				       "%02d:%02d is later than now (%s); for the day before type: "
				       "yesterday %02d:%02d", c.h, c.mi, when, c.h, c.mi);
		}
		kc_time_local(now, when, sizeof when);
		return kc_fail(err, KC_ERR_INVALID, "%04d-%02d-%02d %02d:%02d is later than now (%s): "
			       "type a time that has passed", c.y, c.mo, c.d, c.h, c.mi, when);
	}
	if (earliest && t < earliest) {
		/* The minute the bound falls in is shown as that minute: it stands for the bound. */
		if (t / 60 != earliest / 60) {
			kc_time_local(t, when, sizeof when);
			kc_time_local(earliest, bound, sizeof bound);
			return kc_fail(err, KC_ERR_INVALID, "%s is before %s (%s): check the date and time",
				       when, earliest_is && *earliest_is ? earliest_is : "the earliest allowed",
				       bound);
		}
		t = earliest;
	}
	*out = t;
	return KC_OK;
}

void kc_time_entry_text(time_t t, time_t now, char *out, size_t n)
{
	int y, mo, d, ny, nmo, nd;
	struct tm prev;
	char hm[16];

	if (n == 0)
		return;
	if (t == 0) {
		out[0] = '\0';
		return;
	}
	local_day(t, &y, &mo, &d);
	local_day(now, &ny, &nmo, &nd);
	kc_time_local_hm(t, hm, sizeof hm);
	prev = (struct tm){ .tm_year = ny - 1900, .tm_mon = nmo - 1, .tm_mday = nd };
	previous_day(&prev);
	if (y == ny && mo == nmo && d == nd)
		snprintf(out, n, "%s", hm);
	else if (y == prev.tm_year + 1900 && mo == prev.tm_mon + 1 && d == prev.tm_mday)
		snprintf(out, n, "yesterday %s", hm);
	else
		kc_time_local(t, out, n);
}

/* ---------- dates of birth ---------- */

/* A bare "YYYY-MM-DD" that is a real calendar date: 0, else -1 (malformed) or -2 (no such
 * date, why filled). */
static int lex_date_only(const char *s, struct civil *c, char *why, size_t n)
{
	const char *p;

	memset(c, 0, sizeof *c);
	if (!s)
		return -1;
	p = skip_blanks(s);
	if (lex_date(&p, c) != 0 || *skip_blanks(p))
		return -1;
	return check_civil(c, why, n) == 0 ? 0 : -2;
}

/* Negative, zero or positive as a is before, on or after the local date of now. */
static int cmp_today(const struct civil *a, time_t now, struct tm *today)
{
	int ymd, now_ymd;

	localtime_r(&now, today);
	ymd = a->y * 10000 + a->mo * 100 + a->d;
	now_ymd = (today->tm_year + 1900) * 10000 + (today->tm_mon + 1) * 100 + today->tm_mday;
	return (ymd > now_ymd) - (ymd < now_ymd);
}

int kc_date_check(const char *s, time_t now, struct kc_err *err)
{
	struct civil c;
	struct tm today;
	char why[80];
	int rc = lex_date_only(s, &c, why, sizeof why);

	if (rc == -1)
		return kc_fail(err, KC_ERR_INVALID, "\"%.40s\" is not a date: " EXPECT_DATE,
			       s ? s : "");
	if (rc == -2)
		return kc_fail(err, KC_ERR_INVALID, "\"%.40s\": %s; " EXPECT_DATE, s, why);
	if (cmp_today(&c, now, &today) > 0)
		return kc_fail(err, KC_ERR_INVALID,
			       "date of birth %04d-%02d-%02d is in the future (today is %04d-%02d-%02d)",
			       c.y, c.mo, c.d, today.tm_year + 1900, today.tm_mon + 1,
			       today.tm_mday);
	return KC_OK;
}

/* Someone born on 29 February turns a year older on 1 March in common years. */
int kc_age_years(const char *dob, time_t now)
{
	struct civil c;
	struct tm today;
	char why[80];
	int age;

	if (lex_date_only(dob, &c, why, sizeof why) != 0 || cmp_today(&c, now, &today) > 0)
		return KC_NONE;
	age = today.tm_year + 1900 - c.y;
	if (today.tm_mon + 1 < c.mo || (today.tm_mon + 1 == c.mo && today.tm_mday < c.d))
		age--;
	return age;
}

/* ---------- the clock ---------- */

static int is_set(const char *v)
{
	return v && *v;
}

/* A plain decimal: digits with an optional fraction. Parsed by hand because strtod
 * follows LC_NUMERIC, which the curses front end sets from the user's locale. */
static int parse_scale(const char *s, double *out)
{
	const char *p = skip_blanks(s);
	double v = 0, unit = 1;
	int digits = 0;

	for (; isdigit((unsigned char)*p); p++, digits++)
		v = v * 10 + (*p - '0');
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++, digits++)
			v += (*p - '0') * (unit /= 10);
	}
	if (digits == 0 || *skip_blanks(p))
		return -1;
	*out = v;
	return 0;
}

int kc_clock_init(struct kc_clock *c, const char *now_env, const char *scale_env, time_t real_now,
		  struct kc_err *err)
{
	struct kc_clock k = { .test = 0, .real_start = real_now, .fake_start = real_now, .scale = 1 };
	struct kc_err e;

	if (is_set(now_env)) {
		if (kc_time_parse(now_env, &k.fake_start, &e) != KC_OK)
			return kc_fail(err, KC_ERR_INVALID, "KETCHART_NOW: %s", e.msg);
		k.test = 1;
	}
	if (is_set(scale_env)) {
		if (parse_scale(scale_env, &k.scale) != 0)
			return kc_fail(err, KC_ERR_INVALID,
				       "KETCHART_CLOCK_SCALE=\"%.20s\" is not a number: " EXPECT_SCALE,
				       scale_env);
		if (!(k.scale > 0 && k.scale <= SCALE_MAX))
			return kc_fail(err, KC_ERR_INVALID,
				       "KETCHART_CLOCK_SCALE=%.20s is out of range: " EXPECT_SCALE,
				       scale_env);
		k.test = 1;
	}
	*c = k;
	return KC_OK;
}

int kc_clock_stepped(struct kc_clock *c, const char *step_env, const char *scale_env,
		     struct kc_err *err)
{
	if (!is_set(step_env))
		return KC_OK;
	if (is_set(scale_env))
		return kc_fail(err, KC_ERR_INVALID, "KETCHART_CLOCK_STEP and KETCHART_CLOCK_SCALE are both "
			       "set: a stepped clock moves only when its file says so; unset one");
	c->test = 1;
	c->scale = 1;
	c->step_file = step_env;
	c->stepped = 0;
	return KC_OK;
}

/* At most ten years on: a number a test writes, never a date. */
#define STEP_MAX (10LL * 366 * 86400)

int kc_clock_step_to(struct kc_clock *c, const char *text)
{
	const char *p = skip_blanks(text);
	long long v = 0;
	int digits = 0;

	for (; isdigit((unsigned char)*p) && v <= STEP_MAX; p++, digits++)
		v = v * 10 + (*p - '0');
	if (!c->step_file || digits == 0 || *skip_blanks(p) || v > STEP_MAX || v < c->stepped)
		return -1;
	if (v == c->stepped)
		return 0;
	c->stepped = v;
	return 1;
}

int kc_clock_allowed(const struct kc_clock *c, int training_db)
{
	return !c->test || training_db;
}

time_t kc_clock_now(const struct kc_clock *c, time_t real_now)
{
	if (c->step_file)
		return c->fake_start + (time_t)c->stepped;
	double elapsed = difftime(real_now, c->real_start) * c->scale;

	return c->fake_start + (time_t)floor(elapsed);
}

void kc_local_day(time_t t, time_t *from, time_t *to)
{
	struct tm tm;

	localtime_r(&t, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	*from = mktime(&tm);
	tm.tm_mday++;
	tm.tm_isdst = -1;
	*to = mktime(&tm);
}
