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
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "arch.h"
#include "child.h"
#include "env.h"
#include "filter.h"
#include "install.h"
#include "result.h"
#include "sim.h"
#include "stats.h"

#include "layout.h"
#include "profile.h"
#include "ruleset.h"

#define MAX_STACK	40
#define DENY_ERRNO	95		/* EOPNOTSUPP: not what any measured call returns itself */
#define DUMMY_NR	0x7000		/* JEQ constants no syscall matches */
#define BOOT_REPS	2000
/* Every measured call passes six zero arguments, so args[0] == 0 holds. */
#define MEASURED_CALL(nr)	syscall((nr), 0L, 0L, 0L, 0L, 0L, 0L)
#define BOOT_SEED	0x5ecc0b5eedULL

/* ---- options ------------------------------------------------------------- */

static struct {
	int cpu;
	int parent_cpu;
	const char *sysname;
	long nr;
	double sample_ms;
	unsigned int min_rounds, max_rounds;
	double budget_s;		/* per suite */
	double target_ns, target_rel;
	double quiet_tol;
	double speed_tol;
	clockid_t clock;
	const char *clock_name;
	bool spec_allow;
	bool quick;
	bool progress;
	bool write;
	const char *out_root;
	const char *json_path;
	const char *hyperfine[16];
	size_t nhyperfine;
	const char *kbench_file;
	double kbench_seconds;
	const char *profiles_dir;
} opt = {
	.cpu = -1,
	.parent_cpu = -1,
	.sysname = "getppid",
	.nr = __NR_getppid,
	.sample_ms = 6,
	.min_rounds = 15,
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

static const struct {
	const char *name;
	long nr;
} measured_syscalls[] = {
	{ "getppid", __NR_getppid }, { "getpid", __NR_getpid }, { "gettid", __NR_gettid },
	{ "getuid", __NR_getuid },   { "getgid", __NR_getgid }, { "geteuid", __NR_geteuid },
	{ "getegid", __NR_getegid },
};

/* ---- small helpers ------------------------------------------------------- */

struct dvec {
	double *v;
	size_t n, cap;
};

static void dv_push(struct dvec *d, double x)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 64;
		double *v = realloc(d->v, cap * sizeof(*v));

		if (!v) {
			fprintf(stderr, "seccomp-bench: out of memory\n");
			exit(1);
		}
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n++] = x;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void progress(const char *fmt, ...)
{
	va_list ap;

	if (!opt.progress)
		return;
	va_start(ap, fmt);
	fputs("\r\033[K", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fflush(stderr);
}

static void progress_done(void)
{
	if (opt.progress)
		fputs("\r\033[K", stderr);
}

/* Warnings are collected per suite, printed after its table, and recorded. */
static struct json_object *warnings;

static void warn(const char *fmt, ...)
{
	char buf[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	progress_done();
	printf("WARNING: %s\n", buf);
	json_object_array_add(warnings, json_object_new_string(buf));
}

/* ---- configurations ------------------------------------------------------ */

struct cfg {
	char name[64];
	char group[32];		/* "cached", "uncached", ... ("" for the baseline) */
	double x;		/* the fit's abscissa: instructions or filters */
	long nr;		/* syscall measured */
	bool denied;		/* expect ERRNO(DENY_ERRNO) */
	size_t nprogs;
	struct sct_filter *filters[MAX_STACK];
	struct sock_fprog progs[MAX_STACK];
	struct sock_filter *owned[MAX_STACK];	/* programs built outside lib/filter.h */
	size_t static_insns;	/* over the stack */
	size_t executed;	/* instructions the simulator runs for nr, over the stack */
	bool cacheable;		/* simulator: every filter const-allows nr */
	struct json_object *params;	/* extra parameters (owned until recorded) */
	long iters;
	bool broken;
	char broken_why[256];
	struct dvec ns, delta, wall_ratio;
	struct dvec pair_base;	/* each kept pair's baseline, beside delta */
	struct dvec ns_all;	/* every filtered turn, kept or not: its floor */
};

struct suite {
	const char *name;
	const char *x_name;	/* "instructions", "filters" */
	/*
	 * kernel-ref: the answer is five absolute figures, native and native +
	 * Δ for each filtered configuration; stop when each part's interval is
	 * within target / sqrt(2), so the sum's is within the target.
	 */
	bool abs_target;
	double budget_scale;	/* of --budget: suites with more configurations get more */
	unsigned long retaken;	/* pairs taken again because the core was contended */
	unsigned long retaken_slow;	/* ... of them because the speed probe ran slow */
	unsigned long dropped_slow;	/* pairs still slow after QUIET_RETRIES: not used */
	double speed_tol_widened;	/* the speed gate had to grow to this; 0 if not */
	struct dvec base_all;	/* every baseline turn, kept or not: the floor's source */
	double base_floor_ns;	/* FLOOR_Q of base_all at the end */
	unsigned long trimmed;	/* kept pairs above the final floor's gate: not used */
	struct cfg *c;		/* c[0] is the baseline */
	size_t n, cap;
	unsigned int rounds;
	double elapsed_s, time_to_target_s;
	bool target_met;
	struct json_object *warnings;
};

static struct cfg *suite_add(struct suite *s, const char *group, const char *name, double x)
{
	struct cfg *c;

	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		struct cfg *p = realloc(s->c, cap * sizeof(*p));

		if (!p) {
			fprintf(stderr, "seccomp-bench: out of memory\n");
			exit(1);
		}
		s->c = p;
		s->cap = cap;
	}
	c = &s->c[s->n++];
	memset(c, 0, sizeof(*c));
	snprintf(c->group, sizeof(c->group), "%s", group);
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->x = x;
	c->nr = opt.nr;
	c->params = json_object_new_object();
	return c;
}

/* Take ownership of f, build it, and put it on top of c's stack. */
static int cfg_push(struct cfg *c, struct sct_filter *f)
{
	int err;

	if (!f)
		return -ENOMEM;
	if (c->nprogs == MAX_STACK) {
		sct_filter_free(f);
		return -E2BIG;
	}
	err = sct_filter_build(f, &c->progs[c->nprogs]);
	if (err) {
		fprintf(stderr, "seccomp-bench: %s: filter does not build: %s\n", c->name,
			sct_filter_error(f));
		sct_filter_free(f);
		return err;
	}
	c->filters[c->nprogs++] = f;
	return 0;
}

/* Ask the simulator what the kernel will do with c's stack for c->nr. */
static void cfg_simulate(struct cfg *c)
{
	const struct sct_arch *arch = sct_arch_native();
	const uint64_t args[6] = { 0 };
	size_t i;

	c->static_insns = c->executed = 0;
	c->cacheable = c->nprogs > 0;
	for (i = 0; i < c->nprogs; i++) {
		struct sct_sim sim;
		size_t ex = 0;
		char why[160];

		c->static_insns += c->progs[i].len;
		if (sct_sim_load(&sim, c->progs[i].filter, c->progs[i].len, why, sizeof(why))) {
			fprintf(stderr, "seccomp-bench: %s: simulator refuses filter %zu: %s\n",
				c->name, i, why);
			c->cacheable = false;
			continue;
		}
		sct_sim_eval(&sim, arch->audit_arch, (uint32_t)c->nr, args, &ex);
		c->executed += ex;
		if (!sct_sim_const_allow(&sim, arch->audit_arch, (uint32_t)c->nr))
			c->cacheable = false;
	}
}

enum form { FORM_CACHED, FORM_UNCACHED, FORM_DENIED };
static const char *const form_names[] = { "cached", "uncached", "denied" };

/*
 * A filter whose path for nr executes exactly `insns` instructions:
 *   cached   (insns >= 1): [LD nr; JEQ x (insns-2); ] RET ALLOW
 *   uncached (insns >= 2): [LD nr; JEQ x (insns-3); ] LD args[0]; RET ALLOW
 *   denied   (insns >= 3): LD nr; JEQ x (insns-3); JEQ nr ? RET ERRNO : RET ALLOW
 * The JEQs compare with numbers no syscall has and both targets are the
 * next instruction, so every syscall walks the whole chain and the BPF JIT
 * emits a compare and a branch for each (only JA to the next instruction
 * is dropped by the x86 JIT, conditional jumps are kept).
 */
static struct sct_filter *chain_filter(enum form form, unsigned int insns, long nr)
{
	struct sct_filter *f = sct_filter_new();
	unsigned int jeqs, i;
	sct_label allow;

	if (!f)
		return NULL;
	if (form == FORM_CACHED && insns == 1) {
		sct_ret(f, SECCOMP_RET_ALLOW);
		return f;
	}
	if (form == FORM_UNCACHED && insns == 2) {
		sct_ld_arg_lo(f, 0);
		sct_ret(f, SECCOMP_RET_ALLOW);
		return f;
	}
	jeqs = insns - (form == FORM_CACHED ? 2 : 3);
	sct_ld_nr(f);
	for (i = 0; i < jeqs; i++)
		sct_jeq(f, DUMMY_NR + i, SCT_NEXT, SCT_NEXT);
	switch (form) {
	case FORM_CACHED:
		sct_ret(f, SECCOMP_RET_ALLOW);
		break;
	case FORM_UNCACHED:
		sct_ld_arg_lo(f, 0);
		sct_ret(f, SECCOMP_RET_ALLOW);
		break;
	case FORM_DENIED:
		allow = sct_label_new(f);
		sct_jeq(f, (uint32_t)nr, SCT_NEXT, allow);
		sct_ret(f, SECCOMP_RET_ERRNO | DENY_ERRNO);
		sct_label_here(f, allow);
		sct_ret(f, SECCOMP_RET_ALLOW);
		break;
	}
	return f;
}

/* {LD nr; RET ALLOW} or {LD args[0]; RET ALLOW}: the selftest's filters. */
static struct sct_filter *two_insn_filter(bool cacheable)
{
	struct sct_filter *f = sct_filter_new();

	if (!f)
		return NULL;
	if (cacheable)
		sct_ld_nr(f);
	else
		sct_ld_arg_lo(f, 0);
	sct_ret(f, SECCOMP_RET_ALLOW);
	return f;
}

/* ---- the measuring children ---------------------------------------------- */

/*
 * One paired sample: the child sct_run_child starts is the no-filter
 * baseline A; it forks B, which installs the configuration's filters. A and
 * B, both pinned to the measuring CPU, then take turns through a pipe
 * (A B A B ..., SUBSAMPLES turns each, the first turn alternating between
 * samples): each turn warms up and times `iters` raw syscalls. Turns are
 * about half a millisecond, so whatever slows the CPU down for longer than
 * that (another task on the SMT sibling, a host-side neighbour, frequency)
 * hits both sides of a pair alike and cancels in the difference. The report
 * carries every turn's CPU time; the parent takes medians.
 */
#define SUBSAMPLES 11
#define QUIET_RETRIES 5
#define SPEED_ITERS 8192
/*
 * A pair counts when at least this many of its turns pass the gates (both
 * sides' turns of the same index): the host's quiet phases on the 6.18 VM
 * last 1-64 ms, often shorter than a pair (about 12 ms), so gating whole
 * pairs dropped most of them on a busy host.
 */
#define MIN_KEPT_TURNS 4
/*
 * The floors are this quantile of every turn so far. A low one, not the
 * median: the floor is the host's quietest level, and on a busy host that
 * level is a few percent of the time (one run of 6.18 records had its 10th
 * percentile on the busy level, 180 ns against 166, and its cached Δs
 * 13% off the next run's).
 */
#define FLOOR_Q 0.05
enum { V_WALL_PPM, V_BAD };

/*
 * Every turn's CPU time, in a page shared by A, B (which cannot write A's
 * stack) and the parent, which reads the turns once both have exited.
 */
struct turns {
	long long a[SUBSAMPLES], b[SUBSAMPLES];
	long long a_speed[SUBSAMPLES], b_speed[SUBSAMPLES];
	long long b_wall, b_busy;
	long b_bad;
};

/*
 * The core-speed probe: CPU time of a dependent multiply-add chain that
 * never enters the kernel. A host that slows this vCPU down (a busy SMT
 * sibling or neighbour, a lower clock) scales every Δ, which the pairing
 * cannot cancel. The probe has no syscall-path levels, so it takes a tight
 * tolerance; but it feels host contention less than syscalls do (on the
 * 6.18 VM it moved 1-5% where the unfiltered getppid() moved 4-10%), so
 * it complements the baseline gate rather than replacing it.
 */
static long long speed_probe(void)
{
	struct timespec t0, t1;
	uint64_t x = 1;
	long i;

	/*
	 * CLOCK_MONOTONIC, read in the vDSO: a CPU-time clock is a system call,
	 * which on side B runs the filter under test and made the probe of a
	 * 4096-instruction uncached filter 10% slow (every such pair was
	 * dropped). The probe is ~10 µs, so wall time is its CPU time.
	 */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < SPEED_ITERS; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		__asm__ volatile("" : "+r"(x));
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
}

struct pair_arg {
	const struct cfg *base, *c;
	struct turns *tu;	/* shared with the parent, which reads the turns */
	long base_iters, iters;
	int cpu;
	bool b_first;
};

static long long ts_ns(const struct timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

/*
 * Warm up, time iters calls of nr (counting results other than expect),
 * then run the speed probe into *speed. *busy accumulates the CPU time of
 * the whole turn, warm-up and probe included, for the wall/CPU ratio that
 * tells whether anything else ran on the CPU.
 */
static long long timed_turn(long nr, long iters, long expect, long *bad, long long *busy,
			    long long *speed)
{
	struct timespec w0, c0, c1;
	long i, r;

	clock_gettime(opt.clock, &w0);
	for (i = 0; i < iters / 8 + 1; i++)
		MEASURED_CALL(nr);
	clock_gettime(opt.clock, &c0);
	for (i = 0; i < iters; i++) {
		r = MEASURED_CALL(nr);
		*bad += r != expect;
	}
	clock_gettime(opt.clock, &c1);
	*speed = speed_probe();
	*busy += ts_ns(&c1) - ts_ns(&w0) + *speed;
	return ts_ns(&c1) - ts_ns(&c0);
}

static bool get_token(int fd)
{
	char t;

	while (read(fd, &t, 1) < 0)
		if (errno != EINTR)
			return false;
	return true;
}

static bool put_token(int fd)
{
	return write(fd, "t", 1) == 1;
}

/* B: install the configuration, check it acts as expected, take turns. */
static int side_b(struct sct_report *rep, const struct pair_arg *pa, struct turns *tu,
		  int in, int out)
{
	const struct cfg *c = pa->c;
	struct timespec m0, m1;
	long expect, r, bad = 0;
	size_t k;
	int j;

	expect = MEASURED_CALL(c->nr);
	if (c->nprogs) {
		int err = sct_set_nnp();

		if (err) {
			errno = -err;
			return sct_report_broken(rep, "PR_SET_NO_NEW_PRIVS");
		}
	}
	for (k = 0; k < c->nprogs; k++) {
		long err = sct_install(&c->progs[k],
				       opt.spec_allow ? SECCOMP_FILTER_FLAG_SPEC_ALLOW : 0);

		if (err < 0) {
			errno = (int)-err;
			return sct_report_broken(rep, "install filter");
		}
	}
	if (c->denied)
		expect = -1;
	errno = 0;
	r = MEASURED_CALL(c->nr);
	rep->ret = r;
	rep->err = errno;
	if (r != expect || (c->denied && errno != DENY_ERRNO)) {
		errno = 0;
		return sct_report_broken(rep, "measured syscall did not give the expected result");
	}
	clock_gettime(CLOCK_MONOTONIC, &m0);
	for (j = 0; j < SUBSAMPLES; j++) {
		if ((j || !pa->b_first) && !get_token(in))
			break;
		tu->b[j] = timed_turn(c->nr, pa->iters, expect, &bad, &tu->b_busy, &tu->b_speed[j]);
		if (!put_token(out))
			break;
	}
	clock_gettime(CLOCK_MONOTONIC, &m1);
	tu->b_wall = ts_ns(&m1) - ts_ns(&m0);
	tu->b_bad = bad;
	return 0;
}

static int pair_child(struct sct_report *rep, void *arg)
{
	const struct pair_arg *pa = arg;
	struct turns *tu = pa->tu;
	long long a_busy = 0;
	int ab[2], ba[2], status, j;
	long expect, bad = 0;
	cpu_set_t set;
	pid_t pid;

	CPU_ZERO(&set);
	CPU_SET(pa->cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return sct_report_broken(rep, "sched_setaffinity");
	memset(tu, 0, sizeof(*tu));
	signal(SIGPIPE, SIG_IGN);	/* a side that died shows up as EOF/EPIPE */
	if (pipe2(ab, O_CLOEXEC) || pipe2(ba, O_CLOEXEC))
		return sct_report_broken(rep, "pipe");
	pid = fork();
	if (pid < 0)
		return sct_report_broken(rep, "fork");
	if (pid == 0) {
		close(ab[1]);
		close(ba[0]);
		_exit(side_b(rep, pa, tu, ab[0], ba[1]));
	}
	close(ab[0]);
	close(ba[1]);
	expect = MEASURED_CALL(pa->base->nr);
	for (j = 0; j < SUBSAMPLES; j++) {
		if ((j || pa->b_first) && !get_token(ba[0]))
			break;
		tu->a[j] = timed_turn(pa->base->nr, pa->base_iters, expect, &bad, &a_busy,
				      &tu->a_speed[j]);
		/* B has finished when it went first and this was A's last turn. */
		if ((!pa->b_first || j < SUBSAMPLES - 1) && !put_token(ab[1]))
			break;
	}
	if (j == SUBSAMPLES && !pa->b_first && !get_token(ba[0]))	/* B's last turn */
		j--;
	close(ab[1]);
	close(ba[0]);
	if (waitpid(pid, &status, 0) != pid)
		return sct_report_broken(rep, "waitpid");
	if (rep->broken[0])
		return 3;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		snprintf(rep->broken, sizeof(rep->broken), "filtered side %s %d",
			 WIFSIGNALED(status) ? "killed by signal" : "exited",
			 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
		return 3;
	}
	if (j < SUBSAMPLES)
		return sct_report_broken(rep, "turn-taking pipe");
	rep->val[V_WALL_PPM] = a_busy + tu->b_busy > 0 ?
			       llround(1e6 * tu->b_wall / (a_busy + tu->b_busy)) : 0;
	rep->val[V_BAD] = bad + tu->b_bad;
	return 0;
}

struct sample {
	double a[SUBSAMPLES], b[SUBSAMPLES];	/* each turn, ns per call (opt.clock) */
	int kept;		/* turns within the gates (reduce_turns) */
	double base_ns, ns;	/* per call: medians of the kept turns */
	double delta;		/* median of the kept turns' differences b - a */
	double wall_ratio;	/* monotonic time over both sides' turns / their CPU time */
	double speed_ns;	/* speed probe: ns per step of the chain, median of all turns */
};

/*
 * Keep the turns whose baseline is within base_gate and whose filtered side
 * is within own_gate (both ns per call) and take their medians; A's turn j
 * and B's turn j ran next to each other, well within one of the host's
 * levels. NAN medians when no turn passes.
 */
static void reduce_turns(struct sample *sp, double base_gate, double own_gate)
{
	double a[SUBSAMPLES], b[SUBSAMPLES], d[SUBSAMPLES];
	int j, k = 0;

	for (j = 0; j < SUBSAMPLES; j++) {
		if (sp->a[j] > base_gate || sp->b[j] > own_gate)
			continue;
		a[k] = sp->a[j];
		b[k] = sp->b[j];
		d[k] = b[k] - a[k];
		k++;
	}
	sp->kept = k;
	sp->base_ns = k ? sct_median(a, k) : NAN;
	sp->ns = k ? sct_median(b, k) : NAN;
	sp->delta = k ? sct_median(d, k) : NAN;
}

/* The turns' page, shared with every pair's children. */
static struct turns *turns_page;

/*
 * One paired sample, every turn kept (reduce_turns gates it again); marks c
 * broken and returns -1 on failure.
 */
static int take_pair(const struct cfg *base, struct cfg *c, bool b_first, struct sample *out)
{
	struct pair_arg pa = { .base = base, .c = c, .base_iters = base->iters,
			       .iters = c->iters, .cpu = opt.cpu, .b_first = b_first };
	double sp[2 * SUBSAMPLES];
	struct sct_outcome o;
	int err, j;

	if (!turns_page) {
		turns_page = mmap(NULL, sizeof(*turns_page), PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (turns_page == MAP_FAILED) {
			turns_page = NULL;
			snprintf(c->broken_why, sizeof(c->broken_why), "mmap: %s", strerror(errno));
			c->broken = true;
			return -1;
		}
	}
	pa.tu = turns_page;

	err = sct_run_child(pair_child, &pa, 30000, &o);
	if (err) {
		snprintf(c->broken_why, sizeof(c->broken_why), "fork: %s", strerror(-err));
		c->broken = true;
		return -1;
	}
	if (o.end != SCT_END_EXITED || o.code) {
		char buf[200];

		snprintf(c->broken_why, sizeof(c->broken_why), "%s; ret %ld errno %d",
			 sct_outcome_str(&o, buf, sizeof(buf)), o.rep.ret, o.rep.err);
		c->broken = true;
		return -1;
	}
	if (o.rep.val[V_BAD]) {
		snprintf(c->broken_why, sizeof(c->broken_why),
			 "%ld calls returned something unexpected", o.rep.val[V_BAD]);
		c->broken = true;
		return -1;
	}
	for (j = 0; j < SUBSAMPLES; j++) {
		out->a[j] = (double)turns_page->a[j] / pa.base_iters;
		out->b[j] = (double)turns_page->b[j] / pa.iters;
		sp[2 * j] = (double)turns_page->a_speed[j] / SPEED_ITERS;
		sp[2 * j + 1] = (double)turns_page->b_speed[j] / SPEED_ITERS;
	}
	out->speed_ns = sct_median(sp, 2 * SUBSAMPLES);
	out->wall_ratio = o.rep.val[V_WALL_PPM] ? o.rep.val[V_WALL_PPM] / 1e6 : NAN;
	reduce_turns(out, INFINITY, INFINITY);
	return 0;
}

/*
 * The speed probe's quiet level: the 10th percentile of every pair's probe
 * so far in this run (all suites), once there are 20 of them.
 */
static struct dvec speed_all;

/* Calls per turn so a turn lasts about opt.sample_ms / SUBSAMPLES: two
 * passes against the baseline (the first from a small guess). */
static void calibrate(struct cfg *base, struct cfg *c)
{
	struct sample s;
	int pass;

	if (!base->iters)
		base->iters = 100;
	c->iters = 100;
	for (pass = 0; pass < 2; pass++) {
		double n;

		if (take_pair(base, c, false, &s))
			return;
		dv_push(&speed_all, s.speed_ns);
		n = opt.sample_ms * 1e6 / SUBSAMPLES / (s.ns > 1 ? s.ns : 1);
		c->iters = n < 50 ? 50 : n > 5e6 ? 5000000 : (long)n;
		n = opt.sample_ms * 1e6 / SUBSAMPLES / (s.base_ns > 1 ? s.base_ns : 1);
		base->iters = n < 50 ? 50 : n > 5e6 ? 5000000 : (long)n;
	}
}

/* ---- running a suite ----------------------------------------------------- */

/*
 * A configuration's Δ: the Hodges-Lehmann pseudo-median of its paired
 * differences, with the signed-rank 95% interval. Not the plain median:
 * the unfiltered getppid() sits at one of a few levels about 12 ns apart
 * (seen on this suite's 6.18 VM: 165, 177, 189 ns, set by the host for
 * milliseconds to minutes, now and then per process), so the pairs' Δs
 * are a two- or three-mode mixture, and the median of a mixture jumps a
 * whole mode when the shares cross a half.
 * The pseudo-median is as robust to outliers and moves smoothly instead.
 */
static int delta_center(const struct dvec *d, double *est, double *lo, double *hi, double *cov)
{
	return sct_pseudomedian_ci(d->v, d->n, 0.95, est, lo, hi, cov);
}

/* Half-width of the 95% interval of the baseline's median or a Δ. */
static double half_width(const struct dvec *d, bool is_delta, double *center)
{
	struct sct_summary s;
	double lo, hi, cov;

	if (is_delta) {
		if (delta_center(d, center, &lo, &hi, &cov))
			return INFINITY;
		return (hi - lo) / 2;
	}
	if (sct_summarize(d->v, d->n, &s)) {
		*center = NAN;
		return INFINITY;
	}
	*center = s.median;
	return s.ci_coverage >= 0.95 ? (s.ci_hi - s.ci_lo) / 2 : INFINITY;
}

/* The worst ratio (CI half-width / allowed half-width) over the suite. */
static double worst_ratio(const struct suite *s, const char **who)
{
	double worst = 0;
	size_t i;

	*who = "";
	for (i = s->abs_target ? 0 : 1; i < s->n; i++) {
		const struct cfg *c = &s->c[i];
		double med, hw, allowed, r;

		if (c->broken)
			continue;
		hw = i == 0 ? half_width(&c->ns, false, &med) : half_width(&c->delta, true, &med);
		allowed = opt.target_ns;
		if (s->abs_target)
			allowed /= M_SQRT2;
		else if (isfinite(med) && opt.target_rel * fabs(med) > allowed)
			allowed = opt.target_rel * fabs(med);
		r = hw / allowed;
		if (r > worst) {
			worst = r;
			*who = c->name;
		}
	}
	return worst;
}

static void shuffle(size_t *v, size_t n, uint64_t *rng)
{
	size_t i;

	for (i = n; i > 1; i--) {
		size_t j = sct_rng_below(rng, i), t = v[i - 1];

		v[i - 1] = v[j];
		v[j] = t;
	}
}

/*
 * opt.speed_tol, widened on a machine that never settles. The baseline gate
 * does not widen: its floor is a percentile, so it follows the host, and
 * a wider gate would mix the levels it is there to separate.
 */
static double speed_tol_now;

static double speed_ref(void)
{
	return speed_all.n >= 20 ? sct_quantile(speed_all.v, speed_all.n, 0.10) : INFINITY;
}

static bool core_slow(const struct sample *sp, double ref)
{
	return speed_tol_now > 0 && isfinite(ref) && sp->speed_ns > ref * (1 + speed_tol_now);
}

/* Keep entry k of d where keep[k]; returns how many were removed. */
static size_t dv_keep(struct dvec *d, const bool *keep)
{
	size_t k, m = 0;

	for (k = 0; k < d->n; k++)
		if (keep[k])
			d->v[m++] = d->v[k];
	k = d->n - m;
	d->n = m;
	return k;
}

/* quiet_tol over the floor of every turn in all; none before min_n turns. */
static double floor_gate(const struct dvec *all, size_t min_n)
{
	if (opt.quiet_tol <= 0 || all->n < min_n)
		return INFINITY;
	return sct_quantile(all->v, all->n, FLOOR_Q) * (1 + opt.quiet_tol);
}

/* The filtered side's gate, over the configuration's own floor. */
static double own_floor_gate(const struct cfg *c)
{
	return floor_gate(&c->ns_all, 3 * SUBSAMPLES);
}

/* The baseline's gate, over the suite's floor. */
static double base_floor_gate(const struct suite *s)
{
	return floor_gate(&s->base_all, 20 * SUBSAMPLES);
}

/*
 * The gates judged early pairs against early floors; judge every kept pair
 * against the final ones (the suite's baseline floor, the configuration's
 * filtered floor), so all of a suite's figures come from the same levels.
 */
static void trim_to_floor(struct suite *s)
{
	struct cfg *b = &s->c[0];
	double thr;
	size_t i, k;
	bool *keep;

	s->base_floor_ns = s->base_all.n ? sct_quantile(s->base_all.v, s->base_all.n, FLOOR_Q) : NAN;
	thr = base_floor_gate(s);
	if (!isfinite(thr))
		return;
	keep = calloc(b->ns.n + 1, sizeof(*keep));
	if (!keep)
		exit(1);
	for (k = 0; k < b->ns.n; k++)
		keep[k] = b->ns.v[k] <= thr;
	dv_keep(&b->ns, keep);
	free(keep);
	for (i = 1; i < s->n; i++) {
		struct cfg *c = &s->c[i];
		double own = own_floor_gate(c);

		keep = calloc(c->pair_base.n + 1, sizeof(*keep));
		if (!keep)
			exit(1);
		for (k = 0; k < c->pair_base.n; k++)
			keep[k] = c->pair_base.v[k] <= thr && c->ns.v[k] <= own;
		s->trimmed += dv_keep(&c->delta, keep);
		dv_keep(&c->ns, keep);
		dv_keep(&c->wall_ratio, keep);
		dv_keep(&c->pair_base, keep);
		free(keep);
	}
}

static void run_suite(struct suite *s)
{
	double t0 = now_s(), t, base_gate = INFINITY, sref = speed_ref();
	size_t span_pairs = 0, span_dropped = 0, span_rounds = 0;
	uint64_t rng = BOOT_SEED ^ s->n;
	size_t *order, i;
	const char *who;

	s->time_to_target_s = NAN;
	/* Each suite starts from the configured gates; widening is per suite. */
	speed_tol_now = opt.speed_tol;
	order = calloc(s->n, sizeof(*order));
	if (!order)
		exit(1);
	for (i = 0; i < s->n; i++) {
		progress("[%s] calibrating %zu/%zu: %s", s->name, i + 1, s->n, s->c[i].name);
		cfg_simulate(&s->c[i]);
		if (i)
			calibrate(&s->c[0], &s->c[i]);
	}
	for (s->rounds = 0; s->rounds < opt.max_rounds; ) {
		size_t m = 0;

		for (i = 1; i < s->n; i++)
			if (!s->c[i].broken)
				order[m++] = i;
		if (!m)
			break;
		shuffle(order, m, &rng);
		size_t dropped = 0;	/* this round */

		for (i = 0; i < m; i++) {
			struct cfg *c = &s->c[order[i]], *b = &s->c[0];
			struct sample sp;
			bool slow = false, busy = false;
			int attempt;

			/*
			 * A pair is taken again (up to QUIET_RETRIES times) and
			 * dropped if it still fails:
			 * - the speed probe ran slower than its quiet level: the host
			 *   slowed the whole core, which scales every cost, the
			 *   filter's too, and does not cancel in the difference;
			 * - fewer than MIN_KEPT_TURNS of its turns pass two gates.
			 *   The baseline's turn within quiet_tol (4%) of the suite's
			 *   floor (FLOOR_Q of every baseline turn): on this suite's
			 *   6.18 VM the host moves the unfiltered getppid() between
			 *   levels (165-171 ns, then 177-189) for milliseconds to
			 *   minutes, and the filtered path hardly moves with it, so
			 *   a Δ means something only within one level: a cached
			 *   filter's is 40.5 ns at the first and 28.5 at the second,
			 *   in every run. And the filtered side's turn within
			 *   quiet_tol of the configuration's own floor: it has
			 *   levels of its own (a denied 1024-instruction path ran
			 *   7% slow for a whole run's noisy pairs).
			 */
			for (attempt = 0; ; attempt++) {
				int j;

				if (take_pair(b, c, (s->rounds + i + attempt) % 2, &sp))
					break;
				dv_push(&speed_all, sp.speed_ns);
				for (j = 0; j < SUBSAMPLES; j++) {
					dv_push(&s->base_all, sp.a[j]);
					dv_push(&c->ns_all, sp.b[j]);
				}
				reduce_turns(&sp, base_gate, own_floor_gate(c));
				slow = core_slow(&sp, sref);
				busy = sp.kept < MIN_KEPT_TURNS;
				if (attempt >= QUIET_RETRIES || (!slow && !busy))
					break;
				s->retaken++;
				s->retaken_slow += slow;
			}
			if (c->broken)
				continue;
			if (slow || busy) {
				dropped += slow;
				s->dropped_slow++;
				continue;
			}
			dv_push(&b->ns, sp.base_ns);
			dv_push(&c->ns, sp.ns);
			dv_push(&c->wall_ratio, sp.wall_ratio);
			dv_push(&c->delta, sp.delta);
			dv_push(&c->pair_base, sp.base_ns);
		}
		s->rounds++;
		t = now_s() - t0;
		base_gate = base_floor_gate(s);
		sref = speed_ref();
		/*
		 * A core whose speed never settles: widen the speed gate and say
		 * so, once a quarter of the pairs over at least three rounds (and
		 * 24 pairs) since the last widening were dropped by it. One bad
		 * round is a slow phase the retakes ride out, not a reason.
		 */
		span_pairs += m;
		span_dropped += dropped;
		span_rounds++;
		if (span_rounds >= 3 && span_pairs >= 24 && span_dropped * 4 > span_pairs &&
		    speed_tol_now < 0.15) {
			speed_tol_now = fmin(0.15, speed_tol_now * 1.5);
			s->speed_tol_widened = speed_tol_now;
			span_pairs = span_dropped = span_rounds = 0;
		}
		{
			double w = worst_ratio(s, &who);

			progress("[%s] round %u (%.0f s): worst interval %.2fx the target (%s)",
				 s->name, s->rounds, t, w, who);
			if (s->rounds >= opt.min_rounds && w <= 1) {
				s->target_met = true;
				s->time_to_target_s = t;
				break;
			}
		}
		if (t > opt.budget_s * s->budget_scale && s->rounds >= 6)
			break;
	}
	s->elapsed_s = now_s() - t0;
	progress_done();
	free(order);
	trim_to_floor(s);
}

/* ---- fits ---------------------------------------------------------------- */

/* Configurations with this few kept pairs are left out of a fit. */
#define FIT_MIN_PAIRS 3

static bool in_fit(const struct cfg *c, const char *group)
{
	return !strcmp(c->group, group) && !c->broken && c->delta.n >= FIT_MIN_PAIRS;
}

/*
 * Theil-Sen on the per-configuration Δ pseudo-medians; with rng, of a
 * resample of each configuration's kept pairs (a stratified bootstrap:
 * the gates keep different pairs for each configuration, so there are no
 * whole rounds to resample). Returns the slope, NAN with fewer than 3.
 */
static double fit_group_ts(const struct suite *s, const char *group, uint64_t *rng,
			   struct sct_fit *fit)
{
	double *x = malloc(s->n * sizeof(*x)), *y = malloc(s->n * sizeof(*y)), *tmp = NULL;
	double b = NAN;
	size_t i, k, m = 0, most = 1;

	for (i = 1; i < s->n; i++)
		if (in_fit(&s->c[i], group) && s->c[i].delta.n > most)
			most = s->c[i].delta.n;
	tmp = malloc(most * sizeof(*tmp));
	if (!x || !y || !tmp)
		goto out;
	for (i = 1; i < s->n; i++) {
		const struct cfg *c = &s->c[i];

		if (!in_fit(c, group))
			continue;
		for (k = 0; k < c->delta.n; k++)
			tmp[k] = c->delta.v[rng ? sct_rng_below(rng, c->delta.n) : k];
		x[m] = c->x;
		y[m] = sct_pseudomedian(tmp, c->delta.n);
		m++;
	}
	if (m >= 3 && !sct_fit_theil_sen(x, y, m, fit))
		b = fit->b;
out:
	free(x);
	free(y);
	free(tmp);
	return b;
}

/* 95% bootstrap intervals of the fit's slope and intercept. */
static void fit_group_boot(const struct suite *s, const char *group, struct sct_fit *ts)
{
	double *bs = malloc(BOOT_REPS * sizeof(*bs)), *as = malloc(BOOT_REPS * sizeof(*as));
	uint64_t rng = BOOT_SEED;
	size_t good = 0;
	unsigned int r;

	for (r = 0; bs && as && r < BOOT_REPS; r++) {
		struct sct_fit f;

		if (isfinite(fit_group_ts(s, group, &rng, &f))) {
			bs[good] = f.b;
			as[good++] = f.a;
		}
	}
	if (good * 2 >= BOOT_REPS) {
		ts->b_lo = sct_quantile(bs, good, 0.025);
		ts->b_hi = sct_quantile(bs, good, 0.975);
		ts->a_lo = sct_quantile(as, good, 0.025);
		ts->a_hi = sct_quantile(as, good, 0.975);
	}
	free(bs);
	free(as);
}

struct group_fit {
	struct sct_fit ts, ols;
	bool ok;
};

static void fit_group(const struct suite *s, const char *group, struct group_fit *g)
{
	struct dvec xs = { 0 }, ys = { 0 };
	size_t i, k;

	memset(g, 0, sizeof(*g));
	if (isnan(fit_group_ts(s, group, NULL, &g->ts)))
		return;
	fit_group_boot(s, group, &g->ts);
	for (i = 1; i < s->n; i++) {
		const struct cfg *c = &s->c[i];

		if (strcmp(c->group, group) || c->broken)
			continue;
		for (k = 0; k < c->delta.n; k++) {
			dv_push(&xs, c->x);
			dv_push(&ys, c->delta.v[k]);
		}
	}
	sct_fit_ols(xs.v, ys.v, xs.n, &g->ols);
	free(xs.v);
	free(ys.v);
	g->ok = true;
}

/* ---- output -------------------------------------------------------------- */

static struct sct_result *record;
static struct json_object *suites_json;

static void fmt_ci(char *buf, size_t len, double med, double lo, double hi)
{
	double hw = (hi - lo) / 2;

	if (!isfinite(med))
		snprintf(buf, len, "-");
	else if (!isfinite(hw))
		snprintf(buf, len, "%.1f ± ?", med);
	else
		snprintf(buf, len, "%.1f ± %.1f", med, hw);
}

static void print_cfg_table(const struct suite *s)
{
	size_t i;

	printf("  %-36s %7s %6s %8s %18s %18s %9s %22s\n", "configuration", s->x_name[0] == 'f' ?
	       "filters" : "insns", "exec", "cached", "ns/call", "Δ vs baseline", "IQR", "min … max (N)");
	for (i = 0; i < s->n; i++) {
		const struct cfg *c = &s->c[i];
		struct sct_summary a;
		char m[48], dl[48], mm[48];

		if (c->broken) {
			printf("  %-36s  BROKEN: %s\n", c->name, c->broken_why);
			continue;
		}
		sct_summarize(c->ns.v, c->ns.n, &a);
		if (i) {
			double est, lo, hi, cov;

			delta_center(&c->delta, &est, &lo, &hi, &cov);
			fmt_ci(dl, sizeof(dl), est, lo, hi);
		}
		else
			snprintf(dl, sizeof(dl), "—");
		fmt_ci(m, sizeof(m), a.median, a.ci_lo, a.ci_hi);
		snprintf(mm, sizeof(mm), "%.1f … %.1f (%zu)", a.min, a.max, a.n);
		printf("  %-36s %7g %6zu %8s %18s %18s %9.1f %22s\n", c->name, c->x, c->executed,
		       c->nprogs ? (c->cacheable ? "yes" : "no") : "-", m, dl, a.iqr, mm);
	}
}

static void check_cfgs(const struct suite *s)
{
	char noisy[400] = "", shared[400] = "";
	size_t i, nnoisy = 0, nshared = 0, n = 0;
	double worst_wall = 0;

	for (i = 0; i < s->n; i++) {
		const struct cfg *c = &s->c[i];
		struct sct_summary a, w;
		double est, lo, hi, cov;

		if (c->broken) {
			warn("%s/%s could not be measured: %s", s->name, c->name, c->broken_why);
			continue;
		}
		n++;
		sct_summarize(c->ns.v, c->ns.n, &a);
		sct_summarize(c->wall_ratio.v, c->wall_ratio.n, &w);
		/* The denied path skips the syscall's own work, so it may be faster. */
		if (i && !c->denied && !delta_center(&c->delta, &est, &lo, &hi, &cov) && hi < 0)
			warn("%s/%s measured FASTER than the no-filter baseline (Δ %.1f ns, 95%% CI "
			     "[%.1f, %.1f]): that is noise or drift, not a real saving; re-run on a "
			     "quiet machine or with more rounds (--min-rounds)", s->name, c->name,
			     est, lo, hi);
		if (a.n >= 4 && a.iqr > 0.10 * a.median) {
			nnoisy++;
			if (strlen(noisy) < sizeof(noisy) - 40)
				snprintf(noisy + strlen(noisy), sizeof(noisy) - strlen(noisy), "%s%s",
					 nnoisy > 1 ? ", " : "", c->name);
		}
		/* B's wall time spans both sides' turns: 1.0 means nobody else ran. */
		if (w.n >= 4 && w.median > 1.05) {
			nshared++;
			if (w.median > worst_wall)
				worst_wall = w.median;
			if (strlen(shared) < sizeof(shared) - 40)
				snprintf(shared + strlen(shared), sizeof(shared) - strlen(shared), "%s%s",
					 nshared > 1 ? ", " : "", c->name);
		}
	}
	if (nnoisy)
		warn("%s: %zu of %zu configurations are noisy (IQR above 10%% of the median: %s): "
		     "another task is sharing CPU %d or its SMT sibling; stop other jobs or pick an "
		     "idle CPU with --cpu", s->name, nnoisy, n, noisy, opt.cpu);
	if (nshared)
		warn("%s: %zu of %zu configurations ran while CPU %d was shared (wall time up to "
		     "%.0f%% above CPU time: %s); CPU-time figures stand, spread grows", s->name,
		     nshared, n, opt.cpu, 100 * (worst_wall - 1), shared);
	if (s->retaken)
		warn("%s: %lu pairs were taken again because the core ran slow (%lu by the speed "
		     "probe, more than %.0f%% above its quiet level; the rest because fewer than %d "
		     "turns ran within %.0f%% of the floors, the baseline's %.1f ns) and %lu "
		     "dropped as still slow, %lu more "
		     "left out against the final floor: another task on the CPU, its SMT sibling "
		     "or the host; figures from a quiet machine come sooner",
		     s->name, s->retaken, s->retaken_slow, 100 * opt.speed_tol,
		     MIN_KEPT_TURNS, 100 * opt.quiet_tol, s->base_floor_ns, s->dropped_slow, s->trimmed);
	if (s->speed_tol_widened > 0)
		warn("%s: the core's speed varied so much that the speed probe dropped over a "
		     "quarter of the pairs of three rounds; its gate was widened to %.1f%%, so some "
		     "figures come from a slowed core", s->name, 100 * s->speed_tol_widened);
	if (!s->target_met)
		warn("%s: stopped after %u rounds (%.0f s) before every interval reached ±%g ns "
		     "(or %g%%); the numbers stand with the wider intervals shown; for tighter ones "
		     "run on a quiet machine or raise --budget", s->name, s->rounds, s->elapsed_s,
		     opt.target_ns, 100 * opt.target_rel);
}

static void record_cfgs(const struct suite *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		struct cfg *c = &s->c[i];
		char name[128];
		struct json_object *b, *p, *d;
		struct sct_summary a, ds, w;

		snprintf(name, sizeof(name), "%s/%s", s->name, c->name);
		b = sct_result_add_benchmark(record, name, "ns");
		json_object_object_get_ex(b, "params", &p);
		json_object_object_add(p, "suite", json_object_new_string(s->name));
		json_object_object_add(p, "group", json_object_new_string(c->group));
		json_object_object_add(p, "x", sct_json_num(c->x));
		json_object_object_add(p, "x_name", json_object_new_string(s->x_name));
		json_object_object_add(p, "syscall", json_object_new_string(
			c->nr == __NR_getpid ? "getpid" : opt.sysname));
		json_object_object_add(p, "filters", json_object_new_int64(c->nprogs));
		json_object_object_add(p, "static_insns", json_object_new_int64(c->static_insns));
		json_object_object_add(p, "executed_insns", json_object_new_int64(c->executed));
		json_object_object_add(p, "cacheable", c->nprogs ?
				       json_object_new_boolean(c->cacheable) : NULL);
		json_object_object_add(p, "denied", json_object_new_boolean(c->denied));
		json_object_object_add(p, "calls_per_sample", json_object_new_int64(c->iters));
		json_object_object_foreach(c->params, k, v)
			json_object_object_add(p, k, json_object_get(v));
		json_object_put(c->params);
		c->params = NULL;
		json_object_object_add(b, "broken", c->broken ? json_object_new_string(c->broken_why)
				       : NULL);
		json_object_object_add(b, "samples", sct_json_array(c->ns.v, c->ns.n));
		sct_summarize(c->ns.v, c->ns.n, &a);
		sct_json_add_summary(b, &a);
		if (i) {
			d = json_object_new_object();
			json_object_object_add(d, "samples", sct_json_array(c->delta.v, c->delta.n));
			sct_summarize(c->delta.v, c->delta.n, &ds);
			sct_json_add_summary(d, &ds);
			{
				double est, lo, hi, cov;

				delta_center(&c->delta, &est, &lo, &hi, &cov);
				json_object_object_add(d, "pseudomedian", sct_json_num(est));
				json_object_object_add(d, "pseudomedian_ci95", sct_json_pair(lo, hi));
				json_object_object_add(d, "pseudomedian_ci95_coverage",
						       sct_json_num(cov));
			}
			json_object_object_add(b, "delta", d);
		} else {
			json_object_object_add(b, "delta", NULL);
		}
		sct_summarize(c->wall_ratio.v, c->wall_ratio.n, &w);
		json_object_object_add(b, "wall_over_cpu_median", sct_json_num(w.median));
	}
}

static void print_fit(const char *label, const char *unit, const struct group_fit *g)
{
	if (!g->ok) {
		printf("  %-10s fit: not enough data\n", label);
		return;
	}
	printf("  %-10s Δns = %.2f [%.2f, %.2f] + %.4f [%.4f, %.4f] ns/%s   "
	       "(Theil-Sen on Δ pseudo-medians, bootstrap 95%%)\n", label, g->ts.a, g->ts.a_lo, g->ts.a_hi,
	       g->ts.b, g->ts.b_lo, g->ts.b_hi, unit);
	printf("  %-10s Δns = %.2f [%.2f, %.2f] + %.4f [%.4f, %.4f] ns/%s   "
	       "(OLS on all %zu paired samples, R² %.3f)\n", "", g->ols.a, g->ols.a_lo, g->ols.a_hi,
	       g->ols.b, g->ols.b_lo, g->ols.b_hi, unit, g->ols.n, g->ols.r2);
}

static void record_fit(const struct suite *s, const char *group, const struct group_fit *g)
{
	char name[128];
	struct json_object *b, *p;

	snprintf(name, sizeof(name), "%s/fit/%s", s->name, group);
	b = sct_result_add_benchmark(record, name, "ns");
	json_object_object_get_ex(b, "params", &p);
	json_object_object_add(p, "suite", json_object_new_string(s->name));
	json_object_object_add(p, "group", json_object_new_string(group));
	json_object_object_add(p, "x_name", json_object_new_string(s->x_name));
	json_object_object_add(p, "model", json_object_new_string("delta_ns = a + b * x"));
	json_object_object_add(b, "fit", g->ok ? sct_json_fit("theil-sen+stratified-bootstrap", &g->ts)
			       : NULL);
	json_object_object_add(b, "fit_ols", g->ok ? sct_json_fit("ols-paired-samples", &g->ols)
			       : NULL);
	/* The slope is "the number" of this entry: median/ci95 mirror fit.b. */
	json_object_object_add(b, "median", g->ok ? sct_json_num(g->ts.b) : NULL);
	json_object_object_add(b, "ci95", g->ok ? sct_json_pair(g->ts.b_lo, g->ts.b_hi) : NULL);
}

static void record_suite(struct suite *s)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "rounds", json_object_new_int(s->rounds));
	json_object_object_add(o, "elapsed_s", sct_json_num(s->elapsed_s));
	json_object_object_add(o, "time_to_target_s", sct_json_num(s->time_to_target_s));
	json_object_object_add(o, "target_met", json_object_new_boolean(s->target_met));
	json_object_object_add(o, "target_ns", sct_json_num(opt.target_ns));
	json_object_object_add(o, "target_rel", sct_json_num(opt.target_rel));
	json_object_object_add(o, "sample_ms", sct_json_num(opt.sample_ms));
	json_object_object_add(o, "quiet_tol", sct_json_num(opt.quiet_tol));
	json_object_object_add(o, "baseline_floor_ns", sct_json_num(s->base_floor_ns));
	json_object_object_add(o, "trimmed_pairs", json_object_new_int64(s->trimmed));
	json_object_object_add(o, "retaken_pairs", json_object_new_int64(s->retaken));
	json_object_object_add(o, "retaken_slow_core", json_object_new_int64(s->retaken_slow));
	json_object_object_add(o, "dropped_slow_core", json_object_new_int64(s->dropped_slow));
	json_object_object_add(o, "speed_tol", sct_json_num(opt.speed_tol));
	json_object_object_add(o, "speed_tol_widened", s->speed_tol_widened > 0 ?
			       sct_json_num(s->speed_tol_widened) : NULL);
	json_object_object_add(o, "speed_probe_ref_ns", sct_json_num(speed_ref()));
	json_object_object_add(o, "syscall", json_object_new_string(opt.sysname));
	json_object_object_add(o, "warnings", json_object_get(s->warnings));
	json_object_object_add(suites_json, s->name, o);
}

static void suite_begin(struct suite *s, const char *name, const char *x_name)
{
	struct cfg *b;

	memset(s, 0, sizeof(*s));
	s->name = name;
	s->x_name = x_name;
	s->warnings = json_object_new_array();
	s->budget_scale = 1;
	b = suite_add(s, "", "baseline", 0);
	(void)b;
}

static void suite_free(struct suite *s)
{
	size_t i, k;

	for (i = 0; i < s->n; i++) {
		for (k = 0; k < s->c[i].nprogs; k++) {
			sct_filter_free(s->c[i].filters[k]);
			free(s->c[i].owned[k]);
		}
		free(s->c[i].ns.v);
		free(s->c[i].delta.v);
		free(s->c[i].wall_ratio.v);
		free(s->c[i].pair_base.v);
		free(s->c[i].ns_all.v);
		json_object_put(s->c[i].params);
	}
	free(s->c);
	free(s->base_all.v);
	json_object_put(s->warnings);
}

static void print_header(const struct suite *s, const char *what)
{
	printf("\n== %s: %s\n", s->name, what);
	printf("   %u rounds in %.1f s, %s, CPU %d, ~%g ms samples; "
	       "Δ = paired difference to the no-filter baseline (pseudo-median); ± = half-width "
	       "of its 95%% CI (ns/call: of the median)\n", s->rounds, s->elapsed_s,
	       opt.clock_name, opt.cpu, opt.sample_ms);
}

/* The length suite's uncached fit, to predict layout costs from instruction counts. */
static struct {
	bool have;
	double a, b;
} length_fit;

/* ---- suite: length -------------------------------------------------------- */

static void suite_length(void)
{
	static const unsigned int full[] = { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096 };
	static const unsigned int quick[] = { 1, 2, 16, 256, 1024, 4096 };
	const unsigned int *xs = opt.quick ? quick : full;
	size_t nx = opt.quick ? 6 : 13, i;
	struct suite s;
	int form;

	suite_begin(&s, "length", "instructions");
	s.budget_scale = 1.1;
	warnings = s.warnings;
	for (form = FORM_CACHED; form <= FORM_DENIED; form++) {
		for (i = 0; i < nx; i++) {
			unsigned int n = xs[i];
			char name[64];
			struct cfg *c;

			if (form == FORM_UNCACHED && n < 2)
				continue;
			if (form == FORM_DENIED) {
				if (n < 2 || (n == 2 && opt.quick))
					continue;
				if (n == 2)
					n = 3;		/* the shortest denying path */
				if (n > 4095)
					n = 4095;	/* static length is n + 1 */
			}
			snprintf(name, sizeof(name), "%s/%u", form_names[form], n);
			c = suite_add(&s, form_names[form], name, n);
			c->denied = form == FORM_DENIED;
			if (cfg_push(c, chain_filter(form, n, opt.nr)))
				c->broken = true;
		}
	}
	run_suite(&s);
	print_header(&s, "ns per call against instructions executed on the measured path");
	print_cfg_table(&s);
	for (form = FORM_CACHED; form <= FORM_DENIED; form++) {
		struct group_fit g;

		fit_group(&s, form_names[form], &g);
		print_fit(form_names[form], "insn", &g);
		if (form == FORM_UNCACHED && g.ok) {
			length_fit.have = true;
			length_fit.a = g.ts.a;
			length_fit.b = g.ts.b;
		}
		record_fit(&s, form_names[form], &g);
		if (form == FORM_UNCACHED && g.ok && g.ts.b_hi - g.ts.b_lo > 2 * opt.target_ns)
			warn("length: per-instruction cost interval wider than ±%g ns", opt.target_ns);
	}
	for (i = 1; i < s.n; i++)
		if (s.c[i].x != (double)s.c[i].executed && !s.c[i].broken)
			warn("length/%s: the simulator counts %zu executed instructions, not %g "
			     "(a bug in this program)", s.c[i].name, s.c[i].executed, s.c[i].x);
	check_cfgs(&s);
	record_cfgs(&s);
	record_suite(&s);
	suite_free(&s);
}

/* ---- suite: stack -------------------------------------------------------- */

static void suite_stack(void)
{
	static const unsigned int counts[] = { 1, 2, 4, 8, 16, 32 };
	struct suite s;
	size_t i, k;
	int cacheable;

	suite_begin(&s, "stack", "filters");
	s.budget_scale = 0.7;
	warnings = s.warnings;
	for (cacheable = 1; cacheable >= 0; cacheable--) {
		const char *group = cacheable ? "cached" : "uncached";

		for (i = 0; i < 6; i++) {
			char name[64];
			struct cfg *c;

			if (opt.quick && (counts[i] == 2 || counts[i] == 8))
				continue;
			snprintf(name, sizeof(name), "%s/%u", group, counts[i]);
			c = suite_add(&s, group, name, counts[i]);
			for (k = 0; k < counts[i]; k++)
				if (cfg_push(c, two_insn_filter(cacheable)))
					c->broken = true;
		}
	}
	run_suite(&s);
	print_header(&s, "ns per call against stacked filters ({LD nr | LD args[0]; RET ALLOW} each)");
	print_cfg_table(&s);
	for (cacheable = 1; cacheable >= 0; cacheable--) {
		struct group_fit g;
		const char *group = cacheable ? "cached" : "uncached";

		fit_group(&s, group, &g);
		print_fit(group, "filter", &g);
		record_fit(&s, group, &g);
	}
	check_cfgs(&s);
	record_cfgs(&s);
	record_suite(&s);
	suite_free(&s);
}

/* ---- suite: kernel-ref ---------------------------------------------------- */

/* seccomp_benchmark's names for its five phases, in our configuration order. */
static const char *const kref_names[5] = { "native", "bitmap1", "bitmap2", "filter1", "filter2" };

struct kref {
	const struct suite *s;
	int which;	/* 0 entry, 1 per_filter1, 2 per_filter2 */
};

/*
 * From the chosen rounds: which 0..2 are the estimates seccomp_benchmark
 * prints (entry, per-filter from the last two, per-filter over four), 3..7
 * the five figures themselves. The figures are native (median of the
 * baseline samples) and native + the paired Δ's pseudo-median (as in the
 * table) for the filtered ones, so
 * drift between samples cancels in everything but native itself.
 */
static double kref_estimate(const struct suite *s, const size_t *idx, size_t n, int which)
{
	double med[5], *tmp;
	size_t per_round = s->n - 1, i, k, m;
	double entry;

	tmp = calloc(n * per_round + 1, sizeof(*tmp));
	if (!tmp)
		return NAN;
	for (i = 0; i < 5; i++) {
		const struct dvec *d = i ? &s->c[i].delta : &s->c[0].ns;

		m = 0;
		for (k = 0; k < n; k++) {
			size_t r = idx ? idx[k] : k;

			if (i == 0) {	/* the baseline has per_round samples a round */
				for (size_t j = 0; j < per_round; j++)
					if (r * per_round + j < d->n)
						tmp[m++] = d->v[r * per_round + j];
			} else if (r < d->n) {
				tmp[m++] = d->v[r];
			}
		}
		med[i] = i ? sct_pseudomedian(tmp, m) + med[0] : sct_median(tmp, m);
	}
	free(tmp);
	if (which >= 3)
		return med[which - 3];
	entry = med[1] - med[0] - (med[2] - med[1]);
	switch (which) {
	case 0: return entry;
	case 1: return med[4] - med[3];
	default: return (med[4] - med[0] - entry) / 4;
	}
}

/*
 * How many rounds' worth of kept samples every figure has: the bootstrap
 * draws from these. Gates leave fewer kept pairs than rounds, so drawing
 * from all rounds would draw empty slots and widen the intervals.
 */
static size_t kref_rounds(const struct suite *s)
{
	size_t per_round = s->n - 1, r = s->c[0].ns.n / per_round, i;

	for (i = 1; i < s->n; i++)
		if (!s->c[i].broken && s->c[i].delta.n < r)
			r = s->c[i].delta.n;
	return r;
}

static double boot_kref(const size_t *idx, size_t n, void *arg)
{
	struct kref *k = arg;

	return kref_estimate(k->s, idx, n, k->which);
}

/* seccomp_benchmark's output, when given: its five numbers and estimates. */
struct kbench {
	bool have;
	double phase[5];
	double est[3];
};

static void parse_kbench(const char *path, struct kbench *kb)
{
	static const char *const phase_keys[5] = {
		"getpid native:", "getpid RET_ALLOW 1 filter (bitmap):",
		"getpid RET_ALLOW 2 filters (bitmap):", "getpid RET_ALLOW 3 filters (full):",
		"getpid RET_ALLOW 4 filters (full):",
	};
	static const char *const est_keys[3] = {
		"Estimated seccomp entry overhead:",
		"Estimated seccomp per-filter overhead (last 2 diff):",
		"Estimated seccomp per-filter overhead (filters / 4):",
	};
	char line[512];
	FILE *f = fopen(path, "re");
	int i;

	memset(kb, 0, sizeof(*kb));
	for (i = 0; i < 5; i++)
		kb->phase[i] = NAN;
	for (i = 0; i < 3; i++)
		kb->est[i] = NAN;
	if (!f) {
		warn("kernel-ref: cannot read seccomp_benchmark output %s: %s", path, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		for (i = 0; i < 5; i++) {
			char *p = strstr(line, phase_keys[i]);

			if (p)
				kb->phase[i] = strtod(p + strlen(phase_keys[i]), NULL);
		}
		for (i = 0; i < 3; i++) {
			char *p = strstr(line, est_keys[i]);

			if (p) {
				kb->est[i] = strtod(p + strlen(est_keys[i]), NULL);
				/* It computes in unsigned: a negative estimate wraps. */
				if (kb->est[i] > 2147483647.0)
					kb->est[i] = NAN;
			}
		}
	}
	fclose(f);
	kb->have = isfinite(kb->phase[0]) && isfinite(kb->phase[4]);
	if (!kb->have)
		warn("kernel-ref: %s holds no seccomp_benchmark results (did it finish?)", path);
}

/* seccomp_benchmark's own tolerance (approx(): within 10% or 2 ns). */
static bool agrees(double a, double b)
{
	double d = fabs(a - b);

	return isfinite(d) && (d <= 2 || d <= 0.10 * fmax(fabs(a), fabs(b)));
}

static void suite_kernel_ref(void)
{
	static const char *const est_names[3] = { "entry", "per_filter_last2", "per_filter_div4" };
	long saved = opt.nr;
	const char *saved_name = opt.sysname;
	struct suite s;
	struct cfg *c;
	struct kbench kb;
	double est[8], lo[8], hi[8];
	size_t nboot;
	int i, k;

	opt.nr = __NR_getpid;	/* seccomp_benchmark measures getpid */
	opt.sysname = "getpid";
	suite_begin(&s, "kernel-ref", "filters");
	s.budget_scale = 1.0;
	warnings = s.warnings;
	s.abs_target = true;
	snprintf(s.c[0].name, sizeof(s.c[0].name), "native");
	for (i = 1; i < 5; i++) {
		c = suite_add(&s, i <= 2 ? "bitmap" : "full", kref_names[i], i);
		for (k = 0; k < i; k++)
			if (cfg_push(c, two_insn_filter(k != 2)))
				c->broken = true;
	}
	run_suite(&s);
	print_header(&s, "seccomp_benchmark's scenario (getpid), measured by this harness");
	print_cfg_table(&s);
	/* est[0..2]: estimates; est[3..7]: the five figures (native, native + Δ). */
	nboot = kref_rounds(&s);
	for (i = 0; i < 8; i++) {
		struct kref ctx = { &s, i };

		est[i] = kref_estimate(&s, NULL, s.rounds, i);
		lo[i] = hi[i] = NAN;
		if (nboot >= 3)
			sct_bootstrap(boot_kref, &ctx, nboot, BOOT_REPS, BOOT_SEED, &lo[i], &hi[i]);
	}
	printf("  the five figures (native; native + paired Δ), 95%% CI by bootstrap over rounds:\n");
	for (i = 0; i < 5; i++)
		printf("  %-22s %8.1f ns  [%.1f, %.1f]\n", kref_names[i], est[3 + i], lo[3 + i],
		       hi[3 + i]);
	for (i = 0; i < 3; i++)
		printf("  estimate %-13s %8.1f ns  [%.1f, %.1f]\n", est_names[i], est[i], lo[i], hi[i]);
	if (s.target_met)
		printf("  time to the five figures within ±%g ns: %.1f s (%u rounds)\n", opt.target_ns,
		       s.time_to_target_s, s.rounds);
	else
		printf("  the five figures did not reach ±%g ns: stopped after %.1f s (%u rounds)\n",
		       opt.target_ns, s.elapsed_s, s.rounds);
	if (opt.kbench_file) {
		parse_kbench(opt.kbench_file, &kb);
		if (kb.have) {
			printf("\n  side by side (ns)      ours [95%% CI]               "
			       "seccomp_benchmark   agree (its ±10%% or 2 ns)\n");
			for (i = 0; i < 8; i++) {
				int e = i < 5 ? 3 + i : i - 5;
				double theirs = i < 5 ? kb.phase[i] : kb.est[i - 5];
				const char *label = i < 5 ? kref_names[i] : est_names[i - 5];

				if (isnan(theirs))
					printf("  %-22s %8.1f [%.1f, %.1f] %18s   NO\n", label, est[e], lo[e],
					       hi[e], "underflow");
				else
					printf("  %-22s %8.1f [%.1f, %.1f] %18.0f   %s\n", label, est[e],
					       lo[e], hi[e], theirs, agrees(est[e], theirs) ? "yes" : "NO");
			}
			printf("  time: ours %.1f s (%s ±%g ns); seccomp_benchmark %.1f s\n",
			       s.target_met ? s.time_to_target_s : s.elapsed_s,
			       s.target_met ? "all five within" : "stopped by the budget, NOT all within",
			       opt.target_ns, opt.kbench_seconds);
		}
	} else {
		memset(&kb, 0, sizeof(kb));
	}
	check_cfgs(&s);
	record_cfgs(&s);
	/* est[0..2] as kernel-ref/estimate/<name>, est[3..7] as kernel-ref/figure/<name>. */
	for (i = 0; i < 8; i++) {
		bool figure = i >= 3;
		char name[64];
		struct json_object *b, *p;

		snprintf(name, sizeof(name), "kernel-ref/%s/%s", figure ? "figure" : "estimate",
			 figure ? kref_names[i - 3] : est_names[i]);
		b = sct_result_add_benchmark(record, name, "ns");
		json_object_object_get_ex(b, "params", &p);
		json_object_object_add(p, "suite", json_object_new_string("kernel-ref"));
		json_object_object_add(p, "method", json_object_new_string(figure ?
			"native median; native + pseudo-median paired delta; bootstrap over rounds" :
			"seccomp_benchmark formula on the figures; bootstrap over rounds"));
		json_object_object_add(b, "median", sct_json_num(est[i]));
		json_object_object_add(b, "ci95", sct_json_pair(lo[i], hi[i]));
		if (kb.have)
			json_object_object_add(b, "seccomp_benchmark",
					       sct_json_num(figure ? kb.phase[i - 3] : kb.est[i]));
	}
	if (kb.have) {
		struct json_object *b = sct_result_add_benchmark(record, "kernel-ref/seccomp_benchmark",
								 "ns"), *p, *ph;

		json_object_object_get_ex(b, "params", &p);
		json_object_object_add(p, "suite", json_object_new_string("kernel-ref"));
		json_object_object_add(p, "source", json_object_new_string(
			"tools/testing/selftests/seccomp/seccomp_benchmark.c, run on this machine"));
		ph = json_object_new_object();
		for (i = 0; i < 5; i++)
			json_object_object_add(ph, kref_names[i], sct_json_num(kb.phase[i]));
		json_object_object_add(b, "phases", ph);
		json_object_object_add(b, "elapsed_s", sct_json_num(opt.kbench_seconds));
		json_object_object_add(b, "ours_elapsed_s", sct_json_num(s.elapsed_s));
		json_object_object_add(b, "ours_time_to_target_s", sct_json_num(s.time_to_target_s));
	}
	record_suite(&s);
	suite_free(&s);
	opt.nr = saved;
	opt.sysname = saved_name;
}

/* ---- suite: layouts ------------------------------------------------------- */

/* ---- suite: layouts ------------------------------------------------------- */

/* Syscalls the filtered side makes itself once its filters are in. */
static const uint32_t harness_nrs[] = {
	__NR_read, __NR_write, __NR_clock_gettime, __NR_exit_group, __NR_exit,
};

enum pos { POS_FRONT, POS_MIDDLE, POS_END };
static const char *const pos_names[] = { "front", "middle", "end" };

/* args[0] == 0, which every measured call passes (see MEASURED_CALL): the
 * path loads an argument, so it is not cacheable, and decides as before. */
static const struct sct_rule uncached_allow = {
	.nconds = 1,
	.conds = { { .arg = 0, .op = SCT_CMP_EQ, .value = 0 } },
	.action = SECCOMP_RET_ALLOW,
};

static int cmp_weight_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x < y) - (x > y);
}

