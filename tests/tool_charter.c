/* tool_charter.c — a scripted clinician for the fault tests (tests/fault/). It charts
 * vitals, observations and infusion events into one session through kc_chart_*, exactly as
 * the screens do, and prints every entry the program accepted, one flushed line each: the
 * "accepted" log, what a clinician was told was saved, which a kill -9 cannot take back.
 *
 * usage: tool_charter [options] DB SESSION|new
 *   -s SEED     seed of the values and of the mix of entries (default 1)
 *   -n COUNT    stop after COUNT accepted entries (0, the default: no limit)
 *   -t SECONDS  stop after SECONDS (0, the default: no limit)
 *   -p MS       pause a random 0..MS milliseconds between entries (default 0)
 *   -o FIRST    number of the first entry: the vitals values encode it (see type_vitals)
 *   -w WRITER   writer number, part of every note and of a new patient's chart number
 *   -b MS       busy timeout (default: the store's own)
 *   -R N        give up after N failed attempts at one entry (default 50)
 *   -a LOGIN    chart as the clinician LOGIN (another clinician at another terminal; LOGIN
 *               must be a clinician of the database) instead of the user running the tool
 *   -N          do not take the session's hold at the start (the "hold" and "take" commands do)
 *   -d          mix in infusion events (pause / resume / rate) while the session is dosing
 *   -F          a disk that fills on command: the "full" and "free" commands below
 *   -i          interactive: one command a line on stdin, one answer a line on stdout:
 *                 v / o / d  type a new vitals round / observation / infusion event, save it
 *                 r          save the last typed entry again (the form kept for a retry)
 *                 full/free  (-F) every write now fails as on a full disk / works again
 *                 hold/take  kc_session_hold / kc_session_takeover: "# held" or an E line
 *                 release    kc_session_release: "# released" or an E line
 *                 q          quit
 *               an answer is the accepted line, or "E STATUS MS MESSAGE" (nothing saved;
 *               STATUS is kc_status_name with '-' for ' ', MS how long the save took).
 * SESSION "new" creates a patient and an IV session first and prints "S ID". The session
 * is held (kc_session_hold) from the start and released on a clean exit.
 *
 * Accepted lines:  V ID SESSION SYS DIA HR SPO2 RR end
 *                  O ID SESSION KIND SCORE NOTE end
 *                  D ID SESSION KIND NOTE end
 * Every other line starts with "#": "# resume ..." once the session is loaded, and at the
 * end "# entries N errors N max_ms N". A failed attempt in batch mode is reported on stderr
 * ("E STATUS MS MESSAGE") and retried after 10 ms. Exit 0, or 1 when an entry was given up,
 * or 2 for a bad command line. */
#include <errno.h>
#include <pwd.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kc_chart.h"

/* Distinct vitals values per entry number (see type_vitals). */
#define VITALS_VALUES (60L * 40 * 60 * 10)

struct opts {
	const char *db, *session;
	unsigned long long seed;
	long count, first, retries;
	double seconds;
	int pause_ms, busy_ms, writer, dose, disk, interactive, no_hold;
	const char *actor;
};

/* ---------- a disk that fills up on command ----------
 * A shim over the default VFS: while full is set every write fails the way a write to a
 * full disk does (SQLITE_FULL), wherever SQLite happens to be in its transaction. */

struct full_vfs {
	sqlite3_vfs base;
	sqlite3_vfs *real;
	int full;
};

struct full_file {
	sqlite3_file base;
	struct full_vfs *vfs;
	sqlite3_file *real; /* lives right after this struct, in SQLite's allocation */
};

static sqlite3_file *real_of(sqlite3_file *f)
{
	return ((struct full_file *)f)->real;
}

static int ff_close(sqlite3_file *f)
{
	return real_of(f)->pMethods->xClose(real_of(f));
}

static int ff_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	return real_of(f)->pMethods->xRead(real_of(f), buf, n, off);
}

static int ff_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	if (((struct full_file *)f)->vfs->full)
		return SQLITE_FULL;
	return real_of(f)->pMethods->xWrite(real_of(f), buf, n, off);
}

