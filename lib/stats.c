// SPDX-License-Identifier: GPL-2.0-only
/*
 * stats.c - medians, intervals, fits and a seeded bootstrap (see stats.h).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

static int cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

void sct_sort(double *x, size_t n)
{
	qsort(x, n, sizeof(*x), cmp_double);
}

static double *sorted_copy(const double *x, size_t n)
{
	double *c = malloc((n ? n : 1) * sizeof(*c));

	if (!c)
		return NULL;
	memcpy(c, x, n * sizeof(*c));
	sct_sort(c, n);
	return c;
}

/* Type 7 on an already sorted array. */
static double quantile_sorted(const double *s, size_t n, double p)
{
	double h, frac;
	size_t lo;

	if (!n)
		return NAN;
	if (p <= 0)
		return s[0];
	if (p >= 1)
		return s[n - 1];
	h = (n - 1) * p;
	lo = (size_t)floor(h);
	frac = h - lo;
	if (lo + 1 >= n)
		return s[n - 1];
	return s[lo] + frac * (s[lo + 1] - s[lo]);
}

double sct_quantile(const double *x, size_t n, double p)
{
	double *s, q;

	if (!n)
		return NAN;
	s = sorted_copy(x, n);
	if (!s)
		return NAN;
	q = quantile_sorted(s, n, p);
	free(s);
	return q;
}

double sct_median(const double *x, size_t n)
{
	return sct_quantile(x, n, 0.5);
}

double sct_mad(const double *x, size_t n)
{
	double med, *d, r;
	size_t i;

	if (!n)
		return NAN;
	med = sct_median(x, n);
	d = malloc(n * sizeof(*d));
	if (!d)
		return NAN;
	for (i = 0; i < n; i++)
		d[i] = fabs(x[i] - med);
	r = sct_median(d, n);
	free(d);
	return r;
}

static int median_ci_sorted(const double *s, size_t n, double level, double *lo, double *hi,
			    double *coverage)
{
	double alpha = 1 - level, cov = 0, lognf = lgamma(n + 1.0), logp = n * log(0.5);
	double tail = 0;
	size_t j = 0;

	if (!n)
		return -EINVAL;
	/*
	 * Largest j (1-based) with P(B <= j-1) <= alpha/2, B ~ Bin(n, 1/2): the
	 * interval [x(j), x(n+1-j)] then covers the median with probability
	 * 1 - 2 P(B <= j-1). The tail is summed term by term in log space.
	 */
	while (j + 1 <= (n + 1) / 2) {
		tail += exp(lognf - lgamma(j + 1.0) - lgamma(n - j + 1.0) + logp);
		if (tail > alpha / 2)
			break;
		j++;
		cov = 1 - 2 * tail;
	}
	if (j == 0) {
		*lo = s[0];
		*hi = s[n - 1];
		/* [x(1), x(n)] misses the median only when all points fall on one side. */
		*coverage = 1 - 2 * exp(logp);
		return -ERANGE;
	}
	*lo = s[j - 1];
	*hi = s[n - j];
	*coverage = cov;
	return 0;
}

int sct_median_ci(const double *x, size_t n, double level, double *lo, double *hi,
		  double *coverage)
{
	double *s;
	int ret;

	*lo = *hi = *coverage = NAN;
	if (!n)
		return -EINVAL;
	s = sorted_copy(x, n);
	if (!s)
		return -ENOMEM;
	ret = median_ci_sorted(s, n, level, lo, hi, coverage);
	free(s);
	return ret;
}

