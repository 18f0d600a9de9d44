/*
 * tzoff.h - UTC offsets of the profiles' time zones (internal to src/match).
 *
 * A cache in front of sb_tz_offset_minutes() (tz.h): 100,000 profiles
 * share a few hundred zones, and an IANA lookup sets TZ under a mutex.
 * Offsets are taken at one instant for the whole run (summer time counts).
 */
#ifndef SKILLSBOT_MATCH_TZOFF_H
#define SKILLSBOT_MATCH_TZOFF_H

#include <stddef.h>
#include <time.h>

#include "strtab.h"

typedef struct sb_tzcache {
	struct tzc_entry *v;
	size_t n, cap;
	sb_mstrtab index;      /* zone name -> entry */
	time_t now;
} sb_tzcache;

void sb_tzcache_init(sb_tzcache *c, time_t now);
void sb_tzcache_dispose(sb_tzcache *c);

/* The offset of `tz` east of UTC in minutes at c->now. Returns SB_OK, or
 * SB_ENOTFOUND when tz is NULL, malformed or not a known zone. */
int sb_tzcache_offset(sb_tzcache *c, int *out, const char *tz);

#endif
