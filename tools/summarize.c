// SPDX-License-Identifier: GPL-2.0-only
/*
 * summarize - results/<release>/SUMMARY.md from the records of one release
 * directory, and results/INDEX.md over every release (results/README.md).
 * Everything it prints comes from the records (lib/record.h), so numbers
 * quoted elsewhere can point here instead of being copied by hand.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "known.h"
#include "record.h"

#define MAX_RECORDS 512
#define MAX_ARCHES 8

struct rec {
	char file[256];
	struct sct_record r;
};

struct arch {
	const char *machine;
	struct rec *conf[MAX_RECORDS], *bench[MAX_RECORDS];
	int nconf, nbench;
};

struct opts {
	const char *known;	/* known-failure lists, or NULL */
	bool to_stdout;
};

static void usage(FILE *f)
{
	fputs("Usage: summarize [options] RESULTS_DIR/RELEASE\n"
	      "       summarize --index [options] RESULTS_DIR\n\n"
	      "Writes RELEASE/SUMMARY.md: per arch the canonical conformance record (the\n"
	      "latest complete one) with its counts, kernel, date and emulation, and the\n"
	      "benchmark records' headline figures: of the last consecutive pair that\n"
	      "agrees under the rule of `seccomp-bench agree` (lib/record.h), else of the\n"
	      "latest record. --index writes RESULTS_DIR/INDEX.md, the canonical records\n"
	      "of every release and what results/archive holds.\n"
	      "  --known DIR     known-failure lists (default RESULTS_DIR/known-failures)\n"
	      "  --stdout        print instead of writing the file\n"
	      "  -h, --help      this text\n"
	      "Exit 0, or 2 for bad input (one line on stderr).\n", f);
}

static void die(const char *fmt, const char *a, const char *b)
{
	fputs("summarize: ", stderr);
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	exit(2);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* The *.json records of dir, sorted by name (the UTC stamp comes first). */
static int list_records(const char *dir, struct rec **out)
{
	char *names[MAX_RECORDS], path[4096], err[600];
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0, i;

	if (!d)
		die("cannot read '%s': %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !ends_with(e->d_name, ".json"))
			continue;
		if (n == MAX_RECORDS)
			die("more than %s records in '%s'", "512", dir);
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), by_name);
	*out = calloc(n ? n : 1, sizeof(**out));
	for (i = 0; i < n; i++) {
		snprintf((*out)[i].file, sizeof((*out)[i].file), "%s", names[i]);
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (sct_record_read(path, &(*out)[i].r, err, sizeof(err)))
			die("%s%s", err, "");
		free(names[i]);
	}
	return n;
}

static int group(struct rec *recs, int n, struct arch *arches)
{
	int na = 0, i, a;

	for (i = 0; i < n; i++) {
		const char *m = recs[i].r.machine ? recs[i].r.machine : "unknown arch";

		for (a = 0; a < na && strcmp(arches[a].machine, m); a++)
			;
		if (a == na) {
			if (na == MAX_ARCHES)
				die("more than %s arches in one release%s", "8", "");
			arches[na++].machine = m;
		}
		if (recs[i].r.kind == SCT_RECORD_CONFORMANCE)
			arches[a].conf[arches[a].nconf++] = &recs[i];
		else
			arches[a].bench[arches[a].nbench++] = &recs[i];
	}
	return na;
}

/* The latest complete run; the latest run when none completed. */
static struct rec *canonical_conf(const struct arch *a)
{
	int i;

	for (i = a->nconf - 1; i >= 0; i--)
		if (!strcmp(a->conf[i]->r.status, "complete"))
			return a->conf[i];
	return a->nconf ? a->conf[a->nconf - 1] : NULL;
}

/* --- known failures (lib/known.h) --------------------------------------- */

