/*
 * connect.c - one-to-one connections as an exact min-cost max-flow.
 *
 * The network (docs/matching.md has the proof that it is exact):
 *
 *   source -> learner (cap: per-learner limit; only when it can bind)
 *          -> request (learner, skill) (cap 1)
 *   source -> class of pooled, interchangeable requests (cap: its size)
 *   request or class -> per (skill, language, track): the clock node of
 *          its offset and region hubs, or direct arcs in a small track
 *          -> sharer -> sink (one arc a unit of capacity, costs rising)
 *
 * Going through language L needs both people to speak L, so the hard
 * language rule holds by construction. Track "high" is open only to
 * people at level 3+ in L and costs nothing; track "any" costs the
 * language weight: the cheaper route is the pair's language cost. Along
 * the clock cycle the cheapest way between two offsets is the shortest way
 * round, i.e. the pair's time cost; people without a known offset go
 * through region hubs (0 within one region, the half cost through the
 * "any" hubs XU and XK) instead. So the cheapest route from a request to a
 * sharer costs exactly the pair's cost, and the network has
 * O(requests + sharers) arcs instead of O(requests x sharers).
 *
 * Pairs from the previous cycle get their own arc, request -> sharer, at
 * the pair cost minus the stability bonus; every request's first arc
 * carries the bonus as a shift so that no arc costs less than 0 (every
 * unit of flow pays the shift once, so the optimum does not move).
 */
#include "match_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mcf.h"
#include "skillsbot/error.h"
#include "skillsbot/mem.h"

/* A track of nl entrants and ns sharers gets direct arcs when
 * nl * ns <= DIRECT_FACTOR * (nl + ns) + DIRECT_EXTRA (measured). */
#ifndef DIRECT_FACTOR
#define DIRECT_FACTOR 6
#endif
#ifndef DIRECT_EXTRA
#define DIRECT_EXTRA 64
#endif

enum { TRACK_ANY = 0, TRACK_HIGH = 1 };
enum { K_C = 1, K_RK, K_RU, K_XK, K_XU };

/* An open-addressing map from a 64-bit key to a node, cleared per track. */
typedef struct nodemap {
	uint64_t *keys;
	int *vals;
	size_t cap;            /* power of two */
	size_t n;
	size_t *used;          /* slots to clear */
} nodemap;

static void nodemap_init(nodemap *m, size_t cap)
{
	m->cap = cap;
	m->n = 0;
	m->keys = sb_calloc(cap, sizeof(uint64_t));
	m->vals = sb_calloc(cap, sizeof(int));
	m->used = sb_calloc(cap, sizeof(size_t));
}

static void nodemap_dispose(nodemap *m)
{
	free(m->keys);
	free(m->vals);
	free(m->used);
}

static void nodemap_clear(nodemap *m)
{
	for (size_t i = 0; i < m->n; i++)
		m->keys[m->used[i]] = 0;
	m->n = 0;
}

static void nodemap_grow(nodemap *m);

/* Slot of key; keys are never 0. */
static size_t nodemap_slot(const nodemap *m, uint64_t key)
{
	size_t i = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & (m->cap - 1);

	while (m->keys[i] && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static int nodemap_get(const nodemap *m, uint64_t key)
{
	size_t i = nodemap_slot(m, key);

	return m->keys[i] ? m->vals[i] : -1;
}

static void nodemap_put(nodemap *m, uint64_t key, int node)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap)
		nodemap_grow(m);
	i = nodemap_slot(m, key);
	m->keys[i] = key;
	m->vals[i] = node;
	m->used[m->n++] = i;
}

static void nodemap_grow(nodemap *m)
{
	nodemap big;

	nodemap_init(&big, m->cap * 2);
	for (size_t i = 0; i < m->n; i++)
		nodemap_put(&big, m->keys[m->used[i]], m->vals[m->used[i]]);
	nodemap_dispose(m);
	*m = big;
}

static uint64_t mkey(int kind, int has, int off, int region)
{
	return ((uint64_t)kind << 48) | ((uint64_t)(has & 1) << 44) |
	       ((uint64_t)(off + 2000) << 16) | (uint64_t)(region + 1);
}

/* A participant of one (skill, language) group. */
typedef struct member {
	int idx;               /* request or person index */
	int count;             /* requests a learner class stands for; 1 */
	bool high;
} member;

typedef struct member_vec {
	member *v;
	size_t n, cap;
} member_vec;


typedef struct net {
	sb_mctx *c;
	sb_mcf *g;
	int src, sink;
	int *req_node;         /* per request, -1 when not in the network;
				* the class node for pooled requests */
	bool *pooled;          /* per request: served through a class node */
	int *sharer_node;      /* per person, -1 */
	int64_t shift;
	int track_cap;          /* requests entering the current track */
	nodemap map;
	int *offsets;          /* C nodes of the current track */
	size_t n_offsets, cap_offsets;
	member_vec *lbucket, *sbucket;  /* per language */
	/* the current track: regions of sharers, of unknown-offset ones,
	 * of unknown-offset learners (see track_flags) */
	bool *sh_reg, *sh_unknown_reg, *ln_unknown_reg;
	bool sh_unknown_any;
	int *touched_langs;
	size_t n_touched;
	/* the current (skill, language): someone at a low level on each
	 * side? (see in_track) */
	bool any_low_l, any_low_s;
} net;

