// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim_test - self-tests of the counting cBPF simulator (lib/sim.h) and its
 * emulation of the kernel's constant-action cache. Each table row is
 * `arch nr args... -> expected action, instructions executed`; programs are
 * built with lib/filter.h, so the executed counts below are counts of the
 * instructions listed in each builder.
 */
#include "suite.h"
#include "sim.h"
#include "disasm.h"

#define NATIVE 0		/* row arch: the native audit arch */
#define WRONG  0x12345678U	/* row arch: an arch no filter expects */
#define ALLOW  SECCOMP_RET_ALLOW
#define EN(e)  (SECCOMP_RET_ERRNO | (e))

struct io {
	uint32_t arch, nr;
	uint64_t a0, a1;
	uint32_t expect;
	size_t executed;
};
#define MAX_ROWS 6

/* Build f, load it into the simulator; ASSERT-free so callers decide. */
static int load(struct sct_filter *f, struct sock_fprog *fp, struct sct_sim *sim,
		char *why, size_t whylen)
{
	int ret = sct_filter_build(f, fp);

	if (ret) {
		snprintf(why, whylen, "build: %s", sct_filter_error(f));
		return ret;
	}
	return sct_sim_load(sim, fp->filter, fp->len, why, whylen);
}

static struct seccomp_data row_data(const struct io *r)
{
	struct seccomp_data sd = {
		.nr = (int)r->nr,
		.arch = r->arch == NATIVE ? sct_arch_native()->audit_arch : r->arch,
	};

	sd.args[0] = r->a0;
	sd.args[1] = r->a1;
	return sd;
}

/* ---- ALU: [ldx #k]; ld args[0].lo; op k|x; ret a ----------------------- */

FIXTURE(alu) {};
FIXTURE_VARIANT(alu) {
	uint16_t op;
	bool x;			/* operand from X (loaded with k) instead of K */
	uint32_t k;
	struct { uint32_t in, out; } rows[3];
	bool div_by_zero;	/* returns 0 at the DIV: one instruction fewer */
};
FIXTURE_SETUP(alu) {}
FIXTURE_TEARDOWN(alu) {}

FIXTURE_VARIANT_ADD(alu, add_k) {
	.op = BPF_ADD, .k = 7, .rows = { { 1, 8 }, { 0xfffffffe, 5 }, { 0, 7 } } };
FIXTURE_VARIANT_ADD(alu, add_x) {
	.op = BPF_ADD, .x = true, .k = 7, .rows = { { 1, 8 }, { 0xfffffffe, 5 }, { 0, 7 } } };
FIXTURE_VARIANT_ADD(alu, sub_k_wraps) {
	.op = BPF_SUB, .k = 3, .rows = { { 5, 2 }, { 0, 0xfffffffd }, { 3, 0 } } };
FIXTURE_VARIANT_ADD(alu, sub_x_wraps) {
	.op = BPF_SUB, .x = true, .k = 3, .rows = { { 5, 2 }, { 0, 0xfffffffd }, { 3, 0 } } };
FIXTURE_VARIANT_ADD(alu, mul_k_32bit) {
	.op = BPF_MUL, .k = 0x10000,
	.rows = { { 3, 0x30000 }, { 0x10000, 0 }, { 0xffff, 0xffff0000 } } };
FIXTURE_VARIANT_ADD(alu, mul_x_32bit) {
	.op = BPF_MUL, .x = true, .k = 0x10000,
	.rows = { { 3, 0x30000 }, { 0x10000, 0 }, { 0xffff, 0xffff0000 } } };
FIXTURE_VARIANT_ADD(alu, div_k_unsigned) {
	.op = BPF_DIV, .k = 3, .rows = { { 10, 3 }, { 0xffffffff, 0x55555555 }, { 2, 0 } } };
FIXTURE_VARIANT_ADD(alu, div_x_unsigned) {
	.op = BPF_DIV, .x = true, .k = 3,
	.rows = { { 10, 3 }, { 0xffffffff, 0x55555555 }, { 2, 0 } } };
/* bpf_convert_filter: DIV by X == 0 ends the program with A = 0 */
FIXTURE_VARIANT_ADD(alu, div_x_zero_returns_0) {
	.op = BPF_DIV, .x = true, .rows = { { 10, 0 }, { 0, 0 }, { 0x7fff0000, 0 } },
	.div_by_zero = true };
