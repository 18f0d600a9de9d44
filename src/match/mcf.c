/* mcf.c - exact min-cost max-flow (primal network simplex); see mcf.h. */
#include "mcf.h"

#include <stdlib.h>
#include <string.h>

#include "skillsbot/error.h"
#include "skillsbot/mem.h"

/* An arc's state: in the spanning tree, or out of it at a bound. The
 * out-of-tree states are signs, so state * reduced cost is negative
 * exactly when the arc may enter (LEMON's convention). */
#define AT_UPPER (-1)
#define IN_TREE 0
#define AT_LOWER 1

/* Which way a node's tree arc points: to the parent, or from it. */
#define UP 1
#define DOWN (-1)

/* Capacity of the artificial arcs: never the bottleneck. */
#define UNBOUNDED ((int64_t)1 << 60)

/* The arcs as added; solve appends the return arc and the artificial
 * arcs after them. */
struct sb_mcf {
	int n;                 /* nodes */
	size_t n_nodes_cap;
	int *first_edge, *last_edge;   /* per node: added arcs, in order */
	int *e_from, *e_to, *e_cap, *e_next;
	int64_t *e_cost;
	size_t m, m_cap;
	int64_t *flow;         /* per arc, after solve */
	long pivots;
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

/* ---- the solver ----
 *
 * Maximum flow at least cost is a least-cost circulation once a return
 * arc t -> s is added whose cost is below minus the cost of any simple
 * path: then every cycle that adds flow pays. The simplex keeps a
 * spanning tree rooted at an extra node (first made of one artificial
 * arc per node, all carrying nothing); tree arcs have reduced cost 0
 * under the potentials pi. A pivot lets one arc of negative reduced cost
 * in (block search: the best of a block of arcs, blocks taken in turn),
 * pushes flow round the cycle it closes, and lets the last blocking arc
 * of that cycle out, so the tree stays strongly feasible (every tree arc
 * with nothing to give points up) and the simplex cannot cycle.
 *
 * The tree is kept as parent, tree arc and depth per node, and a thread:
 * the nodes in preorder, as a ring through the root. */
typedef struct simplex {
	int n, m;              /* nodes without the root; all arcs */
	int root;
	int *src, *dst;
	int64_t *cap, *cost, *flow;
	signed char *state;
	int64_t *pi;
	int *parent, *pred, *depth, *thread, *rev_thread;
	signed char *dir;      /* UP or DOWN: way of pred[v] */
	int *orig;             /* position -> number of the added arc */
	/* scratch of move_subtree: the stem, its old depths, each node's
	 * place on it (-1 off it), and the segments of the thread */
	int *stem, *stem_depth, *stem_of, *seg_first, *seg_last;
	int search_arcs;       /* arcs that may enter: all but artificial */
	int block, next_arc;
	/* the current pivot */
	int in_arc, join, u_in, v_in, u_out;
	int64_t delta;
} simplex;

/* The arc of most negative reduced cost in the first block that has one,
 * blocks taken round from where the last search stopped. */
static int find_entering(simplex *X)
{
	int64_t best = 0;
	int count = X->block, e = X->next_arc;

	for (int seen = 0; seen < X->search_arcs; seen++) {
		int64_t c = X->state[e] * (X->cost[e] + X->pi[X->src[e]] -
					   X->pi[X->dst[e]]);

		if (c < best) {
			best = c;
			X->in_arc = e;
		}
		if (++e == X->search_arcs)
			e = 0;
		if (--count == 0) {
			if (best < 0)
				break;
			count = X->block;
		}
	}
	X->next_arc = e;
	return best < 0;
}

static void find_join(simplex *X)
{
	int u = X->src[X->in_arc], v = X->dst[X->in_arc];

	while (u != v) {
		if (X->depth[u] >= X->depth[v])
			u = X->parent[u];
		else
			v = X->parent[v];
	}
	X->join = u;
}

/* What the tree arc of u can carry more in the way the cycle goes: `up`
 * when the cycle runs from u to its parent. */
static int64_t room(const simplex *X, int u, int up)
{
	int e = X->pred[u];

	return (X->dir[u] == UP) == up ? X->cap[e] - X->flow[e] : X->flow[e];
}

/* The cycle runs along the entering arc from `first` to `second`, up from
 * second to the join and down to first. The leaving arc is the last
 * blocking one in that order: ties on the way down from the join go to
 * the one nearest the entering arc ('<'), on the way up to the one
 * nearest the join ('<='). False when the entering arc itself blocks. */
static int find_leaving(simplex *X)
{
	int e = X->in_arc, first, second, side = 0;

	if (X->state[e] == AT_LOWER) {
		first = X->src[e];
		second = X->dst[e];
	} else {
		first = X->dst[e];
		second = X->src[e];
	}
	X->delta = X->cap[e];
	for (int u = first; u != X->join; u = X->parent[u]) {
		int64_t d = room(X, u, 0);

		if (d < X->delta) {
			X->delta = d;
			X->u_out = u;
			side = 1;
		}
	}
	for (int u = second; u != X->join; u = X->parent[u]) {
		int64_t d = room(X, u, 1);

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

static void push_cycle(simplex *X)
{
	int e = X->in_arc;
	int64_t val = X->state[e] * X->delta;

	if (val == 0)
		return;
	X->flow[e] += val;
	for (int u = X->src[e]; u != X->join; u = X->parent[u])
		X->flow[X->pred[u]] -= X->dir[u] * val;
	for (int u = X->dst[e]; u != X->join; u = X->parent[u])
		X->flow[X->pred[u]] += X->dir[u] * val;
}

/* Hang the subtree of u_out, turned over to be rooted at u_in, under
 * v_in by the entering arc. Let the stem be s0 = u_in, s1, ..., sk =
 * u_out (old parents). In the old preorder the subtree reads
 * A(k) ... A(1) S(0) B(1) ... B(k), where S(0) is the subtree of s0,
 * A(i) runs from s(i) to just before s(i-1) and B(i) from just after the
 * subtree of s(i-1) to the end of that of s(i); the new preorder is
 * S(0) A(1) B(1) ... A(k) B(k). One walk over the subtree shifts the
 * potentials (as every simplex must) and the depths and finds those
 * segments; relinking them costs the length of the stem. */
static void move_subtree(simplex *X)
{
	int k = 0, cur, seg, w, base = X->depth[X->v_in] + 1;
	int before = X->rev_thread[X->u_out], after, prev;
	int64_t sigma;
	signed char in_dir = X->u_in == X->src[X->in_arc] ? UP : DOWN;

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
	sigma = X->pi[X->v_in] - X->pi[X->u_in] - in_dir * X->cost[X->in_arc];
	cur = k;
	seg = k ? 2 * k - 1 : 0;
	w = X->u_out;
	do {
		int j = X->stem_of[w];

		if (j >= 0) {                   /* on the stem: A(j) or S(0) */
			cur = j;
			seg = j ? 2 * j - 1 : 0;
		} else {
			while (X->depth[w] <= X->stem_depth[cur]) {
				cur++;          /* out of s(cur - 1): B(cur) */
				seg = 2 * cur;
			}
		}
		if (X->seg_first[seg] < 0)
			X->seg_first[seg] = w;
		X->seg_last[seg] = w;
		X->depth[w] += base + cur - X->stem_depth[cur];
		X->pi[w] += sigma;
		w = X->thread[w];
	} while (X->depth[w] > X->stem_depth[k]);
	after = w;

	X->thread[before] = after;             /* cut it out */
	X->rev_thread[after] = before;
	after = X->thread[X->v_in];            /* and in after v_in */
	prev = X->v_in;
	for (int i = 0; i <= 2 * k; i++)
		if (X->seg_first[i] >= 0) {
			X->thread[prev] = X->seg_first[i];
			X->rev_thread[X->seg_first[i]] = prev;
			prev = X->seg_last[i];
		}
	X->thread[prev] = after;
	X->rev_thread[after] = prev;

	/* turn the stem over: each stem node takes the arc below it */
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

/* Pivot until no arc may enter. */
static void run(simplex *X, long *pivots)
{
	while (find_entering(X)) {
		int e = X->in_arc;

		find_join(X);
		if (find_leaving(X)) {
			int leaving = X->pred[X->u_out];

			push_cycle(X);
			X->state[e] = IN_TREE;
			X->state[leaving] = X->flow[leaving] == 0 ? AT_LOWER
								  : AT_UPPER;
			move_subtree(X);
		} else {
			push_cycle(X);
			X->state[e] = (signed char)-X->state[e];
		}
		(*pivots)++;
	}
}

static void simplex_dispose(simplex *X)
{
	free(X->src);
	free(X->dst);
	free(X->cap);
	free(X->cost);
	free(X->flow);
	free(X->state);
	free(X->pi);
	free(X->parent);
	free(X->pred);
	free(X->depth);
	free(X->thread);
	free(X->rev_thread);
	free(X->dir);
	free(X->orig);
	free(X->stem);
	free(X->stem_depth);
	free(X->stem_of);
	free(X->seg_first);
	free(X->seg_last);
}

/* The added arcs, the return arc t -> s costing `back`, and one
 * artificial arc per node up to the root, which make the first tree. */
static void simplex_init(simplex *X, const sb_mcf *g, int s, int t,
			 int64_t back, int64_t back_cap)
{
	int m = (int)g->m, n = g->n, all = m + 1 + n;
	size_t nn = (size_t)n + 1;

	memset(X, 0, sizeof(*X));
	X->n = n;
	X->m = all;
	X->root = n;
	X->src = sb_reallocarray(NULL, (size_t)all, sizeof(int));
	X->dst = sb_reallocarray(NULL, (size_t)all, sizeof(int));
	X->cap = sb_reallocarray(NULL, (size_t)all, sizeof(int64_t));
	X->cost = sb_reallocarray(NULL, (size_t)all, sizeof(int64_t));
	X->flow = sb_calloc((size_t)all, sizeof(int64_t));
	X->state = sb_reallocarray(NULL, (size_t)all, 1);
	X->pi = sb_calloc(nn, sizeof(int64_t));
	X->parent = sb_reallocarray(NULL, nn, sizeof(int));
	X->pred = sb_reallocarray(NULL, nn, sizeof(int));
	X->depth = sb_reallocarray(NULL, nn, sizeof(int));
	X->thread = sb_reallocarray(NULL, nn, sizeof(int));
	X->rev_thread = sb_reallocarray(NULL, nn, sizeof(int));
	X->dir = sb_reallocarray(NULL, nn, 1);
	X->stem = sb_reallocarray(NULL, nn, sizeof(int));
	X->stem_depth = sb_reallocarray(NULL, nn, sizeof(int));
	X->stem_of = sb_reallocarray(NULL, nn, sizeof(int));
	X->seg_first = sb_reallocarray(NULL, 2 * nn, sizeof(int));
	X->seg_last = sb_reallocarray(NULL, 2 * nn, sizeof(int));
	for (size_t v = 0; v < nn; v++)
		X->stem_of[v] = -1;
	/* blocks of sqrt(arcs) / 4 (measured at 100,000 profiles: 1/8 7.2 s,
	 * 1/4 7.3 s, 1/2 7.6 s, 1 10.8 s, 2 13.5 s, before the one-walk
	 * tree update) */
	X->block = 10;
	while ((long)X->block * X->block < (m + 1) / 16)
		X->block++;
	/* Mix the arcs (as LEMON does): arc e goes to e * block mod ...,
	 * so that each block of the search sees all parts of the network. */
	X->orig = sb_reallocarray(NULL, (size_t)m + 1, sizeof(int));
	for (int e = 0, i = 0, j = 0; e < m; e++) {
		X->orig[i] = e;
		X->src[i] = g->e_from[e];
		X->dst[i] = g->e_to[e];
		X->cap[i] = g->e_cap[e];
		X->cost[i] = g->e_cost[e];
		X->state[i] = AT_LOWER;
		if ((i += X->block) >= m)
			i = ++j;
	}
	X->src[m] = t;
	X->dst[m] = s;
	X->cap[m] = back_cap;
	X->cost[m] = back;
	X->state[m] = AT_LOWER;
	for (int v = 0; v < n; v++) {
		int e = m + 1 + v;

		X->src[e] = v;
		X->dst[e] = X->root;
		X->cap[e] = UNBOUNDED;
		X->cost[e] = 0;
		X->state[e] = IN_TREE;
		X->parent[v] = X->root;
		X->pred[v] = e;
		X->dir[v] = UP;
		X->depth[v] = 1;
		X->thread[v] = v + 1;
		X->rev_thread[v + 1] = v;
	}
	X->parent[n] = -1;
	X->pred[n] = -1;
	X->depth[n] = 0;
	X->thread[n] = 0;
	X->rev_thread[0] = n;
	/* artificial arcs never carry flow (every supply is 0): they need
	 * not be searched */
	X->search_arcs = m + 1;
}

int sb_mcf_solve(sb_mcf *g, int s, int t, long *flow_out, int64_t *cost_out)
{
	simplex X;
	int64_t max_cost = 0, back_cap = 0, cost = 0;
	int err = SB_OK;

	for (size_t e = 0; e < g->m; e++) {
		if (g->e_cost[e] > max_cost)
			max_cost = g->e_cost[e];
		if (g->e_from[e] == s)
			back_cap += g->e_cap[e];
	}
	/* potentials stay within a tree path: n costs and the return arc */
	if (max_cost > ((int64_t)1 << 61) / ((int64_t)g->n + 2) / 2)
		return sb_error_set(SB_ETOOBIG,
				    "matching: costs too large for %d nodes", g->n);
	simplex_init(&X, g, s, t, -(max_cost * ((int64_t)g->n + 1) + 1),
		     back_cap);
	run(&X, &g->pivots);
	for (int v = 0; v < g->n; v++)
		if (X.flow[g->m + 1 + (size_t)v] != 0) {
			err = sb_error_set(SB_ERROR,
				"matching: flow network left unbalanced");
			goto done;
		}
	g->flow = sb_reallocarray(NULL, g->m ? g->m : 1, sizeof(int64_t));
	for (size_t i = 0; i < g->m; i++)
		g->flow[X.orig[i]] = X.flow[i];
	for (size_t e = 0; e < g->m; e++)
		cost += g->e_cost[e] * g->flow[e];
	*flow_out = (long)X.flow[g->m];
	*cost_out = cost;
done:
	simplex_dispose(&X);
	return err;
}

int sb_mcf_flow(const sb_mcf *g, int arc)
{
	return (int)g->flow[arc];
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

void sb_mcf_stats(const sb_mcf *g, long *arcs, long *pivots)
{
	*arcs = (long)g->m;
	*pivots = g->pivots;
}
