/*
 * mwapi_it.h - what the API client's integration tests share: the test
 * wiki's wiki.env (named by $SB_WIKI_ENV, written by mw-harness), logged
 * in clients, maintenance scripts, and the fault proxy.
 *
 * Header-only (static inline) so each test is one file with no link
 * changes. Passwords are read from the files wiki.env names and are only
 * handed to the client.
 */
#ifndef SKILLSBOT_MWAPI_IT_H
#define SKILLSBOT_MWAPI_IT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/fileio.h"
#include "skillsbot/http.h"
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

/* The value of KEY in wiki.env; fails the test when absent. New string. */
static inline char *it_env(const char *key)
{
	const char *path = getenv("SB_WIKI_ENV");
	char line[4096];
	size_t klen = strlen(key);
	FILE *f;
	char *val = NULL;

	if (!path || !(f = fopen(path, "r")))
		fail_msg("SB_WIKI_ENV does not name a readable wiki.env");
	while (!val && fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, klen) == 0 && line[klen] == '=') {
			line[strcspn(line, "\n")] = '\0';
			val = sb_strdup(line + klen + 1);
		}
	}
	fclose(f);
	if (!val)
		fail_msg("wiki.env has no %s", key);
	return val;
}

/* The first line of the file wiki.env names under KEY (a password). */
static inline char *it_secret(const char *key)
{
	char *path = it_env(key);
	char buf[512] = "";
	FILE *f = fopen(path, "r");

	if (!f)
		fail_msg("cannot read the file named by %s", key);
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	free(path);
	buf[strcspn(buf, "\n")] = '\0';
	return sb_strdup(buf);
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

/* Run a shell command; fails the test unless it exits 0. */
static inline void it_sh(const char *fmt, ...)
{
	va_list ap;
	char *cmd;
	sb_buf b;
	int rc;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	va_start(ap, fmt);
	sb_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	cmd = sb_buf_take(&b, NULL);
	rc = system(cmd);
	if (rc != 0)
		fail_msg("command failed (%d): %s", rc, cmd);
	free(cmd);
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

/* ---- the fault proxy ---- */

typedef struct it_proxy {
	pid_t pid;
	int port;
	char *api;       /* http://127.0.0.1:PORT/api.php */
	char *control;   /* http://127.0.0.1:PORT/__faults__ */
} it_proxy;

/* Until the proxy answers its health check (5 s at most). */
static inline void it_proxy_wait(const it_proxy *p)
{
	char *url = sb_asprintf("http://127.0.0.1:%d/__health__", p->port);
	sb_http *h;
	sb_http_response r;
	int i, ok = 0;

	assert_int_equal(sb_http_new(&h, "skillsbot-tests", 5, 1 << 20), SB_OK);
	for (i = 0; i < 100 && !ok; i++) {
		if (sb_http_request(h, &r, url, NULL, "health") == SB_OK) {
			ok = r.status == 200;
			sb_http_response_dispose(&r);
		}
		if (!ok)
			usleep(50000);
	}
	sb_http_free(h);
	free(url);
	if (!ok)
		fail_msg("faultproxy.py on port %d does not answer", p->port);
}

static inline void it_proxy_start(it_proxy *p)
{
	char *wiki = it_env("SB_WIKI_API");
	char *upstream = sb_strndup(wiki, strlen(wiki) - strlen("/api.php"));
	char *script = sb_strdup(__FILE__);
	int fds[2];
	char buf[32] = "";
	ssize_t k;

	*strrchr(script, '/') = '\0';
	if (pipe(fds) < 0)
		fail_msg("pipe");
	p->pid = fork();
	if (p->pid == 0) {
		/* Beside this file, unless $SB_FAULTPROXY names another. */
		char *path = getenv("SB_FAULTPROXY")
			? sb_strdup(getenv("SB_FAULTPROXY"))
			: sb_asprintf("%s/faultproxy.py", script);

		dup2(fds[1], 1);
		close(fds[0]);
		execlp("python3", "python3", path, "--upstream", upstream,
		       "--exit-with-parent", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	k = read(fds[0], buf, sizeof(buf) - 1);
	close(fds[0]);
	if (k <= 0 || (p->port = atoi(buf)) <= 0)
		fail_msg("faultproxy.py did not start");
	p->api = sb_asprintf("http://127.0.0.1:%d/api.php", p->port);
	p->control = sb_asprintf("http://127.0.0.1:%d/__faults__", p->port);
	it_proxy_wait(p);
	free(wiki);
	free(upstream);
	free(script);
}

static inline void it_proxy_stop(it_proxy *p)
{
	if (p->pid > 0) {
		kill(p->pid, SIGTERM);
		waitpid(p->pid, NULL, 0);
	}
	free(p->api);
	free(p->control);
	memset(p, 0, sizeof(*p));
}

/* Replace the proxy's rules with `json` (a rule or a list of rules). */
static inline void it_proxy_faults(const it_proxy *p, const char *json)
{
	sb_http *h;
	sb_http_response r;

	assert_int_equal(sb_http_new(&h, "skillsbot-tests", 10, 1 << 20), SB_OK);
	if (sb_http_request(h, &r, p->control, json, "fault rules") < 0 ||
	    r.status != 200)
		fail_msg("fault proxy refused %s", json);
	sb_http_response_dispose(&r);
	sb_http_free(h);
}

/* How often the proxy's rules fired, summed. */
static inline int it_proxy_fired(const it_proxy *p)
{
	sb_http *h;
	sb_http_response r;
	int fired = 0;
	cJSON *rules = NULL;
	const cJSON *it;

	assert_int_equal(sb_http_new(&h, "skillsbot-tests", 10, 1 << 20), SB_OK);
	assert_int_equal(sb_http_request(h, &r, p->control, NULL, "rules"), SB_OK);
	assert_int_equal(sb_json_parse(&rules, r.body, r.len, "rules"), SB_OK);
	cJSON_ArrayForEach(it, rules)
		fired += (int)sb_json_num(it, "fired", 0);
	cJSON_Delete(rules);
	sb_http_response_dispose(&r);
	sb_http_free(h);
	return fired;
}

static inline double it_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
