/* test_mwapi.c - the API client's pure parts: reading answers, the
 * backoff schedule, scrubbing secrets, continuation, titles. */
#include "testutil.h"

#include "skillsbot/error.h"
#include "skillsbot/mem.h"
#include "skillsbot/mwapi.h"
#include "skillsbot/sys/mwapi.h"

#include "skillsbot/fileio.h"
#include "skillsbot/log.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void decode(sb_mw_reply *r, long status, const char *body)
{
	sb_mw_decode(r, status, "application/json; charset=utf-8", body,
		     strlen(body), -1, "GET action=query&list=x");
}

static void decode_success_keeps_root(void **state)
{
	sb_mw_reply r;

	(void)state;
	decode(&r, 200, "{\"batchcomplete\":true,\"query\":{\"pages\":[]}}");
	assert_int_equal(r.verdict, SB_MW_DONE);
	assert_int_equal(r.code, SB_OK);
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(
		cJSON_GetObjectItem(r.root, "query"), "pages")));
	sb_mw_reply_dispose(&r);
}

static void decode_maxlag_waits_retry_after(void **state)
{
	const char *body = "{\"errors\":[{\"code\":\"maxlag\",\"text\":"
		"\"Waiting for 10.0.0.1: 7 seconds lagged.\",\"data\":{\"lag\":7},"
		"\"module\":\"main\"}],\"docref\":\"x\"}";
	sb_mw_reply r;

	(void)state;
	sb_mw_decode(&r, 200, "application/json", body, strlen(body), 7, "q");
	assert_int_equal(r.verdict, SB_MW_RETRY);
	assert_int_equal(r.code, SB_ERATELIMIT);
	assert_true(r.retry_after == 7);
	assert_non_null(strstr(r.reason, "maxlag"));
	assert_non_null(strstr(r.reason, "7 seconds"));
	sb_mw_reply_dispose(&r);
}

static void decode_transient_statuses_retry(void **state)
{
	static const long statuses[] = {429, 500, 502, 503, 504};
	static const char *const codes[] = {"readonly", "ratelimited"};
	sb_mw_reply r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		char *status = sb_asprintf("HTTP %ld", statuses[i]);

		decode(&r, statuses[i], "<html>busy</html>");
		assert_int_equal(r.verdict, SB_MW_RETRY);
		/* Too many requests is a rate limit; a 5xx a network fault. */
		assert_int_equal(r.code, statuses[i] == 429 ? SB_ERATELIMIT
							    : SB_ENETWORK);
		assert_non_null(strstr(r.reason, status));
		sb_mw_reply_dispose(&r);
		free(status);
	}
	for (i = 0; i < 2; i++) {
		char *body = sb_asprintf("{\"errors\":[{\"code\":\"%s\","
					 "\"text\":\"later\"}]}", codes[i]);

		decode(&r, 200, body);
		assert_int_equal(r.verdict, SB_MW_RETRY);
		assert_int_equal(r.code, SB_ERATELIMIT);
		assert_string_equal(r.api_code, codes[i]);
		assert_non_null(strstr(r.reason, "later"));
		sb_mw_reply_dispose(&r);
		free(body);
	}
}

static void decode_session_and_token(void **state)
{
	static const char *const lost[] = {"assertbotfailed", "assertuserfailed",
					   "notloggedin"};
	sb_mw_reply r;
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		char *body = sb_asprintf("{\"errors\":[{\"code\":\"%s\","
					 "\"text\":\"gone\"}]}", lost[i]);

		decode(&r, 200, body);
		assert_int_equal(r.verdict, SB_MW_RELOGIN);
		assert_int_equal(r.code, SB_EAUTH);
		assert_non_null(strstr(sb_error_message(), "action=query&list=x"));
		assert_non_null(strstr(sb_error_message(), lost[i]));
		sb_mw_reply_dispose(&r);
		free(body);
	}
	decode(&r, 200, "{\"errors\":[{\"code\":\"badtoken\",\"text\":\"Invalid CSRF token.\"}]}");
	assert_int_equal(r.verdict, SB_MW_BADTOKEN);
	assert_int_equal(r.code, SB_EAUTH);
	assert_non_null(strstr(sb_error_message(), "badtoken"));
	sb_mw_reply_dispose(&r);
}

