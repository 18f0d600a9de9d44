/*
 * splice.c - find the bot's markers and replace only what is between
 * them.
 *
 * A marker is an HTML comment whose text, with blanks around it ignored,
 * is "skillsbot:begin NAME" or "skillsbot:end NAME". Other comments, and
 * marker-like text outside a comment, are the page's own bytes.
 *
 * What is a comment is MediaWiki's preprocessor's call, and the wikitext
 * parser's (wikitext.c) here: it reads the page from the start, and
 * whichever comes first, "<!--" or the opening tag of an element whose
 * content it hands over unparsed (<nowiki>, <pre>, <syntaxhighlight>,
 * <ref>, <gallery>...), hides the other until it closes. So "<!--"
 * inside such an element is never a marker: an example a person wrote,
 * or a place the extractor does not read either.
 */
#include "skillsbot/splice.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/mem.h"
#include "skillsbot/text.h"
#include "skillsbot/wikitext.h"

typedef struct marker {
	bool begin;
	const char *name;
	size_t name_len;
	size_t start, end;   /* of the whole comment */
} marker;

typedef struct marker_list {
	marker *v;
	size_t n, cap;
} marker_list;

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Is the comment text p[0..n) a marker? Fill kind and name. */
static bool parse_marker(marker *m, const char *p, size_t n)
{
	static const char pre[] = "skillsbot:";
	size_t i = 0, e = n;

	while (i < e && is_blank(p[i]))
		i++;
	while (e > i && is_blank(p[e - 1]))
		e--;
	if (e - i < sizeof(pre) - 1 || memcmp(p + i, pre, sizeof(pre) - 1))
		return false;
	i += sizeof(pre) - 1;
	if (e - i > 5 && memcmp(p + i, "begin", 5) == 0 && is_blank(p[i + 5])) {
		m->begin = true;
		i += 5;
	} else if (e - i > 3 && memcmp(p + i, "end", 3) == 0 &&
		   is_blank(p[i + 3])) {
		m->begin = false;
		i += 3;
	} else {
		return false;
	}
	while (i < e && is_blank(p[i]))
		i++;
	m->name = p + i;
	m->name_len = e - i;
	return m->name_len > 0;
}

/* A marker in each closed comment leaf under node i, in page order. */
static void collect_markers(marker_list *out, const sb_wt_tree *t,
			    uint32_t i)
{
	for (uint32_t c = t->nodes[i].child; c != SB_WT_NONE;
	     c = t->nodes[c].next) {
		const sb_wt_node *n = &t->nodes[c];
		const char *p = t->text + n->start;
		size_t len = n->end - n->start;
		marker m;

		if (n->type != SB_WT_COMMENT) {
			collect_markers(out, t, c);
			continue;
		}
		/* An unclosed comment runs to the end: no marker. */
		if (len < 7 || memcmp(p + len - 3, "-->", 3) != 0 ||
		    !parse_marker(&m, p + 4, len - 7))
			continue;
		m.start = n->start;
		m.end = n->end;
		SB_GROW(out->v, out->cap, out->n + 1);
		out->v[out->n++] = m;
	}
}

/* The page's markers: its comments as the wikitext parser reads them, so
 * splicing and extraction never disagree on what is a comment. */
static int scan_markers(marker_list *out, const char *text, size_t len)
{
	sb_wt_tree t;
	int err;

	sb_wt_init(&t);
	if ((err = sb_wt_parse(&t, text, len)) == SB_OK)
		collect_markers(out, &t, t.root);
	sb_wt_dispose(&t);
	return err;
}

static bool same_name(const marker *a, const char *name, size_t n)
{
	return a->name_len == n && memcmp(a->name, name, n) == 0;
}

/* Markers must come as begin X, end X, begin Y, end Y...: no nesting,
 * no stray end, no duplicated name. */
