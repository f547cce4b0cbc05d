// SPDX-License-Identifier: GPL-2.0-only
/*
 * layout_tree.c - the decision trees of the layouts built with lib/filter.h
 * (see layout.h), over the syscall numbers of one arch block
 * (layout_tree.h); lib/layout.c puts the blocks of a program together.
 *
 * Every layout here is a decision tree over the syscall number, kept as a
 * small tree IR (JEQ/JGT/JGE nodes, leaves) and emitted by one emitter:
 * a node's smaller child is emitted first as the fall-through, so the jump
 * to the other child is as short as possible and trampolines are rare.
 * A leaf is a return, the argument checks of one syscall (its rules in
 * order, sct_cmp64 per condition, or 32-bit tests in a 32-bit word's
 * block, then the default action), or a jump to a later part of the block.
 *
 * weighted-optimal is optimal within a family: a JEQ chain of the h
 * heaviest syscalls (h = 0..24, chosen by cost) above the optimal
 * alphabetic JGE tree over the remaining ranges (Knuth's O(R^2) dynamic
 * programme). That family contains the range tree and linear-weight's
 * first 24 tests; no proof covers the BST or libseccomp shapes, so
 * tests/layout_test.c checks "never more than any other layout" on every
 * rule set it builds. Trees mixing JEQ and JGE at any depth (optimal
 * two-way-comparison trees, O(n^3)..O(n^4)) are not searched.
 *
 * Two shapes of a block's tree (after `ld nr` and the block's stub):
 *  - numbers:  jge x32_bit -> (jeq -1 ? ... : bad) then a dispatch over the
 *              numbers below the x32 bit (as libseccomp does; linear, bst,
 *              hybrid); with x32 rules (or no x32 bit) no jge: the dispatch
 *              covers every number, x32 ones included;
 *  - ranges:   a dispatch over the whole 32-bit space, the x32 numbers
 *              being one more range whose result is the bad-arch action
 *              unless the block has x32 rules (range tree, weighted-optimal).
 * Numbers the stub answers never reach the tree: keys and ranges holding no
 * number that gets past it are left out, tests whose outcome is then known
 * too, so no instruction is dead.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_tree.h"

/* ---- the tree IR and its emitter ---------------------------------------- */

enum node_kind { N_LEAF, N_JEQ, N_JGT, N_JGE };

struct node {
	enum node_kind kind;
	uint32_t k;
	int t, f;		/* children: condition true / false */
	struct leaf leaf;	/* N_LEAF */
	size_t size;		/* instructions when emitted; 0 = not computed */
};

struct tree {
	struct node *n;
	size_t len, cap;
	bool oom;
	const struct lt_block *b;
};

static int tree_add(struct tree *t, struct node nd)
{
	if (t->len == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 128;
		struct node *p = realloc(t->n, cap * sizeof(*p));

		if (!p) {
			t->oom = true;
			return 0;
		}
		t->n = p;
		t->cap = cap;
	}
	t->n[t->len] = nd;
	return (int)t->len++;
}

static int tree_leaf(struct tree *t, struct leaf lf)
{
	return tree_add(t, (struct node){ .kind = N_LEAF, .leaf = lf });
}

static int tree_cond(struct tree *t, enum node_kind kind, uint32_t k, int tt, int ff)
{
	return tree_add(t, (struct node){ .kind = kind, .k = k, .t = tt, .f = ff });
}

static size_t node_size(struct tree *t, int i)
{
	struct node *nd = &t->n[i];

	if (!nd->size) {
		size_t s = nd->kind == N_LEAF ? lt_leaf_size(t->b, &nd->leaf) :
			   1 + node_size(t, nd->t) + node_size(t, nd->f);

		t->n[i].size = s;
	}
	return t->n[i].size;
}

