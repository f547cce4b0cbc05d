// SPDX-License-Identifier: GPL-2.0-only
/*
 * compare - what changed between two result records (results/README.md):
 * verdict changes explained (a feature the newer kernel added, a known
 * kernel bug and its fix, a regression) and benchmark figures whose 95%
 * confidence intervals no longer overlap. Records of an emulated (TCG) run
 * are never compared with native benchmark figures; records of two arches
 * are compared with arch classes. scripts/compare runs it; --help below is
 * the interface.
 */
#include <dirent.h>
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

static const char usage_text[] =
"Usage: scripts/compare [options] A B\n"
"A and B are result records (.json), results/<release>/ directories, or kernel\n"
"releases or release prefixes (6.1, 6.18.44-fc-v595): the newest conformance\n"
"and the newest benchmark record under results/<matching release>/.\n"
"A is the baseline (usually the older kernel), B the one under test. Each\n"
"side's arch is the record's context.kernel.machine (x86_64 when missing);\n"
"known-failure lists apply as in scripts/check-verdicts: <prefix> to every\n"
"arch, <prefix>@<arch> (6.1@aarch64) to that arch only.\n"
"Options:\n"
"  --results DIR   where releases are looked up (default: results/ of this tree)\n"
"  --known DIR     known kernel bugs (default: DIR/known-failures of --results,\n"
"                  else results/known-failures of this tree)\n"
"  --markdown      a Markdown table, for mail or an issue\n"
"  --all           also list tests present on one side only (always listed,\n"
"                  as arch-only, when A and B differ in arch)\n"
"  --min-change P  benchmark figures must also move by more than P percent\n"
"                  (default 0: non-overlapping 95% CIs are enough)\n"
"  -h, --help      this text\n"
"Changes (A -> B):\n"
"  REGRESSION   pass or skip -> fail, not a known kernel bug of B; a benchmark\n"
"               figure that got worse beyond both confidence intervals\n"
"  known-bug    -> fail, listed in results/known-failures for B's release\n"
"               and arch\n"
"  fixed        fail -> pass (with A's known-bug entry and its fixing commit)\n"
"  new-feature  skip -> pass where A's SKIP reason names the missing feature\n"
"  now-runs     skip -> pass for another reason (capability, config)\n"
"  lost-feature pass -> skip (B's SKIP reason says what is missing)\n"
"  now-skipped  fail -> skip\n"
"  no-verdict   one side skipped saying the run gave no verdict (a timing\n"
"               control measuring nothing on an emulated CPU); never a failure\n"
"  faster/slower  benchmark medians whose 95% CIs do not overlap\n"
"When A and B differ in arch (x86_64 / aarch64), first:\n"
"  arch-only    a test only one arch's run has, the other run being complete\n"
"               (the test exists for that arch); failing, it needs a known-bug\n"
"               entry of its arch, else it is ARCH-DIFF\n"
"  arch-skip    pass on one side, SKIP on the other for a reason that names an\n"
"               arch or an ABI the arch lacks (x32, compat, int $0x80)\n"
"  known-bug    a failure listed for that side's release and arch (either side)\n"
"  ARCH-DIFF    any other difference, if both are the same release (arch\n"
"               suffixes such as -amd64/-arm64 aside); for two releases the\n"
"               classes above apply to what is left\n"
"Benchmark records of two arches are not compared.\n"
"Exit status: 0 no regression and no ARCH-DIFF, 1 at least one REGRESSION or\n"
"ARCH-DIFF, 2 usage or input error.\n";

static bool md, all;
static const char *minchg = "0";

__attribute__((format(printf, 1, 2), noreturn))
static void die(const char *fmt, ...)
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

struct buf {
	char *s;
	size_t len, cap;
};

