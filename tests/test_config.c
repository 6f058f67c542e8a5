/* test_config.c — the key table, loading and every kind of diagnostic, the example file
 * and the man page kept in sync with the table, and where the file is looked for.
 *
 * Reference numbers (clinical-reference.md §1, §4, §5) are written out here, not taken
 * from the table, so that a changed default fails a test. Run from the top of the tree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "kc_config.h"

struct fx {
	char path[64];
	struct kc_config cfg;
	struct kc_diag diag;
};

static int fx_setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);
	int fd;

	if (!fx)
		return -1;
	strcpy(fx->path, "/tmp/kc_config_XXXXXX");
	fd = mkstemp(fx->path);
	if (fd < 0) {
		free(fx);
		return -1;
	}
	close(fd);
	*state = fx;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *fx = *state;

	unlink(fx->path);
	free(fx);
	return 0;
}

/* Write text as the config file and load it. */
static int load_text(struct fx *fx, const char *text)
{
	FILE *f = fopen(fx->path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return kc_config_load(fx->path, &fx->cfg, &fx->diag);
}

/* Index of the message "PATH: <where>..." that also contains gist, or -1. */
static int find_msg(const struct fx *fx, const char *where, const char *gist)
{
	char prefix[KC_MSG_MAX];

	snprintf(prefix, sizeof prefix, "%s: %s", fx->path, where);
	for (size_t i = 0; i < fx->diag.n; i++)
		if (!strncmp(fx->diag.msg[i], prefix, strlen(prefix)) && strstr(fx->diag.msg[i], gist))
			return (int)i;
	return -1;
}

static void expect_msg(const struct fx *fx, const char *where, const char *gist)
{
	if (find_msg(fx, where, gist) < 0) {
		for (size_t i = 0; i < fx->diag.n; i++)
			print_message("  diag %zu: %s\n", i, fx->diag.msg[i]);
		fail_msg("no diagnostic \"%s: %s...%s\"", fx->path, where, gist);
	}
}

/* Load a file with one key set to value; return the status. */
static int load_one(struct fx *fx, const char *section, const char *key, const char *value)
{
	char text[512];

	snprintf(text, sizeof text, "[%s]\n%s = %s\n", section, key, value);
	return load_text(fx, text);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long len;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	rewind(f);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

/* ---- the table ---- */

static const char *section_of_struct(const char *line)
{
	static const char *const map[][2] = {
		{ "struct kc_general_cfg {", "general" },
		{ "struct kc_protocol_iv {", "protocol.iv" },
		{ "struct kc_protocol_esk {", "protocol.esketamine" },
		{ "struct kc_dose_cfg {", "dose" },
		{ "struct kc_vitals_cfg {", "vitals" },
		{ "struct kc_alerts_cfg {", "alerts" },
		{ "struct kc_screening_cfg {", "screening" },
		{ "struct kc_limits_cfg {", "limits" },
		{ "struct kc_discharge_cfg {", "discharge" },
		{ "struct kc_interventions_cfg {", "interventions" },
		{ "struct kc_course_cfg {", "course" },
		{ "struct kc_rems_cfg {", "rems" },
		{ "struct kc_fhir_cfg {", "fhir" },
	};

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strncmp(line, map[i][0], strlen(map[i][0])))
			return map[i][1];
	return NULL;
}

static int has_key(const char *section, const char *name)
{
	size_t n;
	const struct kc_cfg_key *k = kc_config_keys(&n);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(k[i].section, section) && !strcmp(k[i].name, name))
			return 1;
	return 0;
}

/* Count the fields declared in one header line, checking each has a key. */
static size_t check_fields(const char *section, char *line)
{
	char *decl = line + strspn(line, "\t "), *semi = strchr(decl, ';'), *save = NULL;
	size_t count = 0;

	if (!semi || (strncmp(decl, "int ", 4) && strncmp(decl, "double ", 7) &&
		      strncmp(decl, "char ", 5)))
		return 0;
	*semi = '\0';
	decl = strchr(decl, ' ');
	for (char *tok = strtok_r(decl, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		tok += strspn(tok, " ");
		tok[strcspn(tok, "[ ")] = '\0';
		if (!has_key(section, tok))
			fail_msg("field %s of [%s] in kc_config.h has no key", tok, section);
		count++;
	}
	return count;
}

static void table_has_one_key_per_header_field(void **state)
{
	FILE *f = fopen("include/kc_config.h", "r");
	const char *section = NULL;
	char line[256];
	size_t fields = 0, n;

	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof line, f)) {
		if (!section)
			section = section_of_struct(line);
		else if (!strncmp(line, "};", 2))
			section = NULL;
		else
			fields += check_fields(section, line);
	}
	fclose(f);
	kc_config_keys(&n);
	assert_int_equal(fields, n);
	assert_true(fields > 60);
}

