// SPDX-License-Identifier: GPL-2.0-only
/*
 * inherit_policy_test - live checks of rules real policies use:
 * execve/execveat denied, Docker's clone namespace mask and clone3 -> ENOSYS
 * (so glibc falls back to clone), ptrace denied, W^X on anonymous memory,
 * ioctl by request number (comparing the low 32 bits: the kernel takes
 * `unsigned int cmd`). Each runs under filters inherited as in inherit_test.
 */
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <linux/sched.h>	/* struct clone_args */

#include "suite.h"
#include "helpers/inherit_report.h"
#include "inherit.h"

extern char **environ;

/* ---- syscalls worth filtering carefully -------------------------------------------- */

#define DENIED INHERIT_DENIED
/* Docker's clone rule: none of CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC,
 * NEWUSER, NEWPID, NEWNET (moby profile, "clone" with MASKED_EQ 2114060288). */
#define CLONE_NS_MASK 0x7E020000UL

enum policy {
	P_EXEC,		/* execve, execveat -> DENIED */
	P_CLONE,	/* clone with a namespace flag -> DENIED; clone3 -> ENOSYS */
	P_PTRACE,	/* ptrace -> DENIED */
	P_WX,		/* mmap PROT_EXEC of anonymous memory, mprotect PROT_EXEC -> DENIED */
	P_IOCTL,	/* ioctl TIOCSTI, compared on the low 32 bits -> DENIED */
	P_IOCTL_NAIVE,	/* ioctl TIOCSTI, compared on all 64 bits -> DENIED */
};

static struct sct_filter *policy_filter(enum policy p)
{
	struct sct_filter *f = sct_filter_new();
	sct_label allow, deny, enosys, l1, l2;

	if (!f)
		return NULL;
	allow = sct_label_new(f);
	deny = sct_label_new(f);
	enosys = sct_label_new(f);
	l1 = sct_label_new(f);
	l2 = sct_label_new(f);
	sct_check_arch(f, sct_arch_native()->audit_arch, SECCOMP_RET_KILL_PROCESS);
	sct_ld_nr(f);
	switch (p) {
	case P_EXEC:
		sct_jeq(f, __NR_execve, deny, SCT_NEXT);
		sct_jeq(f, __NR_execveat, deny, allow);
		break;
	case P_CLONE:
		sct_jeq(f, __NR_clone3, enosys, SCT_NEXT);
		sct_jeq(f, __NR_clone, SCT_NEXT, allow);
		sct_cmp64(f, 0, SCT_CMP_MASKED_EQ, 0, CLONE_NS_MASK, allow, deny);
		break;
	case P_PTRACE:
		sct_jeq(f, __NR_ptrace, deny, allow);
		break;
	case P_WX:
		sct_jeq(f, __NR_mmap, l1, SCT_NEXT);
		sct_jeq(f, __NR_mprotect, l2, allow);
		sct_label_here(f, l1);
		sct_cmp64(f, 2, SCT_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC, SCT_NEXT, allow);
		sct_cmp64(f, 3, SCT_CMP_MASKED_EQ, MAP_ANONYMOUS, MAP_ANONYMOUS, deny, allow);
		sct_label_here(f, l2);
		sct_cmp64(f, 2, SCT_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC, deny, allow);
		break;
	case P_IOCTL:
	case P_IOCTL_NAIVE:
		sct_jeq(f, __NR_ioctl, SCT_NEXT, allow);
		if (p == P_IOCTL)
			sct_cmp64(f, 1, SCT_CMP_MASKED_EQ, TIOCSTI, 0xffffffffUL, deny, allow);
		else
			sct_cmp64(f, 1, SCT_CMP_EQ, TIOCSTI, 0, deny, allow);
		break;
	}
	sct_label_here(f, allow);
	sct_ret(f, SECCOMP_RET_ALLOW);
	sct_label_here(f, deny);
	sct_ret(f, SECCOMP_RET_ERRNO | DENIED);
	sct_label_here(f, enosys);
	sct_ret(f, SECCOMP_RET_ERRNO | ENOSYS);
	return f;
}

