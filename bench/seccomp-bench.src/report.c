// SPDX-License-Identifier: GPL-2.0-only
/*
 * seccomp-bench's statistics reporting: the table of a suite's
 * configurations, its fits, the warnings that say when a figure cannot be
 * trusted, and what goes into the record.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#include "bench.h"

#define SPREAD_MIN_N	4	/* pairs before a configuration's spread is judged */
#define NOISY_IQR	0.10	/* IQR over the median beyond which a configuration is noisy */
#define SHARED_WALL	1.05	/* wall over CPU time beyond which the CPU was shared */
#define NAME_ROOM	40	/* room left for one more name in a warning's list */

static void fmt_ci(char *buf, size_t len, double med, double lo, double hi)
{
	double hw = (hi - lo) / 2;

	if (!isfinite(med))
		snprintf(buf, len, "-");
	else if (!isfinite(hw))
		snprintf(buf, len, "%.1f ± ?", med);
	else
		snprintf(buf, len, "%.1f ± %.1f", med, hw);
}

void print_cfg_table(const struct suite *s)
{
	size_t i;

	printf("  %-36s %7s %6s %8s %18s %18s %9s %22s\n", "configuration", s->x_name[0] == 'f' ?
	       "filters" : "insns", "exec", "cached", "ns/call", "Δ vs baseline", "IQR", "min … max (N)");
	for (i = 0; i < s->n; i++) {
		const struct cfg *c = &s->c[i];
		struct sct_summary a;
		char m[48], dl[48], mm[48];

		if (c->broken) {
			printf("  %-36s  BROKEN: %s\n", c->name, c->broken_why);
			continue;
		}
		sct_summarize(c->ns.v, c->ns.n, &a);
		if (i) {
			double est, lo, hi, cov;

			delta_center(&c->delta, &est, &lo, &hi, &cov);
			fmt_ci(dl, sizeof(dl), est, lo, hi);
		}
		else
			snprintf(dl, sizeof(dl), "—");
		fmt_ci(m, sizeof(m), a.median, a.ci_lo, a.ci_hi);
		snprintf(mm, sizeof(mm), "%.1f … %.1f (%zu)", a.min, a.max, a.n);
		printf("  %-36s %7g %6zu %8s %18s %18s %9.1f %22s\n", c->name, c->x, c->executed,
		       c->nprogs ? (c->cacheable ? "yes" : "no") : "-", m, dl, a.iqr, mm);
	}
}

void check_cfgs(struct suite *s)
{
	const struct bench_opts *opt = &s->run->opt;
	char noisy[400] = "", shared[400] = "";
	size_t i, nnoisy = 0, nshared = 0, n = 0;
	double worst_wall = 0;

	for (i = 0; i < s->n; i++) {
		const struct cfg *c = &s->c[i];
		struct sct_summary a, w;
		double est, lo, hi, cov;

		if (c->broken) {
			warn(s, "%s/%s could not be measured: %s", s->name, c->name, c->broken_why);
			continue;
		}
		n++;
		sct_summarize(c->ns.v, c->ns.n, &a);
		sct_summarize(c->wall_ratio.v, c->wall_ratio.n, &w);
		/* The denied path skips the syscall's own work, so it may be faster. */
		if (i && !c->denied && !delta_center(&c->delta, &est, &lo, &hi, &cov) && hi < 0)
			warn(s, "%s/%s measured FASTER than the no-filter baseline (Δ %.1f ns, 95%% CI "
			     "[%.1f, %.1f]): that is noise or drift, not a real saving; re-run on a "
			     "quiet machine or with more rounds (--min-rounds)", s->name, c->name,
			     est, lo, hi);
		if (a.n >= SPREAD_MIN_N && a.iqr > NOISY_IQR * a.median) {
			nnoisy++;
			if (strlen(noisy) < sizeof(noisy) - NAME_ROOM)
				snprintf(noisy + strlen(noisy), sizeof(noisy) - strlen(noisy), "%s%s",
					 nnoisy > 1 ? ", " : "", c->name);
		}
		/* B's wall time spans both sides' turns: 1.0 means nobody else ran. */
		if (w.n >= SPREAD_MIN_N && w.median > SHARED_WALL) {
			nshared++;
			if (w.median > worst_wall)
				worst_wall = w.median;
			if (strlen(shared) < sizeof(shared) - NAME_ROOM)
				snprintf(shared + strlen(shared), sizeof(shared) - strlen(shared), "%s%s",
					 nshared > 1 ? ", " : "", c->name);
		}
	}
	if (nnoisy)
		warn(s, "%s: %zu of %zu configurations are noisy (IQR above 10%% of the median: %s): "
		     "another task is sharing CPU %d or its SMT sibling; stop other jobs or pick an "
		     "idle CPU with --cpu", s->name, nnoisy, n, noisy, opt->cpu);
	if (nshared)
		warn(s, "%s: %zu of %zu configurations ran while CPU %d was shared (wall time up to "
		     "%.0f%% above CPU time: %s); CPU-time figures stand, spread grows", s->name,
		     nshared, n, opt->cpu, 100 * (worst_wall - 1), shared);
	if (s->retaken)
		warn(s, "%s: %lu pairs were taken again because the core ran slow (%lu by the speed "
		     "probe, more than %.0f%% above its quiet level; the rest because fewer than %d "
		     "turns ran within %.0f%% of the floors, the baseline's %.1f ns) and %lu "
		     "dropped as still slow, %lu more "
		     "left out against the final floor: another task on the CPU, its SMT sibling "
		     "or the host; figures from a quiet machine come sooner",
		     s->name, s->retaken, s->retaken_slow, 100 * opt->speed_tol,
		     MIN_KEPT_TURNS, 100 * opt->quiet_tol, s->base_floor_ns, s->dropped_slow, s->trimmed);
	if (s->speed_tol_widened > 0)
		warn(s, "%s: the core's speed varied so much that the speed probe dropped over a "
		     "quarter of the pairs of three rounds; its gate was widened to %.1f%%, so some "
		     "figures come from a slowed core", s->name, 100 * s->speed_tol_widened);
	if (!s->target_met)
		warn(s, "%s: stopped after %u rounds (%.0f s) before every interval reached ±%g ns "
		     "(or %g%%); the numbers stand with the wider intervals shown; for tighter ones "
		     "run on a quiet machine or raise --budget", s->name, s->rounds, s->elapsed_s,
		     opt->target_ns, 100 * opt->target_rel);
}

