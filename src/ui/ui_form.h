/* ui_form.h — forms (form.c) over the ncurses form library. Private to src/ui/.
 *
 * FORMS (form.c, over the ncurses form library): describe the fields in a struct uif_def,
 * ui_form_open() shows it in its own window over the body of the current screen. Typing
 * goes to the form; Tab/Down next, Shift-Tab/Up previous, Enter next (on the last field,
 * or on any field of a form with enter_saves: save), ^S save from anywhere, Esc cancel (asks first when something was typed). Save
 * calls def->submit(); it reads ui_form_text()/ui_form_choice() (ui_form_field_changed()
 * tells a field left as it started, e.g. a time that means "now") and calls the kc_chart_*
 * or store function. KC_OK closes the form (or clears it when def->keep_open); an error
 * is shown on the status line and the typed texts stay for a retry, except KC_ERR_DENIED
 * (the clinician's role does not permit it), which closes the form on its message. Long
 * forms are split into pages by the library (PgUp/PgDn). One form per screen at a time.
 * Arriving on a field puts the cursor after its text, and the first character typed
 * replaces that text (a default, the value in force); an editing key keeps it.
 * A time field (UIF_TIME) started on UIF_NOW follows the clock until it is edited, and the
 * submit reads it with ui_form_time_for(): what the form shows is what is stored, never
 * the time the form opened nor a time taken after the save.
 *
 */
#ifndef KC_UI_FORM_H
#define KC_UI_FORM_H

#include <curses.h>
#include <stddef.h>
#include <time.h>

#include "kc_store.h"
#include "kc_error.h"
#include "ui_screen.h"

struct ui;
struct ui_form;

/* ---------- forms ---------- */

enum uif_type {
	UIF_TEXT = 0, /* any printable text */
	UIF_NUMBER,   /* digits and '.', or the characters in accept */
	UIF_CHOICE,   /* one of choices: Left/Right/Space cycle, a letter picks */
	UIF_TOGGLE,   /* one item of a multi-select list: choices are its two faces, off then
		       * on, each its box and its text ("[ ] reassurance", "[x] reassurance",
		       * UIF_BOX_LEN characters of box): Space (or Left/Right) toggles, a letter
		       * moves to the next toggle whose text starts with it; ui_form_choice 1 = on.
		       * The mark is the [x], never colour alone. */
	UIF_TIME      /* a time as typed: "14:05", "yesterday 19:00", "2026-11-30 19:00"
		       * (kc_time_parse_entry). Starting on UIF_NOW it shows the clock's HH:MM and
		       * follows the clock, refreshed every tick, until the clinician edits it: what
		       * is on screen at the save is what ui_form_time gives. At least 16 wide. */
};
#define UIF_BOX_LEN 4 /* "[ ] " */
/* The starting text (field init or init[i]) of a UIF_TIME field that follows the clock. */
extern const char UIF_NOW[];
struct uif_field {
	const char *label;   /* "Date of birth" */
	enum uif_type type;
	int width;           /* columns on screen (a text scrolls beyond) */
	int max;             /* most characters, 0 = width */
	const char *accept;  /* NUMBER: allowed characters (NULL = "0123456789.") */
	const char *const *choices; /* CHOICE: NULL-terminated labels */
	const char *init;    /* starting text ("" / NULL); CHOICE: the label to start on. Read
			      * (copied) only when the form opens. */
	const char *hint;    /* shown under the form while on the field: "YYYY-MM-DD" */
	const char *mark;    /* shown right of the field until it is edited, e.g. "carried":
			      * its starting text was not typed in this form */
};
struct uif_def {
	const char *title;
	const struct uif_field *fields;
	size_t n;
	int row;             /* top line inside the body; -1 = centred */
	int keep_open;       /* after a good save, reset the fields instead of closing */
	int enter_saves;     /* Enter saves from any field, not only the last (a form whose
			      * later fields start on what is usually kept: a choice, a default) */
	int advance;         /* a key that answers a field moves on to the next one (not from the
			      * last): a letter or digit naming one choice only, a digit filling a
			      * one-character field. Enter still saves from the last field. */
	/* Enter on field i (not the last): 1 saves, 0 goes to the next field. May be NULL. */
	int (*enter)(void *priv, struct ui_form *f, size_t i);
	/* Save: read the texts, store them. KC_OK closes (or resets); else err is shown and
	 * the texts stay. May open a screen (ui_push) or ask (ui_confirm). */
	int (*submit)(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err);
	/* The form went away: saved = 1 after a good save, 0 when cancelled. May be NULL. */
	void (*closed)(struct ui *ui, void *priv, int saved);
};
/* Open def on the top screen; priv goes to the hooks. The form keeps the pointer def (keep
 * it, its fields and their labels, hints and choices alive while the form is open) but
 * copies the starting texts: init[i] when init and init[i] are given, else the field's
 * own init, so they may be built for each opening on the stack. */
