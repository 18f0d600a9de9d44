/* loop.c - the daemon's one main loop; see daemon.h.
 *
 * Each poll: act on signals, then run an incremental or a full cycle.
 * Failures back off exponentially (never a busy loop) and are logged when
 * their kind changes, not on every retry: a wiki that is down for a day
 * gives two lines, not a thousand, whether the first login before the
 * loop or a cycle met the outage first, and however the wiki fails
 * meanwhile (refused connections, then 503s).
 */
#include "skillsbot/daemon.h"

#include "skillsbot/error.h"
#include "skillsbot/log.h"
#include "skillsbot/mem.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_MAX_BACKOFF 900

struct loop {
	sb_daemon_opts *opts;
	const sb_daemon_ops *ops;
	sb_daemon_stats st;
	char note[200];          /* the last cycle's note for the status */
	int fail_code;           /* of the failure in progress; 0 when fine */
	unsigned fail_streak;
	bool force_full;
	time_t last_full;
	double next_due;         /* monotonic seconds */
	int fatal;               /* a cycle's failure that ends the loop */
};

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void format_utc(char *out, size_t n, time_t t)
{
	struct tm tm;

	if (t == 0 || gmtime_r(&t, &tm) == NULL)
		snprintf(out, n, "never");
	else
		strftime(out, n, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

/* STATUS= for systemctl status; also a debug line. */
static void set_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void set_status(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sb_debug("status: %s", msg);
	sb_notifyf("STATUS=%s", msg);
}

static void status_idle(const struct loop *l, const char *state)
{
	char when[64];

	format_utc(when, sizeof(when), l->st.last_cycle_end);
	set_status("%s; profiles: %zu; last cycle ended %s; next in %.0f s%s%s",
		   state, l->st.profiles, when,
		   fmax(0, l->next_due - mono_now()),
		   l->note[0] ? "; " : "", l->note);
}

static bool wiki_trouble(int code)
{
	return code == SB_ENETWORK || code == SB_ERATELIMIT || code == SB_EAPI;
}

/* Failures of one kind are one event for the log: every way the wiki
 * is unavailable is the same outage. */
static bool same_kind(int a, int b)
{
	return a == b || (wiki_trouble(a) && wiki_trouble(b));
}

static void note_failure(struct loop *l, int err)
{
	int backoff = l->opts->poll_interval;
	int cap = l->opts->max_backoff > 0 ? l->opts->max_backoff :
		  DEFAULT_MAX_BACKOFF;

	for (unsigned i = 0; i < l->fail_streak && backoff < cap; i++)
		backoff *= 2;
	if (backoff > cap)
		backoff = cap;
	if (backoff < 1)
		backoff = 1;
	l->st.failures++;
	l->fail_streak++;
	if (!same_kind(err, l->fail_code))
		sb_warn("%s: %s; retrying with backoff (next in %d s, at most %d s apart)",
			wiki_trouble(err) ? "the wiki is unavailable" : "cycle failed",
			sb_error_message(), backoff, cap);
	else
		sb_debug("still failing: %s; next try in %d s",
			 sb_error_message(), backoff);
	l->fail_code = err;
	l->next_due = mono_now() + backoff;
	status_idle(l, wiki_trouble(err) ? "Wiki unavailable" : "Last cycle failed");
}

static void note_success(struct loop *l)
{
	if (l->fail_code != 0)
		sb_notice("cycles work again after %u failed attempt%s",
			  l->fail_streak, l->fail_streak == 1 ? "" : "s");
	l->fail_code = 0;
	l->fail_streak = 0;
}

static int run_cycle(struct loop *l, double started)
{
	time_t wall = time(NULL);
	sb_cycle_request req;
	sb_cycle_report rep;
	bool full;
	int err;

	full = l->force_full || l->last_full == 0 ||
	       wall - l->last_full >= l->opts->full_sync_interval;
	set_status("%s sync running; profiles before it: %zu",
		   full ? "Full" : "Incremental", l->st.profiles);
	memset(&req, 0, sizeof(req));
	memset(&rep, 0, sizeof(rep));
	req.full = full;
	req.stop = sb_signals_stop_flag();
	sb_debug("%s cycle starting", full ? "full" : "incremental");
	/* The cycle gets a whole watchdog period, whenever the last
	 * throttled kick was. */
	if (sb_watchdog_usec() != 0)
		sb_notify("WATCHDOG=1");
	err = l->ops->cycle(l->ops->ctx, &req, &rep);
	l->st.cycles++;
	l->st.edits += rep.edits;
	if (err < 0)
		return err;
	if (rep.full_done && !rep.interrupted) {
		l->st.full_cycles++;
		l->last_full = wall;
		l->opts->last_full_sync = wall;
		l->force_full = false;
	}
	l->st.profiles = rep.profiles;
	snprintf(l->note, sizeof(l->note), "%s", rep.note);
	l->st.last_cycle_end = time(NULL);
	sb_debug("%s cycle %s after %.1f s: %zu profiles, %zu edits",
		rep.full_done ? "full" : "incremental",
		rep.interrupted ? "interrupted" : "done",
		mono_now() - started, rep.profiles, rep.edits);
	return SB_OK;
}

static void poll_once(struct loop *l)
{
	double started = mono_now();
	int err = run_cycle(l, started);

	if (err < 0 && sb_signals_stop_requested()) {
		/* A stop ends waits and requests: what fails then is the
		 * stop's doing, neither a failure nor the wiki's return. */
		sb_debug("cycle ended by the stop: %s", sb_error_message());
		l->st.last_error = SB_OK;
		return;
	}
	l->st.last_error = err;
	if (err == SB_EDAMAGED) {
		/* no retry mends it, and every cycle would fail the same */
		sb_err("%s; stopping", sb_error_message());
		l->fatal = err;
		return;
	}
	if (err < 0) {
		note_failure(l, err);
		return;
	}
	note_success(l);
	l->next_due = fmax(started + l->opts->poll_interval, mono_now());
	status_idle(l, "Idle");
}

static void reload(struct loop *l)
{
	int err = SB_OK;

	sb_notify("RELOADING=1");
	set_status("Reloading the configuration");
	if (l->ops->reload != NULL)
		err = l->ops->reload(l->ops->ctx, l->opts);
	if (err < 0)
		sb_err("reload failed, keeping the running configuration: %s",
		       sb_error_message());
	else
		sb_notice("configuration reloaded (poll every %d s, full sync every %d s)",
			  l->opts->poll_interval, l->opts->full_sync_interval);
	l->st.reloads++;
	l->next_due = fmin(l->next_due, mono_now() + l->opts->poll_interval);
	sb_notify("READY=1");
}

int sb_daemon_run(sb_daemon_stats *stats_out, sb_daemon_opts *opts,
		  const sb_daemon_ops *ops)
{
	struct loop l;
	unsigned polls = 0;

	memset(&l, 0, sizeof(l));
	l.opts = opts;
	l.ops = ops;
	l.last_full = opts->last_full_sync;
	l.next_due = mono_now();
	sb_log_set_progress_hook(sb_watchdog_kick);
	/* Stopped already (during the first login): say only that. Else a
	 * failure met before the loop is this loop's first, reported (with
	 * its message, before anything may replace it) and backed off from
	 * as a cycle's would be. */
	if (!sb_signals_stop_requested()) {
		if (opts->first_failure < 0)
			note_failure(&l, opts->first_failure);
		sb_notify("READY=1");
		sb_info("running: poll every %d s, full sync every %d s",
			opts->poll_interval, opts->full_sync_interval);
	}
	for (;;) {
		unsigned ev = sb_signals_take();
		double now;

		sb_watchdog_kick();
		if (ev & SB_SIG_STOP)
			break;
		if (ev & SB_SIG_RELOAD)
			reload(&l);
		if (ev & SB_SIG_FULL) {
			sb_notice("full sync requested");
			l.force_full = true;
			l.next_due = mono_now();
		}
		now = mono_now();
		if (now < l.next_due) {
			double wd = (double)sb_watchdog_usec() / 2e6;

			sb_signals_wait(wd > 0 ? fmin(wd, l.next_due - now) :
					l.next_due - now);
			continue;
		}
		poll_once(&l);
		if (l.fatal < 0 ||
		    (opts->max_polls != 0 && ++polls >= opts->max_polls))
			break;
	}
	sb_notify("STOPPING=1");
	set_status("Stopping");
	sb_info("stopped after %u cycles (%zu edits)", l.st.cycles, l.st.edits);
	sb_log_set_progress_hook(NULL);
	if (stats_out != NULL)
		*stats_out = l.st;
	return l.fatal;
}
