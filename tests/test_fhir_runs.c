/* test_fhir_runs.c — the FHIR export's runs of members (src/core/fhir.c: run_put, run_full)
 * write the same bytes whatever their size: fhir.c is built here a second time with runs of
 * 64 bytes (a reference with its key is longer), so nearly every member
 * fills its run, many are longer than a whole run and go to the writer by themselves
 * (run_full: a string, an array, raw JSON), and the export of the demo's record must be
 * byte for byte the library's (runs of 2 KiB, which the record never fills). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "kc_fhir.h"
#include "kc_report.h"

/* The library's export, declared before the copy below renames its own. */
static int (*const library_export)(struct kc_store *, const struct kc_config *, struct kc_export_opts *, FILE *,
				   struct kc_err *) = kc_fhir_export;

#define RUN_MAX 64
#define kc_fhir_export small_runs_fhir_export
#define kc_export_fhir small_runs_export_fhir
int small_runs_fhir_export(struct kc_store *st, const struct kc_config *cfg, struct kc_export_opts *o, FILE *out,
			   struct kc_err *err);
int small_runs_export_fhir(struct kc_store *st, struct kc_export_opts *o, FILE *out, struct kc_err *err);
#include "../src/core/fhir.c"
#undef kc_fhir_export
#undef kc_export_fhir

#define T0 1790000000 /* 2026-09-21 */

static char *text_of(int (*exp)(struct kc_store *, const struct kc_config *, struct kc_export_opts *, FILE *,
				struct kc_err *),
		     struct kc_tdb *db, struct kc_export_opts *o, size_t *len)
{
	char *buf = NULL;
	FILE *out = open_memstream(&buf, len);

	assert_non_null(out);
	if (exp(db->st, &db->cfg, o, out, &db->err) != KC_OK)
		fail_msg("export: %s", db->err.msg);
	fclose(out);
	return buf;
}

static void same_bytes(struct kc_tdb *db, struct kc_export_opts *o)
{
	size_t na = 0, nb = 0;
	char *a = text_of(library_export, db, o, &na);
	char *b = text_of(small_runs_fhir_export, db, o, &nb);

	assert_true(na > 10000); /* a record, not an empty bundle */
	assert_int_equal(na, nb);
	if (memcmp(a, b, na) != 0) {
		size_t i = 0;

		while (a[i] == b[i])
			i++;
		fail_msg("the exports part at byte %zu: ...%.60s... vs ...%.60s...", i, a + (i > 20 ? i - 20 : 0),
			 b + (i > 20 ? i - 20 : 0));
	}
	free(a);
	free(b);
}

static void runs_of_any_size_write_the_same_bundle(void **state)
{
	struct kc_tdb db;
	struct kc_export_opts all = { 0 }, put = { .transaction = 1 };

	(void)state;
	tdb_create(&db, "fhir_runs", "nurse1");
	assert_int_equal(kc_demo_fill(db.st, &db.cfg, T0, &db.err), KC_OK);
	assert_int_equal(kc_demo_courses(db.st, &db.cfg, T0, &db.err), KC_OK);
	same_bytes(&db, &all);
	same_bytes(&db, &put);
	tdb_destroy(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(runs_of_any_size_write_the_same_bundle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
