/*
 * roster.c - the roster section of each scheduled clinic.
 *
 * Sign-ups count once a person (the first time they signed), up to the
 * clinic's capacity (the configuration's when the page gives none); the
 * rest wait in sign-up order. Inactive people (every profile of theirs
 * inactive) are left out of the roster, as of every generated page: they
 * take no place, and an inactive facilitator is not named. People to
 * invite: active people who want to learn the topic, have not signed up
 * and do not facilitate. Interpretation
 * is needed for the languages of people who speak none of the languages
 * the clinic is held in (most such people first, at most
 * max_interpretation), counted apart for those signed up and those
 * waiting.
 * Resources: those listing the topic among their skills or naming the
 * clinic by its title.
 */
#include "match_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skillsbot/error.h"
#include "skillsbot/mem.h"

static int cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_strz(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_clinic(const void *x, const void *y, void *ctx)
{
	const sb_records *recs = ctx;
	const sb_clinic *a = &recs->clinics[*(const size_t *)x];
	const sb_clinic *b = &recs->clinics[*(const size_t *)y];
	int d;

	if ((d = cmp_i64(a->page_id, b->page_id)) != 0 ||
	    (d = cmp_strz(a->page, b->page)) != 0)
		return d;
	return (a->index > b->index) - (a->index < b->index);
}

static int cmp_resource(const void *x, const void *y, void *ctx)
{
	const sb_records *recs = ctx;
	const sb_resource *a = &recs->resources[*(const size_t *)x];
	const sb_resource *b = &recs->resources[*(const size_t *)y];
	int d;

	if ((d = cmp_strz(a->title, b->title)) != 0 ||
	    (d = cmp_i64(a->page_id, b->page_id)) != 0 ||
	    (d = cmp_strz(a->page, b->page)) != 0)
		return d;
	return (a->index > b->index) - (a->index < b->index);
}

static bool in_names(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] && s && strcmp(v[i], s) == 0)
			return true;
	return false;
}

/* User names of inactive profiles, sorted; borrowed from the records. */
typedef struct name_set {
	const char **v;
	size_t n;
} name_set;

