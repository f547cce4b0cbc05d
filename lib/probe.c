// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe.c - feature probes (see probe.h). Every probe asks the kernel and
 * keeps the evidence, so a skip can say what was seen. Probes that need a
 * filter installed run in a child (filters cannot be removed).
 * Versions are the kernel releases that added each feature, checked against
 * the history of kernel/seccomp.c and include/uapi/linux/seccomp.h.
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

#ifndef PTRACE_O_SUSPEND_SECCOMP
#define PTRACE_O_SUSPEND_SECCOMP (1 << 21)
#endif

static const struct {
	const char *name;
	const char *since;
} info[SCT_F_COUNT] = {
	[SCT_F_FILTER_MODE]		= { "SECCOMP_MODE_FILTER", "Linux 3.5+, CONFIG_SECCOMP_FILTER" },
	[SCT_F_SECCOMP_SYSCALL]		= { "seccomp(2)", "Linux 3.17+" },
	[SCT_F_FLAG_TSYNC]		= { "SECCOMP_FILTER_FLAG_TSYNC", "Linux 3.17+" },
	[SCT_F_FLAG_LOG]		= { "SECCOMP_FILTER_FLAG_LOG", "Linux 4.14+" },
	[SCT_F_FLAG_SPEC_ALLOW]		= { "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "Linux 4.17+" },
	[SCT_F_FLAG_NEW_LISTENER]	= { "SECCOMP_FILTER_FLAG_NEW_LISTENER", "Linux 5.0+" },
	[SCT_F_FLAG_TSYNC_ESRCH]	= { "SECCOMP_FILTER_FLAG_TSYNC_ESRCH", "Linux 5.7+" },
	[SCT_F_FLAG_WAIT_KILLABLE_RECV]	= { "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", "Linux 5.19+" },
	[SCT_F_GET_ACTION_AVAIL]	= { "SECCOMP_GET_ACTION_AVAIL", "Linux 4.14+" },
	[SCT_F_GET_NOTIF_SIZES]		= { "SECCOMP_GET_NOTIF_SIZES", "Linux 5.0+" },
	[SCT_F_RET_KILL_PROCESS]	= { "SECCOMP_RET_KILL_PROCESS", "Linux 4.14+" },
	[SCT_F_RET_LOG]			= { "SECCOMP_RET_LOG", "Linux 4.14+" },
	[SCT_F_RET_USER_NOTIF]		= { "SECCOMP_RET_USER_NOTIF", "Linux 5.0+" },
	[SCT_F_NOTIF_CONTINUE]		= { "SECCOMP_USER_NOTIF_FLAG_CONTINUE", "Linux 5.5+" },
	[SCT_F_NOTIF_ADDFD]		= { "SECCOMP_IOCTL_NOTIF_ADDFD", "Linux 5.9+" },
	[SCT_F_NOTIF_ADDFD_SEND]	= { "SECCOMP_ADDFD_FLAG_SEND", "Linux 5.14+" },
	[SCT_F_NOTIF_SET_FLAGS]		= { "SECCOMP_IOCTL_NOTIF_SET_FLAGS", "Linux 6.6+" },
	[SCT_F_STATUS_FILTERS]		= { "Seccomp_filters in /proc/PID/status", "Linux 5.9+" },
	[SCT_F_CACHE_DEBUG]		= { "/proc/PID/seccomp_cache", "Linux 5.11+, CONFIG_SECCOMP_CACHE_DEBUG" },
	[SCT_F_PTRACE_GET_FILTER]	= { "PTRACE_SECCOMP_GET_FILTER", "Linux 4.4+, CONFIG_CHECKPOINT_RESTORE, CAP_SYS_ADMIN" },
	[SCT_F_PTRACE_GET_METADATA]	= { "PTRACE_SECCOMP_GET_METADATA", "Linux 4.16+, CONFIG_CHECKPOINT_RESTORE, CAP_SYS_ADMIN" },
	[SCT_F_PTRACE_SUSPEND]		= { "PTRACE_O_SUSPEND_SECCOMP", "Linux 4.3+, CONFIG_CHECKPOINT_RESTORE, CAP_SYS_ADMIN" },
	[SCT_F_CLONE3]			= { "clone3(2)", "Linux 5.3+" },
	[SCT_F_COMPAT_ENTRY]		= { "compat syscall entry (int $0x80)", "CONFIG_IA32_EMULATION, not disabled by ia32_emulation=0" },
	[SCT_F_X32]			= { "x32 syscalls", "CONFIG_X86_X32_ABI" },
	[SCT_F_PIDFD_OPEN]		= { "pidfd_open(2)", "Linux 5.3+" },
	[SCT_F_SYSCTL_ACTIONS]		= { "/proc/sys/kernel/seccomp/actions_avail", "Linux 4.14+, CONFIG_SYSCTL" },
};

enum { UNKNOWN, PRESENT, ABSENT };
static int state[SCT_F_COUNT];
static char evidence[SCT_F_COUNT][96];
static char reason[SCT_F_COUNT][256];

const char *sct_feature_name(enum sct_feature f)
{
	return f < SCT_F_COUNT ? info[f].name : "?";
}

const char *sct_feature_since(enum sct_feature f)
{
	return f < SCT_F_COUNT ? info[f].since : "?";
}

static const char *errname(long err)
{
	return err < 0 ? strerrorname_np((int)-err) ?: "?" : "success";
}

/* Record a probe: present when `ok`, with the evidence for a skip message. */
static bool note(enum sct_feature f, bool ok, const char *fmt, long err)
{
	snprintf(evidence[f], sizeof(evidence[f]), fmt, errname(err));
	state[f] = ok ? PRESENT : ABSENT;
	return ok;
}

static bool probe_flag(enum sct_feature f, unsigned long flag, const char *flagname)
{
	char fmt[96];
	long ret;

	/* EFAULT: the kernel knew the flag and went on to read the program. */
	ret = sct_seccomp(SECCOMP_SET_MODE_FILTER, flag, NULL);
	snprintf(fmt, sizeof(fmt), "seccomp(SET_MODE_FILTER, %s, NULL): %%s", flagname);
	return note(f, ret == -EFAULT, fmt, ret);
}

static bool probe_action(enum sct_feature f, uint32_t action, const char *name)
{
	char fmt[96];
	long ret = sct_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &action);

	snprintf(fmt, sizeof(fmt), "GET_ACTION_AVAIL(%s): %%s", name);
	return note(f, ret == 0, fmt, ret);
}

