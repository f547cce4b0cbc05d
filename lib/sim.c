// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim.c - counting classic-BPF interpreter with seccomp semantics (see
 * sim.h). Written from the behaviour described in kernel/seccomp.c
 * (seccomp_check_filter, seccomp_is_const_allow) and net/core/filter.c
 * (bpf_check_classic, bpf_convert_filter); no code copied.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sim.h"
#include "validator.h"

#define MEMWORDS 16
#define DATA_LEN ((uint32_t)sizeof(struct seccomp_data))

/* Every opcode seccomp accepts after bpf_check_classic. */
static bool opcode_allowed(uint16_t code)
{
	switch (code) {
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_RET | BPF_K:
	case BPF_RET | BPF_A:
	case BPF_ALU | BPF_ADD | BPF_K: case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_K: case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_MUL | BPF_K: case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_K: case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_AND | BPF_K: case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_K:  case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_K: case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU | BPF_LSH | BPF_K: case BPF_ALU | BPF_LSH | BPF_X:
	case BPF_ALU | BPF_RSH | BPF_K: case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_ALU | BPF_NEG:
	case BPF_LD | BPF_IMM:
	case BPF_LDX | BPF_IMM:
	case BPF_MISC | BPF_TAX:
	case BPF_MISC | BPF_TXA:
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
	case BPF_JMP | BPF_JA:
	case BPF_JMP | BPF_JEQ | BPF_K: case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_K: case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JGT | BPF_K: case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_K: case BPF_JMP | BPF_JSET | BPF_X:
		return true;
	default:
		return false;
	}
}

int sct_sim_load(struct sct_sim *sim, const struct sock_filter *insns, size_t len,
		 char *why, size_t whylen)
{
	int ret = sct_validate(insns, len, why, whylen);

	if (ret)
		return ret;
	sim->insns = insns;
	sim->len = len;
	return 0;
}

static uint32_t load_word(const struct seccomp_data *sd, uint32_t off)
{
	uint32_t v;

	memcpy(&v, (const char *)sd + off, sizeof(v));
	return v;
}

static uint32_t alu(uint16_t op, uint32_t a, uint32_t v)
{
	switch (op) {
	case BPF_ADD: return a + v;
	case BPF_SUB: return a - v;
	case BPF_MUL: return a * v;
	case BPF_DIV: return a / v;	/* v != 0: checked by the caller */
	case BPF_AND: return a & v;
	case BPF_OR:  return a | v;
	case BPF_XOR: return a ^ v;
	/* 32-bit eBPF shifts use the low 5 bits of the count (shifts by a
	 * constant >= 32 are refused at load) */
	case BPF_LSH: return a << (v & 31);
	case BPF_RSH: return a >> (v & 31);
	case BPF_NEG: return -a;
	default:      return a;
	}
}

static bool jump_taken(uint16_t op, uint32_t a, uint32_t v)
{
	switch (op) {
	case BPF_JEQ:  return a == v;
	case BPF_JGE:  return a >= v;
	case BPF_JGT:  return a > v;
	case BPF_JSET: return (a & v) != 0;
	default:       return false;
	}
}

int sct_sim_run(const struct sct_sim *sim, const struct seccomp_data *sd,
		struct sct_sim_result *res, unsigned long *hits)
{
	uint32_t A = 0, X = 0, M[MEMWORDS] = { 0 };
	const struct sock_filter *p = sim->insns;
	size_t pc = 0;

