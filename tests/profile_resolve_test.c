// SPDX-License-Identifier: GPL-2.0-only
/*
 * profile_resolve_test - the profile compiler's resolution rules on small
 * profiles (runc/moby/libseccomp: actions, errnoRet, splits, supersession,
 * includes/excludes), statistics and provenance, malformed input (-EINVAL
 * with the JSON path), and tag_errnos.
 */
#include "profile_fixture.h"

/* ---- resolution rules on small profiles ---------------------------------- */

FIXTURE(resolve) {};
FIXTURE_VARIANT(resolve) {
	const char *json;
	const char *name;
	uint64_t a0;
	uint32_t want;
};
/* runc: ERRNO without errnoRet is EPERM; TRACE too */
FIXTURE_VARIANT_ADD(resolve, errno_without_errnoret_is_eperm) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"},"
		"{\"names\":[\"getpid\"],\"action\":\"SCMP_ACT_TRAP\"}"),
	.name = "write", .want = EPERM_ACT };
FIXTURE_VARIANT_ADD(resolve, trace_without_errnoret_carries_eperm) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_TRACE\"}"), .name = "read",
	.want = SECCOMP_RET_TRACE | EPERM };
FIXTURE_VARIANT_ADD(resolve, trace_errnoret_is_its_data) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_TRACE\",\"errnoRet\":7}"),
	.name = "read", .want = SECCOMP_RET_TRACE | 7 };
FIXTURE_VARIANT_ADD(resolve, kill_is_kill_thread) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_KILL\"}"), .name = "read",
	.want = SECCOMP_RET_KILL_THREAD };
FIXTURE_VARIANT_ADD(resolve, kill_process) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_KILL_PROCESS\"}"), .name = "read",
	.want = SECCOMP_RET_KILL_PROCESS };
FIXTURE_VARIANT_ADD(resolve, log) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_LOG\"}"), .name = "read",
	.want = SECCOMP_RET_LOG };
FIXTURE_VARIANT_ADD(resolve, notify) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_NOTIFY\"}"), .name = "read",
	.want = SECCOMP_RET_USER_NOTIF };
FIXTURE_VARIANT_ADD(resolve, errnoret_ignored_on_allow) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"errnoRet\":5}"),
	.name = "read", .want = ALLOW };
FIXTURE_VARIANT_ADD(resolve, legacy_name_field) {
	.json = P("{\"name\":\"read\",\"action\":\"SCMP_ACT_ALLOW\"}"), .name = "read",
	.want = ALLOW };
/* runc: two conditions on one argument become two rules (OR) */
FIXTURE_VARIANT_ADD(resolve, same_arg_twice_is_or_first) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":["
		"{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"},"
		"{\"index\":0,\"value\":2,\"op\":\"SCMP_CMP_EQ\"}]}"),
	.name = "read", .a0 = 1, .want = ALLOW };
FIXTURE_VARIANT_ADD(resolve, same_arg_twice_is_or_second) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":["
		"{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"},"
		"{\"index\":0,\"value\":2,\"op\":\"SCMP_CMP_EQ\"}]}"),
	.name = "read", .a0 = 2, .want = ALLOW };
/* ... which is why moby could not write "a0 != 38 && a0 != 40" (dec315c) */
FIXTURE_VARIANT_ADD(resolve, two_ne_on_one_arg_allow_everything) {
	.json = P("{\"names\":[\"socket\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":["
		"{\"index\":0,\"value\":38,\"op\":\"SCMP_CMP_NE\"},"
		"{\"index\":0,\"value\":40,\"op\":\"SCMP_CMP_NE\"}]}"),
	.name = "socket", .a0 = 40, .want = ALLOW };
/* libseccomp: an unconditional rule replaces earlier conditional ones */
FIXTURE_VARIANT_ADD(resolve, unconditional_replaces_earlier_conditional) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":5,\"args\":["
		"{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]},"
		"{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"}"),
	.name = "read", .a0 = 1, .want = ALLOW };
FIXTURE_VARIANT_ADD(resolve, first_unconditional_wins) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":5},"
		"{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"}"),
	.name = "read", .want = SECCOMP_RET_ERRNO | 5 };
