// SPDX-License-Identifier: GPL-2.0-only
/*
 * inherit_limits_test - what a filter cannot do once installed.
 *
 *  - A filter reaches descendants only: not the parent, not siblings. It
 *    cannot be removed, and a later, looser filter cannot undo it (the
 *    strictest action of the chain wins, seccomp_run_filters).
 *  - no_new_privs makes execve ignore the setuid bit
 *    (fs/exec.c, bprm_fill_uid; LSM_UNSAFE_NO_NEW_PRIVS).
 *
 * Helper exec'd here: inherit_probe_static (a setuid-root copy of it).
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

/* ---- a filter reaches descendants only ------------------------------------------ */

FIXTURE(isolation) {};
FIXTURE_VARIANT(isolation) { enum sct_entry entry; };
FIXTURE_VARIANT_ADD(isolation, via_prctl) { .entry = SCT_ENTRY_PRCTL };
FIXTURE_VARIANT_ADD(isolation, via_seccomp) { .entry = SCT_ENTRY_SECCOMP };
FIXTURE_SETUP(isolation) {}
FIXTURE_TEARDOWN(isolation) {}

struct inherit_i_report {
	long filtered;
	long parent;
	long sibling;
};

struct isolation_arg {
	enum sct_entry entry;
	int ready[2], release[2];	/* filtered child -> parent, parent -> filtered child */
};

/* Read one byte within the timeout; 0 or -1. */
static int await_byte(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char c;

	return poll(&pfd, 1, CASE_TIMEOUT_MS / 2) == 1 && read(fd, &c, 1) == 1 ? 0 : -1;
}

static int isolation_child(struct sct_report *rep, void *p)
{
	struct inherit_i_report *res = SCT_REPORT(rep, struct inherit_i_report);
	struct isolation_arg *a = p;
	pid_t filtered, sibling;
	int ret = 0;

	if (pipe2(a->ready, O_CLOEXEC) || pipe2(a->release, O_CLOEXEC))
		return sct_report_broken(rep, "pipe");
	filtered = fork();
	if (filtered < 0)
		return sct_report_broken(rep, "fork");
	if (filtered == 0) {
		/* keeps its filter alive until the parent has looked */
		if (sct_enter_inherited(a->entry))
			_exit(2);
		res->filtered = sct_getppid_errno();
		if (write(a->ready[1], "r", 1) != 1 || await_byte(a->release[0]))
			_exit(3);
		_exit(0);
	}
	if (await_byte(a->ready[0]))
		ret = sct_report_broken(rep, "the filtered child did not get ready");
	res->parent = sct_getppid_errno();
	res->sibling = -1;	/* until the sibling reports */
	sibling = fork();
	if (sibling == 0) {
		res->sibling = sct_getppid_errno();
		_exit(0);
	}
	if (sct_reap(sibling))
		ret = sct_report_broken(rep, "fork the sibling");
	if (write(a->release[1], "x", 1) != 1 || sct_reap(filtered))
		ret = ret ?: sct_report_broken(rep, "the filtered child failed");
	rep->stage = 1;
	return ret;
}

TEST_F(isolation, filter_stays_out_of_parent_and_sibling)
{
	struct isolation_arg a = { .entry = variant->entry };
	struct sct_outcome out;
	const struct inherit_i_report *res = SCT_REPORT(&out.rep, struct inherit_i_report);

	ASSERT_EQ(0, sct_run_child(isolation_child, &a, CASE_TIMEOUT_MS, &out));
	ASSERT_EXITED(out, 0);
	ASSERT_EQ(INHERIT_DENIED, res->filtered)
		TH_LOG("the filter did not apply in its own task");
	EXPECT_EQ(0, res->parent) TH_LOG("the parent got its child's filter");
	EXPECT_EQ(0, res->sibling) TH_LOG("a sibling got its sibling's filter");
}

/* ---- filters cannot be loosened -------------------------------------------------- */

/*
 * A later filter whose action ranks above ERRNO (USER_NOTIF, TRACE, LOG,
 * ALLOW) cannot override an earlier ERRNO: the lowest action of the chain
 * wins. USER_NOTIF and TRACE with no listener or tracer would give ENOSYS
 * if they won, so the errno tells which filter decided.
 */
