// SPDX-License-Identifier: GPL-2.0-only
/*
 * modes_test - entering seccomp: strict mode, filter mode and its
 * permission rule, mode transitions, PR_GET_SECCOMP, seccomp(2) argument
 * checking, and no_new_privs. Semantics from kernel/seccomp.c
 * (seccomp_set_mode_strict, seccomp_set_mode_filter, do_seccomp,
 * seccomp_may_assign_mode) and Documentation/userspace-api/seccomp_filter.rst.
 */
#include <signal.h>
#include <sys/prctl.h>
#include <sys/time.h>

#include "suite.h"

/* ---- strict mode: read, write, _exit and rt_sigreturn only --------------- */

enum strict_step { S_READ, S_WRITE, S_EXIT, S_SIGRETURN, S_GETPID, S_EXIT_GROUP,
		   S_PRCTL_GET_SECCOMP, S_SECCOMP_FILTER };
enum strict_end { SURVIVES, SIGKILLED };

struct strict_arg {
	enum sct_entry entry;
	enum strict_step step;
	int pipefd[2];
};

static volatile sig_atomic_t alarmed;
static void on_alarm(int sig) { (void)sig; alarmed = 1; }

/* Runs in a child. Only raw read/write/exit are used once strict is on. */
static int strict_child(struct sct_report *rep, void *p)
{
	struct strict_arg *a = p;
	struct itimerval it = { .it_value = { .tv_usec = 20000 } };
	struct sigaction sa = { .sa_handler = on_alarm };
	char c = 'x';
	long ret;

	if (pipe(a->pipefd) || write(a->pipefd[1], &c, 1) != 1)
		return sct_report_broken(rep, "pipe");
	if (a->step == S_SIGRETURN &&
	    (sigaction(SIGALRM, &sa, NULL) || setitimer(ITIMER_REAL, &it, NULL)))
		return sct_report_broken(rep, "arm SIGALRM");
	if (a->entry == SCT_ENTRY_PRCTL)
		ret = prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0);
	else
		ret = syscall(__NR_seccomp, SECCOMP_SET_MODE_STRICT, 0, NULL);
	if (ret)
		return sct_report_broken(rep, "enter strict mode");
	rep->stage = 1;
	switch (a->step) {
	case S_READ:
		rep->ret = syscall(__NR_read, a->pipefd[0], &c, 1);
		break;
	case S_WRITE:
		rep->ret = syscall(__NR_write, a->pipefd[1], &c, 1);
		break;
	case S_EXIT:
		rep->ret = 1;
		break;
	case S_SIGRETURN:
		/* the handler's return goes through rt_sigreturn */
		while (!alarmed)
			;
		rep->ret = 1;
		break;
	case S_GETPID:
		syscall(__NR_getpid);
		break;
	case S_EXIT_GROUP:
		syscall(__NR_exit_group, 0);
		break;
	case S_PRCTL_GET_SECCOMP:
		syscall(__NR_prctl, PR_GET_SECCOMP, 0, 0, 0, 0);
		break;
	case S_SECCOMP_FILTER:
		syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, NULL);
		break;
	}
	rep->stage = 2;
	syscall(__NR_exit, rep->ret == 1 ? 0 : 1);
	return 1;
}

/* The table: one variant per step, each run through both entry points. */
FIXTURE(strict) {};
FIXTURE_VARIANT(strict) { enum strict_step step; enum strict_end expect; };
FIXTURE_VARIANT_ADD(strict, read) { S_READ, SURVIVES };
FIXTURE_VARIANT_ADD(strict, write) { S_WRITE, SURVIVES };
FIXTURE_VARIANT_ADD(strict, exit) { S_EXIT, SURVIVES };
FIXTURE_VARIANT_ADD(strict, rt_sigreturn) { S_SIGRETURN, SURVIVES };
FIXTURE_VARIANT_ADD(strict, getpid) { S_GETPID, SIGKILLED };
/* mode1_syscalls lists exit, not exit_group */
FIXTURE_VARIANT_ADD(strict, exit_group) { S_EXIT_GROUP, SIGKILLED };
FIXTURE_VARIANT_ADD(strict, prctl_get_seccomp) { S_PRCTL_GET_SECCOMP, SIGKILLED };
FIXTURE_VARIANT_ADD(strict, seccomp_set_filter) { S_SECCOMP_FILTER, SIGKILLED };
FIXTURE_SETUP(strict) {}
FIXTURE_TEARDOWN(strict) {}