	res->action = 0;
	res->executed = 0;
	while (pc < sim->len) {
		uint16_t code = p[pc].code;
		uint32_t k = p[pc].k;
		size_t next = pc + 1;

		res->executed++;
		if (hits)
			hits[pc]++;
		switch (BPF_CLASS(code)) {
		case BPF_LD:
			if (code == (BPF_LD | BPF_W | BPF_ABS)) {
				if (k >= DATA_LEN || k % 4)
					return -EINVAL;
				A = load_word(sd, k);
			} else if (code == (BPF_LD | BPF_W | BPF_LEN)) {
				A = DATA_LEN;
			} else if (code == (BPF_LD | BPF_IMM)) {
				A = k;
			} else if (code == (BPF_LD | BPF_MEM) && k < MEMWORDS) {
				A = M[k];
			} else {
				return -EINVAL;
			}
			break;
		case BPF_LDX:
			if (code == (BPF_LDX | BPF_W | BPF_LEN))
				X = DATA_LEN;
			else if (code == (BPF_LDX | BPF_IMM))
				X = k;
			else if (code == (BPF_LDX | BPF_MEM) && k < MEMWORDS)
				X = M[k];
			else
				return -EINVAL;
			break;
		case BPF_ST:
			if (k >= MEMWORDS)
				return -EINVAL;
			M[k] = A;
			break;
		case BPF_STX:
			if (k >= MEMWORDS)
				return -EINVAL;
			M[k] = X;
			break;
		case BPF_ALU: {
			uint32_t v = BPF_SRC(code) == BPF_X ? X : k;

			if (!opcode_allowed(code))
				return -EINVAL;
			if (BPF_OP(code) == BPF_DIV && v == 0) {
				/* classic BPF: division by X == 0 returns 0 */
				res->action = 0;
				return 0;
			}
			A = alu(BPF_OP(code), A, v);
			break;
		}
		case BPF_JMP:
			if (!opcode_allowed(code))
				return -EINVAL;
			if (BPF_OP(code) == BPF_JA)
				next = pc + 1 + k;
			else
				next = pc + 1 + (jump_taken(BPF_OP(code), A,
						 BPF_SRC(code) == BPF_X ? X : k) ?
						 p[pc].jt : p[pc].jf);
			break;
		case BPF_RET:
			if (code == (BPF_RET | BPF_K))
				res->action = k;
			else if (code == (BPF_RET | BPF_A))
				res->action = A;
			else
				return -EINVAL;
			return 0;
		case BPF_MISC:
			if (code == (BPF_MISC | BPF_TAX))
				X = A;
			else if (code == (BPF_MISC | BPF_TXA))
				A = X;
			else
				return -EINVAL;
			break;
		}
		pc = next;
	}
	return -EINVAL;	/* fell off the end: a loaded program cannot */
}

uint32_t sct_sim_eval(const struct sct_sim *sim, uint32_t arch, uint32_t nr,
		      const uint64_t args[6], size_t *executed)
{
	struct seccomp_data sd = { .nr = (int)nr, .arch = arch };
	struct sct_sim_result res;

	if (args)
		memcpy(sd.args, args, sizeof(sd.args));
	if (sct_sim_run(sim, &sd, &res, NULL))
		return 0xffffffffU;
	if (executed)
		*executed = res.executed;
	return res.action;
}

bool sct_sim_const_allow(const struct sct_sim *sim, uint32_t arch, uint32_t nr)
{
	const struct sock_filter *p = sim->insns;
	uint32_t A = 0;

	/* Same walk as the kernel: pc advances by the jump offset, then by one. */
	for (size_t pc = 0; pc < sim->len; pc++) {
		uint16_t code = p[pc].code;
		uint32_t k = p[pc].k;

		switch (code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (k == SCT_OFF_NR)
				A = nr;
			else if (k == SCT_OFF_ARCH)
				A = arch;
			else
				return false;	/* a value only known at run time */
			break;
		case BPF_RET | BPF_K:
			return k == SECCOMP_RET_ALLOW;
		case BPF_JMP | BPF_JA:
			pc += k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
		case BPF_JMP | BPF_JGE | BPF_K:
		case BPF_JMP | BPF_JGT | BPF_K:
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += jump_taken(BPF_OP(code), A, k) ? p[pc].jt : p[pc].jf;
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			A &= k;
			break;
		default:
			return false;
		}
	}
	return false;
}

size_t sct_sim_cacheable(const struct sct_sim *sim, uint32_t arch, uint32_t nr_bound,
			 bool *cacheable)
{
	size_t n = 0;

	for (uint32_t nr = 0; nr < nr_bound; nr++) {
		bool c = sct_sim_const_allow(sim, arch, nr);

		if (cacheable)
			cacheable[nr] = c;
		n += c;
	}
	return n;
}
