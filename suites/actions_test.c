// SPDX-License-Identifier: GPL-2.0-only
/*
 * actions_test - what each filter return value does to the syscall that
 * met it. One filter per case, matching getppid on the native arch; the
 * probe runs in a second thread of a fresh child so that a thread kill and
 * a process kill can be told apart (kernel/seccomp.c, __seccomp_filter).
 * TRAP gets its own cases: the SIGSYS siginfo and the handler's registers,
 * field by field, and what an ignored, blocked or default SIGSYS does.
 */
#include <signal.h>

#include "suite.h"

FIXTURE(action) {};
FIXTURE_VARIANT(action) {
	uint32_t ret;			/* what the filter returns for getppid */
	enum sct_feature needs;		/* SCT_F_COUNT: nothing special */
	enum sct_seen seen;		/* what the calling thread must see */
	long value;			/* errno / si_errno / signal; SCT_ANY */
	const char *guards;		/* kernel fix this row guards, or NULL */
};

#define NEEDS_NOTHING SCT_F_COUNT
#define PPID (-1L)	/* RAN: the real parent pid, filled in at run time */

FIXTURE_VARIANT_ADD(action, allow) {
	.ret = SECCOMP_RET_ALLOW, .needs = NEEDS_NOTHING,
	.seen = SCT_SEEN_RAN, .value = PPID,
};
/* ERRNO 0 skips the syscall and returns 0: "success" without running it */
FIXTURE_VARIANT_ADD(action, errno_0) {
	.ret = SECCOMP_RET_ERRNO | 0, .needs = NEEDS_NOTHING,
	.seen = SCT_SEEN_RAN, .value = 0,
};
FIXTURE_VARIANT_ADD(action, errno_1) {
	.ret = SECCOMP_RET_ERRNO | 1, .needs = NEEDS_NOTHING,
	.seen = SCT_SEEN_ERRNO, .value = 1,
};
FIXTURE_VARIANT_ADD(action, errno_4095) {
	.ret = SECCOMP_RET_ERRNO | 4095, .needs = NEEDS_NOTHING,
	.seen = SCT_SEEN_ERRNO, .value = 4095,
};
/* data above MAX_ERRNO is clamped to it (Linux 4.13, 580c57f10768) */
#define ERRNO_CLAMP_FIX "580c57f10768 (seccomp: clamp errno values > MAX_ERRNO, Linux 4.13)"
FIXTURE_VARIANT_ADD(action, errno_4096_clamped) {
	.ret = SECCOMP_RET_ERRNO | 4096, .needs = NEEDS_NOTHING,
	.seen = SCT_SEEN_ERRNO, .value = 4095, .guards = ERRNO_CLAMP_FIX,
};
FIXTURE_VARIANT_ADD(action, errno_65535_clamped) {
	.ret = SECCOMP_RET_ERRNO | 0xffff, .needs = NEEDS_NOTHING,
	.seen = SCT_SEEN_ERRNO, .value = 4095, .guards = ERRNO_CLAMP_FIX,
};
FIXTURE_VARIANT_ADD(action, trap_data_in_si_errno) {
	.ret = SECCOMP_RET_TRAP | 42, .needs = NEEDS_NOTHING,
	.seen = SCT_SEEN_TRAPPED, .value = 42,
};
FIXTURE_VARIANT_ADD(action, kill_thread) {
	.ret = SECCOMP_RET_KILL_THREAD, .needs = NEEDS_NOTHING,
	.seen = SCT_SEEN_THREAD_KILLED, .value = SCT_ANY,
};
FIXTURE_VARIANT_ADD(action, kill_process) {
	.ret = SECCOMP_RET_KILL_PROCESS, .needs = SCT_F_RET_KILL_PROCESS,
	.seen = SCT_SEEN_PROCESS_KILLED, .value = SIGSYS,
};
FIXTURE_VARIANT_ADD(action, log_allows) {
	.ret = SECCOMP_RET_LOG, .needs = SCT_F_RET_LOG,
	.seen = SCT_SEEN_RAN, .value = PPID,
};
/* no tracer attached: -ENOSYS (__seccomp_filter, SECCOMP_RET_TRACE) */
FIXTURE_VARIANT_ADD(action, trace_without_tracer_enosys) {
	.ret = SECCOMP_RET_TRACE | 7, .needs = NEEDS_NOTHING,
	.seen = SCT_SEEN_ERRNO, .value = ENOSYS,
};
/* no listener: -ENOSYS (seccomp_do_user_notification) */
FIXTURE_VARIANT_ADD(action, user_notif_without_listener_enosys) {
	.ret = SECCOMP_RET_USER_NOTIF, .needs = SCT_F_RET_USER_NOTIF,
	.seen = SCT_SEEN_ERRNO, .value = ENOSYS,
};
/* Unknown actions take the default: branch, which is KILL_PROCESS. */
#define UNKNOWN_ACTION(name, act)					\
	FIXTURE_VARIANT_ADD(action, name) {				\
		.ret = (act), .needs = NEEDS_NOTHING,		\
		.seen = SCT_SEEN_PROCESS_KILLED, .value = SIGSYS,	\
	}
