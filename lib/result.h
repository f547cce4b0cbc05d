/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * result.h - versioned JSON result records (schema in results/README.md):
 *
 *   {"schema": "seccomp-suite/result/1", "kind": "bench", "created": "...",
 *    "context": {...lib/env.h...},
 *    "benchmarks": [{"name", "params", "unit", "samples", "median",
 *                    "ci95": [lo, hi], ...}],
 *    "conformance": null}
 *
 * Non-finite numbers become null, never NaN. Records are written
 * atomically through lib/record.h to
 * <root>/<kernel release>/<UTC timestamp>-<kind>.json.
 */
#ifndef SCT_RESULT_H
#define SCT_RESULT_H

#include <stddef.h>

#include "record.h"
#include "stats.h"

struct json_object;

#define SCT_RESULT_SCHEMA SCT_RECORD_SCHEMA

struct sct_result;

/* A new record of `kind` ("bench", "conformance", ...) taking ownership of
 * `context` (may be NULL: written as null). NULL on allocation failure. */
struct sct_result *sct_result_new(const char *kind, struct json_object *context);
void sct_result_free(struct sct_result *r);

/* The record's root object, for readers and for adding top-level keys. */
struct json_object *sct_result_root(struct sct_result *r);

/* Append {"name", "unit", "params": {}} to "benchmarks" and return it
 * (owned by the record) so the caller can add its fields; NULL on ENOMEM. */
struct json_object *sct_result_add_benchmark(struct sct_result *r, const char *name,
					     const char *unit);

/* A number, or null when it is not finite. */
struct json_object *sct_json_num(double v);
/* [lo, hi] with nulls for non-finite ends. */
struct json_object *sct_json_pair(double lo, double hi);
/* An array of numbers (non-finite as null). */
struct json_object *sct_json_array(const double *v, size_t n);
/* Add n, median, ci95, ci95_coverage, mean, min, max, q1, q3, iqr, mad. */
void sct_json_add_summary(struct json_object *o, const struct sct_summary *s);
/* {"method", "a", "a_ci95", "b", "b_ci95", "r2", "n"} */
struct json_object *sct_json_fit(const char *method, const struct sct_fit *f);

/* Write any JSON value to path atomically, replacing it (sct_record_write_file). */
int sct_json_write_atomic(struct json_object *o, const char *path);

/*
 * Write the record under root/<kernel release>/<timestamp>-<kind>.json
 * (the release in the record's context.kernel.release, else uname -r),
 * creating directories; an existing record there is -EEXIST. The path
 * written goes to path_out. 0 or -errno.
 */
int sct_result_write(struct sct_result *r, const char *root, char *path_out, size_t len);

#endif
