// SPDX-License-Identifier: GPL-2.0-only
/* compare: the benchmark comparison (figures whose 95% intervals no longer overlap). */
#include "compare.h"

/* --- benchmarks --------------------------------------------------------- */

struct fig {
	char *name, *unit;
	bool has[3];
	double v[3];	/* median, ci95 low, high */
};

struct figs {
	struct fig *f;
	size_t n;
};

static void fig_value(struct json_object *v, bool *has, double *out)
{
	*has = v && !(json_object_is_type(v, json_type_boolean) && !json_object_get_boolean(v));
	if (!*has)
		return;
	if (json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int))
		*out = json_object_get_double(v);
	else
		*out = awk_num(json_object_get_string(v));
}

static int by_entry_name(const void *x, const void *y)
{
	const struct json_object *const *a = x, *const *b = y;
	int c = strcmp(json_object_get_string(get((struct json_object *)*a, "name")),
		       json_object_get_string(get((struct json_object *)*b, "name")));

	return c ? c : (a < b ? -1 : a > b);	/* stable: the record's order */
}

/* figures are matched by name (params hold per-run details such as calls
 * per sample); a name repeated within a record gets #2, #3 ... */
static void flat_figs(const struct sct_record *r, struct figs *fs)
{
	size_t i, n = json_object_array_length(r->benchmarks), rep = 0;
	struct json_object **e = calloc(n ? n : 1, sizeof(*e));

	for (i = 0; i < n; i++)
		e[i] = json_object_array_get_idx(r->benchmarks, i);
	qsort(e, n, sizeof(*e), by_entry_name);
	fs->f = calloc(n ? n : 1, sizeof(*fs->f));
	fs->n = n;
	for (i = 0; i < n; i++) {
		struct fig *f = &fs->f[i];
		struct json_object *ci = get(e[i], "ci95");
		const char *name = json_object_get_string(get(e[i], "name"));
		char *nm;

		rep = i && !strcmp(name, json_object_get_string(get(e[i - 1], "name"))) ? rep + 1 : 0;
		if (rep) {
			if (asprintf(&nm, "%s#%zu", name, rep + 1) < 0)
				die("out of memory");
		} else {
			nm = strdup(name);
		}
		f->name = tsv(nm);
		free(nm);
		f->unit = tsv(text_or(get(e[i], "unit"), ""));
		fig_value(get(e[i], "median"), &f->has[0], &f->v[0]);
		if (ci && !json_object_is_type(ci, json_type_array))
			die("cannot read %s", "a record: ci95 is not an array");
		fig_value(ci ? json_object_array_get_idx(ci, 0) : NULL, &f->has[1], &f->v[1]);
		fig_value(ci ? json_object_array_get_idx(ci, 1) : NULL, &f->has[2], &f->v[2]);
	}
	free(e);
}

static char *fmt3(const double *v)
{
	char *s;

	if (asprintf(&s, "%.4g [%.4g, %.4g]", v[0], v[1], v[2]) < 0)
		die("out of memory");
	return s;
}

/* higher is better for rates, lower for times and counts of work */
static bool higher_better(const char *u)
{
	return ends_with(u, "/s") || strstr(u, "per_s") || strstr(u, "ops") ||
	       strstr(u, "throughput") || ends_with(u, "Hz");
}

static int compare_figs(const struct sct_record *A, const struct sct_record *B)
{
	struct figs fa, fb;
	long both = 0, noci = 0, onlyb = 0, small = 0, reg = 0, imp = 0;
	double mc = awk_num(minchg);
	size_t i, j;

	flat_figs(A, &fa);
	flat_figs(B, &fb);
	for (i = 0; i < fb.n; i++) {
		const struct fig *b = &fb.f[i], *a = NULL;
		double m = b->v[0], lo = b->v[1], hi = b->v[2], am, al, ah, pctv;
		char *sa, *sb, *pct;
		bool up, worse;

		for (j = fa.n; j-- > 0 && !a;)
			if (!strcmp(fa.f[j].name, b->name))
				a = &fa.f[j];
		if (!a) {
			onlyb++;
			continue;
		}
		both++;
		if (!b->has[0] || !b->has[1] || !b->has[2] || !a->has[0] || !a->has[1] || !a->has[2]) {
			noci++;
			continue;
		}
		am = a->v[0], al = a->v[1], ah = a->v[2];
		if (lo <= ah && hi >= al)
			continue;
		if (am != 0 && (m - am) * 100 / am <= mc && (am - m) * 100 / am <= mc) {
			small++;
			continue;
		}
		up = lo > ah;
		worse = higher_better(a->unit) ? !up : up;
		pctv = am != 0 ? (m - am) * 100 / am : 0;
		if (am != 0) {
			if (asprintf(&pct, "%+.1f%% %s", pctv, a->unit) < 0)
				die("out of memory");
		} else {
			pct = strdup(a->unit);
		}
		if (worse)
			reg++;
		else
			imp++;
		sa = fmt3(a->v);
		sb = fmt3(b->v);
		if (md)
			printf("| %s | %s | %s | %s | %s |\n", worse ? "REGRESSION" : "improved", b->name,
			       sa, sb, pct);
		else
			printf("%-13s %-50s %-28s %-28s %s\n", worse ? "REGRESSION" : "improved", b->name,
			       sa, sb, pct);
		free(sa);
		free(sb);
		free(pct);
	}
	printf("%s%ld figures in both, %ld moved beyond their 95%% CIs (%ld worse, %ld better)",
	       md ? "\n" : "  ", both, reg + imp, reg, imp);
	if (small)
		printf(", %ld more by no more than %s%%", small, minchg);
	printf(", %ld without a CI, %ld only in B\n", noci, onlyb);
	for (i = 0; i < fa.n; i++)
		free(fa.f[i].name), free(fa.f[i].unit);
	for (i = 0; i < fb.n; i++)
		free(fb.f[i].name), free(fb.f[i].unit);
	free(fa.f);
	free(fb.f);
	return reg > 0;
}

int compare_bench(const char *pa, const char *pb)
{
	struct sct_record A, B;
	const char *xa, *xb;
	char *da, *db;
	int rc = 0;

	read_rec(pa, &A);
	read_rec(pb, &B);
	xa = arch_of(pa, &A);
	xb = arch_of(pb, &B);
	if (strcmp(xa, xb)) {
		/* different instructions, entry code and machines: no common scale */
		printf("Benchmarks: not compared: A ran on %s, B on %s\n", xa, xb);
	} else if (A.emulated != B.emulated) {
		printf("Benchmarks: not compared: %s ran emulated (TCG), the other natively\n",
		       A.emulated ? "A" : "B");
	} else {
		if (A.emulated)
			puts("  note: both benchmark records ran emulated (TCG); the figures say little about real kernels");
		da = describe(&A);
		db = describe(&B);
		if (md)
			printf("**Benchmarks**: A = %s  \nB = %s\n\n"
			       "| change | benchmark | A median [95%% CI] | B median [95%% CI] | change |\n"
			       "| --- | --- | --- | --- | --- |\n", da, db);
		else
			printf("Benchmarks\n  A = %s\n  B = %s\n%-13s %-50s %-28s %-28s %s\n", da, db,
			       "CHANGE", "BENCHMARK", "A median [95% CI]", "B median [95% CI]", "CHANGE");
		free(da);
		free(db);
		rc = compare_figs(&A, &B);
	}
	sct_record_release(&A);
	sct_record_release(&B);
	return rc;
}
