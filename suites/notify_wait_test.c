// SPDX-License-Identifier: GPL-2.0-only
/*
 * notify_wait_test - SECCOMP_RET_USER_NOTIF: who waits, and what ends the
 * wait. The supervisor's: poll on the listener, a NOTIF_RECV called or
 * already asleep when the last user of the filter exits, or interrupted by
 * a handled signal. The target's: a
 * signal before or after NOTIF_RECV (EINTR, SA_RESTART renotifies with a
 * new id, SIGKILL), WAIT_KILLABLE_RECV, and signals racing a fast reply
 * under WAIT_KILLABLE_RECV. notify_test has the round trip itself, and
 * notify_lifecycle_test fatal signals other than SIGKILL.
 *
 * Each case runs in a fresh supervisor process (sct_run_child) that spawns a
 * target (sct_notif_spawn): a process whose getppid() is notified to the
 * supervisor. Both write what they saw into the shared report; the test
 * asserts on it afterwards. No wait is without a deadline (lib/notif.h).
 *
 * Behaviour checked against kernel/seccomp.c (seccomp_do_user_notification,
 * should_sleep_killable, seccomp_notify_recv, recv_wait_event,
 * seccomp_notify_poll, __seccomp_filter_orphan).
 */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/time.h>
#include <sys/wait.h>

#include "notif.h"
#include "suite.h"

#define NOTIFIED_NR __NR_getppid
#define WAIT_MS SCT_NOTIF_WAIT_MS

/* What every experiment here reports: the target writes done and
 * signals, the supervisor the rest; each test's report embeds this one. */
struct notify_wait_report {
	long done;	/* the target's last notified call returned */
	long signals;	/* SIGUSR1 handler runs in the target */
	long target;	/* the target's pid */
	long self;	/* the supervisor's pid (the target's parent) */
	long recv;	/* result of the first NOTIF_RECV */
	long go;	/* set: a gated target may make its calls */
};

/* ---- the target ----------------------------------------------------------- */

enum sigusr1_mode { SIGUSR1_DEFAULT, SIGUSR1_HANDLER, SIGUSR1_HANDLER_RESTART };

struct target_spec {
	int calls;			/* notified calls to make; 0: exit at once */
	enum sigusr1_mode sigusr1;
	bool hold;			/* after the calls, stay until killed */
	bool gated;			/* wait for go before calling */
};

static struct sct_report *target_rep;

static void on_sigusr1(int sig)
{
	(void)sig;
	SCT_REPORT(target_rep, struct notify_wait_report)->signals++;
}

static int target_main(struct sct_report *rep, void *arg)
{
	const struct target_spec *t = arg;
	long ret = 0;

	target_rep = rep;
	if (t->sigusr1 != SIGUSR1_DEFAULT) {
		struct sigaction sa = {
			.sa_handler = on_sigusr1,
			.sa_flags = t->sigusr1 == SIGUSR1_HANDLER_RESTART ? SA_RESTART : 0,
		};

		if (sigaction(SIGUSR1, &sa, NULL))
			return sct_report_broken(rep, "target: sigaction(SIGUSR1)");
	}
	if (t->gated && !sct_wait_slot(&SCT_REPORT(rep, struct notify_wait_report)->go, WAIT_MS))
		return sct_report_broken(rep, "target: never let to call");
	for (int i = 0; i < t->calls; i++) {
		ret = syscall(NOTIFIED_NR, 0);
		rep->err = ret == -1 ? errno : 0;
		rep->ret = ret;
	}
	__atomic_store_n(&SCT_REPORT(rep, struct notify_wait_report)->done, 1, __ATOMIC_RELEASE);
	while (t->hold)
		pause();
	return 0;
}

/* ---- the supervisor --------------------------------------------------------- */

struct sup {
	struct sct_report *rep;
	pid_t target;
	int fd;				/* the listener */
	struct seccomp_notif req;	/* the last notification received */
};

/* Spawn a target whose getppid() notifies us; filter flags add to
 * NEW_LISTENER. Returns 0, or the child's exit code for a broken set-up. */
static int sup_start(struct sup *s, struct sct_report *rep, unsigned long flags,
		     const struct target_spec *t)
{
	struct sct_filter *f = sct_filter_for_nr(NOTIFIED_NR, SECCOMP_RET_USER_NOTIF,
						 SECCOMP_RET_ALLOW);

	s->rep = rep;
	s->target = sct_notif_spawn(f, flags, target_main, rep, (void *)t, &s->fd);
	sct_filter_free(f);
	if (s->target < 0) {
		errno = -s->target;
		return sct_report_broken(rep, "spawn a target with a listener");
	}
	SCT_REPORT(rep, struct notify_wait_report)->target = s->target;
	SCT_REPORT(rep, struct notify_wait_report)->self = getpid();
	return 0;
}

/* Receive the target's notification into s->req; the result goes to S_RECV. */
static bool sup_recv(struct sup *s)
{
	SCT_REPORT(s->rep, struct notify_wait_report)->recv = sct_notif_recv(s->fd, &s->req, WAIT_MS);
	return SCT_REPORT(s->rep, struct notify_wait_report)->recv == 0;
}

