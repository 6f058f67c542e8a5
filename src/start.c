/* start.c — start-up, before any command or screen runs (main.c): the configuration and
 * labels (refused when others could write them), the clock, the database's location and
 * the login running the program. */
#include "start.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kc_text.h"

#define EXIT_RUNTIME 1
#define EXIT_USAGE 2

void kc_start_print_diag(const struct kc_diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "%s\n", d->msg[i]);
	if (d->dropped)
		fprintf(stderr, "(%zu more problems not shown)\n", d->dropped);
}

/* A configuration others can write could quietly move every alert limit: refuse it, and
 * one in a folder others can write (the file could be swapped). */
int kc_start_config_private(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	struct stat sb;

	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
		return 0; /* a FIFO, a device: kc_config_load says what it is */
	if (stat(path, &sb) == 0 && (sb.st_mode & S_IWOTH)) {
		fprintf(stderr, "ketchart: the configuration %s can be written by every user: run "
			"'chmod o-w %s'; nothing was done\n", path, path);
		return EXIT_USAGE;
	}
	snprintf(dir, sizeof dir, "%.*s", !slash ? 1 : slash == path ? 1 : (int)(slash - path),
		 slash ? path : ".");
	if (stat(dir, &sb) != 0 || !(sb.st_mode & S_IWOTH))
		return 0;
	if (sb.st_mode & S_ISVTX) /* like /tmp: not for chmod */
		fprintf(stderr, "ketchart: the configuration %s is in %s, a folder every user can write: "
			"move it into a folder of its own; nothing was done\n", path, dir);
	else
		fprintf(stderr, "ketchart: the folder %s of the configuration %s can be written by every "
			"user: run 'chmod o-w %s'; nothing was done\n", dir, path, dir);
	return EXIT_USAGE;
}

/* Built-in defaults, or the file: a file that does not validate stops every command. */
static int load_config(const char *cli_path, struct kc_config *cfg)
{
	char path[4096];
	int required = 0;
	struct kc_diag *diag;
	struct stat sb;
	int rc;

	kc_config_defaults(cfg);
	if (kc_config_path(cli_path, path, sizeof path, &required) != KC_OK) {
		fprintf(stderr, "ketchart: cannot work out where the configuration is (HOME unset?)\n");
		return EXIT_USAGE;
	}
	if (!required && stat(path, &sb) != 0 && errno == ENOENT)
		return 0;
	if (kc_start_config_private(path))
		return EXIT_USAGE;
	diag = calloc(1, sizeof *diag);
	if (!diag) {
		fprintf(stderr, "ketchart: out of memory\n");
		return EXIT_RUNTIME;
	}
	rc = kc_config_load(path, cfg, diag);
	if (rc != KC_OK) {
		kc_start_print_diag(diag);
		fprintf(stderr, "ketchart: %s is not valid; nothing was done\n", path);
	}
	free(diag);
	return rc == KC_OK ? 0 : EXIT_USAGE;
}

/* Shared mode: the clinic's configuration, root's, in KC_CONFDIR, is the one every
 * clinician charts against; a clinician's own file (found from the password database,
 * never the environment) may set display preferences only. */
static int load_shared_config(struct kc_config *cfg)
{
	const char *path = kc_shared_config();
	struct kc_diag *diag = calloc(1, sizeof *diag);
	struct passwd *pw = getpwuid(getuid());
	char own[4096] = "";
	struct kc_err err;
	struct stat sb;
	int rc = diag ? 0 : EXIT_RUNTIME;

	if (rc == 0 && kc_shared_root_file(path, &err) != KC_OK) {
		fprintf(stderr, "ketchart: %s\n", err.msg);
		rc = EXIT_USAGE;
	}
	if (rc == 0 && kc_config_load(path, cfg, diag) != KC_OK) {
		kc_start_print_diag(diag);
		fprintf(stderr, "ketchart: %s is not valid; nothing was done\n", path);
		rc = EXIT_USAGE;
	}
	if (rc == 0 && pw && pw->pw_dir && pw->pw_dir[0] == '/')
		snprintf(own, sizeof own, "%s/.config/ketchart/config.ini", pw->pw_dir);
	if (rc == 0 && own[0] && lstat(own, &sb) == 0) {
		if (sb.st_uid != getuid() || kc_start_config_private(own)) {
			fprintf(stderr, "ketchart: %s is not yours alone; nothing was done\n", own);
			rc = EXIT_USAGE;
		} else if (kc_config_load_display(own, cfg, diag) != KC_OK) {
			kc_start_print_diag(diag);
			fprintf(stderr, "ketchart: %s is not valid; nothing was done\n", own);
			rc = EXIT_USAGE;
		}
	}
	free(diag);
	return rc;
}

