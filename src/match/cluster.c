/*
 * cluster.c - cluster groups from the requests one-to-one left unserved.
 *
 * Per skill (in skill order): the unserved requests whose learners accept
 * `cluster` and have room under the per-learner limit form a pool. While
 * some language is spoken by 3 or more learners left in the pool, take the
 * language spoken by the most (then the least code), and from its speakers
 * in the total order a group of 4, or of 3 when the number left is a
 * multiple of 3 (so 6 -> 3+3, 7 -> 4+3, 5 -> 4 and one left), passing over
 * a speaker who declined a member already taken (or was declined by one)
 * for the skill (starting from a later speaker when fewer than 3 would be
 * left); when no 3 can go together, the language gives no more groups for
 * this skill. The host is
 * the first sharer of the skill in the total order who accepts `cluster`,
 * is active, speaks the language, has capacity left after one-to-one and
 * was not declined by a member (or did not decline one) for the skill in
 * feedback; hosting uses one unit of capacity. A group without such a
 * sharer is still proposed, without a host.
 */
#include "match_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skillsbot/error.h"
#include "skillsbot/mem.h"

typedef struct pool {
	int *reqs;             /* request indexes, in the total order */
	bool *taken;
	size_t n;
	int **by_lang;         /* per language: positions in reqs */
	size_t *n_by_lang, *cap_by_lang, *next_by_lang;
	int *count;            /* speakers left, per language */
	int *langs;            /* languages touched */
	size_t n_langs;
	bool *blocked;         /* per language: no group can be formed */
	const sb_mpair *declined;  /* the context's: either way round */
	size_t n_declined;
} pool;

static bool cluster_learner(const sb_mctx *c, const sb_mrequest *q)
{
	const sb_mperson *p = &c->people[q->person];

	return q->served_by < 0 && !q->clustered &&
	       p->status == SB_STATUS_ACTIVE &&
	       (p->formats & SB_FMT_CLUSTER) &&
	       p->used_as_learner < c->max_per_learner;
}

static void pool_add(pool *P, const sb_mctx *c, int req)
{
	const sb_mperson *p = &c->people[c->reqs[req].person];
	size_t pos = P->n++;

	P->reqs[pos] = req;
	P->taken[pos] = false;
	for (size_t k = 0; k < p->n_langs; k++) {
		int l = p->langs[k];

		if (P->n_by_lang[l] == 0 && P->count[l] == 0)
			P->langs[P->n_langs++] = l;
		SB_GROW(P->by_lang[l], P->cap_by_lang[l], P->n_by_lang[l] + 1);
		P->by_lang[l][P->n_by_lang[l]++] = (int)pos;
		P->count[l]++;
	}
}

static int best_language(const pool *P)
{
	int best = -1;

	for (size_t i = 0; i < P->n_langs; i++) {
		int l = P->langs[i];

		if (P->count[l] >= 3 && !P->blocked[l] &&
		    (best < 0 || P->count[l] > P->count[best] ||
		     (P->count[l] == P->count[best] && l < best)))
			best = l;
	}
	return best;
}

/* Would one of the members (`reqs`: their requests for the skill) be
 * hosted by `sharer` against a declined pair? The declined pairs come
 * both ways round, so the member's own request finds either. */
static bool declined_by_member(const pool *P, int sharer, const int *reqs,
			       size_t n)
{
	for (size_t k = 0; k < n && P->n_declined; k++)
		if (sb_mpairs_has(P->declined, P->n_declined, reqs[k], sharer))
			return true;
	return false;
}

/* Did either learner decline the other for the skill (requests a, b)? */
static bool declined_learners(const sb_mctx *c, const pool *P, int a, int b)
{
	return P->n_declined &&
	       (sb_mpairs_has(P->declined, P->n_declined, a,
			      c->reqs[b].person) ||
		sb_mpairs_has(P->declined, P->n_declined, b,
			      c->reqs[a].person));
}

