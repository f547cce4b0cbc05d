// SPDX-License-Identifier: GPL-2.0-only
/*
 * tsync_test - SECCOMP_FILTER_FLAG_TSYNC: installing a filter for every
 * thread of the process at once.
 *
 * kernel/seccomp.c, seccomp_attach_filter -> seccomp_can_sync_threads:
 * every other live thread must either have no filter (mode DISABLED) or a
 * filter that is an ancestor of the caller's; the first that is neither (a
 * filter of its own, or strict mode) makes the call fail with its TID as the
 * (positive) return value, or with -ESRCH under TSYNC_ESRCH, and then
 * nothing is installed anywhere. Exiting threads (PF_EXITING) are skipped.
 * seccomp_sync_threads then points every thread at the caller's new filter
 * and, only when the caller has no_new_privs, sets it on them too (a thread
 * that already has it keeps it: nothing clears it). TSYNC|NEW_LISTENER is
 * refused (EINVAL) unless TSYNC_ESRCH makes the results distinguishable.
 *
 * Each case runs in a fresh child with two worker threads created before
 * anything is installed: the subject, whose seccomp state the case sets up,
 * and a bystander that stays plain. The workers obey commands through
 * semaphores, so nothing here needs a syscall the filters deny.
 */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <sys/prctl.h>
#include <time.h>

#include "suite.h"

/* Errnos no syscall returns by itself: seeing one proves which filter answered. */
#define TSYNC_ERRNO 3201	/* the filter installed with (or without) TSYNC */

#define WORKER_WAIT_MS 2000
#define CASE_TIMEOUT_MS 4000

/* ---- worker threads ------------------------------------------------------ */

enum wcmd { W_GETPPID, W_GET_NNP, W_SET_NNP, W_INSTALL, W_EXIT };

struct worker {
	pthread_t th;
	pid_t tid;
	sem_t go, done;
	enum wcmd cmd;
	enum sct_entry entry;		/* W_INSTALL: how */
	struct sock_fprog *prog;	/* W_INSTALL: what */
	long ret;			/* result of the last command */
};

/* errno of getppid, 0 when it ran (the filters only ever deny getppid). */
static long getppid_errno(void)
{
	return syscall(__NR_getppid) == -1 ? errno : 0;
}

static void *worker_main(void *p)
{
	struct worker *w = p;

	w->tid = gettid();
	sem_post(&w->done);
	for (;;) {
		while (sem_wait(&w->go) && errno == EINTR)
			;
		switch (w->cmd) {
		case W_GETPPID:
			w->ret = getppid_errno();
			break;
		case W_GET_NNP:
			w->ret = sct_get_nnp();
			break;
		case W_SET_NNP:
			w->ret = sct_set_nnp();
			break;
		case W_INSTALL:
			w->ret = sct_set_nnp();
			if (!w->ret)
				w->ret = sct_install_via(w->entry, w->prog, 0);
			break;
		case W_EXIT:
			sem_post(&w->done);
			return NULL;
		}
		sem_post(&w->done);
	}
}

/* Wait for the worker's answer; false when it did not come in time. */
static bool worker_wait(struct worker *w)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += WORKER_WAIT_MS / 1000;
	while (sem_timedwait(&w->done, &ts))
		if (errno != EINTR)
			return false;
	return true;
}

static bool worker_start(struct worker *w)
{
	if (sem_init(&w->go, 0, 0) || sem_init(&w->done, 0, 0))
		return false;
	if (pthread_create(&w->th, NULL, worker_main, w))
		return false;
	return worker_wait(w);
}

/* Run one command in the worker; false when it did not answer. */
static bool worker_do(struct worker *w, enum wcmd cmd)
{
	w->cmd = cmd;
	sem_post(&w->go);
	return worker_wait(w);
}

/* Run one command and store its result in *slot; false when no answer. */
static bool worker_ask(struct worker *w, enum wcmd cmd, long *slot)
{
	if (!worker_do(w, cmd))
		return false;
	*slot = w->ret;
	return true;
}

