// SPDX-License-Identifier: GPL-2.0-only
/*
 * validate_test - which programs the kernel accepts as seccomp filters, and
 * whether lib/validator.c (the model) says the same.
 *
 *  - every one of the 65536 opcode values in a minimal program;
 *  - operand edge cases per instruction class (offsets, jump targets,
 *    constant divisors, shift counts, scratch cells, load-before-store);
 *  - program length 0 / 1 / 4096 / 4097 / 65535;
 *  - the per-path instruction limit of a stack of filters (MAX_INSNS_PER_PATH,
 *    4 instructions of overhead per filter, counted in converted eBPF
 *    instructions), at the count the model predicts;
 *  - bad struct sock_fprog pointers.
 *
 * Rules from Linux 6.12 net/core/filter.c (bpf_check_classic,
 * check_load_and_stores) and kernel/seccomp.c (seccomp_prepare_filter,
 * seccomp_check_filter, seccomp_attach_filter). This is the one suite that
 * writes struct sock_filter arrays by hand: the builder (lib/filter.h)
 * refuses to emit most of these programs.
 */
#include <limits.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#include "suite.h"
#include "validator.h"

/* Expected results of an install, as the kernel returns them. */
#define ACCEPTED	0L
#define REJECTED	(-(long)EINVAL)
#define PATH_FULL	(-(long)ENOMEM)
#define BAD_ADDRESS	(-(long)EFAULT)
/* kernel_install() could not run the experiment (fork/mmap failed). */
#define BROKEN		LONG_MIN

#define RET_ALLOW	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define LD_IMM(k)	BPF_STMT(BPF_LD | BPF_IMM, (k))

static const char *result_name(long r, char *buf, size_t len)
{
	if (r == ACCEPTED)
		snprintf(buf, len, "accepted");
	else if (r == BROKEN)
		snprintf(buf, len, "BROKEN (our set-up failed)");
	else
		snprintf(buf, len, "%s", strerrorname_np((int)-r) ?: "unknown errno");
	return buf;
}

/* ---- one install in a fresh child ---------------------------------------- */

struct install_job {
	enum sct_entry entry;
	const struct sock_fprog *prog;	/* passed as is: may be bad on purpose */
};

enum { STAGE_INSTALLED = 1 };

static int install_child(struct sct_report *rep, void *arg)
{
	const struct install_job *job = arg;

	if (sct_set_nnp())
		return sct_report_broken(rep, "prctl(PR_SET_NO_NEW_PRIVS)");
	rep->ret = sct_install_via(job->entry, job->prog, 0);
	rep->stage = STAGE_INSTALLED;
	/* An accepted filter may deny exit_group: the report is already written. */
	return 0;
}

/* What installing prog in a fresh child returns: 0, -errno, or BROKEN. */
static long kernel_install(enum sct_entry entry, const struct sock_fprog *prog)
{
	struct install_job job = { entry, prog };
	struct sct_outcome out;

	if (sct_run_child(install_child, &job, 0, &out) || out.rep.stage != STAGE_INSTALLED)
		return BROKEN;
	return out.rep.ret;
}

/* Kernel and model must both give `want` for this program. */
#define ASSERT_VERDICTS(insns, len, want) do {				\
	struct sock_fprog _p = { (unsigned short)(len), (struct sock_filter *)(insns) }; \
	char _why[160], _b1[48], _b2[48];				\
	long _model = sct_validate((insns), (len), _why, sizeof(_why));	\
	long _kern = kernel_install(SCT_ENTRY_SECCOMP, &_p);		\
	ASSERT_NE(BROKEN, _kern);					\
	EXPECT_EQ((want), _model) {					\
		TH_LOG("model: %s (%s), expected %s", result_name(_model, _b1, sizeof(_b1)), \
		       _why[0] ? _why : "no reason", result_name((want), _b2, sizeof(_b2))); \
	}								\
	EXPECT_EQ((want), _kern) {					\
		TH_LOG("kernel: %s, expected %s", result_name(_kern, _b1, sizeof(_b1)), \
		       result_name((want), _b2, sizeof(_b2)));		\
	}								\
} while (0)

/* ---- all 65536 opcode values ---------------------------------------------- */

/*
 * The candidate sits at pc 3 of
 *	ld #ALLOW; ldx #1; st M[0]; <candidate>; ret #ALLOW
 * so that every operand is in range and every accepted program returns
 * ALLOW whatever the candidate does: RET A returns ALLOW, LD/LDX M[0] reads a
 * written cell, DIV/MOD X divide by 1 (a zero X would make the converted
 * program return 0 = KILL_THREAD), jumps (jt = jf = k = 0) fall through.
 * The child therefore keeps running with every accepted filter stacked.
 */
#define MATRIX_LEN	5
#define MATRIX_CODES	65536
/* A child stops after this long and the parent starts the next one from
 * where it stopped, so a slow machine (qemu TCG) never meets the child
 * timeout, which is left to catch a real hang. */
