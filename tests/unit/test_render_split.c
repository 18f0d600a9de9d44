/* test_render_split.c - pages that fit the wiki: a big directory splits
 * into subpages within the budget and still shows everyone, and one new
 * profile changes one subpage (and the index), not every one. */
#include "testutil.h"
#include "render_synth.h"

#include "skillsbot/error.h"
#include "skillsbot/render.h"

#include <stdio.h>

typedef struct big {
	sb_records recs;
	sb_match_result match;
	sb_siteconf conf;
	sb_taxonomy *tax;
	sb_render_ctx ctx;
} big;

static void big_init(big *b, size_t n, long budget)
{
	char *tax;
	size_t len;

	memset(b, 0, sizeof(*b));
	synth_records(&b->recs, n);
	synth_match(&b->match, &b->recs);
	sb_siteconf_defaults(&b->conf);
	b->conf.page_budget = budget;
	tax = tu_read_src("tests/data/render/taxonomy.json", &len);
	assert_int_equal(sb_taxonomy_parse(&b->tax, tax, len, "t"), SB_OK);
	free(tax);
	b->ctx.recs = &b->recs;
	b->ctx.match = &b->match;
	b->ctx.conf = &b->conf;
	b->ctx.tax = b->tax;
	b->ctx.datadir = getenv("SB_DATADIR");
}

static void big_dispose(big *b)
{
	synth_match_dispose(&b->match);
	sb_records_dispose(&b->recs);
	sb_siteconf_dispose(&b->conf);
	sb_taxonomy_free(b->tax);
}

/* A page of the main-language family of `key`: the page itself or one of
 * its parts, not a /CODE subpage. */
static bool in_family(const sb_page_out *p, const big *b, int key)
{
	const char *base = b->conf.pages[key];
	size_t bl = strlen(base);
	const char *last = strrchr(p->title, '/');

	if (strncmp(p->title, base, bl) != 0 ||
	    (p->title[bl] != '\0' && p->title[bl] != '/'))
		return false;
	return p->title[bl] == '\0' || !sb_strv_contains(&b->conf.languages,
							 last + 1);
}

static size_t count(const char *s, const char *tok)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, tok)) != NULL; p++)
		n++;
	return n;
}

static void ten_thousand_profiles_publish_completely(void **state)
{
	big b;
	sb_page_out *p;
	size_t n, shown = 0, people = 0, parts = 0, problems = 0, learners = 0;
	size_t continued = 0;

	(void)state;
	big_init(&b, 10000, 500 * 1000);
	assert_int_equal(sb_render_all(&p, &n, &b.ctx), SB_OK);
	for (size_t i = 0; i < b.recs.n_profiles; i++)
		shown += b.recs.profiles[i].status != SB_STATUS_INACTIVE;
	for (size_t i = 0; i < n; i++) {
		assert_true(strlen(p[i].content) <= 500 * 1000 - 256);
		if (in_family(&p[i], &b, SB_PAGE_BY_REGION))
			people += count(p[i].content, "[[User:");
		if (in_family(&p[i], &b, SB_PAGE_CONNECTIONS)) {
			learners += p[i].rows;
			parts++;
		}
		if (in_family(&p[i], &b, SB_PAGE_DASHBOARD))
			problems += count(p[i].content, "unknown language code");
		if (in_family(&p[i], &b, SB_PAGE_BY_SKILL))
			continued += count(p[i].content, " (continued) ||");
		if (getenv("SB_VERBOSE"))
			printf("%8zu %s\n", strlen(p[i].content), p[i].title);
	}
	/* By region lists every shown person once; Connections, split into
	 * parts, has a row for every learner (all shown profiles here). */
	assert_int_equal(people, shown);
	assert_true(parts > 10);
	assert_int_equal(learners, shown);
	assert_int_equal(problems, 1000);
	/* Skills wanted by thousands continue over rows of 500 people. */
	assert_true(continued > 0);
	sb_pages_free(p, n);
	big_dispose(&b);
}

/* Titles and contents of one family, for comparing two runs. */
static bool same_page_in(const sb_page_out *p, const sb_page_out *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].title, p->title) == 0)
			return strcmp(v[i].content, p->content) == 0;
	return false;
}

