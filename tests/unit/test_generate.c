/* test_generate.c - the shipped data (default taxonomy, organisers'
 * configuration, example pages) and the seeded directory generator. */
#include "testutil.h"

#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/extract.h"
#include "skillsbot/fileio.h"
#include "skillsbot/generate.h"
#include "skillsbot/mem.h"
#include "skillsbot/record.h"
#include "skillsbot/siteconf.h"
#include "skillsbot/taxonomy.h"
#include "skillsbot/text.h"

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


/* ---- the generator ---------------------------------------------------- */

/* What a sink saw: every byte (titles and texts), counts per region, and
 * the titles, for the checks below. */
typedef struct seen {
	sb_buf all;
	size_t pages, profiles, bytes, max_on_page;
	size_t region[SB_GEN_REGION_COUNT];
	char **titles;
	size_t n_titles, n_titles_cap;
	bool bad_count;   /* a page whose text disagrees with its count */
	bool bad_region;  /* a one-profile page whose country is elsewhere */
	bool bad_utf8;    /* a title or text that is not valid UTF-8 */
	int stop_after;   /* fail with SB_EIO after this many pages; 0 never */
} seen;

static size_t count_str(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/*
 * Which Wikimedia region each country belongs to, written out here apart
 * from the generator's own tables: the test checks that a page says a
 * country of the region the generator reports.
 */
static const char *const region_countries[SB_GEN_REGION_COUNT] = {
	[SB_GEN_SSA] = "|NG|Nigeria|GH|Ghana|KE|Kenya|UG|Uganda|TZ|Tanzania|ET|"
		"Ethiopia|SN|Senegal|CI|Côte d'Ivoire|CM|Cameroon|CD|"
		"Congo, The Democratic Republic of the|ML|Mali|"
		"BF|Burkina Faso|NE|Niger|BJ|Benin|RW|Rwanda|ZA|South Africa|"
		"ZW|Zimbabwe|AO|Angola|MZ|Mozambique|",
	[SB_GEN_MENA] = "|EG|Egypt|MA|Morocco|DZ|Algeria|TN|Tunisia|JO|Jordan|"
		"LB|Lebanon|IQ|Iraq|PS|Palestine, State of|SA|Saudi Arabia|AE|"
		"United Arab Emirates|YE|Yemen|LY|Libya|SY|Syria|IR|Iran|",
	[SB_GEN_SA] = "|IN|India|BD|Bangladesh|PK|Pakistan|NP|Nepal|LK|"
		"Sri Lanka|",
	[SB_GEN_LAC] = "|BR|Brazil|MX|Mexico|AR|Argentina|CO|Colombia|PE|Peru|"
		"BO|Bolivia|CL|Chile|VE|Venezuela|",
	[SB_GEN_ESEAP] = "|PH|Philippines|ID|Indonesia|MY|Malaysia|VN|Vietnam|",
	[SB_GEN_CEE] = "|UA|Ukraine|PL|Poland|RO|Romania|GE|Georgia|AM|Armenia|",
	[SB_GEN_NWE] = "|DE|Germany|FR|France|NL|Netherlands|GB|"
		"United Kingdom|",
	[SB_GEN_USCA] = "|US|United States|CA|Canada|",
};

/* The value of the country parameter (any of its names) of the first
 * profile on the page, up to a comment, line end or pipe. */
static char *country_of(const char *text)
{
	static const char *const keys[] = {"country", "Country", "pays", "país"};

	for (size_t k = 0; k < 4; k++) {
		for (const char *p = text; (p = strstr(p, keys[k])); p++) {
			const char *b = p, *v, *e;

			while (b > text && b[-1] == ' ')
				b--;
			v = p + strlen(keys[k]);
			v += strspn(v, " ");
			if (b == text || b[-1] != '|' || *v != '=')
				continue;
			v += 1 + strspn(v + 1, " ");
			if (strncmp(v, "{{flagicon|", 11) == 0)
				v = strstr(v, "}} ") + 3; /* the flag, not the name */
			e = v + strcspn(v, "|\r\n<}");
			while (e > v && e[-1] == ' ')
				e--;
			return sb_strndup(v, (size_t)(e - v));
		}
	}
	return NULL;
}

static int seen_page(void *ctx, const char *title, const char *text,
		     size_t len, int profiles, const int *regions)
{
	seen *s = ctx;

	if (s->stop_after && (int)s->pages == s->stop_after)
		return sb_error_set(SB_EIO, "disk full (test)");
	sb_buf_addf(&s->all, "%s\n", title);
	sb_buf_add(&s->all, text, len);
	s->pages++;
	s->bytes += len;
	s->profiles += (size_t)profiles;
	if ((size_t)profiles > s->max_on_page)
		s->max_on_page = (size_t)profiles;
	if (!sb_text_valid_utf8(title, strlen(title)) ||
	    !sb_text_valid_utf8(text, len))
		s->bad_utf8 = true;
	if (profiles < 1 || count_str(text, "Connect/Profile") != (size_t)profiles ||
	    strlen(text) != len)
		s->bad_count = true;
	for (int i = 0; i < profiles; i++)
		s->region[regions[i]]++;
	if (profiles == 1) {
		char *c = country_of(text);
		char *key = c ? sb_asprintf("|%s|", c) : NULL;

		if (!key || !strstr(region_countries[regions[0]], key)) {
			print_message("page %s: country %s is not in %s\n", title,
				      c ? c : "(none)",
				      sb_gen_region_code(regions[0]));
			s->bad_region = true;
		}
		free(key);
		free(c);
	}
	SB_GROW(s->titles, s->n_titles_cap, s->n_titles + 1);
	s->titles[s->n_titles++] = sb_strdup(title);
	return SB_OK;
}

static void seen_dispose(seen *s)
{
	for (size_t i = 0; i < s->n_titles; i++)
		free(s->titles[i]);
	free(s->titles);
	sb_buf_dispose(&s->all);
}

static int run(seen *s, size_t pages, uint64_t seed, int per_page,
	       const sb_taxonomy *tax)
{
	sb_gen_opts o;
	sb_gen_sink sink = {seen_page, s};
	int stop = s->stop_after;

	memset(s, 0, sizeof(*s));
	s->stop_after = stop;
	sb_buf_init(&s->all, SB_BUF_UNLIMITED);
	sb_gen_opts_init(&o);
	o.pages = pages;
	o.seed = seed;
	o.per_page = per_page;
	o.tax = tax;
	return sb_generate(&o, &sink);
}

static void same_seed_same_bytes(void **state)
{
	sb_taxonomy *t = load_default_taxonomy();
	seen a, b, c;

	(void)state;
	assert_int_equal(run(&a, 500, 42, 3, t), SB_OK);
	assert_int_equal(run(&b, 500, 42, 3, t), SB_OK);
	assert_int_equal(run(&c, 500, 43, 3, t), SB_OK);
	assert_int_equal(a.all.len, b.all.len);
	assert_memory_equal(a.all.ptr, b.all.ptr, a.all.len);
	assert_true(a.all.len != c.all.len ||
		    memcmp(a.all.ptr, c.all.ptr, a.all.len) != 0);
	/* A different seed changes the pages, not just a byte here and there. */
	assert_int_not_equal(strcmp(a.titles[0], c.titles[0]), 0);
	seen_dispose(&a);
	seen_dispose(&b);
	seen_dispose(&c);
	sb_taxonomy_free(t);
}

/* About two thirds Middle East and Africa, then South Asia, then Latin
 * America, and a few percent for each of the rest. */
static void regional_mix(void **state)
{
	sb_taxonomy *t = load_default_taxonomy();
	seen s;
	double share[SB_GEN_REGION_COUNT], n;

	(void)state;
	assert_int_equal(run(&s, 10000, 7, 1, t), SB_OK);
	n = (double)s.profiles;
	assert_int_equal(s.profiles, 10000);
	for (int r = 0; r < SB_GEN_REGION_COUNT; r++)
		share[r] = (double)s.region[r] / n;
	print_message("mix: SSA %.3f MENA %.3f SA %.3f LAC %.3f ESEAP %.3f "
		      "CEE %.3f NWE %.3f USCA %.3f\n", share[0], share[1],
		      share[2], share[3], share[4], share[5], share[6],
		      share[7]);
	assert_true(share[SB_GEN_SSA] + share[SB_GEN_MENA] > 0.63);
	assert_true(share[SB_GEN_SSA] + share[SB_GEN_MENA] < 0.70);
	assert_true(share[SB_GEN_SA] > 0.12 && share[SB_GEN_SA] < 0.20);
	assert_true(share[SB_GEN_LAC] > 0.06 && share[SB_GEN_LAC] < 0.12);
	for (int r = SB_GEN_ESEAP; r < SB_GEN_REGION_COUNT; r++) {
		assert_true(share[r] > 0.002);
		assert_true(share[r] < 0.06);
		assert_true(share[r] < share[SB_GEN_LAC]);
	}
	/* The pages say so too: each page's country is in its region. */
	assert_false(s.bad_region);
	seen_dispose(&s);
	sb_taxonomy_free(t);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every page holds the profiles it claims (at least one), is valid UTF-8,
 * titles are unique (they become file names), pages average around a
 * kilobyte. */
static void pages_hold_profiles(void **state)
{
	sb_taxonomy *t = load_default_taxonomy();
	seen s;

	(void)state;
	assert_int_equal(run(&s, 3000, 1, 3, t), SB_OK);
	assert_false(s.bad_count);
	assert_false(s.bad_utf8);
	assert_int_equal(s.pages, 3000);
	assert_int_equal(s.max_on_page, 3);
	assert_true(s.profiles > s.pages);
	assert_in_range(s.bytes / s.pages, 600, 1500);
	qsort(s.titles, s.n_titles, sizeof(char *), cmp_str);
	for (size_t i = 1; i < s.n_titles; i++)
		if (strcmp(s.titles[i - 1], s.titles[i]) == 0)
			fail_msg("title %s twice", s.titles[i]);
	seen_dispose(&s);
	assert_int_equal(run(&s, 500, 1, 1, t), SB_OK);
	assert_int_equal(s.profiles, 500);
	seen_dispose(&s);
	sb_taxonomy_free(t);
}

/* The mess the extractor must cope with is actually there. */
static void pages_are_messy(void **state)
{
	static const char *const marks[] = {
		"\r\n", "<br", "\n* ", "\n# ", " \xc2\xb7 ", "<!--", "{{u|",
		"[[User:", "{{skill|", "Template:Let's Connect/Profile",
		"Let's_Connect", "{| class=\"wikitable\"", "away", "inactive",
		"|pays=", "partager", "idiomas", "línguas", "time zone",
		"UTC+", "-N", "Podcasting", "\xd8", /* Arabic script */
		/* problems for the dashboard */
		"{{flagicon|", "Swahilli",
		"\xe0\xa4", /* Devanagari */ "\xe0\xa6", /* Bengali */
	};
	sb_taxonomy *t = load_default_taxonomy();
	seen s;
	const char *all;

	(void)state;
	assert_int_equal(run(&s, 3000, 3, 3, t), SB_OK);
	all = sb_buf_str(&s.all);
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (!strstr(all, marks[i]))
			fail_msg("no page has \"%s\"", marks[i]);
	seen_dispose(&s);
	sb_taxonomy_free(t);
}

static void sink_error_stops(void **state)
{
	seen s = {.stop_after = 3};

	(void)state;
	assert_int_equal(run(&s, 100, 1, 3, NULL), SB_EIO);
	assert_int_equal(s.pages, 3);
	assert_false(s.bad_count);
	seen_dispose(&s);
}

static void file_names(void **state)
{
	static const char *const titles[] = {
		"User:A 100%/Let's Connect", "Grants:X/Y/Z", "100%2F",
		"محمد الحسيني", "Plain",
	};
	char *f = sb_title_to_filename(titles[0]);
	char *t;

	(void)state;
	assert_string_equal(f, "User%3AA 100%25%2FLet's Connect");
	free(f);
	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
		f = sb_title_to_filename(titles[i]);
		assert_null(strchr(f, '/'));
		t = sb_filename_to_title(f);
		assert_string_equal(t, titles[i]);
		free(t);
		free(f);
	}
	/* A "%" that escapes nothing we write stays. */
	t = sb_filename_to_title("50% off%2");
	assert_string_equal(t, "50% off%2");
	free(t);
}

/* ---- through the extractor ---- */

typedef struct extracted {
	sb_extract_ctx *ex;
	int64_t id;
	size_t meant, profiles, wrong_region, no_name, no_country;
	size_t items, mapped, diags, stray_diags;
} extracted;

static bool spoiled_on_purpose(const char *field)
{
	static const char *const fields[] = {"country", "languages",
					     "capacity", "timezone"};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcmp(field, fields[i]) == 0)
			return true;
	return false;
}

