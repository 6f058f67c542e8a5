/* shared.c — shared mode (shared.h): privilege hygiene, the checks on the clinic's files,
 * and setup --shared. */
#define _GNU_SOURCE /* setresgid, getresgid */
#include "shared.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kc_config.h"
#include "kc_store.h"

#ifndef KC_STATEDIR
#define KC_STATEDIR "/var/lib/ketchart"
#endif
#ifndef KC_CONFDIR
#define KC_CONFDIR "/etc/ketchart"
#endif
#ifndef KC_GROUP
#define KC_GROUP "ketchart"
#endif

#define STATE_MODE 03770 /* setgid + sticky, the group's, nobody else's */
#define DB_MODE 0660

extern char **environ;

const char *kc_shared_db(void)
{
	return KC_STATEDIR "/ketchart.db";
}

const char *kc_shared_config(void)
{
	return KC_CONFDIR "/config.ini";
}

const char *kc_shared_confdir(void)
{
	return KC_CONFDIR;
}

const char *kc_shared_group(void)
{
	return KC_GROUP;
}

/* ---------- hygiene ---------- */

static void no_core(void)
{
	struct rlimit none = { 0, 0 };

	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0); /* no core, no ptrace, /proc/PID/fd root's */
}

/* A value kept through the sanitising: 1 to 64 characters, letters, digits and extra. */
static int plain(const char *v, const char *extra)
{
	size_t n = v ? strlen(v) : 0;

	if (n == 0 || n > 64 || strstr(v, ".."))
		return 0;
	for (const char *p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      strchr(extra, *p)))
			return 0;
	return 1;
}

/* Everything a user can set is gone but a few plain values: no LD_*, no TERMINFO, no
 * HOME or XDG_* (the configuration and the database are the clinic's), no IFS or PATH
 * of the user's. A TZ or locale name is a file name: no '/' at its start, no "..". */
static void sanitise_env(void)
{
	static const struct {
		const char *name, *extra;
	} keep[] = {
		{ "TERM", "._+-" },       { "LANG", "._@-" },          { "LC_ALL", "._@-" },
		{ "LC_CTYPE", "._@-" },   { "LC_MESSAGES", "._@-" },   { "LC_TIME", "._@-" },
		{ "TZ", "_+-/,.:" },      { "NO_COLOR", "" },          { "KETCHART_NOW", ":+-. " },
		{ "KETCHART_CLOCK_SCALE", "." }, { "KETCHART_CLOCK_STEP", "/._-" },
	};
	enum { NKEEP = sizeof keep / sizeof keep[0] };
	char val[NKEEP][65];
	int set[NKEEP];

	for (size_t i = 0; i < NKEEP; i++) {
		const char *v = getenv(keep[i].name);

		set[i] = v != NULL;
		if (v && !strcmp(keep[i].name, "NO_COLOR"))
			v = "1"; /* its presence is what counts */
		if (v && !strcmp(keep[i].name, "TZ") && (v[0] == '/' || v[0] == ':'))
			v = NULL;
		set[i] = set[i] && v && (plain(v, keep[i].extra) || !strncmp(keep[i].name, "KETCHART", 8));
		if (set[i])
			snprintf(val[i], sizeof val[i], "%s", v);
	}
	clearenv();
	setenv("PATH", "/usr/bin:/bin", 1);
	for (size_t i = 0; i < NKEEP; i++)
		if (set[i])
			setenv(keep[i].name, val[i], 1);
}

int kc_shared_start(struct kc_shared *sh, struct kc_err *err)
{
	struct stat sb;

	memset(sh, 0, sizeof *sh);
	sh->own = getgid();
	sh->group = getegid();
	if (geteuid() != getuid())
		return kc_fail(err, KC_ERR_DENIED, "ketchart is installed setuid: it must be setgid %s "
			       "only (run 'ketchart setup --shared' as root, or reinstall it)", KC_GROUP);
	sh->privileged = sh->group != sh->own;
	sh->on = sh->privileged || (stat("/proc/self/exe", &sb) == 0 && (sb.st_mode & S_ISGID));
	if (!sh->privileged)
		return KC_OK;
	no_core();
	sanitise_env();
	/* The group only while opening the database: until then, the user's own. */
	if (setegid(sh->own) != 0)
		return kc_fail(err, KC_ERR_DENIED, "cannot set the group back: %s", strerror(errno));
	no_core(); /* a change of credentials resets what the kernel allows */
	return KC_OK;
}

