// SPDX-License-Identifier: GPL-2.0-only
/*
 * log_test - that seccomp logging happens exactly when kernel/seccomp.c
 * says: SECCOMP_RET_LOG, actions of a filter installed with
 * SECCOMP_FILTER_FLAG_LOG, the /proc/sys/kernel/seccomp/actions_logged
 * switch, and which filter of a stack decides.
 *
 * seccomp_log(): ALLOW is never logged (__seccomp_filter returns before
 * calling it); KILL_PROCESS, KILL_THREAD and LOG are logged when named in
 * actions_logged; TRAP, ERRNO, TRACE and USER_NOTIF only when, in addition,
 * the filter whose action won (`match`) has FLAG_LOG (match->log on the
 * `skip:` path). A logged action becomes an AUDIT_SECCOMP (1326) record
 * (audit_seccomp, kernel/auditsc.c):
 *   audit(T:S): auid=.. uid=.. gid=.. ses=.. pid=PID comm=".." exe=".."
 *   sig=N arch=c000003e syscall=NR compat=0 ip=0x.. code=0xACTION
 *
 * The records are read from the audit netlink socket's multicast group
 * AUDIT_NLGRP_READLOG (CAP_AUDIT_READ): kauditd copies every record there
 * before printk, with no rate limit. Otherwise from /dev/kmsg, where
 * kauditd_printk_skb prints through printk_ratelimit() (one limiter shared
 * by the whole kernel). With neither readable the cases SKIP.
 *
 * Every case is a sequence of calls, each made by a fresh child after the
 * previous one ended, that starts with a sentinel and ends with a marker:
 * calls whose actions are logged. Records are queued in the order they are
 * made (audit_log_end appends to one queue; kauditd sends it in order), so
 * once the marker's record arrives, every earlier call that was logged has
 * arrived before it: an absence is proved, never waited for. A reader that
 * may have lost records after the sentinel (a kmsg "<func>: N callbacks
 * suppressed" line, overwritten kmsg records, an overrun socket) proves
 * nothing: the sequence runs again, and a case that never gets a clean run
 * is BROKEN, never a pass. A suppression line is never taken for a record.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <linux/netlink.h>

#include "sysctl.h"
#include "suite.h"

#define ACTIONS_AVAIL	"/proc/sys/kernel/seccomp/actions_avail"
#define ACTIONS_LOGGED	"/proc/sys/kernel/seccomp/actions_logged"
#define PRINTK_RATELIMIT "/proc/sys/kernel/printk_ratelimit"
#define MARKER_NR	__NR_geteuid	/* the KILL_PROCESS marker of most cases */
#define LOG_WAIT_MS	2000		/* for the marker's record */
#define LOG_ATTEMPTS	4		/* runs of a sequence before BROKEN */
#define LOG_TIMEOUT_S	60		/* four kmsg runs wait out the limiter three times */
#define FLAG_LOG	SECCOMP_FILTER_FLAG_LOG

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* ---- reading records --------------------------------------------------------------- */

enum log_kind { LOG_AUDIT, LOG_KMSG };

struct log_src {
	enum log_kind kind;
	int fd;
};

/* What the reader found next. */
enum log_item {
	ITEM_DEADLINE,		/* nothing more before the deadline */
	ITEM_SECCOMP,		/* an AUDIT_SECCOMP record */
	ITEM_SUPPRESSED,	/* kmsg "<func>: N callbacks suppressed" */
	ITEM_LOST,		/* kmsg records overwritten, or the socket overran */
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
	int audit_err, kmsg_err, rcvbuf = 1 << 22;

