// SPDX-License-Identifier: GPL-2.0-only
/*
 * profile_test - self-tests of the profile compiler (lib/profile.h): the
 * real Docker and Podman profiles load and mean what their authors wrote
 * (checked with sct_ruleset_eval on crafted seccomp_data), runc/moby/
 * libseccomp resolution rules, malformed input gives -EINVAL with the JSON
 * path, and "first matching rule wins" agrees with the filter libseccomp
 * builds from the same rules (run in lib/sim.c) on every boundary value.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/sched.h>

#include <seccomp.h>

#include "suite.h"
#include "layout.h"
#include "mix.h"
#include "profile.h"
#include "sim.h"

#define EPERM_ACT	(SECCOMP_RET_ERRNO | EPERM)
#define ENOSYS_ACT	(SECCOMP_RET_ERRNO | ENOSYS)
#define ALLOW		SECCOMP_RET_ALLOW
#define UNKNOWN		SCT_PROFILE_NO_SYSCALL

/* Docker's default capabilities plus more, as CAP_ names. */
static const char *const caps_plus_sys_admin[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
	"CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
	"CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
	"sys_admin",
};
static const char *const caps_sys_ptrace[] = { "CAP_SYS_PTRACE" };
static const char *const caps_all[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
	"CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
	"CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
	"CAP_SYS_ADMIN", "CAP_BPF", "CAP_PERFMON", "CAP_SYS_PTRACE",
	"CAP_DAC_READ_SEARCH", "CAP_SYS_BOOT", "CAP_SYS_MODULE", "CAP_SYS_PACCT",
	"CAP_SYS_RAWIO", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_SYS_NICE",
	"CAP_SYSLOG",
};
#define NCAPS(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The facts below are x86_64's (Docker's rules for amd64, its numbers), so
 * every profile is compiled for amd64 whatever the build's arch: the
 * compiler is pure computation and these tests pass on an arm64 build too.
 */
#define TEST_ARCH "amd64"
#define NR(name) ((uint32_t)seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, (name)))

static const struct sct_profile_opts *for_test_arch(const struct sct_profile_opts *o,
						    struct sct_profile_opts *buf)
{
	if (o && o->arch)
		return o;
	*buf = o ? *o : (struct sct_profile_opts){ 0 };
	buf->arch = TEST_ARCH;
	return buf;
}

enum which { DOCKER, PODMAN };
static const char *const profile_file[] = { "docker-default.json", "podman-default.json" };

/* Load a real profile: 0, 1 when the tree's profiles/ cannot be found
 * (msg says where we looked), -1 when it does not compile (msg says why). */
static int load_real(enum which which, const struct sct_profile_opts *o,
		     struct sct_ruleset **rs, struct sct_profile_stats *st,
		     char *msg, size_t len)
{
	struct sct_profile_opts buf;
	char path[1024];

	if (SCT_PROFILE_FIND(profile_file[which], path)) {
		snprintf(msg, len, "profiles/%s not found (tried %.400s)", profile_file[which], path);
		return 1;
	}
	return sct_profile_load(path, for_test_arch(o, &buf), rs, st, msg, len) ? -1 : 0;
}

#define LOAD_REAL(which, opts, rs, st) do {					\
	char _m[512];								\
	int _r = load_real((which), (opts), &(rs), (st), _m, sizeof(_m));	\
	SCT_SKIP_OR_ASSERT_OK(_r, _m);						\
} while (0)

/* Compile JSON text through a temporary file (the path users take). */
static int load_text(const char *json, size_t len, const struct sct_profile_opts *o,
		     struct sct_ruleset **rs, struct sct_profile_stats *st,
		     char *err, size_t errlen)
{
	char path[] = "/tmp/sct-profile-XXXXXX";
	struct sct_profile_opts buf;
	int fd = mkstemp(path), r;

	if (fd < 0)
		return -errno;
	r = write(fd, json, len) == (ssize_t)len ? 0 : -EIO;
	close(fd);
	if (!r)
		r = sct_profile_load(path, for_test_arch(o, &buf), rs, st, err, errlen);
	unlink(path);
	return r;
}