/* runc skips rules with the default action: the later ALLOW applies */
FIXTURE_VARIANT_ADD(resolve, rule_with_default_action_dropped) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ERRNO\",\"args\":["
		"{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]},"
		"{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":["
		"{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_LE\"}]}"),
	.name = "read", .a0 = 1, .want = ALLOW };
/* MASKED_EQ: value is the mask, valueTwo the datum */
FIXTURE_VARIANT_ADD(resolve, masked_eq_datum_matches) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":["
		"{\"index\":0,\"value\":240,\"valueTwo\":48,\"op\":\"SCMP_CMP_MASKED_EQ\"}]}"),
	.name = "read", .a0 = 0x13f, .want = ALLOW };
FIXTURE_VARIANT_ADD(resolve, masked_eq_datum_differs) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":["
		"{\"index\":0,\"value\":240,\"valueTwo\":48,\"op\":\"SCMP_CMP_MASKED_EQ\"}]}"),
	.name = "read", .a0 = 0x140, .want = EPERM_ACT };
/* libseccomp masks the datum: its bits outside the mask never matter */
FIXTURE_VARIANT_ADD(resolve, masked_eq_datum_bits_outside_mask_ignored) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":["
		"{\"index\":0,\"value\":240,\"valueTwo\":19,\"op\":\"SCMP_CMP_MASKED_EQ\"}]}"),
	.name = "read", .a0 = 0x15, .want = ALLOW };
FIXTURE_VARIANT_ADD(resolve, unknown_names_skipped) {
	.json = P("{\"names\":[\"no_such_call\",\"read\",\"socketcall\"],\"action\":\"SCMP_ACT_ALLOW\"}"),
	.name = "read", .want = ALLOW };
FIXTURE_VARIANT_ADD(resolve, excludes_arch_amd64) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"excludes\":{\"arches\":[\"amd64\"]}}"),
	.name = "read", .want = EPERM_ACT };
FIXTURE_VARIANT_ADD(resolve, includes_other_arch) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"includes\":{\"arches\":[\"arm64\"]}}"),
	.name = "read", .want = EPERM_ACT };
FIXTURE_VARIANT_ADD(resolve, includes_all_caps_needed) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"includes\":{\"caps\":[\"CAP_KILL\",\"CAP_SYS_ADMIN\"]}}"),
	.name = "read", .want = EPERM_ACT };
FIXTURE_VARIANT_ADD(resolve, excludes_any_cap_held) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"excludes\":{\"caps\":[\"CAP_SYS_ADMIN\",\"CAP_KILL\"]}}"),
	.name = "read", .want = EPERM_ACT };
FIXTURE_VARIANT_ADD(resolve, excludes_min_kernel_reached) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"excludes\":{\"minKernel\":\"5.0\"}}"),
	.name = "read", .want = EPERM_ACT };
FIXTURE_VARIANT_ADD(resolve, includes_min_kernel_reached) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"includes\":{\"minKernel\":\"5.10\"}}"),
	.name = "read", .want = ALLOW };
FIXTURE_VARIANT_ADD(resolve, includes_min_kernel_minor_compared_numerically) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"includes\":{\"minKernel\":\"5.9\"}}"),
	.name = "read", .want = ALLOW };
FIXTURE_VARIANT_ADD(resolve, includes_min_kernel_not_reached) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"includes\":{\"minKernel\":\"5.11\"}}"),
	.name = "read", .want = EPERM_ACT };
FIXTURE_VARIANT_ADD(resolve, default_errno_ret) {
	.json = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":38}", .name = "read",
	.want = ENOSYS_ACT };
FIXTURE_SETUP(resolve) {}
FIXTURE_TEARDOWN(resolve) {}

TEST_F(resolve, action)
{
	struct sct_profile_opts o = { .kernel = "5.10" };
	struct sct_ruleset *rs;
	char err[512];

	ASSERT_EQ(0, load_text(variant->json, strlen(variant->json), &o, &rs, NULL, err, sizeof(err))) {
		TH_LOG("%s", err);
	}
	ASSERT_ACTION(variant->want, sct_profile_eval_name(rs, variant->name, variant->a0, 0, 0));
	sct_ruleset_free(rs);
}


