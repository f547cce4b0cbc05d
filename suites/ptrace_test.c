// SPDX-License-Identifier: GPL-2.0-only
/*
 * ptrace_test - seccomp with a tracer: SECCOMP_RET_TRACE and
 * PTRACE_EVENT_SECCOMP (event message, skipping and redirecting the call,
 * the re-check of the rewritten call), PTRACE_SECCOMP_GET_FILTER and
 * GET_METADATA, and PTRACE_O_SUSPEND_SECCOMP.
 *
 * Each case runs a tracer in a fresh child (sct_run_child); the tracer
 * forks the tracee, which does PTRACE_TRACEME and stops, and drives it with
 * bounded waits. Both write what they saw to the shared report.
 *
 * Kernel: kernel/seccomp.c (__seccomp_filter: SECCOMP_RET_TRACE and the
 * re-check since 4.8, 93e35efb8de4; seccomp_get_filter, get_nth_filter,
 * seccomp_get_metadata) and kernel/ptrace.c (ptrace_setoptions).
 */
#include <signal.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <linux/ptrace.h>

#include "notif.h"
#include "suite.h"

#ifndef PTRACE_O_SUSPEND_SECCOMP
#define PTRACE_O_SUSPEND_SECCOMP (1 << 21)
#endif

#define WAIT_MS SCT_NOTIF_WAIT_MS

/* What every experiment here reports: the tracee writes done and
 * rep->ret/err, the tracer the rest; each test's report embeds it. */
struct ptrace_report {
	long done;
	long tracee;
	long tracer;
	long setopt;
	long end;
	long end_value;
};
enum end_how { END_NONE, END_EXITED, END_SIGNALED, END_TIMED_OUT };

/* ---- registers: skipping and redirecting a syscall ------------------------------ */

/* The call the kernel will run (-1: none) and, when skipped, its result
 * (arch/arch.h: the syscall registers of the stopped tracee). */
static int set_syscall(pid_t pid, long nr, long ret)
{
	struct sct_arch_sysregs r;
	int err = sct_arch_get_sysregs(pid, &r);

	if (err)
		return err;
	r.nr = nr;
	if (nr == -1)
		r.ret = ret;
	return sct_arch_set_sysregs(pid, &r);
}

/* ---- capabilities ---------------------------------------------------------------- */

/* Clear cap from this process's effective and permitted sets. */
static int drop_cap(int cap)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	if (syscall(__NR_capget, &hdr, data))
		return -errno;
	data[cap / 32].effective &= ~(1U << (cap % 32));
	data[cap / 32].permitted &= ~(1U << (cap % 32));
	return syscall(__NR_capset, &hdr, data) ? -errno : 0;
}

/* ---- the tracer ------------------------------------------------------------------- */

typedef void (*stop_fn)(pid_t pid, struct sct_report *rep, const void *arg);

struct tracer {
	sct_child_fn body;		/* the tracee, after TRACEME and a SIGSTOP */
	const void *arg;		/* for body and the stop handlers */
	long options;			/* PTRACE_SETOPTIONS at the first stop */
	stop_fn on_seccomp;		/* at each PTRACE_EVENT_SECCOMP stop */
	stop_fn on_sigstop;		/* at a later SIGSTOP of the tracee */
	bool drop_sys_admin;		/* the tracer drops CAP_SYS_ADMIN first */
	bool tracer_filtered;		/* the tracer runs under a filter itself */
};

/* Let the tracee go on; a signal other than SIGSTOP is delivered. */
static void resume(pid_t pid, int sig)
{
	ptrace(PTRACE_CONT, pid, NULL, (void *)(long)(sig == SIGSTOP ? 0 : sig));
}

static void record_end(struct sct_report *rep, int ret, int status)
{
	struct ptrace_report *res = SCT_REPORT(rep, struct ptrace_report);
	if (ret) {
		res->end = END_TIMED_OUT;
	} else if (WIFEXITED(status)) {
		res->end = END_EXITED;
		res->end_value = WEXITSTATUS(status);
	} else {
		res->end = END_SIGNALED;
		res->end_value = WTERMSIG(status);
	}
}

