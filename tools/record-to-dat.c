// SPDX-License-Identifier: GPL-2.0-only
/*
 * record-to-dat - turn a benchmark record (results/README.md) into the
 * whitespace-separated tables the gnuplot scripts in scripts/plots/ read:
 *
 *   length-{cached,uncached,denied}.dat  x  Δmedian  ci_lo  ci_hi  ns_median
 *   stack-{cached,uncached}.dat          filters  Δmedian  ci_lo  ci_hi
 *   layouts-<position>.dat               one gnuplot index block per layout:
 *                                        set_size  Δmedian  ci_lo  ci_hi  executed
 *   profiles.dat                         layout  then per profile (docker, podman):
 *                                        Δmedian ci_lo ci_hi executed
 *   hyperfine.dat                        "command"  median_ms  ci_lo  ci_hi
 *   fits.gp                              a_<suite>_<group>, b_<suite>_<group> = ...
 *   layouts.gp                           nlayouts, layout(i) names
 *
 *	record-to-dat RECORD OUTDIR
 *
 * Missing numbers (null) are written as NaN, which gnuplot skips.
 * Exit: 0 done, 1 cannot write, 2 usage or not a record.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cli.h"
#include "record.h"

static const char *const positions[] = { "front", "middle", "end" };
static const char *const profiles[] = { "docker", "podman" };

static double num(struct json_object *o, const char *key)
{
	struct json_object *v;

	/* Only numbers: json-c would turn a string or an object into 0. */
	if (!json_object_object_get_ex(o, key, &v) ||
	    !(json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int)))
		return NAN;
	return json_object_get_double(v);
}

static const char *str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return "";
	return json_object_get_string(v);
}

static struct json_object *obj(struct json_object *o, const char *key)
{
	struct json_object *v;

	return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static double pair(struct json_object *o, const char *key, int i)
{
	struct json_object *a = obj(o, key), *v;

	if (!a || !json_object_is_type(a, json_type_array) || json_object_array_length(a) < 2)
		return NAN;
	v = json_object_array_get_idx(a, i);
	return json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int) ?
	       json_object_get_double(v) : NAN;
}

static FILE *open_out(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "record-to-dat: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return f;
}

/* Δ and its interval: the pseudo-median (records before it: the median). */
static void delta_of(struct json_object *b, double *m, double *lo, double *hi)
{
	sct_record_bench_delta(b, m, lo, hi);
}

