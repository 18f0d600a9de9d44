/*
 * test_wikienv.c - the C helpers of the integration tests work against the
 * test wiki: they read wiki.env, run maintenance scripts, edit as a person,
 * read pages back, and put the fault proxy in between.
 */
#include "wikienv.h"

#include "skillsbot/json.h"
#include "skillsbot/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void test_env_and_secrets(void **state)
{
	struct stat st;
	char *pw;

	(void)state;
	assert_non_null(strstr(wk_get("SB_WIKI_API"), "/api.php"));
	assert_string_equal(wk_get("SB_BOT_USER"), "SkillsBot@skillsbot");
	assert_int_equal(stat(wk_get("SB_BOT_PASSWORD_FILE"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	pw = wk_secret("SB_BOT_PASSWORD_FILE");
	/* MediaWiki generates 32-character bot passwords. */
	assert_int_equal(strlen(pw), 32);
	assert_null(strchr(pw, '\n'));
	free(pw);
}

static void test_fixture_page_reads_back(void **state)
{
	char *want, *got;
	size_t len;

	(void)state;
	want = tu_read_src("tests/integration/fixtures/profiles-list.wiki", &len);
	while (len && want[len - 1] == '\n')
		want[--len] = '\0';
	got = wk_get_page_text(
		"Grants:Knowledge Sharing/Connect/Skills Directory/Profiles");
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
	free(want);
	assert_null(wk_get_page_text("Grants:No such page here"));
}

static void test_editor_edits(void **state)
{
	char *title = wk_unique_title("User:Editor/wikienv");
	int64_t r1, r2, r3;
	char *text;

	(void)state;
	r1 = wk_edit_as_editor(title, "first {{Let's Connect/Signup|Editor}}");
	r2 = wk_edit_as_editor(title, "second");
	assert_true(r1 > 0);
	assert_true(r2 > r1);
	text = wk_get_page_text(title);
	assert_string_equal(text, "second");
	free(text);
	/* The same text again makes no revision. */
	r3 = wk_edit_as_editor(title, "second");
	assert_true(r3 == r2);
	free(title);
}

static void test_maintenance_scripts(void **state)
{
	char *title = wk_unique_title("Grants:Knowledge Sharing/Connect/Skills Directory/Test");
	char *args, *out, *text;
	int status;

	(void)state;
	out = wk_maint_output(&status, "showSiteStats.php", "");
	assert_int_equal(status, 0);
	assert_non_null(strstr(out, "Total pages"));
	free(out);

	args = sb_asprintf("--summary test '%s' <<'EOF'\nmade by edit.php\nEOF", title);
	assert_int_equal(wk_maint("edit.php", args), 0);
	text = wk_get_page_text(title);
	assert_string_equal(text, "made by edit.php");
	free(text);
	free(args);
	free(title);

	assert_int_not_equal(wk_maint("no-such-script.php", ""), 0);
}

static void test_proxy(void **state)
{
	char *url, *body, *log;
	long status;
	int port = 0;
	cJSON *j = NULL;

	(void)state;
	wk_proxy_start(&port);
	assert_true(port > 0);
	url = sb_asprintf("%s?action=query&meta=userinfo&format=json", wk_proxy_api());

	body = wk_http(&status, url, NULL);
	assert_int_equal(status, 200);
	assert_non_null(strstr(body, "\"userinfo\""));
	free(body);

	wk_proxy_faults("[{\"match\": \"meta=userinfo\", \"fault\": \"http503\"}]");
	body = wk_http(&status, url, NULL);
	assert_int_equal(status, 503);
	free(body);
	body = wk_http(&status, url, NULL);   /* count 1: passes again */
	assert_int_equal(status, 200);
	free(body);

	log = wk_proxy_log();
	assert_int_equal(sb_json_parse(&j, log, strlen(log), "proxy log"), 0);
	assert_int_equal(cJSON_GetArraySize(j), 3);
	assert_string_equal(sb_json_str(cJSON_GetArrayItem(j, 1), "fault"), "http503");
	cJSON_Delete(j);
	free(log);
	free(url);
	wk_proxy_stop();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_env_and_secrets),
		cmocka_unit_test(test_fixture_page_reads_back),
		cmocka_unit_test(test_editor_edits),
		cmocka_unit_test(test_maintenance_scripts),
		cmocka_unit_test(test_proxy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
