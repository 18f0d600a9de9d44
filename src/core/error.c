/* error.c - per-thread error message; see include/skillsbot/error.h. */
#include "skillsbot/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define SB_ERROR_MAX 1024

static _Thread_local char error_msg[SB_ERROR_MAX];
static _Thread_local int error_code;

int sb_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(error_msg, sizeof(error_msg), fmt, ap);
	va_end(ap);
	error_code = code;
	return code;
}

int sb_error_prefix(int code, const char *fmt, ...)
{
	char old[SB_ERROR_MAX];
	size_t n;
	va_list ap;

	memcpy(old, error_msg, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(error_msg, sizeof(error_msg), fmt, ap);
	va_end(ap);
	n = strlen(error_msg);
	if (old[0] != '\0')
		snprintf(error_msg + n, sizeof(error_msg) - n, ": %s", old);
	return code;
}

const char *sb_error_message(void)
{
	return error_msg;
}

int sb_error_code(void)
{
	return error_code;
}

void sb_error_clear(void)
{
	error_msg[0] = '\0';
	error_code = 0;
}

const char *sb_code_name(int code)
{
	switch (code) {
	case SB_OK: return "ok";
	case SB_ENOTFOUND: return "not found";
	case SB_ECONFLICT: return "conflict";
	case SB_ERATELIMIT: return "rate limited";
	case SB_EAUTH: return "authentication";
	case SB_EINVALID: return "invalid input";
	case SB_EIO: return "i/o error";
	case SB_ENETWORK: return "network";
	case SB_EEXISTS: return "exists";
	case SB_EDENIED: return "denied";
	case SB_ETOOBIG: return "too big";
	case SB_EAPI: return "api error";
	case SB_EBUSY: return "busy";
	case SB_EDAMAGED: return "damaged";
	default: return "error";
	}
}
