/*
 * tz.c - time zones; see tz.h.
 *
 * Why localtime_r and not our own TZif reader: glibc already implements
 * every TZif version and the POSIX rules in their footers, and it is the
 * code the rest of the system trusts. Its only drawback is that the zone
 * is process-wide state (TZ), so the switch is done under a mutex and
 * undone before the mutex is released. Zone names are checked against the
 * files first, because glibc silently takes an unknown zone for UTC.
 */
#include "skillsbot/tz.h"

#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/mem.h"
#include "skillsbot/text.h"

#include <ctype.h>
#include <dirent.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *zone_dir(void)
{
	const char *d = getenv("TZDIR");

	return d && *d ? d : "/usr/share/zoneinfo";
}

/* A plausible zone name: letters, digits, "/_-+", no "..", not absolute. */
static bool name_ok(const char *n)
{
	if (!*n || *n == '/' || strstr(n, "..") || strlen(n) > 64)
		return false;
	for (; *n; n++)
		if (!isalnum((unsigned char)*n) && !strchr("/_-+", *n))
			return false;
	return true;
}

/* Zones already looked up, so a directory of thousands of profiles does
 * not open a file for each: a small hash set of names with the answer.
 * tzdata does not change under a running process often enough to
 * matter; a restart picks up a new one. */
#define TZ_CACHE 1024
static struct {
	char name[65];
	bool ok;
} tz_cache[TZ_CACHE];

static bool tz_file_ok(const char *name)
{
	char path[512], magic[4];
	FILE *f;
	bool ok;

	snprintf(path, sizeof(path), "%s/%s", zone_dir(), name);
	f = fopen(path, "rb");
	if (!f)
		return false;
	ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(f);
	return ok;
}

int sb_tz_exists(const char *name)
{
	size_t h;
	bool ok;

	if (!name_ok(name))
		return 0;
	h = (size_t)sb_hash64(name, strlen(name)) % TZ_CACHE;
	pthread_mutex_lock(&tz_lock);
	if (strcmp(tz_cache[h].name, name) == 0) {
		ok = tz_cache[h].ok;
		pthread_mutex_unlock(&tz_lock);
		return ok;
	}
	pthread_mutex_unlock(&tz_lock);
	ok = tz_file_ok(name);
	pthread_mutex_lock(&tz_lock);
	snprintf(tz_cache[h].name, sizeof(tz_cache[h].name), "%s", name);
	tz_cache[h].ok = ok;
	pthread_mutex_unlock(&tz_lock);
	return ok;
}

/* Find the spelling of one path segment in `dir`, ignoring case. */
static bool match_segment(sb_buf *path, const char *seg, size_t n)
{
	char *dir = sb_asprintf("%s/%s", zone_dir(), sb_buf_str(path));
	DIR *d = opendir(dir);
	struct dirent *e;
	bool found = false;

	free(dir);
	if (!d)
		return false;
	while ((e = readdir(d)) != NULL) {
		if (strlen(e->d_name) == n &&
		    strncasecmp(e->d_name, seg, n) == 0) {
			if (path->len)
				sb_buf_addc(path, '/');
			sb_buf_adds(path, e->d_name);
			found = true;
			break;
		}
	}
	closedir(d);
	return found;
}

/* "africa/accra" -> "Africa/Accra" by looking at the directory. */
static char *respell(const char *name)
{
	sb_buf path;
	const char *seg = name;

	sb_buf_init(&path, 512);
	while (*seg) {
		size_t n = strcspn(seg, "/");

		if (!match_segment(&path, seg, n)) {
			sb_buf_dispose(&path);
			return NULL;
		}
		seg += n;
		if (*seg == '/')
			seg++;
	}
	return sb_buf_take(&path, NULL);
}

