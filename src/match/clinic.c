/*
 * clinic.c - proposed clinics and the rosters of scheduled clinics.
 *
 * The rules are in docs/matching.md, section "Clinics". Everything is
 * counted over the matcher's people (one profile a person, inactive
 * people left out) so that the same records give the same clinics.
 */
#include "match_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skillsbot/error.h"
#include "skillsbot/mem.h"

#define MAX_FACILITATORS 10

static int cmp_lang_count(const void *x, const void *y)
{
	const sb_lang_count *a = x, *b = y;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->code, b->code);
}

sb_lang_count *sb_lang_counts_of(const sb_mctx *c, const int *tally,
				 size_t max, size_t *n_out)
{
	sb_lang_count *v = sb_calloc(c->n_langs + 1, sizeof(*v));
	size_t k = 0;

	for (size_t l = 0; l < c->n_langs; l++)
		if (tally[l]) {
			snprintf(v[k].code, sizeof(v[k].code), "%s", c->langs[l]);
			v[k++].count = tally[l];
		}
	if (k)
		qsort(v, k, sizeof(*v), cmp_lang_count);
	*n_out = k < max ? k : max;
	return v;
}

size_t sb_mctx_max_interpretation(const sb_mctx *c)
{
	int m = c->in->conf->max_interpretation;

	return m < 0 ? 0 : (size_t)m;
}

int sb_lang_tally_main(const int *tally, size_t n_langs)
{
	int most = -1;

	for (size_t l = 0; l < n_langs; l++)
		if (tally[l] && (most < 0 || tally[l] > tally[most]))
			most = (int)l;
	return most;
}

/* Counts per language over a set of people, most first, at most max. */
static sb_lang_count *count_langs(const sb_mctx *c, const int *people,
				  size_t n, int *tally, size_t max,
				  size_t *n_out)
{
	memset(tally, 0, sizeof(int) * c->n_langs);
	for (size_t i = 0; i < n; i++) {
		const sb_mperson *p = &c->people[people[i]];

		for (size_t j = 0; j < p->n_langs; j++)
			tally[p->langs[j]]++;
	}
	return sb_lang_counts_of(c, tally, max, n_out);
}

/* Up to three UTC hours at which the most of `people` are inside the
 * local-hours window; only hours that suit more than half of all of them.
 * Someone whose offset is unknown is not known to be in their hours, so
 * counts for no hour: hours are not proposed as suiting "most of the
 * roster" when they suit a few people whose zones are known. Returned
 * ascending; *known: the people with a known offset. */
static size_t start_hours(const sb_mctx *c, const int *people, size_t n,
			  int out[3], int *known)
{
	int lo = c->in->conf->local_hours[0] * 60;
	int hi = c->in->conf->local_hours[1] * 60;
	int count[24] = {0}, picked = 0;
	bool used[24] = {false};

	*known = 0;
	for (size_t i = 0; i < n; i++) {
		const sb_mperson *p = &c->people[people[i]];

		if (!p->has_offset)
			continue;
		(*known)++;
		for (int h = 0; h < 24; h++) {
			int local = ((h * 60 + p->offset) % 1440 + 1440) % 1440;

			if (local >= lo && local < hi)
				count[h]++;
		}
	}
	while (picked < 3) {
		int best = -1;

		for (int h = 0; h < 24; h++)
			if (!used[h] && (size_t)count[h] * 2 > n &&
			    (best < 0 || count[h] > count[best]))
				best = h;
		if (best < 0)
			break;
		used[best] = true;
		picked++;
	}
	picked = 0;
	for (int h = 0; h < 24; h++)
		if (used[h])
			out[picked++] = h;
	return (size_t)picked;
}

typedef struct skill_demand {
	int skill;
	int requests;
	long capacity;
} skill_demand;

static int cmp_demand(const void *x, const void *y)
{
	const skill_demand *a = x, *b = y;
	long ua = a->requests - a->capacity, ub = b->requests - b->capacity;

	if (ua != ub)
		return ua > ub ? -1 : 1;
	return (a->skill > b->skill) - (a->skill < b->skill);
}

typedef struct fac_score {
	int person;
	long reach;     /* learners who share a language with them */
	long mentions;  /* the learners' tally over their languages */
} fac_score;

static int cmp_fac(const void *x, const void *y)
{
	const fac_score *a = x, *b = y;

	if (a->reach != b->reach)
		return a->reach > b->reach ? -1 : 1;
	if (a->mentions != b->mentions)
		return a->mentions > b->mentions ? -1 : 1;
	return (a->person > b->person) - (a->person < b->person);
}

