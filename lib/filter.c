// SPDX-License-Identifier: GPL-2.0-only
/*
 * filter.c - the seccomp program builder (see filter.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "arch.h"

enum node_kind { NODE_PLAIN, NODE_COND, NODE_JA };

struct node {
	struct sock_filter insn;
	enum node_kind kind;
	sct_label jt, jf;	/* NODE_COND: both; NODE_JA: jt only */
};

struct sct_filter {
	struct node *nodes;
	size_t n, cap;
	long *label_pos;	/* node index a label is bound to, -1 unbound */
	size_t nlabels, label_cap;
	struct sock_filter *out;
	bool allow_oversize;
	char error[160];
};

static void fail(struct sct_filter *f, const char *fmt, ...)
{
	va_list ap;

	if (f->error[0])
		return;
	va_start(ap, fmt);
	vsnprintf(f->error, sizeof(f->error), fmt, ap);
	va_end(ap);
}

const char *sct_cmp_name(enum sct_cmp op)
{
	static const char *const names[SCT_CMP_COUNT] = {
		"EQ", "NE", "LT", "LE", "GT", "GE", "MASKED_EQ",
	};
	return op < SCT_CMP_COUNT ? names[op] : "?";
}

const char *sct_cmp_symbol(enum sct_cmp op)
{
	static const char *const sym[SCT_CMP_COUNT] = {
		[SCT_CMP_EQ] = "==", [SCT_CMP_NE] = "!=", [SCT_CMP_LT] = "<",
		[SCT_CMP_LE] = "<=", [SCT_CMP_GT] = ">", [SCT_CMP_GE] = ">=",
		[SCT_CMP_MASKED_EQ] = "==",	/* printed as "aN & mask == datum" */
	};
	return op < SCT_CMP_COUNT ? sym[op] : "?";
}

bool sct_cmp_eval(enum sct_cmp op, uint64_t arg, uint64_t value, uint64_t mask)
{
	switch (op) {
	case SCT_CMP_EQ: return arg == value;
	case SCT_CMP_NE: return arg != value;
	case SCT_CMP_LT: return arg < value;
	case SCT_CMP_LE: return arg <= value;
	case SCT_CMP_GT: return arg > value;
	case SCT_CMP_GE: return arg >= value;
	/* libseccomp masks the datum too (seccomp_rule_add(3): "the masked
	 * argument value is equal to the masked datum value"); checked on the
	 * kernel by suites/args_test */
	case SCT_CMP_MASKED_EQ: return (arg & mask) == (value & mask);
	default: return false;
	}
}

struct sct_filter *sct_filter_new(void)
{
	struct sct_filter *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	/* Label 0 is SCT_NEXT, never bound. */
	f->label_pos = calloc(16, sizeof(*f->label_pos));
	if (!f->label_pos) {
		free(f);
		return NULL;
	}
	f->label_cap = 16;
	f->nlabels = 1;
	f->label_pos[0] = -1;
	return f;
}

void sct_filter_free(struct sct_filter *f)
{
	if (!f)
		return;
	free(f->nodes);
	free(f->label_pos);
	free(f->out);
	free(f);
}

const char *sct_filter_error(const struct sct_filter *f)
{
	return f->error;
}

size_t sct_filter_count(const struct sct_filter *f)
{
	return f->n;
}

void sct_filter_allow_oversize(struct sct_filter *f)
{
	f->allow_oversize = true;
}

sct_label sct_label_new(struct sct_filter *f)
{
	if (f->nlabels == f->label_cap) {
		long *p = realloc(f->label_pos, 2 * f->label_cap * sizeof(*p));

		if (!p) {
			fail(f, "out of memory for labels");
			return SCT_NEXT;
		}
		f->label_pos = p;
		f->label_cap *= 2;
	}
	f->label_pos[f->nlabels] = -1;
	return (sct_label)f->nlabels++;
}

void sct_label_here(struct sct_filter *f, sct_label l)
{
	if (l <= 0 || (size_t)l >= f->nlabels) {
		fail(f, "label %d does not belong to this filter", l);
		return;
	}
	if (f->label_pos[l] >= 0) {
		fail(f, "label %d bound twice", l);
		return;
	}
	f->label_pos[l] = (long)f->n;
}

