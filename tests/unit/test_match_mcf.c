/*
 * test_match_mcf.c - the min-cost max-flow solver of src/match (mcf.h)
 * against a plain reference: successive shortest paths with Bellman-Ford,
 * written here apart from the solver.
 *
 * The solver's exact finish is a network simplex started from the flow of
 * the cost-scaling rounds. It is checked from the flow they leave by
 * default, from the flows of later rounds, and from the maximum flow
 * itself with no round (far from the least cost, with many cycles of
 * arcs strictly between their bounds for the first tree to cancel); each
 * way is checked to have had work to do. Costs are
 * random multiples of a random unit (the solver divides by their greatest
 * common divisor); a series of wide networks has arcs too large for one
 * residual arc (laid out in pieces) and costs too far apart to be
 * indexed by their value (a sorted table). Checked: the flow value and
 * cost, and that the flow on the arcs respects capacities and
 * conservation and adds up to that cost.
 */
#include "testutil.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/match/mcf.h"
#include "../../src/match/mcf_simplex.h"
#include "match_gen.h"
#include "skillsbot/error.h"
#include "skillsbot/mem.h"

typedef struct ref_arc {
	int from, to, cap;
	int64_t cost;
} ref_arc;

/* Min-cost max-flow by successive shortest paths (Bellman-Ford on the
 * residual graph, which has no negative cycle at any step). */
static void reference(const ref_arc *arcs, int m, int n, int s, int t,
		      long *flow_out, int64_t *cost_out)
{
	int *flow = sb_calloc((size_t)m + 1, sizeof(int));
	int64_t *dist = sb_calloc((size_t)n, sizeof(int64_t));
	int *via = sb_calloc((size_t)n, sizeof(int));   /* 2 * arc + backward */
	long total = 0;
	int64_t cost = 0;

	for (;;) {
		bool changed = true;
		int push = INT32_MAX;

		for (int v = 0; v < n; v++) {
			dist[v] = INT64_MAX;
			via[v] = -1;
		}
		dist[s] = 0;
		for (int round = 0; round < n && changed; round++) {
			changed = false;
			for (int a = 0; a < m; a++) {
				const ref_arc *e = &arcs[a];

				if (flow[a] < e->cap && dist[e->from] != INT64_MAX &&
				    dist[e->from] + e->cost < dist[e->to]) {
					dist[e->to] = dist[e->from] + e->cost;
					via[e->to] = 2 * a;
					changed = true;
				}
				if (flow[a] > 0 && dist[e->to] != INT64_MAX &&
				    dist[e->to] - e->cost < dist[e->from]) {
					dist[e->from] = dist[e->to] - e->cost;
					via[e->from] = 2 * a + 1;
					changed = true;
				}
			}
		}
		if (dist[t] == INT64_MAX)
			break;
		for (int v = t; v != s;) {
			const ref_arc *e = &arcs[via[v] / 2];
			int room = via[v] % 2 ? flow[via[v] / 2]
					       : e->cap - flow[via[v] / 2];

			if (room < push)
				push = room;
			v = via[v] % 2 ? e->to : e->from;
		}
		for (int v = t; v != s;) {
			const ref_arc *e = &arcs[via[v] / 2];

			flow[via[v] / 2] += via[v] % 2 ? -push : push;
			v = via[v] % 2 ? e->to : e->from;
		}
		total += push;
		cost += (int64_t)push * dist[t];
	}
	*flow_out = total;
	*cost_out = cost;
	free(flow);
	free(dist);
	free(via);
}

/* A random layered network (source, layers, sink) with some arcs
 * between and back across layers, so that cycles exist. */
static int random_network(mg_rng *r, ref_arc *arcs, int max_arcs, int *n_out)
{
	int n = 66 + mg_below(r, 90), m = 0;
	int64_t unit = 1 + mg_below(r, 50);
	int max_cost = mg_below(r, 4) == 0 ? 5 : 1 + mg_below(r, 2000);

	for (int i = 0; i < 4 * n && m < max_arcs; i++) {
		int u = mg_below(r, n), v = mg_below(r, n);

		if (mg_below(r, 5) == 0)
			u = 0;                   /* from the source */
		if (mg_below(r, 5) == 0)
			v = 1;                   /* to the sink */
		if (u == v || v == 0 || u == 1)
			continue;
		arcs[m].from = u;
		arcs[m].to = v;
		arcs[m].cap = 1 + mg_below(r, mg_below(r, 3) ? 2 : 6);
		arcs[m].cost = unit * mg_below(r, max_cost + 1);
		m++;
	}
	*n_out = n;
	return m;
}

