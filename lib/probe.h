/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * probe.h - what the running kernel supports, found by asking it, never by
 * reading its version. Each probe's answer is classified three ways:
 *   PRESENT    the answer of a kernel with the feature;
 *   ABSENT     exactly an answer an older (or differently configured)
 *              kernel gives, each listed with its reason;
 *   ANOMALOUS  anything else: a regression of the probed interface, never
 *              a reason to skip (SCT_REQUIRE fails the test).
 * A probe whose own set-up failed (fork, /proc) is BROKEN, also a failure.
 * A skip reads: "SECCOMP_FILTER_FLAG_TSYNC_ESRCH unavailable
 * (seccomp(SET_MODE_FILTER, TSYNC_ESRCH, NULL): EINVAL, ...; Linux 5.7+)".
 * Results are cached per process. The facts about each feature (name,
 * version, probe, the absent answers and why) are one table, SCT_FEATURES
 * below: it makes the enum here and the facts and probe dispatch in probe.c.
 */
#ifndef SCT_PROBE_H
#define SCT_PROBE_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * Every feature, once. SCT_FEATURES(X) calls, per feature,
 *   X(ID, row, name, since, ask, probe, arg, needs, present, present_why, older...)
 * ID gives SCT_F_ID; row is a lower-case name for table rows
 * (suites/interfaces_test.c has one per feature); the rest is the
 * struct sct_feature_fact below: since is the kernel version (or config)
 * that added it, probe the ask_* function of probe.c that asks the kernel
 * (arg: the flag, action or slot it asks about), needs SCT_NEEDS(f) or 0,
 * present the answer of a kernel with it and why, then each exact answer
 * of an older kernel: SCT_OLDER(answer, why), or SCT_OLDER_UNPRIV when
 * only an unprivileged prober gets it. Rows name probe.c's ask_* functions,
 * slots (L_*, P_*) and shared reasons (FLAG_*, ...): only probe.c expands
 * those columns; other users take ID and row and ignore the rest (...).
 */
