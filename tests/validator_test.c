// SPDX-License-Identifier: GPL-2.0-only
/*
 * validator_test - self-tests of the acceptance model (lib/validator.c) on
 * programs whose fate is known from the kernel source, without the kernel:
 * verdicts and the reason given, opcode names, the converted eBPF length.
 * suites/validate_test checks the same model against the running kernel.
 */
#include <errno.h>
#include <string.h>

#include "suite.h"
#include "validator.h"

#define OK		0
#define EINV		(-EINVAL)
#define RET_ALLOW	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define STMT(c, k)	BPF_STMT((c), (k))

FIXTURE(model) {};
FIXTURE_VARIANT(model) {
	struct sock_filter insns[6];
	size_t len;
	int want;
	const char *why;	/* a substring of the reason; NULL when accepted */
	size_t ebpf_len;	/* sct_converted_len; 0 when rejected */
};
FIXTURE_SETUP(model) {}
FIXTURE_TEARDOWN(model) {}

FIXTURE_VARIANT_ADD(model, ret_allow) {
	.insns = { RET_ALLOW }, .len = 1, .want = OK, .ebpf_len = 5 };
FIXTURE_VARIANT_ADD(model, ret_a) {
	.insns = { STMT(BPF_RET | BPF_A, 0) }, .len = 1, .want = OK, .ebpf_len = 4 };
FIXTURE_VARIANT_ADD(model, empty) { .insns = { RET_ALLOW }, .want = EINV, .why = "length 0" };
FIXTURE_VARIANT_ADD(model, arch_check) {
	.insns = { STMT(BPF_LD | BPF_W | BPF_ABS, 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS), RET_ALLOW },
	/* 3 + ld 1 + jeq (jf == 0) 1 + ret 2 + ret 2; the K is "negative" +1 */
	.len = 4, .want = OK, .ebpf_len = 10 };
FIXTURE_VARIANT_ADD(model, unknown_opcode) {
	.insns = { STMT(0x1234, 0), RET_ALLOW }, .len = 2, .want = EINV,
	.why = "unknown opcode 0x1234" };
FIXTURE_VARIANT_ADD(model, mod_classic_only) {
	.insns = { STMT(BPF_ALU | BPF_MOD | BPF_K, 3), RET_ALLOW }, .len = 2, .want = EINV,
	.why = "mod #k not allowed in seccomp" };
FIXTURE_VARIANT_ADD(model, mod_k_0_classic_first) {
	.insns = { STMT(BPF_ALU | BPF_MOD | BPF_K, 0), RET_ALLOW }, .len = 2, .want = EINV,
	.why = "by constant zero" };
FIXTURE_VARIANT_ADD(model, div_k_0) {
	.insns = { STMT(BPF_ALU | BPF_DIV | BPF_K, 0), RET_ALLOW }, .len = 2, .want = EINV,
	.why = "by constant zero" };
FIXTURE_VARIANT_ADD(model, div_x) {
	.insns = { STMT(BPF_ALU | BPF_DIV | BPF_X, 0), RET_ALLOW }, .len = 2, .want = OK,
	.ebpf_len = 10 };
FIXTURE_VARIANT_ADD(model, rsh_32) {
	.insns = { STMT(BPF_ALU | BPF_RSH | BPF_K, 32), RET_ALLOW }, .len = 2, .want = EINV,
	.why = "shift count 32" };
FIXTURE_VARIANT_ADD(model, ld_abs_misaligned) {
	.insns = { STMT(BPF_LD | BPF_W | BPF_ABS, 6), RET_ALLOW }, .len = 2, .want = EINV,
	.why = "not 4-byte aligned" };
FIXTURE_VARIANT_ADD(model, ld_abs_64) {
	.insns = { STMT(BPF_LD | BPF_W | BPF_ABS, 64), RET_ALLOW }, .len = 2, .want = EINV,
	.why = "outside struct seccomp_data" };
