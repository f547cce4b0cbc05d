// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe_test - self-tests of lib/probe.c: every feature is described, its
 * classifier sorts made-up answers exactly (the answer of a kernel with it,
 * each answer of an older kernel, anything else anomalous), and the live
 * probes answer consistently and explain themselves in the form the suites'
 * SKIP lines use. On any kernel: no feature is assumed.
 */
#include <signal.h>

#include "suite.h"

TEST(every_feature_is_described)
{
	for (int f = 0; f < SCT_F_COUNT; f++) {
		const struct sct_feature_fact *fa = sct_feature_fact(f);

		ASSERT_NE(NULL, fa);
		EXPECT_NE(NULL, fa->name) TH_LOG("feature %d has no name", f);
		if (!fa->name)
			continue;
		EXPECT_NE(NULL, strstr(fa->since, "Linux") ?: strstr(fa->since, "CONFIG_")) {
			TH_LOG("%s: '%s' names no kernel version or config", fa->name, fa->since);
		}
		EXPECT_NE(NULL, fa->ask) TH_LOG("%s: no question", fa->name);
		EXPECT_NE(NULL, fa->probe) TH_LOG("%s: no probe", fa->name);
		EXPECT_NE(NULL, fa->present_why) TH_LOG("%s: no reason for present", fa->name);
		EXPECT_NE(NULL, fa->absent[0].why) TH_LOG("%s: no older-kernel answer", fa->name);
		for (int i = 0; i < SCT_MAX_ABSENT && fa->absent[i].why; i++)
			EXPECT_NE(fa->present, fa->absent[i].answer) {
				TH_LOG("%s: an answer both present and absent", fa->name);
			}
		EXPECT_STREQ(fa->name, sct_feature_name(f));
		EXPECT_STREQ(fa->since, sct_feature_since(f));
	}
	EXPECT_EQ(NULL, sct_feature_fact(SCT_F_COUNT));
	EXPECT_STREQ("?", sct_feature_name(SCT_F_COUNT));
}

/*
 * What each probe's answers mean, written down a second time from the
 * kernel sources (the functions are named in lib/probe.c's table), so a
 * slip in that table is caught here. absent[] ends at 0 (no older-kernel
 * answer is 0); unprivileged: an answer that means "absent" only to a
 * prober without CAP_SYS_ADMIN or with a filter.
 */
struct expectation {
	bool set;
	long present;
	long absent[3];
	long unprivileged;
	long anomalous[2];
};

#define FLAG_EXPECT { .set = true, .present = -EFAULT, .absent = { -EINVAL }, \
		      .anomalous = { -ENOMEM, 0 } }
#define ACTION_EXPECT { .set = true, .present = 0, .absent = { -EOPNOTSUPP }, \
			.anomalous = { -EINVAL, 1 } }

