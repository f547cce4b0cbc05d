/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ptrace_tracer.h - one tracer for the ptrace suites that need every kind of
 * stop: syscall entry and exit (PTRACE_SYSCALL), PTRACE_EVENT_SECCOMP,
 * signal-delivery stops, with the tracee attached by PTRACE_TRACEME or by
 * PTRACE_SEIZE while it runs.
 *
 * The tracer runs in a child of the test (sct_run_child); it forks the
 * tracee, attaches, and drives it with bounded waits, calling on_stop at
 * each stop. Both write what they saw to the shared report: struct
 * ptrace_tracer_report, which each test's own report embeds as base.
 */
#ifndef SCT_PTRACE_TRACER_H
#define SCT_PTRACE_TRACER_H

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
/* The tracee marks its probed call with this first argument. */
#define MARK 0x5ec7L

struct ptrace_tracer_report {
	long done;	/* the tracee's call returned (ret, err) */
	long ready;	/* SEIZE: the tracee is set up and waits for go */
	long go;	/* SEIZE: the tracer has attached */
	long tracee;
	long tracer;
	long setopt;
	long end;
	long end_value;
	long stops;	/* stops after the tracee was let go */
	long seccomp_stops;
};
enum end_how { END_NONE, END_EXITED, END_SIGNALED, END_TIMED_OUT };
enum stop_kind { STOP_ENTRY, STOP_EXIT, STOP_SECCOMP, STOP_SIGNAL, STOP_EVENT };

/* At a stop: *deliver is the signal the tracee gets on resuming (0: none). */
typedef void (*stop_fn)(pid_t pid, enum stop_kind kind, int *deliver,
			struct sct_report *rep, const void *arg);

struct tracer {
	sct_child_fn body;	/* the tracee, once attached */
	const void *arg;	/* for body and on_stop */
	bool seize;		/* PTRACE_SEIZE with the options after T_READY
				 * (else TRACEME, SIGSTOP, PTRACE_SETOPTIONS) */
	long options;
	bool syscall_stops;	/* resume with PTRACE_SYSCALL */
	stop_fn on_stop;
	stop_fn on_ready;	/* TRACEME: once the tracee set T_READY (kind unused) */
	bool drop_sys_admin;	/* the tracer drops CAP_SYS_ADMIN first */
	bool tracer_filtered;	/* the tracer runs under an allow-all filter */
};

/* SEIZE tracees call this when set up: wait until the tracer attached. */
static inline int await_tracer(struct sct_report *rep)
{
	SCT_REPORT(rep, struct ptrace_tracer_report)->ready = 1;
	return sct_wait_slot(&SCT_REPORT(rep, struct ptrace_tracer_report)->go, WAIT_MS) ? 0 : -ETIMEDOUT;
}

/* The tracee's one probed call, recorded for the test. */
static inline int call_and_record(struct sct_report *rep, long nr)
{
	long ret = syscall(nr, MARK);

	rep->err = ret == -1 ? errno : 0;
	rep->ret = ret;
	SCT_REPORT(rep, struct ptrace_tracer_report)->done = 1;
	return 0;
}

static inline int tracer_prepare(const struct tracer *t, struct sct_report *rep)
{
	if (t->drop_sys_admin && sct_drop_cap(CAP_SYS_ADMIN))
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
	return 0;
}

static inline pid_t spawn_tracee(const struct tracer *t, struct sct_report *rep)
{
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (!t->seize) {
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
			_exit(sct_report_broken(rep, "PTRACE_TRACEME"));
		raise(SIGSTOP);
	}
	_exit(t->body(rep, (void *)t->arg));
}

/* Attach: the SEIZE or SETOPTIONS result (0 or -errno), 1 when broken. */
static inline long tracer_attach(const struct tracer *t, pid_t pid, struct sct_report *rep)
{
	long opts = t->options | PTRACE_O_EXITKILL |
		    (t->syscall_stops ? PTRACE_O_TRACESYSGOOD : 0);
	int status;

	if (t->seize) {
		if (!sct_wait_slot(&SCT_REPORT(rep, struct ptrace_tracer_report)->ready, WAIT_MS))
			return sct_report_broken(rep, "the tracee did not get ready"), 1;
		return ptrace(PTRACE_SEIZE, pid, NULL, (void *)opts) ? -errno : 0;
	}
	if (sct_waitpid_timeout(pid, &status, WAIT_MS) || !WIFSTOPPED(status) ||
	    WSTOPSIG(status) != SIGSTOP)
		return sct_report_broken(rep, "the tracee's first stop"), 1;
	return ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)opts) ? -errno : 0;
}

static inline enum stop_kind stop_kind(pid_t pid, int status)
{
	struct ptrace_syscall_info info = { 0 };

	if (WSTOPSIG(status) == (SIGTRAP | 0x80)) {
		ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(info), &info);
		return info.op == PTRACE_SYSCALL_INFO_EXIT ? STOP_EXIT : STOP_ENTRY;
	}
	if (status >> 8 == (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8)))
		return STOP_SECCOMP;
	return status >> 16 ? STOP_EVENT : STOP_SIGNAL;
}

static inline void record_end(struct sct_report *rep, int ret, int status)
{
	if (ret) {
		SCT_REPORT(rep, struct ptrace_tracer_report)->end = END_TIMED_OUT;
	} else if (WIFEXITED(status)) {
		SCT_REPORT(rep, struct ptrace_tracer_report)->end = END_EXITED;
		SCT_REPORT(rep, struct ptrace_tracer_report)->end_value = WEXITSTATUS(status);
	} else {
		SCT_REPORT(rep, struct ptrace_tracer_report)->end = END_SIGNALED;
		SCT_REPORT(rep, struct ptrace_tracer_report)->end_value = WTERMSIG(status);
	}
}

