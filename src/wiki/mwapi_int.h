/* mwapi_int.h - what the API client's files share (mwapi.c: session and
 * requests; mwquery.c: reads; mwedit.c: writes). Not a public header. */
#ifndef SKILLSBOT_MWAPI_INT_H
#define SKILLSBOT_MWAPI_INT_H

#include "skillsbot/http.h"
#include "skillsbot/json.h"
#include "skillsbot/mwapi.h"
#include "skillsbot/sys/mwapi.h"

struct sb_mw {
	sb_mw_opts o;           /* strings below are our copies */
	char *api_url, *contact, *user, *assert_mode;
	char *password;         /* secret: wiped on free */
	char *oauth_token;      /* secret: wiped on free */
	sb_http *http;
	sb_mw_site site;
	bool have_site;
	char **rights;
	size_t n_rights;
	char *username;
	char *csrf;             /* secret: wiped when dropped */
	bool logged_in;
	bool in_login;          /* no re-login from inside a login */
	bool unavailable;       /* the last request gave up on its retries */
	sb_mw_stats stats;
	double last_edit;       /* monotonic seconds; 0 before the first */
	unsigned long long rng; /* jitter */
};

enum mw_call_kind { MW_READ, MW_WRITE, MW_LOGIN };

/* One API call with the common parameters, retries, re-login and (for
 * writes) the CSRF token appended. params: "action=...&..." escaped.
 * *out is the answer's root object on success. */
int mw_call(sb_mw *mw, const char *params, int kind, cJSON **out);

/* Seconds on a monotonic clock, and a sleep that survives signals but
 * the one asking to stop (opts.stop): false when that one ended it. */
double mw_now(void);
bool mw_sleep(const sb_mw *mw, double seconds);

/* Percent-encoded copy, for building params. */
char *mw_esc(const char *s);

#endif
