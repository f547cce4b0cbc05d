// SPDX-License-Identifier: GPL-2.0-only
/*
 * stats_test - self-tests of lib/stats.c against values worked out by hand
 * (the working is in the comments), so a change in a formula shows up here
 * before it shows up as a wrong benchmark number.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>

#include "suite.h"

#include "stats.h"

#define NEAR(want, got, tol) do {						\
	double _w = (want), _g = (got);					\
	ASSERT_TRUE(fabs(_w - _g) <= (tol)) {				\
		TH_LOG("expected %.9g, got %.9g (tolerance %g)", _w, _g, (double)(tol)); \
	}								\
} while (0)

TEST(median_odd_even_and_empty)
{
	const double odd[] = { 3, 1, 2 }, even[] = { 4, 1, 3, 2 };

	NEAR(2, sct_median(odd, 3), 0);
	NEAR(2.5, sct_median(even, 4), 0);	/* (2 + 3) / 2 */
	ASSERT_TRUE(isnan(sct_median(odd, 0)));
}

TEST(quantile_type7)
{
	const double x[] = { 4, 3, 2, 1 };

	/* h = (n-1) p = 0.75: x(1) + 0.75 (x(2) - x(1)) = 1.75 */
	NEAR(1.75, sct_quantile(x, 4, 0.25), 1e-12);
	NEAR(3.25, sct_quantile(x, 4, 0.75), 1e-12);
	NEAR(1, sct_quantile(x, 4, 0), 0);
	NEAR(4, sct_quantile(x, 4, 1), 0);
}

TEST(mad_ignores_one_outlier)
{
	const double x[] = { 1, 2, 3, 4, 100 };

	/* median 3; |x - 3| = 2 1 0 1 97; their median is 1 */
	NEAR(1, sct_mad(x, 5), 0);
}

TEST(median_ci_n10)
{
	double x[10], lo, hi, cov;
	int i;

	for (i = 0; i < 10; i++)
		x[i] = 10 - i;
	/*
	 * Bin(10, 1/2): P(B <= 1) = 11/1024 = 0.0107 <= 0.025 but
	 * P(B <= 2) = 56/1024 = 0.0547 > 0.025, so j = 2: [x(2), x(9)] = [2, 9],
	 * coverage 1 - 22/1024 = 0.978515625.
	 */
	ASSERT_EQ(0, sct_median_ci(x, 10, 0.95, &lo, &hi, &cov));
	NEAR(2, lo, 0);
	NEAR(9, hi, 0);
	NEAR(1 - 22.0 / 1024, cov, 1e-12);
}

TEST(median_ci_n100)
{
	double x[100], lo, hi, cov;
	int i;

	for (i = 0; i < 100; i++)
		x[i] = i + 1;
	/*
	 * Bin(100, 1/2): P(B <= 39) = 0.0176 <= 0.025 < P(B <= 40) = 0.0284, so
	 * j = 40: [x(40), x(61)], coverage 1 - 2 * 0.017600 = 0.9648.
	 */
	ASSERT_EQ(0, sct_median_ci(x, 100, 0.95, &lo, &hi, &cov));
	NEAR(40, lo, 0);
	NEAR(61, hi, 0);
	NEAR(0.9648, cov, 1e-4);
}

TEST(median_ci_too_few_points)
{
	const double x[] = { 5, 1, 4, 2, 3 };
	double lo, hi, cov;

	/* n = 5: P(B = 0) = 1/32 > 0.025, so no interval reaches 95%:
	 * [min, max] with coverage 1 - 2/32 = 0.9375, and -ERANGE says so. */
	ASSERT_EQ(-ERANGE, sct_median_ci(x, 5, 0.95, &lo, &hi, &cov));
	NEAR(1, lo, 0);
	NEAR(5, hi, 0);
	NEAR(0.9375, cov, 1e-12);
	ASSERT_EQ(-EINVAL, sct_median_ci(x, 0, 0.95, &lo, &hi, &cov));
}

TEST(pseudomedian_by_hand)
{
	const double x[] = { 1, 2, 3, 4, 100 }, three[] = { 0, 1, 10 };

	/*
	 * The 15 Walsh averages of x sorted: 1 1.5 2 2 2.5 2.5 3 3 3.5 4 50.5 51
	 * 52 52 100; the 8th is 3 (the outlier moves only the top five).
	 */
	NEAR(3, sct_pseudomedian(x, 5), 0);
	/* Six averages 0 0.5 1 5 5.5 10: an even count, (1 + 5) / 2. */
	NEAR(3, sct_pseudomedian(three, 3), 0);
	ASSERT_TRUE(isnan(sct_pseudomedian(x, 0)));
}

