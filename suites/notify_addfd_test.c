// SPDX-License-Identifier: GPL-2.0-only
/*
 * notify_addfd_test - SECCOMP_IOCTL_NOTIF_ADDFD: the supervisor installs its
 * files in the target of a notification, at the lowest free number or at
 * newfd (SETFD), with O_CLOEXEC if asked, optionally answering the call with
 * the new number (FLAG_SEND); every error it documents; several ADDFDs in
 * one notification; ADDFD against other ADDFDs and against signals.
 *
 * The target (target_main) builds a known descriptor table before its
 * notified getppid(): 0-2 inherited, 3 and 5 /dev/null, 4 free (the hole),
 * 6 and up free. After the call it writes each descriptor's number into the
 * regular file behind it -- the supervisor's memfds are the only regular
 * files it has -- and reports which of its fds 3..63 are open and which are
 * close-on-exec. The supervisor reads its memfds back, so a test knows
 * through which number the target reached each of them.
 *
 * Behaviour checked against kernel/seccomp.c (seccomp_notify_addfd,
 * seccomp_handle_addfd, seccomp_do_user_notification, seccomp_notify_ioctl)
 * and fs/file.c (receive_fd, receive_fd_replace, replace_fd).
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "notif.h"
#include "suite.h"

#define NOTIFIED_NR __NR_getppid
#define WAIT_MS SCT_NOTIF_WAIT_MS
#define ADDFD_VER0 24U		/* SECCOMP_NOTIFY_ADDFD_SIZE_VER0, include/linux/seccomp.h */
#define REPLY_VAL 77L		/* the supervisor's answer when it has no fd to return */
#define NSRC 4			/* memfds a supervisor offers: source 0..3 */
#define NOT_LANDED (-1L)	/* the target never wrote through a source */

/* The target's descriptor table at its call (build_table). */
#define NULL_FD_A 3
#define HOLE_FD 4
#define NULL_FD_B 5
#define NEXT_FREE_FD 6
#define SCAN_END 64		/* the target reports on its fds 3..63 */
#define FD_BIT(n) (1UL << (n))
#define TABLE_FDS (FD_BIT(NULL_FD_A) | FD_BIT(NULL_FD_B))
#define SOME_FREE_FD 42

/* What every experiment here reports: the target writes returned to
 * cloexec_fds, the supervisor the rest; each test's report embeds this one. */
struct notify_addfd_report {
	long returned;		/* the target's last notified call returned */
	long done;		/* ... and its fds were scanned */
	long open_fds;		/* bit n: fd n (3..63) open after the call */
	long cloexec_fds;	/* bit n: ... with FD_CLOEXEC */
	long recv;		/* result of the first NOTIF_RECV */
	long reply;		/* NOTIF_SEND of the answer (0 when none was needed) */
	long landed[NSRC];	/* the fd number that reached source i */
};

/* ---- the target ---------------------------------------------------------------- */

struct target_spec {
	int calls;		/* notified calls to make; 0 means 1 */
	bool limit_nofile;	/* lower RLIMIT_NOFILE (soft) to nofile first */
	rlim_t nofile;
};

static int build_table(struct sct_report *rep)
{
	if (close_range(NULL_FD_A, ~0U, 0))
		return sct_report_broken(rep, "target: close_range(3, ~0)");
	for (int want = NULL_FD_A; want <= NULL_FD_B; want++)
		if (open("/dev/null", O_RDONLY) != want)
			return sct_report_broken(rep, "target: open /dev/null as fds 3-5");
	if (close(HOLE_FD))
		return sct_report_broken(rep, "target: close fd 4");
	return 0;
}

/* Use every fd the call may have brought: write its number into the
 * regular file behind it, and report which are open and close-on-exec. */
static int scan_fds(struct sct_report *rep)
{
	unsigned long open_fds = 0, cloexec = 0;

	for (int fd = NULL_FD_A; fd < SCAN_END; fd++) {
		int fl = fcntl(fd, F_GETFD);
		char num[16];
		struct stat st;
		int len;

		if (fl < 0)
			continue;
		open_fds |= FD_BIT(fd);
		if (fl & FD_CLOEXEC)
			cloexec |= FD_BIT(fd);
		if (fstat(fd, &st))
			return sct_report_broken(rep, "target: fstat an open fd");
		if (!S_ISREG(st.st_mode))
			continue;
		len = snprintf(num, sizeof(num), "%d", fd);
		if (pwrite(fd, num, len, 0) != len)
			return sct_report_broken(rep, "target: write through an added fd");
	}
	SCT_REPORT(rep, struct notify_addfd_report)->open_fds = (long)open_fds;
	SCT_REPORT(rep, struct notify_addfd_report)->cloexec_fds = (long)cloexec;
	return 0;
}