void record_cfgs(struct suite *s)
{
	struct sct_result *record = s->run->record;
	size_t i;

	for (i = 0; i < s->n; i++) {
		struct cfg *c = &s->c[i];
		char name[128];
		struct json_object *b, *p, *d;
		struct sct_summary a, ds, w;

		snprintf(name, sizeof(name), "%s/%s", s->name, c->name);
		b = sct_result_add_benchmark(record, name, "ns");
		json_object_object_get_ex(b, "params", &p);
		json_object_object_add(p, "suite", json_object_new_string(s->name));
		json_object_object_add(p, "group", json_object_new_string(c->group));
		json_object_object_add(p, "x", sct_json_num(c->x));
		json_object_object_add(p, "x_name", json_object_new_string(s->x_name));
		json_object_object_add(p, "syscall", json_object_new_string(
			c->nr == __NR_getpid ? "getpid" : s->sysname));
		json_object_object_add(p, "filters", json_object_new_int64(c->nprogs));
		json_object_object_add(p, "static_insns", json_object_new_int64(c->static_insns));
		json_object_object_add(p, "executed_insns", json_object_new_int64(c->executed));
		json_object_object_add(p, "cacheable", c->nprogs ?
				       json_object_new_boolean(c->cacheable) : NULL);
		json_object_object_add(p, "denied", json_object_new_boolean(c->denied));
		json_object_object_add(p, "calls_per_sample", json_object_new_int64(c->iters));
		json_object_object_foreach(c->params, k, v)
			json_object_object_add(p, k, json_object_get(v));
		json_object_put(c->params);
		c->params = NULL;
		json_object_object_add(b, "broken", c->broken ? json_object_new_string(c->broken_why)
				       : NULL);
		json_object_object_add(b, "samples", sct_json_array(c->ns.v, c->ns.n));
		sct_summarize(c->ns.v, c->ns.n, &a);
		sct_json_add_summary(b, &a);
		if (i) {
			d = json_object_new_object();
			json_object_object_add(d, "samples", sct_json_array(c->delta.v, c->delta.n));
			sct_summarize(c->delta.v, c->delta.n, &ds);
			sct_json_add_summary(d, &ds);
			{
				double est, lo, hi, cov;

				delta_center(&c->delta, &est, &lo, &hi, &cov);
				json_object_object_add(d, "pseudomedian", sct_json_num(est));
				json_object_object_add(d, "pseudomedian_ci95", sct_json_pair(lo, hi));
				json_object_object_add(d, "pseudomedian_ci95_coverage",
						       sct_json_num(cov));
			}
			json_object_object_add(b, "delta", d);
		} else {
			json_object_object_add(b, "delta", NULL);
		}
		sct_summarize(c->wall_ratio.v, c->wall_ratio.n, &w);
		json_object_object_add(b, "wall_over_cpu_median", sct_json_num(w.median));
	}
}

