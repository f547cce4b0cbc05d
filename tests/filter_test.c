// SPDX-License-Identifier: GPL-2.0-only
/*
 * filter_test - self-tests of the program builder (lib/filter.c): label
 * resolution, JA trampolines for far conditional jumps, length limits,
 * error reporting, and the 64-bit comparison split checked against the
 * math on every boundary pair, run through the simulator (lib/sim.c).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "suite.h"

#include "filter.h"
#include "sim.h"

/*
 * Run a built program over `data` with the counting simulator (lib/sim.c),
 * which also checks that the kernel's validator would accept it. Returns
 * the RET value, 0xdeadbeef when the program would be refused.
 */
static uint32_t walk(const struct sock_fprog *p, const uint8_t *data, int *steps)
{
	struct sct_sim sim;
	struct sct_sim_result res;

	*steps = 0;
	if (sct_sim_load(&sim, p->filter, p->len, NULL, 0) ||
	    sct_sim_run(&sim, (const struct seccomp_data *)data, &res, NULL))
		return 0xdeadbeef;
	*steps = (int)res.executed;
	return res.action;
}

TEST(labels_resolve_forward)
{
	struct sct_filter *f = sct_filter_new();
	sct_label hit = sct_label_new(f);
	struct sock_fprog p;
	struct seccomp_data sd = { .nr = 39 };
	int steps;

	sct_ld_nr(f);
	sct_jeq(f, 39, hit, SCT_NEXT);
	sct_ret(f, SECCOMP_RET_ALLOW);
	sct_label_here(f, hit);
	sct_ret(f, SECCOMP_RET_ERRNO | 1);
	ASSERT_EQ(0, sct_filter_build(f, &p));
	ASSERT_EQ(4, p.len);
	EXPECT_EQ(1, p.filter[1].jt);
	EXPECT_EQ(0, p.filter[1].jf);
	EXPECT_EQ(SECCOMP_RET_ERRNO | 1, walk(&p, (uint8_t *)&sd, &steps));
	sd.nr = 40;
	EXPECT_EQ(SECCOMP_RET_ALLOW, walk(&p, (uint8_t *)&sd, &steps));
	sct_filter_free(f);
}

/* A conditional jump over more than 255 instructions gets a JA. */
FIXTURE(far) {};
FIXTURE_VARIANT(far) { int gap; int trampolines; };
FIXTURE_VARIANT_ADD(far, gap_254_direct) { .gap = 254 };
FIXTURE_VARIANT_ADD(far, gap_255_direct) { .gap = 255 };
FIXTURE_VARIANT_ADD(far, gap_256_trampoline) { .gap = 256, .trampolines = 1 };
FIXTURE_VARIANT_ADD(far, gap_3000_trampoline) { .gap = 3000, .trampolines = 1 };
FIXTURE_SETUP(far) {}
FIXTURE_TEARDOWN(far) {}

TEST_F(far, jump_reaches_target)
{
	struct sct_filter *f = sct_filter_new();
	sct_label hit = sct_label_new(f);
	struct seccomp_data sd = { .nr = 7 };
	struct sock_fprog p;
	int steps, ja = 0;

	sct_ld_nr(f);
	sct_jeq(f, 7, hit, SCT_NEXT);
	for (int i = 0; i < variant->gap - 1; i++)
		sct_ret(f, SECCOMP_RET_KILL_PROCESS);
	sct_ret(f, SECCOMP_RET_TRAP);		/* the fall-through target */
	sct_label_here(f, hit);
	sct_ret(f, SECCOMP_RET_ERRNO | 3);
	ASSERT_EQ(0, sct_filter_build(f, &p)) TH_LOG("%s", sct_filter_error(f));
	for (unsigned int i = 0; i < p.len; i++)
		ja += p.filter[i].code == (BPF_JMP | BPF_JA);
	EXPECT_EQ(variant->trampolines, ja);
	EXPECT_EQ(variant->gap + 3 + variant->trampolines, p.len);
	EXPECT_EQ(SECCOMP_RET_ERRNO | 3, walk(&p, (uint8_t *)&sd, &steps));
	sd.nr = 8;
	/* the fall-through path must not be disturbed by the trampoline */
	EXPECT_EQ(SECCOMP_RET_KILL_PROCESS, walk(&p, (uint8_t *)&sd, &steps));
	sct_filter_free(f);
}

