/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * layout_tree.h - internal to lib/layout*.c: one arch block of a program as
 * the layouts see it, and the decision trees over its syscall numbers
 * (lib/layout_tree.c). lib/layout.c puts the blocks together behind the
 * arch dispatch; nothing outside lib/layout*.c includes this.
 */
#ifndef SCT_LAYOUT_TREE_H
#define SCT_LAYOUT_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "filter.h"
#include "layout.h"
#include "ruleset.h"

/* An interval of syscall numbers, both ends included. */
struct lt_ivl {
	uint32_t lo, hi;
};

/*
 * One arch block: its rules, the numbers its stub lets through to the tree
 * (dom, ascending and disjoint: at most one per x32 half and quarter of the
 * 32-bit space) and a view of its syscalls in which the rules of a 32-bit
 * word (sct_ruleset_args32) are rewritten to their low words, with
 * conditions that always hold dropped and rules that never match left out.
 */
struct lt_block {
	const struct sct_ruleset *rs;	/* the block's rule set */
	uint32_t bad_arch_action;	/* the program's */
	bool x32_prologue;		/* x32 numbers are a wrong arch (no x32 rules) */
	struct lt_ivl dom[4];
	size_t ndom;
	size_t n;			/* = rs->n */
	struct sct_syscall *sys;	/* the view, ascending nr */
	bool *w32;			/* sys[i] compares 32-bit words */
};

/* Fill *b for block a of program prog. Returns 0 or -ENOMEM. */
int lt_block_init(struct lt_block *b, const struct sct_ruleset *prog,
		  const struct sct_ruleset *a);
void lt_block_free(struct lt_block *b);
/* How many numbers of [lo, hi] reach the block's tree. */
uint64_t lt_dom_count(const struct lt_block *b, uint64_t lo, uint64_t hi);

/* ---- leaves and ranges (layout_block.c) ---- */

enum leaf_kind { LEAF_RET, LEAF_BODY, LEAF_GOTO };

struct leaf {
	enum leaf_kind kind;
	uint32_t action;		/* LEAF_RET */
	const struct sct_syscall *sys;	/* LEAF_BODY */
	bool w32;			/* LEAF_BODY: 32-bit words */
	sct_label target;		/* LEAF_GOTO */
};

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

/* The view's entry for nr (*w32: compares 32-bit words), or NULL. */
const struct sct_syscall *lt_block_find(const struct lt_block *b, uint32_t nr, bool *w32);
struct leaf lt_ret_leaf(uint32_t action);
/* Where syscall s of the view leads (NULL: the default action). */
struct leaf lt_sys_leaf(const struct lt_block *b, const struct sct_syscall *s, bool w32);
struct leaf lt_nr_leaf(const struct lt_block *b, uint32_t nr);
bool lt_same_leaf(const struct leaf *a, const struct leaf *b);
void lt_emit_leaf(struct sct_filter *f, const struct lt_block *b, const struct leaf *lf);
/* Instructions lt_emit_leaf appends. */
size_t lt_leaf_size(const struct lt_block *b, const struct leaf *lf);
/* The block's ranges over [0, 2^32) that hold a number past the stub
 * (rg->r malloc'd). Returns 0 or -ENOMEM. */
int lt_build_ranges(const struct lt_block *b, struct ranges *rg);

/* The block's tree after `ld nr` and the stub: emitted into f. Returns 0,
 * -ENOMEM, or -EOPNOTSUPP for a layout not built with lib/filter.h. */
int lt_emit_tree(enum sct_layout l, const struct lt_block *b, struct sct_filter *f);

/* R of the block (see sct_layout_ranges), 0 on allocation failure. */
size_t lt_block_ranges(const struct lt_block *b);

#endif
