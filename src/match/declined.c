/*
 * declined.c - the pairs feedback declined, as forbidden triples for
 * sb_match_input (either person may have been the learner, so each comes
 * both ways round).
 */
#include "match_int.h"

#include "skillsbot/mem.h"

sb_prev_pair *sb_match_declined(const sb_records *recs, size_t *n_out)
{
	sb_prev_pair *v = sb_calloc(2 * recs->n_feedback + 1, sizeof(*v));
	size_t n = 0;

	for (size_t i = 0; i < recs->n_feedback; i++) {
		const sb_feedback *f = &recs->feedback[i];
		const char *skill = f->skill.id ? f->skill.id : f->skill.text;

		if (f->outcome != SB_OUTCOME_DECLINED || !f->author ||
		    !f->with || !skill)
			continue;
		v[n].learner = f->author;
		v[n].sharer = f->with;
		v[n++].skill = skill;
		v[n].learner = f->with;
		v[n].sharer = f->author;
		v[n++].skill = skill;
	}
	*n_out = n;
	return v;
}
