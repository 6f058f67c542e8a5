/* form.c — compact labelled forms over the ncurses form library. Labels are inactive
 * fields, so the library pages long forms itself; the kit turns keys into form requests,
 * keeps choice fields, and hands the texts to the screen's submit hook. */
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_form.h"
#include "ui_lines.h"
#include "ui_screen.h"

#include <form.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "kc_ascii.h"
#include "kc_draft.h"
#include "kc_time.h"

#define LABEL_MAX 28 /* "Reason (another dose only)" whole; a longer label ends with the ellipsis */
/* Label, gap, field and frame must fit in the smallest terminal. */
#define INNER_MAX (UI_MIN_COLS - 6)
#define TIME_WIDTH 16 /* "2026-11-30 19:00" */
#define TIME_MAX 24
#define TIME_HINT "HH:MM, yesterday HH:MM or YYYY-MM-DD HH:MM"

const char UIF_NOW[] = "now";

struct ui_form {
	const struct uif_def *def;
	void *priv;
	size_t n;
	FIELD **fields;  /* label and input of each field, then NULL */
	FORM *form;
	WINDOW *win, *sub;
	int *choice;     /* CHOICE fields: the index shown */
	char **init;     /* the starting texts of this opening (copies) */
	char **txt;      /* what ui_form_text returned last */
	unsigned char *clock;  /* TIME fields started on UIF_NOW */
	unsigned char *follow; /* ... still following the clock (not edited since) */
	unsigned char *edited; /* edited since the form opened: a field's mark goes */
	time_t now;      /* the clock time the following fields show */
	int labelw, fieldw, h, w;
	int cur;         /* the input whose label is bold */
	int fresh;       /* the cursor just came to the field: typing replaces its text */
	int ascii;       /* the terminal is not UTF-8: a choice is shown in ASCII (kc_ascii) */
};

enum {
	F_ENTER = 200, F_SAVE, F_NEXT, F_PREV, F_CANCEL, F_LEFT, F_RIGHT, F_HOME, F_END,
	F_BS, F_DEL, F_CLEAR, F_PGUP, F_PGDN
};

static const struct ui_action form_actions[] = {
	{ F_SAVE, UI_CTRL('s'), 0, "^S", "save", "save the entry, from any field" },
	{ F_ENTER, '\n', 0, "Enter", NULL, "next field; on the last field save (some forms save from any field)" },
	{ F_NEXT, '\t', KEY_DOWN, "Tab/Down", "next", "next field" },
	{ F_PREV, KEY_BTAB, KEY_UP, "S-Tab/Up", "prev", "previous field" },
	{ F_CANCEL, UI_ESC, 0, "Esc", "cancel", "cancel the form (asks first when something was typed)" },
	{ ACT_HELP, UI_CTRL('g'), KEY_F(1), "^G", "help", "help (? too, except in a text field where it is typed)" },
	{ F_LEFT, KEY_LEFT, 0, "Left/Right", NULL, "move in the text; in a choice field, change the choice" },
	{ F_RIGHT, KEY_RIGHT, 0, "Right", NULL, NULL },
	{ F_HOME, KEY_HOME, UI_CTRL('a'), "Home/^A", NULL, "start of the field" },
	{ F_END, KEY_END, UI_CTRL('e'), "End/^E", NULL, "end of the field" },
	{ F_BS, KEY_BACKSPACE, 0, "Backspace", NULL, "delete the character before the cursor" },
	{ F_DEL, KEY_DC, UI_CTRL('d'), "Del/^D", NULL, "delete the character under the cursor" },
	{ F_CLEAR, UI_CTRL('u'), 0, "^U", NULL, "clear the field" },
	{ F_PGUP, KEY_PPAGE, UI_CTRL('b'), "PgUp/^B", NULL, "previous page of a long form" },
	{ F_PGDN, KEY_NPAGE, UI_CTRL('f'), "PgDn/^F", NULL, "next page of a long form" },
	{ 0 },
};

const struct ui_action *ui_form_actions(void)
{
	return form_actions;
}

static FIELD *label_of(const struct ui_form *f, size_t i)
{
	return f->fields[2 * i];
}

static FIELD *input_of(const struct ui_form *f, size_t i)
{
	return f->fields[2 * i + 1];
}

static const struct uif_field *spec_of(const struct ui_form *f, size_t i)
{
	return &f->def->fields[i];
}

/* A choice, or a toggle (a choice of two: off, on). */
static int is_choice(const struct uif_field *s)
{
	return s->type == UIF_CHOICE || s->type == UIF_TOGGLE;
}

static size_t current_index(const struct ui_form *f)
{
	int i = f->form ? field_index(current_field(f->form)) : 1;

	return i > 0 ? (size_t)i / 2 : 0;
}

