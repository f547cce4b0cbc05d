// SPDX-License-Identifier: GPL-2.0-only
/*
 * runtime_test - the live cross-check of the profile compiler against the
 * real runtimes (issue 15): for runc and crun, Docker's and Podman's
 * default profiles, and three capability sets (Docker's default, none,
 * default + CAP_SYS_ADMIN), start a container under the profile as Docker
 * passes it (lib/bundle.h), read back the filters its init runs under
 * (lib/runtime.h), and compare their decision (lib/sim, the whole stack as
 * the kernel runs it) with the program lib/profile.h compiles for the same
 * runtime model (SCT_PROFILE_RUNC with its ENOSYS stub, SCT_PROFILE_CRUN),
 * capabilities, arch and kernel, over:
 *   native   every number below NR_SPAN of the native arch, and sparse
 *            numbers up to 2^30
 *   args     every argument rule's boundaries in every arch block (native,
 *            x32 numbers, the compat arch, x86's socketcall/ipc sub-calls):
 *            v-1, v, v+1, each mask bit, the high 32-bit word set, from
 *            all-zero arguments and from arguments that satisfy the rest
 *            of the rule
 *   compat   every number below NR_SPAN of the compat arch (i386), and
 *            the huge ones
 *   x32      every x32 number below NR_SPAN (nr | x32 bit)
 *   high     native-arch numbers at and above 2^30: x32 bit, sign bit, -1
 *   badarch  arch values neither native nor compat
 * Every input must get the same action from both; the disagreements are
 * counted per class with a few examples, and any one fails the test.
 * SKIPs when the runtime is not installed, the caller is not root, or it
 * runs under seccomp.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <seccomp.h>

#include "suite.h"
#include "bundle.h"
#include "profile.h"
#include "ruleset.h"
#include "runtime.h"
#include "sim.h"

#define NR_SPAN 1024
#define ENOSYS_ACT (SECCOMP_RET_ERRNO | ENOSYS)

enum rt { RUNC = 1, CRUN = 2 };
enum cls { NATIVE, ARGS, COMPAT, X32, HIGH, BADARCH, NCLS };
static const char *const cls_name[NCLS] = { "native", "args", "compat", "x32", "high", "badarch" };

static const char *const caps_sys_admin[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
	"CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
	"CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
	"CAP_SYS_ADMIN",
};
static const char *const caps_none[] = { NULL };

#define MAX_EXAMPLES 4

struct tally {
	size_t inputs[NCLS];
	size_t diff[NCLS];
	char examples[MAX_EXAMPLES][160];
	size_t nexamples;
};

struct ctx {
	enum rt rt;
	struct sct_ruleset *rs;
	struct sct_sim sims[SCT_RT_MAX_FILTERS];
	size_t nsims;
	uint32_t native, compat, x32_bit;
	struct tally t;
};

/* The kernel's seccomp_run_filters: newest first, strictly lower action
 * (as s32, so KILL_PROCESS is lowest) replaces, ALLOW to start with. */
static uint32_t chain(const struct ctx *c, const struct seccomp_data *sd)
{
	uint32_t ret = SECCOMP_RET_ALLOW;

	for (size_t i = c->nsims; i-- > 0;) {
		uint32_t cur = sct_sim_eval(&c->sims[i], sd->arch, (uint32_t)sd->nr,
					    (const uint64_t *)sd->args, NULL);

		if ((int32_t)(cur & SECCOMP_RET_ACTION_FULL) < (int32_t)(ret & SECCOMP_RET_ACTION_FULL))
			ret = cur;
	}
	return ret;
}

static void check(struct ctx *c, enum cls cls, uint32_t arch, uint32_t nr, const uint64_t args[6])
{
	struct seccomp_data sd = { .nr = (int)nr, .arch = arch };
	uint32_t ours, theirs;
	char a[24], b[24];

	if (args)
		memcpy(sd.args, args, sizeof(sd.args));
	c->t.inputs[cls]++;
	ours = sct_ruleset_eval(c->rs, &sd);
	theirs = chain(c, &sd);
	if (ours == theirs)
		return;
	c->t.diff[cls]++;
	if (c->t.nexamples < MAX_EXAMPLES)
		snprintf(c->t.examples[c->t.nexamples++], sizeof(c->t.examples[0]),
			 "%s arch %#x nr %#x args %#llx %#llx %#llx: ours %s, runtime %s", cls_name[cls],
			 arch, nr, (unsigned long long)sd.args[0], (unsigned long long)sd.args[1],
			 (unsigned long long)sd.args[2], sct_profile_action_str(ours, a, sizeof(a)),
			 sct_profile_action_str(theirs, b, sizeof(b)));
}

