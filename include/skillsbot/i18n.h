/*
 * i18n.h - interface messages for the generated pages.
 *
 * Part of the render module. Messages live in banana-style JSON files,
 * wikitext/i18n/LANG.json (qqq.json documents them), one object of
 * "key": "text" with an "@metadata" member. A text may use $1, $2 for
 * values and {{PLURAL:$1|one|other}} (the forms of the language's CLDR
 * plural categories, in order; "0=none" style explicit forms first),
 * expanded here so the result does not depend on the wiki's language.
 *
 * English is the reference. A message missing in a language is looked
 * for along its fallback chain (langchain.h: pt-br, then pt, then
 * English), and one shown in English is reported by sb_i18n_missing().
 */
#ifndef SKILLSBOT_I18N_H
#define SKILLSBOT_I18N_H

#include <stdbool.h>
#include <stddef.h>

#include "skillsbot/buf.h"

typedef struct sb_i18n sb_i18n;

/* One value given to a message: its wikitext (already escaped) and, for
 * PLURAL, its number. */
typedef struct sb_msg_arg {
	const char *wikitext;
	long long num;
	bool is_num;
} sb_msg_arg;

/* Load DIR/en.json and DIR/LANG.json for each of `langs` and for each
 * language of their chains (pt.json for pt-br). A missing file other
 * than en.json is not an error (its messages fall back and are
 * reported); a file that does not parse is. */
int sb_i18n_load(sb_i18n **out, const char *dir, const char *const *langs,
		 size_t n_langs);
/* Messages from strings (for tests): texts[i] is the JSON of langs[i]. */
int sb_i18n_from_json(sb_i18n **out, const char *const *langs,
		      const char *const *texts, size_t n);
void sb_i18n_free(sb_i18n *m);

/* True when English defines `key`. */
bool sb_i18n_has(const sb_i18n *m, const char *key);

/* Append message `key` in `lang` (the first language of its chain that
 * has it) with `args`; PLURAL follows the language it is found in. */
int sb_i18n_format(sb_buf *b, const sb_i18n *m, const char *lang,
		   const char *key, const sb_msg_arg *args, size_t n_args);

/* The raw text of `key` in `lang` (as sb_i18n_format finds it), or NULL
 * when English lacks it too; borrowed. */
const char *sb_i18n_text(const sb_i18n *m, const char *lang, const char *key);

/* The language that text is in: `lang`, a language of its chain, or
 * "en" (also for a key English lacks). Borrowed from `m` or static. */
const char *sb_i18n_msg_lang(const sb_i18n *m, const char *lang,
			     const char *key);

/* Both at once (one look-up): the text, or NULL, and in *in its
 * language; then sb_i18n_format_found() formats what it found as
 * sb_i18n_format() would. */
const char *sb_i18n_find(const sb_i18n *m, const char *lang, const char *key,
			 const char **in);
int sb_i18n_format_found(sb_buf *b, const char *key, const char *text,
			 const char *in, const sb_msg_arg *args,
			 size_t n_args);

/* Where a value went in a formatted message: bytes [from, to) of the
 * text the message appended are value `arg`'s (0-based). */
typedef struct sb_msg_at {
	size_t from, to, arg;
} sb_msg_at;

/* sb_i18n_format_found(), noting where each value went, in the order
 * written (a value the text writes twice, twice): *at is malloc'd (the
 * caller frees it; NULL when no value was written), *n_at long. For a
 * message whose values are in other languages than its words. */
int sb_i18n_format_found_at(sb_buf *b, const char *key, const char *text,
			    const char *in, const sb_msg_arg *args,
			    size_t n_args, sb_msg_at **at, size_t *n_at);

/* The plural category index of `n` in `lang` (0-based, the order the
 * forms are written in), per CLDR, for en, es, fr, pt, ar and others; a
 * variant (pt-br) counts as its language. */
int sb_i18n_plural_index(const char *lang, long long n);

/* The messages a loaded language shows in English (missing from every
 * language of its chain), in key order: call with i = 0, 1, ... until
 * it returns NULL. */
const char *sb_i18n_missing(const sb_i18n *m, const char *lang, size_t i);

/* True when `lang` is written right to left: its script subtag says so
 * (ku-arab), or its language does (ar, and ar-eg as ar). */
bool sb_i18n_rtl(const char *lang);

/* "rtl" or "ltr": the dir= attribute of text in `lang`. */
const char *sb_i18n_dir(const char *lang);

/* The language a page asked for in `lang` is shown in: the first
 * language of its chain that has messages (pt for a pt-br with no file
 * of its own), else "en" (a chain with no message file, or only empty
 * ones, is shown wholly in English). The page's lang= and dir= follow
 * this, not the code asked for, so that screen readers, fonts and
 * hyphenation get the language the text is written in, and no English
 * text is marked Swahili or set right to left. Borrowed from `m`, or
 * static. */
const char *sb_i18n_shown_lang(const sb_i18n *m, const char *lang);

#endif