static int tracer_main(struct sct_report *rep, void *p)
{
	struct ptrace_report *res = SCT_REPORT(rep, struct ptrace_report);
	const struct tracer *t = p;
	int status, ret;
	pid_t pid;

	if (t->drop_sys_admin && drop_cap(CAP_SYS_ADMIN))
		return sct_report_broken(rep, "drop CAP_SYS_ADMIN");
	if (t->tracer_filtered) {
		struct sct_filter *f = sct_filter_ret(SECCOMP_RET_ALLOW);
		long r = sct_install_filter(f, 0);

		sct_filter_free(f);
		if (r) {
			errno = (int)-r;
			return sct_report_broken(rep, "install a filter in the tracer");
		}
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return sct_report_broken(rep, "fork the tracee");
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
			_exit(sct_report_broken(rep, "PTRACE_TRACEME"));
		raise(SIGSTOP);
		_exit(t->body(rep, (void *)t->arg));
	}
	res->tracee = pid;
	res->tracer = getpid();
	ret = sct_waitpid_timeout(pid, &status, WAIT_MS);
	if (ret || !WIFSTOPPED(status) || WSTOPSIG(status) != SIGSTOP)
		return sct_report_broken(rep, "the tracee's first stop");
	res->setopt = ptrace(PTRACE_SETOPTIONS, pid, NULL,
				    (void *)(t->options | PTRACE_O_EXITKILL)) ? -errno : 0;
	if (res->setopt) {
		kill(pid, SIGKILL);
		sct_waitpid_timeout(pid, &status, WAIT_MS);
		return 0;
	}
	resume(pid, 0);
	for (;;) {
		ret = sct_waitpid_timeout(pid, &status, WAIT_MS);
		if (ret || !WIFSTOPPED(status))
			break;
		if (status >> 8 == (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8))) {
			if (t->on_seccomp)
				t->on_seccomp(pid, rep, t->arg);
			resume(pid, 0);
		} else if (WSTOPSIG(status) == SIGSTOP && t->on_sigstop) {
			t->on_sigstop(pid, rep, t->arg);
			resume(pid, 0);
		} else {
			resume(pid, WSTOPSIG(status));
		}
	}
	record_end(rep, ret, status);
	if (ret) {
		kill(pid, SIGKILL);
		sct_waitpid_timeout(pid, &status, WAIT_MS);
	}
	return 0;
}

/* Run the tracer; it must end normally. */
#define RUN_TRACER(t, out) do {						\
	ASSERT_EQ(0, sct_run_child(tracer_main, (void *)&(t), 0, &(out))); \
	ASSERT_EXITED(out, 0);						\
} while (0)

#define EXPECT_RESULT SCT_EXPECT_RESULT

static const char *end_str(const struct sct_outcome *out, char *buf, size_t len)
{
	const struct sct_report *r = &out->rep;

	switch (SCT_REPORT(r, struct ptrace_report)->end) {
	case END_EXITED:
		if (!SCT_REPORT(r, struct ptrace_report)->done)
			snprintf(buf, len, "tracee exited %ld before its call returned",
				 SCT_REPORT(r, struct ptrace_report)->end_value);
		else if (r->ret == -1)
			snprintf(buf, len, "tracee's call failed with %s",
				 strerrorname_np(r->err) ?: "?");
		else
			snprintf(buf, len, "tracee's call returned %ld", r->ret);
		break;
	case END_SIGNALED:
		snprintf(buf, len, "tracee killed by SIG%s",
			 sigabbrev_np((int)SCT_REPORT(r, struct ptrace_report)->end_value) ?: "?");
		break;
	case END_TIMED_OUT:
		snprintf(buf, len, "tracee did not stop or end within %d ms", WAIT_MS);
		break;
	default:
		snprintf(buf, len, "tracee never ran");
	}
	return buf;
}

/* How the tracee's call ended: RAN value, ERRNO value, PROCESS_KILLED sig. */
#define EXPECT_TRACEE(out, seen, value) EXPECT_TRACEE_GUARDING(out, seen, value, NULL)
/* ... for a case guarding a kernel fix: names the commit when it fails. */
#define EXPECT_TRACEE_GUARDING(out, seen, value, guards) do {		\
	const struct sct_report *_r = &(out).rep;			\
	char _e[96];							\
	bool _ok;							\
	if ((seen) == SCT_SEEN_PROCESS_KILLED)				\
		_ok = SCT_REPORT(_r, struct ptrace_report)->end == END_SIGNALED && SCT_REPORT(_r, struct ptrace_report)->end_value == (value); \
	else								\
		_ok = SCT_REPORT(_r, struct ptrace_report)->end == END_EXITED && SCT_REPORT(_r, struct ptrace_report)->done &&	\
		      ((seen) == SCT_SEEN_RAN ? _r->ret == (value) :	\
		       _r->ret == -1 && _r->err == (value));		\
	EXPECT_TRUE(_ok) {						\
		TH_LOG("expected %s %ld; %s", sct_seen_name(seen), (long)(value), \
		       end_str(&(out), _e, sizeof(_e)));		\
		if (guards)						\
			TH_LOG("this case guards kernel commit %s", (const char *)(guards)); \
	}								\
} while (0)

