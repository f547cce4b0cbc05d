// SPDX-License-Identifier: GPL-2.0-only
/*
 * tsync_leader_test - SECCOMP_FILTER_FLAG_TSYNC after the thread-group
 * leader has exited while other threads live on.
 *
 * A leader that leaves with pthread_exit stays a zombie in the thread list
 * until the last thread exits (delay_group_leader). kernel/seccomp.c,
 * seccomp_can_sync_threads skips every PF_EXITING thread, and since
 * bfafe5efa975 (Linux 6.11) an exiting task drops its filter in do_exit
 * instead of at release_task: a zombie leader that had a filter of its own
 * no longer blocks the sync. Before that the install failed with the
 * leader's TID, the process's own pid. seccomp_sync_threads skips it too,
 * so only the live threads take the new filter.
 *
 * Each case is a fresh child: the leader starts a bystander (plain, it only
 * answers when told) and an installer, optionally installs a filter of its
 * own (diverging from both), and exits its thread. The installer joins it,
 * waits until /proc shows the leader as a zombie, installs with TSYNC,
 * checks both live threads and ends the process with _exit.
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <time.h>

#include "suite.h"

#define LEADER_ERRNO 3301	/* the TSYNC filter's answer to getppid */
#define WAIT_MS 2000
#define CASE_TIMEOUT_MS 4000
#define DEAD_LEADER_FIX \
	"bfafe5efa975 (seccomp: release task filters when the task exits, Linux 6.11)"

enum leader {
	LEADER_PLAIN,		/* no filter of its own: syncable on any kernel */
	LEADER_DIVERGED,	/* a filter of its own, not an ancestor of the caller's */
};

FIXTURE(tsync_leader) {};
FIXTURE_VARIANT(tsync_leader) {
	enum leader leader;
	const char *guards;	/* kernel fix this row guards, or NULL */
};
FIXTURE_VARIANT_ADD(tsync_leader, plain_leader_exited) {
	.leader = LEADER_PLAIN,
};
FIXTURE_VARIANT_ADD(tsync_leader, diverged_leader_exited) {
	.leader = LEADER_DIVERGED, .guards = DEAD_LEADER_FIX,
};
FIXTURE_SETUP(tsync_leader) {}
FIXTURE_TEARDOWN(tsync_leader) {}

/* What the experiment reports. */
struct tsync_leader_report {
	long leader_state;	/* the leader's state letter when the installer ran */
	long err_installer;
	long err_bystander;	/* getppid's errno, 0 when it ran */
	long filters_installer;
	long filters_bystander;	/* -1: unknown */
	long mode_bystander;	/* Seccomp: of the bystander */
	long pid;	/* the child's pid: the leader's TID */
};
/* rep->stage */
enum { ST_LEADER_LEFT = 1, ST_JOINED, ST_DONE };

struct leader_ctx {
	const FIXTURE_VARIANT(tsync_leader) *v;
	struct sct_report *rep;
	pthread_t leader;
	struct sock_fprog deny;
	sem_t go, done;			/* the bystander's commands */
	pid_t bystander_tid;
	long bystander_err;
};

static long getppid_errno(void)
{
	return syscall(__NR_getppid) == -1 ? errno : 0;
}

static bool timed_wait(sem_t *s)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += WAIT_MS / 1000;
	while (sem_timedwait(s, &ts))
		if (errno != EINTR)
			return false;
	return true;
}

/* Says hello, then answers one getppid when told, then waits for the end. */
static void *bystander_main(void *p)
{
	struct leader_ctx *c = p;

	c->bystander_tid = gettid();
	sem_post(&c->done);
	while (sem_wait(&c->go) && errno == EINTR)
		;
	c->bystander_err = getppid_errno();
	sem_post(&c->done);
	for (;;)
		pause();
	return NULL;
}

/* The state letter of thread tid ("R", "S", "Z", ...), 0 when unreadable. */
static char thread_state(pid_t tid)
{
	char path[64], buf[512], *paren;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	paren = strrchr(buf, ')');
	return paren && paren[1] == ' ' ? paren[2] : 0;
}

/* Wait (at most 2 s) until the exited leader is a zombie. */
static char leader_zombie(void)
{
	char st = 0;

	for (int i = 0; i < 2000 && st != 'Z'; i++) {
		st = thread_state(getpid());
		if (st != 'Z')
			usleep(1000);
	}
	return st;
}

static long status_of(pid_t tid, const char *key)
{
	long n;

	return sct_proc_status(tid, key, &n) ? -1 : n;
}

