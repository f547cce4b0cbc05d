// SPDX-License-Identifier: GPL-2.0-only
/*
 * precedence_test - two stacked filters, every ordered pair of the eight
 * actions. kernel/seccomp.c (seccomp_run_filters) walks the filters newest
 * to oldest and keeps a result only when (s32)(ret & SECCOMP_RET_ACTION_FULL)
 * is strictly lower, so:
 *   KILL_PROCESS < KILL_THREAD < TRAP < ERRNO < USER_NOTIF < TRACE < LOG < ALLOW
 * and among equal actions the newest filter's data wins.
 *
 * Each filter marks its data with its position (ERRNO 1000+i, TRAP 100+i),
 * so for those the test sees exactly which filter decided: the errno, or
 * si_errno of the SIGSYS. The first USER_NOTIF filter installed gets the
 * listener; USER_NOTIF from a filter without one is ENOSYS
 * (seccomp_do_user_notification), which tells the two apart too. KILL_*
 * carry no data: the test sees the action (SIGSYS for the process, the
 * thread alone for KILL_THREAD), not which filter chose it.
 *
 * What this program cannot see, and does not claim to:
 *  - TRACE without a tracer is ENOSYS whichever filter decided (its data,
 *    position i, is set but unread here); suites/ptrace_paths_test attaches
 *    a tracer and reads the data from PTRACE_GETEVENTMSG.
 *  - LOG and ALLOW both let the call run (RAN, getppid's answer), so
 *    log_then_allow, allow_then_log and log_then_log only check that the
 *    call ran; suites/log_test tells LOG from ALLOW by the audit record.
 */
#include <signal.h>

#include "suite.h"

enum act { kill_process, kill_thread, trap, errno_, user_notif, trace, log_, allow };

static const struct {
	uint32_t ret;
	enum sct_feature needs;	/* SCT_F_COUNT: always there */
} acts[] = {
	[kill_process]	= { SECCOMP_RET_KILL_PROCESS, SCT_F_RET_KILL_PROCESS },
	[kill_thread]	= { SECCOMP_RET_KILL_THREAD, SCT_F_COUNT },
	[trap]		= { SECCOMP_RET_TRAP, SCT_F_COUNT },
	[errno_]	= { SECCOMP_RET_ERRNO, SCT_F_COUNT },
	[user_notif]	= { SECCOMP_RET_USER_NOTIF, SCT_F_RET_USER_NOTIF },
	[trace]		= { SECCOMP_RET_TRACE, SCT_F_COUNT },
	[log_]		= { SECCOMP_RET_LOG, SCT_F_RET_LOG },
	[allow]		= { SECCOMP_RET_ALLOW, SCT_F_COUNT },
};

/* The data a filter at position i attaches to its action. */
static uint32_t marked(enum act a, int i)
{
	switch (a) {
	case trap: return acts[a].ret | (100 + i);
	case errno_: return acts[a].ret | (1000 + i);
	case trace: return acts[a].ret | i;
	default: return acts[a].ret;
	}
}

FIXTURE(precedence) {};
FIXTURE_VARIANT(precedence) { enum act older, newer; };

/* All 64 ordered pairs, named <older>_then_<newer>. */
#define NEWER(X, o) X(o, kill_process) X(o, kill_thread) X(o, trap) X(o, errno_) \
	X(o, user_notif) X(o, trace) X(o, log_) X(o, allow)
#define PAIR(o, n) FIXTURE_VARIANT_ADD(precedence, o##_then_##n) { .older = o, .newer = n };
#define OLDER(o) NEWER(PAIR, o)
OLDER(kill_process) OLDER(kill_thread) OLDER(trap) OLDER(errno_)
OLDER(user_notif) OLDER(trace) OLDER(log_) OLDER(allow)

FIXTURE_SETUP(precedence) {}
FIXTURE_TEARDOWN(precedence) {}

TEST_F(precedence, more_restrictive_wins)
{
	const enum act order[2] = { variant->older, variant->newer };
	struct sct_stage stages[2];
	struct sct_probe probe = { .nr = __NR_getppid };
	struct sct_observation obs;
	int listener = -1, win;

	for (int i = 0; i < 2; i++) {
		if (acts[order[i]].needs != SCT_F_COUNT)
			SCT_REQUIRE(acts[order[i]].needs);
		stages[i].filter = sct_filter_for_nr(__NR_getppid, marked(order[i], i),
						     SECCOMP_RET_ALLOW);
		stages[i].flags = 0;
		if (order[i] == user_notif && listener < 0) {
			stages[i].flags = SECCOMP_FILTER_FLAG_NEW_LISTENER;
			listener = i;
		}
	}
	/* The expectation, from the documented order (enum act is in it). */
	win = order[0] < order[1] ? 0 : 1;
	ASSERT_EQ(0, sct_observe(stages, 2, &probe, &obs));
	switch (order[win]) {
	case kill_process:
		ASSERT_SEEN(obs, SCT_SEEN_PROCESS_KILLED, SIGSYS);
		break;
	case kill_thread:
		ASSERT_SEEN(obs, SCT_SEEN_THREAD_KILLED, SCT_ANY);
		break;
	case trap:
		ASSERT_SEEN(obs, SCT_SEEN_TRAPPED, 100 + win);
		break;
	case errno_:
		ASSERT_SEEN(obs, SCT_SEEN_ERRNO, 1000 + win);
		break;
	case user_notif:
		if (listener == win)
			ASSERT_SEEN(obs, SCT_SEEN_NOTIFIED, win);
		else
			ASSERT_SEEN(obs, SCT_SEEN_ERRNO, ENOSYS);
		break;
	case trace:	/* no tracer: __seccomp_filter answers ENOSYS, data unseen */
		ASSERT_SEEN(obs, SCT_SEEN_ERRNO, ENOSYS);
		break;
	case log_:
	case allow:	/* the call ran: getppid in the child is our pid */
		ASSERT_SEEN(obs, SCT_SEEN_RAN, getpid());
		break;
	}
	for (int i = 0; i < 2; i++)
		sct_filter_free(stages[i].filter);
}

