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

#include "cli.h"
#include "record.h"

#include "bench.h"

#define MAX_FIGURES	2048	/* figures read per record: a full run has a few hundred */
#define AGREE_TOL	0.05	/* default --tolerance: 5 % of the larger figure */
#define AGREE_FLOOR_NS	1.0	/* default --floor-ns: the intervals' target (--target-ns) */
#define AGREE_MAX_BYTES	(64u << 20)	/* a record: a full run is a few MB */

/* A member's string, or "" when it is absent, null or not a string. */
static const char *str_at(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return "";
	return json_object_get_string(v);
}

/* A member that is an object (else NULL). */
static struct json_object *obj_at(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_object))
		return NULL;
	return v;
}

/* A member that is a number, else NAN. */
static double num_at(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v) ||
	    !(json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int)))
		return NAN;
	return json_object_get_double(v);
}

/* A [lo, hi] member's ends, NAN when absent or not numbers. */
static void ci_at(struct json_object *o, const char *key, double *lo, double *hi)
{
	struct json_object *ci;

	*lo = *hi = NAN;
	if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &ci) ||
	    !json_object_is_type(ci, json_type_array) || json_object_array_length(ci) != 2)
		return;
	for (size_t k = 0; k < 2; k++) {
		struct json_object *e = json_object_array_get_idx(ci, k);

		if (json_object_is_type(e, json_type_double) || json_object_is_type(e, json_type_int))
			*(k ? hi : lo) = json_object_get_double(e);
	}
}

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
		struct json_object *p = obj_at(json_object_array_get_idx(arr, i), "params");
		double x = num_at(p, "x");

		if (!p || strcmp(str_at(p, "suite"), suite) || strcmp(str_at(p, "group"), group) ||
		    isnan(x))
			continue;
		lo = fmin(lo, x);
		hi = fmax(hi, x);
	}
	return hi >= lo ? hi - lo : NAN;
}

/* The figures two runs should reproduce: fitted slopes, median deltas and
 * kernel-ref estimates, with their 95% intervals. */
static size_t collect_figures(struct json_object *arr, struct figure *out, size_t cap)
{
	size_t i, n = 0;

	for (i = 0; i < json_object_array_length(arr) && n < cap; i++) {
		struct json_object *b = json_object_array_get_idx(arr, i), *src = NULL, *fit, *d;
		const char *name = str_at(b, "name"), *ci_key = "ci95";

		out[n].span = NAN;
		if (strstr(name, "/fit/") && (fit = obj_at(b, "fit"))) {
			char suite[64];

			src = fit;
			snprintf(out[n].name, sizeof(out[n].name), "%s slope", name);
			out[n].v = num_at(fit, "b");
			ci_key = "b_ci95";
			snprintf(suite, sizeof(suite), "%.*s", (int)(strstr(name, "/fit/") - name), name);
			out[n].span = group_span(arr, suite, strstr(name, "/fit/") + 5);
		} else if ((d = obj_at(b, "delta"))) {
			/* Δ is the pseudo-median (records before it: the median). */
			bool hl = json_object_object_get_ex(d, "pseudomedian", NULL);

			src = d;
			snprintf(out[n].name, sizeof(out[n].name), "%s Δ", name);
			out[n].v = num_at(d, hl ? "pseudomedian" : "median");
			ci_key = hl ? "pseudomedian_ci95" : "ci95";
		} else if (strstr(name, "/estimate/") || strstr(name, "/figure/")) {
			src = b;
			snprintf(out[n].name, sizeof(out[n].name), "%s", name);
			out[n].v = num_at(b, "median");
		}
		if (!src)
			continue;
		ci_at(src, ci_key, &out[n].lo, &out[n].hi);
		n++;
	}
	return n;
}

/* Is member key of o absent, or of type t (objects: or null, as a fit that failed)? */
static bool absent_or(struct json_object *o, const char *key, enum json_type t)
{
	struct json_object *v;

	return !json_object_object_get_ex(o, key, &v) || json_object_is_type(v, t) ||
	       (t == json_type_object && !v);
}

/* The keys agree uses have the types it expects; false after naming the first that does not. */
static bool check_entries(const char *path, struct json_object *arr)
{
	static const struct {
		const char *key, *sub, *label;
		enum json_type t;
	} keys[] = {
		{ "params", NULL, "params: not an object", json_type_object },
		{ "params", "suite", "params.suite: not a string", json_type_string },
		{ "params", "group", "params.group: not a string", json_type_string },
		{ "fit", NULL, "fit: not an object", json_type_object },
		{ "delta", NULL, "delta: not an object", json_type_object },
	};
	char e[SCT_ESC_BUF];
	size_t i, k;

	for (i = 0; i < json_object_array_length(arr); i++) {
		struct json_object *b = json_object_array_get_idx(arr, i), *v;
		const char *bad = NULL;

		if (!json_object_is_type(b, json_type_object))
			bad = ": not an object";
		else if (!json_object_object_get_ex(b, "name", &v) ||
			 !json_object_is_type(v, json_type_string))
			bad = ".name: not a string";
		for (k = 0; !bad && k < ARRAY_LEN(keys); k++) {
			struct json_object *o = keys[k].sub ? obj_at(b, keys[k].key) : b;

			if (o && !absent_or(o, keys[k].sub ? keys[k].sub : keys[k].key, keys[k].t))
				bad = keys[k].label;
		}
		if (bad) {
			fprintf(stderr, "seccomp-bench agree: %s: benchmarks[%zu]%s%s\n",
				sct_esc(e, sizeof(e), path), i, bad[0] == ':' || bad[0] == '.' ? "" : ".",
				bad);
			return false;
		}
	}
	return true;
}

