/* mwapi.c - the API client's session and its one request path: common
 * parameters, retries with backoff, re-login, CSRF token; see mwapi.h. */
#include "mwapi_int.h"

#include "skillsbot/error.h"
#include "skillsbot/log.h"
#include "skillsbot/mem.h"
#include "skillsbot/version.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MW_WHAT_MAX 200

double mw_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool stopping(const sb_mw *mw)
{
	return mw->o.stop && *mw->o.stop;
}

bool mw_sleep(const sb_mw *mw, double seconds)
{
	struct timespec ts;

	if (stopping(mw))
		return false;
	if (seconds <= 0)
		return true;
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		if (stopping(mw))
			return false;
	return true;
}

char *mw_esc(const char *s)
{
	return sb_http_escape(s);
}

/* Overwrite, then free: the secret must not linger in freed memory. */
static void wipe_free(char *s)
{
	if (s) {
		volatile char *v = s;

		while (*v)
			*v++ = '\0';
	}
	free(s);
}

static char *dup_or_null(const char *s)
{
	return s && *s ? sb_strdup(s) : NULL;
}

static double jitter(sb_mw *mw)
{
	/* xorshift64*: the jitter only spreads retries out in time. */
	mw->rng ^= mw->rng >> 12;
	mw->rng ^= mw->rng << 25;
	mw->rng ^= mw->rng >> 27;
	return (double)((mw->rng * 2685821657736338717ULL) >> 11) /
	       9007199254740992.0;
}

int sb_mw_new(sb_mw **out, const sb_mw_opts *opts)
{
	sb_mw *mw;
	char *ua;
	int err;

	*out = NULL;
	if (!opts->api_url || !*opts->api_url)
		return sb_error_set(SB_EINVALID, "wiki.api: no API URL configured");
	if (!opts->contact || !*opts->contact)
		return sb_error_set(SB_EINVALID,
			"wiki.contact: a contact (user page or e-mail) is required "
			"for the User-Agent; refusing to start without one");
	if (opts->assert_mode && strcmp(opts->assert_mode, "bot") != 0 &&
	    strcmp(opts->assert_mode, "user") != 0)
		return sb_error_set(SB_EINVALID,
			"wiki.assert: \"%s\" is neither \"bot\" nor \"user\"",
			opts->assert_mode);
	mw = sb_calloc(1, sizeof(*mw));
	mw->o = *opts;
	mw->api_url = sb_strdup(opts->api_url);
	mw->contact = sb_strdup(opts->contact);
	mw->user = dup_or_null(opts->user);
	mw->password = dup_or_null(opts->password);
	mw->oauth_token = dup_or_null(opts->oauth_token);
	mw->assert_mode = sb_strdup(opts->assert_mode ? opts->assert_mode : "bot");
	mw->o.api_url = mw->o.contact = mw->o.user = NULL;
	mw->o.password = mw->o.oauth_token = mw->o.assert_mode = NULL;
	if (mw->o.maxlag <= 0)
		mw->o.maxlag = 5;
	if (mw->o.edit_delay < 0)
		mw->o.edit_delay = 10;
	if (mw->o.max_tries <= 0)
		mw->o.max_tries = 6;
	if (mw->o.max_retry_seconds <= 0)
		mw->o.max_retry_seconds = 600;
	if (mw->o.first_backoff <= 0)
		mw->o.first_backoff = 5;
	if (mw->o.timeout <= 0)
		mw->o.timeout = 60;
	if (mw->o.max_response == 0)
		mw->o.max_response = 64u << 20;
	mw->rng = (unsigned long long)time(NULL) * 6364136223846793005ULL ^
		  (unsigned long long)getpid() ^ 0x9E3779B97F4A7C15ULL;
	sb_mw_site_defaults(&mw->site);
	ua = sb_asprintf("skillsbot/%s (%s) %s", SKILLSBOT_VERSION, mw->contact,
			 sb_http_library());
	err = sb_http_new(&mw->http, ua, mw->o.timeout, mw->o.max_response);
	free(ua);
	if (err < 0) {
		sb_mw_free(mw);
		return err;
	}
	if (mw->oauth_token)
		sb_http_set_bearer(mw->http, mw->oauth_token);
	*out = mw;
	return SB_OK;
}

static void drop_rights(sb_mw *mw)
{
	size_t i;

	for (i = 0; i < mw->n_rights; i++)
		free(mw->rights[i]);
	free(mw->rights);
	mw->rights = NULL;
	mw->n_rights = 0;
}

void sb_mw_free(sb_mw *mw)
{
	if (!mw)
		return;
	sb_http_free(mw->http);
	sb_mw_site_dispose(&mw->site);
	drop_rights(mw);
	free(mw->api_url);
	free(mw->contact);
	free(mw->user);
	free(mw->assert_mode);
	free(mw->username);
	wipe_free(mw->password);
	wipe_free(mw->oauth_token);
	wipe_free(mw->csrf);
	free(mw);
}

