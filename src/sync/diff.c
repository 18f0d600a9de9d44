/*
 * diff.c - unified line diff (see diff.h).
 */
#include "skillsbot/diff.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "skillsbot/error.h"
#include "skillsbot/mem.h"

#define CONTEXT 3

typedef struct line {
	const char *p;
	size_t len;       /* without the newline */
} line;

typedef struct lines {
	line *v;
	size_t n, cap;
} lines;

typedef struct op {
	char kind;        /* ' ', '-', '+' */
	size_t ai, bi;    /* line indexes before this op */
} op;

typedef struct ops {
	op *v;
	size_t n, cap;
} ops;

static void split_lines(lines *out, const char *s, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		const char *nl = memchr(s + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - s) : len;

		SB_GROW(out->v, out->cap, out->n + 1);
		out->v[out->n].p = s + pos;
		out->v[out->n].len = end - pos;
		out->n++;
		pos = end + 1;
	}
}

static bool line_eq(const line *x, const line *y)
{
	return x->len == y->len && memcmp(x->p, y->p, x->len) == 0;
}

static void add_op(ops *o, char kind, size_t ai, size_t bi)
{
	SB_GROW(o->v, o->cap, o->n + 1);
	o->v[o->n].kind = kind;
	o->v[o->n].ai = ai;
	o->v[o->n].bi = bi;
	o->n++;
}

/* LCS over a[a0..a1) x b[b0..b1): table of suffix lengths, then walk. */
static void diff_middle(ops *o, const lines *a, size_t a0, size_t a1,
			const lines *b, size_t b0, size_t b1)
{
	size_t n = a1 - a0, m = b1 - b0, i, j;
	uint32_t *t;

	if (n == 0 || m == 0 || (n + 1) * (m + 1) > SB_DIFF_MAX_CELLS) {
		for (i = a0; i < a1; i++)
			add_op(o, '-', i, b0);
		for (j = b0; j < b1; j++)
			add_op(o, '+', a1, j);
		return;
	}
	t = sb_calloc((n + 1) * (m + 1), sizeof(*t));
#define T(x, y) t[(x) * (m + 1) + (y)]
	for (i = n; i-- > 0;)
		for (j = m; j-- > 0;)
			T(i, j) = line_eq(&a->v[a0 + i], &b->v[b0 + j]) ?
				T(i + 1, j + 1) + 1 :
				(T(i + 1, j) >= T(i, j + 1) ? T(i + 1, j) :
				 T(i, j + 1));
	i = j = 0;
	while (i < n || j < m) {
		if (i < n && j < m && line_eq(&a->v[a0 + i], &b->v[b0 + j])) {
			add_op(o, ' ', a0 + i, b0 + j);
			i++;
			j++;
		} else if (j >= m || (i < n && T(i + 1, j) >= T(i, j + 1))) {
			add_op(o, '-', a0 + i, b0 + j);
			i++;
		} else {
			add_op(o, '+', a0 + i, b0 + j);
			j++;
		}
	}
#undef T
	free(t);
}

static void build_ops(ops *o, const lines *a, const lines *b)
{
	size_t pre = 0, suf = 0, i;

	while (pre < a->n && pre < b->n && line_eq(&a->v[pre], &b->v[pre]))
		pre++;
	while (suf < a->n - pre && suf < b->n - pre &&
	       line_eq(&a->v[a->n - 1 - suf], &b->v[b->n - 1 - suf]))
		suf++;
	for (i = 0; i < pre; i++)
		add_op(o, ' ', i, i);
	diff_middle(o, a, pre, a->n - suf, b, pre, b->n - suf);
	for (i = 0; i < suf; i++)
		add_op(o, ' ', a->n - suf + i, b->n - suf + i);
}

/* One hunk: ops [from, to). */
static int print_hunk(sb_buf *out, const ops *o, size_t from, size_t to,
		      const lines *a, const lines *b)
{
	size_t na = 0, nb = 0, i;
	int err;

	for (i = from; i < to; i++) {
		na += o->v[i].kind != '+';
		nb += o->v[i].kind != '-';
	}
	/* Unified format: a range of no lines names the line before it. */
	err = sb_buf_addf(out, "@@ -%zu,%zu +%zu,%zu @@\n",
			  o->v[from].ai + (na ? 1 : 0), na,
			  o->v[from].bi + (nb ? 1 : 0), nb);
	for (i = from; i < to && err == SB_OK; i++) {
		const line *l = o->v[i].kind == '+' ? &b->v[o->v[i].bi] :
			&a->v[o->v[i].ai];

		if ((err = sb_buf_addc(out, o->v[i].kind)) == SB_OK &&
		    (err = sb_buf_add(out, l->p, l->len)) == SB_OK)
			err = sb_buf_addc(out, '\n');
	}
	return err;
}

static int print_hunks(sb_buf *out, const ops *o, const lines *a,
		       const lines *b)
{
	size_t i = 0;
	int err = SB_OK;

	while (i < o->n && err == SB_OK) {
		size_t first, last, end;

		while (i < o->n && o->v[i].kind == ' ')
			i++;
		if (i >= o->n)
			break;
		first = i >= CONTEXT ? i - CONTEXT : 0;
		last = i;
		/* Extend while the next change is within 2 * CONTEXT. */
		for (end = i; end < o->n; end++) {
			if (o->v[end].kind != ' ')
				last = end;
			else if (end - last > 2 * CONTEXT)
				break;
		}
		end = last + 1 + CONTEXT < o->n ? last + 1 + CONTEXT : o->n;
		err = print_hunk(out, o, first, end, a, b);
		i = end;
	}
	return err;
}

int sb_diff_unified(sb_buf *out, const char *a, size_t alen, const char *b,
		    size_t blen, const char *label_a, const char *label_b)
{
	lines la = {0}, lb = {0};
	ops o = {0};
	int err = SB_OK;

	if (alen == blen && memcmp(a, b, alen) == 0)
		return SB_OK;
	split_lines(&la, a, alen);
	split_lines(&lb, b, blen);
	build_ops(&o, &la, &lb);
	if ((err = sb_buf_addf(out, "--- %s\n+++ %s\n", label_a, label_b)) ==
	    SB_OK)
		err = print_hunks(out, &o, &la, &lb);
	free(la.v);
	free(lb.v);
	free(o.v);
	return err;
}