static void table_rows_are_well_formed(void **state)
{
	size_t n;
	const struct kc_cfg_key *k = kc_config_keys(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		const char *src = k[i].source;

		assert_true(*k[i].help);
		assert_true(!strcmp(src, "") || !strcmp(src, "L") || !strcmp(src, "P") || !strcmp(src, "C"));
		/* everything outside [general], [rems] (the clinic's address) and [fhir] (the
		 * export's systems) is clinical and must say where it comes from */
		assert_int_equal(!strcmp(k[i].section, "general") || !strcmp(k[i].section, "rems") ||
				 !strcmp(k[i].section, "fhir"), *src == '\0');
		if (k[i].type == KC_CFG_DOUBLE)
			assert_int_equal(k[i].size, sizeof(double));
		else if (k[i].type != KC_CFG_STRING)
			assert_int_equal(k[i].size, sizeof(int));
		if (k[i].type == KC_CFG_INT || k[i].type == KC_CFG_DOUBLE) {
			double def = strtod(k[i].def, NULL);

			assert_true(k[i].min < k[i].max);
			if (def < k[i].min || def > k[i].max)
				fail_msg("default of [%s] %s outside its range", k[i].section, k[i].name);
		}
		for (size_t j = 0; j < i; j++)
			assert_false(!strcmp(k[i].section, k[j].section) && !strcmp(k[i].name, k[j].name));
	}
}

static void defaults_match_reference_alerts_and_screening(void **state)
{
	struct kc_config c;

	(void)state;
	kc_config_defaults(&c);
	assert_int_equal(c.alerts.systolic_warn, 160);
	assert_int_equal(c.alerts.systolic_critical, 180);
	assert_int_equal(c.alerts.diastolic_warn, 100);
	assert_int_equal(c.alerts.diastolic_critical, 110);
	assert_int_equal(c.alerts.systolic_rise_warn, 40);
	assert_int_equal(c.alerts.diastolic_rise_warn, 25);
	assert_int_equal(c.alerts.heart_rate_warn_high, 110);
	assert_int_equal(c.alerts.heart_rate_critical_high, 130);
	assert_int_equal(c.alerts.heart_rate_warn_low, 50);
	assert_int_equal(c.alerts.heart_rate_critical_low, 40);
	assert_int_equal(c.alerts.spo2_warn, 94);
	assert_int_equal(c.alerts.spo2_critical, 90);
	assert_int_equal(c.alerts.resp_rate_warn_low, 10);
	assert_int_equal(c.alerts.resp_rate_critical_low, 8);
	assert_int_equal(c.alerts.resp_rate_warn_high, 24);
	assert_int_equal(c.alerts.sedation_warn, 3);
	assert_int_equal(c.alerts.sedation_critical, 1);
	assert_int_equal(c.alerts.dissociation_warn, 4);
	assert_int_equal(c.alerts.nausea_warn, 4);
	assert_int_equal(c.alerts.headache_warn, 4);
	assert_int_equal(c.alerts.headache_crisis, 7);
	assert_int_equal(c.alerts.recheck_after_critical_min, 5); /* §4 timing keys [C] */
	assert_int_equal(c.screening.predose_systolic_confirm, 140);
	assert_int_equal(c.screening.predose_diastolic_confirm, 90);
	assert_int_equal(c.screening.predose_systolic_block, 180);
	assert_int_equal(c.screening.predose_diastolic_block, 100);
}

static void defaults_match_reference_protocols_limits_discharge(void **state)
{
	struct kc_config c;

	(void)state;
	kc_config_defaults(&c);
	assert_true(c.iv.dose_mg_per_kg == 0.5);
	assert_true(c.iv.dose_min_mg_per_kg == 0.1);
	assert_true(c.iv.dose_max_mg_per_kg == 1.0);
	assert_int_equal(c.iv.infusion_min, 40);
	assert_true(c.iv.stock_mg_per_ml == 50 && c.iv.bag_ml == 100);
	assert_true(c.iv.fasting_solids_h == 6 && c.iv.fasting_liquids_h == 2);
	assert_int_equal(c.iv.vitals_interval_min, 10);
	assert_int_equal(c.iv.recovery_interval_min, 15);
	assert_int_equal(c.iv.min_observation_min, 30);
	assert_int_equal(c.esk.dose_mg, 56);
	assert_int_equal(c.esk.device_mg, 28);
	assert_int_equal(c.esk.device_spacing_min, 5);
	assert_true(c.esk.fasting_food_h == 2 && c.esk.fasting_liquids_h == 0.5);
	assert_int_equal(c.esk.nasal_pretreat_min, 60);
	assert_int_equal(c.esk.bp_check_min, 40);
	assert_int_equal(c.esk.min_observation_min, 120);
	assert_int_equal(c.esk.min_age, 18);
	assert_int_equal(c.dose.overrun_warn_min, 10); /* §4 timing keys [C] */
	assert_int_equal(c.limits.systolic_min, 30);
	assert_int_equal(c.limits.systolic_max, 280);
	assert_int_equal(c.limits.resp_rate_min, 0);
	assert_true(c.limits.temp_fahrenheit_above == 80 && c.limits.weight_max_kg == 350);
	assert_int_equal(c.discharge.aldrete_min, 9);
	assert_int_equal(c.discharge.moaas_required, 5);
	assert_int_equal(c.discharge.bp_within_percent, 20);
	assert_int_equal(c.discharge.cadss_max, 4);
	assert_int_equal(c.discharge.nausea_max, 3);
	assert_int_equal(c.general.overdue_bell, 1);
	assert_string_equal(c.general.clinic_name, "");
}

/* ---- loading ---- */