/* "GET action=query&..." with secrets hidden and the length bounded: the
 * name of a request in logs and messages. */
static char *request_name(const char *params, bool post)
{
	char *s = sb_mw_scrub(params);
	char *name;

	if (strlen(s) > MW_WHAT_MAX)
		name = sb_asprintf("%s %.*s...", post ? "POST" : "GET",
				   MW_WHAT_MAX, s);
	else
		name = sb_asprintf("%s %s", post ? "POST" : "GET", s);
	free(s);
	return name;
}

static int fetch_csrf(sb_mw *mw);
static int relogin(sb_mw *mw);

/* The full parameter string of one try (the token may have changed
 * between tries). Reads carry assert=user when logged in, so a lost
 * session shows on the first read after it, not only at the next edit. */
static char *full_params(sb_mw *mw, const char *params, int kind)
{
	sb_buf b;
	char *tok;

	sb_buf_init(&b, SB_BUF_UNLIMITED);
	sb_buf_addf(&b, "%s&format=json&formatversion=2&errorformat=plaintext"
		    "&maxlag=%d", params, mw->o.maxlag);
	if (kind == MW_WRITE)
		sb_buf_addf(&b, "&assert=%s", mw->assert_mode);
	else if (kind == MW_READ && mw->logged_in)
		sb_buf_adds(&b, "&assert=user");
	if (kind == MW_WRITE) {
		/* The token goes last, as the API recommends, so a cut body
		 * cannot carry a valid token with half the text. */
		tok = mw_esc(mw->csrf ? mw->csrf : "");
		sb_buf_addf(&b, "&token=%s", tok);
		wipe_free(tok);
	}
	return sb_buf_take(&b, NULL);
}

/* One HTTP exchange, decoded. */
static void exchange(sb_mw *mw, sb_mw_reply *rep, const char *params,
		     bool post, const char *what)
{
	sb_http_response r;
	char *url = NULL;
	int err;

	mw->stats.requests++;
	if (!post)
		url = sb_asprintf("%s?%s", mw->api_url, params);
	err = sb_http_request(mw->http, &r, post ? mw->api_url : url,
			      post ? params : NULL, what);
	free(url);
	if (err == SB_ENETWORK) {
		memset(rep, 0, sizeof(*rep));
		rep->verdict = SB_MW_RETRY;
		rep->code = SB_ENETWORK;
		rep->retry_after = -1;
		/* The message starts with `what`; the log line names it already. */
		rep->reason = sb_strdup(strncmp(sb_error_message(), what,
			strlen(what)) == 0 ? sb_error_message() + strlen(what) + 2
			: sb_error_message());
		return;
	}
	if (err < 0) {
		memset(rep, 0, sizeof(*rep));
		rep->verdict = SB_MW_FAIL;
		rep->code = err;
		rep->retry_after = -1;
		return;
	}
	mw->stats.bytes_received += r.len;
	sb_debug("%s: HTTP %ld, %zu bytes", what, r.status, r.len);
	sb_mw_decode(rep, r.status, r.content_type, r.body, r.len,
		     r.retry_after, what);
	sb_http_response_dispose(&r);
}

/* How long to wait before the next try, or -1 to give up. */
static double next_wait(sb_mw *mw, const sb_mw_reply *rep, int tries,
			double started)
{
	double wait = sb_mw_backoff(mw->o.first_backoff, (unsigned)(tries - 1),
				    jitter(mw));

	if (rep->retry_after > wait)
		wait = rep->retry_after;
	if (tries >= mw->o.max_tries)
		return -1;
	if (mw_now() - started + wait > mw->o.max_retry_seconds)
		return -1;
	return wait;
}

