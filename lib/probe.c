// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe.c - feature probes (see probe.h). Every probe asks the kernel one
 * question and classifies the answer: the answer of a kernel with the
 * feature, exactly one of the answers an older (or differently configured)
 * kernel gives, or anything else - an anomaly, which fails a test instead of
 * skipping it. Probes that need a filter installed run in a child (filters
 * cannot be removed). Versions are the kernel releases that added each
 * feature, checked against the history of kernel/seccomp.c and
 * include/uapi/linux/seccomp.h; the absent answers against the functions
 * named with them (Linux 6.12 sources).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>

#include "arch.h"
#include "child.h"
#include "install.h"
#include "probe.h"
#include "uprobe.h"

#ifndef PTRACE_O_SUSPEND_SECCOMP
#define PTRACE_O_SUSPEND_SECCOMP (1 << 21)
#endif
#ifndef PTRACE_SECCOMP_GET_FILTER
#define PTRACE_SECCOMP_GET_FILTER 0x420c
#endif
#ifndef PTRACE_SECCOMP_GET_METADATA
#define PTRACE_SECCOMP_GET_METADATA 0x420d
#endif

/* The probes, each answering for one row of the table below. */
static long ask_prctl_filter(const struct sct_feature_fact *fa);
static long ask_filter_flag(const struct sct_feature_fact *fa);
static long ask_action(const struct sct_feature_fact *fa);
static long ask_notif_sizes(const struct sct_feature_fact *fa);
static long ask_listener(const struct sct_feature_fact *fa);
static long ask_status_filters(const struct sct_feature_fact *fa);
static long ask_cache_file(const struct sct_feature_fact *fa);
static long ask_ptrace(const struct sct_feature_fact *fa);
static long ask_clone3(const struct sct_feature_fact *fa);
static long ask_compat(const struct sct_feature_fact *fa);
static long ask_x32(const struct sct_feature_fact *fa);
static long ask_pidfd_open(const struct sct_feature_fact *fa);
static long ask_sysctl_file(const struct sct_feature_fact *fa);
static long ask_uprobe_pmu(const struct sct_feature_fact *fa);
static long ask_trampoline_call(const struct sct_feature_fact *fa);

/* Slots of the two probes that answer for several features at once. */
enum { L_ADDFD, L_ADDFD_SEND, L_CONTINUE, L_SET_FLAGS, L_COUNT };
enum { P_GET_FILTER, P_GET_METADATA, P_SUSPEND, P_COUNT };

#define NO_FILTER_ASK "seccomp_prepare_user_filter cannot copy a NULL sock_fprog"
#define FLAG_KNOWN "the flag passes seccomp_set_mode_filter's check; the NULL program then faults"
#define FLAG_UNKNOWN "a flag outside SECCOMP_FILTER_FLAG_MASK (seccomp_set_mode_filter)"
#define UNKNOWN_OP "an unknown op (do_seccomp's default case)"
#define UNKNOWN_IOCTL "an unknown ioctl (seccomp_notify_ioctl's default case)"
#define NOT_TRACER_ADMIN "without CAP_SYS_ADMIN in the initial user namespace, or as a " \
	"filtered tracer"

#define FILTER_FLAG(id, ver) [SCT_F_FLAG_##id] = {				\
	.name = "SECCOMP_FILTER_FLAG_" #id, .since = ver,			\
	.ask = "seccomp(SET_MODE_FILTER, " #id ", NULL)",			\
	.probe = ask_filter_flag, .arg = SECCOMP_FILTER_FLAG_##id,		\
	.needs = SCT_NEEDS(SCT_F_SECCOMP_SYSCALL),				\
	.present = -EFAULT, .present_why = FLAG_KNOWN,				\
	.absent = { { -EINVAL, false, FLAG_UNKNOWN } } }

#define ACTION(id, ver) [SCT_F_RET_##id] = {					\
	.name = "SECCOMP_RET_" #id, .since = ver,				\
	.ask = "seccomp(GET_ACTION_AVAIL, 0, &SECCOMP_RET_" #id ")",		\
	.probe = ask_action, .arg = SECCOMP_RET_##id,				\
	.needs = SCT_NEEDS(SCT_F_GET_ACTION_AVAIL),				\
	.present = 0, .present_why = "seccomp_get_action_avail lists it",	\
	.absent = { { -EOPNOTSUPP, false,					\
		"an action seccomp_get_action_avail does not list" } } }