FIXTURE(loosen) {};
FIXTURE_VARIANT(loosen) { uint32_t later; enum sct_feature needs; };
FIXTURE_VARIANT_ADD(loosen, later_allow_all) { .later = SECCOMP_RET_ALLOW, .needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(loosen, later_log) { .later = SECCOMP_RET_LOG, .needs = SCT_F_RET_LOG };
FIXTURE_VARIANT_ADD(loosen, later_trace) { .later = SECCOMP_RET_TRACE, .needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(loosen, later_user_notif) {
	.later = SECCOMP_RET_USER_NOTIF, .needs = SCT_F_RET_USER_NOTIF };
FIXTURE_SETUP(loosen) {}
FIXTURE_TEARDOWN(loosen) {}

struct loosen_arg { enum sct_entry entry; uint32_t later; };

static int loosen_child(struct sct_report *rep, void *p)
{
	struct loosen_arg *a = p;
	/* ALLOW for everything; the other actions for getppid only, or the
	 * child could not even exit */
	struct sct_filter *f = a->later == SECCOMP_RET_ALLOW ? sct_filter_ret(SECCOMP_RET_ALLOW) :
		sct_filter_for_nr(__NR_getppid, a->later, SECCOMP_RET_ALLOW);
	struct sock_fprog prog;
	int err = sct_enter_inherited(a->entry);

	if (!err)
		err = !f ? -ENOMEM : sct_filter_build(f, &prog);
	if (!err)
		err = (int)sct_install_via(a->entry, &prog, 0);
	sct_filter_free(f);
	if (err) {
		errno = -err;
		return sct_report_broken(rep, "install the filters");
	}
	rep->ret = sct_getppid_errno();
	rep->stage = 1;
	return 0;
}

static void check_loosen(struct __test_metadata *_metadata, enum sct_entry entry,
			 const FIXTURE_VARIANT(loosen) *v)
{
	struct loosen_arg a = { entry, v->later };
	struct sct_outcome out;

	if (v->needs != NEEDS_NOTHING)
		SCT_REQUIRE(v->needs);
	ASSERT_EQ(0, sct_run_child(loosen_child, &a, CASE_TIMEOUT_MS, &out));
	ASSERT_EXITED(out, 0);
	EXPECT_EQ(INHERIT_DENIED, out.rep.ret)
		TH_LOG("getppid after a later %s filter: errno %ld", sct_action_name(v->later),
		       out.rep.ret);
}

TEST_F(loosen, via_prctl) { check_loosen(_metadata, SCT_ENTRY_PRCTL, variant); }
TEST_F(loosen, via_seccomp) { check_loosen(_metadata, SCT_ENTRY_SECCOMP, variant); }

/*
 * Nor is there a call that removes one: prctl(PR_SET_SECCOMP) takes no
 * "disabled" mode, and strict mode cannot replace filter mode
 * (seccomp_may_assign_mode). Both fail with EINVAL and the filter stays.
 */
struct inherit_u_report {
	long disable;
	long strict;
};

static int unfilter_child(struct sct_report *rep, void *p)
{
	int err = sct_enter_inherited(SCT_ENTRY_SECCOMP);

	(void)p;
	if (err) {
		errno = -err;
		return sct_report_broken(rep, "install the filters");
	}
	SCT_REPORT(rep, struct inherit_u_report)->disable = prctl(PR_SET_SECCOMP, SECCOMP_MODE_DISABLED, 0, 0, 0) ? errno : 0;
	SCT_REPORT(rep, struct inherit_u_report)->strict = sct_seccomp(SECCOMP_SET_MODE_STRICT, 0, NULL);
	rep->ret = sct_getppid_errno();
	rep->stage = 1;
	return 0;
}

TEST(no_call_removes_a_filter)
{
	struct sct_outcome out;

	ASSERT_EQ(0, sct_run_child(unfilter_child, NULL, CASE_TIMEOUT_MS, &out));
	ASSERT_EXITED(out, 0);
	EXPECT_EQ(EINVAL, SCT_REPORT(&out.rep, struct inherit_u_report)->disable) TH_LOG("prctl(PR_SET_SECCOMP, DISABLED)");
	EXPECT_EQ(-EINVAL, SCT_REPORT(&out.rep, struct inherit_u_report)->strict) TH_LOG("seccomp(SET_MODE_STRICT) over a filter");
	EXPECT_EQ(INHERIT_DENIED, out.rep.ret) TH_LOG("getppid afterwards: the filter is gone");
}

/* ---- no_new_privs and a setuid-root helper ---------------------------------------- */

/*
 * Root-only: a setuid-root copy of the static helper in a temp dir; the
 * child drops to uid/gid 65534 and execs it. With no_new_privs (and the
 * filters it allows) the euid stays 65534; without it (the control, which
 * proves the setuid copy works) it becomes 0.
 */
FIXTURE(setuid) {
	char dir[PATH_MAX];
	char copy[PATH_MAX + 32];
};
FIXTURE_VARIANT(setuid) { bool nnp; long euid; };
FIXTURE_VARIANT_ADD(setuid, nnp_keeps_euid) { .nnp = true, .euid = NOBODY };
FIXTURE_VARIANT_ADD(setuid, without_nnp_gains_root) { .nnp = false };

/* Copy src to dst as a root-owned setuid file; 0 or -errno. */
static int make_setuid_copy(const char *src, const char *dst)
{
	char buf[65536];
	int in, out, err = 0;
	ssize_t n;

	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0700);
	if (out < 0) {
		err = -errno;
		close(in);
		return err;
	}
	while (!err && (n = read(in, buf, sizeof(buf))) != 0)
		if (n < 0 || write(out, buf, (size_t)n) != n)
			err = -errno ?: -EIO;
	/* chown clears S_ISUID, so it comes first */
	if (!err && (fchown(out, 0, 0) || fchmod(out, 04755)))
		err = -errno;
	close(in);
	close(out);
	return err;
}

FIXTURE_SETUP(setuid)
{
	char helper[PATH_MAX];
	int err;

	self->dir[0] = self->copy[0] = '\0';
	if (!sct_have_cap(CAP_SETUID) || !sct_have_cap(CAP_SETGID) || !sct_have_cap(CAP_CHOWN) ||
	    !sct_have_cap(CAP_FOWNER))
		return;	/* the test skips */
	ASSERT_HELPER(SCT_HELPER_STATIC, helper);
	if (sct_make_tmpdir(self->dir, sizeof(self->dir), ST_NOEXEC | ST_NOSUID))
		return;	/* the test skips */
	snprintf(self->copy, sizeof(self->copy), "%s/inherit_suid", self->dir);
	err = make_setuid_copy(helper, self->copy);
	if (err)
		sct_remove_tmpdir(self->dir, self->copy);	/* no teardown after a failed setup */
	ASSERT_EQ(0, err) TH_LOG("copying %s: %s", helper, strerror(-err));
}

FIXTURE_TEARDOWN(setuid)
{
	sct_remove_tmpdir(self->dir, self->copy);
}

struct setuid_arg {
	bool nnp;
	const char *path;
	struct sct_capture cap;
};

static int setuid_child(struct sct_report *rep, void *p)
{
	struct setuid_arg *a = p;
	char *const argv[] = { (char *)a->path, NULL };

	if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
	    setresuid(NOBODY, NOBODY, NOBODY))
		return sct_report_broken(rep, "drop to uid 65534");
	if (a->nnp) {
		int err = sct_enter_inherited(SCT_ENTRY_SECCOMP);

		if (err) {
			errno = -err;
			return sct_report_broken(rep, "no_new_privs and filters");
		}
	}
	if (sct_capture_as_stdout(&a->cap))
		return sct_report_broken(rep, "redirect stdout");
	execve(a->path, argv, environ);
	return sct_report_broken(rep, "execve the setuid copy");
}

