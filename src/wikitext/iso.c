/*
 * iso.c - country, language and region lookups; see iso.h.
 *
 * Keys are folded (text.h: NFC, case-folded, white space folded), so
 * "  GHANA " finds Ghana. Codes are entered first and always win; names
 * never replace an earlier key, so a name that is also a code ("Ewe",
 * "ewe") keeps meaning the code. Wikimedia's own codes that name another
 * language than their first subtag ("zh-yue") come right after the ISO
 * codes.
 */
#include "skillsbot/iso.h"

#include "skillsbot/error.h"
#include "skillsbot/fileio.h"
#include "skillsbot/json.h"
#include "skillsbot/langchain.h"
#include "skillsbot/mem.h"
#include "skillsbot/mo.h"
#include "skillsbot/siteconf.h"
#include "skillsbot/text.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_DIR "/usr/share/iso-codes/json"
#define DEFAULT_LOCALE_DIR "/usr/share/locale"
#define MAX_FILE (8 * 1024 * 1024)

typedef struct slot {
	char *key;          /* folded; NULL when free */
	const char *value;  /* a code, owned by the table's `codes` */
} slot;

typedef struct strmap {
	slot *slots;
	size_t n, cap;      /* cap is a power of two */
} strmap;

/* Country names in one language: iso-codes' catalogue for it. */
typedef struct country_names {
	char *lang;
	sb_mo *mo;
} country_names;

struct sb_iso {
	strmap countries;   /* folded key -> alpha-2 */
	strmap languages;   /* folded key -> code */
	strmap names;       /* code -> English name */
	char **codes;       /* every value string, freed at the end */
	size_t n_codes, cap_codes;
	country_names *tr;  /* by language, see sb_iso_load_country_names */
	size_t n_tr, cap_tr;
};

static slot *map_find(const strmap *m, const char *key)
{
	size_t mask = m->cap - 1, i;

	if (!m->cap)
		return NULL;
	i = (size_t)sb_hash64(key, strlen(key)) & mask;
	while (m->slots[i].key) {
		if (strcmp(m->slots[i].key, key) == 0)
			return &m->slots[i];
		i = (i + 1) & mask;
	}
	return &m->slots[i];
}

static void map_grow(strmap *m)
{
	strmap big = {sb_calloc(m->cap ? m->cap * 2 : 64, sizeof(slot)), 0,
		      m->cap ? m->cap * 2 : 64};

	for (size_t i = 0; i < m->cap; i++) {
		if (m->slots[i].key) {
			*map_find(&big, m->slots[i].key) = m->slots[i];
			big.n++;
		}
	}
	free(m->slots);
	*m = big;
}

/* Add key -> value unless the key is there already (which then wins). */
static void map_add(strmap *m, char *key, const char *value)
{
	slot *s;

	if (2 * (m->n + 1) > m->cap)
		map_grow(m);
	s = map_find(m, key);
	if (s->key) {
		free(key);
		return;
	}
	s->key = key;
	s->value = value;
	m->n++;
}

static const char *map_get(const strmap *m, const char *key)
{
	const slot *s = map_find(m, key);

	return s && s->key ? s->value : NULL;
}