/* The tracee's one call, recorded for the tracer's report. */
static int call_and_record(struct sct_report *rep, long nr)
{
	long ret = syscall(nr);

	rep->err = ret == -1 ? errno : 0;
	rep->ret = ret;
	SCT_REPORT(rep, struct ptrace_report)->done = 1;
	return 0;
}

/* ---- SECCOMP_RET_TRACE ------------------------------------------------------------- */

#define TRACED_NR __NR_getppid
#define DENIED_NR __NR_getpgid		/* ERRNO(EXDEV); every arch has it (not getpgrp) */
#define KILLED_NR __NR_getsid		/* KILL_PROCESS */

/* getppid: TRACE | data; getpgid: ERRNO(EXDEV); getsid: KILL_PROCESS. */
static struct sct_filter *trace_filter(uint16_t data)
{
	struct sct_filter *f = sct_filter_new();
	sct_label trace = sct_label_new(f), deny = sct_label_new(f), kill = sct_label_new(f);

	sct_check_arch(f, sct_arch_native()->audit_arch, SECCOMP_RET_KILL_PROCESS);
	sct_ld_nr(f);
	sct_jeq(f, TRACED_NR, trace, SCT_NEXT);
	sct_jeq(f, DENIED_NR, deny, SCT_NEXT);
	sct_jeq(f, KILLED_NR, kill, SCT_NEXT);
	sct_ret(f, SECCOMP_RET_ALLOW);
	sct_label_here(f, trace);
	sct_ret(f, SECCOMP_RET_TRACE | data);
	sct_label_here(f, deny);
	sct_ret(f, SECCOMP_RET_ERRNO | EXDEV);
	sct_label_here(f, kill);
	sct_ret(f, SECCOMP_RET_KILL_PROCESS);
	return f;
}

/*
 * At PTRACE_EVENT_SECCOMP the event message is the filter's data. The
 * tracer may skip the call (syscall -1, result in the return register) or
 * change it; since 4.8 the changed call goes through the filters again
 * (a second TRACE then allows), so a redirect cannot escape ERRNO or KILL.
 * With a tracer that did not ask for PTRACE_O_TRACESECCOMP, TRACE is ENOSYS.
 */
enum tracer_act { LEAVE, SKIP_CALL, REDIRECT };
FIXTURE(trace) {};
FIXTURE_VARIANT(trace) {
	uint16_t data;
	bool tracesecomp;		/* the tracer sets PTRACE_O_TRACESECCOMP */
	enum tracer_act act;
	long arg;			/* REDIRECT: the new nr; SKIP_CALL: the result */
	int events;			/* PTRACE_EVENT_SECCOMP stops expected */
	enum sct_seen seen;		/* the tracee's call: RAN / ERRNO / PROCESS_KILLED */
	long value;			/* PARENT / SELF: the tracer's / tracee's pid */
	const char *guards;		/* kernel fix this row guards, or NULL */
};
#define PARENT (-7001L)
#define SELF (-7002L)
FIXTURE_VARIANT_ADD(trace, event_msg_data_0) {
	.tracesecomp = true, .act = LEAVE, .events = 1, .seen = SCT_SEEN_RAN, .value = PARENT };
FIXTURE_VARIANT_ADD(trace, event_msg_data_0x1234) {
	.data = 0x1234, .tracesecomp = true, .act = LEAVE, .events = 1, .seen = SCT_SEEN_RAN,
	.value = PARENT };
FIXTURE_VARIANT_ADD(trace, event_msg_data_0xffff) {
	.data = 0xffff, .tracesecomp = true, .act = LEAVE, .events = 1, .seen = SCT_SEEN_RAN,
	.value = PARENT };
FIXTURE_VARIANT_ADD(trace, no_tracesecomp_option_enosys) {
	.data = 0x77, .act = LEAVE, .seen = SCT_SEEN_ERRNO, .value = ENOSYS };
FIXTURE_VARIANT_ADD(trace, skip_with_value) {
	.data = 1, .tracesecomp = true, .act = SKIP_CALL, .arg = 4242, .events = 1,
	.seen = SCT_SEEN_RAN, .value = 4242 };
FIXTURE_VARIANT_ADD(trace, skip_with_error) {
	.data = 2, .tracesecomp = true, .act = SKIP_CALL, .arg = -ENOTTY, .events = 1,
	.seen = SCT_SEEN_ERRNO, .value = ENOTTY };
FIXTURE_VARIANT_ADD(trace, redirect_to_allowed_getpid) {
	.data = 3, .tracesecomp = true, .act = REDIRECT, .arg = __NR_getpid, .events = 1,
	.seen = SCT_SEEN_RAN, .value = SELF };
