/*
 * feedback.c - {{Let's Connect/Feedback | with = USER | skill = SKILL |
 * outcome = met / planned / declined / no answer | by = USER}} on a
 * profile page: what became of a suggested connection. The author is a
 * person of the page (a profile on the same page, or the user of a User:
 * page), so nobody can decline a pair on someone else's behalf from a
 * page of their own. On a page of several profiles it is the profile the
 * feedback follows, unless by= names another profile of the page.
 */
#include "extract_int.h"

#include <stdlib.h>
#include <string.h>

#include "skillsbot/mem.h"
#include "skillsbot/text.h"

enum { F_WITH, F_SKILL, F_OUTCOME, F_BY, F_COUNT };

/* Aliases are folded (lower case, "_" as space). */
static const field_def fields[F_COUNT] = {
	{"with", "user|partner|avec|con|com"},
	{"skill", "compétence|competencia|habilidade"},
	{"outcome", "status|result|résultat|resultado"},
	{"by", "author|par|por"}
};

/* The words of each outcome, folded, in the program's languages. */
static const struct {
	const char *word;
	int outcome;
} words[] = {
	{"met", SB_OUTCOME_MET}, {"done", SB_OUTCOME_MET},
	{"rencontré", SB_OUTCOME_MET}, {"reunido", SB_OUTCOME_MET},
	{"planned", SB_OUTCOME_PLANNED}, {"prévu", SB_OUTCOME_PLANNED},
	{"planeado", SB_OUTCOME_PLANNED}, {"planejado", SB_OUTCOME_PLANNED},
	{"declined", SB_OUTCOME_DECLINED}, {"decline", SB_OUTCOME_DECLINED},
	{"refusé", SB_OUTCOME_DECLINED}, {"rechazado", SB_OUTCOME_DECLINED},
	{"recusado", SB_OUTCOME_DECLINED},
	{"no answer", SB_OUTCOME_NO_ANSWER},
	{"no reply", SB_OUTCOME_NO_ANSWER},
	{"pas de réponse", SB_OUTCOME_NO_ANSWER},
	{"sin respuesta", SB_OUTCOME_NO_ANSWER},
	{"sem resposta", SB_OUTCOME_NO_ANSWER},
};

static int read_outcome(page_state *ps, uint32_t v, uint32_t tpl,
			sb_diags *d)
{
	char *text = sb_value_text(ps, v, "outcome", d), *f;
	int r = SB_OUTCOME_UNKNOWN;

	if (!text) {
		sb_diag_at(ps, d, "outcome", ps->t->nodes[tpl].start,
			   "the feedback has no outcome "
			   "(met, planned, declined or no answer)");
		return r;
	}
	f = sb_text_fold(text, strlen(text));
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(f, words[i].word) == 0)
			r = words[i].outcome;
	if (r == SB_OUTCOME_UNKNOWN)
		sb_diag_at(ps, d, "outcome", ps->t->nodes[v].start,
			   "\"%s\" is not met, planned, declined or no answer",
			   text);
	free(f);
	free(text);
	return r;
}

/* A user-name field (with=, by=): the first user link or {{u}} in it,
 * else its text as a user name. */
static char *read_user(page_state *ps, uint32_t v, const char *field,
		       sb_diags *d)
{
	sb_items it = {0};
	char *name = NULL, *text;

	if (v == SB_WT_NONE)
		return NULL;
	sb_value_items(&it, ps, v, VAL_SCALAR, field, d);
	for (size_t i = 0; i < it.n && !name; i++)
		if (it.v[i].user)
			name = sb_strdup(it.v[i].user);
	sb_items_dispose(&it);
	if (name)
		return name;
	text = sb_value_text(ps, v, field, d);
	if (text)
		name = sb_user_name(text, strlen(text));
	free(text);
	return name;
}

void sb_extract_feedback(sb_records *out, page_state *ps, uint32_t tpl,
			 int index, fb_place *place)
{
	sb_feedback f;
	params pr;
	sb_diags d = {&f.diags, &f.n_diags};

	memset(&f, 0, sizeof(f));
	f.page = sb_strdup(ps->title);
	f.page_id = ps->page_id;
	f.index = index;
	sb_read_params(&pr, ps, tpl, fields, F_COUNT, false, &d);
	f.with = read_user(ps, pr.value[F_WITH], "with", &d);
	place->by = read_user(ps, pr.value[F_BY], "by", &d);
	place->at = place->by ? ps->t->nodes[pr.value[F_BY]].start
			      : ps->t->nodes[tpl].start;
	if (!f.with)
		sb_diag_at(ps, &d, "with", ps->t->nodes[tpl].start,
			   "the feedback does not say with whom");
	if (sb_read_skill(&f.skill, ps, pr.value[F_SKILL], "skill", false,
			  &d) == 0)
		sb_diag_at(ps, &d, "skill", ps->t->nodes[tpl].start,
			   "the feedback does not say which skill");
	f.outcome = read_outcome(ps, pr.value[F_OUTCOME], tpl, &d);
	sb_records_add_feedback(out, &f);
}

/* Is `name` the user of one of the page's profiles? */
static bool on_page(const sb_records *out, size_t first_profile,
		    const char *name)
{
	for (size_t i = first_profile; i < out->n_profiles; i++)
		if (strcmp(out->profiles[i].username, name) == 0)
			return true;
	return false;
}

/*
 * A page of one person (one profile template, or a User: page without
 * one) is that person's throughout, so a feedback anywhere on it is
 * theirs. On a page of several, a feedback is the profile's it follows:
 * where an editor puts it under their own profile. by= says it outright
 * and must name a person of the page.
 */
void sb_feedback_set_authors(sb_records *out, page_state *ps, size_t first,
			     size_t first_profile, size_t n_profile_tpls,
			     fb_place *places)
{
	const char *owner = n_profile_tpls == 1 &&
		first_profile < out->n_profiles
		? out->profiles[first_profile].username : NULL;
	char *from_title = n_profile_tpls <= 1 && !owner
		? sb_user_from_title(ps->title) : NULL;

	for (size_t i = first; i < out->n_feedback; i++) {
		sb_feedback *f = &out->feedback[i];
		fb_place *pl = &places[i - first];
		sb_diags d = {&f->diags, &f->n_diags};

		if (pl->by) {
			if (on_page(out, first_profile, pl->by) ||
			    (from_title && strcmp(pl->by, from_title) == 0))
				f->author = sb_strdup(pl->by);
			else
				sb_diag_at(ps, &d, "by", pl->at,
					   "by=%s names nobody with a profile "
					   "on this page; the feedback does "
					   "not count", pl->by);
		} else if (n_profile_tpls > 1) {
			if (pl->after < out->n_profiles)
				f->author = sb_strdup(
					out->profiles[pl->after].username);
			else if (pl->after == SB_FB_NO_PROFILE)
				sb_diag_at(ps, &d, "by", pl->at,
					   "the page has several profiles and "
					   "this feedback comes before them "
					   "all: say whose it is with by=");
			else
				sb_diag_at(ps, &d, "by", pl->at,
					   "the profile this feedback follows "
					   "was left out (no user name): say "
					   "whose it is with by=");
		} else if (owner) {
			f->author = sb_strdup(owner);
		} else if (from_title) {
			f->author = sb_strdup(from_title);
		} else {
			sb_diag_add(&f->diags, &f->n_diags, "page", 0, 0,
				    "feedback on a page without a profile "
				    "does not count");
		}
		free(pl->by);
		pl->by = NULL;
	}
	free(from_title);
}
