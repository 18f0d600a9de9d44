/* test_recognition.c - the Recognition page and the dashboard's
 * evaluation figures against the hand-counted fixture of
 * tests/data/recognition (its README.md has the counts), and the
 * badges read from the configuration page. */
#include "testutil.h"

#include "skillsbot/error.h"
#include "skillsbot/extract.h"
#include "skillsbot/mem.h"
#include "skillsbot/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROOT "Grants:Knowledge Sharing/Connect/Skills Directory"

struct fx {
	sb_siteconf conf;
	sb_taxonomy *tax;
	sb_records recs;
	sb_match_result match;
	sb_page_out *out;
	size_t n_out;
};

/* Every page of pages.tsv, extracted with the shipped taxonomy. */
static void load_fixture(struct fx *f)
{
	char *tsv = tu_read_src("tests/data/recognition/pages.tsv", NULL);
	char *taxf = tu_src_path("wikitext/taxonomy.json");
	sb_extract_ctx *ctx = NULL;
	char *save = NULL;
	int64_t id = 1;

	assert_int_equal(sb_taxonomy_load_file(&f->tax, taxf), SB_OK);
	assert_int_equal(sb_extract_ctx_new(&ctx, &f->conf, f->tax), SB_OK);
	sb_records_init(&f->recs);
	for (char *line = strtok_r(tsv, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t'), *rel, *text, *title;
		size_t len;

		assert_non_null(tab);
		*tab = '\0';
		rel = sb_asprintf("tests/data/recognition/%s", line);
		text = tu_read_src(rel, &len);
		title = strncmp(tab + 1, "ROOT/", 5) == 0
			? sb_asprintf("%s/%s", ROOT, tab + 6)
			: sb_strdup(tab + 1);
		assert_int_equal(sb_extract_page(&f->recs, ctx, title, id++,
						 text, len), SB_OK);
		free(title);
		free(text);
		free(rel);
	}
	sb_extract_ctx_free(ctx);
	free(taxf);
	free(tsv);
}

static void render(struct fx *f, const sb_month_count *months, size_t n)
{
	sb_render_ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	ctx.recs = &f->recs;
	ctx.match = &f->match;
	ctx.conf = &f->conf;
	ctx.tax = f->tax;
	ctx.datadir = getenv("SB_DATADIR");
	ctx.suggested_total = 9;
	ctx.participation = months;
	ctx.n_participation = n;
	sb_pages_free(f->out, f->n_out);
	assert_int_equal(sb_render_all(&f->out, &f->n_out, &ctx), SB_OK);
}

static const char *page(const struct fx *f, const char *title)
{
	for (size_t i = 0; i < f->n_out; i++)
		if (strcmp(f->out[i].title, title) == 0)
			return f->out[i].content;
	fail_msg("no page %s", title);
	return NULL;
}

static int setup(void **state)
{
	struct fx *f = sb_calloc(1, sizeof(*f));

	sb_siteconf_defaults(&f->conf);
	load_fixture(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	sb_pages_free(f->out, f->n_out);
	sb_records_dispose(&f->recs);
	sb_taxonomy_free(f->tax);
	sb_siteconf_dispose(&f->conf);
	free(f);
	return 0;
}

static void expect(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("missing:\n%s\nin:\n%s", want, text);
}

static void recognition_matches_hand_count(void **state)
{
	struct fx *f = *state;
	const char *t;

	render(f, NULL, 0);
	t = page(f, ROOT "/Recognition/en");
	expect(t, "|-\n| [[User:Ann|Ann]] || 2 || 1 || 2 || Clinic facilitator, "
		  "Connector, Resource sharer\n"
		  "|-\n| [[User:Bo|Bo]] || 0 || 1 || 1 || Connector, Resource "
		  "sharer\n"
		  "|-\n| [[User:Cy|Cy]] || 1 || 0 || 0 || Clinic facilitator\n"
		  "|-\n| [[User:Eve|Eve]] || 1 || 0 || 0 || Clinic facilitator\n"
		  "|}\n");
	expect(t, "| Clinic facilitator || Clinics facilitated ≥ 1 || 3\n");
	expect(t, "| Connector || Connections hosted (met) ≥ 1 || 2\n");
	expect(t, "| Mentor || Connections hosted (met) ≥ 5 || 0\n");
	expect(t, "| Resource sharer || Resources shared ≥ 1 || 2\n");
	/* Nobody else: Di and Fay gave no time that counts. */
	assert_null(strstr(t, "User:Di|"));
	assert_null(strstr(t, "User:Fay|"));
	/* Translated, and right to left in Arabic. */
	expect(page(f, ROOT "/Recognition/fr"), "! Personne !! Cliniques animées");
	expect(page(f, ROOT "/Recognition/ar"), "dir=\"rtl\"");
}

/* A person with two profiles is credited by the one every page and the
 * matcher use (the lowest page id), not by whichever was read first:
 * Bo's older profile shares nothing, so Bo hosts no connection. */
static void a_second_profile_does_not_credit(void **state)
{
	struct fx *f = *state;
	sb_profile p;
	const char *t, *row;

	memset(&p, 0, sizeof(p));
	p.username = sb_strdup("Bo");
	p.page = sb_strdup(ROOT "/Bo (old)");
	p.page_id = 0;
	p.status = SB_STATUS_ACTIVE;
	sb_records_add_profile(&f->recs, &p);
	render(f, NULL, 0);
	t = page(f, ROOT "/Recognition/en");
	row = strstr(t, "| [[User:Bo|Bo]] ||");
	assert_non_null(row);
	if (strstr(row, "Connector") && strstr(row, "Connector") <
	    strstr(row, "\n"))
		fail_msg("Bo credited by the profile not used:\n%s", t);
}

static void evaluation_matches_hand_count(void **state)
{
	struct fx *f = *state;
	static const sb_month_count months[] = {
		{"2026-10", "SSA", 1}, {"2026-11", "MENA", 1},
		{"2026-11", "SSA", 2}
	};
	const char *t;

	render(f, months, 3);
	t = page(f, ROOT "/Dashboard/en");
	expect(t, "! Connections suggested (since the start)\n| 9\n"
		  "|-\n! Confirmed met\n| 2\n|-\n! Planned\n| 1\n"
		  "|-\n! Declined\n| 1\n|-\n! Unanswered\n| 1\n|}\n");
	expect(t, "! Skill !! Language !! Clinics\n"
		  "|-\n| Grant writing || en || 2\n"
		  "|-\n| Grant writing || fr || 1\n"
		  "|-\n| Wikidata || ar || 1\n|}\n");
	/* Regions as first seen in the history, a month a row. */
	expect(t, "! Month !! SSA !! MENA !! Total\n"
		  "|-\n| 2026-10 || 1 || 0 || 1\n"
		  "|-\n| 2026-11 || 2 || 1 || 3\n|}\n");
}

/* The Connections page shows what feedback says of each connection. */
static void connection_status_from_feedback(void **state)
{
	struct fx *f = *state;
	sb_connection c[2];
	size_t ann = 0, bo = 1, cy = 2, di = 3;

	assert_string_equal(f->recs.profiles[di].username, "Di");
	memset(c, 0, sizeof(c));
	c[0].learner = bo;
	c[0].sharer = ann;
	c[0].skill = (char *)"grant-writing";
	c[1].learner = di;
	c[1].sharer = cy;
	c[1].skill = (char *)"grant-writing";
	c[0].hours_apart = c[1].hours_apart = -1;
	f->match.connections = c;
	f->match.n_connections = 2;
	render(f, NULL, 0);
	expect(page(f, ROOT "/Connections/en"),
	       "| [[User:Bo|Bo]] || [[User:Ann|Ann]] || Grant writing ||  || "
	       "data-sort-value=\"99\" | – ||  || met\n");
	expect(page(f, ROOT "/Connections/en"), "|| declined\n");
	expect(page(f, ROOT "/Connections/es"), "|| reunidos\n");
	memset(&f->match, 0, sizeof(f->match));
}

static void badges_from_the_configuration_page(void **state)
{
	struct fx *f = *state;
	static const char conf[] =
		"{\"recognition\": {\"badges\": ["
		"{\"name\": \"Busy <b>bee</b>\", \"measure\": \"clinics\", "
		"\"min\": 2}]}}";
	static const char bad[] =
		"{\"recognition\": {\"badges\": [{\"name\": \"X\", "
		"\"measure\": \"hugs\"}]}}";
	sb_siteconf c;

	(void)state;
	assert_int_equal(sb_siteconf_parse(&c, bad, strlen(bad), "conf"),
			 SB_EINVALID);
	assert_int_equal(sb_siteconf_parse(&c, conf, strlen(conf), "conf"),
			 SB_OK);
	assert_int_equal(c.n_badges, 1);
	sb_siteconf_dispose(&f->conf);
	f->conf = c;
	render(f, NULL, 0);
	/* Only Ann facilitated two; the name is shown as typed. */
	expect(page(f, ROOT "/Recognition/en"),
	       "| [[User:Ann|Ann]] || 2 || 1 || 2 || Busy &#60;b&#62;bee&#60;/b&#62;\n");
	expect(page(f, ROOT "/Recognition/en"), "| [[User:Cy|Cy]] || 1 || 0 || 0 || \n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(recognition_matches_hand_count,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_second_profile_does_not_credit,
						setup, teardown),
		cmocka_unit_test_setup_teardown(evaluation_matches_hand_count,
						setup, teardown),
		cmocka_unit_test_setup_teardown(connection_status_from_feedback,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			badges_from_the_configuration_page, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
