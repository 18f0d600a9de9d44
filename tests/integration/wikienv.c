/* wikienv.c - see wikienv.h. */
#include "wikienv.h"

#include "skillsbot/buf.h"
#include "skillsbot/fileio.h"
#include "skillsbot/json.h"
#include "skillsbot/mem.h"

#include <curl/curl.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- wiki.env ---- */

typedef struct wk_pair {
	char *key;
	char *value;
} wk_pair;

static wk_pair *env_pairs;
static size_t env_n, env_cap;
static bool env_loaded;

static void env_add_line(char *line)
{
	char *eq = strchr(line, '=');

	if (!eq || line[0] == '#')
		return;
	*eq = '\0';
	SB_GROW(env_pairs, env_cap, env_n + 1);
	env_pairs[env_n].key = sb_strdup(line);
	env_pairs[env_n].value = sb_strdup(eq + 1);
	env_n++;
}

static void env_load(void)
{
	const char *path = getenv("SB_WIKI_ENV");
	char *data = NULL, *line, *save = NULL;

	if (!path || !*path)
		fail_msg("SB_WIKI_ENV is not set: run the integration tests "
			 "through ctest (see tests/integration/README.md)");
	if (sb_file_read(&data, NULL, path, 1u << 20) < 0)
		fail_msg("cannot read SB_WIKI_ENV=%s (did wiki.start fail?)", path);
	for (line = strtok_r(data, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		env_add_line(line);
	free(data);
	env_loaded = true;
}

const char *wk_get(const char *key)
{
	size_t i;

	if (!env_loaded)
		env_load();
	for (i = 0; i < env_n; i++)
		if (strcmp(env_pairs[i].key, key) == 0)
			return env_pairs[i].value;
	fail_msg("%s: no %s in the wiki.env", getenv("SB_WIKI_ENV"), key);
	return NULL;
}

char *wk_secret(const char *key_of_file)
{
	const char *path = wk_get(key_of_file);
	char *data = NULL;
	size_t len = 0;

	if (sb_file_read(&data, &len, path, 4096) < 0)
		fail_msg("cannot read the file named by %s", key_of_file);
	while (len && (data[len - 1] == '\n' || data[len - 1] == '\r'))
		data[--len] = '\0';
	return data;
}

char *wk_unique_title(const char *prefix)
{
	static unsigned n;

	return sb_asprintf("%s/%ld-%ld-%u", prefix, (long)getpid(),
			   (long)time(NULL), ++n);
}

/* ---- maintenance scripts ---- */

static char *maint_command(const char *script, const char *args)
{
	return sb_asprintf("%s %s %s", wk_get("SB_MW_RUN"), script,
			   args ? args : "");
}

static int exit_status(int st)
{
	if (st == -1)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int wk_maint(const char *script, const char *args)
{
	char *cmd = maint_command(script, args);
	/* The new line lets args end with a here-document. */
	char *redirected = sb_asprintf("{ %s\n} 1>&2", cmd);
	int st;

	fflush(NULL);
	st = system(redirected);
	free(redirected);
	free(cmd);
	return exit_status(st);
}

char *wk_maint_output(int *status_out, const char *script, const char *args)
{
	char *cmd = maint_command(script, args);
	char chunk[4096];
	sb_buf out;
	size_t n;
	FILE *p;
	int st;

	sb_buf_init(&out, SB_BUF_UNLIMITED);
	fflush(NULL);
	p = popen(cmd, "r");
	if (!p)
		fail_msg("cannot run %s: %s", script, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		sb_buf_add(&out, chunk, n);
	st = pclose(p);
	free(cmd);
	if (status_out)
		*status_out = exit_status(st);
	return sb_buf_take(&out, NULL);
}

/* ---- HTTP ---- */

static size_t collect(char *p, size_t size, size_t n, void *userdata)
{
	if (sb_buf_add(userdata, p, size * n) < 0)
		return 0;
	return size * n;
}

/* One request on handle h; the body, and the status in *status_out. */
static char *http_on(CURL *h, long *status_out, const char *url,
		     const char *body)
{
	sb_buf out;
	CURLcode rc;
	long status = 0;

	sb_buf_init(&out, SB_BUF_UNLIMITED);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_USERAGENT,
			 "skillsbot-integration-tests (wikienv.c)");
	if (body) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	} else {
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	}
	rc = curl_easy_perform(h);
	if (rc == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	if (status_out)
		*status_out = status;
	return sb_buf_take(&out, NULL);
}

char *wk_http(long *status_out, const char *url, const char *body)
{
	CURL *h = curl_easy_init();
	char *res;

	if (!h)
		fail_msg("curl_easy_init failed");
	res = http_on(h, status_out, url, body);
	curl_easy_cleanup(h);
	return res;
}

static char *escape(CURL *h, const char *s)
{
	char *e = curl_easy_escape(h, s, 0);
	char *copy = sb_strdup(e);

	curl_free(e);
	return copy;
}

/* An API call whose answer must be JSON without an error. */
static cJSON *api_call(CURL *h, const char *params, bool post,
		       const char *what)
{
	const char *api = wk_get("SB_WIKI_API");
	char *url, *body;
	cJSON *root = NULL;
	long status;

	url = post ? sb_strdup(api) : sb_asprintf("%s?%s", api, params);
	body = http_on(h, &status, url, post ? params : NULL);
	if (status != 200 || sb_json_parse(&root, body, strlen(body), what) < 0)
		fail_msg("%s: HTTP %ld, answer %.200s", what, status, body);
	if (cJSON_GetObjectItem(root, "error") || cJSON_GetObjectItem(root, "errors"))
		fail_msg("%s: API error %.300s", what, body);
	free(url);
	free(body);
	return root;
}

static const char *json_path_str(const cJSON *root, const char *a,
				 const char *b, const char *c)
{
	const cJSON *it = cJSON_GetObjectItem(root, a);

	it = cJSON_GetObjectItem(it, b);
	return sb_json_str(it, c);
}

/* ---- acting as Editor ---- */

static CURL *editor;

static void editor_login(void)
{
	char *user, *pw, *token, *params;
	const char *result;
	cJSON *r;

	editor = curl_easy_init();
	curl_easy_setopt(editor, CURLOPT_COOKIEFILE, "");
	r = api_call(editor, "action=query&meta=tokens&type=login&format=json"
		     "&formatversion=2", false, "Editor login token");
	token = escape(editor, json_path_str(r, "query", "tokens", "logintoken"));
	cJSON_Delete(r);
	user = escape(editor, wk_get("SB_EDITOR_USER"));
	pw = wk_secret("SB_EDITOR_PASSWORD_FILE");
	{
		char *pw_e = escape(editor, pw);

		params = sb_asprintf("action=login&format=json&formatversion=2"
				     "&lgname=%s&lgpassword=%s&lgtoken=%s",
				     user, pw_e, token);
		memset(pw_e, 0, strlen(pw_e));
		free(pw_e);
	}
	r = api_call(editor, params, true, "Editor login");
	result = sb_json_str(cJSON_GetObjectItem(r, "login"), "result");
	if (!result || strcmp(result, "Success") != 0)
		fail_msg("Editor login failed: %s",
			 sb_json_str(cJSON_GetObjectItem(r, "login"), "reason"));
	cJSON_Delete(r);
	memset(params, 0, strlen(params));
	memset(pw, 0, strlen(pw));
	free(params);
	free(pw);
	free(user);
	free(token);
}

int64_t wk_edit_as_editor(const char *title, const char *text)
{
	char *token, *params, *t_e, *x_e, *what;
	const char *result;
	const cJSON *edit;
	int64_t rev;
	cJSON *r;

	if (!editor)
		editor_login();
	r = api_call(editor, "action=query&meta=tokens&format=json"
		     "&formatversion=2", false, "Editor csrf token");
	token = escape(editor, json_path_str(r, "query", "tokens", "csrftoken"));
	cJSON_Delete(r);
	t_e = escape(editor, title);
	x_e = escape(editor, text);
	params = sb_asprintf("action=edit&format=json&formatversion=2"
			     "&assert=user&title=%s&text=%s&summary=test&token=%s",
			     t_e, x_e, token);
	what = sb_asprintf("Editor's edit of %s", title);
	r = api_call(editor, params, true, what);
	edit = cJSON_GetObjectItem(r, "edit");
	result = sb_json_str(edit, "result");
	if (!result || strcmp(result, "Success") != 0)
		fail_msg("%s did not succeed", what);
	rev = (int64_t)sb_json_num(edit, "newrevid", 0);
	cJSON_Delete(r);
	if (rev == 0) {
		/* No change: MediaWiki names no new revision; ask for it. */
		free(params);
		params = sb_asprintf("action=query&format=json&formatversion=2"
				     "&prop=info&titles=%s", t_e);
		r = api_call(editor, params, false, what);
		rev = (int64_t)sb_json_num(cJSON_GetArrayItem(cJSON_GetObjectItem(
			cJSON_GetObjectItem(r, "query"), "pages"), 0),
			"lastrevid", 0);
		cJSON_Delete(r);
	}
	free(what);
	free(params);
	free(t_e);
	free(x_e);
	free(token);
	return rev;
}

char *wk_get_page_text(const char *title)
{
	CURL *h = curl_easy_init();
	char *t_e = escape(h, title), *params, *text = NULL;
	const cJSON *page, *rev;
	cJSON *r;

	params = sb_asprintf("action=query&format=json&formatversion=2"
			     "&prop=revisions&rvprop=content&rvslots=main&titles=%s",
			     t_e);
	r = api_call(h, params, false, title);
	page = cJSON_GetArrayItem(cJSON_GetObjectItem(
		cJSON_GetObjectItem(r, "query"), "pages"), 0);
	rev = cJSON_GetArrayItem(cJSON_GetObjectItem(page, "revisions"), 0);
	if (rev) {
		const char *content = json_path_str(rev, "slots", "main", "content");

		text = sb_strdup(content ? content : "");
	}
	cJSON_Delete(r);
	free(params);
	free(t_e);
	curl_easy_cleanup(h);
	return text;
}

/* ---- the fault proxy ---- */

static pid_t proxy_pid;
static int proxy_port;
static char *proxy_api;
static char *proxy_base;

static void proxy_stop_at_exit(void)
{
	wk_proxy_stop();
}

static void proxy_exec(int fd_out)
{
	const char *src = getenv("SB_SRCDIR");
	char *script = sb_asprintf("%s/tests/integration/faultproxy.py",
				   src ? src : ".");
	char *upstream = sb_asprintf("http://127.0.0.1:%s", wk_get("SB_WIKI_PORT"));
	char *pidfile = sb_asprintf("%s/proxy/c-%ld.pid", wk_get("SB_WIKI_DIR"),
				    (long)getppid());
	char *errlog = sb_asprintf("%s/logs/proxy-c-%ld.log",
				   wk_get("SB_WIKI_DIR"), (long)getppid());

	dup2(fd_out, STDOUT_FILENO);
	close(fd_out);
	execlp("python3", "python3", script, "--upstream", upstream,
	       "--pid-file", pidfile, "--error-log", errlog,
	       "--exit-with-parent", (char *)NULL);
	fprintf(stderr, "wikienv: cannot run python3 %s: %s\n", script,
		strerror(errno));
	_exit(127);
}

void wk_proxy_start(int *port_out)
{
	static bool registered;
	char line[32] = "";
	ssize_t n, got = 0;
	int fds[2];

	if (proxy_pid)
		fail_msg("wk_proxy_start: the proxy runs already");
	if (pipe(fds) < 0)
		fail_msg("pipe: %s", strerror(errno));
	(void)wk_get("SB_WIKI_PORT"); /* fail here, not in the child */
	fflush(NULL);
	proxy_pid = fork();
	if (proxy_pid < 0)
		fail_msg("fork: %s", strerror(errno));
	if (proxy_pid == 0) {
		close(fds[0]);
		proxy_exec(fds[1]);
	}
	close(fds[1]);
	while (got < (ssize_t)sizeof(line) - 1 &&
	       (n = read(fds[0], line + got, sizeof(line) - 1 - got)) > 0) {
		got += n;
		if (memchr(line, '\n', (size_t)got))
			break;
	}
	close(fds[0]);
	proxy_port = atoi(line);
	if (proxy_port <= 0) {
		wk_proxy_stop();
		fail_msg("the fault proxy did not start (see stderr)");
	}
	proxy_base = sb_asprintf("http://127.0.0.1:%d", proxy_port);
	proxy_api = sb_asprintf("%s/api.php", proxy_base);
	if (!registered) {
		atexit(proxy_stop_at_exit);
		registered = true;
	}
	if (port_out)
		*port_out = proxy_port;
}

const char *wk_proxy_api(void)
{
	if (!proxy_pid)
		fail_msg("wk_proxy_api: call wk_proxy_start first");
	return proxy_api;
}

void wk_proxy_faults(const char *json)
{
	char *url, *res;
	long status;

	(void)wk_proxy_api();
	url = sb_asprintf("%s/__faults__", proxy_base);
	res = wk_http(&status, url, json);
	if (status != 200)
		fail_msg("the fault proxy refused the rules (HTTP %ld): %s",
			 status, res);
	free(res);
	free(url);
}

char *wk_proxy_log(void)
{
	char *url, *res;
	long status;

	(void)wk_proxy_api();
	url = sb_asprintf("%s/__log__", proxy_base);
	res = wk_http(&status, url, NULL);
	if (status != 200)
		fail_msg("cannot read the fault proxy's log (HTTP %ld)", status);
	free(url);
	return res;
}

void wk_proxy_stop(void)
{
	int st;

	if (!proxy_pid)
		return;
	kill(proxy_pid, SIGTERM);
	waitpid(proxy_pid, &st, 0);
	proxy_pid = 0;
	proxy_port = 0;
	free(proxy_api);
	free(proxy_base);
	proxy_api = proxy_base = NULL;
}