#define ASSERT_ACTION(want, got) do {						\
	char _a[32], _b[32];							\
	uint32_t _g = (got);							\
	ASSERT_EQ((want), _g) {							\
		TH_LOG("expected %s, got %s", sct_profile_action_str((want), _a, sizeof(_a)), \
		       sct_profile_action_str(_g, _b, sizeof(_b)));		\
	}									\
} while (0)

/* ---- the real profiles load -------------------------------------------- */

TEST(docker_default_loads)
{
	struct sct_ruleset *rs;
	struct sct_profile_stats st;

	LOAD_REAL(DOCKER, NULL, rs, &st);
	EXPECT_EQ(EPERM_ACT, st.default_action);
	EXPECT_EQ(EPERM_ACT, rs->default_action);
	EXPECT_EQ(AUDIT_ARCH_X86_64, rs->audit_arch);
	EXPECT_STREQ("SCMP_ARCH_X86_64 SCMP_ARCH_X86 SCMP_ARCH_X32", st.arches);
	EXPECT_EQ(33, st.entries);
	EXPECT_GT(st.syscalls, 280);
	EXPECT_LT(st.syscalls, 360);
	/* i386-only names (socketcall, *32, *_time64) are not x86_64 calls */
	EXPECT_GT(st.unknown_names, 40);
	EXPECT_NE(NULL, strstr(st.unknown, "socketcall"));
	EXPECT_EQ(0, st.order_sensitive);
	EXPECT_EQ(0, st.redundant);
	sct_ruleset_free(rs);
}

TEST(podman_default_loads)
{
	struct sct_ruleset *rs;
	struct sct_profile_stats st;

	LOAD_REAL(PODMAN, NULL, rs, &st);
	EXPECT_EQ(ENOSYS_ACT, st.default_action);
	EXPECT_EQ(40, st.entries);
	EXPECT_GT(st.syscalls, 300);
	/* setns: unconditional ALLOW first, then the EPERM mirror (no
	 * CAP_SYS_ADMIN): libseccomp keeps the first unconditional rule */
	EXPECT_EQ(1, st.superseded);
	EXPECT_EQ(0, st.order_sensitive);
	sct_ruleset_free(rs);
}

/* ---- Docker: what is never allowed with the default capabilities ------- */

/*
 * REFERENCE.md "Container default profiles": 76 names never match an ALLOW
 * rule on x86_64 with Docker's default capabilities (computed against the
 * newest libseccomp). The installed libseccomp may not know the newest of
 * them; those cannot be in a filter built with it.
 */
static const char *const docker_never_allowed[] = {
	"_sysctl", "acct", "add_key", "afs_syscall", "bpf", "clock_settime", "clone3",
	"create_module", "delete_module", "fanotify_init", "file_getattr", "file_setattr",
	"finit_module", "fsconfig", "fsmount", "fsopen", "fspick", "get_kernel_syms",
	"get_mempolicy", "getpmsg", "init_module", "io_uring_enter", "io_uring_register",
	"io_uring_setup", "ioperm", "iopl", "kcmp", "kexec_file_load", "kexec_load", "keyctl",
	"listns", "lookup_dcookie", "lsm_get_self_attr", "lsm_list_modules",
	"lsm_set_self_attr", "mbind", "migrate_pages", "mount", "mount_setattr", "move_mount",
	"move_pages", "nfsservctl", "open_by_handle_at", "open_tree", "open_tree_attr",
	"perf_event_open", "pidfd_getfd", "pivot_root", "process_madvise", "putpmsg",
	"query_module", "quotactl", "quotactl_fd", "reboot", "request_key", "rseq_slice_yield",
	"security", "set_mempolicy", "set_mempolicy_home_node", "setdomainname", "sethostname",
	"setns", "settimeofday", "swapoff", "swapon", "sysfs", "syslog", "tuxcall", "umount2",
	"unshare", "uprobe", "uselib", "userfaultfd", "ustat", "vhangup", "vserver",
};

static bool rule_allows(const struct sct_syscall *s)
{
	for (size_t r = 0; s && r < s->nrules; r++)
		if (s->rules[r].action == ALLOW)
			return true;
	return false;
}

