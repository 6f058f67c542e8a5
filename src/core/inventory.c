/* inventory.c — the controlled-substance reconciliation as text (kc_paper.h): per product
 * and lot received - given - wasted = on hand against the latest count, the movements since
 * a date, and every discrepancy named. */
#include "kc_paper.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kc_chart.h"
#include "kc_inventory.h"
#include "kc_time.h"

static void day_of(time_t t, char *out, size_t n)
{
	char buf[32];

	kc_time_local(t, buf, sizeof buf);
	snprintf(out, n, "%.10s", buf);
}

static void print_lots(const struct kc_inventory *inv, FILE *out)
{
	fprintf(out, "%-10s %-12s %-10s %9s %9s %8s %9s  %s\n", "PRODUCT", "LOT", "EXPIRY", "RECEIVED", "GIVEN",
		"WASTED", "ON HAND", "LAST COUNT");
	for (size_t i = 0; i < inv->nb; i++) {
		const struct kc_lot_balance *b = &inv->b[i];
		char count[64] = "none", day[16];

		if (b->count) {
			day_of(b->count->counted_at, day, sizeof day);
			snprintf(count, sizeof count, "%.1f mg on %s%s", b->count->counted_mg, day,
				 fabs(b->count->difference_mg) >= KC_MG_EPS ? " !" : "");
		}
		fprintf(out, "%-10s %-12s %-10s %9.1f %9.1f %8.1f %9.1f  %s\n", b->product, b->lot,
			b->expiry[0] ? b->expiry : "-", b->received, b->given, b->wasted, b->on_hand, count);
	}
	if (!inv->nb)
		fprintf(out, "No stock received, given or wasted yet.\n");
	fprintf(out, "(mg; on hand = received - given - wasted; a count never changes it)\n");
}

/* Movements at or after since: receipts, what was given by lot, wastes, counts. */
static int print_since(struct kc_store *st, const struct kc_inventory *inv, time_t since, FILE *out,
		       struct kc_err *err)
{
	struct kc_given_lot *gv = NULL;
	size_t ngv = 0;
	char from[16], day[16];
	int rc = kc_drug_given_by_lot(st, since, &gv, &ngv, err);

	if (rc != KC_OK)
		return rc;
	day_of(since, from, sizeof from);
	fprintf(out, "\nMovements since %s\n", from);
	for (size_t i = 0; i < inv->nrc; i++)
		if (strcmp(inv->rc[i].received_on, from) >= 0)
			fprintf(out, "  received %s: %s lot %s, %d x %.1f mg (%s), expiry %s, from %s, by %s\n",
				inv->rc[i].received_on, inv->rc[i].product, inv->rc[i].lot, inv->rc[i].units,
				inv->rc[i].mg_per_unit, inv->rc[i].strength, inv->rc[i].expiry, inv->rc[i].supplier,
				inv->rc[i].entered_by);
	for (size_t i = 0; i < ngv; i++)
		fprintf(out, "  given: %s lot %s, %.1f mg in %lld dose%s\n", gv[i].product, gv[i].lot[0] ? gv[i].lot : "(none named)",
			gv[i].mg, gv[i].events, gv[i].events == 1 ? "" : "s");
	for (size_t i = 0; i < inv->nw; i++)
		if (inv->w[i].at >= since) {
			day_of(inv->w[i].at, day, sizeof day);
			fprintf(out, "  wasted %s: lot %s, %.1f mg in session %lld (%s), by %s, witness %s\n", day,
				inv->w[i].lot, inv->w[i].mg, inv->w[i].session_id, inv->w[i].how, inv->w[i].entered_by,
				inv->w[i].witness[0] ? inv->w[i].witness : "NONE YET");
		}
	for (size_t i = 0; i < inv->nc; i++)
		if (inv->c[i].counted_at >= since) {
			day_of(inv->c[i].counted_at, day, sizeof day);
			fprintf(out, "  counted %s: lot %s, %.1f mg (record %.1f mg) by %s\n", day, inv->c[i].lot,
				inv->c[i].counted_mg, inv->c[i].expected_mg, inv->c[i].entered_by);
		}
	free(gv);
	return KC_OK;
}

