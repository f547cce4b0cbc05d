// SPDX-License-Identifier: GPL-2.0-only
/*
 * layouts_test - the layouts of lib/layout.h, live: each is installed in a
 * fresh child for a rule set (the Docker default profile when present, and
 * a small rule set with argument checks), a sample of syscalls is made
 * through raw syscall(2), and what the kernel decided must be what the
 * simulator (lib/sim.h) decides on the same program and input.
 *
 * Safety: every action of the rule set except ALLOW is rewritten to an
 * ERRNO of its own (3000 + n) before the layouts are built, so no verdict
 * kills, traps or notifies and each verdict is visible as an errno. Every
 * probe is harmless even when ALLOWed: getters, calls on fd -1, NULL
 * pointers that fail with EFAULT, invalid flag combinations that fail with
 * EINVAL, numbers that are no syscall. Nothing with valid arguments that
 * could change the system is ever made.
 */
#include <sys/utsname.h>
#include <sys/mman.h>
#include <sched.h>

#include "suite.h"
#include "layout.h"
#include "mix.h"
#include "profile.h"
#include "ruleset.h"
#include "sim.h"

#define MARK_BASE 3000		/* rewritten actions: ERRNO(3000 + n) */
#define MAX_MARKS 64

/* What a probe passes; UTS means "a struct utsname in the child". */
#define UTS (-4242L)

struct probe {
	const char *what;	/* why it is harmless when allowed */
	enum sct_abi abi;
	long nr;
	long args[6];
};

