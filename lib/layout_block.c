// SPDX-License-Identifier: GPL-2.0-only
/*
 * layout_block.c - one arch block as the layouts see it (layout_tree.h):
 * the numbers its stub lets through, its rules on 32-bit words where the
 * block compares those, the leaves of its trees (a return, a syscall's
 * argument checks, a jump) and its ranges over the 32-bit number space.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_tree.h"

/* ---- the block: numbers past the stub, the 32-bit view ------------------ */

static void dom_add(struct lt_block *b, uint64_t lo, uint64_t hi)
{
	if (lo > hi)
		return;
	if (b->ndom && (uint64_t)b->dom[b->ndom - 1].hi + 1 == lo) {
		b->dom[b->ndom - 1].hi = (uint32_t)hi;
		return;
	}
	b->dom[b->ndom++] = (struct lt_ivl){ (uint32_t)lo, (uint32_t)hi };
}

/* The stub's semantics (sct_ruleset_stub_enosys) as intervals: x32_bit is
 * bit 30, so each quarter of the 32-bit space is one half's. */
static void block_domain(struct lt_block *b)
{
	const struct sct_ruleset *a = b->rs;
	uint64_t lim = 0xffffffffULL, lim_x32 = 0xffffffffULL;

	if (a->stub.on && a->stub.last != SCT_STUB_NONE)
		lim = a->stub.last;
	if (a->stub.on && a->x32_bit && a->stub.last_x32 != SCT_STUB_NONE)
		lim_x32 = a->stub.last_x32;
	b->ndom = 0;
	if (!a->x32_bit) {
		dom_add(b, 0, lim);
		return;
	}
	for (uint64_t lo = 0; lo < 1ULL << 32; lo += 1ULL << 30) {
		uint64_t l = lo & a->x32_bit ? lim_x32 : lim, hi = lo + (1ULL << 30) - 1;

		dom_add(b, lo, hi < l ? hi : l);
	}
}

uint64_t lt_dom_count(const struct lt_block *b, uint64_t lo, uint64_t hi)
{
	uint64_t n = 0;

	for (size_t i = 0; i < b->ndom; i++) {
		uint64_t a = lo > b->dom[i].lo ? lo : b->dom[i].lo;
		uint64_t z = hi < b->dom[i].hi ? hi : b->dom[i].hi;

		if (a <= z)
			n += z - a + 1;
	}
	return n;
}

enum c32 { C32_TEST, C32_ALWAYS, C32_NEVER };

/* A condition on the low words only (value and mask already masked). */
static enum c32 classify32(const struct sct_cond *c)
{
	switch (c->op) {
	case SCT_CMP_LT: return c->value ? C32_TEST : C32_NEVER;
	case SCT_CMP_LE: return c->value == 0xffffffffULL ? C32_ALWAYS : C32_TEST;
	case SCT_CMP_GT: return c->value == 0xffffffffULL ? C32_NEVER : C32_TEST;
	case SCT_CMP_GE: return c->value ? C32_TEST : C32_ALWAYS;
	case SCT_CMP_MASKED_EQ: return c->mask ? C32_TEST : C32_ALWAYS;
	default: return C32_TEST;
	}
}

static bool cond_eq(const struct sct_cond *a, const struct sct_cond *b)
{
	return a->arg == b->arg && a->op == b->op && a->value == b->value && a->mask == b->mask;
}

/* Does every condition of q appear in r? Then r never matches after q. */
static bool covers(const struct sct_rule *q, const struct sct_rule *r)
{
	for (unsigned int i = 0; i < q->nconds; i++) {
		unsigned int j = 0;

		while (j < r->nconds && !cond_eq(&q->conds[i], &r->conds[j]))
			j++;
		if (j == r->nconds)
			return false;
	}
	return true;
}

/* s's rules on 32-bit words, into d (rules malloc'd); a rule an earlier
 * one covers once only the low words count (a0 == 1, a0 == 0x100000001)
 * is left out, so its return is not dead code. */
static int view32(const struct sct_syscall *s, struct sct_syscall *d)
{
	*d = *s;
	d->src = NULL;
	d->nrules = 0;
	d->rules = calloc(s->nrules + 1, sizeof(*d->rules));
	if (!d->rules)
		return -ENOMEM;
	for (size_t r = 0; r < s->nrules; r++) {
		struct sct_rule nr = { .action = s->rules[r].action };
		bool never = false;

		for (unsigned int c = 0; c < s->rules[r].nconds; c++) {
			struct sct_cond cd = s->rules[r].conds[c];

			cd.value &= 0xffffffffULL;
			cd.mask &= 0xffffffffULL;
			if (cd.op == SCT_CMP_MASKED_EQ)
				cd.value &= cd.mask;
			switch (classify32(&cd)) {
			case C32_NEVER: never = true; break;
			case C32_ALWAYS: break;
			default: nr.conds[nr.nconds++] = cd; break;
			}
		}
		for (size_t q = 0; q < d->nrules && !never; q++)
			never = covers(&d->rules[q], &nr);
		if (never)
			continue;
		d->rules[d->nrules++] = nr;
		if (nr.nconds == 0)
			break;	/* later rules can never match */
	}
	return 0;
}

