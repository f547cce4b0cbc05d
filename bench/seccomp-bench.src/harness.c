// SPDX-License-Identifier: GPL-2.0-only
/*
 * seccomp-bench's harness: rounds of paired samples in a fresh random
 * order, the gates that keep the pairs taken while the core ran at its
 * quiet level, and the stop rule (every interval within the target, or the
 * budget spent).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define SPEED_REF_MIN	20	/* speed probes before their quiet level means anything */
#define SPEED_REF_Q	0.10	/* the probe's quiet level: a low quantile, as the floors */
#define OWN_FLOOR_MIN	(3 * SUBSAMPLES)	/* a configuration's turns before its own gate */
#define BASE_FLOOR_MIN	(20 * SUBSAMPLES)	/* baseline turns before the suite's gate */
/*
 * The speed gate widens when over a quarter of the pairs since it last
 * widened were dropped by it, over at least WIDEN_ROUNDS rounds and
 * WIDEN_PAIRS pairs (one bad round is a slow phase the retakes ride out);
 * by WIDEN_FACTOR each time, never past WIDEN_MAX.
 */
#define WIDEN_ROUNDS	3
#define WIDEN_PAIRS	24
#define WIDEN_SHARE	4	/* dropped * WIDEN_SHARE > pairs: a quarter */
#define WIDEN_FACTOR	1.5
#define WIDEN_MAX	0.15	/* beyond this the "quiet" level would mix in slowed phases */
#define BUDGET_MIN_ROUNDS 6	/* the budget stops a suite only after this many rounds */

/*
 * A configuration's Δ: the Hodges-Lehmann pseudo-median of its paired
 * differences, with the signed-rank 95% interval. Not the plain median:
 * the unfiltered call can sit at one of a few levels (set by the host for
 * milliseconds to minutes, now and then per process), so the pairs' Δs
 * are a mixture of modes, and the median of a mixture jumps a whole mode
 * when the shares cross a half. The pseudo-median is as robust to
 * outliers and moves smoothly instead.
 */
int delta_center(const struct dvec *d, double *est, double *lo, double *hi, double *cov)
{
	return sct_pseudomedian_ci(d->v, d->n, 0.95, est, lo, hi, cov);
}

/* Half-width of the 95% interval of the baseline's median or a Δ. */
static double half_width(const struct dvec *d, bool is_delta, double *center)
{
	struct sct_summary s;
	double lo, hi, cov;

	if (is_delta) {
		if (delta_center(d, center, &lo, &hi, &cov))
			return INFINITY;
		return (hi - lo) / 2;
	}
	if (sct_summarize(d->v, d->n, &s)) {
		*center = NAN;
		return INFINITY;
	}
	*center = s.median;
	return s.ci_coverage >= 0.95 ? (s.ci_hi - s.ci_lo) / 2 : INFINITY;
}

/* The worst ratio (CI half-width / allowed half-width) over the suite. */
static double worst_ratio(const struct suite *s, const char **who)
{
	const struct bench_opts *opt = &s->run->opt;
	double worst = 0;
	size_t i;

	*who = "";
	for (i = s->abs_target ? 0 : 1; i < s->n; i++) {
		const struct cfg *c = &s->c[i];
		double med, hw, allowed, r;

		if (c->broken)
			continue;
		hw = i == 0 ? half_width(&c->ns, false, &med) : half_width(&c->delta, true, &med);
		allowed = opt->target_ns;
		if (s->abs_target)
			allowed /= M_SQRT2;
		else if (isfinite(med) && opt->target_rel * fabs(med) > allowed)
			allowed = opt->target_rel * fabs(med);
		r = hw / allowed;
		if (r > worst) {
			worst = r;
			*who = c->name;
		}
	}
	return worst;
}

/* The speed probe's quiet level over every pair so far in this run (all suites). */
double speed_ref(const struct bench_run *r)
{
	return r->speed_all.n >= SPEED_REF_MIN ?
	       sct_quantile(r->speed_all.v, r->speed_all.n, SPEED_REF_Q) : INFINITY;
}

