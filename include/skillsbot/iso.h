/*
 * iso.h - countries, languages and Wikimedia regions.
 *
 * Countries (ISO 3166-1) and languages (ISO 639-2 and 639-3) come from
 * Debian's iso-codes JSON files, read once into lookup tables: there is no
 * hand-typed list of them here. The only hand-made table is the one that
 * places each country in one of the eight Wikimedia regions.
 *
 * Lookups take text as an editor wrote it (a code or an English name, any
 * case, any spacing) and give the normalised code, borrowed from the
 * table (static strings for regions).
 */
#ifndef SKILLSBOT_ISO_H
#define SKILLSBOT_ISO_H

#include <stddef.h>

typedef struct sb_iso sb_iso;

/* Load the tables from `dir` (NULL: $SB_ISO_CODES_DIR, else
 * /usr/share/iso-codes/json). Fails naming the file that is missing or
 * does not parse. */
int sb_iso_load(sb_iso **out, const char *dir);
void sb_iso_free(sb_iso *iso);

/* "gh", "GHA", "Ghana", "Republic of Ghana" -> "GH"; NULL if unknown. */
const char *sb_iso_country(const sb_iso *iso, const char *text, size_t len);
/* The English name of an alpha-2 code, or NULL. */
const char *sb_iso_country_name(const sb_iso *iso, const char *alpha2);

/* Load country names in each of `langs`, else in the first language of
 * its fallback chain (langchain.h) that has them, from iso-codes'
 * gettext catalogues,
 * DIR/LOCALE/LC_MESSAGES/iso_3166-1.mo (DIR NULL: $SB_LOCALE_DIR, else
 * /usr/share/locale; LOCALE is the code as gettext writes it: pt_BR for
 * pt-br, zh_Hans for zh-hans). A language without a catalogue keeps the
 * English names: not an error. A catalogue that does not read is
 * (SB_EINVALID or SB_EIO, naming the file). */
int sb_iso_load_country_names(sb_iso *iso, const char *const *langs,
			      size_t n, const char *dir);
/* The name of an alpha-2 code in `lang`, else in the first language of
 * its chain whose loaded names translate it, else the English name;
 * NULL if unknown. */
const char *sb_iso_country_name_in(const sb_iso *iso, const char *alpha2,
				   const char *lang);
/* The same, and in *shown the language the name is in (borrowed from
 * `iso`, or "en"). */
const char *sb_iso_country_name_shown(const sb_iso *iso, const char *alpha2,
				      const char *lang, const char **shown);

/* "fr", "fre", "fra", "French" -> "fr" (the 639-1 code when there is one,
 * else the 639-3 code); Wikimedia's codes whose first subtag is another
 * language, "zh-yue" -> "yue", "roa-rup" -> "rup"; NULL if unknown. */
const char *sb_iso_language(const sb_iso *iso, const char *text, size_t len);
/* The English name of a language code, or NULL. */
const char *sb_iso_language_name(const sb_iso *iso, const char *code);

/* The region of a country ("GH" -> "SSA"), or NULL (Antarctica...). */
const char *sb_region_of_country(const char *alpha2);

/* Results of sb_region_parse(). */
#define SB_REGION_MEA "MEA"       /* SSA or MENA: decided by the country */
#define SB_REGION_EUROPE "EUROPE" /* NWE or CEE: decided by the country */

/* A region as written ("SSA", "South Asia", "LATAM", "MEA") -> a code of
 * the eight, or one of the two markers above; NULL if unknown. */
const char *sb_region_parse(const char *text, size_t len);

#endif