FIXTURE_VARIANT_ADD(trace, redirect_to_traced_call_no_second_event) {
	.data = 4, .tracesecomp = true, .act = REDIRECT, .arg = TRACED_NR, .events = 1,
	.seen = SCT_SEEN_RAN, .value = PARENT };
#define RECHECK_FIX "93e35efb8de4 (x86/ptrace: run seccomp after ptrace, Linux 4.8)"
FIXTURE_VARIANT_ADD(trace, redirect_rechecked_errno) {
	.data = 5, .tracesecomp = true, .act = REDIRECT, .arg = DENIED_NR, .events = 1,
	.seen = SCT_SEEN_ERRNO, .value = EXDEV, .guards = RECHECK_FIX };
FIXTURE_VARIANT_ADD(trace, redirect_rechecked_kill_process) {
	.data = 6, .tracesecomp = true, .act = REDIRECT, .arg = KILLED_NR, .events = 1,
	.seen = SCT_SEEN_PROCESS_KILLED, .value = SIGSYS, .guards = RECHECK_FIX };
FIXTURE_SETUP(trace) {}
FIXTURE_TEARDOWN(trace) {}

struct ptrace_tr_report {
	struct ptrace_report base;	/* the results its file shares */
	long events;
	long msg;
	long set;
};

struct trace_ctx {
	const FIXTURE_VARIANT(trace) *v;
	struct sock_fprog prog;
};

static int trace_body(struct sct_report *rep, void *arg)
{
	const struct trace_ctx *c = arg;
	long ret;

	if (sct_set_nnp() || (ret = sct_install(&c->prog, 0)) < 0)
		return sct_report_broken(rep, "tracee: install the filter");
	return call_and_record(rep, TRACED_NR);
}

static void trace_on_seccomp(pid_t pid, struct sct_report *rep, const void *arg)
{
	struct ptrace_tr_report *res = SCT_REPORT(rep, struct ptrace_tr_report);
	const struct trace_ctx *c = arg;
	unsigned long msg = 0;

	if (res->events++)
		return;			/* report the first event only */
	res->msg = ptrace(PTRACE_GETEVENTMSG, pid, NULL, &msg) ? -errno : (long)msg;
	if (c->v->act == SKIP_CALL)
		res->set = set_syscall(pid, -1, c->v->arg);
	else if (c->v->act == REDIRECT)
		res->set = set_syscall(pid, c->v->arg, 0);
}

TEST_F(trace, tracer_sees_event)
{
	struct trace_ctx c = { .v = variant };
	struct tracer t = {
		.body = trace_body, .arg = &c, .on_seccomp = trace_on_seccomp,
		.options = variant->tracesecomp ? PTRACE_O_TRACESECCOMP : 0,
	};
	struct sct_filter *f = trace_filter(variant->data);
	struct sct_outcome out;
	const struct ptrace_report *res = SCT_REPORT(&out.rep, struct ptrace_report);
	long want = variant->value;

	ASSERT_EQ(0, sct_filter_build(f, &c.prog)) TH_LOG("%s", sct_filter_error(f));
	RUN_TRACER(t, out);
	ASSERT_EQ(0, res->setopt) TH_LOG("PTRACE_SETOPTIONS failed");
	EXPECT_EQ(variant->events, SCT_REPORT(&out.rep, struct ptrace_tr_report)->events) TH_LOG("PTRACE_EVENT_SECCOMP stops");
	if (variant->events) {
		EXPECT_RESULT(variant->data, SCT_REPORT(&out.rep, struct ptrace_tr_report)->msg, "PTRACE_GETEVENTMSG");
		EXPECT_RESULT(0, SCT_REPORT(&out.rep, struct ptrace_tr_report)->set, "rewriting the syscall registers");
	}
	if (want == PARENT)
		want = res->tracer;
	if (want == SELF)
		want = res->tracee;
	EXPECT_TRACEE_GUARDING(out, variant->seen, want, variant->guards);
	sct_filter_free(f);
}

/* ---- PTRACE_SECCOMP_GET_FILTER / GET_METADATA --------------------------------------- */

#define MAX_INSPECT 4

/* The tracee installs these filters, oldest first, then stops. */
struct inspect_plan {
	size_t n;
	struct sock_fprog progs[MAX_INSPECT];
	unsigned long flags[MAX_INSPECT];
	enum { ASK_FILTER, ASK_METADATA } ask;
	unsigned long md_size;		/* GET_METADATA size; 0: the struct's */
};

static int inspect_body(struct sct_report *rep, void *arg)
{
	const struct inspect_plan *p = arg;

	if (sct_set_nnp())
		return sct_report_broken(rep, "tracee: no_new_privs");
	for (size_t i = 0; i < p->n; i++) {
		long ret = sct_install(&p->progs[i], p->flags[i]);

		if (ret < 0) {
			errno = (int)-ret;
			return sct_report_broken(rep, "tracee: install a filter");
		}
	}
	raise(SIGSTOP);		/* the tracer looks now */
	SCT_REPORT(rep, struct ptrace_report)->done = 1;
	return 0;
}

