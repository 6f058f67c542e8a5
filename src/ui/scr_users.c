/* scr_users.c — the clinicians screen: an admin adds a clinician, changes a role or a
 * display name, disables a login and enables it again, with the same store calls as
 * `ketchart user add|list|disable`. The store checks every change (admin only, never
 * without an active admin); this screen offers them and shows the store's refusals.
 * A clinician who is not an admin sees their own row only and sets their own telephone
 * and email there (the REMS form's monitoring provider), audited like any change. */
#include "ui_app.h"
#include "ui_draw.h"
#include "ui_form.h"
#include "ui_reload.h"
#include "ui_screen.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define POLL_S 2          /* real seconds between two looks for another terminal's change */
#define LOGIN_COL_MAX 20  /* a longer login is cut on screen */
#define ROLE_COL 11
#define STATUS_COL 10
#define YOU_COL 5
#define LIST_Y 2          /* the body line of the first row: under the rule and the headings */

enum { A_ADD = ACT_SCREEN, A_CHANGE, A_DISABLE, A_ENABLE };

static const struct ui_action users_actions[] = {
	{ A_ADD, 'n', 0, "n", "add",
	  "add a clinician: their login (the Unix user they run ketchart as), name and role" },
	{ ACT_ENTER, '\n', 0, "Enter", "change",
	  "change the highlighted clinician's role or display name" },
	{ A_CHANGE, 'r', 0, "r", NULL, "the same as Enter: change the role or display name" },
	{ A_DISABLE, 'd', 0, "d", "disable",
	  "disable the highlighted login: they can no longer open ketchart; their entries stay "
	  "(asks first)" },
	{ A_ENABLE, 'e', 0, "e", "enable", "enable a disabled login again, with the role it had" },
	{ 0 },
};

static const char roles_text[] =
	"Roles: a nurse charts sessions; a physician may also override a blocked screening, "
	"discharge with unmet criteria and amend a signed record; an admin may also manage "
	"clinicians here. A clinician is known by the Unix login they run ketchart as.";

struct users {
	struct kc_clinician *rows;  /* ordered by login, disabled ones too */
	size_t n;
	struct ui_list l;
	int list_h;                 /* rows visible, from the last draw */
	struct ui_fresh fresh;      /* the reload policy (ui_reload.h) */
	time_t polled;              /* real time of the last look */
	/* The clinician an open form or question is about (the rows may be reloaded). */
	char target[KC_LOGIN_MAX];
	enum kc_role pend_role;     /* a change of our own role waiting for y */
	char pend_name[KC_NAME_MAX];
	char form_title[48 + KC_LOGIN_MAX];
	struct uif_def def;         /* the open form's (one at a time) */
	int self;                   /* not an admin: only our own row, only our contact */
};

/* ---------- loading ---------- */

static const struct kc_clinician *selected(const struct users *u)
{
	return u->l.sel >= 0 && (size_t)u->l.sel < u->n ? &u->rows[u->l.sel] : NULL;
}

static int is_self(const struct ui *ui, const char *login)
{
	return strcmp(login, kc_store_actor(ui->app->store)) == 0;
}

static int same_rows(const struct kc_clinician *a, const struct kc_clinician *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].id != b[i].id || a[i].role != b[i].role || a[i].active != b[i].active ||
		    strcmp(a[i].login, b[i].login) || strcmp(a[i].display_name, b[i].display_name) ||
		    strcmp(a[i].phone, b[i].phone) || strcmp(a[i].email, b[i].email))
			return 0;
	return 1;
}

/* Our own row only (a clinician who is not an admin). */
static int load_self(struct ui *ui, struct kc_clinician **rows, size_t *n, struct kc_err *err)
{
	*rows = calloc(1, sizeof **rows);
	*n = 0;
	if (!*rows)
		return kc_fail(err, KC_ERR_NOMEM, "out of memory");
	if (kc_clinician_get(ui->app->store, kc_store_actor(ui->app->store), *rows, err) != KC_OK) {
		free(*rows);
		*rows = NULL;
		return err->status;
	}
	*n = 1;
	return KC_OK;
}

