/*
 * render.h - the generated pages: layouts from wikitext/layouts, messages
 * from wikitext/i18n, values escaped so that nothing an editor typed can
 * change the page's structure. See docs/rendering.md.
 *
 * sb_render_all() gives every section to write, in a fixed order: for each
 * page (By skill, By region, By language, Connections, Clinics/Proposed,
 * Resources, Dashboard, Recognition) the page in the first configured language, then
 * its /CODE subpage for every configured language; a page over budget
 * comes as its parts (TITLE/PART[/CODE]) followed by its index page at the
 * page's own title. Then each scheduled clinic's roster, on the clinic's
 * page. The same input gives the same bytes.
 *
 * Ownership: the context is borrowed for the call; the pages array and
 * everything in it belong to the caller (sb_pages_free). The module's own
 * parts: wikiescape.h (escaping), layout.h (layouts), i18n.h (messages).
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
	size_t rows;       /* data rows, for the sanity gate (0 on an index) */
} sb_page_out;

/* People of a region in a month, from the store's history (for the
 * dashboard's participation over time; added for issue 10). */
typedef struct sb_month_count {
	const char *month;     /* "2026-11" */
	const char *region;    /* a region code, or "" when unknown */
	long people;
} sb_month_count;

typedef struct sb_render_ctx {
	const sb_records *recs;
	const sb_match_result *match;
	const sb_siteconf *conf;
	const sb_taxonomy *tax;
	const char *datadir;            /* holds layouts/ and i18n/ */
	const char *const *problems;    /* extra dashboard lines (sync, config) */
	size_t n_problems;
	long max_page_bytes;            /* the wiki's maximum page size in
					 * bytes (maxarticlesize * 1024);
					 * 0 = none; conf->page_budget
					 * applies anyway */
	/* Added for issue 10 (evaluation figures): pairs ever suggested
	 * (0: count this cycle's), and participation by month. */
	size_t suggested_total;
	const sb_month_count *participation;
	size_t n_participation;
	/* Optional, filled by the call (the caller disposes it): the section
	 * name of each page left out because a row of it is larger than the
	 * budget. Its other pages are still given, and the dashboard says
	 * which page was left out and why; the page's last version stays. */
	sb_strv *left_out;
	/* Optional: sb_render_all() adds the dashboard's line for each page
	 * it left out (why, and that it keeps its last version);
	 * sb_render_dashboard() lists these lines again. */
	sb_strv *left_notes;
} sb_render_ctx;

/* Fails with SB_EINVALID (a layout or message file that does not load,
 * naming file and line; a match result naming records that do not exist),
 * SB_ENOTFOUND (a layout missing) or SB_ETOOBIG (the dashboard itself
 * does not fit, so a page left out could not be reported; the message is
 * the first page's that did not fit). A page with a row larger than the
 * budget is otherwise left out (ctx->left_out). On failure *out is NULL. */
int sb_render_all(sb_page_out **out, size_t *n_out, const sb_render_ctx *ctx);

/* The dashboard alone (its sections in every language, as sb_render_all()
 * gives them), for a caller that has new dashboard lines (`problems`)
 * after sb_render_all() with the same records and match: no other page
 * changes with them. The pages that call left out are listed from
 * `left_notes` as it filled them. Fails as sb_render_all() does, with the
 * dashboard's own message when it does not fit. */
int sb_render_dashboard(sb_page_out **out, size_t *n_out,
			const sb_render_ctx *ctx);
void sb_pages_free(sb_page_out *pages, size_t n);

#endif
