/* test_extract.c - profile extraction, rule by rule of wiki-formats.md
 * section 2 (copied into docs/wikitext.md). */
#include "extract_fixture.h"

#include "skillsbot/error.h"
#include "skillsbot/extract.h"
#include "skillsbot/mem.h"
#include "skillsbot/record.h"
#include "skillsbot/siteconf.h"
#include "skillsbot/taxonomy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sb_records rec;
static int rejected;

static void count_reject(void *data, const sb_profile *p)
{
	(void)data;
	(void)p;
	rejected++;
}

static int setup(void **state)
{
	(void)state;
	if (ef_open("tests/data/extract/taxonomy.json") < 0)
		return -1;
	sb_extract_ctx_set_reject(ctx, count_reject, NULL);
	sb_records_init(&rec);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sb_records_dispose(&rec);
	ef_close();
	return 0;
}

/* Extract a page afresh; the records stay until the next call. */
static sb_records *extract_titled(const char *title, const char *text)
{
	sb_records_dispose(&rec);
	sb_records_init(&rec);
	rejected = 0;
	assert_int_equal(sb_extract_page(&rec, ctx, title, 0, text,
					 strlen(text)), SB_OK);
	return &rec;
}

static sb_records *extract(const char *text)
{
	return extract_titled("Grants:Knowledge Sharing/Connect/Skills "
			      "Directory/Test", text);
}

/* The one profile of a page with these parameters. */
static sb_profile *profile(const char *params)
{
	char *text = sb_asprintf("{{Let's Connect/Profile\n"
				 "| username = Tester\n%s\n}}", params);

	extract(text);
	free(text);
	assert_int_equal(rec.n_profiles, 1);
	return &rec.profiles[0];
}

static bool has_diag(const sb_profile *p, const char *field, int line,
		     const char *needle)
{
	for (size_t i = 0; i < p->n_diags; i++)
		if (strcmp(p->diags[i].field, field) == 0 &&
		    (line == 0 || p->diags[i].line == line) &&
		    (!needle || strstr(p->diags[i].message, needle)))
			return true;
	return false;
}

static void expect_items(const sb_skill_ref *s, size_t n,
			 const char *const *want)
{
	size_t k = 0;

	for (; want[k]; k++) {
		if (k >= n)
			fail_msg("item %zu (\"%s\") missing", k, want[k]);
		assert_string_equal(s[k].text, want[k]);
	}
	assert_int_equal(n, k);
}

/* ---- the example of the contract ---- */

static void test_spec_example(void **state)
{
	char *text = tu_read_src("tests/data/extract/example.wiki", NULL);
	sb_profile *p;

	(void)state;
	extract_titled("Grants:Knowledge Sharing/Connect/Skills Directory/"
		       "Example", text);
	free(text);
	assert_int_equal(rec.n_profiles, 1);
	p = &rec.profiles[0];
	assert_string_equal(p->username, "Example Person");
	assert_string_equal(p->region, "SSA");
	assert_string_equal(p->country, "GH");
	assert_int_equal(p->n_languages, 3);
	assert_string_equal(p->languages[0].code, "en");
	assert_int_equal(p->languages[0].level, SB_LEVEL_NATIVE);
	assert_string_equal(p->languages[1].code, "fr");
	assert_int_equal(p->languages[1].level, 3);
	assert_string_equal(p->languages[2].code, "tw");
	assert_int_equal(p->languages[2].level, SB_LEVEL_NONE);
	assert_string_equal(p->timezone, "Africa/Accra");
	assert_string_equal(p->affiliate, "Wikimedia Ghana User Group");
	assert_int_equal(p->n_share, 2);
	assert_string_equal(p->share[0].id, "grant-writing");
	assert_string_equal(p->share[1].id, "wikidata");
	assert_string_equal(p->share[1].text, "Wikidata");
	assert_int_equal(p->n_learn, 2);
	assert_string_equal(p->learn[0].id, "conflict-management");
	assert_string_equal(p->learn[1].id, "impact-stories");
	assert_int_equal(p->formats, SB_FMT_CLINIC | SB_FMT_ONE_TO_ONE);
	assert_int_equal(p->capacity, 3);
	assert_int_equal(p->status, SB_STATUS_ACTIVE);
	assert_true(p->notify);
	assert_string_equal(p->contact, "talk page");
	assert_int_equal(p->n_diags, 0);
	assert_int_equal(p->line, 3);
	assert_int_equal(p->index, 0);
}

/* ---- template names ---- */