/* Read every clinician; the cursor goes to keep, else stays on its login. */
static int load(struct ui *ui, struct users *u, const char *keep, struct kc_err *err)
{
	struct kc_clinician *rows = NULL;
	char want[KC_LOGIN_MAX] = "";
	size_t n = 0;
	int rc;

	ui_reload_mark(ui->app->store, &u->fresh);
	rc = u->self ? load_self(ui, &rows, &n, err) : kc_clinician_list(ui->app->store, &rows, &n, err);
	if (rc != KC_OK) {
		kc_store_seen_reset(&u->fresh.seen);
		return rc;
	}
	if (keep || selected(u))
		kc_strlcpy(want, keep ? keep : selected(u)->login, sizeof want);
	if (n != u->n || !same_rows(rows, u->rows, n))
		ui_mark(ui, UI_BODY | UI_BAR);
	free(u->rows);
	u->rows = rows;
	u->n = n;
	for (size_t i = 0; want[0] && i < n; i++)
		if (strcmp(rows[i].login, want) == 0)
			u->l.sel = (int)i;
	ui_list_set(&u->l, (int)n);
	ui_list_scroll(&u->l, u->list_h);
	return KC_OK;
}

/* Reload; when the store says we may no longer manage clinicians, leave the screen. */
static void reload_rows(struct ui *ui, struct users *u, const char *keep)
{
	struct kc_err err;

	kc_err_clear(&err);
	u->polled = time(NULL);
	if (load(ui, u, keep, &err) == KC_OK)
		return;
	if (err.status != KC_ERR_DENIED) {
		ui_error(ui, &err);
		return;
	}
	/* Not sticky: the message must outlive the pop. */
	ui_msg(ui, UI_WARN, "%s: the clinicians screen is closed.", err.msg);
	ui_pop(ui);
}

/* After a change to login: when it took our own admin away, this screen is no use. */
static void changed(struct ui *ui, struct users *u, const char *login, enum kc_role role, int active)
{
	if (is_self(ui, login) && (role != KC_ROLE_ADMIN || !active)) {
		ui_msg(ui, UI_WARN, "You (%s) are no longer an active admin: only an admin manages "
		       "clinicians, so this screen is closed.", login);
		ui_pop(ui);
		return;
	}
	reload_rows(ui, u, login);
}

/* ---------- forms ---------- */

/* Index i of the choices is the role named so. */
static const char *const role_choices[] = { "nurse", "physician", "admin", NULL };
#define ROLE_HINT "Left/Right, or the first letter: n, p, a"

static enum kc_role role_of(const struct ui_form *f, size_t i)
{
	enum kc_role r = KC_ROLE_NURSE;

	kc_role_from_name(role_choices[ui_form_choice(f, i)], &r);
	return r;
}

static const struct uif_field add_fields[] = {
	{ .label = "Login (Unix user name)", .width = 20, .max = KC_LOGIN_MAX - 1,
	  .hint = "the user they log in as: letters, digits, . _ -" },
	{ .label = "Display name", .width = 30, .max = KC_NAME_MAX - 1,
	  .hint = "as shown in the charts, e.g. Jane Doe, RN; empty = the login" },
	{ .label = "Role", .type = UIF_CHOICE, .choices = role_choices, .init = "nurse", .hint = ROLE_HINT },
};

/* The login is new: changing a clinician is Enter on their row, so nobody is changed here
 * by mistake. */
static int check_new(struct ui *ui, const char *login, struct kc_err *err)
{
	struct kc_clinician c;
	struct kc_err e;

	if (kc_clinician_get(ui->app->store, login, &c, &e) != KC_OK)
		return KC_OK;
	if (!c.active)
		return kc_fail(err, KC_ERR_INVALID, "%s is already a clinician, disabled: Esc, then e on "
			       "their row enables the login again", c.login);
	return kc_fail(err, KC_ERR_INVALID, "%s is already a clinician (%s): Esc, then Enter on "
		       "their row changes the role", c.login, kc_role_name(c.role));
}

