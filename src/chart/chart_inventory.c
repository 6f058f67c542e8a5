/* chart_inventory.c — the controlled-substance record as typed (kc_chart.h): stock received,
 * drug drawn up and wasted for a session, the second clinician's witness, physical counts,
 * and the drawn-up drug a session must account for before it is signed. */
#include "chart_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_inventory.h"
#include "kc_rems.h"
#include "kc_time.h"

static int parse_mg(const char *what, const char *text, double max, double *mg, struct kc_err *err)
{
	char *end = NULL;
	double v = text ? strtod(text, &end) : 0;

	if (!text || end == text || *end || !(v > 0) || v > max)
		return kc_fail(err, KC_ERR_INVALID, "%s '%.16s' is not an amount in mg (more than 0, at most %.0f)", what,
			       text ? text : "", max);
	*mg = round(v * 10) / 10;
	return KC_OK;
}

static void local_day(time_t t, char *out, size_t n)
{
	char buf[32];

	kc_time_local(t, buf, sizeof buf);
	snprintf(out, n, "%.10s", buf);
}

static int check_date(const char *what, const char *d, struct kc_err *err)
{
	return kc_rems_days_left(d, d) == KC_REMS_BAD_DATE
		       ? kc_fail(err, KC_ERR_INVALID, "%s '%.16s' is not a date: type YYYY-MM-DD", what, d ? d : "")
		       : KC_OK;
}

int kc_chart_stock_receive(struct kc_store *st, const struct kc_stock_receipt *typed, time_t now, kc_id *id,
			   struct kc_err *err)
{
	struct kc_stock_receipt r = *typed;
	char today[16];
	int rc = KC_OK;

	local_day(now, today, sizeof today);
	if (!r.received_on[0])
		kc_strlcpy(r.received_on, today, sizeof r.received_on);
	if (strcmp(r.product, "ketamine") != 0 && strcmp(r.product, "esketamine") != 0)
		rc = kc_fail(err, KC_ERR_INVALID, "the product is ketamine or esketamine, not '%.16s'", r.product);
	else if (!ch_has_text(r.strength) || !ch_has_text(r.lot) || !ch_has_text(r.supplier))
		rc = kc_fail(err, KC_ERR_INVALID, "a receipt names the strength, the lot and the supplier");
	else if ((rc = check_date("the expiry", r.expiry, err)) == KC_OK &&
		 (rc = check_date("the date received", r.received_on, err)) == KC_OK) {
		if (strcmp(r.received_on, today) > 0)
			rc = kc_fail(err, KC_ERR_INVALID, "received on %s: that is after today (%s)", r.received_on, today);
		else if (strcmp(r.expiry, r.received_on) <= 0)
			rc = kc_fail(err, KC_ERR_INVALID, "lot %s expired on %s, before it was received: do not take it "
				     "into stock", r.lot, r.expiry);
		else if (r.units < 1 || r.units > 100000)
			rc = kc_fail(err, KC_ERR_INVALID, "%d units: a receipt holds 1 to 100000", r.units);
		else if (!(r.mg_per_unit > 0) || r.mg_per_unit > 10000)
			rc = kc_fail(err, KC_ERR_INVALID, "%.1f mg a unit is not possible", r.mg_per_unit);
	}
	if (rc == KC_OK)
		rc = kc_stock_receive(st, &r, now, err);
	if (rc == KC_OK && id)
		*id = r.id;
	return rc;
}

/* The receipt of lot, if any (which product it is). */
static int receipt_of(struct kc_store *st, const char *lot, struct kc_stock_receipt *out, struct kc_err *err)
{
	struct kc_stock_receipt *rows = NULL;
	size_t n = 0;
	int rc = kc_stock_receipt_list(st, &rows, &n, err);

	if (rc == KC_OK)
		rc = kc_fail(err, KC_ERR_INVALID, "lot '%.31s' was never received: record its receipt first "
			     "(ketchart inventory receive)", lot ? lot : "");
	for (size_t i = 0; i < n && rc == KC_ERR_INVALID; i++)
		if (lot && strcmp(rows[i].lot, lot) == 0) {
			*out = rows[i];
			rc = KC_OK;
		}
	free(rows);
	return rc;
}