static int check_list(const marker_list *l, const char *origin)
{
	for (size_t i = 0; i < l->n; i++) {
		const marker *m = &l->v[i];
		int nl = (int)m->name_len;

		if (i % 2 == 0 && !m->begin)
			return sb_error_set(SB_EINVALID, "%s: marker \"end %.*s\" "
					    "without its begin", origin, nl,
					    m->name);
		if (i % 2 == 1 && (m->begin || !same_name(m, l->v[i - 1].name,
							 l->v[i - 1].name_len)))
			return sb_error_set(SB_EINVALID, "%s: section %.*s is "
					    "not closed before the next marker",
					    origin, (int)l->v[i - 1].name_len,
					    l->v[i - 1].name);
		for (size_t j = 0; i % 2 == 0 && j < i; j += 2)
			if (same_name(&l->v[j], m->name, m->name_len))
				return sb_error_set(SB_EINVALID, "%s: section "
						    "%.*s appears twice", origin,
						    nl, m->name);
	}
	if (l->n % 2 == 1)
		return sb_error_set(SB_EINVALID, "%s: section %.*s is never "
				    "closed", origin, (int)l->v[l->n - 1].name_len,
				    l->v[l->n - 1].name);
	return SB_OK;
}

int sb_splice_check(const char *text, size_t len, const char *origin)
{
	marker_list l = {0};
	int err;

	if ((err = scan_markers(&l, text, len)) == SB_OK)
		err = check_list(&l, origin);
	free(l.v);
	return err;
}

int sb_splice_find(sb_section_span *out, const char *text, size_t len,
		   const char *name, const char *origin)
{
	marker_list l = {0};
	size_t n = strlen(name), i;
	int err;

	if ((err = scan_markers(&l, text, len)) < 0 ||
	    (err = check_list(&l, origin)) < 0)
		goto done;
	for (i = 0; i < l.n; i += 2)
		if (same_name(&l.v[i], name, n))
			break;
	if (i >= l.n) {
		err = sb_error_set(SB_ENOTFOUND, "%s: no markers for section %s",
				   origin, name);
		goto done;
	}
	out->begin = l.v[i].start;
	out->inner = l.v[i].end;
	out->inner_end = l.v[i + 1].start;
	out->end = l.v[i + 1].end;
done:
	free(l.v);
	return err;
}

char *sb_splice_inner(const char *content, size_t *len_out)
{
	size_t n = strlen(content);
	sb_buf b;

	while (n > 0 && content[n - 1] == '\n')
		n--;
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	sb_buf_addc(&b, '\n');
	if (n > 0) {
		sb_buf_add(&b, content, n);
		sb_buf_addc(&b, '\n');
	}
	return sb_buf_take(&b, len_out);
}

int sb_splice_replace(char **out, size_t *len_out, const char *text,
		      size_t len, const char *name, const char *content,
		      const char *origin)
{
	sb_section_span sp;
	size_t inner_len;
	char *inner;
	sb_buf b;
	int err;

	*out = NULL;
	if ((err = sb_splice_find(&sp, text, len, name, origin)) < 0)
		return err;
	inner = sb_splice_inner(content, &inner_len);
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	sb_buf_add(&b, text, sp.inner);
	sb_buf_add(&b, inner, inner_len);
	sb_buf_add(&b, text + sp.inner_end, len - sp.inner_end);
	*out = sb_buf_take(&b, len_out);
	free(inner);
	return SB_OK;
}

char *sb_splice_new_page(const char *const *names,
			 const char *const *contents, size_t n,
			 size_t *len_out)
{
	sb_buf b;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	for (size_t i = 0; i < n; i++) {
		size_t inner_len;
		char *inner = sb_splice_inner(contents[i], &inner_len);

		sb_buf_addf(&b, "<!-- skillsbot:begin %s -->", names[i]);
		sb_buf_add(&b, inner, inner_len);
		sb_buf_addf(&b, "<!-- skillsbot:end %s -->\n", names[i]);
		free(inner);
	}
	return sb_buf_take(&b, len_out);
}

void sb_content_hash(char out[17], const char *p, size_t len)
{
	snprintf(out, 17, "%016llx", sb_hash64(p, len));
}