static int add_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	const char *login = ui_form_text(f, 0); /* valid while the form is open */
	enum kc_role role = role_of(f, 2);

	if (login[0] && check_new(ui, login, err) != KC_OK)
		return err->status;
	if (kc_chart_clinician_add(ui->app->store, login, ui_form_text(f, 1), role, ui->now, err) != KC_OK)
		return err->status;
	if (getpwnam(login))
		ui_msg(ui, UI_OK, "Added %s (%s): they can open ketchart now.", login, kc_role_name(role));
	else
		ui_msg(ui, UI_OK, "Added %s (%s). Note: there is no Unix user '%s' on this machine yet; "
		       "they open ketchart as that user.", login, kc_role_name(role), login);
	reload_rows(ui, priv, login);
	return KC_OK;
}

/* The body line below the highlighted row (below the last row shown for a new one), so
 * the form leaves the clinician it is about in sight. */
static int form_row(const struct users *u, int below_cursor)
{
	int shown = (int)u->n - u->l.top;

	if (below_cursor && u->l.sel >= 0)
		return LIST_Y + u->l.sel - u->l.top + 1;
	return LIST_Y + (shown < u->list_h ? shown : u->list_h);
}

static void add_open(struct ui *ui, struct users *u)
{
	u->def = (struct uif_def){
		.title = "Add a clinician",
		.fields = add_fields,
		.n = sizeof add_fields / sizeof add_fields[0],
		.row = form_row(u, 0),
		.submit = add_submit,
	};
	ui_form_open(ui, &u->def, u);
}

static const struct uif_field change_fields[] = {
	{ .label = "Display name", .width = 30, .max = KC_NAME_MAX - 1,
	  .hint = "as shown in the charts; empty keeps the name" },
	{ .label = "Role", .type = UIF_CHOICE, .choices = role_choices, .hint = ROLE_HINT },
	{ .label = "Telephone", .width = 20, .max = 31,
	  .hint = "for the REMS form's monitoring provider: digits, spaces, + - ( )" },
	{ .label = "Email", .width = 30, .max = 95, .hint = "for the REMS form: name@example.org" },
};

/* Telephone and email (fields 2, 3) are the REMS form's: stored on their own, audited. */
static int contact_submit(struct ui *ui, struct users *u, struct ui_form *f, struct kc_err *err)
{
	if (!ui_form_field_changed(f, 2) && !ui_form_field_changed(f, 3))
		return KC_OK;
	if (kc_chart_clinician_contact(ui->app->store, u->target, ui_form_text(f, 2), ui_form_text(f, 3), ui->now,
				       err) != KC_OK)
		return err->status;
	reload_rows(ui, u, u->target);
	ui_msg(ui, UI_OK, "%s: telephone and email saved.", u->target);
	return KC_OK;
}

/* The change waiting in pend_*, for target. */
static int change_apply(struct ui *ui, struct users *u, struct kc_err *err)
{
	struct kc_clinician c;

	if (kc_chart_clinician_add(ui->app->store, u->target, u->pend_name, u->pend_role, ui->now, err) != KC_OK ||
	    kc_clinician_get(ui->app->store, u->target, &c, err) != KC_OK)
		return err->status;
	ui_msg(ui, UI_OK, "%s is now %s %s (%s).", c.login, c.role == KC_ROLE_ADMIN ? "an" : "a",
	       kc_role_name(c.role), c.display_name);
	changed(ui, u, c.login, c.role, c.active);
	return KC_OK;
}

static void demote_yes(struct ui *ui, void *priv)
{
	struct kc_err err;

	kc_err_clear(&err);
	if (change_apply(ui, priv, &err) != KC_OK)
		ui_error(ui, &err);
}

