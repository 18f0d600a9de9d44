/* tzoff.c - UTC offsets of time zones, cached; see tzoff.h. */
#include "tzoff.h"

#include <stdlib.h>
#include <string.h>

#include "skillsbot/error.h"
#include "skillsbot/mem.h"
#include "skillsbot/tz.h"

struct tzc_entry {
	char *name;
	int offset;
	int err;
};

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
	sb_mstrtab_dispose(&c->index);
	memset(c, 0, sizeof(*c));
}

int sb_tzcache_offset(sb_tzcache *c, int *out, const char *tz)
{
	struct tzc_entry *e;
	int at;

	if (!tz || !*tz)
		return SB_ENOTFOUND;
	if ((at = sb_mstrtab_get(&c->index, tz)) >= 0) {
		*out = c->v[at].offset;
		return c->v[at].err;
	}
	SB_GROW(c->v, c->cap, c->n + 1);
	e = &c->v[c->n];
	e->name = sb_strdup(tz);
	sb_mstrtab_put(&c->index, e->name, (int)c->n++);
	e->offset = 0;
	e->err = sb_tz_offset_minutes(tz, c->now, &e->offset) < 0
		? SB_ENOTFOUND : SB_OK;
	*out = e->offset;
	return e->err;
}
