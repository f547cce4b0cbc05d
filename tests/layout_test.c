// SPDX-License-Identifier: GPL-2.0-only
/*
 * layout_test - one policy, many layouts, proven to decide identically.
 *
 * Every layout of lib/layout.h is built for random rule sets (0, 1, 2, 8,
 * 100 and 400 syscalls, with and without argument conditions, fixed seeds)
 * and for the Docker and Podman default profiles, then run in the simulator
 * (lib/sim.h) on every syscall number 0..max+64, -1, x32 numbers, a wrong
 * arch and argument boundary values; each result must equal
 * sct_ruleset_eval(). The same runs check that every instruction of every
 * program is executed by some input, and that allow-only syscalls stay
 * cacheable in the kernel's constant-action cache.
 *
 * Random rule sets keep the conditions of one syscall's rules disjoint:
 * libseccomp merges a syscall's rules into one tree and does not keep
 * first-match order between overlapping rules with different actions (see
 * lib/layout_libseccomp.c and lib/profile.h), and it replaces conditional
 * rules by a later unconditional one, so neither shape is generated.
 */
#include <math.h>
#include <stdlib.h>

#include "suite.h"
#include "disasm.h"
#include "layout.h"
#include "mix.h"
#include "profile.h"
#include "ruleset.h"
#include "sim.h"

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

