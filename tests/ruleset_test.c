// SPDX-License-Identifier: GPL-2.0-only
/*
 * ruleset_test - self-tests of the policy model's reference semantics
 * (lib/ruleset.h): arch and x32 handling, first matching rule, AND of
 * conditions, default action, ordering of entries.
 */
#include "suite.h"
#include "ruleset.h"

#define DENY (SECCOMP_RET_ERRNO | 1)
#define BADARCH SECCOMP_RET_KILL_PROCESS

static struct seccomp_data data(uint32_t nr, uint64_t a0, uint64_t a1)
{
	struct seccomp_data sd = { .nr = (int)nr, .arch = sct_arch_native()->audit_arch };

	sd.args[0] = a0;
	sd.args[1] = a1;
	return sd;
}

FIXTURE(rs) { struct sct_ruleset *rs; };
FIXTURE_SETUP(rs)
{
	struct sct_rule two = { .nconds = 2, .action = SECCOMP_RET_ERRNO | 22,
		.conds = { { 0, SCT_CMP_EQ, 5, 0 }, { 1, SCT_CMP_GT, 0x100000000ULL, 0 } } };
	struct sct_rule one = { .nconds = 1, .action = SECCOMP_RET_ERRNO | 11,
		.conds = { { 0, SCT_CMP_EQ, 5, 0 } } };

	self->rs = sct_ruleset_new(DENY, BADARCH);
	ASSERT_NE(NULL, self->rs);
	/* added out of order on purpose */
	ASSERT_EQ(0, sct_ruleset_add_action(self->rs, 39, "getpid", SECCOMP_RET_ALLOW));
	ASSERT_EQ(0, sct_ruleset_add(self->rs, 16, "ioctl", &two));
	ASSERT_EQ(0, sct_ruleset_add(self->rs, 16, "ioctl", &one));
	ASSERT_EQ(0, sct_ruleset_add_action(self->rs, 0, "read", SECCOMP_RET_ALLOW));
}
FIXTURE_TEARDOWN(rs) { sct_ruleset_free(self->rs); }

TEST_F(rs, entries_are_sorted_and_unique)
{
	ASSERT_EQ(3, self->rs->n);
	EXPECT_EQ(0, self->rs->sys[0].nr);
	EXPECT_EQ(16, self->rs->sys[1].nr);
	EXPECT_EQ(2, self->rs->sys[1].nrules);
	EXPECT_EQ(39, self->rs->sys[2].nr);
	EXPECT_STREQ("ioctl", sct_ruleset_find(self->rs, 16)->name);
	EXPECT_EQ(NULL, sct_ruleset_find(self->rs, 17));
}

TEST_F(rs, first_matching_rule_wins)
{
	struct seccomp_data sd = data(16, 5, 0x100000001ULL);

	EXPECT_EQ(SECCOMP_RET_ERRNO | 22, sct_ruleset_eval(self->rs, &sd));
	sd = data(16, 5, 0x100000000ULL);	/* second condition fails */
	EXPECT_EQ(SECCOMP_RET_ERRNO | 11, sct_ruleset_eval(self->rs, &sd));
	sd = data(16, 6, 0);			/* no rule matches */
	EXPECT_EQ(DENY, sct_ruleset_eval(self->rs, &sd));
}

TEST_F(rs, unlisted_syscall_gets_default)
{
	struct seccomp_data sd = data(1, 0, 0);

	EXPECT_EQ(DENY, sct_ruleset_eval(self->rs, &sd));
	sd = data(39, 0, 0);
	EXPECT_EQ(SECCOMP_RET_ALLOW, sct_ruleset_eval(self->rs, &sd));
}

TEST_F(rs, wrong_arch_gets_bad_arch_action)
{
	struct seccomp_data sd = data(39, 0, 0);

	sd.arch = 0x40000003;	/* AUDIT_ARCH_I386 */
	EXPECT_EQ(BADARCH, sct_ruleset_eval(self->rs, &sd));
}

TEST_F(rs, x32_numbers_get_bad_arch_action_but_minus_one_does_not)
{
	struct seccomp_data sd;

	if (!sct_arch_native()->x32_bit)
		SKIP(return, "no x32 ABI on %s", sct_arch_native()->name);
	sd = data(sct_arch_native()->x32_bit | 39, 0, 0);
	EXPECT_EQ(BADARCH, sct_ruleset_eval(self->rs, &sd));
	sd = data(0xffffffffU, 0, 0);
	EXPECT_EQ(DENY, sct_ruleset_eval(self->rs, &sd));
}

/* A multi-arch program: a second audit arch with its own rules and
 * default; arches in neither block get the program's bad-arch action. */
