// SPDX-License-Identifier: GPL-2.0-only
/*
 * mix_test - self-tests of the syscall mix (lib/mix.h): the measured mix
 * loads, weighs a compiled profile, and malformed files give -EINVAL with
 * the line.
 */
#include "mix.h"
#include "profile_fixture.h"

/* ---- the syscall mix (lib/mix.h) ------------------------------------------ */

#define LOAD_MIX(m) do {							\
	char _path[1024], _m[512];						\
	int _r = SCT_TREE_FIND(SCT_MIX_BUILD_LIB, _path) ? 1 : 0;		\
	if (_r)									\
		snprintf(_m, sizeof(_m), "%s not found (tried %.400s)", SCT_MIX_BUILD_LIB, _path); \
	else if (sct_mix_load(_path, &(m), _m, sizeof(_m)))			\
		_r = -1;							\
	SCT_SKIP_OR_ASSERT_OK(_r, _m);						\
} while (0)

TEST(mix_build_lib_loads)
{
	struct sct_mix *m;
	uint64_t sum = 0;

	LOAD_MIX(m);
	EXPECT_GT(m->n, 30);
	for (size_t i = 0; i < m->n; i++) {
		sum += m->e[i].calls;
		EXPECT_LE(m->e[i].errors, m->e[i].calls);
		/* every name is a syscall libseccomp knows on x86_64 */
		EXPECT_LE(0, seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, m->e[i].name)) {
			TH_LOG("%s", m->e[i].name);
		}
	}
	EXPECT_EQ(sum, m->total);
	/* a compiler build: file opens and metadata dominate */
	EXPECT_GT(sct_mix_calls(m, "openat"), 1000);
	EXPECT_GT(sct_mix_calls(m, "read"), 1000);
	EXPECT_GT(sct_mix_calls(m, "execve"), 10);
	EXPECT_EQ(0, sct_mix_calls(m, "reboot"));
	sct_mix_free(m);
}

TEST(mix_weights_a_ruleset)
{
	struct sct_mix *m;
	struct sct_ruleset *rs;
	struct sct_mix_applied st;
	double sum = 0;

	LOAD_MIX(m);
	LOAD_REAL(DOCKER, NULL, rs, NULL);
	sct_mix_apply(m, rs, &st);
	EXPECT_EQ(m->n, st.matched + st.not_in_ruleset + st.unknown);
	EXPECT_EQ(0, st.unknown);
	/* Docker allows a compiler build: every call lands on a rule */
	EXPECT_EQ(0, st.not_in_ruleset);
	EXPECT_GT(st.share, 0.999);
	EXPECT_EQ((double)sct_mix_calls(m, "read") / (double)m->total,
		  sct_ruleset_find(rs, NR("read"))->weight);
	EXPECT_EQ(NULL, sct_ruleset_find(rs, NR("sethostname")));	/* no rule: no weight */
	EXPECT_EQ(0, sct_ruleset_find(rs, NR("chroot"))->weight);
	for (size_t i = 0; i < rs->n; i++)
		sum += rs->sys[i].weight;
	EXPECT_GT(sum, 0.999);
	EXPECT_LT(sum, 1.001);
	sct_ruleset_free(rs);
	sct_mix_free(m);
}

FIXTURE(bad_mix) {};
FIXTURE_VARIANT(bad_mix) { const char *text; const char *message; };
FIXTURE_VARIANT_ADD(bad_mix, missing_count) {
	.text = "# c\nread\n", .message = ":2: expected NAME CALLS [ERRORS]" };
FIXTURE_VARIANT_ADD(bad_mix, extra_field) {
	.text = "read 1 0 9\n", .message = ":1: expected NAME CALLS [ERRORS]" };
FIXTURE_VARIANT_ADD(bad_mix, negative_count) {
	.text = "read -1\n", .message = ":1: counts must be non-negative" };
FIXTURE_VARIANT_ADD(bad_mix, hex_count) {
	.text = "read 0x10\n", .message = ":1: counts must be non-negative" };
FIXTURE_VARIANT_ADD(bad_mix, more_errors_than_calls) {
	.text = "read 1 2\n", .message = ":1: more errors than calls" };
FIXTURE_VARIANT_ADD(bad_mix, listed_twice) {
	.text = "read 1\nwrite 2\nread 3\n", .message = ":3: read listed twice" };
FIXTURE_SETUP(bad_mix) {}
FIXTURE_TEARDOWN(bad_mix) {}

TEST_F(bad_mix, einval_with_line)
{
	char path[] = "/tmp/sct-mix-XXXXXX", err[512];
	int fd = mkstemp(path);
	struct sct_mix *m = (void *)1;
	size_t len = strlen(variant->text);

	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)len, write(fd, variant->text, len));
	close(fd);
	EXPECT_EQ(-EINVAL, sct_mix_load(path, &m, err, sizeof(err)));
	unlink(path);
	EXPECT_EQ(NULL, m);
	EXPECT_NE(NULL, strstr(err, variant->message)) {
		TH_LOG("error was: %s", err);
	}
}

SCT_SUITE_MAIN("Self-tests of the syscall mix (lib/mix.h).")
