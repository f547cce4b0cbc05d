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

/* The probes, each answering for rows of SCT_FEATURES (probe.h). */
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

/* Reasons several rows of SCT_FEATURES share. */
#define NO_FILTER_ASK "seccomp_prepare_user_filter cannot copy a NULL sock_fprog"
#define FLAG_KNOWN "the flag passes seccomp_set_mode_filter's check; the NULL program then faults"
#define FLAG_UNKNOWN "a flag outside SECCOMP_FILTER_FLAG_MASK (seccomp_set_mode_filter)"
#define UNKNOWN_OP "an unknown op (do_seccomp's default case)"
#define UNKNOWN_IOCTL "an unknown ioctl (seccomp_notify_ioctl's default case)"
#define NOT_TRACER_ADMIN "without CAP_SYS_ADMIN in the initial user namespace, or as a " \
	"filtered tracer"

/* The one table (SCT_FEATURES, probe.h) as facts: the probe column is the
 * dispatch, sct_feature_state calls it. */
#define FACT(id, row, name_, since_, ask_, probe_, arg_, needs_, present_, present_why_, ...) \
	[SCT_F_##id] = { .name = name_, .since = since_, .ask = ask_, .probe = probe_,	\
			 .arg = arg_, .needs = needs_, .present = present_,		\
			 .present_why = present_why_, .absent = { __VA_ARGS__ } },
static const struct sct_feature_fact facts[SCT_F_COUNT] = { SCT_FEATURES(FACT) };
#undef FACT

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

/* The listener questions' answers, indexed by the facts' L_* argument. */
struct listener_report {
	long answer[L_COUNT];
};

/* One child asks the four listener questions; its answers are kept. */
static int listener_child(struct sct_report *rep, void *arg)
{
	struct sct_filter *f = sct_filter_for_nr(__NR_getppid, SECCOMP_RET_USER_NOTIF,
						 SECCOMP_RET_ALLOW);
	struct seccomp_notif_resp resp = { .id = 0, .flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE };
	struct seccomp_notif_addfd addfd = { .id = 0 };
	uint64_t flags = 0;
	long *answer = SCT_REPORT(rep, struct listener_report)->answer;
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
	answer[L_ADDFD] = ioctl((int)fd, SECCOMP_IOCTL_NOTIF_ADDFD, &addfd) ? -errno : 0;
	addfd.flags = SECCOMP_ADDFD_FLAG_SEND;
	answer[L_ADDFD_SEND] = ioctl((int)fd, SECCOMP_IOCTL_NOTIF_ADDFD, &addfd) ? -errno : 0;
	answer[L_CONTINUE] = ioctl((int)fd, SECCOMP_IOCTL_NOTIF_SEND, &resp) ? -errno : 0;
	/* SET_FLAGS takes the flags by value (seccomp_notify_ioctl passes arg on) */
	answer[L_SET_FLAGS] = ioctl((int)fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, flags) ? -errno : 0;
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
	return SCT_REPORT(&l.out.rep, struct listener_report)->answer[fa->arg];
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

/* The compat getpid's result is in ret; the native one's here. */
struct compat_report {
	pid_t pid;
};

static int compat_child(struct sct_report *rep, void *arg)
{
	(void)arg;
	rep->ret = sct_arch_compat_syscall(sct_arch_compat_nr("getpid"), 0, 0, 0, 0, 0, 0);
	SCT_REPORT(rep, struct compat_report)->pid = getpid();
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
	return out.rep.ret == SCT_REPORT(&out.rep, struct compat_report)->pid ? 0 : out.rep.ret;
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
