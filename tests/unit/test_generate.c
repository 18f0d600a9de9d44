/* test_generate.c - the shipped data (default taxonomy, organisers'
 * configuration, example pages) and the seeded directory generator. */
#include "testutil.h"

#include "skillsbot/error.h"
#include "skillsbot/mem.h"
#include "skillsbot/siteconf.h"
#include "skillsbot/taxonomy.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static const char *const program_langs[] = {"en", "es", "fr", "pt", "ar"};

static sb_taxonomy *load_default_taxonomy(void)
{
	size_t len;
	char *json = tu_read_src("wikitext/taxonomy.json", &len);
	sb_taxonomy *t = NULL;
	int err = sb_taxonomy_parse(&t, json, len, "taxonomy.json");

	if (err < 0)
		fail_msg("%s", sb_error_message());
	free(json);
	return t;
}

static bool has_label(const sb_label *l, size_t n, const char *lang)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(l[i].lang, lang) == 0 && l[i].text[0])
			return true;
	return false;
}

static void taxonomy_loads_with_five_labels(void **state)
{
	sb_taxonomy *t = load_default_taxonomy();

	(void)state;
	assert_int_equal(sb_taxonomy_n_categories(t), 5);
	assert_in_range(sb_taxonomy_n_skills(t), 35, 60);
	for (size_t i = 0; i < sb_taxonomy_n_skills(t); i++) {
		const sb_tax_skill *s = sb_taxonomy_skill_at(t, i);

		for (size_t k = 0; k < 5; k++)
			if (!has_label(s->labels, s->n_labels, program_langs[k]))
				fail_msg("skill %s has no %s label", s->id,
					 program_langs[k]);
		assert_true(s->n_aliases >= 3);
		assert_non_null(sb_taxonomy_category(t, s->category));
	}
	for (size_t i = 0; i < sb_taxonomy_n_categories(t); i++) {
		const sb_tax_category *c = sb_taxonomy_category_at(t, i);

		for (size_t k = 0; k < 5; k++)
			assert_true(has_label(c->labels, c->n_labels,
					      program_langs[k]));
	}
	sb_taxonomy_free(t);
}

/* What editors actually write reaches the right skill, in every
 * language of the program. */
static void taxonomy_matches_what_editors_write(void **state)
{
	static const struct {
		const char *text, *id;
	} cases[] = {
		{"grant writing", "grant-writing"},
		{"Rédaction de demandes de subvention", "grant-writing"},
		{"كتابة مقترحات المنح", "grant-writing"},
		{"Gestion des conflits", "conflict-management"},
		{"conflict resolution", "conflict-management"},
		{"Gestão de conflitos", "conflict-management"},
		{"editathons", "edit-a-thons"},
		{"WLM", "wiki-loves"},
		{"P&E Dashboard", "events-dashboard"},
		{"AWB", "bots-awb"},
		{"UCoC", "safe-spaces"},
		{"ويكي بيانات", "wikidata"},
		{"Wikcionário", "wiktionary"},
		{"  social   MEDIA ", "social-media"},
	};
	sb_taxonomy *t = load_default_taxonomy();

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const sb_tax_skill *s = sb_taxonomy_match(t, cases[i].text,
							  strlen(cases[i].text));

		if (!s || strcmp(s->id, cases[i].id) != 0)
			fail_msg("\"%s\" gave %s, not %s", cases[i].text,
				 s ? s->id : "nothing", cases[i].id);
	}
	assert_null(sb_taxonomy_match(t, "Podcasting", 10));
	sb_taxonomy_free(t);
}

static void bot_configuration_has_the_defaults(void **state)
{
	size_t len;
	char *json = tu_read_src("wikitext/bot-configuration.json", &len);
	sb_siteconf c, d;

	(void)state;
	if (sb_siteconf_parse(&c, json, len, "bot-configuration.json") < 0)
		fail_msg("%s", sb_error_message());
	sb_siteconf_defaults(&d);
	assert_true(c.enabled);
	assert_string_equal(c.root, d.root);
	assert_string_equal(c.taxonomy_page, d.taxonomy_page);
	assert_string_equal(c.tpl_profile.v[0], "Let's Connect/Profile");
	assert_int_equal(c.languages.n, 5);
	assert_int_equal(c.max_requests_per_learner, d.max_requests_per_learner);
	assert_int_equal(c.default_capacity, d.default_capacity);
	assert_int_equal(c.clinic_capacity, 25);
	assert_int_equal(c.local_hours[0], 8);
	assert_int_equal(c.local_hours[1], 21);
	assert_true(c.w_stability == d.w_stability);
	for (int i = 0; i < SB_PAGE_COUNT; i++)
		assert_string_equal(c.pages[i], d.pages[i]);
	sb_siteconf_dispose(&c);
	sb_siteconf_dispose(&d);
	free(json);
}

/* Every example page is a readable .wiki (or the two JSON pages) and the
 * example set is the size the README promises. */
static void examples_are_there(void **state)
{
	char *dir = tu_src_path("wikitext/examples");
	DIR *d = opendir(dir);
	struct dirent *e;
	int wiki = 0, json = 0, profiles = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		char *rel, *text;
		const char *p;

		if (n > 5 && strcmp(e->d_name + n - 5, ".json") == 0)
			json++;
		if (n <= 5 || strcmp(e->d_name + n - 5, ".wiki") != 0)
			continue;
		wiki++;
		rel = sb_asprintf("wikitext/examples/%s", e->d_name);
		text = tu_read_src(rel, NULL);
		for (p = text; (p = strstr(p, "{{Let's Connect/Profile")); p++)
			profiles++;
		assert_null(strchr(e->d_name, '/'));
		free(text);
		free(rel);
	}
	closedir(d);
	free(dir);
	assert_int_equal(json, 2);
	assert_in_range(wiki, 30, 60);
	assert_in_range(profiles, 30, 40);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(taxonomy_loads_with_five_labels),
		cmocka_unit_test(taxonomy_matches_what_editors_write),
		cmocka_unit_test(bot_configuration_has_the_defaults),
		cmocka_unit_test(examples_are_there),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