static struct node *append(struct sct_filter *f, enum node_kind kind,
			   uint16_t code, uint32_t k)
{
	struct node *nd;

	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 64;
		struct node *p = realloc(f->nodes, cap * sizeof(*p));

		if (!p) {
			fail(f, "out of memory for instructions");
			return NULL;
		}
		f->nodes = p;
		f->cap = cap;
	}
	nd = &f->nodes[f->n++];
	memset(nd, 0, sizeof(*nd));
	nd->kind = kind;
	nd->insn.code = code;
	nd->insn.k = k;
	return nd;
}

void sct_insn(struct sct_filter *f, uint16_t code, uint32_t k)
{
	if (BPF_CLASS(code) == BPF_JMP) {
		fail(f, "sct_insn takes no jumps (code 0x%04x): use sct_j*", code);
		return;
	}
	append(f, NODE_PLAIN, code, k);
}

void sct_ld_abs(struct sct_filter *f, uint32_t offset)
{
	append(f, NODE_PLAIN, BPF_LD | BPF_W | BPF_ABS, offset);
}

void sct_ld_nr(struct sct_filter *f) { sct_ld_abs(f, SCT_OFF_NR); }
void sct_ld_arch(struct sct_filter *f) { sct_ld_abs(f, SCT_OFF_ARCH); }
void sct_ld_ip_lo(struct sct_filter *f) { sct_ld_abs(f, SCT_OFF_IP + SCT_LO32); }
void sct_ld_ip_hi(struct sct_filter *f) { sct_ld_abs(f, SCT_OFF_IP + SCT_HI32); }

static bool arg_ok(struct sct_filter *f, unsigned int arg)
{
	if (arg < 6)
		return true;
	fail(f, "argument index %u out of range (0..5)", arg);
	return false;
}

void sct_ld_arg_lo(struct sct_filter *f, unsigned int arg)
{
	if (arg_ok(f, arg))
		sct_ld_abs(f, SCT_OFF_ARG(arg) + SCT_LO32);
}

void sct_ld_arg_hi(struct sct_filter *f, unsigned int arg)
{
	if (arg_ok(f, arg))
		sct_ld_abs(f, SCT_OFF_ARG(arg) + SCT_HI32);
}

static void cond(struct sct_filter *f, uint16_t op, uint32_t k,
		 sct_label jt, sct_label jf)
{
	struct node *nd = append(f, NODE_COND, BPF_JMP | op | BPF_K, k);

	if (nd) {
		nd->jt = jt;
		nd->jf = jf;
	}
}

void sct_jeq(struct sct_filter *f, uint32_t k, sct_label jt, sct_label jf)
{
	cond(f, BPF_JEQ, k, jt, jf);
}

void sct_jge(struct sct_filter *f, uint32_t k, sct_label jt, sct_label jf)
{
	cond(f, BPF_JGE, k, jt, jf);
}

void sct_jgt(struct sct_filter *f, uint32_t k, sct_label jt, sct_label jf)
{
	cond(f, BPF_JGT, k, jt, jf);
}

void sct_jset(struct sct_filter *f, uint32_t k, sct_label jt, sct_label jf)
{
	cond(f, BPF_JSET, k, jt, jf);
}

void sct_jx(struct sct_filter *f, uint16_t op, sct_label jt, sct_label jf)
{
	struct node *nd;

	if (op != BPF_JEQ && op != BPF_JGE && op != BPF_JGT && op != BPF_JSET) {
		fail(f, "sct_jx takes JEQ, JGE, JGT or JSET (op 0x%02x)", op);
		return;
	}
	nd = append(f, NODE_COND, BPF_JMP | op | BPF_X, 0);
	if (nd) {
		nd->jt = jt;
		nd->jf = jf;
	}
}

void sct_ja(struct sct_filter *f, sct_label target)
{
	struct node *nd = append(f, NODE_JA, BPF_JMP | BPF_JA, 0);

	if (nd)
		nd->jt = target;
}

void sct_and(struct sct_filter *f, uint32_t k)
{
	append(f, NODE_PLAIN, BPF_ALU | BPF_AND | BPF_K, k);
}

void sct_ret(struct sct_filter *f, uint32_t action)
{
	append(f, NODE_PLAIN, BPF_RET | BPF_K, action);
}

void sct_ret_a(struct sct_filter *f)
{
	append(f, NODE_PLAIN, BPF_RET | BPF_A, 0);
}

