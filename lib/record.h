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

#endif
