// SPDX-License-Identifier: GPL-2.0-only
/*
 * layout_libseccomp.c - the two layouts libseccomp produces itself
 * (SCMP_FLTATR_CTL_OPTIMIZE 1: priority-sorted JEQ chain; 2: binary tree),
 * from the same rule set, exported with seccomp_export_bpf() into a memfd
 * and read back. These are the only programs in the suite not built with
 * lib/filter.h: the point is to measure what libseccomp emits.
 *
 * Semantic differences from the rule-set model (see lib/ruleset.h):
 *  - libseccomp refuses a rule whose action equals the default action; such
 *    rules are left out, which is equivalent only when no later rule of the
 *    same syscall overlaps them (rules reaching the default anyway);
 *  - libseccomp merges all rules of a syscall into one tree and does not
 *    promise first-match order between overlapping conditions with
 *    different actions; rule sets meant for it keep the conditions of a
 *    syscall's rules disjoint (tests/layout_test.c does);
 *  - one comparison per argument per rule (libseccomp refuses two);
 *  - one default action for the whole program: arch blocks whose defaults
 *    differ are refused;
 *  - on x86 (i386) libseccomp adds a direct socket or IPC call's rule to
 *    socketcall/ipc too (a0 = the sub-call), as the profile compiler's rule
 *    sets do themselves; such a rule with argument conditions, which
 *    seccomp_rule_add_exact refuses, goes through seccomp_rule_add as runc
 *    adds it; numbers without a name on their arch are refused (they
 *    cannot be translated).
 *
 * A multi-arch rule set is one filter per arch (x32 numbers: SCMP_ARCH_X32)
 * merged with seccomp_merge, exported, with runc's ENOSYS stub
 * (sct_layout_runc_stub) put in front when a block has one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <seccomp.h>

#include "layout.h"

static enum scmp_compare scmp_op(enum sct_cmp op)
{
	switch (op) {
	case SCT_CMP_EQ: return SCMP_CMP_EQ;
	case SCT_CMP_NE: return SCMP_CMP_NE;
	case SCT_CMP_LT: return SCMP_CMP_LT;
	case SCT_CMP_LE: return SCMP_CMP_LE;
	case SCT_CMP_GT: return SCMP_CMP_GT;
	case SCT_CMP_GE: return SCMP_CMP_GE;
	default: return SCMP_CMP_MASKED_EQ;
	}
}

static int fail(char *why, size_t whylen, int err, const char *fmt, unsigned long a)
{
	if (why && whylen) {
		int n = snprintf(why, whylen, fmt, a);

		if (n >= 0 && (size_t)n < whylen)
			snprintf(why + n, whylen - (size_t)n, ": %s", strerror(-err));
	}
	return err;
}

/*
 * libseccomp takes rule numbers as the *build's* arch's and translates them
 * by name for each arch in the filter (arch_syscall_translate). For a
 * block of another arch (token: its libseccomp arch; SCMP_ARCH_X32 for x32
 * numbers, whose names it resolves with the x32 bit), give it the build's
 * number of the same name, or the pseudo number (__PNR_*, negative) of a
 * name the build's arch lacks (open on arm64): -1 when the number has no
 * name on the block's arch that leads back to it (or to the pseudo number
 * of a socket or IPC call that x86 multiplexes: libseccomp then adds the
 * rule to the direct number and to socketcall/ipc, as runc's filter has it).
 */
static long native_nr(uint32_t token, uint32_t nr)
{
	char *name;
	int n, back;

	if (token == seccomp_arch_native())
		return nr;
	name = seccomp_syscall_resolve_num_arch(token, (int)nr);
	if (!name)
		return -1;
	back = seccomp_syscall_resolve_name_arch(token, name);
	if (back != (int)nr && back >= 0) {	/* < 0: x86's socketcall/ipc calls */
		free(name);
		return -1;
	}
	n = seccomp_syscall_resolve_name(name);
	free(name);
	return n == __NR_SCMP_ERROR ? -1 : n;
}

/* Block a's rules for the arch token: with x32 rules, the numbers with the
 * x32 bit go to SCMP_ARCH_X32 and the others to x86_64. */