static void run_strict_case(struct __test_metadata *_metadata, enum sct_entry entry,
			    const FIXTURE_VARIANT(strict) *c)
{
	struct strict_arg a = { .entry = entry, .step = c->step };
	struct sct_outcome out;

	ASSERT_EQ(0, sct_run_child(strict_child, &a, 0, &out));
	ASSERT_EQ(0, out.rep.broken[0]) TH_LOG("set-up failed: %s", out.rep.broken);
	if (c->expect == SURVIVES) {
		ASSERT_EXITED(out, 0);
		ASSERT_EQ(2, out.rep.stage);
	} else {
		ASSERT_KILLED_BY(out, SIGKILL);
		ASSERT_EQ(1, out.rep.stage);
	}
}

TEST_F(strict, via_prctl) { run_strict_case(_metadata, SCT_ENTRY_PRCTL, variant); }
TEST_F(strict, via_seccomp) { run_strict_case(_metadata, SCT_ENTRY_SECCOMP, variant); }

/* ---- filter mode needs no_new_privs or CAP_SYS_ADMIN -------------------- */

struct perm_arg {
	enum sct_entry entry;
	bool nnp;
	bool drop_sys_admin;
};

static int perm_child(struct sct_report *rep, void *p)
{
	struct perm_arg *a = p;
	struct sct_filter *f = sct_filter_ret(SECCOMP_RET_ALLOW);
	struct sock_fprog prog;

	if (sct_filter_build(f, &prog))
		return sct_report_broken(rep, "build");
	if (a->drop_sys_admin && sct_drop_cap(CAP_SYS_ADMIN))
		return sct_report_broken(rep, "capset");
	if (a->nnp && sct_set_nnp())
		return sct_report_broken(rep, "set no_new_privs");
	rep->ret = sct_install_via(a->entry, &prog, 0);
	return 0;
}

FIXTURE(permission) {};
FIXTURE_VARIANT(permission) { enum sct_entry entry; };
FIXTURE_VARIANT_ADD(permission, prctl) { .entry = SCT_ENTRY_PRCTL };
FIXTURE_VARIANT_ADD(permission, seccomp) { .entry = SCT_ENTRY_SECCOMP };
FIXTURE_SETUP(permission) {}
FIXTURE_TEARDOWN(permission) {}

static long install_with(struct __test_metadata *_metadata, enum sct_entry entry,
			 bool nnp, bool drop)
{
	struct perm_arg a = { entry, nnp, drop };
	struct sct_outcome out;

	if (sct_run_child(perm_child, &a, 0, &out) || out.rep.broken[0]) {
		TH_LOG("BROKEN: %s", out.rep.broken);
		return -1000;
	}
	return out.rep.ret;
}

TEST_F(permission, without_nnp_or_cap_sys_admin_is_eacces)
{
	/* seccomp_prepare_filter: EACCES unless NNP or CAP_SYS_ADMIN in the
	 * task's user namespace. Without root the capability is absent anyway. */
	ASSERT_EQ(-EACCES, install_with(_metadata, variant->entry, false, true));
}

TEST_F(permission, with_nnp_succeeds)
{
	ASSERT_EQ(0, install_with(_metadata, variant->entry, true, true));
}

TEST_F(permission, with_cap_sys_admin_succeeds_without_nnp)
{
	SCT_REQUIRE_CAP(CAP_SYS_ADMIN);
	ASSERT_EQ(0, install_with(_metadata, variant->entry, false, false));
}

/* ---- transitions and PR_GET_SECCOMP -------------------------------------- */

enum mode_step { M_NONE, M_FILTER, M_FILTER_THEN_STRICT_PRCTL, M_FILTER_THEN_STRICT_SECCOMP,
		 M_FILTER_TWICE };