/* The one table: every fact about every feature. */
static const struct sct_feature_fact facts[SCT_F_COUNT] = {
	[SCT_F_FILTER_MODE] = {
		.name = "SECCOMP_MODE_FILTER", .since = "Linux 3.5+, CONFIG_SECCOMP_FILTER",
		.ask = "prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, NULL)", .probe = ask_prctl_filter,
		.present = -EFAULT, .present_why = NO_FILTER_ASK,
		.absent = { { -EINVAL, false, "no CONFIG_SECCOMP_FILTER (the stub "
			      "seccomp_set_mode_filter) or no CONFIG_SECCOMP (the stub prctl_set_seccomp)" } },
	},
	[SCT_F_SECCOMP_SYSCALL] = {
		.name = "seccomp(2)", .since = "Linux 3.17+",
		.ask = "seccomp(SET_MODE_FILTER, 0, NULL)", .probe = ask_filter_flag, .arg = 0,
		.present = -EFAULT, .present_why = NO_FILTER_ASK,
		.absent = { { -ENOSYS, false, "no such syscall: before 3.17, or no CONFIG_SECCOMP" },
			    { -EINVAL, false, "no CONFIG_SECCOMP_FILTER (the stub "
			      "seccomp_set_mode_filter)" } },
	},
	FILTER_FLAG(TSYNC, "Linux 3.17+"),
	FILTER_FLAG(LOG, "Linux 4.14+"),
	FILTER_FLAG(SPEC_ALLOW, "Linux 4.17+"),
	FILTER_FLAG(NEW_LISTENER, "Linux 5.0+"),
	FILTER_FLAG(TSYNC_ESRCH, "Linux 5.7+"),
	[SCT_F_FLAG_WAIT_KILLABLE_RECV] = {
		.name = "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", .since = "Linux 5.19+",
		/* accepted only together with NEW_LISTENER (seccomp_set_mode_filter) */
		.ask = "seccomp(SET_MODE_FILTER, WAIT_KILLABLE_RECV|NEW_LISTENER, NULL)",
		.probe = ask_filter_flag,
		.arg = SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV | SECCOMP_FILTER_FLAG_NEW_LISTENER,
		.needs = SCT_NEEDS(SCT_F_FLAG_NEW_LISTENER),
		.present = -EFAULT, .present_why = FLAG_KNOWN,
		.absent = { { -EINVAL, false, FLAG_UNKNOWN } },
	},
	[SCT_F_GET_ACTION_AVAIL] = {
		.name = "SECCOMP_GET_ACTION_AVAIL", .since = "Linux 4.14+",
		.ask = "seccomp(GET_ACTION_AVAIL, 0, &SECCOMP_RET_ALLOW)", .probe = ask_action,
		.arg = SECCOMP_RET_ALLOW, .needs = SCT_NEEDS(SCT_F_SECCOMP_SYSCALL),
		.present = 0, .present_why = "seccomp_get_action_avail lists ALLOW",
		.absent = { { -EINVAL, false, UNKNOWN_OP } },
	},
	[SCT_F_GET_NOTIF_SIZES] = {
		.name = "SECCOMP_GET_NOTIF_SIZES", .since = "Linux 5.0+",
		.ask = "seccomp(GET_NOTIF_SIZES, 0, &sizes)", .probe = ask_notif_sizes,
		.needs = SCT_NEEDS(SCT_F_SECCOMP_SYSCALL),
		.present = 0, .present_why = "seccomp_get_notif_sizes copies the sizes out",
		.absent = { { -EINVAL, false, UNKNOWN_OP } },
	},
	ACTION(KILL_PROCESS, "Linux 4.14+"),
	ACTION(LOG, "Linux 4.14+"),
	ACTION(USER_NOTIF, "Linux 5.0+"),
	[SCT_F_NOTIF_CONTINUE] = {
		.name = "SECCOMP_USER_NOTIF_FLAG_CONTINUE", .since = "Linux 5.5+",
		.ask = "NOTIF_SEND(FLAG_CONTINUE) with an unknown id", .probe = ask_listener,
		.arg = L_CONTINUE, .needs = SCT_NEEDS(SCT_F_FLAG_NEW_LISTENER),
		.present = -ENOENT, .present_why = "seccomp_notify_send takes the flag, then "
			"finds no such notification",
		.absent = { { -EINVAL, false, "seccomp_notify_send refuses unknown resp.flags" } },
	},
	[SCT_F_NOTIF_ADDFD] = {
		.name = "SECCOMP_IOCTL_NOTIF_ADDFD", .since = "Linux 5.9+",
		.ask = "NOTIF_ADDFD with an unknown id", .probe = ask_listener,
		.arg = L_ADDFD, .needs = SCT_NEEDS(SCT_F_FLAG_NEW_LISTENER),
		.present = -ENOENT, .present_why = "seccomp_notify_addfd finds no such notification",
		.absent = { { -EINVAL, false, UNKNOWN_IOCTL } },
	},
	[SCT_F_NOTIF_ADDFD_SEND] = {
		.name = "SECCOMP_ADDFD_FLAG_SEND", .since = "Linux 5.14+",
		.ask = "NOTIF_ADDFD(FLAG_SEND) with an unknown id", .probe = ask_listener,
		.arg = L_ADDFD_SEND, .needs = SCT_NEEDS(SCT_F_NOTIF_ADDFD),
		.present = -ENOENT, .present_why = "seccomp_notify_addfd takes the flag, then "
			"finds no such notification",
		.absent = { { -EINVAL, false, "seccomp_notify_addfd refuses unknown addfd.flags" } },
	},
	[SCT_F_NOTIF_SET_FLAGS] = {
		.name = "SECCOMP_IOCTL_NOTIF_SET_FLAGS", .since = "Linux 6.6+",
		.ask = "NOTIF_SET_FLAGS(0)", .probe = ask_listener,
		.arg = L_SET_FLAGS, .needs = SCT_NEEDS(SCT_F_FLAG_NEW_LISTENER),
		.present = 0, .present_why = "seccomp_notify_set_flags accepts no flags",
		.absent = { { -EINVAL, false, UNKNOWN_IOCTL } },
	},
	[SCT_F_STATUS_FILTERS] = {
		.name = "Seccomp_filters in /proc/PID/status", .since = "Linux 5.9+",
		.ask = "Seccomp_filters: in /proc/thread-self/status", .probe = ask_status_filters,
		.present = 0, .present_why = "proc_pid_status prints the line",
		.absent = { { -ENOENT, false, "no such line: before 5.9, or no "
			      "CONFIG_SECCOMP_FILTER (proc_pid_status)" } },
	},
	[SCT_F_CACHE_DEBUG] = {
		.name = "/proc/PID/seccomp_cache", .since = "Linux 5.11+, CONFIG_SECCOMP_CACHE_DEBUG",
		.ask = "stat(/proc/self/seccomp_cache)", .probe = ask_cache_file,
		.present = 0, .present_why = "the file exists",
		.absent = { { -ENOENT, false, "no such file: before 5.11, or no "
			      "CONFIG_SECCOMP_CACHE_DEBUG" } },
	},
	[SCT_F_PTRACE_GET_FILTER] = {
		.name = "PTRACE_SECCOMP_GET_FILTER",
		.since = "Linux 4.4+, CONFIG_CHECKPOINT_RESTORE, CAP_SYS_ADMIN",
		.ask = "PTRACE_SECCOMP_GET_FILTER(0, NULL) of a tracee with one 1-instruction filter",
		.probe = ask_ptrace, .arg = P_GET_FILTER, .needs = SCT_NEEDS(SCT_F_FILTER_MODE),
		.present = 1, .present_why = "seccomp_get_filter returns the filter's length",
		.absent = { { -EIO, false, "an unknown request: before 4.4 (ptrace_request)" },
			    { -EINVAL, false, "no CONFIG_CHECKPOINT_RESTORE (the stub "
			      "seccomp_get_filter)" },
			    { -EACCES, true, "seccomp_get_filter refuses " NOT_TRACER_ADMIN } },
	},
	[SCT_F_PTRACE_GET_METADATA] = {
		.name = "PTRACE_SECCOMP_GET_METADATA",
		.since = "Linux 4.16+, CONFIG_CHECKPOINT_RESTORE, CAP_SYS_ADMIN",
		.ask = "PTRACE_SECCOMP_GET_METADATA(16, {filter_off 0}) of a tracee with one filter",
		.probe = ask_ptrace, .arg = P_GET_METADATA, .needs = SCT_NEEDS(SCT_F_FILTER_MODE),
		.present = 16, .present_why = "seccomp_get_metadata returns the size it copied",
		.absent = { { -EIO, false, "an unknown request: before 4.16 (ptrace_request)" },
			    { -EINVAL, false, "no CONFIG_CHECKPOINT_RESTORE (the stub "
			      "seccomp_get_metadata)" },
			    { -EACCES, true, "seccomp_get_metadata refuses " NOT_TRACER_ADMIN } },
	},
	[SCT_F_PTRACE_SUSPEND] = {
		.name = "PTRACE_O_SUSPEND_SECCOMP",
		.since = "Linux 4.3+, CONFIG_CHECKPOINT_RESTORE, CAP_SYS_ADMIN",
		.ask = "PTRACE_SETOPTIONS(O_SUSPEND_SECCOMP)", .probe = ask_ptrace,
		.arg = P_SUSPEND, .needs = SCT_NEEDS(SCT_F_FILTER_MODE),
		.present = 0, .present_why = "ptrace_setoptions sets it",
		.absent = { { -EINVAL, false, "an unknown option before 4.3, or no "
			      "CONFIG_CHECKPOINT_RESTORE (ptrace_setoptions)" },
			    { -EPERM, true, "ptrace_setoptions refuses " NOT_TRACER_ADMIN } },
	},
	[SCT_F_CLONE3] = {
		.name = "clone3(2)", .since = "Linux 5.3+",
		.ask = "clone3(NULL, 0)", .probe = ask_clone3,
		.present = -EINVAL, .present_why = "a size below CLONE_ARGS_SIZE_VER0 "
			"(copy_clone_args_from_user)",
		.absent = { { -ENOSYS, false, "no such syscall: before 5.3 (or a filter that "
			      "says so, as older container profiles do)" } },
	},
	[SCT_F_COMPAT_ENTRY] = {
		.name = "compat syscall entry from 64-bit code (x86_64's int $0x80)",
		.since = "x86_64 with CONFIG_IA32_EMULATION, not disabled by ia32_emulation=0",
		.ask = "compat getpid in a child (0: it returned the child's pid)",
		.probe = ask_compat,
		.present = 0, .present_why = "the compat entry ran getpid",
		.absent = { { SCT_ANSWER_KILLED(SIGSEGV), false, "no int $0x80 gate (idt.c installs "
			      "it only when ia32_enabled()): a #GP" },
			    { SCT_ANSWER_NO_ABI, false, "this arch has no compat entry from "
			      "native code (on arm64 only an AArch32 program makes compat "
			      "calls: the compat_program cases)" } },
	},
	[SCT_F_X32] = {
		.name = "x32 syscalls", .since = "CONFIG_X86_X32_ABI",
		.ask = "x32 getpid (0: it returned our pid)", .probe = ask_x32,
		.present = 0, .present_why = "the x32 table ran getpid",
		.absent = { { -ENOSYS, false, "no CONFIG_X86_X32_ABI: do_syscall_x32 "
			      "does not take the number" },
			    { SCT_ANSWER_NO_ABI, false, "this arch has no x32 ABI" } },
	},
	[SCT_F_PIDFD_OPEN] = {
		.name = "pidfd_open(2)", .since = "Linux 5.3+",
		.ask = "pidfd_open(getpid(), 0) (0: it returned an fd)", .probe = ask_pidfd_open,
		.present = 0, .present_why = "a pidfd",
		.absent = { { -ENOSYS, false, "no such syscall: before 5.3" } },
	},
	[SCT_F_SYSCTL_ACTIONS] = {
		.name = "/proc/sys/kernel/seccomp/actions_avail", .since = "Linux 4.14+, CONFIG_SYSCTL",
		.ask = "access(/proc/sys/kernel/seccomp/actions_avail, R_OK)",
		.probe = ask_sysctl_file,
		.present = 0, .present_why = "the sysctl is readable",
		.absent = { { -ENOENT, false, "no such file: before 4.14, or no CONFIG_SYSCTL" } },
	},
	[SCT_F_UPROBE_PMU] = {
		.name = "perf uprobe PMU", .since = "Linux 4.17+, CONFIG_UPROBE_EVENTS",
		.ask = "read /sys/bus/event_source/devices/uprobe/type", .probe = ask_uprobe_pmu,
		.present = 0, .present_why = "perf_uprobe is registered (perf_tp_register)",
		.absent = { { -ENOENT, false, "no such PMU: before 4.17, or no CONFIG_UPROBE_EVENTS" } },
	},
	/* 0: no such call on this arch; sys_uretprobe signals callers outside
	 * its trampoline, sys_uprobe answers them ENXIO (arch/x86/kernel/uprobes.c) */
	[SCT_F_URETPROBE_SYSCALL] = {
		.name = "uretprobe(2)", .since = "Linux 6.11+, x86_64",
		.ask = "uretprobe() called directly, in a child", .probe = ask_trampoline_call, .arg = 0,
		.present = SCT_ANSWER_KILLED(SIGILL), .present_why = "sys_uretprobe: not from "
			"the uretprobe trampoline, force_sig(SIGILL)",
		.absent = { { -ENOSYS, false, "no such syscall: before 6.11" },
			    { SCT_ANSWER_NO_ABI, false, "this arch has no uretprobe syscall" } },
	},
	[SCT_F_UPROBE_SYSCALL] = {
		.name = "uprobe(2)", .since = "Linux 6.18+, x86_64",
		.ask = "uprobe() called directly, in a child", .probe = ask_trampoline_call, .arg = 1,
		.present = -ENXIO, .present_why = "sys_uprobe: not in_uprobe_trampoline",
		.absent = { { -ENOSYS, false, "no such syscall: before 6.18" },
			    { SCT_ANSWER_NO_ABI, false, "this arch has no uprobe syscall" } },
	},
};

