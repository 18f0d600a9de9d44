/* mcf_simplex.c - the exact finish of the solver: a primal network
 * simplex from the flow of the cost-scaling rounds; see mcf_simplex.h.
 *
 * The simplex keeps a spanning tree of the nodes and an extra root; arcs
 * off the tree sit at a bound (no flow or full), tree arcs have reduced
 * cost 0 under the potentials pi. A pivot lets in an arc of negative
 * reduced cost (block search: the best of a block of arcs, blocks taken
 * in turn), pushes flow round the cycle it closes and lets out the last
 * blocking arc of that cycle, so the tree stays strongly feasible (every
 * node can send flow up to the root) and the simplex cannot cycle. When
 * no arc may enter, the potentials prove the flow optimal.
 *
 * Started from nothing the simplex needs too many pivots on the
 * matcher's network (docs/bench-match.md, second pass); started from the
 * rounds' flow it needs few, once the first tree is right:
 *   1. the arcs strictly between their bounds ("free" arcs) must all be in
 *      the tree; they are joined as a forest, and each one that would
 *      close a cycle is let in by a pivot of its own, pushed the way that
 *      does not raise the cost (a cycle of free arcs can go either way);
 *   2. each tree of that forest, or lone node, first hangs from the root
 *      by an artificial arc priced so that it keeps the rounds' prices;
 *   3. then each is hung from a node already placed instead, by the arc
 *      at a bound that leaves none of its arcs to placed nodes with a
 *      negative reduced cost, which saves most of the pivots that would
 *      otherwise only join the pieces (measured at 100,000 profiles:
 *      about 290,000 pivots without this, 100,000 with it, nearly all of
 *      them moving no flow).
 * An artificial arc v -> root never carries flow (the root has no other
 * arc and no supply), so only real arcs are searched, and a cycle through
 * the root moves no flow. */
#include "mcf_simplex.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "skillsbot/mem.h"

#define AT_UPPER (-1)
#define IN_TREE 0
#define AT_LOWER 1
#define FREE 2                 /* only while the first tree is built */
#define UP 1                   /* a tree arc from the node to its parent */
#define DOWN (-1)
/* Sweeps that look for a placed node to hang each piece of the first tree
 * from (measured, solve at 100,000 profiles: none 2.4-2.55 s; 1, 2 or 3
 * sweeps 1.9-2.25 s, alike within the noise). */
#define REGRAFT_SWEEPS 2
/* Blocks of the pivot search: sqrt(arcs / 256) arcs (measured, solve at
 * 100,000 profiles: / 64, / 256 and / 1024 alike, 1.9-2.1 s; / 16 was
 * slower before the tree update stopped walking moved subtrees). */
#define BLOCK_DIVISOR 256

typedef struct simplex {
	const sb_mcf_residual *R;
	int n, m;              /* nodes without the root; real arcs */
	int root;
	/* real arcs, numbered as added (their ends borrowed from R while
	 * the first tree is built, then owned: see renumber); artificial
	 * arc of v: m + v */
	const int *src, *dst;
	int *own_ends;
	int *cap, *flow;       /* flow: the caller's */
	int32_t *cost;
	signed char *state;
	int64_t *pi;
	/* the tree: thread is the preorder, a ring through the root;
	 * size[v] the nodes of v's subtree, last[v] its last in the thread */
	int *parent, *pred, *thread, *rev_thread, *size, *last;
	signed char *dir;      /* UP or DOWN: the way of pred[v] */
	unsigned char *placed; /* while the first tree is built */
	/* whether a node has an arc strictly between its bounds: only such
	 * a node can have a tree arc before the pivots, so the first tree
	 * looks for tree arcs only round those (at 100,000 profiles 229,000
	 * of the 265,000 nodes have none) */
	unsigned char *has_free;
	/* scratch of move_subtree: the stem, and the thread's segments */
	int *stem, *seg_first, *seg_last;
	/* scratch of the first tree */
	int *stack, *row;
	int block, next_arc;
	/* the current pivot: in_arc pushed the way `way` (1 along it) */
	int in_arc, way, join, u_in, v_in, u_out, delta;
	sb_mcf_simplex_stats st;
} simplex;

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static int64_t reduced_cost(const simplex *X, int e)
{
	return (int64_t)X->cost[e] + X->pi[X->src[e]] - X->pi[X->dst[e]];
}