/* ---- argument boundaries ---------------------------------------------- */

/* A value that satisfies cd. */
static uint64_t satisfying(const struct sct_cond *cd)
{
	switch (cd->op) {
	case SCT_CMP_NE: return cd->value + 1;
	case SCT_CMP_LT: return cd->value ? cd->value - 1 : 0;
	case SCT_CMP_GT: return cd->value + 1;
	case SCT_CMP_MASKED_EQ: return cd->value & cd->mask;
	default: return cd->value;	/* EQ, LE, GE */
	}
}

/* The boundary values of cd into v (at most 80); returns how many. */
static size_t boundaries(const struct sct_cond *cd, uint64_t *v)
{
	const uint64_t hi = 0xffffffff00000000ULL;
	uint64_t x = cd->op == SCT_CMP_MASKED_EQ ? cd->value & cd->mask : cd->value;
	size_t n = 0;

	v[n++] = x - 1;
	v[n++] = x;
	v[n++] = x + 1;
	v[n++] = x | (1ULL << 32);
	v[n++] = x ^ hi;
	v[n++] = x & ~hi;
	v[n++] = 0;
	v[n++] = ~0ULL;
	if (cd->op == SCT_CMP_MASKED_EQ) {
		v[n++] = x | ~cd->mask;		/* every bit outside the mask */
		for (unsigned int b = 0; b < 64; b++)
			if (cd->mask & (1ULL << b))
				v[n++] = x ^ (1ULL << b);
	}
	return n;
}

/* Every argument rule of one arch block, called with that block's arch. */
static void check_block_args(struct ctx *c, const struct sct_ruleset *blk, uint32_t arch)
{
	uint64_t base[6], args[6], vals[80];

	for (size_t i = 0; i < blk->n; i++) {
		const struct sct_syscall *s = &blk->sys[i];

		for (size_t r = 0; r <= s->nrules; r++) {
			/* r == nrules: all-zero arguments; else this rule satisfied */
			memset(base, 0, sizeof(base));
			if (r < s->nrules) {
				if (!s->rules[r].nconds)
					continue;
				for (unsigned int k = 0; k < s->rules[r].nconds; k++)
					base[s->rules[r].conds[k].arg] = satisfying(&s->rules[r].conds[k]);
			}
			for (size_t q = 0; q < s->nrules; q++)
				for (unsigned int k = 0; k < s->rules[q].nconds; k++) {
					const struct sct_cond *cd = &s->rules[q].conds[k];
					size_t nv = boundaries(cd, vals);

					for (size_t j = 0; j < nv; j++) {
						memcpy(args, base, sizeof(args));
						args[cd->arg] = vals[j];
						check(c, ARGS, arch, s->nr, args);
					}
				}
		}
	}
}

static void check_args(struct ctx *c)
{
	check_block_args(c, c->rs, c->native);
	for (size_t i = 0; i < c->rs->nsub; i++)
		check_block_args(c, c->rs->sub[i], c->rs->sub[i]->audit_arch);
}

/* ---- the inputs --------------------------------------------------------- */

static const uint32_t huge[] = {
	0x3fffffff, 0x40000000, 0x40000001, 0x400003ff, 0x40000400, 0x4fffffff, 0x7fffffff,
	0x80000000, 0x80000001, 0xbfffffff, 0xc0000000, 0xfffff000, 0xfffffff0, 0xfffffffe,
	0xffffffff,
};
static const uint32_t sparse[] = { 0x400, 0x7ff, 0x800, 0xfff, 0x1000, 0xffff, 0x10000,
				   0x100000, 0x1000000, 0x20000000, 0x3ffffffe };