/* Who takes part in a track. The "high" track: people at a high level
 * on both sides. The "any" track: everyone, except that two people at a
 * high level always have the high track, free where "any" costs the
 * language weight, so a high learner enters "any" only when some sharer
 * is low, and a high sharer leaves it only when some learner is low. */
static bool in_track(const net *N, const member *m, int track, bool learner)
{
	if (track == TRACK_HIGH)
		return m->high;
	return !m->high || (learner ? N->any_low_s : N->any_low_l);
}

static int hub(net *N, uint64_t key)
{
	int v = nodemap_get(&N->map, key);

	if (v < 0) {
		v = sb_mcf_add_node(N->g);
		nodemap_put(&N->map, key, v);
	}
	return v;
}

/* Offsets run from -12:00 to +14:00: the clock works modulo a day. */
static int clock_node(net *N, int raw)
{
	int off = (raw % 1440 + 1440) % 1440;
	uint64_t key = mkey(K_C, 1, off, -1);
	int v = nodemap_get(&N->map, key);

	if (v < 0) {
		v = hub(N, key);
		SB_GROW(N->offsets, N->cap_offsets, N->n_offsets + 1);
		N->offsets[N->n_offsets++] = off;
	}
	return v;
}

/* Region hub pair: the unknown-offset side leads into the known one. */
static int region_hub(net *N, int kind, int region)
{
	bool by_region = kind == K_RK || kind == K_RU;
	uint64_t kk = mkey(by_region ? K_RK : K_XK, 0, 0, region);
	uint64_t ku = mkey(by_region ? K_RU : K_XU, 0, 0, region);
	int known = nodemap_get(&N->map, kk), unknown;

	if (kind == K_RK || kind == K_XK)
		return known >= 0 ? known : hub(N, kk);
	unknown = nodemap_get(&N->map, ku);
	if (unknown < 0) {
		if (known < 0)
			known = hub(N, kk);
		unknown = hub(N, ku);
		sb_mcf_add_arc(N->g, unknown, known, N->track_cap, 0);
	}
	return unknown;
}

/* Who is on each side of the current track without a known offset, and
 * in which regions: which hubs can lead anywhere. */
static void track_flags(net *N, const member_vec *ls, const member_vec *ss,
			int track)
{
	const sb_mctx *c = N->c;

	memset(N->sh_reg, 0, (c->n_regions + 1) * sizeof(bool));
	memset(N->sh_unknown_reg, 0, (c->n_regions + 1) * sizeof(bool));
	memset(N->ln_unknown_reg, 0, (c->n_regions + 1) * sizeof(bool));
	N->sh_unknown_any = false;
	for (size_t i = 0; i < ss->n; i++) {
		const sb_mperson *p = &c->people[ss->v[i].idx];

		if (!in_track(N, &ss->v[i], track, false))
			continue;
		if (p->region >= 0)
			N->sh_reg[p->region] = true;
		if (!p->has_offset) {
			N->sh_unknown_any = true;
			if (p->region >= 0)
				N->sh_unknown_reg[p->region] = true;
		}
	}
	for (size_t i = 0; i < ls->n; i++) {
		const sb_mperson *p = &c->people[c->reqs[ls->v[i].idx].person];

		if (!in_track(N, &ls->v[i], track, true) || p->has_offset)
			continue;
		if (p->region >= 0)
			N->ln_unknown_reg[p->region] = true;
	}
}

static int cmp_int(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;

	return (a > b) - (a < b);
}

/* Close the clock: consecutive offsets both ways, and the wrap-around.
 * Then the "any" hubs: an unknown-offset learner (who paid the half cost
 * on entering XU) reaches every offset at 0; every offset reaches XK,
 * the unknown-offset sharers, at the half cost. */
static void close_clock(net *N)
{
	int64_t w = N->c->w.time_per_min;
	size_t n = N->n_offsets;
	int xu = nodemap_get(&N->map, mkey(K_XU, 0, 0, -1));
	int xk = nodemap_get(&N->map, mkey(K_XK, 0, 0, -1));

	if (n > 1)
		qsort(N->offsets, n, sizeof(int), cmp_int);
	for (size_t i = 0; i < n; i++) {
		int c = nodemap_get(&N->map, mkey(K_C, 1, N->offsets[i], -1));

		if (xu >= 0)
			sb_mcf_add_arc(N->g, xu, c, N->track_cap, 0);
		if (xk >= 0 && N->sh_unknown_any)
			sb_mcf_add_arc(N->g, c, xk, N->track_cap,
				       N->c->w.time_half);
	}
	if (n < 2)
		return;
	for (size_t i = 0; i < n; i++) {
		int a = N->offsets[i], b = N->offsets[(i + 1) % n];
		int gap = i + 1 < n ? b - a : b + 1440 - a;
		int na = nodemap_get(&N->map, mkey(K_C, 1, a, -1));
		int nb = nodemap_get(&N->map, mkey(K_C, 1, b, -1));

		sb_mcf_add_arc(N->g, na, nb, N->track_cap, w * gap);
		sb_mcf_add_arc(N->g, nb, na, N->track_cap, w * gap);
	}
}

