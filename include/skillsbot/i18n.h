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
 * English is the reference: a message missing in another language falls
 * back to English and is reported by sb_i18n_missing().
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

/* Load DIR/en.json and DIR/LANG.json for each of `langs`. A missing
 * file other than en.json is not an error (every message falls back and
 * is reported); a file that does not parse is. */
int sb_i18n_load(sb_i18n **out, const char *dir, const char *const *langs,
		 size_t n_langs);
/* Messages from strings (for tests): texts[i] is the JSON of langs[i]. */
int sb_i18n_from_json(sb_i18n **out, const char *const *langs,
		      const char *const *texts, size_t n);
void sb_i18n_free(sb_i18n *m);

/* True when English defines `key`. */
bool sb_i18n_has(const sb_i18n *m, const char *key);

/* Append message `key` in `lang` (English when missing) with `args`. */
int sb_i18n_format(sb_buf *b, const sb_i18n *m, const char *lang,
		   const char *key, const sb_msg_arg *args, size_t n_args);

/* The raw text of `key` in `lang` (English when missing); borrowed. */
const char *sb_i18n_text(const sb_i18n *m, const char *lang, const char *key);

/* The plural category index of `n` in `lang` (0-based, the order the
 * forms are written in), per CLDR, for en, es, fr, pt, ar and others. */
int sb_i18n_plural_index(const char *lang, long long n);

/* The messages of a loaded language missing in it, in key order:
 * call with i = 0, 1, ... until it returns NULL. */
const char *sb_i18n_missing(const sb_i18n *m, const char *lang, size_t i);

/* True when `lang` is written right to left. */
bool sb_i18n_rtl(const char *lang);

/* "rtl" or "ltr": the dir= attribute of text in `lang`. */
const char *sb_i18n_dir(const char *lang);

/* The language text asked for in `lang` is shown in: `lang` when it has
 * messages of its own, else "en" (a language with no message file, or
 * an empty one, is shown wholly in English). Its lang= and dir=, and the
 * skill labels beside it, follow this, not the code asked for, so that
 * no English text is marked Swahili or set right to left. Either `lang`
 * or a static string. */
const char *sb_i18n_shown_lang(const sb_i18n *m, const char *lang);

/* True when `key`, asked for in `lang`, is shown in English although
 * `lang` has messages of its own: a fallback inside a translated text,
 * to be marked as English where it lands. */
bool sb_i18n_falls_back(const sb_i18n *m, const char *lang, const char *key);

#endif
