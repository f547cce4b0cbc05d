// SPDX-License-Identifier: GPL-2.0-only
/*
 * notify_abi_test - the edges of the SECCOMP_RET_USER_NOTIF interface that
 * notify_test's round trips do not reach: which ioctl requests the listener
 * knows and what it answers to the others and to bad user pointers, reply
 * values returned raw (errors outside [-4095, 0], 64-bit values), and the
 * seccomp_data a notification carries (instruction_pointer of a known call
 * site, all six arguments whole), and NEW_LISTENER with no fd free. notify_lifecycle_test has the listener's
 * life: closing, faulting RECV, FIFO order, POLLHUP, namespaces, signals.
 *
 * Each case runs in a fresh process (sct_run_child). The ioctl cases ask a
 * listener of that process's own filter; the others are a supervisor with
 * a target (sct_notif_spawn) that makes the notified getppid() through
 * sct_arch_syscall6, a call site whose return address arch/ knows, and
 * which returns the kernel's value raw.
 */
#include <poll.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <termios.h>

#include "notif.h"
#include "suite.h"

#define NOTIFIED_NR __NR_getppid
#define WAIT_MS SCT_NOTIF_WAIT_MS
#define EXPECT_RESULT SCT_EXPECT_RESULT

/* Every case needs USER_NOTIF and NEW_LISTENER; `extra` is one more
 * feature (SCT_F_FILTER_MODE, the zero value, adds nothing). */
#define REQUIRE_NOTIF(extra) do {					\
	SCT_REQUIRE(SCT_F_RET_USER_NOTIF);				\
	SCT_REQUIRE(SCT_F_FLAG_NEW_LISTENER);				\
	SCT_REQUIRE(extra);						\
} while (0)

/* The raw call site in arch/, without which the target cannot call. */
#define REQUIRE_CALL_SITE() do {					\
	if (!sct_arch_syscall6_ip())					\
		SKIP(return, "no raw syscall call site in arch/ for %s",	\
		     sct_arch_native()->name);				\
} while (0)

/* The supervisor ran to its end, its set-up not broken. */
#define RUN(fn, arg, out) do {						\
	ASSERT_EQ(0, sct_run_child((fn), (void *)(arg), 0, &(out)));	\
	ASSERT_EXITED(out, 0);						\
} while (0)

static struct sct_filter *notifying_filter(void)
{
	return sct_filter_for_nr(NOTIFIED_NR, SECCOMP_RET_USER_NOTIF, SECCOMP_RET_ALLOW);
}

/* Spawn a target whose getppid() notifies the listener *fd. */
static pid_t spawn_target(struct sct_report *rep, sct_child_fn fn, int *fd)
{
	struct sct_filter *f = notifying_filter();
	pid_t pid = sct_notif_spawn(f, 0, fn, rep, NULL, fd);

	sct_filter_free(f);
	if (pid < 0)
		errno = -pid;
	return pid;
}

/* ---- ioctl answers on an idle listener ----------------------------------------- */

/*
 * seccomp_notify_ioctl: RECV, SEND, both ID_VALID numbers and SET_FLAGS
 * match the exact request; ADDFD matches its number with direction and size
 * masked off (EA_IOCTL), so any direction of number 3 is ADDFD; everything
 * else is the default -EINVAL (not ENOTTY, also for tty and FIONREAD
 * requests the VFS passes on). A bad user pointer is EFAULT in each
 * handler's first copy (check_zeroed_user, copy_from_user,
 * copy_struct_from_user), before any notification is looked up. SET_FLAGS
 * takes its flags by value: one unknown bit is EINVAL even beside
 * FD_SYNC_WAKE_UP (notify_test sweeps single bits).
 */