/* The time part of a pair's cost (as sb_mpair_cost). */
static int64_t time_cost(const sb_mctx *c, const sb_mperson *l,
			 const sb_mperson *s)
{
	if (l->has_offset && s->has_offset)
		return c->w.time_per_min * sb_moffset_distance(l->offset, s->offset);
	if (l->region >= 0 && l->region == s->region)
		return 0;
	return c->w.time_half;
}

/* A small track needs no hubs: an arc from each entrant to each sharer,
 * at the track's language cost plus the pair's time cost, is what the
 * cheapest route through the hubs would cost, with fewer nodes and arcs.
 * Worth it while the pairs are not many more than the hubs' arcs. */
static bool build_track_direct(net *N, const member_vec *ls,
			       const member_vec *ss, int track, int64_t entry)
{
	sb_mctx *c = N->c;
	size_t nl = 0, ns = 0;

	for (size_t i = 0; i < ls->n; i++)
		nl += in_track(N, &ls->v[i], track, true);
	for (size_t i = 0; i < ss->n; i++)
		ns += in_track(N, &ss->v[i], track, false);
	if (c->in->hubs_only ||
	    nl * ns > DIRECT_FACTOR * (nl + ns) + DIRECT_EXTRA)
		return false;
	for (size_t i = 0; i < ls->n; i++) {
		const sb_mperson *l = &c->people[c->reqs[ls->v[i].idx].person];

		if (!in_track(N, &ls->v[i], track, true))
			continue;
		for (size_t k = 0; k < ss->n; k++) {
			const sb_mperson *p = &c->people[ss->v[k].idx];
			int cap = ls->v[i].count < p->capacity ? ls->v[i].count
							       : p->capacity;

			if (!in_track(N, &ss->v[k], track, false))
				continue;
			sb_mcf_add_arc(N->g, N->req_node[ls->v[i].idx],
				       N->sharer_node[ss->v[k].idx], cap,
				       entry + time_cost(c, l, p));
		}
	}
	return true;
}

/* A learner of the current track enters: a known offset at its clock
 * node, and at the region hub RK when an unknown-offset sharer of the
 * region is there (0 between them); an unknown offset at the region hub
 * RU when a sharer of the region is there, and at XU for the half cost. */
static void enter(net *N, int from, int count, const sb_mperson *p,
		  int64_t entry)
{
	if (p->has_offset) {
		sb_mcf_add_arc(N->g, from, clock_node(N, p->offset), count, entry);
		if (p->region >= 0 && N->sh_unknown_reg[p->region])
			sb_mcf_add_arc(N->g, from, region_hub(N, K_RK, p->region),
				       count, entry);
		return;
	}
	if (p->region >= 0 && N->sh_reg[p->region])
		sb_mcf_add_arc(N->g, from, region_hub(N, K_RU, p->region), count,
			       entry);
	sb_mcf_add_arc(N->g, from, region_hub(N, K_XU, -1), count,
		       entry + N->c->w.time_half);
}

/* A sharer of the current track is reached from their clock node and
 * from RU of their region (known offset), or from RK of their region and
 * XK (unknown offset). */
static void leave(net *N, int to, const sb_mperson *p)
{
	int cap = p->capacity < N->track_cap ? p->capacity : N->track_cap;
	int h;

	if (p->has_offset) {
		sb_mcf_add_arc(N->g, clock_node(N, p->offset), to, cap, 0);
		if (p->region >= 0 && N->ln_unknown_reg[p->region] &&
		    (h = nodemap_get(&N->map, mkey(K_RU, 0, 0, p->region))) >= 0)
			sb_mcf_add_arc(N->g, h, to, cap, 0);
		return;
	}
	if (p->region >= 0 &&
	    (h = nodemap_get(&N->map, mkey(K_RK, 0, 0, p->region))) >= 0)
		sb_mcf_add_arc(N->g, h, to, cap, 0);
	sb_mcf_add_arc(N->g, region_hub(N, K_XK, -1), to, cap, 0);
}

