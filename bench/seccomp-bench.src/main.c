// SPDX-License-Identifier: GPL-2.0-only
/*
 * seccomp-bench - what a seccomp filter costs per system call, measured so
 * the answer comes with an interval and a warning when it cannot be trusted.
 *
 * Suites (any subset, default all):
 *   length      ns per call against the instructions the measured syscall
 *               executes (1 ... 4096), in three forms: cacheable (JEQ chain
 *               on nr ending in RET ALLOW: the kernel's constant-action
 *               bitmap skips the BPF after attach), uncacheable (the same
 *               chain plus one argument load: the BPF runs) and denied
 *               (RET ERRNO: never cached, the syscall returns at once).
 *               Fit ns = a + b * instructions per form.
 *   stack       1, 2, 4 ... 32 stacked filters, cacheable and not; fit of
 *               the per-filter cost.
 *   kernel-ref  the scenario of the kernel's seccomp_benchmark (getpid;
 *               native, 1 and 2 {LD nr; RET ALLOW}, + {LD args[0]; RET
 *               ALLOW}, + one more) with its entry and per-filter estimates;
 *               runs until the five medians have 95% intervals within
 *               +-target (1 ns) and reports how long that took.
 *   layouts     rule-set layouts (lib/layout.h) for synthetic allow-lists and
 *               the Docker and Podman profiles: the measured syscall first,
 *               in the middle or last, cached and not; ns beside the
 *               simulator's executed instructions.
 *
 * Method: every sample is a fresh child (filters cannot be removed) pinned
 * to one CPU that installs the configuration's filters, checks the measured
 * syscall gives the expected result, warms up and then times a calibrated
 * loop of raw syscall() calls (about --sample-ms per sample). Each
 * configuration's sample is paired with a no-filter baseline sample taken
 * right before or after it (the order alternates) and rounds visit the
 * configurations in a fresh random order, so slow drift cancels in the
 * per-round differences. Rounds continue until every median difference has
 * a 95% interval within the target or the time budget ends.
 *
 * Timing uses CLOCK_PROCESS_CPUTIME_ID (as seccomp_benchmark does): on a
 * shared machine the child may be preempted, and CPU time leaves the time
 * other tasks ran out of the sample, where CLOCK_MONOTONIC would add it.
 * Its read is a real syscall (no vDSO) but two per sample of ~10^4 calls do
 * not matter. CLOCK_MONOTONIC is read too; the ratio wall/CPU per sample is
 * reported and a high ratio warns that the CPU was shared.
 */
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "errmsg.h"
#include "record.h"
#include "env.h"

#include "bench.h"

#define DEFAULT_MIN_ROUNDS 15	/* the stop rule's intervals need a few pairs per configuration */
#define QUICK_MIN_ROUNDS 8	/* --quick: a smoke test, not figures to quote */
#define QUICK_BUDGET_S	20	/* --quick: seconds per suite at most */

/* The suites, in the order they run (layouts uses length's fit). */
static const struct suite_def *const suite_table[] = {
	&suite_length_def, &suite_stack_def, &suite_kref_def, &suite_layouts_def,
};
#define NSUITES	ARRAY_LEN(suite_table)

static const struct {
	const char *name;
	long nr;
} measured_syscalls[] = {
	{ "getppid", __NR_getppid }, { "getpid", __NR_getpid }, { "gettid", __NR_gettid },
	{ "getuid", __NR_getuid },   { "getgid", __NR_getgid }, { "geteuid", __NR_geteuid },
	{ "getegid", __NR_getegid },
};

void bench_opts_default(struct bench_opts *o)
{
	*o = (struct bench_opts){
		.cpu = -1,
		.parent_cpu = -1,
		.sysname = "getppid",
		.nr = __NR_getppid,
		.sample_ms = 6,
		.min_rounds = DEFAULT_MIN_ROUNDS,
		.max_rounds = 5000,
		.budget_s = 90,
		.target_ns = 1.0,
		.target_rel = 0.01,
		.quiet_tol = 0.04,
		.speed_tol = 0.03,
		.clock = CLOCK_PROCESS_CPUTIME_ID,
		.clock_name = "CLOCK_PROCESS_CPUTIME_ID",
		.spec_allow = true,
		.write = true,
		.out_root = "results",
		.profiles_dir = "profiles",
	};
}

