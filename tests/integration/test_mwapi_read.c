/* test_mwapi_read.c - reads against the real test wiki: 1,200 profile
 * pages imported with importDump.php, read back through continuation and
 * batching, with request counts checked (50 titles a request, 500 with
 * apihighlimits), and titles asked for mapped back through normalisation
 * and redirects. */
#include "mwapi_it.h"

#include "skillsbot/http.h"


#define N_PAGES 1200

typedef struct fx {
	sb_mw *bot;      /* apihighlimits */
	sb_mw *editor;   /* ordinary limits */
	char prefix[64]; /* "Bulk 1234" */
	char *titles[N_PAGES];
	char *texts[N_PAGES];
} fx;

static void write_page(FILE *f, const char *title, const char *text)
{
	fprintf(f, "<page><title>%s</title><revision><timestamp>"
		"2026-01-01T00:00:00Z</timestamp><contributor><username>Admin"
		"</username></contributor><model>wikitext</model><format>"
		"text/x-wiki</format><text xml:space=\"preserve\">%s</text>"
		"</revision></page>\n", title, text);
}

/* Every hundredth page reaches the template through a redirect. The
 * import skips link updates (five times faster on a busy machine); the
 * links of just these pages are refreshed afterwards, see refresh_links. */
static void import_pages(fx *f)
{
	char path[] = "/tmp/sb-mwapi-read-XXXXXX";
	int fd = mkstemp(path);
	FILE *out = fdopen(fd, "w");
	char redirect[128];
	char *args;
	size_t i;

	assert_non_null(out);
	snprintf(redirect, sizeof(redirect), "LC Profile %ld", (long)getpid());
	fprintf(out, "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.11/\""
		" version=\"0.11\" xml:lang=\"en\">\n");
	{
		char *t = sb_asprintf("Template:%s", redirect);

		write_page(out, t, "#REDIRECT [[Template:Let's Connect/Profile]]");
		free(t);
	}
	for (i = 0; i < N_PAGES; i++) {
		f->titles[i] = sb_asprintf("%s/%04zu", f->prefix, i);
		f->texts[i] = sb_asprintf("{{%s|name=Person %zu|skills=x}}",
			i % 100 == 0 ? redirect : "Let's Connect/Profile", i);
		write_page(out, f->titles[i], f->texts[i]);
	}
	{
		char *t = sb_asprintf("%s/Moved", f->prefix);
		char *r = sb_asprintf("#REDIRECT [[%s]]", f->titles[1]);

		write_page(out, t, r);
		free(t);
		free(r);
	}
	fprintf(out, "</mediawiki>\n");
	fclose(out);
	args = sb_asprintf("--no-updates %s >/dev/null", path);
	assert_int_equal(wk_maint("importDump.php", args), 0);
	unlink(path);
	free(args);
}

static int max_id(void *ud, const struct cJSON *answer)
{
	int64_t *range = ud;
	const cJSON *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(answer, "query"), "pages")) {
		int64_t id = (int64_t)sb_json_num(it, "pageid", 0);

		if (id > 0 && (range[0] == 0 || id < range[0]))
			range[0] = id;
		if (id > range[1])
			range[1] = id;
	}
	return SB_OK;
}

/* Refresh the links of the ids from the first imported page (the
 * template redirect) to the last (the Moved redirect); other tests may
 * have made pages in between, which costs a little time, nothing more.
 * Asked without redirects=1 so the redirects themselves answer. */
static void refresh_links(fx *f)
{
	char *tpl = sb_asprintf("Template:LC Profile %ld", (long)getpid());
	char *moved = sb_asprintf("%s/Moved", f->prefix);
	char *et = sb_http_escape(tpl), *em = sb_http_escape(moved);
	char *q = sb_asprintf("action=query&prop=info&titles=%s%%7C%s", et, em);
	int64_t range[2] = {0, 0};
	char *args;

	assert_int_equal(sb_mw_query_each(f->bot, q, max_id, range), SB_OK);
	assert_true(range[0] > 0 && range[1] - range[0] >= N_PAGES + 1);
	args = sb_asprintf("-e %lld %lld >/dev/null", (long long)range[1],
			   (long long)range[0]);
	assert_int_equal(wk_maint("refreshLinks.php", args), 0);
	free(args);
	free(q);
	free(et);
	free(em);
	free(tpl);
	free(moved);
}

