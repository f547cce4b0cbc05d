// SPDX-License-Identifier: GPL-2.0-only
/*
 * child_test - self-tests of lib/child.c: how a child ended is reported
 * faithfully, a hung child is killed at its deadline with everything it
 * started, and set-up failures are told apart from verdicts.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

#include "suite.h"

/* What these children report besides stage. */
struct child_test_report {
	long answer;
	long grandchild;	/* pid */
};

static int exits_7(struct sct_report *rep, void *arg)
{
	(void)arg;
	rep->stage = 5;
	SCT_REPORT(rep, struct child_test_report)->answer = 42;
	return 7;
}

TEST(exit_status_and_report_come_back)
{
	struct sct_outcome out;

	ASSERT_EQ(0, sct_run_child(exits_7, NULL, 0, &out));
	ASSERT_EXITED(out, 7);
	EXPECT_EQ(5, out.rep.stage);
	EXPECT_EQ(42, SCT_REPORT(&out.rep, struct child_test_report)->answer);
}

static int dies_by_sigsys(struct sct_report *rep, void *arg)
{
	(void)rep;
	(void)arg;
	raise(SIGSYS);
	return 0;
}

TEST(signal_death_is_reported_without_core)
{
	struct sct_outcome out;

	ASSERT_EQ(0, sct_run_child(dies_by_sigsys, NULL, 0, &out));
	ASSERT_KILLED_BY(out, SIGSYS);
	EXPECT_FALSE(out.core);		/* RLIMIT_CORE is 0 in children */
}

/* Running or sleeping: not reaped and not a zombie. */
static bool alive(pid_t pid)
{
	char path[64], buf[256], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	p = strrchr(buf, ')');
	return p && p[1] == ' ' && p[2] != 'Z' && p[2] != 'X';
}

/* A child that hangs and leaves a grandchild hanging too. */
static int hangs_with_grandchild(struct sct_report *rep, void *arg)
{
	pid_t g = fork();

	(void)arg;
	if (g == 0) {
		for (;;)
			pause();
	}
	SCT_REPORT(rep, struct child_test_report)->grandchild = g;
	rep->stage = 1;
	for (;;)
		pause();
	return 0;
}

TEST(hung_child_and_its_group_are_killed_at_the_deadline)
{
	struct sct_outcome out;
	struct timespec a, b;
	long ms;
	pid_t g;

	clock_gettime(CLOCK_MONOTONIC, &a);
	ASSERT_EQ(0, sct_run_child(hangs_with_grandchild, NULL, 200, &out));
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	EXPECT_EQ(SCT_END_TIMED_OUT, out.end);
	EXPECT_GE(ms, 200);
	EXPECT_LT(ms, 2000);
	ASSERT_EQ(1, out.rep.stage);
	/* the grandchild got SIGKILL with the group: gone, or a zombie
	 * waiting for its new parent to reap it */
	g = (pid_t)SCT_REPORT(&out.rep, struct child_test_report)->grandchild;
	for (int i = 0; i < 200 && alive(g); i++)
		usleep(5000);
	EXPECT_FALSE(alive(g));
}

/* Sleeps 300 ms, then exits 0. */
static int sleeps_300ms(struct sct_report *rep, void *arg)
{
	(void)rep;
	(void)arg;
	usleep(300 * 1000);
	return 0;
}

/* SCT_TIMEOUT_SCALE multiplies the timeout by a whole number from 1 to 50;
 * anything else is ignored (scale 1). */
FIXTURE(timeout_scale) {};
FIXTURE_VARIANT(timeout_scale) {
	const char *value;	/* NULL: unset */
	enum sct_end end;	/* of a 300 ms child under a 100 ms timeout */
};
FIXTURE_VARIANT_ADD(timeout_scale, unset) { .value = NULL, .end = SCT_END_TIMED_OUT };
FIXTURE_VARIANT_ADD(timeout_scale, five) { .value = "5", .end = SCT_END_EXITED };
FIXTURE_VARIANT_ADD(timeout_scale, one) { .value = "1", .end = SCT_END_TIMED_OUT };
FIXTURE_VARIANT_ADD(timeout_scale, zero_ignored) { .value = "0", .end = SCT_END_TIMED_OUT };
FIXTURE_VARIANT_ADD(timeout_scale, over_50_ignored) { .value = "51", .end = SCT_END_TIMED_OUT };
FIXTURE_VARIANT_ADD(timeout_scale, trailing_junk_ignored) { .value = "5x", .end = SCT_END_TIMED_OUT };
FIXTURE_VARIANT_ADD(timeout_scale, empty_ignored) { .value = "", .end = SCT_END_TIMED_OUT };
FIXTURE_SETUP(timeout_scale) {}
FIXTURE_TEARDOWN(timeout_scale) {}

TEST_F(timeout_scale, stretches_the_child_timeout)
{
	struct sct_outcome out;
	int set = variant->value ? setenv("SCT_TIMEOUT_SCALE", variant->value, 1)
				 : unsetenv("SCT_TIMEOUT_SCALE");

	ASSERT_EQ(0, set);
	ASSERT_EQ(0, sct_run_child(sleeps_300ms, NULL, 100, &out));
	unsetenv("SCT_TIMEOUT_SCALE");
	EXPECT_EQ(variant->end, out.end);
	if (variant->end == SCT_END_EXITED)
		EXPECT_EQ(0, out.code);
}

static int broken_setup(struct sct_report *rep, void *arg)
{
	(void)arg;
	errno = ENOMEM;
	return sct_report_broken(rep, "pretend mmap");
}

TEST(broken_setup_is_not_a_verdict)
{
	struct sct_outcome out;
	char buf[256];

	ASSERT_EQ(0, sct_run_child(broken_setup, NULL, 0, &out));
	EXPECT_STREQ("pretend mmap", out.rep.broken);
	EXPECT_EQ(ENOMEM, out.rep.broken_errno);
	EXPECT_NE(NULL, strstr(sct_outcome_str(&out, buf, sizeof(buf)), "set-up failed"));
}

/* sct_observe: a filter that cannot be built is BROKEN, not a verdict. */
TEST(observe_reports_unbuildable_filter_as_broken)
{
	struct sct_filter *f = sct_filter_new();
	struct sct_stage st = { f, 0 };
	struct sct_probe probe = { .nr = __NR_getppid };
	struct sct_observation obs;

	sct_ja(f, sct_label_new(f));	/* unbound label */
	ASSERT_EQ(0, sct_observe(&st, 1, &probe, &obs));
	EXPECT_EQ(SCT_SEEN_BROKEN, obs.seen);
	EXPECT_NE(NULL, strstr(obs.broken, "does not build"));
	sct_filter_free(f);
}

/* sct_observe with a probe that blocks forever reports TIMED_OUT. */
TEST(observe_reports_a_blocked_probe_as_timed_out)
{
	struct sct_filter *f = sct_filter_ret(SECCOMP_RET_ALLOW);
	struct sct_stage st = { f, 0 };
	/* ppoll(NULL, 0, NULL, ...) never returns without a signal (every arch
	 * has ppoll; asm-generic has no pause) */
	struct sct_probe probe = { .nr = __NR_ppoll, .timeout_ms = 200 };
	struct sct_observation obs;

	ASSERT_EQ(0, sct_observe(&st, 1, &probe, &obs));
	EXPECT_EQ(SCT_SEEN_TIMED_OUT, obs.seen);
	sct_filter_free(f);
}

SCT_SUITE_MAIN("Self-tests of the fork-and-observe helpers (lib/child.c).")
