/*
 * match_int.h - what the parts of src/match share (not a public header).
 *
 * sb_mctx is the matcher's view of the records: people in the total order
 * (folded user name, user name, page id, page title, position), skills,
 * languages and regions interned as small integers, and the requests.
 * Everything is built in that order, so the same records in any order give
 * the same context, the same flow network and the same bytes out.
 */
#ifndef SKILLSBOT_MATCH_INT_H
#define SKILLSBOT_MATCH_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "skillsbot/match.h"
#include "strtab.h"

/* Costs are integers in units of 1/COST_SCALE = 1/72000, so that the
 * time cost of one minute (weight / 720) is a whole number of units
 * (weight * 100) for a weight with two decimals. Small units keep the
 * cost-scaling solver's prices far from overflow. */
#define SB_COST_SCALE 72000.0

typedef struct sb_mperson {
	size_t prof;          /* index into recs->profiles */
	const char *name;
	char *fold;
	int status;
	unsigned formats;
	int capacity;
	bool has_offset;
	int offset;           /* minutes east of UTC at `now` */
	int region;           /* index into regions, -1 when unknown */
	/* langs, high, learn and share point into the context's
	 * list_ints and list_flags */
	int *langs;           /* language indexes, ascending */
	bool *high;           /* speaks langs[i] at level 3+ or unstated */
	size_t n_langs;
	int *learn;           /* skill indexes, ascending, no repeats */
	size_t n_learn;
	int *share;
	size_t n_share;
	/* filled by the passes */
	int used_as_sharer;   /* one-to-one connections + clusters hosted */
	int used_as_learner;  /* one-to-one connections + cluster places */
} sb_mperson;

typedef struct sb_mskill {
	char *key;            /* id, or folded text */
	char *display;        /* id, or the least text as written */
} sb_mskill;

typedef struct sb_mrequest {
	int person;
	int skill;
	bool self_share;      /* the learner shares the skill too */
	int served_by;        /* person index, or -1 */
	bool clustered;
} sb_mrequest;

typedef struct sb_mweights {
	int64_t lang, time_per_min, time_half, stability, load;
} sb_mweights;

/* A (learner, sharer, skill) triple as indexes: the learner's request
 * for the skill, and the sharer. */
typedef struct sb_mpair {
	int req;
	int sharer;
	int64_t since;   /* previous pairs: sb_prev_pair.since */
} sb_mpair;

typedef struct sb_mctx {
	const sb_match_input *in;
	sb_mperson *people;
	size_t n_people;
	int *list_ints;       /* the people's langs, learn and share */
	bool *list_flags;     /* the people's high */
	sb_mskill *skills;
	size_t n_skills;
	sb_mstrtab skill_index;   /* key -> index in skills */
	/* pairs never suggested nor grouped: those the records' feedback
	 * declined and in->forbidden, resolved, sorted (sb_mpairs_has) */
	sb_mpair *declined;
	size_t n_declined;
	char **langs;         /* codes, ascending */
	size_t n_langs;
	char **regions;
	size_t n_regions;
	sb_mrequest *reqs;    /* by person, then skill */
	size_t n_reqs;
	sb_mweights w;
	int max_per_learner;
	int64_t cost_scaled;  /* sum of the connections' costs */
	/* statistics for the benchmark */
	long flow_nodes, flow_arcs, flow_phases;
	double flow_cpu;
} sb_mctx;

int sb_mctx_build(sb_mctx *out, const sb_match_input *in);
void sb_mctx_dispose(sb_mctx *c);

/* Index of a skill given as written or as an id (folded); -1 if unknown. */
int sb_mctx_skill_find(const sb_mctx *c, const sb_skill_ref *ref);
int sb_mctx_skill_find_text(const sb_mctx *c, const char *s);
/* Index of a person by exact user name; -1 if none. */
int sb_mctx_person_find(const sb_mctx *c, const char *name);

bool sb_mperson_shares(const sb_mperson *p, int skill);
bool sb_mperson_learns(const sb_mperson *p, int skill);
bool sb_mperson_speaks(const sb_mperson *p, int lang);

/* Can `p` take part in one-to-one connections (either side)? */
bool sb_mperson_one_to_one(const sb_mperson *p);

/* Pair cost (language + time, no stability or load), in scaled units;
 * false when the two have no language in common (the hard rule). */
bool sb_mpair_cost(const sb_mctx *c, const sb_mperson *l,
		   const sb_mperson *s, int64_t *out);
/* Minutes between two offsets the shortest way round the clock. */
int sb_moffset_distance(int a, int b);

/* The request of `person` for `skill`, or -1. */
int sb_mctx_request_find(const sb_mctx *c, int person, int skill);
/* The triples that still name a request and another person, sorted by
 * request then sharer, without repeats. The array is new (free() it). */
sb_mpair *sb_mpairs_resolve(const sb_mctx *c, const sb_prev_pair *pairs,
			    size_t n_pairs, size_t *n_out);
bool sb_mpairs_has(const sb_mpair *v, size_t n, int req, int sharer);
/* The triple naming (req, sharer), or NULL. */
const sb_mpair *sb_mpairs_find(const sb_mpair *v, size_t n, int req,
			       int sharer);
/* Does any triple name request `req` (with any sharer)? */
bool sb_mpairs_has_req(const sb_mpair *v, size_t n, int req);

/* The passes, in this order. */
int sb_match_connect(sb_mctx *c, sb_match_result *r);
int sb_match_clusters(sb_mctx *c, sb_match_result *r);
int sb_match_proposed(sb_mctx *c, sb_match_result *r);
int sb_match_rosters(sb_mctx *c, sb_match_result *r);

/* People who share each skill, in the total order: items[start[s] ..
 * start[s + 1]) are person indexes. Both arrays are new. */
void sb_mctx_sharers_by_skill(const sb_mctx *c, int **items_out,
			      size_t **start_out);

/* The languages of a tally (people per language index) with their
 * counts, most first, then code; *n_out is at most max. New array. */
sb_lang_count *sb_lang_counts_of(const sb_mctx *c, const int *tally,
				 size_t max, size_t *n_out);
/* The configuration's max_interpretation, a negative one as 0. */
size_t sb_mctx_max_interpretation(const sb_mctx *c);
/* The main language of a tally (people per language index): the most
 * spoken, the least code on a tie (languages are sorted); -1 if none. */
int sb_lang_tally_main(const int *tally, size_t n_langs);

#endif