/* Capacities times 10,000-29,999 (up to six pieces an arc), and costs
 * drawn from 40 values spread over 50 million (a sorted table). True if
 * the network has both an arc of more than one piece and costs too far
 * apart for a table by value. */
static bool widen(mg_rng *r, ref_arc *arcs, int m)
{
	int64_t values[40], lo = INT64_MAX, hi = INT64_MIN;
	int factor = 10000 + mg_below(r, 20000);
	bool big = false;

	for (int i = 0; i < 40; i++)
		values[i] = mg_below(r, 50000000);
	for (int a = 0; a < m; a++) {
		arcs[a].cap *= factor;
		arcs[a].cost = values[mg_below(r, 40)];
		big |= arcs[a].cap > SB_MCF_PIECE;
		lo = arcs[a].cost < lo ? arcs[a].cost : lo;
		hi = arcs[a].cost > hi ? arcs[a].cost : hi;
	}
	return big && hi - lo >= SB_MCF_COSTS;
}

typedef struct finish_count {
	long pivots;           /* simplex pivots that moved flow */
	long free_cycles;      /* cycles of free arcs cancelled first */
	long rounds;           /* cost-scaling rounds */
	long wide;             /* networks that widen() made wide */
	long turned;           /* networks solved turned round */
} finish_count;

/* simplex_from: 0 for the solver's default; wide: see widen(). */
static void check_one(uint64_t seed, int simplex_from, bool wide,
		      finish_count *fc)
{
	mg_rng r = {seed};
	ref_arc arcs[800];
	int n, m = random_network(&r, arcs, 800, &n);
	sb_mcf *g = sb_mcf_new(n);
	long flow = -1, want_flow, pivots, free_cycles, n_arcs, rounds;
	int64_t cost = -1, want_cost, sum = 0;
	int64_t *bal = sb_calloc((size_t)n, sizeof(int64_t));

	if (wide && widen(&r, arcs, m))
		fc->wide++;
	for (int a = 0; a < m; a++)
		assert_int_equal(sb_mcf_add_arc(g, arcs[a].from, arcs[a].to,
						arcs[a].cap, arcs[a].cost), a);
	if (simplex_from)
		sb_mcf_set_simplex_from(g, simplex_from);
	assert_int_equal(sb_mcf_solve(g, 0, 1, &flow, &cost), 0);
	sb_mcf_finish_stats(g, &pivots, &free_cycles);
	sb_mcf_stats(g, &n_arcs, &rounds);
	fc->pivots += pivots;
	fc->free_cycles += free_cycles;
	fc->rounds += rounds;
	fc->turned += sb_mcf_turned(g);
	reference(arcs, m, n, 0, 1, &want_flow, &want_cost);
	if (flow != want_flow || cost != want_cost)
		fail_msg("seed %llu: flow %ld cost %lld, want %ld %lld",
			 (unsigned long long)seed, flow, (long long)cost,
			 want_flow, (long long)want_cost);
	for (int a = 0; a < m; a++) {
		int f = sb_mcf_flow(g, a);

		assert_true(f >= 0 && f <= arcs[a].cap);
		bal[arcs[a].from] -= f;
		bal[arcs[a].to] += f;
		sum += (int64_t)f * arcs[a].cost;
	}
	assert_int_equal(sum, cost);
	assert_int_equal(bal[0], -flow);
	assert_int_equal(bal[1], flow);
	for (int v = 2; v < n; v++)
		assert_int_equal(bal[v], 0);
	free(bal);
	sb_mcf_free(g);
}

/* The default way: the rounds leave a flow that is not yet the least
 * on some of these networks, so the simplex must have pivoted. Sources
 * and sinks of random width: both ways round are taken (sb_mcf_turned). */
static void test_random_networks(void **state)
{
	finish_count fc = {0, 0, 0, 0, 0};

	(void)state;
	for (uint64_t seed = 1; seed <= 1000; seed++)
		check_one(seed, 0, false, &fc);
	assert_true(fc.rounds > 0);
	assert_true(fc.pivots > 0);
	assert_true(fc.turned > 100 && fc.turned < 900);
}

/* From the maximum flow, with no round at all (the simplex takes over
 * at once when every cost is within simplex_from units): the first tree
 * must cancel cycles of free arcs on some networks, and the simplex
 * does most of the work. */
static void test_random_networks_from_max_flow(void **state)
{
	finish_count fc = {0, 0, 0, 0, 0};

	(void)state;
	for (uint64_t seed = 3001; seed <= 4000; seed++)
		check_one(seed, INT32_MAX, false, &fc);
	assert_int_equal(fc.rounds, 0);
	assert_true(fc.free_cycles > 0);
	assert_true(fc.pivots > 0);
}

