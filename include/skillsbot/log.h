/*
 * log.h - one line per event on standard error.
 *
 * Under journald (JOURNAL_STREAM set) each line starts with a <N> priority
 * prefix and carries no timestamp (journald adds one); otherwise lines are
 * "skillsbot: level: message". Never log a secret.
 */
#ifndef SKILLSBOT_LOG_H
#define SKILLSBOT_LOG_H

#include <stddef.h>

enum sb_log_level {
	SB_LOG_ERR = 3,
	SB_LOG_WARNING = 4,
	SB_LOG_NOTICE = 5,
	SB_LOG_INFO = 6,
	SB_LOG_DEBUG = 7
};

/* Pick the output style from the environment and set the threshold. */
void sb_log_init(int level);
void sb_log_set_level(int level);
int sb_log_get_level(void);
/* --verbose and --quiet: keep the current level against the operator's
 * file (until the next sb_log_init). */
void sb_log_keep_level(void);
/* The level the operator's file names (log_level): every command that
 * reads the file sets it; ignored after sb_log_keep_level(). */
void sb_log_set_configured_level(int level);
/* "error", "warning", "notice", "info", "debug" -> level; -1 if unknown. */
int sb_log_level_from_name(const char *name);

void sb_log(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Long work reports progress: "what: done/total" at info level, at most
 * every few seconds (and at the end), so a full sync of thousands of
 * pages shows it is alive. Every call also runs the progress hook (the
 * daemon's watchdog keep-alive), however often it is called. */
void sb_log_progress(const char *what, size_t done, size_t total);
void sb_log_set_progress_hook(void (*hook)(void));

#define sb_err(...) sb_log(SB_LOG_ERR, __VA_ARGS__)
#define sb_warn(...) sb_log(SB_LOG_WARNING, __VA_ARGS__)
#define sb_notice(...) sb_log(SB_LOG_NOTICE, __VA_ARGS__)
#define sb_info(...) sb_log(SB_LOG_INFO, __VA_ARGS__)
#define sb_debug(...) sb_log(SB_LOG_DEBUG, __VA_ARGS__)

#endif
