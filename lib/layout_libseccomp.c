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
 *  - one comparison per argument per rule (libseccomp refuses two).
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
 * by name for each arch in the filter (arch_syscall_translate). For a rule
 * set of another arch, give it the build's number of the same name, or the
 * pseudo number (__PNR_*, negative) of a name the build's arch lacks (open
 * on arm64): -1 when the number has no name on the rule set's arch.
 */
static long native_nr(const struct sct_ruleset *rs, uint32_t nr)
{
	char *name;
	int n;

	if (rs->audit_arch == seccomp_arch_native())
		return nr;
	name = seccomp_syscall_resolve_num_arch(rs->audit_arch, (int)nr);
	if (!name)
		return -1;
	n = seccomp_syscall_resolve_name(name);
	free(name);
	return n == __NR_SCMP_ERROR ? -1 : n;
}

static int add_rules(scmp_filter_ctx ctx, const struct sct_ruleset *rs, char *why, size_t whylen)
{
	for (size_t i = 0; i < rs->n; i++) {
		const struct sct_syscall *s = &rs->sys[i];
		long nr = native_nr(rs, s->nr);

		if (nr == -1)
			return fail(why, whylen, -EINVAL, "syscall %lu has no name libseccomp "
				    "could translate from the rule set's arch", s->nr);

		for (size_t r = 0; r < s->nrules; r++) {
			const struct sct_rule *rule = &s->rules[r];
			struct scmp_arg_cmp cmp[SCT_MAX_CONDS];
			int ret;

			if (rule->action != rs->default_action) {
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

int sct_layout_libseccomp(const struct sct_ruleset *rs, int level,
			  struct sock_fprog *out, char *why, size_t whylen)
{
	scmp_filter_ctx ctx;
	int ret;

	/*
	 * The program is only exported, never loaded by libseccomp, so what it
	 * may contain must not depend on the build host's kernel: libseccomp
	 * asks seccomp(2) which actions exist, and where there is none to ask
	 * (qemu-user runs an arm64 build) it refuses KILL_PROCESS and LOG.
	 * API level 3 is the set the rule-set model uses (4.14+).
	 */
	if (seccomp_api_get() < 3)
		seccomp_api_set(3);
	ctx = seccomp_init(rs->default_action);
	if (!ctx)
		return fail(why, whylen, -EINVAL, "seccomp_init(0x%lx)", rs->default_action);
	/* numbers are the rule set's arch's, which need not be the build's */
	ret = 0;
	if (rs->audit_arch != seccomp_arch_native()) {
		ret = seccomp_arch_add(ctx, rs->audit_arch);
		if (!ret)
			ret = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
		if (ret)
			ret = fail(why, whylen, ret, "libseccomp arch 0x%lx", rs->audit_arch);
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
		ret = add_rules(ctx, rs, why, whylen);
	if (!ret)
		ret = export(ctx, out, why, whylen);
	seccomp_release(ctx);
	return ret;
}
