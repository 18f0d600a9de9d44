/* test_core.c - the shared foundations: buffer, errors, records' JSON,
 * the organisers' configuration, the taxonomy, text folding. */
#include "testutil.h"

#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/json.h"
#include "skillsbot/mem.h"
#include "skillsbot/record.h"
#include "skillsbot/siteconf.h"
#include "skillsbot/taxonomy.h"
#include "skillsbot/text.h"

#include <stdlib.h>
#include <string.h>

static void buf_caps_and_frees(void **state)
{
	sb_buf b;

	(void)state;
	sb_buf_init(&b, 8);
	assert_int_equal(sb_buf_adds(&b, "abcd"), SB_OK);
	assert_int_equal(sb_buf_addf(&b, "%d", 123), SB_OK);
	assert_string_equal(sb_buf_str(&b), "abcd123");
	assert_int_equal(sb_buf_adds(&b, "xy"), SB_ETOOBIG);
	/* A failed append leaves the buffer empty, not half-written. */
	assert_int_equal(b.len, 0);
	assert_string_equal(sb_buf_str(&b), "");
	assert_non_null(strstr(sb_error_message(), "8 bytes"));
	sb_buf_dispose(&b);
}

static void error_prefix_keeps_cause(void **state)
{
	(void)state;
	sb_error_set(SB_EIO, "disk full");
	assert_int_equal(sb_error_prefix(SB_EIO, "state.db"), SB_EIO);
	assert_string_equal(sb_error_message(), "state.db: disk full");
}

static const char profile_line[] =
	"{\"page\":\"User:A/Profile\",\"index\":0,\"username\":\"A\","
	"\"region\":\"SSA\",\"country\":\"GH\",\"languages\":[{\"code\":\"en\","
	"\"level\":\"N\"},{\"code\":\"fr\",\"level\":3},{\"code\":\"tw\","
	"\"level\":null}],\"timezone\":\"Africa/Accra\",\"affiliate\":null,"
	"\"share\":[{\"skill\":\"grant-writing\",\"text\":\"Grant writing\"}],"
	"\"learn\":[{\"skill\":null,\"text\":\"Knitting\"}],\"formats\":"
	"[\"clinic\",\"one-to-one\"],\"capacity\":3,\"status\":\"away\","
	"\"notify\":true,\"contact\":\"talk page\",\"diagnostics\":[{\"field\":"
	"\"country\",\"message\":\"m\",\"line\":4,\"column\":13}]}";

static void profile_json_round_trip(void **state)
{
	sb_records r;
	cJSON *o;
	char *s;

	(void)state;
	sb_records_init(&r);
	assert_int_equal(sb_records_read_jsonl(&r, profile_line,
					       strlen(profile_line), "t"),
			 SB_OK);
	assert_int_equal(r.n_profiles, 1);
	assert_int_equal(r.profiles[0].languages[0].level, SB_LEVEL_NATIVE);
	assert_int_equal(r.profiles[0].languages[2].level, SB_LEVEL_NONE);
	assert_int_equal(r.profiles[0].status, SB_STATUS_AWAY);
	assert_int_equal(r.profiles[0].formats,
			 SB_FMT_CLINIC | SB_FMT_ONE_TO_ONE);
	o = sb_profile_to_json(&r.profiles[0]);
	s = cJSON_PrintUnformatted(o);
	assert_string_equal(s, profile_line);
	free(s);
	cJSON_Delete(o);
	sb_records_dispose(&r);
}

static void jsonl_error_names_line(void **state)
{
	sb_records r;
	const char *text = "\n{\"username\":\"A\"}\n{bad\n";

	(void)state;
	sb_records_init(&r);
	assert_int_equal(sb_records_read_jsonl(&r, text, strlen(text), "in.jsonl"),
			 SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), "in.jsonl:3"));
	sb_records_dispose(&r);
}

/* Numbers from outside input reach integers only when they fit: no
 * undefined cast (the sanitizer build stops on one). */
