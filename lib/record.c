// SPDX-License-Identifier: GPL-2.0-only
/*
 * record.c - writing result records atomically and reading them back
 * validated (see record.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cli.h"
#include "record.h"

/* A record read back: a full bench run is a few MB. */
#define RECORD_MAX_BYTES (256u << 20)

const char *sct_record_text(struct json_object *o)
{
	return json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		len -= w;
	}
	return 0;
}

/* The directory's entry is durable only once the directory is synced. */
static int sync_dir_of(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd, err = 0;

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else if (snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path) >= (int)sizeof(dir))
		return -ENAMETOOLONG;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fsync(fd) && errno != EINVAL)
		err = -errno;
	close(fd);
	return err;
}

int sct_record_write_text(const char *text, size_t len, const char *path, unsigned flags)
{
	char tmp[PATH_MAX];
	int fd, err;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	if (!(flags & SCT_RECORD_OVERWRITE) && access(path, F_OK) == 0)
		return -EEXIST;
	fd = mkstemp(tmp);
	if (fd < 0)
		return -errno;
	err = write_all(fd, text, len);
	if (!err && (fsync(fd) || fchmod(fd, 0644)))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	if (!err) {
		if (flags & SCT_RECORD_OVERWRITE) {
			if (rename(tmp, path))
				err = -errno;
		} else if (link(tmp, path)) {
			/* link fails on an existing path, atomically; a file
			 * system without hard links gets a checked rename */
			err = -errno;
			if (err == -EPERM || err == -EOPNOTSUPP) {
				err = access(path, F_OK) == 0 ? -EEXIST : 0;
				if (!err && rename(tmp, path))
					err = -errno;
			}
		}
	}
	unlink(tmp);
	if (!err)
		err = sync_dir_of(path);
	return err;
}

int sct_record_write_file(struct json_object *o, const char *path, unsigned flags)
{
	const char *text = sct_record_text(o);
	char *buf;
	size_t len;
	int err;

	if (!text)
		return -ENOMEM;
	len = strlen(text);
	buf = malloc(len + 2);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, text, len);
	buf[len++] = '\n';
	err = sct_record_write_text(buf, len, path, flags);
	free(buf);
	return err;
}

/* --- reading ------------------------------------------------------------ */