/* GET_FILTER results: the count (NULL buffer), the first instruction that
 * differs (-1: none; the length on a count mismatch) per filter, and the
 * result one past the last. */
struct ptrace_gf_report {
	struct ptrace_report base;	/* the results its file shares */
	long count[MAX_INSPECT];	/* GET_FILTER(NULL) of filter i */
	long diff[MAX_INSPECT];		/* first differing insn, -1: none */
	long past;			/* GET_FILTER one past the last */
};

static void get_filter_on_stop(pid_t pid, struct sct_report *rep, const void *arg)
{
	struct ptrace_gf_report *res = SCT_REPORT(rep, struct ptrace_gf_report);
	const struct inspect_plan *p = arg;
	/* where the kernel copies each filter back: a buffer, not a filter */
	const size_t size = SCT_MAX_INSNS * sizeof(struct sock_filter);
	struct sock_filter *buf = malloc(size);

	if (!buf) {
		sct_report_broken(rep, "malloc the GET_FILTER buffer");
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		const struct sock_fprog *prog = &p->progs[i];
		const struct sock_filter *want = prog->filter;
		long n = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)i, NULL);

		res->count[i] = n < 0 ? -errno : n;
		res->diff[i] = -1;
		memset(buf, 0xa5, size);
		n = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)i, buf);
		if (n != p->progs[i].len) {
			res->diff[i] = n < 0 ? -errno : n;
			continue;
		}
		for (long k = 0; k < n; k++) {
			if (buf[k].code != want[k].code || buf[k].jt != want[k].jt ||
			    buf[k].jf != want[k].jf || buf[k].k != want[k].k) {
				res->diff[i] = k;
				break;
			}
		}
	}
	res->past = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)p->n, NULL) < 0 ?
			    -errno : 0;
	free(buf);
}

/* GET_METADATA results: per filter the result, the flags and filter_off. */
struct ptrace_md_report {
	struct ptrace_report base;	/* the results its file shares */
	struct {
		long ret, flags, off;	/* GET_METADATA of filter i */
	} md[3];
	long past;			/* GET_METADATA one past the last */
};

static void get_metadata_on_stop(pid_t pid, struct sct_report *rep, const void *arg)
{
	struct ptrace_md_report *res = SCT_REPORT(rep, struct ptrace_md_report);
	const struct inspect_plan *p = arg;
	struct seccomp_metadata md;

	for (size_t i = 0; i <= p->n && i <= 3; i++) {
		long r;

		md.filter_off = i;
		md.flags = 0xdead;
		r = ptrace(PTRACE_SECCOMP_GET_METADATA, pid,
			   (void *)(p->md_size ? p->md_size : sizeof(md)), &md);
		if (i == p->n) {
			res->past = r < 0 ? -errno : r;
			break;
		}
		res->md[i].ret = r < 0 ? -errno : r;
		res->md[i].flags = (long)md.flags;
		res->md[i].off = (long)md.filter_off;
	}
}

/* Programs that round-trip: each allows what the tracee needs to stop. */
static struct sct_filter *roundtrip_filter(int i)
{
	struct sct_filter *f;
	sct_label l;

	switch (i) {
	case 0:
		return sct_filter_ret(SECCOMP_RET_ALLOW);
	}
	f = sct_filter_new();
	l = sct_label_new(f);
	sct_ld_nr(f);
	if (i == 1) {
		/* getppid(arg0 >= 2^32) is denied: a 64-bit argument check */
		sct_label check = sct_label_new(f);

		sct_jeq(f, __NR_getppid, check, SCT_NEXT);
		sct_ret(f, SECCOMP_RET_ALLOW);
		sct_label_here(f, check);
		sct_cmp64(f, 0, SCT_CMP_GE, 1ULL << 32, 0, l, SCT_NEXT);
		sct_ret(f, SECCOMP_RET_ALLOW);
	} else if (i == 2) {
		/* a jump over 300 instructions: the builder adds a trampoline */
		sct_jeq(f, 0xfffffff0U, l, SCT_NEXT);
		for (uint32_t k = 0; k < 300; k++)
			sct_insn(f, BPF_ALU | BPF_ADD | BPF_K, k);
		sct_ret(f, SECCOMP_RET_ALLOW);
	} else {
		/* exactly BPF_MAXINSNS: ld, 4094 distinct adds, ret */
		for (uint32_t k = 0; k < SCT_MAX_INSNS - 2; k++)
			sct_insn(f, BPF_ALU | BPF_ADD | BPF_K, k + 1);
		sct_ret(f, SECCOMP_RET_ALLOW);
		return f;
	}
	sct_label_here(f, l);
	sct_ret(f, SECCOMP_RET_ERRNO | E2BIG);
	return f;
}