	s->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	if (s->fd < 0 && errno == EPROTONOSUPPORT) {
		snprintf(why, len, "no audit in this kernel (socket(NETLINK_AUDIT): "
			 "EPROTONOSUPPORT: CONFIG_AUDIT=n or audit=0): seccomp logs nowhere");
		return -EPROTONOSUPPORT;
	}
	if (s->fd >= 0 && !bind(s->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		/* every task's records reach us: room for bursts of the others' */
		if (setsockopt(s->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
			setsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
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
 * Is this kmsg message exactly "<func>: N callbacks suppressed", the line
 * ___ratelimit prints when a limiter's interval ends after it dropped N?
 */
static bool is_suppression(const char *msg)
{
	char func[64];
	unsigned int n;
	int end = -1;

	return sscanf(msg, "%63[A-Za-z0-9_.]: %u callbacks suppressed%n", func, &n, &end) == 2 &&
	       end > 0 && (msg[end] == '\n' || msg[end] == '\0');
}

/* Classify one /dev/kmsg record ("PRI,SEQ,TS,FLAGS;MESSAGE\n..."). */
static enum log_item kmsg_item(const char *raw, char *buf, size_t len)
{
	static const char seccomp[] = "audit: type=1326 ";
	const char *msg = strchr(raw, ';');

	if (!msg)
		return ITEM_DEADLINE;
	msg++;
	snprintf(buf, len, "%.*s", (int)strcspn(msg, "\n"), msg);
	if (!strncmp(msg, seccomp, sizeof(seccomp) - 1))
		return ITEM_SECCOMP;
	return is_suppression(msg) ? ITEM_SUPPRESSED : ITEM_DEADLINE;
}

/* The next item into buf, waiting until deadline (now_ms()); or -errno. */
static int log_next(struct log_src *s, char *buf, size_t len, long deadline)
{
	static char raw[8192];

	for (;;) {
		struct pollfd pfd = { .fd = s->fd, .events = POLLIN };
		long left = deadline - now_ms();
		enum log_item item;
		ssize_t n;

		if (left <= 0)
			return ITEM_DEADLINE;
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		n = read(s->fd, raw, sizeof(raw) - 1);
		if (n < 0 && (errno == EPIPE || errno == ENOBUFS)) {
			snprintf(buf, len, "%s", errno == EPIPE ? "kmsg records overwritten (EPIPE)"
				 : "the socket overran (ENOBUFS)");
			return ITEM_LOST;
		}
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return -errno;
		}
		raw[n] = '\0';
		if (s->kind == LOG_AUDIT) {
			struct nlmsghdr *nh = (struct nlmsghdr *)raw;

			if (n < (ssize_t)NLMSG_HDRLEN || nh->nlmsg_type != AUDIT_SECCOMP)
				continue;
			snprintf(buf, len, "%.*s", (int)(n - NLMSG_HDRLEN), raw + NLMSG_HDRLEN);
			return ITEM_SECCOMP;
		}
		item = kmsg_item(raw, buf, len);
		if (item != ITEM_DEADLINE)
			return item;
	}
}

/* The value of " key=" in a record, in base; -1 when absent. */
static long field(const char *rec, const char *key, int base)
{
	char pat[32];
	const char *p;

	snprintf(pat, sizeof(pat), " %s=", key);
	p = strstr(rec, pat);
	return p ? (long)strtoul(p + strlen(pat), NULL, base) : -1;
}

/* ---- actions_logged ------------------------------------------------------------------ */

/* Is the word name in the space-separated list? */
static bool has_word(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; (p = strstr(p, name)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\n' || p[n] == '\0'))
			return true;
	return false;
}

/* Words of list except `drop` (NULL: none) and "allow", one space apart. */
static void words_except(const char *list, const char *drop, char *out, size_t len)
{
	char copy[256];
	size_t used = 0;

	snprintf(copy, sizeof(copy), "%s", list);
	out[0] = '\0';
	for (char *save, *w = strtok_r(copy, " \n", &save); w; w = strtok_r(NULL, " \n", &save)) {
		if ((drop && !strcmp(w, drop)) || !strcmp(w, "allow"))
			continue;
		used += snprintf(out + used, len - used, "%s%s", used ? " " : "", w);
		if (used >= len)
			break;
	}
}

/* ---- one call in a child ------------------------------------------------------------- */

/* A filter of the stack: the call's nr returns action, the rest ALLOW. */
struct log_stage {
	uint32_t action;
	unsigned long flags;
};

/* A call made under one or two stacked filters (stage[0] installed first). */
struct log_step {
	long nr;
	int nstages;
	struct log_stage stage[2];
};

#define STEP(n, act, fl) { .nr = (n), .nstages = 1, .stage = { { .action = (act), .flags = (fl) } } }

struct log_report {
	long pid;
	long called;
};

static void on_sigsys(int sig)
{
	(void)sig;
}

static int call_child(struct sct_report *rep, void *arg)
{
	const struct log_step *st = arg;
	struct sigaction sa = { .sa_handler = on_sigsys };

	SCT_REPORT(rep, struct log_report)->pid = getpid();
	if (sigaction(SIGSYS, &sa, NULL))	/* TRAP returns to us */
		return sct_report_broken(rep, "sigaction(SIGSYS)");
	for (int i = 0; i < st->nstages; i++) {
		struct sct_filter *f = sct_filter_for_nr(st->nr, st->stage[i].action,
							 SECCOMP_RET_ALLOW);
		long ret = sct_install_filter(f, st->stage[i].flags);

		sct_filter_free(f);
		if (ret) {
			errno = (int)-ret;
			return sct_report_broken(rep, "install a filter");
		}
	}
	SCT_REPORT(rep, struct log_report)->called = 1;			/* a KILL action ends us in the call */
	syscall(st->nr, 0, 0, 0);
	return 0;
}

/* ---- sequences ----------------------------------------------------------------------- */

/*
 * One event: maybe set actions_logged, then make a call. The first is a
 * sentinel and the last the marker, both logged (see collect).
 */
struct log_event {
	const char *set;	/* written to actions_logged first; NULL: left alone */
	struct log_step step;
	bool logged;		/* expected: a record of this call */
	uint32_t code;		/* its code= (the winning action) */
};

struct log_call {
	long pid;
	bool seen;
	long code, sig, arch, compat;
	char text[400];
};

enum log_run { RUN_SETTLED, RUN_NO_MARKER, RUN_DOUBTFUL };

/* Record what rec says about the calls; true when it is the marker's. */
static bool note_record(const struct log_event *ev, struct log_call *calls, size_t n,
			const char *rec)
{
	long pid = field(rec, "pid", 10), nr = field(rec, "syscall", 10);

	for (size_t i = 0; i < n; i++) {
		struct log_call *c = &calls[i];

		if (c->pid != pid || ev[i].step.nr != nr || c->seen)
			continue;
		c->seen = true;
		c->code = field(rec, "code", 16);
		c->sig = field(rec, "sig", 10);
		c->arch = field(rec, "arch", 16);
		c->compat = field(rec, "compat", 10);
		snprintf(c->text, sizeof(c->text), "%.*s", (int)sizeof(c->text) - 1, rec);
		return i == n - 1;
	}
	return false;
}

/*
 * Read until the marker's record; why says what went wrong otherwise.
 * ev[0] is a logged sentinel: a suppression line read before its record
 * counts drops made before it was printed, so before any later call was
 * (kauditd prints in queue order); one read after it may hide ours.
 */
static enum log_run collect(struct log_src *s, const struct log_event *ev,
			    struct log_call *calls, size_t n, char *why, size_t len)
{
	long deadline = now_ms() + LOG_WAIT_MS;
	bool doubt = false, early = false;
	char item[1024];
	int ret;

	while ((ret = log_next(s, item, sizeof(item), deadline)) > 0) {
		if (ret == ITEM_SECCOMP && note_record(ev, calls, n, item))
			break;
		if (ret == ITEM_SUPPRESSED && !calls[0].seen) {
			early = true;
		} else if (ret == ITEM_SUPPRESSED || ret == ITEM_LOST) {
			/* printk_ratelimit_state is shared: the line names whichever
			 * caller ended the interval, the drops may be ours */
			doubt = true;
			snprintf(why, len, "%s: \"%.200s\"", log_kind_name(s), item);
		}
	}
	if (ret < 0) {
		snprintf(why, len, "reading %s: %s", log_kind_name(s), strerrorname_np(-ret) ?: "?");
		return RUN_DOUBTFUL;
	}
	if (early && !calls[0].seen) {
		snprintf(why, len, "%s: the sentinel's record was dropped", log_kind_name(s));
		return RUN_DOUBTFUL;
	}
	if (doubt)
		return RUN_DOUBTFUL;
	if (calls[n - 1].seen)
		return RUN_SETTLED;
	snprintf(why, len, "the marker's record (syscall=%ld pid=%ld) never came within %d ms (%s)",
		 ev[n - 1].step.nr, calls[n - 1].pid, LOG_WAIT_MS, log_kind_name(s));
	return RUN_NO_MARKER;
}

/* Run the events once with an open reader. */
static enum log_run run_once(struct __test_metadata *_metadata, struct log_src *s,
			     const struct log_event *ev, struct log_call *calls, size_t n,
			     char *why, size_t len)
{
	memset(calls, 0, n * sizeof(*calls));
	for (size_t i = 0; i < n; i++) {
		struct sct_outcome out;
		char b[256];

		if (ev[i].set) {
			int ret = sct_sysctl_write(ACTIONS_LOGGED, ev[i].set);

			ASSERT_EQ(0, ret) TH_LOG("write \"%s\" to " ACTIONS_LOGGED ": %s",
						ev[i].set, strerrorname_np(-ret) ?: "?");
		}
		ASSERT_EQ(0, sct_run_child(call_child, (void *)&ev[i].step, 0, &out));
		ASSERT_TRUE(SCT_REPORT(&out.rep, struct log_report)->called && !out.rep.broken[0]) {
			TH_LOG("BROKEN: call %zu was not made: child %s", i,
			       sct_outcome_str(&out, b, sizeof(b)));
		}
		calls[i].pid = SCT_REPORT(&out.rep, struct log_report)->pid;
	}
	return collect(s, ev, calls, n, why, len);
}

/* Wait out the printk limiter's interval before another kmsg run. */
static bool limiter_wait(void)
{
	char text[32];
	long secs;

	if (sct_sysctl_read(PRINTK_RATELIMIT, text, sizeof(text)))
		return false;
	secs = strtol(text, NULL, 10);
	if (secs < 0 || secs > 10)
		return false;		/* too slow to wait out */
	usleep((useconds_t)(secs * 1000000L + 200000L));
	return true;
}

/* Run the events until one run settles; fails (BROKEN) when none does. */
static void run_events(struct __test_metadata *_metadata, const struct log_event *ev,
		       struct log_call *calls, size_t n, struct log_src *s)
{
	char why[512] = "";
	enum log_run run = RUN_DOUBTFUL;

	for (int attempt = 0; attempt < LOG_ATTEMPTS; attempt++) {
		if (attempt)
			TH_LOG("run %d could not settle (%s): again", attempt, why);
		if (attempt && s->kind == LOG_KMSG && !limiter_wait())
			break;
		run = run_once(_metadata, s, ev, calls, n, why, sizeof(why));
		if (run == RUN_SETTLED || (run == RUN_NO_MARKER && s->kind == LOG_AUDIT))
			break;		/* the socket loses nothing silently */
	}
	ASSERT_NE(RUN_DOUBTFUL, run) TH_LOG("BROKEN: cannot prove what was logged: %s", why);
	ASSERT_EQ(RUN_SETTLED, run) TH_LOG("%s", why);
}

/* Check each call against what its event expects. */
static void check_calls(struct __test_metadata *_metadata, const struct log_event *ev,
			const struct log_call *calls, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct log_call *c = &calls[i];
		uint32_t code = ev[i].code;
		long sig = code == SECCOMP_RET_KILL_PROCESS || code == SECCOMP_RET_KILL_THREAD ?
			   SIGSYS : 0;

		if (!ev[i].logged) {
			EXPECT_FALSE(c->seen) TH_LOG("call %zu logged, expected silence: %s", i, c->text);
			continue;
		}
		EXPECT_TRUE(c->seen) {
			TH_LOG("call %zu (syscall=%ld pid=%ld) not logged before the marker",
			       i, ev[i].step.nr, c->pid);
		}
		if (!c->seen)
			continue;
		/* code is the action without its data; sig is SIGSYS for kills */
		EXPECT_EQ(code, (uint32_t)c->code) TH_LOG("code=0x%lx: %s", c->code, c->text);
		EXPECT_EQ(sig, c->sig) TH_LOG("sig=%ld: %s", c->sig, c->text);
		EXPECT_EQ(sct_arch_native()->audit_arch, (uint32_t)c->arch) TH_LOG("%s", c->text);
		EXPECT_EQ(0, c->compat) TH_LOG("%s", c->text);
	}
}

/* Open a reader (or SKIP), run the events, check them. */
#define RUN_EVENTS(ev) do {						\
	struct log_call _calls[sizeof(ev) / sizeof((ev)[0])];		\
	struct log_src _src;						\
	char _why[256];							\
	if (log_open(&_src, _why, sizeof(_why)))			\
		SKIP(return, "%s", _why);				\
	run_events(_metadata, (ev), _calls, sizeof(ev) / sizeof((ev)[0]), &_src); \
	close(_src.fd);							\
	check_calls(_metadata, (ev), _calls, sizeof(ev) / sizeof((ev)[0])); \
} while (0)

/* SKIP unless actions_logged now lists word. */
#define REQUIRE_LOGGED(word) do {					\
	char _al[256];							\
	ASSERT_EQ(0, sct_sysctl_read(ACTIONS_LOGGED, _al, sizeof(_al)));	\
	if (!has_word(_al, word))					\
		SKIP(return, "actions_logged (\"%.*s\") lacks \"%s\"",	\
		     (int)strcspn(_al, "\n"), _al, word);		\
} while (0)

#define KILL_MARKER { .step = STEP(MARKER_NR, SECCOMP_RET_KILL_PROCESS, 0), .logged = true, \
		      .code = SECCOMP_RET_KILL_PROCESS }

/* ---- each action under the current actions_logged ------------------------------------ */

/* Each case uses its own harmless call, so records never mix up. */
FIXTURE(action) {};
FIXTURE_VARIANT(action) {
	struct log_step call;
	bool logged;			/* expected */
	const char *name;		/* its word in actions_logged; NULL: ALLOW */
	enum sct_feature needs;
};
FIXTURE_VARIANT_ADD(action, ret_log_logged) {
	.call = STEP(__NR_getpgid, SECCOMP_RET_LOG, 0), .logged = true,
	.name = "log", .needs = SCT_F_RET_LOG, };
FIXTURE_VARIANT_ADD(action, kill_process_logged) {
	.call = STEP(__NR_getsid, SECCOMP_RET_KILL_PROCESS, 0), .logged = true,
	.name = "kill_process", .needs = SCT_F_RET_KILL_PROCESS, };
FIXTURE_VARIANT_ADD(action, kill_thread_logged) {
	.call = STEP(__NR_getresgid, SECCOMP_RET_KILL_THREAD, 0), .logged = true,
	.name = "kill_thread", .needs = SCT_F_FLAG_LOG, };
FIXTURE_VARIANT_ADD(action, errno_with_flag_log_logged) {
	.call = STEP(__NR_sched_get_priority_max, SECCOMP_RET_ERRNO | EACCES, FLAG_LOG),
	.logged = true, .name = "errno", .needs = SCT_F_FLAG_LOG, };
FIXTURE_VARIANT_ADD(action, errno_without_flag_log_silent) {
	.call = STEP(__NR_sched_get_priority_min, SECCOMP_RET_ERRNO | EACCES, 0),
	.logged = false, .name = "errno", .needs = SCT_F_FLAG_LOG, };
FIXTURE_VARIANT_ADD(action, trap_with_flag_log_logged) {
	.call = STEP(__NR_sched_getscheduler, SECCOMP_RET_TRAP | 3, FLAG_LOG), .logged = true,
	.name = "trap", .needs = SCT_F_FLAG_LOG, };
FIXTURE_VARIANT_ADD(action, trap_without_flag_log_silent) {
	.call = STEP(__NR_getpriority, SECCOMP_RET_TRAP | 3, 0), .logged = false,
	.name = "trap", .needs = SCT_F_FLAG_LOG, };
/* no tracer / no listener: ENOSYS through `goto skip`, logged like the action */
FIXTURE_VARIANT_ADD(action, trace_without_tracer_with_flag_log_logged) {
	.call = STEP(__NR_sched_rr_get_interval, SECCOMP_RET_TRACE | 3, FLAG_LOG),
	.logged = true, .name = "trace", .needs = SCT_F_FLAG_LOG, };
FIXTURE_VARIANT_ADD(action, trace_without_flag_log_silent) {
	.call = STEP(__NR_getresuid, SECCOMP_RET_TRACE | 3, 0), .logged = false,
	.name = "trace", .needs = SCT_F_FLAG_LOG, };
FIXTURE_VARIANT_ADD(action, user_notif_without_listener_with_flag_log_logged) {
	.call = STEP(__NR_getitimer, SECCOMP_RET_USER_NOTIF, FLAG_LOG), .logged = true,
	.name = "user_notif", .needs = SCT_F_RET_USER_NOTIF, };
FIXTURE_VARIANT_ADD(action, user_notif_without_flag_log_silent) {
	.call = STEP(__NR_times, SECCOMP_RET_USER_NOTIF, 0), .logged = false,
	.name = "user_notif", .needs = SCT_F_RET_USER_NOTIF, };
/* ALLOW is never logged, not even with FLAG_LOG */
FIXTURE_VARIANT_ADD(action, allow_with_flag_log_silent) {
	.call = STEP(__NR_getegid, SECCOMP_RET_ALLOW, FLAG_LOG), .logged = false,
	.name = NULL, .needs = SCT_F_FLAG_LOG, };
FIXTURE_SETUP(action) {}
FIXTURE_TEARDOWN(action) {}

TEST_F_TIMEOUT(action, record, LOG_TIMEOUT_S)
{
	const struct log_event ev[] = {
		KILL_MARKER,
		{ .step = variant->call, .logged = variant->logged,
		  .code = variant->call.stage[0].action & SECCOMP_RET_ACTION_FULL },
		KILL_MARKER,
	};

	SCT_REQUIRE(variant->needs);
	SCT_REQUIRE(SCT_F_FLAG_LOG);
	SCT_REQUIRE(SCT_F_RET_KILL_PROCESS);
	/* a silent row means something only while its action is listed */
	if (variant->name)
		REQUIRE_LOGGED(variant->name);
	REQUIRE_LOGGED("kill_process");
	RUN_EVENTS(ev);
}

/* ---- removing an action from actions_logged ------------------------------------------ */

/*
 * With every action listed the call is logged; with its word removed the
 * same call is not (seccomp_log tests the action's SECCOMP_LOG_* bit),
 * while another action, still listed, is: the marker. The marker is a
 * neighbour of the same kind (kills, FLAG_LOG actions), so the switch is
 * seen to be per action. The guard restores the sysctl (lib/sysctl.h).
 */
FIXTURE(removal) {
	struct sct_sysctl_guard guard;
	int guard_err;
};
FIXTURE_VARIANT(removal) {
	const char *name;		/* the word removed */
	struct log_step call;
	struct log_step marker;		/* its action stays listed */
	enum sct_feature needs;
};
FIXTURE_VARIANT_ADD(removal, kill_process) {
	.name = "kill_process", .call = STEP(__NR_getsid, SECCOMP_RET_KILL_PROCESS, 0),
	.marker = STEP(MARKER_NR, SECCOMP_RET_KILL_THREAD, 0), .needs = SCT_F_RET_KILL_PROCESS, };
FIXTURE_VARIANT_ADD(removal, kill_thread) {
	.name = "kill_thread", .call = STEP(__NR_getresgid, SECCOMP_RET_KILL_THREAD, 0),
	.marker = STEP(MARKER_NR, SECCOMP_RET_KILL_PROCESS, 0), .needs = SCT_F_RET_KILL_PROCESS, };
FIXTURE_VARIANT_ADD(removal, trap) {
	.name = "trap", .call = STEP(__NR_sched_getscheduler, SECCOMP_RET_TRAP | 3, FLAG_LOG),
	.marker = STEP(MARKER_NR, SECCOMP_RET_ERRNO | EACCES, FLAG_LOG), .needs = SCT_F_FLAG_LOG, };
FIXTURE_VARIANT_ADD(removal, errno) {
	.name = "errno", .call = STEP(__NR_sched_get_priority_max, SECCOMP_RET_ERRNO | EACCES, FLAG_LOG),
	.marker = STEP(MARKER_NR, SECCOMP_RET_TRAP | 3, FLAG_LOG), .needs = SCT_F_FLAG_LOG, };
FIXTURE_VARIANT_ADD(removal, trace) {
	.name = "trace", .call = STEP(__NR_sched_rr_get_interval, SECCOMP_RET_TRACE | 3, FLAG_LOG),
	.marker = STEP(MARKER_NR, SECCOMP_RET_USER_NOTIF, FLAG_LOG), .needs = SCT_F_RET_USER_NOTIF, };
FIXTURE_VARIANT_ADD(removal, user_notif) {
	.name = "user_notif", .call = STEP(__NR_getitimer, SECCOMP_RET_USER_NOTIF, FLAG_LOG),
	.marker = STEP(MARKER_NR, SECCOMP_RET_TRACE | 3, FLAG_LOG), .needs = SCT_F_RET_USER_NOTIF, };
FIXTURE_VARIANT_ADD(removal, log) {
	.name = "log", .call = STEP(__NR_getpgid, SECCOMP_RET_LOG, 0),
	.marker = STEP(MARKER_NR, SECCOMP_RET_KILL_PROCESS, 0), .needs = SCT_F_RET_LOG, };
FIXTURE_SETUP(removal)
{
	self->guard_err = sct_sysctl_guard_begin(&self->guard, ACTIONS_LOGGED);
}
FIXTURE_TEARDOWN(removal)
{
	EXPECT_EQ(0, sct_sysctl_guard_end(&self->guard)) TH_LOG(ACTIONS_LOGGED " not restored");
}

static uint32_t code_of(const struct log_step *st)
{
	return st->stage[0].action & SECCOMP_RET_ACTION_FULL;
}

TEST_F_TIMEOUT(removal, stops_its_records_only, LOG_TIMEOUT_S)
{
	char avail[256], all[256], reduced[256];

	SCT_REQUIRE(SCT_F_SYSCTL_ACTIONS);
	SCT_REQUIRE(SCT_F_FLAG_LOG);
	SCT_REQUIRE(variant->needs);
	SCT_REQUIRE_CAP(CAP_SYS_ADMIN);
	ASSERT_EQ(0, self->guard_err) TH_LOG("BROKEN: cannot guard " ACTIONS_LOGGED);
	ASSERT_EQ(0, sct_sysctl_read(ACTIONS_AVAIL, avail, sizeof(avail)));
	words_except(avail, NULL, all, sizeof(all));
	words_except(avail, variant->name, reduced, sizeof(reduced));
	ASSERT_STRNE(all, reduced) TH_LOG("actions_avail \"%s\" lacks \"%s\"", all, variant->name);
	{
		const struct log_event ev[] = {
			{ .set = all, .step = variant->marker, .logged = true,
			  .code = code_of(&variant->marker) },
			{ .step = variant->call, .logged = true, .code = code_of(&variant->call) },
			{ .set = reduced, .step = variant->call, .logged = false },
			{ .step = variant->marker, .logged = true, .code = code_of(&variant->marker) },
		};

		RUN_EVENTS(ev);
	}
}

/*
 * An empty actions_logged logs nothing: no kill, no RET_LOG, no FLAG_LOG
 * action. The marker runs after the list is written back.
 */
FIXTURE(empty_list) {
	struct sct_sysctl_guard guard;
	int guard_err;
};
FIXTURE_SETUP(empty_list)
{
	self->guard_err = sct_sysctl_guard_begin(&self->guard, ACTIONS_LOGGED);
}
FIXTURE_TEARDOWN(empty_list)
{
	EXPECT_EQ(0, sct_sysctl_guard_end(&self->guard)) TH_LOG(ACTIONS_LOGGED " not restored");
}

TEST_F_TIMEOUT(empty_list, logs_nothing, LOG_TIMEOUT_S)
{
	char avail[256], all[256];

	SCT_REQUIRE(SCT_F_SYSCTL_ACTIONS);
	SCT_REQUIRE(SCT_F_FLAG_LOG);
	SCT_REQUIRE(SCT_F_RET_USER_NOTIF);
	SCT_REQUIRE_CAP(CAP_SYS_ADMIN);
	ASSERT_EQ(0, self->guard_err) TH_LOG("BROKEN: cannot guard " ACTIONS_LOGGED);
	ASSERT_EQ(0, sct_sysctl_read(ACTIONS_AVAIL, avail, sizeof(avail)));
	words_except(avail, NULL, all, sizeof(all));
	{
		/* "\n" alone: proc_dostring stops at the newline, no names */
		const struct log_event ev[] = {
			{ .set = all, .step = STEP(MARKER_NR, SECCOMP_RET_KILL_PROCESS, 0),
			  .logged = true, .code = SECCOMP_RET_KILL_PROCESS },
			{ .set = "\n", .step = STEP(__NR_getsid, SECCOMP_RET_KILL_PROCESS, 0) },
			{ .step = STEP(__NR_getresgid, SECCOMP_RET_KILL_THREAD, 0) },
			{ .step = STEP(__NR_getpgid, SECCOMP_RET_LOG, 0) },
			{ .step = STEP(__NR_sched_getscheduler, SECCOMP_RET_TRAP | 3, FLAG_LOG) },
			{ .step = STEP(__NR_sched_get_priority_max, SECCOMP_RET_ERRNO | 1, FLAG_LOG) },
			{ .step = STEP(__NR_sched_rr_get_interval, SECCOMP_RET_TRACE, FLAG_LOG) },
			{ .step = STEP(__NR_getitimer, SECCOMP_RET_USER_NOTIF, FLAG_LOG) },
			{ .set = all, .step = STEP(MARKER_NR, SECCOMP_RET_KILL_PROCESS, 0),
			  .logged = true, .code = SECCOMP_RET_KILL_PROCESS },
		};

		RUN_EVENTS(ev);
	}
}

/* ---- which filter of a stack decides ---------------------------------------------- */

/*
 * seccomp_run_filters walks the stack newest first and keeps the first
 * filter with the lowest action (ACTION_ONLY, signed): that filter is
 * `match`, its action is logged, and its FLAG_LOG is the one that counts.
 * stage[0] is the older filter. LOG (0x7ffc0000) is below ALLOW
 * (0x7fff0000), so LOG wins in either order - precedence_test cannot see
 * LOG against ALLOW, the log can.
 */
#define STACK(n, a0, f0, a1, f1) { .nr = (n), .nstages = 2, .stage = {		\
	{ .action = (a0), .flags = (f0) }, { .action = (a1), .flags = (f1) } } }