/* After request req: on a field just reached the cursor waits at the end of its text, and
 * the first character typed replaces it; any other edit keeps it. */
static void arrived(struct ui_form *f, int req)
{
	int moved = req == REQ_NEXT_FIELD || req == REQ_PREV_FIELD || req == REQ_PREV_PAGE || req == REQ_NEXT_PAGE;

	if (moved)
		form_driver_w(f->form, KEY_CODE_YES, REQ_END_FIELD);
	f->fresh = moved;
}

/* ---------- building ---------- */

static int choice_find(const struct uif_field *s, const char *label)
{
	for (int i = 0; label && s->choices[i]; i++)
		if (strcmp(s->choices[i], label) == 0)
			return i;
	return 0;
}

/* Field i shows its choice: as it is, or in ASCII on a terminal that is not UTF-8 (the
 * answer is the index, so what is stored is the choice's own text). */
static void choice_show(struct ui_form *f, size_t i)
{
	const char *t = spec_of(f, i)->choices[f->choice[i]];
	char a[256];

	set_field_buffer(input_of(f, i), 0, f->ascii ? kc_ascii(t, a, sizeof a) : t);
}

static void input_reset(struct ui_form *f, size_t i)
{
	const struct uif_field *s = spec_of(f, i);

	if (is_choice(s)) {
		f->choice[i] = choice_find(s, f->init[i]);
		choice_show(f, i);
	} else if (f->clock[i]) {
		char hm[16];

		f->follow[i] = 1;
		kc_time_local_hm(f->now, hm, sizeof hm);
		set_field_buffer(input_of(f, i), 0, hm);
	} else {
		set_field_buffer(input_of(f, i), 0, f->init[i]);
	}
}

/* Copy the starting texts: init[i] when given, else the field's own. */
static int init_copy(struct ui_form *f, const char *const *init)
{
	for (size_t i = 0; i < f->n; i++) {
		const char *t = init && init[i] ? init[i] : spec_of(f, i)->init;

		f->clock[i] = spec_of(f, i)->type == UIF_TIME && t == UIF_NOW;
		f->init[i] = strdup(t && !f->clock[i] ? t : "");
		if (!f->init[i])
			return -1;
	}
	return 0;
}

static int field_width(const struct ui *ui, const struct uif_field *s, int labelw)
{
	int w = s->width > 0 ? s->width : 10;

	if (s->type == UIF_TIME) {
		w = w < TIME_WIDTH ? TIME_WIDTH : w;
	} else if (is_choice(s)) {
		w = 1;
		for (int i = 0; s->choices[i]; i++)
			if (ui_width(ui, s->choices[i]) > w)
				w = ui_width(ui, s->choices[i]);
	} else if (s->max > 0 && s->max < w) {
		w = s->max;
	}
	return w > INNER_MAX - labelw - 2 ? INNER_MAX - labelw - 2 : w;
}

static FIELD *make_input(const struct ui *ui, const struct uif_field *s, int labelw, int *w)
{
	FIELD *in;

	*w = field_width(ui, s, labelw);
	in = new_field(1, *w, 0, labelw + 2, 0, 0);
	if (!in)
		return NULL;
	field_opts_off(in, O_AUTOSKIP | O_BLANK);
	if (is_choice(s)) {
		field_opts_off(in, O_EDIT);
	} else if (s->type == UIF_TIME) {
		field_opts_off(in, O_STATIC);
		set_max_field(in, TIME_MAX);
	} else if (s->max > *w) {
		field_opts_off(in, O_STATIC); /* scrolls sideways up to max */
		set_max_field(in, s->max);
	}
	set_field_back(in, A_UNDERLINE);
	return in;
}

static int make_fields(struct ui *ui, struct ui_form *f)
{
	for (size_t i = 0; i < f->n; i++) {
		int lw = ui_width(ui, spec_of(f, i)->label);

		if (lw > f->labelw)
			f->labelw = lw > LABEL_MAX ? LABEL_MAX : lw;
	}
	for (size_t i = 0; i < f->n; i++) {
		char cut[128];
		int w;

		f->fields[2 * i] = new_field(1, f->labelw, 0, 0, 0, 0);
		f->fields[2 * i + 1] = make_input(ui, spec_of(f, i), f->labelw, &w);
		if (!f->fields[2 * i] || !f->fields[2 * i + 1])
			return -1;
		field_opts_off(label_of(f, i), O_ACTIVE);
		{
			char a[LABEL_MAX * 4];
			const char *label = ui->utf8 ? spec_of(f, i)->label : kc_ascii(spec_of(f, i)->label, a, sizeof a);

			/* the form library shows the label's bytes as they are: ASCII outside UTF-8 */
			set_field_buffer(label_of(f, i), 0, uil_ellipsis(label, f->labelw, ui->utf8, cut, sizeof cut));
		}
		if (w > f->fieldw)
			f->fieldw = w;
		input_reset(f, i);
	}
	return 0;
}