void print_fit(const char *label, const char *unit, const struct group_fit *g)
{
	if (!g->ok) {
		printf("  %-10s fit: not enough data\n", label);
		return;
	}
	printf("  %-10s Δns = %.2f [%.2f, %.2f] + %.4f [%.4f, %.4f] ns/%s   "
	       "(Theil-Sen on Δ pseudo-medians, bootstrap 95%%)\n", label, g->ts.a, g->ts.a_lo, g->ts.a_hi,
	       g->ts.b, g->ts.b_lo, g->ts.b_hi, unit);
	printf("  %-10s Δns = %.2f [%.2f, %.2f] + %.4f [%.4f, %.4f] ns/%s   "
	       "(OLS on all %zu paired samples, R² %.3f)\n", "", g->ols.a, g->ols.a_lo, g->ols.a_hi,
	       g->ols.b, g->ols.b_lo, g->ols.b_hi, unit, g->ols.n, g->ols.r2);
}

void record_fit(const struct suite *s, const char *group, const struct group_fit *g)
{
	struct sct_result *record = s->run->record;
	char name[128];
	struct json_object *b, *p;

	snprintf(name, sizeof(name), "%s/fit/%s", s->name, group);
	b = sct_result_add_benchmark(record, name, "ns");
	json_object_object_get_ex(b, "params", &p);
	json_object_object_add(p, "suite", json_object_new_string(s->name));
	json_object_object_add(p, "group", json_object_new_string(group));
	json_object_object_add(p, "x_name", json_object_new_string(s->x_name));
	json_object_object_add(p, "model", json_object_new_string("delta_ns = a + b * x"));
	json_object_object_add(b, "fit", g->ok ? sct_json_fit("theil-sen+stratified-bootstrap", &g->ts)
			       : NULL);
	json_object_object_add(b, "fit_ols", g->ok ? sct_json_fit("ols-paired-samples", &g->ols)
			       : NULL);
	/* The slope is "the number" of this entry: median/ci95 mirror fit.b. */
	json_object_object_add(b, "median", g->ok ? sct_json_num(g->ts.b) : NULL);
	json_object_object_add(b, "ci95", g->ok ? sct_json_pair(g->ts.b_lo, g->ts.b_hi) : NULL);
}

void record_suite(struct suite *s)
{
	const struct bench_opts *opt = &s->run->opt;
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "rounds", json_object_new_int(s->rounds));
	json_object_object_add(o, "elapsed_s", sct_json_num(s->elapsed_s));
	json_object_object_add(o, "time_to_target_s", sct_json_num(s->time_to_target_s));
	json_object_object_add(o, "target_met", json_object_new_boolean(s->target_met));
	json_object_object_add(o, "target_ns", sct_json_num(opt->target_ns));
	json_object_object_add(o, "target_rel", sct_json_num(opt->target_rel));
	json_object_object_add(o, "sample_ms", sct_json_num(opt->sample_ms));
	json_object_object_add(o, "quiet_tol", sct_json_num(opt->quiet_tol));
	json_object_object_add(o, "baseline_floor_ns", sct_json_num(s->base_floor_ns));
	json_object_object_add(o, "trimmed_pairs", json_object_new_int64(s->trimmed));
	json_object_object_add(o, "retaken_pairs", json_object_new_int64(s->retaken));
	json_object_object_add(o, "retaken_slow_core", json_object_new_int64(s->retaken_slow));
	json_object_object_add(o, "dropped_slow_core", json_object_new_int64(s->dropped_slow));
	json_object_object_add(o, "speed_tol", sct_json_num(opt->speed_tol));
	json_object_object_add(o, "speed_tol_widened", s->speed_tol_widened > 0 ?
			       sct_json_num(s->speed_tol_widened) : NULL);
	json_object_object_add(o, "speed_probe_ref_ns", sct_json_num(speed_ref(s->run)));
	json_object_object_add(o, "syscall", json_object_new_string(s->sysname));
	json_object_object_add(o, "warnings", json_object_get(s->warnings));
	json_object_object_add(s->run->suites_json, s->name, o);
}