UNKNOWN_ACTION(unknown_0x00010000_kills_process, 0x00010000U);
UNKNOWN_ACTION(unknown_0x00020000_kills_process, 0x00020000U);
UNKNOWN_ACTION(unknown_0x00040000_kills_process, 0x00040000U);
UNKNOWN_ACTION(unknown_0x00060000_kills_process, 0x00060000U);
UNKNOWN_ACTION(unknown_0x7ffe0000_kills_process, 0x7ffe0000U);
UNKNOWN_ACTION(unknown_0x7fe00000_kills_process, 0x7fe00000U);
UNKNOWN_ACTION(unknown_0x90000000_kills_process, 0x90000000U);
UNKNOWN_ACTION(unknown_0xffff0000_kills_process, 0xffff0000U);

FIXTURE_SETUP(action) {}
FIXTURE_TEARDOWN(action) {}

TEST_F(action, seen_by_caller)
{
	struct sct_stage stage = {
		sct_filter_for_nr(__NR_getppid, variant->ret, SECCOMP_RET_ALLOW), 0 };
	struct sct_probe probe = { .nr = __NR_getppid };
	struct sct_observation obs;
	/* the child's parent is this test process */
	long want = variant->value == PPID ? getpid() : variant->value;

	if (variant->needs != NEEDS_NOTHING)
		SCT_REQUIRE(variant->needs);
	ASSERT_EQ(0, sct_observe(&stage, 1, &probe, &obs));
	ASSERT_SEEN_GUARDING(obs, variant->seen, want, variant->guards);
	sct_filter_free(stage.filter);
}

/*
 * Actions apply to the matched syscall only: with getpid denied, getppid
 * still runs and returns the child's parent, this test process.
 */
TEST(errno_affects_only_the_matched_syscall)
{
	struct sct_stage stage = {
		sct_filter_for_nr(__NR_getpid, SECCOMP_RET_ERRNO | EPERM, SECCOMP_RET_ALLOW), 0 };
	struct sct_probe probe = { .nr = __NR_getppid };
	struct sct_observation obs;

	ASSERT_EQ(0, sct_observe(&stage, 1, &probe, &obs));
	ASSERT_SEEN(obs, SCT_SEEN_RAN, getpid());
	sct_filter_free(stage.filter);
}

/* ---- TRAP: the SIGSYS a handler receives ---------------------------------- */

/*
 * __seccomp_filter, SECCOMP_RET_TRAP: syscall_rollback, then
 * force_sig_seccomp(nr, data): si_signo SIGSYS, si_code SYS_SECCOMP,
 * si_errno the filter's 16 data bits (whole, no clamping: only ERRNO clamps),
 * si_call_addr KSTK_EIP (the address after the syscall instruction),
 * si_arch syscall_get_arch, si_syscall the number. The call is made from
 * the arch layer's one known call site (sct_arch_syscall6) so that the
 * address can be compared exactly.
 */
/* What the SIGSYS handler saw: its siginfo and the trapped registers. */
struct trap_report {
	long trapped;		/* handler runs */
	long signo, code, err;	/* si_signo, si_code, si_errno */
	long addr;		/* si_call_addr */
	long nr, arch;		/* si_syscall, si_arch */
	long reg_nr, reg_ip, reg_args[6];
};

/* Six whole 64-bit arguments, each half different from every other. */
static const long trap_args[6] = {
	(long)0x0123456789abcdefUL, (long)0xfedcba9876543210UL,
	(long)0x8000000000000001UL, (long)0xffffffff00000000UL,
	(long)0x00000000ffffffffUL, (long)0x5555aaaa3333ccccUL,
};

