// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe_test - self-tests of lib/probe.c: every feature has a name and a
 * version, answers consistently, and a missing one explains itself in the
 * form the suites' SKIP lines use. On any kernel: no feature is assumed.
 */
#include "suite.h"

TEST(every_feature_is_described)
{
	for (int f = 0; f < SCT_F_COUNT; f++) {
		EXPECT_NE(NULL, sct_feature_name(f));
		EXPECT_NE('?', sct_feature_name(f)[0]) TH_LOG("feature %d has no name", f);
		EXPECT_NE(NULL, strstr(sct_feature_since(f), "Linux") ?:
				strstr(sct_feature_since(f), "CONFIG_")) {
			TH_LOG("%s: '%s' names no kernel version or config", sct_feature_name(f),
			       sct_feature_since(f));
		}
	}
}

TEST(answers_are_stable_and_reasons_explain)
{
	for (int f = 0; f < SCT_F_COUNT; f++) {
		bool have = sct_have(f);
		const char *why = sct_missing_reason(f);

		EXPECT_EQ(have, sct_have(f));
		if (have) {
			EXPECT_STREQ("", why);
		} else {
			EXPECT_NE(NULL, strstr(why, sct_feature_name(f)));
			EXPECT_NE(NULL, strstr(why, "unavailable ("));
		}
		ksft_print_msg("%-40s %s\n", sct_feature_name(f), have ? "present" : why);
	}
}

/* The foundations every suite needs; absent only on kernels without seccomp. */
TEST(filter_mode_implies_seccomp_syscall_or_is_older_than_3_17)
{
	if (!sct_have(SCT_F_FILTER_MODE))
		SKIP(return, "%s", sct_missing_reason(SCT_F_FILTER_MODE));
	/* Every kernel the harness runs on (pidfd, 5.3+) has seccomp(2). */
	EXPECT_TRUE(sct_have(SCT_F_SECCOMP_SYSCALL));
}

SCT_SUITE_MAIN("Self-tests of the feature probes (lib/probe.c).")