static int arc_src(const simplex *X, int e)
{
	return e < X->m ? X->src[e] : e - X->m;
}

/* What e can still carry along it (`along`) or back. */
static int room(const simplex *X, int e, bool along)
{
	if (e >= X->m)
		return along ? INT_MAX : 0;
	return along ? X->cap[e] - X->flow[e] : X->flow[e];
}

/* ---- pivots ---- */

/* The arc of most negative reduced cost in the first block that has one,
 * blocks taken round from where the last search stopped. */
static bool find_entering(simplex *X)
{
	int64_t best = 0;
	int count = X->block, e = X->next_arc;

	for (int seen = 0; seen < X->m; seen++) {
		if (X->state[e] != IN_TREE) {
			int64_t c = X->state[e] * reduced_cost(X, e);

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
	if (best < 0)
		X->way = X->state[X->in_arc];
	return best < 0;
}

static void find_join(simplex *X)
{
	int u = X->src[X->in_arc], v = X->dst[X->in_arc];

	/* an ancestor's subtree is larger: climb from the smaller one */
	while (u != v) {
		if (X->size[u] < X->size[v])
			u = X->parent[u];
		else
			v = X->parent[v];
	}
	X->join = u;
}

/* The cycle runs along the entering arc from `first` to `second`, up from
 * second to the join and down to first. The leaving arc is the last
 * blocking one in that order: ties on the way down from the join go to
 * the one nearest the entering arc ('<'), on the way up to the one
 * nearest the join ('<='). False when the entering arc itself blocks. */
static bool find_leaving(simplex *X)
{
	int e = X->in_arc, first, second, side = 0;

	first = X->way > 0 ? X->src[e] : X->dst[e];
	second = X->way > 0 ? X->dst[e] : X->src[e];
	X->delta = room(X, e, X->way > 0);
	for (int u = first; u != X->join; u = X->parent[u]) {
		int d = room(X, X->pred[u], X->dir[u] == DOWN);

		if (d < X->delta) {
			X->delta = d;
			X->u_out = u;
			side = 1;
		}
	}
	for (int u = second; u != X->join; u = X->parent[u]) {
		int d = room(X, X->pred[u], X->dir[u] == UP);

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

/* Artificial arcs are left alone: a cycle through them moves nothing. */
static void push_cycle(simplex *X)
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

/* The nodes from w up to (not including) `stop` gain d nodes in their
 * subtrees. */
static void add_size(simplex *X, int w, int stop, int d)
{
	for (; w != stop; w = X->parent[w])
		X->size[w] += d;
}

/* Ancestors of w (w included) whose subtree ended at `was` now end at
 * `now`. */
static void relast(simplex *X, int w, int was, int now)
{
	for (; w >= 0 && X->last[w] == was; w = X->parent[w])
		X->last[w] = now;
}

/* The potentials of the n' nodes of the thread from `first` on move by
 * sigma. */
static void shift(simplex *X, int first, int count, int64_t sigma)
{
	for (int w = first; count-- > 0; w = X->thread[w])
		X->pi[w] += sigma;
}

/* The segments of the moved subtree in its new preorder. Let the stem be
 * s0 = u_in, s1, ..., sk = u_out (old parents). In the old preorder the
 * subtree reads A(k) ... A(1) S(0) B(1) ... B(k), where S(0) is the
 * subtree of s0, A(i) runs from s(i) to just before s(i-1) and B(i) from
 * just after the subtree of s(i-1) to the end of that of s(i); the new
 * preorder is S(0) A(1) B(1) ... A(k) B(k). Known from the stem's
 * last[] alone: the subtree is not walked. Returns how many. */
static int stem_segments(simplex *X, int k)
{
	int count = 0, *st = X->stem;

	X->seg_first[count] = st[0];
	X->seg_last[count++] = X->last[st[0]];
	for (int i = 1; i <= k; i++) {
		X->seg_first[count] = st[i];
		X->seg_last[count++] = X->rev_thread[st[i - 1]];
		if (X->last[st[i - 1]] != X->last[st[i]]) {
			X->seg_first[count] = X->thread[X->last[st[i - 1]]];
			X->seg_last[count++] = X->last[st[i]];
		}
	}
	return count;
}

/* Hang the subtree of u_out, turned over to be rooted at u_in, under
 * v_in by the entering arc. The thread, sizes and last nodes change along
 * the stem and the paths to the join only; the potentials of the moved
 * subtree change by sigma, or those of the rest by -sigma when the rest
 * is smaller (only differences count): so a pivot that moves most of the
 * tree costs no more than one that moves little. */
static void move_subtree(simplex *X)
{
	int k = 0, w, n_seg, moved = X->size[X->u_out], *st = X->stem;
	int old_last = X->last[X->u_out], before = X->rev_thread[X->u_out];
	int after = X->thread[old_last], prev, next, new_size = 0;
	int64_t sigma;
	signed char in_dir = X->u_in == X->src[X->in_arc] ? UP : DOWN;

	for (w = X->u_in;; w = X->parent[w]) {
		st[k] = w;
		if (w == X->u_out)
			break;
		k++;
	}
	sigma = X->pi[X->v_in] - X->pi[X->u_in] -
		in_dir * (int64_t)X->cost[X->in_arc];
	n_seg = stem_segments(X, k);

	X->thread[before] = after;             /* cut it out */
	X->rev_thread[after] = before;
	add_size(X, X->parent[X->u_out], X->join, -moved);
	relast(X, X->parent[X->u_out], old_last, before);

	prev = X->v_in;                        /* and in after v_in */
	next = X->thread[X->v_in];
	for (int i = 0; i < n_seg; i++) {
		X->thread[prev] = X->seg_first[i];
		X->rev_thread[X->seg_first[i]] = prev;
		prev = X->seg_last[i];
	}
	X->thread[prev] = next;
	X->rev_thread[next] = prev;
	if (X->last[X->v_in] == X->v_in)
		relast(X, X->v_in, X->v_in, prev);
	add_size(X, X->v_in, X->join, moved);

	/* turn the stem over: each stem node takes the arc below it, and
	 * its subtree is now what lies beyond it on the new order */
	for (int i = k; i > 0; i--) {
		new_size += X->size[st[i]] - X->size[st[i - 1]];
		X->size[st[i]] = new_size;
		X->last[st[i]] = prev;
		X->parent[st[i]] = st[i - 1];
		X->pred[st[i]] = X->pred[st[i - 1]];
		X->dir[st[i]] = (signed char)-X->dir[st[i - 1]];
	}
	X->size[X->u_in] = moved;
	X->last[X->u_in] = prev;
	X->parent[X->u_in] = X->v_in;
	X->pred[X->u_in] = X->in_arc;
	X->dir[X->u_in] = in_dir;

	if (2 * moved <= X->n + 1)
		shift(X, X->u_in, moved, sigma);
	else
		shift(X, X->thread[prev], X->n + 1 - moved, -sigma);
}

/* Let X->in_arc in, pushed the way X->way. */
static void pivot(simplex *X)
{
	int e = X->in_arc;

	find_join(X);
	if (find_leaving(X)) {
		int leaving = X->pred[X->u_out];

		push_cycle(X);
		X->state[e] = IN_TREE;
		if (leaving < X->m)
			X->state[leaving] = X->flow[leaving] == 0 ? AT_LOWER
								  : AT_UPPER;
		move_subtree(X);
	} else {
		push_cycle(X);
		X->state[e] = X->way > 0 ? AT_UPPER : AT_LOWER;
	}
}

/* ---- the first tree ---- */

static int uf_find(int *up, int v)
{
	while (up[v] != v) {
		up[v] = up[up[v]];
		v = up[v];
	}
	return v;
}

/* Join the free arcs as a forest (in the order added); list those that
 * would close a cycle in `deferred` (returns how many), at no bound yet. */
static int free_forest(simplex *X, int *deferred)
{
	int *up = X->stack, count = 0;

	for (int v = 0; v < X->n; v++)
		up[v] = v;
	for (int e = 0; e < X->m; e++)
		if (X->state[e] == FREE) {
			int a = uf_find(up, X->src[e]), b = uf_find(up, X->dst[e]);

			X->has_free[X->src[e]] = X->has_free[X->dst[e]] = 1;
			if (a == b) {
				deferred[count++] = e;
			} else {
				up[a] = b;
				X->state[e] = IN_TREE;
			}
		}
	return count;
}

/* Potentials of r's tree of tree arcs relative to r (pi[r] = 0); `seen`
 * marks its nodes. */
static void relative_potentials(simplex *X, int r, unsigned char *seen)
{
	const sb_mcf_residual *R = X->R;
	int top = 0;

	seen[r] = 1;
	X->pi[r] = 0;
	if (X->has_free[r])
		X->stack[top++] = r;
	while (top) {
		int v = X->stack[--top];

		for (int a = R->start[v]; a < R->start[v + 1]; a++) {
			int e = R->rev[a], w = R->arc[a].head;

			if (X->state[e] != IN_TREE || seen[w])
				continue;
			seen[w] = 1;
			X->pi[w] = X->src[e] == w ? X->pi[v] - X->cost[e]
						  : X->pi[v] + X->cost[e];
			X->stack[top++] = w;
		}
	}
}

/* Hang r's tree of tree arcs (its nodes unplaced), rooted at r, from the
 * placed node u by arc e, every potential raised by sigma: depth first,
 * so that the thread is its preorder. Sizes and last nodes are set once
 * the whole tree is (tree_sizes). */
static void hang(simplex *X, int r, int u, int e, int64_t sigma)
{
	const sb_mcf_residual *R = X->R;
	int top = 0, last = u, after = X->thread[u];

	X->parent[r] = u;
	X->pred[r] = e;
	X->dir[r] = arc_src(X, e) == r ? UP : DOWN;
	X->placed[r] = 1;
	X->pi[r] += sigma;
	X->thread[last] = r;
	X->rev_thread[r] = last;
	last = r;
	if (X->has_free[r])
		X->stack[top++] = r;
	X->row[r] = R->start[r];
	while (top) {
		int v = X->stack[top - 1], a = X->row[v], f, w;

		if (a == R->start[v + 1]) {
			top--;
			continue;
		}
		X->row[v]++;
		f = R->rev[a];
		w = R->arc[a].head;
		if (X->state[f] != IN_TREE || X->placed[w])
			continue;
		X->parent[w] = v;
		X->pred[w] = f;
		X->dir[w] = X->src[f] == w ? UP : DOWN;
		X->placed[w] = 1;
		X->pi[w] += sigma;
		X->thread[last] = w;
		X->rev_thread[w] = last;
		last = w;
		X->row[w] = R->start[w];
		X->stack[top++] = w;
	}
	X->thread[last] = after;
	X->rev_thread[after] = last;
}

/* Hang r's tree from the root by its artificial arc, r at price p: the
 * arc's cost is whatever makes it so (-p); it is never read, since an
 * artificial arc never enters. */
static void hang_from_root(simplex *X, int r, int64_t p)
{
	hang(X, r, X->root, X->m + r, p - X->pi[r]);
}

/* Sizes and last nodes of every subtree, from the thread and parents. */
static void tree_sizes(simplex *X)
{
	for (int v = 0; v <= X->n; v++) {
		X->size[v] = 1;
		X->last[v] = v;
	}
	/* backwards in preorder: children before their parent, and the
	 * last child first */
	for (int v = X->rev_thread[X->root]; v != X->root; v = X->rev_thread[v]) {
		int p = X->parent[v];

		X->size[p] += X->size[v];
		if (X->last[p] == p)
			X->last[p] = X->last[v];
	}
}

/* Steps 1 and 2 of the first tree (see the top of this file). */
static void first_tree(simplex *X, const int64_t *price, int64_t scale)
{
	int *deferred = sb_reallocarray(NULL, (size_t)X->m + 1, sizeof(int));
	unsigned char *seen = sb_calloc((size_t)X->n + 1, 1);
	int count = free_forest(X, deferred);

	X->placed[X->root] = 1;
	X->parent[X->root] = X->pred[X->root] = -1;
	X->thread[X->root] = X->rev_thread[X->root] = X->root;
	for (int r = X->n - 1; r >= 0; r--)
		if (!seen[r]) {
			relative_potentials(X, r, seen);
			hang_from_root(X, r, floor_div(price[r], scale));
		}
	tree_sizes(X);
	for (int k = 0; k < count; k++) {
		int e = deferred[k];

		X->state[e] = AT_LOWER;
		if (X->flow[e] == X->cap[e])
			X->state[e] = AT_UPPER;
		if (X->flow[e] == 0 || X->flow[e] == X->cap[e])
			continue;      /* an earlier cycle put it at a bound */
		X->in_arc = e;
		X->way = reduced_cost(X, e) <= 0 ? 1 : -1;
		pivot(X);
		if (X->delta > 0)
			X->st.free_cycles++;
	}
	free(deferred);
	free(seen);
}

/* The pieces hanging from the root: unit[v] is the child of the root
 * above v; fixed[r] when r's piece holds a tree arc at a bound (turning
 * it over, to hang it by another node, could break strong feasibility). */
static void root_pieces(simplex *X, int *unit, unsigned char *fixed)
{
	int r = -1;

	for (int v = X->thread[X->root]; v != X->root; v = X->thread[v]) {
		if (X->parent[v] == X->root)
			r = v;
		unit[v] = r;
		if (v != r && (X->flow[X->pred[v]] == 0 ||
			       X->flow[X->pred[v]] == X->cap[X->pred[v]]))
			fixed[r] = 1;
	}
}

/* Members of each piece: those of r are members[first[r] .. first[r+1]). */
static void list_members(const simplex *X, const int *unit, int *first,
			 int *members)
{
	for (int v = 0; v < X->n; v++)
		first[unit[v] + 2]++;
	for (int v = 0; v < X->n; v++)
		first[v + 2] += first[v + 1];
	for (int v = 0; v < X->n; v++)
		members[first[unit[v] + 1]++] = v;
}

/* Take every piece but the largest off the tree. */
static void detach_but(simplex *X, const int *unit, int big)
{
	int last = X->last[big];

	for (int v = 0; v < X->n; v++)
		X->placed[v] = unit[v] == big;
	X->thread[X->root] = big;
	X->rev_thread[big] = X->root;
	X->thread[last] = X->root;
	X->rev_thread[X->root] = last;
}

/* The best arc to hang piece r by: from a member x (only r itself when
 * fixed) to a placed node u, with room from x to u (so x can send flow
 * up), raising the piece by sigma = pi[u] - cost - pi[x] as much as any
 * such arc asks: then none of them has a negative reduced cost. False
 * when no member has an arc to a placed node. */
static bool best_hanger(const simplex *X, const int *members, int from,
			int to, int r, bool fixed, int *arc_out, int *at_out,
			int64_t *sigma_out)
{
	const sb_mcf_residual *R = X->R;
	bool found = false;

	for (int k = from; k < to; k++) {
		int x = members[k];

		if (fixed && x != r)
			continue;
		for (int a = R->start[x]; a < R->start[x + 1]; a++) {
			int e = R->rev[a], u = R->arc[a].head;
			int64_t sigma;

			if (!X->placed[u] || room(X, e, X->src[e] == x) <= 0)
				continue;
			sigma = X->pi[u] - R->cost[R->arc[a].cost] - X->pi[x];
			if (!found || sigma > *sigma_out) {
				found = true;
				*arc_out = a;
				*at_out = x;
				*sigma_out = sigma;
			}
		}
	}
	return found;
}

/* Step 3 of the first tree (see the top of this file). */
static void regraft(simplex *X)
{
	int n = X->n, big = -1;
	int *unit = sb_reallocarray(NULL, (size_t)n + 1, sizeof(int));
	int *first = sb_calloc((size_t)n + 2, sizeof(int));
	int *members = sb_reallocarray(NULL, (size_t)n + 1, sizeof(int));
	unsigned char *fixed = sb_calloc((size_t)n + 1, 1);

	root_pieces(X, unit, fixed);
	list_members(X, unit, first, members);
	for (int v = 0; v < n; v++)
		if (unit[v] == v && (big < 0 || first[v + 1] - first[v] >
					       first[big + 1] - first[big]))
			big = v;
	detach_but(X, unit, big);
	for (int sweep = 0; sweep <= REGRAFT_SWEEPS; sweep++)
		for (int r = 0; r < n; r++) {
			int a = -1, x = -1;
			int64_t sigma = 0;

			if (unit[r] != r || X->placed[r])
				continue;
			if (sweep == REGRAFT_SWEEPS)
				hang_from_root(X, r, X->pi[r]);
			else if (best_hanger(X, members, first[r], first[r + 1],
					     r, fixed[r], &a, &x, &sigma))
				hang(X, x, X->R->arc[a].head, X->R->rev[a], sigma);
		}
	tree_sizes(X);
	free(unit);
	free(first);
	free(members);
	free(fixed);
}

/* ---- pivots in thread order ----
 *
 * The pivots walk the tree by its thread and parents: shifting the
 * potentials of a subtree, the paths to the join. Nodes numbered as the
 * network was built lie at random along the thread, so each step reads
 * other cache lines; numbered in thread order, a subtree is mostly one
 * run of memory, and a pivot moves only a little of it (measured at
 * 100,000 profiles: 19 million potentials shifted over the pivots). No
 * pivot rule looks at node numbers, so the pivots are the same. */

/* Put the values of a node array in the order new[i] = old[order[i]],
 * through `scratch` (n + 1 ints). */
static void permute_int(int *a, const int *order, int n, int *scratch)
{
	for (int i = 0; i <= n; i++)
		scratch[i] = a[order[i]];
	memcpy(a, scratch, sizeof(int) * ((size_t)n + 1));
}

/* The arcs' ends under the new numbers: the simplex's own from now on
 * (they were mcf.c's, borrowed). */
static void renumber_ends(simplex *X, const int *id)
{
	int *ends = sb_reallocarray(NULL, 2 * ((size_t)X->m + 1), sizeof(int));
	int *src = ends, *dst = ends + X->m + 1;

	for (int e = 0; e < X->m; e++) {
		src[e] = id[X->src[e]];
		dst[e] = id[X->dst[e]];
	}
	X->src = src;
	X->dst = dst;
	X->own_ends = ends;
}

/* Every node array in the new order, and the nodes they name renamed;
 * the scratch arrays of the first tree (row, stack) are free by now. */
static void renumber_nodes(simplex *X, const int *order, const int *id)
{
	int n = X->n;
	int64_t *pi = sb_reallocarray(NULL, (size_t)n + 1, sizeof(int64_t));
	signed char *dir = (signed char *)X->row;

	for (int i = 0; i <= n; i++) {
		pi[i] = X->pi[order[i]];
		dir[i] = X->dir[order[i]];
	}
	free(X->pi);
	X->pi = pi;
	memcpy(X->dir, dir, (size_t)n + 1);
	permute_int(X->size, order, n, X->stack);
	permute_int(X->pred, order, n, X->stack);
	/* a pred that is an artificial arc names its node: m + v */
	for (int i = 0; i < n; i++)
		if (X->pred[i] >= X->m)
			X->pred[i] = X->m + i;
	permute_int(X->parent, order, n, X->stack);
	permute_int(X->thread, order, n, X->stack);
	permute_int(X->rev_thread, order, n, X->stack);
	permute_int(X->last, order, n, X->stack);
	for (int i = 0; i <= n; i++) {
		X->parent[i] = id[X->parent[i]];
		X->thread[i] = id[X->thread[i]];
		X->rev_thread[i] = id[X->rev_thread[i]];
		X->last[i] = id[X->last[i]];
	}
}

/* Renumber every node (the root stays n) in the order of the thread. */
static void renumber(simplex *X)
{
	int n = X->n, k = 0;
	int *order = sb_reallocarray(NULL, (size_t)n + 1, sizeof(int));
	int *id = sb_reallocarray(NULL, (size_t)n + 2, sizeof(int));

	for (int v = X->thread[X->root]; v != X->root; v = X->thread[v])
		order[k++] = v;
	order[n] = X->root;
	id += 1;
	id[-1] = -1;           /* a parent or pred of none stays -1 */
	for (int i = 0; i <= n; i++)
		id[order[i]] = i;
	renumber_ends(X, id);
	renumber_nodes(X, order, id);
	free(order);
	free(id - 1);
}

/* ---- setting up and reading back ---- */

static void simplex_init(simplex *X, const sb_mcf_residual *R, int *flow)
{
	size_t m = (size_t)R->m + 1, nn = (size_t)R->n + 1;

	*X = (simplex){0};
	X->R = R;
	X->n = R->n;
	X->m = R->m;
	X->root = R->n;
	X->src = R->tail;
	X->dst = R->head;
	X->cap = sb_reallocarray(NULL, m, sizeof(int));
	X->flow = flow;
	X->cost = sb_reallocarray(NULL, m, sizeof(int32_t));
	X->state = sb_reallocarray(NULL, m, 1);
	X->pi = sb_calloc(nn, sizeof(int64_t));
	X->parent = sb_reallocarray(NULL, nn, sizeof(int));
	X->pred = sb_reallocarray(NULL, nn, sizeof(int));
	X->size = sb_reallocarray(NULL, nn, sizeof(int));
	X->last = sb_reallocarray(NULL, nn, sizeof(int));
	X->placed = sb_calloc(nn, 1);
	X->has_free = sb_calloc(nn, 1);
	X->thread = sb_reallocarray(NULL, nn, sizeof(int));
	X->rev_thread = sb_reallocarray(NULL, nn, sizeof(int));
	X->dir = sb_reallocarray(NULL, nn, 1);
	X->stem = sb_reallocarray(NULL, nn, sizeof(int));
	X->seg_first = sb_reallocarray(NULL, 2 * nn, sizeof(int));
	X->seg_last = sb_reallocarray(NULL, 2 * nn, sizeof(int));
	X->stack = sb_reallocarray(NULL, nn, sizeof(int));
	X->row = sb_reallocarray(NULL, nn, sizeof(int));
	X->block = 10;
	while ((long)X->block * X->block < (long)m / BLOCK_DIVISOR)
		X->block++;
	for (int e = 0; e < X->m; e++) {
		int a = R->fwd[e];

		X->cap[e] = X->flow[e] = 0;
		X->cost[e] = R->cost[R->arc[a].cost];
		for (int k = a; k < a + R->pieces[e]; k++) {
			X->cap[e] += R->pair_cap[k];
			X->flow[e] += R->pair_cap[k] - R->arc[k].cap;
			/* from here on the arcs' capacities are the
			 * simplex's own (cap, flow), and the reverse arcs
			 * are not needed: rev holds the edge */
			R->rev[R->rev[k]] = e;
			R->rev[k] = e;
		}
		X->state[e] = X->flow[e] == 0 ? AT_LOWER
			      : X->flow[e] == X->cap[e] ? AT_UPPER : FREE;
	}
}

static void simplex_dispose(simplex *X)
{
	free(X->own_ends);
	free(X->cap);
	free(X->cost);
	free(X->state);
	free(X->pi);
	free(X->parent);
	free(X->pred);
	free(X->size);
	free(X->last);
	free(X->placed);
	free(X->has_free);
	free(X->thread);
	free(X->rev_thread);
	free(X->dir);
	free(X->stem);
	free(X->seg_first);
	free(X->seg_last);
	free(X->stack);
	free(X->row);
}

void sb_mcf_simplex_finish(const sb_mcf_residual *R, const int64_t *price,
			   int64_t scale, int *flow,
			   sb_mcf_simplex_stats *st_out)
{
	simplex X;

	simplex_init(&X, R, flow);
	first_tree(&X, price, scale);
	if (X.n > 0)
		regraft(&X);
	renumber(&X);
	while (find_entering(&X)) {
		pivot(&X);
		if (X.delta > 0)
			X.st.pivots++;
		else
			X.st.degenerate++;
	}
	*st_out = X.st;
	simplex_dispose(&X);
}