static void clean_file_sets_given_keys_and_keeps_other_defaults(void **state)
{
	struct fx *fx = *state;
	struct kc_config want;

	kc_config_defaults(&want);
	assert_int_equal(load_text(fx,
		"# a comment\n"
		"[General]\n"
		"clinic_name = \"Northside; Suite 2\"\n"
		"overdue_bell = Off\n"
		"\n"
		"[alerts]\n"
		"Systolic_Warn = 150   ; lowered by Dr. A\n"
		"[protocol.iv]\n"
		"dose_mg_per_kg = 0.75\n"
		"[protocol.esketamine]\n"
		"dose_mg = 84\n"), KC_OK);
	assert_int_equal(fx->diag.n, 0);
	assert_string_equal(fx->cfg.general.clinic_name, "Northside; Suite 2");
	assert_int_equal(fx->cfg.general.overdue_bell, 0);
	assert_int_equal(fx->cfg.alerts.systolic_warn, 150);
	assert_true(fx->cfg.iv.dose_mg_per_kg == 0.75);
	assert_int_equal(fx->cfg.esk.dose_mg, 84);
	want.general.overdue_bell = 0;
	want.alerts.systolic_warn = 150;
	want.iv.dose_mg_per_kg = 0.75;
	want.esk.dose_mg = 84;
	kc_strlcpy(want.general.clinic_name, "Northside; Suite 2", sizeof want.general.clinic_name);
	assert_memory_equal(&fx->cfg, &want, sizeof want);
}

static void empty_file_gives_the_defaults(void **state)
{
	struct fx *fx = *state;
	struct kc_config want;

	kc_config_defaults(&want);
	memset(&fx->cfg, 0x5a, sizeof fx->cfg);
	assert_int_equal(load_text(fx, ""), KC_OK);
	assert_int_equal(fx->diag.n, 0);
	assert_memory_equal(&fx->cfg, &want, sizeof want);
}

static void not_a_number_is_refused_with_the_text(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load_text(fx,
		"[alerts]\n"
		"systolic_warn = 160 mmHg\n"
		"diastolic_warn = abc\n"
		"spo2_warn =\n"
		"heart_rate_warn_high = 1.5\n"
		"resp_rate_warn_high = 0x10\n"
		"[protocol.iv]\n"
		"dose_mg_per_kg = 1e-1\n"
		"bag_ml = 100.\n"), KC_ERR_CONFIG);
	assert_int_equal(fx->diag.n, 6);
	expect_msg(fx, "[alerts] systolic_warn: ", "\"160 mmHg\" is not a number");
	expect_msg(fx, "[alerts] diastolic_warn: ", "\"abc\" is not a number");
	expect_msg(fx, "[alerts] spo2_warn: ", "is empty");
	expect_msg(fx, "[alerts] heart_rate_warn_high: ", "\"1.5\" is not a whole number");
	expect_msg(fx, "[alerts] resp_rate_warn_high: ", "\"0x10\" is not a number");
	expect_msg(fx, "[protocol.iv] dose_mg_per_kg: ", "\"1e-1\" is not a number");
	/* refused keys keep their defaults; "100." is a number */
	assert_int_equal(fx->cfg.alerts.systolic_warn, 160);
	assert_int_equal(fx->cfg.alerts.diastolic_warn, 100);
	assert_true(fx->cfg.iv.dose_mg_per_kg == 0.5);
	assert_true(fx->cfg.iv.bag_ml == 100);
}

static void int_range_accepts_60_and_280_refuses_59_and_281(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load_one(fx, "alerts", "systolic_warn", "59"), KC_ERR_CONFIG);
	assert_int_equal(fx->diag.n, 1);
	expect_msg(fx, "[alerts] systolic_warn: ", "must be between 60 and 280 mmHg, not 59");
	assert_int_equal(load_one(fx, "alerts", "systolic_warn", "60"), KC_OK);
	assert_int_equal(fx->cfg.alerts.systolic_warn, 60);
	assert_int_equal(load_text(fx, "[alerts]\nsystolic_warn = 280\nsystolic_critical = 280\n"), KC_OK);
	assert_int_equal(fx->cfg.alerts.systolic_warn, 280);
	assert_int_equal(load_text(fx, "[alerts]\nsystolic_warn = 281\nsystolic_critical = 280\n"),
			 KC_ERR_CONFIG);
	assert_int_equal(fx->diag.n, 1);
	expect_msg(fx, "[alerts] systolic_warn: ", "must be between 60 and 280 mmHg, not 281");
}

static void double_range_accepts_0_and_24_refuses_beyond(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load_one(fx, "protocol.iv", "fasting_solids_h", "-0.1"), KC_ERR_CONFIG);
	expect_msg(fx, "[protocol.iv] fasting_solids_h: ", "must be between 0 and 24 h, not -0.1");
	assert_int_equal(load_one(fx, "protocol.iv", "fasting_solids_h", "0"), KC_OK);
	assert_true(fx->cfg.iv.fasting_solids_h == 0);
	assert_int_equal(load_one(fx, "protocol.iv", "fasting_solids_h", "24"), KC_OK);
	assert_true(fx->cfg.iv.fasting_solids_h == 24);
	assert_int_equal(load_one(fx, "protocol.iv", "fasting_solids_h", "24.01"), KC_ERR_CONFIG);
	expect_msg(fx, "[protocol.iv] fasting_solids_h: ", "must be between 0 and 24 h, not 24.01");
	/* the dose range 0.05 .. 2: the bounds print as written in the table */
	assert_int_equal(load_text(fx, "[protocol.iv]\ndose_min_mg_per_kg = 0.04\n"), KC_ERR_CONFIG);
	expect_msg(fx, "[protocol.iv] dose_min_mg_per_kg: ", "must be between 0.05 and 2 mg/kg");
	assert_int_equal(load_text(fx, "[protocol.iv]\ndose_min_mg_per_kg = 0.05\n"), KC_OK);
}

