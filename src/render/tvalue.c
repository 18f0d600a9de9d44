/* tvalue.c - the data tree a layout shows, in an arena; see layout.h. */
#include "skillsbot/layout.h"

#include "skillsbot/mem.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_BLOCK 1024
#define MAX_BLOCK (1024 * 1024)
#define ALIGN alignof(max_align_t)

typedef struct block {
	struct block *next;
	size_t used, cap;
	alignas(max_align_t) unsigned char data[];
} block;

struct sb_tv_arena {
	block *head;
	const char *lang;      /* the page's language, or NULL */
	sb_tv **adopted;       /* roots of other trees given to sb_tv_set */
	size_t n_adopted, cap_adopted;
};

static void *arena_alloc(sb_tv_arena *a, size_t n)
{
	block *b = a->head;
	void *p;

	n = (n + ALIGN - 1) / ALIGN * ALIGN;
	if (!b || b->cap - b->used < n) {
		size_t cap = b ? b->cap * 2 : FIRST_BLOCK;

		if (cap > MAX_BLOCK)
			cap = MAX_BLOCK;
		if (cap < n)
			cap = n;
		b = sb_malloc(sizeof(block) + cap);
		b->next = a->head;
		b->used = 0;
		b->cap = cap;
		a->head = b;
	}
	p = b->data + b->used;
	b->used += n;
	return p;
}

static char *arena_strdup(sb_tv_arena *a, const char *s)
{
	size_t len = strlen(s);
	char *d = arena_alloc(a, len + 1);

	memcpy(d, s, len + 1);
	return d;
}

static sb_tv *tv_new(sb_tv_arena *a, int kind)
{
	sb_tv *v = arena_alloc(a, sizeof(*v));

	memset(v, 0, sizeof(*v));
	v->kind = kind;
	v->arena = a;
	return v;
}

static sb_tv *root_new(int kind)
{
	sb_tv_arena *a = sb_calloc(1, sizeof(*a));
	sb_tv *v = tv_new(a, kind);

	v->root = true;
	return v;
}

sb_tv *sb_tv_new_map(void)
{
	return root_new(SB_TV_MAP);
}

sb_tv *sb_tv_new_list(void)
{
	return root_new(SB_TV_LIST);
}

sb_tv *sb_tv_new_view(void)
{
	sb_tv *v = root_new(SB_TV_LIST);

	v->borrowed = true;
	return v;
}

void sb_tv_free(sb_tv *v)
{
	sb_tv_arena *a;

	if (!v || !v->root)
		return;
	a = v->arena;
	for (size_t i = 0; i < a->n_adopted; i++)
		sb_tv_free(a->adopted[i]);
	free(a->adopted);
	while (a->head) {
		block *next = a->head->next;

		free(a->head);
		a->head = next;
	}
	free(a);
}

/* Room for one more item (and key, for a map), in the arena. */
static void grow(sb_tv *v)
{
	size_t cap = v->cap_items ? v->cap_items * 2 : 4;
	sb_tv **items;

	if (v->n_items < v->cap_items)
		return;
	items = arena_alloc(v->arena, cap * sizeof(*items));
	if (v->n_items)
		memcpy(items, v->items, v->n_items * sizeof(*items));
	v->items = items;
	if (v->kind == SB_TV_MAP) {
		const char **keys = arena_alloc(v->arena, cap * sizeof(*keys));

		if (v->n_items)
			memcpy(keys, v->keys, v->n_items * sizeof(*keys));
		v->keys = keys;
	}
	v->cap_items = cap;
}

static sb_tv **slot(const sb_tv *map, const char *key)
{
	/* Keys are usually the same literal: compare pointers first. */
	for (size_t i = 0; i < map->n_items; i++)
		if (map->keys[i] == key)
			return &map->items[i];
	for (size_t i = 0; i < map->n_items; i++)
		if (strcmp(map->keys[i], key) == 0)
			return &map->items[i];
	return NULL;
}

void sb_tv_set(sb_tv *map, const char *key, sb_tv *v)
{
	sb_tv **old = slot(map, key);
	sb_tv_arena *a = map->arena;

	if (v && v->arena != a && v->root) {
		SB_GROW(a->adopted, a->cap_adopted, a->n_adopted + 1);
		a->adopted[a->n_adopted++] = v;
	}
	if (old) {
		*old = v;
		return;
	}
	grow(map);
	map->keys[map->n_items] = key;
	map->items[map->n_items++] = v;
}

/* Give `v` (a TEXT or WIKI just set) one run in `lang`. */
static void set_lang(sb_tv *v, const char *lang)
{
	/* A value in the tree's own language is like one in none: most
	 * values are, and carry nothing. */
	if (!lang || (v->arena->lang && strcmp(lang, v->arena->lang) == 0))
		return;
	v->runs = arena_alloc(v->arena, sizeof(*v->runs));
	v->runs[0].end = strlen(v->s);
	v->runs[0].lang = arena_strdup(v->arena, lang);
	v->n_runs = 1;
}