int mw_call(sb_mw *mw, const char *params, int kind, cJSON **out)
{
	bool post = kind != MW_READ || strlen(params) > 1500;
	bool relogged = false, retokened = false;
	double started = mw_now();
	int tries = 0, err;
	char *what = request_name(params, post);

	*out = NULL;
	if (kind == MW_WRITE && !mw->csrf && (err = fetch_csrf(mw)) < 0)
		goto done;
	for (;;) {
		sb_mw_reply rep;
		char *full = full_params(mw, params, kind);
		double wait;

		tries++;
		exchange(mw, &rep, full, post, what);
		wipe_free(full);
		switch (rep.verdict) {
		case SB_MW_DONE:
			*out = rep.root;
			rep.root = NULL;
			mw->unavailable = false;
			err = SB_OK;
			break;
		case SB_MW_RETRY:
			wait = next_wait(mw, &rep, tries, started);
			if (wait < 0) {
				mw->unavailable = true;
				err = sb_error_set(rep.code,
					"%s: giving up after %d tries in %.0f s: %s",
					what, tries, mw_now() - started, rep.reason);
				break;
			}
			/* A wiki known to be down: the caller said so once
			 * (the daemon: "the wiki is unavailable"); every
			 * retry of every request would only repeat it. */
			sb_log(mw->unavailable ? SB_LOG_DEBUG : SB_LOG_NOTICE,
			       "retry %d of %s in %.1f s: %s", tries, what,
			       wait, rep.reason);
			mw->stats.retries++;
			sb_mw_reply_dispose(&rep);
			if (!mw_sleep(mw, wait)) {
				err = sb_error_set(SB_ERROR, "%s: not retried: "
						   "asked to stop", what);
				goto done;
			}
			continue;
		case SB_MW_RELOGIN:
			if (relogged || kind == MW_LOGIN || mw->in_login ||
			    (!mw->password && !mw->oauth_token)) {
				err = relogged ? sb_error_prefix(SB_EAUTH,
					"session lost again after logging in anew")
					: SB_EAUTH;
				break;
			}
			sb_warn("%s: session lost (%s); logging in again", what,
				rep.api_code);
			relogged = true;
			sb_mw_reply_dispose(&rep);
			if ((err = relogin(mw)) < 0)
				goto done;
			if (kind == MW_WRITE && (err = fetch_csrf(mw)) < 0)
				goto done;
			continue;
		case SB_MW_BADTOKEN:
			if (retokened || kind != MW_WRITE) {
				err = SB_EAUTH;
				break;
			}
			sb_notice("%s: CSRF token refused; fetching a new one", what);
			retokened = true;
			sb_mw_reply_dispose(&rep);
			if ((err = fetch_csrf(mw)) < 0)
				goto done;
			continue;
		default:
			err = rep.code < 0 ? rep.code : SB_ERROR;
			break;
		}
		sb_mw_reply_dispose(&rep);
		break;
	}
done:
	free(what);
	return err;
}

static int fetch_csrf(sb_mw *mw)
{
	cJSON *root = NULL;
	const char *tok;
	int err;

	wipe_free(mw->csrf);
	mw->csrf = NULL;
	if ((err = mw_call(mw, "action=query&meta=tokens&type=csrf", MW_LOGIN,
			   &root)) < 0)
		return err;
	tok = sb_json_str(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(root, "query"), "tokens"),
		"csrftoken");
	if (!tok || strlen(tok) < 3)
		err = sb_error_set(SB_EINVALID, "meta=tokens: no CSRF token in answer");
	else
		mw->csrf = sb_strdup(tok);
	cJSON_Delete(root);
	return err;
}

/* The login reason: a string, or {code, text} with errorformat. */
static const char *login_reason(const cJSON *login)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(login, "reason");

	if (cJSON_IsString(r))
		return r->valuestring;
	if (sb_json_str(r, "text"))
		return sb_json_str(r, "text");
	return sb_json_str(login, "result") ? sb_json_str(login, "result") : "?";
}

static int login_bot_password(sb_mw *mw)
{
	cJSON *root = NULL;
	const char *tok, *result;
	char *lgtoken = NULL, *name = NULL, *pw = NULL, *params = NULL;
	const cJSON *login;
	int err;

	if ((err = mw_call(mw, "action=query&meta=tokens&type=login", MW_LOGIN,
			   &root)) < 0)
		goto done;
	tok = sb_json_str(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(root, "query"), "tokens"),
		"logintoken");
	if (!tok) {
		err = sb_error_set(SB_EINVALID, "meta=tokens: no login token in answer");
		goto done;
	}
	lgtoken = mw_esc(tok);
	cJSON_Delete(root);
	root = NULL;
	name = mw_esc(mw->user);
	pw = mw_esc(mw->password);
	params = sb_asprintf("action=login&lgname=%s&lgpassword=%s&lgtoken=%s",
			     name, pw, lgtoken);
	if ((err = mw_call(mw, params, MW_LOGIN, &root)) < 0)
		goto done;
	login = cJSON_GetObjectItemCaseSensitive(root, "login");
	result = sb_json_str(login, "result");
	if (!result || strcmp(result, "Success") != 0) {
		err = sb_error_set(SB_EAUTH, "login as %s failed: %s", mw->user,
				   login_reason(login));
		goto done;
	}
done:
	cJSON_Delete(root);
	wipe_free(lgtoken);
	wipe_free(pw);
	wipe_free(params);
	free(name);
	return err;
}