static const struct probe probes[] = {
	{ "getpid", SCT_ABI_NATIVE, __NR_getpid, { 0 } },
	{ "getppid", SCT_ABI_NATIVE, __NR_getppid, { 0 } },
	{ "getuid", SCT_ABI_NATIVE, __NR_getuid, { 0 } },
	{ "getgid", SCT_ABI_NATIVE, __NR_getgid, { 0 } },
	{ "geteuid", SCT_ABI_NATIVE, __NR_geteuid, { 0 } },
	{ "gettid", SCT_ABI_NATIVE, __NR_gettid, { 0 } },
	{ "getsid(0)", SCT_ABI_NATIVE, __NR_getsid, { 0 } },
	{ "sched_yield", SCT_ABI_NATIVE, __NR_sched_yield, { 0 } },
	{ "uname into a buffer", SCT_ABI_NATIVE, __NR_uname, { UTS } },
	{ "read fd -1", SCT_ABI_NATIVE, __NR_read, { -1, 0, 0 } },
	{ "read fd -2, 200 bytes", SCT_ABI_NATIVE, __NR_read, { -2, 0, 200 } },
	{ "write fd -1", SCT_ABI_NATIVE, __NR_write, { -1, 0, 0 } },
	{ "close fd -1", SCT_ABI_NATIVE, __NR_close, { -1 } },
	{ "fstat fd -1", SCT_ABI_NATIVE, __NR_fstat, { -1, 0 } },
	{ "lseek fd -1", SCT_ABI_NATIVE, __NR_lseek, { -1, 0, 0 } },
	{ "dup fd -1", SCT_ABI_NATIVE, __NR_dup, { -1 } },
	{ "personality query", SCT_ABI_NATIVE, __NR_personality, { 0xffffffffL } },
	{ "socket(-1): EAFNOSUPPORT", SCT_ABI_NATIVE, __NR_socket, { -1, 0, 0 } },
	{ "socket(AF_VSOCK, bad type): EINVAL", SCT_ABI_NATIVE, __NR_socket, { 40, -1, 0 } },
	{ "clone NEWNS|FS: EINVAL", SCT_ABI_NATIVE, __NR_clone, { CLONE_NEWNS | CLONE_FS, 0, 0, 0, 0 } },
	{ "clone3 size 0: EINVAL", SCT_ABI_NATIVE, __NR_clone3, { 0, 0 } },
	{ "reboot bad magic: EINVAL", SCT_ABI_NATIVE, __NR_reboot, { 0, 0, 0, 0 } },
	{ "mount NULL: EFAULT", SCT_ABI_NATIVE, __NR_mount, { 0, 0, 0, 0, 0 } },
	{ "umount2 NULL: EFAULT", SCT_ABI_NATIVE, __NR_umount2, { 0, 0 } },
	{ "swapoff NULL: EFAULT", SCT_ABI_NATIVE, __NR_swapoff, { 0 } },
	{ "pivot_root NULL: EFAULT", SCT_ABI_NATIVE, __NR_pivot_root, { 0, 0 } },
	{ "setns fd -1: EBADF", SCT_ABI_NATIVE, __NR_setns, { -1, 0 } },
	{ "delete_module NULL: EFAULT", SCT_ABI_NATIVE, __NR_delete_module, { 0, 0 } },
	{ "bpf cmd -1: EINVAL", SCT_ABI_NATIVE, __NR_bpf, { -1, 0, 0 } },
	{ "perf_event_open NULL: EFAULT", SCT_ABI_NATIVE, __NR_perf_event_open, { 0, 0, -1, -1, 0 } },
	{ "keyctl op -1: EOPNOTSUPP", SCT_ABI_NATIVE, __NR_keyctl, { -1, 0, 0, 0, 0 } },
	{ "add_key NULL: EFAULT", SCT_ABI_NATIVE, __NR_add_key, { 0, 0, 0, 0, 0 } },
	{ "clock_settime clock -1: EINVAL", SCT_ABI_NATIVE, __NR_clock_settime, { -1, 0 } },
	{ "syslog type -1: EINVAL", SCT_ABI_NATIVE, __NR_syslog, { -1, 0, 0 } },
	{ "userfaultfd bad flags: EINVAL", SCT_ABI_NATIVE, __NR_userfaultfd, { -1 } },
	{ "ioprio_get bad which: EINVAL", SCT_ABI_NATIVE, __NR_ioprio_get, { -1, 0 } },
	{ "kcmp pid -1: ESRCH", SCT_ABI_NATIVE, __NR_kcmp, { -1, -1, 0, 0, 0 } },
	{ "ptrace bad request on pid 0: ESRCH/EIO", SCT_ABI_NATIVE, __NR_ptrace, { -1, 0, 0, 0 } },
	{ "open_by_handle_at fd -1", SCT_ABI_NATIVE, __NR_open_by_handle_at, { -1, 0, 0 } },
	{ "getpgid(0xffffffff): ESRCH", SCT_ABI_NATIVE, __NR_getpgid, { 0xffffffffL } },
	{ "getpgid(0x100000001): ESRCH", SCT_ABI_NATIVE, __NR_getpgid, { 0x100000001L } },
	{ "nr 1000: no such syscall", SCT_ABI_NATIVE, 1000, { 0 } },
	{ "nr -1: no such syscall", SCT_ABI_NATIVE, -1, { 0 } },
	{ "x32 getpid: bad arch", SCT_ABI_X32, __NR_getpid, { 0 } },
	{ "i386 getpid (20): bad arch", SCT_ABI_COMPAT, 20, { 0 } },
};
#define NPROBES (sizeof(probes) / sizeof(probes[0]))

/* ---- the rule sets ------------------------------------------------------- */

struct marks {
	uint32_t action[MAX_MARKS];	/* original action of mark n */
	size_t n;
};

static uint32_t mark(struct marks *m, uint32_t action)
{
	if (action == SECCOMP_RET_ALLOW)
		return action;
	for (size_t i = 0; i < m->n; i++)
		if (m->action[i] == action)
			return SECCOMP_RET_ERRNO | (uint32_t)(MARK_BASE + i);
	if (m->n == MAX_MARKS)
		return SECCOMP_RET_ERRNO | (MARK_BASE + MAX_MARKS);
	m->action[m->n] = action;
	return SECCOMP_RET_ERRNO | (uint32_t)(MARK_BASE + m->n++);
}

/* A copy of rs with every non-ALLOW action rewritten to ERRNO(3000 + n). */
static struct sct_ruleset *rewrite(const struct sct_ruleset *rs, struct marks *m)
{
	struct sct_ruleset *out;

