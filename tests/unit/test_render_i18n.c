/* test_render_i18n.c - messages: PLURAL per language, fallback along a
 * language's chain (pt-br, pt, English) with the ones shown in English
 * listed, and the shipped message files. */
#include "testutil.h"

#include "skillsbot/error.h"
#include "skillsbot/i18n.h"
#include "skillsbot/json.h"
#include "skillsbot/langchain.h"

#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static char *fmt(const sb_i18n *m, const char *lang, const char *key,
		 long long n)
{
	char num[32];
	sb_msg_arg a;
	sb_buf b;

	snprintf(num, sizeof(num), "%lld", n);
	a.wikitext = num;
	a.num = n;
	a.is_num = true;
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	assert_int_equal(sb_i18n_format(&b, m, lang, key, &a, 1), SB_OK);
	return sb_buf_take(&b, NULL);
}

static void check(const sb_i18n *m, const char *lang, const char *key,
		  long long n, const char *want)
{
	char *got = fmt(m, lang, key, n);

	if (strcmp(got, want) != 0)
		fail_msg("%s %s %lld: got '%s', want '%s'", lang, key, n, got,
			 want);
	free(got);
}

static sb_i18n *sample(void)
{
	const char *langs[] = {"en", "fr", "ar"};
	const char *texts[] = {
		"{\"k\": \"$1 {{PLURAL:$1|file|files}}\", \"z\": "
		"\"{{PLURAL:$1|0=no files|one file|$1 files}}\", \"only-en\": \"E\"}",
		"{\"k\": \"$1 {{PLURAL:$1|fichier|fichiers}}\", \"z\": \"Z\"}",
		"{\"k\": \"{{PLURAL:$1|zero|one|two|few|many|other}}\", \"z\": \"Z\"}"};
	sb_i18n *m = NULL;

	assert_int_equal(sb_i18n_from_json(&m, langs, texts, 3), SB_OK);
	return m;
}

static void plural_rules(void **state)
{
	sb_i18n *m = sample();

	(void)state;
	check(m, "en", "k", 1, "1 file");
	check(m, "en", "k", 0, "0 files");
	check(m, "fr", "k", 0, "0 fichier");   /* French: 0 is singular */
	check(m, "fr", "k", 2, "2 fichiers");
	check(m, "ar", "k", 0, "zero");
	check(m, "ar", "k", 2, "two");
	check(m, "ar", "k", 7, "few");
	check(m, "ar", "k", 11, "many");
	check(m, "ar", "k", 100, "other");
	check(m, "ar", "k", 103, "few");
	check(m, "en", "z", 0, "no files");    /* explicit form wins */
	check(m, "en", "z", 3, "3 files");
	/* Negative counts by their size, the most negative one included
	 * (its negation overflowed: found by fuzzing). */
	assert_int_equal(sb_i18n_plural_index("en", -1), 0);
	assert_int_equal(sb_i18n_plural_index("en", LLONG_MIN), 1);
	assert_int_equal(sb_i18n_plural_index("ar", LLONG_MIN), 3);
	sb_i18n_free(m);
}

static void fallback_and_missing(void **state)
{
	sb_i18n *m = sample();

	(void)state;
	check(m, "fr", "only-en", 1, "E");
	assert_string_equal(sb_i18n_missing(m, "fr", 0), "only-en");
	assert_null(sb_i18n_missing(m, "fr", 1));
	assert_null(sb_i18n_missing(m, "en", 0));
	assert_true(sb_i18n_rtl("ar"));
	assert_false(sb_i18n_rtl("fr"));
	sb_i18n_free(m);
}

/* What text in a language is shown in: its own messages, or English
 * when it has none (an empty file as no file), so that lang= and dir=
 * follow the words shown. */