static void unknown_keys_and_sections_are_named(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load_text(fx,
		"stray = 1\n"
		"[alerts]\n"
		"systolic_warning = 150\n"
		"predose_systolic_block = 170\n"
		"colour = red\n"
		"[alert]\n"
		"systolic_warn = 150\n"
		"[colours]\n"
		"warn = red\n"), KC_ERR_CONFIG);
	assert_int_equal(fx->diag.n, 6);
	expect_msg(fx, "stray: ", "not inside any [section]");
	expect_msg(fx, "[alerts] systolic_warning: ", "unknown key (did you mean systolic_warn?)");
	expect_msg(fx, "[alerts] predose_systolic_block: ", "it belongs in [screening]");
	expect_msg(fx, "[alerts] colour: ", "unknown key");
	expect_msg(fx, "[alert]: ", "unknown section (did you mean [alerts]?)");
	expect_msg(fx, "[colours]: ", "unknown section (known: general, protocol.iv");
	/* nothing from a misplaced key or an unknown section was taken */
	assert_int_equal(fx->cfg.alerts.systolic_warn, 160);
	assert_int_equal(fx->cfg.screening.predose_systolic_block, 180);
}

static void bool_accepts_the_usual_words_only(void **state)
{
	struct fx *fx = *state;
	static const char *const yes[] = { "yes", "TRUE", "On", "1" };
	static const char *const no[] = { "no", "False", "OFF", "0" };

	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(load_one(fx, "general", "overdue_bell", no[i]), KC_OK);
		assert_int_equal(fx->cfg.general.overdue_bell, 0);
		assert_int_equal(load_one(fx, "general", "overdue_bell", yes[i]), KC_OK);
		assert_int_equal(fx->cfg.general.overdue_bell, 1);
	}
	assert_int_equal(load_one(fx, "general", "overdue_bell", "maybe"), KC_ERR_CONFIG);
	expect_msg(fx, "[general] overdue_bell: ", "must be yes or no");
	expect_msg(fx, "[general] overdue_bell: ", "not \"maybe\"");
	assert_int_equal(load_one(fx, "general", "overdue_bell", "2"), KC_ERR_CONFIG);
}

static void string_of_63_bytes_fits_64_is_too_long(void **state)
{
	struct fx *fx = *state;
	char name[65];

	memset(name, 'x', 64);
	name[64] = '\0';
	assert_int_equal(load_one(fx, "general", "clinic_name", name), KC_ERR_CONFIG);
	expect_msg(fx, "[general] clinic_name: ", "is too long (64 bytes; at most 63)");
	assert_string_equal(fx->cfg.general.clinic_name, "");
	name[63] = '\0';
	assert_int_equal(load_one(fx, "general", "clinic_name", name), KC_OK);
	assert_string_equal(fx->cfg.general.clinic_name, name);
}

/* [general] group is gone: shared mode is set up by root (ketchart setup --shared). */
static void group_is_refused_naming_setup_shared(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load_one(fx, "general", "group", "clinic"), KC_ERR_CONFIG);
	expect_msg(fx, "[general] group: ", "gone: a database several clinicians share is set up with "
		   "'ketchart setup --shared'");
}

static void warn_beyond_critical_names_both_keys_and_values(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load_text(fx, "[alerts]\nsystolic_warn = 180\n"), KC_OK);
	assert_int_equal(load_text(fx,
		"[alerts]\n"
		"systolic_warn = 181\n"
		"diastolic_critical = 95\n"
		"heart_rate_warn_high = 131\n"
		"heart_rate_warn_low = 39\n"
		"spo2_warn = 89\n"
		"resp_rate_critical_low = 11\n"
		"sedation_warn = 0\n"), KC_ERR_CONFIG);
	assert_int_equal(fx->diag.n, 7);
	expect_msg(fx, "[alerts] systolic_warn: ",
		   "181 is above systolic_critical (180); a warn limit must not lie beyond");
	expect_msg(fx, "[alerts] diastolic_warn: ", "100 is above diastolic_critical (95)");
	expect_msg(fx, "[alerts] heart_rate_warn_high: ", "131 is above heart_rate_critical_high (130)");
	expect_msg(fx, "[alerts] heart_rate_warn_low: ", "39 is below heart_rate_critical_low (40)");
	expect_msg(fx, "[alerts] spo2_warn: ", "89 is below spo2_critical (90)");
	expect_msg(fx, "[alerts] resp_rate_warn_low: ", "10 is below resp_rate_critical_low (11)");
	expect_msg(fx, "[alerts] sedation_warn: ", "0 is below sedation_critical (1)");
}

static void confirm_above_block_is_refused_equal_is_not(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load_text(fx, "[screening]\npredose_systolic_confirm = 180\n"
				   "predose_diastolic_confirm = 100\n"), KC_OK);
	assert_int_equal(load_text(fx, "[screening]\npredose_systolic_confirm = 181\n"
				   "predose_diastolic_block = 89\n"), KC_ERR_CONFIG);
	assert_int_equal(fx->diag.n, 2);
	expect_msg(fx, "[screening] predose_systolic_confirm: ",
		   "181 is above predose_systolic_block (180); the confirm limit");
	expect_msg(fx, "[screening] predose_diastolic_confirm: ", "90 is above predose_diastolic_block (89)");
}