TEST(docker_never_allowed_set_is_exactly_the_reference_list)
{
	struct sct_ruleset *rs;
	size_t known = 0, denied = 0;

	ASSERT_EQ(76, NCAPS(docker_never_allowed));
	LOAD_REAL(DOCKER, NULL, rs, NULL);
	/* every x86_64 syscall the installed libseccomp knows */
	for (int nr = 0; nr < 1024; nr++) {
		char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64, nr);
		bool listed = false;

		if (!name)
			continue;
		for (size_t i = 0; i < NCAPS(docker_never_allowed); i++)
			listed |= !strcmp(name, docker_never_allowed[i]);
		known += listed;
		denied += !rule_allows(sct_ruleset_find(rs, (uint32_t)nr));
		EXPECT_EQ(listed, !rule_allows(sct_ruleset_find(rs, (uint32_t)nr))) {
			TH_LOG("%s (%d): %s", name, nr, listed ? "listed as never allowed, but has an ALLOW rule"
							       : "never allowed, but not in the reference list");
		}
		free(name);
	}
	EXPECT_EQ(known, denied);
	/* libseccomp 2.5.4 knows 67 of them (not file_[gs]etattr, listns, lsm_*,
	 * open_tree_attr, rseq_slice_yield, uprobe); newer versions know more */
	EXPECT_GE(known, 60);
	sct_ruleset_free(rs);
}

/*
 * One row per fact: profile, capability set, syscall and arguments, and the
 * action the compiled rule set must give (kernel 6.18, so the ptrace group's
 * minKernel 4.8 is met).
 */
enum capset { CAPS_DOCKER, CAPS_NONE, CAPS_SYS_ADMIN };

FIXTURE(action) { struct sct_ruleset *rs; };
FIXTURE_VARIANT(action) {
	enum which which;
	enum capset caps;
	const char *name;
	uint64_t a0, a1, a2;
	uint32_t want;
};
#define ROW(var, w, c, n, x0, x1, x2, act)				\
	FIXTURE_VARIANT_ADD(action, var) { .which = w, .caps = c, .name = n,	\
		.a0 = x0, .a1 = x1, .a2 = x2, .want = act }
/* Docker, default caps: a sample of the never-allowed set */
#define BLOCKED(n) ROW(docker_##n##_eperm, DOCKER, CAPS_DOCKER, #n, 0, 0, 0, EPERM_ACT)
BLOCKED(acct); BLOCKED(add_key); BLOCKED(bpf); BLOCKED(clock_settime);
BLOCKED(delete_module); BLOCKED(finit_module); BLOCKED(fsopen); BLOCKED(init_module);
BLOCKED(io_uring_setup); BLOCKED(iopl); BLOCKED(kexec_load); BLOCKED(keyctl);
BLOCKED(mount); BLOCKED(move_mount); BLOCKED(open_by_handle_at); BLOCKED(perf_event_open);
BLOCKED(pivot_root); BLOCKED(reboot); BLOCKED(setns); BLOCKED(swapon); BLOCKED(syslog);
BLOCKED(umount2); BLOCKED(unshare); BLOCKED(userfaultfd); BLOCKED(vhangup);
/* Docker, default caps: argument rules */
#define D(var, name, a0, a1, want) ROW(docker_##var, DOCKER, CAPS_DOCKER, name, a0, a1, 0, want)
D(clone_thread_flags_allowed, "clone", CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
  CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID,
  0, ALLOW);
