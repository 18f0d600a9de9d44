/*
 * notify_send.c - who is told about what, and telling them: one new
 * talk-page section a person and cycle (a paragraph a suggestion), behind
 * the journal, the exclusion templates and the per-cycle cap.
 */
#include "skillsbot/notify.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "skillsbot/bots.h"
#include "skillsbot/error.h"
#include "skillsbot/mem.h"

#include "notify_int.h"

/* Opt-out name for {{bots|optout=...}}. */
#define SB_NOTIF_MSGTYPE "skillsbot"

void sb_notif_report_dispose(sb_notif_report *r)
{
	sb_strv_dispose(&r->messages);
	sb_strv_dispose(&r->problems);
	memset(r, 0, sizeof(*r));
}

/* One person to tell about one suggestion. */
typedef struct cand {
	sb_notif_item it;
	const sb_profile *to;
	const char *learner, *sharer;   /* the journal's key, with skill */
	/* What the item points into: a cand is copied as the list grows,
	 * so tell() points its item here once the list is final. */
	const char *others[8];
	const char *langs[1];           /* a cluster's language */
} cand;

typedef struct sender {
	const sb_notif_refs *refs;
	sb_notif_report *rep;
	sb_i18n *msgs;
	sb_strv no_account;    /* recipients listed as without account */
} sender;

/* The namespace of user talk pages (the same on every MediaWiki). */
#define NS_USER_TALK 3