static void count_skills(extracted *x, const sb_skill_ref *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		x->items++;
		x->mapped += v[i].id != NULL;
	}
}

static int extract_page(void *ctx, const char *title, const char *text,
			size_t len, int profiles, const int *regions)
{
	extracted *x = ctx;
	sb_records r;

	sb_records_init(&r);
	assert_int_equal(sb_extract_page(&r, x->ex, title, ++x->id, text, len),
			 SB_OK);
	x->meant += (size_t)profiles;
	x->profiles += r.n_profiles;
	for (size_t i = 0; i < r.n_profiles; i++) {
		const sb_profile *p = &r.profiles[i];
		bool country_spoiled = false;

		for (size_t k = 0; k < p->n_diags; k++) {
			x->diags++;
			x->stray_diags += !spoiled_on_purpose(p->diags[k].field);
			country_spoiled |= strcmp(p->diags[k].field,
						  "country") == 0;
		}
		x->no_name += !p->username || !*p->username;
		x->no_country += !p->country && !country_spoiled;
		x->wrong_region += (int)i >= profiles || !p->region ||
			strcmp(p->region, sb_gen_region_code(regions[i])) != 0;
		count_skills(x, p->share, p->n_share);
		count_skills(x, p->learn, p->n_learn);
	}
	sb_records_dispose(&r);
	return 0;
}