static void check_all(struct ctx *c)
{
	static const uint32_t arches[] = {
		0, 0xffffffff, AUDIT_ARCH_X86_64, AUDIT_ARCH_I386, AUDIT_ARCH_AARCH64, AUDIT_ARCH_ARM,
		AUDIT_ARCH_RISCV64, AUDIT_ARCH_S390X, AUDIT_ARCH_X86_64 ^ 0x80000000U,
	};
	static const uint32_t bad_nrs[] = { 0, 1, 39, 59, 172, 0x40000000, 0xffffffff };

	for (uint32_t nr = 0; nr < NR_SPAN; nr++) {
		check(c, NATIVE, c->native, nr, NULL);
		if (c->compat)
			check(c, COMPAT, c->compat, nr, NULL);
		if (c->x32_bit)
			check(c, X32, c->native, nr | c->x32_bit, NULL);
	}
	for (size_t i = 0; i < sizeof(sparse) / sizeof(sparse[0]); i++) {
		check(c, NATIVE, c->native, sparse[i], NULL);
		if (c->compat)
			check(c, COMPAT, c->compat, sparse[i], NULL);
	}
	for (size_t i = 0; i < sizeof(huge) / sizeof(huge[0]); i++) {
		check(c, HIGH, c->native, huge[i], NULL);
		if (c->compat)
			check(c, COMPAT, c->compat, huge[i], NULL);
	}
	for (size_t a = 0; a < sizeof(arches) / sizeof(arches[0]); a++) {
		if (arches[a] == c->native || arches[a] == c->compat)
			continue;
		for (size_t i = 0; i < sizeof(bad_nrs) / sizeof(bad_nrs[0]); i++)
			check(c, BADARCH, arches[a], bad_nrs[i], NULL);
	}
	check_args(c);
}

/* ---- the test ------------------------------------------------------------ */

FIXTURE(live) {
	struct ctx c;
	json_object *sec;
	struct sct_rt_result res;
};

FIXTURE_VARIANT(live) {
	enum rt rt;
	const char *profile;
	const char *const *caps;	/* NULL: Docker's default */
	size_t ncaps;
	const char *caps_label;
};

#define V(name, r, prof, c, n, label) \
	FIXTURE_VARIANT_ADD(live, name) { .rt = r, .profile = prof, .caps = c, .ncaps = n, .caps_label = label }
V(runc_docker_default, RUNC, "docker-default.json", NULL, 0, "default");
V(runc_docker_none, RUNC, "docker-default.json", caps_none, 0, "none");
V(runc_docker_sys_admin, RUNC, "docker-default.json", caps_sys_admin, 15, "default+SYS_ADMIN");
V(runc_podman_default, RUNC, "podman-default.json", NULL, 0, "default");
V(runc_podman_none, RUNC, "podman-default.json", caps_none, 0, "none");
V(runc_podman_sys_admin, RUNC, "podman-default.json", caps_sys_admin, 15, "default+SYS_ADMIN");
V(crun_docker_default, CRUN, "docker-default.json", NULL, 0, "default");
V(crun_docker_none, CRUN, "docker-default.json", caps_none, 0, "none");
V(crun_docker_sys_admin, CRUN, "docker-default.json", caps_sys_admin, 15, "default+SYS_ADMIN");
V(crun_podman_default, CRUN, "podman-default.json", NULL, 0, "default");
V(crun_podman_none, CRUN, "podman-default.json", caps_none, 0, "none");
V(crun_podman_sys_admin, CRUN, "podman-default.json", caps_sys_admin, 15, "default+SYS_ADMIN");

FIXTURE_SETUP(live)
{
	memset(&self->c, 0, sizeof(self->c));
	self->sec = NULL;
	memset(&self->res, 0, sizeof(self->res));
}

FIXTURE_TEARDOWN(live)
{
	sct_rt_result_free(&self->res);
	sct_ruleset_free(self->c.rs);
	if (self->sec)
		json_object_put(self->sec);
}

static size_t report(const struct ctx *c, const char *label)
{
	size_t total = 0, diff = 0;

	for (int k = 0; k < NCLS; k++) {
		total += c->t.inputs[k];
		diff += c->t.diff[k];
	}
	ksft_print_msg("%s: %zu inputs (native %zu, args %zu, compat %zu, x32 %zu, high %zu, "
		       "badarch %zu), %zu disagree\n", label, total, c->t.inputs[NATIVE],
		       c->t.inputs[ARGS], c->t.inputs[COMPAT], c->t.inputs[X32], c->t.inputs[HIGH],
		       c->t.inputs[BADARCH], diff);
	for (int k = 0; k < NCLS; k++)
		if (c->t.diff[k])
			ksft_print_msg("  %-7s %6zu disagree\n", cls_name[k], c->t.diff[k]);
	for (size_t i = 0; i < c->t.nexamples; i++)
		ksft_print_msg("  e.g. %s\n", c->t.examples[i]);
	return diff;
}

