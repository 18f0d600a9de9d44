/*
 * splice.c - find the bot's markers and replace only what is between
 * them.
 *
 * A marker is an HTML comment whose text, with blanks around it ignored,
 * is "skillsbot:begin NAME" or "skillsbot:end NAME". Other comments, and
 * marker-like text outside a comment, are the page's own bytes.
 *
 * What is a comment is MediaWiki's preprocessor's call: it reads the page
 * from the start, and whichever comes first, "<!--" or the opening tag of
 * an element whose content it hands over unparsed, hides the other until
 * it closes. So "<!--" inside <nowiki>, <pre> or <syntaxhighlight> is text
 * shown on the page (an example a person wrote), never a marker.
 */
#include "skillsbot/splice.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/mem.h"
#include "skillsbot/text.h"

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

/* Elements whose content MediaWiki does not parse as wikitext, so a
 * comment inside is none: its own verbatim tags, and extension tags that
 * take code, formulas or data. Listed whether or not the wiki has the
 * extension (without it the tag shows as text and comments inside are
 * comments again): a person who wraps markers in one of these means an
 * example, and if not, the bot only reports missing markers. <code>,
 * <ref>, <poem> and the like parse wikitext: their comments count. */
static const char *const verbatim_tags[] = {
	"nowiki", "pre", "syntaxhighlight", "source", "math", "chem", "ce",
	"score", "hiero", "timeline", "graph", "templatedata", "mapframe",
	"maplink", "inputbox",
};
#define N_VERBATIM (sizeof(verbatim_tags) / sizeof(*verbatim_tags))

static bool is_space(char c)
{
	return is_blank(c) || c == '\f' || c == '\v';
}

static bool name_is(const char *p, size_t avail, const char *name,
		    size_t n)
{
	return avail >= n && strncasecmp(p, name, n) == 0;
}

/* The end of "</name>" (blanks allowed before ">", any case) at or after
 * `from`, or 0 when there is none. */
static size_t find_close(const char *text, size_t len, size_t from,
			 const char *name)
{
	size_t n = strlen(name);

	for (size_t i = from; i + 3 + n <= len; i++) {
		size_t j = i + 2 + n;

		if (text[i] != '<' || text[i + 1] != '/' ||
		    !name_is(text + i + 2, len - i - 2, name, n))
			continue;
		while (j < len && is_space(text[j]))
			j++;
		if (j < len && text[j] == '>')
			return j + 1;
	}
	return 0;
}

/* What the scan learnt that holds for the rest of the page. */
typedef struct verbatim_scan {
	bool unclosed[N_VERBATIM];  /* no closing tag of that name left */
	bool no_gt;                 /* no ">" left */
} verbatim_scan;

/* If a verbatim element opens at text[at] ('<'), where scanning resumes
 * after it: past its closing tag, or just past a self-closing "<x/>".
 * 0 when there is no such element here. As in MediaWiki, the name must
 * be followed by a blank, ">" or "/>"; the opening tag ends at the first
 * ">", and "/>" holds nothing; an element never closed is no element
 * (its tag shows as text, a comment in it hides, and the rest of the page
 * is parsed), nor is any later one of that name but a "/>" (`vs`
 * remembers, which keeps long pages linear). */
static size_t skip_verbatim(const char *text, size_t len, size_t at,
			    verbatim_scan *vs)
{
	const char *gt;

	for (size_t k = 0; k < N_VERBATIM && !vs->no_gt; k++) {
		const char *name = verbatim_tags[k];
		size_t n = strlen(name), p = at + 1 + n, close;

		if (!name_is(text + at + 1, len - at - 1, name, n) || p >= len)
			continue;
		if (!is_space(text[p]) && text[p] != '>' &&
		    !(text[p] == '/' && p + 1 < len && text[p + 1] == '>'))
			continue;
		gt = memchr(text + p, '>', len - p);
		if (!gt) {
			vs->no_gt = true;
			return 0;
		}
		if (gt[-1] == '/')
			return (size_t)(gt + 1 - text);
		if (vs->unclosed[k])
			return 0;
		close = find_close(text, len, (size_t)(gt + 1 - text), name);
		if (close)
			return close;
		vs->unclosed[k] = true;
		return 0;
	}
	return 0;
}

static void scan_markers(marker_list *out, const char *text, size_t len)
{
	verbatim_scan vs = {{false}, false};
	size_t pos = 0;

	while (pos + 4 <= len) {
		const char *lt = memchr(text + pos, '<', len - pos);
		const char *close;
		size_t at, skip;
		marker m;

		if (!lt)
			break;
		at = (size_t)(lt - text);
		if (len - at < 4 || memcmp(lt, "<!--", 4) != 0) {
			skip = skip_verbatim(text, len, at, &vs);
			pos = skip ? skip : at + 1;
			continue;
		}
		close = memmem(lt + 4, len - at - 4, "-->", 3);
		if (!close)
			break;  /* an unclosed comment hides the rest */
		if (parse_marker(&m, lt + 4, (size_t)(close - lt - 4))) {
			m.start = at;
			m.end = (size_t)(close + 3 - text);
			SB_GROW(out->v, out->cap, out->n + 1);
			out->v[out->n++] = m;
		}
		pos = (size_t)(close + 3 - text);
	}
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

	scan_markers(&l, text, len);
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

	scan_markers(&l, text, len);
	if ((err = check_list(&l, origin)) < 0)
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