/* Ask the worker to exit and join it, so the kernel no longer lists it. */
static bool worker_stop(struct worker *w)
{
	return worker_do(w, W_EXIT) && !pthread_join(w->th, NULL);
}

/*
 * pthread_join returns when the kernel clears the thread's tid (exit_mm),
 * before the thread leaves the thread list (exit_notify). Since Linux 6.11
 * TSYNC skips PF_EXITING threads (seccomp_can_sync_threads), earlier kernels
 * still see the exiting thread's filter until it is reaped: wait for
 * /proc/self/task/TID to go, so "after the thread exited" means the same on
 * every kernel. At most 2 s.
 */
static bool thread_reaped(pid_t tid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/task/%d", tid);
	for (int i = 0; i < 2000; i++) {
		if (access(path, F_OK) && errno == ENOENT)
			return true;
		usleep(1000);
	}
	return false;
}

/*
 * A thread in strict mode may only read, write, _exit and sigreturn: it
 * says it is in strict mode through a pipe, then blocks in read until the
 * process ends. Raw syscalls only once strict.
 */
struct strict_thread {
	pthread_t th;
	pid_t tid;
	enum sct_entry entry;
	int in_strict[2], hold[2];
};

static void *strict_main(void *p)
{
	struct strict_thread *t = p;
	long ret;
	char c;

	t->tid = gettid();
	if (t->entry == SCT_ENTRY_PRCTL)
		ret = prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0);
	else
		ret = syscall(__NR_seccomp, SECCOMP_SET_MODE_STRICT, 0, NULL);
	c = ret ? 'e' : 's';
	syscall(__NR_write, t->in_strict[1], &c, 1);
	syscall(__NR_read, t->hold[0], &c, 1);
	syscall(__NR_exit, 0);
	return NULL;
}

/* Start the thread and wait until it is in strict mode; false on failure. */
static bool strict_start(struct strict_thread *t)
{
	struct pollfd pfd;
	char c = 0;

	if (pipe2(t->in_strict, O_CLOEXEC) || pipe2(t->hold, O_CLOEXEC) ||
	    pthread_create(&t->th, NULL, strict_main, t))
		return false;
	pfd = (struct pollfd){ .fd = t->in_strict[0], .events = POLLIN };
	return poll(&pfd, 1, WORKER_WAIT_MS) == 1 && read(t->in_strict[0], &c, 1) == 1 && c == 's';
}

/* ---- the sync table ------------------------------------------------------- */

/* What the subject thread is when the caller installs. */
enum subject {
	PLAIN,		/* no filter of its own */
	ANCESTOR,	/* shares a filter installed before it was created */
	BEHIND,		/* as ANCESTOR, and the caller stacked one more without TSYNC */
	DIVERGED,	/* installed a filter of its own */
	DIVERGED_GONE,	/* as DIVERGED, then exited (joined) */
	DIVERGED_RETRY,	/* as DIVERGED; exits after the first install failed */
	STRICT,		/* entered strict mode: neither DISABLED nor FILTER */
};

enum expect {
	SYNCED,		/* 0 (or a listener fd); every thread has the new filter */
	FAILS_TID,	/* returns the subject's TID; nothing installed anywhere */
	FAILS_ESRCH,	/* -ESRCH; nothing installed anywhere */
	FAILS_EINVAL,	/* -EINVAL; nothing installed anywhere */
	CALLER_ONLY,	/* 0; only the calling thread has the new filter */
};

#define TSYNC SECCOMP_FILTER_FLAG_TSYNC
#define ESRCH_FLAG SECCOMP_FILTER_FLAG_TSYNC_ESRCH
#define LISTENER SECCOMP_FILTER_FLAG_NEW_LISTENER

FIXTURE(tsync) {};
FIXTURE_VARIANT(tsync) {
	enum subject subject;
	enum sct_entry entry;		/* installs the ANCESTOR/BEHIND/DIVERGED filters,
					   and the final filter when flags == 0 */
	unsigned long flags;		/* of the final install */
	enum expect expect;
};

