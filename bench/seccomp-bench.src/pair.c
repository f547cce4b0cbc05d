// SPDX-License-Identifier: GPL-2.0-only
/*
 * seccomp-bench's measuring children: one paired sample of a configuration
 * against the no-filter baseline, and the calibration of its loop length.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "child.h"
#include "install.h"

#include "bench.h"

#define PAIR_TIMEOUT_MS	30000	/* a pair takes ~sample_ms; this only catches a hung child */
#define GUESS_CALLS	100	/* first calibration pass: short even for a 4096-insn path */
#define MIN_CALLS	50	/* a turn is never shorter: the clock reads must not matter */
#define MAX_CALLS	5000000	/* nor longer, whatever a broken first pass measured */

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
/* What a measuring pair's child reports. */
struct pair_report {
	long wall_ppm;		/* busy share of the wall time, parts per million */
	long bad;		/* calls that returned something unexpected */
};

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
 * tolerance; but it feels host contention less than syscalls do, so it
 * complements the baseline gate rather than replacing it.
 */
static long long speed_probe(void)
{
	struct timespec t0, t1;
	uint64_t x = 1;
	long i;

	/*
	 * CLOCK_MONOTONIC, read in the vDSO: a CPU-time clock is a system call,
	 * which on side B runs the filter under test and would slow the probe
	 * by the filter's cost. The probe is ~10 µs, so wall time is its CPU
	 * time.
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
	clockid_t clock;	/* the turns' clock (--clock) */
	bool spec_allow;
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
static long long timed_turn(clockid_t clk, long nr, long iters, long expect, long *bad, long long *busy,
			    long long *speed)
{
	struct timespec w0, c0, c1;
	long i, r;

	clock_gettime(clk, &w0);
	for (i = 0; i < iters / 8 + 1; i++)
		MEASURED_CALL(nr);
	clock_gettime(clk, &c0);
	for (i = 0; i < iters; i++) {
		r = MEASURED_CALL(nr);
		*bad += r != expect;
	}
	clock_gettime(clk, &c1);
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
				       pa->spec_allow ? SECCOMP_FILTER_FLAG_SPEC_ALLOW : 0);

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
		tu->b[j] = timed_turn(pa->clock, c->nr, pa->iters, expect, &bad, &tu->b_busy, &tu->b_speed[j]);
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
		tu->a[j] = timed_turn(pa->clock, pa->base->nr, pa->base_iters, expect, &bad, &a_busy,
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
	SCT_REPORT(rep, struct pair_report)->wall_ppm = a_busy + tu->b_busy > 0 ?
			       llround(1e6 * tu->b_wall / (a_busy + tu->b_busy)) : 0;
	SCT_REPORT(rep, struct pair_report)->bad = bad + tu->b_bad;
	return 0;
}


/*
 * Keep the turns whose baseline is within base_gate and whose filtered side
 * is within own_gate (both ns per call) and take their medians; A's turn j
 * and B's turn j ran next to each other, well within one of the host's
 * levels. NAN medians when no turn passes.
 */
void reduce_turns(struct sample *sp, double base_gate, double own_gate)
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

/*
 * One paired sample, every turn kept (reduce_turns gates it again); marks c
 * broken and returns -1 on failure.
 */
int take_pair(struct bench_run *r, const struct cfg *base, struct cfg *c, bool b_first,
	      struct sample *out)
{
	struct pair_arg pa = { .base = base, .c = c, .base_iters = base->iters,
			       .iters = c->iters, .cpu = r->opt.cpu, .clock = r->opt.clock,
			       .spec_allow = r->opt.spec_allow, .b_first = b_first };
	double sp[2 * SUBSAMPLES];
	struct turns *turns_page;
	struct sct_outcome o;
	int err, j;

	if (!r->turns_page) {
		turns_page = mmap(NULL, sizeof(*turns_page), PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (turns_page == MAP_FAILED) {
			snprintf(c->broken_why, sizeof(c->broken_why), "mmap: %s", strerror(errno));
			c->broken = true;
			return -1;
		}
		r->turns_page = turns_page;
	}
	turns_page = pa.tu = r->turns_page;

	err = sct_run_child(pair_child, &pa, PAIR_TIMEOUT_MS, &o);
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
	const struct pair_report *pr = SCT_REPORT(&o.rep, struct pair_report);

	if (pr->bad) {
		snprintf(c->broken_why, sizeof(c->broken_why),
			 "%ld calls returned something unexpected", pr->bad);
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
	out->wall_ratio = pr->wall_ppm ? pr->wall_ppm / 1e6 : NAN;
	reduce_turns(out, INFINITY, INFINITY);
	return 0;
}

/* Calls per turn so a turn lasts about opt.sample_ms / SUBSAMPLES: two
 * passes against the baseline (the first from a small guess). */
static long calls_per_turn(const struct bench_run *r, double ns_per_call)
{
	double n = r->opt.sample_ms * 1e6 / SUBSAMPLES / (ns_per_call > 1 ? ns_per_call : 1);

	return n < MIN_CALLS ? MIN_CALLS : n > MAX_CALLS ? MAX_CALLS : (long)n;
}

void calibrate(struct bench_run *r, struct cfg *base, struct cfg *c)
{
	struct sample s;
	int pass;

	if (!base->iters)
		base->iters = GUESS_CALLS;
	c->iters = GUESS_CALLS;
	for (pass = 0; pass < 2; pass++) {
		if (take_pair(r, base, c, false, &s))
			return;
		dv_push(&r->speed_all, s.speed_ns);
		c->iters = calls_per_turn(r, s.ns);
		base->iters = calls_per_turn(r, s.base_ns);
	}
}