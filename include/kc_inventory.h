/* kc_inventory.h — the controlled-substance reconciliation (clinical-reference.md §9): on
 * hand = received - given - wasted, per product and lot, against the latest physical count.
 * Pure (src/rules/inventory.c): the rows come in as arguments. */
#ifndef KC_INVENTORY_H
#define KC_INVENTORY_H

#include <stddef.h>
#include <time.h>

#include "kc_store.h"

#define KC_MG_EPS 0.05 /* amounts are recorded to 0.1 mg: smaller differences are rounding */

struct kc_lot_balance {
	char product[16], lot[32], strength[64], expiry[11];
	double received, given, wasted, on_hand; /* mg */
	int received_units;
	int known;                  /* the lot has a receipt */
	const struct kc_stock_count *count; /* the latest count of the lot, NULL if none */
};

/* Balances of every product and lot that was received, given or wasted (waste carries no
 * product: it takes its lot's receipt's), sorted by product and lot. out holds max rows;
 * returns how many (more than max: the rest were left out). */
size_t kc_inventory_balance(const struct kc_stock_receipt *rc, size_t nrc, const struct kc_given_lot *gv,
			    size_t ngv, const struct kc_drug_row *waste, size_t nw, const struct kc_stock_count *cnt,
			    size_t nc, struct kc_lot_balance *out, size_t max);

/* The record's figure for one lot (what a count is compared with): on hand, or 0 for a lot
 * not in bal. */
double kc_inventory_on_hand(const struct kc_lot_balance *bal, size_t n, const char *product, const char *lot);

/* Drug drawn up for a session and not given or wasted: drawn - given - wasted (mg), 0 when
 * nothing was drawn up (a session that records no drawing up leaves nothing undisposed). */
double kc_inventory_undisposed(double drawn, double given, double wasted);

#endif