static void say(sb_notif_report *rep, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(sb_notif_report *rep, const char *fmt, ...)
{
	va_list ap;
	sb_buf b;

	sb_buf_init(&b, 4096);
	va_start(ap, fmt);
	sb_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	sb_strv_add(&rep->messages, sb_buf_str(&b));
	sb_buf_dispose(&b);
}

/* Not told, for good: `why` says why (the talk page excludes the bot,
 * or leads outside User talk). */
static int record_excluded(sender *s, const sb_notice *n, const char *why)
{
	int64_t id;
	int err;

	if ((err = sb_store_notice_intent(s->refs->store, &id, n)) < 0)
		return err;
	s->rep->excluded++;
	say(s->rep, "%s %s: %s is not told about %s", n->talk_page, why,
	    n->recipient, n->skill);
	return sb_store_notice_finish(s->refs->store, id, "excluded", 0);
}

/* A profile's username with no account: listed for the organisers once
 * a cycle, for as long as the profile keeps it. */
static void say_no_account(sender *s, const char *recipient)
{
	char *line;

	if (sb_strv_contains(&s->no_account, recipient))
		return;
	sb_strv_add(&s->no_account, recipient);
	line = sb_asprintf("User:%s has no account: is the profile's username "
			   "misspelt? Its talk-page messages are not sent",
			   recipient);
	sb_strv_add(&s->rep->problems, line);
	free(line);
}

/* The suggestions one person is told about in one section. */
typedef struct batch {
	cand *const *c;
	size_t n;
	sb_notice *notices;    /* one per suggestion: the journal's rows */
	int64_t *ids;
} batch;

/* The intents of a message, in one transaction with what the caller
 * commits before it (refs->before_post). */
static int commit_intents(sender *s, batch *b)
{
	sb_store *st = s->refs->store;
	int err;

	if ((err = sb_store_begin(st)) < 0)
		return err;
	if (s->refs->before_post)
		err = s->refs->before_post(s->refs->ud);
	for (size_t k = 0; k < b->n && err == SB_OK; k++)
		err = sb_store_notice_intent(st, &b->ids[k], &b->notices[k]);
	if (err == SB_OK)
		return sb_store_commit(st);
	sb_store_rollback(st);
	return err;
}

/* The edit, between the intents and their results. A refusal the wiki
 * answered drops the intents (nothing was saved; a later cycle tries
 * again); a failure with no answer leaves them pending for settling. */
static int post(sender *s, batch *b, const sb_buf *title, const sb_buf *text,
		const sb_buf *summary)
{
	struct sb_mw_edit e;
	sb_mw_edit_result res;
	const sb_notice *n = &b->notices[0];
	size_t k;
	int err;

	if ((err = commit_intents(s, b)) < 0)
		return err;
	memset(&e, 0, sizeof(e));
	memset(&res, 0, sizeof(res));
	e.title = n->talk_page;
	e.text = sb_buf_str(text);
	e.summary = sb_buf_str(summary);
	e.section = "new";
	e.sectiontitle = sb_buf_str(title);
	e.baserevid = n->base_rev;
	err = sb_mw_edit(s->refs->mw, &e, &res);
	if (err == SB_OK) {
		s->rep->sent++;
		for (k = 0; k < b->n && err == SB_OK; k++)
			err = sb_store_notice_finish(s->refs->store, b->ids[k],
						     "sent", res.new_rev_id);
	} else if (err == SB_ECONFLICT || err == SB_EDENIED ||
		   err == SB_EAPI || err == SB_EEXISTS ||
		   err == SB_ENOTFOUND) {
		s->rep->failed++;
		say(s->rep, "%s: message not saved (%s); tried again next "
		    "cycle", n->talk_page, sb_error_message());
		err = SB_OK;
		for (k = 0; k < b->n && err == SB_OK; k++)
			err = sb_store_notice_forget(s->refs->store, b->ids[k]);
	}
	sb_mw_edit_result_dispose(&res);
	return err;
}

/* Everything the journal keeps of suggestion k, on the talk page read. */
static void fill_notice(batch *b, size_t k, const char *talk_page,
			int64_t base_rev, const char *section_title)
{
	const cand *c = b->c[k];
	sb_notice *n = &b->notices[k];

	memset(n, 0, sizeof(*n));
	n->kind = (char *)(c->it.cluster ? "cluster" : "connection");
	n->learner = (char *)c->learner;
	n->sharer = (char *)c->sharer;
	n->skill = (char *)c->it.skill;
	n->recipient = (char *)c->it.recipient;
	n->talk_page = (char *)talk_page;
	n->base_rev = base_rev;
	n->section_title = (char *)section_title;
}

/* Not told: the username has no account (a message would create a
 * stray talk page). Recorded, so later cycles neither ask nor write
 * again until the profile names someone else. */
static int record_no_account(sender *s, batch *b)
{
	const char *recipient = b->c[0]->it.recipient;
	char *talk = sb_asprintf("User talk:%s", recipient);
	int64_t id;
	int err = SB_OK;

	s->rep->no_account++;
	say_no_account(s, recipient);
	for (size_t k = 0; k < b->n && err == SB_OK; k++) {
		fill_notice(b, k, talk, 0, "");
		if ((err = sb_store_notice_intent(s->refs->store, &id,
						  &b->notices[k])) == SB_OK)
			err = sb_store_notice_finish(s->refs->store, id,
						     "no account", 0);
	}
	free(talk);
	return err;
}

/* One section on the person's talk page for the suggestions of b; none
 * when the name has no account (no_account), unless its talk page
 * redirects (a renamed user: the message follows it). */
static int tell(sender *s, batch *b, bool no_account)
{
	const sb_notif_refs *r = s->refs;
	const char *recipient = b->c[0]->it.recipient;
	char *talk = sb_asprintf("User talk:%s", recipient);
	sb_notif_item *items = sb_calloc(b->n, sizeof(*items));
	sb_mw_page *pg = NULL;
	size_t n_pg = 0;
	sb_buf title, text, summary;
	bool read, excluded, elsewhere = false, redirected = false;
	const char *why;
	int err;

	sb_buf_init(&title, SB_BUF_UNLIMITED);
	sb_buf_init(&text, SB_BUF_UNLIMITED);
	sb_buf_init(&summary, SB_BUF_UNLIMITED);
	for (size_t k = 0; k < b->n; k++) {
		items[k] = b->c[k]->it;
		items[k].others = b->c[k]->others;
		if (items[k].cluster)
			items[k].languages = b->c[k]->langs;
	}
	if ((err = sb_mw_get_pages(r->mw, (const char *const *)&talk, 1,
				   &pg, &n_pg)) < 0)
		goto done;
	read = n_pg > 0 && !pg[0].missing;
	if (n_pg > 0 && pg[0].title) {
		/* A renamed user's talk page redirects: write where it
		 * leads (against the revision read there; a new page when
		 * nothing is there yet), but only on a user talk page: one
		 * redirected to an article is no place for a message. */
		redirected = pg[0].redirected;
		free(talk);
		talk = sb_strdup(pg[0].title);
		elsewhere = pg[0].ns != NS_USER_TALK;
	}
	if (no_account && !redirected) {
		err = record_no_account(s, b);
		goto done;
	}
	if ((err = sb_notif_compose_batch(&title, &text, &summary, s->msgs,
					  r->conf, r->tax, items, b->n)) < 0)
		goto done;
	for (size_t k = 0; k < b->n; k++)
		fill_notice(b, k, talk, read ? pg[0].rev_id : 0,
			    sb_buf_str(&title));
	excluded = read && pg[0].content &&
		!sb_bots_allowed_msg(pg[0].content, pg[0].content_len,
				     sb_mw_username(r->mw), SB_NOTIF_MSGTYPE);
	if (!excluded && !elsewhere) {
		err = post(s, b, &title, &text, &summary);
		goto done;
	}
	why = elsewhere ? "is where the user talk page leads, outside User talk"
			: "excludes the bot";
	for (size_t k = 0; k < b->n && err == SB_OK; k++)
		err = record_excluded(s, &b->notices[k], why);
done:
	sb_mw_pages_free(pg, n_pg);
	free(talk);
	free(items);
	sb_buf_dispose(&title);
	sb_buf_dispose(&text);
	sb_buf_dispose(&summary);
	return err;
}

/* The suggestions found this cycle that someone is to be told about. */
typedef struct cand_list {
	cand *v;
	size_t n, cap;
} cand_list;

/* Was c's person told of it under the key (learner, sharer)? A row
 * that says the account is missing is listed on the dashboard. */
static int told(sender *s, const cand *c, const char *learner,
		const char *sharer, bool *known)
{
	char *result = NULL;
	int err = sb_store_notice_result(s->refs->store, known, &result,
					 learner, sharer, c->it.skill,
					 c->it.recipient);

	if (err == SB_OK && result && strcmp(result, "no account") == 0)
		say_no_account(s, c->it.recipient);
	free(result);
	return err;
}

/* Keep c if its person asked to be told and was not told yet. */
static int consider(sender *s, cand_list *l, const cand *c)
{
	bool known;
	int err;

	if (!c->to->notify || !c->it.recipient)
		return SB_OK;
	if ((err = told(s, c, c->learner, c->sharer, &known)) < 0 || known)
		return err;
	SB_GROW(l->v, l->cap, l->n + 1);
	l->v[l->n++] = *c;
	return SB_OK;
}

/* Candidates by recipient, then in the order found (they lie in one
 * array, so their addresses give that order). */
static int cmp_by_recipient(const void *x, const void *y)
{
	const cand *a = *(const cand *const *)x, *b = *(const cand *const *)y;
	int d = strcmp(a->it.recipient, b->it.recipient);

	return d ? d : (a > b) - (a < b);
}

/* Runs of one recipient, by where each person first appears. */
static int cmp_run(const void *x, const void *y)
{
	const cand *a = **(const cand *const *const *)x;
	const cand *b = **(const cand *const *const *)y;

	return (a > b) - (a < b);
}

/* Which of the people of runs[from..to) have no account (missing[r]):
 * asked just before they are told, so a cycle that stops at the cap asks
 * about no more than it writes to (one request, usually). */
static int check_accounts(sender *s, cand ***runs, size_t from, size_t to,
			  bool *missing)
{
	const char *names[NOTIF_USERS_PER_REQUEST];

	for (size_t r = from; r < to; r++)
		names[r - from] = runs[r][0]->it.recipient;
	return notif_accounts_missing(s->refs->mw, names, to - from,
				      missing + from);
}

/* One section a person, in the order people first appear: several new
 * suggestions to the same person are one message, not a section each.
 * The cap counts messages. Grouped by sorting: a large directory's first
 * cycle has tens of thousands of suggestions. */
static int tell_everyone(sender *s, cand_list *l)
{
	cand **by = sb_calloc(l->n + 1, sizeof(*by));
	cand ***runs = sb_calloc(l->n + 1, sizeof(*runs));
	sb_notice *notices = sb_calloc(l->n + 1, sizeof(*notices));
	int64_t *ids = sb_calloc(l->n + 1, sizeof(*ids));
	size_t cap = s->refs->conf->notify_max_per_cycle > 0
		? (size_t)s->refs->conf->notify_max_per_cycle : 0;
	bool *missing = sb_calloc(l->n + 1, sizeof(*missing));
	size_t n_runs = 0, checked = 0;
	int err = SB_OK;

	for (size_t i = 0; i < l->n; i++)
		by[i] = &l->v[i];
	qsort(by, l->n, sizeof(*by), cmp_by_recipient);
	for (size_t i = 0; i < l->n; i++)
		if (i == 0 || strcmp(by[i]->it.recipient,
				     by[i - 1]->it.recipient) != 0)
			runs[n_runs++] = &by[i];
	qsort(runs, n_runs, sizeof(*runs), cmp_run);
	for (size_t r = 0; r < n_runs && err == SB_OK; r++) {
		batch b = {runs[r], 0, notices, ids};
		cand **end = by + l->n;

		while (runs[r] + b.n < end &&
		       strcmp(runs[r][b.n]->it.recipient,
			      runs[r][0]->it.recipient) == 0)
			b.n++;
		if (s->rep->sent + s->rep->failed >= cap) {
			s->rep->deferred++;
			continue;
		}
		if (r >= checked) {
			checked = r + NOTIF_USERS_PER_REQUEST < n_runs
				? r + NOTIF_USERS_PER_REQUEST : n_runs;
			if ((err = check_accounts(s, runs, r, checked,
						  missing)) < 0)
				break;
		}
		err = tell(s, &b, missing[r]);
	}
	free(missing);
	free(by);
	free(runs);
	free(notices);
	free(ids);
	return err;
}

static int connections(sender *s, cand_list *out, const sb_records *recs,
		       const sb_match_result *m)
{
	int err = SB_OK;

	for (size_t i = 0; i < m->n_connections && err == SB_OK; i++) {
		const sb_connection *k = &m->connections[i];
		const sb_profile *l = &recs->profiles[k->learner];
		const sb_profile *sh = &recs->profiles[k->sharer];

		for (int side = 0; side < 2 && err == SB_OK; side++) {
			cand c;

			memset(&c, 0, sizeof(c));
			c.to = side == 0 ? l : sh;
			c.learner = l->username;
			c.sharer = sh->username;
			c.others[0] = side == 0 ? sh->username : l->username;
			c.it.to_learner = side == 0;
			c.it.recipient = c.to->username;
			c.it.skill = k->skill;
			c.it.others = c.others;
			c.it.n_others = 1;
			c.it.languages = (const char *const *)k->languages;
			c.it.n_languages = k->n_languages;
			c.it.lang = sb_notif_lang(c.to, s->refs->conf);
			err = consider(s, out, &c);
		}
	}
	return err;
}

/* One member of cluster k to tell: its host (to_host, told about the
 * learners) or a learner (told about the other learners and the host).
 * A learner's key is (the learner, the host or ""): a learner is in one
 * group a skill. A host may host two groups of one skill, so the host's
 * key is (the group's first learner, the host). Before, it was (the
 * host, the host): such a row still stands for the host's first group
 * of the skill (`first_hosted`), so nobody is told of a group twice. */
static int cluster_member(sender *s, cand_list *l, const sb_records *recs,
			  const sb_cluster *k, const sb_profile *to,
			  bool to_host, bool first_hosted)
{
	const char *host = k->has_host ? recs->profiles[k->host].username
				       : NULL;
	cand c;
	size_t o = 0;
	bool known = false;
	int err;

	memset(&c, 0, sizeof(c));
	c.to = to;
	for (size_t q = 0; q < k->n_learners && o < 8; q++)
		if (&recs->profiles[k->learners[q]] != to)
			c.others[o++] = recs->profiles[k->learners[q]].username;
	c.langs[0] = k->language;
	c.learner = to_host ? recs->profiles[k->learners[0]].username
			    : to->username;
	c.sharer = host ? host : "";
	c.it.cluster = true;
	c.it.to_host = to_host;
	c.it.host = to_host ? NULL : host;
	c.it.recipient = to->username;
	c.it.skill = k->skill;
	c.it.n_others = o;
	c.it.n_languages = 1;
	c.it.lang = sb_notif_lang(to, s->refs->conf);
	if (to_host && first_hosted && to->notify &&
	    (err = told(s, &c, host, host, &known)) < 0)
		return err;
	return known ? SB_OK : consider(s, l, &c);
}

/* A hosted cluster: its host, skill and place among the clusters. */
typedef struct hosted {
	size_t host;
	const char *skill;
	size_t at;
} hosted;

static int cmp_host_skill(const hosted *a, const hosted *b)
{
	int d = (a->host > b->host) - (a->host < b->host);

	return d ? d : strcmp(a->skill, b->skill);
}

static int cmp_hosted(const void *x, const void *y)
{
	const hosted *a = x, *b = y;
	int d = cmp_host_skill(a, b);

	return d ? d : (a->at > b->at) - (a->at < b->at);
}

/* first[i]: cluster i is the first (in the result's order) that its host
 * hosts for its skill. Sorted once: a large directory has thousands of
 * groups. */
static bool *first_hosted(const sb_match_result *m)
{
	bool *first = sb_calloc(m->n_clusters + 1, sizeof(bool));
	hosted *v = sb_calloc(m->n_clusters + 1, sizeof(hosted));
	size_t n = 0;

	for (size_t i = 0; i < m->n_clusters; i++)
		if (m->clusters[i].has_host)
			v[n++] = (hosted){m->clusters[i].host,
					  m->clusters[i].skill, i};
	qsort(v, n, sizeof(*v), cmp_hosted);
	for (size_t i = 0; i < n; i++)
		first[v[i].at] = i == 0 || cmp_host_skill(&v[i], &v[i - 1]);
	free(v);
	return first;
}

static int clusters(sender *s, cand_list *l, const sb_records *recs,
		    const sb_match_result *m)
{
	bool *first = first_hosted(m);
	int err = SB_OK;

	for (size_t i = 0; i < m->n_clusters && err == SB_OK; i++) {
		const sb_cluster *k = &m->clusters[i];

		if (k->has_host)
			err = cluster_member(s, l, recs, k,
					     &recs->profiles[k->host], true,
					     first[i]);
		for (size_t j = 0; j < k->n_learners && err == SB_OK; j++)
			err = cluster_member(s, l, recs, k,
					     &recs->profiles[k->learners[j]],
					     false, false);
	}
	free(first);
	return err;
}

int sb_notif_send(const sb_notif_refs *refs, const sb_records *recs,
		  const sb_match_result *m, sb_notif_report *rep)
{
	sender s;
	cand_list l = {NULL, 0, 0};
	char *dir = sb_asprintf("%s/i18n", refs->datadir ? refs->datadir : ".");
	int err;

	memset(&s, 0, sizeof(s));
	s.refs = refs;
	s.rep = rep;
	if ((err = sb_i18n_load(&s.msgs, dir,
				(const char *const *)refs->conf->languages.v,
				refs->conf->languages.n)) < 0 ||
	    (err = connections(&s, &l, recs, m)) < 0 ||
	    (err = clusters(&s, &l, recs, m)) < 0 ||
	    (err = tell_everyone(&s, &l)) < 0)
		goto done;
	if (rep->deferred > 0)
		say(rep, "%zu talk-page messages wait for the next cycle (at "
		    "most %d a cycle)", rep->deferred,
		    refs->conf->notify_max_per_cycle);
	err = sb_store_kv_set(refs->store, "notify.pending",
			      rep->deferred > 0 ? "1" : "0");
done:
	free(l.v);
	sb_strv_dispose(&s.no_account);
	sb_i18n_free(s.msgs);
	free(dir);
	return err;
}
