// SPDX-License-Identifier: GPL-2.0-only
/*
 * inherit_test - where a filter goes once installed: every way of making a
 * task copies the filter chain and no_new_privs (kernel/fork.c,
 * copy_seccomp); execve keeps both (the seccomp state lives in the task,
 * which exec does not replace), so the filter count in /proc/PID/status is
 * unchanged and a new filter stacks on top.
 *
 * Helpers exec'd here: inherit_probe (dynamic), inherit_probe_static, and a
 * shell script written to a temp dir at run time; see helpers/inherit_report.h.
 * inherit_limits_test and inherit_policy_test share lib/inherit.h with it.
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

/* What the non-exec descendants report. */
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
	struct sct_capture cap;
};

/* Runs in the descendant (also in a vfork child or raw clone thread:
 * only syscalls and open/read, no allocation). */
static void descendant_report(struct sct_report *rep)
{
	struct inherit_report *res = SCT_REPORT(rep, struct inherit_report);
	long n;

	res->ppid_err = sct_getppid_errno();
	res->nnp = sct_get_nnp();
	res->filters = sct_proc_status(0, "Seccomp_filters", &n) ? -1 : n;
	__atomic_store_n(&res->done, 1, __ATOMIC_RELEASE);
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

/* A fork-like call whose child reports first (see sct_fork_like). */
static int fork_like(long pid, struct sct_report *rep)
{
	if (pid == 0 && rep)
		descendant_report(rep);
	return sct_fork_like(pid);
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

	err = sct_enter_inherited(j->entry);
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
		err = sct_reap(pid);
		break;
	case M_CLONE:
		err = sct_reap(clone(descendant_fn, stack_top, SIGCHLD, rep));
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
		if (sct_capture_as_stdout(&j->cap))
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
	const struct inherit_report *res = SCT_REPORT(&out.rep, struct inherit_report);
	char buf[256];
	int ret;

	if (execs && sct_capture_open(&j->cap))
		return -errno;
	ret = sct_run_child(inherit_child, j, CASE_TIMEOUT_MS, &out);
	if (execs)
		sct_capture_close(&j->cap);
	if (ret)
		return ret;
	if (out.end != SCT_END_EXITED || out.code != 0 || out.rep.broken[0]) {
		TH_LOG("child %s", sct_outcome_str(&out, buf, sizeof(buf)));
		TH_LOG("its output: \"%s\"", j->cap.text);
		return -ECHILD;
	}
	if (!execs) {
		if (!res->done) {
			TH_LOG("the descendant never reported");
			return -ECHILD;
		}
		seen->ppid_err = res->ppid_err;
		seen->nnp = res->nnp;
		seen->filters = res->filters;
		seen->sh_ppid = SCT_NOT_REPORTED;
		return 0;
	}
	seen->ppid_err = sct_report_value(j->cap.text, KEY_GETPPID_ERRNO, SCT_NOT_REPORTED);
	seen->nnp = sct_report_value(j->cap.text, "NoNewPrivs", SCT_NOT_REPORTED);
	seen->filters = sct_report_value(j->cap.text, "Seccomp_filters", -1);
	seen->sh_ppid = sct_report_value(j->cap.text, KEY_SH_PPID, SCT_NOT_REPORTED);
	if (seen->ppid_err == SCT_NOT_REPORTED) {
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
	ASSERT_EQ(0, sct_make_tmpdir(self->dir, sizeof(self->dir), ST_NOEXEC))
		TH_LOG("no temp dir on a filesystem that allows exec");
	snprintf(self->script, sizeof(self->script), "%s/inherit_probe.sh", self->dir);
	err = sct_write_file(self->script, probe_script, 0755);
	if (err)
		sct_remove_tmpdir(self->dir, self->script);	/* no teardown after a failed setup */
	ASSERT_EQ(0, err) TH_LOG("writing %s: %s", self->script, strerror(-err));
}

FIXTURE_TEARDOWN(inherit)
{
	sct_remove_tmpdir(self->dir, self->script);
}

static void check_inherit(struct __test_metadata *_metadata, enum sct_entry entry,
			  const FIXTURE_VARIANT(inherit) *v, const char *script)
{
	struct inherit_job j = { .method = v->method, .entry = entry };
	struct seen seen;

	if (v->needs != NEEDS_NOTHING)
		SCT_REQUIRE(v->needs);
	if (v->method == M_EXEC_STATIC)
		ASSERT_HELPER(SCT_HELPER_STATIC, j.path);
	if (v->method == M_EXEC_DYNAMIC)
		ASSERT_HELPER(SCT_HELPER_DYNAMIC, j.path);
	if (v->method == M_EXEC_SCRIPT) {
		ASSERT_HELPER(SCT_HELPER_DYNAMIC, j.arg1);
		snprintf(j.path, sizeof(j.path), "%s", script);
	}
	ASSERT_EQ(0, run_inherit(_metadata, &j, &seen));
	EXPECT_EQ(INHERIT_DENIED, seen.ppid_err) TH_LOG("getppid in the descendant: the filter is gone");
	EXPECT_EQ(1, seen.nnp) TH_LOG("no_new_privs in the descendant");
	if (sct_have(SCT_F_STATUS_FILTERS))
		EXPECT_EQ(sct_filters_before() + SCT_INHERITED_FILTERS, seen.filters)
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

	ASSERT_HELPER(SCT_HELPER_DYNAMIC, j.path);
	ASSERT_EQ(0, run_inherit(_metadata, &j, &seen));
	EXPECT_EQ(INHERIT_DENIED, seen.ppid_err) TH_LOG("the inherited filter no longer applies");
	EXPECT_EQ(INHERIT_STACKED, sct_report_value(j.cap.text, KEY_GETPGID_ERRNO, SCT_NOT_REPORTED))
		TH_LOG("the helper's own filter does not apply: %s", j.cap.text);
	if (sct_have(SCT_F_STATUS_FILTERS)) {
		long base = sct_filters_before();

		EXPECT_EQ(base + SCT_INHERITED_FILTERS,
			  sct_report_value(j.cap.text, KEY_START_FILTERS, SCT_NOT_REPORTED));
		EXPECT_EQ(base + SCT_INHERITED_FILTERS + 1, seen.filters);
	}
}

SCT_SUITE_MAIN("Filter inheritance: fork, vfork, clone, clone3, threads and execve "
	       "(static, dynamic, script) keep the filters and no_new_privs; a new filter "
	       "stacks on top.")