void ui_form_free(struct ui_form *f)
{
	if (!f)
		return;
	if (f->form) {
		unpost_form(f->form);
		free_form(f->form);
	}
	if (f->sub)
		delwin(f->sub);
	if (f->win)
		delwin(f->win);
	for (size_t i = 0; f->fields && i < 2 * f->n; i++)
		if (f->fields[i])
			free_field(f->fields[i]);
	for (size_t i = 0; f->txt && i < f->n; i++)
		free(f->txt[i]);
	for (size_t i = 0; f->init && i < f->n; i++)
		free(f->init[i]);
	free(f->fields);
	free(f->clock);
	free(f->follow);
	free(f->edited);
	free(f->choice);
	free(f->txt);
	free(f->init);
	free(f);
}

static void draft_restore(struct ui *ui, struct ui_form *f);

struct ui_form *ui_form_open(struct ui *ui, const struct uif_def *def, void *priv)
{
	return ui_form_open_init(ui, def, priv, NULL);
}

struct ui_form *ui_form_open_init(struct ui *ui, const struct uif_def *def, void *priv,
				  const char *const *init)
{
	struct ui_frame *fr = ui_top(ui);
	struct ui_form *f;

	if (!fr || fr->form || def->n == 0)
		return NULL;
	f = calloc(1, sizeof *f);
	if (!f)
		goto fail;
	f->def = def;
	f->priv = priv;
	f->n = def->n;
	f->fields = calloc(2 * def->n + 1, sizeof *f->fields);
	f->choice = calloc(def->n, sizeof *f->choice);
	f->txt = calloc(def->n, sizeof *f->txt);
	f->init = calloc(def->n, sizeof *f->init);
	f->clock = calloc(def->n, 1);
	f->follow = calloc(def->n, 1);
	f->edited = calloc(def->n, 1);
	f->now = ui->now;
	f->ascii = !ui->utf8;
	if (!f->fields || !f->choice || !f->txt || !f->init || !f->clock || !f->follow || !f->edited ||
	    init_copy(f, init) != 0 ||
	    make_fields(ui, f) != 0)
		goto fail;
	fr->form = f;
	f->cur = -1;
	f->fresh = 1;
	draft_restore(ui, f);
	ui_form_layout(ui, f);
	ui_mark(ui, UI_BAR | UI_STATUS);
	return f;
fail:
	ui_form_free(f);
	ui_msg(ui, UI_CRIT, "ERROR: out of memory opening the form");
	return NULL;
}

/* ---------- drafts ---------- */

#define DRAFT_NOTE "restored draft from "

const char *ui_form_title(struct ui_form *f, char *out, size_t n)
{
	const char *t = f->def->title ? f->def->title : "";
	const char *cut = strstr(t, " - ");

	/* "Vitals reading - carried from 09:00": the part after " - " says what changes */
	snprintf(out, n, "%.*s", (int)(cut ? (size_t)(cut - t) : strlen(t)), t);
	return out;
}

size_t ui_form_draft(struct ui_form *f, char *out, size_t n)
{
	size_t len = 0;

	if (n == 0)
		return 0;
	out[0] = '\0';
	for (size_t i = 0; i < f->n; i++) {
		const struct uif_field *s = spec_of(f, i);
		char at[32];
		const char *t;
		int w;

		if (f->clock[i] && f->follow[i]) {
			/* "now" when it was typed, not when it is restored: the time it showed */
			kc_time_local(f->now, at, sizeof at);
			t = at;
		} else if (!ui_form_field_changed(f, i)) {
			continue;
		} else {
			t = is_choice(s) ? s->choices[f->choice[i]] : ui_form_text(f, i);
		}
		w = snprintf(out + len, n - len, "%zu\t%s\t%s\n", i, s->label ? s->label : "", t);
		if (w < 0 || (size_t)w >= n - len) {
			out[len] = '\0'; /* whole lines only */
			break;
		}
		len += (size_t)w;
	}
	return len;
}

/* The field a draft line names: its index when the label there is the same, else the
 * first field with that label; -1 when the form has none (it changed since). */