FIXTURE_VARIANT_ADD(alu, and_k) {
	.op = BPF_AND, .k = 0xf0, .rows = { { 0xff, 0xf0 }, { 0x0f, 0 }, { 0xffffffff, 0xf0 } } };
FIXTURE_VARIANT_ADD(alu, and_x) {
	.op = BPF_AND, .x = true, .k = 0xf0,
	.rows = { { 0xff, 0xf0 }, { 0x0f, 0 }, { 0xffffffff, 0xf0 } } };
FIXTURE_VARIANT_ADD(alu, or_k) {
	.op = BPF_OR, .k = 0x100, .rows = { { 1, 0x101 }, { 0x100, 0x100 }, { 0, 0x100 } } };
FIXTURE_VARIANT_ADD(alu, or_x) {
	.op = BPF_OR, .x = true, .k = 0x100,
	.rows = { { 1, 0x101 }, { 0x100, 0x100 }, { 0, 0x100 } } };
FIXTURE_VARIANT_ADD(alu, xor_k) {
	.op = BPF_XOR, .k = 0xff, .rows = { { 0xf0, 0x0f }, { 0xff, 0 }, { 0, 0xff } } };
FIXTURE_VARIANT_ADD(alu, xor_x) {
	.op = BPF_XOR, .x = true, .k = 0xff, .rows = { { 0xf0, 0x0f }, { 0xff, 0 }, { 0, 0xff } } };
FIXTURE_VARIANT_ADD(alu, lsh_k) {
	.op = BPF_LSH, .k = 4, .rows = { { 1, 16 }, { 0x10000000, 0 }, { 0xffffffff, 0xfffffff0 } },
};
FIXTURE_VARIANT_ADD(alu, lsh_x) {
	.op = BPF_LSH, .x = true, .k = 4,
	.rows = { { 1, 16 }, { 0x10000000, 0 }, { 0xffffffff, 0xfffffff0 } } };
/* a run-time count >= 32 uses its low 5 bits, as 32-bit eBPF shifts do */
FIXTURE_VARIANT_ADD(alu, lsh_x_33_uses_low_bits) {
	.op = BPF_LSH, .x = true, .k = 33, .rows = { { 1, 2 }, { 0x80000000, 0 }, { 3, 6 } } };
FIXTURE_VARIANT_ADD(alu, rsh_k_logical) {
	.op = BPF_RSH, .k = 4, .rows = { { 16, 1 }, { 0x80000000, 0x08000000 }, { 15, 0 } } };
FIXTURE_VARIANT_ADD(alu, rsh_x_logical) {
	.op = BPF_RSH, .x = true, .k = 4,
	.rows = { { 16, 1 }, { 0x80000000, 0x08000000 }, { 15, 0 } } };
FIXTURE_VARIANT_ADD(alu, neg) {
	.op = BPF_NEG, .rows = { { 1, 0xffffffff }, { 0, 0 }, { 0x80000000, 0x80000000 } } };

TEST_F(alu, result_in_a)
{
	for (int i = 0; i < 3; i++) {
		struct sct_filter *f = sct_filter_new();
		struct sock_fprog fp;
		struct sct_sim sim;
		struct sct_sim_result res;
		struct io r = { NATIVE, 0, variant->rows[i].in, 0, 0, 0 };
		struct seccomp_data sd = row_data(&r);
		char why[160] = "";
		uint16_t code = BPF_ALU | variant->op |
				(variant->op == BPF_NEG ? 0 : variant->x ? BPF_X : BPF_K);

		ASSERT_NE(NULL, f);
		if (variant->x)
			sct_insn(f, BPF_LDX | BPF_IMM, variant->k);
		sct_ld_arg_lo(f, 0);
		sct_insn(f, code, variant->x ? 0 : variant->k);
		sct_ret_a(f);
		ASSERT_EQ(0, load(f, &fp, &sim, why, sizeof(why))) TH_LOG("%s", why);
		ASSERT_EQ(0, sct_sim_run(&sim, &sd, &res, NULL));
		EXPECT_EQ(variant->rows[i].out, res.action) TH_LOG("input 0x%x", variant->rows[i].in);
		EXPECT_EQ((size_t)(variant->x ? 4 : 3) - variant->div_by_zero, res.executed);
		sct_filter_free(f);
	}
}

