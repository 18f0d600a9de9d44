/* log.c - stderr logging with journald priorities; see log.h. */
#include "skillsbot/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int log_level = SB_LOG_INFO;
static int log_journal;

void sb_log_init(int level)
{
	log_level = level;
	log_journal = getenv("JOURNAL_STREAM") != NULL;
}

void sb_log_set_level(int level)
{
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
	char line[2048];
	va_list ap;

	if (level > log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One write per line so lines from concurrent writers do not mix. */
	if (log_journal)
		fprintf(stderr, "<%d>%s\n", level, line);
	else
		fprintf(stderr, "skillsbot: %s: %s\n", level_names[level], line);
}