FIXTURE(stack) {};
FIXTURE_VARIANT(stack) {
	struct log_step call;
	bool logged;
	uint32_t code;			/* the winner, when logged */
};
FIXTURE_VARIANT_ADD(stack, allow_then_log_logged) {
	.call = STACK(__NR_getpgid, SECCOMP_RET_ALLOW, 0, SECCOMP_RET_LOG, 0),
	.logged = true, .code = SECCOMP_RET_LOG, };
FIXTURE_VARIANT_ADD(stack, log_then_allow_logged) {
	.call = STACK(__NR_getpgid, SECCOMP_RET_LOG, 0, SECCOMP_RET_ALLOW, 0),
	.logged = true, .code = SECCOMP_RET_LOG, };
FIXTURE_VARIANT_ADD(stack, allow_then_allow_with_flag_log_silent) {
	.call = STACK(__NR_getpgid, SECCOMP_RET_ALLOW, FLAG_LOG, SECCOMP_RET_ALLOW, FLAG_LOG),
	.logged = false, };
/* the ALLOW filter's FLAG_LOG does not count: the ERRNO filter is match */
FIXTURE_VARIANT_ADD(stack, errno_then_allow_with_flag_log_silent) {
	.call = STACK(__NR_getpgid, SECCOMP_RET_ERRNO | 1, 0, SECCOMP_RET_ALLOW, FLAG_LOG),
	.logged = false, };
