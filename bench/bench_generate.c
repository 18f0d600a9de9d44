/* bench_generate.c - how fast the seeded generator invents a directory.
 *
 * Usage: bench_generate [PROFILES [TAXONOMY]]   (default 100000, and
 * $SB_DATADIR/taxonomy.json or the source tree's). Generates one profile a
 * page into a sink that only counts, so the figure is the generator's own
 * cost, without the disk. */
#include "skillsbot/error.h"
#include "skillsbot/generate.h"
#include "skillsbot/mem.h"
#include "skillsbot/taxonomy.h"
#include "skillsbot/version.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct tally {
	size_t pages, profiles, bytes;
	unsigned long long check;
} tally;

static int count_page(void *ctx, const char *title, const char *text,
		      size_t len, int profiles, const int *regions)
{
	tally *t = ctx;

	(void)regions;
	t->pages++;
	t->profiles += (size_t)profiles;
	t->bytes += len;
	/* Touch the bytes so nothing is optimised away. */
	t->check += (unsigned char)title[0] + (len ? (unsigned char)text[len - 1] : 0);
	return SB_OK;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 100000;
	const char *dd = getenv("SB_DATADIR");
	char *path = argc > 2 ? sb_strdup(argv[2]) :
		sb_asprintf("%s/taxonomy.json", dd ? dd : SKILLSBOT_SRC_DATADIR);
	sb_taxonomy *tax = NULL;
	sb_gen_opts o;
	tally t = {0};
	sb_gen_sink sink = {count_page, &t};
	double t0, secs;
	int err;

	if (sb_taxonomy_load_file(&tax, path) < 0) {
		fprintf(stderr, "bench_generate: %s\n", sb_error_message());
		free(path);
		return 1;
	}
	sb_gen_opts_init(&o);
	o.pages = n;
	o.per_page = 1;
	o.tax = tax;
	t0 = now();
	err = sb_generate(&o, &sink);
	secs = now() - t0;
	if (err == SB_OK)
		printf("generate: %zu profiles on %zu pages, %.1f MB, in %.3f s: "
		       "%.0f profiles/s, %.1f MB/s, %.0f bytes/page (check %llu)\n",
		       t.profiles, t.pages, (double)t.bytes / 1e6, secs,
		       (double)t.profiles / secs, (double)t.bytes / 1e6 / secs,
		       (double)t.bytes / (double)t.pages, t.check);
	sb_taxonomy_free(tax);
	free(path);
	return err == SB_OK ? 0 : 1;
}