void sct_cmp64(struct sct_filter *f, unsigned int arg, enum sct_cmp op,
	       uint64_t value, uint64_t mask, sct_label jt, sct_label jf)
{
	uint32_t vh = value >> 32, vl = (uint32_t)value;
	uint32_t mh = mask >> 32, ml = (uint32_t)mask;
	sct_label t = jt, e = jf, lo;

	if (!arg_ok(f, arg))
		return;
	/* NE, LT and LE are EQ, GE and GT with the targets swapped. */
	switch (op) {
	case SCT_CMP_NE: op = SCT_CMP_EQ; t = jf; e = jt; break;
	case SCT_CMP_LT: op = SCT_CMP_GE; t = jf; e = jt; break;
	case SCT_CMP_LE: op = SCT_CMP_GT; t = jf; e = jt; break;
	case SCT_CMP_EQ: case SCT_CMP_GT: case SCT_CMP_GE:
	case SCT_CMP_MASKED_EQ: break;
	default:
		fail(f, "unknown comparison %d", (int)op);
		return;
	}
	/*
	 * A SCT_NEXT target means "after the whole comparison", which is not
	 * the instruction after any single jump here, so name it.
	 */
	if (t == SCT_NEXT || e == SCT_NEXT) {
		sct_label after = sct_label_new(f);

		if (t == SCT_NEXT)
			t = after;
		if (e == SCT_NEXT)
			e = after;
		sct_cmp64(f, arg, op, value, mask, t, e);
		sct_label_here(f, after);
		return;
	}
	lo = sct_label_new(f);
	sct_ld_arg_hi(f, arg);
	switch (op) {
	case SCT_CMP_EQ:
		sct_jeq(f, vh, lo, e);
		sct_label_here(f, lo);
		sct_ld_arg_lo(f, arg);
		sct_jeq(f, vl, t, e);
		break;
	case SCT_CMP_GT:
	case SCT_CMP_GE:
		/* high word decides unless equal; then the low word does */
		sct_jgt(f, vh, t, SCT_NEXT);
		sct_jeq(f, vh, lo, e);
		sct_label_here(f, lo);
		sct_ld_arg_lo(f, arg);
		if (op == SCT_CMP_GT)
			sct_jgt(f, vl, t, e);
		else
			sct_jge(f, vl, t, e);
		break;
	case SCT_CMP_MASKED_EQ:
		sct_and(f, mh);
		sct_jeq(f, vh & mh, lo, e);
		sct_label_here(f, lo);
		sct_ld_arg_lo(f, arg);
		sct_and(f, ml);
		sct_jeq(f, vl & ml, t, e);
		break;
	default:
		break;
	}
}

void sct_check_arch(struct sct_filter *f, uint32_t audit_arch, uint32_t bad_action)
{
	sct_label ok = sct_label_new(f);

	sct_ld_arch(f);
	sct_jeq(f, audit_arch, ok, SCT_NEXT);
	sct_ret(f, bad_action);
	sct_label_here(f, ok);
}

/* Insert `nd` at index `at`, moving every label bound at or after it. */
static int insert_node(struct sct_filter *f, size_t at, const struct node *nd)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 64;
		struct node *p = realloc(f->nodes, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		f->nodes = p;
		f->cap = cap;
	}
	memmove(&f->nodes[at + 1], &f->nodes[at], (f->n - at) * sizeof(*nd));
	f->nodes[at] = *nd;
	f->n++;
	for (size_t l = 1; l < f->nlabels; l++)
		if (f->label_pos[l] >= (long)at)
			f->label_pos[l]++;
	return 0;
}

static long target_of(const struct sct_filter *f, size_t i, sct_label l)
{
	return l == SCT_NEXT ? (long)i + 1 : f->label_pos[l];
}

/* Replace SCT_NEXT in jumps by labels, so inserting trampolines keeps them. */
static int name_next_targets(struct sct_filter *f)
{
	for (size_t i = 0; i < f->n; i++) {
		struct node *nd = &f->nodes[i];
		sct_label *slots[2] = { &nd->jt, &nd->jf };
		int nslots = nd->kind == NODE_COND ? 2 : nd->kind == NODE_JA ? 1 : 0;

		for (int s = 0; s < nslots; s++) {
			if (*slots[s] != SCT_NEXT)
				continue;
			sct_label l = sct_label_new(f);

			if (l == SCT_NEXT)
				return -ENOMEM;
			nd = &f->nodes[i];	/* label_new does not move nodes */
			f->label_pos[l] = (long)i + 1;
			*(s == 0 ? &nd->jt : &nd->jf) = l;
		}
	}
	return 0;
}