#define MATRIX_CHILD_BUDGET_MS	2000
#define MATRIX_CHILD_TIMEOUT_MS	10000
#define MATRIX_TIMEOUT_S	150	/* the whole matrix: 65536 installs on an emulated CPU */

static uint32_t matrix_operand(uint16_t code)
{
	if (BPF_CLASS(code) == BPF_RET)
		return SECCOMP_RET_ALLOW;
	if (BPF_CLASS(code) == BPF_ALU && (BPF_OP(code) == BPF_DIV || BPF_OP(code) == BPF_MOD))
		return 1;
	return 0;
}

static void matrix_prog(uint16_t code, struct sock_filter *p)
{
	p[0] = (struct sock_filter)LD_IMM(SECCOMP_RET_ALLOW);
	p[1] = (struct sock_filter)BPF_STMT(BPF_LDX | BPF_IMM, 1);
	p[2] = (struct sock_filter)BPF_STMT(BPF_ST, 0);
	p[3] = (struct sock_filter)BPF_JUMP(code, matrix_operand(code), 0, 0);
	p[4] = (struct sock_filter)RET_ALLOW;
}

enum matrix_mark { M_UNTRIED, M_ACCEPTED, M_EINVAL, M_OTHER };

struct matrix_job {
	uint8_t *mark;		/* MAP_SHARED, MATRIX_CODES entries */
	uint32_t next;		/* first code this child tries */
};

struct validate_report {
	long other_errno;
	long other_code;
};

static long long monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Try codes from job->next on, until done, the next accepted filter could
 * overflow the per-path limit or the time budget is spent; the parent then
 * starts a new child. */
static int matrix_child(struct sct_report *rep, void *arg)
{
	const struct matrix_job *job = arg;
	struct sock_filter p[MATRIX_LEN];
	struct sock_fprog prog = { MATRIX_LEN, p };
	size_t path = 0;	/* sum of (len + 4) of the filters installed */
	long long stop = monotonic_ms() + MATRIX_CHILD_BUDGET_MS;

	if (sct_set_nnp())
		return sct_report_broken(rep, "prctl(PR_SET_NO_NEW_PRIVS)");
	for (uint32_t c = job->next; c < MATRIX_CODES; c++) {
		long r;

		if (path + MATRIX_LEN > SCT_MAX_INSNS_PER_PATH)
			break;
		if (c > job->next && c % 256 == 0 && monotonic_ms() > stop)
			break;
		matrix_prog((uint16_t)c, p);
		r = sct_install(&prog, 0);
		if (r == 0) {
			job->mark[c] = M_ACCEPTED;
			path += MATRIX_LEN + SCT_PATH_OVERHEAD;
		} else if (r == -EINVAL) {
			job->mark[c] = M_EINVAL;
		} else {
			job->mark[c] = M_OTHER;
			SCT_REPORT(rep, struct validate_report)->other_errno = -r;
			SCT_REPORT(rep, struct validate_report)->other_code = c;
		}
	}
	return 0;
}

/* A fixture only for the harness timeout, longer than the default 30 s. */
FIXTURE(opcode_matrix) {};
FIXTURE_SETUP(opcode_matrix) {}
FIXTURE_TEARDOWN(opcode_matrix) {}

TEST_F_TIMEOUT(opcode_matrix, every_opcode_kernel_matches_model, MATRIX_TIMEOUT_S)
{
	struct sock_filter p[MATRIX_LEN];
	struct matrix_job job = { 0 };
	unsigned int children = 0, accepted = 0, disagree = 0, tried = 0;
	char names[1024] = "", nb[32], why[160];

	job.mark = mmap(NULL, MATRIX_CODES, PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, job.mark) TH_LOG("BROKEN: mmap: %m");
	while (job.next < MATRIX_CODES) {
		struct sct_outcome out;
		char ob[256];
		uint32_t from = job.next;

		ASSERT_EQ(0, sct_run_child(matrix_child, &job, MATRIX_CHILD_TIMEOUT_MS, &out))
			TH_LOG("BROKEN: fork failed");
		children++;
		ASSERT_FALSE(out.rep.broken[0])
			TH_LOG("%s", sct_outcome_str(&out, ob, sizeof(ob)));
		while (job.next < MATRIX_CODES && job.mark[job.next] != M_UNTRIED)
			job.next++;
		/* A child that died after an accepted install: name the code. */
		EXPECT_TRUE(out.end == SCT_END_EXITED && out.code == 0)
			TH_LOG("child %s after opcode 0x%04x", sct_outcome_str(&out, ob, sizeof(ob)),
			       job.next ? job.next - 1 : 0);
		ASSERT_GT(job.next, from) TH_LOG("no progress at opcode 0x%04x", from);
		if (SCT_REPORT(&out.rep, struct validate_report)->other_errno)
			TH_LOG("opcode 0x%04x: unexpected %s",
			       (unsigned int)SCT_REPORT(&out.rep, struct validate_report)->other_code,
			       strerrorname_np((int)SCT_REPORT(&out.rep, struct validate_report)->other_errno));
	}

	for (uint32_t c = 0; c < MATRIX_CODES; c++) {
		bool kernel_ok = job.mark[c] == M_ACCEPTED, model_ok;

		tried += job.mark[c] != M_UNTRIED;
		matrix_prog((uint16_t)c, p);
		model_ok = sct_validate(p, MATRIX_LEN, why, sizeof(why)) == 0;
		sct_opcode_name((uint16_t)c, nb, sizeof(nb));
		if (kernel_ok) {
			accepted++;
			snprintf(names + strlen(names), sizeof(names) - strlen(names),
				 "%s%s", accepted > 1 ? ", " : "", nb);
		}
		if (kernel_ok != model_ok || job.mark[c] == M_OTHER) {
			disagree++;
			TH_LOG("opcode 0x%04x (%s): kernel %s, model %s%s", c, nb,
			       kernel_ok ? "accepts" : job.mark[c] == M_EINVAL ? "EINVAL" : "other error",
			       model_ok ? "accepts" : "rejects: ", model_ok ? "" : why);
		}
	}
	ksft_print_msg("opcode matrix: %u codes tried in %u children, %u accepted, %u disagreements\n",
		       tried, children, accepted, disagree);
	ksft_print_msg("accepted: %s\n", names);
	munmap(job.mark, MATRIX_CODES);
	EXPECT_EQ(MATRIX_CODES, tried);
	EXPECT_EQ(0, disagree);
}