static void usage(FILE *out)
{
	fprintf(out,
"Usage: seccomp-bench [OPTION]... [SUITE]...\n"
"       seccomp-bench launch --filter SPEC [--no-spec-allow] -- PROGRAM [ARG]...\n"
"       seccomp-bench agree A.json B.json [--tolerance F] [--floor-ns NS]\n"
"Measure what seccomp filters cost per system call. SUITEs: length, stack,\n"
"kernel-ref, layouts, all (default: all). Writes a JSON record under\n"
"RESULTS/<kernel release>/ and a table on stdout; progress on stderr.\n"
"\n"
"  --cpu N             pin the measuring children to CPU N (default: the\n"
"                      highest CPU this process may use)\n"
"  --syscall NAME      measured syscall: getppid (default), getpid, gettid,\n"
"                      getuid, getgid, geteuid, getegid\n"
"  --sample-ms MS      one side of one paired sample, in ms (default 6)\n"
"  --min-rounds N      rounds before the stop rule applies (default 15)\n"
"  --max-rounds N      (default 5000)\n"
"  --budget S          seconds per suite before stopping anyway (default 90;\n"
"                      length x1.1, stack x0.7, kernel-ref x1, layouts x2)\n"
"  --target-ns NS      stop when every Δ has a 95%% CI within ±NS ...\n"
"  --target-rel F      ... or within ±F of its value (default 1 ns, 0.01)\n"
"  --clock cpu|mono    CLOCK_PROCESS_CPUTIME_ID (default) or CLOCK_MONOTONIC\n"
"  --no-spec-allow     install filters without SECCOMP_FILTER_FLAG_SPEC_ALLOW\n"
"  --quick             fewer configurations and rounds (a smoke test)\n"
"  --quiet-tol F       a pair keeps the turns whose baseline ran within F of the\n"
"                      suite's floor (5th percentile of every baseline turn) and\n"
"                      whose filtered side ran within F of the configuration's\n"
"                      own (0.04; 0: off); with fewer than 4 of 11 such turns it\n"
"                      is taken again (up to 5 times); at the end, kept pairs\n"
"                      above the final floors' gates are left out too\n"
"  --speed-tol F       ... or when a syscall-free speed probe ran more than F\n"
"                      above its quiet level (0.03; 0: off); a pair still slow is\n"
"                      dropped; this gate widens when it drops a quarter of the\n"
"                      pairs of 3 rounds\n"
"  --profiles DIR      Docker/Podman profiles for the layouts suite (profiles)\n"
"  --hyperfine [LABEL=]FILE  fold a hyperfine --export-json file into the record\n"
"  --kernel-benchmark FILE   seccomp_benchmark's output, for kernel-ref's comparison\n"
"  --kernel-benchmark-seconds S  how long that run took\n"
"  --results DIR       results root (default results)\n"
"  --json PATH         write the record to PATH instead\n"
"  --force             replace an existing --json PATH (else refused before\n"
"                      measuring); records under RESULTS are never replaced: a\n"
"                      second record in the same second is <stamp>.02-bench.json\n"
"  --no-write          do not write a record\n"
"  --progress          progress on stderr even when it is not a terminal\n"
"  -h, --help\n"
"launch installs a filter (none, allow, cached:N, uncached:N, stack:N,\n"
"profile:PATH:LAYOUT) and execs PROGRAM, for whole-process timing.\n"
"agree compares every fitted slope, Δ (pseudo-median) and kernel-ref estimate\n"
"of two records: each must be within F of the larger (default 0.05) or, for\n"
"small figures, within NS ns (default 1, the intervals' target; a slope's\n"
"difference counts over its fitted range); otherwise DIFFERS and exit 1\n"
"(also when they have no figure in common); exit 2 when a file is not a bench\n"
"record.\n"
"Exit status: 0 done, 1 a configuration could not be measured, 2 usage error.\n");
}