/* One (skill, language, track): learners enter, sharers leave. */
static void build_track(net *N, const member_vec *ls, const member_vec *ss,
			int track)
{
	sb_mctx *c = N->c;
	int64_t entry = N->shift + (track == TRACK_ANY ? c->w.lang : 0);

	if (build_track_direct(N, ls, ss, track, entry))
		return;
	/* Entries first, so that the sharers' exits see every hub that a
	 * learner can reach. */
	nodemap_clear(&N->map);
	N->n_offsets = 0;
	/* No arc inside a track carries more than the requests entering it:
	 * tight capacities keep the solver's saturating pushes small. */
	N->track_cap = 0;
	for (size_t i = 0; i < ls->n; i++)
		if (in_track(N, &ls->v[i], track, true))
			N->track_cap += ls->v[i].count;
	track_flags(N, ls, ss, track);
	for (size_t i = 0; i < ls->n; i++) {
		const sb_mrequest *r = &c->reqs[ls->v[i].idx];

		if (!in_track(N, &ls->v[i], track, true))
			continue;
		enter(N, N->req_node[ls->v[i].idx], ls->v[i].count,
		      &c->people[r->person], entry);
	}
	for (size_t i = 0; i < ss->n; i++) {
		if (!in_track(N, &ss->v[i], track, false))
			continue;
		leave(N, N->sharer_node[ss->v[i].idx], &c->people[ss->v[i].idx]);
	}
	close_clock(N);
}

static void vec_add(member_vec *v, int idx, int count, bool high)
{
	SB_GROW(v->v, v->cap, v->n + 1);
	v->v[v->n].idx = idx;
	v->v[v->n].count = count;
	v->v[v->n].high = high;
	v->n++;
}

/* Learner -> every other sharer of the skill but those declined, each
 * pair its own arc. */
static void build_direct(net *N, int req, const int *sharers, size_t n)
{
	sb_mctx *c = N->c;
	const sb_mrequest *r = &c->reqs[req];
	int64_t cost;

	for (size_t i = 0; i < n; i++) {
		if (sharers[i] == r->person ||
		    sb_mpairs_has(c->declined, c->n_declined, req, sharers[i]) ||
		    !sb_mpair_cost(c, &c->people[r->person],
				   &c->people[sharers[i]], &cost))
			continue;
		sb_mcf_add_arc(N->g, N->req_node[req],
			       N->sharer_node[sharers[i]], 1, N->shift + cost);
	}
}

/* reqs[i] enters for counts[i] requests (a class of pooled requests is
 * entered once, by its first member). */
static void build_skill(net *N, const int *reqs, const int *counts, size_t nr,
			const int *sharers, size_t ns)
{
	sb_mctx *c = N->c;
	bool any_high_l, any_high_s;

	N->n_touched = 0;
	for (size_t i = 0; i < nr; i++) {
		const sb_mrequest *r = &c->reqs[reqs[i]];
		const sb_mperson *p = &c->people[r->person];

		/* The hubs reach every sharer of the skill: not for a
		 * learner who shares it too, or who declined one of them. */
		if ((N->sharer_node[r->person] >= 0 && r->self_share) ||
		    sb_mpairs_has_req(c->declined, c->n_declined, reqs[i])) {
			build_direct(N, reqs[i], sharers, ns);
			continue;
		}
		for (size_t k = 0; k < p->n_langs; k++) {
			if (!N->lbucket[p->langs[k]].n &&
			    !N->sbucket[p->langs[k]].n)
				N->touched_langs[N->n_touched++] = p->langs[k];
			vec_add(&N->lbucket[p->langs[k]], reqs[i], counts[i],
				p->high[k]);
		}
	}
	for (size_t i = 0; i < ns; i++) {
		const sb_mperson *p = &c->people[sharers[i]];

		for (size_t k = 0; k < p->n_langs; k++) {
			if (!N->lbucket[p->langs[k]].n &&
			    !N->sbucket[p->langs[k]].n)
				N->touched_langs[N->n_touched++] = p->langs[k];
			vec_add(&N->sbucket[p->langs[k]], sharers[i], 1,
				p->high[k]);
		}
	}
	qsort(N->touched_langs, N->n_touched, sizeof(int), cmp_int);
	for (size_t t = 0; t < N->n_touched; t++) {
		member_vec *ls = &N->lbucket[N->touched_langs[t]];
		member_vec *ss = &N->sbucket[N->touched_langs[t]];

		if (ls->n && ss->n) {
			any_high_l = any_high_s = false;
			N->any_low_l = N->any_low_s = false;
			for (size_t i = 0; i < ls->n; i++) {
				any_high_l |= ls->v[i].high;
				N->any_low_l |= !ls->v[i].high;
			}
			for (size_t i = 0; i < ss->n; i++) {
				any_high_s |= ss->v[i].high;
				N->any_low_s |= !ss->v[i].high;
			}
			build_track(N, ls, ss, TRACK_ANY);
			if (any_high_l && any_high_s)
				build_track(N, ls, ss, TRACK_HIGH);
		}
		ls->n = 0;
		ss->n = 0;
	}
}

/* Bucket a list of (skill, item) by skill: start[s]..start[s+1]. */
static void bucket_by_skill(int **items_out, size_t **start_out,
			    size_t n_skills, const int *skill, const int *item,
			    size_t n)
{
	size_t *start = sb_calloc(n_skills + 2, sizeof(size_t));
	size_t *fill = sb_calloc(n_skills + 1, sizeof(size_t));
	int *items = sb_calloc(n + 1, sizeof(int));

	for (size_t i = 0; i < n; i++)
		start[skill[i] + 1]++;
	for (size_t s = 0; s < n_skills; s++)
		start[s + 1] += start[s];
	memcpy(fill, start, sizeof(size_t) * n_skills);
	for (size_t i = 0; i < n; i++)
		items[fill[skill[i]]++] = item[i];
	free(fill);
	*items_out = items;
	*start_out = start;
}