/* Build the plan's programs; the filters own the instructions. */
static int build_plan(struct inspect_plan *p, struct sct_filter **fs, size_t n)
{
	p->n = n;
	for (size_t i = 0; i < n; i++) {
		int ret = sct_filter_build(fs[i], &p->progs[i]);

		if (ret)
			return ret;
	}
	return 0;
}

/*
 * seccomp_get_filter returns the program as installed (orig_prog), oldest
 * filter at index 0 (get_nth_filter); an index past the last is ENOENT.
 */
TEST(get_filter_round_trips_every_instruction)
{
	struct sct_filter *fs[MAX_INSPECT];
	struct inspect_plan plan = { .ask = ASK_FILTER };
	struct tracer t = { .body = inspect_body, .arg = &plan, .on_sigstop = get_filter_on_stop };
	struct sct_outcome out;
	const struct ptrace_gf_report *res = SCT_REPORT(&out.rep, struct ptrace_gf_report);

	SCT_REQUIRE_CAP(CAP_SYS_ADMIN);
	SCT_REQUIRE(SCT_F_PTRACE_GET_FILTER);
	for (int i = 0; i < MAX_INSPECT; i++)
		fs[i] = roundtrip_filter(i);
	ASSERT_EQ(0, build_plan(&plan, fs, MAX_INSPECT));
	ASSERT_EQ(SCT_MAX_INSNS, plan.progs[MAX_INSPECT - 1].len);
	RUN_TRACER(t, out);
	ASSERT_EQ(0, SCT_REPORT(&out.rep, struct ptrace_report)->setopt);
	for (int i = 0; i < MAX_INSPECT; i++) {
		EXPECT_RESULT(plan.progs[i].len, res->count[i], "GET_FILTER(NULL) count");
		EXPECT_EQ(-1, res->diff[i]) {
			TH_LOG("filter %d (%u insns): first difference at %ld (or the copy returned that)",
			       i, plan.progs[i].len, res->diff[i]);
		}
	}
	EXPECT_RESULT(-ENOENT, res->past, "GET_FILTER one past the last filter");
	EXPECT_TRUE(SCT_REPORT(&out.rep, struct ptrace_report)->done) TH_LOG("the tracee did not go on after the stop");
	for (int i = 0; i < MAX_INSPECT; i++)
		sct_filter_free(fs[i]);
}

/* seccomp_get_metadata reports only FLAG_LOG (filter->log) of each filter. */
TEST(get_metadata_reports_flag_log_per_filter)
{
	struct sct_filter *fs[3] = {
		sct_filter_ret(SECCOMP_RET_ALLOW), sct_filter_ret(SECCOMP_RET_ALLOW),
		sct_filter_ret(SECCOMP_RET_ALLOW),
	};
	struct inspect_plan plan = {
		.ask = ASK_METADATA,
		.flags = { 0, SECCOMP_FILTER_FLAG_LOG,
			   SECCOMP_FILTER_FLAG_LOG | SECCOMP_FILTER_FLAG_SPEC_ALLOW },
	};
	static const unsigned long want_flags[3] = {
		0, SECCOMP_FILTER_FLAG_LOG, SECCOMP_FILTER_FLAG_LOG };
	struct tracer t = { .body = inspect_body, .arg = &plan, .on_sigstop = get_metadata_on_stop };
	struct sct_outcome out;
	const struct ptrace_md_report *res = SCT_REPORT(&out.rep, struct ptrace_md_report);

	SCT_REQUIRE_CAP(CAP_SYS_ADMIN);
	SCT_REQUIRE(SCT_F_PTRACE_GET_METADATA);
	SCT_REQUIRE(SCT_F_FLAG_LOG);
	SCT_REQUIRE(SCT_F_FLAG_SPEC_ALLOW);
	ASSERT_EQ(0, build_plan(&plan, fs, 3));
	RUN_TRACER(t, out);
	ASSERT_EQ(0, SCT_REPORT(&out.rep, struct ptrace_report)->setopt);
	for (int i = 0; i < 3; i++) {
		EXPECT_RESULT(sizeof(struct seccomp_metadata), res->md[i].ret,
			      "GET_METADATA (the size copied)");
		EXPECT_EQ(want_flags[i], (unsigned long)res->md[i].flags) {
			TH_LOG("filter %d: flags 0x%lx, expected 0x%lx", i,
			       res->md[i].flags, want_flags[i]);
		}
		EXPECT_EQ(i, res->md[i].off) TH_LOG("filter_off changed");
	}
	EXPECT_RESULT(-ENOENT, res->past, "GET_METADATA one past the last filter");
	for (int i = 0; i < 3; i++)
		sct_filter_free(fs[i]);
}

