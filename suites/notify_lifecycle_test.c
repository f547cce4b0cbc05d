// SPDX-License-Identifier: GPL-2.0-only
/*
 * notify_lifecycle_test - SECCOMP_RET_USER_NOTIF beyond the single round
 * trip of notify_test: the listener closed under a waiting call (or just
 * after its reply), a RECV that faults, the order notifications are received
 * in, pids across pid and user namespaces, when POLLHUP comes, and fatal
 * signals under WAIT_KILLABLE_RECV. (notify_abi_test has the ioctls'
 * answers to bad requests, raw reply values and the seccomp_data a
 * notification carries.)
 *
 * Each case runs in a fresh supervisor (sct_run_child) that spawns a target
 * (sct_notif_spawn) whose getppid() is notified. Both write into the shared
 * report; the test asserts afterwards. No wait is without a deadline.
 */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "notif.h"
#include "suite.h"

#define NOTIFIED_NR __NR_getppid
#define WAIT_MS SCT_NOTIF_WAIT_MS
#define KILLABLE SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define EXPECT_RESULT SCT_EXPECT_RESULT

/* Every case needs USER_NOTIF and NEW_LISTENER; `extra` is one more
 * feature (SCT_F_FILTER_MODE, the zero value, adds nothing). */
#define REQUIRE_NOTIF(extra) do {					\
	SCT_REQUIRE(SCT_F_RET_USER_NOTIF);				\
	SCT_REQUIRE(SCT_F_FLAG_NEW_LISTENER);				\
	SCT_REQUIRE(extra);						\
} while (0)

/* The supervisor ran to its end, its set-up not broken. */
#define RUN(fn, arg, out) do {						\
	ASSERT_EQ(0, sct_run_child((fn), (void *)(arg), 0, &(out)));	\
	ASSERT_EXITED(out, 0);						\
} while (0)

/* ---- small helpers ----------------------------------------------------------- */

/* The notified call with a first argument: its result, or -errno. */
static long notified_call(long arg0)
{
	long r = syscall(NOTIFIED_NR, arg0);

	return r == -1 ? -errno : r;
}

static void set_slot(long *slot, long v)
{
	__atomic_store_n(slot, v, __ATOMIC_RELEASE);
}

/* Spawn a target whose getppid() notifies the listener *fd. */
static pid_t spawn_target(struct sct_report *rep, unsigned long flags, sct_child_fn fn,
			  void *arg, int *fd)
{
	struct sct_filter *f = sct_filter_for_nr(NOTIFIED_NR, SECCOMP_RET_USER_NOTIF,
						 SECCOMP_RET_ALLOW);
	pid_t pid = sct_notif_spawn(f, flags, fn, rep, arg, fd);

	sct_filter_free(f);
	if (pid < 0)
		errno = -pid;
	return pid;
}

/* The scheduler state of thread tid of process pid ('S', 'Z', ...), or 0
 * when the thread is gone (/proc/PID/task/TID/stat: after the last ')'). */
