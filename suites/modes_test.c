// SPDX-License-Identifier: GPL-2.0-only
/*
 * modes_test - entering seccomp: strict mode, filter mode and its
 * permission rule, mode transitions, PR_GET_SECCOMP, seccomp(2) argument
 * checking, and no_new_privs. Semantics from kernel/seccomp.c
 * (seccomp_set_mode_strict, seccomp_set_mode_filter, do_seccomp,
 * seccomp_may_assign_mode) and Documentation/userspace-api/seccomp_filter.rst.
 */
#include <limits.h>
#include <signal.h>
#include <sys/mman.h>
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
FIXTURE_VARIANT_ADD(strict, read) { .step = S_READ, .expect = SURVIVES };
FIXTURE_VARIANT_ADD(strict, write) { .step = S_WRITE, .expect = SURVIVES };
FIXTURE_VARIANT_ADD(strict, exit) { .step = S_EXIT, .expect = SURVIVES };
FIXTURE_VARIANT_ADD(strict, rt_sigreturn) { .step = S_SIGRETURN, .expect = SURVIVES };
FIXTURE_VARIANT_ADD(strict, getpid) { .step = S_GETPID, .expect = SIGKILLED };
/* mode1_syscalls lists exit, not exit_group */
FIXTURE_VARIANT_ADD(strict, exit_group) { .step = S_EXIT_GROUP, .expect = SIGKILLED };
FIXTURE_VARIANT_ADD(strict, prctl_get_seccomp) { .step = S_PRCTL_GET_SECCOMP, .expect = SIGKILLED };
/* seccomp(2) itself is no strict-mode call: __secure_computing_strict kills
 * with SIGKILL at entry, so seccomp_set_mode_filter never sees a strict task */
FIXTURE_VARIANT_ADD(strict, seccomp_set_filter) { .step = S_SECCOMP_FILTER, .expect = SIGKILLED };
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

/* PR_GET_SECCOMP after the steps: plain, and with stray arguments */
struct mode_report {
	long mode;
	long mode_extra_args;
};

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
	SCT_REPORT(rep, struct mode_report)->mode = prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
	/* prctl_get_seccomp takes no arguments; sys_prctl passes it none */
	SCT_REPORT(rep, struct mode_report)->mode_extra_args = prctl(PR_GET_SECCOMP, ~0UL, ~0UL, ~0UL, ~0UL);
	return 0;
}