/* Rules of one syscall with pairwise disjoint conditions. */
static void random_arg_rules(uint64_t *s, struct sct_ruleset *rs, uint32_t nr)
{
	unsigned int d = (unsigned int)pick(s, 6);

	if (pick(s, 4) == 0) {
		/* a split on one argument: below v, at or above v + 2; v and
		 * v + 1 get the default (no dead code after the rules) */
		uint64_t v = (interesting(s) | 1) & ~(1ULL << 63);
		struct sct_rule lo = { 1, { { d, SCT_CMP_LT, v, 0 } }, random_action(s, rs->default_action) };
		struct sct_rule hi = { 1, { { d, SCT_CMP_GE, v + 2, 0 } }, random_action(s, rs->default_action) };

		sct_ruleset_add(rs, nr, NULL, &lo);
		sct_ruleset_add(rs, nr, NULL, &hi);
		return;
	}
	for (uint64_t r = 0, n = 1 + pick(s, 3); r < n; r++) {
		/* distinct EQ values on argument d make the rules disjoint */
		struct sct_rule rule = { 1, { { d, SCT_CMP_EQ, interesting(s) + r * 0x10001, 0 } },
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

static void build_inputs(const struct sct_ruleset *rs, struct inputs *in)
{
	uint32_t arch = rs->audit_arch, max = 0;
	static const uint32_t odd_nrs[] = {
		0xffffffffU, 0x40000000U, 0x40000001U, 0x40000000U + 39, 0x7fffffffU,
		0x80000000U, 0xbfffffffU, 0xfffffffeU, 0x3fffffffU,
	};

	memset(in, 0, sizeof(*in));
	for (size_t i = 0; i < rs->n; i++)
		if (rs->sys[i].nr < 0x40000000U && rs->sys[i].nr > max)
			max = rs->sys[i].nr;
	for (uint32_t nr = 0; nr <= max + 64; nr++)
		add_input(in, arch, nr, NULL);
	for (size_t i = 0; i < sizeof(odd_nrs) / sizeof(odd_nrs[0]); i++)
		add_input(in, arch, odd_nrs[i], NULL);
	for (uint32_t nr = 0; nr < 8; nr++) {
		add_input(in, AUDIT_ARCH_I386, nr * 37, NULL);
		add_input(in, 0, nr, NULL);
		add_input(in, 0xffffffffU, 0xffffffffU - nr, NULL);
	}
	for (size_t i = 0; i < rs->n; i++) {
		const struct sct_syscall *s = &rs->sys[i];

		for (size_t r = 0; r < s->nrules; r++) {
			const struct sct_rule *rule = &s->rules[r];
			uint64_t base[6] = { 0 }, b[12];

			for (unsigned int c = 0; c < rule->nconds; c++)
				base[rule->conds[c].arg] = satisfy(&rule->conds[c]);
			add_input(in, arch, s->nr, base);
			for (unsigned int c = 0; c < rule->nconds; c++) {
				size_t nb = boundary(&rule->conds[c], b);

				for (size_t k = 0; k < nb; k++) {
					uint64_t a[6];

					memcpy(a, base, sizeof(a));
					a[rule->conds[c].arg] = b[k];
					add_input(in, arch, s->nr, a);
				}
			}
		}
	}
}

/* ---- checking one rule set in every layout ------------------------------ */

struct tally {
	size_t rulesets, inputs, disagreements;
	size_t lsc_known;	/* libseccomp 2.5.4 miscompiles, see lsc_range_bug() */
	size_t uncovered[SCT_LAYOUT_COUNT];		/* reachable, yet never run */
	size_t dead[SCT_LAYOUT_COUNT];			/* no path leads there */
	size_t uncacheable[SCT_LAYOUT_COUNT];		/* allow-only but not cacheable */
	size_t wrongly_cacheable[SCT_LAYOUT_COUNT];	/* cacheable but not always ALLOW */
	size_t build_failures;
	size_t optimal_beaten;	/* a layout cheaper than weighted-optimal */
};

static bool allow_only(const struct sct_syscall *s)
{
	return s->nrules && s->rules[0].nconds == 0 && s->rules[0].action == SECCOMP_RET_ALLOW;
}

static bool is_range_op(enum sct_cmp op)
{
	return op == SCT_CMP_LT || op == SCT_CMP_LE || op == SCT_CMP_GT || op == SCT_CMP_GE;
}

/*
 * libseccomp 2.5.4 gets a syscall wrong when two of its rules compare the
 * same argument with LT/LE/GT/GE: after the low-word test of one rule it
 * jumps into the next rule's high-word test without reloading the high
 * word, so e.g. `a3 < 0xffffffff -> X; a3 >= 0x100000001 -> Y` returns Y
 * for a3 = 0xffffffff (found by this test; see the commit message).
 */
static bool lsc_range_bug(const struct sct_ruleset *rs, uint32_t nr)
{
	const struct sct_syscall *s = sct_ruleset_find(rs, nr);
	unsigned int seen[6] = { 0 };

	if (!s)
		return false;
	for (size_t r = 0; r < s->nrules; r++)
		for (unsigned int c = 0; c < s->rules[r].nconds; c++)
			if (is_range_op(s->rules[r].conds[c].op) &&
			    seen[s->rules[r].conds[c].arg]++)
				return true;
	return false;
}

static bool is_libseccomp(int l)
{
	return l == SCT_LAYOUT_LIBSECCOMP_1 || l == SCT_LAYOUT_LIBSECCOMP_2;
}

/* Instructions no path from the first one reaches (dead code). */
static bool *static_dead(const struct sock_filter *p, size_t len)
{
	bool *reach = calloc(len, sizeof(*reach)), *dead = calloc(len, sizeof(*dead));

	if (!reach || !dead)
		abort();
	reach[0] = true;
	for (size_t pc = 0; pc < len; pc++) {
		uint16_t code = p[pc].code;

		dead[pc] = !reach[pc];
		if (!reach[pc] || BPF_CLASS(code) == BPF_RET)
			continue;
		if (code == (BPF_JMP | BPF_JA)) {
			reach[pc + 1 + p[pc].k] = true;
		} else if (BPF_CLASS(code) == BPF_JMP) {
			reach[pc + 1 + p[pc].jt] = true;
			reach[pc + 1 + p[pc].jf] = true;
		} else {
			reach[pc + 1] = true;
		}
	}
	free(reach);
	return dead;
}

/* Check one layout; returns its expected instructions under rs's weights
 * (-1 when it did not build). */
static double check_layout(const struct sct_ruleset *rs, enum sct_layout l, const char *what,
			   const struct inputs *in, struct tally *t)
{
	double expected;
	struct sock_fprog fp = { 0 };
	struct sct_sim sim;
	unsigned long *hits;
	bool *dead;
	char why[256] = "";
	size_t shown = 0;
	uint32_t bound = (uint32_t)sct_arch_native()->nr_bound;

	if (sct_layout_build(l, rs, &fp, why, sizeof(why)) ||
	    sct_sim_load(&sim, fp.filter, fp.len, why, sizeof(why))) {
		fprintf(stderr, "# %s: %s: %s\n", what, sct_layout_name(l), why);
		t->build_failures++;
		free(fp.filter);
		return -1;
	}
	hits = calloc(fp.len, sizeof(*hits));
	if (!hits)
		abort();
	for (size_t i = 0; i < in->n; i++) {
		const struct input *x = &in->v[i];
		struct seccomp_data sd = { .nr = (int)x->nr, .arch = x->arch };
		struct sct_sim_result res;
		uint32_t want;

		memcpy(sd.args, x->args, sizeof(sd.args));
		want = sct_ruleset_eval(rs, &sd);
		if (sct_sim_run(&sim, &sd, &res, hits) || res.action != want) {
			if (is_libseccomp(l) && x->arch == rs->audit_arch &&
			    lsc_range_bug(rs, x->nr)) {
				t->lsc_known++;
				continue;
			}
			t->disagreements++;
			if (shown++ < 3)
				fprintf(stderr, "# %s: %s: arch 0x%x nr 0x%x args %llx %llx %llx: "
					"program 0x%x, reference 0x%x\n", what, sct_layout_name(l),
					x->arch, x->nr, (unsigned long long)x->args[0],
					(unsigned long long)x->args[1], (unsigned long long)x->args[2],
					res.action, want);
		}
	}
	t->inputs += in->n;
	dead = static_dead(fp.filter, fp.len);
	for (size_t pc = 0; pc < fp.len; pc++)
		if (!hits[pc] && dead[pc]) {
			t->dead[l]++;
		} else if (!hits[pc]) {
			char buf[96];

			if (t->uncovered[l]++ < 3 && !is_libseccomp(l))
				fprintf(stderr, "# %s: %s: instruction %zu never runs: %s\n", what,
					sct_layout_name(l), pc,
					sct_disasm_insn(fp.filter, fp.len, pc, buf, sizeof(buf)));
		}
	for (uint32_t nr = 0; nr < bound; nr++) {
		const struct sct_syscall *s = sct_ruleset_find(rs, nr);
		bool c = sct_sim_const_allow(&sim, rs->audit_arch, nr);
		struct seccomp_data sd = { .nr = (int)nr, .arch = rs->audit_arch };
		bool always_allow = s ? allow_only(s) :
				    rs->default_action == SECCOMP_RET_ALLOW;

		if (always_allow && !c && t->uncacheable[l]++ < 3)
			fprintf(stderr, "# %s: %s: nr %u always ALLOW but not cacheable\n",
				what, sct_layout_name(l), nr);
		/* cacheable means ALLOW whatever the arguments */
		if (c && (!s || !allow_only(s)) && sct_ruleset_eval(rs, &sd) != SECCOMP_RET_ALLOW)
			t->wrongly_cacheable[l]++;
		if (c && s && !allow_only(s)) {
			/* conditional rules: cacheable only if every rule allows */
			for (size_t r = 0; r < s->nrules; r++)
				if (s->rules[r].action != SECCOMP_RET_ALLOW)
					t->wrongly_cacheable[l]++;
		}
	}
	expected = sct_layout_expected_insns(&sim, rs);
	free(hits);
	free(dead);
	free(fp.filter);
	return expected;
}

static void check_ruleset(const struct sct_ruleset *rs, const char *what, struct tally *t)
{
	double cost[SCT_LAYOUT_COUNT];
	struct inputs in;

	build_inputs(rs, &in);
	for (int l = 0; l < SCT_LAYOUT_COUNT; l++)
		cost[l] = check_layout(rs, (enum sct_layout)l, what, &in, t);
	for (int l = 0; l < SCT_LAYOUT_COUNT; l++)
		if (cost[l] >= 0 && cost[SCT_LAYOUT_OPTIMAL] > cost[l] + 1e-9) {
			fprintf(stderr, "# %s: weighted-optimal %.3f > %s %.3f\n", what,
				cost[SCT_LAYOUT_OPTIMAL], sct_layout_name((enum sct_layout)l), cost[l]);
			t->optimal_beaten++;
		}
	t->rulesets++;
	free(in.v);
}

static void check_random(struct tally *t)
{
	for (size_t z = 0; z < NSIZES; z++)
		for (int args = 0; args < 2; args++)
			for (uint64_t seed = 1; seed <= NSEEDS; seed++) {
				uint64_t id = seed * 100000 + sizes[z] * 10 + (uint64_t)args;
				struct sct_ruleset *rs = random_ruleset(id, sizes[z], args);
				char what[64];

				if (!rs)
					abort();
				snprintf(what, sizeof(what), "seed %llu (size %zu, %s)",
					 (unsigned long long)id, sizes[z], args ? "args" : "no args");
				check_ruleset(rs, what, t);
				sct_ruleset_free(rs);
			}
}

static const char *const profile_names[] = { "docker-default.json", "podman-default.json" };

/* Load profiles/<name> with Docker's default capabilities. NULL if missing. */
static struct sct_ruleset *load_profile(const char *name, char *err, size_t errlen)
{
	struct sct_ruleset *rs = NULL;
	char path[512];
	struct sct_profile_opts opts = { .kernel = "6.18" };

	if (sct_profile_find(name, __FILE__, path, sizeof(path))) {
		snprintf(err, errlen, "%s not found", name);
		return NULL;
	}
	if (sct_profile_load(path, &opts, &rs, NULL, err, errlen))
		return NULL;
	return rs;
}

static size_t check_profiles(struct tally *t, char *err, size_t errlen)
{
	size_t n = 0;

	for (size_t p = 0; p < 2; p++) {
		struct sct_ruleset *rs = load_profile(profile_names[p], err, errlen);

		if (!rs)
			continue;
		check_ruleset(rs, profile_names[p], t);
		sct_ruleset_free(rs);
		n++;
	}
	return n;
}

/* ---- the tests ---------------------------------------------------------- */

/* The two corpora: random rule sets and the real profiles, each checked in
 * every layout once per test case by the fixture set-up. */
enum corpus { CORPUS_RANDOM, CORPUS_PROFILES };

FIXTURE(corpus) {
	struct tally t;
	bool missing;
	char err[256];
};
FIXTURE_VARIANT(corpus) { enum corpus which; };
FIXTURE_VARIANT_ADD(corpus, random) { CORPUS_RANDOM };
FIXTURE_VARIANT_ADD(corpus, profiles) { CORPUS_PROFILES };
FIXTURE_SETUP(corpus)
{
	memset(&self->t, 0, sizeof(self->t));
	if (variant->which == CORPUS_RANDOM)
		check_random(&self->t);
	else
		self->missing = check_profiles(&self->t, self->err, sizeof(self->err)) == 0;
}
FIXTURE_TEARDOWN(corpus) {}

#define NEED_CORPUS() do {						\
	if (self->missing)						\
		SKIP(return, "no profile: %s", self->err);		\
} while (0)

TEST_F(corpus, decide_as_the_rule_set)
{
	NEED_CORPUS();
	printf("# %d layouts x %zu rule sets x %zu inputs: %zu disagreements\n",
	       SCT_LAYOUT_COUNT, self->t.rulesets, self->t.inputs / SCT_LAYOUT_COUNT,
	       self->t.disagreements);
	if (self->t.lsc_known)
		printf("# (libseccomp 2.5.4: %zu more results differ, all on syscalls with range "
		       "comparisons of one argument in two rules: its miscompile)\n",
		       self->t.lsc_known);
	EXPECT_EQ(0, self->t.build_failures);
	EXPECT_EQ(0, self->t.disagreements);
}

/*
 * Every instruction of our layouts runs for some input. libseccomp's
 * programs are reported, not asserted: it appends a RET of the bad-arch
 * action after its last block that no jump reaches (dead code), and its
 * argument trees hold branches no input can take, e.g. `jgt #0 -> X;
 * jeq #0 -> Y, Z` on a high word, where Z needs a value that is neither
 * above nor equal to 0.
 */
TEST_F(corpus, run_every_instruction)
{
	NEED_CORPUS();
	for (int l = 0; l < SCT_LAYOUT_COUNT; l++) {
		const char *name = sct_layout_name((enum sct_layout)l);

		printf("# %-16s never run: %zu reachable + %zu dead\n",
		       name, self->t.uncovered[l], self->t.dead[l]);
		if (!is_libseccomp(l)) {
			EXPECT_EQ(0, self->t.uncovered[l]) TH_LOG("%s", name);
			EXPECT_EQ(0, self->t.dead[l]) TH_LOG("%s", name);
		}
	}
}

/* A syscall whose only rule is an unconditional ALLOW is in the kernel's
 * constant-action cache in every layout; nothing else that could be
 * denied is. */
TEST_F(corpus, keep_allow_only_syscalls_cacheable)
{
	NEED_CORPUS();
	for (int l = 0; l < SCT_LAYOUT_COUNT; l++) {
		const char *name = sct_layout_name((enum sct_layout)l);

		EXPECT_EQ(0, self->t.uncacheable[l]) TH_LOG("%s", name);
		EXPECT_EQ(0, self->t.wrongly_cacheable[l]) TH_LOG("%s", name);
	}
}

/* Under each rule set's own weights (random on a third of the syscalls
 * of the random sets), weighted-optimal executes the fewest instructions. */
TEST_F(corpus, weighted_optimal_is_cheapest)
{
	NEED_CORPUS();
	EXPECT_EQ(0, self->t.optimal_beaten);
}

/* A loaded program of layout l for rs; NULL (and why) when it fails. */
static struct sock_filter *build_loaded(const struct sct_ruleset *rs, enum sct_layout l,
					struct sct_sim *sim, char *why, size_t whylen)
{
	struct sock_fprog fp = { 0 };

	if (sct_layout_build(l, rs, &fp, why, whylen))
		return NULL;
	if (sct_sim_load(sim, fp.filter, fp.len, why, whylen)) {
		free(fp.filter);
		return NULL;
	}
	return fp.filter;
}

/* Weights from the committed measured mix, or (mix == NULL) the built-in
 * synthetic one. */
static int weigh(struct sct_ruleset *rs, const char *mix)
{
	struct sct_mix *m;
	char path[512], err[256];
	int ret;

	if (!mix)
		return sct_layout_synthetic_mix(rs);
	if (SCT_TREE_FIND(mix, path) || sct_mix_load(path, &m, err, sizeof(err)))
		return -ENOENT;
	ret = sct_layout_apply_mix(rs, m, NULL);
	sct_mix_free(m);
	return ret;
}

/*
 * Acceptance (issue 5): under the committed syscall mix (and the built-in
 * synthetic one), the weighted-optimal layout's expected number of executed
 * instructions is <= every other layout's, for Docker and Podman.
 */
TEST(weighted_optimal_is_cheapest_under_the_mix)
{
	static const char *const mixes[] = { SCT_MIX_BUILD_LIB, NULL };

	for (size_t p = 0; p < 4; p++) {
		const char *mix = mixes[p % 2];
		char err[256] = "";
		struct sct_ruleset *rs = load_profile(profile_names[p / 2], err, sizeof(err));
		double cost[SCT_LAYOUT_COUNT];

		if (!rs)
			SKIP(return, "no profile: %s", err);
		ASSERT_EQ(0, weigh(rs, mix)) TH_LOG("mix %s not found", mix);
		for (int l = 0; l < SCT_LAYOUT_COUNT; l++) {
			struct sct_sim sim;
			char why[256] = "";
			struct sock_filter *insns = build_loaded(rs, (enum sct_layout)l, &sim,
								 why, sizeof(why));

			ASSERT_NE(NULL, insns) TH_LOG("%s", why);
			cost[l] = sct_layout_expected_insns(&sim, rs);
			free(insns);
		}
		printf("# %s, mix %s:", profile_names[p / 2], mix ? mix : "built-in");
		for (int l = 0; l < SCT_LAYOUT_COUNT; l++)
			printf(" %s %.3f", sct_layout_name((enum sct_layout)l), cost[l]);
		printf("\n");
		for (int l = 0; l < SCT_LAYOUT_COUNT; l++) {
			EXPECT_LE(cost[SCT_LAYOUT_OPTIMAL], cost[l] + 1e-9) {
				TH_LOG("%s: %s", profile_names[p / 2], sct_layout_name((enum sct_layout)l));
			}
		}
		sct_ruleset_free(rs);
	}
}

/*
 * Acceptance (issue 5): the range tree's worst case is within 2 of
 * ceil(log2 R) + its prologue: every number that needs no argument check
 * runs prologue + at most ceil(log2 R) JGEs + one RET.
 */
TEST(range_tree_worst_case_is_log2_of_ranges)
{
	for (size_t p = 0; p < 2; p++) {
		char err[256] = "", why[256] = "";
		struct sct_ruleset *rs = load_profile(profile_names[p], err, sizeof(err));
		struct sct_sim sim;
		struct sock_filter *insns;
		size_t worst = 0, r, bound;
		struct inputs in;

		if (!rs)
			SKIP(return, "no profile: %s", err);
		insns = build_loaded(rs, SCT_LAYOUT_RANGE_TREE, &sim, why, sizeof(why));
		ASSERT_NE(NULL, insns) TH_LOG("%s", why);
		r = sct_layout_ranges(rs);
		bound = SCT_LAYOUT_RANGE_PROLOGUE + (size_t)ceil(log2((double)r));
		build_inputs(rs, &in);
		for (size_t i = 0; i < in.n; i++) {
			const struct sct_syscall *s = sct_ruleset_find(rs, in.v[i].nr);
			size_t executed = 0;

			if (in.v[i].arch != rs->audit_arch || (s && s->rules[0].nconds))
				continue;
			sct_sim_eval(&sim, in.v[i].arch, in.v[i].nr, in.v[i].args, &executed);
			if (executed > worst)
				worst = executed;
		}
		printf("# %s: R = %zu ranges, worst case %zu = prologue %d + ceil(log2 R) %zu + %zd\n",
		       profile_names[p], r, worst, SCT_LAYOUT_RANGE_PROLOGUE,
		       bound - SCT_LAYOUT_RANGE_PROLOGUE, (ssize_t)worst - (ssize_t)bound);
		EXPECT_LE(worst, bound + 2);
		EXPECT_GE(worst + 2, bound);
		free(in.v);
		free(insns);
		sct_ruleset_free(rs);
	}
}

SCT_SUITE_MAIN("Self-tests of the layouts (lib/layout.c): every layout decides as the "
	       "rule set's reference semantics, covers its instructions and keeps "
	       "allow-only syscalls cacheable.")
