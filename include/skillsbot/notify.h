/*
 * notify.h - talk-page messages for newly suggested connections and
 * cluster groups (issue 10), for people whose profile says notify = yes.
 *
 * One short message a person and cycle, as a new section
 * (action=edit&section=new) on "User talk:NAME": a paragraph for each
 * suggestion the person was not yet told about, in the language of the
 * profile's first language when it is one of the configured languages
 * (else the main one). Never twice: the store's notices journal keeps an
 * intent (committed before the edit) and a result (after it); an intent a
 * crash left without a result is settled by reading the talk page's
 * revisions (did our section land?), never by sending again. Never on a
 * talk page that excludes the bot ({{nobots}}, {{bots|deny=...}},
 * optout=skillsbot), nor for a username without an account (asked with
 * list=users; recorded, and listed as a problem each cycle). At most conf->notify_max_per_cycle messages a cycle;
 * the rest wait for the next cycle.
 *
 * Ownership: refs are borrowed for each call; a report's messages belong
 * to the report (sb_notif_report_dispose). Files: notify_msg.c (the text),
 * notify_send.c (who, the checks, the edits), notify_settle.c (crashes).
 */
#ifndef SKILLSBOT_NOTIFY_H
#define SKILLSBOT_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "skillsbot/buf.h"
#include "skillsbot/i18n.h"
#include "skillsbot/match.h"
#include "skillsbot/mwapi.h"
#include "skillsbot/record.h"
#include "skillsbot/siteconf.h"
#include "skillsbot/store.h"
#include "skillsbot/taxonomy.h"

typedef struct sb_notif_refs {
	sb_mw *mw;                   /* logged in */
	sb_store *store;
	const sb_siteconf *conf;
	const sb_taxonomy *tax;      /* skill labels; may be NULL */
	const char *datadir;         /* holds i18n/ */
	/* Called (may be NULL) inside the transaction that commits a
	 * message's intents, before them: the caller commits there what
	 * the message was made from (the sync cycle's connections), so
	 * the state knows it before the talk page shows it. An error
	 * rolls the intents back and nothing is sent. */
	int (*before_post)(void *ud);
	void *ud;
} sb_notif_refs;

typedef struct sb_notif_report {
	size_t sent;                 /* messages saved this cycle */
	size_t excluded;             /* talk pages that exclude the bot */
	size_t deferred;             /* messages over the cap: next cycle */
	size_t failed;               /* refused by the wiki; tried again later */
	size_t settled;              /* crash leftovers resolved */
	size_t no_account;           /* people whose username has no account */
	sb_strv messages;            /* one line each, for the operator */
	sb_strv problems;            /* for the organisers too (dashboard) */
} sb_notif_report;

void sb_notif_report_dispose(sb_notif_report *r);

/* One message to write: who gets it and about what. */
typedef struct sb_notif_item {
	bool cluster;                /* else a one-to-one connection */
	bool to_learner;             /* connection: the recipient learns */
	const char *recipient;
	const char *skill;           /* taxonomy id or text as written */
	const char *const *others;   /* the other person, or the other learners */
	size_t n_others;
	const char *const *languages;  /* common languages (codes) */
	size_t n_languages;
	const char *lang;            /* the message's language */
	bool to_host;                /* cluster: the recipient hosts it, and
				      * others are its learners */
	const char *host;            /* cluster, to a learner: its host (not
				      * among others); NULL: none yet */
} sb_notif_item;

/* The section title, the text (signed) and the edit summary of a
 * message. Editor values are escaped as on the generated pages. */
int sb_notif_compose(sb_buf *title, sb_buf *text, sb_buf *summary,
		     const sb_i18n *msgs, const sb_siteconf *conf,
		     const sb_taxonomy *tax, const sb_notif_item *it);

/* One section for n suggestions to the same person (in items[0].lang):
 * a greeting, a list item each, signed once, titled and summarised with
 * the count. n == 1 is sb_notif_compose's message. */
int sb_notif_compose_batch(sb_buf *title, sb_buf *text, sb_buf *summary,
			   const sb_i18n *msgs, const sb_siteconf *conf,
			   const sb_taxonomy *tax, const sb_notif_item *items,
			   size_t n);

/* The language to write to `p` in: its first language when configured,
 * else the main language. Borrowed from p or conf. */
const char *sb_notif_lang(const sb_profile *p, const sb_siteconf *conf);

/* Settle intents left without a result (call before sending). */
int sb_notif_settle(const sb_notif_refs *refs, sb_notif_report *rep);

/* Tell everyone who asked about the suggestions of `m` they were not yet
 * told about, within the cap. Page-level refusals are counted; only
 * failures that stop the cycle (network, store, login) are returned. */
int sb_notif_send(const sb_notif_refs *refs, const sb_records *recs,
		  const sb_match_result *m, sb_notif_report *rep);

#endif
