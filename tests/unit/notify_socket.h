/*
 * notify_socket.h - the listening end of sd_notify for the daemon notify
 * tests: a datagram socket bound where NOTIFY_SOCKET will point, and the
 * next datagram read from it.
 */
#ifndef NOTIFY_SOCKET_H
#define NOTIFY_SOCKET_H

#include "testutil.h"

#include "skillsbot/mem.h"

#include <poll.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>

/* Bind a datagram socket at `addr` (a path or "@abstract"). */
static int listen_at(const char *addr)
{
	struct sockaddr_un sa;
	size_t n = strlen(addr);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	socklen_t len;

	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, addr, n);
	if (addr[0] == '@')
		sa.sun_path[0] = '\0';
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n +
			  (addr[0] == '@' ? 0 : 1));
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, len), 0);
	return fd;
}

/* The next datagram, or "" after `ms` without one. */
static char *receive(int fd, int ms)
{
	struct pollfd p = {fd, POLLIN, 0};
	char buf[4096];
	ssize_t n;

	if (poll(&p, 1, ms) <= 0)
		return sb_strdup("");
	n = recv(fd, buf, sizeof(buf) - 1, 0);
	assert_true(n >= 0);
	buf[n] = '\0';
	return sb_strdup(buf);
}

#endif
