/* fuzz_config.c — libFuzzer target for the configuration file and the licensed labels file.
 *
 * Input: the whole file. It is written to one memfd per process and read back through
 * /proc/self/fd/N by kc_config_load and kc_labels_load (iniparser's error callback is
 * process-wide; config.c installs and removes it around each load).
 *
 * Checked beyond "no crash": the status is KC_OK exactly when there is no diagnostic
 * (diag.n == 0 and dropped == 0), otherwise KC_ERR_CONFIG; every diagnostic is
 * terminated, non-empty and starts with the file name; after any load every numeric key
 * of kc_config_keys() lies within its table range (a refused value is never stored), a
 * bool is 0 or 1 and a string fits its buffer; on KC_OK the cross-key rules hold; a
 * second load of the same file gives the same result (no state left behind). Labels:
 * item 0 and items past an instrument's count stay empty, every label fits, and
 * kc_label falls back exactly for an empty label. */
#define _GNU_SOURCE /* memfd_create */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kc_config.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fd = -1;
static char path[64];

/* Large (128 messages each): static, not on the stack. */
static struct kc_diag diag, diag2;
static struct kc_config cfg, cfg2;
static struct kc_labels labels;

static void fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_config: invariant broken: %s (%s)\n", what, detail);
	abort();
}

static void check(int ok, const char *what, const char *detail)
{
	if (!ok)
		fail(what, detail);
}

static void check_diag(int rc, const struct kc_diag *d)
{
	size_t plen = strlen(path);

	check(rc == KC_OK || rc == KC_ERR_CONFIG, "status neither ok nor config", path);
	check((rc == KC_OK) == (d->n == 0 && d->dropped == 0), "status disagrees with diag", path);
	check(d->n <= KC_DIAG_MAX, "diag count past KC_DIAG_MAX", path);
	check(d->dropped == 0 || d->n == KC_DIAG_MAX, "dropped before diag was full", path);
	for (size_t i = 0; i < d->n && i < KC_DIAG_MAX; i++) {
		const char *m = d->msg[i];

		check(memchr(m, '\0', KC_MSG_MAX) != NULL, "diagnostic not terminated", path);
		check(strncmp(m, path, plen) == 0 && m[plen] == ':', "diagnostic without the file", m);
		check(m[plen + 1] != '\0', "empty diagnostic", m);
	}
}

/* Every key read through its table offset, as the loader stores it. */
static void check_ranges(const struct kc_config *c)
{
	size_t n;
	const struct kc_cfg_key *k = kc_config_keys(&n);

	for (size_t i = 0; i < n; i++, k++) {
		const char *field = (const char *)c + k->offset;
		double v;

		if (k->type == KC_CFG_STRING) {
			check(memchr(field, '\0', k->size) != NULL, "string key overflows", k->name);
			continue;
		}
		if (k->type == KC_CFG_DOUBLE)
			v = *(const double *)(const void *)field;
		else
			v = *(const int *)(const void *)field;
		if (k->type == KC_CFG_BOOL)
			check(v == 0 || v == 1, "bool key neither 0 nor 1", k->name);
		else
			check(!isnan(v) && v >= k->min && v <= k->max, "key outside its range", k->name);
	}
}

/* The cross-key rules of kc_config.h, from the typed struct rather than the table. */
static void check_cross(const struct kc_config *c)
{
	const struct kc_alerts_cfg *a = &c->alerts;
	const struct kc_limits_cfg *l = &c->limits;
	const struct kc_screening_cfg *s = &c->screening;

	check(a->systolic_warn <= a->systolic_critical, "systolic warn above critical", path);
	check(a->diastolic_warn <= a->diastolic_critical, "diastolic warn above critical", path);
	check(a->heart_rate_warn_high <= a->heart_rate_critical_high, "HR warn above critical", path);
	check(a->heart_rate_warn_low >= a->heart_rate_critical_low, "HR warn below critical", path);
	check(a->spo2_warn >= a->spo2_critical, "SpO2 warn below critical", path);
	check(a->heart_rate_warn_low < a->heart_rate_warn_high, "HR low warn not below high", path);
	check(a->resp_rate_warn_low >= a->resp_rate_critical_low, "RR warn below critical", path);
	check(a->resp_rate_warn_low < a->resp_rate_warn_high, "RR low warn not below high", path);
	check(a->sedation_warn >= a->sedation_critical, "sedation warn below critical", path);
	check(a->headache_warn <= a->headache_crisis, "headache warn above crisis", path);
	check(s->predose_systolic_confirm <= s->predose_systolic_block, "confirm above block", path);
	check(s->predose_diastolic_confirm <= s->predose_diastolic_block, "confirm above block", path);
	check(l->systolic_min < l->systolic_max && l->diastolic_min < l->diastolic_max &&
	      l->heart_rate_min < l->heart_rate_max && l->spo2_min < l->spo2_max &&
	      l->resp_rate_min < l->resp_rate_max && l->temp_min_c < l->temp_max_c &&
	      l->weight_min_kg < l->weight_max_kg, "a limit minimum not below its maximum", path);
	check(l->temp_fahrenheit_above > l->temp_max_c, "Celsius reading taken for Fahrenheit", path);
	check(c->iv.dose_min_mg_per_kg <= c->iv.dose_mg_per_kg &&
	      c->iv.dose_mg_per_kg <= c->iv.dose_max_mg_per_kg, "IV dose outside its range", path);
	check(c->esk.dose_mg % c->esk.device_mg == 0, "esketamine dose not whole devices", path);
}

static void fuzz_config(void)
{
	int rc = kc_config_load(path, &cfg, &diag);
	int rc2;

	check_diag(rc, &diag);
	check_ranges(&cfg);
	if (rc == KC_OK)
		check_cross(&cfg);
	rc2 = kc_config_load(path, &cfg2, &diag2);
	check(rc2 == rc && diag2.n == diag.n && diag2.dropped == diag.dropped,
	      "second load differs", path);
	check(memcmp(&cfg, &cfg2, sizeof cfg) == 0, "second load gives another config", path);
	for (size_t i = 0; i < diag.n; i++)
		check(strcmp(diag.msg[i], diag2.msg[i]) == 0, "second load words it differently",
		      diag.msg[i]);
}

static void fuzz_labels(void)
{
	static const int items[KC_LABEL_SETS] = { KC_LABEL_CSSRS_ITEMS, KC_LABEL_CADSS_ITEMS };
	static const char fallback[] = "fallback";
	int rc = kc_labels_load(path, &labels, &diag);

	check_diag(rc, &diag);
	for (int set = 0; set < KC_LABEL_SETS; set++) {
		for (int item = 0; item <= KC_LABEL_CADSS_ITEMS; item++) {
			const char *t = labels.text[set][item];
			const char *got = kc_label(&labels, (enum kc_label_set)set, item, fallback);

			check(memchr(t, '\0', KC_LABEL_MAX) != NULL, "label overflows", path);
			if (item == 0 || item > items[set])
				check(t[0] == '\0', "label for an item that does not exist", path);
			check((got == fallback) == (t[0] == '\0' || item == 0 || item > items[set]),
			      "kc_label falls back wrongly", path);
		}
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fd = memfd_create("fuzz_config", 0);
	if (fd < 0) {
		perror("fuzz_config: memfd_create");
		abort();
	}
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (ftruncate(fd, 0) != 0 || (size && pwrite(fd, data, size, 0) != (ssize_t)size)) {
		perror("fuzz_config: writing the memfd");
		abort();
	}
	fuzz_config();
	fuzz_labels();
	return 0;
}