/* Up to `size` speakers of lang left in the pool from its i-th on, in
 * the total order, none of whom declined another: their positions in
 * pos[]; how many. */
static int pick_from(const sb_mctx *c, const pool *P, int lang, size_t i,
		     int size, int *pos)
{
	int n = 0;

	for (; i < P->n_by_lang[lang] && n < size; i++) {
		int p = P->by_lang[lang][i];
		bool ok = !P->taken[p];

		for (int k = 0; ok && k < n; k++)
			ok = !declined_learners(c, P, P->reqs[pos[k]],
						P->reqs[p]);
		if (ok)
			pos[n++] = p;
	}
	return n;
}

/* The group's members: from the first speaker left on, or when those
 * who declined each other leave fewer than 3, from a later one. */
static int pick_members(const sb_mctx *c, const pool *P, int lang, int size,
			int *pos)
{
	int n = 0;

	for (size_t i = P->next_by_lang[lang]; i < P->n_by_lang[lang]; i++) {
		if (P->taken[P->by_lang[lang][i]])
			continue;
		if ((n = pick_from(c, P, lang, i, size, pos)) >= 3 ||
		    !P->n_declined)
			break;
	}
	return n;
}

/* Who can still host: a skill's sharers, in the total order, that are
 * active, accept clusters and have capacity left after one-to-one. Most
 * sharers are full by then, and every group looks for a host. */
static size_t host_candidates(const sb_mctx *c, const int *sharers, size_t n,
			      int *out)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		const sb_mperson *s = &c->people[sharers[i]];

		if (s->status == SB_STATUS_ACTIVE &&
		    (s->formats & SB_FMT_CLUSTER) &&
		    s->used_as_sharer < s->capacity)
			out[k++] = sharers[i];
	}
	return k;
}

/* The first of the candidates (host_candidates) with capacity still left
 * who speaks the language, is not in the group and is not in a declined
 * pair with a member. */
static int find_host(sb_mctx *c, const pool *P, const int *hosts, size_t n,
		     int lang, const int *members, const int *reqs,
		     size_t n_members)
{
	for (size_t i = 0; i < n; i++) {
		const sb_mperson *s = &c->people[hosts[i]];
		bool member = false;

		for (size_t k = 0; k < n_members; k++)
			member |= members[k] == hosts[i];
		if (!member && s->used_as_sharer < s->capacity &&
		    !declined_by_member(P, hosts[i], reqs, n_members) &&
		    sb_mperson_speaks(s, lang))
			return hosts[i];
	}
	return -1;
}

static void take_group(sb_mctx *c, sb_match_result *r, pool *P, int lang,
		       int skill, const int *hosts, size_t n_hosts,
		       size_t *cap)
{
	int size = P->count[lang] % 3 == 0 ? 3 : 4;
	int members[4], reqs[4], pos[4];
	sb_cluster *g;
	int n = pick_members(c, P, lang, size, pos), host;

	if (n < 3) {
		P->blocked[lang] = true;
		return;
	}
	for (int i = 0; i < n; i++) {
		const sb_mperson *p = &c->people[c->reqs[P->reqs[pos[i]]].person];

		P->taken[pos[i]] = true;
		for (size_t k = 0; k < p->n_langs; k++)
			P->count[p->langs[k]]--;
		c->reqs[P->reqs[pos[i]]].clustered = true;
		reqs[i] = P->reqs[pos[i]];
		members[i] = c->reqs[P->reqs[pos[i]]].person;
	}
	while (P->next_by_lang[lang] < P->n_by_lang[lang] &&
	       P->taken[P->by_lang[lang][P->next_by_lang[lang]]])
		P->next_by_lang[lang]++;
	SB_GROW(r->clusters, *cap, r->n_clusters + 1);
	g = &r->clusters[r->n_clusters++];
	memset(g, 0, sizeof(*g));
	g->skill = sb_strdup(c->skills[skill].display);
	snprintf(g->language, sizeof(g->language), "%s", c->langs[lang]);
	g->learners = sb_calloc((size_t)n, sizeof(size_t));
	for (int i = 0; i < n; i++) {
		g->learners[g->n_learners++] = c->people[members[i]].prof;
		c->people[members[i]].used_as_learner++;
	}
	host = find_host(c, P, hosts, n_hosts, lang, members, reqs,
			 (size_t)n);
	if (host >= 0) {
		g->has_host = true;
		g->host = c->people[host].prof;
		c->people[host].used_as_sharer++;
	}
}

