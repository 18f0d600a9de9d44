/*
 * layout.h - organiser-editable page layouts (wikitext/layouts/NAME.wiki).
 *
 * Part of the render module. A layout is wikitext with a few tags (the
 * syntax is documented for organisers in docs/rendering.md):
 *
 *   {%name%}  {%row.field%}        a value (editor text is escaped here)
 *   {%msg:key%} {%msg:key a b%}    a message, with values as $1, $2
 *   {%for row in list%} ... {%end%}
 *   {%if name%} ... {%else%} ... {%end%}
 *   {%# a comment %}
 *
 * A layout is checked against a schema when loaded: an unknown value, a
 * message missing from English, a loop over something that is not a list
 * or an unbalanced block is an error naming the file and line.
 *
 * The data a layout shows is an sb_tv tree: maps (static string keys,
 * owned values), lists of maps, text (editor-typed, escaped when shown),
 * wiki (made by the renderer, shown as is) and integers.
 *
 * A text or wiki value may say which language it is in, as a whole or
 * stretch by stretch (a list of skill labels, some translated, some
 * not): a value built from messages, skill labels or country names
 * carries the language it was found in, and the layout, where it writes
 * the value into the page, wraps each stretch in a language other than
 * the text around it in <span lang="X" dir="...">. Sort keys and
 * attributes read the value's plain string and never see markup.
 */
#ifndef SKILLSBOT_LAYOUT_H
#define SKILLSBOT_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "skillsbot/buf.h"
#include "skillsbot/i18n.h"

enum sb_tv_kind {
	SB_TV_NULL,
	SB_TV_TEXT,   /* editor text: escaped when shown */
	SB_TV_WIKI,   /* wikitext made by the renderer: shown as is */
	SB_TV_INT,
	SB_TV_LIST,   /* of maps */
	SB_TV_MAP
};

typedef struct sb_tv sb_tv;
typedef struct sb_tv_arena sb_tv_arena;

/* A stretch of a TEXT or WIKI value, s[previous end, end), and the
 * language it is in (NULL: the page's own, as for a value without
 * runs, such as what an editor typed). */
typedef struct sb_tv_run {
	size_t end;
	const char *lang;
} sb_tv_run;

struct sb_tv {
	int kind;
	bool borrowed;       /* a LIST whose items belong to another tree */
	bool root;           /* made by sb_tv_new_*: owns the arena */
	char *s;             /* TEXT, WIKI */
	sb_tv_run *runs;     /* TEXT, WIKI: none, or stretches covering s */
	size_t n_runs;
	long long n;         /* INT */
	const char **keys;   /* MAP: static strings, not owned */
	sb_tv **items;       /* MAP values or LIST items */
	size_t n_items, cap_items;
	sb_tv_arena *arena;  /* where this tree's nodes and strings live */
};

/*
 * A tree lives in one arena: sb_tv_new_map() / _list() / _view() start a
 * tree (a root), and every node or string added below it is allocated in
 * the root's arena, so building and freeing a tree of 100,000 nodes costs
 * a few large allocations. sb_tv_free() on a root frees the whole tree;
 * on any other node it does nothing. A root given to sb_tv_set() is
 * adopted by the other tree and freed with it.
 */
sb_tv *sb_tv_new_map(void);
sb_tv *sb_tv_new_list(void);
/* A list that shows items of another tree without owning them. */
sb_tv *sb_tv_new_view(void);
void sb_tv_free(sb_tv *v);

/* Set a member of a map (replacing any earlier value of that key; an INT
 * is updated in place). `key` must outlive the map (a string literal).
 * sb_tv_set_wiki takes a malloc'd string and frees it. */
void sb_tv_set_text(sb_tv *map, const char *key, const char *s);
void sb_tv_set_wiki(sb_tv *map, const char *key, char *owned);
/* The same, the value being in language `lang` (NULL: the page's). */
void sb_tv_set_text_in(sb_tv *map, const char *key, const char *s,
		       const char *lang);
void sb_tv_set_wiki_in(sb_tv *map, const char *key, char *owned,
		       const char *lang);
/* The language of the page `tree` is for: a value set in it needs no
 * mark and carries no language (so costs nothing more). */