int lt_block_init(struct lt_block *b, const struct sct_ruleset *prog,
		  const struct sct_ruleset *a)
{
	memset(b, 0, sizeof(*b));
	b->rs = a;
	b->bad_arch_action = prog->bad_arch_action;
	b->x32_prologue = a->x32_bit && !a->x32_rules;
	block_domain(b);
	b->n = a->n;
	b->sys = calloc(a->n + 1, sizeof(*b->sys));
	b->w32 = calloc(a->n + 1, sizeof(*b->w32));
	if (!b->sys || !b->w32) {
		lt_block_free(b);
		return -ENOMEM;
	}
	for (size_t i = 0; i < a->n; i++) {
		b->w32[i] = sct_ruleset_args32(a, a->sys[i].nr);
		if (!b->w32[i]) {
			b->sys[i] = a->sys[i];
		} else if (view32(&a->sys[i], &b->sys[i])) {
			b->w32[i] = false;	/* nothing of its own to free */
			lt_block_free(b);
			return -ENOMEM;
		}
	}
	return 0;
}

void lt_block_free(struct lt_block *b)
{
	for (size_t i = 0; b->sys && b->w32 && i < b->n; i++)
		if (b->w32[i])
			free(b->sys[i].rules);
	free(b->sys);
	free(b->w32);
	b->sys = NULL;
	b->w32 = NULL;
}

