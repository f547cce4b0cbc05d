/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ruleset.h - a seccomp policy as data: what a profile means, independent of
 * the BPF layout that implements it. Profiles compile into a rule set;
 * layouts (lib/layout*.c) turn a rule set into programs; the reference
 * semantics below is what every layout must agree with.
 *
 * Semantics (sct_ruleset_eval):
 *  1. arch != audit_arch                   -> bad_arch_action
 *  2. x86_64 only: nr has the x32 bit set (nr >= 0x40000000 as u32) and
 *     nr != 0xffffffff                     -> bad_arch_action
 *     (libseccomp treats x32 numbers in an x86_64 filter as a wrong arch)
 *  3. the syscall's rules in order; the first whose conditions all hold
 *     (AND; none = always) gives the action
 *  4. otherwise                            -> default_action
 */
#ifndef SCT_RULESET_H
#define SCT_RULESET_H

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

struct sct_ruleset {
	uint32_t audit_arch;
	uint32_t x32_bit;		/* 0: no x32 handling (not x86_64) */
	uint32_t default_action;
	uint32_t bad_arch_action;
	size_t n;			/* syscalls, ascending nr, unique */
	struct sct_syscall *sys;
	size_t cap;
};

/* New empty rule set for the native arch. NULL on allocation failure. */
struct sct_ruleset *sct_ruleset_new(uint32_t default_action, uint32_t bad_arch_action);
void sct_ruleset_free(struct sct_ruleset *rs);

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
/* The same; *rule (when not NULL) is the index in sct_ruleset_find(nr)'s
 * rules of the rule that decided, -1 when the bad-arch or default action
 * did. */
uint32_t sct_ruleset_eval_rule(const struct sct_ruleset *rs, const struct seccomp_data *sd,
			       long *rule);

#endif