void sb_tv_set_lang(sb_tv *tree, const char *lang);
/* Append `s`, in `lang`, to the TEXT or WIKI value `key` (made, of
 * `kind`, when missing): the parts of a list each keep their
 * language. */
void sb_tv_append_in(sb_tv *map, const char *key, int kind, const char *s,
		     const char *lang);
void sb_tv_set_int(sb_tv *map, const char *key, long long n);
/* A new list member of `map` (replacing any earlier one); borrowed. */
sb_tv *sb_tv_set_list(sb_tv *map, const char *key);
/* Put `v` under `key`: a node of the same tree, or a root (adopted). */
void sb_tv_set(sb_tv *map, const char *key, sb_tv *v);
/* A new map appended to `list`; borrowed. */
sb_tv *sb_tv_push_map(sb_tv *list);
/* Append an item owned elsewhere to a view. */
void sb_tv_push_borrowed(sb_tv *view, sb_tv *item);
/* A map of `tree`'s arena not yet placed anywhere (append it later with
 * sb_tv_push() to a list of the same tree). */
sb_tv *sb_tv_new_node_map(sb_tv *tree);
void sb_tv_push(sb_tv *list, sb_tv *item);
/* The member `key` of `map`, or NULL. */
sb_tv *sb_tv_get(const sb_tv *map, const char *key);
const char *sb_tv_get_str(const sb_tv *map, const char *key);

/* What a layout may show: one entry a name, lists with their items'
 * fields. Arrays end with a zeroed entry. */
typedef struct sb_layout_field {
	const char *name;
	int kind;                                  /* enum sb_tv_kind */
	const struct sb_layout_field *items;       /* LIST: item fields */
} sb_layout_field;

typedef struct sb_layout sb_layout;

/* Compile a layout. `origin` names it in messages ("by-skill.wiki").
 * `msgs` (may be NULL) is used to check that every message exists. */
int sb_layout_parse(sb_layout **out, const char *text, size_t len,
		    const char *origin, const sb_layout_field *schema,
		    const sb_i18n *msgs);
int sb_layout_load(sb_layout **out, const char *path,
		   const sb_layout_field *schema, const sb_i18n *msgs);
void sb_layout_free(sb_layout *l);

/* Text made outside a layout (a talk-page message) marked as a layout
 * marks a value: wikitext `s`, in `lang`, appended amid text in
 * `around`, inside <span lang="X" dir="..."> when the two differ and
 * `lang` is a language code, as it is otherwise (a NULL `lang` or
 * `around`: unmarked). Only where markup may go: not in a section
 * title, an edit summary or an attribute. */
int sb_layout_put_in(sb_buf *b, const char *s, const char *lang,
		     const char *around);

/* Render `data` (a map following the schema) in language `lang`, and
 * append to `b`. `msgs` may be NULL when the layout uses no message. */
int sb_layout_render(sb_buf *b, const sb_layout *l, const sb_tv *data,
		     const sb_i18n *msgs, const char *lang);

/*
 * Values known only after the page is laid out (a part's links to its
 * neighbours, known once every part is found): sb_layout_render_later()
 * renders as sb_layout_render() does, the top-level values named in
 * `later` (NULL-terminated) being unset in `data`, and notes in *out
 * where each node reading one of them was laid out. Once they are set in
 * `data`, sb_layout_fill() appends to `b` the text it gave with those
 * nodes laid out again: the bytes a render with the values would have
 * given. `data` and its loop items must be those of the render (only the
 * later values changed); the holes keep `msgs` and `lang` borrowed. On
 * failure *out is NULL. Free with sb_layout_holes_free().
 */
typedef struct sb_layout_holes sb_layout_holes;
int sb_layout_render_later(sb_buf *b, sb_layout_holes **out,
			   const sb_layout *l, const sb_tv *data,
			   const sb_i18n *msgs, const char *lang,
			   const char *const *later);
int sb_layout_fill(sb_buf *b, const char *text, size_t len,
		   const sb_layout_holes *h, const sb_tv *data);
void sb_layout_holes_free(sb_layout_holes *h);

#endif
