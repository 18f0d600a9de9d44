/* signals.c - signal handlers that only set flags; see daemon.h.
 *
 * A handler sets a flag and writes a byte into a pipe; the loop sleeps in
 * poll() on that pipe, so a signal that arrives just before the loop goes
 * to sleep still wakes it (the self-pipe trick; no race, no busy wait).
 */
#include "skillsbot/daemon.h"

#include "skillsbot/error.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t sig_stop;
static volatile sig_atomic_t sig_reload;
static volatile sig_atomic_t sig_full;
static int wake_pipe[2] = {-1, -1};

static const int handled[] = {SIGTERM, SIGINT, SIGHUP, SIGUSR1};
static struct sigaction saved[sizeof(handled) / sizeof(handled[0])];
static bool installed;

static void on_signal(int signo)
{
	int saved_errno = errno;
	ssize_t r;

	if (signo == SIGTERM || signo == SIGINT)
		sig_stop = 1;
	else if (signo == SIGHUP)
		sig_reload = 1;
	else if (signo == SIGUSR1)
		sig_full = 1;
	if (wake_pipe[1] >= 0)
		r = write(wake_pipe[1], "", 1); /* full pipe: already awake */
	(void)r;
	errno = saved_errno;
}

int sb_signals_install(void)
{
	struct sigaction sa;

	if (installed)
		return SB_OK;
	if (pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return sb_error_set(SB_EIO, "signal pipe: %s", strerror(errno));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a blocking call in the loop should return early. */
	for (size_t i = 0; i < sizeof(handled) / sizeof(handled[0]); i++)
		sigaction(handled[i], &sa, &saved[i]);
	sig_stop = sig_reload = sig_full = 0;
	installed = true;
	return SB_OK;
}

void sb_signals_restore(void)
{
	if (!installed)
		return;
	for (size_t i = 0; i < sizeof(handled) / sizeof(handled[0]); i++)
		sigaction(handled[i], &saved[i], NULL);
	close(wake_pipe[0]);
	close(wake_pipe[1]);
	wake_pipe[0] = wake_pipe[1] = -1;
	installed = false;
}

static unsigned pending(void)
{
	return (sig_stop ? SB_SIG_STOP : 0u) |
	       (sig_reload ? SB_SIG_RELOAD : 0u) |
	       (sig_full ? SB_SIG_FULL : 0u);
}

unsigned sb_signals_take(void)
{
	unsigned ev = pending();

	sig_reload = 0;
	sig_full = 0;
	return ev;
}

bool sb_signals_stop_requested(void)
{
	return sig_stop != 0;
}

volatile sig_atomic_t *sb_signals_stop_flag(void)
{
	return &sig_stop;
}

static void drain_pipe(void)
{
	char junk[64];

	while (read(wake_pipe[0], junk, sizeof(junk)) > 0)
		;
}

unsigned sb_signals_wait(double seconds)
{
	struct pollfd pfd;
	int ms;

	if (pending() != 0)
		return pending();
	ms = seconds <= 0 ? 0 : seconds > 86400 ? 86400000 :
	     (int)ceil(seconds * 1000);
	if (wake_pipe[0] < 0) {
		/* Not installed: a plain sleep, still cut short by signals. */
		struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

		nanosleep(&ts, NULL);
		return pending();
	}
	pfd.fd = wake_pipe[0];
	pfd.events = POLLIN;
	if (poll(&pfd, 1, ms) > 0)
		drain_pipe();
	return pending();
}
