/* mcf.c - exact min-cost max-flow (Dinic, then cost scaling); see mcf.h. */
#include "mcf.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "skillsbot/error.h"
#include "skillsbot/mem.h"

/* Costs start multiplied by this, not by n + 1 (see scale_down):
 * measured 8, 16, 64 alike on the benchmark. */
#define START_SCALE 64
/* The exact finish may scan each arc this many times (measured: 8 lets
 * it end the solve after the 5th round at 30,000 to 150,000 profiles,
 * where the plain check needed a 6th round now and then; 16 does not
 * let it end a round earlier). */
#define CERTIFY_BUDGET 8


/* A residual arc: what every scan reads, in one 16-byte record. The
 * cost is in units of the costs' greatest common divisor; the solve
 * multiplies it by its current factor (solver.scale) as it reads it. */
typedef struct sb_mcf_arc {
	int head;
	int cap;
	int32_t cost;
	int rev;               /* the reverse arc */
} sb_mcf_arc;

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
	sb_mcf_arc *arc;       /* 2m: forward and reverse arcs */
	int *fwd;              /* edge -> its forward residual arc */
	/* per residual arc: its capacity plus its reverse's, which never
	 * changes during a solve; so the reverse's capacity is known
	 * without reading the reverse, which lies in another row */
	int *pair_cap;
	long phases;
	int start_scale;       /* first cost multiplier; see scale_down */
	int certify_budget;    /* arc scans per arc for the exact finish */
	long cancels;          /* cycles the exact finish pushed flow round */
	bool rescaled;         /* went back to the (n + 1) multiplier */
};

