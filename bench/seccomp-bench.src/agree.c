// SPDX-License-Identifier: GPL-2.0-only
/*
 * seccomp-bench agree A.json B.json [--tolerance F] [--floor-ns NS]: do two
 * bench records agree? Every fitted slope, Δ (pseudo-median) and
 * kernel-ref estimate must be within F of the larger or, for small
 * figures, within NS ns (a slope's difference counted over its fitted
 * range); otherwise DIFFERS and exit 1. The acceptance check of a harness
 * change: two runs before and after it.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define MAX_FIGURES	2048	/* figures read per record: a full run has a few hundred */
#define AGREE_TOL	0.05	/* default --tolerance: 5 % of the larger figure */
#define AGREE_FLOOR_NS	1.0	/* default --floor-ns: the intervals' target (--target-ns) */

struct figure {
	char name[160];
	double v, lo, hi;
	double span;	/* slopes: the x range of the fitted group; else NAN */
};

/* The x range of a fit's group: a slope difference times it is ns. */
static double group_span(struct json_object *arr, const char *suite, const char *group)
{
	double lo = INFINITY, hi = -INFINITY;
	size_t i;

	for (i = 0; i < json_object_array_length(arr); i++) {
		struct json_object *b = json_object_array_get_idx(arr, i), *p, *v;
		double x;

		if (!json_object_object_get_ex(b, "params", &p) || !p ||
		    !json_object_object_get_ex(p, "suite", &v) ||
		    strcmp(json_object_get_string(v), suite) ||
		    !json_object_object_get_ex(p, "group", &v) ||
		    strcmp(json_object_get_string(v), group) ||
		    !json_object_object_get_ex(p, "x", &v) || !v)
			continue;
		x = json_object_get_double(v);
		lo = fmin(lo, x);
		hi = fmax(hi, x);
	}
	return hi >= lo ? hi - lo : NAN;
}

/* The figures two runs should reproduce: fitted slopes, median deltas and
 * kernel-ref estimates, with their 95% intervals. */
static size_t collect_figures(struct json_object *root, struct figure *out, size_t cap)
{
	struct json_object *arr, *b, *d, *fit, *ci, *v;
	size_t i, n = 0;

	if (!json_object_object_get_ex(root, "benchmarks", &arr))
		return 0;
	for (i = 0; i < json_object_array_length(arr) && n < cap; i++) {
		const char *name;
		struct json_object *src = NULL;

		b = json_object_array_get_idx(arr, i);
		if (!json_object_object_get_ex(b, "name", &v))
			continue;
		name = json_object_get_string(v);
		out[n].span = NAN;
		if (strstr(name, "/fit/") && json_object_object_get_ex(b, "fit", &fit) && fit) {
			char suite[64];

			src = fit;
			snprintf(out[n].name, sizeof(out[n].name), "%s slope", name);
			json_object_object_get_ex(fit, "b", &v);
			out[n].v = v ? json_object_get_double(v) : NAN;
			json_object_object_get_ex(fit, "b_ci95", &ci);
			snprintf(suite, sizeof(suite), "%.*s", (int)(strstr(name, "/fit/") - name), name);
			out[n].span = group_span(arr, suite, strstr(name, "/fit/") + 5);
		} else if (json_object_object_get_ex(b, "delta", &d) && d) {
			/* Δ is the pseudo-median (records before it: the median). */
			bool hl = json_object_object_get_ex(d, "pseudomedian", &v);

			src = d;
			snprintf(out[n].name, sizeof(out[n].name), "%s Δ", name);
			if (!hl)
				json_object_object_get_ex(d, "median", &v);
			out[n].v = v ? json_object_get_double(v) : NAN;
			json_object_object_get_ex(d, hl ? "pseudomedian_ci95" : "ci95", &ci);
		} else if (strstr(name, "/estimate/") || strstr(name, "/figure/")) {
			src = b;
			snprintf(out[n].name, sizeof(out[n].name), "%s", name);
			json_object_object_get_ex(b, "median", &v);
			out[n].v = v ? json_object_get_double(v) : NAN;
			json_object_object_get_ex(b, "ci95", &ci);
		}
		if (!src)
			continue;
		out[n].lo = out[n].hi = NAN;
		if (ci && json_object_is_type(ci, json_type_array) && json_object_array_length(ci) == 2) {
			struct json_object *l = json_object_array_get_idx(ci, 0), *h = json_object_array_get_idx(ci, 1);

			out[n].lo = l ? json_object_get_double(l) : NAN;
			out[n].hi = h ? json_object_get_double(h) : NAN;
		}
		n++;
	}
	return n;
}