static void limits_doses_and_devices_must_agree(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load_text(fx,
		"[limits]\nsystolic_min = 280\ntemp_min_c = 45.5\ntemp_max_c = 45.5\n"
		"[protocol.iv]\ndose_mg_per_kg = 1.2\n"
		"[protocol.esketamine]\ndose_mg = 70\n"), KC_ERR_CONFIG);
	assert_int_equal(fx->diag.n, 4);
	expect_msg(fx, "[limits] systolic_min: ", "280 is not below systolic_max (280); the minimum");
	expect_msg(fx, "[limits] temp_min_c: ", "45.5 is not below temp_max_c (45.5)");
	expect_msg(fx, "[protocol.iv] dose_mg_per_kg: ", "1.2 is above dose_max_mg_per_kg (1)");
	expect_msg(fx, "[protocol.esketamine] dose_mg: ", "70 is not a multiple of device_mg (28)");
	assert_int_equal(load_text(fx, "[limits]\nsystolic_min = 279\n[protocol.iv]\n"
				   "dose_mg_per_kg = 1.0\n[protocol.esketamine]\ndose_mg = 112\n"), KC_OK);
}

static void low_high_crisis_fahrenheit_and_min_dose_rules(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load_text(fx,
		"[alerts]\nheart_rate_warn_low = 100\nheart_rate_warn_high = 100\n"
		"resp_rate_warn_low = 24\nheadache_warn = 8\n"
		"[limits]\ntemp_fahrenheit_above = 45\n"
		"[protocol.iv]\ndose_min_mg_per_kg = 0.6\n"), KC_ERR_CONFIG);
	assert_int_equal(fx->diag.n, 5);
	expect_msg(fx, "[alerts] heart_rate_warn_low: ", "100 is not below heart_rate_warn_high (100)");
	expect_msg(fx, "[alerts] resp_rate_warn_low: ", "24 is not below resp_rate_warn_high (24)");
	expect_msg(fx, "[alerts] headache_warn: ", "8 is above headache_crisis (7)");
	expect_msg(fx, "[limits] temp_fahrenheit_above: ", "45 is not above temp_max_c (45)");
	expect_msg(fx, "[protocol.iv] dose_min_mg_per_kg: ", "0.6 is above dose_mg_per_kg (0.5)");
	assert_int_equal(load_text(fx,
		"[alerts]\nheart_rate_warn_low = 99\nheart_rate_warn_high = 100\n"
		"resp_rate_warn_low = 23\nheadache_warn = 7\n"
		"[limits]\ntemp_fahrenheit_above = 45.1\n"
		"[protocol.iv]\ndose_min_mg_per_kg = 0.5\n"), KC_OK);
}

static void cross_rule_skipped_when_a_partner_is_invalid(void **state)
{
	struct fx *fx = *state;

	/* 190 would be above the default critical 180, but the user's critical is unreadable:
	 * only that is reported, not a comparison against a value the user did not mean. */
	assert_int_equal(load_text(fx, "[alerts]\nsystolic_warn = 190\nsystolic_critical = 2OO\n"),
			 KC_ERR_CONFIG);
	assert_int_equal(fx->diag.n, 1);
	expect_msg(fx, "[alerts] systolic_critical: ", "\"2OO\" is not a number");
}

static void every_error_in_one_file_is_reported_with_its_place(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load_text(fx,
		"[general]\noverdue_bell = sometimes\n"
		"[alerts]\nspo2_critical = 101\nheart_rate_warn_low = fifty\n"
		"[screening]\npredose_diastolic_block = 250\n"
		"[limits]\nweight_min_kg = 20 kg\n"
		"[discharge]\naldrete_min = 11\n"
		"[alerts]\nsystolic_warn = 170\n"
		"[protocol.esketamine]\ndevice_spacing_min = 0\n"), KC_ERR_CONFIG);
	assert_int_equal(fx->diag.n, 8);
	expect_msg(fx, "line 12: [alerts] is given again (first on line 3)", "");
	expect_msg(fx, "[general] overdue_bell: ", "yes or no");
	expect_msg(fx, "[alerts] spo2_critical: ", "between 50 and 100 %, not 101");
	expect_msg(fx, "[alerts] heart_rate_warn_low: ", "not a number");
	expect_msg(fx, "[screening] predose_diastolic_block: ", "between 30 and 200 mmHg");
	expect_msg(fx, "[limits] weight_min_kg: ", "\"20 kg\" is not a number");
	expect_msg(fx, "[discharge] aldrete_min: ", "between 5 and 10");
	expect_msg(fx, "[protocol.esketamine] device_spacing_min: ", "between 1 and 60 min");
	/* the one valid key was taken */
	assert_int_equal(fx->cfg.alerts.systolic_warn, 170);
}

static void too_many_errors_are_counted_not_lost(void **state)
{
	struct fx *fx = *state;
	size_t len = 0, cap = 200 * 32;
	char *text = malloc(cap);

	assert_non_null(text);
	len += (size_t)snprintf(text, cap, "[alerts]\n");
	for (int i = 0; i < KC_DIAG_MAX + 5; i++)
		len += (size_t)snprintf(text + len, cap - len, "bogus_%d = 1\n", i);
	assert_int_equal(load_text(fx, text), KC_ERR_CONFIG);
	assert_int_equal(fx->diag.n, KC_DIAG_MAX);
	assert_int_equal(fx->diag.dropped, 5);
	free(text);
}

