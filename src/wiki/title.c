/* title.c - siteinfo namespaces and title normalisation as the wiki does
 * it; see sys/mwapi.h. */
#include "skillsbot/sys/mwapi.h"

#include "skillsbot/error.h"
#include "skillsbot/mem.h"
#include "skillsbot/text.h"

#include <stdlib.h>
#include <string.h>

static void add_ns(sb_mw_site *s, int id, const char *name,
		   const char *canonical, bool case_sensitive)
{
	sb_mw_ns *n;

	SB_GROW(s->ns, s->cap_ns, s->n_ns + 1);
	n = &s->ns[s->n_ns++];
	n->id = id;
	n->name = sb_strdup(name);
	n->canonical = canonical ? sb_strdup(canonical) : NULL;
	n->case_sensitive = case_sensitive;
}

static void add_alias(sb_mw_site *s, int id, const char *alias)
{
	SB_GROW(s->aliases, s->cap_aliases, s->n_aliases + 1);
	s->aliases[s->n_aliases].id = id;
	s->aliases[s->n_aliases].alias = sb_strdup(alias);
	s->n_aliases++;
}

void sb_mw_site_defaults(sb_mw_site *s)
{
	static const struct { int id; const char *name; } std[] = {
		{-2, "Media"}, {-1, "Special"}, {0, ""}, {1, "Talk"},
		{2, "User"}, {3, "User talk"}, {4, "Project"},
		{5, "Project talk"}, {6, "File"}, {7, "File talk"},
		{8, "MediaWiki"}, {9, "MediaWiki talk"}, {10, "Template"},
		{11, "Template talk"}, {12, "Help"}, {13, "Help talk"},
		{14, "Category"}, {15, "Category talk"},
	};
	size_t i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < sizeof(std) / sizeof(std[0]); i++)
		add_ns(s, std[i].id, std[i].name, std[i].id ? std[i].name : NULL,
		       false);
	add_alias(s, 6, "Image");
	add_alias(s, 7, "Image talk");
}

void sb_mw_site_dispose(sb_mw_site *s)
{
	size_t i;

	for (i = 0; i < s->n_ns; i++) {
		free(s->ns[i].name);
		free(s->ns[i].canonical);
	}
	for (i = 0; i < s->n_aliases; i++)
		free(s->aliases[i].alias);
	free(s->ns);
	free(s->aliases);
	memset(s, 0, sizeof(*s));
}

/* MediaWiki's namespace ids are small integers (-2, -1, 0, 1, ... a few
 * thousand on the largest wikis); anything else is a broken answer, and
 * casting it to int would be undefined. */
static bool ns_id_ok(double id)
{
	return id >= -1000000 && id <= 1000000 && id == (double)(int)id;
}

int sb_mw_site_parse(sb_mw_site *s, const cJSON *query, const char *what)
{
	const cJSON *nss = cJSON_GetObjectItemCaseSensitive(query, "namespaces");
	const cJSON *als = cJSON_GetObjectItemCaseSensitive(query,
							     "namespacealiases");
	const cJSON *it;
	sb_mw_site fresh;

	if (!cJSON_IsObject(nss) && !cJSON_IsArray(nss))
		return sb_error_set(SB_EINVALID, "%s: siteinfo without namespaces",
				    what);
	memset(&fresh, 0, sizeof(fresh));
	cJSON_ArrayForEach(it, nss) {
		const char *name = sb_json_str(it, "name");
		const char *kase = sb_json_str(it, "case");
		double id = sb_json_num(it, "id", 1e9);

		if (!name || id == 1e9) {
			sb_mw_site_dispose(&fresh);
			return sb_error_set(SB_EINVALID,
				"%s: a namespace without id or name", what);
		}
		if (!ns_id_ok(id))
			goto bad_id;
		add_ns(&fresh, (int)id, name, sb_json_str(it, "canonical"),
		       kase && strcmp(kase, "case-sensitive") == 0);
	}
	cJSON_ArrayForEach(it, als) {
		const char *alias = sb_json_str(it, "alias");
		double id = sb_json_num(it, "id", 0);

		if (!alias)
			continue;
		if (!ns_id_ok(id))
			goto bad_id;
		add_alias(&fresh, (int)id, alias);
	}
	sb_mw_site_dispose(s);
	*s = fresh;
	return SB_OK;
bad_id:
	sb_mw_site_dispose(&fresh);
	return sb_error_set(SB_EINVALID, "%s: a namespace id that is not a "
			    "whole number of a sensible size", what);
}