static bool sharer_eligible(const sb_mperson *p)
{
	return sb_mperson_one_to_one(p) && p->capacity > 0 && p->n_share > 0;
}

/* Can request i go into a class of interchangeable requests? Only when
 * nothing tells its learner apart from others with the same languages
 * and time: the learner's limit cannot bind (no more requests than the
 * limit), no stability arc, no direct arcs (learner shares the skill,
 * or declined a sharer of it). */
static bool poolable(const net *N, size_t i, int n_of_learner,
		     const sb_mpair *prev, size_t n_prev)
{
	const sb_mctx *c = N->c;
	const sb_mrequest *r = &c->reqs[i];

	return n_of_learner <= c->max_per_learner &&
	       !sb_mpairs_has_req(prev, n_prev, (int)i) &&
	       !sb_mpairs_has_req(c->declined, c->n_declined, (int)i) &&
	       !(N->sharer_node[r->person] >= 0 && r->self_share);
}

static void build_sharer_nodes(net *N)
{
	sb_mctx *c = N->c;

	for (size_t i = 0; i < c->n_people; i++) {
		const sb_mperson *p = &c->people[i];

		N->sharer_node[i] = -1;
		if (!sharer_eligible(p))
			continue;
		N->sharer_node[i] = sb_mcf_add_node(N->g);
		for (int k = 0; k < p->capacity; k++)
			sb_mcf_add_arc(N->g, N->sharer_node[i], N->sink, 1,
				       c->w.load * k);
	}
}

/* Requests that are not pooled get a node of their own, fed by their
 * learner's node (capacity: the limit) when the limit can bind, else
 * straight from the source. Pooled ones get their class node later. */
static void build_people_nodes(net *N, const sb_mpair *prev, size_t n_prev)
{
	sb_mctx *c = N->c;

	build_sharer_nodes(N);
	for (size_t i = 0, j; i < c->n_reqs; i = j) {
		int person = c->reqs[i].person, from = N->src, n;

		for (j = i; j < c->n_reqs && c->reqs[j].person == person; j++) {
			N->req_node[j] = -1;
			N->pooled[j] = false;
		}
		if (!sb_mperson_one_to_one(&c->people[person]) ||
		    c->max_per_learner <= 0)
			continue;
		n = (int)(j - i);
		if (n > c->max_per_learner) {
			from = sb_mcf_add_node(N->g);
			sb_mcf_add_arc(N->g, N->src, from, c->max_per_learner, 0);
		}
		for (size_t k = i; k < j; k++) {
			if (poolable(N, k, n, prev, n_prev)) {
				N->pooled[k] = true;
				continue;
			}
			N->req_node[k] = sb_mcf_add_node(N->g);
			sb_mcf_add_arc(N->g, from, N->req_node[k], 1, 0);
		}
	}
}

/* Learners who look the same to every cost: the same languages with
 * levels, offset (when known) and region. A person's signature is one
 * run of ints, compared as a sequence: has an offset, the offset (0 when
 * unknown), region, number of languages, then 2 * language + high for
 * each language (the language first, then low before high). */
typedef struct signatures {
	int *keys;             /* the runs, one after the other */
	size_t *at;            /* per person: where their run starts */
} signatures;

static size_t signature_len(const sb_mperson *p)
{
	return 4 + p->n_langs;
}

/* The signatures of people[0..n), len ints in all. */
static void signatures_pack(signatures *sg, const sb_mctx *c,
			    const int *people, size_t n, size_t len)
{
	sg->keys = sb_calloc(len + 1, sizeof(int));
	sg->at = sb_calloc(c->n_people + 1, sizeof(size_t));
	len = 0;
	for (size_t i = 0; i < n; i++) {
		const sb_mperson *p = &c->people[people[i]];
		int *k = sg->keys + len;

		sg->at[people[i]] = len;
		k[0] = p->has_offset;
		k[1] = p->has_offset ? p->offset : 0;
		k[2] = p->region;
		k[3] = (int)p->n_langs;
		for (size_t j = 0; j < p->n_langs; j++)
			k[4 + j] = 2 * p->langs[j] + p->high[j];
		len += signature_len(p);
	}
}

static int cmp_signature(const int *a, const int *b)
{
	size_t n = 4 + (size_t)a[3];

	for (size_t k = 0; k < n; k++)
		if (a[k] != b[k])
			return a[k] < b[k] ? -1 : 1;
	return 0;
}

static int cmp_person_signature(const void *x, const void *y, void *ctx)
{
	const signatures *sg = ctx;
	int a = *(const int *)x, b = *(const int *)y;
	int d = cmp_signature(sg->keys + sg->at[a], sg->keys + sg->at[b]);

	if (d)
		return d;
	return (a > b) - (a < b);
}