/* ---- whole programs, row by row ----------------------------------------- */

typedef void (*build_fn)(struct sct_filter *f);

/* A new filter holding what build appends; NULL when out of memory. */
static struct sct_filter *built(build_fn build)
{
	struct sct_filter *f = sct_filter_new();

	if (f)
		build(f);
	return f;
}

/* ld args[0].lo; st M[3]; ldx #7; stx M[15]; ld #0; ld M[3]; ldx M[15]; add x; ret a */
static void b_scratch(struct sct_filter *f)
{
	sct_ld_arg_lo(f, 0);
	sct_insn(f, BPF_ST, 3);
	sct_insn(f, BPF_LDX | BPF_IMM, 7);
	sct_insn(f, BPF_STX, 15);
	sct_insn(f, BPF_LD | BPF_IMM, 0);
	sct_insn(f, BPF_LD | BPF_MEM, 3);
	sct_insn(f, BPF_LDX | BPF_MEM, 15);
	sct_insn(f, BPF_ALU | BPF_ADD | BPF_X, 0);
	sct_ret_a(f);
}

/* ld len; ldx len; add x; ret a: 64 + 64 */
static void b_len(struct sct_filter *f)
{
	sct_insn(f, BPF_LD | BPF_W | BPF_LEN, 0);
	sct_insn(f, BPF_LDX | BPF_W | BPF_LEN, 0);
	sct_insn(f, BPF_ALU | BPF_ADD | BPF_X, 0);
	sct_ret_a(f);
}

/* ld args[1].hi; tax; ld #1; txa; ret a: returns args[1] >> 32 */
static void b_tax_txa(struct sct_filter *f)
{
	sct_ld_arg_hi(f, 1);
	sct_insn(f, BPF_MISC | BPF_TAX, 0);
	sct_insn(f, BPF_LD | BPF_IMM, 1);
	sct_insn(f, BPF_MISC | BPF_TXA, 0);
	sct_ret_a(f);
}

/* ld args[0].lo; ret a: any value is returned as the action */
static void b_ret_a(struct sct_filter *f)
{
	sct_ld_arg_lo(f, 0);
	sct_ret_a(f);
}

typedef void (*jump_fn)(struct sct_filter *f, uint32_t k, sct_label jt, sct_label jf);

/* ld nr; <jump> #k -> errno 1 : errno 2 */
static void nr_jump(struct sct_filter *f, jump_fn jump, uint32_t k)
{
	sct_label t = sct_label_new(f);

	sct_ld_nr(f);
	jump(f, k, t, SCT_NEXT);
	sct_ret(f, EN(2));
	sct_label_here(f, t);
	sct_ret(f, EN(1));
}

static void b_jeq_edge(struct sct_filter *f) { nr_jump(f, sct_jeq, 0xffffffffU); }
static void b_jset(struct sct_filter *f) { nr_jump(f, sct_jset, 0x40000000U); }

/* ld nr; jge #5 -> jgt #5 -> 3 : 2 ; 1 */
static void b_jge_jgt(struct sct_filter *f)
{
	sct_label ge = sct_label_new(f), gt = sct_label_new(f);

	sct_ld_nr(f);
	sct_jge(f, 5, ge, SCT_NEXT);
	sct_ret(f, EN(1));
	sct_label_here(f, ge);
	sct_jgt(f, 5, gt, SCT_NEXT);
	sct_ret(f, EN(2));
	sct_label_here(f, gt);
	sct_ret(f, EN(3));
}

/* ldx args[1]: via A; ld nr; jeq x -> 1; jgt x -> 2; jset x -> 3; 4 */
static void b_jmp_x(struct sct_filter *f)
{
	sct_label eq = sct_label_new(f), gt = sct_label_new(f), set = sct_label_new(f);

	sct_ld_arg_lo(f, 1);
	sct_insn(f, BPF_MISC | BPF_TAX, 0);
	sct_ld_nr(f);
	sct_jx(f, BPF_JEQ, eq, SCT_NEXT);
	sct_jx(f, BPF_JGT, gt, SCT_NEXT);
	sct_jx(f, BPF_JSET, set, SCT_NEXT);
	sct_jx(f, BPF_JGE, eq, SCT_NEXT);	/* never taken here: ge = eq or gt */
	sct_ret(f, EN(4));
	sct_label_here(f, eq);
	sct_ret(f, EN(1));
	sct_label_here(f, gt);
	sct_ret(f, EN(2));
	sct_label_here(f, set);
	sct_ret(f, EN(3));
}