/* A conditional jump further than 255 gets a JA right behind it. */
static int add_trampolines(struct sct_filter *f)
{
	bool changed = true;

	while (changed) {
		changed = false;
		for (size_t i = 0; i < f->n; i++) {
			struct node *nd = &f->nodes[i];

			if (nd->kind != NODE_COND)
				continue;
			for (int s = 0; s < 2; s++) {
				sct_label far = s == 0 ? nd->jt : nd->jf;
				long off = target_of(f, i, far) - (long)i - 1;
				struct node ja = { .kind = NODE_JA, .jt = far,
					.insn = { .code = BPF_JMP | BPF_JA } };
				sct_label near;
				int ret;

				if (off <= 255)
					continue;
				near = sct_label_new(f);
				if (near == SCT_NEXT)
					return -ENOMEM;
				ret = insert_node(f, i + 1, &ja);
				if (ret)
					return ret;
				f->label_pos[near] = (long)i + 1;
				nd = &f->nodes[i];
				*(s == 0 ? &nd->jt : &nd->jf) = near;
				changed = true;
			}
		}
	}
	return 0;
}

int sct_filter_build(struct sct_filter *f, struct sock_fprog *prog)
{
	struct sock_filter *out;
	int ret;

	if (f->error[0])
		return -EINVAL;
	if (f->n == 0) {
		fail(f, "empty program");
		return -EINVAL;
	}
	ret = name_next_targets(f);
	if (!ret)
		ret = add_trampolines(f);
	if (ret) {
		fail(f, "out of memory while resolving jumps");
		return ret;
	}
	out = realloc(f->out, f->n * sizeof(*out));
	if (!out) {
		fail(f, "out of memory for the program");
		return -ENOMEM;
	}
	f->out = out;
	for (size_t i = 0; i < f->n; i++) {
		const struct node *nd = &f->nodes[i];
		long t, e;

		out[i] = nd->insn;
		if (nd->kind == NODE_PLAIN)
			continue;
		t = target_of(f, i, nd->jt);
		if (t < 0) {
			fail(f, "instruction %zu jumps to an unbound label", i);
			return -EINVAL;
		}
		if (t >= (long)f->n) {
			fail(f, "instruction %zu jumps past the end of the program", i);
			return -EINVAL;
		}
		if (t <= (long)i) {
			fail(f, "instruction %zu jumps backwards; seccomp allows only forward jumps", i);
			return -EINVAL;
		}
		if (nd->kind == NODE_JA) {
			out[i].k = (uint32_t)(t - (long)i - 1);
			continue;
		}
		e = target_of(f, i, nd->jf);
		if (e < 0 || e >= (long)f->n || e <= (long)i) {
			fail(f, "instruction %zu has a bad false target", i);
			return -EINVAL;
		}
		out[i].jt = (uint8_t)(t - (long)i - 1);
		out[i].jf = (uint8_t)(e - (long)i - 1);
	}
	if (f->n > SCT_MAX_INSNS && !f->allow_oversize) {
		fail(f, "program has %zu instructions; the kernel accepts at most %d",
		     f->n, SCT_MAX_INSNS);
		return -E2BIG;
	}
	prog->len = (unsigned short)f->n;
	prog->filter = out;
	if (f->n > 0xffff) {
		fail(f, "program has %zu instructions, more than sock_fprog can hold", f->n);
		return -E2BIG;
	}
	return 0;
}

struct sct_filter *sct_filter_for_nr(long nr, uint32_t action, uint32_t otherwise)
{
	struct sct_filter *f = sct_filter_new();
	sct_label hit;

	if (!f)
		return NULL;
	hit = sct_label_new(f);
	sct_check_arch(f, sct_arch_native()->audit_arch, SECCOMP_RET_KILL_PROCESS);
	sct_ld_nr(f);
	sct_jeq(f, (uint32_t)nr, hit, SCT_NEXT);
	sct_ret(f, otherwise);
	sct_label_here(f, hit);
	sct_ret(f, action);
	return f;
}

struct sct_filter *sct_filter_ret(uint32_t action)
{
	struct sct_filter *f = sct_filter_new();

	if (f)
		sct_ret(f, action);
	return f;
}
