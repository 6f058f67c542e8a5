/* keys.c — keys become actions: the global action table and the lookup. */
#include "ui_app.h"
#include "ui_screen.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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
	  "quit at once (every accepted entry is already saved; a form half typed is kept as a draft)" },
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

/* ---------- escape sequences ----------
 *
 * ncurses maps the sequences its terminfo entry names (keypad mode); a terminal that
 * sends another one (tmux under TERM=xterm-256color sends ESC[1~ for Home, an xterm under
 * TERM=vt100 sends ESC[6~ for PgDn) would reach the screens as Esc (back, cancel) and
 * then typed text. So: ui_keys_init() teaches ncurses the common xterm / rxvt / screen /
 * linux sequences its entry lacks, and ui_key_read(), the one place every key is read,
 * reads what follows an Esc whole, per the grammar (CSI: ESC [ params intermediates
 * final; SS3: ESC O x; linux: ESC [ [ A..E) and maps it, or drops it as one unknown key.
 * A lone Esc stays Esc: ncurses has already waited ESCDELAY for what follows it. */

static const struct {
	const char *seq;
	int key;
} extra_keys[] = {
	{ "\033[1~", KEY_HOME }, { "\033[7~", KEY_HOME }, { "\033[H", KEY_HOME }, { "\033OH", KEY_HOME },
	{ "\033[4~", KEY_END }, { "\033[8~", KEY_END }, { "\033[F", KEY_END }, { "\033OF", KEY_END },
	{ "\033[2~", KEY_IC }, { "\033[3~", KEY_DC },
	{ "\033[5~", KEY_PPAGE }, { "\033[6~", KEY_NPAGE }, { "\033[Z", KEY_BTAB },
	{ "\033[A", KEY_UP }, { "\033[B", KEY_DOWN }, { "\033[C", KEY_RIGHT }, { "\033[D", KEY_LEFT },
	{ "\033OA", KEY_UP }, { "\033OB", KEY_DOWN }, { "\033OC", KEY_RIGHT }, { "\033OD", KEY_LEFT },
	{ "\033OP", KEY_F(1) }, { "\033OQ", KEY_F(2) }, { "\033OR", KEY_F(3) }, { "\033OS", KEY_F(4) },
	{ "\033[11~", KEY_F(1) }, { "\033[12~", KEY_F(2) }, { "\033[13~", KEY_F(3) },
	{ "\033[14~", KEY_F(4) }, { "\033[15~", KEY_F(5) }, { "\033[17~", KEY_F(6) },
	{ "\033[18~", KEY_F(7) }, { "\033[19~", KEY_F(8) }, { "\033[20~", KEY_F(9) },
	{ "\033[21~", KEY_F(10) }, { "\033[23~", KEY_F(11) }, { "\033[24~", KEY_F(12) },
	{ "\033[[A", KEY_F(1) }, { "\033[[B", KEY_F(2) }, { "\033[[C", KEY_F(3) },
	{ "\033[[D", KEY_F(4) }, { "\033[[E", KEY_F(5) },
};

void ui_keys_init(void)
{
	char seq[4] = "\033O";

	for (size_t i = 0; i < sizeof extra_keys / sizeof extra_keys[0]; i++)
		if (key_defined(extra_keys[i].seq) == 0)
			define_key(extra_keys[i].seq, extra_keys[i].key);
	/* ESC O j..y is the numeric keypad in application mode (which keypad() turns on):
	 * some entries call those keys F5..F10 or the keypad corners; they are digits. */
	for (char c = 'j'; c <= 'y'; c++) {
		seq[2] = c;
		if (key_defined(seq) > 0)
			define_key(seq, 0);
	}
}

/* The key of "ESC [ n ~" (vt220 / xterm / rxvt / screen / linux), 0 if none. */
static int tilde_key(int n)
{
	static const int fkeys[] = { 1, 2, 3, 4, 5, 0, 6, 7, 8, 9, 10, 0, 11, 12 };

	switch (n) {
	case 1: case 7: return KEY_HOME;
	case 2: return KEY_IC;
	case 3: return KEY_DC;
	case 4: case 8: return KEY_END;
	case 5: return KEY_PPAGE;
	case 6: return KEY_NPAGE;
	default: break;
	}
	if (n >= 11 && n <= 24 && fkeys[n - 11])
		return KEY_F(fkeys[n - 11]);
	return 0;
}

/* The key of a final byte with or without parameters: ESC [ A, ESC [ 1 ; 5 A, ESC O A. */
static int final_key(int c)
{
	switch (c) {
	case 'A': return KEY_UP;
	case 'B': return KEY_DOWN;
	case 'C': return KEY_RIGHT;
	case 'D': return KEY_LEFT;
	case 'H': return KEY_HOME;
	case 'F': return KEY_END;
	case 'Z': return KEY_BTAB;
	case 'P': case 'Q': case 'R': case 'S': return KEY_F(1 + c - 'P');
	default: return 0;
	}
}