static void one_new_profile_moves_one_part(void **state)
{
	big b;
	sb_page_out *p1, *p2;
	size_t n1, n2, family = 0, changed = 0;

	(void)state;
	big_init(&b, 300, 20000);
	assert_int_equal(sb_render_all(&p1, &n1, &b.ctx), SB_OK);
	synth_profile(&b.recs, 300);   /* wants an unmapped skill */
	assert_int_equal(sb_render_all(&p2, &n2, &b.ctx), SB_OK);
	for (size_t i = 0; i < n2; i++) {
		assert_true(strlen(p2[i].content) <= 20000 - 256);
		if (!in_family(&p2[i], &b, SB_PAGE_BY_SKILL))
			continue;
		family++;
		changed += !same_page_in(&p2[i], p1, n1);
		if (getenv("SB_VERBOSE"))
			printf("%8zu %d %s\n", strlen(p2[i].content),
			       !same_page_in(&p2[i], p1, n1), p2[i].title);
	}
	/* Its skill's part and the index (whose row counts moved). */
	assert_true(family >= 5);
	assert_int_equal(changed, 2);
	sb_pages_free(p1, n1);
	sb_pages_free(p2, n2);
	big_dispose(&b);
}

static void same_input_same_bytes(void **state)
{
	big b;
	sb_page_out *p1, *p2;
	size_t n1, n2;

	(void)state;
	big_init(&b, 500, 20000);
	assert_int_equal(sb_render_all(&p1, &n1, &b.ctx), SB_OK);
	assert_int_equal(sb_render_all(&p2, &n2, &b.ctx), SB_OK);
	assert_int_equal(n1, n2);
	for (size_t i = 0; i < n1; i++) {
		assert_string_equal(p1[i].title, p2[i].title);
		assert_string_equal(p1[i].content, p2[i].content);
	}
	sb_pages_free(p1, n1);
	sb_pages_free(p2, n2);
	big_dispose(&b);
}

/* Everyone in one country: By region's row for it continues over rows of
 * 500 people, as By skill's do, so that the page can still split. */
static void one_big_country_continues(sb_records *r)
{
	for (size_t i = 0; i < r->n_profiles; i++) {
		free(r->profiles[i].country);
		free(r->profiles[i].region);
		r->profiles[i].country = sb_strdup("GH");
		r->profiles[i].region = sb_strdup("SSA");
	}
}

static void a_big_country_splits_by_rows(void **state)
{
	big b;
	sb_page_out *p;
	size_t n, shown = 0, people = 0, continued = 0, parts = 0;

	(void)state;
	big_init(&b, 2000, 60000);
	one_big_country_continues(&b.recs);
	assert_int_equal(sb_render_all(&p, &n, &b.ctx), SB_OK);
	for (size_t i = 0; i < b.recs.n_profiles; i++)
		shown += b.recs.profiles[i].status != SB_STATUS_INACTIVE;
	for (size_t i = 0; i < n; i++) {
		assert_true(strlen(p[i].content) <= 60000 - 256);
		if (!in_family(&p[i], &b, SB_PAGE_BY_REGION))
			continue;
		parts++;
		people += count(p[i].content, "[[User:");
		continued += count(p[i].content, " (continued) ||");
	}
	assert_int_equal(people, shown);
	assert_true(continued >= 2);
	assert_true(parts >= 3);
	sb_pages_free(p, n);
	big_dispose(&b);
}

/* A page with a row that cannot fit is left out, and said so on the
 * dashboard; every other page is still written. */
static void a_row_too_big_leaves_out_its_page_only(void **state)
{
	big b;
	sb_page_out *p;
	sb_strv left = {0};
	size_t n, region = 0, connections = 0, noted = 0;

	(void)state;
	big_init(&b, 600, 10000);
	one_big_country_continues(&b.recs);
	b.ctx.left_out = &left;
	assert_int_equal(sb_render_all(&p, &n, &b.ctx), SB_OK);
	for (size_t i = 0; i < n; i++) {
		region += in_family(&p[i], &b, SB_PAGE_BY_REGION);
		connections += in_family(&p[i], &b, SB_PAGE_CONNECTIONS);
		if (in_family(&p[i], &b, SB_PAGE_DASHBOARD))
			noted += count(p[i].content, "By region&#58; one row");
	}
	assert_int_equal(region, 0);
	assert_true(connections > 0);
	assert_int_equal(noted, 1);
	assert_true(sb_strv_contains(&left, "by-region"));
	sb_strv_dispose(&left);
	sb_pages_free(p, n);
	big_dispose(&b);
}