/* Threads with no filter, or an ancestor of the caller's, are synced. */
FIXTURE_VARIANT_ADD(tsync, plain_thread) {
	.subject = PLAIN, .entry = SCT_ENTRY_SECCOMP,
	.flags = TSYNC, .expect = SYNCED,
};
FIXTURE_VARIANT_ADD(tsync, plain_thread_esrch) {
	.subject = PLAIN, .entry = SCT_ENTRY_SECCOMP,
	.flags = TSYNC | ESRCH_FLAG, .expect = SYNCED,
};
FIXTURE_VARIANT_ADD(tsync, shared_ancestor_via_prctl) {
	.subject = ANCESTOR, .entry = SCT_ENTRY_PRCTL,
	.flags = TSYNC, .expect = SYNCED,
};
FIXTURE_VARIANT_ADD(tsync, shared_ancestor_via_seccomp) {
	.subject = ANCESTOR, .entry = SCT_ENTRY_SECCOMP,
	.flags = TSYNC, .expect = SYNCED,
};
FIXTURE_VARIANT_ADD(tsync, caller_ahead_via_prctl) {
	.subject = BEHIND, .entry = SCT_ENTRY_PRCTL,
	.flags = TSYNC, .expect = SYNCED,
};
FIXTURE_VARIANT_ADD(tsync, caller_ahead_via_seccomp) {
	.subject = BEHIND, .entry = SCT_ENTRY_SECCOMP,
	.flags = TSYNC, .expect = SYNCED,
};
/* A thread with a filter of its own blocks the sync: its TID comes back. */
FIXTURE_VARIANT_ADD(tsync, diverged_via_prctl_tid) {
	.subject = DIVERGED, .entry = SCT_ENTRY_PRCTL,
	.flags = TSYNC, .expect = FAILS_TID,
};
FIXTURE_VARIANT_ADD(tsync, diverged_via_seccomp_tid) {
	.subject = DIVERGED, .entry = SCT_ENTRY_SECCOMP,
	.flags = TSYNC, .expect = FAILS_TID,
};
FIXTURE_VARIANT_ADD(tsync, diverged_via_prctl_esrch) {
	.subject = DIVERGED, .entry = SCT_ENTRY_PRCTL,
	.flags = TSYNC | ESRCH_FLAG, .expect = FAILS_ESRCH,
};
FIXTURE_VARIANT_ADD(tsync, diverged_via_seccomp_esrch) {
	.subject = DIVERGED, .entry = SCT_ENTRY_SECCOMP,
	.flags = TSYNC | ESRCH_FLAG, .expect = FAILS_ESRCH,
};
/* Exited threads are skipped (PF_EXITING): the sync succeeds again. */
FIXTURE_VARIANT_ADD(tsync, diverged_then_exited_via_prctl) {
	.subject = DIVERGED_GONE, .entry = SCT_ENTRY_PRCTL,
	.flags = TSYNC, .expect = SYNCED,
};
FIXTURE_VARIANT_ADD(tsync, diverged_then_exited_via_seccomp) {
	.subject = DIVERGED_GONE, .entry = SCT_ENTRY_SECCOMP,
	.flags = TSYNC, .expect = SYNCED,
};
/* The install it blocked, made again once it exited, succeeds. */
FIXTURE_VARIANT_ADD(tsync, diverged_fails_then_exited_via_prctl) {
	.subject = DIVERGED_RETRY, .entry = SCT_ENTRY_PRCTL,
	.flags = TSYNC, .expect = SYNCED,
};
FIXTURE_VARIANT_ADD(tsync, diverged_fails_then_exited_via_seccomp) {
	.subject = DIVERGED_RETRY, .entry = SCT_ENTRY_SECCOMP,
	.flags = TSYNC, .expect = SYNCED,
};
/* A strict-mode thread can never take a filter. */
FIXTURE_VARIANT_ADD(tsync, strict_via_prctl_tid) {
	.subject = STRICT, .entry = SCT_ENTRY_PRCTL,
	.flags = TSYNC, .expect = FAILS_TID,
};
FIXTURE_VARIANT_ADD(tsync, strict_via_seccomp_tid) {
	.subject = STRICT, .entry = SCT_ENTRY_SECCOMP,
	.flags = TSYNC, .expect = FAILS_TID,
};
FIXTURE_VARIANT_ADD(tsync, strict_via_seccomp_esrch) {
	.subject = STRICT, .entry = SCT_ENTRY_SECCOMP,
	.flags = TSYNC | ESRCH_FLAG, .expect = FAILS_ESRCH,
};
/* An fd and a TID would be indistinguishable: refused without TSYNC_ESRCH. */
FIXTURE_VARIANT_ADD(tsync, listener_without_esrch_einval) {
	.subject = PLAIN, .entry = SCT_ENTRY_SECCOMP,
	.flags = TSYNC | LISTENER, .expect = FAILS_EINVAL,
};
FIXTURE_VARIANT_ADD(tsync, listener_with_esrch_returns_fd) {
	.subject = PLAIN, .entry = SCT_ENTRY_SECCOMP,
	.flags = TSYNC | ESRCH_FLAG | LISTENER, .expect = SYNCED,
};
/* ... and a failed sync then leaves no listener fd behind. */
FIXTURE_VARIANT_ADD(tsync, listener_with_esrch_diverged) {
	.subject = DIVERGED, .entry = SCT_ENTRY_SECCOMP,
	.flags = TSYNC | ESRCH_FLAG | LISTENER, .expect = FAILS_ESRCH,
};
/* Controls: without TSYNC a filter applies to the calling thread only. */
FIXTURE_VARIANT_ADD(tsync, no_tsync_via_prctl) {
	.subject = PLAIN, .entry = SCT_ENTRY_PRCTL,
	.flags = 0, .expect = CALLER_ONLY,
};
FIXTURE_VARIANT_ADD(tsync, no_tsync_via_seccomp) {
	.subject = PLAIN, .entry = SCT_ENTRY_SECCOMP,
	.flags = 0, .expect = CALLER_ONLY,
};
/* TSYNC_ESRCH alone is accepted and only changes how TSYNC fails. */
FIXTURE_VARIANT_ADD(tsync, esrch_without_tsync_caller_only) {
	.subject = PLAIN, .entry = SCT_ENTRY_SECCOMP,
	.flags = ESRCH_FLAG, .expect = CALLER_ONLY,
};

