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
 * version, probe, the absent answers and why) are one table in probe.c.
 */
#ifndef SCT_PROBE_H
#define SCT_PROBE_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * Every feature, once: X(ID, name) gives SCT_F_ID and a lower-case name
 * for table rows (suites/interfaces_test.c has one per feature).
 */
#define SCT_FEATURES(X)							\
	X(FILTER_MODE, filter_mode)					\
	X(SECCOMP_SYSCALL, seccomp_syscall)				\
	X(FLAG_TSYNC, flag_tsync)					\
	X(FLAG_LOG, flag_log)						\
	X(FLAG_SPEC_ALLOW, flag_spec_allow)				\
	X(FLAG_NEW_LISTENER, flag_new_listener)				\
	X(FLAG_TSYNC_ESRCH, flag_tsync_esrch)				\
	X(FLAG_WAIT_KILLABLE_RECV, flag_wait_killable_recv)		\
	X(GET_ACTION_AVAIL, get_action_avail)				\
	X(GET_NOTIF_SIZES, get_notif_sizes)				\
	X(RET_KILL_PROCESS, ret_kill_process)				\
	X(RET_LOG, ret_log)						\
	X(RET_USER_NOTIF, ret_user_notif)				\
	X(NOTIF_CONTINUE, notif_continue)				\
	X(NOTIF_ADDFD, notif_addfd)					\
	X(NOTIF_ADDFD_SEND, notif_addfd_send)				\
	X(NOTIF_SET_FLAGS, notif_set_flags)				\
	X(STATUS_FILTERS, status_filters)				\
	X(CACHE_DEBUG, cache_debug)					\
	X(PTRACE_GET_FILTER, ptrace_get_filter)				\
	X(PTRACE_GET_METADATA, ptrace_get_metadata)			\
	X(PTRACE_SUSPEND, ptrace_suspend)				\
	X(CLONE3, clone3)						\
	X(COMPAT_ENTRY, compat_entry)					\
	X(X32, x32)							\
	X(PIDFD_OPEN, pidfd_open)					\
	X(SYSCTL_ACTIONS, sysctl_actions)				\
	X(UPROBE_PMU, uprobe_pmu)					\
	X(URETPROBE_SYSCALL, uretprobe_syscall)				\
	X(UPROBE_SYSCALL, uprobe_syscall)

#define SCT_F_ENUM_(id, name) SCT_F_##id,
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

/* One row of the feature table (lib/probe.c). */
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