static int add_rules(scmp_filter_ctx ctx, const struct sct_ruleset *a, uint32_t token,
		     char *why, size_t whylen)
{
	for (size_t i = 0; i < a->n; i++) {
		const struct sct_syscall *s = &a->sys[i];
		long nr;

		if (a->x32_rules && a->x32_bit &&
		    (token == SCMP_ARCH_X32) != !!(s->nr & a->x32_bit))
			continue;
		nr = native_nr(token, s->nr);
		if (nr == -1)
			return fail(why, whylen, -EINVAL, "syscall %lu has no name libseccomp "
				    "could translate from the rule set's arch", s->nr);

		for (size_t r = 0; r < s->nrules; r++) {
			const struct sct_rule *rule = &s->rules[r];
			struct scmp_arg_cmp cmp[SCT_MAX_CONDS];
			int ret;

			if (rule->action != a->default_action) {
				for (unsigned int c = 0; c < rule->nconds; c++) {
					const struct sct_cond *cd = &rule->conds[c];
					bool masked = cd->op == SCT_CMP_MASKED_EQ;

					cmp[c] = (struct scmp_arg_cmp){
						.arg = cd->arg, .op = scmp_op(cd->op),
						.datum_a = masked ? cd->mask : cd->value,
						.datum_b = masked ? cd->value : 0,
					};
				}
				ret = seccomp_rule_add_exact_array(ctx, rule->action, (int)nr,
								   rule->nconds, cmp);
				/* x86's socket and IPC calls with conditions: as runc
				 * adds them (the rule set holds the socketcall/ipc
				 * rules libseccomp then adds, lib/profile.h) */
				if (ret == -EINVAL && token == SCMP_ARCH_X86)
					ret = seccomp_rule_add_array(ctx, rule->action, (int)nr,
								     rule->nconds, cmp);
				if (ret)
					return fail(why, whylen, ret,
						    "libseccomp refused a rule for syscall %lu",
						    s->nr);
			}
			if (rule->nconds == 0)
				break;	/* later rules can never match */
		}
	}
	return 0;
}

static int export(scmp_filter_ctx ctx, struct sock_fprog *out, char *why, size_t whylen)
{
	int fd = memfd_create("sct-layout", MFD_CLOEXEC), ret;
	off_t size;

	if (fd < 0)
		return fail(why, whylen, -errno, "memfd_create%.0lu", 0);
	ret = seccomp_export_bpf(ctx, fd);
	if (ret) {
		close(fd);
		return fail(why, whylen, ret, "seccomp_export_bpf%.0lu", 0);
	}
	size = lseek(fd, 0, SEEK_END);
	if (size <= 0 || size % sizeof(struct sock_filter)) {
		close(fd);
		return fail(why, whylen, -EINVAL, "libseccomp exported %lu bytes", (unsigned long)size);
	}
	out->filter = malloc((size_t)size);
	if (!out->filter) {
		close(fd);
		return -ENOMEM;
	}
	if (pread(fd, out->filter, (size_t)size, 0) != size) {
		ret = -errno;
		free(out->filter);
		close(fd);
		return fail(why, whylen, ret ? ret : -EIO, "reading the exported program%.0lu", 0);
	}
	close(fd);
	out->len = (unsigned short)(size / sizeof(struct sock_filter));
	if ((size_t)size / sizeof(struct sock_filter) > SCT_MAX_INSNS) {
		free(out->filter);
		return fail(why, whylen, -E2BIG, "libseccomp emitted %lu instructions",
			    (unsigned long)size / sizeof(struct sock_filter));
	}
	return 0;
}