FIXTURE_SETUP(tsync) {}
FIXTURE_TEARDOWN(tsync) {}

/* Can the subject still be asked after the install? */
static bool answers(enum subject s)
{
	return s != DIVERGED_GONE && s != DIVERGED_RETRY && s != STRICT;
}

/* What the experiment reports. */
struct tsync_report {
	long subject_tid;
	long ppid_err_caller;
	long ppid_err_subject;
	long ppid_err_bystander;
	long filters_caller;
	long filters_subject;
	long filters_bystander;	/* -1: unknown */
	long lowest_fd_before;
	long lowest_fd_after;
	long is_listener;
	long first_ret;	/* DIVERGED_RETRY: the install before the subject exited */
};

struct progs {
	struct sock_fprog allow, deny;	/* ALLOW everything; getppid -> ERRNO */
	struct sct_filter *f_allow, *f_deny;
};

/* The lowest free descriptor number: shows whether an fd was left behind. */
static int lowest_free_fd(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (fd >= 0)
		close(fd);
	return fd;
}

static long filters_of(pid_t tid)
{
	long n;

	return sct_proc_status(tid, "Seccomp_filters", &n) ? -1 : n;
}

static bool is_listener_fd(long fd)
{
	char path[64], target[64] = "";

	snprintf(path, sizeof(path), "/proc/self/fd/%ld", fd);
	if (readlink(path, target, sizeof(target) - 1) < 0)
		return false;
	return strstr(target, "seccomp notify") != NULL;
}

