// SPDX-License-Identifier: GPL-2.0-only
/*
 * inherit_test - where a filter goes once installed, and syscalls a policy
 * must handle with care.
 *
 *  - Every way of making a task copies the filter chain and no_new_privs
 *    (kernel/fork.c, copy_seccomp); execve keeps both (the seccomp state
 *    lives in the task, which exec does not replace), so the filter count in
 *    /proc/PID/status is unchanged and a new filter stacks on top.
 *  - A filter reaches descendants only: not the parent, not siblings. It
 *    cannot be removed, and a later, looser filter cannot undo it (the
 *    strictest action of the chain wins, seccomp_run_filters).
 *  - no_new_privs makes execve ignore the setuid bit
 *    (fs/exec.c, bprm_fill_uid; LSM_UNSAFE_NO_NEW_PRIVS).
 *  - Live checks of rules real policies use: execve/execveat denied,
 *    Docker's clone namespace mask and clone3 -> ENOSYS (so glibc falls back
 *    to clone), ptrace denied, W^X on anonymous memory, ioctl by request
 *    number (comparing the low 32 bits: the kernel takes `unsigned int cmd`).
 *
 * Helpers exec'd here: inherit_probe (dynamic), inherit_probe_static, and a
 * shell script written to a temp dir at run time; see helpers/inherit_report.h.
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

#define CASE_TIMEOUT_MS 3000
#define NOBODY 65534

extern char **environ;

/* ---- shared pieces ----------------------------------------------------------- */

#define HELPER_DYNAMIC "inherit_probe"
#define HELPER_STATIC "inherit_probe_static"

/* Path of a helper built beside this program; -errno when it is missing. */
static int helper_path(const char *name, char *buf, size_t len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n < 0)
		return -errno;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (slash)
		*slash = '\0';
	if ((size_t)snprintf(buf, len, "%s/%s", self, name) >= len)
		return -ENAMETOOLONG;
	return access(buf, X_OK) ? -errno : 0;
}

#define ASSERT_HELPER(name, buf) do {						\
	int _e = helper_path((name), (buf), sizeof(buf));			\
	ASSERT_EQ(0, _e) TH_LOG("helper %s: %s (build it: make build/suites/%s)", \
				(buf), strerror(-_e), (name));			\
} while (0)

/*
 * A fresh temp dir (mode 0755, so an unprivileged uid can exec from it) on
 * the first of $TMPDIR, /tmp, /var/tmp whose filesystem has none of
 * `bad_flags` (ST_NOEXEC, ST_NOSUID). 0, or -ENOENT when none qualifies.
 */
static int make_tmpdir(char *dir, size_t len, unsigned long bad_flags)
{
	const char *bases[] = { getenv("TMPDIR"), "/tmp", "/var/tmp" };

	for (size_t i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
		struct statvfs st;

		if (!bases[i] || statvfs(bases[i], &st) || (st.f_flag & bad_flags))
			continue;
		snprintf(dir, len, "%s/sct-inherit-XXXXXX", bases[i]);
		if (mkdtemp(dir) && !chmod(dir, 0755))
			return 0;
	}
	dir[0] = '\0';
	return -ENOENT;
}

/* Remove a temp dir made by make_tmpdir and the one file put in it. */
static void remove_tmpdir(const char *dir, const char *file)
{
	if (file && file[0])
		unlink(file);
	if (dir[0])
		rmdir(dir);
}

/* Write `text` to path with `mode`; 0 or -errno. */
static int write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	ssize_t len = (ssize_t)strlen(text);
	int err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != len || fchmod(fd, mode))
		err = -errno ?: -EIO;
	close(fd);
	return err;
}

/* errno of getppid, 0 when it ran (as the helpers measure it). */
static long getppid_errno(void)
{
	return inherit_errno_of(__NR_getppid, 0);
}

/*
 * The filters the inheritance cases install, in this order: getppid ->
 * ERRNO(INHERIT_DENIED), then one that allows everything. Two, so that a
 * count of 2 in /proc/PID/status cannot come from anything else.
 */
#define INHERITED_FILTERS 2

/*
 * Seccomp_filters of this (unfiltered) test process, normally 0; a runner
 * inside a container may already carry some. -1 when not shown.
 */
static long filters_before(void)
{
	long n;

	return sct_proc_status(0, "Seccomp_filters", &n) ? -1 : n;
}

