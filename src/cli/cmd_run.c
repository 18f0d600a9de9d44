/*
 * cmd_run.c - `skillsbot run`: the daemon.
 *
 *   skillsbot run [--config FILE] [--set SECTION.KEY=VALUE]... [--full]
 *                 [--once]
 *
 * Reads the operator's configuration and credentials, opens the session
 * (API client, state, sync) and hands the loop (daemon.h) a cycle that
 * logs in when needed and runs sb_sync_cycle(). SIGHUP rebuilds the
 * session from the re-read configuration; a configuration that does not
 * load or validate leaves the running one in place.
 */
#include "skillsbot/cli.h"

#include "skillsbot/config.h"
#include "skillsbot/daemon.h"
#include "skillsbot/error.h"
#include "skillsbot/log.h"
#include "skillsbot/mem.h"
#include "skillsbot/store.h"
#include "skillsbot/sync.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#define KV_LAST_FULL "daemon.last_full_sync"

void cmd_run_help(FILE *out)
{
	fprintf(out,
		"Usage: skillsbot run [--config FILE] [--set SECTION.KEY=VALUE]...\n"
		"                     [--full] [--once]\n"
		"\n"
		"The daemon: an incremental sync every poll interval ([bot] poll_interval,\n"
		"default 60 s), a full sync every full_sync_interval (default a day), until\n"
		"SIGTERM or SIGINT, which finish the edit in flight and exit 0.\n"
		"\n"
		"  -c, --config FILE  the operator's file (default %s)\n"
		"  -s, --set S.K=V    override one setting of that file (repeatable)\n"
		"  --full             make the first cycle a full sync\n"
		"  --once             run one cycle, then exit (as `sync --once`, with\n"
		"                     the daemon's login and state handling)\n"
		"\n"
		"Signals: SIGHUP re-reads the configuration file and the credentials;\n"
		"SIGUSR1 asks for a full sync now; SIGTERM/SIGINT stop after the edit in\n"
		"flight. Under systemd (Type=notify) it reports READY=1, STATUS=,\n"
		"WATCHDOG=1, RELOADING=1 and STOPPING=1, and logs with journald\n"
		"priorities. The organisers' configuration page may stop all edits\n"
		"with \"enabled\": false. See skillsbot(1).\n"
		"\n"
		"Exit codes: 0 stopped cleanly, 64 usage, 65 state not a database,\n"
		"damaged (at start, or found by a cycle) or of a newer schema, 66\n"
		"configuration file missing or unreadable, 74 state not writable\n"
		"now (disk full, i/o error, read-only), 75 try again later (another\n"
		"skillsbot holds the state), 77 credentials missing, unreadable,\n"
		"readable by others or refused, 78 bad configuration; the systemd\n"
		"unit restarts after 69, 74 and 75 only. A wiki that cannot be\n"
		"reached is no reason to exit: the daemon retries with a backoff.\n"
		"With --once the exit code is the login's or the cycle's (69 wiki\n"
		"unavailable, 75 rate limited, ...).\n",
		SB_CONFIG_DEFAULT_PATH);
}

struct run_ctx {
	const char *config_path;   /* NULL: the default path */
	const char **sets;
	size_t n_sets;
	sb_config conf;
	sb_session sess;
	sb_store_lock *lock;       /* of conf.state, for the process's life */
};

/* The configuration, credentials included, from the file and --set;
 * *step_out says which of the two failed. */
static int load_config(sb_config *out, const struct run_ctx *r,
		       enum sb_step *step_out)
{
	int err;

	*step_out = SB_STEP_CONFIG;
	if ((err = sb_config_load_all(out, r->config_path, r->sets,
				      r->n_sets)) < 0)
		return err;
	*step_out = SB_STEP_CREDENTIALS;
	if ((err = sb_config_load_secrets(out)) < 0)
		goto fail;
	if ((err = sb_config_require_credentials(out, "run")) < 0) {
		*step_out = SB_STEP_CONFIG;
		goto fail;
	}
	return SB_OK;
fail:
	sb_config_dispose(out);
	return err;
}