static char thread_state(pid_t pid, pid_t tid)
{
	char path[64], buf[512], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

/* Wait until thread_state(pid, tid) == want: 0 or -ETIMEDOUT. */
static int wait_thread_state(pid_t pid, pid_t tid, char want, int timeout_ms)
{
	for (int waited = 0; thread_state(pid, tid) != want; waited++) {
		if (waited >= timeout_ms)
			return -ETIMEDOUT;
		usleep(1000);
	}
	return 0;
}

/* ---- the listener closed ------------------------------------------------------ */

/*
 * seccomp_notify_release -> seccomp_notify_detach: closing the last fd of
 * the listener answers every unreplied notification (received or not) with
 * -ENOSYS and frees filter->notif; from then on seccomp_do_user_notification
 * finds no notif and returns -ENOSYS at once, like USER_NOTIF without a
 * listener.
 */
enum close_when { CLOSE_BEFORE_CALL, CLOSE_WHILE_UNRECEIVED, CLOSE_WHILE_RECEIVED };
FIXTURE(listener_closed) {};
FIXTURE_VARIANT(listener_closed) { enum close_when when; };
FIXTURE_VARIANT_ADD(listener_closed, before_the_call) { .when = CLOSE_BEFORE_CALL };
FIXTURE_VARIANT_ADD(listener_closed, while_unreceived) { .when = CLOSE_WHILE_UNRECEIVED };
FIXTURE_VARIANT_ADD(listener_closed, while_received) { .when = CLOSE_WHILE_RECEIVED };
FIXTURE_SETUP(listener_closed) {}
FIXTURE_TEARDOWN(listener_closed) {}

struct notify_lifecycle_lc_report {
	long go;
	long first;
	long second;
	long done;
	long prep;
	long early;
};

static int closed_target(struct sct_report *rep, void *arg)
{
	struct notify_lifecycle_lc_report *res = SCT_REPORT(rep, struct notify_lifecycle_lc_report);
	(void)arg;
	if (!sct_wait_slot(&res->go, WAIT_MS))
		return sct_report_broken(rep, "target: wait for the supervisor");
	res->first = notified_call(1);
	res->second = notified_call(2);
	set_slot(&res->done, 1);
	return 0;
}

static int closed_supervisor(struct sct_report *rep, void *arg)
{
	struct notify_lifecycle_lc_report *res = SCT_REPORT(rep, struct notify_lifecycle_lc_report);
	const enum close_when *when = arg;
	struct seccomp_notif req;
	int fd;
	pid_t t = spawn_target(rep, 0, closed_target, NULL, &fd);

	if (t < 0)
		return sct_report_broken(rep, "spawn a target");
	if (*when == CLOSE_BEFORE_CALL)
		close(fd);
	set_slot(&res->go, 1);
	if (*when == CLOSE_WHILE_UNRECEIVED)
		res->prep = sct_notif_wait(fd, WAIT_MS);
	if (*when == CLOSE_WHILE_RECEIVED)
		res->prep = sct_notif_recv(fd, &req, WAIT_MS);
	if (*when != CLOSE_BEFORE_CALL) {
		res->early = res->first;	/* 0 while blocked */
		close(fd);
	}
	sct_wait_slot(&res->done, WAIT_MS);
	if (sct_waitpid_timeout(t, NULL, WAIT_MS))
		return sct_report_broken(rep, "reap the target");
	return 0;
}

TEST_F(listener_closed, calls_fail_enosys)
{
	struct sct_outcome out;
	const struct notify_lifecycle_lc_report *res = SCT_REPORT(&out.rep, struct notify_lifecycle_lc_report);

	REQUIRE_NOTIF(SCT_F_FILTER_MODE);
	RUN(closed_supervisor, &variant->when, out);
	ASSERT_EQ(0, res->prep) TH_LOG("the call was never notified");
	ASSERT_EQ(0, res->early) TH_LOG("the call returned before the close");
	ASSERT_TRUE(res->done) TH_LOG("the target's calls never returned");
	EXPECT_RESULT(-ENOSYS, res->first, "the call waiting at (or made after) the close");
	EXPECT_RESULT(-ENOSYS, res->second, "the next call");
}

/*
 * A reply sent just before the close: seccomp_notify_detach skips a
 * notification already REPLIED, so the call returns the reply although the
 * close came before the target ran again; the next call is ENOSYS. The
 * supervisor runs SCHED_FIFO on the target's CPU (when allowed), so the
 * woken target runs only after the close; the result is the same either way.
 */
struct notify_lifecycle_lr_report {
	struct notify_lifecycle_lc_report base;	/* the closing experiment's results */
	long send;
};

static int reply_close_supervisor(struct sct_report *rep, void *arg)
{
	struct notify_lifecycle_lc_report *res = SCT_REPORT(rep, struct notify_lifecycle_lc_report);
	struct sched_param fifo = { .sched_priority = 1 }, other = { 0 };
	struct seccomp_notif req;
	cpu_set_t one;
	int fd;
	pid_t t = spawn_target(rep, 0, closed_target, NULL, &fd);

	(void)arg;
	if (t < 0)
		return sct_report_broken(rep, "spawn a target");
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu(), &one);
	if (!sched_setaffinity(0, sizeof(one), &one) && !sched_setaffinity(t, sizeof(one), &one))
		sched_setscheduler(0, SCHED_FIFO, &fifo);
	set_slot(&res->go, 1);
	res->prep = sct_notif_recv(fd, &req, WAIT_MS);
	if (res->prep == 0)
		SCT_REPORT(rep, struct notify_lifecycle_lr_report)->send = sct_notif_send(fd, req.id, 42, 0, 0);
	close(fd);
	sched_setscheduler(0, SCHED_OTHER, &other);
	sct_wait_slot(&res->done, WAIT_MS);
	if (sct_waitpid_timeout(t, NULL, WAIT_MS))
		return sct_report_broken(rep, "reap the target");
	return 0;
}

TEST(listener_closed_after_the_reply_keeps_it)
{
	struct sct_outcome out;
	const struct notify_lifecycle_lc_report *res = SCT_REPORT(&out.rep, struct notify_lifecycle_lc_report);

	REQUIRE_NOTIF(SCT_F_FILTER_MODE);
	RUN(reply_close_supervisor, NULL, out);
	ASSERT_EQ(0, res->prep) TH_LOG("the call was never notified");
	ASSERT_EQ(0, SCT_REPORT(&out.rep, struct notify_lifecycle_lr_report)->send) TH_LOG("the reply failed");
	ASSERT_TRUE(res->done) TH_LOG("the target's calls never returned");
	EXPECT_RESULT(42, res->first, "the call answered before the close");
	EXPECT_RESULT(-ENOSYS, res->second, "the next call");
}