/* Reply `val` to the last notification and wait for the target to return. */
static long sup_reply(struct sup *s, long val)
{
	long ret = sct_notif_send(s->fd, s->req.id, val, 0, 0);

	sct_wait_slot(&SCT_REPORT(s->rep, struct notify_wait_report)->done, WAIT_MS);
	return ret;
}

/* ---- assertions on what the processes saw -------------------------------- */

#define EXPECT_RESULT SCT_EXPECT_RESULT

/* The supervisor ran to its end without a broken set-up. */
#define RUN_SUPERVISOR(fn, arg, out) do {				\
	ASSERT_EQ(0, sct_run_child((fn), (void *)(arg), 0, &(out)));	\
	ASSERT_EXITED(out, 0);						\
} while (0)

/* ... and received the target's notification. */
#define RUN_RECEIVED(fn, arg, out) do {					\
	RUN_SUPERVISOR(fn, arg, out);					\
	ASSERT_EQ(0, SCT_REPORT(&(out).rep, struct notify_wait_report)->recv) {				\
		char _r[32];						\
		TH_LOG("NOTIF_RECV of the target's call: %s",		\
		       sct_result_str(SCT_REPORT(&(out).rep, struct notify_wait_report)->recv, _r, 32));	\
	}								\
} while (0)

static const char *target_str(const struct sct_outcome *out, char *buf, size_t len)
{
	if (!SCT_REPORT(&out->rep, struct notify_wait_report)->done)
		snprintf(buf, len, "the target's call never returned");
	else if (out->rep.ret == -1)
		snprintf(buf, len, "the target's call failed with %s",
			 strerrorname_np(out->rep.err) ?: "?");
	else
		snprintf(buf, len, "the target's call returned %ld", out->rep.ret);
	return buf;
}

#define EXPECT_TARGET_RET(out, want) do {				\
	char _t[96];							\
	EXPECT_TRUE(SCT_REPORT(&(out).rep, struct notify_wait_report)->done && (out).rep.ret == (long)(want)) { \
		TH_LOG("expected the call to return %ld; %s", (long)(want), \
		       target_str(&(out), _t, sizeof(_t)));		\
	}								\
} while (0)

#define EXPECT_TARGET_ERRNO(out, want) do {				\
	char _t[96];							\
	EXPECT_TRUE(SCT_REPORT(&(out).rep, struct notify_wait_report)->done && (out).rep.ret == -1 &&	\
		    (out).rep.err == (want)) {				\
		TH_LOG("expected the call to fail with %s; %s",	\
		       strerrorname_np(want), target_str(&(out), _t, sizeof(_t))); \
	}								\
} while (0)

#define NEEDS_NOTHING SCT_F_COUNT

/* Every case needs USER_NOTIF and a listener; some need more. */
#define REQUIRE_NOTIF(extra) do {					\
	SCT_REQUIRE(SCT_F_RET_USER_NOTIF);				\
	SCT_REQUIRE(SCT_F_FLAG_NEW_LISTENER);				\
	if ((extra) != NEEDS_NOTHING)					\
		SCT_REQUIRE(extra);					\
} while (0)

static const struct target_spec one_call = { .calls = 1 };

/* ---- poll ---------------------------------------------------------------------------- */

/*
 * seccomp_notify_poll: POLLIN while a notification waits to be received,
 * POLLOUT while one is received and unanswered, POLLHUP once no task uses
 * the filter (users == 0: Linux 5.8; at the last user's reap, since 6.11
 * at its exit). The TARGET_GONE case reaps it first, so both kernels agree.
 */
enum poll_when { IDLE, PENDING_CALL, RECEIVED_CALL, TARGET_GONE };
FIXTURE(listener_poll) {};
FIXTURE_VARIANT(listener_poll) {
	enum poll_when when;
	short want;
};
FIXTURE_VARIANT_ADD(listener_poll, idle_nothing) { .when = IDLE };
FIXTURE_VARIANT_ADD(listener_poll, pending_pollin) { .when = PENDING_CALL, .want = POLLIN };
FIXTURE_VARIANT_ADD(listener_poll, received_pollout) { .when = RECEIVED_CALL, .want = POLLOUT };
FIXTURE_VARIANT_ADD(listener_poll, every_target_gone_pollhup) {
	.when = TARGET_GONE, .want = POLLHUP };
FIXTURE_SETUP(listener_poll) {}
FIXTURE_TEARDOWN(listener_poll) {}

struct notify_wait_pl_report {
	struct notify_wait_report base;	/* the results its file shares */
	long prep;
	long revents;
	long send;
};

