/* taxonomy.c - skill taxonomy and lookup by folded text; see taxonomy.h. */
#include "skillsbot/taxonomy.h"

#include "skillsbot/datadir.h"
#include "skillsbot/error.h"
#include "skillsbot/fileio.h"
#include "skillsbot/json.h"
#include "skillsbot/langchain.h"
#include "skillsbot/mem.h"
#include "skillsbot/text.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Open addressing from folded key to skill index. */
typedef struct tax_slot {
	char *key;
	size_t skill;
} tax_slot;

struct sb_taxonomy {
	sb_tax_category *cats;
	size_t n_cats;
	sb_tax_skill *skills;
	size_t n_skills;
	tax_slot *slots;
	size_t n_slots; /* a power of two */
};

static void labels_free(sb_label *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(l[i].text);
	free(l);
}

void sb_taxonomy_free(sb_taxonomy *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_cats; i++) {
		free(t->cats[i].id);
		labels_free(t->cats[i].labels, t->cats[i].n_labels);
	}
	for (size_t i = 0; i < t->n_skills; i++) {
		sb_tax_skill *s = &t->skills[i];

		free(s->id);
		free(s->category);
		labels_free(s->labels, s->n_labels);
		for (size_t k = 0; k < s->n_aliases; k++)
			free(s->aliases[k]);
		free(s->aliases);
	}
	for (size_t i = 0; i < t->n_slots; i++)
		free(t->slots[i].key);
	free(t->cats);
	free(t->skills);
	free(t->slots);
	free(t);
}

sb_taxonomy *sb_taxonomy_new_empty(void)
{
	return sb_calloc(1, sizeof(sb_taxonomy));
}

static tax_slot *slot_find(const sb_taxonomy *t, const char *key)
{
	size_t mask = t->n_slots - 1;
	size_t i = (size_t)sb_hash64(key, strlen(key)) & mask;

	while (t->slots[i].key && strcmp(t->slots[i].key, key) != 0)
		i = (i + 1) & mask;
	return &t->slots[i];
}

/* Index one spelling of skill `idx`. The same spelling for the same skill
 * is fine (a label equal to its id); for two skills it is ambiguous. */
static int index_key(sb_taxonomy *t, const char *text, size_t idx,
		     const char *origin)
{
	char *key = sb_text_fold(text, strlen(text));
	tax_slot *s;

	if (!key[0]) {
		free(key);
		return SB_OK;
	}
	s = slot_find(t, key);
	if (s->key) {
		size_t other = s->skill;

		free(key);
		if (other == idx)
			return SB_OK;
		return sb_error_set(SB_EINVALID,
				    "%s: \"%s\" names both skill \"%s\" and skill \"%s\"",
				    origin, text, t->skills[other].id,
				    t->skills[idx].id);
	}
	s->key = key;
	s->skill = idx;
	return SB_OK;
}

static int read_labels(sb_label **out, size_t *n, const cJSON *obj,
		       const char *origin, const char *id)
{
	const cJSON *lab = cJSON_GetObjectItemCaseSensitive(obj, "label");
	const cJSON *it;

	if (!lab)
		return SB_OK;
	if (cJSON_IsString(lab)) {
		*out = sb_calloc(1, sizeof(sb_label));
		memcpy((*out)[0].lang, "en", 3);
		(*out)[0].text = sb_strdup(lab->valuestring);
		*n = 1;
		return SB_OK;
	}
	if (!cJSON_IsObject(lab))
		return sb_error_set(SB_EINVALID,
				    "%s: the label of \"%s\" must be an object of language: text",
				    origin, id);
	*out = sb_calloc((size_t)cJSON_GetArraySize(lab), sizeof(sb_label));
	cJSON_ArrayForEach(it, lab) {
		sb_label *l = &(*out)[*n];

		if (!cJSON_IsString(it) || strlen(it->string) >= sizeof(l->lang))
			return sb_error_set(SB_EINVALID,
					    "%s: a label of \"%s\" is not a string",
					    origin, id);
		memcpy(l->lang, it->string, strlen(it->string) + 1);
		l->text = sb_strdup(it->valuestring);
		(*n)++;
	}
	return SB_OK;
}