static void map_dispose(strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

static const char *lookup(const strmap *m, const char *text, size_t len)
{
	char buf[128], *key;
	const char *v;

	if (sb_text_fold_ascii(buf, sizeof(buf), text, len))
		return map_get(m, buf);
	key = sb_text_fold(text, len);
	v = map_get(m, key);
	free(key);
	return v;
}

static const char *intern(sb_iso *iso, const char *s)
{
	SB_GROW(iso->codes, iso->cap_codes, iso->n_codes + 1);
	iso->codes[iso->n_codes] = sb_strdup(s);
	return iso->codes[iso->n_codes++];
}

static void add_key(strmap *m, const char *text, const char *value)
{
	if (text && *text)
		map_add(m, sb_text_fold(text, strlen(text)), value);
}

/* "Korea, Republic of" is also "Republic of Korea"; "Spanish; Castilian"
 * is both names; "Swahili (macrolanguage)" is also "Swahili". */
static void add_name_forms(strmap *m, const char *name, const char *value)
{
	const char *comma, *semi, *paren;
	char *tmp;

	if (!name)
		return;
	add_key(m, name, value);
	if ((semi = strstr(name, "; ")) != NULL) {
		tmp = sb_strndup(name, (size_t)(semi - name));
		add_name_forms(m, tmp, value);
		free(tmp);
		add_name_forms(m, semi + 2, value);
		return;
	}
	if ((paren = strstr(name, " (")) != NULL) {
		tmp = sb_strndup(name, (size_t)(paren - name));
		add_key(m, tmp, value);
		free(tmp);
	}
	if ((comma = strstr(name, ", ")) != NULL && !strchr(comma + 2, ',')) {
		tmp = sb_asprintf("%s %.*s", comma + 2, (int)(comma - name),
				  name);
		add_key(m, tmp, value);
		free(tmp);
	}
}

static int load_json(cJSON **out, const char *dir, const char *file)
{
	char *path = sb_asprintf("%s/%s", dir, file), *text = NULL;
	size_t len;
	int err;

	if ((err = sb_file_read(&text, &len, path, MAX_FILE)) < 0)
		goto done;
	err = sb_json_parse(out, text, len, path);
done:
	free(text);
	free(path);
	return err;
}

static void lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s + 32);
}

/* Common English names that ISO 3166 spells otherwise. */
static const char *const country_aliases[][2] = {
	{"Russia", "RU"}, {"Turkey", "TR"}, {"Ivory Coast", "CI"},
	{"Cape Verde", "CV"}, {"Swaziland", "SZ"}, {"Macedonia", "MK"},
	{"DR Congo", "CD"}, {"DRC", "CD"},
	{"Democratic Republic of the Congo", "CD"},
	{"Republic of the Congo", "CG"}, {"UK", "GB"},
	{"Great Britain", "GB"}, {"Britain", "GB"}, {"USA", "US"},
	{"UAE", "AE"}, {"Palestine", "PS"}, {"Bolivia", "BO"},
	{"East Timor", "TL"}, {"Burma", "MM"}, {"Brunei", "BN"},
	{"Czech Republic", "CZ"}, {"Micronesia", "FM"}
};

static int load_countries(sb_iso *iso, const char *dir)
{
	cJSON *root = NULL, *arr, *it;
	int err;

	if ((err = load_json(&root, dir, "iso_3166-1.json")) < 0)
		return err;
	arr = cJSON_GetObjectItemCaseSensitive(root, "3166-1");
	cJSON_ArrayForEach(it, arr) {
		const char *a2 = sb_json_str(it, "alpha_2");
		const char *code;

		if (!a2)
			continue;
		code = intern(iso, a2);
		add_key(&iso->countries, a2, code);
		add_key(&iso->countries, sb_json_str(it, "alpha_3"), code);
		if (sb_json_str(it, "name"))
			map_add(&iso->names, sb_strdup(code),
				intern(iso, sb_json_str(it, "name")));
	}
	cJSON_ArrayForEach(it, arr) {
		const char *a2 = sb_json_str(it, "alpha_2");
		const char *code = a2 ? lookup(&iso->countries, a2, strlen(a2))
				      : NULL;

		if (!code)
			continue;
		add_name_forms(&iso->countries, sb_json_str(it, "common_name"),
			       code);
		add_name_forms(&iso->countries, sb_json_str(it, "name"), code);
		add_name_forms(&iso->countries,
			       sb_json_str(it, "official_name"), code);
	}
	for (size_t i = 0; i < sizeof(country_aliases) /
				sizeof(country_aliases[0]); i++)
		add_key(&iso->countries, country_aliases[i][0],
			intern(iso, country_aliases[i][1]));
	cJSON_Delete(root);
	return SB_OK;
}