/* Many far jumps in a row: each one fixed, none broken by the others. */
TEST(chain_of_far_jumps)
{
	struct sct_filter *f = sct_filter_new();
	sct_label hit[300];
	struct sock_fprog p;
	int steps;

	sct_ld_nr(f);
	for (int i = 0; i < 300; i++) {
		hit[i] = sct_label_new(f);
		sct_jeq(f, (uint32_t)i, hit[i], SCT_NEXT);
	}
	sct_ret(f, SECCOMP_RET_ALLOW);
	for (int i = 0; i < 300; i++) {
		sct_label_here(f, hit[i]);
		sct_ret(f, SECCOMP_RET_ERRNO | (uint32_t)i);
	}
	ASSERT_EQ(0, sct_filter_build(f, &p)) TH_LOG("%s", sct_filter_error(f));
	for (uint32_t nr = 0; nr < 310; nr++) {
		struct seccomp_data sd = { .nr = (int)nr };
		uint32_t want = nr < 300 ? SECCOMP_RET_ERRNO | nr : SECCOMP_RET_ALLOW;

		ASSERT_EQ(want, walk(&p, (uint8_t *)&sd, &steps)) TH_LOG("nr %u", nr);
	}
	sct_filter_free(f);
}

TEST(over_4096_is_e2big_unless_allowed)
{
	struct sct_filter *f = sct_filter_new();
	struct sock_fprog p;

	for (int i = 0; i < 4097; i++)
		sct_ret(f, SECCOMP_RET_ALLOW);
	EXPECT_EQ(-E2BIG, sct_filter_build(f, &p));
	EXPECT_NE(NULL, strstr(sct_filter_error(f), "4096"));
	sct_filter_free(f);

	f = sct_filter_new();
	sct_filter_allow_oversize(f);
	for (int i = 0; i < 4097; i++)
		sct_ret(f, SECCOMP_RET_ALLOW);
	EXPECT_EQ(0, sct_filter_build(f, &p));
	EXPECT_EQ(4097, p.len);
	sct_filter_free(f);
}

TEST(exactly_4096_builds)
{
	struct sct_filter *f = sct_filter_new();
	struct sock_fprog p;

	for (int i = 0; i < 4096; i++)
		sct_ret(f, SECCOMP_RET_ALLOW);
	EXPECT_EQ(0, sct_filter_build(f, &p));
	EXPECT_EQ(4096, p.len);
	sct_filter_free(f);
}

FIXTURE(bad_program) {};
FIXTURE_VARIANT(bad_program) { int kind; const char *words; };
FIXTURE_VARIANT_ADD(bad_program, empty) { .words = "empty" };
FIXTURE_VARIANT_ADD(bad_program, unbound_label) { .kind = 1, .words = "unbound" };
FIXTURE_VARIANT_ADD(bad_program, jump_past_end) { .kind = 2, .words = "past the end" };
FIXTURE_VARIANT_ADD(bad_program, label_bound_twice) { .kind = 3, .words = "twice" };
FIXTURE_VARIANT_ADD(bad_program, arg_index_6) { .kind = 4, .words = "argument index" };
FIXTURE_VARIANT_ADD(bad_program, jump_via_sct_insn) { .kind = 5, .words = "no jumps" };
FIXTURE_SETUP(bad_program) {}
FIXTURE_TEARDOWN(bad_program) {}

