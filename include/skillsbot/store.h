/*
 * store.h - the bot's state in SQLite: the only module that includes
 * sqlite3.
 *
 * What it keeps: the source pages seen (id, title, revision, content hash)
 * and the records extracted from them (as record.h JSON, diagnostics
 * included); the connections suggested in earlier cycles (for the
 * stability bonus and so that nobody is notified twice); the
 * recent-changes cursor; the edit journal (an intent is committed before
 * every edit and its result after it); the hash of what the bot last wrote
 * into each generated section (to notice a human's edit inside it); human
 * edits found there; and small named values (the last good organisers'
 * configuration and taxonomy).
 *
 * The database runs in WAL mode with foreign keys and a busy timeout.
 * Its schema has a version (PRAGMA user_version); opening an older file
 * applies the forward migrations in order, each in one transaction.
 *
 * Every failure is a negative error.h code with a message naming the
 * database file; a full disk is SB_EIO saying so, and leaves the state as
 * it was before the failed transaction. Strings returned through `out`
 * parameters belong to the caller (free()).
 */
#ifndef SKILLSBOT_STORE_H
#define SKILLSBOT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "skillsbot/record.h"

/* The schema version this build writes. */
#define SB_STORE_VERSION 6

typedef struct sb_store sb_store;

/* Open (creating when missing) and migrate to SB_STORE_VERSION. A file
 * that is no state database or was written by a newer build is refused
 * with SB_EINVALID; one damaged inside (SQLite's quick_check, run here
 * once, before anything is written: it reads the whole file) with
 * SB_EDAMAGED, as is any later query that meets damage; one that cannot
 * be written (read-only file or filesystem) with SB_EIO. */
int sb_store_open(sb_store **out, const char *path);
/* Open and migrate only up to `version` (1..SB_STORE_VERSION): for the
 * migration tests, which build an old database and then upgrade it. */
int sb_store_open_at(sb_store **out, const char *path, int version);
/* An in-memory copy of the state at `path` (empty when the file does
 * not exist), for dry runs: whatever the cycle does to it is dropped at
 * close, and the file is left alone. */
int sb_store_open_snapshot(sb_store **out, const char *path);
/* Whether the existing file at `path` is a state sb_store_open would
 * accept: an SQLite database of schema SB_STORE_VERSION or older
 * (*version_out; 0 for an empty file), whose pages SQLite's quick_check
 * finds intact. For check-config: read-only, the file and its directory
 * are left as they were (no -wal or -shm is made). With sb_store_open's
 * message: SB_EINVALID for a file that is no state database or a newer
 * one, SB_EDAMAGED for a damaged one; SB_EIO when it cannot be read. */
int sb_store_check(const char *path, int *version_out);
void sb_store_close(sb_store *st);
int sb_store_version(const sb_store *st);

/* One transaction (BEGIN IMMEDIATE ... COMMIT). Calls below that write
 * several rows make themselves atomic, inside or outside one of these. */
int sb_store_begin(sb_store *st);
int sb_store_commit(sb_store *st);
void sb_store_rollback(sb_store *st);

/* For the full-disk test: cap the database at `pages` pages. */
int sb_store_limit_pages(sb_store *st, long pages);

/* --- source pages and their records --- */

typedef struct sb_store_page {
	int64_t page_id;
	char *title;
	int64_t rev_id;
	char *hash;       /* content hash, as given to sb_store_page_put */
} sb_store_page;

void sb_store_page_dispose(sb_store_page *p);

/* SB_ENOTFOUND when the page is not stored. */
int sb_store_page_get(sb_store *st, sb_store_page *out, int64_t page_id);
/* Store a page and replace its records with the records in `recs` whose
 * page_id is `page_id` (all of them when none has a page id). */
int sb_store_page_put(sb_store *st, int64_t page_id, const char *title,
		      int64_t rev_id, const char *hash, const sb_records *recs);
/* The id of the stored page titled `title`; SB_ENOTFOUND when none. */
int sb_store_page_find(sb_store *st, int64_t *id_out, const char *title);
/* How many records are stored. */
int sb_store_count_records(sb_store *st, size_t *out);
/* Forget a page and its records (no error when it was not there). */
int sb_store_page_delete(sb_store *st, int64_t page_id);
/* Every stored page id, ascending. */
int sb_store_page_ids(sb_store *st, int64_t **out, size_t *n_out);
/* Append every stored record to `out`, by page id then position. */
int sb_store_load_records(sb_store *st, sb_records *out);

/* --- the recent-changes cursor --- */

/* SB_ENOTFOUND when there is none yet (a full sync is due). */
int sb_store_cursor_get(sb_store *st, char **ts_out, int64_t *rcid_out);
int sb_store_cursor_set(sb_store *st, const char *ts, int64_t rcid);
int sb_store_cursor_clear(sb_store *st);

