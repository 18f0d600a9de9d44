/* mcf.c - exact min-cost max-flow (Dinic, then cost scaling); see mcf.h. */
#include "mcf.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "skillsbot/error.h"
#include "skillsbot/mem.h"

#define DIST_INF INT64_MAX

/* The arcs as added, kept until solve builds the residual graph. */
struct sb_mcf {
	int n;                 /* nodes */
	size_t n_nodes_cap;
	int *first_edge, *last_edge;   /* per node: added arcs, in order */
	int *e_from, *e_to, *e_cap, *e_next;
	int64_t *e_cost;
	size_t m, m_cap;
	/* residual graph (compressed rows), built by solve */
	int *start;            /* n + 1 */
	int *r_head, *r_cap, *r_rev;
	int64_t *r_cost;
	int *fwd;              /* edge -> its forward residual arc */
	long phases;
	long rounds;
};

sb_mcf *sb_mcf_new(int n_nodes)
{
	sb_mcf *g = sb_calloc(1, sizeof(*g));

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
	free(g->r_head);
	free(g->r_cap);
	free(g->r_rev);
	free(g->r_cost);
	free(g->fwd);
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

/* Lay the residual arcs out row by row; within a row, in order of the
 * added arc (a forward arc and a reverse arc of the same added arc keep
 * that order too), so exploration order depends on nothing else. */
static void build_residual(sb_mcf *g)
{
	size_t m2 = g->m * 2;
	int *fill = sb_calloc((size_t)g->n + 1, sizeof(int));

	g->start = sb_calloc((size_t)g->n + 1, sizeof(int));
	g->r_head = sb_reallocarray(NULL, m2 ? m2 : 1, sizeof(int));
	g->r_cap = sb_reallocarray(NULL, m2 ? m2 : 1, sizeof(int));
	g->r_rev = sb_reallocarray(NULL, m2 ? m2 : 1, sizeof(int));
	g->r_cost = sb_reallocarray(NULL, m2 ? m2 : 1, sizeof(int64_t));
	g->fwd = sb_reallocarray(NULL, g->m ? g->m : 1, sizeof(int));
	for (size_t e = 0; e < g->m; e++) {
		g->start[g->e_from[e] + 1]++;
		g->start[g->e_to[e] + 1]++;
	}
	for (int v = 0; v < g->n; v++)
		g->start[v + 1] += g->start[v];
	memcpy(fill, g->start, sizeof(int) * (size_t)g->n);
	for (size_t e = 0; e < g->m; e++) {
		int u = g->e_from[e], v = g->e_to[e];
		int a = fill[u]++, b = fill[v]++;

		g->r_head[a] = v;
		g->r_cap[a] = g->e_cap[e];
		g->r_cost[a] = g->e_cost[e];
		g->r_rev[a] = b;
		g->r_head[b] = u;
		g->r_cap[b] = 0;
		g->r_cost[b] = -g->e_cost[e];
		g->r_rev[b] = a;
		g->fwd[e] = a;
	}
	free(fill);
	free(g->e_from);
	free(g->e_cap);
	g->e_from = g->e_cap = NULL;
}

typedef struct heap_item {
	int64_t d;
	int v;
} heap_item;

typedef struct heap {
	heap_item *a;
	size_t n, cap;
} heap;

static int item_less(heap_item x, heap_item y)
{
	return x.d < y.d || (x.d == y.d && x.v < y.v);
}

static void heap_push(heap *h, int64_t d, int v)
{
	size_t i = h->n++;

	SB_GROW(h->a, h->cap, h->n);
	h->a[i].d = d;
	h->a[i].v = v;
	while (i > 0 && item_less(h->a[i], h->a[(i - 1) / 2])) {
		heap_item t = h->a[i];

		h->a[i] = h->a[(i - 1) / 2];
		h->a[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static heap_item heap_pop(heap *h)
{
	heap_item top = h->a[0];
	size_t i = 0;

	h->a[0] = h->a[--h->n];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < h->n && item_less(h->a[l], h->a[m]))
			m = l;
		if (r < h->n && item_less(h->a[r], h->a[m]))
			m = r;
		if (m == i)
			break;
		heap_item t = h->a[i];
		h->a[i] = h->a[m];
		h->a[m] = t;
		i = m;
	}
	return top;
}

/* Working arrays of one solve. */
typedef struct solver {
	sb_mcf *g;
	int s, t;
	int *level, *iter, *queue;
	int64_t *price;
	long *excess;
	unsigned char *queued;
	/* price updates */
	heap h;
	int64_t *dist;
	unsigned char *done;
	long relabels;
} solver;

/* ---- maximum flow (Dinic): the flow value comes first ---- */

static int bfs_levels(solver *S)
{
	sb_mcf *g = S->g;
	int qh = 0, qt = 0;

	for (int v = 0; v < g->n; v++)
		S->level[v] = -1;
	S->level[S->s] = 0;
	S->queue[qt++] = S->s;
	while (qh < qt) {
		int u = S->queue[qh++];

		for (int a = g->start[u]; a < g->start[u + 1]; a++) {
			int v = g->r_head[a];

			if (g->r_cap[a] > 0 && S->level[v] < 0) {
				S->level[v] = S->level[u] + 1;
				S->queue[qt++] = v;
			}
		}
	}
	return S->level[S->t] >= 0;
}

static long push_flow(solver *S, int u, long f)
{
	sb_mcf *g = S->g;
	long pushed = 0;

	if (u == S->t)
		return f;
	for (; S->iter[u] < g->start[u + 1]; S->iter[u]++) {
		int a = S->iter[u], v = g->r_head[a];
		long d;

		if (g->r_cap[a] <= 0 || S->level[v] != S->level[u] + 1)
			continue;
		d = push_flow(S, v, f - pushed < g->r_cap[a] ? f - pushed
							     : g->r_cap[a]);
		if (d > 0) {
			g->r_cap[a] -= (int)d;
			g->r_cap[g->r_rev[a]] += (int)d;
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
		memcpy(S->iter, S->g->start, sizeof(int) * (size_t)S->g->n);
		while ((f = push_flow(S, S->s, LONG_MAX)) > 0)
			flow += f;
	}
	return flow;
}

/* ---- least cost for that value: cost scaling (Goldberg-Tarjan) ----
 *
 * Costs are multiplied by n + 1, so a flow that is 1-optimal in the scaled
 * costs (no residual arc with reduced cost below -1) is optimal in the
 * true ones. Each refine divides epsilon by ALPHA and restores
 * epsilon-optimality by push and relabel; the flow value never changes
 * because the source and the sink keep their balance. */

#define ALPHA 8
/* A global price update after every 2n relabels: measured best among
 * n/2, 2n and 8n on the benchmark's directories. */
#define UPDATE_EVERY_RELABELS(n) (2L * (n) + 16)

static int64_t rcost(const solver *S, int u, int a)
{
	return S->g->r_cost[a] + S->price[u] - S->price[S->g->r_head[a]];
}

static void push(solver *S, int u, int a, long d)
{
	sb_mcf *g = S->g;
	int v = g->r_head[a];

	g->r_cap[a] -= (int)d;
	g->r_cap[g->r_rev[a]] += (int)d;
	S->excess[u] -= d;
	S->excess[v] += d;
}

/* Global price update (Goldberg 1997): lengths floor(rc / eps) + 1 on
 * residual arcs, distances from every node to the nearest deficit, found
 * backwards from the deficits and stopped once every node with excess is
 * settled; prices drop by eps times the distance (unsettled nodes by the
 * last distance settled). Keeps eps-optimality and gives every node with
 * excess an admissible path to a deficit, which saves most relabels. */
static void price_update(solver *S, int64_t eps)
{
	sb_mcf *g = S->g;
	long active = 0;
	int64_t last = 0;

	S->h.n = 0;
	for (int v = 0; v < g->n; v++) {
		S->dist[v] = INT64_MAX;
		S->done[v] = 0;
		active += S->excess[v] > 0;
		if (S->excess[v] < 0) {
			S->dist[v] = 0;
			heap_push(&S->h, 0, v);
		}
	}
	while (S->h.n && active > 0) {
		heap_item it = heap_pop(&S->h);
		int v = it.v;

		if (S->done[v] || it.d != S->dist[v])
			continue;
		S->done[v] = 1;
		last = it.d;
		active -= S->excess[v] > 0;
		for (int a = g->start[v]; a < g->start[v + 1]; a++) {
			int u = g->r_head[a], b = g->r_rev[a];
			int64_t rc, len, nd;

			if (S->done[u] || g->r_cap[b] <= 0)
				continue;
			rc = rcost(S, u, b);
			len = rc < 0 ? 0 : rc / eps + 1;
			nd = it.d + len;
			if (nd < S->dist[u]) {
				S->dist[u] = nd;
				heap_push(&S->h, nd, u);
			}
		}
	}
	for (int v = 0; v < g->n; v++)
		S->price[v] -= eps * (S->done[v] ? S->dist[v] : last);
}

/* Lower u's price just enough for one residual arc to be admissible.
 * False (nothing changed) when u has no residual arc at all. */
static int relabel(solver *S, int u, int64_t eps)
{
	sb_mcf *g = S->g;
	int64_t best = INT64_MIN;

	for (int a = g->start[u]; a < g->start[u + 1]; a++)
		if (g->r_cap[a] > 0) {
			int64_t p = S->price[g->r_head[a]] - g->r_cost[a];

			if (p > best)
				best = p;
		}
	/* a node with excess always has a residual arc back */
	if (best == INT64_MIN)
		return 0;
	S->price[u] = best - eps;
	S->relabels++;
	return 1;
}

/* Is there an admissible arc out of v (from its current arc on)? */
static int has_admissible(solver *S, int v)
{
	sb_mcf *g = S->g;

	for (; S->iter[v] < g->start[v + 1]; S->iter[v]++) {
		int a = S->iter[v];

		if (g->r_cap[a] > 0 && rcost(S, v, a) < 0)
			return 1;
	}
	return 0;
}

static void discharge(solver *S, int u, int64_t eps, long *qt)
{
	sb_mcf *g = S->g;

	while (S->excess[u] > 0) {
		int a = S->iter[u], v;

		if (a == g->start[u + 1]) {
			relabel(S, u, eps);
			S->iter[u] = g->start[u];
			continue;
		}
		v = g->r_head[a];
		if (g->r_cap[a] > 0 && rcost(S, u, a) < 0) {
			long d;

			/* Look ahead: a node with no excess and nowhere to send
			 * flow would only push it back; lift it first. */
			if (S->excess[v] >= 0 && !has_admissible(S, v)) {
				S->iter[v] = g->start[v];
				if (relabel(S, v, eps))
					continue;
			}
			d = S->excess[u] < g->r_cap[a] ? S->excess[u]
							    : g->r_cap[a];

			push(S, u, a, d);
			if (S->excess[v] > 0 && !S->queued[v]) {
				S->queued[v] = 1;
				S->queue[(*qt)++ % g->n] = v;
			}
			if (g->r_cap[a] == 0)
				S->iter[u]++;
		} else {
			S->iter[u]++;
		}
	}
}

static void refine(solver *S, int64_t eps)
{
	sb_mcf *g = S->g;
	long qh = 0, qt = 0;

	for (int u = 0; u < g->n; u++)
		for (int a = g->start[u]; a < g->start[u + 1]; a++)
			if (g->r_cap[a] > 0 && rcost(S, u, a) < 0)
				push(S, u, a, g->r_cap[a]);
	price_update(S, eps);
	S->relabels = 0;
	for (int u = 0; u < g->n; u++) {
		S->iter[u] = g->start[u];
		S->queued[u] = S->excess[u] > 0;
		if (S->queued[u])
			S->queue[qt++] = u;
	}
	/* the queue is a ring: a node is in it at most once */
	while (qh != qt) {
		int u = S->queue[qh++ % g->n];

		S->queued[u] = 0;
		discharge(S, u, eps, &qt);
		g->rounds++;
		if (S->relabels > UPDATE_EVERY_RELABELS(g->n)) {
			price_update(S, eps);
			S->relabels = 0;
		}
	}
}

int sb_mcf_solve(sb_mcf *g, int s, int t, long *flow_out, int64_t *cost_out)
{
	solver S;
	long flow;
	int64_t cost = 0, eps = 1, scale = (int64_t)g->n + 1;
	int err = SB_OK;
	size_t n = (size_t)g->n;

	build_residual(g);
	memset(&S, 0, sizeof(S));
	S.g = g;
	S.s = s;
	S.t = t;
	S.level = sb_reallocarray(NULL, n, sizeof(int));
	S.iter = sb_reallocarray(NULL, n, sizeof(int));
	S.queue = sb_reallocarray(NULL, n, sizeof(int));
	S.price = sb_calloc(n, sizeof(int64_t));
	S.excess = sb_calloc(n, sizeof(long));
	S.queued = sb_calloc(n, 1);
	S.dist = sb_reallocarray(NULL, n, sizeof(int64_t));
	S.done = sb_calloc(n, 1);
	flow = max_flow(&S);
	/* No arc needs more than the whole flow: bounded capacities keep
	 * the saturating pushes of refine finite. */
	for (size_t a = 0; a < 2 * g->m; a++) {
		if (g->r_cap[a] > flow)
			g->r_cap[a] = (int)flow;
		if (g->r_cost[a] > eps)
			eps = g->r_cost[a];
	}
	/* Prices fall by at most a few n * eps over a solve: keep that far
	 * from overflowing. */
	if (eps > ((int64_t)1 << 62) / scale / scale / 8) {
		err = sb_error_set(SB_ETOOBIG,
				   "matching: costs too large for %d nodes", g->n);
		goto done;
	}
	eps *= scale;
	for (size_t a = 0; a < 2 * g->m; a++)
		g->r_cost[a] *= scale;
	while (eps > 1) {
		eps = eps / ALPHA > 1 ? eps / ALPHA : 1;
		refine(&S, eps);
		g->phases++;
	}
	for (size_t e = 0; e < g->m; e++)
		cost += g->e_cost[e] * (int64_t)sb_mcf_flow(g, (int)e);
	*flow_out = flow;
	*cost_out = cost;
done:
	free(S.level);
	free(S.iter);
	free(S.queue);
	free(S.price);
	free(S.excess);
	free(S.queued);
	free(S.dist);
	free(S.done);
	free(S.h.a);
	return err;
}

int sb_mcf_flow(const sb_mcf *g, int arc)
{
	return g->r_cap[g->r_rev[g->fwd[arc]]];
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

void sb_mcf_stats(const sb_mcf *g, long *arcs, long *phases)
{
	*arcs = (long)g->m;
	*phases = g->phases;
}
