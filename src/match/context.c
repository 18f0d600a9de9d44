/* context.c - the matcher's interned view of the records; see match_int.h. */
#include "match_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "skillsbot/error.h"
#include "skillsbot/mem.h"
#include "skillsbot/text.h"
#include "tzoff.h"

static int cmp_strz(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

typedef struct pkey {
	char *fold;
	size_t prof;
} pkey;

/* The total order on people: folded name, name, page id, title, position. */
static int cmp_pkey(const void *x, const void *y, void *ctx)
{
	const pkey *a = x, *b = y;
	const sb_records *recs = ctx;
	const sb_profile *pa = &recs->profiles[a->prof];
	const sb_profile *pb = &recs->profiles[b->prof];
	int d;

	if ((d = strcmp(a->fold, b->fold)) != 0 ||
	    (d = strcmp(pa->username, pb->username)) != 0)
		return d;
	return sb_profile_place_cmp(pa, pb);
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static int cmp_int(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;

	return (a > b) - (a < b);
}

static size_t unique_ints(int *v, size_t n)
{
	size_t k = 0;

	if (n)
		qsort(v, n, sizeof(*v), cmp_int);
	for (size_t i = 0; i < n; i++)
		if (v[i] >= 0 && (!k || v[k - 1] != v[i]))
			v[k++] = v[i];
	return k;
}

typedef struct skey {
	char *key;
	const char *text;
} skey;

static int cmp_skey(const void *x, const void *y)
{
	return strcmp(((const skey *)x)->key, ((const skey *)y)->key);
}

typedef struct skill_acc {
	skey *v;
	size_t n, cap;
	sb_mstrtab seen;           /* key -> position in v */
} skill_acc;

/* A skill's key is its taxonomy id, or for an unmapped skill its folded
 * text; its display is the id, or the least text written (byte order), so
 * that the output does not depend on the order of the records. */
static void acc_add(skill_acc *a, const sb_skill_ref *ref)
{
	char *folded = NULL;
	const char *key = ref->id;
	const char *text = ref->id ? ref->id : ref->text;
	int at;

	if (!ref->id && !ref->text)
		return;
	if (!key)
		key = folded = sb_text_fold(ref->text, strlen(ref->text));
	if ((at = sb_mstrtab_get(&a->seen, key)) >= 0) {
		if (cmp_strz(text, a->v[at].text) < 0)
			a->v[at].text = text;
		free(folded);
		return;
	}
	SB_GROW(a->v, a->cap, a->n + 1);
	a->v[a->n].key = folded ? folded : sb_strdup(key);
	a->v[a->n].text = text;
	sb_mstrtab_put(&a->seen, a->v[a->n].key, (int)a->n);
	a->n++;
}

/* Every skill named anywhere: profiles, clinic topics, resources. */
static void build_skills(sb_mctx *c)
{
	const sb_records *recs = c->in->recs;
	skill_acc a;

	memset(&a, 0, sizeof(a));
	for (size_t i = 0; i < c->n_people; i++) {
		const sb_profile *p = &recs->profiles[c->people[i].prof];

		for (size_t k = 0; k < p->n_learn; k++)
			acc_add(&a, &p->learn[k]);
		for (size_t k = 0; k < p->n_share; k++)
			acc_add(&a, &p->share[k]);
	}
	for (size_t i = 0; i < recs->n_clinics; i++)
		acc_add(&a, &recs->clinics[i].topic);
	for (size_t i = 0; i < recs->n_resources; i++)
		for (size_t k = 0; k < recs->resources[i].n_skills; k++)
			acc_add(&a, &recs->resources[i].skills[k]);
	sb_mstrtab_dispose(&a.seen);
	if (a.n)
		qsort(a.v, a.n, sizeof(*a.v), cmp_skey);
	c->skills = sb_calloc(a.n ? a.n : 1, sizeof(*c->skills));
	for (size_t i = 0; i < a.n; i++) {
		c->skills[i].key = a.v[i].key;
		c->skills[i].display = sb_strdup(a.v[i].text);
		sb_mstrtab_put(&c->skill_index, c->skills[i].key, (int)i);
	}
	c->n_skills = a.n;
	free(a.v);
}

int sb_mctx_skill_find_text(const sb_mctx *c, const char *s)
{
	char *key;
	int found = sb_mstrtab_get(&c->skill_index, s);

	if (found >= 0)
		return found;   /* an id, or a key already folded */
	key = sb_text_fold(s, strlen(s));
	found = sb_mstrtab_get(&c->skill_index, key);
	free(key);
	return found;
}

int sb_mctx_skill_find(const sb_mctx *c, const sb_skill_ref *ref)
{
	if (ref->id)
		return sb_mctx_skill_find_text(c, ref->id);
	return ref->text ? sb_mctx_skill_find_text(c, ref->text) : -1;
}

/* The index of `s` in v, added (a new copy) when `seen` does not have
 * it; -1 for NULL. */
static int intern(char ***v, size_t *n, size_t *cap, sb_mstrtab *seen,
		  const char *s)
{
	int at;

	if (!s)
		return -1;
	if ((at = sb_mstrtab_get(seen, s)) >= 0)
		return at;
	SB_GROW(*v, *cap, *n + 1);
	(*v)[*n] = sb_strdup(s);
	sb_mstrtab_put(seen, (*v)[*n], (int)*n);
	return (int)(*n)++;
}

/* Sort the n strings of v; `seen` maps each to its index before. Every
 * index before in idx[0..n_idx) becomes the index after (-1 stays). */
static void sort_interned(char **v, size_t n, const sb_mstrtab *seen,
			  int *idx, size_t n_idx)
{
	int *after = sb_calloc(n + 1, sizeof(int));

	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	for (size_t i = 0; i < n; i++)
		after[sb_mstrtab_get(seen, v[i])] = (int)i;
	for (size_t i = 0; i < n_idx; i++)
		if (idx[i] >= 0)
			idx[i] = after[idx[i]];
	free(after);
}

/* The languages and regions named, sorted; each mention's index is
 * noted on the way (lang_of: every person's languages one after the
 * other; region_of: one a person), so that no name is looked up twice. */
static void build_langs_regions(sb_mctx *c, int **lang_of, int **region_of)
{
	const sb_records *recs = c->in->recs;
	size_t nl = 0, nr = 0, capl = 0, capr = 0, n_mentions = 0, m = 0;
	sb_mstrtab langs, regions;

	memset(&langs, 0, sizeof(langs));
	memset(&regions, 0, sizeof(regions));
	for (size_t i = 0; i < c->n_people; i++)
		n_mentions += recs->profiles[c->people[i].prof].n_languages;
	*lang_of = sb_calloc(n_mentions + 1, sizeof(int));
	*region_of = sb_calloc(c->n_people + 1, sizeof(int));
	for (size_t i = 0; i < c->n_people; i++) {
		const sb_profile *p = &recs->profiles[c->people[i].prof];

		for (size_t k = 0; k < p->n_languages; k++)
			(*lang_of)[m++] = intern(&c->langs, &nl, &capl, &langs,
						 p->languages[k].code);
		(*region_of)[i] = intern(&c->regions, &nr, &capr, &regions,
					 p->region);
	}
	sort_interned(c->langs, nl, &langs, *lang_of, n_mentions);
	sort_interned(c->regions, nr, &regions, *region_of, c->n_people);
	c->n_langs = nl;
	c->n_regions = nr;
	sb_mstrtab_dispose(&langs);
	sb_mstrtab_dispose(&regions);
}

static bool level_high(int level)
{
	return level == SB_LEVEL_NONE || level >= 3;
}

/* Where the people's lists go: one block for all, each person's after
 * the previous one's, so that the passes that go through people in order
 * read them in order, and no person costs four allocations. */
typedef struct list_cursor {
	int *ints;
	bool *flags;
} list_cursor;

static void alloc_lists(sb_mctx *c, list_cursor *at)
{
	size_t ni = 0, nf = 0;

	for (size_t i = 0; i < c->n_people; i++) {
		const sb_profile *p = &c->in->recs->profiles[c->people[i].prof];

		ni += p->n_languages + p->n_learn + p->n_share;
		nf += p->n_languages;
	}
	c->list_ints = sb_calloc(ni + 1, sizeof(int));
	c->list_flags = sb_calloc(nf + 1, sizeof(bool));
	at->ints = c->list_ints;
	at->flags = c->list_flags;
}

static int *take_ints(list_cursor *at, size_t n)
{
	int *v = at->ints;

	at->ints += n;
	return v;
}

/* lang_of: the person's language mentions as indexes (-1: none). */
static void fill_person(sb_mctx *c, sb_mperson *m, sb_tzcache *tz,
			const int *lang_of, int region, list_cursor *at)
{
	const sb_profile *p = &c->in->recs->profiles[m->prof];
	size_t k = 0;

	m->name = p->username;
	m->status = p->status;
	m->formats = p->formats;
	m->capacity = p->capacity < 0 ? 0 : p->capacity;
	m->region = region;
	m->has_offset = sb_tzcache_offset(tz, &m->offset, p->timezone) == 0;
	if (!m->has_offset)
		m->offset = 0;
	m->langs = take_ints(at, p->n_languages);
	m->high = at->flags;
	at->flags += p->n_languages;
	memcpy(m->langs, lang_of, p->n_languages * sizeof(int));
	m->n_langs = unique_ints(m->langs, p->n_languages);
	/* a language written twice is high if either mention is */
	for (size_t i = 0; i < p->n_languages; i++)
		for (k = 0; k < m->n_langs; k++)
			if (m->langs[k] == lang_of[i] &&
			    level_high(p->languages[i].level))
				m->high[k] = true;
	m->learn = take_ints(at, p->n_learn);
	for (size_t i = 0; i < p->n_learn; i++)
		m->learn[i] = sb_mctx_skill_find(c, &p->learn[i]);
	m->n_learn = unique_ints(m->learn, p->n_learn);
	m->share = take_ints(at, p->n_share);
	for (size_t i = 0; i < p->n_share; i++)
		m->share[i] = sb_mctx_skill_find(c, &p->share[i]);
	m->n_share = unique_ints(m->share, p->n_share);
}

static int set_weights(sb_mctx *c)
{
	const sb_siteconf *conf = c->in->conf;

	if (conf->w_language < 0 || conf->w_time < 0 ||
	    conf->w_stability < 0 || conf->w_load < 0 ||
	    conf->w_language > 1000 || conf->w_time > 1000 ||
	    conf->w_stability > 1000 || conf->w_load > 1000)
		return sb_error_set(SB_EINVALID,
				    "matching weights must be between 0 and 1000");
	c->w.lang = llround(conf->w_language * SB_COST_SCALE);
	c->w.time_per_min = llround(conf->w_time * SB_COST_SCALE / 720.0);
	c->w.time_half = c->w.time_per_min * 360;
	c->w.stability = llround(conf->w_stability * SB_COST_SCALE);
	c->w.load = llround(conf->w_load * SB_COST_SCALE);
	c->max_per_learner = conf->max_requests_per_learner;
	if (c->max_per_learner < 0)
		c->max_per_learner = 0;
	return SB_OK;
}

static void build_people(sb_mctx *c)
{
	const sb_records *recs = c->in->recs;
	pkey *keys = sb_calloc(recs->n_profiles + 1, sizeof(*keys));
	size_t n = 0;

	for (size_t i = 0; i < recs->n_profiles; i++) {
		const sb_profile *p = &recs->profiles[i];

		if (!p->username || p->status == SB_STATUS_INACTIVE)
			continue;
		keys[n].fold = sb_text_fold(p->username, strlen(p->username));
		keys[n].prof = i;
		n++;
	}
	qsort_r(keys, n, sizeof(*keys), cmp_pkey, (void *)recs);
	c->people = sb_calloc(n + 1, sizeof(*c->people));
	for (size_t i = 0; i < n; i++) {
		/* one person, one profile: the first in the total order */
		if (c->n_people &&
		    strcmp(c->people[c->n_people - 1].name,
			   recs->profiles[keys[i].prof].username) == 0) {
			free(keys[i].fold);
			continue;
		}
		c->people[c->n_people].prof = keys[i].prof;
		c->people[c->n_people].fold = keys[i].fold;
		c->people[c->n_people].name = recs->profiles[keys[i].prof].username;
		c->n_people++;
	}
	free(keys);
}

static void build_requests(sb_mctx *c)
{
	size_t cap = 0;

	for (size_t i = 0; i < c->n_people; i++) {
		const sb_mperson *p = &c->people[i];

		if (p->status != SB_STATUS_ACTIVE)
			continue;
		for (size_t k = 0; k < p->n_learn; k++) {
			SB_GROW(c->reqs, cap, c->n_reqs + 1);
			c->reqs[c->n_reqs].person = (int)i;
			c->reqs[c->n_reqs].skill = p->learn[k];
			c->reqs[c->n_reqs].self_share =
				sb_mperson_shares(p, p->learn[k]);
			c->reqs[c->n_reqs].served_by = -1;
			c->reqs[c->n_reqs].clustered = false;
			c->n_reqs++;
		}
	}
}

/* What the feedback in the records declined, and what the caller adds,
 * as one sorted set of (request, sharer). */
static void resolve_declined(sb_mctx *c)
{
	size_t n_fb, n;
	sb_prev_pair *v = sb_match_declined(c->in->recs, &n_fb);

	n = n_fb + c->in->n_forbidden;
	v = sb_reallocarray(v, n + 1, sizeof(*v));
	if (c->in->n_forbidden)
		memcpy(v + n_fb, c->in->forbidden,
		       c->in->n_forbidden * sizeof(*v));
	c->declined = sb_mpairs_resolve(c, v, n, &c->n_declined);
	free(v);
}

int sb_mctx_build(sb_mctx *out, const sb_match_input *in)
{
	sb_tzcache tz;
	int *lang_of, *region_of;
	list_cursor at;
	size_t m = 0;
	int err;

	memset(out, 0, sizeof(*out));
	out->in = in;
	if ((err = set_weights(out)) < 0)
		return err;
	build_people(out);
	build_skills(out);
	build_langs_regions(out, &lang_of, &region_of);
	sb_tzcache_init(&tz, in->now);
	alloc_lists(out, &at);
	for (size_t i = 0; i < out->n_people; i++) {
		fill_person(out, &out->people[i], &tz, lang_of + m,
			    region_of[i], &at);
		m += in->recs->profiles[out->people[i].prof].n_languages;
	}
	sb_tzcache_dispose(&tz);
	free(lang_of);
	free(region_of);
	build_requests(out);
	resolve_declined(out);
	return SB_OK;
}

void sb_mctx_dispose(sb_mctx *c)
{
	for (size_t i = 0; i < c->n_people; i++)
		free(c->people[i].fold);
	free(c->people);
	free(c->list_ints);
	free(c->list_flags);
	for (size_t i = 0; i < c->n_skills; i++) {
		free(c->skills[i].key);
		free(c->skills[i].display);
	}
	free(c->skills);
	sb_mstrtab_dispose(&c->skill_index);
	for (size_t i = 0; i < c->n_langs; i++)
		free(c->langs[i]);
	free(c->langs);
	for (size_t i = 0; i < c->n_regions; i++)
		free(c->regions[i]);
	free(c->regions);
	free(c->reqs);
	free(c->declined);
	memset(c, 0, sizeof(*c));
}

int sb_mctx_person_find(const sb_mctx *c, const char *name)
{
	/* people are sorted by folded name first: search on that, then scan
	 * the few with the same fold for the exact name */
	char *fold;
	size_t lo = 0, hi = c->n_people;
	int found = -1;

	if (!name)
		return -1;
	fold = sb_text_fold(name, strlen(name));
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (strcmp(c->people[mid].fold, fold) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < c->n_people &&
	     strcmp(c->people[i].fold, fold) == 0; i++)
		if (strcmp(c->people[i].name, name) == 0) {
			found = (int)i;
			break;
		}
	free(fold);
	return found;
}

static bool in_sorted(const int *v, size_t n, int x)
{
	return n && bsearch(&x, v, n, sizeof(*v), cmp_int) != NULL;
}

bool sb_mperson_shares(const sb_mperson *p, int skill)
{
	return in_sorted(p->share, p->n_share, skill);
}

bool sb_mperson_learns(const sb_mperson *p, int skill)
{
	return in_sorted(p->learn, p->n_learn, skill);
}

bool sb_mperson_speaks(const sb_mperson *p, int lang)
{
	return in_sorted(p->langs, p->n_langs, lang);
}

bool sb_mperson_one_to_one(const sb_mperson *p)
{
	return p->status == SB_STATUS_ACTIVE &&
	       (p->formats & SB_FMT_ONE_TO_ONE);
}

int sb_moffset_distance(int a, int b)
{
	int d = abs(a - b) % 1440;

	return d > 720 ? 1440 - d : d;
}

bool sb_mpair_cost(const sb_mctx *c, const sb_mperson *l,
		   const sb_mperson *s, int64_t *out)
{
	bool common = false, both_high = false;
	size_t i = 0, k = 0;

	while (i < l->n_langs && k < s->n_langs) {
		if (l->langs[i] < s->langs[k]) {
			i++;
		} else if (l->langs[i] > s->langs[k]) {
			k++;
		} else {
			common = true;
			if (l->high[i] && s->high[k])
				both_high = true;
			i++;
			k++;
		}
	}
	if (!common)
		return false;
	*out = both_high ? 0 : c->w.lang;
	if (l->has_offset && s->has_offset)
		*out += c->w.time_per_min *
			sb_moffset_distance(l->offset, s->offset);
	else if (l->region < 0 || l->region != s->region)
		*out += c->w.time_half;
	return true;
}

void sb_mctx_sharers_by_skill(const sb_mctx *c, int **items_out,
			      size_t **start_out)
{
	size_t *start = sb_calloc(c->n_skills + 2, sizeof(size_t));
	size_t *fill = sb_calloc(c->n_skills + 1, sizeof(size_t));
	size_t total = 0;
	int *items;

	for (size_t i = 0; i < c->n_people; i++)
		for (size_t k = 0; k < c->people[i].n_share; k++)
			start[c->people[i].share[k] + 1]++;
	for (size_t s = 0; s < c->n_skills; s++)
		start[s + 1] += start[s];
	total = start[c->n_skills];
	items = sb_calloc(total + 1, sizeof(int));
	memcpy(fill, start, sizeof(size_t) * c->n_skills);
	for (size_t i = 0; i < c->n_people; i++)
		for (size_t k = 0; k < c->people[i].n_share; k++)
			items[fill[c->people[i].share[k]]++] = (int)i;
	free(fill);
	*items_out = items;
	*start_out = start;
}