struct rd {
	const char *name;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int bad(struct rd *rd, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (rd->err && rd->errlen)
		snprintf(rd->err, rd->errlen, "%s: not a valid result record: %s", rd->name, what);
	return -1;
}

static const char *type_name(json_type t)
{
	switch (t) {
	case json_type_null: return "null";
	case json_type_boolean: return "a boolean";
	case json_type_double: return "a number";
	case json_type_int: return "an integer";
	case json_type_object: return "an object";
	case json_type_array: return "an array";
	case json_type_string: return "a string";
	}
	return "?";
}

/* key of o: absent (NULL, 0), of type t (or null when nullable), else -1 */
static int get(struct rd *rd, struct json_object *o, const char *path, const char *key,
	       json_type t, bool nullable, struct json_object **out)
{
	struct json_object *v;

	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	if (!v) {
		if (nullable)
			return 0;
		return bad(rd, "'%s%s' is null, not %s", path, key, type_name(t));
	}
	if (!json_object_is_type(v, t))
		return bad(rd, "'%s%s' is %s, not %s", path, key,
			   type_name(json_object_get_type(v)), type_name(t));
	*out = v;
	return 0;
}

static const char *str_of(struct json_object *v)
{
	return v ? json_object_get_string(v) : NULL;
}

static int read_context(struct rd *rd, struct sct_record *rec)
{
	struct json_object *k, *cpu, *virt, *v;

	if (get(rd, rec->root, "", "context", json_type_object, true, &rec->context))
		return -1;
	if (!rec->context)
		return 0;
	if (get(rd, rec->context, "context.", "kernel", json_type_object, true, &k))
		return -1;
	if (k) {
		if (get(rd, k, "context.kernel.", "release", json_type_string, true, &v))
			return -1;
		rec->release = str_of(v);
		if (get(rd, k, "context.kernel.", "machine", json_type_string, true, &v))
			return -1;
		rec->machine = str_of(v);
	}
	if (get(rd, rec->context, "context.", "cpu", json_type_object, true, &cpu))
		return -1;
	if (cpu && get(rd, cpu, "context.cpu.", "virtualization", json_type_object, true, &virt))
		return -1;
	if (cpu && virt) {
		if (get(rd, virt, "context.cpu.virtualization.", "emulated", json_type_boolean,
			true, &v))
			return -1;
		rec->emulated = v && json_object_get_boolean(v);
	}
	return 0;
}

/* The members the figure readers below use have the types they expect
 * (params, fit and delta may be null: the baseline, a failed fit). */
static int check_entry(struct rd *rd, struct json_object *b, const char *where)
{
	struct json_object *params, *v;
	char sub[96];

	if (get(rd, b, where, "params", json_type_object, true, &params) ||
	    get(rd, b, where, "fit", json_type_object, true, &v) ||
	    get(rd, b, where, "delta", json_type_object, true, &v))
		return -1;
	if (!params)
		return 0;
	snprintf(sub, sizeof(sub), "%sparams.", where);
	if (get(rd, params, sub, "suite", json_type_string, false, &v) ||
	    get(rd, params, sub, "group", json_type_string, false, &v))
		return -1;
	return 0;
}

static int read_benchmarks(struct rd *rd, struct sct_record *rec)
{
	size_t i, n;

	if (get(rd, rec->root, "", "benchmarks", json_type_array, false, &rec->benchmarks))
		return -1;
	if (!rec->benchmarks)
		return bad(rd, "no 'benchmarks' array");
	n = json_object_array_length(rec->benchmarks);
	for (i = 0; i < n; i++) {
		struct json_object *b = json_object_array_get_idx(rec->benchmarks, i), *name;
		char where[64];

		snprintf(where, sizeof(where), "benchmarks[%zu].", i);
		if (!json_object_is_type(b, json_type_object))
			return bad(rd, "'benchmarks[%zu]' is not an object", i);
		if (get(rd, b, where, "name", json_type_string, false, &name))
			return -1;
		if (!name)
			return bad(rd, "'benchmarks[%zu]' has no name", i);
		if (check_entry(rd, b, where))
			return -1;
	}
	return 0;
}

static int read_conformance(struct rd *rd, struct sct_record *rec)
{
	static const struct { const char *key; size_t off; } counts[] = {
#define C(k) { #k, offsetof(struct sct_record_summary, k) }
		C(programs_planned), C(programs_run), C(programs_failed),
		C(tests), C(pass), C(fail), C(skip),
#undef C
	};
	struct json_object *c = rec->conformance, *v, *sum;
	size_t i;

	if (get(rd, c, "conformance.", "status", json_type_string, false, &v))
		return -1;
	rec->status = str_of(v);
	if (!rec->status || (strcmp(rec->status, "complete") && strcmp(rec->status, "incomplete")))
		return bad(rd, "'conformance.status' is neither \"complete\" nor \"incomplete\"");
	if (get(rd, c, "conformance.", "reason", json_type_string, true, &v))
		return -1;
	rec->reason = str_of(v);
	if (get(rd, c, "conformance.", "where", json_type_string, true, &v))
		return -1;
	rec->where = str_of(v);
	if (get(rd, c, "conformance.", "tests", json_type_array, true, &rec->tests))
		return -1;
	if (get(rd, c, "conformance.", "summary", json_type_object, false, &sum))
		return -1;
	if (!sum)
		return bad(rd, "no 'conformance.summary' object");
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		long *dst = (long *)((char *)&rec->summary + counts[i].off);

		if (get(rd, sum, "conformance.summary.", counts[i].key, json_type_int, false, &v))
			return -1;
		*dst = v ? (long)json_object_get_int64(v) : -1;
	}
	return 0;
}

