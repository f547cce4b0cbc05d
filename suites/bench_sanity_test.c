// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_sanity_test - a few seconds of the benchmark method, checking only
 * what must hold on any machine, never a speed target:
 *  - a filtered syscall is not faster than the same call with no filter
 *    (beyond noise);
 *  - with the constant-action cache (Linux 5.11+), a cacheable filter's cost
 *    does not grow with its length: 1024 cacheable instructions cost about
 *    what one does, while 1024 uncacheable ones cost clearly more;
 *  - the relations of the kernel's seccomp_benchmark, on its own stack
 *    (cacheable, cacheable, uncacheable, cacheable): a second cacheable
 *    filter adds nothing, and with the stack uncached the 4th filter adds
 *    what the average one does. Measured per child, judged on the median and
 *    95% CI over children with tolerances noise cannot reach.
 * bench/seccomp-bench measures the same things properly.
 *
 * Each sample is a fresh child (filters cannot be removed) pinned to one
 * CPU, timing raw getppid() calls with CLOCK_PROCESS_CPUTIME_ID; filtered and
 * unfiltered samples alternate and the comparison uses paired differences.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <math.h>
#include <sched.h>
#include <time.h>

#include "suite.h"

#include "stats.h"

#define PAIRS		11
#define CALLS		20000
#define NOISE_NS	5.0	/* a difference this small is never a verdict */

enum shape { SHAPE_NONE, SHAPE_CACHED, SHAPE_UNCACHED };

struct sample_arg {
	enum shape shape;
	unsigned int insns;
	int cpu;
};

/* [LD nr; JEQ x ...;] [LD args[0];] RET ALLOW with `insns` (>= 2) instructions
 * on getppid's path: every JEQ falls through (both targets are the next one). */
static struct sct_filter *chain(enum shape shape, unsigned int insns)
{
	struct sct_filter *f = sct_filter_new();
	unsigned int i, fixed = shape == SHAPE_CACHED ? 2 : 3;
	unsigned int jeqs = insns > fixed ? insns - fixed : 0;

	if (!f)
		return NULL;
	if (insns >= fixed)
		sct_ld_nr(f);
	for (i = 0; i < jeqs; i++)
		sct_jeq(f, 0x7000 + i, SCT_NEXT, SCT_NEXT);
	if (shape == SHAPE_UNCACHED)
		sct_ld_arg_lo(f, 0);
	sct_ret(f, SECCOMP_RET_ALLOW);
	return f;
}

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

struct sample_report {
	long long ns;		/* CPU time of the CALLS timed calls */
};

