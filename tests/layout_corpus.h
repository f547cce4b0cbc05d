/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * layout_corpus.h - the rule sets and inputs of tests/layout_test.c (its
 * only includer): random single-arch rule sets, random multi-arch programs
 * of hand-built arch blocks, and the inputs every layout is run on.
 */
#ifndef SCT_LAYOUT_CORPUS_H
#define SCT_LAYOUT_CORPUS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <seccomp.h>

#include "layout.h"
#include "ruleset.h"

#define NSEEDS 3
static const size_t sizes[] = { 0, 1, 2, 8, 100, 400 };
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))
#define NR_SPACE 460		/* random syscall numbers come from [0, 460) */

/* ---- random rule sets -------------------------------------------------- */

static uint64_t rnd(uint64_t *s)
{
	/* xorshift64* */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

static uint64_t pick(uint64_t *s, uint64_t n)
{
	return n ? rnd(s) % n : 0;
}

static uint64_t interesting(uint64_t *s)
{
	static const uint64_t v[] = {
		0, 1, 2, 0x7f, 0xfffffffe, 0xffffffff, 0x100000000ULL, 0x1ffffffffULL,
		0x8000000000000000ULL, 0xfffffffffffffffeULL, 0xffffffffffffffffULL,
	};
	uint64_t k = pick(s, 13);

	if (k < 11)
		return v[k];
	return k == 11 ? (uint32_t)rnd(s) : rnd(s);
}

static uint32_t random_action(uint64_t *s, uint32_t dflt)
{
	uint32_t a;

	do {
		switch (pick(s, 10)) {
		case 0: a = SECCOMP_RET_ERRNO | (uint32_t)(1 + pick(s, 200)); break;
		case 1: a = SECCOMP_RET_TRAP; break;	/* libseccomp: TRAP has no data */
		case 2: a = SECCOMP_RET_KILL_PROCESS; break;
		case 3: a = SECCOMP_RET_LOG; break;
		case 4: a = SECCOMP_RET_TRACE | (uint32_t)pick(s, 3); break;
		case 5: a = SECCOMP_RET_KILL_THREAD; break;
		default: a = SECCOMP_RET_ALLOW; break;
		}
	} while (a == dflt && pick(s, 4));	/* now and then equal to the default */
	return a;
}

/* A satisfiable condition on arg with a random operator. */
static struct sct_cond random_cond(uint64_t *s, unsigned int arg)
{
	static const uint64_t masks[] = {
		0xff, 0xffff0000ffffULL, 0x7e020000, 0xffffffffffffffffULL, 0x100000001ULL,
	};
	struct sct_cond c = { .arg = arg, .op = (enum sct_cmp)pick(s, SCT_CMP_COUNT) };

	c.value = interesting(s);
	if (c.op == SCT_CMP_LT && c.value == 0)
		c.value = 1;
	if (c.op == SCT_CMP_GT && c.value == UINT64_MAX)
		c.value--;
	if (c.op == SCT_CMP_MASKED_EQ) {
		c.mask = masks[pick(s, 5)];
		c.value &= c.mask;
	}
	return c;
}

/* Rules of one syscall with pairwise disjoint conditions; w32: disjoint
 * on the low words too (a 32-bit word's block, rule 4 of ruleset.h). */
static void random_arg_rules_w(uint64_t *s, struct sct_ruleset *rs, uint32_t nr, bool w32)
{
	unsigned int d = (unsigned int)pick(s, 6);
	uint64_t word = w32 ? 0xffffffffULL : ~0ULL;

	if (pick(s, 4) == 0) {
		/* a split on one argument: below v, at or above v + 2; v and
		 * v + 1 get the default (no dead code after the rules) */
		uint64_t v = (interesting(s) | 1) & ~(1ULL << 63) & (w32 ? 0xfffffffbULL : ~0ULL);
		struct sct_rule lo = { 1, { { d, SCT_CMP_LT, v, 0 } }, random_action(s, rs->default_action) };
		struct sct_rule hi = { 1, { { d, SCT_CMP_GE, v + 2, 0 } }, random_action(s, rs->default_action) };

		sct_ruleset_add(rs, nr, NULL, &lo);
		sct_ruleset_add(rs, nr, NULL, &hi);
		return;
	}
	for (uint64_t r = 0, n = 1 + pick(s, 3); r < n; r++) {
		/* distinct EQ values on argument d make the rules disjoint */
		struct sct_rule rule = { 1, { { d, SCT_CMP_EQ, (interesting(s) + r * 0x10001) & word, 0 } },
					 random_action(s, rs->default_action) };

		for (unsigned int extra = (unsigned int)pick(s, 3); extra > 0; extra--) {
			unsigned int a = (d + extra) % 6;

			rule.conds[rule.nconds++] = random_cond(s, a);
		}
		for (uint64_t q = 0; q < r; q++)	/* keep the EQ values distinct */
			if (sct_ruleset_find(rs, nr) &&
			    sct_ruleset_find(rs, nr)->rules[q].conds[0].value == rule.conds[0].value)
				rule.conds[0].value ^= 0x4000;
		sct_ruleset_add(rs, nr, NULL, &rule);
	}
}

static void random_arg_rules(uint64_t *s, struct sct_ruleset *rs, uint32_t nr)
{
	random_arg_rules_w(s, rs, nr, false);
}

static struct sct_ruleset *random_ruleset(uint64_t seed, size_t n, bool args)
{
	static const uint32_t defaults[] = {
		SECCOMP_RET_ERRNO | 1, SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_ALLOW, SECCOMP_RET_TRAP,
	};
	static const uint32_t bad[] = {
		SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD, SECCOMP_RET_ERRNO | 38,
	};
	uint64_t s = seed * 0x9E3779B97F4A7C15ULL + 1;
	uint32_t nrs[NR_SPACE];
	struct sct_ruleset *rs = sct_ruleset_new(defaults[pick(&s, 4)], bad[pick(&s, 3)]);

	if (!rs)
		return NULL;
	for (uint32_t i = 0; i < NR_SPACE; i++)
		nrs[i] = i;
	for (uint32_t i = NR_SPACE - 1; i > 0; i--) {
		uint32_t j = (uint32_t)pick(&s, i + 1), t = nrs[i];

		nrs[i] = nrs[j];
		nrs[j] = t;
	}
	for (size_t i = 0; i < n && i < NR_SPACE; i++) {
		if (args && pick(&s, 10) < 3)
			random_arg_rules(&s, rs, nrs[i]);
		else
			sct_ruleset_add_action(rs, nrs[i], NULL, random_action(&s, rs->default_action));
		if (pick(&s, 3) == 0)	/* a skewed call mix on a third of them */
			sct_ruleset_set_weight(rs, nrs[i], (double)(1 + pick(&s, 1000)) *
					       (double)(1 + pick(&s, 1000)));
	}
	return rs;
}

/* ---- inputs ------------------------------------------------------------ */

struct input {
	uint32_t arch, nr;
	uint64_t args[6];
};

struct inputs {
	struct input *v;
	size_t n, cap;
};

static void add_input(struct inputs *in, uint32_t arch, uint32_t nr, const uint64_t *args)
{
	if (in->n == in->cap) {
		in->cap = in->cap ? 2 * in->cap : 1024;
		in->v = realloc(in->v, in->cap * sizeof(*in->v));
		if (!in->v)
			abort();
	}
	in->v[in->n] = (struct input){ .arch = arch, .nr = nr };
	if (args)
		memcpy(in->v[in->n].args, args, sizeof(in->v[in->n].args));
	in->n++;
}

/* A value satisfying c (the generator keeps every condition satisfiable). */
static uint64_t satisfy(const struct sct_cond *c)
{
	switch (c->op) {
	case SCT_CMP_NE: return c->value + 1;
	case SCT_CMP_LT: return c->value - 1;
	case SCT_CMP_GT: return c->value + 1;
	default: return c->value;	/* EQ, LE, GE, MASKED_EQ */
	}
}

/* Values around c's boundary: both 32-bit halves, both sides. */
static size_t boundary(const struct sct_cond *c, uint64_t *out)
{
	uint64_t v = c->value, m = c->mask;
	size_t n = 0;

	out[n++] = v;
	out[n++] = v - 1;
	out[n++] = v + 1;
	out[n++] = v + (1ULL << 32);
	out[n++] = v - (1ULL << 32);
	out[n++] = 0;
	out[n++] = UINT64_MAX;
	if (c->op == SCT_CMP_MASKED_EQ) {
		uint64_t lo = m & 0xffffffffULL, hi = m & ~0xffffffffULL;

		if (lo)
			out[n++] = v ^ (lo & -lo);
		if (hi)
			out[n++] = v ^ (hi & -hi);
	}
	return n;
}

#define DENSE 0x10000	/* every number below it up to the largest + 64 */

/* Every number of block a up to its largest + 64 (those past DENSE: each
 * and its two neighbours), each rule's argument
 * boundaries; x32 numbers and the stub's bounds when the block has them. */
static void block_inputs(const struct sct_ruleset *a, struct inputs *in)
{
	uint32_t arch = a->audit_arch, max = 0, max_x32 = 0;

	for (size_t i = 0; i < a->n; i++) {
		uint32_t nr = a->sys[i].nr;

		if (nr < DENSE && nr > max)
			max = nr;
		if (nr >= DENSE && nr < 0x40000000U)	/* arm's 0xf0001..: around each */
			for (uint32_t d = 0; d < 3; d++)
				add_input(in, arch, nr - 1 + d, NULL);
		if (a->x32_rules && (nr & a->x32_bit) && nr != 0xffffffffU && nr > max_x32)
			max_x32 = nr;
	}
	for (uint32_t nr = 0; nr <= max + 64; nr++)
		add_input(in, arch, nr, NULL);
	if (max_x32)
		for (uint32_t nr = a->x32_bit; nr <= max_x32 + 64; nr++)
			add_input(in, arch, nr, NULL);
	if (a->stub.on) {
		static const uint32_t around[] = { 0, 1, 2, 0x3fffffffU, 0x40000000U, 0x7fffffffU,
						   0x80000000U, 0xbfffffffU, 0xc0000000U };
		uint32_t last[2] = { a->stub.last, a->stub.last_x32 };

		for (int h = 0; h < 2; h++)
			for (uint32_t d = 0; d < 3 && last[h] != SCT_STUB_NONE; d++)
				add_input(in, arch, last[h] - 1 + d, NULL);
		for (size_t i = 0; i < sizeof(around) / sizeof(around[0]); i++) {
			add_input(in, arch, around[i], NULL);
			if (a->x32_bit)
				add_input(in, arch, around[i] ^ a->x32_bit, NULL);
		}
	}
	for (size_t i = 0; i < a->n; i++) {
		const struct sct_syscall *s = &a->sys[i];

		for (size_t r = 0; r < s->nrules; r++) {
			const struct sct_rule *rule = &s->rules[r];
			uint64_t base[6] = { 0 }, b[12];

			for (unsigned int c = 0; c < rule->nconds; c++)
				base[rule->conds[c].arg] = satisfy(&rule->conds[c]);
			add_input(in, arch, s->nr, base);
			for (unsigned int c = 0; c < rule->nconds; c++) {
				size_t nb = boundary(&rule->conds[c], b);

				for (size_t k = 0; k < nb; k++) {
					uint64_t v[6];

					memcpy(v, base, sizeof(v));
					v[rule->conds[c].arg] = b[k];
					add_input(in, arch, s->nr, v);
				}
			}
		}
	}
}

static void build_inputs(const struct sct_ruleset *rs, struct inputs *in)
{
	static const uint32_t odd_nrs[] = {
		0xffffffffU, 0x40000000U, 0x40000001U, 0x40000000U + 39, 0x7fffffffU,
		0x80000000U, 0xbfffffffU, 0xfffffffeU, 0x3fffffffU,
	};
	static const uint32_t arches[] = {
		AUDIT_ARCH_I386, AUDIT_ARCH_X86_64, AUDIT_ARCH_ARM, AUDIT_ARCH_AARCH64,
		AUDIT_ARCH_X86_64 & ~__AUDIT_ARCH_LE, AUDIT_ARCH_I386 | __AUDIT_ARCH_64BIT,
	};

	memset(in, 0, sizeof(*in));
	for (size_t b = 0; b <= rs->nsub; b++) {
		const struct sct_ruleset *a = sct_layout_block(rs, b);

		block_inputs(a, in);
		for (size_t i = 0; i < sizeof(odd_nrs) / sizeof(odd_nrs[0]); i++)
			add_input(in, a->audit_arch, odd_nrs[i], NULL);
	}
	for (uint32_t nr = 0; nr < 8; nr++) {
		add_input(in, AUDIT_ARCH_I386, nr * 37, NULL);
		add_input(in, 0, nr, NULL);
		add_input(in, 0xffffffffU, 0xffffffffU - nr, NULL);
	}
	if (!rs->nsub)
		return;
	/* a multi-arch program: the arches next to its own */
	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		for (uint32_t nr = 0; nr < 4; nr++)
			add_input(in, arches[i], nr * 101, NULL);
}

/* ---- multi-arch programs ------------------------------------------------ */

/*
 * Numbers libseccomp can put in a filter of arch token: a name on that
 * arch leading back to the number, known to the build's arch too (or as a
 * pseudo number); on x86 not a socket or IPC call, which libseccomp also
 * adds to socketcall/ipc (lib/layout_libseccomp.c).
 */
static bool lsc_expressible(uint32_t token, uint32_t nr)
{
	static const char *const muxed[] = {
		"socket", "bind", "connect", "listen", "accept", "getsockname", "getpeername",
		"socketpair", "send", "recv", "sendto", "recvfrom", "shutdown", "setsockopt",
		"getsockopt", "sendmsg", "recvmsg", "accept4", "recvmmsg", "sendmmsg", "semop",
		"semget", "semctl", "semtimedop", "msgsnd", "msgrcv", "msgget", "msgctl", "shmat",
		"shmdt", "shmget", "shmctl",
	};
	char *name = seccomp_syscall_resolve_num_arch(token, (int)nr);
	bool ok = name && seccomp_syscall_resolve_name_arch(token, name) == (int)nr &&
		  seccomp_syscall_resolve_name(name) != __NR_SCMP_ERROR;

	for (size_t i = 0; ok && token == SCMP_ARCH_X86 && i < sizeof(muxed) / sizeof(*muxed); i++)
		ok = strcmp(name, muxed[i]) != 0;
	free(name);
	return ok;
}

struct pool {
	uint32_t nr[NR_SPACE + 100];
	size_t n;
};

/* The expressible numbers of [base, base + NR_SPACE + 100), shuffled. */
static void make_pool(uint64_t *s, uint32_t token, uint32_t base, struct pool *p)
{
	p->n = 0;
	for (uint32_t i = 0; i < NR_SPACE + 100; i++)
		if (lsc_expressible(token, base + i))
			p->nr[p->n++] = base + i;
	for (size_t i = p->n; i > 1; i--) {
		size_t j = (size_t)pick(s, i);
		uint32_t t = p->nr[i - 1];

		p->nr[i - 1] = p->nr[j];
		p->nr[j] = t;
	}
}

/* n syscalls of the pool into block a, as random_ruleset does. */
static void fill_block(uint64_t *s, struct sct_ruleset *a, uint32_t token, uint32_t base,
		       size_t n, bool args)
{
	struct pool p;

	make_pool(s, token, base, &p);
	for (size_t i = 0; i < n && i < p.n; i++) {
		if (args && pick(s, 10) < 3)
			random_arg_rules_w(s, a, p.nr[i], sct_ruleset_args32(a, p.nr[i]));
		else
			sct_ruleset_add_action(a, p.nr[i], NULL, random_action(s, a->default_action));
		if (pick(s, 3) == 0)
			sct_ruleset_set_weight(a, p.nr[i], (double)(1 + pick(s, 1000)));
	}
}

/* The highest number of block a's half (x32 bit set or clear); NONE if
 * the half has none. */
static uint32_t half_max(const struct sct_ruleset *a, bool x32)
{
	uint32_t m = SCT_STUB_NONE;

	for (size_t i = 0; i < a->n; i++)
		if ((a->x32_bit && (a->sys[i].nr & a->x32_bit)) == x32)
			m = a->sys[i].nr;
	return m;
}

enum stub_kind { STUB_OFF, STUB_RUNC, STUB_LO, STUB_X32, STUB_BELOW, STUB_KINDS };

/* runc's bounds (the highest number of each half), one half only, or
 * bounds inside the block (keys above them never reach the tree). */
static void set_stub(uint64_t *s, struct sct_ruleset *a, enum stub_kind k)
{
	uint32_t lo = half_max(a, false), hi = a->x32_bit ? half_max(a, true) : SCT_STUB_NONE;

	if (k == STUB_OFF)
		return;
	if (a->x32_bit && hi == SCT_STUB_NONE)
		hi = a->x32_bit + 20;	/* x32 not in the filter, but in the stub */
	a->stub.on = true;
	a->stub.last = k == STUB_X32 ? SCT_STUB_NONE : lo;
	a->stub.last_x32 = k == STUB_LO ? SCT_STUB_NONE : hi;
	if (k == STUB_BELOW) {
		if (lo != SCT_STUB_NONE)
			a->stub.last = (uint32_t)pick(s, lo + 1);
		if (hi != SCT_STUB_NONE && a->x32_bit)
			a->stub.last_x32 = a->x32_bit + (uint32_t)pick(s, hi - a->x32_bit + 1);
	}
}

struct arch_spec {
	uint32_t audit_arch, token, x32_bit;
	bool args32;
};

static const struct arch_spec spec_x86_64 = { AUDIT_ARCH_X86_64, SCMP_ARCH_X86_64, 0x40000000U, false };
static const struct arch_spec spec_i386 = { AUDIT_ARCH_I386, SCMP_ARCH_X86, 0, true };
static const struct arch_spec spec_aarch64 = { AUDIT_ARCH_AARCH64, SCMP_ARCH_AARCH64, 0, false };
static const struct arch_spec spec_arm = { AUDIT_ARCH_ARM, SCMP_ARCH_ARM, 0, true };

/* The programs: x86_64 + i386, arm64 + arm, and three blocks each way. */
static const struct arch_spec *const shapes[][3] = {
	{ &spec_x86_64, &spec_i386, NULL },
	{ &spec_aarch64, &spec_arm, NULL },
	{ &spec_x86_64, &spec_i386, &spec_arm },
	{ &spec_aarch64, &spec_arm, &spec_x86_64 },
};
#define NSHAPES (sizeof(shapes) / sizeof(shapes[0]))

static struct sct_ruleset *new_block(const struct arch_spec *sp, uint32_t dflt, uint32_t bad)
{
	struct sct_ruleset *a = sct_ruleset_new(dflt, bad);

	if (!a)
		abort();
	a->audit_arch = sp->audit_arch;
	a->x32_bit = sp->x32_bit;
	a->args32 = sp->args32;
	return a;
}

/*
 * A random program of shape sh: every block with n syscalls of its arch
 * (libseccomp-expressible, so its layouts build too), x32 numbers in
 * x86_64's block when x32, the stub of kind k in every block; own_default:
 * the last block gets a default action of its own.
 */
static struct sct_ruleset *random_program(uint64_t seed, size_t sh, size_t n, bool args,
					  bool x32, enum stub_kind k, bool own_default)
{
	uint64_t s = seed * 0x9E3779B97F4A7C15ULL + 7;
	uint32_t dflt = pick(&s, 2) ? SECCOMP_RET_ERRNO | 1 : SECCOMP_RET_KILL_PROCESS;
	struct sct_ruleset *rs = NULL;

	for (size_t b = 0; b < 3 && shapes[sh][b]; b++) {
		const struct arch_spec *sp = shapes[sh][b];
		bool last = b == 2 || !shapes[sh][b + 1];
		struct sct_ruleset *a = new_block(sp, own_default && last && b ?
						  SECCOMP_RET_ALLOW : dflt,
						  SECCOMP_RET_KILL_THREAD);

		fill_block(&s, a, sp->token, 0, b ? n / 2 + pick(&s, n + 1) : n, args);
		if (x32 && sp->x32_bit) {
			a->x32_rules = true;
			fill_block(&s, a, SCMP_ARCH_X32, sp->x32_bit, n / 2 + 1, args);
		}
		set_stub(&s, a, k);
		if (!rs)
			rs = a;
		else if (sct_ruleset_add_arch(rs, a))
			abort();
	}
	return rs;
}

/*
 * Stub bounds no runtime picks, for the halves' edges: numbers with bit 31
 * but not bit 30 compare with last, an x32 bound below the bit stubs the
 * whole half, a bound at or above 0xbfffffff stubs nothing of its half.
 */
static const uint32_t odd_bounds[][2] = {
	{ 5, 5 }, { 0x80000005U, SCT_STUB_NONE }, { 0xbfffffffU, 0x40000010U },
	{ 0xc0000000U, 0xfffffffeU }, { SCT_STUB_NONE, 0x3fffffffU }, { 0, 0x40000000U },
	{ 0x7fffffffU, 0xbfffffffU }, { 300, 0x40000100U },
};
#define NODD_STUBS (sizeof(odd_bounds) / sizeof(odd_bounds[0]))

/* An x86_64 + i386 program with odd_bounds[i] as x86_64's stub. */
static struct sct_ruleset *odd_stub_program(size_t i, bool x32, char *what, size_t len)
{
	struct sct_ruleset *rs = random_program(1000 + i, 0, 8, true, x32, STUB_RUNC, false);

	rs->stub.last = odd_bounds[i][0];
	rs->stub.last_x32 = odd_bounds[i][1];
	snprintf(what, len, "odd stub 0x%x/0x%x (x32 %d)", odd_bounds[i][0], odd_bounds[i][1], x32);
	return rs;
}

/*
 * Rules of a 32-bit word's block whose 64-bit values matter only on the
 * low words: a condition that never holds there (a0 < 0x100000000), one
 * that always does (a1 >= 0x100000000, a mask without low bits), a rule
 * the one before covers (a0 == 1, then a0 == 0x100000001).
 */
static struct sct_ruleset *low_words_program(void)
{
	static const struct sct_rule rules[] = {
		{ 1, { { 0, SCT_CMP_LT, 0x100000000ULL, 0 } }, SECCOMP_RET_TRAP },
		{ 1, { { 0, SCT_CMP_EQ, 1, 0 } }, SECCOMP_RET_ERRNO | 5 },
		{ 1, { { 0, SCT_CMP_EQ, 0x100000001ULL, 0 } }, SECCOMP_RET_LOG },
		{ 2, { { 0, SCT_CMP_EQ, 2, 0 }, { 1, SCT_CMP_GE, 0x100000000ULL, 0 } },
		  SECCOMP_RET_TRACE },
		{ 1, { { 2, SCT_CMP_MASKED_EQ, 0x500000000ULL, 0xf00000000ULL } }, SECCOMP_RET_ALLOW },
	};
	struct sct_ruleset *rs = new_block(&spec_x86_64, SECCOMP_RET_ERRNO | 1,
					   SECCOMP_RET_KILL_PROCESS);
	struct sct_ruleset *i386 = new_block(&spec_i386, SECCOMP_RET_ERRNO | 1, 0);

	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		sct_ruleset_add(i386, 4, NULL, &rules[i]);
		if (i)	/* without the rule that never holds */
			sct_ruleset_add(i386, 5, NULL, &rules[i]);
	}
	sct_ruleset_add(rs, 3, NULL, &rules[2]);	/* on 64 bits: a test */
	sct_ruleset_add_action(i386, 6, NULL, SECCOMP_RET_ALLOW);
	if (sct_ruleset_add_arch(rs, i386))
		abort();
	return rs;
}

#endif