static int change_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct users *u = priv;

	(void)err;
	if (!ui_form_changed(f)) {
		ui_msg(ui, UI_NORMAL, "Nothing changed for %s.", u->target);
		return KC_OK;
	}
	if (contact_submit(ui, u, f, err) != KC_OK)
		return err->status;
	if (!ui_form_field_changed(f, 0) && !ui_form_field_changed(f, 1))
		return KC_OK;
	kc_strlcpy(u->pend_name, ui_form_text(f, 0), sizeof u->pend_name);
	u->pend_role = role_of(f, 1);
	if (!is_self(ui, u->target) || u->pend_role == KC_ROLE_ADMIN)
		return change_apply(ui, u, err);
	/* Giving up our own admin shuts this screen to us: ask first (the form closes). */
	ui_confirm(ui, "Give up your own admin role? You can then no longer manage clinicians.",
		   demote_yes, u);
	return KC_OK;
}

static const struct uif_field own_fields[] = {
	{ .label = "Telephone", .width = 20, .max = 31,
	  .hint = "for the REMS form's monitoring provider: digits, spaces, + - ( )" },
	{ .label = "Email", .width = 30, .max = 95, .hint = "for the REMS form: name@example.org" },
};

static int own_submit(struct ui *ui, void *priv, struct ui_form *f, struct kc_err *err)
{
	struct users *u = priv;

	if (!ui_form_changed(f)) {
		ui_msg(ui, UI_NORMAL, "Nothing changed for %s.", u->target);
		return KC_OK;
	}
	if (kc_chart_clinician_contact(ui->app->store, u->target, ui_form_text(f, 0), ui_form_text(f, 1), ui->now,
				       err) != KC_OK)
		return err->status;
	reload_rows(ui, u, u->target);
	ui_msg(ui, UI_OK, "%s: your telephone and email saved.", u->target);
	return KC_OK;
}

/* A clinician who is not an admin: their own telephone and email only. */
static void own_open(struct ui *ui, struct users *u, const struct kc_clinician *c)
{
	const char *init[] = { c->phone, c->email };

	kc_strlcpy(u->target, c->login, sizeof u->target);
	snprintf(u->form_title, sizeof u->form_title, "Your telephone and email (%s)", c->login);
	u->def = (struct uif_def){
		.title = u->form_title,
		.fields = own_fields,
		.n = sizeof own_fields / sizeof own_fields[0],
		.row = form_row(u, 1),
		.submit = own_submit,
		.enter_saves = 1,
	};
	ui_form_open_init(ui, &u->def, u, init);
}

static void change_open(struct ui *ui, struct users *u, const struct kc_clinician *c)
{
	if (u->self) {
		own_open(ui, u, c);
		return;
	}
	const char *init[] = { c->display_name, kc_role_name(c->role), c->phone, c->email };

	kc_strlcpy(u->target, c->login, sizeof u->target);
	snprintf(u->form_title, sizeof u->form_title, "Change clinician %s%s", c->login,
		 is_self(ui, c->login) ? " (you)" : "");
	u->def = (struct uif_def){
		.title = u->form_title,
		.fields = change_fields,
		.n = sizeof change_fields / sizeof change_fields[0],
		.row = form_row(u, 1),
		.submit = change_submit,
		.enter_saves = 1, /* a role change is one key and Enter; the contact is optional */
	};
	ui_form_open_init(ui, &u->def, u, init);
}

/* ---------- disable, enable ---------- */

static void disable_yes(struct ui *ui, void *priv)
{
	struct users *u = priv;
	struct kc_err err;

	kc_err_clear(&err);
	if (kc_chart_clinician_disable(ui->app->store, u->target, ui->now, &err) != KC_OK) {
		ui_error(ui, &err);
		return;
	}
	ui_msg(ui, UI_OK, "%s: disabled (their entries stay in the charts); e enables the login again.",
	       u->target);
	changed(ui, u, u->target, KC_ROLE_NURSE, 0);
}

static void disable_ask(struct ui *ui, struct users *u, const struct kc_clinician *c)
{
	char q[160];

	kc_strlcpy(u->target, c->login, sizeof u->target);
	if (is_self(ui, c->login))
		snprintf(q, sizeof q, "Disable your own login %s? You can no longer open ketchart.", c->login);
	else
		snprintf(q, sizeof q, "Disable %s? They can no longer open ketchart (their entries stay).",
			 c->login);
	ui_confirm(ui, q, disable_yes, u);
}

