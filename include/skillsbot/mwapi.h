/*
 * mwapi.h - the MediaWiki Action API client: the only module that talks to
 * the wiki (through http.h, the only module that includes curl).
 *
 * A well-mannered bot: descriptive User-Agent, maxlag, assert=bot on
 * writes, retries with backoff, edit throttling, no secret in any log.
 * Errors follow error.h; edit outcomes the caller acts on come back as
 * codes: SB_ECONFLICT (editconflict), SB_EEXISTS (articleexists),
 * SB_ENOTFOUND (missingtitle / pagedeleted), SB_EDENIED (protected,
 * blocked), SB_EAUTH (login or rights), SB_EAPI (any other API error; the
 * message carries the API's code and text).
 */
#ifndef SKILLSBOT_MWAPI_H
#define SKILLSBOT_MWAPI_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sb_mw sb_mw;

/* Zero fields take their defaults, except edit_delay: 0 means no gap (the
 * configuration passes its own default of 10); negative means 10.
 * Tests make retries fast with a small positive first_backoff. */
typedef struct sb_mw_opts {
	const char *api_url;      /* https://meta.wikimedia.org/w/api.php */
	const char *contact;      /* goes into the User-Agent; required */
	const char *user;         /* bot-password login name (Name@bot) */
	const char *password;     /* copied and kept only in memory */
	const char *oauth_token;  /* instead of user + password */
	const char *assert_mode;  /* "bot" (default) or "user" */
	int maxlag;               /* default 5 */
	double edit_delay;        /* seconds between edits; default 10 */
	int max_tries;            /* per request; default 6 */
	double max_retry_seconds; /* total wait per request; default 600 */
	double first_backoff;     /* seconds; default 5 */
	long timeout;             /* seconds per HTTP request; default 60 */
	/* Added by the API client's author (not in the first interface): */
	size_t max_response;      /* bytes per answer; default 64 MiB */
	/* Set (by a signal handler) when the program must stop: a wait
	 * between edits or before a retry then ends at once and its request
	 * is given up, so that stopping never waits for a throttle or a
	 * retry budget. NULL: never. */
	volatile sig_atomic_t *stop;
} sb_mw_opts;

typedef struct sb_mw_stats {
	unsigned long requests;
	unsigned long bytes_received;
	unsigned long retries;
	unsigned long edits;
} sb_mw_stats;

int sb_mw_new(sb_mw **out, const sb_mw_opts *opts);
void sb_mw_free(sb_mw *mw);

/* Log in (bot password or OAuth), read siteinfo and the account's rights.
 * Without a login (no user and no token) the client only reads. */
int sb_mw_login(sb_mw *mw);
bool sb_mw_has_right(const sb_mw *mw, const char *right);
/* Refuse (SB_EAUTH, clear message) unless the account may edit as a bot. */
int sb_mw_check_write_rights(const sb_mw *mw);
const char *sb_mw_username(const sb_mw *mw);
const sb_mw_stats *sb_mw_get_stats(const sb_mw *mw);

/* Title normalisation as this wiki does it (siteinfo namespaces, aliases,
 * case rules). Returns a new string; ns_out may be NULL. */
char *sb_mw_normalize_title(const sb_mw *mw, const char *title, int *ns_out);

typedef struct sb_mw_page {
	int64_t page_id;          /* 0 when missing */
	char *title;
	int ns;
	bool missing;
	int64_t rev_id;
	char *timestamp;          /* of the revision read */
	char *sha1;
	char *content;            /* main slot */
	size_t content_len;
	char *content_model;
	char *requested;          /* the title as asked, before normalisation/redirects */
	/* Added: the title asked is a redirect, which the read followed:
	 * everything above is the target's (title included, missing when
	 * the redirect leads nowhere). Never set for a read by id. */
	bool redirected;
} sb_mw_page;

void sb_mw_pages_free(sb_mw_page *pages, size_t n);

/* Current content of pages, batched (50, or 500 with apihighlimits). */
int sb_mw_get_pages(sb_mw *mw, const char *const *titles, size_t n,
		    sb_mw_page **out, size_t *n_out);
int sb_mw_get_pages_by_id(sb_mw *mw, const int64_t *ids, size_t n,
			  sb_mw_page **out, size_t *n_out);

/* Ids of every page that transcludes `tpl` (a title without namespace
 * prefix is taken in the Template namespace) (directly or via a redirect to
 * it), in any namespace, sorted. */
int sb_mw_embeddedin(sb_mw *mw, const char *tpl, int64_t **ids_out,
		     size_t *n_out);

typedef struct sb_mw_change {
	int64_t rcid;
	char *type;        /* edit, new, log */
	char *log_type;    /* delete, move, ... */
	char *log_action;
	char *title;
	int64_t page_id;
	int64_t rev_id;
	char *timestamp;
	char *new_title;   /* for moves */
	char *user;
	int64_t old_rev_id;
} sb_mw_change;

void sb_mw_changes_free(sb_mw_change *c, size_t n);

/* Recent changes after (since_ts, since_rcid), oldest first. */
int sb_mw_recentchanges(sb_mw *mw, const char *since_ts, int64_t since_rcid,
			sb_mw_change **out, size_t *n_out);

enum sb_mw_create { SB_MW_ANY = 0, SB_MW_NOCREATE, SB_MW_CREATEONLY };

/* The typedef cannot share the name of sb_mw_edit() (the first interface
 * had both, which does not compile): use `struct sb_mw_edit` or
 * sb_mw_edit_req. */
typedef struct sb_mw_edit {
	const char *title;
	const char *text;
	const char *summary;
	int64_t baserevid;         /* the revision read; 0 for a new page */
	const char *basetimestamp;
	const char *starttimestamp;
	int create;                /* enum sb_mw_create */
	bool minor;
	const char *section;       /* NULL, or "new" for a new talk section */
	const char *sectiontitle;
} sb_mw_edit_req;

typedef struct sb_mw_edit_result {
	int64_t new_rev_id;
	bool nochange;
	char *timestamp;
	/* Added: the wiki saved on top of a revision other than baserevid
	 * (MediaWiki merged a concurrent edit that touched other lines; the
	 * other edit is kept). Logged as a warning. */
	bool merged;
} sb_mw_edit_result;

/* Save e->text. baserevid/basetimestamp must be those of the revision the
 * caller read; the latest revision is checked first, so a page changed
 * since comes back as SB_ECONFLICT without any save. baserevid 0 makes the
 * edit createonly (except section "new"). Waits edit_delay since the last
 * edit. */
int sb_mw_edit(sb_mw *mw, const struct sb_mw_edit *e, sb_mw_edit_result *res);
void sb_mw_edit_result_dispose(sb_mw_edit_result *r);

/* Added: run a query to its end (every member of each answer's
 * `continue` goes into the next request, so generator + prop queries
 * lose nothing), calling fn with each answer's root object (borrowed;
 * read it with json.h). A negative return from fn stops and is returned.
 * params: "action=query&..." (escaped). */
struct cJSON;
typedef int (*sb_mw_each_fn)(void *ud, const struct cJSON *answer);
int sb_mw_query_each(sb_mw *mw, const char *params, sb_mw_each_fn fn,
		     void *ud);

/* A raw GET or POST (POST carries assert and the CSRF token: a write); the answer's JSON text is handed to the caller. For
 * what the typed calls above do not cover. params: "k=v&k2=v2" (escaped). */
int sb_mw_request(sb_mw *mw, const char *params, bool post, char **json_out);

#endif