static void run_mode(struct __test_metadata *_metadata, enum mode_step step,
		     long want_ret, long want_mode)
{
	struct sct_outcome out;

	ASSERT_EQ(0, sct_run_child(mode_child, &step, 0, &out));
	ASSERT_EXITED(out, 0);
	EXPECT_EQ(want_ret, out.rep.ret);
	EXPECT_EQ(want_mode, SCT_REPORT(&out.rep, struct mode_report)->mode);
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

/* PR_GET_SECCOMP ignores arguments 2..5: the same mode with all bits set. */
FIXTURE(get_seccomp_args) {};
FIXTURE_VARIANT(get_seccomp_args) { enum mode_step step; long mode; };
FIXTURE_VARIANT_ADD(get_seccomp_args, disabled) { .step = M_NONE, .mode = SECCOMP_MODE_DISABLED };
FIXTURE_VARIANT_ADD(get_seccomp_args, filter) { .step = M_FILTER, .mode = SECCOMP_MODE_FILTER };
FIXTURE_SETUP(get_seccomp_args) {}
FIXTURE_TEARDOWN(get_seccomp_args) {}

TEST_F(get_seccomp_args, extra_arguments_ignored)
{
	enum mode_step step = variant->step;
	struct sct_outcome out;

	ASSERT_EQ(0, sct_run_child(mode_child, &step, 0, &out));
	ASSERT_EXITED(out, 0);
	EXPECT_EQ(variant->mode, SCT_REPORT(&out.rep, struct mode_report)->mode_extra_args);
}

/* ---- seccomp(2) argument checking: table, run in this process ------------ */

enum arg_kind { A_NULL, A_VALID_PROG, A_BAD_POINTER, A_ACTION, A_READ_ONLY };

/*
 * do_seccomp's answers before anything is installed, so none of these can
 * change this process's seccomp state. The program's own checks (length 0 or
 * over BPF_MAXINSNS: EINVAL; an unreadable sock_fprog or instruction array:
 * EFAULT, through seccomp(2) and prctl) are validate_test's length and
 * pointer tables; GET_ACTION_AVAIL of unknown actions (EOPNOTSUPP) is
 * introspect_test's unknown_action table.
 */
FIXTURE(bad_args) {
	void *read_only;	/* one readable, unwritable page */
};
FIXTURE_VARIANT(bad_args) {
	unsigned int op;
	unsigned long flags;
	enum arg_kind args;
	int expect;	/* errno */
};
/* do_seccomp: SET_MODE_STRICT takes neither flags nor uargs */
FIXTURE_VARIANT_ADD(bad_args, strict_with_flags) {
	.op = SECCOMP_SET_MODE_STRICT, .flags = 1, .args = A_NULL, .expect = EINVAL };
FIXTURE_VARIANT_ADD(bad_args, strict_with_args) {
	.op = SECCOMP_SET_MODE_STRICT, .flags = 0, .args = A_VALID_PROG, .expect = EINVAL };
/* seccomp_prepare_user_filter: copy_from_user of the sock_fprog */
FIXTURE_VARIANT_ADD(bad_args, filter_null_args) {
	.op = SECCOMP_SET_MODE_FILTER, .flags = 0, .args = A_NULL, .expect = EFAULT };
FIXTURE_VARIANT_ADD(bad_args, filter_bad_pointer) {
	.op = SECCOMP_SET_MODE_FILTER, .flags = 0, .args = A_BAD_POINTER, .expect = EFAULT };
/* do_seccomp: GET_ACTION_AVAIL takes no flags, not even the top bit;
 * seccomp_get_action_avail: copy_from_user of the u32 */
FIXTURE_VARIANT_ADD(bad_args, action_avail_with_flags) {
	.op = SECCOMP_GET_ACTION_AVAIL, .flags = 1, .args = A_ACTION, .expect = EINVAL };
FIXTURE_VARIANT_ADD(bad_args, action_avail_with_flag_bit_31) {
	.op = SECCOMP_GET_ACTION_AVAIL, .flags = 1UL << 31, .args = A_ACTION, .expect = EINVAL };
FIXTURE_VARIANT_ADD(bad_args, action_avail_null) {
	.op = SECCOMP_GET_ACTION_AVAIL, .flags = 0, .args = A_NULL, .expect = EFAULT };
FIXTURE_VARIANT_ADD(bad_args, action_avail_bad_pointer) {
	.op = SECCOMP_GET_ACTION_AVAIL, .flags = 0, .args = A_BAD_POINTER, .expect = EFAULT };
/* do_seccomp: GET_NOTIF_SIZES takes no flags; seccomp_get_notif_sizes
 * writes with copy_to_user, so a page it may read but not write faults */
FIXTURE_VARIANT_ADD(bad_args, notif_sizes_with_flags) {
	.op = SECCOMP_GET_NOTIF_SIZES, .flags = 1, .args = A_NULL, .expect = EINVAL };
FIXTURE_VARIANT_ADD(bad_args, notif_sizes_bad_pointer) {
	.op = SECCOMP_GET_NOTIF_SIZES, .flags = 0, .args = A_BAD_POINTER, .expect = EFAULT };
FIXTURE_VARIANT_ADD(bad_args, notif_sizes_read_only_page) {
	.op = SECCOMP_GET_NOTIF_SIZES, .flags = 0, .args = A_READ_ONLY, .expect = EFAULT };
/* do_seccomp's default case for the largest op (the sweep below ends at 4095) */
FIXTURE_VARIANT_ADD(bad_args, op_uint_max) {
	.op = UINT_MAX, .flags = 0, .args = A_NULL, .expect = EINVAL };

FIXTURE_SETUP(bad_args)
{
	self->read_only = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->read_only) TH_LOG("BROKEN: mmap: %m");
}
FIXTURE_TEARDOWN(bad_args)
{
	munmap(self->read_only, 4096);
}

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
		args = (void *)8;	/* below mmap_min_addr: never mapped */
	else if (c->args == A_ACTION)
		args = &action;
	else if (c->args == A_READ_ONLY)
		args = self->read_only;
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