/* no_new_privs, then the inherited filters through `entry`; 0 or -errno. */
static int enter_inherited(enum sct_entry entry)
{
	struct sct_filter *fs[INHERITED_FILTERS] = {
		sct_filter_for_nr(__NR_getppid, SECCOMP_RET_ERRNO | INHERIT_DENIED,
				  SECCOMP_RET_ALLOW),
		sct_filter_ret(SECCOMP_RET_ALLOW),
	};
	int ret = sct_set_nnp();

	for (size_t i = 0; i < INHERITED_FILTERS; i++) {
		struct sock_fprog prog;

		if (!ret)
			ret = !fs[i] ? -ENOMEM : sct_filter_build(fs[i], &prog);
		if (!ret)
			ret = (int)sct_install_via(entry, &prog, 0);
		sct_filter_free(fs[i]);
	}
	return ret;
}

/* Report of an exec'd program: its stdout, read once the child has ended. */
struct capture {
	int fd[2];
	char text[8192];
};

static int capture_open(struct capture *c)
{
	c->text[0] = '\0';
	return pipe2(c->fd, O_CLOEXEC) ? -errno : 0;
}

/* In the child: the capture pipe becomes stdout (dup2 clears CLOEXEC). */
static int capture_as_stdout(const struct capture *c)
{
	return dup2(c->fd[1], STDOUT_FILENO) < 0 ? -1 : 0;
}