/* ja over two returns; jeq with jt == jf */
static void b_ja_same_target(struct sct_filter *f)
{
	sct_label a = sct_label_new(f), b = sct_label_new(f);

	sct_ja(f, a);
	sct_ret(f, EN(1));
	sct_ret(f, EN(2));
	sct_label_here(f, a);
	sct_ld_nr(f);
	sct_jeq(f, 7, b, b);
	sct_label_here(f, b);
	sct_ret(f, EN(3));
}

/* ld nr; jeq #1 -> far (300 instructions on: the builder adds a JA) */
static void b_far_jump(struct sct_filter *f)
{
	sct_label far = sct_label_new(f);

	sct_ld_nr(f);
	sct_jeq(f, 1, far, SCT_NEXT);
	for (int i = 0; i < 300; i++)
		sct_ret(f, EN(2));
	sct_label_here(f, far);
	sct_ret(f, EN(1));
}

/* arch check, then ld nr; jeq 39 -> allow; errno 1 */
static void b_arch(struct sct_filter *f)
{
	sct_check_arch(f, sct_arch_native()->audit_arch, SECCOMP_RET_KILL_PROCESS);
	sct_ld_nr(f);
	sct_label t = sct_label_new(f);
	sct_jeq(f, 39, t, SCT_NEXT);
	sct_ret(f, EN(1));
	sct_label_here(f, t);
	sct_ret(f, ALLOW);
}

FIXTURE(prog) {};
FIXTURE_VARIANT(prog) {
	build_fn build;
	struct io rows[MAX_ROWS];
	int nrows;
};
FIXTURE_SETUP(prog) {}
FIXTURE_TEARDOWN(prog) {}

FIXTURE_VARIANT_ADD(prog, scratch_memory) {
	.build = b_scratch,
	.rows = {
		{ NATIVE, 0, 5, 0, 12, 9 }, { NATIVE, 0, 0xfffffffb, 0, 2, 9 } },
	.nrows = 2 };
FIXTURE_VARIANT_ADD(prog, len_is_64) {
	.build = b_len, .rows = { { NATIVE, 0, 0, 0, 128, 4 } }, .nrows = 1 };
FIXTURE_VARIANT_ADD(prog, tax_txa) {
	.build = b_tax_txa,
	.rows = {
		{ NATIVE, 0, 0, 0x1234567800000000ULL, 0x12345678, 5 } },
	.nrows = 1 };
FIXTURE_VARIANT_ADD(prog, ret_a) {
	.build = b_ret_a,
	.rows = {
		{ NATIVE, 0, 0x7fff0000, 0, 0x7fff0000, 2 }, { NATIVE, 0, 0x50001, 0, 0x50001, 2 } },
	.nrows = 2 };
FIXTURE_VARIANT_ADD(prog, jeq_all_ones) {
	.build = b_jeq_edge,
	.rows = {
		{ NATIVE, 0xffffffffU, 0, 0, EN(1), 3 }, { NATIVE, 0, 0, 0, EN(2), 3 },
		{ NATIVE, 0x7fffffff, 0, 0, EN(2), 3 } },
	.nrows = 3 };
FIXTURE_VARIANT_ADD(prog, jge_jgt_boundaries) {
	.build = b_jge_jgt,
	.rows = {
		{ NATIVE, 4, 0, 0, EN(1), 3 }, { NATIVE, 5, 0, 0, EN(2), 4 },
		{ NATIVE, 6, 0, 0, EN(3), 4 }, { NATIVE, 0xffffffffU, 0, 0, EN(3), 4 },
		{ NATIVE, 0, 0, 0, EN(1), 3 } },
	.nrows = 5 };
FIXTURE_VARIANT_ADD(prog, jset) {
	.build = b_jset,
	.rows = {
		{ NATIVE, 0x40000001, 0, 0, EN(1), 3 }, { NATIVE, 0xbfffffffU, 0, 0, EN(2), 3 },
		{ NATIVE, 0xffffffffU, 0, 0, EN(1), 3 } },
	.nrows = 3 };