/* ---- NOTIF_RECV into a bad buffer --------------------------------------------- */

/*
 * seccomp_notify_recv: check_zeroed_user() reads the buffer first, so an
 * unreadable one is EFAULT before any notification is taken. A readable but
 * read-only (zero) page passes that check; the notification is marked SENT,
 * copy_to_user fails, and the kernel puts it back to INIT (requests + 1,
 * POLLIN again, with WAIT_KILLABLE_RECV the target is woken to wait
 * interruptibly again). Either way the next RECV gets the same call with the
 * same id and the reply completes it.
 */
enum bad_buf { BUF_PROT_NONE, BUF_UNMAPPED, BUF_READ_ONLY };
FIXTURE(recv_fault) {};
FIXTURE_VARIANT(recv_fault) {
	enum bad_buf buf;
	unsigned long flags;
	enum sct_feature needs;
};
FIXTURE_VARIANT_ADD(recv_fault, prot_none_page) { .buf = BUF_PROT_NONE };
FIXTURE_VARIANT_ADD(recv_fault, unmapped_page) { .buf = BUF_UNMAPPED };
FIXTURE_VARIANT_ADD(recv_fault, read_only_zero_page) { .buf = BUF_READ_ONLY };
FIXTURE_VARIANT_ADD(recv_fault, read_only_zero_page_wait_killable) {
	.buf = BUF_READ_ONLY, .flags = KILLABLE, .needs = SCT_F_FLAG_WAIT_KILLABLE_RECV };
FIXTURE_SETUP(recv_fault) {}
FIXTURE_TEARDOWN(recv_fault) {}

struct notify_lifecycle_rf_report {
	long ret1;
	long ret2;
	long done;
	long prep;
	long bad;
	long id_valid;
	long poll;
	long recv2;
	long id_step;
	long nr;
	long arg0;
	long send2;
};

static int two_calls_target(struct sct_report *rep, void *arg)
{
	struct notify_lifecycle_rf_report *res = SCT_REPORT(rep, struct notify_lifecycle_rf_report);
	(void)arg;
	res->ret1 = notified_call(1);
	res->ret2 = notified_call(2);
	set_slot(&res->done, 1);
	return 0;
}

static void *bad_buffer(enum bad_buf kind)
{
	long page = sysconf(_SC_PAGESIZE);
	void *p = mmap(NULL, page, kind == BUF_READ_ONLY ? PROT_READ : PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p != MAP_FAILED && kind == BUF_UNMAPPED && munmap(p, page))
		return MAP_FAILED;
	return p;
}

static int recv_fault_supervisor(struct sct_report *rep, void *arg)
{
	struct notify_lifecycle_rf_report *res = SCT_REPORT(rep, struct notify_lifecycle_rf_report);
	const FIXTURE_VARIANT(recv_fault) *v = arg;
	struct seccomp_notif req;
	void *bad = bad_buffer(v->buf);
	uint64_t first;
	int fd;
	pid_t t;

	if (bad == MAP_FAILED)
		return sct_report_broken(rep, "mmap the bad buffer");
	t = spawn_target(rep, v->flags, two_calls_target, NULL, &fd);
	if (t < 0)
		return sct_report_broken(rep, "spawn a target");
	/* the first call is received normally: its id is the one before */
	res->prep = sct_notif_recv(fd, &req, WAIT_MS) ?:
			    sct_notif_send(fd, req.id, 11, 0, 0) ?: sct_notif_wait(fd, WAIT_MS);
	if (res->prep)
		return 0;
	first = req.id;
	res->bad = ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, bad) ? -errno : 0;
	res->id_valid = sct_notif_id_valid(fd, SECCOMP_IOCTL_NOTIF_ID_VALID, first + 1);
	res->poll = sct_notif_poll(fd, POLLIN | POLLOUT, 0);
	res->recv2 = sct_notif_recv(fd, &req, WAIT_MS);
	if (res->recv2)
		return 0;
	res->id_step = (long)(req.id - first);
	res->nr = req.data.nr;
	res->arg0 = (long)req.data.args[0];
	res->send2 = sct_notif_send(fd, req.id, 77, 0, 0);
	sct_wait_slot(&res->done, WAIT_MS);
	return 0;
}

