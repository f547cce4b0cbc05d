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
#include "compare.h"

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

bool md, all;
const char *minchg = "0";

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
