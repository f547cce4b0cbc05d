// SPDX-License-Identifier: GPL-2.0-only
/*
 * ptrace_paths_test - the paths a syscall takes between a tracer and the
 * filters: rewriting the call at the PTRACE_SYSCALL entry stop (seccomp then
 * checks the new number), kills that win over an attached tracer, which
 * stacked filter's TRACE data the tracer gets, a SIGKILL at a TRACE stop
 * skipping the call, the tracer writing the
 * memory a call reads at a SECCOMP_RET_TRACE stop, restart_syscall after a
 * stop as filters and the tracer see it, and negative syscall numbers on
 * every path.
 *
 * Kernel: kernel/entry/common.c (syscall_trace_enter: the ptrace entry
 * report first, then __secure_computing on the possibly changed number),
 * kernel/seccomp.c (__seccomp_filter, seccomp_run_filters), the arch's
 * syscall dispatch (nr -1 is skipped, other unknown numbers are ENOSYS) and
 * signal restart (-ERESTART_RESTARTBLOCK becomes restart_syscall).
 */
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <time.h>
#include <sys/uio.h>

#include "ptrace_tracer.h"

#define KILLED_NR __NR_getsid		/* KILL_PROCESS */
#define DENIED_NR __NR_getpgid		/* ERRNO(EXDEV); every arch has it (not getpgrp) */
#define KEEP (-9999L)			/* the tracer leaves the number */

/* Native arch; getsid kills, getpgid is EXDEV, nr -1 gets on_minus1. */
static struct sct_filter *paths_filter(uint32_t on_minus1)
{
	struct sct_filter *f = sct_filter_new();
	sct_label kill = sct_label_new(f), deny = sct_label_new(f), m1 = sct_label_new(f);

	sct_check_arch(f, sct_arch_native()->audit_arch, SECCOMP_RET_KILL_PROCESS);
	sct_ld_nr(f);
	sct_jeq(f, KILLED_NR, kill, SCT_NEXT);
	sct_jeq(f, DENIED_NR, deny, SCT_NEXT);
	sct_jeq(f, 0xffffffffU, m1, SCT_NEXT);
	sct_ret(f, SECCOMP_RET_ALLOW);
	sct_label_here(f, kill);
	sct_ret(f, SECCOMP_RET_KILL_PROCESS);
	sct_label_here(f, deny);
	sct_ret(f, SECCOMP_RET_ERRNO | EXDEV);
	sct_label_here(f, m1);
	sct_ret(f, on_minus1);
	return f;
}

/* Build f, set no_new_privs, install it (in a tracee): 0 or broken. */
static int tracee_install(struct sct_report *rep, struct sct_filter *f)
{
	long r = sct_install_filter(f, 0);

	sct_filter_free(f);
	if (r) {
		errno = (int)-r;
		return sct_report_broken(rep, "tracee: install the filter");
	}
	return 0;
}

/* ---- 1. PTRACE_SYSCALL: rewriting the call at its entry stop ------------------------- */

/*
 * syscall_trace_enter reports the entry stop before __secure_computing
 * runs, and seccomp then reads the number from the registers: the filters
 * judge only the number the tracer left. A skipped call (-1) is judged as
 * nr 0xffffffff too; when allowed, the arch skips it and the call returns
 * the tracer's return register, while ERRNO or KILL for -1 still win.
 */
FIXTURE(entry) {};
FIXTURE_VARIANT(entry) {
	long call;		/* the tracee's call, arg0 MARK */
	long new_nr;		/* what the tracer writes at its entry stop */
	long new_ret;		/* the return register, when new_nr is -1 */
	uint32_t on_minus1;	/* the filter's action for nr -1 */
	enum sct_seen seen;
	long value;
};
FIXTURE_VARIANT_ADD(entry, allowed_call_left_runs) {
	.call = __NR_getppid, .new_nr = KEEP, .on_minus1 = SECCOMP_RET_ALLOW,
	.seen = SCT_SEEN_RAN, .value = PARENT };
FIXTURE_VARIANT_ADD(entry, killed_call_left_killed_after_entry_stop) {
	.call = KILLED_NR, .new_nr = KEEP, .on_minus1 = SECCOMP_RET_ALLOW,
	.seen = SCT_SEEN_PROCESS_KILLED, .value = SIGSYS };
FIXTURE_VARIANT_ADD(entry, skipped_returns_tracer_value) {
	.call = __NR_getppid, .new_nr = -1, .new_ret = 4242, .on_minus1 = SECCOMP_RET_ALLOW,
	.seen = SCT_SEEN_RAN, .value = 4242 };
FIXTURE_VARIANT_ADD(entry, skipped_returns_tracer_error) {
	.call = __NR_getppid, .new_nr = -1, .new_ret = -ENOTTY, .on_minus1 = SECCOMP_RET_ALLOW,
	.seen = SCT_SEEN_ERRNO, .value = ENOTTY };
FIXTURE_VARIANT_ADD(entry, skip_judged_as_minus1_errno_wins) {
	.call = __NR_getppid, .new_nr = -1, .new_ret = 4242,
	.on_minus1 = SECCOMP_RET_ERRNO | EDOM, .seen = SCT_SEEN_ERRNO, .value = EDOM };
