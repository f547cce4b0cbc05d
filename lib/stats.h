/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * stats.h - the statistics the benchmarks report: medians with a
 * distribution-free 95% interval, spread, straight-line fits with intervals,
 * and a seeded bootstrap so every run of the same data gives the same
 * interval.
 *
 * Conventions: inputs are never modified (functions sort copies); a value
 * that cannot be computed (too few points) is NAN, which the JSON writer
 * (lib/result.h) turns into null. Functions returning int give 0 or a
 * negative errno (-EINVAL for too few points, -ENOMEM).
 */
#ifndef SCT_STATS_H
#define SCT_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Sort ascending, in place. */
void sct_sort(double *x, size_t n);

/* Median of x[0..n); NAN when n == 0. */
double sct_median(const double *x, size_t n);

/* Quantile p in [0,1] by linear interpolation between order statistics
 * (Hyndman-Fan type 7, R's default); NAN when n == 0. */
double sct_quantile(const double *x, size_t n, double p);

/* Median absolute deviation (raw, not scaled by 1.4826); NAN when n == 0. */
double sct_mad(const double *x, size_t n);

/*
 * Distribution-free confidence interval of the median from order
 * statistics: the widest-inside interval [x(j), x(n+1-j)] (1-based) whose
 * coverage 1 - 2 P(Bin(n, 1/2) < j) is at least `level`. Fills *lo, *hi and
 * the exact coverage achieved. With too few points for `level` (n < 6 for
 * 95%) the interval is [min, max], *coverage is below level and the return
 * is -ERANGE; n == 0 gives -EINVAL.
 */
int sct_median_ci(const double *x, size_t n, double level, double *lo, double *hi,
		  double *coverage);

/*
 * Hodges-Lehmann pseudo-median: the median of the n(n+1)/2 Walsh averages
 * (x_i + x_j) / 2, i <= j. Like the median it shrugs off outliers (29%
 * breakdown), but it moves smoothly when the sample is a mixture of two
 * modes, where the plain median jumps from one mode to the other as their
 * shares cross one half. NAN when n == 0 or memory runs out.
 */
double sct_pseudomedian(const double *x, size_t n);

/*
 * Its distribution-free interval, from the Wilcoxon signed-rank statistic:
 * [W(k), W(M+1-k)] of the sorted Walsh averages W(1..M), with the largest k
 * whose exact coverage (n <= 50; the normal approximation beyond) is at
 * least `level`. Valid for symmetric distributions of x; a skewed sample
 * still gets an interval for its pseudo-median. -ERANGE with [min, max]
 * when n is too small for `level` (n < 6 at 95%), -EINVAL for n == 0,
 * -ENOMEM.
 */
int sct_pseudomedian_ci(const double *x, size_t n, double level, double *est, double *lo,
			double *hi, double *coverage);

/* Everything a benchmark prints about one set of samples. */
struct sct_summary {
	size_t n;
	double min, max, mean;
	double median, ci_lo, ci_hi;	/* 95% CI of the median (order statistics) */
	double ci_coverage;		/* exact coverage of that interval */
	double q1, q3, iqr, mad;
};

/* Fill *s from x[0..n). -EINVAL when n == 0 (all fields NAN). */
int sct_summarize(const double *x, size_t n, struct sct_summary *s);

/* Two-sided 97.5% quantile of Student's t with df degrees of freedom
 * (exact table for df <= 30, a series expansion beyond); NAN for df < 1. */
double sct_t975(double df);

/* A straight line y = a + b x with 95% intervals. */
struct sct_fit {
	size_t n;
	double a, a_lo, a_hi;
	double b, b_lo, b_hi;
	double se_a, se_b;	/* OLS only; NAN for Theil-Sen */
	double r2;		/* OLS only */
};

/*
 * Ordinary least squares with the usual t intervals (independent, equal
 * variance errors). Needs n >= 3 and two distinct x; else -EINVAL.
 */
int sct_fit_ols(const double *x, const double *y, size_t n, struct sct_fit *fit);

/*
 * Theil-Sen: b = median of the pairwise slopes over pairs with distinct x,
 * a = median of y - b x. Intervals are left NAN (see sct_bootstrap).
 * Needs two distinct x; else -EINVAL.
 */
int sct_fit_theil_sen(const double *x, const double *y, size_t n, struct sct_fit *fit);

/* splitmix64: a small, fast, seedable generator (not for secrets). */
uint64_t sct_rng_next(uint64_t *state);
/* Uniform in [0, n), n > 0. */
size_t sct_rng_below(uint64_t *state, size_t n);

/*
 * Percentile bootstrap. `stat` computes the statistic on a resample given as
 * indices idx[0..n) into the caller's data (each drawn uniformly with
 * replacement) and returns NAN when it cannot. Runs `reps` resamples from
 * `seed`, and sets [*lo, *hi] to the 2.5% and 97.5% quantiles of the
 * finite results. -EINVAL when fewer than half the resamples were finite,
 * -ENOMEM.
 */
typedef double (*sct_boot_stat)(const size_t *idx, size_t n, void *ctx);
int sct_bootstrap(sct_boot_stat stat, void *ctx, size_t n, unsigned int reps,
		  uint64_t seed, double *lo, double *hi);

#endif