/* ---- every known filter flag, and every combination of them -------------- */

/*
 * seccomp_set_mode_filter checks the flags before it reads the program: a
 * flag it knows goes on to copy the NULL sock_fprog (EFAULT); a kernel that
 * predates the flag finds it outside SECCOMP_FILTER_FLAG_MASK (EINVAL). Any
 * other answer, or EINVAL from a kernel whose probe found the flag, fails.
 */
FIXTURE(known_flag) {};
FIXTURE_VARIANT(known_flag) { enum sct_feature feature; unsigned long flags; };
FIXTURE_VARIANT_ADD(known_flag, tsync) {
	.feature = SCT_F_FLAG_TSYNC, .flags = SECCOMP_FILTER_FLAG_TSYNC };
FIXTURE_VARIANT_ADD(known_flag, log) {
	.feature = SCT_F_FLAG_LOG, .flags = SECCOMP_FILTER_FLAG_LOG };
FIXTURE_VARIANT_ADD(known_flag, spec_allow) {
	.feature = SCT_F_FLAG_SPEC_ALLOW, .flags = SECCOMP_FILTER_FLAG_SPEC_ALLOW };
FIXTURE_VARIANT_ADD(known_flag, new_listener) {
	.feature = SCT_F_FLAG_NEW_LISTENER, .flags = SECCOMP_FILTER_FLAG_NEW_LISTENER };
FIXTURE_VARIANT_ADD(known_flag, tsync_esrch) {
	.feature = SCT_F_FLAG_TSYNC_ESRCH, .flags = SECCOMP_FILTER_FLAG_TSYNC_ESRCH };
/* valid only together with NEW_LISTENER (flag_combo below) */
FIXTURE_VARIANT_ADD(known_flag, wait_killable_recv) {
	.feature = SCT_F_FLAG_WAIT_KILLABLE_RECV,
	.flags = SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV | SECCOMP_FILTER_FLAG_NEW_LISTENER };
FIXTURE_SETUP(known_flag) {}
FIXTURE_TEARDOWN(known_flag) {}

TEST_F(known_flag, reaches_the_program)
{
	long got = sct_seccomp(SECCOMP_SET_MODE_FILTER, variant->flags, NULL);

	if (sct_feature_state(variant->feature) == SCT_ABSENT)
		ASSERT_EQ(-EINVAL, got) TH_LOG("%s", sct_missing_reason(variant->feature));
	SCT_REQUIRE(variant->feature);
	ASSERT_EQ(-EFAULT, got) TH_LOG("flags 0x%lx", variant->flags);
}

/*
 * All 64 combinations of the six flags. seccomp_set_mode_filter refuses two
 * kinds with EINVAL before it reads the program: TSYNC with NEW_LISTENER
 * unless TSYNC_ESRCH (a TSYNC failure returns a thread id, a listener an fd:
 * the caller could not tell them apart), and WAIT_KILLABLE_RECV without
 * NEW_LISTENER. Every other combination gets to the NULL program: EFAULT.
 */
enum combo_answer {
	REACHES_PROGRAM,		/* EFAULT */
	TSYNC_LISTENER_AMBIGUOUS,	/* EINVAL */
	KILLABLE_WITHOUT_LISTENER,	/* EINVAL */
};

#define F_TS	SECCOMP_FILTER_FLAG_TSYNC
#define F_LOG	SECCOMP_FILTER_FLAG_LOG
#define F_SPEC	SECCOMP_FILTER_FLAG_SPEC_ALLOW
#define F_NL	SECCOMP_FILTER_FLAG_NEW_LISTENER
#define F_ESRCH	SECCOMP_FILTER_FLAG_TSYNC_ESRCH
#define F_WKR	SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define COMBO_ANSWER(fl)							\
	(((fl) & F_TS) && ((fl) & F_NL) && !((fl) & F_ESRCH) ? TSYNC_LISTENER_AMBIGUOUS :	\
	 ((fl) & F_WKR) && !((fl) & F_NL) ? KILLABLE_WITHOUT_LISTENER : REACHES_PROGRAM)