struct tally {
	size_t within, small, differ;
};

/* Print one figure's line and count its verdict. */
static void compare_figure(const struct figure *fa, const struct figure *fb, double tol,
			   double floor_ns, struct tally *t)
{
	double a = fa->v, b = fb->v, d = fabs(a - b);
	double rel = d / fmax(fabs(a), fabs(b));
	double hw = (fa->hi - fa->lo) / 2 + (fb->hi - fb->lo) / 2;
	/* A slope's difference in ns: over the whole fitted range. */
	double d_ns = isnan(fa->span) ? d : d * fmax(fa->span, fb->span);
	char verdict[64];

	if (rel <= tol || (a == b)) {
		snprintf(verdict, sizeof(verdict), "within %g%%", 100 * tol);
		t->within++;
	} else if (d_ns <= floor_ns) {
		snprintf(verdict, sizeof(verdict), isnan(fa->span) ?
			 "within %g ns" : "within %g ns over the range", floor_ns);
		t->small++;
	} else {
		snprintf(verdict, sizeof(verdict), "DIFFERS%s",
			 d <= hw ? " (95% intervals overlap)" : "");
		t->differ++;
	}
	printf("%-56.56s %12.4f %12.4f %7.1f%%  %s\n", fa->name, a, b, 100 * rel, verdict);
}

/* --tolerance F and --floor-ns NS after the two files; false on bad usage. */
static bool agree_options(int argc, char **argv, double *tol, double *floor_ns)
{
	int k;

	for (k = 3; k < argc; k += 2) {
		double *dst = !strcmp(argv[k], "--tolerance") ? tol :
			      !strcmp(argv[k], "--floor-ns") ? floor_ns : NULL;
		char *end = NULL;

		if (dst && k + 1 < argc) {
			errno = 0;
			*dst = strtod(argv[k + 1], &end);
		}
		if (!dst || k + 1 >= argc || errno || end == argv[k + 1] || *end || !(*dst >= 0))
			return false;
	}
	return argc >= 3;
}

int agree_main(int argc, char **argv)
{
	struct figure *fa, *fb;
	struct json_object *ra, *rb;
	double tol = AGREE_TOL, floor_ns = AGREE_FLOOR_NS;
	struct tally t = { 0 };
	size_t na, nb, i, j;

	if (!agree_options(argc, argv, &tol, &floor_ns)) {
		fprintf(stderr, "seccomp-bench agree: usage: seccomp-bench agree A.json B.json "
			"[--tolerance F] [--floor-ns NS] (see --help)\n");
		return 2;
	}
	ra = json_object_from_file(argv[1]);
	rb = json_object_from_file(argv[2]);
	if (!ra || !rb) {
		fprintf(stderr, "seccomp-bench agree: cannot read %s\n", ra ? argv[2] : argv[1]);
		return 2;
	}
	fa = calloc(MAX_FIGURES, sizeof(*fa));
	fb = calloc(MAX_FIGURES, sizeof(*fb));
	if (!fa || !fb) {
		fprintf(stderr, "seccomp-bench agree: out of memory\n");
		return 1;
	}
	na = collect_figures(ra, fa, MAX_FIGURES);
	nb = collect_figures(rb, fb, MAX_FIGURES);
	printf("%-56s %12s %12s %8s  %s\n", "figure", "A", "B", "diff", "verdict");
	for (i = 0; i < na; i++) {
		for (j = 0; j < nb && strcmp(fa[i].name, fb[j].name); j++)
			;
		if (j < nb)
			compare_figure(&fa[i], &fb[j], tol, floor_ns, &t);
	}
	printf("\n%zu figures: %zu within %g%%, %zu more within %g ns (small figures), "
	       "%zu differ\n", t.within + t.small + t.differ, t.within, 100 * tol, t.small, floor_ns,
	       t.differ);
	free(fa);
	free(fb);
	json_object_put(ra);
	json_object_put(rb);
	return t.differ ? 1 : 0;
}