	memset(m, 0, sizeof(*m));
	out = sct_ruleset_new(mark(m, rs->default_action), mark(m, rs->bad_arch_action));
	if (!out)
		return NULL;
	for (size_t i = 0; i < rs->n; i++)
		for (size_t r = 0; r < rs->sys[i].nrules; r++) {
			struct sct_rule rule = rs->sys[i].rules[r];

			rule.action = mark(m, rule.action);
			if (sct_ruleset_add(out, rs->sys[i].nr, rs->sys[i].name, &rule)) {
				sct_ruleset_free(out);
				return NULL;
			}
		}
	return out;
}

/* Small, with argument checks the probes above reach on both sides. */
static struct sct_ruleset *small_ruleset(void)
{
	struct sct_ruleset *rs = sct_ruleset_new(SECCOMP_RET_ERRNO | EPERM, SECCOMP_RET_KILL_PROCESS);
	static const long allowed[] = {
		__NR_exit, __NR_exit_group, __NR_getpid, __NR_getppid, __NR_gettid,
		__NR_uname, __NR_close, __NR_sched_yield, __NR_write,
	};
	struct sct_rule read_m1 = { 1, { { 0, SCT_CMP_EQ, (uint64_t)-1, 0 } }, SECCOMP_RET_ERRNO | EBADF };
	struct sct_rule read_big = { 1, { { 2, SCT_CMP_GT, 100, 0 } }, SECCOMP_RET_ALLOW };
	struct sct_rule sock_vsock = { 1, { { 0, SCT_CMP_EQ, 40, 0 } }, SECCOMP_RET_TRAP };
	struct sct_rule sock_other = { 1, { { 0, SCT_CMP_NE, 40, 0 } }, SECCOMP_RET_ALLOW };
	struct sct_rule pgid_lt = { 1, { { 0, SCT_CMP_LT, 0xffffffffULL, 0 } }, SECCOMP_RET_ERRNO | 11 };
	struct sct_rule pgid_ge = { 1, { { 0, SCT_CMP_GE, 0x100000001ULL, 0 } }, SECCOMP_RET_ERRNO | 12 };
	struct sct_rule clone_ns = { 1, { { 0, SCT_CMP_MASKED_EQ, 0, 0x7e020000 } }, SECCOMP_RET_ALLOW };

	if (!rs)
		return NULL;
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		sct_ruleset_add_action(rs, (uint32_t)allowed[i], NULL, SECCOMP_RET_ALLOW);
	sct_ruleset_add_action(rs, __NR_getuid, NULL, SECCOMP_RET_LOG);
	sct_ruleset_add_action(rs, __NR_reboot, NULL, SECCOMP_RET_KILL_PROCESS);
	sct_ruleset_add_action(rs, __NR_clone3, NULL, SECCOMP_RET_ERRNO | ENOSYS);
	sct_ruleset_add(rs, __NR_read, NULL, &read_m1);
	sct_ruleset_add(rs, __NR_read, NULL, &read_big);
	sct_ruleset_add(rs, __NR_socket, NULL, &sock_vsock);
	sct_ruleset_add(rs, __NR_socket, NULL, &sock_other);
	sct_ruleset_add(rs, __NR_clone, NULL, &clone_ns);
	/* libseccomp 2.5.4 miscompiles two range rules on one argument: it
	 * returns the second rule's action for a0 = 0xffffffff (see
	 * tests/layout_test.c); the live run shows the kernel agrees */
	sct_ruleset_add(rs, __NR_getpgid, NULL, &pgid_lt);
	sct_ruleset_add(rs, __NR_getpgid, NULL, &pgid_ge);
	sct_ruleset_set_weight(rs, __NR_read, 100);
	sct_ruleset_set_weight(rs, __NR_getpid, 50);
	return rs;
}

enum which { RS_DOCKER, RS_SMALL };

static struct sct_ruleset *original(enum which w, char *err, size_t errlen)
{
	struct sct_ruleset *rs = NULL;
	struct sct_mix *mix;
	char path[512];