const struct sct_syscall *lt_block_find(const struct lt_block *b, uint32_t nr, bool *w32)
{
	size_t lo = 0, hi = b->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (b->sys[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < b->n && b->sys[lo].nr == nr) {
		*w32 = b->w32[lo];
		return &b->sys[lo];
	}
	*w32 = false;
	return NULL;
}

/* ---- results: what a syscall number leads to ---------------------------- */

/* Rules after an unconditional one can never match. */
static size_t live_rules(const struct sct_syscall *s)
{
	for (size_t r = 0; r < s->nrules; r++)
		if (s->rules[r].nconds == 0)
			return r + 1;
	return s->nrules;
}

struct leaf lt_ret_leaf(uint32_t action)
{
	return (struct leaf){ .kind = LEAF_RET, .action = action };
}

struct leaf lt_sys_leaf(const struct lt_block *b, const struct sct_syscall *s, bool w32)
{
	if (!s || s->nrules == 0)
		return lt_ret_leaf(b->rs->default_action);
	if (s->rules[0].nconds == 0)
		return lt_ret_leaf(s->rules[0].action);
	return (struct leaf){ .kind = LEAF_BODY, .sys = s, .w32 = w32 };
}

struct leaf lt_nr_leaf(const struct lt_block *b, uint32_t nr)
{
	bool w32;
	const struct sct_syscall *s = lt_block_find(b, nr, &w32);

	return lt_sys_leaf(b, s, w32);
}

static bool same_cond(const struct sct_cond *a, const struct sct_cond *b)
{
	return a->arg == b->arg && a->op == b->op && a->value == b->value &&
	       (a->op != SCT_CMP_MASKED_EQ || a->mask == b->mask);
}

bool lt_same_leaf(const struct leaf *a, const struct leaf *b)
{
	size_t n;

	if (a->kind != b->kind)
		return false;
	if (a->kind == LEAF_RET)
		return a->action == b->action;
	if (a->kind == LEAF_GOTO)
		return a->target == b->target;
	if (a->w32 != b->w32)
		return false;
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

/* A condition on the low words (the view made it one classify32 tests):
 * fall through when it holds. */
static void emit_cond32(struct sct_filter *f, const struct sct_cond *cd, sct_label miss)
{
	uint32_t v = (uint32_t)cd->value;

	sct_ld_arg_lo(f, cd->arg);
	switch (cd->op) {
	case SCT_CMP_EQ: sct_jeq(f, v, SCT_NEXT, miss); break;
	case SCT_CMP_NE: sct_jeq(f, v, miss, SCT_NEXT); break;
	case SCT_CMP_LT: sct_jge(f, v, miss, SCT_NEXT); break;
	case SCT_CMP_LE: sct_jgt(f, v, miss, SCT_NEXT); break;
	case SCT_CMP_GT: sct_jgt(f, v, SCT_NEXT, miss); break;
	case SCT_CMP_GE: sct_jge(f, v, SCT_NEXT, miss); break;
	default:
		if ((uint32_t)cd->mask != 0xffffffffU)
			sct_and(f, (uint32_t)cd->mask);
		sct_jeq(f, v, SCT_NEXT, miss);
		break;
	}
}

/* Jump to miss unless the condition holds; fall through when it does. A
 * MASKED_EQ whose mask leaves one 32-bit half out tests only the other. */
static void emit_cond(struct sct_filter *f, const struct sct_cond *cd, sct_label miss, bool w32)
{
	uint32_t mh = (uint32_t)(cd->mask >> 32), ml = (uint32_t)cd->mask;
	uint64_t v = cd->value & cd->mask;

	if (w32) {
		emit_cond32(f, cd, miss);
		return;
	}
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
static void emit_body(struct sct_filter *f, const struct lt_block *b, const struct leaf *lf)
{
	const struct sct_syscall *s = lf->sys;
	size_t n = live_rules(s);

	for (size_t r = 0; r < n; r++) {
		const struct sct_rule *rule = &s->rules[r];
		sct_label miss;

		if (rule->nconds == 0 || implied(s, r)) {
			sct_ret(f, rule->action);
			return;
		}
		miss = sct_label_new(f);
		for (unsigned int c = 0; c < rule->nconds; c++)
			emit_cond(f, &rule->conds[c], miss, lf->w32);
		sct_ret(f, rule->action);
		sct_label_here(f, miss);
	}
	sct_ret(f, b->rs->default_action);
}

void lt_emit_leaf(struct sct_filter *f, const struct lt_block *b, const struct leaf *lf)
{
	switch (lf->kind) {
	case LEAF_RET:
		sct_ret(f, lf->action);
		break;
	case LEAF_BODY:
		emit_body(f, b, lf);
		break;
	case LEAF_GOTO:
		sct_ja(f, lf->target);
		break;
	}
}

size_t lt_leaf_size(const struct lt_block *b, const struct leaf *lf)
{
	struct sct_filter *tmp;
	size_t n;

	if (lf->kind != LEAF_BODY)
		return 1;
	tmp = sct_filter_new();
	if (!tmp)
		return 1;
	emit_body(tmp, b, lf);
	n = sct_filter_count(tmp);
	sct_filter_free(tmp);
	return n;
}

/* ---- ranges over the 32-bit number space -------------------------------- */

static void push_range(struct ranges *rg, uint64_t lo, uint64_t hi, struct leaf lf, double w)
{
	if (lo > hi)
		return;
	if (rg->n && lt_same_leaf(&rg->r[rg->n - 1].leaf, &lf) &&
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

/*
 * Cover [0, 2^32) with maximal runs of equal results, then keep the runs
 * holding a number past the stub (a run between two kept ones with the
 * same result joins them: its numbers never arrive).
 */
int lt_build_ranges(const struct lt_block *b, struct ranges *rg)
{
	uint64_t cursor = 0, limit = b->x32_prologue ? b->rs->x32_bit : 1ULL << 32;
	struct leaf dflt = lt_ret_leaf(b->rs->default_action);
	struct ranges all;
	size_t n = 0;

	memset(&all, 0, sizeof(all));
	for (size_t i = 0; i < b->n; i++) {
		const struct sct_syscall *s = &b->sys[i];

		if (s->nr >= limit)
			break;
		if (s->nr > cursor)
			push_range(&all, cursor, (uint64_t)s->nr - 1, dflt, 0);
		push_range(&all, s->nr, s->nr, lt_sys_leaf(b, s, b->w32[i]), s->weight);
		cursor = (uint64_t)s->nr + 1;
	}
	push_range(&all, cursor, limit - 1, dflt, 0);
	if (b->x32_prologue) {
		bool w32;
		const struct sct_syscall *m1 = lt_block_find(b, 0xffffffffU, &w32);

		push_range(&all, b->rs->x32_bit, 0xfffffffeULL, lt_ret_leaf(b->bad_arch_action), 0);
		push_range(&all, 0xffffffffULL, 0xffffffffULL, lt_sys_leaf(b, m1, w32),
			   m1 ? m1->weight : 0);
	}
	if (all.oom) {
		free(all.r);
		return -ENOMEM;
	}
	for (size_t i = 0; i < all.n; i++) {
		struct range r = all.r[i];

		if (!lt_dom_count(b, r.lo, r.hi))
			continue;
		if (n && lt_same_leaf(&all.r[n - 1].leaf, &r.leaf)) {
			all.r[n - 1].hi = r.hi;
			all.r[n - 1].w += r.w;
			continue;
		}
		all.r[n++] = r;
	}
	all.n = n;
	*rg = all;
	return 0;
}

size_t lt_block_ranges(const struct lt_block *b)
{
	struct ranges rg;
	size_t n;

	if (lt_build_ranges(b, &rg))
		return 0;
	n = rg.n;
	free(rg.r);
	return n;
}