int kc_shared_raise(struct kc_shared *sh, struct kc_err *err)
{
	if (!sh->privileged || sh->dropped)
		return KC_OK;
	if (setegid(sh->group) != 0)
		return kc_fail(err, KC_ERR_DENIED, "cannot take the group %s to open the database: %s",
			       KC_GROUP, strerror(errno));
	no_core();
	return KC_OK;
}

int kc_shared_drop(struct kc_shared *sh, struct kc_err *err)
{
	gid_t r, e, s;

	if (!sh->privileged || sh->dropped)
		return KC_OK;
	if (setresgid(sh->own, sh->own, sh->own) != 0 || getresgid(&r, &e, &s) != 0 || r != sh->own ||
	    e != sh->own || s != sh->own)
		return kc_fail(err, KC_ERR_DENIED, "cannot give up the group %s: stopping", KC_GROUP);
	sh->dropped = 1;
	no_core();
	return KC_OK;
}

/* ---------- the clinic's files ---------- */

static int group_id(gid_t *gid, struct kc_err *err)
{
	struct group *gr = getgrnam(KC_GROUP);

	if (!gr)
		return kc_fail(err, KC_ERR_DENIED, "there is no group %s: shared mode is not set up "
			       "(run 'ketchart setup --shared LOGIN' as root)", KC_GROUP);
	*gid = gr->gr_gid;
	return KC_OK;
}

/* path is a plain object of kind (S_IFDIR / S_IFREG), owner root, the group gid (or any
 * group when gid is -1), with no permission beyond mode, and (want_exact) all of mode. */
static int owned(const char *path, mode_t kind, gid_t gid, mode_t mode, int exact, struct kc_err *err)
{
	struct stat sb;

	if (lstat(path, &sb) != 0)
		return kc_fail(err, errno == ENOENT ? KC_ERR_NOTFOUND : KC_ERR_DENIED, "cannot reach %s: %s",
			       path, strerror(errno));
	if ((sb.st_mode & S_IFMT) != kind || sb.st_uid != 0 || (gid != (gid_t)-1 && sb.st_gid != gid) ||
	    (sb.st_mode & 07777 & ~mode) || (exact && (sb.st_mode & 07777) != mode))
		return kc_fail(err, KC_ERR_DENIED, "%s is not as setup left it (%s owned by root, group "
			       "%s, mode %04o; it is uid %ld, gid %ld, mode %04o%s): nothing was done; "
			       "run 'ketchart setup --shared' as root", path,
			       kind == S_IFDIR ? "a folder" : "a plain file", gid == (gid_t)-1 ? "root" : KC_GROUP,
			       (unsigned)mode, (long)sb.st_uid, (long)sb.st_gid, (unsigned)(sb.st_mode & 07777),
			       S_ISLNK(sb.st_mode) ? ", a symbolic link" : "");
	return KC_OK;
}

int kc_shared_check(struct kc_err *err)
{
	gid_t gid = (gid_t)-1;
	int rc = group_id(&gid, err);

	if (rc == KC_OK)
		rc = owned(KC_STATEDIR, S_IFDIR, gid, STATE_MODE, 1, err);
	if (rc == KC_OK)
		rc = owned(kc_shared_db(), S_IFREG, gid, DB_MODE, 0, err);
	if (rc == KC_ERR_NOTFOUND)
		return kc_fail(err, KC_ERR_NOTFOUND, "%s; the shared database is made by 'ketchart setup "
			       "--shared LOGIN', run as root", err->msg);
	return rc;
}

int kc_shared_root_file(const char *path, struct kc_err *err)
{
	char dir[PATH_MAX];
	size_t n = strlen(KC_CONFDIR);
	int rc;

	if (strncmp(path, KC_CONFDIR "/", n + 1) != 0 || strstr(path, "/../") || strchr(path + n + 1, '/'))
		return kc_fail(err, KC_ERR_DENIED, "%s: in shared mode the configuration and the labels "
			       "file are read from %s only", path, KC_CONFDIR);
	snprintf(dir, sizeof dir, "%s", KC_CONFDIR);
	rc = owned(dir, S_IFDIR, (gid_t)-1, 0755, 0, err);
	return rc == KC_OK ? owned(path, S_IFREG, (gid_t)-1, 0644, 0, err) : rc;
}

