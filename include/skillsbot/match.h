/*
 * match.h - connections, cluster groups, proposed clinics and rosters.
 *
 * Computed from records alone (no wiki): the rules are in docs/matching.md.
 * Every person is referred to by an index into recs->profiles, every
 * clinic and resource by an index into recs->clinics / recs->resources, so
 * the result borrows nothing but is meaningful only with its records.
 * Skills are taxonomy ids, or the text as written for an unmapped skill.
 */
#ifndef SKILLSBOT_MATCH_H
#define SKILLSBOT_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "skillsbot/json.h"
#include "skillsbot/record.h"
#include "skillsbot/siteconf.h"

typedef struct sb_connection {
	size_t learner;         /* profile index */
	size_t sharer;          /* profile index */
	char *skill;
	char **languages;       /* common languages, sorted */
	size_t n_languages;
	int hours_apart;        /* -1 when an offset is unknown */
	double cost;
	bool kept;              /* suggested in the previous cycle too */
	int64_t since;          /* kept: the previous pair's since; new: the
				 * input's now (0: not known) */
} sb_connection;

typedef struct sb_cluster {
	char *skill;
	bool has_host;
	size_t host;            /* profile index, when has_host */
	size_t *learners;       /* 3 or 4 profile indexes */
	size_t n_learners;
	char language[16];      /* the common language */
} sb_cluster;

typedef struct sb_unserved {
	size_t learner;
	char *skill;
} sb_unserved;

typedef struct sb_lang_count {
	char code[16];
	int count;
} sb_lang_count;

typedef struct sb_proposed_clinic {
	char *skill;
	int unmet;
	size_t *facilitators;   /* profile indexes, best first */
	size_t n_facilitators;
	sb_lang_count *languages;  /* learners' languages, most first */
	size_t n_languages;
	sb_lang_count *interpretation; /* at most max_interpretation */
	size_t n_interpretation;
	int start_hours_utc[3];
	size_t n_start_hours;
	int roster_size;        /* the learners and the best facilitator */
	int tz_known;           /* those of them whose UTC offset is known */
} sb_proposed_clinic;

typedef struct sb_roster {
	size_t clinic;            /* index into recs->clinics */
	size_t *facilitators;     /* indexes into the clinic's facilitators[],
				   * inactive people left out */
	size_t n_facilitators;
	size_t *signed_up;        /* indexes into the clinic's signups[] */
	size_t n_signed_up;       /* up to capacity */
	size_t *waiting;          /* the rest, in sign-up order */
	size_t n_waiting;
	size_t *invite;           /* profile indexes: asked for the topic, not signed up */
	size_t n_invite;
	sb_lang_count *interpretation;  /* needed by those signed up */
	size_t n_interpretation;
	sb_lang_count *waiting_interpretation;  /* by the waiting list */
	size_t n_waiting_interpretation;
	size_t *resources;        /* indexes into recs->resources */
	size_t n_resources;
} sb_roster;

/* A pair suggested in an earlier cycle (for the stability bonus). */
typedef struct sb_prev_pair {
	const char *learner;
	const char *sharer;
	const char *skill;
	int64_t since;          /* when it was first put on the page (unix
				 * time), 0 when not known */
} sb_prev_pair;

typedef struct sb_match_result {
	sb_connection *connections;  /* sorted: learner name, skill */
	size_t n_connections;
	sb_cluster *clusters;
	size_t n_clusters;
	sb_unserved *unserved;
	size_t n_unserved;
	sb_proposed_clinic *proposed;
	size_t n_proposed;
	sb_roster *rosters;
	size_t n_rosters;
	int requests;       /* (learner, skill) pairs of active learners */
	int served;         /* by a one-to-one connection or a cluster place */
	double cost;        /* sum of the connections' costs, 4 decimals */
	/* the size of the flow problem solved, and the CPU seconds the
	 * solver took, for benchmarks */
	long flow_nodes, flow_arcs, flow_phases;
	double flow_cpu;
} sb_match_result;

typedef struct sb_match_input {
	const sb_records *recs;
	const sb_siteconf *conf;
	const sb_prev_pair *prev;     /* may be NULL */
	size_t n_prev;
	time_t now;                   /* for time-zone offsets (DST) */
	bool hubs_only;               /* tests: build every (skill, language)
				       * group with hubs, none with direct
				       * arcs (the result is the same) */
	/* Pairs never to suggest, nor to put in one cluster group, besides
	 * those the feedback in `recs` declined (sb_match_declined, which
	 * the matcher applies itself). May be NULL. */
	const sb_prev_pair *forbidden;
	size_t n_forbidden;
	/* Benchmarks: when set, the flow network solved is written to this
	 * file in the DIMACS min-cost flow format, so that other solvers
	 * can be measured on it (docs/bench-match.md). */
	const char *dump_network;
} sb_match_input;

/* The pairs a feedback of `recs` declined, both ways round: what
 * sb_match_run keeps apart on its own. The array is new (free() it); the
 * strings are borrowed from recs. */
sb_prev_pair *sb_match_declined(const sb_records *recs, size_t *n_out);

/* Compute everything. Fails with SB_EINVALID on weights out of range. */
int sb_match_run(sb_match_result *out, const sb_match_input *in);
void sb_match_result_dispose(sb_match_result *r);

/* The `skillsbot match --json` object of docs/formats.md. */
cJSON *sb_match_to_json(const sb_match_result *r, const sb_records *recs);

/* The pairs of a previous `skillsbot match --json` object (its
 * "connections"), for the stability bonus. The array is new (free() it);
 * the strings are borrowed from `root`. SB_EINVALID names `origin` when
 * the object has no connections array. */
int sb_match_prev_from_json(sb_prev_pair **out, size_t *n_out,
			    const cJSON *root, const char *origin);

#endif