static int target_main(struct sct_report *rep, void *arg)
{
	struct notify_addfd_report *res = SCT_REPORT(rep, struct notify_addfd_report);
	const struct target_spec *t = arg;
	struct rlimit lim;
	long ret = 0;

	if (build_table(rep))
		return 99;
	if (t->limit_nofile) {
		if (getrlimit(RLIMIT_NOFILE, &lim))
			return sct_report_broken(rep, "target: getrlimit(NOFILE)");
		lim.rlim_cur = t->nofile;
		if (setrlimit(RLIMIT_NOFILE, &lim))
			return sct_report_broken(rep, "target: setrlimit(NOFILE)");
	}
	res->returned = 0;	/* touch the page before the call */
	for (int i = 0; i < (t->calls ?: 1); i++) {
		ret = syscall(NOTIFIED_NR);
		rep->err = ret == -1 ? errno : 0;
		rep->ret = ret;
	}
	__atomic_store_n(&res->returned, 1, __ATOMIC_RELEASE);
	if (scan_fds(rep))
		return 99;
	__atomic_store_n(&res->done, 1, __ATOMIC_RELEASE);
	return 0;
}

static const struct target_spec one_call = { .calls = 1 };

/* ---- the supervisor ------------------------------------------------------------- */

struct sup {
	struct sct_report *rep;
	pid_t target;
	int fd;				/* the listener */
	int src[NSRC];			/* the files offered to the target */
	struct seccomp_notif req;	/* the last notification received */
};

/* Make the sources and spawn a target whose getppid() notifies us.
 * Returns 0, or the exit code for a broken set-up. */
static int sup_start(struct sup *s, struct sct_report *rep, const struct target_spec *t)
{
	struct sct_filter *f;

	s->rep = rep;
	for (int i = 0; i < NSRC; i++) {
		/* CLOEXEC here says nothing about the installed fd: newfd_flags do */
		s->src[i] = memfd_create("sct-addfd", MFD_CLOEXEC);
		if (s->src[i] < 0)
			return sct_report_broken(rep, "memfd_create");
		SCT_REPORT(rep, struct notify_addfd_report)->landed[i] = NOT_LANDED;
	}
	f = sct_filter_for_nr(NOTIFIED_NR, SECCOMP_RET_USER_NOTIF, SECCOMP_RET_ALLOW);
	s->target = sct_notif_spawn(f, 0, target_main, rep, (void *)t, &s->fd);
	sct_filter_free(f);
	if (s->target < 0) {
		errno = -s->target;
		return sct_report_broken(rep, "spawn a target with a listener");
	}
	return 0;
}

/* Start the target and receive its first notification, or end the
 * supervisor: broken set-up, or exit 0 with S_RECV saying what RECV met. */
#define SUP_BEGIN(s, rep, spec) do {					\
	int _r = sup_start((s), (rep), (spec));				\
	if (_r)								\
		return _r;						\
	SCT_REPORT((rep), struct notify_addfd_report)->recv = sct_notif_recv((s)->fd, &(s)->req, WAIT_MS); \
	if (SCT_REPORT((rep), struct notify_addfd_report)->recv)						\
		return 0;						\
} while (0)

/* ADDFD of source i to the last notification: the fd number or -errno. */
static long sup_addfd(struct sup *s, int i, uint32_t newfd, uint32_t flags, uint32_t newfd_flags)
{
	return sct_notif_addfd(s->fd, s->req.id, s->src[i], newfd, flags, newfd_flags);
}

/* Answer the call unless a successful FLAG_SEND did: with the fd number
 * the ADDFD returned, or REPLY_VAL when it failed. */
static void sup_answer(struct sup *s, long addfd_result, bool send)
{
	if (send && addfd_result >= 0)
		return;
	SCT_REPORT(s->rep, struct notify_addfd_report)->reply = sct_notif_send(s->fd, s->req.id,
					      addfd_result >= 0 ? addfd_result : REPLY_VAL, 0, 0);
}

/* Wait for the target to finish, then read which number reached each source. */
static void sup_finish(struct sup *s)
{
	char buf[16];

	sct_wait_slot(&SCT_REPORT(s->rep, struct notify_addfd_report)->done, WAIT_MS);
	for (int i = 0; i < NSRC; i++) {
		ssize_t n = pread(s->src[i], buf, sizeof(buf) - 1, 0);

		if (n > 0) {
			buf[n] = '\0';
			SCT_REPORT(s->rep, struct notify_addfd_report)->landed[i] = strtol(buf, NULL, 10);
		}
	}
}

/* Give up on the experiment but let the target go: answer and wait. */
static int sup_release(struct sup *s)
{
	sup_answer(s, -1, false);
	sup_finish(s);
	return 0;
}

/* ---- assertions on what the processes saw -------------------------------- */

#define EXPECT_RESULT SCT_EXPECT_RESULT

/* The supervisor ran to its end without a broken set-up and received the
 * target's notification. */
#define RUN_RECEIVED(fn, arg, out) do {					\
	ASSERT_EQ(0, sct_run_child((fn), (void *)(arg), 0, &(out)));	\
	ASSERT_EXITED(out, 0);						\
	ASSERT_EQ(0, SCT_REPORT(&(out).rep, struct notify_addfd_report)->recv) {				\
		char _r[32];						\
		TH_LOG("NOTIF_RECV of the target's call: %s",		\
		       sct_result_str(SCT_REPORT(&(out).rep, struct notify_addfd_report)->recv, _r, 32));	\
	}								\
} while (0)

