// SPDX-License-Identifier: GPL-2.0-only
/*
 * seccomp-bench agree A.json B.json [--tolerance F] [--floor-ns NS]: do two
 * bench records agree? Every fitted slope, Δ (pseudo-median) and
 * kernel-ref estimate must be within F of the larger or, for small
 * figures, within NS ns (a slope's difference counted over its fitted
 * range); otherwise DIFFERS and exit 1. The acceptance check of a harness
 * change: two runs before and after it. The figures and the rule are
 * lib/record.h's (sct_record_bench_agree), so other readers judge alike.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "record.h"

#include "bench.h"

/* Print one figure's line. */
static void print_figure(const struct sct_bench_figure *fa, const struct sct_bench_figure *fb,
			 enum sct_agreement v, double rel, void *arg)
{
	const double *opt = arg;	/* tolerance, floor */
	double hw = (fa->hi - fa->lo) / 2 + (fb->hi - fb->lo) / 2;
	char verdict[64];

	if (v == SCT_AGREE_WITHIN)
		snprintf(verdict, sizeof(verdict), "within %g%%", 100 * opt[0]);
	else if (v == SCT_AGREE_SMALL)
		snprintf(verdict, sizeof(verdict), isnan(fa->span) ?
			 "within %g ns" : "within %g ns over the range", opt[1]);
	else
		snprintf(verdict, sizeof(verdict), "DIFFERS%s",
			 fabs(fa->v - fb->v) <= hw ? " (95% intervals overlap)" : "");
	printf("%-56.56s %12.4f %12.4f %7.1f%%  %s\n", fa->name, fa->v, fb->v, 100 * rel, verdict);
}

/* path as a bench record (lib/record.h); false after saying why. */
static bool read_bench_record(const char *path, struct sct_record *rec)
{
	char err[SCT_ESC_BUF + 600], e[SCT_ESC_BUF];

	if (sct_record_read(path, rec, err, sizeof(err))) {
		fprintf(stderr, "seccomp-bench agree: cannot read %s\n", err);
		return false;
	}
	if (rec->kind != SCT_RECORD_BENCH) {
		fprintf(stderr, "seccomp-bench agree: %s: not a benchmark record\n",
			sct_esc(e, sizeof(e), path));
		return false;
	}
	return true;
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
	struct sct_record ra = { 0 }, rb = { 0 };
	double opt[2] = { SCT_AGREE_TOLERANCE, SCT_AGREE_FLOOR_NS };
	struct sct_agree_tally t;
	int status = 2, r;

	if (!agree_options(argc, argv, &opt[0], &opt[1]))
		return 2;
	if (!read_bench_record(argv[1], &ra) || !read_bench_record(argv[2], &rb))
		goto out;
	printf("%-56s %12s %12s %8s  %s\n", "figure", "A", "B", "diff", "verdict");
	r = sct_record_bench_agree(&ra, &rb, opt[0], opt[1], &t, print_figure, opt);
	if (r < 0) {
		fprintf(stderr, "seccomp-bench agree: out of memory\n");
		status = 1;
		goto out;
	}
	printf("\n%zu figures: %zu within %g%%, %zu more within %g ns (small figures), "
	       "%zu differ\n", t.within + t.small + t.differ, t.within, 100 * opt[0], t.small,
	       opt[1], t.differ);
	if (!t.within && !t.small && !t.differ)
		fprintf(stderr, "seccomp-bench agree: the records have no figure in common\n");
	status = r;
out:
	sct_record_release(&ra);
	sct_record_release(&rb);
	return status;
}
