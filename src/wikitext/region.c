/*
 * region.c - the eight Wikimedia regions: which country lies in which,
 * and the names editors give them. See iso.h.
 *
 * This is the one hand-made geographic table of the project (iso-codes
 * has no notion of Wikimedia regions). Countries not listed (Antarctica
 * and its islands) have no region.
 */
#include "skillsbot/iso.h"

#include "skillsbot/text.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *region;
	const char *countries;  /* alpha-2 codes, space separated */
} regions[] = {
	{"NWE", "AD AT AX BE CH DE DK ES FI FO FR GB GG GI GL IE IM IS IT JE "
		"LI LU MC MT NL NO PT SE SJ SM VA"},
	{"CEE", "AL AM AZ BA BG BY CY CZ EE GE GR HR HU KG KZ LT LV MD ME MK "
		"PL RO RS RU SI SK TJ TM TR UA UZ XK"},
	{"MENA", "AE BH DZ EG EH IL IQ IR JO KW LB LY MA OM PS QA SA SD SY TN "
		 "YE"},
	{"SSA", "AO BF BI BJ BW CD CF CG CI CM CV DJ ER ET GA GH GM GN GQ GW "
		"KE KM LR LS MG ML MR MU MW MZ NA NE NG RE RW SC SH SL SN SO "
		"SS ST SZ TD TG TZ UG YT ZA ZM ZW IO"},
	{"SA", "AF BD BT IN LK MV NP PK"},
	{"ESEAP", "AS AU BN CC CK CN CX FJ FM GU HK ID JP KH KI KP KR LA MH "
		  "MM MN MO MP MY NC NF NR NU NZ PF PG PH PN PW SB SG TH TK TL "
		  "TO TV TW VN VU WF WS"},
	{"LAC", "AG AI AR AW BB BL BO BQ BR BS BZ CL CO CR CU CW DM DO EC FK "
		"GD GF GP GS GT GY HN HT JM KN KY LC MF MQ MS MX NI PA PE PR "
		"PY SR SV SX TC TT UY VC VE VG VI"},
	{"USCA", "BM CA PM UM US"}
};

/* The table above as a 26x26 grid of region numbers + 1 (0: none),
 * built once: two lookups a profile made the string scan show. */
static unsigned char grid[26 * 26];
static pthread_once_t grid_once = PTHREAD_ONCE_INIT;

static void grid_build(void)
{
	for (size_t r = 0; r < sizeof(regions) / sizeof(regions[0]); r++) {
		const char *c = regions[r].countries;

		for (; *c; c += c[2] ? 3 : 2) {
			unsigned char *g = &grid[(c[0] - 'A') * 26 +
						 (c[1] - 'A')];

			/* The first region listed wins, as the scan did. */
			if (!*g)
				*g = (unsigned char)(r + 1);
		}
	}
}

const char *sb_region_of_country(const char *alpha2)
{
	unsigned a, b;

	if (!alpha2 || !alpha2[0] || !alpha2[1] || alpha2[2])
		return NULL;
	a = (unsigned char)alpha2[0] - 'A';
	b = (unsigned char)alpha2[1] - 'A';
	if (a >= 26 || b >= 26)
		return NULL;
	pthread_once(&grid_once, grid_build);
	return grid[a * 26 + b] ? regions[grid[a * 26 + b] - 1].region : NULL;
}

/* Folded names (text.h) and what they mean. */
static const char *const region_names[][2] = {
	{"eseap", "ESEAP"}, {"sa", "SA"}, {"ssa", "SSA"}, {"mena", "MENA"},
	{"cee", "CEE"}, {"lac", "LAC"}, {"nwe", "NWE"}, {"usca", "USCA"},
	{"east, southeast asia and pacific", "ESEAP"},
	{"east, southeast asia, and pacific", "ESEAP"},
	{"east, south east asia and pacific", "ESEAP"},
	{"east southeast asia and pacific", "ESEAP"},
	{"east, southeast asia & pacific", "ESEAP"},
	{"east and southeast asia and pacific", "ESEAP"},
	{"asia pacific", "ESEAP"}, {"asia-pacific", "ESEAP"},
	{"apac", "ESEAP"}, {"east asia", "ESEAP"}, {"southeast asia", "ESEAP"},
	{"south asia", "SA"},
	{"sub-saharan africa", "SSA"}, {"subsaharan africa", "SSA"},
	{"sub saharan africa", "SSA"},
	{"middle east and north africa", "MENA"},
	{"middle east & north africa", "MENA"}, {"middle east", "MENA"},
	{"north africa", "MENA"},
	{"central and eastern europe", "CEE"},
	{"central & eastern europe", "CEE"},
	{"central and eastern europe and central asia", "CEE"},
	{"central & eastern europe and central asia", "CEE"},
	{"eastern europe", "CEE"}, {"central asia", "CEE"},
	{"latin america and caribbean", "LAC"},
	{"latin america and the caribbean", "LAC"},
	{"latin america & caribbean", "LAC"},
	{"latin america & the caribbean", "LAC"}, {"latam", "LAC"},
	{"latin america", "LAC"}, {"caribbean", "LAC"},
	{"south america", "LAC"}, {"central america", "LAC"},
	{"northern and western europe", "NWE"},
	{"northern & western europe", "NWE"}, {"western europe", "NWE"},
	{"northern europe", "NWE"}, {"western and northern europe", "NWE"},
	{"united states and canada", "USCA"},
	{"united states & canada", "USCA"}, {"us and canada", "USCA"},
	{"us & canada", "USCA"}, {"usa and canada", "USCA"},
	{"north america", "USCA"},
	{"mea", SB_REGION_MEA}, {"middle east and africa", SB_REGION_MEA},
	{"middle east & africa", SB_REGION_MEA}, {"africa", SB_REGION_MEA},
	{"europe", SB_REGION_EUROPE}
};

const char *sb_region_parse(const char *text, size_t len)
{
	char buf[64], *own = NULL;
	const char *key = sb_text_fold_ascii(buf, sizeof(buf), text, len)
			  ? buf : (own = sb_text_fold(text, len));
	const char *found = NULL;

	for (size_t i = 0; i < sizeof(region_names) /
				sizeof(region_names[0]); i++) {
		if (key[0] == region_names[i][0][0] &&
		    strcmp(key, region_names[i][0]) == 0) {
			found = region_names[i][1];
			break;
		}
	}
	free(own);
	return found;
}