static const char *target_str(const struct sct_outcome *out, char *buf, size_t len)
{
	if (!SCT_REPORT(&out->rep, struct notify_addfd_report)->returned)
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
	EXPECT_TRUE(SCT_REPORT(&(out).rep, struct notify_addfd_report)->returned && (out).rep.ret == (long)(want)) { \
		TH_LOG("expected the call to return %ld; %s", (long)(want), \
		       target_str(&(out), _t, sizeof(_t)));		\
	}								\
} while (0)

/* "3,5,42" */
static const char *fds_str(unsigned long mask, char *buf, size_t len)
{
	size_t at = 0;

	buf[0] = '\0';
	for (int fd = 0; fd < SCAN_END && at < len; fd++)
		if (mask & FD_BIT(fd))
			at += snprintf(buf + at, len - at, "%s%d", at ? "," : "", fd);
	return at ? buf : "none";
}

/* After the call the target's fds 3..63 are exactly `open`, and exactly
 * `cloexec` of them have FD_CLOEXEC. */
#define EXPECT_FDS(out, open, cloexec) do {				\
	char _w[96], _g[96];						\
	ASSERT_TRUE(SCT_REPORT(&(out).rep, struct notify_addfd_report)->done) TH_LOG("the target never reported its fds"); \
	EXPECT_EQ((unsigned long)(open), (unsigned long)SCT_REPORT(&(out).rep, struct notify_addfd_report)->open_fds) { \
		TH_LOG("open fds in the target: expected %s, got %s",	\
		       fds_str((open), _w, 96), fds_str(SCT_REPORT(&(out).rep, struct notify_addfd_report)->open_fds, _g, 96)); \
	}								\
	EXPECT_EQ((unsigned long)(cloexec), (unsigned long)SCT_REPORT(&(out).rep, struct notify_addfd_report)->cloexec_fds) { \
		TH_LOG("FD_CLOEXEC fds in the target: expected %s, got %s", \
		       fds_str((cloexec), _w, 96), fds_str(SCT_REPORT(&(out).rep, struct notify_addfd_report)->cloexec_fds, _g, 96)); \
	}								\
} while (0)

/* Source i reached the target as fd `fd` (NOT_LANDED: never). */
#define EXPECT_LANDED(out, i, fd) do {					\
	EXPECT_EQ((long)(fd), SCT_REPORT(&(out).rep, struct notify_addfd_report)->landed[(i)]) {		\
		TH_LOG("source %d: expected the target to reach it as fd %ld, "	\
		       "it did as %ld (-1: never)", (i), (long)(fd),	\
		       SCT_REPORT(&(out).rep, struct notify_addfd_report)->landed[(i)]);			\
	}								\
} while (0)

/* Every case needs a listener and ADDFD; FLAG_SEND needs 5.14. */
#define REQUIRE_ADDFD(send) do {					\
	SCT_REQUIRE(SCT_F_RET_USER_NOTIF);				\
	SCT_REQUIRE(SCT_F_FLAG_NEW_LISTENER);				\
	SCT_REQUIRE(SCT_F_NOTIF_ADDFD);					\
	if (send)							\
		SCT_REQUIRE(SCT_F_NOTIF_ADDFD_SEND);			\
} while (0)

/* ---- one ADDFD: where it lands, and every error ------------------------------- */

/*
 * seccomp_notify_addfd, in its order: the ioctl size (from the request
 * number, EA_IOCTL in seccomp_notify_ioctl, which also ignores the direction
 * bits) below SECCOMP_NOTIFY_ADDFD_SIZE_VER0 or at/above PAGE_SIZE is
 * EINVAL; copy_struct_from_user: a longer struct must end in zeros (E2BIG),
 * an unreadable one is EFAULT; newfd_flags other than O_CLOEXEC, unknown
 * flags and newfd without SETFD are EINVAL; srcfd must be open (fget:
 * EBADF); the id must be a pending notification (find_notification:
 * ENOENT). The target then installs the file itself (seccomp_handle_addfd):
 * receive_fd takes its lowest free number under its RLIMIT_NOFILE (EMFILE),
 * receive_fd_replace/replace_fd put it at newfd, closing what was there,
 * EBADF at or above RLIMIT_NOFILE. A failed install leaves the notification
 * to be answered normally, also with FLAG_SEND (state back to SENT).
 */
enum addfd_src { SRC_MEMFD, SRC_MINUS_ONE, SRC_CLOSED };
enum addfd_id { ID_RECEIVED, ID_UNKNOWN };
enum addfd_size { SIZE_STRUCT, SIZE_BYTES, SIZE_PAGE };	/* PAGE: PAGE_SIZE + bytes */
enum addfd_buf { BUF_PLAIN, BUF_NULL, BUF_TAIL_UNMAPPED };