/*
 * Put the measured syscall at pos in weight order (weighted layouts): first
 * (twice the heaviest), the median weight, or last (half the lightest).
 */
static void place_by_weight(struct sct_ruleset *rs, uint32_t nr, enum pos pos)
{
	double *w = malloc(rs->n * sizeof(*w)), v;
	size_t i, m = 0;

	if (!w)
		return;
	for (i = 0; i < rs->n; i++)
		if (rs->sys[i].nr != nr && rs->sys[i].weight > 0)
			w[m++] = rs->sys[i].weight;
	qsort(w, m, sizeof(*w), cmp_weight_desc);
	v = !m ? 1 : pos == POS_FRONT ? 2 * w[0] : pos == POS_END ? w[m - 1] / 2 : w[m / 2];
	sct_ruleset_set_weight(rs, nr, v);
	free(w);
}

/* Make nr's first rule the always-true argument check (uncacheable). */
static int make_uncached(struct sct_ruleset *rs, uint32_t nr)
{
	struct sct_syscall *sc = sct_ruleset_find(rs, nr);

	if (!sc || !sc->nrules || sc->rules[0].nconds ||
	    sc->rules[0].action != SECCOMP_RET_ALLOW)
		return -EINVAL;
	sc->rules[0] = uncached_allow;
	return 0;
}

