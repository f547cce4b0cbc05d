/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * layout.h - one policy, many layouts: each turns a struct sct_ruleset into
 * a seccomp program that decides exactly as sct_ruleset_eval() does, with a
 * different dispatch shape (and so a different number of instructions
 * executed per syscall). tests/layout_test.c proves them equivalent with the
 * simulator (lib/sim.h); tools/layout-report measures them.
 *
 * Every layout dispatches on instructions the kernel's constant-action cache
 * understands (LD nr/arch, JEQ/JGE/JGT/JSET K, JA, RET K), so a syscall whose
 * only rule is an unconditional ALLOW stays cacheable. Arguments are checked
 * with sct_cmp64 (64-bit, first matching rule wins, AND within a rule), on
 * the low words only where the model says so (sct_ruleset_args32: x86 and
 * arm blocks, x32 numbers).
 *
 * All layouts but the two libseccomp ones are built with lib/filter.h; those
 * two are produced by libseccomp itself (seccomp_export_bpf) and read back.
 *
 * A multi-arch rule set (sub[] blocks, x32 rules, runc's ENOSYS stub; see
 * ruleset.h) is one program: `ld arch`, a JEQ per arch block in filter
 * order (rs, then sub[]), the bad-arch action for the rest; then per block
 * `ld nr`, its stub (JSET/JGT/RET, still cacheable) and the layout's tree
 * over the numbers the stub lets through. With x32 rules the x32 numbers
 * are keys of x86_64's tree like any other (no wrong-arch prologue). The
 * libseccomp layouts build one filter with each block's arch (x32 as
 * SCMP_ARCH_X32) and put runc's stub in front of it as runc does. A
 * single-arch rule set without a stub gives the program it always did.
 */
#ifndef SCT_LAYOUT_H
#define SCT_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "filter.h"
#include "mix.h"
#include "ruleset.h"
#include "sim.h"

enum sct_layout {
	SCT_LAYOUT_LINEAR,		/* JEQ chain, ascending nr */
	SCT_LAYOUT_LINEAR_WEIGHT,	/* JEQ chain, heaviest first, ties by nr */
	SCT_LAYOUT_LIBSECCOMP_1,	/* libseccomp, SCMP_FLTATR_CTL_OPTIMIZE = 1 */
	SCT_LAYOUT_LIBSECCOMP_2,	/* libseccomp, SCMP_FLTATR_CTL_OPTIMIZE = 2 */
	SCT_LAYOUT_BST,			/* balanced BST on nr: JGT + JEQ per node */
	SCT_LAYOUT_RANGE_TREE,		/* balanced JGE search over ranges */
	SCT_LAYOUT_HYBRID,		/* hot arg-checked linear, BST, ALLOW-only BST */
	SCT_LAYOUT_OPTIMAL,		/* weighted-optimal: hot JEQs + optimal range tree */
	SCT_LAYOUT_COUNT
};

/* Instructions every range-tree path into the first arch block runs before
 * its first JGE when that block has no stub: ld arch; jeq arch; ld nr.
 * Block i of a multi-arch program runs i more JEQs (and a JA where the jump
 * to it is longer than 255), then its stub's JSET/JGT tests. */
#define SCT_LAYOUT_RANGE_PROLOGUE 3

/* "linear", "linear-weight", "libseccomp-1", "libseccomp-2", "bst",
 * "range-tree", "hybrid", "weighted-optimal". */
const char *sct_layout_name(enum sct_layout l);
/* The layout named name, or -1. */
int sct_layout_from_name(const char *name);

/* Block i of rs's program: rs itself (0), then rs->sub[i - 1]; NULL past
 * the last. */
const struct sct_ruleset *sct_layout_block(const struct sct_ruleset *rs, size_t i);

/*
 * Build rs in layout l. On success out->filter is a malloc'd copy of the
 * program (free() it) and 0 is returned; otherwise a negative errno and the
 * reason in why (may be NULL): -E2BIG over 4096 instructions, -EINVAL for a
 * rule libseccomp refuses (or, in a libseccomp layout, arch blocks with
 * different default actions: libseccomp has one), -EEXIST for two rules
 * libseccomp finds equal with different actions, -ENOMEM.
 */
int sct_layout_build(enum sct_layout l, const struct sct_ruleset *rs,
		     struct sock_fprog *out, char *why, size_t whylen);

/*
 * Emit a layout built with lib/filter.h into f (an empty filter). Returns 0,
 * -EOPNOTSUPP for the libseccomp layouts, -ENOMEM.
 */
int sct_layout_emit(enum sct_layout l, const struct sct_ruleset *rs, struct sct_filter *f);

/* The libseccomp layouts: level 1 or 2 (see layout_libseccomp.c). */
int sct_layout_libseccomp(const struct sct_ruleset *rs, int level,
			  struct sock_fprog *out, char *why, size_t whylen);

/*
 * runc's ENOSYS stub for rs's blocks with stub.on, as runc puts it in front
 * of libseccomp's program (its last jumps land on the instruction after
 * it). out->filter is malloc'd (NULL and len 0 when no block has a stub).
 * Returns 0 or -ENOMEM.
 */
int sct_layout_runc_stub(const struct sct_ruleset *rs, struct sock_fprog *out);

/*
 * R: the number of maximal runs of syscall numbers with the same compiled
 * result over the whole 32-bit nr space the range layouts search in the
 * first arch block (gaps take the default action, the x32 range the
 * bad-arch action unless the block has x32 rules); runs holding only
 * numbers the block's stub answers are left out, and the runs around them
 * join when their results are equal.
 */
size_t sct_layout_ranges(const struct sct_ruleset *rs);
/* The same for block i (sct_layout_block); 0 past the last. */
size_t sct_layout_block_ranges(const struct sct_ruleset *rs, size_t i);

/*
 * The expected number of instructions sim executes for one call drawn from
 * the syscall weights of rs (arguments all zero), each block's syscalls
 * called with its audit arch; 0 when all weights are 0. The mixes below
 * weigh the first block only, so that is where the weight is unless a
 * caller set weights in sub[].
 */
double sct_layout_expected_insns(const struct sct_sim *sim, const struct sct_ruleset *rs);

#endif
