/* mwdecode.c - the pure parts of the API client: reading an answer,
 * the backoff schedule, scrubbing, continuation; see sys/mwapi.h. */
#include "skillsbot/sys/mwapi.h"

#include "skillsbot/error.h"
#include "skillsbot/http.h"
#include "skillsbot/mem.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Transient API errors: the same request may succeed later. */
static const char *const retry_codes[] = {
	"maxlag", "readonly", "ratelimited", "internal_api_error_DBQueryError",
	"internal_api_error_DBConnectionError", NULL
};
static const char *const session_codes[] = {
	"assertbotfailed", "assertuserfailed", "assertnameduserfailed",
	"notloggedin", NULL
};
static const char *const denied_codes[] = {
	"protectedpage", "cascadeprotected", "protectednamespace",
	"protectednamespace-interface", "protectedtitle", "customcssprotected",
	"customjsprotected", "blocked", "autoblocked", "permissiondenied",
	"noedit", "noedit-anon", "writeapidenied", "abusefilter-disallowed",
	"spamblacklist", "titleblacklist-forbidden", NULL
};

static bool in_list(const char *const *list, const char *code)
{
	for (; *list; list++)
		if (strcmp(*list, code) == 0)
			return true;
	return false;
}

static int code_for_api_error(const char *code)
{
	if (strcmp(code, "editconflict") == 0)
		return SB_ECONFLICT;
	if (strcmp(code, "articleexists") == 0)
		return SB_EEXISTS;
	if (strcmp(code, "pagedeleted") == 0 || strcmp(code, "missingtitle") == 0 ||
	    strcmp(code, "nosuchpageid") == 0 || strcmp(code, "nosuchrevid") == 0)
		return SB_ENOTFOUND;
	if (in_list(denied_codes, code))
		return SB_EDENIED;
	return SB_EAPI;
}

static void set_retry(sb_mw_reply *out, int code, char *reason)
{
	out->verdict = SB_MW_RETRY;
	out->code = code;
	out->reason = reason;
}

static bool looks_like_html(const char *ctype, const char *body, size_t len)
{
	size_t i = 0;

	if (ctype && strncasecmp(ctype, "text/html", 9) == 0)
		return true;
	while (i < len && isspace((unsigned char)body[i]))
		i++;
	return i < len && body[i] == '<';
}

/* The first entry of "errors" (errorformat=plaintext), or the old single
 * "error" object; NULL when the answer carries no error. */
static const cJSON *first_error(const cJSON *root, const char **text)
{
	const cJSON *errs = cJSON_GetObjectItemCaseSensitive(root, "errors");
	const cJSON *e = NULL;

	if (cJSON_IsArray(errs) && cJSON_GetArraySize(errs) > 0) {
		e = cJSON_GetArrayItem(errs, 0);
		*text = sb_json_str(e, "text");
	} else {
		e = cJSON_GetObjectItemCaseSensitive(root, "error");
		*text = sb_json_str(e, "info");
	}
	if (!cJSON_IsObject(e))
		return NULL;
	if (!*text)
		*text = "";
	return e;
}

static void decode_error(sb_mw_reply *out, const cJSON *e, const char *text,
			 double retry_after, const char *what)
{
	const char *code = sb_json_str(e, "code");

	if (!code)
		code = "unknown";
	out->api_code = sb_strdup(code);
	out->api_text = sb_strdup(text);
	if (in_list(retry_codes, code)) {
		/* MediaWiki sends Retry-After with maxlag; without one the
		 * backoff schedule alone decides. */
		out->retry_after = retry_after;
		set_retry(out, SB_ERATELIMIT, sb_asprintf("%s: %s", code, text));
	} else if (in_list(session_codes, code)) {
		out->verdict = SB_MW_RELOGIN;
		out->code = SB_EAUTH;
		sb_error_set(SB_EAUTH, "%s: session lost (%s: %s)", what, code, text);
	} else if (strcmp(code, "badtoken") == 0) {
		out->verdict = SB_MW_BADTOKEN;
		out->code = SB_EAUTH;
		sb_error_set(SB_EAUTH, "%s: CSRF token refused (badtoken)", what);
	} else {
		out->verdict = SB_MW_FAIL;
		out->code = sb_error_set(code_for_api_error(code), "%s: %s: %s",
					 what, code, text);
	}
}