/* ---- probes that need a listener fd: run in one child ------------------ */

enum { L_ADDFD, L_ADDFD_SEND, L_CONTINUE, L_SET_FLAGS, L_DONE };

static int listener_child(struct sct_report *rep, void *arg)
{
	struct sct_filter *f = sct_filter_for_nr(__NR_getppid, SECCOMP_RET_USER_NOTIF,
						 SECCOMP_RET_ALLOW);
	struct seccomp_notif_addfd addfd = { .id = 0, .srcfd = 0 };
	struct seccomp_notif_resp resp = { .id = 0, .flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE };
	uint64_t flags = 0;
	long fd;

	(void)arg;
	fd = sct_install_filter(f, SECCOMP_FILTER_FLAG_NEW_LISTENER);
	if (fd < 0) {
		errno = (int)-fd;
		return sct_report_broken(rep, "install a NEW_LISTENER filter");
	}
	/*
	 * With no notification pending, id 0 is unknown: a kernel that knows
	 * the request validates it and answers ENOENT; an older kernel rejects
	 * the unknown ioctl or flag with EINVAL.
	 */
	rep->val[L_ADDFD] = ioctl((int)fd, SECCOMP_IOCTL_NOTIF_ADDFD, &addfd) ? -errno : 0;
	addfd.flags = SECCOMP_ADDFD_FLAG_SEND;
	rep->val[L_ADDFD_SEND] = ioctl((int)fd, SECCOMP_IOCTL_NOTIF_ADDFD, &addfd) ? -errno : 0;
	rep->val[L_CONTINUE] = ioctl((int)fd, SECCOMP_IOCTL_NOTIF_SEND, &resp) ? -errno : 0;
	/* SET_FLAGS takes the flags by value, not through a pointer
	 * (seccomp_notify_ioctl passes arg straight to set_flags). */
	rep->val[L_SET_FLAGS] = ioctl((int)fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, flags) ? -errno : 0;
	rep->val[L_DONE] = 1;
	sct_filter_free(f);
	return 0;
}

