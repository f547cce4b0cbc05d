// SPDX-License-Identifier: GPL-2.0-only
/*
 * layout.c - the layouts built with lib/filter.h (see layout.h).
 *
 * Every layout here is a decision tree over the syscall number, kept as a
 * small tree IR (JEQ/JGT/JGE nodes, leaves) and emitted by one emitter:
 * a node's smaller child is emitted first as the fall-through, so the jump
 * to the other child is as short as possible and trampolines are rare.
 * A leaf is a return, the argument checks of one syscall (its rules in
 * order, sct_cmp64 per condition, then the default action), or a jump to a
 * later part of the program.
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
 * Two prologues:
 *  - numbers:  ld arch; jeq arch; ld nr; jge x32_bit -> (jeq -1 ? ... : bad)
 *              then a dispatch over the numbers below the x32 bit
 *              (as libseccomp does; used by linear, bst, hybrid);
 *  - ranges:   ld arch; jeq arch; ld nr; then a dispatch over the whole
 *              32-bit space, the x32 numbers being one more range whose
 *              result is the bad-arch action (range tree, weighted-optimal).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <seccomp.h>

#include "layout.h"

static const char *const layout_names[SCT_LAYOUT_COUNT] = {
	[SCT_LAYOUT_LINEAR] = "linear",
	[SCT_LAYOUT_LINEAR_WEIGHT] = "linear-weight",
	[SCT_LAYOUT_LIBSECCOMP_1] = "libseccomp-1",
	[SCT_LAYOUT_LIBSECCOMP_2] = "libseccomp-2",
	[SCT_LAYOUT_BST] = "bst",
	[SCT_LAYOUT_RANGE_TREE] = "range-tree",
	[SCT_LAYOUT_HYBRID] = "hybrid",
	[SCT_LAYOUT_OPTIMAL] = "weighted-optimal",
};

const char *sct_layout_name(enum sct_layout l)
{
	return l < SCT_LAYOUT_COUNT ? layout_names[l] : "?";
}

int sct_layout_from_name(const char *name)
{
	for (int l = 0; l < SCT_LAYOUT_COUNT; l++)
		if (!strcmp(name, layout_names[l]))
			return l;
	return -1;
}

/* ---- results: what a syscall number leads to ---------------------------- */

enum leaf_kind { LEAF_RET, LEAF_BODY, LEAF_GOTO };

struct leaf {
	enum leaf_kind kind;
	uint32_t action;		/* LEAF_RET */
	const struct sct_syscall *sys;	/* LEAF_BODY */
	sct_label target;		/* LEAF_GOTO */
};

/* Rules after an unconditional one can never match. */
static size_t live_rules(const struct sct_syscall *s)
{
	for (size_t r = 0; r < s->nrules; r++)
		if (s->rules[r].nconds == 0)
			return r + 1;
	return s->nrules;
}

static struct leaf ret_leaf(uint32_t action)
{
	return (struct leaf){ .kind = LEAF_RET, .action = action };
}

static struct leaf sys_leaf(const struct sct_ruleset *rs, const struct sct_syscall *s)
{
	if (!s || s->nrules == 0)
		return ret_leaf(rs->default_action);
	if (s->rules[0].nconds == 0)
		return ret_leaf(s->rules[0].action);
	return (struct leaf){ .kind = LEAF_BODY, .sys = s };
}

static bool same_cond(const struct sct_cond *a, const struct sct_cond *b)
{
	return a->arg == b->arg && a->op == b->op && a->value == b->value &&
	       (a->op != SCT_CMP_MASKED_EQ || a->mask == b->mask);
}