/* ---- the cache ------------------------------------------------------------ */

static struct {
	bool probed;
	enum sct_presence state;
	long answer;
	bool privileged;
	int dep;			/* SCT_NEEDS(f) when a dependency decided */
	char broken[256];		/* what failed when the answer is BROKEN */
	char reason[512];		/* sct_missing_reason */
	char report[768];		/* sct_feature_report */
} seen[SCT_F_COUNT];

static long broken(const struct sct_feature_fact *fa, const char *what, int err)
{
	snprintf(seen[fa - facts].broken, sizeof(seen[0].broken), "%s%s%s", what,
		 err ? ": " : "", err ? strerrorname_np(err) ?: "?" : "");
	return SCT_ANSWER_BROKEN;
}

static long neg_errno(long ret)
{
	return ret < 0 ? -errno : ret;
}

/* ---- the probes ----------------------------------------------------------- */

static long ask_prctl_filter(const struct sct_feature_fact *fa)
{
	(void)fa;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, NULL, 0, 0) ? -errno : 0;
}

static long ask_filter_flag(const struct sct_feature_fact *fa)
{
	return sct_seccomp(SECCOMP_SET_MODE_FILTER, fa->arg, NULL);
}

static long ask_action(const struct sct_feature_fact *fa)
{
	uint32_t action = (uint32_t)fa->arg;

	return sct_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &action);
}