/* Shift with F1..F4 is F13..F16, as terminfo names them (xterm's kf15 is Shift-F3, the
 * previous match of a search): the modifier of ESC [ 1 ; 2 R, ESC [ 13 ; 2 ~ or ESC O 2 R
 * is 2 (Shift). Other modifiers and other keys stay as they were (Shift-F5 is F5, a
 * shifted arrow the arrow). */
static int shifted(int code, int mod)
{
	return mod == 2 && code >= KEY_F(1) && code <= KEY_F(4) ? code + 12 : code;
}

/* The modifier of a CSI sequence's parameters b[from..to): the number after the ';', 0
 * when none. */
static int modifier(const int *b, size_t from, size_t to)
{
	int mod = 0;

	while (from < to && b[from] != ';')
		from++;
	for (from++; from < to && b[from] >= '0' && b[from] <= '9' && mod < 100; from++)
		mod = mod * 10 + (b[from] - '0');
	return mod;
}

/* ESC O x in keypad application mode: the character on the key. */
static int keypad_char(int c)
{
	static const char pad[] = "*+,-./0123456789"; /* ESC O j .. ESC O y */

	if (c == 'M')
		return '\n';
	if (c >= 'j' && c <= 'y')
		return pad[c - 'j'];
	return 0;
}

static void key_set(struct ui_key *k, int code)
{
	k->fn = code >= KEY_MIN;
	k->ch = code;
}

/* b[0..n) follows an Esc. UI_SEQ_KEY: a whole sequence, k is its key; UI_SEQ_UNKNOWN: a
 * whole sequence nobody knows; UI_SEQ_MORE: unfinished, read another byte; UI_SEQ_NONE:
 * not a sequence (the Esc is a key of its own and b[0] the next key). */
int ui_key_parse(const int *b, size_t n, struct ui_key *k)
{
	size_t i;
	int code;

	if (n == 0)
		return UI_SEQ_MORE;
	if (b[0] == 'O') { /* SS3: one byte, in old xterms after a modifier digit */
		for (i = 1; i < n && b[i] >= '0' && b[i] <= '9'; i++)
			;
		if (i == n)
			return n > 4 ? UI_SEQ_UNKNOWN : UI_SEQ_MORE;
		code = i == 1 ? keypad_char(b[i]) : 0;
		if (!code)
			code = shifted(final_key(b[i]), i == 2 ? b[1] - '0' : 0);
		if (!code)
			return UI_SEQ_UNKNOWN;
		key_set(k, code);
		return UI_SEQ_KEY;
	}
	if (b[0] != '[')
		return UI_SEQ_NONE;
	if (n >= 2 && b[1] == '[') { /* linux console F1..F5 */
		if (n == 2)
			return UI_SEQ_MORE;
		if (b[2] < 'A' || b[2] > 'E')
			return UI_SEQ_UNKNOWN;
		key_set(k, KEY_F(1 + b[2] - 'A'));
		return UI_SEQ_KEY;
	}
	/* CSI: parameter bytes 0x30-0x3f, intermediates 0x20-0x2f, a final 0x40-0x7e; rxvt
	 * ends a modified key with $ ^ @ instead of ~. */
	for (i = 1; i < n && b[i] >= 0x30 && b[i] <= 0x3f; i++)
		;
	for (; i < n && b[i] >= 0x20 && b[i] <= 0x2f && b[i] != '$'; i++)
		;
	if (i == n)
		return n >= UI_SEQ_MAX ? UI_SEQ_UNKNOWN : UI_SEQ_MORE;
	if (b[i] < 0x40 && b[i] != '$')
		return UI_SEQ_UNKNOWN; /* not the grammar: dropped with what came so far */
	if (b[i] > 0x7e)
		return UI_SEQ_UNKNOWN;
	code = 0;
	if (b[i] == '~' || b[i] == '$' || b[i] == '^' || b[i] == '@') {
		int num = 0;

		for (size_t j = 1; j < i && b[j] >= '0' && b[j] <= '9' && num < 1000; j++)
			num = num * 10 + (b[j] - '0');
		code = shifted(tilde_key(num), modifier(b, 1, i));
	} else if (i == 1 || (b[1] == '1' && (i == 2 || b[2] == ';'))) {
		/* ESC [ A, ESC [ 1 ; 5 A: modifiers dropped, but Shift-F1..F4 */
		code = shifted(final_key(b[i]), modifier(b, 1, i));
	}
	if (!code)
		return UI_SEQ_UNKNOWN;
	key_set(k, code);
	return UI_SEQ_KEY;
}

/* Keys ncurses knows under other names that mean the same here: the shifted and
 * modified variants of the cursor keys (xterm's extended kRIT5 and the like). */