/* In the parent after the child ended: read what it wrote, close the pipe. */
static void capture_close(struct capture *c)
{
	size_t len = 0;

	close(c->fd[1]);
	for (;;) {
		struct pollfd pfd = { .fd = c->fd[0], .events = POLLIN };
		ssize_t n;

		if (len >= sizeof(c->text) - 1 || poll(&pfd, 1, 1000) <= 0)
			break;
		n = read(c->fd[0], c->text + len, sizeof(c->text) - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	c->text[len] = '\0';
	close(c->fd[0]);
}

/* Value of `key` in a helper's report, or `missing`. */
static long report_value(const char *text, const char *key, long missing)
{
	long v;

	return sct_status_value(text, key, &v) ? missing : v;
}

#define NOT_REPORTED (-99999L)

/* ---- inheritance: fork, vfork, clone, clone3, threads, execve ---------------- */

enum method {
	M_FORK, M_VFORK, M_CLONE, M_CLONE_THREAD, M_CLONE3, M_PTHREAD,
	M_EXEC_STATIC, M_EXEC_DYNAMIC, M_EXEC_SCRIPT,
};

static const char *const method_names[] = {
	[M_FORK] = "fork", [M_VFORK] = "vfork", [M_CLONE] = "clone",
	[M_CLONE_THREAD] = "clone(CLONE_THREAD)", [M_CLONE3] = "clone3",
	[M_PTHREAD] = "pthread_create", [M_EXEC_STATIC] = "execve",
	[M_EXEC_DYNAMIC] = "execve", [M_EXEC_SCRIPT] = "execve",
};

/* What the descendant saw. */
struct seen {
	long ppid_err;	/* errno of getppid: INHERIT_DENIED when filtered */
	long nnp;	/* PR_GET_NO_NEW_PRIVS / NoNewPrivs */
	long filters;	/* Seccomp_filters, -1 when the kernel does not show it */
	long sh_ppid;	/* the script's $PPID: negative when its getppid was filtered */
};

/* Report slots of the non-exec descendants. */
struct inherit_report {
	long done;
	long ppid_err;
	long nnp;
	long filters;
};

struct inherit_job {
	enum method method;
	enum sct_entry entry;
	char path[PATH_MAX];		/* exec: the program */
	char arg1[PATH_MAX];		/* exec: its argument ("" for none) */
	struct capture cap;
};

/* Runs in the descendant (also in a vfork child or raw clone thread:
 * only syscalls and open/read, no allocation). */
static void descendant_report(struct sct_report *rep)
{
	long n;

	SCT_REPORT(rep, struct inherit_report)->ppid_err = getppid_errno();
	SCT_REPORT(rep, struct inherit_report)->nnp = sct_get_nnp();
	SCT_REPORT(rep, struct inherit_report)->filters = sct_proc_status(0, "Seccomp_filters", &n) ? -1 : n;
	__atomic_store_n(&SCT_REPORT(rep, struct inherit_report)->done, 1, __ATOMIC_RELEASE);
}

static int descendant_fn(void *rep)
{
	descendant_report(rep);
	return 0;
}

static void *descendant_thread(void *rep)
{
	descendant_report(rep);
	return NULL;
}

/* Wait for a process descendant; 0 when it exited 0. */
static int reap(pid_t pid)
{
	int status;

	if (pid < 0 || waitpid(pid, &status, __WALL) != pid)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/*
 * The result of a fork-like call (fork, raw clone or clone3 without a new
 * stack): the child reports when given a report, then leaves at once; the
 * parent reaps it. 0, or -1 when the call or the child failed.
 */
static int fork_like(long pid, struct sct_report *rep)
{
	if (pid == 0) {
		if (rep)
			descendant_report(rep);
		_exit(0);
	}
	return reap((pid_t)pid);
}

/* Wait for a thread that shares our memory to report (no join for raw clone). */
static bool wait_done(struct sct_report *rep)
{
	for (int i = 0; i < 2000; i++) {
		if (__atomic_load_n(&SCT_REPORT(rep, struct inherit_report)->done, __ATOMIC_ACQUIRE))
			return true;
		usleep(1000);
	}
	return false;
}

static char clone_stack[64 * 1024] __attribute__((aligned(16)));

static int inherit_child(struct sct_report *rep, void *arg)
{
	struct inherit_job *j = arg;
	char *const argv[] = { j->path, j->arg1[0] ? j->arg1 : NULL, NULL };
	struct clone_args ca = { .exit_signal = SIGCHLD };
	char *stack_top = clone_stack + sizeof(clone_stack);
	pthread_t th;
	pid_t pid;
	int err;

	err = enter_inherited(j->entry);
	if (err) {
		errno = -err;
		return sct_report_broken(rep, "install the filters");
	}
	rep->stage = 1;
	switch (j->method) {
	case M_FORK:
		err = fork_like(fork(), rep);
		break;
	case M_VFORK:
		/* the vfork child must not return from this function */
		pid = vfork();
		if (pid == 0)
			_exit(descendant_fn(rep));
		err = reap(pid);
		break;
	case M_CLONE:
		err = reap(clone(descendant_fn, stack_top, SIGCHLD, rep));
		break;
	case M_CLONE_THREAD:
		err = clone(descendant_fn, stack_top, CLONE_VM | CLONE_FS | CLONE_FILES |
			    CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM, rep) < 0 || !wait_done(rep);
		break;
	case M_CLONE3:
		err = fork_like(syscall(__NR_clone3, &ca, sizeof(ca)), rep);
		break;
	case M_PTHREAD:
		err = pthread_create(&th, NULL, descendant_thread, rep);
		if (!err)
			err = pthread_join(th, NULL);
		if (err)
			errno = err;	/* for the broken report */
		break;
	case M_EXEC_STATIC:
	case M_EXEC_DYNAMIC:
	case M_EXEC_SCRIPT:
		if (capture_as_stdout(&j->cap))
			return sct_report_broken(rep, "redirect stdout");
		execve(j->path, argv, environ);
		err = -1;
		break;
	}
	return err ? sct_report_broken(rep, method_names[j->method]) : 0;
}

/* Run the job; fill *seen from the shared report or the exec'd report. */
static int run_inherit(struct __test_metadata *_metadata, struct inherit_job *j,
		       struct seen *seen)
{
	bool execs = j->method >= M_EXEC_STATIC;
	struct sct_outcome out;
	char buf[256];
	int ret;

	if (execs && capture_open(&j->cap))
		return -errno;
	ret = sct_run_child(inherit_child, j, CASE_TIMEOUT_MS, &out);
	if (execs)
		capture_close(&j->cap);
	if (ret)
		return ret;
	if (out.end != SCT_END_EXITED || out.code != 0 || out.rep.broken[0]) {
		TH_LOG("child %s", sct_outcome_str(&out, buf, sizeof(buf)));
		TH_LOG("its output: \"%s\"", j->cap.text);
		return -ECHILD;
	}
	if (!execs) {
		if (!SCT_REPORT(&out.rep, struct inherit_report)->done) {
			TH_LOG("the descendant never reported");
			return -ECHILD;
		}
		seen->ppid_err = SCT_REPORT(&out.rep, struct inherit_report)->ppid_err;
		seen->nnp = SCT_REPORT(&out.rep, struct inherit_report)->nnp;
		seen->filters = SCT_REPORT(&out.rep, struct inherit_report)->filters;
		seen->sh_ppid = NOT_REPORTED;
		return 0;
	}
	seen->ppid_err = report_value(j->cap.text, KEY_GETPPID_ERRNO, NOT_REPORTED);
	seen->nnp = report_value(j->cap.text, "NoNewPrivs", NOT_REPORTED);
	seen->filters = report_value(j->cap.text, "Seccomp_filters", -1);
	seen->sh_ppid = report_value(j->cap.text, KEY_SH_PPID, NOT_REPORTED);
	if (seen->ppid_err == NOT_REPORTED) {
		TH_LOG("no report from %s: \"%s\"", j->path, j->cap.text);
		return -ENODATA;
	}
	return 0;
}

/*
 * The script writes the shell's own view first: dash and bash set $PPID
 * from getppid() at start-up, so under the filter it is negative (glibc
 * hands back the raw -INHERIT_DENIED, a libc that checks would give -1). Then it
 * execs its argument, the dynamic helper, for the full report.
 */
static const char probe_script[] =
	"#!/bin/sh\n"
	"# inherit_test: the shell's $PPID, then the dynamic helper's report\n"
	"printf '" KEY_SH_PPID ":\\t%s\\n' \"$PPID\"\n"
	"exec \"$1\"\n";

FIXTURE(inherit) {
	char dir[PATH_MAX];
	char script[PATH_MAX + 32];
};
FIXTURE_VARIANT(inherit) {
	enum method method;
	enum sct_feature needs;	/* SCT_F_COUNT: nothing */
};
#define NEEDS_NOTHING SCT_F_COUNT
FIXTURE_VARIANT_ADD(inherit, fork) { .method = M_FORK, .needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(inherit, vfork) { .method = M_VFORK, .needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(inherit, clone_process) { .method = M_CLONE, .needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(inherit, clone_thread) { .method = M_CLONE_THREAD, .needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(inherit, clone3) { .method = M_CLONE3, .needs = SCT_F_CLONE3 };
FIXTURE_VARIANT_ADD(inherit, pthread_create) { .method = M_PTHREAD, .needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(inherit, execve_static) { .method = M_EXEC_STATIC, .needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(inherit, execve_dynamic) { .method = M_EXEC_DYNAMIC, .needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(inherit, execve_script) { .method = M_EXEC_SCRIPT, .needs = NEEDS_NOTHING };

FIXTURE_SETUP(inherit)
{
	int err;

	self->dir[0] = self->script[0] = '\0';
	if (variant->method != M_EXEC_SCRIPT)
		return;
	ASSERT_EQ(0, make_tmpdir(self->dir, sizeof(self->dir), ST_NOEXEC))
		TH_LOG("no temp dir on a filesystem that allows exec");
	snprintf(self->script, sizeof(self->script), "%s/inherit_probe.sh", self->dir);
	err = write_file(self->script, probe_script, 0755);
	if (err)
		remove_tmpdir(self->dir, self->script);	/* no teardown after a failed setup */
	ASSERT_EQ(0, err) TH_LOG("writing %s: %s", self->script, strerror(-err));
}

FIXTURE_TEARDOWN(inherit)
{
	remove_tmpdir(self->dir, self->script);
}

static void check_inherit(struct __test_metadata *_metadata, enum sct_entry entry,
			  const FIXTURE_VARIANT(inherit) *v, const char *script)
{
	struct inherit_job j = { .method = v->method, .entry = entry };
	struct seen seen;

	if (v->needs != NEEDS_NOTHING)
		SCT_REQUIRE(v->needs);
	if (v->method == M_EXEC_STATIC)
		ASSERT_HELPER(HELPER_STATIC, j.path);
	if (v->method == M_EXEC_DYNAMIC)
		ASSERT_HELPER(HELPER_DYNAMIC, j.path);
	if (v->method == M_EXEC_SCRIPT) {
		ASSERT_HELPER(HELPER_DYNAMIC, j.arg1);
		snprintf(j.path, sizeof(j.path), "%s", script);
	}
	ASSERT_EQ(0, run_inherit(_metadata, &j, &seen));
	EXPECT_EQ(INHERIT_DENIED, seen.ppid_err) TH_LOG("getppid in the descendant: the filter is gone");
	EXPECT_EQ(1, seen.nnp) TH_LOG("no_new_privs in the descendant");
	if (sct_have(SCT_F_STATUS_FILTERS))
		EXPECT_EQ(filters_before() + INHERITED_FILTERS, seen.filters)
			TH_LOG("Seccomp_filters of the descendant");
	/* glibc's and musl's getppid() return the raw -errno: no error check;
	 * a shell may print that pid_t as unsigned (busybox on arm64:
	 * 4294963963), so only its 32 bits count */
	if (v->method == M_EXEC_SCRIPT)
		EXPECT_TRUE((int32_t)seen.sh_ppid == -INHERIT_DENIED || seen.sh_ppid == -1)
			TH_LOG("the shell's $PPID is %ld: its getppid was not filtered", seen.sh_ppid);
}

TEST_F(inherit, via_prctl) { check_inherit(_metadata, SCT_ENTRY_PRCTL, variant, self->script); }
TEST_F(inherit, via_seccomp) { check_inherit(_metadata, SCT_ENTRY_SECCOMP, variant, self->script); }

/* After execve a new filter stacks on the inherited ones (count + 1), and both apply. */
TEST(execve_then_new_filter_stacks_on_top)
{
	struct inherit_job j = { .method = M_EXEC_DYNAMIC, .entry = SCT_ENTRY_SECCOMP,
				 .arg1 = "stack" };
	struct seen seen;

	ASSERT_HELPER(HELPER_DYNAMIC, j.path);
	ASSERT_EQ(0, run_inherit(_metadata, &j, &seen));
	EXPECT_EQ(INHERIT_DENIED, seen.ppid_err) TH_LOG("the inherited filter no longer applies");
	EXPECT_EQ(INHERIT_STACKED, report_value(j.cap.text, KEY_GETPGID_ERRNO, NOT_REPORTED))
		TH_LOG("the helper's own filter does not apply: %s", j.cap.text);
	if (sct_have(SCT_F_STATUS_FILTERS)) {
		long base = filters_before();

		EXPECT_EQ(base + INHERITED_FILTERS,
			  report_value(j.cap.text, KEY_START_FILTERS, NOT_REPORTED));
		EXPECT_EQ(base + INHERITED_FILTERS + 1, seen.filters);
	}
}

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
		if (enter_inherited(a->entry))
			_exit(2);
		SCT_REPORT(rep, struct inherit_i_report)->filtered = getppid_errno();
		if (write(a->ready[1], "r", 1) != 1 || await_byte(a->release[0]))
			_exit(3);
		_exit(0);
	}
	if (await_byte(a->ready[0]))
		ret = sct_report_broken(rep, "the filtered child did not get ready");
	SCT_REPORT(rep, struct inherit_i_report)->parent = getppid_errno();
	SCT_REPORT(rep, struct inherit_i_report)->sibling = -1;	/* until the sibling reports */
	sibling = fork();
	if (sibling == 0) {
		SCT_REPORT(rep, struct inherit_i_report)->sibling = getppid_errno();
		_exit(0);
	}
	if (reap(sibling))
		ret = sct_report_broken(rep, "fork the sibling");
	if (write(a->release[1], "x", 1) != 1 || reap(filtered))
		ret = ret ?: sct_report_broken(rep, "the filtered child failed");
	rep->stage = 1;
	return ret;
}

TEST_F(isolation, filter_stays_out_of_parent_and_sibling)
{
	struct isolation_arg a = { .entry = variant->entry };
	struct sct_outcome out;

	ASSERT_EQ(0, sct_run_child(isolation_child, &a, CASE_TIMEOUT_MS, &out));
	ASSERT_EXITED(out, 0);
	ASSERT_EQ(INHERIT_DENIED, SCT_REPORT(&out.rep, struct inherit_i_report)->filtered)
		TH_LOG("the filter did not apply in its own task");
	EXPECT_EQ(0, SCT_REPORT(&out.rep, struct inherit_i_report)->parent) TH_LOG("the parent got its child's filter");
	EXPECT_EQ(0, SCT_REPORT(&out.rep, struct inherit_i_report)->sibling) TH_LOG("a sibling got its sibling's filter");
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
	int err = enter_inherited(a->entry);

	if (!err)
		err = !f ? -ENOMEM : sct_filter_build(f, &prog);
	if (!err)
		err = (int)sct_install_via(a->entry, &prog, 0);
	sct_filter_free(f);
	if (err) {
		errno = -err;
		return sct_report_broken(rep, "install the filters");
	}
	rep->ret = getppid_errno();
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
	int err = enter_inherited(SCT_ENTRY_SECCOMP);

	(void)p;
	if (err) {
		errno = -err;
		return sct_report_broken(rep, "install the filters");
	}
	SCT_REPORT(rep, struct inherit_u_report)->disable = prctl(PR_SET_SECCOMP, SECCOMP_MODE_DISABLED, 0, 0, 0) ? errno : 0;
	SCT_REPORT(rep, struct inherit_u_report)->strict = sct_seccomp(SECCOMP_SET_MODE_STRICT, 0, NULL);
	rep->ret = getppid_errno();
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
	ASSERT_HELPER(HELPER_STATIC, helper);
	if (make_tmpdir(self->dir, sizeof(self->dir), ST_NOEXEC | ST_NOSUID))
		return;	/* the test skips */
	snprintf(self->copy, sizeof(self->copy), "%s/inherit_suid", self->dir);
	err = make_setuid_copy(helper, self->copy);
	if (err)
		remove_tmpdir(self->dir, self->copy);	/* no teardown after a failed setup */
	ASSERT_EQ(0, err) TH_LOG("copying %s: %s", helper, strerror(-err));
}

FIXTURE_TEARDOWN(setuid)
{
	remove_tmpdir(self->dir, self->copy);
}

struct setuid_arg {
	bool nnp;
	const char *path;
	struct capture cap;
};

static int setuid_child(struct sct_report *rep, void *p)
{
	struct setuid_arg *a = p;
	char *const argv[] = { (char *)a->path, NULL };

	if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
	    setresuid(NOBODY, NOBODY, NOBODY))
		return sct_report_broken(rep, "drop to uid 65534");
	if (a->nnp) {
		int err = enter_inherited(SCT_ENTRY_SECCOMP);

		if (err) {
			errno = -err;
			return sct_report_broken(rep, "no_new_privs and filters");
		}
	}
	if (capture_as_stdout(&a->cap))
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
	ASSERT_EQ(0, capture_open(&a.cap));
	ASSERT_EQ(0, sct_run_child(setuid_child, &a, CASE_TIMEOUT_MS, &out));
	capture_close(&a.cap);
	if (out.end != SCT_END_EXITED || out.code != 0)
		TH_LOG("its output: \"%s\"", a.cap.text);
	ASSERT_EXITED(out, 0);
	ASSERT_NE(NOT_REPORTED, report_value(a.cap.text, KEY_EUID, NOT_REPORTED))
		TH_LOG("no report: %s (%s)", a.cap.text, sct_outcome_str(&out, buf, sizeof(buf)));
	EXPECT_EQ(variant->euid, report_value(a.cap.text, KEY_EUID, NOT_REPORTED));
	EXPECT_EQ(variant->nnp, report_value(a.cap.text, "NoNewPrivs", NOT_REPORTED))
		TH_LOG("no_new_privs after execve");
	if (variant->nnp)
		EXPECT_EQ(INHERIT_DENIED, report_value(a.cap.text, KEY_GETPPID_ERRNO, NOT_REPORTED));
}

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
		return fork_like(syscall(__NR_clone, CLONE_NEWUTS | SIGCHLD, 0, NULL, NULL, 0), NULL);
	case OP_CLONE_NEWUSER:
		return fork_like(syscall(__NR_clone, CLONE_NEWUSER | SIGCHLD, 0, NULL, NULL, 0), NULL);
	case OP_CLONE_PLAIN:
		return fork_like(syscall(__NR_clone, SIGCHLD, 0, NULL, NULL, 0), NULL);
	case OP_CLONE3:
		return fork_like(syscall(__NR_clone3, &ca, sizeof(ca)), NULL);
	case OP_FORK:
		return fork_like(fork(), NULL);
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
	ASSERT_HELPER(HELPER_STATIC, a.helper);
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

SCT_SUITE_MAIN("Filter inheritance: fork, vfork, clone, clone3, threads and execve "
	       "(static, dynamic, script) keep the filters and no_new_privs; filters "
	       "stack, stay out of parents and siblings, cannot be loosened; no_new_privs "
	       "defeats setuid; live checks of execve, clone/clone3, ptrace, W^X and ioctl rules.")
