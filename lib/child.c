// SPDX-License-Identifier: GPL-2.0-only
/*
 * child.c - fork-and-observe helpers (see child.h).
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "child.h"
#include "install.h"

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/*
 * SCT_TIMEOUT_SCALE (a whole number, 1 to 50) stretches every child's
 * timeout: scripts/run-vm sets it in a guest under emulation (qemu TCG),
 * where every child runs several times slower. The timeout only catches a
 * hang, so no verdict depends on it.
 */
static int timeout_scale(void)
{
	const char *s = getenv("SCT_TIMEOUT_SCALE");
	char *end;
	long n;

	if (!s || !*s)
		return 1;
	errno = 0;
	n = strtol(s, &end, 10);
	return errno || *end || n < 1 || n > 50 ? 1 : (int)n;
}

int sct_report_broken(struct sct_report *rep, const char *what)
{
	rep->broken_errno = errno;
	snprintf(rep->broken, sizeof(rep->broken), "%s", what);
	return 99;
}

int sct_run_child(sct_child_fn fn, void *arg, int timeout_ms, struct sct_outcome *out)
{
	struct sct_report *rep;
	long deadline;
	useconds_t nap = 50;
	int status, err, pidfd;
	pid_t pid;

	memset(out, 0, sizeof(*out));
	rep = mmap(NULL, sizeof(*rep), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (rep == MAP_FAILED)
		return -errno;
	memset(rep, 0, sizeof(*rep));
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		err = -errno;
		munmap(rep, sizeof(*rep));
		return err;
	}
	if (pid == 0) {
		struct rlimit no_core = { 0, 0 };

		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		setrlimit(RLIMIT_CORE, &no_core);
		_exit(fn(rep, arg));
	}
	deadline = now_ms() + (long)timeout_scale() *
			       (timeout_ms > 0 ? timeout_ms : SCT_CHILD_TIMEOUT_MS);
	/*
	 * A pidfd becomes readable the moment the child exits (5.3+); older
	 * kernels fall back to naps that grow to 6.4 ms, which is what a
	 * benchmark taking hundreds of short-lived children per second cannot
	 * afford to wait on.
	 */
	pidfd = (int)syscall(__NR_pidfd_open, pid, 0);
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);

		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			err = -errno;
			if (pidfd >= 0)
				close(pidfd);
			munmap(rep, sizeof(*rep));
			return err;
		}
		if (now_ms() > deadline) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			if (pidfd >= 0)
				close(pidfd);
			out->end = SCT_END_TIMED_OUT;
			out->rep = *rep;
			munmap(rep, sizeof(*rep));
			return 0;
		}
		if (pidfd >= 0) {
			struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
			long left = deadline - now_ms() + 1;

			poll(&pfd, 1, left < 1 ? 1 : left > 1000 ? 1000 : (int)left);
			continue;
		}
		usleep(nap);
		if (nap < 5000)
			nap *= 2;
	}
	if (pidfd >= 0)
		close(pidfd);
	/* Nothing the child started may outlive the experiment. */
	kill(-pid, SIGKILL);
	if (WIFSIGNALED(status)) {
		out->end = SCT_END_SIGNALED;
		out->sig = WTERMSIG(status);
		out->core = WCOREDUMP(status);
	} else {
		out->end = SCT_END_EXITED;
		out->code = WEXITSTATUS(status);
	}
	out->rep = *rep;
	munmap(rep, sizeof(*rep));
	return 0;
}

const char *sct_outcome_str(const struct sct_outcome *out, char *buf, size_t len)
{
	switch (out->end) {
	case SCT_END_EXITED:
		if (out->rep.broken[0])
			snprintf(buf, len, "exited %d, set-up failed: %s: %s", out->code,
				 out->rep.broken, strerror(out->rep.broken_errno));
		else
			snprintf(buf, len, "exited %d (stage %d, ret %ld, errno %d)", out->code,
				 out->rep.stage, out->rep.ret, out->rep.err);
		break;
	case SCT_END_SIGNALED:
		snprintf(buf, len, "killed by SIG%s%s (stage %d)", sigabbrev_np(out->sig) ?: "?",
			 out->core ? ", core dumped" : "", out->rep.stage);
		break;
	case SCT_END_TIMED_OUT:
		snprintf(buf, len, "timed out (stage %d), killed", out->rep.stage);
		break;
	}
	return buf;
}

