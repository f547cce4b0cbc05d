// SPDX-License-Identifier: GPL-2.0-only
/*
 * validator.c - the kernel's acceptance rules for seccomp filters, modelled
 * in userspace (see validator.h).
 *
 * Read in Linux 6.12: net/core/filter.c (bpf_check_basics_ok,
 * chk_code_allowed, bpf_check_classic, check_load_and_stores,
 * bpf_prepare_filter) and kernel/seccomp.c (seccomp_prepare_filter,
 * seccomp_check_filter). For 6.18: seccomp_check_filter and
 * seccomp_prepare_filter read identical in a v6.18.38 quotation; the
 * classic rules were confirmed on a running 6.18 kernel by
 * suites/validate_test (all 65536 opcodes and the operand edge cases agree
 * with this model). The kernel runs the checks in this order and
 * every failure is -EINVAL, so the order only decides which reason we
 * report first:
 *
 *   seccomp_prepare_filter: len == 0 || len > BPF_MAXINSNS
 *   bpf_check_basics_ok:    filter == NULL (also len again)
 *   bpf_check_classic:      per instruction, first to last:
 *                             opcode in the classic table,
 *                             DIV|MOD K with k == 0,
 *                             LSH|RSH K with k >= 32,
 *                             LD/LDX MEM, ST, STX with k >= BPF_MEMWORDS,
 *                             JA with k >= len - pc - 1,
 *                             Jcond with pc + 1 + jt/jf >= len,
 *                             LD W/H/B ABS with k >= SKF_AD_OFF (as u32)
 *                               unless it names a known ancillary field;
 *                           then the last instruction must be RET K/A,
 *                           then check_load_and_stores
 *   seccomp_check_filter:   per instruction: the seccomp opcode subset,
 *                           LD|W|ABS with k >= 64 or k & 3
 *
 * sct_converted_len follows bpf_convert_filter (6.12), the length that
 * seccomp_attach_filter's MAX_INSNS_PER_PATH check adds up: prog->len of
 * the converted program, not the classic length.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "errmsg.h"
#include "validator.h"

/* Where an opcode is allowed. */
enum op_scope {
	OP_CLASSIC = 1,		/* chk_code_allowed accepts it */
	OP_SECCOMP = 2,		/* seccomp_check_filter accepts it too */
};

struct op_info {
	uint16_t code;
	uint8_t scope;
	const char *name;
};

#define CL OP_CLASSIC
#define SC (OP_CLASSIC | OP_SECCOMP)

/* Every opcode bpf_check_classic knows, with the bpf_asm-style mnemonic. */
static const struct op_info ops[] = {
	{ BPF_ALU | BPF_ADD | BPF_K,	SC, "add #k" },
	{ BPF_ALU | BPF_ADD | BPF_X,	SC, "add x" },
	{ BPF_ALU | BPF_SUB | BPF_K,	SC, "sub #k" },
	{ BPF_ALU | BPF_SUB | BPF_X,	SC, "sub x" },
	{ BPF_ALU | BPF_MUL | BPF_K,	SC, "mul #k" },
	{ BPF_ALU | BPF_MUL | BPF_X,	SC, "mul x" },
	{ BPF_ALU | BPF_DIV | BPF_K,	SC, "div #k" },
	{ BPF_ALU | BPF_DIV | BPF_X,	SC, "div x" },
	{ BPF_ALU | BPF_MOD | BPF_K,	CL, "mod #k" },
	{ BPF_ALU | BPF_MOD | BPF_X,	CL, "mod x" },
	{ BPF_ALU | BPF_AND | BPF_K,	SC, "and #k" },
	{ BPF_ALU | BPF_AND | BPF_X,	SC, "and x" },
	{ BPF_ALU | BPF_OR | BPF_K,	SC, "or #k" },
	{ BPF_ALU | BPF_OR | BPF_X,	SC, "or x" },
	{ BPF_ALU | BPF_XOR | BPF_K,	SC, "xor #k" },
	{ BPF_ALU | BPF_XOR | BPF_X,	SC, "xor x" },
	{ BPF_ALU | BPF_LSH | BPF_K,	SC, "lsh #k" },
	{ BPF_ALU | BPF_LSH | BPF_X,	SC, "lsh x" },
	{ BPF_ALU | BPF_RSH | BPF_K,	SC, "rsh #k" },
	{ BPF_ALU | BPF_RSH | BPF_X,	SC, "rsh x" },
	{ BPF_ALU | BPF_NEG,		SC, "neg" },
	{ BPF_LD | BPF_W | BPF_ABS,	SC, "ld [k]" },
	{ BPF_LD | BPF_H | BPF_ABS,	CL, "ldh [k]" },
	{ BPF_LD | BPF_B | BPF_ABS,	CL, "ldb [k]" },
	{ BPF_LD | BPF_W | BPF_LEN,	SC, "ld #len" },
	{ BPF_LD | BPF_W | BPF_IND,	CL, "ld [x+k]" },
	{ BPF_LD | BPF_H | BPF_IND,	CL, "ldh [x+k]" },
	{ BPF_LD | BPF_B | BPF_IND,	CL, "ldb [x+k]" },
	{ BPF_LD | BPF_IMM,		SC, "ld #k" },
	{ BPF_LD | BPF_MEM,		SC, "ld M[k]" },
	{ BPF_LDX | BPF_W | BPF_LEN,	SC, "ldx #len" },
	{ BPF_LDX | BPF_B | BPF_MSH,	CL, "ldxb 4*([k]&0xf)" },
	{ BPF_LDX | BPF_IMM,		SC, "ldx #k" },
	{ BPF_LDX | BPF_MEM,		SC, "ldx M[k]" },
	{ BPF_ST,			SC, "st M[k]" },
	{ BPF_STX,			SC, "stx M[k]" },
	{ BPF_MISC | BPF_TAX,		SC, "tax" },
	{ BPF_MISC | BPF_TXA,		SC, "txa" },
	{ BPF_RET | BPF_K,		SC, "ret #k" },
	{ BPF_RET | BPF_A,		SC, "ret a" },
	{ BPF_JMP | BPF_JA,		SC, "ja k" },
	{ BPF_JMP | BPF_JEQ | BPF_K,	SC, "jeq #k" },
	{ BPF_JMP | BPF_JEQ | BPF_X,	SC, "jeq x" },
	{ BPF_JMP | BPF_JGE | BPF_K,	SC, "jge #k" },
	{ BPF_JMP | BPF_JGE | BPF_X,	SC, "jge x" },
	{ BPF_JMP | BPF_JGT | BPF_K,	SC, "jgt #k" },
	{ BPF_JMP | BPF_JGT | BPF_X,	SC, "jgt x" },
	{ BPF_JMP | BPF_JSET | BPF_K,	SC, "jset #k" },
	{ BPF_JMP | BPF_JSET | BPF_X,	SC, "jset x" },
};

