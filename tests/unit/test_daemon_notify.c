/* test_daemon_notify.c - sd_notify datagrams, the watchdog period and the
 * signal flags, checked through a socket the test listens on. */
#include "notify_socket.h"

#include "skillsbot/daemon.h"
#include "skillsbot/error.h"
#include "skillsbot/log.h"
#include "skillsbot/mem.h"

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static void send_reaches_path_and_abstract_sockets(void **state)
{
	char *dir = tu_mkdtemp();
	char *path = sb_asprintf("%s/notify", dir);
	char abstract[64];
	int fd1, fd2;
	char *m;

	(void)state;
	snprintf(abstract, sizeof(abstract), "@skillsbot-test-%d", (int)getpid());
	fd1 = listen_at(path);
	fd2 = listen_at(abstract);
	assert_int_equal(sb_notify_send(path, "READY=1"), 1);
	m = receive(fd1, 1000);
	assert_string_equal(m, "READY=1");
	free(m);
	assert_int_equal(sb_notify_send(abstract, "STATUS=Idle; 3 profiles"), 1);
	m = receive(fd2, 1000);
	assert_string_equal(m, "STATUS=Idle; 3 profiles");
	free(m);
	assert_int_equal(sb_notify_send("relative/path", "READY=1"), SB_EINVALID);
	close(fd1);
	close(fd2);
	free(path);
	tu_rmtree(dir);
	free(dir);
}

static void notify_uses_notify_socket_or_nothing(void **state)
{
	char *dir = tu_mkdtemp();
	char *path = sb_asprintf("%s/notify", dir);
	int fd = listen_at(path);
	char *m;

	(void)state;
	unsetenv("NOTIFY_SOCKET");
	assert_int_equal(sb_notify("READY=1"), 0);
	setenv("NOTIFY_SOCKET", path, 1);
	assert_int_equal(sb_notifyf("STATUS=%d profiles", 42), 1);
	m = receive(fd, 1000);
	assert_string_equal(m, "STATUS=42 profiles");
	free(m);
	unsetenv("NOTIFY_SOCKET");
	close(fd);
	free(path);
	tu_rmtree(dir);
	free(dir);
}

static void watchdog_period_is_for_this_process_only(void **state)
{
	char pid[32];

	(void)state;
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
	assert_int_equal(sb_watchdog_usec(), 0);
	setenv("WATCHDOG_USEC", "30000000", 1);
	assert_int_equal(sb_watchdog_usec(), 30000000);
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	setenv("WATCHDOG_PID", pid, 1);
	assert_int_equal(sb_watchdog_usec(), 30000000);
	snprintf(pid, sizeof(pid), "%d", (int)getpid() + 1);
	setenv("WATCHDOG_PID", pid, 1);
	assert_int_equal(sb_watchdog_usec(), 0);
	setenv("WATCHDOG_PID", "", 1);
	setenv("WATCHDOG_USEC", "soon", 1);
	assert_int_equal(sb_watchdog_usec(), 0);
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
}

static void watchdog_kick_is_throttled_to_half_the_period(void **state)
{
	char *dir = tu_mkdtemp();
	char *path = sb_asprintf("%s/notify", dir);
	int fd = listen_at(path);
	struct timespec tick = {0, 10 * 1000000L};
	int kicks = 0;
	char *m;

	(void)state;
	setenv("NOTIFY_SOCKET", path, 1);
	setenv("WATCHDOG_USEC", "200000", 1); /* 0.2 s: a kick every 0.1 s */
	/* Progress reports during long work keep the watchdog fed. */
	sb_log_set_progress_hook(sb_watchdog_kick);
	for (int i = 0; i < 50; i++) { /* about 0.5 s */
		sb_log_progress("test work", (size_t)i, 50);
		nanosleep(&tick, NULL);
	}
	sb_log_set_progress_hook(NULL);
	while ((m = receive(fd, 50))[0] != '\0') {
		assert_string_equal(m, "WATCHDOG=1");
		kicks++;
		free(m);
	}
	free(m);
	/* Not once per call (50), but at least every half period. */
	assert_in_range(kicks, 4, 8);
	unsetenv("WATCHDOG_USEC");
	unsetenv("NOTIFY_SOCKET");
	close(fd);
	free(path);
	tu_rmtree(dir);
	free(dir);
}

static void signals_set_flags_and_wake_the_sleeper(void **state)
{
	struct timespec t0, t1;
	unsigned ev;
	double waited;

	(void)state;
	assert_int_equal(sb_signals_install(), SB_OK);
	assert_int_equal(sb_signals_take(), 0);
	raise(SIGHUP);
	raise(SIGUSR1);
	ev = sb_signals_take();
	assert_int_equal(ev, SB_SIG_RELOAD | SB_SIG_FULL);
	assert_int_equal(sb_signals_take(), 0);
	assert_false(sb_signals_stop_requested());

	/* A signal that arrived before the sleep cuts it short at once. */
	raise(SIGTERM);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ev = sb_signals_wait(5.0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	waited = (double)(t1.tv_sec - t0.tv_sec) +
		 (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_int_equal(ev, SB_SIG_STOP);
	assert_true(waited < 1.0);
	assert_true(sb_signals_stop_requested());
	assert_int_equal(*sb_signals_stop_flag(), 1);
	/* Stop stays set: the loop must not forget it. */
	assert_int_equal(sb_signals_take(), SB_SIG_STOP);
	assert_int_equal(sb_signals_take(), SB_SIG_STOP);
	sb_signals_restore();
}

static void wait_sleeps_when_nothing_happens(void **state)
{
	struct timespec t0, t1;
	double waited;

	(void)state;
	assert_int_equal(sb_signals_install(), SB_OK);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(sb_signals_wait(0.3), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	waited = (double)(t1.tv_sec - t0.tv_sec) +
		 (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(waited >= 0.29);
	sb_signals_restore();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(send_reaches_path_and_abstract_sockets),
		cmocka_unit_test(notify_uses_notify_socket_or_nothing),
		cmocka_unit_test(watchdog_period_is_for_this_process_only),
		cmocka_unit_test(watchdog_kick_is_throttled_to_half_the_period),
		cmocka_unit_test(wait_sleeps_when_nothing_happens),
		cmocka_unit_test(signals_set_flags_and_wake_the_sleeper),
	};

	sb_log_init(SB_LOG_WARNING);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