static int cmp_name(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static void inactive_names(name_set *out, const sb_records *recs)
{
	out->v = sb_calloc(recs->n_profiles + 1, sizeof(char *));
	out->n = 0;
	for (size_t i = 0; i < recs->n_profiles; i++)
		if (recs->profiles[i].username &&
		    recs->profiles[i].status == SB_STATUS_INACTIVE)
			out->v[out->n++] = recs->profiles[i].username;
	if (out->n)
		qsort(out->v, out->n, sizeof(char *), cmp_name);
}

/* A person who has profiles, all of them inactive (one who also has an
 * active or away profile is in the matcher's people). A name with no
 * profile at all stays: people may sign up before writing one. */
static bool left_out(const sb_mctx *c, const name_set *inactive,
		     const char *name)
{
	return inactive->n && sb_mctx_person_find(c, name) < 0 &&
	       bsearch(&name, inactive->v, inactive->n, sizeof(char *),
		       cmp_name) != NULL;
}

static void pick_facilitators(const sb_mctx *c, sb_roster *ro,
			      const sb_clinic *cl, const name_set *inactive)
{
	ro->facilitators = sb_calloc(cl->n_facilitators + 1, sizeof(size_t));
	for (size_t i = 0; i < cl->n_facilitators; i++)
		if (cl->facilitators[i] &&
		    !left_out(c, inactive, cl->facilitators[i]))
			ro->facilitators[ro->n_facilitators++] = i;
}

static void split_signups(const sb_mctx *c, sb_roster *ro,
			  const sb_clinic *cl, int capacity,
			  const name_set *inactive)
{
	ro->signed_up = sb_calloc(cl->n_signups + 1, sizeof(size_t));
	ro->waiting = sb_calloc(cl->n_signups + 1, sizeof(size_t));
	for (size_t i = 0; i < cl->n_signups; i++) {
		if (!cl->signups[i] || in_names(cl->signups, i, cl->signups[i]) ||
		    left_out(c, inactive, cl->signups[i]))
			continue;
		if (ro->n_signed_up < (size_t)capacity)
			ro->signed_up[ro->n_signed_up++] = i;
		else
			ro->waiting[ro->n_waiting++] = i;
	}
}

static int lang_index(const sb_mctx *c, const char *code)
{
	char **hit = c->n_langs ? bsearch(&code, c->langs, c->n_langs,
					  sizeof(char *), cmp_name) : NULL;

	return hit ? (int)(hit - c->langs) : -1;
}

/* The profile of the i-th sign-up, or NULL (no profile, or inactive). */
static const sb_mperson *signup(const sb_mctx *c, const sb_clinic *cl,
				size_t i)
{
	int pi = sb_mctx_person_find(c, cl->signups[i]);

	return pi < 0 ? NULL : &c->people[pi];
}

/* The language most of the clinic's sign-ups speak, or -1. */
static int signups_main(const sb_mctx *c, const sb_clinic *cl, int *tally)
{
	memset(tally, 0, sizeof(int) * c->n_langs);
	for (size_t i = 0; i < cl->n_signups; i++) {
		const sb_mperson *p = in_names(cl->signups, i, cl->signups[i])
				      ? NULL : signup(c, cl, i);

		for (size_t j = 0; p && j < p->n_langs; j++)
			tally[p->langs[j]]++;
	}
	return sb_lang_tally_main(tally, c->n_langs);
}

/* The languages the clinic is held in, as flags by language index: the
 * page's own; else those of its facilitators who have a profile; else the
 * one most of its sign-ups speak, as for a proposed clinic with no
 * facilitator. */
static void held_in(const sb_mctx *c, const sb_roster *ro,
		    const sb_clinic *cl, bool *held, int *tally)
{
	bool any = cl->n_languages > 0;
	int main_lang;

	/* a language nobody in the directory speaks flags nothing: then
	 * everyone needs interpretation */
	for (size_t l = 0; l < cl->n_languages; l++) {
		int li = lang_index(c, cl->languages[l].code);

		if (li >= 0)
			held[li] = true;
	}
	for (size_t k = 0; !any && k < ro->n_facilitators; k++) {
		int pi = sb_mctx_person_find(c,
				cl->facilitators[ro->facilitators[k]]);

		for (size_t j = 0; pi >= 0 && j < c->people[pi].n_langs; j++)
			held[c->people[pi].langs[j]] = any = true;
	}
	if (!any && (main_lang = signups_main(c, cl, tally)) >= 0)
		held[main_lang] = true;
}

/* The languages of the people at `idx` (into the clinic's sign-ups) who
 * have a profile and speak none of the languages the clinic is held in,
 * counted over them, most first, at most max_interpretation. */
static sb_lang_count *needs(const sb_mctx *c, const sb_clinic *cl,
			    const size_t *idx, size_t n, const bool *held,
			    int *tally, size_t *n_out)
{
	memset(tally, 0, sizeof(int) * c->n_langs);
	for (size_t i = 0; i < n; i++) {
		const sb_mperson *p = signup(c, cl, idx[i]);
		bool ok = false;

		for (size_t j = 0; p && j < p->n_langs; j++)
			ok |= held[p->langs[j]];
		for (size_t j = 0; p && !ok && j < p->n_langs; j++)
			tally[p->langs[j]]++;
	}
	return sb_lang_counts_of(c, tally, sb_mctx_max_interpretation(c),
				 n_out);
}

static void interpretation(const sb_mctx *c, sb_roster *ro,
			   const sb_clinic *cl)
{
	bool *held = sb_calloc(c->n_langs + 1, sizeof(bool));
	int *tally = sb_calloc(c->n_langs + 1, sizeof(int));

	held_in(c, ro, cl, held, tally);
	ro->interpretation = needs(c, cl, ro->signed_up, ro->n_signed_up, held,
				   tally, &ro->n_interpretation);
	ro->waiting_interpretation = needs(c, cl, ro->waiting, ro->n_waiting,
					   held, tally,
					   &ro->n_waiting_interpretation);
	free(held);
	free(tally);
}

static void invitations(const sb_mctx *c, sb_roster *ro, const sb_clinic *cl,
			int topic)
{
	ro->invite = sb_calloc(c->n_people + 1, sizeof(size_t));
	if (topic < 0)
		return;
	for (size_t i = 0; i < c->n_people; i++) {
		const sb_mperson *p = &c->people[i];

		if (p->status == SB_STATUS_ACTIVE &&
		    sb_mperson_learns(p, topic) &&
		    !in_names(cl->signups, cl->n_signups, p->name) &&
		    !in_names(cl->facilitators, cl->n_facilitators, p->name))
			ro->invite[ro->n_invite++] = p->prof;
	}
}

static void resources(const sb_mctx *c, sb_roster *ro, const sb_clinic *cl,
		      int topic)
{
	const sb_records *recs = c->in->recs;

	ro->resources = sb_calloc(recs->n_resources + 1, sizeof(size_t));
	for (size_t i = 0; i < recs->n_resources; i++) {
		const sb_resource *res = &recs->resources[i];
		bool hit = res->clinic && cl->title &&
			   strcmp(res->clinic, cl->title) == 0;

		for (size_t k = 0; !hit && topic >= 0 && k < res->n_skills; k++)
			hit = sb_mctx_skill_find(c, &res->skills[k]) == topic;
		if (hit)
			ro->resources[ro->n_resources++] = i;
	}
	qsort_r(ro->resources, ro->n_resources, sizeof(size_t), cmp_resource,
		(void *)recs);
}

int sb_match_rosters(sb_mctx *c, sb_match_result *r)
{
	const sb_records *recs = c->in->recs;
	size_t *order = sb_calloc(recs->n_clinics + 1, sizeof(size_t));
	size_t n = 0;
	name_set inactive;

	inactive_names(&inactive, recs);
	for (size_t i = 0; i < recs->n_clinics; i++)
		if (recs->clinics[i].status == SB_CLINIC_SCHEDULED)
			order[n++] = i;
	qsort_r(order, n, sizeof(size_t), cmp_clinic, (void *)recs);
	r->rosters = sb_calloc(n + 1, sizeof(*r->rosters));
	for (size_t i = 0; i < n; i++) {
		const sb_clinic *cl = &recs->clinics[order[i]];
		sb_roster *ro = &r->rosters[r->n_rosters++];
		int topic = sb_mctx_skill_find(c, &cl->topic);
		int capacity = cl->capacity > 0 ? cl->capacity
						: c->in->conf->clinic_capacity;

		ro->clinic = order[i];
		pick_facilitators(c, ro, cl, &inactive);
		split_signups(c, ro, cl, capacity, &inactive);
		invitations(c, ro, cl, topic);
		interpretation(c, ro, cl);
		resources(c, ro, cl, topic);
	}
	free(order);
	free(inactive.v);
	return SB_OK;
}