FIXTURE_VARIANT_ADD(entry, skip_judged_as_minus1_kill_wins) {
	.call = __NR_getppid, .new_nr = -1, .new_ret = 4242,
	.on_minus1 = SECCOMP_RET_KILL_PROCESS, .seen = SCT_SEEN_PROCESS_KILLED, .value = SIGSYS };
FIXTURE_VARIANT_ADD(entry, allowed_to_allowed_runs_new) {
	.call = __NR_getppid, .new_nr = __NR_getpid, .on_minus1 = SECCOMP_RET_ALLOW,
	.seen = SCT_SEEN_RAN, .value = SELF };
FIXTURE_VARIANT_ADD(entry, allowed_to_killed_killed) {
	.call = __NR_getppid, .new_nr = KILLED_NR, .on_minus1 = SECCOMP_RET_ALLOW,
	.seen = SCT_SEEN_PROCESS_KILLED, .value = SIGSYS };
FIXTURE_VARIANT_ADD(entry, allowed_to_denied_errno) {
	.call = __NR_getppid, .new_nr = DENIED_NR, .on_minus1 = SECCOMP_RET_ALLOW,
	.seen = SCT_SEEN_ERRNO, .value = EXDEV };
FIXTURE_VARIANT_ADD(entry, killed_to_allowed_runs) {
	.call = KILLED_NR, .new_nr = __NR_getpid, .on_minus1 = SECCOMP_RET_ALLOW,
	.seen = SCT_SEEN_RAN, .value = SELF };
FIXTURE_VARIANT_ADD(entry, denied_to_allowed_runs) {
	.call = DENIED_NR, .new_nr = __NR_getpid, .on_minus1 = SECCOMP_RET_ALLOW,
	.seen = SCT_SEEN_RAN, .value = SELF };
FIXTURE_SETUP(entry) {}
FIXTURE_TEARDOWN(entry) {}

struct ptrace_paths_en_report {
	struct ptrace_tracer_report base;	/* the results its file shares */
	long stops;
	long set;
	long exits;
	long pending;
};

static int entry_body(struct sct_report *rep, void *arg)
{
	const FIXTURE_VARIANT(entry) *v = arg;

	if (tracee_install(rep, paths_filter(v->on_minus1)))
		return 1;
	return call_and_record(rep, v->call);
}

static void entry_on_stop(pid_t pid, enum stop_kind kind, int *deliver,
			  struct sct_report *rep, const void *arg)
{
	struct ptrace_paths_en_report *res = SCT_REPORT(rep, struct ptrace_paths_en_report);
	const FIXTURE_VARIANT(entry) *v = arg;
	struct sct_arch_sysregs r;

	(void)deliver;
	/* the exit stop right after the marked call's entry stop is its own;
	 * its registers need not show MARK (arm64: x0 is the result by then) */
	if (kind == STOP_EXIT) {
		res->exits += res->pending;
		res->pending = 0;
		return;
	}
	if (kind != STOP_ENTRY || sct_arch_get_sysregs(pid, &r) || r.args[0] != (unsigned long)MARK)
		return;
	res->pending = 1;
	if (r.nr != v->call || res->stops++ || v->new_nr == KEEP)
		return;
	r.nr = v->new_nr;
	if (v->new_nr == -1)
		r.ret = v->new_ret;
	res->set = sct_arch_set_sysregs(pid, &r);
}

TEST_F(entry, filter_judges_the_new_number)
{
	struct tracer t = {
		.body = entry_body, .arg = variant, .syscall_stops = true,
		.on_stop = entry_on_stop,
	};
	struct sct_outcome out;
	const struct ptrace_paths_en_report *res = SCT_REPORT(&out.rep, struct ptrace_paths_en_report);

	RUN_TRACER(t, out);
	ASSERT_EQ(0, SCT_REPORT(&out.rep, struct ptrace_tracer_report)->setopt) TH_LOG("PTRACE_SETOPTIONS failed");
	EXPECT_EQ(1, res->stops) TH_LOG("entry stops of the marked call");
	EXPECT_RESULT(0, res->set, "rewriting the syscall registers");
	/*
	 * Every row has its exit stop, a killed call too: the kill is a forced
	 * SIGSYS, handled on the way out after syscall_exit_work reported the
	 * exit (ptrace_stop gives up only when SIGKILL is pending).
	 */
	EXPECT_EQ(1, res->exits) TH_LOG("exit stops of the marked call");
	EXPECT_TRACEE(out, variant->seen, resolve_pid(&out, variant->value));
}

/* ---- 2. a kill wins while a tracer is attached ---------------------------------------- */

/*
 * __seccomp_filter's KILL_* cases force SIGSYS with HANDLER_EXIT
 * (force_sig_seccomp, also KILL_THREAD in a single-threaded process): the
 * SA_IMMUTABLE it sets keeps the signal from the tracer (get_signal skips
 * ptrace_signal), and only TRACE makes a PTRACE_EVENT_SECCOMP stop. The
 * seized tracee stops nowhere and dies by SIGSYS.
 */
FIXTURE(kill_traced) {};
FIXTURE_VARIANT(kill_traced) { uint32_t action; long options; };
FIXTURE_VARIANT_ADD(kill_traced, kill_process_seized) {
	.action = SECCOMP_RET_KILL_PROCESS, .options = 0 };
FIXTURE_VARIANT_ADD(kill_traced, kill_process_seized_tracesecomp) {
	.action = SECCOMP_RET_KILL_PROCESS, .options = PTRACE_O_TRACESECCOMP };
