/* test_daemon_log.c - log lines as journald and a terminal see them, the
 * --verbose/--quiet threshold, and progress reports of long work. */
#include "testutil.h"

#include "skillsbot/fileio.h"
#include "skillsbot/log.h"
#include "skillsbot/mem.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *log_dir;
static char *log_path;
static int saved_fd = -1;

/* Standard error into a file until captured_text(). */
static void capture_start(void)
{
	int fd;

	log_dir = tu_mkdtemp();
	log_path = sb_asprintf("%s/stderr", log_dir);
	fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	fflush(stderr);
	saved_fd = dup(2);
	dup2(fd, 2);
	close(fd);
}

static char *captured_text(void)
{
	char *text = NULL;
	size_t len;

	dup2(saved_fd, 2);
	close(saved_fd);
	assert_int_equal(sb_file_read(&text, &len, log_path, 1 << 20), 0);
	tu_rmtree(log_dir);
	free(log_dir);
	free(log_path);
	return text;
}

static void plain_lines_without_journal(void **state)
{
	char *text;

	(void)state;
	unsetenv("JOURNAL_STREAM");
	capture_start();
	sb_log_init(SB_LOG_INFO);
	sb_warn("wiki %s unavailable", "http://x");
	sb_info("cycle done");
	sb_debug("not shown at info");
	text = captured_text();
	assert_string_equal(text,
		"skillsbot: warning: wiki http://x unavailable\n"
		"skillsbot: info: cycle done\n");
	free(text);
}

static void priority_prefixes_under_journald(void **state)
{
	char *text;

	(void)state;
	setenv("JOURNAL_STREAM", "8:12345", 1);
	capture_start();
	sb_log_init(SB_LOG_DEBUG);
	sb_err("state unusable");
	sb_notice("reloaded");
	sb_debug("details");
	text = captured_text();
	/* No timestamp, no program name: journald adds both. */
	assert_string_equal(text, "<3>state unusable\n<5>reloaded\n<7>details\n");
	free(text);
	unsetenv("JOURNAL_STREAM");
}

static void quiet_keeps_warnings_only(void **state)
{
	char *text;

	(void)state;
	capture_start();
	sb_log_init(SB_LOG_WARNING);
	sb_info("hidden");
	sb_notice("hidden too");
	sb_warn("shown");
	text = captured_text();
	assert_string_equal(text, "skillsbot: warning: shown\n");
	free(text);
	assert_int_equal(sb_log_level_from_name("debug"), SB_LOG_DEBUG);
	assert_int_equal(sb_log_level_from_name("warn"), SB_LOG_WARNING);
	assert_int_equal(sb_log_level_from_name("loud"), -1);
}

static int hook_calls;

static void count_hook(void)
{
	hook_calls++;
}

static void progress_is_throttled_but_feeds_the_hook(void **state)
{
	char *text;
	const char *p;
	int lines = 0;

	(void)state;
	capture_start();
	sb_log_init(SB_LOG_INFO);
	sb_log_set_progress_hook(count_hook);
	for (size_t i = 1; i <= 1000; i++)
		sb_log_progress("reading profiles", i, 1000);
	sb_log_set_progress_hook(NULL);
	text = captured_text();
	for (p = text; (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	/* The first report and the last, not a thousand. */
	assert_int_equal(lines, 2);
	assert_non_null(strstr(text, "skillsbot: info: reading profiles: 1/1000 (0%)\n"));
	assert_non_null(strstr(text, "skillsbot: info: reading profiles: 1000/1000 (100%)\n"));
	assert_int_equal(hook_calls, 1000);
	free(text);
}

static void long_lines_are_cut_not_split(void **state)
{
	char *big = sb_malloc(5000), *text;

	(void)state;
	memset(big, 'x', 4999);
	big[4999] = '\0';
	capture_start();
	sb_log_init(SB_LOG_INFO);
	sb_info("%s", big);
	text = captured_text();
	assert_int_equal(strchr(text, '\n') - text + 1, (long)strlen(text));
	assert_true(strlen(text) < 2200);
	free(text);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_lines_without_journal),
		cmocka_unit_test(priority_prefixes_under_journald),
		cmocka_unit_test(quiet_keeps_warnings_only),
		cmocka_unit_test(progress_is_throttled_but_feeds_the_hook),
		cmocka_unit_test(long_lines_are_cut_not_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
