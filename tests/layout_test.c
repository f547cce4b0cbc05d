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
 * program is executed by some input, and that each arch block's cacheable
 * set (the kernel's constant-action cache) is what the rule set allows
 * unconditionally.
 *
 * Multi-arch programs get the same checks (corpus multiarch): x86_64 +
 * i386, arm64 + arm and three blocks either way, built by hand whatever the
 * host, x32 rules on and off, runc's stub off, on both halves, on one half
 * (the other SCT_STUB_NONE) or below the block's numbers; inputs over every
 * block, its x32 numbers, its stub bounds and wrong arches. Corpus
 * multiarch_profiles: the runc and crun programs of both profiles for amd64
 * and arm64, and amd64 + x86 + arm put together with and without a stub.
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
#include "layout_corpus.h"
#include "mix.h"
#include "profile.h"
#include "ruleset.h"
#include "sim.h"

/* ---- checking one rule set in every layout ------------------------------ */

struct tally {
	size_t rulesets, inputs, disagreements;
	size_t set_inputs;	/* inputs of all rule sets (each run in every layout) */
	size_t lsc_known;	/* libseccomp 2.5.4 miscompiles, see lsc_range_bug() */
	size_t uncovered[SCT_LAYOUT_COUNT];		/* reachable, yet never run */
	size_t dead[SCT_LAYOUT_COUNT];			/* no path leads there */
	size_t uncacheable[SCT_LAYOUT_COUNT];		/* allow-only but not cacheable */
	size_t wrongly_cacheable[SCT_LAYOUT_COUNT];	/* cacheable but not always ALLOW */
	size_t lsc_extra_cacheable[SCT_LAYOUT_COUNT];	/* libseccomp: ALLOW anyway */
	size_t lsc_refused;	/* blocks with different defaults: libseccomp has one */
	bool lsc_may_refuse;	/* a rule covered on 32-bit words: -EEXIST expected */
	size_t cache_checked;	/* (arch, nr) pairs whose cacheability was compared */
	size_t build_failures;
	size_t optimal_beaten;	/* a layout cheaper than weighted-optimal */
};

static bool is_range_op(enum sct_cmp op)
{
	return op == SCT_CMP_LT || op == SCT_CMP_LE || op == SCT_CMP_GT || op == SCT_CMP_GE;
}

/*
 * libseccomp 2.5.4 gets a syscall wrong when two of its rules compare the
 * same argument with LT/LE/GT/GE: after the low-word test of one rule it
 * jumps into the next rule's high-word test without reloading the high
 * word, so e.g. `a3 < 0xffffffff -> X; a3 >= 0x100000001 -> Y` returns Y
 * for a3 = 0xffffffff (found by this test; see the commit message). On
 * 32-bit words (x86, arm, x32 numbers) the same jump lands on a range test
 * of an argument another rule compares in any way, with A still holding
 * the other rule's argument (`a0 == 0xfffffffe && a4 == 0x10001 -> X;
 * a4 == 0x157e9e9b && a0 <= 0 -> Y` tests a4 against 0 instead of a0).
 */
static bool lsc_range_bug(const struct sct_ruleset *rs, uint32_t arch, uint32_t nr)
{
	const struct sct_ruleset *a = sct_ruleset_arch(rs, arch);
	const struct sct_syscall *s = a ? sct_ruleset_find(a, nr) : NULL;
	bool w32 = s && sct_ruleset_args32(a, nr);
	unsigned int ranged[6] = { 0 }, any[6] = { 0 };

	if (!s)
		return false;
	for (size_t r = 0; r < s->nrules; r++) {
		bool mine[6] = { false };

		for (unsigned int c = 0; c < s->rules[r].nconds; c++) {
			unsigned int arg = s->rules[r].conds[c].arg;

			if (is_range_op(s->rules[r].conds[c].op) && ranged[arg]++)
				return true;
			mine[arg] = true;
		}
		for (unsigned int arg = 0; arg < 6; arg++)
			any[arg] += mine[arg];
	}
	for (unsigned int arg = 0; w32 && arg < 6; arg++)
		if (ranged[arg] && any[arg] > 1)
			return true;
	return false;
}

static bool is_libseccomp(int l)
{
	return l == SCT_LAYOUT_LIBSECCOMP_1 || l == SCT_LAYOUT_LIBSECCOMP_2;
}

/* Does the condition hold whatever the argument? Never? (the model's rule
 * 4: in a 32-bit word's block only the low words count) */
enum hold { HOLD_SOMETIMES, HOLD_ALWAYS, HOLD_NEVER };

static enum hold cond_holds(const struct sct_cond *c, bool w32)
{
	uint64_t v = c->value, m = c->mask;

	if (!w32)
		return c->op == SCT_CMP_MASKED_EQ && !m ? HOLD_ALWAYS : HOLD_SOMETIMES;
	v &= 0xffffffffULL;
	m &= 0xffffffffULL;
	switch (c->op) {
	case SCT_CMP_LT: return v ? HOLD_SOMETIMES : HOLD_NEVER;
	case SCT_CMP_LE: return v == 0xffffffffULL ? HOLD_ALWAYS : HOLD_SOMETIMES;
	case SCT_CMP_GT: return v == 0xffffffffULL ? HOLD_NEVER : HOLD_SOMETIMES;
	case SCT_CMP_GE: return v ? HOLD_SOMETIMES : HOLD_ALWAYS;
	case SCT_CMP_MASKED_EQ: return m ? HOLD_SOMETIMES : HOLD_ALWAYS;
	default: return HOLD_SOMETIMES;
	}
}

/*
 * Is nr of block a ALLOW whatever the arguments, with no argument test
 * before that is known (the stub and the x32 prologue answer first)?
 * The first rule that can match decides: all its conditions always hold
 * and it allows, or it is a test.
 */
static bool unconditional_allow(const struct sct_ruleset *a, uint32_t nr)
{
	const struct sct_syscall *s;
	bool w32 = sct_ruleset_args32(a, nr);

	if (sct_ruleset_stub_enosys(a, nr) || sct_ruleset_x32_is_bad_arch(a, nr))
		return false;
	s = sct_ruleset_find(a, nr);
	for (size_t r = 0; s && r < s->nrules; r++) {
		enum hold h = HOLD_ALWAYS;

		for (unsigned int c = 0; c < s->rules[r].nconds; c++) {
			enum hold hc = cond_holds(&s->rules[r].conds[c], w32);

			if (hc == HOLD_NEVER || h == HOLD_NEVER)
				h = HOLD_NEVER;
			else if (hc == HOLD_SOMETIMES)
				h = HOLD_SOMETIMES;
		}
		if (h == HOLD_NEVER)
			continue;
		return h == HOLD_ALWAYS && s->rules[r].action == SECCOMP_RET_ALLOW;
	}
	return a->default_action == SECCOMP_RET_ALLOW;
}

/*
 * The kernel's cache emulation against the rule set, per arch block: our
 * layouts make exactly the unconditional-ALLOW numbers cacheable;
 * libseccomp's may hold more (it leaves out rules equal to the default),
 * each of which must then allow on every input.
 */
static void check_cache(const struct sct_ruleset *rs, const struct sct_sim *sim,
			enum sct_layout l, const char *what, const struct inputs *in,
			struct tally *t)
{
	uint32_t bound = (uint32_t)sct_arch_native()->nr_bound;

	for (size_t b = 0; b <= rs->nsub; b++) {
		const struct sct_ruleset *a = sct_layout_block(rs, b);
		uint32_t top = bound, x32_top = 0, far = 0;
		uint32_t far_nr[3 * 64];

		for (size_t i = 0; i < a->n; i++) {
			uint32_t nr = a->sys[i].nr;

			if (nr < DENSE && nr + 64 > top)
				top = nr + 64;
			if (nr >= DENSE && nr < 0x40000000U && far + 3 <= sizeof(far_nr) / sizeof(*far_nr))
				for (uint32_t d = 0; d < 3; d++)
					far_nr[far++] = nr - 1 + d;
			if (a->x32_rules && (nr & a->x32_bit) && nr != 0xffffffffU)
				x32_top = nr + 64;
		}
		for (uint64_t n = 0; n < (uint64_t)top + far + (x32_top ? x32_top - a->x32_bit : 0); n++) {
			uint32_t nr = n < top ? (uint32_t)n : n < (uint64_t)top + far ? far_nr[n - top] :
				      a->x32_bit + (uint32_t)(n - top - far);
			bool c = sct_sim_const_allow(sim, a->audit_arch, nr);
			bool want = unconditional_allow(a, nr);

			t->cache_checked++;
			if (want && !c && t->uncacheable[l]++ < 3)
				fprintf(stderr, "# %s: %s: arch 0x%x nr 0x%x always ALLOW but not "
					"cacheable\n", what, sct_layout_name(l), a->audit_arch, nr);
			if (!c || want)
				continue;
			if (!is_libseccomp(l)) {
				if (t->wrongly_cacheable[l]++ < 3)
					fprintf(stderr, "# %s: %s: arch 0x%x nr 0x%x cacheable\n", what,
						sct_layout_name(l), a->audit_arch, nr);
				continue;
			}
			t->lsc_extra_cacheable[l]++;
			/* cacheable means ALLOW whatever the arguments */
			for (size_t i = 0; i < in->n; i++) {
				struct seccomp_data sd = { .nr = (int)nr, .arch = a->audit_arch };

				if (in->v[i].arch != a->audit_arch || in->v[i].nr != nr)
					continue;
				memcpy(sd.args, in->v[i].args, sizeof(sd.args));
				if (sct_ruleset_eval(rs, &sd) != SECCOMP_RET_ALLOW) {
					t->wrongly_cacheable[l]++;
					break;
				}
			}
		}
	}
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

/* Do all arch blocks share the default action? (libseccomp has one) */
static bool same_defaults(const struct sct_ruleset *rs)
{
	for (size_t b = 0; b < rs->nsub; b++)
		if (rs->sub[b]->default_action != rs->default_action)
			return false;
	return true;
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
	int ret;

	ret = sct_layout_build(l, rs, &fp, why, sizeof(why));
	if (is_libseccomp(l) && ((ret == -EINVAL && !same_defaults(rs)) ||
				 (ret == -EEXIST && t->lsc_may_refuse))) {
		t->lsc_refused++;
		return -1;
	}
	if (ret || sct_sim_load(&sim, fp.filter, fp.len, why, sizeof(why))) {
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
			if (is_libseccomp(l) && lsc_range_bug(rs, x->arch, x->nr)) {
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
	check_cache(rs, &sim, l, what, in, t);
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
	t->set_inputs += in.n;
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

/* Stub bounds no runtime picks, and rules that matter on low words only. */
static void check_odd_programs(struct tally *t)
{
	for (size_t i = 0; i < NODD_STUBS; i++)
		for (int x32 = 0; x32 < 2; x32++) {
			char what[96];
			struct sct_ruleset *rs = odd_stub_program(i, x32, what, sizeof(what));

			check_ruleset(rs, what, t);
			sct_ruleset_free(rs);
		}
	/* libseccomp refuses the covered rule (-EEXIST), as runc would */
	t->lsc_may_refuse = true;
	{
		struct sct_ruleset *rs = low_words_program();

		check_ruleset(rs, "low words", t);
		sct_ruleset_free(rs);
	}
	t->lsc_may_refuse = false;
}

static void check_random_programs(struct tally *t)
{
	static const size_t nsizes[] = { 0, 1, 8, 100 };
	uint64_t id = 0;

	for (size_t sh = 0; sh < NSHAPES; sh++)
		for (int x32 = 0; x32 < 2; x32++)
			for (int k = 0; k < STUB_KINDS; k++)
				for (int args = 0; args < 2; args++) {
					size_t n = nsizes[(id + (uint64_t)args) % 4];
					struct sct_ruleset *rs;
					char what[96];

					id++;
					if (x32 && sh == 1)
						continue;	/* no x86_64 block */
					rs = random_program(id, sh, n, args, x32, (enum stub_kind)k,
							    id % 7 == 0);
					snprintf(what, sizeof(what), "program %llu (shape %zu, %zu "
						 "syscalls, x32 %d, stub %d, %s)",
						 (unsigned long long)id, sh, n, x32, k,
						 args ? "args" : "no args");
					check_ruleset(rs, what, t);
					sct_ruleset_free(rs);
				}
	check_odd_programs(t);
}

/* Profile programs: runc's and crun's for amd64 (x86_64 + x32 + x86) and
 * arm64 (+ arm), and x86_64 + x86 + arm put together from one-arch ones
 * (each with runc's stub bounds, or none). */
static size_t check_profile_programs(struct tally *t, char *err, size_t errlen)
{
	static const char *const arches[] = { "amd64", "arm64" };
	static const enum sct_profile_runtime rts[] = { SCT_PROFILE_RUNC, SCT_PROFILE_CRUN };
	size_t n = 0;

	for (size_t p = 0; p < 2; p++) {
		char path[512], what[96];

		if (sct_profile_find(profile_names[p], __FILE__, path, sizeof(path))) {
			snprintf(err, errlen, "%s not found", profile_names[p]);
			continue;
		}
		for (size_t a = 0; a < 2; a++)
			for (size_t r = 0; r < 2; r++) {
				struct sct_profile_opts o = { .kernel = "6.18", .arch = arches[a],
							      .runtime = rts[r] };
				struct sct_ruleset *rs = NULL;

				if (sct_profile_load(path, &o, &rs, NULL, err, errlen))
					return 0;
				snprintf(what, sizeof(what), "%s %s %s", profile_names[p], arches[a],
					 sct_profile_runtime_name(rts[r]));
				check_ruleset(rs, what, t);
				sct_ruleset_free(rs);
				n++;
			}
		for (int stub = 0; stub < 2; stub++) {
			static const char *const three[] = { "amd64", "x86", "arm" };
			struct sct_ruleset *rs = NULL;

			for (size_t i = 0; i < 3; i++) {
				struct sct_profile_opts o = { .kernel = "6.18", .arch = three[i] };
				struct sct_ruleset *b = NULL;

				if (sct_profile_load(path, &o, &b, NULL, err, errlen))
					return 0;
				if (stub)
					set_stub(NULL, b, STUB_RUNC);
				if (!rs)
					rs = b;
				else if (sct_ruleset_add_arch(rs, b))
					abort();
			}
			snprintf(what, sizeof(what), "%s amd64 + x86 + arm%s", profile_names[p],
				 stub ? ", stub" : "");
			check_ruleset(rs, what, t);
			sct_ruleset_free(rs);
			n++;
		}
	}
	return n;
}

/* ---- the tests ---------------------------------------------------------- */

/* The two corpora: random rule sets and the real profiles, each checked in
 * every layout once per test case by the fixture set-up. */
enum corpus { CORPUS_RANDOM, CORPUS_PROFILES, CORPUS_PROGRAMS, CORPUS_PROFILE_PROGRAMS };

FIXTURE(corpus) {
	struct tally t;
	bool missing;
	char err[256];
};
FIXTURE_VARIANT(corpus) { enum corpus which; };
FIXTURE_VARIANT_ADD(corpus, random) { .which = CORPUS_RANDOM };
FIXTURE_VARIANT_ADD(corpus, profiles) { .which = CORPUS_PROFILES };
FIXTURE_VARIANT_ADD(corpus, multiarch) { .which = CORPUS_PROGRAMS };
FIXTURE_VARIANT_ADD(corpus, multiarch_profiles) { .which = CORPUS_PROFILE_PROGRAMS };
FIXTURE_SETUP(corpus)
{
	memset(&self->t, 0, sizeof(self->t));
	if (variant->which == CORPUS_RANDOM)
		check_random(&self->t);
	else if (variant->which == CORPUS_PROGRAMS)
		check_random_programs(&self->t);
	else if (variant->which == CORPUS_PROFILES)
		self->missing = check_profiles(&self->t, self->err, sizeof(self->err)) == 0;
	else
		self->missing = check_profile_programs(&self->t, self->err,
						       sizeof(self->err)) == 0;
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
	       SCT_LAYOUT_COUNT, self->t.rulesets, self->t.set_inputs, self->t.disagreements);
	if (self->t.lsc_known)
		printf("# (libseccomp 2.5.4: %zu more results differ, all on syscalls with range "
		       "comparisons of one argument in two rules, or on 32-bit words one range "
		       "and one other comparison: its miscompile)\n",
		       self->t.lsc_known);
	if (self->t.lsc_refused)
		printf("# (libseccomp layouts: %zu programs refused, their arch blocks have "
		       "default actions of their own or a rule equal to another on 32-bit "
		       "words)\n", self->t.lsc_refused);
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

/*
 * Layouts keep the cacheable set intact per arch: in every arch block, the
 * numbers the kernel's constant-action cache emulation finds ALLOW are
 * exactly those the rule set allows unconditionally and does not stub (in
 * our layouts; libseccomp's may hold more, each allowing on every input).
 */
TEST_F(corpus, keep_allow_only_syscalls_cacheable)
{
	NEED_CORPUS();
	printf("# %zu (arch, nr) pairs per layout\n", self->t.cache_checked / SCT_LAYOUT_COUNT);
	for (int l = 0; l < SCT_LAYOUT_COUNT; l++) {
		const char *name = sct_layout_name((enum sct_layout)l);

		if (self->t.lsc_extra_cacheable[l])
			printf("# %s: %zu more cacheable numbers, all ALLOW on every input\n", name,
			       self->t.lsc_extra_cacheable[l]);
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
		return sct_mix_synthetic(rs);
	if (SCT_TREE_FIND(mix, path) || sct_mix_load(path, &m, err, sizeof(err)))
		return -ENOENT;
	ret = sct_mix_weigh(rs, m, NULL);
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

/*
 * The same per arch block of runc's programs (amd64: x86_64 + x32, x86;
 * arm64: arm64, arm): block i's prologue is SCT_LAYOUT_RANGE_PROLOGUE, i
 * more JEQs and its stub's tests (JSET and JGT on x86_64, JGT elsewhere);
 * then at most ceil(log2 R) JGEs of its own R and a RET.
 */
TEST(range_tree_worst_case_per_arch_block)
{
	static const char *const arches[] = { "amd64", "arm64" };

	for (size_t p = 0; p < 2 * 2; p++) {
		struct sct_profile_opts o = { .kernel = "6.18", .arch = arches[p % 2],
					      .runtime = SCT_PROFILE_RUNC };
		char path[512], err[256] = "", why[256] = "";
		struct sct_ruleset *rs = NULL;
		struct sct_sim sim;
		struct sock_filter *insns;
		struct inputs in;

		if (sct_profile_find(profile_names[p / 2], __FILE__, path, sizeof(path)))
			SKIP(return, "no profile %s", profile_names[p / 2]);
		ASSERT_EQ(0, sct_profile_load(path, &o, &rs, NULL, err, sizeof(err))) TH_LOG("%s", err);
		insns = build_loaded(rs, SCT_LAYOUT_RANGE_TREE, &sim, why, sizeof(why));
		ASSERT_NE(NULL, insns) TH_LOG("%s", why);
		build_inputs(rs, &in);
		for (size_t b = 0; b <= rs->nsub; b++) {
			const struct sct_ruleset *a = sct_layout_block(rs, b);
			size_t r = sct_layout_block_ranges(rs, b), worst = 0;
			size_t pro = SCT_LAYOUT_RANGE_PROLOGUE + b +
				     (a->stub.on ? 1 + (a->x32_bit != 0) : 0);
			size_t bound = pro + (size_t)ceil(log2((double)r));

			for (size_t i = 0; i < in.n; i++) {
				const struct sct_syscall *s = sct_ruleset_find(a, in.v[i].nr);
				size_t executed = 0;

				if (in.v[i].arch != a->audit_arch || (s && s->rules[0].nconds) ||
				    sct_ruleset_stub_enosys(a, in.v[i].nr))
					continue;
				sct_sim_eval(&sim, in.v[i].arch, in.v[i].nr, in.v[i].args, &executed);
				if (executed > worst)
					worst = executed;
			}
			printf("# %s %s, block 0x%x: R = %zu, worst case %zu = prologue %zu + "
			       "ceil(log2 R) %zu + %zd\n", profile_names[p / 2], arches[p % 2],
			       a->audit_arch, r, worst, pro, bound - pro, (ssize_t)worst - (ssize_t)bound);
			EXPECT_LE(worst, bound + 2);
			EXPECT_GE(worst + 2, bound);
		}
		free(in.v);
		free(insns);
		sct_ruleset_free(rs);
	}
}

SCT_SUITE_MAIN("Self-tests of the layouts (lib/layout*.c): every layout decides as the "
	       "rule set's reference semantics, in single- and multi-arch programs, covers "
	       "its instructions and keeps each arch block's cacheable set.")
