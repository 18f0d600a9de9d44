/* test_daemon_notify_fallback.c - notify.c built as it is without
 * libsystemd (SB_HAVE_SYSTEMD undefined): our own NOTIFY_SOCKET datagrams,
 * checked through sockets the test listens on. This program compiles its
 * own copy of notify.c, so the library's (sd_notify) copy is not linked. */
#undef SB_HAVE_SYSTEMD
#include "../../src/daemon/notify.c"

#include "notify_socket.h"

static void fallback_speaks_the_protocol(void **state)
{
	char *dir = tu_mkdtemp();
	char *path = sb_asprintf("%s/notify", dir);
	char abstract[64];
	int fd = listen_at(path), fd2;
	char *m;

	(void)state;
	unsetenv("NOTIFY_SOCKET");
	assert_int_equal(sb_notify("READY=1"), 0);
	setenv("NOTIFY_SOCKET", path, 1);
	assert_int_equal(sb_notify("READY=1"), 1);
	m = receive(fd, 1000);
	assert_string_equal(m, "READY=1");
	free(m);
	assert_int_equal(sb_notifyf("STATUS=Idle; %d profiles", 7), 1);
	m = receive(fd, 1000);
	assert_string_equal(m, "STATUS=Idle; 7 profiles");
	free(m);

	snprintf(abstract, sizeof(abstract), "@skillsbot-fallback-%d", (int)getpid());
	fd2 = listen_at(abstract);
	setenv("NOTIFY_SOCKET", abstract, 1);
	assert_int_equal(sb_notify("STOPPING=1"), 1);
	m = receive(fd2, 1000);
	assert_string_equal(m, "STOPPING=1");
	free(m);

	/* Nobody listening: an error for the caller, never a hang. */
	close(fd);
	unlink(path);
	setenv("NOTIFY_SOCKET", path, 1);
	assert_true(sb_notify("WATCHDOG=1") < 0);
	setenv("NOTIFY_SOCKET", "not-absolute", 1);
	assert_int_equal(sb_notify("READY=1"), SB_EINVALID);
	unsetenv("NOTIFY_SOCKET");
	close(fd2);
	free(path);
	tu_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fallback_speaks_the_protocol),
	};

	sb_log_init(SB_LOG_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
