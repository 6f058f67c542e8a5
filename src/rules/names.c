/* names.c — stable names of the clinical enums (database, CSV, command line) and rounding. */
#include "kc_clinical.h"

#include <math.h>
#include <string.h>
#include <strings.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const route_names[] = {
	[KC_ROUTE_IV] = "iv",
	[KC_ROUTE_ESKETAMINE] = "esketamine",
	[KC_ROUTE_IM] = "im",
};

static const char *const route_labels[] = {
	[KC_ROUTE_IV] = "IV ketamine infusion",
	[KC_ROUTE_ESKETAMINE] = "Intranasal esketamine",
	[KC_ROUTE_IM] = "IM ketamine injection",
};

static const char *const phase_names[] = {
	[KC_PHASE_SCREENING] = "screening",
	[KC_PHASE_DOSING] = "dosing",
	[KC_PHASE_RECOVERY] = "recovery",
	[KC_PHASE_DISCHARGED] = "discharged",
	[KC_PHASE_ABORTED] = "aborted",
};

static const char *const level_names[] = {
	[KC_LEVEL_OK] = "ok",
	[KC_LEVEL_WARN] = "WARN",
	[KC_LEVEL_CRITICAL] = "CRITICAL",
};

static const char *const gate_names[] = {
	[KC_GATE_PASS] = "pass",
	[KC_GATE_CONFIRM] = "needs confirmation",
	[KC_GATE_INCOMPLETE] = "incomplete",
	[KC_GATE_BLOCK] = "blocked",
};

static const char *const vstatus_names[] = {
	[KC_VITALS_TAKEN] = "taken",
	[KC_VITALS_REFUSED] = "refused",
	[KC_VITALS_UNAVAILABLE] = "unavailable",
};

static const char *const answer_names[] = {
	[KC_ANS_UNSET] = "",
	[KC_ANS_NO] = "no",
	[KC_ANS_YES] = "yes",
	[KC_ANS_NA] = "n/a",
};

/* An out-of-range value (a corrupt row, a programming slip) shows as "?" rather than crashing. */
static const char *lookup(const char *const *names, size_t n, int i)
{
	if (i < 0 || (size_t)i >= n || !names[i])
		return "?";
	return names[i];
}

/* Index of s in names; case is ignored so that "IV" typed on a command line still works. */
static int find(const char *const *names, size_t n, const char *s)
{
	size_t i;

	if (!s)
		return -1;
	for (i = 0; i < n; i++)
		if (names[i] && strcasecmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

const char *kc_route_name(enum kc_route r)
{
	return lookup(route_names, COUNT(route_names), (int)r);
}

const char *kc_route_label(enum kc_route r)
{
	return lookup(route_labels, COUNT(route_labels), (int)r);
}

int kc_route_from_name(const char *s, enum kc_route *out)
{
	int i = find(route_names, COUNT(route_names), s);

	if (i < 0)
		return KC_ERR_INVALID;
	*out = (enum kc_route)i;
	return KC_OK;
}

const char *kc_phase_name(enum kc_phase p)
{
	return lookup(phase_names, COUNT(phase_names), (int)p);
}

int kc_phase_from_name(const char *s, enum kc_phase *out)
{
	int i = find(phase_names, COUNT(phase_names), s);

	if (i < 0)
		return KC_ERR_INVALID;
	*out = (enum kc_phase)i;
	return KC_OK;
}

const char *kc_level_name(enum kc_level l)
{
	return lookup(level_names, COUNT(level_names), (int)l);
}

const char *kc_gate_name(enum kc_gate g)
{
	return lookup(gate_names, COUNT(gate_names), (int)g);
}

const char *kc_vstatus_name(enum kc_vstatus s)
{
	return lookup(vstatus_names, COUNT(vstatus_names), (int)s);
}

int kc_vstatus_from_name(const char *s, enum kc_vstatus *out)
{
	int i = find(vstatus_names, COUNT(vstatus_names), s);

	if (i < 0)
		return KC_ERR_INVALID;
	*out = (enum kc_vstatus)i;
	return KC_OK;
}

const char *kc_answer_name(enum kc_answer a)
{
	return lookup(answer_names, COUNT(answer_names), (int)a);
}

int kc_answer_from_name(const char *s, enum kc_answer *out)
{
	int i = find(answer_names, COUNT(answer_names), s);

	if (i < 0)
		return KC_ERR_INVALID;
	*out = (enum kc_answer)i;
	return KC_OK;
}

double kc_round1(double x)
{
	double y;

	if (!isfinite(x))
		return x;
	/* The nudge absorbs binary representation error, so 0.35 (stored as 0.34999...)
	 * rounds up as a clinician expects; it is far below any entered precision. */
	y = floor(fabs(x) * 10.0 + 0.5 + 1e-9);
	if (y == 0.0)
		return 0.0; /* never "-0.0" on a chart */
	return copysign(y / 10.0, x);
}