TEST_F(recv_fault, efault_keeps_the_notification)
{
	struct sct_outcome out;
	const struct notify_lifecycle_rf_report *res = SCT_REPORT(&out.rep, struct notify_lifecycle_rf_report);

	REQUIRE_NOTIF(variant->needs);
	RUN(recv_fault_supervisor, variant, out);
	ASSERT_EQ(0, res->prep) TH_LOG("first round trip or second notification failed");
	EXPECT_RESULT(-EFAULT, res->bad, "NOTIF_RECV into the bad buffer");
	EXPECT_RESULT(-ENOENT, res->id_valid, "ID_VALID: the call is not SENT");
	EXPECT_EQ(POLLIN, res->poll) TH_LOG("poll: 0x%lx, the call no longer pending",
						       res->poll);
	ASSERT_EQ(0, res->recv2) TH_LOG("the notification was lost");
	EXPECT_EQ(1, res->id_step) TH_LOG("not the same id (seccomp_next_notify_id + 1)");
	EXPECT_EQ(NOTIFIED_NR, res->nr);
	EXPECT_EQ(2, res->arg0) TH_LOG("not the second call");
	EXPECT_RESULT(0, res->send2, "the reply");
	EXPECT_EQ(11, res->ret1);
	EXPECT_EQ(77, res->ret2) TH_LOG("the faulted call did not get the reply");
}

/* ---- FIFO ---------------------------------------------------------------------- */

/*
 * seccomp_do_user_notification appends each notification (list_add_tail,
 * the next id) and seccomp_notify_recv takes the first INIT one: calls are
 * received in the order they arrived, whatever order their threads were
 * made in, and each reply goes to its own call. Arrival is made certain by
 * starting a thread only when the one before sleeps in its call.
 */
#define FIFO_N 3
FIXTURE(fifo) {};
FIXTURE_VARIANT(fifo) { int order[FIFO_N]; };
FIXTURE_VARIANT_ADD(fifo, arrival_in_creation_order) { .order = { 0, 1, 2 } };
FIXTURE_VARIANT_ADD(fifo, arrival_out_of_creation_order) { .order = { 2, 0, 1 } };
FIXTURE_SETUP(fifo) {}
FIXTURE_TEARDOWN(fifo) {}

/* Per thread i: let go, its tid, its call's result; per receive k: the
 * thread it was (args[0]) and its id's step from the first. */
struct notify_lifecycle_fi_report {
	long go[FIFO_N], tid[FIFO_N], ret[FIFO_N];
	long arg[FIFO_N], step[FIFO_N];
	long prep;
};
#define FIFO_REPLY 100

static struct sct_report *fifo_rep;

static void *fifo_thread(void *p)
{
	long i = (long)p;
	long tid;

	if (!sct_wait_slot(&SCT_REPORT(fifo_rep, struct notify_lifecycle_fi_report)->go[i], 3 * WAIT_MS))
		return NULL;
	tid = syscall(__NR_gettid);	/* also binds syscall() before the call */
	set_slot(&SCT_REPORT(fifo_rep, struct notify_lifecycle_fi_report)->tid[i], tid);
	SCT_REPORT(fifo_rep, struct notify_lifecycle_fi_report)->ret[i] = notified_call(i);
	return NULL;
}

static int fifo_target(struct sct_report *rep, void *arg)
{
	pthread_t th[FIFO_N];

	(void)arg;
	fifo_rep = rep;
	for (long i = 0; i < FIFO_N; i++)
		if (pthread_create(&th[i], NULL, fifo_thread, (void *)i))
			return sct_report_broken(rep, "target: pthread_create");
	for (int i = 0; i < FIFO_N; i++)
		pthread_join(th[i], NULL);
	return 0;
}

/* Start thread `i` and wait until it sleeps in its notified call. */
static bool fifo_start(struct sct_report *rep, pid_t t, int i)
{
	struct notify_lifecycle_fi_report *res = SCT_REPORT(rep, struct notify_lifecycle_fi_report);
	set_slot(&res->go[i], 1);
	return sct_wait_slot(&res->tid[i], WAIT_MS) &&
	       !wait_thread_state(t, (pid_t)res->tid[i], 'S', WAIT_MS);
}

static int fifo_supervisor(struct sct_report *rep, void *arg)
{
	struct notify_lifecycle_fi_report *res = SCT_REPORT(rep, struct notify_lifecycle_fi_report);
	const int *order = arg;
	struct seccomp_notif req[FIFO_N];
	int fd;
	pid_t t = spawn_target(rep, 0, fifo_target, NULL, &fd);

	if (t < 0)
		return sct_report_broken(rep, "spawn a target");
	for (int k = 0; k < FIFO_N; k++)
		if (!fifo_start(rep, t, order[k])) {
			res->prep = k + 1;
			return 0;
		}
	for (int k = 0; k < FIFO_N; k++) {
		long r = sct_notif_recv(fd, &req[k], WAIT_MS);

		res->arg[k] = r ?: (long)req[k].data.args[0];
		res->step[k] = (long)(req[k].id - req[0].id);
		if (r)
			return 0;
	}
	for (int k = 0; k < FIFO_N; k++)
		sct_notif_send(fd, req[k].id, FIFO_REPLY + (long)req[k].data.args[0], 0, 0);
	for (int i = 0; i < FIFO_N; i++)
		sct_wait_slot(&res->ret[i], WAIT_MS);
	return 0;
}