long sct_abi_syscall(enum sct_abi abi, long nr, const long a[6])
{
	const struct sct_arch *arch = sct_arch_native();
	long ret;

	switch (abi) {
	case SCT_ABI_NATIVE:
		return syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	case SCT_ABI_X32:
		if (!arch->x32_bit)
			break;
		return syscall(nr | arch->x32_bit, a[0], a[1], a[2], a[3], a[4], a[5]);
	case SCT_ABI_COMPAT:
		if (!arch->compat_name || !sct_arch_has_compat_entry())
			break;
		ret = sct_arch_compat_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		if (ret < 0 && ret >= -4095) {
			errno = (int)-ret;
			return -1;
		}
		return ret;
	}
	errno = ENOSYS;
	return -1;
}

const char *sct_abi_name(enum sct_abi abi)
{
	switch (abi) {
	case SCT_ABI_NATIVE: return "native";
	case SCT_ABI_COMPAT: return "compat";
	case SCT_ABI_X32: return "x32";
	}
	return "?";
}

/* ---- sct_observe ------------------------------------------------------- */

/* What sct_observe's child reports (the siginfo of a TRAP among it). */
struct observe_report {
	long done;	/* probe thread returned from the syscall */
	long trapped;
	long trap_code;
	long trap_errno;
	long trap_syscall;
	long trap_arch;
	long trap_addr;
	long thread_gone;	/* probe thread finished, one way or another */
	long notified_stage;
};

struct observe_ctx {
	const struct sct_stage *stages;
	size_t n;
	const struct sct_probe *probe;
	struct sct_report *rep;
	struct sock_fprog *progs;
};

/* Written by the SIGSYS handler of the child; child-private pointer. */
static struct sct_report *sigsys_rep;

static void on_sigsys(int sig, siginfo_t *si, void *uctx)
{
	(void)sig;
	(void)uctx;
	SCT_REPORT(sigsys_rep, struct observe_report)->trap_code = si->si_code;
	SCT_REPORT(sigsys_rep, struct observe_report)->trap_errno = si->si_errno;
	SCT_REPORT(sigsys_rep, struct observe_report)->trap_syscall = si->si_syscall;
	SCT_REPORT(sigsys_rep, struct observe_report)->trap_arch = si->si_arch;
	SCT_REPORT(sigsys_rep, struct observe_report)->trap_addr = (long)si->si_call_addr;
	SCT_REPORT(sigsys_rep, struct observe_report)->trapped = 1;
}

static void *probe_thread(void *p)
{
	struct observe_ctx *c = p;
	const long *a = c->probe->args;
	long ret;

	ret = sct_abi_syscall(c->probe->abi, c->probe->nr, a);
	c->rep->err = ret == -1 ? errno : 0;
	c->rep->ret = ret;
	SCT_REPORT(c->rep, struct observe_report)->done = 1;
	return NULL;
}

/* Answer one pending notification with the stage's distinctive errno. */
static void answer(int fd, int stage)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	memset(&req, 0, sizeof(req));
	if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req))
		return;
	memset(&resp, 0, sizeof(resp));
	resp.id = req.id;
	resp.error = -SCT_NOTIF_ERRNO(stage);
	ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
}