static int sample_child(struct sct_report *rep, void *arg)
{
	const struct sample_arg *sa = arg;
	long long t0, t1;
	cpu_set_t set;
	long i, ppid = syscall(__NR_getppid);

	CPU_ZERO(&set);
	CPU_SET(sa->cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return sct_report_broken(rep, "sched_setaffinity");
	if (sa->shape != SHAPE_NONE) {
		long err = sct_install_filter(chain(sa->shape, sa->insns), 0);

		if (err < 0) {
			errno = (int)-err;
			return sct_report_broken(rep, "install filter");
		}
	}
	for (i = 0; i < CALLS / 4; i++)
		syscall(__NR_getppid);
	t0 = now_ns();
	for (i = 0; i < CALLS; i++)
		if (syscall(__NR_getppid) != ppid)
			return sct_report_broken(rep, "getppid returned something else");
	t1 = now_ns();
	SCT_REPORT(rep, struct sample_report)->ns = t1 - t0;
	return 0;
}

static int the_cpu(void)
{
	cpu_set_t set;
	int i;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 0;
	for (i = CPU_SETSIZE - 1; i > 0; i--)
		if (CPU_ISSET(i, &set))
			return i;
	return 0;
}

/* ns per call of one sample, or NAN with *why set when our set-up failed. */
static double sample(enum shape shape, unsigned int insns, char *why, size_t len)
{
	struct sample_arg sa = { shape, insns, the_cpu() };
	struct sct_outcome out;
	int err = sct_run_child(sample_child, &sa, 10000, &out);

	if (err) {
		snprintf(why, len, "fork: %s", strerror(-err));
		return NAN;
	}
	if (out.end != SCT_END_EXITED || out.code) {
		sct_outcome_str(&out, why, len);
		return NAN;
	}
	return (double)SCT_REPORT(&out.rep, struct sample_report)->ns / CALLS;
}

/* Median paired difference (shape - no filter) and its 95% CI. */
static int paired_delta(enum shape shape, unsigned int insns, struct sct_summary *s,
			char *why, size_t len)
{
	double d[PAIRS];
	int i;

	for (i = 0; i < PAIRS; i++) {
		double a, b;

		if (i % 2) {
			a = sample(SHAPE_NONE, 0, why, len);
			b = sample(shape, insns, why, len);
		} else {
			b = sample(shape, insns, why, len);
			a = sample(SHAPE_NONE, 0, why, len);
		}
		if (isnan(a) || isnan(b))
			return -1;
		d[i] = b - a;
	}
	return sct_summarize(d, PAIRS, s);
}

/*
 * The relations between costs hold on a CPU, not on an emulated one: under
 * qemu TCG what a call costs depends on the translator (code translated
 * once or again, helpers for BPF), so neither a pass nor a failure there
 * says anything about the kernel. scripts/run-vm says so in SCT_EMULATED.
 * The sign check of filtered_not_faster_than_baseline still runs there.
 */
#define REQUIRE_REAL_CPU() do {						\
	const char *emu_ = getenv("SCT_EMULATED");			\
	if (emu_ && *emu_)						\
		SKIP(return, "an emulated CPU (SCT_EMULATED=%s) does not time like a CPU: " \
		     "no verdict", emu_);					\
} while (0)

#define MEASURE(shape, insns, s) do {					\
	char _why[256] = "";						\
	ASSERT_EQ(0, paired_delta((shape), (insns), &(s), _why, sizeof(_why))) { \
		TH_LOG("BROKEN: our measuring child failed: %s", _why);	\
	}								\
} while (0)

TEST(filtered_not_faster_than_baseline)
{
	struct sct_summary cached, uncached;

	MEASURE(SHAPE_CACHED, 2, cached);
	MEASURE(SHAPE_UNCACHED, 2, uncached);
	TH_LOG("paired Δ vs no filter: cacheable %.1f ns [%.1f, %.1f], uncacheable %.1f ns "
	       "[%.1f, %.1f]", cached.median, cached.ci_lo, cached.ci_hi, uncached.median,
	       uncached.ci_lo, uncached.ci_hi);
	/* The seccomp entry path only adds work: a clearly negative difference
	 * means the measurement is broken, not that the filter helps. */
	EXPECT_GT(cached.ci_hi, -NOISE_NS);
	EXPECT_GT(uncached.ci_hi, -NOISE_NS);
}

TEST(cached_cost_does_not_grow_with_length)
{
	struct sct_summary short_c, long_c, long_u;
	double run_cost;

	SCT_REQUIRE(SCT_F_FILTER_MODE);
	REQUIRE_REAL_CPU();
	MEASURE(SHAPE_CACHED, 2, short_c);
	MEASURE(SHAPE_CACHED, 1024, long_c);
	MEASURE(SHAPE_UNCACHED, 1024, long_u);
	run_cost = long_u.median - long_c.median;
	TH_LOG("Δ: 2 cacheable %.1f, 1024 cacheable %.1f, 1024 uncacheable %.1f ns",
	       short_c.median, long_c.median, long_u.median);
	/* Running 1024 instructions must cost something measurable ... */
	ASSERT_GT(run_cost, NOISE_NS) {
		TH_LOG("1024 uncacheable instructions cost no more than 1024 cacheable ones: "
		       "either the BPF does not run or the machine is too noisy; re-run");
	}
	/* ... and the cached chain must skip most of it (Linux 5.11+ cache). */
	EXPECT_LT(long_c.median - short_c.median, fmax(NOISE_NS, 0.5 * run_cost)) {
		TH_LOG("a cacheable 1024-instruction filter costs %.1f ns more than a "
		       "2-instruction one: the constant-action cache (seccomp/cache series, "
		       "Linux 5.11+) seems inactive", long_c.median - short_c.median);
	}
}