/* Build the two programs every case uses; the final one also answers
 * getpgid with USER_NOTIF so a listener has something to own. */
static int build_progs(struct progs *p)
{
	sct_label deny, notif;

	p->f_allow = sct_filter_ret(SECCOMP_RET_ALLOW);
	p->f_deny = sct_filter_new();
	if (!p->f_allow || !p->f_deny)
		return -ENOMEM;
	deny = sct_label_new(p->f_deny);
	notif = sct_label_new(p->f_deny);
	sct_check_arch(p->f_deny, sct_arch_native()->audit_arch, SECCOMP_RET_KILL_PROCESS);
	sct_ld_nr(p->f_deny);
	sct_jeq(p->f_deny, __NR_getppid, deny, SCT_NEXT);
	sct_jeq(p->f_deny, __NR_getpgid, notif, SCT_NEXT);
	sct_ret(p->f_deny, SECCOMP_RET_ALLOW);
	sct_label_here(p->f_deny, deny);
	sct_ret(p->f_deny, SECCOMP_RET_ERRNO | TSYNC_ERRNO);
	sct_label_here(p->f_deny, notif);
	sct_ret(p->f_deny, SECCOMP_RET_USER_NOTIF);
	if (sct_filter_build(p->f_allow, &p->allow) || sct_filter_build(p->f_deny, &p->deny))
		return -EINVAL;
	return 0;
}

static void progs_free(struct progs *p)
{
	sct_filter_free(p->f_allow);
	sct_filter_free(p->f_deny);
}

static long final_install(const FIXTURE_VARIANT(tsync) *v, const struct sock_fprog *prog)
{
	return v->flags ? sct_install(prog, v->flags) : sct_install_via(v->entry, prog, 0);
}

static int tsync_child(struct sct_report *rep, void *arg)
{
	struct tsync_report *res = SCT_REPORT(rep, struct tsync_report);
	const FIXTURE_VARIANT(tsync) *v = arg;
	struct worker subject = { 0 }, bystander = { 0 };
	struct strict_thread strict = { .entry = v->entry };
	struct progs p;
	long ret;

	errno = EINVAL;
	if (build_progs(&p))
		return sct_report_broken(rep, "build the filters");
	/* The ancestor exists before the threads do: they inherit it. */
	if ((v->subject == ANCESTOR || v->subject == BEHIND) &&
	    (sct_set_nnp() || sct_install_via(v->entry, &p.allow, 0)))
		return sct_report_broken(rep, "install the ancestor filter");
	if (v->subject == STRICT && !strict_start(&strict))
		return sct_report_broken(rep, "start a thread in strict mode");
	if ((v->subject != STRICT && !worker_start(&subject)) || !worker_start(&bystander))
		return sct_report_broken(rep, "start the worker threads");
	res->subject_tid = v->subject == STRICT ? strict.tid : subject.tid;
	if (v->subject == BEHIND && sct_install_via(v->entry, &p.allow, 0))
		return sct_report_broken(rep, "stack a filter on the caller");
	if (v->subject == DIVERGED || v->subject == DIVERGED_GONE || v->subject == DIVERGED_RETRY) {
		subject.entry = v->entry;
		subject.prog = &p.allow;
		if (!worker_do(&subject, W_INSTALL) || subject.ret)
			return sct_report_broken(rep, "install the subject's own filter");
	}
	if (v->subject == DIVERGED_GONE &&
	    (!worker_stop(&subject) || !thread_reaped(subject.tid)))
		return sct_report_broken(rep, "stop the subject thread");

	rep->stage = 1;
	res->lowest_fd_before = lowest_free_fd();
	if (sct_set_nnp())
		return sct_report_broken(rep, "set no_new_privs");
	ret = final_install(v, &p.deny);
	if (v->subject == DIVERGED_RETRY) {
		res->first_ret = ret;
		if (!worker_stop(&subject) || !thread_reaped(subject.tid))
			return sct_report_broken(rep, "stop the subject thread");
		ret = final_install(v, &p.deny);
	}
	rep->ret = ret;
	rep->stage = 2;
	if ((v->flags & LISTENER) && ret >= 0) {
		res->is_listener = is_listener_fd(ret);
		close((int)ret);
	}
	res->lowest_fd_after = lowest_free_fd();

	res->ppid_err_caller = getppid_errno();
	res->filters_caller = filters_of(gettid());
	res->filters_bystander = filters_of(bystander.tid);
	if (!worker_ask(&bystander, W_GETPPID, &res->ppid_err_bystander))
		return sct_report_broken(rep, "ask the bystander thread");
	if (answers(v->subject)) {
		res->filters_subject = filters_of(subject.tid);
		if (!worker_ask(&subject, W_GETPPID, &res->ppid_err_subject))
			return sct_report_broken(rep, "ask the subject thread");
	}
	rep->stage = 3;
	progs_free(&p);
	return 0;
}