/* rank[p]: the place of person p's signature among those of the people
 * with pooled requests, equal signatures alike (-1 for the others);
 * *order_out: those people by rank, then index. Sorting the people once
 * on their packed signatures is much cheaper than sorting each skill's
 * requests on the people's own arrays. */
static int *signature_ranks(const net *N, int **order_out, size_t *n_out)
{
	const sb_mctx *c = N->c;
	signatures sg;
	int *rank = sb_calloc(c->n_people + 1, sizeof(int));
	int *order = sb_calloc(c->n_people + 1, sizeof(int));
	size_t n = 0, len = 0, r = 0;

	for (size_t i = 0; i < c->n_people; i++)
		rank[i] = -1;
	for (size_t i = 0; i < c->n_reqs; i++)
		if (N->pooled[i] && rank[c->reqs[i].person] < 0) {
			rank[c->reqs[i].person] = 0;
			order[n++] = c->reqs[i].person;
			len += signature_len(&c->people[c->reqs[i].person]);
		}
	signatures_pack(&sg, c, order, n, len);
	qsort_r(order, n, sizeof(*order), cmp_person_signature, &sg);
	for (size_t i = 0; i < n; i++) {
		if (i && cmp_signature(sg.keys + sg.at[order[i - 1]],
				       sg.keys + sg.at[order[i]]) != 0)
			r++;
		rank[order[i]] = (int)r;
	}
	free(sg.keys);
	free(sg.at);
	*order_out = order;
	*n_out = n;
	return rank;
}

/* The requests of one skill as entrants, in request order (reqs[0..nr):
 * those with a node of their own and the pooled ones): a request with
 * its own node enters once, and each run of equal signatures among the
 * pooled ones (pooled[0..np), by signature rank) becomes a class node,
 * made in that order (source -> class, capacity: its size) and entered
 * by its first member for them all. count[]: per request, 1 for its
 * own node, set here for the pooled. */
static size_t skill_entrants(net *N, const int *reqs, size_t nr,
			     const int *pooled, size_t np, const int *rank,
			     int *count, int *ereq, int *ecount)
{
	sb_mctx *c = N->c;
	size_t n = 0;

	for (size_t i = 0, j; i < np; i = j) {
		int node = sb_mcf_add_node(N->g);
		int r = rank[c->reqs[pooled[i]].person];

		for (j = i; j < np && rank[c->reqs[pooled[j]].person] == r; j++) {
			N->req_node[pooled[j]] = node;
			count[pooled[j]] = 0;
		}
		sb_mcf_add_arc(N->g, N->src, node, (int)(j - i), 0);
		count[pooled[i]] = (int)(j - i);
	}
	for (size_t i = 0; i < nr; i++)
		if (count[reqs[i]] > 0) {
			ereq[n] = reqs[i];
			ecount[n++] = count[reqs[i]];
		}
	return n;
}

/* A skill's items are items[start[s]..start[s + 1]). */
typedef struct by_skill {
	int *items;
	size_t *start;
} by_skill;

/* The requests that enter the network (with a node of their own, or
 * pooled), in request order, and the pooled ones by their learner's
 * signature rank, then request (one request a learner and skill);
 * *rank_out: signature_ranks(). */
static void requests_by_skill(net *N, by_skill *all, by_skill *pooled,
			      int **rank_out)
{
	sb_mctx *c = N->c;
	int *skill = sb_calloc(c->n_reqs + 1, sizeof(int));
	int *req = sb_calloc(c->n_reqs + 1, sizeof(int));
	size_t *first = sb_calloc(c->n_people + 1, sizeof(size_t));
	size_t n = 0, n_order;
	int *order;

	for (size_t i = 0; i < c->n_reqs; i++) {
		if (N->req_node[i] < 0 && !N->pooled[i])
			continue;
		skill[n] = c->reqs[i].skill;
		req[n++] = (int)i;
	}
	bucket_by_skill(&all->items, &all->start, c->n_skills, skill, req, n);
	*rank_out = signature_ranks(N, &order, &n_order);
	for (size_t i = c->n_reqs; i-- > 0;)
		first[c->reqs[i].person] = i;
	n = 0;
	for (size_t k = 0; k < n_order; k++)
		for (size_t i = first[order[k]];
		     i < c->n_reqs && c->reqs[i].person == order[k]; i++)
			if (N->pooled[i]) {
				skill[n] = c->reqs[i].skill;
				req[n++] = (int)i;
			}
	bucket_by_skill(&pooled->items, &pooled->start, c->n_skills, skill,
			req, n);
	free(order);
	free(first);
	free(skill);
	free(req);
}