/* Code points MediaWiki treats as a space in titles (Title::newFromText's
 * character class), and the direction marks it strips. */
static bool title_space(unsigned long cp)
{
	return cp == ' ' || cp == '_' || cp == 0xA0 || cp == 0x1680 ||
	       cp == 0x180E || (cp >= 0x2000 && cp <= 0x200A) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
	       cp == 0x205F || cp == 0x3000;
}

static bool direction_mark(unsigned long cp)
{
	return cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E);
}

/* Decode one UTF-8 sequence of an NFC (so valid) string. */
static size_t next_cp(const unsigned char *p, unsigned long *cp)
{
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xE0) == 0xC0) {
		*cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
		return 2;
	}
	if ((p[0] & 0xF0) == 0xE0) {
		*cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) |
		      (p[2] & 0x3Fu);
		return 3;
	}
	*cp = ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) |
	      ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
	return 4;
}

/* NFC, spaces folded and trimmed, direction marks gone. */
static char *clean_spaces(const char *title)
{
	char *nfc = sb_text_nfc(title, strlen(title));
	const unsigned char *p = (const unsigned char *)nfc;
	sb_buf b;
	bool pending = false;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	while (*p) {
		unsigned long cp;
		size_t k = next_cp(p, &cp);

		if (title_space(cp)) {
			pending = b.len > 0;
		} else if (!direction_mark(cp)) {
			if (pending)
				sb_buf_addc(&b, ' ');
			pending = false;
			sb_buf_add(&b, p, k);
		}
		p += k;
	}
	free(nfc);
	return sb_buf_take(&b, NULL);
}

static bool same_ns_name(const char *a, const char *prefix, size_t n)
{
	char *fa, *fb;
	bool same;

	if (!a || !*a)
		return false;
	fa = sb_text_fold(a, strlen(a));
	fb = sb_text_fold(prefix, n);
	same = strcmp(fa, fb) == 0;
	free(fa);
	free(fb);
	return same;
}

static const sb_mw_ns *ns_by_id(const sb_mw_site *s, int id)
{
	size_t i;

	for (i = 0; i < s->n_ns; i++)
		if (s->ns[i].id == id)
			return &s->ns[i];
	return NULL;
}

/* The namespace a prefix names; NULL when it names none. */
static const sb_mw_ns *ns_by_prefix(const sb_mw_site *s, const char *p,
				    size_t n)
{
	size_t i;

	for (i = 0; i < s->n_ns; i++)
		if (s->ns[i].id != 0 && (same_ns_name(s->ns[i].name, p, n) ||
		    same_ns_name(s->ns[i].canonical, p, n)))
			return &s->ns[i];
	for (i = 0; i < s->n_aliases; i++)
		if (same_ns_name(s->aliases[i].alias, p, n))
			return ns_by_id(s, s->aliases[i].id);
	return NULL;
}

char *sb_mw_site_normalize(const sb_mw_site *s, const char *title,
			   int *ns_out)
{
	char *clean = clean_spaces(title);
	const char *rest = clean;
	const char *colon;
	const sb_mw_ns *ns = ns_by_id(s, 0);
	char *page, *out;

	if (*rest == ':') {
		rest++;
		while (*rest == ' ')
			rest++;
	}
	colon = strchr(rest, ':');
	if (colon) {
		size_t n = (size_t)(colon - rest);
		const sb_mw_ns *found;

		while (n > 0 && rest[n - 1] == ' ')
			n--;
		found = ns_by_prefix(s, rest, n);
		if (found) {
			ns = found;
			rest = colon + 1;
			while (*rest == ' ')
				rest++;
		}
	}
	page = ns && ns->case_sensitive ? sb_strdup(rest) : sb_text_ucfirst(rest);
	if (ns && ns->id != 0)
		out = sb_asprintf("%s:%s", ns->name, page);
	else
		out = sb_strdup(page);
	if (ns_out)
		*ns_out = ns ? ns->id : 0;
	free(page);
	free(clean);
	return out;
}