FIXTURE(addfd) {};
FIXTURE_VARIANT(addfd) {
	uint32_t flags;
	uint32_t newfd;
	uint32_t newfd_flags;
	enum addfd_src src;
	enum addfd_id id;
	enum addfd_size size;
	int bytes;
	uint8_t last_byte;		/* the buffer's last byte, beyond the struct */
	enum addfd_buf buf;
	bool limit_nofile;		/* the target's RLIMIT_NOFILE is nofile */
	rlim_t nofile;
	long want;			/* the fd number, or -errno */
};
#define SETFD SECCOMP_ADDFD_FLAG_SETFD
#define SEND SECCOMP_ADDFD_FLAG_SEND
FIXTURE_VARIANT_ADD(addfd, lowest_free_fd_fills_the_hole) { .want = HOLE_FD };
FIXTURE_VARIANT_ADD(addfd, cloexec_sets_fd_cloexec) { .newfd_flags = O_CLOEXEC, .want = HOLE_FD };
FIXTURE_VARIANT_ADD(addfd, setfd_free_number) {
	.flags = SETFD, .newfd = SOME_FREE_FD, .want = SOME_FREE_FD };
FIXTURE_VARIANT_ADD(addfd, setfd_replaces_an_open_fd) {
	.flags = SETFD, .newfd = NULL_FD_A, .want = NULL_FD_A };
FIXTURE_VARIANT_ADD(addfd, send_answers_with_the_fd) { .flags = SEND, .want = HOLE_FD };
FIXTURE_VARIANT_ADD(addfd, send_setfd_cloexec) {
	.flags = SEND | SETFD, .newfd = SOME_FREE_FD, .newfd_flags = O_CLOEXEC, .want = SOME_FREE_FD };
FIXTURE_VARIANT_ADD(addfd, extended_zero_tail_accepted) {
	.size = SIZE_BYTES, .bytes = ADDFD_VER0 + 8, .want = HOLE_FD };
FIXTURE_VARIANT_ADD(addfd, page_size_minus_one_zero_tail_accepted) {
	.size = SIZE_PAGE, .bytes = -1, .want = HOLE_FD };
FIXTURE_VARIANT_ADD(addfd, size_zero_einval) { .size = SIZE_BYTES, .bytes = 0, .want = -EINVAL };
FIXTURE_VARIANT_ADD(addfd, size_ver0_minus_one_einval) {
	.size = SIZE_BYTES, .bytes = ADDFD_VER0 - 1, .want = -EINVAL };
FIXTURE_VARIANT_ADD(addfd, extended_nonzero_tail_e2big) {
	.size = SIZE_BYTES, .bytes = ADDFD_VER0 + 8, .last_byte = 0x80, .want = -E2BIG };
FIXTURE_VARIANT_ADD(addfd, page_size_minus_one_nonzero_last_byte_e2big) {
	.size = SIZE_PAGE, .bytes = -1, .last_byte = 1, .want = -E2BIG };
FIXTURE_VARIANT_ADD(addfd, page_size_einval) { .size = SIZE_PAGE, .bytes = 0, .want = -EINVAL };
FIXTURE_VARIANT_ADD(addfd, above_page_size_einval) {
	.size = SIZE_PAGE, .bytes = 8, .want = -EINVAL };
FIXTURE_VARIANT_ADD(addfd, null_pointer_efault) { .buf = BUF_NULL, .want = -EFAULT };
FIXTURE_VARIANT_ADD(addfd, extended_tail_unmapped_efault) {
	.buf = BUF_TAIL_UNMAPPED, .size = SIZE_BYTES, .bytes = ADDFD_VER0 + 8, .want = -EFAULT };
FIXTURE_VARIANT_ADD(addfd, newfd_flags_nonblock_einval) {
	.newfd_flags = O_NONBLOCK, .want = -EINVAL };
FIXTURE_VARIANT_ADD(addfd, newfd_flags_all_but_cloexec_einval) {
	.newfd_flags = ~(uint32_t)O_CLOEXEC, .want = -EINVAL };
FIXTURE_VARIANT_ADD(addfd, unknown_flag_einval) { .flags = 1U << 2, .want = -EINVAL };
FIXTURE_VARIANT_ADD(addfd, top_flag_einval) { .flags = 1U << 31, .want = -EINVAL };
FIXTURE_VARIANT_ADD(addfd, newfd_without_setfd_einval) { .newfd = SOME_FREE_FD, .want = -EINVAL };
FIXTURE_VARIANT_ADD(addfd, newfd_with_send_only_einval) {
	.flags = SEND, .newfd = SOME_FREE_FD, .want = -EINVAL };
FIXTURE_VARIANT_ADD(addfd, srcfd_minus_one_ebadf) { .src = SRC_MINUS_ONE, .want = -EBADF };
FIXTURE_VARIANT_ADD(addfd, srcfd_closed_ebadf) { .src = SRC_CLOSED, .want = -EBADF };
FIXTURE_VARIANT_ADD(addfd, unknown_id_enoent) { .id = ID_UNKNOWN, .want = -ENOENT };
FIXTURE_VARIANT_ADD(addfd, nofile_0_emfile) { .limit_nofile = true, .nofile = 0, .want = -EMFILE };
FIXTURE_VARIANT_ADD(addfd, nofile_0_send_emfile_call_still_answerable) {
	.flags = SEND, .limit_nofile = true, .nofile = 0, .want = -EMFILE };
FIXTURE_VARIANT_ADD(addfd, setfd_0_under_nofile_0_ebadf) {
	.flags = SETFD, .newfd = 0, .limit_nofile = true, .nofile = 0, .want = -EBADF };