FIXTURE_VARIANT_ADD(kill_traced, kill_thread_seized) {
	.action = SECCOMP_RET_KILL_THREAD, .options = 0 };
FIXTURE_VARIANT_ADD(kill_traced, kill_thread_seized_tracesecomp) {
	.action = SECCOMP_RET_KILL_THREAD, .options = PTRACE_O_TRACESECCOMP };
FIXTURE_SETUP(kill_traced) {}
FIXTURE_TEARDOWN(kill_traced) {}

static int kill_body(struct sct_report *rep, void *arg)
{
	const FIXTURE_VARIANT(kill_traced) *v = arg;

	if (tracee_install(rep, sct_filter_for_nr(__NR_getppid, v->action, SECCOMP_RET_ALLOW)))
		return 1;
	if (await_tracer(rep))
		return sct_report_broken(rep, "tracee: wait for the tracer");
	return call_and_record(rep, __NR_getppid);
}

TEST_F(kill_traced, sigsys_without_any_stop)
{
	struct tracer t = {
		.body = kill_body, .arg = variant, .seize = true, .options = variant->options,
	};
	struct sct_outcome out;

	if (variant->action == SECCOMP_RET_KILL_PROCESS)
		SCT_REQUIRE(SCT_F_RET_KILL_PROCESS);
	RUN_TRACER(t, out);
	ASSERT_EQ(0, SCT_REPORT(&out.rep, struct ptrace_tracer_report)->setopt) TH_LOG("PTRACE_SEIZE failed");
	EXPECT_EQ(0, SCT_REPORT(&out.rep, struct ptrace_tracer_report)->stops) TH_LOG("the tracee stopped");
	EXPECT_TRACEE(out, SCT_SEEN_PROCESS_KILLED, SIGSYS);
}

/* ---- 7b. SIGKILL at a SECCOMP_RET_TRACE stop ------------------------------------------ */

/*
 * __seccomp_filter, back from the PTRACE_EVENT_SECCOMP stop: with a fatal
 * signal pending it skips the call (the tracer may have wanted to change
 * it, and the task is about to die). The tracer kills the tracee at the
 * stop: it dies of SIGKILL and its write never reaches the pipe.
 */
struct ptrace_paths_ks_report {
	struct ptrace_tracer_report base;	/* the results its file shares */
	long kill;
};
static int killed_pipe[2];

static int killed_at_stop_body(struct sct_report *rep, void *arg)
{
	long ret;

	(void)arg;
	if (tracee_install(rep, sct_filter_for_nr(__NR_write, SECCOMP_RET_TRACE | 1,
						  SECCOMP_RET_ALLOW)))
		return 1;
	if (await_tracer(rep))
		return sct_report_broken(rep, "tracee: wait for the tracer");
	ret = write(killed_pipe[1], "k", 1);
	rep->err = ret == -1 ? errno : 0;
	rep->ret = ret;
	SCT_REPORT(rep, struct ptrace_tracer_report)->done = 1;
	return 0;
}

static void killed_on_stop(pid_t pid, enum stop_kind kind, int *deliver,
			   struct sct_report *rep, const void *arg)
{
	(void)deliver;
	(void)arg;
	if (kind == STOP_SECCOMP)
		SCT_REPORT(rep, struct ptrace_paths_ks_report)->kill = kill(pid, SIGKILL) ? -errno : 0;
}

TEST(sigkill_at_trace_stop_skips_the_call)
{
	struct tracer t = {
		.body = killed_at_stop_body, .seize = true, .options = PTRACE_O_TRACESECCOMP,
		.on_stop = killed_on_stop,
	};
	struct sct_outcome out;
	char c;

	ASSERT_EQ(0, pipe2(killed_pipe, O_NONBLOCK));
	RUN_TRACER(t, out);
	ASSERT_EQ(0, SCT_REPORT(&out.rep, struct ptrace_tracer_report)->setopt) TH_LOG("PTRACE_SEIZE failed");
	ASSERT_EQ(1, SCT_REPORT(&out.rep, struct ptrace_tracer_report)->seccomp_stops) TH_LOG("no single TRACE stop");
	ASSERT_EQ(0, SCT_REPORT(&out.rep, struct ptrace_paths_ks_report)->kill) TH_LOG("kill(tracee, SIGKILL) failed");
	EXPECT_TRACEE(out, SCT_SEEN_PROCESS_KILLED, SIGKILL);
	EXPECT_EQ(-1, read(killed_pipe[0], &c, 1)) TH_LOG("the killed tracee's write ran");
	EXPECT_EQ(EAGAIN, errno);
}

/* ---- 8. which filter's TRACE data the tracer gets --------------------------------------- */

/*
 * seccomp_run_filters walks newest to oldest and takes a result only when
 * its action is strictly lower: among TRACE filters the newest one's data
 * reaches PTRACE_GETEVENTMSG whatever the data values; ALLOW and LOG never
 * hide a TRACE, and a lower action (ERRNO, KILL) decides with no stop.
 * Without a tracer every TRACE is ENOSYS (precedence_test cannot tell
 * which data won).
 */