#undef CL
#undef SC

static const struct op_info *op_lookup(uint16_t code)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ops[i].code == code)
			return &ops[i];
	return NULL;
}

const char *sct_opcode_name(uint16_t code, char *buf, size_t len)
{
	const struct op_info *op = op_lookup(code);

	if (!buf || !len)
		return op ? op->name : "?";
	if (op)
		snprintf(buf, len, "%s", op->name);
	else
		snprintf(buf, len, "0x%04x", code);
	return buf;
}

static bool is_cond_jump(uint16_t code)
{
	return BPF_CLASS(code) == BPF_JMP && BPF_OP(code) != BPF_JA;
}

/* The ancillary offsets bpf_anc_helper knows (SKF_AD_OFF + SKF_AD_*): the
 * only LD ABS offsets >= SKF_AD_OFF that bpf_check_classic lets through. */
static bool is_ancillary(uint32_t k)
{
	uint32_t base = (uint32_t)SKF_AD_OFF;

	return k >= base && k - base < SKF_AD_MAX && (k - base) % 4 == 0;
}

/* One instruction against bpf_check_classic's per-instruction rules. */
static int check_classic_insn(const struct sock_filter *in, size_t pc, size_t len,
			      char *why, size_t whylen)
{
	char nb[32];
	const char *name = sct_opcode_name(in->code, nb, sizeof(nb));

	if (!op_lookup(in->code))
		return sct_fail(why, whylen, -EINVAL, "insn %zu: unknown opcode %s", pc, name);

	switch (in->code) {
	case BPF_ALU | BPF_DIV | BPF_K:
	case BPF_ALU | BPF_MOD | BPF_K:
		if (in->k == 0)
			return sct_fail(why, whylen, -EINVAL, "insn %zu: %s by constant zero", pc, name);
		break;
	case BPF_ALU | BPF_LSH | BPF_K:
	case BPF_ALU | BPF_RSH | BPF_K:
		if (in->k >= 32)
			return sct_fail(why, whylen, -EINVAL, "insn %zu: %s shift count %u >= 32",
				      pc, name, in->k);
		break;
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
		if (in->k >= BPF_MEMWORDS)
			return sct_fail(why, whylen, -EINVAL, "insn %zu: %s scratch cell %u >= %d",
				      pc, name, in->k, BPF_MEMWORDS);
		break;
	case BPF_JMP | BPF_JA:
		/* unsigned: the target pc + 1 + k must be < len */
		if (in->k >= len - pc - 1)
			return sct_fail(why, whylen, -EINVAL, "insn %zu: ja +%u leaves the program",
				      pc, in->k);
		break;
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_H | BPF_ABS:
	case BPF_LD | BPF_B | BPF_ABS:
		if (in->k >= (uint32_t)SKF_AD_OFF && !is_ancillary(in->k))
			return sct_fail(why, whylen, -EINVAL, "insn %zu: %s unknown ancillary offset 0x%x",
				      pc, name, in->k);
		break;
	default:
		if (is_cond_jump(in->code) &&
		    (pc + 1 + in->jt >= len || pc + 1 + in->jf >= len))
			return sct_fail(why, whylen, -EINVAL, "insn %zu: %s jt %u / jf %u leaves the program",
				      pc, name, in->jt, in->jf);
		break;
	}
	return 0;
}