FIXTURE_VARIANT_ADD(addfd, setfd_at_nofile_ebadf) {
	.flags = SETFD, .newfd = 40, .limit_nofile = true, .nofile = 40, .want = -EBADF };
FIXTURE_VARIANT_ADD(addfd, setfd_send_at_nofile_ebadf_call_still_answerable) {
	.flags = SETFD | SEND, .newfd = 40, .limit_nofile = true, .nofile = 40, .want = -EBADF };
FIXTURE_VARIANT_ADD(addfd, setfd_just_below_nofile) {
	.flags = SETFD, .newfd = 39, .limit_nofile = true, .nofile = 40, .want = 39 };
FIXTURE_SETUP(addfd) {}
FIXTURE_TEARDOWN(addfd) {}

struct notify_addfd_ad_report {
	struct notify_addfd_report base;	/* the results its file shares */
	long result;
};

/* Lay out the struct as the row says: in zeroed memory three pages long,
 * or ending where an unreadable page begins. Returns 0, or the exit code
 * for a broken set-up. */
static int place_addfd(struct sct_report *rep, const FIXTURE_VARIANT(addfd) *v,
		       const struct seccomp_notif_addfd *a, void **arg, unsigned int *size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	unsigned char *mem = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (mem == MAP_FAILED)
		return sct_report_broken(rep, "mmap the ADDFD buffer");
	*size = v->size == SIZE_STRUCT ? sizeof(*a) :
		v->size == SIZE_BYTES ? (unsigned int)v->bytes : (unsigned int)(page + v->bytes);
	if (v->buf == BUF_TAIL_UNMAPPED) {
		if (mprotect(mem + page, page, PROT_NONE))
			return sct_report_broken(rep, "mprotect(PROT_NONE)");
		mem += page - sizeof(*a);
	}
	memcpy(mem, a, sizeof(*a));
	if (v->last_byte)
		mem[*size - 1] = v->last_byte;
	*arg = v->buf == BUF_NULL ? NULL : mem;
	return 0;
}

/* srcfd as the row says: a memfd, -1, or a number we do not have open. */
static uint32_t src_number(const struct sup *s, enum addfd_src src)
{
	int free_fd;

	if (src == SRC_MEMFD)
		return (uint32_t)s->src[0];
	if (src == SRC_MINUS_ONE)
		return (uint32_t)-1;
	free_fd = dup(0);	/* the lowest number we have free ... */
	close(free_fd);		/* ... and free again */
	return (uint32_t)free_fd;
}

static int addfd_child(struct sct_report *rep, void *arg)
{
	const FIXTURE_VARIANT(addfd) *v = arg;
	struct target_spec spec = { .limit_nofile = v->limit_nofile, .nofile = v->nofile };
	struct seccomp_notif_addfd a;
	unsigned int size = 0;
	void *buf = NULL;
	struct sup s;

	SUP_BEGIN(&s, rep, &spec);
	a = (struct seccomp_notif_addfd){
		.id = v->id == ID_UNKNOWN ? s.req.id + 1000 : s.req.id,
		.flags = v->flags,
		.srcfd = src_number(&s, v->src),
		.newfd = v->newfd,
		.newfd_flags = v->newfd_flags,
	};
	if (place_addfd(rep, v, &a, &buf, &size)) {
		sup_release(&s);
		return 99;
	}
	SCT_REPORT(rep, struct notify_addfd_ad_report)->result = sct_notif_addfd_sized(s.fd, buf, size);
	sup_answer(&s, SCT_REPORT(rep, struct notify_addfd_ad_report)->result, v->flags & SEND);
	sup_finish(&s);
	return 0;
}

TEST_F(addfd, install)
{
	long want = variant->want;
	bool cloexec = variant->newfd_flags & O_CLOEXEC;
	struct sct_outcome out;

	REQUIRE_ADDFD(variant->flags & SEND);
	RUN_RECEIVED(addfd_child, variant, out);
	EXPECT_RESULT(want, SCT_REPORT(&out.rep, struct notify_addfd_ad_report)->result, "NOTIF_ADDFD");
	EXPECT_RESULT(0, SCT_REPORT(&out.rep, struct notify_addfd_report)->reply, "the answer to the call");
	/* the call returns the new fd: by FLAG_SEND, or because we said so */
	EXPECT_TARGET_RET(out, want >= 0 ? want : REPLY_VAL);
	if (want >= 0) {
		EXPECT_FDS(out, TABLE_FDS | FD_BIT(want), cloexec ? FD_BIT(want) : 0);
		EXPECT_LANDED(out, 0, want);
	} else {
		EXPECT_FDS(out, TABLE_FDS, 0);
		EXPECT_LANDED(out, 0, NOT_LANDED);
	}
}

/* ---- several ADDFDs in one notification ----------------------------------------- */

/*
 * Each ADDFD is installed by the target before the ioctl returns
 * (seccomp_handle_addfd completes it), so the next plain one takes the next
 * lowest free number; SETFD onto an open fd replaces it (replace_fd); the
 * last, with FLAG_SEND, also answers the call. Step i installs source i.
 */