static time_t read_last_full(sb_store *st)
{
	char *v = NULL;
	time_t t = 0;

	if (sb_store_kv_get(st, KV_LAST_FULL, &v) == SB_OK)
		t = (time_t)strtoll(v, NULL, 10);
	free(v);
	sb_error_clear();
	return t;
}

/* The one line for the status: why edits are stopped, if they are;
 * otherwise the cycle's first message. */
static void pick_note(char *out, size_t n, const sb_strv *messages)
{
	out[0] = '\0';
	for (size_t i = 0; i < messages->n; i++)
		if (strstr(messages->v[i], "\"enabled\"") != NULL) {
			snprintf(out, n, "%s", messages->v[i]);
			return;
		}
	if (messages->n > 0)
		snprintf(out, n, "%s", messages->v[0]);
}

static int run_cycle(void *ctx, const sb_cycle_request *req,
		     sb_cycle_report *out)
{
	struct run_ctx *r = ctx;
	sb_sync_opts so;
	sb_sync_report rep;
	char *when;
	int err;

	memset(&rep, 0, sizeof(rep));
	if ((err = sb_session_login(&r->sess, &r->conf)) < 0)
		return err;
	memset(&so, 0, sizeof(so));
	so.full = req->full;
	so.stop = req->stop;
	err = sb_sync_cycle(r->sess.sync, &so, &rep);
	out->full_done = rep.full;
	out->profiles = rep.profiles;
	out->edits = rep.edits;
	out->interrupted = req->stop != NULL && *req->stop;
	pick_note(out->note, sizeof(out->note), &rep.messages);
	/* A quiet wiki polled every minute should not fill the journal. */
	sb_log(rep.pages_read || rep.pages_removed || rep.edits || rep.skipped ||
	       rep.full ? SB_LOG_INFO : SB_LOG_DEBUG,
	       "%s sync: %zu pages read, %zu removed, %zu records (%zu problems); "
		"%zu edited, %zu unchanged, %zu skipped, %zu human edits; "
		"%lu requests, %lu bytes",
		rep.full ? "full" : "incremental", rep.pages_read,
		rep.pages_removed, rep.records, rep.problems, rep.edits,
		rep.unchanged, rep.skipped, rep.human_edits, rep.requests,
		rep.bytes);
	if (err == SB_OK && rep.full && !out->interrupted) {
		when = sb_asprintf("%lld", (long long)time(NULL));
		if (sb_store_kv_set(r->sess.store, KV_LAST_FULL, when) < 0)
			sb_warn("%s", sb_error_message());
		free(when);
	}
	sb_sync_report_dispose(&rep);
	return err;
}

/* SIGHUP: the whole configuration again, and a new session from it. The
 * old one stays when anything fails. A state moved elsewhere is locked
 * before it is used; the same one keeps its lock (locking it again and
 * letting the old lock go would drop both: the lock is the process's). */
static int run_reload(void *ctx, sb_daemon_opts *opts)
{
	struct run_ctx *r = ctx;
	sb_store_lock *lock = NULL;
	sb_config fresh;
	sb_session sess;
	enum sb_step step;
	int err;

	if ((err = load_config(&fresh, r, &step)) < 0)
		return err;
	if ((!sb_store_lock_covers(r->lock, fresh.state) &&
	     (err = sb_store_lock_new(&lock, fresh.state)) < 0) ||
	    (err = sb_session_open(&sess, &fresh, false)) < 0) {
		sb_store_lock_free(lock);
		sb_config_dispose(&fresh);
		return err;
	}
	sb_session_close(&r->sess);
	sb_config_dispose(&r->conf);
	if (lock != NULL) {
		sb_store_lock_free(r->lock);
		r->lock = lock;
	}
	r->conf = fresh;
	r->sess = sess;
	sb_log_set_configured_level(sb_config_log_level(&r->conf));
	opts->poll_interval = r->conf.poll_interval;
	opts->full_sync_interval = r->conf.full_sync_interval;
	return SB_OK;
}