TEST_F(setuid, execve_setuid_root_helper)
{
	struct setuid_arg a = { .nnp = variant->nnp, .path = self->copy };
	struct sct_outcome out;
	char buf[256];

	SCT_REQUIRE_CAP(CAP_SETUID);
	SCT_REQUIRE_CAP(CAP_SETGID);
	SCT_REQUIRE_CAP(CAP_CHOWN);
	SCT_REQUIRE_CAP(CAP_FOWNER);
	if (!self->copy[0])
		SKIP(return, "no temp dir on a filesystem without nosuid and noexec");
	if (!variant->nnp && sct_get_nnp() != 0)
		SKIP(return, "this test process already has no_new_privs: no control possible");
	ASSERT_EQ(0, sct_capture_open(&a.cap));
	ASSERT_EQ(0, sct_run_child(setuid_child, &a, CASE_TIMEOUT_MS, &out));
	sct_capture_close(&a.cap);
	if (out.end != SCT_END_EXITED || out.code != 0)
		TH_LOG("its output: \"%s\"", a.cap.text);
	ASSERT_EXITED(out, 0);
	ASSERT_NE(SCT_NOT_REPORTED, sct_report_value(a.cap.text, KEY_EUID, SCT_NOT_REPORTED))
		TH_LOG("no report: %s (%s)", a.cap.text, sct_outcome_str(&out, buf, sizeof(buf)));
	EXPECT_EQ(variant->euid, sct_report_value(a.cap.text, KEY_EUID, SCT_NOT_REPORTED));
	EXPECT_EQ(variant->nnp, sct_report_value(a.cap.text, "NoNewPrivs", SCT_NOT_REPORTED))
		TH_LOG("no_new_privs after execve");
	if (variant->nnp)
		EXPECT_EQ(INHERIT_DENIED, sct_report_value(a.cap.text, KEY_GETPPID_ERRNO, SCT_NOT_REPORTED));
}

SCT_SUITE_MAIN("Filter limits: a filter stays out of parents and siblings, cannot be "
	       "removed or loosened; no_new_privs defeats setuid.")