static long ask_notif_sizes(const struct sct_feature_fact *fa)
{
	struct seccomp_notif_sizes sizes = { 0 };

	(void)fa;
	return sct_seccomp(SECCOMP_GET_NOTIF_SIZES, 0, &sizes);
}

/* One child asks the four listener questions; its answers are kept. */
static int listener_child(struct sct_report *rep, void *arg)
{
	struct sct_filter *f = sct_filter_for_nr(__NR_getppid, SECCOMP_RET_USER_NOTIF,
						 SECCOMP_RET_ALLOW);
	struct seccomp_notif_resp resp = { .id = 0, .flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE };
	struct seccomp_notif_addfd addfd = { .id = 0 };
	uint64_t flags = 0;
	long fd;

	(void)arg;
	fd = sct_install_filter(f, SECCOMP_FILTER_FLAG_NEW_LISTENER);
	sct_filter_free(f);
	if (fd < 0) {
		errno = (int)-fd;
		return sct_report_broken(rep, "install a NEW_LISTENER filter");
	}
	/* No notification is pending, so id 0 is unknown. srcfd is the
	 * listener itself: a valid fd, so fget in seccomp_notify_addfd passes. */
	addfd.srcfd = (uint32_t)fd;
	rep->val[L_ADDFD] = ioctl((int)fd, SECCOMP_IOCTL_NOTIF_ADDFD, &addfd) ? -errno : 0;
	addfd.flags = SECCOMP_ADDFD_FLAG_SEND;
	rep->val[L_ADDFD_SEND] = ioctl((int)fd, SECCOMP_IOCTL_NOTIF_ADDFD, &addfd) ? -errno : 0;
	rep->val[L_CONTINUE] = ioctl((int)fd, SECCOMP_IOCTL_NOTIF_SEND, &resp) ? -errno : 0;
	/* SET_FLAGS takes the flags by value (seccomp_notify_ioctl passes arg on) */
	rep->val[L_SET_FLAGS] = ioctl((int)fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, flags) ? -errno : 0;
	rep->stage = 1;
	return 0;
}