static const char *str_key(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* Failing test cases of the record that a known-failure list names (a
 * whole program's result, test "*", by the program's name). */
static long known_failures(const char *dir, const struct sct_record *r)
{
	size_t i, n = r->tests ? json_object_array_length(r->tests) : 0;
	/* records from before arm64 support were all x86_64 */
	const char *arch = sct_known_arch(r->machine ? r->machine : "x86_64");
	struct sct_known k;
	char err[4600];
	long known = 0;

	if (!dir)
		return 0;
	if (sct_known_load(&k, dir, r->release, arch, err, sizeof(err)))
		die("%s%s", err, "");
	for (i = 0; i < n; i++) {
		struct json_object *t = json_object_array_get_idx(r->tests, i);
		const char *v = str_key(t, "verdict"), *p = str_key(t, "program");
		const char *name = str_key(t, "name");
		char id[1024];

		if (!v || strcmp(v, "fail") || !p || !name)
			continue;
		snprintf(id, sizeof(id), "%s%s%s", p, strcmp(name, "*") ? ":" : "",
			 strcmp(name, "*") ? name : "");
		known += sct_known_find(&k, id) != NULL;
	}
	sct_known_free(&k);
	return known;
}

/* --- benchmark records -------------------------------------------------- */

/* 0 when the two records agree (the rule of `seccomp-bench agree`). */
static int agree(const struct rec *a, const struct rec *b)
{
	struct sct_agree_tally t;
	int r = sct_record_bench_agree(&a->r, &b->r, SCT_AGREE_TOLERANCE, SCT_AGREE_FLOOR_NS, &t,
				       NULL, NULL);

	if (r < 0)
		die("out of memory comparing %s and %s", a->file, b->file);
	return r;
}

static void fmt_num(char *buf, size_t len, double v)
{
	if (!isfinite(v))
		snprintf(buf, len, "–");
	else if (fabs(v) < 0.00005)
		snprintf(buf, len, "0.0000");	/* not -0.0000 */
	else if (fabs(v) >= 100)
		snprintf(buf, len, "%.1f", v);
	else if (fabs(v) >= 1)
		snprintf(buf, len, "%.2f", v);
	else
		snprintf(buf, len, "%.4f", v);
}

static double num_key(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) || !v ||
	    !(json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int)))
		return NAN;
	return json_object_get_double(v);
}

static struct json_object *entry(const struct rec *r, const char *name)
{
	size_t i, n = json_object_array_length(r->r.benchmarks);

	for (i = 0; i < n; i++) {
		struct json_object *b = json_object_array_get_idx(r->r.benchmarks, i);

		if (!strcmp(str_key(b, "name"), name))
			return b;
	}
	return NULL;
}

/* What a fit's slope is per: params.x_name ("instructions", "filters"). */
static const char *fit_x(struct json_object *b)
{
	struct json_object *p;
	const char *x = NULL;

	if (json_object_object_get_ex(b, "params", &p) && p)
		x = str_key(p, "x_name");
	return x ? x : "x";
}

/* One table row per headline figure of recs[0]: the fits' slopes and
 * intercepts and the kernel-ref figures, a column per record. */
static void bench_table(FILE *f, struct rec **recs, int n)
{
	size_t i, ne = json_object_array_length(recs[0]->r.benchmarks);
	char v[64];
	int k;

	fputs("| figure |", f);
	for (k = 0; k < n; k++)
		fprintf(f, " `%.16s` |", recs[k]->file);
	fputs("\n|---|", f);
	for (k = 0; k < n; k++)
		fputs("---:|", f);
	fputc('\n', f);
	for (i = 0; i < ne; i++) {
		struct json_object *b = json_object_array_get_idx(recs[0]->r.benchmarks, i), *fit;
		const char *name = str_key(b, "name");
		bool is_fit = strstr(name, "/fit/") != NULL;

		if (!is_fit && strncmp(name, "kernel-ref/figure/", 18))
			continue;
		for (int part = 0; part < (is_fit ? 2 : 1); part++) {
			if (!is_fit)
				fprintf(f, "| %s, ns |", name);
			else if (part)
				fprintf(f, "| %s Δ intercept, ns |", name);
			else
				fprintf(f, "| %s Δ slope, ns per %.*s |", name,
					/* "instructions" -> per instruction */
					(int)strlen(fit_x(b)) - ends_with(fit_x(b), "s"), fit_x(b));
			for (k = 0; k < n; k++) {
				struct json_object *e = entry(recs[k], name);

				fit = NULL;
				if (e && is_fit)
					json_object_object_get_ex(e, "fit", &fit);
				fmt_num(v, sizeof(v), !e ? NAN : !is_fit ? sct_record_bench_figure(e) :
					num_key(fit, part ? "a" : "b"));
				fprintf(f, " %s |", v);
			}
			fputc('\n', f);
		}
	}
}