static int mode_child(struct sct_report *rep, void *p)
{
	enum mode_step step = *(enum mode_step *)p;
	struct sct_filter *f = sct_filter_ret(SECCOMP_RET_ALLOW);

	if (step != M_NONE && sct_install_filter(f, 0))
		return sct_report_broken(rep, "install filter");
	switch (step) {
	case M_FILTER_THEN_STRICT_PRCTL:
		rep->ret = prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0) ? -errno : 0;
		break;
	case M_FILTER_THEN_STRICT_SECCOMP:
		rep->ret = sct_seccomp(SECCOMP_SET_MODE_STRICT, 0, NULL);
		break;
	case M_FILTER_TWICE:
		rep->ret = sct_install_filter(f, 0);
		break;
	default:
		rep->ret = 0;
		break;
	}
	rep->val[0] = prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
	return 0;
}

static void run_mode(struct __test_metadata *_metadata, enum mode_step step,
		     long want_ret, long want_mode)
{
	struct sct_outcome out;

	ASSERT_EQ(0, sct_run_child(mode_child, &step, 0, &out));
	ASSERT_EXITED(out, 0);
	EXPECT_EQ(want_ret, out.rep.ret);
	EXPECT_EQ(want_mode, out.rep.val[0]);
}

TEST(get_seccomp_without_filter_is_disabled)
{
	run_mode(_metadata, M_NONE, 0, SECCOMP_MODE_DISABLED);
}

TEST(get_seccomp_with_filter_is_filter)
{
	run_mode(_metadata, M_FILTER, 0, SECCOMP_MODE_FILTER);
}

TEST(filter_then_strict_via_prctl_is_einval)
{
	/* seccomp_may_assign_mode: a task in one mode cannot switch to another */
	run_mode(_metadata, M_FILTER_THEN_STRICT_PRCTL, -EINVAL, SECCOMP_MODE_FILTER);
}

TEST(filter_then_strict_via_seccomp_is_einval)
{
	run_mode(_metadata, M_FILTER_THEN_STRICT_SECCOMP, -EINVAL, SECCOMP_MODE_FILTER);
}

TEST(second_filter_stacks)
{
	run_mode(_metadata, M_FILTER_TWICE, 0, SECCOMP_MODE_FILTER);
}

/* ---- seccomp(2) argument checking: table, run in this process ------------ */

enum arg_kind { A_NULL, A_VALID_PROG, A_BAD_POINTER, A_ACTION };

/* None of these can change this process's seccomp state: each fails
 * before the kernel installs anything (do_seccomp's argument checks). */
FIXTURE(bad_args) {};
FIXTURE_VARIANT(bad_args) {
	unsigned int op;
	unsigned long flags;
	enum arg_kind args;
	int expect;	/* errno */
};
FIXTURE_VARIANT_ADD(bad_args, strict_with_flags) { SECCOMP_SET_MODE_STRICT, 1, A_NULL, EINVAL };
FIXTURE_VARIANT_ADD(bad_args, strict_with_args) { SECCOMP_SET_MODE_STRICT, 0, A_VALID_PROG, EINVAL };
FIXTURE_VARIANT_ADD(bad_args, filter_null_args) { SECCOMP_SET_MODE_FILTER, 0, A_NULL, EFAULT };
FIXTURE_VARIANT_ADD(bad_args, filter_bad_pointer) { SECCOMP_SET_MODE_FILTER, 0, A_BAD_POINTER, EFAULT };
FIXTURE_VARIANT_ADD(bad_args, action_avail_with_flags) { SECCOMP_GET_ACTION_AVAIL, 1, A_ACTION, EINVAL };
FIXTURE_VARIANT_ADD(bad_args, action_avail_null) { SECCOMP_GET_ACTION_AVAIL, 0, A_NULL, EFAULT };
FIXTURE_VARIANT_ADD(bad_args, notif_sizes_with_flags) { SECCOMP_GET_NOTIF_SIZES, 1, A_NULL, EINVAL };
FIXTURE_SETUP(bad_args) {}
FIXTURE_TEARDOWN(bad_args) {}