static bool same_leaf(const struct leaf *a, const struct leaf *b)
{
	size_t n;

	if (a->kind != b->kind)
		return false;
	if (a->kind == LEAF_RET)
		return a->action == b->action;
	if (a->kind == LEAF_GOTO)
		return a->target == b->target;
	n = live_rules(a->sys);
	if (n != live_rules(b->sys))
		return false;
	for (size_t r = 0; r < n; r++) {
		const struct sct_rule *x = &a->sys->rules[r], *y = &b->sys->rules[r];

		if (x->action != y->action || x->nconds != y->nconds)
			return false;
		for (unsigned int c = 0; c < x->nconds; c++)
			if (!same_cond(&x->conds[c], &y->conds[c]))
				return false;
	}
	return true;
}

static bool complementary(const struct sct_cond *a, const struct sct_cond *b)
{
	static const enum sct_cmp opposite[SCT_CMP_COUNT] = {
		[SCT_CMP_EQ] = SCT_CMP_NE, [SCT_CMP_NE] = SCT_CMP_EQ,
		[SCT_CMP_LT] = SCT_CMP_GE, [SCT_CMP_GE] = SCT_CMP_LT,
		[SCT_CMP_LE] = SCT_CMP_GT, [SCT_CMP_GT] = SCT_CMP_LE,
		[SCT_CMP_MASKED_EQ] = SCT_CMP_COUNT,
	};

	return a->arg == b->arg && a->value == b->value && opposite[a->op] == b->op;
}

/* Rule r holds whenever it is reached: its one condition is the opposite
 * of an earlier one-condition rule's (e.g. `a0 == 40`, then `a0 != 40`). */
static bool implied(const struct sct_syscall *s, size_t r)
{
	if (s->rules[r].nconds != 1)
		return false;
	for (size_t q = 0; q < r; q++)
		if (s->rules[q].nconds == 1 &&
		    complementary(&s->rules[q].conds[0], &s->rules[r].conds[0]))
			return true;
	return false;
}

/* Jump to miss unless the condition holds; fall through when it does. A
 * MASKED_EQ whose mask leaves one 32-bit half out tests only the other. */
static void emit_cond(struct sct_filter *f, const struct sct_cond *cd, sct_label miss)
{
	uint32_t mh = (uint32_t)(cd->mask >> 32), ml = (uint32_t)cd->mask;
	uint64_t v = cd->value & cd->mask;

	if (cd->op != SCT_CMP_MASKED_EQ || (mh && ml)) {
		sct_cmp64(f, cd->arg, cd->op, cd->value, cd->mask, SCT_NEXT, miss);
		return;
	}
	if (!mh && !ml)
		return;		/* (arg & 0) == (value & 0): always */
	if (mh)
		sct_ld_arg_hi(f, cd->arg);
	else
		sct_ld_arg_lo(f, cd->arg);
	if ((mh | ml) != 0xffffffffU)
		sct_and(f, mh | ml);
	sct_jeq(f, mh ? (uint32_t)(v >> 32) : (uint32_t)v, SCT_NEXT, miss);
}

/* A syscall's argument checks: its rules in order, then the default (left
 * out when a rule is implied, so no instruction is dead). */
static void emit_body(struct sct_filter *f, const struct sct_ruleset *rs,
		      const struct sct_syscall *s)
{
	size_t n = live_rules(s);

	for (size_t r = 0; r < n; r++) {
		const struct sct_rule *rule = &s->rules[r];
		sct_label miss;

		if (rule->nconds == 0 || implied(s, r)) {
			sct_ret(f, rule->action);
			return;
		}
		miss = sct_label_new(f);
		for (unsigned int c = 0; c < rule->nconds; c++) {
			const struct sct_cond *cd = &rule->conds[c];

			emit_cond(f, cd, miss);
		}
		sct_ret(f, rule->action);
		sct_label_here(f, miss);
	}
	sct_ret(f, rs->default_action);
}

static void emit_leaf(struct sct_filter *f, const struct sct_ruleset *rs, const struct leaf *lf)
{
	switch (lf->kind) {
	case LEAF_RET:
		sct_ret(f, lf->action);
		break;
	case LEAF_BODY:
		emit_body(f, rs, lf->sys);
		break;
	case LEAF_GOTO:
		sct_ja(f, lf->target);
		break;
	}
}