/* ---- operand edge cases ---------------------------------------------------- */

#define MAX_CASE_LEN 8

FIXTURE(operand) {};
FIXTURE_VARIANT(operand) {
	struct sock_filter insns[MAX_CASE_LEN];
	unsigned int len;
	long want;
};
FIXTURE_SETUP(operand) {}
FIXTURE_TEARDOWN(operand) {}

#define LD_ABS(k)	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (k))
#define ALU_K(op, k)	BPF_STMT(BPF_ALU | (op) | BPF_K, (k))
#define JEQ(jt, jf)	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, (jt), (jf))

/* LD|W|ABS: k < sizeof(struct seccomp_data) and k % 4 == 0 (seccomp_check_filter) */
FIXTURE_VARIANT_ADD(operand, ld_abs_0_nr) {
	.insns = { LD_ABS(0), RET_ALLOW }, .len = 2, .want = ACCEPTED };
FIXTURE_VARIANT_ADD(operand, ld_abs_4_arch) {
	.insns = { LD_ABS(4), RET_ALLOW }, .len = 2, .want = ACCEPTED };
FIXTURE_VARIANT_ADD(operand, ld_abs_60_last_word) {
	.insns = { LD_ABS(60), RET_ALLOW }, .len = 2, .want = ACCEPTED };
FIXTURE_VARIANT_ADD(operand, ld_abs_2_misaligned) {
	.insns = { LD_ABS(2), RET_ALLOW }, .len = 2, .want = REJECTED };
FIXTURE_VARIANT_ADD(operand, ld_abs_62_misaligned) {
	.insns = { LD_ABS(62), RET_ALLOW }, .len = 2, .want = REJECTED };
FIXTURE_VARIANT_ADD(operand, ld_abs_64_out_of_range) {
	.insns = { LD_ABS(64), RET_ALLOW }, .len = 2, .want = REJECTED };
FIXTURE_VARIANT_ADD(operand, ld_abs_0xfffffffc_out_of_range) {
	.insns = { LD_ABS(0xfffffffcU), RET_ALLOW }, .len = 2, .want = REJECTED };
/* a known socket-filter ancillary offset passes bpf_check_classic, then
 * fails seccomp's k < 64 */
FIXTURE_VARIANT_ADD(operand, ld_abs_ancillary_cpu) {
	.insns = { LD_ABS((uint32_t)(SKF_AD_OFF + SKF_AD_CPU)), RET_ALLOW }, .len = 2,
	.want = REJECTED };
FIXTURE_VARIANT_ADD(operand, ldh_abs_0_not_seccomp) {
	.insns = { BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 0), RET_ALLOW }, .len = 2, .want = REJECTED };
FIXTURE_VARIANT_ADD(operand, ld_ind_not_seccomp) {
	.insns = { BPF_STMT(BPF_LD | BPF_W | BPF_IND, 0), RET_ALLOW }, .len = 2, .want = REJECTED };
FIXTURE_VARIANT_ADD(operand, ldx_msh_not_seccomp) {
	.insns = { BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0), RET_ALLOW }, .len = 2, .want = REJECTED,
};
/* LD/LDX W LEN: rewritten to IMM 64 */
FIXTURE_VARIANT_ADD(operand, ld_len) {
	.insns = { BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0), RET_ALLOW }, .len = 2, .want = ACCEPTED };
FIXTURE_VARIANT_ADD(operand, ldx_len) {
	.insns = { BPF_STMT(BPF_LDX | BPF_W | BPF_LEN, 0), RET_ALLOW }, .len = 2, .want = ACCEPTED,
};