/*
 * path as a bench record: an object with "kind": "bench" and a
 * "benchmarks" array (*root the caller's); false after saying why.
 */
static bool read_bench_record(const char *path, struct json_object **root,
			      struct json_object **arr)
{
	char err[600], e[SCT_ESC_BUF];

	*arr = NULL;
	if (sct_read_json(path, AGREE_MAX_BYTES, root, err, sizeof(err))) {
		fprintf(stderr, "seccomp-bench agree: cannot read %s\n", err);
		return false;
	}
	if (strcmp(str_at(*root, "kind"), "bench") ||
	    strncmp(str_at(*root, "schema"), SCT_RECORD_SCHEMA_PREFIX,
		    strlen(SCT_RECORD_SCHEMA_PREFIX)) ||
	    !json_object_object_get_ex(*root, "benchmarks", arr) ||
	    !json_object_is_type(*arr, json_type_array)) {
		fprintf(stderr, "seccomp-bench agree: %s: not a benchmark record\n",
			sct_esc(e, sizeof(e), path));
		return false;
	}
	return check_entries(path, *arr);
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

/* --tolerance F and --floor-ns NS after the two files; false after saying why. */
static bool agree_options(int argc, char **argv, double *tol, double *floor_ns)
{
	char err[SCT_ESC_BUF + 80], e[SCT_ESC_BUF];
	int k;

	if (argc < 3 || (argc >= 2 && argv[1][0] == '-' && argv[1][1])) {
		fprintf(stderr, "seccomp-bench agree: usage: seccomp-bench agree A.json B.json "
			"[--tolerance F] [--floor-ns NS] (see --help)\n");
		return false;
	}
	for (k = 3; k < argc; k += 2) {
		double *dst = !strcmp(argv[k], "--tolerance") ? tol :
			      !strcmp(argv[k], "--floor-ns") ? floor_ns : NULL;

		if (!dst) {
			fprintf(stderr, "seccomp-bench agree: unknown option \"%s\" (usage: seccomp-bench "
				"agree A.json B.json [--tolerance F] [--floor-ns NS]; see --help)\n",
				sct_esc(e, sizeof(e), argv[k]));
			return false;
		}
		if (k + 1 >= argc) {
			fprintf(stderr, "seccomp-bench agree: %s needs a value (see --help)\n", argv[k]);
			return false;
		}
		if (sct_parse_double(argv[k + 1], 0, dst == tol ? 1 : 1e9, dst, err, sizeof(err))) {
			fprintf(stderr, "seccomp-bench agree: %s: %s (usage: seccomp-bench agree "
				"A.json B.json [--tolerance F] [--floor-ns NS])\n", argv[k], err);
			return false;
		}
	}
	return true;
}

int agree_main(int argc, char **argv)
{
	struct figure *fa = NULL, *fb = NULL;
	struct json_object *ra = NULL, *rb = NULL, *aa, *ab;
	double tol = AGREE_TOL, floor_ns = AGREE_FLOOR_NS;
	struct tally t = { 0 };
	size_t na, nb, i, j;
	int status = 2;

	if (!agree_options(argc, argv, &tol, &floor_ns))
		return 2;
	if (!read_bench_record(argv[1], &ra, &aa) || !read_bench_record(argv[2], &rb, &ab))
		goto out;
	fa = calloc(MAX_FIGURES, sizeof(*fa));
	fb = calloc(MAX_FIGURES, sizeof(*fb));
	if (!fa || !fb) {
		fprintf(stderr, "seccomp-bench agree: out of memory\n");
		status = 1;
		goto out;
	}
	na = collect_figures(aa, fa, MAX_FIGURES);
	nb = collect_figures(ab, fb, MAX_FIGURES);
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
	/* Nothing in common is no agreement (exit 1): records of different suites, or empty ones. */
	if (!t.within && !t.small && !t.differ) {
		fprintf(stderr, "seccomp-bench agree: the records have no figure in common\n");
		status = 1;
		goto out;
	}
	status = t.differ ? 1 : 0;
out:
	free(fa);
	free(fb);
	json_object_put(ra);
	json_object_put(rb);
	return status;
}