static int default_cpu(void)
{
	cpu_set_t set;
	int i;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 0;
	for (i = CPU_SETSIZE - 1; i >= 0; i--)
		if (CPU_ISSET(i, &set))
			return i;
	return 0;
}

static void pin_parent(struct bench_opts *opt)
{
	cpu_set_t set, mine;
	int i;

	/* Keep the parent's polling off the measuring CPU when there is another. */
	if (sched_getaffinity(0, sizeof(mine), &mine))
		return;
	CPU_ZERO(&set);
	for (i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &mine) && i != opt->cpu)
			CPU_SET(i, &set);
	if (CPU_COUNT(&set) && !sched_setaffinity(0, sizeof(set), &set))
		opt->parent_cpu = 1;
}

/* Limits of the numeric options: past them a run would never end or mean nothing. */
#define MAX_SAMPLE_MS	10000.0		/* 10 s per side of one sample */
#define MAX_ROUNDS	1000000u
#define MAX_BUDGET_S	(7 * 86400.0)	/* a week per suite */
#define MIN_POSITIVE	1e-9		/* "> 0" for the options that divide by their value */

#define WHY_LEN		(SCT_ESC_BUF + 100)	/* why an option value was refused */

static int parse_pos(const char *s, double max, double *v, char *why)
{
	return sct_parse_double(s, MIN_POSITIVE, max, v, why, WHY_LEN) ? -1 : 0;
}

static int parse_rounds(const char *s, unsigned int *v, char *why)
{
	uint64_t u;

	if (sct_parse_u64(s, 1, MAX_ROUNDS, &u, why, WHY_LEN))
		return -1;
	*v = (unsigned int)u;
	return 0;
}

/* A gate's tolerance: a fraction, or 0 to turn the gate off. */
static int parse_tol(const char *s, double *v, char *why)
{
	return sct_parse_double(s, 0, 1, v, why, WHY_LEN) ? -1 : 0;
}

enum { O_CPU = 256, O_SYSCALL, O_SAMPLE, O_MINR, O_MAXR, O_BUDGET, O_TNS, O_TREL, O_CLOCK,
       O_NOSPEC, O_QUICK, O_QUIET, O_SPEED, O_PROFILES, O_HF, O_KB, O_KBS, O_RESULTS, O_JSON, O_NOWRITE,
       O_PROGRESS, O_FORCE };
static const struct option long_opts[] = {
	{ "cpu", required_argument, 0, O_CPU },
	{ "syscall", required_argument, 0, O_SYSCALL },
	{ "sample-ms", required_argument, 0, O_SAMPLE },
	{ "min-rounds", required_argument, 0, O_MINR },
	{ "max-rounds", required_argument, 0, O_MAXR },
	{ "budget", required_argument, 0, O_BUDGET },
	{ "target-ns", required_argument, 0, O_TNS },
	{ "target-rel", required_argument, 0, O_TREL },
	{ "clock", required_argument, 0, O_CLOCK },
	{ "no-spec-allow", no_argument, 0, O_NOSPEC },
	{ "quick", no_argument, 0, O_QUICK },
	{ "quiet-tol", required_argument, 0, O_QUIET },
	{ "speed-tol", required_argument, 0, O_SPEED },
	{ "profiles", required_argument, 0, O_PROFILES },
	{ "hyperfine", required_argument, 0, O_HF },
	{ "kernel-benchmark", required_argument, 0, O_KB },
	{ "kernel-benchmark-seconds", required_argument, 0, O_KBS },
	{ "results", required_argument, 0, O_RESULTS },
	{ "json", required_argument, 0, O_JSON },
	{ "force", no_argument, 0, O_FORCE },
	{ "no-write", no_argument, 0, O_NOWRITE },
	{ "progress", no_argument, 0, O_PROGRESS },
	{ "help", no_argument, 0, 'h' },
	{ 0 }
};