/* jumps: the target pc + 1 + offset must be inside the program */
FIXTURE_VARIANT_ADD(operand, ja_to_last) {
	.insns = { BPF_STMT(BPF_JMP | BPF_JA, 1), LD_IMM(0), RET_ALLOW }, .len = 3,
	.want = ACCEPTED };
FIXTURE_VARIANT_ADD(operand, ja_past_end) {
	.insns = { BPF_STMT(BPF_JMP | BPF_JA, 2), LD_IMM(0), RET_ALLOW }, .len = 3,
	.want = REJECTED };
FIXTURE_VARIANT_ADD(operand, ja_k_max) {
	.insns = { BPF_STMT(BPF_JMP | BPF_JA, 0xffffffffU), RET_ALLOW }, .len = 2, .want = REJECTED,
};
FIXTURE_VARIANT_ADD(operand, jeq_both_to_last) {
	.insns = { JEQ(1, 1), LD_IMM(0), RET_ALLOW }, .len = 3, .want = ACCEPTED };
FIXTURE_VARIANT_ADD(operand, jeq_jt_past_end) {
	.insns = { JEQ(2, 0), LD_IMM(0), RET_ALLOW }, .len = 3, .want = REJECTED };
FIXTURE_VARIANT_ADD(operand, jeq_jf_past_end) {
	.insns = { JEQ(0, 2), LD_IMM(0), RET_ALLOW }, .len = 3, .want = REJECTED };
FIXTURE_VARIANT_ADD(operand, jset_x_jt_255) {
	.insns = { BPF_JUMP(BPF_JMP | BPF_JSET | BPF_X, 0, 255, 0), RET_ALLOW }, .len = 2,
	.want = REJECTED };
/* a jump as the last instruction: the program must end in RET */
FIXTURE_VARIANT_ADD(operand, jeq_last) {
	.insns = { RET_ALLOW, JEQ(0, 0) }, .len = 2, .want = REJECTED };
FIXTURE_VARIANT_ADD(operand, ends_in_ld) { .insns = { LD_IMM(0) }, .len = 1, .want = REJECTED };
FIXTURE_VARIANT_ADD(operand, ends_in_alu) {
	.insns = { RET_ALLOW, ALU_K(BPF_ADD, 1) }, .len = 2, .want = REJECTED };

/* ALU: constant divisor 0 and shifts >= 32 refused (bpf_check_classic);
 * MOD refused by seccomp_check_filter even with a good divisor */
FIXTURE_VARIANT_ADD(operand, div_k_0) {
	.insns = { ALU_K(BPF_DIV, 0), RET_ALLOW }, .len = 2, .want = REJECTED };
FIXTURE_VARIANT_ADD(operand, div_k_1) {
	.insns = { ALU_K(BPF_DIV, 1), RET_ALLOW }, .len = 2, .want = ACCEPTED };
/* X is only known at run time: accepted (X == 0 then returns 0) */
FIXTURE_VARIANT_ADD(operand, div_x) {
	.insns = { BPF_STMT(BPF_LDX | BPF_IMM, 1), BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0), RET_ALLOW },
	.len = 3, .want = ACCEPTED };
FIXTURE_VARIANT_ADD(operand, mod_k_0) {
	.insns = { ALU_K(BPF_MOD, 0), RET_ALLOW }, .len = 2, .want = REJECTED };
FIXTURE_VARIANT_ADD(operand, mod_k_3) {
	.insns = { ALU_K(BPF_MOD, 3), RET_ALLOW }, .len = 2, .want = REJECTED };
FIXTURE_VARIANT_ADD(operand, mod_x) {
	.insns = { BPF_STMT(BPF_ALU | BPF_MOD | BPF_X, 0), RET_ALLOW }, .len = 2, .want = REJECTED,
};
FIXTURE_VARIANT_ADD(operand, xor_k) {
	.insns = { ALU_K(BPF_XOR, 5), RET_ALLOW }, .len = 2, .want = ACCEPTED };
FIXTURE_VARIANT_ADD(operand, lsh_k_31) {
	.insns = { ALU_K(BPF_LSH, 31), RET_ALLOW }, .len = 2, .want = ACCEPTED };
FIXTURE_VARIANT_ADD(operand, lsh_k_32) {
	.insns = { ALU_K(BPF_LSH, 32), RET_ALLOW }, .len = 2, .want = REJECTED };
FIXTURE_VARIANT_ADD(operand, rsh_k_32) {
	.insns = { ALU_K(BPF_RSH, 32), RET_ALLOW }, .len = 2, .want = REJECTED };
FIXTURE_VARIANT_ADD(operand, neg_x_bit_unknown) {
	.insns = { BPF_STMT(BPF_ALU | BPF_NEG | BPF_X, 0), RET_ALLOW }, .len = 2, .want = REJECTED,
};