D(clone_fork_allowed, "clone", SIGCHLD, 0, ALLOW);
D(clone_newns_eperm, "clone", CLONE_NEWNS, 0, EPERM_ACT);
D(clone_newuts_eperm, "clone", CLONE_NEWUTS, 0, EPERM_ACT);
D(clone_newipc_eperm, "clone", CLONE_NEWIPC, 0, EPERM_ACT);
D(clone_newuser_eperm, "clone", CLONE_NEWUSER, 0, EPERM_ACT);
D(clone_newpid_eperm, "clone", CLONE_NEWPID, 0, EPERM_ACT);
D(clone_newnet_eperm, "clone", CLONE_NEWNET, 0, EPERM_ACT);
D(clone_newcgroup_eperm, "clone", CLONE_NEWCGROUP, 0, EPERM_ACT);
/* CLONE_NEWTIME (0x80) is not in the mask 0x7E020000: allowed */
D(clone_newtime_not_in_mask, "clone", 0x80, 0, ALLOW);
/* the mask is 64-bit: high bits do not matter, the masked bits do */
D(clone_high_bits_allowed, "clone", 0x100000000ULL, 0, ALLOW);
D(clone3_enosys, "clone3", 0, 0, ENOSYS_ACT);
D(personality_linux, "personality", 0, 0, ALLOW);
D(personality_linux32, "personality", 8, 0, ALLOW);
D(personality_uname26, "personality", 0x20000, 0, ALLOW);
D(personality_uname26_linux32, "personality", 0x20008, 0, ALLOW);
D(personality_query, "personality", 0xffffffff, 0, ALLOW);
D(personality_read_implies_exec_eperm, "personality", 0x0400000, 0, EPERM_ACT);
D(personality_addr_no_randomize_eperm, "personality", 0x0040000, 0, EPERM_ACT);
/* 64-bit comparison: -1 as a 64-bit value is not 0xffffffff */
D(personality_minus_one_64bit_eperm, "personality", UINT64_MAX, 0, EPERM_ACT);
D(socket_unix_allowed, "socket", 1, 1, ALLOW);
D(socket_inet_allowed, "socket", 2, 1, ALLOW);
D(socket_37_allowed, "socket", 37, 0, ALLOW);
D(socket_alg_eperm, "socket", 38, 5, EPERM_ACT);
D(socket_39_allowed, "socket", 39, 0, ALLOW);
D(socket_vsock_eperm, "socket", 40, 1, EPERM_ACT);
D(socket_41_allowed, "socket", 41, 0, ALLOW);
D(read_allowed, "read", 0, 0, ALLOW);
D(ptrace_allowed_on_4_8_plus, "ptrace", 0, 0, ALLOW);
D(arch_prctl_amd64_only_rule, "arch_prctl", 0, 0, ALLOW);
D(chroot_with_sys_chroot, "chroot", 0, 0, ALLOW);
/* Docker with CAP_SYS_ADMIN: namespace and mount calls allowed outright */
#define A(var, name, a0) ROW(docker_sys_admin_##var, DOCKER, CAPS_SYS_ADMIN, name, a0, 0, 0, ALLOW)
A(clone_newns, "clone", CLONE_NEWNS);
A(clone_newuser, "clone", CLONE_NEWUSER);
A(clone3, "clone3", 0);
A(mount, "mount", 0);
A(umount2, "umount2", 0);
A(unshare, "unshare", 0);
A(setns, "setns", 0);
A(bpf, "bpf", 0);
A(sethostname, "sethostname", 0);
/* Podman, default caps unless the row says no_caps */
#define PD(var, name, a0, a1, a2, want) ROW(podman_##var, PODMAN, CAPS_DOCKER, name, a0, a1, a2, want)
#define PN(var, name, a0, a1, a2, want) ROW(podman_no_caps_##var, PODMAN, CAPS_NONE, name, a0, a1, a2, want)
/* the EPERM list keeps known-but-denied calls at EPERM */
PD(kexec_load_eperm, "kexec_load", 0, 0, 0, EPERM_ACT);
PD(kexec_file_load_eperm, "kexec_file_load", 0, 0, 0, EPERM_ACT);
PD(swapon_eperm, "swapon", 0, 0, 0, EPERM_ACT);
PD(swapoff_eperm, "swapoff", 0, 0, 0, EPERM_ACT);
PD(userfaultfd_eperm, "userfaultfd", 0, 0, 0, EPERM_ACT);
PD(vmsplice_eperm, "vmsplice", 0, 0, 0, EPERM_ACT);
PD(io_pgetevents_eperm, "io_pgetevents", 0, 0, 0, EPERM_ACT);
PD(init_module_mirror_eperm, "init_module", 0, 0, 0, EPERM_ACT);
PD(sethostname_mirror_eperm, "sethostname", 0, 0, 0, EPERM_ACT);
/* not listed anywhere: the default, ENOSYS */
PD(create_module_enosys, "create_module", 0, 0, 0, ENOSYS_ACT);
PD(afs_syscall_enosys, "afs_syscall", 0, 0, 0, ENOSYS_ACT);
/* allowed without conditions, unlike Docker */
PD(clone_newns_allowed, "clone", CLONE_NEWNS, 0, 0, ALLOW);
PD(clone3_allowed, "clone3", 0, 0, 0, ALLOW);
PD(unshare_allowed, "unshare", 0, 0, 0, ALLOW);
PD(setns_allowed, "setns", 0, 0, 0, ALLOW);
PD(mount_allowed, "mount", 0, 0, 0, ALLOW);
PD(socket_vsock_eperm, "socket", 40, 1, 0, EPERM_ACT);
PD(socket_alg_allowed, "socket", 38, 5, 0, ALLOW);
PD(socket_netlink_audit_allowed_with_audit_write, "socket", 16, 3, 9, ALLOW);
PN(socket_netlink_audit_einval, "socket", 16, 3, 9, SECCOMP_RET_ERRNO | EINVAL);
PN(socket_netlink_route_allowed, "socket", 16, 3, 0, ALLOW);
PN(socket_vsock_eperm, "socket", 40, 1, 0, EPERM_ACT);
PN(socket_inet_allowed, "socket", 2, 1, 0, ALLOW);
PN(chroot_mirror_eperm, "chroot", 0, 0, 0, EPERM_ACT);
PN(setns_first_unconditional_wins, "setns", 0, 0, 0, ALLOW);
FIXTURE_SETUP(action)
{
	struct sct_profile_opts o = { .kernel = "6.18" };

	if (variant->caps == CAPS_NONE)
		o.caps = caps_all;	/* ncaps 0: none */
	if (variant->caps == CAPS_SYS_ADMIN) {
		o.caps = caps_plus_sys_admin;
		o.ncaps = NCAPS(caps_plus_sys_admin);
	}
	LOAD_REAL(variant->which, &o, self->rs, NULL);
}
FIXTURE_TEARDOWN(action) { sct_ruleset_free(self->rs); }

