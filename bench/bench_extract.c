/*
 * bench_extract.c - extraction throughput over a generated 20,000-page
 * directory, and peak memory.
 *
 * Usage: bench_extract [PAGES] [TAXONOMY.json]
 *
 * The pages are made here (fixed seed) in the styles editors use: the
 * contract's example, list pages with several profiles, tables, bullets,
 * links, templates in values, comments, CRLF, no-break spaces, Babel
 * levels, time zones in both forms. Prints bytes, pages, MB/s, pages/s (in
 * CPU time, so a busy machine does not skew them) for
 * the parser alone, for extraction, and for extraction plus the JSON lines
 * `skillsbot extract` prints; then the peak resident memory (ru_maxrss)
 * beside the input size.
 */
#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/extract.h"
#include "skillsbot/json.h"
#include "skillsbot/mem.h"
#include "skillsbot/record.h"
#include "skillsbot/siteconf.h"
#include "skillsbot/taxonomy.h"
#include "skillsbot/wikitext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static const char *const names[] = {
	"Example Person", "Ama Mensah", "José García", "Zhang Wei",
	"\xD9\x85\xD8\xB3\xD8\xAA\xD8\xAE\xD8\xAF\xD9\x85", "Olena Kovalenko",
	"Priya Sharma", "Kofi_Annan_Fan", "Élodie Martin", "Ngozi Okafor"
};
/* Countries with a region an editor might write for them ("" = none). */
static const char *const places[][2] = {
	{"Ghana", "Sub-Saharan Africa"}, {"GH", ""}, {"Brazil", "LATAM"},
	{"India", "South Asia"}, {"FR", "NWE"}, {"Egypt", "MEA"},
	{"Viet Nam", "ESEAP"}, {"Kenya", "MEA"}, {"United States", ""},
	{"Ukraine", "CEE"}, {"Peru", ""}, {"Indonesia", "ESEAP"}
};
static const char *const langs[] = {
	"en-N, fr-3, tw", "es, pt-2", "ar-N, en-4", "hi, en-3",
	"French; English", "uk-N, ru-4, en-2", "{{lang|fr|French}}, sw-5"
};
static const char *const zones[] = {
	"Africa/Accra", "UTC+3", "America/Lima", "Asia/Kolkata", "GMT-5",
	"Europe/Paris", "UTC+05:30", "Asia/Jakarta"
};
static const char *const skills[] = {
	"Grant writing; [[Wikidata]] <!-- beginner friendly -->",
	"* Conflict management\n  * Telling impact stories",
	"{{skill|grant-writing}}, proposal writing, Budgeting &amp; finance",
	"[[Wikipedia:Training|Training newcomers]] \xC2\xB7 Outreach",
	"Storytelling<br>Evaluation<br />Surveys",
	"Wiki Loves Monuments, Photography, GLAM partnerships"
};