/*
 * A synthetic allow-list of n syscalls: the harness's own, the measured
 * one, and fillers around it so that its rank in ascending number order is
 * first, middle or last as far as the number space allows (only numbers
 * below it can come before it). Fillers get Zipf weights in a seeded random
 * order; the measured syscall's weight puts it at pos in weight order too.
 */
static struct sct_ruleset *synthetic_set(size_t n, enum pos pos, uint32_t nr, size_t *rank)
{
	struct sct_ruleset *rs = sct_ruleset_new(SECCOMP_RET_ERRNO | EPERM,
						 SECCOMP_RET_KILL_PROCESS);
	uint64_t rng = BOOT_SEED + n;
	size_t i, need, below, got;
	uint32_t k;

	if (!rs)
		return NULL;
	for (i = 0; i < sizeof(harness_nrs) / sizeof(harness_nrs[0]); i++)
		sct_ruleset_add_action(rs, harness_nrs[i], "", SECCOMP_RET_ALLOW);
	sct_ruleset_add_action(rs, nr, "", SECCOMP_RET_ALLOW);
	need = n > rs->n ? n - rs->n : 0;
	below = pos == POS_FRONT ? 0 : pos == POS_MIDDLE ? need / 2 : need;
	for (k = nr, got = 0; k-- > 0 && got < below; )
		if (!sct_ruleset_find(rs, k) && !sct_ruleset_add_action(rs, k, "", SECCOMP_RET_ALLOW))
			got++;
	for (k = nr + 1; rs->n < n && k < 0x1000; k++)
		if (!sct_ruleset_find(rs, k))
			sct_ruleset_add_action(rs, k, "", SECCOMP_RET_ALLOW);
	/* Zipf weights 1/r over the syscalls in a shuffled order. */
	{
		size_t *perm = malloc(rs->n * sizeof(*perm));

		if (perm) {
			for (i = 0; i < rs->n; i++)
				perm[i] = i;
			shuffle(perm, rs->n, &rng);
			for (i = 0; i < rs->n; i++)
				rs->sys[perm[i]].weight = 1.0 / (i + 1);
			free(perm);
		}
	}
	place_by_weight(rs, nr, pos);
	for (i = 0, *rank = 0; i < rs->n; i++)
		if (rs->sys[i].nr < nr)
			++*rank;
	return rs;
}