TEST_F(fifo, received_in_arrival_order)
{
	struct sct_outcome out;
	const struct notify_lifecycle_fi_report *res = SCT_REPORT(&out.rep, struct notify_lifecycle_fi_report);

	REQUIRE_NOTIF(SCT_F_FILTER_MODE);
	RUN(fifo_supervisor, variant->order, out);
	ASSERT_EQ(0, res->prep) {
		TH_LOG("the %ld. thread to call never slept in its call", res->prep);
	}
	for (int k = 0; k < FIFO_N; k++) {
		EXPECT_EQ(variant->order[k], res->arg[k]) {
			TH_LOG("receive %d: the call of thread %ld (negative: RECV's -errno), "
			       "expected thread %d", k, res->arg[k], variant->order[k]);
		}
		EXPECT_EQ(k, res->step[k]) TH_LOG("receive %d: id not first + %d", k, k);
	}
	for (int i = 0; i < FIFO_N; i++) {
		EXPECT_EQ(FIFO_REPLY + i, res->ret[i]) TH_LOG("thread %d: wrong reply", i);
	}
}

/* ---- pid and user namespaces --------------------------------------------------- */

/*
 * seccomp_notify_recv: pid = task_pid_vnr(target), the target's pid in the
 * supervisor's pid namespace: the number fork() returned to the supervisor,
 * not the 1 the target has in its own new namespace. (notify_test has the
 * reverse: a target outside the supervisor's namespace is pid 0.)
 */
FIXTURE(target_pidns) {};
FIXTURE_VARIANT(target_pidns) { int unshare; bool needs_root; };
FIXTURE_VARIANT_ADD(target_pidns, child_pidns) { .unshare = CLONE_NEWPID, .needs_root = true };
FIXTURE_VARIANT_ADD(target_pidns, child_userns_and_pidns) {
	.unshare = CLONE_NEWUSER | CLONE_NEWPID };
FIXTURE_SETUP(target_pidns) {}
FIXTURE_TEARDOWN(target_pidns) {}

struct notify_lifecycle_pn_report {
	long unshare;
	long fork_pid;
	long recv;
	long pid;
	long send;
	long own_pid;
	long ret;
	long done;
};

static int pidns_target(struct sct_report *rep, void *arg)
{
	struct notify_lifecycle_pn_report *res = SCT_REPORT(rep, struct notify_lifecycle_pn_report);
	(void)arg;
	res->own_pid = syscall(__NR_getpid);
	res->ret = notified_call(0);
	set_slot(&res->done, 1);
	return 0;
}

static int pidns_supervisor(struct sct_report *rep, void *arg)
{
	struct notify_lifecycle_pn_report *res = SCT_REPORT(rep, struct notify_lifecycle_pn_report);
	const int *flags = arg;
	struct seccomp_notif req;
	int fd;
	pid_t t;

	res->unshare = unshare(*flags) ? -errno : 0;
	if (res->unshare)
		return 0;
	t = spawn_target(rep, 0, pidns_target, NULL, &fd);	/* pid 1 in the new ns */
	if (t < 0)
		return sct_report_broken(rep, "spawn a target");
	res->fork_pid = t;
	res->recv = sct_notif_recv(fd, &req, WAIT_MS);
	if (res->recv)
		return 0;
	res->pid = req.pid;
	res->send = sct_notif_send(fd, req.id, 21, 0, 0);
	sct_wait_slot(&res->done, WAIT_MS);
	return 0;
}

TEST_F(target_pidns, recv_pid_is_the_supervisors_view)
{
	struct sct_outcome out;
	const struct notify_lifecycle_pn_report *res = SCT_REPORT(&out.rep, struct notify_lifecycle_pn_report);

	if (variant->needs_root)
		SCT_REQUIRE_CAP(CAP_SYS_ADMIN);
	REQUIRE_NOTIF(SCT_F_FILTER_MODE);
	RUN(pidns_supervisor, &variant->unshare, out);
	if (res->unshare && !variant->needs_root) {
		SKIP(return, "user namespaces unavailable to this process (unshare(CLONE_NEWUSER|"
		     "CLONE_NEWPID): %s)", strerrorname_np((int)-res->unshare));
	}
	ASSERT_EQ(0, res->unshare) TH_LOG("unshare failed");
	EXPECT_EQ(1, res->own_pid) TH_LOG("the target is not pid 1 of its namespace");
	ASSERT_EQ(0, res->recv) TH_LOG("the supervisor received nothing");
	EXPECT_EQ(res->fork_pid, res->pid) {
		TH_LOG("seccomp_notif.pid %ld, fork() returned %ld", res->pid,
		       res->fork_pid);
	}
	EXPECT_RESULT(0, res->send, "the reply");
	EXPECT_EQ(21, res->ret);
}

