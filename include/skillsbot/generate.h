/*
 * generate.h - seeded generator of large, realistic Skills Directories.
 *
 * For benchmarks, load tests and demos: sb_generate() invents pages of
 * profile templates written the messy ways editors write them (list
 * separators, bullets, comments, links, parameter-name aliases in several
 * languages, CRLF, stray spaces), with the program's regional mix, names,
 * countries, languages with Babel levels, IANA time zones and skills drawn
 * from a taxonomy (labels and aliases in several languages, plus some
 * unmapped skills).
 *
 * The same options give the same bytes on every machine: the generator
 * uses its own PRNG (splitmix64), never rand(), and no locale or clock.
 *
 * Ownership: the generator borrows the options and the taxonomy; the title
 * and text handed to the sink are borrowed for the duration of the call.
 */
#ifndef SKILLSBOT_GENERATE_H
#define SKILLSBOT_GENERATE_H

#include <stddef.h>
#include <stdint.h>

#include "skillsbot/taxonomy.h"

/* Regions of the program, in the order of sb_gen_region_code(). */
enum sb_gen_region {
	SB_GEN_SSA,
	SB_GEN_MENA,
	SB_GEN_SA,
	SB_GEN_LAC,
	SB_GEN_ESEAP,
	SB_GEN_CEE,
	SB_GEN_NWE,
	SB_GEN_USCA,
	SB_GEN_REGION_COUNT
};

typedef struct sb_gen_opts {
	size_t pages;      /* pages to generate */
	uint64_t seed;
	int per_page;      /* most profiles on one page: 1 = one a page,
			      K > 1 = some pages hold 2..K profiles */
	const sb_taxonomy *tax; /* skills to draw from; NULL = no taxonomy
				   (every skill is then unmapped text) */
	const char *root;  /* ROOT title; NULL = the default */
} sb_gen_opts;

/* Called once a page, in order. A negative return stops the generator,
 * which returns that code. `profiles` says how many profile templates the
 * page holds and `regions` their regions (enum sb_gen_region), so callers
 * and tests can count without parsing. */
typedef struct sb_gen_sink {
	int (*page)(void *ctx, const char *title, const char *text,
		    size_t len, int profiles, const int *regions);
	void *ctx;
} sb_gen_sink;

void sb_gen_opts_init(sb_gen_opts *o);

int sb_generate(const sb_gen_opts *o, sb_gen_sink *sink);

/* "SSA", "MENA", ... */
const char *sb_gen_region_code(int region);


#endif
