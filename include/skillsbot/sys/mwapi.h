/*
 * sys/mwapi.h - the pure parts of the API client, exposed for its unit
 * tests, its fuzzer and tools. Ordinary callers use skillsbot/mwapi.h.
 *
 * Nothing here does I/O: deciding what an answer means (success, retry,
 * re-login, fresh token, failure), the backoff schedule, scrubbing
 * secrets out of a request before it is logged, the continuation of a
 * query, and title normalisation from siteinfo.
 */
#ifndef SKILLSBOT_SYS_MWAPI_H
#define SKILLSBOT_SYS_MWAPI_H

#include <stdbool.h>
#include <stddef.h>

#include "skillsbot/buf.h"
#include "skillsbot/json.h"

/* ---- what the readers take from an answer ---- */

/* For the fuzzer: run the page, embedded-in and recent-changes readers
 * of a query over one answer, as they run over each answer, and map
 * `titles` back to pages as sb_mw_get_pages does; everything read is
 * freed again. SB_OK, or the error a reader refuses the answer with. */
int sb_mw_read_answer(const cJSON *root, const char *const *titles,
		      size_t n_titles);

/* ---- answers ---- */

enum sb_mw_verdict {
	SB_MW_DONE,      /* a JSON object without errors: use root */
	SB_MW_RETRY,     /* transient: wait (backoff, Retry-After) and retry */
	SB_MW_RELOGIN,   /* the session is gone: log in again, retry once */
	SB_MW_BADTOKEN,  /* the CSRF token is stale: fetch, retry once */
	SB_MW_FAIL       /* final: code and message are set */
};

typedef struct sb_mw_reply {
	int verdict;         /* enum sb_mw_verdict */
	int code;            /* SB_* when FAIL (and what giving up means) */
	cJSON *root;         /* owned; set when DONE */
	char *api_code;      /* the API's error code, when one came */
	char *api_text;
	double retry_after;  /* seconds the server asked for; -1 none */
	char *reason;        /* why RETRY, for the log: "maxlag: ..." */
} sb_mw_reply;

/* Read one HTTP answer. `what` names the request (no secret) in the
 * message set for FAIL. Never fails otherwise; `out` is always set. */
void sb_mw_decode(sb_mw_reply *out, long status, const char *content_type,
		  const char *body, size_t len, double retry_after,
		  const char *what);
void sb_mw_reply_dispose(sb_mw_reply *r);

/* ---- retries ---- */

#define SB_MW_BACKOFF_CAP 120.0

/* The wait before retry number `attempt` (0 for the first retry): `first`
 * doubled per attempt, capped at SB_MW_BACKOFF_CAP, times a jitter factor
 * in [0.75, 1.25) chosen by `u` in [0, 1), and never above the cap. */
double sb_mw_backoff(double first, unsigned attempt, double u);

/* ---- secrets ---- */

/* A copy of a "k=v&k2=v2" request with the value of every key that can
 * carry a secret (passwords, any *token) replaced by "***". */
char *sb_mw_scrub(const char *params);

/* ---- continuation ---- */

/* out = base followed by "&k=v" for every member of the API's
 * `continue` object (values escaped), so list, prop and generator
 * continuations are all carried over together. */
int sb_mw_continue_params(sb_buf *out, const char *base, const cJSON *cont);

/* ---- titles ---- */

typedef struct sb_mw_ns {
	int id;
	char *name;            /* local name; "" for the main namespace */
	char *canonical;       /* may be NULL */
	bool case_sensitive;   /* "case": "case-sensitive" */
} sb_mw_ns;

typedef struct sb_mw_ns_alias {
	int id;
	char *alias;
} sb_mw_ns_alias;

typedef struct sb_mw_site {
	sb_mw_ns *ns;
	size_t n_ns, cap_ns;
	sb_mw_ns_alias *aliases;
	size_t n_aliases, cap_aliases;
} sb_mw_site;

/* The namespaces every MediaWiki has, in English, first-letter case: what
 * titles normalise against before siteinfo has been read. */
void sb_mw_site_defaults(sb_mw_site *s);
void sb_mw_site_dispose(sb_mw_site *s);

/* Replace `s` with the namespaces of a siteinfo answer's "query" object
 * (siprop=general|namespaces|namespacealiases, formatversion=2). */
int sb_mw_site_parse(sb_mw_site *s, const cJSON *query, const char *what);

/* Normalise as Title::newFromText does: NFC, direction marks removed,
 * underscores and Unicode spaces to single spaces, trimmed, a leading
 * colon dropped, the namespace prefix matched case-insensitively against
 * names, canonical names and aliases and written in its local form, and
 * the first letter upper-cased unless the namespace is case-sensitive.
 * Returns a new string; ns_out may be NULL. */
char *sb_mw_site_normalize(const sb_mw_site *s, const char *title,
			   int *ns_out);

#endif
