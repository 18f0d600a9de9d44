/* mcf.c - exact min-cost max-flow (Dinic, cost scaling, then a network
 * simplex from that flow); see mcf.h. */
#include "mcf.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcf_simplex.h"
#include "skillsbot/error.h"
#include "skillsbot/mem.h"

/* Costs are multiplied by this during the rounds, so that epsilon can go
 * below one unit of cost (measured 8, 16, 64 alike on the benchmark). */
#define SCALE 64
/* The network simplex takes over once epsilon is at most this many units
 * of cost (measured at 100,000 profiles, epsilon / 4 each round: after
 * the 3rd round, epsilon 9.4 units, 0.3-0.45 s for the simplex; after
 * the 4th, 2.3 units, 0.3 s, but the 4th round costs 0.6 s; after the
 * 2nd, 37.5 units, 4.4 s). */
#define SIMPLEX_FROM 16

/* The arcs as added; their capacities are dropped once solve has built
 * the residual graph, their ends kept (the network simplex reads them). */
struct sb_mcf {
	int n;                 /* nodes */
	size_t n_nodes_cap;
	int *first_edge, *last_edge;   /* per node: added arcs, in order */
	int *e_from, *e_to, *e_cap, *e_next;
	int64_t *e_cost;
	size_t m, m_cap;
	/* residual graph (compressed rows), built by solve */
	int *start;            /* n + 1 */
	size_t m_res;          /* residual arcs: 2 a piece */
	sb_mcf_arc *arc;       /* forward and reverse arcs */
	int *rev;              /* arc -> its reverse */
	int *fwd;              /* edge -> its first forward residual arc */
	int *pieces;           /* edge -> how many (see SB_MCF_PIECE) */
	int32_t *cost_of;      /* the costs' table (see sb_mcf_arc) */
	int n_costs;
	/* per residual arc: its capacity plus its reverse's, which pushing
	 * flow never changes (set when the residual graph is built, again
	 * once capacities are cut to the flow value); so the reverse's
	 * capacity is known without reading the reverse, which lies in
	 * another row */
	int16_t *pair_cap;
	int *flow;             /* per added arc, once solved */
	long phases;
	int simplex_from;      /* see SIMPLEX_FROM */
	bool turned;           /* solved with every arc turned round */
	sb_mcf_simplex_stats simplex;
};

sb_mcf *sb_mcf_new(int n_nodes)
{
	sb_mcf *g = sb_calloc(1, sizeof(*g));

	g->simplex_from = SIMPLEX_FROM;

	for (int i = 0; i < n_nodes; i++)
		sb_mcf_add_node(g);
	return g;
}

void sb_mcf_free(sb_mcf *g)
{
	if (!g)
		return;
	free(g->first_edge);
	free(g->last_edge);
	free(g->e_from);
	free(g->e_to);
	free(g->e_cap);
	free(g->e_next);
	free(g->e_cost);
	free(g->start);
	free(g->arc);
	free(g->rev);
	free(g->fwd);
	free(g->pieces);
	free(g->cost_of);
	free(g->pair_cap);
	free(g->flow);
	free(g);
}

int sb_mcf_add_node(sb_mcf *g)
{
	size_t cap = g->n_nodes_cap;

	SB_GROW(g->first_edge, cap, (size_t)g->n + 1);
	cap = g->n_nodes_cap;
	SB_GROW(g->last_edge, cap, (size_t)g->n + 1);
	g->n_nodes_cap = cap;
	g->first_edge[g->n] = -1;
	g->last_edge[g->n] = -1;
	return g->n++;
}

void sb_mcf_set_simplex_from(sb_mcf *g, int k)
{
	g->simplex_from = k > 0 ? k : 1;
}

int sb_mcf_node_count(const sb_mcf *g)
{
	return g->n;
}

