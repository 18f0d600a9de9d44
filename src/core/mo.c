/* mo.c - gettext message catalogues; see mo.h. */
#include "skillsbot/mo.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "skillsbot/error.h"
#include "skillsbot/fileio.h"
#include "skillsbot/mem.h"

/* iso-codes' largest catalogue is under 1 MB. */
#define MO_MAX_BYTES (64u << 20)
#define MO_MAGIC 0x950412deu

typedef struct mo_pair {
	char *id;
	char *text;
} mo_pair;

struct sb_mo {
	mo_pair *v;            /* sorted by id, ids unique */
	size_t n;
};

typedef struct mo_reader {
	const unsigned char *p;
	size_t len;
	int swap;              /* the file's byte order is not ours */
	const char *name;
} mo_reader;

static int u32_at(const mo_reader *r, size_t off, uint32_t *out)
{
	uint32_t v;

	if (off > r->len || r->len - off < 4)
		return sb_error_set(SB_EINVALID,
			"%s: not a message catalogue (ends inside its tables)",
			r->name);
	memcpy(&v, r->p + off, 4);
	*out = r->swap ? __builtin_bswap32(v) : v;
	return SB_OK;
}

/* String i of the table at `table`: its bytes up to the first NUL (the
 * first of the plural forms), copied. */
static int string_at(const mo_reader *r, uint32_t table, uint32_t i,
		     char **out)
{
	uint32_t len = 0, off = 0;
	int err;

	if ((err = u32_at(r, (size_t)table + 8u * i, &len)) < 0 ||
	    (err = u32_at(r, (size_t)table + 8u * i + 4, &off)) < 0)
		return err;
	if (off > r->len || r->len - off < (size_t)len + 1 ||
	    r->p[(size_t)off + len] != '\0')
		return sb_error_set(SB_EINVALID,
			"%s: string %u of a table lies outside the file",
			r->name, i);
	*out = sb_strndup((const char *)r->p + off,
			  strnlen((const char *)r->p + off, len));
	return SB_OK;
}

static int cmp_pair(const void *a, const void *b)
{
	return strcmp(((const mo_pair *)a)->id, ((const mo_pair *)b)->id);
}

/* Sort by id and keep the first of repeated ids; drop the header (the
 * empty id) and empty translations. */
static void tidy(sb_mo *mo)
{
	size_t k = 0;

	if (mo->n)
		qsort(mo->v, mo->n, sizeof(*mo->v), cmp_pair);
	for (size_t i = 0; i < mo->n; i++) {
		mo_pair *q = &mo->v[i];

		if (!*q->id || !*q->text ||
		    (k && strcmp(mo->v[k - 1].id, q->id) == 0)) {
			free(q->id);
			free(q->text);
			continue;
		}
		mo->v[k++] = *q;
	}
	mo->n = k;
}

static int read_header(mo_reader *r, uint32_t *n, uint32_t *ids,
		       uint32_t *texts)
{
	uint32_t magic = 0, rev = 0;
	int err;

	if ((err = u32_at(r, 0, &magic)) < 0)
		return err;
	if (magic != MO_MAGIC) {
		r->swap = 1;
		if (__builtin_bswap32(magic) != MO_MAGIC)
			return sb_error_set(SB_EINVALID,
				"%s: not a message catalogue (magic number)",
				r->name);
	}
	if ((err = u32_at(r, 4, &rev)) < 0 || (err = u32_at(r, 8, n)) < 0 ||
	    (err = u32_at(r, 12, ids)) < 0 || (err = u32_at(r, 16, texts)) < 0)
		return err;
	if (rev >> 16 > 1)
		return sb_error_set(SB_EINVALID,
			"%s: message catalogue revision %u.%u not supported",
			r->name, rev >> 16, rev & 0xffffu);
	/* Both tables must fit: bounds every loop below by the file size. */
	if (*n > r->len / 8 || (size_t)*ids + 8u * (size_t)*n > r->len ||
	    (size_t)*texts + 8u * (size_t)*n > r->len)
		return sb_error_set(SB_EINVALID,
			"%s: %u strings do not fit in %zu bytes",
			r->name, *n, r->len);
	return SB_OK;
}

int sb_mo_parse(sb_mo **out, const void *data, size_t len, const char *name)
{
	mo_reader r = {data, len, 0, name ? name : "catalogue"};
	sb_mo *mo;
	uint32_t n = 0, ids = 0, texts = 0;
	int err;

	*out = NULL;
	if ((err = read_header(&r, &n, &ids, &texts)) < 0)
		return err;
	mo = sb_calloc(1, sizeof(*mo));
	mo->v = sb_calloc((size_t)n + 1, sizeof(*mo->v));
	for (uint32_t i = 0; i < n; i++) {
		mo_pair *q = &mo->v[mo->n];

		if ((err = string_at(&r, ids, i, &q->id)) < 0)
			break;
		if ((err = string_at(&r, texts, i, &q->text)) < 0) {
			free(q->id);
			break;
		}
		mo->n++;
	}
	if (err < 0) {
		sb_mo_free(mo);
		return err;
	}
	tidy(mo);
	*out = mo;
	return SB_OK;
}

int sb_mo_load(sb_mo **out, const char *path)
{
	char *data;
	size_t len;
	int err;

	*out = NULL;
	if ((err = sb_file_read(&data, &len, path, MO_MAX_BYTES)) < 0)
		return err;
	err = sb_mo_parse(out, data, len, path);
	free(data);
	return err;
}

void sb_mo_free(sb_mo *mo)
{
	if (!mo)
		return;
	for (size_t i = 0; i < mo->n; i++) {
		free(mo->v[i].id);
		free(mo->v[i].text);
	}
	free(mo->v);
	free(mo);
}

const char *sb_mo_get(const sb_mo *mo, const char *msgid)
{
	mo_pair key = {(char *)msgid, NULL};
	const mo_pair *hit;

	if (!mo || !msgid)
		return NULL;
	hit = bsearch(&key, mo->v, mo->n, sizeof(*mo->v), cmp_pair);
	return hit ? hit->text : NULL;
}

size_t sb_mo_count(const sb_mo *mo)
{
	return mo ? mo->n : 0;
}