void sb_tv_set_text_in(sb_tv *map, const char *key, const char *s,
		       const char *lang)
{
	sb_tv *v = tv_new(map->arena, SB_TV_TEXT);

	v->s = arena_strdup(map->arena, s ? s : "");
	set_lang(v, lang);
	sb_tv_set(map, key, v);
}

void sb_tv_set_wiki_in(sb_tv *map, const char *key, char *owned,
		       const char *lang)
{
	sb_tv *v = tv_new(map->arena, SB_TV_WIKI);

	v->s = arena_strdup(map->arena, owned ? owned : "");
	free(owned);
	set_lang(v, lang);
	sb_tv_set(map, key, v);
}

void sb_tv_set_lang(sb_tv *tree, const char *lang)
{
	tree->arena->lang = lang ? arena_strdup(tree->arena, lang) : NULL;
}

void sb_tv_set_text(sb_tv *map, const char *key, const char *s)
{
	sb_tv_set_text_in(map, key, s, NULL);
}

void sb_tv_set_wiki(sb_tv *map, const char *key, char *owned)
{
	sb_tv_set_wiki_in(map, key, owned, NULL);
}

void sb_tv_append_in(sb_tv *map, const char *key, int kind, const char *s,
		     const char *lang)
{
	sb_tv **slotp = slot(map, key);
	sb_tv *v = slotp ? *slotp : NULL;
	size_t old, add = strlen(s);
	const char *last;
	sb_tv_run *runs;
	char *str;

	if (!v || (v->kind != SB_TV_TEXT && v->kind != SB_TV_WIKI)) {
		v = tv_new(map->arena, kind);
		v->s = arena_strdup(map->arena, "");
		sb_tv_set(map, key, v);
	}
	/* Nothing to say a language of (an empty span would be written). */
	if (add == 0)
		return;
	old = strlen(v->s);
	str = arena_alloc(map->arena, old + add + 1);
	memcpy(str, v->s, old);
	memcpy(str + old, s, add + 1);
	v->s = str;
	if (lang && map->arena->lang && strcmp(lang, map->arena->lang) == 0)
		lang = NULL;
	/* Text in the language of the text before it (the page's, when
	 * that had none) is one run with it: one span, not one a piece. */
	last = v->n_runs ? v->runs[v->n_runs - 1].lang : NULL;
	if (!lang ? !last : last && strcmp(lang, last) == 0) {
		if (v->n_runs)
			v->runs[v->n_runs - 1].end = old + add;
		return;
	}
	/* Runs cover the whole string: the text so far is one run in the
	 * page's language when it had none. */
	runs = arena_alloc(map->arena, (v->n_runs + 2) * sizeof(*runs));
	if (v->n_runs)
		memcpy(runs, v->runs, v->n_runs * sizeof(*runs));
	else if (old)
		runs[v->n_runs++] = (sb_tv_run){old, NULL};
	runs[v->n_runs].end = old + add;
	runs[v->n_runs++].lang = lang ? arena_strdup(map->arena, lang) : NULL;
	v->runs = runs;
}

void sb_tv_set_int(sb_tv *map, const char *key, long long n)
{
	sb_tv **old = slot(map, key);
	sb_tv *v;

	if (old && *old && (*old)->kind == SB_TV_INT) {
		(*old)->n = n;
		return;
	}
	v = tv_new(map->arena, SB_TV_INT);
	v->n = n;
	sb_tv_set(map, key, v);
}

sb_tv *sb_tv_set_list(sb_tv *map, const char *key)
{
	sb_tv *v = tv_new(map->arena, SB_TV_LIST);

	sb_tv_set(map, key, v);
	return v;
}

static void push(sb_tv *list, sb_tv *item)
{
	grow(list);
	list->items[list->n_items++] = item;
}

sb_tv *sb_tv_push_map(sb_tv *list)
{
	sb_tv *m = tv_new(list->arena, SB_TV_MAP);

	push(list, m);
	return m;
}

void sb_tv_push_borrowed(sb_tv *view, sb_tv *item)
{
	push(view, item);
}

sb_tv *sb_tv_new_node_map(sb_tv *tree)
{
	return tv_new(tree->arena, SB_TV_MAP);
}

void sb_tv_push(sb_tv *list, sb_tv *item)
{
	push(list, item);
}

sb_tv *sb_tv_get(const sb_tv *map, const char *key)
{
	sb_tv **v;

	if (!map || map->kind != SB_TV_MAP)
		return NULL;
	v = slot(map, key);
	return v ? *v : NULL;
}

const char *sb_tv_get_str(const sb_tv *map, const char *key)
{
	const sb_tv *v = sb_tv_get(map, key);

	return v && v->s ? v->s : "";
}
