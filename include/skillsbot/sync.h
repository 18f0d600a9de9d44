/*
 * sync.h - one cycle of the bot: read what changed on the wiki into the
 * store, compute, and write the generated sections back.
 *
 * A cycle:
 *  1. settles edits a crash left unfinished (journal intents without a
 *     result) by reading the pages they were meant for;
 *  2. reads the source pages: a full sync (every page that embeds a
 *     source template) when asked, when there is no cursor, or when the
 *     recent-changes feed has a gap; otherwise only the pages that
 *     recent changes name. Each batch is stored in one transaction;
 *  3. reloads the organisers' configuration page and the taxonomy when
 *     they changed (a broken one keeps the last good one, and says so on
 *     the dashboard);
 *  4. matches and renders, then writes each output page whose sections
 *     changed: only between the markers, with baserevid, after a journal
 *     intent, behind the sanity gate; an edit conflict is retried once.
 *     A section written before and no longer produced (a part of a split
 *     page, a dropped language, a roster) is retired the same way: a
 *     short note replaces its stale content.
 *
 * A sync object borrows the API client and the store; it owns the
 * configuration, taxonomy and extraction context it loads.
 */
#ifndef SKILLSBOT_SYNC_H
#define SKILLSBOT_SYNC_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "skillsbot/mwapi.h"
#include "skillsbot/siteconf.h"
#include "skillsbot/store.h"

typedef struct sb_sync sb_sync;

typedef struct sb_sync_refs {
	sb_mw *mw;                 /* logged in (or read-only for dry runs) */
	sb_store *store;
	const char *config_page;   /* the organisers' page; NULL: defaults */
	const char *datadir;       /* layouts/, i18n/ */
} sb_sync_refs;

typedef struct sb_sync_opts {
	bool full;                 /* read every source page */
	bool dry_run;              /* print diffs to diff_out; edit nothing */
	FILE *diff_out;            /* default stdout */
	volatile sig_atomic_t *stop;  /* checked between edits; may be NULL */
	time_t now;                /* 0: time(NULL) */
} sb_sync_opts;

typedef struct sb_sync_report {
	bool full;                 /* a full sync was done */
	size_t pages_read;         /* source pages fetched */
	size_t pages_removed;      /* no longer a source page */
	size_t records;            /* records in the store after reading */
	size_t profiles;           /* of which profiles */
	size_t problems;           /* diagnostics in those records */
	size_t connections;        /* one-to-one connections suggested */
	size_t clusters;           /* cluster groups */
	size_t proposed_clinics;
	int wanted, served;        /* learners' requests (learner, skill), and how many served */
	size_t edits;              /* saved */
	size_t unchanged;          /* output pages left alone: same content */
	size_t skipped;            /* refused: markers, nobots, gate, conflict */
	size_t human_edits;        /* found inside generated sections */
	size_t notices;            /* talk-page messages left (notify.h) */
	unsigned long requests;    /* API requests this cycle */
	unsigned long bytes;       /* bytes received this cycle */
	sb_strv messages;          /* one line per thing an operator should see */
} sb_sync_report;

void sb_sync_report_dispose(sb_sync_report *r);

int sb_sync_new(sb_sync **out, const sb_sync_refs *refs);
void sb_sync_free(sb_sync *s);

/* One cycle. Errors that stop the cycle (network, store, auth) come back
 * as codes; problems with single pages are counted and listed in the
 * report and do not fail the cycle. */
int sb_sync_cycle(sb_sync *s, const sb_sync_opts *opts,
		  sb_sync_report *report);

/*
 * The sanity gate: may a section go from old_rows to new_rows while the
 * data behind the outputs (the cycle passes the number of source pages it
 * knows) went from old_records to new_records? No when it would lose more
 * than max_loss of its rows while the data shrank by less than half that
 * share: what a partial read, a failed request or mass vandalism looks
 * like. Losing at most SB_GATE_FREE_ROWS rows is always allowed.
 */
#define SB_GATE_FREE_ROWS 2
bool sb_sync_gate_allows(size_t old_rows, size_t new_rows,
			 size_t old_records, size_t new_records,
			 double max_loss);

/*
 * The same for a section no longer produced (retired: every row goes).
 * That is what a change on the wiki asks for (a language dropped from the
 * configuration, a clinic over, a page that needs fewer parts), so it is
 * allowed while the source pages did not shrink by more than max_loss;
 * when they did, as a cut-short read would, the rule above decides.
 */
bool sb_sync_gate_allows_retire(size_t old_rows, size_t old_records,
				size_t new_records, double max_loss);

#endif
