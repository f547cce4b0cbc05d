// SPDX-License-Identifier: GPL-2.0-only
/*
 * log_test - that seccomp logging happens: SECCOMP_RET_LOG, actions of a
 * filter installed with SECCOMP_FILTER_FLAG_LOG, and the
 * /proc/sys/kernel/seccomp/actions_logged switch.
 *
 * kernel/seccomp.c, seccomp_log(): ALLOW is never logged; LOG, KILL_THREAD
 * and KILL_PROCESS are logged when named in actions_logged; TRAP, ERRNO,
 * USER_NOTIF and TRACE only when the matching filter has FLAG_LOG too. A
 * logged action becomes an audit record of type AUDIT_SECCOMP (1326):
 *   audit(T:S): auid=.. uid=.. gid=.. ses=.. pid=PID comm=".." exe=".."
 *   sig=N arch=c000003e syscall=NR compat=0 ip=0x.. code=0xACTION
 *
 * The records are read from the audit netlink socket's multicast group
 * AUDIT_NLGRP_READLOG (CAP_AUDIT_READ) when we may join it: the kernel
 * copies every record there before printk (kauditd_send_queue), with no
 * rate limit. Otherwise from /dev/kmsg, where kauditd_printk_skb is subject
 * to printk_ratelimit() (shared with the whole system), so each case makes
 * exactly one logged event. With neither readable the cases SKIP.
 *
 * Absence is proved, not waited for: a case that expects no record makes
 * its call, then a marker call its filter kills (KILL_PROCESS, always
 * logged while "kill_process" is in actions_logged). Records are queued in
 * order (audit_log_end), so if the marker's record arrives without the
 * call's record before it, the call was not logged.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <linux/netlink.h>

#include "notif.h"
#include "suite.h"

#define ACTIONS_LOGGED "/proc/sys/kernel/seccomp/actions_logged"
#define MARKER_NR __NR_getpgrp		/* killed: ends a case that expects silence */
#define LOG_WAIT_MS 2000

/* ---- reading audit records ------------------------------------------------------ */

enum log_kind { LOG_AUDIT, LOG_KMSG };

struct log_src {
	enum log_kind kind;
	int fd;
};

/*
 * Open a reader positioned after everything logged so far. Returns 0, or
 * -errno with a sentence for the skip in why.
 */
static int log_open(struct log_src *s, char *why, size_t len)
{
	struct sockaddr_nl sa = {
		.nl_family = AF_NETLINK, .nl_groups = 1U << (AUDIT_NLGRP_READLOG - 1),
	};
	int audit_err, kmsg_err;

	s->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	if (s->fd < 0 && errno == EPROTONOSUPPORT) {
		snprintf(why, len, "no audit in this kernel (socket(NETLINK_AUDIT): "
			 "EPROTONOSUPPORT, CONFIG_AUDIT=n): seccomp logs nowhere");
		return -EPROTONOSUPPORT;
	}
	if (s->fd >= 0 && !bind(s->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		s->kind = LOG_AUDIT;
		return 0;
	}
	audit_err = errno;
	if (s->fd >= 0)
		close(s->fd);
	s->fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (s->fd >= 0 && lseek(s->fd, 0, SEEK_END) >= 0) {
		s->kind = LOG_KMSG;
		return 0;
	}
	kmsg_err = errno;
	if (s->fd >= 0)
		close(s->fd);
	snprintf(why, len, "no readable kernel log: audit multicast group (needs "
		 "CAP_AUDIT_READ): %s; /dev/kmsg (kernel.dmesg_restrict): %s",
		 strerrorname_np(audit_err) ?: "?", strerrorname_np(kmsg_err) ?: "?");
	return -audit_err;
}

static const char *log_kind_name(const struct log_src *s)
{
	return s->kind == LOG_AUDIT ? "audit multicast" : "/dev/kmsg (printk rate-limited)";
}

/*
 * The text of the next AUDIT_SECCOMP record (any record with `all`) into
 * buf, waiting until deadline_ms (CLOCK_MONOTONIC). Returns 1, 0 at the
 * deadline, -errno.
 */
static int log_next(struct log_src *s, char *buf, size_t len, long deadline_ms, bool all)
{
	static char raw[8192];
	struct timespec ts;

	for (;;) {
		struct pollfd pfd = { .fd = s->fd, .events = POLLIN };
		long left;
		ssize_t n;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		left = deadline_ms - (ts.tv_sec * 1000L + ts.tv_nsec / 1000000L);
		if (left <= 0)
			return 0;
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		n = read(s->fd, raw, sizeof(raw) - 1);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR || errno == EPIPE)
				continue;	/* EPIPE: kmsg records overwritten */
			return -errno;
		}
		raw[n] = '\0';
		if (s->kind == LOG_AUDIT) {
			struct nlmsghdr *nh = (struct nlmsghdr *)raw;

			if (n < (ssize_t)NLMSG_HDRLEN || (nh->nlmsg_type != AUDIT_SECCOMP && !all))
				continue;
			snprintf(buf, len, "%.*s", (int)(n - NLMSG_HDRLEN), raw + NLMSG_HDRLEN);
			return 1;
		} else {
			const char *rec = all ? raw : strstr(raw, "type=1326 ");

			if (!rec)
				continue;
			snprintf(buf, len, "%.*s", (int)len - 1, rec);
			return 1;
		}
	}
}

