/* log.c - stderr logging with journald priorities; see log.h. */
#include "skillsbot/log.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PROGRESS_EVERY 5.0 /* seconds between progress lines */

static int log_level = SB_LOG_INFO;
static bool log_level_kept;
static int log_journal;
static void (*progress_hook)(void);

void sb_log_init(int level)
{
	log_level = level;
	log_level_kept = false;
	log_journal = getenv("JOURNAL_STREAM") != NULL;
}

void sb_log_set_level(int level)
{
	log_level = level;
}

void sb_log_keep_level(void)
{
	log_level_kept = true;
}

void sb_log_set_configured_level(int level)
{
	if (!log_level_kept)
		log_level = level;
}

int sb_log_get_level(void)
{
	return log_level;
}

static const char *const level_names[] = {
	[SB_LOG_ERR] = "error",     [SB_LOG_WARNING] = "warning",
	[SB_LOG_NOTICE] = "notice", [SB_LOG_INFO] = "info",
	[SB_LOG_DEBUG] = "debug",
};

int sb_log_level_from_name(const char *name)
{
	for (int i = SB_LOG_ERR; i <= SB_LOG_DEBUG; i++)
		if (strcmp(name, level_names[i]) == 0)
			return i;
	if (strcmp(name, "warn") == 0)
		return SB_LOG_WARNING;
	return -1;
}

void sb_log(int level, const char *fmt, ...)
{
	char msg[2048], line[2100];
	va_list ap;
	int n;

	if (level > log_level)
		return;
	if (level < SB_LOG_ERR)
		level = SB_LOG_ERR;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (log_journal)
		n = snprintf(line, sizeof(line), "<%d>%s\n", level, msg);
	else
		n = snprintf(line, sizeof(line), "skillsbot: %s: %s\n",
			     level_names[level], msg);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line)) {
		n = (int)sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	/* One write per line so lines from concurrent writers do not mix
	 * (stderr is unbuffered: fprintf could write in pieces). */
	fflush(stderr);
	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		return;
}

void sb_log_set_progress_hook(void (*hook)(void))
{
	progress_hook = hook;
}

static double progress_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void sb_log_progress(const char *what, size_t done, size_t total)
{
	static double last;
	double now = progress_clock();

	if (progress_hook != NULL)
		progress_hook();
	if (done != total && last != 0 && now - last < PROGRESS_EVERY)
		return;
	last = now;
	if (total > 0)
		sb_info("%s: %zu/%zu (%d%%)", what, done, total,
			(int)(done * 100 / total));
	else
		sb_info("%s: %zu", what, done);
}