static int poll_child(struct sct_report *rep, void *arg)
{
	struct notify_wait_pl_report *res = SCT_REPORT(rep, struct notify_wait_pl_report);
	const enum poll_when *when = arg;
	static const struct target_spec idle = { .calls = 0, .hold = true };
	static const struct target_spec none = { .calls = 0 };
	struct sup s;

	if (sup_start(&s, rep, 0, *when == IDLE ? &idle : *when == TARGET_GONE ? &none : &one_call))
		return 99;
	if (*when == PENDING_CALL)
		res->prep = sct_notif_wait(s.fd, WAIT_MS);
	if (*when == RECEIVED_CALL)
		res->prep = sup_recv(&s) ? 0 : SCT_REPORT(rep, struct notify_wait_report)->recv;
	if (*when == TARGET_GONE)
		res->prep = sct_waitpid_timeout(s.target, NULL, WAIT_MS);
	res->revents = sct_notif_poll(s.fd, POLLIN | POLLOUT, 0);
	if (*when == PENDING_CALL && sup_recv(&s))
		res->send = sup_reply(&s, 4);
	if (*when == RECEIVED_CALL)
		res->send = sup_reply(&s, 4);
	return 0;
}

TEST_F(listener_poll, revents)
{
	struct sct_outcome out;
	const struct notify_wait_pl_report *res = SCT_REPORT(&out.rep, struct notify_wait_pl_report);

	REQUIRE_NOTIF(NEEDS_NOTHING);
	RUN_SUPERVISOR(poll_child, &variant->when, out);
	ASSERT_EQ(0, res->prep) TH_LOG("could not get the listener into the state");
	EXPECT_EQ(variant->want, res->revents) {
		TH_LOG("poll(POLLIN|POLLOUT): expected revents 0x%x, got 0x%lx",
		       variant->want, res->revents);
	}
	if (variant->when == PENDING_CALL || variant->when == RECEIVED_CALL) {
		EXPECT_RESULT(0, res->send, "the reply");
		EXPECT_TARGET_RET(out, 4);
	}
}

/* ---- NOTIF_RECV when the last user exits ------------------------------------------ */

/*
 * recv_wait_event: once every user of the filter is gone, RECV does not
 * sleep but fails with ENOENT, and a RECV already asleep is woken to fail
 * the same way: __seccomp_filter_orphan wakes the queue with EPOLLHUP when
 * users drops to 0, and seccomp_notify_recv then finds no notification.
 * Since the same release the filter is let go when the task exits
 * (seccomp_filter_release from do_exit), not when it is reaped, so the
 * sleeping RECV wakes while the target is still an unreaped zombie. Both
 * are Linux 6.11: 95036a79e7b5 ("seccomp: interrupt SECCOMP_IOCTL_NOTIF_RECV
 * when all users have exited") and bfafe5efa975 ("seccomp: release task
 * filters when the task exits"). Older kernels keep RECV asleep until a
 * signal (results/known-failures/6.1); the RECV runs in a thread so that
 * cannot hang us.
 */
#define FIX_RECV_NO_USERS "95036a79e7b5 (\"seccomp: interrupt SECCOMP_IOCTL_NOTIF_RECV " \
	"when all users have exited\", Linux 6.11)"

struct notify_wait_rx_report {
	struct notify_wait_report base;	/* the results its file shares */
	long reaped;
	long recv;
	long returned;
	long tid;
	long asleep;
	long early;
	long kill;
};

struct recv_thread { int fd; struct sct_report *rep; };