static int read_categories(sb_taxonomy *t, const cJSON *arr, const char *o)
{
	const cJSON *it;
	int err;

	if (!arr)
		return SB_OK;
	if (!cJSON_IsArray(arr))
		return sb_error_set(SB_EINVALID, "%s: \"categories\" must be a list", o);
	t->cats = sb_calloc((size_t)cJSON_GetArraySize(arr), sizeof(*t->cats));
	cJSON_ArrayForEach(it, arr) {
		const char *id = sb_json_str(it, "id");
		sb_tax_category *c = &t->cats[t->n_cats];

		if (!id || !id[0])
			return sb_error_set(SB_EINVALID,
					    "%s: category %zu has no id", o,
					    t->n_cats + 1);
		if (sb_taxonomy_category(t, id))
			return sb_error_set(SB_EINVALID,
					    "%s: category \"%s\" appears twice", o, id);
		c->id = sb_strdup(id);
		t->n_cats++;
		if ((err = read_labels(&c->labels, &c->n_labels, it, o, id)) < 0)
			return err;
	}
	return SB_OK;
}

static int read_skill(sb_taxonomy *t, const cJSON *it, const char *o)
{
	const char *id = sb_json_str(it, "id");
	const char *cat = sb_json_str(it, "category");
	const cJSON *al = cJSON_GetObjectItemCaseSensitive(it, "aliases");
	const cJSON *a;
	sb_tax_skill *s = &t->skills[t->n_skills];
	int err;

	if (!id || !id[0])
		return sb_error_set(SB_EINVALID, "%s: skill %zu has no id", o,
				    t->n_skills + 1);
	if (sb_taxonomy_get(t, id))
		return sb_error_set(SB_EINVALID, "%s: skill \"%s\" appears twice",
				    o, id);
	if (cat && t->n_cats && !sb_taxonomy_category(t, cat))
		return sb_error_set(SB_EINVALID,
				    "%s: skill \"%s\" has an unknown category \"%s\"",
				    o, id, cat);
	s->id = sb_strdup(id);
	s->category = cat ? sb_strdup(cat) : NULL;
	t->n_skills++;
	if ((err = read_labels(&s->labels, &s->n_labels, it, o, id)) < 0)
		return err;
	if (al && !cJSON_IsArray(al))
		return sb_error_set(SB_EINVALID,
				    "%s: the aliases of \"%s\" must be a list", o, id);
	s->aliases = sb_calloc((size_t)cJSON_GetArraySize(al), sizeof(char *));
	cJSON_ArrayForEach(a, al) {
		if (!cJSON_IsString(a))
			return sb_error_set(SB_EINVALID,
					    "%s: an alias of \"%s\" is not a string",
					    o, id);
		s->aliases[s->n_aliases++] = sb_strdup(a->valuestring);
	}
	return SB_OK;
}

static int build_index(sb_taxonomy *t, const char *o)
{
	size_t keys = 0;
	int err;

	for (size_t i = 0; i < t->n_skills; i++)
		keys += 1 + t->skills[i].n_labels + t->skills[i].n_aliases;
	t->n_slots = 16;
	while (t->n_slots < keys * 2)
		t->n_slots *= 2;
	t->slots = sb_calloc(t->n_slots, sizeof(tax_slot));
	for (size_t i = 0; i < t->n_skills; i++) {
		const sb_tax_skill *s = &t->skills[i];

		if ((err = index_key(t, s->id, i, o)) < 0)
			return err;
		for (size_t k = 0; k < s->n_labels; k++)
			if ((err = index_key(t, s->labels[k].text, i, o)) < 0)
				return err;
		for (size_t k = 0; k < s->n_aliases; k++)
			if ((err = index_key(t, s->aliases[k], i, o)) < 0)
				return err;
	}
	return SB_OK;
}

static int parse_tree(sb_taxonomy *t, const cJSON *root, const char *o)
{
	const cJSON *skills = cJSON_GetObjectItemCaseSensitive(root, "skills");
	const cJSON *it;
	int err;

	if (!cJSON_IsObject(root))
		return sb_error_set(SB_EINVALID, "%s: not a JSON object", o);
	if ((err = read_categories(
		     t, cJSON_GetObjectItemCaseSensitive(root, "categories"), o)) < 0)
		return err;
	if (!cJSON_IsArray(skills))
		return sb_error_set(SB_EINVALID, "%s: \"skills\" must be a list", o);
	t->skills = sb_calloc((size_t)cJSON_GetArraySize(skills),
			      sizeof(*t->skills));
	cJSON_ArrayForEach(it, skills)
		if ((err = read_skill(t, it, o)) < 0)
			return err;
	return build_index(t, o);
}