/*
 * The options that shape the measurement: 0, -1 for a bad value, -2 after
 * saying why, 1 when o is not one of them.
 */
static int set_measure_option(struct bench_opts *opt, int o, char *why)
{
	int i;

	switch (o) {
	case O_CPU: {
		uint64_t u;

		if (sct_parse_u64(optarg, 0, CPU_SETSIZE - 1, &u, why, WHY_LEN))
			return -1;
		opt->cpu = (int)u;
		break;
	}
	case O_SYSCALL:
		for (i = 0; i < (int)ARRAY_LEN(measured_syscalls); i++)
			if (!strcmp(optarg, measured_syscalls[i].name))
				break;
		if (i == (int)ARRAY_LEN(measured_syscalls)) {
			char e[SCT_ESC_BUF];

			fprintf(stderr, "seccomp-bench: --syscall: unknown or unsupported \"%s\"\n",
				sct_esc(e, sizeof(e), optarg));
			return -2;
		}
		opt->sysname = measured_syscalls[i].name;
		opt->nr = measured_syscalls[i].nr;
		break;
	case O_SAMPLE:
		return parse_pos(optarg, MAX_SAMPLE_MS, &opt->sample_ms, why);
	case O_MINR:
		return parse_rounds(optarg, &opt->min_rounds, why);
	case O_MAXR:
		return parse_rounds(optarg, &opt->max_rounds, why);
	case O_BUDGET:
		return parse_pos(optarg, MAX_BUDGET_S, &opt->budget_s, why);
	case O_TNS:
		return parse_pos(optarg, 1e9, &opt->target_ns, why);
	case O_TREL:
		return parse_pos(optarg, 1, &opt->target_rel, why);
	case O_CLOCK:
		if (!strcmp(optarg, "cpu")) {
			opt->clock = CLOCK_PROCESS_CPUTIME_ID;
			opt->clock_name = "CLOCK_PROCESS_CPUTIME_ID";
		} else if (!strcmp(optarg, "mono")) {
			opt->clock = CLOCK_MONOTONIC;
			opt->clock_name = "CLOCK_MONOTONIC";
		} else {
			snprintf(why, WHY_LEN, "cpu or mono expected");
			return -1;
		}
		break;
	default:
		return 1;
	}
	return 0;
}

/* The gates, the inputs and the output; 1 when o is not one of them. */
static int set_other_option(struct bench_opts *opt, int o, char *why)
{
	switch (o) {
	case O_NOSPEC:
		opt->spec_allow = false;
		break;
	case O_QUICK:
		opt->quick = true;
		break;
	case O_QUIET:
		if (parse_tol(optarg, &opt->quiet_tol, why))
			return -1;
		break;
	case O_SPEED:
		if (parse_tol(optarg, &opt->speed_tol, why))
			return -1;
		break;
	case O_PROFILES:
		opt->profiles_dir = optarg;
		break;
	case O_HF:
		if (opt->nhyperfine == MAX_HYPERFINE) {
			snprintf(why, WHY_LEN, "at most %d files", MAX_HYPERFINE);
			return -1;
		}
		opt->hyperfine[opt->nhyperfine++] = optarg;
		break;
	case O_KB:
		opt->kbench_file = optarg;
		break;
	case O_KBS:
		return sct_parse_double(optarg, 0, 1e7, &opt->kbench_seconds, why,
					WHY_LEN) ? -1 : 0;
	case O_RESULTS:
		opt->out_root = optarg;
		break;
	case O_JSON:
		opt->json_path = optarg;
		break;
	case O_FORCE:
		opt->force = true;
		break;
	case O_NOWRITE:
		opt->write = false;
		break;
	case O_PROGRESS:
		opt->progress = true;
		break;
	default:
		return 1;
	}
	return 0;
}

