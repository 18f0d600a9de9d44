/* test_mwapi_login.c - logging in, what every request carries, and that
 * no secret (bot password, login or CSRF token, session cookie) reaches
 * a log line or an error message, even at debug level through faults. */
#include "mwapi_it.h"

#include "skillsbot/http.h"
#include "skillsbot/version.h"

#include <fcntl.h>

static void login_and_rights(void **state)
{
	sb_mw *bot = it_login_as("BOT", NULL, NULL, 0);

	(void)state;
	assert_string_equal(sb_mw_username(bot), "SkillsBot");
	assert_true(sb_mw_has_right(bot, "bot"));
	assert_true(sb_mw_has_right(bot, "edit"));
	assert_int_equal(sb_mw_check_write_rights(bot), SB_OK);
	sb_mw_free(bot);
}

static void a_wrong_password_is_refused_without_echo(void **state)
{
	char *api = it_env("SB_WIKI_API");
	sb_mw_opts o;
	sb_mw *mw;

	(void)state;
	it_opts(&o, api);
	o.user = "SkillsBot@skillsbot";
	o.password = "wrong-Pa55word-xyzzy";
	assert_int_equal(sb_mw_new(&mw, &o), SB_OK);
	assert_int_equal(sb_mw_login(mw), SB_EAUTH);
	assert_non_null(strstr(sb_error_message(), "SkillsBot@skillsbot"));
	assert_null(strstr(sb_error_message(), "xyzzy"));
	sb_mw_free(mw);
	free(api);
}

/* The test wiki has no OAuth extension: a bearer token logs nobody in,
 * which the client must notice (not go on as an anonymous writer). */
static void an_unaccepted_oauth_token_is_refused(void **state)
{
	char *api = it_env("SB_WIKI_API");
	sb_mw_opts o;
	sb_mw *mw;

	(void)state;
	it_opts(&o, api);
	o.oauth_token = "not-a-real-token-xyzzy";
	assert_int_equal(sb_mw_new(&mw, &o), SB_OK);
	assert_int_equal(sb_mw_login(mw), SB_EAUTH);
	assert_non_null(strstr(sb_error_message(), "OAuth"));
	assert_null(strstr(sb_error_message(), "xyzzy"));
	assert_int_equal(sb_mw_check_write_rights(mw), SB_EAUTH);
	sb_mw_free(mw);
	free(api);
}

static void reading_needs_no_login(void **state)
{
	char *api = it_env("SB_WIKI_API");
	const char *t = "Template:Let's Connect/Profile";
	sb_mw_page *p = NULL;
	size_t n = 0;
	sb_mw_opts o;
	sb_mw *mw;

	(void)state;
	it_opts(&o, api);
	assert_int_equal(sb_mw_new(&mw, &o), SB_OK);
	assert_int_equal(sb_mw_login(mw), SB_OK);
	assert_int_equal(sb_mw_get_pages(mw, &t, 1, &p, &n), SB_OK);
	assert_false(p[0].missing);
	assert_int_equal(sb_mw_check_write_rights(mw), SB_EAUTH);
	sb_mw_pages_free(p, n);
	sb_mw_free(mw);
	free(api);
}

static void an_answer_over_the_cap_is_refused(void **state)
{
	char *api = it_env("SB_WIKI_API");
	const char *t = "Template:Let's Connect/Profile";
	sb_mw_page *p = NULL;
	size_t n = 0;
	sb_mw_opts o;
	sb_mw *mw;

	(void)state;
	it_opts(&o, api);
	o.max_response = 200000; /* siteinfo fits, then a smaller cap */
	assert_int_equal(sb_mw_new(&mw, &o), SB_OK);
	assert_int_equal(sb_mw_login(mw), SB_OK);
	sb_mw_free(mw);
	o.max_response = 64;
	assert_int_equal(sb_mw_new(&mw, &o), SB_OK);
	assert_int_equal(sb_mw_get_pages(mw, &t, 1, &p, &n), SB_ETOOBIG);
	assert_non_null(strstr(sb_error_message(), "64 bytes"));
	assert_non_null(strstr(sb_error_message(), "prop=revisions"));
	assert_null(p);
	sb_mw_free(mw);
	free(api);
}

/* The proxy's log of the requests one cycle made. */
static cJSON *proxy_log(const it_proxy *p)
{
	char *text = wk_proxy_log();
	cJSON *log = NULL;

	(void)p;
	assert_int_equal(sb_json_parse(&log, text, strlen(text), "log"), SB_OK);
	free(text);
	return log;
}

static const char *param(const cJSON *entry, const char *k)
{
	const char *v = sb_json_str(cJSON_GetObjectItem(entry, "query"), k);

	return v ? v : sb_json_str(cJSON_GetObjectItem(entry, "form"), k);
}

/* A whole cycle at debug level, through a badtoken and a lost session,
 * with standard error going to a file: then look for every secret. */
