/* inventory.c — on hand = received - given - wasted, per product and lot (kc_inventory.h). */
#include "kc_inventory.h"

#include <stdlib.h>
#include <string.h>

static struct kc_lot_balance *lot_of(struct kc_lot_balance *b, size_t *n, size_t max, const char *product,
				     const char *lot)
{
	for (size_t i = 0; i < *n && i < max; i++)
		if (strcmp(b[i].lot, lot) == 0 && (!product || strcmp(b[i].product, product) == 0))
			return &b[i];
	if (*n >= max) {
		(*n)++;
		return NULL;
	}
	memset(&b[*n], 0, sizeof b[*n]);
	kc_strlcpy(b[*n].product, product ? product : "?", sizeof b[*n].product);
	kc_strlcpy(b[*n].lot, lot, sizeof b[*n].lot);
	return &b[(*n)++];
}

static int by_product_lot(const void *a, const void *b)
{
	const struct kc_lot_balance *x = a, *y = b;
	int c = strcmp(x->product, y->product);

	return c ? c : strcmp(x->lot, y->lot);
}

size_t kc_inventory_balance(const struct kc_stock_receipt *rc, size_t nrc, const struct kc_given_lot *gv,
			    size_t ngv, const struct kc_drug_row *waste, size_t nw, const struct kc_stock_count *cnt,
			    size_t nc, struct kc_lot_balance *out, size_t max)
{
	size_t n = 0;
	struct kc_lot_balance *b;

	for (size_t i = 0; i < nrc; i++)
		if ((b = lot_of(out, &n, max, rc[i].product, rc[i].lot)) != NULL) {
			b->received += rc[i].units * rc[i].mg_per_unit;
			b->received_units += rc[i].units;
			b->known = 1;
			kc_strlcpy(b->strength, rc[i].strength, sizeof b->strength);
			kc_strlcpy(b->expiry, rc[i].expiry, sizeof b->expiry);
		}
	for (size_t i = 0; i < ngv; i++)
		if ((b = lot_of(out, &n, max, gv[i].product, gv[i].lot)) != NULL)
			b->given += gv[i].mg;
	for (size_t i = 0; i < nw; i++) {
		const char *product = NULL;

		for (size_t k = 0; k < nrc && !product; k++)
			if (strcmp(rc[k].lot, waste[i].lot) == 0)
				product = rc[k].product;
		if ((b = lot_of(out, &n, max, product, waste[i].lot)) != NULL)
			b->wasted += waste[i].mg;
	}
	for (size_t i = 0; i < nc; i++) /* oldest first: the last is the latest */
		if ((b = lot_of(out, &n, max, cnt[i].product, cnt[i].lot)) != NULL)
			b->count = &cnt[i];
	for (size_t i = 0; i < n && i < max; i++)
		out[i].on_hand = out[i].received - out[i].given - out[i].wasted;
	qsort(out, n < max ? n : max, sizeof *out, by_product_lot);
	return n;
}

double kc_inventory_on_hand(const struct kc_lot_balance *bal, size_t n, const char *product, const char *lot)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(bal[i].product, product) == 0 && strcmp(bal[i].lot, lot) == 0)
			return bal[i].on_hand;
	return 0;
}

double kc_inventory_undisposed(double drawn, double given, double wasted)
{
	double left = drawn - given - wasted;

	return drawn > 0 && left > KC_MG_EPS ? left : 0;
}