	if (w == RS_SMALL)
		return small_ruleset();
	if (SCT_PROFILE_FIND("docker-default.json", path)) {
		snprintf(err, errlen, "profiles/docker-default.json not found");
		return NULL;
	}
	if (sct_profile_load(path, NULL, &rs, NULL, err, errlen))
		return NULL;
	/* weights for the weighted layouts: the committed mix, else built-in */
	if (!SCT_TREE_FIND(SCT_MIX_BUILD_LIB, path) && !sct_mix_load(path, &mix, err, errlen)) {
		sct_mix_weigh(rs, mix, NULL);
		sct_mix_free(mix);
	} else {
		sct_mix_synthetic(rs);
	}
	return rs;
}

/* ---- the child ----------------------------------------------------------- */

struct seen {
	long ret[NPROBES];
	int err[NPROBES];
	bool made[NPROBES];
};

struct run {
	struct sock_fprog prog;
	struct seen *seen;	/* shared with the parent */
	bool compat;		/* compat entry works here */
};

static int run_probes(struct sct_report *rep, void *arg)
{
	struct run *run = arg;
	struct utsname uts;

	if (sct_set_nnp())
		return sct_report_broken(rep, "PR_SET_NO_NEW_PRIVS");
	if (sct_install(&run->prog, 0))
		return sct_report_broken(rep, "installing the layout");
	for (size_t i = 0; i < NPROBES; i++) {
		long a[6];

		if (probes[i].abi == SCT_ABI_COMPAT && !run->compat)
			continue;
		for (int k = 0; k < 6; k++)
			a[k] = probes[i].args[k] == UTS ? (long)&uts : probes[i].args[k];
		errno = 0;
		run->seen->ret[i] = sct_abi_syscall(probes[i].abi, probes[i].nr, a);
		run->seen->err[i] = errno;
		run->seen->made[i] = true;
	}
	return 0;
}

/* The seccomp_data the kernel builds for probe i. */
static struct seccomp_data probe_data(const struct sct_ruleset *rs, size_t i)
{
	const struct probe *p = &probes[i];
	struct seccomp_data sd = { .nr = (int)p->nr, .arch = rs->audit_arch };

	if (p->abi == SCT_ABI_COMPAT)
		sd.arch = sct_arch_native()->compat_audit_arch;
	if (p->abi == SCT_ABI_X32)
		sd.nr = (int)((uint32_t)p->nr | sct_arch_native()->x32_bit);
	for (int k = 0; k < 6; k++)
		sd.args[k] = p->abi == SCT_ABI_COMPAT ? (uint32_t)p->args[k] : (uint64_t)p->args[k];
	return sd;
}

static bool is_libseccomp(enum sct_layout l)
{
	return l == SCT_LAYOUT_LIBSECCOMP_1 || l == SCT_LAYOUT_LIBSECCOMP_2;
}

/* ---- the test ------------------------------------------------------------ */

FIXTURE(live) {};
FIXTURE_VARIANT(live) { enum which rs; enum sct_layout layout; };
FIXTURE_SETUP(live) {}
FIXTURE_TEARDOWN(live) {}

