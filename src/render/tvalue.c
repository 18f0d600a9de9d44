/* tvalue.c - the data tree a layout shows; see layout.h. */
#include "skillsbot/layout.h"

#include "skillsbot/mem.h"

#include <stdlib.h>
#include <string.h>

static sb_tv *tv_new(int kind)
{
	sb_tv *v = sb_calloc(1, sizeof(*v));

	v->kind = kind;
	return v;
}

sb_tv *sb_tv_new_map(void)
{
	return tv_new(SB_TV_MAP);
}

sb_tv *sb_tv_new_list(void)
{
	return tv_new(SB_TV_LIST);
}

sb_tv *sb_tv_new_view(void)
{
	sb_tv *v = tv_new(SB_TV_LIST);

	v->borrowed = true;
	return v;
}

void sb_tv_free(sb_tv *v)
{
	if (!v)
		return;
	if (!v->borrowed)
		for (size_t i = 0; i < v->n_items; i++)
			sb_tv_free(v->items[i]);
	free(v->items);
	free(v->keys);
	free(v->s);
	free(v);
}

/* Put v under key, replacing (and freeing) an earlier value. */
void sb_tv_set(sb_tv *map, const char *key, sb_tv *v)
{
	size_t cap = map->cap_items;

	for (size_t i = 0; i < map->n_items; i++) {
		if (strcmp(map->keys[i], key) == 0) {
			sb_tv_free(map->items[i]);
			map->items[i] = v;
			return;
		}
	}
	SB_GROW(map->items, map->cap_items, map->n_items + 1);
	/* keys grows in step with items. */
	if (map->cap_items != cap || !map->keys)
		map->keys = sb_reallocarray(map->keys, map->cap_items,
					    sizeof(*map->keys));
	map->keys[map->n_items] = key;
	map->items[map->n_items++] = v;
}

void sb_tv_set_text(sb_tv *map, const char *key, const char *s)
{
	sb_tv *v = tv_new(SB_TV_TEXT);

	v->s = sb_strdup(s ? s : "");
	sb_tv_set(map, key, v);
}

void sb_tv_set_wiki(sb_tv *map, const char *key, char *owned)
{
	sb_tv *v = tv_new(SB_TV_WIKI);

	v->s = owned ? owned : sb_strdup("");
	sb_tv_set(map, key, v);
}

void sb_tv_set_int(sb_tv *map, const char *key, long long n)
{
	sb_tv *v = tv_new(SB_TV_INT);

	v->n = n;
	sb_tv_set(map, key, v);
}

sb_tv *sb_tv_set_list(sb_tv *map, const char *key)
{
	sb_tv *v = sb_tv_new_list();

	sb_tv_set(map, key, v);
	return v;
}

static void push(sb_tv *list, sb_tv *item)
{
	SB_GROW(list->items, list->cap_items, list->n_items + 1);
	list->items[list->n_items++] = item;
}

sb_tv *sb_tv_push_map(sb_tv *list)
{
	sb_tv *m = sb_tv_new_map();

	push(list, m);
	return m;
}

void sb_tv_push_borrowed(sb_tv *view, sb_tv *item)
{
	push(view, item);
}

sb_tv *sb_tv_get(const sb_tv *map, const char *key)
{
	if (!map || map->kind != SB_TV_MAP)
		return NULL;
	/* Keys are usually the same literal: compare pointers first. */
	for (size_t i = 0; i < map->n_items; i++)
		if (map->keys[i] == key)
			return map->items[i];
	for (size_t i = 0; i < map->n_items; i++)
		if (strcmp(map->keys[i], key) == 0)
			return map->items[i];
	return NULL;
}

const char *sb_tv_get_str(const sb_tv *map, const char *key)
{
	const sb_tv *v = sb_tv_get(map, key);

	return v && v->s ? v->s : "";
}