int sb_mcf_add_arc(sb_mcf *g, int u, int v, int cap, int64_t cost)
{
	size_t c = g->m_cap;
	int e = (int)g->m;

	SB_GROW(g->e_from, c, g->m + 1);
	c = g->m_cap;
	SB_GROW(g->e_to, c, g->m + 1);
	c = g->m_cap;
	SB_GROW(g->e_cap, c, g->m + 1);
	c = g->m_cap;
	SB_GROW(g->e_next, c, g->m + 1);
	c = g->m_cap;
	SB_GROW(g->e_cost, c, g->m + 1);
	g->m_cap = c;
	g->e_from[e] = u;
	g->e_to[e] = v;
	g->e_cap[e] = cap;
	g->e_cost[e] = cost;
	g->e_next[e] = -1;
	if (g->last_edge[u] < 0)
		g->first_edge[u] = e;
	else
		g->e_next[g->last_edge[u]] = e;
	g->last_edge[u] = e;
	g->m++;
	return e;
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

/* The table of costs (see sb_mcf_arc): added arc e's cost in units
 * (unit[e], its cost divided by the costs' common divisor) is
 * cost_of[index[e]], its reverse's cost_of[index[e] + n_costs]. When the
 * costs span fewer than SB_MCF_COSTS values, an index is the cost less
 * the least one (no search); otherwise the distinct costs are sorted.
 * False if there are more than SB_MCF_COSTS of them. */
static bool cost_table(sb_mcf *g, const int32_t *unit, uint16_t *index)
{
	int32_t lo = INT32_MAX, hi = INT32_MIN, *v;
	size_t k = 0;

	for (size_t e = 0; e < g->m; e++) {
		lo = unit[e] < lo ? unit[e] : lo;
		hi = unit[e] > hi ? unit[e] : hi;
	}
	if (g->m == 0)
		lo = hi = 0;
	if ((int64_t)hi - lo < SB_MCF_COSTS) {
		g->n_costs = hi - lo + 1;
		g->cost_of = sb_reallocarray(NULL, 2 * (size_t)g->n_costs,
					     sizeof(int32_t));
		for (int i = 0; i < g->n_costs; i++)
			g->cost_of[i] = lo + i;
		for (size_t e = 0; e < g->m; e++)
			index[e] = (uint16_t)(unit[e] - lo);
	} else {
		v = sb_reallocarray(NULL, g->m, sizeof(int32_t));
		memcpy(v, unit, g->m * sizeof(int32_t));
		qsort(v, g->m, sizeof(int32_t), cmp_i32);
		for (size_t i = 0; i < g->m; i++)
			if (i == 0 || v[i] != v[k - 1])
				v[k++] = v[i];
		if (k > SB_MCF_COSTS) {
			free(v);
			return false;
		}
		g->n_costs = (int)k;
		g->cost_of = sb_reallocarray(NULL, 2 * k, sizeof(int32_t));
		memcpy(g->cost_of, v, k * sizeof(int32_t));
		for (size_t e = 0; e < g->m; e++) {
			int32_t *at = bsearch(&unit[e], v, k, sizeof(int32_t),
					      cmp_i32);

			index[e] = (uint16_t)(at - v);
		}
		free(v);
	}
	for (int i = 0; i < g->n_costs; i++)
		g->cost_of[i + g->n_costs] = -g->cost_of[i];
	return true;
}

/* Pieces of added arc e: no flow can pass `bound` (what the source can
 * send and the sink take), so no more capacity is laid out. */
static int pieces_of(const sb_mcf *g, size_t e, int64_t bound)
{
	int64_t cap = g->e_cap[e] < bound ? g->e_cap[e] : bound;

	return cap <= SB_MCF_PIECE ? 1 : (int)((cap + SB_MCF_PIECE - 1) /
					       SB_MCF_PIECE);
}

/* Lay the residual arcs out row by row; within a row, in order of the
 * added arc (a forward arc and a reverse arc of the same added arc keep
 * that order too, and its pieces lie side by side), so exploration order
 * depends on nothing else. False if there are too many pieces. */
static bool lay_out(sb_mcf *g, const uint16_t *index, int64_t bound)
{
	int *fill = sb_calloc((size_t)g->n + 1, sizeof(int));

	g->pieces = sb_reallocarray(NULL, g->m ? g->m : 1, sizeof(int));
	g->start = sb_calloc((size_t)g->n + 1, sizeof(int));
	g->m_res = 0;
	for (size_t e = 0; e < g->m; e++) {
		g->pieces[e] = pieces_of(g, e, bound);
		g->m_res += 2 * (size_t)g->pieces[e];
		g->start[g->e_from[e] + 1] += g->pieces[e];
		g->start[g->e_to[e] + 1] += g->pieces[e];
	}
	if (g->m_res > INT_MAX) {
		free(fill);
		return false;
	}
	for (int v = 0; v < g->n; v++)
		g->start[v + 1] += g->start[v];
	memcpy(fill, g->start, sizeof(int) * (size_t)g->n);
	g->arc = sb_reallocarray(NULL, g->m_res + 1, sizeof(sb_mcf_arc));
	g->rev = sb_reallocarray(NULL, g->m_res + 1, sizeof(int));
	g->pair_cap = sb_reallocarray(NULL, g->m_res + 1, sizeof(int16_t));
	g->fwd = sb_reallocarray(NULL, g->m ? g->m : 1, sizeof(int));
	for (size_t e = 0; e < g->m; e++) {
		int u = g->e_from[e], v = g->e_to[e];
		int64_t left = g->e_cap[e] < bound ? g->e_cap[e] : bound;

		g->fwd[e] = fill[u];
		for (int k = 0; k < g->pieces[e]; k++) {
			int a = fill[u]++, b = fill[v]++;
			int16_t c = (int16_t)(left < SB_MCF_PIECE ? left
							: SB_MCF_PIECE);

			left -= c;
			g->arc[a] = (sb_mcf_arc){v, c, index[e]};
			g->arc[b] = (sb_mcf_arc){u, 0,
				(uint16_t)(index[e] + g->n_costs)};
			g->rev[a] = b;
			g->rev[b] = a;
			g->pair_cap[a] = g->pair_cap[b] = c;
		}
	}
	free(fill);
	return true;
}

/* What the source can send (*out) and the sink take (*in): no flow is
 * larger than either. */
static void end_capacities(const sb_mcf *g, int s, int t, int64_t *out,
			   int64_t *in)
{
	*out = *in = 0;
	for (size_t e = 0; e < g->m; e++) {
		if (g->e_from[e] == s)
			*out += g->e_cap[e];
		if (g->e_to[e] == t)
			*in += g->e_cap[e];
	}
}

static int64_t gcd64(int64_t a, int64_t b)
{
	while (b) {
		int64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* Costs in units of their greatest common divisor: fewer refine rounds,
 * same optimum; and in 32 bits, for the costs' table. `bound`: what the
 * source can send and the sink take, which no arc carries more than. */
static int build_residual(sb_mcf *g, int64_t bound)
{
	int64_t div = 0;
	int32_t *unit = sb_reallocarray(NULL, g->m ? g->m : 1,
					sizeof(int32_t));
	uint16_t *index = sb_reallocarray(NULL, g->m ? g->m : 1,
					  sizeof(uint16_t));
	bool ok = true;
	int err = SB_OK;

	for (size_t e = 0; e < g->m; e++)
		if (div == 0 || g->e_cost[e] % div != 0)
			div = gcd64(div, g->e_cost[e] < 0 ? -g->e_cost[e]
							  : g->e_cost[e]);
	if (div == 0)
		div = 1;
	for (size_t e = 0; e < g->m && ok; e++) {
		int64_t q = g->e_cost[e] / div;

		ok = q <= INT32_MAX && q >= -INT32_MAX;
		unit[e] = (int32_t)q;
	}
	if (!ok)
		err = sb_error_set(SB_ETOOBIG, "matching: costs too far apart "
				   "for the solver");
	else if (!cost_table(g, unit, index) ||
		 !lay_out(g, index, bound))
		err = sb_error_set(SB_ETOOBIG, "matching: flow network too "
				   "large for the solver (more than %d "
				   "distinct costs or 2^31 arcs)",
				   SB_MCF_COSTS);
	free(unit);
	free(index);
	if (err < 0)
		return err;
	free(g->e_cap);
	g->e_cap = NULL;
	return SB_OK;
}

/* Send d units along residual arc a: its reverse gets them back. */
static void move_flow(sb_mcf *g, int a, int d)
{
	g->arc[a].cap = (int16_t)(g->arc[a].cap - d);
	g->arc[g->rev[a]].cap = (int16_t)(g->arc[g->rev[a]].cap + d);
}

/* A node in a global price update: its distance to the nearest deficit
 * (UNREACHED or at most n), its bucket list's links, whether settled.
 * One record, so that relaxing an arc into the node reads one line. */
typedef struct upd_node {
	int dist, next, prev, done;
} upd_node;

#define UNREACHED INT_MAX

/* What the rounds read of a node each time they visit it, in one 16-byte
 * record: its price, current arc and excess (bounded: see arcs_fit) came
 * from three arrays, three cache misses a visit (measured at 100,000
 * profiles, 5 runs interleaved: match CPU median 1.78 s against 1.75 s
 * so; the prices read through the arcs' heads are no slower spread
 * over records). */
typedef struct node_state {
	int64_t price;
	int iter, excess;
} node_state;

/* Working arrays of one solve. */
typedef struct solver {
	sb_mcf *g;
	int s, t;
	int *level, *queue;
	node_state *nd;
	unsigned char *queued;
	/* price updates: bucket lists by distance */
	int *bucket;
	upd_node *upd;
	int *path;
	long relabels;
	int64_t scale;         /* the costs' factor */
	int64_t *cost;         /* the costs' table times scale */
} solver;

/* The searches below (a breadth-first one, the price update's buckets)
 * know which node they read next, and its row is far in memory: ask for
 * it early (measured at 100,000 profiles: the five price updates
 * 0.24-0.26 s without, 0.19-0.21 s with; the maximum flow 0.13-0.14 s,
 * 0.11 s with). Always inlined: GCC takes a function that
 * only prefetches for one without effect, and drops its calls. */
static inline __attribute__((always_inline)) void
prefetch_row(const sb_mcf *g, int v)
{
	if (v >= 0) {
		__builtin_prefetch(&g->arc[g->start[v]]);
		__builtin_prefetch(&g->pair_cap[g->start[v]]);
	}
}

#define BFS_AHEAD 4

/* ---- maximum flow (Dinic): the flow value comes first ---- */

/* Levels are distances to the sink (breadth first, backwards along the
 * residual arcs), searched only until the source is reached: in the late
 * phases few nodes lie nearer the sink than the source, and the depth
 * first search then only enters nodes on shortest paths to the sink
 * (measured at 100,000 profiles: 0.21 s for the 8 phases, against 0.46 s
 * with distances from the source, whose last five phases searched the
 * whole graph twice for 2 % of the flow). The room of the arc into u is
 * read from u's own row, through pair_cap, not from the reverse arc in
 * the other node's row (measured: 0.15-0.17 s instead of 0.22-0.25 s). */
static int bfs_levels(solver *S)
{
	sb_mcf *g = S->g;
	int qh = 0, qt = 0;

	for (int v = 0; v < g->n; v++)
		S->level[v] = -1;
	S->level[S->t] = 0;
	S->queue[qt++] = S->t;
	while (qh < qt) {
		int u = S->queue[qh++];

		if (u == S->s)
			break;
		if (qh + BFS_AHEAD < qt)
			prefetch_row(g, S->queue[qh + BFS_AHEAD]);
		for (int a = g->start[u]; a < g->start[u + 1]; a++) {
			int v = g->arc[a].head;

			if (g->pair_cap[a] - g->arc[a].cap > 0 && S->level[v] < 0) {
				S->level[v] = S->level[u] + 1;
				S->queue[qt++] = v;
			}
		}
	}
	return S->level[S->s] >= 0;
}

static long push_flow(solver *S, int u, long f)
{
	sb_mcf *g = S->g;
	long pushed = 0;

	if (u == S->t)
		return f;
	for (; S->nd[u].iter < g->start[u + 1]; S->nd[u].iter++) {
		int a = S->nd[u].iter, v = g->arc[a].head;
		long d;

		if (g->arc[a].cap <= 0 || S->level[v] != S->level[u] - 1)
			continue;
		d = push_flow(S, v, f - pushed < g->arc[a].cap ? f - pushed
							     : g->arc[a].cap);
		if (d > 0) {
			move_flow(g, a, (int)d);
			pushed += d;
			if (pushed == f)
				break;
		}
	}
	if (pushed == 0)
		S->level[u] = -1;
	return pushed;
}

static long max_flow(solver *S)
{
	long flow = 0, f;

	while (bfs_levels(S)) {
		for (int v = 0; v < S->g->n; v++)
			S->nd[v].iter = S->g->start[v];
		while ((f = push_flow(S, S->s, LONG_MAX)) > 0)
			flow += f;
	}
	return flow;
}

/* ---- least cost for that value: cost scaling (Goldberg-Tarjan) ----
 *
 * Costs are divided by their greatest common divisor and multiplied by
 * SCALE; the rounds only bring the flow near the optimum, and the network
 * simplex (mcf_simplex.c) makes it exact (see scale_down). Each refine
 * divides epsilon by ALPHA and restores epsilon-optimality by partial
 * augment-relabel (as in LEMON's CostScaling: from an active node, follow
 * admissible arcs up to MAX_PATH arcs or to a node in deficit, relabelling
 * and stepping back at dead ends, then push along the path). The flow
 * value never changes because the source and the sink keep their
 * balance. */

/* Measured at 100,000 profiles: ALPHA 4 (5 rounds) 4.9 s, 8: 5.5 s,
 * 16: 6.6 s; MAX_PATH 8: 4.6-4.9 s, 4: 5.0-5.3 s, 2: 5.1-5.5 s. Since
 * the network simplex finishes, the first round divides epsilon by
 * FIRST_ALPHA, which depends on the side that limits the flow (see
 * sb_mcf_solve; match CPU at 100,000 profiles, docs/bench-match.md,
 * twelfth pass). With a narrower sink side (every sharer full: the
 * benchmark's directories), one round at / 64 is best (median 1.22 s;
 * / 32 then / 4 1.61 s, / 128 1.32 s, / 512 1.65 s). With a narrower
 * source side (sharers with room to spare), the simplex after / 64
 * makes 1.8-3.4 million pivots that move no flow (up to 22 s), after
 * / 512 105,000-141,000 (0.44-3.6 s over five kinds of directory; / 256
 * as fast on one, slower on the others). */
#define FIRST_ALPHA_NARROW_SINK 64
#define FIRST_ALPHA_NARROW_SOURCE 512
#define ALPHA 4
#define MAX_PATH 8
/* A global price update after every 4n relabels (measured: 1n, 2n, 4n, 8n). */
#define UPDATE_EVERY_RELABELS(n) (4L * (n) + 16)

static void bucket_remove(solver *S, int v)
{
	upd_node *x = &S->upd[v];

	if (x->prev >= 0)
		S->upd[x->prev].next = x->next;
	else
		S->bucket[x->dist] = x->next;
	if (x->next >= 0)
		S->upd[x->next].prev = x->prev;
}

static void bucket_add(solver *S, int v, int d)
{
	upd_node *x = &S->upd[v];

	x->dist = d;
	x->prev = -1;
	x->next = S->bucket[d];
	if (x->next >= 0)
		S->upd[x->next].prev = v;
	S->bucket[d] = v;
}

/* Global price update (Goldberg 1997): lengths floor(rc / eps) + 1 on
 * residual arcs, distances from every node to the nearest deficit, found
 * backwards from the deficits with buckets (Dial) and stopped once the
 * excess is all settled or the distance passes n; prices drop by eps
 * times the distance (unsettled nodes by the last distance settled).
 * Keeps eps-optimality and gives every node with excess an admissible
 * path to a deficit, which saves most relabels. An arc is tested for
 * room before its tail's state is read: the row is read in order, the
 * tails at random (measured at 100,000 profiles, the five updates:
 * 0.27-0.28 s with separate arrays and the tail read first, 0.25-0.26 s
 * so). */
static void price_update(solver *S, int64_t eps)
{
	sb_mcf *g = S->g;
	long excess = 0;
	int r, max_r = g->n, last = 0;

	for (int v = 0; v < g->n; v++) {
		S->upd[v] = (upd_node){UNREACHED, -1, -1, 0};
		S->bucket[v] = -1;
		if (S->nd[v].excess > 0)
			excess += S->nd[v].excess;
	}
	S->bucket[g->n] = -1;
	for (int v = 0; v < g->n; v++)
		if (S->nd[v].excess < 0)
			bucket_add(S, v, 0);
	for (r = 0; r <= max_r && excess > 0; r++) {
		while (S->bucket[r] >= 0 && excess > 0) {
			int v = S->bucket[r];
			int64_t pv = S->nd[v].price;

			bucket_remove(S, v);
			prefetch_row(g, S->bucket[r]);
			S->upd[v].done = 1;
			last = r;
			if (S->nd[v].excess > 0)
				excess -= S->nd[v].excess;
			for (int a = g->start[v]; a < g->start[v + 1]; a++) {
				int u = g->arc[a].head;
				upd_node *x;
				int64_t rc, nd;

				/* the arc u -> v is a's reverse: capacity and
				 * cost from a itself */
				if (g->pair_cap[a] - g->arc[a].cap <= 0)
					continue;
				x = &S->upd[u];
				if (x->done)
					continue;
				rc = -S->cost[g->arc[a].cost] + S->nd[u].price - pv;
				nd = r + (rc < 0 ? 0 : rc / eps + 1);
				if (nd < x->dist && nd <= max_r) {
					if (x->dist != UNREACHED)
						bucket_remove(S, u);
					bucket_add(S, u, (int)nd);
				}
			}
		}
	}
	for (int v = 0; v < g->n; v++)
		S->nd[v].price -= eps * (S->upd[v].done ? S->upd[v].dist : last);
}

/* The queue is a ring of n: a node is in it at most once. */
static void enqueue(solver *S, int v, long *qt)
{
	if (!S->queued[v]) {
		S->queued[v] = 1;
		S->queue[(*qt)++ % S->g->n] = v;
	}
}

static void activate(solver *S, int v, long *qt)
{
	if (S->nd[v].excess > 0)
		enqueue(S, v, qt);
}

/* Lower the tip's price so that its cheapest residual arc becomes
 * admissible (LEMON's relabel inside the path search); `back` is the
 * arc into the tip along the path, or -1; `from` is where admissible()
 * began its scan and `tail_min` the least reduced cost it saw from
 * there to the row's end, so only the arcs before it are read again.
 * False when the tip has no residual arc at all (cannot happen for a
 * node the path reached). */
static int relabel_tip(solver *S, int tip, int back, int from,
		       int64_t tail_min, int64_t eps)
{
	sb_mcf *g = S->g;
	int64_t best = tail_min, pt = S->nd[tip].price;

	for (int a = g->start[tip]; a < from; a++)
		if (g->arc[a].cap > 0) {
			int64_t rc = S->cost[g->arc[a].cost] + pt -
				     S->nd[g->arc[a].head].price;

			if (rc < best)
				best = rc;
		}
	if (back >= 0) {
		int ra = g->rev[back];
		int64_t rc = S->cost[g->arc[ra].cost] + pt -
			     S->nd[g->arc[ra].head].price;

		if (rc < best)
			best = rc;
	}
	if (best == INT64_MAX)
		return 0;
	S->nd[tip].price -= best + eps;
	S->nd[tip].iter = g->start[tip];
	S->relabels++;
	return 1;
}

/* Push along path[0..len) from `start`, as much as each step allows. */
static void augment(solver *S, int start, int len, long *qt)
{
	sb_mcf *g = S->g;
	int v = start;

	for (int i = 0; i < len; i++) {
		int a = S->path[i], u = v;
		long d;

		v = g->arc[a].head;
		d = S->nd[u].excess < g->arc[a].cap ? S->nd[u].excess : g->arc[a].cap;
		move_flow(g, a, (int)d);
		S->nd[u].excess -= d;
		S->nd[v].excess += d;
		activate(S, v, qt);
	}
}

/* The first admissible arc out of v from its current arc on, or -1;
 * then *tail_min is the least reduced cost of the residual arcs it
 * passed (INT64_MAX if none), which the relabel that follows needs. */
static int admissible(solver *S, int v, int64_t *tail_min)
{
	sb_mcf *g = S->g;
	int64_t pv = S->nd[v].price, best = INT64_MAX;
	int end = g->start[v + 1];

	for (int a = S->nd[v].iter; a < end; a++)
		if (g->arc[a].cap > 0) {
			int64_t rc = S->cost[g->arc[a].cost] + pv -
				     S->nd[g->arc[a].head].price;

			if (rc < 0) {
				S->nd[v].iter = a;
				return a;
			}
			if (rc < best)
				best = rc;
		}
	S->nd[v].iter = end;
	*tail_min = best;
	return -1;
}

/* One partial augment-relabel step from the active node `start`.
 * False when start has nowhere to go (a broken network). */
static int augment_from(solver *S, int start, int64_t eps, long *qt)
{
	sb_mcf *g = S->g;
	int len = 0, tip = start;

	while (len < MAX_PATH && S->nd[tip].excess >= 0) {
		int from = S->nd[tip].iter, a;
		int64_t tail_min = INT64_MAX;

		if ((a = admissible(S, tip, &tail_min)) >= 0) {
			S->path[len++] = a;
			tip = g->arc[a].head;
			continue;
		}
		if (!relabel_tip(S, tip, len ? S->path[len - 1] : -1, from,
				 tail_min, eps))
			return 0;
		if (len) {
			/* step back: the arc into tip may be inadmissible now */
			len--;
			tip = len ? g->arc[S->path[len - 1]].head : start;
		}
	}
	augment(S, start, len, qt);
	return 1;
}

static int refine(solver *S, int64_t eps)
{
	sb_mcf *g = S->g;
	long qh = 0, qt = 0;

	for (int u = 0; u < g->n; u++)
		for (int a = g->start[u]; a < g->start[u + 1]; a++)
			if (g->arc[a].cap > 0 &&
			    S->cost[g->arc[a].cost] + S->nd[u].price -
			    S->nd[g->arc[a].head].price < 0) {
				int d = g->arc[a].cap;

				move_flow(g, a, d);
				S->nd[u].excess -= d;
				S->nd[g->arc[a].head].excess += d;
			}
	price_update(S, eps);
	S->relabels = 0;
	for (int u = 0; u < g->n; u++) {
		S->nd[u].iter = g->start[u];
		S->queued[u] = 0;
		activate(S, u, &qt);
	}
	while (qh != qt) {
		int u = S->queue[qh % g->n];

		if (S->nd[u].excess <= 0) {
			S->queued[u] = 0;
			qh++;
			continue;
		}
		if (!augment_from(S, u, eps, &qt))
			return sb_error_set(SB_ERROR,
				"matching: flow network has a stranded node");
		if (S->relabels > UPDATE_EVERY_RELABELS(g->n)) {
			price_update(S, eps);
			S->relabels = 0;
		}
	}
	return SB_OK;
}

/* A node's excess never passes the capacity of its arcs together; that
 * keeps it in an int (half the memory of a long, read on every push). */
static bool arcs_fit(const sb_mcf *g)
{
	for (int v = 0; v < g->n; v++) {
		int64_t sum = 0;

		for (int a = g->start[v]; a < g->start[v + 1]; a++)
			sum += g->pair_cap[a];
		if (sum > INT_MAX)
			return false;
	}
	return true;
}

/* Cost scaling from `eps` down, epsilon divided by FIRST_ALPHA_NARROW_SINK
 * or _SOURCE in the first round and by ALPHA in any after, until it is at
 * most simplex_from units of cost (a flow eps-optimal for so small an
 * eps is close to optimal); then the network simplex makes it optimal,
 * started from that flow and those prices, so the answer is exact
 * whatever eps the rounds stopped at. */
static int scale_down(solver *S, int64_t eps)
{
	sb_mcf *g = S->g;
	sb_mcf_residual R = {g->n, (int)g->m, g->start, g->arc, g->rev,
			     g->fwd, g->pieces, g->pair_cap, g->cost_of,
			     g->e_from, g->e_to};
	int64_t *price;
	int err;

	while (eps > g->simplex_from * S->scale) {
		int64_t alpha = g->phases ? ALPHA
			: g->turned ? FIRST_ALPHA_NARROW_SINK
				    : FIRST_ALPHA_NARROW_SOURCE;

		eps = eps / alpha > 1 ? eps / alpha : 1;
		if ((err = refine(S, eps)) < 0)
			return err;
		g->phases++;
	}
	g->flow = sb_reallocarray(NULL, g->m + 1, sizeof(int));
	price = sb_reallocarray(NULL, (size_t)g->n + 1, sizeof(int64_t));
	for (int v = 0; v < g->n; v++)
		price[v] = S->nd[v].price;
	sb_mcf_simplex_finish(&R, price, S->scale, g->flow, &g->simplex);
	free(price);
	return SB_OK;
}

static int solve(sb_mcf *g, int s, int t, int64_t bound, long *flow_out,
		 int64_t *cost_out)
{
	solver S;
	long flow;
	int64_t cost = 0, eps = 1;
	int64_t worst = (int64_t)g->n + 1 + SCALE;
	int err = SB_OK;
	size_t n = (size_t)g->n;

	if ((err = build_residual(g, bound)) < 0)
		return err;
	memset(&S, 0, sizeof(S));
	S.g = g;
	S.s = s;
	S.t = t;
	S.level = sb_reallocarray(NULL, n, sizeof(int));
	S.queue = sb_reallocarray(NULL, n, sizeof(int));
	S.nd = sb_calloc(n ? n : 1, sizeof(node_state));
	S.queued = sb_calloc(n, 1);
	S.upd = sb_reallocarray(NULL, n ? n : 1, sizeof(upd_node));
	S.bucket = sb_reallocarray(NULL, n + 1, sizeof(int));
	S.path = sb_reallocarray(NULL, MAX_PATH + 1, sizeof(int));
	flow = max_flow(&S);
	/* No arc needs more than the whole flow: bounded capacities keep
	 * the saturating pushes of refine finite. */
	for (size_t a = 0; a < g->m_res; a++)
		if (g->arc[a].cap > flow) {
			int b = g->rev[a];

			g->arc[a].cap = (int16_t)flow;
			g->pair_cap[a] = g->pair_cap[b] =
				(int16_t)(flow + g->arc[b].cap);
		}
	for (int i = 0; i < 2 * g->n_costs; i++)
		if (g->cost_of[i] > eps)
			eps = g->cost_of[i];
	if (!arcs_fit(g)) {
		err = sb_error_set(SB_ETOOBIG, "matching: more than 2^31 units "
				   "of capacity meet at one node");
		goto done;
	}
	/* Prices fall by at most a few n * eps over the rounds (eps at most
	 * the largest cost times SCALE), and the simplex's potentials are
	 * those rounded down plus at most n costs along a tree path: keep
	 * both far from overflowing. */
	if (eps > ((int64_t)1 << 62) / worst / worst / 8) {
		err = sb_error_set(SB_ETOOBIG,
				   "matching: costs too large for %d nodes", g->n);
		goto done;
	}
	S.scale = SCALE;
	S.cost = sb_reallocarray(NULL, 2 * (size_t)g->n_costs + 1,
				 sizeof(int64_t));
	for (int i = 0; i < 2 * g->n_costs; i++)
		S.cost[i] = (int64_t)g->cost_of[i] * SCALE;
	if ((err = scale_down(&S, eps * SCALE)) < 0)
		goto done;
	for (size_t e = 0; e < g->m; e++)
		cost += g->e_cost[e] * (int64_t)sb_mcf_flow(g, (int)e);
	*flow_out = flow;
	*cost_out = cost;
done:
	free(S.level);
	free(S.queue);
	free(S.nd);
	free(S.queued);
	free(S.upd);
	free(S.bucket);
	free(S.path);
	free(S.cost);
	return err;
}

/* Tail for head on every added arc: the same flows solve the network
 * turned round from t to s, at the same cost. */
static void turn_round(sb_mcf *g)
{
	int *from = g->e_from;

	g->e_from = g->e_to;
	g->e_to = from;
}

/* The rounds push excess from where it is towards deficits, and do far
 * less work when they push from the side of the network that limits the
 * flow: measured at 100,000 profiles, one round from the narrower side
 * made 1.1-1.4 million relabels where the same round from the wider
 * side made 4.4-4.7 million, on directories where every sharer is full
 * and on ones where sharers have room alike (docs/bench-match.md,
 * twelfth pass). So when the sink side is the narrower, the network is
 * solved turned round; its flows are the same, arc for arc. */
int sb_mcf_solve(sb_mcf *g, int s, int t, long *flow_out, int64_t *cost_out)
{
	int64_t out, in;
	int err;

	end_capacities(g, s, t, &out, &in);
	g->turned = in < out;
	if (!g->turned)
		return solve(g, s, t, out, flow_out, cost_out);
	turn_round(g);
	err = solve(g, t, s, in, flow_out, cost_out);
	turn_round(g);
	return err;
}

int sb_mcf_flow(const sb_mcf *g, int arc)
{
	return g->flow[arc];
}

int sb_mcf_first_out(const sb_mcf *g, int u)
{
	return g->first_edge[u];
}

int sb_mcf_next_out(const sb_mcf *g, int arc)
{
	return g->e_next[arc];
}

int sb_mcf_arc_head(const sb_mcf *g, int arc)
{
	return g->e_to[arc];
}

int sb_mcf_write_dimacs(const sb_mcf *g, int s, int t, long flow,
			const char *path)
{
	FILE *f = fopen(path, "w");
	int ok;

	if (!f)
		return sb_error_set(SB_EIO, "%s: %s", path, strerror(errno));
	fprintf(f, "c skillsbot flow network: min-cost flow of the maximum value\n"
		   "p min %d %zu\nn %d %ld\nn %d %ld\n",
		g->n, g->m, s + 1, flow, t + 1, -flow);
	for (size_t e = 0; e < g->m; e++) {
		long cap = 0;

		for (int a = g->fwd[e]; a < g->fwd[e] + g->pieces[e]; a++)
			cap += g->pair_cap[a];
		fprintf(f, "a %d %d 0 %ld %lld\n", g->e_from[e] + 1,
			g->e_to[e] + 1, cap, (long long)g->e_cost[e]);
	}
	ok = !ferror(f);
	if (fclose(f) != 0 || !ok)
		return sb_error_set(SB_EIO, "%s: %s", path, strerror(errno));
	return SB_OK;
}

void sb_mcf_stats(const sb_mcf *g, long *arcs, long *phases)
{
	*arcs = (long)g->m;
	*phases = g->phases;
}

bool sb_mcf_turned(const sb_mcf *g)
{
	return g->turned;
}

void sb_mcf_finish_stats(const sb_mcf *g, long *pivots, long *free_cycles)
{
	*pivots = g->simplex.pivots;
	*free_cycles = g->simplex.free_cycles;
}
