/* langchain.c - language fallback chains; see langchain.h. */
#include "skillsbot/langchain.h"

#include <string.h>
#include <strings.h>

/*
 * The codes whose fallbacks are not their subtag parent: each row is
 * MediaWiki's own $fallback (languages/messages/MessagesXx.php), copied
 * as it is written there, and like MediaWiki this reads a row as the
 * code's whole chain before English, not following the fallbacks' own.
 * Rows are MediaWiki 1.39's (the LTS Debian 12 ships, which the
 * integration tests run); sr-latn and sr-cyrl have no file there (sr-el
 * and sr-ec name them as the same language and script) and are master's.
 * European Portuguese reads Brazilian (as Brazilian reads it, by the
 * subtag rule); Serbian in one script reads that script first, then sr;
 * each Chinese variant reads the ones in its own script first. Anything
 * else is the subtag rule: keep this table to MediaWiki's exceptions.
 */
static const struct mw_fallback {
	const char *code;
	const char *list;
} mw_fallbacks[] = {
	{"pt", "pt-br"},
	{"sr", "sr-ec, sr-cyrl"},
	{"sr-cyrl", "sr-ec, sr"},
	{"sr-ec", "sr-cyrl, sr"},
	{"sr-el", "sr-latn, sr"},
	{"sr-latn", "sr-el, sr"},
	{"zh", "zh-hans, zh-hant, zh-cn, zh-tw, zh-hk"},
	{"zh-cn", "zh-hans, zh, zh-hant"},
	{"zh-hans", "zh-cn, zh, zh-hant"},
	{"zh-hant", "zh-tw, zh-hk, zh, zh-hans"},
	{"zh-hk", "zh-hant, zh-tw, zh, zh-hans"},
	{"zh-mo", "zh-hk, zh-hant, zh-tw, zh, zh-hans"},
	{"zh-my", "zh-sg, zh-hans, zh-cn, zh, zh-hant"},
	{"zh-sg", "zh-hans, zh-cn, zh, zh-hant"},
	{"zh-tw", "zh-hant, zh-hk, zh, zh-hans"},
};

static bool in_chain(const sb_lang_chain *c, const char *code, size_t len)
{
	for (size_t i = 0; i < c->n; i++)
		if (strlen(c->v[i]) == len && memcmp(c->v[i], code, len) == 0)
			return true;
	return false;
}

/* Append code[0..len) unless it is there already or the chain is full
 * (the last place is English's). */
static void add(sb_lang_chain *c, const char *code, size_t len)
{
	if (len == 0 || len >= SB_LANG_CODE_MAX || in_chain(c, code, len) ||
	    c->n >= SB_LANG_CHAIN_MAX - 1)
		return;
	memcpy(c->v[c->n], code, len);
	c->v[c->n++][len] = '\0';
}

/* MediaWiki's list for `code`, or NULL. */
static const char *mw_list(const char *code)
{
	for (size_t i = 0; i < sizeof(mw_fallbacks) / sizeof(*mw_fallbacks);
	     i++)
		if (strcmp(mw_fallbacks[i].code, code) == 0)
			return mw_fallbacks[i].list;
	return NULL;
}

/* Append the codes of a list written "a, b, c". */
static void add_list(sb_lang_chain *c, const char *list)
{
	while (*list) {
		size_t len = strcspn(list, ", ");

		add(c, list, len);
		list += len;
		list += strspn(list, ", ");
	}
}

bool sb_lang_lower(char *out, const char *code)
{
	size_t len = code ? strlen(code) : 0;

	if (len == 0 || len >= SB_LANG_CODE_MAX)
		return false;
	for (size_t i = 0; i <= len; i++)
		out[i] = (char)((code[i] >= 'A' && code[i] <= 'Z') ?
				code[i] - 'A' + 'a' : code[i]);
	return true;
}

void sb_lang_chain_of(sb_lang_chain *out, const char *code)
{
	char cur[SB_LANG_CODE_MAX];
	const char *list;
	char *dash;

	out->n = 0;
	/* The subtag rule, until a code MediaWiki lists fallbacks for:
	 * its list ends the chain (a code comes once, so pt and pt-br,
	 * which fall back to each other, do not loop). */
	if (sb_lang_lower(cur, code)) {
		for (;;) {
			add(out, cur, strlen(cur));
			if ((list = mw_list(cur)) != NULL) {
				add_list(out, list);
				break;
			}
			if (!(dash = strrchr(cur, '-')) || dash == cur)
				break;
			*dash = '\0';
		}
	}
	if (!in_chain(out, "en", 2))
		memcpy(out->v[out->n++], "en", 3);
}

bool sb_lang_same(const char *a, const char *b)
{
	/* Codes are lower case but for a taxonomy's: try the cheap way. */
	return a && b && (a == b || strcmp(a, b) == 0 || strcasecmp(a, b) == 0);
}