TEST(stats_count_what_was_dropped)
{
	struct sct_profile_stats st;
	struct sct_ruleset *rs;
	char err[512];

	ASSERT_EQ(0, load_text(mixed_json, strlen(mixed_json), NULL, &rs, &st, err, sizeof(err))) {
		TH_LOG("%s", err);
	}
	EXPECT_EQ(9, st.entries);
	EXPECT_EQ(1, st.redundant);		/* write ERRNO(EPERM) = default */
	EXPECT_EQ(2, st.unknown_names);		/* distinct: no_such_call, socketcall */
	EXPECT_STREQ("no_such_call socketcall", st.unknown);
	EXPECT_EQ(1, st.split);
	EXPECT_EQ(2, st.superseded);		/* close's two OR rules */
	EXPECT_EQ(4, st.syscalls);		/* read close open openat */
	EXPECT_EQ(6, st.rules);
	/* open: a0 > 10 ALLOW and a1 == 20 TRAP overlap; openat's do not */
	EXPECT_EQ(1, st.order_sensitive);
	EXPECT_STREQ("open", st.order_sensitive_names);
	sct_ruleset_free(rs);
}

/* Every rule names the syscalls[] entry (and a split entry's args[] element)
 * it came from; a decision names its rule, or none for the default. */
static const char origin_json[] =
		P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"},"
		  "{\"names\":[\"close\",\"read\"],\"action\":\"SCMP_ACT_TRAP\",\"args\":["
		  "{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"},"
		  "{\"index\":0,\"value\":2,\"op\":\"SCMP_CMP_EQ\"}]},"
		  "{\"names\":[\"close\"],\"action\":\"SCMP_ACT_LOG\",\"args\":["
		  "{\"index\":1,\"value\":7,\"op\":\"SCMP_CMP_GE\"}]}");

TEST(rules_remember_their_entry)
{
	struct seccomp_data sd = { 0 };
	const struct sct_syscall *s;
	struct sct_ruleset *rs;
	char err[512], path[64];
	long which;

	ASSERT_EQ(0, load_text(origin_json, strlen(origin_json), NULL, &rs, NULL, err, sizeof(err))) {
		TH_LOG("%s", err);
	}
	s = sct_ruleset_find(rs, (uint32_t)seccomp_syscall_resolve_name_arch(rs->audit_arch, "close"));
	ASSERT_NE(NULL, s);
	ASSERT_EQ(3, s->nrules);
	EXPECT_STREQ("syscalls[1].args[0]", sct_profile_rule_path(s, 0, path, sizeof(path)));
	EXPECT_STREQ("syscalls[1].args[1]", sct_profile_rule_path(s, 1, path, sizeof(path)));
	EXPECT_STREQ("syscalls[2]", sct_profile_rule_path(s, 2, path, sizeof(path)));
	sd.arch = rs->audit_arch;
	sd.nr = (int)s->nr;
	sd.args[0] = 2;
	EXPECT_EQ(SECCOMP_RET_TRAP, sct_ruleset_eval_rule(rs, &sd, &which));
	EXPECT_EQ(1, which);
	sd.args[0] = 3;
	sd.args[1] = 7;
	EXPECT_EQ(SECCOMP_RET_LOG, sct_ruleset_eval_rule(rs, &sd, &which));
	EXPECT_EQ(2, which);
	sd.args[1] = 6;
	EXPECT_EQ(SECCOMP_RET_ERRNO | EPERM, sct_ruleset_eval_rule(rs, &sd, &which));
	EXPECT_EQ(-1, which);
	/* read: the unconditional rule of syscalls[0] keeps, the later ones go */
	s = sct_ruleset_find(rs, (uint32_t)seccomp_syscall_resolve_name_arch(rs->audit_arch, "read"));
	ASSERT_NE(NULL, s);
	ASSERT_EQ(1, s->nrules);
	EXPECT_STREQ("syscalls[0]", sct_profile_rule_path(s, 0, path, sizeof(path)));
	sct_ruleset_free(rs);
}

/* ---- malformed input: -EINVAL and the JSON path --------------------------- */