static void json_integers_that_do_not_fit_are_defaults(void **state)
{
	cJSON *o = cJSON_Parse("{\"a\":5,\"b\":2.5,\"c\":1e300,\"d\":-1e300,"
			       "\"e\":9.3e18,\"f\":\"7\",\"g\":-3,"
			       "\"h\":2147483648,\"i\":-9.2e18}");
	sb_records r;
	const char *line = "{\"kind\":\"profile\",\"username\":\"A\","
			   "\"page\":\"P\",\"page_id\":1e300,\"index\":-1e40,"
			   "\"capacity\":5e29}";

	(void)state;
	assert_int_equal(sb_json_i64(o, "a", -1), 5);
	assert_int_equal(sb_json_i64(o, "b", -1), -1);
	assert_int_equal(sb_json_i64(o, "c", -1), -1);
	assert_int_equal(sb_json_i64(o, "d", -1), -1);
	assert_int_equal(sb_json_i64(o, "e", -1), -1);
	assert_int_equal(sb_json_i64(o, "f", -1), -1);
	assert_int_equal(sb_json_i64(o, "g", 0), -3);
	assert_int_equal(sb_json_i64(o, "i", 0), (int64_t)-9.2e18);
	assert_int_equal(sb_json_i64(o, "missing", 42), 42);
	assert_int_equal(sb_json_int(o, "h", -1), -1);
	assert_int_equal(sb_json_int(o, "g", 0), -3);
	assert_int_equal(sb_json_int(o, "i", 7), 7);
	cJSON_Delete(o);
	/* a record with impossible numbers reads with the defaults */
	sb_records_init(&r);
	assert_int_equal(sb_records_add_json(&r, line, strlen(line), "in"),
			 SB_OK);
	assert_int_equal(r.n_profiles, 1);
	assert_int_equal(r.profiles[0].capacity, 2);
	assert_int_equal(r.profiles[0].page_id, 0);
	assert_int_equal(r.profiles[0].index, 0);
	sb_records_dispose(&r);
}

/* The configured languages become file names, titles and attributes:
 * only language codes pass, and the page that lists another is named. */
static void siteconf_languages_are_codes(void **state)
{
	static const char *const bad[] = {"../../etc/x", "f", "fr-", "FR",
					  "fr_FR", "fr<b>", "fr-hant-toolongsubtag"};
	const char *good = "{\"languages\":[\"en\",\"zh-hans\",\"be-tarask\","
			   "\"ast\",\"sr-ec\"]}";
	sb_siteconf c;

	(void)state;
	assert_int_equal(sb_siteconf_parse(&c, good, strlen(good), "cfg"), SB_OK);
	assert_int_equal(c.languages.n, 5);
	sb_siteconf_dispose(&c);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *json = sb_asprintf("{\"languages\":[\"en\",\"%s\"]}",
					 bad[i]);

		assert_int_equal(sb_siteconf_parse(&c, json, strlen(json),
						   "Bot configuration"),
				 SB_EINVALID);
		assert_non_null(strstr(sb_error_message(), "Bot configuration"));
		assert_non_null(strstr(sb_error_message(), bad[i]));
		free(json);
	}
}

static void siteconf_defaults_and_rules(void **state)
{
	sb_siteconf c;
	const char *good = "{\"enabled\":false,\"matching\":{\"weights\":"
			   "{\"time\":2}},\"pages\":{\"dashboard\":\"Board\"}}";
	const char *bad = "{\"matching\":{\"default_capacity\":99}}";

	(void)state;
	assert_int_equal(sb_siteconf_parse(&c, good, strlen(good), "cfg"), SB_OK);
	assert_false(c.enabled);
	assert_true(c.w_time == 2.0);
	assert_true(c.w_language == 1.0);
	assert_int_equal(c.max_requests_per_learner, 3);
	assert_string_equal(c.pages[SB_PAGE_DASHBOARD],
			    "Grants:Knowledge Sharing/Connect/Skills Directory/Board");
	assert_string_equal(c.pages[SB_PAGE_BY_SKILL],
			    "Grants:Knowledge Sharing/Connect/Skills Directory/By skill");
	sb_siteconf_dispose(&c);
	assert_int_equal(sb_siteconf_parse(&c, bad, strlen(bad), "cfg"),
			 SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), "default_capacity"));
}