static void test_template_names(void **state)
{
	static const char *const forms[] = {
		"{{Let's Connect/Profile|username=A}}",
		"{{Template:Let's Connect/Profile|username=A}}",
		"{{template:Let's_Connect/Profile|username=A}}",
		"{{ let's  Connect/Profile |username=A}}",
		"{{subst:Let's Connect/Profile|username=A}}",
		"{{safesubst:Template:Let's Connect/Profile|username=A}}",
		"{{Let's Connect<!-- the program -->/Profile|username=A}}",
		"{{Let's\xC2\xA0" "Connect/Profile|username=A}}",
		/* MediaWiki decodes character references in titles. */
		"{{Let&#39;s Connect/Profile|username=A}}",
		"{{Let&apos;s&nbsp;Connect&#x2F;Profile|username=A}}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		extract(forms[i]);
		if (rec.n_profiles != 1)
			fail_msg("not read as a profile: %s", forms[i]);
		assert_string_equal(rec.profiles[0].username, "A");
	}
	/* Another template, and a case-different rest of the name. */
	extract("{{Let's Connect/Profiles|username=A}}"
		"{{Let's connect/Profile|username=A}}");
	assert_int_equal(rec.n_profiles, 0);
	/* A redirect, once the wiki has told us of it. */
	extract("{{LC profile|username=A}}");
	assert_int_equal(rec.n_profiles, 0);
	sb_extract_ctx_add_alias(ctx, SB_EXTRACT_PROFILE,
				 "Template:LC_profile");
	extract("{{LC profile|username=A}}");
	assert_int_equal(rec.n_profiles, 1);
}

/* ---- parameters ---- */

static void test_parameter_aliases(void **state)
{
	sb_profile *p;

	(void)state;
	extract("{{Let's Connect/Profile\n| nom = Ana\n| pays = Brasil\n"
		"| Time_Zone = America/Sao_Paulo\n| idiomas = pt\n"
		"| Skills to share = Wikidata\n| apprendre = storytelling\n"
		"| max connections = 5\n| Participation = group\n}}");
	p = &rec.profiles[0];
	assert_string_equal(p->username, "Ana");
	assert_null(p->country);  /* "Brasil" is not an English name */
	assert_true(has_diag(p, "country", 3, "Brasil"));
	assert_string_equal(p->timezone, "America/Sao_Paulo");
	assert_string_equal(p->languages[0].code, "pt");
	assert_string_equal(p->share[0].id, "wikidata");
	assert_string_equal(p->learn[0].id, "impact-stories");
	assert_int_equal(p->capacity, 5);
	assert_int_equal(p->formats, SB_FMT_CLUSTER);

	/* Comments inside parameter names, and an unknown parameter. */
	extract("{{Let's Connect/Profile|user<!-- x -->name = Bo |"
		"coun<!-- -->try=FR|colour=blue}}");
	p = &rec.profiles[0];
	assert_string_equal(p->username, "Bo");
	assert_string_equal(p->country, "FR");
	assert_true(has_diag(p, "colour", 1, "unknown parameter"));
	/* An unnamed parameter is reported. */
	extract("{{Let's Connect/Profile|username=C|Wikidata}}");
	assert_true(has_diag(&rec.profiles[0], "template", 1, "unnamed"));
}

static void test_repeated_parameter(void **state)
{
	sb_profile *p;

	(void)state;
	p = profile("| country = Ghana\n| pays = Kenya\n| country = Togo");
	assert_string_equal(p->country, "TG");
	assert_true(has_diag(p, "country", 4, "more than once"));
	assert_true(has_diag(p, "country", 5, "the last one is used"));
}

/* ---- lists ---- */

static void test_list_separators(void **state)
{
	static const char *const want[] = {
		"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", NULL
	};
	sb_profile *p;

	(void)state;
	p = profile("| share = a, b; c \xC2\xB7 d \xE2\x80\xA2 e<br>f<BR />g"
		    "</br>h\n i\n* j\n# k");
	expect_items(p->share, p->n_share, want);
	assert_int_equal(p->n_diags, 0);
}

/* Arabic, Ethiopic and CJK commas and semicolons separate as "," and ";"
 * do (written as entities they stay literal). */
static void test_list_separators_other_scripts(void **state)
{
	static const char *const want[] = {
		"\xD8\xA3", "\xD8\xA8", "\xD8\xAA", "c", "d", "e", "f", "g",
		"h", "i", "j\xD8\x8Ck", NULL
	};
	sb_profile *p;

	(void)state;
	p = profile("| share = \xD8\xA3\xD8\x8C \xD8\xA8\xD8\x9B \xD8\xAA"
		    "\xEF\xBC\x8C" "c\xE3\x80\x81" "d\xEF\xBC\x9B" "e"
		    "\xE1\x8D\xA3" "f\xE1\x8D\xA4" "g\xEF\xB9\x90" "h"
		    "\xEF\xB9\x94" "i, j&#x60C;k");
	expect_items(p->share, p->n_share, want);
	assert_int_equal(p->n_diags, 0);
}