TEST(pseudomedian_ci_exact_n10)
{
	double x[10], est, lo, hi, cov;
	int i;

	for (i = 0; i < 10; i++)
		x[9 - i] = i + 1;
	/*
	 * Signed-rank null, n = 10: 25 of the 1024 sign patterns have T <= 8
	 * (sums 0..8 of distinct ranks: 1 1 1 2 2 3 4 5 6), so P(T <= 8) =
	 * 0.0244 <= 0.025 < P(T <= 9) = 0.0322 and k = 9: the interval is
	 * [W(9), W(47)] of the 55 averages, with coverage 1 - 50/1024. For
	 * x = 1..10 the averages (i + j) / 2 counted from below reach 9 at 3,
	 * and by symmetry W(47) = 11 - 3 = 8.
	 */
	ASSERT_EQ(0, sct_pseudomedian_ci(x, 10, 0.95, &est, &lo, &hi, &cov));
	NEAR(5.5, est, 0);
	NEAR(3, lo, 0);
	NEAR(8, hi, 0);
	NEAR(1 - 50.0 / 1024, cov, 1e-12);
	NEAR(est, sct_pseudomedian(x, 10), 0);
}

TEST(pseudomedian_ci_normal_branch)
{
	double x[200], est, lo, hi, cov;
	uint64_t rng = 42;
	int i;

	/* n > 50 uses the normal approximation: coverage just above 95%. */
	for (i = 0; i < 200; i++)
		x[i] = (double)sct_rng_below(&rng, 1000) / 10;
	ASSERT_EQ(0, sct_pseudomedian_ci(x, 200, 0.95, &est, &lo, &hi, &cov));
	ASSERT_TRUE(cov >= 0.95 && cov < 0.951) TH_LOG("coverage %g", cov);
	ASSERT_TRUE(lo <= est && est <= hi);
	NEAR(est, sct_pseudomedian(x, 200), 1e-12);
	/* A uniform sample of 0..99.9: the centre is near 50, the interval narrow. */
	ASSERT_TRUE(fabs(est - 50) < 5 && hi - lo < 10) TH_LOG("%g [%g, %g]", est, lo, hi);
	ASSERT_EQ(-ERANGE, sct_pseudomedian_ci(x, 5, 0.95, &est, &lo, &hi, &cov));
	ASSERT_EQ(-EINVAL, sct_pseudomedian_ci(x, 0, 0.95, &est, &lo, &hi, &cov));
}

TEST(pseudomedian_steady_on_a_two_mode_mixture)
{
	double a[100], b[100];
	int i;

	/*
	 * Why the benchmark's Δ is a pseudo-median: a per-process cost with two
	 * modes 13 ns apart, 45% in the low mode in one run and 55% in the next.
	 * The median jumps the whole 13 ns; the pseudo-median stays put.
	 */
	for (i = 0; i < 100; i++) {
		a[i] = i < 45 ? 40 : 53;
		b[i] = i < 55 ? 40 : 53;
	}
	NEAR(13, sct_median(a, 100) - sct_median(b, 100), 0);
	NEAR(sct_pseudomedian(a, 100), sct_pseudomedian(b, 100), 0);
	NEAR(46.5, sct_pseudomedian(a, 100), 0);
}

