/* keys.c — keys become actions: the global action table and the lookup. */
#include "ui_app.h"
#include "ui_screen.h"

/* Every screen has these unless its own table takes the key first. Navigation has a
 * control-key twin for terminals that do not pass the cursor keys. */
static const struct ui_action global_actions[] = {
	{ ACT_HELP, '?', KEY_F(1), "?", "help", "show the keys of this screen (F1 too)" },
	{ ACT_BACK, UI_ESC, 0, "Esc", "back", "go back to the previous screen; in a form, cancel it" },
	{ ACT_UP, KEY_UP, UI_CTRL('p'), "Up/^P", NULL, "move to the previous row" },
	{ ACT_DOWN, KEY_DOWN, UI_CTRL('n'), "Down/^N", NULL, "move to the next row" },
	{ ACT_PGUP, KEY_PPAGE, UI_CTRL('b'), "PgUp/^B", NULL, "one page up" },
	{ ACT_PGDN, KEY_NPAGE, UI_CTRL('f'), "PgDn/^F", NULL, "one page down" },
	{ ACT_HOME, KEY_HOME, 0, "Home", NULL, "first row" },
	{ ACT_END, KEY_END, 0, "End", NULL, "last row" },
	{ ACT_REDRAW, UI_CTRL('l'), 0, "^L", NULL, "repaint the whole terminal" },
	{ ACT_INTERRUPT, UI_CTRL('c'), 0, "^C", NULL,
	  "quit at once (every accepted entry is already saved)" },
	{ 0 },
};

const struct ui_action *ui_global_actions(void)
{
	return global_actions;
}

/* Characters and KEY_* codes share one int space in a table: KEY_* codes are >= 0x101
 * (KEY_MIN), so a table key above that is a function key, as are fn keys read. */
static int key_matches(int want, const struct ui_key *k)
{
	if (want == 0)
		return 0;
	if (k->fn)
		return want >= KEY_MIN && want == k->ch;
	return want < KEY_MIN && want == k->ch;
}

int ui_action_lookup(const struct ui_action *tbl, const struct ui_key *k)
{
	if (!tbl)
		return ACT_NONE;
	for (; tbl->id; tbl++)
		if (key_matches(tbl->key, k) || key_matches(tbl->key2, k))
			return tbl->id;
	return ACT_NONE;
}

void ui_key_make(struct ui_key *k, int r, wint_t wc)
{
	k->ch = (int)wc;
	k->fn = r == KEY_CODE_YES;
	if ((!k->fn && (wc == '\r' || wc == '\n')) || (k->fn && wc == KEY_ENTER)) {
		k->ch = '\n';
		k->fn = 0;
	} else if (!k->fn && (wc == 127 || wc == 8)) {
		k->ch = KEY_BACKSPACE;
		k->fn = 1;
	}
}

int ui_key_printable(const struct ui_key *k)
{
	return !k->fn && k->ch >= 0x20 && k->ch != 127 && !(k->ch >= 0x80 && k->ch < 0xa0);
}

int ui_action_enabled(struct ui *ui, const struct ui_frame *f, int act, char *why, size_t n)
{
	char none[8];

	if (!why || n == 0) {
		why = none;
		n = sizeof none;
	}
	why[0] = '\0';
	if (!f || !f->ops->enabled || act == ACT_NONE)
		return 1;
	return f->ops->enabled(ui, f->priv, act, why, n) != 0;
}

const char *ui_action_label(struct ui *ui, const struct ui_frame *f, const struct ui_action *a)
{
	const char *l = NULL;

	if (!a->label)
		return NULL;
	if (f && f->ops->label)
		l = f->ops->label(ui, f->priv, a->id);
	return l ? l : a->label;
}
