// SPDX-License-Identifier: GPL-2.0-only
/*
 * disasm.c - classic-BPF seccomp disassembler (see disasm.h).
 */
#include <stdbool.h>
#include <stdlib.h>

#include "disasm.h"
#include "install.h"

static const char *field_name(uint32_t off, char *buf, size_t len)
{
	if (off == SCT_OFF_NR)
		return "nr";
	if (off == SCT_OFF_ARCH)
		return "arch";
	if (off == SCT_OFF_IP + SCT_LO32)
		return "ip.lo";
	if (off == SCT_OFF_IP + SCT_HI32)
		return "ip.hi";
	if (off >= SCT_OFF_ARG(0) && off < SCT_OFF_ARG(6) && off % 4 == 0) {
		uint32_t rel = off - SCT_OFF_ARG(0);

		snprintf(buf, len, "args[%u].%s", rel / 8,
			 rel % 8 == SCT_LO32 ? "lo" : "hi");
		return buf;
	}
	snprintf(buf, len, "%u", off);
	return buf;
}

static const char *jmp_name(uint16_t op)
{
	switch (op) {
	case BPF_JA:  return "ja";
	case BPF_JEQ: return "jeq";
	case BPF_JGT: return "jgt";
	case BPF_JGE: return "jge";
	case BPF_JSET: return "jset";
	default:      return "j?";
	}
}

static const char *alu_name(uint16_t op)
{
	switch (op) {
	case BPF_ADD: return "add";
	case BPF_SUB: return "sub";
	case BPF_MUL: return "mul";
	case BPF_DIV: return "div";
	case BPF_OR:  return "or";
	case BPF_AND: return "and";
	case BPF_LSH: return "lsh";
	case BPF_RSH: return "rsh";
	case BPF_NEG: return "neg";
	case BPF_MOD: return "mod";
	case BPF_XOR: return "xor";
	default:      return "?";
	}
}

static const char *ret_text(uint32_t k, char *buf, size_t len)
{
	uint32_t data = k & SECCOMP_RET_DATA;

	if ((k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ALLOW ||
	    (k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_KILL_THREAD ||
	    (k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_KILL_PROCESS ||
	    (k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_LOG ||
	    (k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_USER_NOTIF) {
		if (!data) {
			snprintf(buf, len, "%s", sct_action_name(k));
			return buf;
		}
	}
	snprintf(buf, len, "%s(%u)", sct_action_name(k), data);
	return buf;
}

const char *sct_disasm_insn(const struct sock_filter *insns, size_t len, size_t pc,
			    char *buf, size_t buflen)
{
	const struct sock_filter *in = &insns[pc];
	uint16_t code = in->code;
	char tmp[48];

	(void)len;
	switch (BPF_CLASS(code)) {
	case BPF_LD:
	case BPF_LDX: {
		const char *reg = BPF_CLASS(code) == BPF_LD ? "ld" : "ldx";

		if (BPF_MODE(code) == BPF_ABS && BPF_SIZE(code) == BPF_W)
			snprintf(buf, buflen, "%s [%s]", reg, field_name(in->k, tmp, sizeof(tmp)));
		else if (BPF_MODE(code) == BPF_LEN)
			snprintf(buf, buflen, "%s len", reg);
		else if (BPF_MODE(code) == BPF_IMM)
			snprintf(buf, buflen, "%s #0x%x", reg, in->k);
		else if (BPF_MODE(code) == BPF_MEM)
			snprintf(buf, buflen, "%s M[%u]", reg, in->k);
		else
			snprintf(buf, buflen, "%s ?0x%04x k=0x%x", reg, code, in->k);
		break;
	}
	case BPF_ST:
		snprintf(buf, buflen, "st M[%u]", in->k);
		break;
	case BPF_STX:
		snprintf(buf, buflen, "stx M[%u]", in->k);
		break;
	case BPF_ALU:
		if (BPF_OP(code) == BPF_NEG)
			snprintf(buf, buflen, "neg");
		else if (BPF_SRC(code) == BPF_X)
			snprintf(buf, buflen, "%s x", alu_name(BPF_OP(code)));
		else
			snprintf(buf, buflen, "%s #0x%x", alu_name(BPF_OP(code)), in->k);
		break;
	case BPF_JMP:
		if (BPF_OP(code) == BPF_JA)
			snprintf(buf, buflen, "ja L%zu", pc + 1 + in->k);
		else if (BPF_SRC(code) == BPF_X)
			snprintf(buf, buflen, "%s x, L%zu, L%zu", jmp_name(BPF_OP(code)),
				 pc + 1 + in->jt, pc + 1 + in->jf);
		else
			snprintf(buf, buflen, "%s #0x%x, L%zu, L%zu", jmp_name(BPF_OP(code)),
				 in->k, pc + 1 + in->jt, pc + 1 + in->jf);
		break;
	case BPF_RET:
		if (BPF_RVAL(code) == BPF_A)
			snprintf(buf, buflen, "ret a");
		else
			snprintf(buf, buflen, "ret %s", ret_text(in->k, tmp, sizeof(tmp)));
		break;
	case BPF_MISC:
		snprintf(buf, buflen, "%s", BPF_MISCOP(code) == BPF_TAX ? "tax" :
			 BPF_MISCOP(code) == BPF_TXA ? "txa" : "misc?");
		break;
	}
	return buf;
}

void sct_disasm(FILE *out, const struct sock_filter *insns, size_t len,
		const unsigned long *hits)
{
	bool *target = calloc(len + 1, sizeof(*target));
	char text[96], lab[24];

	for (size_t pc = 0; target && pc < len; pc++) {
		const struct sock_filter *in = &insns[pc];

		if (BPF_CLASS(in->code) != BPF_JMP)
			continue;
		if (BPF_OP(in->code) == BPF_JA) {
			if (pc + 1 + in->k < len)
				target[pc + 1 + in->k] = true;
		} else {
			if (pc + 1 + in->jt < len)
				target[pc + 1 + in->jt] = true;
			if (pc + 1 + in->jf < len)
				target[pc + 1 + in->jf] = true;
		}
	}
	for (size_t pc = 0; pc < len; pc++) {
		snprintf(lab, sizeof(lab), "L%zu:", pc);
		sct_disasm_insn(insns, len, pc, text, sizeof(text));
		if (hits)
			fprintf(out, "%-7s %-40s %10lu\n", target && target[pc] ? lab : "",
				text, hits[pc]);
		else
			fprintf(out, "%-7s %s\n", target && target[pc] ? lab : "", text);
	}
	free(target);
}