static long ask_listener(const struct sct_feature_fact *fa)
{
	static struct { bool done; int err; struct sct_outcome out; } l;
	char what[160];

	if (!l.done) {
		l.err = sct_run_child(listener_child, NULL, 0, &l.out);
		l.done = true;
	}
	if (l.err)
		return broken(fa, "fork the listener probe", -l.err);
	if (l.out.rep.broken[0]) {
		snprintf(what, sizeof(what), "listener probe: %s", l.out.rep.broken);
		return broken(fa, what, l.out.rep.broken_errno);
	}
	if (l.out.end != SCT_END_EXITED || l.out.rep.stage != 1)
		return broken(fa, sct_outcome_str(&l.out, what, sizeof(what)), 0);
	return l.out.rep.val[fa->arg];
}

/* /proc must be readable, or a missing file says nothing about the kernel. */
static bool proc_readable(void)
{
	long pid;

	return sct_proc_status(0, "Pid", &pid) == 0;
}

static long ask_status_filters(const struct sct_feature_fact *fa)
{
	long n;

	if (!proc_readable())
		return broken(fa, "read Pid: in /proc/thread-self/status", 0);
	return sct_proc_status(0, "Seccomp_filters", &n);
}

static long ask_cache_file(const struct sct_feature_fact *fa)
{
	struct stat st;

	if (!proc_readable())
		return broken(fa, "read /proc/thread-self/status", 0);
	return stat("/proc/self/seccomp_cache", &st) ? -errno : 0;
}