static const struct expectation expect[SCT_F_COUNT] = {
	[SCT_F_FILTER_MODE] = { .set = true, .present = -EFAULT, .absent = { -EINVAL },
				.anomalous = { -EACCES, 0 } },
	[SCT_F_SECCOMP_SYSCALL] = { .set = true, .present = -EFAULT,
				    .absent = { -ENOSYS, -EINVAL }, .anomalous = { -EPERM, 0 } },
	[SCT_F_FLAG_TSYNC] = FLAG_EXPECT,
	[SCT_F_FLAG_LOG] = FLAG_EXPECT,
	[SCT_F_FLAG_SPEC_ALLOW] = FLAG_EXPECT,
	[SCT_F_FLAG_NEW_LISTENER] = FLAG_EXPECT,
	[SCT_F_FLAG_TSYNC_ESRCH] = FLAG_EXPECT,
	[SCT_F_FLAG_WAIT_KILLABLE_RECV] = FLAG_EXPECT,
	[SCT_F_GET_ACTION_AVAIL] = { .set = true, .present = 0, .absent = { -EINVAL },
				     .anomalous = { -EOPNOTSUPP, -EFAULT } },
	[SCT_F_GET_NOTIF_SIZES] = { .set = true, .present = 0, .absent = { -EINVAL },
				    .anomalous = { -EFAULT, -ENOSYS } },
	[SCT_F_RET_KILL_PROCESS] = ACTION_EXPECT,
	[SCT_F_RET_LOG] = ACTION_EXPECT,
	[SCT_F_RET_USER_NOTIF] = ACTION_EXPECT,
	[SCT_F_NOTIF_CONTINUE] = { .set = true, .present = -ENOENT, .absent = { -EINVAL },
				   .anomalous = { 0, -EINPROGRESS } },
	[SCT_F_NOTIF_ADDFD] = { .set = true, .present = -ENOENT, .absent = { -EINVAL },
				.anomalous = { -EBADF, -ENOTTY } },
	[SCT_F_NOTIF_ADDFD_SEND] = { .set = true, .present = -ENOENT, .absent = { -EINVAL },
				     .anomalous = { -EINPROGRESS, -EBUSY } },
	[SCT_F_NOTIF_SET_FLAGS] = { .set = true, .present = 0, .absent = { -EINVAL },
				    .anomalous = { -ENOTTY, -EFAULT } },
	[SCT_F_STATUS_FILTERS] = { .set = true, .present = 0, .absent = { -ENOENT },
				   .anomalous = { -EACCES, -EINVAL } },
	[SCT_F_CACHE_DEBUG] = { .set = true, .present = 0, .absent = { -ENOENT },
				.anomalous = { -EACCES, -ENOTDIR } },
	[SCT_F_PTRACE_GET_FILTER] = { .set = true, .present = 1, .absent = { -EIO, -EINVAL },
				      .unprivileged = -EACCES, .anomalous = { 2, -ESRCH } },
	[SCT_F_PTRACE_GET_METADATA] = { .set = true, .present = 16,
					.absent = { -EIO, -EINVAL }, .unprivileged = -EACCES,
					.anomalous = { 8, -EFAULT } },
	[SCT_F_PTRACE_SUSPEND] = { .set = true, .present = 0, .absent = { -EINVAL },
				   .unprivileged = -EPERM, .anomalous = { -EIO, -ESRCH } },
	[SCT_F_CLONE3] = { .set = true, .present = -EINVAL, .absent = { -ENOSYS },
			   .anomalous = { -E2BIG, 0 } },
	[SCT_F_COMPAT_ENTRY] = { .set = true, .present = 0,
				 .absent = { SCT_ANSWER_KILLED(SIGSEGV), SCT_ANSWER_NO_ABI },
				 .anomalous = { -ENOSYS, SCT_ANSWER_KILLED(SIGSYS) } },
	[SCT_F_X32] = { .set = true, .present = 0, .absent = { -ENOSYS, SCT_ANSWER_NO_ABI },
			.anomalous = { SCT_ANSWER_KILLED(SIGSEGV), 12345 } },
	[SCT_F_PIDFD_OPEN] = { .set = true, .present = 0, .absent = { -ENOSYS },
			       .anomalous = { -EINVAL, -EMFILE } },
	[SCT_F_SYSCTL_ACTIONS] = { .set = true, .present = 0, .absent = { -ENOENT },
				   .anomalous = { -EACCES, -EIO } },
	/* perf_tp_register adds the "uprobe" PMU with CONFIG_UPROBE_EVENTS */
	[SCT_F_UPROBE_PMU] = { .set = true, .present = 0, .absent = { -ENOENT },
			       .anomalous = { -EACCES, 8 } },
	/* sys_uretprobe: force_sig(SIGILL) outside the trampoline (6.11+) */
	[SCT_F_URETPROBE_SYSCALL] = { .set = true, .present = SCT_ANSWER_KILLED(SIGILL),
				      .absent = { -ENOSYS, SCT_ANSWER_NO_ABI },
				      .anomalous = { SCT_ANSWER_KILLED(SIGSYS), -EPERM } },
	/* sys_uprobe: -ENXIO when !in_uprobe_trampoline (6.18+) */
	[SCT_F_UPROBE_SYSCALL] = { .set = true, .present = -ENXIO,
				   .absent = { -ENOSYS, SCT_ANSWER_NO_ABI },
				   .anomalous = { SCT_ANSWER_KILLED(SIGILL), 0 } },
};

/* What an answer must classify as, from the expectation alone. */
static enum sct_presence expected(const struct expectation *e, long answer, bool privileged)
{
	if (answer == SCT_ANSWER_BROKEN)
		return SCT_PROBE_BROKEN;
	if (answer == e->present)
		return SCT_PRESENT;
	for (int i = 0; i < 3 && e->absent[i]; i++)
		if (answer == e->absent[i])
			return SCT_ABSENT;
	if (e->unprivileged && answer == e->unprivileged && !privileged)
		return SCT_ABSENT;
	return SCT_ANOMALOUS;
}

FIXTURE(classify) {};
FIXTURE_VARIANT(classify) { enum sct_feature feature; };
#define CLASSIFY_ROW(id, name, ...) \
	FIXTURE_VARIANT_ADD(classify, name) { .feature = SCT_F_##id };
SCT_FEATURES(CLASSIFY_ROW)
FIXTURE_SETUP(classify) {}
FIXTURE_TEARDOWN(classify) {}

#define ASSERT_CLASS(want, answer, priv) do {				\
	char _a[48];							\
	ASSERT_EQ(want, sct_feature_classify(f, (answer), (priv))) {	\
		TH_LOG("%s: answer %s (%s prober) should be %s", sct_feature_name(f), \
		       sct_answer_str((answer), _a, sizeof(_a)),	\
		       (priv) ? "privileged" : "unprivileged", sct_presence_name(want)); \
	}								\
} while (0)

