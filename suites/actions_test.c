// SPDX-License-Identifier: GPL-2.0-only
/*
 * actions_test - what each filter return value does to the syscall that
 * met it. One filter per case, matching getppid on the native arch; the
 * probe runs in a second thread of a fresh child so that a thread kill and
 * a process kill can be told apart (kernel/seccomp.c, __seccomp_filter).
 */
#include <signal.h>

#include "suite.h"

FIXTURE(action) {};
FIXTURE_VARIANT(action) {
	uint32_t ret;			/* what the filter returns for getppid */
	enum sct_feature needs;		/* SCT_F_COUNT: nothing special */
	enum sct_seen seen;		/* what the calling thread must see */
	long value;			/* errno / si_errno / signal; SCT_ANY */
	const char *guards;		/* kernel fix this row guards, or NULL */
};

#define NEEDS_NOTHING SCT_F_COUNT
#define PPID (-1L)	/* RAN: the real parent pid, filled in at run time */

FIXTURE_VARIANT_ADD(action, allow) {
	SECCOMP_RET_ALLOW, NEEDS_NOTHING, SCT_SEEN_RAN, PPID, NULL };
/* ERRNO 0 skips the syscall and returns 0: "success" without running it */
FIXTURE_VARIANT_ADD(action, errno_0) {
	SECCOMP_RET_ERRNO | 0, NEEDS_NOTHING, SCT_SEEN_RAN, 0, NULL };
FIXTURE_VARIANT_ADD(action, errno_1) {
	SECCOMP_RET_ERRNO | 1, NEEDS_NOTHING, SCT_SEEN_ERRNO, 1, NULL };
FIXTURE_VARIANT_ADD(action, errno_4095) {
	SECCOMP_RET_ERRNO | 4095, NEEDS_NOTHING, SCT_SEEN_ERRNO, 4095, NULL };
/* data above MAX_ERRNO is clamped to it (Linux 4.13, 580c57f10768) */
#define ERRNO_CLAMP_FIX "580c57f10768 (seccomp: clamp errno values > MAX_ERRNO, Linux 4.13)"
FIXTURE_VARIANT_ADD(action, errno_4096_clamped) {
	SECCOMP_RET_ERRNO | 4096, NEEDS_NOTHING, SCT_SEEN_ERRNO, 4095, ERRNO_CLAMP_FIX };
FIXTURE_VARIANT_ADD(action, errno_65535_clamped) {
	SECCOMP_RET_ERRNO | 0xffff, NEEDS_NOTHING, SCT_SEEN_ERRNO, 4095, ERRNO_CLAMP_FIX };
FIXTURE_VARIANT_ADD(action, trap_data_in_si_errno) {
	SECCOMP_RET_TRAP | 42, NEEDS_NOTHING, SCT_SEEN_TRAPPED, 42, NULL };
FIXTURE_VARIANT_ADD(action, kill_thread) {
	SECCOMP_RET_KILL_THREAD, NEEDS_NOTHING, SCT_SEEN_THREAD_KILLED, SCT_ANY, NULL };
FIXTURE_VARIANT_ADD(action, kill_process) {
	SECCOMP_RET_KILL_PROCESS, SCT_F_RET_KILL_PROCESS, SCT_SEEN_PROCESS_KILLED, SIGSYS, NULL };
FIXTURE_VARIANT_ADD(action, log_allows) {
	SECCOMP_RET_LOG, SCT_F_RET_LOG, SCT_SEEN_RAN, PPID, NULL };
/* no tracer attached: -ENOSYS (__seccomp_filter, SECCOMP_RET_TRACE) */
FIXTURE_VARIANT_ADD(action, trace_without_tracer_enosys) {
	SECCOMP_RET_TRACE | 7, NEEDS_NOTHING, SCT_SEEN_ERRNO, ENOSYS, NULL };
/* no listener: -ENOSYS (seccomp_do_user_notification) */
FIXTURE_VARIANT_ADD(action, user_notif_without_listener_enosys) {
	SECCOMP_RET_USER_NOTIF, SCT_F_RET_USER_NOTIF, SCT_SEEN_ERRNO, ENOSYS, NULL };
/* Unknown actions take the default: branch, which is KILL_PROCESS. */
FIXTURE_VARIANT_ADD(action, unknown_0x00010000_kills_process) {
	0x00010000U, NEEDS_NOTHING, SCT_SEEN_PROCESS_KILLED, SIGSYS, NULL };
FIXTURE_VARIANT_ADD(action, unknown_0x00020000_kills_process) {
	0x00020000U, NEEDS_NOTHING, SCT_SEEN_PROCESS_KILLED, SIGSYS, NULL };
FIXTURE_VARIANT_ADD(action, unknown_0x00040000_kills_process) {
	0x00040000U, NEEDS_NOTHING, SCT_SEEN_PROCESS_KILLED, SIGSYS, NULL };
FIXTURE_VARIANT_ADD(action, unknown_0x00060000_kills_process) {
	0x00060000U, NEEDS_NOTHING, SCT_SEEN_PROCESS_KILLED, SIGSYS, NULL };