TEST_F(action, compiled)
{
	ASSERT_ACTION(variant->want, sct_profile_eval_name(self->rs, variant->name,
							   variant->a0, variant->a1, variant->a2));
}

TEST(docker_personality_has_exactly_five_rules)
{
	struct sct_ruleset *rs;
	const struct sct_syscall *s;

	LOAD_REAL(DOCKER, NULL, rs, NULL);
	s = sct_ruleset_find(rs, NR("personality"));
	ASSERT_NE(NULL, s);
	EXPECT_EQ(5, s->nrules);
	for (size_t r = 0; r < s->nrules; r++) {
		EXPECT_EQ(1, s->rules[r].nconds);
		EXPECT_EQ(SCT_CMP_EQ, s->rules[r].conds[0].op);
		EXPECT_EQ(ALLOW, s->rules[r].action);
	}
	s = sct_ruleset_find(rs, NR("clone"));
	ASSERT_NE(NULL, s);
	ASSERT_EQ(1, s->nrules);
	EXPECT_EQ(SCT_CMP_MASKED_EQ, s->rules[0].conds[0].op);
	EXPECT_EQ(0x7E020000ULL, s->rules[0].conds[0].mask);
	EXPECT_EQ(0, s->rules[0].conds[0].value);
	sct_ruleset_free(rs);
}

/* includes.minKernel "4.8" on the ptrace group (moby 1124543ca8). */
FIXTURE(docker_kernel) {};
FIXTURE_VARIANT(docker_kernel) {
	const char *kernel;
	bool ptrace_cap;
	uint32_t want;
};
FIXTURE_VARIANT_ADD(docker_kernel, k4_7_drops_ptrace) { .kernel = "4.7", .want = EPERM_ACT };
FIXTURE_VARIANT_ADD(docker_kernel, k4_8_allows_ptrace) { .kernel = "4.8", .want = ALLOW };
FIXTURE_VARIANT_ADD(docker_kernel, k4_19_allows_ptrace) {
	.kernel = "4.19.0-27-amd64", .want = ALLOW };
