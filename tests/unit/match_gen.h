/*
 * match_gen.h - seeded random directories for the matching tests and the
 * benchmark: builds sb_profile records directly (no wikitext, no parser).
 *
 * Header-only (static functions) so both a test program and bench/ can use
 * it. The shape is loosely realistic: skill popularity and languages are
 * skewed (a few very common, many rare), time zones follow regions.
 */
#ifndef SKILLSBOT_TESTS_MATCH_GEN_H
#define SKILLSBOT_TESTS_MATCH_GEN_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skillsbot/mem.h"
#include "skillsbot/record.h"

typedef struct mg_rng {
	uint64_t s;
} mg_rng;

static inline uint32_t mg_next(mg_rng *r)
{
	/* splitmix64: small, good enough, the same on every platform */
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return (uint32_t)((z ^ (z >> 31)) >> 32);
}

static inline int mg_below(mg_rng *r, int n)
{
	return n <= 0 ? 0 : (int)(mg_next(r) % (uint32_t)n);
}

/* Skewed pick in 0..n-1: small indexes much more likely. */
static inline int mg_skewed(mg_rng *r, int n)
{
	double u = (mg_next(r) + 0.5) / 4294967296.0;

	return (int)(n * u * u * u);
}

typedef struct mg_params {
	int n_people;
	int n_skills;        /* skill ids "skill-00".. */
	int n_langs;         /* from the list below */
	int max_learn, max_share;
	int max_capacity;
	int unmapped_pct;    /* % of skill items left unmapped */
	int away_pct, inactive_pct;
	int unknown_tz_pct;
	bool fixed_offsets;  /* only "UTC+HH:MM" zones (tests compute them) */
	bool skewed;         /* popularity skew (benchmark realism) */
	bool disjoint;       /* nobody learns a skill they share (realism) */
} mg_params;

static const char *const mg_langs[] = {
	"en", "es", "fr", "ar", "pt", "de", "hi", "sw", "id", "ru", "zh",
	"bn", "ur", "fa", "tr", "it", "ja", "ko", "vi", "yo", "ha", "am",
	"pl", "uk", "nl", "tw", "ig", "ta", "te", "ml"
};
static const char *const mg_regions[] = {
	"ESEAP", "SA", "SSA", "MENA", "CEE", "LAC", "NWE", "USCA"
};
/* Zones typical of each region above. */
static const char *const mg_zones[8][3] = {
	{"Asia/Jakarta", "Asia/Manila", "Australia/Sydney"},
	{"Asia/Kolkata", "Asia/Dhaka", "Asia/Kathmandu"},
	{"Africa/Lagos", "Africa/Accra", "Africa/Nairobi"},
	{"Africa/Cairo", "Asia/Tehran", "Asia/Riyadh"},
	{"Europe/Warsaw", "Europe/Kyiv", "Europe/Istanbul"},
	{"America/Sao_Paulo", "America/Mexico_City", "America/Bogota"},
	{"Europe/Berlin", "Europe/London", "Europe/Paris"},
	{"America/New_York", "America/Chicago", "America/Los_Angeles"},
};
static const int mg_region_offsets[8] = {420, 330, 60, 180, 120, -240, 60, -300};

static inline int mg_pick(mg_rng *r, const mg_params *p, int n)
{
	return p->skewed ? mg_skewed(r, n) : mg_below(r, n);
}

static inline void mg_skill(mg_rng *r, const mg_params *p, sb_skill_ref *s)
{
	int k = mg_pick(r, p, p->n_skills);

	if (mg_below(r, 100) < p->unmapped_pct) {
		s->id = NULL;
		s->text = sb_asprintf("%s topic %d",
				      mg_below(r, 2) ? "Local" : "local", k % 3);
	} else {
		s->id = sb_asprintf("skill-%02d", k);
		s->text = sb_asprintf("Skill %d", k);
	}
}

static inline void mg_profile(mg_rng *r, const mg_params *p, int i,
			      sb_profile *out)
{
	static const int levels[] = {SB_LEVEL_NONE, 1, 2, 3, 4, 5,
				     SB_LEVEL_NATIVE};
	int region = mg_below(r, 9) - 1;
	int n_langs = 1 + mg_below(r, 3);
	int max_langs = p->n_langs < 30 ? p->n_langs : 30;

	memset(out, 0, sizeof(*out));
	out->page = sb_asprintf("Directory/Page %d", i / 10);
	out->page_id = 1000 + i / 10;
	out->index = i % 10;
	out->username = sb_asprintf("User %05d", i);
	out->region = region >= 0 ? sb_strdup(mg_regions[region]) : NULL;
	out->languages = sb_calloc((size_t)n_langs, sizeof(sb_lang));
	for (int k = 0; k < n_langs; k++) {
		int l = mg_pick(r, p, max_langs);

		snprintf(out->languages[out->n_languages].code,
			 sizeof(out->languages[0].code), "%s", mg_langs[l]);
		out->languages[out->n_languages].level = levels[mg_below(r, 7)];
		out->n_languages++;
	}
	if (mg_below(r, 100) >= p->unknown_tz_pct) {
		if (p->fixed_offsets) {
			int base = region >= 0 ? mg_region_offsets[region]
					       : mg_below(r, 25) * 60 - 720;
			int off = base + (mg_below(r, 5) - 2) * 90;
			int a;

			off = off < -720 ? -720 : off > 840 ? 840 : off;
			a = off < 0 ? -off : off;

			out->timezone = sb_asprintf("UTC%c%02d:%02d",
						    off < 0 ? '-' : '+',
						    a / 60, a % 60);
		} else {
			int z = region >= 0 ? region : mg_below(r, 8);

			out->timezone = sb_strdup(mg_zones[z][mg_below(r, 3)]);
		}
	}
	out->n_learn = (size_t)mg_below(r, p->max_learn + 1);
	out->learn = sb_calloc(out->n_learn + 1, sizeof(sb_skill_ref));
	for (size_t k = 0; k < out->n_learn; k++)
		mg_skill(r, p, &out->learn[k]);
	out->n_share = (size_t)mg_below(r, p->max_share + 1);
	out->share = sb_calloc(out->n_share + 1, sizeof(sb_skill_ref));
	for (size_t k = 0; k < out->n_share; k++) {
		mg_skill(r, p, &out->share[k]);
		for (size_t j = 0; p->disjoint && j < out->n_learn; j++)
			if (out->share[k].id && out->learn[j].id &&
			    !strcmp(out->share[k].id, out->learn[j].id)) {
				/* drop it: the last one takes its place */
				free(out->share[k].id);
				free(out->share[k].text);
				out->n_share--;
				k--;
				break;
			}
	}
	out->formats = (unsigned)(1 + mg_below(r, 7));
	if (mg_below(r, 3))
		out->formats = SB_FMT_ALL;
	out->capacity = mg_below(r, p->max_capacity + 1);
	out->status = mg_below(r, 100) < p->away_pct ? SB_STATUS_AWAY
		      : mg_below(r, 100) < p->inactive_pct ? SB_STATUS_INACTIVE
		      : SB_STATUS_ACTIVE;
}

static inline void mg_records(sb_records *recs, const mg_params *p,
			      uint64_t seed)
{
	mg_rng r = {seed * 2654435761u + 1};

	sb_records_init(recs);
	for (int i = 0; i < p->n_people; i++) {
		sb_profile prof;

		mg_profile(&r, p, i, &prof);
		sb_records_add_profile(recs, &prof);
	}
}

#endif
