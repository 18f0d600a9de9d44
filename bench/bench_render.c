/* bench_render.c - how long sb_render_all() takes for a synthetic
 * directory (default 10,000 profiles), and how big the pages are.
 *
 *   bench_render [N] [--write DIR]
 *
 * With --write, every generated page is also saved as DIR/NNN.wiki with
 * its title on the first line (scripts/screenshots uses this). Run from
 * the source tree or set SB_DATADIR to the wikitext/ folder. */
#include "../tests/unit/render_synth.h"

#include "skillsbot/error.h"
#include "skillsbot/fileio.h"
#include "skillsbot/render.h"
#include "skillsbot/taxonomy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int write_pages(const char *dir, const sb_page_out *p, size_t n)
{
	int err = SB_OK;

	for (size_t i = 0; i < n && err == SB_OK; i++) {
		char *path = sb_asprintf("%s/%03zu.wiki", dir, i);
		char *body = sb_asprintf("%s\n%s", p[i].title, p[i].content);

		err = sb_file_write_atomic(path, body, strlen(body));
		free(path);
		free(body);
	}
	return err;
}

int main(int argc, char **argv)
{
	const char *datadir = getenv("SB_DATADIR") ? getenv("SB_DATADIR") :
			      "wikitext";
	const char *out_dir = NULL;
	size_t n = 10000, n_pages = 0, total = 0, largest = 0;
	sb_records recs;
	sb_match_result match;
	sb_siteconf conf;
	sb_taxonomy *tax = NULL;
	sb_render_ctx ctx;
	sb_page_out *pages = NULL;
	char *path;
	double t0, best = 1e9;
	int err;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--write") == 0 && i + 1 < argc)
			out_dir = argv[++i];
		else
			n = (size_t)strtoul(argv[i], NULL, 10);
	}
	synth_records(&recs, n);
	synth_match(&match, &recs);
	sb_siteconf_defaults(&conf);
	path = sb_asprintf("%s/../tests/data/render/taxonomy.json", datadir);
	if ((err = sb_taxonomy_load_file(&tax, path)) < 0) {
		fprintf(stderr, "bench_render: %s\n", sb_error_message());
		return 1;
	}
	free(path);
	memset(&ctx, 0, sizeof(ctx));
	ctx.recs = &recs;
	ctx.match = &match;
	ctx.conf = &conf;
	ctx.tax = tax;
	ctx.datadir = datadir;
	for (int run = 0; run < 3; run++) {
		sb_pages_free(pages, n_pages);
		t0 = now();
		if ((err = sb_render_all(&pages, &n_pages, &ctx)) < 0) {
			fprintf(stderr, "bench_render: %s\n", sb_error_message());
			return 1;
		}
		if (now() - t0 < best)
			best = now() - t0;
	}
	for (size_t i = 0; i < n_pages; i++) {
		size_t len = strlen(pages[i].content);

		total += len;
		largest = len > largest ? len : largest;
	}
	printf("profiles %zu, languages %zu, pages %zu, bytes %zu, largest page "
	       "%zu, budget %ld\n", n, conf.languages.n, n_pages, total,
	       largest, conf.page_budget);
	printf("render time (best of 3): %.3f s\n", best);
	if (out_dir && (err = write_pages(out_dir, pages, n_pages)) < 0)
		fprintf(stderr, "bench_render: %s\n", sb_error_message());
	sb_pages_free(pages, n_pages);
	synth_match_dispose(&match);
	sb_records_dispose(&recs);
	sb_siteconf_dispose(&conf);
	sb_taxonomy_free(tax);
	return err < 0;
}