/* ---------- setup --shared ---------- */

static int run_groupadd(struct kc_err *err)
{
	static const char *const tools[] = { "/usr/sbin/groupadd", "/sbin/groupadd" };
	char *argv[] = { "groupadd", "--system", KC_GROUP, NULL };

	for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++) {
		pid_t pid;
		int status;

		if (access(tools[i], X_OK) != 0)
			continue;
		if (posix_spawn(&pid, tools[i], NULL, NULL, argv, environ) != 0 ||
		    waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			return kc_fail(err, KC_ERR_IO, "groupadd --system %s failed", KC_GROUP);
		return KC_OK;
	}
	return kc_fail(err, KC_ERR_IO, "no groupadd here: create the system group %s yourself, then "
		       "run setup again", KC_GROUP);
}

static int setup_group(gid_t *gid, struct kc_err *err)
{
	int rc;

	if (getgrnam(KC_GROUP))
		return group_id(gid, err);
	rc = run_groupadd(err);
	if (rc == KC_OK && (rc = group_id(gid, err)) == KC_OK)
		printf("group %s: created (a system group; clinicians are not its members)\n", KC_GROUP);
	return rc;
}

static int fix(const char *path, uid_t uid, gid_t gid, mode_t mode, struct kc_err *err)
{
	/* chown before chmod: a change of owner clears the setgid bit. */
	if (lchown(path, uid, gid) != 0 || chmod(path, mode) != 0)
		return kc_fail(err, KC_ERR_IO, "cannot set the owner and mode of %s: %s", path, strerror(errno));
	return KC_OK;
}

/* Every missing folder above KC_STATEDIR and KC_CONFDIR: root's, 0755. */
static int parents(const char *path, struct kc_err *err)
{
	char dir[PATH_MAX];

	snprintf(dir, sizeof dir, "%s", path);
	for (char *p = strchr(dir + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(dir, 0755) != 0 && errno != EEXIST)
			return kc_fail(err, KC_ERR_IO, "cannot create %s: %s", dir, strerror(errno));
		*p = '/';
	}
	return KC_OK;
}

static int setup_folder(const char *dir, gid_t gid, mode_t mode, struct kc_err *err)
{
	struct stat sb;
	int rc = parents(dir, err);

	if (rc != KC_OK)
		return rc;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return kc_fail(err, KC_ERR_IO, "cannot create %s: %s", dir, strerror(errno));
	if (lstat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return kc_fail(err, KC_ERR_IO, "%s is not a folder", dir);
	rc = fix(dir, 0, gid, mode, err);
	if (rc == KC_OK)
		printf("%s: folder root:%s %04o\n", dir, gid ? KC_GROUP : "root", (unsigned)mode);
	return rc;
}

/* The database file before SQLite sees it: root's, the group's, 0660, so its -wal and
 * -shm files (SQLite gives them the database's mode; the folder's setgid its group) are too. */
static int setup_db_file(gid_t gid, struct kc_err *err)
{
	int fd = open(kc_shared_db(), O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, DB_MODE);
	int rc = KC_OK;

	if (fd < 0)
		return kc_fail(err, KC_ERR_IO, "cannot create %s: %s", kc_shared_db(), strerror(errno));
	if (fchown(fd, 0, gid) != 0 || fchmod(fd, DB_MODE) != 0)
		rc = kc_fail(err, KC_ERR_IO, "cannot set the owner and mode of %s: %s", kc_shared_db(),
			     strerror(errno));
	close(fd);
	return rc;
}

static int setup_db(const char *admin, gid_t gid, struct kc_err *err)
{
	struct kc_store *st = NULL;
	enum kc_role role;
	int rc = setup_db_file(gid, err);

	if (rc == KC_OK)
		rc = kc_store_open(&st, kc_shared_db(), KC_OPEN_EXISTING | KC_OPEN_SHARED, admin, err);
	if (rc != KC_OK)
		return rc;
	printf("%s: root:%s 0660, schema version %d (%d migrations applied)\n", kc_shared_db(), KC_GROUP,
	       KC_SCHEMA_VERSION, kc_store_migrations_applied(st));
	if (kc_store_actor_role(st, &role, err) == KC_OK && role == KC_ROLE_ADMIN)
		printf("%s is an admin of it: they add the other clinicians with 'ketchart user add LOGIN "
		       "--role nurse|physician'\n", admin);
	else
		printf("note: %s is not an admin of this existing database; its admins are unchanged\n", admin);
	kc_store_close(st);
	return KC_OK;
}

/* The clinic's configuration: the annotated example, root's, 0644, when there is none. */
static int setup_config(struct kc_err *err)
{
	const char *path = kc_shared_config();
	int rc = setup_folder(KC_CONFDIR, 0, 0755, err);
	int fd;
	FILE *f;

	if (rc != KC_OK)
		return rc;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0 && errno == EEXIST) {
		printf("%s: kept as it is\n", path);
		return kc_shared_root_file(path, err);
	}
	if (fd < 0 || !(f = fdopen(fd, "w")))
		return kc_fail(err, KC_ERR_IO, "cannot create %s: %s", path, strerror(errno));
	rc = kc_config_write_example(f);
	if (fclose(f) != 0 || rc != KC_OK)
		return kc_fail(err, KC_ERR_IO, "cannot write %s", path);
	printf("%s: written with every default; the medical director confirms each value\n", path);
	return KC_OK;
}

