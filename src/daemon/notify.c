/* notify.c - the sd_notify protocol and the watchdog; see daemon.h.
 *
 * The only file that includes systemd headers. Built without libsystemd
 * it speaks the protocol itself: one datagram of "KEY=value" lines to the
 * AF_UNIX socket named by $NOTIFY_SOCKET ("@" for the abstract namespace).
 */
#include "skillsbot/daemon.h"

#include "skillsbot/error.h"
#include "skillsbot/log.h"
#include "skillsbot/mem.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#ifdef SB_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

int sb_notify_send(const char *socket_addr, const char *state)
{
	struct sockaddr_un sa;
	size_t n = strlen(socket_addr);
	socklen_t salen;
	ssize_t sent;
	int fd;

	if (n == 0 || n >= sizeof(sa.sun_path) ||
	    (socket_addr[0] != '/' && socket_addr[0] != '@'))
		return sb_error_set(SB_EINVALID,
				    "NOTIFY_SOCKET \"%s\": not a socket path",
				    socket_addr);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, socket_addr, n);
	if (sa.sun_path[0] == '@')
		sa.sun_path[0] = '\0';
	/* An abstract name is exactly n bytes long, not NUL-terminated. */
	salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n +
			    (socket_addr[0] == '/' ? 1 : 0));
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return sb_error_set(SB_EIO, "notify socket: %s",
				    strerror(errno));
	do {
		sent = sendto(fd, state, strlen(state), MSG_NOSIGNAL | MSG_DONTWAIT,
			      (struct sockaddr *)&sa, salen);
	} while (sent < 0 && errno == EINTR);
	close(fd);
	if (sent < 0)
		return sb_error_set(SB_EIO, "notify %s: %s", socket_addr,
				    strerror(errno));
	return 1;
}

int sb_notify(const char *state)
{
	int rc;

#ifdef SB_HAVE_SYSTEMD
	rc = sd_notify(0, state);
	if (rc < 0)
		rc = sb_error_set(SB_EIO, "sd_notify: %s", strerror(-rc));
#else
	const char *addr = getenv("NOTIFY_SOCKET");

	if (addr == NULL || addr[0] == '\0')
		return 0;
	rc = sb_notify_send(addr, state);
#endif
	if (rc < 0)
		sb_debug("%s", sb_error_message());
	return rc;
}

int sb_notifyf(const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int rc, n;

	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		return sb_error_set(SB_ERROR, "notify: out of memory");
	rc = sb_notify(msg);
	free(msg);
	return rc;
}

uint64_t sb_watchdog_usec(void)
{
	const char *usec = getenv("WATCHDOG_USEC");
	const char *pid = getenv("WATCHDOG_PID");
	unsigned long long v;
	char *end;

	if (usec == NULL || usec[0] == '\0')
		return 0;
	/* The variables may be inherited by a child that is not the
	 * service's main process: WATCHDOG_PID says whom they are for. */
	if (pid != NULL && pid[0] != '\0' &&
	    strtol(pid, NULL, 10) != (long)getpid())
		return 0;
	errno = 0;
	v = strtoull(usec, &end, 10);
	if (errno != 0 || end == usec || *end != '\0')
		return 0;
	return (uint64_t)v;
}

static double monotonic_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void sb_watchdog_kick(void)
{
	static double last;
	uint64_t period = sb_watchdog_usec();
	double now;

	if (period == 0)
		return;
	now = monotonic_now();
	if (last != 0 && now - last < (double)period / 2e6)
		return;
	last = now;
	sb_notify("WATCHDOG=1");
}