TEST_F(tsync, install)
{
	const struct sct_report *r;
	struct sct_outcome out;
	char buf[256];
	bool subject_answers = answers(variant->subject);
	long want_others;

	/* each flag is its own feature */
	if (variant->flags & TSYNC)
		SCT_REQUIRE(SCT_F_FLAG_TSYNC);
	if (variant->flags & ESRCH_FLAG)
		SCT_REQUIRE(SCT_F_FLAG_TSYNC_ESRCH);
	if (variant->flags & LISTENER)
		SCT_REQUIRE(SCT_F_FLAG_NEW_LISTENER);
	/* seccomp_may_assign_mode: no strict mode once in filter mode */
	if (variant->subject == STRICT && prctl(PR_GET_SECCOMP, 0, 0, 0, 0) != 0)
		SKIP(return, "this test process is already under a seccomp filter: "
		     "no thread of it can enter strict mode");
	ASSERT_EQ(0, sct_run_child(tsync_child, (void *)variant, CASE_TIMEOUT_MS, &out));
	ASSERT_EXITED(out, 0);
	r = &out.rep;
	ASSERT_EQ(3, r->stage) TH_LOG("child %s", sct_outcome_str(&out, buf, sizeof(buf)));

	/* seccomp_can_sync_threads named the diverged subject before it exited */
	if (variant->subject == DIVERGED_RETRY)
		EXPECT_EQ(SCT_REPORT(r, struct tsync_report)->subject_tid, SCT_REPORT(r, struct tsync_report)->first_ret)
			TH_LOG("first install: expected the subject's TID %ld", SCT_REPORT(r, struct tsync_report)->subject_tid);
	switch (variant->expect) {
	case SYNCED:
		if (variant->flags & LISTENER) {
			ASSERT_GE(r->ret, 0) TH_LOG("expected a listener fd, got %s",
						    strerror((int)-r->ret));
			EXPECT_TRUE(SCT_REPORT(r, struct tsync_report)->is_listener) TH_LOG("fd %ld is not a seccomp listener",
								  r->ret);
		} else {
			ASSERT_EQ(0, r->ret) TH_LOG("TSYNC failed: %ld%s%s", r->ret,
						    r->ret < 0 ? " " : " (a thread's TID)",
						    r->ret < 0 ? strerror((int)-r->ret) : "");
		}
		break;
	case FAILS_TID:
		ASSERT_EQ(SCT_REPORT(r, struct tsync_report)->subject_tid, r->ret)
			TH_LOG("expected the subject thread's TID %ld", SCT_REPORT(r, struct tsync_report)->subject_tid);
		break;
	case FAILS_ESRCH:
		ASSERT_EQ(-ESRCH, r->ret) TH_LOG("got %ld", r->ret);
		break;
	case FAILS_EINVAL:
		ASSERT_EQ(-EINVAL, r->ret) TH_LOG("got %ld", r->ret);
		break;
	case CALLER_ONLY:
		ASSERT_EQ(0, r->ret) TH_LOG("got %ld", r->ret);
		break;
	}
	/* Only a successful listener install may take a descriptor. */
	if (!((variant->flags & LISTENER) && variant->expect == SYNCED))
		EXPECT_EQ(SCT_REPORT(r, struct tsync_report)->lowest_fd_before, SCT_REPORT(r, struct tsync_report)->lowest_fd_after)
			TH_LOG("a descriptor was left open by the failed install");

	/* Synced: every thread meets the new filter; otherwise only the caller may. */
	want_others = variant->expect == SYNCED ? TSYNC_ERRNO : 0;
	EXPECT_EQ(variant->expect == SYNCED || variant->expect == CALLER_ONLY ? TSYNC_ERRNO : 0,
		  SCT_REPORT(r, struct tsync_report)->ppid_err_caller) TH_LOG("getppid in the calling thread");
	EXPECT_EQ(want_others, SCT_REPORT(r, struct tsync_report)->ppid_err_bystander) TH_LOG("getppid in the plain thread");
	if (subject_answers)
		EXPECT_EQ(want_others, SCT_REPORT(r, struct tsync_report)->ppid_err_subject) TH_LOG("getppid in the subject thread");
	/* Synced threads share the caller's whole chain, so its filter count too. */
	if (variant->expect == SYNCED && sct_have(SCT_F_STATUS_FILTERS)) {
		EXPECT_EQ(SCT_REPORT(r, struct tsync_report)->filters_caller, SCT_REPORT(r, struct tsync_report)->filters_bystander);
		if (subject_answers)
			EXPECT_EQ(SCT_REPORT(r, struct tsync_report)->filters_caller, SCT_REPORT(r, struct tsync_report)->filters_subject);
	}
}

