// SPDX-License-Identifier: GPL-2.0-only
/* compare: the conformance comparison (verdict changes and their classes). */
#include "compare.h"

/* --- conformance -------------------------------------------------------- */

/* a failure message's harness noise and its file:line:test: prefix (main compiles them) */
regex_t re_noise, re_prefix;

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
int compare_conf(const char *pa, const char *pb, const char *known)
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
