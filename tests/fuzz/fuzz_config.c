/* fuzz_config.c - the organisers' pages the bot reads as JSON, which any
 * editor of the wiki can change: the configuration page
 * (sb_siteconf_parse) and the taxonomy page (sb_taxonomy_parse). Any
 * bytes must parse, or fail with a message that names the page, without
 * crashing, leaking or reading out of bounds; what parses is used as the
 * bot uses it. The first byte picks the page. */
#include "skillsbot/error.h"
#include "skillsbot/siteconf.h"
#include "skillsbot/taxonomy.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CONFIG_PAGE "Config page"
#define TAXONOMY_PAGE "Taxonomy page"

/* A refusal must say which page it came from. */
static void named(const char *page)
{
	if (!strstr(sb_error_message(), page))
		abort();
}

static void config(const char *json, size_t len)
{
	sb_siteconf c;

	if (sb_siteconf_parse(&c, json, len, CONFIG_PAGE) != SB_OK) {
		named(CONFIG_PAGE);
		return;
	}
	for (size_t i = 0; i < c.languages.n; i++)
		if (!sb_siteconf_lang_ok(c.languages.v[i]))
			abort();   /* the page's languages were checked */
	sb_siteconf_dispose(&c);
}

static void taxonomy(const char *json, size_t len)
{
	sb_taxonomy *t;

	if (sb_taxonomy_parse(&t, json, len, TAXONOMY_PAGE) != SB_OK) {
		named(TAXONOMY_PAGE);
		return;
	}
	/* look up the page's own bytes, and a skill of the default one */
	(void)sb_taxonomy_match(t, json, len < 64 ? len : 64);
	(void)sb_taxonomy_match(t, "Grant writing", 13);
	sb_taxonomy_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] & 1)
		config((const char *)data + 1, size - 1);
	else
		taxonomy((const char *)data + 1, size - 1);
	return 0;
}