/*
 * seccomp_prepare_filter: without no_new_privs a filter needs
 * ns_capable_noaudit(current_user_ns(), CAP_SYS_ADMIN), so the full
 * capability set a new user namespace gives is enough (also for a listener,
 * at the lowest free fd, init_listener + get_unused_fd_flags); the same
 * namespace with CAP_SYS_ADMIN dropped from the effective set is EACCES.
 */
FIXTURE(userns_install) {};
FIXTURE_VARIANT(userns_install) { bool drop_cap; long want; };
#define WANT_LOWEST_FD 1L
FIXTURE_VARIANT_ADD(userns_install, cap_sys_admin_without_nnp_gets_listener) {
	.want = WANT_LOWEST_FD };
FIXTURE_VARIANT_ADD(userns_install, cap_dropped_without_nnp_eacces) {
	.drop_cap = true, .want = -EACCES };
FIXTURE_SETUP(userns_install) {}
FIXTURE_TEARDOWN(userns_install) {}

struct notify_lifecycle_ui_report {
	long unshare;
	long lowest;
	long ret;
	long nnp;
};

static int userns_install_child(struct sct_report *rep, void *arg)
{
	struct notify_lifecycle_ui_report *res = SCT_REPORT(rep, struct notify_lifecycle_ui_report);
	const bool *drop = arg;
	struct sct_filter *f = sct_filter_for_nr(NOTIFIED_NR, SECCOMP_RET_USER_NOTIF,
						 SECCOMP_RET_ALLOW);
	struct sock_fprog prog;
	int lowest;

	if (sct_filter_build(f, &prog))
		return sct_report_broken(rep, "build the filter");
	res->unshare = unshare(CLONE_NEWUSER) ? -errno : 0;
	if (res->unshare)
		return 0;
	if (*drop && sct_drop_cap(CAP_SYS_ADMIN))
		return sct_report_broken(rep, "drop CAP_SYS_ADMIN");
	lowest = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (lowest < 0)
		return sct_report_broken(rep, "open /dev/null");
	close(lowest);
	res->lowest = lowest;
	res->ret = sct_install(&prog, SECCOMP_FILTER_FLAG_NEW_LISTENER);
	res->nnp = sct_get_nnp();
	sct_filter_free(f);
	return 0;
}

TEST_F(userns_install, new_listener_without_nnp)
{
	struct sct_outcome out;
	const struct notify_lifecycle_ui_report *res = SCT_REPORT(&out.rep, struct notify_lifecycle_ui_report);
	long got;

	REQUIRE_NOTIF(SCT_F_FILTER_MODE);
	RUN(userns_install_child, &variant->drop_cap, out);
	if (res->unshare) {
		SKIP(return, "user namespaces unavailable to this process (unshare(CLONE_NEWUSER): %s)",
		     strerrorname_np((int)-res->unshare));
	}
	got = res->ret;
	if (variant->want == WANT_LOWEST_FD)
		got = got == res->lowest ? WANT_LOWEST_FD : got;
	EXPECT_RESULT(variant->want, got, "NEW_LISTENER without NNP (1: the lowest free fd)");
	EXPECT_EQ(0, res->nnp) TH_LOG("no_new_privs was set on the way");
}

/* ---- POLLHUP ------------------------------------------------------------------- */

/*
 * seccomp_notify_poll adds EPOLLHUP only when filter->users is 0. Every
 * task using the filter holds a user (fork and clone via get_seccomp_filter)
 * and drops it in do_exit (seccomp_filter_release -> __seccomp_filter_release
 * -> __seccomp_filter_orphan): a forked child or one thread still alive
 * keeps the listener from hanging up, whichever task exited first.
 */
enum hup_case { FORKED_CHILD_OUTLIVES, THREAD_OUTLIVES_LEADER, LEADER_OUTLIVES_THREAD };
FIXTURE(pollhup) {};
FIXTURE_VARIANT(pollhup) { enum hup_case c; };
FIXTURE_VARIANT_ADD(pollhup, forked_child_outlives_target) { .c = FORKED_CHILD_OUTLIVES };
FIXTURE_VARIANT_ADD(pollhup, thread_outlives_exited_leader) { .c = THREAD_OUTLIVES_LEADER };
FIXTURE_VARIANT_ADD(pollhup, leader_outlives_exited_thread) { .c = LEADER_OUTLIVES_THREAD };
FIXTURE_SETUP(pollhup) {}
FIXTURE_TEARDOWN(pollhup) {}

struct notify_lifecycle_hu_report {
	long other;
	long go;
	long prep;
	long before;
	long reaped;
	long after;
};

static struct sct_report *hup_rep;

