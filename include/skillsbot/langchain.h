/*
 * langchain.h - the languages a text in one language falls back to.
 *
 * A reader of a variant (pt-br, de-at, fr-ca, sr-el) reads its parent
 * language better than English, as MediaWiki's fallback chains assume
 * (pt-br -> pt -> en). The chain of a code is: the code itself, then its
 * parent, found by dropping the last subtag (de-at -> de), until a code
 * MediaWiki lists fallbacks for (its $fallback, one small table in
 * langchain.c: sr-el -> sr-latn, sr; zh-hant -> zh-tw, zh-hk, zh,
 * zh-hans), whose list ends the chain, as in MediaWiki; then English,
 * which every chain ends with. Messages, skill labels and country names
 * all walk the same chain, so a page never mixes two ideas of what "the
 * nearest language" is.
 *
 * Codes are MediaWiki's (lower case, subtags after '-'); a code that does
 * not fit SB_LANG_CODE_MAX bytes has no parent but English.
 */
#ifndef SKILLSBOT_LANGCHAIN_H
#define SKILLSBOT_LANGCHAIN_H

#include <stdbool.h>
#include <stddef.h>

#define SB_LANG_CODE_MAX 16
/* MediaWiki's longest chains (zh, zh-mo, zh-my) are 7 with English. */
#define SB_LANG_CHAIN_MAX 8

typedef struct sb_lang_chain {
	char v[SB_LANG_CHAIN_MAX][SB_LANG_CODE_MAX];
	size_t n;            /* at least 1: the last is always "en" */
} sb_lang_chain;

/* `code` in lower case into `out` (SB_LANG_CODE_MAX bytes); false,
 * `out` untouched, when it is NULL, empty or does not fit. */
bool sb_lang_lower(char *out, const char *code);

/* The chain of `code` (NULL: English alone), each code once. */
void sb_lang_chain_of(sb_lang_chain *out, const char *code);

/* Do two codes name the same language? (Case does not matter: a
 * taxonomy may write "pt-BR".) NULL matches nothing. */
bool sb_lang_same(const char *a, const char *b);

#endif