/*
 * seccomp_get_metadata copies min(size, struct) and returns that size; a
 * size that cannot hold filter_off is EINVAL.
 */
FIXTURE(metadata_size) {};
FIXTURE_VARIANT(metadata_size) { unsigned long size; long want; };
FIXTURE_VARIANT_ADD(metadata_size, size_4_einval) { .size = 4, .want = -EINVAL };
FIXTURE_VARIANT_ADD(metadata_size, size_8_filter_off_only) { .size = 8, .want = 8 };
FIXTURE_VARIANT_ADD(metadata_size, size_16_whole_struct) { .size = 16, .want = 16 };
FIXTURE_VARIANT_ADD(metadata_size, size_64_capped_to_struct) { .size = 64, .want = 16 };
FIXTURE_SETUP(metadata_size) {}
FIXTURE_TEARDOWN(metadata_size) {}

TEST_F(metadata_size, result)
{
	struct sct_filter *f = sct_filter_ret(SECCOMP_RET_ALLOW);
	struct inspect_plan plan = {
		.ask = ASK_METADATA, .md_size = variant->size,
		.flags = { SECCOMP_FILTER_FLAG_LOG },
	};
	struct tracer t = { .body = inspect_body, .arg = &plan, .on_sigstop = get_metadata_on_stop };
	struct sct_outcome out;

	SCT_REQUIRE_CAP(CAP_SYS_ADMIN);
	SCT_REQUIRE(SCT_F_PTRACE_GET_METADATA);
	SCT_REQUIRE(SCT_F_FLAG_LOG);
	ASSERT_EQ(0, build_plan(&plan, &f, 1));
	RUN_TRACER(t, out);
	ASSERT_EQ(0, SCT_REPORT(&out.rep, struct ptrace_report)->setopt);
	EXPECT_RESULT(variant->want, SCT_REPORT(&out.rep, struct ptrace_md_report)->md[0].ret, "GET_METADATA");
	/* flags are copied only when the size covers them */
	EXPECT_EQ(variant->want == 16 ? SECCOMP_FILTER_FLAG_LOG : 0xdead,
		  (unsigned long)SCT_REPORT(&out.rep, struct ptrace_md_report)->md[0].flags);
	sct_filter_free(f);
}

/* get_nth_filter: a tracee that is not in filter mode is EINVAL. */
TEST(get_filter_of_filterless_tracee_einval)
{
	struct inspect_plan plan = { .ask = ASK_FILTER, .n = 0 };
	struct tracer t = { .body = inspect_body, .arg = &plan, .on_sigstop = get_filter_on_stop };
	struct sct_outcome out;

	SCT_REQUIRE_CAP(CAP_SYS_ADMIN);
	SCT_REQUIRE(SCT_F_PTRACE_GET_FILTER);
	RUN_TRACER(t, out);
	ASSERT_EQ(0, SCT_REPORT(&out.rep, struct ptrace_report)->setopt);
	EXPECT_RESULT(-EINVAL, SCT_REPORT(&out.rep, struct ptrace_gf_report)->past, "GET_FILTER(0) without filters");
}

/*
 * Both requests need CAP_SYS_ADMIN and a tracer that is not itself under
 * seccomp, else EACCES (seccomp_get_filter, seccomp_get_metadata).
 */
FIXTURE(inspect_denied) {};
FIXTURE_VARIANT(inspect_denied) {
	int ask;
	bool drop_cap;
	bool tracer_filtered;
	enum sct_feature needs;
};
FIXTURE_VARIANT_ADD(inspect_denied, get_filter_without_cap_sys_admin_eacces) {
	.ask = ASK_FILTER, .drop_cap = true, .needs = SCT_F_PTRACE_GET_FILTER };
FIXTURE_VARIANT_ADD(inspect_denied, get_filter_from_seccomp_tracer_eacces) {
	.ask = ASK_FILTER, .tracer_filtered = true, .needs = SCT_F_PTRACE_GET_FILTER };
FIXTURE_VARIANT_ADD(inspect_denied, get_metadata_without_cap_sys_admin_eacces) {
	.ask = ASK_METADATA, .drop_cap = true, .needs = SCT_F_PTRACE_GET_METADATA };
FIXTURE_VARIANT_ADD(inspect_denied, get_metadata_from_seccomp_tracer_eacces) {
	.ask = ASK_METADATA, .tracer_filtered = true, .needs = SCT_F_PTRACE_GET_METADATA };
