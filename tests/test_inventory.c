/* test_inventory.c — the controlled-substance record (kc_inventory.h): received - given -
 * wasted = on hand per product and lot, a count that differs recorded as a discrepancy and
 * never adjusted, the waste witnessed by a second clinician from their own login (two real
 * logins: two stores opened as nurse1 and doc1), and no signature with drawn-up drug left. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "kc_chart.h"
#include "kc_inventory.h"

#define MIN 60
#define T0 ((time_t)1700000000)

struct fx {
	struct kc_tdb db;         /* first: tdb_teardown frees the struct through it; the admin */
	struct kc_store *nurse, *doc;
	kc_id patient, esk, iv;
};

static struct kc_store *open_as(struct fx *f, const char *login)
{
	struct kc_store *st = NULL;

	assert_int_equal(kc_store_open(&st, f->db.path, KC_OPEN_EXISTING, login, &f->db.err), KC_OK);
	return st;
}

static void receipt(struct fx *f, struct kc_store *st, const char *product, const char *lot, int units, double mg,
		    int want)
{
	struct kc_stock_receipt r = { .units = units, .mg_per_unit = mg };

	kc_strlcpy(r.product, product, sizeof r.product);
	kc_strlcpy(r.strength, mg == 28 ? "28 mg nasal device" : "50 mg/mL, 10 mL vial", sizeof r.strength);
	kc_strlcpy(r.lot, lot, sizeof r.lot);
	kc_strlcpy(r.expiry, "2030-06-30", sizeof r.expiry);
	kc_strlcpy(r.supplier, "Cardinal Health", sizeof r.supplier);
	kc_strlcpy(r.received_on, "2023-11-01", sizeof r.received_on);
	assert_int_equal(kc_chart_stock_receive(st, &r, T0, NULL, &f->db.err), want);
}

static void dose(struct fx *f, kc_id session, enum kc_dose_kind kind, double mg, const char *lot, time_t at)
{
	struct kc_dose_row r = { .session_id = session, .kind = kind, .mg = mg, .at = at,
				 .rate_ml_h = kind == KC_DOSE_START ? 150 : 0 };

	kc_strlcpy(r.lot, lot, sizeof r.lot);
	if (kc_dose_add(f->db.st, &r, at, &f->db.err) != KC_OK)
		fail_msg("dose: %s", f->db.err.msg);
}

/* An admin, a nurse and a physician; lot ESK-A (10 devices of 28 mg), lot KET-K (5 vials of
 * 500 mg); an esketamine session gave 2 devices of ESK-A, an IV session 35 mg of KET-K. */
static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	tdb_create(&f->db, "inventory", "admin1");
	assert_int_equal(kc_chart_clinician_add(f->db.st, "nurse1", "Nina Nurse", KC_ROLE_NURSE, T0, &f->db.err), KC_OK);
	assert_int_equal(kc_chart_clinician_add(f->db.st, "doc1", "Dana Doc", KC_ROLE_PHYSICIAN, T0, &f->db.err), KC_OK);
	f->nurse = open_as(f, "nurse1");
	f->doc = open_as(f, "doc1");
	f->patient = tdb_patient(&f->db, "T-1", "Test Patient", "1980-01-01", T0 - 86400);
	f->esk = tdb_session(&f->db, f->patient, KC_ROUTE_ESKETAMINE, T0);
	f->iv = tdb_session(&f->db, f->patient, KC_ROUTE_IV, T0 + 86400);
	receipt(f, f->db.st, "esketamine", "ESK-A", 10, 28, KC_OK);
	receipt(f, f->doc, "ketamine", "KET-K", 5, 500, KC_OK);
	dose(f, f->esk, KC_DOSE_DEVICE, 28, "ESK-A", T0 + 30 * MIN);
	dose(f, f->esk, KC_DOSE_DEVICE, 28, "ESK-A", T0 + 35 * MIN);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	kc_store_close(f->nurse);
	kc_store_close(f->doc);
	return tdb_teardown(state);
}

static const struct kc_lot_balance *lot(const struct kc_inventory *inv, const char *name)
{
	for (size_t i = 0; i < inv->nb; i++)
		if (strcmp(inv->b[i].lot, name) == 0)
			return &inv->b[i];
	fail_msg("no balance for lot %s", name);
	return NULL;
}

