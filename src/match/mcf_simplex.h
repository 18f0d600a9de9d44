/*
 * mcf_simplex.h - the exact finish of mcf.c: a primal network simplex
 * started from the flow and the prices of the cost-scaling rounds
 * (internal to src/match; see docs/matching.md, "The solver").
 */
#ifndef SKILLSBOT_MATCH_MCF_SIMPLEX_H
#define SKILLSBOT_MATCH_MCF_SIMPLEX_H

#include <stdint.h>

/* A residual arc: what every scan of the cost scaling reads, in one
 * 16-byte record. The cost is in units of the costs' greatest common
 * divisor (the cost scaling multiplies it by its current factor as it
 * reads it). */
typedef struct sb_mcf_arc {
	int head;
	union {
		int cap;       /* up to the network simplex */
		int edge;      /* in it: the added arc this one belongs to */
	};
	int32_t cost;
	int rev;               /* the reverse arc */
} sb_mcf_arc;

/* The residual graph as mcf.c keeps it (borrowed): node v's arcs are
 * arc[start[v]] .. arc[start[v + 1] - 1]; fwd[e] is the forward residual
 * arc of added arc e (0 <= e < m), tail[e] and head[e] its ends, and
 * pair_cap[a] the capacity of a and its reverse together (the added
 * arc's capacity). */
typedef struct sb_mcf_residual {
	int n;
	int m;
	const int *start;
	sb_mcf_arc *arc;
	const int *fwd;
	const int *pair_cap;
	const int *tail, *head;
} sb_mcf_residual;

/* What the finish did, for tests and the benchmark. */
typedef struct sb_mcf_simplex_stats {
	long pivots;           /* pivots that moved flow */
	long degenerate;       /* pivots that only changed the tree */
	long free_cycles;      /* cycles of arcs strictly between their
				* bounds that the first tree pushed flow round */
} sb_mcf_simplex_stats;

/* Find a least-cost flow of the same value as the one held in R->arc
 * (every node keeps its balance) and write it to flow[e], per added arc
 * (R->m ints, the caller's). The residual arcs' capacities are spent:
 * each arc holds its edge instead (no array of its own, and read with
 * the head in the scans of the first tree). price[v] / scale,
 * rounded down, are the prices the rounds found in the costs' units:
 * they guide the first tree, any values are correct. Exact for any
 * feasible flow. */
void sb_mcf_simplex_finish(const sb_mcf_residual *R, const int64_t *price,
			   int64_t scale, int *flow,
			   sb_mcf_simplex_stats *st_out);

#endif