FIXTURE(bad) {};
FIXTURE_VARIANT(bad) {
	const char *json;	/* NULL: the 5000-name profile built at run time */
	const char *message;	/* must appear in the error */
};
FIXTURE_VARIANT_ADD(bad, truncated) {
	.json = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\n\"syscalls\":[{\"names\":[\"read\"",
	.message = "malformed JSON at line 2, column 29: unexpected end of input" };
FIXTURE_VARIANT_ADD(bad, empty_file) { .json = "", .message = "unexpected end of input" };
FIXTURE_VARIANT_ADD(bad, stray_comma) {
	.json = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",,}",
	.message = "malformed JSON at line 1, column 35" };
FIXTURE_VARIANT_ADD(bad, trailing_data) {
	.json = "{\"defaultAction\":\"SCMP_ACT_ERRNO\"}\n{}", .message = "line 2, column 1" };
FIXTURE_VARIANT_ADD(bad, top_level_array) {
	.json = "[]", .message = "top level: expected object, got array" };
FIXTURE_VARIANT_ADD(bad, missing_default_action) {
	.json = "{}", .message = "defaultAction: missing" };
FIXTURE_VARIANT_ADD(bad, default_action_number) {
	.json = "{\"defaultAction\":1}", .message = "defaultAction: expected string, got int" };
FIXTURE_VARIANT_ADD(bad, default_notify) {
	.json = "{\"defaultAction\":\"SCMP_ACT_NOTIFY\"}",
	.message = "defaultAction: SCMP_ACT_NOTIFY cannot be" };
FIXTURE_VARIANT_ADD(bad, syscalls_object) {
	.json = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":{}}",
	.message = "syscalls: expected array, got object" };
FIXTURE_VARIANT_ADD(bad, names_string) {
	.json = P("{\"names\":\"read\",\"action\":\"SCMP_ACT_ALLOW\"}"),
	.message = "syscalls[0].names: expected array, got string" };
FIXTURE_VARIANT_ADD(bad, name_not_string) {
	.json = P("{\"names\":[\"read\",7],\"action\":\"SCMP_ACT_ALLOW\"}"),
	.message = "syscalls[0].names[1]: expected a string, got int" };
FIXTURE_VARIANT_ADD(bad, empty_name) {
	.json = P("{\"names\":[\"\"],\"action\":\"SCMP_ACT_ALLOW\"}"),
	.message = "syscalls[0].names[0]: empty syscall name" };
FIXTURE_VARIANT_ADD(bad, name_and_names) {
	.json = P("{\"name\":\"read\",\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"}"),
	.message = "syscalls[0]: both \"name\" and \"names\" given" };
FIXTURE_VARIANT_ADD(bad, unknown_action) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"},{\"names\":[\"read\"],\"action\":\"SCMP_ACT_MAYBE\"}"),
	.message = "syscalls[1].action: unknown action \"SCMP_ACT_MAYBE\"" };
FIXTURE_VARIANT_ADD(bad, missing_action) {
	.json = P("{\"names\":[\"read\"]}"), .message = "syscalls[0].action: missing" };
FIXTURE_VARIANT_ADD(bad, unknown_operator) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_FOO\"}]}"),
	.message = "syscalls[0].args[0].op: unknown operator \"SCMP_CMP_FOO\"" };
FIXTURE_VARIANT_ADD(bad, arg_index_6) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":6,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}"),
	.message = "syscalls[0].args[0].index: 6 is out of range (at most 5)" };
FIXTURE_VARIANT_ADD(bad, arg_value_negative) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":-1,\"op\":\"SCMP_CMP_EQ\"}]}"),
	.message = "syscalls[0].args[0].value: expected a non-negative integer, got -1" };
FIXTURE_VARIANT_ADD(bad, arg_value_string) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":\"1\",\"op\":\"SCMP_CMP_EQ\"}]}"),
	.message = "syscalls[0].args[0].value: expected a non-negative integer, got string" };
FIXTURE_VARIANT_ADD(bad, arg_not_object) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[3]}"),
	.message = "syscalls[0].args[0]: expected object, got int" };
FIXTURE_VARIANT_ADD(bad, errnoret_too_big) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":70000}"),
	.message = "syscalls[0].errnoRet: 70000 is out of range" };