enum ioctl_arg { ARG_ZEROED, ARG_NULL, ARG_PROT_NONE, ARG_ADDFD_SELF, ARG_VALUE };
FIXTURE(listener_ioctl) {};
FIXTURE_VARIANT(listener_ioctl) {
	unsigned long cmd;
	enum ioctl_arg arg;
	unsigned long value;		/* ARG_VALUE */
	enum sct_feature needs;
	long want;
};
#define IOC_RW (_IOC_READ | _IOC_WRITE)
FIXTURE_VARIANT_ADD(listener_ioctl, request_zero_einval) { .cmd = 0, .want = -EINVAL };
FIXTURE_VARIANT_ADD(listener_ioctl, tcgets_einval_not_enotty) { .cmd = TCGETS, .want = -EINVAL };
FIXTURE_VARIANT_ADD(listener_ioctl, fionread_einval) { .cmd = FIONREAD, .want = -EINVAL };
FIXTURE_VARIANT_ADD(listener_ioctl, unknown_number_5_einval) {
	.cmd = _IOW(SECCOMP_IOC_MAGIC, 5, __u64), .want = -EINVAL };
FIXTURE_VARIANT_ADD(listener_ioctl, recv_with_another_size_einval) {
	.cmd = _IOC(IOC_RW, SECCOMP_IOC_MAGIC, 0, sizeof(struct seccomp_notif) + 8),
	.want = -EINVAL };
FIXTURE_VARIANT_ADD(listener_ioctl, send_with_another_size_einval) {
	.cmd = _IOC(IOC_RW, SECCOMP_IOC_MAGIC, 1, sizeof(struct seccomp_notif_resp) - 8),
	.want = -EINVAL };
FIXTURE_VARIANT_ADD(listener_ioctl, id_valid_without_direction_einval) {
	.cmd = _IOC(_IOC_NONE, SECCOMP_IOC_MAGIC, 2, 8), .want = -EINVAL };
FIXTURE_VARIANT_ADD(listener_ioctl, addfd_read_direction_is_addfd_enoent) {
	.cmd = _IOC(_IOC_READ, SECCOMP_IOC_MAGIC, 3, sizeof(struct seccomp_notif_addfd)),
	.arg = ARG_ADDFD_SELF, .needs = SCT_F_NOTIF_ADDFD, .want = -ENOENT };
FIXTURE_VARIANT_ADD(listener_ioctl, recv_null_efault) {
	.cmd = SECCOMP_IOCTL_NOTIF_RECV, .arg = ARG_NULL, .want = -EFAULT };
FIXTURE_VARIANT_ADD(listener_ioctl, recv_prot_none_efault) {
	.cmd = SECCOMP_IOCTL_NOTIF_RECV, .arg = ARG_PROT_NONE, .want = -EFAULT };
FIXTURE_VARIANT_ADD(listener_ioctl, send_prot_none_efault) {
	.cmd = SECCOMP_IOCTL_NOTIF_SEND, .arg = ARG_PROT_NONE, .want = -EFAULT };
FIXTURE_VARIANT_ADD(listener_ioctl, id_valid_prot_none_efault) {
	.cmd = SECCOMP_IOCTL_NOTIF_ID_VALID, .arg = ARG_PROT_NONE, .want = -EFAULT };
FIXTURE_VARIANT_ADD(listener_ioctl, id_valid_old_ior_prot_none_efault) {
	.cmd = SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR, .arg = ARG_PROT_NONE, .want = -EFAULT };
FIXTURE_VARIANT_ADD(listener_ioctl, addfd_prot_none_efault) {
	.cmd = SECCOMP_IOCTL_NOTIF_ADDFD, .arg = ARG_PROT_NONE, .needs = SCT_F_NOTIF_ADDFD,
	.want = -EFAULT };
FIXTURE_VARIANT_ADD(listener_ioctl, set_flags_sync_wake_up_and_bit_1_einval) {
	.cmd = SECCOMP_IOCTL_NOTIF_SET_FLAGS, .arg = ARG_VALUE,
	.value = SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP | 2, .needs = SCT_F_NOTIF_SET_FLAGS,
	.want = -EINVAL };
FIXTURE_SETUP(listener_ioctl) {}
FIXTURE_TEARDOWN(listener_ioctl) {}

