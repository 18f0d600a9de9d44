/*
 * strtab.h - strings to small integers (internal to src/match).
 *
 * A directory names a few dozen skills and languages, and a few hundred
 * time zones, hundreds of thousands of times: each spelling is looked up
 * in this open-addressing hash table. Keys are borrowed: they must
 * outlive the table. A zeroed table is empty.
 */
#ifndef SKILLSBOT_MATCH_STRTAB_H
#define SKILLSBOT_MATCH_STRTAB_H

#include <stddef.h>

typedef struct sb_mstrtab {
	const char **key;
	int *val;
	size_t cap, n;         /* cap: a power of 2, at most half full */
} sb_mstrtab;

/* The value of k, or -1 when k is NULL or not in the table. */
int sb_mstrtab_get(const sb_mstrtab *t, const char *k);
/* Set k (not NULL) to v, adding it if needed. */
void sb_mstrtab_put(sb_mstrtab *t, const char *k, int v);
void sb_mstrtab_dispose(sb_mstrtab *t);

#endif