/* --- connections suggested in earlier cycles --- */

typedef struct sb_store_pair {
	char *learner;
	char *sharer;
	char *skill;
	bool notified;    /* the talk-page message was left */
	int64_t since;    /* the cycle that put the pair on the page (unix
			   * time), kept while the pair stays; 0 unknown */
} sb_store_pair;

void sb_store_pairs_free(sb_store_pair *pairs, size_t n);
/* The pairs of the last cycle, sorted by learner, skill, sharer. */
int sb_store_pairs_load(sb_store *st, sb_store_pair **out, size_t *n_out);
/* Make `pairs` the current set; a pair already known keeps its notified
 * flag and its `since`, a new one takes its `since`, a pair gone is
 * forgotten (it starts anew if it comes back). */
int sb_store_pairs_replace(sb_store *st, const sb_store_pair *pairs,
			   size_t n);
int sb_store_pair_set_notified(sb_store *st, const char *learner,
			       const char *sharer, const char *skill);

/* --- the edit journal --- */

typedef struct sb_journal_entry {
	int64_t id;
	char *title;
	int64_t base_rev;   /* 0 when the page was to be created */
	char *hash;         /* hash of the whole text we meant to save */
	int64_t started;    /* unix time */
	char *result;       /* NULL while pending; "saved", "nochange", ... */
	int64_t new_rev;
	int64_t finished;
} sb_journal_entry;

void sb_journal_entries_free(sb_journal_entry *e, size_t n);
/* Commit an intent: called before the edit request goes out. */
int sb_store_journal_intent(sb_store *st, int64_t *id_out, const char *title,
			    int64_t base_rev, const char *hash);
/* Record what happened to intent `id`. */
int sb_store_journal_finish(sb_store *st, int64_t id, const char *result,
			    int64_t new_rev);
/* The revision of the bot's last saved edit of `title`: 0 when the
 * journal has none. */
int sb_store_journal_last_saved(sb_store *st, const char *title,
				int64_t *rev_out);
/* Intents without a result (a crash between intent and result). */
int sb_store_journal_pending(sb_store *st, sb_journal_entry **out,
			     size_t *n_out);
/* The last `limit` entries, newest first. */
int sb_store_journal_recent(sb_store *st, size_t limit,
			    sb_journal_entry **out, size_t *n_out);

/* --- generated sections --- */

/* The hash and row count of what the bot last wrote into SECTION on
 * TITLE; SB_ENOTFOUND when it never wrote there. */
int sb_store_section_get(sb_store *st, const char *title,
			 const char *section, char **hash_out,
			 size_t *rows_out);
int sb_store_section_put(sb_store *st, const char *title,
			 const char *section, const char *hash, size_t rows);

/* Every (title, section) the bot wrote, ordered by title and section
 * (for retiring the ones a cycle no longer produces). */
typedef struct sb_store_section {
	char *title;
	char *section;
	char *hash;
	size_t rows;
} sb_store_section;

void sb_store_sections_free(sb_store_section *v, size_t n);
int sb_store_sections_list(sb_store *st, sb_store_section **out,
			   size_t *n_out);
/* Forget a section (its page or its markers are gone). */
int sb_store_section_delete(sb_store *st, const char *title,
			    const char *section);

/* A human edit found inside a generated section, before the bot
 * replaced it. */
typedef struct sb_human_edit {
	char *title;
	char *section;
	char *user;        /* may be NULL when unknown */
	char *timestamp;   /* of the revision, ISO 8601 */
	int64_t rev_id;    /* the revision read */
	int64_t old_rev_id; /* the bot's revision before, 0 when unknown */
	/* What became of it: NULL while the page's save is pending, then
	 * a phrase for the dashboard ("the generated text replaced it",
	 * "the save was refused: ..."); "" when not known. */
	char *outcome;
} sb_human_edit;

void sb_human_edits_free(sb_human_edit *h, size_t n);
int sb_store_human_edit_add(sb_store *st, const sb_human_edit *h);
/* Is the edit (title, section, rev_id) recorded already? If so it is
 * pending again: this save's outcome is the one the dashboard gives. */
int sb_store_human_edit_again(sb_store *st, const sb_human_edit *h,
			      bool *known_out);
/* Set the outcome of the page's human edits still pending; *n_out (may
 * be NULL): how many. */
int sb_store_human_edits_settle(sb_store *st, const char *title,
				const char *outcome, size_t *n_out);
/* The last `limit` ones, newest first. */
int sb_store_human_edits_recent(sb_store *st, size_t limit,
				sb_human_edit **out, size_t *n_out);

/* --- talk-page notices (store_notify.c) ---
 *
 * One row per (learner, sharer, skill, recipient): the intent is
 * committed before the section=new edit, the result after it, so a crash
 * in between leaves a row without a result that the next cycle settles by
 * looking at the talk page. For a cluster, sharer is its host ("" when it
 * has none) and learner the recipient. */