/* Directional marks (LRM, RLM, ALM, embeddings, isolates) are invisible:
 * they do not stop a skill, a language or a country from matching, an
 * item of marks alone is no item, and user names drop them as MediaWiki
 * titles do. */
static void test_directional_marks(void **state)
{
	static const char rlm[] = "\xE2\x80\x8F", lrm[] = "\xE2\x80\x8E";
	static const char alm[] = "\xD8\x9C", fsi[] = "\xE2\x81\xA8";
	static const char pdi[] = "\xE2\x81\xA9", rle[] = "\xE2\x80\xAB";
	static const char pdf[] = "\xE2\x80\xAC";
	/* "إدارة النزاعات", the Arabic label of conflict-management */
	static const char label[] = "\xD8\xA5\xD8\xAF\xD8\xA7\xD8\xB1\xD8\xA9 "
				    "\xD8\xA7\xD9\x84\xD9\x86\xD8\xB2\xD8\xA7"
				    "\xD8\xB9\xD8\xA7\xD8\xAA";
	char *text;
	sb_profile *p;

	(void)state;
	text = sb_asprintf("{{Let's Connect/Profile\n| username = %sJane%s "
			   "Doe%s\n| learn = %s%s%s, %sWiki%sdata%s, %s%s\n"
			   "| languages = %sfr-3%s, %sar%s\n"
			   "| country = %sGhana%s\n}}",
			   rlm, lrm, alm, rlm, label, rlm, fsi, rle, pdi,
			   rlm, lrm, lrm, rlm, alm, pdf, rlm, lrm);
	extract(text);
	free(text);
	assert_int_equal(rec.n_profiles, 1);
	p = &rec.profiles[0];
	assert_string_equal(p->username, "Jane Doe");
	assert_int_equal(p->n_learn, 2);
	assert_string_equal(p->learn[0].id, "conflict-management");
	assert_string_equal(p->learn[1].id, "wikidata");
	assert_int_equal(p->n_languages, 2);
	assert_string_equal(p->languages[0].code, "fr");
	assert_int_equal(p->languages[0].level, 3);
	assert_string_equal(p->languages[1].code, "ar");
	assert_string_equal(p->country, "GH");
	assert_int_equal(p->n_diags, 0);
}

static void test_list_cleanup(void **state)
{
	static const char *const want[] = {
		"Research & development", "Writing, editing",
		"Wikidata", "Label", "slides", "a;b, c", "Many spaces here",
		"x < y", NULL
	};
	sb_profile *p;

	(void)state;
	p = profile("| share = Research &amp; development; Writing&#44; editing"
		    "; [[Wikidata]] <!-- a comment; with separators -->;"
		    "[[Some page|Label]][[Category:X]], [https://example.org/s.pdf slides]"
		    "; <nowiki>a;b, c</nowiki>; Many   spaces\xC2\xA0\xC2\xA0"
		    "here;; ,  ; x &lt; y");
	expect_items(p->share, p->n_share, want);
	assert_string_equal(p->share[0].id, "research-and-development");
	assert_string_equal(p->share[2].id, "wikidata");
	assert_null(p->share[1].id);
}

static void test_templates_in_values(void **state)
{
	sb_profile *p;

	(void)state;
	p = profile("| share = {{skill|grant-writing}}, {{Skill|wikidata}}, "
		    "{{ping|Someone}} {{citation needed}}, {{skill|knitting}}\n"
		    "| languages = {{lang|fr|French}}, {{#if:x|es}}");
	assert_int_equal(p->n_share, 4);
	assert_string_equal(p->share[3].text, "knitting");
	assert_true(has_diag(p, "share", 3, "{{skill|knitting}} names no"));
	assert_string_equal(p->share[0].id, "grant-writing");
	assert_string_equal(p->share[1].id, "wikidata");
	assert_string_equal(p->share[2].text, "Someone");
	assert_true(has_diag(p, "share", 3, "{{Citation needed}}"));
	assert_int_equal(p->n_languages, 1);
	assert_string_equal(p->languages[0].code, "fr");
	assert_true(has_diag(p, "languages", 4, "#if"));
}

/* "{{u|1=Foo}}" is "{{u|Foo}}" in MediaWiki: numbered arguments count as
 * the unnamed ones they name (the last one given wins). */