#define MAX_STACK 3
FIXTURE(trace_stack) {};
FIXTURE_VARIANT(trace_stack) {
	int n;
	uint32_t acts[MAX_STACK];	/* oldest first, for getppid */
	int stops;			/* PTRACE_EVENT_SECCOMP stops */
	long msg;			/* the event message of the stop */
	enum sct_seen seen;
	long value;
};
#define T(d) (SECCOMP_RET_TRACE | (d))
#define STACK_ROW(name, ...) FIXTURE_VARIANT_ADD(trace_stack, name) { __VA_ARGS__ };
#define TRACED_BY(m) .stops = 1, .msg = (m), .seen = SCT_SEEN_RAN, .value = PARENT
STACK_ROW(trace_1_then_trace_2_newest_data, .n = 2, .acts = { T(1), T(2) }, TRACED_BY(2))
STACK_ROW(trace_ffff_then_trace_1_newest_data, .n = 2, .acts = { T(0xffff), T(1) }, TRACED_BY(1))
STACK_ROW(trace_1_then_trace_ffff_newest_data, .n = 2, .acts = { T(1), T(0xffff) },
	  TRACED_BY(0xffff))
STACK_ROW(trace_1_2_3_newest_data, .n = 3, .acts = { T(1), T(2), T(3) }, TRACED_BY(3))
STACK_ROW(trace_then_allow_trace_data, .n = 2, .acts = { T(5), SECCOMP_RET_ALLOW },
	  TRACED_BY(5))
STACK_ROW(allow_then_trace_trace_data, .n = 2, .acts = { SECCOMP_RET_ALLOW, T(6) },
	  TRACED_BY(6))
STACK_ROW(trace_then_log_trace_data, .n = 2, .acts = { T(7), SECCOMP_RET_LOG }, TRACED_BY(7))
STACK_ROW(log_then_trace_trace_data, .n = 2, .acts = { SECCOMP_RET_LOG, T(8) }, TRACED_BY(8))
STACK_ROW(trace_then_errno_no_stop, .n = 2, .acts = { T(9), SECCOMP_RET_ERRNO | EXDEV },
	  .stops = 0, .seen = SCT_SEEN_ERRNO, .value = EXDEV)
STACK_ROW(errno_then_trace_no_stop, .n = 2, .acts = { SECCOMP_RET_ERRNO | EXDEV, T(10) },
	  .stops = 0, .seen = SCT_SEEN_ERRNO, .value = EXDEV)
STACK_ROW(trace_then_kill_process_no_stop, .n = 2, .acts = { T(11), SECCOMP_RET_KILL_PROCESS },
	  .stops = 0, .seen = SCT_SEEN_PROCESS_KILLED, .value = SIGSYS)
STACK_ROW(kill_process_then_trace_no_stop, .n = 2, .acts = { SECCOMP_RET_KILL_PROCESS, T(12) },
	  .stops = 0, .seen = SCT_SEEN_PROCESS_KILLED, .value = SIGSYS)
FIXTURE_SETUP(trace_stack) {}
FIXTURE_TEARDOWN(trace_stack) {}

struct ptrace_paths_ts_report {
	struct ptrace_tracer_report base;	/* the results its file shares */
	long msg;
};

static int stack_body(struct sct_report *rep, void *arg)
{
	const FIXTURE_VARIANT(trace_stack) *v = arg;

	for (int i = 0; i < v->n; i++)
		if (tracee_install(rep, sct_filter_for_nr(__NR_getppid, v->acts[i],
							  SECCOMP_RET_ALLOW)))
			return 1;
	return call_and_record(rep, __NR_getppid);
}

static void stack_on_stop(pid_t pid, enum stop_kind kind, int *deliver,
			  struct sct_report *rep, const void *arg)
{
	unsigned long msg = 0;

	(void)deliver, (void)arg;
	if (kind == STOP_SECCOMP && SCT_REPORT(rep, struct ptrace_tracer_report)->seccomp_stops == 1 &&
	    !ptrace(PTRACE_GETEVENTMSG, pid, NULL, &msg))
		SCT_REPORT(rep, struct ptrace_paths_ts_report)->msg = (long)msg;
}

TEST_F(trace_stack, tracer_sees_winner)
{
	struct tracer t = {
		.body = stack_body, .arg = variant, .options = PTRACE_O_TRACESECCOMP,
		.on_stop = stack_on_stop,
	};
	struct sct_outcome out;

	for (int i = 0; i < variant->n; i++) {
		if (variant->acts[i] == SECCOMP_RET_LOG)
			SCT_REQUIRE(SCT_F_RET_LOG);
		if (variant->acts[i] == SECCOMP_RET_KILL_PROCESS)
			SCT_REQUIRE(SCT_F_RET_KILL_PROCESS);
	}
	RUN_TRACER(t, out);
	ASSERT_EQ(0, SCT_REPORT(&out.rep, struct ptrace_tracer_report)->setopt);
	EXPECT_EQ(variant->stops, SCT_REPORT(&out.rep, struct ptrace_tracer_report)->seccomp_stops) TH_LOG("PTRACE_EVENT_SECCOMP stops");
	if (variant->stops)
		EXPECT_EQ(variant->msg, SCT_REPORT(&out.rep, struct ptrace_paths_ts_report)->msg) TH_LOG("PTRACE_GETEVENTMSG");
	EXPECT_TRACEE(out, variant->seen, resolve_pid(&out, variant->value));
}

