/* test_mwapi_faults.c - the API client against a wiki that lags,
 * throttles, stalls, cuts connections, answers garbage, refuses tokens and
 * drops sessions (tests/integration/faultproxy.py in front of the test
 * wiki). Each fault fires a set number of times; the client must get
 * through or fail with a clear error, never crash or loop. */
#include "mwapi_it.h"

#include <stdio.h>
#include <time.h>

static const char *const page = "Template:Let's Connect/Profile";

typedef struct fx {
	it_proxy proxy;
	sb_mw *mw;
} fx;

static int setup(void **state)
{
	fx *f = sb_calloc(1, sizeof(*f));

	it_proxy_start(&f->proxy);
	f->mw = it_login_as("BOT", f->proxy.api, NULL, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;

	sb_mw_free(f->mw);
	it_proxy_stop(&f->proxy);
	free(f);
	return 0;
}

/* Read the fixture page through the proxy; SB_OK or the error code. */
static int read_page(fx *f)
{
	sb_mw_page *p = NULL;
	size_t n = 0;
	int err = sb_mw_get_pages(f->mw, &page, 1, &p, &n);

	if (err == SB_OK) {
		assert_int_equal(n, 1);
		assert_false(p[0].missing);
		assert_non_null(p[0].content);
		assert_true(p[0].rev_id > 0);
	}
	sb_mw_pages_free(p, n);
	return err;
}

/* Run one read with `rule` armed; returns the retries it took. */
static unsigned long read_through(fx *f, const char *rule, double *secs)
{
	unsigned long before = sb_mw_get_stats(f->mw)->retries;
	double t0 = it_now();

	it_proxy_faults(&f->proxy, rule);
	assert_int_equal(read_page(f), SB_OK);
	if (secs)
		*secs = it_now() - t0;
	return sb_mw_get_stats(f->mw)->retries - before;
}

static void maxlag_waits_at_least_retry_after(void **state)
{
	double secs;

	assert_int_equal(read_through(*state, "{\"match\":\"prop=revisions\","
		"\"fault\":\"maxlag\",\"retry_after\":1,\"count\":2}", &secs), 2);
	/* first_backoff is 0.01 s: only Retry-After makes it last 2 s. */
	assert_true(secs >= 2.0);
	assert_int_equal(it_proxy_fired(&((fx *)*state)->proxy), 2);
}

static void http_503_and_429_are_retried(void **state)
{
	double secs;

	assert_int_equal(read_through(*state, "{\"match\":\"prop=revisions\","
		"\"fault\":\"http503\",\"count\":3}", NULL), 3);
	assert_int_equal(read_through(*state, "{\"match\":\"prop=revisions\","
		"\"fault\":\"http429\",\"retry_after\":1}", &secs), 1);
	assert_true(secs >= 1.0);
}

/* Retry-After may be an HTTP date (a cache in front of the wiki sends
 * one): the client waits until then. */
static void retry_after_as_a_date(void **state)
{
	char date[64], rule[160];
	time_t at = time(NULL) + 3;
	double secs;

	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", gmtime(&at));
	snprintf(rule, sizeof(rule), "{\"match\":\"prop=revisions\","
		 "\"fault\":\"http503\",\"retry_after\":\"%s\"}", date);
	assert_int_equal(read_through(*state, rule, &secs), 1);
	/* first_backoff is 0.01 s; the date is 2 to 3 s ahead */
	assert_true(secs >= 1.9 && secs < 10.0);
}

static void a_stall_times_out_and_is_retried(void **state)
{
	fx *f = *state;
	sb_mw *normal = f->mw;
	double secs;

	/* A client with a 2 s timeout; the proxy stalls 5 s once. */
	f->mw = it_login_as("BOT", f->proxy.api, NULL, 2);
	assert_int_equal(read_through(f, "{\"match\":\"prop=revisions\","
		"\"fault\":\"stall\",\"seconds\":5}", &secs), 1);
	assert_true(secs >= 2.0 && secs < 5.0);
	sb_mw_free(f->mw);
	f->mw = normal;
}

static void cut_connections_are_retried(void **state)
{
	assert_int_equal(read_through(*state, "{\"match\":\"prop=revisions\","
		"\"fault\":\"reset\"}", NULL), 1);
	assert_int_equal(read_through(*state, "{\"match\":\"prop=revisions\","
		"\"fault\":\"truncate\"}", NULL), 1);
	/* A kept-alive connection closed without an answer: curl itself
	 * retries once on a fresh connection, or we do. */
	assert_true(read_through(*state, "{\"match\":\"prop=revisions\","
		"\"fault\":\"close\"}", NULL) <= 1);
	assert_int_equal(it_proxy_fired(&((fx *)*state)->proxy), 1);
}

static void garbage_is_an_error_naming_the_request(void **state)
{
	static const char *const rules[] = {
		"{\"match\":\"prop=revisions\",\"fault\":\"badjson\"}",
		"{\"match\":\"prop=revisions\",\"fault\":\"html\"}",
	};
	fx *f = *state;
	size_t i;

	for (i = 0; i < 2; i++) {
		it_proxy_faults(&f->proxy, rules[i]);
		assert_int_equal(read_page(f), SB_EINVALID);
		assert_non_null(strstr(sb_error_message(), "prop=revisions"));
		assert_non_null(strstr(sb_error_message(), "titles=Template%3ALet"));
	}
	/* The client is still usable afterwards. */
	it_proxy_faults(&f->proxy, "[]");
	assert_int_equal(read_page(f), SB_OK);
}

static void giving_up_is_bounded(void **state)
{
	fx *f = *state;
	unsigned long req0 = sb_mw_get_stats(f->mw)->requests;

	it_proxy_faults(&f->proxy, "{\"match\":\"prop=revisions\","
		"\"fault\":\"http503\",\"count\":-1}");
	assert_int_equal(read_page(f), SB_ENETWORK);
	/* max_tries defaults to 6. */
	assert_int_equal(sb_mw_get_stats(f->mw)->requests - req0, 6);
	assert_non_null(strstr(sb_error_message(), "giving up after 6 tries"));
	it_proxy_faults(&f->proxy, "{\"match\":\"prop=revisions\","
		"\"fault\":\"maxlag\",\"retry_after\":0,\"count\":-1}");
	assert_int_equal(read_page(f), SB_ERATELIMIT);
	assert_non_null(strstr(sb_error_message(), "maxlag"));
	it_proxy_faults(&f->proxy, "[]");
}

/* A title of this run, so runs on one wiki do not meet. */
static const char *run_title(const char *name)
{
	static char t[128];

	snprintf(t, sizeof(t), "Fault test/%ld/%s", (long)getpid(), name);
	return t;
}

static int edit_once(fx *f, const char *title, const char *text)
{
	struct sb_mw_edit e;
	sb_mw_edit_result r;
	int64_t rev = 0;
	char *old = it_page_text(f->mw, title, &rev);
	int err;

	memset(&e, 0, sizeof(e));
	e.title = title;
	e.text = text;
	e.summary = "fault test";
	e.baserevid = rev;
	err = sb_mw_edit(f->mw, &e, &r);
	if (err == SB_OK)
		assert_true(r.new_rev_id > rev);
	sb_mw_edit_result_dispose(&r);
	free(old);
	return err;
}

static void badtoken_fetches_a_new_token_once(void **state)
{
	fx *f = *state;
	const char *title = run_title("badtoken");
	char *text;

	it_proxy_faults(&f->proxy, "{\"match\":\"action=edit\","
		"\"fault\":\"badtoken\"}");
	assert_int_equal(edit_once(f, title, "one"), SB_OK);
	assert_int_equal(it_proxy_fired(&f->proxy), 1);
	text = it_page_text(f->mw, title, NULL);
	assert_string_equal(text, "one");
	free(text);
	/* Refused again after the new token: a clear error, no loop. */
	it_proxy_faults(&f->proxy, "{\"match\":\"action=edit\","
		"\"fault\":\"badtoken\",\"count\":-1}");
	assert_int_equal(edit_once(f, title, "two"), SB_EAUTH);
	assert_non_null(strstr(sb_error_message(), "badtoken"));
	assert_int_equal(it_proxy_fired(&f->proxy), 2);
	it_proxy_faults(&f->proxy, "[]");
}

static void a_dropped_session_logs_in_again_once(void **state)
{
	fx *f = *state;
	const char *title = run_title("session");

	it_proxy_faults(&f->proxy, "{\"match\":\"action=edit\","
		"\"fault\":\"session\",\"code\":\"assertbotfailed\"}");
	assert_int_equal(edit_once(f, title, "one"), SB_OK);
	it_proxy_faults(&f->proxy, "{\"match\":\"prop=revisions\","
		"\"fault\":\"session\",\"code\":\"assertuserfailed\"}");
	assert_int_equal(read_page(f), SB_OK);
	/* Lost again right after logging in anew: give up, say so. */
	it_proxy_faults(&f->proxy, "{\"match\":\"action=edit\","
		"\"fault\":\"session\",\"code\":\"notloggedin\",\"count\":-1}");
	assert_int_equal(edit_once(f, title, "two"), SB_EAUTH);
	assert_non_null(strstr(sb_error_message(), "session lost"));
	it_proxy_faults(&f->proxy, "[]");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(maxlag_waits_at_least_retry_after),
		cmocka_unit_test(retry_after_as_a_date),
		cmocka_unit_test(http_503_and_429_are_retried),
		cmocka_unit_test(a_stall_times_out_and_is_retried),
		cmocka_unit_test(cut_connections_are_retried),
		cmocka_unit_test(garbage_is_an_error_naming_the_request),
		cmocka_unit_test(giving_up_is_bounded),
		cmocka_unit_test(badtoken_fetches_a_new_token_once),
		cmocka_unit_test(a_dropped_session_logs_in_again_once),
	};

	sb_log_init(SB_LOG_INFO);
	return cmocka_run_group_tests(tests, setup, teardown);
}