static int same_key(int code)
{
	static const struct { const char *prefix; int key; } ext[] = {
		{ "kUP", KEY_UP }, { "kDN", KEY_DOWN }, { "kLFT", KEY_LEFT }, { "kRIT", KEY_RIGHT },
		{ "kHOM", KEY_HOME }, { "kEND", KEY_END }, { "kDC", KEY_DC }, { "kIC", KEY_IC },
		{ "kNXT", KEY_NPAGE }, { "kPRV", KEY_PPAGE }, { "kcbt", KEY_BTAB },
	};
	const char *name;

	switch (code) {
	case KEY_SHOME: case KEY_FIND: return KEY_HOME;
	case KEY_SEND: case KEY_SELECT: return KEY_END;
	case KEY_SLEFT: return KEY_LEFT;
	case KEY_SRIGHT: return KEY_RIGHT;
	case KEY_SDC: return KEY_DC;
	case KEY_SIC: return KEY_IC;
	case KEY_SNEXT: return KEY_NPAGE;
	case KEY_SPREVIOUS: return KEY_PPAGE;
	default: break;
	}
	if (code <= KEY_MAX || !(name = keyname(code)))
		return code;
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++)
		if (strncmp(name, ext[i].prefix, strlen(ext[i].prefix)) == 0 &&
		    (name[strlen(ext[i].prefix)] == '\0' ||
		     (name[strlen(ext[i].prefix)] >= '2' && name[strlen(ext[i].prefix)] <= '8')))
			return ext[i].key;
	return code;
}

/* "ESC [ 2 5 ~" for the status line. */
static void seq_name(const int *b, size_t n, char *out, size_t size)
{
	size_t len = 0;

	if (!out || size == 0)
		return;
	len = (size_t)snprintf(out, size, "Esc");
	for (size_t i = 0; i < n && len + 3 < size; i++) {
		int c = b[i];

		out[len++] = ' ';
		out[len++] = c >= 0x21 && c < 0x7f ? (char)c : '?';
	}
	out[len < size ? len : size - 1] = '\0';
}

/* Nothing was read: is that because the terminal is gone (a dropped connection: hang-up,
 * end of file, an I/O error) rather than the timeout? */
static int terminal_gone(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	char c;

	if (poll(&p, 1, 0) <= 0)
		return 0;
	if (p.revents & (POLLHUP | POLLERR | POLLNVAL))
		return 1;
	/* Readable, yet ncurses read nothing: end of file (0) or an error such as EIO. A
	 * byte that did arrive meanwhile is given back to ncurses. */
	if (!(p.revents & POLLIN))
		return 0;
	switch (read(STDIN_FILENO, &c, 1)) {
	case 1:
		ungetch((unsigned char)c);
		return 0;
	case 0:
		return 1;
	default:
		return errno == EIO || errno == EBADF;
	}
}

int ui_key_read(WINDOW *w, int timeout_ms, struct ui_key *k, char *what, size_t n)
{
	int b[UI_SEQ_MAX];
	size_t len = 0;
	wint_t wc;
	int r, st;

	wtimeout(w, timeout_ms);
	r = wget_wch(w, &wc);
	if (r == ERR)
		return terminal_gone() ? UI_KEY_GONE : 0;
	ui_key_make(k, r, wc);
	if (k->fn) {
		k->ch = same_key(k->ch);
		return 1;
	}
	if (k->ch != UI_ESC)
		return 1;
	/* What follows an Esc that is part of it is in ncurses' queue already (keypad mode
	 * waited ESCDELAY for it); later bytes of a sequence may still be on their way. */
	for (st = UI_SEQ_MORE; st == UI_SEQ_MORE && len < UI_SEQ_MAX;) {
		wtimeout(w, len == 0 ? 0 : UI_SEQ_WAIT_MS);
		r = wget_wch(w, &wc);
		if (r == ERR)
			break;
		if (r == KEY_CODE_YES && wc == KEY_RESIZE) {
			/* The terminal was resized while the Esc waited: the Esc is a key of
			 * its own (close, back), and the resize is handled after it. */
			ungetch(KEY_RESIZE);
			key_set(k, UI_ESC);
			wtimeout(w, timeout_ms);
			return 1;
		}
		if (r == KEY_CODE_YES) { /* ESC before a key ncurses knows: Alt+key, the key */
			key_set(k, same_key((int)wc));
			wtimeout(w, timeout_ms);
			return 1;
		}
		b[len++] = (int)wc;
		st = ui_key_parse(b, len, k);
	}
	wtimeout(w, timeout_ms);
	if (len == 0)
		return 1; /* a lone Esc */
	if (st == UI_SEQ_MORE && len == 1)
		st = UI_SEQ_NONE; /* Esc, then [ or O typed: nothing followed them */
	if (st == UI_SEQ_KEY) {
		k->ch = same_key(k->ch);
		return 1;
	}
	if (st == UI_SEQ_NONE) {
		unget_wch((wchar_t)b[0]); /* the Esc, then what was typed after it */
		key_set(k, UI_ESC);
		return 1;
	}
	seq_name(b, len, what, n);
	return -1;
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
