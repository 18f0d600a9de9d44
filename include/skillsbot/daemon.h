/*
 * daemon.h - what `skillsbot run` is made of: systemd notification
 * (notify.c), signal flags (signals.c) and the loop (loop.c).
 *
 * The loop knows nothing of the wiki: it is handed a table of operations
 * (run one sync cycle, reload the operator's file) and decides when to
 * call them: an incremental cycle every poll interval, a full one every
 * full_sync_interval and on SIGUSR1, backing off while the wiki is
 * unreachable. The cycle itself (sync.h) re-reads the organisers'
 * configuration page, keeps the last good one and honours its
 * "enabled": false. cmd_run.c wires the real cycle; the tests a script.
 *
 * Signal handlers only set flags and wake the loop through a pipe; all
 * work happens in the loop (see signals.c).
 */
#ifndef SKILLSBOT_DAEMON_H
#define SKILLSBOT_DAEMON_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* ---- notify.c: the sd_notify protocol -------------------------------- */

/* Send one notification ("READY=1", "STATUS=...") to $NOTIFY_SOCKET.
 * Returns 1 when sent, 0 when there is no socket (not under systemd), or
 * a negative code. Failures are not fatal to a caller: the service keeps
 * running, systemd merely learns less. */
int sb_notify(const char *state);
int sb_notifyf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The datagram protocol itself, to an explicit socket address (a path,
 * or "@name" for an abstract socket). Used by sb_notify when built
 * without libsystemd; public for the tests. */
int sb_notify_send(const char *socket_addr, const char *state);

/* The watchdog period asked for by systemd (WatchdogSec=, via
 * WATCHDOG_USEC when WATCHDOG_PID is ours or unset), in microseconds;
 * 0 when there is no watchdog. */
uint64_t sb_watchdog_usec(void);

/* Send WATCHDOG=1 if half the period has passed since the last one.
 * Cheap; call it from anything that may run long (the progress hook of
 * log.h calls it during a cycle). */
void sb_watchdog_kick(void);

/* ---- signals.c: flags set by handlers --------------------------------- */

enum sb_sig_event {
	SB_SIG_STOP = 1,    /* SIGTERM, SIGINT: finish the edit in flight, exit */
	SB_SIG_RELOAD = 2,  /* SIGHUP: re-read the configuration */
	SB_SIG_FULL = 4     /* SIGUSR1: a full sync now */
};

/* Install the handlers (and the wake-up pipe). */
int sb_signals_install(void);
/* Put the previous handlers back and close the pipe. */
void sb_signals_restore(void);
/* The events that arrived since the last call, cleared on return, except
 * SB_SIG_STOP which stays set. */
unsigned sb_signals_take(void);
bool sb_signals_stop_requested(void);
/* The flag a long task checks between steps (the sync cycle between
 * edits). Non-zero once SIGTERM or SIGINT arrived. */
volatile sig_atomic_t *sb_signals_stop_flag(void);
/* Sleep until `seconds` have passed or a signal arrived, whichever comes
 * first. Returns the pending events (without clearing them). */
unsigned sb_signals_wait(double seconds);

/* ---- loop.c: the daemon ----------------------------------------------- */

/* What the loop asks of one cycle. */
typedef struct sb_cycle_request {
	bool full;                    /* a full sync rather than incremental */
	volatile sig_atomic_t *stop;  /* check between edits; stop when set */
} sb_cycle_request;

/* What one cycle tells the loop (filled by the cycle). */
typedef struct sb_cycle_report {
	bool full_done;     /* a full sync was done (asked for or not) */
	size_t profiles;    /* profiles known after the cycle */
	size_t edits;       /* edits saved */
	bool interrupted;   /* it stopped early because *stop was set */
	char note[200];     /* one line for the status ("" when none), e.g.
			     * that the configuration page disables edits */
} sb_cycle_report;

typedef struct sb_daemon_opts {
	int poll_interval;          /* seconds between incremental cycles */
	int full_sync_interval;     /* seconds between full cycles */
	int max_backoff;            /* seconds; default 900 */
	time_t last_full_sync;      /* 0: the first cycle is full; updated */
	unsigned max_polls;         /* stop after this many polls (tests); 0: never */
	/* A failure met before the loop (the first login gave up), with
	 * its message still sb_error_message() when sb_daemon_run is
	 * called; SB_OK for none. The loop reports it and backs off from
	 * it as from a failed cycle: one outage, one warning, whichever
	 * step met it first. */
	int first_failure;
} sb_daemon_opts;

typedef struct sb_daemon_ops {
	void *ctx;
	/* One sync cycle. Returns SB_OK or a code; SB_ENETWORK, SB_ERATELIMIT
	 * and SB_EAPI mean the wiki is unavailable for now. */
	int (*cycle)(void *ctx, const sb_cycle_request *req,
		     sb_cycle_report *out);
	/* SIGHUP: re-read the operator's configuration and apply it; may
	 * change the intervals in `opts`. On failure the old configuration
	 * stays (the loop logs the message). May be NULL. */
	int (*reload)(void *ctx, struct sb_daemon_opts *opts);
} sb_daemon_ops;

/* What the loop has seen, for the status line and for the tests. */
typedef struct sb_daemon_stats {
	unsigned cycles;          /* cycles run (failed ones included) */
	unsigned full_cycles;
	unsigned failures;        /* cycles that returned an error */
	int last_error;           /* code of the last cycle; SB_OK when it worked */
	unsigned reloads;
	size_t profiles;
	size_t edits;
	time_t last_cycle_end;
} sb_daemon_stats;

/* Run until SIGTERM/SIGINT (or max_polls): returns SB_OK after a clean
 * stop, SB_EDAMAGED when a cycle found the state damaged (no cycle can
 * work on, so none is tried again). Other failures of a cycle are
 * retried with a backoff. Signals must be installed (sb_signals_install)
 * by the caller. `stats_out` may be NULL. */
int sb_daemon_run(sb_daemon_stats *stats_out, sb_daemon_opts *opts,
		  const sb_daemon_ops *ops);

/* ---- session.c: what a run works with, built from the configuration -- */

struct sb_config;
struct sb_mw;
struct sb_store;
struct sb_sync;

/* The API client, the state and the sync object of one configuration.
 * Owns all three. */
typedef struct sb_session {
	struct sb_mw *mw;
	struct sb_store *store;
	struct sb_sync *sync;
	bool logged_in;      /* login (or the read-only siteinfo) succeeded */
	bool can_write;      /* logged in with the rights to edit */
} sb_session;

/* Build the client and open the state (`snapshot`: an in-memory copy for
 * a dry run). Nothing is sent to the wiki yet. */
int sb_session_open(sb_session *s, const struct sb_config *c, bool snapshot);
/* Log in (or, without credentials, read siteinfo) unless done already.
 * SB_ENETWORK and friends when the wiki cannot be reached: try again
 * later; SB_EAUTH when the wiki refused the credentials or the rights. */
int sb_session_login(sb_session *s, const struct sb_config *c);
void sb_session_close(sb_session *s);

#endif
