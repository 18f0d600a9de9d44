/* bench_render.c - how long sb_render_all() takes for a synthetic
 * directory (default 10,000 profiles), and how big the pages are.
 *
 *   bench_render [N] [--records FILE.jsonl [--taxonomy FILE]]
 *                [--languages en,fr] [--write DIR]
 *
 * --records renders real records (the JSON lines of `skillsbot extract`)
 * matched by the real matcher instead of the synthetic directory. With
 * --write, every generated page is also saved as DIR/NNN.wiki with its
 * title on the first line (scripts/screenshots uses this). Run from the
 * source tree or set SB_DATADIR to the wikitext/ folder. */
#include "../tests/unit/render_synth.h"

#include "skillsbot/error.h"
#include "skillsbot/fileio.h"
#include "skillsbot/match.h"
#include "skillsbot/render.h"
#include "skillsbot/taxonomy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
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

/* Records from `skillsbot extract` output, matched for real. */
static int load_records(sb_records *recs, sb_match_result *match,
			const sb_siteconf *conf, const char *path)
{
	sb_match_input in;
	char *text = NULL;
	size_t len;
	int err;

	sb_records_init(recs);
	if ((err = sb_file_read(&text, &len, path, 1 << 30)) < 0 ||
	    (err = sb_records_read_jsonl(recs, text, len, path)) < 0)
		goto done;
	memset(&in, 0, sizeof(in));
	in.recs = recs;
	in.conf = conf;
	in.now = 1795000000;   /* fixed: same pages on every run */
	err = sb_match_run(match, &in);
done:
	free(text);
	return err;
}

static void set_languages(sb_siteconf *conf, const char *list)
{
	char *copy = sb_strdup(list), *save = NULL;

	sb_strv_dispose(&conf->languages);
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
		sb_strv_add(&conf->languages, t);
	free(copy);
}

int main(int argc, char **argv)
{
	const char *datadir = getenv("SB_DATADIR") ? getenv("SB_DATADIR") :
			      "wikitext";
	const char *out_dir = NULL, *records = NULL, *tax_path = NULL;
	const char *languages = NULL;
	size_t n = 10000, n_pages = 0, total = 0, largest = 0;
	sb_records recs;
	sb_match_result match;
	sb_siteconf conf;
	sb_taxonomy *tax = NULL;
	sb_render_ctx ctx;
	sb_page_out *pages = NULL;
	char *path;
	double t0, c0, best = 1e9, best_cpu = 1e9;
	int err;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--write") == 0 && i + 1 < argc)
			out_dir = argv[++i];
		else if (strcmp(argv[i], "--records") == 0 && i + 1 < argc)
			records = argv[++i];
		else if (strcmp(argv[i], "--taxonomy") == 0 && i + 1 < argc)
			tax_path = argv[++i];
		else if (strcmp(argv[i], "--languages") == 0 && i + 1 < argc)
			languages = argv[++i];
		else
			n = (size_t)strtoul(argv[i], NULL, 10);
	}
	sb_siteconf_defaults(&conf);
	if (languages)
		set_languages(&conf, languages);
	path = tax_path ? sb_strdup(tax_path) :
		sb_asprintf("%s/../tests/data/render/taxonomy.json", datadir);
	if ((err = sb_taxonomy_load_file(&tax, path)) < 0) {
		fprintf(stderr, "bench_render: %s\n", sb_error_message());
		return 1;
	}
	free(path);
	if (records) {
		if ((err = load_records(&recs, &match, &conf, records)) < 0) {
			fprintf(stderr, "bench_render: %s\n", sb_error_message());
			return 1;
		}
		n = recs.n_profiles;
	} else {
		synth_records(&recs, n);
		synth_match(&match, &recs);
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.recs = &recs;
	ctx.match = &match;
	ctx.conf = &conf;
	ctx.tax = tax;
	ctx.datadir = datadir;
	for (int run = 0; run < 3; run++) {
		sb_pages_free(pages, n_pages);
		t0 = clock_s(CLOCK_MONOTONIC);
		c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
		if ((err = sb_render_all(&pages, &n_pages, &ctx)) < 0) {
			fprintf(stderr, "bench_render: %s\n", sb_error_message());
			return 1;
		}
		if (clock_s(CLOCK_MONOTONIC) - t0 < best)
			best = clock_s(CLOCK_MONOTONIC) - t0;
		if (clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0 < best_cpu)
			best_cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
	}
	for (size_t i = 0; i < n_pages; i++) {
		size_t len = strlen(pages[i].content);

		total += len;
		largest = len > largest ? len : largest;
	}
	printf("profiles %zu, languages %zu, pages %zu, bytes %zu, largest page "
	       "%zu, budget %ld\n", n, conf.languages.n, n_pages, total,
	       largest, conf.page_budget);
	printf("render time (best of 3): %.3f s wall, %.3f s CPU\n", best,
	       best_cpu);
	if (out_dir && (err = write_pages(out_dir, pages, n_pages)) < 0)
		fprintf(stderr, "bench_render: %s\n", sb_error_message());
	sb_pages_free(pages, n_pages);
	if (records)
		sb_match_result_dispose(&match);
	else
		synth_match_dispose(&match);
	sb_records_dispose(&recs);
	sb_siteconf_dispose(&conf);
	sb_taxonomy_free(tax);
	return err < 0;
}
