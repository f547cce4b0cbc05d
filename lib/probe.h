/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * probe.h - what the running kernel supports, found by asking it, never by
 * reading its version. Each feature knows the kernel version that added it,
 * so a skip reads: "SECCOMP_FILTER_FLAG_TSYNC_ESRCH unavailable
 * (seccomp(SET_MODE_FILTER, TSYNC_ESRCH, NULL): EINVAL; Linux 5.7+)".
 * Results are cached per process.
 */
#ifndef SCT_PROBE_H
#define SCT_PROBE_H

#include <stdbool.h>
#include <sys/types.h>

enum sct_feature {
	SCT_F_FILTER_MODE,		/* 3.5 */
	SCT_F_SECCOMP_SYSCALL,		/* 3.17 */
	SCT_F_FLAG_TSYNC,		/* 3.17 */
	SCT_F_FLAG_LOG,			/* 4.14 */
	SCT_F_FLAG_SPEC_ALLOW,		/* 4.17 */
	SCT_F_FLAG_NEW_LISTENER,	/* 5.0 */
	SCT_F_FLAG_TSYNC_ESRCH,		/* 5.7 */
	SCT_F_FLAG_WAIT_KILLABLE_RECV,	/* 5.19 */
	SCT_F_GET_ACTION_AVAIL,		/* 4.14 */
	SCT_F_GET_NOTIF_SIZES,		/* 5.0 */
	SCT_F_RET_KILL_PROCESS,		/* 4.14 */
	SCT_F_RET_LOG,			/* 4.14 */
	SCT_F_RET_USER_NOTIF,		/* 5.0 */
	SCT_F_NOTIF_CONTINUE,		/* 5.5 */
	SCT_F_NOTIF_ADDFD,		/* 5.9 */
	SCT_F_NOTIF_ADDFD_SEND,		/* 5.14 */
	SCT_F_NOTIF_SET_FLAGS,		/* 6.6 */
	SCT_F_STATUS_FILTERS,		/* 5.9: Seccomp_filters: in /proc/PID/status */
	SCT_F_CACHE_DEBUG,		/* 5.11: /proc/PID/seccomp_cache */
	SCT_F_PTRACE_GET_FILTER,	/* 4.4 */
	SCT_F_PTRACE_GET_METADATA,	/* 4.16 */
	SCT_F_PTRACE_SUSPEND,		/* 4.3 */
	SCT_F_CLONE3,			/* 5.3 */
	SCT_F_COMPAT_ENTRY,		/* int $0x80 reaches the kernel (IA32_EMULATION) */
	SCT_F_X32,			/* CONFIG_X86_X32_ABI: x32 numbers are syscalls */
	SCT_F_PIDFD_OPEN,		/* 5.3 */
	SCT_F_SYSCTL_ACTIONS,		/* 4.14: /proc/sys/kernel/seccomp/actions_{avail,logged} */
	SCT_F_COUNT
};

/* Static facts about a feature. */
const char *sct_feature_name(enum sct_feature f);	/* "SECCOMP_FILTER_FLAG_LOG" */
const char *sct_feature_since(enum sct_feature f);	/* "Linux 4.14+" */

/* Does the running kernel have it? Probed once per process. */
bool sct_have(enum sct_feature f);

/* Why not: "<name> unavailable (<evidence>; <since>)"; "" when present. */
const char *sct_missing_reason(enum sct_feature f);

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