static void test_numbered_template_arguments(void **state)
{
	sb_profile *p;

	(void)state;
	extract("{{Let's Connect/Profile|username={{u|1=Foo}}|"
		"share={{skill|1=grant-writing}}|"
		"languages={{lang|1=fr|2=French}}}}\n"
		"{{Let's Connect/Profile|username=Bar|"
		"share={{skill| 1 = wikidata }}, {{skill|x|1=grant-writing}}|"
		"languages={{lang|2=Swahili|1=fr}}, {{lang|es|3=German}}}}");
	assert_int_equal(rejected, 0);
	assert_int_equal(rec.n_profiles, 2);
	p = &rec.profiles[0];
	assert_string_equal(p->username, "Foo");
	assert_int_equal(p->n_share, 1);
	assert_string_equal(p->share[0].id, "grant-writing");
	assert_int_equal(p->n_languages, 1);
	assert_string_equal(p->languages[0].code, "fr");
	assert_int_equal(p->n_diags, 0);
	p = &rec.profiles[1];
	assert_int_equal(p->n_share, 2);
	assert_string_equal(p->share[0].id, "wikidata");
	assert_string_equal(p->share[1].id, "grant-writing");
	/* The highest number wins, whatever the order: Swahili, German. */
	assert_int_equal(p->n_languages, 2);
	assert_string_equal(p->languages[0].code, "sw");
	assert_string_equal(p->languages[1].code, "de");
	assert_int_equal(p->n_diags, 0);
	/* A known template with no text argument says so. */
	p = profile("| share = {{skill|id=grant-writing}}");
	assert_int_equal(p->n_share, 0);
	assert_true(has_diag(p, "share", 3, "{{Skill}}"));
}

/* ---- skills ---- */

static void test_skills(void **state)
{
	sb_profile *p;

	(void)state;
	/* Case folding, NFC (an e followed by a combining acute), spacing,
	 * labels in other languages, aliases; unmapped text kept as
	 * written; a skill named twice counts once. */
	p = profile("| share = GRANT  WRITING; R\x65\xCC\x81" "daction de "
		    "demandes de subvention; proposal writing; Redacción de "
		    "propuestas\n| learn = Underwater Basket Weaving, "
		    "underwater basket weaving, \xD8\xA5\xD8\xAF\xD8\xA7\xD8\xB1"
		    "\xD8\xA9 \xD8\xA7\xD9\x84\xD9\x86\xD8\xB2\xD8\xA7\xD8\xB9"
		    "\xD8\xA7\xD8\xAA");
	assert_int_equal(p->n_share, 1);
	assert_string_equal(p->share[0].id, "grant-writing");
	assert_string_equal(p->share[0].text, "GRANT WRITING");
	assert_int_equal(p->n_learn, 3);
	assert_null(p->learn[0].id);
	assert_string_equal(p->learn[0].text, "Underwater Basket Weaving");
	assert_null(p->learn[1].id);
	assert_string_equal(p->learn[2].id, "conflict-management");
}

/* ---- user names ---- */