/* Rows of wall times: each suite's, and seccomp_benchmark's against ours. */
static void time_rows(FILE *f, struct rec **recs, int n)
{
	static const char *const keys[][2] = {
		{ "elapsed_s", "kernel-ref/seccomp_benchmark elapsed, s" },
		{ "ours_elapsed_s", "kernel-ref: our harness elapsed, s" },
	};
	struct json_object *suites, *x, *e;
	char v[64];
	int k;

	if (json_object_object_get_ex(recs[0]->r.root, "suites", &suites) &&
	    json_object_is_type(suites, json_type_object)) {
		json_object_object_foreach(suites, name, unused) {
			(void)unused;
			fprintf(f, "| %s suite elapsed, s |", name);
			for (k = 0; k < n; k++) {
				x = NULL;
				if (json_object_object_get_ex(recs[k]->r.root, "suites", &e) &&
				    json_object_is_type(e, json_type_object))
					json_object_object_get_ex(e, name, &x);
				fmt_num(v, sizeof(v), num_key(x, "elapsed_s"));
				fprintf(f, " %s |", v);
			}
			fputc('\n', f);
		}
	}
	if (!entry(recs[0], "kernel-ref/seccomp_benchmark"))
		return;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		fprintf(f, "| %s |", keys[i][1]);
		for (k = 0; k < n; k++) {
			fmt_num(v, sizeof(v), num_key(entry(recs[k], "kernel-ref/seccomp_benchmark"),
						      keys[i][0]));
			fprintf(f, " %s |", v);
		}
		fputc('\n', f);
	}
}

static void bench_section(FILE *f, const struct arch *a)
{
	struct rec *pair[2];
	int i;

	fprintf(f, "\n### Benchmarks (%d record%s)\n\n", a->nbench, a->nbench == 1 ? "" : "s");
	for (i = a->nbench - 1; i > 0; i--)
		if (!agree(a->bench[i - 1], a->bench[i]))
			break;
	if (i > 0) {
		pair[0] = a->bench[i - 1];
		pair[1] = a->bench[i];
		fprintf(f, "The last pair that `seccomp-bench agree` finds agreeing: "
			"[`%s`](%s) and [`%s`](%s).\n\n",
			pair[0]->file, pair[0]->file, pair[1]->file, pair[1]->file);
		bench_table(f, pair, 2);
		time_rows(f, pair, 2);
		return;
	}
	fputs("No two consecutive records agree (`seccomp-bench agree`).\n", f);
	pair[0] = a->bench[a->nbench - 1];
	fprintf(f, "The latest record: [`%s`](%s)%s.\n\n", pair[0]->file, pair[0]->file,
		pair[0]->r.emulated ? " (emulated)" : "");
	bench_table(f, pair, 1);
	time_rows(f, pair, 1);
}

/* --- SUMMARY.md --------------------------------------------------------- */