/* The labels, read once and kept for the process's life, never freed: at exit, freeing
 * them was the first large free after SQLite's close had freed its schema, and glibc then
 * coalesced that whole freed heap (issue 10: 3% of a report's CPU, for nothing). */
static struct kc_labels process_labels;

/* The labels file named by [general] labels_file must be valid too (in shared mode, one
 * of root's in KC_CONFDIR). */
static int load_labels(struct kc_run *c)
{
	struct kc_diag *diag = calloc(1, sizeof *diag);
	struct kc_err err;
	int rc = 0;

	if (c->sh->on && c->cfg.general.labels_file[0] &&
	    kc_shared_root_file(c->cfg.general.labels_file, &err) != KC_OK) {
		fprintf(stderr, "ketchart: [general] labels_file: %s\n", err.msg);
		free(diag);
		return EXIT_USAGE;
	}

	c->labels = &process_labels;
	memset(c->labels, 0, sizeof *c->labels);
	if (!diag) {
		fprintf(stderr, "ketchart: out of memory\n");
		free(diag);
		return EXIT_RUNTIME;
	}
	if (kc_labels_load(c->cfg.general.labels_file, c->labels, diag) != KC_OK) {
		kc_start_print_diag(diag);
		fprintf(stderr, "ketchart: the labels file is not valid; nothing was done\n");
		rc = EXIT_USAGE;
	}
	free(diag);
	return rc;
}

static int db_path(const char *cli_path, char *out, size_t n)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	int w;

	if (cli_path)
		w = snprintf(out, n, "%s", cli_path);
	else if (xdg && *xdg)
		w = snprintf(out, n, "%s/ketchart/ketchart.db", xdg);
	else if (home && *home)
		w = snprintf(out, n, "%s/.local/share/ketchart/ketchart.db", home);
	else
		return -1;
	return w < 0 || (size_t)w >= n ? -1 : 0;
}

/* The clinician is the operating-system user, never $USER or a flag. */
static int unix_login(char *out, size_t n)
{
	struct passwd *pw = getpwuid(getuid());

	if (!pw || !pw->pw_name || !*pw->pw_name)
		return -1;
	kc_strlcpy(out, pw->pw_name, n);
	return 0;
}

/* Start-up: the configuration (the clinic's in shared mode), the labels, the clock, the
 * database's location and the login running the program. 0, or the exit code. */
int kc_start(struct kc_run *c, const struct kc_cli *cli, struct kc_shared *sh)
{
	struct kc_err err;
	int rc;

	*c = (struct kc_run){ .cli = cli, .sh = sh };
	if (c->sh->on && (c->cli->db || c->cli->config)) {
		fprintf(stderr, "ketchart: --db and --config are refused here: this ketchart is installed "
			"for the clinic (setgid %s), whose database is %s and configuration %s\n",
			kc_shared_group(), kc_shared_db(), kc_shared_config());
		return EXIT_USAGE;
	}
	rc = c->sh->on ? load_shared_config(&c->cfg) : load_config(c->cli->config, &c->cfg);
	if (rc)
		return rc;
	rc = load_labels(c);
	if (rc)
		return rc;
	if (kc_clock_init(&c->clock, getenv("KETCHART_NOW"), getenv("KETCHART_CLOCK_SCALE"), time(NULL),
			  &err) != KC_OK ||
	    kc_clock_stepped(&c->clock, getenv("KETCHART_CLOCK_STEP"), getenv("KETCHART_CLOCK_SCALE"),
			     &err) != KC_OK) {
		fprintf(stderr, "ketchart: %s\n", err.msg);
		return EXIT_USAGE;
	}
	if (c->sh->on)
		kc_strlcpy(c->db, kc_shared_db(), sizeof c->db);
	else if (db_path(c->cli->db, c->db, sizeof c->db) != 0) {
		fprintf(stderr, "ketchart: no database location: give --db PATH or set HOME\n");
		return EXIT_USAGE;
	}
	if (unix_login(c->actor, sizeof c->actor) != 0) {
		fprintf(stderr, "ketchart: cannot tell which user is running the program\n");
		return EXIT_RUNTIME;
	}
	return 0;
}


void kc_start_done(struct kc_run *run)
{
	run->labels = NULL; /* static: nothing to free (process_labels) */
}
