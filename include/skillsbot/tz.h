/*
 * tz.h - time zones as editors write them: IANA names checked against the
 * system's tzdata (/usr/share/zoneinfo, or $TZDIR), and fixed offsets.
 *
 * For the matching engine: sb_tz_offset_minutes() gives a zone's offset
 * from UTC at a moment, daylight saving included.
 */
#ifndef SKILLSBOT_TZ_H
#define SKILLSBOT_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/*
 * Normalise a time zone as written: "Africa/Accra", "africa/accra",
 * "America/New York" -> the IANA name as tzdata spells it; "UTC+3",
 * "GMT-5:30", "UTC -05:30", "+0100" -> "UTC+03:00" style; "UTC", "GMT",
 * "Z" -> "UTC+00:00". Returns a new string in *out, or SB_EINVALID (with
 * a message) when the text is no zone.
 */
int sb_tz_normalise(char **out, const char *text, size_t len);

/*
 * A fixed offset as editors write it, the whole of `text`: "UTC+3",
 * "GMT-5:30", "UTC +0530", "UTC\u22125" (the minus sign), "+3:00", and
 * "UTC", "GMT", "Z" or nothing for UTC; up to 14 hours either way. True
 * with the minutes east of UTC in *out. The one reader of offsets: the
 * profile's time zone and the zone after a clinic's time both use it.
 */
bool sb_tz_fixed_offset(const char *text, int *out);

/* True when `name` is a zone of the system's tzdata. */
int sb_tz_exists(const char *name);

/*
 * Minutes east of UTC of zone `tz` (an IANA name or a "UTC+HH:MM" form as
 * sb_tz_normalise gives) at time `when`. SB_EINVALID for an unknown zone.
 * Thread-safe: IANA zones go through localtime_r with TZ set, under a
 * mutex, and TZ is put back afterwards.
 */
int sb_tz_offset_minutes(const char *tz, time_t when, int *out);

#endif