/* ---- no_new_privs of the synced threads ------------------------------------ */

/*
 * seccomp_sync_threads: "if (task_no_new_privs(caller))
 * task_set_no_new_privs(thread)". The synced thread ends with its own NNP
 * OR the caller's. A caller without NNP needs CAP_SYS_ADMIN to install.
 */
FIXTURE(tsync_nnp) {};
FIXTURE_VARIANT(tsync_nnp) {
	bool caller_nnp;
	bool thread_nnp;	/* the thread set NNP itself before the sync */
	int want;		/* the thread's NNP afterwards */
};
FIXTURE_VARIANT_ADD(tsync_nnp, caller_nnp_sets_it) {
	.caller_nnp = true, .thread_nnp = false, .want = 1,
};
FIXTURE_VARIANT_ADD(tsync_nnp, caller_without_nnp_leaves_it_clear) {
	.caller_nnp = false, .thread_nnp = false, .want = 0,
};
FIXTURE_VARIANT_ADD(tsync_nnp, caller_without_nnp_never_clears_it) {
	.caller_nnp = false, .thread_nnp = true, .want = 1,
};
FIXTURE_SETUP(tsync_nnp) {}
FIXTURE_TEARDOWN(tsync_nnp) {}

/* prctl(PR_GET_NO_NEW_PRIVS) in each thread, and NoNewPrivs: of
 * /proc/self/task/TID/status (a negative errno when there is no such line). */
struct tsync_n_report {
	long before;
	long after;
	long caller_after;
	long ppid_err;
	long proc_before;
	long proc_after;
	long proc_caller_after;
};

static long status_nnp(pid_t tid)
{
	long v;
	int err = sct_proc_status(tid, "NoNewPrivs", &v);

	return err ? err : v;
}