static void pool_reset(pool *P)
{
	for (size_t i = 0; i < P->n_langs; i++) {
		P->n_by_lang[P->langs[i]] = 0;
		P->next_by_lang[P->langs[i]] = 0;
		P->count[P->langs[i]] = 0;
		P->blocked[P->langs[i]] = false;
	}
	P->n_langs = 0;
	P->n = 0;
}

int sb_match_clusters(sb_mctx *c, sb_match_result *r)
{
	pool P;
	int *sharers;
	size_t *sh_start, cap = 0, i = 0;

	memset(&P, 0, sizeof(P));
	P.reqs = sb_calloc(c->n_reqs + 1, sizeof(int));
	P.taken = sb_calloc(c->n_reqs + 1, sizeof(bool));
	P.by_lang = sb_calloc(c->n_langs + 1, sizeof(int *));
	P.n_by_lang = sb_calloc(c->n_langs + 1, sizeof(size_t));
	P.cap_by_lang = sb_calloc(c->n_langs + 1, sizeof(size_t));
	P.next_by_lang = sb_calloc(c->n_langs + 1, sizeof(size_t));
	P.count = sb_calloc(c->n_langs + 1, sizeof(int));
	P.langs = sb_calloc(c->n_langs + 1, sizeof(int));
	P.blocked = sb_calloc(c->n_langs + 1, sizeof(bool));
	sb_mctx_sharers_by_skill(c, &sharers, &sh_start);
	P.declined = c->declined;
	P.n_declined = c->n_declined;

	/* Requests are ordered by person, not skill: collect each skill's
	 * pool with one pass over a skill-sorted index. */
	int *order = sb_calloc(c->n_reqs + 1, sizeof(int));
	size_t *start = sb_calloc(c->n_skills + 2, sizeof(size_t));
	size_t *fill = sb_calloc(c->n_skills + 1, sizeof(size_t));
	int *hosts = sb_calloc(c->n_people + 1, sizeof(int));

	for (i = 0; i < c->n_reqs; i++)
		start[c->reqs[i].skill + 1]++;
	for (size_t s = 0; s < c->n_skills; s++)
		start[s + 1] += start[s];
	memcpy(fill, start, sizeof(size_t) * c->n_skills);
	for (i = 0; i < c->n_reqs; i++)
		order[fill[c->reqs[i].skill]++] = (int)i;

	for (size_t s = 0; s < c->n_skills; s++) {
		size_t n_hosts;
		int lang;

		pool_reset(&P);
		for (size_t k = start[s]; k < start[s + 1]; k++)
			if (cluster_learner(c, &c->reqs[order[k]]))
				pool_add(&P, c, order[k]);
		if (best_language(&P) < 0)
			continue;
		n_hosts = host_candidates(c, sharers + sh_start[s],
					  sh_start[s + 1] - sh_start[s], hosts);
		while ((lang = best_language(&P)) >= 0)
			take_group(c, r, &P, lang, (int)s, hosts, n_hosts,
				   &cap);
	}
	for (i = 0; i < c->n_langs; i++)
		free(P.by_lang[i]);
	free(P.by_lang);
	free(P.n_by_lang);
	free(P.cap_by_lang);
	free(P.next_by_lang);
	free(P.count);
	free(P.langs);
	free(P.blocked);
	free(P.reqs);
	free(P.taken);
	free(order);
	free(start);
	free(fill);
	free(hosts);
	free(sharers);
	free(sh_start);
	return SB_OK;
}
