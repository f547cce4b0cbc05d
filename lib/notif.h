/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * notif.h - the supervisor side of SECCOMP_RET_USER_NOTIF, with deadlines.
 *
 * A supervisor must never block without a bound: a kernel that loses a
 * notification would hang the run. Every wait here takes a timeout in
 * milliseconds and returns -ETIMEDOUT when it runs out; the ioctl wrappers
 * return 0 (or the ioctl's result) or a negative errno, so a test compares
 * them with the error it expects.
 *
 * sct_notif_spawn() forks the usual target: a process that installs a filter
 * with NEW_LISTENER, hands the listener back over a unix socket and then
 * runs a function. Call it from inside sct_run_child(): the target inherits
 * the shared report page and the process group, so it is killed with the
 * experiment.
 */
#ifndef SCT_NOTIF_H
#define SCT_NOTIF_H

#include <stdbool.h>
#include <stddef.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/types.h>

#include "child.h"
#include "filter.h"

/* Default bound for one wait of a supervisor (a reply, a notification). */
#define SCT_NOTIF_WAIT_MS 2000

/*
 * Fork a target: it sets PR_SET_PDEATHSIG, no_new_privs, installs f with
 * NEW_LISTENER | flags, sends the listener to the parent, closes its own
 * copy and runs fn(rep, arg), exiting with its result. Returns the target's
 * pid and the listener in *listener, or a negative errno (-ETIMEDOUT when
 * no listener arrived within SCT_NOTIF_WAIT_MS; the target's install error
 * when it could not install f). The target is not reaped.
 */
pid_t sct_notif_spawn(struct sct_filter *f, unsigned long flags, sct_child_fn fn,
		      struct sct_report *rep, void *arg, int *listener);

/* Pass fd over a unix socket (SCM_RIGHTS): 0 or -errno. */
int sct_send_fd(int sock, int fd);
/* Receive an fd sent by sct_send_fd, waiting at most timeout_ms: the fd,
 * -ETIMEDOUT, or -errno. A negative errno the peer sent instead of an fd
 * (sct_send_error) is returned as is. */
int sct_recv_fd(int sock, int timeout_ms);
/* Tell the peer waiting in sct_recv_fd that no fd will come: err < 0. */
int sct_send_error(int sock, int err);

/* Wait until the listener has a notification to receive (POLLIN). */
int sct_notif_wait(int listener, int timeout_ms);
/* Wait for a notification, then NOTIF_RECV it into *req (zeroed first). */
int sct_notif_recv(int listener, struct seccomp_notif *req, int timeout_ms);
/* NOTIF_SEND {id, val, error, flags}. */
int sct_notif_send(int listener, uint64_t id, int64_t val, int32_t error, uint32_t flags);
/* NOTIF_ID_VALID through ioctl number `cmd` (the IOW one or the old IOR). */
int sct_notif_id_valid(int listener, unsigned long cmd, uint64_t id);
/* NOTIF_ADDFD: the fd number in the target, or -errno. */
int sct_notif_addfd(int listener, uint64_t id, int srcfd, uint32_t newfd,
		    uint32_t flags, uint32_t newfd_flags);
/* poll() the listener once for `events` (POLLHUP is always reported):
 * the revents seen within timeout_ms (0 when none), or -errno. */
int sct_notif_poll(int listener, short events, int timeout_ms);

/* Wait until *slot (shared memory another process writes) is nonzero. */
bool sct_wait_slot(const volatile long *slot, int timeout_ms);
/* waitpid(pid) with a deadline: 0 and *status, -ETIMEDOUT, or -errno. */
int sct_waitpid_timeout(pid_t pid, int *status, int timeout_ms);
/* Is signal sig pending for thread tid (its own or its process's set)?
 * Read from /proc/<tid>/status: 1, 0, or -errno. */
int sct_sig_pending(pid_t tid, int sig);
/* Wait until sct_sig_pending(tid, sig) is 1: 0, -ETIMEDOUT or -errno. */
int sct_wait_sig_pending(pid_t tid, int sig, int timeout_ms);

/* A result of the helpers above for a message: "-EINVAL", "42". */
const char *sct_result_str(long v, char *buf, size_t len);

/* For suites (expands to kselftest-harness EXPECT_EQ): a result is `want`;
 * on failure both are printed as sct_result_str does, after `what`. */
#define SCT_EXPECT_RESULT(want, got, what) do {				\
	char _sct_w[32], _sct_g[32];					\
	EXPECT_EQ((long)(want), (long)(got)) {				\
		TH_LOG("%s: expected %s, got %s", (what),		\
		       sct_result_str((want), _sct_w, 32),		\
		       sct_result_str((got), _sct_g, 32));		\
	}								\
} while (0)

/* ---- racing a target: ADDFD with any size, scheduler state ------------- */

/* NOTIF_ADDFD of the `size` bytes at buf, with that size in the request
 * number (seccomp_notify_ioctl reads it from there, EA_IOCTL): the fd
 * number in the target, or -errno. */
long sct_notif_addfd_sized(int listener, const void *buf, unsigned int size);

/* Pin the calling thread to the CPU it runs on; processes and threads it
 * creates afterwards inherit the mask. 0 or -errno. */
int sct_pin_to_current_cpu(void);

/* From /proc/<pid>/status: is pid sleeping (State: S), and how many
 * voluntary context switches has it made? 0 or -errno. */
int sct_task_sleep_state(pid_t pid, bool *asleep, long *switches);

/* Wait until pid sleeps after more than `after` voluntary switches (it has
 * blocked again; -1: at all), or *stop (shared memory) is nonzero:
 * 0 with *switches set, -ETIMEDOUT, or -errno. */
int sct_wait_task_blocked(pid_t pid, long after, long *switches,
			  const volatile long *stop, int timeout_ms);

/*
 * A racer: a thread that acts exactly while its creator is blocked in the
 * kernel, before the target it woke can run. Call sct_pin_to_current_cpu()
 * before spawning the target so that all three share one CPU; then
 * sct_race_start() makes the target SCHED_IDLE and the caller SCHED_FIFO 99
 * and starts the racer at SCHED_FIFO 50. The racer runs fn(arg) once it is
 * armed and gets the CPU, which is when the caller blocks: the target cannot
 * run while either of them can. Needs CAP_SYS_NICE.
 */
struct sct_racer {
	void (*fn)(void *arg);
	void *arg;
	pid_t target;
	pthread_t thread;
	int armed;
};

/* 0, or -errno with the scheduling put back (EPERM: no CAP_SYS_NICE or no
 * realtime runtime in this cgroup). */
int sct_race_start(struct sct_racer *r, pid_t target, void (*fn)(void *), void *arg);
/* The caller is about to block: the racer may go when it does. */
void sct_race_arm(struct sct_racer *r);
/* SCHED_OTHER again (the target first), then join the racer. */
void sct_race_end(struct sct_racer *r);

#endif
