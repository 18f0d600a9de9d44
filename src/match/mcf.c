/* mcf.c - exact min-cost max-flow (primal-dual); see mcf.h. */
#include "mcf.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

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
	int64_t *pot, *dist;
	unsigned char *done;
	int *level, *iter, *queue;
	heap h;
	int *touched;
	size_t n_touched;
} solver;

static int64_t reduced(const solver *S, int u, int a)
{
	return S->g->r_cost[a] + S->pot[u] - S->pot[S->g->r_head[a]];
}

/* Shortest distances on reduced costs, stopping once t is settled; then
 * move the potentials so that every arc on a shortest path has reduced
 * cost 0 and no residual arc has a negative one. False when t is cut off. */
static int dijkstra(solver *S)
{
	sb_mcf *g = S->g;
	int found = 0;

	for (size_t i = 0; i < S->n_touched; i++) {
		S->dist[S->touched[i]] = DIST_INF;
		S->done[S->touched[i]] = 0;
	}
	S->n_touched = 0;
	S->h.n = 0;
	S->dist[S->s] = 0;
	S->touched[S->n_touched++] = S->s;
	heap_push(&S->h, 0, S->s);
	while (S->h.n) {
		heap_item it = heap_pop(&S->h);
		int u = it.v;

		if (S->done[u] || it.d != S->dist[u])
			continue;
		S->done[u] = 1;
		if (u == S->t) {
			found = 1;
			break;
		}
		for (int a = g->start[u]; a < g->start[u + 1]; a++) {
			int v = g->r_head[a];
			int64_t nd;

			if (g->r_cap[a] <= 0 || S->done[v])
				continue;
			nd = it.d + reduced(S, u, a);
			if (nd < S->dist[v]) {
				if (S->dist[v] == DIST_INF)
					S->touched[S->n_touched++] = v;
				S->dist[v] = nd;
				heap_push(&S->h, nd, v);
			}
		}
	}
	if (!found)
		return 0;
	for (size_t i = 0; i < S->n_touched; i++) {
		int v = S->touched[i];

		if (S->done[v])
			S->pot[v] += S->dist[v] - S->dist[S->t];
	}
	/* Unsettled nodes keep their potential: relative to the settled ones
	 * they moved up by dist[t], which is what the bound needs. */
	return 1;
}

/* Levels over admissible arcs (residual, reduced cost 0). */
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

			if (g->r_cap[a] > 0 && S->level[v] < 0 &&
			    reduced(S, u, a) == 0) {
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

		if (g->r_cap[a] <= 0 || S->level[v] != S->level[u] + 1 ||
		    reduced(S, u, a) != 0)
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

void sb_mcf_solve(sb_mcf *g, int s, int t, long *flow_out, int64_t *cost_out)
{
	solver S;
	long flow = 0;
	int64_t cost = 0;
	size_t n = (size_t)g->n;

	build_residual(g);
	memset(&S, 0, sizeof(S));
	S.g = g;
	S.s = s;
	S.t = t;
	S.pot = sb_calloc(n, sizeof(int64_t));
	S.dist = sb_reallocarray(NULL, n, sizeof(int64_t));
	S.done = sb_calloc(n, 1);
	S.level = sb_reallocarray(NULL, n, sizeof(int));
	S.iter = sb_reallocarray(NULL, n, sizeof(int));
	S.queue = sb_reallocarray(NULL, n, sizeof(int));
	S.touched = sb_reallocarray(NULL, n, sizeof(int));
	for (size_t v = 0; v < n; v++)
		S.dist[v] = DIST_INF;
	while (dijkstra(&S)) {
		g->phases++;
		while (bfs_levels(&S)) {
			long f;

			memcpy(S.iter, g->start, sizeof(int) * n);
			while ((f = push_flow(&S, s, LONG_MAX)) > 0)
				flow += f;
		}
	}
	for (size_t e = 0; e < g->m; e++)
		cost += g->e_cost[e] * (int64_t)sb_mcf_flow(g, (int)e);
	*flow_out = flow;
	*cost_out = cost;
	free(S.pot);
	free(S.dist);
	free(S.done);
	free(S.level);
	free(S.iter);
	free(S.queue);
	free(S.touched);
	free(S.h.a);
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