FIXTURE_VARIANT_ADD(prog, jumps_on_x) {
	.build = b_jmp_x,
	.rows = {
		{ NATIVE, 9, 0, 9, EN(1), 5 }, { NATIVE, 10, 0, 9, EN(2), 6 },
		{ NATIVE, 2, 0, 3, EN(3), 7 }, { NATIVE, 4, 0, 3, EN(2), 6 },
		{ NATIVE, 4, 0, 8, EN(4), 8 } },
	.nrows = 5 };
FIXTURE_VARIANT_ADD(prog, ja_and_equal_targets) {
	.build = b_ja_same_target,
	.rows = {
		{ NATIVE, 7, 0, 0, EN(3), 4 }, { NATIVE, 8, 0, 0, EN(3), 4 } },
	.nrows = 2 };
/* the trampoline the builder inserted is executed on the taken path only */
FIXTURE_VARIANT_ADD(prog, jump_over_255_via_ja) {
	.build = b_far_jump,
	.rows = {
		{ NATIVE, 1, 0, 0, EN(1), 4 }, { NATIVE, 2, 0, 0, EN(2), 3 } },
	.nrows = 2 };
FIXTURE_VARIANT_ADD(prog, arch_check) {
	.build = b_arch,
	.rows = {
		{ NATIVE, 39, 0, 0, ALLOW, 5 }, { NATIVE, 40, 0, 0, EN(1), 5 },
		{ WRONG, 39, 0, 0, SECCOMP_RET_KILL_PROCESS, 3 } },
	.nrows = 3 };

TEST_F(prog, rows)
{
	struct sct_filter *f = built(variant->build);
	struct sock_fprog fp;
	struct sct_sim sim;
	char why[160] = "";

	ASSERT_NE(NULL, f);
	ASSERT_EQ(0, load(f, &fp, &sim, why, sizeof(why))) TH_LOG("%s", why);
	for (int i = 0; i < variant->nrows; i++) {
		const struct io *r = &variant->rows[i];
		struct seccomp_data sd = row_data(r);
		struct sct_sim_result res;

		ASSERT_EQ(0, sct_sim_run(&sim, &sd, &res, NULL));
		EXPECT_EQ(r->expect, res.action) {
			TH_LOG("row %d (nr 0x%x): action 0x%x", i, r->nr, res.action);
			sct_disasm(stderr, fp.filter, fp.len, NULL);
		}
		EXPECT_EQ(r->executed, res.executed) TH_LOG("row %d (nr 0x%x)", i, r->nr);
	}
	sct_filter_free(f);
}

/* Hit counts add up over runs and equal the executed counts. */
TEST(hit_counts_sum_to_executed)
{
	struct sct_filter *f = built(b_jge_jgt);
	struct sock_fprog fp;
	struct sct_sim sim;
	unsigned long hits[16] = { 0 }, sum = 0;
	size_t total = 0;
	char why[160];

	ASSERT_NE(NULL, f);
	ASSERT_EQ(0, load(f, &fp, &sim, why, sizeof(why)));
	ASSERT_GE(16, fp.len);
	for (uint32_t nr = 0; nr < 10; nr++) {
		struct io r = { NATIVE, nr, 0, 0, 0, 0 };
		struct seccomp_data sd = row_data(&r);
		struct sct_sim_result res;

		ASSERT_EQ(0, sct_sim_run(&sim, &sd, &res, hits));
		total += res.executed;
	}
	for (size_t i = 0; i < fp.len; i++)
		sum += hits[i];
	EXPECT_EQ(total, sum);
	EXPECT_EQ(10, hits[0]);		/* ld nr */
	EXPECT_EQ(5, hits[2]);		/* ret 1: nr 0..4 */
	sct_filter_free(f);
}

/* ---- programs the validator model refuses are never run -------------- */