/* Which of a skill's learners speak each language: row[l] is the first
 * word of language l's bit set (bit i: learners[i]), -1 for a language
 * none of them speaks. A facilitator reaches the union of their
 * languages' sets; bit sets keep that linear in the learners for each
 * candidate, where a skill has thousands of both. */
typedef struct lang_sets {
	uint64_t *bits;
	long *row;
	size_t words;
} lang_sets;

static void lang_sets_build(const sb_mctx *c, lang_sets *ls,
			    const int *learners, size_t n, const int *tally)
{
	size_t rows = 0;

	ls->words = (n + 63) / 64;
	ls->row = sb_calloc(c->n_langs + 1, sizeof(long));
	for (size_t l = 0; l < c->n_langs; l++)
		ls->row[l] = tally[l] ? (long)(rows++ * ls->words) : -1;
	ls->bits = sb_calloc(rows * ls->words + 1, sizeof(uint64_t));
	for (size_t i = 0; i < n; i++) {
		const sb_mperson *p = &c->people[learners[i]];

		for (size_t j = 0; j < p->n_langs; j++)
			ls->bits[ls->row[p->langs[j]] + (long)(i / 64)] |=
				UINT64_C(1) << (i % 64);
	}
}

/* How many learners share a language with `p`; acc: ls->words words. */
static long lang_sets_reach(const lang_sets *ls, const sb_mperson *p,
			    uint64_t *acc)
{
	long reach = 0;

	memset(acc, 0, ls->words * sizeof(uint64_t));
	for (size_t j = 0; j < p->n_langs; j++) {
		long r = ls->row[p->langs[j]];

		for (size_t w = 0; r >= 0 && w < ls->words; w++)
			acc[w] |= ls->bits[r + (long)w];
	}
	for (size_t w = 0; w < ls->words; w++)
		reach += __builtin_popcountll(acc[w]);
	return reach;
}

static int cmp_lang_list(const void *x, const void *y, void *ctx)
{
	const sb_mctx *c = ctx;
	const sb_mperson *a = &c->people[((const fac_score *)x)->person];
	const sb_mperson *b = &c->people[((const fac_score *)y)->person];

	for (size_t k = 0; k < a->n_langs && k < b->n_langs; k++)
		if (a->langs[k] != b->langs[k])
			return a->langs[k] < b->langs[k] ? -1 : 1;
	return (a->n_langs > b->n_langs) - (a->n_langs < b->n_langs);
}

/* v[i].reach for v[0..n). Candidates who speak the same languages reach
 * the same learners: sorted by their languages, each set is counted once
 * (a skill can have thousands of candidates and only hundreds of sets). */
static void fill_reach(const sb_mctx *c, fac_score *v, size_t n,
		       const lang_sets *ls, uint64_t *acc)
{
	qsort_r(v, n, sizeof(*v), cmp_lang_list, (void *)c);
	for (size_t i = 0; i < n; i++)
		v[i].reach = i && cmp_lang_list(&v[i - 1], &v[i], (void *)c) == 0
			? v[i - 1].reach
			: lang_sets_reach(ls, &c->people[v[i].person], acc);
}

/* Facilitators ranked by how many learners they can talk with without
 * an interpreter, then by how many of the learners' language mentions
 * they cover (the sum over their languages of the learners speaking
 * it), then the total order. tally: the learners' languages. */
static void pick_facilitators(const sb_mctx *c, sb_proposed_clinic *pc,
			      const int *learners, size_t n_learners,
			      const int *sharers, size_t n, const int *tally,
			      int *best)
{
	fac_score *v = sb_calloc(n + 1, sizeof(*v));
	lang_sets ls;
	uint64_t *acc;
	size_t k = 0;

	lang_sets_build(c, &ls, learners, n_learners, tally);
	acc = sb_calloc(ls.words + 1, sizeof(uint64_t));
	for (size_t i = 0; i < n; i++) {
		const sb_mperson *p = &c->people[sharers[i]];

		if (p->status != SB_STATUS_ACTIVE ||
		    !(p->formats & SB_FMT_CLINIC))
			continue;
		v[k].person = sharers[i];
		for (size_t j = 0; j < p->n_langs; j++)
			v[k].mentions += tally[p->langs[j]];
		k++;
	}
	fill_reach(c, v, k, &ls, acc);
	qsort(v, k, sizeof(*v), cmp_fac);
	if (k > MAX_FACILITATORS)
		k = MAX_FACILITATORS;
	pc->facilitators = sb_calloc(k + 1, sizeof(size_t));
	for (size_t i = 0; i < k; i++)
		pc->facilitators[pc->n_facilitators++] =
			c->people[v[i].person].prof;
	*best = k ? v[0].person : -1;
	free(acc);
	free(ls.bits);
	free(ls.row);
	free(v);
}