/* The dashboard alone, with a line learnt after rendering every page,
 * is the dashboard a whole render with that line gives: the page left
 * out by the first render still listed. */
static void the_dashboard_alone_is_the_whole_renders(void **state)
{
	static const char *const late[] = {"Some page: not saved: refused"};
	big b;
	sb_page_out *all, *dash;
	sb_strv notes = {0};
	size_t n_all, n_dash, k = 0, left = 0, late_lines = 0;

	(void)state;
	big_init(&b, 600, 10000);
	one_big_country_continues(&b.recs);
	b.ctx.left_notes = &notes;
	assert_int_equal(sb_render_all(&all, &n_all, &b.ctx), SB_OK);
	sb_pages_free(all, n_all);
	assert_true(notes.n >= 1);
	b.ctx.left_notes = NULL;
	b.ctx.problems = late;
	b.ctx.n_problems = 1;
	assert_int_equal(sb_render_all(&all, &n_all, &b.ctx), SB_OK);
	b.ctx.left_notes = &notes;
	assert_int_equal(sb_render_dashboard(&dash, &n_dash, &b.ctx), SB_OK);
	assert_true(n_dash >= 6);   /* main language and five subpages */
	for (size_t i = 0; i < n_all; i++) {
		if (strcmp(all[i].section, "dashboard") != 0)
			continue;
		assert_true(k < n_dash);
		assert_string_equal(dash[k].title, all[i].title);
		assert_string_equal(dash[k].section, all[i].section);
		assert_string_equal(dash[k].content, all[i].content);
		assert_int_equal(dash[k].rows, all[i].rows);
		k++;
	}
	assert_int_equal(k, n_dash);
	for (size_t i = 0; i < n_dash; i++) {
		left += count(dash[i].content, "By region&#58; one row");
		late_lines += count(dash[i].content, "not saved&#58; refused");
	}
	assert_true(left > 0);
	assert_true(late_lines > 0);
	sb_pages_free(all, n_all);
	sb_pages_free(dash, n_dash);
	sb_strv_dispose(&notes);
	big_dispose(&b);
}

/* Every part links back to its index and to its neighbours, and every
 * page to its other language versions. */
static void parts_and_languages_link_each_other(void **state)
{
	big b;
	sb_page_out *p;
	size_t n, parts = 0, next = 0, prev = 0;
	const char *base;

	(void)state;
	big_init(&b, 500, 20000);
	base = b.conf.pages[SB_PAGE_BY_SKILL];
	assert_int_equal(sb_render_all(&p, &n, &b.ctx), SB_OK);
	for (size_t i = 0; i < n; i++) {
		char *index;

		if (strcmp(p[i].section, "roster") == 0)
			continue;
		/* the other four languages, by their own names */
		assert_int_equal(count(p[i].content, "|{{#language:"), 4);
		if (!in_family(&p[i], &b, SB_PAGE_BY_SKILL) ||
		    strcmp(p[i].title, base) == 0)
			continue;
		parts++;
		index = sb_asprintf("[[:%s|", base);
		assert_non_null(strstr(p[i].content, index));
		free(index);
		next += count(p[i].content, "Next part: [[:");
		prev += count(p[i].content, "Previous part: [[:");
	}
	assert_true(parts >= 3);
	assert_int_equal(next, parts - 1);
	assert_int_equal(prev, parts - 1);
	sb_pages_free(p, n);
	big_dispose(&b);
}

/* The page of `base` + `rest` ("/fa", "/1/fa"). */
static const sb_page_out *page_named(const sb_page_out *p, size_t n,
				     const char *base, const char *rest)
{
	char *title = sb_asprintf("%s%s", base, rest);

	for (size_t i = 0; i < n; i++)
		if (strcmp(p[i].title, title) == 0) {
			free(title);
			return &p[i];
		}
	fail_msg("no page %s", title);
	return NULL;
}

