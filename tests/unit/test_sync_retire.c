/* test_sync_retire.c - the note that replaces a section the bot no
 * longer produces (src/sync/sync_retire.c), without a wiki: the sections
 * the bot wrote come from a state database made here. */
#include "testutil.h"

#include "../../src/sync/sync_int.h"

#include "skillsbot/error.h"
#include "skillsbot/mem.h"
#include "skillsbot/store.h"

#include <stdlib.h>
#include <string.h>

#define ROOT "Grants:Knowledge Sharing/Connect/Skills Directory"

/* A language dropped from the configuration leaves its subpages; their
 * note is in that language and wrapped as the page's generated sections
 * were: lang and direction (Arabic right to left), else an Arabic note
 * runs left to right inside an English page. */
static void a_retired_note_keeps_its_language_and_direction(void **state)
{
	static const struct {
		const char *title;
		const char *head;
	} cases[] = {
		{ROOT "/By skill/ar", "<div lang=\"ar\" dir=\"rtl\" class=\"skillsbot "
		 "skillsbot-by-skill\">\n''\xD9\x84\xD9\x85 "},
		{ROOT "/By skill/fr", "<div lang=\"fr\" dir=\"ltr\" class=\"skillsbot "
		 "skillsbot-by-skill\">\n''Cette section "},
		{ROOT "/By skill/2", "<div lang=\"en\" dir=\"ltr\" class=\"skillsbot "
		 "skillsbot-by-skill\">\n''This section is no longer "},
	};
	char *dir = tu_mkdtemp(), *path = sb_asprintf("%s/state.db", dir);
	sb_page_out *out = NULL;
	size_t n = 0;
	sb_sync s;

	(void)state;
	memset(&s, 0, sizeof(s));
	sb_siteconf_defaults(&s.conf);
	sb_strv_dispose(&s.conf.languages);
	sb_strv_add(&s.conf.languages, "en");
	s.datadir = sb_strdup(getenv("SB_DATADIR"));
	assert_int_equal(sb_store_open(&s.store, path), SB_OK);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(sb_store_section_put(s.store, cases[i].title,
				 "by-skill", "h", 3), SB_OK);
	assert_int_equal(sync_retire_append(&s, &out, &n, NULL), SB_OK);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
			static const char tail[] = "''\n</div>";
			size_t len = strlen(out[i].content), nt = strlen(tail);

			if (strcmp(out[i].title, cases[k].title) != 0)
				continue;
			if (strncmp(out[i].content, cases[k].head,
				    strlen(cases[k].head)) != 0 || len < nt ||
			    strcmp(out[i].content + len - nt, tail) != 0)
				fail_msg("%s: not wrapped as its page:\n%s",
					 out[i].title, out[i].content);
			assert_int_equal(out[i].rows, 0);
		}
	sb_pages_free(out, n);
	sb_store_close(s.store);
	sb_siteconf_dispose(&s.conf);
	free(s.datadir);
	tu_rmtree(dir);
	free(path);
	free(dir);
}

/* The first configured language has no message file (Persian): a
 * note in it is the English note, and says so, left to right; so is
 * the note of a page in Urdu, which has none either. */
static void a_retired_note_without_messages_is_marked_english(void **state)
{
	static const char *const titles[] = {ROOT "/By skill/2",
					     ROOT "/By skill/ur"};
	static const char head[] = "<div lang=\"en\" dir=\"ltr\" class="
		"\"skillsbot skillsbot-by-skill\">\n''This section is no longer ";
	char *dir = tu_mkdtemp(), *path = sb_asprintf("%s/state.db", dir);
	sb_page_out *out = NULL;
	size_t n = 0;
	sb_sync s;

	(void)state;
	memset(&s, 0, sizeof(s));
	sb_siteconf_defaults(&s.conf);
	sb_strv_dispose(&s.conf.languages);
	sb_strv_add(&s.conf.languages, "fa");
	sb_strv_add(&s.conf.languages, "en");
	s.datadir = sb_strdup(getenv("SB_DATADIR"));
	assert_int_equal(sb_store_open(&s.store, path), SB_OK);
	for (size_t i = 0; i < 2; i++)
		assert_int_equal(sb_store_section_put(s.store, titles[i],
				 "by-skill", "h", 3), SB_OK);
	assert_int_equal(sync_retire_append(&s, &out, &n, NULL), SB_OK);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++)
		if (strncmp(out[i].content, head, strlen(head)) != 0)
			fail_msg("%s: English note not marked English:\n%s",
				 out[i].title, out[i].content);
	sb_pages_free(out, n);
	sb_store_close(s.store);
	sb_siteconf_dispose(&s.conf);
	free(s.datadir);
	tu_rmtree(dir);
	free(path);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_retired_note_keeps_its_language_and_direction),
		cmocka_unit_test(a_retired_note_without_messages_is_marked_english),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
