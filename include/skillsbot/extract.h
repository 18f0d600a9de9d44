/*
 * extract.h - from a page's wikitext to records (profiles, clinics,
 * resources), as docs/wikitext.md says (the contract: wiki-formats.md).
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

/* The kinds of template extraction knows. */
enum sb_extract_kind {
	SB_EXTRACT_PROFILE,
	SB_EXTRACT_CLINIC,
	SB_EXTRACT_SIGNUP,
	SB_EXTRACT_RESOURCE,
	SB_EXTRACT_KINDS
};

/* Called with a profile that is left out (no user name can be found), so
 * the caller can report it; the profile is borrowed for the call. */
typedef void (*sb_extract_reject_fn)(void *data, const sb_profile *p);

/* Load the ISO tables (Debian's iso-codes) and index the templates. */
int sb_extract_ctx_new(sb_extract_ctx **out, const sb_siteconf *conf,
		       const sb_taxonomy *tax);
void sb_extract_ctx_free(sb_extract_ctx *ctx);

/* Another name for a kind of template, e.g. a redirect to the profile
 * template found on the wiki ("Template:" prefix optional). */
void sb_extract_ctx_add_alias(sb_extract_ctx *ctx, int kind,
			      const char *name);

/* Where left-out profiles go (default: a warning in the log). */
void sb_extract_ctx_set_reject(sb_extract_ctx *ctx, sb_extract_reject_fn fn,
			       void *data);

/* Append every record of one page to `out`. Problems in a profile become
 * its diagnostics; only an internal failure returns an error. */
int sb_extract_page(sb_records *out, const sb_extract_ctx *ctx,
		    const char *title, int64_t page_id, const char *text,
		    size_t len);

#endif