static void bput(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void bstr(struct buf *b, const char *s)
{
	bput(b, s, strlen(s));
}

__attribute__((format(printf, 2, 3)))
static void bfmt(struct buf *b, const char *fmt, ...)
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

static char *bdone(struct buf *b)
{
	if (!b->s)
		return strdup("");
	return b->s;
}

/* A value as the old jq pipeline's TSV cell: backslash, tab, newline and
 * CR escaped (awk read the cells back without unescaping). */
static char *tsv(const char *s)
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

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!o || !json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

/* jq's `.key // ""` as text: null and false are missing */
static const char *text_or(struct json_object *v, const char *dflt)
{
	if (!v || (json_object_is_type(v, json_type_boolean) && !json_object_get_boolean(v)))
		return dflt;
	return json_object_get_string(v);
}

/* awk's string to number: the longest numeric prefix, else 0 */
static double awk_num(const char *s)
{
	return strtod(s, NULL);
}

/* --- finding records ---------------------------------------------------- */

struct side {
	char *conf, *bench;	/* paths, or NULL */
};

static bool is_file(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISREG(st.st_mode);
}

static bool is_dir(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *suffix)
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

static struct side resolve(const char *arg, const char *results)
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

static void read_rec(const char *path, struct sct_record *r)
{
	char err[1024];

	if (sct_record_read(path, r, err, sizeof(err)))
		die("%s", err);
}

static const char *release_of(const struct sct_record *r)
{
	return r->release ? r->release : "unknown";
}

/* the record's uname -m; records from before arm64 support were all x86_64 */
static const char *arch_of(const char *path, const struct sct_record *r)
{
	const char *m = r->machine ? r->machine : "x86_64", *a = sct_known_arch(m);

	if (!a)
		die("%s: unknown arch '%s' (context.kernel.machine)", path, m);
	return a;
}

/* the release without its arch flavour: Debian's 6.1.0-57-cloud-amd64 and
 * 6.1.0-57-cloud-arm64 are one release built for two arches */
static char *release_base(const char *rel)
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

static char *describe(const struct sct_record *r)
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

/* --- conformance -------------------------------------------------------- */

struct test {
	char *key, *verdict, *reason, *feature, *since, *tags;
};

struct tests {
	struct test *t;
	size_t n;
};

static regex_t re_noise, re_prefix;

/* a failure's reason is its harness log: keep the message, not the
 * "Expected ..." line or the file:line:test: prefixes */
static char *fail_reason(const char *r)
{
	struct buf b = { 0 };
	bool first = true;

	/* jq's split: "" has no lines, "a\n" two ("a" and "") */
	while (r && *r) {
		const char *nl = strchr(r, '\n');
		char *line = strndup(r, nl ? (size_t)(nl - r) : strlen(r));
		regmatch_t m;

		if (regexec(&re_noise, line, 0, NULL, 0)) {
			const char *keep = line;

			if (!regexec(&re_prefix, line, 1, &m, 0))
				keep += m.rm_eo;
			if (!first)
				bstr(&b, " ");
			bstr(&b, keep);
			first = false;
		}
		free(line);
		if (!nl)
			break;
		r = nl + 1;
		if (!*r && !first)
			bstr(&b, " ");	/* the empty last line, kept */
	}
	return bdone(&b);
}

/* runs of tabs and newlines become one space */
static char *squash(char *s)
{
	char *w = s, *r = s;

	while (*r) {
		if (*r == '\t' || *r == '\n') {
			while (*r == '\t' || *r == '\n')
				r++;
			*w++ = ' ';
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return s;
}

static void flat_tests(const struct sct_record *r, struct tests *ts)
{
	size_t i, n = r->tests ? json_object_array_length(r->tests) : 0;

	ts->t = calloc(n ? n : 1, sizeof(*ts->t));
	ts->n = n;
	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(r->tests, i), *tags;
		struct test *t = &ts->t[i];
		const char *prog = text_or(get(o, "program"), ""), *name = text_or(get(o, "name"), "");
		const char *v = text_or(get(o, "verdict"), "");
		char *p = tsv(prog), *nm = tsv(name), *raw;
		struct buf tb = { 0 };
		size_t k;

		if (!strcmp(nm, "*"))
			t->key = strdup(p);
		else if (asprintf(&t->key, "%s:%s", p, nm) < 0)
			die("out of memory");
		free(p);
		free(nm);
		t->verdict = tsv(v);
		raw = !strcmp(v, "fail") ? fail_reason(text_or(get(o, "reason"), ""))
					 : strdup(text_or(get(o, "reason"), ""));
		t->reason = tsv(squash(raw));
		free(raw);
		t->feature = tsv(text_or(get(o, "feature"), ""));
		t->since = tsv(text_or(get(o, "since"), ""));
		tags = get(o, "tags");
		for (k = 0; tags && json_object_is_type(tags, json_type_array) &&
			    k < json_object_array_length(tags); k++) {
			if (k)
				bstr(&tb, ",");
			bstr(&tb, text_or(json_object_array_get_idx(tags, k), ""));
		}
		raw = bdone(&tb);
		t->tags = tsv(raw);
		free(raw);
	}
}

/* the last test of that key (a key listed twice keeps its last row) */
static const struct test *find_test(const struct tests *ts, const char *key)
{
	size_t i;

	for (i = ts->n; i-- > 0;)
		if (!strcmp(ts->t[i].key, key))
			return &ts->t[i];
	return NULL;
}

/*
 * The change classes in the order the summary line lists them: the order
 * in which the awk of the shell version walked its array (mawk's hash
 * buckets; arch-only and no-verdict share one, the one counted last first).
 */
static const char *const classes[] = {
	"arch-skip", "no-verdict", "arch-only", "only-in-A", "not-run-in-B", "lost-feature",
	"not-run-in-A", "only-in-B", "now-skipped", "REGRESSION", "new-feature", "fixed",
	"ARCH-DIFF", "now-runs", "known-bug",
};
#define NCLASSES (sizeof(classes) / sizeof(classes[0]))

struct conf_cmp {
	const char *ra, *rb, *aa, *ab, *gva, *gvb;
	bool inca, incb, xarch, samerel;	/* inc*: complete */
	struct sct_known ka, kb;
	long n[NCLASSES], last[NCLASSES], seq;
	long both, onlya, onlyb, reg, adiff;
};

static char *cell(const char *s)
{
	struct buf b = { 0 };

	for (; *s; s++) {
		if (md && *s == '|')
			bstr(&b, "\\|");
		else
			bput(&b, s, 1);
	}
	return bdone(&b);
}

static void emit(struct conf_cmp *c, const char *ch, const char *k, const char *va,
		 const char *vb, const char *why)
{
	size_t i;

	for (i = 0; i < NCLASSES && strcmp(classes[i], ch); i++)
		;
	c->n[i]++;
	c->last[i] = ++c->seq;
	if (md) {
		char *ck = cell(k), *cw = cell(why);

		printf("| %s | %s | %s | %s | %s |\n", ch, ck, va, vb, cw);
		free(ck);
		free(cw);
	} else {
		printf("%-13s %-60s %-5s %-5s %s\n", ch, k, va, vb, why);
	}
}

static char *kfmt(const struct conf_cmp *c, bool a, const struct sct_known_entry *e)
{
	struct buf b = { 0 };

	bfmt(&b, "known bug of %s", a ? c->ra : c->rb);
	if (c->xarch)
		bfmt(&b, " (list %s)", e->list);
	bfmt(&b, ": %s", e->reason);
	if (e->commit[0] && strcmp(e->commit, "-"))
		bfmt(&b, " [fixed by %s]", e->commit);
	return bdone(&b);
}

static char *failwhy(const struct test *t)
{
	struct buf b = { 0 };

	if (strlen(t->reason) > 140)
		bfmt(&b, "%.137s...", t->reason);
	else
		bstr(&b, t->reason);
	if (t->since[0])
		bfmt(&b, " (needs Linux %s+)", t->since);
	if (t->tags[0])
		bfmt(&b, " [tags: %s]", t->tags);
	return bdone(&b);
}

/* a SKIP reason that names an arch or an ABI only some arches have (the
 * wordings of suites/arch_test.c, actions_test.c, notify_abi_test.c and of
 * the compat, x32, uprobe and uretprobe probes in lib/probe.c) */
static bool archskip(const char *r)
{
	static const char *const words[] = {
		"x86_64", "x86-64", "amd64", "aarch64", "aarch32", "arm64", "i386", "ia32", "x32",
		"compat", "int $0x80", "config_x86", "this arch", "arch/", "call site",
	};
	char *l = strdup(r);
	bool hit = false;
	size_t i;

	for (i = 0; l[i]; i++)
		if (l[i] >= 'A' && l[i] <= 'Z')
			l[i] += 'a' - 'A';
	for (i = 0; !hit && i < sizeof(words) / sizeof(words[0]); i++)
		hit = strstr(l, words[i]) != NULL;
	free(l);
	return hit;
}

/* awk's == on two command-line values: numerically when both look numeric */
static bool awk_eq(const char *a, const char *b)
{
	char *ea, *eb;
	double x = strtod(a, &ea), y = strtod(b, &eb);

	while (*ea == ' ' || *ea == '\t' || *ea == '\n')
		ea++;
	while (*eb == ' ' || *eb == '\t' || *eb == '\n')
		eb++;
	if (ea != a && !*ea && eb != b && !*eb)
		return x == y;
	return !strcmp(a, b);
}

static char *revnote(const struct conf_cmp *c)
{
	char *s;

	if (c->gva[0] && c->gvb[0] && !awk_eq(c->gva, c->gvb)) {
		if (asprintf(&s, " (suite revisions differ: %s, %s)", c->gva, c->gvb) < 0)
			die("out of memory");
		return s;
	}
	return strdup("");
}

__attribute__((format(printf, 6, 7)))
static void emitf(struct conf_cmp *c, const char *ch, const char *k, const char *va,
		  const char *vb, const char *fmt, ...)
{
	char *why;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&why, fmt, ap) < 0)
		die("out of memory");
	va_end(ap);
	emit(c, ch, k, va, vb, why);
	if (!strcmp(ch, "ARCH-DIFF"))
		c->adiff++;
	free(why);
}

