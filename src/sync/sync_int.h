/*
 * sync_int.h - what the sync cycle's files share; not for other modules.
 */
#ifndef SKILLSBOT_SYNC_INT_H
#define SKILLSBOT_SYNC_INT_H

#include "skillsbot/extract.h"
#include "skillsbot/mwapi.h"
#include "skillsbot/record.h"
#include "skillsbot/render.h"
#include "skillsbot/siteconf.h"
#include "skillsbot/store.h"
#include "skillsbot/sync.h"
#include "skillsbot/taxonomy.h"

/* An output page that someone other than the bot changed since the last
 * cycle, as recent changes told (for "who, when, diff" on the
 * dashboard). */
typedef struct sync_touch {
	char *title;
	char *user;
	char *timestamp;
	int64_t rev_id, old_rev_id;
} sync_touch;

/* What this cycle's pages are made from and the next cycle must know
 * once they show (docs/sync.md, "Which pairs are the previous ones"):
 * the connections with their "since" (also counted then among the pairs
 * ever suggested), and the source pages counted for the sanity gate.
 * The pairs' strings are borrowed from the cycle's records and match. */
typedef struct sync_shown {
	sb_store_pair *pairs;
	size_t n_pairs;
	size_t n_sources;
} sync_shown;

struct sb_sync {
	sb_mw *mw;
	sb_store *store;
	char *config_page;
	char *datadir;

	sb_siteconf conf;
	sb_taxonomy *tax;
	sb_extract_ctx *ectx;

	/* per cycle */
	const sb_sync_opts *opts;
	sb_sync_report *rep;
	bool conf_changed;           /* reload due: config or taxonomy edited */
	bool reloaded;               /* a new configuration or taxonomy */
	bool outputs_dirty;          /* something may change the outputs */
	bool late_dash;              /* dashboard lines found while writing
				      * (a person's edit found on a
				      * conflict, a new redirect) */
	size_t in_conflict;          /* pages left in edit conflict: the
				      * next cycle writes again */
	sb_strv dash;                /* this cycle's lines for the dashboard */
	sync_touch *touched;         /* output pages edited by others */
	size_t n_touched, cap_touched;
	struct cJSON *redirects;     /* pages now redirects: title -> target */
	bool redirects_dirty;        /* to be saved */
	const sync_shown *shown;     /* not committed yet (borrowed from the
				      * write phase's plan); NULL: nothing
				      * to commit */
};

/* sync_config.c: the organisers' page and the taxonomy. */
int sync_config_init(sb_sync *s);
int sync_config_reload(sb_sync *s, bool force);
bool sync_is_config_title(const sb_sync *s, const char *title);
/* Is `title` (normalised) one of the output pages, or a language subpage
 * or part of one? (Clinic pages are not.) */
bool sync_is_output_title(const sb_sync *s, const char *title);

/* sync_read.c: from the wiki into the store. */
int sync_read_full(sb_sync *s);
int sync_read_incremental(sb_sync *s, bool *need_full);

/* sync_write.c: write the generated sections back. */
int sync_write_all(sb_sync *s, const sb_records *recs);

/* Commit s->shown, once: called inside the transaction of each write's
 * intent (a page's journal intent, a talk-page message's), so that what
 * the wiki shows is known to the state before the wiki shows it, and a
 * cycle that writes nothing leaves the previous pairs as they were.
 * Forgotten once done: should the caller's transaction then fail, the
 * cycle fails with it, and commits nothing more. */
int sync_shown_commit(sb_sync *s);

/* Keep this cycle's people by region under its month (the dashboard's
 * participation over time). */
int sync_participation_put(sb_sync *s, const sb_records *recs);

/* sync_retire.c: append to the rendered outputs a note for every
 * (title, section) the bot wrote before and `out` no longer holds; they
 * come after the produced ones, with 0 rows. Sections named in
 * `keep_sections` (pages the render left out this cycle, NULL for none)
 * keep their last version and get no note. */
int sync_retire_append(sb_sync *s, sb_page_out **out, size_t *n_out,
		       const sb_strv *keep_sections);

/* sync_redirect.c: pages the bot writes that became redirects; they are
 * never written through, and listed on the dashboard while they last. */
int sync_redirects_load(sb_sync *s);
int sync_redirects_save(sb_sync *s);
void sync_redirects_free(sb_sync *s);
bool sync_redirect_known(const sb_sync *s, const char *title);
/* Note what a read found: `target` the page a redirect leads to, or NULL
 * for a page that is no redirect. True when that is news (logged). */
bool sync_redirect_note(sb_sync *s, const char *title, const char *target);
/* Forget the titles `produced` says the bot no longer writes. */
void sync_redirects_keep_only(sb_sync *s,
			      bool (*produced)(void *ud, const char *title),
			      void *ud);
/* One dashboard line per redirect, added to `out`. */
void sync_redirect_lines(sb_sync *s, sb_strv *out);

/* sync_journal.c: settle the intents a crash left behind. */
int sync_journal_settle(sb_sync *s);
/* Save through the journal: intent, edit, result. The result's commit
 * also says what became of the page's human edits still pending
 * (human_edits.outcome): replaced when saved, refused when the wiki
 * refused the edit for good (sync_edit_refused, or a conflict on the
 * last try). `last_try`: no read and save again follows a conflict. */
int sync_journal_edit(sb_sync *s, const struct sb_mw_edit *e, const char *text,
		      size_t len, const char *pending, bool last_try,
		      int64_t *new_rev_out);
/* Someone saved the page in between (edit conflict, created or deleted
 * since the read): read it again and splice, or try next cycle. */
bool sync_edit_conflict(int err);
/* The wiki refused the edit itself (a protected page, a block, an abuse
 * filter or captcha, another API error): reported, the page skipped
 * this cycle. */
bool sync_edit_refused(int err);

/* What became of a person's edit inside the bot's markers, for the
 * dashboard (sb_human_edit.outcome). */
#define SYNC_OUTCOME_REPLACED "the generated text replaced it"
#define SYNC_OUTCOME_REFUSED "the save was refused or skipped (why: the " \
	"line on this page below); the person's text is still there"

/* Apply a saved edit's section hashes (the "pending" JSON); a section
 * written, or found as it would be written, is no longer held back by
 * the sanity gate. */
int sync_apply_sections(sb_sync *s, const char *title, const char *pending);

/* The kv key of the source count a section the sanity gate holds back
 * is measured against (a new string). */
char *sync_held_key(const char *title, const char *section);

/* What the talk-page notifier needs from this run (notify.h). */
struct sb_notif_refs;
void sync_notif_refs(struct sb_notif_refs *out, sb_sync *s);

/* A line for the report (and the operator's log). */
void sync_message(sb_sync *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The same, and a line on the dashboard too (a page skipped, a save
 * refused): what organisers can act on. */
void sync_problem(sb_sync *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void sync_touch_free_all(sb_sync *s);

/* Do two titles name the same page on this wiki (case of the first
 * letter, underscores, namespace aliases)? */
bool sync_same_title(const sb_sync *s, const char *a, const char *b);

/* The outputs must be recomputed: say so in the store too (inside the
 * caller's transaction, if any), so a crash before they are written does
 * not forget it. */
int sync_mark_dirty(sb_sync *s);

#endif