static long ask_sysctl_file(const struct sct_feature_fact *fa)
{
	if (!proc_readable())
		return broken(fa, "read /proc/thread-self/status", 0);
	return access("/proc/sys/kernel/seccomp/actions_avail", R_OK) ? -errno : 0;
}

/* The tracee: one 1-instruction ALLOW filter, then stopped for us. */
enum { TRACEE_NO_FILTER = 3, TRACEE_NO_TRACEME = 4 };

static void tracee(void)
{
	struct sct_filter *f = sct_filter_ret(SECCOMP_RET_ALLOW);

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (sct_install_filter(f, 0))
		_exit(TRACEE_NO_FILTER);
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
		_exit(TRACEE_NO_TRACEME);
	raise(SIGSTOP);
	_exit(0);
}

static int trace_and_ask(long ans[P_COUNT], char *what, size_t len)
{
	uint64_t md[2] = { 0, 0 };	/* struct seccomp_metadata: filter_off, flags */
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return snprintf(what, len, "fork: %s", strerrorname_np(errno) ?: "?");
	if (pid == 0)
		tracee();
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status)) {
		kill(pid, SIGKILL);
		return snprintf(what, len, "tracee did not stop (wait status 0x%x: exit %d is %s)",
				status, WEXITSTATUS(status),
				WEXITSTATUS(status) == TRACEE_NO_FILTER ? "no filter" : "no TRACEME");
	}
	ans[P_GET_FILTER] = neg_errno(ptrace(PTRACE_SECCOMP_GET_FILTER, pid, 0, NULL));
	ans[P_GET_METADATA] = neg_errno(ptrace(PTRACE_SECCOMP_GET_METADATA, pid, sizeof(md), md));
	ans[P_SUSPEND] = neg_errno(ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_SUSPEND_SECCOMP));
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return 0;
}

static long ask_ptrace(const struct sct_feature_fact *fa)
{
	static struct { bool done; long ans[P_COUNT]; char what[96]; } p;

	if (!p.done) {
		trace_and_ask(p.ans, p.what, sizeof(p.what));
		p.done = true;
	}
	if (p.what[0])
		return broken(fa, p.what, 0);
	return p.ans[fa->arg];
}

static long ask_clone3(const struct sct_feature_fact *fa)
{
	(void)fa;
	return neg_errno(syscall(__NR_clone3, NULL, 0));
}

static int compat_child(struct sct_report *rep, void *arg)
{
	(void)arg;
	rep->ret = sct_arch_compat_syscall(sct_arch_compat_nr("getpid"), 0, 0, 0, 0, 0, 0);
	rep->val[0] = getpid();
	return 0;
}

static long ask_compat(const struct sct_feature_fact *fa)
{
	struct sct_outcome out;
	char what[96];
	int err;

	if (!sct_arch_has_compat_entry() || !sct_arch_native()->compat_name)
		return SCT_ANSWER_NO_ABI;
	err = sct_run_child(compat_child, NULL, 0, &out);
	if (err)
		return broken(fa, "fork", -err);
	if (out.end == SCT_END_SIGNALED)
		return SCT_ANSWER_KILLED(out.sig);
	if (out.end != SCT_END_EXITED || out.code)
		return broken(fa, sct_outcome_str(&out, what, sizeof(what)), 0);
	return out.rep.ret == out.rep.val[0] ? 0 : out.rep.ret;
}

static long ask_x32(const struct sct_feature_fact *fa)
{
	long ret;

	(void)fa;
	if (!sct_arch_native()->x32_bit)
		return SCT_ANSWER_NO_ABI;
	ret = neg_errno(syscall(sct_arch_native()->x32_bit | __NR_getpid));
	return ret == getpid() ? 0 : ret;
}

static long ask_pidfd_open(const struct sct_feature_fact *fa)
{
	long ret = neg_errno(syscall(__NR_pidfd_open, getpid(), 0));

	(void)fa;
	if (ret < 0)
		return ret;
	close((int)ret);
	return 0;
}

/* sysfs must be there, or a missing PMU says nothing about the kernel. */
static long ask_uprobe_pmu(const struct sct_feature_fact *fa)
{
	int type;

	if (access("/sys/bus/event_source/devices", R_OK))
		return broken(fa, "read /sys/bus/event_source/devices", errno);
	type = sct_uprobe_pmu_type();
	return type < 0 ? type : 0;
}