static void decode_edit_outcomes_are_codes(void **state)
{
	static const struct { const char *code; int want; } cases[] = {
		{"editconflict", SB_ECONFLICT}, {"articleexists", SB_EEXISTS},
		{"pagedeleted", SB_ENOTFOUND}, {"missingtitle", SB_ENOTFOUND},
		{"protectedpage", SB_EDENIED}, {"blocked", SB_EDENIED},
		{"nosuchaction", SB_EAPI},
	};
	sb_mw_reply r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *body = sb_asprintf("{\"errors\":[{\"code\":\"%s\","
					 "\"text\":\"Text of %s.\"}]}",
					 cases[i].code, cases[i].code);

		decode(&r, 200, body);
		assert_int_equal(r.verdict, SB_MW_FAIL);
		assert_int_equal(r.code, cases[i].want);
		/* The message names the request, the code and the text. */
		assert_non_null(strstr(sb_error_message(), "action=query"));
		assert_non_null(strstr(sb_error_message(), cases[i].code));
		assert_non_null(strstr(sb_error_message(), "Text of"));
		sb_mw_reply_dispose(&r);
		free(body);
	}
}

static void decode_bad_bodies_name_request(void **state)
{
	static const char *const bad[] = {
		"{\"query\":{\"pages\":[{\"title\":\"A\"", /* truncated */
		"{\"query\": nonsense}",
		"[1,2,3]",
		"<!DOCTYPE html><html><body>Fatal error</body></html>",
		"",
	};
	sb_mw_reply r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sb_error_clear();
		decode(&r, 200, bad[i]);
		assert_int_equal(r.verdict, SB_MW_FAIL);
		assert_int_equal(r.code, SB_EINVALID);
		assert_null(r.root);
		assert_non_null(strstr(sb_error_message(), "action=query&list=x"));
		sb_mw_reply_dispose(&r);
	}
	/* An HTML page with a JSON content type is still an HTML page. */
	sb_mw_decode(&r, 200, "text/html; charset=utf-8", "{}", 2, -1, "q");
	assert_int_equal(r.code, SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), "HTML"));
	sb_mw_reply_dispose(&r);
}

static void backoff_doubles_caps_and_jitters(void **state)
{
	double prev = 0;
	unsigned a;

	(void)state;
	/* Middle jitter: exactly the schedule 5, 10, 20, 40, 80, 120, 120. */
	assert_true(sb_mw_backoff(5, 0, 0.5) == 5);
	assert_true(sb_mw_backoff(5, 1, 0.5) == 10);
	assert_true(sb_mw_backoff(5, 4, 0.5) == 80);
	assert_true(sb_mw_backoff(5, 5, 0.5) == 120);
	assert_true(sb_mw_backoff(5, 30, 0.99) == 120);
	/* Jitter stays within a quarter either way. */
	assert_true(sb_mw_backoff(5, 0, 0.0) >= 3.75);
	assert_true(sb_mw_backoff(5, 0, 0.999) < 6.25);
	for (a = 0; a < 10; a++) {
		double w = sb_mw_backoff(5, a, 0.5);

		assert_true(w >= prev);
		assert_true(w <= SB_MW_BACKOFF_CAP);
		prev = w;
	}
	/* Scaled down for tests. */
	assert_true(sb_mw_backoff(0.01, 1, 0.5) < 0.03);
}

static void scrub_hides_every_secret(void **state)
{
	char *s;

	(void)state;
	s = sb_mw_scrub("action=login&lgname=Bot%40x&lgpassword=hunter2&lgtoken=abc%2B%5C");
	assert_string_equal(s, "action=login&lgname=Bot%40x&lgpassword=***&lgtoken=***");
	free(s);
	s = sb_mw_scrub("action=edit&title=A&text=Hi&token=d41d8cd98f%2B%5C");
	assert_string_equal(s, "action=edit&title=A&text=Hi&token=***");
	free(s);
	s = sb_mw_scrub("Password=x&CSRFToken=y&oauth_secret=z&plain");
	assert_null(strstr(s, "=x"));
	assert_null(strstr(s, "=y"));
	assert_null(strstr(s, "=z"));
	assert_non_null(strstr(s, "&plain"));
	free(s);
}