/*
 * check_load_and_stores: a forward pass (all jumps are forward) carrying the
 * set of scratch cells written on every path so far. A jump narrows the set
 * its targets start with; the instruction after a jump starts from what the
 * jumps into it allow. Note that RET does not reset the set: unreachable
 * code after a RET inherits the cells written before it, as in the kernel.
 */
static int check_scratch_use(const struct sock_filter *insns, size_t len,
			     char *why, size_t whylen)
{
	uint16_t entry[SCT_MAX_INSNS];	/* cells known written at each pc */
	uint16_t written = 0;

	for (size_t pc = 0; pc < len; pc++)
		entry[pc] = 0xffff;

	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *in = &insns[pc];

		written &= entry[pc];
		switch (in->code) {
		case BPF_ST:
		case BPF_STX:
			written |= (uint16_t)(1u << in->k);
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
			if (!(written & (1u << in->k)))
				return sct_fail(why, whylen, -EINVAL,
					      "insn %zu: reads M[%u] before every path writes it",
					      pc, in->k);
			break;
		case BPF_JMP | BPF_JA:
			entry[pc + 1 + in->k] &= written;
			written = 0xffff;
			break;
		default:
			if (is_cond_jump(in->code)) {
				entry[pc + 1 + in->jt] &= written;
				entry[pc + 1 + in->jf] &= written;
				written = 0xffff;
			}
			break;
		}
	}
	return 0;
}

/* seccomp_check_filter: the seccomp subset and the seccomp_data bounds. */
static int check_seccomp_insn(const struct sock_filter *in, size_t pc,
			      char *why, size_t whylen)
{
	const struct op_info *op = op_lookup(in->code);

	if (!op || !(op->scope & OP_SECCOMP))
		return sct_fail(why, whylen, -EINVAL, "insn %zu: %s not allowed in seccomp filters",
			      pc, op ? op->name : "unknown opcode");
	if (in->code == (BPF_LD | BPF_W | BPF_ABS) &&
	    (in->k >= sizeof(struct seccomp_data) || (in->k & 3)))
		return sct_fail(why, whylen, -EINVAL, "insn %zu: ld [%u] %s", pc, in->k,
			      in->k >= sizeof(struct seccomp_data) ?
			      "outside struct seccomp_data (64 bytes)" : "not 4-byte aligned");
	return 0;
}

int sct_validate(const struct sock_filter *insns, size_t len, char *why, size_t whylen)
{
	int err;

	if (why && whylen)
		why[0] = '\0';
	if (len == 0 || len > SCT_MAX_INSNS)
		return sct_fail(why, whylen, -EINVAL, "length %zu outside 1..%d", len, SCT_MAX_INSNS);
	if (!insns)
		return sct_fail(why, whylen, -EINVAL, "NULL instruction pointer");

	for (size_t pc = 0; pc < len; pc++) {
		err = check_classic_insn(&insns[pc], pc, len, why, whylen);
		if (err)
			return err;
	}
	if (insns[len - 1].code != (BPF_RET | BPF_K) &&
	    insns[len - 1].code != (BPF_RET | BPF_A))
		return sct_fail(why, whylen, -EINVAL, "last insn %zu is not a ret", len - 1);
	err = check_scratch_use(insns, len, why, whylen);
	if (err)
		return err;
	for (size_t pc = 0; pc < len; pc++) {
		err = check_seccomp_insn(&insns[pc], pc, why, whylen);
		if (err)
			return err;
	}
	return 0;
}

/* eBPF instructions bpf_convert_filter emits for one accepted seccomp
 * instruction (after seccomp_check_filter's LD ABS / LEN rewrites). */
static size_t converted_insn_len(const struct sock_filter *in)
{
	size_t n;

	switch (in->code) {
	case BPF_RET | BPF_K:
		return 2;		/* mov r0, k; exit */
	case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_MOD | BPF_X:
		return 5;		/* mov32 x, x; jne x, 0; xor a, a; exit; div */
	default:
		break;
	}
	if (!is_cond_jump(in->code))
		return 1;
	/* immediates are signed in eBPF: a "negative" K goes through a register */
	n = BPF_SRC(in->code) == BPF_K && (int32_t)in->k < 0 ? 1 : 0;
	if (in->jf == 0)
		return n + 1;		/* jxx to jt, fall through */
	if (in->jt == 0 && BPF_OP(in->code) != BPF_JSET)
		return n + 1;		/* inverted jxx to jf */
	return n + 2;			/* jxx to jt; ja to jf */
}

size_t sct_converted_len(const struct sock_filter *insns, size_t len)
{
	size_t n = 3;	/* xor a, a; xor x, x; mov ctx, arg1 */

	if (sct_validate(insns, len, NULL, 0))
		return 0;
	for (size_t pc = 0; pc < len; pc++)
		n += converted_insn_len(&insns[pc]);
	return n;
}