#define SCT_FEATURES(X)								\
	X(FILTER_MODE, filter_mode, "SECCOMP_MODE_FILTER",			\
	  "Linux 3.5+, CONFIG_SECCOMP_FILTER",					\
	  "prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, NULL)", ask_prctl_filter, 0, 0, \
	  -EFAULT, NO_FILTER_ASK,						\
	  SCT_OLDER(-EINVAL, "no CONFIG_SECCOMP_FILTER (the stub seccomp_set_mode_filter) " \
		    "or no CONFIG_SECCOMP (the stub prctl_set_seccomp)"))	\
	X(SECCOMP_SYSCALL, seccomp_syscall, "seccomp(2)", "Linux 3.17+",	\
	  "seccomp(SET_MODE_FILTER, 0, NULL)", ask_filter_flag, 0, 0,		\
	  -EFAULT, NO_FILTER_ASK,						\
	  SCT_OLDER(-ENOSYS, "no such syscall: before 3.17, or no CONFIG_SECCOMP"), \
	  SCT_OLDER(-EINVAL, "no CONFIG_SECCOMP_FILTER (the stub seccomp_set_mode_filter)")) \
	SCT_FILTER_FLAG(X, TSYNC, flag_tsync, "Linux 3.17+")			\
	SCT_FILTER_FLAG(X, LOG, flag_log, "Linux 4.14+")			\
	SCT_FILTER_FLAG(X, SPEC_ALLOW, flag_spec_allow, "Linux 4.17+")		\
	SCT_FILTER_FLAG(X, NEW_LISTENER, flag_new_listener, "Linux 5.0+")	\
	SCT_FILTER_FLAG(X, TSYNC_ESRCH, flag_tsync_esrch, "Linux 5.7+")	\
	/* accepted only together with NEW_LISTENER (seccomp_set_mode_filter) */ \
	X(FLAG_WAIT_KILLABLE_RECV, flag_wait_killable_recv,			\
	  "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", "Linux 5.19+",		\
	  "seccomp(SET_MODE_FILTER, WAIT_KILLABLE_RECV|NEW_LISTENER, NULL)",	\
	  ask_filter_flag,							\
	  SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV | SECCOMP_FILTER_FLAG_NEW_LISTENER, \
	  SCT_NEEDS(SCT_F_FLAG_NEW_LISTENER),					\
	  -EFAULT, FLAG_KNOWN, SCT_OLDER(-EINVAL, FLAG_UNKNOWN))		\
	X(GET_ACTION_AVAIL, get_action_avail, "SECCOMP_GET_ACTION_AVAIL", "Linux 4.14+", \
	  "seccomp(GET_ACTION_AVAIL, 0, &SECCOMP_RET_ALLOW)", ask_action,	\
	  SECCOMP_RET_ALLOW, SCT_NEEDS(SCT_F_SECCOMP_SYSCALL),			\
	  0, "seccomp_get_action_avail lists ALLOW", SCT_OLDER(-EINVAL, UNKNOWN_OP)) \
	X(GET_NOTIF_SIZES, get_notif_sizes, "SECCOMP_GET_NOTIF_SIZES", "Linux 5.0+", \
	  "seccomp(GET_NOTIF_SIZES, 0, &sizes)", ask_notif_sizes,		\
	  0, SCT_NEEDS(SCT_F_SECCOMP_SYSCALL),					\
	  0, "seccomp_get_notif_sizes copies the sizes out",			\
	  SCT_OLDER(-EINVAL, UNKNOWN_OP))					\
	SCT_ACTION(X, KILL_PROCESS, ret_kill_process, "Linux 4.14+")		\
	SCT_ACTION(X, LOG, ret_log, "Linux 4.14+")				\
	SCT_ACTION(X, USER_NOTIF, ret_user_notif, "Linux 5.0+")		\
	X(NOTIF_CONTINUE, notif_continue, "SECCOMP_USER_NOTIF_FLAG_CONTINUE", "Linux 5.5+", \
	  "NOTIF_SEND(FLAG_CONTINUE) with an unknown id", ask_listener,		\
	  L_CONTINUE, SCT_NEEDS(SCT_F_FLAG_NEW_LISTENER),			\
	  -ENOENT, "seccomp_notify_send takes the flag, then finds no such notification", \
	  SCT_OLDER(-EINVAL, "seccomp_notify_send refuses unknown resp.flags"))	\
	X(NOTIF_ADDFD, notif_addfd, "SECCOMP_IOCTL_NOTIF_ADDFD", "Linux 5.9+",	\
	  "NOTIF_ADDFD with an unknown id", ask_listener,			\
	  L_ADDFD, SCT_NEEDS(SCT_F_FLAG_NEW_LISTENER),				\
	  -ENOENT, "seccomp_notify_addfd finds no such notification",		\
	  SCT_OLDER(-EINVAL, UNKNOWN_IOCTL))					\
	X(NOTIF_ADDFD_SEND, notif_addfd_send, "SECCOMP_ADDFD_FLAG_SEND", "Linux 5.14+", \
	  "NOTIF_ADDFD(FLAG_SEND) with an unknown id", ask_listener,		\
	  L_ADDFD_SEND, SCT_NEEDS(SCT_F_NOTIF_ADDFD),				\
	  -ENOENT, "seccomp_notify_addfd takes the flag, then finds no such notification", \
	  SCT_OLDER(-EINVAL, "seccomp_notify_addfd refuses unknown addfd.flags")) \
	X(NOTIF_SET_FLAGS, notif_set_flags, "SECCOMP_IOCTL_NOTIF_SET_FLAGS", "Linux 6.6+", \
	  "NOTIF_SET_FLAGS(0)", ask_listener,					\
	  L_SET_FLAGS, SCT_NEEDS(SCT_F_FLAG_NEW_LISTENER),			\
	  0, "seccomp_notify_set_flags accepts no flags",			\
	  SCT_OLDER(-EINVAL, UNKNOWN_IOCTL))					\
	X(STATUS_FILTERS, status_filters, "Seccomp_filters in /proc/PID/status", \
	  "Linux 5.9+", "Seccomp_filters: in /proc/thread-self/status",	\
	  ask_status_filters, 0, 0,						\
	  0, "proc_pid_status prints the line",					\
	  SCT_OLDER(-ENOENT, "no such line: before 5.9, or no "			\
		    "CONFIG_SECCOMP_FILTER (proc_pid_status)"))			\
	X(CACHE_DEBUG, cache_debug, "/proc/PID/seccomp_cache",			\
	  "Linux 5.11+, CONFIG_SECCOMP_CACHE_DEBUG",				\
	  "stat(/proc/self/seccomp_cache)", ask_cache_file, 0, 0,		\
	  0, "the file exists",							\
	  SCT_OLDER(-ENOENT, "no such file: before 5.11, or no CONFIG_SECCOMP_CACHE_DEBUG")) \
	X(PTRACE_GET_FILTER, ptrace_get_filter, "PTRACE_SECCOMP_GET_FILTER",	\
	  "Linux 4.4+, CONFIG_CHECKPOINT_RESTORE, CAP_SYS_ADMIN",		\
	  "PTRACE_SECCOMP_GET_FILTER(0, NULL) of a tracee with one 1-instruction filter", \
	  ask_ptrace, P_GET_FILTER, SCT_NEEDS(SCT_F_FILTER_MODE),		\
	  1, "seccomp_get_filter returns the filter's length",			\
	  SCT_OLDER(-EIO, "an unknown request: before 4.4 (ptrace_request)"),	\
	  SCT_OLDER(-EINVAL, "no CONFIG_CHECKPOINT_RESTORE (the stub seccomp_get_filter)"), \
	  SCT_OLDER_UNPRIV(-EACCES, "seccomp_get_filter refuses " NOT_TRACER_ADMIN)) \
	X(PTRACE_GET_METADATA, ptrace_get_metadata, "PTRACE_SECCOMP_GET_METADATA", \
	  "Linux 4.16+, CONFIG_CHECKPOINT_RESTORE, CAP_SYS_ADMIN",		\
	  "PTRACE_SECCOMP_GET_METADATA(16, {filter_off 0}) of a tracee with one filter", \
	  ask_ptrace, P_GET_METADATA, SCT_NEEDS(SCT_F_FILTER_MODE),		\
	  16, "seccomp_get_metadata returns the size it copied",		\
	  SCT_OLDER(-EIO, "an unknown request: before 4.16 (ptrace_request)"),	\
	  SCT_OLDER(-EINVAL, "no CONFIG_CHECKPOINT_RESTORE (the stub seccomp_get_metadata)"), \
	  SCT_OLDER_UNPRIV(-EACCES, "seccomp_get_metadata refuses " NOT_TRACER_ADMIN)) \
	X(PTRACE_SUSPEND, ptrace_suspend, "PTRACE_O_SUSPEND_SECCOMP",		\
	  "Linux 4.3+, CONFIG_CHECKPOINT_RESTORE, CAP_SYS_ADMIN",		\
	  "PTRACE_SETOPTIONS(O_SUSPEND_SECCOMP)", ask_ptrace,			\
	  P_SUSPEND, SCT_NEEDS(SCT_F_FILTER_MODE),				\
	  0, "ptrace_setoptions sets it",					\
	  SCT_OLDER(-EINVAL, "an unknown option before 4.3, or no "		\
		    "CONFIG_CHECKPOINT_RESTORE (ptrace_setoptions)"),		\
	  SCT_OLDER_UNPRIV(-EPERM, "ptrace_setoptions refuses " NOT_TRACER_ADMIN)) \
	X(CLONE3, clone3, "clone3(2)", "Linux 5.3+", "clone3(NULL, 0)", ask_clone3, 0, 0, \
	  -EINVAL, "a size below CLONE_ARGS_SIZE_VER0 (copy_clone_args_from_user)", \
	  SCT_OLDER(-ENOSYS, "no such syscall: before 5.3 (or a filter that "	\
		    "says so, as older container profiles do)"))		\
	X(COMPAT_ENTRY, compat_entry,						\
	  "compat syscall entry from 64-bit code (x86_64's int $0x80)",	\
	  "x86_64 with CONFIG_IA32_EMULATION, not disabled by ia32_emulation=0", \
	  "compat getpid in a child (0: it returned the child's pid)",		\
	  ask_compat, 0, 0,							\
	  0, "the compat entry ran getpid",					\
	  SCT_OLDER(SCT_ANSWER_KILLED(SIGSEGV), "no int $0x80 gate (idt.c installs " \
		    "it only when ia32_enabled()): a #GP"),			\
	  SCT_OLDER(SCT_ANSWER_NO_ABI, "this arch has no compat entry from "	\
		    "native code (on arm64 only an AArch32 program makes compat " \
		    "calls: the compat_program cases)"))			\
	X(X32, x32, "x32 syscalls", "CONFIG_X86_X32_ABI",			\
	  "x32 getpid (0: it returned our pid)", ask_x32, 0, 0,			\
	  0, "the x32 table ran getpid",					\
	  SCT_OLDER(-ENOSYS, "no CONFIG_X86_X32_ABI: do_syscall_x32 "		\
		    "does not take the number"),				\
	  SCT_OLDER(SCT_ANSWER_NO_ABI, "this arch has no x32 ABI"))		\
	X(PIDFD_OPEN, pidfd_open, "pidfd_open(2)", "Linux 5.3+",		\
	  "pidfd_open(getpid(), 0) (0: it returned an fd)", ask_pidfd_open, 0, 0, \
	  0, "a pidfd", SCT_OLDER(-ENOSYS, "no such syscall: before 5.3"))	\
	X(SYSCTL_ACTIONS, sysctl_actions, "/proc/sys/kernel/seccomp/actions_avail", \
	  "Linux 4.14+, CONFIG_SYSCTL",						\
	  "access(/proc/sys/kernel/seccomp/actions_avail, R_OK)", ask_sysctl_file, 0, 0, \
	  0, "the sysctl is readable",						\
	  SCT_OLDER(-ENOENT, "no such file: before 4.14, or no CONFIG_SYSCTL"))	\
	X(UPROBE_PMU, uprobe_pmu, "perf uprobe PMU", "Linux 4.17+, CONFIG_UPROBE_EVENTS", \
	  "read /sys/bus/event_source/devices/uprobe/type", ask_uprobe_pmu, 0, 0, \
	  0, "perf_uprobe is registered (perf_tp_register)",			\
	  SCT_OLDER(-ENOENT, "no such PMU: before 4.17, or no CONFIG_UPROBE_EVENTS")) \
	/* arg 0: uretprobe, 1: uprobe. sys_uretprobe signals callers outside	\
	 * its trampoline, sys_uprobe answers them ENXIO (arch/x86/kernel/uprobes.c) */ \
	X(URETPROBE_SYSCALL, uretprobe_syscall, "uretprobe(2)", "Linux 6.11+, x86_64", \
	  "uretprobe() called directly, in a child", ask_trampoline_call, 0, 0, \
	  SCT_ANSWER_KILLED(SIGILL),						\
	  "sys_uretprobe: not from the uretprobe trampoline, force_sig(SIGILL)", \
	  SCT_OLDER(-ENOSYS, "no such syscall: before 6.11"),			\
	  SCT_OLDER(SCT_ANSWER_NO_ABI, "this arch has no uretprobe syscall"))	\
	X(UPROBE_SYSCALL, uprobe_syscall, "uprobe(2)", "Linux 6.18+, x86_64",	\
	  "uprobe() called directly, in a child", ask_trampoline_call, 1, 0,	\
	  -ENXIO, "sys_uprobe: not in_uprobe_trampoline",			\
	  SCT_OLDER(-ENOSYS, "no such syscall: before 6.18"),			\
	  SCT_OLDER(SCT_ANSWER_NO_ABI, "this arch has no uprobe syscall"))