static void shown_language(void **state)
{
	const char *langs[] = {"en", "fr", "fa"};
	const char *texts[] = {"{\"k\": \"K\", \"j\": \"J\"}",
			       "{\"k\": \"Ka\"}", "{}"};
	sb_i18n *m = NULL;

	(void)state;
	assert_int_equal(sb_i18n_from_json(&m, langs, texts, 3), SB_OK);
	assert_string_equal(sb_i18n_shown_lang(m, "fr"), "fr");
	assert_string_equal(sb_i18n_shown_lang(m, "en"), "en");
	assert_string_equal(sb_i18n_shown_lang(m, "fa"), "en");
	assert_string_equal(sb_i18n_shown_lang(m, "sw"), "en");
	assert_string_equal(sb_i18n_dir(sb_i18n_shown_lang(m, "fa")), "ltr");
	assert_string_equal(sb_i18n_dir("fa"), "rtl");
	/* Which language each message is shown in: a fallback inside
	 * French is English; a language shown wholly in English is. */
	assert_string_equal(sb_i18n_msg_lang(m, "fr", "j"), "en");
	assert_string_equal(sb_i18n_msg_lang(m, "fr", "k"), "fr");
	assert_string_equal(sb_i18n_msg_lang(m, "fr", "nowhere"), "en");
	assert_string_equal(sb_i18n_msg_lang(m, "en", "j"), "en");
	assert_string_equal(sb_i18n_msg_lang(m, "fa", "k"), "en");
	assert_string_equal(sb_i18n_msg_lang(m, "sw", "k"), "en");
	sb_i18n_free(m);
}

/* Where each value of a message went (for values in other languages
 * than its words): in the order written, each time it is written,
 * counted from where the message began. */
static void where_the_values_went(void **state)
{
	const char *langs[] = {"en"};
	const char *texts[] = {"{\"k\": \"$2 of $1{{PLURAL:$1| ($2)| ($1)}}\"}"};
	sb_msg_arg a[2] = {{"3", 3, true}, {"Wikidata", 0, false}};
	const char *in, *text;
	sb_i18n *m = NULL;
	sb_msg_at *at = NULL;
	size_t n_at = 0;
	sb_buf b;

	(void)state;
	assert_int_equal(sb_i18n_from_json(&m, langs, texts, 1), SB_OK);
	text = sb_i18n_find(m, "en", "k", &in);
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	sb_buf_adds(&b, "> ");
	assert_int_equal(sb_i18n_format_found_at(&b, "k", text, in, a, 2, &at,
						 &n_at), SB_OK);
	assert_string_equal(sb_buf_str(&b), "> Wikidata of 3 (3)");
	assert_int_equal(n_at, 3);
	assert_int_equal(at[0].from, 0);
	assert_int_equal(at[0].to, 8);
	assert_int_equal(at[0].arg, 1);
	assert_int_equal(at[1].from, 12);
	assert_int_equal(at[1].to, 13);
	assert_int_equal(at[1].arg, 0);
	assert_int_equal(at[2].from, 15);
	assert_int_equal(at[2].arg, 0);
	free(at);
	/* A message with no value notes nothing. */
	at = NULL;
	assert_int_equal(sb_i18n_format_found_at(&b, "k", "none", in, a, 2,
						 &at, &n_at), SB_OK);
	assert_null(at);
	assert_int_equal(n_at, 0);
	sb_buf_dispose(&b);
	sb_i18n_free(m);
}

static void assert_chain(const char *code, const char *want)
{
	sb_lang_chain c;
	char got[128] = "";

	sb_lang_chain_of(&c, code);
	for (size_t i = 0; i < c.n; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s",
			 i ? " " : "", c.v[i]);
	if (strcmp(got, want) != 0)
		fail_msg("chain of %s: got '%s', want '%s'", code ? code : "NULL",
			 got, want);
}

/* The subtag rule, MediaWiki's few exceptions, English last, each code
 * once (pt and pt-br fall back to each other there). */
