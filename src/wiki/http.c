/* http.c - the libcurl seam; see include/skillsbot/http.h. */
#include "skillsbot/http.h"

#include "skillsbot/buf.h"
#include "skillsbot/error.h"
#include "skillsbot/mem.h"

#include <curl/curl.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct sb_http {
	CURL *curl;
	struct curl_slist *headers;
	char *user_agent;
	long timeout;
	size_t max_body;
	/* per request */
	sb_buf body;
	double retry_after;
	char *content_type;
	char errbuf[CURL_ERROR_SIZE];
};

/* Wipe before freeing: the list may hold the bearer token. */
static void free_headers(struct curl_slist *l)
{
	struct curl_slist *it;

	for (it = l; it; it = it->next)
		if (it->data)
			memset(it->data, 0, strlen(it->data));
	curl_slist_free_all(l);
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	sb_http *h = ud;

	/* Returning less than given makes curl stop with a write error. */
	if (sb_buf_add(&h->body, p, size * n) < 0)
		return 0;
	return size * n;
}

/* Retry-After is seconds or an HTTP date (RFC 9110); for anything else,
 * or a wait of a day or more, the backoff schedule applies. */
double sb_http_retry_after(const char *value, size_t len)
{
	char tmp[64];
	size_t k = len < sizeof(tmp) - 1 ? len : sizeof(tmp) - 1;
	char *end;
	double v;
	time_t at;

	memcpy(tmp, value, k);
	tmp[k] = '\0';
	v = strtod(tmp, &end);
	if (end == tmp) {
		if ((at = curl_getdate(tmp, NULL)) == -1)
			return -1;
		v = difftime(at, time(NULL));
		if (v < 0)
			v = 0;
	}
	return v >= 0 && v < 86400 ? v : -1;
}

/* Only two headers matter to the API client; both are read here so the
 * caller never sees the raw header block (it holds Set-Cookie). */
static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	sb_http *h = ud;
	size_t len = size * n;

	if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		/* A new response (after 100 Continue): forget the last. */
		h->retry_after = -1;
		free(h->content_type);
		h->content_type = NULL;
	} else if (len > 12 && strncasecmp(p, "Retry-After:", 12) == 0) {
		h->retry_after = sb_http_retry_after(p + 12, len - 12);
	} else if (len > 13 && strncasecmp(p, "Content-Type:", 13) == 0) {
		size_t a = 13, b = len;

		while (a < b && isspace((unsigned char)p[a]))
			a++;
		while (b > a && isspace((unsigned char)p[b - 1]))
			b--;
		free(h->content_type);
		h->content_type = sb_strndup(p + a, b - a);
	}
	return len;
}

int sb_http_new(sb_http **out, const char *user_agent, long timeout,
		size_t max_body)
{
	sb_http *h;

	*out = NULL;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return sb_error_set(SB_ERROR, "libcurl could not start");
	h = sb_calloc(1, sizeof(*h));
	h->curl = curl_easy_init();
	if (!h->curl) {
		free(h);
		return sb_error_set(SB_ERROR, "libcurl could not start");
	}
	h->user_agent = sb_strdup(user_agent);
	h->timeout = timeout > 0 ? timeout : 60;
	h->max_body = max_body;
	sb_buf_init(&h->body, max_body);
	h->retry_after = -1;
	/* An empty file name switches the cookie engine on in memory only. */
	curl_easy_setopt(h->curl, CURLOPT_COOKIEFILE, "");
	*out = h;
	return SB_OK;
}

void sb_http_free(sb_http *h)
{
	if (!h)
		return;
	curl_easy_cleanup(h->curl);
	free_headers(h->headers);
	free(h->user_agent);
	free(h->content_type);
	sb_buf_dispose(&h->body);
	free(h);
}

void sb_http_set_bearer(sb_http *h, const char *token)
{
	free_headers(h->headers);
	h->headers = NULL;
	if (token) {
		char *line = sb_asprintf("Authorization: Bearer %s", token);

		h->headers = curl_slist_append(NULL, line);
		memset(line, 0, strlen(line));
		free(line);
		if (!h->headers)
			abort(); /* out of memory, as mem.h would */
	}
}

void sb_http_clear_cookies(sb_http *h)
{
	curl_easy_setopt(h->curl, CURLOPT_COOKIELIST, "ALL");
}

/* Options are set again on every request: curl_easy_reset is not used
 * because it would drop the cookie jar's link, but a POST option left
 * over from the last request must not leak into a GET. */
static void set_options(sb_http *h, const char *url, const char *post_body)
{
	CURL *c = h->curl;

	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_USERAGENT, h->user_agent);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_TIMEOUT, h->timeout);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, h->timeout < 30 ? h->timeout : 30L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h->headers);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, h);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, h);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, h->errbuf);
	if (post_body) {
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, post_body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
				 (curl_off_t)strlen(post_body));
	} else {
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	}
}

int sb_http_request(sb_http *h, sb_http_response *out, const char *url,
		    const char *post_body, const char *what)
{
	CURLcode rc;
	int err = SB_OK;

	memset(out, 0, sizeof(*out));
	out->retry_after = -1;
	sb_buf_reset(&h->body);
	h->retry_after = -1;
	free(h->content_type);
	h->content_type = NULL;
	h->errbuf[0] = '\0';
	set_options(h, url, post_body);
	rc = curl_easy_perform(h->curl);
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &out->status);
	if (rc == CURLE_WRITE_ERROR && h->body.len == 0) {
		err = sb_error_set(SB_ETOOBIG, "%s: answer larger than %zu bytes",
				   what, h->max_body);
		goto done;
	}
	if (rc != CURLE_OK) {
		/* curl's message names the host and the failure, never a
		 * header or a body. */
		err = sb_error_set(SB_ENETWORK, "%s: %s", what,
				   h->errbuf[0] ? h->errbuf : curl_easy_strerror(rc));
		goto done;
	}
	out->body = sb_buf_take(&h->body, &out->len);
	out->retry_after = h->retry_after;
	out->content_type = h->content_type;
	h->content_type = NULL;
done:
	sb_buf_reset(&h->body);
	return err;
}

void sb_http_response_dispose(sb_http_response *r)
{
	free(r->body);
	free(r->content_type);
	memset(r, 0, sizeof(*r));
	r->retry_after = -1;
}

char *sb_http_escape(const char *s)
{
	char *e = curl_easy_escape(NULL, s, (int)strlen(s));
	char *copy;

	if (!e)
		abort(); /* out of memory, as mem.h would */
	copy = sb_strdup(e);
	curl_free(e);
	return copy;
}

const char *sb_http_library(void)
{
	static char lib[64];

	if (!lib[0]) {
		const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);

		snprintf(lib, sizeof(lib), "libcurl/%s", v->version);
	}
	return lib;
}