static void enable(struct ui *ui, struct users *u, const struct kc_clinician *c)
{
	struct kc_clinician one = *c; /* a copy: the reload replaces the rows */
	struct kc_err err;

	kc_err_clear(&err);
	if (kc_chart_clinician_add(ui->app->store, one.login, NULL, one.role, ui->now, &err) != KC_OK) {
		ui_error(ui, &err);
		return;
	}
	ui_msg(ui, UI_OK, "%s can open ketchart again (%s).", one.login, kc_role_name(one.role));
	reload_rows(ui, u, one.login);
}

/* ---------- keys ---------- */

static int users_key(struct ui *ui, void *priv, int act, const struct ui_key *k)
{
	struct users *u = priv;
	const struct kc_clinician *c = selected(u);

	(void)k;
	switch (act) {
	case ACT_UP: case ACT_DOWN: case ACT_PGUP: case ACT_PGDN: case ACT_HOME: case ACT_END:
		ui_list_move(&u->l, act, u->list_h);
		ui_mark(ui, UI_BODY | UI_BAR);
		return ACT_NONE;
	case A_ADD: add_open(ui, u); return ACT_NONE;
	case ACT_ENTER: case A_CHANGE: if (c) change_open(ui, u, c); return ACT_NONE;
	case A_DISABLE: if (c) disable_ask(ui, u, c); return ACT_NONE;
	case A_ENABLE: if (c) enable(ui, u, c); return ACT_NONE;
	default: return act;
	}
}

static int users_enabled(struct ui *ui, void *priv, int act, char *why, size_t n)
{
	const struct kc_clinician *c = selected(priv);

	if (((struct users *)priv)->self && act != ACT_ENTER && act != A_CHANGE) {
		snprintf(why, n, "Only an admin manages clinicians (you are a %s): Enter sets your own telephone "
			 "and email.", kc_role_name(ui->role));
		return 0;
	}
	if (act == A_ADD)
		return 1;
	if (!c) {
		kc_strlcpy(why, "No clinician highlighted: n adds one.", n);
		return 0;
	}
	if ((act == ACT_ENTER || act == A_CHANGE) && !c->active)
		snprintf(why, n, "%s is disabled: e enables the login again, then Enter changes it.", c->login);
	else if (act == A_DISABLE && !c->active)
		snprintf(why, n, "%s is disabled already: e enables the login again.", c->login);
	else if (act == A_ENABLE && c->active)
		snprintf(why, n, "%s is active already: d disables the login.", c->login);
	else
		return 1;
	return 0;
}

/* ---------- drawing ---------- */

struct ucols {
	int login, name, role, status, you;
};

static void users_cols(const struct ui *ui, const struct users *u, int w, struct ucols *c)
{
	int widest = 8;

	for (size_t i = 0; i < u->n; i++)
		if (ui_width(ui, u->rows[i].login) > widest)
			widest = ui_width(ui, u->rows[i].login);
	c->login = widest + 2 < LOGIN_COL_MAX ? widest + 2 : LOGIN_COL_MAX;
	c->role = ROLE_COL;
	c->status = STATUS_COL;
	c->you = YOU_COL;
	c->name = w - 2 - c->login - c->role - c->status - c->you;
}

static void draw_row(struct ui *ui, struct users *u, WINDOW *w, int y, size_t i, const struct ucols *c)
{
	const struct kc_clinician *r = &u->rows[i];
	int sel = u->l.sel == (int)i, x = 2;
	attr_t a = sel ? A_REVERSE : A_NORMAL;

	ui_put(ui, w, y, 0, 2, a, sel ? ui->g.sel : "");
	ui_put(ui, w, y, x, c->login, a, r->login);
	ui_put(ui, w, y, x += c->login, c->name, a, r->display_name);
	ui_put(ui, w, y, x += c->name, c->role, a, kc_role_name(r->role));
	ui_put(ui, w, y, x += c->role, c->status, a | (r->active ? A_NORMAL : ui_tone(ui, UI_WARN)),
	       r->active ? "active" : "DISABLED");
	ui_put(ui, w, y, x += c->status, c->you, a, is_self(ui, r->login) ? "(you)" : "");
}