/*
 * The options, then the suites named (want[]); 0 to go on, else the exit
 * status + 1 (so 1 means exit 0, after --help).
 */
static int parse_args(struct bench_opts *opt, int argc, char **argv, bool *want)
{
	bool any = false;
	size_t i;
	int o, err, li = 0;
	bool min_given = false;
	char why[WHY_LEN];

	opt->progress = isatty(2);
	opterr = 0;	/* one line of our own instead of getopt's */
	while ((o = getopt_long(argc, argv, ":h", long_opts, &li)) != -1) {
		char e[SCT_ESC_BUF];

		if (o == 'h') {
			usage(stdout);
			return 1;
		}
		if (o == '?' || o == ':') {
			fprintf(stderr, o == '?' ? "seccomp-bench: unknown option \"%s\" (see --help)\n" :
				"seccomp-bench: %s needs a value (see --help)\n",
				sct_esc(e, sizeof(e), argv[optind - 1]));
			return 3;
		}
		why[0] = '\0';
		min_given |= o == O_MINR;
		err = set_measure_option(opt, o, why);
		if (err == 1)
			err = set_other_option(opt, o, why);
		if (err == -2)
			return 3;
		if (err) {
			fprintf(stderr, "seccomp-bench: --%s: %s (see --help)\n", long_opts[li].name,
				why[0] ? why : "bad value");
			return 3;
		}
		li = 0;
	}
	/* A --max-rounds below the default minimum lowers it; both given must be in order. */
	if (opt->min_rounds > opt->max_rounds && !min_given)
		opt->min_rounds = opt->max_rounds;
	if (opt->min_rounds > opt->max_rounds) {
		fprintf(stderr, "seccomp-bench: --min-rounds %u is above --max-rounds %u\n",
			opt->min_rounds, opt->max_rounds);
		return 3;
	}
	for (; optind < argc; optind++) {
		bool found = false;

		for (i = 0; i < NSUITES; i++)
			if (!strcmp(argv[optind], suite_table[i]->name) || !strcmp(argv[optind], "all")) {
				want[i] = true;
				found = true;
			}
		if (!found) {
			char e[SCT_ESC_BUF];

			fprintf(stderr, "seccomp-bench: unknown suite \"%s\" (length, stack, "
				"kernel-ref, layouts, all; see --help)\n",
				sct_esc(e, sizeof(e), argv[optind]));
			return 3;
		}
		any = true;
	}
	if (!any && !opt->nhyperfine)
		for (i = 0; i < NSUITES; i++)
			want[i] = true;
	return 0;
}

/* --quick's limits, the measuring CPU (checked) and the parent off it. */
static int setup(struct bench_opts *opt)
{
	cpu_set_t set;

	if (opt->quick) {
		opt->min_rounds = opt->min_rounds < DEFAULT_MIN_ROUNDS ? opt->min_rounds :
				  QUICK_MIN_ROUNDS;
		opt->budget_s = opt->budget_s < QUICK_BUDGET_S ? opt->budget_s : QUICK_BUDGET_S;
	}
	if (opt->cpu < 0)
		opt->cpu = default_cpu();
	if (sched_getaffinity(0, sizeof(set), &set) || opt->cpu >= CPU_SETSIZE ||
	    !CPU_ISSET(opt->cpu, &set)) {
		fprintf(stderr, "seccomp-bench: --cpu %d: not a CPU this process may use\n",
			opt->cpu);
		return 2;
	}
	pin_parent(opt);
	setvbuf(stdout, NULL, _IOLBF, 0);
	return 0;
}