static long draft_field(const struct ui_form *f, const char *idx, const char *label)
{
	char *end;
	unsigned long i = strtoul(idx, &end, 10);

	if (*end == '\0' && i < f->n && strcmp(spec_of(f, i)->label ? spec_of(f, i)->label : "", label) == 0)
		return (long)i;
	for (size_t j = 0; j < f->n; j++)
		if (spec_of(f, j)->label && strcmp(spec_of(f, j)->label, label) == 0)
			return (long)j;
	return -1;
}

static void draft_put(struct ui_form *f, size_t i, const char *text)
{
	const struct uif_field *s = spec_of(f, i);

	if (is_choice(s)) {
		for (int c = 0; s->choices[c]; c++)
			if (strcmp(s->choices[c], text) == 0) {
				f->choice[i] = c;
				choice_show(f, i);
			}
		return;
	}
	if (f->clock[i]) {
		char today[32];

		/* kept as the date and time it showed: today's is shown as HH:MM again */
		kc_time_local(f->now, today, sizeof today);
		if (strlen(text) == 16 && strncmp(text, today, 11) == 0)
			text += 11;
	}
	f->follow[i] = 0; /* a time as it was typed, no longer the clock */
	/* a value the clinician had typed over is theirs: its mark (carried) goes */
	if (strcmp(text, f->init[i] ? f->init[i] : "") != 0)
		f->edited[i] = 1;
	set_field_buffer(input_of(f, i), 0, text);
}