/* Resume and wait until the tracee ends, calling on_stop at each stop. */
static inline int tracer_drive(const struct tracer *t, pid_t pid, struct sct_report *rep)
{
	int req = t->syscall_stops ? PTRACE_SYSCALL : PTRACE_CONT;
	int status, ret, deliver;

	if (t->seize)
		SCT_REPORT(rep, struct ptrace_tracer_report)->go = 1;
	else
		ptrace(req, pid, NULL, NULL);
	if (t->on_ready && !t->seize) {
		if (!sct_wait_slot(&SCT_REPORT(rep, struct ptrace_tracer_report)->ready, WAIT_MS))
			sct_report_broken(rep, "the tracee did not get ready");
		else
			t->on_ready(pid, STOP_EVENT, &deliver, rep, t->arg);
	}
	for (;;) {
		enum stop_kind kind;

		ret = sct_waitpid_timeout(pid, &status, WAIT_MS);
		if (ret || !WIFSTOPPED(status))
			break;
		kind = stop_kind(pid, status);
		SCT_REPORT(rep, struct ptrace_tracer_report)->stops++;
		SCT_REPORT(rep, struct ptrace_tracer_report)->seccomp_stops += kind == STOP_SECCOMP;
		deliver = kind == STOP_SIGNAL && WSTOPSIG(status) != SIGSTOP ? WSTOPSIG(status) : 0;
		if (t->on_stop)
			t->on_stop(pid, kind, &deliver, rep, t->arg);
		ptrace(req, pid, NULL, (void *)(long)deliver);
	}
	record_end(rep, ret, status);
	if (ret) {
		kill(pid, SIGKILL);
		sct_waitpid_timeout(pid, &status, WAIT_MS);
	}
	return 0;
}

static inline int tracer_main(struct sct_report *rep, void *p)
{
	const struct tracer *t = p;
	int status;
	long set;
	pid_t pid;

	if (tracer_prepare(t, rep))
		return 1;
	pid = spawn_tracee(t, rep);
	if (pid < 0)
		return sct_report_broken(rep, "fork the tracee");
	SCT_REPORT(rep, struct ptrace_tracer_report)->tracee = pid;
	SCT_REPORT(rep, struct ptrace_tracer_report)->tracer = getpid();
	set = tracer_attach(t, pid, rep);
	if (set > 0)
		return 1;
	SCT_REPORT(rep, struct ptrace_tracer_report)->setopt = set;
	if (set) {
		kill(pid, SIGKILL);
		sct_waitpid_timeout(pid, &status, WAIT_MS);
		return 0;
	}
	return tracer_drive(t, pid, rep);
}

/* Run the tracer; it must end normally. */
#define RUN_TRACER(t, out) do {						\
	ASSERT_EQ(0, sct_run_child(tracer_main, (void *)&(t), 0, &(out))); \
	ASSERT_EXITED(out, 0);						\
} while (0)

#define EXPECT_RESULT SCT_EXPECT_RESULT

static inline const char *end_str(const struct sct_outcome *out, char *buf, size_t len)
{
	const struct sct_report *r = &out->rep;

	switch (SCT_REPORT(r, struct ptrace_tracer_report)->end) {
	case END_EXITED:
		if (!SCT_REPORT(r, struct ptrace_tracer_report)->done)
			snprintf(buf, len, "tracee exited %ld before its call returned",
				 SCT_REPORT(r, struct ptrace_tracer_report)->end_value);
		else if (r->ret == -1)
			snprintf(buf, len, "tracee's call failed with %s",
				 strerrorname_np(r->err) ?: "?");
		else
			snprintf(buf, len, "tracee's call returned %ld", r->ret);
		break;
	case END_SIGNALED:
		snprintf(buf, len, "tracee killed by SIG%s",
			 sigabbrev_np((int)SCT_REPORT(r, struct ptrace_tracer_report)->end_value) ?: "?");
		break;
	case END_TIMED_OUT:
		snprintf(buf, len, "tracee did not stop or end within %d ms", WAIT_MS);
		break;
	default:
		snprintf(buf, len, "tracee never ran");
	}
	return buf;
}

static inline bool tracee_ended(const struct sct_report *r, enum sct_seen seen, long value)
{
	if (seen == SCT_SEEN_PROCESS_KILLED)
		return SCT_REPORT(r, struct ptrace_tracer_report)->end == END_SIGNALED && SCT_REPORT(r, struct ptrace_tracer_report)->end_value == value;
	if (SCT_REPORT(r, struct ptrace_tracer_report)->end != END_EXITED || !SCT_REPORT(r, struct ptrace_tracer_report)->done)
		return false;
	return seen == SCT_SEEN_RAN ? r->ret == value : r->ret == -1 && r->err == value;
}

/* How the tracee's call ended: RAN value, ERRNO value, PROCESS_KILLED sig. */
#define EXPECT_TRACEE(out, seen, value) do {				\
	char _e[96];							\
	EXPECT_TRUE(tracee_ended(&(out).rep, (seen), (value))) {	\
		TH_LOG("expected %s %ld; %s", sct_seen_name(seen), (long)(value), \
		       end_str(&(out), _e, sizeof(_e)));		\
	}								\
} while (0)

/* Values a table names instead of pids it cannot know. */
#define PARENT (-7001L)		/* the tracer's pid (the tracee's getppid) */
#define SELF (-7002L)		/* the tracee's pid */
static inline long resolve_pid(const struct sct_outcome *out, long v)
{
	return v == PARENT ? SCT_REPORT(&out->rep, struct ptrace_tracer_report)->tracer : v == SELF ? SCT_REPORT(&out->rep, struct ptrace_tracer_report)->tracee : v;
}

#endif