/* ---- 3. the tracer writes the memory the call reads ---------------------------------- */

/*
 * At the PTRACE_EVENT_SECCOMP stop the call has not run; the recheck after
 * it reloads the registers only (__seccomp_filter with NULL data). The call
 * then reads its buffers from memory as the tracer left them.
 */
enum poke_how { POKEDATA, VM_WRITEV };
enum poke_call { WRITE_TO_PIPE, OPEN_PATH };
FIXTURE(poke) {};
FIXTURE_VARIANT(poke) { enum poke_call call; enum poke_how how; };
FIXTURE_VARIANT_ADD(poke, write_buffer_pokedata) { .call = WRITE_TO_PIPE, .how = POKEDATA };
FIXTURE_VARIANT_ADD(poke, write_buffer_process_vm_writev) {
	.call = WRITE_TO_PIPE, .how = VM_WRITEV };
FIXTURE_VARIANT_ADD(poke, open_path_pokedata) { .call = OPEN_PATH, .how = POKEDATA };
FIXTURE_VARIANT_ADD(poke, open_path_process_vm_writev) { .call = OPEN_PATH, .how = VM_WRITEV };
FIXTURE_SETUP(poke) {}
FIXTURE_TEARDOWN(poke) {}

#define POKE_LEN 16
static const char tracee_bytes[POKE_LEN] = "/dev/.sct-none";	/* no such file */
static const char tracer_bytes[POKE_LEN] = "/dev/null";
struct ptrace_paths_pk_report {
	struct ptrace_tracer_report base;	/* the results its file shares */
	long poked;
	long same;
	long want_fd;
};

static int poke_body(struct sct_report *rep, void *arg)
{
	struct ptrace_paths_pk_report *res = SCT_REPORT(rep, struct ptrace_paths_pk_report);
	const FIXTURE_VARIANT(poke) *v = arg;
	static char buf[POKE_LEN] __attribute__((aligned(8)));
	char got[POKE_LEN] = "";
	struct sct_filter *f;
	int p[2];
	long nr = v->call == WRITE_TO_PIPE ? __NR_write : __NR_openat;

	memcpy(buf, tracee_bytes, POKE_LEN);
	if (pipe(p))
		return sct_report_broken(rep, "tracee: pipe");
	/* the lowest free descriptor is what the open returns */
	res->want_fd = fcntl(p[0], F_DUPFD, 0);
	close((int)res->want_fd);
	f = sct_filter_for_nr(nr, SECCOMP_RET_TRACE | 0x90, SECCOMP_RET_ALLOW);
	if (tracee_install(rep, f))
		return 1;
	if (v->call == WRITE_TO_PIPE)
		rep->ret = syscall(__NR_write, p[1], buf, POKE_LEN);
	else
		rep->ret = syscall(__NR_openat, AT_FDCWD, buf, O_RDONLY);
	rep->err = rep->ret == -1 ? errno : 0;
	SCT_REPORT(rep, struct ptrace_tracer_report)->done = 1;
	if (v->call == WRITE_TO_PIPE && rep->ret == POKE_LEN &&
	    read(p[0], got, POKE_LEN) == POKE_LEN)
		res->same = !memcmp(got, tracer_bytes, POKE_LEN);
	return 0;
}

static int poke(pid_t pid, enum poke_how how, unsigned long addr)
{
	if (how == VM_WRITEV) {
		struct iovec local = { (void *)tracer_bytes, POKE_LEN };
		struct iovec remote = { (void *)addr, POKE_LEN };

		return process_vm_writev(pid, &local, 1, &remote, 1, 0) == POKE_LEN ? 0 : -errno;
	}
	for (int i = 0; i < POKE_LEN; i += sizeof(long)) {
		long word;

		memcpy(&word, tracer_bytes + i, sizeof(word));
		if (ptrace(PTRACE_POKEDATA, pid, (void *)(addr + i), (void *)word))
			return -errno;
	}
	return 0;
}

static void poke_on_stop(pid_t pid, enum stop_kind kind, int *deliver,
			 struct sct_report *rep, const void *arg)
{
	struct ptrace_paths_pk_report *res = SCT_REPORT(rep, struct ptrace_paths_pk_report);
	const FIXTURE_VARIANT(poke) *v = arg;
	struct sct_arch_sysregs r;

	(void)deliver;
	if (kind != STOP_SECCOMP || res->poked)
		return;
	res->poked = sct_arch_get_sysregs(pid, &r) ?: 1;
	if (res->poked == 1)
		res->poked = poke(pid, v->how, r.args[1]) ?: 1;
}

TEST_F(poke, call_reads_tracer_data)
{
	struct tracer t = {
		.body = poke_body, .arg = variant, .options = PTRACE_O_TRACESECCOMP,
		.on_stop = poke_on_stop,
	};
	struct sct_outcome out;
	const struct ptrace_paths_pk_report *res = SCT_REPORT(&out.rep, struct ptrace_paths_pk_report);

	RUN_TRACER(t, out);
	ASSERT_EQ(0, SCT_REPORT(&out.rep, struct ptrace_tracer_report)->setopt);
	EXPECT_RESULT(1, res->poked, "writing the tracee's buffer");
	if (variant->call == WRITE_TO_PIPE) {
		EXPECT_TRACEE(out, SCT_SEEN_RAN, POKE_LEN);
		EXPECT_EQ(1, res->same) TH_LOG("the pipe did not hold the tracer's bytes");
	} else {
		/* the tracee's path does not exist; the tracer's does */
		EXPECT_TRACEE(out, SCT_SEEN_RAN, res->want_fd);
	}
}

