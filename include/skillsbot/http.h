/*
 * http.h - the seam to libcurl: one connection-reusing HTTP client with
 * gzip, an in-memory cookie jar and a size cap on response bodies.
 *
 * Only src/wiki/http.c includes curl. The client knows nothing of the
 * MediaWiki API; mwapi.c builds the requests and reads the answers.
 * Cookies and the bearer token stay inside the curl handle: nothing here
 * logs a header, a cookie or a request body, and curl's verbose mode is
 * never switched on (it would print them).
 */
#ifndef SKILLSBOT_HTTP_H
#define SKILLSBOT_HTTP_H

#include <stddef.h>

typedef struct sb_http sb_http;

typedef struct sb_http_response {
	long status;          /* HTTP status, 0 when none arrived */
	char *body;           /* NUL-terminated; owned */
	size_t len;
	double retry_after;   /* seconds from Retry-After; -1 when absent */
	char *content_type;   /* owned; NULL when absent */
} sb_http_response;

/* user_agent is copied; timeout in seconds for a whole request;
 * max_body caps each response body (SB_ETOOBIG past it). */
int sb_http_new(sb_http **out, const char *user_agent, long timeout,
		size_t max_body);
void sb_http_free(sb_http *h);

/* Send "Authorization: Bearer TOKEN" on every request (NULL: stop). The
 * token is copied into a header list and wiped when replaced or freed. */
void sb_http_set_bearer(sb_http *h, const char *token);

/* Forget every cookie (a new session starts at the next login). */
void sb_http_clear_cookies(sb_http *h);

/* One request. A transport failure (refused, reset, timeout, cut body) is
 * SB_ENETWORK; a body over the cap SB_ETOOBIG; any HTTP status is SB_OK
 * with the status in the response. `what` names the request in messages
 * and must hold no secret. post_body NULL means GET. */
int sb_http_request(sb_http *h, sb_http_response *out, const char *url,
		    const char *post_body, const char *what);
void sb_http_response_dispose(sb_http_response *r);

/* The wait a Retry-After header value asks for, in seconds: a number of
 * seconds or an HTTP date (a date already past: 0). -1 when the value is
 * neither, or asks for a day or more. */
double sb_http_retry_after(const char *value, size_t len);

/* Percent-encode s for a query string or a form body. New string. */
char *sb_http_escape(const char *s);

/* "libcurl/7.88.1": the library part of the User-Agent. Borrowed. */
const char *sb_http_library(void);

#endif