static int tsync_nnp_child(struct sct_report *rep, void *arg)
{
	struct tsync_n_report *res = SCT_REPORT(rep, struct tsync_n_report);
	const FIXTURE_VARIANT(tsync_nnp) *v = arg;
	struct worker w = { 0 };
	struct progs p;

	errno = EINVAL;
	if (build_progs(&p))
		return sct_report_broken(rep, "build the filters");
	if (!worker_start(&w))
		return sct_report_broken(rep, "start the worker thread");
	if (v->thread_nnp && (!worker_do(&w, W_SET_NNP) || w.ret))
		return sct_report_broken(rep, "set no_new_privs in the worker");
	if (!worker_ask(&w, W_GET_NNP, &res->before))
		return sct_report_broken(rep, "ask the worker");
	res->proc_before = status_nnp(w.tid);
	if (v->caller_nnp && sct_set_nnp())
		return sct_report_broken(rep, "set no_new_privs");
	rep->ret = sct_install(&p.deny, SECCOMP_FILTER_FLAG_TSYNC);
	res->caller_after = sct_get_nnp();
	res->proc_caller_after = status_nnp(gettid());
	res->proc_after = status_nnp(w.tid);
	if (!worker_ask(&w, W_GET_NNP, &res->after) ||
	    !worker_ask(&w, W_GETPPID, &res->ppid_err))
		return sct_report_broken(rep, "ask the worker");
	rep->stage = 1;
	progs_free(&p);
	return 0;
}

/* The requirements and the run every tsync_nnp case shares. */
#define RUN_NNP_CHILD(out) do {						\
	SCT_REQUIRE(SCT_F_FLAG_TSYNC);					\
	if (!variant->caller_nnp)					\
		SCT_REQUIRE_CAP(CAP_SYS_ADMIN);				\
	if (sct_get_nnp() != 0)						\
		SKIP(return, "this test process already has no_new_privs: " \
		     "every thread inherits it");			\
	ASSERT_EQ(0, sct_run_child(tsync_nnp_child, (void *)variant, CASE_TIMEOUT_MS, &(out))); \
	ASSERT_EXITED(out, 0);						\
	ASSERT_EQ(1, (out).rep.stage);					\
	ASSERT_EQ(0, (out).rep.ret) TH_LOG("TSYNC install: %s", strerror((int)-(out).rep.ret)); \
	EXPECT_EQ(TSYNC_ERRNO, SCT_REPORT(&(out).rep, struct tsync_n_report)->ppid_err) TH_LOG("the thread was not synced"); \
} while (0)

/* What each thread itself reads with PR_GET_NO_NEW_PRIVS. */
TEST_F(tsync_nnp, synced_thread)
{
	struct sct_outcome out;
	const struct tsync_n_report *res = SCT_REPORT(&out.rep, struct tsync_n_report);

	RUN_NNP_CHILD(out);
	EXPECT_EQ(variant->thread_nnp, res->before);
	EXPECT_EQ(variant->want, res->after)
		TH_LOG("no_new_privs of the synced thread (caller's: %d)", variant->caller_nnp);
	EXPECT_EQ(variant->caller_nnp, res->caller_after);
}

/* The same read from outside the thread: NoNewPrivs: in its /proc status. */
TEST_F(tsync_nnp, proc_status)
{
	struct sct_outcome out;
	const struct tsync_n_report *res = SCT_REPORT(&out.rep, struct tsync_n_report);
	long own;

	if (sct_proc_status(0, "NoNewPrivs", &own) == -ENOENT)
		SKIP(return, "NoNewPrivs: in /proc/PID/status unavailable (no such line; Linux 4.10+)");
	RUN_NNP_CHILD(out);
	EXPECT_EQ(variant->thread_nnp, res->proc_before);
	EXPECT_EQ(variant->want, res->proc_after)
		TH_LOG("NoNewPrivs of the synced thread (caller's: %d)", variant->caller_nnp);
	EXPECT_EQ(variant->caller_nnp, res->proc_caller_after);
}

SCT_SUITE_MAIN("SECCOMP_FILTER_FLAG_TSYNC: syncing threads with no filter or an ancestor "
	       "filter, failing with the TID of a diverged thread (or ESRCH with "
	       "TSYNC_ESRCH), exited threads, TSYNC with NEW_LISTENER, and the "
	       "no_new_privs rule for synced threads.")
