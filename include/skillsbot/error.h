/*
 * error.h - the one error convention of skillsbot.
 *
 * Every function that can fail returns 0 (SB_OK) or a negative code. The
 * codes below are the failures a caller acts on; SB_ERROR covers the rest.
 * Next to the failure, the failing function sets a one-line message with
 * sb_error_set(); whoever finally reports the failure reads it with
 * sb_error_message(). Callers in between pass the code up unchanged and do
 * not rewrite the message (they may prefix context with sb_error_prefix()).
 *
 * The message is per thread. It never holds a secret: code that handles
 * passwords, tokens or cookies must not put them into a message.
 */
#ifndef SKILLSBOT_ERROR_H
#define SKILLSBOT_ERROR_H

enum sb_code {
	SB_OK = 0,
	SB_ERROR = -1,       /* anything else; see the message */
	SB_ENOTFOUND = -2,   /* a page, file, key or record does not exist */
	SB_ECONFLICT = -3,   /* edit conflict: someone changed it since we read */
	SB_ERATELIMIT = -4,  /* rate limited or lagged past our retry budget */
	SB_EAUTH = -5,       /* login failed, session lost, or a right missing */
	SB_EINVALID = -6,    /* malformed input: bad JSON, bad INI, bad wikitext */
	SB_EIO = -7,         /* a local file or database could not be used */
	SB_ENETWORK = -8,    /* the connection failed or timed out */
	SB_EEXISTS = -9,     /* already there (createonly on an existing page) */
	SB_EDENIED = -10,    /* refused by policy: {{nobots}}, disabled, sanity gate */
	SB_ETOOBIG = -11,    /* a size cap was reached */
	SB_EAPI = -12,       /* the wiki answered with an API error; see message */
	SB_EBUSY = -13,      /* held by another process (the state): try later */
	SB_EDAMAGED = -14    /* the state database is damaged inside */
};

/* Set the current thread's message (printf-style) and return `code`, so a
 * failure can be reported in one line: return sb_error_set(SB_EIO, ...). */
int sb_error_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Put "context: " in front of the current message and return `code`. */
int sb_error_prefix(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The last message set on this thread ("" when none). Borrowed. */
const char *sb_error_message(void);

/* The code last passed to sb_error_set on this thread. */
int sb_error_code(void);

/* Forget the message. */
void sb_error_clear(void);

/* A short English name for a code ("not found", "conflict", ...). */
const char *sb_code_name(int code);

#endif