/* RET: A, K; RET X does not exist. Actions are not validated. */
FIXTURE_VARIANT_ADD(operand, ret_a) {
	.insns = { LD_IMM(SECCOMP_RET_ALLOW), BPF_STMT(BPF_RET | BPF_A, 0) }, .len = 2,
	.want = ACCEPTED };
FIXTURE_VARIANT_ADD(operand, ret_x_unknown) {
	.insns = { BPF_STMT(BPF_RET | BPF_X, 0) }, .len = 1, .want = REJECTED };
FIXTURE_VARIANT_ADD(operand, ret_unknown_action_accepted) {
	.insns = { BPF_STMT(BPF_RET | BPF_K, 0x00010000U) }, .len = 1, .want = ACCEPTED };

/* scratch memory: cells 0..15 (BPF_MEMWORDS) */
FIXTURE_VARIANT_ADD(operand, st_m15_then_ld_m15) {
	.insns = { BPF_STMT(BPF_ST, 15), BPF_STMT(BPF_LD | BPF_MEM, 15), RET_ALLOW }, .len = 3,
	.want = ACCEPTED };
FIXTURE_VARIANT_ADD(operand, st_m16) {
	.insns = { BPF_STMT(BPF_ST, 16), RET_ALLOW }, .len = 2, .want = REJECTED };
FIXTURE_VARIANT_ADD(operand, stx_m16) {
	.insns = { BPF_STMT(BPF_STX, 16), RET_ALLOW }, .len = 2, .want = REJECTED };
FIXTURE_VARIANT_ADD(operand, ld_m16) {
	.insns = { BPF_STMT(BPF_ST, 0), BPF_STMT(BPF_LD | BPF_MEM, 16), RET_ALLOW }, .len = 3,
	.want = REJECTED };
FIXTURE_VARIANT_ADD(operand, stx_then_ldx_m7) {
	.insns = { BPF_STMT(BPF_STX, 7), BPF_STMT(BPF_LDX | BPF_MEM, 7), RET_ALLOW }, .len = 3,
	.want = ACCEPTED };
/* check_load_and_stores: a read needs a write on every path before it */
FIXTURE_VARIANT_ADD(operand, ld_mem_before_any_st) {
	.insns = { BPF_STMT(BPF_LD | BPF_MEM, 0), RET_ALLOW }, .len = 2, .want = REJECTED };
FIXTURE_VARIANT_ADD(operand, ld_mem_other_cell_written) {
	.insns = { BPF_STMT(BPF_ST, 1), BPF_STMT(BPF_LD | BPF_MEM, 0), RET_ALLOW }, .len = 3,
	.want = REJECTED };
FIXTURE_VARIANT_ADD(operand, ld_mem_written_on_one_branch) {
	.insns = { JEQ(0, 1), BPF_STMT(BPF_ST, 0), BPF_STMT(BPF_LD | BPF_MEM, 0), RET_ALLOW },
	.len = 4, .want = REJECTED };
FIXTURE_VARIANT_ADD(operand, ld_mem_written_on_both_branches) {
	.insns = { JEQ(0, 2), BPF_STMT(BPF_ST, 0), BPF_STMT(BPF_JMP | BPF_JA, 1), BPF_STMT(BPF_ST, 0),
		BPF_STMT(BPF_LD | BPF_MEM, 0), RET_ALLOW },
	.len = 6, .want = ACCEPTED };
/* The pass does not reset its state after RET: unreachable code after a
 * RET counts the writes before it (accepted), and unreachable code is still
 * checked (a read there with no write before it is refused). */
FIXTURE_VARIANT_ADD(operand, dead_ld_mem_after_ret_inherits_st) {
	.insns = { BPF_STMT(BPF_ST, 0), RET_ALLOW, BPF_STMT(BPF_LD | BPF_MEM, 0), RET_ALLOW },
	.len = 4, .want = ACCEPTED };
FIXTURE_VARIANT_ADD(operand, dead_ld_mem_after_ret_without_st) {
	.insns = { RET_ALLOW, BPF_STMT(BPF_LD | BPF_MEM, 0), RET_ALLOW }, .len = 3,
	.want = REJECTED };

FIXTURE_VARIANT_ADD(operand, opcode_0xffff) {
	.insns = { BPF_STMT(0xffff, 0), RET_ALLOW }, .len = 2, .want = REJECTED };

TEST_F(operand, kernel_and_model)
{
	ASSERT_VERDICTS(variant->insns, variant->len, variant->want);
}

/* ---- program length --------------------------------------------------------- */

/*
 * A program of length L is the last L instructions of `ramp`: LD #0 ...
 * then RET ALLOW. One array serves every length up to USHRT_MAX, the
 * largest sock_fprog.len can hold.
 */
static const struct sock_filter *ramp(unsigned int len)
{
	static struct sock_filter *r;

	if (!r) {
		r = calloc(USHRT_MAX, sizeof(*r));
		if (!r)
			return NULL;
		for (unsigned int i = 0; i < USHRT_MAX - 1; i++)
			r[i] = (struct sock_filter)LD_IMM(0);
		r[USHRT_MAX - 1] = (struct sock_filter)RET_ALLOW;
	}
	return r + USHRT_MAX - len;
}