/* One pass over a 639 file: codes (`names` false) or names (true). */
static void read_languages(sb_iso *iso, const cJSON *arr, bool names)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, arr) {
		const char *a2 = sb_json_str(it, "alpha_2");
		const char *a3 = sb_json_str(it, "alpha_3");
		char buf[16];
		const char *code;

		if (!a3 || strlen(a2 ? a2 : a3) >= sizeof(buf))
			continue;
		snprintf(buf, sizeof(buf), "%s", a2 ? a2 : a3);
		lower(buf);
		code = map_get(&iso->languages, buf);
		if (!names) {
			if (!code)
				code = intern(iso, buf);
			add_key(&iso->languages, buf, code);
			add_key(&iso->languages, a3, code);
			add_key(&iso->languages,
				sb_json_str(it, "bibliographic"), code);
			if (sb_json_str(it, "name"))
				map_add(&iso->names, sb_strdup(code),
					intern(iso, sb_json_str(it, "name")));
			continue;
		}
		add_name_forms(&iso->languages, sb_json_str(it, "common_name"),
			       code);
		add_name_forms(&iso->languages, sb_json_str(it, "name"), code);
		add_name_forms(&iso->languages,
			       sb_json_str(it, "inverted_name"), code);
	}
}

/* Wikimedia's language codes (MediaWiki's languages/data/Names.php,
 * which Babel boxes use) whose first subtag is another language or a
 * group of languages: each names the language of its ISO 639 code.
 * Codes whose first subtag is their language (be-tarask, zh-hans,
 * de-formal, sr-ec) need no entry: the subtags are dropped. */
static const char *const wikimedia_codes[][2] = {
	{"zh-yue", "yue"}, {"zh-min-nan", "nan"}, {"zh-classical", "lzh"},
	{"be-x-old", "be"}, {"roa-rup", "rup"}, {"roa-tara", "nap"},
	{"bat-smg", "sgs"}, {"fiu-vro", "vro"}, {"map-bms", "jv"},
	{"cbk-zam", "cbk"}
};

/* After the ISO codes, so that none of them is replaced. */
static void add_wikimedia_codes(sb_iso *iso)
{
	for (size_t i = 0; i < sizeof(wikimedia_codes) /
				sizeof(wikimedia_codes[0]); i++) {
		const char *iso_code = wikimedia_codes[i][1];
		const char *code = lookup(&iso->languages, iso_code,
					  strlen(iso_code));

		if (code)
			add_key(&iso->languages, wikimedia_codes[i][0], code);
	}
}

static int load_languages(sb_iso *iso, const char *dir)
{
	cJSON *l2 = NULL, *l3 = NULL;
	const cJSON *a2, *a3;
	int err;

	if ((err = load_json(&l2, dir, "iso_639-2.json")) < 0 ||
	    (err = load_json(&l3, dir, "iso_639-3.json")) < 0)
		goto done;
	a2 = cJSON_GetObjectItemCaseSensitive(l2, "639-2");
	a3 = cJSON_GetObjectItemCaseSensitive(l3, "639-3");
	/* All codes before any name; 639-2 names (the major languages)
	 * before the 639-3 ones. */
	read_languages(iso, a2, false);
	read_languages(iso, a3, false);
	add_wikimedia_codes(iso);
	read_languages(iso, a2, true);
	read_languages(iso, a3, true);
done:
	cJSON_Delete(l2);
	cJSON_Delete(l3);
	return err;
}

int sb_iso_load(sb_iso **out, const char *dir)
{
	sb_iso *iso = sb_calloc(1, sizeof(*iso));
	int err;

	if (!dir)
		dir = getenv("SB_ISO_CODES_DIR");
	if (!dir || !*dir)
		dir = DEFAULT_DIR;
	if ((err = load_countries(iso, dir)) < 0 ||
	    (err = load_languages(iso, dir)) < 0) {
		sb_iso_free(iso);
		iso = NULL;
	}
	*out = iso;
	return err;
}

void sb_iso_free(sb_iso *iso)
{
	if (!iso)
		return;
	map_dispose(&iso->countries);
	map_dispose(&iso->languages);
	map_dispose(&iso->names);
	for (size_t i = 0; i < iso->n_tr; i++) {
		free(iso->tr[i].lang);
		sb_mo_free(iso->tr[i].mo);
	}
	free(iso->tr);
	for (size_t i = 0; i < iso->n_codes; i++)
		free(iso->codes[i]);
	free(iso->codes);
	free(iso);
}

const char *sb_iso_country(const sb_iso *iso, const char *text, size_t len)
{
	return lookup(&iso->countries, text, len);
}