static void fallback_chains(void **state)
{
	(void)state;
	assert_chain("pt-br", "pt-br pt en");
	assert_chain("de-at", "de-at de en");
	assert_chain("fr-ca", "fr-ca fr en");
	assert_chain("pt", "pt pt-br en");
	assert_chain("be-tarask", "be-tarask be en");
	assert_chain("en-gb", "en-gb en");
	assert_chain("en", "en");
	assert_chain("PT-BR", "pt-br pt en");
	assert_chain(NULL, "en");
	assert_chain("", "en");
	/* At most SB_LANG_CHAIN_MAX codes, English last. */
	assert_chain("a-b-c-d-e-f-g-h", "a-b-c-d-e-f-g-h a-b-c-d-e-f-g "
		     "a-b-c-d-e-f a-b-c-d-e a-b-c-d a-b-c a-b en");
}

/* A code MediaWiki gives fallbacks of its own reads them, as its
 * MessagesXx.php lists them ($fallback, MediaWiki 1.39), and no others:
 * Serbian in Latin script reads Latin before Cyrillic (sr-el was sr's,
 * Cyrillic, first), Traditional Chinese reads Traditional before
 * Simplified. A code under one of them reaches its list by the subtag
 * rule. */
static void mediawiki_fallbacks(void **state)
{
	(void)state;
	assert_chain("sr-el", "sr-el sr-latn sr en");
	assert_chain("sr-ec", "sr-ec sr-cyrl sr en");
	assert_chain("sr-latn", "sr-latn sr-el sr en");
	assert_chain("sr-cyrl", "sr-cyrl sr-ec sr en");
	assert_chain("SR-EL", "sr-el sr-latn sr en");
	assert_chain("sr", "sr sr-ec sr-cyrl en");
	assert_chain("zh", "zh zh-hans zh-hant zh-cn zh-tw zh-hk en");
	assert_chain("zh-hans", "zh-hans zh-cn zh zh-hant en");
	assert_chain("zh-hant", "zh-hant zh-tw zh-hk zh zh-hans en");
	assert_chain("zh-tw", "zh-tw zh-hant zh-hk zh zh-hans en");
	assert_chain("zh-hk", "zh-hk zh-hant zh-tw zh zh-hans en");
	assert_chain("zh-mo", "zh-mo zh-hk zh-hant zh-tw zh zh-hans en");
	assert_chain("zh-cn", "zh-cn zh-hans zh zh-hant en");
	assert_chain("zh-sg", "zh-sg zh-hans zh-cn zh zh-hant en");
	assert_chain("zh-my", "zh-my zh-sg zh-hans zh-cn zh zh-hant en");
	assert_chain("sr-el-rs", "sr-el-rs sr-el sr-latn sr en");
}

/* A page in Serbian Latin shows the messages of sr-latn (sr-el's
 * first fallback, as in MediaWiki) before Cyrillic sr's. */
static void serbian_latin_reads_latin_first(void **state)
{
	const char *langs[] = {"en", "sr", "sr-latn", "sr-el"};
	const char *texts[] = {"{\"k\": \"K\", \"j\": \"J\"}",
			       "{\"k\": \"\u041a\", \"j\": \"\u0408\"}",
			       "{\"k\": \"Kl\"}", "{}"};
	sb_i18n *m = NULL;

	(void)state;
	assert_int_equal(sb_i18n_from_json(&m, langs, texts, 4), SB_OK);
	assert_string_equal(sb_i18n_text(m, "sr-el", "k"), "Kl");
	assert_string_equal(sb_i18n_msg_lang(m, "sr-el", "k"), "sr-latn");
	assert_string_equal(sb_i18n_shown_lang(m, "sr-el"), "sr-latn");
	/* What Latin lacks comes from Cyrillic sr, marked so. */
	assert_string_equal(sb_i18n_msg_lang(m, "sr-el", "j"), "sr");
	sb_i18n_free(m);
}

