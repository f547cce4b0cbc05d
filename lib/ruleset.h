/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ruleset.h - a seccomp policy as data: what a profile means, independent of
 * the BPF layout that implements it. Profiles compile into a rule set;
 * layouts (lib/layout*.c) turn a rule set into programs; the reference
 * semantics below is what every layout must agree with.
 *
 * A rule set is one arch's policy, or a multi-arch program as container
 * runtimes install it (a profile's archMap: x86_64 + x86 + x32, arm64 +
 * arm): the rule set of the first arch with the others in sub[], each
 * with its own audit arch. x32 is not a sub-arch: it shares x86_64's audit
 * arch, and libseccomp merges its numbers (x32 bit set) into x86_64's
 * dispatch, so a rule set with x32_rules holds them in sys[] itself.
 *
 * Semantics (sct_ruleset_eval):
 *  1. the arch block: rs when arch == rs->audit_arch, else the sub[] rule
 *     set of that audit arch; none          -> rs->bad_arch_action
 *  2. runc's ENOSYS stub (stub.on): nr above the block's last number of
 *     its half (numbers with the x32 bit compare with last_x32)
 *                                          -> ERRNO(ENOSYS)
 *  3. x86_64 without x32_rules: nr has the x32 bit set (nr >= 0x40000000
 *     as u32) and nr != 0xffffffff         -> bad_arch_action
 *     (libseccomp treats x32 numbers in an x86_64-only filter as a wrong
 *     arch)
 *  4. the syscall's rules in order; the first whose conditions all hold
 *     (AND; none = always) gives the action. In a 32-bit ABI's block
 *     (args32: x86, arm) and for x32 numbers, a condition compares the
 *     low 32 bits of the argument with the low 32 bits of its value (and
 *     mask), as libseccomp does for its 32-bit arches: the kernel passes
 *     x32 the full 64-bit registers, but the filter looks at one word
 *  5. otherwise                            -> the block's default_action
 */
#ifndef SCT_RULESET_H
#define SCT_RULESET_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "filter.h"

#define SCT_MAX_CONDS 6

struct sct_cond {
	unsigned int arg;	/* 0..5 */
	enum sct_cmp op;
	uint64_t value;
	uint64_t mask;		/* SCT_CMP_MASKED_EQ only */
};

struct sct_rule {
	unsigned int nconds;
	struct sct_cond conds[SCT_MAX_CONDS];
	uint32_t action;	/* SECCOMP_RET_* | data */
};

/*
 * Where a rule came from, so a decision can name its rule: entry is 1 + the
 * index of the profile's syscalls[] element that produced it (0: not from a
 * profile); arg is 1 + the index in that element's args[] of a split rule's
 * one condition (runc makes one rule per condition when an entry names one
 * argument twice), 0 when conds[i] is args[i] of the whole entry.
 */
struct sct_rule_src {
	uint32_t entry;
	uint32_t arg;
};

struct sct_syscall {
	uint32_t nr;
	char name[40];		/* for reports; may be empty */
	double weight;		/* relative call frequency; 0 = unknown */
	size_t nrules;
	struct sct_rule *rules;
	struct sct_rule_src *src;	/* nrules, in step with rules */
};

/*
 * runc's ENOSYS stub (libcontainer/seccomp/patchbpf/enosys_linux.go), run
 * before the filter: per audit arch, numbers above the highest number the
 * profile names get ERRNO(ENOSYS), so that a libc probing a syscall newer
 * than the profile falls back instead of seeing EPERM. On x86_64 the two
 * halves (x32 bit clear / set) have their own bound; SCT_STUB_NONE: that
 * half has no stub (its numbers go straight to the filter).
 */
#define SCT_STUB_NONE 0xffffffffU
#define SCT_STUB_ACTION (SECCOMP_RET_ERRNO | ENOSYS)

struct sct_enosys_stub {
	bool on;
	uint32_t last;			/* numbers without the x32 bit */
	uint32_t last_x32;		/* with it (x86_64 only) */
};

#define SCT_MAX_SUBARCHES 3

struct sct_ruleset {
	uint32_t audit_arch;
	uint32_t x32_bit;		/* 0: no x32 handling (not x86_64) */
	bool x32_rules;			/* x32 is in the filter: its numbers are rules */
	bool args32;			/* a 32-bit ABI: conditions on the low words */
	uint32_t default_action;
	uint32_t bad_arch_action;	/* the whole program's; unused in sub[] */
	struct sct_enosys_stub stub;
	size_t n;			/* syscalls, ascending nr, unique */
	struct sct_syscall *sys;
	size_t cap;
	size_t nsub;			/* other arches of the program, in filter order */
	struct sct_ruleset *sub[SCT_MAX_SUBARCHES];	/* owned */
};

/* New empty rule set for the native arch. NULL on allocation failure. */
struct sct_ruleset *sct_ruleset_new(uint32_t default_action, uint32_t bad_arch_action);
/* Frees rs and its sub[] rule sets. */
void sct_ruleset_free(struct sct_ruleset *rs);

/* Append sub (a rule set of another audit arch) to rs's program; rs owns
 * it from then on, also on failure. -EEXIST for an arch already in the
 * program, -E2BIG past SCT_MAX_SUBARCHES, -EINVAL when sub has sub-arches. */
int sct_ruleset_add_arch(struct sct_ruleset *rs, struct sct_ruleset *sub);
/* The arch block of rs for audit_arch (rs itself or one of sub[]), or NULL. */
const struct sct_ruleset *sct_ruleset_arch(const struct sct_ruleset *rs, uint32_t audit_arch);
/* Is nr a wrong-arch number of block a (rule 3 of the semantics)? */
bool sct_ruleset_x32_is_bad_arch(const struct sct_ruleset *a, uint32_t nr);
/* Do block a's conditions for nr compare 32-bit words (rule 4)? */
bool sct_ruleset_args32(const struct sct_ruleset *a, uint32_t nr);
/* Does block a's stub answer ENOSYS for nr (rule 2)? */
bool sct_ruleset_stub_enosys(const struct sct_ruleset *a, uint32_t nr);

/* Append a rule for nr (kept in ascending nr order, rules in call order).
 * Returns 0, -EINVAL for a bad condition, -E2BIG past SCT_MAX_CONDS,
 * -ENOMEM. */
int sct_ruleset_add(struct sct_ruleset *rs, uint32_t nr, const char *name,
		    const struct sct_rule *rule);
/* The same, recording the rule's provenance. */
int sct_ruleset_add_src(struct sct_ruleset *rs, uint32_t nr, const char *name,
			const struct sct_rule *rule, struct sct_rule_src src);
/* Shorthand: nr always gets `action`. */
int sct_ruleset_add_action(struct sct_ruleset *rs, uint32_t nr, const char *name,
			   uint32_t action);
/* The syscall entry for nr, or NULL. */
struct sct_syscall *sct_ruleset_find(const struct sct_ruleset *rs, uint32_t nr);
/* Set the weight of nr (no-op when nr has no rules). */
void sct_ruleset_set_weight(struct sct_ruleset *rs, uint32_t nr, double weight);

/* The reference semantics: the action this policy prescribes for sd. */
uint32_t sct_ruleset_eval(const struct sct_ruleset *rs, const struct seccomp_data *sd);
/* The same; *rule (when not NULL) is the index in the arch block's
 * sct_ruleset_find(nr) rules of the rule that decided, -1 when the
 * bad-arch or default action or the stub did. */
uint32_t sct_ruleset_eval_rule(const struct sct_ruleset *rs, const struct seccomp_data *sd,
			       long *rule);

#endif