const char *sb_iso_country_name(const sb_iso *iso, const char *alpha2)
{
	return map_get(&iso->names, alpha2);
}

/* The catalogue loaded for `lang`, with its code, or NULL. */
static const country_names *names_in(const sb_iso *iso, const char *lang)
{
	for (size_t i = 0; lang && i < iso->n_tr; i++)
		if (strcmp(iso->tr[i].lang, lang) == 0)
			return &iso->tr[i];
	return NULL;
}

/* gettext's name of a language's folder: a region or script subtag is
 * written as a locale's (pt-br -> pt_BR, zh-hans -> zh_Hans). */
static char *locale_name(const char *code)
{
	const char *dash = strchr(code, '-');
	size_t sub = dash ? strlen(dash + 1) : 0;
	char *out = sb_strdup(code);

	if (dash && !strchr(dash + 1, '-') && (sub == 2 || sub == 4) &&
	    strspn(dash + 1, "abcdefghijklmnopqrstuvwxyz") == sub) {
		char *d = out + (dash - code);

		*d = '_';
		d[1] = (char)(d[1] - 'a' + 'A');
		for (size_t i = 2; sub == 2 && i <= sub; i++)
			d[i] = (char)(d[i] - 'a' + 'A');
	}
	return out;
}

/* The catalogue of one language, when it has one. */
static int load_names(sb_iso *iso, const char *dir, const char *code)
{
	char *loc, *path;
	sb_mo *mo;
	int err;

	/* English names are the catalogues' own ids */
	if (strcmp(code, "en") == 0 || !sb_siteconf_lang_ok(code) ||
	    names_in(iso, code))
		return SB_OK;
	loc = locale_name(code);
	path = sb_asprintf("%s/%s/LC_MESSAGES/iso_3166-1.mo", dir, loc);
	err = sb_mo_load(&mo, path);
	free(path);
	free(loc);
	if (err == SB_ENOTFOUND) {
		sb_error_clear();
		return SB_OK;
	}
	if (err < 0)
		return err;
	SB_GROW(iso->tr, iso->cap_tr, iso->n_tr + 1);
	iso->tr[iso->n_tr].lang = sb_strdup(code);
	iso->tr[iso->n_tr++].mo = mo;
	return SB_OK;
}

int sb_iso_load_country_names(sb_iso *iso, const char *const *langs,
			      size_t n, const char *dir)
{
	int err = SB_OK;

	if (!dir)
		dir = getenv("SB_LOCALE_DIR");
	if (!dir || !*dir)
		dir = DEFAULT_LOCALE_DIR;
	for (size_t i = 0; i < n && err == SB_OK; i++) {
		sb_lang_chain c;

		/* Up to the first language iso-codes has a catalogue for:
		 * a catalogue names (nearly) every country, and reading one
		 * costs more than the names it would add. */
		sb_lang_chain_of(&c, langs[i]);
		for (size_t k = 0; k < c.n && err == SB_OK &&
				   (k == 0 || !names_in(iso, c.v[k - 1])); k++)
			err = load_names(iso, dir, c.v[k]);
	}
	return err;
}

const char *sb_iso_country_name_shown(const sb_iso *iso, const char *alpha2,
				      const char *lang, const char **shown)
{
	const char *en = sb_iso_country_name(iso, alpha2);
	sb_lang_chain c;

	*shown = "en";
	if (!en)
		return NULL;
	sb_lang_chain_of(&c, lang);
	for (size_t k = 0; k < c.n; k++) {
		const country_names *tr = names_in(iso, c.v[k]);
		const char *t = tr ? sb_mo_get(tr->mo, en) : NULL;

		if (t) {
			*shown = tr->lang;
			return t;
		}
	}
	return en;
}

const char *sb_iso_country_name_in(const sb_iso *iso, const char *alpha2,
				   const char *lang)
{
	const char *shown;

	return sb_iso_country_name_shown(iso, alpha2, lang, &shown);
}

const char *sb_iso_language(const sb_iso *iso, const char *text, size_t len)
{
	return lookup(&iso->languages, text, len);
}

const char *sb_iso_language_name(const sb_iso *iso, const char *code)
{
	return map_get(&iso->names, code);
}