static void *hup_thread(void *p)
{
	set_slot(&SCT_REPORT(hup_rep, struct notify_lifecycle_hu_report)->other, syscall(__NR_gettid));
	if (*(enum hup_case *)p == LEADER_OUTLIVES_THREAD)
		syscall(__NR_exit, 0);			/* this thread only */
	sct_wait_slot(&SCT_REPORT(hup_rep, struct notify_lifecycle_hu_report)->go, 3 * WAIT_MS);
	syscall(__NR_exit_group, 0);
	return NULL;
}

static int hup_target(struct sct_report *rep, void *arg)
{
	struct notify_lifecycle_hu_report *res = SCT_REPORT(rep, struct notify_lifecycle_hu_report);
	enum hup_case *c = arg;
	pthread_t th;
	pid_t pid;

	hup_rep = rep;
	if (*c != FORKED_CHILD_OUTLIVES) {
		if (pthread_create(&th, NULL, hup_thread, c))
			return sct_report_broken(rep, "target: pthread_create");
		sct_wait_slot(&res->other, WAIT_MS);
		if (*c == THREAD_OUTLIVES_LEADER)
			syscall(__NR_exit, 0);		/* the leader only: a zombie */
		sct_wait_slot(&res->go, 3 * WAIT_MS);
		return 0;
	}
	pid = fork();
	if (pid < 0)
		return sct_report_broken(rep, "target: fork");
	if (pid == 0) {
		set_slot(&res->other, getpid());
		sct_wait_slot(&res->go, 3 * WAIT_MS);
		_exit(0);
	}
	sct_wait_slot(&res->other, WAIT_MS);
	return 0;
}

/* Let the first task end; the survivor's pid (or the target's) to reap. */
static pid_t hup_first_exit(struct sct_report *rep, enum hup_case c, pid_t t)
{
	struct notify_lifecycle_hu_report *res = SCT_REPORT(rep, struct notify_lifecycle_hu_report);
	pid_t other = (pid_t)res->other;

	if (c == FORKED_CHILD_OUTLIVES) {
		res->prep = sct_waitpid_timeout(t, NULL, WAIT_MS);
		return other;		/* reparented to us, the subreaper */
	}
	if (c == THREAD_OUTLIVES_LEADER)
		res->prep = wait_thread_state(t, t, 'Z', WAIT_MS);
	else
		res->prep = wait_thread_state(t, other, 0, WAIT_MS);
	return t;
}

static int hup_supervisor(struct sct_report *rep, void *arg)
{
	struct notify_lifecycle_hu_report *res = SCT_REPORT(rep, struct notify_lifecycle_hu_report);
	enum hup_case *c = arg;
	pid_t t, last;
	int fd;

	if (prctl(PR_SET_CHILD_SUBREAPER, 1))
		return sct_report_broken(rep, "PR_SET_CHILD_SUBREAPER");
	t = spawn_target(rep, 0, hup_target, c, &fd);
	if (t < 0)
		return sct_report_broken(rep, "spawn a target");
	if (!sct_wait_slot(&res->other, WAIT_MS))
		return sct_report_broken(rep, "the target's second task did not start");
	last = hup_first_exit(rep, *c, t);
	if (res->prep)
		return 0;
	res->before = sct_notif_poll(fd, POLLIN | POLLOUT, 0);
	set_slot(&res->go, 1);
	res->reaped = sct_waitpid_timeout(last, NULL, WAIT_MS);
	res->after = sct_notif_poll(fd, POLLIN | POLLOUT, 0);
	return 0;
}

TEST_F(pollhup, only_after_every_user_exited)
{
	struct sct_outcome out;
	const struct notify_lifecycle_hu_report *res = SCT_REPORT(&out.rep, struct notify_lifecycle_hu_report);

	REQUIRE_NOTIF(SCT_F_FILTER_MODE);
	RUN(hup_supervisor, &variant->c, out);
	ASSERT_EQ(0, res->prep) TH_LOG("the first task did not end");
	EXPECT_EQ(0, res->before) {
		TH_LOG("poll with one user left: revents 0x%lx, expected none",
		       res->before);
	}
	ASSERT_EQ(0, res->reaped) TH_LOG("the last user did not exit");
	EXPECT_EQ(POLLHUP, res->after) {
		TH_LOG("poll after the last user exited: revents 0x%lx, expected POLLHUP",
		       res->after);
	}
}

/* ---- fatal signals under WAIT_KILLABLE_RECV ------------------------------------ */

/*
 * should_sleep_killable: once received, the call waits in
 * wait_for_completion_killable, which only fatal_signal_pending() ends. A
 * signal whose default action kills without a core (SIGTERM) is made a
 * group kill when sent (complete_signal, kernel/signal.c): the target dies
 * at once and its notification is gone (SEND: ENOENT). A core-dumping
 * default (SIGQUIT) is not turned into SIGKILL there, so the call keeps
 * waiting, the reply is accepted, and the target dies on its way out.
 * (notify_wait_test has SIGKILL and a handled SIGUSR1.)
 */