static void conf_section(FILE *f, const char *known, const struct arch *a)
{
	const struct rec *c = canonical_conf(a);
	const struct sct_record *r = &c->r;
	const struct sct_record_summary *s = &r->summary;
	const char *ver = NULL, *src = str_key(r->conformance, "kernel_source");
	struct json_object *k;
	long kn = known_failures(known, r);

	if (r->context && json_object_object_get_ex(r->context, "kernel", &k))
		ver = str_key(k, "version");
	fprintf(f, "\n### Conformance (%d record%s)\n\n[`%s`](%s): the latest %s.\n\n",
		a->nconf, a->nconf == 1 ? "" : "s", c->file, c->file,
		strcmp(r->status, "complete") ? "run (none is complete)" : "complete run");
	fputs("| | |\n|---|---|\n", f);
	fprintf(f, "| kernel | %s%s%s%s |\n", r->release ? r->release : "?",
		ver ? " (`" : "", ver ? ver : "", ver ? "`)" : "");
	fprintf(f, "| date | %s |\n", r->created);
	fprintf(f, "| where | %s%s |\n", r->where ? r->where : "native",
		r->emulated ? ", emulated" : "");
	if (src)
		fprintf(f, "| kernel source | %s |\n", src);
	fprintf(f, "| status | %s%s%s |\n", r->status, r->reason ? ": " : "",
		r->reason ? r->reason : "");
	fprintf(f, "| test cases | %ld: %ld passed, %ld failed, %ld known, %ld skipped |\n",
		s->tests, s->pass, s->fail - kn, kn, s->skip);
	fprintf(f, "| programs | %ld of %ld run, %ld failed |\n", s->programs_run,
		s->programs_planned, s->programs_failed);
	if (!known)
		fputs("\nNo known-failure lists found: every failure counts as failed.\n", f);
}

static void summary(FILE *f, const struct opts *o, const char *dir, const char *release)
{
	struct arch arches[MAX_ARCHES] = { 0 };
	struct rec *recs;
	int n = list_records(dir, &recs), na = group(recs, n, arches), i;

	fputs("<!-- SPDX-License-Identifier: GPL-2.0-only -->\n"
	      "<!-- generated by tools/summarize from the records in this directory -->\n", f);
	fprintf(f, "# %s\n", release);
	if (!na)
		fputs("\nNo records.\n", f);
	for (i = 0; i < na; i++) {
		fprintf(f, "\n## %s\n", arches[i].machine);
		if (arches[i].nconf)
			conf_section(f, o->known, &arches[i]);
		if (arches[i].nbench)
			bench_section(f, &arches[i]);
	}
	for (i = 0; i < n; i++)
		sct_record_release(&recs[i].r);
	free(recs);
}

/* --- INDEX.md ----------------------------------------------------------- */

static int count_json(const char *dir)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.' && ends_with(e->d_name, ".json");
	closedir(d);
	return n;
}

static int subdirs(const char *dir, char **names)
{
	char path[4096];
	struct dirent *e;
	struct stat st;
	DIR *d = opendir(dir);
	int n = 0;

	if (!d)
		die("cannot read '%s': %s", dir, strerror(errno));
	while ((e = readdir(d)) && n < MAX_RECORDS) {
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (e->d_name[0] != '.' && !stat(path, &st) && S_ISDIR(st.st_mode) &&
		    count_json(path) > 0)
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), by_name);
	return n;
}

static void index_release(FILE *f, const char *root, const char *rel)
{
	struct arch arches[MAX_ARCHES] = { 0 };
	char dir[4096];
	struct rec *recs;
	int n, na, i;

	snprintf(dir, sizeof(dir), "%s/%s", root, rel);
	n = list_records(dir, &recs);
	na = group(recs, n, arches);
	for (i = 0; i < na; i++) {
		const struct arch *a = &arches[i];
		const struct rec *c = a->nconf ? canonical_conf(a) : NULL;

		fprintf(f, "| [%s](%s/SUMMARY.md) | %s | ", rel, rel, a->machine);
		if (c)
			fprintf(f, "[`%s`](%s/%s) %s", c->file, rel, c->file, c->r.status);
		fputs(" | ", f);
		/* a release directory holds only canonical bench records */
		for (int k = 0; k < a->nbench; k++)
			fprintf(f, "%s[`%s`](%s/%s)", k ? ", " : "", a->bench[k]->file, rel,
				a->bench[k]->file);
		fputs(" |\n", f);
	}
	for (i = 0; i < n; i++)
		sct_record_release(&recs[i].r);
	free(recs);
}

