// SPDX-License-Identifier: GPL-2.0-only
/*
 * seccomp-bench's fits: Δ against the suite's abscissa (instructions or
 * filters), Theil-Sen with a stratified bootstrap and OLS on every pair.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define FIT_MIN_POINTS	3	/* configurations in a fit: two points always lie on a line */

static bool in_fit(const struct cfg *c, const char *group)
{
	return !strcmp(c->group, group) && !c->broken && c->delta.n >= FIT_MIN_PAIRS;
}

/*
 * Theil-Sen on the per-configuration Δ pseudo-medians; with rng, of a
 * resample of each configuration's kept pairs (a stratified bootstrap:
 * the gates keep different pairs for each configuration, so there are no
 * whole rounds to resample). Returns the slope, NAN with fewer than 3.
 */
static double fit_group_ts(const struct suite *s, const char *group, uint64_t *rng,
			   struct sct_fit *fit)
{
	double *x = malloc(s->n * sizeof(*x)), *y = malloc(s->n * sizeof(*y)), *tmp = NULL;
	double b = NAN;
	size_t i, k, m = 0, most = 1;

	for (i = 1; i < s->n; i++)
		if (in_fit(&s->c[i], group) && s->c[i].delta.n > most)
			most = s->c[i].delta.n;
	tmp = malloc(most * sizeof(*tmp));
	if (!x || !y || !tmp)
		goto out;
	for (i = 1; i < s->n; i++) {
		const struct cfg *c = &s->c[i];

		if (!in_fit(c, group))
			continue;
		for (k = 0; k < c->delta.n; k++)
			tmp[k] = c->delta.v[rng ? sct_rng_below(rng, c->delta.n) : k];
		x[m] = c->x;
		y[m] = sct_pseudomedian(tmp, c->delta.n);
		m++;
	}
	if (m >= FIT_MIN_POINTS && !sct_fit_theil_sen(x, y, m, fit))
		b = fit->b;
out:
	free(x);
	free(y);
	free(tmp);
	return b;
}

/* 95% bootstrap intervals of the fit's slope and intercept. */
static void fit_group_boot(const struct suite *s, const char *group, struct sct_fit *ts)
{
	double *bs = malloc(BOOT_REPS * sizeof(*bs)), *as = malloc(BOOT_REPS * sizeof(*as));
	uint64_t rng = BOOT_SEED;
	size_t good = 0;
	unsigned int r;

	for (r = 0; bs && as && r < BOOT_REPS; r++) {
		struct sct_fit f;

		if (isfinite(fit_group_ts(s, group, &rng, &f))) {
			bs[good] = f.b;
			as[good++] = f.a;
		}
	}
	if (good * 2 >= BOOT_REPS) {
		ts->b_lo = sct_quantile(bs, good, 0.025);
		ts->b_hi = sct_quantile(bs, good, 0.975);
		ts->a_lo = sct_quantile(as, good, 0.025);
		ts->a_hi = sct_quantile(as, good, 0.975);
	}
	free(bs);
	free(as);
}

void fit_group(const struct suite *s, const char *group, struct group_fit *g)
{
	struct dvec xs = { 0 }, ys = { 0 };
	size_t i, k;

	memset(g, 0, sizeof(*g));
	if (isnan(fit_group_ts(s, group, NULL, &g->ts)))
		return;
	fit_group_boot(s, group, &g->ts);
	for (i = 1; i < s->n; i++) {
		const struct cfg *c = &s->c[i];

		if (strcmp(c->group, group) || c->broken)
			continue;
		for (k = 0; k < c->delta.n; k++) {
			dv_push(&xs, c->x);
			dv_push(&ys, c->delta.v[k]);
		}
	}
	sct_fit_ols(xs.v, ys.v, xs.n, &g->ols);
	free(xs.v);
	free(ys.v);
	g->ok = true;
}
