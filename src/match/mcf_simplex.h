/*
 * mcf_simplex.h - the exact finish of mcf.c: a primal network simplex
 * started from the flow and the prices of the cost-scaling rounds
 * (internal to src/match; see docs/matching.md, "The solver").
 */
#ifndef SKILLSBOT_MATCH_MCF_SIMPLEX_H
#define SKILLSBOT_MATCH_MCF_SIMPLEX_H

#include <stdint.h>

/* A residual arc: what every scan of the cost scaling reads, in 8 bytes
 * (16 with the reverse arc's number and a 32-bit cost: measured at
 * 100,000 profiles, match CPU 5 % more; docs/bench-match.md, eleventh
 * pass). An added arc of more than SB_MCF_PIECE units is laid out as
 * several pieces side by side, which carry its flow between them. The
 * cost is an index into the residual graph's table of costs (in units of
 * the costs' greatest common divisor): a network has few distinct costs. */
typedef struct sb_mcf_arc {
	int head;
	int16_t cap;
	uint16_t cost;
} sb_mcf_arc;

#define SB_MCF_PIECE INT16_MAX
/* Distinct costs of added arcs a table can hold; reverse arcs take as
 * many more, negated. */
#define SB_MCF_COSTS 32768

/* The residual graph as mcf.c keeps it (borrowed): node v's arcs are
 * arc[start[v]] .. arc[start[v + 1] - 1]; fwd[e] is the first forward
 * residual arc of added arc e (0 <= e < m) and pieces[e] how many lie
 * there side by side, tail[e] and head[e] its ends; rev[a] is a's
 * reverse arc, pair_cap[a] the capacity of a and its reverse together
 * (the piece's), cost[arc[a].cost] a's cost. */
typedef struct sb_mcf_residual {
	int n;
	int m;
	const int *start;
	sb_mcf_arc *arc;
	int *rev;
	const int *fwd, *pieces;
	const int16_t *pair_cap;
	const int32_t *cost;
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
 * (R->m ints, the caller's). R->rev is spent: each residual arc's
 * entry holds its added arc instead (no array of its own). price[v] / scale,
 * rounded down, are the prices the rounds found in the costs' units:
 * they guide the first tree, any values are correct. Exact for any
 * feasible flow. */
void sb_mcf_simplex_finish(const sb_mcf_residual *R, const int64_t *price,
			   int64_t scale, int *flow,
			   sb_mcf_simplex_stats *st_out);

#endif
