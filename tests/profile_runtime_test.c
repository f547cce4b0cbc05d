// SPDX-License-Identifier: GPL-2.0-only
/*
 * profile_runtime_test - self-tests of the runtime models of the profile
 * compiler (lib/profile.h, opts.runtime): the multi-arch program runc and
 * crun install (archMap sub-arches, x32 merged into x86_64), runc's ENOSYS
 * stub and its bounds, x86's socketcall/ipc sub-calls, 32-bit argument
 * words, and the rule conflicts libseccomp refuses. Pure computation,
 * compiled for amd64 on any build arch; tests/runtime_test.c checks the
 * same models against the real runtimes.
 */
#include <errno.h>
#include <string.h>

#include <seccomp.h>

#include "suite.h"
#include "profile.h"

#define EPERM_ACT	(SECCOMP_RET_ERRNO | EPERM)
#define ALLOW		SECCOMP_RET_ALLOW
#define I386		0x40000003U	/* AUDIT_ARCH_I386 */
#define X32_BIT		0x40000000U
#define NR64(n)		((uint32_t)seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, (n)))
#define NR32(n)		((uint32_t)seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86, (n)))
#define NRX32(n)	((uint32_t)seccomp_syscall_resolve_name_arch(SCMP_ARCH_X32, (n)))

static uint32_t eval(const struct sct_ruleset *rs, uint32_t arch, uint32_t nr,
		     uint64_t a0, uint64_t a1, uint64_t a2)
{
	struct seccomp_data sd = { .nr = (int)nr, .arch = arch, .args = { a0, a1, a2 } };

	return sct_ruleset_eval(rs, &sd);
}

static int load_real(const char *file, enum sct_profile_runtime rt, struct sct_ruleset **rs,
		     char *path, size_t len, char *err, size_t errlen)
{
	struct sct_profile_opts o = { .arch = "amd64", .kernel = "6.12", .runtime = rt };

	if (sct_profile_find(file, __FILE__, path, len))
		return 1;
	return sct_profile_load(path, &o, rs, NULL, err, errlen);
}

#define LOAD(file, rt, rs) do {							\
	char path_[1024], err_[512];						\
	int r_ = load_real(file, rt, &(rs), path_, sizeof(path_), err_, sizeof(err_)); \
	if (r_ > 0)								\
		SKIP(return, "%s", path_);					\
	ASSERT_EQ(0, r_) TH_LOG("%s", err_);					\
} while (0)

static int load_json(const char *json, const char *arch, enum sct_profile_runtime rt,
		     struct sct_ruleset **rs, char *err, size_t errlen)
{
	struct sct_profile_opts o = { .arch = arch, .kernel = "6.12", .runtime = rt };

	return sct_profile_load_mem(json, strlen(json), &o, rs, NULL, err, errlen);
}

/* ---- the program's arches ------------------------------------------------ */

TEST(one_arch_is_the_host_arch_alone)
{
	struct sct_ruleset *rs;

	LOAD("docker-default.json", SCT_PROFILE_ONE_ARCH, rs);
	EXPECT_EQ(0, rs->nsub);
	EXPECT_FALSE(rs->x32_rules);
	EXPECT_FALSE(rs->stub.on);
	/* i386 and x32 calls are a wrong arch */
	EXPECT_EQ(SECCOMP_RET_KILL_THREAD, eval(rs, I386, NR32("read"), 0, 0, 0));
	EXPECT_EQ(SECCOMP_RET_KILL_THREAD, eval(rs, AUDIT_ARCH_X86_64, NRX32("read"), 0, 0, 0));
	sct_ruleset_free(rs);
}

/* Docker's archMap for amd64 is x86_64 + x86 + x32: one i386 block, x32
 * numbers decided by the profile in x86_64's block. */