enum op {
	OP_EXECVE, OP_EXECVEAT,
	OP_CLONE_NEWUTS, OP_CLONE_NEWUSER, OP_CLONE_PLAIN, OP_CLONE3, OP_PTHREAD, OP_FORK,
	OP_PTRACE_TRACEME,
	OP_MMAP_ANON_EXEC, OP_MMAP_ANON_RW, OP_MMAP_FILE_EXEC, OP_MPROTECT_EXEC, OP_MPROTECT_READ,
	OP_TIOCSTI, OP_TIOCSTI_HIGH_BITS, OP_TCGETS, OP_TCGETS_PIPE,
};

enum verdict {
	RUNS,		/* succeeded */
	FAILS,		/* -1 with errno `err` */
	REACHES_KERNEL,	/* not answered by the filter: anything but DENIED */
};

FIXTURE(careful) {};
FIXTURE_VARIANT(careful) {
	enum policy policy;
	enum op op;
	enum verdict verdict;
	int err;
	enum sct_feature needs;
};
FIXTURE_VARIANT_ADD(careful, execve_denied) {
	.policy = P_EXEC, .op = OP_EXECVE, .verdict = FAILS, .err = DENIED, .needs = NEEDS_NOTHING,
};
FIXTURE_VARIANT_ADD(careful, execveat_denied) {
	.policy = P_EXEC, .op = OP_EXECVEAT, .verdict = FAILS, .err = DENIED,
	.needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(careful, clone_newuts_denied) {
	.policy = P_CLONE, .op = OP_CLONE_NEWUTS, .verdict = FAILS, .err = DENIED,
	.needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(careful, clone_newuser_denied) {
	.policy = P_CLONE, .op = OP_CLONE_NEWUSER, .verdict = FAILS, .err = DENIED,
	.needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(careful, clone_plain_runs) {
	.policy = P_CLONE, .op = OP_CLONE_PLAIN, .verdict = RUNS, .needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(careful, clone3_enosys) {
	.policy = P_CLONE, .op = OP_CLONE3, .verdict = FAILS, .err = ENOSYS, .needs = SCT_F_CLONE3,
};
/* glibc >= 2.34 tries clone3 first and falls back to clone only on ENOSYS */
FIXTURE_VARIANT_ADD(careful, pthread_create_falls_back_to_clone) {
	.policy = P_CLONE, .op = OP_PTHREAD, .verdict = RUNS, .needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(careful, fork_runs) {
	.policy = P_CLONE, .op = OP_FORK, .verdict = RUNS, .needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(careful, ptrace_denied) {
	.policy = P_PTRACE, .op = OP_PTRACE_TRACEME, .verdict = FAILS, .err = DENIED,
	.needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(careful, mmap_anon_exec_denied) {
	.policy = P_WX, .op = OP_MMAP_ANON_EXEC, .verdict = FAILS, .err = DENIED,
	.needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(careful, mmap_anon_rw_runs) {
	.policy = P_WX, .op = OP_MMAP_ANON_RW, .verdict = RUNS, .needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(careful, mmap_file_exec_runs) {
	.policy = P_WX, .op = OP_MMAP_FILE_EXEC, .verdict = RUNS, .needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(careful, mprotect_exec_denied) {
	.policy = P_WX, .op = OP_MPROTECT_EXEC, .verdict = FAILS, .err = DENIED,
	.needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(careful, mprotect_read_runs) {
	.policy = P_WX, .op = OP_MPROTECT_READ, .verdict = RUNS, .needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(careful, ioctl_tiocsti_denied) {
	.policy = P_IOCTL, .op = OP_TIOCSTI, .verdict = FAILS, .err = DENIED,
	.needs = NEEDS_NOTHING };
/* the kernel truncates cmd to unsigned int: bits 32-63 must not matter */
FIXTURE_VARIANT_ADD(careful, ioctl_tiocsti_high_bits_denied) {
	.policy = P_IOCTL, .op = OP_TIOCSTI_HIGH_BITS, .verdict = FAILS, .err = DENIED,
	.needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(careful, ioctl_tiocsti_high_bits_pass_a_64bit_rule) {
	.policy = P_IOCTL_NAIVE, .op = OP_TIOCSTI_HIGH_BITS, .verdict = REACHES_KERNEL,
	.needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(careful, ioctl_tcgets_runs) {
	.policy = P_IOCTL, .op = OP_TCGETS, .verdict = RUNS, .needs = NEEDS_NOTHING };
/* the kernel's own error, not the filter's */
FIXTURE_VARIANT_ADD(careful, ioctl_tcgets_non_tty_enotty) {
	.policy = P_IOCTL, .op = OP_TCGETS_PIPE, .verdict = FAILS, .err = ENOTTY,
	.needs = NEEDS_NOTHING };
FIXTURE_SETUP(careful) {}
FIXTURE_TEARDOWN(careful) {}

struct careful_arg {
	enum policy policy;
	enum op op;
	char helper[PATH_MAX];
	/* prepared before the filter: */
	int pty, pipefd[2], exe;
	void *page;
	volatile int thread_ran;
};

static void *mark_ran(void *p)
{
	((struct careful_arg *)p)->thread_ran = 1;
	return NULL;
}

static bool uses_pty(enum op op)
{
	return op == OP_TIOCSTI || op == OP_TIOCSTI_HIGH_BITS || op == OP_TCGETS;
}

/* What the operation needs, made before the filter is installed. */
static int careful_prepare(struct careful_arg *a)
{
	int null;

	switch (a->op) {
	case OP_EXECVE:
	case OP_EXECVEAT:
		/* if the exec went through, the helper's report must not reach TAP */
		null = open("/dev/null", O_WRONLY | O_CLOEXEC);
		return null < 0 || dup2(null, STDOUT_FILENO) < 0 ? -1 : 0;
	case OP_TIOCSTI:
	case OP_TIOCSTI_HIGH_BITS:
	case OP_TCGETS: {
		int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);

		if (master < 0 || grantpt(master) || unlockpt(master) || !ptsname(master))
			return -1;
		a->pty = open(ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
		return a->pty < 0 ? -1 : 0;
	}
	case OP_TCGETS_PIPE:
		return pipe2(a->pipefd, O_CLOEXEC);
	case OP_MMAP_FILE_EXEC:
		a->exe = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
		return a->exe < 0 ? -1 : 0;
	case OP_MPROTECT_EXEC:
	case OP_MPROTECT_READ:
		a->page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		return a->page == MAP_FAILED ? -1 : 0;
	default:
		return 0;
	}
}

static long mapped(void *p)
{
	if (p == MAP_FAILED)
		return -1;
	munmap(p, 4096);
	return 0;
}

/* The operation under the filter: >= 0 success, -1 with errno failure. */
static long careful_op(struct careful_arg *a)
{
	char *const argv[] = { a->helper, NULL };
	struct clone_args ca = { .exit_signal = SIGCHLD };
	struct termios tio;
	pthread_t th;
	char c = 0;
	int rc;

	switch (a->op) {
	case OP_EXECVE:
		return execve(a->helper, argv, environ);
	case OP_EXECVEAT:
		return syscall(__NR_execveat, AT_FDCWD, a->helper, argv, environ, 0);
	case OP_CLONE_NEWUTS:
		return sct_fork_like(syscall(__NR_clone, CLONE_NEWUTS | SIGCHLD, 0, NULL, NULL, 0));
	case OP_CLONE_NEWUSER:
		return sct_fork_like(syscall(__NR_clone, CLONE_NEWUSER | SIGCHLD, 0, NULL, NULL, 0));
	case OP_CLONE_PLAIN:
		return sct_fork_like(syscall(__NR_clone, SIGCHLD, 0, NULL, NULL, 0));
	case OP_CLONE3:
		return sct_fork_like(syscall(__NR_clone3, &ca, sizeof(ca)));
	case OP_FORK:
		return sct_fork_like(fork());
	case OP_PTHREAD:
		rc = pthread_create(&th, NULL, mark_ran, a);
		if (rc) {
			errno = rc;
			return -1;
		}
		pthread_join(th, NULL);
		return a->thread_ran ? 0 : -1;
	case OP_PTRACE_TRACEME:
		return ptrace(PTRACE_TRACEME, 0, NULL, NULL);
	case OP_MMAP_ANON_EXEC:
		return mapped(mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	case OP_MMAP_ANON_RW:
		return mapped(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	case OP_MMAP_FILE_EXEC:
		return mapped(mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, a->exe, 0));
	case OP_MPROTECT_EXEC:
		return mprotect(a->page, 4096, PROT_READ | PROT_EXEC);
	case OP_MPROTECT_READ:
		return mprotect(a->page, 4096, PROT_READ);
	case OP_TIOCSTI:
		return syscall(__NR_ioctl, a->pty, (unsigned long)TIOCSTI, &c);
	case OP_TIOCSTI_HIGH_BITS:
		return syscall(__NR_ioctl, a->pty, (1UL << 32) | TIOCSTI, &c);
	case OP_TCGETS:
		return syscall(__NR_ioctl, a->pty, (unsigned long)TCGETS, &tio);
	case OP_TCGETS_PIPE:
		return syscall(__NR_ioctl, a->pipefd[0], (unsigned long)TCGETS, &tio);
	}
	errno = EINVAL;
	return -1;
}

static int careful_child(struct sct_report *rep, void *p)
{
	struct careful_arg *a = p;
	struct sct_filter *f = policy_filter(a->policy);
	long ret;

	if (careful_prepare(a))
		return sct_report_broken(rep, "prepare the operation");
	ret = sct_install_filter(f, 0);
	sct_filter_free(f);
	if (ret) {
		errno = (int)-ret;
		return sct_report_broken(rep, "install the policy");
	}
	rep->stage = 1;
	ret = careful_op(a);
	rep->err = ret == -1 ? errno : 0;
	rep->ret = ret;
	/* the old image is still here (execve denied) */
	rep->stage = 2;
	return 0;
}

TEST_F(careful, under_policy)
{
	struct careful_arg a = { .policy = variant->policy, .op = variant->op };
	struct sct_outcome out;
	char buf[256];

	if (variant->needs != NEEDS_NOTHING)
		SCT_REQUIRE(variant->needs);
	if (uses_pty(variant->op)) {
		int pty = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);

		if (pty < 0)
			SKIP(return, "no pseudo-terminal here (posix_openpt: %s)", strerror(errno));
		close(pty);
	}
	ASSERT_HELPER(SCT_HELPER_STATIC, a.helper);
	ASSERT_EQ(0, sct_run_child(careful_child, &a, CASE_TIMEOUT_MS, &out));
	ASSERT_EXITED(out, 0);
	ASSERT_EQ(2, out.rep.stage)
		TH_LOG("the operation did not return (%s): an exec went through?",
		       sct_outcome_str(&out, buf, sizeof(buf)));
	switch (variant->verdict) {
	case RUNS:
		EXPECT_NE(-1, out.rep.ret) TH_LOG("failed: %s", strerror(out.rep.err));
		break;
	case FAILS:
		EXPECT_EQ(-1, out.rep.ret) TH_LOG("returned %ld", out.rep.ret);
		EXPECT_EQ(variant->err, out.rep.err) TH_LOG("errno %d (%s)", out.rep.err,
							    strerror(out.rep.err));
		break;
	case REACHES_KERNEL:
		EXPECT_FALSE(out.rep.ret == -1 && out.rep.err == DENIED)
			TH_LOG("the filter answered: the 64-bit rule matched after all");
		break;
	}
}

SCT_SUITE_MAIN("Policy rules under inherited filters: execve, clone/clone3, ptrace, "
	       "W^X and ioctl rules, checked live.")
