// SPDX-License-Identifier: GPL-2.0-only
/*
 * notify_test - SECCOMP_RET_USER_NOTIF: the listener fd and the round trip
 * through every ioctl on it (RECV, SEND, ID_VALID under both numbers,
 * SET_FLAGS), stale ids and pid namespaces. NOTIF_ADDFD has its own
 * program, notify_addfd_test; poll, NOTIF_RECV when the last user exits,
 * signals and WAIT_KILLABLE_RECV are in notify_wait_test.
 *
 * Each case runs in a fresh supervisor process (sct_run_child) that spawns a
 * target (sct_notif_spawn): a process whose getppid() is notified to the
 * supervisor. Both write what they saw into the shared report; the test
 * asserts on it afterwards. The supervisor never blocks without a deadline
 * (lib/notif.h), so a kernel that loses a notification fails the case with
 * a message instead of hanging the run.
 *
 * Behaviour checked against kernel/seccomp.c (seccomp_do_user_notification,
 * seccomp_notify_recv/send/id_valid/set_flags).
 */
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "notif.h"
#include "suite.h"

#define NOTIFIED_NR __NR_getppid
#define WAIT_MS SCT_NOTIF_WAIT_MS

/* What every notify experiment reports: the target writes done, the
 * supervisor the rest; each test's own report embeds this one as base. */
struct notify_report {
	long done;	/* the target's last notified call returned */
	long target;	/* the target's pid */
	long self;	/* the supervisor's pid (the target's parent) */
	long recv;	/* result of the first NOTIF_RECV */
	long go;	/* set: a gated target may make its calls */
};

/* ---- the target ----------------------------------------------------------- */

struct target_spec {
	int calls;			/* notified calls to make; 0: exit at once */
	bool gated;			/* wait for go before the first call */
};

static const long target_args[6] = {
	0x11, 0x2222, 0x333333, 0x44444444, 0x5555555555L, -6L };

static int target_main(struct sct_report *rep, void *arg)
{
	const struct target_spec *t = arg;
	const long *a = target_args;
	long ret = 0;

	if (t->gated && !sct_wait_slot(&SCT_REPORT(rep, struct notify_report)->go, WAIT_MS))
		return sct_report_broken(rep, "the supervisor never let the target call");
	for (int i = 0; i < t->calls; i++) {
		ret = syscall(NOTIFIED_NR, a[0], a[1], a[2], a[3], a[4], a[5]);
		rep->err = ret == -1 ? errno : 0;
		rep->ret = ret;
	}
	__atomic_store_n(&SCT_REPORT(rep, struct notify_report)->done, 1, __ATOMIC_RELEASE);
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
	SCT_REPORT(rep, struct notify_report)->target = s->target;
	SCT_REPORT(rep, struct notify_report)->self = getpid();
	return 0;
}

/* Receive the target's notification into s->req; the result goes to recv. */
static bool sup_recv(struct sup *s)
{
	SCT_REPORT(s->rep, struct notify_report)->recv = sct_notif_recv(s->fd, &s->req, WAIT_MS);
	return SCT_REPORT(s->rep, struct notify_report)->recv == 0;
}

/* Reply `val` to the last notification and wait for the target to return. */
static long sup_reply(struct sup *s, long val)
{
	long ret = sct_notif_send(s->fd, s->req.id, val, 0, 0);

	sct_wait_slot(&SCT_REPORT(s->rep, struct notify_report)->done, WAIT_MS);
	return ret;
}

/* The call is answered already (or must not be): only wait for it. */
static long sup_reply_unless(struct sup *s, bool answered, long val)
{
	if (!answered)
		return sup_reply(s, val);
	sct_wait_slot(&SCT_REPORT(s->rep, struct notify_report)->done, WAIT_MS);
	return 0;
}

/* Start the target and receive its first notification, or end the
 * supervisor: broken set-up, or exit 0 with recv saying what RECV met. */
#define SUP_BEGIN(s, rep, flags, spec) do {				\
	int _r = sup_start((s), (rep), (flags), (spec));		\
	if (_r)								\
		return _r;						\
	if (!sup_recv(s))						\
		return 0;						\
} while (0)

/* Kill the target and reap it: its exit releases the filter. */
static int sup_kill_target(struct sup *s, int *status)
{
	kill(s->target, SIGKILL);
	return sct_waitpid_timeout(s->target, status, WAIT_MS);
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
	ASSERT_EQ(0, SCT_REPORT(&(out).rep, struct notify_report)->recv) {				\
		char _r[32];						\
		TH_LOG("NOTIF_RECV of the target's call: %s",		\
		       sct_result_str(SCT_REPORT(&(out).rep, struct notify_report)->recv, _r, 32));	\
	}								\
} while (0)

