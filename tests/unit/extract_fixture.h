/*
 * extract_fixture.h - the extraction context the extract tests share:
 * default site settings, a taxonomy and the context built on both, held
 * in the file-level `conf`, `tax` and `ctx` that the tests use.
 */
#ifndef EXTRACT_FIXTURE_H
#define EXTRACT_FIXTURE_H

#include "testutil.h"

#include "skillsbot/error.h"
#include "skillsbot/extract.h"
#include "skillsbot/siteconf.h"
#include "skillsbot/taxonomy.h"

#include <stdio.h>
#include <stdlib.h>

static sb_siteconf conf;
static sb_taxonomy *tax;
static sb_extract_ctx *ctx;

/* Build the context on the taxonomy file `taxonomy` (a path below the
 * source tree; NULL for an empty taxonomy). Returns 0, or -1 after
 * printing why. */
static int ef_open(const char *taxonomy)
{
	char *path;
	int err = SB_OK;

	sb_siteconf_defaults(&conf);
	if (taxonomy) {
		path = tu_src_path(taxonomy);
		err = sb_taxonomy_load_file(&tax, path);
		free(path);
	} else {
		tax = sb_taxonomy_new_empty();
	}
	if (err < 0 || sb_extract_ctx_new(&ctx, &conf, tax) < 0) {
		fprintf(stderr, "%s\n", sb_error_message());
		return -1;
	}
	return 0;
}

static void ef_close(void)
{
	sb_extract_ctx_free(ctx);
	sb_taxonomy_free(tax);
	sb_siteconf_dispose(&conf);
}

#endif
