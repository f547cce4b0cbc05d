// SPDX-License-Identifier: GPL-2.0-only
/*
 * result.c - versioned JSON result records (see result.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "record.h"
#include "result.h"

struct sct_result {
	struct json_object *root;
	char kind[32];
	char stamp[32];
};

struct sct_result *sct_result_new(const char *kind, struct json_object *context)
{
	struct sct_result *r = calloc(1, sizeof(*r));
	char created[40];
	time_t now = time(NULL);
	struct tm tm;

	if (!r)
		return NULL;
	gmtime_r(&now, &tm);
	strftime(r->stamp, sizeof(r->stamp), "%Y%m%dT%H%M%SZ", &tm);
	strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(r->kind, sizeof(r->kind), "%s", kind);
	r->root = json_object_new_object();
	if (!r->root) {
		free(r);
		return NULL;
	}
	json_object_object_add(r->root, "schema", json_object_new_string(SCT_RESULT_SCHEMA));
	json_object_object_add(r->root, "kind", json_object_new_string(kind));
	json_object_object_add(r->root, "created", json_object_new_string(created));
	json_object_object_add(r->root, "context", context);
	json_object_object_add(r->root, "benchmarks", json_object_new_array());
	json_object_object_add(r->root, "conformance", NULL);
	return r;
}

void sct_result_free(struct sct_result *r)
{
	if (!r)
		return;
	json_object_put(r->root);
	free(r);
}

struct json_object *sct_result_root(struct sct_result *r)
{
	return r->root;
}

struct json_object *sct_result_add_benchmark(struct sct_result *r, const char *name,
					     const char *unit)
{
	struct json_object *arr, *b = json_object_new_object();

	if (!b || !json_object_object_get_ex(r->root, "benchmarks", &arr))
		return NULL;
	json_object_object_add(b, "name", json_object_new_string(name));
	json_object_object_add(b, "unit", json_object_new_string(unit));
	json_object_object_add(b, "params", json_object_new_object());
	json_object_array_add(arr, b);
	return b;
}

struct json_object *sct_json_num(double v)
{
	return isfinite(v) ? json_object_new_double(v) : NULL;
}

struct json_object *sct_json_pair(double lo, double hi)
{
	struct json_object *a = json_object_new_array();

	json_object_array_add(a, sct_json_num(lo));
	json_object_array_add(a, sct_json_num(hi));
	return a;
}

struct json_object *sct_json_array(const double *v, size_t n)
{
	struct json_object *a = json_object_new_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_object_array_add(a, sct_json_num(v[i]));
	return a;
}

void sct_json_add_summary(struct json_object *o, const struct sct_summary *s)
{
	json_object_object_add(o, "n", json_object_new_int64(s->n));
	json_object_object_add(o, "median", sct_json_num(s->median));
	json_object_object_add(o, "ci95", sct_json_pair(s->ci_lo, s->ci_hi));
	json_object_object_add(o, "ci95_coverage", sct_json_num(s->ci_coverage));
	json_object_object_add(o, "mean", sct_json_num(s->mean));
	json_object_object_add(o, "min", sct_json_num(s->min));
	json_object_object_add(o, "max", sct_json_num(s->max));
	json_object_object_add(o, "q1", sct_json_num(s->q1));
	json_object_object_add(o, "q3", sct_json_num(s->q3));
	json_object_object_add(o, "iqr", sct_json_num(s->iqr));
	json_object_object_add(o, "mad", sct_json_num(s->mad));
}

struct json_object *sct_json_fit(const char *method, const struct sct_fit *f)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "method", json_object_new_string(method));
	json_object_object_add(o, "n", json_object_new_int64(f->n));
	json_object_object_add(o, "a", sct_json_num(f->a));
	json_object_object_add(o, "a_ci95", sct_json_pair(f->a_lo, f->a_hi));
	json_object_object_add(o, "b", sct_json_num(f->b));
	json_object_object_add(o, "b_ci95", sct_json_pair(f->b_lo, f->b_hi));
	json_object_object_add(o, "r2", sct_json_num(f->r2));
	return o;
}

/* kept for bench/: an explicit --output path may be replaced */
int sct_json_write_atomic(struct json_object *o, const char *path)
{
	return sct_record_write_file(o, path, SCT_RECORD_OVERWRITE);
}

static int mkdir_p(const char *dir)
{
	char buf[4096], *p;

	if (snprintf(buf, sizeof(buf), "%s", dir) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

int sct_result_write(struct sct_result *r, const char *root, char *path_out, size_t len)
{
	struct json_object *ctx, *k, *rel;
	const char *release;
	struct utsname u;
	char dir[4096];
	int err;

	uname(&u);
	release = u.release;
	/* a VM run's record names the guest kernel in its context */
	if (json_object_object_get_ex(r->root, "context", &ctx) &&
	    json_object_object_get_ex(ctx, "kernel", &k) &&
	    json_object_object_get_ex(k, "release", &rel) && json_object_is_type(rel, json_type_string))
		release = json_object_get_string(rel);
	if (snprintf(dir, sizeof(dir), "%s/%s", root, release) >= (int)sizeof(dir))
		return -ENAMETOOLONG;
	err = mkdir_p(dir);
	if (err)
		return err;
	if (snprintf(path_out, len, "%s/%s-%s.json", dir, r->stamp, r->kind) >= (int)len)
		return -ENAMETOOLONG;
	/* the stamp names the record: two in one second must not overwrite */
	return sct_record_write_file(r->root, path_out, 0);
}
