/* ui_search.c — /, n and N over a screen's line model (ui_search.h). */
#include "ui_search.h"

#include <stdio.h>
#include <string.h>

#include "ui_app.h"
#include "ui_draw.h"
#include "ui_screen.h"

static void find(struct ui *ui, struct ui_search *s, int dir)
{
	const struct uil_lines *l = s->lines(s->owner);
	int from = s->cursor(s->owner), at;

	if (!s->text[0]) {
		ui_msg(ui, UI_NORMAL, "Nothing to find yet: / asks for the text.");
		return;
	}
	at = uil_lines_search(l, s->text, from < 0 ? (dir > 0 ? -1 : 0) : from, dir, ui->utf8);
	if (at < 0) {
		ui_msg(ui, UI_WARN, "Not found: %s", s->text);
		return;
	}
	s->go(ui, s->owner, at);
	if ((dir > 0 && at <= from) || (dir < 0 && at >= from))
		ui_msg(ui, UI_NORMAL, "Search wrapped %s: %s (line %d of %d)", dir > 0 ? "to the top" : "to the end",
		       s->text, at + 1, l->n);
	else
		ui_msg(ui, UI_NORMAL, "Found %s (line %d of %d): > next, < previous", s->text, at + 1, l->n);
}

static int submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct ui_search *s = priv;

	(void)err;
	snprintf(s->text, sizeof s->text, "%s", ui_form_text(f, 0));
	find(ui, s, 1);
	return KC_OK;
}

void ui_search_open(struct ui *ui, struct ui_search *s)
{
	const char *init[1] = { s->text };

	s->field = (struct uif_field){ .label = "Find", .type = UIF_TEXT, .width = 30, .max = UI_SEARCH_MAX - 1,
				       .hint = "any part of a line, any case; then > next, < previous" };
	s->def = (struct uif_def){ .title = "Find", .fields = &s->field, .n = 1, .row = -1, .submit = submit };
	ui_form_open_init(ui, &s->def, s, init);
}

void ui_search_step(struct ui *ui, struct ui_search *s, int dir)
{
	find(ui, s, dir);
}

int ui_search_key(struct ui *ui, struct ui_search *s, int act, int find_id)
{
	if (act == find_id)
		ui_search_open(ui, s);
	else if (act == find_id + 1 || act == find_id + 2)
		find(ui, s, act == find_id + 1 ? 1 : -1);
	else
		return 0;
	return 1;
}

void ui_search_mark(const struct ui *ui, const struct ui_search *s, WINDOW *w, int y, int x, int width, attr_t a,
		    const char *line)
{
	char cut[1024];
	int at, len, col;

	if (!s->text[0] || (at = uil_find_span(line, s->text, ui->utf8, &len)) < 0)
		return;
	snprintf(cut, sizeof cut, "%.*s", at, line);
	col = ui_width(ui, cut);
	snprintf(cut, sizeof cut, "%.*s", len, line + at);
	if (col < width)
		ui_put(ui, w, y, x + col, ui_width(ui, cut) < width - col ? ui_width(ui, cut) : width - col,
		       a | A_REVERSE | A_BOLD, cut);
}

int ui_lines_act(struct uil_lines *l, int act, int rows)
{
	static const int map[][2] = {
		{ ACT_UP, UIL_UP }, { ACT_DOWN, UIL_DOWN }, { ACT_PGUP, UIL_PGUP },
		{ ACT_PGDN, UIL_PGDN }, { ACT_HOME, UIL_HOME }, { ACT_END, UIL_END },
	};

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (map[i][0] == act)
			return uil_lines_move(l, (enum uil_move)map[i][1], rows);
	return 0;
}
