// SPDX-License-Identifier: GPL-2.0-only
/*
 * profile_test - self-tests of the profile compiler (lib/profile.h) on the
 * real Docker and Podman profiles: they load and mean what their authors
 * wrote (checked with sct_ruleset_eval on crafted seccomp_data), for each
 * capability set and kernel version. Resolution rules on small profiles are
 * profile_resolve_test, the agreement with libseccomp profile_libseccomp_test.
 */
#include "profile_fixture.h"

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

SCT_SUITE_MAIN("Self-tests of the profile compiler on the shipped profiles (lib/profile.h).")
