// SPDX-License-Identifier: GPL-2.0-only
/* compare: small strings, the output row, finding and reading records. */
#include "compare.h"

__attribute__((format(printf, 1, 2), noreturn))
void die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("compare: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* --- small strings ------------------------------------------------------ */

void bput(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void bstr(struct buf *b, const char *s)
{
	bput(b, s, strlen(s));
}

__attribute__((format(printf, 2, 3)))
void bfmt(struct buf *b, const char *fmt, ...)
{
	char *s;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("out of memory");
	bput(b, s, n);
	free(s);
}

char *bdone(struct buf *b)
{
	if (!b->s)
		return strdup("");
	return b->s;
}

/* A value as the old jq pipeline's TSV cell: backslash, tab, newline and
 * CR escaped (awk read the cells back without unescaping). */
char *tsv(const char *s)
{
	struct buf b = { 0 };

	for (; s && *s; s++) {
		switch (*s) {
		case '\\': bstr(&b, "\\\\"); break;
		case '\t': bstr(&b, "\\t"); break;
		case '\n': bstr(&b, "\\n"); break;
		case '\r': bstr(&b, "\\r"); break;
		default: bput(&b, s, 1);
		}
	}
	return bdone(&b);
}

struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!o || !json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

/* jq's `.key // ""` as text: null and false are missing */
const char *text_or(struct json_object *v, const char *dflt)
{
	if (!v || (json_object_is_type(v, json_type_boolean) && !json_object_get_boolean(v)))
		return dflt;
	return json_object_get_string(v);
}

/* awk's string to number: the longest numeric prefix, else 0 */
double awk_num(const char *s)
{
	return strtod(s, NULL);
}

/* --- finding records ---------------------------------------------------- */

static bool is_file(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISREG(st.st_mode);
}

bool is_dir(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* newer by file name (<UTC stamp>-<kind>.json), then by path */
static bool newer(const char *path, const char *than)
{
	const char *a = strrchr(path, '/'), *b = than ? strrchr(than, '/') : NULL;
	int c;

	if (!than)
		return true;
	a = a ? a + 1 : path;
	b = b ? b + 1 : than;
	c = strcmp(a, b);
	return c > 0 || (c == 0 && strcmp(path, than) >= 0);
}

static bool kind_is_bench(const char *path)
{
	struct json_object *o = json_object_from_file(path);
	const char *k = o ? text_or(get(o, "kind"), NULL) : NULL;
	bool yes = k && !strcmp(k, "bench");

	json_object_put(o);
	return yes;
}

static void scan_dir(const char *dir, struct side *s)
{
	char path[4096];
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !ends_with(e->d_name, ".json"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (!is_file(path))
			continue;
		if (ends_with(e->d_name, "-conformance.json")) {
			if (newer(path, s->conf)) {
				free(s->conf);
				s->conf = strdup(path);
			}
		} else if (newer(path, s->bench) && kind_is_bench(path)) {
			free(s->bench);
			s->bench = strdup(path);
		}
	}
	closedir(d);
}

struct side resolve(const char *arg, const char *results)
{
	struct side s = { 0 };
	struct buf dirs = { 0 };
	char path[4096];

	if (is_file(arg)) {
		struct json_object *o = json_object_from_file(arg);
		const char *kind;

		if (!o)
			die("'%s' is not a JSON result record", arg);
		kind = text_or(get(o, "kind"), "");
		if (!strcmp(kind, "conformance")) {
			s.conf = strdup(arg);
		} else {
			s.bench = strdup(arg);
			if (json_object_is_type(get(o, "conformance"), json_type_object))
				s.conf = strdup(arg);	/* a record may carry both */
		}
		json_object_put(o);
		return s;
	}
	if (is_dir(arg)) {
		scan_dir(arg, &s);
		bstr(&dirs, arg);
	} else {
		struct dirent *e;
		DIR *d = opendir(results);
		char **names = NULL;
		size_t n = 0, i, len = strlen(arg);

		while (d && (e = readdir(d))) {
			names = realloc(names, (n + 1) * sizeof(*names));
			names[n++] = strdup(e->d_name);
		}
		if (d)
			closedir(d);
		if (n)
			qsort(names, n, sizeof(*names), by_str);
		for (i = 0; i < n; i++) {
			const char *nm = names[i];

			snprintf(path, sizeof(path), "%s/%s", results, nm);
			if (nm[0] != '.' && strcmp(nm, "known-failures") && is_dir(path) &&
			    !strncmp(nm, arg, len) && (!nm[len] || nm[len] == '.' || nm[len] == '-')) {
				scan_dir(path, &s);
				bfmt(&dirs, " %s", path);
			}
			free(names[i]);
		}
		free(names);
		if (!dirs.len)
			die("no records for '%s' in %s (a file, a directory or a release)", arg, results);
	}
	if (!s.conf && !s.bench)
		die("no result records under%s", dirs.s);
	free(dirs.s);
	return s;
}

/* --- one record --------------------------------------------------------- */

void read_rec(const char *path, struct sct_record *r)
{
	char err[1024];

	if (sct_record_read(path, r, err, sizeof(err)))
		die("%s", err);
}

const char *release_of(const struct sct_record *r)
{
	return r->release ? r->release : "unknown";
}

/* the record's uname -m; records from before arm64 support were all x86_64 */
const char *arch_of(const char *path, const struct sct_record *r)
{
	const char *m = r->machine ? r->machine : "x86_64", *a = sct_known_arch(m);

	if (!a)
		die("%s: unknown arch '%s' (context.kernel.machine)", path, m);
	return a;
}

/* the release without its arch flavour: Debian's 6.1.0-57-cloud-amd64 and
 * 6.1.0-57-cloud-arm64 are one release built for two arches */
char *release_base(const char *rel)
{
	static const char *const flavours[] = { "amd64", "arm64", "x86_64", "aarch64" };
	char *b = strdup(rel);
	size_t n = strlen(b), i;

	for (i = 0; i < sizeof(flavours) / sizeof(flavours[0]); i++) {
		size_t m = strlen(flavours[i]);

		if (n > m && !strcmp(b + n - m, flavours[i]) && strchr("-_.+", b[n - m - 1])) {
			b[n - m - 1] = '\0';
			break;
		}
	}
	return b;
}

char *describe(const struct sct_record *r)
{
	struct json_object *c = r->conformance;
	struct buf b = { 0 };

	bfmt(&b, "%s (%s)  %s %s", release_of(r), r->machine ? r->machine : "x86_64",
	     r->kind == SCT_RECORD_CONFORMANCE ? "conformance" : "bench", r->created);
	if (c) {
		bfmt(&b, " (%s, %s", r->where ? r->where : "native", r->status);
		if (strcmp(r->status, "complete"))
			bfmt(&b, ": %s; last test %s", r->reason ? r->reason : "?",
			     text_or(get(c, "last_test"), "?"));
		bfmt(&b, "; %ld pass, %ld fail, %ld skip)", r->summary.pass < 0 ? 0 : r->summary.pass,
		     r->summary.fail < 0 ? 0 : r->summary.fail, r->summary.skip < 0 ? 0 : r->summary.skip);
	} else if (r->emulated) {
		bstr(&b, " (emulated)");
	}
	return bdone(&b);
}

void row(const char *a, const char *b, const char *c, const char *d, const char *e)
{
	if (md)
		printf("| %s | %s | %s | %s | %s |\n", a, b, c, d, e);
	else
		printf("%-13s %-60s %-5s %-5s %s\n", a, b, c, d, e);
}
