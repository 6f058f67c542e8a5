/* scr_help.c — the `?` screen: the keys of the screen beneath, from the action tables
 * (its own, the form keys when a form is open, then the global ones), in a menu. When the
 * keys do not fit the window, its last line says so in words ("more below (PgDn)", "more
 * above (PgUp)") with the lines in view; PgDn / PgUp / the arrows scroll. */
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_form.h"
#include "ui_screen.h"

#include <menu.h>
#include <stdio.h>
#include <string.h>

#define HELP_ROWS 96
#define HELP_ITEMS (HELP_ROWS * 3) /* rows once long texts are wrapped */

#define NOT_NOW " [not now]"

struct help {
	const struct ui_frame *under;
	int n;
	char key[HELP_ROWS][24];
	char text[HELP_ROWS][160];
	int off[HELP_ROWS];         /* the action cannot be taken now */
	int any_off;
	char shown[HELP_ITEMS][160]; /* texts wrapped to the window */
	ITEM *items[HELP_ITEMS + 1];
	int nitems;
	MENU *menu;
	WINDOW *sub;
	int rows, cols;             /* the body size the menu was built for */
	int cur, top;
};

static const struct ui_action help_actions[] = {
	{ ACT_BACK, 'q', '\n', "q", "close", "close the help (Esc and ? too)" },
	{ 0 },
};

static void add_row(struct help *h, const char *key, const char *text, int off)
{
	if (h->n >= HELP_ROWS)
		return;
	kc_strlcpy(h->key[h->n], key, sizeof h->key[0]);
	kc_strlcpy(h->text[h->n], text, sizeof h->text[0]);
	h->off[h->n] = off;
	h->any_off |= off;
	h->n++;
}

/* under: the screen whose own table t is (its actions that cannot be taken now are
 * marked), NULL for the form and global tables. */
static void add_table(struct ui *ui, struct help *h, const char *heading, const struct ui_action *t,
		      const struct ui_frame *under)
{
	if (!t || !t->id)
		return;
	if (h->n > 0)
		add_row(h, "", "", 0);
	add_row(h, "", heading, 0);
	for (; t->id; t++)
		if (t->help)
			add_row(h, t->keyname, t->help, under && !ui_action_enabled(ui, under, t->id, NULL, 0));
}

static int help_open(struct ui *ui, void *priv, const void *arg, struct kc_err *err)
{
	struct help *h = priv;
	char heading[96];

	(void)err;
	h->under = arg;
	snprintf(heading, sizeof heading, "%s screen",
		 h->under && h->under->ops->title ? h->under->ops->title : "This");
	/* Asked for from a form, the form's keys come first: they are what works now. */
	if (h->under && h->under->form)
		add_table(ui, h, "In a form", ui_form_actions(), NULL);
	if (h->under)
		add_table(ui, h, heading, h->under->ops->actions, h->under->form ? NULL : h->under);
	add_table(ui, h, "Everywhere", ui_global_actions(), NULL);
	ui_set_title(ui, "Help");
	return KC_OK;
}

static void menu_drop(struct help *h)
{
	if (h->menu) {
		h->cur = item_index(current_item(h->menu));
		h->top = top_row(h->menu);
		unpost_menu(h->menu);
		free_menu(h->menu);
		h->menu = NULL;
	}
	for (int i = 0; i < h->nitems; i++)
		if (h->items[i])
			free_item(h->items[i]);
	memset(h->items, 0, sizeof h->items);
	h->nitems = 0;
	if (h->sub)
		delwin(h->sub);
	h->sub = NULL;
}

static int add_item(struct help *h, const char *key)
{
	h->items[h->nitems] = new_item(key, h->shown[h->nitems]);
	if (!h->items[h->nitems])
		return -1;
	h->nitems++;
	return 0;
}

/* Split text at blanks into lines of at most width bytes (the help texts are ASCII), then
 * the suffix after the last line, or on a line of its own when it does not fit: the
 * text breaks where it would without it. */
static int add_wrapped(struct help *h, const char *key, const char *text, const char *suffix, int width)
{
	do {
		int len = (int)strlen(text), cut = len, last;

		if (h->nitems >= HELP_ITEMS)
			return 0;
		if (len > width) {
			for (cut = width; cut > 0 && text[cut] != ' '; cut--)
				;
			cut = cut > 0 ? cut : width;
		}
		last = cut == len && cut + (int)strlen(suffix) <= width;
		snprintf(h->shown[h->nitems], sizeof h->shown[0], "%.*s%s", cut, *text ? text : " ",
			 last ? suffix : "");
		suffix = last ? "" : suffix;
		if (add_item(h, key) != 0)
			return -1;
		key = " ";
		text += cut;
		while (*text == ' ')
			text++;
	} while (*text);
	if (!*suffix || h->nitems >= HELP_ITEMS)
		return 0;
	snprintf(h->shown[h->nitems], sizeof h->shown[0], "%s", suffix + 1);
	return add_item(h, key);
}