static int setup(void **state)
{
	fx *f = sb_calloc(1, sizeof(*f));

	snprintf(f->prefix, sizeof(f->prefix), "Bulk %ld", (long)getpid());
	import_pages(f);
	f->bot = it_login_as("BOT", NULL, NULL, 0);
	refresh_links(f);
	f->editor = it_login_as("EDITOR", NULL, "user", 0);
	assert_true(sb_mw_has_right(f->bot, "apihighlimits"));
	assert_false(sb_mw_has_right(f->editor, "apihighlimits"));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	size_t i;

	if (!f)
		return 0; /* the set-up failed */
	for (i = 0; i < N_PAGES; i++) {
		free(f->titles[i]);
		free(f->texts[i]);
	}
	sb_mw_free(f->bot);
	sb_mw_free(f->editor);
	free(f);
	return 0;
}

static unsigned long requests(sb_mw *mw)
{
	return sb_mw_get_stats(mw)->requests;
}

/* Read all pages with `mw`, check every one, return the requests used. */
static unsigned long read_all(fx *f, sb_mw *mw, int64_t *ids_out)
{
	unsigned long before = requests(mw);
	sb_mw_page *p = NULL;
	size_t n = 0, i;

	assert_int_equal(sb_mw_get_pages(mw, (const char *const *)f->titles,
					 N_PAGES, &p, &n), SB_OK);
	assert_int_equal(n, N_PAGES);
	for (i = 0; i < n; i++) {
		assert_false(p[i].missing);
		assert_string_equal(p[i].requested, f->titles[i]);
		assert_string_equal(p[i].title, f->titles[i]);
		assert_string_equal(p[i].content, f->texts[i]);
		assert_int_equal(p[i].content_len, strlen(f->texts[i]));
		assert_true(p[i].rev_id > 0 && p[i].page_id > 0);
		assert_non_null(p[i].timestamp);
		assert_int_equal(strlen(p[i].sha1), 40);
		if (ids_out)
			ids_out[i] = p[i].page_id;
	}
	sb_mw_pages_free(p, n);
	return requests(mw) - before;
}

static void batched_reads_use_few_requests(void **state)
{
	fx *f = *state;

	/* ceil(1200/50) and ceil(1200/500): no request more. */
	assert_int_equal(read_all(f, f->editor, NULL), 24);
	assert_int_equal(read_all(f, f->bot, NULL), 3);
}

static bool contains(const int64_t *v, size_t n, int64_t x)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (v[mid] == x)
			return true;
		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static void embeddedin_continues_to_every_page(void **state)
{
	fx *f = *state;
	int64_t *want = sb_calloc(N_PAGES, sizeof(*want));
	int64_t *ids = NULL;
	size_t n = 0, i;
	unsigned long before;

	read_all(f, f->bot, want);
	before = requests(f->editor);
	assert_int_equal(sb_mw_embeddedin(f->editor, "Let's Connect/Profile",
					  &ids, &n), SB_OK);
	/* 500 a request without apihighlimits: it had to continue. */
	assert_true(requests(f->editor) - before >= 3);
	assert_true(n >= N_PAGES);
	for (i = 1; i < n; i++)
		assert_true(ids[i - 1] < ids[i]);
	/* Including the pages that use the template through a redirect. */
	for (i = 0; i < N_PAGES; i++)
		if (!contains(ids, n, want[i]))
			fail_msg("%s (id %lld) not found by embeddedin",
				 f->titles[i], (long long)want[i]);
	free(ids);
	free(want);
}

static void pages_by_id_come_back_in_order(void **state)
{
	fx *f = *state;
	int64_t ids[4];
	sb_mw_page *p = NULL;
	size_t n = 0;

	ids[0] = 0;
	read_all(f, f->bot, NULL);
	{
		const char *t[3] = {f->titles[7], f->titles[3], f->titles[1100]};
		sb_mw_page *q = NULL;
		size_t k = 0;

		assert_int_equal(sb_mw_get_pages(f->bot, t, 3, &q, &k), SB_OK);
		ids[0] = q[0].page_id;
		ids[1] = 999999999;
		ids[2] = q[1].page_id;
		ids[3] = q[2].page_id;
		sb_mw_pages_free(q, k);
	}
	assert_int_equal(sb_mw_get_pages_by_id(f->bot, ids, 4, &p, &n), SB_OK);
	assert_int_equal(n, 4);
	assert_string_equal(p[0].title, f->titles[7]);
	assert_true(p[1].missing);
	assert_int_equal(p[1].page_id, 0);
	assert_string_equal(p[2].title, f->titles[3]);
	assert_string_equal(p[3].title, f->titles[1100]);
	assert_string_equal(p[3].content, f->texts[1100]);
	sb_mw_pages_free(p, n);
}