static void build_skills(net *N)
{
	sb_mctx *c = N->c;
	size_t total_share = 0, ns = 0;
	int *ss, *si, *ereq, *ecount, *count, *rank;
	int *sh_items;
	size_t *sh_start;
	by_skill all, pooled;

	for (size_t i = 0; i < c->n_people; i++)
		total_share += c->people[i].n_share;
	ereq = sb_calloc(c->n_reqs + 1, sizeof(int));
	ecount = sb_calloc(c->n_reqs + 1, sizeof(int));
	count = sb_calloc(c->n_reqs + 1, sizeof(int));
	for (size_t i = 0; i < c->n_reqs; i++)
		count[i] = 1;
	ss = sb_calloc(total_share + 1, sizeof(int));
	si = sb_calloc(total_share + 1, sizeof(int));
	requests_by_skill(N, &all, &pooled, &rank);
	for (size_t i = 0; i < c->n_people; i++) {
		if (N->sharer_node[i] < 0)
			continue;
		for (size_t k = 0; k < c->people[i].n_share; k++) {
			ss[ns] = c->people[i].share[k];
			si[ns++] = (int)i;
		}
	}
	bucket_by_skill(&sh_items, &sh_start, c->n_skills, ss, si, ns);
	for (size_t s = 0; s < c->n_skills; s++) {
		size_t a = all.start[s], b = all.start[s + 1];
		size_t p = pooled.start[s], q = pooled.start[s + 1];
		size_t x = sh_start[s], y = sh_start[s + 1];
		size_t ne;

		if (a >= b || x >= y)
			continue;
		ne = skill_entrants(N, all.items + a, b - a, pooled.items + p,
				    q - p, rank, count, ereq, ecount);
		build_skill(N, ereq, ecount, ne, sh_items + x, y - x);
	}
	free(rank);
	free(count);
	free(ereq);
	free(ecount);
	free(ss);
	free(si);
	free(all.items);
	free(all.start);
	free(pooled.items);
	free(pooled.start);
	free(sh_items);
	free(sh_start);
}

static void build_stability(net *N, const sb_mpair *v, size_t n)
{
	sb_mctx *c = N->c;

	for (size_t i = 0; i < n; i++) {
		const sb_mrequest *r = &c->reqs[v[i].req];
		const sb_mperson *s = &c->people[v[i].sharer];
		int64_t cost;

		if (N->req_node[v[i].req] < 0 || N->sharer_node[v[i].sharer] < 0 ||
		    sb_mpairs_has(c->declined, c->n_declined, v[i].req,
				  v[i].sharer) ||
		    !sb_mperson_shares(s, r->skill) ||
		    !sb_mpair_cost(c, &c->people[r->person], s, &cost))
			continue;
		sb_mcf_add_arc(N->g, N->req_node[v[i].req],
			       N->sharer_node[v[i].sharer], 1,
			       N->shift - c->w.stability + cost);
	}
}

/* Split the flow into request -> sharer paths. Any split of an optimal
 * flow is an optimal assignment (docs/matching.md); walking arcs in the
 * order they were added makes this one deterministic. Each node keeps
 * where its walk stopped (an arc's flow left only falls), so a hub that
 * many paths cross is not read from its first arc every time. */
static int decompose(net *N)
{
	sb_mctx *c = N->c;
	long arcs, phases;
	int n_nodes = sb_mcf_node_count(N->g);
	int *node_sharer = sb_calloc((size_t)n_nodes, sizeof(int));
	int *cursor = sb_calloc((size_t)n_nodes, sizeof(int));
	int *left;
	int err = SB_OK;

	sb_mcf_stats(N->g, &arcs, &phases);
	left = sb_calloc((size_t)arcs + 1, sizeof(int));
	for (long a = 0; a < arcs; a++)
		left[a] = sb_mcf_flow(N->g, (int)a);
	for (int v = 0; v < n_nodes; v++) {
		node_sharer[v] = -1;
		cursor[v] = sb_mcf_first_out(N->g, v);
	}
	for (size_t i = 0; i < c->n_people; i++)
		if (N->sharer_node[i] >= 0)
			node_sharer[N->sharer_node[i]] = (int)i;
	for (size_t i = 0; i < c->n_reqs && err == SB_OK; i++) {
		int u = N->req_node[i];
		long steps = 0;

		if (u < 0)
			continue;
		while (u >= 0 && node_sharer[u] < 0) {
			int a = cursor[u];

			while (a >= 0 && left[a] <= 0)
				a = sb_mcf_next_out(N->g, a);
			cursor[u] = a;
			if (a < 0 || ++steps > arcs) {
				if (u != N->req_node[i])
					err = sb_error_set(SB_ERROR,
						"matching: flow does not decompose");
				u = -1;
				break;
			}
			left[a]--;
			u = sb_mcf_arc_head(N->g, a);
		}
		if (u >= 0)
			c->reqs[i].served_by = node_sharer[u];
	}
	free(left);
	free(node_sharer);
	free(cursor);
	return err;
}

/* Both lists are sorted: one walk along the two. */
static void common_langs(const sb_mctx *c, sb_connection *out,
			 const sb_mperson *l, const sb_mperson *s)
{
	size_t k = 0;

	out->languages = sb_calloc(l->n_langs + 1, sizeof(char *));
	for (size_t i = 0; i < l->n_langs; i++) {
		while (k < s->n_langs && s->langs[k] < l->langs[i])
			k++;
		if (k < s->n_langs && s->langs[k] == l->langs[i])
			out->languages[out->n_languages++] =
				sb_strdup(c->langs[l->langs[i]]);
	}
}