/* Add one configuration: rs in layout l, measured syscall nr. */
static void add_layout_cfg(struct suite *s, const char *set, size_t n, enum pos pos, bool cached,
			   enum sct_layout l, const struct sct_ruleset *rs, size_t rank)
{
	char name[64], why[200];
	struct sock_fprog prog;
	struct cfg *c;
	int err;

	snprintf(name, sizeof(name), "%s/%s/%s/%s", set, pos_names[pos], sct_layout_name(l),
		 cached ? "cached" : "uncached");
	c = suite_add(s, cached ? "cached" : "uncached", name, 0);
	json_object_object_add(c->params, "set", json_object_new_string(set));
	json_object_object_add(c->params, "set_size", json_object_new_int64(n));
	json_object_object_add(c->params, "position", json_object_new_string(pos_names[pos]));
	json_object_object_add(c->params, "rank_by_nr", json_object_new_int64(rank));
	json_object_object_add(c->params, "layout", json_object_new_string(sct_layout_name(l)));
	json_object_object_add(c->params, "form", json_object_new_string(cached ? "cached" : "uncached"));
	err = sct_layout_build(l, rs, &prog, why, sizeof(why));
	if (err) {
		snprintf(c->broken_why, sizeof(c->broken_why), "layout does not build: %s", why);
		c->broken = true;
		return;
	}
	c->progs[0] = prog;
	c->owned[0] = prog.filter;
	c->nprogs = 1;
	cfg_simulate(c);
	c->x = c->executed;
	if (c->cacheable != cached) {
		snprintf(c->broken_why, sizeof(c->broken_why), "the simulator says the path is %s",
			 c->cacheable ? "cacheable" : "not cacheable");
		c->broken = true;
	}
}