FIXTURE(length) {};
FIXTURE_VARIANT(length) { unsigned int len; long want; };
FIXTURE_SETUP(length) {}
FIXTURE_TEARDOWN(length) {}
FIXTURE_VARIANT_ADD(length, len_0) { .want = REJECTED };
FIXTURE_VARIANT_ADD(length, len_1) { .len = 1, .want = ACCEPTED };
FIXTURE_VARIANT_ADD(length, len_4095) { .len = 4095, .want = ACCEPTED };
FIXTURE_VARIANT_ADD(length, len_4096_bpf_maxinsns) { .len = SCT_MAX_INSNS, .want = ACCEPTED };
FIXTURE_VARIANT_ADD(length, len_4097) { .len = SCT_MAX_INSNS + 1, .want = REJECTED };
FIXTURE_VARIANT_ADD(length, len_65535) { .len = USHRT_MAX, .want = REJECTED };

TEST_F(length, kernel_and_model)
{
	const struct sock_filter *insns = ramp(variant->len);

	ASSERT_NE(NULL, insns) TH_LOG("BROKEN: calloc");
	ASSERT_VERDICTS(insns, variant->len, variant->want);
}

/* ---- per-path instruction limit ------------------------------------------- */

/*
 * seccomp_attach_filter refuses a new filter with ENOMEM when
 *	new->prog->len + sum over installed filters of (prog->len + 4)
 * exceeds MAX_INSNS_PER_PATH (32768). prog->len is the length after
 * bpf_convert_filter turned the classic program into eBPF, not the classic
 * length: a 1-instruction RET K filter counts 5 (3 prologue + 2), a ramp of
 * L instructions (L - 1 times LD #0, then RET K) counts L + 4. The
 * predictions below use the model's sct_converted_len(); the classic count
 * is printed next to it to show how far off it would be.
 *
 * Constant blinding (net.core.bpf_jit_harden = 2, or 1 without CAP_BPF)
 * makes the JIT keep a longer, blinded program: predictions assume none.
 */
enum prog_kind {
	RAMP,	/* LD #0 ... RET ALLOW: L + 4 */
	JUMPY,	/* (JEQ #0x80000000, jt = jf = 1; LD #0) pairs: 4 per pair */
	DIVX,	/* LDX #1; DIV X ...; RET ALLOW: 5 per DIV X */
};

/* A program of `kind` and classic length len (2..4096; RAMP from 1). */
static const struct sock_filter *shaped(enum prog_kind kind, unsigned int len)
{
	static struct sock_filter buf[SCT_MAX_INSNS];

	if (kind == RAMP)
		return ramp(len);
	for (unsigned int i = 0; i + 1 < len; i++) {
		if (kind == DIVX)
			buf[i] = (struct sock_filter)BPF_STMT(i ? BPF_ALU | BPF_DIV | BPF_X :
							      BPF_LDX | BPF_IMM, 1);
		else if (i % 2 == 0 && i + 2 <= len - 1)
			buf[i] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
							      0x80000000U, 1, 1);
		else
			buf[i] = (struct sock_filter)LD_IMM(0);
	}
	buf[len - 1] = (struct sock_filter)RET_ALLOW;
	return buf;
}

/* What one filter adds to the path, by the model. */
static long path_cost(enum prog_kind kind, unsigned int len)
{
	return (long)sct_converted_len(shaped(kind, len), len) + SCT_PATH_OVERHEAD;
}

#define MAX_PREFIX 4

FIXTURE(path) {};
FIXTURE_VARIANT(path) {
	unsigned int prefix[MAX_PREFIX];	/* RAMP lengths */
	size_t nprefix;
	enum prog_kind kind;			/* then this shape ... */
	unsigned int len;			/* ... of this length, until refused */
	const char *shape;
};
FIXTURE_SETUP(path) {}
FIXTURE_TEARDOWN(path) {}
/* REFERENCE.md's figure: after one 1-insn filter, 7 of 4096 fit */
FIXTURE_VARIANT_ADD(path, one_insn_then_4096s) {
	.prefix = { 1 }, .nprefix = 1, .kind = RAMP, .len = 4096, .shape = "1 + 4096*k" };
FIXTURE_VARIANT_ADD(path, only_4096s) { .kind = RAMP, .len = 4096, .shape = "4096*k" };
/* classic counting would predict 6554 here */
FIXTURE_VARIANT_ADD(path, only_1s) { .kind = RAMP, .len = 1, .shape = "1*k" };
FIXTURE_VARIANT_ADD(path, only_2048s) { .kind = RAMP, .len = 2048, .shape = "2048*k" };
FIXTURE_VARIANT_ADD(path, mixed_prefix_then_1000s) {
	.prefix = { 100, 4000, 7, 4096 }, .nprefix = 4, .kind = RAMP, .len = 1000,
	.shape = "100 + 4000 + 7 + 4096 + 1000*k" };