FIXTURE_SETUP(inspect_denied) {}
FIXTURE_TEARDOWN(inspect_denied) {}

TEST_F(inspect_denied, eacces)
{
	struct sct_filter *f = sct_filter_ret(SECCOMP_RET_ALLOW);
	struct inspect_plan plan = { .ask = variant->ask };
	struct tracer t = {
		.body = inspect_body, .arg = &plan,
		.on_sigstop = variant->ask == ASK_FILTER ? get_filter_on_stop : get_metadata_on_stop,
		.drop_sys_admin = variant->drop_cap, .tracer_filtered = variant->tracer_filtered,
	};
	struct sct_outcome out;

	SCT_REQUIRE_CAP(CAP_SYS_ADMIN);
	SCT_REQUIRE(variant->needs);
	ASSERT_EQ(0, build_plan(&plan, &f, 1));
	RUN_TRACER(t, out);
	ASSERT_EQ(0, SCT_REPORT(&out.rep, struct ptrace_report)->setopt);
	if (variant->ask == ASK_FILTER)
		EXPECT_RESULT(-EACCES, SCT_REPORT(&out.rep, struct ptrace_gf_report)->count[0], "GET_FILTER");
	else
		EXPECT_RESULT(-EACCES, SCT_REPORT(&out.rep, struct ptrace_md_report)->md[0].ret, "GET_METADATA");
	sct_filter_free(f);
}

/* ---- PTRACE_O_SUSPEND_SECCOMP --------------------------------------------------------- */

/*
 * ptrace_setoptions: O_SUSPEND_SECCOMP needs CAP_SYS_ADMIN and a tracer
 * without seccomp (EPERM otherwise); while set, the tracee's filters do not
 * run (__secure_computing returns early on PT_SUSPEND_SECCOMP).
 */
FIXTURE(suspend) {};
FIXTURE_VARIANT(suspend) {
	bool suspend;
	bool drop_cap;
	bool tracer_filtered;
	long want_setopt;
	enum sct_seen seen;		/* the tracee's getppid, denied with EPERM */
	long value;
};
FIXTURE_VARIANT_ADD(suspend, suspended_denied_call_runs) {
	.suspend = true, .seen = SCT_SEEN_RAN, .value = PARENT };
FIXTURE_VARIANT_ADD(suspend, not_suspended_denied_call_eperm) {
	.seen = SCT_SEEN_ERRNO, .value = EPERM };
FIXTURE_VARIANT_ADD(suspend, without_cap_sys_admin_eperm) {
	.suspend = true, .drop_cap = true, .want_setopt = -EPERM, .seen = SCT_SEEN_BROKEN };
FIXTURE_VARIANT_ADD(suspend, from_seccomp_tracer_eperm) {
	.suspend = true, .tracer_filtered = true, .want_setopt = -EPERM, .seen = SCT_SEEN_BROKEN };
FIXTURE_SETUP(suspend) {}
FIXTURE_TEARDOWN(suspend) {}

static int suspend_body(struct sct_report *rep, void *arg)
{
	struct sct_filter *f = sct_filter_for_nr(__NR_getppid, SECCOMP_RET_ERRNO | EPERM,
						 SECCOMP_RET_ALLOW);
	long ret = sct_install_filter(f, 0);

	(void)arg;
	sct_filter_free(f);
	if (ret) {
		errno = (int)-ret;
		return sct_report_broken(rep, "tracee: install the filter");
	}
	return call_and_record(rep, __NR_getppid);
}

TEST_F(suspend, denied_call)
{
	struct tracer t = {
		.body = suspend_body,
		.options = variant->suspend ? PTRACE_O_SUSPEND_SECCOMP : 0,
		.drop_sys_admin = variant->drop_cap, .tracer_filtered = variant->tracer_filtered,
	};
	struct sct_outcome out;

	if (variant->suspend || variant->drop_cap) {
		SCT_REQUIRE_CAP(CAP_SYS_ADMIN);
		SCT_REQUIRE(SCT_F_PTRACE_SUSPEND);
	}
	RUN_TRACER(t, out);
	EXPECT_RESULT(variant->want_setopt, SCT_REPORT(&out.rep, struct ptrace_report)->setopt, "PTRACE_SETOPTIONS");
	if (variant->want_setopt)
		return;
	EXPECT_TRACEE(out, variant->seen,
		      variant->value == PARENT ? SCT_REPORT(&out.rep, struct ptrace_report)->tracer : variant->value);
}

SCT_SUITE_MAIN("seccomp and ptrace: SECCOMP_RET_TRACE events, skipping and redirecting calls "
	       "and their re-check, PTRACE_SECCOMP_GET_FILTER/GET_METADATA, "
	       "PTRACE_O_SUSPEND_SECCOMP.")