static int open_record(struct bench_run *r)
{
	const struct bench_opts *opt = &r->opt;
	struct sct_env_opts eo;
	struct sct_virt virt;

	eo.pinned_cpu = opt->cpu;
	eo.spec_allow = opt->spec_allow;
	eo.clock = opt->clock_name;
	r->record = sct_result_new("bench", sct_env_context(&eo));
	if (!r->record)
		return 1;
	r->suites_json = json_object_new_object();
	json_object_object_add(sct_result_root(r->record), "suites", r->suites_json);
	sct_env_virt(&virt);
	printf("seccomp-bench: %s, CPU %d, %s; machine: %s (%s)\n", opt->sysname, opt->cpu,
	       opt->clock_name, virt.kind, virt.evidence);
	if (!strcmp(virt.kind, "emulated"))
		printf("WARNING: this CPU is emulated (TCG): ns figures describe the emulator, "
		       "not hardware; use them only for relative comparisons\n");
	return 0;
}

/* One suite: build its row's configurations, measure, report, record. */
static void run_one(struct bench_run *r, const struct suite_def *def)
{
	struct suite s;

	suite_begin(&s, r, def);
	def->build(&s);
	run_suite(&s);
	def->report(&s);
	check_cfgs(&s);
	record_cfgs(&s);
	if (def->record)
		def->record(&s);
	record_suite(&s);
	suite_free(&s);
}

/* A configuration that broke makes the run a failure (exit 1). */
static bool any_broken(const struct bench_run *r)
{
	struct json_object *arr;
	bool broken = false;
	size_t i;

	json_object_object_get_ex(sct_result_root(r->record), "benchmarks", &arr);
	for (i = 0; i < json_object_array_length(arr); i++) {
		struct json_object *b = json_object_array_get_idx(arr, i), *br;

		if (json_object_object_get_ex(b, "broken", &br) && br)
			broken = true;
	}
	return broken;
}