static void *recv_thread_fn(void *p)
{
	struct recv_thread *r = p;
	struct seccomp_notif req;

	memset(&req, 0, sizeof(req));
	__atomic_store_n(&SCT_REPORT(r->rep, struct notify_wait_rx_report)->tid, gettid(), __ATOMIC_RELEASE);
	SCT_REPORT(r->rep, struct notify_wait_rx_report)->recv = ioctl(r->fd, SECCOMP_IOCTL_NOTIF_RECV, &req) ? -errno : 0;
	__atomic_store_n(&SCT_REPORT(r->rep, struct notify_wait_rx_report)->returned, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* Start a thread in NOTIF_RECV on listener fd: 0 or a broken set-up. */
static int start_recv_thread(struct sct_report *rep, struct recv_thread *r, int fd)
{
	pthread_t th;

	r->fd = fd;
	r->rep = rep;
	if (pthread_create(&th, NULL, recv_thread_fn, r)) {
		errno = EAGAIN;
		return sct_report_broken(rep, "pthread_create");
	}
	return 0;
}

static int recv_after_exit_child(struct sct_report *rep, void *arg)
{
	struct notify_wait_rx_report *res = SCT_REPORT(rep, struct notify_wait_rx_report);
	static const struct target_spec none = { .calls = 0 };
	struct recv_thread r;
	struct sup s;

	(void)arg;
	if (sup_start(&s, rep, 0, &none))
		return 99;
	res->reaped = sct_waitpid_timeout(s.target, NULL, WAIT_MS);
	if (res->reaped)
		return 0;
	if (start_recv_thread(rep, &r, s.fd))
		return 99;
	/* returning from here ends the process, and a thread still in RECV */
	sct_wait_slot(&res->returned, 1000);
	return 0;
}

TEST(recv_after_every_user_exited_enoent)
{
	struct sct_outcome out;
	const struct notify_wait_rx_report *res = SCT_REPORT(&out.rep, struct notify_wait_rx_report);

	REQUIRE_NOTIF(NEEDS_NOTHING);
	RUN_SUPERVISOR(recv_after_exit_child, NULL, out);
	ASSERT_EQ(0, res->reaped) TH_LOG("the target did not exit");
	ASSERT_TRUE(res->returned) {
		TH_LOG("NOTIF_RECV still blocked 1 s after every filtered task exited; "
		       "Linux 6.11+ returns ENOENT");
		TH_LOG("this case guards kernel commit %s", FIX_RECV_NO_USERS);
	}
	EXPECT_RESULT(-ENOENT, res->recv, "NOTIF_RECV with no user left");
}

/* The RECV sleeps first; then the only user, the target, is killed and
 * left unreaped until the RECV returned (or 1 s passed). */
static int recv_sleeping_child(struct sct_report *rep, void *arg)
{
	struct notify_wait_rx_report *res = SCT_REPORT(rep, struct notify_wait_rx_report);
	static const struct target_spec idle = { .calls = 0, .hold = true };
	struct recv_thread r;
	struct sup s;
	long switches;

	(void)arg;
	if (sup_start(&s, rep, 0, &idle))
		return 99;
	if (start_recv_thread(rep, &r, s.fd))
		return 99;
	if (!sct_wait_slot(&res->tid, WAIT_MS))
		return sct_report_broken(rep, "the RECV thread never started");
	res->asleep = sct_wait_task_blocked((pid_t)res->tid, -1, &switches,
						    &res->returned, WAIT_MS);
	res->early = __atomic_load_n(&res->returned, __ATOMIC_ACQUIRE);
	res->kill = kill(s.target, SIGKILL) ? -errno : 0;
	if (!res->asleep && !res->early && !res->kill)
		sct_wait_slot(&res->returned, 1000);
	res->reaped = sct_waitpid_timeout(s.target, NULL, WAIT_MS);
	/* returning from here ends the process, and a thread still in RECV */
	return 0;
}

TEST(recv_asleep_when_the_last_user_exits_enoent)
{
	struct sct_outcome out;
	const struct notify_wait_rx_report *res = SCT_REPORT(&out.rep, struct notify_wait_rx_report);

	REQUIRE_NOTIF(NEEDS_NOTHING);
	RUN_SUPERVISOR(recv_sleeping_child, NULL, out);
	ASSERT_EQ(0, res->asleep) TH_LOG("the RECV thread never slept");
	ASSERT_FALSE(res->early) {
		char r[32];

		TH_LOG("NOTIF_RECV returned %s while the target was alive",
		       sct_result_str(res->recv, r, sizeof(r)));
	}
	ASSERT_EQ(0, res->kill) TH_LOG("kill(target, SIGKILL) failed");
	ASSERT_TRUE(res->returned) {
		TH_LOG("a sleeping NOTIF_RECV was not woken within 1 s of the last user's "
		       "exit (the target killed, not reaped); Linux 6.11+ wakes it with ENOENT");
		TH_LOG("this case guards kernel commit %s", FIX_RECV_NO_USERS);
	}
	EXPECT_RESULT(-ENOENT, res->recv, "the woken NOTIF_RECV");
	EXPECT_EQ(0, res->reaped) TH_LOG("the killed target was not reaped");
}

/*
 * A handled signal (no SA_RESTART) ends a NOTIF_RECV asleep with no
 * notification pending: recv_wait_event returns -ERESTARTSYS, which the
 * handler turns into EINTR. Nothing is consumed: the target's call, made
 * only afterwards, is received and answered as ever.
 */
struct notify_wait_ri_report {
	struct notify_wait_rx_report base;	/* the results its file shares */
	long handled;
	long send;
};

static volatile sig_atomic_t sup_signals;

static void on_sup_signal(int sig)
{
	(void)sig;
	sup_signals++;
}

static int recv_interrupted_child(struct sct_report *rep, void *arg)
{
	struct notify_wait_rx_report *res = SCT_REPORT(rep, struct notify_wait_rx_report);
	static const struct target_spec gated = { .calls = 1, .gated = true };
	struct sigaction sa = { .sa_handler = on_sup_signal };
	struct recv_thread r;
	struct sup s;
	long switches;
	pid_t tid;

	(void)arg;
	if (sigaction(SIGUSR1, &sa, NULL))
		return sct_report_broken(rep, "sigaction(SIGUSR1)");
	if (sup_start(&s, rep, 0, &gated) || start_recv_thread(rep, &r, s.fd))
		return 99;
	if (!sct_wait_slot(&res->tid, WAIT_MS))
		return sct_report_broken(rep, "the RECV thread never started");
	tid = (pid_t)res->tid;
	res->asleep = sct_wait_task_blocked(tid, -1, &switches,
						    &res->returned, WAIT_MS);
	res->kill = syscall(SYS_tgkill, getpid(), tid, SIGUSR1) ? -errno : 0;
	if (res->kill || !sct_wait_slot(&res->returned, WAIT_MS)) {
		kill(s.target, SIGKILL);
		sct_waitpid_timeout(s.target, NULL, WAIT_MS);
		return 0;
	}
	SCT_REPORT(rep, struct notify_wait_ri_report)->handled = sup_signals;
	__atomic_store_n(&SCT_REPORT(rep, struct notify_wait_report)->go, 1, __ATOMIC_RELEASE);
	if (sup_recv(&s))
		SCT_REPORT(rep, struct notify_wait_ri_report)->send = sup_reply(&s, 7);
	return 0;
}

TEST(recv_interrupted_by_a_handled_signal_eintr)
{
	struct sct_outcome out;
	const struct notify_wait_rx_report *res = SCT_REPORT(&out.rep, struct notify_wait_rx_report);

	REQUIRE_NOTIF(NEEDS_NOTHING);
	RUN_SUPERVISOR(recv_interrupted_child, NULL, out);
	ASSERT_EQ(0, res->asleep) TH_LOG("the RECV thread never slept");
	ASSERT_EQ(0, res->kill) TH_LOG("tgkill(RECV thread, SIGUSR1) failed");
	ASSERT_TRUE(res->returned) TH_LOG("the signal did not end NOTIF_RECV");
	EXPECT_RESULT(-EINTR, res->recv, "the interrupted NOTIF_RECV");
	EXPECT_EQ(1, SCT_REPORT(&out.rep, struct notify_wait_ri_report)->handled) TH_LOG("the handler did not run once");
	EXPECT_RESULT(0, SCT_REPORT(&out.rep, struct notify_wait_report)->recv, "NOTIF_RECV of the call made afterwards");
	EXPECT_RESULT(0, SCT_REPORT(&out.rep, struct notify_wait_ri_report)->send, "the reply");
	EXPECT_TARGET_RET(out, 7);
}

/* ---- signals ------------------------------------------------------------------------- */

/*
 * A signal wakes the waiting target (wait_for_completion_interruptible):
 * its call ends with -ERESTARTSYS, which is EINTR for a handler without
 * SA_RESTART and a restart with SA_RESTART -- a new notification with a new
 * id. The old notification is gone (list_del), so answering it is ENOENT.
 * With WAIT_KILLABLE_RECV (5.19) the wait becomes killable once the
 * notification was received (should_sleep_killable): a handled signal then
 * waits for the reply, only SIGKILL ends the call.
 */
enum sig_when { BEFORE_RECV, AFTER_RECV };
FIXTURE(interrupt) {};
FIXTURE_VARIANT(interrupt) {
	unsigned long filter_flags;
	enum sigusr1_mode handler;
	int sig;
	enum sig_when when;
	enum sct_feature needs;
	/* the outcome */
	long want_send;			/* reply to the original id */
	bool restarted;			/* a second notification came */
	bool target_killed;		/* the target died by `sig` */
	enum sct_seen seen;		/* otherwise: RAN value / ERRNO value */
	long value;
};
#define KILLABLE SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
FIXTURE_VARIANT_ADD(interrupt, after_recv_eintr_and_send_enoent) {
	.handler = SIGUSR1_HANDLER, .sig = SIGUSR1, .when = AFTER_RECV, .needs = NEEDS_NOTHING,
	.want_send = -ENOENT, .seen = SCT_SEEN_ERRNO, .value = EINTR };
FIXTURE_VARIANT_ADD(interrupt, before_recv_eintr) {
	.handler = SIGUSR1_HANDLER, .sig = SIGUSR1, .when = BEFORE_RECV, .needs = NEEDS_NOTHING,
	.want_send = -ENOENT, .seen = SCT_SEEN_ERRNO, .value = EINTR };
FIXTURE_VARIANT_ADD(interrupt, sa_restart_renotifies_with_new_id) {
	.handler = SIGUSR1_HANDLER_RESTART, .sig = SIGUSR1, .when = AFTER_RECV,
	.needs = NEEDS_NOTHING, .want_send = -ENOENT, .restarted = true, .seen = SCT_SEEN_RAN,
	.value = 5 };
FIXTURE_VARIANT_ADD(interrupt, sigkill_after_recv_send_enoent) {
	.handler = SIGUSR1_DEFAULT, .sig = SIGKILL, .when = AFTER_RECV, .needs = NEEDS_NOTHING,
	.want_send = -ENOENT, .target_killed = true, .seen = SCT_SEEN_RAN };
FIXTURE_VARIANT_ADD(interrupt, wait_killable_before_recv_still_eintr) {
	.filter_flags = KILLABLE, .handler = SIGUSR1_HANDLER, .sig = SIGUSR1, .when = BEFORE_RECV,
	.needs = SCT_F_FLAG_WAIT_KILLABLE_RECV, .want_send = -ENOENT, .seen = SCT_SEEN_ERRNO,
	.value = EINTR };
FIXTURE_VARIANT_ADD(interrupt, wait_killable_after_recv_not_interrupted) {
	.filter_flags = KILLABLE, .handler = SIGUSR1_HANDLER, .sig = SIGUSR1, .when = AFTER_RECV,
	.needs = SCT_F_FLAG_WAIT_KILLABLE_RECV, .seen = SCT_SEEN_RAN, .value = 5 };
FIXTURE_VARIANT_ADD(interrupt, wait_killable_after_recv_sigkill_kills) {
	.filter_flags = KILLABLE, .handler = SIGUSR1_DEFAULT, .sig = SIGKILL, .when = AFTER_RECV,
	.needs = SCT_F_FLAG_WAIT_KILLABLE_RECV, .want_send = -ENOENT, .target_killed = true,
	.seen = SCT_SEEN_RAN };
FIXTURE_SETUP(interrupt) {}
FIXTURE_TEARDOWN(interrupt) {}

struct notify_wait_sg_report {
	struct notify_wait_report base;	/* the results its file shares */
	long prep;
	long pending;
	long still_waiting;
	long recv2;
	long same_id;
	long send;
	long send2;
	long target_sig;
};

static int signal_child(struct sct_report *rep, void *arg)
{
	struct notify_wait_sg_report *res = SCT_REPORT(rep, struct notify_wait_sg_report);
	const FIXTURE_VARIANT(interrupt) *v = arg;
	struct target_spec spec = { .calls = 1, .sigusr1 = v->handler };
	uint64_t id;
	int status;
	struct sup s;

	if (sup_start(&s, rep, v->filter_flags, &spec))
		return 99;
	if (v->when == AFTER_RECV) {
		if (!sup_recv(&s))
			return 0;
		id = s.req.id;
	} else {
		SCT_REPORT(rep, struct notify_wait_report)->recv = sct_notif_wait(s.fd, WAIT_MS);
		if (SCT_REPORT(rep, struct notify_wait_report)->recv)
			return 0;
		id = 0;		/* never received: no id to answer */
	}
	kill(s.target, v->sig);
	if (v->sig == SIGKILL) {
		res->prep = sct_waitpid_timeout(s.target, &status, WAIT_MS);
		if (!res->prep && WIFSIGNALED(status))
			res->target_sig = WTERMSIG(status);
	} else if (v->filter_flags & KILLABLE && v->when == AFTER_RECV) {
		/* the signal is pending, yet the call keeps waiting */
		res->pending = sct_wait_sig_pending(s.target, v->sig, WAIT_MS);
		res->still_waiting = !SCT_REPORT(rep, struct notify_wait_report)->done;
	} else if (v->restarted) {
		res->recv2 = sct_notif_recv(s.fd, &s.req, WAIT_MS);
		res->same_id = s.req.id == id;
	} else {
		res->prep = !sct_wait_slot(&SCT_REPORT(rep, struct notify_wait_report)->done, WAIT_MS);
	}
	if (v->when == AFTER_RECV)
		res->send = sct_notif_send(s.fd, id, 5, 0, 0);
	if (v->restarted && !res->recv2)
		res->send2 = sct_notif_send(s.fd, s.req.id, 5, 0, 0);
	if (v->sig != SIGKILL)
		sct_wait_slot(&SCT_REPORT(rep, struct notify_wait_report)->done, WAIT_MS);
	return 0;
}

TEST_F(interrupt, during_notification)
{
	struct sct_outcome out;
	const struct notify_wait_sg_report *res = SCT_REPORT(&out.rep, struct notify_wait_sg_report);

	REQUIRE_NOTIF(variant->needs);
	RUN_RECEIVED(signal_child, variant, out);
	ASSERT_EQ(0, res->prep) TH_LOG("the target did not end after the signal");
	if (variant->filter_flags & KILLABLE && variant->sig != SIGKILL &&
	    variant->when == AFTER_RECV) {
		ASSERT_EQ(0, res->pending) TH_LOG("the signal never became pending");
		EXPECT_TRUE(res->still_waiting) {
			TH_LOG("a handled signal ended the call after RECV despite WAIT_KILLABLE_RECV");
		}
	}
	if (variant->restarted) {
		EXPECT_RESULT(0, res->recv2, "NOTIF_RECV of the restarted call");
		EXPECT_FALSE(res->same_id) TH_LOG("the restarted call kept its id");
		EXPECT_RESULT(0, res->send2, "reply to the restarted call");
	}
	if (variant->when == AFTER_RECV)
		EXPECT_RESULT(variant->want_send, res->send, "reply to the first id");
	if (variant->target_killed) {
		EXPECT_EQ(variant->sig, res->target_sig) TH_LOG("the target was not killed");
		return;
	}
	if (variant->seen == SCT_SEEN_RAN)
		EXPECT_TARGET_RET(out, variant->value);
	else
		EXPECT_TARGET_ERRNO(out, variant->value);
	/* the handler ran exactly once, also when the call was not interrupted */
	EXPECT_EQ(1, SCT_REPORT(&out.rep, struct notify_wait_report)->signals);
}

/* ---- signals racing a fast reply under WAIT_KILLABLE_RECV ----------------------- */

/*
 * Once the supervisor has received the notification, a handled signal must
 * not end the call (should_sleep_killable), also when the reply lands
 * between the signal waking the target and the target seeing the new state:
 * the target's interruptible wait returns -ERESTARTSYS, and it then finds
 * the notification REPLIED. Kernels before cce436aafc2a took only SENT for
 * "received" and returned -ERESTARTSYS: with SA_RESTART the answered call
 * ran again, a second notification for the same call, and an
 * ADDFD(FLAG_SEND) reply was thrown away (-ESRCH) with it. The window is a
 * few instructions wide, so as in the kernel's selftest a timer sends
 * SIGALRM every RACE_TICK_US while the target makes RACE_CALLS calls, each
 * numbered by its first argument, and the supervisor answers each at once:
 * any call number received again after its reply is the bug. The target
 * stops early after RACE_BUDGET_MS (an emulated CPU makes far fewer calls in
 * the harness's time) and ends with call number 0, which tells the
 * supervisor how many there were. (A signal
 * before RECV legitimately restarts the call: it is notified again before
 * anyone saw it, and a RECV that finds it gone is ENOENT.) On a fixed
 * kernel the verdict is exact; on a broken one each run catches it with
 * high probability, not certainty.
 */
#define FIX_FAST_REPLY "cce436aafc2a (\"seccomp: Fix a race with WAIT_KILLABLE_RECV if " \
	"the tracer replies too fast\", Linux 6.18; 6.12.52 stable)"
#define RACE_CALLS 20000
#define RACE_BUDGET_MS 15000	/* well inside the case's 60 s harness timeout */
#define RACE_LAST 0		/* the closing call's number */
#define RACE_TICK_US 250
#define RACE_MIN_SIGNALS 20	/* fewer and the race was not run at all */
#define RACE_MIN_CALLS 1000	/* fewer and it was barely tried */

FIXTURE(killable_fast_reply) {};
FIXTURE_VARIANT(killable_fast_reply) { bool addfd; enum sct_feature needs; };
FIXTURE_VARIANT_ADD(killable_fast_reply, send) { .addfd = false, .needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(killable_fast_reply, addfd_send) {
	.addfd = true, .needs = SCT_F_NOTIF_ADDFD_SEND };
FIXTURE_SETUP(killable_fast_reply) {}
FIXTURE_TEARDOWN(killable_fast_reply) {}

struct notify_wait_kr_report {
	struct notify_wait_report base;	/* the results its file shares */
	long calls;	/* target: calls that returned the right value */
	long bad_call;	/* target: the first call that did not, and its result */
	long bad_ret;
	long replied;	/* supervisor: calls answered */
	long again;	/* the call number received again after its reply */
	long other;	/* a call number out of sequence */
	long failed;	/* the first RECV or reply error, at call KR_FAILED_AT */
	long failed_at;
	long gone;	/* RECVs that found the interrupted call gone */
	long reaped;
};

static long monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_sigalrm(int sig)
{
	(void)sig;
	SCT_REPORT(target_rep, struct notify_wait_report)->signals++;
}

static int race_target(struct sct_report *rep, void *arg)
{
	struct notify_wait_kr_report *res = SCT_REPORT(rep, struct notify_wait_kr_report);
	const FIXTURE_VARIANT(killable_fast_reply) *v = arg;
	struct sigaction sa = { .sa_handler = on_sigalrm, .sa_flags = SA_RESTART };
	struct itimerval tick = {
		.it_interval = { .tv_usec = RACE_TICK_US }, .it_value = { .tv_usec = RACE_TICK_US },
	};
	struct itimerval off = { 0 };
	long lowest = -1, deadline = monotonic_ms() + RACE_BUDGET_MS;

	target_rep = rep;
	if (v->addfd) {
		/* ADDFD without SETFD installs at the lowest free fd (receive_fd) */
		lowest = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (lowest < 0)
			return sct_report_broken(rep, "target: open /dev/null");
		close((int)lowest);
	}
	if (sigaction(SIGALRM, &sa, NULL) || setitimer(ITIMER_REAL, &tick, NULL))
		return sct_report_broken(rep, "target: SIGALRM timer");
	for (long i = 1; ; i++) {
		bool last = i > RACE_CALLS || monotonic_ms() > deadline;
		long nr = last ? RACE_LAST : i;
		long want = v->addfd ? lowest : nr;
		long ret = syscall(NOTIFIED_NR, nr);

		if (ret != want) {
			res->bad_call = i;
			res->bad_ret = ret == -1 ? -errno : ret;
			break;
		}
		if (v->addfd)
			close((int)ret);
		if (last)
			break;
		res->calls = i;
	}
	setitimer(ITIMER_REAL, &off, NULL);
	__atomic_store_n(&SCT_REPORT(rep, struct notify_wait_report)->done, 1, __ATOMIC_RELEASE);
	return 0;
}

static int race_supervisor(struct sct_report *rep, void *arg)
{
	struct notify_wait_kr_report *res = SCT_REPORT(rep, struct notify_wait_kr_report);
	const FIXTURE_VARIANT(killable_fast_reply) *v = arg;
	struct sct_filter *f = sct_filter_for_nr(NOTIFIED_NR, SECCOMP_RET_USER_NOTIF,
						 SECCOMP_RET_ALLOW);
	struct seccomp_notif req = { 0 };
	int fd, src = -1;
	pid_t t;

	if (v->addfd && (src = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0)
		return sct_report_broken(rep, "open /dev/null");
	t = sct_notif_spawn(f, KILLABLE, race_target, rep, (void *)v, &fd);
	sct_filter_free(f);
	if (t < 0) {
		errno = -t;
		return sct_report_broken(rep, "spawn a target with a listener");
	}
	for (long want = 1; ; ) {
		long r = sct_notif_recv(fd, &req, WAIT_MS);
		long got = (long)req.data.args[0];

		if (r == -ENOENT) {
			res->gone++;
			continue;
		}
		if (!r && got != want && got != RACE_LAST) {
			if (got == want - 1)
				res->again = got;
			else
				res->other = got;
			break;
		}
		if (!r)
			r = v->addfd ? sct_notif_addfd(fd, req.id, src, 0, SECCOMP_ADDFD_FLAG_SEND, 0)
				     : sct_notif_send(fd, req.id, got, 0, 0);
		if (r < 0) {
			res->failed = r;
			res->failed_at = want;
			break;
		}
		if (got == RACE_LAST)
			break;
		res->replied = want++;
	}
	if (!sct_wait_slot(&SCT_REPORT(rep, struct notify_wait_report)->done, WAIT_MS))
		kill(t, SIGKILL);
	res->reaped = sct_waitpid_timeout(t, NULL, WAIT_MS);
	return 0;
}

TEST_F_TIMEOUT(killable_fast_reply, call_never_restarted_after_the_reply, 60)
{
	struct sct_outcome out;
	char r[32];

	REQUIRE_NOTIF(SCT_F_FLAG_WAIT_KILLABLE_RECV);
	REQUIRE_NOTIF(variant->needs);
	ASSERT_EQ(0, sct_run_child(race_supervisor, (void *)variant, 50000, &out));
	ASSERT_EXITED(out, 0);
	ASSERT_GE(SCT_REPORT(&out.rep, struct notify_wait_report)->signals, RACE_MIN_SIGNALS) {
		TH_LOG("set-up: only %ld SIGALRMs reached the target", SCT_REPORT(&out.rep, struct notify_wait_report)->signals);
	}
	EXPECT_EQ(0, SCT_REPORT(&out.rep, struct notify_wait_kr_report)->again) {
		TH_LOG("call %ld was notified again after its reply: a signal restarted an "
		       "answered call despite WAIT_KILLABLE_RECV", SCT_REPORT(&out.rep, struct notify_wait_kr_report)->again);
		TH_LOG("this case guards kernel commit %s", FIX_FAST_REPLY);
	}
	EXPECT_EQ(0, SCT_REPORT(&out.rep, struct notify_wait_kr_report)->failed) {
		TH_LOG("the reply to call %ld (received, WAIT_KILLABLE_RECV): %s",
		       SCT_REPORT(&out.rep, struct notify_wait_kr_report)->failed_at, sct_result_str(SCT_REPORT(&out.rep, struct notify_wait_kr_report)->failed, r, 32));
		TH_LOG("this case guards kernel commit %s", FIX_FAST_REPLY);
	}
	EXPECT_EQ(0, SCT_REPORT(&out.rep, struct notify_wait_kr_report)->other) {
		TH_LOG("received call %ld out of sequence after %ld replies",
		       SCT_REPORT(&out.rep, struct notify_wait_kr_report)->other, SCT_REPORT(&out.rep, struct notify_wait_kr_report)->replied);
	}
	EXPECT_EQ(0, SCT_REPORT(&out.rep, struct notify_wait_kr_report)->bad_call) {
		TH_LOG("call %ld returned %s", SCT_REPORT(&out.rep, struct notify_wait_kr_report)->bad_call,
		       sct_result_str(SCT_REPORT(&out.rep, struct notify_wait_kr_report)->bad_ret, r, 32));
	}
	/* as many calls answered as made, and enough of them to have raced */
	EXPECT_EQ(SCT_REPORT(&out.rep, struct notify_wait_kr_report)->calls, SCT_REPORT(&out.rep, struct notify_wait_kr_report)->replied);
	EXPECT_GE(SCT_REPORT(&out.rep, struct notify_wait_kr_report)->calls, RACE_MIN_CALLS);
	EXPECT_EQ(0, SCT_REPORT(&out.rep, struct notify_wait_kr_report)->reaped);
}

SCT_SUITE_MAIN("SECCOMP_RET_USER_NOTIF waits: poll on the listener, NOTIF_RECV when the last "
	       "user exits, signals before and after NOTIF_RECV, WAIT_KILLABLE_RECV, signals "
	       "racing a fast reply.")
