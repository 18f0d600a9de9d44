/*
 * wikitext_read.c - reading a parsed tree: positions, serialising,
 * invariants, names, entities. See wikitext.h.
 */
#include "skillsbot/wikitext.h"

#include "skillsbot/error.h"
#include "skillsbot/mem.h"
#include "skillsbot/text.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void sb_wt_position(const sb_wt_tree *t, size_t offset, int *line,
		    int *column)
{
	size_t lo = 0, hi = t->n_lines;

	if (offset > t->len)
		offset = t->len;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (t->lines[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	*line = (int)lo + 1;
	*column = 1 + (int)sb_text_columns(t->text + t->lines[lo],
					   offset - t->lines[lo]);
}

static bool is_leaf(int type)
{
	return type < SB_WT_ROOT;
}

int sb_wt_serialise(sb_buf *out, const sb_wt_tree *t, uint32_t i)
{
	const sb_wt_node *n = &t->nodes[i];
	int err = SB_OK;

	if (is_leaf(n->type))
		return sb_buf_add(out, t->text + n->start, n->end - n->start);
	for (uint32_t c = n->child; c != SB_WT_NONE && !err;
	     c = t->nodes[c].next)
		err = sb_wt_serialise(out, t, c);
	return err;
}

/* Walk the leaves in order; `*at` is where the next one must start. */
static int check_node(const sb_wt_tree *t, uint32_t i, size_t *at)
{
	const sb_wt_node *n = &t->nodes[i];

	if (n->start > n->end || n->end > t->len || n->start != *at)
		return sb_error_set(SB_ERROR,
				    "wikitext node %u (%s) spans %u..%u, "
				    "expected a start at %zu",
				    i, sb_wt_type_name(n->type), n->start,
				    n->end, *at);
	if (is_leaf(n->type)) {
		if (n->child != SB_WT_NONE)
			return sb_error_set(SB_ERROR, "leaf %u has children",
					    i);
		*at = n->end;
		return SB_OK;
	}
	for (uint32_t c = n->child; c != SB_WT_NONE; c = t->nodes[c].next) {
		int err = check_node(t, c, at);

		if (err)
			return err;
	}
	if (*at != n->end)
		return sb_error_set(SB_ERROR,
				    "wikitext node %u (%s) ends at %u but its "
				    "children at %zu",
				    i, sb_wt_type_name(n->type), n->end, *at);
	return SB_OK;
}

int sb_wt_check(const sb_wt_tree *t)
{
	size_t at = 0;
	int err;

	if (t->root == SB_WT_NONE)
		return sb_error_set(SB_ERROR, "wikitext tree has no root");
	err = check_node(t, t->root, &at);
	if (!err && at != t->len)
		err = sb_error_set(SB_ERROR, "wikitext leaves end at %zu of %zu",
				   at, t->len);
	return err;
}

uint32_t sb_wt_child(const sb_wt_tree *t, uint32_t i, int type, size_t n)
{
	for (uint32_t c = t->nodes[i].child; c != SB_WT_NONE;
	     c = t->nodes[c].next)
		if (t->nodes[c].type == type && n-- == 0)
			return c;
	return SB_WT_NONE;
}

int sb_wt_plain(sb_buf *out, const sb_wt_tree *t, uint32_t i)
{
	const sb_wt_node *n = &t->nodes[i];
	int err = SB_OK;

	if (n->type == SB_WT_COMMENT)
		return SB_OK;
	if (is_leaf(n->type))
		return sb_buf_add(out, t->text + n->start, n->end - n->start);
	for (uint32_t c = n->child; c != SB_WT_NONE && !err;
	     c = t->nodes[c].next)
		err = sb_wt_plain(out, t, c);
	return err;
}

/* Drop a case-insensitive prefix (white space before its colon allowed). */
static bool drop_prefix(const char **s, size_t *len, const char *prefix)
{
	size_t pl = strlen(prefix), i;

	if (*len < pl || strncasecmp(*s, prefix, pl) != 0)
		return false;
	i = pl;
	while (i < *len && (*s)[i] == ' ')
		i++;
	if (i >= *len || (*s)[i] != ':')
		return false;
	i++;
	*s += i;
	*len -= i;
	return true;
}

/* The common case, a plain ASCII name: no allocation, same result as
 * the general path below. False when the name needs the general path. */
static bool ascii_template_name(sb_buf *out, const char *s, size_t len)
{
	const char *p = s, *e = s + len;
	size_t start, n = 0;

	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] - 1u >= 0x7Fu)
			return false;
	sb_buf_reset(out);
	for (int pass = 0; pass < 3; pass++) {
		static const char *const prefixes[] = {"subst", "safesubst",
						       "template"};
		const char *q = p;
		size_t pl = strlen(prefixes[pass]);

		while (q < e && (*q == ' ' || *q == '_' || (*q >= '\t' &&
							    *q <= '\r')))
			q++;
		if ((size_t)(e - q) > pl &&
		    strncasecmp(q, prefixes[pass], pl) == 0) {
			const char *r = q + pl;

			while (r < e && (*r == ' ' || *r == '_'))
				r++;
			if (r < e && *r == ':') {
				p = r + 1;
				if (pass == 0)
					pass++;  /* no safesubst after subst */
			}
		}
	}
	/* Room for the whole name first, then written in place (it only
	 * shrinks): no call per byte. */
	if (sb_buf_add(out, p, (size_t)(e - p)) < 0)
		return false;
	for (; p < e; p++) {
		char c = *p;

		if (c == '_' || c == ' ' || (c >= '\t' && c <= '\r')) {
			if (n && out->ptr[n - 1] != ' ')
				out->ptr[n++] = ' ';
			continue;
		}
		out->ptr[n++] = c;
	}
	if (n && out->ptr[n - 1] == ' ')
		n--;
	out->ptr[n] = '\0';
	out->len = n;
	start = 0;
	if (out->len && out->ptr[start] >= 'a' && out->ptr[start] <= 'z')
		out->ptr[start] = (char)(out->ptr[start] - 32);
	return true;
}