static bool same(const char *a, const char *b)
{
	return !strcmp(a, b);
}

/* one test present on one side only, across arches, the other side complete */
static void arch_only(struct conf_cmp *c, const char *k, const struct test *t, bool a)
{
	const struct sct_known_entry *e = sct_known_find(a ? &c->ka : &c->kb, k);
	const char *v = t->verdict, *an = a ? c->aa : c->ab;
	const char *va = a ? v : "-", *vb = a ? "-" : v;
	char *s;

	if (a)
		c->onlya++;
	else
		c->onlyb++;
	if (!same(v, "fail")) {
		s = revnote(c);
		emitf(c, "arch-only", k, va, vb, "only the %s run has it%s", an, s);
	} else if (e) {
		s = kfmt(c, a, e);
		emitf(c, "known-bug", k, va, vb, "only the %s run has it; %s", an, s);
	} else {
		s = failwhy(t);
		emitf(c, "ARCH-DIFF", k, va, vb, "only the %s run has it, and it fails: %s", an, s);
	}
	free(s);
}

/* a test of both runs whose verdicts differ */
static void changed(struct conf_cmp *c, const char *k, const struct test *ta, const struct test *tb)
{
	const struct sct_known_entry *ea = sct_known_find(&c->ka, k), *eb = sct_known_find(&c->kb, k);
	const char *a = ta->verdict, *b = tb->verdict;
	char *s = NULL;

	/* a SKIP that says the run could give no verdict (a timing control on
	 * an emulated CPU) is not a change of the kernel */
	if ((same(a, "skip") && strstr(ta->reason, "no verdict")) ||
	    (same(b, "skip") && strstr(tb->reason, "no verdict"))) {
		emitf(c, "no-verdict", k, a, b, "%s skipped: %s", same(a, "skip") ? "A" : "B",
		      same(a, "skip") ? ta->reason : tb->reason);
		return;
	}
	if (c->xarch) {
		if (same(a, "fail") && ea) {
			s = kfmt(c, true, ea);
			emit(c, "known-bug", k, a, b, s);
		} else if (same(b, "fail") && eb) {
			s = kfmt(c, false, eb);
			emit(c, "known-bug", k, a, b, s);
		} else if (same(a, "pass") && same(b, "skip") && archskip(tb->reason)) {
			emitf(c, "arch-skip", k, a, b, "%s skipped: %s", c->ab, tb->reason);
		} else if (same(a, "skip") && same(b, "pass") && archskip(ta->reason)) {
			emitf(c, "arch-skip", k, a, b, "%s skipped: %s", c->aa, ta->reason);
		} else if (c->samerel) {
			if (same(a, "fail") || same(b, "fail")) {
				bool af = same(a, "fail");

				s = failwhy(af ? ta : tb);
				emitf(c, "ARCH-DIFF", k, a, b, "%s fails, not a known bug of its arch: %s%s%s%s%s",
				      af ? c->aa : c->ab, s,
				      same(a, "skip") ? "; " : same(b, "skip") ? "; " : "",
				      same(a, "skip") ? c->aa : same(b, "skip") ? c->ab : "",
				      same(a, "skip") || same(b, "skip") ? " skipped: " : "",
				      same(a, "skip") ? ta->reason : same(b, "skip") ? tb->reason : "");
			} else {
				emitf(c, "ARCH-DIFF", k, a, b, "%s skipped: %s (names no arch or ABI)",
				      same(a, "skip") ? c->aa : c->ab, same(a, "skip") ? ta->reason : tb->reason);
			}
		} else {
			goto release_classes;
		}
		free(s);
		return;
	}
release_classes:
	if (same(b, "fail")) {
		if (eb) {
			s = kfmt(c, false, eb);
			emit(c, "known-bug", k, a, b, s);
		} else {
			s = failwhy(tb);
			emitf(c, "REGRESSION", k, a, b, "%s%s%s%s", same(a, "skip") ? "A skipped: " : "",
			      same(a, "skip") ? ta->reason : "", same(a, "skip") ? "; " : "", s);
			c->reg++;
		}
	} else if (same(a, "fail") && same(b, "pass")) {
		s = ea ? kfmt(c, true, ea) : failwhy(ta);
		emit(c, "fixed", k, a, b, s);
	} else if (same(a, "skip") && same(b, "pass")) {
		if (ta->feature[0])
			emitf(c, "new-feature", k, a, b, "%s%s%s%s", ta->since[0] ? "Linux " : "",
			      ta->since, ta->since[0] ? "+ feature; A: " : "A: ", ta->reason);
		else
			emitf(c, "now-runs", k, a, b, "A skipped: %s", ta->reason);
	} else if (same(a, "pass") && same(b, "skip")) {
		emitf(c, "lost-feature", k, a, b, "B skipped: %s", tb->reason);
	} else if (same(a, "fail") && same(b, "skip")) {
		emitf(c, "now-skipped", k, a, b, "B skipped: %s", tb->reason);
	}
	free(s);
}