/* Parse "+3", "-05:30", "+0530", " + 3" at s; minutes in *out. */
static bool parse_offset(const char *s, int *out)
{
	int sign, h = 0, m = 0, digits = 0;

	while (*s == ' ')
		s++;
	if (*s != '+' && *s != '-' && strncmp(s, "\xE2\x88\x92", 3) != 0)
		return false;
	sign = *s == '+' ? 1 : -1;
	s += *s == '+' || *s == '-' ? 1 : 3;
	while (*s == ' ')
		s++;
	while (isdigit((unsigned char)*s) && digits < 4) {
		h = h * 10 + (*s++ - '0');
		digits++;
	}
	if (digits == 0)
		return false;
	if (digits >= 3) {  /* "0530" */
		m = h % 100;
		h /= 100;
	} else if (*s == ':' || *s == '.') {
		s++;
		if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
			return false;
		m = (s[0] - '0') * 10 + (s[1] - '0');
		s += 2;
	}
	while (*s == ' ')
		s++;
	if (*s || m >= 60 || h * 60 + m > 14 * 60)
		return false;
	*out = sign * (h * 60 + m);
	return true;
}

static char *format_offset(int minutes)
{
	int a = minutes < 0 ? -minutes : minutes, h = a / 60, m = a % 60;
	char buf[16], *p = buf;

	/* "UTC%c%02d:%02d" by hand: one per profile, and asprintf showed. */
	memcpy(p, "UTC", 3);
	p += 3;
	*p++ = minutes < 0 ? '-' : '+';
	if (h >= 100)
		return sb_asprintf("UTC%c%02d:%02d", buf[3], h, m);
	*p++ = (char)('0' + h / 10);
	*p++ = (char)('0' + h % 10);
	*p++ = ':';
	*p++ = (char)('0' + m / 10);
	*p++ = (char)('0' + m % 10);
	*p = '\0';
	return sb_strdup(buf);
}

/* A fixed offset: "UTC+3", "GMT-5:30", "+0100", "UTC", "Z". */
bool sb_tz_fixed_offset(const char *s, int *out)
{
	if (strncasecmp(s, "UTC", 3) == 0 || strncasecmp(s, "GMT", 3) == 0)
		s += 3;
	while (*s == ' ')
		s++;
	if (!*s || strcasecmp(s, "Z") == 0) {
		*out = 0;
		return true;
	}
	return parse_offset(s, out);
}

int sb_tz_normalise(char **out, const char *text, size_t len)
{
	char small[128];
	/* Zone names are short: no copy on the heap for them. */
	char *s = len < sizeof(small) ? memcpy(small, text, len)
				      : sb_strndup(text, len), *p, *e;
	int minutes, err = SB_OK;

	s[len] = '\0';
	*out = NULL;
	p = s;
	while (*p == ' ')
		p++;
	e = p + strlen(p);
	while (e > p && e[-1] == ' ')
		*--e = '\0';
	if (sb_tz_fixed_offset(p, &minutes)) {
		*out = format_offset(minutes);
		goto done;
	}
	for (char *q = p; *q; q++)
		if (*q == ' ')
			*q = '_';
	if (sb_tz_exists(p)) {
		*out = sb_strdup(p);
	} else if (name_ok(p) && (*out = respell(p)) != NULL &&
		   !sb_tz_exists(*out)) {
		free(*out);
		*out = NULL;
	}
	if (!*out)
		err = sb_error_set(SB_EINVALID,
				   "\"%s\" is neither a time zone of the tz "
				   "database nor an offset like UTC+03:00", p);
done:
	if (s != small)
		free(s);
	return err;
}

int sb_tz_offset_minutes(const char *tz, time_t when, int *out)
{
	char *old = NULL;
	const char *cur;
	struct tm tm;
	bool ok;

	if (sb_tz_fixed_offset(tz, out))
		return SB_OK;
	if (!sb_tz_exists(tz))
		return sb_error_set(SB_EINVALID, "unknown time zone \"%s\"", tz);
	pthread_mutex_lock(&tz_lock);
	cur = getenv("TZ");
	if (cur)
		old = sb_strdup(cur);
	setenv("TZ", tz, 1);
	tzset();
	ok = localtime_r(&when, &tm) != NULL;
	if (old)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	pthread_mutex_unlock(&tz_lock);
	free(old);
	if (!ok)
		return sb_error_set(SB_EINVALID, "time %lld out of range",
				    (long long)when);
	*out = (int)(tm.tm_gmtoff / 60);
	return SB_OK;
}