/* A variant without a message of its own reads its parent's before
 * English: pt-br shows pt, fr-ca (not even loaded) shows fr; only what
 * the whole chain lacks is shown in English and listed. PLURAL follows
 * the language the text is in, a variant's as its language's. */
static void a_variant_falls_back_to_its_parent(void **state)
{
	const char *langs[] = {"en", "pt", "pt-br", "fr", "ar-eg"};
	const char *texts[] = {
		"{\"k\": \"K\", \"j\": \"J\", \"e\": \"E\", "
		"\"n\": \"$1 {{PLURAL:$1|row|rows}}\"}",
		"{\"k\": \"Kpt\", \"j\": \"Jpt\", "
		"\"n\": \"$1 {{PLURAL:$1|linha|linhas}}\"}",
		"{\"k\": \"Kbr\"}",
		"{\"k\": \"Kfr\"}",
		"{\"k\": \"Keg\"}"};
	sb_i18n *m = NULL;

	(void)state;
	assert_int_equal(sb_i18n_from_json(&m, langs, texts, 5), SB_OK);
	assert_string_equal(sb_i18n_text(m, "pt-br", "k"), "Kbr");
	assert_string_equal(sb_i18n_text(m, "pt-br", "j"), "Jpt");
	assert_string_equal(sb_i18n_text(m, "pt-br", "e"), "E");
	assert_string_equal(sb_i18n_text(m, "fr-ca", "k"), "Kfr");
	assert_string_equal(sb_i18n_text(m, "de-at", "k"), "K");
	assert_string_equal(sb_i18n_shown_lang(m, "fr-ca"), "fr");
	assert_string_equal(sb_i18n_shown_lang(m, "pt-br"), "pt-br");
	assert_string_equal(sb_i18n_shown_lang(m, "de-at"), "en");
	/* pt's 0 is singular (CLDR), English's plural. */
	check(m, "pt-br", "n", 0, "0 linha");
	check(m, "pt", "n", 0, "0 linha");
	assert_int_equal(sb_i18n_plural_index("pt-br", 0), 0);
	assert_int_equal(sb_i18n_plural_index("fr-ca", 0), 0);
	assert_int_equal(sb_i18n_plural_index("ar-eg", 2), 2);
	/* Only "e" reaches English from pt-br, and from pt. */
	assert_string_equal(sb_i18n_missing(m, "pt-br", 0), "e");
	assert_null(sb_i18n_missing(m, "pt-br", 1));
	assert_string_equal(sb_i18n_missing(m, "pt", 0), "e");
	assert_null(sb_i18n_missing(m, "pt", 1));
	/* A variant runs in its language's direction, unless its script
	 * says otherwise. */
	assert_true(sb_i18n_rtl("ar-eg"));
	assert_true(sb_i18n_rtl("ku-arab"));
	assert_false(sb_i18n_rtl("ku-latn"));
	assert_false(sb_i18n_rtl("pt-br"));
	sb_i18n_free(m);
}

/* Loading a variant loads the languages it falls back to, listed or not
 * (pt-br alone on the configuration page reads pt.json). */
static void loading_a_variant_loads_its_parent(void **state)
{
	const char *langs[] = {"pt-br"};
	char *dir = tu_mkdtemp();
	sb_i18n *m = NULL;

	(void)state;
	free(tu_write_file(dir, "en.json", "{\"k\": \"K\", \"j\": \"J\"}",
			   0644));
	free(tu_write_file(dir, "pt.json", "{\"k\": \"Kpt\"}", 0644));
	assert_int_equal(sb_i18n_load(&m, dir, langs, 1), SB_OK);
	assert_string_equal(sb_i18n_text(m, "pt-br", "k"), "Kpt");
	assert_string_equal(sb_i18n_shown_lang(m, "pt-br"), "pt");
	assert_string_equal(sb_i18n_missing(m, "pt-br", 0), "j");
	assert_null(sb_i18n_missing(m, "pt-br", 1));
	sb_i18n_free(m);
	tu_rmtree(dir);
	free(dir);
}