static void users_draw(struct ui *ui, void *priv, WINDOW *w)
{
	struct users *u = priv;
	struct ucols c;
	char title[48];
	int h = getmaxy(w), x = 2, y = LIST_Y - 2;
	int foot = ui_put_wrapped(ui, NULL, 0, 2, getmaxx(w) - 4, A_NORMAL, roles_text);

	werase(w);
	users_cols(ui, u, getmaxx(w), &c);
	snprintf(title, sizeof title, "Clinicians (%zu)", u->n);
	ui_rule(ui, w, y++, title);
	ui_put(ui, w, y, x, c.login, A_BOLD, "Login");
	ui_put(ui, w, y, x += c.login, c.name, A_BOLD, "Display name");
	ui_put(ui, w, y, x += c.name, c.role, A_BOLD, "Role");
	ui_put(ui, w, y++, x += c.role, c.status, A_BOLD, "Status");
	u->list_h = h - y - foot - 1;
	if (u->list_h < 1)
		u->list_h = 1;
	ui_list_scroll(&u->l, u->list_h);
	for (int i = 0; i < u->list_h && u->l.top + i < (int)u->n; i++)
		draw_row(ui, u, w, y + i, (size_t)(u->l.top + i), &c);
	if (!u->n)
		ui_put(ui, w, y, 2, getmaxx(w) - 2, A_NORMAL, "No clinicians: n adds one.");
	if (selected(u))
		ui_putf(ui, w, y + u->list_h, 2, getmaxx(w) - 4, A_NORMAL, "%s: telephone %s, email %s (Enter changes)",
			selected(u)->login, selected(u)->phone[0] ? selected(u)->phone : "not given",
			selected(u)->email[0] ? selected(u)->email : "not given");
	if (y + u->list_h + 1 + foot <= h)
		ui_put_wrapped(ui, w, y + u->list_h + 1, 2, getmaxx(w) - 4, A_NORMAL, roles_text);
}

/* ---------- life cycle ---------- */

static int users_open(struct ui *ui, void *priv, const void *arg, struct kc_err *err)
{
	struct users *u = priv;

	(void)arg;
	/* Not an admin: our own row, for our own telephone and email (the store checks it). */
	u->self = ui->role != KC_ROLE_ADMIN;
	u->l.sel = -1;
	u->polled = time(NULL);
	if (load(ui, u, NULL, err) != KC_OK)
		return err->status;
	ui_set_title(ui, "Clinicians");
	if (u->self)
		ui_msg(ui, UI_NORMAL, "Enter sets your own telephone and email (for the REMS form); only an admin "
		       "manages clinicians.");
	else
		ui_msg(ui, UI_NORMAL, "n adds a clinician; Enter changes the highlighted one's role or name.");
	return KC_OK;
}

/* Another terminal's change (ketchart user ..., another admin) shows by itself: one cheap
 * look at the data version every POLL_S, a reload only when it moved. */
static void users_tick(struct ui *ui, void *priv, time_t now)
{
	struct users *u = priv;

	(void)now;
	/* Under the help screen: its show() reloads, and a pop now would close the help. */
	if (ui->hidden || time(NULL) - u->polled < POLL_S)
		return;
	u->polled = time(NULL);
	if (ui_reload_due(ui->app->store, 0, &u->fresh))
		reload_rows(ui, u, NULL);
}

static void users_show(struct ui *ui, void *priv)
{
	reload_rows(ui, priv, NULL);
}

static void users_close(struct ui *ui, void *priv)
{
	struct users *u = priv;

	(void)ui;
	free(u->rows);
}

const struct screen_ops ui_scr_users = {
	.name = "users",
	.title = "Clinicians",
	.private_size = sizeof(struct users),
	.actions = users_actions,
	.open = users_open,
	.draw = users_draw,
	.key = users_key,
	.tick = users_tick,
	.show = users_show,
	.close = users_close,
	.enabled = users_enabled,
};
