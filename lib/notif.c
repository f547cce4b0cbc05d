// SPDX-License-Identifier: GPL-2.0-only
/*
 * notif.c - USER_NOTIF supervisor helpers with deadlines (see notif.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "install.h"
#include "notif.h"
#include "probe.h"

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Sleep a little, growing the nap up to 2 ms: cheap polling of state that
 * has no fd to wait on (shared memory, /proc, a zombie). */
static void nap(useconds_t *us)
{
	usleep(*us);
	if (*us < 2000)
		*us *= 2;
}

int sct_send_fd(int sock, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	int payload = 0;
	struct iovec iov = { &payload, sizeof(payload) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;

	memset(cbuf, 0, sizeof(cbuf));
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &msg, MSG_NOSIGNAL) == sizeof(payload) ? 0 : -errno;
}

int sct_send_error(int sock, int err)
{
	return send(sock, &err, sizeof(err), MSG_NOSIGNAL) == sizeof(err) ? 0 : -errno;
}

int sct_recv_fd(int sock, int timeout_ms)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	int payload = 0, fd = -1;
	struct iovec iov = { &payload, sizeof(payload) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct pollfd pfd = { .fd = sock, .events = POLLIN };
	struct cmsghdr *c;
	int ret;

	ret = poll(&pfd, 1, timeout_ms);
	if (ret < 0)
		return -errno;
	if (ret == 0)
		return -ETIMEDOUT;
	errno = 0;
	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != sizeof(payload))
		return errno ? -errno : -EPROTO;
	if (payload < 0)
		return payload;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -EPROTO;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

pid_t sct_notif_spawn(struct sct_filter *f, unsigned long flags, sct_child_fn fn,
		      struct sct_report *rep, void *arg, int *listener)
{
	int sv[2], fd;
	pid_t pid;

	*listener = -1;
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv))
		return -errno;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		fd = -errno;
		close(sv[0]);
		close(sv[1]);
		return fd;
	}
	if (pid == 0) {
		long lfd;

		close(sv[0]);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		lfd = sct_install_filter(f, SECCOMP_FILTER_FLAG_NEW_LISTENER | flags);
		if (lfd < 0) {
			sct_send_error(sv[1], (int)lfd);
			_exit(98);
		}
		if (sct_send_fd(sv[1], (int)lfd))
			_exit(97);
		close((int)lfd);
		close(sv[1]);
		_exit(fn(rep, arg));
	}
	close(sv[1]);
	fd = sct_recv_fd(sv[0], SCT_NOTIF_WAIT_MS);
	close(sv[0]);
	if (fd < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return fd;
	}
	*listener = fd;
	return pid;
}

int sct_notif_poll(int listener, short events, int timeout_ms)
{
	struct pollfd pfd = { .fd = listener, .events = events };
	int ret = poll(&pfd, 1, timeout_ms);

	if (ret < 0)
		return -errno;
	return ret ? pfd.revents : 0;
}

int sct_notif_wait(int listener, int timeout_ms)
{
	int revents = sct_notif_poll(listener, POLLIN, timeout_ms);

	if (revents < 0)
		return revents;
	if (revents & POLLIN)
		return 0;
	/* POLLHUP without POLLIN: nobody is left to notify us. */
	return revents & POLLHUP ? -ESRCH : -ETIMEDOUT;
}

int sct_notif_recv(int listener, struct seccomp_notif *req, int timeout_ms)
{
	int ret = sct_notif_wait(listener, timeout_ms);

	if (ret)
		return ret;
	memset(req, 0, sizeof(*req));
	return ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, req) ? -errno : 0;
}

int sct_notif_send(int listener, uint64_t id, int64_t val, int32_t error, uint32_t flags)
{
	struct seccomp_notif_resp resp = { .id = id, .val = val, .error = error, .flags = flags };

	return ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) ? -errno : 0;
}

int sct_notif_id_valid(int listener, unsigned long cmd, uint64_t id)
{
	return ioctl(listener, cmd, &id) ? -errno : 0;
}

int sct_notif_addfd(int listener, uint64_t id, int srcfd, uint32_t newfd,
		    uint32_t flags, uint32_t newfd_flags)
{
	struct seccomp_notif_addfd a = {
		.id = id, .flags = flags, .srcfd = (uint32_t)srcfd,
		.newfd = newfd, .newfd_flags = newfd_flags,
	};
	int ret = ioctl(listener, SECCOMP_IOCTL_NOTIF_ADDFD, &a);

	return ret < 0 ? -errno : ret;
}

bool sct_wait_slot(const volatile long *slot, int timeout_ms)
{
	long deadline = now_ms() + timeout_ms;
	useconds_t us = 50;

	while (!*slot) {
		if (now_ms() > deadline)
			return false;
		nap(&us);
	}
	return true;
}