static void taxonomy_matches_folded(void **state)
{
	sb_taxonomy *t;
	const sb_tax_skill *s;
	const char *json =
		"{\"categories\":[{\"id\":\"org\",\"label\":{\"en\":\"Org\"}}],"
		"\"skills\":[{\"id\":\"grant-writing\",\"category\":\"org\","
		"\"label\":{\"en\":\"Grant writing\",\"fr\":\"R\\u00e9daction\"},"
		"\"aliases\":[\"proposal writing\"]}]}";

	(void)state;
	assert_int_equal(sb_taxonomy_parse(&t, json, strlen(json), "tax"), SB_OK);
	s = sb_taxonomy_match(t, "  PROPOSAL\xC2\xA0Writing ",
			      strlen("  PROPOSAL\xC2\xA0Writing "));
	assert_non_null(s);
	assert_string_equal(s->id, "grant-writing");
	/* NFD input matches the NFC label. */
	s = sb_taxonomy_match(t, "re\xCC\x81" "daction",
			      strlen("re\xCC\x81" "daction"));
	assert_non_null(s);
	assert_string_equal(s->id, "grant-writing");
	assert_null(sb_taxonomy_match(t, "knitting", 8));
	assert_string_equal(sb_label_pick(s->labels, s->n_labels, "ar"),
			    "Grant writing");
	sb_taxonomy_free(t);
}

static void taxonomy_rejects_ambiguity(void **state)
{
	sb_taxonomy *t;
	const char *json = "{\"skills\":[{\"id\":\"a\",\"aliases\":[\"x\"]},"
			   "{\"id\":\"b\",\"aliases\":[\"X\"]}]}";

	(void)state;
	assert_int_equal(sb_taxonomy_parse(&t, json, strlen(json), "tax"),
			 SB_EINVALID);
	assert_null(t);
	assert_non_null(strstr(sb_error_message(), "names both"));
}

/* The display sort key: a letter with an accent sorts with its letter
 * (Latin-1 text, decomposed text and other scripts alike), while the
 * grouping key sb_text_fold keeps the accent; equal keys fall back on
 * the exact text, so no two different texts compare equal. */
static void sort_key_strips_marks(void **state)
{
	static const char *const cases[][2] = {
		{"\xC3\x89" "laboration du budget", "elaboration du budget"},
		{"E\xCC\x81" "ditathons", "editathons"},
		{"  Cr\xC3\xA9\xC3\xA9r\xC2\xA0 ", "creer"},
		{"\xC3\x91" "and\xC3\xBA", "nandu"},
		{"\xE2\x80\x8F" "Wiki", "wiki"},
	};
	const char *order[] = {"Rédaction", "Éditathons", "Wikidata",
			       "Établissement", "Zines", "editathons"};
	const char *want[] = {"editathons", "Éditathons", "Établissement",
			      "Rédaction", "Wikidata", "Zines"};
	char *keys[6];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *k = sb_text_sort_key(cases[i][0], strlen(cases[i][0]));

		assert_string_equal(k, cases[i][1]);
		free(k);
	}
	{
		char *f = sb_text_fold("\xC3\x89", 2);

		assert_string_equal(f, "\xC3\xA9");
		free(f);
	}
	/* Insertion sort of `order` by (key, text). */
	for (size_t i = 0; i < 6; i++)
		keys[i] = sb_text_sort_key(order[i], strlen(order[i]));
	for (size_t i = 1; i < 6; i++)
		for (size_t j = i; j > 0 && sb_text_sort_cmp(keys[j - 1],
				order[j - 1], keys[j], order[j]) > 0; j--) {
			const char *t = order[j];
			char *k = keys[j];

			order[j] = order[j - 1];
			keys[j] = keys[j - 1];
			order[j - 1] = t;
			keys[j - 1] = k;
		}
	for (size_t i = 0; i < 6; i++) {
		assert_string_equal(order[i], want[i]);
		free(keys[i]);
	}
	/* Equal keys, different text: still an order, and the same both
	 * ways round. */
	assert_true(sb_text_sort_cmp("e", "E", "e", "e") != 0);
	assert_int_equal(sb_text_sort_cmp("e", "E", "e", "e") < 0,
			 sb_text_sort_cmp("e", "e", "e", "E") > 0);
	assert_int_equal(sb_text_sort_cmp("e", "E", "e", "E"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_caps_and_frees),
		cmocka_unit_test(error_prefix_keeps_cause),
		cmocka_unit_test(profile_json_round_trip),
		cmocka_unit_test(jsonl_error_names_line),
		cmocka_unit_test(json_integers_that_do_not_fit_are_defaults),
		cmocka_unit_test(siteconf_defaults_and_rules),
		cmocka_unit_test(siteconf_languages_are_codes),
		cmocka_unit_test(taxonomy_matches_folded),
		cmocka_unit_test(taxonomy_rejects_ambiguity),
		cmocka_unit_test(sort_key_strips_marks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
