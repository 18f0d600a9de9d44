/*
 * taxonomy.h - the skill taxonomy (the JSON taxonomy page).
 *
 * Skills have an id, a category, labels per language and aliases. An item
 * an editor wrote matches a skill when its folded text (text.h) equals the
 * folded id, a label or an alias.
 */
#ifndef SKILLSBOT_TAXONOMY_H
#define SKILLSBOT_TAXONOMY_H

#include <stddef.h>

typedef struct sb_label {
	char lang[16];
	char *text;
} sb_label;

typedef struct sb_tax_category {
	char *id;
	sb_label *labels;
	size_t n_labels;
} sb_tax_category;

typedef struct sb_tax_skill {
	char *id;
	char *category;   /* a category id */
	sb_label *labels;
	size_t n_labels;
	char **aliases;
	size_t n_aliases;
} sb_tax_skill;

typedef struct sb_taxonomy sb_taxonomy;

/* Parse taxonomy JSON. `origin` names it in messages. A duplicate id, a
 * skill of an unknown category or a key claimed by two skills is an error. */
int sb_taxonomy_parse(sb_taxonomy **out, const char *json, size_t len,
		      const char *origin);
int sb_taxonomy_load_file(sb_taxonomy **out, const char *path);
/* `path` when given; else the data folder's taxonomy.json (datadir.h)
 * when there is one; else an empty taxonomy. */
int sb_taxonomy_load_default(sb_taxonomy **out, const char *path);
/* An empty taxonomy: every skill is unmapped. */
sb_taxonomy *sb_taxonomy_new_empty(void);
void sb_taxonomy_free(sb_taxonomy *t);

/* The skill whose id, label or alias matches `text` (folded here), or
 * NULL. Borrowed from the taxonomy. */
const sb_tax_skill *sb_taxonomy_match(const sb_taxonomy *t, const char *text,
				      size_t len);
/* The skill with this exact id, or NULL. */
const sb_tax_skill *sb_taxonomy_get(const sb_taxonomy *t, const char *id);

size_t sb_taxonomy_n_skills(const sb_taxonomy *t);
const sb_tax_skill *sb_taxonomy_skill_at(const sb_taxonomy *t, size_t i);
size_t sb_taxonomy_n_categories(const sb_taxonomy *t);
const sb_tax_category *sb_taxonomy_category_at(const sb_taxonomy *t,
					       size_t i);
const sb_tax_category *sb_taxonomy_category(const sb_taxonomy *t,
					    const char *id);

/* The label in `lang`, else in the next language of its fallback chain
 * (langchain.h: pt-br, pt, then English), else the first one, else
 * NULL; its `lang` says which it is. Borrowed from `labels`. */
const sb_label *sb_label_find(const sb_label *labels, size_t n,
			      const char *lang);
/* The text of sb_label_find(). */
const char *sb_label_pick(const sb_label *labels, size_t n, const char *lang);

#endif