int sct_record_parse(struct json_object *root, const char *name, struct sct_record *rec,
		     char *err, size_t errlen)
{
	struct rd rd = { .name = name, .err = err, .errlen = errlen };
	struct json_object *v;
	const char *schema, *kind;
	char *end;
	long ver;

	memset(rec, 0, sizeof(*rec));
	rec->root = root;
	if (!json_object_is_type(root, json_type_object))
		return bad(&rd, "not a JSON object");
	if (get(&rd, root, "", "schema", json_type_string, false, &v))
		return -1;
	schema = str_of(v);
	if (!schema || strncmp(schema, SCT_RECORD_SCHEMA_PREFIX, strlen(SCT_RECORD_SCHEMA_PREFIX)))
		return bad(&rd, "no schema \"" SCT_RECORD_SCHEMA_PREFIX "N\"");
	errno = 0;
	ver = strtol(schema + strlen(SCT_RECORD_SCHEMA_PREFIX), &end, 10);
	if (errno || *end || ver < 1)
		return bad(&rd, "schema \"%s\" has no version number", schema);
	if (ver > SCT_RECORD_VERSION)
		return bad(&rd, "schema version %ld is newer than this reader's %d", ver,
			   SCT_RECORD_VERSION);
	rec->version = (int)ver;
	if (get(&rd, root, "", "kind", json_type_string, false, &v))
		return -1;
	kind = str_of(v);
	if (kind && !strcmp(kind, "conformance"))
		rec->kind = SCT_RECORD_CONFORMANCE;
	else if (kind && !strcmp(kind, "bench"))
		rec->kind = SCT_RECORD_BENCH;
	else
		return bad(&rd, "'kind' is neither \"conformance\" nor \"bench\"");
	if (get(&rd, root, "", "created", json_type_string, false, &v))
		return -1;
	rec->created = str_of(v);
	if (!rec->created)
		return bad(&rd, "no 'created' time");
	if (read_context(&rd, rec) || read_benchmarks(&rd, rec))
		return -1;
	if (get(&rd, root, "", "conformance", json_type_object, true, &rec->conformance))
		return -1;
	if (rec->kind == SCT_RECORD_CONFORMANCE) {
		if (!rec->conformance)
			return bad(&rd, "a conformance record without a 'conformance' object");
		return read_conformance(&rd, rec);
	}
	if (rec->conformance)
		return bad(&rd, "a bench record with a 'conformance' object");
	return 0;
}

int sct_record_read(const char *path, struct sct_record *rec, char *err, size_t errlen)
{
	struct json_object *root;
	char detail[SCT_ESC_BUF + 200], e[SCT_ESC_BUF];

	/* Bounded, and a FIFO or a device is refused rather than waited on. */
	sct_esc(e, sizeof(e), path);
	if (sct_read_json(path, RECORD_MAX_BYTES, &root, detail, sizeof(detail))) {
		memset(rec, 0, sizeof(*rec));
		if (err && errlen) {
			if (strstr(detail, ": not valid JSON"))
				snprintf(err, errlen, "%s: not a valid result record: not JSON", e);
			else
				snprintf(err, errlen, "%s", detail);
		}
		return -1;
	}
	return sct_record_parse(root, e, rec, err, errlen);
}

void sct_record_release(struct sct_record *rec)
{
	json_object_put(rec->root);
	memset(rec, 0, sizeof(*rec));
}

static bool is_num(struct json_object *v)
{
	return json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int);
}

static double num_of(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) || !is_num(v))
		return NAN;
	return json_object_get_double(v);
}

double sct_record_bench_figure(struct json_object *entry)
{
	struct json_object *d = NULL;
	double v;

	if (json_object_object_get_ex(entry, "delta", &d) && d) {
		v = num_of(d, "pseudomedian");
		if (isfinite(v))
			return v;
		v = num_of(d, "median");
		if (isfinite(v))
			return v;
	}
	return num_of(entry, "median");
}

static void pair_of(struct json_object *o, const char *key, double *lo, double *hi)
{
	struct json_object *a;

	*lo = *hi = NAN;
	if (!o || !json_object_object_get_ex(o, key, &a) ||
	    !json_object_is_type(a, json_type_array) || json_object_array_length(a) != 2)
		return;
	if (is_num(json_object_array_get_idx(a, 0)))
		*lo = json_object_get_double(json_object_array_get_idx(a, 0));
	if (is_num(json_object_array_get_idx(a, 1)))
		*hi = json_object_get_double(json_object_array_get_idx(a, 1));
}

static struct json_object *obj_of(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_object))
		return NULL;
	return v;
}

static const char *key_str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return "";
	return json_object_get_string(v);
}

bool sct_record_bench_delta(struct json_object *entry, double *v, double *lo, double *hi)
{
	struct json_object *d = obj_of(entry, "delta"), *pm;
	bool hl = d && json_object_object_get_ex(d, "pseudomedian", &pm) && is_num(pm);

	*v = num_of(d, hl ? "pseudomedian" : "median");
	pair_of(d, hl ? "pseudomedian_ci95" : "ci95", lo, hi);
	return d != NULL;
}

