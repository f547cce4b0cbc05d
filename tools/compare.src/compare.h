/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * compare.h - what the parts of tools/compare share: small strings and
 * output (util.c), finding and reading the records (util.c), the
 * conformance comparison (conf.c), the benchmark comparison (bench.c);
 * main.c holds the options.
 */
#ifndef SCT_COMPARE_H
#define SCT_COMPARE_H

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "known.h"
#include "record.h"

/* --markdown, --all, --min-change */
extern bool md, all;
extern const char *minchg;

struct buf {
	char *s;
	size_t len, cap;
};

struct side {
	char *conf, *bench;	/* paths, or NULL */
};

struct test {
	char *key, *verdict, *reason, *feature, *since, *tags;
};

struct tests {
	struct test *t;
	size_t n;
};

__attribute__((format(printf, 1, 2), noreturn))
void die(const char *fmt, ...);
void bput(struct buf *b, const char *s, size_t n);
void bstr(struct buf *b, const char *s);
__attribute__((format(printf, 2, 3)))
void bfmt(struct buf *b, const char *fmt, ...);
char *bdone(struct buf *b);
char *tsv(const char *s);
const char *text_or(struct json_object *v, const char *dflt);
double awk_num(const char *s);
bool is_dir(const char *p);
bool ends_with(const char *s, const char *suffix);
void read_rec(const char *path, struct sct_record *r);
const char *release_of(const struct sct_record *r);
const char *arch_of(const char *path, const struct sct_record *r);
char *release_base(const char *rel);
char *describe(const struct sct_record *r);
void row(const char *a, const char *b, const char *c, const char *d, const char *e);
int compare_conf(const char *pa, const char *pb, const char *known);
int compare_bench(const char *pa, const char *pb);
struct json_object *get(struct json_object *o, const char *key);
struct side resolve(const char *arg, const char *results);
extern regex_t re_noise, re_prefix;

#endif