TEST_F(bad_args, rejected)
{
	const FIXTURE_VARIANT(bad_args) *c = variant;
	struct sct_filter *f = sct_filter_ret(SECCOMP_RET_ALLOW);
	uint32_t action = SECCOMP_RET_ALLOW;
	struct sock_fprog prog;
	const void *args = NULL;

	if (c->op == SECCOMP_GET_ACTION_AVAIL)
		SCT_REQUIRE(SCT_F_GET_ACTION_AVAIL);
	if (c->op == SECCOMP_GET_NOTIF_SIZES)
		SCT_REQUIRE(SCT_F_GET_NOTIF_SIZES);
	ASSERT_EQ(0, sct_filter_build(f, &prog));
	if (c->args == A_VALID_PROG)
		args = &prog;
	else if (c->args == A_BAD_POINTER)
		args = (void *)8;
	else if (c->args == A_ACTION)
		args = &action;
	EXPECT_EQ(-c->expect, sct_seccomp(c->op, c->flags, args)) {
		TH_LOG("seccomp(%u, 0x%lx, ...)", c->op, c->flags);
	}
	sct_filter_free(f);
}

TEST(every_unknown_op_is_einval)
{
	/* Ops 0..3 exist as of Linux 6.18; sweep the rest of a byte and more. */
	for (unsigned int op = 4; op < 4096; op++) {
		ASSERT_EQ(-EINVAL, sct_seccomp(op, 0, NULL)) TH_LOG("op %u", op);
	}
}

TEST(every_unknown_filter_flag_is_einval)
{
	/* Unknown flag bits fail before the program is read: EINVAL, where a
	 * known flag with NULL args would be EFAULT. */
	for (int bit = 0; bit < 32; bit++) {
		unsigned long flag = 1UL << bit;

		if (flag & SCT_KNOWN_FILTER_FLAGS)
			continue;
		ASSERT_EQ(-EINVAL, sct_seccomp(SECCOMP_SET_MODE_FILTER, flag, NULL)) {
			TH_LOG("flag bit %d", bit);
		}
	}
}

TEST(every_known_filter_flag_reaches_the_program)
{
	/* The converse: each defined flag gets past the flag check (EFAULT on
	 * NULL), or the kernel predates it (EINVAL): SKIP names which. */
	static const enum sct_feature flags[] = {
		SCT_F_FLAG_TSYNC, SCT_F_FLAG_LOG, SCT_F_FLAG_SPEC_ALLOW,
		SCT_F_FLAG_NEW_LISTENER, SCT_F_FLAG_TSYNC_ESRCH, SCT_F_FLAG_WAIT_KILLABLE_RECV,
	};
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		SCT_REQUIRE(flags[i]);
}

TEST(prctl_unknown_mode_is_einval)
{
	ASSERT_EQ(-1, prctl(PR_SET_SECCOMP, 3, 0, 0, 0));
	ASSERT_EQ(EINVAL, errno);
}

/* ---- no_new_privs -------------------------------------------------------- */

static int nnp_child(struct sct_report *rep, void *p)
{
	struct sct_filter *f = sct_filter_for_nr(__NR_getppid, SECCOMP_RET_ERRNO | EPERM,
						 SECCOMP_RET_ALLOW);

	(void)p;
	if (sct_install_filter(f, 0))
		return sct_report_broken(rep, "install");
	rep->val[0] = prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0) ? -errno : 0;
	rep->val[1] = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ? -errno : 0;
	rep->val[2] = sct_get_nnp();
	errno = 0;
	rep->ret = syscall(__NR_getppid);
	rep->err = errno;
	return 0;
}

TEST(nnp_cannot_be_cleared_and_filter_stays)
{
	struct sct_outcome out;

	ASSERT_EQ(0, sct_run_child(nnp_child, NULL, 0, &out));
	ASSERT_EXITED(out, 0);
	EXPECT_EQ(-EINVAL, out.rep.val[0]);	/* PR_SET_NO_NEW_PRIVS takes only 1 */
	EXPECT_EQ(0, out.rep.val[1]);		/* setting it again is fine */
	EXPECT_EQ(1, out.rep.val[2]);
	EXPECT_EQ(-1, out.rep.ret);		/* and the filter still applies */
	EXPECT_EQ(EPERM, out.rep.err);
}

SCT_SUITE_MAIN("Entering seccomp: strict mode, filter mode permissions, transitions, "
	       "PR_GET_SECCOMP, seccomp(2) argument checks, no_new_privs.")