FIXTURE_VARIANT_ADD(model, ld_abs_unknown_ancillary) {
	.insns = { STMT(BPF_LD | BPF_W | BPF_ABS, 0xfffff000U + 64), RET_ALLOW }, .len = 2,
	.want = EINV, .why = "unknown ancillary" };
FIXTURE_VARIANT_ADD(model, ld_abs_known_ancillary) {
	.insns = { STMT(BPF_LD | BPF_W | BPF_ABS, 0xfffff000U + 4), RET_ALLOW }, .len = 2,
	.want = EINV, .why = "outside struct seccomp_data" };
FIXTURE_VARIANT_ADD(model, ld_len) {
	.insns = { STMT(BPF_LD | BPF_W | BPF_LEN, 0), RET_ALLOW }, .len = 2, .want = OK,
	.ebpf_len = 6 };
FIXTURE_VARIANT_ADD(model, ja_out) {
	.insns = { STMT(BPF_JMP | BPF_JA, 1), RET_ALLOW }, .len = 2, .want = EINV,
	.why = "ja +1 leaves" };
FIXTURE_VARIANT_ADD(model, jf_out) {
	.insns = { BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 1, 0, 1), RET_ALLOW }, .len = 2,
	.want = EINV, .why = "leaves" };
FIXTURE_VARIANT_ADD(model, jgt_jt_0_inverted) {
	.insns = { BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 1, 0, 1), RET_ALLOW, RET_ALLOW }, .len = 3,
	.want = OK, .ebpf_len = 3 + 1 + 2 + 2 };
FIXTURE_VARIANT_ADD(model, jset_jt_0_two_insns) {
	.insns = { BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 1, 0, 1), RET_ALLOW, RET_ALLOW }, .len = 3,
	.want = OK, .ebpf_len = 3 + 2 + 2 + 2 };
FIXTURE_VARIANT_ADD(model, jeq_x_both) {
	.insns = { BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_X, 0, 1, 2), RET_ALLOW, RET_ALLOW, RET_ALLOW },
	.len = 4, .want = OK, .ebpf_len = 3 + 2 + 2 + 2 + 2 };
FIXTURE_VARIANT_ADD(model, no_ret_at_end) {
	.insns = { RET_ALLOW, STMT(BPF_LD | BPF_IMM, 0) }, .len = 2, .want = EINV,
	.why = "not a ret" };
FIXTURE_VARIANT_ADD(model, m16) {
	.insns = { STMT(BPF_ST, 16), RET_ALLOW }, .len = 2, .want = EINV, .why = "cell 16" };
FIXTURE_VARIANT_ADD(model, read_before_write) {
	.insns = { STMT(BPF_LDX | BPF_MEM, 3), RET_ALLOW }, .len = 2, .want = EINV,
	.why = "reads M[3]" };
FIXTURE_VARIANT_ADD(model, write_then_read) {
	.insns = { STMT(BPF_STX, 3), STMT(BPF_LDX | BPF_MEM, 3), RET_ALLOW }, .len = 3, .want = OK,
	.ebpf_len = 7 };
/* jf skips the store: the read is reachable without it */
FIXTURE_VARIANT_ADD(model, write_on_one_path) {
	.insns = { BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), STMT(BPF_ST, 0),
		STMT(BPF_LD | BPF_MEM, 0), RET_ALLOW },
	.len = 4, .want = EINV, .why = "reads M[0]" };
/* written before the branch: valid on both paths */
FIXTURE_VARIANT_ADD(model, write_before_branch) {
	.insns = { STMT(BPF_ST, 0), BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), STMT(BPF_LD | BPF_IMM, 1),
		STMT(BPF_LD | BPF_MEM, 0), RET_ALLOW },
	.len = 5, .want = OK, .ebpf_len = 3 + 1 + 1 + 1 + 1 + 2 };
/* after RET the state is not reset (kernel quirk, dead code) */
FIXTURE_VARIANT_ADD(model, dead_code_inherits) {
	.insns = { STMT(BPF_ST, 0), RET_ALLOW, STMT(BPF_LD | BPF_MEM, 0), RET_ALLOW }, .len = 4,
	.want = OK, .ebpf_len = 9 };