/* The five filter flags probed alike: a known flag gets past the flag
 * check and faults on the NULL program; an unknown one is EINVAL. */
#define SCT_FILTER_FLAG(X, id, row, ver)					\
	X(FLAG_##id, row, "SECCOMP_FILTER_FLAG_" #id, ver,			\
	  "seccomp(SET_MODE_FILTER, " #id ", NULL)", ask_filter_flag,		\
	  SECCOMP_FILTER_FLAG_##id, SCT_NEEDS(SCT_F_SECCOMP_SYSCALL),		\
	  -EFAULT, FLAG_KNOWN, SCT_OLDER(-EINVAL, FLAG_UNKNOWN))
/* The actions, asked with GET_ACTION_AVAIL. */
#define SCT_ACTION(X, id, row, ver)						\
	X(RET_##id, row, "SECCOMP_RET_" #id, ver,				\
	  "seccomp(GET_ACTION_AVAIL, 0, &SECCOMP_RET_" #id ")", ask_action,	\
	  SECCOMP_RET_##id, SCT_NEEDS(SCT_F_GET_ACTION_AVAIL),			\
	  0, "seccomp_get_action_avail lists it",				\
	  SCT_OLDER(-EOPNOTSUPP, "an action seccomp_get_action_avail does not list"))

#define SCT_OLDER(answer, why) { answer, false, why }
#define SCT_OLDER_UNPRIV(answer, why) { answer, true, why }