/* ---- 4. restart_syscall -------------------------------------------------------------- */

/*
 * A sleep interrupted by a stop signal returns -ERESTART_RESTARTBLOCK;
 * with no handler to run, the arch's signal code rewinds the instruction
 * pointer and sets the number to restart_syscall, so the resumed sleep is a
 * new syscall the filters judge by that number (__seccomp_filter).
 */
enum restart_via { STOP_AND_CONT, TRACED };
FIXTURE(restart) {};
FIXTURE_VARIANT(restart) {
	enum restart_via via;
	long sleep_nr;
	uint32_t on_restart;	/* the filter's action for restart_syscall */
	enum sct_seen seen;
	long value;
};
#define RESTART_ROW(name, how, nr, act, s, v) FIXTURE_VARIANT_ADD(restart, name) { \
	.via = how, .sleep_nr = nr, .on_restart = act, .seen = s, .value = v }
RESTART_ROW(nanosleep_stopped_restart_allowed_completes, STOP_AND_CONT, __NR_nanosleep,
	    SECCOMP_RET_ALLOW, SCT_SEEN_RAN, 0);
RESTART_ROW(nanosleep_stopped_restart_errno_fails, STOP_AND_CONT, __NR_nanosleep,
	    SECCOMP_RET_ERRNO | EXDEV, SCT_SEEN_ERRNO, EXDEV);
RESTART_ROW(nanosleep_stopped_restart_killed, STOP_AND_CONT, __NR_nanosleep,
	    SECCOMP_RET_KILL_PROCESS, SCT_SEEN_PROCESS_KILLED, SIGSYS);
RESTART_ROW(clock_nanosleep_stopped_restart_allowed_completes, STOP_AND_CONT,
	    __NR_clock_nanosleep, SECCOMP_RET_ALLOW, SCT_SEEN_RAN, 0);
RESTART_ROW(clock_nanosleep_stopped_restart_errno_fails, STOP_AND_CONT,
	    __NR_clock_nanosleep, SECCOMP_RET_ERRNO | EXDEV, SCT_SEEN_ERRNO, EXDEV);
RESTART_ROW(nanosleep_traced_restart_traced_completes, TRACED, __NR_nanosleep,
	    SECCOMP_RET_TRACE | 2, SCT_SEEN_RAN, 0);
RESTART_ROW(clock_nanosleep_traced_restart_traced_completes, TRACED, __NR_clock_nanosleep,
	    SECCOMP_RET_TRACE | 2, SCT_SEEN_RAN, 0);
RESTART_ROW(nanosleep_traced_restart_errno_fails, TRACED, __NR_nanosleep,
	    SECCOMP_RET_ERRNO | EXDEV, SCT_SEEN_ERRNO, EXDEV);
RESTART_ROW(nanosleep_traced_restart_killed, TRACED, __NR_nanosleep,
	    SECCOMP_RET_KILL_PROCESS, SCT_SEEN_PROCESS_KILLED, SIGSYS);
FIXTURE_SETUP(restart) {}
FIXTURE_TEARDOWN(restart) {}

#define SLEEP_MS_UNTRACED 1000	/* long enough to be caught asleep */
#define SLEEP_MS_TRACED 200	/* interrupted at once: the stop is queued first */
struct ptrace_paths_rs_report {
	struct ptrace_tracer_report base;	/* the results its file shares */
	long stopped;		/* the sleeper was stopped */
	long events;		/* PTRACE_EVENT_SECCOMP stops */
	struct {
		long msg, nr;	/* the event's message and syscall number */
	} stop[2];
};

/* sleep_nr: TRACE|1; restart_syscall: on_restart; the rest: ALLOW. */
static struct sct_filter *restart_filter(const FIXTURE_VARIANT(restart) *v)
{
	struct sct_filter *f = sct_filter_new();
	sct_label sleep = sct_label_new(f), restart = sct_label_new(f);

	sct_check_arch(f, sct_arch_native()->audit_arch, SECCOMP_RET_KILL_PROCESS);
	sct_ld_nr(f);
	sct_jeq(f, (uint32_t)v->sleep_nr, sleep, SCT_NEXT);
	sct_jeq(f, (uint32_t)sct_arch_restart_syscall_nr(), restart, SCT_NEXT);
	sct_ret(f, SECCOMP_RET_ALLOW);
	sct_label_here(f, sleep);
	sct_ret(f, v->via == TRACED ? SECCOMP_RET_TRACE | 1 : SECCOMP_RET_ALLOW);
	sct_label_here(f, restart);
	sct_ret(f, v->on_restart);
	return f;
}

static int restart_body(struct sct_report *rep, void *arg)
{
	const FIXTURE_VARIANT(restart) *v = arg;
	int ms = v->via == TRACED ? SLEEP_MS_TRACED : SLEEP_MS_UNTRACED;
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	if (tracee_install(rep, restart_filter(v)))
		return 1;
	if (v->sleep_nr == __NR_nanosleep)
		rep->ret = syscall(__NR_nanosleep, &ts, NULL);
	else
		rep->ret = syscall(__NR_clock_nanosleep, CLOCK_MONOTONIC, 0, &ts, NULL);
	rep->err = rep->ret == -1 ? errno : 0;
	SCT_REPORT(rep, struct ptrace_tracer_report)->done = 1;
	return 0;
}

