/* bench_read.c - requests, bytes and wall time to read N profile pages
 * from a local test wiki, with and without apihighlimits.
 *
 *   SB_WIKI_ENV=/path/wiki.env bench_read [N...]     (default 1000 10000)
 *
 * wiki.env is what tests/integration/mw-harness writes. Missing pages
 * ("Bench profile/NNNNN") are imported first with importDump.php. The
 * request count includes logging in (3 requests), so the bound to meet is
 * ceil(N/50)+3, or ceil(N/500)+3 with apihighlimits. */
#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/log.h"
#include "skillsbot/mem.h"
#include "skillsbot/mwapi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char *env_value(const char *path, const char *key)
{
	char line[4096];
	size_t k = strlen(key);
	FILE *f = fopen(path, "r");
	char *v = NULL;

	if (!f)
		return NULL;
	while (!v && fgets(line, sizeof(line), f))
		if (strncmp(line, key, k) == 0 && line[k] == '=') {
			line[strcspn(line, "\n")] = '\0';
			v = sb_strdup(line + k + 1);
		}
	fclose(f);
	return v;
}

static char *first_line(const char *path)
{
	char buf[512] = "";
	FILE *f = path ? fopen(path, "r") : NULL;

	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = '\0';
		fclose(f);
	}
	buf[strcspn(buf, "\n")] = '\0';
	return sb_strdup(buf);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char profile_text[] =
	"{{Let's Connect/Profile\n|name=Person %zu\n|username=Person %zu\n"
	"|region=Europe\n|languages=en, fr\n|skills_share=Organising events, "
	"Grant writing\n|skills_learn=Lua, Wikidata queries\n|availability="
	"weekends\n|about=A profile of about a few hundred bytes, as real ones "
	"are: where I edit, what I like to teach, when I am around.\n}}\n";

/* Import pages [have, n) in one dump. */
static int import(const char *env, size_t have, size_t n)
{
	char path[] = "/tmp/sb-bench-read-XXXXXX";
	char *run = env_value(env, "SB_MW_RUN");
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	char *cmd;
	size_t i;
	int rc;

	if (!f || !run)
		return sb_error_set(SB_EIO, "cannot write a dump or no SB_MW_RUN");
	fprintf(f, "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.11/\""
		" version=\"0.11\" xml:lang=\"en\">\n");
	for (i = have; i < n; i++) {
		fprintf(f, "<page><title>Bench profile/%05zu</title><revision>"
			"<timestamp>2026-01-01T00:00:00Z</timestamp><contributor>"
			"<username>Admin</username></contributor><model>wikitext"
			"</model><format>text/x-wiki</format><text xml:space="
			"\"preserve\">", i);
		fprintf(f, profile_text, i, i);
		fprintf(f, "</text></revision></page>\n");
	}
	fprintf(f, "</mediawiki>\n");
	fclose(f);
	fprintf(stderr, "importing %zu pages...\n", n - have);
	cmd = sb_asprintf("%s importDump.php --no-updates %s >/dev/null 2>&1",
			  run, path);
	rc = system(cmd);
	unlink(path);
	free(cmd);
	free(run);
	return rc == 0 ? SB_OK : sb_error_set(SB_ERROR, "importDump.php failed");
}

static sb_mw *client(const char *env, const char *who)
{
	char ukey[64], pkey[64];
	char *api = env_value(env, "SB_WIKI_API");
	char *user, *pwfile, *pw;
	sb_mw_opts o;
	sb_mw *mw = NULL;

	snprintf(ukey, sizeof(ukey), "SB_%s_USER", who);
	snprintf(pkey, sizeof(pkey), "SB_%s_PASSWORD_FILE", who);
	user = env_value(env, ukey);
	pwfile = env_value(env, pkey);
	pw = first_line(pwfile);
	memset(&o, 0, sizeof(o));
	o.api_url = api;
	o.contact = "skillsbot benchmark";
	o.user = user;
	o.password = pw;
	o.assert_mode = "user";
	if (!api || sb_mw_new(&mw, &o) < 0 || sb_mw_login(mw) < 0) {
		fprintf(stderr, "bench_read: %s\n", sb_error_message());
		exit(1);
	}
	memset(pw, 0, strlen(pw));
	free(pw);
	free(pwfile);
	free(user);
	free(api);
	return mw;
}

/* How many of the first n bench pages exist (they are made in order). */
static size_t existing(sb_mw *mw, char **titles, size_t n)
{
	sb_mw_page *p = NULL;
	size_t k = 0, lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *t = titles[mid];

		if (sb_mw_get_pages(mw, &t, 1, &p, &k) < 0)
			return 0;
		if (p[0].missing)
			hi = mid;
		else
			lo = mid + 1;
		sb_mw_pages_free(p, k);
	}
	return lo;
}

static int run(const char *env, const char *who, char **titles, size_t n)
{
	double t0 = now(), secs;
	sb_mw *mw = client(env, who);
	sb_mw_page *p = NULL;
	size_t k = 0, i, missing = 0;
	const sb_mw_stats *s;
	bool high = sb_mw_has_right(mw, "apihighlimits");
	unsigned long bound = (unsigned long)((n + (high ? 499 : 49)) /
					      (high ? 500 : 50)) + 3;

	if (sb_mw_get_pages(mw, (const char *const *)titles, n, &p, &k) < 0) {
		fprintf(stderr, "bench_read: %s\n", sb_error_message());
		return 1;
	}
	secs = now() - t0;
	for (i = 0; i < k; i++)
		missing += p[i].missing || !p[i].content;
	s = sb_mw_get_stats(mw);
	printf("%-8s N=%-6zu apihighlimits=%-3s requests=%-4lu (bound %lu) "
	       "bytes=%-9lu wall=%.2f s  pages/s=%.0f  missing=%zu\n",
	       who, n, high ? "yes" : "no", s->requests, bound,
	       s->bytes_received, secs, (double)n / secs, missing);
	sb_mw_pages_free(p, k);
	sb_mw_free(mw);
	return s->requests <= bound && missing == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *env = getenv("SB_WIKI_ENV");
	size_t sizes[8] = {1000, 10000};
	size_t n_sizes = 2, max = 0, i, have;
	char **titles;
	sb_mw *mw;
	int bad = 0;

	if (!env) {
		fprintf(stderr, "usage: SB_WIKI_ENV=wiki.env %s [N...]\n", argv[0]);
		return 2;
	}
	if (argc > 1) {
		n_sizes = 0;
		for (i = 1; i < (size_t)argc && n_sizes < 8; i++)
			sizes[n_sizes++] = strtoul(argv[i], NULL, 10);
	}
	for (i = 0; i < n_sizes; i++)
		max = sizes[i] > max ? sizes[i] : max;
	sb_log_init(SB_LOG_WARNING);
	titles = sb_calloc(max, sizeof(*titles));
	for (i = 0; i < max; i++)
		titles[i] = sb_asprintf("Bench profile/%05zu", i);
	mw = client(env, "BOT");
	have = existing(mw, titles, max);
	sb_mw_free(mw);
	if (have < max && import(env, have, max) < 0) {
		fprintf(stderr, "bench_read: %s\n", sb_error_message());
		return 1;
	}
	for (i = 0; i < n_sizes; i++) {
		bad |= run(env, "BOT", titles, sizes[i]);
		bad |= run(env, "EDITOR", titles, sizes[i]);
	}
	for (i = 0; i < max; i++)
		free(titles[i]);
	free(titles);
	return bad;
}