/* jumps on a "negative" K with two targets count 3 each: 2 fit, not 7 */
FIXTURE_VARIANT_ADD(path, jumpy_4096s) { .kind = JUMPY, .len = 4096, .shape = "jumpy 4096*k" };
/* DIV X counts 5 (the divide-by-zero guard) */
FIXTURE_VARIANT_ADD(path, divx_2000s) { .kind = DIVX, .len = 2000, .shape = "div-x 2000*k" };

struct validate_path_report {
	long prefix_err;
	long repeats;
	long refused;
	long fill_plus_1;
	long fill;
	long after_full;
};

struct path_job {
	const FIXTURE_VARIANT(path) *v;
	unsigned int fill;	/* RAMP length that fills the room left; 0: none */
};

static long install_shaped(enum prog_kind kind, unsigned int len)
{
	struct sock_fprog prog = { (unsigned short)len, (struct sock_filter *)shaped(kind, len) };

	return sct_install(&prog, 0);
}

/*
 * In the child: the prefix, then repeats until refused; then, when the
 * parent found a ramp that fills the room left exactly, one longer than
 * that (refused), that one (accepted) and a 1-insn filter (refused).
 */
static int path_child(struct sct_report *rep, void *arg)
{
	struct validate_path_report *res = SCT_REPORT(rep, struct validate_path_report);
	const struct path_job *job = arg;
	const FIXTURE_VARIANT(path) *v = job->v;
	long r;

	if (sct_set_nnp())
		return sct_report_broken(rep, "prctl(PR_SET_NO_NEW_PRIVS)");
	for (size_t i = 0; i < v->nprefix; i++) {
		r = install_shaped(RAMP, v->prefix[i]);
		if (r) {
			res->prefix_err = r;
			return 1;
		}
	}
	while ((r = install_shaped(v->kind, v->len)) == 0)
		res->repeats++;
	res->refused = r;
	if (job->fill) {
		res->fill_plus_1 = install_shaped(RAMP, job->fill + 1);
		res->fill = install_shaped(RAMP, job->fill);
		res->after_full = install_shaped(RAMP, 1);
	}
	rep->stage = STAGE_INSTALLED;
	return 0;
}

static bool blinding_possible(void)
{
	FILE *f = fopen("/proc/sys/net/core/bpf_jit_harden", "r");
	int harden = 0;

	if (f) {
		if (fscanf(f, "%d", &harden) != 1)
			harden = 0;
		fclose(f);
	}
	return harden == 2 || (harden == 1 && !sct_have_cap(CAP_BPF));
}

TEST_F(path, limit_at_predicted_count)
{
	struct path_job job = { variant, 0 };
	long room = SCT_MAX_INSNS_PER_PATH, classic_room = SCT_MAX_INSNS_PER_PATH;
	long want = 0, classic_want = 0, cost, ramp_extra;
	struct sct_outcome out;
	const struct validate_path_report *r = SCT_REPORT(&out.rep, struct validate_path_report);
	char ob[256];

	if (blinding_possible())
		SKIP(return, "net.core.bpf_jit_harden blinds constants: converted lengths unknown");
	ASSERT_NE(NULL, ramp(1)) TH_LOG("BROKEN: calloc");
	for (size_t i = 0; i < variant->nprefix; i++) {
		room -= path_cost(RAMP, variant->prefix[i]);
		classic_room -= variant->prefix[i] + SCT_PATH_OVERHEAD;
	}
	cost = path_cost(variant->kind, variant->len);
	for (; cost - SCT_PATH_OVERHEAD <= room; want++)
		room -= cost;
	for (; (long)variant->len <= classic_room; classic_want++)
		classic_room -= variant->len + SCT_PATH_OVERHEAD;
	/* a ramp of L counts L + ramp_extra: fill the room exactly if we can */
	ramp_extra = path_cost(RAMP, 1) - SCT_PATH_OVERHEAD - 1;
	if (room - ramp_extra >= 1 && room - ramp_extra < SCT_MAX_INSNS)
		job.fill = room - ramp_extra;

	ASSERT_EQ(0, sct_run_child(path_child, &job, 10000, &out)) TH_LOG("BROKEN: fork");
	ASSERT_EQ(STAGE_INSTALLED, out.rep.stage)
		TH_LOG("child %s, prefix install: %ld", sct_outcome_str(&out, ob, sizeof(ob)),
		       r->prefix_err);
	ksft_print_msg("path %s: %ld fit (predicted %ld from eBPF length %ld; classic count would say %ld), room left %ld\n",
		       variant->shape, r->repeats, want, cost - SCT_PATH_OVERHEAD,
		       classic_want, room);
	EXPECT_EQ(want, r->repeats);
	EXPECT_EQ(PATH_FULL, r->refused);
	if (job.fill) {
		EXPECT_EQ(PATH_FULL, r->fill_plus_1) TH_LOG("ramp of %u", job.fill + 1);
		EXPECT_EQ(ACCEPTED, r->fill) TH_LOG("ramp of %u", job.fill);
		EXPECT_EQ(PATH_FULL, r->after_full);
	}
}