static void emit_node(struct sct_filter *f, struct tree *t, int i)
{
	struct node nd = t->n[i];
	sct_label other = sct_label_new(f);
	bool true_first;

	if (nd.kind == N_LEAF) {
		lt_emit_leaf(f, t->b, &nd.leaf);
		return;
	}
	/* The smaller child falls through; the jump skips only it. */
	true_first = node_size(t, nd.t) <= node_size(t, nd.f);
	switch (nd.kind) {
	case N_JEQ:
		sct_jeq(f, nd.k, true_first ? SCT_NEXT : other, true_first ? other : SCT_NEXT);
		break;
	case N_JGT:
		sct_jgt(f, nd.k, true_first ? SCT_NEXT : other, true_first ? other : SCT_NEXT);
		break;
	default:
		sct_jge(f, nd.k, true_first ? SCT_NEXT : other, true_first ? other : SCT_NEXT);
		break;
	}
	emit_node(f, t, true_first ? nd.t : nd.f);
	sct_label_here(f, other);
	emit_node(f, t, true_first ? nd.f : nd.t);
}

/* ---- dispatch shapes ----------------------------------------------------- */

/* A syscall number and where it leads. */
struct key {
	uint32_t nr;
	struct leaf leaf;
	double w;
};

/* JEQ chain over keys in the given order; a miss goes to `miss`, or, when
 * no other number gets here (the stub took the rest), the last key needs
 * no test. */
static int chain(struct tree *t, const struct key *keys, size_t n, int miss, bool miss_reached)
{
	int next = miss;

	if (!miss_reached && n) {
		n--;
		next = tree_leaf(t, keys[n].leaf);
	}
	for (size_t i = n; i-- > 0;)
		next = tree_cond(t, N_JEQ, keys[i].nr, tree_leaf(t, keys[i].leaf), next);
	return next;
}

/*
 * Balanced BST over keys sorted by nr: jgt mid -> right; jeq mid -> leaf;
 * else left. Numbers in excl (sorted) never reach this BST (earlier stages
 * caught them), nor do numbers outside the block's domain within [cmin,
 * cmax], and [minv, maxv] bounds what does, so a test whose outcome is
 * already known is left out (no JGT above the largest possible value, no
 * JEQ once the value is pinned) and every emitted instruction is reachable.
 */
struct bst_ctx {
	const struct key *keys;
	const uint32_t *excl;
	size_t nexcl;
	struct leaf miss;
	const struct lt_block *b;
	uint32_t cmin, cmax;
};