/* The menu's rows: the window's less the heading, the [not now] line and the last line
 * that says whether there is more (always kept, so the layout does not jump). */
static int menu_rows(const struct help *h)
{
	return h->rows > 4 ? h->rows - 3 : 1;
}

/* The last line: where the lines in view are, and that there is more, in words. */
static void draw_more(struct ui *ui, struct help *h, WINDOW *body)
{
	int top = top_row(h->menu), rows = menu_rows(h), last = top + rows < h->nitems ? top + rows : h->nitems;
	int above = top > 0, below = last < h->nitems;
	const char *more = above && below ? "more above (PgUp) and below (PgDn)" : below ? "more below (PgDn)" :
			   above ? "more above (PgUp), end of the keys" : NULL;

	if (more)
		ui_putf(ui, body, h->rows - 1, 1, h->cols - 2, ui_tone(ui, UI_KEY) | A_BOLD, "%s: lines %d-%d of %d",
			more, top + 1, last, h->nitems);
}

/* Built for one body size; a resize builds it again, keeping the position. */
static int menu_build(struct ui *ui, struct help *h, WINDOW *body)
{
	int keyw = 1, width;

	getmaxyx(body, h->rows, h->cols);
	for (int i = 0; i < h->n; i++)
		if (ui_width(ui, h->key[i]) > keyw)
			keyw = ui_width(ui, h->key[i]);
	width = h->cols - keyw - 6;
	if (width > (int)sizeof h->shown[0] - 1)
		width = (int)sizeof h->shown[0] - 1;
	for (int i = 0; i < h->n; i++)
		if (add_wrapped(h, h->key[i][0] ? h->key[i] : " ", h->text[i], h->off[i] ? NOT_NOW : "", width) != 0)
			return -1;
	h->menu = new_menu(h->items);
	h->sub = derwin(body, menu_rows(h), h->cols - 2, 2, 1);
	if (!h->menu || !h->sub)
		return -1;
	set_menu_win(h->menu, body);
	set_menu_sub(h->menu, h->sub);
	set_menu_format(h->menu, menu_rows(h), 1);
	set_menu_mark(h->menu, " ");
	set_menu_fore(h->menu, A_REVERSE);
	set_top_row(h->menu, h->top < h->nitems ? h->top : 0);
	set_current_item(h->menu, h->items[h->cur < h->nitems ? h->cur : 0]);
	return 0;
}

static void help_draw(struct ui *ui, void *priv, WINDOW *body)
{
	struct help *h = priv;

	if (h->menu && (getmaxy(body) != h->rows || getmaxx(body) != h->cols))
		menu_drop(h);
	if (h->menu)
		unpost_menu(h->menu);
	werase(body);
	ui_putf(ui, body, 0, 1, getmaxx(body) - 2, A_BOLD, "Keys of the %s screen",
		h->under && h->under->ops->title ? h->under->ops->title : "current");
	if (h->any_off)
		ui_put(ui, body, 1, 1, getmaxx(body) - 2, A_NORMAL,
		       "[not now]: the key cannot be used at this moment");
	if (!h->menu && menu_build(ui, h, body) != 0) {
		ui_put(ui, body, 2, 1, getmaxx(body) - 2, A_NORMAL, "(help does not fit on this screen)");
		return;
	}
	post_menu(h->menu);
	draw_more(ui, h, body);
}

static int help_key(struct ui *ui, void *priv, int act, const struct ui_key *k)
{
	struct help *h = priv;
	static const int req[][2] = {
		{ ACT_UP, REQ_UP_ITEM }, { ACT_DOWN, REQ_DOWN_ITEM }, { ACT_PGUP, REQ_SCR_UPAGE },
		{ ACT_PGDN, REQ_SCR_DPAGE }, { ACT_HOME, REQ_FIRST_ITEM }, { ACT_END, REQ_LAST_ITEM },
	};

	if (act == ACT_HELP)
		return ACT_BACK; /* ? again closes */
	for (size_t i = 0; h->menu && i < sizeof req / sizeof req[0]; i++)
		if (req[i][0] == act) {
			menu_driver(h->menu, req[i][1]);
			ui_mark(ui, UI_BODY);
			return ACT_NONE;
		}
	(void)k;
	return act;
}

static void help_close(struct ui *ui, void *priv)
{
	(void)ui;
	menu_drop(priv);
}

const struct screen_ops ui_scr_help = {
	.name = "help",
	.title = "Help",
	.private_size = sizeof(struct help),
	.actions = help_actions,
	.open = help_open,
	.draw = help_draw,
	.key = help_key,
	.close = help_close,
};