static void draft_apply(struct ui_form *f, char *fields)
{
	char *save = NULL;

	for (char *line = strtok_r(fields, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *label = strchr(line, '\t'), *text = label ? strchr(label + 1, '\t') : NULL;
		long i;

		if (!text)
			continue;
		*label++ = '\0';
		*text++ = '\0';
		i = draft_field(f, line, label);
		if (i >= 0)
			draft_put(f, (size_t)i, text);
	}
}

/* A draft kept for this form (this clinician, the screen's session, the title) goes back
 * into its fields; the status line says so until the form ends. */
static void draft_restore(struct ui *ui, struct ui_form *f)
{
	char fields[KC_DRAFT_MAX], when[32], today[32], name[KC_DRAFT_FORM_MAX];
	struct kc_err err;
	time_t at;
	int rc = kc_chart_draft_take(ui->app->store, ui_frame_session(ui, ui->depth - 1),
				     ui_form_title(f, name, sizeof name), fields, sizeof fields, &at, &err);

	if (rc == KC_ERR_NOTFOUND)
		return;
	if (rc != KC_OK) {
		ui_error(ui, &err);
		return;
	}
	draft_apply(f, fields);
	f->fresh = 0; /* typing goes on from the draft, it does not replace it */
	kc_time_local(at, when, sizeof when);
	kc_time_local(ui->now, today, sizeof today);
	if (strncmp(when, today, 10) == 0)
		kc_time_local_hm(at, when, sizeof when);
	ui_msg(ui, UI_WARN, DRAFT_NOTE "%s - not charted until saved", when);
	ui->msg_sticky = 1;
}

/* ---------- placing ---------- */

/* Each field's mark, right of the field on the page shown, while it is not edited. */
static void draw_marks(struct ui *ui, struct ui_form *f)
{
	int per = f->h - 3, page = form_page(f->form), x = 0;

	for (size_t i = 0; i < f->n; i++) /* one column for every mark */
		if (spec_of(f, i)->mark && field_width(ui, spec_of(f, i), f->labelw) > x)
			x = field_width(ui, spec_of(f, i), f->labelw);
	x += f->labelw + 3;
	for (size_t i = 0; per > 0 && i < f->n; i++) {
		const struct uif_field *s = spec_of(f, i);
		int w = getmaxx(f->sub) - x;

		if (!s->mark || (int)i / per != page || w <= 0)
			continue;
		ui_put(ui, f->sub, (int)i % per, x, w, A_BOLD, f->edited[i] ? "" : s->mark);
	}
	wnoutrefresh(f->sub);
}

static void decorate(struct ui *ui, struct ui_form *f)
{
	size_t i = current_index(f);
	const struct uif_field *s = spec_of(f, i);
	char page[32] = "";

	if ((int)i != f->cur) {
		if (f->cur >= 0)
			set_field_fore(label_of(f, (size_t)f->cur), A_NORMAL);
		set_field_fore(label_of(f, i), A_BOLD);
		f->cur = (int)i;
	}
	if (f->h - 3 < (int)f->n)
		snprintf(page, sizeof page, "  page %d/%d PgDn", form_page(f->form) + 1,
			 ((int)f->n + f->h - 4) / (f->h - 3));
	draw_marks(ui, f);
	ui_putf(ui, f->win, f->h - 2, 2, f->w - 4, A_NORMAL, "%s%s%s",
		s->hint ? s->hint : s->type == UIF_TIME ? TIME_HINT : "",
		is_choice(s) ? (s->hint ? "" : "Left/Right to change") : "", page);
}

static void sync(struct ui_form *f);

static void unplace(struct ui_form *f)
{
	if (f->form) {
		sync(f); /* what was typed into the current field is not in its buffer yet */
		unpost_form(f->form);
		free_form(f->form);
		f->form = NULL;
	}
	if (f->sub)
		delwin(f->sub);
	if (f->win)
		delwin(f->win);
	f->sub = f->win = NULL;
}

/* Wide enough for the fields, the title in a closed frame and the longest hint, as far as
 * the body allows. */
static int form_width(const struct ui *ui, const struct ui_form *f, int bw)
{
	int w = f->labelw + 2 + f->fieldw + 4, t = ui_width(ui, f->def->title) + 6;

	w = t > w ? t : w;
	for (size_t i = 0; i < f->n; i++) {
		const char *h = spec_of(f, i)->hint, *m = spec_of(f, i)->mark;
		int mw = m ? f->labelw + 2 + field_width(ui, spec_of(f, i), f->labelw) + 1 + ui_width(ui, m) + 4 : 0;

		w = mw > w ? mw : w;
		int hw = (h ? ui_width(ui, h) : 0) + 4;

		if (is_choice(spec_of(f, i)) && !h)
			hw = ui_width(ui, "Left/Right to change") + 4;
		if (spec_of(f, i)->type == UIF_TIME && !h)
			hw = ui_width(ui, TIME_HINT) + 4;
		w = hw > w ? hw : w;
	}
	return w > bw ? bw : w;
}

/* Rows on a page = window height - frame - hint line; each page starts with a label. */
static void paginate(struct ui_form *f, int per)
{
	for (size_t i = 0; i < f->n; i++) {
		int row = (int)(i % (size_t)per);

		move_field(label_of(f, i), row, 0);
		move_field(input_of(f, i), row, f->labelw + 2);
		set_new_page(label_of(f, i), i > 0 && row == 0);
	}
}

int ui_form_layout(struct ui *ui, struct ui_form *f)
{
	size_t cur = current_index(f);
	int bh, bw, by, bx, y;

	unplace(f);
	if (ui->too_small || !ui->body)
		return -1;
	getmaxyx(ui->body, bh, bw);
	getbegyx(ui->body, by, bx);
	f->h = (int)f->n + 3 > bh ? bh : (int)f->n + 3;
	f->w = form_width(ui, f, bw);
	y = f->def->row < 0 ? (bh - f->h) / 2 : f->def->row;
	if (y + f->h > bh)
		y = bh - f->h;
	paginate(f, f->h - 3);
	f->form = new_form(f->fields);
	f->win = newwin(f->h, f->w, by + y, bx + (bw - f->w) / 2);
	f->sub = f->win ? derwin(f->win, f->h - 3, f->w - 4, 1, 2) : NULL;
	if (!f->form || !f->win || !f->sub)
		return -1;
	set_form_win(f->form, f->win);
	set_form_sub(f->form, f->sub);
	box(f->win, 0, 0);
	ui_putf(ui, f->win, 0, 2, f->w - 4 < ui_width(ui, f->def->title) + 2 ? f->w - 4 :
		ui_width(ui, f->def->title) + 2, A_BOLD, " %s ", f->def->title);
	post_form(f->form);
	set_current_field(f->form, input_of(f, cur));
	/* The column in the field is not kept across a rebuild: the end is the safe guess. */
	form_driver_w(f->form, KEY_CODE_YES, REQ_END_FIELD);
	decorate(ui, f);
	return 0;
}

void ui_form_refresh(struct ui *ui, struct ui_form *f, int touch)
{
	(void)ui;
	if (!f->form)
		return;
	if (touch)
		touchwin(f->win);
	wnoutrefresh(f->win);
	pos_form_cursor(f->form);
	wnoutrefresh(f->sub);
}

/* ---------- texts ---------- */

static void sync(struct ui_form *f)
{
	if (f->form)
		form_driver_w(f->form, KEY_CODE_YES, REQ_VALIDATION);
}

/* s without the blanks around it: where it starts, *len bytes. */
static const char *trimmed(const char *s, size_t *len)
{
	s = s ? s + strspn(s, " ") : "";
	*len = strlen(s);
	while (*len > 0 && s[*len - 1] == ' ')
		(*len)--;
	return s;
}

const char *ui_form_text(struct ui_form *f, size_t i)
{
	const char *b;
	size_t len;

	if (i >= f->n)
		return "";
	sync(f);
	b = trimmed(field_buffer(input_of(f, i), 0), &len);
	free(f->txt[i]);
	f->txt[i] = strndup(b, len);
	return f->txt[i] ? f->txt[i] : "";
}

int ui_form_choice(const struct ui_form *f, size_t i)
{
	return i < f->n ? f->choice[i] : 0;
}

void ui_form_set(struct ui_form *f, size_t i, const char *text)
{
	if (i < f->n) {
		set_field_buffer(input_of(f, i), 0, text);
		f->edited[i] = 1;
		f->follow[i] = 0;
	}
}

/* Leaves what ui_form_text() returned valid. Blanks around the texts do not count. */
int ui_form_field_changed(struct ui_form *f, size_t i)
{
	const struct uif_field *s;
	const char *typed, *init;
	size_t tl, il;

	if (i >= f->n)
		return 0;
	s = spec_of(f, i);
	if (is_choice(s))
		return f->choice[i] != choice_find(s, f->init[i]);
	sync(f);
	if (f->clock[i])
		return !f->follow[i];
	typed = trimmed(field_buffer(input_of(f, i), 0), &tl);
	init = trimmed(f->init[i], &il);
	return tl != il || strncmp(typed, init, il) != 0;
}

int ui_form_field_edited(const struct ui_form *f, size_t i)
{
	return i < f->n && f->edited[i];
}

int ui_form_changed(struct ui_form *f)
{
	for (size_t i = 0; i < f->n; i++)
		if (ui_form_field_changed(f, i))
			return 1;
	return 0;
}

/* ---------- times ---------- */

int ui_form_time(struct ui_form *f, size_t i, time_t *shown, const char **typed)
{
	*shown = 0;
	*typed = NULL;
	if (i >= f->n)
		return 0;
	if (f->clock[i] && f->follow[i]) {
		*shown = f->now;
		return 1;
	}
	*typed = ui_form_text(f, i);
	return 0;
}

int ui_form_time_for(struct ui *ui, struct ui_form *f, size_t i, kc_id session, time_t *t, struct kc_err *err)
{
	const char *typed;
	char msg[KC_MSG_MAX];

	if (ui_form_time(f, i, t, &typed))
		return KC_OK;
	if (kc_chart_time(ui->app->store, session, typed, ui->now, t, err) == KC_OK)
		return KC_OK;
	kc_strlcpy(msg, err->msg, sizeof msg);
	return kc_fail(err, err->status, "%s: %s", spec_of(f, i)->label, msg);
}

void ui_form_tick(struct ui *ui, struct ui_form *f)
{
	char hm[16], was[16];

	kc_time_local_hm(f->now, was, sizeof was);
	f->now = ui->now;
	kc_time_local_hm(f->now, hm, sizeof hm);
	if (strcmp(hm, was) == 0)
		return;
	for (size_t i = 0; i < f->n; i++) {
		if (!f->clock[i] || !f->follow[i])
			continue;
		set_field_buffer(input_of(f, i), 0, hm);
		if (f->form && current_index(f) == i)
			form_driver_w(f->form, KEY_CODE_YES, REQ_END_FIELD);
	}
}

void ui_form_focus(struct ui *ui, struct ui_form *f, size_t i)
{
	if (!f->form || i >= f->n || current_index(f) == i)
		return;
	set_current_field(f->form, input_of(f, i));
	arrived(f, REQ_NEXT_FIELD);
	decorate(ui, f);
}

struct ui_form *ui_form_current(const struct ui *ui)
{
	return ui->depth > 0 ? ui->stack[ui->depth - 1].form : NULL;
}

/* ---------- closing ---------- */

/* Detach f from whichever screen holds it (a submit may have pushed a new one). */
static void form_end(struct ui *ui, struct ui_form *f, int saved)
{
	const struct uif_def *def = f->def;
	void *priv = f->priv;

	for (int i = 0; i < ui->depth; i++)
		if (ui->stack[i].form == f)
			ui->stack[i].form = NULL;
	ui_form_free(f);
	if (ui->msg_sticky && strncmp(ui->msg, DRAFT_NOTE, strlen(DRAFT_NOTE)) == 0)
		ui_msg_clear(ui); /* the draft's note goes with its form */
	ui->dirty |= UI_ALL;
	if (def->closed)
		def->closed(ui, priv, saved);
}

void ui_form_close(struct ui *ui)
{
	struct ui_form *f = ui_form_current(ui);

	if (f)
		form_end(ui, f, 0);
}

static void discard_yes(struct ui *ui, void *priv)
{
	form_end(ui, priv, 0);
}

static void cancel(struct ui *ui, struct ui_form *f)
{
	if (ui_form_changed(f))
		ui_confirm(ui, "Discard the entry being typed?", discard_yes, f);
	else
		form_end(ui, f, 0);
}

static void submit(struct ui *ui, struct ui_form *f)
{
	struct kc_err err;
	int rc;

	sync(f);
	kc_err_clear(&err);
	ui_msg_clear(ui);
	rc = f->def->submit(ui, f->priv, f, &err);
	if (rc != KC_OK) {
		if (!err.msg[0])
			kc_fail(&err, rc, "not saved (%s)", kc_status_name(rc));
		ui_error(ui, &err);
		if (rc == KC_ERR_DENIED) /* this clinician may not: retyping cannot help */
			form_end(ui, f, 0);
		return;
	}
	if (!f->def->keep_open) {
		form_end(ui, f, 1);
		return;
	}
	for (size_t i = 0; i < f->n; i++) {
		input_reset(f, i);
		f->edited[i] = 0;
	}
	if (f->form) {
		set_current_field(f->form, input_of(f, 0));
		arrived(f, REQ_NEXT_FIELD);
		decorate(ui, f);
	}
}

/* ---------- keys ---------- */

static void choice_step(struct ui_form *f, size_t i, int step)
{
	const struct uif_field *s = spec_of(f, i);
	int n = 0;

	while (s->choices[n])
		n++;
	f->choice[i] = ((f->choice[i] + step) % n + n) % n;
	choice_show(f, i);
}

static int starts_with(const char *label, int ch)
{
	return towlower((wint_t)(unsigned char)label[0]) == towlower((wint_t)ch);
}

/* A digit names a numbered choice by its number: "4" is "Chair 4" (the last word). */
static int numbered(const char *label, int ch)
{
	const char *w = strrchr(label, ' ');

	return ch >= '0' && ch <= '9' && w && w[1] == ch && w[2] == '\0';
}

/* A letter picks the next choice starting with it (a digit, when no choice starts with
 * it, the choice of that number): 2 when it is the only one that does (the answer is
 * whole), 1 when another starts with it too, 0 when none does. */
static int choice_letter(struct ui_form *f, size_t i, int ch)
{
	const struct uif_field *s = spec_of(f, i);
	int n = 0, same = 0, picked = 0;
	int (*match)(const char *, int) = starts_with;

	while (s->choices[n])
		same += starts_with(s->choices[n++], ch);
	if (!same) {
		match = numbered;
		for (int k = 0; k < n; k++)
			same += numbered(s->choices[k], ch);
	}
	for (int k = 1; k <= n && !picked; k++) {
		int j = (f->choice[i] + k) % n;

		if (match(s->choices[j], ch)) {
			f->choice[i] = j;
			choice_show(f, i);
			picked = 1;
		}
	}
	return picked ? (same == 1 ? 2 : 1) : 0;
}

/* The library moves to the next / previous field within the page (from its last field to
 * its first): on a long form's page boundary, Tab and Shift-Tab turn the page instead, so
 * every field is reached in order. */
static int page_step(const struct ui_form *f, size_t i, int req)
{
	if (req == REQ_NEXT_FIELD && i + 1 < f->n && new_page(label_of(f, i + 1)))
		return REQ_NEXT_PAGE;
	if (req == REQ_PREV_FIELD && i > 0 && new_page(label_of(f, i)))
		return REQ_PREV_PAGE;
	return req;
}

/* A form with advance: the field just answered hands the cursor to the next one. */
static void advance(struct ui_form *f, size_t i)
{
	int req;

	if (!f->def->advance || i + 1 >= f->n)
		return;
	req = page_step(f, i, REQ_NEXT_FIELD);
	form_driver_w(f->form, KEY_CODE_YES, req);
	arrived(f, req);
}

/* A letter on a toggle: the cursor goes to the next toggle (after i, round) whose text,
 * past its box, starts with it; nothing is toggled (Space does that). 0: none does. */
static int toggle_jump(struct ui_form *f, size_t i, int ch)
{
	for (size_t k = 1; k <= f->n; k++) {
		size_t j = (i + k) % f->n;
		const struct uif_field *s = spec_of(f, j);

		if (s->type != UIF_TOGGLE || strlen(s->choices[0]) < UIF_BOX_LEN)
			continue;
		if (!starts_with(s->choices[0] + UIF_BOX_LEN, ch))
			continue;
		set_current_field(f->form, input_of(f, j));
		arrived(f, REQ_NEXT_FIELD);
		return 1;
	}
	return 0;
}

static int choice_key(struct ui *ui, struct ui_form *f, size_t i, int act, const struct ui_key *k)
{
	if (act == F_LEFT || act == F_RIGHT || (!act && !k->fn && k->ch == ' ')) {
		choice_step(f, i, act == F_LEFT ? -1 : 1);
		f->edited[i] = 1; /* changed: a mark (e.g. "as booked") no longer holds */
		return 1;
	}
	if (act || !ui_key_printable(k))
		return 0;
	if (k->ch == '?')
		return -1; /* help */
	if (spec_of(f, i)->type == UIF_TOGGLE) {
		if (!toggle_jump(f, i, k->ch))
			ui_msg(ui, UI_WARN, "no action starts with that letter (Up/Down move, Space marks [x])");
		return 1;
	}
	switch (choice_letter(f, i, k->ch)) {
	case 0:
		ui_msg(ui, UI_WARN, "%s: no choice starts with that letter (Left/Right to change)",
		       spec_of(f, i)->label);
		break;
	case 2:
		f->edited[i] = 1;
		advance(f, i);
		break;
	default:
		f->edited[i] = 1;
		break;
	}
	return 1;
}

/* A character for a text or number field: 1 used, 0 not ours (help). */
static int type_char(struct ui *ui, struct ui_form *f, size_t i, const struct ui_key *k)
{
	const struct uif_field *s = spec_of(f, i);
	const char *accept = s->accept ? s->accept : "0123456789.";

	if (s->type == UIF_NUMBER && (k->ch >= 0x80 || !strchr(accept, k->ch))) {
		if (k->ch == '?')
			return 0;
		ui_msg(ui, UI_WARN, "%s: only %s", s->label,
		       s->accept ? s->accept : "digits and a decimal point");
		return 1;
	}
	if (f->fresh) /* a text shown (a default, the value in force) is typed over, not onto */
		form_driver_w(f->form, KEY_CODE_YES, REQ_CLR_FIELD);
	f->fresh = 0;
	f->follow[i] = 0; /* typed: a time no longer follows the clock */
	f->edited[i] = 1;
	if (form_driver_w(f->form, OK, (wchar_t)k->ch) == E_REQUEST_DENIED)
		ui_msg(ui, UI_WARN, "%s: at most %d characters", s->label, s->max > 0 ? s->max : s->width);
	else if (s->type == UIF_NUMBER && (s->max == 1 || (!s->max && s->width == 1)))
		advance(f, i); /* a one-digit score is whole */
	return 1;
}

static int edit_request(int act)
{
	switch (act) {
	case F_LEFT: return REQ_PREV_CHAR;
	case F_RIGHT: return REQ_NEXT_CHAR;
	case F_HOME: return REQ_BEG_FIELD;
	case F_END: return REQ_END_FIELD;
	case F_BS: return REQ_DEL_PREV;
	case F_DEL: return REQ_DEL_CHAR;
	case F_CLEAR: return REQ_CLR_FIELD;
	case F_NEXT: return REQ_NEXT_FIELD;
	case F_PREV: return REQ_PREV_FIELD;
	case F_PGUP: return REQ_PREV_PAGE;
	case F_PGDN: return REQ_NEXT_PAGE;
	default: return 0;
	}
}

static int field_key(struct ui *ui, struct ui_form *f, size_t i, int act, const struct ui_key *k)
{
	int req;

	if (is_choice(spec_of(f, i))) {
		int r = choice_key(ui, f, i, act, k);

		if (r)
			return r > 0;
	}
	if (!act && ui_key_printable(k))
		return type_char(ui, f, i, k);
	req = edit_request(act);
	if (!req)
		return 0;
	if (req == REQ_DEL_PREV || req == REQ_DEL_CHAR || req == REQ_CLR_FIELD)
		f->follow[i] = 0, f->edited[i] = 1;
	req = page_step(f, i, req);
	form_driver_w(f->form, KEY_CODE_YES, req);
	if (req == REQ_PREV_PAGE)
		form_driver_w(f->form, KEY_CODE_YES, REQ_LAST_FIELD);
	arrived(f, req);
	return 1;
}

int ui_form_key(struct ui *ui, struct ui_form *f, const struct ui_key *k)
{
	size_t i = current_index(f);
	int act = ui_action_lookup(form_actions, k);

	if (!f->form)
		return 0;
	switch (act) {
	case F_SAVE:
		submit(ui, f);
		return 1;
	case F_ENTER:
		if (i + 1 == f->n || f->def->enter_saves || (f->def->enter && f->def->enter(f->priv, f, i))) {
			submit(ui, f);
			return 1;
		}
		act = F_NEXT;
		break;
	case F_CANCEL:
		cancel(ui, f);
		return 1;
	case ACT_HELP:
		return 0;
	default:
		break;
	}
	if (!field_key(ui, f, i, act, k))
		return 0;
	decorate(ui, f);
	return 1;
}