static size_t leaf_size(const struct sct_ruleset *rs, const struct leaf *lf)
{
	struct sct_filter *tmp;
	size_t n;

	if (lf->kind != LEAF_BODY)
		return 1;
	tmp = sct_filter_new();
	if (!tmp)
		return 1;
	emit_body(tmp, rs, lf->sys);
	n = sct_filter_count(tmp);
	sct_filter_free(tmp);
	return n;
}

/* ---- ranges over the 32-bit number space -------------------------------- */

struct range {
	uint32_t lo, hi;
	struct leaf leaf;
	double w;		/* weight of the syscalls inside */
};

struct ranges {
	struct range *r;
	size_t n, cap;
	bool oom;
};

static void push_range(struct ranges *rg, uint64_t lo, uint64_t hi, struct leaf lf, double w)
{
	if (lo > hi)
		return;
	if (rg->n && same_leaf(&rg->r[rg->n - 1].leaf, &lf) &&
	    (uint64_t)rg->r[rg->n - 1].hi + 1 == lo) {
		rg->r[rg->n - 1].hi = (uint32_t)hi;
		rg->r[rg->n - 1].w += w;
		return;
	}
	if (rg->n == rg->cap) {
		size_t cap = rg->cap ? 2 * rg->cap : 64;
		struct range *p = realloc(rg->r, cap * sizeof(*p));

		if (!p) {
			rg->oom = true;
			return;
		}
		rg->r = p;
		rg->cap = cap;
	}
	rg->r[rg->n++] = (struct range){ (uint32_t)lo, (uint32_t)hi, lf, w };
}

/* Cover [0, 2^32) with maximal runs of equal results. */
static int build_ranges(const struct sct_ruleset *rs, struct ranges *rg)
{
	uint64_t cursor = 0, limit = rs->x32_bit ? rs->x32_bit : 1ULL << 32;
	struct leaf dflt = ret_leaf(rs->default_action);

	memset(rg, 0, sizeof(*rg));
	for (size_t i = 0; i < rs->n; i++) {
		const struct sct_syscall *s = &rs->sys[i];

		if (s->nr >= limit)
			break;
		if (s->nr > cursor)
			push_range(rg, cursor, (uint64_t)s->nr - 1, dflt, 0);
		push_range(rg, s->nr, s->nr, sys_leaf(rs, s), s->weight);
		cursor = (uint64_t)s->nr + 1;
	}
	push_range(rg, cursor, limit - 1, dflt, 0);
	if (rs->x32_bit) {
		const struct sct_syscall *m1 = sct_ruleset_find(rs, 0xffffffffU);

		push_range(rg, rs->x32_bit, 0xfffffffeULL, ret_leaf(rs->bad_arch_action), 0);
		push_range(rg, 0xffffffffULL, 0xffffffffULL, sys_leaf(rs, m1), m1 ? m1->weight : 0);
	}
	if (rg->oom) {
		free(rg->r);
		return -ENOMEM;
	}
	return 0;
}

size_t sct_layout_ranges(const struct sct_ruleset *rs)
{
	struct ranges rg;
	size_t n;

	if (build_ranges(rs, &rg))
		return 0;
	n = rg.n;
	free(rg.r);
	return n;
}

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
	const struct sct_ruleset *rs;
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
		size_t s = nd->kind == N_LEAF ? leaf_size(t->rs, &nd->leaf) :
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
		emit_leaf(f, t->rs, &nd.leaf);
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

/* JEQ chain over keys in the given order; a miss goes to `miss`. */
static int chain(struct tree *t, const struct key *keys, size_t n, int miss)
{
	int next = miss;

	for (size_t i = n; i-- > 0;)
		next = tree_cond(t, N_JEQ, keys[i].nr, tree_leaf(t, keys[i].leaf), next);
	return next;
}