static int observe_child(struct sct_report *rep, void *arg)
{
	struct observe_ctx *c = arg;
	struct sigaction sa = { .sa_sigaction = on_sigsys, .sa_flags = SA_SIGINFO };
	int timeout = c->probe->timeout_ms > 0 ? c->probe->timeout_ms : SCT_CHILD_TIMEOUT_MS;
	int listen_fd = -1, listen_stage = -1;
	pthread_t th;
	long deadline;

	c->rep = rep;
	sigsys_rep = rep;
	if (c->probe->sigsys == SCT_SIGSYS_IGNORED)
		sa.sa_handler = SIG_IGN, sa.sa_flags = 0;
	if (sigaction(SIGSYS, &sa, NULL))
		return sct_report_broken(rep, "sigaction(SIGSYS)");
	if (c->probe->sigsys == SCT_SIGSYS_BLOCKED) {
		sigset_t set;

		sigemptyset(&set);
		sigaddset(&set, SIGSYS);
		if (pthread_sigmask(SIG_BLOCK, &set, NULL))
			return sct_report_broken(rep, "block SIGSYS");
	}
	if (sct_set_nnp())
		return sct_report_broken(rep, "prctl(PR_SET_NO_NEW_PRIVS)");
	for (size_t i = 0; i < c->n; i++) {
		long ret = sct_install(&c->progs[i], c->stages[i].flags);

		if (ret < 0) {
			errno = (int)-ret;
			return sct_report_broken(rep, "seccomp(SET_MODE_FILTER)");
		}
		if (c->stages[i].flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) {
			listen_fd = (int)ret;
			listen_stage = (int)i;
		}
	}
	rep->stage = 1;
	if (pthread_create(&th, NULL, probe_thread, c)) {
		errno = EAGAIN;
		return sct_report_broken(rep, "pthread_create");
	}
	deadline = now_ms() + timeout;
	for (;;) {
		struct timespec ts;

		if (listen_fd >= 0) {
			struct pollfd pfd = { .fd = listen_fd, .events = POLLIN };

			if (poll(&pfd, 1, 5) > 0 && (pfd.revents & POLLIN)) {
				answer(listen_fd, listen_stage);
				SCT_REPORT(rep, struct observe_report)->notified_stage = listen_stage + 1;
			}
		}
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 5 * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		if (pthread_timedjoin_np(th, NULL, &ts) == 0)
			break;
		if (now_ms() > deadline)
			return 3;	/* probe still blocked: parent reports it */
	}
	SCT_REPORT(rep, struct observe_report)->thread_gone = 1;
	rep->stage = 2;
	return 0;
}

int sct_observe(const struct sct_stage *stages, size_t n,
		const struct sct_probe *probe, struct sct_observation *obs)
{
	struct sock_fprog progs[16];
	struct observe_ctx c = { stages, n, probe, NULL, progs };
	struct sct_outcome out;
	const struct sct_report *r = &out.rep;
	int ret;

	memset(obs, 0, sizeof(*obs));
	obs->seen = SCT_SEEN_BROKEN;
	if (n > 16) {
		snprintf(obs->broken, sizeof(obs->broken), "too many stages (%zu > 16)", n);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (!stages[i].filter || sct_filter_build(stages[i].filter, &progs[i])) {
			snprintf(obs->broken, sizeof(obs->broken), "filter %zu does not build: %s", i,
				 stages[i].filter ? sct_filter_error(stages[i].filter) : "no memory");
			return 0;
		}
	}
	ret = sct_run_child(observe_child, &c,
			    (probe->timeout_ms > 0 ? probe->timeout_ms : SCT_CHILD_TIMEOUT_MS) + 2000,
			    &out);
	if (ret)
		return ret;
	obs->ret = r->ret;
	obs->err = r->err;
	if (r->broken[0]) {
		snprintf(obs->broken, sizeof(obs->broken), "%s: %s", r->broken,
			 strerror(r->broken_errno));
		return 0;
	}
	if (out.end == SCT_END_SIGNALED) {
		obs->seen = SCT_SEEN_PROCESS_KILLED;
		obs->sig = out.sig;
		return 0;
	}
	if (out.end == SCT_END_TIMED_OUT || (out.end == SCT_END_EXITED && out.code == 3)) {
		obs->seen = SCT_SEEN_TIMED_OUT;
		return 0;
	}
	if (out.code != 0 || !SCT_REPORT(r, struct observe_report)->thread_gone) {
		snprintf(obs->broken, sizeof(obs->broken), "child exited %d at stage %d",
			 out.code, r->stage);
		return 0;
	}
	if (SCT_REPORT(r, struct observe_report)->trapped) {
		obs->seen = SCT_SEEN_TRAPPED;
		obs->trap_signo = SIGSYS;
		obs->trap_code = (int)SCT_REPORT(r, struct observe_report)->trap_code;
		obs->trap_errno = (int)SCT_REPORT(r, struct observe_report)->trap_errno;
		obs->trap_syscall = (int)SCT_REPORT(r, struct observe_report)->trap_syscall;
		obs->trap_arch = (unsigned int)SCT_REPORT(r, struct observe_report)->trap_arch;
		obs->trap_call_addr = (void *)SCT_REPORT(r, struct observe_report)->trap_addr;
	} else if (!SCT_REPORT(r, struct observe_report)->done) {
		obs->seen = SCT_SEEN_THREAD_KILLED;
	} else if (SCT_REPORT(r, struct observe_report)->notified_stage && r->ret == -1 &&
		   r->err == SCT_NOTIF_ERRNO(SCT_REPORT(r, struct observe_report)->notified_stage - 1)) {
		obs->seen = SCT_SEEN_NOTIFIED;
		obs->notified_stage = (int)SCT_REPORT(r, struct observe_report)->notified_stage - 1;
	} else if (r->ret == -1) {
		obs->seen = SCT_SEEN_ERRNO;
	} else {
		obs->seen = SCT_SEEN_RAN;
	}
	return 0;
}