static size_t lot_problems(const struct kc_inventory *inv, FILE *out)
{
	size_t n = 0;

	for (size_t i = 0; i < inv->nb; i++) {
		const struct kc_lot_balance *b = &inv->b[i];
		char day[16];

		if (!b->lot[0])
			n++, fprintf(out, "! %.1f mg of %s given in infusions whose start names no lot\n", b->given, b->product);
		else if (!b->known)
			n++, fprintf(out, "! lot %s: %.1f mg given and %.1f mg wasted, but no receipt of the lot is recorded\n",
				     b->lot, b->given, b->wasted);
		else if (b->on_hand < -KC_MG_EPS)
			n++, fprintf(out, "! lot %s: %.1f mg given and wasted, more than the %.1f mg received\n", b->lot,
				     b->given + b->wasted, b->received);
		if (b->count && fabs(b->count->difference_mg) >= KC_MG_EPS) {
			day_of(b->count->counted_at, day, sizeof day);
			n++;
			fprintf(out, "! lot %s: counted %.1f mg on %s by %s, the record said %.1f mg: %.1f mg %s (%s)\n",
				b->lot, b->count->counted_mg, day, b->count->entered_by, b->count->expected_mg,
				fabs(b->count->difference_mg), b->count->difference_mg < 0 ? "SHORT" : "OVER",
				b->count->reason);
		}
	}
	return n;
}

/* Sessions with drawn-up drug neither given nor wasted, and wastes waiting for a witness. */
static size_t session_problems(struct kc_store *st, const struct kc_inventory *inv, FILE *out)
{
	size_t n = 0;

	for (size_t i = 0; i < inv->nd; i++) {
		struct kc_session s;
		double left = 0;
		int first = 1;

		for (size_t k = 0; k < i; k++)
			first &= inv->d[k].session_id != inv->d[i].session_id;
		/* while the session runs, what was drawn up is still being given */
		if (first && kc_session_get(st, inv->d[i].session_id, &s, NULL) == KC_OK && s.ended_at &&
		    kc_chart_undisposed(st, inv->d[i].session_id, &left, NULL) == KC_OK && left > 0)
			n++, fprintf(out, "! session %lld: %.1f mg drawn up is neither given nor wasted\n",
				     inv->d[i].session_id, left);
	}
	for (size_t i = 0; i < inv->nw; i++)
		if (!inv->w[i].witness[0])
			n++, fprintf(out, "! waste %lld: %.1f mg of lot %s in session %lld, recorded by %s, waits for a "
				     "witness\n", inv->w[i].id, inv->w[i].mg, inv->w[i].lot, inv->w[i].session_id,
				     inv->w[i].entered_by);
	return n;
}

int kc_inventory_text(struct kc_store *st, time_t since, time_t now, FILE *out, size_t *problems,
		      struct kc_err *err)
{
	struct kc_inventory inv;
	char when[32];
	size_t n;
	int rc = kc_chart_inventory_load(st, &inv, err);

	if (rc != KC_OK)
		return rc;
	kc_time_local(now, when, sizeof when);
	fprintf(out, "Controlled substances (Schedule III): ketamine and esketamine, at %s\n\n", when);
	print_lots(&inv, out);
	if (since)
		rc = print_since(st, &inv, since, out, err);
	fprintf(out, "\nDiscrepancies\n");
	n = lot_problems(&inv, out) + session_problems(st, &inv, out);
	if (!n)
		fprintf(out, "None: every lot's record agrees, every waste is witnessed.\n");
	if (problems)
		*problems = n;
	kc_chart_inventory_free(&inv);
	if (rc == KC_OK && (fflush(out) != 0 || ferror(out)))
		rc = kc_fail(err, KC_ERR_IO, "could not write the inventory (disk full or output closed?)");
	return rc;
}