static const struct addfd_step {
	uint32_t flags, newfd, newfd_flags;
	long want;
} steps[NSRC] = {
	{ .want = HOLE_FD },					/* the hole first */
	{ .newfd_flags = O_CLOEXEC, .want = NEXT_FREE_FD },	/* then above the table */
	{ .flags = SETFD, .newfd = NULL_FD_A, .want = NULL_FD_A },	/* over /dev/null */
	{ .flags = SEND, .want = NEXT_FREE_FD + 1 },		/* and answer with it */
};

struct notify_addfd_mu_report {
	struct notify_addfd_report base;	/* the results its file shares */
	long result[NSRC];			/* step i's ADDFD */
};

static int several_child(struct sct_report *rep, void *arg)
{
	struct sup s;

	(void)arg;
	SUP_BEGIN(&s, rep, &one_call);
	for (int i = 0; i < NSRC; i++)
		SCT_REPORT(rep, struct notify_addfd_mu_report)->result[i] = sup_addfd(&s, i, steps[i].newfd, steps[i].flags,
						    steps[i].newfd_flags);
	if (SCT_REPORT(rep, struct notify_addfd_mu_report)->result[NSRC - 1] < 0)
		sup_answer(&s, -1, false);
	sup_finish(&s);
	return 0;
}

TEST(several_addfds_then_send_in_one_notification)
{
	unsigned long open_fds = TABLE_FDS, cloexec = 0;
	struct sct_outcome out;

	REQUIRE_ADDFD(true);
	RUN_RECEIVED(several_child, NULL, out);
	for (int i = 0; i < NSRC; i++) {
		char what[32];

		snprintf(what, sizeof(what), "ADDFD number %d", i + 1);
		EXPECT_RESULT(steps[i].want, SCT_REPORT(&out.rep, struct notify_addfd_mu_report)->result[i], what);
		EXPECT_LANDED(out, i, steps[i].want);
		open_fds |= FD_BIT(steps[i].want);
		if (steps[i].newfd_flags & O_CLOEXEC)
			cloexec |= FD_BIT(steps[i].want);
	}
	EXPECT_TARGET_RET(out, steps[NSRC - 1].want);
	EXPECT_FDS(out, open_fds, cloexec);
}

/* ---- the notification's state ------------------------------------------------------ */

/*
 * find_notification / knotif->state: an ADDFD before the notification was
 * received is EINPROGRESS (INIT, not SENT); once the call returned -- by a
 * reply or a FLAG_SEND -- or its target was killed the id is gone (ENOENT).
 * The id of the waiting notification is the previous one + 1.
 */
enum addfd_when { NOT_YET_RECEIVED, AFTER_REPLY, AFTER_SEND_ADDFD, TARGET_KILLED };
FIXTURE(addfd_state) {};
FIXTURE_VARIANT(addfd_state) {
	enum addfd_when when;
	long want_prep;			/* what the step before the ADDFD returned */
	long want;
};
FIXTURE_VARIANT_ADD(addfd_state, not_yet_received_einprogress) {
	.when = NOT_YET_RECEIVED, .want = -EINPROGRESS };
FIXTURE_VARIANT_ADD(addfd_state, after_reply_enoent) { .when = AFTER_REPLY, .want = -ENOENT };
FIXTURE_VARIANT_ADD(addfd_state, after_send_addfd_returned_enoent) {
	.when = AFTER_SEND_ADDFD, .want_prep = HOLE_FD, .want = -ENOENT };
FIXTURE_VARIANT_ADD(addfd_state, target_killed_enoent) { .when = TARGET_KILLED, .want = -ENOENT };
FIXTURE_SETUP(addfd_state) {}
FIXTURE_TEARDOWN(addfd_state) {}

struct notify_addfd_sa_report {
	struct notify_addfd_report base;	/* the results its file shares */
	long prep;
	long wait;
	long op;
	long recv2;
};

static int addfd_state_child(struct sct_report *rep, void *arg)
{
	struct notify_addfd_sa_report *res = SCT_REPORT(rep, struct notify_addfd_sa_report);
	const FIXTURE_VARIANT(addfd_state) *v = arg;
	static const struct target_spec two_calls = { .calls = 2 };
	struct sup s;

	SUP_BEGIN(&s, rep, v->when == NOT_YET_RECEIVED ? &two_calls : &one_call);
	switch (v->when) {
	case NOT_YET_RECEIVED:
		res->prep = sct_notif_send(s.fd, s.req.id, REPLY_VAL, 0, 0);
		res->wait = sct_notif_wait(s.fd, WAIT_MS);
		s.req.id++;
		break;
	case AFTER_REPLY:
		res->prep = sct_notif_send(s.fd, s.req.id, REPLY_VAL, 0, 0);
		res->wait = !sct_wait_slot(&SCT_REPORT(rep, struct notify_addfd_report)->returned, WAIT_MS);
		break;
	case AFTER_SEND_ADDFD:
		res->prep = sup_addfd(&s, 0, 0, SEND, 0);
		res->wait = !sct_wait_slot(&SCT_REPORT(rep, struct notify_addfd_report)->returned, WAIT_MS);
		break;
	case TARGET_KILLED:
		kill(s.target, SIGKILL);
		res->prep = sct_waitpid_timeout(s.target, NULL, WAIT_MS);
		break;
	}
	res->op = sup_addfd(&s, 1, 0, 0, 0);
	if (v->when == NOT_YET_RECEIVED) {
		res->recv2 = sct_notif_recv(s.fd, &s.req, WAIT_MS);
		if (!res->recv2)
			sup_answer(&s, -1, false);
	}
	if (v->when != TARGET_KILLED)
		sup_finish(&s);
	return 0;
}

