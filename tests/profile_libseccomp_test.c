// SPDX-License-Identifier: GPL-2.0-only
/*
 * profile_libseccomp_test - "first matching rule wins" (the rule-set model)
 * agrees with the filter libseccomp builds from the same rules (run in
 * lib/sim.c) on every boundary value of the shipped profiles, and differs
 * only where the compiler flags a syscall order-sensitive.
 */
#include "layout.h"
#include "sim.h"
#include "profile_fixture.h"

/* ---- the model against libseccomp ----------------------------------------- */

/* The filter runc would load: the rule set's rules handed to libseccomp in
 * order (lib/layout.h's libseccomp layouts), at optimisation level 1 or 2.
 * Returns the instruction count or a negative errno; free(*insns). */
static long libseccomp_program(const struct sct_ruleset *rs, int level, struct sock_filter **insns)
{
	struct sock_fprog prog = { 0 };
	int r = sct_layout_build(level == 1 ? SCT_LAYOUT_LIBSECCOMP_1 : SCT_LAYOUT_LIBSECCOMP_2,
				 rs, &prog, NULL, 0);

	*insns = prog.filter;
	return r ? r : prog.len;
}

/* Boundary values of every condition on argument `arg` of s. */
static size_t interesting(const struct sct_syscall *s, unsigned int arg, uint64_t *v, size_t max)
{
	size_t n = 0;

	v[n++] = 0;
	v[n++] = 0xffffffffULL;
	v[n++] = 0x100000000ULL;
	v[n++] = UINT64_MAX;
	for (size_t r = 0; r < s->nrules; r++)
		for (unsigned int c = 0; c < s->rules[r].nconds; c++) {
			const struct sct_cond *cd = &s->rules[r].conds[c];

			if (cd->arg != arg || n + 6 > max)
				continue;
			v[n++] = cd->value - 1;
			v[n++] = cd->value;
			v[n++] = cd->value + 1;
			v[n++] = cd->value | 0x100000000ULL;
			v[n++] = cd->value | ~cd->mask;
			v[n++] = cd->value | (cd->mask & (cd->mask - 1));
		}
	return n;
}

/* Compare model and libseccomp on the product of boundary values of the
 * arguments s's rules look at. Returns the number of disagreements. */
static int compare_syscall(struct __test_metadata *_metadata, const struct sct_ruleset *rs,
			   const struct sct_sim *sim, const struct sct_syscall *s)
{
	uint64_t vals[6][64];
	size_t nv[6] = { 1, 1, 1, 1, 1, 1 }, idx[6] = { 0 };
	int bad = 0;

	for (unsigned int a = 0; a < 6; a++) {
		bool used = false;

		for (size_t r = 0; r < s->nrules; r++)
			for (unsigned int c = 0; c < s->rules[r].nconds; c++)
				used |= s->rules[r].conds[c].arg == a;
		vals[a][0] = 0;
		if (used)
			nv[a] = interesting(s, a, vals[a], 64);
	}
	for (;;) {
		struct seccomp_data sd = { .nr = (int)s->nr, .arch = rs->audit_arch };
		uint32_t model, lib;
		int a;

		for (a = 0; a < 6; a++)
			sd.args[a] = vals[a][idx[a]];
		model = sct_ruleset_eval(rs, &sd);
		lib = sct_sim_eval(sim, sd.arch, s->nr, (const uint64_t *)sd.args, NULL);
		if (model != lib && bad++ < 3)
			TH_LOG("%s(%#llx, %#llx, %#llx): model %#x, libseccomp %#x", s->name,
			       (unsigned long long)sd.args[0], (unsigned long long)sd.args[1],
			       (unsigned long long)sd.args[2], model, lib);
		for (a = 0; a < 6 && ++idx[a] == nv[a]; a++)
			idx[a] = 0;
		if (a == 6)
			return bad;
	}
}

