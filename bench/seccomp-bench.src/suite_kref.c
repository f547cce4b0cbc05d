// SPDX-License-Identifier: GPL-2.0-only
/*
 * seccomp-bench suite "kernel-ref": the scenario of the kernel's
 * seccomp_benchmark (getpid; native, 1 and 2 {LD nr; RET ALLOW}, + {LD
 * args[0]; RET ALLOW}, + one more) with its entry and per-filter
 * estimates, measured by this harness; beside seccomp_benchmark's own
 * output when --kernel-benchmark gives it.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#include "bench.h"

#define KREF_BOOT_MIN	3	/* rounds with every figure before a bootstrap interval */

/* seccomp_benchmark's names for its five phases, in our configuration order. */
static const char *const kref_names[5] = { "native", "bitmap1", "bitmap2", "filter1", "filter2" };

struct kref {
	const struct suite *s;
	int which;	/* 0 entry, 1 per_filter1, 2 per_filter2 */
};

/*
 * From the chosen rounds: which 0..2 are the estimates seccomp_benchmark
 * prints (entry, per-filter from the last two, per-filter over four), 3..7
 * the five figures themselves. The figures are native (median of the
 * baseline samples) and native + the paired Δ's pseudo-median (as in the
 * table) for the filtered ones, so
 * drift between samples cancels in everything but native itself.
 */
static double kref_estimate(const struct suite *s, const size_t *idx, size_t n, int which)
{
	double med[5], *tmp;
	size_t per_round = s->n - 1, i, k, m;
	double entry;

	tmp = calloc(n * per_round + 1, sizeof(*tmp));
	if (!tmp)
		return NAN;
	for (i = 0; i < 5; i++) {
		const struct dvec *d = i ? &s->c[i].delta : &s->c[0].ns;

		m = 0;
		for (k = 0; k < n; k++) {
			size_t r = idx ? idx[k] : k;

			if (i == 0) {	/* the baseline has per_round samples a round */
				for (size_t j = 0; j < per_round; j++)
					if (r * per_round + j < d->n)
						tmp[m++] = d->v[r * per_round + j];
			} else if (r < d->n) {
				tmp[m++] = d->v[r];
			}
		}
		med[i] = i ? sct_pseudomedian(tmp, m) + med[0] : sct_median(tmp, m);
	}
	free(tmp);
	if (which >= 3)
		return med[which - 3];
	entry = med[1] - med[0] - (med[2] - med[1]);
	switch (which) {
	case 0: return entry;
	case 1: return med[4] - med[3];
	default: return (med[4] - med[0] - entry) / 4;
	}
}

/*
 * How many rounds' worth of kept samples every figure has: the bootstrap
 * draws from these. Gates leave fewer kept pairs than rounds, so drawing
 * from all rounds would draw empty slots and widen the intervals.
 */
static size_t kref_rounds(const struct suite *s)
{
	size_t per_round = s->n - 1, r = s->c[0].ns.n / per_round, i;

	for (i = 1; i < s->n; i++)
		if (!s->c[i].broken && s->c[i].delta.n < r)
			r = s->c[i].delta.n;
	return r;
}

static double boot_kref(const size_t *idx, size_t n, void *arg)
{
	struct kref *k = arg;

	return kref_estimate(k->s, idx, n, k->which);
}

/* seccomp_benchmark's output, when given: its five numbers and estimates. */
struct kbench {
	bool have;
	double phase[5];
	double est[3];
};