/*
 * Balanced BST over keys sorted by nr: jgt mid -> right; jeq mid -> leaf;
 * else left. Numbers in excl (sorted) never reach this BST (earlier stages
 * caught them), and [minv, maxv] bounds what does, so a test whose outcome
 * is already known is left out (no JGT above the largest possible value, no
 * JEQ once the value is pinned) and every emitted instruction is reachable.
 */
struct bst_ctx {
	const struct key *keys;
	const uint32_t *excl;
	size_t nexcl;
	struct leaf miss;
};

/* Does [a, b] hold a number that is not excluded? (no keys inside) */
static bool reachable(const struct bst_ctx *c, uint32_t a, uint32_t b)
{
	size_t lo = 0, hi = c->nexcl, first, last;

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
	return (uint64_t)b - a + 1 > last - first;
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

static int bst_all(struct tree *t, const struct sct_ruleset *rs, const struct key *keys,
		   size_t n, const uint32_t *excl, size_t nexcl, struct leaf miss)
{
	struct bst_ctx c = { keys, excl, nexcl, miss };
	uint32_t maxv = rs->x32_bit ? rs->x32_bit - 1 : 0xffffffffU;

	return bst(t, &c, 0, (long)n - 1, 0, maxv);
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

/* Syscalls below the x32 bit (the numbers prologue handles the rest). */
static size_t collect_keys(const struct sct_ruleset *rs, struct key *keys)
{
	size_t n = 0;

	for (size_t i = 0; i < rs->n; i++) {
		const struct sct_syscall *s = &rs->sys[i];

		if (rs->x32_bit && s->nr >= rs->x32_bit)
			continue;
		keys[n++] = (struct key){ s->nr, sys_leaf(rs, s), s->weight };
	}
	return n;
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

/*
 * Hybrid (gVisor-like): hot arg-checked syscalls linear, heaviest first;
 * then a BST of the rest that are not plain ALLOW, whose misses jump to a
 * BST of the plain-ALLOW ones (which stay cacheable); then the default.
 * Returns the first part's root; *second_root is emitted at *second.
 */
static int hybrid(struct tree *t, struct sct_filter *f, const struct sct_ruleset *rs,
		  const struct key *keys, size_t n, sct_label *second, int *second_root)
{
	struct key *hot = calloc(n + 1, sizeof(*hot)), *cold = calloc(n + 1, sizeof(*cold));
	struct key *allow = calloc(n + 1, sizeof(*allow));
	uint32_t *excl = calloc(n + 1, sizeof(*excl));
	size_t nh = 0, nc = 0, na = 0, ne = 0;
	int root = -1;

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
	root = chain(t, hot, nh, bst_all(t, rs, cold, nc, excl, ne,
					 (struct leaf){ .kind = LEAF_GOTO, .target = *second }));
	for (size_t i = 0; i < nc; i++)
		excl[ne++] = cold[i].nr;
	qsort(excl, ne, sizeof(*excl), by_nr);
	*second_root = bst_all(t, rs, allow, na, excl, ne, ret_leaf(rs->default_action));
out:
	free(hot);
	free(cold);
	free(allow);
	free(excl);
	return root;
}

/*
 * The ranges a value can still reach after a JEQ chain caught hot[0..h):
 * a range made only of caught numbers is dropped (its numbers never get
 * here, so its neighbours may absorb them) and equal neighbours merge.
 * Weights lose the caught syscalls' weights. hot_nr is sorted.
 */
static size_t reduce_ranges(const struct ranges *rg, const uint32_t *hot_nr,
			    const double *hot_w_by_nr, size_t h, struct range *out)
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
		if (caught == (uint64_t)r.hi - r.lo + 1)
			continue;
		if (n && same_leaf(&out[n - 1].leaf, &r.leaf)) {
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

/* Expected comparisons with a chain of h; leaves the DP tables for it. */
static double opt_cost(struct opt_work *o, const struct ranges *rg, size_t h,
		       double total, double eps, size_t *nred)
{
	double chain_cost = 0, rest = total;

	hot_sorted(o, h);
	*nred = reduce_ranges(rg, o->hot_nr, o->hot_w, h, o->red);
	for (size_t i = 0; i < *nred; i++)
		o->w[i] = o->red[i].w + eps;
	for (size_t k = 0; k < h; k++) {
		chain_cost += o->hot[k].w * (double)(k + 1);
		rest -= o->hot[k].w;
	}
	return chain_cost + rest * (double)h + optimal_splits(o->w, *nred, o->root, o->cost, o->pre);
}

static int weighted_optimal(struct tree *t, const struct sct_ruleset *rs, struct ranges *rg)
{
	size_t n = rg->n, nh = 0, best_h = 0, nred;
	struct opt_work o = {
		.w = calloc(n, sizeof(double)), .cost = calloc(n * n, sizeof(double)),
		.pre = calloc(n + 1, sizeof(double)), .root = calloc(n * n, sizeof(size_t)),
		.hot = calloc(rs->n + 1, sizeof(struct key)), .red = calloc(n, sizeof(struct range)),
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
	for (size_t i = 0; i < rs->n; i++) {
		const struct sct_syscall *s = &rs->sys[i];

		if (s->weight > 0 && !(rs->x32_bit && s->nr >= rs->x32_bit && s->nr != 0xffffffffU))
			o.hot[nh++] = (struct key){ s->nr, sys_leaf(rs, s), s->weight };
	}
	qsort(o.hot, nh, sizeof(*o.hot), by_weight);
	if (nh > OPT_MAX_HOT)
		nh = OPT_MAX_HOT;
	for (size_t h = 0; h <= nh; h++) {
		double c = opt_cost(&o, rg, h, total, eps, &nred);

		if (c < best - 1e-12 * (total + 1)) {
			best = c;
			best_h = h;
		}
	}
	opt_cost(&o, rg, best_h, total, eps, &nred);	/* the winner's tables */
	top = chain(t, o.hot, best_h, optimal_tree(t, o.red, o.root, nred, 0, nred - 1));
out:
	opt_free(&o);
	return top;
}

/* ---- putting it together ------------------------------------------------- */

static int emit_numbers(enum sct_layout l, const struct sct_ruleset *rs,
			struct sct_filter *f, struct tree *t)
{
	struct key *keys = calloc(rs->n + 1, sizeof(*keys));
	sct_label high = 0, second = 0;
	size_t n;
	int root, root2 = -1;

	if (!keys)
		return -ENOMEM;
	n = collect_keys(rs, keys);
	switch (l) {
	case SCT_LAYOUT_LINEAR:
		root = chain(t, keys, n, tree_leaf(t, ret_leaf(rs->default_action)));
		break;
	case SCT_LAYOUT_LINEAR_WEIGHT:
		qsort(keys, n, sizeof(*keys), by_weight);
		root = chain(t, keys, n, tree_leaf(t, ret_leaf(rs->default_action)));
		break;
	case SCT_LAYOUT_BST:
		root = bst_all(t, rs, keys, n, NULL, 0, ret_leaf(rs->default_action));
		break;
	default:	/* SCT_LAYOUT_HYBRID */
		root = hybrid(t, f, rs, keys, n, &second, &root2);
		break;
	}
	if (t->oom || root < 0) {
		free(keys);
		return -ENOMEM;
	}
	sct_check_arch(f, rs->audit_arch, rs->bad_arch_action);
	sct_ld_nr(f);
	if (rs->x32_bit) {
		high = sct_label_new(f);
		sct_jge(f, rs->x32_bit, high, SCT_NEXT);
	}
	emit_node(f, t, root);
	if (l == SCT_LAYOUT_HYBRID) {
		sct_label_here(f, second);
		emit_node(f, t, root2);
	}
	free(keys);
	if (rs->x32_bit) {
		/* x32 numbers are a wrong arch; only -1 goes on to its rules */
		sct_label bad = sct_label_new(f);
		struct leaf m1 = sys_leaf(rs, sct_ruleset_find(rs, 0xffffffffU));

		sct_label_here(f, high);
		sct_jeq(f, 0xffffffffU, SCT_NEXT, bad);
		emit_leaf(f, rs, &m1);
		sct_label_here(f, bad);
		sct_ret(f, rs->bad_arch_action);
	}
	return 0;
}

static int emit_ranges(enum sct_layout l, const struct sct_ruleset *rs,
		       struct sct_filter *f, struct tree *t)
{
	struct ranges rg;
	int root, ret = build_ranges(rs, &rg);

	if (ret)
		return ret;
	if (l == SCT_LAYOUT_RANGE_TREE)
		root = range_tree(t, rg.r, 0, rg.n - 1);
	else
		root = weighted_optimal(t, rs, &rg);
	if (!t->oom && root >= 0) {
		sct_check_arch(f, rs->audit_arch, rs->bad_arch_action);
		sct_ld_nr(f);
		emit_node(f, t, root);
	}
	free(rg.r);
	return t->oom || root < 0 ? -ENOMEM : 0;
}

int sct_layout_emit(enum sct_layout l, const struct sct_ruleset *rs, struct sct_filter *f)
{
	struct tree t = { .rs = rs };
	int ret;

	/* multi-arch programs, runc's stub and x32 rules: not emitted yet */
	if (rs->nsub || rs->stub.on || rs->x32_rules)
		return -EOPNOTSUPP;
	switch (l) {
	case SCT_LAYOUT_LINEAR:
	case SCT_LAYOUT_LINEAR_WEIGHT:
	case SCT_LAYOUT_BST:
	case SCT_LAYOUT_HYBRID:
		ret = emit_numbers(l, rs, f, &t);
		break;
	case SCT_LAYOUT_RANGE_TREE:
	case SCT_LAYOUT_OPTIMAL:
		ret = emit_ranges(l, rs, f, &t);
		break;
	default:
		ret = -EOPNOTSUPP;
		break;
	}
	free(t.n);
	return ret;
}

int sct_layout_build(enum sct_layout l, const struct sct_ruleset *rs,
		     struct sock_fprog *out, char *why, size_t whylen)
{
	struct sct_filter *f;
	struct sock_fprog fp;
	int ret;

	if (rs->nsub || rs->stub.on || rs->x32_rules) {
		if (why && whylen)
			snprintf(why, whylen, "%s: multi-arch programs are not laid out yet",
				 sct_layout_name(l));
		return -EOPNOTSUPP;
	}
	if (l == SCT_LAYOUT_LIBSECCOMP_1 || l == SCT_LAYOUT_LIBSECCOMP_2)
		return sct_layout_libseccomp(rs, l == SCT_LAYOUT_LIBSECCOMP_1 ? 1 : 2,
					     out, why, whylen);
	f = sct_filter_new();
	if (!f)
		return -ENOMEM;
	ret = sct_layout_emit(l, rs, f);
	if (!ret)
		ret = sct_filter_build(f, &fp);
	if (ret) {
		if (why && whylen)
			snprintf(why, whylen, "%s: %s", sct_layout_name(l),
				 sct_filter_error(f)[0] ? sct_filter_error(f) : strerror(-ret));
	} else {
		out->len = fp.len;
		out->filter = malloc(fp.len * sizeof(*fp.filter));
		if (out->filter)
			memcpy(out->filter, fp.filter, fp.len * sizeof(*fp.filter));
		else
			ret = -ENOMEM;
	}
	sct_filter_free(f);
	return ret;
}

double sct_layout_expected_insns(const struct sct_sim *sim, const struct sct_ruleset *rs)
{
	static const uint64_t zero[6];
	double sum = 0, total = 0;

	for (size_t i = 0; i < rs->n; i++) {
		size_t executed = 0;

		if (rs->sys[i].weight <= 0)
			continue;
		sct_sim_eval(sim, rs->audit_arch, rs->sys[i].nr, zero, &executed);
		sum += rs->sys[i].weight * (double)executed;
		total += rs->sys[i].weight;
	}
	return total > 0 ? sum / total : 0;
}

/*
 * Calls per unit of time, shaped like strace -c of a busy network server,
 * by name: the numbers are the ruleset's arch's (libseccomp's tables). A
 * call the arch lacks counts as its stand-in there (asm-generic, e.g.
 * arm64, has no epoll_wait or poll: epoll_pwait, ppoll).
 */
static const struct { const char *name, *instead; double calls; } synthetic[] = {
	{ "futex", NULL, 3000 }, { "epoll_wait", "epoll_pwait", 1500 }, { "read", NULL, 1400 },
	{ "write", NULL, 1200 }, { "recvfrom", NULL, 900 }, { "sendto", NULL, 800 },
	{ "close", NULL, 600 }, { "newfstatat", NULL, 500 }, { "openat", NULL, 400 },
	{ "epoll_ctl", NULL, 400 }, { "mmap", NULL, 300 }, { "rt_sigprocmask", NULL, 300 },
	{ "munmap", NULL, 250 }, { "poll", "ppoll", 200 }, { "clock_gettime", NULL, 200 },
	{ "getpid", NULL, 150 }, { "nanosleep", NULL, 150 }, { "pread64", NULL, 150 },
	{ "writev", NULL, 150 }, { "madvise", NULL, 120 }, { "lseek", NULL, 100 },
	{ "sched_yield", NULL, 100 }, { "mprotect", NULL, 100 }, { "pwrite64", NULL, 100 },
	{ "fcntl", NULL, 100 }, { "brk", NULL, 80 }, { "statx", NULL, 80 }, { "ioctl", NULL, 60 },
	{ "rt_sigaction", NULL, 50 }, { "readv", NULL, 50 }, { "getrandom", NULL, 40 },
	{ "accept4", NULL, 40 }, { "socket", NULL, 30 }, { "connect", NULL, 30 },
	{ "getdents64", NULL, 30 }, { "clone", NULL, 10 }, { "clone3", NULL, 10 },
	{ "wait4", NULL, 10 }, { "execve", NULL, 2 },
};

int sct_layout_synthetic_mix(struct sct_ruleset *rs)
{
	for (size_t i = 0; i < sizeof(synthetic) / sizeof(synthetic[0]); i++) {
		const char *name = synthetic[i].name;
		int nr = seccomp_syscall_resolve_name_arch(rs->audit_arch, name);

		if (nr < 0 && synthetic[i].instead) {
			name = synthetic[i].instead;
			nr = seccomp_syscall_resolve_name_arch(rs->audit_arch, name);
		}
		if (nr < 0)
			continue;	/* not a call of this arch */
		if (!sct_ruleset_find(rs, (uint32_t)nr)) {
			int ret = sct_ruleset_add_action(rs, (uint32_t)nr, name, rs->default_action);

			if (ret)
				return ret;
		}
		sct_ruleset_set_weight(rs, (uint32_t)nr, synthetic[i].calls);
	}
	return 0;
}

int sct_layout_apply_mix(struct sct_ruleset *rs, const struct sct_mix *m,
			 struct sct_mix_applied *st)
{
	for (size_t i = 0; i < m->n; i++) {
		/* libseccomp's arch tokens are the AUDIT_ARCH_* values */
		int nr = seccomp_syscall_resolve_name_arch(rs->audit_arch, m->e[i].name);

		if (nr >= 0 && !sct_ruleset_find(rs, (uint32_t)nr) &&
		    sct_ruleset_add_action(rs, (uint32_t)nr, m->e[i].name, rs->default_action))
			return -ENOMEM;
	}
	sct_mix_apply(m, rs, st);
	return 0;
}