static void probe_listener_features(void)
{
	static const enum sct_feature fs[] = {
		SCT_F_NOTIF_ADDFD, SCT_F_NOTIF_ADDFD_SEND, SCT_F_NOTIF_CONTINUE, SCT_F_NOTIF_SET_FLAGS,
	};
	static const char *const what[] = {
		"NOTIF_ADDFD with an unknown id: %s", "NOTIF_ADDFD(FLAG_SEND) with an unknown id: %s",
		"NOTIF_SEND(FLAG_CONTINUE) with an unknown id: %s", "NOTIF_SET_FLAGS(0): %s",
	};
	struct sct_outcome out;

	if (!sct_have(SCT_F_FLAG_NEW_LISTENER)) {
		for (size_t i = 0; i < 4; i++)
			note(fs[i], false, "needs SECCOMP_FILTER_FLAG_NEW_LISTENER", 0);
		return;
	}
	if (sct_run_child(listener_child, NULL, 0, &out) || !out.rep.val[L_DONE]) {
		for (size_t i = 0; i < 4; i++)
			note(fs[i], false, "listener probe child failed", 0);
		return;
	}
	note(fs[0], out.rep.val[L_ADDFD] == -ENOENT, what[0], out.rep.val[L_ADDFD]);
	note(fs[1], out.rep.val[L_ADDFD_SEND] == -ENOENT, what[1], out.rep.val[L_ADDFD_SEND]);
	note(fs[2], out.rep.val[L_CONTINUE] == -ENOENT, what[2], out.rep.val[L_CONTINUE]);
	note(fs[3], out.rep.val[L_SET_FLAGS] == 0, what[3], out.rep.val[L_SET_FLAGS]);
}

/* ---- ptrace probes: trace a stopped child with no filter ---------------- */

static void probe_ptrace_features(void)
{
	long get_filter, metadata, suspend;
	uint64_t md[2] = { 0, 0 };
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0) {
		note(SCT_F_PTRACE_GET_FILTER, false, "fork failed", 0);
		note(SCT_F_PTRACE_GET_METADATA, false, "fork failed", 0);
		note(SCT_F_PTRACE_SUSPEND, false, "fork failed", 0);
		return;
	}
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	/* A filterless tracee: EINVAL from a kernel that knows the request,
	 * EIO from one that does not. EACCES: known, but we lack CAP_SYS_ADMIN. */
	get_filter = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, 0, NULL) < 0 ? -errno : 0;
	metadata = ptrace(PTRACE_SECCOMP_GET_METADATA, pid, sizeof(md), md) < 0 ? -errno : 0;
	suspend = ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_SUSPEND_SECCOMP) < 0 ? -errno : 0;
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	note(SCT_F_PTRACE_GET_FILTER, get_filter == -EINVAL,
	     "PTRACE_SECCOMP_GET_FILTER on a filterless tracee: %s", get_filter);
	note(SCT_F_PTRACE_GET_METADATA, metadata == -EINVAL || metadata >= 0,
	     "PTRACE_SECCOMP_GET_METADATA on a filterless tracee: %s", metadata);
	note(SCT_F_PTRACE_SUSPEND, suspend == 0,
	     "PTRACE_SETOPTIONS(O_SUSPEND_SECCOMP): %s", suspend);
}