TEST_F(addfd_state, addfd)
{
	struct sct_outcome out;
	const struct notify_addfd_sa_report *res = SCT_REPORT(&out.rep, struct notify_addfd_sa_report);

	REQUIRE_ADDFD(variant->when == AFTER_SEND_ADDFD);
	RUN_RECEIVED(addfd_state_child, variant, out);
	EXPECT_RESULT(variant->want_prep, res->prep, "the step before the ADDFD");
	ASSERT_EQ(0, res->wait) TH_LOG("the call never reached the state to test");
	EXPECT_RESULT(variant->want, res->op, "NOTIF_ADDFD");
	if (variant->when == TARGET_KILLED)
		return;
	if (variant->when == NOT_YET_RECEIVED) {
		EXPECT_RESULT(0, res->recv2, "NOTIF_RECV of the second call");
		EXPECT_RESULT(0, SCT_REPORT(&out.rep, struct notify_addfd_report)->reply, "the answer to the second call");
	}
	EXPECT_LANDED(out, 1, NOT_LANDED);
	EXPECT_TARGET_RET(out, variant->when == AFTER_SEND_ADDFD ? HOLE_FD : REPLY_VAL);
}

/* ---- ADDFD racing the target: one CPU, strict priorities ------------------- */

/*
 * An ADDFD queues the file, wakes the target and sleeps until the target
 * installed it (seccomp_handle_addfd). A racer thread (lib/notif.h: the
 * supervisor SCHED_FIFO 99, the racer FIFO 50, the target SCHED_IDLE, all
 * on one CPU) acts inside that window every time. Needs CAP_SYS_NICE.
 */
struct race_arg {
	struct sup *s;
	pthread_t supervisor;
	long result;
};

static void race_addfd_send(void *p)
{
	struct race_arg *a = p;

	a->result = sup_addfd(a->s, 1, 0, SEND, 0);
}

static void race_signal(void *p)
{
	struct race_arg *a = p;

	a->result = -pthread_kill(a->supervisor, SIGUSR1);
}

static const struct race_case {
	void (*racer)(void *);
	uint32_t flags, newfd, newfd_flags;	/* the supervisor's ADDFD of source 0 */
} queued_case = {
	.racer = race_addfd_send,
}, interrupted_case = {
	.racer = race_signal, .flags = SETFD | SEND, .newfd = SOME_FREE_FD, .newfd_flags = O_CLOEXEC,
};

static void on_sigusr1(int sig)
{
	(void)sig;
}

struct notify_addfd_rc_report {
	struct notify_addfd_report base;	/* the results its file shares */
	long asleep;
	long rt;
	long first;
	long racer;
	long waiting;
	long retry;
};

/* The supervisor's ADDFD with the racer acting while it blocks; after a
 * signal, retry it once the target has run. */
static int race_child(struct sct_report *rep, void *arg)
{
	struct notify_addfd_rc_report *res = SCT_REPORT(rep, struct notify_addfd_rc_report);
	const struct race_case *c = arg;
	struct sigaction sa = { .sa_handler = on_sigusr1 };	/* no SA_RESTART: EINTR */
	struct race_arg ra = { .supervisor = pthread_self() };
	struct sct_racer racer;
	long before, after;
	struct sup s;

	if (sigaction(SIGUSR1, &sa, NULL))
		return sct_report_broken(rep, "sigaction(SIGUSR1)");
	errno = -sct_pin_to_current_cpu();
	if (errno)
		return sct_report_broken(rep, "pin to the current CPU");
	SUP_BEGIN(&s, rep, &one_call);
	ra.s = &s;
	res->asleep = sct_wait_task_blocked(s.target, -1, &before,
						    &SCT_REPORT(rep, struct notify_addfd_report)->returned, WAIT_MS);
	if (res->asleep)
		return sup_release(&s);
	res->rt = sct_race_start(&racer, s.target, c->racer, &ra);
	if (res->rt)
		return sup_release(&s);
	sct_race_arm(&racer);
	res->first = sup_addfd(&s, 0, c->newfd, c->flags, c->newfd_flags);
	sct_race_end(&racer);
	res->racer = ra.result;
	if (c->racer == race_addfd_send) {
		sup_answer(&s, res->first, false);
		sup_finish(&s);
		return 0;
	}
	/* the target runs now: it returns, or it sleeps again */
	if (!sct_wait_task_blocked(s.target, before, &after, &SCT_REPORT(rep, struct notify_addfd_report)->returned, WAIT_MS))
		res->waiting = !SCT_REPORT(rep, struct notify_addfd_report)->returned && after > before;
	res->retry = sup_addfd(&s, 0, c->newfd, c->flags, c->newfd_flags);
	if (res->retry < 0 && !SCT_REPORT(rep, struct notify_addfd_report)->returned)
		sup_answer(&s, -1, false);
	sup_finish(&s);
	return 0;
}