static long ask_trampoline_call(const struct sct_feature_fact *fa)
{
	const struct sct_arch *a = sct_arch_native();
	long ans = sct_trampoline_syscall_answer(fa->arg ? a->nr_uprobe : a->nr_uretprobe);

	return ans == SCT_ANSWER_BROKEN ? broken(fa, "fork the direct-call child", 0) : ans;
}

/* ---- classification -------------------------------------------------------- */

const struct sct_feature_fact *sct_feature_fact(enum sct_feature f)
{
	return (unsigned int)f < SCT_F_COUNT ? &facts[f] : NULL;
}

const char *sct_feature_name(enum sct_feature f)
{
	return (unsigned int)f < SCT_F_COUNT ? facts[f].name : "?";
}

const char *sct_feature_since(enum sct_feature f)
{
	return (unsigned int)f < SCT_F_COUNT ? facts[f].since : "?";
}

const char *sct_presence_name(enum sct_presence p)
{
	static const char *const names[] = {
		[SCT_PRESENT] = "PRESENT", [SCT_ABSENT] = "ABSENT",
		[SCT_ANOMALOUS] = "ANOMALOUS", [SCT_PROBE_BROKEN] = "BROKEN",
	};
	return (unsigned int)p <= SCT_PROBE_BROKEN ? names[p] : "?";
}

enum sct_presence sct_feature_classify(enum sct_feature f, long answer, bool privileged)
{
	const struct sct_feature_fact *fa = sct_feature_fact(f);

	if (!fa || answer == SCT_ANSWER_BROKEN)
		return SCT_PROBE_BROKEN;
	if (answer == fa->present)
		return SCT_PRESENT;
	for (int i = 0; i < SCT_MAX_ABSENT && fa->absent[i].why; i++)
		if (answer == fa->absent[i].answer && !(fa->absent[i].unprivileged && privileged))
			return SCT_ABSENT;
	return SCT_ANOMALOUS;
}

const char *sct_answer_str(long answer, char *buf, size_t len)
{
	if (answer >= 0)
		snprintf(buf, len, "%ld", answer);
	else if (answer >= -4095)
		snprintf(buf, len, "%s", strerrorname_np((int)-answer) ?: "unknown errno");
	else if (answer == SCT_ANSWER_NO_ABI)
		snprintf(buf, len, "nothing to ask on this arch");
	else if (answer == SCT_ANSWER_BROKEN)
		snprintf(buf, len, "BROKEN");
	else if (answer < SCT_ANSWER_KILLED(0) && answer >= SCT_ANSWER_KILLED(64))
		snprintf(buf, len, "killed by SIG%s",
			 sigabbrev_np((int)(SCT_ANSWER_KILLED(0) - answer)) ?: "?");
	else
		snprintf(buf, len, "%ld", answer);
	return buf;
}

/* CAP_SYS_ADMIN in the initial user namespace and no filter: what
 * seccomp_get_filter and ptrace_setoptions check (capable(), mode). */
static bool prober_privileged(void)
{
	unsigned long inner, outer, count;
	bool init_ns = false;
	FILE *map;

	if (!sct_have_cap(CAP_SYS_ADMIN) || prctl(PR_GET_SECCOMP, 0, 0, 0, 0) != 0)
		return false;
	map = fopen("/proc/self/uid_map", "re");
	if (map) {
		init_ns = fscanf(map, "%lu %lu %lu", &inner, &outer, &count) == 3 &&
			  inner == 0 && outer == 0 && count == 4294967295UL;
		fclose(map);
	}
	return init_ns;
}

enum sct_presence sct_feature_state(enum sct_feature f)
{
	const struct sct_feature_fact *fa = sct_feature_fact(f);

	if (!fa)
		return SCT_PROBE_BROKEN;
	if (seen[f].probed)
		return seen[f].state;
	if (fa->needs) {
		enum sct_presence dep = sct_feature_state(fa->needs - 1);

		if (dep != SCT_PRESENT) {
			seen[f] = (typeof(seen[f])){ .probed = true, .state = dep, .dep = fa->needs };
			return dep;
		}
	}
	seen[f].answer = fa->probe(fa);
	seen[f].privileged = prober_privileged();
	seen[f].state = sct_feature_classify(f, seen[f].answer, seen[f].privileged);
	seen[f].probed = true;
	return seen[f].state;
}

bool sct_have(enum sct_feature f)
{
	return sct_feature_state(f) == SCT_PRESENT;
}