static void missing_or_unreadable_file_is_one_diagnostic(void **state)
{
	struct fx *fx = *state;
	struct kc_config want;
	char msg[KC_MSG_MAX];

	kc_config_defaults(&want);
	unlink(fx->path);
	assert_int_equal(kc_config_load(fx->path, &fx->cfg, &fx->diag), KC_ERR_CONFIG);
	assert_int_equal(fx->diag.n, 1);
	snprintf(msg, sizeof msg, "%s: cannot read: No such file or directory", fx->path);
	assert_string_equal(fx->diag.msg[0], msg);
	assert_memory_equal(&fx->cfg, &want, sizeof want);
	assert_int_equal(kc_config_load("/tmp", &fx->cfg, &fx->diag), KC_ERR_CONFIG);
	assert_int_equal(fx->diag.n, 1);
	assert_string_equal(fx->diag.msg[0], "/tmp: cannot read: Is a directory");
}

static void syntax_error_is_reported_and_not_printed(void **state)
{
	struct fx *fx = *state;
	char errpath[] = "/tmp/kc_config_err_XXXXXX";
	int errfd = mkstemp(errpath), saved = dup(2);
	int rc;

	assert_true(errfd >= 0 && saved >= 0);
	fflush(stderr);
	dup2(errfd, 2);
	rc = load_text(fx, "[alerts]\nsystolic_warn = 150\nthis line is wrong\n[limits\n");
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	assert_int_equal(rc, KC_ERR_CONFIG);
	assert_int_equal(lseek(errfd, 0, SEEK_END), 0); /* nothing went to stderr */
	close(errfd);
	unlink(errpath);
	assert_int_equal(fx->diag.n, 2);
	expect_msg(fx, "line 3: syntax error: ", "\"this line is wrong\"");
	expect_msg(fx, "line 4: syntax error: ", "\"[limits\"");
	assert_int_equal(fx->cfg.alerts.systolic_warn, 160);
}

/* ---- the syntax checked by ketchart, iniparser through its public interface (issue 14) ----
 * A broken line is named with its number whatever iniparser's own words would be, a line
 * too long for iniparser is named instead of a message about /proc/self/fd/N, a key
 * outside any section and a key without a name are named with their line, a value
 * continued with \ is read as iniparser joins it, and every section and key is seen. */

/* The one message that starts "PATH: <start>" and holds gist. */
static void expect_only(const struct fx *fx, const char *start, const char *gist)
{
	char prefix[KC_MSG_MAX];

	snprintf(prefix, sizeof prefix, "%s: %s", fx->path, start);
	for (size_t i = 0; i < fx->diag.n; i++)
		print_message("  diag %zu: %s\n", i, fx->diag.msg[i]);
	assert_int_equal(fx->diag.n, 1);
	assert_int_equal(strncmp(fx->diag.msg[0], prefix, strlen(prefix)), 0);
	assert_non_null(strstr(fx->diag.msg[0], gist));
	assert_null(strstr(fx->diag.msg[0], "/proc/self/fd"));
	assert_null(strstr(fx->diag.msg[0], "iniparser"));
}

static void test_line_too_long_is_named_with_its_number(void **state)
{
	struct fx *fx = *state;
	char text[1400];

	snprintf(text, sizeof text, "[alerts]\nsystolic_warn = 150\n# %01200d\n", 0);
	assert_int_equal(load_text(fx, text), KC_ERR_CONFIG);
	expect_only(fx, "line 3: ", "longer than 1023 characters");
}

static void test_key_without_a_name_is_a_syntax_error_with_its_line(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load_text(fx, "[alerts]\n\n = 150\n"), KC_ERR_CONFIG);
	expect_only(fx, "line 3: syntax error: ", "\"= 150\" is neither a [section]");
}

static void test_broken_line_named_once_with_its_number(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load_text(fx, "[alerts]\nsystolic_warn = 150\n\nno equals sign here\n"), KC_ERR_CONFIG);
	expect_only(fx, "line 4: syntax error: ", "\"no equals sign here\"");
	assert_int_equal(fx->cfg.alerts.systolic_warn, 160); /* nothing of a broken file is taken */
}

static void test_key_outside_any_section_names_its_line(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load_text(fx, "# clinic settings\nstray = 1\n[alerts]\nsystolic_warn = 150\n"), KC_ERR_CONFIG);
	expect_only(fx, "stray: ", "key is not inside any [section] (line 2)");
}

/* A value continued on the next line with \ is one line to iniparser and to the check. */
static void test_continued_line_is_read_as_iniparser_joins_it(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load_text(fx, "[alerts]\nsystolic_warn = 1\\\n50\ndiastolic_warn = 95\n"), KC_OK);
	assert_int_equal(fx->diag.n, 0);
	assert_int_equal(fx->cfg.alerts.systolic_warn, 150);
	assert_int_equal(fx->cfg.alerts.diastolic_warn, 95);
}

/* Every section and key reaches the table through the public interface: values in two
 * sections, an unknown key and an unknown section are all seen. */
static void test_every_section_and_key_is_seen(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(load_text(fx, "[alerts]\nsystolic_warn = 150\nbogus = 1\n[limits]\n[nosuch]\nx = 1\n"),
			 KC_ERR_CONFIG);
	assert_int_equal(fx->cfg.alerts.systolic_warn, 150);
	assert_int_equal(fx->diag.n, 2);
	assert_non_null(strstr(fx->diag.msg[0], "[alerts] bogus: unknown key"));
	assert_non_null(strstr(fx->diag.msg[1], "[nosuch]: unknown section"));
	assert_int_equal(load_text(fx, "[alerts]\nsystolic_warn = 150\n[general]\n"), KC_OK);
	assert_int_equal(fx->cfg.alerts.systolic_warn, 150);
}