static void test_usernames(void **state)
{
	static const char *const forms[][2] = {
		{"[[User:Jane Doe|Jane]]", "Jane Doe"},
		{"[[user:jane_doe]] ([[User talk:Jane Doe|talk]])", "Jane doe"},
		{"{{u|Jane Doe}}", "Jane Doe"},
		{"User:Jane Doe", "Jane Doe"},
		{"Utilisateur:Jean", "Jean"},
		{"Usuário:João", "João"},
		{"  jane   doe ", "Jane doe"},
		{"\xD9\x85\xD8\xB3\xD8\xAA\xD8\xAE\xD8\xAF\xD9\x85",
		 "\xD9\x85\xD8\xB3\xD8\xAA\xD8\xAE\xD8\xAF\xD9\x85"},
		{"\xD7\xA9\xD7\xA8\xD7\x94 <!-- rtl -->",
		 "\xD7\xA9\xD7\xA8\xD7\x94"},
		{"\xC3\xA9lodie", "\xC3\x89lodie"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		char *text = sb_asprintf("{{Let's Connect/Profile|username=%s}}",
					 forms[i][0]);

		extract(text);
		free(text);
		assert_int_equal(rec.n_profiles, 1);
		assert_string_equal(rec.profiles[0].username, forms[i][1]);
	}
	/* Missing: from a User: page title, else left out and reported. */
	extract_titled("User:Kofi_A/Skills", "{{Let's Connect/Profile|"
		       "country=GH}}");
	assert_string_equal(rec.profiles[0].username, "Kofi A");
	extract("{{Let's Connect/Profile|country=GH}}"
		"{{Let's Connect/Profile|username=B}}");
	assert_int_equal(rec.n_profiles, 1);
	assert_int_equal(rejected, 1);
	assert_string_equal(rec.profiles[0].username, "B");
	assert_int_equal(rec.profiles[0].index, 1);
}

/* ---- regions and countries ---- */

static void test_regions(void **state)
{
	static const char *const cases[][3] = {
		/* region, country, expected region */
		{"SSA", "", "SSA"},
		{"South Asia", "", "SA"},
		{"Latin America and Caribbean", "", "LAC"},
		{"LATAM", "", "LAC"},
		{"Northern and Western Europe", "", "NWE"},
		{"United States and Canada", "", "USCA"},
		{"east, southeast asia and pacific", "", "ESEAP"},
		{"cee", "", "CEE"},
		{"MEA", "Egypt", "MENA"},
		{"Middle East and Africa", "Ghana", "SSA"},
		{"", "Brazil", "LAC"},
		{"", "IN", "SA"},
		{"", "Korea, Republic of", "ESEAP"},
		{"", "Viet Nam", "ESEAP"},
		{"", "united states", "USCA"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *params = sb_asprintf("| region = %s\n| country = %s",
					   cases[i][0], cases[i][1]);
		sb_profile *p = profile(params);

		free(params);
		if (!p->region || strcmp(p->region, cases[i][2]) != 0)
			fail_msg("region \"%s\", country \"%s\": got %s",
				 cases[i][0], cases[i][1],
				 p->region ? p->region : "null");
		assert_int_equal(p->n_diags, 0);
	}
}

static void test_region_problems(void **state)
{
	sb_profile *p;

	(void)state;
	p = profile("| region = MEA");
	assert_null(p->region);
	assert_true(has_diag(p, "region", 3, "SSA from MENA"));
	p = profile("| region = Atlantis\n| country = Kenya");
	assert_string_equal(p->region, "SSA");
	assert_true(has_diag(p, "region", 3, "Atlantis"));
	p = profile("| country = Narnia");
	assert_null(p->country);
	assert_null(p->region);
	assert_true(has_diag(p, "country", 3, "Narnia"));
	p = profile("| country = gh\n| region = SA");
	assert_string_equal(p->country, "GH");
	assert_string_equal(p->region, "SA");
	assert_true(has_diag(p, "region", 4, "does not match"));
}

/* ---- languages ---- */

static void test_languages(void **state)
{
	sb_profile *p;

	(void)state;
	p = profile("| languages = en-N, fr-3, es-0, pt_1, ary, Swahili, "
		    "fra, German-5, zh-Hans, xx-9, Klingonese");
	assert_int_equal(p->n_languages, 7);
	assert_string_equal(p->languages[0].code, "en");
	assert_int_equal(p->languages[0].level, SB_LEVEL_NATIVE);
	assert_string_equal(p->languages[1].code, "fr");
	assert_int_equal(p->languages[1].level, 3);
	assert_string_equal(p->languages[2].code, "pt");
	assert_int_equal(p->languages[2].level, 1);
	assert_string_equal(p->languages[3].code, "ary");
	assert_string_equal(p->languages[4].code, "sw");
	assert_string_equal(p->languages[5].code, "de");
	assert_int_equal(p->languages[5].level, 5);
	assert_string_equal(p->languages[6].code, "zh");
	assert_true(has_diag(p, "languages", 3, "xx-9"));
	assert_true(has_diag(p, "languages", 3, "Klingonese"));
}

/* Babel writes "pt-br-1" and "zh-hans-N": the level after a region or
 * script subtag counts; a level Babel does not have is reported; a
 * language given twice with other levels keeps the highest, reported. */
static void test_language_levels(void **state)
{
	sb_profile *p;

	(void)state;
	p = profile("| languages = pt-BR-1, zh-Hans-N, en-6, sr_Latn_2, "
		    "de-AT 4, it-12");
	assert_int_equal(p->n_languages, 6);
	assert_string_equal(p->languages[0].code, "pt");
	assert_int_equal(p->languages[0].level, 1);
	assert_string_equal(p->languages[1].code, "zh");
	assert_int_equal(p->languages[1].level, SB_LEVEL_NATIVE);
	assert_string_equal(p->languages[2].code, "en");
	assert_int_equal(p->languages[2].level, SB_LEVEL_NONE);
	assert_true(has_diag(p, "languages", 3, "\"en-6\""));
	assert_string_equal(p->languages[3].code, "sr");
	assert_int_equal(p->languages[3].level, 2);
	assert_string_equal(p->languages[4].code, "de");
	assert_int_equal(p->languages[4].level, 4);
	assert_string_equal(p->languages[5].code, "it");
	assert_true(has_diag(p, "languages", 3, "\"it-12\""));
	assert_int_equal(p->n_diags, 2);

	p = profile("| languages = en-3, en-N, fr-3, fra-1, es, Spanish-2, "
		    "ar-2, Arabic-2, sw-0, sw-4, ha-4, ha-0");
	assert_int_equal(p->n_languages, 6);
	assert_int_equal(p->languages[0].level, SB_LEVEL_NATIVE);
	assert_true(has_diag(p, "languages", 3, "en is given"));
	assert_string_equal(p->languages[1].code, "fr");
	assert_int_equal(p->languages[1].level, 3);
	assert_true(has_diag(p, "languages", 3, "fr is given"));
	/* No level, then a level: nothing to choose, nothing to say. */
	assert_string_equal(p->languages[2].code, "es");
	assert_int_equal(p->languages[2].level, 2);
	assert_int_equal(p->languages[3].level, 2);
	/* 0 ("does not speak") against a level: the level, reported. */
	assert_string_equal(p->languages[4].code, "sw");
	assert_int_equal(p->languages[4].level, 4);
	assert_string_equal(p->languages[5].code, "ha");
	assert_int_equal(p->languages[5].level, 4);
	assert_int_equal(p->n_diags, 4);
}

/* Wikimedia's own language codes (MediaWiki's Names.php) whose first
 * subtag is another language, or a group of languages, name their own
 * language: zh-yue is Cantonese (yue, as "yue-3" gives), not Chinese. */
static void test_language_wikimedia_codes(void **state)
{
	static const struct {
		const char *code;
		int level;
	} want[] = {
		{"yue", 3}, {"nan", SB_LEVEL_NATIVE}, {"lzh", 1}, {"be", 2},
		{"rup", 1}, {"sgs", SB_LEVEL_NONE}, {"vro", 4},
		{"jv", SB_LEVEL_NONE}, {"cbk", 2}, {"nap", 1}, {"zh", 4},
	};
	sb_profile *p;

	(void)state;
	p = profile("| languages = zh-yue-3, zh-min-nan-N, zh-classical-1, "
		    "be-x-old-2, roa-rup-1, bat-smg, fiu-vro-4, map-bms, "
		    "cbk-zam-2, roa-tara-1, zh-hans-4, ZH-YUE, yue-3");
	assert_int_equal(p->n_languages, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_string_equal(p->languages[i].code, want[i].code);
		assert_int_equal(p->languages[i].level, want[i].level);
	}
	assert_int_equal(p->n_diags, 0);
}

/* What stands between a language and its level must be a region,
 * script or variant subtag: "en-N-2", "fr-3-2", "de--2" are typos, not
 * English level 2. They are reported with the text, and the language is
 * kept without a level. */
static void test_language_garbled_tags(void **state)
{
	static const char *const tags[] = {"en-N-2", "fr-3-2", "de--2",
					   "it_N_x", "ru-"};
	static const char *const codes[] = {"en", "fr", "de", "it", "ru"};
	sb_profile *p;

	(void)state;
	p = profile("| languages = en-N-2, fr-3-2, de--2, it_N_x, ru-");
	assert_int_equal(p->n_languages, 5);
	assert_int_equal(p->n_diags, 5);
	for (size_t i = 0; i < 5; i++) {
		char *want = sb_asprintf("\"%s\" is not a language code and "
					 "Babel level like fr-3, pt-BR-1 or "
					 "zh-yue-N; %s is kept without a "
					 "level", tags[i], codes[i]);

		assert_string_equal(p->languages[i].code, codes[i]);
		assert_int_equal(p->languages[i].level, SB_LEVEL_NONE);
		if (!has_diag(p, "languages", 3, want))
			fail_msg("no diagnostic '%s'", want);
		free(want);
	}

	/* Regions, scripts, variants: as before, nothing to say. */
	p = profile("| languages = pt-BR-1, zh-Hans-N, es-419-3, sr-ec-2, "
		    "nl-informal-4, nan-Latn-pehoeji-2, be-tarask-N");
	assert_int_equal(p->n_languages, 7);
	assert_int_equal(p->n_diags, 0);
	assert_string_equal(p->languages[5].code, "nan");
	assert_int_equal(p->languages[5].level, 2);
}

/* ---- time zones ---- */

static void test_timezones(void **state)
{
	static const char *const cases[][2] = {
		{"Africa/Accra", "Africa/Accra"},
		{"africa/accra", "Africa/Accra"},
		{"America/New York", "America/New_York"},
		{"UTC+3", "UTC+03:00"},
		{"UTC-05:30", "UTC-05:30"},
		{"GMT+1", "UTC+01:00"},
		{"UTC +5:45", "UTC+05:45"},
	};
	sb_profile *p;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *params = sb_asprintf("| timezone = %s", cases[i][0]);

		p = profile(params);
		free(params);
		assert_non_null(p->timezone);
		assert_string_equal(p->timezone, cases[i][1]);
	}
	p = profile("| timezone = Mars/Olympus_Mons");
	assert_null(p->timezone);
	assert_true(has_diag(p, "timezone", 3, "Mars/Olympus_Mons"));
	p = profile("| timezone = UTC+17");
	assert_null(p->timezone);
	p = profile("| timezone = ../../etc/passwd");
	assert_null(p->timezone);
}

/* ---- formats, capacity, status, notify, contact ---- */

static void test_small_fields(void **state)
{
	sb_profile *p;

	(void)state;
	p = profile("");
	assert_int_equal(p->formats, SB_FMT_ALL);
	assert_int_equal(p->capacity, 2);
	assert_int_equal(p->status, SB_STATUS_ACTIVE);
	assert_false(p->notify);
	assert_null(p->contact);
	assert_null(p->affiliate);
	assert_null(p->timezone);
	assert_int_equal(p->n_diags, 0);

	p = profile("| formats = one to one, Group\n| capacity = 0\n"
		    "| status = Away\n| notify = YES\n| contact = "
		    "[[User talk:Tester|my talk page]]");
	assert_int_equal(p->formats, SB_FMT_ONE_TO_ONE | SB_FMT_CLUSTER);
	assert_int_equal(p->capacity, 0);
	assert_int_equal(p->status, SB_STATUS_AWAY);
	assert_true(p->notify);
	assert_string_equal(p->contact, "my talk page");

	p = profile("| formats = webinar\n| capacity = 21\n| status = "
		    "retired\n| notify = maybe");
	assert_int_equal(p->formats, SB_FMT_ALL);
	assert_true(has_diag(p, "formats", 3, "webinar"));
	assert_int_equal(p->capacity, 2);
	assert_true(has_diag(p, "capacity", 4, "21"));
	assert_int_equal(p->status, SB_STATUS_ACTIVE);
	assert_true(has_diag(p, "status", 5, "retired"));
	assert_false(p->notify);
	assert_true(has_diag(p, "notify", 6, "maybe"));

	p = profile("| status = inactive\n| capacity = three");
	assert_int_equal(p->status, SB_STATUS_INACTIVE);
	assert_true(has_diag(p, "capacity", 4, "three"));
}

/* ---- pages ---- */

static void test_several_profiles_and_tables(void **state)
{
	char *text = tu_read_src("tests/data/extract/table.wiki", NULL);

	(void)state;
	extract(text);
	free(text);
	assert_int_equal(rec.n_profiles, 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(rec.profiles[i].index, i);
	assert_string_equal(rec.profiles[0].username, "Alpha");
	assert_string_equal(rec.profiles[1].username, "Beta");
	assert_string_equal(rec.profiles[2].username, "Gamma");
	assert_string_equal(rec.profiles[3].username, "Delta");
	/* Nested in another template's argument, with nested values. */
	assert_string_equal(rec.profiles[3].share[0].id, "wikidata");
	assert_int_equal(rec.profiles[2].line, 9);
}

static void test_crlf_and_nbsp(void **state)
{
	sb_profile *p;

	(void)state;
	extract("{{Let's Connect/Profile\r\n| username\xC2\xA0= Ama\r\n"
		"| share = Wikidata\r\n * Grant writing\r\n"
		"| country = \xC2\xA0Ghana\xC2\xA0\r\n| languages = xx-9\r\n}}");
	p = &rec.profiles[0];
	assert_string_equal(p->username, "Ama");
	assert_int_equal(p->n_share, 2);
	assert_string_equal(p->share[1].id, "grant-writing");
	assert_string_equal(p->country, "GH");
	/* Columns count characters, and CR is not a line. */
	assert_true(has_diag(p, "languages", 6, NULL));
	assert_int_equal(p->diags[0].column, 15);
}

static void test_diagnostic_positions(void **state)
{
	sb_profile *p;

	(void)state;
	extract("intro \xC3\xA9\xC3\xA9\n"
		"{{Let's Connect/Profile|username=Z\n"
		"| languages = \xC3\xA9\xC3\xA9, qq-7\n}}");
	p = &rec.profiles[0];
	assert_int_equal(p->n_diags, 2);
	assert_int_equal(p->diags[0].line, 3);
	assert_int_equal(p->diags[0].column, 15);
	assert_int_equal(p->diags[1].line, 3);
	assert_int_equal(p->diags[1].column, 19);
}

/* A broken profile does not stop the next one. */
static void test_bad_profile_isolated(void **state)
{
	(void)state;
	extract("{{Let's Connect/Profile|username=A|capacity=lots|"
		"country={{{1}}}|share=]] [[Wikidata]] ]]|languages=<nowiki>|"
		"timezone=&bogus;|region=}}\n"
		"{{Let's Connect/Profile|username=B|country=Peru}}");
	assert_int_equal(rec.n_profiles, 2);
	assert_true(has_diag(&rec.profiles[0], "capacity", 1, "lots"));
	assert_true(has_diag(&rec.profiles[0], "country", 1, "{{{1}}}"));
	assert_string_equal(rec.profiles[1].username, "B");
	assert_string_equal(rec.profiles[1].region, "LAC");
	/* As in MediaWiki, an unclosed "[[" keeps the "}}" from closing
	 * the template: that profile is text, the next one still reads. */
	extract("{{Let's Connect/Profile|username=A|share=[[|}}\n"
		"{{Let's Connect/Profile|username=B}}");
	assert_int_equal(rec.n_profiles, 1);
	assert_string_equal(rec.profiles[0].username, "B");
}

static void test_unclosed_profile(void **state)
{
	(void)state;
	extract("{{Let's Connect/Profile|username=A\n"
		"{{Let's Connect/Profile|username=B}}");
	assert_int_equal(rec.n_profiles, 1);
	assert_string_equal(rec.profiles[0].username, "B");
}

/* Big and hostile pages: bounded results, and the work stays linear (a
 * quadratic step would not finish these in the test's time). */
static void test_hostile_pages(void **state)
{
	sb_buf b;

	(void)state;
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	for (int i = 0; i < 100000; i++)
		sb_buf_adds(&b, "{{Let's Connect/Profile|username=X|");
	extract(b.ptr);
	assert_int_equal(rec.n_profiles, 0);

	sb_buf_reset(&b);
	sb_buf_adds(&b, "{{Let's Connect/Profile|username=X|share=");
	for (int i = 0; i < 200000; i++)
		sb_buf_addf(&b, "s%d, s%d;", i % 7, i);
	sb_buf_adds(&b, "}}");
	extract(b.ptr);
	assert_int_equal(rec.n_profiles, 1);
	assert_int_equal(rec.profiles[0].n_share, 100);  /* s0..s99 */
	assert_true(has_diag(&rec.profiles[0], "share", 1, "more than 200"));

	sb_buf_reset(&b);
	for (int i = 0; i < 20000; i++)
		sb_buf_addf(&b, "* {{Let's Connect/Profile|username=U%d|"
			    "country=GH}}\n", i);
	extract(b.ptr);
	assert_int_equal(rec.n_profiles, 20000);
	assert_int_equal(rec.profiles[19999].index, 19999);
	assert_string_equal(rec.profiles[19999].username, "U19999");
	assert_int_equal(rec.profiles[19999].line, 20000);

	sb_buf_reset(&b);
	sb_buf_adds(&b, "{{Let's Connect/Clinic|title=Big}}\n== Sign-ups ==\n");
	for (int i = 0; i < 50000; i++)
		sb_buf_addf(&b, "# [[User:P%d]]\n", i);
	extract(b.ptr);
	assert_int_equal(rec.n_clinics, 1);
	assert_int_equal(rec.clinics[0].n_signups, 2000);
	assert_int_equal(rec.clinics[0].n_diags, 1);
	sb_buf_dispose(&b);
}

static void test_json_line(void **state)
{
	cJSON *j;
	char *s;

	(void)state;
	profile("| languages = fr\n| share = Wikidata, Basket weaving");
	j = sb_profile_to_json(&rec.profiles[0]);
	s = cJSON_PrintUnformatted(j);
	assert_non_null(strstr(s, "\"languages\":[{\"code\":\"fr\","
			       "\"level\":null}]"));
	assert_non_null(strstr(s, "{\"skill\":null,\"text\":\"Basket "
			       "weaving\"}"));
	assert_non_null(strstr(s, "\"region\":null"));
	free(s);
	cJSON_Delete(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_example),
		cmocka_unit_test(test_template_names),
		cmocka_unit_test(test_parameter_aliases),
		cmocka_unit_test(test_repeated_parameter),
		cmocka_unit_test(test_list_separators),
		cmocka_unit_test(test_list_separators_other_scripts),
		cmocka_unit_test(test_directional_marks),
		cmocka_unit_test(test_list_cleanup),
		cmocka_unit_test(test_templates_in_values),
		cmocka_unit_test(test_numbered_template_arguments),
		cmocka_unit_test(test_skills),
		cmocka_unit_test(test_usernames),
		cmocka_unit_test(test_regions),
		cmocka_unit_test(test_region_problems),
		cmocka_unit_test(test_languages),
		cmocka_unit_test(test_language_levels),
		cmocka_unit_test(test_language_wikimedia_codes),
		cmocka_unit_test(test_language_garbled_tags),
		cmocka_unit_test(test_timezones),
		cmocka_unit_test(test_small_fields),
		cmocka_unit_test(test_several_profiles_and_tables),
		cmocka_unit_test(test_crlf_and_nbsp),
		cmocka_unit_test(test_diagnostic_positions),
		cmocka_unit_test(test_bad_profile_isolated),
		cmocka_unit_test(test_unclosed_profile),
		cmocka_unit_test(test_hostile_pages),
		cmocka_unit_test(test_json_line),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