/*
 * The stack of the kernel's seccomp_benchmark, in one child: no filter, then
 * a cacheable filter, a second one, an uncacheable one (from here on the
 * cache cannot answer, so every filter runs: seccomp_cache_check_allow()
 * looks only at the newest filter's bitmap, which seccomp_cache_prepare()
 * built as the AND of its own and its parent's), and a fourth cacheable one,
 * timed after each step. Unlike the kernel's two-instruction filters ours
 * have STACK_INSNS each, so running one costs tens of ns, far above noise:
 * a stack the cache did not cover would be plain to see. STACK_INSNS stays
 * small enough that the JIT images of four filters fit a 32 KiB L1i (a
 * cache miss would make the 4th filter dearer for no kernel reason).
 */
#define STACK_INSNS	256
#define ROUNDS		15	/* children, one paired sample of every stage each */
#define MIN_ROUNDS	6	/* the fewest whose min..max is a 95% CI of the median */
#define ROUNDS_BUDGET_MS 20000	/* past it, stop at MIN_ROUNDS: an emulated CPU is slow */
#define STACK_TIMEOUT_S	120	/* the harness's limit for the two stack cases */
#define BLOCKS		5	/* timed blocks per stage: their median is the stage */
#define BLOCK_CALLS	3000

enum kstage { K_NATIVE, K_BITMAP1, K_BITMAP2, K_FULL3, K_FULL4, KSTAGES };

static const enum shape kernel_stack[KSTAGES] = {
	[K_NATIVE] = SHAPE_NONE,	/* nothing installed */
	[K_BITMAP1] = SHAPE_CACHED,
	[K_BITMAP2] = SHAPE_CACHED,
	[K_FULL3] = SHAPE_UNCACHED,
	[K_FULL4] = SHAPE_CACHED,	/* cacheable, but runs: the stack below does not */
};

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* ps[stage] = picoseconds per call: the median of BLOCKS timed blocks,
 * so that a preemption in one block does not move the stage. */
struct stack_report {
	long long ps[KSTAGES];
};