/* Three ERRNO filters: the newest one's data, whatever the order of data. */
TEST(equal_actions_newest_data_wins_over_three_filters)
{
	static const uint16_t data[3] = { 7, 3, 5 };
	struct sct_stage stages[3];
	struct sct_probe probe = { .nr = __NR_getppid };
	struct sct_observation obs;

	for (int i = 0; i < 3; i++)
		stages[i] = (struct sct_stage){ sct_filter_for_nr(__NR_getppid,
				SECCOMP_RET_ERRNO | data[i], SECCOMP_RET_ALLOW), 0 };
	ASSERT_EQ(0, sct_observe(stages, 3, &probe, &obs));
	ASSERT_SEEN(obs, SCT_SEEN_ERRNO, 5);
	for (int i = 0; i < 3; i++)
		sct_filter_free(stages[i].filter);
}

/*
 * Unknown action values sort by their (s32) value like known ones, and
 * only then behave as KILL_PROCESS: 0x00010000 beats TRAP and ERRNO, while
 * 0x7ffe0000 loses to LOG (0x7ffc0000) and so the call runs.
 */
FIXTURE(unknown_action) {};
FIXTURE_VARIANT(unknown_action) { uint32_t unknown, other; enum sct_seen seen; long value; };
FIXTURE_VARIANT_ADD(unknown_action, low_unknown_beats_errno) {
	.unknown = 0x00010000U, .other = SECCOMP_RET_ERRNO | 1000,
	.seen = SCT_SEEN_PROCESS_KILLED, .value = SIGSYS };
FIXTURE_VARIANT_ADD(unknown_action, low_unknown_beats_trap) {
	.unknown = 0x00020000U, .other = SECCOMP_RET_TRAP | 100,
	.seen = SCT_SEEN_PROCESS_KILLED, .value = SIGSYS };
FIXTURE_VARIANT_ADD(unknown_action, kill_thread_beats_low_unknown) {
	.unknown = 0x00010000U, .other = SECCOMP_RET_KILL_THREAD,
	.seen = SCT_SEEN_THREAD_KILLED, .value = SCT_ANY };
/* RAN: getppid ran and answered our pid (checked in the test) */
FIXTURE_VARIANT_ADD(unknown_action, high_unknown_loses_to_log) {
	.unknown = 0x7ffe0000U, .other = SECCOMP_RET_LOG,
	.seen = SCT_SEEN_RAN, .value = SCT_ANY };
FIXTURE_VARIANT_ADD(unknown_action, high_unknown_beats_allow) {
	.unknown = 0x7ffe0000U, .other = SECCOMP_RET_ALLOW,
	.seen = SCT_SEEN_PROCESS_KILLED, .value = SIGSYS };
FIXTURE_VARIANT_ADD(unknown_action, negative_unknown_beats_kill_thread) {
	.unknown = 0x90000000U, .other = SECCOMP_RET_KILL_THREAD,
	.seen = SCT_SEEN_PROCESS_KILLED, .value = SIGSYS };
FIXTURE_SETUP(unknown_action) {}
FIXTURE_TEARDOWN(unknown_action) {}

TEST_F(unknown_action, sorts_by_value_in_either_order)
{
	struct sct_probe probe = { .nr = __NR_getppid };
	struct sct_observation obs;

	if ((variant->other & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_LOG)
		SCT_REQUIRE(SCT_F_RET_LOG);
	for (int newest_unknown = 0; newest_unknown < 2; newest_unknown++) {
		uint32_t r[2] = { variant->unknown, variant->other };
		struct sct_stage stages[2];

		if (newest_unknown)
			r[0] = variant->other, r[1] = variant->unknown;
		for (int i = 0; i < 2; i++)
			stages[i] = (struct sct_stage){
				sct_filter_for_nr(__NR_getppid, r[i], SECCOMP_RET_ALLOW), 0 };
		ASSERT_EQ(0, sct_observe(stages, 2, &probe, &obs));
		ASSERT_SEEN(obs, variant->seen,
			    variant->seen == SCT_SEEN_RAN ? getpid() : variant->value);
		for (int i = 0; i < 2; i++)
			sct_filter_free(stages[i].filter);
	}
}

SCT_SUITE_MAIN("Precedence of stacked filters: all 64 ordered pairs of the eight actions, "
	       "newest data among equals, unknown actions sorted by value.")
