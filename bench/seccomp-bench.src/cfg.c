// SPDX-License-Identifier: GPL-2.0-only
/*
 * seccomp-bench: configurations (a stack of filters and the syscall it is
 * measured with), the filters the suites build, and a suite's lifetime.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "sim.h"

#include "bench.h"

const char *const form_names[3] = { "cached", "uncached", "denied" };

struct cfg *suite_add(struct suite *s, const char *group, const char *name, double x)
{
	struct cfg *c;

	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		struct cfg *p = realloc(s->c, cap * sizeof(*p));

		if (!p) {
			fprintf(stderr, "seccomp-bench: out of memory\n");
			exit(1);
		}
		s->c = p;
		s->cap = cap;
	}
	c = &s->c[s->n++];
	memset(c, 0, sizeof(*c));
	snprintf(c->group, sizeof(c->group), "%s", group);
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->x = x;
	c->nr = s->nr;
	c->params = json_object_new_object();
	return c;
}

/* Take ownership of f, build it, and put it on top of c's stack. */
int cfg_push(struct cfg *c, struct sct_filter *f)
{
	int err;

	if (!f)
		return -ENOMEM;
	if (c->nprogs == MAX_STACK) {
		sct_filter_free(f);
		return -E2BIG;
	}
	err = sct_filter_build(f, &c->progs[c->nprogs]);
	if (err) {
		fprintf(stderr, "seccomp-bench: %s: filter does not build: %s\n", c->name,
			sct_filter_error(f));
		sct_filter_free(f);
		return err;
	}
	c->filters[c->nprogs++] = f;
	return 0;
}

/* Ask the simulator what the kernel will do with c's stack for c->nr. */
void cfg_simulate(struct cfg *c)
{
	const struct sct_arch *arch = sct_arch_native();
	const uint64_t args[6] = { 0 };
	size_t i;

	c->static_insns = c->executed = 0;
	c->cacheable = c->nprogs > 0;
	for (i = 0; i < c->nprogs; i++) {
		struct sct_sim sim;
		size_t ex = 0;
		char why[160];

		c->static_insns += c->progs[i].len;
		if (sct_sim_load(&sim, c->progs[i].filter, c->progs[i].len, why, sizeof(why))) {
			fprintf(stderr, "seccomp-bench: %s: simulator refuses filter %zu: %s\n",
				c->name, i, why);
			c->cacheable = false;
			continue;
		}
		sct_sim_eval(&sim, arch->audit_arch, (uint32_t)c->nr, args, &ex);
		c->executed += ex;
		if (!sct_sim_const_allow(&sim, arch->audit_arch, (uint32_t)c->nr))
			c->cacheable = false;
	}
}

/*
 * A filter whose path for nr executes exactly `insns` instructions:
 *   cached   (insns >= 1): [LD nr; JEQ x (insns-2); ] RET ALLOW
 *   uncached (insns >= 2): [LD nr; JEQ x (insns-3); ] LD args[0]; RET ALLOW
 *   denied   (insns >= 3): LD nr; JEQ x (insns-3); JEQ nr ? RET ERRNO : RET ALLOW
 * The JEQs compare with numbers no syscall has and both targets are the
 * next instruction, so every syscall walks the whole chain and the BPF JIT
 * emits a compare and a branch for each (only JA to the next instruction
 * is dropped by the x86 JIT, conditional jumps are kept).
 */
struct sct_filter *chain_filter(enum form form, unsigned int insns, long nr)
{
	struct sct_filter *f = sct_filter_new();
	unsigned int jeqs, i;
	sct_label allow;

	if (!f)
		return NULL;
	if (form == FORM_CACHED && insns == 1) {
		sct_ret(f, SECCOMP_RET_ALLOW);
		return f;
	}
	if (form == FORM_UNCACHED && insns == 2) {
		sct_ld_arg_lo(f, 0);
		sct_ret(f, SECCOMP_RET_ALLOW);
		return f;
	}
	jeqs = insns - (form == FORM_CACHED ? 2 : 3);
	sct_ld_nr(f);
	for (i = 0; i < jeqs; i++)
		sct_jeq(f, DUMMY_NR + i, SCT_NEXT, SCT_NEXT);
	switch (form) {
	case FORM_CACHED:
		sct_ret(f, SECCOMP_RET_ALLOW);
		break;
	case FORM_UNCACHED:
		sct_ld_arg_lo(f, 0);
		sct_ret(f, SECCOMP_RET_ALLOW);
		break;
	case FORM_DENIED:
		allow = sct_label_new(f);
		sct_jeq(f, (uint32_t)nr, SCT_NEXT, allow);
		sct_ret(f, SECCOMP_RET_ERRNO | DENY_ERRNO);
		sct_label_here(f, allow);
		sct_ret(f, SECCOMP_RET_ALLOW);
		break;
	}
	return f;
}

/* {LD nr; RET ALLOW} or {LD args[0]; RET ALLOW}: the selftest's filters. */
struct sct_filter *two_insn_filter(bool cacheable)
{
	struct sct_filter *f = sct_filter_new();

	if (!f)
		return NULL;
	if (cacheable)
		sct_ld_nr(f);
	else
		sct_ld_arg_lo(f, 0);
	sct_ret(f, SECCOMP_RET_ALLOW);
	return f;
}

void suite_begin(struct suite *s, struct bench_run *r, const struct suite_def *def)
{
	memset(s, 0, sizeof(*s));
	s->run = r;
	s->name = def->name;
	s->x_name = def->x_name;
	s->budget_scale = def->budget_share;
	s->abs_target = def->abs_target;
	s->nr = def->sysname ? def->nr : r->opt.nr;
	s->sysname = def->sysname ? def->sysname : r->opt.sysname;
	s->warnings = json_object_new_array();
	suite_add(s, "", "baseline", 0);
}

void suite_free(struct suite *s)
{
	size_t i, k;

	for (i = 0; i < s->n; i++) {
		for (k = 0; k < s->c[i].nprogs; k++) {
			sct_filter_free(s->c[i].filters[k]);
			free(s->c[i].owned[k]);
		}
		free(s->c[i].ns.v);
		free(s->c[i].delta.v);
		free(s->c[i].wall_ratio.v);
		free(s->c[i].pair_base.v);
		free(s->c[i].ns_all.v);
		json_object_put(s->c[i].params);
	}
	free(s->c);
	free(s->base_all.v);
	json_object_put(s->warnings);
}