static void add_layout_set(struct suite *s, const char *set, size_t n, struct sct_ruleset *rs,
			   enum pos pos, bool cached, size_t rank)
{
	int l;

	for (l = 0; l < SCT_LAYOUT_COUNT; l++)
		add_layout_cfg(s, set, n, pos, cached, l, rs, rank);
}

/* Profile rule sets with a realistic call mix; measured syscall placed by weight. */
static struct sct_ruleset *profile_set(const char *file, enum pos pos, bool cached, uint32_t nr,
				       size_t *rank)
{
	struct sct_ruleset *rs = NULL;
	char path[4096], err[300];
	size_t i;

	snprintf(path, sizeof(path), "%s/%s", opt.profiles_dir, file);
	if (sct_profile_load(path, NULL, &rs, NULL, err, sizeof(err))) {
		warn("layouts: %s: %s", path, err);
		return NULL;
	}
	sct_layout_synthetic_mix(rs);
	place_by_weight(rs, nr, pos);
	if (!cached && make_uncached(rs, nr)) {
		warn("layouts: %s: %s is not an unconditional ALLOW there; skipped", path, opt.sysname);
		sct_ruleset_free(rs);
		return NULL;
	}
	for (i = 0, *rank = 0; i < rs->n; i++)
		if (rs->sys[i].nr < nr)
			++*rank;
	return rs;
}