/* Run race_child for case c; SKIP when the scheduling it needs is refused. */
#define RUN_RACE(c, out) do {						\
	char _r[32];							\
	SCT_REQUIRE_CAP(CAP_SYS_NICE);					\
	REQUIRE_ADDFD(true);						\
	RUN_RECEIVED(race_child, (c), out);				\
	ASSERT_EQ(0, SCT_REPORT(&(out).rep, struct notify_addfd_rc_report)->asleep) TH_LOG("the target never slept in its call"); \
	if (SCT_REPORT(&(out).rep, struct notify_addfd_rc_report)->rt)					\
		SKIP(return, "SCHED_FIFO/SCHED_IDLE refused: %s (needs realtime runtime)", \
		     sct_result_str(SCT_REPORT(&(out).rep, struct notify_addfd_rc_report)->rt, _r, 32));	\
} while (0)

/*
 * FLAG_SEND with other ADDFDs queued is EBUSY (seccomp_notify_addfd:
 * "Disallow queuing an atomic addfd + send reply while there are some addfd
 * requests still to process"): the racer's ADDFD(SEND) comes while the
 * supervisor's plain ADDFD waits for the target, which installs it after.
 */
TEST(send_while_another_addfd_is_queued_ebusy)
{
	struct sct_outcome out;

	RUN_RACE(&queued_case, out);
	EXPECT_RESULT(-EBUSY, SCT_REPORT(&out.rep, struct notify_addfd_rc_report)->racer, "ADDFD(FLAG_SEND) while an ADDFD is queued");
	EXPECT_RESULT(HOLE_FD, SCT_REPORT(&out.rep, struct notify_addfd_rc_report)->first, "the queued ADDFD");
	EXPECT_RESULT(0, SCT_REPORT(&out.rep, struct notify_addfd_report)->reply, "the answer to the call");
	EXPECT_TARGET_RET(out, HOLE_FD);
	EXPECT_LANDED(out, 0, HOLE_FD);
	EXPECT_LANDED(out, 1, NOT_LANDED);
	EXPECT_FDS(out, TABLE_FDS | FD_BIT(HOLE_FD), 0);
}

/*
 * ADDFD(SETFD | SEND) interrupted by a signal before the target took the
 * file: seccomp_notify_addfd has marked the notification REPLIED ("Allow
 * exactly only one reply") and woken the target. On the signal it dequeues
 * its request and must put the state back to SENT, so that the woken target
 * finds no reply and waits on (seccomp_do_user_notification loops while
 * state != REPLIED), and a retried ADDFD is accepted and answers the call
 * with the fd. Without the fix the state stays REPLIED: the call returns 0
 * without the fd and the retry meets ENOENT.
 */
#define FIX_SEND_EINTR "832b9b176be0 (\"seccomp: restore knotif->state when " \
	"SECCOMP_ADDFD_FLAG_SEND is interrupted\", kees/for-next/seccomp, next-20260922)"

TEST(send_interrupted_call_keeps_waiting_and_retry_installs)
{
	const long fd = interrupted_case.newfd;
	struct sct_outcome out;
	const struct notify_addfd_rc_report *res = SCT_REPORT(&out.rep, struct notify_addfd_rc_report);
	char r[32], t[96];

	RUN_RACE(&interrupted_case, out);
	ASSERT_EQ(0, res->racer) TH_LOG("pthread_kill(SIGUSR1) failed");
	ASSERT_EQ(-EINTR, res->first) {
		TH_LOG("set-up: the signal did not interrupt the ADDFD before the target "
		       "took the file (ADDFD: %s)", sct_result_str(res->first, r, 32));
	}
	EXPECT_TRUE(res->waiting) {
		TH_LOG("after the interrupted ADDFD(SEND) the call must wait on; %s",
		       target_str(&out, t, sizeof(t)));
		TH_LOG("this case guards kernel commit %s", FIX_SEND_EINTR);
	}
	EXPECT_EQ(fd, res->retry) {
		TH_LOG("the retried ADDFD(SETFD | SEND): expected %ld, got %s", fd,
		       sct_result_str(res->retry, r, 32));
		TH_LOG("this case guards kernel commit %s", FIX_SEND_EINTR);
	}
	EXPECT_TARGET_RET(out, fd);
	if (res->retry != fd)
		return;		/* nothing was installed: the fd table says no more */
	EXPECT_LANDED(out, 0, fd);
	EXPECT_FDS(out, TABLE_FDS | FD_BIT(fd), FD_BIT(fd));
}

SCT_SUITE_MAIN("SECCOMP_IOCTL_NOTIF_ADDFD: lowest free fd, SETFD, O_CLOEXEC, FLAG_SEND, "
	       "extensible struct sizes, every error, RLIMIT_NOFILE, several ADDFDs in one "
	       "notification, EBUSY and a signal during ADDFD(SEND).")