TEST(summary)
{
	const double x[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct sct_summary s;

	ASSERT_EQ(0, sct_summarize(x, 8, &s));
	NEAR(4.5, s.median, 0);
	NEAR(4.5, s.mean, 0);
	NEAR(1, s.min, 0);
	NEAR(8, s.max, 0);
	/* type 7: q1 at h = 1.75 -> 2.75, q3 at h = 5.25 -> 6.25 */
	NEAR(2.75, s.q1, 1e-12);
	NEAR(6.25, s.q3, 1e-12);
	NEAR(3.5, s.iqr, 1e-12);
	/* |x - 4.5| = 3.5 2.5 1.5 .5 .5 1.5 2.5 3.5 -> median 2 */
	NEAR(2, s.mad, 0);
	/* n = 8: P(B <= 0) = 1/256 <= 0.025 < P(B <= 1) = 9/256: [x(1), x(8)] */
	NEAR(1, s.ci_lo, 0);
	NEAR(8, s.ci_hi, 0);
	NEAR(1 - 2.0 / 256, s.ci_coverage, 1e-12);
	ASSERT_EQ(-EINVAL, sct_summarize(x, 0, &s));
	ASSERT_TRUE(isnan(s.median));
}

TEST(t_quantiles)
{
	NEAR(12.706, sct_t975(1), 1e-9);
	NEAR(2.228, sct_t975(10), 1e-9);
	/* published values: t(.975, 40) = 2.021075, t(.975, 1000) = 1.962339 */
	NEAR(2.021075, sct_t975(40), 2e-5);
	NEAR(1.962339, sct_t975(1000), 2e-6);
	ASSERT_TRUE(isnan(sct_t975(0)));
}

TEST(ols_by_hand)
{
	const double x[] = { 1, 2, 3, 4 }, y[] = { 3, 5, 7, 10 };
	struct sct_fit f;

	/*
	 * mean x 2.5, mean y 6.25, Sxx 5, Sxy 11.5, Syy 26.75:
	 * b = 2.3, a = 6.25 - 2.3 * 2.5 = 0.5; SSE = 26.75 - 2.3 * 11.5 = 0.3,
	 * s^2 = 0.15; se(b) = sqrt(0.15 / 5) = 0.1732051,
	 * se(a) = sqrt(0.15 (1/4 + 6.25/5)) = 0.4743416; t(.975, 2) = 4.303;
	 * R^2 = 1 - 0.3 / 26.75 = 0.9887850.
	 */
	ASSERT_EQ(0, sct_fit_ols(x, y, 4, &f));
	NEAR(2.3, f.b, 1e-12);
	NEAR(0.5, f.a, 1e-12);
	NEAR(0.1732051, f.se_b, 1e-7);
	NEAR(0.4743416, f.se_a, 1e-7);
	NEAR(2.3 - 4.303 * 0.1732051, f.b_lo, 1e-6);
	NEAR(2.3 + 4.303 * 0.1732051, f.b_hi, 1e-6);
	NEAR(0.5 - 4.303 * 0.4743416, f.a_lo, 1e-6);
	NEAR(0.5 + 4.303 * 0.4743416, f.a_hi, 1e-6);
	NEAR(0.9887850, f.r2, 1e-7);
}

TEST(ols_refuses_degenerate_input)
{
	const double x[] = { 2, 2, 2 }, y[] = { 1, 2, 3 };
	struct sct_fit f;

	ASSERT_EQ(-EINVAL, sct_fit_ols(x, y, 3, &f));
	ASSERT_EQ(-EINVAL, sct_fit_ols(x, y, 2, &f));
	ASSERT_TRUE(isnan(f.b));
}

TEST(theil_sen_by_hand)
{
	const double x[] = { 1, 2, 3, 4 }, y[] = { 3, 5, 7, 10 };
	const double x5[] = { 1, 2, 3, 4, 5 }, y5[] = { 3, 5, 7, 9, 100 };
	struct sct_fit f;

	/* slopes 2 2 7/3 2 2.5 3 -> sorted 2 2 2 7/3 2.5 3 -> b = (2 + 7/3) / 2;
	 * residuals y - b x: 5/6, 2/3, 1/2, 4/3 -> a = (2/3 + 5/6) / 2 = 0.75 */
	ASSERT_EQ(0, sct_fit_theil_sen(x, y, 4, &f));
	NEAR((2 + 7.0 / 3) / 2, f.b, 1e-12);
	NEAR(0.75, f.a, 1e-12);
	/* y = 2x + 1 with one wild point: six slopes of 2 among ten -> b = 2, a = 1 */
	ASSERT_EQ(0, sct_fit_theil_sen(x5, y5, 5, &f));
	NEAR(2, f.b, 0);
	NEAR(1, f.a, 0);
}

TEST(rng_splitmix64_reference)
{
	uint64_t s = 0;

	/* The first outputs of splitmix64 seeded with 0 (Vigna's reference code). */
	ASSERT_EQ(0xe220a8397b1dcdafULL, sct_rng_next(&s));
	ASSERT_EQ(0x6e789e6aa1b965f4ULL, sct_rng_next(&s));
	for (int i = 0; i < 1000; i++)
		ASSERT_GT(7, sct_rng_below(&s, 7));
}

static double boot_median(const size_t *idx, size_t n, void *ctx)
{
	const double *data = ctx;
	double v[64];

	for (size_t i = 0; i < n; i++)
		v[i] = data[idx[i]];
	return sct_median(v, n);
}

TEST(bootstrap_is_deterministic_and_sane)
{
	double data[40], lo1, hi1, lo2, hi2;
	const double same[5] = { 7, 7, 7, 7, 7 };

	for (int i = 0; i < 40; i++)
		data[i] = i;
	ASSERT_EQ(0, sct_bootstrap(boot_median, data, 40, 2000, 42, &lo1, &hi1));
	ASSERT_EQ(0, sct_bootstrap(boot_median, data, 40, 2000, 42, &lo2, &hi2));
	NEAR(lo1, lo2, 0);
	NEAR(hi1, hi2, 0);
	/* the median of 0..39 is 19.5; its interval must hold it and stay inside */
	ASSERT_TRUE(lo1 < 19.5 && hi1 > 19.5 && lo1 >= 10 && hi1 <= 29);
	ASSERT_EQ(0, sct_bootstrap(boot_median, (void *)same, 5, 100, 1, &lo1, &hi1));
	NEAR(7, lo1, 0);
	NEAR(7, hi1, 0);
}

SCT_SUITE_MAIN("Self-tests of the statistics (lib/stats.c).")