/* /proc/PID/syscall starts with the number a blocked task is in. */
static bool blocked_in(pid_t pid, long nr)
{
	char path[64], buf[64] = "";
	int fd, n;

	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return false;
	n = (int)read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 && strtol(buf, NULL, 10) == nr && buf[0] != 'r';
}

/* waitpid(flags | WNOHANG) with a deadline: 0 or -ETIMEDOUT / -errno. */
static int wait_state(pid_t pid, int flags, int *status)
{
	for (int i = 0; i < WAIT_MS; i++) {
		pid_t w = waitpid(pid, status, flags | WNOHANG);

		if (w == pid)
			return 0;
		if (w < 0)
			return -errno;
		usleep(1000);
	}
	return -ETIMEDOUT;
}

/* Without a tracer: catch the child asleep, SIGSTOP, see it stop, SIGCONT. */
static int stop_and_cont_main(struct sct_report *rep, void *arg)
{
	int status = 0, i, ret;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return sct_report_broken(rep, "fork the sleeper");
	if (pid == 0)
		_exit(restart_body(rep, arg));
	for (i = 0; i < WAIT_MS && !blocked_in(pid, ((const FIXTURE_VARIANT(restart) *)arg)->sleep_nr); i++)
		usleep(1000);
	if (i == WAIT_MS || kill(pid, SIGSTOP))
		return kill(pid, SIGKILL), sct_report_broken(rep, "catch the sleeper asleep");
	if (wait_state(pid, WUNTRACED, &status) || !WIFSTOPPED(status))
		return kill(pid, SIGKILL),
		       sct_report_broken(rep, "the sleeper did not stop (it ended first)");
	SCT_REPORT(rep, struct ptrace_paths_rs_report)->stopped = 1;
	kill(pid, SIGCONT);
	ret = wait_state(pid, 0, &status);
	record_end(rep, ret, status);
	if (ret)
		kill(pid, SIGKILL);
	return 0;
}

/* Traced: queue a SIGSTOP at the sleep's TRACE stop (the sleep returns at
 * once to restart), suppress it at its signal stop, read the restart. */
static void restart_on_stop(pid_t pid, enum stop_kind kind, int *deliver,
			    struct sct_report *rep, const void *arg)
{
	struct ptrace_paths_rs_report *res = SCT_REPORT(rep, struct ptrace_paths_rs_report);
	struct sct_arch_sysregs r = { .nr = -1 };
	unsigned long msg = 0;
	long i;

	(void)arg;
	if (kind == STOP_SIGNAL && *deliver == 0)
		res->stopped = 1;	/* the SIGSTOP, not delivered */
	if (kind != STOP_SECCOMP || (i = res->events++) > 1)
		return;
	ptrace(PTRACE_GETEVENTMSG, pid, NULL, &msg);
	sct_arch_get_sysregs(pid, &r);
	res->stop[i].msg = (long)msg;
	res->stop[i].nr = r.nr;
	if (i == 0)
		kill(pid, SIGSTOP);
}

TEST_F(restart, restart_syscall_judged)
{
	struct tracer t = {
		.body = restart_body, .arg = variant, .options = PTRACE_O_TRACESECCOMP,
		.on_stop = restart_on_stop,
	};
	bool traced_restart = variant->on_restart == (SECCOMP_RET_TRACE | 2);
	struct sct_outcome out;
	const struct ptrace_paths_rs_report *res = SCT_REPORT(&out.rep, struct ptrace_paths_rs_report);

	if (variant->via == TRACED) {
		RUN_TRACER(t, out);
		ASSERT_EQ(0, SCT_REPORT(&out.rep, struct ptrace_tracer_report)->setopt);
		EXPECT_EQ(traced_restart ? 2 : 1, res->events);
		EXPECT_EQ(1, res->stop[0].msg);
		EXPECT_EQ(variant->sleep_nr, res->stop[0].nr);
		if (traced_restart) {
			/* the tracer sees restart_syscall, not the sleep */
			EXPECT_EQ(2, res->stop[1].msg);
			EXPECT_EQ(sct_arch_restart_syscall_nr(), res->stop[1].nr);
		}
	} else {
		ASSERT_EQ(0, sct_run_child(stop_and_cont_main, (void *)variant,
					   3 * SLEEP_MS_UNTRACED, &out));
		ASSERT_EXITED(out, 0);
	}
	EXPECT_EQ(1, res->stopped) TH_LOG("the sleeper was not stopped");
	EXPECT_TRACEE(out, variant->seen, variant->value);
}

/* ---- 5. negative syscall numbers ----------------------------------------------------- */

/*
 * A filter loads nr as the 32-bit int in seccomp_data (populate_seccomp_data),
 * so syscall(-1) and syscall(0xffffffff) are one number to it. Unfiltered,
 * -1 is skipped by the arch with the entry's -ENOSYS left in place and
 * other numbers past the table are ENOSYS. At a TRACE stop a negative
 * number counts as skipped (__seccomp_filter: this_syscall < 0), so ENOSYS
 * again (x86_64 sets it at entry; arm64 only for -1, other numbers return
 * their first argument); an ERRNO filter for the number wins on every path.
 */