#define SCT_F_ENUM_(id, ...) SCT_F_##id,
enum sct_feature { SCT_FEATURES(SCT_F_ENUM_) SCT_F_COUNT };
#undef SCT_F_ENUM_

/* Static facts about a feature. */
const char *sct_feature_name(enum sct_feature f);	/* "SECCOMP_FILTER_FLAG_LOG" */
const char *sct_feature_since(enum sct_feature f);	/* "Linux 4.14+" */

/* Does the running kernel have it? Probed once per process. */
bool sct_have(enum sct_feature f);

/* Why not: "<name> unavailable (<evidence>; <since>)"; "" when present;
 * the whole sct_feature_report() when the probe was anomalous or broken. */
const char *sct_missing_reason(enum sct_feature f);

/* ---- the three-valued probe ------------------------------------------- */

enum sct_presence {
	SCT_PRESENT,		/* answered as a kernel with the feature */
	SCT_ABSENT,		/* answered exactly as an older kernel does */
	SCT_ANOMALOUS,		/* any other answer: a regression */
	SCT_PROBE_BROKEN,	/* the probe's own set-up failed */
};

const char *sct_presence_name(enum sct_presence p);	/* "PRESENT", ... */

/* The probed state (cached). A feature that needs another one that is not
 * present takes that one's state ("needs X"). */