static void index_md(FILE *f, const char *root)
{
	char *rels[2 * MAX_RECORDS], dir[4096];	/* releases, then archive/ */
	int n = subdirs(root, rels), i, na;

	fputs("<!-- SPDX-License-Identifier: GPL-2.0-only -->\n"
	      "<!-- generated by tools/summarize --index -->\n"
	      "# Result records\n\n"
	      "The canonical records per release and arch (layout: README.md). Each\n"
	      "release's SUMMARY.md has the counts and figures.\n\n"
	      "| release | arch | conformance (latest complete) | benchmark |\n"
	      "|---|---|---|---|\n", f);
	for (i = 0; i < n; i++)
		if (strcmp(rels[i], "archive"))
			index_release(f, root, rels[i]);
	snprintf(dir, sizeof(dir), "%s/archive", root);
	fputs("\n## archive/\n\nOlder runs (superseded conformance runs, harness tuning runs):\n\n", f);
	na = access(dir, F_OK) ? 0 : subdirs(dir, rels + n);
	for (i = 0; i < na; i++) {
		char sub[4200];

		snprintf(sub, sizeof(sub), "%s/%s", dir, rels[n + i]);
		int k = count_json(sub);

		fprintf(f, "- `archive/%s/`: %d record%s\n", rels[n + i], k, k == 1 ? "" : "s");
		free(rels[n + i]);
	}
	if (!na)
		fputs("- none\n", f);
	for (i = 0; i < n; i++)
		free(rels[i]);
}

static void emit(const struct opts *o, const char *path, void (*fn)(FILE *, const struct opts *,
							  const char *, const char *),
		 const char *a, const char *b)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	int err;

	if (!mem)
		die("out of memory%s%s", "", "");
	fn(mem, o, a, b);
	if (fclose(mem))
		die("out of memory%s%s", "", "");
	if (o->to_stdout) {
		fwrite(text, 1, len, stdout);
	} else {
		err = sct_record_write_text(text, len, path, SCT_RECORD_OVERWRITE);
		if (err)
			die("cannot write '%s': %s", path, strerror(-err));
	}
	free(text);
}

static void index_fn(FILE *f, const struct opts *o, const char *root, const char *unused)
{
	(void)o;
	(void)unused;
	index_md(f, root);
}

static void summary_fn(FILE *f, const struct opts *o, const char *dir, const char *release)
{
	summary(f, o, dir, release);
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "known", required_argument, NULL, 'k' },
		{ "index", no_argument, NULL, 'i' },
		{ "stdout", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct opts o = { 0 };
	char dir[4096], parent[4096], known[4200], out[4200];
	const char *release;
	bool index = false;
	struct stat st;
	int c;

	opterr = 0;	/* one error line, ours */
	while ((c = getopt_long(argc, argv, "h", lopts, NULL)) != -1) {
		switch (c) {
		case 'k': o.known = optarg; break;
		case 'i': index = true; break;
		case 's': o.to_stdout = true; break;
		case 'h': usage(stdout); return 0;
		default:
			fprintf(stderr, "summarize: bad option '%s' (see --help)\n", argv[optind - 1]);
			return 2;
		}
	}
	if (optind + 1 != argc)
		die("expected one directory (see --help)%s%s", "", "");
	snprintf(dir, sizeof(dir), "%s", argv[optind]);
	while (strlen(dir) > 1 && dir[strlen(dir) - 1] == '/')
		dir[strlen(dir) - 1] = '\0';
	if (stat(dir, &st) || !S_ISDIR(st.st_mode))
		die("'%s' is not a directory%s", dir, "");
	if (index) {
		snprintf(out, sizeof(out), "%s/INDEX.md", dir);
		emit(&o, out, index_fn, dir, NULL);
		return 0;
	}
	release = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
	snprintf(parent, sizeof(parent), "%.*s", (int)(release - dir), dir);
	if (!parent[0])
		snprintf(parent, sizeof(parent), "./");
	if (!o.known) {
		snprintf(known, sizeof(known), "%sknown-failures", parent);
		o.known = access(known, F_OK) ? NULL : known;
	} else if (stat(o.known, &st) || !S_ISDIR(st.st_mode)) {
		die("--known '%s' is not a directory%s", o.known, "");
	}
	snprintf(out, sizeof(out), "%s/SUMMARY.md", dir);
	emit(&o, out, summary_fn, dir, release);
	return 0;
}