static unsigned rnd(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

#define PICK(arr, s) (arr[rnd(s) % (sizeof(arr) / sizeof(arr[0]))])

static void profile(sb_buf *b, unsigned *s, bool crlf)
{
	const char *nl = crlf ? "\r\n" : "\n";

	sb_buf_addf(b, "{{Let's Connect/Profile%s| username  = %s%s", nl,
		    rnd(s) % 3 ? PICK(names, s) : "[[User:Example Person|EP]]",
		    nl);
	unsigned pl = rnd(s) % (sizeof(places) / sizeof(places[0]));

	sb_buf_addf(b, "| region    = %s%s| country   = %s%s", places[pl][1],
		    nl, places[pl][0], nl);
	sb_buf_addf(b, "| languages = %s%s| timezone  = %s%s", PICK(langs, s),
		    nl, PICK(zones, s), nl);
	sb_buf_addf(b, "| affiliate = Wikimedia\xC2\xA0User Group %u%s",
		    rnd(s) % 50, nl);
	sb_buf_addf(b, "| share     = %s%s| learn     = %s%s", PICK(skills, s),
		    nl, PICK(skills, s), nl);
	sb_buf_addf(b, "| formats   = clinic, 1:1%s| capacity  = %u%s"
		    "| status    = active%s| notify    = yes%s"
		    "| contact   = talk page%s}}%s", nl, rnd(s) % 6, nl, nl, nl,
		    nl, nl);
}

/* One page: a profile page, a list page of three, or a table. */
static void page(sb_buf *b, unsigned *s)
{
	unsigned kind = rnd(s) % 10;

	sb_buf_adds(b, "Intro text, with a [[link]] and {{Some template|x=y}}."
		       "\n\n");
	if (kind < 6) {
		profile(b, s, kind == 0);
	} else if (kind < 8) {
		for (int i = 0; i < 3; i++) {
			sb_buf_addf(b, "== Person %d ==\n", i);
			profile(b, s, false);
		}
	} else {
		sb_buf_adds(b, "{| class=\"wikitable\"\n|-\n! Who !! Profile\n");
		for (int i = 0; i < 2; i++) {
			sb_buf_adds(b, "|-\n| someone || ");
			profile(b, s, false);
		}
		sb_buf_adds(b, "|}\n");
	}
	sb_buf_adds(b, "[[Category:Let's Connect profiles]]\n");
}

/* CPU time of this process: on a shared machine, what one core did for
 * us, not how long we waited for it. */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long maxrss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static bool run(const char *stage, const char *only)
{
	return strncmp(stage, only, strlen(only)) == 0;
}

static void report(const char *what, size_t bytes, size_t pages, double t)
{
	if (t >= 1e9)
		return;  /* a stage not run */
	printf("%-24s %8.3f s  %8.1f MB/s  %9.0f pages/s\n", what, t,
	       (double)bytes / 1e6 / t, (double)pages / t);
}

int main(int argc, char **argv)
{
	size_t n_pages = argc > 1 ? strtoul(argv[1], NULL, 10) : 20000;
	const char *taxpath = argc > 2 ? argv[2] : NULL;
	/* Optional: repetitions of each stage (best kept; more for perf). */
	int reps = argc > 3 ? atoi(argv[3]) : 3;
	/* Optional: only the stages whose name starts so ("extract" for
	 * perf record of extraction alone). */
	const char *only = argc > 4 ? argv[4] : "";
	sb_buf all;
	size_t *starts;
	sb_siteconf conf;
	sb_taxonomy *tax = NULL;
	sb_extract_ctx *ctx = NULL;
	sb_wt_tree tree;
	sb_buf json;
	unsigned seed = 12345;
	size_t profiles = 0, diags = 0;
	long rss0, rss1;
	double t0, best;
	int err;

	rss0 = maxrss_kb();
	sb_siteconf_defaults(&conf);
	if (taxpath)
		err = sb_taxonomy_load_file(&tax, taxpath);
	else
		tax = sb_taxonomy_new_empty(), err = 0;
	t0 = now();
	if (err < 0 || (err = sb_extract_ctx_new(&ctx, &conf, tax)) < 0) {
		fprintf(stderr, "bench_extract: %s\n", sb_error_message());
		return 1;
	}
	printf("context (iso-codes tables) loaded in %.3f s\n", now() - t0);
	rss1 = maxrss_kb();

	sb_buf_init(&all, SB_BUF_UNLIMITED);
	starts = sb_calloc(n_pages + 1, sizeof(*starts));
	for (size_t i = 0; i < n_pages; i++) {
		starts[i] = all.len;
		page(&all, &seed);
	}
	starts[n_pages] = all.len;
	printf("%zu pages, %zu bytes (%.1f MB) of wikitext\n", n_pages,
	       all.len, (double)all.len / 1e6);

	/* The parser alone, one tree reused. */
	sb_wt_init(&tree);
	best = 1e9;
	for (int rep = 0; rep < (run("parse", only) ? reps : 0); rep++) {
		t0 = now();
		for (size_t i = 0; i < n_pages; i++)
			sb_wt_parse(&tree, all.ptr + starts[i],
				    starts[i + 1] - starts[i]);
		if (now() - t0 < best)
			best = now() - t0;
	}
	sb_wt_dispose(&tree);
	report("parse", all.len, n_pages, best);

	/* Extraction: records made and freed page by page, as a stream. */
	best = 1e9;
	for (int rep = 0; rep < (run("extract", only) ? reps : 0); rep++) {
		profiles = diags = 0;
		t0 = now();
		for (size_t i = 0; i < n_pages; i++) {
			sb_records r;

			sb_records_init(&r);
			sb_extract_page(&r, ctx, "Grants:Skills Directory/P",
					(int64_t)i + 1, all.ptr + starts[i],
					starts[i + 1] - starts[i]);
			profiles += r.n_profiles;
			for (size_t k = 0; k < r.n_profiles; k++)
				diags += r.profiles[k].n_diags;
			sb_records_dispose(&r);
		}
		if (now() - t0 < best)
			best = now() - t0;
	}
	report("extract", all.len, n_pages, best);

	/* Extraction and the JSON lines: through cJSON trees (as before),
	 * and written straight from the records (what `skillsbot extract`
	 * does now). */
	sb_buf_init(&json, SB_BUF_UNLIMITED);
	for (int direct = 0; direct < 2; direct++) {
		best = 1e9;
		for (int rep = 0; rep < (run("json", only) ? reps : 0);
		     rep++) {
			t0 = now();
			for (size_t i = 0; i < n_pages; i++) {
				sb_records r;

				sb_records_init(&r);
				sb_extract_page(&r, ctx,
						"Grants:Skills Directory/P",
						(int64_t)i + 1,
						all.ptr + starts[i],
						starts[i + 1] - starts[i]);
				sb_buf_reset(&json);
				for (size_t k = 0; k < r.n_profiles; k++) {
					if (direct) {
						sb_profile_write_json(
							&json, &r.profiles[k]);
					} else {
						cJSON *j = sb_profile_to_json(
							&r.profiles[k]);

						sb_json_print(&json, j);
						cJSON_Delete(j);
					}
					sb_buf_addc(&json, '\n');
				}
				sb_records_dispose(&r);
			}
			if (now() - t0 < best)
				best = now() - t0;
		}
		report(direct ? "extract + JSON (direct)"
			      : "extract + JSON (cJSON)", all.len, n_pages,
		       best);
	}
	printf("%zu profiles, %zu diagnostics\n", profiles, diags);
	printf("peak RSS %.1f MB (%.1f MB at start, %.1f MB after loading "
	       "the context); input %.1f MB; peak minus start-up %.2f x "
	       "input\n", (double)maxrss_kb() / 1024, (double)rss0 / 1024,
	       (double)rss1 / 1024, (double)all.len / 1e6 / 1.048576,
	       (double)(maxrss_kb() - rss1) * 1024 / (double)all.len);

	sb_buf_dispose(&json);
	free(starts);
	sb_buf_dispose(&all);
	sb_extract_ctx_free(ctx);
	sb_taxonomy_free(tax);
	sb_siteconf_dispose(&conf);
	return 0;
}