TEST_F(model, verdict_reason_and_length)
{
	char why[160];
	int got = sct_validate(variant->insns, variant->len, why, sizeof(why));

	EXPECT_EQ(variant->want, got) TH_LOG("reason: %s", why);
	if (variant->why) {
		EXPECT_NE(NULL, strstr(why, variant->why)) TH_LOG("reason: %s", why);
	} else {
		EXPECT_STREQ("", why);
	}
	EXPECT_EQ(variant->ebpf_len, sct_converted_len(variant->insns, variant->len));
	/* why may be NULL */
	EXPECT_EQ(variant->want, sct_validate(variant->insns, variant->len, NULL, 0));
}

TEST(length_limits)
{
	static struct sock_filter prog[SCT_MAX_INSNS + 1];

	for (size_t i = 0; i < SCT_MAX_INSNS + 1; i++)
		prog[i] = (struct sock_filter)RET_ALLOW;
	EXPECT_EQ(0, sct_validate(prog, SCT_MAX_INSNS, NULL, 0));
	EXPECT_EQ(-EINVAL, sct_validate(prog, SCT_MAX_INSNS + 1, NULL, 0));
	EXPECT_EQ(-EINVAL, sct_validate(NULL, 1, NULL, 0));
	EXPECT_EQ(3 + 2 * SCT_MAX_INSNS, (int)sct_converted_len(prog, SCT_MAX_INSNS));
}

TEST(reason_is_truncated_not_overflowed)
{
	struct sock_filter p[] = { STMT(0xfff0, 0), RET_ALLOW };
	char why[8];

	memset(why, 'x', sizeof(why));
	EXPECT_EQ(-EINVAL, sct_validate(p, 2, why, sizeof(why)));
	EXPECT_EQ('\0', why[sizeof(why) - 1]);
	EXPECT_EQ(7, (int)strlen(why));
}

TEST(opcode_names)
{
	char b[32];

	EXPECT_STREQ("ld [k]", sct_opcode_name(BPF_LD | BPF_W | BPF_ABS, b, sizeof(b)));
	EXPECT_STREQ("jeq #k", sct_opcode_name(BPF_JMP | BPF_JEQ | BPF_K, b, sizeof(b)));
	EXPECT_STREQ("jset x", sct_opcode_name(BPF_JMP | BPF_JSET | BPF_X, b, sizeof(b)));
	EXPECT_STREQ("ret a", sct_opcode_name(BPF_RET | BPF_A, b, sizeof(b)));
	EXPECT_STREQ("mod #k", sct_opcode_name(BPF_ALU | BPF_MOD | BPF_K, b, sizeof(b)));
	EXPECT_STREQ("ldxb 4*([k]&0xf)", sct_opcode_name(BPF_LDX | BPF_B | BPF_MSH, b, sizeof(b)));
	EXPECT_STREQ("0x1234", sct_opcode_name(0x1234, b, sizeof(b)));
	EXPECT_STREQ("0x000e", sct_opcode_name(BPF_RET | BPF_X, b, sizeof(b)));
}

/* The seccomp opcode set: 41 codes (seccomp_check_filter's list, 6.12). */
TEST(exactly_41_opcodes_accepted)
{
	unsigned int n = 0;

	for (uint32_t c = 0; c < 65536; c++) {
		/* in-range operands: k = 4 (aligned, non-zero, M[4] written), 0 for jumps */
		uint32_t k = BPF_CLASS(c) == BPF_JMP ? 0 : 4;
		struct sock_filter p[] = { STMT(BPF_ST, 4), BPF_JUMP(c, k, 0, 0), RET_ALLOW };

		n += sct_validate(p, 3, NULL, 0) == 0;
	}
	EXPECT_EQ(41, n);
}

SCT_SUITE_MAIN("Self-tests of the seccomp acceptance model (lib/validator.c).")