FIXTURE_VARIANT_ADD(stack, errno_with_flag_log_then_allow_logged) {
	.call = STACK(__NR_getpgid, SECCOMP_RET_ERRNO | 1, FLAG_LOG, SECCOMP_RET_ALLOW, 0),
	.logged = true, .code = SECCOMP_RET_ERRNO, };
/* equal actions: the newer filter is met first and stays match */
FIXTURE_VARIANT_ADD(stack, errno_with_flag_log_then_errno_silent) {
	.call = STACK(__NR_getpgid, SECCOMP_RET_ERRNO | 1, FLAG_LOG, SECCOMP_RET_ERRNO | 2, 0),
	.logged = false, };
FIXTURE_VARIANT_ADD(stack, errno_then_errno_with_flag_log_logged) {
	.call = STACK(__NR_getpgid, SECCOMP_RET_ERRNO | 1, 0, SECCOMP_RET_ERRNO | 2, FLAG_LOG),
	.logged = true, .code = SECCOMP_RET_ERRNO, };
FIXTURE_SETUP(stack) {}
FIXTURE_TEARDOWN(stack) {}

TEST_F_TIMEOUT(stack, match_decides, LOG_TIMEOUT_S)
{
	const struct log_event ev[] = {
		KILL_MARKER,
		{ .step = variant->call, .logged = variant->logged, .code = variant->code },
		KILL_MARKER,
	};

	SCT_REQUIRE(SCT_F_RET_LOG);
	SCT_REQUIRE(SCT_F_FLAG_LOG);
	SCT_REQUIRE(SCT_F_RET_KILL_PROCESS);
	REQUIRE_LOGGED("log");
	REQUIRE_LOGGED("errno");
	REQUIRE_LOGGED("kill_process");
	RUN_EVENTS(ev);
}

SCT_SUITE_MAIN("seccomp logging: RET_LOG, FLAG_LOG actions, the actions_logged switch for "
	       "every action and which filter of a stack decides, read back from the audit "
	       "multicast socket or /dev/kmsg.")