/* A part is named by its group's label (a category) in the language
 * that label is in: marked where it is not the page's, on the part, in
 * the index's links and in the links to the previous and next part, and
 * nowhere in a title or attribute. Persian here has the parts' words
 * but no category labels (the taxonomy's are English and four others). */
static void a_part_label_keeps_its_language(void **state)
{
	char *dir = tu_datadir_with("fa.json", "{\"skillsbot-part\": "
				    "\"بخش: $1\", \"skillsbot-nav-prev\": "
				    "\"بخش پیشین: $1\", \"skillsbot-nav-next\": "
				    "\"بخش بعدی: $1\"}");
	static const char en[] = "<span lang=\"en\" dir=\"ltr\">";
	const sb_page_out *pg;
	const char *base, *at;
	sb_page_out *p;
	size_t n;
	big b;

	(void)state;
	big_init(&b, 500, 20000);
	b.ctx.datadir = dir;
	sb_strv_add(&b.conf.languages, "fa");
	base = b.conf.pages[SB_PAGE_BY_SKILL];
	assert_int_equal(sb_render_all(&p, &n, &b.ctx), SB_OK);
	if (getenv("SB_VERBOSE"))
		for (size_t i = 0; i < n; i++)
			printf("%8zu %s\n", strlen(p[i].content), p[i].title);
	/* Part 1 (a category) is split by letters: 1/G, 1/T. */
	pg = page_named(p, n, base, "/fa");
	at = strstr(pg->content, "\n* <span lang=\"en\" dir=\"ltr\">[[:");
	assert_non_null(at);
	assert_non_null(strstr(at, "/By skill/1/G/fa|Organizational and "
			       "funding (G)]]</span> ("));
	pg = page_named(p, n, base, "/1/G/fa");
	assert_non_null(strstr(pg->content, "''بخش: <span lang=\"en\" "
			       "dir=\"ltr\">Organizational and funding (G)"
			       "</span>''"));
	at = strstr(pg->content, "بخش بعدی: ");
	assert_non_null(at);
	assert_ptr_equal(strstr(at, en), at + strlen("بخش بعدی: "));
	assert_non_null(strstr(at, "/By skill/1/T/fa|Organizational and "
			       "funding (T)]]</span>"));
	pg = page_named(p, n, base, "/1/T/fa");
	at = strstr(pg->content, "بخش پیشین: ");
	assert_non_null(at);
	assert_ptr_equal(strstr(at, en), at + strlen("بخش پیشین: "));
	assert_non_null(strstr(at, "/By skill/1/G/fa|Organizational and "
			       "funding (G)]]</span>"));
	/* In Spanish the labels are the page's: nothing to mark. */
	assert_null(strstr(page_named(p, n, base, "/1/C/es")->content,
			   "<span lang="));
	assert_null(strstr(page_named(p, n, base, "/es")->content,
			   "<span lang="));
	for (size_t i = 0; i < n; i++) {
		assert_null(strchr(p[i].title, '<'));
		for (at = strstr(p[i].content, "=\""); at;
		     at = strstr(at + 1, "=\""))
			assert_true(strcspn(at + 2, "\"") <
				    strcspn(at + 2, "<"));
	}
	sb_pages_free(p, n);
	big_dispose(&b);
	tu_rmtree(dir);
	free(dir);
}

/* A budget no row fits in is an error naming the page, not a page over
 * budget. */
static void impossible_budget_is_an_error(void **state)
{
	big b;
	sb_page_out *p;
	size_t n;

	(void)state;
	big_init(&b, 50, 600);
	assert_int_equal(sb_render_all(&p, &n, &b.ctx), SB_ETOOBIG);
	assert_non_null(strstr(sb_error_message(), "By skill"));
	big_dispose(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ten_thousand_profiles_publish_completely),
		cmocka_unit_test(one_new_profile_moves_one_part),
		cmocka_unit_test(same_input_same_bytes),
		cmocka_unit_test(impossible_budget_is_an_error),
		cmocka_unit_test(a_big_country_splits_by_rows),
		cmocka_unit_test(a_row_too_big_leaves_out_its_page_only),
		cmocka_unit_test(parts_and_languages_link_each_other),
		cmocka_unit_test(the_dashboard_alone_is_the_whole_renders),
		cmocka_unit_test(a_part_label_keeps_its_language),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