struct ui_form *ui_form_open(struct ui *ui, const struct uif_def *def, void *priv);
struct ui_form *ui_form_open_init(struct ui *ui, const struct uif_def *def, void *priv,
				  const char *const *init);
void ui_form_close(struct ui *ui); /* the top screen's form, as if cancelled, no question */
struct ui_form *ui_form_current(const struct ui *ui); /* the top screen's form or NULL */
/* The cursor to field i: a submit refusing because of that field sends the clinician there. */
void ui_form_focus(struct ui *ui, struct ui_form *f, size_t i);
/* The text of field i, blanks trimmed (valid until the next call for the same field). */
const char *ui_form_text(struct ui_form *f, size_t i);
int ui_form_choice(const struct ui_form *f, size_t i); /* CHOICE: index in choices */
/* Show text in field i as if typed there (its mark goes). */
void ui_form_set(struct ui_form *f, size_t i, const char *text);
int ui_form_changed(struct ui_form *f);                /* anything differs from the start */
int ui_form_field_changed(struct ui_form *f, size_t i); /* field i differs from its start */
int ui_form_field_edited(const struct ui_form *f, size_t i); /* field i was typed in or set */
/* A UIF_TIME field. While it follows the clock: 1, *shown = the clock time its HH:MM was
 * made from (the time of this turn of the loop: the minute shown, to the second), *typed
 * NULL. Once edited: 0, *shown 0, *typed the text (for kc_chart_time / kc_chart_answer_time). */
int ui_form_time(struct ui_form *f, size_t i, time_t *shown, const char **typed);
/* The time of UIF_TIME field i for an entry of session: the clock time it shows, or the
 * text typed read by kc_chart_time (never after now, not before the session was opened).
 * A refusal names the field: "Time taken: 19:00 is later than now (10:24); ...". */
int ui_form_time_for(struct ui *ui, struct ui_form *f, size_t i, kc_id session, time_t *t, struct kc_err *err);
const struct ui_action *ui_form_actions(void);         /* the form keys, for help */
/* Drafts (kc_draft.h): the fields of f that differ from their start as "i\tlabel\ttext"
 * lines into out (whole lines only; a choice by its label); the bytes written. The form
 * is known by its title up to a " - " (after which a title says what changes). When a form opens, a draft kept for it (this clinician, the
 * frame's session, the title) is put back into its fields and taken out of the database,
 * and the status line says "restored draft from HH:MM - not charted until saved" (a time field that followed
 * the clock is kept as the date and time it showed). */
size_t ui_form_draft(struct ui_form *f, char *out, size_t n);
const char *ui_form_title(struct ui_form *f, char *out, size_t n); /* the draft's name */

/* Framework internals (app.c drives the top screen's form). */
int ui_form_key(struct ui *ui, struct ui_form *f, const struct ui_key *k); /* 1 = used */
int ui_form_layout(struct ui *ui, struct ui_form *f); /* after a resize; 0 = shown */
void ui_form_refresh(struct ui *ui, struct ui_form *f, int touch);
void ui_form_free(struct ui_form *f);
/* Every turn of the clock (app.c, for each screen's form): the fields following the clock
 * show ui->now. */
void ui_form_tick(struct ui *ui, struct ui_form *f);

#endif