static void continuation_carries_every_member(void **state)
{
	cJSON *cont = cJSON_Parse("{\"grvcontinue\":\"10|A b\",\"rvcontinue\":"
				  "\"123|456\",\"continue\":\"gapcontinue||\","
				  "\"offset\":50}");
	sb_buf b;

	(void)state;
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	assert_int_equal(sb_mw_continue_params(&b, "action=query", cont), SB_OK);
	assert_string_equal(sb_buf_str(&b), "action=query&grvcontinue=10%7CA%20b"
			    "&rvcontinue=123%7C456&continue=gapcontinue%7C%7C&offset=50");
	assert_int_equal(sb_mw_continue_params(&b, "action=query", NULL), SB_OK);
	assert_string_equal(sb_buf_str(&b), "action=query");
	sb_buf_dispose(&b);
	cJSON_Delete(cont);
}

/* A siteinfo answer as MediaWiki 1.39 gives it for a German wiki with a
 * case-sensitive namespace (as Wiktionary's main namespace is). */
static const char siteinfo[] =
	"{\"namespaces\":{"
	"\"0\":{\"id\":0,\"case\":\"first-letter\",\"name\":\"\",\"content\":true},"
	"\"2\":{\"id\":2,\"case\":\"first-letter\",\"name\":\"Benutzer\",\"canonical\":\"User\"},"
	"\"4\":{\"id\":4,\"case\":\"first-letter\",\"name\":\"Wikipedia\",\"canonical\":\"Project\"},"
	"\"10\":{\"id\":10,\"case\":\"first-letter\",\"name\":\"Vorlage\",\"canonical\":\"Template\"},"
	"\"100\":{\"id\":100,\"case\":\"case-sensitive\",\"name\":\"Wort\",\"canonical\":\"Word\"}},"
	"\"namespacealiases\":[{\"id\":4,\"alias\":\"WP\"},{\"id\":2,\"alias\":\"Benutzerin\"}]}";

static void titles_normalise_as_the_wiki(void **state)
{
	static const struct { const char *in, *out; int ns; } cases[] = {
		{"foo_bar", "Foo bar", 0},
		{"  foo   bar  ", "Foo bar", 0},
		{"template:skills_profile", "Vorlage:Skills profile", 10},
		{"Vorlage : x", "Vorlage:X", 10},
		{"wp:Let's Connect", "Wikipedia:Let's Connect", 4},
		{"benutzerin:anna", "Benutzer:Anna", 2},
		{"USER:éva", "Benutzer:Éva", 2},
		{"wort:iPhone", "Wort:iPhone", 100},
		{":foo", "Foo", 0},
		{"Nonsense:thing", "Nonsense:thing", 0},
		{"\xc3\xa9t\xc3\xa9\xe2\x80\x8e", "\xc3\x89t\xc3\xa9", 0},
		{"a\xc2\xa0\xc2\xa0" "b", "A b", 0},
		{"e\xcc\x81" "cole", "\xc3\x89" "cole", 0}, /* NFC, then upper */
	};
	cJSON *q = cJSON_Parse(siteinfo);
	sb_mw_site s;
	size_t i;

	(void)state;
	sb_mw_site_defaults(&s);
	assert_int_equal(sb_mw_site_parse(&s, q, "siteinfo"), SB_OK);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ns = -99;
		char *t = sb_mw_site_normalize(&s, cases[i].in, &ns);

		assert_string_equal(t, cases[i].out);
		assert_int_equal(ns, cases[i].ns);
		free(t);
	}
	sb_mw_site_dispose(&s);
	cJSON_Delete(q);
}

static void titles_before_siteinfo_use_english(void **state)
{
	sb_mw_site s;
	int ns = 0;
	char *t;

	(void)state;
	sb_mw_site_defaults(&s);
	t = sb_mw_site_normalize(&s, "image:x.png", &ns);
	assert_string_equal(t, "File:X.png");
	assert_int_equal(ns, 6);
	free(t);
	sb_mw_site_dispose(&s);
}

static void siteinfo_without_namespaces_is_refused(void **state)
{
	cJSON *q = cJSON_Parse("{\"general\":{}}");
	sb_mw_site s;

	(void)state;
	sb_mw_site_defaults(&s);
	assert_int_equal(sb_mw_site_parse(&s, q, "meta=siteinfo"), SB_EINVALID);
	assert_non_null(strstr(sb_error_message(), "meta=siteinfo"));
	/* The old namespaces stay usable. */
	assert_true(s.n_ns > 10);
	sb_mw_site_dispose(&s);
	cJSON_Delete(q);
}