static int installer_run(struct leader_ctx *c)
{
	struct sct_report *rep = c->rep;
	struct tsync_leader_report *res = SCT_REPORT(rep, struct tsync_leader_report);

	if (pthread_join(c->leader, NULL))
		return sct_report_broken(rep, "join the leader thread");
	rep->stage = ST_JOINED;
	res->leader_state = leader_zombie();
	if (res->leader_state != 'Z')
		return sct_report_broken(rep, "see the exited leader as a zombie");
	rep->ret = sct_install(&c->deny, SECCOMP_FILTER_FLAG_TSYNC);
	res->err_installer = getppid_errno();
	res->filters_installer = status_of(gettid(), "Seccomp_filters");
	res->filters_bystander = status_of(c->bystander_tid, "Seccomp_filters");
	res->mode_bystander = status_of(c->bystander_tid, "Seccomp");
	sem_post(&c->go);
	if (!timed_wait(&c->done))
		return sct_report_broken(rep, "ask the bystander thread");
	res->err_bystander = c->bystander_err;
	rep->stage = ST_DONE;
	return 0;
}

/* The installer ends the whole process: the leader is gone already. */
static void *installer_main(void *p)
{
	_exit(installer_run(p));
	return NULL;
}

static int leader_child(struct sct_report *rep, void *arg)
{
	struct leader_ctx *c = calloc(1, sizeof(*c));
	struct sct_filter *deny = sct_filter_for_nr(__NR_getppid,
						    SECCOMP_RET_ERRNO | LEADER_ERRNO,
						    SECCOMP_RET_ALLOW);
	struct sct_filter *own = sct_filter_ret(SECCOMP_RET_ALLOW);
	pthread_t by, in;

	errno = ENOMEM;
	if (!c || sct_filter_build(deny, &c->deny))
		return sct_report_broken(rep, "build the filter");
	c->v = arg;
	c->rep = rep;
	c->leader = pthread_self();
	SCT_REPORT(rep, struct tsync_leader_report)->pid = getpid();
	/* inherited by both threads: they may install without CAP_SYS_ADMIN */
	if (sct_set_nnp())
		return sct_report_broken(rep, "set no_new_privs");
	if (sem_init(&c->go, 0, 0) || sem_init(&c->done, 0, 0) ||
	    pthread_create(&by, NULL, bystander_main, c) || !timed_wait(&c->done))
		return sct_report_broken(rep, "start the bystander thread");
	if (pthread_create(&in, NULL, installer_main, c))
		return sct_report_broken(rep, "start the installer thread");
	/* after both threads exist: neither inherits this filter */
	if (c->v->leader == LEADER_DIVERGED &&
	    sct_install_filter(own, 0))
		return sct_report_broken(rep, "install the leader's own filter");
	rep->stage = ST_LEADER_LEFT;
	pthread_exit(NULL);
}

TEST_F(tsync_leader, remaining_threads_synced)
{
	const struct sct_report *r;
	struct sct_outcome out;

	SCT_REQUIRE(SCT_F_FLAG_TSYNC);
	ASSERT_EQ(0, sct_run_child(leader_child, (void *)variant, CASE_TIMEOUT_MS, &out));
	r = &out.rep;
	/* no hang: the installer ended the process itself */
	ASSERT_EXITED(out, 0);
	ASSERT_EQ(ST_DONE, r->stage);
	ASSERT_EQ('Z', SCT_REPORT(r, struct tsync_leader_report)->leader_state);
	ASSERT_EQ(0, r->ret) {
		TH_LOG("TSYNC after the leader exited returned %ld%s", r->ret,
		       r->ret == SCT_REPORT(r, struct tsync_leader_report)->pid ? " (the zombie leader's TID)" : "");
		if (variant->guards)
			TH_LOG("this case guards kernel commit %s", variant->guards);
	}
	/* both live threads have the new filter */
	EXPECT_EQ(LEADER_ERRNO, SCT_REPORT(r, struct tsync_leader_report)->err_installer);
	EXPECT_EQ(LEADER_ERRNO, SCT_REPORT(r, struct tsync_leader_report)->err_bystander) TH_LOG("the bystander was not synced");
	EXPECT_EQ(SECCOMP_MODE_FILTER, SCT_REPORT(r, struct tsync_leader_report)->mode_bystander);
	if (sct_have(SCT_F_STATUS_FILTERS)) {
		EXPECT_EQ(1, SCT_REPORT(r, struct tsync_leader_report)->filters_installer);
		EXPECT_EQ(SCT_REPORT(r, struct tsync_leader_report)->filters_installer, SCT_REPORT(r, struct tsync_leader_report)->filters_bystander);
	}
}

SCT_SUITE_MAIN("SECCOMP_FILTER_FLAG_TSYNC from a thread whose thread-group leader has "
	       "exited (a zombie, with or without a filter of its own): the install "
	       "succeeds and every live thread takes the filter.")
