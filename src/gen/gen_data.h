/*
 * gen_data.h - the built-in tables of the directory generator: the
 * program's regional mix, countries (with their languages, time zones and
 * affiliates) and pools of given and family names per region and script.
 *
 * Internal to src/gen/. Everything here is static, read-only data.
 */
#ifndef SKILLSBOT_GEN_DATA_H
#define SKILLSBOT_GEN_DATA_H

#include <stdbool.h>
#include <stddef.h>

/* Which language people write parameter names and greetings in. */
enum gen_tongue { GEN_EN, GEN_FR, GEN_ES, GEN_PT, GEN_AR, GEN_TONGUES };

typedef struct gen_country {
	const char *code;        /* ISO 3166-1 alpha-2 */
	const char *name;        /* ISO 3166 name or common name */
	int region;              /* enum sb_gen_region */
	int weight;              /* relative, within the region */
	const char *zones[4];    /* IANA zones, NULL-terminated */
	int offsets[4];          /* their standard UTC offsets, minutes */
	const char *native[4];   /* first languages, most common first */
	const char *second[3];   /* languages learnt at school or work */
	unsigned pools;          /* bit i set: name pool i is used here */
	const char *affiliate;
	int tongue;              /* enum gen_tongue */
	const char *label_lang;  /* language of the skill labels people use */
} gen_country;

typedef struct gen_pool {
	const char *const *given;
	size_t n_given;
	const char *const *family;
	size_t n_family;
	bool latin;              /* Latin script: may be written as "GivenFamily" */
} gen_pool;

extern const int sb_gen_region_weight[];      /* percent, sums to 100 */
extern const gen_country sb_gen_countries[];
extern const size_t sb_gen_n_countries;
extern const gen_pool sb_gen_pools[];
extern const size_t sb_gen_n_pools;
extern const char *const sb_gen_unmapped[];   /* skills no taxonomy knows */
extern const size_t sb_gen_n_unmapped;
extern const char *const sb_gen_plain_skills[]; /* when there is no taxonomy */
extern const size_t sb_gen_n_plain_skills;

/* The English name of a language as the ISO 639 list spells it, or NULL
 * when that name is not one an editor would write as is. */
const char *sb_gen_language_name(const char *code);

#endif