static int compat_child(struct sct_report *rep, void *arg)
{
	(void)arg;
	rep->ret = sct_arch_compat_syscall(sct_arch_compat_nr("getpid"), 0, 0, 0, 0, 0, 0);
	return 0;
}

static void probe_compat_entry(void)
{
	struct sct_outcome out;

	if (!sct_arch_has_compat_entry() || !sct_arch_native()->compat_name) {
		note(SCT_F_COMPAT_ENTRY, false, "this arch has no compat entry from native code", 0);
		return;
	}
	if (sct_run_child(compat_child, NULL, 0, &out)) {
		note(SCT_F_COMPAT_ENTRY, false, "probe child failed", 0);
		return;
	}
	if (out.end == SCT_END_SIGNALED) {
		snprintf(evidence[SCT_F_COMPAT_ENTRY], sizeof(evidence[0]),
			 "compat getpid killed the caller by SIG%s", sigabbrev_np(out.sig) ?: "?");
		state[SCT_F_COMPAT_ENTRY] = ABSENT;
		return;
	}
	note(SCT_F_COMPAT_ENTRY, out.rep.ret > 0, "compat getpid: %s",
	     out.rep.ret > 0 ? 0 : out.rep.ret);
}

static void probe(enum sct_feature f)
{
	struct stat st;
	long ret;

	switch (f) {
	case SCT_F_FILTER_MODE:
		ret = prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, NULL, 0, 0) ? -errno : 0;
		note(f, ret == -EFAULT, "prctl(PR_SET_SECCOMP, FILTER, NULL): %s", ret);
		break;
	case SCT_F_SECCOMP_SYSCALL:
		ret = sct_seccomp(SECCOMP_SET_MODE_FILTER, 0, NULL);
		note(f, ret == -EFAULT, "seccomp(SET_MODE_FILTER, 0, NULL): %s", ret);
		break;
	case SCT_F_FLAG_TSYNC:
		probe_flag(f, SECCOMP_FILTER_FLAG_TSYNC, "TSYNC");
		break;
	case SCT_F_FLAG_LOG:
		probe_flag(f, SECCOMP_FILTER_FLAG_LOG, "LOG");
		break;
	case SCT_F_FLAG_SPEC_ALLOW:
		probe_flag(f, SECCOMP_FILTER_FLAG_SPEC_ALLOW, "SPEC_ALLOW");
		break;
	case SCT_F_FLAG_NEW_LISTENER:
		probe_flag(f, SECCOMP_FILTER_FLAG_NEW_LISTENER, "NEW_LISTENER");
		break;
	case SCT_F_FLAG_TSYNC_ESRCH:
		probe_flag(f, SECCOMP_FILTER_FLAG_TSYNC_ESRCH, "TSYNC_ESRCH");
		break;
	case SCT_F_FLAG_WAIT_KILLABLE_RECV:
		/* Accepted only together with NEW_LISTENER. */
		probe_flag(f, SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV |
			   SECCOMP_FILTER_FLAG_NEW_LISTENER, "WAIT_KILLABLE_RECV|NEW_LISTENER");
		break;
	case SCT_F_GET_ACTION_AVAIL: {
		uint32_t allow = SECCOMP_RET_ALLOW;

		ret = sct_seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &allow);
		note(f, ret == 0, "GET_ACTION_AVAIL(ALLOW): %s", ret);
		break;
	}
	case SCT_F_GET_NOTIF_SIZES: {
		struct seccomp_notif_sizes sizes = { 0 };

		ret = sct_seccomp(SECCOMP_GET_NOTIF_SIZES, 0, &sizes);
		note(f, ret == 0, "seccomp(GET_NOTIF_SIZES): %s", ret);
		break;
	}
	case SCT_F_RET_KILL_PROCESS:
		probe_action(f, SECCOMP_RET_KILL_PROCESS, "KILL_PROCESS");
		break;
	case SCT_F_RET_LOG:
		probe_action(f, SECCOMP_RET_LOG, "LOG");
		break;
	case SCT_F_RET_USER_NOTIF:
		probe_action(f, SECCOMP_RET_USER_NOTIF, "USER_NOTIF");
		break;
	case SCT_F_NOTIF_CONTINUE:
	case SCT_F_NOTIF_ADDFD:
	case SCT_F_NOTIF_ADDFD_SEND:
	case SCT_F_NOTIF_SET_FLAGS:
		probe_listener_features();
		break;
	case SCT_F_STATUS_FILTERS: {
		long n;

		ret = sct_proc_status(0, "Seccomp_filters", &n);
		note(f, ret == 0, "Seccomp_filters in /proc/thread-self/status: %s", ret);
		break;
	}
	case SCT_F_CACHE_DEBUG:
		ret = stat("/proc/self/seccomp_cache", &st) ? -errno : 0;
		note(f, ret == 0, "stat(/proc/self/seccomp_cache): %s", ret);
		break;
	case SCT_F_PTRACE_GET_FILTER:
	case SCT_F_PTRACE_GET_METADATA:
	case SCT_F_PTRACE_SUSPEND:
		probe_ptrace_features();
		break;
	case SCT_F_CLONE3:
		/* size 0 is below CLONE_ARGS_SIZE_VER0: EINVAL when clone3 exists. */
		ret = syscall(__NR_clone3, NULL, 0) < 0 ? -errno : 0;
		note(f, ret != -ENOSYS, "clone3(NULL, 0): %s", ret);
		break;
	case SCT_F_COMPAT_ENTRY:
		probe_compat_entry();
		break;
	case SCT_F_X32:
		if (!sct_arch_native()->x32_bit) {
			note(f, false, "this arch has no x32 ABI", 0);
			break;
		}
		ret = syscall(sct_arch_native()->x32_bit | __NR_getpid);
		ret = ret < 0 ? -errno : ret;
		note(f, ret == getpid(), "x32 getpid: %s", ret == getpid() ? 0 : ret);
		break;
	case SCT_F_PIDFD_OPEN:
		ret = syscall(__NR_pidfd_open, getpid(), 0);
		if (ret >= 0)
			close((int)ret);
		note(f, ret >= 0, "pidfd_open(self): %s", ret >= 0 ? 0 : -errno);
		break;
	case SCT_F_SYSCTL_ACTIONS:
		ret = access("/proc/sys/kernel/seccomp/actions_avail", R_OK) ? -errno : 0;
		note(f, ret == 0, "access(/proc/sys/kernel/seccomp/actions_avail, R_OK): %s", ret);
		break;
	case SCT_F_COUNT:
		break;
	}
}

bool sct_have(enum sct_feature f)
{
	if (f >= SCT_F_COUNT)
		return false;
	if (state[f] == UNKNOWN)
		probe(f);
	return state[f] == PRESENT;
}

const char *sct_missing_reason(enum sct_feature f)
{
	if (f >= SCT_F_COUNT)
		return "unknown feature";
	if (sct_have(f))
		return "";
	snprintf(reason[f], sizeof(reason[f]), "%s unavailable (%s; %s)",
		 info[f].name, evidence[f], info[f].since);
	return reason[f];
}

bool sct_have_cap(int cap)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	if (syscall(__NR_capget, &hdr, data))
		return false;
	return data[cap / 32].effective & (1U << (cap % 32));
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

int sct_drop_cap(int cap)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	if (syscall(__NR_capget, &hdr, data))
		return -errno;
	data[cap / 32].effective &= ~(1U << (cap % 32));
	return syscall(__NR_capset, &hdr, data) ? -errno : 0;
}