void print_header(const struct suite *s, const char *what)
{
	const struct bench_opts *opt = &s->run->opt;
	printf("\n== %s: %s\n", s->name, what);
	printf("   %u rounds in %.1f s, %s, CPU %d, ~%g ms samples; "
	       "Δ = paired difference to the no-filter baseline (pseudo-median); ± = half-width "
	       "of its 95%% CI (ns/call: of the median)\n", s->rounds, s->elapsed_s,
	       opt->clock_name, opt->cpu, opt->sample_ms);
}

#define HYPERFINE_MAX_BYTES	(64u << 20)

/* Is o a JSON number? */
static bool is_num(struct json_object *o)
{
	return json_object_is_type(o, json_type_double) || json_object_is_type(o, json_type_int);
}

int load_hyperfine(const char *arg, struct json_object **root)
{
	const char *eq = strchr(arg, '='), *path = eq ? eq + 1 : arg;
	struct json_object *results = NULL;
	char err[600], e[SCT_ESC_BUF];
	size_t i, k, n = 0;
	bool ok;

	if (sct_read_json(path, HYPERFINE_MAX_BYTES, root, err, sizeof(err))) {
		fprintf(stderr, "seccomp-bench: --hyperfine: %s\n", err);
		return -1;
	}
	ok = json_object_is_type(*root, json_type_object) &&
	     json_object_object_get_ex(*root, "results", &results) &&
	     json_object_is_type(results, json_type_array) &&
	     (n = json_object_array_length(results)) > 0;
	for (i = 0; ok && i < n; i++) {
		struct json_object *res = json_object_array_get_idx(results, i), *cmd, *times;

		ok = json_object_is_type(res, json_type_object) &&
		     json_object_object_get_ex(res, "command", &cmd) &&
		     json_object_is_type(cmd, json_type_string) &&
		     json_object_object_get_ex(res, "times", &times) &&
		     json_object_is_type(times, json_type_array);
		for (k = 0; ok && k < json_object_array_length(times); k++)
			ok = is_num(json_object_array_get_idx(times, k));
	}
	if (!ok) {
		fprintf(stderr, "seccomp-bench: --hyperfine: %s: not a hyperfine --export-json file\n",
			sct_esc(e, sizeof(e), path));
		json_object_put(*root);
		*root = NULL;
		return -1;
	}
	return 0;
}

/* root: checked by load_hyperfine; taken over. */
void import_hyperfine(struct bench_run *r, const char *arg, struct json_object *root)
{
	const char *eq = strchr(arg, '=');
	char label[64] = "workload";
	struct json_object *results;
	size_t i, n;

	if (eq)
		snprintf(label, sizeof(label), "%.*s", (int)(eq - arg), arg);
	json_object_object_get_ex(root, "results", &results);
	printf("\n== hyperfine (%s): whole-process runs\n", label);
	printf("  %-36s %22s %26s\n", "command", "median ± CI (ms)", "min … max (N runs)");
	n = json_object_array_length(results);
	for (i = 0; i < n; i++) {
		struct json_object *res = json_object_array_get_idx(results, i), *cmd, *times, *b, *p;
		struct dvec ms = { 0 };
		struct sct_summary st;
		char name[160];
		size_t k;

		if (!json_object_object_get_ex(res, "command", &cmd) ||
		    !json_object_object_get_ex(res, "times", &times))
			continue;
		for (k = 0; k < json_object_array_length(times); k++)
			dv_push(&ms, 1e3 * json_object_get_double(json_object_array_get_idx(times, k)));
		sct_summarize(ms.v, ms.n, &st);
		printf("  %-36.36s %12.2f ± %-8.2f %10.2f … %.2f (%zu)\n", json_object_get_string(cmd),
		       st.median, (st.ci_hi - st.ci_lo) / 2, st.min, st.max, st.n);
		snprintf(name, sizeof(name), "hyperfine/%s/%s", label, json_object_get_string(cmd));
		b = sct_result_add_benchmark(r->record, name, "ms");
		json_object_object_get_ex(b, "params", &p);
		json_object_object_add(p, "suite", json_object_new_string("hyperfine"));
		json_object_object_add(p, "label", json_object_new_string(label));
		json_object_object_add(p, "command", json_object_get(cmd));
		json_object_object_add(b, "samples", sct_json_array(ms.v, ms.n));
		sct_summarize(ms.v, ms.n, &st);
		sct_json_add_summary(b, &st);
		free(ms.v);
	}
	json_object_put(root);
}