static int read_userinfo(sb_mw *mw, const cJSON *query)
{
	const cJSON *ui = cJSON_GetObjectItemCaseSensitive(query, "userinfo");
	const cJSON *rights = cJSON_GetObjectItemCaseSensitive(ui, "rights");
	const cJSON *it;
	size_t cap = 0;

	if (!cJSON_IsObject(ui))
		return sb_error_set(SB_EINVALID, "meta=userinfo: no userinfo in answer");
	drop_rights(mw);
	cJSON_ArrayForEach(it, rights) {
		if (!cJSON_IsString(it))
			continue;
		SB_GROW(mw->rights, cap, mw->n_rights + 1);
		mw->rights[mw->n_rights++] = sb_strdup(it->valuestring);
	}
	free(mw->username);
	mw->username = dup_or_null(sb_json_str(ui, "name"));
	if ((mw->password || mw->oauth_token) && sb_json_bool(ui, "anon", false))
		return sb_error_set(SB_EAUTH, "the wiki says we are not logged in "
				    "after %s", mw->oauth_token ? "presenting the "
				    "OAuth token" : "logging in");
	return SB_OK;
}

/* Session, identity and rights, and siteinfo once, in as few requests as
 * the API allows: a bot-password login takes two more. */
static int login_now(sb_mw *mw)
{
	cJSON *root = NULL;
	const cJSON *query;
	int err;

	mw->in_login = true;
	mw->logged_in = false;
	wipe_free(mw->csrf);
	mw->csrf = NULL;
	if (mw->password && mw->user) {
		sb_http_clear_cookies(mw->http);
		if ((err = login_bot_password(mw)) < 0)
			goto done;
	} else if (mw->password) {
		err = sb_error_set(SB_EINVALID, "wiki.user: a password but no user name");
		goto done;
	}
	if ((err = mw_call(mw, mw->have_site
			   ? "action=query&meta=userinfo&uiprop=rights"
			   : "action=query&meta=userinfo|siteinfo&uiprop=rights"
			     "&siprop=general|namespaces|namespacealiases",
			   MW_LOGIN, &root)) < 0)
		goto done;
	query = cJSON_GetObjectItemCaseSensitive(root, "query");
	if ((err = read_userinfo(mw, query)) < 0)
		goto done;
	if (!mw->have_site) {
		if ((err = sb_mw_site_parse(&mw->site, query, "meta=siteinfo")) < 0)
			goto done;
		mw->have_site = true;
	}
	mw->logged_in = mw->password || mw->oauth_token;
	if (mw->logged_in)
		sb_info("logged in to %s as %s", mw->api_url,
			mw->username ? mw->username : "?");
done:
	cJSON_Delete(root);
	mw->in_login = false;
	return err;
}

static int relogin(sb_mw *mw)
{
	return login_now(mw);
}

int sb_mw_login(sb_mw *mw)
{
	return login_now(mw);
}

bool sb_mw_has_right(const sb_mw *mw, const char *right)
{
	size_t i;

	for (i = 0; i < mw->n_rights; i++)
		if (strcmp(mw->rights[i], right) == 0)
			return true;
	return false;
}

int sb_mw_check_write_rights(const sb_mw *mw)
{
	const char *who = mw->username ? mw->username : "(not logged in)";

	if (!mw->logged_in)
		return sb_error_set(SB_EAUTH, "not logged in: configure a bot "
				    "password or an OAuth token to write");
	if (!sb_mw_has_right(mw, "edit"))
		return sb_error_set(SB_EAUTH, "account %s lacks the 'edit' right "
				    "on %s: refusing to write", who, mw->api_url);
	if (strcmp(mw->assert_mode, "bot") == 0 && !sb_mw_has_right(mw, "bot"))
		return sb_error_set(SB_EAUTH, "account %s lacks the 'bot' right "
				    "on %s (grant the bot group, or set "
				    "wiki.assert = user): refusing to write",
				    who, mw->api_url);
	return SB_OK;
}

const char *sb_mw_username(const sb_mw *mw)
{
	return mw->username;
}

const sb_mw_stats *sb_mw_get_stats(const sb_mw *mw)
{
	return &mw->stats;
}

char *sb_mw_normalize_title(const sb_mw *mw, const char *title, int *ns_out)
{
	return sb_mw_site_normalize(&mw->site, title, ns_out);
}

int sb_mw_request(sb_mw *mw, const char *params, bool post, char **json_out)
{
	cJSON *root = NULL;
	sb_buf b;
	int err;

	*json_out = NULL;
	if ((err = mw_call(mw, params, post ? MW_WRITE : MW_READ, &root)) < 0)
		return err;
	sb_buf_init(&b, SB_BUF_UNLIMITED);
	err = sb_json_print(&b, root);
	cJSON_Delete(root);
	if (err == SB_OK)
		*json_out = sb_buf_take(&b, NULL);
	sb_buf_dispose(&b);
	return err;
}