struct notify_abi_report {
	long ret;
};

/* The ioctl's argument for a row; buf is a zeroed scratch buffer. */
static unsigned long ioctl_arg(const FIXTURE_VARIANT(listener_ioctl) *v, int fd, void *buf)
{
	struct seccomp_notif_addfd *a = buf;
	void *p;

	switch (v->arg) {
	case ARG_NULL:
		return 0;
	case ARG_PROT_NONE:
		p = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		return p == MAP_FAILED ? 0 : (unsigned long)p;
	case ARG_ADDFD_SELF:
		a->srcfd = (uint32_t)fd;	/* any open file; no notification has id 0 */
		return (unsigned long)buf;
	case ARG_VALUE:
		return v->value;
	case ARG_ZEROED:
		break;
	}
	return (unsigned long)buf;
}

static int ioctl_child(struct sct_report *rep, void *arg)
{
	const FIXTURE_VARIANT(listener_ioctl) *v = arg;
	struct sct_filter *f = notifying_filter();
	uint64_t buf[64] = { 0 };
	long fd = sct_install_filter(f, SECCOMP_FILTER_FLAG_NEW_LISTENER);
	unsigned long a;

	sct_filter_free(f);
	if (fd < 0) {
		errno = (int)-fd;
		return sct_report_broken(rep, "install a listener");
	}
	a = ioctl_arg(v, (int)fd, buf);
	if (v->arg == ARG_PROT_NONE && !a)
		return sct_report_broken(rep, "mmap a PROT_NONE page");
	SCT_REPORT(rep, struct notify_abi_report)->ret = ioctl((int)fd, v->cmd, a) ? -errno : 0;
	return 0;
}

TEST_F(listener_ioctl, answer)
{
	struct sct_outcome out;

	REQUIRE_NOTIF(variant->needs);
	RUN(ioctl_child, variant, out);
	EXPECT_RESULT(variant->want, SCT_REPORT(&out.rep, struct notify_abi_report)->ret, "ioctl on the listener");
}

/* ---- raw reply values ---------------------------------------------------------- */

/*
 * seccomp_notify_send checks only flags; resp.error is stored unchecked and
 * seccomp_do_user_notification hands (error, val) to syscall_set_return_value,
 * whose return register is error when nonzero, else val. So a positive
 * error, or one below -4095, is returned to the caller as a plain value, and
 * val arrives with all 64 bits (read with sct_arch_syscall6: raw, no errno).
 */
FIXTURE(raw_reply) {};
FIXTURE_VARIANT(raw_reply) { int32_t error; int64_t val; long want; };
FIXTURE_VARIANT_ADD(raw_reply, positive_error_returned_as_is) {
	.error = 7, .val = 42, .want = 7 };
FIXTURE_VARIANT_ADD(raw_reply, error_below_minus_4095_returned_as_is) {
	.error = -4096, .want = -4096 };
FIXTURE_VARIANT_ADD(raw_reply, error_int32_min_returned_as_is) {
	.error = INT32_MIN, .want = INT32_MIN };
FIXTURE_VARIANT_ADD(raw_reply, value_keeps_64_bits) {
	.val = 0x123456789abcdef0LL, .want = 0x123456789abcdef0L };
FIXTURE_SETUP(raw_reply) {}
FIXTURE_TEARDOWN(raw_reply) {}

struct notify_abi_rr_report {
	long raw;
	long done;
	long recv;
	long send;
};

static int raw_target(struct sct_report *rep, void *arg)
{
	static const long none[6];

	(void)arg;
	SCT_REPORT(rep, struct notify_abi_rr_report)->raw = sct_arch_syscall6(NOTIFIED_NR, none);
	__atomic_store_n(&SCT_REPORT(rep, struct notify_abi_rr_report)->done, 1, __ATOMIC_RELEASE);
	return 0;
}