/* The value of " key=" in a record, as a number; -1 when absent. */
static long field(const char *rec, const char *key)
{
	char pat[32];
	const char *p;

	snprintf(pat, sizeof(pat), " %s=", key);
	p = strstr(rec, pat);
	return p ? strtol(p + strlen(pat), NULL, 0) : -1;
}

/* ---- actions_logged ---------------------------------------------------------------- */

static int read_actions_logged(char *buf, size_t len)
{
	FILE *fp = fopen(ACTIONS_LOGGED, "re");
	int ok;

	if (!fp)
		return -errno;
	ok = fgets(buf, (int)len, fp) != NULL;
	fclose(fp);
	if (!ok)
		return -EIO;
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int write_actions_logged(const char *val)
{
	int fd = open(ACTIONS_LOGGED, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	n = n < 0 ? -errno : 0;
	close(fd);
	return (int)n;
}

/* Is the word name in the space-separated list? */
static bool has_word(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; (p = strstr(p, name)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

/* list without the word name, into out. */
static void without_word(const char *list, const char *name, char *out, size_t len)
{
	char copy[256];
	size_t used = 0;

	snprintf(copy, sizeof(copy), "%s", list);
	out[0] = '\0';
	for (char *save, *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (!strcmp(w, name))
			continue;
		used += snprintf(out + used, len - used, "%s%s", used ? " " : "", w);
		if (used >= len)
			break;
	}
}

/* ---- the experiment ---------------------------------------------------------------- */

enum { L_PID, L_CALLED /* the child reached the call */ };

struct log_case {
	long nr;			/* the call whose logging is checked */
	uint32_t action;		/* what the filter returns for it */
	unsigned long flags;		/* filter flags (FLAG_LOG) */
	bool logged;			/* expected: a record; else the marker ends it */
};

static void on_sigsys(int sig)
{
	(void)sig;
}

/* Install: nr -> action, MARKER_NR -> KILL_PROCESS, the rest ALLOW; call. */
static int log_child(struct sct_report *rep, void *arg)
{
	const struct log_case *c = arg;
	struct sigaction sa = { .sa_handler = on_sigsys };
	struct sct_filter *f = sct_filter_new();
	sct_label hit = sct_label_new(f), marker = sct_label_new(f);
	long ret;

	rep->val[L_PID] = getpid();
	if (sigaction(SIGSYS, &sa, NULL))
		return sct_report_broken(rep, "sigaction(SIGSYS)");
	sct_check_arch(f, sct_arch_native()->audit_arch, SECCOMP_RET_KILL_PROCESS);
	sct_ld_nr(f);
	sct_jeq(f, (uint32_t)c->nr, hit, SCT_NEXT);
	sct_jeq(f, MARKER_NR, marker, SCT_NEXT);
	sct_ret(f, SECCOMP_RET_ALLOW);
	sct_label_here(f, hit);
	sct_ret(f, c->action);
	sct_label_here(f, marker);
	sct_ret(f, SECCOMP_RET_KILL_PROCESS);
	ret = sct_install_filter(f, c->flags);
	sct_filter_free(f);
	if (ret) {
		errno = (int)-ret;
		return sct_report_broken(rep, "install the filter");
	}
	rep->val[L_CALLED] = 1;		/* a KILL action ends us in the call */
	syscall(c->nr, 0, 0);
	if (!c->logged)
		syscall(MARKER_NR);	/* dies here, logged */
	return 0;
}

struct log_seen {
	bool call;			/* a record of the call */
	long code;			/* its code= */
	long sig;			/* its sig= */
	bool marker;			/* the marker's record */
	char text[512];			/* the call's record */
};

static long deadline_in(long ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L + ms;
}

/* Read records of pid until the one that settles the case, or the deadline. */
static int scan_log(struct log_src *s, long pid, const struct log_case *c, struct log_seen *seen)
{
	long deadline = deadline_in(LOG_WAIT_MS);
	char rec[1024];
	int ret;

	memset(seen, 0, sizeof(*seen));
	while ((ret = log_next(s, rec, sizeof(rec), deadline, false)) == 1) {
		if (field(rec, "pid") != pid)
			continue;
		if (field(rec, "syscall") == c->nr && !seen->call) {
			seen->call = true;
			seen->code = field(rec, "code");
			seen->sig = field(rec, "sig");
			snprintf(seen->text, sizeof(seen->text), "%.*s", (int)sizeof(seen->text) - 1, rec);
		} else if (field(rec, "syscall") == MARKER_NR) {
			seen->marker = true;
		}
		if (c->logged ? seen->call : seen->marker)
			break;
	}
	return ret < 0 ? ret : 0;
}

/*
 * On /dev/kmsg a missing record may have been dropped by printk_ratelimit()
 * (kauditd_printk_skb). Prove it or fail: once the limiter's interval
 * (kernel.printk_ratelimit seconds) has passed, the next limited print
 * first reports "<func>: N callbacks suppressed" (___ratelimit). A fresh
 * marker event is that print. Costs one interval, only on this path.
 */
static bool ratelimit_proved(struct log_src *s, char *proof, size_t len)
{
	static const struct log_case marker = { __NR_getppid, SECCOMP_RET_ALLOW, 0, false };
	struct sct_outcome out;
	char rec[1024];
	long interval = 0, deadline;
	FILE *fp;

	if (s->kind != LOG_KMSG)
		return false;
	fp = fopen("/proc/sys/kernel/printk_ratelimit", "re");
	if (!fp || fscanf(fp, "%ld", &interval) != 1)
		interval = 0;
	if (fp)
		fclose(fp);
	if (interval <= 0 || interval > 10)
		return false;		/* no limiter, or too slow to prove */
	usleep((useconds_t)(interval * 1000000L + 100000L));
	if (sct_run_child(log_child, (void *)&marker, 0, &out))
		return false;
	deadline = deadline_in(LOG_WAIT_MS);
	while (log_next(s, rec, sizeof(rec), deadline, true) == 1) {
		if (strstr(rec, "callbacks suppressed")) {
			rec[strcspn(rec, "\n")] = '\0';
			snprintf(proof, len, "%.200s", strchr(rec, ';') ? strchr(rec, ';') + 1 : rec);
			return true;
		}
		if (strstr(rec, "type=1326 ") && field(rec, "pid") == out.rep.val[L_PID])
			break;		/* the marker printed without a suppression */
	}
	return false;
}

/*
 * One case: the reader must be open before the call. Asserts on what was
 * read. `name` is the actions_logged word the action needs.
 */
#define RUN_LOG_CASE(c, name) do {					\
	char _why[256], _al[256];					\
	struct sct_outcome _out;					\
	struct log_src _src;						\
	struct log_seen _seen;						\
	ASSERT_EQ(0, read_actions_logged(_al, sizeof(_al)));		\
	if ((c).logged && !has_word(_al, name))				\
		SKIP(return, "actions_logged (\"%s\") lacks \"%s\"", _al, name); \
	if (!(c).logged && !has_word(_al, "kill_process"))		\
		SKIP(return, "actions_logged (\"%s\") lacks \"kill_process\", "	\
		     "needed to prove an absence", _al);		\
	if (log_open(&_src, _why, sizeof(_why)))			\
		SKIP(return, "%s", _why);				\
	ASSERT_EQ(0, sct_run_child(log_child, (void *)&(c), 0, &_out));	\
	ASSERT_TRUE(_out.rep.val[L_CALLED] && !_out.rep.broken[0]) {	\
		char _b[256];						\
		TH_LOG("the call was not made: child %s",		\
		       sct_outcome_str(&_out, _b, sizeof(_b)));		\
	}								\
	ASSERT_EQ(0, scan_log(&_src, _out.rep.val[L_PID], &(c), &_seen)); \
	if (!((c).logged ? _seen.call : _seen.marker) &&		\
	    ratelimit_proved(&_src, _why, sizeof(_why))) {		\
		close(_src.fd);						\
		SKIP(return, "/dev/kmsg: printk_ratelimit dropped the record "	\
		     "(proof: \"%s\"); CAP_AUDIT_READ gives the lossless reader", _why); \
	}								\
	close(_src.fd);							\
	check_seen(_metadata, &(c), &_seen, &_src, _out.rep.val[L_PID]); \
} while (0)

static void check_seen(struct __test_metadata *_metadata, const struct log_case *c,
		       const struct log_seen *seen, const struct log_src *s, long pid)
{
	uint32_t act = c->action & SECCOMP_RET_ACTION_FULL;
	long want_sig = act == SECCOMP_RET_KILL_PROCESS || act == SECCOMP_RET_KILL_THREAD ?
			SIGSYS : 0;

	if (c->logged) {
		EXPECT_TRUE(seen->call) {
			TH_LOG("no AUDIT_SECCOMP record with syscall=%ld pid=%ld within %d ms (%s; "
			       "audit=0 on the command line disables all records)",
			       c->nr, pid, LOG_WAIT_MS, log_kind_name(s));
		}
		if (!seen->call)
			return;
		/* code is the action without its data; sig is SIGSYS for kills */
		EXPECT_EQ(c->action & SECCOMP_RET_ACTION_FULL, (uint32_t)seen->code) {
			TH_LOG("code=0x%lx, expected 0x%x: %s", seen->code,
			       c->action & SECCOMP_RET_ACTION_FULL, seen->text);
		}
		EXPECT_EQ(want_sig, seen->sig) TH_LOG("sig=%ld: %s", seen->sig, seen->text);
		return;
	}
	ASSERT_TRUE(seen->marker) {
		TH_LOG("the marker's record (syscall=%d pid=%ld) never came (%s): cannot tell",
		       MARKER_NR, pid, log_kind_name(s));
	}
	EXPECT_FALSE(seen->call) TH_LOG("logged, expected silence: %s", seen->text);
}

/* ---- the cases ------------------------------------------------------------------------ */

#define LOG SECCOMP_FILTER_FLAG_LOG

/* Each case uses its own harmless call, so records never mix up. */
FIXTURE(action) {};
FIXTURE_VARIANT(action) {
	struct log_case c;
	const char *name;		/* its word in actions_logged */
	enum sct_feature needs;
};
FIXTURE_VARIANT_ADD(action, ret_log_logged) {
	{ __NR_getpgid, SECCOMP_RET_LOG, 0, true }, "log", SCT_F_RET_LOG };
FIXTURE_VARIANT_ADD(action, kill_process_logged) {
	{ __NR_getsid, SECCOMP_RET_KILL_PROCESS, 0, true }, "kill_process", SCT_F_RET_KILL_PROCESS };
FIXTURE_VARIANT_ADD(action, errno_with_flag_log_logged) {
	{ __NR_sched_get_priority_max, SECCOMP_RET_ERRNO | EACCES, LOG, true }, "errno",
	SCT_F_FLAG_LOG };
FIXTURE_VARIANT_ADD(action, errno_without_flag_log_silent) {
	{ __NR_sched_get_priority_min, SECCOMP_RET_ERRNO | EACCES, 0, false }, "errno",
	SCT_F_FLAG_LOG };
FIXTURE_VARIANT_ADD(action, trap_with_flag_log_logged) {
	{ __NR_sched_getscheduler, SECCOMP_RET_TRAP | 3, LOG, true }, "trap", SCT_F_FLAG_LOG };
FIXTURE_VARIANT_ADD(action, trap_without_flag_log_silent) {
	{ __NR_getpriority, SECCOMP_RET_TRAP | 3, 0, false }, "trap", SCT_F_FLAG_LOG };
/* no tracer / no listener: ENOSYS, logged like the action (goto skip) */
FIXTURE_VARIANT_ADD(action, trace_without_tracer_with_flag_log_logged) {
	{ __NR_sched_rr_get_interval, SECCOMP_RET_TRACE | 3, LOG, true }, "trace", SCT_F_FLAG_LOG };
FIXTURE_VARIANT_ADD(action, user_notif_without_listener_with_flag_log_logged) {
	{ __NR_getitimer, SECCOMP_RET_USER_NOTIF, LOG, true }, "user_notif", SCT_F_RET_USER_NOTIF };
/* ALLOW is never logged, not even with FLAG_LOG */
FIXTURE_VARIANT_ADD(action, allow_with_flag_log_silent) {
	{ __NR_getegid, SECCOMP_RET_ALLOW, LOG, false }, "allow", SCT_F_FLAG_LOG };
FIXTURE_SETUP(action) {}
FIXTURE_TEARDOWN(action) {}

TEST_F(action, record)
{
	SCT_REQUIRE(variant->needs);
	SCT_REQUIRE(SCT_F_FLAG_LOG);
	RUN_LOG_CASE(variant->c, variant->name);
}

/*
 * An action removed from actions_logged is not logged, FLAG_LOG or not
 * (seccomp_log). The sysctl is restored by the parent process, also when
 * the case fails (FIXTURE_TEARDOWN_PARENT).
 */
FIXTURE(unlogged) {
	char saved[256];		/* actions_logged before; "" until read */
};
FIXTURE_VARIANT(unlogged) {
	struct log_case c;
	const char *name;
};
FIXTURE_VARIANT_ADD(unlogged, ret_log_silent) {
	{ __NR_getpgid, SECCOMP_RET_LOG, 0, false }, "log" };
FIXTURE_VARIANT_ADD(unlogged, errno_with_flag_log_silent) {
	{ __NR_sched_get_priority_max, SECCOMP_RET_ERRNO | EACCES, LOG, false }, "errno" };
FIXTURE_VARIANT_ADD(unlogged, trap_with_flag_log_silent) {
	{ __NR_sched_getscheduler, SECCOMP_RET_TRAP | 3, LOG, false }, "trap" };
FIXTURE_SETUP(unlogged)
{
	self->saved[0] = '\0';
}
FIXTURE_TEARDOWN_PARENT(unlogged)
{
	int ret;

	if (!self->saved[0])
		return;
	ret = write_actions_logged(self->saved);
	EXPECT_EQ(0, ret) {
		TH_LOG("could not restore %s to \"%s\": %s", ACTIONS_LOGGED, self->saved,
		       strerrorname_np(-ret) ?: "?");
	}
}

TEST_F(unlogged, removed_from_actions_logged)
{
	char now[256], reduced[256];

	SCT_REQUIRE_CAP(CAP_SYS_ADMIN);
	SCT_REQUIRE(SCT_F_RET_LOG);
	SCT_REQUIRE(SCT_F_FLAG_LOG);
	ASSERT_EQ(0, read_actions_logged(now, sizeof(now)));
	without_word(now, variant->name, reduced, sizeof(reduced));
	snprintf(self->saved, sizeof(self->saved), "%s", now);
	ASSERT_EQ(0, write_actions_logged(reduced)) TH_LOG("write \"%s\"", reduced);
	RUN_LOG_CASE(variant->c, variant->name);
}

SCT_SUITE_MAIN("seccomp logging: RET_LOG, FLAG_LOG actions and actions_logged, read back "
	       "from the audit multicast socket or /dev/kmsg.")