static int parse_args(struct run_ctx *r, bool *full, bool *once, int argc,
		      char **argv)
{
	static const struct option opts[] = {
		{"config", required_argument, NULL, 'c'},
		{"set", required_argument, NULL, 's'},
		{"full", no_argument, NULL, 'f'},
		{"once", no_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "c:s:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': r->config_path = optarg; break;
		case 's':
			r->sets = sb_reallocarray(r->sets, r->n_sets + 1,
						  sizeof(*r->sets));
			r->sets[r->n_sets++] = optarg;
			break;
		case 'f': *full = true; break;
		case 'o': *once = true; break;
		case 'h': cmd_run_help(stdout); return -1;
		default:
			fprintf(stderr, "Try `skillsbot run --help'.\n");
			return EX_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "skillsbot run: unexpected argument \"%s\"\n",
			argv[optind]);
		return EX_USAGE;
	}
	return EX_OK;
}

/* Log in at start so that wrong credentials stop the service at once.
 * A wiki that cannot be reached is no reason for the daemon to stop: the
 * failure goes to *failure_out (its message stays the current one) for
 * the loop, which reports it as the outage's one warning and retries;
 * `--once` does not retry and fails here, as `sync --once` would. A stop
 * asked for meanwhile ends the login early; the loop then stops before
 * its first cycle. */
static int first_login(struct run_ctx *r, bool once, int *failure_out)
{
	int err;

	*failure_out = SB_OK;
	if (sb_signals_stop_requested())
		return SB_OK;
	err = sb_session_login(&r->sess, &r->conf);
	if (err == SB_EAUTH || err == SB_EDENIED)
		return err;
	if (err < 0 && sb_signals_stop_requested()) {
		sb_error_clear();
		return SB_OK;
	}
	if (err < 0 && once)
		return err;
	*failure_out = err;
	return SB_OK;
}

int cmd_run(int argc, char **argv)
{
	struct run_ctx r;
	sb_daemon_opts dopts;
	sb_daemon_ops ops = {NULL, run_cycle, run_reload};
	sb_daemon_stats st;
	bool full = false, once = false;
	enum sb_step step;
	int rc, err;

	memset(&r, 0, sizeof(r));
	if ((rc = parse_args(&r, &full, &once, argc, argv)) != EX_OK) {
		free(r.sets);
		return rc < 0 ? EX_OK : rc;
	}
	/* Before anything slow (the first login may retry for minutes):
	 * a signal then is noted for the loop, not fatal. */
	if ((err = sb_signals_install()) < 0) {
		sb_err("%s", sb_error_message());
		free(r.sets);
		return EX_OSERR;
	}
	if ((err = load_config(&r.conf, &r, &step)) < 0)
		goto fail;
	sb_log_set_configured_level(sb_config_log_level(&r.conf));
	step = SB_STEP_STATE;
	if ((err = sb_store_lock_new(&r.lock, r.conf.state)) < 0 ||
	    (err = sb_session_open(&r.sess, &r.conf, false)) < 0)
		goto fail;
	memset(&dopts, 0, sizeof(dopts));
	dopts.poll_interval = r.conf.poll_interval;
	dopts.full_sync_interval = r.conf.full_sync_interval;
	dopts.last_full_sync = full ? 0 : read_last_full(r.sess.store);
	dopts.max_polls = once ? 1 : 0;
	/* Last before the loop: the loop reads the login failure's message. */
	step = SB_STEP_LOGIN;
	if ((err = first_login(&r, once, &dopts.first_failure)) < 0)
		goto fail;
	ops.ctx = &r;
	err = sb_daemon_run(&st, &dopts, &ops);
	/* A daemon that was stopped exits 0; a single cycle says how it went. */
	rc = sb_exit_code_at(SB_STEP_CYCLE,
			     once && err == SB_OK ? st.last_error : err);
	goto done;
fail:
	sb_err("%s", sb_error_message());
	rc = sb_exit_code_at(step, err);
done:
	sb_session_close(&r.sess);
	sb_store_lock_free(r.lock);
	sb_config_dispose(&r.conf);
	free(r.sets);
	/* Last: a second SIGTERM while the state closes (timeout(1) signals
	 * the process and then its group) must not kill it half-way. */
	sb_signals_restore();
	return rc;
}