/* Does [a, b] hold a number that is not excluded? (no keys inside) */
static bool reachable(const struct bst_ctx *c, uint32_t a, uint32_t b)
{
	size_t lo = 0, hi = c->nexcl, first, last;

	if (a < c->cmin)
		a = c->cmin;
	if (b > c->cmax)
		b = c->cmax;
	if (a > b)
		return false;
	while (lo < hi) {	/* first excluded >= a */
		size_t mid = lo + (hi - lo) / 2;

		if (c->excl[mid] < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	hi = c->nexcl;
	while (lo < hi) {	/* first excluded > b */
		size_t mid = lo + (hi - lo) / 2;

		if (c->excl[mid] <= b)
			lo = mid + 1;
		else
			hi = mid;
	}
	last = lo;
	return lt_dom_count(c->b, a, b) > last - first;
}

static int bst(struct tree *t, const struct bst_ctx *c, long lo, long hi,
	       uint32_t minv, uint32_t maxv)
{
	long mid;
	uint32_t k;
	bool left, right;
	int eq;

	if (lo > hi)
		return tree_leaf(t, c->miss);
	mid = lo + (hi - lo) / 2;
	k = c->keys[mid].nr;
	right = k < maxv && (mid < hi || reachable(c, k + 1, maxv));
	left = k > minv && (mid > lo || reachable(c, minv, k - 1));
	eq = tree_leaf(t, c->keys[mid].leaf);
	if (left)
		eq = tree_cond(t, N_JEQ, k, eq, bst(t, c, lo, mid - 1, minv, k - 1));
	if (!right)
		return eq;
	return tree_cond(t, N_JGT, k, bst(t, c, mid + 1, hi, k + 1, maxv), eq);
}

/* The numbers a block's tree dispatches: its domain within [cmin, cmax]. */
struct span {
	uint32_t cmin, cmax;
	uint64_t count;		/* domain numbers inside */
};

static int bst_all(struct tree *t, const struct span *sp, const struct key *keys,
		   size_t n, const uint32_t *excl, size_t nexcl, struct leaf miss)
{
	struct bst_ctx c = { keys, excl, nexcl, miss, t->b, sp->cmin, sp->cmax };

	return bst(t, &c, 0, (long)n - 1, sp->cmin, sp->cmax);
}

/* Balanced search over ranges[lo..hi]: jge first number of the middle one. */
static int range_tree(struct tree *t, const struct range *r, size_t lo, size_t hi)
{
	size_t mid;

	if (lo == hi)
		return tree_leaf(t, r[lo].leaf);
	mid = lo + (hi - lo + 1) / 2;
	return tree_cond(t, N_JGE, r[mid].lo, range_tree(t, r, mid, hi),
			 range_tree(t, r, lo, mid - 1));
}

/*
 * Optimal alphabetic tree over ranges with weights w (Knuth's O(R^2)
 * dynamic programme for optimal search trees with weights on the leaves
 * only): cost[i][j] = W(i..j) + min over split s of cost[i][s-1] + cost[s][j],
 * the best split lying between those of [i][j-1] and [i+1][j].
 * Returns the cost (sum of weight x comparisons); root[] receives splits.
 */
static double optimal_splits(const double *w, size_t n, size_t *root, double *cost, double *pre)
{
	pre[0] = 0;
	for (size_t i = 0; i < n; i++)
		pre[i + 1] = pre[i] + w[i];
	for (size_t i = 0; i < n; i++) {
		cost[i * n + i] = 0;
		root[i * n + i] = i;
	}
	for (size_t len = 2; len <= n; len++) {
		for (size_t i = 0; i + len <= n; i++) {
			size_t j = i + len - 1;
			size_t from = len == 2 ? i + 1 : root[i * n + j - 1];
			size_t to = len == 2 ? j : root[(i + 1) * n + j];
			double best = INFINITY;
			size_t arg = from;

			if (from < i + 1)
				from = i + 1;
			if (to > j)
				to = j;
			for (size_t s = from; s <= to; s++) {
				double c = cost[i * n + s - 1] + cost[s * n + j];

				if (c < best) {
					best = c;
					arg = s;
				}
			}
			cost[i * n + j] = best + pre[j + 1] - pre[i];
			root[i * n + j] = arg;
		}
	}
	return cost[n - 1];
}

static int optimal_tree(struct tree *t, const struct range *r, const size_t *root,
			size_t n, size_t lo, size_t hi)
{
	size_t s;

	if (lo == hi)
		return tree_leaf(t, r[lo].leaf);
	s = root[lo * n + hi];
	return tree_cond(t, N_JGE, r[s].lo, optimal_tree(t, r, root, n, s, hi),
			 optimal_tree(t, r, root, n, lo, s - 1));
}

static int by_weight(const void *a, const void *b)
{
	const struct key *x = a, *y = b;

	if (x->w != y->w)
		return x->w > y->w ? -1 : 1;
	return x->nr < y->nr ? -1 : x->nr > y->nr;
}

static bool is_allow_only(const struct leaf *lf)
{
	return lf->kind == LEAF_RET && lf->action == SECCOMP_RET_ALLOW;
}

static int by_nr(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Syscalls of the span, and past the stub. */
static size_t collect_keys(const struct lt_block *b, const struct span *sp, struct key *keys)
{
	size_t n = 0;

	for (size_t i = 0; i < b->n; i++) {
		const struct sct_syscall *s = &b->sys[i];

		if (s->nr < sp->cmin || s->nr > sp->cmax || !lt_dom_count(b, s->nr, s->nr))
			continue;
		keys[n++] = (struct key){ s->nr, lt_sys_leaf(b, s, b->w32[i]), s->weight };
	}
	return n;
}

/*
 * Hybrid (gVisor-like): hot arg-checked syscalls linear, heaviest first;
 * then a BST of the rest that are not plain ALLOW, whose misses jump to a
 * BST of the plain-ALLOW ones (which stay cacheable); then the default.
 * Returns the first part's root; *second_root (-1: no number gets there)
 * is emitted at *second.
 */
static int hybrid(struct tree *t, struct sct_filter *f, const struct span *sp,
		  const struct key *keys, size_t n, sct_label *second, int *second_root)
{
	struct key *hot = calloc(n + 1, sizeof(*hot)), *cold = calloc(n + 1, sizeof(*cold));
	struct key *allow = calloc(n + 1, sizeof(*allow));
	uint32_t *excl = calloc(n + 1, sizeof(*excl));
	size_t nh = 0, nc = 0, na = 0, ne = 0;
	struct leaf dflt = lt_ret_leaf(t->b->rs->default_action);
	int root = -1;

	*second_root = -1;
	if (!hot || !cold || !allow || !excl) {
		t->oom = true;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (keys[i].leaf.kind == LEAF_BODY && keys[i].w > 0)
			hot[nh++] = keys[i];
		else if (!is_allow_only(&keys[i].leaf))
			cold[nc++] = keys[i];
		else
			allow[na++] = keys[i];
	}
	for (size_t i = 0; i < nh; i++)
		excl[ne++] = hot[i].nr;
	qsort(excl, ne, sizeof(*excl), by_nr);
	qsort(hot, nh, sizeof(*hot), by_weight);
	*second = sct_label_new(f);
	if (sp->count == nh) {	/* the hot chain catches every number */
		root = chain(t, hot, nh, -1, false);
		goto out;
	}
	root = chain(t, hot, nh, bst_all(t, sp, cold, nc, excl, ne,
					 (struct leaf){ .kind = LEAF_GOTO, .target = *second }),
		     true);
	if (sp->count == nh + nc)	/* and no miss of the second BST */
		goto out;
	for (size_t i = 0; i < nc; i++)
		excl[ne++] = cold[i].nr;
	qsort(excl, ne, sizeof(*excl), by_nr);
	*second_root = bst_all(t, sp, allow, na, excl, ne, dflt);
out:
	free(hot);
	free(cold);
	free(allow);
	free(excl);
	return root;
}

/*
 * The ranges a value can still reach after a JEQ chain caught hot[0..h):
 * a range whose numbers past the stub were all caught is dropped (none of
 * them gets here, so its neighbours may absorb them) and equal neighbours
 * merge. Weights lose the caught syscalls' weights. hot_nr is sorted.
 */
static size_t reduce_ranges(const struct lt_block *b, const struct ranges *rg,
			    const uint32_t *hot_nr, const double *hot_w_by_nr, size_t h,
			    struct range *out)
{
	size_t n = 0, k = 0;

	for (size_t i = 0; i < rg->n; i++) {
		struct range r = rg->r[i];
		uint64_t caught = 0;

		while (k < h && hot_nr[k] < r.lo)
			k++;
		for (size_t j = k; j < h && hot_nr[j] <= r.hi; j++) {
			caught++;
			r.w -= hot_w_by_nr[j];
		}
		if (caught == lt_dom_count(b, r.lo, r.hi))
			continue;
		if (n && lt_same_leaf(&out[n - 1].leaf, &r.leaf)) {
			out[n - 1].hi = r.hi;
			out[n - 1].w += r.w;
			continue;
		}
		out[n++] = r;
	}
	return n;
}

/*
 * Weighted-optimal: for h = 0..OPT_MAX_HOT, a JEQ chain of the h heaviest
 * syscalls, then the optimal alphabetic range tree over what is left; the h
 * with the least expected comparisons wins (each JEQ and each JGE is one
 * executed instruction; the prologue and the leaves cost the same in every
 * candidate). A tiny weight on every range breaks ties toward balanced
 * trees, so an unweighted rule set gets a balanced range tree.
 */
#define OPT_MAX_HOT 24

struct opt_work {
	double *w, *cost, *pre, *hot_w;
	size_t *root;
	uint32_t *hot_nr;
	struct range *red;
	struct key *hot;
};

static void opt_free(struct opt_work *o)
{
	free(o->w);
	free(o->cost);
	free(o->pre);
	free(o->hot_w);
	free(o->root);
	free(o->hot_nr);
	free(o->red);
	free(o->hot);
}

/* Sorted numbers and weights of hot[0..h). */
static void hot_sorted(struct opt_work *o, size_t h)
{
	for (size_t i = 0; i < h; i++) {
		size_t j = i;

		while (j > 0 && o->hot_nr[j - 1] > o->hot[i].nr) {
			o->hot_nr[j] = o->hot_nr[j - 1];
			o->hot_w[j] = o->hot_w[j - 1];
			j--;
		}
		o->hot_nr[j] = o->hot[i].nr;
		o->hot_w[j] = o->hot[i].w;
	}
}

/* Expected comparisons with a chain of h; leaves the DP tables for it.
 * INFINITY when the chain would leave no range (it needs a last test). */
static double opt_cost(struct opt_work *o, const struct lt_block *b, const struct ranges *rg,
		       size_t h, double total, double eps, size_t *nred)
{
	double chain_cost = 0, rest = total;

	hot_sorted(o, h);
	*nred = reduce_ranges(b, rg, o->hot_nr, o->hot_w, h, o->red);
	if (!*nred)
		return INFINITY;
	for (size_t i = 0; i < *nred; i++)
		o->w[i] = o->red[i].w + eps;
	for (size_t k = 0; k < h; k++) {
		chain_cost += o->hot[k].w * (double)(k + 1);
		rest -= o->hot[k].w;
	}
	return chain_cost + rest * (double)h + optimal_splits(o->w, *nred, o->root, o->cost, o->pre);
}

static int weighted_optimal(struct tree *t, const struct lt_block *b, struct ranges *rg)
{
	size_t n = rg->n, nh = 0, best_h = 0, nred;
	struct opt_work o = {
		.w = calloc(n, sizeof(double)), .cost = calloc(n * n, sizeof(double)),
		.pre = calloc(n + 1, sizeof(double)), .root = calloc(n * n, sizeof(size_t)),
		.hot = calloc(b->n + 1, sizeof(struct key)), .red = calloc(n, sizeof(struct range)),
		.hot_nr = calloc(OPT_MAX_HOT + 1, sizeof(uint32_t)),
		.hot_w = calloc(OPT_MAX_HOT + 1, sizeof(double)),
	};
	double total = 0, best = INFINITY, eps;
	int top = -1;

	if (!o.w || !o.cost || !o.pre || !o.root || !o.hot || !o.red || !o.hot_nr || !o.hot_w) {
		t->oom = true;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		total += rg->r[i].w;
	eps = (total > 0 ? total : 1) * 1e-9;
	for (size_t i = 0; i < b->n; i++) {
		const struct sct_syscall *s = &b->sys[i];

		if (s->weight > 0 && !(b->x32_prologue && s->nr >= b->rs->x32_bit &&
				       s->nr != 0xffffffffU) &&
		    lt_dom_count(b, s->nr, s->nr))
			o.hot[nh++] = (struct key){ s->nr, lt_sys_leaf(b, s, b->w32[i]), s->weight };
	}
	qsort(o.hot, nh, sizeof(*o.hot), by_weight);
	if (nh > OPT_MAX_HOT)
		nh = OPT_MAX_HOT;
	for (size_t h = 0; h <= nh; h++) {
		double c = opt_cost(&o, b, rg, h, total, eps, &nred);

		if (c < best - 1e-12 * (total + 1)) {
			best = c;
			best_h = h;
		}
	}
	opt_cost(&o, b, rg, best_h, total, eps, &nred);	/* the winner's tables */
	top = chain(t, o.hot, best_h, optimal_tree(t, o.red, o.root, nred, 0, nred - 1), true);
out:
	opt_free(&o);
	return top;
}

/* ---- a block's tree ------------------------------------------------------ */

static struct span make_span(const struct lt_block *b, uint64_t lo, uint64_t hi)
{
	struct span sp = { (uint32_t)lo, (uint32_t)hi, lt_dom_count(b, lo, hi) };

	/* tighten to the first and last domain numbers inside */
	for (size_t i = 0; i < b->ndom && sp.count; i++)
		if (b->dom[i].hi >= lo && b->dom[i].lo <= hi) {
			if (b->dom[i].lo > sp.cmin)
				sp.cmin = b->dom[i].lo;
			break;
		}
	for (size_t i = b->ndom; i-- > 0 && sp.count;)
		if (b->dom[i].hi >= lo && b->dom[i].lo <= hi) {
			if (b->dom[i].hi < sp.cmax)
				sp.cmax = b->dom[i].hi;
			break;
		}
	return sp;
}

static int emit_numbers(enum sct_layout l, const struct lt_block *b,
			struct sct_filter *f, struct tree *t)
{
	uint32_t x32 = b->rs->x32_bit;
	struct span low = make_span(b, 0, b->x32_prologue ? x32 - 1 : 0xffffffffU);
	uint64_t high = b->x32_prologue ? lt_dom_count(b, x32, 0xffffffffU) : 0;
	struct key *keys = calloc(b->n + 1, sizeof(*keys));
	struct leaf dflt = lt_ret_leaf(b->rs->default_action);
	sct_label hi_label = 0, second = 0;
	size_t n;
	int root = -1, root2 = -1;

	if (!keys)
		return -ENOMEM;
	n = collect_keys(b, &low, keys);
	switch (l) {
	case SCT_LAYOUT_LINEAR:
		root = chain(t, keys, n, tree_leaf(t, dflt), low.count > n);
		break;
	case SCT_LAYOUT_LINEAR_WEIGHT:
		qsort(keys, n, sizeof(*keys), by_weight);
		root = chain(t, keys, n, tree_leaf(t, dflt), low.count > n);
		break;
	case SCT_LAYOUT_BST:
		root = bst_all(t, &low, keys, n, NULL, 0, dflt);
		break;
	default:	/* SCT_LAYOUT_HYBRID */
		root = hybrid(t, f, &low, keys, n, &second, &root2);
		break;
	}
	free(keys);
	if (t->oom || root < 0)
		return -ENOMEM;
	if (low.count && high) {
		hi_label = sct_label_new(f);
		sct_jge(f, x32, hi_label, SCT_NEXT);
	}
	if (low.count) {
		emit_node(f, t, root);
		if (root2 >= 0) {
			sct_label_here(f, second);
			emit_node(f, t, root2);
		}
	}
	if (high) {
		/* x32 numbers are a wrong arch; only -1 goes on to its rules */
		bool m1 = lt_dom_count(b, 0xffffffffU, 0xffffffffU);
		struct leaf m1_leaf = lt_nr_leaf(b, 0xffffffffU);
		sct_label bad = sct_label_new(f);

		if (hi_label)
			sct_label_here(f, hi_label);
		if (m1 && high > 1)
			sct_jeq(f, 0xffffffffU, SCT_NEXT, bad);
		if (m1)
			lt_emit_leaf(f, b, &m1_leaf);
		if (high > 1 || !m1) {
			sct_label_here(f, bad);
			sct_ret(f, b->bad_arch_action);
		}
	}
	return 0;
}

static int emit_ranges(enum sct_layout l, const struct lt_block *b,
		       struct sct_filter *f, struct tree *t)
{
	struct ranges rg;
	int root, ret = lt_build_ranges(b, &rg);

	if (ret)
		return ret;
	if (l == SCT_LAYOUT_RANGE_TREE)
		root = range_tree(t, rg.r, 0, rg.n - 1);
	else
		root = weighted_optimal(t, b, &rg);
	if (!t->oom && root >= 0)
		emit_node(f, t, root);
	free(rg.r);
	return t->oom || root < 0 ? -ENOMEM : 0;
}

int lt_emit_tree(enum sct_layout l, const struct lt_block *b, struct sct_filter *f)
{
	struct tree t = { .b = b };
	int ret;

	switch (l) {
	case SCT_LAYOUT_LINEAR:
	case SCT_LAYOUT_LINEAR_WEIGHT:
	case SCT_LAYOUT_BST:
	case SCT_LAYOUT_HYBRID:
		ret = emit_numbers(l, b, f, &t);
		break;
	case SCT_LAYOUT_RANGE_TREE:
	case SCT_LAYOUT_OPTIMAL:
		ret = emit_ranges(l, b, f, &t);
		break;
	default:
		ret = -EOPNOTSUPP;
		break;
	}
	free(t.n);
	return ret;
}
