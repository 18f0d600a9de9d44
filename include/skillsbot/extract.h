/*
 * extract.h - from a page's wikitext to records (profiles, clinics,
 * resources), as docs/formats.md says.
 *
 * A context holds what extraction needs and is expensive to build once:
 * the organisers' configuration (template names, aliases), the taxonomy,
 * and the ISO country and language tables. It borrows conf and tax.
 */
#ifndef SKILLSBOT_EXTRACT_H
#define SKILLSBOT_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "skillsbot/record.h"
#include "skillsbot/siteconf.h"
#include "skillsbot/taxonomy.h"

typedef struct sb_extract_ctx sb_extract_ctx;

/* Load the ISO tables (Debian's iso-codes) and index the templates. */
int sb_extract_ctx_new(sb_extract_ctx **out, const sb_siteconf *conf,
		       const sb_taxonomy *tax);
void sb_extract_ctx_free(sb_extract_ctx *ctx);

/* Append every record of one page to `out`. Problems in a profile become
 * its diagnostics; only an internal failure returns an error. */
int sb_extract_page(sb_records *out, const sb_extract_ctx *ctx,
		    const char *title, int64_t page_id, const char *text,
		    size_t len);

#endif
