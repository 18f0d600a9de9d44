/*
 * mcf.h - exact min-cost max-flow on integer costs (internal to src/match).
 *
 * Used by the connection matcher: the caller adds arcs, then asks for the
 * flow of greatest value that has the least cost among those of that value.
 * Costs are 64-bit integers (the matcher scales its fractional weights), so
 * the answer is exact and the same on every machine. Every arc cost must be
 * >= 0 (the caller shifts costs; see docs/matching.md).
 *
 * The solver finds the maximum flow value with Dinic's algorithm, then
 * brings its cost near the least by cost scaling (Goldberg and Tarjan,
 * with LEMON's partial augment-relabel; usually one round) and makes it
 * exactly the least with a primal network simplex started from that flow
 * and those prices (mcf_simplex.h). When the sink can take less than the
 * source can send, it solves the network turned round (every arc from
 * head to tail, from t to s): the same flows, found with less work. Work is
 * deterministic: arcs are explored in the order they were added, active
 * nodes in first-in first-out order.
 */
#ifndef SKILLSBOT_MATCH_MCF_H
#define SKILLSBOT_MATCH_MCF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sb_mcf sb_mcf;

sb_mcf *sb_mcf_new(int n_nodes);
void sb_mcf_free(sb_mcf *g);

/* Add a node and return its number (nodes made by sb_mcf_new come first). */
int sb_mcf_add_node(sb_mcf *g);
int sb_mcf_node_count(const sb_mcf *g);

/* Add an arc u -> v and return its number (0, 1, 2, ... in order). */
int sb_mcf_add_arc(sb_mcf *g, int u, int v, int cap, int64_t cost);

/* The network simplex takes over once the rounds' epsilon is at most k
 * units of cost (default 16; at least 1). Tests set a k as large as the
 * largest cost, so that it starts from the maximum flow with no round. */
void sb_mcf_set_simplex_from(sb_mcf *g, int k);

/* Solve from s to t. Afterwards *flow_out is the maximum flow value and
 * *cost_out its least cost. Arcs may no longer be added. Fails with
 * SB_ETOOBIG when costs times nodes could overflow 64 bits. */
int sb_mcf_solve(sb_mcf *g, int s, int t, long *flow_out, int64_t *cost_out);

/* The flow on arc number `arc` after solving. */
int sb_mcf_flow(const sb_mcf *g, int arc);

/* Iterate the arcs leaving u (after solving): first/next give arc numbers,
 * -1 at the end. Arcs come in the order they were added. */
int sb_mcf_first_out(const sb_mcf *g, int u);
int sb_mcf_next_out(const sb_mcf *g, int arc);
int sb_mcf_arc_head(const sb_mcf *g, int arc);

/* After solving: write the problem solved, in the DIMACS min-cost flow
 * format (the source supplies the maximum flow value, the sink takes it;
 * nodes numbered from 1, arcs in the order added, capacities no larger
 * than the flow value), so that other solvers can be measured on the same
 * network. SB_EIO names `path`. */
int sb_mcf_write_dimacs(const sb_mcf *g, int s, int t, long flow,
			const char *path);

/* Figures for the benchmark: arcs, and refine rounds. */
void sb_mcf_stats(const sb_mcf *g, long *arcs, long *phases);

/* After solving: whether the network was solved turned round (see above). */
bool sb_mcf_turned(const sb_mcf *g);

/* How the solve ended, for tests: the network simplex's pivots that moved
 * flow, and the cycles of arcs strictly between their bounds that its
 * first tree pushed flow round. */
void sb_mcf_finish_stats(const sb_mcf *g, long *pivots, long *free_cycles);

#endif
