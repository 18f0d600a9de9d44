/*
 * mwapi_it.h - what the API client's integration tests add to wikienv.h:
 * logged-in sb_mw clients, reading a page with one, and the fault proxy
 * with a handle and a count of the faults fired.
 *
 * Header-only (static inline) so each test stays one file. Passwords are
 * read from the files wiki.env names and only handed to the client.
 */
#ifndef SKILLSBOT_MWAPI_IT_H
#define SKILLSBOT_MWAPI_IT_H

#include "wikienv.h"

#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/fileio.h"
#include "skillsbot/json.h"
#include "skillsbot/log.h"
#include "skillsbot/mem.h"
#include "skillsbot/mwapi.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The value of KEY in wiki.env (wikienv.h), as a new string. */
static inline char *it_env(const char *key)
{
	return sb_strdup(wk_get(key));
}

/* The password in the file wiki.env names under KEY. */
static inline char *it_secret(const char *key)
{
	return wk_secret(key);
}

/* Options for tests: no gap between edits, retries in hundredths. */
static inline void it_opts(sb_mw_opts *o, const char *api)
{
	memset(o, 0, sizeof(*o));
	o->api_url = api;
	o->contact = "skillsbot integration tests";
	o->edit_delay = 0;
	o->first_backoff = 0.01;
	o->timeout = 20;
}

/* A client logged in as who ("BOT", "EDITOR", "LIMITED": wiki.env's
 * SB_<who>_USER) at api (NULL: the wiki itself); timeout 0: 20 s. */
static inline sb_mw *it_login_as(const char *who, const char *api,
				 const char *assert_mode, long timeout)
{
	char ukey[64], pkey[64];
	char *user, *pw, *wiki_api = it_env("SB_WIKI_API");
	sb_mw_opts o;
	sb_mw *mw = NULL;

	snprintf(ukey, sizeof(ukey), "SB_%s_USER", who);
	snprintf(pkey, sizeof(pkey), "SB_%s_PASSWORD_FILE", who);
	user = it_env(ukey);
	pw = it_secret(pkey);
	it_opts(&o, api ? api : wiki_api);
	o.user = user;
	o.password = pw;
	o.assert_mode = assert_mode;
	if (timeout > 0)
		o.timeout = timeout;
	if (sb_mw_new(&mw, &o) < 0 || sb_mw_login(mw) < 0)
		fail_msg("login as %s: %s", user, sb_error_message());
	memset(pw, 0, strlen(pw));
	free(pw);
	free(user);
	free(wiki_api);
	return mw;
}

/* A page's current text and revision, read with the given client. */
static inline char *it_page_text(sb_mw *mw, const char *title, int64_t *rev)
{
	sb_mw_page *p = NULL;
	size_t n = 0;
	char *text;

	if (sb_mw_get_pages(mw, &title, 1, &p, &n) < 0)
		fail_msg("read %s: %s", title, sb_error_message());
	text = p[0].content ? sb_strdup(p[0].content) : NULL;
	if (rev)
		*rev = p[0].rev_id;
	sb_mw_pages_free(p, n);
	return text;
}

/* ---- the fault proxy (wikienv.h's, one at a time) ---- */

typedef struct it_proxy {
	int port;
	char *api;       /* http://127.0.0.1:PORT/api.php */
	char *control;   /* http://127.0.0.1:PORT/__faults__ */
} it_proxy;

/* Until the proxy answers its health check (5 s at most). */
static inline void it_proxy_wait(const it_proxy *p)
{
	char *url = sb_asprintf("http://127.0.0.1:%d/__health__", p->port);
	int i;
	long status = 0;

	for (i = 0; i < 100 && status != 200; i++) {
		free(wk_http(&status, url, NULL));
		if (status != 200)
			usleep(50000);
	}
	free(url);
	if (status != 200)
		fail_msg("faultproxy.py on port %d does not answer", p->port);
}

static inline void it_proxy_start(it_proxy *p)
{
	wk_proxy_start(&p->port);
	p->api = sb_strdup(wk_proxy_api());
	p->control = sb_asprintf("http://127.0.0.1:%d/__faults__", p->port);
	it_proxy_wait(p);
}

static inline void it_proxy_stop(it_proxy *p)
{
	wk_proxy_stop();
	free(p->api);
	free(p->control);
	memset(p, 0, sizeof(*p));
}

/* Replace the proxy's rules with `json` (a rule or a list of rules). */
static inline void it_proxy_faults(const it_proxy *p, const char *json)
{
	(void)p;
	wk_proxy_faults(json);
}

/* How often the proxy's rules fired, summed. */
static inline int it_proxy_fired(const it_proxy *p)
{
	long status = 0;
	char *body = wk_http(&status, p->control, NULL);
	int fired = 0;
	cJSON *rules = NULL;
	const cJSON *it;

	assert_int_equal(status, 200);
	assert_int_equal(sb_json_parse(&rules, body, strlen(body), "rules"), SB_OK);
	cJSON_ArrayForEach(it, rules)
		fired += (int)sb_json_num(it, "fired", 0);
	cJSON_Delete(rules);
	free(body);
	return fired;
}

static inline double it_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
