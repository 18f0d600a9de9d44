/* pairs.c - (learner, sharer, skill) triples given by name (the previous
 * cycle's connections, the pairs feedback declined) as request and person
 * indexes; see match_int.h. */
#include "match_int.h"

#include <stdlib.h>

#include "skillsbot/mem.h"

static int cmp_mpair(const void *x, const void *y)
{
	const sb_mpair *a = x, *b = y;

	if (a->req != b->req)
		return (a->req > b->req) - (a->req < b->req);
	return (a->sharer > b->sharer) - (a->sharer < b->sharer);
}

int sb_mctx_request_find(const sb_mctx *c, int person, int skill)
{
	size_t lo = 0, hi = c->n_reqs;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const sb_mrequest *r = &c->reqs[mid];

		if (r->person == person && r->skill == skill)
			return (int)mid;
		if (r->person < person ||
		    (r->person == person && r->skill < skill))
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

sb_mpair *sb_mpairs_resolve(const sb_mctx *c, const sb_prev_pair *pairs,
			    size_t n_pairs, size_t *n_out)
{
	sb_mpair *v = sb_calloc(n_pairs + 1, sizeof(*v));
	size_t n = 0, k = 0;

	for (size_t i = 0; i < n_pairs; i++) {
		const sb_prev_pair *p = &pairs[i];
		int l = sb_mctx_person_find(c, p->learner);
		int s = sb_mctx_person_find(c, p->sharer);
		int sk = p->skill ? sb_mctx_skill_find_text(c, p->skill) : -1;
		int req = l >= 0 && sk >= 0 ? sb_mctx_request_find(c, l, sk) : -1;

		if (req < 0 || s < 0 || s == l)
			continue;
		v[n].req = req;
		v[n].sharer = s;
		v[n].since = p->since;
		n++;
	}
	qsort(v, n, sizeof(*v), cmp_mpair);
	/* One triple per (request, sharer); two spellings of one skill
	 * keep the earliest date known, whatever order qsort left. */
	for (size_t i = 0; i < n; i++) {
		if (!k || cmp_mpair(&v[k - 1], &v[i]) != 0)
			v[k++] = v[i];
		else if (v[i].since && (!v[k - 1].since ||
					v[i].since < v[k - 1].since))
			v[k - 1].since = v[i].since;
	}
	*n_out = k;
	return v;
}

const sb_mpair *sb_mpairs_find(const sb_mpair *v, size_t n, int req,
			       int sharer)
{
	sb_mpair key = {req, sharer, 0};

	return bsearch(&key, v, n, sizeof(*v), cmp_mpair);
}

bool sb_mpairs_has(const sb_mpair *v, size_t n, int req, int sharer)
{
	return sb_mpairs_find(v, n, req, sharer) != NULL;
}

bool sb_mpairs_has_req(const sb_mpair *v, size_t n, int req)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (v[mid].req < req)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo].req == req;
}