enum kill_when { DIES_AT_ONCE, DIES_AFTER_REPLY };
FIXTURE(killable_fatal) {};
FIXTURE_VARIANT(killable_fatal) { int sig; enum kill_when when; long want_send; };
FIXTURE_VARIANT_ADD(killable_fatal, sigterm_default_kills_at_once) {
	.sig = SIGTERM, .when = DIES_AT_ONCE, .want_send = -ENOENT };
FIXTURE_VARIANT_ADD(killable_fatal, sigquit_core_default_waits_for_the_reply) {
	.sig = SIGQUIT, .when = DIES_AFTER_REPLY, .want_send = 0 };
FIXTURE_SETUP(killable_fatal) {}
FIXTURE_TEARDOWN(killable_fatal) {}

struct notify_lifecycle_kf_report {
	long done;
	long recv;
	long pending;
	long alive;
	long send;
	long wait;
	long sig;
};
#define KF_GRACE_MS 100

static int killable_target(struct sct_report *rep, void *arg)
{
	sigset_t fatal;

	(void)arg;
	/* no core for SIGQUIT, not even to a core_pattern pipe */
	if (prctl(PR_SET_DUMPABLE, 0))
		return sct_report_broken(rep, "target: PR_SET_DUMPABLE");
	/*
	 * The cases are about the default dispositions: a shell that started
	 * us in the background (a VM's init, a CI job) ignores SIGQUIT, and a
	 * signal ignored at send time is never queued (sig_ignored).
	 */
	sigemptyset(&fatal);
	sigaddset(&fatal, SIGTERM);
	sigaddset(&fatal, SIGQUIT);
	if (signal(SIGTERM, SIG_DFL) == SIG_ERR || signal(SIGQUIT, SIG_DFL) == SIG_ERR ||
	    sigprocmask(SIG_UNBLOCK, &fatal, NULL))
		return sct_report_broken(rep, "target: default SIGTERM/SIGQUIT");
	notified_call(0);
	set_slot(&SCT_REPORT(rep, struct notify_lifecycle_kf_report)->done, 1);
	return 0;
}

static int killable_supervisor(struct sct_report *rep, void *arg)
{
	struct notify_lifecycle_kf_report *res = SCT_REPORT(rep, struct notify_lifecycle_kf_report);
	const FIXTURE_VARIANT(killable_fatal) *v = arg;
	struct seccomp_notif req;
	int fd, status = 0;
	pid_t t = spawn_target(rep, KILLABLE, killable_target, NULL, &fd);

	if (t < 0)
		return sct_report_broken(rep, "spawn a target");
	res->recv = sct_notif_recv(fd, &req, WAIT_MS);
	if (res->recv)
		return 0;
	kill(t, v->sig);
	if (v->when == DIES_AFTER_REPLY) {
		res->pending = sct_wait_sig_pending(t, v->sig, WAIT_MS);
		usleep(KF_GRACE_MS * 1000);
		res->alive = waitpid(t, NULL, WNOHANG) == 0;
		res->send = sct_notif_send(fd, req.id, 5, 0, 0);
	}
	res->wait = sct_waitpid_timeout(t, &status, WAIT_MS);
	res->sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	if (v->when == DIES_AT_ONCE)
		res->send = sct_notif_send(fd, req.id, 5, 0, 0);
	return 0;
}

TEST_F(killable_fatal, after_recv)
{
	struct sct_outcome out;
	const struct notify_lifecycle_kf_report *res = SCT_REPORT(&out.rep, struct notify_lifecycle_kf_report);

	REQUIRE_NOTIF(SCT_F_FLAG_WAIT_KILLABLE_RECV);
	RUN(killable_supervisor, variant, out);
	ASSERT_EQ(0, res->recv) TH_LOG("the target's call was not received");
	if (variant->when == DIES_AFTER_REPLY) {
		ASSERT_EQ(0, res->pending) TH_LOG("the signal never became pending");
		EXPECT_TRUE(res->alive) {
			TH_LOG("SIG%s ended the killable wait before the reply",
			       sigabbrev_np(variant->sig));
		}
	}
	EXPECT_RESULT(variant->want_send, res->send, "the reply to the call");
	ASSERT_EQ(0, res->wait) TH_LOG("the target did not die");
	EXPECT_EQ(variant->sig, res->sig) TH_LOG("died by %ld", res->sig);
	EXPECT_EQ(0, res->done) TH_LOG("the call returned to the target's code");
}

SCT_SUITE_MAIN("SECCOMP_RET_USER_NOTIF lifecycle: the listener closed under a call, a faulting "
	       "RECV, FIFO order, pids across pid and user namespaces, POLLHUP after the last user, "
	       "fatal signals under WAIT_KILLABLE_RECV.")