static int raw_supervisor(struct sct_report *rep, void *arg)
{
	struct notify_abi_rr_report *res = SCT_REPORT(rep, struct notify_abi_rr_report);
	const FIXTURE_VARIANT(raw_reply) *v = arg;
	struct seccomp_notif req;
	int fd;
	pid_t t = spawn_target(rep, raw_target, &fd);

	if (t < 0)
		return sct_report_broken(rep, "spawn a target");
	res->recv = sct_notif_recv(fd, &req, WAIT_MS);
	if (res->recv)
		return 0;
	res->send = sct_notif_send(fd, req.id, v->val, v->error, 0);
	sct_wait_slot(&res->done, WAIT_MS);
	return 0;
}

TEST_F(raw_reply, target_sees)
{
	struct sct_outcome out;
	const struct notify_abi_rr_report *res = SCT_REPORT(&out.rep, struct notify_abi_rr_report);

	REQUIRE_NOTIF(SCT_F_FILTER_MODE);
	REQUIRE_CALL_SITE();
	RUN(raw_supervisor, variant, out);
	ASSERT_EQ(0, res->recv) TH_LOG("the call was not received");
	EXPECT_RESULT(0, res->send, "NOTIF_SEND");
	ASSERT_TRUE(res->done) TH_LOG("the call never returned");
	EXPECT_EQ(variant->want, res->raw) {
		TH_LOG("raw return %#lx, expected %#lx", res->raw, variant->want);
	}
}

/* ---- what a notification carries ----------------------------------------------- */

/*
 * seccomp_notify_recv copies the seccomp_data the filter saw
 * (populate_seccomp_data): the native audit arch, nr, all six arguments
 * whole, and instruction_pointer = the caller's return address, right after
 * the syscall instruction of the call site.
 */
static const long whole_args[6] = {
	(long)0x8000000000000001UL, (long)0xffffffff00000000UL, (long)0xdeadbeefcafebabeUL,
	0x00000001ffffffffL, (long)0xfedcba9876543210UL, -1L,
};

struct notify_abi_data_report {
	long recv, ip, nr, arch, send, raw, done;
	long args[6];		/* seccomp_data.args as received */
};

static int data_target(struct sct_report *rep, void *arg)
{
	(void)arg;
	SCT_REPORT(rep, struct notify_abi_data_report)->raw = sct_arch_syscall6(NOTIFIED_NR, whole_args);
	__atomic_store_n(&SCT_REPORT(rep, struct notify_abi_data_report)->done, 1, __ATOMIC_RELEASE);
	return 0;
}

static int data_supervisor(struct sct_report *rep, void *arg)
{
	struct notify_abi_data_report *res = SCT_REPORT(rep, struct notify_abi_data_report);
	struct seccomp_notif req;
	int fd;
	pid_t t = spawn_target(rep, data_target, &fd);

	(void)arg;
	if (t < 0)
		return sct_report_broken(rep, "spawn a target");
	res->recv = sct_notif_recv(fd, &req, WAIT_MS);
	if (res->recv)
		return 0;
	res->ip = (long)req.data.instruction_pointer;
	res->nr = req.data.nr;
	res->arch = req.data.arch;
	for (int i = 0; i < 6; i++)
		res->args[i] = (long)req.data.args[i];
	res->send = sct_notif_send(fd, req.id, 9, 0, 0);
	sct_wait_slot(&res->done, WAIT_MS);
	return 0;
}

TEST(recv_data_is_the_callers_whole)
{
	struct sct_outcome out;
	const struct notify_abi_data_report *res = SCT_REPORT(&out.rep, struct notify_abi_data_report);
	long ip = (long)sct_arch_syscall6_ip();

	REQUIRE_NOTIF(SCT_F_FILTER_MODE);
	REQUIRE_CALL_SITE();
	RUN(data_supervisor, NULL, out);
	ASSERT_EQ(0, res->recv) TH_LOG("the call was not received");
	EXPECT_EQ(ip, res->ip) {
		TH_LOG("instruction_pointer %#lx, the call site's next instruction is %#lx",
		       res->ip, ip);
	}
	EXPECT_EQ(NOTIFIED_NR, res->nr);
	EXPECT_EQ(sct_arch_native()->audit_arch, (uint32_t)res->arch);
	for (int i = 0; i < 6; i++) {
		EXPECT_EQ(whole_args[i], res->args[i]) {
			TH_LOG("args[%d] %#lx, the call passed %#lx", i, res->args[i],
			       whole_args[i]);
		}
	}
	EXPECT_RESULT(0, res->send, "the reply");
	EXPECT_EQ(9, res->raw);
}