/* What docs/data.md says of generated pages, through the extractor with
 * the default configuration and taxonomy: every profile template gives a
 * profile, with a user name, a country (unless spoiled on purpose) and
 * the region the generator meant; most skill items map to the taxonomy
 * (7 % are unmapped on purpose); diagnostics come only from the fields
 * the generator spoils on purpose, and there are some. */
static void generated_pages_extract_as_meant(void **state)
{
	sb_taxonomy *tax = load_default_taxonomy();
	sb_siteconf conf;
	sb_gen_opts o;
	extracted x;
	sb_gen_sink sink = {extract_page, &x};

	(void)state;
	memset(&x, 0, sizeof(x));
	sb_siteconf_defaults(&conf);
	assert_int_equal(sb_extract_ctx_new(&x.ex, &conf, tax), SB_OK);
	sb_gen_opts_init(&o);
	o.pages = 3000;
	o.seed = 1;
	o.per_page = 3;
	o.tax = tax;
	assert_int_equal(sb_generate(&o, &sink), SB_OK);
	assert_true(x.meant > 3000);
	assert_int_equal(x.profiles, x.meant);
	assert_int_equal(x.no_name, 0);
	assert_int_equal(x.no_country, 0);
	assert_int_equal(x.wrong_region, 0);
	assert_int_equal(x.stray_diags, 0);
	assert_true(x.diags > 0);
	/* 7 % unmapped on purpose: between 88 and 97 % map */
	assert_true(x.mapped * 100 >= x.items * 88 &&
		    x.mapped * 100 <= x.items * 97);
	sb_extract_ctx_free(x.ex);
	sb_siteconf_dispose(&conf);
	sb_taxonomy_free(tax);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(taxonomy_loads_with_five_labels),
		cmocka_unit_test(taxonomy_matches_what_editors_write),
		cmocka_unit_test(bot_configuration_has_the_defaults),
		cmocka_unit_test(examples_are_there),
		cmocka_unit_test(same_seed_same_bytes),
		cmocka_unit_test(regional_mix),
		cmocka_unit_test(pages_hold_profiles),
		cmocka_unit_test(pages_are_messy),
		cmocka_unit_test(sink_error_stops),
		cmocka_unit_test(file_names),
		cmocka_unit_test(generated_pages_extract_as_meant),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