/* This program, installed: root's, the group's, setgid. Not a copy in a folder another
 * user can write (anyone could then replace what runs with the group). */
static int setup_binary(gid_t gid, struct kc_err *err)
{
	char exe[PATH_MAX], dir[PATH_MAX];
	struct stat sb, ds;
	char *slash;

	if (!realpath("/proc/self/exe", exe))
		return kc_fail(err, KC_ERR_IO, "cannot find this program: %s", strerror(errno));
	snprintf(dir, sizeof dir, "%s", exe);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	if (stat(exe, &sb) != 0 || stat(dir, &ds) != 0 || sb.st_uid != 0 || ds.st_uid != 0 ||
	    (ds.st_mode & 022))
		return kc_fail(err, KC_ERR_DENIED, "%s is not an installed program (root's, in a folder "
			       "only root can write): install it first (make install), then run its "
			       "setup --shared", exe);
	if (fix(exe, 0, gid, 02755, err) != KC_OK)
		return err->status;
	printf("%s: root:%s 2755 (setgid %s)\n", exe, KC_GROUP, KC_GROUP);
	return KC_OK;
}

int kc_shared_setup(const char *admin, struct kc_err *err)
{
	struct passwd *pw = getpwnam(admin);
	char anchors[PATH_MAX];
	gid_t gid = (gid_t)-1;
	int rc;

	if (getuid() != 0)
		return kc_fail(err, KC_ERR_DENIED, "setup --shared is root's (it makes a group, %s and %s)",
			       KC_STATEDIR, KC_CONFDIR);
	if (!pw)
		return kc_fail(err, KC_ERR_INVALID, "there is no Unix user '%s' to be the first admin", admin);
	umask(022); /* every mode below is set explicitly; folders above are 0755 */
	rc = setup_group(&gid, err);
	if (rc == KC_OK)
		rc = setup_binary(gid, err);
	if (rc == KC_OK)
		rc = setup_folder(KC_STATEDIR, gid, STATE_MODE, err);
	if (rc == KC_OK)
		rc = setup_config(err);
	snprintf(anchors, sizeof anchors, "%s/anchors", KC_STATEDIR);
	if (rc == KC_OK)
		rc = setup_folder(anchors, gid, 02770, err);
	if (rc == KC_OK)
		rc = setup_db(admin, gid, err);
	for (char **m = getgrgid(gid) ? getgrgid(gid)->gr_mem : NULL; rc == KC_OK && m && *m; m++)
		printf("warning: %s is a member of the group %s: members can write the database "
		       "without ketchart (gpasswd -d %s %s)\n", *m, KC_GROUP, *m, KC_GROUP);
	return rc;
}