enum sct_presence sct_feature_state(enum sct_feature f);

/* One sentence for a failure message: the feature, what the probe asked,
 * what a kernel with it and an older one answer (and why), what came back. */
const char *sct_feature_report(enum sct_feature f);

/* A probe's answer: a return value (>= 0), -errno, or one of these. */
#define SCT_ANSWER_KILLED(sig)	(-100000L - (sig))	/* the probe call killed its caller */
#define SCT_ANSWER_NO_ABI	(-200000L)	/* nothing to ask: no such ABI on this arch */
#define SCT_ANSWER_BROKEN	(-300000L)	/* our set-up failed */

/* An answer an older kernel gives, and why. `unprivileged`: only when the
 * prober lacks CAP_SYS_ADMIN or is itself filtered (otherwise anomalous). */
struct sct_absent_answer {
	long answer;
	bool unprivileged;
	const char *why;
};

#define SCT_MAX_ABSENT 3

/* One row of SCT_FEATURES, as probe.c expands it. */
struct sct_feature_fact {
	const char *name;
	const char *since;		/* "Linux 5.9+", "CONFIG_..." */
	const char *ask;		/* what the probe does, e.g. "GET_ACTION_AVAIL(LOG)" */
	long (*probe)(const struct sct_feature_fact *fact);	/* the kernel's answer */
	unsigned long arg;		/* the flag, action or slot the probe asks about */
	int needs;			/* SCT_NEEDS(f): probed only when f is present */
	long present;			/* the answer of a kernel with the feature */
	const char *present_why;
	struct sct_absent_answer absent[SCT_MAX_ABSENT];	/* why == NULL ends */
};
#define SCT_NEEDS(f) ((int)(f) + 1)	/* 0: needs nothing */

const struct sct_feature_fact *sct_feature_fact(enum sct_feature f);

/* Classify an answer to f's probe (pure; the self-tests feed it made-up
 * answers). privileged: the prober has CAP_SYS_ADMIN and no filter. */
enum sct_presence sct_feature_classify(enum sct_feature f, long answer, bool privileged);

/* "EINVAL", "16", "killed by SIGSEGV", ... */
const char *sct_answer_str(long answer, char *buf, size_t len);

/* ---- capabilities and /proc ------------------------------------------- */

/* Effective capability check (CAP_SYS_ADMIN etc.), from capget(2). */
bool sct_have_cap(int cap);
/* Drop cap from this thread's effective set (capset(2)): 0 or -errno.
 * For children that check what the kernel refuses without it. */
int sct_drop_cap(int cap);

/*
 * The number after "key:" at the start of a line of text in the format of
 * /proc/PID/status ("Seccomp_filters", "NoNewPrivs", ...). Returns 0 and
 * sets *value, or -ENOENT when no line has that key.
 */
int sct_status_value(const char *text, const char *key, long *value);

/*
 * The same from /proc/self/task/TID/status (tid 0: the calling thread).
 * Uses only open/read, so it is safe in a vfork child or a raw clone thread.
 * Returns 0 and sets *value, or -errno (-ENOENT: no such line).
 */
int sct_proc_status(pid_t tid, const char *key, long *value);

#endif