static void asked_titles_are_mapped_back(void **state)
{
	fx *f = *state;
	char *lower = sb_asprintf("bulk_%ld/0002", (long)getpid());
	char *moved = sb_asprintf("%s/Moved", f->prefix);
	const char *ask[4] = {lower, moved, "No such page here", "Bad[title]"};
	sb_mw_page *p = NULL;
	size_t n = 0;

	assert_int_equal(sb_mw_get_pages(f->bot, ask, 4, &p, &n), SB_OK);
	assert_int_equal(n, 4);
	/* Normalised by the wiki. */
	assert_string_equal(p[0].requested, lower);
	assert_string_equal(p[0].title, f->titles[2]);
	assert_string_equal(p[0].content, f->texts[2]);
	/* Through a redirect to the page it names. */
	assert_string_equal(p[1].requested, moved);
	assert_string_equal(p[1].title, f->titles[1]);
	assert_string_equal(p[1].content, f->texts[1]);
	assert_true(p[2].missing);
	assert_string_equal(p[2].requested, "No such page here");
	assert_true(p[3].missing);
	sb_mw_pages_free(p, n);
	/* Our own normalisation agrees with the wiki's. */
	{
		char *t = sb_mw_normalize_title(f->bot, lower, NULL);

		assert_string_equal(t, f->titles[2]);
		free(t);
		t = sb_mw_normalize_title(f->bot, "grants:knowledge_Sharing", NULL);
		assert_string_equal(t, "Grants:Knowledge Sharing");
		free(t);
		t = sb_mw_normalize_title(f->bot, "meta:x", NULL);
		assert_string_equal(t, "Meta:X");
		free(t);
	}
	free(lower);
	free(moved);
}

typedef struct gen_count {
	const char *prefix;
	char **seen;
	size_t n, cap;
} gen_count;

static int count_contents(void *ud, const struct cJSON *answer)
{
	gen_count *g = ud;
	const cJSON *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(answer, "query"), "pages")) {
		const char *t = sb_json_str(it, "title");
		const cJSON *revs = cJSON_GetObjectItemCaseSensitive(it, "revisions");

		if (!t || strncmp(t, g->prefix, strlen(g->prefix)) != 0 ||
		    cJSON_GetArraySize(revs) == 0)
			continue;
		SB_GROW(g->seen, g->cap, g->n + 1);
		g->seen[g->n++] = sb_strdup(t);
	}
	return SB_OK;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void generator_with_props_loses_nothing(void **state)
{
	fx *f = *state;
	gen_count g;
	size_t i, distinct = 0;

	memset(&g, 0, sizeof(g));
	g.prefix = f->prefix;
	assert_int_equal(sb_mw_query_each(f->editor, "action=query"
		"&generator=embeddedin&geititle=Template%3ALet%27s%20Connect%2FProfile"
		"&geilimit=max&prop=revisions&rvprop=ids%7Ccontent&rvslots=main",
		count_contents, &g), SB_OK);
	qsort(g.seen, g.n, sizeof(*g.seen), cmp_str);
	for (i = 0; i < g.n; i++)
		if (i == 0 || strcmp(g.seen[i - 1], g.seen[i]) != 0)
			distinct++;
	assert_int_equal(distinct, N_PAGES);
	for (i = 0; i < g.n; i++)
		free(g.seen[i]);
	free(g.seen);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(batched_reads_use_few_requests),
		cmocka_unit_test(embeddedin_continues_to_every_page),
		cmocka_unit_test(pages_by_id_come_back_in_order),
		cmocka_unit_test(asked_titles_are_mapped_back),
		cmocka_unit_test(generator_with_props_loses_nothing),
	};

	sb_log_init(SB_LOG_WARNING);
	return cmocka_run_group_tests(tests, setup, teardown);
}