/* The x range of a fit's group: a slope difference times it is ns. */
static double group_span(struct json_object *arr, const char *suite, size_t suite_len,
			 const char *group)
{
	double lo = INFINITY, hi = -INFINITY;
	size_t i;

	for (i = 0; i < json_object_array_length(arr); i++) {
		struct json_object *p = obj_of(json_object_array_get_idx(arr, i), "params");
		const char *s = key_str(p, "suite");
		double x = num_of(p, "x");

		if (!p || strlen(s) != suite_len || strncmp(s, suite, suite_len) ||
		    strcmp(key_str(p, "group"), group) || isnan(x))
			continue;
		lo = fmin(lo, x);
		hi = fmax(hi, x);
	}
	return hi >= lo ? hi - lo : NAN;
}

bool sct_record_bench_figure_ci(const struct sct_record *rec, size_t i,
				struct sct_bench_figure *f)
{
	struct json_object *b = json_object_array_get_idx(rec->benchmarks, i), *fit;
	const char *name = key_str(b, "name"), *fitat = strstr(name, "/fit/");

	f->span = NAN;
	if (fitat && (fit = obj_of(b, "fit"))) {
		snprintf(f->name, sizeof(f->name), "%s slope", name);
		f->v = num_of(fit, "b");
		pair_of(fit, "b_ci95", &f->lo, &f->hi);
		f->span = group_span(rec->benchmarks, name, (size_t)(fitat - name), fitat + 5);
		return true;
	}
	if (sct_record_bench_delta(b, &f->v, &f->lo, &f->hi)) {
		snprintf(f->name, sizeof(f->name), "%s Δ", name);
		return true;
	}
	if (strstr(name, "/estimate/") || strstr(name, "/figure/")) {
		snprintf(f->name, sizeof(f->name), "%s", name);
		f->v = num_of(b, "median");
		pair_of(b, "ci95", &f->lo, &f->hi);
		return true;
	}
	return false;
}

enum sct_agreement sct_record_figures_agree(const struct sct_bench_figure *a,
					    const struct sct_bench_figure *b, double tol,
					    double floor_ns, double *rel)
{
	double d = fabs(a->v - b->v);
	/* A slope's difference in ns: over the whole fitted range. */
	double d_ns = isnan(a->span) ? d : d * fmax(a->span, b->span);

	*rel = d / fmax(fabs(a->v), fabs(b->v));
	if (*rel <= tol || a->v == b->v)
		return SCT_AGREE_WITHIN;
	if (d_ns <= floor_ns)
		return SCT_AGREE_SMALL;
	return SCT_AGREE_DIFFERS;
}

static struct sct_bench_figure *figures_of(const struct sct_record *rec, size_t *n)
{
	size_t i, len = json_object_array_length(rec->benchmarks);
	struct sct_bench_figure *f = calloc(len ? len : 1, sizeof(*f));

	*n = 0;
	for (i = 0; f && i < len; i++)
		if (sct_record_bench_figure_ci(rec, i, &f[*n]))
			(*n)++;
	return f;
}

int sct_record_bench_agree(const struct sct_record *a, const struct sct_record *b, double tol,
			   double floor_ns, struct sct_agree_tally *t, sct_agree_fn *fn, void *arg)
{
	struct sct_bench_figure *fa, *fb;
	size_t na, nb, i, j;
	int ret = -ENOMEM;

	memset(t, 0, sizeof(*t));
	fa = figures_of(a, &na);
	fb = figures_of(b, &nb);
	if (!fa || !fb)
		goto out;
	for (i = 0; i < na; i++) {
		enum sct_agreement v;
		double rel;

		for (j = 0; j < nb && strcmp(fa[i].name, fb[j].name); j++)
			;
		if (j == nb)
			continue;
		v = sct_record_figures_agree(&fa[i], &fb[j], tol, floor_ns, &rel);
		if (v == SCT_AGREE_WITHIN)
			t->within++;
		else if (v == SCT_AGREE_SMALL)
			t->small++;
		else
			t->differ++;
		if (fn)
			fn(&fa[i], &fb[j], v, rel, arg);
	}
	/* Nothing in common is no agreement: records of different suites, or empty ones. */
	ret = t->differ || !(t->within + t->small) ? 1 : 0;
out:
	free(fa);
	free(fb);
	return ret;
}