static int ff_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return real_of(f)->pMethods->xTruncate(real_of(f), size);
}

static int ff_sync(sqlite3_file *f, int flags)
{
	return real_of(f)->pMethods->xSync(real_of(f), flags);
}

static int ff_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return real_of(f)->pMethods->xFileSize(real_of(f), size);
}

static int ff_lock(sqlite3_file *f, int level)
{
	return real_of(f)->pMethods->xLock(real_of(f), level);
}

static int ff_unlock(sqlite3_file *f, int level)
{
	return real_of(f)->pMethods->xUnlock(real_of(f), level);
}

static int ff_reserved(sqlite3_file *f, int *out)
{
	return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}

static int ff_control(sqlite3_file *f, int op, void *arg)
{
	return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}

static int ff_sector(sqlite3_file *f)
{
	return real_of(f)->pMethods->xSectorSize(real_of(f));
}

static int ff_device(sqlite3_file *f)
{
	return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f));
}

static int ff_shm_map(sqlite3_file *f, int page, int size, int extend, void volatile **out)
{
	return real_of(f)->pMethods->xShmMap(real_of(f), page, size, extend, out);
}

static int ff_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	return real_of(f)->pMethods->xShmLock(real_of(f), offset, n, flags);
}

static void ff_shm_barrier(sqlite3_file *f)
{
	real_of(f)->pMethods->xShmBarrier(real_of(f));
}

static int ff_shm_unmap(sqlite3_file *f, int del)
{
	return real_of(f)->pMethods->xShmUnmap(real_of(f), del);
}

/* Version 2: the shared-memory methods WAL needs, no memory-mapped reads. */
static const sqlite3_io_methods full_io = {
	.iVersion = 2,
	.xClose = ff_close, .xRead = ff_read, .xWrite = ff_write, .xTruncate = ff_truncate,
	.xSync = ff_sync, .xFileSize = ff_size, .xLock = ff_lock, .xUnlock = ff_unlock,
	.xCheckReservedLock = ff_reserved, .xFileControl = ff_control, .xSectorSize = ff_sector,
	.xDeviceCharacteristics = ff_device, .xShmMap = ff_shm_map, .xShmLock = ff_shm_lock,
	.xShmBarrier = ff_shm_barrier, .xShmUnmap = ff_shm_unmap,
};

static int fv_open(sqlite3_vfs *v, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
	struct full_vfs *fv = (struct full_vfs *)v;
	struct full_file *ff = (struct full_file *)f;
	int rc;

	ff->vfs = fv;
	ff->real = (sqlite3_file *)(ff + 1);
	rc = fv->real->xOpen(fv->real, name, ff->real, flags, out_flags);
	ff->base.pMethods = rc == SQLITE_OK ? &full_io : NULL;
	return rc;
}

/* Every other method is the default VFS's own (the unix ones do not look at their vfs
 * argument); only opening a file is ours, to put full_io in front of it. */
static int full_vfs_install(struct full_vfs *fv)
{
	fv->real = sqlite3_vfs_find(NULL);
	if (!fv->real)
		return -1;
	fv->base = *fv->real;
	fv->base.zName = "kc-fault-full";
	fv->base.szOsFile = (int)sizeof(struct full_file) + fv->real->szOsFile;
	fv->base.xOpen = fv_open;
	fv->base.pNext = NULL;
	return sqlite3_vfs_register(&fv->base, 1) == SQLITE_OK ? 0 : -1;
}

/* ---------- the charting session ---------- */

enum entry_kind { ENTRY_VITALS = 'V', ENTRY_OBS = 'O', ENTRY_DOSE = 'D' };

/* One typed form: what a clinician typed, kept until it is saved. */
struct entry {
	int kind;
	long no;
	char bp[24], hr[12], spo2[12], rr[12]; /* room for any int: -O0 cannot bound them */
	int sys, dia;
	enum kc_obs_kind obs;
	int score;
	enum kc_dose_kind dose;
	double rate;
	char note[64];
};