FIXTURE_VARIANT_ADD(action, unknown_0x7ffe0000_kills_process) {
	0x7ffe0000U, NEEDS_NOTHING, SCT_SEEN_PROCESS_KILLED, SIGSYS, NULL };
FIXTURE_VARIANT_ADD(action, unknown_0x7fe00000_kills_process) {
	0x7fe00000U, NEEDS_NOTHING, SCT_SEEN_PROCESS_KILLED, SIGSYS, NULL };
FIXTURE_VARIANT_ADD(action, unknown_0x90000000_kills_process) {
	0x90000000U, NEEDS_NOTHING, SCT_SEEN_PROCESS_KILLED, SIGSYS, NULL };
FIXTURE_VARIANT_ADD(action, unknown_0xffff0000_kills_process) {
	0xffff0000U, NEEDS_NOTHING, SCT_SEEN_PROCESS_KILLED, SIGSYS, NULL };

FIXTURE_SETUP(action) {}
FIXTURE_TEARDOWN(action) {}

TEST_F(action, seen_by_caller)
{
	struct sct_stage stage = {
		sct_filter_for_nr(__NR_getppid, variant->ret, SECCOMP_RET_ALLOW), 0 };
	struct sct_probe probe = { .nr = __NR_getppid };
	struct sct_observation obs;
	/* the child's parent is this test process */
	long want = variant->value == PPID ? getpid() : variant->value;

	if (variant->needs != NEEDS_NOTHING)
		SCT_REQUIRE(variant->needs);
	ASSERT_EQ(0, sct_observe(&stage, 1, &probe, &obs));
	ASSERT_SEEN_GUARDING(obs, variant->seen, want, variant->guards);
	sct_filter_free(stage.filter);
}

/* The other fields of the SIGSYS siginfo (force_sig_seccomp). */
TEST(trap_siginfo_names_syscall_arch_and_address)
{
	struct sct_stage stage = {
		sct_filter_for_nr(__NR_getppid, SECCOMP_RET_TRAP | 9, SECCOMP_RET_ALLOW), 0 };
	struct sct_probe probe = { .nr = __NR_getppid };
	struct sct_observation obs;

	ASSERT_EQ(0, sct_observe(&stage, 1, &probe, &obs));
	ASSERT_SEEN(obs, SCT_SEEN_TRAPPED, 9);
	EXPECT_EQ(SCT_SYS_SECCOMP, obs.trap_code);
	EXPECT_EQ(__NR_getppid, obs.trap_syscall);
	EXPECT_EQ(sct_arch_native()->audit_arch, obs.trap_arch);
	/* the address after the syscall instruction, inside libc's syscall() */
	EXPECT_NE(NULL, obs.trap_call_addr);
	sct_filter_free(stage.filter);
}

/*
 * force_sig_seccomp(..., force_coredump=false) goes through
 * force_sig_info_to_task: a blocked or ignored SIGSYS is reset to SIG_DFL
 * (and unblocked), so TRAP then kills the process instead of being lost.
 */
FIXTURE(trap_disposition) {};
FIXTURE_VARIANT(trap_disposition) { enum sct_sigsys sigsys; };
FIXTURE_VARIANT_ADD(trap_disposition, ignored) { SCT_SIGSYS_IGNORED };
FIXTURE_VARIANT_ADD(trap_disposition, blocked) { SCT_SIGSYS_BLOCKED };
FIXTURE_SETUP(trap_disposition) {}
FIXTURE_TEARDOWN(trap_disposition) {}

TEST_F(trap_disposition, still_kills_by_sigsys)
{
	struct sct_stage stage = {
		sct_filter_for_nr(__NR_getppid, SECCOMP_RET_TRAP, SECCOMP_RET_ALLOW), 0 };
	struct sct_probe probe = { .nr = __NR_getppid, .sigsys = variant->sigsys };
	struct sct_observation obs;

	ASSERT_EQ(0, sct_observe(&stage, 1, &probe, &obs));
	ASSERT_SEEN(obs, SCT_SEEN_PROCESS_KILLED, SIGSYS);
	sct_filter_free(stage.filter);
}

/* Actions apply to the matched syscall only: the rest keeps working. */
TEST(errno_affects_only_the_matched_syscall)
{
	struct sct_stage stage = {
		sct_filter_for_nr(__NR_getppid, SECCOMP_RET_ERRNO | EPERM, SECCOMP_RET_ALLOW), 0 };
	struct sct_probe probe = { .nr = __NR_getpid };
	struct sct_observation obs;

	ASSERT_EQ(0, sct_observe(&stage, 1, &probe, &obs));
	ASSERT_SEEN(obs, SCT_SEEN_RAN, SCT_ANY);
	EXPECT_GT(obs.ret, 0);
	sct_filter_free(stage.filter);
}

SCT_SUITE_MAIN("Filter actions: ALLOW, ERRNO (with clamping), TRAP and its siginfo, "
	       "KILL_THREAD, KILL_PROCESS, LOG, TRACE and USER_NOTIF without a peer, "
	       "unknown actions.")
