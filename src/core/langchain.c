/* langchain.c - language fallback chains; see langchain.h. */
#include "skillsbot/langchain.h"

#include <string.h>
#include <strings.h>

/*
 * The codes whose next language is not their subtag parent. Each row is
 * MediaWiki's own $fallback (languages/messages/MessagesXx.php): European
 * Portuguese falls back to Brazilian ("$fallback = 'pt-br'" in
 * MessagesPt.php, as Brazilian falls back to it), Traditional Chinese to
 * Simplified, and "zh", a stub there, to Simplified. Everything else is
 * the subtag rule: keep this table small.
 */
static const char *const next_of[][2] = {
	{"pt", "pt-br"},
	{"zh", "zh-hans"},
	{"zh-hant", "zh-hans"},
};

static bool in_chain(const sb_lang_chain *c, const char *code)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i], code) == 0)
			return true;
	return false;
}

/* The language after `code` (written to `out`), or false at the end. */
static bool next_lang(char *out, const char *code)
{
	const char *dash;

	for (size_t i = 0; i < sizeof(next_of) / sizeof(next_of[0]); i++)
		if (strcmp(next_of[i][0], code) == 0) {
			memcpy(out, next_of[i][1], strlen(next_of[i][1]) + 1);
			return true;
		}
	if (!(dash = strrchr(code, '-')) || dash == code)
		return false;
	memcpy(out, code, (size_t)(dash - code));
	out[dash - code] = '\0';
	return true;
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
	char cur[SB_LANG_CODE_MAX], next[SB_LANG_CODE_MAX];

	out->n = 0;
	if (sb_lang_lower(cur, code)) {
		/* A cycle (pt <-> pt-br) ends where a code comes again. */
		while (out->n < SB_LANG_CHAIN_MAX - 1 && !in_chain(out, cur)) {
			memcpy(out->v[out->n++], cur, SB_LANG_CODE_MAX);
			if (!next_lang(next, cur))
				break;
			memcpy(cur, next, SB_LANG_CODE_MAX);
		}
	}
	if (!in_chain(out, "en"))
		memcpy(out->v[out->n++], "en", 3);
}

bool sb_lang_same(const char *a, const char *b)
{
	/* Codes are lower case but for a taxonomy's: try the cheap way. */
	return a && b && (a == b || strcmp(a, b) == 0 || strcasecmp(a, b) == 0);
}