const char *sct_seen_name(enum sct_seen seen)
{
	static const char *const names[] = {
		[SCT_SEEN_RAN] = "RAN", [SCT_SEEN_ERRNO] = "ERRNO",
		[SCT_SEEN_TRAPPED] = "TRAPPED", [SCT_SEEN_NOTIFIED] = "NOTIFIED",
		[SCT_SEEN_THREAD_KILLED] = "THREAD_KILLED",
		[SCT_SEEN_PROCESS_KILLED] = "PROCESS_KILLED",
		[SCT_SEEN_TIMED_OUT] = "TIMED_OUT", [SCT_SEEN_BROKEN] = "BROKEN",
	};
	return seen <= SCT_SEEN_BROKEN ? names[seen] : "?";
}

const char *sct_observation_str(const struct sct_observation *obs, char *buf, size_t len)
{
	switch (obs->seen) {
	case SCT_SEEN_RAN:
		snprintf(buf, len, "RAN, returned %ld", obs->ret);
		break;
	case SCT_SEEN_ERRNO:
		snprintf(buf, len, "ERRNO %d (%s)", obs->err, strerror(obs->err));
		break;
	case SCT_SEEN_TRAPPED:
		snprintf(buf, len, "TRAPPED si_errno=%d si_syscall=%d si_arch=0x%x",
			 obs->trap_errno, obs->trap_syscall, obs->trap_arch);
		break;
	case SCT_SEEN_NOTIFIED:
		snprintf(buf, len, "NOTIFIED the listener of filter %d", obs->notified_stage);
		break;
	case SCT_SEEN_PROCESS_KILLED:
		snprintf(buf, len, "PROCESS_KILLED by SIG%s", sigabbrev_np(obs->sig) ?: "?");
		break;
	case SCT_SEEN_BROKEN:
		snprintf(buf, len, "BROKEN (our set-up failed): %s", obs->broken);
		break;
	default:
		snprintf(buf, len, "%s", sct_seen_name(obs->seen));
		break;
	}
	return buf;
}

bool sct_observation_matches(const struct sct_observation *obs, enum sct_seen seen, long value)
{
	if (obs->seen != seen)
		return false;
	if (value == SCT_ANY)
		return true;
	switch (seen) {
	case SCT_SEEN_RAN: return obs->ret == value;
	case SCT_SEEN_ERRNO: return obs->err == value;
	case SCT_SEEN_TRAPPED: return obs->trap_errno == value;
	case SCT_SEEN_NOTIFIED: return obs->notified_stage == value;
	case SCT_SEEN_PROCESS_KILLED: return obs->sig == value;
	default: return true;
	}
}
