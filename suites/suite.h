/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * suite.h - what every kselftest-harness program in suites/ includes: the
 * harness (a build-time dependency, see scripts/ksft-headers), the shared
 * library, and the few macros that turn its results into harness verdicts.
 */
#ifndef SCT_SUITE_H
#define SCT_SUITE_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/capability.h>

#include <kselftest_harness.h>

#include "arch.h"
#include "child.h"
#include "filter.h"
#include "install.h"
#include "probe.h"

/*
 * SKIP the test when the feature is absent, naming it, the evidence and the
 * kernel version. A probe that answered neither as a kernel with the
 * feature nor as an older one (or whose own set-up failed) is never a skip:
 * the test FAILS with what was expected and what came back (lib/probe.h).
 */
#define SCT_REQUIRE(feature) do {					\
	enum sct_presence _sct_p = sct_feature_state(feature);		\
	ASSERT_TRUE(_sct_p == SCT_PRESENT || _sct_p == SCT_ABSENT) {	\
		TH_LOG("probe %s: %s", sct_presence_name(_sct_p),	\
		       sct_feature_report(feature));			\
	}								\
	if (_sct_p == SCT_ABSENT)					\
		SKIP(return, "%s", sct_missing_reason(feature));	\
} while (0)

/* SKIP unless this process holds a capability (root-only cases). */
#define SCT_REQUIRE_CAP(cap) do {					\
	if (!sct_have_cap(cap))						\
		SKIP(return, "needs " #cap " (run as root)");		\
} while (0)

/* Our own set-up failing is BROKEN, never a verdict on the kernel. */
#define ASSERT_NOT_BROKEN(obs) do {					\
	char _sct_b[256];						\
	ASSERT_NE(SCT_SEEN_BROKEN, (obs).seen) {			\
		TH_LOG("%s", sct_observation_str(&(obs), _sct_b, sizeof(_sct_b))); \
	}								\
} while (0)

/* Assert what a probed syscall met (see sct_observation_matches). */
#define ASSERT_SEEN(obs, want, value) ASSERT_SEEN_GUARDING(obs, want, value, NULL)

/*
 * The same for a case that guards a known kernel fix: on failure it also
 * prints "guards kernel commit <id>" (like LTP's .tags), which
 * tools/tap2record records as the test's tag and scripts/compare shows.
 */
#define ASSERT_SEEN_GUARDING(obs, want, value, guards) do {		\
	char _sct_b[256];						\
	const char *_sct_g = (guards);					\
	ASSERT_NOT_BROKEN(obs);						\
	ASSERT_TRUE(sct_observation_matches(&(obs), (want), (value))) {	\
		TH_LOG("expected %s %ld, saw %s", sct_seen_name(want),	\
		       (long)(value), sct_observation_str(&(obs), _sct_b, sizeof(_sct_b))); \
		if (_sct_g)						\
			TH_LOG("this case guards kernel commit %s", _sct_g); \
	}								\
} while (0)

/* Assert a child ended as expected; prints the whole outcome when not. */
#define ASSERT_EXITED(out, status) do {					\
	char _sct_b[256];						\
	ASSERT_TRUE((out).end == SCT_END_EXITED && (out).code == (status) && \
		    !(out).rep.broken[0]) {				\
		TH_LOG("expected exit %d, child %s", (status),		\
		       sct_outcome_str(&(out), _sct_b, sizeof(_sct_b)));	\
	}								\
} while (0)

#define ASSERT_KILLED_BY(out, signal) do {				\
	char _sct_b[256];						\
	ASSERT_TRUE((out).end == SCT_END_SIGNALED && (out).sig == (signal)) { \
		TH_LOG("expected death by SIG%s, child %s",		\
		       sigabbrev_np(signal), sct_outcome_str(&(out), _sct_b, sizeof(_sct_b))); \
	}								\
} while (0)

static inline void sct_suite_help(const char *prog, const char *summary)
{
	printf("Usage: %s [-h] [-l] [-t|-T test] [-v|-V variant] [-f|-F fixture] [-r fixture.variant.test]\n\n"
	       "%s\n\n"
	       "A kselftest-harness program: TAP on stdout, one line per test case.\n"
	       "  -l        list the test cases\n"
	       "  -t NAME   run only tests named NAME (-T: all but); -v/-V variants, -f/-F fixtures\n"
	       "  -r F.V.T  run one test case by its full name\n"
	       "Skipped cases say which kernel feature is missing, the evidence, and the\n"
	       "kernel version that added it. Exit status: 0 pass, 1 failure, 4 all skipped.\n",
	       prog, summary);
}

/* main() for a suite: --help, then the harness. */
#define SCT_SUITE_MAIN(summary)						\
int main(int argc, char **argv)						\
{									\
	for (int i = 1; i < argc; i++)					\
		if (!strcmp(argv[i], "--help")) {			\
			sct_suite_help(argv[0], summary);		\
			return 0;					\
		}							\
	return test_harness_run(argc, argv);				\
}

#endif