TEST_F(rs, sub_arch_block_decides_its_arch)
{
	const uint32_t other = 0x12345678;
	struct sct_ruleset *sub = sct_ruleset_new(SECCOMP_RET_ERRNO | 7, BADARCH);
	struct seccomp_data sd = data(39, 0, 0);

	ASSERT_NE(NULL, sub);
	sub->audit_arch = other;
	sub->x32_bit = 0;
	ASSERT_EQ(0, sct_ruleset_add_action(sub, 20, "getpid", SECCOMP_RET_ALLOW));
	ASSERT_EQ(0, sct_ruleset_add_arch(self->rs, sub));
	EXPECT_EQ(SECCOMP_RET_ALLOW, sct_ruleset_eval(self->rs, &sd));	/* native block */
	sd.arch = other;
	EXPECT_EQ(SECCOMP_RET_ERRNO | 7, sct_ruleset_eval(self->rs, &sd));	/* sub's default */
	sd.nr = 20;
	EXPECT_EQ(SECCOMP_RET_ALLOW, sct_ruleset_eval(self->rs, &sd));
	sd.arch = other + 1;
	EXPECT_EQ(BADARCH, sct_ruleset_eval(self->rs, &sd));
	EXPECT_EQ(sub, sct_ruleset_arch(self->rs, other));
	/* one block per arch; ownership passes even when refused */
	sub = sct_ruleset_new(DENY, BADARCH);
	ASSERT_NE(NULL, sub);
	sub->audit_arch = other;
	EXPECT_EQ(-EEXIST, sct_ruleset_add_arch(self->rs, sub));
}

/* runc's stub: above `last` ERRNO(ENOSYS) before any rule; at `last` the
 * rules decide. */
TEST_F(rs, enosys_stub_answers_above_last)
{
	struct seccomp_data sd = data(39, 0, 0);

	self->rs->stub = (struct sct_enosys_stub){ .on = true, .last = 38, .last_x32 = SCT_STUB_NONE };
	EXPECT_EQ(SCT_STUB_ACTION, sct_ruleset_eval(self->rs, &sd));
	EXPECT_EQ(SECCOMP_RET_ERRNO | ENOSYS, SCT_STUB_ACTION);
	self->rs->stub.last = 39;
	EXPECT_EQ(SECCOMP_RET_ALLOW, sct_ruleset_eval(self->rs, &sd));
	sd = data(40, 0, 0);
	EXPECT_EQ(SCT_STUB_ACTION, sct_ruleset_eval(self->rs, &sd));
	if (!sct_arch_native()->x32_bit)
		return;
	/* the x32 half has no stub here: its numbers go on to the wrong-arch check */
	sd = data(sct_arch_native()->x32_bit | 1, 0, 0);
	EXPECT_EQ(BADARCH, sct_ruleset_eval(self->rs, &sd));
	self->rs->stub.last_x32 = sct_arch_native()->x32_bit;
	EXPECT_EQ(SCT_STUB_ACTION, sct_ruleset_eval(self->rs, &sd));
	sd = data(0xffffffffU, 0, 0);		/* -1 has the x32 bit */
	EXPECT_EQ(SCT_STUB_ACTION, sct_ruleset_eval(self->rs, &sd));
}

/* x32 in the filter: libseccomp merges its numbers into x86_64's dispatch,
 * so unknown ones get the default action, not the bad-arch one. */
TEST_F(rs, x32_rules_take_x32_numbers)
{
	uint32_t x32;
	struct seccomp_data sd;

	if (!sct_arch_native()->x32_bit)
		SKIP(return, "no x32 ABI on %s", sct_arch_native()->name);
	x32 = sct_arch_native()->x32_bit;
	self->rs->x32_rules = true;
	ASSERT_EQ(0, sct_ruleset_add_action(self->rs, x32 | 39, "getpid", SECCOMP_RET_ALLOW));
	sd = data(x32 | 39, 0, 0);
	EXPECT_EQ(SECCOMP_RET_ALLOW, sct_ruleset_eval(self->rs, &sd));
	sd = data(x32 | 40, 0, 0);
	EXPECT_EQ(DENY, sct_ruleset_eval(self->rs, &sd));
	sd = data(0x80000000U, 0, 0);
	EXPECT_EQ(DENY, sct_ruleset_eval(self->rs, &sd));
}

TEST(bad_conditions_are_rejected)
{
	struct sct_ruleset *rs = sct_ruleset_new(DENY, BADARCH);
	struct sct_rule bad_arg = { .nconds = 1, .conds = { { 6, SCT_CMP_EQ, 0, 0 } } };
	struct sct_rule bad_op = { .nconds = 1, .conds = { { 0, SCT_CMP_COUNT, 0, 0 } } };
	struct sct_rule too_many = { .nconds = SCT_MAX_CONDS + 1 };

	EXPECT_EQ(-EINVAL, sct_ruleset_add(rs, 1, NULL, &bad_arg));
	EXPECT_EQ(-EINVAL, sct_ruleset_add(rs, 1, NULL, &bad_op));
	EXPECT_EQ(-E2BIG, sct_ruleset_add(rs, 1, NULL, &too_many));
	EXPECT_EQ(0, rs->n);
	sct_ruleset_free(rs);
}

SCT_SUITE_MAIN("Self-tests of the policy model (lib/ruleset.c).")