/* From the flows of later rounds (epsilon down to 4 units, and to 1
 * unit: the last round before epsilon would go below one scaled unit). */
static void test_random_networks_late_rounds(void **state)
{
	finish_count fc = {0, 0, 0, 0, 0};

	(void)state;
	for (uint64_t seed = 5001; seed <= 5500; seed++) {
		check_one(seed, 4, false, &fc);
		check_one(seed, 1, false, &fc);
	}
	assert_true(fc.rounds > 0);
}

/* Wide networks (see widen): pieces and a sorted table of costs give the
 * same answers as the reference. */
static void test_random_networks_wide(void **state)
{
	finish_count fc = {0, 0, 0, 0, 0};

	(void)state;
	for (uint64_t seed = 7001; seed <= 7300; seed++)
		check_one(seed, 0, true, &fc);
	assert_true(fc.wide > 250);
	assert_true(fc.rounds > 0);
}

/* A network with more distinct costs than the table holds is refused,
 * not solved wrong; one with exactly as many is solved. (Parallel arcs:
 * costs that far apart on as many nodes would pass the prices' bound.) */
static void test_distinct_costs(void **state)
{
	(void)state;
	for (int k = SB_MCF_COSTS; k <= SB_MCF_COSTS + 1; k++) {
		sb_mcf *g = sb_mcf_new(2);
		long flow;
		int64_t cost, want = 0;

		for (int i = 0; i < k; i++) {
			/* squares: no common divisor, far apart */
			sb_mcf_add_arc(g, 0, 1, 1, (int64_t)i * i);
			want += (int64_t)i * i;
		}
		if (k > SB_MCF_COSTS) {
			assert_int_equal(sb_mcf_solve(g, 0, 1, &flow, &cost),
					 SB_ETOOBIG);
			assert_non_null(strstr(sb_error_message(), "costs"));
		} else {
			assert_int_equal(sb_mcf_solve(g, 0, 1, &flow, &cost),
					 SB_OK);
			assert_int_equal(flow, k);
			assert_int_equal(cost, want);
		}
		sb_mcf_free(g);
	}
}

/* The DIMACS file a benchmark writes (sb_mcf_write_dimacs) describes
 * the problem solved: read back, the reference solves it to the same
 * flow value and cost, arc for arc in the order added. */
static void test_dimacs_round_trip(void **state)
{
	char *dir = tu_mkdtemp(), *path = sb_asprintf("%s/net.min", dir);
	char *bad = sb_asprintf("%s/no/such/dir/net.min", dir);

	(void)state;
	for (uint64_t seed = 7001; seed <= 7020; seed++) {
		mg_rng r = {seed};
		ref_arc arcs[800], back[800];
		int n, m = random_network(&r, arcs, 800, &n), bn, bm, k = 0;
		sb_mcf *g = sb_mcf_new(n);
		long flow, supply, demand, want_flow;
		int64_t cost, want_cost;
		int s1, t1;
		char line[256];
		FILE *f;

		for (int a = 0; a < m; a++)
			sb_mcf_add_arc(g, arcs[a].from, arcs[a].to, arcs[a].cap,
				       arcs[a].cost);
		assert_int_equal(sb_mcf_solve(g, 0, 1, &flow, &cost), 0);
		assert_int_equal(sb_mcf_write_dimacs(g, 0, 1, flow, path), 0);
		f = fopen(path, "r");
		assert_non_null(f);
		while (fgets(line, sizeof(line), f) && line[0] == 'c')
			;
		assert_int_equal(sscanf(line, "p min %d %d", &bn, &bm), 2);
		assert_int_equal(bn, n);
		assert_int_equal(bm, m);
		assert_int_equal(fscanf(f, " n %d %ld n %d %ld", &s1, &supply,
					&t1, &demand), 4);
		assert_true(s1 == 1 && t1 == 2 && supply == flow &&
			    demand == -flow);
		while (k < m && fscanf(f, " a %d %d 0 %d %" SCNd64, &back[k].from,
				       &back[k].to, &back[k].cap,
				       &back[k].cost) == 4) {
			back[k].from--;
			back[k].to--;
			assert_int_equal(back[k].from, arcs[k].from);
			assert_int_equal(back[k].to, arcs[k].to);
			assert_int_equal(back[k].cost, arcs[k].cost);
			assert_true(back[k].cap <= arcs[k].cap);
			k++;
		}
		assert_int_equal(k, m);
		assert_int_equal(fscanf(f, " "), 0);
		assert_int_equal(fgetc(f), EOF);
		fclose(f);
		reference(back, m, n, 0, 1, &want_flow, &want_cost);
		assert_int_equal(want_flow, flow);
		assert_int_equal(want_cost, cost);
		assert_int_equal(sb_mcf_write_dimacs(g, 0, 1, flow, bad), SB_EIO);
		assert_non_null(strstr(sb_error_message(), bad));
		sb_mcf_free(g);
	}
	tu_rmtree(dir);
	free(dir);
	free(path);
	free(bad);
}