/* Does learner `p` share a language with the best facilitator, or, when
 * there is none, speak the main language? */
static bool understood(const sb_mctx *c, const sb_mperson *p, int best,
		       int main_lang)
{
	if (best < 0)
		return main_lang >= 0 && sb_mperson_speaks(p, main_lang);
	for (size_t j = 0; j < p->n_langs; j++)
		if (sb_mperson_speaks(&c->people[best], p->langs[j]))
			return true;
	return false;
}

/* Interpreters are for the learners who share no language with the best
 * facilitator: their languages, counted over them, most first, at most
 * max_interpretation. A learner who also speaks the facilitator's
 * language needs none, whatever else they speak. With no facilitator to
 * compare with, the clinic would be held in the learners' main language:
 * those who do not speak it need interpretation. */
static void interpretation(const sb_mctx *c, sb_proposed_clinic *pc,
			   const int *learners, size_t n, int best, int *tally)
{
	int *need = sb_calloc(n + 1, sizeof(int));
	int main_lang = sb_lang_tally_main(tally, c->n_langs);
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (!understood(c, &c->people[learners[i]], best, main_lang))
			need[k++] = learners[i];
	pc->interpretation = count_langs(c, need, k, tally,
					 sb_mctx_max_interpretation(c),
					 &pc->n_interpretation);
	free(need);
}

static void fill_proposed(sb_mctx *c, sb_proposed_clinic *pc,
			  const skill_demand *d, const int *learners,
			  size_t n_learners, const int *sharers, size_t n_sh,
			  int *tally)
{
	int best = -1, roster_best;
	int *roster = sb_calloc(n_learners + 2, sizeof(int));

	pc->skill = sb_strdup(c->skills[d->skill].display);
	pc->unmet = (int)(d->requests - d->capacity);
	pc->languages = count_langs(c, learners, n_learners, tally,
				    SIZE_MAX, &pc->n_languages);
	pick_facilitators(c, pc, learners, n_learners, sharers, n_sh, tally,
			  &best);
	/* tally still counts the learners' languages */
	interpretation(c, pc, learners, n_learners, best, tally);
	memcpy(roster, learners, sizeof(int) * n_learners);
	roster_best = (int)n_learners;
	if (best >= 0)
		roster[roster_best++] = best;
	pc->roster_size = roster_best;
	pc->n_start_hours = start_hours(c, roster, (size_t)roster_best,
					pc->start_hours_utc, &pc->tz_known);
	free(roster);
}

int sb_match_proposed(sb_mctx *c, sb_match_result *r)
{
	skill_demand *d = sb_calloc(c->n_skills + 1, sizeof(*d));
	int *sharers, *learners = sb_calloc(c->n_reqs + 1, sizeof(int));
	int *tally = sb_calloc(c->n_langs + 1, sizeof(int));
	size_t *sh_start, nd = 0, *lstart, *lfill;

	sb_mctx_sharers_by_skill(c, &sharers, &sh_start);
	lstart = sb_calloc(c->n_skills + 2, sizeof(size_t));
	lfill = sb_calloc(c->n_skills + 1, sizeof(size_t));
	for (size_t i = 0; i < c->n_reqs; i++)
		lstart[c->reqs[i].skill + 1]++;
	for (size_t s = 0; s < c->n_skills; s++)
		lstart[s + 1] += lstart[s];
	memcpy(lfill, lstart, sizeof(size_t) * c->n_skills);
	for (size_t i = 0; i < c->n_reqs; i++)
		learners[lfill[c->reqs[i].skill]++] = c->reqs[i].person;
	for (size_t s = 0; s < c->n_skills; s++) {
		d[s].skill = (int)s;
		d[s].requests = (int)(lstart[s + 1] - lstart[s]);
		for (size_t k = sh_start[s]; k < sh_start[s + 1]; k++) {
			const sb_mperson *p = &c->people[sharers[k]];

			if (sb_mperson_one_to_one(p))
				d[s].capacity += p->capacity;
		}
	}
	qsort(d, c->n_skills, sizeof(*d), cmp_demand);
	while (nd < c->n_skills && d[nd].requests > d[nd].capacity)
		nd++;
	r->proposed = sb_calloc(nd + 1, sizeof(*r->proposed));
	for (size_t i = 0; i < nd; i++) {
		int s = d[i].skill;

		fill_proposed(c, &r->proposed[r->n_proposed++], &d[i],
			      learners + lstart[s], lstart[s + 1] - lstart[s],
			      sharers + sh_start[s], sh_start[s + 1] - sh_start[s],
			      tally);
	}
	free(d);
	free(sharers);
	free(sh_start);
	free(learners);
	free(lstart);
	free(lfill);
	free(tally);
	return SB_OK;
}