/* Found by fuzzing: a namespace id that no int holds (the cast was
 * undefined behaviour) is refused, naming the answer. */
static void siteinfo_with_an_impossible_namespace_id_is_refused(void **state)
{
	static const char *const bad[] = {
		"{\"namespaces\":{\"0\":{\"id\":5.5e29,\"name\":\"\"}}}",
		"{\"namespaces\":{\"0\":{\"id\":2.5,\"name\":\"\"}}}",
		"{\"namespaces\":{\"0\":{\"id\":0,\"name\":\"\"}},"
		"\"namespacealiases\":[{\"id\":-1e300,\"alias\":\"X\"}]}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cJSON *q = cJSON_Parse(bad[i]);
		sb_mw_site s;

		sb_mw_site_defaults(&s);
		assert_int_equal(sb_mw_site_parse(&s, q, "meta=siteinfo"),
				 SB_EINVALID);
		assert_non_null(strstr(sb_error_message(), "meta=siteinfo"));
		assert_non_null(strstr(sb_error_message(), "namespace id"));
		assert_true(s.n_ns > 10);
		sb_mw_site_dispose(&s);
		cJSON_Delete(q);
	}
}

static void client_refuses_without_contact(void **state)
{
	sb_mw_opts o;
	sb_mw *mw = NULL;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.api_url = "http://127.0.0.1:9/w/api.php";
	assert_int_equal(sb_mw_new(&mw, &o), SB_EINVALID);
	assert_null(mw);
	assert_non_null(strstr(sb_error_message(), "contact"));
	o.contact = "https://example.org/wiki/User:Op";
	o.assert_mode = "admin";
	assert_int_equal(sb_mw_new(&mw, &o), SB_EINVALID);
	o.assert_mode = NULL;
	assert_int_equal(sb_mw_new(&mw, &o), SB_OK);
	/* Not logged in: no writes. */
	assert_int_equal(sb_mw_check_write_rights(mw), SB_EAUTH);
	sb_mw_free(mw);
}

static void unreachable_wiki_is_a_network_error(void **state)
{
	sb_mw_opts o;
	sb_mw *mw = NULL;
	char *json = NULL;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.api_url = "http://127.0.0.1:9/w/api.php"; /* discard: refused */
	o.contact = "test";
	o.max_tries = 3;
	o.first_backoff = 0.01;
	assert_int_equal(sb_mw_new(&mw, &o), SB_OK);
	assert_int_equal(sb_mw_request(mw, "action=query&meta=siteinfo", false,
				       &json), SB_ENETWORK);
	assert_null(json);
	assert_int_equal(sb_mw_get_stats(mw)->requests, 3);
	assert_int_equal(sb_mw_get_stats(mw)->retries, 2);
	assert_non_null(strstr(sb_error_message(), "3 tries"));
	assert_non_null(strstr(sb_error_message(), "meta=siteinfo"));
	sb_mw_free(mw);
}

/* A wiki on 127.0.0.1 that answers connection after connection with the
 * statuses in `script` (503: busy, 200: an empty answer), then stops. */
struct scripted_wiki {
	int fd;
	int port;
	const int *script;
	size_t n;
	pthread_t thread;
};

static void answer(int c, int status)
{
	char req[4096], *reply;
	size_t got = 0;
	ssize_t n;
	const char *body = status == 200 ? "{\"batchcomplete\":true}" : "busy";

	/* A GET: the request ends with an empty line. */
	while (got < sizeof(req) - 1 &&
	       (n = read(c, req + got, sizeof(req) - 1 - got)) > 0) {
		got += (size_t)n;
		req[got] = '\0';
		if (strstr(req, "\r\n\r\n"))
			break;
	}
	reply = sb_asprintf("HTTP/1.1 %d X\r\nContent-Type: %s\r\n"
			    "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
			    status, status == 200 ? "application/json" :
			    "text/html", strlen(body), body);
	if (write(c, reply, strlen(reply)) < 0)
		fail_msg("scripted wiki: write failed");
	free(reply);
}