FIXTURE(flag_combo) {};
FIXTURE_VARIANT(flag_combo) { unsigned long flags; enum combo_answer expect; };
#define COMBO(name, fl) \
	FIXTURE_VARIANT_ADD(flag_combo, name) { .flags = (fl), .expect = COMBO_ANSWER(fl) };
#define COMBO6(n, fl) COMBO(n, fl) COMBO(n##_wait_killable_recv, (fl) | F_WKR)
#define COMBO5(n, fl) COMBO6(n, fl) COMBO6(n##_tsync_esrch, (fl) | F_ESRCH)
#define COMBO4(n, fl) COMBO5(n, fl) COMBO5(n##_new_listener, (fl) | F_NL)
#define COMBO3(n, fl) COMBO4(n, fl) COMBO4(n##_spec_allow, (fl) | F_SPEC)
#define COMBO2(n, fl) COMBO3(n, fl) COMBO3(n##_log, (fl) | F_LOG)
#define COMBO1(n, fl) COMBO2(n, fl) COMBO2(n##_tsync, (fl) | F_TS)
COMBO1(flags, 0)
FIXTURE_SETUP(flag_combo) {}
FIXTURE_TEARDOWN(flag_combo) {}

TEST_F(flag_combo, rejected_only_when_exclusive)
{
	static const struct { unsigned long flag; enum sct_feature feature; } bits[] = {
		{ F_TS, SCT_F_FLAG_TSYNC }, { F_LOG, SCT_F_FLAG_LOG },
		{ F_SPEC, SCT_F_FLAG_SPEC_ALLOW }, { F_NL, SCT_F_FLAG_NEW_LISTENER },
		{ F_ESRCH, SCT_F_FLAG_TSYNC_ESRCH }, { F_WKR, SCT_F_FLAG_WAIT_KILLABLE_RECV },
	};
	long want = variant->expect == REACHES_PROGRAM ? -EFAULT : -EINVAL;

	/* only flags the kernel has: an absent one would be EINVAL for itself */
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (variant->flags & bits[i].flag)
			SCT_REQUIRE(bits[i].feature);
	ASSERT_EQ(want, sct_seccomp(SECCOMP_SET_MODE_FILTER, variant->flags, NULL)) {
		TH_LOG("flags 0x%lx", variant->flags);
	}
}

/* ---- prctl(PR_SET_SECCOMP) arguments -------------------------------------- */

TEST(prctl_unknown_mode_is_einval)
{
	ASSERT_EQ(-1, prctl(PR_SET_SECCOMP, 3, 0, 0, 0));
	ASSERT_EQ(EINVAL, errno);
}

/* prctl_set_seccomp: only STRICT and FILTER are modes (arg2 is a whole
 * unsigned long); FILTER hands arg3 to do_seccomp as the sock_fprog.
 * None of these installs anything. */
FIXTURE(prctl_args) {};
FIXTURE_VARIANT(prctl_args) { unsigned long mode; unsigned long arg3; int expect; };
FIXTURE_VARIANT_ADD(prctl_args, mode_disabled_einval) {
	.mode = SECCOMP_MODE_DISABLED, .arg3 = 0, .expect = EINVAL };
FIXTURE_VARIANT_ADD(prctl_args, mode_ulong_max_einval) {
	.mode = ~0UL, .arg3 = 0, .expect = EINVAL };
FIXTURE_VARIANT_ADD(prctl_args, filter_bad_pointer_efault) {
	.mode = SECCOMP_MODE_FILTER, .arg3 = 8, .expect = EFAULT };
FIXTURE_SETUP(prctl_args) {}
FIXTURE_TEARDOWN(prctl_args) {}

TEST_F(prctl_args, rejected)
{
	long got = prctl(PR_SET_SECCOMP, variant->mode, variant->arg3, 0, 0) ? -errno : 0;

	ASSERT_EQ(-variant->expect, got) TH_LOG("mode 0x%lx", variant->mode);
}

