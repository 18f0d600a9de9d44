/* test_daemon_loop.c - the daemon loop with a scripted cycle: timing,
 * full syncs, backoff while the wiki is down, SIGHUP, SIGUSR1 and SIGTERM
 * during a cycle, and the sd_notify messages, read from a socket the test
 * listens on. (The stop switch and the configuration page are the
 * cycle's: see sync's tests and integration/test_daemon_run.py.) */
#include "testutil.h"

#include "skillsbot/buf.h"
#include "skillsbot/daemon.h"
#include "skillsbot/error.h"
#include "skillsbot/fileio.h"
#include "skillsbot/log.h"
#include "skillsbot/mem.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MAX_CALLS 16

/* A scripted wiki: what each cycle does. */
struct fake {
	int fail_first;            /* the first N cycles fail with... */
	int fail_code;             /* ...this code */
	int signal_in_cycle[MAX_CALLS]; /* raise this signal during cycle i */
	int edits_per_cycle;
	int new_poll_on_reload;
	bool own_full;             /* the cycle does a full sync unasked */
	unsigned stop_in_request;  /* in this cycle (from 1) SIGTERM ends a
				    * request, and so the cycle fails */
	const char *note;
	unsigned calls, full_calls, reloads;
	size_t edits_done;
	double call_time[MAX_CALLS];
	bool call_full[MAX_CALLS];
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int fake_cycle(void *ctx, const sb_cycle_request *req,
		      sb_cycle_report *out)
{
	struct fake *f = ctx;
	unsigned i = f->calls++;

	if (i < MAX_CALLS) {
		f->call_time[i] = now_s();
		f->call_full[i] = req->full;
	}
	f->full_calls += req->full;
	if (i + 1 == f->stop_in_request) {
		/* as the API client does when a stop ends its retry wait */
		raise(SIGTERM);
		return sb_error_set(SB_ERROR, "POST action=query&meta=tokens: "
				    "not retried: asked to stop");
	}
	if ((int)i < f->fail_first)
		return sb_error_set(f->fail_code, "wiki at http://localhost: connection refused");
	/* Edits, checking the stop flag between them as the sync does. */
	for (int e = 0; e < f->edits_per_cycle; e++) {
		if (*req->stop) {
			out->interrupted = true;
			break;
		}
		if (e == 1 && i < MAX_CALLS && f->signal_in_cycle[i])
			raise(f->signal_in_cycle[i]); /* arrives mid-edit */
		f->edits_done++;
		out->edits++;
	}
	if (f->edits_per_cycle == 0 && i < MAX_CALLS && f->signal_in_cycle[i])
		raise(f->signal_in_cycle[i]);
	out->profiles = 120;
	out->full_done = req->full || (f->own_full && i == 0);
	if (f->note)
		snprintf(out->note, sizeof(out->note), "%s", f->note);
	return SB_OK;
}

static int fake_reload(void *ctx, sb_daemon_opts *opts)
{
	struct fake *f = ctx;

	f->reloads++;
	if (f->new_poll_on_reload)
		opts->poll_interval = f->new_poll_on_reload;
	return SB_OK;
}

static void fake_dispose(struct fake *f)
{
	(void)f;
}

static sb_daemon_ops fake_ops(struct fake *f)
{
	sb_daemon_ops ops = {f, fake_cycle, fake_reload};

	return ops;
}

static sb_daemon_opts quick_opts(int poll, unsigned max_polls)
{
	sb_daemon_opts o;

	memset(&o, 0, sizeof(o));
	o.poll_interval = poll;
	o.full_sync_interval = 86400;
	o.max_polls = max_polls;
	return o;
}

static void polls_every_interval_first_cycle_full(void **state)
{
	struct fake f = {0};
	sb_daemon_ops ops = fake_ops(&f);
	sb_daemon_opts o = quick_opts(1, 3);
	sb_daemon_stats st;

	(void)state;
	assert_int_equal(sb_signals_install(), SB_OK);
	assert_int_equal(sb_daemon_run(&st, &o, &ops), SB_OK);
	assert_int_equal(f.calls, 3);
	assert_int_equal(st.cycles, 3);
	/* No full sync recorded in the state: the first cycle is full. */
	assert_true(f.call_full[0]);
	assert_false(f.call_full[1]);
	assert_false(f.call_full[2]);
	for (int i = 1; i < 3; i++) {
		double gap = f.call_time[i] - f.call_time[i - 1];

		assert_true(gap >= 0.95 && gap < 1.6);
	}
	assert_int_equal(st.profiles, 120);
	assert_true(st.last_cycle_end != 0);
	sb_signals_restore();
	fake_dispose(&f);
}

static void full_sync_when_the_last_is_old(void **state)
{
	struct fake f = {0};
	sb_daemon_ops ops = fake_ops(&f);
	sb_daemon_opts o = quick_opts(1, 1);

	(void)state;
	assert_int_equal(sb_signals_install(), SB_OK);
	o.last_full_sync = time(NULL) - 100;
	sb_daemon_run(NULL, &o, &ops);
	assert_false(f.call_full[0]);
	o.last_full_sync = time(NULL) - 86401;
	sb_daemon_run(NULL, &o, &ops);
	assert_true(f.call_full[1]);
	sb_signals_restore();
	fake_dispose(&f);
}

static void sigterm_mid_cycle_finishes_the_edit_in_flight(void **state)
{
	struct fake f = {.edits_per_cycle = 5,
			 .signal_in_cycle = {SIGTERM}};
	sb_daemon_ops ops = fake_ops(&f);
	sb_daemon_opts o = quick_opts(1, 0); /* would run forever */
	sb_daemon_stats st;

	(void)state;
	assert_int_equal(sb_signals_install(), SB_OK);
	assert_int_equal(sb_daemon_run(&st, &o, &ops), SB_OK);
	/* SIGTERM came during the second edit: it was finished, no third. */
	assert_int_equal(f.edits_done, 2);
	assert_int_equal(st.edits, 2);
	assert_int_equal(f.calls, 1);
	assert_int_equal(st.full_cycles, 0); /* an interrupted full sync is not one */
	sb_signals_restore();
	fake_dispose(&f);
}

static void a_full_sync_the_cycle_chose_counts(void **state)
{
	struct fake f = {.own_full = true};
	sb_daemon_ops ops = fake_ops(&f);
	sb_daemon_opts o = quick_opts(1, 2);
	sb_daemon_stats st;

	(void)state;
	/* The state says a full sync was done just now, but the cycle found
	 * a gap in recent changes and read everything anyway. */
	o.last_full_sync = time(NULL) - 10;
	assert_int_equal(sb_signals_install(), SB_OK);
	assert_int_equal(sb_daemon_run(&st, &o, &ops), SB_OK);
	assert_false(f.call_full[0]);
	assert_false(f.call_full[1]);
	assert_int_equal(st.full_cycles, 1);
	assert_true(o.last_full_sync >= time(NULL) - 3);
	sb_signals_restore();
}

/* Run with standard error going to a file; return what was logged. */
/* sb_daemon_run, its return `want`; what it logged (a new string). */
static char *run_capturing_log_ret(sb_daemon_stats *st, sb_daemon_opts *o,
				   const sb_daemon_ops *ops, int want)
{
	char *dir = tu_mkdtemp();
	char *path = sb_asprintf("%s/log", dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int saved = dup(2);
	char *text = NULL;
	size_t len;

	assert_true(fd >= 0 && saved >= 0);
	dup2(fd, 2);
	close(fd);
	sb_log_init(SB_LOG_NOTICE);
	assert_int_equal(sb_daemon_run(st, o, ops), want);
	sb_log_init(SB_LOG_WARNING);
	dup2(saved, 2);
	close(saved);
	assert_int_equal(sb_file_read(&text, &len, path, 1 << 20), SB_OK);
	free(path);
	tu_rmtree(dir);
	free(dir);
	return text;
}

static char *run_capturing_log(sb_daemon_stats *st, sb_daemon_opts *o,
			       const sb_daemon_ops *ops)
{
	return run_capturing_log_ret(st, o, ops, SB_OK);
}

static unsigned count(const char *hay, const char *needle)
{
	unsigned n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static void wiki_down_backs_off_and_logs_once(void **state)
{
	struct fake f = {.fail_first = 3,
			 .fail_code = SB_ENETWORK};
	sb_daemon_ops ops = fake_ops(&f);
	sb_daemon_opts o = quick_opts(1, 4);
	sb_daemon_stats st;
	char *log;

	(void)state;
	o.max_backoff = 2;
	assert_int_equal(sb_signals_install(), SB_OK);
	log = run_capturing_log(&st, &o, &ops);
	assert_int_equal(f.calls, 4);
	assert_int_equal(st.failures, 3);
	assert_int_equal(st.last_error, SB_OK);
	/* 1 s, then doubled, then capped at max_backoff. */
	assert_true(f.call_time[1] - f.call_time[0] >= 0.95);
	assert_true(f.call_time[2] - f.call_time[1] >= 1.95);
	assert_true(f.call_time[3] - f.call_time[2] >= 1.95);
	assert_true(f.call_time[3] - f.call_time[2] < 2.6);
	/* One line when the wiki went away, one when it came back. */
	assert_int_equal(count(log, "the wiki is unavailable"), 1);
	assert_int_equal(count(log, "work again after 3 failed attempts"), 1);
	/* A full sync that failed is still owed. */
	assert_true(f.call_full[3]);
	free(log);
	sb_signals_restore();
	fake_dispose(&f);
}

/* A cycle that finds the state damaged inside stops the daemon at once
 * (65: systemd does not restart it): every cycle after would fail the
 * same way, and retrying for ever only hides it. */
static void a_damaged_state_stops_the_loop(void **state)
{
	struct fake f = {.fail_first = 3, .fail_code = SB_EDAMAGED};
	sb_daemon_ops ops = fake_ops(&f);
	sb_daemon_opts o = quick_opts(1, 4);
	sb_daemon_stats st;
	char *log;

	(void)state;
	assert_int_equal(sb_signals_install(), SB_OK);
	log = run_capturing_log_ret(&st, &o, &ops, SB_EDAMAGED);
	assert_int_equal(f.calls, 1);
	assert_int_equal(st.last_error, SB_EDAMAGED);
	assert_int_equal(count(log, "retrying"), 0);
	assert_int_equal(count(log, "; stopping"), 1);
	free(log);
	sb_signals_restore();
	fake_dispose(&f);
}

/* The first login, before the loop, gave up on a wiki that does not
 * answer: that is the same outage as the cycles that fail after it. It
 * logged its own warning ("...; will retry") and the first failed cycle
 * another; now the loop reports it: one warning, backed off from as
 * from a failed cycle, and one notice when the wiki is back. A change
 * of the way the wiki fails (refused, then 503) is the same outage. */
static void a_failure_before_the_loop_is_the_same_outage(void **state)
{
	struct fake f = {.fail_first = 2, .fail_code = SB_EAPI};
	sb_daemon_ops ops = fake_ops(&f);
	sb_daemon_opts o = quick_opts(1, 3);
	sb_daemon_stats st;
	double started = now_s();
	char *log;

	(void)state;
	o.max_backoff = 1;
	o.first_failure = sb_error_set(SB_ENETWORK, "POST action=login: "
				       "giving up after 5 tries in 70 s: "
				       "connection refused");
	assert_int_equal(sb_signals_install(), SB_OK);
	log = run_capturing_log(&st, &o, &ops);
	assert_int_equal(f.calls, 3);
	assert_int_equal(st.failures, 3);
	assert_int_equal(st.last_error, SB_OK);
	assert_true(f.call_time[0] - started >= 0.95);
	assert_int_equal(count(log, "warning"), 1);
	assert_int_equal(count(log, "the wiki is unavailable: POST action="
			       "login: giving up"), 1);
	assert_int_equal(count(log, "work again after 3 failed attempts"), 1);
	free(log);
	sb_signals_restore();
	fake_dispose(&f);
}

/* A stop that ends a request is no failure: no warning, no failure
 * counted, and `run --once` exits 0 as after any stop. Nor is it the
 * wiki coming back when it comes during an outage. */
static void a_stop_during_a_request_is_not_a_failure(void **state)
{
	struct fake f = {.stop_in_request = 1};
	struct fake g = {.fail_first = 1, .fail_code = SB_ENETWORK,
			 .stop_in_request = 2};
	sb_daemon_ops ops = fake_ops(&f);
	sb_daemon_opts o = quick_opts(1, 0);
	sb_daemon_stats st;
	char *log;

	(void)state;
	assert_int_equal(sb_signals_install(), SB_OK);
	log = run_capturing_log(&st, &o, &ops);
	assert_int_equal(f.calls, 1);
	assert_int_equal(st.failures, 0);
	assert_int_equal(st.last_error, SB_OK);
	assert_null(strstr(log, "warning"));
	assert_null(strstr(log, "failed"));
	free(log);
	sb_signals_restore();

	ops = fake_ops(&g);
	assert_int_equal(sb_signals_install(), SB_OK);
	log = run_capturing_log(&st, &o, &ops);
	assert_int_equal(g.calls, 2);
	assert_int_equal(st.failures, 1);
	assert_int_equal(count(log, "the wiki is unavailable"), 1);
	assert_null(strstr(log, "not retried"));
	assert_null(strstr(log, "work again"));
	free(log);
	sb_signals_restore();
	fake_dispose(&f);
}

static void one_failed_poll_reports_its_code(void **state)
{
	struct fake f = {.fail_first = 1, .fail_code = SB_EAUTH};
	sb_daemon_ops ops = fake_ops(&f);
	sb_daemon_opts o = quick_opts(1, 1);
	sb_daemon_stats st;

	(void)state;
	assert_int_equal(sb_signals_install(), SB_OK);
	/* The loop itself ends well; `run --once` turns the code into its
	 * exit status. */
	assert_int_equal(sb_daemon_run(&st, &o, &ops), SB_OK);
	assert_int_equal(st.last_error, SB_EAUTH);
	assert_int_equal(st.failures, 1);
	sb_signals_restore();
}

static int listen_at(const char *path)
{
	struct sockaddr_un sa;
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

/* A listener thread, as systemd would be: the kernel queue of a datagram
 * socket is short, and a sender blocks when it is full. */
struct collector {
	int fd;
	pthread_t thread;
	pthread_mutex_t lock;
	sb_buf text;              /* every datagram, one a line */
	volatile int done;
};

static void *collect(void *arg)
{
	struct collector *c = arg;
	struct pollfd p = {c->fd, POLLIN, 0};
	char buf[4096];
	ssize_t n;

	while (!c->done) {
		if (poll(&p, 1, 50) <= 0)
			continue;
		n = recv(c->fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);
		if (n <= 0)
			continue;
		pthread_mutex_lock(&c->lock);
		sb_buf_add(&c->text, buf, (size_t)n);
		sb_buf_addc(&c->text, '\n');
		pthread_mutex_unlock(&c->lock);
	}
	return NULL;
}

static void collector_start(struct collector *c, int fd)
{
	c->fd = fd;
	c->done = 0;
	sb_buf_init(&c->text, SB_BUF_UNLIMITED);
	pthread_mutex_init(&c->lock, NULL);
	assert_int_equal(pthread_create(&c->thread, NULL, collect, c), 0);
}

/* Stop listening; the messages, one a line (the caller frees). */
static char *collector_stop(struct collector *c)
{
	struct timespec settle = {0, 100 * 1000000L};

	nanosleep(&settle, NULL);
	c->done = 1;
	pthread_join(c->thread, NULL);
	pthread_mutex_destroy(&c->lock);
	return sb_buf_take(&c->text, NULL);
}

static void sighup_reloads_and_notifies(void **state)
{
	struct fake f = {.new_poll_on_reload = 1,
			 .note = "edits stopped: \"enabled\": false",
			 .signal_in_cycle = {SIGHUP}};
	sb_daemon_ops ops = fake_ops(&f);
	sb_daemon_opts o = quick_opts(3600, 2);
	char *dir = tu_mkdtemp();
	char *sock = sb_asprintf("%s/notify", dir);
	int fd = listen_at(sock);
	sb_daemon_stats st;
	double t0 = now_s();
	char *msgs;
	const char *ready1, *reloading, *ready2, *stopping;

	struct collector col;

	(void)state;
	collector_start(&col, fd);
	setenv("NOTIFY_SOCKET", sock, 1);
	assert_int_equal(sb_signals_install(), SB_OK);
	assert_int_equal(sb_daemon_run(&st, &o, &ops), SB_OK);
	unsetenv("NOTIFY_SOCKET");
	/* The reload made the hour-long interval one second. */
	assert_int_equal(f.reloads, 1);
	assert_int_equal(st.reloads, 1);
	assert_int_equal(o.poll_interval, 1);
	assert_int_equal(f.calls, 2);
	assert_true(now_s() - t0 < 5);

	msgs = collector_stop(&col);
	ready1 = strstr(msgs, "READY=1\n");
	reloading = strstr(msgs, "RELOADING=1\n");
	assert_non_null(ready1);
	assert_non_null(reloading);
	ready2 = strstr(reloading, "READY=1\n");
	stopping = strstr(msgs, "STOPPING=1\n");
	assert_true(ready1 < reloading);
	assert_non_null(ready2);
	assert_non_null(stopping);
	assert_true(ready2 < stopping);
	assert_non_null(strstr(msgs, "STATUS=Full sync running"));
	assert_non_null(strstr(msgs, "STATUS=Idle; profiles: 120; last cycle ended 2"));
	assert_non_null(strstr(msgs, "next in 1 s; edits stopped: \"enabled\": false\n"));
	free(msgs);
	sb_signals_restore();
	close(fd);
	free(sock);
	tu_rmtree(dir);
	free(dir);
	fake_dispose(&f);
}

static void sigusr1_asks_for_a_full_sync_now(void **state)
{
	struct fake f = {
			 .signal_in_cycle = {0, SIGUSR1}};
	sb_daemon_ops ops = fake_ops(&f);
	sb_daemon_opts o = quick_opts(1, 3);
	sb_daemon_stats st;

	(void)state;
	o.last_full_sync = time(NULL);
	assert_int_equal(sb_signals_install(), SB_OK);
	assert_int_equal(sb_daemon_run(&st, &o, &ops), SB_OK);
	assert_false(f.call_full[0]);
	assert_false(f.call_full[1]);
	assert_true(f.call_full[2]);
	/* Asked for: it does not wait for the poll interval. */
	assert_true(f.call_time[2] - f.call_time[1] < 0.5);
	assert_int_equal(st.full_cycles, 1);
	sb_signals_restore();
	fake_dispose(&f);
}

static void watchdog_is_fed_while_idle(void **state)
{
	struct fake f = {0};
	sb_daemon_ops ops = fake_ops(&f);
	sb_daemon_opts o = quick_opts(2, 2);
	char *dir = tu_mkdtemp();
	char *sock = sb_asprintf("%s/notify", dir);
	int fd = listen_at(sock);
	char *msgs;
	struct collector col;

	(void)state;
	collector_start(&col, fd);
	setenv("NOTIFY_SOCKET", sock, 1);
	setenv("WATCHDOG_USEC", "500000", 1);
	assert_int_equal(sb_signals_install(), SB_OK);
	assert_int_equal(sb_daemon_run(NULL, &o, &ops), SB_OK);
	unsetenv("WATCHDOG_USEC");
	unsetenv("NOTIFY_SOCKET");
	msgs = collector_stop(&col);
	/* 2 s idle with a 0.5 s watchdog: a kick every 0.25 s or so. */
	assert_true(count(msgs, "WATCHDOG=1") >= 6);
	free(msgs);
	sb_signals_restore();
	close(fd);
	free(sock);
	tu_rmtree(dir);
	free(dir);
	fake_dispose(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(polls_every_interval_first_cycle_full),
		cmocka_unit_test(full_sync_when_the_last_is_old),
		cmocka_unit_test(sigterm_mid_cycle_finishes_the_edit_in_flight),
		cmocka_unit_test(a_full_sync_the_cycle_chose_counts),
		cmocka_unit_test(wiki_down_backs_off_and_logs_once),
		cmocka_unit_test(a_damaged_state_stops_the_loop),
		cmocka_unit_test(a_failure_before_the_loop_is_the_same_outage),
		cmocka_unit_test(one_failed_poll_reports_its_code),
		cmocka_unit_test(a_stop_during_a_request_is_not_a_failure),
		cmocka_unit_test(sighup_reloads_and_notifies),
		cmocka_unit_test(sigusr1_asks_for_a_full_sync_now),
		cmocka_unit_test(watchdog_is_fed_while_idle),
	};

	sb_log_init(SB_LOG_WARNING);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