TEST(crun_program_has_every_archmap_arch)
{
	struct sct_ruleset *rs;

	LOAD("docker-default.json", SCT_PROFILE_CRUN, rs);
	ASSERT_EQ(1, rs->nsub);
	EXPECT_EQ(I386, rs->sub[0]->audit_arch);
	EXPECT_TRUE(rs->sub[0]->args32);
	EXPECT_TRUE(rs->x32_rules);
	EXPECT_FALSE(rs->stub.on);
	EXPECT_FALSE(rs->sub[0]->stub.on);
	EXPECT_EQ(ALLOW, eval(rs, I386, NR32("read"), 0, 0, 0));
	EXPECT_EQ(ALLOW, eval(rs, AUDIT_ARCH_X86_64, NRX32("read"), 0, 0, 0));
	/* kexec_load is in no allow list on any arch */
	EXPECT_EQ(EPERM_ACT, eval(rs, I386, NR32("kexec_load"), 0, 0, 0));
	EXPECT_EQ(EPERM_ACT, eval(rs, AUDIT_ARCH_X86_64, NRX32("kexec_load"), 0, 0, 0));
	/* an unknown x32-bit number is x32's default, not a wrong arch */
	EXPECT_EQ(EPERM_ACT, eval(rs, AUDIT_ARCH_X86_64, 0x7fffffffU, 0, 0, 0));
	EXPECT_EQ(SECCOMP_RET_KILL_THREAD, eval(rs, AUDIT_ARCH_AARCH64, 0, 0, 0, 0));
	sct_ruleset_free(rs);
}

/*
 * runc's stub bounds are the highest number any kept entry names per arch:
 * futex_requeue (456) on x86_64 and i386, pwritev2 (x32 547 | bit 30) for
 * x32, as libseccomp numbers them.
 */
TEST(runc_stub_bounds_are_the_highest_named_numbers)
{
	struct sct_ruleset *rs;

	LOAD("docker-default.json", SCT_PROFILE_RUNC, rs);
	ASSERT_EQ(1, rs->nsub);
	EXPECT_TRUE(rs->stub.on);
	EXPECT_EQ(NR64("futex_requeue"), rs->stub.last);
	EXPECT_EQ(456, rs->stub.last);
	EXPECT_EQ(NRX32("pwritev2"), rs->stub.last_x32);
	EXPECT_EQ(X32_BIT | 547, rs->stub.last_x32);
	EXPECT_TRUE(rs->sub[0]->stub.on);
	EXPECT_EQ(NR32("futex_requeue"), rs->sub[0]->stub.last);
	EXPECT_EQ(SCT_STUB_NONE, rs->sub[0]->stub.last_x32);
	/* above the bound ENOSYS, at it the rules */
	EXPECT_EQ(SCT_STUB_ACTION, eval(rs, AUDIT_ARCH_X86_64, 457, 0, 0, 0));
	EXPECT_EQ(ALLOW, eval(rs, AUDIT_ARCH_X86_64, 456, 0, 0, 0));
	EXPECT_EQ(SCT_STUB_ACTION, eval(rs, I386, 457, 0, 0, 0));
	EXPECT_EQ(SCT_STUB_ACTION, eval(rs, AUDIT_ARCH_X86_64, X32_BIT | 548, 0, 0, 0));
	EXPECT_EQ(SCT_STUB_ACTION, eval(rs, AUDIT_ARCH_X86_64, 0xffffffffU, 0, 0, 0));
	/* below the bound an unnamed number keeps the default */
	EXPECT_EQ(EPERM_ACT, eval(rs, AUDIT_ARCH_X86_64, NR64("kexec_load"), 0, 0, 0));
	sct_ruleset_free(rs);
}

/* Docker's archMap for arm64 is arm64 + arm; arm's highest number is its
 * private set_tls (0xf0005), so the stub answers no arm number below it. */