/* Drawn up, given and wasted in a session (mg). */
static int session_amounts(struct kc_store *st, const struct kc_session *s, double *drawn, double *wasted,
			   struct kc_err *err)
{
	struct kc_drug_row *d = NULL, *w = NULL;
	size_t nd = 0, nw = 0;
	int rc = kc_drug_drawn_list(st, s->id, &d, &nd, err);

	if (rc == KC_OK)
		rc = kc_drug_waste_list(st, s->id, 0, &w, &nw, err);
	*drawn = *wasted = 0;
	for (size_t i = 0; i < nd; i++)
		*drawn += d[i].mg;
	for (size_t i = 0; i < nw; i++)
		*wasted += w[i].mg;
	free(d);
	free(w);
	return rc;
}

int kc_chart_undisposed(struct kc_store *st, kc_id session, double *mg, struct kc_err *err)
{
	struct kc_session s;
	double drawn, wasted;
	int rc = kc_session_get(st, session, &s, err);

	if (rc == KC_OK)
		rc = session_amounts(st, &s, &drawn, &wasted, err);
	*mg = rc == KC_OK ? kc_inventory_undisposed(drawn, s.given_mg, wasted) : 0;
	return rc;
}

int kc_chart_drug_draw(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *lot,
		       const char *mg_text, time_t at, time_t now, kc_id *id, struct kc_err *err)
{
	struct kc_session s;
	struct kc_stock_receipt r;
	double mg;
	int rc = ch_session_unsigned(st, session, &s, err);

	(void)cfg;
	if (rc == KC_OK && s.route == KC_ROUTE_ESKETAMINE)
		rc = kc_fail(err, KC_ERR_INVALID, "an esketamine device is not drawn up: each device is recorded as "
			     "given, with its lot, on the dosing screen");
	if (rc == KC_OK)
		rc = parse_mg("drawn up", mg_text, 1000, &mg, err);
	if (rc == KC_OK)
		rc = receipt_of(st, lot, &r, err);
	if (rc == KC_OK && strcmp(r.product, "ketamine") != 0)
		rc = kc_fail(err, KC_ERR_INVALID, "lot %s is %s, not ketamine", lot, r.product);
	if (rc == KC_OK && (at ? at : now) > now)
		rc = kc_fail(err, KC_ERR_INVALID, "the time drawn up is later than now");
	return rc == KC_OK ? kc_drug_draw(st, session, lot, mg, at ? at : now, now, id, err) : rc;
}

int kc_chart_drug_waste(struct kc_store *st, const struct kc_config *cfg, kc_id session, const char *lot,
			const char *mg_text, const char *how, time_t at, time_t now, kc_id *id, struct kc_err *err)
{
	struct kc_session s;
	struct kc_stock_receipt r;
	double mg, drawn = 0, wasted = 0;
	int rc = ch_session_unsigned(st, session, &s, err);

	if (rc == KC_OK)
		rc = parse_mg("wasted", mg_text, 1000, &mg, err);
	if (rc == KC_OK && !ch_has_text(how))
		rc = kc_fail(err, KC_ERR_INVALID, "say how it was wasted (e.g. into a drug disposal pouch)");
	if (rc == KC_OK)
		rc = receipt_of(st, lot, &r, err);
	if (rc == KC_OK)
		rc = session_amounts(st, &s, &drawn, &wasted, err);
	if (rc == KC_OK && s.route == KC_ROUTE_ESKETAMINE && mg > cfg->esk.device_mg + KC_MG_EPS)
		rc = kc_fail(err, KC_ERR_INVALID, "%.1f mg is more than one device (%d mg)", mg, cfg->esk.device_mg);
	if (rc == KC_OK && s.route != KC_ROUTE_ESKETAMINE && mg > drawn - s.given_mg - wasted + KC_MG_EPS)
		rc = kc_fail(err, KC_ERR_INVALID, "%.1f mg is more than is left of what was drawn up (%.1f mg drawn, "
			     "%.1f given, %.1f wasted)", mg, drawn, s.given_mg, wasted);
	if (rc == KC_OK && (at ? at : now) > now)
		rc = kc_fail(err, KC_ERR_INVALID, "the time wasted is later than now");
	return rc == KC_OK ? kc_drug_waste(st, session, lot, mg, how, at ? at : now, now, id, err) : rc;
}