#define LIVE(rsname, rsval, lname, lval) \
	FIXTURE_VARIANT_ADD(live, rsname##_##lname) { .rs = rsval, .layout = lval }
#define LIVE_ALL(rsname, rsval)						\
	LIVE(rsname, rsval, linear, SCT_LAYOUT_LINEAR);			\
	LIVE(rsname, rsval, linear_weight, SCT_LAYOUT_LINEAR_WEIGHT);	\
	LIVE(rsname, rsval, libseccomp_1, SCT_LAYOUT_LIBSECCOMP_1);	\
	LIVE(rsname, rsval, libseccomp_2, SCT_LAYOUT_LIBSECCOMP_2);	\
	LIVE(rsname, rsval, bst, SCT_LAYOUT_BST);			\
	LIVE(rsname, rsval, range_tree, SCT_LAYOUT_RANGE_TREE);		\
	LIVE(rsname, rsval, hybrid, SCT_LAYOUT_HYBRID);			\
	LIVE(rsname, rsval, weighted_optimal, SCT_LAYOUT_OPTIMAL)
LIVE_ALL(docker, RS_DOCKER);
LIVE_ALL(small, RS_SMALL);

TEST_F(live, kernel_agrees_with_simulator)
{
	char err[256] = "", why[256] = "", buf[256];
	struct sct_ruleset *orig = original(variant->rs, err, sizeof(err)), *rs;
	struct run run = { .compat = sct_have(SCT_F_COMPAT_ENTRY) };
	struct sct_outcome out;
	struct sct_sim sim;
	struct marks m;
	size_t checked = 0, denied = 0;

	if (!orig && variant->rs == RS_DOCKER)
		SKIP(return, "%s", err);
	ASSERT_NE(NULL, orig);
	rs = rewrite(orig, &m);
	ASSERT_NE(NULL, rs);
	ASSERT_EQ(0, sct_layout_build(variant->layout, rs, &run.prog, why, sizeof(why)))
		TH_LOG("%s", why);
	ASSERT_EQ(0, sct_sim_load(&sim, run.prog.filter, run.prog.len, why, sizeof(why)))
		TH_LOG("%s", why);
	run.seen = mmap(NULL, sizeof(*run.seen), PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, run.seen);
	memset(run.seen, 0, sizeof(*run.seen));
	ASSERT_EQ(0, sct_run_child(run_probes, &run, 5000, &out));
	ASSERT_EXITED(out, 0);
	for (size_t i = 0; i < NPROBES; i++) {
		struct seccomp_data sd = probe_data(rs, i);
		struct sct_sim_result res;
		bool verdict_seen;

		if (!run.seen->made[i])
			continue;
		ASSERT_EQ(0, sct_sim_run(&sim, &sd, &res, NULL));
		ASSERT_TRUE(res.action == SECCOMP_RET_ALLOW ||
			    (res.action & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO)
			TH_LOG("rewritten program returned 0x%x", res.action);
		if (res.action != sct_ruleset_eval(rs, &sd)) {
			/* only libseccomp's known miscompile may differ */
			EXPECT_TRUE(is_libseccomp(variant->layout) && probes[i].nr == __NR_getpgid)
				TH_LOG("%s: program 0x%x, rule set 0x%x", probes[i].what,
				       res.action, sct_ruleset_eval(rs, &sd));
			printf("# %s: %s: program ERRNO(%u) (kernel and simulator), rule set "
			       "ERRNO(%u): libseccomp miscompile, confirmed live\n",
			       sct_layout_name(variant->layout), probes[i].what,
			       res.action & SECCOMP_RET_DATA,
			       sct_ruleset_eval(rs, &sd) & SECCOMP_RET_DATA);
		}
		verdict_seen = run.seen->ret[i] == -1 && run.seen->err[i] >= MARK_BASE &&
			       run.seen->err[i] < MARK_BASE + MAX_MARKS + 1;
		if (res.action == SECCOMP_RET_ALLOW) {
			EXPECT_FALSE(verdict_seen) {
				TH_LOG("%s: simulator ALLOW, kernel errno %d (%s)", probes[i].what,
				       run.seen->err[i], sct_profile_action_str(
					       m.action[run.seen->err[i] - MARK_BASE], buf, sizeof(buf)));
			}
		} else {
			EXPECT_EQ((long)(res.action & SECCOMP_RET_DATA), run.seen->err[i]) {
				TH_LOG("%s: simulator ERRNO(%u), kernel ret %ld errno %d",
				       probes[i].what, res.action & SECCOMP_RET_DATA,
				       run.seen->ret[i], run.seen->err[i]);
			}
			EXPECT_EQ(-1, run.seen->ret[i]);
			denied++;
		}
		checked++;
	}
	printf("# %s, %s: %zu probes, %zu denied, kernel == simulator\n",
	       variant->rs == RS_DOCKER ? "docker" : "small",
	       sct_layout_name(variant->layout), checked, denied);
	munmap(run.seen, sizeof(*run.seen));
	free(run.prog.filter);
	sct_ruleset_free(rs);
	sct_ruleset_free(orig);
}

SCT_SUITE_MAIN("Every layout of lib/layout.h installed live: the kernel's verdicts on a "
	       "sample of harmless syscalls equal the simulator's on the same program.")