/* dir (or, while it does not exist, its first existing parent) is a writable directory. */
static int check_dir(const char *dir, char *why, size_t len)
{
	char buf[4096], e[SCT_ESC_BUF];
	struct stat sb;
	char *slash;

	if (snprintf(buf, sizeof(buf), "%s", *dir ? dir : ".") >= (int)sizeof(buf))
		return sct_fail(why, len, -ENAMETOOLONG, "%s: name too long", sct_esc(e, sizeof(e), dir));
	while (stat(buf, &sb) && errno == ENOENT) {
		slash = strrchr(buf, '/');
		while (slash && slash > buf && slash[1] == '\0') {	/* "a/b/" */
			*slash = '\0';
			slash = strrchr(buf, '/');
		}
		if (!slash)
			snprintf(buf, sizeof(buf), ".");
		else if (slash == buf)
			buf[1] = '\0';
		else
			*slash = '\0';
	}
	sct_esc(e, sizeof(e), buf);
	if (stat(buf, &sb))
		return sct_fail(why, len, -errno, "%s: %s", e, strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return sct_fail(why, len, -ENOTDIR, "%s: not a directory", e);
	if (access(buf, W_OK | X_OK))
		return sct_fail(why, len, -errno, "%s: %s", e, strerror(errno));
	return 0;
}

/*
 * Before any measuring: can the record be written where it will go? A
 * --json PATH that exists is refused unless --force (the default names
 * under RESULTS are unique and never replaced).
 */
static int check_output(const struct bench_opts *opt)
{
	char why[SCT_ESC_BUF + 100], dir[4096], e[SCT_ESC_BUF];
	struct stat sb;
	char *slash;

	if (opt->json_path) {
		sct_esc(e, sizeof(e), opt->json_path);
		if (!lstat(opt->json_path, &sb) && (!opt->force || !S_ISREG(sb.st_mode))) {
			fprintf(stderr, "seccomp-bench: --json %s: %s\n", e, S_ISREG(sb.st_mode) ?
				"exists (--force replaces it)" : "exists and is not a regular file");
			return 2;
		}
		snprintf(dir, sizeof(dir), "%s", opt->json_path);
		slash = strrchr(dir, '/');
		if (!slash)
			snprintf(dir, sizeof(dir), ".");
		else
			slash[slash == dir] = '\0';
		if (stat(dir, &sb)) {
			fprintf(stderr, "seccomp-bench: --json %s: %s\n", e,
				errno == ENOENT ? "no such directory" : strerror(errno));
			return 2;
		}
		if (!S_ISDIR(sb.st_mode) || access(dir, W_OK | X_OK)) {
			fprintf(stderr, "seccomp-bench: --json %s: %s\n", e,
				!S_ISDIR(sb.st_mode) ? "not in a directory" : strerror(errno));
			return 2;
		}
	} else if (opt->write && check_dir(opt->out_root, why, sizeof(why))) {
		fprintf(stderr, "seccomp-bench: --results: %s\n", why);
		return 2;
	}
	return 0;
}

static int write_record(const struct bench_run *r)
{
	const struct bench_opts *opt = &r->opt;
	char path[4200], e[SCT_ESC_BUF];
	int err;

	if (!opt->write && !opt->json_path)
		return 0;
	if (opt->json_path) {
		snprintf(path, sizeof(path), "%s", opt->json_path);
		err = sct_record_write_file(sct_result_root(r->record), path,
					    opt->force ? SCT_RECORD_OVERWRITE : 0);
	} else {
		err = sct_result_write(r->record, opt->out_root, path, sizeof(path));
		/*
		 * Names are stamped to the second: a second record in it is
		 * <stamp>.02-bench.json, .03 ... (after the first in name order,
		 * before the next second's), never a replacement.
		 */
		for (int k = 2; err == -EEXIST && k < 100; k++) {
			char alt[sizeof(path)];
			const char *base = strrchr(path, '/'), *dash;

			base = base ? base + 1 : path;
			dash = strchr(base, '-');
			if (!dash)
				break;
			snprintf(alt, sizeof(alt), "%.*s.%02d%s", (int)(dash - path), path, k, dash);
			err = sct_record_write_file(sct_result_root(r->record), alt, 0);
			if (!err)
				snprintf(path, sizeof(path), "%s", alt);
		}
	}
	if (err) {
		fprintf(stderr, "seccomp-bench: writing the record %s: %s\n",
			sct_esc(e, sizeof(e), path), strerror(-err));
		return 1;
	}
	printf("\nrecord: %s\n", path);
	return 0;
}

/* The input files, read and checked before any measuring (exit 2 when bad). */
static int check_inputs(const struct bench_opts *opt, struct json_object **hf)
{
	char err[600], *buf;
	size_t i, len;

	for (i = 0; i < opt->nhyperfine; i++)
		if (load_hyperfine(opt->hyperfine[i], &hf[i]))
			return 2;
	if (opt->kbench_file) {
		if (sct_read_file(opt->kbench_file, KBENCH_MAX_BYTES, &buf, &len, err, sizeof(err))) {
			fprintf(stderr, "seccomp-bench: --kernel-benchmark: %s\n", err);
			return 2;
		}
		free(buf);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct bench_run run = { 0 };
	struct json_object *hf[MAX_HYPERFINE] = { NULL };
	bool want[NSUITES] = { false }, broken;
	size_t i;
	int err;

	if (argc > 1 && !strcmp(argv[1], "launch"))
		return launch_main(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "agree"))
		return agree_main(argc - 1, argv + 1);
	bench_opts_default(&run.opt);
	err = parse_args(&run.opt, argc, argv, want);
	if (err)
		return err - 1;
	err = check_inputs(&run.opt, hf);
	if (!err)
		err = check_output(&run.opt);
	if (!err)
		err = setup(&run.opt);
	if (!err)
		err = open_record(&run);
	if (err) {
		for (i = 0; i < run.opt.nhyperfine; i++)
			json_object_put(hf[i]);
		return err;
	}
	for (i = 0; i < NSUITES; i++)
		if (want[i])
			run_one(&run, suite_table[i]);
	for (i = 0; i < run.opt.nhyperfine; i++)
		import_hyperfine(&run, run.opt.hyperfine[i], hf[i]);
	broken = any_broken(&run);
	err = write_record(&run);
	sct_result_free(run.record);
	free(run.speed_all.v);
	return err ? err : broken ? 1 : 0;
}