static void r_mod(struct sct_filter *f) { sct_ld_nr(f); sct_insn(f, BPF_ALU | BPF_MOD | BPF_K, 3); sct_ret_a(f); }
static void r_ld_half(struct sct_filter *f) { sct_insn(f, BPF_LD | BPF_H | BPF_ABS, 0); sct_ret_a(f); }
static void r_unaligned(struct sct_filter *f) { sct_ld_abs(f, 2); sct_ret_a(f); }
static void r_past_data(struct sct_filter *f) { sct_ld_abs(f, 64); sct_ret_a(f); }
static void r_unwritten_mem(struct sct_filter *f) { sct_insn(f, BPF_LD | BPF_MEM, 4); sct_ret_a(f); }
static void r_div_k_zero(struct sct_filter *f) { sct_ld_nr(f); sct_insn(f, BPF_ALU | BPF_DIV | BPF_K, 0); sct_ret_a(f); }
static void r_lsh_32(struct sct_filter *f) { sct_ld_nr(f); sct_insn(f, BPF_ALU | BPF_LSH | BPF_K, 32); sct_ret_a(f); }
static void r_no_ret(struct sct_filter *f) { sct_ret(f, ALLOW); sct_ld_nr(f); }

FIXTURE(refused) {};
FIXTURE_VARIANT(refused) { build_fn build; };
FIXTURE_SETUP(refused) {}
FIXTURE_TEARDOWN(refused) {}
FIXTURE_VARIANT_ADD(refused, mod_k) { .build = r_mod };
FIXTURE_VARIANT_ADD(refused, ld_half_word) { .build = r_ld_half };
FIXTURE_VARIANT_ADD(refused, ld_unaligned) { .build = r_unaligned };
FIXTURE_VARIANT_ADD(refused, ld_past_seccomp_data) { .build = r_past_data };
FIXTURE_VARIANT_ADD(refused, read_unwritten_scratch) { .build = r_unwritten_mem };
FIXTURE_VARIANT_ADD(refused, div_by_constant_zero) { .build = r_div_k_zero };
FIXTURE_VARIANT_ADD(refused, shift_by_32) { .build = r_lsh_32 };
FIXTURE_VARIANT_ADD(refused, last_not_ret) { .build = r_no_ret };

TEST_F(refused, by_load)
{
	struct sct_filter *f = built(variant->build);
	struct sock_fprog fp;
	struct sct_sim sim;
	char why[160] = "";

	ASSERT_NE(NULL, f);
	ASSERT_EQ(0, sct_filter_build(f, &fp)) TH_LOG("%s", sct_filter_error(f));
	EXPECT_EQ(-EINVAL, sct_sim_load(&sim, fp.filter, fp.len, why, sizeof(why)));
	EXPECT_NE(0, why[0]);
	sct_filter_free(f);
}

/* ---- constant-action cache emulation ---------------------------------- */

/* arch check; ld nr; and #0xff; jset #0x80 -> errno; jeq 39 -> ja -> allow;
 * jeq 40 -> ld args[0] -> allow; jeq 41 -> ld #0 -> allow; jeq 42 -> ret a;
 * jeq 43 -> errno; jeq 44 -> jeq x; else allow */
static void c_mixed(struct sct_filter *f)
{
	sct_label allow = sct_label_new(f), l39 = sct_label_new(f), l40 = sct_label_new(f),
		  l41 = sct_label_new(f), l42 = sct_label_new(f), deny = sct_label_new(f),
		  l44 = sct_label_new(f);

	sct_check_arch(f, sct_arch_native()->audit_arch, SECCOMP_RET_KILL_PROCESS);
	sct_ld_nr(f);
	sct_and(f, 0xff);
	sct_jset(f, 0x80, deny, SCT_NEXT);
	sct_jeq(f, 39, l39, SCT_NEXT);
	sct_jeq(f, 40, l40, SCT_NEXT);
	sct_jeq(f, 41, l41, SCT_NEXT);
	sct_jeq(f, 42, l42, SCT_NEXT);
	sct_jeq(f, 43, deny, SCT_NEXT);
	sct_jeq(f, 44, l44, SCT_NEXT);
	sct_ret(f, ALLOW);
	sct_label_here(f, l39);
	sct_ja(f, allow);
	sct_label_here(f, l40);
	sct_ld_arg_lo(f, 0);
	sct_ja(f, allow);
	sct_label_here(f, l41);
	sct_insn(f, BPF_LD | BPF_IMM, 0);
	sct_ja(f, allow);
	sct_label_here(f, l42);
	sct_insn(f, BPF_LD | BPF_IMM, ALLOW);
	sct_ret_a(f);
	sct_label_here(f, l44);
	sct_jx(f, BPF_JEQ, allow, allow);
	sct_label_here(f, deny);
	sct_ret(f, EN(1));
	sct_label_here(f, allow);
	sct_ret(f, ALLOW);
}