enum neg_path { UNTRACED, PTRACE_SYSCALL_STOPS, TRACESECCOMP };
enum neg_filter { ALLOW_ALL, TRACE_NR, ERRNO_NR };
FIXTURE(negative) {};
FIXTURE_VARIANT(negative) { long nr; enum neg_path path; enum neg_filter filter; };
#define NEG_ROW(name, n, p, f) FIXTURE_VARIANT_ADD(negative, name##_##p##_##f) { \
	.nr = n, .path = p, .filter = f };
#define NEG_PATHS(name, n)						\
	NEG_ROW(name, n, UNTRACED, ALLOW_ALL) NEG_ROW(name, n, UNTRACED, ERRNO_NR) \
	NEG_ROW(name, n, PTRACE_SYSCALL_STOPS, ALLOW_ALL)		\
	NEG_ROW(name, n, PTRACE_SYSCALL_STOPS, ERRNO_NR)		\
	NEG_ROW(name, n, TRACESECCOMP, TRACE_NR) NEG_ROW(name, n, TRACESECCOMP, ERRNO_NR)
NEG_PATHS(minus_1, -1L)
NEG_PATHS(minus_2, -2L)
NEG_PATHS(int_min, (long)INT_MIN)
NEG_PATHS(u32_max_as_long, 0xffffffffL)
FIXTURE_SETUP(negative) {}
FIXTURE_TEARDOWN(negative) {}

#define NEG_ERRNO 3077	/* the ERRNO filter's value: proves the filter matched */
#define NEG_DATA 0x77
struct ptrace_paths_ng_report {
	struct ptrace_tracer_report base;	/* the results its file shares */
	long msg;
};

static struct sct_filter *negative_filter(const FIXTURE_VARIANT(negative) *v)
{
	if (v->filter == ALLOW_ALL)
		return sct_filter_ret(SECCOMP_RET_ALLOW);
	/* an exact match on the low 32 bits: nr as the filter sees it */
	return sct_filter_for_nr((long)(uint32_t)v->nr,
				 v->filter == TRACE_NR ? SECCOMP_RET_TRACE | NEG_DATA :
				 SECCOMP_RET_ERRNO | NEG_ERRNO, SECCOMP_RET_ALLOW);
}

static int negative_body(struct sct_report *rep, void *arg)
{
	const FIXTURE_VARIANT(negative) *v = arg;

	if (tracee_install(rep, negative_filter(v)))
		return 1;
	return call_and_record(rep, v->nr);
}

static void negative_on_stop(pid_t pid, enum stop_kind kind, int *deliver,
			     struct sct_report *rep, const void *arg)
{
	unsigned long msg = 0;

	(void)deliver, (void)arg;
	if (kind == STOP_SECCOMP && !ptrace(PTRACE_GETEVENTMSG, pid, NULL, &msg))
		SCT_REPORT(rep, struct ptrace_paths_ng_report)->msg = (long)msg;
}

TEST_F(negative, enosys_or_filter_errno)
{
	int want = variant->filter == ERRNO_NR ? NEG_ERRNO : ENOSYS;
	/* where one register holds the first argument and the result (arm64),
	 * a skip returns what it holds: the entry put -ENOSYS there only for
	 * syscall(-1) (el0_svc_common), so other numbers return MARK */
	bool returns_arg0 = sct_arch_native()->skip_returns_arg0 && (int)variant->nr != -1 &&
			    variant->path == TRACESECCOMP && variant->filter == TRACE_NR;
	struct tracer t = {
		.body = negative_body, .arg = variant, .on_stop = negative_on_stop,
		.syscall_stops = variant->path == PTRACE_SYSCALL_STOPS,
		.options = variant->path == TRACESECCOMP ? PTRACE_O_TRACESECCOMP : 0,
	};
	struct sct_outcome out;

	if (variant->path == UNTRACED) {
		struct sct_stage stage = { .filter = negative_filter(variant) };
		struct sct_probe probe = { .nr = variant->nr, .args = { MARK } };
		struct sct_observation obs;

		ASSERT_EQ(0, sct_observe(&stage, 1, &probe, &obs));
		sct_filter_free(stage.filter);
		ASSERT_SEEN(obs, SCT_SEEN_ERRNO, want);
		return;
	}
	RUN_TRACER(t, out);
	ASSERT_EQ(0, SCT_REPORT(&out.rep, struct ptrace_tracer_report)->setopt);
	EXPECT_EQ(variant->filter == TRACE_NR, SCT_REPORT(&out.rep, struct ptrace_tracer_report)->seccomp_stops);
	if (variant->filter == TRACE_NR)
		EXPECT_EQ(NEG_DATA, SCT_REPORT(&out.rep, struct ptrace_paths_ng_report)->msg);
	if (returns_arg0)
		EXPECT_TRACEE(out, SCT_SEEN_RAN, MARK);
	else
		EXPECT_TRACEE(out, SCT_SEEN_ERRNO, want);
}

SCT_SUITE_MAIN("seccomp and ptrace paths: rewriting a call at the PTRACE_SYSCALL entry stop "
	       "(filters judge the new number), kills beat tracers, the newest TRACE filter's "
	       "data, a tracer writing the memory a call reads, "
	       "restart_syscall after a stop, negative syscall numbers on every path.")