FIXTURE_VARIANT_ADD(bad, min_kernel_malformed) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"includes\":{\"minKernel\":\"4.x\"}}"),
	.message = "syscalls[0].includes.minKernel: invalid kernel version \"4.x\"" };
FIXTURE_VARIANT_ADD(bad, caps_not_strings) {
	.json = P("{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"excludes\":{\"caps\":[1]}}"),
	.message = "syscalls[0].excludes.caps[0]: expected a string, got int" };
FIXTURE_VARIANT_ADD(bad, archmap_and_architectures) {
	.json = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
		"\"archMap\":[{\"architecture\":\"SCMP_ARCH_X86_64\"}]}",
	.message = "both \"architectures\" and \"archMap\" given" };
FIXTURE_VARIANT_ADD(bad, too_many_names) {
	.message = "syscalls[0].names: too many syscall names (5000" };
FIXTURE_SETUP(bad) {}
FIXTURE_TEARDOWN(bad) {}

/* {"defaultAction":..., "syscalls":[{"names":["read","read",...5000], ...}]} */
static char *five_thousand_names(void)
{
	static const char head[] = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[";
	static const char tail[] = "],\"action\":\"SCMP_ACT_ALLOW\"}]}";
	char *s = malloc(sizeof(head) + 5000 * 7 + sizeof(tail)), *p;

	if (!s)
		return NULL;
	p = stpcpy(s, head);
	for (int i = 0; i < 5000; i++)
		p = stpcpy(p, i ? ",\"read\"" : "\"read\"");
	strcpy(p, tail);
	return s;
}

TEST_F(bad, einval_with_json_path)
{
	char *gen = variant->json ? NULL : five_thousand_names();
	const char *json = variant->json ? variant->json : gen;
	struct sct_ruleset *rs = (void *)1;
	char err[512];

	ASSERT_NE(NULL, json);
	ASSERT_EQ(-EINVAL, load_text(json, strlen(json), NULL, &rs, NULL, err, sizeof(err)));
	EXPECT_EQ(NULL, rs);
	EXPECT_NE(NULL, strstr(err, variant->message)) {
		TH_LOG("error was: %s", err);
	}
	EXPECT_EQ(NULL, strchr(err, '\n'));
	free(gen);
}

TEST(bad_options_and_missing_file)
{
	struct sct_profile_opts kern = { .kernel = "six" }, arch = { .arch = "vax" };
	struct sct_ruleset *rs;
	char err[256];

	EXPECT_EQ(-EINVAL, sct_profile_load("/nonexistent", &kern, &rs, NULL, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "invalid kernel version \"six\""));
	EXPECT_EQ(-EINVAL, sct_profile_load("/nonexistent", &arch, &rs, NULL, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "unknown arch \"vax\""));
	EXPECT_EQ(-ENOENT, sct_profile_load("/nonexistent.json", NULL, &rs, NULL, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "/nonexistent.json: No such file"));
	EXPECT_EQ(NULL, rs);
}

/* ---- tag_errnos ---------------------------------------------------------- */

TEST(tag_errnos_moves_every_errno_and_nothing_else)
{
	struct sct_ruleset *rs;

	LOAD_REAL(PODMAN, NULL, rs, NULL);
	ASSERT_EQ(0, sct_profile_tag_errnos(rs, 3100));
	EXPECT_EQ(SECCOMP_RET_ERRNO | 3138, rs->default_action);
	EXPECT_EQ(SECCOMP_RET_KILL_THREAD, rs->bad_arch_action);
	ASSERT_ACTION(SECCOMP_RET_ERRNO | 3101, sct_profile_eval_name(rs, "kexec_load", 0, 0, 0));
	ASSERT_ACTION(ALLOW, sct_profile_eval_name(rs, "read", 0, 0, 0));
	/* 3138 + 1000 > 4095: refused, nothing changed */
	EXPECT_EQ(-ERANGE, sct_profile_tag_errnos(rs, 1000));
	EXPECT_EQ(SECCOMP_RET_ERRNO | 3138, rs->default_action);
	sct_ruleset_free(rs);
}

SCT_SUITE_MAIN("Self-tests of the profile compiler's resolution rules (lib/profile.h).")