static const char *target_str(const struct sct_outcome *out, char *buf, size_t len)
{
	if (!SCT_REPORT(&out->rep, struct notify_report)->done)
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
	EXPECT_TRUE(SCT_REPORT(&(out).rep, struct notify_report)->done && (out).rep.ret == (long)(want)) { \
		TH_LOG("expected the call to return %ld; %s", (long)(want), \
		       target_str(&(out), _t, sizeof(_t)));		\
	}								\
} while (0)

#define EXPECT_TARGET_ERRNO(out, want) do {				\
	char _t[96];							\
	EXPECT_TRUE(SCT_REPORT(&(out).rep, struct notify_report)->done && (out).rep.ret == -1 &&	\
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

/* ---- the listener fd ---------------------------------------------------------- */

struct notify_l_report {
	struct notify_report base;	/* the results its file shares */
	long fd;
	long is_seccomp_notify;
	long cloexec;
};

static int listener_fd_child(struct sct_report *rep, void *arg)
{
	struct notify_l_report *res = SCT_REPORT(rep, struct notify_l_report);
	struct sct_filter *f = sct_filter_for_nr(NOTIFIED_NR, SECCOMP_RET_USER_NOTIF,
						 SECCOMP_RET_ALLOW);
	char path[64], link[64] = "";
	long fd;

	(void)arg;
	fd = sct_install_filter(f, SECCOMP_FILTER_FLAG_NEW_LISTENER);
	sct_filter_free(f);
	res->fd = fd;
	if (fd < 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/self/fd/%ld", fd);
	if (readlink(path, link, sizeof(link) - 1) < 0)
		return sct_report_broken(rep, "readlink(/proc/self/fd/N)");
	res->is_seccomp_notify = !strcmp(link, "anon_inode:seccomp notify");
	res->cloexec = fcntl((int)fd, F_GETFD) & FD_CLOEXEC;
	return 0;
}

/* init_listener: anon_inode_getfile("seccomp notify"), fd with O_CLOEXEC. */
TEST(new_listener_returns_a_cloexec_seccomp_notify_fd)
{
	struct sct_outcome out;
	const struct notify_l_report *res = SCT_REPORT(&out.rep, struct notify_l_report);

	REQUIRE_NOTIF(NEEDS_NOTHING);
	RUN_SUPERVISOR(listener_fd_child, NULL, out);
	ASSERT_GE(res->fd, 0) {
		char r[32];

		TH_LOG("seccomp(SET_MODE_FILTER, NEW_LISTENER): %s",
		       sct_result_str(res->fd, r, sizeof(r)));
	}
	EXPECT_TRUE(res->is_seccomp_notify) TH_LOG("not an anon_inode:seccomp notify");
	EXPECT_TRUE(res->cloexec) TH_LOG("listener fd without FD_CLOEXEC");
}

/*
 * has_duplicate_listener: a NEW_LISTENER filter is refused with EBUSY when
 * any filter the task already has owns a listener; closing that listener
 * detaches it (seccomp_notify_detach), so a new one is accepted again.
 */
FIXTURE(second_listener) {};
enum second_how { SAME_TASK, AFTER_FORK, PLAIN_FILTER_BETWEEN, FIRST_CLOSED };
FIXTURE_VARIANT(second_listener) {
	enum second_how how;
	long want;			/* -errno, or WANT_FD */
};
#define WANT_FD 1L
FIXTURE_VARIANT_ADD(second_listener, same_task_ebusy) { .how = SAME_TASK, .want = -EBUSY };
FIXTURE_VARIANT_ADD(second_listener, inherited_by_fork_ebusy) { .how = AFTER_FORK, .want = -EBUSY };
FIXTURE_VARIANT_ADD(second_listener, plain_filter_between_ebusy) {
	.how = PLAIN_FILTER_BETWEEN, .want = -EBUSY };
FIXTURE_VARIANT_ADD(second_listener, first_listener_closed_accepted) {
	.how = FIRST_CLOSED, .want = WANT_FD };
FIXTURE_SETUP(second_listener) {}
FIXTURE_TEARDOWN(second_listener) {}

struct notify_sl_report {
	struct notify_report base;	/* the results its file shares */
	long first;
	long second;
};

static long install_listener(void)
{
	struct sct_filter *f = sct_filter_for_nr(NOTIFIED_NR, SECCOMP_RET_USER_NOTIF,
						 SECCOMP_RET_ALLOW);
	long ret = sct_install_filter(f, SECCOMP_FILTER_FLAG_NEW_LISTENER);

	sct_filter_free(f);
	return ret;
}

static int second_listener_child(struct sct_report *rep, void *arg)
{
	struct notify_sl_report *res = SCT_REPORT(rep, struct notify_sl_report);
	const enum second_how *how = arg;
	pid_t pid;

	res->first = install_listener();
	if (res->first < 0)
		return 0;
	if (*how == FIRST_CLOSED)
		close((int)res->first);
	if (*how == PLAIN_FILTER_BETWEEN) {
		struct sct_filter *f = sct_filter_ret(SECCOMP_RET_ALLOW);
		long ret = sct_install_filter(f, 0);

		sct_filter_free(f);
		if (ret) {
			errno = (int)-ret;
			return sct_report_broken(rep, "install a plain ALLOW filter");
		}
	}
	if (*how != AFTER_FORK) {
		res->second = install_listener();
		return 0;
	}
	pid = fork();
	if (pid < 0)
		return sct_report_broken(rep, "fork");
	if (pid == 0)
		_exit((res->second = install_listener()) == 0);
	if (sct_waitpid_timeout(pid, NULL, WAIT_MS))
		return sct_report_broken(rep, "wait for the forked child");
	return 0;
}

TEST_F(second_listener, install)
{
	struct sct_outcome out;
	const struct notify_sl_report *res = SCT_REPORT(&out.rep, struct notify_sl_report);
	long got;

	REQUIRE_NOTIF(NEEDS_NOTHING);
	RUN_SUPERVISOR(second_listener_child, &variant->how, out);
	EXPECT_RESULT(0, res->first < 0 ? res->first : 0, "first listener");
	got = res->second;
	if (variant->want == WANT_FD)
		got = got >= 0 ? WANT_FD : got;
	EXPECT_RESULT(variant->want, got, "second NEW_LISTENER filter (1: an fd)");
}

/* ---- NOTIF_RECV ------------------------------------------------------------------ */

struct notify_rc_report {
	struct notify_report base;	/* the results its file shares */
	long pid;
	long flags;
	long nr;
	long arch;
	long args_ok;
	long ip;
	long id;
	long send;
};

static int recv_child(struct sct_report *rep, void *arg)
{
	struct notify_rc_report *res = SCT_REPORT(rep, struct notify_rc_report);
	struct sup s;
	int ok = 1;

	(void)arg;
	SUP_BEGIN(&s, rep, 0, &one_call);
	for (int i = 0; i < 6; i++)
		ok &= s.req.data.args[i] == (uint64_t)target_args[i];
	res->pid = s.req.pid;
	res->flags = s.req.flags;
	res->nr = s.req.data.nr;
	res->arch = s.req.data.arch;
	res->args_ok = ok;
	res->ip = s.req.data.instruction_pointer != 0;
	res->id = s.req.id != 0;
	res->send = sup_reply(&s, 42);
	return 0;
}

/* The notification describes the call; the reply's val is its result. */
TEST(recv_reports_the_call_and_send_sets_its_result)
{
	struct sct_outcome out;
	const struct notify_rc_report *res = SCT_REPORT(&out.rep, struct notify_rc_report);

	REQUIRE_NOTIF(NEEDS_NOTHING);
	RUN_RECEIVED(recv_child, NULL, out);
	EXPECT_EQ(SCT_REPORT(&out.rep, struct notify_report)->target, res->pid) TH_LOG("pid is not the target's");
	EXPECT_EQ(0, res->flags);
	EXPECT_EQ(NOTIFIED_NR, res->nr);
	EXPECT_EQ(sct_arch_native()->audit_arch, (uint32_t)res->arch);
	EXPECT_TRUE(res->args_ok) TH_LOG("data.args differ from the call's");
	EXPECT_TRUE(res->ip) TH_LOG("data.instruction_pointer is 0");
	EXPECT_TRUE(res->id) TH_LOG("id is 0");
	EXPECT_RESULT(0, res->send, "NOTIF_SEND");
	EXPECT_TARGET_RET(out, 42);
}

/* check_zeroed_user: a buffer that is not all zero is EINVAL, even with a
 * notification waiting (the pending one is then received normally). */
FIXTURE(recv_garbage) {};
FIXTURE_VARIANT(recv_garbage) { size_t offset; };
FIXTURE_VARIANT_ADD(recv_garbage, id) { .offset = offsetof(struct seccomp_notif, id) };
FIXTURE_VARIANT_ADD(recv_garbage, pid) { .offset = offsetof(struct seccomp_notif, pid) };
FIXTURE_VARIANT_ADD(recv_garbage, flags) { .offset = offsetof(struct seccomp_notif, flags) };
FIXTURE_VARIANT_ADD(recv_garbage, data_nr) { .offset = offsetof(struct seccomp_notif, data.nr) };
FIXTURE_VARIANT_ADD(recv_garbage, last_byte) { .offset = sizeof(struct seccomp_notif) - 1 };
FIXTURE_SETUP(recv_garbage) {}
FIXTURE_TEARDOWN(recv_garbage) {}

struct notify_rg_report {
	struct notify_report base;	/* the results its file shares */
	long garbage;
	long send;
};

static int recv_garbage_child(struct sct_report *rep, void *arg)
{
	struct notify_rg_report *res = SCT_REPORT(rep, struct notify_rg_report);
	const size_t *offset = arg;
	struct seccomp_notif req;
	struct sup s;

	if (sup_start(&s, rep, 0, &one_call))
		return 99;
	res->garbage = sct_notif_wait(s.fd, WAIT_MS);
	if (res->garbage)
		return 0;
	memset(&req, 0, sizeof(req));
	((unsigned char *)&req)[*offset] = 1;
	res->garbage = ioctl(s.fd, SECCOMP_IOCTL_NOTIF_RECV, &req) ? -errno : 0;
	if (res->garbage == 0)
		s.req = req;		/* taken anyway: answer it */
	else if (!sup_recv(&s))
		return 0;
	res->send = sup_reply(&s, 1);
	return 0;
}

TEST_F(recv_garbage, einval)
{
	struct sct_outcome out;

	REQUIRE_NOTIF(NEEDS_NOTHING);
	RUN_SUPERVISOR(recv_garbage_child, &variant->offset, out);
	EXPECT_RESULT(-EINVAL, SCT_REPORT(&out.rep, struct notify_rg_report)->garbage, "NOTIF_RECV into a non-zeroed buffer");
	EXPECT_TARGET_RET(out, 1);
}

/* ---- NOTIF_SEND -------------------------------------------------------------------- */

/*
 * seccomp_notify_send: flags other than CONTINUE are EINVAL, CONTINUE with
 * a val or an error is EINVAL (the notification stays pending, a valid reply
 * follows); error wins over val; CONTINUE runs the syscall itself.
 * The error has no range check: -ERESTARTSYS (-512, kernel-internal) goes
 * into the return register as is (syscall_set_return_value); with no
 * signal pending nothing on the way out (arch_do_signal_or_restart) makes
 * it EINTR or a restart, so the target sees errno 512.
 */
FIXTURE(reply) {};
FIXTURE_VARIANT(reply) {
	uint32_t flags;
	int64_t val;
	int32_t error;
	enum sct_feature needs;
	long want_send;			/* NOTIF_SEND's result */
	enum sct_seen seen;		/* RAN or ERRNO in the target */
	long value;			/* return value or errno; PPID: the supervisor */
};
#define PPID (-12345L)
#define FOLLOW_UP 7L			/* the valid reply after an EINVAL */
#define ERESTARTSYS_NR 512		/* include/linux/errno.h, kernel-internal */
FIXTURE_VARIANT_ADD(reply, value) {
	.val = 42, .needs = NEEDS_NOTHING, .seen = SCT_SEEN_RAN, .value = 42 };
FIXTURE_VARIANT_ADD(reply, negative_value) {
	.val = -2, .needs = NEEDS_NOTHING, .seen = SCT_SEEN_ERRNO, .value = 2 };
FIXTURE_VARIANT_ADD(reply, error) {
	.error = -EPERM, .needs = NEEDS_NOTHING, .seen = SCT_SEEN_ERRNO, .value = EPERM };
FIXTURE_VARIANT_ADD(reply, error_erestartsys_is_errno_512) {
	.error = -ERESTARTSYS_NR, .needs = NEEDS_NOTHING, .seen = SCT_SEEN_ERRNO,
	.value = ERESTARTSYS_NR };
FIXTURE_VARIANT_ADD(reply, error_wins_over_value) {
	.val = 42, .error = -EXDEV, .needs = NEEDS_NOTHING, .seen = SCT_SEEN_ERRNO, .value = EXDEV,
};
FIXTURE_VARIANT_ADD(reply, continue_runs_the_syscall) {
	.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE, .needs = SCT_F_NOTIF_CONTINUE,
	.seen = SCT_SEEN_RAN, .value = PPID };
FIXTURE_VARIANT_ADD(reply, continue_with_value_einval) {
	.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE, .val = 1, .needs = SCT_F_NOTIF_CONTINUE,
	.want_send = -EINVAL, .seen = SCT_SEEN_RAN, .value = FOLLOW_UP };
FIXTURE_VARIANT_ADD(reply, continue_with_error_einval) {
	.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE, .error = -EPERM, .needs = SCT_F_NOTIF_CONTINUE,
	.want_send = -EINVAL, .seen = SCT_SEEN_RAN, .value = FOLLOW_UP };
FIXTURE_VARIANT_ADD(reply, unknown_flag_einval) {
	.flags = 1U << 1, .needs = NEEDS_NOTHING, .want_send = -EINVAL, .seen = SCT_SEEN_RAN,
	.value = FOLLOW_UP };
FIXTURE_VARIANT_ADD(reply, top_flag_einval) {
	.flags = 1U << 31, .needs = NEEDS_NOTHING, .want_send = -EINVAL, .seen = SCT_SEEN_RAN,
	.value = FOLLOW_UP };
FIXTURE_SETUP(reply) {}
FIXTURE_TEARDOWN(reply) {}

struct notify_sd_report {
	struct notify_report base;	/* the results its file shares */
	long send;
	long follow_up;
};

static int send_child(struct sct_report *rep, void *arg)
{
	struct notify_sd_report *res = SCT_REPORT(rep, struct notify_sd_report);
	const FIXTURE_VARIANT(reply) *v = arg;
	struct sup s;

	SUP_BEGIN(&s, rep, 0, &one_call);
	res->send = sct_notif_send(s.fd, s.req.id, v->val, v->error, v->flags);
	res->follow_up = sup_reply_unless(&s, !res->send, FOLLOW_UP);
	return 0;
}

TEST_F(reply, reply)
{
	struct sct_outcome out;
	long want;

	REQUIRE_NOTIF(variant->needs);
	RUN_RECEIVED(send_child, variant, out);
	EXPECT_RESULT(variant->want_send, SCT_REPORT(&out.rep, struct notify_sd_report)->send, "NOTIF_SEND");
	if (variant->want_send)
		EXPECT_RESULT(0, SCT_REPORT(&out.rep, struct notify_sd_report)->follow_up, "the valid reply after it");
	want = variant->value == PPID ? SCT_REPORT(&out.rep, struct notify_report)->self : variant->value;
	if (variant->seen == SCT_SEEN_RAN)
		EXPECT_TARGET_RET(out, want);
	else
		EXPECT_TARGET_ERRNO(out, want);
}

/* ---- operations on a notification not yet received --------------------------- */

/*
 * A notification is SENT only once received: SEND on an INIT one is
 * EINPROGRESS (ADDFD too: notify_addfd_test), ID_VALID is ENOENT (it asks
 * "is it SENT"). The id of the waiting notification is the previous one + 1
 * (seccomp_next_notify_id).
 */
enum id_op { OP_SEND, OP_ID_VALID, OP_ID_VALID_OLD };
FIXTURE(unreceived) {};
FIXTURE_VARIANT(unreceived) {
	enum id_op op;
	enum sct_feature needs;
	long want;
};
FIXTURE_VARIANT_ADD(unreceived, send_einprogress) {
	.op = OP_SEND, .needs = NEEDS_NOTHING, .want = -EINPROGRESS };
FIXTURE_VARIANT_ADD(unreceived, id_valid_enoent) {
	.op = OP_ID_VALID, .needs = NEEDS_NOTHING, .want = -ENOENT };
FIXTURE_SETUP(unreceived) {}
FIXTURE_TEARDOWN(unreceived) {}

/* Apply op to notification id: the ioctl's result. */
static long do_id_op(int fd, enum id_op op, uint64_t id)
{
	switch (op) {
	case OP_SEND:
		return sct_notif_send(fd, id, 1, 0, 0);
	case OP_ID_VALID:
		return sct_notif_id_valid(fd, SECCOMP_IOCTL_NOTIF_ID_VALID, id);
	case OP_ID_VALID_OLD:
		return sct_notif_id_valid(fd, SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR, id);
	}
	return -EINVAL;
}

struct notify_ur_report {
	struct notify_report base;	/* the results its file shares */
	long first_send;
	long wait;
	long op;
	long recv2;
	long id_step;
	long send2;
};

static int unreceived_child(struct sct_report *rep, void *arg)
{
	struct notify_ur_report *res = SCT_REPORT(rep, struct notify_ur_report);
	const FIXTURE_VARIANT(unreceived) *v = arg;
	static const struct target_spec two_calls = { .calls = 2 };
	uint64_t first;
	struct sup s;

	SUP_BEGIN(&s, rep, 0, &two_calls);
	first = s.req.id;
	res->first_send = sct_notif_send(s.fd, first, 1, 0, 0);
	res->wait = sct_notif_wait(s.fd, WAIT_MS);
	if (res->wait)
		return 0;
	res->op = do_id_op(s.fd, v->op, first + 1);
	res->recv2 = sct_notif_recv(s.fd, &s.req, WAIT_MS);
	if (res->recv2)
		return 0;
	res->id_step = (long)(s.req.id - first);
	res->send2 = sup_reply(&s, 2);
	return 0;
}

TEST_F(unreceived, notification)
{
	struct sct_outcome out;
	const struct notify_ur_report *res = SCT_REPORT(&out.rep, struct notify_ur_report);

	REQUIRE_NOTIF(variant->needs);
	RUN_RECEIVED(unreceived_child, variant, out);
	EXPECT_RESULT(0, res->first_send, "reply to the first call");
	ASSERT_EQ(0, res->wait) TH_LOG("the second call was not notified");
	EXPECT_RESULT(variant->want, res->op, "ioctl on the unreceived notification");
	ASSERT_EQ(0, res->recv2) TH_LOG("the second notification was lost");
	EXPECT_EQ(1, res->id_step) TH_LOG("ids of consecutive notifications");
	EXPECT_RESULT(0, res->send2, "reply to the second call");
	EXPECT_TARGET_RET(out, 2);
}

/* ---- stale ids: replied, unknown, or whose target died ------------------------- */

/*
 * find_notification fails (ENOENT) for an id that was never issued, for one
 * whose call has returned, and for one whose target was killed; ID_VALID
 * answers 0 only while the notification is received and unanswered. Both
 * ID_VALID numbers behave the same (the old _IOR one is still accepted).
 */
enum stale_when { PENDING, UNKNOWN_ID, AFTER_REPLY, TARGET_KILLED };
FIXTURE(stale_id) {};
FIXTURE_VARIANT(stale_id) {
	enum stale_when when;
	enum id_op op;
	enum sct_feature needs;
	long want;
};
FIXTURE_VARIANT_ADD(stale_id, id_valid_pending_ok) {
	.when = PENDING, .op = OP_ID_VALID, .needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(stale_id, old_ior_id_valid_pending_ok) {
	.when = PENDING, .op = OP_ID_VALID_OLD, .needs = NEEDS_NOTHING };
FIXTURE_VARIANT_ADD(stale_id, id_valid_target_killed_enoent) {
	.when = TARGET_KILLED, .op = OP_ID_VALID, .needs = NEEDS_NOTHING, .want = -ENOENT };
FIXTURE_VARIANT_ADD(stale_id, old_ior_id_valid_target_killed_enoent) {
	.when = TARGET_KILLED, .op = OP_ID_VALID_OLD, .needs = NEEDS_NOTHING, .want = -ENOENT };
FIXTURE_VARIANT_ADD(stale_id, id_valid_after_reply_enoent) {
	.when = AFTER_REPLY, .op = OP_ID_VALID, .needs = NEEDS_NOTHING, .want = -ENOENT };
FIXTURE_VARIANT_ADD(stale_id, id_valid_unknown_id_enoent) {
	.when = UNKNOWN_ID, .op = OP_ID_VALID, .needs = NEEDS_NOTHING, .want = -ENOENT };
FIXTURE_VARIANT_ADD(stale_id, send_after_reply_enoent) {
	.when = AFTER_REPLY, .op = OP_SEND, .needs = NEEDS_NOTHING, .want = -ENOENT };
FIXTURE_VARIANT_ADD(stale_id, send_unknown_id_enoent) {
	.when = UNKNOWN_ID, .op = OP_SEND, .needs = NEEDS_NOTHING, .want = -ENOENT };
FIXTURE_VARIANT_ADD(stale_id, send_target_killed_enoent) {
	.when = TARGET_KILLED, .op = OP_SEND, .needs = NEEDS_NOTHING, .want = -ENOENT };
FIXTURE_SETUP(stale_id) {}
FIXTURE_TEARDOWN(stale_id) {}

struct notify_st_report {
	struct notify_report base;	/* the results its file shares */
	long prep;
	long op;
	long send;
};

static int stale_id_child(struct sct_report *rep, void *arg)
{
	struct notify_st_report *res = SCT_REPORT(rep, struct notify_st_report);
	const FIXTURE_VARIANT(stale_id) *v = arg;
	uint64_t id;
	struct sup s;

	SUP_BEGIN(&s, rep, 0, &one_call);
	id = s.req.id;
	if (v->when == UNKNOWN_ID)
		id += 1000;
	if (v->when == AFTER_REPLY)
		res->prep = sup_reply(&s, 3) ?: !SCT_REPORT(rep, struct notify_report)->done;
	if (v->when == TARGET_KILLED)
		res->prep = sup_kill_target(&s, NULL);
	res->op = do_id_op(s.fd, v->op, id);
	if (v->when == PENDING || v->when == UNKNOWN_ID)
		res->send = sup_reply(&s, 3);
	return 0;
}

TEST_F(stale_id, op)
{
	struct sct_outcome out;
	const struct notify_st_report *res = SCT_REPORT(&out.rep, struct notify_st_report);

	REQUIRE_NOTIF(variant->needs);
	RUN_RECEIVED(stale_id_child, variant, out);
	ASSERT_EQ(0, res->prep) TH_LOG("could not reply / kill the target first");
	EXPECT_RESULT(variant->want, res->op, "ioctl on the notification id");
	if (variant->when != TARGET_KILLED) {
		EXPECT_RESULT(0, res->send, "reply to the pending call");
		EXPECT_TARGET_RET(out, 3);
	}
}

/* ---- NOTIF_SET_FLAGS ------------------------------------------------------------------ */

struct notify_sf_report {
	struct notify_report base;	/* the results its file shares */
	long set;
	long send;
};

static const struct target_spec gated_call = { .calls = 1, .gated = true };

/* The flag is set before the target calls, so the notification's wake-up
 * is the synchronous one (wake_up_poll_on_current_cpu). */
static int set_flags_child(struct sct_report *rep, void *arg)
{
	struct sup s;

	(void)arg;
	if (sup_start(&s, rep, 0, &gated_call))
		return 99;
	SCT_REPORT(rep, struct notify_sf_report)->set = ioctl(s.fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
				 SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP) ? -errno : 0;
	__atomic_store_n(&SCT_REPORT(rep, struct notify_report)->go, 1, __ATOMIC_RELEASE);
	if (!sup_recv(&s))
		return 0;
	SCT_REPORT(rep, struct notify_sf_report)->send = sup_reply(&s, 6);
	return 0;
}

/* seccomp_notify_set_flags (6.6): the flags are the ioctl argument itself;
 * under FD_SYNC_WAKE_UP a notification is delivered and answered as ever. */
TEST(set_flags_sync_wake_up_accepted)
{
	struct sct_outcome out;

	REQUIRE_NOTIF(SCT_F_NOTIF_SET_FLAGS);
	RUN_RECEIVED(set_flags_child, NULL, out);
	EXPECT_RESULT(0, SCT_REPORT(&out.rep, struct notify_sf_report)->set, "NOTIF_SET_FLAGS(FD_SYNC_WAKE_UP)");
	EXPECT_RESULT(0, SCT_REPORT(&out.rep, struct notify_sf_report)->send, "the reply");
	EXPECT_TARGET_RET(out, 6);
}

struct notify_su_report {
	struct notify_report base;	/* the results its file shares */
	long zero;
	long accepted_bits;
	long first_bad;
	long first_result;
};

static int set_flags_unknown_child(struct sct_report *rep, void *arg)
{
	struct notify_su_report *res = SCT_REPORT(rep, struct notify_su_report);
	long fd = install_listener();

	(void)arg;
	if (fd < 0) {
		errno = (int)-fd;
		return sct_report_broken(rep, "install a listener");
	}
	res->zero = ioctl((int)fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, 0UL) ? -errno : 0;
	res->first_bad = -1;
	for (int bit = 1; bit < 64; bit++) {
		long r = ioctl((int)fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, 1UL << bit) ? -errno : 0;

		if (r != -EINVAL && !res->accepted_bits++) {
			res->first_bad = bit;
			res->first_result = r;
		}
	}
	return 0;
}

/* Every flag but FD_SYNC_WAKE_UP is EINVAL; 0 is accepted. */
TEST(set_flags_unknown_bits_einval)
{
	struct sct_outcome out;
	const struct notify_su_report *res = SCT_REPORT(&out.rep, struct notify_su_report);

	REQUIRE_NOTIF(SCT_F_NOTIF_SET_FLAGS);
	RUN_SUPERVISOR(set_flags_unknown_child, NULL, out);
	EXPECT_RESULT(0, res->zero, "NOTIF_SET_FLAGS(0)");
	EXPECT_EQ(0, res->accepted_bits) {
		char r[32];

		TH_LOG("NOTIF_SET_FLAGS(1 << %ld): %s, expected -EINVAL (and %ld bits in all)",
		       res->first_bad,
		       sct_result_str(res->first_result, r, sizeof(r)),
		       res->accepted_bits);
	}
}

/* ---- GET_NOTIF_SIZES ------------------------------------------------------------------ */

/* The structs may only grow: the kernel's are at least the uapi ones. */
TEST(get_notif_sizes_cover_the_uapi_structs)
{
	struct seccomp_notif_sizes sizes = { 0 };

	SCT_REQUIRE(SCT_F_GET_NOTIF_SIZES);
	ASSERT_EQ(0, sct_seccomp(SECCOMP_GET_NOTIF_SIZES, 0, &sizes));
	EXPECT_GE(sizes.seccomp_notif, sizeof(struct seccomp_notif));
	EXPECT_GE(sizes.seccomp_notif_resp, sizeof(struct seccomp_notif_resp));
	EXPECT_GE(sizes.seccomp_data, sizeof(struct seccomp_data));
}

/* ---- pid namespaces -------------------------------------------------------------------- */

/*
 * seccomp_notify_recv fills pid with task_pid_vnr(target): the pid in the
 * supervisor's namespace, 0 when the target is not visible there. The
 * supervisor is pid 1 of a new pid namespace; the target stays outside.
 */
struct notify_ns_report {
	struct notify_report base;	/* the results its file shares */
	long sup_pid;
	long recv;
	long pid;
	long send;
	long unshare;
	long reaped;
};

static int pidns_child(struct sct_report *rep, void *arg)
{
	struct notify_ns_report *res = SCT_REPORT(rep, struct notify_ns_report);
	struct sct_filter *f;
	int sv[2], fd;
	long lfd, ret;
	pid_t sup;

	(void)arg;
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv))
		return sct_report_broken(rep, "socketpair");
	res->unshare = unshare(CLONE_NEWPID) ? -errno : 0;
	if (res->unshare)
		return 0;
	sup = fork();
	if (sup < 0)
		return sct_report_broken(rep, "fork into the new pid namespace");
	if (sup == 0) {
		struct seccomp_notif req = { 0 };

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		res->sup_pid = getpid();
		fd = sct_recv_fd(sv[0], WAIT_MS);
		if (fd < 0)
			_exit(1);
		res->recv = sct_notif_recv(fd, &req, WAIT_MS);
		res->pid = req.pid;
		if (!res->recv)
			res->send = sct_notif_send(fd, req.id, 13, 0, 0);
		_exit(0);
	}
	/* this process is the target, in the parent namespace */
	f = sct_filter_for_nr(NOTIFIED_NR, SECCOMP_RET_USER_NOTIF, SECCOMP_RET_ALLOW);
	lfd = sct_install_filter(f, SECCOMP_FILTER_FLAG_NEW_LISTENER);
	sct_filter_free(f);
	if (lfd < 0) {
		errno = (int)-lfd;
		return sct_report_broken(rep, "install a listener");
	}
	if (sct_send_fd(sv[1], (int)lfd))
		return sct_report_broken(rep, "pass the listener");
	close((int)lfd);
	ret = syscall(NOTIFIED_NR);
	rep->err = ret == -1 ? errno : 0;
	rep->ret = ret;
	SCT_REPORT(rep, struct notify_report)->done = 1;
	res->reaped = sct_waitpid_timeout(sup, NULL, WAIT_MS);
	return 0;
}

TEST(recv_pid_zero_when_target_outside_supervisor_pidns)
{
	struct sct_outcome out;
	const struct notify_ns_report *res = SCT_REPORT(&out.rep, struct notify_ns_report);

	SCT_REQUIRE_CAP(CAP_SYS_ADMIN);
	REQUIRE_NOTIF(NEEDS_NOTHING);
	RUN_SUPERVISOR(pidns_child, NULL, out);
	ASSERT_EQ(0, res->unshare) TH_LOG("unshare(CLONE_NEWPID) failed");
	EXPECT_EQ(1, res->sup_pid) TH_LOG("the supervisor is not pid 1 of its namespace");
	ASSERT_EQ(0, res->recv) TH_LOG("the supervisor received nothing");
	EXPECT_EQ(0, res->pid) TH_LOG("pid of an invisible target is not 0");
	EXPECT_RESULT(0, res->send, "the reply");
	EXPECT_TARGET_RET(out, 13);
	EXPECT_EQ(0, res->reaped);
}

SCT_SUITE_MAIN("SECCOMP_RET_USER_NOTIF: the listener, NOTIF_RECV/SEND/ID_VALID/SET_FLAGS, "
	       "stale ids, pid namespaces.")
