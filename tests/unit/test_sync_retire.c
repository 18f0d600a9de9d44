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

/* The notes sync_retire_append writes for the sections the state says
 * the bot wrote on `titles`, with `langs` (comma-separated) configured.
 * The caller frees them with sb_pages_free. */
static sb_page_out *retired_notes(const char *langs,
				  const char *const *titles, size_t n_titles,
				  size_t *n_out)
{
	char *dir = tu_mkdtemp(), *path = sb_asprintf("%s/state.db", dir);
	char *list = sb_strdup(langs), *save = NULL;
	sb_page_out *out = NULL;
	sb_sync s;

	memset(&s, 0, sizeof(s));
	sb_siteconf_defaults(&s.conf);
	sb_strv_dispose(&s.conf.languages);
	for (char *l = strtok_r(list, ",", &save); l;
	     l = strtok_r(NULL, ",", &save))
		sb_strv_add(&s.conf.languages, l);
	s.datadir = sb_strdup(getenv("SB_DATADIR"));
	assert_int_equal(sb_store_open(&s.store, path), SB_OK);
	for (size_t i = 0; i < n_titles; i++)
		assert_int_equal(sb_store_section_put(s.store, titles[i],
				 "by-skill", "h", 3), SB_OK);
	*n_out = 0;
	assert_int_equal(sync_retire_append(&s, &out, n_out, NULL), SB_OK);
	sb_store_close(s.store);
	sb_siteconf_dispose(&s.conf);
	free(s.datadir);
	free(list);
	tu_rmtree(dir);
	free(path);
	free(dir);
	return out;
}

/* A language dropped from the configuration leaves its subpages; their
 * note is in that language and wrapped as the page's generated sections
 * were: lang and direction (Arabic right to left), else an Arabic note
 * runs left to right inside an English page. */
static void a_retired_note_keeps_its_language_and_direction(void **state)
{
	static const char *const titles[] = {ROOT "/By skill/ar",
		ROOT "/By skill/fr", ROOT "/By skill/2"};
	static const char *const heads[] = {
		"<div lang=\"ar\" dir=\"rtl\" class=\"skillsbot "
		"skillsbot-by-skill\">\n''\xD9\x84\xD9\x85 ",
		"<div lang=\"fr\" dir=\"ltr\" class=\"skillsbot "
		"skillsbot-by-skill\">\n''Cette section ",
		"<div lang=\"en\" dir=\"ltr\" class=\"skillsbot "
		"skillsbot-by-skill\">\n''This section is no longer ",
	};
	static const char tail[] = "''\n</div>";
	size_t n;
	sb_page_out *out = retired_notes("en", titles, 3, &n);

	(void)state;
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < 3; k++) {
			size_t len = strlen(out[i].content), nt = strlen(tail);

			if (strcmp(out[i].title, titles[k]) != 0)
				continue;
			if (strncmp(out[i].content, heads[k],
				    strlen(heads[k])) != 0 || len < nt ||
			    strcmp(out[i].content + len - nt, tail) != 0)
				fail_msg("%s: not wrapped as its page:\n%s",
					 out[i].title, out[i].content);
			assert_int_equal(out[i].rows, 0);
		}
	sb_pages_free(out, n);
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
	size_t n;
	sb_page_out *out = retired_notes("fa,en", titles, 2, &n);

	(void)state;
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++)
		if (strncmp(out[i].content, head, strlen(head)) != 0)
			fail_msg("%s: English note not marked English:\n%s",
				 out[i].title, out[i].content);
	sb_pages_free(out, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_retired_note_keeps_its_language_and_direction),
		cmocka_unit_test(a_retired_note_without_messages_is_marked_english),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