int main(int argc, char **argv)
{
	struct json_object *arr, *layout_names;
	struct sct_record rec;
	char err[SCT_ESC_BUF + 600], e[SCT_ESC_BUF];
	const char *dir;
	size_t i, n, p, l;
	FILE *f;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("Usage: record-to-dat RECORD OUTDIR\n"
		       "Write the .dat tables scripts/plots/*.gp read from a bench record.\n"
		       "Exit: 0 done, 1 cannot write, 2 usage or not a record.\n");
		return 0;
	}
	if (argc != 3 || argv[1][0] == '-' || argv[2][0] == '-') {
		fprintf(stderr, "record-to-dat: usage: record-to-dat RECORD OUTDIR (see --help)\n");
		return 2;
	}
	dir = argv[2];
	if (sct_record_read(argv[1], &rec, err, sizeof(err))) {
		fprintf(stderr, "record-to-dat: %s\n", err);
		sct_record_release(&rec);
		return 2;
	}
	if (rec.kind != SCT_RECORD_BENCH) {
		fprintf(stderr, "record-to-dat: %s: not a bench record\n",
			sct_esc(e, sizeof(e), argv[1]));
		sct_record_release(&rec);
		return 2;
	}
	arr = rec.benchmarks;
	layout_names = json_object_new_array();
	n = json_object_array_length(arr);

	/* length and stack: one file per group, rows in record order (ascending x). */
	{
		static const char *const files[][2] = {
			{ "length", "cached" }, { "length", "uncached" }, { "length", "denied" },
			{ "stack", "cached" }, { "stack", "uncached" },
		};

		for (p = 0; p < 5; p++) {
			char name[64];

			snprintf(name, sizeof(name), "%s-%s.dat", files[p][0], files[p][1]);
			f = open_out(dir, name);
			fprintf(f, "# x delta_median ci_lo ci_hi ns_median\n");
			for (i = 0; i < n; i++) {
				struct json_object *b = json_object_array_get_idx(arr, i), *pa = obj(b, "params");
				double m, lo, hi;

				if (strcmp(str(pa, "suite"), files[p][0]) ||
				    strcmp(str(pa, "group"), files[p][1]) || !obj(b, "delta"))
					continue;
				delta_of(b, &m, &lo, &hi);
				fprintf(f, "%g %g %g %g %g\n", num(pa, "x"), m, lo, hi, num(b, "median"));
			}
			fclose(f);
		}
	}

	/* fits */
	f = open_out(dir, "fits.gp");
	for (i = 0; i < n; i++) {
		struct json_object *b = json_object_array_get_idx(arr, i), *pa = obj(b, "params");
		struct json_object *fit = obj(b, "fit");
		char var[64], *c;

		if (!fit || !strstr(str(b, "name"), "/fit/"))
			continue;
		snprintf(var, sizeof(var), "%s_%s", str(pa, "suite"), str(pa, "group"));
		for (c = var; *c; c++)
			if (*c == '-')
				*c = '_';
		fprintf(f, "a_%s = %.9g\nb_%s = %.9g\n", var, num(fit, "a"), var, num(fit, "b"));
		fprintf(f, "blo_%s = %.9g\nbhi_%s = %.9g\n", var, pair(fit, "b_ci95", 0), var,
			pair(fit, "b_ci95", 1));
	}
	fclose(f);

	/* layouts: layout names in first-seen order */
	for (i = 0; i < n; i++) {
		struct json_object *pa = obj(json_object_array_get_idx(arr, i), "params");
		const char *ln = str(pa, "layout");
		bool seen = false;

		if (!*ln)
			continue;
		for (l = 0; l < json_object_array_length(layout_names); l++)
			if (!strcmp(json_object_get_string(json_object_array_get_idx(layout_names, l)), ln))
				seen = true;
		if (!seen)
			json_object_array_add(layout_names, json_object_new_string(ln));
	}
	f = open_out(dir, "layouts.gp");
	fprintf(f, "nlayouts = %zu\nlayout_names = \"", json_object_array_length(layout_names));
	for (l = 0; l < json_object_array_length(layout_names); l++)
		fprintf(f, "%s%s", l ? " " : "",
			json_object_get_string(json_object_array_get_idx(layout_names, l)));
	fprintf(f, "\"\n");
	fclose(f);

	for (p = 0; p < 3; p++) {
		char name[64];

		snprintf(name, sizeof(name), "layouts-%s.dat", positions[p]);
		f = open_out(dir, name);
		for (l = 0; l < json_object_array_length(layout_names); l++) {
			const char *ln = json_object_get_string(json_object_array_get_idx(layout_names, l));

			fprintf(f, "# %s: set_size delta_median ci_lo ci_hi executed\n", ln);
			for (i = 0; i < n; i++) {
				struct json_object *b = json_object_array_get_idx(arr, i), *pa = obj(b, "params");
				double m, lo, hi;

				if (strcmp(str(pa, "layout"), ln) || strcmp(str(pa, "position"), positions[p]) ||
				    strcmp(str(pa, "form"), "uncached") || strncmp(str(pa, "set"), "syn", 3))
					continue;
				delta_of(b, &m, &lo, &hi);
				fprintf(f, "%g %g %g %g %g\n", num(pa, "set_size"), m, lo, hi,
					num(pa, "executed_insns"));
			}
			fprintf(f, "\n\n");
		}
		fclose(f);
	}

	f = open_out(dir, "profiles.dat");
	fprintf(f, "# layout, then per profile (docker podman): delta ci_lo ci_hi executed (uncached, middle)\n");
	for (l = 0; l < json_object_array_length(layout_names); l++) {
		const char *ln = json_object_get_string(json_object_array_get_idx(layout_names, l));

		fprintf(f, "%s", ln);
		for (p = 0; p < 2; p++) {
			double m = NAN, lo = NAN, hi = NAN, ex = NAN;

			for (i = 0; i < n; i++) {
				struct json_object *b = json_object_array_get_idx(arr, i), *pa = obj(b, "params");

				if (!strcmp(str(pa, "layout"), ln) && !strcmp(str(pa, "set"), profiles[p]) &&
				    !strcmp(str(pa, "position"), "middle") &&
				    !strcmp(str(pa, "form"), "uncached")) {
					delta_of(b, &m, &lo, &hi);
					ex = num(pa, "executed_insns");
				}
			}
			fprintf(f, " %g %g %g %g", m, lo, hi, ex);
		}
		fprintf(f, "\n");
	}
	fclose(f);

	f = open_out(dir, "hyperfine.dat");
	fprintf(f, "# command median_ms ci_lo ci_hi\n");
	for (i = 0; i < n; i++) {
		struct json_object *b = json_object_array_get_idx(arr, i), *pa = obj(b, "params");

		if (strcmp(str(pa, "suite"), "hyperfine"))
			continue;
		fprintf(f, "\"%s\" %g %g %g\n", str(pa, "command"), num(b, "median"),
			pair(b, "ci95", 0), pair(b, "ci95", 1));
	}
	fclose(f);
	json_object_put(layout_names);
	sct_record_release(&rec);
	return 0;
}