/*
 * The speed gate is s->speed_tol_now, widened on a machine that never
 * settles. The baseline gate does not widen: its floor is a percentile, so
 * it follows the host, and a wider gate would mix the levels it is there
 * to separate.
 */
static bool core_slow(const struct suite *s, const struct sample *sp, double ref)
{
	return s->speed_tol_now > 0 && isfinite(ref) && sp->speed_ns > ref * (1 + s->speed_tol_now);
}

/* quiet_tol over the floor of every turn in all; none before min_n turns. */
static double floor_gate(const struct bench_opts *opt, const struct dvec *all, size_t min_n)
{
	if (opt->quiet_tol <= 0 || all->n < min_n)
		return INFINITY;
	return sct_quantile(all->v, all->n, FLOOR_Q) * (1 + opt->quiet_tol);
}

/* The filtered side's gate, over the configuration's own floor. */
static double own_floor_gate(const struct suite *s, const struct cfg *c)
{
	return floor_gate(&s->run->opt, &c->ns_all, OWN_FLOOR_MIN);
}

/* The baseline's gate, over the suite's floor. */
static double base_floor_gate(const struct suite *s)
{
	return floor_gate(&s->run->opt, &s->base_all, BASE_FLOOR_MIN);
}

static bool *keep_new(size_t n)
{
	bool *keep = calloc(n + 1, sizeof(*keep));

	if (!keep)
		exit(1);
	return keep;
}

/*
 * The gates judged early pairs against early floors; judge every kept pair
 * against the final ones (the suite's baseline floor, the configuration's
 * filtered floor), so all of a suite's figures come from the same levels.
 */
static void trim_to_floor(struct suite *s)
{
	struct cfg *b = &s->c[0];
	double thr;
	size_t i, k;
	bool *keep;

	s->base_floor_ns = s->base_all.n ? sct_quantile(s->base_all.v, s->base_all.n, FLOOR_Q) : NAN;
	thr = base_floor_gate(s);
	if (!isfinite(thr))
		return;
	keep = keep_new(b->ns.n);
	for (k = 0; k < b->ns.n; k++)
		keep[k] = b->ns.v[k] <= thr;
	dv_keep(&b->ns, keep);
	free(keep);
	for (i = 1; i < s->n; i++) {
		struct cfg *c = &s->c[i];
		double own = own_floor_gate(s, c);

		keep = keep_new(c->pair_base.n);
		for (k = 0; k < c->pair_base.n; k++)
			keep[k] = c->pair_base.v[k] <= thr && c->ns.v[k] <= own;
		s->trimmed += dv_keep(&c->delta, keep);
		dv_keep(&c->ns, keep);
		dv_keep(&c->wall_ratio, keep);
		dv_keep(&c->pair_base, keep);
		free(keep);
	}
}

/* The state of one suite's rounds. */
struct rounds {
	double t0, base_gate, sref;
	size_t span_pairs, span_dropped, span_rounds;	/* since the speed gate last widened */
	size_t dropped;		/* this round, by the speed probe */
};

/*
 * One pair of c, taken again (up to QUIET_RETRIES times) and dropped if it
 * still fails:
 * - the speed probe ran slower than its quiet level: the host slowed the
 *   whole core, which scales every cost, the filter's too, and does not
 *   cancel in the difference;
 * - fewer than MIN_KEPT_TURNS of its turns pass two gates. The baseline's
 *   turn within quiet_tol of the suite's floor (FLOOR_Q of every baseline
 *   turn): the host can move the unfiltered call between levels for
 *   milliseconds to minutes while the filtered path hardly moves with it,
 *   so a Δ means something only within one level. And the filtered side's
 *   turn within quiet_tol of the configuration's own floor: it has levels
 *   of its own.
 */