/* ---- bad struct sock_fprog pointers ----------------------------------------- */

enum bad_ptr {
	NULL_PROG,		/* args == NULL */
	UNMAPPED_PROG,		/* args points at an unmapped page */
	NULL_FILTER,		/* prog->filter == NULL, len 1 */
	NULL_FILTER_LEN_0,	/* prog->filter == NULL, len 0 */
	UNMAPPED_FILTER,	/* prog->filter at an unmapped page */
	FILTER_TAIL_UNMAPPED,	/* the last instruction crosses into an unmapped page */
};

FIXTURE(pointer) {};
FIXTURE_VARIANT(pointer) { enum bad_ptr what; enum sct_entry entry; long want; };
FIXTURE_SETUP(pointer) {}
FIXTURE_TEARDOWN(pointer) {}
/* seccomp_prepare_user_filter: copy_from_user of the sock_fprog */
FIXTURE_VARIANT_ADD(pointer, null_prog_seccomp) {
	.what = NULL_PROG, .entry = SCT_ENTRY_SECCOMP, .want = BAD_ADDRESS };
FIXTURE_VARIANT_ADD(pointer, null_prog_prctl) {
	.what = NULL_PROG, .entry = SCT_ENTRY_PRCTL, .want = BAD_ADDRESS };
FIXTURE_VARIANT_ADD(pointer, unmapped_prog_seccomp) {
	.what = UNMAPPED_PROG, .entry = SCT_ENTRY_SECCOMP, .want = BAD_ADDRESS };
/* bpf_prog_create_from_user -> bpf_check_basics_ok: filter == NULL is
 * EINVAL, not EFAULT (checked before any copy) */
FIXTURE_VARIANT_ADD(pointer, null_filter_len_1_einval) {
	.what = NULL_FILTER, .entry = SCT_ENTRY_SECCOMP, .want = REJECTED };
FIXTURE_VARIANT_ADD(pointer, null_filter_len_0_einval) {
	.what = NULL_FILTER_LEN_0, .entry = SCT_ENTRY_SECCOMP, .want = REJECTED };
/* copy_from_user of the instructions */
FIXTURE_VARIANT_ADD(pointer, unmapped_filter_seccomp) {
	.what = UNMAPPED_FILTER, .entry = SCT_ENTRY_SECCOMP, .want = BAD_ADDRESS };
FIXTURE_VARIANT_ADD(pointer, unmapped_filter_prctl) {
	.what = UNMAPPED_FILTER, .entry = SCT_ENTRY_PRCTL, .want = BAD_ADDRESS };
FIXTURE_VARIANT_ADD(pointer, filter_tail_unmapped) {
	.what = FILTER_TAIL_UNMAPPED, .entry = SCT_ENTRY_SECCOMP, .want = BAD_ADDRESS };

TEST_F(pointer, install_fails)
{
	long page = sysconf(_SC_PAGESIZE);
	struct sock_fprog prog = { 1, NULL };
	const struct sock_fprog *arg = &prog;
	char *map, b1[48], b2[48];
	long got;

	/* two pages, the second inaccessible: a hole right after valid memory
	 * (PROT_NONE rather than munmap, so no later mmap can fill the hole) */
	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, map) TH_LOG("BROKEN: mmap: %m");
	ASSERT_EQ(0, mprotect(map + page, page, PROT_NONE)) TH_LOG("BROKEN: mprotect: %m");
	switch (variant->what) {
	case NULL_PROG:
		arg = NULL;
		break;
	case UNMAPPED_PROG:
		arg = (const struct sock_fprog *)(map + page);
		break;
	case NULL_FILTER:
		break;
	case NULL_FILTER_LEN_0:
		prog.len = 0;
		break;
	case UNMAPPED_FILTER:
		prog.filter = (struct sock_filter *)(map + page);
		break;
	case FILTER_TAIL_UNMAPPED:
		/* two instructions, the second one in the hole */
		prog.len = 2;
		prog.filter = (struct sock_filter *)(map + page) - 1;
		*prog.filter = (struct sock_filter)RET_ALLOW;
		break;
	}
	got = kernel_install(variant->entry, arg);
	ASSERT_NE(BROKEN, got);
	EXPECT_EQ(variant->want, got)
		TH_LOG("%s: %s, expected %s", sct_entry_name(variant->entry),
		       result_name(got, b1, sizeof(b1)), result_name(variant->want, b2, sizeof(b2)));
	/* the model sees NULL instructions the same way */
	if (variant->what == NULL_FILTER || variant->what == NULL_FILTER_LEN_0)
		EXPECT_EQ(REJECTED, sct_validate(NULL, prog.len, NULL, 0));
	munmap(map, 2 * page);
}

SCT_SUITE_MAIN("Which programs the kernel accepts as seccomp filters, compared with "
	       "lib/validator.c: all 65536 opcodes, operand edge cases, length and "
	       "per-path limits, bad sock_fprog pointers.")