/* ---- no fd left for the listener ---------------------------------------------------- */

/*
 * seccomp_set_mode_filter takes the listener's fd (get_unused_fd_flags)
 * before it attaches anything: with every fd below RLIMIT_NOFILE in use the
 * call is EMFILE and the filter is freed unattached, so getppid, which it
 * would answer EPERM, still runs. One fd closed, the same call succeeds.
 */
struct notify_abi_nf_report {
	long fill;
	long first;
	long ppid_after;
	long second;
	long ppid_filtered;
	long ppid_errno;
};

static int no_fd_child(struct sct_report *rep, void *arg)
{
	struct notify_abi_nf_report *res = SCT_REPORT(rep, struct notify_abi_nf_report);
	struct sct_filter *f = sct_filter_for_nr(NOTIFIED_NR, SECCOMP_RET_ERRNO | EPERM,
						 SECCOMP_RET_ALLOW);
	struct rlimit lim = { .rlim_cur = 64, .rlim_max = 64 };
	pid_t parent = getppid();
	int last = -1, fd;

	(void)arg;
	if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_max < 64)
		lim.rlim_cur = lim.rlim_max;
	else
		lim.rlim_cur = 64;
	if (setrlimit(RLIMIT_NOFILE, &lim))
		return sct_report_broken(rep, "setrlimit(RLIMIT_NOFILE)");
	while ((fd = dup(0)) >= 0)
		last = fd;
	res->fill = -errno;
	if (last < 0)
		return sct_report_broken(rep, "dup(0) to fill the fd table");
	res->first = sct_install_filter(f, SECCOMP_FILTER_FLAG_NEW_LISTENER);
	res->ppid_after = getppid() == parent;
	close(last);
	res->second = sct_install_filter(f, SECCOMP_FILTER_FLAG_NEW_LISTENER);
	res->ppid_filtered = syscall(NOTIFIED_NR);
	res->ppid_errno = errno;
	sct_filter_free(f);
	return 0;
}

TEST(new_listener_without_a_free_fd_emfile_and_unattached)
{
	struct sct_outcome out;
	const struct notify_abi_nf_report *res = SCT_REPORT(&out.rep, struct notify_abi_nf_report);

	REQUIRE_NOTIF(SCT_F_FILTER_MODE);
	ASSERT_EQ(0, sct_run_child(no_fd_child, NULL, 0, &out));
	ASSERT_EXITED(out, 0);
	ASSERT_EQ(-EMFILE, res->fill) TH_LOG("dup(0) did not end at the fd limit");
	EXPECT_RESULT(-EMFILE, res->first, "NEW_LISTENER with no fd free");
	EXPECT_EQ(1, res->ppid_after) TH_LOG("the refused filter answered getppid");
	EXPECT_LE(0, res->second) {
		char r[32];

		TH_LOG("NEW_LISTENER with one fd free: %s",
		       sct_result_str(res->second, r, sizeof(r)));
	}
	EXPECT_EQ(-1, res->ppid_filtered);
	EXPECT_EQ(EPERM, res->ppid_errno);
}

SCT_SUITE_MAIN("SECCOMP_RET_USER_NOTIF interface edges: ioctl requests the listener does not "
	       "know, bad user pointers, raw reply values, the seccomp_data of a notification "
	       "(instruction_pointer, arch, nr, six whole arguments), NEW_LISTENER with no fd "
	       "free.")