sb_mcf *sb_mcf_new(int n_nodes)
{
	sb_mcf *g = sb_calloc(1, sizeof(*g));

	g->start_scale = START_SCALE;
	g->certify_budget = CERTIFY_BUDGET;

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
	free(g->fwd);
	free(g->pair_cap);
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

void sb_mcf_set_start_scale(sb_mcf *g, int k)
{
	g->start_scale = k > 0 ? k : 1;
}

void sb_mcf_set_certify_budget(sb_mcf *g, int k)
{
	g->certify_budget = k > 0 ? k : 0;
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
static void build_residual(sb_mcf *g, int64_t div)
{
	size_t m2 = g->m * 2;
	int *fill = sb_calloc((size_t)g->n + 1, sizeof(int));

	g->start = sb_calloc((size_t)g->n + 1, sizeof(int));
	g->arc = sb_reallocarray(NULL, m2 ? m2 : 1, sizeof(sb_mcf_arc));
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

		g->arc[a].head = v;
		g->arc[a].cap = g->e_cap[e];
		g->arc[a].cost = (int32_t)(g->e_cost[e] / div);
		g->arc[a].rev = b;
		g->arc[b].head = u;
		g->arc[b].cap = 0;
		g->arc[b].cost = (int32_t)(-g->e_cost[e] / div);
		g->arc[b].rev = a;
		g->fwd[e] = a;
	}
	free(fill);
	free(g->e_from);
	free(g->e_cap);
	g->e_from = g->e_cap = NULL;
}

/* Send d units along residual arc a: its reverse gets them back. */
static void move_flow(sb_mcf *g, int a, int d)
{
	g->arc[a].cap -= d;
	g->arc[g->arc[a].rev].cap += d;
}

/* Working arrays of one solve. */
typedef struct solver {
	sb_mcf *g;
	int s, t;
	int *level, *iter, *queue;
	int64_t *price;
	int *excess;           /* bounded: see arcs_fit */
	unsigned char *queued;
	/* price updates: bucket lists by distance */
	int *bucket, *bnext, *bprev;
	int64_t *dist;
	unsigned char *done;
	int *path;
	long relabels;
	int64_t scale;         /* the costs' current factor */
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
			int v = g->arc[a].head;

			if (g->arc[a].cap > 0 && S->level[v] < 0) {
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
		int a = S->iter[u], v = g->arc[a].head;
		long d;

		if (g->arc[a].cap <= 0 || S->level[v] != S->level[u] + 1)
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
		memcpy(S->iter, S->g->start, sizeof(int) * (size_t)S->g->n);
		while ((f = push_flow(S, S->s, LONG_MAX)) > 0)
			flow += f;
	}
	return flow;
}

/* ---- least cost for that value: cost scaling (Goldberg-Tarjan) ----
 *
 * Costs are divided by their greatest common divisor and multiplied by a
 * small factor (see scale_down for why that is enough, and for the way
 * back to n + 1, where a flow that is 1-optimal in the scaled costs is
 * optimal in the true ones). Each refine
 * divides epsilon by ALPHA and restores epsilon-optimality by partial
 * augment-relabel (as in LEMON's CostScaling: from an active node, follow
 * admissible arcs up to MAX_PATH arcs or to a node in deficit, relabelling
 * and stepping back at dead ends, then push along the path). The flow
 * value never changes because the source and the sink keep their
 * balance. */

/* Measured at 100,000 profiles: ALPHA 4 (5 rounds) 4.9 s, 8: 5.5 s,
 * 16: 6.6 s; MAX_PATH 8: 4.6-4.9 s, 4: 5.0-5.3 s, 2: 5.1-5.5 s. */
#define ALPHA 4
#define MAX_PATH 8
/* A global price update after every 4n relabels (measured: 1n, 2n, 4n, 8n). */
#define UPDATE_EVERY_RELABELS(n) (4L * (n) + 16)

static void bucket_remove(solver *S, int v, int64_t d)
{
	if (S->bprev[v] >= 0)
		S->bnext[S->bprev[v]] = S->bnext[v];
	else
		S->bucket[d] = S->bnext[v];
	if (S->bnext[v] >= 0)
		S->bprev[S->bnext[v]] = S->bprev[v];
}

static void bucket_add(solver *S, int v, int64_t d)
{
	S->bprev[v] = -1;
	S->bnext[v] = S->bucket[d];
	if (S->bucket[d] >= 0)
		S->bprev[S->bucket[d]] = v;
	S->bucket[d] = v;
}

/* Global price update (Goldberg 1997): lengths floor(rc / eps) + 1 on
 * residual arcs, distances from every node to the nearest deficit, found
 * backwards from the deficits with buckets (Dial) and stopped once the
 * excess is all settled or the distance passes n; prices drop by eps
 * times the distance (unsettled nodes by the last distance settled).
 * Keeps eps-optimality and gives every node with excess an admissible
 * path to a deficit, which saves most relabels. */
static void price_update(solver *S, int64_t eps)
{
	sb_mcf *g = S->g;
	long excess = 0;
	int64_t r, max_r = g->n, last = 0;

	for (int v = 0; v < g->n; v++) {
		S->dist[v] = INT64_MAX;
		S->done[v] = 0;
		S->bucket[v] = -1;
		if (S->excess[v] > 0)
			excess += S->excess[v];
	}
	S->bucket[g->n] = -1;
	for (int v = 0; v < g->n; v++)
		if (S->excess[v] < 0) {
			S->dist[v] = 0;
			bucket_add(S, v, 0);
		}
	for (r = 0; r <= max_r && excess > 0; r++) {
		while (S->bucket[r] >= 0 && excess > 0) {
			int v = S->bucket[r];

			bucket_remove(S, v, r);
			S->done[v] = 1;
			last = r;
			if (S->excess[v] > 0)
				excess -= S->excess[v];
			for (int a = g->start[v]; a < g->start[v + 1]; a++) {
				int u = g->arc[a].head;
				int64_t rc, nd;

				/* the arc u -> v is a's reverse: capacity and
				 * cost from a itself */
				if (S->done[u] || g->pair_cap[a] - g->arc[a].cap <= 0)
					continue;
				rc = -g->arc[a].cost * S->scale + S->price[u] -
				     S->price[v];
				nd = r + (rc < 0 ? 0 : rc / eps + 1);
				if (nd < S->dist[u] && nd <= max_r) {
					if (S->dist[u] != INT64_MAX)
						bucket_remove(S, u, S->dist[u]);
					S->dist[u] = nd;
					bucket_add(S, u, nd);
				}
			}
		}
	}
	for (int v = 0; v < g->n; v++)
		S->price[v] -= eps * (S->done[v] ? S->dist[v] : last);
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
	if (S->excess[v] > 0)
		enqueue(S, v, qt);
}

/* Lower the tip's price so that its cheapest residual arc becomes
 * admissible (LEMON's relabel inside the path search); `back` is the
 * arc into the tip along the path, or -1. False when the tip has no
 * residual arc at all (cannot happen for a node the path reached). */
static int relabel_tip(solver *S, int tip, int back, int64_t eps)
{
	sb_mcf *g = S->g;
	int64_t best = INT64_MAX, pt = S->price[tip];

	for (int a = g->start[tip]; a < g->start[tip + 1]; a++)
		if (g->arc[a].cap > 0) {
			int64_t rc = g->arc[a].cost * S->scale + pt -
				     S->price[g->arc[a].head];

			if (rc < best)
				best = rc;
		}
	if (back >= 0) {
		int ra = g->arc[back].rev;
		int64_t rc = g->arc[ra].cost * S->scale + pt -
			     S->price[g->arc[ra].head];

		if (rc < best)
			best = rc;
	}
	if (best == INT64_MAX)
		return 0;
	S->price[tip] -= best + eps;
	S->iter[tip] = g->start[tip];
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
		d = S->excess[u] < g->arc[a].cap ? S->excess[u] : g->arc[a].cap;
		move_flow(g, a, (int)d);
		S->excess[u] -= d;
		S->excess[v] += d;
		activate(S, v, qt);
	}
}

/* The first admissible arc out of v from its current arc on, or -1. */
static int admissible(solver *S, int v)
{
	sb_mcf *g = S->g;
	int64_t pv = S->price[v];
	int end = g->start[v + 1];

	for (int a = S->iter[v]; a < end; a++)
		if (g->arc[a].cap > 0 &&
		    g->arc[a].cost * S->scale + pv -
		    S->price[g->arc[a].head] < 0) {
			S->iter[v] = a;
			return a;
		}
	S->iter[v] = end;
	return -1;
}

/* One partial augment-relabel step from the active node `start`.
 * False when start has nowhere to go (a broken network). */
