/* tzoff.c - UTC offsets of time zones, cached; see tzoff.h. */
#include "tzoff.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "skillsbot/error.h"
#include "skillsbot/mem.h"

struct tzc_entry {
	char *name;
	int offset;
	int err;
};

/* setenv("TZ") is process-wide: one thread at a time. */
static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

void sb_tzcache_init(sb_tzcache *c, time_t now)
{
	memset(c, 0, sizeof(*c));
	c->now = now;
}

void sb_tzcache_dispose(sb_tzcache *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].name);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

/* "UTC+3", "UTC+03:00", "UTC-05:30", "GMT+1", "UTC" */
static int fixed_offset(int *out, const char *tz)
{
	const char *p = tz + 3;
	int sign, h = 0, m = 0, digits = 0;

	if (strncmp(tz, "UTC", 3) != 0 && strncmp(tz, "GMT", 3) != 0)
		return SB_ENOTFOUND;
	if (*p == '\0') {
		*out = 0;
		return SB_OK;
	}
	if (*p != '+' && *p != '-')
		return SB_ENOTFOUND;
	sign = *p++ == '-' ? -1 : 1;
	while (*p >= '0' && *p <= '9' && digits < 2) {
		h = h * 10 + (*p++ - '0');
		digits++;
	}
	if (!digits)
		return SB_ENOTFOUND;
	if (*p == ':') {
		p++;
		if (!(p[0] >= '0' && p[0] <= '5' && p[1] >= '0' && p[1] <= '9'))
			return SB_ENOTFOUND;
		m = (p[0] - '0') * 10 + (p[1] - '0');
		p += 2;
	}
	if (*p || h > 14)
		return SB_ENOTFOUND;
	*out = sign * (h * 60 + m);
	return SB_OK;
}

/* glibc falls back to UTC for an unknown TZ without saying so: accept only
 * names that are files under the zoneinfo directory. */
static int zone_exists(const char *tz)
{
	char path[512];

	if (tz[0] == '/' || strstr(tz, "..") || strlen(tz) > 200)
		return 0;
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", tz);
	return access(path, R_OK) == 0;
}

static int iana_offset(int *out, const char *tz, time_t now)
{
	char *old;
	struct tm tm;
	int ok;

	if (!zone_exists(tz))
		return SB_ENOTFOUND;
	pthread_mutex_lock(&tz_lock);
	old = getenv("TZ") ? sb_strdup(getenv("TZ")) : NULL;
	setenv("TZ", tz, 1);
	tzset();
	ok = localtime_r(&now, &tm) != NULL;
	if (old)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	pthread_mutex_unlock(&tz_lock);
	free(old);
	if (!ok)
		return SB_ENOTFOUND;
	*out = (int)(tm.tm_gmtoff / 60);
	return SB_OK;
}

int sb_tzcache_offset(sb_tzcache *c, int *out, const char *tz)
{
	struct tzc_entry *e;

	if (!tz || !*tz)
		return SB_ENOTFOUND;
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i].name, tz) == 0) {
			*out = c->v[i].offset;
			return c->v[i].err;
		}
	SB_GROW(c->v, c->cap, c->n + 1);
	e = &c->v[c->n++];
	e->name = sb_strdup(tz);
	e->offset = 0;
	e->err = fixed_offset(&e->offset, tz);
	if (e->err < 0)
		e->err = iana_offset(&e->offset, tz, c->now);
	*out = e->offset;
	return e->err;
}