static void *scripted_wiki_serve(void *arg)
{
	struct scripted_wiki *w = arg;

	for (size_t i = 0; i < w->n; i++) {
		int c = accept(w->fd, NULL, NULL);

		if (c < 0)
			break;
		answer(c, w->script[i]);
		close(c);
	}
	return NULL;
}

static void scripted_wiki_start(struct scripted_wiki *w, const int *script,
				size_t n)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);

	w->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(w->fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(w->fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(w->fd, 8), 0);
	assert_int_equal(getsockname(w->fd, (struct sockaddr *)&sa, &len), 0);
	w->port = ntohs(sa.sin_port);
	w->script = script;
	w->n = n;
	assert_int_equal(pthread_create(&w->thread, NULL, scripted_wiki_serve,
					w), 0);
}

static void scripted_wiki_stop(struct scripted_wiki *w)
{
	pthread_join(w->thread, NULL);
	close(w->fd);
}

static unsigned count_in_file(const char *path, const char *needle)
{
	char *text = NULL;
	size_t len;
	unsigned n = 0;

	assert_int_equal(sb_file_read(&text, &len, path, 1 << 20), SB_OK);
	for (const char *p = text; (p = strstr(p, needle)) != NULL; p++)
		n++;
	free(text);
	return n;
}

/* While the wiki is down (a request gave up on its retries), the next
 * requests retry as before but say so only at debug level: the daemon's
 * loop reports the outage once, not four lines a cycle. The first
 * answer puts the retries back on the record. */
static void retries_are_quiet_while_the_wiki_is_known_down(void **state)
{
	static const int script[] = {503, 503, 503,  /* gives up: down */
				     503, 503, 503,  /* still down */
				     200,            /* back */
				     503, 200};      /* a blip: logged */
	struct scripted_wiki w;
	char *dir = tu_mkdtemp();
	char *log = sb_asprintf("%s/log", dir);
	char *url, *json = NULL;
	int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int saved = dup(2);
	sb_mw_opts o;
	sb_mw *mw = NULL;
	unsigned after[4];

	(void)state;
	scripted_wiki_start(&w, script, sizeof(script) / sizeof(script[0]));
	url = sb_asprintf("http://127.0.0.1:%d/w/api.php", w.port);
	memset(&o, 0, sizeof(o));
	o.api_url = url;
	o.contact = "test";
	o.max_tries = 3;
	o.first_backoff = 0.01;
	assert_int_equal(sb_mw_new(&mw, &o), SB_OK);
	assert_true(fd >= 0 && saved >= 0);
	dup2(fd, 2);
	close(fd);
	sb_log_init(SB_LOG_NOTICE);
	for (int i = 0; i < 4; i++) {
		sb_mw_request(mw, "action=query&meta=siteinfo", false, &json);
		free(json);
		json = NULL;
		after[i] = count_in_file(log, "notice: retry");
	}
	sb_log_init(SB_LOG_WARNING);
	dup2(saved, 2);
	close(saved);
	sb_mw_free(mw);
	scripted_wiki_stop(&w);
	assert_int_equal(after[0], 2);  /* the wiki went away: on record */
	assert_int_equal(after[1], 2);  /* known down: debug only */
	assert_int_equal(after[2], 2);
	assert_int_equal(after[3], 3);  /* back up: a new blip is logged */
	free(url);
	free(log);
	tu_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decode_success_keeps_root),
		cmocka_unit_test(decode_maxlag_waits_retry_after),
		cmocka_unit_test(decode_transient_statuses_retry),
		cmocka_unit_test(decode_session_and_token),
		cmocka_unit_test(decode_edit_outcomes_are_codes),
		cmocka_unit_test(decode_bad_bodies_name_request),
		cmocka_unit_test(backoff_doubles_caps_and_jitters),
		cmocka_unit_test(scrub_hides_every_secret),
		cmocka_unit_test(continuation_carries_every_member),
		cmocka_unit_test(titles_normalise_as_the_wiki),
		cmocka_unit_test(titles_before_siteinfo_use_english),
		cmocka_unit_test(siteinfo_without_namespaces_is_refused),
		cmocka_unit_test(siteinfo_with_an_impossible_namespace_id_is_refused),
		cmocka_unit_test(client_refuses_without_contact),
		cmocka_unit_test(unreachable_wiki_is_a_network_error),
		cmocka_unit_test(retries_are_quiet_while_the_wiki_is_known_down),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