TEST(arm64_program_has_an_arm_block)
{
	struct sct_profile_opts o = { .arch = "arm64", .kernel = "6.12", .runtime = SCT_PROFILE_RUNC };
	struct sct_ruleset *rs;
	char path[1024], err[512];

	if (sct_profile_find("docker-default.json", __FILE__, path, sizeof(path)))
		SKIP(return, "%s", path);
	ASSERT_EQ(0, sct_profile_load(path, &o, &rs, NULL, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_EQ(AUDIT_ARCH_AARCH64, rs->audit_arch);
	EXPECT_FALSE(rs->x32_rules);
	ASSERT_EQ(1, rs->nsub);
	EXPECT_EQ(AUDIT_ARCH_ARM, rs->sub[0]->audit_arch);
	EXPECT_TRUE(rs->sub[0]->args32);
	EXPECT_EQ((uint32_t)seccomp_syscall_resolve_name_arch(SCMP_ARCH_ARM, "set_tls"),
		  rs->sub[0]->stub.last);
	EXPECT_EQ(0xf0005, rs->sub[0]->stub.last);
	EXPECT_EQ(456, rs->stub.last);
	EXPECT_EQ(ALLOW, eval(rs, AUDIT_ARCH_ARM, 0xf0005, 0, 0, 0));
	EXPECT_EQ(SCT_STUB_ACTION, eval(rs, AUDIT_ARCH_ARM, 0xf0006, 0, 0, 0));
	sct_ruleset_free(rs);
}

/* s390x's archMap entry names the 31-bit s390 as its sub-arch. */
TEST(s390x_program_has_an_s390_block)
{
	struct sct_profile_opts o = { .arch = "s390x", .kernel = "6.12", .runtime = SCT_PROFILE_CRUN };
	struct sct_ruleset *rs;
	char path[1024], err[512];

	if (sct_profile_find("docker-default.json", __FILE__, path, sizeof(path)))
		SKIP(return, "%s", path);
	ASSERT_EQ(0, sct_profile_load(path, &o, &rs, NULL, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_EQ(SCMP_ARCH_S390X, rs->audit_arch);
	ASSERT_EQ(1, rs->nsub);
	EXPECT_EQ(SCMP_ARCH_S390, rs->sub[0]->audit_arch);
	EXPECT_TRUE(rs->sub[0]->args32);
	EXPECT_FALSE(rs->args32);
	sct_ruleset_free(rs);
}

/* runc's generatePatch compares defaultErrnoRet with the whole ERRNO(ENOSYS)
 * action value, so Podman's defaultErrnoRet 38 does not turn the stub off. */
TEST(runc_stub_stays_with_podman_default_errno_38)
{
	struct sct_ruleset *rs;

	LOAD("podman-default.json", SCT_PROFILE_RUNC, rs);
	EXPECT_EQ(SECCOMP_RET_ERRNO | ENOSYS, rs->default_action);
	EXPECT_TRUE(rs->stub.on);
	sct_ruleset_free(rs);
}

static const char allow_default[] =
	"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
	"\"syscalls\":[{\"names\":[\"kexec_load\"],\"action\":\"SCMP_ACT_ERRNO\"}]}";

/* isAllowAction: ALLOW, LOG and TRACE defaults get no stub. */
TEST(runc_stub_skipped_for_an_allow_default)
{
	struct sct_ruleset *rs;
	char err[256];

	ASSERT_EQ(0, load_json(allow_default, "amd64", SCT_PROFILE_RUNC, &rs, err, sizeof(err)))
		TH_LOG("%s", err);
	EXPECT_FALSE(rs->stub.on);
	EXPECT_EQ(ALLOW, eval(rs, AUDIT_ARCH_X86_64, 1000, 0, 0, 0));
	sct_ruleset_free(rs);
}

/* findLastSyscalls loops over the listed arches only: without a list the
 * stub has no section and every number goes to the filter. */
TEST(runc_stub_only_for_listed_arches)
{
	static const char json[] =
		"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],"
		"\"action\":\"SCMP_ACT_ALLOW\"}]}";
	struct sct_ruleset *rs;
	char err[256];

	ASSERT_EQ(0, load_json(json, "amd64", SCT_PROFILE_RUNC, &rs, err, sizeof(err)))
		TH_LOG("%s", err);
	EXPECT_EQ(0, rs->nsub);
	EXPECT_FALSE(rs->stub.on);
	EXPECT_EQ(EPERM_ACT, eval(rs, AUDIT_ARCH_X86_64, 1000, 0, 0, 0));
	sct_ruleset_free(rs);
}

/* ---- x86's multiplexed calls ----------------------------------------------- */

static const char mux_json[] =
	"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":["
	"{\"names\":[\"socket\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,"
	"\"value\":40,\"op\":\"SCMP_CMP_NE\"}]},"
	"{\"names\":[\"recvmsg\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":2,"
	"\"value\":7,\"op\":\"SCMP_CMP_EQ\"}]},"
	"{\"names\":[\"accept\",\"shmget\"],\"action\":\"SCMP_ACT_ALLOW\"}]}";

/*
 * libseccomp 2.5's x86 rules for socket/IPC names (its PFC export): the
 * direct call keeps the conditions; socketcall/ipc get a0 == the sub-call
 * with the rule's a0 conditions dropped and the others kept as they are.
 */
TEST(x86_socket_and_ipc_names_become_direct_and_subcall_rules)
{
	struct sct_ruleset *rs;
	char err[256];

	ASSERT_EQ(0, load_json(mux_json, "x86", SCT_PROFILE_ONE_ARCH, &rs, err, sizeof(err)))
		TH_LOG("%s", err);
	EXPECT_TRUE(rs->args32);
	/* socket: direct 359 with a0 != 40, socketcall(SYS_SOCKET=1) for any a0 */
	EXPECT_EQ(ALLOW, eval(rs, I386, 359, 2, 0, 0));
	EXPECT_EQ(EPERM_ACT, eval(rs, I386, 359, 40, 0, 0));
	EXPECT_EQ(ALLOW, eval(rs, I386, 102, 1, 0, 0));
	EXPECT_EQ(EPERM_ACT, eval(rs, I386, 102, 2, 0, 0));
	/* recvmsg: socketcall(SYS_RECVMSG=17) && a2 == 7 */
	EXPECT_EQ(ALLOW, eval(rs, I386, 102, 17, 0, 7));
	EXPECT_EQ(EPERM_ACT, eval(rs, I386, 102, 17, 0, 8));
	EXPECT_EQ(ALLOW, eval(rs, I386, 372, 0, 0, 7));
	/* accept has no direct i386 call: socketcall(SYS_ACCEPT=5) only */
	EXPECT_EQ(ALLOW, eval(rs, I386, 102, 5, 0, 0));
	/* shmget: direct 395 and ipc(117) with a0 == SHMGET (23) */
	EXPECT_EQ(ALLOW, eval(rs, I386, 395, 0, 0, 0));
	EXPECT_EQ(ALLOW, eval(rs, I386, 117, 23, 0, 0));
	EXPECT_EQ(EPERM_ACT, eval(rs, I386, 117, 24, 0, 0));
	sct_ruleset_free(rs);
}

/* The same rules reach the i386 block of an amd64 program. */
TEST(x86_subcalls_in_the_amd64_program)
{
	static const char json[] =
		"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"archMap\":[{\"architecture\":"
		"\"SCMP_ARCH_X86_64\",\"subArchitectures\":[\"SCMP_ARCH_X86\"]}],\"syscalls\":["
		"{\"names\":[\"accept\"],\"action\":\"SCMP_ACT_ALLOW\"}]}";
	struct sct_ruleset *rs;
	char err[256];

	ASSERT_EQ(0, load_json(json, "amd64", SCT_PROFILE_CRUN, &rs, err, sizeof(err)))
		TH_LOG("%s", err);
	ASSERT_EQ(1, rs->nsub);
	EXPECT_EQ(ALLOW, eval(rs, I386, 102, 5, 0, 0));
	EXPECT_EQ(ALLOW, eval(rs, AUDIT_ARCH_X86_64, NR64("accept"), 0, 0, 0));
	EXPECT_FALSE(rs->x32_rules);
	sct_ruleset_free(rs);
}

/* libseccomp compares the low 32 bits on 32-bit arches: a high word never
 * changes an i386 decision; on x86_64 it does. */
TEST(i386_conditions_compare_low_words)
{
	static const char json[] =
		"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"archMap\":[{\"architecture\":"
		"\"SCMP_ARCH_X86_64\",\"subArchitectures\":[\"SCMP_ARCH_X86\",\"SCMP_ARCH_X32\"]}],"
		"\"syscalls\":[{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ALLOW\","
		"\"args\":[{\"index\":0,\"value\":8,\"op\":\"SCMP_CMP_EQ\"}]}]}";
	struct sct_ruleset *rs;
	char err[256];

	ASSERT_EQ(0, load_json(json, "amd64", SCT_PROFILE_CRUN, &rs, err, sizeof(err)))
		TH_LOG("%s", err);
	EXPECT_EQ(ALLOW, eval(rs, I386, NR32("personality"), 0x100000008ULL, 0, 0));
	EXPECT_EQ(ALLOW, eval(rs, AUDIT_ARCH_X86_64, NRX32("personality"), 0x100000008ULL, 0, 0));
	EXPECT_EQ(EPERM_ACT, eval(rs, AUDIT_ARCH_X86_64, NR64("personality"), 0x100000008ULL, 0, 0));
	EXPECT_EQ(ALLOW, eval(rs, AUDIT_ARCH_X86_64, NR64("personality"), 8, 0, 0));
	sct_ruleset_free(rs);
}

/* ---- what libseccomp refuses ------------------------------------------------ */

/* Same conditions, another action: seccomp_rule_add gives -EEXIST (for all
 * arches of the filter), runc and crun fail; the compiler says so. */
TEST(conflicting_rules_are_refused)
{
	static const char json[] =
		"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":["
		"{\"names\":[\"socket\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,"
		"\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]},"
		"{\"names\":[\"socket\"],\"action\":\"SCMP_ACT_KILL\",\"args\":[{\"index\":0,"
		"\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}";
	struct sct_ruleset *rs = NULL;
	char err[512] = "";

	EXPECT_EQ(-EINVAL, load_json(json, "amd64", SCT_PROFILE_ONE_ARCH, &rs, err, sizeof(err)));
	EXPECT_EQ(NULL, rs);
	EXPECT_NE(NULL, strstr(err, "syscalls[1]")) TH_LOG("%s", err);
	EXPECT_NE(NULL, strstr(err, "EEXIST")) TH_LOG("%s", err);
}

/* On x86 the sub-call forms of EQ 40 and NE 16 on a0 are both a0 == 1:
 * refused although the direct rules differ. */
TEST(conflicting_subcall_forms_are_refused)
{
	static const char json[] =
		"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":["
		"{\"names\":[\"socket\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":13,\"args\":"
		"[{\"index\":0,\"value\":40,\"op\":\"SCMP_CMP_EQ\"}]},"
		"{\"names\":[\"socket\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,"
		"\"value\":16,\"op\":\"SCMP_CMP_NE\"}]}]}";
	struct sct_ruleset *rs = NULL;
	char err[512] = "";

	EXPECT_EQ(-EINVAL, load_json(json, "x86", SCT_PROFILE_ONE_ARCH, &rs, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "syscalls[1]: x86")) TH_LOG("%s", err);
	ASSERT_EQ(0, load_json(json, "amd64", SCT_PROFILE_ONE_ARCH, &rs, err, sizeof(err)))
		TH_LOG("%s", err);
	sct_ruleset_free(rs);
}

TEST(runtime_names_round_trip)
{
	EXPECT_EQ(SCT_PROFILE_RUNC, sct_profile_runtime_from_name("runc"));
	EXPECT_EQ(SCT_PROFILE_CRUN, sct_profile_runtime_from_name("crun"));
	EXPECT_EQ(SCT_PROFILE_ONE_ARCH, sct_profile_runtime_from_name("one-arch"));
	EXPECT_EQ(-1, sct_profile_runtime_from_name("docker"));
	EXPECT_STREQ("crun", sct_profile_runtime_name(SCT_PROFILE_CRUN));
}

SCT_SUITE_MAIN("Self-tests of the profile compiler's runtime models (lib/profile.h).")