static void parse_kbench(struct suite *s, const char *path, struct kbench *kb)
{
	static const char *const phase_keys[5] = {
		"getpid native:", "getpid RET_ALLOW 1 filter (bitmap):",
		"getpid RET_ALLOW 2 filters (bitmap):", "getpid RET_ALLOW 3 filters (full):",
		"getpid RET_ALLOW 4 filters (full):",
	};
	static const char *const est_keys[3] = {
		"Estimated seccomp entry overhead:",
		"Estimated seccomp per-filter overhead (last 2 diff):",
		"Estimated seccomp per-filter overhead (filters / 4):",
	};
	char err[600], *buf, *line, *save = NULL;
	size_t len;
	int i;

	memset(kb, 0, sizeof(*kb));
	for (i = 0; i < 5; i++)
		kb->phase[i] = NAN;
	for (i = 0; i < 3; i++)
		kb->est[i] = NAN;
	if (sct_read_file(path, KBENCH_MAX_BYTES, &buf, &len, err, sizeof(err))) {
		warn(s, "kernel-ref: cannot read seccomp_benchmark output %s", err);
		return;
	}
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		for (i = 0; i < 5; i++) {
			char *p = strstr(line, phase_keys[i]);

			if (p)
				kb->phase[i] = strtod(p + strlen(phase_keys[i]), NULL);
		}
		for (i = 0; i < 3; i++) {
			char *p = strstr(line, est_keys[i]);

			if (p) {
				kb->est[i] = strtod(p + strlen(est_keys[i]), NULL);
				/* It computes in unsigned: a negative estimate wraps. */
				if (kb->est[i] > INT32_MAX)
					kb->est[i] = NAN;
			}
		}
	}
	free(buf);
	kb->have = isfinite(kb->phase[0]) && isfinite(kb->phase[4]);
	if (!kb->have)
		warn(s, "kernel-ref: %s holds no seccomp_benchmark results (did it finish?)", path);
}

/* seccomp_benchmark's own tolerance (approx(): within 10% or 2 ns). */
#define KB_AGREE_NS	2
#define KB_AGREE_REL	0.10

static bool agrees(double a, double b)
{
	double d = fabs(a - b);

	return isfinite(d) && (d <= KB_AGREE_NS || d <= KB_AGREE_REL * fmax(fabs(a), fabs(b)));
}

static const char *const est_names[3] = { "entry", "per_filter_last2", "per_filter_div4" };

/* est[0..2]: the estimates; est[3..7]: the five figures (native, native + Δ). */
struct kref_out {
	double est[8], lo[8], hi[8];
	struct kbench kb;
};

static void kref_build(struct suite *s)
{
	struct cfg *c;
	int i, k;

	snprintf(s->c[0].name, sizeof(s->c[0].name), "native");
	for (i = 1; i < 5; i++) {
		c = suite_add(s, i <= 2 ? "bitmap" : "full", kref_names[i], i);
		for (k = 0; k < i; k++)
			if (cfg_push(c, two_insn_filter(k != 2)))
				c->broken = true;
	}
}

static void print_side_by_side(const struct suite *s, const struct kref_out *ko)
{
	const struct bench_opts *opt = &s->run->opt;
	const struct kbench *kb = &ko->kb;
	int i;

	printf("\n  side by side (ns)      ours [95%% CI]               "
	       "seccomp_benchmark   agree (its ±10%% or 2 ns)\n");
	for (i = 0; i < 8; i++) {
		int e = i < 5 ? 3 + i : i - 5;
		double theirs = i < 5 ? kb->phase[i] : kb->est[i - 5];
		const char *label = i < 5 ? kref_names[i] : est_names[i - 5];

		if (isnan(theirs))
			printf("  %-22s %8.1f [%.1f, %.1f] %18s   NO\n", label, ko->est[e], ko->lo[e],
			       ko->hi[e], "underflow");
		else
			printf("  %-22s %8.1f [%.1f, %.1f] %18.0f   %s\n", label, ko->est[e],
			       ko->lo[e], ko->hi[e], theirs, agrees(ko->est[e], theirs) ? "yes" : "NO");
	}
	printf("  time: ours %.1f s (%s ±%g ns); seccomp_benchmark %.1f s\n",
	       s->target_met ? s->time_to_target_s : s->elapsed_s,
	       s->target_met ? "all five within" : "stopped by the budget, NOT all within",
	       opt->target_ns, opt->kbench_seconds);
}