static void take_kept_pair(struct suite *s, struct rounds *st, struct cfg *c, size_t i)
{
	struct cfg *b = &s->c[0];
	struct sample sp;
	bool slow = false, busy = false;
	int attempt;

	for (attempt = 0; ; attempt++) {
		int j;

		if (take_pair(s->run, b, c, (s->rounds + i + attempt) % 2, &sp))
			break;
		dv_push(&s->run->speed_all, sp.speed_ns);
		for (j = 0; j < SUBSAMPLES; j++) {
			dv_push(&s->base_all, sp.a[j]);
			dv_push(&c->ns_all, sp.b[j]);
		}
		reduce_turns(&sp, st->base_gate, own_floor_gate(s, c));
		slow = core_slow(s, &sp, st->sref);
		busy = sp.kept < MIN_KEPT_TURNS;
		if (attempt >= QUIET_RETRIES || (!slow && !busy))
			break;
		s->retaken++;
		s->retaken_slow += slow;
	}
	if (c->broken)
		return;
	if (slow || busy) {
		st->dropped += slow;
		s->dropped_slow++;
		return;
	}
	dv_push(&b->ns, sp.base_ns);
	dv_push(&c->ns, sp.ns);
	dv_push(&c->wall_ratio, sp.wall_ratio);
	dv_push(&c->delta, sp.delta);
	dv_push(&c->pair_base, sp.base_ns);
}

/* A core whose speed never settles: widen the speed gate (and say so later). */
static void maybe_widen(struct suite *s, struct rounds *st, size_t pairs)
{
	st->span_pairs += pairs;
	st->span_dropped += st->dropped;
	st->span_rounds++;
	if (st->span_rounds >= WIDEN_ROUNDS && st->span_pairs >= WIDEN_PAIRS &&
	    st->span_dropped * WIDEN_SHARE > st->span_pairs && s->speed_tol_now < WIDEN_MAX) {
		s->speed_tol_now = fmin(WIDEN_MAX, s->speed_tol_now * WIDEN_FACTOR);
		s->speed_tol_widened = s->speed_tol_now;
		st->span_pairs = st->span_dropped = st->span_rounds = 0;
	}
}

/* After a round: true when the suite stops (target met or budget spent). */
static bool round_done(struct suite *s, double t)
{
	const struct bench_opts *opt = &s->run->opt;
	const char *who;
	double w = worst_ratio(s, &who);

	progress(s->run, "[%s] round %u (%.0f s): worst interval %.2fx the target (%s)",
		 s->name, s->rounds, t, w, who);
	if (s->rounds >= opt->min_rounds && w <= 1) {
		s->target_met = true;
		s->time_to_target_s = t;
		return true;
	}
	return t > opt->budget_s * s->budget_scale && s->rounds >= BUDGET_MIN_ROUNDS;
}

void run_suite(struct suite *s)
{
	struct bench_run *r = s->run;
	struct rounds st = { .t0 = now_s(), .base_gate = INFINITY, .sref = speed_ref(r) };
	uint64_t rng = BOOT_SEED ^ s->n;
	size_t *order, i;

	s->time_to_target_s = NAN;
	/* Each suite starts from the configured gates; widening is per suite. */
	s->speed_tol_now = r->opt.speed_tol;
	order = calloc(s->n, sizeof(*order));
	if (!order)
		exit(1);
	for (i = 0; i < s->n; i++) {
		progress(r, "[%s] calibrating %zu/%zu: %s", s->name, i + 1, s->n, s->c[i].name);
		cfg_simulate(&s->c[i]);
		if (i)
			calibrate(r, &s->c[0], &s->c[i]);
	}
	for (s->rounds = 0; s->rounds < r->opt.max_rounds; ) {
		size_t m = 0;

		for (i = 1; i < s->n; i++)
			if (!s->c[i].broken)
				order[m++] = i;
		if (!m)
			break;
		shuffle(order, m, &rng);
		st.dropped = 0;
		for (i = 0; i < m; i++)
			take_kept_pair(s, &st, &s->c[order[i]], i);
		s->rounds++;
		st.base_gate = base_floor_gate(s);
		st.sref = speed_ref(r);
		maybe_widen(s, &st, m);
		if (round_done(s, now_s() - st.t0))
			break;
	}
	s->elapsed_s = now_s() - st.t0;
	progress_done(r);
	free(order);
	trim_to_floor(s);
}