FIXTURE_VARIANT_ADD(docker_kernel, k3_10_drops_ptrace) { .kernel = "3.10", .want = EPERM_ACT };
FIXTURE_VARIANT_ADD(docker_kernel, k4_7_with_cap_sys_ptrace_allows) {
	.kernel = "4.7", .ptrace_cap = true, .want = ALLOW };
FIXTURE_SETUP(docker_kernel) {}
FIXTURE_TEARDOWN(docker_kernel) {}

TEST_F(docker_kernel, ptrace)
{
	struct sct_profile_opts o = { .kernel = variant->kernel };
	struct sct_ruleset *rs;

	if (variant->ptrace_cap) {
		o.caps = caps_sys_ptrace;
		o.ncaps = NCAPS(caps_sys_ptrace);
	}
	LOAD_REAL(DOCKER, &o, rs, NULL);
	{
		ASSERT_ACTION(variant->want, sct_profile_eval_name(rs, "ptrace", 0, 0, 0));
		ASSERT_ACTION(variant->want, sct_profile_eval_name(rs, "process_vm_readv", 0, 0, 0));
		ASSERT_ACTION(variant->want, sct_profile_eval_name(rs, "process_vm_writev", 0, 0, 0));
	}
	sct_ruleset_free(rs);
}

/* ---- Podman ------------------------------------------------------------- */

TEST(podman_unlisted_numbers_get_enosys)
{
	struct sct_ruleset *rs;
	struct seccomp_data sd = { .nr = 1000, .arch = AUDIT_ARCH_X86_64 };

	LOAD_REAL(PODMAN, NULL, rs, NULL);
	ASSERT_ACTION(ENOSYS_ACT, sct_ruleset_eval(rs, &sd));
	sd.arch = AUDIT_ARCH_I386;	/* sub-arches are not modelled: bad arch */
	ASSERT_ACTION(SECCOMP_RET_KILL_THREAD, sct_ruleset_eval(rs, &sd));
	sct_ruleset_free(rs);
}

/* ---- resolution rules on small profiles ---------------------------------- */

FIXTURE(resolve) {};
FIXTURE_VARIANT(resolve) {
	const char *json;
	const char *name;
	uint64_t a0;
	uint32_t want;
};
#define P(body) "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[" body "]}"
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