static int stack_child(struct sct_report *rep, void *arg)
{
	long long blk[BLOCKS];
	cpu_set_t set;
	long ppid = syscall(__NR_getppid);
	int s, b, i;

	CPU_ZERO(&set);
	CPU_SET(*(const int *)arg, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return sct_report_broken(rep, "sched_setaffinity");
	for (s = 0; s < KSTAGES; s++) {
		if (kernel_stack[s] != SHAPE_NONE) {
			long err = sct_install_filter(chain(kernel_stack[s], STACK_INSNS), 0);

			if (err < 0) {
				errno = (int)-err;
				return sct_report_broken(rep, "install filter");
			}
		}
		for (i = 0; i < BLOCK_CALLS / 2; i++)
			syscall(__NR_getppid);
		for (b = 0; b < BLOCKS; b++) {
			long long t0 = now_ns();

			for (i = 0; i < BLOCK_CALLS; i++)
				if (syscall(__NR_getppid) != ppid)
					return sct_report_broken(rep, "getppid returned something else");
			blk[b] = now_ns() - t0;
		}
		qsort(blk, BLOCKS, sizeof(blk[0]), cmp_ll);
		SCT_REPORT(rep, struct stack_report)->ps[s] = blk[BLOCKS / 2] * 1000 / BLOCK_CALLS;
	}
	return 0;
}

/* The kernel's figures of one round, in ns per call. */
struct kfigures {
	double one, two;	/* 1 and 2 bitmapped filters: total overhead over native */
	double second;		/* the 2nd cacheable filter's increment (2 bitmapped - 1) */
	double entry;		/* seccomp entry estimate: one - second */
	double last;		/* per-filter (last 2 diff): the 4th filter's increment */
	double avg;		/* per-filter (filters / 4): (4 filters - native - entry) / 4 */
	double model_err;	/* native + entry + 4 * last - 4 filters total */
};

static long long monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Up to ROUNDS children, at least MIN_ROUNDS, fewer than ROUNDS only past
 * ROUNDS_BUDGET_MS; fills f[] and returns how many. -1 with *why set when
 * our set-up failed. */
static int kernel_rounds(struct kfigures *f, char *why, size_t len)
{
	int cpu = the_cpu(), r;
	long long deadline = monotonic_ms() + ROUNDS_BUDGET_MS;

	for (r = 0; r < ROUNDS; r++) {
		if (r >= MIN_ROUNDS && monotonic_ms() > deadline)
			break;
		struct sct_outcome out;
		double v[KSTAGES];
		int s, err = sct_run_child(stack_child, &cpu, 20000, &out);

		if (err) {
			snprintf(why, len, "fork: %s", strerror(-err));
			return -1;
		}
		if (out.end != SCT_END_EXITED || out.code) {
			sct_outcome_str(&out, why, len);
			return -1;
		}
		for (s = 0; s < KSTAGES; s++)
			v[s] = SCT_REPORT(&out.rep, struct stack_report)->ps[s] / 1000.0;
		f[r].one = v[K_BITMAP1] - v[K_NATIVE];
		f[r].two = v[K_BITMAP2] - v[K_NATIVE];
		f[r].second = v[K_BITMAP2] - v[K_BITMAP1];
		f[r].entry = f[r].one - f[r].second;
		f[r].last = v[K_FULL4] - v[K_FULL3];
		f[r].avg = (v[K_FULL4] - v[K_NATIVE] - f[r].entry) / 4;
		f[r].model_err = v[K_NATIVE] + f[r].entry + 4 * f[r].last - v[K_FULL4];
	}
	return r;
}

/* Median and 95% CI over the n rounds of the figure at `off` in struct kfigures. */
static struct sct_summary over_rounds(const struct kfigures *f, int n, size_t off)
{
	struct sct_summary s;
	double x[ROUNDS];
	int r;

	for (r = 0; r < n; r++)
		x[r] = *(const double *)((const char *)&f[r] + off);
	sct_summarize(x, (size_t)n, &s);
	return s;
}

#define KERNEL_ROUNDS(f, n) do {					\
	char _why[256] = "";						\
	(n) = kernel_rounds((f), _why, sizeof(_why));			\
	ASSERT_LE(MIN_ROUNDS, (n)) {					\
		TH_LOG("BROKEN: our measuring child failed: %s", _why);	\
	}								\
} while (0)

/* A fixture only for the harness timeout: the stack cases take longer. */
FIXTURE(kernel_stack) {};
FIXTURE_SETUP(kernel_stack) {}
FIXTURE_TEARDOWN(kernel_stack) {}

#define CI(s) (s).median, (s).ci_lo, (s).ci_hi

/*
 * seccomp_benchmark's "1 bitmapped ≈ 2 bitmapped", "entry ≈ 1 bitmapped" and
 * "entry ≈ 2 bitmapped" all say one thing: the second cacheable filter's
 * increment is zero (entry - one = -second, entry - two = -2 * second).
 * Method: per child the paired increment, over ROUNDS children its median
 * and 95% distribution-free CI. The tolerance is half of what running one
 * such filter costs (the 4th filter's increment, measured in the same
 * children, which is also the positive control); a stack the cache did not
 * cover would add two runs, four times the tolerance. The verdict fails only
 * when the whole CI lies outside the tolerance, so noise that widens the CI
 * cannot fail it, while a real cost (>= 2 runs) lies outside any plausible
 * CI.
 */