static int augment_from(solver *S, int start, int64_t eps, long *qt)
{
	sb_mcf *g = S->g;
	int len = 0, tip = start;

	while (len < MAX_PATH && S->excess[tip] >= 0) {
		int a = admissible(S, tip);

		if (a >= 0) {
			S->path[len++] = a;
			tip = g->arc[a].head;
			continue;
		}
		if (!relabel_tip(S, tip, len ? S->path[len - 1] : -1, eps))
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

__attribute__((noinline)) static int refine(solver *S, int64_t eps)
{
	sb_mcf *g = S->g;
	long qh = 0, qt = 0;

	for (int u = 0; u < g->n; u++)
		for (int a = g->start[u]; a < g->start[u + 1]; a++)
			if (g->arc[a].cap > 0 &&
			    g->arc[a].cost * S->scale + S->price[u] -
			    S->price[g->arc[a].head] < 0) {
				int d = g->arc[a].cap;

				move_flow(g, a, d);
				S->excess[u] -= d;
				S->excess[g->arc[a].head] += d;
			}
	price_update(S, eps);
	S->relabels = 0;
	for (int u = 0; u < g->n; u++) {
		S->iter[u] = g->start[u];
		S->queued[u] = 0;
		activate(S, u, &qt);
	}
	while (qh != qt) {
		int u = S->queue[qh % g->n];

		if (S->excess[u] <= 0) {
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

static int64_t gcd64(int64_t a, int64_t b)
{
	while (b) {
		int64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* ---- the exact finish ----
 *
 * The flow is optimal exactly when integer potentials leave no residual
 * arc with a negative reduced cost in the true costs. certify() starts
 * from the scaled prices rounded down and repairs them first-in
 * first-out (Bellman-Ford), keeping the arcs that last lowered each label
 * as a tree with Tarjan's subtree disassembly (Cherkassky and Goldberg's
 * BFCT): when a label falls, the node's subtree leaves the tree (those
 * labels will fall too, so they are not scanned meanwhile), and when the
 * arc's tail is in that subtree the arc closes a negative residual cycle.
 * After the last rounds only a few such cycles are left, and pushing
 * flow round each as it is found costs far less than another refine
 * round. The flow value never changes. Out of budget, refine goes on
 * from the flow as it is: it starts by saturating every arc of negative
 * reduced cost, so it needs nothing from here. */

typedef struct bf_tree {
	int *next, *prev;      /* preorder thread; the root is node n */
	int *depth;            /* -1: out of the tree */
	int *pa;               /* the arc that set the label, or -1 */
	int root;
} bf_tree;

static int arc_tail(const sb_mcf *g, int a)
{
	return g->arc[g->arc[a].rev].head;
}

static void thread_unlink(bf_tree *T, int v)
{
	T->next[T->prev[v]] = T->next[v];
	T->prev[T->next[v]] = T->prev[v];
	T->depth[v] = -1;
}

static void thread_insert_after(bf_tree *T, int u, int v)
{
	T->next[v] = T->next[u];
	T->prev[v] = u;
	T->prev[T->next[u]] = v;
	T->next[u] = v;
	T->depth[v] = T->depth[u] + 1;
}

/* Out of the tree (or not in it yet): back under the root, label kept. */
static void to_root(bf_tree *T, int v)
{
	if (T->depth[v] >= 0)
		thread_unlink(T, v);
	T->pa[v] = -1;
	thread_insert_after(T, T->root, v);
}

/* Take v and its subtree out of the tree; true when u was in it. */
static int disassemble(bf_tree *T, int v, int u)
{
	int d = T->depth[v], w = T->next[v], hit = v == u;

	while (T->depth[w] > d) {
		int nx = T->next[w];

		hit |= w == u;
		thread_unlink(T, w);
		w = nx;
	}
	thread_unlink(T, v);
	return hit;
}

/* Push the least residual capacity round the cycle that arc a closes
 * (its head is an ancestor of its tail along the parent arcs). The
 * cycle's nodes go back under the root, queued: their arcs changed. */
static void cancel_cycle(solver *S, bf_tree *T, int a, long *qt)
{
	sb_mcf *g = S->g;
	int v = g->arc[a].head, u = arc_tail(g, a), c = g->arc[a].cap, x;

	for (x = u; x != v; x = arc_tail(g, T->pa[x]))
		if (g->arc[T->pa[x]].cap < c)
			c = g->arc[T->pa[x]].cap;
	move_flow(g, a, c);
	for (x = u;;) {
		int b = T->pa[x], next = x == v ? -1 : arc_tail(g, b);

		if (x != v) {
			move_flow(g, b, c);
		}
		to_root(T, x);
		enqueue(S, x, qt);
		if (x == v)
			break;
		x = next;
	}
}

/* Queue the tail of every residual arc still of negative reduced cost. */
static void requeue_violations(solver *S, bf_tree *T, const int64_t *p,
			       long *qt)
{
	sb_mcf *g = S->g;

	for (int u = 0; u < g->n; u++)
		for (int a = g->start[u]; a < g->start[u + 1]; a++)
			if (g->arc[a].cap > 0 &&
			    g->arc[a].cost + p[u] - p[g->arc[a].head] < 0) {
				if (T->depth[u] < 0)
					to_root(T, u);
				enqueue(S, u, qt);
				break;
			}
}

/* Scan u's arcs, relabelling their heads; an arc that closes a cycle
 * has it cancelled, and the scan ends there (u is queued again). */
static void relax_from(solver *S, bf_tree *T, int u, int64_t *p, long *qt)
{
	sb_mcf *g = S->g;

	for (int a = g->start[u]; a < g->start[u + 1]; a++) {
		int v = g->arc[a].head;
		int64_t nd = p[u] + g->arc[a].cost;

		if (g->arc[a].cap <= 0 || nd >= p[v])
			continue;
		if (T->depth[v] >= 0 && disassemble(T, v, u)) {
			cancel_cycle(S, T, a, qt);
			g->cancels++;
			return;
		}
		p[v] = nd;
		T->pa[v] = a;
		thread_insert_after(T, u, v);
		enqueue(S, v, qt);
	}
}

static int certify(solver *S, int64_t scale)
{
	sb_mcf *g = S->g;
	size_t n1 = (size_t)g->n + 1;
	int64_t *p = S->dist;
	bf_tree T;
	long budget = g->certify_budget * (long)g->start[g->n], qh = 0, qt = 0;
	int ok = 0;

	T.next = sb_reallocarray(NULL, n1, sizeof(int));
	T.prev = sb_reallocarray(NULL, n1, sizeof(int));
	T.depth = sb_reallocarray(NULL, n1, sizeof(int));
	T.pa = S->level;
	T.root = g->n;
	T.next[T.root] = T.prev[T.root] = T.root;
	T.depth[T.root] = 0;
	for (int v = g->n - 1; v >= 0; v--) {
		p[v] = floor_div(S->price[v], scale);
		T.depth[v] = -1;
		to_root(&T, v);
	}
	for (int v = 0; v < g->n; v++)
		enqueue(S, v, &qt);
	while (budget >= 0) {
		int u;

		if (qh == qt) {
			/* a last look at every arc: a cancelled cycle may
			 * have left a node out of the tree and unscanned */
			requeue_violations(S, &T, p, &qt);
			budget -= g->start[g->n];
			if (qh == qt) {
				ok = 1;
				break;
			}
		}
		u = S->queue[qh++ % g->n];
		S->queued[u] = 0;
		if (T.depth[u] < 0)
			continue;  /* its label is about to fall again */
		budget -= g->start[u + 1] - g->start[u];
		relax_from(S, &T, u, p, &qt);
	}
	for (int v = 0; v < g->n; v++)
		S->queued[v] = 0;
	free(T.next);
	free(T.prev);
	free(T.depth);
	return ok;
}

/* ---- the exact finish by network simplex (experiment) ---- */

static int env_int(const char *name, int def)
{
	const char *s = getenv(name);

	return s ? atoi(s) : def;
}


#define NS_UPPER (-1)
#define NS_TREE 0
#define NS_LOWER 1
#define NS_FREE 2
#define NS_UP 1
#define NS_DOWN (-1)

typedef struct simplex {
	int n, m;              /* real nodes; real arcs (artificial: m + v) */
	int root;
	int *src, *dst, *cap, *flow;
	int32_t *cost;         /* real arcs, units of the common divisor */
	int64_t *acost;        /* artificial arcs v -> root */
	signed char *state;
	int64_t *pi;
	int *parent, *pred, *depth, *thread, *rev_thread;
	signed char *dir;
	int *orig;             /* position -> added arc */
	int *stem, *stem_depth, *stem_of, *seg_first, *seg_last;
	int block, next_arc;
	int in_arc, join, u_in, v_in, u_out, way;
	int delta;
	unsigned char *inforest;   /* node has a free arc in the tree */
	long pivots, degenerate, forced, moved, scanned, moved_deg, viaroot, moved_root;
} simplex;

static int ns_src(const simplex *X, int e)
{
	return e < X->m ? X->src[e] : e - X->m;
}

static int ns_dst(const simplex *X, int e)
{
	return e < X->m ? X->dst[e] : X->root;
}

static int ns_cap(const simplex *X, int e)
{
	return e < X->m ? X->cap[e] : INT_MAX;
}

__attribute__((noinline)) static int ns_find_entering(simplex *X)
{
	int64_t best = 0;
	int count = X->block, e = X->next_arc, seen;

	for (seen = 0; seen < X->m; seen++) {
		int s = X->state[e];

		if (s) {
			int64_t c = s * ((int64_t)X->cost[e] + X->pi[X->src[e]] -
					 X->pi[X->dst[e]]);

			if (c < best) {
				best = c;
				X->in_arc = e;
			}
		}
		if (++e == X->m)
			e = 0;
		if (--count == 0) {
			if (best < 0)
				break;
			count = X->block;
		}
	}
	X->next_arc = e;
	X->scanned += seen;
	return best < 0;
}

__attribute__((noinline)) static void ns_find_join(simplex *X)
{
	int u = ns_src(X, X->in_arc), v = ns_dst(X, X->in_arc);

	while (u != v) {
		if (X->depth[u] >= X->depth[v])
			u = X->parent[u];
		else
			v = X->parent[v];
	}
	X->join = u;
}

static int ns_room(const simplex *X, int u, int up)
{
	int e = X->pred[u];
	int f = e < X->m ? X->flow[e] : 0;

	return (X->dir[u] == NS_UP) == up ? ns_cap(X, e) - f : f;
}

__attribute__((noinline)) static int ns_find_leaving(simplex *X)
{
	int e = X->in_arc, first, second, side = 0;

	if (X->way > 0) {
		first = X->src[e];
		second = X->dst[e];
		X->delta = X->cap[e] - X->flow[e];
	} else {
		first = X->dst[e];
		second = X->src[e];
		X->delta = X->flow[e];
	}
	for (int u = first; u != X->join; u = X->parent[u]) {
		int d = ns_room(X, u, 0);

		if (d < X->delta) {
			X->delta = d;
			X->u_out = u;
			side = 1;
		}
	}
	for (int u = second; u != X->join; u = X->parent[u]) {
		int d = ns_room(X, u, 1);

		if (d <= X->delta) {
			X->delta = d;
			X->u_out = u;
			side = 2;
		}
	}
	X->u_in = side == 1 ? first : second;
	X->v_in = side == 1 ? second : first;
	return side != 0;
}

__attribute__((noinline)) static void ns_push_cycle(simplex *X)
{
	int e = X->in_arc, val = X->way * X->delta;

	if (val == 0)
		return;
	X->flow[e] += val;
	for (int u = X->src[e]; u != X->join; u = X->parent[u])
		if (X->pred[u] < X->m)
			X->flow[X->pred[u]] -= X->dir[u] * val;
	for (int u = X->dst[e]; u != X->join; u = X->parent[u])
		if (X->pred[u] < X->m)
			X->flow[X->pred[u]] += X->dir[u] * val;
}

__attribute__((noinline)) static void ns_move_subtree(simplex *X)
{
	int k = 0, cur, seg, w, base = X->depth[X->v_in] + 1;
	int before = X->rev_thread[X->u_out], after, prev;
	int64_t sigma;
	signed char in_dir = X->u_in == X->src[X->in_arc] ? NS_UP : NS_DOWN;

	for (w = X->u_in;; w = X->parent[w]) {
		X->stem[k] = w;
		X->stem_depth[k] = X->depth[w];
		X->stem_of[w] = k;
		if (w == X->u_out)
			break;
		k++;
	}
	for (int i = 0; i <= 2 * k; i++)
		X->seg_first[i] = -1;
	sigma = X->pi[X->v_in] - X->pi[X->u_in] -
		in_dir * (int64_t)X->cost[X->in_arc];
	cur = k;
	seg = k ? 2 * k - 1 : 0;
	w = X->u_out;
	do {
		int j = X->stem_of[w];

		if (j >= 0) {
			cur = j;
			seg = j ? 2 * j - 1 : 0;
		} else {
			while (X->depth[w] <= X->stem_depth[cur]) {
				cur++;
				seg = 2 * cur;
			}
		}
		if (X->seg_first[seg] < 0)
			X->seg_first[seg] = w;
		X->seg_last[seg] = w;
		X->depth[w] += base + cur - X->stem_depth[cur];
		X->pi[w] += sigma;
		X->moved++;
		w = X->thread[w];
	} while (X->depth[w] > X->stem_depth[k]);
	after = w;

	X->thread[before] = after;
	X->rev_thread[after] = before;
	after = X->thread[X->v_in];
	prev = X->v_in;
	for (int i = 0; i <= 2 * k; i++)
		if (X->seg_first[i] >= 0) {
			X->thread[prev] = X->seg_first[i];
			X->rev_thread[X->seg_first[i]] = prev;
			prev = X->seg_last[i];
		}
	X->thread[prev] = after;
	X->rev_thread[after] = prev;

	for (int i = k; i > 0; i--) {
		w = X->stem[i];
		X->stem_of[w] = -1;
		X->parent[w] = X->stem[i - 1];
		X->pred[w] = X->pred[X->stem[i - 1]];
		X->dir[w] = (signed char)-X->dir[X->stem[i - 1]];
	}
	X->stem_of[X->u_in] = -1;
	X->parent[X->u_in] = X->v_in;
	X->pred[X->u_in] = X->in_arc;
	X->dir[X->u_in] = in_dir;
}

/* One pivot on X->in_arc pushed the way X->way. */
static void ns_pivot(simplex *X)
{
	int e = X->in_arc;

	long m0 = X->moved;

	ns_find_join(X);
	if (ns_find_leaving(X)) {
		int leaving = X->pred[X->u_out];

		ns_push_cycle(X);
		X->state[e] = NS_TREE;
		if (leaving < X->m)
			X->state[leaving] = X->flow[leaving] == 0 ? NS_LOWER
								  : NS_UPPER;
		ns_move_subtree(X);
	} else {
		ns_push_cycle(X);
		X->state[e] = X->way > 0 ? NS_UPPER : NS_LOWER;
	}
	if (X->join == X->root) {
		X->viaroot++;
		X->moved_root += X->moved - m0;
	}
	if (X->delta == 0) {
		X->degenerate++;
		X->moved_deg += X->moved - m0;
	}
	X->pivots++;
}

static int uf_find(int *up, int v)
{
	while (up[v] != v) {
		up[v] = up[up[v]];
		v = up[v];
	}
	return v;
}

/* Walk the free-arc tree of r (mode 0: potentials relative to r, into
 * X->pi, marking `seen`; mode 1: hang it, rooted at r, from u by arc e,
 * every potential raised by sigma). */
static void ns_walk(simplex *X, solver *S, const int *res_pos,
		    unsigned char *seen, int r, int mode, int u, int e,
		    int64_t sigma)
{
	sb_mcf *g = S->g;
	int *stack = S->queue, top = 0, last = u, after = 0;

	if (mode == 0) {
		seen[r] = 1;
		X->pi[r] = 0;
	} else {
		after = X->thread[u];
		X->parent[r] = u;
		X->pred[r] = e;
		X->dir[r] = e >= X->m || X->src[e] == r ? NS_UP : NS_DOWN;
		X->depth[r] = X->depth[u] + 1;
		X->pi[r] += sigma;
		X->thread[last] = r;
		X->rev_thread[r] = last;
		last = r;
	}
	if (!X->inforest[r])
		top = -1;
	else
		stack[top++] = r;
	S->level[r] = g->start[r];
	while (top > 0) {
		int v = stack[top - 1], a = S->level[v], f, w;

		if (a == g->start[v + 1]) {
			top--;
			continue;
		}
		S->level[v]++;
		f = res_pos[a];
		w = g->arc[a].head;
		if (X->state[f] != NS_TREE)
			continue;
		if (mode == 0) {
			if (seen[w])
				continue;
			seen[w] = 1;
			X->pi[w] = X->src[f] == w ? X->pi[v] - X->cost[f]
						  : X->pi[v] + X->cost[f];
		} else {
			if (X->depth[w] >= 0)
				continue;
			X->parent[w] = v;
			X->pred[w] = f;
			X->dir[w] = X->src[f] == w ? NS_UP : NS_DOWN;
			X->depth[w] = X->depth[v] + 1;
			X->pi[w] += sigma;
			X->thread[last] = w;
			X->rev_thread[w] = last;
			last = w;
		}
		S->level[w] = g->start[w];
		stack[top++] = w;
	}
	if (mode == 1) {
		X->thread[last] = after;
		X->rev_thread[after] = last;
	}
}

/* The first tree: arcs strictly between their bounds joined as a forest
 * (union-find; the free arcs that would close a cycle are listed in
 * `deferred`), each tree of it (or lone node) hung from the root by an
 * artificial arc that keeps its price from the rounds. */
static void ns_build_tree(simplex *X, solver *S, const int *res_pos,
			  int *deferred, int *n_deferred)
{
	int n = X->n, *up = S->iter;
	unsigned char *seen = sb_calloc((size_t)n + 1, 1);

	for (int v = 0; v < n; v++)
		up[v] = v;
	*n_deferred = 0;
	for (int e = 0; e < X->m; e++)
		if (X->state[e] == NS_FREE) {
			int a = uf_find(up, X->src[e]), b = uf_find(up, X->dst[e]);

			if (a == b) {
				deferred[(*n_deferred)++] = e;
				X->state[e] = NS_LOWER; /* fixed below */
			} else {
				up[a] = b;
				X->state[e] = NS_TREE;
				X->inforest[X->src[e]] = 1;
				X->inforest[X->dst[e]] = 1;
			}
		}
	for (int v = 0; v < n; v++)
		X->depth[v] = -1;
	X->depth[X->root] = 0;
	X->parent[X->root] = -1;
	X->pred[X->root] = -1;
	X->thread[X->root] = X->rev_thread[X->root] = X->root;
	for (int r = n - 1; r >= 0; r--)
		if (!seen[r]) {
			int64_t p = floor_div(S->price[r], S->scale);

			ns_walk(X, S, res_pos, seen, r, 0, 0, 0, 0);
			X->acost[r] = -p;
			ns_walk(X, S, res_pos, seen, r, 1, X->root, X->m + r,
				p - X->pi[r]);
		}
	free(seen);
}

/* Hang each subtree of the root (a tree of free arcs, or a lone node)
 * from a node already placed instead, where an arc at a bound allows it:
 * by the arc that leaves none of the subtree's arcs to placed nodes
 * of negative reduced cost. The largest subtree stays; what finds no
 * place in `passes` sweeps stays at the root too. A subtree that holds
 * an arc at a bound is only hung by its own root (turning it over could
 * break the tree's strong feasibility). */
static void ns_regraft(simplex *X, solver *S, const int *res_pos, int passes)
{
	sb_mcf *g = S->g;
	int n = X->n, *up = S->iter, big = -1;
	int *mstart = sb_calloc((size_t)n + 2, sizeof(int));
	int *members = sb_reallocarray(NULL, (size_t)n + 1, sizeof(int));
	unsigned char *fixed_root = sb_calloc((size_t)n + 1, 1);
	int r = -1;

	for (int v = X->thread[X->root]; v != X->root; v = X->thread[v]) {
		if (X->parent[v] == X->root)
			r = v;
		up[v] = r;
		mstart[r + 2]++;
		if (v != r && (X->flow[X->pred[v]] == 0 ||
			       X->flow[X->pred[v]] == X->cap[X->pred[v]]))
			fixed_root[r] = 1;
	}
	for (int v = 0; v < n; v++)
		mstart[v + 2] += mstart[v + 1];
	for (int v = 0; v < n; v++)
		members[mstart[up[v] + 1]++] = v;
	for (int v = 0; v < n; v++) {
		int sz = mstart[v + 1] - mstart[v];

		if (up[v] == v && (big < 0 || sz > mstart[big + 1] - mstart[big]))
			big = v;
	}
	/* detach every subtree but the largest */
	for (int v = 0; v < n; v++)
		if (up[v] != big)
			X->depth[v] = -1;
	X->thread[X->root] = big;
	X->rev_thread[big] = X->root;
	{
		int last = big;

		for (int v = X->thread[big]; v != X->root && X->depth[v] > 1;
		     v = X->thread[v])
			last = v;
		X->thread[last] = X->root;
		X->rev_thread[X->root] = last;
	}
	for (int pass = 0; pass <= passes; pass++)
		for (int q = 0; q < n; q++) {
			int best = -1, at = -1;
			int64_t bs = 0;

			if (up[q] != q || X->depth[q] >= 0)
				continue;
			if (pass == passes) {
				X->acost[q] = -X->pi[q];
				ns_walk(X, S, res_pos, NULL, q, 1, X->root,
					X->m + q, 0);
				continue;
			}
			for (int k = mstart[q]; k < mstart[q + 1]; k++) {
				int x = members[k];

				if (fixed_root[q] && x != q)
					continue;
				for (int a = g->start[x]; a < g->start[x + 1]; a++) {
					int u = g->arc[a].head;
					int64_t c;

					int f = res_pos[a];

					if (X->depth[u] < 0 ||
					    (X->src[f] == x ? X->cap[f] - X->flow[f]
							    : X->flow[f]) <= 0)
						continue;
					c = X->pi[u] - g->arc[a].cost - X->pi[x];
					if (best < 0 || c > bs) {
						best = a;
						bs = c;
						at = x;
					}
				}
			}
			if (best >= 0)
				ns_walk(X, S, res_pos, NULL, at, 1,
					g->arc[best].head, res_pos[best], bs);
		}
	free(mstart);
	free(members);
	free(fixed_root);
}

/* Finish exactly from the flow of the rounds: network simplex. */
static int simplex_finish(solver *S)
{
	sb_mcf *g = S->g;
	simplex X;
	int m = (int)g->m, n = g->n;
	size_t nn = (size_t)n + 1;
	int *res_pos, *deferred, n_deferred = 0;
	long n_free = 0, n_forced = 0;
	clock_t c0 = clock(), c1, c2;

	memset(&X, 0, sizeof(X));
	X.n = n;
	X.m = m;
	X.root = n;
	X.src = sb_reallocarray(NULL, (size_t)m + 1, sizeof(int));
	X.dst = sb_reallocarray(NULL, (size_t)m + 1, sizeof(int));
	X.cap = sb_reallocarray(NULL, (size_t)m + 1, sizeof(int));
	X.flow = sb_reallocarray(NULL, (size_t)m + 1, sizeof(int));
	X.cost = sb_reallocarray(NULL, (size_t)m + 1, sizeof(int32_t));
	X.state = sb_reallocarray(NULL, (size_t)m + 1, 1);
	X.orig = sb_reallocarray(NULL, (size_t)m + 1, sizeof(int));
	X.acost = sb_calloc(nn, sizeof(int64_t));
	X.inforest = sb_calloc(nn, 1);
	X.pi = sb_calloc(nn, sizeof(int64_t));
	X.parent = sb_reallocarray(NULL, nn, sizeof(int));
	X.pred = sb_reallocarray(NULL, nn, sizeof(int));
	X.depth = sb_reallocarray(NULL, nn, sizeof(int));
	X.thread = sb_reallocarray(NULL, nn, sizeof(int));
	X.rev_thread = sb_reallocarray(NULL, nn, sizeof(int));
	X.dir = sb_reallocarray(NULL, nn, 1);
	X.stem = sb_reallocarray(NULL, nn, sizeof(int));
	X.stem_depth = sb_reallocarray(NULL, nn, sizeof(int));
	X.stem_of = sb_reallocarray(NULL, nn, sizeof(int));
	X.seg_first = sb_reallocarray(NULL, 2 * nn, sizeof(int));
	X.seg_last = sb_reallocarray(NULL, 2 * nn, sizeof(int));
	res_pos = sb_reallocarray(NULL, 2 * (size_t)m + 1, sizeof(int));
	deferred = sb_reallocarray(NULL, (size_t)m + 1, sizeof(int));
	for (size_t v = 0; v < nn; v++)
		X.stem_of[v] = -1;
	X.block = 10;
	while ((long)X.block * X.block < (m + 1) / env_int("SB_NS_BLOCKDIV", 16))
		X.block++;
	int mix = env_int("SB_NS_MIX", 1);

	for (int e = 0, i = 0, j = 0; e < m; e++) {
		int a = g->fwd[e];

		X.orig[i] = e;
		X.src[i] = arc_tail(g, a);
		X.dst[i] = g->arc[a].head;
		X.cap[i] = g->pair_cap[a];
		X.flow[i] = g->pair_cap[a] - g->arc[a].cap;
		X.cost[i] = g->arc[a].cost;
		X.state[i] = X.flow[i] == 0 ? NS_LOWER
			     : X.flow[i] == X.cap[i] ? NS_UPPER : NS_FREE;
		n_free += X.state[i] == NS_FREE;
		res_pos[a] = res_pos[g->arc[a].rev] = i;
		if (!mix)
			i++;
		else if ((i += X.block) >= m)
			i = ++j;
	}
	if (getenv("SB_NS_STATS"))
		fprintf(stderr, "copy %.3f ", (double)(clock() - c0) / CLOCKS_PER_SEC);
	ns_build_tree(&X, S, res_pos, deferred, &n_deferred);
	c1 = clock();
	for (int k = 0; k < n_deferred; k++) {
		int e = deferred[k];
		int64_t rc;

		if (X.flow[e] == 0 || X.flow[e] == X.cap[e]) {
			X.state[e] = X.flow[e] == 0 ? NS_LOWER : NS_UPPER;
			continue;
		}
		rc = X.cost[e] + X.pi[X.src[e]] - X.pi[X.dst[e]];
		X.in_arc = e;
		X.way = rc <= 0 ? 1 : -1;
		ns_pivot(&X);
		n_forced++;
	}
	ns_regraft(&X, S, res_pos, env_int("SB_NS_PASSES", 2));
	c2 = clock();
	while (ns_find_entering(&X)) {
		X.way = X.state[X.in_arc];
		ns_pivot(&X);
	}
	if (getenv("SB_NS_STATS"))
		fprintf(stderr, "ns: free %ld deferred %d forced %ld pivots %ld "
			"degenerate %ld moved %ld (deg %ld, root %ld / %ld) scanned %ld  build %.3f forced %.3f pivots %.3f s\n",
			n_free, n_deferred, n_forced, X.pivots, X.degenerate,
			X.moved, X.moved_deg, X.moved_root, X.viaroot, X.scanned, (double)(c1 - c0) / CLOCKS_PER_SEC,
			(double)(c2 - c1) / CLOCKS_PER_SEC,
			(double)(clock() - c2) / CLOCKS_PER_SEC);
	for (int i = 0; i < m; i++) {
		int a = g->fwd[X.orig[i]];

		g->arc[a].cap = X.cap[i] - X.flow[i];
		g->arc[g->arc[a].rev].cap = X.flow[i];
	}
	free(X.src); free(X.dst); free(X.cap); free(X.flow); free(X.cost);
	free(X.state); free(X.orig); free(X.acost); free(X.inforest); free(X.pi);
	free(X.parent); free(X.pred); free(X.depth); free(X.thread);
	free(X.rev_thread); free(X.dir); free(X.stem); free(X.stem_depth);
	free(X.stem_of); free(X.seg_first); free(X.seg_last);
	free(res_pos); free(deferred);
	return 1;
}

/* Multiply costs, prices and epsilon by k: the flow stays eps-optimal. */
static void rescale(solver *S, int64_t k, int64_t *eps)
{
	for (int v = 0; v < S->g->n; v++)
		S->price[v] *= k;
	S->scale *= k;
	*eps *= k;
}

/* Cost scaling from `eps` down. Costs start multiplied by a small
 * factor only: after each round where epsilon is below one true unit the
 * flow is checked for optimality (certify), which usually ends the solve
 * rounds early. If the check fails all the way down, costs are multiplied
 * up to (n + 1) times their true value, where 1-optimal means optimal
 * (Goldberg and Tarjan), and scaling goes on to the end. */
static int scale_down(solver *S, int64_t eps)
{
	sb_mcf *g = S->g;
	int64_t full = (int64_t)g->n + 1;
	int err = SB_OK;

	for (;;) {
		{
			int64_t al = g->phases + 1 == env_int("SB_NS_ROUND", 0)
				     ? env_int("SB_NS_LASTDIV", ALPHA) : ALPHA;

			eps = eps / al > 1 ? eps / al : 1;
		}
		if ((err = refine(S, eps)) < 0)
			break;
		g->phases++;
		if (g->phases == env_int("SB_NS_ROUND", 0) &&
		    simplex_finish(S))
			break;
		if (eps <= S->scale && S->scale < full && certify(S, S->scale))
			break;
		if (eps > 1)
			continue;
		if (S->scale >= full)
			break;
		/* 1-optimal for too small a multiplier: go on with n + 1 */
		g->rescaled = true;
		rescale(S, (full + S->scale - 1) / S->scale, &eps);
	}
	return err;
}

int sb_mcf_solve(sb_mcf *g, int s, int t, long *flow_out, int64_t *cost_out)
{
	solver S;
	long flow;
	int64_t cost = 0, eps = 1, div = 0, full = (int64_t)g->n + 1;
	int64_t scale = full < g->start_scale ? full : g->start_scale, worst;
	int err = SB_OK;
	size_t n = (size_t)g->n;

	/* Costs in units of their greatest common divisor: fewer refine
	 * rounds, same optimum; and in 32 bits, so an arc is 16 bytes. */
	for (size_t e = 0; e < g->m; e++)
		div = gcd64(div, g->e_cost[e] < 0 ? -g->e_cost[e] : g->e_cost[e]);
	if (div == 0)
		div = 1;
	for (size_t e = 0; e < g->m; e++)
		if (g->e_cost[e] / div > INT32_MAX || g->e_cost[e] / div < -INT32_MAX)
			return sb_error_set(SB_ETOOBIG, "matching: costs too "
					    "far apart for the solver");
	build_residual(g, div);
	memset(&S, 0, sizeof(S));
	S.g = g;
	S.s = s;
	S.t = t;
	S.level = sb_reallocarray(NULL, n, sizeof(int));
	S.iter = sb_reallocarray(NULL, n, sizeof(int));
	S.queue = sb_reallocarray(NULL, n, sizeof(int));
	S.price = sb_calloc(n, sizeof(int64_t));
	S.excess = sb_calloc(n, sizeof(int));
	S.queued = sb_calloc(n, 1);
	S.dist = sb_reallocarray(NULL, n, sizeof(int64_t));
	S.done = sb_calloc(n, 1);
	S.bucket = sb_reallocarray(NULL, n + 1, sizeof(int));
	S.bnext = sb_reallocarray(NULL, n, sizeof(int));
	S.bprev = sb_reallocarray(NULL, n, sizeof(int));
	S.path = sb_reallocarray(NULL, MAX_PATH + 1, sizeof(int));
	flow = max_flow(&S);
	/* No arc needs more than the whole flow: bounded capacities keep
	 * the saturating pushes of refine finite. */
	for (size_t a = 0; a < 2 * g->m; a++) {
		if (g->arc[a].cap > flow)
			g->arc[a].cap = (int)flow;
		if (g->arc[a].cost > eps)
			eps = g->arc[a].cost;
	}
	g->pair_cap = sb_reallocarray(NULL, 2 * g->m + 1, sizeof(int));
	for (size_t a = 0; a < 2 * g->m; a++)
		g->pair_cap[a] = g->arc[a].cap + g->arc[g->arc[a].rev].cap;
	/* Prices fall by at most a few n * eps over a solve, at the largest
	 * multiplier (below n + 1 + the first one): keep that far from
	 * overflowing. */
	worst = full + g->start_scale;
	if (!arcs_fit(g)) {
		err = sb_error_set(SB_ETOOBIG, "matching: more than 2^31 units "
				   "of capacity meet at one node");
		goto done;
	}
	if (eps > ((int64_t)1 << 62) / worst / worst / 8) {
		err = sb_error_set(SB_ETOOBIG,
				   "matching: costs too large for %d nodes", g->n);
		goto done;
	}
	S.scale = scale;
	if ((err = scale_down(&S, eps * scale)) < 0)
		goto done;
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
	free(S.bucket);
	free(S.bnext);
	free(S.bprev);
	free(S.path);
	return err;
}

int sb_mcf_flow(const sb_mcf *g, int arc)
{
	return g->arc[g->arc[g->fwd[arc]].rev].cap;
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
		int a = g->fwd[e];

		fprintf(f, "a %d %d 0 %d %lld\n", arc_tail(g, a) + 1,
			g->arc[a].head + 1, g->pair_cap[a],
			(long long)g->e_cost[e]);
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

void sb_mcf_finish_stats(const sb_mcf *g, long *cancelled, bool *rescaled)
{
	*cancelled = g->cancels;
	*rescaled = g->rescaled;
}