int sb_taxonomy_parse(sb_taxonomy **out, const char *json, size_t len,
		      const char *origin)
{
	cJSON *root = NULL;
	sb_taxonomy *t = sb_taxonomy_new_empty();
	int err;

	*out = NULL;
	if ((err = sb_json_parse(&root, json, len, origin)) < 0 ||
	    (err = parse_tree(t, root, origin)) < 0) {
		sb_taxonomy_free(t);
		t = NULL;
	}
	cJSON_Delete(root);
	*out = t;
	return err;
}

int sb_taxonomy_load_file(sb_taxonomy **out, const char *path)
{
	char *text;
	size_t len;
	int err;

	*out = NULL;
	if ((err = sb_file_read(&text, &len, path, 64 << 20)) < 0)
		return err;
	err = sb_taxonomy_parse(out, text, len, path);
	free(text);
	return err;
}

int sb_taxonomy_load_default(sb_taxonomy **out, const char *path)
{
	char *p;
	int err;

	if (path)
		return sb_taxonomy_load_file(out, path);
	p = sb_datadir_path("taxonomy.json");
	if (access(p, R_OK) == 0) {
		err = sb_taxonomy_load_file(out, p);
	} else {
		*out = sb_taxonomy_new_empty();
		err = SB_OK;
	}
	free(p);
	return err;
}

const sb_tax_skill *sb_taxonomy_match(const sb_taxonomy *t, const char *text,
				      size_t len)
{
	char buf[256], *key = NULL;
	const tax_slot *s;

	if (!t->n_slots)
		return NULL;
	/* Nearly every item is short ASCII: fold it on the stack. */
	if (sb_text_fold_ascii(buf, sizeof(buf), text, len))
		s = slot_find(t, buf);
	else
		s = slot_find(t, key = sb_text_fold(text, len));
	free(key);
	return s->key ? &t->skills[s->skill] : NULL;
}

const sb_tax_skill *sb_taxonomy_get(const sb_taxonomy *t, const char *id)
{
	for (size_t i = 0; i < t->n_skills; i++)
		if (strcmp(t->skills[i].id, id) == 0)
			return &t->skills[i];
	return NULL;
}

size_t sb_taxonomy_n_skills(const sb_taxonomy *t)
{
	return t->n_skills;
}

const sb_tax_skill *sb_taxonomy_skill_at(const sb_taxonomy *t, size_t i)
{
	return i < t->n_skills ? &t->skills[i] : NULL;
}

size_t sb_taxonomy_n_categories(const sb_taxonomy *t)
{
	return t->n_cats;
}

const sb_tax_category *sb_taxonomy_category_at(const sb_taxonomy *t, size_t i)
{
	return i < t->n_cats ? &t->cats[i] : NULL;
}

const sb_tax_category *sb_taxonomy_category(const sb_taxonomy *t,
					    const char *id)
{
	for (size_t i = 0; i < t->n_cats; i++)
		if (t->cats[i].id && strcmp(t->cats[i].id, id) == 0)
			return &t->cats[i];
	return NULL;
}

const sb_label *sb_label_find(const sb_label *labels, size_t n,
			      const char *lang)
{
	sb_lang_chain c;

	/* Most labels are asked for in a language they have. */
	for (size_t i = 0; lang && i < n; i++)
		if (strcmp(labels[i].lang, lang) == 0)
			return &labels[i];
	sb_lang_chain_of(&c, lang);
	for (size_t k = 0; k < c.n; k++)
		for (size_t i = 0; i < n; i++)
			if (sb_lang_same(labels[i].lang, c.v[k]))
				return &labels[i];
	return n ? &labels[0] : NULL;
}

const char *sb_label_pick(const sb_label *labels, size_t n, const char *lang)
{
	const sb_label *l = sb_label_find(labels, n, lang);

	return l ? l->text : NULL;
}