/* A filter of one libseccomp arch (token) holding block a's rules for it. */
static scmp_filter_ctx block_ctx(const struct sct_ruleset *rs, const struct sct_ruleset *a,
				 uint32_t token, int level, char *why, size_t whylen, int *err)
{
	scmp_filter_ctx ctx = seccomp_init(rs->default_action);
	int ret = 0;

	if (!ctx) {
		*err = fail(why, whylen, -EINVAL, "seccomp_init(0x%lx)", rs->default_action);
		return NULL;
	}
	/* numbers are the rule set's arch's, which need not be the build's */
	if (token != seccomp_arch_native()) {
		ret = seccomp_arch_add(ctx, token);
		if (!ret)
			ret = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
		if (ret)
			ret = fail(why, whylen, ret, "libseccomp arch 0x%lx", token);
	}
	if (!ret) {
		ret = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, rs->bad_arch_action);
		if (ret)
			ret = fail(why, whylen, ret, "bad-arch action 0x%lx", rs->bad_arch_action);
	}
	if (!ret) {
		ret = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, (uint32_t)level);
		if (ret)
			ret = fail(why, whylen, ret, "SCMP_FLTATR_CTL_OPTIMIZE %lu", (unsigned long)level);
	}
	if (!ret)
		ret = add_rules(ctx, a, token, why, whylen);
	if (ret) {
		seccomp_release(ctx);
		*err = ret;
		return NULL;
	}
	return ctx;
}

/* Put runc's stub (if any block has one) in front of the exported program. */
static int prepend_stub(const struct sct_ruleset *rs, struct sock_fprog *out,
			char *why, size_t whylen)
{
	struct sock_fprog stub;
	struct sock_filter *p;
	size_t len;
	int ret = sct_layout_runc_stub(rs, &stub);

	if (ret || !stub.len)
		return ret;
	len = (size_t)stub.len + out->len;
	if (len > SCT_MAX_INSNS) {
		free(stub.filter);
		return fail(why, whylen, -E2BIG, "runc's stub and libseccomp's program: %lu "
			    "instructions", (unsigned long)len);
	}
	p = realloc(stub.filter, len * sizeof(*p));
	if (!p) {
		free(stub.filter);
		return -ENOMEM;
	}
	memcpy(p + stub.len, out->filter, out->len * sizeof(*p));
	free(out->filter);
	out->filter = p;
	out->len = (unsigned short)len;
	return 0;
}

int sct_layout_libseccomp(const struct sct_ruleset *rs, int level,
			  struct sock_fprog *out, char *why, size_t whylen)
{
	scmp_filter_ctx ctx = NULL;
	int ret = 0;

	/*
	 * The program is only exported, never loaded by libseccomp, so what it
	 * may contain must not depend on the build host's kernel: libseccomp
	 * asks seccomp(2) which actions exist, and where there is none to ask
	 * (qemu-user runs an arm64 build) it refuses KILL_PROCESS and LOG.
	 * API level 3 is the set the rule-set model uses (4.14+).
	 */
	if (seccomp_api_get() < 3)
		seccomp_api_set(3);
	for (size_t i = 0; i <= rs->nsub; i++)
		if (sct_layout_block(rs, i)->default_action != rs->default_action)
			return fail(why, whylen, -EINVAL, "arch block %lu has a default action "
				    "of its own; libseccomp has one for every arch", i);
	/*
	 * One filter per arch, merged: seccomp_rule_add_exact refuses a filter
	 * of more than one arch, and each block's numbers are its arch's. x32
	 * merges into x86_64's block of the exported program.
	 */
	for (size_t i = 0; i <= rs->nsub && !ret; i++) {
		const struct sct_ruleset *a = sct_layout_block(rs, i);
		bool x32 = a->x32_rules && a->x32_bit;

		for (int part = 0; part <= (int)x32 && !ret; part++) {
			scmp_filter_ctx c = block_ctx(rs, a, part ? SCMP_ARCH_X32 : a->audit_arch,
						      level, why, whylen, &ret);

			if (!c)
				break;
			if (!ctx) {
				ctx = c;
				continue;
			}
			ret = seccomp_merge(ctx, c);
			if (ret) {
				seccomp_release(c);
				ret = fail(why, whylen, ret, "seccomp_merge of arch block %lu", i);
			}
		}
	}
	if (!ret)
		ret = export(ctx, out, why, whylen);
	if (ctx)
		seccomp_release(ctx);
	if (!ret) {
		ret = prepend_stub(rs, out, why, whylen);
		if (ret)
			free(out->filter);
	}
	return ret;
}