/* What the handler makes the trapped call return: above pid_max (4194304),
 * so never what getppid itself could answer. */
#define EMULATED_RET 0x7e571234L

static struct sct_report *trap_rep;	/* the child's report, for the handler */

static void on_trap(int sig, siginfo_t *si, void *uctx)
{
	struct sct_arch_trap_regs regs;

	(void)sig;
	SCT_REPORT(trap_rep, struct trap_report)->signo = si->si_signo;
	SCT_REPORT(trap_rep, struct trap_report)->code = si->si_code;
	SCT_REPORT(trap_rep, struct trap_report)->err = si->si_errno;
	SCT_REPORT(trap_rep, struct trap_report)->addr = (long)si->si_call_addr;
	SCT_REPORT(trap_rep, struct trap_report)->nr = si->si_syscall;
	SCT_REPORT(trap_rep, struct trap_report)->arch = (long)si->si_arch;
	sct_arch_trap_regs(uctx, &regs);
	SCT_REPORT(trap_rep, struct trap_report)->reg_nr = regs.nr;
	SCT_REPORT(trap_rep, struct trap_report)->reg_ip = (long)regs.ip;
	for (int i = 0; i < 6; i++)
		SCT_REPORT(trap_rep, struct trap_report)->reg_args[i] = (long)regs.args[i];
	sct_arch_trap_set_ret(uctx, EMULATED_RET);
	SCT_REPORT(trap_rep, struct trap_report)->trapped++;
}

/* arg: the filter's 16 data bits. rep->ret: what the trapped call returned. */
static int trap_child(struct sct_report *rep, void *arg)
{
	uint32_t data = (uint32_t)(uintptr_t)arg;
	struct sigaction sa = { .sa_sigaction = on_trap, .sa_flags = SA_SIGINFO };
	struct sct_filter *f = sct_filter_for_nr(__NR_getppid, SECCOMP_RET_TRAP | data,
						 SECCOMP_RET_ALLOW);

	trap_rep = rep;
	if (sigaction(SIGSYS, &sa, NULL))
		return sct_report_broken(rep, "sigaction(SIGSYS)");
	if (sct_install_filter(f, 0))
		return sct_report_broken(rep, "install the TRAP filter");
	rep->stage = 1;
	rep->ret = sct_arch_syscall6(__NR_getppid, trap_args);
	rep->stage = 2;
	sct_filter_free(f);
	return 0;
}

/* Run trap_child; SKIP when this arch has no known call site. */
#define RUN_TRAP_CHILD(data, out) do {					\
	if (!sct_arch_syscall6_ip())					\
		SKIP(return, "arch %s has no sct_arch_syscall6 call site", \
		     sct_arch_native()->name);				\
	ASSERT_EQ(0, sct_run_child(trap_child, (void *)(uintptr_t)(data), 0, &(out))); \
	ASSERT_EXITED(out, 0);						\
	ASSERT_EQ(2, (out).rep.stage);					\
	ASSERT_EQ(1, SCT_REPORT(&(out).rep, struct trap_report)->trapped) TH_LOG("SIGSYS handler runs"); \
} while (0)

FIXTURE(trap_siginfo) {};
FIXTURE_VARIANT(trap_siginfo) { uint32_t data; };
FIXTURE_VARIANT_ADD(trap_siginfo, data_0) { .data = 0 };
FIXTURE_VARIANT_ADD(trap_siginfo, data_1) { .data = 1 };
FIXTURE_VARIANT_ADD(trap_siginfo, data_4096_not_clamped) { .data = 4096 };
FIXTURE_VARIANT_ADD(trap_siginfo, data_0xffff_whole) { .data = 0xffff };
FIXTURE_SETUP(trap_siginfo) {}
FIXTURE_TEARDOWN(trap_siginfo) {}