static void duplicate_key_is_an_error(void **state)
{
	const char *langs[] = {"en"};
	const char *texts[] = {"{\"a\": \"x\", \"a\": \"y\"}"};
	sb_i18n *m = NULL;

	(void)state;
	assert_int_equal(sb_i18n_from_json(&m, langs, texts, 1), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), "'a' is defined twice"));
}

static void markers_in_messages_are_an_error(void **state)
{
	const char *langs[] = {"en"};
	const char *texts[] = {"{\"a\": \"<!-- skillsbot:end x -->\"}"};
	sb_i18n *m = NULL;

	(void)state;
	assert_int_equal(sb_i18n_from_json(&m, langs, texts, 1), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), "section markers"));
}

static cJSON *load(const char *lang)
{
	char path[64];
	size_t len;
	char *text;
	cJSON *j = NULL;

	snprintf(path, sizeof(path), "wikitext/i18n/%s.json", lang);
	text = tu_read_src(path, &len);
	assert_int_equal(sb_json_parse(&j, text, len, path), SB_OK);
	free(text);
	return j;
}

/* Every English message is documented in qqq.json, the five languages
 * translate every one, and no file has a key English lacks. */
static void shipped_files_are_complete(void **state)
{
	static const char *const langs[] = {"qqq", "es", "fr", "pt", "ar"};
	cJSON *en = load("en"), *it;

	(void)state;
	for (size_t l = 0; l < 5; l++) {
		cJSON *other = load(langs[l]);

		cJSON_ArrayForEach(it, en)
			if (!cJSON_GetObjectItemCaseSensitive(other, it->string))
				fail_msg("%s.json lacks %s", langs[l], it->string);
		cJSON_ArrayForEach(it, other)
			if (!cJSON_GetObjectItemCaseSensitive(en, it->string))
				fail_msg("%s.json has unknown %s", langs[l],
					 it->string);
		cJSON_Delete(other);
	}
	cJSON_Delete(en);
}

static void shipped_files_load(void **state)
{
	const char *langs[] = {"en", "es", "fr", "pt", "ar", "de"};
	char *dir = tu_src_path("wikitext/i18n");
	sb_i18n *m = NULL;

	(void)state;
	assert_int_equal(sb_i18n_load(&m, dir, langs, 6), SB_OK);
	assert_null(sb_i18n_missing(m, "ar", 0));
	/* No German file: every message falls back and is listed, and
	 * German text is shown in English. */
	assert_non_null(sb_i18n_missing(m, "de", 0));
	assert_string_equal(sb_i18n_shown_lang(m, "de"), "en");
	assert_string_equal(sb_i18n_shown_lang(m, "ar"), "ar");
	{
		bool listed = false;

		for (size_t i = 0; !listed && sb_i18n_missing(m, "de", i); i++)
			listed = strcmp(sb_i18n_missing(m, "de", i),
					"skillsbot-rows") == 0;
		assert_true(listed);
	}
	check(m, "ar", "skillsbot-rows", 2, "صفان");
	check(m, "pt", "skillsbot-rows", 1, "1 linha");
	sb_i18n_free(m);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plural_rules),
		cmocka_unit_test(fallback_and_missing),
		cmocka_unit_test(shown_language),
		cmocka_unit_test(where_the_values_went),
		cmocka_unit_test(fallback_chains),
		cmocka_unit_test(mediawiki_fallbacks),
		cmocka_unit_test(serbian_latin_reads_latin_first),
		cmocka_unit_test(a_variant_falls_back_to_its_parent),
		cmocka_unit_test(loading_a_variant_loads_its_parent),
		cmocka_unit_test(duplicate_key_is_an_error),
		cmocka_unit_test(markers_in_messages_are_an_error),
		cmocka_unit_test(shipped_files_are_complete),
		cmocka_unit_test(shipped_files_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
