/* kc_draft.h — drafts: what a clinician had typed into a form when the program was ended
 * under them (^C, SIGTERM, SIGHUP, the terminal gone), kept so the form can give it back.
 *
 * A draft is NOT a clinical record: nothing in it was confirmed or charted. It lives in
 * its own table (drafts, migration 13), outside the audit chain (no audit triggers) and
 * outside `verify`'s row checks, and only the clinician who typed it reads it back. One
 * draft per clinician, session (0: none, e.g. the new-patient form) and form (its title as
 * shown); a newer one replaces it; reading it back removes it (the form holds the text
 * again, and is kept again if the program is ended again).
 *
 * Why the database and not a file: in shared mode (`ketchart setup --shared`) the program
 * runs setgid with its environment emptied (no HOME, no XDG_*), and the clinic's folder is
 * not writable by the clinician once the group is given up; the database is the one place
 * both modes can write, it is 0600/0660 already, and it holds the same patients' data.
 * The texts are stored as typed: field index, label and text per line ("i\tlabel\ttext"). */
#ifndef KC_DRAFT_H
#define KC_DRAFT_H

#include <stddef.h>
#include <time.h>

#include "kc_error.h"
#include "kc_store.h"

#define KC_DRAFT_MAX 4096   /* the fields of one draft, bytes */
#define KC_DRAFT_FORM_MAX 128

/* The store (store_draft.c): the actor's draft for (session, form). put replaces; take
 * reads and deletes it in one transaction: KC_ERR_NOTFOUND (err untouched) when none. */
int kc_store_draft_put(struct kc_store *st, kc_id session, const char *form, const char *fields,
		       time_t at, struct kc_err *err);
int kc_store_draft_take(struct kc_store *st, kc_id session, const char *form, char *fields, size_t n,
			time_t *at, struct kc_err *err);

/* The chart layer (chart_draft.c), what the screens call: keep refuses an empty draft or
 * one too long (KC_ERR_INVALID) and a clinician who may not chart (KC_ERR_DENIED). */
int kc_chart_draft_keep(struct kc_store *st, kc_id session, const char *form, const char *fields,
			time_t now, struct kc_err *err);
int kc_chart_draft_take(struct kc_store *st, kc_id session, const char *form, char *fields, size_t n,
			time_t *at, struct kc_err *err);

#endif