/* "EINVAL (why)" for the absent answers, ", " between them. */
static void absent_list(const struct sct_feature_fact *fa, bool privileged, char *buf, size_t len)
{
	size_t used = 0;
	char a[48];

	buf[0] = '\0';
	for (int i = 0; i < SCT_MAX_ABSENT && fa->absent[i].why && used < len; i++) {
		const struct sct_absent_answer *ab = &fa->absent[i];

		used += snprintf(buf + used, len - used, "%s%s (%s%s)", i ? "; or " : "",
				 sct_answer_str(ab->answer, a, sizeof(a)), ab->why,
				 ab->unprivileged && privileged ? "; not so here: this prober is privileged" : "");
	}
}

const char *sct_feature_report(enum sct_feature f)
{
	const struct sct_feature_fact *fa = sct_feature_fact(f);
	char got[48], want[48], older[320];

	if (!fa)
		return "unknown feature";
	sct_feature_state(f);
	if (seen[f].dep) {
		enum sct_feature dep = seen[f].dep - 1;
		char why[sizeof(seen[0].report)];

		snprintf(why, sizeof(why), "%s", sct_feature_report(dep));
		snprintf(seen[f].report, sizeof(seen[f].report), "%s needs %s, which is %s: %.600s",
			 fa->name, facts[dep].name, sct_presence_name(seen[f].state), why);
		return seen[f].report;
	}
	if (seen[f].state == SCT_PROBE_BROKEN) {
		char what[sizeof(seen[0].broken)];

		memcpy(what, seen[f].broken, sizeof(what));
		snprintf(seen[f].report, sizeof(seen[f].report),
			 "%s: BROKEN, the probe's own set-up failed: %s", fa->name, what);
		return seen[f].report;
	}
	absent_list(fa, seen[f].privileged, older, sizeof(older));
	snprintf(seen[f].report, sizeof(seen[f].report),
		 "%s: %s answered %s (%s); a kernel with it (%s) answers %s (%s), an older one %s",
		 fa->name, fa->ask, sct_answer_str(seen[f].answer, got, sizeof(got)),
		 sct_presence_name(seen[f].state), fa->since,
		 sct_answer_str(fa->present, want, sizeof(want)), fa->present_why, older);
	return seen[f].report;
}

const char *sct_missing_reason(enum sct_feature f)
{
	const struct sct_feature_fact *fa = sct_feature_fact(f);
	char got[48];

	if (!fa)
		return "unknown feature";
	switch (sct_feature_state(f)) {
	case SCT_PRESENT:
		return "";
	case SCT_ABSENT:
		break;
	default:
		return sct_feature_report(f);
	}
	if (seen[f].dep) {
		snprintf(seen[f].reason, sizeof(seen[f].reason), "%s unavailable (needs %s; %s)",
			 fa->name, facts[seen[f].dep - 1].name, fa->since);
		return seen[f].reason;
	}
	for (int i = 0; i < SCT_MAX_ABSENT && fa->absent[i].why; i++) {
		if (fa->absent[i].answer != seen[f].answer)
			continue;
		snprintf(seen[f].reason, sizeof(seen[f].reason), "%s unavailable (%s: %s, %s; %s)",
			 fa->name, fa->ask, sct_answer_str(seen[f].answer, got, sizeof(got)),
			 fa->absent[i].why, fa->since);
		break;
	}
	return seen[f].reason;
}

/* ---- capabilities and /proc -------------------------------------------------- */

bool sct_have_cap(int cap)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	if (syscall(__NR_capget, &hdr, data))
		return false;
	return data[cap / 32].effective & (1U << (cap % 32));
}

int sct_drop_cap(int cap)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	if (syscall(__NR_capget, &hdr, data))
		return -errno;
	data[cap / 32].effective &= ~(1U << (cap % 32));
	return syscall(__NR_capset, &hdr, data) ? -errno : 0;
}

int sct_status_value(const char *text, const char *key, long *value)
{
	size_t klen = strlen(key);
	const char *line = text;

	while (line && *line) {
		if (!strncmp(line, key, klen) && line[klen] == ':') {
			char *end;

			*value = strtol(line + klen + 1, &end, 10);
			return end == line + klen + 1 ? -EINVAL : 0;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return -ENOENT;
}

int sct_proc_status(pid_t tid, const char *key, long *value)
{
	char path[64], text[4096];
	ssize_t len, got;
	int fd;

	if (tid)
		snprintf(path, sizeof(path), "/proc/self/task/%d/status", (int)tid);
	else
		snprintf(path, sizeof(path), "/proc/thread-self/status");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (len = 0; len < (ssize_t)sizeof(text) - 1; len += got) {
		got = read(fd, text + len, sizeof(text) - 1 - len);
		if (got <= 0)
			break;
	}
	close(fd);
	text[len] = '\0';
	return sct_status_value(text, key, value);
}