static void suite_layouts(void)
{
	static const size_t full[] = { 8, 32, 128, 400 }, quick[] = { 8, 128 };
	static const char *const profiles[][2] = {
		{ "docker", "docker-default.json" }, { "podman", "podman-default.json" },
	};
	const size_t *ns = opt.quick ? quick : full;
	size_t nn = opt.quick ? 2 : 4, i, p;
	uint32_t nr = (uint32_t)opt.nr;
	struct group_fit g[2];
	struct suite s;
	int pos, cached, l;

	suite_begin(&s, "layouts", "instructions");
	s.budget_scale = 2.0;
	warnings = s.warnings;
	for (i = 0; i < nn; i++) {
		for (pos = POS_FRONT; pos <= POS_END; pos++) {
			for (cached = 0; cached <= 1; cached++) {
				struct sct_ruleset *rs;
				char set[32];
				size_t rank;

				/*
				 * A cached call never runs the filter, so its cost cannot
				 * depend on the layout: the length suite shows that for
				 * any length, the two real profiles show it per layout.
				 * Synthetic sets are timed uncached only, which keeps the
				 * suite at 160 configurations and about 50 rounds each.
				 */
				if (cached)
					continue;
				rs = synthetic_set(ns[i], pos, nr, &rank);
				if (!rs || (!cached && make_uncached(rs, nr))) {
					sct_ruleset_free(rs);
					continue;
				}
				snprintf(set, sizeof(set), "syn%zu", ns[i]);
				add_layout_set(&s, set, ns[i], rs, pos, cached, rank);
				sct_ruleset_free(rs);
			}
		}
	}
	for (p = 0; p < (opt.quick ? 1u : 2u); p++) {
		for (pos = POS_FRONT; pos <= POS_END; pos++) {
			for (cached = 0; cached <= 1; cached++) {
				struct sct_ruleset *rs;
				size_t rank;

				if (cached && pos != POS_END)
					continue;
				rs = profile_set(profiles[p][1], pos, cached, nr, &rank);
				if (!rs)
					continue;
				add_layout_set(&s, profiles[p][0], rs->n, rs, pos, cached, rank);
				sct_ruleset_free(rs);
			}
		}
	}
	run_suite(&s);
	print_header(&s, "rule-set layouts (lib/layout.h): ns per call beside the simulator's "
		     "executed instructions");
	print_cfg_table(&s);
	for (cached = 0; cached <= 1; cached++) {
		const char *group = cached ? "cached" : "uncached";

		fit_group(&s, group, &g[cached]);
		print_fit(group, "insn", &g[cached]);
		record_fit(&s, group, &g[cached]);
	}
	if (length_fit.have && g[0].ok)
		printf("  per-instruction cost: layouts %.4f ns [%.4f, %.4f] against the length suite's "
		       "JEQ chain %.4f ns (ratio %.2f): %s\n", g[0].ts.b, g[0].ts.b_lo, g[0].ts.b_hi,
		       length_fit.b, g[0].ts.b / length_fit.b,
		       length_fit.b >= g[0].ts.b_lo && length_fit.b <= g[0].ts.b_hi ?
		       "consistent" : "not the same cost: layout paths mix loads and taken jumps "
		       "into the not-taken compares the chain measures");
	/* Compact view: uncached Δns (executed instructions) per layout. */
	printf("\n  uncached Δns (executed insns) by layout\n  %-20s", "set/position");
	for (l = 0; l < SCT_LAYOUT_COUNT; l++)
		printf(" %16s", sct_layout_name(l));
	printf("\n");
	for (i = 1; i < s.n; i += SCT_LAYOUT_COUNT) {
		char row[64];

		if (strcmp(s.c[i].group, "uncached"))
			continue;
		snprintf(row, sizeof(row), "%s", s.c[i].name);
		*strrchr(row, '/') = '\0';
		*strrchr(row, '/') = '\0';
		printf("  %-20s", row);
		for (l = 0; l < SCT_LAYOUT_COUNT && i + l < s.n; l++) {
			const struct cfg *c = &s.c[i + l];
			char cell[32];

			if (c->broken || !c->delta.n)
				snprintf(cell, sizeof(cell), "-");
			else
				snprintf(cell, sizeof(cell), "%.1f (%zu)",
					 sct_pseudomedian(c->delta.v, c->delta.n), c->executed);
			printf(" %16s", cell);
		}
		printf("\n");
	}
	for (i = 1; i < s.n; i++) {
		struct cfg *c = &s.c[i];

		if (length_fit.have && !c->broken && !c->cacheable)
			json_object_object_add(c->params, "predicted_delta_ns",
					       sct_json_num(length_fit.a + length_fit.b * c->executed));
	}
	check_cfgs(&s);
	record_cfgs(&s);
	record_suite(&s);
	suite_free(&s);
}