TEST_F(classify, made_up_answers)
{
	enum sct_feature f = variant->feature;
	const struct expectation *e = &expect[f];

	ASSERT_TRUE(e->set) TH_LOG("no expectation for %s", sct_feature_name(f));
	for (int priv = 0; priv < 2; priv++) {
		ASSERT_CLASS(SCT_PRESENT, e->present, priv);
		for (int i = 0; i < 3 && e->absent[i]; i++)
			ASSERT_CLASS(SCT_ABSENT, e->absent[i], priv);
		for (int i = 0; i < 2; i++)
			ASSERT_CLASS(SCT_ANOMALOUS, e->anomalous[i], priv);
		ASSERT_CLASS(SCT_PROBE_BROKEN, SCT_ANSWER_BROKEN, priv);
	}
	if (e->unprivileged) {
		ASSERT_CLASS(SCT_ABSENT, e->unprivileged, false);
		ASSERT_CLASS(SCT_ANOMALOUS, e->unprivileged, true);
	}
}

/* No answer outside the expectation means anything but ANOMALOUS. */
TEST_F(classify, every_other_answer_is_anomalous)
{
	enum sct_feature f = variant->feature;
	const struct expectation *e = &expect[f];

	ASSERT_TRUE(e->set) TH_LOG("no expectation for %s", sct_feature_name(f));
	for (int priv = 0; priv < 2; priv++) {
		for (long err = 1; err < 200; err++)
			ASSERT_CLASS(expected(e, -err, priv), -err, priv);
		for (long val = 0; val < 64; val++)
			ASSERT_CLASS(expected(e, val, priv), val, priv);
		for (int sig = 1; sig < 65; sig++)
			ASSERT_CLASS(expected(e, SCT_ANSWER_KILLED(sig), priv),
				     SCT_ANSWER_KILLED(sig), priv);
		ASSERT_CLASS(expected(e, SCT_ANSWER_NO_ABI, priv), SCT_ANSWER_NO_ABI, priv);
	}
}

TEST(answers_print_by_name)
{
	char b[48];

	EXPECT_STREQ("EINVAL", sct_answer_str(-EINVAL, b, sizeof(b)));
	EXPECT_STREQ("16", sct_answer_str(16, b, sizeof(b)));
	EXPECT_STREQ("killed by SIGSEGV", sct_answer_str(SCT_ANSWER_KILLED(SIGSEGV), b, sizeof(b)));
	EXPECT_STREQ("nothing to ask on this arch", sct_answer_str(SCT_ANSWER_NO_ABI, b, sizeof(b)));
	EXPECT_STREQ("BROKEN", sct_answer_str(SCT_ANSWER_BROKEN, b, sizeof(b)));
	EXPECT_STREQ("ANOMALOUS", sct_presence_name(SCT_ANOMALOUS));
}

/* The live probes: stable, and each state explains itself. Whether an
 * answer is anomalous is suites/interfaces_test's verdict, not ours. */
TEST(answers_are_stable_and_reasons_explain)
{
	for (int f = 0; f < SCT_F_COUNT; f++) {
		enum sct_presence p = sct_feature_state(f);
		const char *why = sct_missing_reason(f);
		const char *report = sct_feature_report(f);

		EXPECT_EQ(p, sct_feature_state(f));
		EXPECT_EQ(p == SCT_PRESENT, sct_have(f));
		EXPECT_NE(NULL, strstr(report, sct_feature_name(f)));
		if (p == SCT_PRESENT) {
			EXPECT_STREQ("", why);
		} else if (p == SCT_ABSENT) {
			EXPECT_NE(NULL, strstr(why, sct_feature_name(f)));
			EXPECT_NE(NULL, strstr(why, " unavailable ("));
			EXPECT_NE(NULL, strstr(why, sct_feature_since(f)));
		} else {
			EXPECT_STREQ(sct_feature_report(f), why);
		}
		ksft_print_msg("%-40s %s\n", sct_feature_name(f),
			       p == SCT_PRESENT ? "present" : why);
	}
}

/* The foundations every suite needs; absent only on kernels without seccomp. */
TEST(filter_mode_implies_seccomp_syscall_or_is_older_than_3_17)
{
	SCT_REQUIRE(SCT_F_FILTER_MODE);
	/* Every kernel the harness runs on (pidfd, 5.3+) has seccomp(2). */
	EXPECT_TRUE(sct_have(SCT_F_SECCOMP_SYSCALL));
}

SCT_SUITE_MAIN("Self-tests of the feature probes (lib/probe.c).")
