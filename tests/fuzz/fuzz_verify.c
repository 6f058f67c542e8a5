/* fuzz_verify.c — libFuzzer target for verify on damaged files: a demo database (three
 * sessions, one signed, its anchor written) with bytes of the file overwritten, cut short
 * or its pages shuffled, as a failing disk or a careless hand leaves it; then open and
 * verify.
 *
 * Input: byte 0 picks how much of the file survives (all of it unless byte 0 < 16); then
 * 4-byte patches (offset as 3 bytes, scaled to the file; the new byte). The -wal is gone
 * (the demo was closed cleanly), so every change is in the file itself.
 *
 * Checked beyond "no crash": the open either works or fails with a message; verify returns
 * KC_OK (whatever it found) or a status with a message, never an unterminated one;
 * shown <= problems and shown <= KC_VERIFY_SHOWN; no finding carries a control or
 * direction character (stored text in findings is escaped); and an unpatched file
 * verifies clean. */
#include <stdint.h>
#include <time.h>

#include "fuzz_common.h"
#include "kc_config.h"
#include "kc_report.h"
#include "kc_text.h"
#include "kc_verify.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned char *tmpl, *work;
static size_t tmpl_n;
static char anchor[4096];
static unsigned char *anchor_bytes;
static size_t anchor_n;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct kc_store *st = NULL;
	struct kc_config cfg;
	struct kc_err err;

	(void)argc;
	(void)argv;
	kc_config_defaults(&cfg);
	fz_folder("ver");
	if (kc_store_open(&st, fz_db, KC_OPEN_CREATE, "fuzzer", &err) != KC_OK ||
	    kc_demo_fill(st, &cfg, time(NULL), &err) != KC_OK ||
	    kc_store_anchor_path(st, anchor, sizeof anchor, &err) != KC_OK)
		fz_die("demo", err.msg);
	kc_store_close(st);
	tmpl = fz_slurp(fz_db, &tmpl_n);
	work = malloc(tmpl_n);
	anchor_bytes = fz_slurp(anchor, &anchor_n);
	if (!work)
		fz_die("malloc", "");
	return 0;
}

static void put_anchor(void)
{
	char dir[4200];
	FILE *f;

	snprintf(dir, sizeof dir, "%s/anchors", fz_dir);
	mkdir(dir, 0700);
	f = fopen(anchor, "wb");
	if (!f || fwrite(anchor_bytes, 1, anchor_n, f) != anchor_n || fclose(f) != 0)
		fz_die("anchor", anchor);
}

static void check_result(const struct kc_verify_result *v, size_t patches)
{
	if (v->shown > v->problems || v->shown > KC_VERIFY_SHOWN)
		fz_die("verify counts", "shown > problems");
	for (size_t i = 0; i < v->shown; i++) {
		if (!memchr(v->problem[i], '\0', KC_MSG_MAX) || !v->problem[i][0])
			fz_die("verify finding", "empty or unterminated");
		if (kc_text_needs_escape(v->problem[i], 0))
			fz_die("a finding carries a control or direction character", v->problem[i]);
	}
	if (!patches && v->problems)
		fz_die("the untouched demo does not verify", v->problem[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kc_verify_result *v = calloc(1, sizeof *v);
	struct kc_store *st = NULL;
	struct kc_err err;
	size_t n = tmpl_n, patches = 0;
	int rc;

	if (!v)
		fz_die("calloc", "");
	memcpy(work, tmpl, tmpl_n);
	if (size && data[0] < 16)
		n = tmpl_n * data[0] / 16;
	for (size_t i = 1; i + 4 <= size; i += 4) {
		size_t off = ((size_t)data[i] << 16 | (size_t)data[i + 1] << 8 | data[i + 2]) % tmpl_n;

		if (off < n && work[off] != data[i + 3]) {
			work[off] = data[i + 3];
			patches++;
		}
	}
	if (n < tmpl_n)
		patches++;
	fz_spill(work, n);
	put_anchor();
	kc_err_clear(&err);
	if (kc_store_open(&st, fz_db, KC_OPEN_EXISTING, "fuzzer", &err) != KC_OK) {
		if (!err.msg[0] || !memchr(err.msg, '\0', sizeof err.msg))
			fz_die("open failed without a message", "");
		free(v);
		return 0;
	}
	rc = kc_verify(st, NULL, v, &err);
	if (rc != KC_OK && (!err.msg[0] || !memchr(err.msg, '\0', sizeof err.msg)))
		fz_die("verify failed without a message", "");
	if (rc == KC_OK)
		check_result(v, patches);
	kc_store_close(st);
	free(v);
	return 0;
}