typedef struct sb_notice {
	int64_t id;
	char *kind;            /* "connection" or "cluster" */
	char *learner;
	char *sharer;
	char *skill;
	char *recipient;
	char *talk_page;
	char *section_title;
	int64_t base_rev;      /* the talk page's revision read; 0: none */
	char *result;          /* NULL while pending; "sent", "excluded",
				* "no account" */
	int64_t new_rev;
} sb_notice;

void sb_notices_free(sb_notice *n, size_t count);
/* Is there a row (pending or finished) for this notice? */
int sb_store_notice_known(sb_store *st, bool *out, const char *learner,
			  const char *sharer, const char *skill,
			  const char *recipient);
/* The same, and its result: *result_out is NULL when there is no row or
 * it has no result yet, else a new string ("sent", "excluded", ...). */
int sb_store_notice_result(sb_store *st, bool *known, char **result_out,
			   const char *learner, const char *sharer,
			   const char *skill, const char *recipient);
/* Commit an intent (its id goes to *id_out); SB_EEXISTS when known. */
int sb_store_notice_intent(sb_store *st, int64_t *id_out,
			   const sb_notice *n);
int sb_store_notice_finish(sb_store *st, int64_t id, const char *result,
			   int64_t new_rev);
/* Drop an intent whose edit surely did not happen (the API refused it),
 * so that a later cycle may try again. */
int sb_store_notice_forget(sb_store *st, int64_t id);
/* Intents without a result, oldest first. */
int sb_store_notice_pending(sb_store *st, sb_notice **out, size_t *n_out);
/* How many rows have this result. */
int sb_store_notice_count(sb_store *st, const char *result, size_t *out);

/* --- history for the evaluation figures (store_notify.c) --- */

/* Remember that a pair was suggested (once: the first time counts). */
int sb_store_suggested_add(sb_store *st, const char *learner,
			   const char *sharer, const char *skill,
			   int64_t now);
/* How many distinct pairs were ever suggested. */
int sb_store_suggested_count(sb_store *st, size_t *out);
/* The same, counting `pairs` too, which the table is not told of: what
 * the count will be once they are added (the dashboard of the cycle that
 * shows them says so before they are committed). `pairs` are distinct,
 * as a cycle's connections are. */
int sb_store_suggested_count_with(sb_store *st, const sb_store_pair *pairs,
				  size_t n, size_t *out);

typedef struct sb_participation {
	char *month;           /* "2026-11" */
	char *region;          /* "SSA", ..., or "" for unknown */
	long people;
} sb_participation;

void sb_participation_free(sb_participation *p, size_t n);
/* People in one region (borrowed strings; NULL region: unknown). */
typedef struct sb_region_people {
	const char *region;
	long people;
} sb_region_people;

/* Make `v` the figures of MONTH, in one transaction: the latest cycle of
 * a month wins whole, so a region nobody is left in loses its row (a
 * person who moved is counted in the new region only), and a failure
 * leaves the month's previous figures. Each region once in `v`. */
int sb_store_participation_replace(sb_store *st, const char *month,
				   const sb_region_people *v, size_t n);
/* Every row, by month then region. */
int sb_store_participation_load(sb_store *st, sb_participation **out,
				size_t *n_out);

/* --- small named values --- */

/* SB_ENOTFOUND when the key was never set. */
int sb_store_kv_get(sb_store *st, const char *key, char **out);
int sb_store_kv_set(sb_store *st, const char *key, const char *value);
/* No error when the key was not set. */
int sb_store_kv_delete(sb_store *st, const char *key);

/* --- one process at a time (store_lock.c) --- */

/* Whoever writes the state (`run`, `sync`) holds its lock for as long as
 * it runs, so that two never edit the wiki from one state. A dry run
 * reads a snapshot and needs none. */
typedef struct sb_store_lock sb_store_lock;

/* Lock the state at `path`: a POSIX record lock on the file "PATH.lock"
 * beside the real file (symlinks followed: one state has one lock,
 * whatever name leads to it, also a symlink to a state not created
 * yet), created when missing. The kernel drops it when the process ends,
 * also on a crash, so it is never left stale. SB_EBUSY when another process
 * holds it (the message names the state and that process's pid); SB_EIO
 * when the lock file cannot be created or locked. The lock belongs to the
 * process: lock one state once (see sb_store_lock_covers). */
int sb_store_lock_new(sb_store_lock **out, const char *path);
/* Whether `lock` is the lock of the state at `path` (the same lock file,
 * however it is named). NULL covers nothing. */
bool sb_store_lock_covers(const sb_store_lock *lock, const char *path);
/* Release it; NULL is fine. */
void sb_store_lock_free(sb_store_lock *lock);

#endif