TEST_F_TIMEOUT(kernel_stack, stacked_cacheable_filters_cost_what_one_does, STACK_TIMEOUT_S)
{
	struct kfigures f[ROUNDS];
	struct sct_summary second, run, one, two, entry;
	double tol;
	int n;

	SCT_REQUIRE(SCT_F_FILTER_MODE);
	REQUIRE_REAL_CPU();
	KERNEL_ROUNDS(f, n);
	second = over_rounds(f, n, offsetof(struct kfigures, second));
	run = over_rounds(f, n, offsetof(struct kfigures, last));
	one = over_rounds(f, n, offsetof(struct kfigures, one));
	two = over_rounds(f, n, offsetof(struct kfigures, two));
	entry = over_rounds(f, n, offsetof(struct kfigures, entry));
	tol = fmax(NOISE_NS, 0.5 * run.median);
	TH_LOG("ns, median [95%% CI] of %d rounds: 1 bitmapped %.1f [%.1f, %.1f], 2 bitmapped "
	       "%.1f [%.1f, %.1f], entry %.1f [%.1f, %.1f]; 2nd cacheable filter adds %.1f "
	       "[%.1f, %.1f] (tolerance ±%.1f), running one adds %.1f [%.1f, %.1f]", n,
	       CI(one), CI(two), CI(entry), CI(second), tol, CI(run));
	ASSERT_GT(run.ci_lo, NOISE_NS) {
		TH_LOG("running a %d-instruction filter costs nothing measurable: either the "
		       "BPF does not run or the machine is too noisy; re-run", STACK_INSNS);
	}
	EXPECT_LE(second.ci_lo, tol) {
		TH_LOG("a second cacheable filter costs %.1f ns: the constant-action cache "
		       "(Linux 5.11+) does not answer for a stack of filters", second.median);
	}
	EXPECT_GE(second.ci_hi, -tol) {
		TH_LOG("a second cacheable filter makes the call %.1f ns faster: the "
		       "measurement is broken", -second.median);
	}
}

/*
 * seccomp_benchmark's "per-filter (last 2 diff) ≈ per-filter (filters / 4)"
 * and "native + entry + (per filter * 4) ≈ 4 filters total" are one relation
 * (the second is the first times 4): with four filters running, the 4th adds
 * what each adds on average above the entry cost, i.e. the stack's cost is
 * linear in its depth. Method as above, on the paired per-child difference
 * last - avg; tolerance a generous 25% of the average (the kernel's own is
 * 10%): a cost growing with depth, say k units for the k-th filter, gives
 * 4 vs 2.5 units, 60%. The average also carries a quarter of the uncached
 * path's fixed cost (seccomp_run_filters' set-up, a few ns), small next to
 * four runs of STACK_INSNS instructions.
 */
TEST_F_TIMEOUT(kernel_stack, stacked_uncached_filters_cost_the_same_each, STACK_TIMEOUT_S)
{
	struct kfigures f[ROUNDS];
	struct sct_summary last, avg, diff, model;
	double tol;
	int r, n;

	SCT_REQUIRE(SCT_F_FILTER_MODE);
	REQUIRE_REAL_CPU();
	KERNEL_ROUNDS(f, n);
	for (r = 0; r < n; r++)
		f[r].second = f[r].last - f[r].avg;	/* reused as the paired difference */
	last = over_rounds(f, n, offsetof(struct kfigures, last));
	avg = over_rounds(f, n, offsetof(struct kfigures, avg));
	diff = over_rounds(f, n, offsetof(struct kfigures, second));
	model = over_rounds(f, n, offsetof(struct kfigures, model_err));
	tol = fmax(NOISE_NS, 0.25 * avg.median);
	TH_LOG("ns, median [95%% CI] of %d rounds: per-filter (last 2 diff) %.1f [%.1f, %.1f], "
	       "per-filter (filters / 4) %.1f [%.1f, %.1f], difference %.1f [%.1f, %.1f] "
	       "(tolerance ±%.1f); native + entry + 4 per-filter - 4 filters total %.1f "
	       "[%.1f, %.1f]", n, CI(last), CI(avg), CI(diff), tol, CI(model));
	ASSERT_GT(avg.ci_lo, NOISE_NS) {
		TH_LOG("four %d-instruction filters cost nothing measurable: either the BPF "
		       "does not run or the machine is too noisy; re-run", STACK_INSNS);
	}
	EXPECT_LE(diff.ci_lo, tol) {
		TH_LOG("the 4th stacked filter costs %.1f ns more than the average one: the "
		       "stack's cost grows faster than its depth", diff.median);
	}
	EXPECT_GE(diff.ci_hi, -tol) {
		TH_LOG("the 4th stacked filter costs %.1f ns less than the average one: the "
		       "stack's cost grows slower than its depth", -diff.median);
	}
}

SCT_SUITE_MAIN("Quick benchmark sanity: a filtered call is not faster than no filter, and a cached filter costs the same whatever its length. Never speed targets.")