/* 50 mg of KET-K drawn up by the nurse for the IV session, which gave 35 mg. */
static void iv_given(struct fx *f)
{
	kc_id id = 0;

	dose(f, f->iv, KC_DOSE_START, 0, "KET-K", T0 + 86400 + 30 * MIN);
	assert_int_equal(kc_chart_drug_draw(f->nurse, &f->db.cfg, f->iv, "KET-K", "50", T0 + 86400 + 20 * MIN,
					    T0 + 86400 + 21 * MIN, &id, &f->db.err), KC_OK);
	dose(f, f->iv, KC_DOSE_STOP, 35, "", T0 + 86400 + 70 * MIN);
}

static void test_received_minus_given_minus_wasted_is_on_hand(void **state)
{
	struct fx *f = *state;
	struct kc_inventory inv;
	kc_id w = 0;

	iv_given(f);
	assert_int_equal(kc_chart_drug_waste(f->nurse, &f->db.cfg, f->iv, "KET-K", "15", "drug disposal pouch", 0,
					     T0 + 86400 + 75 * MIN, &w, &f->db.err), KC_OK);
	assert_int_equal(kc_chart_inventory_load(f->db.st, &inv, &f->db.err), KC_OK);
	assert_int_equal(inv.nb, 2);
	assert_tenths(lot(&inv, "ESK-A")->received, 280);
	assert_tenths(lot(&inv, "ESK-A")->given, 56);
	assert_tenths(lot(&inv, "ESK-A")->wasted, 0);
	assert_tenths(lot(&inv, "ESK-A")->on_hand, 224);
	assert_string_equal(lot(&inv, "KET-K")->product, "ketamine");
	assert_tenths(lot(&inv, "KET-K")->received, 2500);
	assert_tenths(lot(&inv, "KET-K")->given, 35);
	assert_tenths(lot(&inv, "KET-K")->wasted, 15);
	assert_tenths(lot(&inv, "KET-K")->on_hand, 2450);
	kc_chart_inventory_free(&inv);
}

/* A count 28 mg short is refused without a reason, stored with it, and changes nothing in
 * the record: on hand stays what the records say, the difference stands beside it. */
static void test_count_discrepancy_recorded_never_adjusted(void **state)
{
	struct fx *f = *state;
	struct kc_inventory inv;
	struct kc_stock_count c;

	assert_refused(kc_chart_stock_count(f->nurse, "ESK-A", "196", "", T0 + 2 * 86400, &c, &f->db.err), f->db.err,
		       "counted 196.0 mg of lot ESK-A, the record says 224.0 mg: 28.0 mg short");
	assert_int_equal(kc_chart_stock_count(f->nurse, "ESK-A", "196", "one device found damaged in the fridge",
					      T0 + 2 * 86400, &c, &f->db.err), KC_OK);
	assert_tenths(c.expected_mg, 224);
	assert_tenths(c.difference_mg, -28);
	assert_int_equal(kc_chart_stock_count(f->nurse, "KET-K", "2500", "", T0 + 2 * 86400, &c, &f->db.err), KC_OK);
	assert_tenths(c.difference_mg, 0);
	assert_int_equal(kc_chart_inventory_load(f->db.st, &inv, &f->db.err), KC_OK);
	assert_tenths(lot(&inv, "ESK-A")->on_hand, 224);
	assert_non_null(lot(&inv, "ESK-A")->count);
	assert_tenths(lot(&inv, "ESK-A")->count->difference_mg, -28);
	assert_string_equal(lot(&inv, "ESK-A")->count->reason, "one device found damaged in the fridge");
	kc_chart_inventory_free(&inv);
	assert_refused(kc_chart_stock_count(f->nurse, "NOPE", "1", "", T0, &c, &f->db.err), f->db.err, "never received");
}

/* Two real logins: the nurse records the waste and cannot witness it; the physician, from
 * their own login, can, once; after the session's signature too. */
