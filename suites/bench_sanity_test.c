// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_sanity_test - a few seconds of the benchmark method, checking only
 * what must hold on any machine, never a speed target:
 *  - a filtered syscall is not faster than the same call with no filter
 *    (beyond noise);
 *  - with the constant-action cache (Linux 5.11+), a cacheable filter's cost
 *    does not grow with its length: 1024 cacheable instructions cost about
 *    what one does, while 1024 uncacheable ones cost clearly more.
 * bench/seccomp-bench measures the same things properly.
 *
 * Each sample is a fresh child (filters cannot be removed) pinned to one
 * CPU, timing raw getppid() calls with CLOCK_PROCESS_CPUTIME_ID; filtered and
 * unfiltered samples alternate and the comparison uses paired differences.
 */
#include <errno.h>
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
	rep->val[0] = t1 - t0;
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
	return (double)out.rep.val[0] / CALLS;
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

SCT_SUITE_MAIN("Quick benchmark sanity: a filtered call is not faster than no filter, and a cached filter costs the same whatever its length. Never speed targets.")
