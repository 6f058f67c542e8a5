/* kc_ack.h — the actions of one acknowledgement: what was done about a critical vitals
 * alert (kc_chart_ack_actions) or for a side effect, several per acknowledgement, each its
 * own row (ack_action, migration 18) and one wording for the screen, the report and the
 * exports (kc_ack_action_text). Pure rules: no I/O, no clock, no SQL, no curses.
 *
 * What may be chosen is the offer: for a vitals alert the infusion actions (while an IV
 * infusion runs), the [interventions] lists antihypertensive, benzodiazepine and
 * reassurance, physician notified, drug given, repeat reading, other; for a side effect its
 * kinds' lists (kc_interventions_for), other last. "other" and "drug given" need the text
 * typed (what was done; which drug and dose). */
#ifndef KC_ACK_H
#define KC_ACK_H

#include <stddef.h>

#include "kc_config.h"
#include "kc_entry.h"
#include "kc_error.h"

/* The kinds, the first eight those of kc_iv_kind ([interventions] keys), then those of a
 * vitals alert only. Stored by name (kc_act_kind_name). */
enum kc_act_kind {
	KC_ACT_ANTIEMETIC = KC_INT_ANTIEMETIC,
	KC_ACT_ANALGESIC = KC_INT_ANALGESIC,
	KC_ACT_ANTIHYPERTENSIVE = KC_INT_ANTIHYPERTENSIVE,
	KC_ACT_BENZODIAZEPINE = KC_INT_BENZODIAZEPINE,
	KC_ACT_REASSURANCE = KC_INT_REASSURANCE,
	KC_ACT_PAUSE = KC_INT_PAUSE,
	KC_ACT_STOP = KC_INT_STOP,
	KC_ACT_OTHER = KC_INT_OTHER,
	KC_ACT_RATE,   /* rate reduced: rate_ml_h is the new rate */
	KC_ACT_NOTIFY, /* physician notified */
	KC_ACT_DRUG,   /* drug given: text says which and how much */
	KC_ACT_REPEAT, /* repeat reading */
	KC_ACT_KINDS
};
const char *kc_act_kind_name(enum kc_act_kind k);          /* "antiemetic", ... "repeat" */
int kc_act_kind_from_name(const char *name, enum kc_act_kind *out); /* KC_ERR_INVALID if none */

/* The choices of a vitals alert that are not from a config list. */
#define KC_ACK_PAUSED "infusion paused"
#define KC_ACK_RATE "rate reduced"
#define KC_ACK_NOTIFY "physician notified"
#define KC_ACK_DRUG "drug given"
#define KC_ACK_REPEAT "repeat reading"

#define KC_ACK_MAX 8        /* actions in one acknowledgement */
#define KC_ACK_TEXT 256     /* typed text of one action, with its terminator (KC_NOTE_MAX) */
struct kc_ack_action {
	enum kc_act_kind kind;
	char choice[KC_CHOICE_LEN]; /* the item offered: "ondansetron 4 mg IV", "infusion paused", "other" */
	char text[KC_ACK_TEXT];     /* typed: required for other and drug given, else a note ("" none) */
	double rate_ml_h;           /* rate reduced: the pump's new rate, mL/h */
};

#define KC_ACK_OFFER_MAX 40
struct kc_ack_offer {
	int n;
	struct {
		enum kc_act_kind kind;
		char choice[KC_CHOICE_LEN];
	} item[KC_ACK_OFFER_MAX];
};
/* What a vitals alert's acknowledgement offers; infusion = an IV infusion runs now. */
void kc_ack_offer_vitals(const struct kc_config *cfg, int infusion, struct kc_ack_offer *out);
/* What a side effect of kind k offers (the items of kc_intervention_choices, with kinds). */
void kc_ack_offer_effect(const struct kc_config *cfg, enum kc_obs_kind k, int infusion, struct kc_ack_offer *out);
/* Fill a from the offer's item i and what was typed (text may be NULL). */
void kc_ack_pick(const struct kc_ack_offer *o, int i, const char *text, double rate, struct kc_ack_action *a);

/* The list is one acknowledgement: refused (KC_ERR_INVALID, a message naming the action by
 * its number) when empty or longer than KC_ACK_MAX, an action not in the offer (its kind
 * and choice together), the same action twice, other or drug given without text, rate
 * reduced without a rate above 0 (or a rate with another action), a text with control or
 * bidirectional characters or longer than KC_ACK_TEXT - 1, or when all the wordings
 * together would not fit in len characters (the reading's summary). */
int kc_ack_check(const struct kc_ack_offer *o, const struct kc_ack_action *a, size_t n, size_t len,
		 struct kc_err *err);

/* The one wording of an action: "ondansetron 4 mg IV", "physician notified: Dr Lee",
 * "rate reduced to 100.0 mL/h", for other the text typed alone ("cool cloth"). */
void kc_ack_action_text(const struct kc_ack_action *a, char *out, size_t n);
/* All of them, "; " between: the summary kept on the reading (ack_action). Returns the
 * length it needed (as snprintf). */
size_t kc_ack_actions_text(const struct kc_ack_action *a, size_t n, char *out, size_t len);
/* The numbered wording of the actions of a side effect's acknowledgement, kept on the
 * observation as its intervention and shown on every screen line: one action alone as
 * kc_ack_action_text, several as "1. ondansetron 4 mg IV; 2. reassurance" (the numbers the
 * report and chart view give them one a line, as for a CRIT acknowledgement); "" for none.
 * Returns the length it needed (as snprintf). */
size_t kc_ack_numbered(const struct kc_ack_action *a, size_t n, char *out, size_t len);
/* An action stated as one text (the older single-action calls, kc_chart_ack): its kind
 * and choice from how it begins ("infusion paused: ...", "drug given: ..."), the rest its
 * text; anything else is other with the whole text. */
void kc_ack_from_text(const char *action, double rate, struct kc_ack_action *a);

#endif
