/* ui_ack.h — what was done, as ONE multi-select list of the actions offered (struct
 * ui_ack_list): Up/Down move, Space marks an action [x] (or takes the mark back), a letter
 * moves to the next action starting with it; nothing starts marked. Under each action that
 * needs words a text field: other (what was done), drug given (which drug and dose),
 * physician notified (who); under rate reduced the pump's new rate. The actions marked are
 * stored in the list's order, each its own row (kc_ack.h).
 *
 * Two forms use it: the acknowledgement of a critical (CRIT) vitals alert (this file; the
 * session screen and the screening screen's baseline readings open the same form), stored
 * with kc_chart_ack_actions, all or none, refused with a reason when nothing is marked;
 * and the side-effect form's interventions (effects_form.c, kc_chart_observation), where
 * none marked is "no intervention". What the CRIT form offers is kc_ack_offer_vitals: the
 * infusion actions only while an infusion runs; "infusion paused" pauses it and "rate
 * reduced" records the rate typed. */
#ifndef KC_UI_ACK_H
#define KC_UI_ACK_H

#include <time.h>

#include "kc_ack.h"
#include "kc_chart.h"
#include "kc_store.h"
#include "ui_form.h"

#define UI_ACK_PAUSED KC_ACK_PAUSED
#define UI_ACK_NO ((size_t)-1)
/* the fields the list may add: a toggle per item, a text under some */
#define UI_ACK_FIELDS (2 * KC_ACK_OFFER_MAX)

struct ui_ack_list {
	struct kc_ack_offer offer;   /* set before ui_ack_list_fields */
	char face[KC_ACK_OFFER_MAX][2][KC_CHOICE_LEN + UIF_BOX_LEN]; /* "[ ] x", "[x] x" */
	const char *faces[KC_ACK_OFFER_MAX][3];
	size_t at[KC_ACK_OFFER_MAX];      /* the form's field of item i's toggle */
	size_t text_at[KC_ACK_OFFER_MAX]; /* its text field, or UI_ACK_NO */
	size_t first, end;                /* the list's fields are [first, end) */
};
/* Append the list's fields to f[*n..max) for the offer in l->offer; label names the list
 * (on its first line). */
void ui_ack_list_fields(struct ui_ack_list *l, struct uif_field *f, size_t *n, size_t max, const char *label);
/* The actions marked, in the list's order, with their texts (and rate reduced's rate); a
 * text typed under an action not marked is refused (mark it, or clear the text). */
int ui_ack_list_read(const struct ui_ack_list *l, struct ui_form *f, struct kc_ack_action *a, size_t *n,
		     struct kc_err *err);

struct ui_ack_ctx {
	kc_id vitals_id;              /* the reading acknowledged (set by the opening) */
	int infusion;                 /* an infusion is running: pausing it, a lower rate offered */
	/* after a good save, for the saved hook */
	int paused, rated;            /* the actions said the infusion was paused / slowed */
	char action[KC_NOTE_MAX];     /* as stored: "infusion paused; physician notified: Dr Lee" */
	char more[96];                /* the hook may add a sentence to "Alert acknowledged: ..." */
	void (*saved)(struct ui *ui, struct ui_ack_ctx *ctx); /* reload the screen; may be NULL */
	/* the form keeps pointers to these while it is open */
	struct ui_ack_list list;
	char title[96];
	struct uif_field f[UI_ACK_FIELDS];
	struct uif_def def;
};

/* Open the acknowledgement of reading id, taken at taken (shown in the title), on the top
 * screen at body line row (below what must stay in view); ctx must live in the screen's
 * priv, with infusion and saved set. */
void ui_ack_form_open(struct ui *ui, struct ui_ack_ctx *ctx, kc_id id, time_t taken, int row);

#endif