/* ---- the example file and the man page ---- */

static void example_file_is_what_the_writer_writes(void **state)
{
	char *mem = NULL, *file;
	size_t len = 0;
	FILE *out = open_memstream(&mem, &len);

	(void)state;
	assert_non_null(out);
	assert_int_equal(kc_config_write_example(out), KC_OK);
	fclose(out);
	file = slurp("config.ini.example");
	if (strcmp(file, mem)) {
		size_t at = 0, line = 1;

		for (; file[at] && file[at] == mem[at]; at++)
			line += file[at] == '\n';
		fail_msg("config.ini.example differs from kc_config_write_example() at line %zu; "
			 "regenerate it", line);
	}
	free(file);
	free(mem);
}

static void example_file_loads_clean_to_the_defaults(void **state)
{
	struct kc_config c, want;
	struct kc_diag *d = malloc(sizeof *d);

	(void)state;
	assert_non_null(d);
	kc_config_defaults(&want);
	assert_int_equal(kc_config_load("config.ini.example", &c, d), KC_OK);
	assert_int_equal(d->n, 0);
	assert_memory_equal(&c, &want, sizeof want);
	free(d);
}

static void example_file_spells_out_every_key(void **state)
{
	size_t n;
	const struct kc_cfg_key *k = kc_config_keys(&n);
	char *file = slurp("config.ini.example"), line[128];

	(void)state;
	assert_non_null(strstr(file, "medical director must confirm"));
	for (size_t i = 0; i < n; i++) {
		const char *src = !strcmp(k[i].source, "L") ? "[L] drug label / regulator"
			: !strcmp(k[i].source, "P") ? "[P] published instrument or guideline"
			: !strcmp(k[i].source, "C") ? "[C] common clinic practice, unverified"
			: "not a clinical value";
		char *at, *start;

		snprintf(line, sizeof line, "\n[%s]\n", k[i].section);
		at = strstr(file, line);
		assert_non_null(at);
		snprintf(line, sizeof line, "\n%s = ", k[i].name);
		at = strstr(at, line);
		assert_non_null(at);
		*at = '\0'; /* the comment just above the key names its source */
		start = strrchr(file, '#');
		assert_non_null(start);
		if (!strstr(start, src))
			fail_msg("%s: \"%s\" lacks \"%s\"", k[i].name, start, src);
		*at = '\n';
	}
	free(file);
}

static void man_page_documents_every_key_with_its_default(void **state)
{
	size_t n;
	const struct kc_cfg_key *k = kc_config_keys(&n);
	char *man = slurp("man/ketchart.ini.5"), head[128], def[300];

	(void)state;
	for (size_t i = 0; i < n; i++) {
		char *at, *next, *found;

		snprintf(head, sizeof head, "\n.SS [%s]\n", k[i].section);
		at = strstr(man, head);
		if (!at)
			fail_msg("man/ketchart.ini.5 has no section [%s]", k[i].section);
		snprintf(head, sizeof head, "\n.B %s\n", k[i].name);
		at = strstr(at, head);
		if (!at)
			fail_msg("man/ketchart.ini.5 does not document [%s] %s", k[i].section, k[i].name);
		next = strstr(at + 1, "\n.TP");
		if (next)
			*next = '\0';
		snprintf(def, sizeof def, "Default: %s", *k[i].def ? k[i].def : "empty");
		found = strstr(at, def);
		if (!found || !strchr(" .\n", found[strlen(def)]))
			fail_msg("man page: [%s] %s lacks \"%s\"", k[i].section, k[i].name, def);
		if (next)
			*next = '\n';
	}
	free(man);
}

/* ---- where the file is ---- */

static void path_from_command_line_is_required(void **state)
{
	char out[64];
	int required = -1;

	(void)state;
	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	assert_int_equal(kc_config_path("/etc/kc.ini", out, sizeof out, &required), KC_OK);
	assert_string_equal(out, "/etc/kc.ini");
	assert_int_equal(required, 1);
	assert_int_equal(kc_config_path("", out, sizeof out, &required), KC_ERR_INVALID);
	assert_int_equal(kc_config_path("/a/very/long/path/that/does/not/fit/in/the/buffer.ini",
					out, 16, &required), KC_ERR_INVALID);
	assert_string_equal(out, "");
}

static void path_xdg_then_home_then_builtin(void **state)
{
	char out[64];
	int required = -1;

	(void)state;
	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	setenv("HOME", "/home/nurse", 1);
	assert_int_equal(kc_config_path(NULL, out, sizeof out, &required), KC_OK);
	assert_string_equal(out, "/xdg/ketchart/config.ini");
	assert_int_equal(required, 0);
	setenv("XDG_CONFIG_HOME", "relative/dir", 1); /* XDG: a relative path is ignored */
	assert_int_equal(kc_config_path(NULL, out, sizeof out, &required), KC_OK);
	assert_string_equal(out, "/home/nurse/.config/ketchart/config.ini");
	unsetenv("XDG_CONFIG_HOME");
	assert_int_equal(kc_config_path(NULL, out, sizeof out, &required), KC_OK);
	assert_string_equal(out, "/home/nurse/.config/ketchart/config.ini");
	assert_int_equal(required, 0);
	unsetenv("HOME");
	assert_int_equal(kc_config_path(NULL, out, sizeof out, &required), KC_OK);
	assert_string_equal(out, "");
	assert_int_equal(required, 0);
}