/* The k-th smallest (0-based) of v[0..n), reordering v (Hoare's select). */
static double select_kth(double *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {
		double pivot = v[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;

		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				double t = v[i];

				v[i] = v[j];
				v[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return v[k];
	}
	return v[k];
}

static double *walsh_averages(const double *x, size_t n, size_t *m)
{
	double *w;
	size_t i, j, k = 0;

	*m = n * (n + 1) / 2;
	w = malloc(*m * sizeof(*w));
	if (!w)
		return NULL;
	for (i = 0; i < n; i++)
		for (j = i; j < n; j++)
			w[k++] = (x[i] + x[j]) / 2;
	return w;
}

double sct_pseudomedian(const double *x, size_t n)
{
	double *w, r, lo;
	size_t m, i;

	if (!n || !(w = walsh_averages(x, n, &m)))
		return NAN;
	r = select_kth(w, m, m / 2);
	if (m % 2 == 0) {
		/* Everything left of m/2 is now <= r: the lower middle is their maximum. */
		lo = w[0];
		for (i = 1; i < m / 2; i++)
			if (w[i] > lo)
				lo = w[i];
		r = (r + lo) / 2;
	}
	free(w);
	return r;
}

/* z with P(Z > z) = p for a standard normal Z, by bisection (0 < p < 1/2). */
static double normal_upper_quantile(double p)
{
	double lo = 0, hi = 40;
	int i;

	for (i = 0; i < 100; i++) {
		double mid = (lo + hi) / 2;

		if (erfc(mid / sqrt(2)) / 2 > p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

/*
 * P(T <= t) for t = 0..M under the null of the signed-rank statistic T (the
 * sum of the ranks with a positive sign): each rank 1..n is in with
 * probability 1/2, so the distribution is built rank by rank.
 */
static double *signed_rank_cdf(size_t n)
{
	size_t m = n * (n + 1) / 2, r, t;
	double *p = calloc(m + 1, sizeof(*p));

	if (!p)
		return NULL;
	p[0] = 1;
	for (r = 1; r <= n; r++)
		for (t = r * (r + 1) / 2; ; t--) {
			p[t] = (p[t] + (t >= r ? p[t - r] : 0)) / 2;
			if (!t)
				break;
		}
	for (t = 1; t <= m; t++)
		p[t] += p[t - 1];
	return p;
}

int sct_pseudomedian_ci(const double *x, size_t n, double level, double *est, double *lo,
			double *hi, double *coverage)
{
	double alpha = 1 - level, *w, *cdf = NULL, cov;
	size_t m, k;

	*est = *lo = *hi = *coverage = NAN;
	if (!n)
		return -EINVAL;
	w = walsh_averages(x, n, &m);
	if (!w)
		return -ENOMEM;
	sct_sort(w, m);
	*est = m % 2 ? w[m / 2] : (w[m / 2 - 1] + w[m / 2]) / 2;
	/* k: how many Walsh averages each end of the interval leaves out. */
	if (n <= 50) {
		cdf = signed_rank_cdf(n);
		if (!cdf) {
			free(w);
			return -ENOMEM;
		}
		for (k = 0; k < m / 2 && cdf[k] <= alpha / 2; k++)
			;
		cov = k ? 1 - 2 * cdf[k - 1] : 0;
		free(cdf);
	} else {
		double mu = m / 2.0, sd = sqrt(n * (n + 1.0) * (2 * n + 1) / 24);
		double z = normal_upper_quantile(alpha / 2);

		k = (size_t)fmax(0, floor(mu - z * sd + 0.5));
		/* P(T <= k - 1) with a continuity correction. */
		cov = 1 - erfc((mu - (k - 0.5)) / sd / sqrt(2));
	}
	if (k == 0) {
		*lo = w[0];
		*hi = w[m - 1];
		*coverage = 1 - 2 * ldexp(1, -(int)(n < 1000 ? n : 1000));
		free(w);
		return -ERANGE;
	}
	*lo = w[k - 1];
	*hi = w[m - k];
	*coverage = cov;
	free(w);
	return 0;
}

int sct_summarize(const double *x, size_t n, struct sct_summary *st)
{
	double *s, sum = 0;
	size_t i;

	st->n = n;
	st->min = st->max = st->mean = st->median = st->ci_lo = st->ci_hi = NAN;
	st->ci_coverage = st->q1 = st->q3 = st->iqr = st->mad = NAN;
	if (!n)
		return -EINVAL;
	s = sorted_copy(x, n);
	if (!s)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		sum += s[i];
	st->min = s[0];
	st->max = s[n - 1];
	st->mean = sum / n;
	st->median = quantile_sorted(s, n, 0.5);
	st->q1 = quantile_sorted(s, n, 0.25);
	st->q3 = quantile_sorted(s, n, 0.75);
	st->iqr = st->q3 - st->q1;
	median_ci_sorted(s, n, 0.95, &st->ci_lo, &st->ci_hi, &st->ci_coverage);
	free(s);
	st->mad = sct_mad(x, n);
	return 0;
}

double sct_t975(double df)
{
	/* t(0.975, df) for df = 1..30, the standard table values. */
	static const double table[30] = {
		12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
		2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
		2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
	};
	const double z = 1.959963984540054;
	double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;

	if (!(df >= 1))
		return NAN;
	if (df <= 30 && df == floor(df))
		return table[(int)df - 1];
	/* Cornish-Fisher expansion of t in powers of 1/df (Abramowitz-Stegun 26.7.5). */
	return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df) +
	       (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df * df * df);
}

/* Every field unknown (NAN) until computed. */
static void fit_reset(struct sct_fit *fit, size_t n)
{
	memset(fit, 0, sizeof(*fit));
	fit->a = fit->a_lo = fit->a_hi = fit->b = fit->b_lo = fit->b_hi = NAN;
	fit->se_a = fit->se_b = fit->r2 = NAN;
	fit->n = n;
}

int sct_fit_ols(const double *x, const double *y, size_t n, struct sct_fit *fit)
{
	double mx = 0, my = 0, sxx = 0, sxy = 0, syy = 0, sse, s2, t;
	size_t i;

	fit_reset(fit, n);
	if (n < 3)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		mx += x[i];
		my += y[i];
	}
	mx /= n;
	my /= n;
	for (i = 0; i < n; i++) {
		sxx += (x[i] - mx) * (x[i] - mx);
		sxy += (x[i] - mx) * (y[i] - my);
		syy += (y[i] - my) * (y[i] - my);
	}
	if (sxx <= 0)
		return -EINVAL;
	fit->b = sxy / sxx;
	fit->a = my - fit->b * mx;
	sse = syy - fit->b * sxy;
	if (sse < 0)
		sse = 0;
	s2 = sse / (n - 2);
	fit->se_b = sqrt(s2 / sxx);
	fit->se_a = sqrt(s2 * (1.0 / n + mx * mx / sxx));
	fit->r2 = syy > 0 ? 1 - sse / syy : 1;
	t = sct_t975(n - 2);
	fit->b_lo = fit->b - t * fit->se_b;
	fit->b_hi = fit->b + t * fit->se_b;
	fit->a_lo = fit->a - t * fit->se_a;
	fit->a_hi = fit->a + t * fit->se_a;
	return 0;
}

int sct_fit_theil_sen(const double *x, const double *y, size_t n, struct sct_fit *fit)
{
	double *slopes, *res;
	size_t i, j, m = 0;

	fit_reset(fit, n);
	if (n < 2)
		return -EINVAL;
	slopes = malloc(n * (n - 1) / 2 * sizeof(*slopes));
	res = malloc(n * sizeof(*res));
	if (!slopes || !res) {
		free(slopes);
		free(res);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (x[i] != x[j])
				slopes[m++] = (y[j] - y[i]) / (x[j] - x[i]);
	if (!m) {
		free(slopes);
		free(res);
		return -EINVAL;
	}
	fit->b = sct_median(slopes, m);
	for (i = 0; i < n; i++)
		res[i] = y[i] - fit->b * x[i];
	fit->a = sct_median(res, n);
	free(slopes);
	free(res);
	return 0;
}

uint64_t sct_rng_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

size_t sct_rng_below(uint64_t *state, size_t n)
{
	/* Rejection keeps it unbiased; n is tiny compared with 2^64. */
	uint64_t limit = UINT64_MAX - UINT64_MAX % n, r;

	do
		r = sct_rng_next(state);
	while (r >= limit);
	return r % n;
}

int sct_bootstrap(sct_boot_stat stat, void *ctx, size_t n, unsigned int reps,
		  uint64_t seed, double *lo, double *hi)
{
	size_t *idx, i, good = 0;
	double *vals;
	unsigned int r;

	*lo = *hi = NAN;
	if (!n || !reps)
		return -EINVAL;
	idx = malloc(n * sizeof(*idx));
	vals = malloc(reps * sizeof(*vals));
	if (!idx || !vals) {
		free(idx);
		free(vals);
		return -ENOMEM;
	}
	for (r = 0; r < reps; r++) {
		double v;

		for (i = 0; i < n; i++)
			idx[i] = sct_rng_below(&seed, n);
		v = stat(idx, n, ctx);
		if (isfinite(v))
			vals[good++] = v;
	}
	free(idx);
	if (good * 2 < reps) {
		free(vals);
		return -EINVAL;
	}
	sct_sort(vals, good);
	*lo = quantile_sorted(vals, good, 0.025);
	*hi = quantile_sorted(vals, good, 0.975);
	free(vals);
	return 0;
}