TEST_F(trap_siginfo, every_field_exact)
{
	struct sct_outcome out;
	const struct trap_report *v = SCT_REPORT(&out.rep, struct trap_report);

	RUN_TRAP_CHILD(variant->data, out);
	EXPECT_EQ(SIGSYS, v->signo);
	EXPECT_EQ(SCT_SYS_SECCOMP, v->code);
	EXPECT_EQ((long)variant->data, v->err) TH_LOG("si_errno carries the data, 16 bits whole");
	EXPECT_EQ(__NR_getppid, v->nr);
	EXPECT_EQ((long)sct_arch_native()->audit_arch, v->arch);
	EXPECT_EQ((long)sct_arch_syscall6_ip(), v->addr)
		TH_LOG("si_call_addr: the address after the syscall instruction");
}

/* The handler's ucontext: number, six whole arguments, and the return address. */
TEST(trap_registers_hold_the_call)
{
	struct sct_outcome out;
	const struct trap_report *v = SCT_REPORT(&out.rep, struct trap_report);

	RUN_TRAP_CHILD(7, out);
	EXPECT_EQ(__NR_getppid, v->reg_nr) TH_LOG("syscall_rollback restores the number");
	EXPECT_EQ((long)sct_arch_syscall6_ip(), v->reg_ip);
	for (int i = 0; i < 6; i++) {
		EXPECT_EQ(trap_args[i], v->reg_args[i]) TH_LOG("argument %d", i);
	}
}

/* TRAP skips the call ("goto skip"); what the handler leaves in the return
 * register is what the caller gets: in-process emulation. */
TEST(trap_handler_result_is_the_return_value)
{
	struct sct_outcome out;

	RUN_TRAP_CHILD(7, out);
	EXPECT_EQ(EMULATED_RET, out.rep.ret);
}

/*
 * force_sig_seccomp(..., force_coredump=false) goes through
 * force_sig_info_to_task(HANDLER_CURRENT): a blocked or ignored SIGSYS is
 * reset to SIG_DFL (and unblocked), so TRAP then kills the process by
 * SIGSYS instead of being lost; at SIG_DFL it kills by SIGSYS anyway (the
 * default action of SIGSYS is to terminate with a core).
 */
enum disposition { SIGSYS_DEFAULT, SIGSYS_IGNORED, SIGSYS_BLOCKED };

FIXTURE(trap_disposition) {};
FIXTURE_VARIANT(trap_disposition) { enum disposition disp; };
FIXTURE_VARIANT_ADD(trap_disposition, default) { .disp = SIGSYS_DEFAULT };
FIXTURE_VARIANT_ADD(trap_disposition, ignored) { .disp = SIGSYS_IGNORED };
FIXTURE_VARIANT_ADD(trap_disposition, blocked) { .disp = SIGSYS_BLOCKED };
FIXTURE_SETUP(trap_disposition) {}
FIXTURE_TEARDOWN(trap_disposition) {}

/* Exit status when the trapped call returned: the process was not killed. */
#define SURVIVED_TRAP 3

static int disposition_child(struct sct_report *rep, void *arg)
{
	const enum disposition *disp = arg;
	struct sigaction sa = { .sa_handler = *disp == SIGSYS_IGNORED ? SIG_IGN : SIG_DFL };
	struct sct_filter *f = sct_filter_for_nr(__NR_getppid, SECCOMP_RET_TRAP,
						 SECCOMP_RET_ALLOW);
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGSYS);
	if (sigaction(SIGSYS, &sa, NULL) ||
	    sigprocmask(*disp == SIGSYS_BLOCKED ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL))
		return sct_report_broken(rep, "set the SIGSYS disposition");
	if (sct_install_filter(f, 0))
		return sct_report_broken(rep, "install the TRAP filter");
	rep->stage = 1;
	rep->ret = syscall(__NR_getppid);
	rep->stage = 2;
	return SURVIVED_TRAP;
}

TEST_F(trap_disposition, kills_by_sigsys)
{
	struct sct_outcome out;

	ASSERT_EQ(0, sct_run_child(disposition_child, (void *)&variant->disp, 0, &out));
	ASSERT_FALSE(out.rep.broken[0]) TH_LOG("%s", out.rep.broken);
	ASSERT_KILLED_BY(out, SIGSYS);
	EXPECT_EQ(1, out.rep.stage) TH_LOG("killed inside the trapped call");
}

SCT_SUITE_MAIN("Filter actions: ALLOW, ERRNO (with clamping), TRAP with its siginfo and "
	       "registers (exact), emulation and SIGSYS dispositions, KILL_THREAD, "
	       "KILL_PROCESS, LOG, TRACE and USER_NOTIF without a peer, unknown actions.")