TEST_F(bad_program, is_einval_with_a_reason)
{
	struct sct_filter *f = sct_filter_new();
	sct_label l = sct_label_new(f);
	struct sock_fprog p;

	switch (variant->kind) {
	case 1:
		sct_ja(f, l);
		sct_ret(f, 0);
		break;
	case 2:
		sct_ja(f, l);
		sct_ret(f, 0);
		sct_label_here(f, l);
		break;
	case 3:
		sct_label_here(f, l);
		sct_label_here(f, l);
		sct_ret(f, 0);
		break;
	case 4:
		sct_ld_arg_lo(f, 6);
		sct_ret(f, 0);
		break;
	case 5:
		sct_insn(f, BPF_JMP | BPF_JA, 0);
		sct_ret(f, 0);
		break;
	}
	EXPECT_EQ(-EINVAL, sct_filter_build(f, &p));
	EXPECT_NE(NULL, strstr(sct_filter_error(f), variant->words)) {
		TH_LOG("error was: '%s'", sct_filter_error(f));
	}
	sct_filter_free(f);
}

/* sct_cmp64 against the math, on every pair of boundary values. */
static const uint64_t boundaries[] = {
	0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL,
	0x7fffffffffffffffULL, 0x8000000000000000ULL, ~0ULL,
	0x100000001ULL, 0x1ffffffffULL, 0xffffffff00000000ULL, 0x12345678abcdefULL,
};
#define NB (sizeof(boundaries) / sizeof(boundaries[0]))

FIXTURE(cmp64) {};
FIXTURE_VARIANT(cmp64) { enum sct_cmp op; };
FIXTURE_VARIANT_ADD(cmp64, eq) { .op = SCT_CMP_EQ };
FIXTURE_VARIANT_ADD(cmp64, ne) { .op = SCT_CMP_NE };
FIXTURE_VARIANT_ADD(cmp64, lt) { .op = SCT_CMP_LT };
FIXTURE_VARIANT_ADD(cmp64, le) { .op = SCT_CMP_LE };
FIXTURE_VARIANT_ADD(cmp64, gt) { .op = SCT_CMP_GT };
FIXTURE_VARIANT_ADD(cmp64, ge) { .op = SCT_CMP_GE };
FIXTURE_VARIANT_ADD(cmp64, masked_eq) { .op = SCT_CMP_MASKED_EQ };
FIXTURE_SETUP(cmp64) {}
FIXTURE_TEARDOWN(cmp64) {}

TEST_F(cmp64, matches_math_on_boundaries)
{
	unsigned int checked = 0;

	for (unsigned int arg = 0; arg < 6; arg++) {
		for (size_t v = 0; v < NB; v++) {
			struct sct_filter *f = sct_filter_new();
			sct_label yes = sct_label_new(f);
			uint64_t mask = boundaries[(v + 3) % NB];
			uint64_t value = variant->op == SCT_CMP_MASKED_EQ ?
					 boundaries[v] & mask : boundaries[v];
			struct sock_fprog p;

			sct_cmp64(f, arg, variant->op, value, mask, yes, SCT_NEXT);
			sct_ret(f, SECCOMP_RET_ERRNO | 2);
			sct_label_here(f, yes);
			sct_ret(f, SECCOMP_RET_ERRNO | 1);
			ASSERT_EQ(0, sct_filter_build(f, &p)) TH_LOG("%s", sct_filter_error(f));
			for (size_t x = 0; x < NB; x++) {
				struct seccomp_data sd = { .nr = 1 };
				bool want = sct_cmp_eval(variant->op, boundaries[x], value, mask);
				int steps;

				sd.args[arg] = boundaries[x];
				ASSERT_EQ(SECCOMP_RET_ERRNO | (want ? 1 : 2),
					  walk(&p, (uint8_t *)&sd, &steps)) {
					TH_LOG("arg%u 0x%llx %s 0x%llx (mask 0x%llx)", arg,
					       (unsigned long long)boundaries[x],
					       sct_cmp_name(variant->op), (unsigned long long)value,
					       (unsigned long long)mask);
				}
				checked++;
			}
			sct_filter_free(f);
		}
	}
	TH_LOG("%u comparisons checked", checked);
}

SCT_SUITE_MAIN("Self-tests of the filter builder (lib/filter.c).")