/* Write text as a labels file and load it (struct kc_labels is large: heap). */
static int load_labels(struct fx *fx, const char *text, struct kc_labels *l)
{
	FILE *f = fopen(fx->path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return kc_labels_load(fx->path, l, &fx->diag);
}

static void labels_file_supplies_licensed_wording(void **state)
{
	struct fx *fx = *state;
	struct kc_labels *l = calloc(1, sizeof *l);

	assert_non_null(l);
	assert_int_equal(load_labels(fx, "[cssrs]\n1 = Clinic wording one\n[cadss]\n23 = Item 23 text\n", l),
			 KC_OK);
	assert_string_equal(kc_label(l, KC_LABELS_CSSRS, 1, "wish to be dead"), "Clinic wording one");
	assert_string_equal(kc_label(l, KC_LABELS_CADSS, 23, "x"), "Item 23 text");
	/* An item the clinic did not label keeps the neutral topic word. */
	assert_string_equal(kc_label(l, KC_LABELS_CSSRS, 2, "thoughts of killing self"),
			    "thoughts of killing self");
	assert_string_equal(kc_label(NULL, KC_LABELS_CSSRS, 1, "fallback"), "fallback");
	free(l);
}

static void labels_file_errors_are_all_named(void **state)
{
	struct fx *fx = *state;
	struct kc_labels *l = calloc(1, sizeof *l);

	assert_non_null(l);
	assert_int_equal(load_labels(fx, "[cssrs]\n7 = too far\n0 = too low\nabc = what\n"
					 "[cadss]\n24 = beyond\n[bdi2]\n1 = not a set we know\n", l),
			 KC_ERR_CONFIG);
	expect_msg(fx, "[cssrs] 7:", "1 to 6");
	expect_msg(fx, "[cssrs] 0:", "1 to 6");
	expect_msg(fx, "[cssrs] abc:", "not an item number");
	expect_msg(fx, "[cadss] 24:", "1 to 23");
	expect_msg(fx, "[bdi2]:", "unknown section");
	assert_int_equal(fx->diag.n, 5);
	free(l);
}

static void no_labels_file_is_fine_and_missing_one_is_not(void **state)
{
	struct fx *fx = *state;
	struct kc_labels *l = calloc(1, sizeof *l);

	assert_non_null(l);
	assert_int_equal(kc_labels_load("", l, &fx->diag), KC_OK);
	assert_int_equal(fx->diag.n, 0);
	assert_int_equal(kc_labels_load("/nonexistent/labels.ini", l, &fx->diag), KC_ERR_CONFIG);
	assert_non_null(strstr(fx->diag.msg[0], "/nonexistent/labels.ini: cannot read"));
	free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_has_one_key_per_header_field),
		cmocka_unit_test(table_rows_are_well_formed),
		cmocka_unit_test(defaults_match_reference_alerts_and_screening),
		cmocka_unit_test(defaults_match_reference_protocols_limits_discharge),
#define FX(t) cmocka_unit_test_setup_teardown(t, fx_setup, fx_teardown)
		FX(clean_file_sets_given_keys_and_keeps_other_defaults),
		FX(empty_file_gives_the_defaults),
		FX(not_a_number_is_refused_with_the_text),
		FX(int_range_accepts_60_and_280_refuses_59_and_281),
		FX(double_range_accepts_0_and_24_refuses_beyond),
		FX(unknown_keys_and_sections_are_named),
		FX(bool_accepts_the_usual_words_only),
		FX(string_of_63_bytes_fits_64_is_too_long),
		FX(group_is_refused_naming_setup_shared),
		FX(warn_beyond_critical_names_both_keys_and_values),
		FX(confirm_above_block_is_refused_equal_is_not),
		FX(limits_doses_and_devices_must_agree),
		FX(low_high_crisis_fahrenheit_and_min_dose_rules),
		FX(cross_rule_skipped_when_a_partner_is_invalid),
		FX(every_error_in_one_file_is_reported_with_its_place),
		FX(too_many_errors_are_counted_not_lost),
		FX(missing_or_unreadable_file_is_one_diagnostic),
		FX(syntax_error_is_reported_and_not_printed),
		FX(test_line_too_long_is_named_with_its_number),
		FX(test_key_without_a_name_is_a_syntax_error_with_its_line),
		FX(test_broken_line_named_once_with_its_number),
		FX(test_key_outside_any_section_names_its_line),
		FX(test_continued_line_is_read_as_iniparser_joins_it),
		FX(test_every_section_and_key_is_seen),
		cmocka_unit_test(example_file_is_what_the_writer_writes),
		cmocka_unit_test(example_file_loads_clean_to_the_defaults),
		cmocka_unit_test(example_file_spells_out_every_key),
		cmocka_unit_test(man_page_documents_every_key_with_its_default),
		cmocka_unit_test(path_from_command_line_is_required),
		cmocka_unit_test(path_xdg_then_home_then_builtin),
		cmocka_unit_test_setup_teardown(labels_file_supplies_licensed_wording, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(labels_file_errors_are_all_named, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(no_labels_file_is_fine_and_missing_one_is_not, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