static void test_waste_witnessed_by_a_second_login(void **state)
{
	struct fx *f = *state;
	struct kc_drug_row *pending = NULL, w;
	struct kc_audit_row *a = NULL;
	size_t n = 0, na = 0;
	kc_id id = 0;
	int witnessed = 0;

	iv_given(f);
	assert_int_equal(kc_chart_drug_waste(f->nurse, &f->db.cfg, f->iv, "KET-K", "15", "drug disposal pouch", 0,
					     T0 + 86400 + 75 * MIN, &id, &f->db.err), KC_OK);
	assert_int_equal(kc_drug_waste_list(f->db.st, 0, 1, &pending, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 1); /* the witness queue */
	assert_string_equal(pending[0].entered_by, "nurse1");
	free(pending);
	assert_int_equal(kc_chart_end(f->db.st, &f->db.cfg, f->iv, "aborted", "pump fault", T0 + 86400 + 80 * MIN,
				      &f->db.err), KC_OK);
	assert_int_equal(kc_chart_sign(f->db.st, &f->db.cfg, f->iv, T0 + 86400 + 85 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_chart_drug_witness(f->nurse, id, T0 + 86400 + 90 * MIN, &f->db.err), KC_ERR_DENIED);
	assert_non_null(strstr(f->db.err.msg, "a second clinician witnesses it"));
	assert_int_equal(kc_chart_drug_witness(f->doc, id, T0 + 86400 + 90 * MIN, &f->db.err), KC_OK);
	assert_int_equal(kc_chart_drug_witness(f->db.st, id, T0 + 86400 + 91 * MIN, &f->db.err), KC_ERR_INVALID);
	assert_non_null(strstr(f->db.err.msg, "witnessed by doc1 already"));
	assert_int_equal(kc_drug_waste_get(f->db.st, id, &w, &f->db.err), KC_OK);
	assert_string_equal(w.witness, "doc1");
	assert_int_equal(kc_drug_waste_list(f->db.st, 0, 1, &pending, &n, &f->db.err), KC_OK);
	assert_int_equal(n, 0);
	free(pending);
	assert_int_equal(kc_audit_list(f->db.st, "drug_waste", id, &a, &na, &f->db.err), KC_OK);
	for (size_t i = 0; i < na; i++)
		witnessed += !strcmp(a[i].field, "witness") && !strcmp(a[i].new_value, "doc1") && !strcmp(a[i].who, "doc1");
	free(a);
	assert_int_equal(witnessed, 1);
	/* no new waste on a signed session */
	assert_int_equal(kc_chart_drug_waste(f->doc, &f->db.cfg, f->iv, "KET-K", "1", "pouch", 0, T0 + 86400 + 95 * MIN,
					     NULL, &f->db.err), KC_ERR_SIGNED);
}

/* 15 mg drawn up and neither given nor wasted: no signature until it is accounted for. */
static void test_no_signature_with_drug_undisposed(void **state)
{
	struct fx *f = *state;
	double left = 0;

	iv_given(f);
	assert_int_equal(kc_chart_end(f->db.st, &f->db.cfg, f->iv, "aborted", "pump fault", T0 + 86400 + 80 * MIN,
				      &f->db.err), KC_OK);
	assert_int_equal(kc_chart_undisposed(f->db.st, f->iv, &left, &f->db.err), KC_OK);
	assert_tenths(left, 15);
	assert_refused(kc_chart_sign(f->db.st, &f->db.cfg, f->iv, T0 + 86400 + 85 * MIN, &f->db.err), f->db.err,
		       "15.0 mg drawn up is neither given nor wasted");
	assert_refused(kc_chart_drug_waste(f->nurse, &f->db.cfg, f->iv, "KET-K", "16", "pouch", 0, T0 + 86400 + 86 * MIN,
					   NULL, &f->db.err), f->db.err, "more than is left of what was drawn up");
	assert_int_equal(kc_chart_drug_waste(f->nurse, &f->db.cfg, f->iv, "KET-K", "15", "pouch", 0,
					     T0 + 86400 + 86 * MIN, NULL, &f->db.err), KC_OK);
	assert_int_equal(kc_chart_sign(f->db.st, &f->db.cfg, f->iv, T0 + 86400 + 87 * MIN, &f->db.err), KC_OK);
}

static void test_receipts_a_physicians_or_admins_and_checked(void **state)
{
	struct fx *f = *state;
	struct kc_stock_receipt r = { .units = 4, .mg_per_unit = 28 };

	receipt(f, f->nurse, "esketamine", "ESK-B", 4, 28, KC_ERR_DENIED);
	receipt(f, f->doc, "esketamine", "ESK-B", 0, 28, KC_ERR_INVALID);
	receipt(f, f->doc, "morphine", "M-1", 4, 10, KC_ERR_INVALID);
	kc_strlcpy(r.product, "esketamine", sizeof r.product);
	kc_strlcpy(r.strength, "28 mg nasal device", sizeof r.strength);
	kc_strlcpy(r.lot, "ESK-OLD", sizeof r.lot);
	kc_strlcpy(r.expiry, "2023-10-01", sizeof r.expiry);
	kc_strlcpy(r.supplier, "X", sizeof r.supplier);
	kc_strlcpy(r.received_on, "2023-11-01", sizeof r.received_on);
	assert_refused(kc_chart_stock_receive(f->doc, &r, T0, NULL, &f->db.err), f->db.err, "expired on 2023-10-01");
	assert_refused(kc_chart_drug_draw(f->nurse, &f->db.cfg, f->esk, "ESK-A", "28", 0, T0 + 40 * MIN, NULL, &f->db.err),
		       f->db.err, "an esketamine device is not drawn up");
	assert_refused(kc_chart_drug_draw(f->nurse, &f->db.cfg, f->iv, "KET-Z", "28", 0, T0 + 86400, NULL, &f->db.err),
		       f->db.err, "lot 'KET-Z' was never received");
}

/* Given from a lot never received: it appears, unknown, with a negative balance. */
static void test_lot_never_received_shows(void **state)
{
	struct fx *f = *state;
	struct kc_inventory inv;

	dose(f, f->esk, KC_DOSE_DEVICE, 28, "ESK-X", T0 + 40 * MIN);
	assert_int_equal(kc_chart_inventory_load(f->db.st, &inv, &f->db.err), KC_OK);
	assert_false(lot(&inv, "ESK-X")->known);
	assert_tenths(lot(&inv, "ESK-X")->on_hand, -28);
	kc_chart_inventory_free(&inv);
}

/* The pure arithmetic: balances built from rows alone, sorted by product and lot. */
static void test_balance_arithmetic(void **state)
{
	struct kc_stock_receipt rc[2] = { { .product = "ketamine", .lot = "B", .units = 2, .mg_per_unit = 500 },
					  { .product = "ketamine", .lot = "A", .units = 1, .mg_per_unit = 500 } };
	struct kc_given_lot gv[1] = { { .product = "ketamine", .lot = "B", .mg = 120.5 } };
	struct kc_drug_row w[2] = { { .lot = "B", .mg = 9.5 }, { .lot = "A", .mg = 0.3 } };
	struct kc_lot_balance b[4];

	(void)state;
	assert_int_equal(kc_inventory_balance(rc, 2, gv, 1, w, 2, NULL, 0, b, 4), 2);
	assert_string_equal(b[0].lot, "A");
	assert_tenths(b[0].on_hand, 499.7);
	assert_string_equal(b[1].lot, "B");
	assert_tenths(b[1].on_hand, 870);
	assert_tenths(kc_inventory_on_hand(b, 2, "ketamine", "B"), 870);
	assert_true(kc_inventory_undisposed(50, 35, 15) == 0);
	assert_true(fabs(kc_inventory_undisposed(50, 35, 10) - 5) < 1e-9);
	assert_true(kc_inventory_undisposed(0, 35, 0) == 0); /* nothing drawn up: nothing to account for */
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_received_minus_given_minus_wasted_is_on_hand),
		T(test_count_discrepancy_recorded_never_adjusted),
		T(test_waste_witnessed_by_a_second_login),
		T(test_no_signature_with_drug_undisposed),
		T(test_receipts_a_physicians_or_admins_and_checked),
		T(test_lot_never_received_shows),
		cmocka_unit_test(test_balance_arithmetic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