/* One of each thing the compiler drops, splits, supersedes or flags. */
static const char mixed_json[] =
		P("{\"names\":[\"read\",\"no_such_call\",\"socketcall\"],\"action\":\"SCMP_ACT_ALLOW\"},"
		  "{\"names\":[\"write\"],\"action\":\"SCMP_ACT_ERRNO\"},"
		  "{\"names\":[\"no_such_call\"],\"action\":\"SCMP_ACT_LOG\"},"
		  "{\"names\":[\"close\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":["
		  "{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"},"
		  "{\"index\":0,\"value\":2,\"op\":\"SCMP_CMP_EQ\"}]},"
		  "{\"names\":[\"close\"],\"action\":\"SCMP_ACT_ALLOW\"},"
		  "{\"names\":[\"open\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":["
		  "{\"index\":0,\"value\":10,\"op\":\"SCMP_CMP_GT\"}]},"
		  "{\"names\":[\"open\"],\"action\":\"SCMP_ACT_TRAP\",\"args\":["
		  "{\"index\":1,\"value\":20,\"op\":\"SCMP_CMP_EQ\"}]},"
		  "{\"names\":[\"openat\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":["
		  "{\"index\":0,\"value\":10,\"op\":\"SCMP_CMP_GT\"}]},"
		  "{\"names\":[\"openat\"],\"action\":\"SCMP_ACT_TRAP\",\"args\":["
		  "{\"index\":0,\"value\":5,\"op\":\"SCMP_CMP_LT\"}]}");

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

/* ---- the model against libseccomp ----------------------------------------- */

/* The filter runc would load: the rule set's rules handed to libseccomp in
 * order (lib/layout.h's libseccomp layouts), at optimisation level 1 or 2.
 * Returns the instruction count or a negative errno; free(*insns). */
static long libseccomp_program(const struct sct_ruleset *rs, int level, struct sock_filter **insns)
{
	struct sock_fprog prog = { 0 };
	int r = sct_layout_build(level == 1 ? SCT_LAYOUT_LIBSECCOMP_1 : SCT_LAYOUT_LIBSECCOMP_2,
				 rs, &prog, NULL, 0);

	*insns = prog.filter;
	return r ? r : prog.len;
}

/* Boundary values of every condition on argument `arg` of s. */
static size_t interesting(const struct sct_syscall *s, unsigned int arg, uint64_t *v, size_t max)
{
	size_t n = 0;

	v[n++] = 0;
	v[n++] = 0xffffffffULL;
	v[n++] = 0x100000000ULL;
	v[n++] = UINT64_MAX;
	for (size_t r = 0; r < s->nrules; r++)
		for (unsigned int c = 0; c < s->rules[r].nconds; c++) {
			const struct sct_cond *cd = &s->rules[r].conds[c];

			if (cd->arg != arg || n + 6 > max)
				continue;
			v[n++] = cd->value - 1;
			v[n++] = cd->value;
			v[n++] = cd->value + 1;
			v[n++] = cd->value | 0x100000000ULL;
			v[n++] = cd->value | ~cd->mask;
			v[n++] = cd->value | (cd->mask & (cd->mask - 1));
		}
	return n;
}

/* Compare model and libseccomp on the product of boundary values of the
 * arguments s's rules look at. Returns the number of disagreements. */
static int compare_syscall(struct __test_metadata *_metadata, const struct sct_ruleset *rs,
			   const struct sct_sim *sim, const struct sct_syscall *s)
{
	uint64_t vals[6][64];
	size_t nv[6] = { 1, 1, 1, 1, 1, 1 }, idx[6] = { 0 };
	int bad = 0;

	for (unsigned int a = 0; a < 6; a++) {
		bool used = false;

		for (size_t r = 0; r < s->nrules; r++)
			for (unsigned int c = 0; c < s->rules[r].nconds; c++)
				used |= s->rules[r].conds[c].arg == a;
		vals[a][0] = 0;
		if (used)
			nv[a] = interesting(s, a, vals[a], 64);
	}
	for (;;) {
		struct seccomp_data sd = { .nr = (int)s->nr, .arch = rs->audit_arch };
		uint32_t model, lib;
		int a;

		for (a = 0; a < 6; a++)
			sd.args[a] = vals[a][idx[a]];
		model = sct_ruleset_eval(rs, &sd);
		lib = sct_sim_eval(sim, sd.arch, s->nr, (const uint64_t *)sd.args, NULL);
		if (model != lib && bad++ < 3)
			TH_LOG("%s(%#llx, %#llx, %#llx): model %#x, libseccomp %#x", s->name,
			       (unsigned long long)sd.args[0], (unsigned long long)sd.args[1],
			       (unsigned long long)sd.args[2], model, lib);
		for (a = 0; a < 6 && ++idx[a] == nv[a]; a++)
			idx[a] = 0;
		if (a == 6)
			return bad;
	}
}

FIXTURE(vs_libseccomp) {};
FIXTURE_VARIANT(vs_libseccomp) {
	enum which which;
	const char *const *caps;
	size_t ncaps;
	int level;		/* SCMP_FLTATR_CTL_OPTIMIZE; runc uses 2 */
};
#define VS(name, w, c, n)							\
	FIXTURE_VARIANT_ADD(vs_libseccomp, name##_opt1) { .which = w, .caps = c, .ncaps = n, .level = 1 }; \
	FIXTURE_VARIANT_ADD(vs_libseccomp, name##_opt2) { .which = w, .caps = c, .ncaps = n, .level = 2 }
VS(docker_default_caps, DOCKER, NULL, 0);
VS(docker_no_caps, DOCKER, caps_all, 0);
VS(docker_all_caps, DOCKER, caps_all, NCAPS(caps_all));
VS(podman_default_caps, PODMAN, NULL, 0);
VS(podman_no_caps, PODMAN, caps_all, 0);
VS(podman_all_caps, PODMAN, caps_all, NCAPS(caps_all));
FIXTURE_SETUP(vs_libseccomp) {}
FIXTURE_TEARDOWN(vs_libseccomp) {}

/*
 * The claim in profile.h: on the real profiles, "first matching rule wins"
 * gives what libseccomp's filter gives, for every syscall number and every
 * boundary value of the arguments the rules inspect.
 */
TEST_F(vs_libseccomp, first_match_agrees_on_every_boundary)
{
	struct sct_profile_opts o = { .caps = variant->caps, .ncaps = variant->ncaps };
	struct sct_ruleset *rs;
	struct sock_filter *insns = NULL;
	struct sct_sim sim;
	char why[256];
	long len;
	int bad = 0;

	LOAD_REAL(variant->which, &o, rs, NULL);
	len = libseccomp_program(rs, variant->level, &insns);
	ASSERT_GT(len, 0);
	ASSERT_EQ(0, sct_sim_load(&sim, insns, (size_t)len, why, sizeof(why))) {
		TH_LOG("%s", why);
	}
	for (size_t i = 0; i < rs->n; i++)
		bad += compare_syscall(_metadata, rs, &sim, &rs->sys[i]);
	/* numbers without rules, x32 numbers, -1, and a foreign arch */
	for (uint32_t nr = 0; nr < 1024; nr++) {
		static const uint64_t zero[6];
		const uint32_t probes[] = { nr, 0x40000000U | nr };

		for (int k = 0; k < 2; k++) {
			struct seccomp_data sd = { .nr = (int)probes[k], .arch = rs->audit_arch };

			if (!k && sct_ruleset_find(rs, nr))
				continue;
			bad += sct_ruleset_eval(rs, &sd) != sct_sim_eval(&sim, sd.arch, probes[k], zero, NULL);
		}
	}
	{
		static const uint64_t zero[6];
		struct seccomp_data sd = { .nr = -1, .arch = rs->audit_arch };

		bad += sct_ruleset_eval(rs, &sd) != sct_sim_eval(&sim, sd.arch, 0xffffffffU, zero, NULL);
		sd.nr = 39;
		sd.arch = AUDIT_ARCH_AARCH64;
		bad += sct_ruleset_eval(rs, &sd) != sct_sim_eval(&sim, sd.arch, 39, zero, NULL);
	}
	EXPECT_EQ(0, bad);
	free(insns);
	sct_ruleset_free(rs);
}

/*
 * The comparison above can fail: on rules stats.order_sensitive flags,
 * libseccomp's tree tests a1 == 20 before a0 > 10, so open(11, 20) is
 * TRAP there and ALLOW under first-match; openat's disjoint rules agree.
 */
TEST(libseccomp_differs_only_where_flagged_order_sensitive)
{
	struct sct_ruleset *rs;
	struct sock_filter *insns = NULL;
	struct sct_sim sim;
	char err[512];
	long len;

	ASSERT_EQ(0, load_text(mixed_json, strlen(mixed_json), NULL, &rs, NULL, err, sizeof(err))) {
		TH_LOG("%s", err);
	}
	len = libseccomp_program(rs, 1, &insns);
	ASSERT_GT(len, 0);
	ASSERT_EQ(0, sct_sim_load(&sim, insns, (size_t)len, err, sizeof(err)));
	EXPECT_GT(compare_syscall(_metadata, rs, &sim, sct_ruleset_find(rs, NR("open"))), 0);
	EXPECT_EQ(0, compare_syscall(_metadata, rs, &sim, sct_ruleset_find(rs, NR("openat"))));
	EXPECT_EQ(0, compare_syscall(_metadata, rs, &sim, sct_ruleset_find(rs, NR("close"))));
	free(insns);
	sct_ruleset_free(rs);
}

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

SCT_SUITE_MAIN("Self-tests of the profile compiler (lib/profile.c): the Docker and Podman "
	       "defaults, moby/runc/libseccomp resolution rules, errors with JSON paths, and "
	       "the model against libseccomp's filter.")