/* Costs are kept in 32-bit units of their greatest common divisor: a
 * network whose costs are too far apart for that is refused, not solved
 * wrong; the same spread in units of a large divisor is fine. */
static void test_costs_too_far_apart(void **state)
{
	int64_t big = (int64_t)1 << 40;
	long flow;
	int64_t cost;
	sb_mcf *g = sb_mcf_new(4);

	(void)state;
	sb_mcf_add_arc(g, 0, 2, 1, 1);
	sb_mcf_add_arc(g, 2, 1, 1, big);
	sb_mcf_add_arc(g, 0, 3, 1, 0);
	sb_mcf_add_arc(g, 3, 1, 1, 3);
	assert_int_equal(sb_mcf_solve(g, 0, 1, &flow, &cost), SB_ETOOBIG);
	assert_non_null(strstr(sb_error_message(), "costs"));
	sb_mcf_free(g);
	g = sb_mcf_new(4);
	sb_mcf_add_arc(g, 0, 2, 1, big);
	sb_mcf_add_arc(g, 2, 1, 1, 3 * big);
	sb_mcf_add_arc(g, 0, 3, 1, 0);
	sb_mcf_add_arc(g, 3, 1, 1, 2 * big);
	assert_int_equal(sb_mcf_solve(g, 0, 1, &flow, &cost), SB_OK);
	assert_int_equal(flow, 2);
	assert_int_equal(cost, 6 * big);
	sb_mcf_free(g);
}

/* More than 2^31 units of capacity meeting at one node would overflow
 * its excess: refused, not solved wrong. Just under is fine. */
static void test_capacity_at_a_node(void **state)
{
	int half = 1 << 30;
	long flow;
	int64_t cost;
	sb_mcf *g = sb_mcf_new(3);

	(void)state;
	sb_mcf_add_arc(g, 0, 2, half, 1);
	sb_mcf_add_arc(g, 0, 2, half, 2);
	sb_mcf_add_arc(g, 2, 1, INT32_MAX, 0);
	assert_int_equal(sb_mcf_solve(g, 0, 1, &flow, &cost), SB_ETOOBIG);
	assert_non_null(strstr(sb_error_message(), "capacity"));
	sb_mcf_free(g);
	g = sb_mcf_new(3);
	sb_mcf_add_arc(g, 0, 2, half / 2, 1);
	sb_mcf_add_arc(g, 0, 2, half / 2, 2);
	sb_mcf_add_arc(g, 2, 1, half / 2 + 5, 0);
	assert_int_equal(sb_mcf_solve(g, 0, 1, &flow, &cost), SB_OK);
	assert_int_equal(flow, half / 2 + 5);
	assert_int_equal(cost, (int64_t)(half / 2) * 1 + 5 * 2);
	sb_mcf_free(g);
}

/* Many equal-cost routes (ties everywhere) and zero costs. */
static void test_ties_and_zero_costs(void **state)
{
	sb_mcf *g = sb_mcf_new(2 + 200);
	long flow;
	int64_t cost;

	(void)state;
	for (int i = 0; i < 100; i++) {
		sb_mcf_add_arc(g, 0, 2 + i, 1, 0);
		for (int k = 0; k < 100; k += 7)
			sb_mcf_add_arc(g, 2 + i, 102 + (i + k) % 100, 1, 0);
	}
	for (int k = 0; k < 50; k++)
		sb_mcf_add_arc(g, 102 + k, 1, 1, 0);
	assert_int_equal(sb_mcf_solve(g, 0, 1, &flow, &cost), 0);
	assert_int_equal(flow, 50);
	assert_int_equal(cost, 0);
	sb_mcf_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_networks),
		cmocka_unit_test(test_random_networks_from_max_flow),
		cmocka_unit_test(test_random_networks_late_rounds),
		cmocka_unit_test(test_random_networks_wide),
		cmocka_unit_test(test_distinct_costs),
		cmocka_unit_test(test_ties_and_zero_costs),
		cmocka_unit_test(test_dimacs_round_trip),
		cmocka_unit_test(test_costs_too_far_apart),
		cmocka_unit_test(test_capacity_at_a_node),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
