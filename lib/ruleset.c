// SPDX-License-Identifier: GPL-2.0-only
/*
 * ruleset.c - the policy model and its reference semantics (see ruleset.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "ruleset.h"

struct sct_ruleset *sct_ruleset_new(uint32_t default_action, uint32_t bad_arch_action)
{
	struct sct_ruleset *rs = calloc(1, sizeof(*rs));

	if (!rs)
		return NULL;
	rs->audit_arch = sct_arch_native()->audit_arch;
	rs->x32_bit = sct_arch_native()->x32_bit;
	rs->default_action = default_action;
	rs->bad_arch_action = bad_arch_action;
	return rs;
}

void sct_ruleset_free(struct sct_ruleset *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->nsub; i++)
		sct_ruleset_free(rs->sub[i]);
	for (size_t i = 0; i < rs->n; i++) {
		free(rs->sys[i].rules);
		free(rs->sys[i].src);
	}
	free(rs->sys);
	free(rs);
}

int sct_ruleset_add_arch(struct sct_ruleset *rs, struct sct_ruleset *sub)
{
	int r = 0;

	if (sub->nsub)
		r = -EINVAL;
	else if (sct_ruleset_arch(rs, sub->audit_arch))
		r = -EEXIST;
	else if (rs->nsub == SCT_MAX_SUBARCHES)
		r = -E2BIG;
	if (r) {
		sct_ruleset_free(sub);
		return r;
	}
	rs->sub[rs->nsub++] = sub;
	return 0;
}

const struct sct_ruleset *sct_ruleset_arch(const struct sct_ruleset *rs, uint32_t audit_arch)
{
	if (rs->audit_arch == audit_arch)
		return rs;
	for (size_t i = 0; i < rs->nsub; i++)
		if (rs->sub[i]->audit_arch == audit_arch)
			return rs->sub[i];
	return NULL;
}

bool sct_ruleset_x32_is_bad_arch(const struct sct_ruleset *a, uint32_t nr)
{
	return a->x32_bit && !a->x32_rules && nr >= a->x32_bit && nr != 0xffffffffU;
}

bool sct_ruleset_args32(const struct sct_ruleset *a, uint32_t nr)
{
	return a->args32 || (a->x32_rules && (nr & a->x32_bit));
}

bool sct_ruleset_stub_enosys(const struct sct_ruleset *a, uint32_t nr)
{
	uint32_t last;

	if (!a->stub.on)
		return false;
	last = a->x32_bit && (nr & a->x32_bit) ? a->stub.last_x32 : a->stub.last;
	return last != SCT_STUB_NONE && nr > last;
}

/* Index of the first entry with nr >= key. */
static size_t lower_bound(const struct sct_ruleset *rs, uint32_t nr)
{
	size_t lo = 0, hi = rs->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rs->sys[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct sct_syscall *sct_ruleset_find(const struct sct_ruleset *rs, uint32_t nr)
{
	size_t i = lower_bound(rs, nr);

	return i < rs->n && rs->sys[i].nr == nr ? &rs->sys[i] : NULL;
}

int sct_ruleset_add(struct sct_ruleset *rs, uint32_t nr, const char *name,
		    const struct sct_rule *rule)
{
	return sct_ruleset_add_src(rs, nr, name, rule, (struct sct_rule_src){ 0, 0 });
}

int sct_ruleset_add_src(struct sct_ruleset *rs, uint32_t nr, const char *name,
			const struct sct_rule *rule, struct sct_rule_src src)
{
	struct sct_syscall *s;
	struct sct_rule *rules;
	struct sct_rule_src *srcs;

	if (rule->nconds > SCT_MAX_CONDS)
		return -E2BIG;
	for (unsigned int c = 0; c < rule->nconds; c++)
		if (rule->conds[c].arg > 5 || rule->conds[c].op >= SCT_CMP_COUNT)
			return -EINVAL;
	s = sct_ruleset_find(rs, nr);
	if (!s) {
		size_t at = lower_bound(rs, nr);

		if (rs->n == rs->cap) {
			size_t cap = rs->cap ? 2 * rs->cap : 64;
			struct sct_syscall *p = realloc(rs->sys, cap * sizeof(*p));

			if (!p)
				return -ENOMEM;
			rs->sys = p;
			rs->cap = cap;
		}
		memmove(&rs->sys[at + 1], &rs->sys[at], (rs->n - at) * sizeof(*s));
		rs->n++;
		s = &rs->sys[at];
		memset(s, 0, sizeof(*s));
		s->nr = nr;
		if (name)
			snprintf(s->name, sizeof(s->name), "%s", name);
	}
	rules = realloc(s->rules, (s->nrules + 1) * sizeof(*rules));
	if (!rules)
		return -ENOMEM;
	s->rules = rules;
	srcs = realloc(s->src, (s->nrules + 1) * sizeof(*srcs));
	if (!srcs)
		return -ENOMEM;
	s->src = srcs;
	s->src[s->nrules] = src;
	s->rules[s->nrules++] = *rule;
	return 0;
}

int sct_ruleset_add_action(struct sct_ruleset *rs, uint32_t nr, const char *name,
			   uint32_t action)
{
	struct sct_rule r = { .nconds = 0, .action = action };

	return sct_ruleset_add(rs, nr, name, &r);
}

void sct_ruleset_set_weight(struct sct_ruleset *rs, uint32_t nr, double weight)
{
	struct sct_syscall *s = sct_ruleset_find(rs, nr);

	if (s)
		s->weight = weight;
}

uint32_t sct_ruleset_eval(const struct sct_ruleset *rs, const struct seccomp_data *sd)
{
	return sct_ruleset_eval_rule(rs, sd, NULL);
}

uint32_t sct_ruleset_eval_rule(const struct sct_ruleset *rs, const struct seccomp_data *sd,
			       long *which)
{
	const struct sct_ruleset *a = sct_ruleset_arch(rs, sd->arch);
	const struct sct_syscall *s;
	uint32_t nr = (uint32_t)sd->nr;
	uint64_t word;

	if (which)
		*which = -1;
	if (!a)
		return rs->bad_arch_action;
	if (sct_ruleset_stub_enosys(a, nr))
		return SCT_STUB_ACTION;
	if (sct_ruleset_x32_is_bad_arch(a, nr))
		return rs->bad_arch_action;
	s = sct_ruleset_find(a, nr);
	if (!s)
		return a->default_action;
	word = sct_ruleset_args32(a, nr) ? 0xffffffffULL : ~0ULL;
	for (size_t r = 0; r < s->nrules; r++) {
		const struct sct_rule *rule = &s->rules[r];
		unsigned int c;

		for (c = 0; c < rule->nconds; c++) {
			const struct sct_cond *cd = &rule->conds[c];

			if (!sct_cmp_eval(cd->op, sd->args[cd->arg] & word, cd->value & word,
					  cd->mask & word))
				break;
		}
		if (c == rule->nconds) {
			if (which)
				*which = (long)r;
			return rule->action;
		}
	}
	return a->default_action;
}
