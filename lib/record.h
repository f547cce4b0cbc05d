/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * record.h - the one reader and writer of result records (schema in
 * results/README.md). lib/result.h builds records; this file writes them
 * to disk and reads them back.
 *
 * Schema "seccomp-suite/result/<version>", kinds "conformance" and
 * "bench". A reader accepts the versions it knows (SCT_RECORD_VERSION and
 * older), checks the types of the keys it uses, ignores every other key
 * and reports one error for a malformed record.
 */
#ifndef SCT_RECORD_H
#define SCT_RECORD_H

#include <stdbool.h>
#include <stddef.h>

struct json_object;

#define SCT_RECORD_SCHEMA_PREFIX "seccomp-suite/result/"
#define SCT_RECORD_VERSION 1
#define SCT_RECORD_SCHEMA SCT_RECORD_SCHEMA_PREFIX "1"

enum sct_record_kind { SCT_RECORD_CONFORMANCE, SCT_RECORD_BENCH };

/* sct_record_write_file flags */
#define SCT_RECORD_OVERWRITE 1u /* replace an existing file */

/*
 * Write a JSON value to path atomically: a temporary file in the same
 * directory, fsync, then link (or rename with SCT_RECORD_OVERWRITE) and
 * fsync of the directory, so a crash leaves the old file or the whole new
 * one. Without SCT_RECORD_OVERWRITE an existing path is -EEXIST.
 * 0 or -errno.
 */
int sct_record_write_file(struct json_object *o, const char *path, unsigned flags);
/* The same for text (SUMMARY.md, INDEX.md). */
int sct_record_write_text(const char *text, size_t len, const char *path, unsigned flags);
/* The text a record is written as (pretty, no escaped slashes, no newline). */
const char *sct_record_text(struct json_object *o);

/* Counts of a conformance record's "summary" (-1: key absent). */
struct sct_record_summary {
	long programs_planned, programs_run, programs_failed;
	long tests, pass, fail, skip;
};

/* A record read back; the strings point into root. */
struct sct_record {
	struct json_object *root;	/* the whole document, owned */
	int version;			/* of the schema */
	enum sct_record_kind kind;
	const char *created;		/* "2026-11-28T03:00:00Z" */
	const char *release;		/* context.kernel.release, or NULL */
	const char *machine;		/* context.kernel.machine, or NULL */
	bool emulated;			/* context.cpu.virtualization.emulated */
	struct json_object *context;	/* object or NULL */
	struct json_object *benchmarks;	/* array (of objects with a "name") */
	/* conformance records only (else NULL / zero) */
	struct json_object *conformance;
	const char *status;		/* "complete" or "incomplete" */
	const char *reason;		/* why incomplete, or NULL */
	const char *where;		/* "native", "qemu-kvm", "qemu-tcg" or NULL */
	struct sct_record_summary summary;
	struct json_object *tests;	/* array of {program, name, verdict, ...} */
};

/*
 * Read and validate the record at path. 0, or -1 with one line naming the
 * file and the first problem in err ("not JSON", "schema ... unknown",
 * "'conformance.summary.pass' is not an integer", ...). Free with
 * sct_record_release (also after a failure).
 */
int sct_record_read(const char *path, struct sct_record *rec, char *err, size_t errlen);
/* The same on an already parsed document (taking ownership of root). */
int sct_record_parse(struct json_object *root, const char *name, struct sct_record *rec,
		     char *err, size_t errlen);
void sct_record_release(struct sct_record *rec);

/* A benchmark entry's headline: delta.pseudomedian, else delta.median,
 * else median (records before the pseudo-median). NaN when none. */
double sct_record_bench_figure(struct json_object *entry);

/*
 * A benchmark entry's delta and its 95 % interval: delta.pseudomedian with
 * pseudomedian_ci95 when the pseudo-median is a number, else delta.median
 * with ci95 (records before the pseudo-median, or where it could not be
 * computed). NaN for what is missing; false when the entry has no delta.
 */
bool sct_record_bench_delta(struct json_object *entry, double *v, double *lo, double *hi);

/* One figure two runs of the benchmark should reproduce. */
struct sct_bench_figure {
	char name[160];		/* "<entry> slope", "<entry> Δ" or the entry's name */
	double v, lo, hi;	/* the figure and its 95 % interval (NaN: unknown) */
	double span;		/* slopes: the x range of the fitted group, else NaN */
};

/*
 * Entry i of a bench record as a figure: a fit's slope b (interval b_ci95,
 * span over its group's x), else the delta (sct_record_bench_delta), else
 * the median of a kernel-ref "/estimate/" or "/figure/" entry (ci95).
 * False when the entry is none of these.
 */
bool sct_record_bench_figure_ci(const struct sct_record *rec, size_t i,
				struct sct_bench_figure *f);

/* The rule "two runs agree" (seccomp-bench agree, scripts/compare). */
#define SCT_AGREE_TOLERANCE	0.05	/* 5 % of the larger figure */
#define SCT_AGREE_FLOOR_NS	1.0	/* small figures: the intervals' target (--target-ns) */

enum sct_agreement {
	SCT_AGREE_WITHIN,	/* within the tolerance of the larger figure (or equal) */
	SCT_AGREE_SMALL,	/* not, but within floor_ns (a slope: over its range) */
	SCT_AGREE_DIFFERS,
};

/* Do figures a and b (of the same name) agree? *rel: |a - b| over the larger. */
enum sct_agreement sct_record_figures_agree(const struct sct_bench_figure *a,
					    const struct sct_bench_figure *b, double tol,
					    double floor_ns, double *rel);

struct sct_agree_tally {
	size_t within, small, differ;
};

/* Called per compared pair in a's order (a's figure, b's, the verdict, rel). */
typedef void sct_agree_fn(const struct sct_bench_figure *a, const struct sct_bench_figure *b,
			  enum sct_agreement verdict, double rel, void *arg);

/*
 * Compare every figure of bench record a with b's figure of the same name
 * (sct_record_figures_agree), counting into *t and calling fn (may be
 * NULL). 0 when they agree: a figure in common and none differs; 1 when
 * not; -ENOMEM.
 */
int sct_record_bench_agree(const struct sct_record *a, const struct sct_record *b, double tol,
			   double floor_ns, struct sct_agree_tally *t, sct_agree_fn *fn, void *arg);

#endif