void sb_mw_decode(sb_mw_reply *out, long status, const char *content_type,
		  const char *body, size_t len, double retry_after,
		  const char *what)
{
	cJSON *root = NULL;
	const cJSON *e;
	const char *text = NULL;

	memset(out, 0, sizeof(*out));
	out->retry_after = -1;
	if (status == 429 || status >= 500) {
		out->retry_after = retry_after;
		set_retry(out, status == 429 ? SB_ERATELIMIT : SB_ENETWORK,
			  sb_asprintf("HTTP %ld", status));
		return;
	}
	out->verdict = SB_MW_FAIL;
	if (len == 0 || !body) {
		out->code = sb_error_set(SB_EINVALID, "%s: empty answer (HTTP %ld)",
					 what, status);
		return;
	}
	if (looks_like_html(content_type, body, len)) {
		out->code = sb_error_set(SB_EINVALID,
			"%s: an HTML page instead of JSON (HTTP %ld)", what, status);
		return;
	}
	if (sb_json_parse(&root, body, len, what) < 0) {
		out->code = SB_EINVALID;
		return;
	}
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		out->code = sb_error_set(SB_EINVALID,
			"%s: the answer is not a JSON object", what);
		return;
	}
	e = first_error(root, &text);
	if (e) {
		decode_error(out, e, text, retry_after, what);
		cJSON_Delete(root);
		return;
	}
	if (status != 200) {
		cJSON_Delete(root);
		out->code = sb_error_set(SB_EAPI, "%s: HTTP %ld", what, status);
		return;
	}
	out->verdict = SB_MW_DONE;
	out->code = SB_OK;
	out->root = root;
}

void sb_mw_reply_dispose(sb_mw_reply *r)
{
	cJSON_Delete(r->root);
	free(r->api_code);
	free(r->api_text);
	free(r->reason);
	memset(r, 0, sizeof(*r));
	r->retry_after = -1;
}

double sb_mw_backoff(double first, unsigned attempt, double u)
{
	double w = first;

	if (first <= 0)
		return 0;
	while (attempt-- > 0 && w < SB_MW_BACKOFF_CAP)
		w *= 2;
	if (u < 0 || u >= 1)
		u = 0.5;
	w *= 0.75 + 0.5 * u;
	return w > SB_MW_BACKOFF_CAP ? SB_MW_BACKOFF_CAP : w;
}

static bool secret_key(const char *k, size_t n)
{
	char low[64];
	size_t i;

	if (n >= sizeof(low))
		return true; /* no API key is that long: hide it to be safe */
	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)k[i]);
	low[n] = '\0';
	return strstr(low, "password") || strstr(low, "token") ||
	       strstr(low, "secret") || strstr(low, "cookie");
}

char *sb_mw_scrub(const char *params)
{
	sb_buf out;
	const char *p = params;

	sb_buf_init(&out, SB_BUF_UNLIMITED);
	while (*p) {
		size_t seg = strcspn(p, "&");
		const char *eq = memchr(p, '=', seg);

		if (eq && secret_key(p, (size_t)(eq - p))) {
			sb_buf_add(&out, p, (size_t)(eq - p) + 1);
			sb_buf_adds(&out, "***");
		} else {
			sb_buf_add(&out, p, seg);
		}
		p += seg;
		if (*p == '&')
			sb_buf_addc(&out, *p++);
	}
	return sb_buf_take(&out, NULL);
}

int sb_mw_continue_params(sb_buf *out, const char *base, const cJSON *cont)
{
	const cJSON *it;
	int err;

	sb_buf_reset(out);
	if ((err = sb_buf_adds(out, base)) < 0)
		return err;
	cJSON_ArrayForEach(it, cont) {
		char *v, *ev, *ek;

		if (!it->string)
			continue;
		if (cJSON_IsString(it))
			v = sb_strdup(it->valuestring);
		else if (cJSON_IsNumber(it))
			v = sb_asprintf("%.17g", it->valuedouble);
		else if (cJSON_IsBool(it))
			v = sb_strdup(cJSON_IsTrue(it) ? "1" : "");
		else
			return sb_error_set(SB_EINVALID,
				"continue.%s: not a string or number", it->string);
		ek = sb_http_escape(it->string);
		ev = sb_http_escape(v);
		err = sb_buf_addf(out, "&%s=%s", ek, ev);
		free(ek);
		free(ev);
		free(v);
		if (err < 0)
			return err;
	}
	return SB_OK;
}