static void kref_report(struct suite *s)
{
	const struct bench_opts *opt = &s->run->opt;
	struct kref_out *ko = calloc(1, sizeof(*ko));
	size_t nboot;
	int i;

	if (!ko)
		exit(1);
	s->priv = ko;
	print_header(s, "seccomp_benchmark's scenario (getpid), measured by this harness");
	print_cfg_table(s);
	nboot = kref_rounds(s);
	for (i = 0; i < 8; i++) {
		struct kref ctx = { s, i };

		ko->est[i] = kref_estimate(s, NULL, s->rounds, i);
		ko->lo[i] = ko->hi[i] = NAN;
		if (nboot >= KREF_BOOT_MIN)
			sct_bootstrap(boot_kref, &ctx, nboot, BOOT_REPS, BOOT_SEED, &ko->lo[i],
				      &ko->hi[i]);
	}
	printf("  the five figures (native; native + paired Δ), 95%% CI by bootstrap over rounds:\n");
	for (i = 0; i < 5; i++)
		printf("  %-22s %8.1f ns  [%.1f, %.1f]\n", kref_names[i], ko->est[3 + i],
		       ko->lo[3 + i], ko->hi[3 + i]);
	for (i = 0; i < 3; i++)
		printf("  estimate %-13s %8.1f ns  [%.1f, %.1f]\n", est_names[i], ko->est[i],
		       ko->lo[i], ko->hi[i]);
	if (s->target_met)
		printf("  time to the five figures within ±%g ns: %.1f s (%u rounds)\n", opt->target_ns,
		       s->time_to_target_s, s->rounds);
	else
		printf("  the five figures did not reach ±%g ns: stopped after %.1f s (%u rounds)\n",
		       opt->target_ns, s->elapsed_s, s->rounds);
	if (opt->kbench_file) {
		parse_kbench(s, opt->kbench_file, &ko->kb);
		if (ko->kb.have)
			print_side_by_side(s, ko);
	}
}

static void record_kbench(struct suite *s, const struct kbench *kb)
{
	struct json_object *b = sct_result_add_benchmark(s->run->record,
							 "kernel-ref/seccomp_benchmark", "ns"), *p, *ph;
	int i;

	json_object_object_get_ex(b, "params", &p);
	json_object_object_add(p, "suite", json_object_new_string("kernel-ref"));
	json_object_object_add(p, "source", json_object_new_string(
		"tools/testing/selftests/seccomp/seccomp_benchmark.c, run on this machine"));
	ph = json_object_new_object();
	for (i = 0; i < 5; i++)
		json_object_object_add(ph, kref_names[i], sct_json_num(kb->phase[i]));
	json_object_object_add(b, "phases", ph);
	json_object_object_add(b, "elapsed_s", sct_json_num(s->run->opt.kbench_seconds));
	json_object_object_add(b, "ours_elapsed_s", sct_json_num(s->elapsed_s));
	json_object_object_add(b, "ours_time_to_target_s", sct_json_num(s->time_to_target_s));
}

/* est[0..2] as kernel-ref/estimate/<name>, est[3..7] as kernel-ref/figure/<name>. */
static void kref_record(struct suite *s)
{
	struct kref_out *ko = s->priv;
	int i;

	for (i = 0; i < 8; i++) {
		bool figure = i >= 3;
		char name[64];
		struct json_object *b, *p;

		snprintf(name, sizeof(name), "kernel-ref/%s/%s", figure ? "figure" : "estimate",
			 figure ? kref_names[i - 3] : est_names[i]);
		b = sct_result_add_benchmark(s->run->record, name, "ns");
		json_object_object_get_ex(b, "params", &p);
		json_object_object_add(p, "suite", json_object_new_string("kernel-ref"));
		json_object_object_add(p, "method", json_object_new_string(figure ?
			"native median; native + pseudo-median paired delta; bootstrap over rounds" :
			"seccomp_benchmark formula on the figures; bootstrap over rounds"));
		json_object_object_add(b, "median", sct_json_num(ko->est[i]));
		json_object_object_add(b, "ci95", sct_json_pair(ko->lo[i], ko->hi[i]));
		if (ko->kb.have)
			json_object_object_add(b, "seccomp_benchmark", sct_json_num(figure ?
					       ko->kb.phase[i - 3] : ko->kb.est[i]));
	}
	if (ko->kb.have)
		record_kbench(s, &ko->kb);
	free(ko);
	s->priv = NULL;
}

const struct suite_def suite_kref_def = {
	.name = "kernel-ref",
	.x_name = "filters",
	.budget_share = 1.0,	/* five configurations, but absolute figures to ±target */
	.abs_target = true,
	.sysname = "getpid",	/* seccomp_benchmark measures getpid */
	.nr = __NR_getpid,
	.build = kref_build,
	.report = kref_report,
	.record = kref_record,
};