static void row(const char *a, const char *b, const char *c, const char *d, const char *e)
{
	if (md)
		printf("| %s | %s | %s | %s | %s |\n", a, b, c, d, e);
	else
		printf("%-13s %-60s %-5s %-5s %s\n", a, b, c, d, e);
}

static char *class_counts(const struct conf_cmp *c, long *total)
{
	struct buf b = { 0 };
	bool done[NCLASSES] = { 0 };
	size_t i;

	*total = 0;
	for (i = 0; i < NCLASSES; i++) {
		size_t j = i;

		/* arch-only and no-verdict: the one counted last comes first */
		if (i == 1 && c->n[2] && (!c->n[1] || c->last[2] > c->last[1]))
			j = 2;
		else if (i == 2 && done[2])
			j = 1;
		done[j] = true;
		if (!c->n[j])
			continue;
		bfmt(&b, "%s%ld %s", b.len ? ", " : "", c->n[j], classes[j]);
		*total += c->n[j];
	}
	return bdone(&b);
}

/* 1 when a regression or an unexplained arch difference was found */
static int compare_conf(const char *pa, const char *pb, const char *known)
{
	struct sct_record A, B;
	struct conf_cmp c = { 0 };
	struct tests ta, tb;
	char err[1024], *da, *db, *s, *ba, *bb;
	const char **order;
	size_t no = 0, i;
	long tot;

	read_rec(pa, &A);
	read_rec(pb, &B);
	c.ra = release_of(&A);
	c.rb = release_of(&B);
	c.aa = arch_of(pa, &A);
	c.ab = arch_of(pb, &B);
	ba = release_base(c.ra);
	bb = release_base(c.rb);
	c.samerel = !strcmp(ba, bb);
	c.xarch = strcmp(c.aa, c.ab);
	c.gva = text_or(get(A.context, "git_revision"), "");
	c.gvb = text_or(get(B.context, "git_revision"), "");
	flat_tests(&A, &ta);
	flat_tests(&B, &tb);
	if (sct_known_load(&c.ka, known, c.ra, c.aa, err, sizeof(err)) ||
	    sct_known_load(&c.kb, known, c.rb, c.ab, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		exit(2);
	}
	c.inca = !strcmp(A.status, "complete");
	c.incb = !strcmp(B.status, "complete");
	da = describe(&A);
	db = describe(&B);
	if (md)
		printf("**Conformance**: A = %s  \nB = %s\n\n", da, db);
	else
		printf("Conformance\n  A = %s\n  B = %s\n", da, db);
	if (c.xarch) {
		printf("%s%s\n", md ? "" : "  ", c.samerel ?
		       "A and B are one release on two arches: every difference must be arch-only, arch-skip or a known bug" :
		       "A and B differ in arch and release: arch classes first, then the release classes");
		if (md)
			putchar('\n');
	}
	if (md) {
		row("change", "test", "A", "B", "why");
		row("---", "---", "---", "---", "---");
	} else {
		row("CHANGE", "TEST", "A", "B", "WHY");
	}
	/* A's tests in order (a repeated key twice), then B's not in A */
	order = calloc(ta.n + tb.n + 1, sizeof(*order));
	for (i = 0; i < ta.n; i++)
		order[no++] = ta.t[i].key;
	for (i = 0; i < tb.n; i++)
		if (!find_test(&ta, tb.t[i].key))
			order[no++] = tb.t[i].key;
	for (i = 0; i < no; i++) {
		const char *k = order[i];
		const struct test *xa = find_test(&ta, k), *xb = find_test(&tb, k);

		if (c.xarch && !(xa && xb) && (xa ? c.incb : c.inca)) {
			arch_only(&c, k, xa ? xa : xb, xa != NULL);	/* the other arch has no such test */
			continue;
		}
		if (!xb) {
			c.onlya++;
			if (all)
				emit(&c, !c.incb ? "not-run-in-B" : "only-in-A", k, xa->verdict, "-", "");
			continue;
		}
		if (!xa) {
			c.onlyb++;
			if (same(xb->verdict, "fail") && !sct_known_find(&c.kb, k)) {
				s = failwhy(xb);
				emit(&c, !c.inca ? "not-run-in-A" : "only-in-B", k, "-", "fail", s);
				free(s);
			} else if (all) {
				emit(&c, "only-in-B", k, "-", xb->verdict, "");
			}
			continue;
		}
		c.both++;
		if (!strcmp(xa->verdict, xb->verdict))
			continue;
		changed(&c, k, xa, xb);
	}
	s = class_counts(&c, &tot);
	printf("%s%ld tests in both runs, %ld changed%s%s%s; %ld only in A%s, %ld only in B%s; "
	       "%ld regressions", md ? "\n" : "  ", c.both, tot, s[0] ? " (" : "", s, s[0] ? ")" : "",
	       c.onlya, !c.incb ? " (B is incomplete)" : "", c.onlyb,
	       !c.inca ? " (A is incomplete)" : "", c.reg);
	if (c.xarch)
		printf(", %ld unexplained arch differences", c.adiff);
	putchar('\n');
	if (!c.inca)
		printf("  note: A is an incomplete run: %s; last test %s\n", A.reason ? A.reason : "?",
		       text_or(get(A.conformance, "last_test"), "?"));
	if (!c.incb)
		printf("  note: B is an incomplete run: %s; last test %s\n", B.reason ? B.reason : "?",
		       text_or(get(B.conformance, "last_test"), "?"));
	free(s);
	free(da);
	free(db);
	free(ba);
	free(bb);
	free(order);
	sct_known_free(&c.ka);
	sct_known_free(&c.kb);
	sct_record_release(&A);
	sct_record_release(&B);
	return c.reg || c.adiff;
}

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

static int compare_bench(const char *pa, const char *pb)
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

static void not_compared(const char *what, bool a, bool b, const char *rec)
{
	printf("%s: not compared (%s%s%s without a %s record)\n", what, a ? "A" : "",
	       a && b ? " and " : "", b ? "B" : "", rec);
}

static bool need_value(int argc, char **argv, int i)
{
	if (i + 1 >= argc)
		die("%s needs a value (see --help)", argv[i]);
	return true;
}

int main(int argc, char **argv)
{
	const char *results = NULL, *known = NULL, *srcdir = getenv("SCT_SRCDIR");
	char dres[4096], dknown[4200];
	struct side a, b;
	int i = 1, rc = 0;

	if (!srcdir || !*srcdir)
		srcdir = ".";
	for (; i < argc; i++) {
		const char *o = argv[i];

		if (!strcmp(o, "--results") && need_value(argc, argv, i))
			results = argv[++i];
		else if (!strcmp(o, "--known") && need_value(argc, argv, i))
			known = argv[++i];
		else if (!strcmp(o, "--min-change") && need_value(argc, argv, i))
			minchg = argv[++i];
		else if (!strcmp(o, "--markdown"))
			md = true;
		else if (!strcmp(o, "--all"))
			all = true;
		else if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (!strcmp(o, "--")) {
			i++;
			break;
		} else if (o[0] == '-')
			die("unknown option '%s' (see --help)", o);
		else
			break;
	}
	if (argc - i != 2)
		die("need two records or releases (see --help)");
	snprintf(dres, sizeof(dres), "%s/results", srcdir);
	if (!results)
		results = dres;
	if (!known) {
		snprintf(dknown, sizeof(dknown), "%s/known-failures", results);
		if (!is_dir(dknown))
			snprintf(dknown, sizeof(dknown), "%s/results/known-failures", srcdir);
		known = dknown;
	}
	if (regcomp(&re_noise, "Expected |Test terminated by", REG_EXTENDED | REG_NOSUB) ||
	    regcomp(&re_prefix, "^[^ :]+:[0-9]+:[^: ]+:", REG_EXTENDED))
		die("out of memory");
	a = resolve(argv[i], results);
	b = resolve(argv[i + 1], results);
	if (a.conf && b.conf)
		rc |= compare_conf(a.conf, b.conf, known);
	else
		not_compared("Conformance", !a.conf, !b.conf, "conformance");
	putchar('\n');
	if (a.bench && b.bench)
		rc |= compare_bench(a.bench, b.bench);
	else
		not_compared("Benchmarks", !a.bench, !b.bench, "benchmark");
	return rc;
}