int sct_waitpid_timeout(pid_t pid, int *status, int timeout_ms)
{
	long deadline = now_ms() + timeout_ms;
	useconds_t us = 50;

	for (;;) {
		pid_t w = waitpid(pid, status, WNOHANG | __WALL);

		if (w == pid)
			return 0;
		if (w < 0 && errno != EINTR)
			return -errno;
		if (now_ms() > deadline)
			return -ETIMEDOUT;
		nap(&us);
	}
}

int sct_sig_pending(pid_t tid, int sig)
{
	char path[64], line[256];
	unsigned long long mask, bit = 1ULL << (sig - 1);
	int found = 0, pending = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	fp = fopen(path, "re");
	if (!fp)
		return -errno;
	while (fgets(line, sizeof(line), fp)) {
		if (sscanf(line, "SigPnd: %llx", &mask) == 1 ||
		    sscanf(line, "ShdPnd: %llx", &mask) == 1) {
			found++;
			pending |= !!(mask & bit);
		}
	}
	fclose(fp);
	return found ? pending : -ENODATA;
}

int sct_wait_sig_pending(pid_t tid, int sig, int timeout_ms)
{
	long deadline = now_ms() + timeout_ms;
	useconds_t us = 50;

	for (;;) {
		int ret = sct_sig_pending(tid, sig);

		if (ret)
			return ret < 0 ? ret : 0;
		if (now_ms() > deadline)
			return -ETIMEDOUT;
		nap(&us);
	}
}

const char *sct_result_str(long v, char *buf, size_t len)
{
	if (v < 0 && v >= -4095 && strerrorname_np((int)-v))
		snprintf(buf, len, "-%s", strerrorname_np((int)-v));
	else
		snprintf(buf, len, "%ld", v);
	return buf;
}

long sct_notif_addfd_sized(int listener, const void *buf, unsigned int size)
{
	long ret = ioctl(listener, _IOC(_IOC_WRITE, SECCOMP_IOC_MAGIC, 3, size), buf);

	return ret < 0 ? -errno : ret;
}

int sct_pin_to_current_cpu(void)
{
	int cpu = sched_getcpu();
	cpu_set_t set;

	if (cpu < 0)
		return -errno;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) ? -errno : 0;
}

int sct_task_sleep_state(pid_t pid, bool *asleep, long *switches)
{
	char path[64], buf[4096];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n <= 0)
		return n ? (int)n : -ENODATA;
	buf[n] = '\0';
	*asleep = strstr(buf, "\nState:\tS") != NULL;
	return sct_status_value(buf, "voluntary_ctxt_switches", switches);
}

int sct_wait_task_blocked(pid_t pid, long after, long *switches,
			  const volatile long *stop, int timeout_ms)
{
	long deadline = now_ms() + timeout_ms;
	useconds_t us = 50;

	for (;;) {
		bool asleep;
		int ret = sct_task_sleep_state(pid, &asleep, switches);

		if (ret)
			return ret;
		if ((asleep && *switches > after) || *stop)
			return 0;
		if (now_ms() > deadline)
			return -ETIMEDOUT;
		nap(&us);
	}
}

#define RACE_CALLER_PRIO 99
#define RACE_RACER_PRIO 50

static void race_lower(pid_t target)
{
	struct sched_param other = { .sched_priority = 0 };

	/* the target first: while the caller is FIFO it cannot run yet */
	sched_setscheduler(target, SCHED_OTHER, &other);
	sched_setscheduler(0, SCHED_OTHER, &other);
}

static void *racer_main(void *p)
{
	struct sct_racer *r = p;

	/* FIFO 50 under a runnable FIFO 99 caller: yielding hands it the CPU */
	while (!__atomic_load_n(&r->armed, __ATOMIC_ACQUIRE))
		sched_yield();
	r->fn(r->arg);
	return NULL;
}

int sct_race_start(struct sct_racer *r, pid_t target, void (*fn)(void *), void *arg)
{
	struct sched_param idle = { .sched_priority = 0 };
	struct sched_param caller = { .sched_priority = RACE_CALLER_PRIO };
	struct sched_param racer = { .sched_priority = RACE_RACER_PRIO };
	pthread_attr_t attr;
	int err;

	*r = (struct sct_racer){ .fn = fn, .arg = arg, .target = target };
	if (sched_setscheduler(target, SCHED_IDLE, &idle) ||
	    sched_setscheduler(0, SCHED_FIFO, &caller)) {
		err = -errno;
		race_lower(target);
		return err;
	}
	pthread_attr_init(&attr);
	pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
	pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
	pthread_attr_setschedparam(&attr, &racer);
	err = -pthread_create(&r->thread, &attr, racer_main, r);
	pthread_attr_destroy(&attr);
	if (err)
		race_lower(target);
	return err;
}

void sct_race_arm(struct sct_racer *r)
{
	__atomic_store_n(&r->armed, 1, __ATOMIC_RELEASE);
}

void sct_race_end(struct sct_racer *r)
{
	race_lower(r->target);
	pthread_join(r->thread, NULL);
}