/* prctl_set_seccomp passes NULL for STRICT whatever arg3 is ("always
 * ignored filter"), and sys_prctl passes arguments 4 and 5 to neither. */
static int prctl_strict_child(struct sct_report *rep, void *p)
{
	(void)p;
	rep->ret = prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 8UL, ~0UL, ~0UL) ? -errno : 0;
	rep->stage = 1;
	syscall(__NR_getpid);	/* SIGKILL if strict mode is on */
	return 0;
}

TEST(prctl_strict_ignores_arguments_3_to_5)
{
	struct sct_outcome out;

	ASSERT_EQ(0, sct_run_child(prctl_strict_child, NULL, 0, &out));
	EXPECT_EQ(0, out.rep.ret);
	ASSERT_KILLED_BY(out, SIGKILL);
}

struct prctl_filter_report {
	long set;	/* PR_SET_SECCOMP with stray arguments: 0 or -errno */
};

static int prctl_filter_child(struct sct_report *rep, void *p)
{
	struct sct_filter *f = sct_filter_for_nr(__NR_getppid, SECCOMP_RET_ERRNO | 77,
						 SECCOMP_RET_ALLOW);
	struct sock_fprog prog;

	(void)p;
	if (!f || sct_filter_build(f, &prog))
		return sct_report_broken(rep, "build");
	if (sct_set_nnp())
		return sct_report_broken(rep, "set no_new_privs");
	SCT_REPORT(rep, struct prctl_filter_report)->set = prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, ~0UL, ~0UL) ? -errno : 0;
	errno = 0;
	rep->ret = syscall(__NR_getppid);	/* -1/77 once the filter is in */
	rep->err = errno;
	sct_filter_free(f);
	return 0;
}

TEST(prctl_filter_ignores_arguments_4_and_5)
{
	struct sct_outcome out;

	ASSERT_EQ(0, sct_run_child(prctl_filter_child, NULL, 0, &out));
	ASSERT_EXITED(out, 0);
	EXPECT_EQ(0, SCT_REPORT(&out.rep, struct prctl_filter_report)->set);
	EXPECT_EQ(-1, out.rep.ret);
	EXPECT_EQ(77, out.rep.err);
}

/* ---- no_new_privs -------------------------------------------------------- */

struct nnp_report {
	long clear;	/* PR_SET_NO_NEW_PRIVS 0: 0 or -errno */
	long set_again;	/* ... 1 again */
	long nnp;	/* PR_GET_NO_NEW_PRIVS afterwards */
};

static int nnp_child(struct sct_report *rep, void *p)
{
	struct nnp_report *res = SCT_REPORT(rep, struct nnp_report);
	struct sct_filter *f = sct_filter_for_nr(__NR_getppid, SECCOMP_RET_ERRNO | EPERM,
						 SECCOMP_RET_ALLOW);

	(void)p;
	if (sct_install_filter(f, 0))
		return sct_report_broken(rep, "install");
	res->clear = prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0) ? -errno : 0;
	res->set_again = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ? -errno : 0;
	res->nnp = sct_get_nnp();
	errno = 0;
	rep->ret = syscall(__NR_getppid);
	rep->err = errno;
	return 0;
}

TEST(nnp_cannot_be_cleared_and_filter_stays)
{
	struct sct_outcome out;
	const struct nnp_report *res = SCT_REPORT(&out.rep, struct nnp_report);

	ASSERT_EQ(0, sct_run_child(nnp_child, NULL, 0, &out));
	ASSERT_EXITED(out, 0);
	EXPECT_EQ(-EINVAL, res->clear);	/* PR_SET_NO_NEW_PRIVS takes only 1 */
	EXPECT_EQ(0, res->set_again);		/* setting it again is fine */
	EXPECT_EQ(1, res->nnp);
	EXPECT_EQ(-1, out.rep.ret);		/* and the filter still applies */
	EXPECT_EQ(EPERM, out.rep.err);
}

SCT_SUITE_MAIN("Entering seccomp: strict mode, filter mode permissions, transitions, "
	       "PR_GET_SECCOMP, seccomp(2) argument checks, no_new_privs.")
