/* strtab.c - strings to small integers; see strtab.h. */
#include "strtab.h"

#include <stdlib.h>
#include <string.h>

#include "skillsbot/mem.h"
#include "skillsbot/text.h"

static size_t strtab_slot(const sb_mstrtab *t, const char *k)
{
	size_t mask = t->cap - 1;
	size_t i = (size_t)sb_hash64(k, strlen(k)) & mask;

	while (t->key[i] && strcmp(t->key[i], k) != 0)
		i = (i + 1) & mask;
	return i;
}

int sb_mstrtab_get(const sb_mstrtab *t, const char *k)
{
	size_t i;

	if (!t->cap || !k)
		return -1;
	i = strtab_slot(t, k);
	return t->key[i] ? t->val[i] : -1;
}

void sb_mstrtab_put(sb_mstrtab *t, const char *k, int v)
{
	size_t i;

	if (2 * (t->n + 1) > t->cap) {
		sb_mstrtab old = *t;

		t->cap = t->cap ? 2 * t->cap : 64;
		t->key = sb_calloc(t->cap, sizeof(*t->key));
		t->val = sb_calloc(t->cap, sizeof(*t->val));
		t->n = 0;
		for (size_t j = 0; j < old.cap; j++)
			if (old.key[j])
				sb_mstrtab_put(t, old.key[j], old.val[j]);
		free(old.key);
		free(old.val);
	}
	i = strtab_slot(t, k);
	if (!t->key[i])
		t->n++;
	t->key[i] = k;
	t->val[i] = v;
}

void sb_mstrtab_dispose(sb_mstrtab *t)
{
	free(t->key);
	free(t->val);
	memset(t, 0, sizeof(*t));
}
