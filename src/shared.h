/* shared.h — shared mode: one clinic database that clinicians write only through ketchart.
 *
 * The Unix pattern of crontab and of games' score files. A system group (KC_GROUP,
 * "ketchart") owns the clinic's folder KC_STATEDIR (/var/lib/ketchart: root:ketchart 3770 —
 * setgid, so what is made in it is the group's; sticky, so nothing in it is renamed or
 * removed but by its owner; closed to everyone else) and the database in it (root:ketchart
 * 0660). The installed binary is setgid that group; clinicians are not members, so they
 * cannot even enter the folder: only ketchart can, and it knows who is typing from the real
 * uid. The clinic's configuration is KC_CONFDIR/config.ini (/etc/ketchart, root's).
 *
 * What runs with the group: nothing but opening the database. kc_shared_start (first thing
 * in main) sanitises the environment, turns core dumps off and sets the effective group
 * back to the user's own; kc_shared_raise takes the group again just before the database
 * is opened (the store opens the file, its -wal and -shm files and the anchor file there,
 * and keeps them open), and kc_shared_drop gives it up for good right after: real,
 * effective and saved group all the user's. Everything else — the configuration, the
 * screens, a backup's copy — runs as the clinician. */
#ifndef KC_SHARED_H
#define KC_SHARED_H

#include <sys/types.h>

#include "kc_error.h"

struct kc_shared {
	int on;         /* shared mode: the binary is setgid (or was started with another group) */
	int privileged; /* the effective group differed from the real one at start */
	int dropped;    /* the group was given up for good */
	gid_t group;    /* the group the binary runs with (saved set-group-ID) */
	gid_t own;      /* the user's own group (real gid) */
};

/* First thing in main: find out whether this is shared mode; if the program runs with
 * another group, sanitise the environment (only PATH, and TERM, LANG, LC_*, TZ, NO_COLOR
 * and the test clock's variables when their values are plain), turn core dumps off and
 * set the effective group back to the user's. KC_ERR_DENIED for a setuid binary. */
int kc_shared_start(struct kc_shared *sh, struct kc_err *err);
/* Take the group back to open the database (no-op unless privileged and not dropped). */
int kc_shared_raise(struct kc_shared *sh, struct kc_err *err);
/* Give the group up for good (no-op unless privileged). Never fails silently: a group
 * that cannot be given up ends the program (returns KC_ERR_DENIED). */
int kc_shared_drop(struct kc_shared *sh, struct kc_err *err);

/* The shared database, the clinic's configuration and its folder (compiled in). */
const char *kc_shared_db(void);
const char *kc_shared_config(void);
const char *kc_shared_confdir(void);
const char *kc_shared_group(void);

/* Before the shared database is opened: its folder and file are as setup left them (root's,
 * the group's, closed to others), never a symbolic link. KC_ERR_DENIED naming the fix. */
int kc_shared_check(struct kc_err *err);
/* A file the privileged program reads (the configuration, the labels file): a plain file
 * owned by root, in KC_CONFDIR, neither it nor its folder writable by anyone but root. */
int kc_shared_root_file(const char *path, struct kc_err *err);

/* setup --shared (root only): the group (groupadd --system), the folder, the database with
 * admin as its first admin, the anchors folder, KC_CONFDIR/config.ini from the example when
 * missing, and this binary root:group 2755. Reports each step on stdout. */
int kc_shared_setup(const char *admin, struct kc_err *err);

#endif
