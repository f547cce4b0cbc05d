// SPDX-License-Identifier: GPL-2.0-only
/*
 * interfaces_test - every interface lib/probe.c asks about answers either
 * as a kernel with the feature does or exactly as an older (or differently
 * configured) kernel does. Any other answer is a regression of that
 * interface - a wrong errno from seccomp(2), a notification ioctl or ptrace -
 * and fails here by the feature's name, instead of turning the feature's
 * tests into skips. One row per feature (SCT_FEATURES in lib/probe.h); the
 * expected answers and the kernel function behind each are in probe.c.
 */
#include "suite.h"

FIXTURE(interface) {};
FIXTURE_VARIANT(interface) { enum sct_feature feature; };
#define INTERFACE_ROW(id, name, ...) \
	FIXTURE_VARIANT_ADD(interface, name) { .feature = SCT_F_##id };
SCT_FEATURES(INTERFACE_ROW)
FIXTURE_SETUP(interface) {}
FIXTURE_TEARDOWN(interface) {}

/* PRESENT passes, ABSENT skips (naming the answer and why), anything else
 * fails with what a newer and an older kernel answer and what came back. */
TEST_F(interface, answers_as_a_newer_or_an_older_kernel)
{
	SCT_REQUIRE(variant->feature);
	TH_LOG("%s", sct_feature_report(variant->feature));
}

SCT_SUITE_MAIN("Every probed interface answers as a kernel with the feature or exactly as "
	       "an older one; any other answer is a named failure.")