int kc_chart_drug_witness(struct kc_store *st, kc_id waste, time_t now, struct kc_err *err)
{
	return kc_drug_witness(st, waste, now, err);
}

int ch_drug_sign_check(struct kc_store *st, const struct kc_session *s, struct kc_err *err)
{
	double left = 0;
	int rc = kc_chart_undisposed(st, s->id, &left, err);

	if (rc == KC_OK && left > 0)
		rc = kc_fail(err, KC_ERR_INVALID, "%.1f mg drawn up is neither given nor wasted: record the waste, "
			     "witnessed by a second clinician, before signing", left);
	return rc;
}

/* ---------- counts ---------- */

int kc_chart_inventory_load(struct kc_store *st, struct kc_inventory *inv, struct kc_err *err)
{
	int rc;

	memset(inv, 0, sizeof *inv);
	rc = kc_stock_receipt_list(st, &inv->rc, &inv->nrc, err);
	if (rc == KC_OK)
		rc = kc_drug_given_by_lot(st, 0, &inv->gv, &inv->ngv, err);
	if (rc == KC_OK)
		rc = kc_drug_waste_list(st, 0, 0, &inv->w, &inv->nw, err);
	if (rc == KC_OK)
		rc = kc_stock_count_list(st, &inv->c, &inv->nc, err);
	if (rc == KC_OK)
		rc = kc_drug_drawn_list(st, 0, &inv->d, &inv->nd, err);
	if (rc == KC_OK) {
		size_t max = inv->nrc + inv->ngv + inv->nw + inv->nc + 1;

		inv->b = calloc(max, sizeof *inv->b);
		if (!inv->b)
			rc = kc_fail(err, KC_ERR_NOMEM, "out of memory");
		else
			inv->nb = kc_inventory_balance(inv->rc, inv->nrc, inv->gv, inv->ngv, inv->w, inv->nw, inv->c,
						       inv->nc, inv->b, max);
	}
	if (rc != KC_OK)
		kc_chart_inventory_free(inv);
	return rc;
}

void kc_chart_inventory_free(struct kc_inventory *inv)
{
	free(inv->rc);
	free(inv->gv);
	free(inv->w);
	free(inv->c);
	free(inv->d);
	free(inv->b);
	memset(inv, 0, sizeof *inv);
}

int kc_chart_stock_count(struct kc_store *st, const char *lot, const char *counted_text, const char *reason,
			 time_t now, struct kc_stock_count *out, struct kc_err *err)
{
	struct kc_stock_receipt r;
	struct kc_inventory inv;
	struct kc_stock_count c = { 0 };
	char *end = NULL;
	double counted = counted_text ? strtod(counted_text, &end) : -1;
	int rc = receipt_of(st, lot, &r, err);

	if (rc == KC_OK && (!counted_text || end == counted_text || *end || counted < 0 || counted > 1e7))
		rc = kc_fail(err, KC_ERR_INVALID, "'%.16s' is not an amount counted in mg (0 or more)",
			     counted_text ? counted_text : "");
	if (rc == KC_OK)
		rc = kc_chart_inventory_load(st, &inv, err);
	if (rc != KC_OK)
		return rc;
	kc_strlcpy(c.product, r.product, sizeof c.product);
	kc_strlcpy(c.lot, lot, sizeof c.lot);
	c.counted_mg = round(counted * 10) / 10;
	c.expected_mg = round(kc_inventory_on_hand(inv.b, inv.nb, r.product, lot) * 10) / 10;
	c.difference_mg = round((c.counted_mg - c.expected_mg) * 10) / 10;
	kc_strlcpy(c.reason, reason ? reason : "", sizeof c.reason);
	c.counted_at = now;
	kc_chart_inventory_free(&inv);
	if (fabs(c.difference_mg) >= KC_MG_EPS && !ch_has_text(reason))
		return kc_fail(err, KC_ERR_INVALID, "counted %.1f mg of lot %s, the record says %.1f mg: %.1f mg %s. Give "
			       "the reason: the count is recorded as a discrepancy, the record is not adjusted",
			       c.counted_mg, lot, c.expected_mg, fabs(c.difference_mg),
			       c.difference_mg < 0 ? "short" : "over");
	rc = kc_stock_count_add(st, &c, now, err);
	if (rc == KC_OK && out)
		*out = c;
	return rc;
}
