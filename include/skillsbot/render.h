/*
 * render.h - the generated pages: layouts from wikitext/layouts, messages
 * from wikitext/i18n, values escaped so that nothing an editor typed can
 * change the page's structure. See docs/rendering.md.
 */
#ifndef SKILLSBOT_RENDER_H
#define SKILLSBOT_RENDER_H

#include <stddef.h>

#include "skillsbot/match.h"
#include "skillsbot/record.h"
#include "skillsbot/siteconf.h"
#include "skillsbot/taxonomy.h"

/* One generated section: what goes between
 * <!-- skillsbot:begin SECTION --> and <!-- skillsbot:end SECTION --> on
 * page TITLE. */
typedef struct sb_page_out {
	char *title;
	char *section;     /* marker name, e.g. "by-skill", "roster" */
	char *content;     /* wikitext, without the markers */
	size_t rows;       /* data rows, for the sanity gate */
} sb_page_out;

typedef struct sb_render_ctx {
	const sb_records *recs;
	const sb_match_result *match;
	const sb_siteconf *conf;
	const sb_taxonomy *tax;
	const char *datadir;            /* holds layouts/ and i18n/ */
	const char *const *problems;    /* extra dashboard lines (sync, config) */
	size_t n_problems;
	long max_page_bytes;            /* the wiki's maxarticlesize; 0 = none */
} sb_render_ctx;

int sb_render_all(sb_page_out **out, size_t *n_out, const sb_render_ctx *ctx);
void sb_pages_free(sb_page_out *pages, size_t n);

#endif