struct charter {
	const struct opts *o;
	struct kc_store *st;
	struct kc_config cfg;
	struct full_vfs disk;
	kc_id session;
	unsigned long long rng;
	long next_no;
	long accepted, errors;
	double max_ms, last_ms;
	struct timespec t0;
};

static unsigned long long next_rand(struct charter *ch)
{
	unsigned long long z = (ch->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int rand_below(struct charter *ch, int n)
{
	return (int)(next_rand(ch) % (unsigned long long)n);
}

static double ms_since(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) * 1e3 + (double)(b.tv_nsec - a->tv_nsec) / 1e6;
}

static void pause_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (ms > 0 && nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* The entry number picks a distinct (systolic, diastolic, heart rate, respiratory rate),
 * so a reading stored twice shows up as two rows with the same values in one session. */
static void type_vitals(struct charter *ch, struct entry *e)
{
	long k = e->no % VITALS_VALUES;
	int hr = 60 + (int)(k / 2400 % 60), rr = 10 + (int)(k / 144000);

	e->kind = ENTRY_VITALS;
	e->sys = 100 + (int)(k % 60);
	e->dia = 60 + (int)(k / 60 % 40);
	snprintf(e->bp, sizeof e->bp, "%d/%d", e->sys, e->dia);
	snprintf(e->hr, sizeof e->hr, "%d", hr);
	snprintf(e->spo2, sizeof e->spo2, "%d", 94 + rand_below(ch, 7));
	snprintf(e->rr, sizeof e->rr, "%d", rr);
}

static void type_obs(struct charter *ch, struct entry *e)
{
	e->kind = ENTRY_OBS;
	e->obs = rand_below(ch, 2) ? KC_OBS_NAUSEA : KC_OBS_HEADACHE;
	e->score = rand_below(ch, 4);
}

/* Pause when running, resume when paused, now and then a new rate. Only while the
 * session is dosing an infusion; otherwise the form is a vitals round after all. */
static int type_dose(struct charter *ch, struct entry *e, struct kc_err *err)
{
	struct kc_chart_state *s = malloc(sizeof *s);
	int rc = s ? kc_chart_state_load(ch->st, &ch->cfg, ch->session, time(NULL), s, err)
		   : kc_fail(err, KC_ERR_NOMEM, "out of memory");

	if (rc == KC_OK && (s->s.phase != KC_PHASE_DOSING || s->s.route == KC_ROUTE_ESKETAMINE)) {
		type_vitals(ch, e);
	} else if (rc == KC_OK) {
		e->kind = ENTRY_DOSE;
		e->dose = s->paused ? KC_DOSE_RESUME : rand_below(ch, 3) ? KC_DOSE_PAUSE : KC_DOSE_RATE;
		e->rate = e->dose == KC_DOSE_RATE ? 100 + rand_below(ch, 100) : 0;
	}
	free(s);
	return rc;
}

static int type_entry(struct charter *ch, int kind, struct entry *e, struct kc_err *err)
{
	memset(e, 0, sizeof *e);
	e->no = ch->next_no++;
	snprintf(e->note, sizeof e->note, "fault-w%d-s%llu-n%ld", ch->o->writer, ch->o->seed, e->no);
	if (kind == ENTRY_OBS)
		type_obs(ch, e);
	else if (kind == ENTRY_DOSE)
		return type_dose(ch, e, err);
	else
		type_vitals(ch, e);
	return KC_OK;
}

/* The mix a session sees: mostly vitals, some side effects, now and then the pump. */
static int pick_kind(struct charter *ch)
{
	int r = rand_below(ch, 100);

	if (r < 10)
		return ENTRY_OBS;
	if (r < 16 && ch->o->dose)
		return ENTRY_DOSE;
	return ENTRY_VITALS;
}

static int save_vitals(struct charter *ch, struct entry *e, time_t now, kc_id *id, struct kc_err *err)
{
	struct kc_vitals_entry v = { .status = KC_VITALS_TAKEN };
	struct kc_vitals_result res;
	int rc;

	memset(&res, 0, sizeof res);
	v.text = (struct kc_vitals_text){ e->bp, e->hr, e->spo2, e->rr, "", "" };
	rc = kc_chart_vitals(ch->st, &ch->cfg, ch->session, &v, now, &res, err);
	*id = res.id;
	return rc;
}

static int save_obs(struct charter *ch, struct entry *e, time_t now, kc_id *id, struct kc_err *err)
{
	struct kc_obs_entry o = { .kind = e->obs, .scale = kc_obs_default_scale(e->obs) };

	o.score = e->score;
	o.detail = "";
	o.intervention = "";
	o.note = e->note;
	return kc_chart_observation(ch->st, &ch->cfg, ch->session, &o, now, id, NULL, err);
}

static int save_dose(struct charter *ch, struct entry *e, time_t now, kc_id *id, struct kc_err *err)
{
	struct kc_dose_row r;
	int rc;

	memset(&r, 0, sizeof r);
	r.at = now;
	r.kind = e->dose;
	r.rate_ml_h = e->rate;
	kc_strlcpy(r.note, e->note, sizeof r.note);
	rc = kc_chart_dose(ch->st, &ch->cfg, ch->session, &r, now, err);
	*id = r.id;
	return rc;
}

static void print_accepted(const struct charter *ch, const struct entry *e, kc_id id)
{
	if (e->kind == ENTRY_VITALS)
		printf("V %lld %lld %d %d %s %s %s end\n", id, ch->session, e->sys, e->dia, e->hr, e->spo2, e->rr);
	else if (e->kind == ENTRY_OBS)
		printf("O %lld %lld %s %d %s end\n", id, ch->session, kc_obs_kind_name(e->obs), e->score, e->note);
	else
		printf("D %lld %lld %s %s end\n", id, ch->session, kc_dose_kind_name(e->dose), e->note);
	fflush(stdout);
}

/* One attempt to save the form; its time is the latency a clinician waits. */
static int save(struct charter *ch, struct entry *e, struct kc_err *err)
{
	struct timespec t;
	time_t now = time(NULL);
	kc_id id = 0;
	int rc;

	kc_err_clear(err);
	clock_gettime(CLOCK_MONOTONIC, &t);
	if (e->kind == ENTRY_VITALS)
		rc = save_vitals(ch, e, now, &id, err);
	else if (e->kind == ENTRY_OBS)
		rc = save_obs(ch, e, now, &id, err);
	else
		rc = save_dose(ch, e, now, &id, err);
	ch->last_ms = ms_since(&t);
	if (ch->last_ms > ch->max_ms)
		ch->max_ms = ch->last_ms;
	if (rc == KC_OK) {
		ch->accepted++;
		print_accepted(ch, e, id);
	} else {
		ch->errors++;
	}
	return rc;
}

/* The status as one word ("disk full" -> "disk-full"), so a script can split the line. */
static void status_word(int status, char *out, size_t n)
{
	kc_strlcpy(out, kc_status_name(status), n);
	for (char *p = out; *p; p++)
		if (*p == ' ')
			*p = '-';
}

static void report_error(const struct charter *ch, FILE *to, const struct kc_err *err)
{
	char word[32];

	status_word(err->status, word, sizeof word);
	fprintf(to, "E %s %.0f %s\n", word, ch->last_ms, err->msg);
	fflush(to);
}

/* ---------- opening: the store, the session ---------- */

static int new_session(struct charter *ch, struct kc_err *err)
{
	struct kc_patient p = { .dob = "1980-01-01" };
	time_t now = time(NULL);
	kc_id patient = 0;
	int rc;

	snprintf(p.chart_no, sizeof p.chart_no, "FLT-%d-%ld", ch->o->writer, (long)getpid());
	snprintf(p.name, sizeof p.name, "Fault Writer %d", ch->o->writer);
	rc = kc_patient_add(ch->st, &p, now, &patient, err);
	if (rc == KC_OK)
		rc = kc_session_create(ch->st, patient, KC_ROUTE_IV, "depression", now, &ch->session, err);
	if (rc == KC_OK)
		printf("S %lld\n", ch->session);
	return rc;
}

/* What a screen does when the clinician resumes the session: hold it (still ours after a
 * kill: the same login takes it up again), then load what it shows. */
static int resume(struct charter *ch, struct kc_err *err)
{
	struct kc_chart_state *s = malloc(sizeof *s);
	int rc = !s ? kc_fail(err, KC_ERR_NOMEM, "out of memory")
		 : ch->o->no_hold ? KC_OK
		 : kc_session_hold(ch->st, ch->session, time(NULL), NULL, 0, NULL, err);

	if (rc == KC_OK)
		rc = kc_chart_state_load(ch->st, &ch->cfg, ch->session, time(NULL), s, err);

	if (rc == KC_OK)
		printf("# resume session %lld phase %s paused %d readings %d\n", ch->session,
		       kc_phase_name(s->s.phase), s->paused, s->readings);
	fflush(stdout);
	free(s);
	return rc;
}

/* Busy at the start (another writer) is retried like any entry. */
static int open_session(struct charter *ch, struct kc_err *err)
{
	int rc = KC_ERR_BUSY;

	for (long i = 0; rc == KC_ERR_BUSY && i < ch->o->retries; i++) {
		if (i)
			pause_ms(10);
		rc = ch->session ? KC_OK : new_session(ch, err);
		if (rc == KC_OK)
			rc = resume(ch, err);
	}
	return rc;
}

static int open_charter(struct charter *ch, struct kc_err *err)
{
	struct passwd *pw = getpwuid(getuid());
	int rc;

	if (!pw)
		return kc_fail(err, KC_ERR_IO, "cannot tell which user is running the program");
	if (ch->o->disk && full_vfs_install(&ch->disk) != 0)
		return kc_fail(err, KC_ERR_IO, "cannot install the disk-full shim");
	rc = kc_store_open(&ch->st, ch->o->db, KC_OPEN_EXISTING, ch->o->actor ? ch->o->actor : pw->pw_name, err);
	if (rc != KC_OK)
		return rc;
	if (ch->o->busy_ms > 0)
		kc_store_set_busy_timeout(ch->st, ch->o->busy_ms);
	return open_session(ch, err);
}

/* ---------- batch and interactive runs ---------- */

static int finished(const struct charter *ch)
{
	if (ch->o->count > 0 && ch->accepted >= ch->o->count)
		return 1;
	return ch->o->seconds > 0 && ms_since(&ch->t0) >= ch->o->seconds * 1e3;
}

/* Save one form, retrying it as a clinician would after each error. */
static int save_retrying(struct charter *ch, struct entry *e, struct kc_err *err)
{
	int rc = save(ch, e, err);

	for (long i = 1; rc != KC_OK && i < ch->o->retries; i++) {
		report_error(ch, stderr, err);
		pause_ms(10);
		rc = save(ch, e, err);
	}
	if (rc != KC_OK)
		report_error(ch, stderr, err);
	return rc;
}

static int run_batch(struct charter *ch, struct kc_err *err)
{
	struct entry e;
	int rc = KC_OK;

	while (rc == KC_OK && !finished(ch)) {
		rc = type_entry(ch, pick_kind(ch), &e, err);
		if (rc == KC_OK)
			rc = save_retrying(ch, &e, err);
		if (rc == KC_OK && ch->o->pause_ms > 0)
			pause_ms(rand_below(ch, ch->o->pause_ms + 1));
	}
	return rc;
}

static int hold_command(struct charter *ch, const char *cmd, struct kc_err *err)
{
	time_t now = time(NULL);
	int rc = cmd[0] == 'h' ? kc_session_hold(ch->st, ch->session, now, NULL, 0, NULL, err)
		 : cmd[0] == 't' ? kc_session_takeover(ch->st, ch->session, now, err)
		 : kc_session_release(ch->st, ch->session, now, err);

	if (rc == KC_OK)
		printf("# %s\n", cmd[0] == 'r' ? "released" : "held");
	return rc;
}

/* One command; returns 1 to quit. */
static int command(struct charter *ch, const char *cmd, struct entry *e, struct kc_err *err)
{
	int rc = KC_OK;

	if (strcmp(cmd, "q") == 0)
		return 1;
	if (strcmp(cmd, "full") == 0 || strcmp(cmd, "free") == 0) {
		ch->disk.full = strcmp(cmd, "full") == 0;
		printf("# disk %s\n", cmd);
	} else if (strcmp(cmd, "v") == 0 || strcmp(cmd, "o") == 0 || strcmp(cmd, "d") == 0) {
		rc = type_entry(ch, cmd[0] == 'v' ? ENTRY_VITALS : cmd[0] == 'o' ? ENTRY_OBS : ENTRY_DOSE, e, err);
		rc = rc == KC_OK ? save(ch, e, err) : rc;
	} else if (strcmp(cmd, "hold") == 0 || strcmp(cmd, "take") == 0 || strcmp(cmd, "release") == 0) {
		rc = hold_command(ch, cmd, err);
	} else if (strcmp(cmd, "r") == 0 && e->kind) {
		rc = save(ch, e, err);
	} else {
		printf("# cannot do '%s' (unknown, or nothing typed yet to retry)\n", cmd);
	}
	if (rc != KC_OK)
		report_error(ch, stdout, err);
	fflush(stdout);
	return 0;
}

static int run_interactive(struct charter *ch, struct kc_err *err)
{
	struct entry e;
	char line[64];

	memset(&e, 0, sizeof e);
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (command(ch, line, &e, err))
			break;
	}
	return KC_OK;
}

static int usage(void)
{
	fprintf(stderr, "usage: tool_charter [-s SEED] [-n COUNT] [-t SECONDS] [-p MS] [-o FIRST] "
		"[-w WRITER] [-b MS] [-R N] [-a LOGIN] [-N] [-d] [-F] [-i] DB SESSION|new\n");
	return 2;
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	int c;

	*o = (struct opts){ .seed = 1, .retries = 50 };
	while ((c = getopt(argc, argv, "s:n:t:p:o:w:b:R:a:NdFi")) != -1) {
		switch (c) {
		case 's': o->seed = strtoull(optarg, NULL, 10); break;
		case 'n': o->count = atol(optarg); break;
		case 't': o->seconds = atof(optarg); break;
		case 'p': o->pause_ms = atoi(optarg); break;
		case 'o': o->first = atol(optarg); break;
		case 'w': o->writer = atoi(optarg); break;
		case 'b': o->busy_ms = atoi(optarg); break;
		case 'R': o->retries = atol(optarg) > 0 ? atol(optarg) : 1; break;
		case 'a': o->actor = optarg; break;
		case 'N': o->no_hold = 1; break;
		case 'd': o->dose = 1; break;
		case 'F': o->disk = 1; break;
		case 'i': o->interactive = 1; break;
		default: return -1;
		}
	}
	if (argc - optind != 2)
		return -1;
	o->db = argv[optind];
	o->session = argv[optind + 1];
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o;
	struct charter ch;
	struct kc_err err;
	int rc;

	if (parse_opts(argc, argv, &o) != 0)
		return usage();
	memset(&ch, 0, sizeof ch);
	ch.o = &o;
	ch.rng = o.seed;
	ch.next_no = o.first;
	ch.session = strcmp(o.session, "new") == 0 ? 0 : atoll(o.session);
	kc_config_defaults(&ch.cfg);
	clock_gettime(CLOCK_MONOTONIC, &ch.t0);
	rc = open_charter(&ch, &err);
	if (rc == KC_OK)
		rc = o.interactive ? run_interactive(&ch, &err) : run_batch(&ch, &err);
	/* Leaving the session, as a screen does on a clean quit (a kill leaves the hold). */
	if (rc == KC_OK && ch.session && kc_session_release(ch.st, ch.session, time(NULL), &err) != KC_OK)
		rc = err.status;
	if (rc != KC_OK && !o.interactive)
		fprintf(stderr, "tool_charter: %s: %s\n", kc_status_name(rc), err.msg);
	else if (rc != KC_OK)
		report_error(&ch, stdout, &err);
	printf("# entries %ld errors %ld max_ms %.1f\n", ch.accepted, ch.errors, ch.max_ms);
	kc_store_close(ch.st);
	return rc == KC_OK ? 0 : 1;
}