/* launch's profile:PATH:LAYOUT: the profile in that layout, as one filter. */
static int launch_profile(struct cfg *c, const char *spec)
{
	char path[4096], why[300];
	const char *colon = strrchr(spec, ':');
	struct sct_ruleset *rs = NULL;
	struct sock_fprog prog;
	int l, err;

	if (!colon || (size_t)(colon - spec) >= sizeof(path)) {
		fprintf(stderr, "seccomp-bench launch: profile:PATH:LAYOUT expected\n");
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "%.*s", (int)(colon - spec), spec);
	l = sct_layout_from_name(colon + 1);
	if (l < 0) {
		fprintf(stderr, "seccomp-bench launch: unknown layout \"%s\"\n", colon + 1);
		return -EINVAL;
	}
	if (sct_profile_load(path, NULL, &rs, NULL, why, sizeof(why))) {
		fprintf(stderr, "seccomp-bench launch: %s: %s\n", path, why);
		return -EINVAL;
	}
	sct_layout_synthetic_mix(rs);
	err = sct_layout_build(l, rs, &prog, why, sizeof(why));
	sct_ruleset_free(rs);
	if (err) {
		fprintf(stderr, "seccomp-bench launch: %s as %s: %s\n", path, colon + 1, why);
		return err;
	}
	c->progs[0] = prog;
	c->owned[0] = prog.filter;
	c->nprogs = 1;
	return 0;
}

/* ---- hyperfine import ----------------------------------------------------- */

static void import_hyperfine(const char *arg)
{
	const char *eq = strchr(arg, '='), *path = eq ? eq + 1 : arg;
	char label[64] = "workload";
	struct json_object *root, *results;
	size_t i, n;

	if (eq)
		snprintf(label, sizeof(label), "%.*s", (int)(eq - arg), arg);
	root = json_object_from_file(path);
	if (!root || !json_object_object_get_ex(root, "results", &results)) {
		fprintf(stderr, "seccomp-bench: %s: not a hyperfine --export-json file\n", path);
		json_object_put(root);
		return;
	}
	printf("\n== hyperfine (%s): whole-process runs\n", label);
	printf("  %-36s %22s %26s\n", "command", "median ± CI (ms)", "min … max (N runs)");
	n = json_object_array_length(results);
	for (i = 0; i < n; i++) {
		struct json_object *r = json_object_array_get_idx(results, i), *cmd, *times, *b, *p;
		struct dvec ms = { 0 };
		struct sct_summary st;
		char name[160];
		size_t k;

		if (!json_object_object_get_ex(r, "command", &cmd) ||
		    !json_object_object_get_ex(r, "times", &times))
			continue;
		for (k = 0; k < json_object_array_length(times); k++)
			dv_push(&ms, 1e3 * json_object_get_double(json_object_array_get_idx(times, k)));
		sct_summarize(ms.v, ms.n, &st);
		printf("  %-36.36s %12.2f ± %-8.2f %10.2f … %.2f (%zu)\n", json_object_get_string(cmd),
		       st.median, (st.ci_hi - st.ci_lo) / 2, st.min, st.max, st.n);
		snprintf(name, sizeof(name), "hyperfine/%s/%s", label, json_object_get_string(cmd));
		b = sct_result_add_benchmark(record, name, "ms");
		json_object_object_get_ex(b, "params", &p);
		json_object_object_add(p, "suite", json_object_new_string("hyperfine"));
		json_object_object_add(p, "label", json_object_new_string(label));
		json_object_object_add(p, "command", json_object_get(cmd));
		json_object_object_add(b, "samples", sct_json_array(ms.v, ms.n));
		sct_summarize(ms.v, ms.n, &st);
		sct_json_add_summary(b, &st);
		free(ms.v);
	}
	json_object_put(root);
}

/* ---- launch: install a filter, then exec (for whole-process timing) ---------- */

/*
 * seccomp-bench launch --filter SPEC [--no-spec-allow] -- PROGRAM [ARG]...
 * SPEC: none | allow | cached:N | uncached:N | stack:N (N uncacheable
 * 2-instruction filters) | profile:PATH:LAYOUT. The filter applies to
 * PROGRAM and everything it starts.
 */
static int launch_main(int argc, char **argv)
{
	const char *spec = "none";
	struct cfg c;
	int i = 1, k;
	size_t j;

	memset(&c, 0, sizeof(c));
	snprintf(c.name, sizeof(c.name), "launch");
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else if (!strcmp(argv[i], "--filter") && i + 1 < argc) {
			spec = argv[++i];
		} else if (!strncmp(argv[i], "--filter=", 9)) {
			spec = argv[i] + 9;
		} else if (!strcmp(argv[i], "--no-spec-allow")) {
			opt.spec_allow = false;
		} else {
			break;
		}
	}
	if (i >= argc) {
		fprintf(stderr, "Usage: seccomp-bench launch --filter SPEC [--no-spec-allow] -- "
			"PROGRAM [ARG]...\nSPEC: none, allow, cached:N, uncached:N, stack:N, "
			"profile:PATH:LAYOUT\n");
		return 2;
	}
	if (!strcmp(spec, "allow")) {
		k = cfg_push(&c, chain_filter(FORM_CACHED, 1, opt.nr));
	} else if (!strncmp(spec, "cached:", 7) && atoi(spec + 7) >= 1 && atoi(spec + 7) <= 4096) {
		k = cfg_push(&c, chain_filter(FORM_CACHED, atoi(spec + 7), opt.nr));
	} else if (!strncmp(spec, "uncached:", 9) && atoi(spec + 9) >= 2 &&
		   atoi(spec + 9) <= 4096) {
		k = cfg_push(&c, chain_filter(FORM_UNCACHED, atoi(spec + 9), opt.nr));
	} else if (!strncmp(spec, "stack:", 6) && atoi(spec + 6) >= 1 &&
		   atoi(spec + 6) <= MAX_STACK) {
		for (k = 0, j = 0; j < (size_t)atoi(spec + 6) && !k; j++)
			k = cfg_push(&c, two_insn_filter(false));
	} else if (!strcmp(spec, "none")) {
		k = 0;
	} else if (!strncmp(spec, "profile:", 8)) {
		k = launch_profile(&c, spec + 8);
		if (k)
			return 2;
	} else {
		fprintf(stderr, "seccomp-bench launch: unknown filter \"%s\"\n", spec);
		return 2;
	}
	if (k) {
		fprintf(stderr, "seccomp-bench launch: cannot build \"%s\": %s\n", spec, strerror(-k));
		return 2;
	}
	if (c.nprogs && sct_set_nnp()) {
		fprintf(stderr, "seccomp-bench launch: PR_SET_NO_NEW_PRIVS: %s\n", strerror(errno));
		return 1;
	}
	for (j = 0; j < c.nprogs; j++) {
		long err = sct_install(&c.progs[j], opt.spec_allow ? SECCOMP_FILTER_FLAG_SPEC_ALLOW : 0);

		if (err < 0) {
			fprintf(stderr, "seccomp-bench launch: installing filter %zu: %s\n", j,
				strerror((int)-err));
			return 1;
		}
	}
	execvp(argv[i], argv + i);
	fprintf(stderr, "seccomp-bench launch: %s: %s\n", argv[i], strerror(errno));
	return 127;
}

/* ---- agree: do two records agree? (the acceptance check) ------------------ */

struct figure {
	char name[160];
	double v, lo, hi;
	double span;	/* slopes: the x range of the fitted group; else NAN */
};

/* The x range of a fit's group: a slope difference times it is ns. */
static double group_span(struct json_object *arr, const char *suite, const char *group)
{
	double lo = INFINITY, hi = -INFINITY;
	size_t i;

	for (i = 0; i < json_object_array_length(arr); i++) {
		struct json_object *b = json_object_array_get_idx(arr, i), *p, *v;
		double x;

		if (!json_object_object_get_ex(b, "params", &p) || !p ||
		    !json_object_object_get_ex(p, "suite", &v) ||
		    strcmp(json_object_get_string(v), suite) ||
		    !json_object_object_get_ex(p, "group", &v) ||
		    strcmp(json_object_get_string(v), group) ||
		    !json_object_object_get_ex(p, "x", &v) || !v)
			continue;
		x = json_object_get_double(v);
		lo = fmin(lo, x);
		hi = fmax(hi, x);
	}
	return hi >= lo ? hi - lo : NAN;
}

/* The figures two runs should reproduce: fitted slopes, median deltas and
 * kernel-ref estimates, with their 95% intervals. */
static size_t collect_figures(struct json_object *root, struct figure *out, size_t cap)
{
	struct json_object *arr, *b, *d, *fit, *ci, *v;
	size_t i, n = 0;

	if (!json_object_object_get_ex(root, "benchmarks", &arr))
		return 0;
	for (i = 0; i < json_object_array_length(arr) && n < cap; i++) {
		const char *name;
		struct json_object *src = NULL;

		b = json_object_array_get_idx(arr, i);
		if (!json_object_object_get_ex(b, "name", &v))
			continue;
		name = json_object_get_string(v);
		out[n].span = NAN;
		if (strstr(name, "/fit/") && json_object_object_get_ex(b, "fit", &fit) && fit) {
			char suite[64];

			src = fit;
			snprintf(out[n].name, sizeof(out[n].name), "%s slope", name);
			json_object_object_get_ex(fit, "b", &v);
			out[n].v = v ? json_object_get_double(v) : NAN;
			json_object_object_get_ex(fit, "b_ci95", &ci);
			snprintf(suite, sizeof(suite), "%.*s", (int)(strstr(name, "/fit/") - name), name);
			out[n].span = group_span(arr, suite, strstr(name, "/fit/") + 5);
		} else if (json_object_object_get_ex(b, "delta", &d) && d) {
			/* Δ is the pseudo-median (records before it: the median). */
			bool hl = json_object_object_get_ex(d, "pseudomedian", &v);

			src = d;
			snprintf(out[n].name, sizeof(out[n].name), "%s Δ", name);
			if (!hl)
				json_object_object_get_ex(d, "median", &v);
			out[n].v = v ? json_object_get_double(v) : NAN;
			json_object_object_get_ex(d, hl ? "pseudomedian_ci95" : "ci95", &ci);
		} else if (strstr(name, "/estimate/") || strstr(name, "/figure/")) {
			src = b;
			snprintf(out[n].name, sizeof(out[n].name), "%s", name);
			json_object_object_get_ex(b, "median", &v);
			out[n].v = v ? json_object_get_double(v) : NAN;
			json_object_object_get_ex(b, "ci95", &ci);
		}
		if (!src)
			continue;
		out[n].lo = out[n].hi = NAN;
		if (ci && json_object_is_type(ci, json_type_array) && json_object_array_length(ci) == 2) {
			struct json_object *l = json_object_array_get_idx(ci, 0), *h = json_object_array_get_idx(ci, 1);

			out[n].lo = l ? json_object_get_double(l) : NAN;
			out[n].hi = h ? json_object_get_double(h) : NAN;
		}
		n++;
	}
	return n;
}

