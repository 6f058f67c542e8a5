/* test_keys.c — what follows an Esc (src/ui/keys.c ui_key_parse): every escape sequence
 * a terminal sends for a key is read whole and becomes that key, or is one unknown key;
 * an Esc followed by anything else is an Esc of its own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "../src/ui/ui.h"

/* Feed s (what follows the Esc) a byte at a time, as the reader does: every prefix but
 * the whole must ask for more. Returns the last answer. */
static int feed(const char *s, struct ui_key *k)
{
	int b[UI_SEQ_MAX];
	size_t n = strlen(s);
	int st = UI_SEQ_MORE;

	assert_true(n <= UI_SEQ_MAX);
	for (size_t i = 0; i < n; i++) {
		b[i] = (unsigned char)s[i];
		st = ui_key_parse(b, i + 1, k);
		if (i + 1 < n && st != UI_SEQ_MORE)
			fail_msg("Esc %s: stopped after %zu bytes (%d)", s, i + 1, st);
	}
	return st;
}

static void is_key(const char *s, int code)
{
	struct ui_key k = { 0, 0 };

	if (feed(s, &k) != UI_SEQ_KEY)
		fail_msg("Esc %s: not a key", s);
	if (k.ch != code)
		fail_msg("Esc %s: key %d, not %d", s, k.ch, code);
	assert_int_equal(k.fn, code >= KEY_MIN);
}

static void is_unknown(const char *s)
{
	struct ui_key k = { 0, 0 };

	if (feed(s, &k) != UI_SEQ_UNKNOWN)
		fail_msg("Esc %s: not dropped as one unknown key", s);
}

static void home_end_ins_del_pages(void **state)
{
	(void)state;
	is_key("[1~", KEY_HOME);
	is_key("[7~", KEY_HOME);
	is_key("[H", KEY_HOME);
	is_key("OH", KEY_HOME);
	is_key("[4~", KEY_END);
	is_key("[8~", KEY_END);
	is_key("[F", KEY_END);
	is_key("OF", KEY_END);
	is_key("[2~", KEY_IC);
	is_key("[3~", KEY_DC);
	is_key("[5~", KEY_PPAGE);
	is_key("[6~", KEY_NPAGE);
	is_key("[Z", KEY_BTAB);
}

static void function_keys(void **state)
{
	static const char *const csi[] = { "[11~", "[12~", "[13~", "[14~", "[15~", "[17~",
					   "[18~", "[19~", "[20~", "[21~", "[23~", "[24~" };
	static const char *const ss3[] = { "OP", "OQ", "OR", "OS" };
	static const char *const linux_fk[] = { "[[A", "[[B", "[[C", "[[D", "[[E" };

	(void)state;
	for (int i = 0; i < 12; i++)
		is_key(csi[i], KEY_F(i + 1));
	for (int i = 0; i < 4; i++)
		is_key(ss3[i], KEY_F(i + 1));
	for (int i = 0; i < 5; i++)
		is_key(linux_fk[i], KEY_F(i + 1));
	is_key("[1;5P", KEY_F(1)); /* Ctrl-F1 */
	is_key("[15;2~", KEY_F(5)); /* Shift-F5 */
}

static void arrows_plain_and_modified(void **state)
{
	(void)state;
	is_key("[A", KEY_UP);
	is_key("[B", KEY_DOWN);
	is_key("[C", KEY_RIGHT);
	is_key("[D", KEY_LEFT);
	is_key("OA", KEY_UP);
	is_key("OD", KEY_LEFT);
	is_key("[1;5C", KEY_RIGHT);
	is_key("[1;2A", KEY_UP);
	is_key("[1;3D", KEY_LEFT);
	is_key("[1;5H", KEY_HOME);
	is_key("O5A", KEY_UP);      /* old xterm: the modifier after the O */
	is_key("[5;5~", KEY_PPAGE); /* Ctrl-PgUp */
	is_key("[3$", KEY_DC);      /* rxvt Shift-Del */
	is_key("[5^", KEY_PPAGE);   /* rxvt Ctrl-PgUp */
}

static void keypad_application_mode(void **state)
{
	(void)state;
	is_key("Op", '0');
	is_key("Oy", '9');
	is_key("Ot", '4');
	is_key("Ou", '5');
	is_key("On", '.');
	is_key("OM", '\n');
}

static void unknown_sequences_are_one_key(void **state)
{
	(void)state;
	is_unknown("[99~");
	is_unknown("[25~");   /* F13 */
	is_unknown("[200~");  /* a paste mark */
	is_unknown("[2;3x");
	is_unknown("[?1;2c"); /* a terminal's answer */
	is_unknown("[[Z");
	is_unknown("OX");
	is_unknown("[E");     /* keypad 5 without numlock */
	is_unknown("[1;5E");
	is_unknown("[123456789012345"); /* no final byte within UI_SEQ_MAX */
}

static void a_bad_byte_ends_the_sequence(void **state)
{
	struct ui_key k;
	int b[3] = { '[', '6', '\n' };

	(void)state;
	assert_int_equal(ui_key_parse(b, 3, &k), UI_SEQ_UNKNOWN);
}

static void esc_then_text_is_esc(void **state)
{
	struct ui_key k;
	int b[1];

	(void)state;
	b[0] = 'q';
	assert_int_equal(ui_key_parse(b, 1, &k), UI_SEQ_NONE);
	b[0] = UI_ESC;
	assert_int_equal(ui_key_parse(b, 1, &k), UI_SEQ_NONE);
	b[0] = 0xe9; /* é */
	assert_int_equal(ui_key_parse(b, 1, &k), UI_SEQ_NONE);
	b[0] = '[';
	assert_int_equal(ui_key_parse(b, 1, &k), UI_SEQ_MORE);
	b[0] = 'O';
	assert_int_equal(ui_key_parse(b, 1, &k), UI_SEQ_MORE);
	assert_int_equal(ui_key_parse(b, 0, &k), UI_SEQ_MORE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(home_end_ins_del_pages),
		cmocka_unit_test(function_keys),
		cmocka_unit_test(arrows_plain_and_modified),
		cmocka_unit_test(keypad_application_mode),
		cmocka_unit_test(unknown_sequences_are_one_key),
		cmocka_unit_test(a_bad_byte_ends_the_sequence),
		cmocka_unit_test(esc_then_text_is_esc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