/* The connections in request order (learner, then skill); a sharer's
 * k-th connection in that order carries the k-th unit of load cost. */
static int64_t emit_connections(sb_mctx *c, sb_match_result *r,
				const sb_mpair *prev, size_t n_prev)
{
	int *load = sb_calloc(c->n_people + 1, sizeof(int));
	int64_t total = 0;
	size_t n = 0;

	for (size_t i = 0; i < c->n_reqs; i++)
		n += c->reqs[i].served_by >= 0;
	r->connections = sb_calloc(n + 1, sizeof(*r->connections));
	for (size_t i = 0; i < c->n_reqs; i++) {
		sb_mrequest *q = &c->reqs[i];
		sb_mperson *l = &c->people[q->person], *s;
		const sb_mpair *was;
		sb_connection *out;
		int64_t cost = 0;

		if (q->served_by < 0)
			continue;
		s = &c->people[q->served_by];
		out = &r->connections[r->n_connections++];
		out->learner = l->prof;
		out->sharer = s->prof;
		out->skill = sb_strdup(c->skills[q->skill].display);
		common_langs(c, out, l, s);
		out->hours_apart = l->has_offset && s->has_offset
			? (sb_moffset_distance(l->offset, s->offset) + 30) / 60
			: -1;
		sb_mpair_cost(c, l, s, &cost);
		was = sb_mpairs_find(prev, n_prev, (int)i, q->served_by);
		out->kept = was != NULL;
		out->since = was ? was->since : (int64_t)c->in->now;
		if (out->kept)
			cost -= c->w.stability;
		cost += c->w.load * load[q->served_by]++;
		out->cost = (double)llround((double)cost / SB_COST_SCALE * 1e4)
			    / 1e4;
		total += cost;
		l->used_as_learner++;
		s->used_as_sharer++;
	}
	free(load);
	return total;
}

static double cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int sb_match_connect(sb_mctx *c, sb_match_result *r)
{
	net N;
	sb_mpair *prev;
	size_t n_prev;
	long flow = 0, arcs, phases;
	int64_t flow_cost = 0, total;
	double cpu0;
	int err;

	memset(&N, 0, sizeof(N));
	N.c = c;
	N.g = sb_mcf_new(2);
	N.src = 0;
	N.sink = 1;
	N.shift = c->w.stability;
	N.req_node = sb_calloc(c->n_reqs + 1, sizeof(int));
	N.pooled = sb_calloc(c->n_reqs + 1, sizeof(bool));
	N.sharer_node = sb_calloc(c->n_people + 1, sizeof(int));
	N.lbucket = sb_calloc(c->n_langs + 1, sizeof(member_vec));
	N.sbucket = sb_calloc(c->n_langs + 1, sizeof(member_vec));
	N.touched_langs = sb_calloc(c->n_langs + 1, sizeof(int));
	N.sh_reg = sb_calloc(c->n_regions + 1, sizeof(bool));
	N.sh_unknown_reg = sb_calloc(c->n_regions + 1, sizeof(bool));
	N.ln_unknown_reg = sb_calloc(c->n_regions + 1, sizeof(bool));
	nodemap_init(&N.map, 1024);
	prev = sb_mpairs_resolve(c, c->in->prev, c->in->n_prev, &n_prev);

	build_people_nodes(&N, prev, n_prev);
	build_skills(&N);
	build_stability(&N, prev, n_prev);
	cpu0 = cpu_seconds();
	if ((err = sb_mcf_solve(N.g, N.src, N.sink, &flow, &flow_cost)) < 0)
		goto done;
	c->flow_cpu = cpu_seconds() - cpu0;
	if (c->in->dump_network &&
	    (err = sb_mcf_write_dimacs(N.g, N.src, N.sink, flow,
				       c->in->dump_network)) < 0)
		goto done;
	sb_mcf_stats(N.g, &arcs, &phases);
	c->flow_nodes = sb_mcf_node_count(N.g);
	c->flow_arcs = arcs;
	c->flow_phases = phases;
	if ((err = decompose(&N)) < 0)
		goto done;
	total = emit_connections(c, r, prev, n_prev);
	r->served = (int)r->n_connections;
	c->cost_scaled = total;
	/* The assignment read back must cost what the solver paid. */
	if (total != flow_cost - N.shift * flow ||
	    (long)r->n_connections != flow)
		err = sb_error_set(SB_ERROR,
			"matching: internal check failed (cost %lld != %lld)",
			(long long)total,
			(long long)(flow_cost - N.shift * flow));
done:
	for (size_t i = 0; i < c->n_langs; i++) {
		free(N.lbucket[i].v);
		free(N.sbucket[i].v);
	}
	free(N.lbucket);
	free(N.sbucket);
	free(N.touched_langs);
	free(N.sh_reg);
	free(N.sh_unknown_reg);
	free(N.ln_unknown_reg);
	free(N.req_node);
	free(N.pooled);
	free(N.sharer_node);
	free(N.offsets);
	nodemap_dispose(&N.map);
	free(prev);
	sb_mcf_free(N.g);
	return err;
}