TEST_F_TIMEOUT(live, decisions, 40)
{
	const char *rtname = variant->rt == RUNC ? "runc" : "crun";
	struct sct_profile_opts po = { .caps = variant->caps, .ncaps = variant->ncaps,
		.runtime = variant->rt == RUNC ? SCT_PROFILE_RUNC : SCT_PROFILE_CRUN };
	struct sct_bundle_opts bo = { .caps = variant->caps, .ncaps = variant->ncaps };
	/* 5 s per runtime command: the four steps stay inside the test's 40 s,
	 * so the harness never kills the test with a container still running */
	struct sct_rt_opts ro = { .runtime = rtname, .caps = &bo, .timeout_ms = 5000 };
	const struct sct_arch *arch = sct_arch_native();
	struct ctx *c = &self->c;
	char path[1024], err[512], label[400];
	size_t insns = 0;
	int r;

	if (sct_rt_available(rtname, err, sizeof(err)))
		SKIP(return, "%s", err);
	r = SCT_PROFILE_FIND(variant->profile, path);
	SCT_SKIP_OR_ASSERT_OK(r ? 1 : 0, path);
	ASSERT_EQ(0, sct_profile_load(path, &po, &c->rs, NULL, err, sizeof(err))) TH_LOG("%s", err);
	ASSERT_EQ(0, sct_bundle_seccomp(path, &bo, &self->sec, err, sizeof(err))) TH_LOG("%s", err);
	ro.seccomp = self->sec;
	ASSERT_EQ(0, sct_rt_run(&ro, &self->res, err, sizeof(err))) TH_LOG("%s", err);
	ASSERT_LT(0, self->res.nfilters);
	for (size_t i = 0; i < self->res.nfilters; i++) {
		ASSERT_EQ(0, sct_sim_load(&c->sims[i], self->res.filters[i].insns,
					  self->res.filters[i].len, err, sizeof(err))) TH_LOG("%s", err);
		insns += self->res.filters[i].len;
	}
	c->nsims = self->res.nfilters;
	c->rt = variant->rt;
	c->native = arch->audit_arch;
	c->compat = arch->compat_audit_arch;
	c->x32_bit = arch->x32_bit;
	check_all(c);
	snprintf(label, sizeof(label), "%s (%s) %s caps %s: %zu filter(s), %zu insns; start %.3f s, "
		 "read %.4f s, stop %.3f s", rtname, self->res.version, variant->profile,
		 variant->caps_label, self->res.nfilters, insns, self->res.start_s, self->res.read_s,
		 self->res.stop_s);
	EXPECT_EQ(0, report(c, label));
}

/* Without a runtime: the OCI section keeps exactly the entries the compiler
 * applies (two implementations of moby's includes/excludes), carries the
 * host arch with its archMap sub-arches, and no Docker-only keys. */
TEST_F(live, bundle_entries_match_compiler)
{
	struct sct_profile_opts po = { .caps = variant->caps, .ncaps = variant->ncaps };
	struct sct_bundle_opts bo = { .caps = variant->caps, .ncaps = variant->ncaps };
	struct sct_profile_stats st;
	json_object *sys, *arches;
	char path[1024], err[512];
	int r;

	r = SCT_PROFILE_FIND(variant->profile, path);
	SCT_SKIP_OR_ASSERT_OK(r ? 1 : 0, path);
	ASSERT_EQ(0, sct_profile_load(path, &po, &self->c.rs, &st, err, sizeof(err))) TH_LOG("%s", err);
	ASSERT_EQ(0, sct_bundle_seccomp(path, &bo, &self->sec, err, sizeof(err))) TH_LOG("%s", err);
	ASSERT_TRUE(json_object_object_get_ex(self->sec, "syscalls", &sys));
	EXPECT_EQ(st.entries_used, json_object_array_length(sys));
	for (size_t i = 0; i < json_object_array_length(sys); i++) {
		json_object *e = json_object_array_get_idx(sys, i);

		EXPECT_FALSE(json_object_object_get_ex(e, "includes", NULL));
		EXPECT_FALSE(json_object_object_get_ex(e, "excludes", NULL));
		EXPECT_FALSE(json_object_object_get_ex(e, "comment", NULL));
		EXPECT_TRUE(json_object_object_get_ex(e, "names", NULL));
	}
	ASSERT_TRUE(json_object_object_get_ex(self->sec, "architectures", &arches));
	{
		char got[160] = "";

		for (size_t i = 0; i < json_object_array_length(arches); i++) {
			size_t used = strlen(got);

			snprintf(got + used, sizeof(got) - used, "%s%s", used ? " " : "",
				 json_object_get_string(json_object_array_get_idx(arches, i)));
		}
		EXPECT_STREQ(st.arches, got);
	}
}

TEST_HARNESS_MAIN