FIXTURE(cache) {};
FIXTURE_VARIANT(cache) { uint32_t arch, nr; bool cacheable; };
FIXTURE_SETUP(cache) {}
FIXTURE_TEARDOWN(cache) {}
FIXTURE_VARIANT_ADD(cache, ja_to_allow) { .arch = NATIVE, .nr = 39, .cacheable = true };
FIXTURE_VARIANT_ADD(cache, and_k_folds_high_bits) {
	.arch = NATIVE, .nr = 39 + 0x100, .cacheable = true };
FIXTURE_VARIANT_ADD(cache, fallthrough_allow) { .arch = NATIVE, .nr = 7, .cacheable = true };
FIXTURE_VARIANT_ADD(cache, arg_load_is_not) { .arch = NATIVE, .nr = 40 };
FIXTURE_VARIANT_ADD(cache, ld_imm_is_not) { .arch = NATIVE, .nr = 41 };
FIXTURE_VARIANT_ADD(cache, ret_a_is_not) { .arch = NATIVE, .nr = 42 };
FIXTURE_VARIANT_ADD(cache, errno_is_not) { .arch = NATIVE, .nr = 43 };
FIXTURE_VARIANT_ADD(cache, jset_to_errno_is_not) { .arch = NATIVE, .nr = 0x80 };
FIXTURE_VARIANT_ADD(cache, jmp_x_is_not) { .arch = NATIVE, .nr = 44 };
FIXTURE_VARIANT_ADD(cache, wrong_arch_is_not) { .arch = WRONG, .nr = 39 };

TEST_F(cache, const_allow)
{
	struct sct_filter *f = built(c_mixed);
	uint32_t arch = variant->arch == NATIVE ? sct_arch_native()->audit_arch : variant->arch;
	struct sock_fprog fp;
	struct sct_sim sim;
	char why[160] = "";

	ASSERT_NE(NULL, f);
	ASSERT_EQ(0, load(f, &fp, &sim, why, sizeof(why))) TH_LOG("%s", why);
	EXPECT_EQ(variant->cacheable, sct_sim_const_allow(&sim, arch, variant->nr));
	sct_filter_free(f);
}

/* The bitmap count: of 0..511 under c_mixed, every nr whose low byte is
 * < 0x80 and not 40..44 is cacheable: 2 * (128 - 5) = 246. */
TEST(cache_count)
{
	struct sct_filter *f = built(c_mixed);
	struct sock_fprog fp;
	struct sct_sim sim;
	bool bits[512];
	char why[160];

	ASSERT_NE(NULL, f);
	ASSERT_EQ(0, load(f, &fp, &sim, why, sizeof(why)));
	EXPECT_EQ(246, sct_sim_cacheable(&sim, sct_arch_native()->audit_arch, 512, bits));
	EXPECT_TRUE(bits[39]);
	EXPECT_FALSE(bits[40]);
	sct_filter_free(f);
}

/* The disassembler names fields and labels jump targets. */
TEST(disasm_names_fields_and_labels)
{
	struct sct_filter *f = built(b_arch);
	struct sock_fprog fp;
	char *text = NULL;
	size_t len = 0;
	FILE *mem;

	ASSERT_NE(NULL, f);
	ASSERT_EQ(0, sct_filter_build(f, &fp));
	mem = open_memstream(&text, &len);
	ASSERT_NE(NULL, mem);
	sct_disasm(mem, fp.filter, fp.len, NULL);
	fclose(mem);
	EXPECT_NE(NULL, strstr(text, "ld [arch]"));
	EXPECT_NE(NULL, strstr(text, "jeq #0x27, L6, L5"));
	EXPECT_NE(NULL, strstr(text, "L6:"));
	EXPECT_NE(NULL, strstr(text, "ret ALLOW"));
	EXPECT_NE(NULL, strstr(text, "ret ERRNO(1)")) TH_LOG("%s", text);
	free(text);
	sct_filter_free(f);
}

SCT_SUITE_MAIN("Self-tests of the counting cBPF simulator (lib/sim.c), its cache "
	       "emulation and the disassembler (lib/disasm.c).")
