/*
 * link.c - a field that names where something is (a resource's link):
 * a wiki page or an http(s) address. Written as a link, it is the
 * link's target, not its label: "[https://x.org/a.pdf the slides]" is
 * https://x.org/a.pdf, "[[Grants:Guide|the guide]]" is Grants:Guide.
 * Other schemes (javascript:, data:, mailto:, ftp://...) are reported
 * and dropped.
 */
#include "extract_int.h"

#include "skillsbot/mem.h"
#include "skillsbot/text.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Schemes without "//" that are neither a wiki page nor a web page;
 * "x://" is always an address (its slashes say so: "file:///"). Anything
 * else before a colon is taken for a namespace or interwiki prefix
 * ("File:", "Grants:", "m:"); "data:" too unless it has the comma of a
 * data address (Commons has a Data: namespace). */
static const char *const other_schemes[] = {
	"javascript", "vbscript", "mailto", "tel", "sms", "news", "urn",
	"magnet", "geo", "sip", "sips", "xmpp", "matrix", "bitcoin", "blob"
};

static bool is_scheme_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-';
}

static bool other_scheme(const char *s, size_t n)
{
	for (size_t k = 0; k < sizeof(other_schemes) / sizeof(*other_schemes);
	     k++)
		if (strlen(other_schemes[k]) == n &&
		    strncasecmp(s, other_schemes[k], n) == 0)
			return true;
	return false;
}

/* An http(s) address from s (scheme checked, `rest` after "://"): the
 * scheme in lower case, up to the first space, as a wiki page ends a
 * bare address there; what follows is reported. */
static char *web_address(page_state *ps, sb_diags *d, const char *field,
			 size_t at, bool https, const char *rest)
{
	size_t n = strcspn(rest, " ");

	if (!n || *rest == '/') {
		sb_diag_at(ps, d, field, at, "\"%s\" names no site; the link "
			   "was left out", https ? "https://" : "http://");
		return NULL;
	}
	if (rest[n])
		sb_diag_at(ps, d, field, at, "\"%s\" after the address was "
			   "left out (an address has no spaces)",
			   rest + n + 1);
	return sb_asprintf("%s://%.*s", https ? "https" : "http", (int)n,
			   rest);
}

/* A wiki page title from s: the section after "#" is reported and
 * dropped (the page is linked); title-normalised. */
static char *wiki_page(page_state *ps, sb_diags *d, const char *field,
		       size_t at, const char *s)
{
	size_t n = strcspn(s, "#");

	while (*s == ':' || *s == ' ') {
		s++;
		n--;
	}
	if (!n) {
		sb_diag_at(ps, d, field, at, "\"%s\" names no page; the link "
			   "was left out", s);
		return NULL;
	}
	if (strcspn(s, "<>[]{}|") < n) {
		sb_diag_at(ps, d, field, at, "\"%.*s\" cannot be a page title; "
			   "the link was left out", (int)n, s);
		return NULL;
	}
	if (s[n] && s[n + 1])
		sb_diag_at(ps, d, field, at, "the section \"%s\" was left out; "
			   "the link goes to the page", s + n);
	return sb_text_title(s, n);
}

/* The target `s` (clean text) as a link: an address or a page. */
static char *link_target(page_state *ps, sb_diags *d, const char *field,
			 size_t at, const char *s)
{
	size_t i = 0, colon;

	while (*s == ' ')
		s++;
	if (s[0] == '/' && s[1] == '/')
		/* Protocol-relative: the wikis are served over https. */
		return web_address(ps, d, field, at, true, s + 2);
	while (is_scheme_char(s[i]))
		i++;
	colon = i;
	while (s[colon] == ' ')
		colon++;
	if (i == 0 || s[colon] != ':')
		return wiki_page(ps, d, field, at, s);
	if (colon == i && strncmp(s + i, "://", 3) == 0 &&
	    ((i == 4 && strncasecmp(s, "http", 4) == 0) ||
	     (i == 5 && strncasecmp(s, "https", 5) == 0)))
		return web_address(ps, d, field, at, i == 5, s + i + 3);
	if (strncmp(s + colon, "://", 3) == 0 || other_scheme(s, i) ||
	    (i == 4 && strncasecmp(s, "data", 4) == 0 && strchr(s, ','))) {
		sb_diag_at(ps, d, field, at, "\"%s\" is neither a wiki page nor "
			   "an http(s) address; the link was left out", s);
		return NULL;
	}
	return wiki_page(ps, d, field, at, s);
}

/* The first link among the value's parts; *more when anything but
 * white space and comments stands beside it. */
static uint32_t first_link(const sb_wt_tree *t, uint32_t value, bool *more)
{
	uint32_t first = SB_WT_NONE;

	*more = false;
	for (uint32_t c = t->nodes[value].child; c != SB_WT_NONE;
	     c = t->nodes[c].next) {
		const sb_wt_node *n = &t->nodes[c];

		if (n->type == SB_WT_COMMENT)
			continue;
		if (first == SB_WT_NONE &&
		    (n->type == SB_WT_LINK || n->type == SB_WT_EXTLINK))
			first = c;
		else if (n->type != SB_WT_TEXT ||
			 strspn(t->text + n->start, " \t\r\n") <
			 n->end - n->start)
			*more = true;
	}
	return first;
}

/* Report what stands beside the link (as written, comments out). */
static void beside_link(page_state *ps, sb_diags *d, const char *field,
			uint32_t value, uint32_t link)
{
	const sb_wt_tree *t = ps->t;
	sb_buf *b = &ps->tmp;
	char *rest;

	sb_buf_reset(b);
	for (uint32_t c = t->nodes[value].child; c != SB_WT_NONE;
	     c = t->nodes[c].next)
		if (c != link) {
			sb_wt_plain(b, t, c);
			sb_buf_addc(b, ' ');
		}
	rest = sb_text_clean(sb_buf_str(b), b->len);
	sb_diag_at(ps, d, field, t->nodes[value].start, "only the link is "
		   "used; \"%s\" beside it was left out", rest);
	free(rest);
}

char *sb_read_link(page_state *ps, uint32_t value, const char *field,
		   sb_diags *d)
{
	const sb_wt_tree *t = ps->t;
	uint32_t link, part;
	bool more;
	const char *s;
	char *target, *out;

	if (value == SB_WT_NONE)
		return NULL;
	if ((link = first_link(t, value, &more)) == SB_WT_NONE) {
		s = sb_value_str(ps, value, field, d);
		return s ? link_target(ps, d, field, t->nodes[value].start, s)
			 : NULL;
	}
	if (more)
		beside_link(ps, d, field, value, link);
	/* An external link's address is its text part, a wiki link's
	 * target its name. */
	part = t->nodes[link].type == SB_WT_EXTLINK
	       ? sb_wt_child(t, link, SB_WT_TEXT, 0)
	       : sb_wt_child(t, link, SB_WT_NAME, 0);
	sb_buf_reset(&ps->tmp);
	if (part != SB_WT_NONE)
		sb_wt_plain(&ps->tmp, t, part);
	target = sb_text_clean(sb_buf_str(&ps->tmp), ps->tmp.len);
	out = link_target(ps, d, field, t->nodes[link].start, target);
	free(target);
	return out;
}