int sb_wt_normalise_template_name(sb_buf *out, const char *s, size_t len)
{
	char *clean, *title;
	const char *p;
	size_t n;
	int err;

	if (ascii_template_name(out, s, len))
		return SB_OK;
	clean = sb_text_title(s, len);
	p = clean;
	n = strlen(clean);

	if (!drop_prefix(&p, &n, "Subst"))
		drop_prefix(&p, &n, "Safesubst");
	while (n && *p == ' ') {
		p++;
		n--;
	}
	drop_prefix(&p, &n, "Template");
	title = sb_text_title(p, n);
	sb_buf_reset(out);
	err = sb_buf_adds(out, title);
	free(title);
	free(clean);
	return err;
}

/* sb_wt_plain() with character references decoded, as MediaWiki decodes
 * them in titles ({{Let&#39;s Connect/Profile}} is that template). */
static int title_plain(sb_buf *out, const sb_wt_tree *t, uint32_t i)
{
	const sb_wt_node *n = &t->nodes[i];
	int err = SB_OK;

	if (n->type == SB_WT_ENTITY) {
		if (!sb_wt_entity_decode(out, t->text + n->start,
					 n->end - n->start))
			err = sb_buf_add(out, t->text + n->start,
					 n->end - n->start);
		return err;
	}
	if (is_leaf(n->type))
		return sb_wt_plain(out, t, i);
	for (uint32_t c = n->child; c != SB_WT_NONE && !err;
	     c = t->nodes[c].next)
		err = title_plain(out, t, c);
	return err;
}

int sb_wt_template_name(sb_buf *out, const sb_wt_tree *t, uint32_t i)
{
	uint32_t name = sb_wt_child(t, i, SB_WT_NAME, 0);
	const sb_wt_node *only;
	sb_buf raw;
	int err;

	/* A name written as one text leaf (nearly all) is read in place. */
	only = name != SB_WT_NONE && t->nodes[name].child != SB_WT_NONE
	       ? &t->nodes[t->nodes[name].child] : NULL;
	if (only && only->type == SB_WT_TEXT && only->next == SB_WT_NONE)
		return sb_wt_normalise_template_name(out, t->text + only->start,
						     only->end - only->start);
	sb_buf_init(&raw, SB_BUF_UNLIMITED);
	if (name != SB_WT_NONE && (err = title_plain(&raw, t, name)) < 0)
		goto done;
	err = sb_wt_normalise_template_name(out, sb_buf_str(&raw), raw.len);
done:
	sb_buf_dispose(&raw);
	return err;
}

const char *sb_wt_type_name(int type)
{
	static const char *const names[] = {
		"?", "text", "sep", "comment", "entity", "tag", "list",
		"table", "root", "template", "pfunc", "tparam", "name", "arg",
		"argname", "value", "link", "extlink", "heading"
	};

	if (type < 0 || (size_t)type >= sizeof(names) / sizeof(names[0]))
		return "?";
	return names[type];
}