static void a_cycle_leaks_no_secret(void **state)
{
	char logpath[] = "/tmp/sb-mwapi-log-XXXXXX";
	char *pw = it_secret("SB_BOT_PASSWORD_FILE");
	char *title = sb_asprintf("Secret test %ld", (long)getpid());
	char *json = NULL, *logtext, *csrf;
	const char *page = "Template:Let's Connect/Profile";
	int fd = mkstemp(logpath), saved = dup(2);
	it_proxy proxy = {0};
	struct sb_mw_edit e;
	sb_mw_edit_result r;
	sb_mw_page *p = NULL;
	size_t n = 0, len = 0;
	cJSON *log, *tokens = NULL;
	const cJSON *it;
	sb_mw *mw;

	(void)state;
	it_proxy_start(&proxy);
	it_proxy_faults(&proxy, "[{\"match\":\"action=edit\",\"fault\":\"badtoken\"},"
			"{\"match\":\"action=edit\",\"fault\":\"session\"}]");
	dup2(fd, 2);
	sb_log_init(SB_LOG_DEBUG);
	mw = it_login_as("BOT", proxy.api, NULL, 0);
	assert_int_equal(sb_mw_get_pages(mw, &page, 1, &p, &n), SB_OK);
	memset(&e, 0, sizeof(e));
	e.title = title;
	e.text = "secret test";
	e.summary = "secret test";
	assert_int_equal(sb_mw_edit(mw, &e, &r), SB_OK);
	sb_mw_edit_result_dispose(&r);
	/* The token the client used (one per session) for the search. */
	assert_int_equal(sb_mw_request(mw, "action=query&meta=tokens", false,
				       &json), SB_OK);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	sb_log_init(SB_LOG_WARNING);
	assert_int_equal(sb_json_parse(&tokens, json, strlen(json), "tokens"), SB_OK);
	csrf = sb_strdup(sb_json_str(cJSON_GetObjectItem(cJSON_GetObjectItem(
		tokens, "query"), "tokens"), "csrftoken"));
	assert_true(strlen(csrf) > 10);
	assert_int_equal(sb_file_read(&logtext, &len, logpath, 1 << 24), SB_OK);
	/* The log did record the cycle... */
	assert_non_null(strstr(logtext, "action=login"));
	assert_non_null(strstr(logtext, "CSRF token refused"));
	assert_non_null(strstr(logtext, "session lost"));
	/* ...and no secret, in any spelling. */
	{
		char *pw_esc = sb_http_escape(pw), *csrf_esc = sb_http_escape(csrf);
		char half[9];

		assert_null(strstr(logtext, pw));
		assert_null(strstr(logtext, pw_esc));
		assert_null(strstr(logtext, csrf_esc));
		snprintf(half, sizeof(half), "%s", csrf);
		assert_null(strstr(logtext, half));
		assert_null(strstr(logtext, "Session="));
		assert_null(strstr(logtext, "Set-Cookie"));
		assert_null(strstr(sb_error_message(), pw));
		free(pw_esc);
		free(csrf_esc);
	}
	/* What every request carried. */
	log = proxy_log(&proxy);
	assert_true(cJSON_GetArraySize(log) >= 8);
	cJSON_ArrayForEach(it, log) {
		const char *ua = sb_json_str(it, "user_agent");
		const char *ae = sb_json_str(it, "accept_encoding");
		char *want = sb_asprintf("skillsbot/%s (skillsbot integration tests) "
					 "libcurl/", SKILLSBOT_VERSION);

		assert_non_null(ua);
		assert_true(strncmp(ua, want, strlen(want)) == 0);
		assert_non_null(ae);
		assert_non_null(strstr(ae, "gzip"));
		assert_string_equal(param(it, "format"), "json");
		assert_string_equal(param(it, "formatversion"), "2");
		assert_string_equal(param(it, "errorformat"), "plaintext");
		/* Never raised on a retry. */
		assert_string_equal(param(it, "maxlag"), "5");
		if (strcmp(param(it, "action"), "edit") == 0) {
			const cJSON *keys = cJSON_GetObjectItem(it, "form_keys");
			const cJSON *last = cJSON_GetArrayItem(keys,
				cJSON_GetArraySize(keys) - 1);

			assert_string_equal(param(it, "assert"), "bot");
			assert_string_equal(param(it, "bot"), "1");
			assert_string_equal(last->valuestring, "token");
		}
		free(want);
	}
	cJSON_Delete(log);
	cJSON_Delete(tokens);
	sb_mw_pages_free(p, n);
	sb_mw_free(mw);
	it_proxy_stop(&proxy);
	unlink(logpath);
	close(fd);
	free(logtext);
	free(csrf);
	free(json);
	free(title);
	free(pw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(login_and_rights),
		cmocka_unit_test(a_wrong_password_is_refused_without_echo),
		cmocka_unit_test(an_unaccepted_oauth_token_is_refused),
		cmocka_unit_test(reading_needs_no_login),
		cmocka_unit_test(an_answer_over_the_cap_is_refused),
		cmocka_unit_test(a_cycle_leaks_no_secret),
	};

	sb_log_init(SB_LOG_WARNING);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