FIXTURE(vs_libseccomp) {};
FIXTURE_VARIANT(vs_libseccomp) {
	enum which which;
	const char *const *caps;
	size_t ncaps;
	int level;		/* SCMP_FLTATR_CTL_OPTIMIZE; runc uses 2 */
};
#define VS(name, w, c, n)							\
	FIXTURE_VARIANT_ADD(vs_libseccomp, name##_opt1) { .which = w, .caps = c, .ncaps = n, .level = 1 }; \
	FIXTURE_VARIANT_ADD(vs_libseccomp, name##_opt2) { .which = w, .caps = c, .ncaps = n, .level = 2 }
VS(docker_default_caps, DOCKER, NULL, 0);
VS(docker_no_caps, DOCKER, caps_all, 0);
VS(docker_all_caps, DOCKER, caps_all, NCAPS(caps_all));
VS(podman_default_caps, PODMAN, NULL, 0);
VS(podman_no_caps, PODMAN, caps_all, 0);
VS(podman_all_caps, PODMAN, caps_all, NCAPS(caps_all));
FIXTURE_SETUP(vs_libseccomp) {}
FIXTURE_TEARDOWN(vs_libseccomp) {}

/*
 * The claim in profile.h: on the real profiles, "first matching rule wins"
 * gives what libseccomp's filter gives, for every syscall number and every
 * boundary value of the arguments the rules inspect.
 */
TEST_F(vs_libseccomp, first_match_agrees_on_every_boundary)
{
	struct sct_profile_opts o = { .caps = variant->caps, .ncaps = variant->ncaps };
	struct sct_ruleset *rs;
	struct sock_filter *insns = NULL;
	struct sct_sim sim;
	char why[256];
	long len;
	int bad = 0;

	LOAD_REAL(variant->which, &o, rs, NULL);
	len = libseccomp_program(rs, variant->level, &insns);
	ASSERT_GT(len, 0);
	ASSERT_EQ(0, sct_sim_load(&sim, insns, (size_t)len, why, sizeof(why))) {
		TH_LOG("%s", why);
	}
	for (size_t i = 0; i < rs->n; i++)
		bad += compare_syscall(_metadata, rs, &sim, &rs->sys[i]);
	/* numbers without rules, x32 numbers, -1, and a foreign arch */
	for (uint32_t nr = 0; nr < 1024; nr++) {
		static const uint64_t zero[6];
		const uint32_t probes[] = { nr, 0x40000000U | nr };

		for (int k = 0; k < 2; k++) {
			struct seccomp_data sd = { .nr = (int)probes[k], .arch = rs->audit_arch };

			if (!k && sct_ruleset_find(rs, nr))
				continue;
			bad += sct_ruleset_eval(rs, &sd) != sct_sim_eval(&sim, sd.arch, probes[k], zero, NULL);
		}
	}
	{
		static const uint64_t zero[6];
		struct seccomp_data sd = { .nr = -1, .arch = rs->audit_arch };

		bad += sct_ruleset_eval(rs, &sd) != sct_sim_eval(&sim, sd.arch, 0xffffffffU, zero, NULL);
		sd.nr = 39;
		sd.arch = AUDIT_ARCH_AARCH64;
		bad += sct_ruleset_eval(rs, &sd) != sct_sim_eval(&sim, sd.arch, 39, zero, NULL);
	}
	EXPECT_EQ(0, bad);
	free(insns);
	sct_ruleset_free(rs);
}

/*
 * The comparison above can fail: on rules stats.order_sensitive flags,
 * libseccomp's tree tests a1 == 20 before a0 > 10, so open(11, 20) is
 * TRAP there and ALLOW under first-match; openat's disjoint rules agree.
 */
TEST(libseccomp_differs_only_where_flagged_order_sensitive)
{
	struct sct_ruleset *rs;
	struct sock_filter *insns = NULL;
	struct sct_sim sim;
	char err[512];
	long len;

	ASSERT_EQ(0, load_text(mixed_json, strlen(mixed_json), NULL, &rs, NULL, err, sizeof(err))) {
		TH_LOG("%s", err);
	}
	len = libseccomp_program(rs, 1, &insns);
	ASSERT_GT(len, 0);
	ASSERT_EQ(0, sct_sim_load(&sim, insns, (size_t)len, err, sizeof(err)));
	EXPECT_GT(compare_syscall(_metadata, rs, &sim, sct_ruleset_find(rs, NR("open"))), 0);
	EXPECT_EQ(0, compare_syscall(_metadata, rs, &sim, sct_ruleset_find(rs, NR("openat"))));
	EXPECT_EQ(0, compare_syscall(_metadata, rs, &sim, sct_ruleset_find(rs, NR("close"))));
	free(insns);
	sct_ruleset_free(rs);
}

SCT_SUITE_MAIN("The profile compiler's model against libseccomp's filters (lib/profile.h, lib/sim.h).")