static int agree_main(int argc, char **argv)
{
	static struct figure fa[2048], fb[2048];
	struct json_object *ra, *rb;
	double tol = 0.05, floor_ns = 1;
	size_t na, nb, i, j, within = 0, small = 0, differ = 0;
	int k;

	for (k = 3; k < argc; k += 2) {
		double *dst = !strcmp(argv[k], "--tolerance") ? &tol :
			      !strcmp(argv[k], "--floor-ns") ? &floor_ns : NULL;

		char *end = NULL;

		if (dst && k + 1 < argc) {
			errno = 0;
			*dst = strtod(argv[k + 1], &end);
		}
		if (!dst || k + 1 >= argc || errno || end == argv[k + 1] || *end || !(*dst >= 0)) {
			argc = 0;
			break;
		}
	}
	if (argc < 3) {
		fprintf(stderr, "seccomp-bench agree: usage: seccomp-bench agree A.json B.json "
			"[--tolerance F] [--floor-ns NS] (see --help)\n");
		return 2;
	}
	ra = json_object_from_file(argv[1]);
	rb = json_object_from_file(argv[2]);
	if (!ra || !rb) {
		fprintf(stderr, "seccomp-bench agree: cannot read %s\n", ra ? argv[2] : argv[1]);
		return 2;
	}
	na = collect_figures(ra, fa, 2048);
	nb = collect_figures(rb, fb, 2048);
	printf("%-56s %12s %12s %8s  %s\n", "figure", "A", "B", "diff", "verdict");
	for (i = 0; i < na; i++) {
		for (j = 0; j < nb && strcmp(fa[i].name, fb[j].name); j++)
			;
		if (j == nb)
			continue;
		{
			double a = fa[i].v, b = fb[j].v, d = fabs(a - b);
			double rel = d / fmax(fabs(a), fabs(b));
			double hw = (fa[i].hi - fa[i].lo) / 2 + (fb[j].hi - fb[j].lo) / 2;
			/* A slope's difference in ns: over the whole fitted range. */
			double d_ns = isnan(fa[i].span) ? d : d * fmax(fa[i].span, fb[j].span);
			char verdict[64];

			if (rel <= tol || (a == b)) {
				snprintf(verdict, sizeof(verdict), "within %g%%", 100 * tol);
				within++;
			} else if (d_ns <= floor_ns) {
				snprintf(verdict, sizeof(verdict), isnan(fa[i].span) ?
					 "within %g ns" : "within %g ns over the range", floor_ns);
				small++;
			} else {
				snprintf(verdict, sizeof(verdict), "DIFFERS%s",
					 d <= hw ? " (95% intervals overlap)" : "");
				differ++;
			}
			printf("%-56.56s %12.4f %12.4f %7.1f%%  %s\n", fa[i].name, a, b, 100 * rel, verdict);
		}
	}
	printf("\n%zu figures: %zu within %g%%, %zu more within %g ns (small figures), "
	       "%zu differ\n", within + small + differ, within, 100 * tol, small, floor_ns, differ);
	json_object_put(ra);
	json_object_put(rb);
	return differ ? 1 : 0;
}

/* ---- main ---------------------------------------------------------------- */

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
"  --no-write          do not write a record\n"
"  --progress          progress on stderr even when it is not a terminal\n"
"  -h, --help\n"
"launch installs a filter (none, allow, cached:N, uncached:N, stack:N,\n"
"profile:PATH:LAYOUT) and execs PROGRAM, for whole-process timing.\n"
"agree compares every fitted slope, Δ (pseudo-median) and kernel-ref estimate\n"
"of two records: each must be within F of the larger (default 0.05) or, for\n"
"small figures, within NS ns (default 1, the intervals' target; a slope's\n"
"difference counts over its fitted range); otherwise DIFFERS and exit 1.\n"
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

static void pin_parent(void)
{
	cpu_set_t set, mine;
	int i;

	/* Keep the parent's polling off the measuring CPU when there is another. */
	if (sched_getaffinity(0, sizeof(mine), &mine))
		return;
	CPU_ZERO(&set);
	for (i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &mine) && i != opt.cpu)
			CPU_SET(i, &set);
	if (CPU_COUNT(&set) && !sched_setaffinity(0, sizeof(set), &set))
		opt.parent_cpu = 1;
}

static int parse_double(const char *s, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	return errno || end == s || *end || !(*v > 0) ? -1 : 0;
}

/* A gate's tolerance: a positive number, or 0 to turn the gate off. */
static int parse_tol(const char *s, double *v)
{
	if (!strcmp(s, "0")) {
		*v = 0;
		return 0;
	}
	return parse_double(s, v);
}

int main(int argc, char **argv)
{
	enum { O_CPU = 256, O_SYSCALL, O_SAMPLE, O_MINR, O_MAXR, O_BUDGET, O_TNS, O_TREL, O_CLOCK,
	       O_NOSPEC, O_QUICK, O_QUIET, O_SPEED, O_PROFILES, O_HF, O_KB, O_KBS, O_RESULTS, O_JSON, O_NOWRITE,
	       O_PROGRESS };
	static const struct option lo[] = {
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
		{ "no-write", no_argument, 0, O_NOWRITE },
		{ "progress", no_argument, 0, O_PROGRESS },
		{ "help", no_argument, 0, 'h' },
		{ 0 }
	};
	bool want[4] = { false }, any = false, broken = false;
	static const char *const suite_names[4] = { "length", "stack", "kernel-ref", "layouts" };
	struct sct_env_opts eo;
	double v;
	int o, i;

	if (argc > 1 && !strcmp(argv[1], "launch"))
		return launch_main(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "agree"))
		return agree_main(argc - 1, argv + 1);
	opt.progress = isatty(2);
	while ((o = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (o) {
		case O_CPU: {
			char *end;

			errno = 0;
			opt.cpu = (int)strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || opt.cpu < 0)
				goto bad;
			break;
		}
		case O_SYSCALL:
			for (i = 0; i < (int)(sizeof(measured_syscalls) / sizeof(measured_syscalls[0])); i++)
				if (!strcmp(optarg, measured_syscalls[i].name))
					break;
			if (i == (int)(sizeof(measured_syscalls) / sizeof(measured_syscalls[0]))) {
				fprintf(stderr, "seccomp-bench: --syscall: unknown or unsupported \"%s\"\n",
					optarg);
				return 2;
			}
			opt.sysname = measured_syscalls[i].name;
			opt.nr = measured_syscalls[i].nr;
			break;
		case O_SAMPLE:
			if (parse_double(optarg, &opt.sample_ms))
				goto bad;
			break;
		case O_MINR:
			if (parse_double(optarg, &v))
				goto bad;
			opt.min_rounds = (unsigned int)v;
			break;
		case O_MAXR:
			if (parse_double(optarg, &v))
				goto bad;
			opt.max_rounds = (unsigned int)v;
			break;
		case O_BUDGET:
			if (parse_double(optarg, &opt.budget_s))
				goto bad;
			break;
		case O_TNS:
			if (parse_double(optarg, &opt.target_ns))
				goto bad;
			break;
		case O_TREL:
			if (parse_double(optarg, &opt.target_rel))
				goto bad;
			break;
		case O_CLOCK:
			if (!strcmp(optarg, "cpu")) {
				opt.clock = CLOCK_PROCESS_CPUTIME_ID;
				opt.clock_name = "CLOCK_PROCESS_CPUTIME_ID";
			} else if (!strcmp(optarg, "mono")) {
				opt.clock = CLOCK_MONOTONIC;
				opt.clock_name = "CLOCK_MONOTONIC";
			} else {
				goto bad;
			}
			break;
		case O_NOSPEC:
			opt.spec_allow = false;
			break;
		case O_QUICK:
			opt.quick = true;
			break;
		case O_QUIET:
			if (parse_tol(optarg, &opt.quiet_tol))
				goto bad;
			break;
		case O_SPEED:
			if (parse_tol(optarg, &opt.speed_tol))
				goto bad;
			break;
		case O_PROFILES:
			opt.profiles_dir = optarg;
			break;
		case O_HF:
			if (opt.nhyperfine == 16)
				goto bad;
			opt.hyperfine[opt.nhyperfine++] = optarg;
			break;
		case O_KB:
			opt.kbench_file = optarg;
			break;
		case O_KBS:
			if (parse_double(optarg, &opt.kbench_seconds))
				goto bad;
			break;
		case O_RESULTS:
			opt.out_root = optarg;
			break;
		case O_JSON:
			opt.json_path = optarg;
			break;
		case O_NOWRITE:
			opt.write = false;
			break;
		case O_PROGRESS:
			opt.progress = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			goto bad;
		}
	}
	for (; optind < argc; optind++) {
		bool found = false;

		for (i = 0; i < 4; i++)
			if (!strcmp(argv[optind], suite_names[i]) || !strcmp(argv[optind], "all")) {
				want[i] = true;
				found = true;
			}
		if (!found) {
			fprintf(stderr, "seccomp-bench: unknown suite \"%s\" (length, stack, "
				"kernel-ref, layouts, all)\n", argv[optind]);
			return 2;
		}
		any = true;
	}
	if (!any && !opt.nhyperfine)
		for (i = 0; i < 4; i++)
			want[i] = true;
	if (opt.quick) {
		opt.min_rounds = opt.min_rounds < 15 ? opt.min_rounds : 8;
		opt.budget_s = opt.budget_s < 20 ? opt.budget_s : 20;
	}
	if (opt.cpu < 0)
		opt.cpu = default_cpu();
	{
		cpu_set_t set;

		if (sched_getaffinity(0, sizeof(set), &set) || opt.cpu >= CPU_SETSIZE ||
		    !CPU_ISSET(opt.cpu, &set)) {
			fprintf(stderr, "seccomp-bench: --cpu %d: not a CPU this process may use\n",
				opt.cpu);
			return 2;
		}
	}
	pin_parent();
	setvbuf(stdout, NULL, _IOLBF, 0);

	eo.pinned_cpu = opt.cpu;
	eo.spec_allow = opt.spec_allow;
	eo.clock = opt.clock_name;
	record = sct_result_new("bench", sct_env_context(&eo));
	if (!record)
		return 1;
	suites_json = json_object_new_object();
	json_object_object_add(sct_result_root(record), "suites", suites_json);
	{
		struct sct_virt virt;

		sct_env_virt(&virt);
		printf("seccomp-bench: %s, CPU %d, %s; machine: %s (%s)\n", opt.sysname, opt.cpu,
		       opt.clock_name, virt.kind, virt.evidence);
		if (!strcmp(virt.kind, "emulated"))
			printf("WARNING: this CPU is emulated (TCG): ns figures describe the emulator, "
			       "not hardware; use them only for relative comparisons\n");
	}

	if (want[0])
		suite_length();
	if (want[1])
		suite_stack();
	if (want[2])
		suite_kernel_ref();
	if (want[3])
		suite_layouts();
	warnings = json_object_new_array();
	for (i = 0; i < (int)opt.nhyperfine; i++)
		import_hyperfine(opt.hyperfine[i]);
	json_object_put(warnings);

	/* A configuration that broke makes the run a failure (exit 1). */
	{
		struct json_object *arr;

		json_object_object_get_ex(sct_result_root(record), "benchmarks", &arr);
		for (i = 0; i < (int)json_object_array_length(arr); i++) {
			struct json_object *b = json_object_array_get_idx(arr, i), *br;

			if (json_object_object_get_ex(b, "broken", &br) && br)
				broken = true;
		}
	}
	if (opt.write || opt.json_path) {
		char path[4200];
		int err;

		if (opt.json_path) {
			snprintf(path, sizeof(path), "%s", opt.json_path);
			err = sct_json_write_atomic(sct_result_root(record), path);
		} else {
			err = sct_result_write(record, opt.out_root, path, sizeof(path));
		}
		if (err) {
			fprintf(stderr, "seccomp-bench: writing the record %s: %s\n", path, strerror(-err));
			sct_result_free(record);
			return 1;
		}
		printf("\nrecord: %s\n", path);
	}
	sct_result_free(record);
	return broken ? 1 : 0;
bad:
	fprintf(stderr, "seccomp-bench: bad value for an option (see --help)\n");
	return 2;
}
